/*
 * it_hooks.c — Shopify and WooCommerce webhooks in, through nginx and the
 * program, on the fixtures of tests/fixtures/hooks/: every mapping (line
 * items, variants, gift lines, a customer without id, JPY, KWD, refunds,
 * cancels, WooCommerce statuses), every bad signature (401 and nothing
 * stored), every duplicate (counted once) and reordering (a cancel before
 * its create).  Checks read the database.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <sodium.h>

#include "fixture/fixture.h"

#define FX	fx_current

#define SHOPIFY_SECRET	"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"
#define WOO_SECRET	"wc-secret: Hz8/q+Lr, with spaces"

/* Products of the fixtures that the campaigns count. */
#define CAMPAIGN_PRODUCTS \
	"[\"8123456789012\",\"8123456789077\",\"93\",\"22\",\"40\"]"

static int64_t
sql(const char *q)
{
	return fx_sql_i64(FX, q);
}

/* A whole fixture file (malloc'd, NUL-terminated); exits on failure. */
static char *
fixture(const char *name, size_t *len)
{
	char	 path[1024], *buf;
	FILE	*f;
	long	 n;

	snprintf(path, sizeof(path), "%s/tests/fixtures/hooks/%s", fx_srcdir(),
	    name);
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "it_hooks: cannot open %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if ((buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "it_hooks: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static void
ctl(const char *stdin_text, const char *const argv[], int want)
{
	char	 out[2048], err[2048];
	int	 rc;

	rc = fx_ctl(FX, stdin_text, out, sizeof(out), err, sizeof(err), argv);
	if (rc != want)
		fprintf(stderr, "\nstretchgoalctl %s %s: want %d, got %d: %s\n",
		    argv[0], argv[1], want, rc, err);
	CU_ASSERT_EQUAL_FATAL(rc, want);
}

/*
 * Store handle in currency with both secrets set (Shopify from stdin,
 * WooCommerce from a file) and two live campaigns over CAMPAIGN_PRODUCTS:
 * "<handle>-units" (units) and "<handle>-money" (money).
 */
static void
store(const char *handle, const char *currency)
{
	const char *const create[] = { "store", "create", "--handle", handle,
	    "--name", handle, "--currency", currency, NULL };
	const char *const token[] = { "token", "create", "--store", handle, NULL };
	const char *const shop[] = { "hooks", "set", "--store", handle,
	    "--platform", "shopify", NULL };
	char		 file[700], tok[256], hdr[400], body[600], err[512];
	const char	*woo[] = { "hooks", "set", "--store", handle, "--platform",
	    "woocommerce", "--secret-file", file, NULL };
	const char	*kinds[] = { "units", "money" };
	struct fx_resp	 r;
	FILE		*f;
	size_t		 n, i;

	ctl(NULL, create, 0);
	if (fx_ctl(FX, NULL, tok, sizeof(tok), err, sizeof(err), token) != 0) {
		fprintf(stderr, "it_hooks: token: %s\n", err);
		exit(1);
	}
	n = strlen(tok);
	while (n > 0 && (tok[n - 1] == '\n' || tok[n - 1] == '\r'))
		tok[--n] = '\0';
	ctl(SHOPIFY_SECRET "\n", shop, 0);
	snprintf(file, sizeof(file), "%s/woo-secret", FX->dir);
	f = fopen(file, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(WOO_SECRET, f);	/* no newline */
	fclose(f);
	ctl(NULL, woo, 0);
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\n", tok);
	for (i = 0; i < 2; i++) {
		snprintf(body, sizeof(body), "{\"slug\":\"%s-%s\",\"title\":\"T\","
		    "\"goal_kind\":\"%s\",\"goal\":100000000,\"product_ids\":"
		    CAMPAIGN_PRODUCTS ",\"status\":\"live\"}", handle, kinds[i],
		    kinds[i]);
		CU_ASSERT_EQUAL_FATAL(fx_http(FX, "POST", "/api/v1/campaigns", hdr,
		    body, strlen(body), &r), 201);
		fx_resp_free(&r);
	}
}

/* base64(HMAC-SHA256(secret, body)) into out (64 bytes). */
static void
sign(const char *secret, const char *body, size_t len, char *out, size_t size)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, size, mac, sizeof(mac),
	    sodium_base64_VARIANT_ORIGINAL);
}

