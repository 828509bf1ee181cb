/*
 * admin_campaign.c — the campaign pages of the admin: the list, the
 * create/edit form with the product picker, going live and ending (the
 * dashboard and the CSV export are in admin_dashboard.c).
 *
 * Form input is turned into the same JSON body the API takes and validated
 * by domain/order.h, one field at a time (so that every wrong field gets
 * its own message) and then as a whole; saving goes through
 * service/campaign.h, shared with the API.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "db/campaign.h"
#include "db/db.h"
#include "db/product.h"
#include "domain/money.h"
#include "domain/order.h"
#include "domain/timefmt.h"
#include "domain/validate.h"
#include "handlers/admin.h"
#include "handlers/routes_admin.h"
#include "service/campaign.h"
#include "util/config.h"
#include "util/form.h"
#include "util/log.h"

/* Most catalog products the picker lists at once (bound as the LIMIT). */
#define PICKER_MAX	50
/* Longest search text in the picker. */
#define PICKER_Q_MAX	100

static int	admin_campaign_decorate(struct sg_app *,
		    const struct svc_session *, cJSON *);

int
admin_campaign_load(struct sg_app *app, const struct svc_session *s,
    const char *slug, cJSON *c)
{
	struct db_campaign	*cs;
	int			 rc;

	if (sg_slug_check(slug) != SG_VERR_OK)
		return 0;
	if ((cs = malloc(sizeof(*cs))) == NULL)
		return DB_ERR;
	rc = db_campaign_get_by_slug(app->db, s->store.id, slug, 0, cs);
	if (rc > 0 && (admin_campaign_json(cs, 1, c) == -1 ||
	    admin_campaign_decorate(app, s, c) == -1))
		rc = DB_ERR;
	free(cs);
	return rc;
}

int
admin_campaign_or_reply(struct sg_app *app, struct sg_resp *resp,
    const struct svc_session *s, const char *slug, cJSON *c, int *hrc)
{
	int	 rc;

	if ((rc = admin_campaign_load(app, s, slug, c)) > 0)
		return 1;
	*hrc = rc == 0 ? admin_error(app, resp, s, 404, "There is no such campaign.") :
	    sg_h_db_error(resp, rc);
	return 0;
}

static int
admin_campaign_decorate(struct sg_app *app, const struct svc_session *s,
    cJSON *c)
{
	char		 a[SG_MONEY_FMT_MAX], b[SG_MONEY_FMT_MAX], url[1024];
	char		 snippet[3072], origin[1024];
	const char	*p;
	const char	*status = admin_json_str(c, "status"), *slug = admin_json_str(c, "slug");
	int		 money = strcmp(admin_json_str(c, "goal_kind"), "money") == 0;
	int64_t		 progress, goal = admin_json_i64(c, "goal"), pct;

	progress = money ? admin_json_i64(c, "amount") : admin_json_i64(c, "units");
	pct = sg_percent(progress, goal);
	admin_amount_format(a, sizeof(a), progress, money, &s->store);
	admin_amount_format(b, sizeof(b), goal, money, &s->store);
	snprintf(url, sizeof(url), "%s/w/%s/%s", app->cfg->public_url,
	    s->store.handle, slug);
	/* The iframe sizes itself to the widget: the page posts its height
	 * (docs/widget.md, "stretchgoal:resize"); the listener checks the
	 * sender's origin, the scheme and host of public_url. */
	snprintf(origin, sizeof(origin), "%s", app->cfg->public_url);
	if ((p = strstr(origin, "://")) != NULL &&
	    (p = strchr(p + 3, '/')) != NULL)
		origin[p - origin] = '\0';
	snprintf(snippet, sizeof(snippet), "<iframe id=\"sg-%s\" src=\"%s\" "
	    "title=\"Campaign progress\" loading=\"lazy\" "
	    "style=\"border:0;width:100%%;height:560px\"></iframe>\n"
	    "<script>addEventListener(\"message\",function(e){"
	    "if(e.origin!==\"%s\"||!e.data||e.data.type!==\"stretchgoal:resize\""
	    "||e.data.campaign!==\"%s/%s\")return;"
	    "document.getElementById(\"sg-%s\").style.height=e.data.height+\"px\";"
	    "});</script>", slug, url, origin, s->store.handle, slug, slug);
	if (cJSON_AddNumberToObject(c, "progress", (double)progress) == NULL ||
	    cJSON_AddNumberToObject(c, "percent", (double)pct) == NULL ||
	    cJSON_AddNumberToObject(c, "bar_percent", (double)(pct > 100 ? 100 : pct)) == NULL ||
	    cJSON_AddStringToObject(c, "progress_display", a) == NULL ||
	    cJSON_AddStringToObject(c, "goal_display", b) == NULL ||
	    cJSON_AddBoolToObject(c, "is_money", money) == NULL ||
	    cJSON_AddBoolToObject(c, "is_draft", strcmp(status, "draft") == 0) == NULL ||
	    cJSON_AddBoolToObject(c, "is_live", strcmp(status, "live") == 0) == NULL ||
	    cJSON_AddBoolToObject(c, "is_ended", strcmp(status, "ended") == 0) == NULL ||
	    cJSON_AddStringToObject(c, "widget_url", url) == NULL ||
	    cJSON_AddStringToObject(c, "embed_snippet", snippet) == NULL)
		return -1;
	return 0;
}

/* One picker entry per catalog product. */
static int
product_pick_json(const struct db_product_pick *p, void *arg)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(arg, o)) {
		cJSON_Delete(o);
		return -1;
	}
	if (cJSON_AddStringToObject(o, "product_id", p->product_id) == NULL ||
	    cJSON_AddStringToObject(o, "title", p->title) == NULL ||
	    cJSON_AddNumberToObject(o, "price", (double)p->price) == NULL ||
	    (p->variants == NULL ? cJSON_AddNullToObject(o, "variants") :
	    cJSON_AddStringToObject(o, "variants", p->variants)) == NULL ||
	    (p->has_image ? cJSON_AddStringToObject(o, "image_url", p->image_url) :
	    cJSON_AddNullToObject(o, "image_url")) == NULL)
		return -1;
	return 0;
}

