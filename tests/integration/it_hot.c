/*
 * it_hot.c — the hot campaign's order path (issue 10): event rows only for
 * the types a store's endpoints subscribe to (docs/events.md, "Which events
 * are recorded"), numbered without gaps; campaigns.rules_version (sql/021)
 * moved by every change to what an order reads before the campaign's lock;
 * an order's grant.created rows written four per statement, numbered in
 * grant id order; multi-line orders (lines written four per statement); a backer counted
 * as new again after all their orders were cancelled (the upsert that
 * tells it without a read).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"
#include "integration/it_api_util.h"

#define FX	fx_current

static int64_t
sql(const char *q)
{
	return fx_sql_i64(FX, q);
}

static int
order(const char *id, const char *cust, int qty, struct fx_resp *r)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"id\":\"%s\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"%s\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":%d,\"price\":1000}]}", id, cust, qty);
	return api_order(body, r);
}

/* An endpoint of store acme for the comma-separated quoted types; its id. */
static int64_t
endpoint(const char *types)
{
	struct fx_resp	 r;
	char		 body[512];
	int64_t		 id;

	snprintf(body, sizeof(body), "{\"url\":\"http://127.0.0.1:9/h\","
	    "\"events\":[%s]}", types);
	CU_ASSERT_EQUAL_FATAL(api_req("POST", "/api/v1/webhooks", api_tok, body,
	    &r), 201);
	id = api_num(r.json, "id");
	fx_resp_free(&r);
	return id;
}

static void
test_events_only_subscribed(void)
{
	char	 path[64];
	int64_t	 w;

	api_stores();
	api_campaign("c", "units", 100);
	api_milestone("c", "{\"target\":2,\"title\":\"A\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-a\",\"scope\":\"all\"}");
	api_milestone("c", "{\"target\":4,\"title\":\"B\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-b\",\"scope\":\"all\"}");
	api_milestone("c", "{\"target\":6,\"title\":\"C\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-c\",\"scope\":\"new\"}");
	/* No endpoint: a reach, its fan-out and the order's grants, no event. */
	CU_ASSERT_EQUAL(order("o1", "ana", 1, NULL), 201);
	CU_ASSERT_EQUAL(order("o2", "bob", 1, NULL), 201);	/* reaches A */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 2);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events"), 0);
	/* Only milestone.reached wanted: B's reach writes that and no grants. */
	w = endpoint("\"milestone.reached\"");
	CU_ASSERT_EQUAL(order("o3", "cat", 2, NULL), 201);	/* reaches B */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 3 + 3);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events WHERE type = "
	    "'milestone.reached' AND seq = 1"), 1);
	/* grant.created wanted too (a second endpoint): every grant made. */
	endpoint("\"grant.created\"");
	CU_ASSERT_EQUAL(order("o4", "dan", 2, NULL), 201);	/* reaches C */
	/* dan: A, B and C on o4, one statement; C's milestone.reached (seq
	   2), then 3 grant.created (3-5). */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants g JOIN orders o ON "
	    "o.id = g.order_id WHERE o.external_id = 'o4'"), 3);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events WHERE type = "
	    "'grant.created'"), 3);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events"), 5);
	CU_ASSERT_EQUAL(sql("SELECT MAX(seq) FROM events"), 5);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(DISTINCT seq) FROM events"), 5);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events WHERE seq >= 3 AND "
	    "type = 'grant.created'"), 3);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events e JOIN grants g ON "
	    "g.id = e.grant_id JOIN orders o ON o.id = g.order_id WHERE "
	    "o.external_id = 'o4' AND e.type = 'grant.created'"), 3);
	/* A cancel: grant.voided is wanted by no one, grant.created is. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/o4/cancel", api_tok,
	    NULL, 200));
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events WHERE type = "
	    "'grant.voided'"), 0);
	/* The first endpoint removed: milestone.reached is no longer written. */
	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld", (long long)w);
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok, NULL, 204));
	api_milestone("c", "{\"target\":9,\"title\":\"D\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-d\",\"scope\":\"new\"}");
	CU_ASSERT_EQUAL(order("o5", "eve", 5, NULL), 201);	/* reaches D */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events WHERE type = "
	    "'milestone.reached'"), 2);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants g JOIN orders o ON "
	    "o.id = g.order_id WHERE o.external_id = 'o5'"), 4);	/* A-D */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events e JOIN grants g ON "
	    "g.id = e.grant_id JOIN orders o ON o.id = g.order_id WHERE "
	    "o.external_id = 'o5'"), 4);
	/* Still gapless. */
	CU_ASSERT_EQUAL(sql("SELECT MAX(seq) - COUNT(*) FROM events"), 0);
	/* Reached at its creation (progress 9 >= 3): its fan-out's
	   grant.created, no milestone.reached (nobody wants it any more). */
	api_milestone("c", "{\"target\":3,\"title\":\"E\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-e\",\"scope\":\"all\"}");
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events WHERE type = "
	    "'milestone.reached'"), 2);
	CU_ASSERT_TRUE(sql("SELECT COUNT(*) FROM grants g JOIN milestones m ON "
	    "m.id = g.milestone_id WHERE m.title = 'E'") > 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events e JOIN grants g ON "
	    "g.id = e.grant_id JOIN milestones m ON m.id = g.milestone_id WHERE "
	    "m.title = 'E'"), sql("SELECT COUNT(*) FROM grants g JOIN milestones m "
	    "ON m.id = g.milestone_id WHERE m.title = 'E'"));
	/* Ended, with no endpoint for campaign.ended: no event. */
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok,
	    "{\"status\":\"ended\"}", 200));
	CU_ASSERT_EQUAL(sql("SELECT status = 'ended' FROM campaigns WHERE slug = 'c'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events WHERE type = "
	    "'campaign.ended'"), 0);
	CU_ASSERT_EQUAL(sql("SELECT MAX(seq) - COUNT(*) FROM events"), 0);
}

