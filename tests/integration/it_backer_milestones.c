/*
 * it_backer_milestones.c — milestones whose target counts backers (SPEC
 * Milestones rules 10 and 11) through the pipeline API, with the database
 * checked after each step: one new backer's order reaching a backers and a
 * progress milestone at once, repeat backers, cancels (latched), scope
 * all fan-out, reach on save by the backer count, rule 9 for the metric,
 * validation and per-metric target uniqueness.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "it_api_util.h"

#define FX	fx_current

/* An order of qty x p-1 at price 1000 by customer cust. */
static int
order(const char *id, const char *cust, int qty, struct fx_resp *r)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"id\":\"%s\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"%s\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":%d,\"price\":1000}]}", id, cust, qty);
	return api_order(body, r);
}

static int64_t
sql(const char *q)
{
	return fx_sql_i64(FX, q);
}

/* Poll (bounded) until query q answers want; returns 1 when it did. */
struct wait_arg {
	const char	*q;
	int64_t		 want;
};

static int
wait_fn(void *arg)
{
	const struct wait_arg	*w = arg;

	return fx_sql_i64(FX, w->q) == w->want;
}

static int
wait_i64(const char *q, int64_t want)
{
	struct wait_arg	 w = { q, want };

	return fx_wait(10000, wait_fn, &w) != 0;
}

static int
nitems(const cJSON *o, const char *path)
{
	const cJSON	*a = o;
	char		 buf[128], *p, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = strtok_r(buf, ".", &save); p != NULL && a != NULL;
	    p = strtok_r(NULL, ".", &save))
		a = cJSON_IsArray(a) ? cJSON_GetArrayItem(a, atoi(p)) :
		    cJSON_GetObjectItemCaseSensitive(a, p);
	return cJSON_IsArray(a) ? cJSON_GetArraySize(a) : -1;
}

/* Is milestone id reached (reached_at set)? */
static int64_t
reached(int64_t id)
{
	char	 q[128];

	snprintf(q, sizeof(q), "SELECT reached_at IS NOT NULL FROM milestones "
	    "WHERE id = %lld", (long long)id);
	return sql(q);
}

/* Does array arr hold an object whose key is v? */
static int
has_num(const cJSON *arr, const char *key, int64_t v)
{
	const cJSON	*it;

	cJSON_ArrayForEach(it, arr)
		if (api_num(it, key) == v)
			return 1;
	return 0;
}

/*
 * Rule 11: a new backer's order moves progress and the backer count in one
 * step, reaches a milestone of each, and its response lists both and both
 * gifts.  A repeat backer does not move the count.  A cancel of a backer's
 * last order lowers it and un-reaches nothing.
 */
