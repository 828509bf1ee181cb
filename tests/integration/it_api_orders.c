/*
 * it_api_orders.c — counting orders, milestones and grants through the
 * pipeline API (SPEC "Counting" and "Milestones"), with the database
 * checked after each step.
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

/* An order of qty x p-1 at price 1000 by customer cust. */
static int
order(const char *id, const char *cust, int qty, struct fx_resp *r)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"id\":\"%s\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"%s\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":%d,\"price\":1000}]}", id, cust, qty);
	return api_order(body, r);
}

static int64_t
sql(const char *q)
{
	return fx_sql_i64(FX, q);
}

static int64_t
progress(const char *slug)
{
	struct fx_resp	 r;
	char		 path[128];
	int64_t		 p;

	snprintf(path, sizeof(path), "/api/v1/campaigns/%s", slug);
	CU_ASSERT_EQUAL(api_req("GET", path, api_tok, NULL, &r), 200);
	p = api_num(r.json, "progress");
	fx_resp_free(&r);
	return p;
}

static void
test_count_and_idempotency(void)
{
	struct fx_resp	 r, r2;
	char		 before[512], after[512];
	const char	*body = "{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\",\"email\":\"Ana@Example.com\"},"
	    "\"line_items\":[{\"product_id\":\"p-1\",\"variant_id\":\"v-1\",\"quantity\":2,"
	    "\"price\":2500},{\"product_id\":\"g-1\",\"quantity\":1,\"price\":0,\"gift\":true},"
	    "{\"product_id\":\"p-2\",\"quantity\":1,\"price\":1000,\"gift\":true}]}";
	int64_t		 m1, m2;

	api_stores();
	api_campaign("units-c", "units", 100);
	api_campaign("money-c", "money", 100000);
	m1 = api_milestone("units-c", "{\"target\":2,\"title\":\"Two\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\"}");
	m2 = api_milestone("money-c", "{\"target\":5000,\"title\":\"Fifty\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-dice\",\"gift_variant_id\":\"red\",\"gift_quantity\":2,"
	    "\"scope\":\"new\"}");
	api_milestone("money-c", "{\"target\":4000,\"title\":\"Forty\"}");

	CU_ASSERT_EQUAL(api_order(body, &r), 201);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "order_id"), "1001");
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItem(r.json, "duplicate")));
	/* Both campaigns, gift lines not counted. */
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "campaigns")), 2);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "campaigns.0.slug"), "units-c");
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.progress"), 2);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.goal"), 100);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 1);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.reached.0.milestone_id"), m1);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.reached.0.target"), 2);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.1.progress"), 5000);
	/* Two milestones reached by one order. */
	CU_ASSERT_EQUAL(cJSON_GetArraySize(api_num(r.json, "campaigns.1.reached.1.target") == 5000 ?
	    cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r.json, "campaigns"), 1),
	    "reached") : NULL), 2);
	/* Gifts: the pin (all) and the dice (new; the reaching order qualifies). */
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 2);
	CU_ASSERT_EQUAL(api_num(r.json, "gifts.0.milestone_id"), m1);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "gifts.0.product_id"), "g-pin");
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(r.json, "gifts"), 0), "variant_id")));
	CU_ASSERT_EQUAL(api_num(r.json, "gifts.1.milestone_id"), m2);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "gifts.1.variant_id"), "red");
	CU_ASSERT_EQUAL(api_num(r.json, "gifts.1.quantity"), 2);
	CU_ASSERT_TRUE(api_num(r.json, "gifts.0.grant_id") > 0);
	/* The database agrees. */
	CU_ASSERT_EQUAL(sql("SELECT units FROM campaigns WHERE slug = 'units-c'"), 2);
	CU_ASSERT_EQUAL(sql("SELECT amount FROM campaigns WHERE slug = 'money-c'"), 5000);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE status = 'pending'"), 2);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM milestones WHERE reached_at IS NOT NULL"), 3);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE backer = 'c-42'"), 1);

	/* The same body again (spelled differently): 200, duplicate, same answer. */
	api_db_state(before, sizeof(before));
	CU_ASSERT_EQUAL(api_order("{\"line_items\":[{\"product_id\":\"p-1\",\"variant_id\":"
	    "\"v-1\",\"quantity\":2.0,\"price\":2500},{\"product_id\":\"g-1\",\"quantity\":1,"
	    "\"price\":0,\"gift\":true},{\"product_id\":\"p-2\",\"quantity\":1,\"price\":1000,"
	    "\"gift\":true}],\"customer\":{\"email\":\"ana@example.com\",\"id\":\"c-42\"},"
	    "\"currency\":\"USD\",\"placed_at\":\"2026-11-22T11:00:00+01:00\",\"id\":\"1001\","
	    "\"note\":\"ignored\"}", &r2), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(r2.json, "duplicate")));
	cJSON_ReplaceItemInObject(r2.json, "duplicate", cJSON_CreateFalse());
	CU_ASSERT_TRUE(cJSON_Compare(r.json, r2.json, 1));
	fx_resp_free(&r2);
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	/* The same id with another body: 409, nothing changes. */
	CU_ASSERT_EQUAL(order("1001", "c-42", 3, &r2), 409);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r2), "id");
	fx_resp_free(&r2);
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	/* Another store may use the same order id. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders", api_tok_other,
	    "{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\",\"currency\":\"EUR\","
	    "\"customer\":{\"id\":\"x\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":1,\"price\":1}]}", 201));
	CU_ASSERT_EQUAL(progress("units-c"), 2);
	fx_resp_free(&r);

	/* An order that counts nowhere is still recorded (and idempotent). */
	CU_ASSERT_EQUAL(api_order("{\"id\":\"n1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"email\":\"b@example.com\"},\"line_items\":"
	    "[{\"product_id\":\"zzz\",\"quantity\":1,\"price\":5}]}", &r), 201);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "campaigns")), 0);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 0);
	fx_resp_free(&r);
	/* The store's currency only. */
	CU_ASSERT_EQUAL(api_order("{\"id\":\"eur\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"EUR\",\"customer\":{\"id\":\"c\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":1,\"price\":5}]}", &r), 422);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "currency");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE external_id = 'eur'"), 0);
}

