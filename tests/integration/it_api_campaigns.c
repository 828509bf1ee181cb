/*
 * it_api_campaigns.c — authentication, campaigns and milestones over the
 * pipeline API, through nginx against MariaDB.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "it_api_util.h"

#define FX	fx_current

static void
test_auth(void)
{
	struct fx_resp	 r;
	char		 before[512], after[512], bad[160], h[128];

	api_stores();
	api_db_state(before, sizeof(before));
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns", NULL, NULL, &r), 401);
	CU_ASSERT_STRING_EQUAL(api_err_code(&r), "unauthorized");
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "WWW-Authenticate", h, sizeof(h)));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns", "nonsense", NULL, 401));
	/* Right shape, wrong secret. */
	snprintf(bad, sizeof(bad), "%s", api_tok);
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == 'A' ? 'B' : 'A';
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns", bad, NULL, 401));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns", bad,
	    "{\"slug\":\"x\",\"title\":\"X\",\"goal_kind\":\"units\",\"goal\":5}", 401));
	/* A revoked token stops working. */
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns", api_tok_other, NULL, 200));
	fx_sql(FX, "UPDATE api_tokens SET revoked_at = UTC_TIMESTAMP(6) "
	    "WHERE store_id = (SELECT id FROM stores WHERE handle = 'other')");
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns", api_tok_other, NULL, 401));
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	/* Every endpoint asks for the token first. */
	{
		static const char *const routes[][3] = {
			{ "POST", "/api/v1/orders", "{}" },
			{ "POST", "/api/v1/orders/1/cancel", NULL },
			{ "POST", "/api/v1/orders/1/refund", "{}" },
			{ "GET", "/api/v1/grants", NULL },
			{ "POST", "/api/v1/grants/1/fulfill", NULL },
			{ "PUT", "/api/v1/products/p-1", "{\"title\":\"X\"}" },
			{ "GET", "/api/v1/products?q=x", NULL },
			{ "POST", "/api/v1/campaigns", "{}" },
			{ "GET", "/api/v1/campaigns", NULL },
			{ "GET", "/api/v1/campaigns/c", NULL },
			{ "PATCH", "/api/v1/campaigns/c", "{}" },
			{ "DELETE", "/api/v1/campaigns/c", NULL },
			{ "POST", "/api/v1/campaigns/c/milestones", "{}" },
			{ "PATCH", "/api/v1/campaigns/c/milestones/1", "{}" },
			{ "DELETE", "/api/v1/campaigns/c/milestones/1", NULL },
		};
		size_t	 i;

		for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
			CU_ASSERT_TRUE(api_expect(routes[i][0], routes[i][1], NULL,
			    routes[i][2], 401));
			CU_ASSERT_TRUE(api_expect(routes[i][0], routes[i][1], bad,
			    routes[i][2], 401));
		}
	}
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	/* Other schemes are not accepted. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/api/v1/campaigns",
	    "Authorization: Basic dXNlcjpwdw==\r\n", NULL, 0, &r), 401);
	fx_resp_free(&r);
}

static void
test_campaign_crud(void)
{
	struct fx_resp	 r;
	const cJSON	*ms;

	api_stores();
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns", api_tok,
	    "{\"slug\":\"board-game\",\"title\":\"Board game\",\"description\":\"Line 1\\nLine 2\","
	    "\"goal_kind\":\"money\",\"goal\":100000,\"product_ids\":[\"p-1\",\"p-2\"],"
	    "\"starts_at\":\"2026-11-01T00:00:00Z\",\"ends_at\":\"2026-12-31T00:00:00+01:00\"}",
	    &r), 201);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "slug"), "board-game");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "store"), "acme");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "status"), "draft");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "goal_kind"), "money");
	CU_ASSERT_EQUAL(api_num(r.json, "goal"), 100000);
	CU_ASSERT_EQUAL(api_num(r.json, "progress"), 0);
	CU_ASSERT_EQUAL(api_num(r.json, "backers"), 0);
	CU_ASSERT_EQUAL(api_num(r.json, "orders"), 0);
	CU_ASSERT_EQUAL(api_num(r.json, "units"), 0);
	CU_ASSERT_EQUAL(api_num(r.json, "amount"), 0);
	CU_ASSERT_TRUE(api_num(r.json, "version") >= 1);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "starts_at"), "2026-11-01T00:00:00Z");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "ends_at"), "2026-12-30T23:00:00Z");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "product_ids.1"), "p-2");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "description"), "Line 1\nLine 2");
	CU_ASSERT_TRUE(cJSON_IsArray(cJSON_GetObjectItem(r.json, "milestones")));
	fx_resp_free(&r);

	/* The same slug again: 409, nothing added. */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns", api_tok,
	    "{\"slug\":\"board-game\",\"title\":\"Again\",\"goal_kind\":\"units\",\"goal\":5}",
	    &r), 409);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "slug");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns"), 1);
	/* Another store may use the same slug: slugs are per store. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns", api_tok_other,
	    "{\"slug\":\"board-game\",\"title\":\"Theirs\",\"goal_kind\":\"units\",\"goal\":5}",
	    201));

	/* Each store sees its own. */
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns/board-game", api_tok, NULL, &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "title"), "Board game");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns/board-game", api_tok_other,
	    NULL, &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "title"), "Theirs");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "store"), "other");
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns/nope", api_tok, NULL, 404));
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns/NOT_A_SLUG", api_tok, NULL, 404));

	/* Patch: only given fields change; version grows. */
	CU_ASSERT_EQUAL(api_req("PATCH", "/api/v1/campaigns/board-game", api_tok,
	    "{\"title\":\"Board game 2\",\"status\":\"live\",\"ends_at\":null}", &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "title"), "Board game 2");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "status"), "live");
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(r.json, "ends_at")));
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "description"), "Line 1\nLine 2");
	CU_ASSERT_TRUE(api_num(r.json, "version") >= 2);
	fx_resp_free(&r);
	/* starts_at after ends_at once merged: 422. */
	CU_ASSERT_EQUAL(api_req("PATCH", "/api/v1/campaigns/board-game", api_tok,
	    "{\"ends_at\":\"2026-10-01T00:00:00Z\"}", &r), 422);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "ends_at");
	fx_resp_free(&r);
	/* Renaming onto a taken slug: 409. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns", api_tok,
	    "{\"slug\":\"second\",\"title\":\"Second\",\"goal_kind\":\"units\",\"goal\":5}", 201));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/second", api_tok,
	    "{\"slug\":\"board-game\"}", 409));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/second", api_tok,
	    "{\"slug\":\"third\",\"product_ids\":[\"p-9\"]}", 200));
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaign_products cp JOIN "
	    "campaigns c ON c.id = cp.campaign_id WHERE c.slug = 'third' "
	    "AND cp.product_id = 'p-9'"), 1);

	/* List: by slug, with a cursor. */
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns?limit=1", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "campaigns")), 1);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "campaigns.0.slug"), "board-game");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "next_after"), "board-game");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns?limit=1&after=board-game",
	    api_tok, NULL, &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "campaigns.0.slug"), "third");
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(r.json, "next_after")));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns?limit=0", api_tok, NULL, 422));
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns?limit=abc", api_tok, NULL, 422));

	/* Milestones come with the campaign, by target. */
	api_milestone("board-game", "{\"target\":5000,\"title\":\"Pins\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-1\",\"after_text\":\"Pins!\"}");
	api_milestone("board-game", "{\"target\":2000,\"title\":\"Reveal\"}");
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns/board-game", api_tok, NULL, &r), 200);
	ms = cJSON_GetObjectItem(r.json, "milestones");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(ms), 2);
	CU_ASSERT_EQUAL(api_num(ms, "0.target"), 2000);
	CU_ASSERT_EQUAL(api_num(ms, "1.target"), 5000);
	CU_ASSERT_STRING_EQUAL(api_str(ms, "1.reward"), "gift");
	CU_ASSERT_STRING_EQUAL(api_str(ms, "1.scope"), "all");
	CU_ASSERT_STRING_EQUAL(api_str(ms, "1.gift_product_id"), "g-1");
	CU_ASSERT_EQUAL(api_num(ms, "1.gift_quantity"), 1);
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(ms, 1), "reached")));
	fx_resp_free(&r);

	/* Another store cannot touch it: 404, nothing changes. */
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/third", api_tok_other,
	    "{\"title\":\"Mine\"}", 404));
	CU_ASSERT_TRUE(api_expect("DELETE", "/api/v1/campaigns/third", api_tok_other, NULL, 404));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns/third/milestones", api_tok_other,
	    "{\"target\":3,\"title\":\"M\"}", 404));
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns WHERE slug = 'third' "
	    "AND title = 'Second'"), 1);

	/* Delete: 204, then 404; milestones go with it. */
	CU_ASSERT_TRUE(api_expect("DELETE", "/api/v1/campaigns/board-game", api_tok, NULL, 204));
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns/board-game", api_tok, NULL, 404));
	CU_ASSERT_TRUE(api_expect("DELETE", "/api/v1/campaigns/board-game", api_tok, NULL, 404));
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones"), 0);
	/* The other store's campaign of the same slug is still there. */
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns/board-game", api_tok_other, NULL, 200));
}