/* How a test signs a delivery. */
enum sig {
	SIG_OK,		/* the store's secret */
	SIG_NONE,	/* no signature header */
	SIG_WRONG,	/* another secret */
	SIG_OTHER,	/* the other platform's secret */
	SIG_GARBAGE,	/* not base64 of 32 bytes */
	SIG_EMPTY	/* an empty header */
};

/*
 * Deliver body to /hooks/<platform>/<handle> with topic and (Shopify) the
 * event id; returns the status, r filled (free it) when not NULL.  Every
 * answer must come within 5 s.
 */
static int
deliver(const char *platform, const char *handle, const char *topic,
    const char *event_id, const char *body, size_t len, enum sig how,
    struct fx_resp *r)
{
	const int	 shopify = strcmp(platform, "shopify") == 0;
	const char	*secret = shopify ? SHOPIFY_SECRET : WOO_SECRET;
	char		 s[128], h[1024], path[256];
	struct fx_resp	 tmp;
	struct timespec	 t0, t1;
	int		 n = 0, status;

	s[0] = '\0';
	if (how == SIG_OK)
		sign(secret, body, len, s, sizeof(s));
	else if (how == SIG_WRONG)
		sign("not-the-secret", body, len, s, sizeof(s));
	else if (how == SIG_OTHER)
		sign(shopify ? WOO_SECRET : SHOPIFY_SECRET, body, len, s, sizeof(s));
	else if (how == SIG_GARBAGE)
		snprintf(s, sizeof(s), "%s", "c2hvcnQ=");	/* "short" */
	h[0] = '\0';
	if (how != SIG_NONE)
		n += snprintf(h + n, sizeof(h) - (size_t)n, "%s: %s\r\n", shopify ?
		    "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature", s);
	n += snprintf(h + n, sizeof(h) - (size_t)n, "%s: %s\r\n", shopify ?
	    "X-Shopify-Topic" : "X-WC-Webhook-Topic", topic);
	if (shopify && event_id != NULL)
		n += snprintf(h + n, sizeof(h) - (size_t)n,
		    "X-Shopify-Event-Id: %s\r\nX-Shopify-Webhook-Id: w-%s\r\n"
		    "X-Shopify-Shop-Domain: %s.myshopify.com\r\n", event_id,
		    event_id, handle);
	if (!shopify)
		n += snprintf(h + n, sizeof(h) - (size_t)n,
		    "X-WC-Webhook-Source: https://%s.example/\r\n"
		    "X-WC-Webhook-Delivery-Id: %d\r\n", handle, rand());
	snprintf(h + n, sizeof(h) - (size_t)n, "Content-Type: %s\r\n",
	    strncmp(body, "webhook_id=", 11) == 0 ?
	    "application/x-www-form-urlencoded" : "application/json");
	snprintf(path, sizeof(path), "/hooks/%s/%s", platform, handle);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	status = fx_http(FX, "POST", path, h, body, len, r != NULL ? r : &tmp);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CU_ASSERT_TRUE(t1.tv_sec - t0.tv_sec < 5);
	if (r == NULL)
		fx_resp_free(&tmp);
	return status;
}