static void
test_window_and_status(void)
{
	struct fx_resp	 r;

	api_stores();
	api_campaign("live", "units", 100);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns", api_tok,
	    "{\"slug\":\"draft\",\"title\":\"D\",\"goal_kind\":\"units\",\"goal\":9,"
	    "\"product_ids\":[\"p-1\"]}", 201));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns", api_tok,
	    "{\"slug\":\"ended\",\"title\":\"E\",\"goal_kind\":\"units\",\"goal\":9,"
	    "\"product_ids\":[\"p-1\"],\"status\":\"ended\"}", 201));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns", api_tok,
	    "{\"slug\":\"window\",\"title\":\"W\",\"goal_kind\":\"units\",\"goal\":9,"
	    "\"product_ids\":[\"p-1\"],\"status\":\"live\","
	    "\"starts_at\":\"2026-11-22T10:00:00Z\",\"ends_at\":\"2026-11-23T00:00:00Z\"}", 201));
	/* Inside the window (starts_at is inclusive). */
	CU_ASSERT_EQUAL(order("o1", "a", 1, &r), 201);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "campaigns")), 2);
	fx_resp_free(&r);
	/* ends_at is exclusive; before starts_at does not count either. */
	CU_ASSERT_EQUAL(api_order("{\"id\":\"o2\",\"placed_at\":\"2026-11-23T00:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"a\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":1,\"price\":1}]}", &r), 201);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "campaigns")), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_order("{\"id\":\"o3\",\"placed_at\":\"2026-11-22T09:59:59.999Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"a\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":1,\"price\":1}]}", NULL), 201);
	CU_ASSERT_EQUAL(progress("window"), 1);
	CU_ASSERT_EQUAL(progress("live"), 3);
	CU_ASSERT_EQUAL(progress("draft"), 0);
	CU_ASSERT_EQUAL(progress("ended"), 0);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns WHERE slug = 'live'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT orders FROM campaigns WHERE slug = 'live'"), 3);
}

