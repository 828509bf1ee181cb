/*
 * it_api_bad.c — SPEC "Bad input" on the pipeline API: every malformed,
 * wrongly typed, missing, out-of-range, overflowing or hostile input gets
 * a clear 4xx with the error shape, and the database does not change.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "it_api_util.h"

#define FX	fx_current

#define JSON	"application/json"
#define ORDER_HEAD "{\"id\":\"b1\",\"placed_at\":\"2026-11-22T10:00:00Z\"," \
	"\"currency\":\"USD\",\"customer\":{\"id\":\"c\"},"
#define LINE(q, p) "\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":" q \
	",\"price\":" p "}]}"

struct bad {
	const char	*method, *path, *ctype, *body;
	int		 status;
	const char	*code;		/* error code, or NULL: any */
	const char	*field;		/* error field, or NULL: any */
};

static const struct bad bad_cases[] = {
	/* Malformed bodies: 400. */
	{ "POST", "/api/v1/orders", JSON, "{\"id\":", 400, "malformed", NULL },
	{ "POST", "/api/v1/orders", JSON, "", 400, "malformed", NULL },
	{ "POST", "/api/v1/orders", JSON, "[1,2]", 400, "malformed", NULL },
	{ "POST", "/api/v1/orders", JSON, "\"order\"", 400, "malformed", NULL },
	{ "POST", "/api/v1/orders", JSON, "{} {}", 400, "malformed", NULL },
	{ "POST", "/api/v1/orders", JSON, "{'id':'1'}", 400, "malformed", NULL },
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\",}", 400, "malformed", NULL },
	{ "POST", "/api/v1/orders/x/refund", JSON, "nope", 400, "malformed", NULL },
	/* Wrong content type: 415. */
	{ "POST", "/api/v1/orders", "text/plain", "{}", 415, "unsupported_media_type", NULL },
	{ "POST", "/api/v1/orders", NULL, "{}", 415, "unsupported_media_type", NULL },
	{ "POST", "/api/v1/orders", "application/x-www-form-urlencoded", "id=1", 415, NULL, NULL },
	{ "PATCH", "/api/v1/campaigns/c", "application/json; charset=latin1", "{}", 415, NULL, NULL },
	{ "POST", "/api/v1/orders", "application/json; charset=utf-8; x=1", "{}", 415, NULL, NULL },
	/* Accepted spellings of the JSON type reach validation (422 here). */
	{ "POST", "/api/v1/orders", "application/json; charset=\"UTF-8\"", "{}", 422, "required", "id" },
	{ "POST", "/api/v1/orders", "Application/JSON;charset=utf-8", "{}", 422, "required", "id" },
	/* Wrong method: 405. */
	{ "DELETE", "/api/v1/orders", NULL, NULL, 405, "method_not_allowed", NULL },
	{ "GET", "/api/v1/orders/x/cancel", NULL, NULL, 405, NULL, NULL },
	{ "PUT", "/api/v1/campaigns", JSON, "{}", 405, NULL, NULL },
	/* Missing fields: 422 required. */
	{ "POST", "/api/v1/orders", JSON, "{}", 422, "required", "id" },
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	  "\"currency\":\"USD\",\"customer\":{\"id\":\"c\"}}", 422, "required", "line_items" },
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	  "\"currency\":\"USD\",\"customer\":{}," LINE("1", "1"), 422, "required", "customer" },
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b1\",\"currency\":\"USD\","
	  "\"customer\":{\"id\":\"c\"}," LINE("1", "1"), 422, "required", "placed_at" },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD "\"line_items\":[{\"quantity\":1,"
	  "\"price\":1}]}", 422, "required", "line_items[0].product_id" },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD "\"line_items\":[]}", 422, "too_few", NULL },
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\"}", 422, "required", NULL },
	{ "POST", "/api/v1/campaigns/c/milestones", JSON, "{\"title\":\"T\"}", 422,
	  "required", "target" },
	{ "POST", "/api/v1/orders/x/refund", JSON, "{}", 422, "required", "line_items" },
	/* Wrong types: 422 invalid_type. */
	{ "POST", "/api/v1/orders", JSON, "{\"id\":1001,\"placed_at\":\"2026-11-22T10:00:00Z\","
	  "\"currency\":\"USD\",\"customer\":{\"id\":\"c\"}," LINE("1", "1"), 422,
	  "invalid_type", "id" },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD LINE("\"2\"", "1"), 422, "invalid_type",
	  "line_items[0].quantity" },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD LINE("true", "1"), 422, "invalid_type", NULL },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD "\"line_items\":{}}", 422, "invalid_type",
	  "line_items" },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD LINE("2.5", "1"), 422, "invalid", NULL },
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\",\"title\":\"A\",\"goal_kind\":"
	  "\"units\",\"goal\":\"10\"}", 422, "invalid_type", "goal" },
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\",\"title\":[],\"goal_kind\":"
	  "\"units\",\"goal\":10}", 422, "invalid_type", "title" },
	/* Out of range: quantities 1..10^6, prices 0..10^12. */
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD LINE("0", "1"), 422, "out_of_range",
	  "line_items[0].quantity" },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD LINE("-1", "1"), 422, "out_of_range", NULL },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD LINE("1000001", "1"), 422, "out_of_range",
	  NULL },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD LINE("1e400", "1"), 422, "out_of_range",
	  NULL },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD LINE("1", "-1"), 422, "out_of_range",
	  "line_items[0].price" },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD LINE("1", "1000000000001"), 422,
	  "out_of_range", NULL },
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD LINE("1", "99999999999999999999999"), 422,
	  "out_of_range", NULL },
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\",\"title\":\"A\",\"goal_kind\":"
	  "\"units\",\"goal\":0}", 422, "out_of_range", "goal" },
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\",\"title\":\"A\",\"goal_kind\":"
	  "\"units\",\"goal\":-5}", 422, "out_of_range", "goal" },
	{ "POST", "/api/v1/campaigns/c/milestones", JSON, "{\"target\":0,\"title\":\"T\"}",
	  422, "out_of_range", "target" },
	{ "POST", "/api/v1/campaigns/c/milestones", JSON, "{\"target\":5,\"title\":\"T\","
	  "\"reward\":\"gift\",\"gift_product_id\":\"g\",\"gift_quantity\":0}", 422,
	  "out_of_range", "gift_quantity" },
	{ "POST", "/api/v1/orders/x/refund", JSON, "{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"p\","
	  "\"quantity\":1,\"amount\":-1}]}", 422, "out_of_range", NULL },
	/* Overflow of the order's total: 10 lines of 10^6 x 10^12. */
	{ "POST", "/api/v1/orders", JSON, ORDER_HEAD "\"line_items\":["
	  "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
	  "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
	  "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
	  "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
	  "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
	  "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
	  "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
	  "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
	  "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
	  "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000}]}",
	  422, "overflow", NULL },
	/* Unknown or malformed currency and values. */
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	  "\"currency\":\"XXX\",\"customer\":{\"id\":\"c\"}," LINE("1", "1"), 422, "invalid",
	  "currency" },
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	  "\"currency\":\"usd\",\"customer\":{\"id\":\"c\"}," LINE("1", "1"), 422, "invalid",
	  "currency" },
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	  "\"currency\":\"EUR\",\"customer\":{\"id\":\"c\"}," LINE("1", "1"), 422, "invalid",
	  "currency" },
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b1\",\"placed_at\":\"2026-02-30T10:00:00Z\","
	  "\"currency\":\"USD\",\"customer\":{\"id\":\"c\"}," LINE("1", "1"), 422, NULL,
	  "placed_at" },
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b 1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	  "\"currency\":\"USD\",\"customer\":{\"id\":\"c\"}," LINE("1", "1"), 422, NULL, "id" },
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	  "\"currency\":\"USD\",\"customer\":{\"email\":\"not-an-email\"}," LINE("1", "1"),
	  422, NULL, "customer.email" },
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"Bad Slug\",\"title\":\"A\","
	  "\"goal_kind\":\"units\",\"goal\":5}", 422, NULL, "slug" },
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\",\"title\":\"A\","
	  "\"goal_kind\":\"weight\",\"goal\":5}", 422, NULL, "goal_kind" },
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\",\"title\":\"A\","
	  "\"goal_kind\":\"units\",\"goal\":5,\"status\":\"paused\"}", 422, NULL, "status" },
	{ "POST", "/api/v1/campaigns/c/milestones", JSON, "{\"target\":5,\"title\":\"T\","
	  "\"reward\":\"cash\"}", 422, NULL, "reward" },
	{ "POST", "/api/v1/campaigns/c/milestones", JSON, "{\"target\":5,\"title\":\"T\","
	  "\"image_url\":\"javascript:alert(1)\"}", 422, NULL, "image_url" },
	/* Invalid UTF-8 inside an order. */
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	  "\"currency\":\"USD\",\"customer\":{\"email\":\"\xff\xfe@example.com\"},"
	  LINE("1", "1"), 422, NULL, "customer.email" },
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b\xc3\xa9\",\"placed_at\":"
	  "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":{\"id\":\"c\"},"
	  LINE("1", "1"), 422, NULL, "id" },
	/* Duplicate keys. */
	{ "POST", "/api/v1/orders", JSON, "{\"id\":\"b1\",\"id\":\"b2\"}", 422, "duplicate", "id" },
	/* Hostile text: control characters, escaped NUL, too long. */
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\",\"title\":\"A\\u0007\","
	  "\"goal_kind\":\"units\",\"goal\":5}", 422, "invalid_char", "title" },
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\",\"title\":\"A\\u0000B\","
	  "\"goal_kind\":\"units\",\"goal\":5}", 422, "invalid_char", NULL },
	/* A lone surrogate escape cannot be decoded: malformed. */
	{ "POST", "/api/v1/campaigns", JSON, "{\"slug\":\"a\",\"title\":\"\\ud800\","
	  "\"goal_kind\":\"units\",\"goal\":5}", 400, "malformed", NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL }
};

