/*
 * admin_settings.c — the admin's Settings pages (issue 11's settings page,
 * issue 12 item 13; docs/admin.md "Settings"):
 *
 *   Integrations  the store's Shopify and WooCommerce signing secrets (set,
 *                 replace, remove; never shown back, only when they were
 *                 set) and the exact URL to paste into each platform;
 *   Webhooks      the endpoints of events out: list, add (the whsec_
 *                 secret shown once), delete (a confirmation page), and
 *                 per endpoint its recent deliveries with "Send again";
 *   Store         the locale the admin reads typed amounts in.
 *
 * Reads go through db/hook.h, db/db.h (the store) and service/event.h
 * (the endpoints' lists); every write through service/hook.h,
 * service/event.h or service/settings.h.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <sodium.h>

#include "db/hook.h"
#include "db/webhook.h"
#include "domain/money.h"
#include "domain/platform.h"
#include "domain/timefmt.h"
#include "handlers/admin.h"
#include "handlers/routes_admin.h"
#include "service/event.h"
#include "service/hook.h"
#include "service/service.h"
#include "service/settings.h"
#include "util/config.h"
#include "util/log.h"
#include "util/parse.h"
#include "util/urlcheck.h"

/* Deliveries shown per endpoint (newest first). */
#define SETTINGS_DELIVERIES_SHOWN	50
/* Largest endpoint or event id taken from a path or a form. */
#define SETTINGS_ID_MAX			INT64_C(9007199254740991)

/* The event types of events out, as the form offers them. */
static const struct {
	const char	*type;
	const char	*text;
} settings_events[] = {
	{ "milestone.reached", "A milestone is reached" },
	{ "grant.created", "A backer is given a gift (one event per gift)" },
	{ "grant.voided", "A gift is taken back (its order was cancelled or refunded)" },
	{ "campaign.goal_reached", "The campaign reaches its goal" },
	{ "campaign.ended", "The campaign ends" },
};
#define SETTINGS_NEVENTS (sizeof(settings_events) / sizeof(settings_events[0]))

/* The platforms of webhooks in, as the Integrations page shows them. */
static const struct {
	enum sg_platform	 p;
	const char		*key;		/* sg_platform_name() */
	const char		*name;
	const char		*where;		/* where the secret comes from */
	const char		*steps;		/* docs/integrations.md */
} settings_platforms[] = {
	{ SG_PLATFORM_SHOPIFY, "shopify", "Shopify",
	  "In the Shopify admin, Settings → Notifications → Webhooks: create "
	  "webhooks for Order creation, Order cancellation and Refund create "
	  "(JSON) with this URL, then paste the key Shopify shows below the "
	  "list (\"Your webhooks will be signed with …\") here.",
	  "section 2a" },
	{ SG_PLATFORM_WOOCOMMERCE, "woocommerce", "WooCommerce",
	  "In WordPress, WooCommerce → Settings → Advanced → Webhooks: add "
	  "webhooks for Order created and Order updated with this delivery "
	  "URL and a long random secret, and paste the same secret here.",
	  "section 2b" },
};
#define SETTINGS_NPLATFORMS \
	(sizeof(settings_platforms) / sizeof(settings_platforms[0]))

/* d with the settings tab named current marked (templates' nav). */
static cJSON *
settings_data(const struct svc_session *s, const char *title,
    const char *current)
{
	cJSON	*d;
	char	 key[32];

	if ((d = admin_page_data(s, title)) == NULL)
		return NULL;
	snprintf(key, sizeof(key), "tab_%s", current);
	if (cJSON_AddTrueToObject(d, key) == NULL) {
		cJSON_Delete(d);
		return NULL;
	}
	return d;
}

/* Render, or 500 when d is NULL (memory ran out building it). */
static int
settings_render(struct sg_app *app, struct sg_resp *resp, int status,
    const char *name, cJSON *d)
{
	if (d == NULL) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	admin_render(app, resp, status, name, d);
	cJSON_Delete(d);
	return SG_H_OK;
}

