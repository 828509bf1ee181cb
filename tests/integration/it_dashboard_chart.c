/*
 * it_dashboard_chart.c — the dashboard's picture of the campaign (issue 12,
 * item 9) over real HTTP: orders posted through the API over several days,
 * a cancel and a refund, then the dashboard's SVG (its points, the reach
 * marker, the funded moment), its figures and the table behind it; the
 * aggregation's plan (EXPLAIN); and the page in Chromium at 1280 and 390 px
 * with axe-core (tests/browser/chart.mjs, screenshots chart-*.png).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "db/sql.h"
#include "integration/it_admin_util.h"
#include "integration/it_browser.h"

#define FX	fx_current

static struct adm	 A;
static char		 tok[128];

/* The statement texts, to EXPLAIN them as production runs them. */
static const char *const sql_text[] = {
#define X(name, text) [name] = text,
	SG_SQL_ALL
#undef X
};

static int
api(const char *method, const char *path, const char *body, struct fx_resp *r)
{
	char	 h[256];

	snprintf(h, sizeof(h), "Authorization: Bearer %s\r\n%s", tok,
	    body != NULL ? "Content-Type: application/json\r\n" : "");
	return fx_http(FX, method, path, h, body, body != NULL ? strlen(body) : 0, r);
}

static int
api_st(const char *method, const char *path, const char *body)
{
	struct fx_resp	 r;
	int		 st = api(method, path, body, &r);

	if (st >= 300)
		fprintf(stderr, "%s %s: %d %s\n", method, path, st, r.body ? r.body : "");
	fx_resp_free(&r);
	return st;
}

/* An order of one p-1 at price (cents) by backer, placed at when. */
static int
order(const char *id, const char *backer, const char *when, int price)
{
	char	 b[512];

	snprintf(b, sizeof(b), "{\"id\":\"%s\",\"placed_at\":\"%s\",\"currency\":\"USD\","
	    "\"customer\":{\"id\":\"%s\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":1,\"price\":%d}]}", id, when, backer, price);
	return api_st("POST", "/api/v1/orders", b);
}

static void
setup_store(void)
{
	const char *const token[] = { "token", "create", "--store", "acme", NULL };
	char	 out[512], err[512];
	size_t	 n;

	adm_stores();
	if (adm_login(&A, "ana@acme.test", ADM_PASSWORD) != 303 ||
	    fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), token) != 0) {
		fprintf(stderr, "it_dashboard_chart: cannot set up: %s\n", err);
		exit(1);
	}
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	snprintf(tok, sizeof(tok), "%s", out);
}

/*
 * Campaign "fund": $100 goal, 2026-11-01 … 2026-11-21 (20 days: daily
 * buckets), milestones at $50 ("Stickers") and $200 ("Poster <b>&").
 * Orders: 11-02 a1 $30 (ann) and a2 $10 (bob), 11-05 a3 $40 (ann again),
 * 11-06 a4 $30 (cy): $110, the $50 line reached by a3, funded by a4.
 * Then a2 is cancelled and a4 refunded $5: $95, no longer funded.
 */
static void
seed(void)
{
	CU_ASSERT_EQUAL_FATAL(api_st("POST", "/api/v1/campaigns",
	    "{\"slug\":\"fund\",\"title\":\"Frost & <fire>\",\"goal_kind\":\"money\","
	    "\"goal\":10000,\"product_ids\":[\"p-1\"],\"status\":\"live\","
	    "\"starts_at\":\"2026-11-01T00:00:00Z\",\"ends_at\":\"2026-11-21T00:00:00Z\"}"),
	    201);
	CU_ASSERT_EQUAL_FATAL(api_st("POST", "/api/v1/campaigns/fund/milestones",
	    "{\"target\":5000,\"title\":\"Stickers\",\"reward\":\"reveal\","
	    "\"before_text\":\"b\",\"after_text\":\"a\"}"), 201);
	CU_ASSERT_EQUAL_FATAL(api_st("POST", "/api/v1/campaigns/fund/milestones",
	    "{\"target\":20000,\"title\":\"Poster <b>&\",\"reward\":\"reveal\","
	    "\"before_text\":\"b\",\"after_text\":\"a\"}"), 201);
	CU_ASSERT_EQUAL(order("a1", "ann", "2026-11-02T09:00:00Z", 3000), 201);
	CU_ASSERT_EQUAL(order("a2", "bob", "2026-11-02T10:00:00Z", 1000), 201);
	CU_ASSERT_EQUAL(order("a3", "ann", "2026-11-05T12:00:00Z", 4000), 201);
	CU_ASSERT_EQUAL(order("a4", "cy", "2026-11-06T08:30:00Z", 3000), 201);
}