static void
check_bad(const struct bad *b)
{
	struct fx_resp	 r;
	const cJSON	*e;

	api_req_ct(b->method, b->path, api_tok, b->ctype, b->body,
	    b->body ? strlen(b->body) : 0, &r);
	if (r.status != b->status || (b->code && strcmp(api_err_code(&r), b->code) != 0) ||
	    (b->field && strcmp(api_err_field(&r), b->field) != 0))
		fprintf(stderr, "\n%s %s %s: want %d %s %s, got %d %s\n", b->method,
		    b->path, b->body ? b->body : "", b->status, b->code ? b->code : "",
		    b->field ? b->field : "", r.status, r.body ? r.body : "");
	CU_ASSERT_EQUAL(r.status, b->status);
	/* The error shape of SPEC. */
	CU_ASSERT_PTR_NOT_NULL(r.json);
	e = r.json ? cJSON_GetObjectItemCaseSensitive(r.json, "error") : NULL;
	CU_ASSERT_TRUE(cJSON_IsString(cJSON_GetObjectItem(e, "code")));
	CU_ASSERT_TRUE(cJSON_IsString(cJSON_GetObjectItem(e, "message")));
	if (b->code != NULL)
		CU_ASSERT_STRING_EQUAL(api_err_code(&r), b->code);
	if (b->field != NULL)
		CU_ASSERT_STRING_EQUAL(api_err_field(&r), b->field);
	fx_resp_free(&r);
}