static void
test_milestone_crud(void)
{
	struct fx_resp	 r;
	char		 path[128], before[512], after[512];
	int64_t		 id, id2;

	api_stores();
	api_campaign("c1", "units", 100);
	id = api_milestone("c1", "{\"target\":10,\"title\":\"Ten\",\"before_text\":\"soon\","
	    "\"after_text\":\"now\",\"reward\":\"gift\",\"gift_product_id\":\"g-1\","
	    "\"gift_variant_id\":\"v-1\",\"gift_quantity\":2,\"scope\":\"new\"}");
	CU_ASSERT_TRUE(id > 0);
	id2 = api_milestone("c1", "{\"target\":20,\"title\":\"Twenty\"}");

	/* Same target: 409. */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns/c1/milestones", api_tok,
	    "{\"target\":10,\"title\":\"Dup\"}", &r), 409);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "target");
	fx_resp_free(&r);
	/* Unknown campaign: 404. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns/zz/milestones", api_tok,
	    "{\"target\":10,\"title\":\"X\"}", 404));
	/* A gift without a product: 422. */
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns/c1/milestones", api_tok,
	    "{\"target\":30,\"title\":\"X\",\"reward\":\"gift\"}", &r), 422);
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "gift_product_id");
	fx_resp_free(&r);

	/* Patch (not reached: anything may change). */
	snprintf(path, sizeof(path), "/api/v1/campaigns/c1/milestones/%lld", (long long)id);
	CU_ASSERT_EQUAL(api_req("PATCH", path, api_tok,
	    "{\"target\":15,\"title\":\"Fifteen\",\"scope\":\"all\"}", &r), 200);
	CU_ASSERT_EQUAL(api_num(r.json, "target"), 15);
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "title"), "Fifteen");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "scope"), "all");
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "gift_variant_id"), "v-1");
	CU_ASSERT_EQUAL(api_num(r.json, "gift_quantity"), 2);
	fx_resp_free(&r);
	/* Gift -> reveal clears the gift fields. */
	CU_ASSERT_EQUAL(api_req("PATCH", path, api_tok, "{\"reward\":\"reveal\"}", &r), 200);
	CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(r.json, "gift_product_id")));
	fx_resp_free(&r);
	/* Onto another milestone's target: 409. */
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok, "{\"target\":20}", 409));
	/* Another store: 404; bad ids: 404. */
	api_db_state(before, sizeof(before));
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok_other, "{\"title\":\"X\"}", 404));
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok_other, NULL, 404));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c1/milestones/abc", api_tok,
	    "{\"title\":\"X\"}", 404));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c1/milestones/999999", api_tok,
	    "{\"title\":\"X\"}", 404));
	CU_ASSERT_TRUE(api_expect("DELETE", "/api/v1/campaigns/c1/milestones/-1", api_tok,
	    NULL, 404));
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	/* A milestone of another campaign of the same store is not under c1. */
	api_campaign("c2", "units", 100);
	snprintf(path, sizeof(path), "/api/v1/campaigns/c2/milestones/%lld", (long long)id2);
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok, NULL, 404));
	snprintf(path, sizeof(path), "/api/v1/campaigns/c1/milestones/%lld", (long long)id2);
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok, NULL, 204));
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok, NULL, 404));
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones"), 1);
}

