/*
 * it_api_refund.c — a refund lowers a campaign's contribution only for the
 * products that counted toward it when the order was counted, whatever
 * the campaign's product_ids say now (docs/api.md, refund), recorded in
 * order_campaigns.counted_products (or, for an order that a host still on
 * the program before sql/033 counted during an upgrade, in
 * order_campaign_products).  Also the backfills of sql/011 (for
 * orders counted before the record existed) and sql/033 (the record
 * copied from order_campaign_products into that column; the table stays
 * for the hosts an upgrade has not restarted yet).  And the refund
 * id (SPEC "Idempotency"): the same id and body answer the first response
 * again, another body is 409, no id is 422, concurrent copies apply once,
 * a refund is all or nothing.
 */
#include "config.h"

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "it_api_util.h"

#define FX	fx_current

static int64_t
sql(const char *q)
{
	return fx_sql_i64(FX, q);
}

/* A live campaign slug of kind over the products in json_pids ("[...]"). */
static void
campaign(const char *slug, const char *kind, const char *json_pids)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"slug\":\"%s\",\"title\":\"T\","
	    "\"goal_kind\":\"%s\",\"goal\":100000,\"product_ids\":%s,"
	    "\"status\":\"live\"}", slug, kind, json_pids);
	CU_ASSERT_TRUE_FATAL(api_expect("POST", "/api/v1/campaigns", api_tok,
	    body, 201));
}

static void
set_products(const char *slug, const char *json_pids)
{
	char	 path[128], body[256];

	snprintf(path, sizeof(path), "/api/v1/campaigns/%s", slug);
	snprintf(body, sizeof(body), "{\"product_ids\":%s}", json_pids);
	CU_ASSERT_TRUE_FATAL(api_expect("PATCH", path, api_tok, body, 200));
}

/* Order id by c-1: q-1 x5 at 100 and q-2 x3 at 1. */
static void
order_q(const char *id)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"id\":\"%s\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"c-1\"},\"line_items\":["
	    "{\"product_id\":\"q-1\",\"quantity\":5,\"price\":100},"
	    "{\"product_id\":\"q-2\",\"quantity\":3,\"price\":1}]}", id);
	CU_ASSERT_EQUAL(api_order(body, NULL), 201);
}

/*
 * Refund qty/amount of product on order id; returns the status (r may be
 * NULL).
 */
static int
refund(const char *id, const char *product, int qty, int amount,
    struct fx_resp *r)
{
	static int	 n;
	struct fx_resp	 tmp;
	char		 path[128], body[256];
	int		 st;

	snprintf(path, sizeof(path), "/api/v1/orders/%s/refund", id);
	/* Each call is a new refund: its own refund id. */
	snprintf(body, sizeof(body), "{\"id\":\"r-%d\",\"line_items\":"
	    "[{\"product_id\":\"%s\",\"quantity\":%d,\"amount\":%d}]}", ++n,
	    product, qty, amount);
	st = api_req("POST", path, api_tok, body, r != NULL ? r : &tmp);
	if (r == NULL)
		fx_resp_free(&tmp);
	return st;
}

/* The progress a refund response reports for campaign slug, or -1. */
static int64_t
resp_progress(const struct fx_resp *r, const char *slug)
{
	const cJSON	*c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(r->json, "campaigns"))
		if (strcmp(api_str(c, "slug"), slug) == 0)
			return api_num(c, "progress");
	return -1;
}

static int64_t
units(const char *slug)
{
	char	 q[128];

	snprintf(q, sizeof(q), "SELECT units FROM campaigns WHERE slug = '%s'", slug);
	return sql(q);
}

static int64_t
amount(const char *slug)
{
	char	 q[128];

	snprintf(q, sizeof(q), "SELECT amount FROM campaigns WHERE slug = '%s'", slug);
	return sql(q);
}

/*
 * A product added to the campaign after the order counted: refunding it
 * changes nothing in the campaign (it never counted); refunding a product
 * that counted lowers it; an order counted after the change counts and
 * refunds the new product.
 */