/* Deliver a fixture file; returns the status and the "result" in res. */
static int
deliver_file(const char *platform, const char *handle, const char *topic,
    const char *event_id, const char *name, enum sig how, char *res,
    size_t ressz)
{
	struct fx_resp	 r;
	const cJSON	*v;
	char		*body;
	size_t		 len;
	int		 status;

	body = fixture(name, &len);
	status = deliver(platform, handle, topic, event_id, body, len, how, &r);
	free(body);
	if (res != NULL) {
		v = r.json != NULL ? cJSON_GetObjectItem(r.json, "result") : NULL;
		snprintf(res, ressz, "%s", cJSON_IsString(v) ? v->valuestring : "");
	}
	if (status >= 500)
		fprintf(stderr, "\n%s %s: %d %s\n", topic, name, status,
		    r.body ? r.body : "");
	fx_resp_free(&r);
	return status;
}

/* Expect a 200 whose result is want. */
static void
expect(const char *platform, const char *handle, const char *topic,
    const char *event_id, const char *name, const char *want)
{
	char	 res[64];

	CU_ASSERT_EQUAL(deliver_file(platform, handle, topic, event_id, name,
	    SIG_OK, res, sizeof(res)), 200);
	if (strcmp(res, want) != 0)
		fprintf(stderr, "\n%s %s: result %s, want %s\n", topic, name, res,
		    want);
	CU_ASSERT_STRING_EQUAL(res, want);
}

static int64_t
units(const char *slug)
{
	char	 q[256];

	snprintf(q, sizeof(q), "SELECT units FROM campaigns WHERE slug = '%s'", slug);
	return sql(q);
}

static int64_t
amount(const char *slug)
{
	char	 q[256];

	snprintf(q, sizeof(q), "SELECT amount FROM campaigns WHERE slug = '%s'", slug);
	return sql(q);
}

/* Every table a delivery could change, as one string. */
static void
db_state(char *buf, size_t size)
{
	fx_sql_str(FX, "SELECT CONCAT_WS('/', "
	    "(SELECT COUNT(*) FROM orders), (SELECT COUNT(*) FROM order_lines), "
	    "(SELECT COUNT(*) FROM order_campaigns), (SELECT COUNT(*) FROM refunds), "
	    "(SELECT COUNT(*) FROM grants), (SELECT COUNT(*) FROM hook_deliveries), "
	    "(SELECT COUNT(*) FROM hook_tombstones), "
	    "(SELECT COALESCE(SUM(units + amount + orders + backers + version), 0) "
	    "FROM campaigns))", buf, size);
}

static void
test_shopify_order_mapping(void)
{
	store("shop", "USD");
	expect("shopify", "shop", "orders/create", "e-1",
	    "shopify-order-create.json", "counted");
	/* 2 + 1 of the board game; the dice set is not in the campaigns; the
	   gift line never counts; the custom line item is left out */
	CU_ASSERT_EQUAL(units("shop-units"), 3);
	CU_ASSERT_EQUAL(amount("shop-money"), 2 * 19900 + 5000);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns WHERE slug = 'shop-units'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE external_id = "
	    "'5804567890123' AND backer = '7012345678901' AND placed_at = "
	    "'2026-11-22 10:00:00'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines"), 4);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines WHERE gift = 1 AND "
	    "product_id = '8123456789077'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines WHERE "
	    "variant_id = '44123456789013' AND price = 5000 AND quantity = 1"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines WHERE "
	    "product_id = '8123456789099' AND variant_id IS NULL AND price = 2550"), 1);

	/* the same event again: handled once */
	expect("shopify", "shop", "orders/create", "e-1",
	    "shopify-order-create.json", "duplicate");
	/* orders/paid of the same order (another event): the order's own key */
	expect("shopify", "shop", "orders/paid", "e-2",
	    "shopify-order-create.json", "duplicate");
	CU_ASSERT_EQUAL(units("shop-units"), 3);
	CU_ASSERT_EQUAL(amount("shop-money"), 44800);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_deliveries"), 2);

	/* a guest: the lower-cased, trimmed e-mail is the backer */
	expect("shopify", "shop", "orders/create", "e-3",
	    "shopify-order-guest.json", "counted");
	CU_ASSERT_EQUAL(units("shop-units"), 6);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns WHERE slug = 'shop-units'"), 2);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE external_id = "
	    "'5804567890124' AND backer = 'guest.buyer@example.com'"), 1);
	/* no event id: the webhook id de-duplicates */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_deliveries WHERE "
	    "delivery_key = 'e-3' AND result = 'counted'"), 1);
}

