/*
 * it_review_admin.c — regression tests from the independent review of the
 * admin web forms: every page a creator's browser gets is valid UTF-8,
 * whatever the catalog holds.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "domain/validate.h"
#include "it_admin_util.h"

#define FX	fx_current

static struct adm	 A;

static void
signed_in(void)
{
	adm_stores();
	if (adm_login(&A, "ana@acme.test", ADM_PASSWORD) != 303) {
		fprintf(stderr, "it_review_admin: cannot sign in\n");
		exit(1);
	}
}

/*
 * Bug: GET /admin/campaigns/{slug}/milestones/new built each catalog
 * variant's label ("product title — variant title (id)") in a 512-byte
 * buffer; a title of 200 four-byte characters (800 bytes, within the
 * limit) was cut inside a character, so the page was not valid UTF-8.
 */
static void
test_variant_labels_stay_utf8(void)
{
	struct fx_resp	 r;
	char		 title[4 * 200 + 1], sqlq[4096];
	size_t		 i;

	signed_in();
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "c", "units", "100"), 303);
	for (i = 0; i < 200; i++)
		memcpy(title + 4 * i, "\xf0\x9f\x98\x80", 4);	/* U+1F600 */
	title[4 * 200] = '\0';
	snprintf(sqlq, sizeof(sqlq), "INSERT INTO products (store_id, product_id, "
	    "title, price, variants) SELECT id, 'g-long', '%s', 0, "
	    "'[{\"id\":\"v-1\",\"title\":\"%s\"}]' FROM stores WHERE handle = 'acme'",
	    title, title);
	fx_sql(FX, sqlq);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/c/milestones/new", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "v-1"));
	CU_ASSERT_EQUAL(sg_utf8_check(r.body, r.body_len, NULL), SG_VERR_OK);
	/* The whole label is there: both titles and the product id. */
	CU_ASSERT_TRUE(adm_has(&r, "(g-long)"));
	fx_resp_free(&r);
}

/*
 * Bug: the same form answered 500 when the catalog's first 50 products had
 * 100 variants each with titles of 200 '&' (5,000 labels, each 2 KB once
 * escaped: more than a response holds).  The suggestions are now capped.
 */
static void
test_variant_suggestions_fit(void)
{
	struct fx_resp	 r;
	char		 amps[201], *q, *w;
	size_t		 cap = 64 * 1024;
	int		 i, k, options = 0;
	const char	*p;

	signed_in();
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "c", "units", "100"), 303);
	memset(amps, '&', 200);
	amps[200] = '\0';
	CU_ASSERT_PTR_NOT_NULL_FATAL(q = malloc(cap));
	for (i = 0; i < 50; i++) {
		w = q + snprintf(q, cap, "INSERT INTO products (store_id, product_id, "
		    "title, price, variants) SELECT id, 'amp-%02d', '%s', 0, '[", i, amps);
		for (k = 0; k < 100; k++)
			w += snprintf(w, cap - (size_t)(w - q), "%s{\"id\":\"v-%d\","
			    "\"title\":\"%s\"}", k ? "," : "", k, amps);
		snprintf(w, cap - (size_t)(w - q), "]' FROM stores WHERE handle = 'acme'");
		fx_sql(FX, q);
	}
	free(q);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/c/milestones/new", &r), 200);
	CU_ASSERT_EQUAL(sg_utf8_check(r.body, r.body_len, NULL), SG_VERR_OK);
	for (p = r.body; p != NULL && (p = strstr(p, "<option value=\"v-")) != NULL; p++)
		options++;
	CU_ASSERT_TRUE(options > 0 && options <= 400);
	fx_resp_free(&r);
}

static int
crlf_count(const struct fx_resp *r)
{
	const char	*p;
	int		 n = 0;

	for (p = r->body; p != NULL && (p = strstr(p, "\r\n")) != NULL; p += 2)
		n++;
	return n;
}

/*
 * Bug: GET /admin/campaigns/{slug}/grants.csv answered 500 once a
 * campaign's grants made more than 8 MiB of CSV (9,000 grants with long
 * backers and a long milestone title here; ~55,000 short ones), so a big
 * campaign could not be fulfilled from the export.  Now the export comes
 * in parts of 4,000 grants (?part=N), linked from the dashboard.
 */
