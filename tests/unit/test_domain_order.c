/* test_domain_order.c — order, refund, campaign, milestone bodies; fingerprint. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"
#include <cjson/cJSON.h>

#include "domain/order.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define ORDER_HEAD "\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\"," \
	"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\"},"
#define LINE "{\"product_id\":\"p-1\",\"quantity\":2,\"price\":2500}"

struct bodycase {
	const char	*json;
	int		 rc;		/* SG_PARSE_OK or _INVALID */
	const char	*code;		/* expected error code */
	const char	*field;		/* expected field path */
};

static void
run_order_case(const struct bodycase *c, size_t i)
{
	struct sg_order		 o;
	struct sg_verror	 e;
	cJSON			*j;
	int			 rc;

	memset(&e, 0, sizeof(e));
	j = cJSON_Parse(c->json);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	rc = sg_order_parse(j, &o, &e);
	CU_ASSERT_EQUAL(rc, c->rc);
	if (rc != c->rc)
		fprintf(stderr, "order case %zu: rc %d (%s %s)\n", i, rc,
		    sg_verr_code(e.code), e.field);
	if (rc == SG_PARSE_INVALID && c->code != NULL) {
		CU_ASSERT_STRING_EQUAL(sg_verr_code(e.code), c->code);
		CU_ASSERT_STRING_EQUAL(e.field, c->field);
		CU_ASSERT(e.message[0] != '\0');
		if (strcmp(sg_verr_code(e.code), c->code) != 0 ||
		    strcmp(e.field, c->field) != 0)
			fprintf(stderr, "order case %zu: %s %s (%s)\n", i,
			    sg_verr_code(e.code), e.field, e.message);
	}
	CU_ASSERT_PTR_NULL(rc == SG_PARSE_OK ? NULL : o.lines);
	sg_order_free(&o);
	cJSON_Delete(j);
}

static void
test_order_cases(void)
{
	static const struct bodycase cases[] = {
		{ "{" ORDER_HEAD "\"line_items\":[" LINE "]}", SG_PARSE_OK, 0, 0 },
		{ "[]", SG_PARSE_INVALID, "invalid_type", "" },
		{ "\"x\"", SG_PARSE_INVALID, "invalid_type", "" },
		{ "{}", SG_PARSE_INVALID, "required", "id" },
		/* id */
		{ "{\"id\":1001}", SG_PARSE_INVALID, "invalid_type", "id" },
		{ "{\"id\":\"\"}", SG_PARSE_INVALID, "too_short", "id" },
		{ "{\"id\":\"a b\"}", SG_PARSE_INVALID, "invalid_char", "id" },
		{ "{\"id\":\"\xff\"}", SG_PARSE_INVALID, "invalid_utf8", "id" },
		{ "{\"id\":\"1\",\"id\":\"2\"}", SG_PARSE_INVALID, "duplicate",
		    "id" },
		{ "{\"id\":null}", SG_PARSE_INVALID, "required", "id" },
		/* placed_at */
		{ "{\"id\":\"1\"}", SG_PARSE_INVALID, "required", "placed_at" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-02-30T00:00:00Z\"}",
		    SG_PARSE_INVALID, "invalid", "placed_at" },
		{ "{\"id\":\"1\",\"placed_at\":1795341600}",
		    SG_PARSE_INVALID, "invalid_type", "placed_at" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00\xc0\xaf\"}",
		    SG_PARSE_INVALID, "invalid_utf8", "placed_at" },
		/* currency */
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"usd\"}", SG_PARSE_INVALID, "invalid",
		    "currency" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"XXX\"}", SG_PARSE_INVALID, "invalid",
		    "currency" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"\xed\xa0\x80\"}", SG_PARSE_INVALID,
		    "invalid_utf8", "currency" },
		/* customer */
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\"}", SG_PARSE_INVALID, "required",
		    "customer" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":{}}", SG_PARSE_INVALID,
		    "required", "customer" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":{\"id\":null,"
		    "\"email\":\"  \"}}", SG_PARSE_INVALID, "required",
		    "customer" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":\"c-1\"}",
		    SG_PARSE_INVALID, "invalid_type", "customer" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":{\"id\":42}}",
		    SG_PARSE_INVALID, "invalid_type", "customer.id" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":{\"email\":\"nope\"}}",
		    SG_PARSE_INVALID, "invalid", "customer.email" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":{\"id\":\"c\","
		    "\"email\":\"a\xff@b.c\"}}", SG_PARSE_INVALID,
		    "invalid_utf8", "customer.email" },
		{ "{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":{\"id\":\"\xc3\"}}",
		    SG_PARSE_INVALID, "invalid_utf8", "customer.id" },
		/* line_items */
		{ "{" ORDER_HEAD "\"x\":1}", SG_PARSE_INVALID, "required",
		    "line_items" },
		{ "{" ORDER_HEAD "\"line_items\":[]}", SG_PARSE_INVALID,
		    "too_few", "line_items" },
		{ "{" ORDER_HEAD "\"line_items\":{}}", SG_PARSE_INVALID,
		    "invalid_type", "line_items" },
		{ "{" ORDER_HEAD "\"line_items\":[1]}", SG_PARSE_INVALID,
		    "invalid_type", "line_items[0]" },
		{ "{" ORDER_HEAD "\"line_items\":[" LINE ",{}]}",
		    SG_PARSE_INVALID, "required", "line_items[1].product_id" },
		{ "{" ORDER_HEAD "\"line_items\":[{\"product_id\":\"p\xff\"}]}",
		    SG_PARSE_INVALID, "invalid_utf8", "line_items[0].product_id" },
		{ "{" ORDER_HEAD "\"line_items\":[{\"product_id\":\"p\","
		    "\"variant_id\":\"\xf4\x90\x80\x80\"}]}", SG_PARSE_INVALID,
		    "invalid_utf8", "line_items[0].variant_id" },
		{ "{" ORDER_HEAD "\"line_items\":[{\"product_id\":\"p\","
		    "\"variant_id\":7}]}", SG_PARSE_INVALID,
		    "invalid_type", "line_items[0].variant_id" },
		{ "{" ORDER_HEAD "\"line_items\":[{\"product_id\":\"p\"}]}",
		    SG_PARSE_INVALID, "required", "line_items[0].quantity" },
#define Q(v) "{" ORDER_HEAD "\"line_items\":[" LINE ",{\"product_id\":\"p\"," \
	"\"quantity\":" v ",\"price\":1}]}"
		{ Q("2.5"), SG_PARSE_INVALID, "invalid", "line_items[1].quantity" },
		{ Q("\"2\""), SG_PARSE_INVALID, "invalid_type",
		    "line_items[1].quantity" },
		{ Q("true"), SG_PARSE_INVALID, "invalid_type",
		    "line_items[1].quantity" },
		{ Q("1e7"), SG_PARSE_INVALID, "out_of_range",
		    "line_items[1].quantity" },
		{ Q("1000001"), SG_PARSE_INVALID, "out_of_range",
		    "line_items[1].quantity" },
		{ Q("-1"), SG_PARSE_INVALID, "out_of_range",
		    "line_items[1].quantity" },
		{ Q("0"), SG_PARSE_INVALID, "out_of_range",
		    "line_items[1].quantity" },
		{ Q("1e400"), SG_PARSE_INVALID, "out_of_range",
		    "line_items[1].quantity" },
		{ Q("9007199254740993"), SG_PARSE_INVALID, "out_of_range",
		    "line_items[1].quantity" },
		{ Q("1000000"), SG_PARSE_OK, 0, 0 },
		{ Q("1"), SG_PARSE_OK, 0, 0 },
		{ Q("2.0"), SG_PARSE_OK, 0, 0 },
		{ Q("1e2"), SG_PARSE_OK, 0, 0 },
#define P(v) "{" ORDER_HEAD "\"line_items\":[{\"product_id\":\"p\"," \
	"\"quantity\":1,\"price\":" v "}]}"
		{ P("0"), SG_PARSE_OK, 0, 0 },
		{ P("1000000000000"), SG_PARSE_OK, 0, 0 },
		{ P("1000000000001"), SG_PARSE_INVALID, "out_of_range",
		    "line_items[0].price" },
		{ P("-1"), SG_PARSE_INVALID, "out_of_range",
		    "line_items[0].price" },
		{ P("0.01"), SG_PARSE_INVALID, "invalid", "line_items[0].price" },
		{ P("null"), SG_PARSE_INVALID, "required", "line_items[0].price" },
		{ P("\"25.00\""), SG_PARSE_INVALID, "invalid_type",
		    "line_items[0].price" },
		{ "{" ORDER_HEAD "\"line_items\":[{\"product_id\":\"p\","
		    "\"quantity\":1,\"price\":1,\"gift\":\"yes\"}]}",
		    SG_PARSE_INVALID, "invalid_type", "line_items[0].gift" },
		{ "{" ORDER_HEAD "\"line_items\":[{\"product_id\":\"p\","
		    "\"quantity\":1,\"price\":1,\"gift\":null,"
		    "\"variant_id\":null,\"extra\":[1,2]}],\"note\":\"hi\"}",
		    SG_PARSE_OK, 0, 0 },
		{ "{" ORDER_HEAD "\"line_items\":[{\"product_id\":\"p\","
		    "\"quantity\":1,\"quantity\":2,\"price\":1}]}",
		    SG_PARSE_INVALID, "duplicate", "line_items[0].quantity" },
	};
	size_t	 i;

	for (i = 0; i < N(cases); i++)
		run_order_case(&cases[i], i);
}