/*
 * The status rule: a campaign only moves forward (draft -> live -> ended),
 * through the API as through the admin.  A move back is 409 ("status")
 * and changes nothing; the stored status again is not a move.
 */
static void
test_status_forward_only(void)
{
	char		 before[512], after[512];
	struct fx_resp	 r;
	static const char *const back[] = {
		"{\"status\":\"live\"}", "{\"status\":\"draft\"}",
		"{\"status\":\"draft\",\"title\":\"Renamed\"}",
	};
	size_t		 i;

	api_stores();
	api_campaign("fwd", "units", 10);
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/fwd", api_tok,
	    "{\"status\":\"live\"}", 200));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/fwd", api_tok,
	    "{\"status\":\"ended\"}", 200));
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns "
	    "WHERE slug = 'fwd' AND status = 'ended'"), 1);
	api_db_state(before, sizeof(before));
	for (i = 0; i < sizeof(back) / sizeof(back[0]); i++) {
		CU_ASSERT_EQUAL(api_req("PATCH", "/api/v1/campaigns/fwd", api_tok,
		    back[i], &r), 409);
		CU_ASSERT_STRING_EQUAL(api_err_code(&r), "conflict");
		CU_ASSERT_STRING_EQUAL(api_err_field(&r), "status");
		fx_resp_free(&r);
	}
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns "
	    "WHERE slug = 'fwd' AND status = 'ended' AND title <> 'Renamed'"), 1);
	/* The stored status again is not a move; other fields still change. */
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/fwd", api_tok,
	    "{\"status\":\"ended\",\"title\":\"Renamed\"}", 200));
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns "
	    "WHERE slug = 'fwd' AND status = 'ended' AND title = 'Renamed'"), 1);
	/* draft -> ended skips live, forward. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns", api_tok,
	    "{\"slug\":\"fwd2\",\"title\":\"T\",\"goal_kind\":\"units\","
	    "\"goal\":5}", 201));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/fwd2", api_tok,
	    "{\"status\":\"ended\"}", 200));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/fwd2", api_tok,
	    "{\"status\":\"live\"}", 409));
}

/* The campaign's version through the API. */
static int64_t
version(const char *slug)
{
	struct fx_resp	 r;
	char		 path[128];
	int64_t		 v;

	snprintf(path, sizeof(path), "/api/v1/campaigns/%s", slug);
	CU_ASSERT_EQUAL(api_req("GET", path, api_tok, NULL, &r), 200);
	v = api_num(r.json, "version");
	fx_resp_free(&r);
	return v;
}

