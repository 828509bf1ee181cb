/*
 * admin_login.c — signing in and out of the admin pages.
 *
 * The sign-in form is protected against login CSRF by a double-submit
 * token: GET /admin/login sets a random cookie "sg_login" (Path
 * /admin/login, SameSite=Strict) and puts the same value in the form.
 * The bookkeeping (failure counters per account and per address, the
 * session) is service/session.h's: past a limit every attempt, right or
 * wrong, gets 429 until the window ends.  This file only reads the form
 * and answers.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "db/db.h"
#include "domain/validate.h"
#include "handlers/admin.h"
#include "handlers/routes_admin.h"
#include "service/campaign.h"
#include "service/session.h"
#include "util/crypto.h"
#include "util/log.h"

#define LOGIN_COOKIE	"sg_login"

/*
 * Set the session cookie to sid, or clear it (NULL): Path=/ and Secure
 * over TLS (the __Host- prefix requires both), else Path=/admin.
 */
static void
admin_cookie_set(const struct sg_req *req, struct sg_resp *resp, const char *sid)
{
	sg_resp_header(resp, "Set-Cookie", "%s=%s; Path=%s%s%s; HttpOnly; "
	    "SameSite=Lax", admin_cookie_name(req), sid == NULL ? "" : sid,
	    req->https ? "/" : "/admin", sid == NULL ? "; Max-Age=0" : "",
	    req->https ? "; Secure" : "");
}

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
	struct svc_session	 s;
	int			 rc;

	if ((rc = admin_session_get(app, req, &s)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc > 0)
		return admin_redirect(resp, "/admin/campaigns");
	return login_form(app, req, resp, 200, "", NULL);
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
	struct svc_login	 login;
	const char		*email, *password;
	char			 norm[SG_EMAIL_MAX_BYTES + 1];
	char			 typed[SG_EMAIL_MAX_BYTES + 1];
	int			 rc, tokok, hrc;

	if (req->sec_fetch_site != NULL &&
	    strcasecmp(req->sec_fetch_site, "cross-site") == 0)
		return admin_error(app, resp, NULL, 403,
		    "This form was sent from another site and was refused.");
	if (!admin_body_or_reply(app, req, resp, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
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
	rc = svc_session_login(app->db, norm, password, req->remote_addr, &login);
	admin_body_free(&body);
	if (rc < 0)
		return sg_h_db_error(resp, rc);

	switch (login.outcome) {
	case SVC_LOGIN_THROTTLED:
		sg_warn("admin: sign-in refused for %s from %s: too many failures",
		    norm, req->remote_addr);
		rc = login_form(app, req, resp, 429, email, "Too many failed "
		    "sign-in attempts. Wait 15 minutes, then try again.");
		sg_resp_header(resp, "Retry-After", "%d", ADMIN_FAIL_WINDOW_SECS);
		return rc;
	case SVC_LOGIN_WRONG:
		sg_info("admin: failed sign-in for %s from %s", norm,
		    req->remote_addr);
		return login_form(app, req, resp, 401, email,
		    "Wrong email or password.");
	case SVC_LOGIN_SIGNED_IN:
		break;
	}
	sg_info("admin: %s signed in from %s", norm, req->remote_addr);
	admin_redirect(resp, "/admin/campaigns");
	admin_cookie_set(req, resp, login.sid);
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
	struct svc_session	 s;
	struct admin_body	 body;
	int			 rc, ok, hrc;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	ok = admin_door_or_reply(app, req, resp, &s, &body, &hrc);
	admin_body_free(&body);
	if (!ok)
		return hrc;
	if ((rc = svc_session_logout(app->db, s.id_hash)) < 0)
		return sg_h_db_error(resp, rc);
	admin_redirect(resp, "/admin/login");
	admin_cookie_set(req, resp, NULL);
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
