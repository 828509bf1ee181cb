/*
 * admin_dashboard.c — the campaign page (dashboard) and the CSV export of
 * its grants.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "db/admin.h"
#include "db/db.h"
#include "handlers/admin.h"
#include "handlers/routes_admin.h"
#include "util/buf.h"
#include "util/log.h"

static int64_t
json_i64(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0;
}

static const char *
json_str(const cJSON *o, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

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
dashboard_milestone(const struct admin_session *s, const cJSON *c, cJSON *m)
{
	char	 t[64], r[64];
	int	 money = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "is_money"));
	int64_t	 target = json_i64(m, "target"), progress = json_i64(c, "progress");
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
	    strcmp(json_str(m, "reward"), "gift") == 0) == NULL ||
	    cJSON_AddBoolToObject(m, "scope_new",
	    strcmp(json_str(m, "scope"), "new") == 0) == NULL ||
	    cJSON_AddStringToObject(m, "campaign_slug", json_str(c, "slug")) == NULL)
		return -1;
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
	struct admin_session	 s;
	cJSON			*d = NULL, *c, *ms, *orders, *prods, *m, *o;
	char			 a[64];
	int			 rc;

	if ((rc = admin_door(app, req, resp, &s, NULL)) <= 0)
		return ADMIN_DOOR_RC(rc);
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
	if ((rc = db_exec(app->db, SQL_ADMIN_MILESTONE_LIST, "i", json_i64(c, "id"))) < 0 ||
	    (rc = db_admin_rows(app->db, SQL_ADMIN_MILESTONE_LIST,
	    "id:i target:i title image_url before_text after_text reward "
	    "gift_product_id gift_variant_id gift_quantity:i scope reached_at "
	    "reached_order grants_pending:i grants_fulfilled:i grants_void:i",
	    ms)) < 0 ||
	    (rc = db_exec(app->db, SQL_ADMIN_RECENT_ORDERS, "i", json_i64(c, "id"))) < 0 ||
	    (rc = db_admin_rows(app->db, SQL_ADMIN_RECENT_ORDERS,
	    "external_id backer placed_at units:i amount:i active:i", orders)) < 0 ||
	    (rc = db_exec(app->db, SQL_ADMIN_CAMPAIGN_PRODUCTS, "i", json_i64(c, "id"))) < 0 ||
	    (rc = db_admin_rows(app->db, SQL_ADMIN_CAMPAIGN_PRODUCTS,
	    "product_id title", prods)) < 0) {
		cJSON_Delete(d);
		return sg_h_db_error(resp, rc);
	}
	cJSON_ArrayForEach(m, ms)
		if (dashboard_milestone(&s, c, m) == -1)
			goto nomem;
	cJSON_ArrayForEach(o, orders) {
		admin_amount_format(a, sizeof(a),
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "is_money")) ?
		    json_i64(o, "amount") : json_i64(o, "units"),
		    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "is_money")),
		    &s.store);
		if (dashboard_time(o, "placed_at") == -1 ||
		    cJSON_AddStringToObject(o, "contribution", a) == NULL ||
		    cJSON_AddBoolToObject(o, "cancelled", json_i64(o, "active") == 0) == NULL)
			goto nomem;
	}
	if (cJSON_AddBoolToObject(d, "has_milestones", cJSON_GetArraySize(ms) > 0) == NULL ||
	    cJSON_AddBoolToObject(d, "has_orders", cJSON_GetArraySize(orders) > 0) == NULL)
		goto nomem;
	cJSON_ReplaceItemInObjectCaseSensitive(d, "page_title",
	    cJSON_CreateString(json_str(c, "title")));
	admin_render(app, resp, 200, "admin_campaign", d);
	cJSON_Delete(d);
	return SG_H_OK;
nomem:
	cJSON_Delete(d);
	sg_h_internal(resp);
	return SG_H_OK;
}

/*
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF;
 * a cell that a spreadsheet would take for a formula (starting with = + -
 * @, TAB or CR) gets a leading apostrophe.
 */
static int
csv_cell(struct sg_buf *b, const char *s, int last)
{
	const char	*p;
	int		 quote;

	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote && sg_buf_addc(b, '"') != SG_BUF_OK)
		return -1;
	if ((*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' ||
	    *s == '\r') && sg_buf_addc(b, '\'') != SG_BUF_OK)
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

/*
 * GET /admin/campaigns/{slug}/grants.csv
 * Every grant of the campaign as CSV (RFC 4180, CRLF, header row), as an
 * attachment.  200; 404 unknown campaign; 303 to the login; 500 when the
 * export exceeds the response cap.
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
	struct admin_session	 s;
	cJSON			*c;
	size_t			 i, n = sizeof(head) / sizeof(head[0]);
	int			 rc;
	const char		*v;

	if ((rc = admin_door(app, req, resp, &s, NULL)) <= 0)
		return ADMIN_DOOR_RC(rc);
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
	if ((rc = db_exec(app->db, SQL_ADMIN_GRANTS_EXPORT, "ii", s.store.id,
	    json_i64(c, "id"))) != DB_OK) {
		cJSON_Delete(c);
		return sg_h_db_error(resp, rc);
	}
	while ((rc = db_fetch(app->db, SQL_ADMIN_GRANTS_EXPORT)) > 0) {
		for (i = 0; i < n; i++) {
			v = db_col_str(app->db, SQL_ADMIN_GRANTS_EXPORT, (unsigned)i, NULL);
			if (csv_cell(&resp->body, v == NULL ? "" : v, i + 1 == n) == -1) {
				db_done(app->db, SQL_ADMIN_GRANTS_EXPORT);
				goto toobig;
			}
		}
	}
	db_done(app->db, SQL_ADMIN_GRANTS_EXPORT);
	if (rc < 0) {
		cJSON_Delete(c);
		return sg_h_db_error(resp, rc);
	}
	resp->status = 200;
	sg_resp_header(resp, "Content-Type", "text/csv; charset=utf-8; header=present");
	sg_resp_header(resp, "Content-Disposition",
	    "attachment; filename=\"grants-%s-%s.csv\"", s.store.handle,
	    json_str(c, "slug"));
	admin_headers(resp);
	cJSON_Delete(c);
	return SG_H_OK;
toobig:
	sg_error("admin: grants export of %s/%s exceeds the response cap",
	    s.store.handle, json_str(c, "slug"));
	cJSON_Delete(c);
	sg_h_internal(resp);
	return SG_H_OK;
}