static void
test_product_added_after_counting(void)
{
	struct fx_resp	 r;

	api_stores();
	campaign("pc", "units", "[\"q-1\"]");
	campaign("pm", "money", "[\"q-1\"]");
	order_q("pc1");
	CU_ASSERT_EQUAL(units("pc"), 5);
	CU_ASSERT_EQUAL(amount("pm"), 500);
	set_products("pc", "[\"q-1\",\"q-2\"]");
	set_products("pm", "[\"q-1\",\"q-2\"]");

	CU_ASSERT_EQUAL(refund("pc1", "q-2", 3, 3, &r), 200);
	CU_ASSERT_EQUAL(resp_progress(&r, "pc"), 5);
	CU_ASSERT_EQUAL(resp_progress(&r, "pm"), 500);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(units("pc"), 5);
	CU_ASSERT_EQUAL(amount("pm"), 500);
	CU_ASSERT_EQUAL(sql("SELECT oc.units FROM order_campaigns oc JOIN campaigns c "
	    "ON c.id = oc.campaign_id WHERE c.slug = 'pc'"), 5);

	/* q-1 counted: its refund lowers both. */
	CU_ASSERT_EQUAL(refund("pc1", "q-1", 2, 200, &r), 200);
	CU_ASSERT_EQUAL(resp_progress(&r, "pc"), 3);
	CU_ASSERT_EQUAL(resp_progress(&r, "pm"), 300);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(units("pc"), 3);
	CU_ASSERT_EQUAL(amount("pm"), 300);

	/* Counted after the change: q-2 counts now, and its refund lowers it. */
	order_q("pc2");
	CU_ASSERT_EQUAL(units("pc"), 11);
	CU_ASSERT_EQUAL(amount("pm"), 803);
	CU_ASSERT_EQUAL(refund("pc2", "q-2", 1, 1, &r), 200);
	CU_ASSERT_EQUAL(resp_progress(&r, "pc"), 10);
	CU_ASSERT_EQUAL(resp_progress(&r, "pm"), 802);
	fx_resp_free(&r);

	/* Cancel removes what is left of each order's contribution. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/pc1/cancel", api_tok,
	    NULL, 200));
	CU_ASSERT_EQUAL(units("pc"), 7);
	CU_ASSERT_EQUAL(amount("pm"), 502);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/pc2/cancel", api_tok,
	    NULL, 200));
	CU_ASSERT_EQUAL(units("pc"), 0);
	CU_ASSERT_EQUAL(amount("pm"), 0);
}

/*
 * A product removed from the campaign after the order counted: refunding
 * it still lowers the campaign (it counted); the other one too.
 */
static void
test_product_removed_after_counting(void)
{
	struct fx_resp	 r;

	api_stores();
	campaign("pc", "units", "[\"q-1\",\"q-2\"]");
	campaign("pm", "money", "[\"q-1\",\"q-2\"]");
	order_q("pc1");
	CU_ASSERT_EQUAL(units("pc"), 8);
	CU_ASSERT_EQUAL(amount("pm"), 503);
	set_products("pc", "[\"q-2\"]");
	set_products("pm", "[\"q-2\"]");

	CU_ASSERT_EQUAL(refund("pc1", "q-1", 2, 200, &r), 200);
	CU_ASSERT_EQUAL(resp_progress(&r, "pc"), 6);
	CU_ASSERT_EQUAL(resp_progress(&r, "pm"), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(units("pc"), 6);
	CU_ASSERT_EQUAL(amount("pm"), 303);

	CU_ASSERT_EQUAL(refund("pc1", "q-2", 1, 1, &r), 200);
	CU_ASSERT_EQUAL(resp_progress(&r, "pc"), 5);
	CU_ASSERT_EQUAL(resp_progress(&r, "pm"), 302);
	fx_resp_free(&r);

	/* Removed from every campaign: still lowers both. */
	set_products("pc", "[\"q-3\"]");
	set_products("pm", "[\"q-3\"]");
	CU_ASSERT_EQUAL(refund("pc1", "q-1", 3, 300, &r), 200);
	CU_ASSERT_EQUAL(resp_progress(&r, "pc"), 2);
	CU_ASSERT_EQUAL(resp_progress(&r, "pm"), 2);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(units("pc"), 2);
	CU_ASSERT_EQUAL(amount("pm"), 2);
}

/*
 * The products recorded for order id in campaign slug ("" when none, or
 * no such row), until the next call.
 */
static const char *
recorded(const char *id, const char *slug)
{
	static char	 buf[8192];
	char		 q[256];

	snprintf(q, sizeof(q), "SELECT oc.counted_products FROM order_campaigns "
	    "oc JOIN orders o ON o.id = oc.order_id JOIN campaigns c ON "
	    "c.id = oc.campaign_id WHERE o.external_id = '%s' AND c.slug = '%s'",
	    id, slug);
	fx_sql_str(FX, q, buf, sizeof(buf));
	return buf;
}

/*
 * The same product on two lines, and a gift line of a campaign product:
 * recorded once, the gift line never.  Each campaign records its own
 * products, not all of its list.
 */
static void
test_record_per_campaign(void)
{
	api_stores();
	campaign("pa", "units", "[\"q-1\"]");
	campaign("pb", "units", "[\"q-2\",\"q-3\"]");
	CU_ASSERT_EQUAL(api_order("{\"id\":\"r1\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"c-1\"},\"line_items\":["
	    "{\"product_id\":\"q-1\",\"quantity\":1,\"price\":1},"
	    "{\"product_id\":\"q-2\",\"quantity\":1,\"price\":1},"
	    "{\"product_id\":\"q-1\",\"variant_id\":\"v\",\"quantity\":2,\"price\":1},"
	    "{\"product_id\":\"q-3\",\"quantity\":1,\"price\":0,\"gift\":true},"
	    "{\"product_id\":\"q-4\",\"quantity\":1,\"price\":1}]}", NULL), 201);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaigns"), 2);
	CU_ASSERT_STRING_EQUAL(recorded("r1", "pa"), "q-1");
	/* Not "q-2 q-3": q-3 is only on the gift line. */
	CU_ASSERT_STRING_EQUAL(recorded("r1", "pb"), "q-2");
	/* Only the column: the table is for the programs before sql/033. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaign_products"), 0);
	CU_ASSERT_EQUAL(units("pa"), 3);
	CU_ASSERT_EQUAL(units("pb"), 1);
	/* The duplicate answer changes nothing. */
	CU_ASSERT_EQUAL(api_order("{\"id\":\"r1\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"c-1\"},\"line_items\":["
	    "{\"product_id\":\"q-1\",\"quantity\":1,\"price\":1},"
	    "{\"product_id\":\"q-2\",\"quantity\":1,\"price\":1},"
	    "{\"product_id\":\"q-1\",\"variant_id\":\"v\",\"quantity\":2,\"price\":1},"
	    "{\"product_id\":\"q-3\",\"quantity\":1,\"price\":0,\"gift\":true},"
	    "{\"product_id\":\"q-4\",\"quantity\":1,\"price\":1}]}", NULL), 200);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaigns"), 2);
	CU_ASSERT_STRING_EQUAL(recorded("r1", "pa"), "q-1");
	CU_ASSERT_STRING_EQUAL(recorded("r1", "pb"), "q-2");
}

/*
 * An order a host still on the program before sql/033 counted during a
 * rolling upgrade: its order_campaigns rows without counted_products
 * (NULL) and its products in order_campaign_products.  The refund goes by
 * those rows, exactly: not by the campaign's product_ids now (q-1 counted
 * and was removed since, q-2 did not count and was added since).  An
 * empty column is no record either; a list in the column is the record,
 * whatever the rows say.
 */
static void
test_refund_old_host_rows(void)
{
	char	 q[512];
	int64_t	 o1, pc, pm;

	api_stores();
	campaign("pc", "units", "[\"q-1\"]");
	campaign("pm", "money", "[\"q-1\"]");
	order_q("o1");
	CU_ASSERT_EQUAL(units("pc"), 5);
	CU_ASSERT_EQUAL(amount("pm"), 500);
	/* What the old program writes for it: no column, one row each. */
	o1 = sql("SELECT id FROM orders WHERE external_id = 'o1'");
	pc = sql("SELECT id FROM campaigns WHERE slug = 'pc'");
	pm = sql("SELECT id FROM campaigns WHERE slug = 'pm'");
	fx_sql(FX, "UPDATE order_campaigns SET counted_products = NULL");
	snprintf(q, sizeof(q), "INSERT INTO order_campaign_products (order_id, "
	    "campaign_id, product_id) VALUES (%lld, %lld, 'q-1'), "
	    "(%lld, %lld, 'q-1')", (long long)o1, (long long)pc, (long long)o1,
	    (long long)pm);
	fx_sql(FX, q);
	set_products("pc", "[\"q-2\"]");
	set_products("pm", "[\"q-2\"]");

	/* q-2 did not count: nothing changes (by the list now: 2, 497). */
	CU_ASSERT_EQUAL(refund("o1", "q-2", 3, 3, NULL), 200);
	CU_ASSERT_EQUAL(units("pc"), 5);
	CU_ASSERT_EQUAL(amount("pm"), 500);
	/* q-1 counted: both go down (by the list now: unchanged). */
	CU_ASSERT_EQUAL(refund("o1", "q-1", 2, 200, NULL), 200);
	CU_ASSERT_EQUAL(units("pc"), 3);
	CU_ASSERT_EQUAL(amount("pm"), 300);
	/* The refund reads the record; it writes neither the column nor rows. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaigns "
	    "WHERE counted_products IS NULL"), 2);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaign_products"), 2);

	/* '' is no record in the column either: the rows again. */
	fx_sql(FX, "UPDATE order_campaigns SET counted_products = ''");
	CU_ASSERT_EQUAL(refund("o1", "q-1", 1, 100, NULL), 200);
	CU_ASSERT_EQUAL(units("pc"), 2);
	CU_ASSERT_EQUAL(amount("pm"), 200);
	/* A list in the column is the record, not the rows: q-1 not on it. */
	fx_sql(FX, "UPDATE order_campaigns SET counted_products = 'q-2'");
	CU_ASSERT_EQUAL(refund("o1", "q-1", 1, 100, NULL), 200);
	CU_ASSERT_EQUAL(units("pc"), 2);
	CU_ASSERT_EQUAL(amount("pm"), 200);
}

/* stretchgoalctl migrate; returns its exit status (its log when not 0). */
static int
migrate(void)
{
	static const char *const argv[] = { "migrate", NULL };
	char	 out[1024], err[4096];
	int	 rc;

	if ((rc = fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
	    argv)) != 0)
		fprintf(stderr, "it_api_refund: migrate: %d: %s\n", rc, err);
	return rc;
}

static int64_t
table_exists(const char *name)
{
	char	 q[256];

	snprintf(q, sizeof(q), "SELECT COUNT(*) FROM information_schema.tables "
	    "WHERE table_schema = DATABASE() AND table_name = '%s'", name);
	return sql(q);
}

/*
 * The backfills for orders counted before the record existed: sql/011
 * recorded their non-gift products that are (now) in the campaign, and
 * sql/033 copied the record into order_campaigns.counted_products (and
 * kept the table).  Simulated by going back to the schema before 011 (no
 * column, no table, neither version recorded) and letting stretchgoalctl
 * migrate apply both again.  An order without any record, in the column
 * or the table, falls back to the campaign's list now.
 */
static void
test_migration_backfill(void)
{
	api_stores();
	campaign("pc", "units", "[\"q-1\",\"q-2\"]");
	order_q("pc1");
	CU_ASSERT_STRING_EQUAL(recorded("pc1", "pc"), "q-1 q-2");
	fx_sql(FX, "ALTER TABLE order_campaigns DROP COLUMN counted_products");
	fx_sql(FX, "DROP TABLE order_campaign_products");
	fx_sql(FX, "DELETE FROM schema_migrations WHERE version IN (11, 33)");
	/* The best approximation of the past is the campaign's list now. */
	set_products("pc", "[\"q-1\"]");
	CU_ASSERT_EQUAL_FATAL(migrate(), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM schema_migrations "
	    "WHERE version IN (11, 33)"), 2);
	CU_ASSERT_STRING_EQUAL(recorded("pc1", "pc"), "q-1");
	/* Migrations only add: the table stays, with 011's record. */
	CU_ASSERT_EQUAL(table_exists("order_campaign_products"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaign_products "
	    "WHERE product_id = 'q-1'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaign_products"), 1);
	/* And refunds go by it. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/pc1/refund", api_tok,
	    "{\"id\":\"r-2\",\"line_items\":[{\"product_id\":\"q-2\",\"quantity\":1,"
	    "\"amount\":1}]}", 200));
	CU_ASSERT_EQUAL(units("pc"), 8);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/pc1/refund", api_tok,
	    "{\"id\":\"r-3\",\"line_items\":[{\"product_id\":\"q-1\",\"quantity\":1,"
	    "\"amount\":100}]}", 200));
	CU_ASSERT_EQUAL(units("pc"), 7);

	/* No record at all (counted before sql/011): the list now. */
	fx_sql(FX, "UPDATE order_campaigns SET counted_products = NULL");
	fx_sql(FX, "DELETE FROM order_campaign_products");
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/pc1/refund", api_tok,
	    "{\"id\":\"r-4\",\"line_items\":[{\"product_id\":\"q-2\",\"quantity\":1,"
	    "\"amount\":1}]}", 200));
	CU_ASSERT_EQUAL(units("pc"), 7);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/pc1/refund", api_tok,
	    "{\"id\":\"r-5\",\"line_items\":[{\"product_id\":\"q-1\",\"quantity\":1,"
	    "\"amount\":100}]}", 200));
	CU_ASSERT_EQUAL(units("pc"), 6);
	/* An empty list is no record either. */
	fx_sql(FX, "UPDATE order_campaigns SET counted_products = ''");
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/pc1/refund", api_tok,
	    "{\"id\":\"r-6\",\"line_items\":[{\"product_id\":\"q-1\",\"quantity\":1,"
	    "\"amount\":100}]}", 200));
	CU_ASSERT_EQUAL(units("pc"), 5);
}