/* A DATETIME text to the second ("2026-12-01 18:48:56.195570" -> "...:56"). */
static void
to_seconds(char *when)
{
	when[strcspn(when, ".")] = '\0';
}

/* "the url must be ..." -> "The url must be ...". */
static void
sentence(char *dst, size_t size, const char *text)
{
	snprintf(dst, size, "%s", text);
	if (dst[0] != '\0')
		dst[0] = (char)toupper((unsigned char)dst[0]);
}

/*
 * GET /admin/settings
 * 303 to the first settings page (Integrations).
 */
int
h_admin_settings(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	int			 hrc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &hrc))
		return hrc;
	return admin_redirect(resp, "/admin/settings/integrations");
}

/* --- Integrations ---------------------------------------------------------- */

/*
 * The Integrations page: per platform its URL, whether a secret is set
 * (and when), a form to set or replace it; error beside platform bad.
 */
static int
integrations_page(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp, const struct svc_session *s, int status,
    const char *bad, const char *error)
{
	cJSON		*d, *a, *o;
	const char	*base;
	char		 url[600], when[40];
	size_t		 i, n;
	int		 rc;

	if ((d = settings_data(s, "Settings: integrations", "integrations")) == NULL ||
	    (a = cJSON_AddArrayToObject(d, "platforms")) == NULL ||
	    admin_flash_take(req, resp, d) == -1)
		goto nomem;
	base = app->cfg != NULL && app->cfg->public_url != NULL ?
	    app->cfg->public_url : "";
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	for (i = 0; i < SETTINGS_NPLATFORMS; i++) {
		rc = db_hook_secret_when(app->db, s->store.id,
		    settings_platforms[i].key, when, sizeof(when));
		if (rc < 0) {
			cJSON_Delete(d);
			return sg_h_db_error(resp, rc);
		}
		to_seconds(when);
		snprintf(url, sizeof(url), "%.*s/hooks/%s/%s", (int)n, base,
		    settings_platforms[i].key, s->store.handle);
		if ((o = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(a, o) ||
		    cJSON_AddStringToObject(o, "key", settings_platforms[i].key) == NULL ||
		    cJSON_AddStringToObject(o, "name", settings_platforms[i].name) == NULL ||
		    cJSON_AddStringToObject(o, "where", settings_platforms[i].where) == NULL ||
		    cJSON_AddStringToObject(o, "steps", settings_platforms[i].steps) == NULL ||
		    cJSON_AddStringToObject(o, "url", url) == NULL ||
		    cJSON_AddBoolToObject(o, "is_set", rc > 0) == NULL ||
		    (rc > 0 && cJSON_AddStringToObject(o, "set_at", when) == NULL) ||
		    (bad != NULL && strcmp(bad, settings_platforms[i].key) == 0 &&
		    cJSON_AddStringToObject(o, "error", error) == NULL))
			goto nomem;
	}
	return settings_render(app, resp, status, "admin_settings_integrations", d);
nomem:
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/* GET /admin/settings/integrations — 200. */
int
h_admin_settings_integrations(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	int			 hrc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &hrc))
		return hrc;
	return integrations_page(app, req, resp, &s, 200, NULL, NULL);
}

/* The platform named by a form field or path segment, or -1. */
static int
platform_arg(const char *v, enum sg_platform *p)
{
	size_t	 i;

	if (v == NULL)
		return -1;
	for (i = 0; i < SETTINGS_NPLATFORMS; i++)
		if (strcmp(v, settings_platforms[i].key) == 0) {
			*p = settings_platforms[i].p;
			return (int)i;
		}
	return -1;
}

/*
 * POST /admin/settings/integrations (form: csrf, platform, secret)
 * Set or replace the platform's secret (surrounding spaces and line
 * breaks dropped): 303 back with a message.  422 the page with the reason
 * beside the platform for an empty or too long secret (the secret is
 * never put back into the page); 404 for an unknown platform; 403 CSRF.
 */