/*
 * Look the catalog up for the picker: products whose title or id contains
 * q (every product when q is empty), at most PICKER_MAX, into arr.
 */
int
admin_products_search(struct sg_app *app, const struct svc_session *s,
    const char *q, cJSON *arr)
{
	return db_product_search_admin(app->db, s->store.id, q, PICKER_MAX,
	    product_pick_json, arr);
}

/* The search text of the picker from the query string ("" when none). */
static void
picker_query(const struct sg_req *req, char *q, size_t size)
{
	struct sg_form	 f;
	const char	*v;

	q[0] = '\0';
	sg_form_init(&f);
	if (sg_form_parse(&f, req->query, strlen(req->query)) == SG_FORM_OK &&
	    (v = sg_form_get(&f, "q")) != NULL &&
	    sg_text_check(v, strlen(v), 0, PICKER_Q_MAX, 0, 0, NULL) == SG_VERR_OK)
		snprintf(q, size, "%s", v);
	sg_form_free(&f);
}

/* DATETIME text "2026-11-22 10:00:00.000000" -> "2026-11-22T10:00". */
static void
datetime_input(char *dst, size_t size, const char *sql)
{
	if (sql == NULL || strlen(sql) < 16) {
		dst[0] = '\0';
		return;
	}
	snprintf(dst, size, "%.10sT%.5s", sql, sql + 11);
}

/*
 * The picker's list: the catalog matches, then every chosen product that
 * is not among them, each with "checked" when chosen.  chosen holds product
 * id strings (a JSON array).
 */
static int
picker_build(struct sg_app *app, const struct svc_session *s, const char *q,
    const cJSON *chosen, cJSON *d)
{
	struct db_product	 prod;
	cJSON		*list, *p, *id;
	const cJSON	*c;
	int		 rc, found;

	if ((list = cJSON_AddArrayToObject(d, "products")) == NULL)
		return DB_ERR;
	if ((rc = admin_products_search(app, s, q, list)) < 0)
		return rc;
	if (cJSON_AddBoolToObject(d, "catalog_empty", rc == 0 && *q == '\0') == NULL)
		return DB_ERR;
	/* A list that stops at PICKER_MAX says so (issue 12). */
	if (rc >= PICKER_MAX) {
		int64_t	 total = 0;
		int	 crc;

		if ((crc = db_product_count_admin(app->db, s->store.id, q, &total)) < 0)
			return crc;
		if (total > rc && (cJSON_AddNumberToObject(d, "picker_shown", rc) == NULL ||
		    cJSON_AddNumberToObject(d, "picker_total", (double)total) == NULL))
			return DB_ERR;
	}
	cJSON_ArrayForEach(p, list) {
		found = 0;
		cJSON_ArrayForEach(c, chosen)
			if (strcmp(c->valuestring, admin_json_str(p, "product_id")) == 0)
				found = 1;
		if (cJSON_AddBoolToObject(p, "checked", found) == NULL)
			return DB_ERR;
	}
	cJSON_ArrayForEach(c, chosen) {
		found = 0;
		cJSON_ArrayForEach(p, list)
			if (strcmp(c->valuestring, admin_json_str(p, "product_id")) == 0)
				found = 1;
		if (found)
			continue;
		if ((p = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(list, p)) {
			cJSON_Delete(p);
			return DB_ERR;
		}
		/* Chosen before a search that does not match it: its catalog title. */
		memset(&prod, 0, sizeof(prod));
		if (sg_extid_check(c->valuestring) == SG_VERR_OK &&
		    (rc = db_product_get(app->db, s->store.id, c->valuestring,
		    &prod)) < 0)
			return rc;
		rc = (id = cJSON_AddStringToObject(p, "product_id", c->valuestring)) == NULL ||
		    cJSON_AddStringToObject(p, "title", prod.title) == NULL ||
		    cJSON_AddBoolToObject(p, "checked", 1) == NULL ? DB_ERR : DB_OK;
		db_product_clear(&prod);
		if (rc != DB_OK)
			return DB_ERR;
	}
	return DB_OK;
}

/*
 * Render the campaign form.  v holds the values to show (strings), errors
 * the messages per field (may be empty), chosen the chosen product ids;
 * slug is NULL for a new campaign, else the stored slug.  Takes ownership
 * of nothing.
 */
static int
campaign_form(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp, const struct svc_session *s, int status,
    const char *slug, const cJSON *stored, cJSON *v, cJSON *errors,
    const cJSON *chosen)
{
	char	 q[PICKER_Q_MAX * 4 + 1], action[128];
	cJSON	*d;
	int	 rc, locked;
	const char *kind;

	picker_query(req, q, sizeof(q));
	/* A search sent with the form (do=search) keeps what was typed. */
	if (cJSON_GetObjectItemCaseSensitive(v, "q") != NULL &&
	    sg_text_check(admin_json_str(v, "q"), strlen(admin_json_str(v, "q")),
	    0, PICKER_Q_MAX, 0, 0, NULL) == SG_VERR_OK)
		snprintf(q, sizeof(q), "%s", admin_json_str(v, "q"));
	if ((d = admin_page_data(s, slug == NULL ? "New campaign" :
	    "Edit campaign")) == NULL)
		goto nomem;
	if (slug == NULL)
		snprintf(action, sizeof(action), "/admin/campaigns");
	else
		snprintf(action, sizeof(action), "/admin/campaigns/%s/edit", slug);
	kind = admin_json_str(v, "goal_kind");
	locked = stored != NULL && admin_json_i64(stored, "orders_ever") > 0;
	if (cJSON_AddStringToObject(d, "action", action) == NULL ||
	    cJSON_AddStringToObject(d, "q", q) == NULL ||
	    cJSON_AddBoolToObject(d, "is_edit", slug != NULL) == NULL ||
	    (slug != NULL && cJSON_AddStringToObject(d, "slug", slug) == NULL) ||
	    cJSON_AddBoolToObject(d, "kind_units", strcmp(kind, "money") != 0) == NULL ||
	    cJSON_AddBoolToObject(d, "kind_money", strcmp(kind, "money") == 0) == NULL ||
	    cJSON_AddBoolToObject(d, "goal_kind_locked", locked) == NULL ||
	    cJSON_AddBoolToObject(d, "theme_auto", strcmp(admin_json_str(v,
	    "theme"), "light") != 0 && strcmp(admin_json_str(v, "theme"),
	    "dark") != 0) == NULL ||
	    cJSON_AddBoolToObject(d, "theme_light", strcmp(admin_json_str(v,
	    "theme"), "light") == 0) == NULL ||
	    cJSON_AddBoolToObject(d, "theme_dark", strcmp(admin_json_str(v,
	    "theme"), "dark") == 0) == NULL ||
	    cJSON_AddBoolToObject(d, "accent_checked",
	    *admin_json_str(v, "accent_on") != '\0') == NULL ||
	    cJSON_AddBoolToObject(d, "has_errors", cJSON_GetArraySize(errors) > 0) == NULL)
		goto nomem;
	if (!cJSON_AddItemReferenceToObject(d, "v", v) ||
	    !cJSON_AddItemReferenceToObject(d, "errors", errors))
		goto nomem;
	if ((rc = picker_build(app, s, q, chosen, d)) < 0) {
		cJSON_Delete(d);
		return sg_h_db_error(resp, rc);
	}
	admin_render(app, resp, status, "admin_campaign_form", d);
	cJSON_Delete(d);
	return SG_H_OK;
nomem:
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/*
 * Campaigns per page of the list.  A row is at most ~1.5 KB of HTML (a
 * title of 200 '&' is 1,000 bytes escaped); the whole list of a store with
 * thousands of campaigns outgrew the response body cap (500).
 */
#define ADMIN_CAMPAIGNS_PAGE	500

/* One row of the campaign list (decorated afterwards). */
static int
campaign_list_json(const struct db_campaign *c, void *arg)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(arg, o)) {
		cJSON_Delete(o);
		return -1;
	}
	return admin_campaign_json(c, 0, o);
}