static void
test_bad_signatures(void)
{
	static const enum sig bad[] = { SIG_NONE, SIG_WRONG, SIG_OTHER,
	    SIG_GARBAGE, SIG_EMPTY };
	const char *const bare[] = { "store", "create", "--handle", "bare",
	    "--name", "Bare", "--currency", "USD", NULL };
	char	 before[256], after[256], *body;
	size_t	 i, len;
	struct fx_resp r;

	store("shop", "USD");
	ctl(NULL, bare, 0);
	db_state(before, sizeof(before));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(deliver_file("shopify", "shop", "orders/create",
		    "e-1", "shopify-order-create.json", bad[i], NULL, 0), 401);
		CU_ASSERT_EQUAL(deliver_file("woocommerce", "shop", "order.updated",
		    NULL, "woo-order-processing.json", bad[i], NULL, 0), 401);
		CU_ASSERT_EQUAL(deliver_file("shopify", "shop", "orders/cancelled",
		    "e-2", "shopify-order-cancelled.json", bad[i], NULL, 0), 401);
	}
	/* a body changed after signing (one byte) */
	body = fixture("shopify-order-create.json", &len);
	{
		char	 s[128], h[512];

		sign(SHOPIFY_SECRET, body, len, s, sizeof(s));
		body[len - 3] = body[len - 3] == ' ' ? '\n' : ' ';
		snprintf(h, sizeof(h), "X-Shopify-Hmac-Sha256: %s\r\n"
		    "X-Shopify-Topic: orders/create\r\nX-Shopify-Event-Id: e-9\r\n"
		    "Content-Type: application/json\r\n", s);
		CU_ASSERT_EQUAL(fx_http(FX, "POST", "/hooks/shopify/shop", h, body,
		    len, &r), 401);
		CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(
		    cJSON_GetObjectItem(r.json, "error"), "code")), "unauthorized");
		fx_resp_free(&r);
	}
	free(body);
	/* a store without a secret, an unknown store, a bad handle */
	CU_ASSERT_EQUAL(deliver_file("shopify", "bare", "orders/create", "e-1",
	    "shopify-order-create.json", SIG_OK, NULL, 0), 401);
	CU_ASSERT_EQUAL(deliver_file("woocommerce", "bare", "order.updated", NULL,
	    "woo-order-processing.json", SIG_OK, NULL, 0), 401);
	CU_ASSERT_EQUAL(deliver_file("shopify", "nosuch", "orders/create", "e-1",
	    "shopify-order-create.json", SIG_OK, NULL, 0), 401);
	CU_ASSERT_EQUAL(deliver_file("shopify", "Bad_Handle", "orders/create",
	    "e-1", "shopify-order-create.json", SIG_OK, NULL, 0), 401);
	db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(units("shop-units"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_deliveries"), 0);
	/* and the right signature still works afterwards */
	expect("shopify", "shop", "orders/create", "e-1",
	    "shopify-order-create.json", "counted");
	CU_ASSERT_EQUAL(units("shop-units"), 3);
}

static void
test_currencies(void)
{
	char	 st[256], st2[256];

	store("yen", "JPY");
	store("kwd", "KWD");
	store("shop", "USD");
	expect("shopify", "yen", "orders/create", "j-1", "shopify-order-jpy.json",
	    "counted");
	CU_ASSERT_EQUAL(amount("yen-money"), 2 * 630);
	CU_ASSERT_EQUAL(units("yen-units"), 2);
	expect("shopify", "kwd", "orders/create", "k-1", "shopify-order-kwd.json",
	    "counted");
	CU_ASSERT_EQUAL(amount("kwd-money"), 2 * 12250);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines WHERE price = 3500"), 1);
	/* more decimals than USD has; another currency than the store's */
	db_state(st, sizeof(st));
	CU_ASSERT_EQUAL(deliver_file("shopify", "shop", "orders/create", "b-1",
	    "shopify-order-bad-decimals.json", SIG_OK, NULL, 0), 422);
	CU_ASSERT_EQUAL(deliver_file("shopify", "shop", "orders/create", "b-2",
	    "shopify-order-jpy.json", SIG_OK, NULL, 0), 422);
	CU_ASSERT_EQUAL(deliver_file("shopify", "yen", "orders/create", "b-3",
	    "shopify-order-kwd.json", SIG_OK, NULL, 0), 422);
	db_state(st2, sizeof(st2));
	CU_ASSERT_STRING_EQUAL(st, st2);
}

static void
test_refund(void)
{
	store("shop", "USD");
	/* before its order: not known yet, so the platform retries later */
	CU_ASSERT_EQUAL(deliver_file("shopify", "shop", "refunds/create", "r-0",
	    "shopify-refund.json", SIG_OK, NULL, 0), 409);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM refunds"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_deliveries"), 0);
	expect("shopify", "shop", "orders/create", "e-1",
	    "shopify-order-create.json", "counted");
	/* the retry now refunds one deluxe copy; the gift line is left out */
	expect("shopify", "shop", "refunds/create", "r-0", "shopify-refund.json",
	    "refunded");
	CU_ASSERT_EQUAL(units("shop-units"), 2);
	CU_ASSERT_EQUAL(amount("shop-money"), 44800 - 19900);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM refunds"), 1);
	CU_ASSERT_EQUAL(sql("SELECT refunded_qty FROM order_lines WHERE "
	    "variant_id = '44123456789012'"), 1);
	/* the same delivery again; the same refund in another delivery */
	expect("shopify", "shop", "refunds/create", "r-0", "shopify-refund.json",
	    "duplicate");
	expect("shopify", "shop", "refunds/create", "r-1", "shopify-refund.json",
	    "duplicate");
	CU_ASSERT_EQUAL(units("shop-units"), 2);
	CU_ASSERT_EQUAL(amount("shop-money"), 24900);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM refunds"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_deliveries"), 3);
	/* the platform's refund id is the order service's refund key */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM refunds r JOIN orders o ON "
	    "o.id = r.order_id WHERE r.external_id = '929361462' AND "
	    "o.external_id = '5804567890123'"), 1);
}