/*
 * Five scope-"all" gifts (targets 1-5) reached by one order: its five grants' events
 * take two statements (four rows, then one), after the five
 * milestone.reached, numbered in grant id order, with the store, campaign
 * and slug of the grant; the next order's five follow without a gap.
 */
static void
test_order_grant_rows(void)
{
	struct fx_resp	 r;
	char		 body[256];
	int		 i;

	api_stores();
	api_campaign("rows", "units", 100);
	for (i = 0; i < 5; i++) {
		snprintf(body, sizeof(body), "{\"target\":%d,\"title\":\"G%d\","
		    "\"reward\":\"gift\",\"gift_product_id\":\"g-%d\","
		    "\"scope\":\"all\"}", i + 1, i, i);
		api_milestone("rows", body);
	}
	endpoint("\"milestone.reached\",\"grant.created\"");
	CU_ASSERT_EQUAL(order("r1", "ana", 5, &r), 201);	/* 0 -> 5: all five */
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 5);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events WHERE type = "
	    "'milestone.reached' AND seq BETWEEN 1 AND 5"), 5);
	/* r1's five: seq 6-10, one per grant of r1, in grant id order. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events e JOIN grants g ON "
	    "g.id = e.grant_id JOIN orders o ON o.id = g.order_id JOIN campaigns c "
	    "ON c.id = g.campaign_id WHERE o.external_id = 'r1' AND e.type = "
	    "'grant.created' AND e.seq BETWEEN 6 AND 10 AND e.store_id = g.store_id "
	    "AND e.campaign_id = c.id AND e.campaign_slug = 'rows' AND c.slug = "
	    "'rows' AND e.data = '' AND e.position IS NULL"), 5);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(DISTINCT grant_id) FROM events WHERE "
	    "type = 'grant.created'"), 5);
	CU_ASSERT_EQUAL(order("r2", "bob", 1, &r), 201);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 5);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events e JOIN grants g ON "
	    "g.id = e.grant_id JOIN orders o ON o.id = g.order_id WHERE "
	    "o.external_id = 'r2' AND e.seq BETWEEN 11 AND 15"), 5);
	/* Gapless, and seq follows grant id among the grant.created. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events"), 15);
	CU_ASSERT_EQUAL(sql("SELECT MAX(seq) - COUNT(*) FROM events"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM events a JOIN events b ON "
	    "b.campaign_id = a.campaign_id AND b.seq > a.seq WHERE a.type = "
	    "'grant.created' AND b.type = 'grant.created' AND b.grant_id < "
	    "a.grant_id"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 10);
}

static void
test_rules_version(void)
{
	struct fx_resp	 r;
	int64_t		 v, m;
	char		 path[96];

#define RV	sql("SELECT rules_version FROM campaigns WHERE slug = 'c'")
	api_stores();
	api_campaign("c", "units", 100);
	v = RV;
	m = api_milestone("c", "{\"target\":3,\"title\":\"A\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-a\",\"scope\":\"new\"}");
	CU_ASSERT_TRUE(RV > v);					/* added */
	v = RV;
	CU_ASSERT_EQUAL(order("o1", "ana", 1, NULL), 201);
	CU_ASSERT_EQUAL(RV, v);					/* counted, no reach */
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld",
	    (long long)m);
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok,
	    "{\"target\":2}", 200));
	CU_ASSERT_TRUE(RV > v);					/* edited */
	v = RV;
	CU_ASSERT_EQUAL(order("o2", "bob", 1, &r), 201);		/* reaches it */
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 1);
	fx_resp_free(&r);
	CU_ASSERT_TRUE(RV > v);
	v = RV;
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok,
	    "{\"product_ids\":[\"p-2\"]}", 200));
	CU_ASSERT_TRUE(RV > v);					/* products */
	/* The next order reads the new list: p-1 no longer counts. */
	CU_ASSERT_EQUAL(order("o3", "cat", 1, &r), 201);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json,
	    "campaigns")), 0);
	fx_resp_free(&r);
	m = api_milestone("c", "{\"target\":90,\"title\":\"B\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-b\",\"scope\":\"new\"}");
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld",
	    (long long)m);
	v = RV;
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok, NULL, 204));
	CU_ASSERT_TRUE(RV > v);					/* deleted */