/* A few real rows so that "nothing changed" means something. */
static void
seed(void)
{
	api_stores();
	api_campaign("c", "units", 100);
	api_milestone("c", "{\"target\":3,\"title\":\"Pin\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\"}");
	CU_ASSERT_TRUE(api_expect("PUT", "/api/v1/products/p-1", api_tok,
	    "{\"title\":\"Game\",\"price\":100}", 201));
	CU_ASSERT_EQUAL(api_order("{\"id\":\"x\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"c\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":3,\"price\":1}]}", NULL), 201);
}

static void
test_bad_bodies(void)
{
	char	 before[512], after[512];
	size_t	 i;

	seed();
	api_db_state(before, sizeof(before));
	for (i = 0; bad_cases[i].method != NULL; i++)
		check_bad(&bad_cases[i]);
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
}

static void
test_invalid_utf8_and_sizes(void)
{
	struct fx_resp	 r;
	char		 before[512], after[512], *big, *deep, *many;
	const char	*bad_utf8 = "{\"slug\":\"u\",\"title\":\"A\xff\xfe\","
	    "\"goal_kind\":\"units\",\"goal\":5}";
	const char	*overlong = "{\"target\":9,\"title\":\"\xc0\xaf\"}";
	size_t		 n, i;

	seed();
	api_db_state(before, sizeof(before));
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns", api_tok, bad_utf8, &r), 422);
	CU_ASSERT_STRING_EQUAL(api_err_code(&r), "invalid_utf8");
	CU_ASSERT_STRING_EQUAL(api_err_field(&r), "title");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns/c/milestones", api_tok, overlong,
	    &r), 422);
	CU_ASSERT_STRING_EQUAL(api_err_code(&r), "invalid_utf8");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("PUT", "/api/v1/products/p-1", api_tok,
	    "{\"title\":\"\xed\xa0\x80\"}", &r), 422);
	fx_resp_free(&r);
	/* A title one character too long. */
	n = 201;
	big = malloc(n + 128);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	strcpy(big, "{\"slug\":\"long\",\"goal_kind\":\"units\",\"goal\":5,\"title\":\"");
	for (i = 0; i < n; i++)
		strcat(big, "x");
	strcat(big, "\"}");
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns", api_tok, big, &r), 422);
	CU_ASSERT_STRING_EQUAL(api_err_code(&r), "too_long");
	fx_resp_free(&r);
	free(big);
	/* Over 1 MiB: 413 (from nginx or the program), with the error shape. */
	n = 1100 * 1024;
	big = malloc(n + 64);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memcpy(big, "{\"id\":\"", 7);
	memset(big + 7, 'a', n);
	memcpy(big + 7 + n, "\"}", 3);
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders", api_tok, big, &r), 413);
	CU_ASSERT_STRING_EQUAL(api_err_code(&r), "too_large");
	fx_resp_free(&r);
	free(big);
	/* Deep nesting: cJSON's limit, a 400. */
	deep = malloc(20000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(deep);
	strcpy(deep, "{\"id\":");
	for (i = 0; i < 5000; i++)
		strcat(deep, "[");
	strcat(deep, "}");
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders", api_tok, deep, &r), 400);
	fx_resp_free(&r);
	free(deep);
	/* Too many line items (501): 422. */
	many = malloc(501 * 64 + 256);
	CU_ASSERT_PTR_NOT_NULL_FATAL(many);
	strcpy(many, ORDER_HEAD "\"line_items\":[");
	for (i = 0; i < 501; i++)
		strcat(many, i ? ",{\"product_id\":\"p-1\",\"quantity\":1,\"price\":1}" :
		    "{\"product_id\":\"p-1\",\"quantity\":1,\"price\":1}");
	strcat(many, "]}");
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders", api_tok, many, &r), 422);
	CU_ASSERT_STRING_EQUAL(api_err_code(&r), "too_many");
	fx_resp_free(&r);
	free(many);
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
}