/* Product id k of a full list: 64 characters, sorted by k. */
static void
long_id(char *buf, size_t size, int k)
{
	memset(buf, 'a', 62);
	snprintf(buf + 62, size - 62, "%02d", k);
}

/* The full list, 100 ids of 64 characters, as stored: 6499 bytes. */
static void
long_list(char *buf, size_t size)
{
	char	 id[80];
	size_t	 n = 0;
	int	 k;

	buf[0] = '\0';
	for (k = 0; k < 100; k++) {
		long_id(id, sizeof(id), k);
		n += (size_t)snprintf(buf + n, size - n, "%s%s", k ? " " : "",
		    id);
	}
}

/*
 * sql/033 on the schema before it, as sql/011 left it: each order's rows
 * of order_campaign_products become its counted_products, by product id,
 * whole even when longer than group_concat_max_len (set for the server
 * here to 1024, MySQL's default, which would cut the full list; the
 * migration sets its own); a row with no record stays NULL.  The table
 * and its rows stay.  The full list reads back.
 */
static void
test_migration_fold(void)
{
	char	 q[16384], id[80], want[8192], prev[32];
	int64_t	 o1, pa, pb;
	size_t	 n;
	int	 k, rc;

	api_stores();
	campaign("pa", "units", "[\"q-1\",\"q-2\"]");
	campaign("pb", "units", "[\"q-2\"]");
	order_q("o1");
	order_q("o2");
	CU_ASSERT_EQUAL(units("pa"), 16);
	CU_ASSERT_EQUAL(units("pb"), 6);
	o1 = sql("SELECT id FROM orders WHERE external_id = 'o1'");
	pa = sql("SELECT id FROM campaigns WHERE slug = 'pa'");
	pb = sql("SELECT id FROM campaigns WHERE slug = 'pb'");

	/* The program wrote only the column; the table is as 011 made it. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaign_products"), 0);
	fx_sql(FX, "ALTER TABLE order_campaigns DROP COLUMN counted_products");
	/* o1: the full list in pa (backwards), q-2 in pb; o2: nothing. */
	n = (size_t)snprintf(q, sizeof(q), "INSERT INTO order_campaign_products "
	    "(order_id, campaign_id, product_id) VALUES (%lld, %lld, 'q-2')",
	    (long long)o1, (long long)pb);
	for (k = 99; k >= 0; k--) {
		long_id(id, sizeof(id), k);
		n += (size_t)snprintf(q + n, sizeof(q) - n,
		    ", (%lld, %lld, '%s')", (long long)o1, (long long)pa, id);
	}
	CU_ASSERT_TRUE_FATAL(n < sizeof(q));
	fx_sql(FX, q);
	fx_sql(FX, "DELETE FROM schema_migrations WHERE version = 33");

	fx_sql_str(FX, "SELECT @@GLOBAL.group_concat_max_len", prev,
	    sizeof(prev));
	fx_sql(FX, "SET GLOBAL group_concat_max_len = 1024");
	rc = migrate();
	snprintf(q, sizeof(q), "SET GLOBAL group_concat_max_len = %s", prev);
	fx_sql(FX, q);
	CU_ASSERT_EQUAL_FATAL(rc, 0);

	long_list(want, sizeof(want));
	CU_ASSERT_EQUAL(strlen(want), 6499);
	CU_ASSERT_STRING_EQUAL(recorded("o1", "pa"), want);
	CU_ASSERT_STRING_EQUAL(recorded("o1", "pb"), "q-2");
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaigns oc JOIN "
	    "orders o ON o.id = oc.order_id WHERE o.external_id = 'o2' AND "
	    "oc.counted_products IS NULL"), 2);
	/* The table, its rows and its foreign key stay (an old host may
	   still read and write them). */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaign_products"),
	    101);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM "
	    "information_schema.referential_constraints WHERE "
	    "constraint_schema = DATABASE() AND "
	    "constraint_name = 'order_campaign_products_oc'"), 1);

	/* o1 goes by its records: q-2 counted in pb, not in pa. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/o1/refund", api_tok,
	    "{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"q-2\",\"quantity\":1,"
	    "\"amount\":1}]}", 200));
	CU_ASSERT_EQUAL(units("pa"), 16);
	CU_ASSERT_EQUAL(units("pb"), 5);
	/* o2 has none: the campaigns' lists now. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/o2/refund", api_tok,
	    "{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"q-2\",\"quantity\":1,"
	    "\"amount\":1}]}", 200));
	CU_ASSERT_EQUAL(units("pa"), 15);
	CU_ASSERT_EQUAL(units("pb"), 4);
}

/*
 * The longest list a campaign can have, 100 ids of 64 characters, is
 * recorded whole by the order's insert and reads back for a refund.
 */
