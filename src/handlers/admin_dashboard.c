/*
 * admin_dashboard.c — the campaign page (dashboard) and the CSV export of
 * its grants.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "db/campaign.h"
#include "db/db.h"
#include "db/grant.h"
#include "db/milestone.h"
#include "handlers/admin.h"
#include "handlers/routes_admin.h"
#include "service/grant.h"
#include "util/buf.h"
#include "util/form.h"
#include "util/log.h"

/*
 * Grants per part of the CSV export.  A row is at most ~1.4 KB (a title of
 * 200 four-byte characters, a 254-byte backer, ids of 64), so a part stays
 * well below the response body cap (8 MiB) that a whole export of a big
 * campaign exceeded (500).
 */
#define ADMIN_CSV_PART_ROWS	4000

/* Recent orders on the dashboard. */
#define ADMIN_RECENT_ORDERS	20

/*
 * Replace the DATETIME text of o[name] ("2026-11-22 10:00:00.000000", UTC)
 * by "2026-11-22 10:00 UTC" for display; null stays null.
 */
static int
dashboard_time(cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);
	char		 buf[32];
	cJSON		*n;

	if (!cJSON_IsString(v) || strlen(v->valuestring) < 16)
		return 0;
	snprintf(buf, sizeof(buf), "%.16s UTC", v->valuestring);
	if ((n = cJSON_CreateString(buf)) == NULL)
		return -1;
	return cJSON_ReplaceItemInObjectCaseSensitive(o, name, n) ? 0 : -1;
}

/* Display fields of one milestone row. */
static int
dashboard_milestone(const struct svc_session *s, const cJSON *c, cJSON *m)
{
	char	 t[64], r[64];
	int	 money = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "is_money"));
	int64_t	 target = admin_json_i64(m, "target"), progress = admin_json_i64(c, "progress");
	int	 reached = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(m,
		    "reached_at"));

	admin_amount_format(t, sizeof(t), target, money, &s->store);
	admin_amount_format(r, sizeof(r), target > progress ? target - progress : 0,
	    money, &s->store);
	if (dashboard_time(m, "reached_at") == -1 ||
	    cJSON_AddStringToObject(m, "target_display", t) == NULL ||
	    cJSON_AddStringToObject(m, "remaining_display", r) == NULL ||
	    cJSON_AddBoolToObject(m, "reached", reached) == NULL ||
	    cJSON_AddBoolToObject(m, "is_gift",
	    strcmp(admin_json_str(m, "reward"), "gift") == 0) == NULL ||
	    cJSON_AddBoolToObject(m, "scope_new",
	    strcmp(admin_json_str(m, "scope"), "new") == 0) == NULL ||
	    cJSON_AddStringToObject(m, "campaign_slug", admin_json_str(c, "slug")) == NULL)
		return -1;
	return 0;
}