/* Another store's token reaches nothing of this store: 404 everywhere. */
static void
test_other_store(void)
{
	char	 before[512], after[512], path[128];
	int64_t	 m, g;

	seed();
	m = fx_sql_i64(FX, "SELECT id FROM milestones");
	g = fx_sql_i64(FX, "SELECT id FROM grants");
	api_db_state(before, sizeof(before));
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns/c", api_tok_other, NULL, 404));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c", api_tok_other,
	    "{\"title\":\"Mine\"}", 404));
	CU_ASSERT_TRUE(api_expect("DELETE", "/api/v1/campaigns/c", api_tok_other, NULL, 404));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns/c/milestones", api_tok_other,
	    "{\"target\":1,\"title\":\"M\"}", 404));
	snprintf(path, sizeof(path), "/api/v1/campaigns/c/milestones/%lld", (long long)m);
	CU_ASSERT_TRUE(api_expect("PATCH", path, api_tok_other, "{\"title\":\"M\"}", 404));
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok_other, NULL, 404));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/x/cancel", api_tok_other, NULL, 404));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/x/refund", api_tok_other,
	    "{\"id\":\"r-2\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,\"amount\":1}]}", 404));
	snprintf(path, sizeof(path), "/api/v1/grants/%lld/fulfill", (long long)g);
	CU_ASSERT_TRUE(api_expect("POST", path, api_tok_other, NULL, 404));
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/grants?campaign=c", api_tok_other, NULL, 404));
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	/* Their order with our order's id is theirs alone. */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders", api_tok_other,
	    "{\"id\":\"x\",\"placed_at\":\"2026-11-22T10:00:00Z\",\"currency\":\"EUR\","
	    "\"customer\":{\"id\":\"c\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":5,\"price\":1}]}", 201));
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT units FROM campaigns"), 3);
}

