/*
 * admin_users.c — accounts in the admin: the Users and API tokens pages
 * (list, add and remove users, create and revoke tokens; a new password or
 * token is shown once), and the password reset page, reached
 * with a one-time link from "stretchgoalctl user reset" (a locked-out or
 * forgetful creator's way back).  No session is needed: the link's token
 * (256 random bits, stored only as a hash) is the credential, spent by
 * the first successful use.  Every write goes through service/account.h.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include <cJSON.h>
#include <sodium.h>

#include "handlers/admin.h"
#include "handlers/routes_admin.h"
#include "service/account.h"
#include "service/service.h"
#include "domain/validate.h"
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

/* --- Users and API tokens pages -------------------------------------------- */

static int
user_row(void *arg, const struct db_user_row *u)
{
	cJSON	*a = arg, *o;

	if ((o = cJSON_CreateObject()) == NULL)
		return 1;
	cJSON_AddItemToArray(a, o);
	return cJSON_AddStringToObject(o, "email", u->email) == NULL ||
	    cJSON_AddStringToObject(o, "created", u->created) == NULL;
}

/* The Users page; extra is merged in (message, new_password, ...). */
static int
users_page(struct sg_app *app, struct sg_resp *resp,
    const struct svc_session *s, int status, const char *message,
    const char *new_email, const char *new_password, const char *typed)
{
	cJSON	*d, *a, *o;
	int	 rc;

	if ((d = admin_page_data(s, "Users")) == NULL ||
	    (a = cJSON_AddArrayToObject(d, "users")) == NULL)
		goto nomem;
	if ((rc = db_user_list(app->db, s->store.id, user_row, a)) != DB_OK) {
		cJSON_Delete(d);
		return sg_h_db_error(resp, rc);
	}
	cJSON_ArrayForEach(o, a)
		if (strcasecmp(cJSON_GetObjectItem(o, "email")->valuestring,
		    s->email) == 0 && cJSON_AddTrueToObject(o, "is_me") == NULL)
			goto nomem;
	if ((message != NULL && cJSON_AddStringToObject(d, "message", message) == NULL) ||
	    (new_email != NULL && cJSON_AddStringToObject(d, "new_email", new_email) == NULL) ||
	    (new_password != NULL &&
	    cJSON_AddStringToObject(d, "new_password", new_password) == NULL) ||
	    cJSON_AddStringToObject(d, "typed_email", typed != NULL ? typed : "") == NULL)
		goto nomem;
	admin_render(app, resp, status, "admin_users", d);
	cJSON_Delete(d);
	return SG_H_OK;
nomem:
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/*
 * GET /admin/users
 * The store's accounts, a form to add one, and one to remove each (but
 * not the signed-in creator's own).  200.
 */
int
h_admin_users(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp)
{
	struct svc_session	 s;
	int			 hrc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &hrc))
		return hrc;
	return users_page(app, resp, &s, 200, NULL, NULL, NULL, NULL);
}

/*
 * POST /admin/users (form: csrf, email)
 * Add an account with a generated password, shown once on the page (200).
 * 422 the page with the reason for a bad or taken e-mail.
 */