static void
test_cancel(void)
{
	struct fx_resp	 r;
	char		*body;
	size_t		 len;

	store("shop", "USD");
	expect("shopify", "shop", "orders/create", "e-1",
	    "shopify-order-create.json", "counted");
	expect("shopify", "shop", "orders/create", "e-2",
	    "shopify-order-guest.json", "counted");
	CU_ASSERT_EQUAL(units("shop-units"), 6);
	expect("shopify", "shop", "orders/cancelled", "c-1",
	    "shopify-order-cancelled.json", "cancelled");
	CU_ASSERT_EQUAL(units("shop-units"), 3);
	CU_ASSERT_EQUAL(amount("shop-money"), 3 * 5000);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns WHERE slug = 'shop-units'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE external_id = "
	    "'5804567890123' AND status = 'cancelled'"), 1);
	/* again, in another delivery: cancel is idempotent */
	body = fixture("shopify-order-cancelled.json", &len);
	CU_ASSERT_EQUAL(deliver("shopify", "shop", "orders/cancelled", "c-2", body,
	    len, SIG_OK, &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r.json,
	    "response"), "duplicate")));
	fx_resp_free(&r);
	free(body);
	CU_ASSERT_EQUAL(units("shop-units"), 3);
	/* a refund of a cancelled order changes nothing */
	expect("shopify", "shop", "refunds/create", "r-1", "shopify-refund.json",
	    "ignored");
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM refunds"), 0);
	CU_ASSERT_EQUAL(amount("shop-money"), 15000);
}