static void
test_scope_all_retroactive(void)
{
	struct fx_resp	 r;
	int64_t		 m;

	api_stores();
	api_campaign("c", "units", 100);
	m = api_milestone("c", "{\"target\":10,\"title\":\"Pin\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\",\"scope\":\"all\"}");
	CU_ASSERT_EQUAL(order("a1", "ana", 2, NULL), 201);
	CU_ASSERT_EQUAL(order("b1", "bob", 3, NULL), 201);
	CU_ASSERT_EQUAL(order("a2", "ana", 1, NULL), 201);
	CU_ASSERT_EQUAL(order("d1", "dan", 1, NULL), 201);
	CU_ASSERT_EQUAL(order("d1x", "dan", 0 + 1, NULL), 201);
	CU_ASSERT_EQUAL(order("dc", "dan", 1, NULL), 201);
	/* Dan cancels everything: no grant for him at the reach. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/d1/cancel", api_tok, NULL, 200));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/d1x/cancel", api_tok, NULL, 200));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/dc/cancel", api_tok, NULL, 200));
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 0);
	/* Carl's order reaches 10 (6 + 4). */
	CU_ASSERT_EQUAL(order("c1", "carl", 4, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.reached.0.milestone_id"), m);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE status = 'pending'"), 3);
	/* Ana's on her earliest order, Bob's on his, Carl's on the posted one. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants g JOIN orders o ON o.id = g.order_id "
	    "WHERE (g.backer, o.external_id) IN (('ana','a1'),('bob','b1'),('carl','c1'))"), 3);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE backer = 'dan'"), 0);
	/* Later orders qualify too, once per backer (rule 6). */
	CU_ASSERT_EQUAL(order("e1", "eve", 1, &r), 201);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(order("a3", "ana", 1, &r), 201);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 0);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE backer = 'ana'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 4);
}

static void
test_scope_new(void)
{
	struct fx_resp	 r;

	api_stores();
	api_campaign("c", "units", 100);
	api_milestone("c", "{\"target\":5,\"title\":\"Dice\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-dice\",\"scope\":\"new\"}");
	CU_ASSERT_EQUAL(order("a1", "ana", 4, &r), 201);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 0);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(order("b1", "bob", 1, &r), 201);	/* reaches it */
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE backer = 'ana'"), 0);
	CU_ASSERT_EQUAL(order("a2", "ana", 1, &r), 201);	/* after: qualifies */
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants g JOIN orders o ON o.id = g.order_id "
	    "WHERE g.backer = 'ana' AND o.external_id = 'a2'"), 1);
	CU_ASSERT_EQUAL(order("a3", "ana", 1, NULL), 201);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE backer = 'ana'"), 1);
}

static void
test_reach_on_save_and_rule9(void)
{
	struct fx_resp	 r;
	char		 path[128];
	int64_t		 m, m2;

	api_stores();
	api_campaign("c", "units", 100);
	CU_ASSERT_EQUAL(order("a1", "ana", 3, NULL), 201);
	CU_ASSERT_EQUAL(order("a2", "ana", 3, NULL), 201);
	CU_ASSERT_EQUAL(order("b1", "bob", 1, NULL), 201);
	/* Created below progress (7): reached at once; scope all grants. */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns/c/milestones", api_tok,
	    "{\"target\":7,\"title\":\"Pin\",\"reward\":\"gift\",\"gift_product_id\":\"g-pin\","
	    "\"after_text\":\"Yes\"}", &r), 201);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "reached")));
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(r.json, "reached_order_id")));
	m = api_num(r.json, "id");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE status = 'pending'"), 2);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants g JOIN orders o ON o.id = g.order_id "
	    "WHERE g.backer = 'ana' AND o.external_id = 'a1'"), 1);
	/* Scope new reached at save: nobody gets it then. */
	m2 = api_milestone("c", "{\"target\":6,\"title\":\"New\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-dice\",\"scope\":\"new\"}");
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 2);
	/* Edited down to progress: reached by the edit. */
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld", (long long)m2);
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok, "{\"title\":\"New!\"}", 200));
	m2 = api_milestone("c", "{\"target\":50,\"title\":\"Later\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-x\"}");
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld", (long long)m2);
	CU_ASSERT_EQUAL(api_req("PATCH", path, api_tok, "{\"target\":7}", &r), 409);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("PATCH", path, api_tok, "{\"target\":5}", &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "reached")));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 4);

	/* Rule 9 on the reached milestone m. */
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld", (long long)m);
	CU_ASSERT_EQUAL(api_req("PATCH", path, api_tok, "{\"target\":8}", &r), 409);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "target");
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok, "{\"reward\":\"reveal\"}", 409));
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok, "{\"scope\":\"new\"}", 409));
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok, "{\"gift_product_id\":\"g-2\"}", 409));
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok, "{\"gift_variant_id\":\"v\"}", 409));
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok, "{\"gift_quantity\":3}", 409));
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok, NULL, 409));
	/* The same values again are no change; texts and image may change. */
	CU_ASSERT_EQUAL(api_req("PATCH", path, api_tok, "{\"target\":7,\"scope\":\"all\","
	    "\"title\":\"Pins\",\"after_text\":\"Pins for all\",\"before_text\":\"Soon\","
	    "\"image_url\":\"https://example.com/p.png\"}", &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "after_text"), "Pins for all");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT target FROM milestones WHERE title = 'Pins'"), 7);

	/* goal_kind is frozen once an order counted; delete is refused. */
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok,
	    "{\"goal_kind\":\"money\"}", 409));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok,
	    "{\"goal_kind\":\"units\",\"goal\":200}", 200));
	CU_ASSERT_TRUE(api_expect("DELETE", "/api/v1/campaigns/c", api_tok, NULL, 409));
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM campaigns"), 1);
}

