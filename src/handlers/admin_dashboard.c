/*
 * admin_dashboard.c — the campaign page (dashboard) and the CSV export of
 * its grants.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "db/campaign.h"
#include "db/db.h"
#include "db/grant.h"
#include "db/milestone.h"
#include "db/product.h"
#include "db/public.h"
#include "db/stats.h"
#include "domain/chart.h"
#include "domain/timefmt.h"
#include "domain/validate.h"
#include "handlers/admin.h"
#include "handlers/public.h"
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
	int	 backers = strcmp(admin_json_str(m, "metric"), "backers") == 0;
	int64_t	 target = admin_json_i64(m, "target"), progress = admin_json_i64(c, "progress");
	int	 reached = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(m,
		    "reached_at"));

	/* Rule 10: a backers milestone counts the campaign's backers. */
	if (backers) {
		progress = admin_json_i64(c, "backers");
		money = 0;
	}
	admin_amount_format(t, sizeof(t), target, money, &s->store);
	admin_amount_format(r, sizeof(r), target > progress ? target - progress : 0,
	    money, &s->store);
	if (backers) {
		size_t	 n = strlen(t);

		snprintf(t + n, sizeof(t) - n, " %s", target == 1 ? "backer" :
		    "backers");
		n = strlen(r);
		snprintf(r + n, sizeof(r) - n, " %s", target - progress == 1 ?
		    "backer" : "backers");
	}
	if (dashboard_time(m, "reached_at") == -1 ||
	    cJSON_AddBoolToObject(m, "metric_backers", backers) == NULL ||
	    cJSON_AddStringToObject(m, "target_display", t) == NULL ||
	    cJSON_AddStringToObject(m, "remaining_display", r) == NULL ||
	    cJSON_AddBoolToObject(m, "reached", reached) == NULL ||
	    cJSON_AddBoolToObject(m, "is_gift",
	    strcmp(admin_json_str(m, "reward"), "gift") == 0) == NULL ||
	    cJSON_AddBoolToObject(m, "scope_new",
	    strcmp(admin_json_str(m, "scope"), "new") == 0) == NULL ||
	    cJSON_AddBoolToObject(m, "has_pending",
	    admin_json_i64(m, "grants_pending") > 0) == NULL ||
	    cJSON_AddBoolToObject(m, "no_after_text",
	    *admin_json_str(m, "after_text") == '\0') == NULL ||
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

/* --- the picture of the campaign: chart and figures (issue 12, item 9) --- */

/* Milestone lines drawn: the goal and up to SG_CHART_LINES_MAX others. */
#define DASH_LINES_READ	(SG_CHART_LINES_MAX + 1)

struct dash_fmt {
	int			 money;
	const struct db_store	*store;
};

static void
dash_fmt(char *dst, size_t size, int64_t v, void *arg)
{
	const struct dash_fmt	*f = arg;

	admin_amount_format(dst, size, v, f->money, f->store);
}

struct dash_lines {
	struct db_stats_line	 l[DASH_LINES_READ];
	size_t			 n;
};

static int
dash_line_add(const struct db_stats_line *l, void *arg)
{
	struct dash_lines	*d = arg;

	if (d->n < DASH_LINES_READ)
		d->l[d->n++] = *l;
	return 0;
}

/* "2026-11-22" or "2026-11-22 10:00" (hours) of t, UTC. */
static void
dash_date(sg_usec_t t, int hours, char *dst, size_t size)
{
	char	 b[SG_TIME_FMT_MAX];

	if (sg_time_format_rfc3339(t, b, sizeof(b)) == -1)
		snprintf(dst, size, "?");
	else if (hours)
		snprintf(dst, size, "%.10s %.5s UTC", b, b + 11);
	else
		snprintf(dst, size, "%.10s", b);
}

static sg_usec_t
dash_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (sg_usec_t)ts.tv_sec * SG_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Whole days from a to b, rounded up (b > a). */
static int64_t
dash_days(sg_usec_t a, sg_usec_t b)
{
	int64_t	 day = INT64_C(86400) * SG_USEC_PER_SEC;

	return (b - a) / day + ((b - a) % day != 0);
}

/* o[name] = s; -1 on no memory. */
static int
dash_str(cJSON *o, const char *name, const char *s)
{
	return cJSON_AddStringToObject(o, name, s) == NULL ? -1 : 0;
}

/*
 * d.chart: the campaign's figures (start, end, days left, average order,
 * funded state and moment), the funding-over-time SVG (domain/chart.c) with
 * its milestone lines and reach markers, and the same data as a table of
 * the buckets that had orders (orders, new backers, counted, total).
 * DB_OK, a db code < 0, or 1 on no memory.
 */
static int
dashboard_chart(struct sg_app *app, const struct svc_session *s, const char *slug,
    cJSON *d)
{
	struct db_campaign	*dc = NULL;
	struct db_stats_bucket	*b = NULL;
	struct sg_chart_point	*pts = NULL;
	struct sg_chart_bar	*bars = NULL;
	struct dash_lines	*dl = NULL;
	struct sg_chart_line	 lines[DASH_LINES_READ + 1];
	struct sg_chart		 ch;
	struct dash_fmt		 f;
	struct sg_buf		 svg;
	cJSON			*c, *rows, *r;
	char			 t0s[40], t1s[40], v[64], w[64], desc[SG_CHART_TEXT_MAX];
	char			*svgs = NULL;
	sg_usec_t		 now = dash_now(), t0, t1, funded_at = 0, bs;
	int64_t			 sec, n, k, cum = 0, orders = 0, progress, pct;
	size_t			 np = 0, nl = 0, nb = 0, i, reached = 0;
	int			 rc, money, hours, funded, has_goal_line = 0, nomem = 1;

	sg_buf_init(&svg, SG_CHART_SVG_MAX);
	if ((dc = malloc(sizeof(*dc))) == NULL || (dl = calloc(1, sizeof(*dl))) == NULL)
		goto out;
	if ((rc = db_campaign_get_by_slug(app->db, s->store.id, slug, 0, dc)) <= 0) {
		nomem = rc == 0 ? DB_ERR : rc;
		goto out;
	}
	money = dc->goal_kind == SG_GOAL_MONEY;
	f.money = money;
	f.store = &s->store;
	/* The time axis: the start (or creation) to the end (or now). */
	t0 = dc->has_starts ? dc->starts_at : dc->created_at;
	t1 = dc->has_ends ? dc->ends_at : now;
	if (t1 < t0 + INT64_C(3600) * SG_USEC_PER_SEC)
		t1 = t0 + INT64_C(3600) * SG_USEC_PER_SEC;
	sg_chart_buckets(t0, t1, &sec, &n);
	hours = sec < 86400;
	if ((b = calloc((size_t)n, sizeof(*b))) == NULL ||
	    (pts = calloc((size_t)n + 1, sizeof(*pts))) == NULL ||
	    (bars = calloc((size_t)n, sizeof(*bars))) == NULL)
		goto out;
	/* The funded moment only when funded now (it reads every contribution). */
	progress = money ? dc->amount : dc->units;
	funded = 0;
	if ((rc = db_stats_buckets(app->db, dc->id, t0, sec, n, b)) < 0 ||
	    (progress >= dc->goal && (rc = funded = db_stats_funded_at(app->db,
	    dc->id, money, dc->goal, &funded_at)) < 0) ||
	    (rc = db_stats_lines(app->db, dc->id, DASH_LINES_READ, dash_line_add, dl)) < 0) {
		nomem = rc;
		goto out;
	}

	if ((c = cJSON_AddObjectToObject(d, "chart")) == NULL ||
	    (rows = cJSON_AddArrayToObject(c, "rows")) == NULL)
		goto out;
	/* The series, from 0 at the start to the bucket that holds now. */
	pts[np].t = t0;
	pts[np++].v = 0;
	for (k = 0; k < n; k++) {
		bs = t0 + k * sec * SG_USEC_PER_SEC;
		if (bs > now)
			break;
		cum += money ? b[k].amount : b[k].units;
		orders += b[k].orders;
		pts[np].t = bs + sec * SG_USEC_PER_SEC;
		if (pts[np].t > now)
			pts[np].t = now;
		if (pts[np].t > t1)
			pts[np].t = t1;
		pts[np++].v = cum;
		bars[nb].t0 = bs;
		bars[nb].t1 = bs + sec * SG_USEC_PER_SEC;
		bars[nb].orders = b[k].orders;
		bars[nb++].new_backers = b[k].new_backers;
		if (b[k].orders == 0 && b[k].new_backers == 0)
			continue;
		dash_date(bs, hours, v, sizeof(v));
		if ((r = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(rows, r)) {
			cJSON_Delete(r);
			goto out;
		}
		if (dash_str(r, "period", v) == -1 ||
		    cJSON_AddNumberToObject(r, "orders", (double)b[k].orders) == NULL ||
		    cJSON_AddNumberToObject(r, "new_backers", (double)b[k].new_backers) == NULL)
			goto out;
		admin_amount_format(v, sizeof(v), money ? b[k].amount : b[k].units, money, &s->store);
		admin_amount_format(w, sizeof(w), cum, money, &s->store);
		if (dash_str(r, "counted", v) == -1 || dash_str(r, "total", w) == -1)
			goto out;
	}
	/* Orders placed after now (a clock ahead) still count in the total. */
	for (; k < n; k++) {
		cum += money ? b[k].amount : b[k].units;
		orders += b[k].orders;
	}
	/* Lines: the milestones, the goal among them or added. */
	for (i = 0; i < dl->n && nl < DASH_LINES_READ; i++) {
		lines[nl].target = dl->l[i].target;
		lines[nl].label = dl->l[i].title;
		lines[nl].reached = dl->l[i].reached;
		lines[nl].reached_at = dl->l[i].reached_at;
		lines[nl].is_goal = dl->l[i].target == dc->goal;
		has_goal_line |= lines[nl].is_goal;
		reached += dl->l[i].reached != 0;
		nl++;
	}
	if (!has_goal_line) {
		lines[nl].target = dc->goal;
		lines[nl].label = "Goal";
		lines[nl].reached = 0;
		lines[nl].reached_at = 0;
		lines[nl].is_goal = 1;
		nl++;
	}
	/* The figures. */
	pct = dc->goal > 0 ? (int64_t)((double)progress * 100.0 / (double)dc->goal) : 0;
	admin_amount_format(v, sizeof(v), progress, money, &s->store);
	admin_amount_format(w, sizeof(w), dc->goal, money, &s->store);
	dash_date(t0, 0, t0s, sizeof(t0s));
	dash_date(t1, 0, t1s, sizeof(t1s));
	snprintf(desc, sizeof(desc), "%s of %s counted (%lld %%) from %lld orders by "
	    "%lld backers, %s to %s. %zu of %zu milestones reached.%s",
	    v, w, (long long)pct, (long long)orders, (long long)dc->backers,
	    dc->has_starts ? t0s : "created", dc->has_ends ? t1s : "now",
	    reached, dl->n, progress >= dc->goal ? " Funded." : "");
	if (dash_str(c, "summary", desc) == -1 ||
	    dash_str(c, "starts", dc->has_starts ? t0s : "when it went live") == -1 ||
	    dash_str(c, "ends", dc->has_ends ? t1s : "no end date") == -1 ||
	    cJSON_AddBoolToObject(c, "funded", progress >= dc->goal) == NULL ||
	    cJSON_AddNumberToObject(c, "percent", (double)pct) == NULL ||
	    cJSON_AddBoolToObject(c, "has_rows", cJSON_GetArraySize(rows) > 0) == NULL ||
	    cJSON_AddNumberToObject(c, "orders", (double)orders) == NULL ||
	    cJSON_AddNumberToObject(c, "backers", (double)dc->backers) == NULL)
		goto out;
	if (dc->status == SG_STATUS_LIVE && dc->has_ends && dc->ends_at > now) {
		if (dc->has_starts && dc->starts_at > now)
			snprintf(v, sizeof(v), "starts in %lld days, then runs %lld days",
			    (long long)dash_days(now, dc->starts_at),
			    (long long)dash_days(dc->starts_at, dc->ends_at));
		else
			snprintf(v, sizeof(v), "%lld", (long long)dash_days(now, dc->ends_at));
	} else if (dc->status == SG_STATUS_ENDED || (dc->has_ends && dc->ends_at <= now))
		snprintf(v, sizeof(v), "ended");
	else if (dc->status == SG_STATUS_DRAFT)
		snprintf(v, sizeof(v), "not live yet");
	else
		snprintf(v, sizeof(v), "no end date");
	if (dash_str(c, "days_left", v) == -1)
		goto out;
	if (orders > 0) {
		if (money)
			admin_amount_format(v, sizeof(v), progress / orders, 1, &s->store);
		else
			snprintf(v, sizeof(v), "%lld.%lld units", (long long)(progress / orders),
			    (long long)((progress % orders) * 10 / orders));
	} else
		snprintf(v, sizeof(v), "no orders yet");
	if (dash_str(c, "average", v) == -1)
		goto out;
	if (funded) {
		dash_date(funded_at, 1, v, sizeof(v));
		if (dash_str(c, "funded_at", v) == -1)
			goto out;
	}
	/* The SVG. */
	memset(&ch, 0, sizeof(ch));
	ch.title = "Funding over time";
	ch.desc = desc;
	ch.id = "funding";
	ch.t0 = t0;
	ch.t1 = t1;
	ch.pts = pts;
	ch.npts = np;
	ch.lines = lines;
	ch.nlines = nl;
	ch.bars = bars;
	ch.nbars = nb;
	ch.bars_label = hours ? "Orders (light) and new backers (dark) per hour" :
	    sec == 86400 ? "Orders (light) and new backers (dark) per day" :
	    "Orders (light) and new backers (dark) per period";
	ch.funded = funded;
	ch.funded_at = funded_at;
	ch.fmt = dash_fmt;
	ch.fmt_arg = &f;
	if (sg_chart_svg(&ch, &svg) == -1 || sg_buf_addc(&svg, '\0') != SG_BUF_OK ||
	    (svgs = sg_buf_steal(&svg, NULL)) == NULL || dash_str(c, "svg", svgs) == -1)
		goto out;
	nomem = DB_OK;
out:
	free(svgs);
	sg_buf_free(&svg);
	free(pts);
	free(bars);
	free(b);
	free(dl);
	free(dc);
	return nomem;
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
	int			 rc, archived = 0;

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
	if ((rc = db_campaign_archived(app->db, id, &archived)) < 0) {
		cJSON_Delete(d);
		return sg_h_db_error(resp, rc);
	}
	if (cJSON_AddBoolToObject(c, "is_archived", archived) == NULL)
		goto nomem;
	if ((rc = dashboard_chart(app, &s, req->args[0], d)) != DB_OK) {
		cJSON_Delete(d);
		if (rc > 0)
			goto nomem_out;
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
	if (admin_flash_take(req, resp, d) == -1)
		goto nomem;
	admin_render(app, resp, 200, "admin_campaign", d);
	cJSON_Delete(d);
	return SG_H_OK;
nomem:
	cJSON_Delete(d);
nomem_out:
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

static void	csv_time_rfc3339(const char *, char *, size_t);

/* One grant as a CSV row into the body; *toobig when it does not fit. */
struct csv_out {
	struct sg_buf	*b;
	int		 toobig;
};

static int
csv_grant_row(const struct db_grant_export *g, void *arg)
{
	struct csv_out	*out = arg;
	char		 c[SG_TIME_FMT_MAX], fu[SG_TIME_FMT_MAX];
	const char	*cells[] = {
		g->id, g->order_id, g->milestone_id, g->milestone_title,
		g->backer, g->product_id, g->variant_id, g->quantity, g->status,
		c, fu,
	};
	size_t		 i, n = sizeof(cells) / sizeof(cells[0]);

	/* Times in RFC 3339 UTC, as the API writes them (issue 12). */
	csv_time_rfc3339(g->created_at, c, sizeof(c));
	csv_time_rfc3339(g->fulfilled_at, fu, sizeof(fu));

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

/* --- the creator's preview --------------------------------------------- */

struct preview_ms {
	struct db_pub_campaign	*c;
	sg_usec_t		 now;
	int			 nomem;
};

/* malloc'd copy of s, or NULL (then *nomem). */
static char *
preview_dup(const char *s, int *nomem)
{
	char	*d;

	if ((d = strdup(s == NULL ? "" : s)) == NULL)
		*nomem = 1;
	return d;
}

/*
 * One milestone into the preview as it will look once reached: its title,
 * photo and after text.  One not reached yet is marked as a preview (the
 * page says so, and whether it is a secret until then), not as unlocked.
 */
static int
preview_ms_add(void *arg, struct db_milestone *m)
{
	struct preview_ms	*p = arg;
	struct db_pub_milestone	*pm, *ms;

	if ((ms = realloc(p->c->ms, (p->c->nms + 1) * sizeof(*ms))) == NULL) {
		p->nomem = 1;
		return DB_ERR;
	}
	p->c->ms = ms;
	pm = &ms[p->c->nms++];
	memset(pm, 0, sizeof(*pm));
	pm->id = m->id;
	pm->target = m->target;
	pm->title = preview_dup(m->title, &p->nomem);
	pm->image_url = m->has_image ? preview_dup(m->image_url, &p->nomem) : NULL;
	pm->image_alt = m->has_image ? preview_dup(m->image_alt, &p->nomem) : NULL;
	pm->text = preview_dup(m->after_text, &p->nomem);
	pm->reached = m->reached;
	pm->reached_at = m->reached_at;
	pm->preview = !m->reached;
	pm->secret = m->secret;
	pm->gift = m->reward == SG_REWARD_GIFT;
	/* The product id for now; its catalog title after the list. */
	pm->gift_title = pm->gift && m->has_gift_product ?
	    preview_dup(m->gift_product_id, &p->nomem) : NULL;
	pm->gift_quantity = m->gift_quantity;
	pm->scope_new = m->scope == SG_SCOPE_NEW;
	pm->backers = m->metric == SG_METRIC_BACKERS;
	return p->nomem ? DB_ERR : 0;
}

/*
 * GET /admin/campaigns/{slug}/preview?view=full|compact
 * The creator's preview of any campaign, drafts included: the public
 * widget page (handlers/public.c renders it from the same templates) with
 * every milestone shown as it will look once reached, under a "Preview —
 * backers don't see this yet" banner.  The public URLs of a draft stay
 * 404.  200; 400 an unknown view; 404 unknown campaign; 303 to the login.
 */
int
h_admin_campaign_preview(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct db_campaign	*dc = NULL;
	struct db_milestone	 mbuf;
	struct db_pub_campaign	 pc;
	struct preview_ms	 p;
	struct db_product	 prod;
	struct sg_form		 f;
	const char		*view = NULL;
	char			 url[160], style[PUBLIC_STYLE_SRC_MAX];
	cJSON			*pv = NULL;
	size_t			 i;
	int			 rc, compact = 0;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	sg_form_init(&f);
	if (sg_form_parse(&f, req->query, strlen(req->query)) == SG_FORM_OK)
		view = sg_form_get(&f, "view");
	if (view != NULL && strcmp(view, "compact") == 0)
		compact = 1;
	else if (view != NULL && strcmp(view, "full") != 0) {
		sg_form_free(&f);
		return admin_error(app, resp, &s, 400, "The preview shows the "
		    "full or the compact widget (view=full or view=compact).");
	}
	sg_form_free(&f);
	memset(&pc, 0, sizeof(pc));
	memset(&p, 0, sizeof(p));
	p.c = &pc;
	{
		struct timespec	 ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		p.now = (sg_usec_t)ts.tv_sec * SG_USEC_PER_SEC + ts.tv_nsec / 1000;
	}
	if ((dc = calloc(1, sizeof(*dc))) == NULL)
		goto nomem;
	if (sg_slug_check(req->args[0]) != SG_VERR_OK ||
	    (rc = db_campaign_get_by_slug(app->db, s.store.id, req->args[0], 0,
	    dc)) == 0) {
		free(dc);
		return admin_error(app, resp, &s, 404, "There is no such campaign.");
	}
	if (rc < 0) {
		free(dc);
		return sg_h_db_error(resp, rc);
	}
	pc.head.id = dc->id;
	pc.head.version = dc->version;
	pc.head.status = dc->status == SG_STATUS_ENDED ? DB_PUB_ENDED :
	    dc->status == SG_STATUS_LIVE ? DB_PUB_LIVE : DB_PUB_DRAFT;
	pc.head.has_ends = dc->has_ends;
	pc.head.ends_at = dc->ends_at;
	pc.head.has_starts = pc.has_starts = dc->has_starts;
	pc.head.starts_at = pc.starts_at = dc->starts_at;
	snprintf(pc.store, sizeof(pc.store), "%s", s.store.handle);
	snprintf(pc.slug, sizeof(pc.slug), "%s", dc->slug);
	pc.money = dc->goal_kind == SG_GOAL_MONEY;
	pc.goal = dc->goal;
	pc.units = dc->units;
	pc.amount = dc->amount;
	pc.backers = dc->backers;
	pc.orders = dc->orders;
	snprintf(pc.currency, sizeof(pc.currency), "%s", s.store.currency);
	pc.exponent = s.store.exponent;
	/* Its look and its store's language, as the public page has them. */
	pc.head.look.theme = (int)dc->theme;
	pc.head.look.has_accent = dc->has_accent;
	pc.head.look.accent = dc->accent;
	pc.head.look.has_radius = dc->has_radius;
	pc.head.look.radius = dc->radius;
	if ((rc = db_store_locale(app->db, s.store.id, pc.head.locale,
	    sizeof(pc.head.locale))) < 0)
		goto dberr;
	if ((pc.title = strdup(dc->title)) == NULL)
		goto nomem;
	rc = db_milestone_list(app->db, dc->id, &mbuf, preview_ms_add, &p);
	if (p.nomem)
		goto nomem;
	if (rc < 0)
		goto dberr;
	/* Gift titles from the catalog, as the public page shows them. */
	for (i = 0; i < pc.nms; i++) {
		if (pc.ms[i].gift_title == NULL)
			continue;
		memset(&prod, 0, sizeof(prod));
		rc = db_product_get(app->db, s.store.id, pc.ms[i].gift_title, &prod);
		if (rc < 0)
			goto dberr;
		free(pc.ms[i].gift_title);
		pc.ms[i].gift_title = rc > 0 ? strdup(prod.title) : NULL;
		db_product_clear(&prod);
	}
	if ((pv = cJSON_CreateObject()) == NULL)
		goto nomem;
	snprintf(url, sizeof(url), "/admin/campaigns/%s", dc->slug);
	if (cJSON_AddStringToObject(pv, "back", url) == NULL)
		goto nomem;
	snprintf(url, sizeof(url), "/admin/campaigns/%s/preview?view=%s", dc->slug,
	    compact ? "full" : "compact");
	if (cJSON_AddStringToObject(pv, "other", url) == NULL ||
	    cJSON_AddStringToObject(pv, "other_label", compact ?
	    "Full widget" : "Compact widget") == NULL)
		goto nomem;
	if (public_preview_render(app, &pc, compact, pv, &resp->body, style,
	    sizeof(style)) == -1)
		goto nomem;
	resp->status = 200;
	sg_resp_header(resp, "Content-Type", "text/html; charset=utf-8");
	admin_headers_style(resp, style);
	rc = SG_H_OK;
	goto out;
dberr:
	rc = sg_h_db_error(resp, rc);
	goto out;
nomem:
	sg_h_internal(resp);
	rc = SG_H_OK;
out:
	cJSON_Delete(pv);
	db_pub_campaign_free(&pc);
	free(dc);
	return rc;
}

/* --- fulfilment (issue 12) ----------------------------------------------- */

/* Grants a page of the fulfilment view shows, and a batch marks, at most. */
#define ADMIN_GRANTS_PAGE	200

/*
 * DATETIME text ("2026-12-01 14:34:05.766963", UTC) as RFC 3339 UTC
 * ("2026-12-01T14:34:05Z") into dst; "" stays "".
 */
static void
csv_time_rfc3339(const char *sql, char *dst, size_t size)
{
	sg_usec_t	 t;

	if (*sql == '\0' || sg_time_parse_sql(sql, strlen(sql), &t) == -1 ||
	    sg_time_format_rfc3339(t, dst, size) == -1)
		snprintf(dst, size, "%s", sql);
}

/* The title of variant id in the synced variants JSON, or "". */
static void
variant_title(const char *variants, const char *id, char *dst, size_t size)
{
	cJSON		*a;
	const cJSON	*v, *vid, *vt;

	dst[0] = '\0';
	if (variants == NULL || *id == '\0' || (a = cJSON_Parse(variants)) == NULL)
		return;
	cJSON_ArrayForEach(v, a) {
		vid = cJSON_GetObjectItemCaseSensitive(v, "id");
		vt = cJSON_GetObjectItemCaseSensitive(v, "title");
		if (cJSON_IsString(vid) && strcmp(vid->valuestring, id) == 0 &&
		    cJSON_IsString(vt))
			snprintf(dst, size, "%s", vt->valuestring);
	}
	cJSON_Delete(a);
}

/*
 * The customer's e-mail address as far as the pipeline sent one: orders
 * store the backer (the platform's customer id or e-mail, whichever the
 * pipeline gave); it is an address when it looks like one.
 */
static const char *
backer_email(const char *backer)
{
	const char	*at = strchr(backer, '@');

	return at != NULL && at != backer && strchr(at + 1, '.') != NULL &&
	    strpbrk(backer, " \t,;<>") == NULL ? backer : "";
}

struct grants_page {
	cJSON		*arr;
	const char	*slug;
};

static int
grants_page_row(const struct db_grant_fulfilment *f, void *arg)
{
	struct grants_page	*p = arg;
	char			 vt[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	char			 c[SG_TIME_FMT_MAX], fu[SG_TIME_FMT_MAX];
	struct sg_buf		 href;
	cJSON			*o;
	int			 rc;

	variant_title(f->variants, f->g.variant_id, vt, sizeof(vt));
	csv_time_rfc3339(f->g.created_at, c, sizeof(c));
	csv_time_rfc3339(f->g.fulfilled_at, fu, sizeof(fu));
	sg_buf_init(&href, 512);
	rc = sg_buf_printf(&href, "/admin/campaigns/%s/grants?backer=", p->slug) ==
	    SG_BUF_OK && sg_form_encode(&href, f->g.backer, strlen(f->g.backer)) ==
	    SG_FORM_OK ? 0 : -1;
	if (rc == 0 && ((o = dashboard_row(p->arr)) == NULL ||
	    cJSON_AddStringToObject(o, "id", f->g.id) == NULL ||
	    cJSON_AddStringToObject(o, "order_id", f->g.order_id) == NULL ||
	    cJSON_AddStringToObject(o, "milestone_title", f->g.milestone_title) == NULL ||
	    cJSON_AddStringToObject(o, "backer", f->g.backer) == NULL ||
	    cJSON_AddStringToObject(o, "backer_href", href.data) == NULL ||
	    cJSON_AddStringToObject(o, "product", f->has_title ? f->title :
	    f->g.product_id) == NULL ||
	    (*f->g.variant_id != '\0' && cJSON_AddStringToObject(o, "variant",
	    *vt != '\0' ? vt : f->g.variant_id) == NULL) ||
	    cJSON_AddStringToObject(o, "quantity", f->g.quantity) == NULL ||
	    cJSON_AddStringToObject(o, "status", f->g.status) == NULL ||
	    cJSON_AddBoolToObject(o, "is_pending",
	    strcmp(f->g.status, "pending") == 0) == NULL ||
	    cJSON_AddStringToObject(o, "created_at", c) == NULL ||
	    (*fu != '\0' && cJSON_AddStringToObject(o, "fulfilled_at", fu) == NULL)))
		rc = -1;
	sg_buf_free(&href);
	return rc;
}

/* The query's backer ("" when not given; NULL when the query is malformed). */
static const char *
grants_backer(const struct sg_req *req, struct sg_form *f)
{
	const char	*b;

	sg_form_init(f);
	if (sg_form_parse(f, req->query, strlen(req->query)) != SG_FORM_OK)
		return NULL;
	b = sg_form_get(f, "backer");
	return b == NULL ? "" : b;
}

/*
 * GET /admin/campaigns/{slug}/grants[?backer=B]
 * The gifts to send: every grant of the campaign (or of one backer),
 * pending first, ADMIN_GRANTS_PAGE at most, with product and variant
 * titles from the catalog, a box per pending one and "Mark selected
 * fulfilled".  200; 400 a malformed query; 404 unknown campaign; 303 to
 * the login.
 */
int
h_admin_grants(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct sg_form		 f;
	struct grants_page	 p;
	const char		*backer;
	cJSON			*d = NULL, *c;
	int			 rc, n;

	if (!admin_door_or_reply(app, req, resp, &s, NULL, &rc))
		return rc;
	if ((backer = grants_backer(req, &f)) == NULL) {
		sg_form_free(&f);
		return admin_error(app, resp, &s, 400, "This address is malformed.");
	}
	if ((d = admin_page_data(&s, "Gifts to send")) == NULL ||
	    (c = cJSON_AddObjectToObject(d, "campaign")) == NULL ||
	    (p.arr = cJSON_AddArrayToObject(d, "grants")) == NULL)
		goto nomem;
	if (!admin_campaign_or_reply(app, resp, &s, req->args[0], c, &rc))
		goto out;
	p.slug = admin_json_str(c, "slug");
	n = db_grant_fulfilment_admin(app->db, s.store.id, admin_json_i64(c, "id"),
	    backer, ADMIN_GRANTS_PAGE + 1, 0, grants_page_row, &p);
	if (n < 0) {
		rc = sg_h_db_error(resp, n);
		goto out;
	}
	if (n > ADMIN_GRANTS_PAGE)
		cJSON_DeleteItemFromArray(p.arr, ADMIN_GRANTS_PAGE);
	if ((*backer != '\0' && cJSON_AddStringToObject(d, "backer", backer) == NULL) ||
	    cJSON_AddBoolToObject(d, "has_grants", n > 0) == NULL ||
	    cJSON_AddBoolToObject(d, "more", n > ADMIN_GRANTS_PAGE) == NULL ||
	    cJSON_AddNumberToObject(d, "shown", ADMIN_GRANTS_PAGE) == NULL ||
	    admin_flash_take(req, resp, d) == -1)
		goto nomem;
	rc = admin_render(app, resp, 200, "admin_grants", d);
	goto out;
nomem:
	sg_h_internal(resp);
	rc = SG_H_OK;
out:
	sg_form_free(&f);
	cJSON_Delete(d);
	return rc;
}

/* A grant id of a form: 1 … 10^15, or -1. */
static int64_t
grant_id_parse(const char *v)
{
	int64_t	 n = 0;
	size_t	 i;

	if (*v < '1' || *v > '9' || strlen(v) > 15)
		return -1;
	for (i = 0; v[i] != '\0'; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

/*
 * POST /admin/campaigns/{slug}/grants/fulfil (form: csrf, grant*, backer)
 * Marks the chosen pending grants of the campaign fulfilled (at most
 * ADMIN_GRANTS_PAGE; others, fulfilled and void ones are left alone): 303
 * back to the gifts (of backer, when given), with a flash message.  422 a
 * grant that is not a number; 404 unknown campaign; 403 CSRF.
 */
int
h_admin_grants_fulfil(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct admin_body	 body;
	const char		*vals[ADMIN_GRANTS_PAGE + 1], *backer;
	int64_t			 ids[ADMIN_GRANTS_PAGE], done = 0;
	struct sg_buf		 loc;
	cJSON			*c = NULL;
	size_t			 i, n;
	int			 rc;

	if (!admin_body_or_reply(app, req, resp, &body, &rc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &rc)) {
		admin_body_free(&body);
		return rc;
	}
	sg_buf_init(&loc, 512);
	n = admin_field_all(&body, "grant", vals, ADMIN_GRANTS_PAGE + 1);
	if (n > ADMIN_GRANTS_PAGE)
		n = ADMIN_GRANTS_PAGE;
	for (i = 0; i < n; i++)
		if ((ids[i] = grant_id_parse(vals[i])) < 0) {
			rc = admin_error(app, resp, &s, 422, "A chosen gift is not "
			    "one of this campaign's.");
			goto out;
		}
	if ((c = cJSON_CreateObject()) == NULL)
		goto nomem;
	if (!admin_campaign_or_reply(app, resp, &s, req->args[0], c, &rc))
		goto out;
	rc = svc_grant_fulfill_some(app->db, s.store.id, admin_json_i64(c, "id"),
	    ids, n, &done);
	if (rc < 0) {
		rc = sg_h_db_error(resp, rc);
		goto out;
	}
	sg_info("admin: %s marked %lld grant(s) of %s/%s fulfilled", s.email,
	    (long long)done, s.store.handle, admin_json_str(c, "slug"));
	backer = admin_field(&body, "backer");
	if (sg_buf_printf(&loc, "/admin/campaigns/%s/grants",
	    admin_json_str(c, "slug")) != SG_BUF_OK ||
	    (backer != NULL && *backer != '\0' && (sg_buf_adds(&loc, "?backer=") !=
	    SG_BUF_OK || sg_form_encode(&loc, backer, strlen(backer)) != SG_FORM_OK)))
		goto nomem;
	rc = admin_redirect(resp, loc.data);
	admin_flash_set(req, resp, done > 0 ? "fulfilled" : "none-fulfilled");
	goto out;
nomem:
	sg_h_internal(resp);
	rc = SG_H_OK;
out:
	sg_buf_free(&loc);
	cJSON_Delete(c);
	admin_body_free(&body);
	return rc;
}

/*
 * POST /admin/campaigns/{slug}/milestones/{id}/fulfil (form: csrf)
 * Marks every pending grant of the milestone fulfilled: 303 to the
 * campaign page with a flash message.  404 unknown campaign or milestone;
 * 403 CSRF.
 */
int
h_admin_milestone_fulfil(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct svc_session	 s;
	struct admin_body	 body;
	char			 loc[128];
	int64_t			 mid = -1, done = 0;
	cJSON			*c = NULL;
	const char		*v = req->args[1];
	int			 rc;

	if (!admin_body_or_reply(app, req, resp, &body, &rc) ||
	    !admin_door_or_reply(app, req, resp, &s, &body, &rc)) {
		admin_body_free(&body);
		return rc;
	}
	admin_body_free(&body);
	if (v != NULL)
		mid = grant_id_parse(v);
	if ((c = cJSON_CreateObject()) == NULL) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	if (!admin_campaign_or_reply(app, resp, &s, req->args[0], c, &rc))
		goto out;
	if (mid < 0) {
		rc = admin_error(app, resp, &s, 404, "There is no such milestone.");
		goto out;
	}
	rc = svc_grant_fulfill_milestone(app->db, s.store.id,
	    admin_json_i64(c, "id"), mid, &done);
	if (rc < 0) {
		rc = sg_h_db_error(resp, rc);
		goto out;
	}
	sg_info("admin: %s marked %lld grant(s) of milestone %lld of %s/%s "
	    "fulfilled", s.email, (long long)done, (long long)mid,
	    s.store.handle, admin_json_str(c, "slug"));
	snprintf(loc, sizeof(loc), "/admin/campaigns/%s", admin_json_str(c, "slug"));
	rc = admin_redirect(resp, loc);
	admin_flash_set(req, resp, done > 0 ? "fulfilled" : "none-fulfilled");
out:
	cJSON_Delete(c);
	return rc;
}

static int
csv_fulfilment_row(const struct db_grant_fulfilment *f, void *arg)
{
	struct csv_out	*out = arg;
	char		 vt[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	char		 c[SG_TIME_FMT_MAX], fu[SG_TIME_FMT_MAX];
	const char	*cells[13];
	size_t		 i, n = sizeof(cells) / sizeof(cells[0]);

	variant_title(f->variants, f->g.variant_id, vt, sizeof(vt));
	csv_time_rfc3339(f->g.created_at, c, sizeof(c));
	csv_time_rfc3339(f->g.fulfilled_at, fu, sizeof(fu));
	cells[0] = f->g.id;
	cells[1] = f->g.status;
	cells[2] = f->g.order_id;
	cells[3] = f->g.backer;
	cells[4] = backer_email(f->g.backer);
	cells[5] = f->g.milestone_title;
	cells[6] = f->g.product_id;
	cells[7] = f->has_title ? f->title : "";
	cells[8] = f->g.variant_id;
	cells[9] = vt;
	cells[10] = f->g.quantity;
	cells[11] = c;
	cells[12] = fu;
	for (i = 0; i < n; i++)
		if (csv_cell(out->b, cells[i], i + 1 == n) == -1) {
			out->toobig = 1;
			return -1;
		}
	return 0;
}

/*
 * GET /admin/campaigns/{slug}/fulfilment.csv?part=N
 * The grants for shipping, pending first: CSV (RFC 4180, CRLF, a header
 * row) with the customer's e-mail when the backer is one, product and
 * variant titles from the catalog, times in RFC 3339 UTC; parts of
 * ADMIN_CSV_PART_ROWS.  200; 400 a bad part; 404 unknown campaign; 303 to
 * the login.
 */
int
h_admin_fulfilment_csv(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	static const char *const head[] = {
		"grant_id", "status", "order_id", "backer", "customer_email",
		"milestone", "product_id", "product_title", "variant_id",
		"variant_title", "quantity", "created_at", "fulfilled_at",
	};
	struct svc_session	 s;
	struct sg_form		 f;
	struct csv_out		 out;
	cJSON			*c;
	size_t			 i, n = sizeof(head) / sizeof(head[0]);
	int64_t			 part = 1;
	int			 rc;
	const char		*v;

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
	if (!admin_campaign_or_reply(app, resp, &s, req->args[0], c, &rc)) {
		cJSON_Delete(c);
		return rc;
	}
	sg_buf_reset(&resp->body);
	out.b = &resp->body;
	out.toobig = 0;
	for (i = 0; i < n; i++)
		if (csv_cell(&resp->body, head[i], i + 1 == n) == -1)
			out.toobig = 1;
	rc = out.toobig ? 0 : db_grant_fulfilment_admin(app->db, s.store.id,
	    admin_json_i64(c, "id"), "", ADMIN_CSV_PART_ROWS,
	    (part - 1) * ADMIN_CSV_PART_ROWS, csv_fulfilment_row, &out);
	if (out.toobig) {
		sg_error("admin: fulfilment export of %s/%s exceeds the response cap",
		    s.store.handle, admin_json_str(c, "slug"));
		cJSON_Delete(c);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	if (rc < 0) {
		cJSON_Delete(c);
		return sg_h_db_error(resp, rc);
	}
	resp->status = 200;
	sg_resp_header(resp, "Content-Type", "text/csv; charset=utf-8; header=present");
	sg_resp_header(resp, "Content-Disposition",
	    "attachment; filename=\"fulfilment-%s-%s-part%lld.csv\"", s.store.handle,
	    admin_json_str(c, "slug"), (long long)part);
	admin_headers(resp);
	cJSON_Delete(c);
	return SG_H_OK;
}
