/*
 * admin_milestone.c — the milestone form of the admin: create, edit and
 * delete milestones, with the reveal photo upload.
 *
 * Rule 9 is shown in the form: once a milestone is reached, its metric,
 * target, reward, scope and gift fields are rendered disabled with the reason, and
 * the browser does not send them; the service refuses (409) a change that
 * comes anyway.  Saving goes through service/campaign.h (shared with the
 * API), which also reaches a milestone created at or below the current
 * progress and hands out its grants.
 *
 * SPEC rule 3 in the form: "Secret until reached" and "Show the photo
 * before it is reached (teaser)" (check boxes, with flags=1 so that an
 * unticked box is told from one the browser did not send) and the photo's
 * description (image_alt); none of them is locked once reached.
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
#include "db/milestone.h"
#include "domain/money.h"
#include "domain/order.h"
#include "domain/validate.h"
#include "db/product.h"
#include "handlers/admin.h"
#include "handlers/routes_admin.h"
#include "service/campaign.h"
#include "util/image.h"
#include "util/log.h"

/* A milestone id from the path: 1..2^53 in decimal, or -1. */
static int64_t
milestone_id_parse(const char *s)
{
	int64_t	 v = 0;
	size_t	 i;

	if (s == NULL || *s == '\0' || strlen(s) > 15)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v > 0 ? v : -1;
}

/* Load milestone id of campaign c into m: 1, 0, < 0 (a DB_* code). */
static int
milestone_load(struct sg_app *app, const cJSON *c, int64_t id, cJSON *m)
{
	struct db_milestone	*ms;
	int			 rc;

	if ((ms = malloc(sizeof(*ms))) == NULL)
		return DB_ERR;
	rc = db_milestone_get(app->db, admin_json_i64(c, "id"), id, ms);
	if (rc > 0 && admin_milestone_json(ms, m) == -1)
		rc = DB_ERR;
	free(ms);
	return rc;
}

/*
 * Variant suggestions per form, at most: 50 listed products may have 100
 * variants each, and 5,000 labels of up to ~8 KB each once HTML-escaped
 * did not fit in a response (500).
 */
#define MILESTONE_VARIANT_OPTIONS_MAX	400

/*
 * The catalog's variants as suggestions for the gift variant field: one
 * {"id", "label"} per variant of the listed products, into d.variants
 * (the first MILESTONE_VARIANT_OPTIONS_MAX).  Variants are stored by the
 * catalog sync as [{"id","title"}].
 */
static int
milestone_variant_options(const cJSON *prods, cJSON *d)
{
	const cJSON	*p, *v, *id, *title;
	cJSON		*opts, *vars, *o;
	int		 n = 0;
	/* Two titles of up to 200 characters (4 bytes each), the id: never cut. */
	char		 label[2 * 4 * SG_TITLE_MAX + SG_EXTID_MAX + 16];

	if ((opts = cJSON_AddArrayToObject(d, "variants")) == NULL)
		return -1;
	cJSON_ArrayForEach(p, prods) {
		const char *text = admin_json_str(p, "variants");

		if (n == MILESTONE_VARIANT_OPTIONS_MAX)
			break;
		if (*text == '\0' || (vars = cJSON_Parse(text)) == NULL)
			continue;
		cJSON_ArrayForEach(v, vars) {
			id = cJSON_GetObjectItemCaseSensitive(v, "id");
			title = cJSON_GetObjectItemCaseSensitive(v, "title");
			if (!cJSON_IsString(id))
				continue;
			if (n == MILESTONE_VARIANT_OPTIONS_MAX)
				break;
			n++;
			snprintf(label, sizeof(label), "%s — %s (%s)",
			    admin_json_str(p, "title"), cJSON_IsString(title) &&
			    *title->valuestring != '\0' ? title->valuestring :
			    id->valuestring, admin_json_str(p, "product_id"));
			if ((o = cJSON_CreateObject()) == NULL ||
			    !cJSON_AddItemToArray(opts, o) ||
			    cJSON_AddStringToObject(o, "id", id->valuestring) == NULL ||
			    cJSON_AddStringToObject(o, "label", label) == NULL) {
				cJSON_Delete(vars);
				return -1;
			}
		}
		cJSON_Delete(vars);
	}
	return 0;
}