/*
 * GET /admin/campaigns?page=N[&archived=1]
 * The store's campaigns with status and progress, newest first,
 * ADMIN_CAMPAIGNS_PAGE a page (page 1 when not given); archived ones only
 * with archived=1 (else they are left out, and a "Show archived" link
 * says how many there are).  200; 400 a page that is not 1, 2, …; 303 to
 * the login.
 */
int
h_admin_campaigns(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct sg_form		 f;
	cJSON			*d, *list, *c;
	const char		*v;
	int64_t			 page = 1, more, narch = 0;
	size_t			 i;
	int			 rc, arch;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	sg_form_init(&f);
	rc = sg_form_parse(&f, req->query, strlen(req->query));
	arch = rc == SG_FORM_OK && (v = sg_form_get(&f, "archived")) != NULL &&
	    strcmp(v, "1") == 0;
	v = rc == SG_FORM_OK ? sg_form_get(&f, "page") : NULL;
	if (rc == SG_FORM_OK && v != NULL) {
		page = 0;
		for (i = 0; v[i] >= '0' && v[i] <= '9' && i < 7; i++)
			page = page * 10 + (v[i] - '0');
		if (v[i] != '\0')
			page = 0;
	}
	sg_form_free(&f);
	if (rc != SG_FORM_OK || page < 1)
		return admin_error(app, resp, &s, 400, "There is no such page.");
	if ((d = admin_page_data(&s, "Campaigns")) == NULL ||
	    (list = cJSON_AddArrayToObject(d, "campaigns")) == NULL)
		goto nomem;
	/* One more than a page tells whether there is an older one. */
	if ((rc = db_campaign_list_shown(app->db, s.store.id, arch,
	    (int64_t)ADMIN_CAMPAIGNS_PAGE + 1, (page - 1) * ADMIN_CAMPAIGNS_PAGE,
	    campaign_list_json, list)) < 0 ||
	    (rc = db_campaign_count_shown(app->db, s.store.id, 1, &narch)) < 0) {
		cJSON_Delete(d);
		return sg_h_db_error(resp, rc);
	}
	more = cJSON_GetArraySize(list) > ADMIN_CAMPAIGNS_PAGE;
	if (more)
		cJSON_DeleteItemFromArray(list, ADMIN_CAMPAIGNS_PAGE);
	cJSON_ArrayForEach(c, list)
		if (admin_campaign_decorate(app, &s, c) == -1)
			goto nomem;
	if (cJSON_AddBoolToObject(d, "has_campaigns", cJSON_GetArraySize(list) > 0) == NULL ||
	    cJSON_AddBoolToObject(d, "archive_view", arch) == NULL ||
	    cJSON_AddStringToObject(d, "page_q", arch ? "archived=1&" : "") == NULL ||
	    cJSON_AddNumberToObject(d, "archived_count", (double)narch) == NULL ||
	    cJSON_AddBoolToObject(d, "has_archived", narch > 0) == NULL ||
	    (page > 1 && cJSON_AddNumberToObject(d, "newer_page",
	    (double)(page - 1)) == NULL) ||
	    (more && cJSON_AddNumberToObject(d, "older_page",
	    (double)(page + 1)) == NULL))
		goto nomem;
	if (admin_flash_take(req, resp, d) == -1)
		goto nomem;
	admin_render(app, resp, 200, "admin_campaigns", d);
	cJSON_Delete(d);
	return SG_H_OK;
nomem:
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/*
 * GET /admin/new-campaign[?q=search]
 * The empty campaign form.  200; 303 to the login.
 */
int
h_admin_campaign_new(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	cJSON			*v, *errors, *chosen;
	int			 rc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	v = cJSON_CreateObject();
	errors = cJSON_CreateObject();
	chosen = cJSON_CreateArray();
	if (v == NULL || errors == NULL || chosen == NULL ||
	    cJSON_AddStringToObject(v, "goal_kind", "units") == NULL) {
		sg_h_internal(resp);
		rc = SG_H_OK;
	} else
		rc = campaign_form(app, req, resp, &s, 200, NULL, NULL, v,
		    errors, chosen);
	cJSON_Delete(v);
	cJSON_Delete(errors);
	cJSON_Delete(chosen);
	return rc;
}

/* Product ids typed by hand: separated by commas or white space. */
static int
extra_ids(const char *s, cJSON *chosen)
{
	char		 id[SG_EXTID_MAX * 4 + 2];
	const cJSON	*c;
	size_t		 n;
	int		 dup;

	while (*s != '\0') {
		while (*s == ',' || isspace((unsigned char)*s))
			s++;
		for (n = 0; s[n] != '\0' && s[n] != ',' && !isspace((unsigned char)s[n]); n++)
			;
		if (n == 0)
			break;
		if (n >= sizeof(id))
			n = sizeof(id) - 1;	/* too long: fails validation */
		memcpy(id, s, n);
		id[n] = '\0';
		s += n;
		while (*s != '\0' && *s != ',' && !isspace((unsigned char)*s))
			s++;
		dup = 0;
		cJSON_ArrayForEach(c, chosen)
			if (strcmp(c->valuestring, id) == 0)
				dup = 1;
		if (!dup && !cJSON_AddItemToArray(chosen, cJSON_CreateString(id)))
			return -1;
	}
	return 0;
}

/*
 * The look fields of the form (v as typed) into api: theme; accent null
 * unless "Use my own accent colour" is ticked, then the typed #rrggbb
 * when there is one, else the picker's; radius null when empty.  The
 * contrast rule is the domain's (sg_campaign_check_final()).  -1: no memory.
 */
static int
campaign_read_look(cJSON *v, cJSON *api, cJSON *errors)
{
	const char	*theme = admin_json_str(v, "theme");
	const char	*typed = admin_json_str(v, "accent");
	const char	*pick = admin_json_str(v, "accent_pick");
	const char	*radius = admin_json_str(v, "radius");
	size_t		 n;

	if (cJSON_AddStringToObject(api, "theme", *theme == '\0' ? "auto" :
	    theme) == NULL)
		return -1;
	if (*admin_json_str(v, "accent_on") == '\0') {
		if (cJSON_AddNullToObject(api, "accent") == NULL)
			return -1;
	} else if (*typed != '\0' || *pick != '\0') {
		const char	*a = *typed != '\0' ? typed : pick, *why;
		char		 msg[224];
		uint32_t	 rgb;

		if (cJSON_AddStringToObject(api, "accent", a) == NULL)
			return -1;
		/* Said beside the field even when another field is wrong too. */
		if (sg_look_accent_parse(a, &rgb) == 0 && (why =
		    sg_look_accent_check(strcmp(theme, "light") == 0 ?
		    SG_THEME_LIGHT : strcmp(theme, "dark") == 0 ? SG_THEME_DARK :
		    SG_THEME_AUTO, rgb)) != NULL) {
			snprintf(msg, sizeof(msg), "This colour %s.", why);
			if (admin_error_add(errors, "accent", msg) == -1)
				return -1;
		}
	} else if (admin_error_add(errors, "accent", "Pick a colour or type one "
	    "like #23794a, or untick \"Use my own accent colour\".") == -1)
		return -1;
	n = strlen(radius);
	if (n == 0) {
		if (cJSON_AddNullToObject(api, "radius") == NULL)
			return -1;
	} else if (n > 2 || strspn(radius, "0123456789") != n ||
	    atoi(radius) > SG_RADIUS_MAX) {
		if (admin_error_add(errors, "radius", "Enter a whole number of px "
		    "from 0 to 24, or leave it empty for the default.") == -1)
			return -1;
	} else if (cJSON_AddNumberToObject(api, "radius", atoi(radius)) == NULL)
		return -1;
	/* The colour input needs a colour: the stylesheet's green by default. */
	if (sg_look_accent_parse(pick, &(uint32_t){ 0 }) == -1) {
		cJSON_DeleteItemFromObjectCaseSensitive(v, "accent_pick");
		if (cJSON_AddStringToObject(v, "accent_pick", "#23794a") == NULL)
			return -1;
	}
	return 0;
}

/*
 * Read the campaign form into v (the values as typed), chosen (product ids)
 * and api (the API's JSON body).  Errors found while converting (a goal
 * that is not a number, a bad date) go into errors.  -1: no memory.
 */
static int
campaign_read(const struct admin_body *b, const struct svc_session *s,
    char mark, cJSON *v, cJSON *chosen, cJSON *api, cJSON *errors)
{
	static const char *const texts[] = {
		"slug", "title", "description", "goal_kind", "goal",
		"starts_at", "ends_at", "product_ids_extra",
		"theme", "accent", "accent_pick", "accent_on", "radius",
	};
	const char	*ids[SG_CAMPAIGN_PRODUCTS_MAX + 1], *val, *kind;
	char		 when[SG_TIME_FMT_MAX + 8];
	size_t		 i, n;
	int		 money;
	const cJSON	*c;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		val = admin_field(b, texts[i]);
		if (cJSON_AddStringToObject(v, texts[i], val == NULL ? "" : val) == NULL)
			return -1;
	}
	n = admin_field_all(b, "product_ids", ids, SG_CAMPAIGN_PRODUCTS_MAX + 1);
	if (n > SG_CAMPAIGN_PRODUCTS_MAX + 1)
		n = SG_CAMPAIGN_PRODUCTS_MAX + 1;
	for (i = 0; i < n; i++) {
		int dup = 0;

		cJSON_ArrayForEach(c, chosen)
			if (strcmp(c->valuestring, ids[i]) == 0)
				dup = 1;
		if (!dup && !cJSON_AddItemToArray(chosen, cJSON_CreateString(ids[i])))
			return -1;
	}
	if (extra_ids(admin_json_str(v, "product_ids_extra"), chosen) == -1)
		return -1;

	if (cJSON_AddStringToObject(api, "slug", admin_json_str(v, "slug")) == NULL ||
	    cJSON_AddStringToObject(api, "title", admin_json_str(v, "title")) == NULL ||
	    cJSON_AddStringToObject(api, "description", admin_json_str(v, "description")) == NULL ||
	    cJSON_AddStringToObject(api, "goal_kind", admin_json_str(v, "goal_kind")) == NULL)
		return -1;
	kind = admin_json_str(v, "goal_kind");
	money = strcmp(kind, "money") == 0;
	if (admin_amount_add(errors, api, "goal", admin_json_str(v, "goal"),
	    money ? s->store.exponent : 0, mark, "Enter the goal.") == -1)
		return -1;
	if (!cJSON_AddItemReferenceToObject(api, "product_ids", chosen))
		return -1;
	for (i = 0; i < 2; i++) {
		const char *name = i == 0 ? "starts_at" : "ends_at";

		val = admin_json_str(v, name);
		if (*val == '\0') {
			if (cJSON_AddNullToObject(api, name) == NULL)
				return -1;
			continue;
		}
		if (admin_datetime_rfc3339(val, when, sizeof(when)) == -1) {
			if (admin_error_add(errors, name, "Enter a date and time "
			    "(UTC), like 2026-11-22T10:00.") == -1)
				return -1;
		} else if (cJSON_AddStringToObject(api, name, when) == NULL)
			return -1;
	}
	return campaign_read_look(v, api, errors);
}

