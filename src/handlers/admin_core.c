/*
 * admin_core.c — sessions, the CSRF door, form bodies and HTML answers of
 * the admin module; see handlers/admin.h.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "db/campaign.h"
#include "db/db.h"
#include "domain/rules.h"
#include "db/milestone.h"
#include "domain/money.h"
#include "domain/order.h"
#include "domain/timefmt.h"
#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "render/mustache.h"
#include "service/campaign.h"
#include "service/session.h"
#include "util/config.h"
#include "util/crypto.h"
#include "util/log.h"

/* The policy of every admin page: no script at all, not framable. */
#define ADMIN_CSP_HEAD	"default-src 'none'; style-src 'self'"
#define ADMIN_CSP_TAIL	"img-src 'self' https:; form-action 'self'; " \
	"frame-ancestors 'none'; base-uri 'none'"
#define ADMIN_CSP	ADMIN_CSP_HEAD "; " ADMIN_CSP_TAIL

const char *
admin_cookie_name(const struct sg_req *req)
{
	return req->https ? "__Host-sg_session" : "sg_session";
}

/* Whether s is exactly n lower-case hex digits. */
static int
admin_is_hex(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

int
admin_session_get(struct sg_app *app, const struct sg_req *req,
    struct svc_session *s)
{
	struct sg_form	 cookies;
	const char	*sid;
	int		 rc;

	memset(s, 0, sizeof(*s));
	sg_form_init(&cookies);
	if (req->cookie == NULL || sg_cookie_parse(&cookies, req->cookie,
	    strlen(req->cookie)) != SG_FORM_OK) {
		sg_form_free(&cookies);
		return 0;
	}
	sid = sg_cookie_get(&cookies, admin_cookie_name(req));
	if (sid == NULL || !admin_is_hex(sid, 2 * ADMIN_SID_BYTES)) {
		sg_form_free(&cookies);
		return 0;
	}
	rc = svc_session_get(app->db, sid, s);
	sg_form_free(&cookies);
	if (rc < 0)
		return rc;
	return rc == SVC_OK;
}

int
admin_token_equal(const char *expected, const char *presented)
{
	unsigned char	 a[SG_HASH_LEN], b[SG_HASH_LEN];

	if (expected == NULL || presented == NULL || *expected == '\0')
		return 0;
	sg_hash(expected, strlen(expected), a);
	sg_hash(presented, strlen(presented), b);
	return sg_hash_equal(a, b);
}

int
admin_door_or_reply(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp, struct svc_session *s, const struct admin_body *body,
    int *hrc)
{
	int	 rc;

	*hrc = SG_H_OK;
	if (req->method == SG_METHOD_POST && req->sec_fetch_site != NULL &&
	    strcasecmp(req->sec_fetch_site, "cross-site") == 0) {
		admin_error(app, resp, NULL, 403,
		    "This form was sent from another site and was refused.");
		return 0;
	}
	if ((rc = admin_session_get(app, req, s)) < 0) {
		*hrc = sg_h_db_error(resp, rc);
		return 0;
	}
	if (rc == 0) {
		if (req->method == SG_METHOD_POST)
			admin_error(app, resp, NULL, 403, "Your session has "
			    "ended. Sign in again, then repeat the change.");
		else
			admin_redirect(resp, "/admin/login");
		return 0;
	}
	if (req->method == SG_METHOD_POST &&
	    (body == NULL || !admin_token_equal(s->csrf, admin_field(body, "csrf")))) {
		admin_error(app, resp, s, 403, "This form is out of date or was "
		    "not sent from this site (missing or wrong CSRF token). "
		    "Reload the page and try again.");
		return 0;
	}
	return 1;
}

/* Parse the body into b: 0, or -1 with a sentence for the user in *why. */
static int
admin_body_parse(const struct sg_app *app, const struct sg_req *req,
    struct admin_body *b, const char **why)
{
	int	 rc;

	memset(b, 0, sizeof(*b));
	sg_form_init(&b->form);
	sg_mp_form_init(&b->mp, (size_t)app->cfg->max_upload + SG_FORM_OVERHEAD);
	if (strncasecmp(req->content_type, "multipart/form-data", 19) == 0) {
		b->multipart = 1;
		rc = sg_mp_form_parse(&b->mp, req->content_type, req->body,
		    req->body_len);
		if (rc != SG_MP_OK) {
			*why = sg_mp_strerror(rc);
			sg_mp_form_free(&b->mp);
			sg_mp_form_init(&b->mp, 0);
			return -1;
		}
		return 0;
	}
	if (req->body_len > SG_FORM_MAX_BYTES) {
		*why = "the form is too large";
		return -1;
	}
	if ((rc = sg_form_parse(&b->form, req->body, req->body_len)) != SG_FORM_OK) {
		*why = sg_form_strerror(rc);
		return -1;
	}
	return 0;
}

int
admin_body_or_reply(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp, struct admin_body *b, int *hrc)
{
	const char	*why;

	*hrc = SG_H_OK;
	if (admin_body_parse(app, req, b, &why) == 0)
		return 1;
	*hrc = admin_error(app, resp, NULL, 400, why);
	return 0;
}

void
admin_body_free(struct admin_body *b)
{
	sg_form_free(&b->form);
	sg_mp_form_free(&b->mp);
}

const char *
admin_field(const struct admin_body *b, const char *name)
{
	return sg_form_get(b->multipart ? &b->mp.fields : &b->form, name);
}

size_t
admin_field_all(const struct admin_body *b, const char *name,
    const char **out, size_t max)
{
	return sg_form_get_all(b->multipart ? &b->mp.fields : &b->form, name,
	    out, max);
}

cJSON *
admin_page_data(const struct svc_session *s, const char *title)
{
	cJSON	*d, *st;

	if ((d = cJSON_CreateObject()) == NULL)
		return NULL;
	if (cJSON_AddStringToObject(d, "page_title", title) == NULL)
		goto fail;
	if (s != NULL) {
		if (cJSON_AddStringToObject(d, "csrf", s->csrf) == NULL ||
		    cJSON_AddStringToObject(d, "user_email", s->email) == NULL ||
		    (st = cJSON_AddObjectToObject(d, "store")) == NULL ||
		    cJSON_AddStringToObject(st, "handle", s->store.handle) == NULL ||
		    cJSON_AddStringToObject(st, "name", s->store.name) == NULL ||
		    cJSON_AddStringToObject(st, "currency", s->store.currency) == NULL ||
		    cJSON_AddBoolToObject(d, "signed_in", 1) == NULL)
			goto fail;
	}
	return d;
fail:
	cJSON_Delete(d);
	return NULL;
}

void
admin_headers(struct sg_resp *resp)
{
	admin_headers_style(resp, NULL);
}

void
admin_headers_style(struct sg_resp *resp, const char *style_src)
{
	if (style_src != NULL && *style_src != '\0')
		sg_resp_header(resp, "Content-Security-Policy",
		    ADMIN_CSP_HEAD " %s; " ADMIN_CSP_TAIL, style_src);
	else
		sg_resp_header(resp, "Content-Security-Policy", "%s", ADMIN_CSP);
	sg_resp_header(resp, "Cache-Control", "no-store");
	sg_resp_header(resp, "X-Frame-Options", "DENY");
}

int
admin_render(struct sg_app *app, struct sg_resp *resp, int status,
    const char *name, const cJSON *data)
{
	struct mst_error	 err;

	sg_buf_reset(&resp->body);
	if (data == NULL ||
	    mst_set_render(app->templates, name, data, &resp->body, &err) != MST_OK) {
		if (data != NULL)
			sg_error("admin: rendering %s: %s", name, err.message);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	resp->status = status;
	sg_resp_header(resp, "Content-Type", "text/html; charset=utf-8");
	admin_headers(resp);
	return SG_H_OK;
}

int
admin_redirect(struct sg_resp *resp, const char *location)
{
	resp->status = 303;
	sg_buf_reset(&resp->body);
	sg_resp_header(resp, "Location", "%s", location);
	admin_headers(resp);
	return SG_H_OK;
}

int
admin_error(struct sg_app *app, struct sg_resp *resp,
    const struct svc_session *s, int status, const char *message)
{
	cJSON	*d;

	sg_resp_reset(resp);
	if ((d = admin_page_data(s, sg_status_text(status))) == NULL ||
	    cJSON_AddNumberToObject(d, "status", status) == NULL ||
	    cJSON_AddStringToObject(d, "message", message) == NULL) {
		cJSON_Delete(d);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	admin_render(app, resp, status, "admin_error", d);
	cJSON_Delete(d);
	return SG_H_OK;
}

const char *
admin_json_str(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

int64_t
admin_json_i64(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

/* o[name] = DATETIME text of t, or null when !has. */
static int
json_time(cJSON *o, const char *name, int has, sg_usec_t t)
{
	char	 buf[SG_TIME_FMT_MAX];

	if (!has || sg_time_format_sql(t, buf, sizeof(buf)) == -1)
		return cJSON_AddNullToObject(o, name) == NULL ? -1 : 0;
	return cJSON_AddStringToObject(o, name, buf) == NULL ? -1 : 0;
}

/* o[name] = s, or null when !has. */
static int
json_text(cJSON *o, const char *name, int has, const char *s)
{
	if (!has)
		return cJSON_AddNullToObject(o, name) == NULL ? -1 : 0;
	return cJSON_AddStringToObject(o, name, s) == NULL ? -1 : 0;
}

/* The campaign's default look: theme, accent (or null), radius (or null). */
static int
admin_campaign_look_json(const struct db_campaign *c, cJSON *o)
{
	char	 a[8];

	snprintf(a, sizeof(a), "#%06" PRIx32, c->accent & 0xffffff);
	if (cJSON_AddStringToObject(o, "theme", sg_theme_name(c->theme)) == NULL ||
	    json_text(o, "accent", c->has_accent, a) == -1 ||
	    (c->has_radius ? cJSON_AddNumberToObject(o, "radius",
	    (double)c->radius) == NULL : cJSON_AddNullToObject(o, "radius") ==
	    NULL))
		return -1;
	return 0;
}

int
admin_campaign_json(const struct db_campaign *c, int with_text, cJSON *o)
{
	if (cJSON_AddNumberToObject(o, "id", (double)c->id) == NULL ||
	    cJSON_AddStringToObject(o, "slug", c->slug) == NULL ||
	    cJSON_AddStringToObject(o, "title", c->title) == NULL ||
	    (with_text && cJSON_AddStringToObject(o, "description",
	    c->description) == NULL) ||
	    cJSON_AddStringToObject(o, "goal_kind",
	    sg_goal_kind_name(c->goal_kind)) == NULL ||
	    cJSON_AddNumberToObject(o, "goal", (double)c->goal) == NULL ||
	    json_time(o, "starts_at", c->has_starts, c->starts_at) == -1 ||
	    json_time(o, "ends_at", c->has_ends, c->ends_at) == -1 ||
	    cJSON_AddStringToObject(o, "status",
	    sg_campaign_status_name(c->status)) == NULL ||
	    cJSON_AddNumberToObject(o, "units", (double)c->units) == NULL ||
	    cJSON_AddNumberToObject(o, "amount", (double)c->amount) == NULL ||
	    cJSON_AddNumberToObject(o, "orders", (double)c->orders) == NULL ||
	    cJSON_AddNumberToObject(o, "backers", (double)c->backers) == NULL ||
	    cJSON_AddNumberToObject(o, "version", (double)c->version) == NULL ||
	    admin_campaign_look_json(c, o) == -1)
		return -1;
	return 0;
}

int
admin_milestone_json(const struct db_milestone *m, cJSON *o)
{
	if (cJSON_AddNumberToObject(o, "id", (double)m->id) == NULL ||
	    cJSON_AddStringToObject(o, "metric", sg_metric_name(m->metric)) == NULL ||
	    cJSON_AddNumberToObject(o, "target", (double)m->target) == NULL ||
	    cJSON_AddStringToObject(o, "title", m->title) == NULL ||
	    json_text(o, "image_url", m->has_image, m->image_url) == -1 ||
	    cJSON_AddStringToObject(o, "image_alt", m->image_alt) == NULL ||
	    cJSON_AddBoolToObject(o, "image_teaser", m->image_teaser) == NULL ||
	    cJSON_AddBoolToObject(o, "secret", m->secret) == NULL ||
	    cJSON_AddStringToObject(o, "before_text", m->before_text) == NULL ||
	    cJSON_AddStringToObject(o, "after_text", m->after_text) == NULL ||
	    cJSON_AddStringToObject(o, "reward", sg_reward_name(m->reward)) == NULL ||
	    json_text(o, "gift_product_id", m->has_gift_product,
	    m->gift_product_id) == -1 ||
	    json_text(o, "gift_variant_id", m->has_gift_variant,
	    m->gift_variant_id) == -1 ||
	    cJSON_AddNumberToObject(o, "gift_quantity", (double)m->gift_quantity) == NULL ||
	    cJSON_AddStringToObject(o, "scope",
	    m->scope == SG_SCOPE_NEW ? "new" : "all") == NULL ||
	    json_time(o, "reached_at", m->reached, m->reached_at) == -1 ||
	    json_text(o, "reached_order", m->reached_order[0] != '\0',
	    m->reached_order) == -1)
		return -1;
	return 0;
}

void
admin_amount_format(char *dst, size_t size, int64_t v, int money,
    const struct db_store *store)
{
	sg_amount_format(dst, size, v, money ? store->currency : NULL);
}

/* --- flash messages ------------------------------------------------------ */

/*
 * The messages a page shows once after a change.  The cookie carries only
 * the code: nothing typed by anyone is ever reflected.
 */
static const struct {
	const char	*code;
	const char	*text;
} admin_flashes[] = {
	{ "created", "Campaign created as a draft. Next: its milestones, a preview, then going live." },
	{ "saved", "Changes saved." },
	{ "live", "The campaign is live: orders count from now on." },
	{ "ended", "The campaign has ended: new orders no longer count." },
	{ "ms-added", "Milestone added." },
	{ "ms-saved", "Milestone saved." },
	{ "ms-deleted", "Milestone deleted." },
	{ "ms-gift-unchecked", "Milestone saved. Its gift product id was not checked: no catalog is synced yet, so make sure the id is right." },
	{ "duplicated", "This is the copy, as a draft: check its title, web address, dates and milestones." },
	{ "archived", "Campaign archived: it is hidden from the list (Show archived brings it back)." },
	{ "unarchived", "Campaign taken out of the archive." },
	{ "fulfilled", "Marked as fulfilled." },
	{ "none-fulfilled", "Nothing was marked: no pending grant was chosen." },
	/* Settings (admin_settings.c) */
	{ "hook-set", "Secret saved. Deliveries signed with it are accepted from now on." },
	{ "hook-removed", "Secret removed: this platform's webhooks are refused until a new one is set." },
	{ "webhook-deleted", "Endpoint deleted: it receives no more events." },
	{ "resent", "The event will be sent again in a few seconds." },
	{ "locale-saved", "Saved: amounts are read the new way from now on." },
};

#define ADMIN_FLASH_COOKIE	"sg_flash"

void
admin_flash_set(const struct sg_req *req, struct sg_resp *resp,
    const char *code)
{
	sg_resp_header(resp, "Set-Cookie", "%s=%s; Path=/admin; Max-Age=120; "
	    "HttpOnly; SameSite=Lax%s", ADMIN_FLASH_COOKIE, code,
	    req->https ? "; Secure" : "");
}

int
admin_flash_take(const struct sg_req *req, struct sg_resp *resp, cJSON *d)
{
	struct sg_form	 cookies;
	const char	*code;
	size_t		 i;
	int		 rc = 0;

	if (req->cookie == NULL)
		return 0;
	sg_form_init(&cookies);
	if (sg_cookie_parse(&cookies, req->cookie, strlen(req->cookie)) ==
	    SG_FORM_OK &&
	    (code = sg_cookie_get(&cookies, ADMIN_FLASH_COOKIE)) != NULL) {
		for (i = 0; i < sizeof(admin_flashes) / sizeof(admin_flashes[0]); i++)
			if (strcmp(code, admin_flashes[i].code) == 0 &&
			    cJSON_AddStringToObject(d, "flash",
			    admin_flashes[i].text) == NULL)
				rc = -1;
		sg_resp_header(resp, "Set-Cookie", "%s=; Path=/admin; Max-Age=0; "
		    "HttpOnly; SameSite=Lax%s", ADMIN_FLASH_COOKIE,
		    req->https ? "; Secure" : "");
	}
	sg_form_free(&cookies);
	return rc;
}

/* --- confirmation pages -------------------------------------------------- */

int
admin_confirm(struct sg_app *app, struct sg_resp *resp,
    const struct svc_session *s, const char *question,
    const char *consequence, const char *action, const char *status,
    const char *confirm_label, const char *cancel, const char *crumb)
{
	cJSON	*d, *fields, *f;

	if ((d = admin_page_data(s, question)) == NULL ||
	    cJSON_AddStringToObject(d, "question", question) == NULL ||
	    cJSON_AddStringToObject(d, "consequence", consequence) == NULL ||
	    cJSON_AddStringToObject(d, "action", action) == NULL ||
	    cJSON_AddStringToObject(d, "confirm_label", confirm_label) == NULL ||
	    cJSON_AddStringToObject(d, "cancel", cancel) == NULL ||
	    cJSON_AddStringToObject(d, "crumb", crumb) == NULL ||
	    (fields = cJSON_AddArrayToObject(d, "fields")) == NULL)
		goto nomem;
	if (status != NULL) {
		if ((f = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(fields, f) ||
		    cJSON_AddStringToObject(f, "name", "status") == NULL ||
		    cJSON_AddStringToObject(f, "value", status) == NULL)
			goto nomem;
	}
	admin_render(app, resp, 200, "admin_confirm", d);
	cJSON_Delete(d);
	return SG_H_OK;
nomem:
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

int
admin_confirmed(const struct admin_body *b)
{
	const char	*v = admin_field(b, "confirm");

	return v != NULL && strcmp(v, "yes") == 0;
}