/* A PATCH that changes nothing keeps the version (and every ETag). */
static void
test_noop_patch_keeps_version(void)
{
	char	 path[128];
	int64_t	 v, m;

	api_stores();
	api_campaign("c", "units", 100);
	m = api_milestone("c", "{\"target\":5,\"title\":\"Pin\","
	    "\"before_text\":\"soon\"}");
	v = version("c");
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok, "{}", 200));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok,
	    "{\"unknown\":1}", 200));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok,
	    "{\"title\":\"T c\",\"goal\":100,\"status\":\"live\"}", 200));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok,
	    "{\"product_ids\":[\"p-2\",\"p-1\"]}", 200));
	CU_ASSERT_EQUAL(version("c"), v);
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld",
	    (long long)m);
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok, "{}", 200));
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok,
	    "{\"title\":\"Pin\",\"target\":5,\"before_text\":\"soon\"}", 200));
	CU_ASSERT_EQUAL(version("c"), v);
	/* A real change still bumps it, once per change. */
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok,
	    "{\"title\":\"New\"}", 200));
	CU_ASSERT_EQUAL(version("c"), v + 1);
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok,
	    "{\"product_ids\":[\"p-1\"]}", 200));
	CU_ASSERT_EQUAL(version("c"), v + 2);
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok,
	    "{\"before_text\":\"later\"}", 200));
	CU_ASSERT_EQUAL(version("c"), v + 3);
}