#undef RV
}

static void
test_lines_and_backers(void)
{
	struct fx_resp	 r;
	char		 body[2048];
	size_t		 n;
	int		 i;

	api_stores();
	api_campaign("c", "units", 1000);
	/* Nine lines: two statements of four, one of one; p-1 and p-2 count,
	   x does not, and the gift line never. */
	n = (size_t)snprintf(body, sizeof(body), "{\"id\":\"m1\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":{\"id\":"
	    "\"ana\"},\"line_items\":[");
	for (i = 0; i < 8; i++)
		n += (size_t)snprintf(body + n, sizeof(body) - n, "{\"product_id\":"
		    "\"%s\",\"variant_id\":\"v%d\",\"quantity\":%d,\"price\":100},",
		    i % 3 == 0 ? "p-1" : i % 3 == 1 ? "p-2" : "x", i, i + 1);
	snprintf(body + n, sizeof(body) - n, "{\"product_id\":\"p-1\",\"quantity\":"
	    "50,\"price\":0,\"gift\":true}]}");
	CU_ASSERT_EQUAL(api_order(body, &r), 201);
	/* p-1: lines 0, 3, 6 (1+4+7); p-2: lines 1, 4, 7 (2+5+8). */
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.progress"), 27);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines"), 9);
	CU_ASSERT_EQUAL(sql("SELECT SUM(line_no) FROM order_lines"), 45);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines WHERE line_no = 5 "
	    "AND product_id = 'p-2' AND variant_id = 'v4' AND quantity = 5"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines WHERE line_no = 9 "
	    "AND gift = 1 AND variant_id IS NULL"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaigns "
	    "WHERE counted_products = 'p-1 p-2'"), 1);
	/* In the column only (the table stays for programs before sql/033). */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaign_products"), 0);
	/* Same backer again: not new; then both cancelled; then new again. */
	CU_ASSERT_EQUAL(order("m2", "ana", 1, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(order("b1", "bob", 1, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 2);
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/m1/cancel", api_tok, NULL, 200));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/m2/cancel", api_tok, NULL, 200));
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns WHERE slug = 'c'"), 1);
	CU_ASSERT_EQUAL(order("m3", "ana", 1, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 2);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns WHERE slug = 'c'"), 2);
	CU_ASSERT_EQUAL(sql("SELECT active_orders FROM campaign_backers "
	    "WHERE backer = 'ana'"), 1);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "events_only_subscribed", test_events_only_subscribed },
		{ "order_grant_rows", test_order_grant_rows },
		{ "rules_version", test_rules_version },
		{ "lines_and_backers", test_lines_and_backers },
		{ NULL, NULL }
	};
	static const struct fx_opts opts = { 2, "webhook_allow_private = yes\n" };

	return fx_run("hot", cases, &opts, 1);
}