static void
test_record_full_list(void)
{
	char	 body[16384], id[80], want[8192];
	size_t	 n;
	int	 k;

	api_stores();
	n = (size_t)snprintf(body, sizeof(body), "{\"slug\":\"pf\","
	    "\"title\":\"T\",\"goal_kind\":\"units\",\"goal\":100000,"
	    "\"status\":\"live\",\"product_ids\":[");
	for (k = 0; k < 100; k++) {
		long_id(id, sizeof(id), k);
		n += (size_t)snprintf(body + n, sizeof(body) - n, "%s\"%s\"",
		    k ? "," : "", id);
	}
	n += (size_t)snprintf(body + n, sizeof(body) - n, "]}");
	CU_ASSERT_TRUE_FATAL(n < sizeof(body));
	CU_ASSERT_TRUE_FATAL(api_expect("POST", "/api/v1/campaigns", api_tok,
	    body, 201));
	/* One unit of each, backwards. */
	n = (size_t)snprintf(body, sizeof(body), "{\"id\":\"f1\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"c-1\"},\"line_items\":[");
	for (k = 99; k >= 0; k--) {
		long_id(id, sizeof(id), k);
		n += (size_t)snprintf(body + n, sizeof(body) - n,
		    "%s{\"product_id\":\"%s\",\"quantity\":1,\"price\":1}",
		    k < 99 ? "," : "", id);
	}
	n += (size_t)snprintf(body + n, sizeof(body) - n, "]}");
	CU_ASSERT_TRUE_FATAL(n < sizeof(body));
	CU_ASSERT_EQUAL_FATAL(api_order(body, NULL), 201);
	CU_ASSERT_EQUAL(units("pf"), 100);
	long_list(want, sizeof(want));
	CU_ASSERT_STRING_EQUAL(recorded("f1", "pf"), want);

	/* The last id of the list counted: its refund lowers the campaign. */
	long_id(id, sizeof(id), 99);
	snprintf(body, sizeof(body), "{\"id\":\"r-1\",\"line_items\":[{"
	    "\"product_id\":\"%s\",\"quantity\":1,\"amount\":1}]}", id);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/f1/refund", api_tok,
	    body, 200));
	CU_ASSERT_EQUAL(units("pf"), 99);
}