/*
 * Render the milestone form.  m is the stored milestone (NULL for a new
 * one), v the values to show, errors the messages per field.
 */
static int
milestone_form(struct sg_app *app, struct sg_resp *resp,
    const struct svc_session *s, int status, const cJSON *c,
    const cJSON *m, cJSON *v, cJSON *errors)
{
	char		 action[256];
	const char	*reward = admin_json_str(v, "reward"), *scope = admin_json_str(v, "scope");
	int		 reached = m != NULL && cJSON_IsString(
			    cJSON_GetObjectItemCaseSensitive(m, "reached_at"));
	cJSON		*d, *prods;
	int		 rc;

	char		 reached_when[32], limit[64];

	admin_upload_limit_text(app, limit, sizeof(limit));
	snprintf(reached_when, sizeof(reached_when), "%.16s UTC",
	    m != NULL ? admin_json_str(m, "reached_at") : "");
	if ((d = admin_page_data(s, m == NULL ? "New milestone" :
	    "Edit milestone")) == NULL)
		goto nomem;
	if (m == NULL)
		snprintf(action, sizeof(action), "/admin/campaigns/%s/milestones",
		    admin_json_str(c, "slug"));
	else
		snprintf(action, sizeof(action),
		    "/admin/campaigns/%s/milestones/%" PRId64 "/edit",
		    admin_json_str(c, "slug"), admin_json_i64(m, "id"));
	if (cJSON_AddStringToObject(d, "action", action) == NULL ||
	    cJSON_AddBoolToObject(d, "is_edit", m != NULL) == NULL ||
	    cJSON_AddBoolToObject(d, "reached", reached) == NULL ||
	    (reached && cJSON_AddStringToObject(d, "reached_at",
	    reached_when) == NULL) ||
	    cJSON_AddBoolToObject(d, "reward_gift", strcmp(reward, "gift") == 0) == NULL ||
	    cJSON_AddBoolToObject(d, "reward_reveal", strcmp(reward, "gift") != 0) == NULL ||
	    cJSON_AddBoolToObject(d, "scope_new", strcmp(scope, "new") == 0) == NULL ||
	    cJSON_AddBoolToObject(d, "scope_all", strcmp(scope, "new") != 0) == NULL ||
	    cJSON_AddBoolToObject(d, "metric_backers",
	    strcmp(admin_json_str(v, "metric"), "backers") == 0) == NULL ||
	    cJSON_AddBoolToObject(d, "secret_checked",
	    strcmp(admin_json_str(v, "secret"), "1") == 0) == NULL ||
	    cJSON_AddBoolToObject(d, "teaser_checked",
	    strcmp(admin_json_str(v, "image_teaser"), "1") == 0) == NULL ||
	    cJSON_AddBoolToObject(d, "has_errors", cJSON_GetArraySize(errors) > 0) == NULL ||
	    cJSON_AddStringToObject(d, "max_upload", limit) == NULL ||
	    !cJSON_AddItemReferenceToObject(d, "campaign", (cJSON *)c) ||
	    (m != NULL && !cJSON_AddItemReferenceToObject(d, "milestone", (cJSON *)m)) ||
	    !cJSON_AddItemReferenceToObject(d, "v", v) ||
	    !cJSON_AddItemReferenceToObject(d, "errors", errors) ||
	    (prods = cJSON_AddArrayToObject(d, "products")) == NULL)
		goto nomem;
	if ((rc = admin_products_search(app, s, "", prods)) < 0) {
		cJSON_Delete(d);
		return sg_h_db_error(resp, rc);
	}
	if (milestone_variant_options(prods, d) == -1)
		goto nomem;
	admin_render(app, resp, status, "admin_milestone_form", d);
	cJSON_Delete(d);
	return SG_H_OK;
nomem:
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/*
 * Does the milestone count backers (rule 10)?  The form's "metric" when it
 * sent one (b may be NULL), else the stored milestone's (m may be NULL).
 */
static int
milestone_backers(const struct admin_body *b, const cJSON *m)
{
	const char	*val = b != NULL ? admin_field(b, "metric") : NULL;

	if (val == NULL || *val == '\0')
		val = m != NULL ? admin_json_str(m, "metric") : "";
	return strcmp(val, "backers") == 0;
}

/* Form field names, in the order they are validated and shown. */
static const char *const ms_fields[] = {
	"metric", "target", "title", "before_text", "after_text", "reward",
	"gift_product_id", "gift_variant_id", "gift_quantity", "scope",
	"image_alt",
};
#define MS_NFIELDS	(sizeof(ms_fields) / sizeof(ms_fields[0]))

/*
 * The check boxes (SPEC rule 3): a browser sends a box only when it is
 * ticked, so the form also sends flags=1, and a body with it (or a create)
 * says both boxes' state.  Into v as "1" or "".
 */
static const char *const ms_flags[] = { "secret", "image_teaser" };
#define MS_NFLAGS	(sizeof(ms_flags) / sizeof(ms_flags[0]))

/* The stored state of the check boxes of milestone m into v. */
static int
milestone_flags_stored(const cJSON *m, cJSON *v)
{
	size_t	 i;

	for (i = 0; i < MS_NFLAGS; i++) {
		cJSON_DeleteItemFromObjectCaseSensitive(v, ms_flags[i]);
		if (cJSON_AddStringToObject(v, ms_flags[i], cJSON_IsTrue(
		    cJSON_GetObjectItemCaseSensitive(m, ms_flags[i])) ? "1" :
		    "") == NULL)
			return -1;
	}
	return 0;
}

/* The check boxes of the body into v and api, when the body says them. */
static int
milestone_flags_read(const struct admin_body *b, int all, cJSON *v, cJSON *api)
{
	const char	*val;
	size_t		 i;
	int		 on;

	if (!all && admin_field(b, "flags") == NULL)
		return 0;
	for (i = 0; i < MS_NFLAGS; i++) {
		val = admin_field(b, ms_flags[i]);
		on = val != NULL && strcmp(val, "1") == 0;
		cJSON_DeleteItemFromObjectCaseSensitive(v, ms_flags[i]);
		if (cJSON_AddStringToObject(v, ms_flags[i], on ? "1" : "") == NULL ||
		    cJSON_AddBoolToObject(api, ms_flags[i], on) == NULL)
			return -1;
	}
	return 1;
}

/*
 * Read the form into v (values as typed) and api (the API's JSON body).
 * For an edit (all 0) only fields the browser sent go into api; for a
 * create (all 1) every field does.  Conversion errors go to errors.
 */
static int
milestone_read(const struct admin_body *b, const struct svc_session *s,
    char mark, const cJSON *c, const cJSON *m, int all, cJSON *v, cJSON *api,
    cJSON *errors)
{
	const char	*val;
	size_t		 i;
	int		 money = strcmp(admin_json_str(c, "goal_kind"), "money") == 0;
	int		 gift;

	/* A backers target (rule 10) is a whole number of backers. */
	if (milestone_backers(b, m))
		money = 0;

	for (i = 0; i < MS_NFIELDS; i++) {
		val = admin_field(b, ms_fields[i]);
		if (cJSON_AddStringToObject(v, ms_fields[i], val == NULL ? "" : val) == NULL)
			return -1;
	}
	gift = strcmp(admin_json_str(v, "reward"), "gift") == 0;
	for (i = 0; i < MS_NFIELDS; i++) {
		const char *name = ms_fields[i];

		val = admin_field(b, name);
		if (val == NULL && !all)
			continue;
		if (val == NULL)
			val = "";
		/* Radio buttons and the select left unset: the defaults. */
		if ((strcmp(name, "reward") == 0 || strcmp(name, "scope") == 0 ||
		    strcmp(name, "metric") == 0) && *val == '\0')
			continue;
		if (strcmp(name, "target") == 0) {
			if (admin_amount_add(errors, api, name, val, money ?
			    s->store.exponent : 0, mark, "Enter the target.") == -1)
				return -1;
		} else if (strcmp(name, "gift_quantity") == 0) {
			if (!gift)
				continue;
			if (*val == '\0')
				val = "1";
			if (admin_amount_add(errors, api, name, val, 0, mark,
			    "Enter a whole number, like 1.") == -1)
				return -1;
		} else if (strncmp(name, "gift_", 5) == 0) {
			/* A reveal has no gift: what was typed there is ignored. */
			if (!gift || *val == '\0') {
				if ((gift || !all) && cJSON_AddNullToObject(api, name) == NULL)
					return -1;
			} else if (cJSON_AddStringToObject(api, name, val) == NULL)
				return -1;
		} else if (cJSON_AddStringToObject(api, name, val) == NULL)
			return -1;
	}
	return milestone_flags_read(b, all, v, api) == -1 ? -1 : 0;
}

static int
milestone_parse(const cJSON *body, int is_patch, void *in, struct sg_verror *err)
{
	return sg_milestone_parse(body, is_patch, in, err);
}

/* Validate the form's fields, then the whole (admin_fields_check()). */
static int
milestone_check(const cJSON *api, int is_patch, cJSON *errors,
    struct sg_milestone_input *in)
{
	return admin_fields_check(api, is_patch, errors, milestone_parse, in);
}

/*
 * A file name is fine when it has no extension or an image one.  The name
 * is never used to store the file; this only refuses what is plainly not a
 * photo (say "shell.php" holding PNG bytes) instead of silently renaming it.
 */
static int
milestone_photo_name_ok(const char *name)
{
	static const char *const exts[] = { "png", "jpg", "jpeg", "gif", "webp" };
	const char	*dot;
	size_t		 i;

	if (name == NULL || (dot = strrchr(name, '.')) == NULL)
		return 1;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcasecmp(dot + 1, exts[i]) == 0)
			return 1;
	return 0;
}

