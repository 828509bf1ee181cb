/*
 * handlers.h — one function per page, the worker state they are handed,
 * and the shared answers (answer.c).  Each handler's comment states its
 * contract: method, input, and the statuses it answers.
 *
 * Handlers choose every status that depends on what a request means.  The
 * front line below them answers the statuses that need no page: the edge
 * (http/fcgi.c) 400, 413 and 414 for a request it cannot read, the router
 * (app/router.c) 400, 404, 405, 413, 414 and 415 for a path, method or body
 * that no route takes, and 503 (sg_h_unavailable) for SG_H_DBDOWN.
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

#include <stdint.h>

#include "http/http.h"

struct sg_config;
struct sg_db;
struct sg_replica;
struct mst_set;
struct sg_widget_cache;

/*
 * Per-worker state handed to every handler.  The app layer (app/app.h)
 * fills it in main.c's worker and frees what handlers attached to it
 * (sg_app_cleanup); it is defined here, beside the handlers that read it,
 * so that no handler includes a header of the layer above.
 * templates is loaded by the supervisor at start and on SIGHUP and inherited
 * by the workers; it is never NULL in the program (an empty set when the
 * directory has none); templates_tag is a hash of the template files' names
 * and contents, for validators of pages rendered from them.
 * widget_cache belongs to the public module (handlers/public.h): created on
 * first use, freed by sg_app_cleanup() when the worker stops.
 * db_public is the public read connection: a read replica within
 * replica_max_lag_ms (db/replica.h), else db; app/ sets it before every
 * request.  Public pages read through it and never write.
 */
struct sg_app {
	const struct sg_config	*cfg;
	struct sg_db		*db;
	struct sg_db		*db_public;	/* the public read connection */
	struct sg_replica	*replica;	/* NULL: no db_replica */
	const struct mst_set	*templates;
	uint32_t		 templates_tag;	/* hash of the template files */
	struct sg_widget_cache	*widget_cache;
};

#define SG_H_OK		0
#define SG_H_RETRY	1
#define SG_H_DBDOWN	2

typedef int (*sg_handler_fn)(struct sg_app *, const struct sg_req *,
    struct sg_resp *);

/* Seconds a client is asked to wait when the database is unavailable. */
#define SG_RETRY_AFTER	2

/* The shared answers (answer.c). */
/* 503 with Retry-After: the database cannot be reached. */
void	sg_h_unavailable(struct sg_resp *);
/* 500: something that should not happen; logged by the caller. */
void	sg_h_internal(struct sg_resp *);
/* Map a db_* return code (< 0) to SG_H_* and an answer in resp. */
int	sg_h_db_error(struct sg_resp *, int dbrc);

/*
 * GET /healthz (health.c)
 * 200 {"status":"ok"} when the program and the database answer,
 * 503 {"status":"unavailable"} with Retry-After when the database does not.
 */
int	h_healthz(struct sg_app *, const struct sg_req *, struct sg_resp *);

#endif