/* POST body as refund of order id; returns the status (r may be NULL). */
static int
refund_raw(const char *id, const char *body, struct fx_resp *r)
{
	struct fx_resp	 tmp;
	char		 path[128];
	int		 st;

	snprintf(path, sizeof(path), "/api/v1/orders/%s/refund", id);
	st = api_req("POST", path, api_tok, body, r != NULL ? r : &tmp);
	if (r == NULL)
		fx_resp_free(&tmp);
	return st;
}

static void
test_refund_id_replay(void)
{
	static const char one[] = "{\"id\":\"rf-1\",\"line_items\":[{"
	    "\"product_id\":\"q-1\",\"quantity\":1,\"amount\":100}]}";
	struct fx_resp	 r, r2;
	char		 before[512], after[512];
	int64_t		 rid;

	api_stores();
	campaign("pc", "units", "[\"q-1\",\"q-2\"]");
	order_q("pc1");
	CU_ASSERT_EQUAL(units("pc"), 8);

	CU_ASSERT_EQUAL(refund_raw("pc1", one, &r), 200);
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r.json,
	    "duplicate")));
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "id"), "rf-1");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "order_id"), "pc1");
	rid = api_num(r.json, "refund_id");
	CU_ASSERT_TRUE(rid > 0);
	CU_ASSERT_EQUAL(resp_progress(&r, "pc"), 7);
	CU_ASSERT_EQUAL(units("pc"), 7);

	/* The same id and body (spelled differently): the first answer, once. */
	api_db_state(before, sizeof(before));
	CU_ASSERT_EQUAL(refund_raw("pc1", "{ \"line_items\": [{\"amount\":100,"
	    "\"quantity\":1,\"product_id\":\"q-1\"}], \"note\":\"x\","
	    "\"id\":\"rf-1\"}", &r2), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r2.json,
	    "duplicate")));
	CU_ASSERT_EQUAL(api_num(r2.json, "refund_id"), rid);
	CU_ASSERT_EQUAL(resp_progress(&r2, "pc"), 7);
	fx_resp_free(&r2);
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(units("pc"), 7);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM refunds"), 1);
	CU_ASSERT_EQUAL(sql("SELECT refunded_qty FROM order_lines WHERE "
	    "product_id = 'q-1'"), 1);

	/* The same id, another body: 409, nothing changes. */
	CU_ASSERT_EQUAL(refund_raw("pc1", "{\"id\":\"rf-1\",\"line_items\":[{"
	    "\"product_id\":\"q-1\",\"quantity\":2,\"amount\":200}]}", &r2),
	    409);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r2), "id");
	fx_resp_free(&r2);
	/* No id, a bad id: 422. */
	CU_ASSERT_EQUAL(refund_raw("pc1", "{\"line_items\":[{\"product_id\":"
	    "\"q-1\",\"quantity\":1,\"amount\":100}]}", &r2), 422);
	CU_ASSERT_STRING_EQUAL(api_err_code(&r2), "required");
	CU_ASSERT_STRING_EQUAL(api_err_field(&r2), "id");
	fx_resp_free(&r2);
	CU_ASSERT_EQUAL(refund_raw("pc1", "{\"id\":\"a/b\",\"line_items\":[{"
	    "\"product_id\":\"q-1\",\"quantity\":1,\"amount\":100}]}", &r2), 422);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r2), "id");
	fx_resp_free(&r2);
	CU_ASSERT_EQUAL(refund_raw("pc1", "{\"id\":7,\"line_items\":[{"
	    "\"product_id\":\"q-1\",\"quantity\":1,\"amount\":100}]}", NULL), 422);
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);

	/* The id is per order: rf-1 on another order is another refund. */
	order_q("pc2");
	CU_ASSERT_EQUAL(refund_raw("pc2", one, &r2), 200);
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r2.json,
	    "duplicate")));
	CU_ASSERT_TRUE(api_num(r2.json, "refund_id") != rid);
	fx_resp_free(&r2);
	CU_ASSERT_EQUAL(units("pc"), 7 + 8 - 1);

	/* A replay still answers after the order was cancelled. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/pc1/cancel", api_tok,
	    NULL, 200));
	CU_ASSERT_EQUAL(refund_raw("pc1", one, &r2), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r2.json,
	    "duplicate")));
	fx_resp_free(&r2);
	/* A new refund of the cancelled order: 409. */
	CU_ASSERT_EQUAL(refund_raw("pc1", "{\"id\":\"rf-2\",\"line_items\":[{"
	    "\"product_id\":\"q-1\",\"quantity\":1,\"amount\":100}]}", NULL),
	    409);
	fx_resp_free(&r);
}