/*
 * Whether the form was sent by its catalog "Search" button (do=search):
 * then nothing is saved and the form comes back with everything typed
 * and ticked, the picker narrowed to q (kept in v["q"]).
 */
static int
campaign_searching(const struct admin_body *b, cJSON *v)
{
	const char	*d = admin_field(b, "do"), *q = admin_field(b, "q");

	if (d == NULL || strcmp(d, "search") != 0)
		return 0;
	return cJSON_AddStringToObject(v, "q", q == NULL ? "" : q) != NULL;
}

static int
campaign_parse(const cJSON *body, int is_patch, void *in, struct sg_verror *err)
{
	return sg_campaign_parse(body, is_patch, in, err);
}

/* Validate the form's fields, then the whole (admin_fields_check()). */
static int
campaign_check(const cJSON *api, cJSON *errors, struct sg_campaign_input *in)
{
	return admin_fields_check(api, 0, errors, campaign_parse, in);
}

/*
 * POST /admin/campaigns (form: csrf, slug, title, description, goal_kind,
 * goal, product_ids*, product_ids_extra, starts_at, ends_at)
 * Creates a draft campaign: 303 to its page.  422 the form again with a
 * message per wrong field, 409 when the slug is taken (nothing saved);
 * 403 CSRF; 400 malformed body.
 */