int
h_admin_user_add(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp)
{
	struct admin_body	 body;
	struct svc_session	 s;
	char			 norm[SG_EMAIL_MAX_BYTES + 1], typed[SG_EMAIL_MAX_BYTES + 1];
	char			 pw[21], hash[SG_PWHASH_LEN];
	const char		*e;
	int			 rc, hrc;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	e = admin_field(&body, "email");
	snprintf(typed, sizeof(typed), "%s", e == NULL ||
	    strlen(e) > SG_EMAIL_MAX_BYTES ? "" : e);
	admin_body_free(&body);
	if (sg_email_normalise(typed, norm, sizeof(norm)) != SG_VERR_OK)
		return users_page(app, resp, &s, 422, "That is not an e-mail "
		    "address (like name@example.com).", NULL, NULL, typed);
	sg_random_password(pw, 20);
	if (sg_password_hash(pw, hash) == -1) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	if ((rc = svc_account_user_add(app->db, s.store.id, norm, hash)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_CONFLICT)
		return users_page(app, resp, &s, 422, "This e-mail address has an "
		    "account already.", NULL, NULL, typed);
	sg_info("admin: %s added the account %s", s.email, norm);
	rc = users_page(app, resp, &s, 200, NULL, norm, pw, NULL);
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

/*
 * POST /admin/users/remove (form: csrf, email, confirm)
 * Remove another account of the store (its sessions end): 303 to
 * /admin/users.  422 without the confirmation box ticked, or for one's
 * own account; 404 for an account the store does not have.
 */
int
h_admin_user_remove(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct admin_body	 body;
	struct svc_session	 s;
	char			 email[SG_EMAIL_MAX_BYTES + 1];
	const char		*e, *confirm;
	int			 rc, hrc;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	e = admin_field(&body, "email");
	confirm = admin_field(&body, "confirm");
	snprintf(email, sizeof(email), "%s", e == NULL ||
	    strlen(e) > SG_EMAIL_MAX_BYTES ? "" : e);
	rc = confirm != NULL && strcmp(confirm, "1") == 0;
	admin_body_free(&body);
	if (strcasecmp(email, s.email) == 0)
		return users_page(app, resp, &s, 422, "You cannot remove your own "
		    "account while signed in with it.", NULL, NULL, NULL);
	if (!rc)
		return users_page(app, resp, &s, 422, "Tick \"Yes, remove\" next to "
		    "the account to confirm: a removed account cannot be restored.",
		    NULL, NULL, NULL);
	if ((rc = svc_account_user_remove(app->db, s.store.id, email)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_NOT_FOUND)
		return users_page(app, resp, &s, 404, "This store has no such "
		    "account.", NULL, NULL, NULL);
	sg_info("admin: %s removed the account %s", s.email, email);
	return admin_redirect(resp, "/admin/users");
}

static int
token_row(void *arg, const struct db_token_row *t)
{
	cJSON	*a = arg, *o;

	if ((o = cJSON_CreateObject()) == NULL)
		return 1;
	cJSON_AddItemToArray(a, o);
	return cJSON_AddStringToObject(o, "id", t->token_id) == NULL ||
	    cJSON_AddStringToObject(o, "label", t->label) == NULL ||
	    cJSON_AddStringToObject(o, "created", t->created) == NULL ||
	    cJSON_AddStringToObject(o, "revoked", t->revoked) == NULL ||
	    cJSON_AddStringToObject(o, "last_used", t->last_used) == NULL ||
	    cJSON_AddBoolToObject(o, "live", *t->revoked == '\0') == NULL ||
	    cJSON_AddBoolToObject(o, "has_label", *t->label != '\0') == NULL ||
	    cJSON_AddBoolToObject(o, "used", *t->last_used != '\0') == NULL;
}

static int
tokens_page(struct sg_app *app, struct sg_resp *resp,
    const struct svc_session *s, int status, const char *message,
    const char *new_token)
{
	cJSON	*d, *a;
	int	 rc;

	if ((d = admin_page_data(s, "API tokens")) == NULL ||
	    (a = cJSON_AddArrayToObject(d, "tokens")) == NULL)
		goto nomem;
	if ((rc = db_token_list(app->db, s->store.id, token_row, a)) != DB_OK) {
		cJSON_Delete(d);
		return sg_h_db_error(resp, rc);
	}
	if ((message != NULL && cJSON_AddStringToObject(d, "message", message) == NULL) ||
	    (new_token != NULL && cJSON_AddStringToObject(d, "new_token", new_token) == NULL))
		goto nomem;
	admin_render(app, resp, status, "admin_tokens", d);
	cJSON_Delete(d);
	return SG_H_OK;
nomem:
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/* GET /admin/tokens — the store's API tokens and a form for a new one. 200. */
int
h_admin_tokens(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp)
{
	struct svc_session	 s;
	int			 hrc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &hrc))
		return hrc;
	return tokens_page(app, resp, &s, 200, NULL, NULL);
}

/*
 * POST /admin/tokens (form: csrf, label)
 * A new token, shown once on the page (200); 422 for a label over 200
 * characters.
 */
int
h_admin_token_create(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct admin_body	 body;
	struct svc_session	 s;
	char			 label[SG_TITLE_MAX * 4 + 1], token[SG_TOKEN_LEN + 1];
	const char		*l;
	int			 rc, hrc;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	l = admin_field(&body, "label");
	if (l == NULL)
		l = "";
	if (sg_text_check(l, strlen(l), 0, SG_TITLE_MAX, 0, 0, NULL) != SG_VERR_OK) {
		admin_body_free(&body);
		return tokens_page(app, resp, &s, 422, "The label may have at most "
		    "200 characters.", NULL);
	}
	snprintf(label, sizeof(label), "%s", l);
	admin_body_free(&body);
	if ((rc = svc_account_token_create(app->db, s.store.id, label, token)) < 0)
		return sg_h_db_error(resp, rc);
	sg_info("admin: %s created an API token", s.email);
	rc = tokens_page(app, resp, &s, 200, NULL, token);
	sodium_memzero(token, sizeof(token));
	return rc;
}

/*
 * POST /admin/tokens/revoke (form: csrf, id)
 * Revoke a live token of the store: 303 to /admin/tokens; 404 when the
 * store has no such live token.
 */
int
h_admin_token_revoke(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct admin_body	 body;
	struct svc_session	 s;
	char			 id[SG_TOKEN_ID_LEN + 1];
	const char		*t;
	int			 rc, hrc;

	if (!admin_body_or_reply(app, req, resp, &body, &hrc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &hrc)) {
		admin_body_free(&body);
		return hrc;
	}
	t = admin_field(&body, "id");
	snprintf(id, sizeof(id), "%s", t == NULL ? "" : t);
	admin_body_free(&body);
	if ((rc = svc_account_token_revoke(app->db, s.store.id, id)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_NOT_FOUND)
		return tokens_page(app, resp, &s, 404, "This store has no such live "
		    "token.", NULL);
	sg_info("admin: %s revoked the API token %s", s.email, id);
	return admin_redirect(resp, "/admin/tokens");
}