/* Does text hold needle? (print the text when not) */
static int
has(const char *text, const char *needle)
{
	if (text != NULL && strstr(text, needle) != NULL)
		return 1;
	fprintf(stderr, "\nmissing %s in %s\n", needle, text ? text : "(null)");
	return 0;
}

/* Integers print exactly up to 2^63-1: no exponent, no rounding. */
static void
test_exact_integers(void)
{
	struct fx_resp	 r;

	api_stores();
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns", api_tok,
	    "{\"slug\":\"huge\",\"title\":\"Huge\",\"goal_kind\":\"units\","
	    "\"goal\":1000000000000000,\"product_ids\":[\"p-1\"],"
	    "\"status\":\"live\"}", &r), 201);
	CU_ASSERT_TRUE(has(r.body, "\"goal\":1000000000000000,"));
	fx_resp_free(&r);
	/* The order's answer, and its replay from the stored text. */
	CU_ASSERT_EQUAL(api_order("{\"id\":\"h-1\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"c\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":1,\"price\":1}]}", &r), 201);
	CU_ASSERT_TRUE(has(r.body, "\"goal\":1000000000000000,"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_order("{\"id\":\"h-1\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"c\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":1,\"price\":1}]}", &r), 200);
	CU_ASSERT_TRUE(has(r.body, "\"goal\":1000000000000000,"));
	CU_ASSERT_TRUE(has(r.body, "\"duplicate\":true"));
	fx_resp_free(&r);
	/* Counters beyond 2^53 (set in the database), up to 2^63-1. */
	fx_sql(FX, "UPDATE campaigns SET units = 9007199254740993, "
	    "amount = 9223372036854775807, orders = 9007199254740995, "
	    "version = version + 1 WHERE slug = 'huge'");
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns/huge", api_tok, NULL,
	    &r), 200);
	CU_ASSERT_TRUE(has(r.body, "\"progress\":9007199254740993,"));
	CU_ASSERT_TRUE(has(r.body, "\"units\":9007199254740993,"));
	CU_ASSERT_TRUE(has(r.body, "\"amount\":9223372036854775807,"));
	CU_ASSERT_TRUE(has(r.body, "\"orders\":9007199254740995,"));
	CU_ASSERT_TRUE(r.body != NULL && strstr(r.body, "e+") == NULL);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns", api_tok, NULL, &r), 200);
	CU_ASSERT_TRUE(has(r.body, "\"units\":9007199254740993,"));
	fx_resp_free(&r);
	/* The public progress JSON too. */
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/public/acme/huge", NULL, NULL,
	    &r), 200);
	CU_ASSERT_TRUE(has(r.body, "\"goal\":1000000000000000,"));
	CU_ASSERT_TRUE(has(r.body, "\"progress\":9007199254740993,"));
	CU_ASSERT_TRUE(r.body != NULL && strstr(r.body, "e+") == NULL);
	fx_resp_free(&r);
	/* Numbers inside a product's stored variants (an older row). */
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-9", api_tok,
	    "{\"title\":\"Vee\"}", 201));
	fx_sql(FX, "UPDATE products SET variants = "
	    "'[{\"id\":\"v-1\",\"weight\":1000000000000000}]' "
	    "WHERE product_id = 'p-9'");
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/products?q=Vee", api_tok, NULL,
	    &r), 200);
	CU_ASSERT_TRUE(has(r.body, "\"weight\":1000000000000000}"));
	fx_resp_free(&r);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "auth", test_auth },
		{ "campaign_crud", test_campaign_crud },
		{ "milestone_crud", test_milestone_crud },
		{ "status_forward_only", test_status_forward_only },
		{ "noop_patch_keeps_version", test_noop_patch_keeps_version },
		{ "exact_integers", test_exact_integers },
		{ NULL, NULL }
	};

	return fx_run("api_campaigns", cases, NULL, 1);
}