/*
 * A stored list that the insert could not have written fails the refund
 * and changes nothing: an id over 64 characters, more than 100 ids, an
 * empty id (a space at either end, two in a row).
 */
static void
test_record_bad(void)
{
	static const char body[] = "{\"id\":\"rb-1\",\"line_items\":[{"
	    "\"product_id\":\"q-1\",\"quantity\":1,\"amount\":100}]}";
	char	 bad[5][1024], q[2048], before[512], after[512];
	size_t	 n;
	int	 i, k;

	api_stores();
	campaign("pc", "units", "[\"q-1\",\"q-2\"]");
	order_q("pc1");
	snprintf(bad[0], sizeof(bad[0]), "q-1 %s",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	for (k = 0, n = 0; k < 101; k++)
		n += (size_t)snprintf(bad[1] + n, sizeof(bad[1]) - n, "%sq%d",
		    k ? " " : "", k);
	snprintf(bad[2], sizeof(bad[2]), "q-1  q-2");
	snprintf(bad[3], sizeof(bad[3]), " q-1");
	snprintf(bad[4], sizeof(bad[4]), "q-1 ");
	CU_ASSERT_EQUAL(strlen(bad[0]), 4 + 65);
	for (i = 0; i < 5; i++) {
		snprintf(q, sizeof(q), "UPDATE order_campaigns SET "
		    "counted_products = '%s'", bad[i]);
		fx_sql(FX, q);
		api_db_state(before, sizeof(before));
		CU_ASSERT_EQUAL(refund_raw("pc1", body, NULL), 500);
		api_db_state(after, sizeof(after));
		CU_ASSERT_STRING_EQUAL(before, after);
	}
	/* 100 ids (q0 .. q99) are a list; q-1 is not on it. */
	bad[1][n - strlen(" q100")] = '\0';
	snprintf(q, sizeof(q), "UPDATE order_campaigns SET counted_products = "
	    "'%s'", bad[1]);
	fx_sql(FX, q);
	CU_ASSERT_EQUAL(refund_raw("pc1", body, NULL), 200);
	CU_ASSERT_EQUAL(units("pc"), 8);
}

/* A row of order_campaign_products: product id counted for order o in c. */
static void
ocp_row(int64_t o, int64_t c, const char *id)
{
	char	 q[256];

	snprintf(q, sizeof(q), "INSERT INTO order_campaign_products (order_id, "
	    "campaign_id, product_id) VALUES (%lld, %lld, '%s')", (long long)o,
	    (long long)c, id);
	fx_sql(FX, q);
}

/*
 * The same for the rows of order_campaign_products read when the column
 * is NULL (an order a program before sql/033 counted): more than 100 ids,
 * an empty id, an id with a space fail the refund and change nothing; 100
 * ids are a record again.
 */
static void
test_record_bad_rows(void)
{
	static const char body[] = "{\"id\":\"rb-1\",\"line_items\":[{"
	    "\"product_id\":\"q-1\",\"quantity\":1,\"amount\":100}]}";
	char	 id[16], before[512], after[512];
	int64_t	 o, c;
	int	 i, k;

	api_stores();
	campaign("pc", "units", "[\"q-1\",\"q-2\"]");
	order_q("pc1");
	o = sql("SELECT id FROM orders WHERE external_id = 'pc1'");
	c = sql("SELECT id FROM campaigns WHERE slug = 'pc'");
	fx_sql(FX, "UPDATE order_campaigns SET counted_products = NULL");
	/* q0 .. q98 (q-1 is not among them), and on top of them each of: */
	for (k = 0; k < 99; k++) {
		snprintf(id, sizeof(id), "q%d", k);
		ocp_row(o, c, id);
	}
	for (i = 0; i < 3; i++) {
		if (i == 0) {
			/* q99 and q100: 101 ids */
			ocp_row(o, c, "q99");
			ocp_row(o, c, "q100");
		} else
			ocp_row(o, c, i == 1 ? "" : "q 1");
		api_db_state(before, sizeof(before));
		CU_ASSERT_EQUAL(refund_raw("pc1", body, NULL), 500);
		api_db_state(after, sizeof(after));
		CU_ASSERT_STRING_EQUAL(before, after);
		fx_sql(FX, "DELETE FROM order_campaign_products WHERE "
		    "product_id IN ('q99', 'q100', '', 'q 1')");
		CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM "
		    "order_campaign_products"), 99);
	}
	/* 100 ids (q0 .. q99) are a record; q-1 is not on it. */
	ocp_row(o, c, "q99");
	CU_ASSERT_EQUAL(refund_raw("pc1", body, NULL), 200);
	CU_ASSERT_EQUAL(units("pc"), 8);
}

