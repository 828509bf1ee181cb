/*
 * admin_login.c — signing in and out of the admin pages.
 *
 * The sign-in form is protected against login CSRF by a double-submit
 * token: GET /admin/login sets a random cookie "sg_login" (Path
 * /admin/login, SameSite=Strict) and puts the same value in the form.
 * Failed sign-ins are counted in login_failures per account ("u:<email>")
 * and per client address ("a:<addr>") in fixed windows of
 * ADMIN_FAIL_WINDOW_SECS; past the limit every attempt, right or wrong,
 * gets 429 until the window ends.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cJSON.h>

#include "db/db.h"
#include "db/internal.h"
#include "domain/timefmt.h"
#include "domain/validate.h"
#include "handlers/admin.h"
#include "handlers/routes_admin.h"
#include "util/crypto.h"
#include "util/log.h"

#define LOGIN_COOKIE	"sg_login"

/* Render the sign-in form with a fresh login token. */
static int
login_form(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp,
    int status, const char *email, const char *message)
{
	char	 tok[2 * 16 + 1];
	cJSON	*d;

	sg_random_hex(tok, 16);
	if ((d = admin_page_data(NULL, "Sign in")) == NULL ||
	    cJSON_AddStringToObject(d, "login_token", tok) == NULL ||
	    cJSON_AddStringToObject(d, "email", email) == NULL ||
	    (message != NULL && cJSON_AddStringToObject(d, "message", message) == NULL)) {
		cJSON_Delete(d);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	admin_render(app, resp, status, "admin_login", d);
	cJSON_Delete(d);
	sg_resp_header(resp, "Set-Cookie", "%s=%s; Path=/admin/login; HttpOnly; "
	    "SameSite=Strict%s", LOGIN_COOKIE, tok, req->https ? "; Secure" : "");
	return SG_H_OK;
}

/*
 * GET /admin/login
 * The sign-in form.  200; 303 to /admin/campaigns when already signed in.
 */
int
h_admin_login_form(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct admin_session	 s;
	int			 rc;

	if ((rc = admin_session_get(app, req, &s)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc > 0)
		return admin_redirect(resp, "/admin/campaigns");
	return login_form(app, req, resp, 200, "", NULL);
}

/* The current failure window's start as DATETIME text. */
static void
login_window(char *dst, size_t size, int64_t back)
{
	int64_t	 now = (int64_t)time(NULL);

	now -= now % ADMIN_FAIL_WINDOW_SECS;
	now -= back;
	if (sg_time_format_sql(now * SG_USEC_PER_SEC, dst, size) == -1)
		snprintf(dst, size, "1970-01-01 00:00:00");
	dst[19] = '\0';		/* whole seconds */
}

/* Failures of key in the current window: >= 0, or a DB_* code. */
static int64_t
login_failures(struct sg_db *db, const char *key, const char *window)
{
	int64_t	 n = 0;
	int	 rc;

	rc = db_get_i64(db, SQL_ADMIN_FAILURES_GET, &n, "ss", key, window);
	return rc < 0 ? rc : n;
}

/*
 * The failure key of an account: "u:<email>".  Accounts are ASCII (the
 * users table is); an email with other characters cannot be one, and gets
 * "u#<hash>" so that it still fits the ASCII key column.
 */
static void
login_account_key(const char *email, char *key, size_t size)
{
	unsigned char	 h[SG_HASH_LEN];
	const char	*p;
	size_t		 i, o;

	for (p = email; *p != '\0' && (unsigned char)*p < 0x80; p++)
		;
	if (*p == '\0') {
		snprintf(key, size, "u:%s", email);
		return;
	}
	sg_hash(email, strlen(email), h);
	o = (size_t)snprintf(key, size, "u#");
	for (i = 0; i < SG_HASH_LEN && o + 3 <= size; i++)
		o += (size_t)snprintf(key + o, size - o, "%02x", h[i]);
}

/* A password hash to verify against when the account does not exist. */
static const char *
login_dummy_hash(void)
{
	static char	 hash[SG_PWHASH_LEN];

	if (hash[0] == '\0' && sg_password_hash("not a password of anyone", hash) == -1)
		return NULL;
	return hash;
}

/*
 * POST /admin/login (form: csrf, email, password)
 * 303 to /admin/campaigns with a new session cookie on success;
 * 401 the form again with a message when the email or password is wrong;
 * 403 when the login token is missing or wrong or the request is cross-site;
 * 429 after too many failures for this account or address;
 * 400 for a malformed body.
 */
int
h_admin_login(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp)
{
	struct admin_body	 body;
	struct sg_form		 cookies;
	const char		*why, *email, *password, *stored, *hash;
	char			 norm[SG_EMAIL_MAX_BYTES + 1], window[SG_TIME_FMT_MAX];
	char			 ukey[SG_EMAIL_MAX_BYTES + 3], akey[300];
	char			 sid[2 * ADMIN_SID_BYTES + 1];
	char			 csrf[2 * ADMIN_CSRF_BYTES + 1];
	char			 pwhash[SG_PWHASH_LEN + 1];
	char			 typed[SG_EMAIL_MAX_BYTES + 1];
	unsigned char		 idh[SG_HASH_LEN];
	int64_t			 nu, na, user_id = 0;
	int			 rc, ok, tokok, found;

	if (req->sec_fetch_site != NULL &&
	    strcasecmp(req->sec_fetch_site, "cross-site") == 0)
		return admin_error(app, resp, NULL, 403,
		    "This form was sent from another site and was refused.");
	if (admin_body_parse(app, req, &body, &why) == -1) {
		admin_body_free(&body);
		return admin_error(app, resp, NULL, 400, why);
	}
	sg_form_init(&cookies);
	tokok = req->cookie != NULL && sg_cookie_parse(&cookies, req->cookie,
	    strlen(req->cookie)) == SG_FORM_OK &&
	    admin_token_equal(sg_cookie_get(&cookies, LOGIN_COOKIE),
	    admin_field(&body, "csrf"));
	sg_form_free(&cookies);
	email = admin_field(&body, "email");
	password = admin_field(&body, "password");
	/* Kept for the form after the body is freed, cut to a sane length. */
	snprintf(typed, sizeof(typed), "%s", email == NULL ||
	    strlen(email) > SG_EMAIL_MAX_BYTES ? "" : email);
	email = typed;
	if (!tokok) {
		rc = login_form(app, req, resp, 403, email, "The sign-in form "
		    "expired or was not sent from this site. Please try again.");
		admin_body_free(&body);
		return rc;
	}
	if (password == NULL || *password == '\0' ||
	    sg_email_normalise(email, norm, sizeof(norm)) != SG_VERR_OK ||
	    strlen(password) > SG_PASSWORD_MAX) {
		rc = login_form(app, req, resp, 401, email,
		    "Wrong email or password.");
		admin_body_free(&body);
		return rc;
	}

	login_window(window, sizeof(window), 0);
	login_account_key(norm, ukey, sizeof(ukey));
	snprintf(akey, sizeof(akey), "a:%.290s", req->remote_addr);
	if ((nu = login_failures(app->db, ukey, window)) < 0 ||
	    (na = login_failures(app->db, akey, window)) < 0) {
		admin_body_free(&body);
		return sg_h_db_error(resp, nu < 0 ? (int)nu : (int)na);
	}
	if (nu >= ADMIN_FAIL_MAX_ACCOUNT || na >= ADMIN_FAIL_MAX_ADDRESS) {
		sg_warn("admin: sign-in refused for %s from %s: too many failures",
		    norm, req->remote_addr);
		rc = login_form(app, req, resp, 429, email, "Too many failed "
		    "sign-in attempts. Wait 15 minutes, then try again.");
		sg_resp_header(resp, "Retry-After", "%d", ADMIN_FAIL_WINDOW_SECS);
		admin_body_free(&body);
		return rc;
	}

	/* Accounts are ASCII (see login_account_key()): others are unknown. */
	pwhash[0] = '\0';
	found = 0;
	if (ukey[1] == ':') {
		if ((rc = db_exec(app->db, SQL_ADMIN_USER_BY_EMAIL, "s", norm)) != DB_OK) {
			admin_body_free(&body);
			return sg_h_db_error(resp, rc);
		}
		if ((found = db_fetch(app->db, SQL_ADMIN_USER_BY_EMAIL)) > 0) {
			user_id = db_col_i64(app->db, SQL_ADMIN_USER_BY_EMAIL, 0);
			stored = db_col_str(app->db, SQL_ADMIN_USER_BY_EMAIL, 2, NULL);
			snprintf(pwhash, sizeof(pwhash), "%s", stored);
		}
		db_done(app->db, SQL_ADMIN_USER_BY_EMAIL);
	}
	if (found < 0) {
		admin_body_free(&body);
		return sg_h_db_error(resp, found);
	}
	/* The same work whether or not the account exists. */
	hash = found ? pwhash : login_dummy_hash();
	ok = hash != NULL && sg_password_verify(hash, password) == 1 && found;
	admin_body_free(&body);

	if (!ok) {
		if ((rc = db_exec(app->db, SQL_ADMIN_FAILURES_ADD, "ss", ukey,
		    window)) != DB_OK || (rc = db_exec(app->db,
		    SQL_ADMIN_FAILURES_ADD, "ss", akey, window)) != DB_OK)
			return sg_h_db_error(resp, rc);
		sg_info("admin: failed sign-in for %s from %s", norm,
		    req->remote_addr);
		return login_form(app, req, resp, 401, email,
		    "Wrong email or password.");
	}

	/* A brand-new session id at every sign-in. */
	sg_random_hex(sid, ADMIN_SID_BYTES);
	sg_random_hex(csrf, ADMIN_CSRF_BYTES);
	sg_hash(sid, strlen(sid), idh);
	login_window(window, sizeof(window), 2 * ADMIN_FAIL_WINDOW_SECS);
	if ((rc = db_exec(app->db, SQL_ADMIN_SESSION_PURGE, "i", user_id)) != DB_OK ||
	    (rc = db_exec(app->db, SQL_ADMIN_SESSION_INSERT, "bis", idh,
	    sizeof(idh), user_id, csrf)) != DB_OK ||
	    (rc = db_exec(app->db, SQL_ADMIN_FAILURES_CLEAR, "s", ukey)) != DB_OK ||
	    (rc = db_exec(app->db, SQL_ADMIN_FAILURES_PURGE, "s", window)) != DB_OK)
		return sg_h_db_error(resp, rc);
	sg_info("admin: %s signed in from %s", norm, req->remote_addr);
	admin_redirect(resp, "/admin/campaigns");
	if (req->https)
		sg_resp_header(resp, "Set-Cookie", "__Host-sg_session=%s; Path=/; "
		    "Secure; HttpOnly; SameSite=Lax", sid);
	else
		sg_resp_header(resp, "Set-Cookie", "sg_session=%s; Path=/admin; "
		    "HttpOnly; SameSite=Lax", sid);
	sg_resp_header(resp, "Set-Cookie", "%s=; Path=/admin/login; Max-Age=0; "
	    "HttpOnly; SameSite=Strict", LOGIN_COOKIE);
	return SG_H_OK;
}

/*
 * POST /admin/logout (form: csrf)
 * Ends the session in the database and clears the cookie: 303 to
 * /admin/login.  403 on a missing or wrong CSRF token.
 */
int
h_admin_logout(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp)
{
	struct admin_session	 s;
	struct admin_body	 body;
	const char		*why;
	int			 rc;

	if (admin_body_parse(app, req, &body, &why) == -1) {
		admin_body_free(&body);
		return admin_error(app, resp, NULL, 400, why);
	}
	rc = admin_door(app, req, resp, &s, &body);
	admin_body_free(&body);
	if (rc <= 0)
		return ADMIN_DOOR_RC(rc);
	if ((rc = db_exec(app->db, SQL_ADMIN_SESSION_DELETE, "b", s.id_hash,
	    sizeof(s.id_hash))) != DB_OK)
		return sg_h_db_error(resp, rc);
	admin_redirect(resp, "/admin/login");
	if (req->https)
		sg_resp_header(resp, "Set-Cookie", "__Host-sg_session=; Path=/; "
		    "Max-Age=0; Secure; HttpOnly; SameSite=Lax");
	else
		sg_resp_header(resp, "Set-Cookie", "sg_session=; Path=/admin; "
		    "Max-Age=0; HttpOnly; SameSite=Lax");
	return SG_H_OK;
}

/*
 * GET /admin and /admin/
 * 303 to /admin/campaigns (which sends a signed-out visitor to the login).
 */
int
h_admin_home(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp)
{
	(void)app;
	(void)req;
	return admin_redirect(resp, "/admin/campaigns");
}
