/*
 * admin_core.c — sessions, the CSRF door, form bodies and HTML answers of
 * the admin module; see handlers/admin.h.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "db/db.h"
#include "db/internal.h"
#include "domain/money.h"
#include "handlers/admin.h"
#include "handlers/handlers.h"
#include "render/mustache.h"
#include "util/config.h"
#include "util/crypto.h"
#include "util/log.h"

/* The policy of every admin page: no script at all, not framable. */
#define ADMIN_CSP "default-src 'none'; style-src 'self'; img-src 'self' https:; " \
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* Seconds between two refreshes of a session's last_seen_at. */
#define ADMIN_TOUCH_SECS	15

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
    struct admin_session *s)
{
	struct sg_form	 cookies;
	const char	*sid;
	int		 rc;
	int64_t		 store_id, idle;

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
	sg_hash(sid, strlen(sid), s->id_hash);
	sg_form_free(&cookies);

	if ((rc = db_exec(app->db, SQL_ADMIN_SESSION_GET, "b", s->id_hash,
	    sizeof(s->id_hash))) != DB_OK)
		return rc;
	if ((rc = db_fetch(app->db, SQL_ADMIN_SESSION_GET)) <= 0) {
		db_done(app->db, SQL_ADMIN_SESSION_GET);
		return rc;
	}
	s->user_id = db_col_i64(app->db, SQL_ADMIN_SESSION_GET, 0);
	snprintf(s->csrf, sizeof(s->csrf), "%s",
	    db_col_str(app->db, SQL_ADMIN_SESSION_GET, 1, NULL));
	store_id = db_col_i64(app->db, SQL_ADMIN_SESSION_GET, 2);
	snprintf(s->email, sizeof(s->email), "%s",
	    db_col_str(app->db, SQL_ADMIN_SESSION_GET, 3, NULL));
	idle = db_col_i64(app->db, SQL_ADMIN_SESSION_GET, 4);
	db_done(app->db, SQL_ADMIN_SESSION_GET);

	if (idle >= ADMIN_TOUCH_SECS && (rc = db_exec(app->db,
	    SQL_ADMIN_SESSION_TOUCH, "b", s->id_hash, sizeof(s->id_hash))) != DB_OK)
		return rc;
	if ((rc = db_store_get_by_id(app->db, store_id, &s->store)) <= 0)
		return rc == 0 ? DB_ERR : rc;
	return 1;
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
admin_door(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp,
    struct admin_session *s, const struct admin_body *body)
{
	int	 rc;

	if (req->method == SG_METHOD_POST && req->sec_fetch_site != NULL &&
	    strcasecmp(req->sec_fetch_site, "cross-site") == 0) {
		admin_error(app, resp, NULL, 403,
		    "This form was sent from another site and was refused.");
		return 0;
	}
	if ((rc = admin_session_get(app, req, s)) < 0) {
		rc = sg_h_db_error(resp, rc);
		return rc == SG_H_OK ? 0 : -rc;
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

int
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
admin_page_data(const struct admin_session *s, const char *title)
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
    const struct admin_session *s, int status, const char *message)
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

void
admin_amount_format(char *dst, size_t size, int64_t v, int money,
    const struct db_store *store)
{
	const struct sg_currency	*cur;

	cur = money ? sg_currency_lookup(store->currency) : NULL;
	if (cur != NULL && sg_money_format(dst, size, v, cur) == 0)
		return;
	if (sg_units_format(dst, size, v) != 0)
		snprintf(dst, size, "%" PRId64, v);
}

int
admin_amount_parse(const char *s, int money, int exponent, int64_t *out)
{
	int64_t		 v = 0;
	int		 digits = 0, frac = -1;
	const char	*p;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return -1;
	for (p = s; *p != '\0' && *p != ' '; p++) {
		if (*p == '.' && money && frac < 0 && exponent > 0) {
			frac = 0;
			continue;
		}
		if (*p == ',' && frac < 0)
			continue;	/* a thousands separator */
		if (!isdigit((unsigned char)*p))
			return -1;
		if (frac >= 0 && ++frac > exponent)
			return -1;
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
		digits++;
	}
	while (*p == ' ')
		p++;
	if (*p != '\0' || digits == 0)
		return -1;
	if (money) {
		if (frac < 0)
			frac = 0;
		for (; frac < exponent; frac++) {
			if (v > INT64_MAX / 10)
				return -1;
			v *= 10;
		}
	}
	*out = v;
	return 0;
}

void
admin_amount_input(char *dst, size_t size, int64_t v, int money, int exponent)
{
	int64_t	 div = 1;
	int	 i;
	char	 frac[8];
	int64_t	 f;

	if (!money || exponent <= 0) {
		snprintf(dst, size, "%" PRId64, v);
		return;
	}
	if (exponent > 4)
		exponent = 4;
	for (i = 0; i < exponent; i++)
		div *= 10;
	f = v % div;
	if (f < 0)
		f = -f;
	for (i = exponent - 1; i >= 0; i--) {
		frac[i] = (char)('0' + f % 10);
		f /= 10;
	}
	frac[exponent] = '\0';
	snprintf(dst, size, "%" PRId64 ".%s", v / div, frac);
}

int64_t
admin_percent(int64_t progress, int64_t goal)
{
	if (goal <= 0 || progress <= 0)
		return 0;
	if (progress > INT64_MAX / 100)
		return progress / goal * 100;
	return progress * 100 / goal;
}
