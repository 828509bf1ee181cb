/*
 * api_webhooks.c — a store's endpoints of events out (docs/events.md):
 * POST/GET /api/v1/webhooks, DELETE /api/v1/webhooks/{id},
 * GET /api/v1/webhooks/{id}/deliveries and
 * POST /api/v1/webhooks/{id}/events/{event_id}/resend.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "db/db.h"
#include "handlers/routes_api.h"
#include "service/event.h"
#include "util/config.h"
#include "util/json.h"
#include "util/parse.h"

/* The endpoint object; secret (or NULL) only in the answer to a POST. */
static cJSON *
webhook_json(const struct db_webhook *w, const char *secret)
{
	cJSON		*o, *arr;
	char		 ev[DB_WEBHOOK_EVENTS_MAX], *p, *tok, *save = NULL;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	snprintf(ev, sizeof(ev), "%s", w->events);
	if (!sg_json_add_num(o, "id", w->id) ||
	    !sg_json_add_str(o, "url", 1, w->url) ||
	    (arr = cJSON_AddArrayToObject(o, "events")) == NULL)
		goto fail;
	for (p = ev; (tok = strtok_r(p, ",", &save)) != NULL; p = NULL)
		if (!sg_json_append(arr, cJSON_CreateString(tok)))
			goto fail;
	if (secret != NULL && !sg_json_add_str(o, "secret", 1, secret))
		goto fail;
	if (w->created_at != 0 &&
	    !sg_json_add_item(o, "created_at", api_time_json(1, w->created_at)))
		goto fail;
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

/*
 * POST /api/v1/webhooks {"url": "https://…", "events": ["milestone.reached", …]}
 * 201 the endpoint with "secret": "whsec_…" (shown this once); 400; 401;
 * 422 url (not http(s), or resolving to a private address unless
 * webhook_allow_private = yes) or events (empty, not strings, unknown).
 */
int
h_api_webhook_create(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct db_webhook	 w;
	struct sg_verror	 err;
	const char		*types[SVC_WEBHOOK_TYPES_MAX];
	char			 secret[SVC_WEBHOOK_SECRET_TEXT];
	cJSON			*body, *url, *ev, *x;
	size_t			 n = 0;
	int			 hrc, rc, allow;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (!api_body_or_reply(req, resp, &body))
		return SG_H_OK;
	url = cJSON_GetObjectItemCaseSensitive(body, "url");
	ev = cJSON_GetObjectItemCaseSensitive(body, "events");
	if (!cJSON_IsString(url)) {
		cJSON_Delete(body);
		sg_resp_error(resp, 422, url == NULL ? "required" : "invalid_type",
		    "url must be a string", "url");
		return SG_H_OK;
	}
	if (!cJSON_IsArray(ev)) {
		cJSON_Delete(body);
		sg_resp_error(resp, 422, ev == NULL ? "required" : "invalid_type",
		    "events must be an array of event types", "events");
		return SG_H_OK;
	}
	cJSON_ArrayForEach(x, ev) {
		if (!cJSON_IsString(x) || n == SVC_WEBHOOK_TYPES_MAX) {
			cJSON_Delete(body);
			sg_resp_error(resp, 422, "invalid", "events must name 1 to 5 "
			    "event types, as strings", "events");
			return SG_H_OK;
		}
		types[n++] = x->valuestring;
	}
	allow = app->cfg != NULL && app->cfg->webhook_allow_private != NULL &&
	    strcmp(app->cfg->webhook_allow_private, "yes") == 0;
	rc = svc_webhook_create(app->db, st.id, url->valuestring, types, n, allow,
	    &w, secret, &err);
	cJSON_Delete(body);
	if (rc != SVC_OK)
		return api_svc_error(resp, rc, &err);
	hrc = api_send(resp, 201, webhook_json(&w, secret));
	memset(secret, 0, sizeof(secret));
	return hrc;
}

/* GET /api/v1/webhooks — 200 {"webhooks": […]} (no secrets); 401. */
int
h_api_webhook_list(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct db_webhook	*w = NULL;
	size_t			 n = 0, i;
	cJSON			*o = NULL, *arr;
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if ((rc = svc_webhook_list(app->db, st.id, &w, &n)) != DB_OK)
		return sg_h_db_error(resp, rc);
	if ((o = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(o, "webhooks")) == NULL)
		goto nomem;
	for (i = 0; i < n; i++)
		if (!sg_json_append(arr, webhook_json(&w[i], NULL)))
			goto nomem;
	free(w);
	return api_send(resp, 200, o);
nomem:
	free(w);
	cJSON_Delete(o);
	sg_h_internal(resp);
	return SG_H_OK;
}

/* DELETE /api/v1/webhooks/{id} — 204; 401; 404. */
int
h_api_webhook_delete(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store	 st;
	int64_t		 id;
	int		 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_parse_uint(req->args[0], API_ID_MAX, &id) == -1) {
		sg_resp_error(resp, 404, "not_found", "no such webhook", NULL);
		return SG_H_OK;
	}
	if ((rc = svc_webhook_delete(app->db, st.id, id)) != SVC_OK)
		return api_svc_error(resp, rc, NULL);
	resp->status = 204;
	return SG_H_OK;
}