/* A refund whose second line fails changes nothing; its id stays free. */
static void
test_refund_all_or_nothing(void)
{
	char	 before[512], after[512];

	api_stores();
	campaign("pc", "units", "[\"q-1\",\"q-2\"]");
	campaign("pm", "money", "[\"q-1\"]");
	order_q("pc1");
	api_db_state(before, sizeof(before));
	/* Line 0 alone would do; line 1 returns more than bought. */
	CU_ASSERT_EQUAL(refund_raw("pc1", "{\"id\":\"rf-9\",\"line_items\":["
	    "{\"product_id\":\"q-1\",\"quantity\":2,\"amount\":200},"
	    "{\"product_id\":\"q-2\",\"quantity\":4,\"amount\":1}]}", NULL), 422);
	/* Line 1 names a product the order did not buy. */
	CU_ASSERT_EQUAL(refund_raw("pc1", "{\"id\":\"rf-9\",\"line_items\":["
	    "{\"product_id\":\"q-1\",\"quantity\":2,\"amount\":200},"
	    "{\"product_id\":\"q-7\",\"quantity\":1,\"amount\":1}]}", NULL), 422);
	/* Together the lines return more of q-1 than bought. */
	CU_ASSERT_EQUAL(refund_raw("pc1", "{\"id\":\"rf-9\",\"line_items\":["
	    "{\"product_id\":\"q-1\",\"quantity\":3,\"amount\":300},"
	    "{\"product_id\":\"q-1\",\"quantity\":3,\"amount\":200}]}", NULL), 422);
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM refunds"), 0);
	CU_ASSERT_EQUAL(sql("SELECT SUM(refunded_qty) FROM order_lines"), 0);
	CU_ASSERT_EQUAL(units("pc"), 8);
	/* Nothing was stored under rf-9: a valid body takes it now. */
	CU_ASSERT_EQUAL(refund_raw("pc1", "{\"id\":\"rf-9\",\"line_items\":["
	    "{\"product_id\":\"q-1\",\"quantity\":2,\"amount\":200},"
	    "{\"product_id\":\"q-2\",\"quantity\":1,\"amount\":1}]}", NULL), 200);
	CU_ASSERT_EQUAL(units("pc"), 5);
	CU_ASSERT_EQUAL(sql("SELECT amount FROM campaigns WHERE slug = 'pm'"),
	    500 - 200);
	CU_ASSERT_EQUAL(sql("SELECT SUM(refunded_qty) FROM order_lines"), 3);
}