/* Check an uploaded photo without saving it, for the error message. */
static int
milestone_photo_check(const struct sg_app *app, const struct admin_body *b,
    cJSON *errors)
{
	struct sg_image_info	 info;
	char			 why[128];

	if (!b->multipart || !b->mp.has_file)
		return 0;
	if (!milestone_photo_name_ok(b->mp.file_name))
		return admin_error_add(errors, "photo", "The file's name does not "
		    "end in .png, .jpg, .jpeg, .gif or .webp: only PNG, JPEG, GIF "
		    "and WebP photos are accepted.");
	if (admin_photo_check(app, b->mp.file.data, b->mp.file.len, &info, why,
	    sizeof(why)) == 0)
		return 0;
	return admin_error_add(errors, "photo", why);
}

static int
gift_count_one(const struct db_product_pick *p, void *arg)
{
	(void)p;
	(void)arg;
	return 0;
}

/*
 * The gift of the form (v: the values, stored ones merged for an edit)
 * against the synced catalog (issue 12): an unknown product id, or a
 * variant that is not one of the product's, gets a message beside its
 * field.  *unchecked = 1 when the store has no catalog to check against.
 * A reveal, and a reached milestone (its gift is locked), are not
 * checked.  0, -1 no memory, or a DB_* code.
 */