/* A new object appended to the array arg, or NULL. */
static cJSON *
dashboard_row(void *arg)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(arg, o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int
dashboard_milestone_json(const struct db_milestone_grants *mg, void *arg)
{
	cJSON	*o;

	if ((o = dashboard_row(arg)) == NULL ||
	    admin_milestone_json(&mg->m, o) == -1 ||
	    cJSON_AddNumberToObject(o, "grants_pending", (double)mg->pending) == NULL ||
	    cJSON_AddNumberToObject(o, "grants_fulfilled", (double)mg->fulfilled) == NULL ||
	    cJSON_AddNumberToObject(o, "grants_void", (double)mg->voided) == NULL)
		return -1;
	return 0;
}

static int
dashboard_order_json(const struct db_campaign_order *co, void *arg)
{
	char	 t[SG_TIME_FMT_MAX];
	cJSON	*o;

	if ((o = dashboard_row(arg)) == NULL ||
	    cJSON_AddStringToObject(o, "external_id", co->external_id) == NULL ||
	    cJSON_AddStringToObject(o, "backer", co->backer) == NULL ||
	    (sg_time_format_sql(co->placed_at, t, sizeof(t)) == -1 ?
	    cJSON_AddNullToObject(o, "placed_at") :
	    cJSON_AddStringToObject(o, "placed_at", t)) == NULL ||
	    cJSON_AddNumberToObject(o, "units", (double)co->units) == NULL ||
	    cJSON_AddNumberToObject(o, "amount", (double)co->amount) == NULL ||
	    cJSON_AddNumberToObject(o, "active", co->active) == NULL)
		return -1;
	return 0;
}

static int
dashboard_product_json(const struct db_campaign_product *p, void *arg)
{
	cJSON	*o;

	if ((o = dashboard_row(arg)) == NULL ||
	    cJSON_AddStringToObject(o, "product_id", p->product_id) == NULL ||
	    (p->has_title ? cJSON_AddStringToObject(o, "title", p->title) :
	    cJSON_AddNullToObject(o, "title")) == NULL)
		return -1;
	return 0;
}

/*
 * The export's parts when the campaign has more than ADMIN_CSV_PART_ROWS
 * grants: d.csv_parts = [{"n", "href"}], d.has_csv_parts.  -1: no memory.
 */
static int
dashboard_csv_parts(cJSON *d, const cJSON *c, const cJSON *ms)
{
	const cJSON	*m;
	cJSON		*parts, *p;
	char		 href[128];
	int64_t		 total = 0, n, k;

	cJSON_ArrayForEach(m, ms)
		total += admin_json_i64(m, "grants_pending") + admin_json_i64(m, "grants_fulfilled") +
		    admin_json_i64(m, "grants_void");
	n = (total + ADMIN_CSV_PART_ROWS - 1) / ADMIN_CSV_PART_ROWS;
	if (cJSON_AddBoolToObject(d, "has_csv_parts", n > 1) == NULL)
		return -1;
	if (n <= 1)
		return 0;
	if ((parts = cJSON_AddArrayToObject(d, "csv_parts")) == NULL)
		return -1;
	for (k = 1; k <= n; k++) {
		snprintf(href, sizeof(href), "/admin/campaigns/%s/grants.csv?part=%lld",
		    admin_json_str(c, "slug"), (long long)k);
		if ((p = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(parts, p) ||
		    cJSON_AddNumberToObject(p, "n", (double)k) == NULL ||
		    cJSON_AddStringToObject(p, "href", href) == NULL)
			return -1;
	}
	return 0;
}

/*
 * GET /admin/campaigns/{slug}
 * The dashboard: the bar, each milestone (when and by which order it was
 * reached, grants pending/fulfilled/void), recent orders, the widget link
 * and its embed snippet, the status buttons.  200; 404 unknown campaign or
 * another store's; 303 to the login.
 */
int
h_admin_campaign(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	cJSON			*d = NULL, *c, *ms, *orders, *prods, *m, *o;
	char			 a[64];
	int64_t			 id;
	int			 rc;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	if ((d = admin_page_data(&s, "Campaign")) == NULL ||
	    (c = cJSON_AddObjectToObject(d, "campaign")) == NULL ||
	    (ms = cJSON_AddArrayToObject(d, "milestones")) == NULL ||
	    (orders = cJSON_AddArrayToObject(d, "orders")) == NULL ||
	    (prods = cJSON_AddArrayToObject(d, "products")) == NULL)
		goto nomem;
	if ((rc = admin_campaign_load(app, &s, req->args[0], c)) <= 0) {
		cJSON_Delete(d);
		return rc == 0 ? admin_error(app, resp, &s, 404,
		    "There is no such campaign.") : sg_h_db_error(resp, rc);
	}
	id = admin_json_i64(c, "id");
	if ((rc = db_milestone_list_grants(app->db, id, dashboard_milestone_json,
	    ms)) < 0 ||
	    (rc = db_campaign_recent_orders(app->db, id, ADMIN_RECENT_ORDERS,
	    dashboard_order_json, orders)) < 0 ||
	    (rc = db_campaign_products_titled(app->db, id, dashboard_product_json,
	    prods)) < 0) {
		cJSON_Delete(d);
		return sg_h_db_error(resp, rc);
	}
	cJSON_ArrayForEach(m, ms)
		if (dashboard_milestone(&s, c, m) == -1)
			goto nomem;
	cJSON_ArrayForEach(o, orders) {
		admin_amount_format(a, sizeof(a),
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "is_money")) ?
		    admin_json_i64(o, "amount") : admin_json_i64(o, "units"),
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "is_money")),
		    &s.store);
		if (dashboard_time(o, "placed_at") == -1 ||
		    cJSON_AddStringToObject(o, "contribution", a) == NULL ||
		    cJSON_AddBoolToObject(o, "cancelled", admin_json_i64(o, "active") == 0) == NULL)
			goto nomem;
	}
	if (cJSON_AddBoolToObject(d, "has_milestones", cJSON_GetArraySize(ms) > 0) == NULL ||
	    cJSON_AddBoolToObject(d, "has_orders", cJSON_GetArraySize(orders) > 0) == NULL ||
	    dashboard_csv_parts(d, c, ms) == -1)
		goto nomem;
	cJSON_ReplaceItemInObjectCaseSensitive(d, "page_title",
	    cJSON_CreateString(admin_json_str(c, "title")));
	admin_render(app, resp, 200, "admin_campaign", d);
	cJSON_Delete(d);
	return SG_H_OK;