/* Copies of one refund sent at the same time apply once. */
static void
test_refund_concurrent_copies(void)
{
	static const char body[] = "{\"id\":\"rf-c\",\"line_items\":[{"
	    "\"product_id\":\"q-1\",\"quantity\":1,\"amount\":100}]}";
	pid_t		 kids[8];
	int		 i, st, first = 0, dups = 0;

	api_stores();
	campaign("pc", "units", "[\"q-1\",\"q-2\"]");
	order_q("pc1");
	for (i = 0; i < 8; i++) {
		if ((kids[i] = fork()) == 0) {
			struct fx_resp	 r;
			int		 s = refund_raw("pc1", body, &r), d;

			d = s == 200 && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
			    r.json, "duplicate"));
			_exit(s != 200 ? 3 : d ? 2 : 1);
		}
		CU_ASSERT_TRUE_FATAL(kids[i] > 0);
	}
	for (i = 0; i < 8; i++) {
		CU_ASSERT_EQUAL(waitpid(kids[i], &st, 0), kids[i]);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
			first++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 2)
			dups++;
	}
	CU_ASSERT_EQUAL(first, 1);
	CU_ASSERT_EQUAL(dups, 7);
	CU_ASSERT_EQUAL(units("pc"), 7);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM refunds"), 1);
	CU_ASSERT_EQUAL(sql("SELECT refunded_qty FROM order_lines WHERE "
	    "product_id = 'q-1'"), 1);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "product_added_after_counting", test_product_added_after_counting },
		{ "product_removed_after_counting", test_product_removed_after_counting },
		{ "record_per_campaign", test_record_per_campaign },
		{ "record_full_list", test_record_full_list },
		{ "record_bad", test_record_bad },
		{ "refund_old_host_rows", test_refund_old_host_rows },
		{ "record_bad_rows", test_record_bad_rows },
		{ "migration_backfill", test_migration_backfill },
		{ "migration_fold", test_migration_fold },
		{ "refund_id_replay", test_refund_id_replay },
		{ "refund_all_or_nothing", test_refund_all_or_nothing },
		{ "refund_concurrent_copies", test_refund_concurrent_copies },
		{ NULL, NULL }
	};
	static const struct fx_opts opts = { 2, NULL };

	return fx_run("api_refund", cases, &opts, 1);
}