static void
test_cancel_before_create(void)
{
	store("shop", "USD");
	expect("shopify", "shop", "orders/cancelled", "c-1",
	    "shopify-order-cancelled.json", "cancelled_before_created");
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_tombstones"), 1);
	/* the create arrives late: the order stays cancelled, uncounted */
	expect("shopify", "shop", "orders/create", "e-1",
	    "shopify-order-create.json", "cancelled_before_created");
	expect("shopify", "shop", "orders/paid", "e-2",
	    "shopify-order-create.json", "cancelled_before_created");
	CU_ASSERT_EQUAL(units("shop-units"), 0);
	CU_ASSERT_EQUAL(amount("shop-money"), 0);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns WHERE slug = 'shop-units'"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaigns"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE status = 'cancelled'"), 1);
	/* the cancel again, and the late refund: nothing changes */
	expect("shopify", "shop", "orders/cancelled", "c-2",
	    "shopify-order-cancelled.json", "cancelled");
	expect("shopify", "shop", "refunds/create", "r-1", "shopify-refund.json",
	    "ignored");
	CU_ASSERT_EQUAL(units("shop-units"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM refunds"), 0);
	/* other orders still count */
	expect("shopify", "shop", "orders/create", "e-3",
	    "shopify-order-guest.json", "counted");
	CU_ASSERT_EQUAL(units("shop-units"), 3);
}

static void
test_woocommerce(void)
{
	struct fx_resp	 r;

	store("shop", "USD");
	/* the activation ping: 200, unsigned, nothing stored */
	CU_ASSERT_EQUAL(deliver("woocommerce", "shop", "", NULL, "webhook_id=15",
	    13, SIG_NONE, &r), 200);
	fx_resp_free(&r);
	expect("woocommerce", "shop", "order.created", NULL,
	    "woo-order-pending.json", "ignored");
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders"), 0);
	expect("woocommerce", "shop", "order.updated", NULL,
	    "woo-order-processing.json", "counted");
	/* 2 x 40.00 of product 93 (variation 95), 3 for 28.00 of product 22
	   (no variation), the gift line never counts */
	CU_ASSERT_EQUAL(units("shop-units"), 5);
	CU_ASSERT_EQUAL(amount("shop-money"), 8000 + 2800);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE external_id = '727' "
	    "AND backer = '26' AND placed_at = '2026-11-22 10:00:00'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines WHERE product_id = '93' "
	    "AND variant_id = '95' AND price = 4000"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines WHERE product_id = '40' "
	    "AND gift = 1"), 1);
	/* the same delivery twice */
	expect("woocommerce", "shop", "order.updated", NULL,
	    "woo-order-processing.json", "duplicate");
	CU_ASSERT_EQUAL(units("shop-units"), 5);
	expect("woocommerce", "shop", "order.updated", NULL,
	    "woo-order-cancelled.json", "cancelled");
	CU_ASSERT_EQUAL(units("shop-units"), 0);
	CU_ASSERT_EQUAL(amount("shop-money"), 0);
	/* a late copy of "processing": it never counts again */
	expect("woocommerce", "shop", "order.updated", NULL,
	    "woo-order-processing.json", "duplicate");
	CU_ASSERT_EQUAL(units("shop-units"), 0);
	/* a guest order: the billing e-mail */
	expect("woocommerce", "shop", "order.created", NULL,
	    "woo-order-guest.json", "counted");
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE external_id = '728' "
	    "AND backer = 'sam@example.org'"), 1);
	CU_ASSERT_EQUAL(units("shop-units"), 1);
}