int
h_admin_campaign_create(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session		 s;
	struct admin_body		 body;
	struct sg_campaign_input	 in;
	struct sg_verror		 err;
	cJSON				*v = NULL, *errors = NULL, *chosen = NULL, *api = NULL;
	char				 loc[128];
	int				 rc;

	if (!admin_body_or_reply(app, req, resp, &body, &rc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &rc)) {
		admin_body_free(&body);
		return rc;
	}
	v = cJSON_CreateObject();
	errors = cJSON_CreateObject();
	chosen = cJSON_CreateArray();
	api = cJSON_CreateObject();
	if (v == NULL || errors == NULL || chosen == NULL || api == NULL ||
	    campaign_read(&body, &s, admin_store_mark(app, &s), v, chosen,
	    api, errors) == -1)
		goto nomem;
	if (campaign_searching(&body, v)) {
		cJSON_Delete(errors);
		if ((errors = cJSON_CreateObject()) == NULL)
			goto nomem;
		rc = campaign_form(app, req, resp, &s, 200, NULL, NULL, v,
		    errors, chosen);
		goto out;
	}
	if (campaign_check(api, errors, &in) == -1)
		goto nomem;
	if (cJSON_GetArraySize(errors) > 0) {
		rc = campaign_form(app, req, resp, &s, 422, NULL, NULL, v,
		    errors, chosen);
		goto out;
	}
	memset(&err, 0, sizeof(err));
	rc = svc_campaign_create(app->db, s.store.id, &in, NULL, &err);
	if (rc < 0) {
		rc = sg_h_db_error(resp, rc);
		goto out;
	}
	if (rc != SVC_OK) {
		if (admin_verror_add(errors, &err, "form") == -1)
			goto nomem;
		rc = campaign_form(app, req, resp, &s, rc == SVC_CONFLICT ? 409 : 422,
		    NULL, NULL, v, errors, chosen);
		goto out;
	}
	sg_info("admin: %s created campaign %s/%s", s.email, s.store.handle, in.slug);
	snprintf(loc, sizeof(loc), "/admin/campaigns/%s", in.slug);
	rc = admin_redirect(resp, loc);
	admin_flash_set(req, resp, "created");
	goto out;
nomem:
	sg_h_internal(resp);
	rc = SG_H_OK;
out:
	cJSON_Delete(api);
	cJSON_Delete(v);
	cJSON_Delete(errors);
	cJSON_Delete(chosen);
	admin_body_free(&body);
	return rc;
}