static void
test_cancel(void)
{
	struct fx_resp	 r;
	char		 before[512], after[512];

	api_stores();
	api_campaign("c", "units", 100);
	api_milestone("c", "{\"target\":3,\"title\":\"Pin\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\"}");
	api_milestone("c", "{\"target\":4,\"title\":\"New\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-new\",\"scope\":\"new\"}");
	CU_ASSERT_EQUAL(order("a1", "ana", 3, NULL), 201);	/* reaches 3 */
	CU_ASSERT_EQUAL(order("a2", "ana", 1, NULL), 201);	/* reaches 4 (new) */
	CU_ASSERT_EQUAL(order("b1", "bob", 1, NULL), 201);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE status = 'pending'"), 4);

	/* Cancel a1: its pin moves to a2 (scope all, still qualifies). */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/a1/cancel", api_tok, NULL, &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "status"), "cancelled");
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItem(r.json, "duplicate")));
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.progress"), 2);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 2);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.status"), "moved");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.moved_to.order_id"), "a2");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants g JOIN orders o ON o.id = g.order_id "
	    "WHERE o.external_id = 'a2' AND g.status = 'pending'"), 2);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE status = 'void'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE moved_from IS NOT NULL"), 1);
	/* Latched: both milestones stay reached although progress is 2. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM milestones WHERE reached_at IS NOT NULL"), 2);
	CU_ASSERT_EQUAL(progress("c"), 2);

	/* Cancel again: 200, duplicate, nothing changes. */
	api_db_state(before, sizeof(before));
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/a1/cancel", api_tok, NULL, &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "duplicate")));
	fx_resp_free(&r);
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	/* A posted repeat of the cancelled order stays a duplicate. */
	CU_ASSERT_EQUAL(order("a1", "ana", 3, NULL), 200);
	CU_ASSERT_EQUAL(progress("c"), 2);

	/* Cancel a2: no other active order -> both grants void; ana leaves. */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/a2/cancel", api_tok, NULL, &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.status"), "void");
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(r.json, "grants"), 0), "moved_to")));
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE backer = 'ana' "
	    "AND status <> 'void'"), 0);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns"), 1);
	CU_ASSERT_EQUAL(sql("SELECT orders FROM campaigns"), 1);
	/* Ana backs again: the pin (scope all) comes back, once. */
	CU_ASSERT_EQUAL(order("a4", "ana", 1, &r), 201);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 2);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns"), 2);

	/* Unknown order, another store's order: 404, nothing changes. */
	api_db_state(before, sizeof(before));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/nope/cancel", api_tok, NULL, 404));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/b1/cancel", api_tok_other, NULL, 404));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/b1/refund", api_tok_other,
	    "{\"id\":\"r-2\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,\"amount\":1000}]}", 404));
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
}

