/*
 * handlers.h — one function per page.  Handlers are the only code that
 * chooses HTTP statuses.  Each handler's comment states its contract:
 * method, input, and the statuses it answers.
 *
 * Every handler has the signature of sg_handler_fn and returns:
 *   SG_H_OK      resp holds the answer
 *   SG_H_RETRY   the database rolled back a deadlock or lock wait: the
 *                router resets resp and runs the handler again (bounded)
 *   SG_H_DBDOWN  the database is unreachable: the router answers 503
 * A handler that runs out of memory answers 500 itself (sg_h_internal).
 */
#ifndef SG_HANDLERS_HANDLERS_H
#define SG_HANDLERS_HANDLERS_H

#include "http/http.h"

#define SG_H_OK		0
#define SG_H_RETRY	1
#define SG_H_DBDOWN	2

typedef int (*sg_handler_fn)(struct sg_app *, const struct sg_req *,
    struct sg_resp *);

/* Seconds a client is asked to wait when the database is unavailable. */
#define SG_RETRY_AFTER	2

/* 503 with Retry-After: the database cannot be reached. */
void	sg_h_unavailable(struct sg_resp *);
/* 500: something that should not happen; logged by the caller. */
void	sg_h_internal(struct sg_resp *);
/* Map a db_* return code (< 0) to SG_H_* and an answer in resp. */
int	sg_h_db_error(struct sg_resp *, int dbrc);

/*
 * GET /healthz
 * 200 {"status":"ok"} when the program and the database answer,
 * 503 {"status":"unavailable"} with Retry-After when the database does not.
 */
int	h_healthz(struct sg_app *, const struct sg_req *, struct sg_resp *);

#endif
