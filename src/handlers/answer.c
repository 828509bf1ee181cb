/*
 * answer.c — the answers every handler and the router share: 503 when the
 * database is unavailable, 500 for what should not happen, and the mapping
 * of a db_* failure to one of them; see handlers.h.
 */
#include "config.h"

#include "db/db.h"
#include "handlers/handlers.h"

void
sg_h_unavailable(struct sg_resp *resp)
{
	sg_resp_reset(resp);
	if (sg_resp_error(resp, 503, "unavailable",
	    "the database is unavailable; try again shortly", NULL) == -1)
		resp->status = 503;
	sg_resp_header(resp, "Retry-After", "%d", SG_RETRY_AFTER);
}

void
sg_h_internal(struct sg_resp *resp)
{
	sg_resp_reset(resp);
	if (sg_resp_error(resp, 500, "internal", "internal error", NULL) == -1)
		resp->status = 500;
}

int
sg_h_db_error(struct sg_resp *resp, int dbrc)
{
	switch (dbrc) {
	case DB_DOWN:
	case DB_AMBIGUOUS:	/* the router sees db_take_ambiguous() */
		return SG_H_DBDOWN;
	case DB_RETRY:
		return SG_H_RETRY;
	default:
		sg_h_internal(resp);
		return SG_H_OK;
	}
}
