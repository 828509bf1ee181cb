/* health.c — GET /healthz; see handlers.h. */
#include "config.h"

#include <cJSON.h>

#include "db/db.h"
#include "handlers/handlers.h"
#include "util/log.h"

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
