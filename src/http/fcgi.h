/*
 * fcgi.h — the FastCGI edge: the only code besides main.c that includes
 * libfcgi.  It turns FastCGI requests into struct sg_req, hands them to
 * sg_dispatch() and writes the struct sg_resp back, with the security
 * headers every response carries and one access-log line per request.
 */
#ifndef SG_HTTP_FCGI_H
#define SG_HTTP_FCGI_H

#include <signal.h>

#include "http/http.h"

/*
 * Create the listening unix socket at path (a stale socket file is
 * replaced), with the given permission bits.  Returns the fd or -1 (logged).
 */
int	fcgi_listen(const char *path, int backlog, unsigned mode);

/*
 * Serve requests on listen_fd until *stop becomes non-zero (set from a signal
 * handler; the request in flight is finished first).  Returns 0.
 */
int	fcgi_serve(int listen_fd, struct sg_app *app, volatile sig_atomic_t *stop);

/* Ask a blocked accept to give up (call from the SIGTERM handler). */
void	fcgi_shutdown(void);

#endif