/* Counters that would overflow int64: 422 overflow, nothing changes. */
static void
test_counter_overflow(void)
{
	struct fx_resp	 r;
	char		 body[2048], before[512], after[512];
	size_t		 i;

	api_stores();
	api_campaign("m", "money", 1000);
	/* 9 lines of 10^6 x 10^12 = 9 x 10^18: fits one order, not two. */
	for (i = 0; i < 2; i++) {
		snprintf(body, sizeof(body), "{\"id\":\"big%zu\",\"placed_at\":"
		    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":{\"id\":"
		    "\"c\"},\"line_items\":[%s]}", i,
		    "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
		    "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
		    "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
		    "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
		    "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
		    "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
		    "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
		    "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000},"
		    "{\"product_id\":\"p-1\",\"quantity\":1000000,\"price\":1000000000000}");
		if (i == 1)
			api_db_state(before, sizeof(before));
		CU_ASSERT_EQUAL(api_order(body, &r), i == 0 ? 201 : 422);
		if (i == 1) {
			CU_ASSERT_STRING_EQUAL(api_err_code(&r), "overflow");
			CU_ASSERT_STRING_EQUAL(api_err_field(&r), "line_items");
		}
		fx_resp_free(&r);
	}
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM orders WHERE external_id = 'big1'"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT amount = 9000000000000000000 FROM campaigns"), 1);
}

/* The database away: 503 with Retry-After; afterwards the order counts once. */
static void
test_database_down(void)
{
	struct fx_resp	 r;
	char		 h[32];
	const char	*body = "{\"id\":\"d1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"c\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":2,\"price\":1}]}";
	int		 i, st = 0;

	api_stores();
	api_campaign("c", "units", 100);
	fx_mariadb_stop();
	CU_ASSERT_EQUAL(api_order(body, &r), 503);
	CU_ASSERT_STRING_EQUAL(api_err_code(&r), "unavailable");
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Retry-After", h, sizeof(h)));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(api_expect("GET", "/api/v1/campaigns/c", api_tok, NULL, 503));
	fx_mariadb_start();
	for (i = 0; i < 100 && st != 201; i++) {
		if ((st = api_order(body, NULL)) != 201)
			usleep(100000);
	}
	CU_ASSERT_EQUAL(st, 201);
	CU_ASSERT_EQUAL(api_order(body, NULL), 200);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT units FROM campaigns"), 2);
}

/* One request with an explicit body length (raw NULs); its status. */
static int
raw_req(const char *method, const char *path, const char *body, size_t len,
    const char *code, const char *field)
{
	struct fx_resp	 r;
	int		 st;

	st = api_req_ct(method, path, api_tok, JSON, body, len, &r);
	if (code != NULL)
		CU_ASSERT_STRING_EQUAL(api_err_code(&r), code);
	if (field != NULL)
		CU_ASSERT_STRING_EQUAL(api_err_field(&r), field);
	if ((code != NULL && strcmp(api_err_code(&r), code) != 0) ||
	    (field != NULL && strcmp(api_err_field(&r), field) != 0))
		fprintf(stderr, "\n%s %s: got %d %s\n", method, path, st,
		    r.body ? r.body : "");
	fx_resp_free(&r);
	return st;
}

#define RAW(m, p, lit, code, field) \
	raw_req(m, p, lit, sizeof(lit) - 1, code, field)

/*
 * The red team's bodies (issue 9 item 8): a raw control character inside
 * a JSON string is 400 (SPEC "Numbers"), also a raw NUL that cJSON would
 * cut the value at; invalid UTF-8 anywhere, also in an ignored key, is
 * 400; a number cJSON's double does not hold exactly is 422; order ids
 * "." and ".." are 422.  Nothing is stored.
 */