static void
test_woocommerce_reordered(void)
{
	store("shop", "USD");
	/* cancelled arrives first, then the older processing and pending */
	expect("woocommerce", "shop", "order.updated", NULL,
	    "woo-order-cancelled.json", "cancelled_before_created");
	expect("woocommerce", "shop", "order.updated", NULL,
	    "woo-order-processing.json", "cancelled_before_created");
	expect("woocommerce", "shop", "order.created", NULL,
	    "woo-order-pending.json", "ignored");
	CU_ASSERT_EQUAL(units("shop-units"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_campaigns"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE external_id = '727' "
	    "AND status = 'cancelled'"), 1);
}

static void
test_unknown_topics_and_ctl(void)
{
	const char *const help[] = { "hooks", "set", "--help", NULL };
	const char *const badp[] = { "hooks", "set", "--store", "shop",
	    "--platform", "magento", NULL };
	const char *const nostore[] = { "hooks", "set", "--store", "nosuch",
	    "--platform", "shopify", NULL };
	const char *const shop[] = { "hooks", "set", "--store", "shop",
	    "--platform", "shopify", NULL };
	char	 out[2048], err[2048];

	store("shop", "USD");
	expect("shopify", "shop", "products/update", "u-1",
	    "shopify-order-create.json", "ignored");
	expect("shopify", "shop", "orders/updated", "u-2",
	    "shopify-order-create.json", "ignored");
	expect("woocommerce", "shop", "order.deleted", NULL,
	    "woo-order-processing.json", "ignored");
	expect("woocommerce", "shop", "product.updated", NULL,
	    "woo-order-processing.json", "ignored");
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders"), 0);
	CU_ASSERT_EQUAL(units("shop-units"), 0);
	/* a signed body that is not JSON */
	CU_ASSERT_EQUAL(deliver("shopify", "shop", "orders/create", "u-3",
	    "not json", 8, SIG_OK, NULL), 400);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM order_lines"), 0);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_tombstones"), 0);
	/* the Shopify ones by their event id (WooCommerce's key needs an order) */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_deliveries WHERE "
	    "result = 'ignored'"), 2);

	CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), help), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--platform shopify|woocommerce"));
	CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), badp), 2);
	CU_ASSERT_EQUAL(fx_ctl(FX, "x\n", out, sizeof(out), err, sizeof(err),
	    nostore), 1);
	CU_ASSERT_EQUAL(fx_ctl(FX, "\n", out, sizeof(out), err, sizeof(err), shop), 1);
	/* a new secret replaces the old one */
	CU_ASSERT_EQUAL(fx_ctl(FX, "rotated\n", out, sizeof(out), err, sizeof(err),
	    shop), 0);
	CU_ASSERT_EQUAL(deliver_file("shopify", "shop", "orders/create", "n-1",
	    "shopify-order-create.json", SIG_OK, NULL, 0), 401);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_secrets WHERE "
	    "secret = 'rotated'"), 1);
}

/* Fixture name with every "5804567890123" (the order id) replaced by id. */
static char *
fixture_as(const char *name, const char *id, size_t *len)
{
	const char	*old = "5804567890123";
	char		*src, *dst, *p, *q;
	size_t		 n;

	src = fixture(name, &n);
	if ((dst = malloc(n * 2 + 64)) == NULL)
		exit(1);
	for (p = src, q = dst; *p != '\0';) {
		if (strncmp(p, old, strlen(old)) == 0) {
			q += sprintf(q, "%s", id);
			p += strlen(old);
		} else
			*q++ = *p++;
	}
	*q = '\0';
	free(src);
	*len = (size_t)(q - dst);
	return dst;
}

/* Deliver in a child process; returns its pid.  Exit status 0 when 200. */
static pid_t
deliver_async(const char *topic, const char *event_id, const char *body,
    size_t len)
{
	struct fx_resp	 r;
	pid_t		 pid;
	int		 st;

	if ((pid = fork()) == -1)
		exit(1);
	if (pid > 0)
		return pid;
	st = deliver("shopify", "shop", topic, event_id, body, len, SIG_OK, &r);
	_exit(st == 200 ? 0 : 1);
}