static char *
dashboard(void)
{
	struct fx_resp	 r;
	char		*body;

	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/fund", &r), 200);
	body = r.body != NULL ? strdup(r.body) : strdup("");
	fx_resp_free(&r);
	return body;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t		 n = 0;
	const char	*p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* Whether the table behind the chart has the row (period, orders, new backers, counted, total). */
static int
has_row(const char *h, const char *period, const char *orders, const char *nb,
    const char *counted, const char *total)
{
	char	 row[512];

	snprintf(row, sizeof(row), "<tr><td data-label=\"Period from\">%s</td>"
	    "<td data-label=\"Orders\">%s</td><td data-label=\"New backers\">%s</td>"
	    "<td data-label=\"Counted\">%s</td><td data-label=\"Total\">%s</td></tr>",
	    period, orders, nb, counted, total);
	return strstr(h, row) != NULL;
}

/* The points of the series' polyline (after "points=\""), as y values. */
static int
series_y(const char *html, double *y, int max)
{
	const char	*p = strstr(html, "class=\"chart-series\"");
	char		*e;
	int		 n = 0;

	if (p == NULL || (p = strstr(p, " points=\"")) == NULL)
		return -1;
	p += 9;
	while (*p != '"' && n < max) {
		strtod(p, &e);		/* x */
		if (*e != ',')
			return -1;
		y[n++] = strtod(e + 1, &e);
		p = e;
		while (*p == ' ')
			p++;
	}
	return n;
}

static void
test_dashboard_chart(void)
{
	char	*h;
	double	 y[64];
	int	 n, i;

	setup_store();
	seed();
	h = dashboard();
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "role=\"img\" aria-labelledby=\"funding-title funding-desc\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<title id=\"funding-title\">Funding over time</title>"));
	/* The start and 20 daily buckets. */
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "data-points=\"21\""));
	n = series_y(h, y, 64);
	CU_ASSERT_EQUAL(n, 21);
	/* Flat on day 1, up on 11-02, 11-05 and 11-06, flat after. */
	if (n == 21) {
		CU_ASSERT_EQUAL(y[0], y[1]);
		CU_ASSERT(y[2] < y[1]);
		CU_ASSERT_EQUAL(y[3], y[2]);
		CU_ASSERT(y[5] < y[4]);
		CU_ASSERT(y[6] < y[5]);
		for (i = 7; i < 21; i++)
			CU_ASSERT_EQUAL(y[i], y[6]);
	}
	/* Orders on 11-02, 11-05 and 11-06, new backers on 11-02 and 11-06. */
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<g class=\"chart-bars\" data-bars=\"20\">"));
	CU_ASSERT_EQUAL(count(h, "class=\"chart-orders\""), 3);
	CU_ASSERT_EQUAL(count(h, "class=\"chart-new\""), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, ">Orders (light) and new backers (dark) per day</text>"));
	/* One reach marker, the $50 line; lines for both milestones and the goal. */
	CU_ASSERT_EQUAL(count(h, "class=\"chart-reach\""), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<title>Stickers reached 2026-11-05</title>"));
	CU_ASSERT_EQUAL(count(h, "<g class=\"chart-line"), 3);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, ">Poster &lt;b&gt;&amp; · $200.00</text>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, ">Goal · $100.00</text>"));
	CU_ASSERT_PTR_NULL(strstr(h, "Poster <b>"));
	/* Funded by a4, placed 2026-11-06 08:30. */
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "class=\"chart-funded\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<title>Funded 2026-11-06 08:30 UTC</title>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<strong>Funded!</strong> 110%"));
	/* The figures and the table behind the chart. */
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<span>Average order</span> $27.50"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<span>Days left</span> ended"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<span>Starts</span> 2026-11-01"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<span>Ends</span> 2026-11-21"));
	CU_ASSERT_TRUE(has_row(h, "2026-11-02", "2", "2", "$40.00", "$40.00"));
	CU_ASSERT_TRUE(has_row(h, "2026-11-05", "1", "0", "$40.00", "$80.00"));
	CU_ASSERT_TRUE(has_row(h, "2026-11-06", "1", "1", "$30.00", "$110.00"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "$110.00 of $100.00 counted (110 %) from 4 orders by 3 backers"));
	free(h);

	/* A cancel and a refund lower the buckets they were placed in. */
	CU_ASSERT_EQUAL(api_st("POST", "/api/v1/orders/a2/cancel", NULL), 200);
	CU_ASSERT_EQUAL(api_st("POST", "/api/v1/orders/a4/refund",
	    "{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":0,"
	    "\"amount\":500}]}"), 200);
	h = dashboard();
	CU_ASSERT_TRUE(has_row(h, "2026-11-02", "1", "1", "$30.00", "$30.00"));
	CU_ASSERT_TRUE(has_row(h, "2026-11-06", "1", "1", "$25.00", "$95.00"));
	/* $95 now: not funded, and the line stays reached (reaches latch). */
	CU_ASSERT_PTR_NULL(strstr(h, "class=\"chart-funded\""));
	CU_ASSERT_PTR_NULL(strstr(h, "<strong>Funded!</strong>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<span>Funded</span> not yet (95%)"));
	CU_ASSERT_EQUAL(count(h, "class=\"chart-reach\""), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "<span>Average order</span> $31.66"));
	free(h);
}