static cJSON *
parse(const char *s)
{
	cJSON	*j = cJSON_Parse(s);

	CU_ASSERT_PTR_NOT_NULL(j);
	return j;
}

static void
test_order_values(void)
{
	struct sg_order		 o;
	struct sg_verror	 e;
	cJSON			*j;

	j = parse("{\"id\":\"1001\",\"placed_at\":\"2026-11-22T11:00:00.5+01:00\","
	    "\"currency\":\"JPY\",\"customer\":{\"email\":\"  Ana@Example.COM \"},"
	    "\"line_items\":[{\"product_id\":\"p-1\",\"variant_id\":\"v-1\","
	    "\"quantity\":2,\"price\":2500},{\"product_id\":\"g-1\","
	    "\"quantity\":1,\"price\":0,\"gift\":true}]}");
	CU_ASSERT_EQUAL_FATAL(sg_order_parse(j, &o, &e), SG_PARSE_OK);
	CU_ASSERT_STRING_EQUAL(o.id, "1001");
	CU_ASSERT_EQUAL(o.placed_at, INT64_C(1795341600500000));
	CU_ASSERT_STRING_EQUAL(o.currency->code, "JPY");
	CU_ASSERT_EQUAL(o.has_customer_id, 0);
	CU_ASSERT_EQUAL(o.has_email, 1);
	CU_ASSERT_EQUAL(o.backer_kind, SG_BACKER_EMAIL);
	CU_ASSERT_STRING_EQUAL(o.backer, "ana@example.com");
	CU_ASSERT_EQUAL_FATAL(o.nlines, 2);
	CU_ASSERT_STRING_EQUAL(o.lines[0].variant_id, "v-1");
	CU_ASSERT_EQUAL(o.lines[0].has_variant, 1);
	CU_ASSERT_EQUAL(o.lines[0].quantity, 2);
	CU_ASSERT_EQUAL(o.lines[0].price, 2500);
	CU_ASSERT_EQUAL(o.lines[0].free_line, 0);
	CU_ASSERT_EQUAL(o.lines[1].has_variant, 0);
	CU_ASSERT_EQUAL(o.lines[1].free_line, 1);
	sg_order_free(&o);
	sg_order_free(&o);	/* twice is harmless */
	cJSON_Delete(j);

	/* Identity by id wins over email. */
	j = parse("{" ORDER_HEAD "\"line_items\":[" LINE "]}");
	CU_ASSERT_EQUAL_FATAL(sg_order_parse(j, &o, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(o.backer_kind, SG_BACKER_ID);
	CU_ASSERT_STRING_EQUAL(o.backer, "c-42");
	sg_order_free(&o);
	cJSON_Delete(j);
	j = parse("{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"C-42\","
	    "\"email\":\"x@y.z\"},\"line_items\":[" LINE "]}");
	CU_ASSERT_EQUAL_FATAL(sg_order_parse(j, &o, &e), SG_PARSE_OK);
	CU_ASSERT_STRING_EQUAL(o.backer, "C-42");	/* ids keep case */
	CU_ASSERT_STRING_EQUAL(o.email, "x@y.z");
	sg_order_free(&o);
	cJSON_Delete(j);
	/* id given, email blank: fine, email absent. */
	j = parse("{\"id\":\"1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"c\","
	    "\"email\":\"\"},\"line_items\":[" LINE "]}");
	CU_ASSERT_EQUAL_FATAL(sg_order_parse(j, &o, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(o.has_email, 0);
	sg_order_free(&o);
	cJSON_Delete(j);
}

static void
test_order_limits(void)
{
	struct sg_order		 o;
	struct sg_verror	 e;
	cJSON			*j, *arr, *l;
	int			 i;

	j = parse("{" ORDER_HEAD "\"line_items\":[]}");
	arr = cJSON_GetObjectItem(j, "line_items");
	for (i = 0; i < SG_ORDER_LINES_MAX; i++) {
		l = cJSON_Parse(LINE);
		cJSON_AddItemToArray(arr, l);
	}
	CU_ASSERT_EQUAL(sg_order_parse(j, &o, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(o.nlines, SG_ORDER_LINES_MAX);
	sg_order_free(&o);
	cJSON_AddItemToArray(arr, cJSON_Parse(LINE));
	CU_ASSERT_EQUAL(sg_order_parse(j, &o, &e), SG_PARSE_INVALID);
	CU_ASSERT_STRING_EQUAL(sg_verr_code(e.code), "too_many");
	CU_ASSERT_STRING_EQUAL(e.field, "line_items");
	cJSON_Delete(j);

	/* Nine lines of 10^18 fit, the tenth overflows the total. */
	j = parse("{" ORDER_HEAD "\"line_items\":[]}");
	arr = cJSON_GetObjectItem(j, "line_items");
	for (i = 0; i < 9; i++)
		cJSON_AddItemToArray(arr, cJSON_Parse("{\"product_id\":\"p\","
		    "\"quantity\":1000000,\"price\":1000000000000}"));
	CU_ASSERT_EQUAL(sg_order_parse(j, &o, &e), SG_PARSE_OK);
	sg_order_free(&o);
	cJSON_AddItemToArray(arr, cJSON_Parse("{\"product_id\":\"p\","
	    "\"quantity\":1000000,\"price\":1000000000000,\"gift\":true}"));
	CU_ASSERT_EQUAL(sg_order_parse(j, &o, &e), SG_PARSE_INVALID);
	CU_ASSERT_STRING_EQUAL(sg_verr_code(e.code), "overflow");
	CU_ASSERT_STRING_EQUAL(e.field, "line_items[9].price");
	CU_ASSERT_PTR_NULL(o.lines);
	cJSON_Delete(j);
}

static int
fingerprint_of(const char *json, unsigned char fp[SG_FINGERPRINT_BYTES])
{
	struct sg_order		 o;
	struct sg_verror	 e;
	cJSON			*j;
	int			 rc = -1;

	if ((j = cJSON_Parse(json)) == NULL)
		return -1;
	if (sg_order_parse(j, &o, &e) == SG_PARSE_OK) {
		rc = sg_order_fingerprint(&o, fp);
		sg_order_free(&o);
	}
	cJSON_Delete(j);
	return rc;
}

static void
test_fingerprint(void)
{
	static const char base[] =
	    "{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\","
	    "\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
	    "\"p-1\",\"variant_id\":\"v-1\",\"quantity\":2,\"price\":2500}]}";
	static const char *const same[] = {
		"{ \"line_items\" : [ { \"price\" : 2500, \"quantity\" : 2.0,"
		" \"variant_id\" : \"v-1\", \"product_id\" : \"p-1\","
		" \"gift\": false } ],\n \"customer\": {\"email\": \" ANA@example.com\","
		" \"id\": \"c-42\"}, \"currency\": \"USD\", \"id\": \"1001\","
		" \"placed_at\": \"2026-11-22T11:00:00+01:00\", \"note\": 1}",
		"{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00.000Z\","
		"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\","
		"\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
		"\"p-1\",\"variant_id\":\"v-1\",\"quantity\":2,\"price\":2500,"
		"\"gift\":null}]}",
	};
	static const char *const differ[] = {
		/* id */
		"{\"id\":\"1002\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\","
		"\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
		"\"p-1\",\"variant_id\":\"v-1\",\"quantity\":2,\"price\":2500}]}",
		/* time, by one microsecond */
		"{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00.000001Z\","
		"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\","
		"\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
		"\"p-1\",\"variant_id\":\"v-1\",\"quantity\":2,\"price\":2500}]}",
		/* currency */
		"{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		"\"currency\":\"EUR\",\"customer\":{\"id\":\"c-42\","
		"\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
		"\"p-1\",\"variant_id\":\"v-1\",\"quantity\":2,\"price\":2500}]}",
		/* no email */
		"{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\"},"
		"\"line_items\":[{\"product_id\":"
		"\"p-1\",\"variant_id\":\"v-1\",\"quantity\":2,\"price\":2500}]}",
		/* no variant */
		"{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\","
		"\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
		"\"p-1\",\"quantity\":2,\"price\":2500}]}",
		/* quantity */
		"{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\","
		"\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
		"\"p-1\",\"variant_id\":\"v-1\",\"quantity\":3,\"price\":2500}]}",
		/* price */
		"{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\","
		"\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
		"\"p-1\",\"variant_id\":\"v-1\",\"quantity\":2,\"price\":2501}]}",
		/* gift */
		"{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\","
		"\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
		"\"p-1\",\"variant_id\":\"v-1\",\"quantity\":2,\"price\":2500,"
		"\"gift\":true}]}",
		/* a second line */
		"{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\","
		"\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
		"\"p-1\",\"variant_id\":\"v-1\",\"quantity\":2,\"price\":2500},"
		"{\"product_id\":\"p-1\",\"quantity\":1,\"price\":0}]}",
		/* field boundaries: product "p-1v" + no variant vs ... */
		"{\"id\":\"1001\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		"\"currency\":\"USD\",\"customer\":{\"id\":\"c-42\","
		"\"email\":\"ana@example.com\"},\"line_items\":[{\"product_id\":"
		"\"p-1v-1\",\"quantity\":2,\"price\":2500}]}",
	};
	unsigned char	 a[SG_FINGERPRINT_BYTES], b[SG_FINGERPRINT_BYTES];
	size_t		 i;

	CU_ASSERT_EQUAL_FATAL(fingerprint_of(base, a), 0);
	for (i = 0; i < N(same); i++) {
		CU_ASSERT_EQUAL(fingerprint_of(same[i], b), 0);
		CU_ASSERT_EQUAL(memcmp(a, b, sizeof(a)), 0);
	}
	for (i = 0; i < N(differ); i++) {
		CU_ASSERT_EQUAL(fingerprint_of(differ[i], b), 0);
		CU_ASSERT_NOT_EQUAL(memcmp(a, b, sizeof(a)), 0);
		if (memcmp(a, b, sizeof(a)) == 0)
			fprintf(stderr, "fingerprint differ %zu equal\n", i);
	}
}

static void
test_refund_parse(void)
{
	static const struct bodycase cases[] = {
		{ "{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
		    "\"amount\":2500}]}", SG_PARSE_OK, 0, 0 },
		{ "{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":0,"
		    "\"amount\":2500}]}", SG_PARSE_OK, 0, 0 },
		/* The store's refund id: required, an external id. */
		{ "{\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
		    "\"amount\":2500}]}", SG_PARSE_INVALID, "required", "id" },
		{ "{\"id\":null,\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
		    "\"amount\":2500}]}", SG_PARSE_INVALID, "required", "id" },
		{ "{\"id\":5,\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
		    "\"amount\":2500}]}", SG_PARSE_INVALID, "invalid_type", "id" },
		{ "{\"id\":\"a b\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
		    "\"amount\":2500}]}", SG_PARSE_INVALID, "invalid_char", "id" },
		{ "{\"id\":\"..\",\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
		    "\"amount\":2500}]}", SG_PARSE_INVALID, "invalid", "id" },
		{ "{\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":0,"
		    "\"amount\":0}]}", SG_PARSE_INVALID, "invalid",
		    "line_items[0].quantity" },
		{ "{\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1}]}",
		    SG_PARSE_INVALID, "required", "line_items[0].amount" },
		{ "{\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":-1,"
		    "\"amount\":0}]}", SG_PARSE_INVALID, "out_of_range",
		    "line_items[0].quantity" },
		{ "{\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
		    "\"amount\":1.5}]}", SG_PARSE_INVALID, "invalid",
		    "line_items[0].amount" },
		{ "{\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
		    "\"amount\":1000000000001}]}", SG_PARSE_INVALID,
		    "out_of_range", "line_items[0].amount" },
		{ "{\"line_items\":[]}", SG_PARSE_INVALID, "too_few",
		    "line_items" },
		{ "{}", SG_PARSE_INVALID, "required", "line_items" },
		{ "[]", SG_PARSE_INVALID, "invalid_type", "" },
		{ "{\"line_items\":[{\"product_id\":\"\xff\",\"quantity\":1,"
		    "\"amount\":1}]}", SG_PARSE_INVALID, "invalid_utf8",
		    "line_items[0].product_id" },
	};
	struct sg_refund	 r;
	struct sg_verror	 e;
	cJSON			*j;
	size_t			 i;
	int			 rc;

	for (i = 0; i < N(cases); i++) {
		j = parse(cases[i].json);
		rc = sg_refund_parse(j, &r, &e);
		CU_ASSERT_EQUAL(rc, cases[i].rc);
		if (rc == SG_PARSE_INVALID) {
			CU_ASSERT_STRING_EQUAL(sg_verr_code(e.code),
			    cases[i].code);
			CU_ASSERT_STRING_EQUAL(e.field, cases[i].field);
		} else if (rc == SG_PARSE_OK) {
			CU_ASSERT_EQUAL(r.nlines, 1);
			CU_ASSERT_STRING_EQUAL(r.lines[0].product_id, "p-1");
			CU_ASSERT_STRING_EQUAL(r.id, "r-1");
		}
		sg_refund_free(&r);
		cJSON_Delete(j);
	}
}

/* The refund fingerprint: id and lines count; spelling does not. */
static void
test_refund_fingerprint(void)
{
	static const char *const same[] = {
		"{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"p-1\","
		    "\"quantity\":1,\"amount\":2500}]}",
		"{ \"line_items\" : [{\"amount\":2500,\"quantity\":1.0,"
		    "\"product_id\":\"p-1\"}], \"note\":1, \"id\":\"r-1\"}",
	};
	static const char *const other[] = {
		"{\"id\":\"r-2\",\"line_items\":[{\"product_id\":\"p-1\","
		    "\"quantity\":1,\"amount\":2500}]}",
		"{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"p-2\","
		    "\"quantity\":1,\"amount\":2500}]}",
		"{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"p-1\","
		    "\"quantity\":2,\"amount\":2500}]}",
		"{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"p-1\","
		    "\"quantity\":1,\"amount\":2501}]}",
		"{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"p-1\","
		    "\"quantity\":1,\"amount\":2500},{\"product_id\":\"p-1\","
		    "\"quantity\":1,\"amount\":0}]}",
	};
	unsigned char	 fp0[SG_FINGERPRINT_BYTES], fp[SG_FINGERPRINT_BYTES];
	struct sg_refund r;
	struct sg_verror e;
	cJSON		*j;
	size_t		 i;

	for (i = 0; i < N(same); i++) {
		j = parse(same[i]);
		CU_ASSERT_EQUAL_FATAL(sg_refund_parse(j, &r, &e), SG_PARSE_OK);
		CU_ASSERT_EQUAL(sg_refund_fingerprint(&r, i == 0 ? fp0 : fp), 0);
		if (i > 0)
			CU_ASSERT_EQUAL(memcmp(fp0, fp, sizeof(fp)), 0);
		sg_refund_free(&r);
		cJSON_Delete(j);
	}
	for (i = 0; i < N(other); i++) {
		j = parse(other[i]);
		CU_ASSERT_EQUAL_FATAL(sg_refund_parse(j, &r, &e), SG_PARSE_OK);
		CU_ASSERT_EQUAL(sg_refund_fingerprint(&r, fp), 0);
		CU_ASSERT_NOT_EQUAL(memcmp(fp0, fp, sizeof(fp)), 0);
		sg_refund_free(&r);
		cJSON_Delete(j);
	}
}

static void
test_campaign(void)
{
	static const struct { const char *json; int patch; int rc;
	    const char *code, *field; } cases[] = {
		{ "{\"slug\":\"board-game\",\"title\":\"Board game\","
		    "\"goal_kind\":\"money\",\"goal\":100000}", 0, SG_PARSE_OK,
		    0, 0 },
		{ "{\"title\":\"x\",\"goal_kind\":\"money\",\"goal\":1}", 0,
		    SG_PARSE_INVALID, "required", "slug" },
		{ "{\"slug\":\"Bad\",\"title\":\"x\",\"goal_kind\":\"money\","
		    "\"goal\":1}", 0, SG_PARSE_INVALID, "invalid_char", "slug" },
		{ "{\"slug\":\"a\",\"goal_kind\":\"money\",\"goal\":1}", 0,
		    SG_PARSE_INVALID, "required", "title" },
		{ "{\"slug\":\"a\",\"title\":\"\",\"goal_kind\":\"money\","
		    "\"goal\":1}", 0, SG_PARSE_INVALID, "too_short", "title" },
		{ "{\"slug\":\"a\",\"title\":\"a\\nb\",\"goal_kind\":\"money\","
		    "\"goal\":1}", 0, SG_PARSE_INVALID, "invalid_char", "title" },
		{ "{\"slug\":\"a\",\"title\":\"\xc3\x28\",\"goal_kind\":\"money\","
		    "\"goal\":1}", 0, SG_PARSE_INVALID, "invalid_utf8", "title" },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"description\":\"\xe0\x80\x80\","
		    "\"goal_kind\":\"money\",\"goal\":1}", 0, SG_PARSE_INVALID,
		    "invalid_utf8", "description" },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"description\":\"l1\\nl2\","
		    "\"goal_kind\":\"units\",\"goal\":1}", 0, SG_PARSE_OK, 0, 0 },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"euros\","
		    "\"goal\":1}", 0, SG_PARSE_INVALID, "invalid", "goal_kind" },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"units\","
		    "\"goal\":0}", 0, SG_PARSE_INVALID, "out_of_range", "goal" },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"units\"}", 0,
		    SG_PARSE_INVALID, "required", "goal" },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"units\","
		    "\"goal\":1,\"product_ids\":[\"p\",\"p\"]}", 0,
		    SG_PARSE_INVALID, "duplicate", "product_ids[1]" },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"units\","
		    "\"goal\":1,\"product_ids\":[\"p\",3]}", 0,
		    SG_PARSE_INVALID, "invalid_type", "product_ids[1]" },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"units\","
		    "\"goal\":1,\"product_ids\":\"p\"}", 0,
		    SG_PARSE_INVALID, "invalid_type", "product_ids" },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"units\","
		    "\"goal\":1,\"starts_at\":\"2026-12-01T00:00:00Z\","
		    "\"ends_at\":\"2026-12-01T00:00:00Z\"}", 0,
		    SG_PARSE_INVALID, "invalid", "ends_at" },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"units\","
		    "\"goal\":1,\"starts_at\":\"2026-12-01T00:00:00Z\","
		    "\"ends_at\":\"2026-12-01T00:00:01Z\",\"status\":\"live\"}",
		    0, SG_PARSE_OK, 0, 0 },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"units\","
		    "\"goal\":1,\"status\":\"paused\"}", 0, SG_PARSE_INVALID,
		    "invalid", "status" },
		/* patches */
		{ "{}", 1, SG_PARSE_OK, 0, 0 },
		{ "{\"title\":\"New\"}", 1, SG_PARSE_OK, 0, 0 },
		{ "{\"title\":null}", 1, SG_PARSE_INVALID, "required", "title" },
		{ "{\"goal\":null}", 1, SG_PARSE_INVALID, "required", "goal" },
		{ "{\"status\":null}", 1, SG_PARSE_INVALID, "required",
		    "status" },
		{ "{\"ends_at\":null,\"description\":null}", 1, SG_PARSE_OK,
		    0, 0 },
		{ "{\"goal\":1000000000000001}", 1, SG_PARSE_INVALID,
		    "out_of_range", "goal" },
	};
	struct sg_campaign_input c;
	struct sg_verror	 e;
	cJSON			*j;
	size_t			 i;
	int			 rc;

	for (i = 0; i < N(cases); i++) {
		j = parse(cases[i].json);
		rc = sg_campaign_parse(j, cases[i].patch, &c, &e);
		CU_ASSERT_EQUAL(rc, cases[i].rc);
		if (rc != cases[i].rc)
			fprintf(stderr, "campaign case %zu: %s %s\n", i,
			    sg_verr_code(e.code), e.field);
		if (rc == SG_PARSE_INVALID && cases[i].code != NULL) {
			CU_ASSERT_STRING_EQUAL(sg_verr_code(e.code),
			    cases[i].code);
			CU_ASSERT_STRING_EQUAL(e.field, cases[i].field);
		}
		cJSON_Delete(j);
	}

	/* Values and presence bits. */
	j = parse("{\"slug\":\"bg\",\"title\":\"T\",\"goal_kind\":\"money\","
	    "\"goal\":5000,\"product_ids\":[\"p-1\",\"p-2\"]}");
	CU_ASSERT_EQUAL_FATAL(sg_campaign_parse(j, 0, &c, &e), SG_PARSE_OK);
	CU_ASSERT_STRING_EQUAL(c.slug, "bg");
	CU_ASSERT_EQUAL(c.goal_kind, SG_GOAL_MONEY);
	CU_ASSERT_EQUAL(c.goal, 5000);
	CU_ASSERT_EQUAL(c.nproduct_ids, 2);
	CU_ASSERT_STRING_EQUAL(c.product_ids[1], "p-2");
	CU_ASSERT_STRING_EQUAL(c.description, "");
	CU_ASSERT_EQUAL(c.status, SG_STATUS_DRAFT);
	CU_ASSERT_EQUAL(c.has_starts, 0);
	CU_ASSERT(c.has & SG_CF_PRODUCT_IDS);
	CU_ASSERT_FALSE(c.has & SG_CF_STATUS);
	cJSON_Delete(j);
	j = parse("{\"ends_at\":null,\"description\":null}");
	CU_ASSERT_EQUAL_FATAL(sg_campaign_parse(j, 1, &c, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(c.has, SG_CF_ENDS_AT | SG_CF_DESCRIPTION);
	CU_ASSERT_EQUAL(c.has_ends, 0);
	cJSON_Delete(j);
}

/* theme, accent, radius of a campaign body and the contrast rule. */
static void
test_campaign_look(void)
{
	static const struct { const char *json; int patch; int rc;
	    const char *field; } cases[] = {
		{ "{\"theme\":\"dark\",\"accent\":\"#7B2FF7\",\"radius\":0}", 1,
		    SG_PARSE_OK, NULL },
		{ "{\"accent\":null,\"radius\":null}", 1, SG_PARSE_OK, NULL },
		{ "{\"radius\":24}", 1, SG_PARSE_OK, NULL },
		{ "{\"radius\":25}", 1, SG_PARSE_INVALID, "radius" },
		{ "{\"radius\":-1}", 1, SG_PARSE_INVALID, "radius" },
		{ "{\"radius\":\"6\"}", 1, SG_PARSE_INVALID, "radius" },
		{ "{\"theme\":null}", 1, SG_PARSE_INVALID, "theme" },
		{ "{\"theme\":\"Dark\"}", 1, SG_PARSE_INVALID, "theme" },
		{ "{\"accent\":\"7b2ff7\"}", 1, SG_PARSE_INVALID, "accent" },
		{ "{\"accent\":\"#7b2ff\"}", 1, SG_PARSE_INVALID, "accent" },
		{ "{\"accent\":\"#7b2ff7 \"}", 1, SG_PARSE_INVALID, "accent" },
		{ "{\"accent\":\"#gggggg\"}", 1, SG_PARSE_INVALID, "accent" },
		{ "{\"accent\":true}", 1, SG_PARSE_INVALID, "accent" },
		/* on create the contrast rule runs at once */
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"units\","
		    "\"goal\":1,\"theme\":\"light\",\"accent\":\"#ffff00\"}", 0,
		    SG_PARSE_INVALID, "accent" },
		{ "{\"slug\":\"a\",\"title\":\"t\",\"goal_kind\":\"units\","
		    "\"goal\":1,\"theme\":\"dark\",\"accent\":\"#ffff00\"}", 0,
		    SG_PARSE_OK, NULL },
	};
	struct sg_campaign_input c;
	struct sg_verror	 e;
	uint32_t		 rgb = 0;
	cJSON			*j;
	size_t			 i;
	int			 rc;

	for (i = 0; i < N(cases); i++) {
		j = parse(cases[i].json);
		rc = sg_campaign_parse(j, cases[i].patch, &c, &e);
		CU_ASSERT_EQUAL(rc, cases[i].rc);
		if (rc != cases[i].rc)
			fprintf(stderr, "look case %zu: %s %s\n", i,
			    sg_verr_code(e.code), e.field);
		if (rc == SG_PARSE_INVALID && cases[i].field != NULL)
			CU_ASSERT_STRING_EQUAL(e.field, cases[i].field);
		cJSON_Delete(j);
	}
	j = parse("{\"theme\":\"dark\",\"accent\":\"#7B2FF7\",\"radius\":12}");
	CU_ASSERT_EQUAL_FATAL(sg_campaign_parse(j, 1, &c, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(c.has, SG_CF_THEME | SG_CF_ACCENT | SG_CF_RADIUS);
	CU_ASSERT_EQUAL(c.theme, SG_THEME_DARK);
	CU_ASSERT(c.has_accent);
	CU_ASSERT_EQUAL(c.accent, 0x7b2ff7);
	CU_ASSERT(c.has_radius);
	CU_ASSERT_EQUAL(c.radius, 12);
	cJSON_Delete(j);
	j = parse("{\"accent\":null}");
	CU_ASSERT_EQUAL_FATAL(sg_campaign_parse(j, 1, &c, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(c.has, SG_CF_ACCENT);
	CU_ASSERT_FALSE(c.has_accent);
	cJSON_Delete(j);

	/* WCAG contrast 3:1: white on light, black on dark, both on auto. */
	CU_ASSERT_PTR_NULL(sg_look_accent_check(SG_THEME_LIGHT, 0x23794a));
	CU_ASSERT_PTR_NULL(sg_look_accent_check(SG_THEME_LIGHT, 0x000000));
	CU_ASSERT_PTR_NOT_NULL(sg_look_accent_check(SG_THEME_DARK, 0x000000));
	CU_ASSERT_PTR_NULL(sg_look_accent_check(SG_THEME_DARK, 0xffffff));
	CU_ASSERT_PTR_NOT_NULL(sg_look_accent_check(SG_THEME_LIGHT, 0xffffff));
	CU_ASSERT_PTR_NOT_NULL(sg_look_accent_check(SG_THEME_AUTO, 0xffffff));
	CU_ASSERT_PTR_NOT_NULL(sg_look_accent_check(SG_THEME_AUTO, 0x101010));
	CU_ASSERT_PTR_NULL(sg_look_accent_check(SG_THEME_AUTO, 0x7b2ff7));
	CU_ASSERT_PTR_NULL(sg_look_accent_check(SG_THEME_AUTO, 0x777777));
	/* #949494 is 3.03:1 on white, #959595 2.99:1 */
	CU_ASSERT_PTR_NULL(sg_look_accent_check(SG_THEME_LIGHT, 0x949494));
	CU_ASSERT_PTR_NOT_NULL(sg_look_accent_check(SG_THEME_LIGHT, 0x959595));
	CU_ASSERT_PTR_NOT_NULL(strstr(sg_look_accent_check(SG_THEME_LIGHT,
	    0xffff00), "1.0:1"));
	CU_ASSERT_EQUAL(sg_look_accent_parse("#aBc123", &rgb), 0);
	CU_ASSERT_EQUAL(rgb, 0xabc123);
	CU_ASSERT_EQUAL(sg_look_accent_parse("#abc12", &rgb), -1);
	CU_ASSERT_EQUAL(sg_look_accent_parse("", &rgb), -1);
	CU_ASSERT_EQUAL(sg_look_accent_parse(NULL, &rgb), -1);
	CU_ASSERT_STRING_EQUAL(sg_theme_name(SG_THEME_DARK), "dark");
}

static void
test_milestone(void)
{
	static const struct { const char *json; int patch; int rc;
	    const char *code, *field; } cases[] = {
		{ "{\"target\":5000,\"title\":\"Wooden tokens\"}", 0,
		    SG_PARSE_OK, 0, 0 },
		{ "{\"title\":\"x\"}", 0, SG_PARSE_INVALID, "required",
		    "target" },
		{ "{\"target\":0,\"title\":\"x\"}", 0, SG_PARSE_INVALID,
		    "out_of_range", "target" },
		{ "{\"target\":1.5,\"title\":\"x\"}", 0, SG_PARSE_INVALID,
		    "invalid", "target" },
		{ "{\"target\":1}", 0, SG_PARSE_INVALID, "required", "title" },
		{ "{\"target\":1,\"title\":\"x\",\"reward\":\"gift\"}", 0,
		    SG_PARSE_INVALID, "required", "gift_product_id" },
		{ "{\"target\":1,\"title\":\"x\",\"reward\":\"gift\","
		    "\"gift_product_id\":\"g-1\",\"scope\":\"new\"}", 0,
		    SG_PARSE_OK, 0, 0 },
		{ "{\"target\":1,\"title\":\"x\",\"gift_product_id\":\"g-1\"}",
		    0, SG_PARSE_INVALID, "invalid", "gift_product_id" },
		{ "{\"target\":1,\"title\":\"x\",\"reward\":\"money\"}", 0,
		    SG_PARSE_INVALID, "invalid", "reward" },
		{ "{\"target\":1,\"title\":\"x\",\"scope\":\"some\"}", 0,
		    SG_PARSE_INVALID, "invalid", "scope" },
		{ "{\"target\":1,\"title\":\"x\",\"reward\":\"gift\","
		    "\"gift_product_id\":\"g\",\"gift_quantity\":0}", 0,
		    SG_PARSE_INVALID, "out_of_range", "gift_quantity" },
		{ "{\"target\":1,\"title\":\"x\",\"image_url\":"
		    "\"javascript:alert(1)\"}", 0, SG_PARSE_INVALID, "invalid",
		    "image_url" },
		{ "{\"target\":1,\"title\":\"x\",\"image_url\":"
		    "\"/media/a.png\",\"before_text\":\"b\\nc\","
		    "\"after_text\":\"\"}", 0, SG_PARSE_OK, 0, 0 },
		{ "{\"target\":1,\"title\":\"x\",\"after_text\":\"\xef\xbf\"}",
		    0, SG_PARSE_INVALID, "invalid_utf8", "after_text" },
		{ "{\"target\":1,\"title\":\"x\",\"before_text\":\"\\u0007\"}",
		    0, SG_PARSE_INVALID, "invalid_char", "before_text" },
		{ "{\"target\":1,\"title\":\"x\",\"image_url\":\"\xff\"}",
		    0, SG_PARSE_INVALID, "invalid_utf8", "image_url" },
		/* patches */
		{ "{\"after_text\":\"Unlocked!\"}", 1, SG_PARSE_OK, 0, 0 },
		{ "{\"image_url\":null}", 1, SG_PARSE_OK, 0, 0 },
		{ "{\"target\":null}", 1, SG_PARSE_INVALID, "required",
		    "target" },
		{ "{\"scope\":null}", 1, SG_PARSE_INVALID, "required", "scope" },
		{ "{\"reward\":null}", 1, SG_PARSE_INVALID, "required",
		    "reward" },
		/* rule 10: metric */
		{ "{\"target\":1,\"title\":\"x\",\"metric\":\"backers\"}", 0,
		    SG_PARSE_OK, 0, 0 },
		{ "{\"target\":1,\"title\":\"x\",\"metric\":\"progress\"}", 0,
		    SG_PARSE_OK, 0, 0 },
		{ "{\"target\":1,\"title\":\"x\",\"metric\":\"orders\"}", 0,
		    SG_PARSE_INVALID, "invalid", "metric" },
		{ "{\"target\":1,\"title\":\"x\",\"metric\":1}", 0,
		    SG_PARSE_INVALID, "invalid_type", "metric" },
		{ "{\"metric\":null}", 1, SG_PARSE_INVALID, "required", "metric" },
		{ "{\"metric\":\"backers\"}", 1, SG_PARSE_OK, 0, 0 },
	};
	struct sg_milestone_input m;
	struct sg_verror	  e;
	cJSON			 *j;
	size_t			  i;
	int			  rc;

	for (i = 0; i < N(cases); i++) {
		j = parse(cases[i].json);
		rc = sg_milestone_parse(j, cases[i].patch, &m, &e);
		CU_ASSERT_EQUAL(rc, cases[i].rc);
		if (rc != cases[i].rc)
			fprintf(stderr, "milestone case %zu: %s %s\n", i,
			    sg_verr_code(e.code), e.field);
		if (rc == SG_PARSE_INVALID && cases[i].code != NULL) {
			CU_ASSERT_STRING_EQUAL(sg_verr_code(e.code),
			    cases[i].code);
			CU_ASSERT_STRING_EQUAL(e.field, cases[i].field);
		}
		cJSON_Delete(j);
	}
	j = parse("{\"target\":1,\"title\":\"x\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-1\"}");
	CU_ASSERT_EQUAL_FATAL(sg_milestone_parse(j, 0, &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.reward, SG_REWARD_GIFT);
	CU_ASSERT_EQUAL(m.gift_quantity, 1);
	CU_ASSERT_EQUAL(m.scope, SG_SCOPE_ALL);
	CU_ASSERT_EQUAL(m.metric, SG_METRIC_PROGRESS);
	CU_ASSERT_FALSE(m.has & SG_MF_METRIC);
	CU_ASSERT_PTR_NULL(m.gift_variant_id);
	CU_ASSERT_PTR_NULL(m.image_url);
	CU_ASSERT(m.has & SG_MF_LOCKED_WHEN_REACHED);
	cJSON_Delete(j);
	j = parse("{\"after_text\":\"x\",\"title\":\"y\"}");
	CU_ASSERT_EQUAL_FATAL(sg_milestone_parse(j, 1, &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.has, SG_MF_AFTER_TEXT | SG_MF_TITLE);
	CU_ASSERT_FALSE(m.has & SG_MF_LOCKED_WHEN_REACHED);
	cJSON_Delete(j);
	j = parse("{\"metric\":\"backers\"}");
	CU_ASSERT_EQUAL_FATAL(sg_milestone_parse(j, 1, &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.has, SG_MF_METRIC);
	CU_ASSERT_EQUAL(m.metric, SG_METRIC_BACKERS);
	CU_ASSERT(m.has & SG_MF_LOCKED_WHEN_REACHED);
	cJSON_Delete(j);
}

/* SPEC rule 3's fields: secret, image_teaser, image_alt. */
static void
test_milestone_secret(void)
{
	static const struct {
		const char	*json;
		int		 patch, rc;
		const char	*code, *field;
	} bad[] = {
		{ "{\"secret\":\"yes\"}", 1, SG_PARSE_INVALID, "invalid_type", "secret" },
		{ "{\"secret\":0}", 1, SG_PARSE_INVALID, "invalid_type", "secret" },
		{ "{\"secret\":null}", 1, SG_PARSE_INVALID, "required", "secret" },
		{ "{\"target\":1,\"title\":\"x\",\"secret\":null}", 0,
		    SG_PARSE_INVALID, "required", "secret" },
		{ "{\"secret\":true,\"secret\":false}", 1, SG_PARSE_INVALID,
		    "duplicate", "secret" },
		{ "{\"image_teaser\":{}}", 1, SG_PARSE_INVALID, "invalid_type",
		    "image_teaser" },
		{ "{\"image_teaser\":null}", 1, SG_PARSE_INVALID, "required",
		    "image_teaser" },
		{ "{\"image_alt\":true}", 1, SG_PARSE_INVALID, "invalid_type",
		    "image_alt" },
		{ "{\"image_alt\":\"a\\u0007b\"}", 1, SG_PARSE_INVALID,
		    "invalid_char", "image_alt" },
		{ "{\"image_alt\":\"\xff\"}", 1, SG_PARSE_INVALID, "invalid_utf8",
		    "image_alt" },
	};
	struct sg_milestone_input m;
	struct sg_verror	 e;
	char			 big[600];
	cJSON			*j;
	size_t			 i;

	for (i = 0; i < N(bad); i++) {
		j = parse(bad[i].json);
		CU_ASSERT_EQUAL(sg_milestone_parse(j, bad[i].patch, &m, &e), bad[i].rc);
		CU_ASSERT_STRING_EQUAL(sg_verr_code(e.code), bad[i].code);
		CU_ASSERT_STRING_EQUAL(e.field, bad[i].field);
		cJSON_Delete(j);
	}
	/* Create: defaults false, false, "". */
	j = parse("{\"target\":1,\"title\":\"x\"}");
	CU_ASSERT_EQUAL_FATAL(sg_milestone_parse(j, 0, &m, &e), SG_PARSE_OK);
	CU_ASSERT_FALSE(m.secret);
	CU_ASSERT_FALSE(m.image_teaser);
	CU_ASSERT_STRING_EQUAL(m.image_alt, "");
	CU_ASSERT_FALSE(m.has & (SG_MF_SECRET | SG_MF_IMAGE_TEASER | SG_MF_IMAGE_ALT));
	cJSON_Delete(j);
	/* 300 characters (multi-byte ones too) pass, 301 do not. */
	for (i = 0; i < 300; i++)
		memcpy(big + 2 * i, "\xc3\xa9", 2);
	{
		char	 json[1024];

		snprintf(json, sizeof(json), "{\"image_alt\":\"%.*s\"}", 600, big);
		j = parse(json);
		CU_ASSERT_EQUAL(sg_milestone_parse(j, 1, &m, &e), SG_PARSE_OK);
		CU_ASSERT_EQUAL(strlen(m.image_alt), 600);
		cJSON_Delete(j);
		snprintf(json, sizeof(json), "{\"image_alt\":\"%.*s\xc3\xa9\"}", 600,
		    big);
		j = parse(json);
		CU_ASSERT_EQUAL(sg_milestone_parse(j, 1, &m, &e), SG_PARSE_INVALID);
		CU_ASSERT_STRING_EQUAL(sg_verr_code(e.code), "too_long");
		cJSON_Delete(j);
	}
	/* Patch: only what is given; none of it is locked by rule 9. */
	j = parse("{\"secret\":true,\"image_teaser\":false,\"image_alt\":null,"
	    "\"Secret\":false}");
	CU_ASSERT_EQUAL_FATAL(sg_milestone_parse(j, 1, &m, &e), SG_PARSE_OK);
	CU_ASSERT_EQUAL(m.has, SG_MF_SECRET | SG_MF_IMAGE_TEASER | SG_MF_IMAGE_ALT);
	CU_ASSERT_TRUE(m.secret);
	CU_ASSERT_FALSE(m.image_teaser);
	CU_ASSERT_STRING_EQUAL(m.image_alt, "");
	CU_ASSERT_FALSE(m.has & SG_MF_LOCKED_WHEN_REACHED);
	cJSON_Delete(j);
}

static const struct unit_case cases[] = {
	{ "domain_order", "order cases", test_order_cases },
	{ "domain_order", "order values", test_order_values },
	{ "domain_order", "order limits", test_order_limits },
	{ "domain_order", "fingerprint", test_fingerprint },
	{ "domain_order", "refund body", test_refund_parse },
	{ "domain_order", "refund fingerprint", test_refund_fingerprint },
	{ "domain_order", "campaign body", test_campaign },
	{ "domain_order", "campaign look and contrast", test_campaign_look },
	{ "domain_order", "milestone body", test_milestone },
	{ "domain_order", "milestone secret, teaser, alt text", test_milestone_secret },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