nomem:
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/* A part number of the export: 1 … 10^9, or -1. */
static int64_t
csv_part_parse(const char *v)
{
	int64_t	 n = 0;
	size_t	 i;

	if (*v < '1' || *v > '9' || strlen(v) > 9)
		return -1;
	for (i = 0; v[i] != '\0'; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

/* Characters that make a spreadsheet read a cell (or a part) as a formula. */
static int
csv_formula_char(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@';
}

/*
 * Whether a spreadsheet could take s, or a part of it, for a formula: it
 * starts with = + - @, TAB or CR, or a part after a ',' or ';' (the list
 * separators of spreadsheets in different locales) starts with = + - @.
 */
static int
csv_formula_like(const char *s)
{
	const char	*p;

	if (csv_formula_char(*s) || *s == '\t' || *s == '\r')
		return 1;
	for (p = s; (p = strpbrk(p, ",;")) != NULL; p++)
		if (csv_formula_char(p[1]))
			return 1;
	return 0;
}

/*
 * One CSV cell (RFC 4180): quoted when it holds a comma, a semicolon, a
 * quote, CR or LF; a cell that a spreadsheet could take for a formula
 * (csv_formula_like()) gets a leading apostrophe.
 */
static int
csv_cell(struct sg_buf *b, const char *s, int last)
{
	const char	*p;
	int		 quote;

	quote = strpbrk(s, ",;\"\r\n") != NULL;
	if (quote && sg_buf_addc(b, '"') != SG_BUF_OK)
		return -1;
	if (csv_formula_like(s) && sg_buf_addc(b, '\'') != SG_BUF_OK)
		return -1;
	for (p = s; *p != '\0'; p++) {
		if (*p == '"' && sg_buf_addc(b, '"') != SG_BUF_OK)
			return -1;
		if (sg_buf_addc(b, *p) != SG_BUF_OK)
			return -1;
	}
	if (quote && sg_buf_addc(b, '"') != SG_BUF_OK)
		return -1;
	return sg_buf_adds(b, last ? "\r\n" : ",") == SG_BUF_OK ? 0 : -1;
}

/* One grant as a CSV row into the body; *toobig when it does not fit. */
struct csv_out {
	struct sg_buf	*b;
	int		 toobig;
};

static int
csv_grant_row(const struct db_grant_export *g, void *arg)
{
	struct csv_out	*out = arg;
	const char	*cells[] = {
		g->id, g->order_id, g->milestone_id, g->milestone_title,
		g->backer, g->product_id, g->variant_id, g->quantity, g->status,
		g->created_at, g->fulfilled_at,
	};
	size_t		 i, n = sizeof(cells) / sizeof(cells[0]);

	for (i = 0; i < n; i++)
		if (csv_cell(out->b, cells[i], i + 1 == n) == -1) {
			out->toobig = 1;
			return -1;
		}
	return 0;
}

/*
 * GET /admin/campaigns/{slug}/grants.csv?part=N
 * The grants of the campaign as CSV (RFC 4180, CRLF, header row), as an
 * attachment, in queue (commit) order, in parts of ADMIN_CSV_PART_ROWS (part 1 when
 * not given; a part past the end has the header row only).  200; 400 a
 * part that is not 1, 2, …; 404 unknown campaign; 303 to the login.
 */
int
h_admin_grants_csv(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	static const char *const head[] = {
		"grant_id", "order_id", "milestone_id", "milestone", "backer",
		"product_id", "variant_id", "quantity", "status", "created_at",
		"fulfilled_at",
	};
	struct svc_session	 s;
	struct sg_form		 f;
	struct csv_out		 out;
	cJSON			*c;
	size_t			 i, n = sizeof(head) / sizeof(head[0]);
	int64_t			 part = 1;
	int			 rc;
	const char		*v;
	char			 partname[32];

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	sg_form_init(&f);
	rc = sg_form_parse(&f, req->query, strlen(req->query));
	v = rc == SG_FORM_OK ? sg_form_get(&f, "part") : NULL;
	if (rc == SG_FORM_OK && v != NULL)
		part = csv_part_parse(v);
	sg_form_free(&f);
	if (rc != SG_FORM_OK || part < 1)
		return admin_error(app, resp, &s, 400, "There is no such part of "
		    "the export.");
	if ((c = cJSON_CreateObject()) == NULL) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	rc = admin_campaign_load(app, &s, req->args[0], c);
	if (rc <= 0) {
		cJSON_Delete(c);
		return rc == 0 ? admin_error(app, resp, &s, 404,
		    "There is no such campaign.") : sg_h_db_error(resp, rc);
	}
	sg_buf_reset(&resp->body);
	for (i = 0; i < n; i++)
		if (csv_cell(&resp->body, head[i], i + 1 == n) == -1)
			goto toobig;
	out.b = &resp->body;
	out.toobig = 0;
	rc = svc_grant_export_part(app->db, s.store.id, admin_json_i64(c, "id"),
	    ADMIN_CSV_PART_ROWS, (part - 1) * ADMIN_CSV_PART_ROWS, csv_grant_row,
	    &out);
	if (out.toobig)
		goto toobig;
	if (rc < 0) {
		cJSON_Delete(c);
		return sg_h_db_error(resp, rc);
	}
	resp->status = 200;
	sg_resp_header(resp, "Content-Type", "text/csv; charset=utf-8; header=present");
	partname[0] = '\0';
	if (part > 1 || req->query[0] != '\0')
		snprintf(partname, sizeof(partname), "-part%lld", (long long)part);
	sg_resp_header(resp, "Content-Disposition",
	    "attachment; filename=\"grants-%s-%s%s.csv\"", s.store.handle,
	    admin_json_str(c, "slug"), partname);
	admin_headers(resp);
	cJSON_Delete(c);
	return SG_H_OK;
toobig:
	sg_error("admin: grants export of %s/%s exceeds the response cap",
	    s.store.handle, admin_json_str(c, "slug"));
	cJSON_Delete(c);
	sg_h_internal(resp);
	return SG_H_OK;
}