/* q with each '?' replaced by the next of vals (SQL literals). */
static void
bind_text(const char *q, const char *const *vals, char *dst, size_t size)
{
	size_t	 o = 0, k = 0;

	for (; *q != '\0' && o + 1 < size; q++) {
		if (*q == '?') {
			o += (size_t)snprintf(dst + o, size - o, "%s", vals[k++]);
			if (o >= size)
				o = size - 1;
		} else
			dst[o++] = *q;
	}
	dst[o] = '\0';
}

static void
test_explain(void)
{
	static char	 q[4096], sql[4200], plan[16384];
	char		 id[32];
	const char	*vals[5];
	int64_t		 cid;
	const char	*p;

	setup_store();
	seed();
	/*
	 * Plans of four rows say nothing: 3,000 orders of another campaign
	 * first, and statistics, so that the optimizer weighs real choices.
	 */
	CU_ASSERT_EQUAL_FATAL(api_st("POST", "/api/v1/campaigns",
	    "{\"slug\":\"big\",\"title\":\"Big\",\"goal_kind\":\"units\","
	    "\"goal\":10,\"product_ids\":[\"p-9\"],\"status\":\"live\"}"), 201);
	fx_sql(FX, "INSERT INTO orders (store_id, external_id, backer, placed_at, currency, "
	    "fingerprint, response) SELECT s.id, CONCAT('x', seq), CONCAT('b', seq), "
	    "'2026-11-03 00:00:00', 'USD', UNHEX(SHA2(seq, 256)), '' "
	    "FROM seq_1_to_3000, stores s WHERE s.handle = 'acme'");
	fx_sql(FX, "INSERT INTO order_campaigns (order_id, campaign_id, backer, units, amount, "
	    "counted_seq) SELECT o.id, c.id, o.backer, 1, 100, o.id FROM orders o, campaigns c "
	    "WHERE c.slug = 'big' AND o.external_id LIKE 'x%'");
	fx_sql(FX, "ANALYZE TABLE orders, order_campaigns");
	cid = fx_sql_i64(FX, "SELECT id FROM campaigns WHERE slug = 'fund'");
	snprintf(id, sizeof(id), "%lld", (long long)cid);
	vals[0] = "'2026-11-01 00:00:00'";
	vals[1] = "86400";
	vals[2] = "19";
	vals[3] = id;
	vals[4] = "20";
	bind_text(sql_text[SQL_STATS_BUCKETS], vals, q, sizeof(q));
	snprintf(sql, sizeof(sql), "EXPLAIN FORMAT=JSON %s", q);
	fx_sql_str(FX, sql, plan, sizeof(plan));
	/*
	 * The campaign's contributions by index (ref on campaign_id), the
	 * orders by primary key (eq_ref); the only full read is of the derived
	 * rows (the window over them), never of a table.
	 */
	p = strstr(plan, "\"table_name\": \"oc\"");
	CU_ASSERT_PTR_NOT_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(plan, "\"key\": \"order_campaigns_backer\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(plan, "\"key\": \"PRIMARY\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(plan, "\"access_type\": \"ref\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(plan, "\"access_type\": \"eq_ref\""));
	CU_ASSERT_EQUAL(count(plan, "\"access_type\": \"ALL\""),
	    count(plan, "\"table_name\": \"<derived"));
	if (count(plan, "\"access_type\": \"ALL\"") != count(plan, "\"table_name\": \"<derived"))
		fprintf(stderr, "%s\n", plan);
	/* The funded moment: the same access. */
	vals[0] = "1";
	vals[1] = id;
	vals[2] = "10000";
	bind_text(sql_text[SQL_STATS_FUNDED_AT], vals, q, sizeof(q));
	snprintf(sql, sizeof(sql), "EXPLAIN FORMAT=JSON %s", q);
	fx_sql_str(FX, sql, plan, sizeof(plan));
	CU_ASSERT_PTR_NOT_NULL(strstr(plan, "\"key\": \"order_campaigns_backer\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(plan, "\"access_type\": \"eq_ref\""));
	CU_ASSERT_EQUAL(count(plan, "\"access_type\": \"ALL\""),
	    count(plan, "\"table_name\": \"<derived"));
	if (count(plan, "\"access_type\": \"ALL\"") != count(plan, "\"table_name\": \"<derived"))
		fprintf(stderr, "%s\n", plan);
}