static int
milestone_gift_check(struct sg_app *app, const struct svc_session *s,
    const cJSON *v, const cJSON *m, cJSON *errors, int *unchecked)
{
	struct db_product	 p;
	const char		*pid = admin_json_str(v, "gift_product_id");
	const char		*vid = admin_json_str(v, "gift_variant_id");
	const cJSON		*vars, *e, *id;
	char			 msg[SG_EXTID_MAX * 2 + SG_TITLE_MAX * 4 + 96];
	int			 rc, found = 0;

	*unchecked = 0;
	if (strcmp(admin_json_str(v, "reward"), "gift") != 0 || *pid == '\0' ||
	    (m != NULL && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(m,
	    "reached_at"))) || sg_extid_check(pid) != SG_VERR_OK)
		return 0;
	if ((rc = db_product_search_admin(app->db, s->store.id, "", 1,
	    gift_count_one, NULL)) < 0)
		return rc;
	if (rc == 0) {
		*unchecked = 1;
		return 0;
	}
	memset(&p, 0, sizeof(p));
	if ((rc = db_product_get(app->db, s->store.id, pid, &p)) < 0)
		return rc;
	if (rc == 0) {
		snprintf(msg, sizeof(msg), "There is no product \"%s\" in the "
		    "store's catalog: check the id (the field suggests the "
		    "catalog's products).", pid);
		return admin_error_add(errors, "gift_product_id", msg);
	}
	if (*vid != '\0') {
		vars = p.variants != NULL ? cJSON_Parse(p.variants) : NULL;
		cJSON_ArrayForEach(e, vars) {
			id = cJSON_GetObjectItemCaseSensitive(e, "id");
			if (cJSON_IsString(id) && strcmp(id->valuestring, vid) == 0)
				found = 1;
		}
		cJSON_Delete((cJSON *)vars);
		if (!found) {
			snprintf(msg, sizeof(msg), "\"%s\" is not a variant of "
			    "%s (%s) in the catalog.", vid, p.title, pid);
			db_product_clear(&p);
			return admin_error_add(errors, "gift_variant_id", msg);
		}
	}
	db_product_clear(&p);
	return 0;
}