/* *n: whether an order has ever counted in campaign id.  DB_OK or < 0. */
static int
campaign_counted(struct sg_app *app, int64_t id, int64_t *n)
{
	int	 counted, rc;

	rc = db_campaign_counted(app->db, id, &counted);
	*n = counted;
	return rc;
}

/* The product ids of a campaign, as the picker's chosen list. */
static int
campaign_product_chosen(const struct db_campaign_product *p, void *arg)
{
	return cJSON_AddItemToArray(arg, cJSON_CreateString(p->product_id)) ? 0 : -1;
}

/* The stored look (c, admin_campaign_json()) as the form's values v. */
static int
campaign_look_values(const cJSON *c, cJSON *v)
{
	const cJSON	*a = cJSON_GetObjectItemCaseSensitive(c, "accent");
	const cJSON	*r = cJSON_GetObjectItemCaseSensitive(c, "radius");
	char		 rad[8] = "";

	if (cJSON_IsNumber(r))
		snprintf(rad, sizeof(rad), "%d", r->valueint);
	if (cJSON_AddStringToObject(v, "theme", admin_json_str(c, "theme")) == NULL ||
	    cJSON_AddStringToObject(v, "accent_on", cJSON_IsString(a) ? "1" :
	    "") == NULL ||
	    cJSON_AddStringToObject(v, "accent_pick", cJSON_IsString(a) ?
	    a->valuestring : "#23794a") == NULL ||
	    cJSON_AddStringToObject(v, "accent", "") == NULL ||
	    cJSON_AddStringToObject(v, "radius", rad) == NULL)
		return -1;
	return 0;
}

/*
 * GET /admin/campaigns/{slug}/edit[?q=search]
 * The campaign form filled with the stored values.  200; 404 for an
 * unknown slug or another store's campaign; 303 to the login.
 */
int
h_admin_campaign_edit(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	cJSON			*c = NULL, *v = NULL, *errors = NULL, *chosen = NULL;
	char			 buf[SG_MONEY_FMT_MAX];
	int64_t			 n = 0;
	int			 rc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	if ((c = cJSON_CreateObject()) == NULL)
		goto nomem;
	if ((rc = admin_campaign_load(app, &s, req->args[0], c)) <= 0) {
		cJSON_Delete(c);
		if (rc == 0)
			return admin_error(app, resp, &s, 404, "There is no such campaign.");
		return sg_h_db_error(resp, rc);
	}
	v = cJSON_CreateObject();
	errors = cJSON_CreateObject();
	chosen = cJSON_CreateArray();
	if (v == NULL || errors == NULL || chosen == NULL)
		goto nomem;
	if ((rc = campaign_counted(app, admin_json_i64(c, "id"), &n)) < 0 ||
	    (rc = db_campaign_products_titled(app->db, admin_json_i64(c, "id"),
	    campaign_product_chosen, chosen)) < 0) {
		rc = sg_h_db_error(resp, rc);
		goto out;
	}
	if (cJSON_AddNumberToObject(c, "orders_ever", (double)n) == NULL)
		goto nomem;
	admin_amount_input(buf, sizeof(buf), admin_json_i64(c, "goal"),
	    strcmp(admin_json_str(c, "goal_kind"), "money") == 0 ?
	    s.store.exponent : 0, admin_store_mark(app, &s));
	{
		char	 sa[32], ea[32];
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(c, "starts_at");
		const cJSON *en = cJSON_GetObjectItemCaseSensitive(c, "ends_at");

		datetime_input(sa, sizeof(sa), cJSON_IsString(st) ? st->valuestring : NULL);
		datetime_input(ea, sizeof(ea), cJSON_IsString(en) ? en->valuestring : NULL);
		if (cJSON_AddStringToObject(v, "slug", admin_json_str(c, "slug")) == NULL ||
		    cJSON_AddStringToObject(v, "title", admin_json_str(c, "title")) == NULL ||
		    cJSON_AddStringToObject(v, "description", admin_json_str(c, "description")) == NULL ||
		    cJSON_AddStringToObject(v, "goal_kind", admin_json_str(c, "goal_kind")) == NULL ||
		    cJSON_AddStringToObject(v, "goal", buf) == NULL ||
		    cJSON_AddStringToObject(v, "starts_at", sa) == NULL ||
		    cJSON_AddStringToObject(v, "ends_at", ea) == NULL ||
		    cJSON_AddStringToObject(v, "product_ids_extra", "") == NULL ||
		    campaign_look_values(c, v) == -1)
			goto nomem;
	}
	rc = campaign_form(app, req, resp, &s, 200, req->args[0], c, v, errors, chosen);
	goto out;
nomem:
	sg_h_internal(resp);
	rc = SG_H_OK;
out:
	cJSON_Delete(c);
	cJSON_Delete(v);
	cJSON_Delete(errors);
	cJSON_Delete(chosen);
	return rc;
}

/*
 * POST /admin/campaigns/{slug}/edit (the fields of the create form)
 * Saves the campaign: 303 to its page.  422 the form with a message per
 * wrong field; 409 slug taken or goal kind changed after orders counted;
 * 404 unknown campaign; 403 CSRF; 400 malformed body.
 */
