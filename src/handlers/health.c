/* health.c — GET /healthz and the shared error answers; see handlers.h. */
#include "config.h"

#include <cJSON.h>

#include "db/db.h"
#include "handlers/handlers.h"
#include "util/log.h"

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

int
h_healthz(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp)
{
	static int	 was_down;
	char		 why[600];
	cJSON		*o;
	int		 up;

	up = db_health(app->db, why, sizeof(why)) == DB_OK;
	/* A change of state is logged once, with its reason. */
	if (!up && !was_down)
		sg_warn("healthz: unavailable: %s", why);
	else if (up && was_down)
		sg_info("healthz: ok again");
	was_down = !up;
	if ((o = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(o, "status", up ? "ok" : "unavailable") == NULL ||
	    sg_resp_json(resp, up ? 200 : 503, o) == -1) {
		cJSON_Delete(o);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	cJSON_Delete(o);
	sg_resp_header(resp, "Cache-Control", "no-store");
	if (!up)
		sg_resp_header(resp, "Retry-After", "%d", SG_RETRY_AFTER);
	return SG_H_OK;
}
