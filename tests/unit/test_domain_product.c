/* test_domain_product.c — product bodies (domain/product.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"
#include <cjson/cJSON.h>

#include "domain/product.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int
parse(const char *text, struct sg_product_input *p, struct sg_verror *err,
    cJSON **body)
{
	memset(err, 0, sizeof(*err));
	*body = cJSON_Parse(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(*body);
	return sg_product_parse(*body, p, err);
}

static void
test_valid(void)
{
	struct sg_product_input	 p;
	struct sg_verror	 err;
	cJSON			*b;

	CU_ASSERT_EQUAL(parse("{\"title\":\"Game\"}", &p, &err, &b), SG_PARSE_OK);
	CU_ASSERT_STRING_EQUAL(p.title, "Game");
	CU_ASSERT_EQUAL(p.price, 0);
	CU_ASSERT_PTR_NULL(p.image_url);
	CU_ASSERT_PTR_NULL(p.variants);
	sg_product_input_free(&p);
	cJSON_Delete(b);

	CU_ASSERT_EQUAL(parse("{\"title\":\"Game\",\"price\":4999,"
	    "\"image_url\":\"https://x.example/a.png\",\"unknown\":1,"
	    "\"variants\":[{\"id\":\"v-1\",\"title\":\"Std\"},{\"id\":\"v-2\","
	    "\"title\":null,\"extra\":true}]}", &p, &err, &b), SG_PARSE_OK);
	CU_ASSERT_EQUAL(p.price, 4999);
	CU_ASSERT_STRING_EQUAL(p.image_url, "https://x.example/a.png");
	/* Normalised: id and title only, a missing title is "". */
	CU_ASSERT_STRING_EQUAL(p.variants, "[{\"id\":\"v-1\",\"title\":\"Std\"},"
	    "{\"id\":\"v-2\",\"title\":\"\"}]");
	sg_product_input_free(&p);
	CU_ASSERT_PTR_NULL(p.variants);
	cJSON_Delete(b);

	/* null price, image and variants are "none". */
	CU_ASSERT_EQUAL(parse("{\"title\":\"G\",\"price\":null,\"image_url\":null,"
	    "\"variants\":null}", &p, &err, &b), SG_PARSE_OK);
	CU_ASSERT_PTR_NULL(p.variants);
	cJSON_Delete(b);
	CU_ASSERT_EQUAL(parse("{\"title\":\"G\",\"variants\":[]}", &p, &err, &b),
	    SG_PARSE_OK);
	CU_ASSERT_STRING_EQUAL(p.variants, "[]");
	sg_product_input_free(&p);
	cJSON_Delete(b);
}

static void
test_invalid(void)
{
	static const struct {
		const char	*body, *code, *field;
	} cases[] = {
		{ "{}", "required", "title" },
		{ "{\"title\":null}", "required", "title" },
		{ "{\"title\":5}", "invalid_type", "title" },
		{ "{\"title\":\"\"}", NULL, "title" },
		{ "{\"title\":\"a\\nb\"}", NULL, "title" },
		{ "{\"title\":\"A\",\"title\":\"B\"}", "duplicate", "title" },
		{ "{\"title\":\"A\",\"price\":\"1\"}", "invalid_type", "price" },
		{ "{\"title\":\"A\",\"price\":1.5}", "out_of_range", "price" },
		{ "{\"title\":\"A\",\"price\":-1}", "out_of_range", "price" },
		{ "{\"title\":\"A\",\"price\":1000000000001}", "out_of_range", "price" },
		{ "{\"title\":\"A\",\"image_url\":7}", "invalid_type", "image_url" },
		{ "{\"title\":\"A\",\"image_url\":\"ftp://x\"}", NULL, "image_url" },
		{ "{\"title\":\"A\",\"variants\":{}}", "invalid_type", "variants" },
		{ "{\"title\":\"A\",\"variants\":[{\"title\":\"no id\"}]}",
		    "required", "variants[0].id" },
		{ "{\"title\":\"A\",\"variants\":[5]}", "invalid", "variants[0].id" },
		{ "{\"title\":\"A\",\"variants\":[{\"id\":\"v\"},{\"id\":\"bad id\"}]}",
		    "invalid", "variants[1].id" },
		{ "{\"title\":\"A\",\"variants\":[{\"id\":\"v\",\"title\":7}]}",
		    "invalid_type", "variants[0].title" },
		{ "{\"title\":\"A\",\"variants\":[{\"id\":\"v\",\"id\":\"w\"}]}",
		    "duplicate", "variants[0].id" },
	};
	struct sg_product_input	 p;
	struct sg_verror	 err;
	cJSON			*b;
	size_t			 i;

	for (i = 0; i < N(cases); i++) {
		CU_ASSERT_EQUAL(parse(cases[i].body, &p, &err, &b), SG_PARSE_INVALID);
		CU_ASSERT_STRING_EQUAL(err.field, cases[i].field);
		if (cases[i].code != NULL)
			CU_ASSERT_STRING_EQUAL(sg_verr_code(err.code), cases[i].code);
		CU_ASSERT_NOT_EQUAL(err.message[0], '\0');
		CU_ASSERT_PTR_NULL(p.variants);	/* nothing to free */
		cJSON_Delete(b);
	}
}

static void
test_too_many_variants(void)
{
	struct sg_product_input	 p;
	struct sg_verror	 err;
	char			 body[8192], *w;
	cJSON			*b;
	int			 i;

	w = body + snprintf(body, sizeof(body), "{\"title\":\"A\",\"variants\":[");
	for (i = 0; i <= SG_PRODUCT_VARIANTS_MAX; i++)
		w += snprintf(w, sizeof(body) - (size_t)(w - body), "%s{\"id\":\"v%d\"}",
		    i ? "," : "", i);
	snprintf(w, sizeof(body) - (size_t)(w - body), "]}");
	CU_ASSERT_EQUAL(parse(body, &p, &err, &b), SG_PARSE_INVALID);
	CU_ASSERT_STRING_EQUAL(err.field, "variants");
	CU_ASSERT_STRING_EQUAL(sg_verr_code(err.code), "too_many");
	cJSON_Delete(b);
	/* Exactly the most is fine. */
	w = body + snprintf(body, sizeof(body), "{\"title\":\"A\",\"variants\":[");
	for (i = 0; i < SG_PRODUCT_VARIANTS_MAX; i++)
		w += snprintf(w, sizeof(body) - (size_t)(w - body), "%s{\"id\":\"v%d\"}",
		    i ? "," : "", i);
	snprintf(w, sizeof(body) - (size_t)(w - body), "]}");
	CU_ASSERT_EQUAL(parse(body, &p, &err, &b), SG_PARSE_OK);
	sg_product_input_free(&p);
	cJSON_Delete(b);
}

static const struct unit_case cases[] = {
	{ "domain_product", "valid bodies", test_valid },
	{ "domain_product", "invalid bodies", test_invalid },
	{ "domain_product", "too many variants", test_too_many_variants },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