static void
test_refund(void)
{
	struct fx_resp	 r;
	char		 before[512], after[512];

	api_stores();
	api_campaign("u", "units", 100);
	api_campaign("m", "money", 100000);
	api_milestone("m", "{\"target\":3000,\"title\":\"Pin\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\"}");
	CU_ASSERT_EQUAL(order("a1", "ana", 3, NULL), 201);	/* 3 units, 3000 */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/a1/refund", api_tok,
	    "{\"id\":\"r-3\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,\"amount\":1000}]}",
	    &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "order_id"), "a1");
	CU_ASSERT_TRUE(api_num(r.json, "refund_id") > 0);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "campaigns")), 2);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(progress("u"), 2);
	CU_ASSERT_EQUAL(progress("m"), 2000);
	/* Grants and the latched milestone stay; the backer stays. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE status = 'pending'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM milestones WHERE reached_at IS NOT NULL"), 1);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns WHERE slug = 'm'"), 1);
	/* More than bought, unknown product: 422, nothing changes. */
	api_db_state(before, sizeof(before));
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/a1/refund", api_tok,
	    "{\"id\":\"r-4\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":3,\"amount\":0}]}", &r), 422);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "line_items[0]");
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/a1/refund", api_tok,
	    "{\"id\":\"r-5\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":0,\"amount\":2001}]}", 422));
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/a1/refund", api_tok,
	    "{\"id\":\"r-6\",\"line_items\":[{\"product_id\":\"p-9\",\"quantity\":1,\"amount\":1}]}", &r), 422);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "line_items[0].product_id");
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/a1/refund", api_tok,
	    "{\"id\":\"r-7\",\"line_items\":[]}", 422));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/a1/refund", api_tok,
	    "{\"id\":\"r-8\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":-1,\"amount\":1}]}", 422));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/zz/refund", api_tok,
	    "{\"id\":\"r-9\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,\"amount\":1}]}", 404));
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	/* The rest can be refunded (unknown keys are ignored); then nothing more. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/a1/refund", api_tok,
	    "{\"id\":\"r-10\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":2,\"amount\":2000}],"
	    "\"note\":\"caf\xc3\xa9\"}", 200));
	CU_ASSERT_EQUAL(progress("u"), 0);
	CU_ASSERT_EQUAL(progress("m"), 0);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/a1/refund", api_tok,
	    "{\"id\":\"r-11\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,\"amount\":0}]}", 422));
	/* A cancelled order cannot be refunded: 409. */
	CU_ASSERT_EQUAL(order("b1", "bob", 1, NULL), 201);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/b1/cancel", api_tok, NULL, 200));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/b1/refund", api_tok,
	    "{\"id\":\"r-12\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,\"amount\":1000}]}", 409));
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM refunds"), 2);
}

static void
test_grants_queue(void)
{
	struct fx_resp	 r;
	char		 path[160], next[32];
	int64_t		 g1, g2, gv;
	int		 i;

	api_stores();
	api_campaign("c", "units", 100);
	api_campaign("d", "units", 100);
	api_milestone("c", "{\"target\":1,\"title\":\"Pin\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\",\"gift_variant_id\":\"gold\"}");
	api_milestone("d", "{\"target\":1,\"title\":\"Dice\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-dice\"}");
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "o%d", i);
		snprintf(next, sizeof(next), "cust%d", i);
		CU_ASSERT_EQUAL(order(path, next, 1, NULL), 201);
	}
	/* 10 grants: c and d for each backer.  All, oldest first. */
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/grants", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 10);
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(r.json, "next_after")));
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.order_id"), "o0");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.campaign"), "c");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.backer"), "cust0");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.product_id"), "g-pin");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.variant_id"), "gold");
	CU_ASSERT_EQUAL(api_num(r.json, "grants.0.quantity"), 1);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.status"), "pending");
	CU_ASSERT_TRUE(strlen(api_str(r.json, "grants.0.created_at")) == 20);
	CU_ASSERT_TRUE(api_num(r.json, "grants.0.milestone_id") > 0);
	g1 = api_num(r.json, "grants.0.id");
	g2 = api_num(r.json, "grants.1.id");
	CU_ASSERT_TRUE(g1 < g2);
	fx_resp_free(&r);
	/* Paging: 4 + 4 + 2 with the cursor. */
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/grants?limit=4", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 4);
	snprintf(next, sizeof(next), "%s", api_str(r.json, "next_after"));
	/* The cursor is the last grant's queue position (commit order), not
	 * its id (issue 14). */
	CU_ASSERT_STRING_EQUAL(next, api_str(r.json, "grants.3.position"));
	CU_ASSERT_TRUE(atoll(api_str(r.json, "grants.0.position")) <
	    atoll(api_str(r.json, "grants.3.position")));
	fx_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/grants?limit=4&after=%s", next);
	CU_ASSERT_EQUAL(api_req("GET", path, api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 4);
	CU_ASSERT_TRUE(atoll(api_str(r.json, "grants.0.position")) > atoll(next));
	snprintf(next, sizeof(next), "%s", api_str(r.json, "next_after"));
	fx_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/grants?limit=4&after=%s", next);
	CU_ASSERT_EQUAL(api_req("GET", path, api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 2);
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(r.json, "next_after")));
	fx_resp_free(&r);
	/* By campaign. */
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/grants?campaign=d", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 5);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.4.campaign"), "d");
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/grants?campaign=nope", api_tok, NULL, 404));

	/* Fulfil: 200, again 200; it leaves the pending queue. */
	snprintf(path, sizeof(path), "/api/v1/grants/%lld/fulfill", (long long)g1);
	CU_ASSERT_EQUAL(api_req("POST", path, api_tok, NULL, &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "status"), "fulfilled");
	CU_ASSERT_EQUAL(api_num(r.json, "id"), g1);
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("POST", path, api_tok, NULL, 200));
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE status = 'fulfilled'"), 1);
	CU_ASSERT_TRUE(api_expect("POST", path, api_tok_other, NULL, 404));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/grants/999999/fulfill", api_tok, NULL, 404));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/grants/x1/fulfill", api_tok, NULL, 404));
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/grants?status=pending", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 9);
	CU_ASSERT_NOT_EQUAL(api_num(r.json, "grants.0.id"), g1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/grants?status=fulfilled", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 1);
	fx_resp_free(&r);
	/* A void grant cannot be fulfilled: 409. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/o4/cancel", api_tok, NULL, 200));
	gv = sql("SELECT MIN(id) FROM grants WHERE status = 'void'");
	snprintf(path, sizeof(path), "/api/v1/grants/%lld/fulfill", (long long)gv);
	CU_ASSERT_TRUE(api_expect("POST", path, api_tok, NULL, 409));
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/grants?status=void", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 2);
	fx_resp_free(&r);
	/* Bad parameters: 422; another store sees nothing. */
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/grants?status=done", api_tok, NULL, 422));
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/grants?limit=501", api_tok, NULL, 422));
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/grants?after=-3", api_tok, NULL, 422));
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/grants", api_tok_other, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 0);
	fx_resp_free(&r);
}