static int
reap(pid_t pid)
{
	int	 st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * A cancel and its create at the same moment, and four copies of one
 * create at once.  Whatever the interleaving, each raced order ends
 * cancelled and uncounted, and the copies count once.
 */
static void
test_concurrent(void)
{
	char	 id[32], ev[32], q[256], *create, *cancel, *copy;
	size_t	 clen, xlen, len;
	pid_t	 a, b, p[4];
	int	 k, i;

	store("shop", "USD");
	for (k = 0; k < 6; k++) {
		snprintf(id, sizeof(id), "99000000%02d", k);
		create = fixture_as("shopify-order-create.json", id, &clen);
		cancel = fixture_as("shopify-order-cancelled.json", id, &xlen);
		snprintf(ev, sizeof(ev), "create-%d", k);
		if (k % 2 == 0) {
			a = deliver_async("orders/create", ev, create, clen);
			snprintf(ev, sizeof(ev), "cancel-%d", k);
			b = deliver_async("orders/cancelled", ev, cancel, xlen);
		} else {
			snprintf(ev, sizeof(ev), "cancel-%d", k);
			b = deliver_async("orders/cancelled", ev, cancel, xlen);
			snprintf(ev, sizeof(ev), "create-%d", k);
			a = deliver_async("orders/create", ev, create, clen);
		}
		CU_ASSERT_EQUAL(reap(a), 0);
		CU_ASSERT_EQUAL(reap(b), 0);
		free(create);
		free(cancel);
		snprintf(q, sizeof(q), "SELECT COUNT(*) FROM orders WHERE "
		    "external_id = '%s' AND status = 'cancelled'", id);
		CU_ASSERT_EQUAL(sql(q), 1);
		snprintf(q, sizeof(q), "SELECT COUNT(*) FROM order_campaigns oc "
		    "JOIN orders o ON o.id = oc.order_id WHERE o.external_id = '%s' "
		    "AND oc.active = 1", id);
		CU_ASSERT_EQUAL(sql(q), 0);
	}
	CU_ASSERT_EQUAL(units("shop-units"), 0);
	CU_ASSERT_EQUAL(amount("shop-money"), 0);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns WHERE slug = 'shop-units'"), 0);

	copy = fixture_as("shopify-order-create.json", "9900000099", &len);
	for (i = 0; i < 4; i++) {
		snprintf(ev, sizeof(ev), "copy-%d", i);
		p[i] = deliver_async(i % 2 ? "orders/paid" : "orders/create", ev,
		    copy, len);
	}
	for (i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(reap(p[i]), 0);
	free(copy);
	CU_ASSERT_EQUAL(units("shop-units"), 3);
	CU_ASSERT_EQUAL(amount("shop-money"), 44800);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_deliveries WHERE "
	    "delivery_key LIKE 'copy-%' AND result = 'counted'"), 1);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM hook_deliveries WHERE "
	    "delivery_key LIKE 'copy-%' AND result = 'duplicate'"), 3);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "shopify_order_mapping", test_shopify_order_mapping },
		{ "bad_signatures", test_bad_signatures },
		{ "currencies", test_currencies },
		{ "refund", test_refund },
		{ "cancel", test_cancel },
		{ "cancel_before_create", test_cancel_before_create },
		{ "woocommerce", test_woocommerce },
		{ "woocommerce_reordered", test_woocommerce_reordered },
		{ "unknown_topics_and_ctl", test_unknown_topics_and_ctl },
		{ "concurrent", test_concurrent },
		{ NULL, NULL }
	};
	static const struct fx_opts opts = { 2, NULL };

	if (sodium_init() < 0)
		return 1;
	return fx_run("hooks", cases, &opts, 1);
}