static void
test_red_team_bodies(void)
{
	char	 before[512], after[512];

	seed();
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/campaigns/c/milestones",
	    api_tok, "{\"target\":50,\"title\":\"M\"}", 201));
	api_db_state(before, sizeof(before));
	/* Raw NUL in a customer id, an order id, a title, an ignored key. */
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders", "{\"id\":\"nul-1\","
	    "\"placed_at\":\"2026-11-22T10:00:00Z\",\"currency\":\"USD\","
	    "\"customer\":{\"id\":\"alice\0mallory\"}," LINE("1", "100"),
	    "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders", "{\"id\":\"x\0second\","
	    "\"placed_at\":\"2026-11-22T10:00:00Z\",\"currency\":\"USD\","
	    "\"customer\":{\"id\":\"alice\"}," LINE("1", "100"),
	    "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/campaigns", "{\"slug\":\"nulcamp\","
	    "\"title\":\"Visible\0HIDDEN\",\"goal_kind\":\"units\",\"goal\":10}",
	    "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("PATCH", "/api/v1/campaigns/c", "{\"x\":\"a\0b\"}",
	    "malformed", NULL), 400);
	/* Other raw controls: in a milestone text, a key, a refund. */
	CU_ASSERT_EQUAL(RAW("PATCH", "/api/v1/campaigns/c/milestones/1",
	    "{\"after_text\":\"after\x01tail\"}", "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("PATCH", "/api/v1/campaigns/c",
	    "{\"title\":\"two\nlines\"}", "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("PATCH", "/api/v1/campaigns/c",
	    "{\"ti\x1ftle\":\"T\"}", "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders/x/refund", "{\"id\":\"r\x7f\0\","
	    "\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
	    "\"amount\":1}]}", "malformed", NULL), 400);
	/* Invalid UTF-8 in keys and values the API ignores. */
	CU_ASSERT_EQUAL(RAW("PATCH", "/api/v1/campaigns/c", "{\"a\":\"\xff\xfe\"}",
	    "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("PATCH", "/api/v1/campaigns/c",
	    "{\"title\":\"New\",\"\xc0\xaf\":1}", "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders", ORDER_HEAD "\"x\":\"\xff\","
	    LINE("1", "100"), "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("PUT", "/api/v1/products/p-1", "{\"title\":\"Game\","
	    "\"price\":100,\"note\":\"\xed\xa0\x80\"}", "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders/x/refund", "{\"id\":\"r-1\","
	    "\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
	    "\"amount\":1}],\"note\":\"\xff\xfe\"}", "malformed", NULL), 400);
	CU_ASSERT_EQUAL(RAW("PATCH", "/api/v1/campaigns/c/milestones/1",
	    "{\"title\":\"M\",\"z\":[\"\xe2\x82\"]}", "malformed", NULL), 400);
	/* Numbers that the double does not hold exactly. */
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders", ORDER_HEAD
	    LINE("1.0000000000000001", "100"), "invalid", NULL), 422);
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders", ORDER_HEAD
	    LINE("1", "99.99999999999999999"), "invalid", NULL), 422);
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders", ORDER_HEAD
	    "\"x\":1e99999," LINE("1", "100"), "invalid", NULL), 422);
	CU_ASSERT_EQUAL(RAW("PATCH", "/api/v1/campaigns/c",
	    "{\"n\":9007199254740993}", "invalid", NULL), 422);
	CU_ASSERT_EQUAL(RAW("PATCH", "/api/v1/campaigns/c",
	    "{\"goal\":99.9999999999999999}", "invalid", NULL), 422);
	/* Dot segments as order ids: clients collapse them in the path. */
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders", "{\"id\":\".\","
	    "\"placed_at\":\"2026-11-22T10:00:00Z\",\"currency\":\"USD\","
	    "\"customer\":{\"id\":\"dot\"}," LINE("1", "100"), NULL, "id"), 422);
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders", "{\"id\":\"..\","
	    "\"placed_at\":\"2026-11-22T10:00:00Z\",\"currency\":\"USD\","
	    "\"customer\":{\"id\":\"dot\"}," LINE("1", "100"), NULL, "id"), 422);
	api_db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM orders WHERE "
	    "external_id LIKE 'nul%' OR external_id LIKE '.%'"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns WHERE "
	    "slug = 'nulcamp'"), 0);
	/* What stays fine: escaped controls in texts, "..." as an id,
	 * exact numbers written as 2.0 or 1e2, UTF-8 in ignored keys. */
	CU_ASSERT_EQUAL(RAW("PATCH", "/api/v1/campaigns/c/milestones/1",
	    "{\"after_text\":\"two\\nlines\",\"caf\xc3\xa9\":\"\xe2\x82\xac\"}",
	    NULL, NULL), 200);
	CU_ASSERT_EQUAL(RAW("POST", "/api/v1/orders", "{\"id\":\"...\","
	    "\"placed_at\":\"2026-11-22T10:00:00Z\",\"currency\":\"USD\","
	    "\"customer\":{\"id\":\"dot\"},\"r\":0.1," LINE("2.0", "1e2"),
	    NULL, NULL), 201);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT quantity * price FROM order_lines ol "
	    "JOIN orders o ON o.id = ol.order_id WHERE o.external_id = '...'"), 200);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "bad_bodies", test_bad_bodies },
		{ "invalid_utf8_and_sizes", test_invalid_utf8_and_sizes },
		{ "other_store", test_other_store },
		{ "counter_overflow", test_counter_overflow },
		{ "database_down", test_database_down },
		{ "red_team_bodies", test_red_team_bodies },
		{ NULL, NULL }
	};

	return fx_run("api_bad", cases, NULL, 1);
}
