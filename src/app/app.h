/*
 * app.h — the composition root: the one layer that knows every page.
 *
 * app/ sits between main.c and the handlers.  It holds the route table
 * (router.c, built from the handlers/routes_*.h lists), dispatch (method,
 * path, content type and body checks, the database retry loop) and the
 * lifetime of the worker state struct sg_app (defined in handlers/handlers.h,
 * where the handlers read it).  The FastCGI edge (http/fcgi.c) calls it only
 * through the sg_dispatch_fn it is given: sg_app_dispatch.
 *
 * Dependencies: app/ includes handlers/, db/ (db_ensure), http/ and util/;
 * nothing but main.c includes app/.
 */
#ifndef SG_APP_APP_H
#define SG_APP_APP_H

#include <stddef.h>

#include "handlers/handlers.h"
#include "http/http.h"

/*
 * Route and answer one request (router.c): picks the handler by method and
 * path, checks content type and body size, runs the handler, retries it a
 * bounded number of times after a deadlock, and fills resp.  Never fails:
 * whatever happens, resp holds an answer.  Returns the index of the route
 * in the table (sg_route_describe), or -1 when no route matched.
 */
int	sg_dispatch(struct sg_app *, struct sg_req *, struct sg_resp *);

/* The route table, for the metrics' labels: its size, and entry i. */
size_t	sg_route_count(void);
void	sg_route_describe(size_t i, const char **method, const char **pattern);

/*
 * Group commit of orders (router.c): the indices in reqs[0..n) of the
 * order posts (POST /api/v1/orders with a JSON body it takes) that carry
 * the same Authorization as the first of them, at most order_batch, into
 * idx; how many (0 when order_batch is under 2).
 */
size_t	sg_batch_orders(const struct sg_app *, struct sg_req **reqs, size_t n,
	    size_t *idx);
/*
 * Answer the order posts reqs[0..n) found by sg_batch_orders() as one
 * transaction (h_api_order_post_batch); redo[i] is set for each that must
 * go through sg_dispatch() on its own.  After a COMMIT of unknown outcome
 * every order of it answers 503, as one would.  Returns the orders
 * route's index.
 */
int	sg_dispatch_orders(struct sg_app *, struct sg_req **reqs,
	    struct sg_resp **resps, size_t n, int *redo);

/*
 * The sg_dispatch_fn for fcgi_serve, app as a void pointer: the order
 * posts of a batch with one token through sg_dispatch_orders(), then every
 * other request through sg_dispatch(), one at a time.  It also counts each
 * request in the metrics (metrics.h).
 */
void	sg_app_dispatch(void *app, struct sg_req **reqs,
	    struct sg_resp **resps, size_t n);

/*
 * The largest body any route accepts, for the edge: JSON routes are held to
 * max_body by the router, form routes (uploads) to max_upload plus
 * SG_FORM_OVERHEAD for the other fields.
 */
size_t	sg_app_body_cap(const struct sg_app *);

/* Release what handlers attached to app (the public module's widget cache). */
void	sg_app_cleanup(struct sg_app *);

#endif
