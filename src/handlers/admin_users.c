/*
 * admin_users.c — accounts in the admin: the password reset page, reached
 * with a one-time link from "stretchgoalctl user reset" (a locked-out or
 * forgetful creator's way back).  No session is needed: the link's token
 * (256 random bits, stored only as a hash) is the credential, spent by
 * the first successful use.  Every write goes through service/account.h.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "handlers/admin.h"
#include "handlers/routes_admin.h"
#include "service/account.h"
#include "service/service.h"
#include "util/crypto.h"
#include "util/form.h"
#include "util/log.h"

#define RESET_INVALID \
	"This link is not valid: it was used already, it expired (a link " \
	"works for one hour), or it was copied incompletely."

/* The reset page: the form for email (NULL: only the message). */
static int
reset_page(struct sg_app *app, struct sg_resp *resp, int status,
    const char *token, const char *email, const char *message)
{
	cJSON	*d;

	if ((d = admin_page_data(NULL, "Set a new password")) == NULL ||
	    (email != NULL && (cJSON_AddStringToObject(d, "email", email) == NULL ||
	    cJSON_AddStringToObject(d, "token", token) == NULL)) ||
	    (message != NULL && cJSON_AddStringToObject(d, "message", message) == NULL)) {
		cJSON_Delete(d);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	admin_render(app, resp, status, "admin_reset", d);
	cJSON_Delete(d);
	/* The token is in this page's URL: never send it on as a Referer. */
	sg_resp_header(resp, "Referrer-Policy", "no-referrer");
	return SG_H_OK;
}

/*
 * GET /admin/reset?token=T
 * 200 the form to set a new password; 404 with the reason when the link is
 * unknown, used or expired.
 */
int
h_admin_reset_form(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct sg_form	 q;
	char		 email[255], token[ACCOUNT_RESET_HEX + 1];
	const char	*t;
	int		 rc;

	sg_form_init(&q);
	if (sg_form_parse(&q, req->query, strlen(req->query)) != SG_FORM_OK ||
	    (t = sg_form_get(&q, "token")) == NULL ||
	    strlen(t) != ACCOUNT_RESET_HEX) {
		sg_form_free(&q);
		return reset_page(app, resp, 404, NULL, NULL, RESET_INVALID);
	}
	memcpy(token, t, sizeof(token));
	sg_form_free(&q);
	if ((rc = svc_account_reset_check(app->db, token, email)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_NOT_FOUND)
		return reset_page(app, resp, 404, NULL, NULL, RESET_INVALID);
	return reset_page(app, resp, 200, token, email, NULL);
}

/*
 * POST /admin/reset (form: token, password, password2)
 * 303 to /admin/login once the password is set (the link is then spent,
 * the account's sessions ended and its sign-in failures forgotten); 422
 * the form again when the passwords are too short or differ; 404 when the
 * link is unknown, used or expired; 403 cross-site.
 */
int
h_admin_reset(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp)
{
	struct admin_body	 body;
	const char		*t, *p1, *p2, *why = NULL;
	char			 token[ACCOUNT_RESET_HEX + 1], email[255];
	char			 hash[SG_PWHASH_LEN];
	int			 rc, hrc;

	if (req->sec_fetch_site != NULL &&
	    strcasecmp(req->sec_fetch_site, "cross-site") == 0)
		return admin_error(app, resp, NULL, 403,
		    "This form was sent from another site and was refused.");
	if (!admin_body_or_reply(app, req, resp, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	t = admin_field(&body, "token");
	if (t == NULL || strlen(t) != ACCOUNT_RESET_HEX) {
		admin_body_free(&body);
		return reset_page(app, resp, 404, NULL, NULL, RESET_INVALID);
	}
	memcpy(token, t, sizeof(token));
	p1 = admin_field(&body, "password");
	p2 = admin_field(&body, "password2");
	if (p1 == NULL || strlen(p1) < SG_PASSWORD_MIN)
		why = "The password must have at least 10 characters.";
	else if (strlen(p1) > SG_PASSWORD_MAX)
		why = "The password may have at most 1024 characters.";
	else if (p2 == NULL || strcmp(p1, p2) != 0)
		why = "The two passwords differ: type the same password twice.";
	else if (sg_password_hash(p1, hash) == -1) {
		admin_body_free(&body);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	admin_body_free(&body);
	if (why != NULL) {
		if ((rc = svc_account_reset_check(app->db, token, email)) < 0)
			return sg_h_db_error(resp, rc);
		if (rc == SVC_NOT_FOUND)
			return reset_page(app, resp, 404, NULL, NULL, RESET_INVALID);
		return reset_page(app, resp, 422, token, email, why);
	}
	if ((rc = svc_account_reset_use(app->db, token, hash)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_NOT_FOUND)
		return reset_page(app, resp, 404, NULL, NULL, RESET_INVALID);
	sg_info("admin: a password was set with a reset link from %s",
	    req->remote_addr);
	return admin_redirect(resp, "/admin/login");
}