int
h_admin_campaign_update(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session		 s;
	struct admin_body		 body;
	struct sg_campaign_input	 in;
	struct sg_verror		 err;
	cJSON				*c = NULL, *v = NULL, *errors = NULL;
	cJSON				*chosen = NULL, *api = NULL;
	char				 loc[128];
	int64_t				 n = 0;
	int				 rc;

	if (!admin_body_or_reply(app, req, resp, &body, &rc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &rc)) {
		admin_body_free(&body);
		return rc;
	}
	if ((c = cJSON_CreateObject()) == NULL)
		goto nomem;
	if ((rc = admin_campaign_load(app, &s, req->args[0], c)) <= 0 ||
	    (rc = campaign_counted(app, admin_json_i64(c, "id"), &n)) < 0) {
		if (rc == 0)
			rc = admin_error(app, resp, &s, 404, "There is no such campaign.");
		else
			rc = sg_h_db_error(resp, rc);
		goto out;
	}
	v = cJSON_CreateObject();
	errors = cJSON_CreateObject();
	chosen = cJSON_CreateArray();
	api = cJSON_CreateObject();
	if (v == NULL || errors == NULL || chosen == NULL || api == NULL ||
	    cJSON_AddNumberToObject(c, "orders_ever", (double)n) == NULL)
		goto nomem;
	/* A locked goal kind is shown disabled: the browser does not send it. */
	if (n > 0 && admin_field(&body, "goal_kind") == NULL &&
	    sg_form_add(body.multipart ? &body.mp.fields : &body.form,
	    "goal_kind", 9, admin_json_str(c, "goal_kind"),
	    strlen(admin_json_str(c, "goal_kind"))) != SG_FORM_OK)
		goto nomem;
	if (campaign_read(&body, &s, admin_store_mark(app, &s), v, chosen,
	    api, errors) == -1)
		goto nomem;
	if (campaign_searching(&body, v)) {
		cJSON_Delete(errors);
		if ((errors = cJSON_CreateObject()) == NULL)
			goto nomem;
		rc = campaign_form(app, req, resp, &s, 200, req->args[0], c, v,
		    errors, chosen);
		goto out;
	}
	if (campaign_check(api, errors, &in) == -1)
		goto nomem;
	if (cJSON_GetArraySize(errors) > 0) {
		rc = campaign_form(app, req, resp, &s, 422, req->args[0], c, v,
		    errors, chosen);
		goto out;
	}
	/* Everything but the status, which has its own buttons. */
	in.has = SG_CF_SLUG | SG_CF_TITLE | SG_CF_DESCRIPTION | SG_CF_GOAL_KIND |
	    SG_CF_GOAL | SG_CF_PRODUCT_IDS | SG_CF_STARTS_AT | SG_CF_ENDS_AT |
	    SG_CF_THEME | SG_CF_ACCENT | SG_CF_RADIUS;
	memset(&err, 0, sizeof(err));
	rc = svc_campaign_update(app->db, s.store.id, req->args[0], &in, NULL, &err);
	if (rc < 0) {
		rc = sg_h_db_error(resp, rc);
		goto out;
	}
	if (rc == SVC_NOT_FOUND) {
		rc = admin_error(app, resp, &s, 404, "There is no such campaign.");
		goto out;
	}
	if (rc != SVC_OK) {
		if (admin_verror_add(errors, &err, "form") == -1)
			goto nomem;
		rc = campaign_form(app, req, resp, &s, rc == SVC_CONFLICT ? 409 : 422,
		    req->args[0], c, v, errors, chosen);
		goto out;
	}
	sg_info("admin: %s edited campaign %s/%s", s.email, s.store.handle, in.slug);
	snprintf(loc, sizeof(loc), "/admin/campaigns/%s", in.slug);
	rc = admin_redirect(resp, loc);
	admin_flash_set(req, resp, "saved");
	goto out;
nomem:
	sg_h_internal(resp);
	rc = SG_H_OK;
out:
	cJSON_Delete(api);
	cJSON_Delete(c);
	cJSON_Delete(v);
	cJSON_Delete(errors);
	cJSON_Delete(chosen);
	admin_body_free(&body);
	return rc;
}

/* The question before ending campaign c (its template data). */
static int
campaign_end_confirm(struct sg_app *app, struct sg_resp *resp,
    const struct svc_session *s, const cJSON *c)
{
	char	 q[SG_TITLE_MAX * 4 + 64], action[128], cancel[128];

	snprintf(q, sizeof(q), "End campaign '%s'?", admin_json_str(c, "title"));
	snprintf(action, sizeof(action), "/admin/campaigns/%s/status",
	    admin_json_str(c, "slug"));
	snprintf(cancel, sizeof(cancel), "/admin/campaigns/%s",
	    admin_json_str(c, "slug"));
	return admin_confirm(app, resp, s, q, "New orders will no longer count. "
	    "This cannot be undone.", action, "ended", "End campaign", cancel,
	    admin_json_str(c, "title"));
}

/*
 * GET /admin/campaigns/{slug}/end
 * The confirmation page before ending the campaign (its form posts
 * status=ended&confirm=yes to .../status).  200; 409 when it has ended
 * already; 404 unknown campaign; 303 to the login.
 */
int
h_admin_campaign_end(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	cJSON			*c;
	int			 rc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	if ((c = cJSON_CreateObject()) == NULL) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	if (admin_campaign_or_reply(app, resp, &s, req->args[0], c, &rc))
		rc = strcmp(admin_json_str(c, "status"), "ended") == 0 ?
		    admin_error(app, resp, &s, 409, "This campaign has ended "
		    "already.") : campaign_end_confirm(app, resp, &s, c);
	cJSON_Delete(c);
	return rc;
}

/*
 * POST /admin/campaigns/{slug}/status (form: csrf, status=live|ended,
 * confirm=yes)
 * Moves the campaign forward: draft -> live -> ended (also draft ->
 * ended).  303 to its page; ending without confirm=yes is 303 to the
 * confirmation page (GET .../end) instead and changes nothing, so a
 * stray click or a double click never ends a campaign; 409 for any other move (the page
 * explains); 422 an unknown status; 404 unknown campaign; 403 CSRF.
 */