static void
test_new_backer_reaches_both(void)
{
	struct fx_resp	 r;
	const cJSON	*arr;
	int64_t		 mp, mb, mb3, mb4;

	api_stores();
	api_campaign("c", "units", 100);
	mp = api_milestone("c", "{\"target\":3,\"title\":\"Three units\","
	    "\"reward\":\"gift\",\"gift_product_id\":\"g-p\",\"scope\":\"new\"}");
	mb = api_milestone("c", "{\"metric\":\"backers\",\"target\":2,"
	    "\"title\":\"Two backers\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-b\",\"scope\":\"new\"}");
	mb3 = api_milestone("c", "{\"metric\":\"backers\",\"target\":3,"
	    "\"title\":\"Three backers\",\"after_text\":\"Three!\"}");
	mb4 = api_milestone("c", "{\"metric\":\"backers\",\"target\":4,"
	    "\"title\":\"Four backers\"}");
	CU_ASSERT_FALSE(reached(mp) || reached(mb) || reached(mb3));

	/* Ana: progress 1, 1 backer; nothing. */
	CU_ASSERT_EQUAL(order("a1", "ana", 1, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 1);
	CU_ASSERT_EQUAL(nitems(r.json, "campaigns.0.reached"), 0);
	fx_resp_free(&r);
	/* Bob, new: progress 1 -> 3 and backers 1 -> 2 in one order. */
	CU_ASSERT_EQUAL(order("b1", "bob", 2, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.progress"), 3);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 2);
	CU_ASSERT_EQUAL(nitems(r.json, "campaigns.0.reached"), 2);
	arr = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(r.json, "campaigns"), 0), "reached");
	CU_ASSERT_TRUE(has_num(arr, "milestone_id", mp));
	CU_ASSERT_TRUE(has_num(arr, "milestone_id", mb));
	/* Both scope-new gifts go to the reaching order (rule 4). */
	CU_ASSERT_EQUAL(nitems(r.json, "gifts"), 2);
	arr = cJSON_GetObjectItemCaseSensitive(r.json, "gifts");
	CU_ASSERT_TRUE(has_num(arr, "milestone_id", mp));
	CU_ASSERT_TRUE(has_num(arr, "milestone_id", mb));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(reached(mp) && reached(mb));
	CU_ASSERT_FALSE(reached(mb3));
	/* One serial step: both reaches carry the order's moment. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(DISTINCT reached_seq) FROM milestones "
	    "WHERE reached_at IS NOT NULL"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM milestones m JOIN orders o ON "
	    "o.id = m.reached_order_id WHERE o.external_id = 'b1'"), 2);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants g JOIN orders o ON "
	    "o.id = g.order_id WHERE o.external_id = 'b1'"), 2);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE backer = 'ana'"), 0);

	/* Ana again: a repeat backer does not move the count (2 stays 2). */
	CU_ASSERT_EQUAL(order("a2", "ana", 1, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 2);
	CU_ASSERT_EQUAL(nitems(r.json, "campaigns.0.reached"), 0);
	/* Counted after both reaches: qualifies for both scope-new gifts. */
	CU_ASSERT_EQUAL(nitems(r.json, "gifts"), 2);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns"), 2);
	CU_ASSERT_FALSE(reached(mb3));

	/* Carl: the third backer reaches "three backers" only. */
	CU_ASSERT_EQUAL(order("c1", "carl", 1, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 3);
	CU_ASSERT_EQUAL(nitems(r.json, "campaigns.0.reached"), 1);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.reached.0.milestone_id"), mb3);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.reached.0.target"), 3);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "campaigns.0.reached.0.metric"),
	    "backers");
	fx_resp_free(&r);

	/* Carl cancels his last order: 3 -> 2 backers, still reached. */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/c1/cancel", api_tok,
	    NULL, &r), 200);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 2);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns"), 2);
	CU_ASSERT_TRUE(reached(mb3));
	/* Dan takes it back to 3: nothing is reached a second time. */
	CU_ASSERT_EQUAL(order("d1", "dan", 1, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 3);
	CU_ASSERT_EQUAL(nitems(r.json, "campaigns.0.reached"), 0);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM milestones m JOIN orders o ON "
	    "o.id = m.reached_order_id WHERE o.external_id = 'c1'"), 1);
	CU_ASSERT_FALSE(reached(mb4));
	/* A cancelling backer who still has an order stays counted. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/a1/cancel", api_tok,
	    NULL, 200));
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns"), 3);
	/* Carl backs again: a new backer once more, 3 -> 4. */
	CU_ASSERT_EQUAL(order("c2", "carl", 1, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.backers"), 4);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.reached.0.milestone_id"), mb4);
	fx_resp_free(&r);
}

/* Rule 5 on a backers milestone: everyone with an active order, at once. */
static void
test_scope_all_fanout(void)
{
	struct fx_resp	 r;
	int64_t		 m;

	api_stores();
	api_campaign("c", "units", 100);
	m = api_milestone("c", "{\"metric\":\"backers\",\"target\":3,"
	    "\"title\":\"Pins for all\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\",\"scope\":\"all\"}");
	CU_ASSERT_EQUAL(order("a1", "ana", 5, NULL), 201);
	CU_ASSERT_EQUAL(order("a2", "ana", 5, NULL), 201);
	CU_ASSERT_EQUAL(order("d1", "dan", 1, NULL), 201);
	/* Dan leaves (2 -> 1 backers), then Bob comes with two orders. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/d1/cancel", api_tok,
	    NULL, 200));
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns"), 1);
	CU_ASSERT_EQUAL(order("b1", "bob", 1, NULL), 201);
	CU_ASSERT_EQUAL(order("b2", "bob", 1, NULL), 201);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns"), 2);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 0);
	CU_ASSERT_FALSE(reached(m));
	/* Carl is the third backer. */
	CU_ASSERT_EQUAL(order("c1", "carl", 1, &r), 201);
	CU_ASSERT_EQUAL(api_num(r.json, "campaigns.0.reached.0.milestone_id"), m);
	CU_ASSERT_EQUAL(nitems(r.json, "gifts"), 1);
	CU_ASSERT_EQUAL(api_num(r.json, "gifts.0.milestone_id"), m);
	fx_resp_free(&r);
	/* The fan-out (rule 5) may finish after the answer: wait, bounded. */
	CU_ASSERT_TRUE(wait_i64("SELECT COUNT(*) FROM grants WHERE "
	    "status = 'pending'", 3));
	/* Ana's and Bob's on their earliest orders, Carl's on his. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants g JOIN orders o ON "
	    "o.id = g.order_id WHERE (g.backer, o.external_id) IN "
	    "(('ana','a1'),('bob','b1'),('carl','c1'))"), 3);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants WHERE backer = 'dan'"), 0);
	/* Later orders qualify, once per backer (rule 6). */
	CU_ASSERT_EQUAL(order("e1", "eve", 1, &r), 201);
	CU_ASSERT_EQUAL(nitems(r.json, "gifts"), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(order("a3", "ana", 1, &r), 201);
	CU_ASSERT_EQUAL(nitems(r.json, "gifts"), 0);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), 4);
}