static void
test_products(void)
{
	struct fx_resp	 r;
	char		 before[512], after[512];

	api_stores();
	CU_ASSERT_EQUAL(api_req("PUT", "/api/v1/products/p-1", api_tok,
	    "{\"title\":\"Board game\",\"price\":4900,\"image_url\":\"https://example.com/g.png\","
	    "\"variants\":[{\"id\":\"v-std\",\"title\":\"Standard\"},{\"id\":\"v-dlx\"}]}", &r), 201);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "id"), "p-1");
	CU_ASSERT_EQUAL(api_num(r.json, "price"), 4900);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "variants.1.id"), "v-dlx");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("PUT", "/api/v1/products/p-1", api_tok,
	    "{\"title\":\"Board game 2\"}", &r), 200);
	CU_ASSERT_EQUAL(api_num(r.json, "price"), 0);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "variants")), 0);
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-2", api_tok,
	    "{\"title\":\"Expansion 50% off_\"}", 201));
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-2", api_tok_other,
	    "{\"title\":\"Theirs\"}", 201));
	/* Search: title contains, id prefix; wildcards are literal. */
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/products?q=game", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "products")), 1);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "products.0.title"), "Board game 2");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/products?q=p-", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "products")), 2);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/products?q=%25", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "products")), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/products", api_tok_other, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "products")), 1);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "products.0.title"), "Theirs");
	fx_resp_free(&r);
	/* Invalid products: 422, nothing changes. */
	api_db_state(before, sizeof(before));
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-3", api_tok, "{}", 422));
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-3", api_tok,
	    "{\"title\":\"X\",\"price\":-1}", 422));
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-3", api_tok,
	    "{\"title\":\"X\",\"price\":1000000000001}", 422));
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-3", api_tok,
	    "{\"title\":\"X\",\"price\":\"5\"}", 422));
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-3", api_tok,
	    "{\"title\":\"X\",\"image_url\":\"javascript:alert(1)\"}", 422));
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-3", api_tok,
	    "{\"title\":\"X\",\"variants\":[{\"title\":\"no id\"}]}", 422));
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-3", api_tok,
	    "{\"title\":\"a\\nb\"}", 422));
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/a%20b", api_tok,
	    "{\"title\":\"X\"}", 404));
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
}