/* Campaign and milestone of the path into c and m, or answer 404. */
static int
milestone_target_or_reply(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp, const struct svc_session *s, cJSON *c, cJSON *m,
    int *hrc)
{
	int64_t	 id;
	int	 rc;

	if (!admin_campaign_or_reply(app, resp, s, req->args[0], c, hrc))
		return 0;
	if ((id = milestone_id_parse(req->args[1])) < 0)
		rc = 0;
	else if ((rc = milestone_load(app, c, id, m)) > 0)
		return 1;
	*hrc = rc == 0 ? admin_error(app, resp, s, 404, "There is no such milestone.") :
	    sg_h_db_error(resp, rc);
	return 0;
}

/*
 * GET /admin/campaigns/{slug}/milestones/new
 * The empty milestone form.  200; 404 unknown campaign; 303 to the login.
 */
int
h_admin_milestone_new(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	cJSON			*c = NULL, *v = NULL, *errors = NULL;
	int			 rc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	if ((c = cJSON_CreateObject()) == NULL || (v = cJSON_CreateObject()) == NULL ||
	    (errors = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(v, "reward", "reveal") == NULL ||
	    cJSON_AddStringToObject(v, "scope", "all") == NULL ||
	    cJSON_AddStringToObject(v, "metric", "progress") == NULL ||
	    cJSON_AddStringToObject(v, "gift_quantity", "1") == NULL) {
		sg_h_internal(resp);
		rc = SG_H_OK;
	} else if (admin_campaign_or_reply(app, resp, &s, req->args[0], c, &rc))
		rc = milestone_form(app, resp, &s, 200, c, NULL, v, errors);
	cJSON_Delete(c);
	cJSON_Delete(v);
	cJSON_Delete(errors);
	return rc;
}

/*
 * Validate, store the photo, save through the service.  m is NULL for a
 * create.  Answers resp (303 to the campaign page, or the form again).
 */
static int
milestone_save(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp, const struct svc_session *s,
    struct admin_body *b, const cJSON *c, const cJSON *m)
{
	struct sg_milestone_input	 in;
	struct sg_verror		 err;
	cJSON				*v, *errors, *api;
	const char			*rm;
	char				 why[128];
	char				 url[128], loc[256];
	int				 rc, saved = 0, reached = 0;
	int				 unchecked = 0;

	v = cJSON_CreateObject();
	errors = cJSON_CreateObject();
	api = cJSON_CreateObject();
	if (v == NULL || errors == NULL || api == NULL ||
	    milestone_read(b, s, admin_store_mark(app, s), c, m, m == NULL,
	    v, api, errors) == -1)
		goto nomem;
	/* An edit re-shows the stored values of what the browser did not send. */
	if (m != NULL) {
		size_t i;

		for (i = 0; i < MS_NFIELDS; i++) {
			char	 num[32];
			const cJSON *sv = cJSON_GetObjectItemCaseSensitive(m, ms_fields[i]);

			if (admin_field(b, ms_fields[i]) != NULL)
				continue;
			if (cJSON_IsNumber(sv)) {
				if (strcmp(ms_fields[i], "target") == 0)
					admin_amount_input(num, sizeof(num),
					    admin_json_i64(m, "target"),
					    strcmp(admin_json_str(c, "goal_kind"),
					    "money") == 0 && !milestone_backers(NULL, m) ?
					    s->store.exponent : 0,
					    admin_store_mark(app, s));
				else
					snprintf(num, sizeof(num), "%" PRId64,
					    (int64_t)sv->valuedouble);
				cJSON_ReplaceItemInObjectCaseSensitive(v, ms_fields[i],
				    cJSON_CreateString(num));
			} else
				cJSON_ReplaceItemInObjectCaseSensitive(v, ms_fields[i],
				    cJSON_CreateString(cJSON_IsString(sv) ? sv->valuestring : ""));
		}
		if (*admin_json_str(m, "image_url") != '\0' &&
		    cJSON_AddStringToObject(v, "image_url", admin_json_str(m, "image_url")) == NULL)
			goto nomem;
		if (admin_field(b, "flags") == NULL &&
		    milestone_flags_stored(m, v) == -1)
			goto nomem;
	}
	if (milestone_check(api, m != NULL, errors, &in) == -1 ||
	    milestone_photo_check(app, b, errors) == -1)
		goto nomem;
	if ((rc = milestone_gift_check(app, s, v, m, errors, &unchecked)) == -1)
		goto nomem;
	if (rc < 0) {
		rc = sg_h_db_error(resp, rc);
		goto out;
	}
	if (cJSON_GetArraySize(errors) > 0) {
		if (b->multipart && b->mp.has_file &&
		    admin_error_add(errors, "photo_again", "Choose the photo "
		    "again: a browser does not keep it after an error.") == -1)
			goto nomem;
		rc = milestone_form(app, resp, s, 422, c, m, v, errors);
		goto out;
	}

	rm = admin_field(b, "remove_photo");
	if (b->multipart && b->mp.has_file) {
		rc = admin_upload_save(app, b->mp.file.data, b->mp.file.len, url,
		    sizeof(url), why, sizeof(why));
		if (rc == -1) {
			sg_h_internal(resp);
			rc = SG_H_OK;
			goto out;
		}
		if (rc == 1) {	/* checked above; kept for safety */
			if (admin_error_add(errors, "photo", why) == -1)
				goto nomem;
			rc = milestone_form(app, resp, s, 422, c, m, v, errors);
			goto out;
		}
		saved = 1;
		if (cJSON_AddStringToObject(api, "image_url", url) == NULL)
			goto nomem;
	} else if (rm != NULL && m != NULL) {
		if (cJSON_AddNullToObject(api, "image_url") == NULL)
			goto nomem;
	}
	if (sg_milestone_parse(api, m != NULL, &in, &err) != SG_PARSE_OK) {
		if (admin_verror_add(errors, &err, "form") == -1)
			goto nomem;
		rc = milestone_form(app, resp, s, 422, c, m, v, errors);
		goto out;
	}
	memset(&err, 0, sizeof(err));
	if (m == NULL)
		rc = svc_milestone_create(app->db, s->store.id, admin_json_str(c, "slug"),
		    &in, NULL, &reached, &err);
	else
		rc = svc_milestone_update(app->db, s->store.id, admin_json_str(c, "slug"),
		    admin_json_i64(m, "id"), &in, &reached, &err);
	if (rc < 0) {
		rc = sg_h_db_error(resp, rc);
		goto out;
	}
	if (rc == SVC_NOT_FOUND) {
		rc = admin_error(app, resp, s, 404, "There is no such milestone.");
		goto out;
	}
	if (rc != SVC_OK) {
		if (admin_verror_add(errors, &err, "form") == -1)
			goto nomem;
		rc = milestone_form(app, resp, s, rc == SVC_CONFLICT ? 409 : 422,
		    c, m, v, errors);
		goto out;
	}
	saved = 0;	/* the file is the milestone's now */
	sg_info("admin: %s %s a milestone of %s/%s%s", s->email,
	    m == NULL ? "added" : "edited", s->store.handle, admin_json_str(c, "slug"),
	    reached ? " (reached at once)" : "");
	snprintf(loc, sizeof(loc), "/admin/campaigns/%s", admin_json_str(c, "slug"));
	rc = admin_redirect(resp, loc);
	admin_flash_set(req, resp, unchecked ? "ms-gift-unchecked" :
	    m == NULL ? "ms-added" : "ms-saved");
	goto out;
nomem:
	sg_h_internal(resp);
	rc = SG_H_OK;
out:
	if (saved)
		admin_upload_remove(app, url);
	cJSON_Delete(api);
	cJSON_Delete(v);
	cJSON_Delete(errors);
	return rc;
}

/*
 * POST /admin/campaigns/{slug}/milestones (multipart or urlencoded form:
 * csrf, metric, target, title, before_text, after_text, reward, gift_product_id,
 * gift_variant_id, gift_quantity, scope, photo, image_alt, flags=1 with
 * the check boxes secret=1 and image_teaser=1)
 * 303 to the campaign page; 422 the form with a message per wrong field
 * (also a refused photo); 409 target taken; 404 unknown campaign; 403 CSRF;
 * 400 malformed body.
 */
int
h_admin_milestone_create(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct admin_body	 body;
	cJSON			*c;
	int			 rc;

	if (!admin_body_or_reply(app, req, resp, &body, &rc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &rc)) {
		admin_body_free(&body);
		return rc;
	}
	if ((c = cJSON_CreateObject()) == NULL) {
		sg_h_internal(resp);
		rc = SG_H_OK;
	} else if (admin_campaign_or_reply(app, resp, &s, req->args[0], c, &rc))
		rc = milestone_save(app, req, resp, &s, &body, c, NULL);
	cJSON_Delete(c);
	admin_body_free(&body);
	return rc;
}

/*
 * GET /admin/campaigns/{slug}/milestones/{id}/edit
 * The milestone form with the stored values; locked fields disabled once
 * reached.  200; 404 unknown campaign or milestone; 303 to the login.
 */
int
h_admin_milestone_edit(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	cJSON			*c = NULL, *m = NULL, *v = NULL, *errors = NULL;
	char			 num[64];
	size_t			 i;
	int			 rc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	if ((c = cJSON_CreateObject()) == NULL || (m = cJSON_CreateObject()) == NULL ||
	    (v = cJSON_CreateObject()) == NULL || (errors = cJSON_CreateObject()) == NULL) {
		sg_h_internal(resp);
		rc = SG_H_OK;
		goto out;
	}
	if (!milestone_target_or_reply(app, req, resp, &s, c, m, &rc))
		goto out;
	for (i = 0; i < MS_NFIELDS; i++) {
		const cJSON *sv = cJSON_GetObjectItemCaseSensitive(m, ms_fields[i]);

		if (strcmp(ms_fields[i], "target") == 0)
			admin_amount_input(num, sizeof(num),
			    admin_json_i64(m, "target"),
			    strcmp(admin_json_str(c, "goal_kind"), "money") == 0 &&
			    !milestone_backers(NULL, m) ? s.store.exponent : 0,
			    admin_store_mark(app, &s));
		else if (cJSON_IsNumber(sv))
			snprintf(num, sizeof(num), "%" PRId64, (int64_t)sv->valuedouble);
		else
			snprintf(num, sizeof(num), "%s", "");
		if (cJSON_AddStringToObject(v, ms_fields[i], cJSON_IsString(sv) ?
		    sv->valuestring : num) == NULL)
			goto nomem;
	}
	if (*admin_json_str(m, "image_url") != '\0' &&
	    cJSON_AddStringToObject(v, "image_url", admin_json_str(m, "image_url")) == NULL)
		goto nomem;
	if (milestone_flags_stored(m, v) == -1)
		goto nomem;
	rc = milestone_form(app, resp, &s, 200, c, m, v, errors);
	goto out;
nomem:
	sg_h_internal(resp);
	rc = SG_H_OK;
out:
	cJSON_Delete(c);
	cJSON_Delete(m);
	cJSON_Delete(v);
	cJSON_Delete(errors);
	return rc;
}

/*
 * POST /admin/campaigns/{slug}/milestones/{id}/edit (the fields of the
 * create form, without the disabled ones once reached; remove_photo)
 * 303 to the campaign page; 422 the form with messages; 409 rule 9 or
 * target taken; 404 unknown campaign or milestone; 403 CSRF; 400 malformed.
 */
int
h_admin_milestone_update(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct admin_body	 body;
	cJSON			*c = NULL, *m = NULL;
	int			 rc;

	if (!admin_body_or_reply(app, req, resp, &body, &rc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &rc)) {
		admin_body_free(&body);
		return rc;
	}
	if ((c = cJSON_CreateObject()) == NULL || (m = cJSON_CreateObject()) == NULL) {
		sg_h_internal(resp);
		rc = SG_H_OK;
	} else if (milestone_target_or_reply(app, req, resp, &s, c, m, &rc))
		rc = milestone_save(app, req, resp, &s, &body, c, m);
	cJSON_Delete(c);
	cJSON_Delete(m);
	admin_body_free(&body);
	return rc;
}

/* The question before deleting milestone m of campaign c. */
static int
milestone_delete_confirm(struct sg_app *app, struct sg_resp *resp,
    const struct svc_session *s, const cJSON *c, const cJSON *m)
{
	char	 q[SG_TITLE_MAX * 4 + 64], action[256], cancel[128];

	snprintf(q, sizeof(q), "Delete milestone '%s'?", admin_json_str(m, "title"));
	snprintf(action, sizeof(action), "/admin/campaigns/%s/milestones/%" PRId64
	    "/delete", admin_json_str(c, "slug"), admin_json_i64(m, "id"));
	snprintf(cancel, sizeof(cancel), "/admin/campaigns/%s",
	    admin_json_str(c, "slug"));
	return admin_confirm(app, resp, s, q, "Its target, texts and photo "
	    "link are removed. This cannot be undone.", action, NULL,
	    "Delete milestone", cancel, admin_json_str(c, "title"));
}

/*
 * GET /admin/campaigns/{slug}/milestones/{id}/delete
 * The confirmation page before deleting a milestone.  200; 409 when
 * reached; 404 unknown campaign or milestone; 303 to the login.
 */
int
h_admin_milestone_delete_ask(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	cJSON			*c, *m;
	int			 rc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	c = cJSON_CreateObject();
	m = cJSON_CreateObject();
	if (c == NULL || m == NULL) {
		sg_h_internal(resp);
		rc = SG_H_OK;
	} else if (milestone_target_or_reply(app, req, resp, &s, c, m, &rc))
		rc = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(m,
		    "reached_at")) ? admin_error(app, resp, &s, 409, "This "
		    "milestone was reached: it can no longer be deleted (its "
		    "texts and photo can still change).") :
		    milestone_delete_confirm(app, resp, &s, c, m);
	cJSON_Delete(c);
	cJSON_Delete(m);
	return rc;
}