/* An empty campaign: the chart with no series, and words instead of a table. */
static void
test_empty(void)
{
	struct fx_resp	 r;

	setup_store();
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "empty", "units", "100"), 303);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/empty", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "<title id=\"funding-title\">Funding over time</title>"));
	CU_ASSERT_TRUE(adm_has(&r, "data-points=\"2\""));
	CU_ASSERT_FALSE(adm_has(&r, "class=\"chart-reach\""));
	CU_ASSERT_TRUE(adm_has(&r, "No orders have counted yet: the chart fills in"));
	CU_ASSERT_TRUE(adm_has(&r, "<span>Average order</span> no orders yet"));
	CU_ASSERT_TRUE(adm_has(&r, "<span>Days left</span> not live yet"));
	fx_resp_free(&r);
}

static void
test_browser(void)
{
	setup_store();
	seed();
	setenv("SG_ADMIN_EMAIL", "ana@acme.test", 1);
	setenv("SG_ADMIN_PASSWORD", ADM_PASSWORD, 1);
	CU_ASSERT_EQUAL(browser_run(FX, "chart.mjs"), 0);
}

static const struct fx_case cases[] = {
	{ "orders, a reach, funded, a cancel and a refund on the chart", test_dashboard_chart },
	{ "an empty campaign", test_empty },
	{ "the aggregation uses the indexes", test_explain },
	{ "in Chromium at 1280 and 390 px, with axe", test_browser },
	{ NULL, NULL },
};

int
main(void)
{
	return fx_run("dashboard_chart", cases, NULL, 1);
}
