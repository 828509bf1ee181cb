/*
 * test_domain_platform.c — Shopify and WooCommerce payloads onto orders,
 * cancels and refunds (domain/platform.h), on the fixtures of
 * tests/fixtures/hooks/ and on small hand-made bodies.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "domain/platform.h"

static const struct sg_currency *
cur(const char *code)
{
	return sg_currency_lookup(code);
}

/* A fixture file parsed; exits the test on failure. */
static cJSON *
fixture(const char *name)
{
	char	 path[1024], *buf;
	FILE	*f;
	long	 n;
	cJSON	*j;
	const char *src = getenv("top_srcdir");

	snprintf(path, sizeof(path), "%s/tests/fixtures/hooks/%s",
	    src != NULL ? src : ".", name);
	f = fopen(path, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_EQUAL_FATAL(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	j = cJSON_ParseWithLength(buf, (size_t)n);
	free(buf);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	return j;
}

static void
test_decimal(void)
{
	static const struct {
		const char *s, *code; enum sg_verr rc; int64_t v;
	} t[] = {
		{ "25.00", "USD", SG_VERR_OK, 2500 },
		{ "25", "USD", SG_VERR_OK, 2500 },
		{ "25.5", "USD", SG_VERR_OK, 2550 },
		{ "0.05", "USD", SG_VERR_OK, 5 },
		{ "0", "USD", SG_VERR_OK, 0 },
		{ "630", "JPY", SG_VERR_OK, 630 },
		{ "630.0", "JPY", SG_VERR_INVALID, 0 },
		{ "12.250", "KWD", SG_VERR_OK, 12250 },
		{ "3.5", "KWD", SG_VERR_OK, 3500 },
		{ "1.0001", "KWD", SG_VERR_INVALID, 0 },
		{ "19.999", "USD", SG_VERR_INVALID, 0 },
		{ "0.0001", "CLF", SG_VERR_OK, 1 },
		{ "10000000000.00", "USD", SG_VERR_OK, INT64_C(1000000000000) },
		{ "10000000000.01", "USD", SG_VERR_OUT_OF_RANGE, 0 },
		{ "99999999999999999999999", "USD", SG_VERR_OUT_OF_RANGE, 0 },
		{ "", "USD", SG_VERR_INVALID, 0 },
		{ ".5", "USD", SG_VERR_INVALID, 0 },
		{ "5.", "USD", SG_VERR_INVALID, 0 },
		{ "-1.00", "USD", SG_VERR_INVALID, 0 },
		{ "+1.00", "USD", SG_VERR_INVALID, 0 },
		{ "1,000.00", "USD", SG_VERR_INVALID, 0 },
		{ " 1.00", "USD", SG_VERR_INVALID, 0 },
		{ "1.00 ", "USD", SG_VERR_INVALID, 0 },
		{ "1e3", "USD", SG_VERR_INVALID, 0 },
		{ "1.2.3", "USD", SG_VERR_INVALID, 0 },
	};
	size_t	 i;
	int64_t	 v;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		v = -1;
		CU_ASSERT_EQUAL(sg_money_from_decimal_string(t[i].s, cur(t[i].code),
		    SG_PRICE_MAX, &v), t[i].rc);
		CU_ASSERT_EQUAL(v, t[i].rc == SG_VERR_OK ? t[i].v : -1);
	}
}

static void
test_shopify_order(void)
{
	struct sg_hook_msg	 m;
	struct sg_verror	 e;
	cJSON			*j = fixture("shopify-order-create.json");
	const struct sg_order	*o = &m.order;

	CU_ASSERT_EQUAL_FATAL(sg_platform_shopify("orders/create", j, cur("USD"),
	    &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_ORDER);
	CU_ASSERT_STRING_EQUAL(m.order_id, "5804567890123");
	CU_ASSERT_STRING_EQUAL(o->id, "5804567890123");
	/* 05:00-05:00 is 10:00Z */
	CU_ASSERT_EQUAL(o->placed_at, INT64_C(1795341600) * 1000000);
	CU_ASSERT_EQUAL(o->backer_kind, SG_BACKER_ID);
	CU_ASSERT_STRING_EQUAL(o->backer, "7012345678901");
	CU_ASSERT_STRING_EQUAL(o->email, "ana.lima@example.com");
	/* the custom line item (no product) is left out */
	CU_ASSERT_EQUAL_FATAL(o->nlines, 4);
	CU_ASSERT_STRING_EQUAL(o->lines[0].product_id, "8123456789012");
	CU_ASSERT_STRING_EQUAL(o->lines[0].variant_id, "44123456789012");
	CU_ASSERT_EQUAL(o->lines[0].has_variant, 1);
	CU_ASSERT_EQUAL(o->lines[0].quantity, 2);
	CU_ASSERT_EQUAL(o->lines[0].price, 19900);
	CU_ASSERT_EQUAL(o->lines[0].free_line, 0);
	CU_ASSERT_STRING_EQUAL(o->lines[1].variant_id, "44123456789013");
	CU_ASSERT_EQUAL(o->lines[1].price, 5000);
	CU_ASSERT_EQUAL(o->lines[1].free_line, 0);	/* another property */
	CU_ASSERT_STRING_EQUAL(o->lines[2].product_id, "8123456789099");
	CU_ASSERT_EQUAL(o->lines[2].has_variant, 0);
	CU_ASSERT_EQUAL(o->lines[2].price, 2550);
	CU_ASSERT_STRING_EQUAL(o->lines[3].product_id, "8123456789077");
	CU_ASSERT_EQUAL(o->lines[3].free_line, 1);
	sg_hook_msg_free(&m);
	/* orders/paid maps the same way */
	CU_ASSERT_EQUAL(sg_platform_shopify("orders/paid", j, cur("USD"), &m, &e),
	    SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_ORDER);
	sg_hook_msg_free(&m);
	/* a store in another currency refuses it */
	CU_ASSERT_EQUAL(sg_platform_shopify("orders/create", j, cur("EUR"), &m,
	    &e), SG_PARSE_INVALID);
	CU_ASSERT_STRING_EQUAL(e.field, "currency");
	cJSON_Delete(j);
}

static void
test_shopify_guest_and_currencies(void)
{
	struct sg_hook_msg	 m;
	struct sg_verror	 e;
	cJSON			*j;

	j = fixture("shopify-order-guest.json");
	CU_ASSERT_EQUAL_FATAL(sg_platform_shopify("orders/create", j, cur("USD"),
	    &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.order.backer_kind, SG_BACKER_EMAIL);
	CU_ASSERT_STRING_EQUAL(m.order.backer, "guest.buyer@example.com");
	CU_ASSERT_EQUAL(m.order.has_customer_id, 0);
	sg_hook_msg_free(&m);
	cJSON_Delete(j);

	j = fixture("shopify-order-jpy.json");
	CU_ASSERT_EQUAL_FATAL(sg_platform_shopify("orders/create", j, cur("JPY"),
	    &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL_FATAL(m.order.nlines, 2);
	CU_ASSERT_EQUAL(m.order.lines[0].price, 630);
	CU_ASSERT_EQUAL(m.order.lines[1].price, 1200);
	sg_hook_msg_free(&m);
	cJSON_Delete(j);

	j = fixture("shopify-order-kwd.json");
	CU_ASSERT_EQUAL_FATAL(sg_platform_shopify("orders/create", j, cur("KWD"),
	    &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.order.lines[0].price, 12250);
	CU_ASSERT_EQUAL(m.order.lines[1].price, 3500);
	sg_hook_msg_free(&m);
	cJSON_Delete(j);

	j = fixture("shopify-order-bad-decimals.json");
	CU_ASSERT_EQUAL(sg_platform_shopify("orders/create", j, cur("USD"), &m,
	    &e), SG_PARSE_INVALID);
	CU_ASSERT_EQUAL(e.code, SG_VERR_INVALID);
	CU_ASSERT_STRING_EQUAL(e.field, "line_items[0].price");
	cJSON_Delete(j);
}

static void
test_shopify_cancel_refund_other(void)
{
	struct sg_hook_msg	 m;
	struct sg_verror	 e;
	cJSON			*j;

	j = fixture("shopify-order-cancelled.json");
	CU_ASSERT_EQUAL_FATAL(sg_platform_shopify("orders/cancelled", j,
	    cur("USD"), &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_CANCEL);
	CU_ASSERT_STRING_EQUAL(m.order_id, "5804567890123");
	sg_hook_msg_free(&m);
	/* any other topic is ignored, whatever the body */
	CU_ASSERT_EQUAL(sg_platform_shopify("orders/updated", j, cur("USD"), &m,
	    &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_IGNORE);
	CU_ASSERT_EQUAL(sg_platform_shopify("products/create", NULL, cur("USD"),
	    &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_IGNORE);
	cJSON_Delete(j);

	j = fixture("shopify-refund.json");
	CU_ASSERT_EQUAL_FATAL(sg_platform_shopify("refunds/create", j,
	    cur("USD"), &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_REFUND);
	CU_ASSERT_STRING_EQUAL(m.refund_id, "929361462");
	/* the refund's own id is its key in the order service */
	CU_ASSERT_STRING_EQUAL(m.refund.id, "929361462");
	CU_ASSERT_STRING_EQUAL(m.order_id, "5804567890123");
	/* the gift line is not refunded toward anything */
	CU_ASSERT_EQUAL_FATAL(m.refund.nlines, 1);
	CU_ASSERT_STRING_EQUAL(m.refund.lines[0].product_id, "8123456789012");
	CU_ASSERT_EQUAL(m.refund.lines[0].quantity, 1);
	CU_ASSERT_EQUAL(m.refund.lines[0].amount, 19900);
	sg_hook_msg_free(&m);
	cJSON_Delete(j);

	/* without subtotal_set, the number subtotal; exact decimals only */
	j = cJSON_Parse("{\"id\":5,\"order_id\":6,\"refund_line_items\":[{"
	    "\"quantity\":2,\"subtotal\":19.9,\"line_item\":{\"product_id\":7}}]}");
	CU_ASSERT_EQUAL_FATAL(sg_platform_shopify("refunds/create", j,
	    cur("USD"), &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.refund.lines[0].amount, 1990);
	CU_ASSERT_STRING_EQUAL(m.refund.lines[0].product_id, "7");
	sg_hook_msg_free(&m);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"id\":5,\"order_id\":6,\"refund_line_items\":[{"
	    "\"quantity\":2,\"subtotal\":19.905,\"line_item\":{\"product_id\":7}}]}");
	CU_ASSERT_EQUAL(sg_platform_shopify("refunds/create", j, cur("USD"), &m,
	    &e), SG_PARSE_INVALID);
	CU_ASSERT_STRING_EQUAL(e.field, "refund_line_items[0].subtotal");
	cJSON_Delete(j);
	/* a refund of shipping only: nothing to refund, ignored */
	j = cJSON_Parse("{\"id\":5,\"order_id\":6,\"refund_line_items\":[]}");
	CU_ASSERT_EQUAL(sg_platform_shopify("refunds/create", j, cur("USD"), &m,
	    &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_IGNORE);
	cJSON_Delete(j);
}

static void
test_shopify_bad(void)
{
	static const struct { const char *body, *field; } t[] = {
		{ "{\"created_at\":\"2026-11-22T10:00:00Z\",\"currency\":\"USD\","
		  "\"email\":\"a@b.co\",\"line_items\":[]}", "id" },
		{ "{\"id\":1.5,\"created_at\":\"2026-11-22T10:00:00Z\"}", "id" },
		{ "{\"id\":-3}", "id" },
		{ "{\"id\":\"a b\"}", "id" },
		{ "{\"id\":1,\"created_at\":\"yesterday\",\"currency\":\"USD\"}",
		  "created_at" },
		{ "{\"id\":1,\"created_at\":\"2026-11-22T10:00:00Z\",\"currency\":"
		  "\"USD\",\"line_items\":[]}", "customer" },
		{ "{\"id\":1,\"created_at\":\"2026-11-22T10:00:00Z\",\"currency\":"
		  "\"USD\",\"email\":\"not-an-email\"}", "email" },
		{ "{\"id\":1,\"created_at\":\"2026-11-22T10:00:00Z\",\"currency\":"
		  "\"USD\",\"email\":\"a@b.co\",\"line_items\":[{\"product_id\":2,"
		  "\"quantity\":1,\"price\":25}]}", "line_items[0].price" },
		{ "{\"id\":1,\"created_at\":\"2026-11-22T10:00:00Z\",\"currency\":"
		  "\"USD\",\"email\":\"a@b.co\",\"line_items\":[{\"product_id\":2,"
		  "\"quantity\":1.5,\"price\":\"25\"}]}", "line_items[0].quantity" },
		{ "{\"id\":1,\"created_at\":\"2026-11-22T10:00:00Z\",\"currency\":"
		  "\"USD\",\"email\":\"a@b.co\",\"line_items\":[{\"product_id\":2,"
		  "\"quantity\":2000000,\"price\":\"25\"}]}", "line_items[0].quantity" },
		{ "{\"id\":1,\"created_at\":\"2026-11-22T10:00:00Z\",\"currency\":"
		  "\"USD\",\"email\":\"a@b.co\",\"line_items\":{}}", "line_items" },
	};
	struct sg_hook_msg	 m;
	struct sg_verror	 e;
	cJSON			*j;
	size_t			 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		j = cJSON_Parse(t[i].body);
		CU_ASSERT_PTR_NOT_NULL_FATAL(j);
		memset(&e, 0, sizeof(e));
		CU_ASSERT_EQUAL(sg_platform_shopify("orders/create", j, cur("USD"),
		    &m, &e), SG_PARSE_INVALID);
		CU_ASSERT_STRING_EQUAL(e.field, t[i].field);
		cJSON_Delete(j);
	}
	/* a JSON body that is not an object */
	j = cJSON_Parse("[1,2]");
	CU_ASSERT_EQUAL(sg_platform_shopify("orders/create", j, cur("USD"), &m,
	    &e), SG_PARSE_INVALID);
	cJSON_Delete(j);
	/* only custom line items: nothing to count, ignored */
	j = cJSON_Parse("{\"id\":1,\"created_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"email\":\"a@b.co\",\"line_items\":[{"
	    "\"product_id\":null,\"quantity\":1,\"price\":\"5.00\"}]}");
	CU_ASSERT_EQUAL(sg_platform_shopify("orders/create", j, cur("USD"), &m,
	    &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_IGNORE);
	cJSON_Delete(j);
}

static void
test_woo(void)
{
	struct sg_hook_msg	 m;
	struct sg_verror	 e;
	const struct sg_order	*o = &m.order;
	cJSON			*j;

	j = fixture("woo-order-pending.json");
	CU_ASSERT_EQUAL(sg_platform_woocommerce("order.created", j, cur("USD"),
	    &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_IGNORE);
	CU_ASSERT_STRING_EQUAL(m.order_id, "727");
	CU_ASSERT_STRING_EQUAL(m.stamp, "2026-11-22T10:00:01");
	cJSON_Delete(j);

	j = fixture("woo-order-processing.json");
	CU_ASSERT_EQUAL_FATAL(sg_platform_woocommerce("order.updated", j,
	    cur("USD"), &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_ORDER);
	CU_ASSERT_STRING_EQUAL(m.stamp, "2026-11-22T10:20:00");
	CU_ASSERT_STRING_EQUAL(o->id, "727");
	CU_ASSERT_EQUAL(o->placed_at, INT64_C(1795341600) * 1000000);
	CU_ASSERT_STRING_EQUAL(o->backer, "26");
	CU_ASSERT_STRING_EQUAL(o->email, "jo.doe@example.com");
	/* 2 x 40.00; 3 for 28.00 split as 2 x 9.33 + 1 x 9.34; the gift */
	CU_ASSERT_EQUAL_FATAL(o->nlines, 4);
	CU_ASSERT_STRING_EQUAL(o->lines[0].product_id, "93");
	CU_ASSERT_STRING_EQUAL(o->lines[0].variant_id, "95");
	CU_ASSERT_EQUAL(o->lines[0].quantity, 2);
	CU_ASSERT_EQUAL(o->lines[0].price, 4000);
	CU_ASSERT_STRING_EQUAL(o->lines[1].product_id, "22");
	CU_ASSERT_EQUAL(o->lines[1].has_variant, 0);
	CU_ASSERT_EQUAL(o->lines[1].quantity, 2);
	CU_ASSERT_EQUAL(o->lines[1].price, 933);
	CU_ASSERT_STRING_EQUAL(o->lines[2].product_id, "22");
	CU_ASSERT_EQUAL(o->lines[2].quantity, 1);
	CU_ASSERT_EQUAL(o->lines[2].price, 934);
	CU_ASSERT_EQUAL(o->lines[1].quantity * o->lines[1].price +
	    o->lines[2].quantity * o->lines[2].price, 2800);
	CU_ASSERT_STRING_EQUAL(o->lines[3].product_id, "40");
	CU_ASSERT_EQUAL(o->lines[3].free_line, 1);
	CU_ASSERT_EQUAL(o->lines[0].free_line, 0);
	sg_hook_msg_free(&m);
	cJSON_Delete(j);

	j = fixture("woo-order-cancelled.json");
	CU_ASSERT_EQUAL(sg_platform_woocommerce("order.updated", j, cur("USD"),
	    &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_CANCEL);
	CU_ASSERT_STRING_EQUAL(m.order_id, "727");
	CU_ASSERT_EQUAL(sg_platform_woocommerce("order.deleted", j, cur("USD"),
	    &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_IGNORE);
	cJSON_Delete(j);

	j = fixture("woo-order-guest.json");
	CU_ASSERT_EQUAL_FATAL(sg_platform_woocommerce("order.created", j,
	    cur("USD"), &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.action, SG_HOOK_ORDER);
	CU_ASSERT_EQUAL(o->backer_kind, SG_BACKER_EMAIL);
	CU_ASSERT_STRING_EQUAL(o->backer, "sam@example.org");
	CU_ASSERT_EQUAL(o->lines[0].price, 2500);
	sg_hook_msg_free(&m);
	cJSON_Delete(j);

	j = cJSON_Parse("{\"id\":9,\"status\":\"processing\",\"currency\":\"JPY\","
	    "\"date_created_gmt\":\"2026-11-22T12:00:00\",\"customer_id\":3,"
	    "\"line_items\":[{\"product_id\":4,\"quantity\":1,\"subtotal\":\"630.5\"}]}");
	CU_ASSERT_EQUAL(sg_platform_woocommerce("order.created", j, cur("JPY"),
	    &m, &e), SG_PARSE_INVALID);
	CU_ASSERT_STRING_EQUAL(e.field, "line_items[0].subtotal");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"id\":9,\"currency\":\"USD\"}");
	CU_ASSERT_EQUAL(sg_platform_woocommerce("order.created", j, cur("USD"),
	    &m, &e), SG_PARSE_INVALID);
	CU_ASSERT_STRING_EQUAL(e.field, "status");
	cJSON_Delete(j);
}

static void
test_ping_and_names(void)
{
	enum sg_platform	 p;

	CU_ASSERT_TRUE(sg_platform_woo_is_ping("webhook_id=15", 13));
	CU_ASSERT_FALSE(sg_platform_woo_is_ping("webhook_id=", 11));
	CU_ASSERT_FALSE(sg_platform_woo_is_ping("webhook_id=1x", 13));
	CU_ASSERT_FALSE(sg_platform_woo_is_ping("{\"id\":1}", 8));
	CU_ASSERT_EQUAL(sg_platform_parse("shopify", &p), 0);
	CU_ASSERT_EQUAL(p, SG_PLATFORM_SHOPIFY);
	CU_ASSERT_EQUAL(sg_platform_parse("woocommerce", &p), 0);
	CU_ASSERT_EQUAL(p, SG_PLATFORM_WOOCOMMERCE);
	CU_ASSERT_EQUAL(sg_platform_parse("Shopify", &p), -1);
	CU_ASSERT_STRING_EQUAL(sg_platform_name(SG_PLATFORM_WOOCOMMERCE),
	    "woocommerce");
}

static const struct unit_case cases[] = {
	{ "domain_platform", "decimal strings by exponent", test_decimal },
	{ "domain_platform", "shopify order", test_shopify_order },
	{ "domain_platform", "shopify guest, JPY, KWD, decimals",
	  test_shopify_guest_and_currencies },
	{ "domain_platform", "shopify cancel, refund, other topics",
	  test_shopify_cancel_refund_other },
	{ "domain_platform", "shopify bad payloads", test_shopify_bad },
	{ "domain_platform", "woocommerce statuses", test_woo },
	{ "domain_platform", "ping and names", test_ping_and_names },
	{ NULL, NULL, NULL }
};

int
main(void)
{
	return unit_run(cases);
}