/*
 * POST /admin/campaigns/{slug}/milestones/{id}/delete (form: csrf,
 * confirm=yes)
 * 303 to the campaign page (with a flash message); without confirm=yes
 * 303 to the confirmation page (GET, the same path), nothing deleted; 409 when reached (rule
 * 9); 404 unknown campaign or milestone; 403 CSRF.
 */
int
h_admin_milestone_delete(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct admin_body	 body;
	struct sg_verror	 err;
	char			 loc[256];
	cJSON			*c = NULL, *m = NULL;
	int			 rc, confirmed;

	if (!admin_body_or_reply(app, req, resp, &body, &rc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &rc)) {
		admin_body_free(&body);
		return rc;
	}
	confirmed = admin_confirmed(&body);
	admin_body_free(&body);
	if ((c = cJSON_CreateObject()) == NULL || (m = cJSON_CreateObject()) == NULL) {
		sg_h_internal(resp);
		rc = SG_H_OK;
		goto out;
	}
	if (!milestone_target_or_reply(app, req, resp, &s, c, m, &rc))
		goto out;
	/* A reached milestone is refused below (409) with or without asking. */
	if (!confirmed && !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(m,
	    "reached_at"))) {
		snprintf(loc, sizeof(loc), "/admin/campaigns/%s/milestones/%"
		    PRId64 "/delete", admin_json_str(c, "slug"),
		    admin_json_i64(m, "id"));
		rc = admin_redirect(resp, loc);
		goto out;
	}
	memset(&err, 0, sizeof(err));
	rc = svc_milestone_delete(app->db, s.store.id, admin_json_str(c, "slug"),
	    admin_json_i64(m, "id"), &err);
	if (rc < 0)
		rc = sg_h_db_error(resp, rc);
	else if (rc == SVC_NOT_FOUND)
		rc = admin_error(app, resp, &s, 404, "There is no such milestone.");
	else if (rc != SVC_OK)
		rc = admin_error(app, resp, &s, 409, "This milestone was reached: "
		    "it can no longer be deleted (its texts and photo can still "
		    "change).");
	else {
		sg_info("admin: %s deleted milestone %" PRId64 " of %s/%s", s.email,
		    admin_json_i64(m, "id"), s.store.handle, admin_json_str(c, "slug"));
		snprintf(loc, sizeof(loc), "/admin/campaigns/%s", admin_json_str(c, "slug"));
		rc = admin_redirect(resp, loc);
		admin_flash_set(req, resp, "ms-deleted");
	}
out:
	cJSON_Delete(c);
	cJSON_Delete(m);
	return rc;
}