/* An event id of a path: "evt_123" or "123". */
static int
event_id_parse(const char *s, int64_t *id)
{
	if (strncmp(s, "evt_", 4) == 0)
		s += 4;
	return sg_parse_uint(s, API_ID_MAX, id);
}

/*
 * POST /api/v1/webhooks/{id}/events/{event_id}/resend — 202 {"resent":
 * true}: the event is sent to the endpoint again (a fresh retry budget);
 * 401; 404 unknown endpoint or event.
 */
int
h_api_webhook_resend(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store	 st;
	int64_t		 id, eid;
	cJSON		*o;
	int		 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_parse_uint(req->args[0], API_ID_MAX, &id) == -1 ||
	    event_id_parse(req->args[1], &eid) == -1) {
		sg_resp_error(resp, 404, "not_found", "no such webhook or event", NULL);
		return SG_H_OK;
	}
	if ((rc = svc_webhook_resend(app->db, st.id, id, eid)) != SVC_OK)
		return api_svc_error(resp, rc, NULL);
	if ((o = cJSON_CreateObject()) == NULL ||
	    cJSON_AddTrueToObject(o, "resent") == NULL) {
		cJSON_Delete(o);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	return api_send(resp, 202, o);
}

/*
 * GET /api/v1/webhooks/{id}/deliveries — 200 {"deliveries": [{"event_id",
 * "type", "status", "attempts", "last_status", "next_at",
 * "delivered_at"}, …]}, the latest 100; 401; 404.
 */
int
h_api_webhook_deliveries(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct db_delivery_row	*d = NULL;
	size_t			 n = 0, i;
	int64_t			 id;
	cJSON			*o = NULL, *arr, *x;
	char			 eid[32];
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_parse_uint(req->args[0], API_ID_MAX, &id) == -1) {
		sg_resp_error(resp, 404, "not_found", "no such webhook", NULL);
		return SG_H_OK;
	}
	if ((rc = svc_webhook_deliveries(app->db, st.id, id, 100, &d, &n)) !=
	    SVC_OK)
		return api_svc_error(resp, rc, NULL);
	if ((o = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(o, "deliveries")) == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		svc_event_id(d[i].event_id, eid, sizeof(eid));
		if (!sg_json_append(arr, x = cJSON_CreateObject()) ||
		    !sg_json_add_str(x, "event_id", 1, eid) ||
		    !sg_json_add_str(x, "type", 1, d[i].type) ||
		    !sg_json_add_str(x, "status", 1, d[i].status) ||
		    !sg_json_add_num(x, "attempts", d[i].attempts) ||
		    (d[i].last_status < 0 ? cJSON_AddNullToObject(x,
		    "last_status") == NULL : !sg_json_add_num(x, "last_status",
		    d[i].last_status)) ||
		    !sg_json_add_item(x, "next_at", api_time_json(d[i].next_at != 0,
		    d[i].next_at)) ||
		    !sg_json_add_item(x, "delivered_at", api_time_json(
		    d[i].delivered_at != 0, d[i].delivered_at)))
			goto nomem;
	}
	free(d);
	return api_send(resp, 200, o);
nomem:
	free(d);
	cJSON_Delete(o);
	sg_h_internal(resp);
	return SG_H_OK;
}
