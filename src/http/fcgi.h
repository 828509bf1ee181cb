/*
 * fcgi.h — the FastCGI edge: the only code besides main.c that includes
 * libfcgi.  It turns FastCGI requests into struct sg_req, hands each to the
 * dispatch function it was given (the app layer's router: the edge never
 * calls up by name) and writes the struct sg_resp back, with the security
 * headers every response carries and one access-log line per request.
 */
#ifndef SG_HTTP_FCGI_H
#define SG_HTTP_FCGI_H

#include <signal.h>
#include <stddef.h>

#include "http/http.h"

/*
 * Route and answer one request: fill resp, whatever happens.  ctx is the
 * pointer given to fcgi_serve().  req and its strings belong to the edge and
 * live until the function returns; it may change req->args.
 */
typedef void (*sg_dispatch_fn)(void *ctx, struct sg_req *, struct sg_resp *);

/*
 * Create the listening unix socket at path (a stale socket file is
 * replaced), with the given permission bits.  Returns the fd or -1 (logged).
 */
int	fcgi_listen(const char *path, int backlog, unsigned mode);

/*
 * Serve requests on listen_fd until *stop becomes non-zero (set from a signal
 * handler; the request in flight is finished first).  A body larger than
 * body_cap bytes is answered 413 without reading it further; every other
 * request goes to dispatch(ctx, …).  Returns 0, or -1 when libfcgi cannot
 * be initialised (logged).
 */
int	fcgi_serve(int listen_fd, size_t body_cap, sg_dispatch_fn dispatch,
	    void *ctx, volatile sig_atomic_t *stop);

/* Ask a blocked accept to give up (call from the SIGTERM handler). */
void	fcgi_shutdown(void);

#endif