/*
 * Rule 1's second sentence by the backer count, rule 9 for the metric,
 * validation (422, nothing changes) and targets unique per metric.
 */
static void
test_save_rule9_validation(void)
{
	struct fx_resp	 r;
	char		 path[128], before[512], after[512];
	int64_t		 m5, m2, mp5, mx;

	api_stores();
	api_campaign("c", "units", 100);
	CU_ASSERT_EQUAL(order("a1", "ana", 10, NULL), 201);
	CU_ASSERT_EQUAL(order("b1", "bob", 10, NULL), 201);
	/* 20 units, 2 backers: a backers target of 5 is not met. */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns/c/milestones", api_tok,
	    "{\"metric\":\"backers\",\"target\":5,\"title\":\"Five\"}", &r), 201);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "metric"), "backers");
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItem(r.json, "reached")));
	m5 = api_num(r.json, "id");
	fx_resp_free(&r);
	/* A backers target of 2 is met at save; scope all grants both. */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns/c/milestones", api_tok,
	    "{\"metric\":\"backers\",\"target\":2,\"title\":\"Two\","
	    "\"reward\":\"gift\",\"gift_product_id\":\"g-2\"}", &r), 201);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "reached")));
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(r.json,
	    "reached_order_id")));
	m2 = api_num(r.json, "id");
	fx_resp_free(&r);
	CU_ASSERT_TRUE(wait_i64("SELECT COUNT(*) FROM grants", 2));
	/* Default metric: progress, in the JSON too. */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns/c/milestones", api_tok,
	    "{\"target\":5,\"title\":\"Five units\"}", &r), 201);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "metric"), "progress");
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "reached")));
	mp5 = api_num(r.json, "id");
	fx_resp_free(&r);
	/* The same target twice in one metric: 409 as before. */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns/c/milestones", api_tok,
	    "{\"metric\":\"backers\",\"target\":5,\"title\":\"Again\"}", &r), 409);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "target");
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns/c/milestones",
	    api_tok, "{\"metric\":\"progress\",\"target\":5,\"title\":\"Again\"}",
	    409));
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM milestones WHERE target = 5"), 2);

	/* The campaign lists both metrics. */
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns/c", api_tok, NULL, &r),
	    200);
	CU_ASSERT_EQUAL(nitems(r.json, "milestones"), 3);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "milestones.0.metric"), "progress");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "milestones.1.metric"), "backers");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "milestones.2.metric"), "backers");
	fx_resp_free(&r);

	/* 422: a metric that does not exist, not a string, null; nothing changes. */
	api_db_state(before, sizeof(before));
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns/c/milestones", api_tok,
	    "{\"metric\":\"orders\",\"target\":9,\"title\":\"X\"}", &r), 422);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "metric");
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns/c/milestones",
	    api_tok, "{\"metric\":1,\"target\":9,\"title\":\"X\"}", 422));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns/c/milestones",
	    api_tok, "{\"metric\":\"\",\"target\":9,\"title\":\"X\"}", 422));
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld",
	    (long long)m5);
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok, "{\"metric\":null}", 422));
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok,
	    "{\"metric\":\"BACKERS\"}", 422));
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);

	/* Rule 9: a reached milestone's metric is frozen; the same value is no change. */
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld",
	    (long long)m2);
	CU_ASSERT_EQUAL(api_req("PATCH", path, api_tok,
	    "{\"metric\":\"progress\"}", &r), 409);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "metric");
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok,
	    "{\"metric\":\"backers\",\"title\":\"Two!\"}", 200));
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld",
	    (long long)mp5);
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok,
	    "{\"metric\":\"backers\"}", 409));
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM milestones WHERE metric = "
	    "'backers'"), 2);

	/* An unreached one may change metric; into a taken target: 409. */
	mx = api_milestone("c", "{\"target\":50,\"title\":\"Fifty units\"}");
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld",
	    (long long)mx);
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok,
	    "{\"metric\":\"backers\",\"target\":5}", 409));
	/* Edited to a backers target the count meets: reached by the edit. */
	CU_ASSERT_EQUAL(api_req("PATCH", path, api_tok,
	    "{\"metric\":\"backers\",\"target\":1}", &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "metric"), "backers");
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "reached")));
	fx_resp_free(&r);
	/* And the unmet backers 5 edited to progress 20 (met): reached. */
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld",
	    (long long)m5);
	CU_ASSERT_EQUAL(api_req("PATCH", path, api_tok,
	    "{\"metric\":\"progress\",\"target\":20}", &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(r.json, "reached")));
	fx_resp_free(&r);
}