static void
test_grants_csv_in_parts(void)
{
	struct fx_resp	 r;
	char		 body[4096], *w;
	int		 i;

	signed_in();
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "c", "units", "100"), 303);
	w = body + snprintf(body, sizeof(body), "target=1000&reward=gift&"
	    "gift_product_id=g-pin&scope=all&title=");
	for (i = 0; i < 200; i++)
		w += snprintf(w, sizeof(body) - (size_t)(w - body), "%%F0%%9F%%98%%80");
	CU_ASSERT_EQUAL_FATAL(adm_post(&A, "/admin/campaigns/c/milestones", body, 1,
	    &r), 303);
	fx_resp_free(&r);
	fx_sql(FX, "INSERT INTO orders (store_id, external_id, backer, placed_at, "
	    "currency, fingerprint, response) SELECT id, 'o-1', 'b', "
	    "'2026-11-22 10:00:00', 'USD', REPEAT('x', 32), '' FROM stores "
	    "WHERE handle = 'acme'");
	fx_sql(FX, "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, "
	    "backer, product_id, quantity) SELECT c.store_id, c.id, m.id, o.id, "
	    "CONCAT(REPEAT('b', 240), s.seq), 'g-pin', 1 FROM seq_1_to_9000 s "
	    "JOIN campaigns c ON c.slug = 'c' JOIN milestones m ON m.campaign_id = c.id "
	    "JOIN orders o ON o.external_id = 'o-1'");
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/c/grants.csv", &r), 200);
	CU_ASSERT_EQUAL(crlf_count(&r), 1 + 4000);
	CU_ASSERT_EQUAL(sg_utf8_check(r.body, r.body_len, NULL), SG_VERR_OK);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/c/grants.csv?part=2", &r), 200);
	CU_ASSERT_EQUAL(crlf_count(&r), 1 + 4000);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/c/grants.csv?part=3", &r), 200);
	CU_ASSERT_EQUAL(crlf_count(&r), 1 + 1000);
	CU_ASSERT_TRUE(adm_has(&r, "bbbb9000,"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/c/grants.csv?part=4", &r), 200);
	CU_ASSERT_EQUAL(crlf_count(&r), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/c/grants.csv?part=0", &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/c/grants.csv?part=x", &r), 400);
	fx_resp_free(&r);
	/* The dashboard links the three parts. */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/c", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "/admin/campaigns/c/grants.csv?part=3"));
	CU_ASSERT_FALSE(adm_has(&r, "/admin/campaigns/c/grants.csv?part=4"));
	fx_resp_free(&r);
}

/*
 * Bug: GET /admin/campaigns listed every campaign of the store on one page
 * and answered 500 once the HTML outgrew the 8 MiB response body (7,000
 * campaigns titled with 200 '&' here; ~40,000 with short titles).  Now it
 * shows 500 a page, newest first, with links between pages.
 */
static void
test_campaign_list_pages(void)
{
	struct fx_resp	 r;

	signed_in();
	fx_sql(FX, "INSERT INTO campaigns (store_id, slug, title, description, "
	    "goal_kind, goal, status) SELECT s.id, CONCAT('bulk-', q.seq), "
	    "REPEAT('&', 200), '', 'units', 10, 'live' FROM seq_1_to_7000 q "
	    "JOIN stores s ON s.handle = 'acme'");
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "/admin/campaigns?page=2"));
	CU_ASSERT_TRUE(adm_has(&r, "bulk-7000<"));
	CU_ASSERT_FALSE(adm_has(&r, "bulk-6500<"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns?page=14", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "bulk-1<"));
	CU_ASSERT_TRUE(adm_has(&r, "/admin/campaigns?page=13"));
	CU_ASSERT_FALSE(adm_has(&r, "/admin/campaigns?page=15"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns?page=0", &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns?page=99999999", &r), 400);
	fx_resp_free(&r);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "variant_labels_stay_utf8", test_variant_labels_stay_utf8 },
		{ "variant_suggestions_fit", test_variant_suggestions_fit },
		{ "grants_csv_in_parts", test_grants_csv_in_parts },
		{ "campaign_list_pages", test_campaign_list_pages },
		{ NULL, NULL }
	};
	static const struct fx_opts opts = { 2, NULL };

	return fx_run("review_admin", cases, &opts, 1);
}