int
h_admin_campaign_status(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session		 s;
	struct admin_body		 body;
	struct sg_campaign_input	 in;
	struct sg_verror		 err;
	enum sg_campaign_status		 to, from;
	const char			*want;
	char				 loc[128];
	cJSON				*c = NULL;
	int				 rc;

	if (!admin_body_or_reply(app, req, resp, &body, &rc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &rc)) {
		admin_body_free(&body);
		return rc;
	}
	want = admin_field(&body, "status");
	if ((c = cJSON_CreateObject()) == NULL) {
		sg_h_internal(resp);
		rc = SG_H_OK;
		goto out;
	}
	if ((rc = admin_campaign_load(app, &s, req->args[0], c)) <= 0) {
		rc = rc == 0 ? admin_error(app, resp, &s, 404,
		    "There is no such campaign.") : sg_h_db_error(resp, rc);
		goto out;
	}
	if (want == NULL || sg_campaign_status_parse(want, &to) == -1) {
		rc = admin_error(app, resp, &s, 422, "Unknown campaign status.");
		goto out;
	}
	(void)sg_campaign_status_parse(admin_json_str(c, "status"), &from);
	/* The domain's rule (the service applies it again); a button for the
	 * status the campaign already has changes nothing and says so. */
	if (to == from || !sg_campaign_status_may_move(from, to)) {
		rc = admin_error(app, resp, &s, 409, "A campaign only moves "
		    "forward: from draft to live, and from live to ended.");
		goto out;
	}
	if (to == SG_STATUS_ENDED && !admin_confirmed(&body)) {
		snprintf(loc, sizeof(loc), "/admin/campaigns/%s/end", req->args[0]);
		rc = admin_redirect(resp, loc);
		goto out;
	}
	memset(&in, 0, sizeof(in));
	memset(&err, 0, sizeof(err));
	in.has = SG_CF_STATUS;
	in.status = to;
	rc = svc_campaign_update(app->db, s.store.id, req->args[0], &in, NULL, &err);
	if (rc < 0) {
		rc = sg_h_db_error(resp, rc);
		goto out;
	}
	if (rc != SVC_OK) {
		rc = admin_error(app, resp, &s, rc == SVC_NOT_FOUND ? 404 : 409,
		    err.message[0] != '\0' ? err.message : "The status cannot change.");
		goto out;
	}
	sg_info("admin: %s set campaign %s/%s %s", s.email, s.store.handle,
	    req->args[0], want);
	snprintf(loc, sizeof(loc), "/admin/campaigns/%s", req->args[0]);
	rc = admin_redirect(resp, loc);
	admin_flash_set(req, resp, to == SG_STATUS_LIVE ? "live" : "ended");
out:
	cJSON_Delete(c);
	admin_body_free(&body);
	return rc;
}

/* --- life cycle: duplicate and archive (issue 12) ------------------------ */

/*
 * POST /admin/campaigns/{slug}/duplicate (form: csrf)
 * A copy with its milestones, as a draft called {slug}-copy (see
 * svc_campaign_duplicate()): 303 to the copy's page, with a flash message.
 * 409 too many copies; 404 unknown campaign; 403 CSRF.
 */
int
h_admin_campaign_duplicate(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct admin_body	 body;
	struct sg_verror	 err;
	char			 slug[SG_SLUG_MAX + 1], loc[128];
	int			 rc;

	if (!admin_body_or_reply(app, req, resp, &body, &rc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &rc)) {
		admin_body_free(&body);
		return rc;
	}
	admin_body_free(&body);
	memset(&err, 0, sizeof(err));
	if (sg_slug_check(req->args[0]) != SG_VERR_OK)
		return admin_error(app, resp, &s, 404, "There is no such campaign.");
	rc = svc_campaign_duplicate(app->db, s.store.id, req->args[0], slug,
	    sizeof(slug), &err);
	if (rc < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_NOT_FOUND)
		return admin_error(app, resp, &s, 404, "There is no such campaign.");
	if (rc != SVC_OK)
		return admin_error(app, resp, &s, 409, "There are too many copies "
		    "of this campaign already: rename or delete one first.");
	sg_info("admin: %s duplicated campaign %s/%s as %s", s.email,
	    s.store.handle, req->args[0], slug);
	snprintf(loc, sizeof(loc), "/admin/campaigns/%s", slug);
	admin_redirect(resp, loc);
	admin_flash_set(req, resp, "duplicated");
	return SG_H_OK;
}

/*
 * POST /admin/campaigns/{slug}/archive (form: csrf, archived=1|0)
 * Archive an ended campaign (hidden from the list) or take it out of the
 * archive: 303 to its page with a flash message.  409 archiving one that
 * has not ended; 422 archived other than 0 or 1; 404 unknown campaign;
 * 403 CSRF.
 */
int
h_admin_campaign_archive(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct admin_body	 body;
	struct sg_verror	 err;
	const char		*v;
	char			 loc[128];
	int			 rc, on;

	if (!admin_body_or_reply(app, req, resp, &body, &rc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &rc)) {
		admin_body_free(&body);
		return rc;
	}
	v = admin_field(&body, "archived");
	on = v != NULL && strcmp(v, "1") == 0;
	rc = v != NULL && (on || strcmp(v, "0") == 0);
	admin_body_free(&body);
	if (!rc)
		return admin_error(app, resp, &s, 422, "Choose to archive the "
		    "campaign or to take it out of the archive.");
	if (sg_slug_check(req->args[0]) != SG_VERR_OK)
		return admin_error(app, resp, &s, 404, "There is no such campaign.");
	memset(&err, 0, sizeof(err));
	rc = svc_campaign_archive(app->db, s.store.id, req->args[0], on, &err);
	if (rc < 0)
		return sg_h_db_error(resp, rc);
	if (rc == SVC_NOT_FOUND)
		return admin_error(app, resp, &s, 404, "There is no such campaign.");
	if (rc != SVC_OK)
		return admin_error(app, resp, &s, 409, "Only an ended campaign "
		    "can be archived.");
	sg_info("admin: %s %s campaign %s/%s", s.email, on ? "archived" :
	    "unarchived", s.store.handle, req->args[0]);
	snprintf(loc, sizeof(loc), "/admin/campaigns/%s", req->args[0]);
	admin_redirect(resp, loc);
	admin_flash_set(req, resp, on ? "archived" : "unarchived");
	return SG_H_OK;
}