/* Occurrences of needle in hay. */
static int
count_of(const char *hay, const char *needle)
{
	int	 n = 0;

	while (hay != NULL && (hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/*
 * The public JSON and the widget: backers milestones are listed with the
 * others, each with what remains in backers, not drawn on the bar; a
 * secret one shows only its target until reached (rule 3).
 */
static void
test_public_widget(void)
{
	struct fx_resp	 r;
	const cJSON	*ms, *m;
	int64_t		 mb, ms3;

	api_stores();
	api_campaign("c", "units", 100);
	api_milestone("c", "{\"target\":50,\"title\":\"Fifty units\"}");
	mb = api_milestone("c", "{\"metric\":\"backers\",\"target\":4,"
	    "\"title\":\"Four backers\",\"before_text\":\"Bring friends\","
	    "\"after_text\":\"Four of us!\"}");
	ms3 = api_milestone("c", "{\"metric\":\"backers\",\"target\":3,"
	    "\"title\":\"Hidden three\",\"secret\":true,"
	    "\"after_text\":\"Secret text\"}");
	CU_ASSERT_EQUAL(order("a1", "ana", 30, NULL), 201);
	CU_ASSERT_EQUAL(order("b1", "bob", 1, NULL), 201);

	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/api/v1/public/acme/c", NULL,
	    NULL, 0, &r), 200);
	ms = cJSON_GetObjectItemCaseSensitive(r.json, "milestones");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(ms), 3);
	/* Progress ones first, then backers ones by target. */
	m = cJSON_GetArrayItem(ms, 0);
	CU_ASSERT_STRING_EQUAL(api_str(m, "metric"), "progress");
	CU_ASSERT_EQUAL(api_num(m, "remaining"), 19);
	m = cJSON_GetArrayItem(ms, 1);
	CU_ASSERT_EQUAL(api_num(m, "id"), ms3);
	CU_ASSERT_STRING_EQUAL(api_str(m, "metric"), "backers");
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(m, "title")));
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(m, "text")));
	CU_ASSERT_EQUAL(api_num(m, "remaining"), 1);
	CU_ASSERT_STRING_EQUAL(api_str(m, "display.remaining"), "1 backer");
	m = cJSON_GetArrayItem(ms, 2);
	CU_ASSERT_EQUAL(api_num(m, "id"), mb);
	CU_ASSERT_EQUAL(api_num(m, "remaining"), 2);
	CU_ASSERT_STRING_EQUAL(api_str(m, "display.target"), "4 backers");
	CU_ASSERT_STRING_EQUAL(api_str(m, "display.remaining"), "2 backers");
	CU_ASSERT_STRING_EQUAL(api_str(m, "text"), "Bring friends");
	CU_ASSERT_PTR_NULL(strstr(r.body, "Secret text"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "Hidden three"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "Four of us!"));
	fx_resp_free(&r);

	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/acme/c", NULL, NULL, 0,
	    &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "2 backers to go"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "1 backer to go"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Revealed when the campaign "
	    "reaches 3 backers."));
	CU_ASSERT_PTR_NULL(strstr(r.body, "Hidden three"));
	/* One marker: the progress milestone's; three listed. */
	CU_ASSERT_EQUAL(count_of(r.body, "class=\"sg-bar-marker"), 1);
	CU_ASSERT_EQUAL(count_of(r.body, "data-milestone="), 3);
	CU_ASSERT_EQUAL(count_of(r.body, "sg-ms-backers"), 2);
	fx_resp_free(&r);

	/* Cat is the third backer: the secret one shows, still no marker. */
	CU_ASSERT_EQUAL(order("c1", "cat", 1, NULL), 201);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/acme/c", NULL, NULL, 0,
	    &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Hidden three"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Secret text"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "1 backer to go"));
	CU_ASSERT_EQUAL(count_of(r.body, "class=\"sg-bar-marker"), 1);
	fx_resp_free(&r);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "new_backer_reaches_both", test_new_backer_reaches_both },
		{ "scope_all_fanout", test_scope_all_fanout },
		{ "save_rule9_validation", test_save_rule9_validation },
		{ "public_widget", test_public_widget },
		{ NULL, NULL }
	};
	static const struct fx_opts opts = { 4, NULL };

	return fx_run("backer_milestones", cases, &opts, 1);
}