int
h_admin_settings_hook_set(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct admin_body	 body;
	struct svc_session	 s;
	struct sg_verror	 err;
	enum sg_platform	 p = SG_PLATFORM_SHOPIFY;
	const char		*v;
	char			 plat[16];
	size_t			 b, e;
	int			 i, rc, hrc;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	if ((i = platform_arg(admin_field(&body, "platform"), &p)) == -1) {
		admin_body_free(&body);
		return admin_error(app, resp, &s, 404, "There is no such platform.");
	}
	snprintf(plat, sizeof(plat), "%s", settings_platforms[i].key);
	v = admin_field(&body, "secret");
	if (v == NULL)
		v = "";
	for (b = 0; v[b] != '\0' && isspace((unsigned char)v[b]); b++)
		;
	for (e = strlen(v); e > b && isspace((unsigned char)v[e - 1]); e--)
		;
	if (e == b || e - b > DB_HOOK_SECRET_MAX) {
		admin_body_free(&body);
		return integrations_page(app, req, resp, &s, 422, plat, e == b ?
		    "Paste the secret first: nothing was saved." :
		    "The secret may have at most 512 characters: nothing was saved.");
	}
	rc = svc_hook_secret_set(app->db, s.store.id, p, v + b, e - b, &err);
	admin_body_free(&body);
	if (rc < 0)
		return sg_h_db_error(resp, rc);
	if (rc != SVC_OK)
		return integrations_page(app, req, resp, &s, 422, plat,
		    "This secret cannot be used: nothing was saved.");
	sg_info("admin: %s set the %s webhook secret", s.email, plat);
	admin_flash_set(req, resp, "hook-set");
	return admin_redirect(resp, "/admin/settings/integrations");
}

/*
 * GET /admin/settings/integrations/{platform}/remove
 * The confirmation page (no script needed); 404 for an unknown platform
 * or one without a secret.
 */
int
h_admin_settings_hook_remove_ask(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	enum sg_platform	 p;
	char			 q[128], c[300], action[128], when[40];
	int			 i, rc, hrc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &hrc))
		return hrc;
	if ((i = platform_arg(req->args[0], &p)) == -1)
		return admin_error(app, resp, &s, 404, "There is no such platform.");
	if ((rc = db_hook_secret_when(app->db, s.store.id,
	    settings_platforms[i].key, when, sizeof(when))) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == 0)
		return admin_error(app, resp, &s, 404, "No secret is set for this "
		    "platform.");
	snprintf(q, sizeof(q), "Remove the %s webhook secret?",
	    settings_platforms[i].name);
	snprintf(c, sizeof(c), "Until a new secret is set, every %s webhook "
	    "for this store is refused (401) and no order from %s counts.",
	    settings_platforms[i].name, settings_platforms[i].name);
	snprintf(action, sizeof(action), "/admin/settings/integrations/%s/remove",
	    settings_platforms[i].key);
	return admin_confirm(app, resp, &s, q, c, action, NULL, "Remove secret",
	    "/admin/settings/integrations", "Settings: integrations");
}

/*
 * POST /admin/settings/integrations/{platform}/remove (form: csrf,
 * confirm=yes)
 * 303 back with a message; without confirm=yes 303 to the confirmation
 * page; 404 unknown platform or no secret set; 403 CSRF.
 */