/* Several processes post the same new order at once: it counts once. */
static void
test_concurrent_duplicates(void)
{
	const char	*body = "{\"id\":\"dup\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"ana\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":2,\"price\":100}]}";
	pid_t		 kids[8];
	int		 i, st, created = 0, repeated = 0;

	api_stores();
	api_campaign("c", "units", 100);
	api_milestone("c", "{\"target\":2,\"title\":\"Pin\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\"}");
	for (i = 0; i < 8; i++) {
		if ((kids[i] = fork()) == 0) {
			struct fx_resp	 r;
			int		 s = api_req("POST", "/api/v1/orders", api_tok,
			    body, &r);

			_exit(s == 201 ? 1 : s == 200 ? 2 : 3);
		}
		CU_ASSERT_TRUE_FATAL(kids[i] > 0);
	}
	for (i = 0; i < 8; i++) {
		CU_ASSERT_EQUAL(waitpid(kids[i], &st, 0), kids[i]);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
			created++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 2)
			repeated++;
	}
	CU_ASSERT_EQUAL(created, 1);
	CU_ASSERT_EQUAL(repeated, 7);
	CU_ASSERT_EQUAL(sql("SELECT units FROM campaigns"), 2);
	CU_ASSERT_EQUAL(sql("SELECT orders FROM campaigns"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaigns"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 1);
}

/*
 * Several processes post and cancel orders of overlapping backers in two
 * campaigns at once: the counters equal the sums of what is active, and
 * every backer with an active order holds exactly one live grant of each
 * reached scope-"all" milestone (no request fails).
 */
static void
test_concurrent_orders(void)
{
	pid_t		 kids[6];
	int		 i, st, ok = 1;

	api_stores();
	api_campaign("c", "units", 1000);
	api_campaign("d", "money", 1000000);
	api_milestone("c", "{\"target\":10,\"title\":\"A\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-a\"}");
	api_milestone("c", "{\"target\":40,\"title\":\"B\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-b\",\"scope\":\"new\"}");
	api_milestone("d", "{\"target\":20000,\"title\":\"C\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-c\"}");
	for (i = 0; i < 6; i++) {
		if ((kids[i] = fork()) == 0) {
			char	 body[512], path[128];
			int	 k, s, bad = 0;

			for (k = 0; k < 12; k++) {
				snprintf(body, sizeof(body), "{\"id\":\"o%d-%d\","
				    "\"placed_at\":\"2026-11-22T10:00:00Z\",\"currency\":\"USD\","
				    "\"customer\":{\"id\":\"b%d\"},\"line_items\":["
				    "{\"product_id\":\"p-%d\",\"quantity\":%d,\"price\":1000}]}",
				    i, k, (i * 12 + k) % 9, 1 + k % 2, 1 + (k % 3));
				s = api_order(body, NULL);
				bad |= s != 201;
				if (k % 4 == 3) {
					snprintf(path, sizeof(path),
					    "/api/v1/orders/o%d-%d/cancel", i, k - 2);
					bad |= !api_expect("POST", path, api_tok, NULL, 200);
				}
			}
			_exit(bad);
		}
		CU_ASSERT_TRUE_FATAL(kids[i] > 0);
	}
	for (i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(waitpid(kids[i], &st, 0), kids[i]);
		ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	CU_ASSERT_TRUE(ok);
	/* Counters equal the sums of the active contributions. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM campaigns c WHERE units <> "
	    "(SELECT COALESCE(SUM(units), 0) FROM order_campaigns WHERE campaign_id = c.id "
	    "AND active = 1) OR amount <> (SELECT COALESCE(SUM(amount), 0) FROM "
	    "order_campaigns WHERE campaign_id = c.id AND active = 1) OR orders <> "
	    "(SELECT COUNT(*) FROM order_campaigns WHERE campaign_id = c.id AND active = 1) "
	    "OR backers <> (SELECT COUNT(DISTINCT backer) FROM order_campaigns WHERE "
	    "campaign_id = c.id AND active = 1)"), 0);
	/* 72 orders, each counted in both campaigns. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaigns"), 6 * 12 * 2);
	/* The scope-all milestones are reached; each active backer holds one. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM milestones WHERE scope = 'all' "
	    "AND reached_at IS NULL"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM milestones m JOIN (SELECT DISTINCT "
	    "campaign_id, backer FROM order_campaigns WHERE active = 1) b "
	    "ON b.campaign_id = m.campaign_id WHERE m.scope = 'all' AND (SELECT COUNT(*) "
	    "FROM grants g WHERE g.milestone_id = m.id AND g.backer = b.backer "
	    "AND g.status <> 'void') <> 1"), 0);
	/* Live grants sit on active orders only. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants g JOIN orders o ON o.id = g.order_id "
	    "WHERE g.status <> 'void' AND o.status <> 'active'"), 0);
}

/*
 * Rule 8: cancelling an order never moves or voids a fulfilled grant (the
 * gift has shipped); it stays fulfilled and counts for rule 6.  Only a
 * pending grant moves.
 */
static void
test_cancel_keeps_fulfilled(void)
{
	struct fx_resp	 r;
	char		 path[128];
	int64_t		 g;

	api_stores();
	api_campaign("f", "units", 100);
	api_milestone("f", "{\"target\":1,\"title\":\"g\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g\",\"scope\":\"all\"}");
	CU_ASSERT_EQUAL(order("f-1", "alice", 1, NULL), 201);
	CU_ASSERT_EQUAL(order("f-2", "alice", 1, NULL), 201);
	g = sql("SELECT g.id FROM grants g JOIN orders o ON o.id = g.order_id "
	    "WHERE o.external_id = 'f-1'");
	CU_ASSERT_TRUE_FATAL(g > 0);
	snprintf(path, sizeof(path), "/api/v1/grants/%lld/fulfill", (long long)g);
	CU_ASSERT_TRUE(api_expect("POST", path, api_tok, NULL, 200));
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/f-1/cancel", api_tok, NULL,
	    &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 0);
	fx_resp_free(&r);
	/* The fulfilled grant stays, and no second gift is queued. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE status = 'fulfilled' "
	    "AND id = (SELECT MIN(id) FROM grants)"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE status = 'pending'"), 0);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/grants?status=pending", api_tok,
	    NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "grants")), 0);
	fx_resp_free(&r);
	/* Rule 6: alice's next order gets no second grant. */
	CU_ASSERT_EQUAL(order("f-3", "alice", 1, &r), 201);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts")), 0);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 1);
	/* A pending grant still moves (bob's, from b-1 to b-2). */
	CU_ASSERT_EQUAL(order("b-1", "bob", 1, NULL), 201);
	CU_ASSERT_EQUAL(order("b-2", "bob", 1, NULL), 201);
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/b-1/cancel", api_tok, NULL,
	    &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.status"), "moved");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "grants.0.moved_to.order_id"), "b-2");
	fx_resp_free(&r);
}

/* A product search with non-ASCII text: 200 (was 500, collations). */
static void
test_products_search_non_ascii(void)
{
	struct fx_resp	 r;

	api_stores();
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-1", api_tok,
	    "{\"title\":\"Caf\xc3\xa9 cr\xc3\xa8me\"}", 201));
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-2", api_tok,
	    "{\"title\":\"Tea\"}", 201));
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/products?q=caf%C3%A9", api_tok,
	    NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "products")), 1);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "products.0.id"), "p-1");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/products?q=%E2%80%A6", api_tok,
	    NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "products")), 0);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/products?q=%CA%BC%20OR%201%3D1",
	    api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "products")), 0);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/products?q=%E3%82%B2", api_tok,
	    NULL, &r), 200);
	fx_resp_free(&r);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "count_and_idempotency", test_count_and_idempotency },
		{ "window_and_status", test_window_and_status },
		{ "scope_all_retroactive", test_scope_all_retroactive },
		{ "scope_new", test_scope_new },
		{ "reach_on_save_and_rule9", test_reach_on_save_and_rule9 },
		{ "cancel", test_cancel },
		{ "refund", test_refund },
		{ "grants_queue", test_grants_queue },
		{ "products", test_products },
		{ "concurrent_duplicates", test_concurrent_duplicates },
		{ "concurrent_orders", test_concurrent_orders },
		{ "cancel_keeps_fulfilled", test_cancel_keeps_fulfilled },
		{ "products_search_non_ascii", test_products_search_non_ascii },
		{ NULL, NULL }
	};
	static const struct fx_opts opts = { 4, NULL };

	return fx_run("api_orders", cases, &opts, 1);
}
