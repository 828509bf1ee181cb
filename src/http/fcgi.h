/*
 * fcgi.h — the FastCGI edge: the only code besides main.c that includes
 * libfcgi.  It turns FastCGI requests into struct sg_req, hands them to the
 * dispatch function it was given (the app layer's router: the edge never
 * calls up by name), the ones read in one round together, and writes each
 * struct sg_resp back, with the security headers every response carries
 * and one access-log line per request.
 */
#ifndef SG_HTTP_FCGI_H
#define SG_HTTP_FCGI_H

#include <signal.h>
#include <stddef.h>

#include "http/http.h"
#include "util/config.h"

/*
 * Route and answer the n requests reqs[0..n) read together (a batch, n >=
 * 1): fill each resps[i], whatever happens.  ctx is the pointer given to
 * fcgi_serve().  The requests and their strings belong to the edge and
 * live until the function returns; it may change their args.
 */
typedef void (*sg_dispatch_fn)(void *ctx, struct sg_req **reqs,
	    struct sg_resp **resps, size_t n);

/*
 * Create the listening unix socket at path (a stale socket file is
 * replaced), with the given permission bits.  Returns the fd or -1 (logged).
 */
int	fcgi_listen(const char *path, int backlog, unsigned mode);

/*
 * Open FastCGI connections one worker serves at most.  A worker polls its
 * open connections and the listening socket and serves one request of each
 * ready connection in turn, so a connection nginx keeps open and idle
 * (upstream keepalive, fastcgi_keep_conn on) never holds the worker.  At
 * the limit it stops accepting and the other workers take new connections.
 * libfcgi closes connections with select(), so fds stay below FD_SETSIZE.
 */
#define FCGI_CONNS_MAX	64

/*
 * Requests a worker reads before it dispatches them together, at most
 * (fcgi_serve's batch_max is capped here), and the body bytes after which
 * it stops reading more for one batch.
 */
#define FCGI_BATCH_MAX		SG_BATCH_MAX
#define FCGI_BATCH_BYTES	(1024 * 1024)

/*
 * Serve requests on listen_fd until *stop becomes non-zero (set from a signal
 * handler; SIGTERM and SIGINT are blocked but while waiting for a request,
 * so the request in flight is finished first, and what nginx already sent
 * on a kept connection is answered; then every kept connection is closed,
 * the idle ones too).  Makes listen_fd non-blocking; batches the access log
 * (util/log.h) and flushes it before returning.  A body larger than
 * body_cap bytes is answered 413 without reading it further; every other
 * request goes to dispatch(ctx, …): the requests of one round of polling
 * (one per ready connection, and up to batch_max newly accepted ones), up
 * to batch_max of them in one call, answered when it returns (batch_max 1:
 * one at a time).  Returns 0, or -1 when libfcgi cannot be initialised or
 * memory is short (logged).
 */
int	fcgi_serve(int listen_fd, size_t body_cap, size_t batch_max,
	    sg_dispatch_fn dispatch, void *ctx, volatile sig_atomic_t *stop);

/* Ask a blocked accept to give up (call from the SIGTERM handler). */
void	fcgi_shutdown(void);

#endif