int
h_admin_settings_hook_remove(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct admin_body	 body;
	struct svc_session	 s;
	enum sg_platform	 p;
	char			 loc[128];
	int			 i, rc, hrc, yes;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	yes = admin_confirmed(&body);
	admin_body_free(&body);
	if ((i = platform_arg(req->args[0], &p)) == -1)
		return admin_error(app, resp, &s, 404, "There is no such platform.");
	if (!yes) {
		snprintf(loc, sizeof(loc), "/admin/settings/integrations/%s/remove",
		    settings_platforms[i].key);
		return admin_redirect(resp, loc);
	}
	if ((rc = svc_hook_secret_remove(app->db, s.store.id, p)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_NOT_FOUND)
		return admin_error(app, resp, &s, 404, "No secret is set for this "
		    "platform.");
	sg_info("admin: %s removed the %s webhook secret", s.email,
	    settings_platforms[i].key);
	admin_flash_set(req, resp, "hook-removed");
	return admin_redirect(resp, "/admin/settings/integrations");
}

/* --- Webhooks (events out) ------------------------------------------------- */

/* Whether the comma-separated set list names type. */
static int
events_has(const char *list, const char *type)
{
	size_t		 n = strlen(type);
	const char	*p = list;

	while ((p = strstr(p, type)) != NULL) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* The event checkboxes: ticked by the list (comma-separated) or all. */
static int
events_json(cJSON *arr, const char *ticked)
{
	cJSON	*o;
	size_t	 i;

	for (i = 0; i < SETTINGS_NEVENTS; i++)
		if ((o = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(arr, o) ||
		    cJSON_AddStringToObject(o, "type", settings_events[i].type) == NULL ||
		    cJSON_AddStringToObject(o, "text", settings_events[i].text) == NULL ||
		    cJSON_AddNumberToObject(o, "n", (double)i) == NULL ||
		    cJSON_AddBoolToObject(o, "checked", ticked == NULL ||
		    events_has(ticked, settings_events[i].type)) == NULL)
			return -1;
	return 0;
}

/*
 * The Webhooks page: the endpoints and the add form (typed: the values to
 * put back; errors beside the fields; new_secret shown once).
 */
static int
webhooks_page(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp, const struct svc_session *s, int status,
    const char *typed_url, const char *typed_events, const cJSON *errors,
    const char *new_secret, int64_t new_id)
{
	struct db_webhook	*w = NULL;
	cJSON			*d, *a, *o, *ev, *x;
	char			 when[40];
	size_t			 n = 0, i, k;
	int			 rc;

	if ((rc = svc_webhook_list(app->db, s->store.id, &w, &n)) != SVC_OK)
		return sg_h_db_error(resp, rc < 0 ? rc : DB_ERR);
	if ((d = settings_data(s, "Settings: webhooks", "webhooks")) == NULL ||
	    (a = cJSON_AddArrayToObject(d, "endpoints")) == NULL ||
	    (ev = cJSON_AddArrayToObject(d, "events")) == NULL ||
	    events_json(ev, typed_events) == -1 ||
	    cJSON_AddStringToObject(d, "typed_url", typed_url != NULL ?
	    typed_url : "") == NULL ||
	    cJSON_AddBoolToObject(d, "allow_private", app->cfg != NULL &&
	    app->cfg->webhook_allow_private != NULL &&
	    strcmp(app->cfg->webhook_allow_private, "yes") == 0) == NULL ||
	    admin_flash_take(req, resp, d) == -1)
		goto nomem;
	if (errors != NULL && cJSON_GetArraySize(errors) > 0 &&
	    (cJSON_AddItemToObject(d, "errors", cJSON_Duplicate(errors, 1)) == 0 ||
	    cJSON_AddTrueToObject(d, "has_errors") == NULL))
		goto nomem;
	if (new_secret != NULL &&
	    (cJSON_AddStringToObject(d, "new_secret", new_secret) == NULL ||
	    cJSON_AddNumberToObject(d, "new_id", (double)new_id) == NULL))
		goto nomem;
	for (i = 0; i < n; i++) {
		if (sg_time_format_sql(w[i].created_at, when, sizeof(when)) == -1)
			snprintf(when, sizeof(when), "?");
		to_seconds(when);
		if ((o = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(a, o) ||
		    cJSON_AddNumberToObject(o, "id", (double)w[i].id) == NULL ||
		    cJSON_AddStringToObject(o, "url", w[i].url) == NULL ||
		    cJSON_AddStringToObject(o, "created", when) == NULL ||
		    (x = cJSON_AddArrayToObject(o, "types")) == NULL)
			goto nomem;
		for (k = 0; k < SETTINGS_NEVENTS; k++)
			if (events_has(w[i].events, settings_events[k].type) &&
			    !cJSON_AddItemToArray(x,
			    cJSON_CreateString(settings_events[k].type)))
				goto nomem;
	}
	free(w);
	if (cJSON_AddBoolToObject(d, "no_endpoints", n == 0) == NULL) {
		cJSON_Delete(d);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	return settings_render(app, resp, status, "admin_settings_webhooks", d);
nomem:
	free(w);
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/* GET /admin/settings/webhooks — 200. */
int
h_admin_settings_webhooks(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	int			 hrc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &hrc))
		return hrc;
	return webhooks_page(app, req, resp, &s, 200, NULL, NULL, NULL, NULL, 0);
}

/*
 * POST /admin/settings/webhooks (form: csrf, url, events (repeated))
 * Add an endpoint: 201 the page with its whsec_ secret shown once.  422
 * the page with the values kept and a message beside the URL (not
 * http(s), does not resolve, resolves to a private address unless
 * webhook_allow_private = yes — the API's checks) or the events (none
 * ticked, unknown); 403 CSRF.
 */
int
h_admin_settings_webhook_add(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct admin_body	 body;
	struct svc_session	 s;
	struct sg_verror	 err;
	struct db_webhook	 w;
	const char		*types[SETTINGS_NEVENTS + 1], *u;
	char			 url[SG_URL_MAX + 1], ticked[DB_WEBHOOK_EVENTS_MAX + 8];
	char			 secret[SVC_WEBHOOK_SECRET_TEXT], msg[SG_VERROR_MSG_MAX];
	cJSON			*errors;
	size_t			 n, i, len = 0;
	int			 rc, hrc, allow;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	if ((errors = cJSON_CreateObject()) == NULL) {
		admin_body_free(&body);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	u = admin_field(&body, "url");
	if (u == NULL)
		u = "";
	/* Surrounding spaces dropped (pasted); inside ones fail the check. */
	while (isspace((unsigned char)*u))
		u++;
	snprintf(url, sizeof(url), "%s", u);
	for (len = strlen(url); len > 0 &&
	    isspace((unsigned char)url[len - 1]); len--)
		url[len - 1] = '\0';
	len = 0;
	n = admin_field_all(&body, "events", types, SETTINGS_NEVENTS + 1);
	ticked[0] = '\0';
	for (i = 0; i < n && i < SETTINGS_NEVENTS; i++)
		if (strlen(types[i]) < 32)
			len += (size_t)snprintf(ticked + len, sizeof(ticked) - len,
			    "%s%s", len > 0 ? "," : "", types[i]);
	rc = 0;
	if (*url == '\0')
		rc = admin_error_add(errors, "url", "Type the address that should "
		    "receive the events, like https://example.com/hooks/stretchgoal.");
	else if (strlen(u) > SG_URL_MAX)
		rc = admin_error_add(errors, "url", "The address may have at most "
		    "2048 characters.");
	if (rc == 0 && (n == 0 || n > SETTINGS_NEVENTS))
		rc = admin_error_add(errors, "events", n == 0 ? "Tick at least one "
		    "event." : "Tick each event at most once.");
	if (rc == -1)
		goto nomem;
	if (cJSON_GetArraySize(errors) == 0) {
		allow = app->cfg != NULL && app->cfg->webhook_allow_private != NULL &&
		    strcmp(app->cfg->webhook_allow_private, "yes") == 0;
		rc = svc_webhook_create(app->db, s.store.id, url, types, n, allow,
		    &w, secret, &err);
		if (rc < 0) {
			admin_body_free(&body);
			cJSON_Delete(errors);
			return sg_h_db_error(resp, rc);
		}
		if (rc != SVC_OK) {
			sentence(msg, sizeof(msg), err.message);
			if (strcmp(err.field, "events") == 0)
				rc = admin_error_add(errors, "events", "Tick only the "
				    "events listed.");
			else
				rc = admin_error_add(errors, "url", msg);
			if (rc == -1)
				goto nomem;
		} else {
			admin_body_free(&body);
			cJSON_Delete(errors);
			sg_info("admin: %s added the webhook endpoint %lld", s.email,
			    (long long)w.id);
			rc = webhooks_page(app, req, resp, &s, 201, NULL, NULL, NULL,
			    secret, w.id);
			sodium_memzero(secret, sizeof(secret));
			return rc;
		}
	}
	rc = webhooks_page(app, req, resp, &s, 422, url, ticked, errors, NULL, 0);
	admin_body_free(&body);
	cJSON_Delete(errors);
	return rc;
nomem:
	admin_body_free(&body);
	cJSON_Delete(errors);
	sg_h_internal(resp);
	return SG_H_OK;
}

/* The endpoint of the path's first segment, or 0 and a 404 answered. */
static int
endpoint_or_reply(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp, const struct svc_session *s, struct db_webhook *out,
    int *hrc)
{
	struct db_webhook	*w = NULL;
	int64_t			 id;
	size_t			 n = 0, i;
	int			 rc;

	*hrc = SG_H_OK;
	if (sg_parse_uint(req->args[0], SETTINGS_ID_MAX, &id) == -1) {
		admin_error(app, resp, s, 404, "This store has no such endpoint.");
		return 0;
	}
	if ((rc = svc_webhook_list(app->db, s->store.id, &w, &n)) != SVC_OK) {
		*hrc = sg_h_db_error(resp, rc < 0 ? rc : DB_ERR);
		return 0;
	}
	for (i = 0; i < n && w[i].id != id; i++)
		;
	if (i < n)
		*out = w[i];
	free(w);
	if (i == n) {
		admin_error(app, resp, s, 404, "This store has no such endpoint "
		    "(it may have been deleted).");
		return 0;
	}
	return 1;
}

/* A delivery's state in words. */
static const char *
delivery_status_text(const char *status)
{
	if (strcmp(status, "delivered") == 0)
		return "Delivered";
	if (strcmp(status, "failed") == 0)
		return "Failed (gave up)";
	return "Pending";
}

/*
 * GET /admin/settings/webhooks/{id}
 * The endpoint and its last 50 deliveries (event type and id, status,
 * attempts, last answer, next try), each delivered or failed one with
 * "Send again".  200; 404 no such live endpoint of the store.
 */
int
h_admin_settings_webhook(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct db_webhook	 w;
	struct db_delivery_row	*r = NULL;
	cJSON			*d = NULL, *a, *o;
	char			 when[40], evid[32], code[24];
	size_t			 n = 0, i;
	int			 rc, hrc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &hrc))
		return hrc;
	if (!endpoint_or_reply(app, req, resp, &s, &w, &hrc))
		return hrc;
	if ((rc = svc_webhook_deliveries(app->db, s.store.id, w.id,
	    SETTINGS_DELIVERIES_SHOWN, &r, &n)) != SVC_OK) {
		if (rc == SVC_NOT_FOUND)
			return admin_error(app, resp, &s, 404, "This store has no "
			    "such endpoint.");
		return sg_h_db_error(resp, rc < 0 ? rc : DB_ERR);
	}
	if ((d = settings_data(&s, "Settings: webhook deliveries", "webhooks")) == NULL ||
	    admin_flash_take(req, resp, d) == -1 ||
	    cJSON_AddNumberToObject(d, "id", (double)w.id) == NULL ||
	    cJSON_AddStringToObject(d, "url", w.url) == NULL ||
	    cJSON_AddBoolToObject(d, "no_deliveries", n == 0) == NULL ||
	    cJSON_AddNumberToObject(d, "shown_max", SETTINGS_DELIVERIES_SHOWN) == NULL ||
	    (a = cJSON_AddArrayToObject(d, "deliveries")) == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		svc_event_id(r[i].event_id, evid, sizeof(evid));
		if (r[i].last_status < 0)
			snprintf(code, sizeof(code), "none yet");
		else if (r[i].last_status == 0)
			snprintf(code, sizeof(code), "no answer");
		else
			snprintf(code, sizeof(code), "%lld", (long long)r[i].last_status);
		if (strcmp(r[i].status, "pending") != 0)
			snprintf(when, sizeof(when), "—");
		else if (sg_time_format_sql(r[i].next_at, when, sizeof(when)) == -1)
			snprintf(when, sizeof(when), "?");
		to_seconds(when);
		if ((o = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(a, o) ||
		    cJSON_AddStringToObject(o, "event_id", evid) == NULL ||
		    cJSON_AddNumberToObject(o, "event_n", (double)r[i].event_id) == NULL ||
		    cJSON_AddStringToObject(o, "type", r[i].type) == NULL ||
		    cJSON_AddStringToObject(o, "status", r[i].status) == NULL ||
		    cJSON_AddStringToObject(o, "status_text",
		    delivery_status_text(r[i].status)) == NULL ||
		    cJSON_AddNumberToObject(o, "attempts", (double)r[i].attempts) == NULL ||
		    cJSON_AddStringToObject(o, "last_code", code) == NULL ||
		    cJSON_AddStringToObject(o, "next", when) == NULL ||
		    cJSON_AddBoolToObject(o, "can_resend",
		    strcmp(r[i].status, "pending") != 0) == NULL)
			goto nomem;
	}
	free(r);
	return settings_render(app, resp, 200, "admin_settings_webhook", d);
nomem:
	free(r);
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/*
 * POST /admin/settings/webhooks/{id}/resend (form: csrf, event)
 * Send the event to the endpoint again, as the API's and stretchgoalctl's
 * resend (a delivery made pending now with a fresh retry budget, the same
 * webhook-id): 303 back to the endpoint's page with a message; 404 no such
 * endpoint or event of the store; 403 CSRF.
 */
int
h_admin_settings_webhook_resend(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct admin_body	 body;
	struct svc_session	 s;
	struct db_webhook	 w;
	int64_t			 eid;
	char			 loc[96];
	int			 rc, hrc, ok;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	ok = sg_parse_uint(admin_field(&body, "event"), SETTINGS_ID_MAX, &eid) == 0;
	admin_body_free(&body);
	if (!endpoint_or_reply(app, req, resp, &s, &w, &hrc))
		return hrc;
	if (!ok)
		return admin_error(app, resp, &s, 404, "This store has no such event.");
	if ((rc = svc_webhook_resend(app->db, s.store.id, w.id, eid)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_NOT_FOUND)
		return admin_error(app, resp, &s, 404, "This store has no such event.");
	sg_info("admin: %s sent event %lld to endpoint %lld again", s.email,
	    (long long)eid, (long long)w.id);
	admin_flash_set(req, resp, "resent");
	snprintf(loc, sizeof(loc), "/admin/settings/webhooks/%lld", (long long)w.id);
	return admin_redirect(resp, loc);
}

/*
 * GET /admin/settings/webhooks/{id}/delete
 * The confirmation page (no script needed); 404 no such endpoint.
 */
int
h_admin_settings_webhook_delete_ask(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct db_webhook	 w;
	char			 c[SG_URL_MAX + 200], action[96], back[96];
	int			 hrc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &hrc))
		return hrc;
	if (!endpoint_or_reply(app, req, resp, &s, &w, &hrc))
		return hrc;
	snprintf(c, sizeof(c), "%s will receive no more events, and what was "
	    "still to be sent to it is dropped. Its secret stops working; adding "
	    "the address again makes a new secret.", w.url);
	snprintf(action, sizeof(action), "/admin/settings/webhooks/%lld/delete",
	    (long long)w.id);
	snprintf(back, sizeof(back), "/admin/settings/webhooks/%lld",
	    (long long)w.id);
	return admin_confirm(app, resp, &s, "Delete this endpoint?", c, action,
	    NULL, "Delete endpoint", back, "Settings: webhooks");
}

/*
 * POST /admin/settings/webhooks/{id}/delete (form: csrf, confirm=yes)
 * 303 to the Webhooks page with a message; without confirm=yes 303 to the
 * confirmation page; 404 no such endpoint; 403 CSRF.
 */
int
h_admin_settings_webhook_delete(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct admin_body	 body;
	struct svc_session	 s;
	struct db_webhook	 w;
	char			 loc[96];
	int			 rc, hrc, yes;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	yes = admin_confirmed(&body);
	admin_body_free(&body);
	if (!endpoint_or_reply(app, req, resp, &s, &w, &hrc))
		return hrc;
	if (!yes) {
		snprintf(loc, sizeof(loc), "/admin/settings/webhooks/%lld/delete",
		    (long long)w.id);
		return admin_redirect(resp, loc);
	}
	if ((rc = svc_webhook_delete(app->db, s.store.id, w.id)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_NOT_FOUND)
		return admin_error(app, resp, &s, 404, "This store has no such "
		    "endpoint.");
	sg_info("admin: %s deleted the webhook endpoint %lld", s.email,
	    (long long)w.id);
	admin_flash_set(req, resp, "webhook-deleted");
	return admin_redirect(resp, "/admin/settings/webhooks");
}

/* --- Store ----------------------------------------------------------------- */

static int
store_page(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp,
    const struct svc_session *s, int status, const char *chosen,
    const char *error)
{
	const struct svc_locale	*l, *cur;
	char			 locale[DB_LOCALE_MAX], amb[8];
	cJSON			*d, *a, *o;
	size_t			 n, i;
	int			 rc;

	if ((rc = db_store_locale(app->db, s->store.id, locale, sizeof(locale))) < 0)
		return sg_h_db_error(resp, rc);
	if (chosen == NULL)
		chosen = locale;
	if ((cur = svc_settings_locale_find(locale)) == NULL)
		cur = svc_settings_locale_find("en");
	l = svc_settings_locales(&n);
	snprintf(amb, sizeof(amb), "5%c000", sg_locale_decimal_mark(cur->code));
	if ((d = settings_data(s, "Settings: store", "store")) == NULL ||
	    cJSON_AddStringToObject(d, "current_ambiguous", amb) == NULL ||
	    admin_flash_take(req, resp, d) == -1 ||
	    (a = cJSON_AddArrayToObject(d, "locales")) == NULL ||
	    cJSON_AddStringToObject(d, "current_name", cur->name) == NULL ||
	    cJSON_AddStringToObject(d, "current_example", cur->example) == NULL ||
	    (error != NULL && cJSON_AddStringToObject(d, "error", error) == NULL))
		goto nomem;
	for (i = 0; i < n; i++)
		if ((o = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(a, o) ||
		    cJSON_AddStringToObject(o, "code", l[i].code) == NULL ||
		    cJSON_AddStringToObject(o, "name", l[i].name) == NULL ||
		    cJSON_AddStringToObject(o, "example", l[i].example) == NULL ||
		    cJSON_AddBoolToObject(o, "selected",
		    strcmp(l[i].code, chosen) == 0) == NULL)
			goto nomem;
	return settings_render(app, resp, status, "admin_settings_store", d);
nomem:
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/* GET /admin/settings/store — 200. */
int
h_admin_settings_store(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	int			 hrc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &hrc))
		return hrc;
	return store_page(app, req, resp, &s, 200, NULL, NULL);
}

/*
 * POST /admin/settings/store (form: csrf, locale)
 * Set the store's locale for amounts typed in the admin: 303 back with a
 * message; 422 the page with a message for a locale not offered; 403 CSRF.
 */
int
h_admin_settings_store_save(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct admin_body	 body;
	struct svc_session	 s;
	const char		*v;
	char			 code[DB_LOCALE_MAX];
	int			 rc, hrc;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	v = admin_field(&body, "locale");
	snprintf(code, sizeof(code), "%s", v == NULL ||
	    strlen(v) >= sizeof(code) ? "" : v);
	admin_body_free(&body);
	if ((rc = svc_settings_locale_set(app->db, s.store.id, code)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_INVALID)
		return store_page(app, req, resp, &s, 422, NULL, "Choose one of the "
		    "languages listed: nothing was saved.");
	if (rc != SVC_OK)
		return admin_error(app, resp, &s, 404, "There is no such store.");
	sg_info("admin: %s set the store's locale to %s", s.email, code);
	admin_flash_set(req, resp, "locale-saved");
	return admin_redirect(resp, "/admin/settings/store");
}
