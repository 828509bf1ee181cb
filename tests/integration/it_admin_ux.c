/*
 * it_admin_ux.c — issue 12 against a real instance, page by page: amounts
 * by the store's locale, messages in a creator's words, the preview of a
 * draft (and its public URLs still 404), gift ids against the catalog,
 * duplicate and archive, fulfilment (one, chosen, a whole milestone; the
 * per-backer view; the CSV for shipping).  The Chromium walk of the same
 * is tests/browser/admin-ux.mjs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"
#include "it_admin_util.h"

#define FX	fx_current

static struct adm	 A;

/* Whether the Set-Cookie header of r carries the flash code. */
static int
flashed(const struct fx_resp *r, const char *code)
{
	char	 h[256], want[64];

	snprintf(want, sizeof(want), "sg_flash=%s;", code);
	return fx_resp_header(r, "Set-Cookie", h, sizeof(h)) != NULL &&
	    strstr(h, want) != NULL;
}

static const char *
create_body(const char *slug, const char *goal)
{
	static char	 b[256];

	snprintf(b, sizeof(b), "title=T&slug=%s&description=&goal_kind=money&"
	    "goal=%s&product_ids_extra=&starts_at=&ends_at=", slug, goal);
	return b;
}

static void
test_amounts_by_locale(void)
{
	struct fx_resp	 r;

	adm_signed_in(&A);
	/* The default locale (en): "5000,00" is 5,000.00, never 500,000.00. */
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", create_body("a", "5000%2C00"), 303, &r));
	CU_ASSERT_TRUE(flashed(&r, "created"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT goal FROM campaigns WHERE slug = 'a'"), 500000);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", create_body("b", "5.000%2C00"), 303, &r));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT goal FROM campaigns WHERE slug = 'b'"), 500000);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", create_body("c", "5+000"), 303, &r));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT goal FROM campaigns WHERE slug = 'c'"), 500000);
	/* Ambiguous for the store: refused, saying how it could be read. */
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", create_body("d", "5.000"), 422, &r));
	CU_ASSERT_TRUE(adm_has(&r, "5.000 could be 5 or 5000 — write 5000 or 5.00"));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", create_body("d", "5%2C0%2C0%2C0"), 422, &r));
	CU_ASSERT_TRUE(adm_has(&r, "goal-error"));
	fx_resp_free(&r);
	/* A store whose locale writes decimal commas. */
	fx_sql(FX, "UPDATE stores SET locale = 'de' WHERE handle = 'acme'");
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", create_body("e", "5.000"), 303, &r));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT goal FROM campaigns WHERE slug = 'e'"), 500000);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", create_body("f", "5%2C000"), 422, &r));
	CU_ASSERT_TRUE(adm_has(&r, "5,000 could be 5 or 5000 — write 5000 or 5,00"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns"), 4);
}

static void
test_words(void)
{
	struct fx_resp	 r;
	char		 body[1024];

	adm_signed_in(&A);
	snprintf(body, sizeof(body), "title=%0201d&slug=w&description=&"
	    "goal_kind=units&goal=5&starts_at=&ends_at=", 0);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", body, 422, &r));
	CU_ASSERT_TRUE(adm_has(&r, "At most 200 characters."));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", "title=T&slug=Bad+Slug&"
	    "goal_kind=units&goal=5&starts_at=&ends_at=", 422, &r));
	CU_ASSERT_TRUE(adm_has(&r, "Use lower-case letters a-z, digits and hyphens"));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", "title=T&slug=w&goal_kind=units&"
	    "goal=5&starts_at=2026-12-10T00%3A00&ends_at=2026-12-01T00%3A00", 422, &r));
	CU_ASSERT_TRUE(adm_has(&r, "The end must be later than the start."));
	CU_ASSERT_FALSE(adm_has(&r, "starts_at."));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", "title=T&slug=w&goal_kind=units&"
	    "goal=sixty&starts_at=&ends_at=", 422, &r));
	CU_ASSERT_TRUE(adm_has(&r, "Enter a whole number"));
	fx_resp_free(&r);
	/* The after text's label once reached; "New backers only" explained. */
	CU_ASSERT_EQUAL(adm_campaign(&A, "k", "units", "100"), 303);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/k/milestones/new", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "kept secret until then"));
	CU_ASSERT_TRUE(adm_has(&r, "by new or returning backers"));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/k/milestones", "title=M&target=5&"
	    "reward=reveal&after_text=", 303, &r));
	CU_ASSERT_TRUE(flashed(&r, "ms-added"));
	fx_resp_free(&r);
	fx_sql(FX, "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6)");
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/k/milestones/1/edit", &r), 200);
	CU_ASSERT_FALSE(adm_has(&r, "kept secret until then"));
	CU_ASSERT_TRUE(adm_has(&r, "backers see it now"));
	fx_resp_free(&r);
	/* An empty after text is warned about on the dashboard (not refused). */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/k", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "No &quot;text once reached&quot;") ||
	    adm_has(&r, "No \"text once reached\""));
	fx_resp_free(&r);
}

static void
test_preview(void)
{
	struct fx_resp	 r;

	adm_signed_in(&A);
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "kick", "units", "100"), 303);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/milestones", "title=Frost&"
	    "target=50&reward=reveal&before_text=Soon&after_text=The+secret+island",
	    303, &r));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/kick/preview?view=full", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "Preview — backers don"));
	CU_ASSERT_TRUE(adm_has(&r, "The secret island"));
	CU_ASSERT_TRUE(adm_has(&r, "Frost"));
	CU_ASSERT_FALSE(adm_has(&r, "stretchgoal.js"));	/* no script under the admin CSP */
	CU_ASSERT_TRUE(adm_has(&r, "/static/stretchgoal.css"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/kick/preview?view=compact", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "Preview — backers don"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/kick/preview", &r), 200);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/kick/preview?view=bogus", &r), 400);
	fx_resp_free(&r);
	/* The campaign's look and the store's language, as backers will see. */
	fx_sql(FX, "UPDATE campaigns SET theme = 'dark', accent = '#aa2200', "
	    "radius = 4 WHERE slug = 'kick'");
	fx_sql(FX, "UPDATE stores SET locale = 'de' WHERE handle = 'acme'");
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/kick/preview", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "data-stretchgoal-theme=\"dark\""));
	CU_ASSERT_TRUE(adm_has(&r, "data-stretchgoal-lang=\"de\""));
	CU_ASSERT_TRUE(adm_has(&r, "<style id=\"sg-look\">:root{"));
	CU_ASSERT_TRUE(adm_has(&r, "aa2200"));
	{
		char	 csp[512];

		/* Its one inline style allowed by hash, nothing else loosened. */
		CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r,
		    "Content-Security-Policy", csp, sizeof(csp)));
		CU_ASSERT_PTR_NOT_NULL(strstr(csp, "style-src 'self' 'sha256-"));
		CU_ASSERT_PTR_NOT_NULL(strstr(csp, "frame-ancestors 'none'"));
		CU_ASSERT_PTR_NULL(strstr(csp, "script-src"));
	}
	fx_resp_free(&r);
	fx_sql(FX, "UPDATE campaigns SET theme = 'auto', accent = NULL, radius = "
	    "NULL WHERE slug = 'kick'");
	fx_sql(FX, "UPDATE stores SET locale = 'en' WHERE handle = 'acme'");
	/* The public URLs of the draft stay 404, and keep the secret. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/acme/kick", NULL, NULL, 0, &r), 404);
	CU_ASSERT_FALSE(adm_has(&r, "The secret island"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/api/v1/public/acme/kick", NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
	/* Live: the public page still keeps the after text secret. */
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/status", "status=live", 303, &r));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/acme/kick", NULL, NULL, 0, &r), 200);
	CU_ASSERT_FALSE(adm_has(&r, "The secret island"));
	CU_ASSERT_FALSE(adm_has(&r, "Preview — backers"));
	fx_resp_free(&r);
	/* Signed out, or another store's: no preview. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/admin/campaigns/kick/preview", NULL, NULL, 0, &r), 303);
	fx_resp_free(&r);
	{
		struct adm	 b;

		memset(&b, 0, sizeof(b));
		CU_ASSERT_EQUAL(adm_login(&b, "bo@other.test", ADM_PASSWORD), 303);
		CU_ASSERT_EQUAL(adm_get(&b, "/admin/campaigns/kick/preview", &r), 404);
		fx_resp_free(&r);
	}
}

static void
test_gift_catalog(void)
{
	struct fx_resp	 r;

	adm_signed_in(&A);
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "kick", "units", "100"), 303);
	/* No catalog yet: saved, with a warning. */
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/milestones", "title=Pin&"
	    "target=50&reward=gift&gift_product_id=g-pinn&scope=all", 303, &r));
	CU_ASSERT_TRUE(flashed(&r, "ms-gift-unchecked"));
	fx_resp_free(&r);
	fx_sql(FX, "INSERT INTO products (store_id, product_id, title, price, variants) "
	    "VALUES (1, 'g-pin', 'Enamel pin', 0, '[{\\\"id\\\":\\\"v-red\\\",\\\"title\\\":\\\"Red\\\"}]'), "
	    "(1, 'p-game', 'Game', 4500, '[{\\\"id\\\":\\\"v-std\\\",\\\"title\\\":\\\"Standard\\\"}]')");
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/milestones", "title=Pin2&"
	    "target=60&reward=gift&gift_product_id=g-pinn&scope=all", 422, &r));
	CU_ASSERT_TRUE(adm_has(&r, "There is no product &quot;g-pinn&quot; in the store") ||
	    adm_has(&r, "There is no product \"g-pinn\" in the store"));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/milestones", "title=Pin2&"
	    "target=60&reward=gift&gift_product_id=g-pin&gift_variant_id=v-std&scope=all",
	    422, &r));
	CU_ASSERT_TRUE(adm_has(&r, "gift_variant_id-error"));
	CU_ASSERT_TRUE(adm_has(&r, "is not a variant of Enamel pin (g-pin)"));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/milestones", "title=Pin2&"
	    "target=60&reward=gift&gift_product_id=g-pin&gift_variant_id=v-red&scope=all",
	    303, &r));
	CU_ASSERT_TRUE(flashed(&r, "ms-added"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones"), 2);
}

static void
test_duplicate_archive(void)
{
	struct fx_resp	 r;
	char		 h[256];

	adm_signed_in(&A);
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "kick", "units", "100"), 303);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/milestones", "title=Pin&"
	    "target=50&reward=reveal&after_text=A", 303, &r));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/status", "status=live", 303, &r));
	CU_ASSERT_TRUE(flashed(&r, "live"));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/duplicate", "", 303, &r));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Location", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "/admin/campaigns/kick-copy");
	CU_ASSERT_TRUE(flashed(&r, "duplicated"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns c JOIN milestones m "
	    "ON m.campaign_id = c.id WHERE c.slug = 'kick-copy' AND c.status = 'draft' "
	    "AND m.title = 'Pin' AND m.after_text = 'A' AND m.reached_at IS NULL"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaign_products cp JOIN "
	    "campaigns c ON c.id = cp.campaign_id WHERE c.slug = 'kick-copy'"), 2);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/duplicate", "", 303, &r));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Location", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "/admin/campaigns/kick-copy-2");
	fx_resp_free(&r);
	/* Only an ended campaign is archived. */
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/archive", "archived=1", 409, &r));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/archive", "archived=x", 422, &r));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/status", "status=ended&confirm=yes",
	    303, &r));
	CU_ASSERT_TRUE(flashed(&r, "ended"));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/archive", "archived=1", 303, &r));
	CU_ASSERT_TRUE(flashed(&r, "archived"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns", &r), 200);
	CU_ASSERT_FALSE(adm_has(&r, "href=\"/admin/campaigns/kick\""));
	CU_ASSERT_TRUE(adm_has(&r, "href=\"/admin/campaigns/kick-copy\""));
	CU_ASSERT_TRUE(adm_has(&r, "Show archived (1)"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns?archived=1", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "href=\"/admin/campaigns/kick\""));
	CU_ASSERT_FALSE(adm_has(&r, "href=\"/admin/campaigns/kick-copy\""));
	fx_resp_free(&r);
	/* The flash cookie is shown once, then cleared. */
	{
		char	 hdr[300];

		snprintf(hdr, sizeof(hdr), "Cookie: %s; sg_flash=archived\r\n", A.cookie);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/admin/campaigns/kick", hdr, NULL, 0,
		    &r), 200);
		CU_ASSERT_TRUE(adm_has(&r, "class=\"flash\""));
		CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Set-Cookie", h, sizeof(h)));
		CU_ASSERT_PTR_NOT_NULL(strstr(h, "sg_flash=; Path=/admin; Max-Age=0"));
		fx_resp_free(&r);
		/* An unknown code shows nothing (nothing typed is reflected). */
		snprintf(hdr, sizeof(hdr), "Cookie: %s; sg_flash=%%3Cb%%3E\r\n", A.cookie);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/admin/campaigns/kick", hdr, NULL, 0,
		    &r), 200);
		CU_ASSERT_FALSE(adm_has(&r, "class=\"flash\""));
		fx_resp_free(&r);
	}
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/archive", "archived=0", 303, &r));
	CU_ASSERT_TRUE(flashed(&r, "unarchived"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "href=\"/admin/campaigns/kick\""));
	CU_ASSERT_FALSE(adm_has(&r, "Show archived"));
	fx_resp_free(&r);
}

static void
test_fulfilment(void)
{
	struct fx_resp	 r;
	char		 h[256];

	adm_signed_in(&A);
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "kick", "units", "100"), 303);
	fx_sql(FX, "INSERT INTO products (store_id, product_id, title, price, variants) "
	    "VALUES (1, 'g-1', 'Enamel pin', 0, '[{\\\"id\\\":\\\"v-red\\\",\\\"title\\\":\\\"Red\\\"}]')");
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/milestones", "title=Pin&"
	    "target=50&reward=gift&gift_product_id=g-1&gift_variant_id=v-red&scope=all",
	    303, &r));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/milestones", "title=Dice&"
	    "target=60&reward=gift&gift_product_id=g-1&scope=all", 303, &r));
	fx_resp_free(&r);
	fx_sql(FX, "INSERT INTO orders (store_id, external_id, backer, placed_at, "
	    "currency, fingerprint, response) VALUES "
	    "(1, 'o1', 'ann@example.com', UTC_TIMESTAMP(), 'USD', REPEAT('x', 32), '{}'), "
	    "(1, 'o2', 'c-200', UTC_TIMESTAMP(), 'USD', REPEAT('y', 32), '{}'), "
	    "(1, 'o3', 'c-300', UTC_TIMESTAMP(), 'USD', REPEAT('z', 32), '{}')");
	fx_sql(FX, "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, "
	    "backer, product_id, variant_id, quantity, status, created_at) VALUES "
	    "(1, 1, 1, 1, 'ann@example.com', 'g-1', 'v-red', 1, 'pending', '2026-12-01 14:34:05.766963'), "
	    "(1, 1, 1, 2, 'c-200', 'g-1', 'v-red', 1, 'pending', '2026-12-01 14:35:00'), "
	    "(1, 1, 1, 3, 'c-300', 'g-1', 'v-red', 1, 'void', '2026-12-01 14:36:00'), "
	    "(1, 1, 2, 1, 'ann@example.com', 'g-1', NULL, 2, 'pending', '2026-12-01 14:37:00'), "
	    "(1, 1, 2, 2, 'c-200', 'g-1', NULL, 2, 'pending', '2026-12-01 14:38:00')");
	fx_sql(FX, "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6)");

	/* The gifts, with the catalog's names; one backer's. */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/kick/grants", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "Enamel pin — Red × 1"));
	CU_ASSERT_TRUE(adm_has(&r, "name=\"grant\" value=\"1\""));
	CU_ASSERT_FALSE(adm_has(&r, "name=\"grant\" value=\"3\""));	/* void */
	CU_ASSERT_TRUE(adm_has(&r, "grants?backer=ann%40example.com"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/kick/grants?backer=ann%40example.com",
	    &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "Gifts of ann@example.com"));
	CU_ASSERT_FALSE(adm_has(&r, "c-200"));
	fx_resp_free(&r);
	/* Mark one chosen (and a void one, and another campaign's id: ignored). */
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/grants/fulfil",
	    "grant=1&grant=3&grant=999&backer=ann%40example.com", 303, &r));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Location", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "/admin/campaigns/kick/grants?backer=ann%40example.com");
	CU_ASSERT_TRUE(flashed(&r, "fulfilled"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE status = 'fulfilled'"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE id = 3 AND status = 'void'"), 1);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/grants/fulfil", "grant=x", 422, &r));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/grants/fulfil", "", 303, &r));
	CU_ASSERT_TRUE(flashed(&r, "none-fulfilled"));
	fx_resp_free(&r);
	/* The dashboard offers every pending one of a milestone at once. */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/kick", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "Mark all 2 pending fulfilled"));
	CU_ASSERT_TRUE(adm_has(&r, "/admin/campaigns/kick/milestones/2/fulfil"));
	fx_resp_free(&r);
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns/kick/milestones/2/fulfil", "", 303, &r));
	CU_ASSERT_TRUE(flashed(&r, "fulfilled"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE milestone_id = 2 "
	    "AND status = 'fulfilled' AND fulfilled_at IS NOT NULL"), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE milestone_id = 1 "
	    "AND status = 'pending'"), 1);

	/* The CSV for shipping: e-mail when the backer is one, names, RFC 3339. */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/kick/fulfilment.csv", &r), 200);
	{
		static const char head[] = "grant_id,status,order_id,backer,"
		    "customer_email,milestone,product_id,product_title,variant_id,"
		    "variant_title,quantity,created_at,fulfilled_at\r\n";

		CU_ASSERT_EQUAL(strncmp(r.body, head, sizeof(head) - 1), 0);
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "\r\n2,pending,o2,c-200,,Pin,g-1,Enamel pin,"
	    "v-red,Red,1,2026-12-01T14:35:00Z,\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "\r\n1,fulfilled,o1,ann@example.com,"
	    "ann@example.com,Pin,g-1,Enamel pin,v-red,Red,1,2026-12-01T14:34:05Z,20"));
	fx_resp_free(&r);
	/* The grants export writes its times in RFC 3339 too. */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/kick/grants.csv", &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "2026-12-01T14:35:00Z"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "2026-12-01 14:35"));
	fx_resp_free(&r);
	/* Another store's creator can mark nothing. */
	{
		struct adm	 b;

		memset(&b, 0, sizeof(b));
		CU_ASSERT_EQUAL(adm_login(&b, "bo@other.test", ADM_PASSWORD), 303);
		CU_ASSERT_EQUAL(adm_get(&b, "/admin/campaigns/kick/grants", &r), 404);
		fx_resp_free(&r);
	}
}

static void
test_catalog_search_keeps(void)
{
	struct fx_resp	 r;
	int		 i;

	adm_signed_in(&A);
	for (i = 0; i < 60; i++) {
		char	 q[256];

		snprintf(q, sizeof(q), "INSERT INTO products (store_id, product_id, "
		    "title, price) VALUES (1, 'p-%03d', 'Thing %d', 100)", i, i);
		fx_sql(FX, q);
	}
	fx_sql(FX, "INSERT INTO products (store_id, product_id, title, price) VALUES "
	    "(1, 'frost', 'Frost Island', 900)");
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/new-campaign", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "Showing 50 of 61 — search to narrow."));
	fx_resp_free(&r);
	/* The search button of the form: nothing saved, everything kept. */
	CU_ASSERT_TRUE(adm_post_expect(&A, "/admin/campaigns", "title=Kept+title&slug=kept&"
	    "description=d&goal_kind=money&goal=12%2C50&product_ids=p-001&q=frost&"
	    "do=search&starts_at=&ends_at=", 200, &r));
	CU_ASSERT_TRUE(adm_has(&r, "value=\"Kept title\""));
	CU_ASSERT_TRUE(adm_has(&r, "value=\"12,50\""));
	CU_ASSERT_TRUE(adm_has(&r, "value=\"p-001\" checked"));
	CU_ASSERT_TRUE(adm_has(&r, "Thing 1 "));	/* its catalog title */
	CU_ASSERT_TRUE(adm_has(&r, "value=\"frost\""));
	CU_ASSERT_FALSE(adm_has(&r, "value=\"p-002\""));
	CU_ASSERT_FALSE(adm_has(&r, "Showing 50 of"));
	CU_ASSERT_FALSE(adm_has(&r, "error-box"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns"), 0);
}

static const struct fx_case cases[] = {
	{ "catalog search keeps the form; the picker's cut", test_catalog_search_keeps },
	{ "amounts by the store's locale", test_amounts_by_locale },
	{ "messages in a creator's words", test_words },
	{ "preview of a draft; public URLs stay 404", test_preview },
	{ "gift ids against the catalog", test_gift_catalog },
	{ "duplicate, archive, flash messages", test_duplicate_archive },
	{ "fulfilment: one, chosen, a milestone; CSV", test_fulfilment },
	{ NULL, NULL },
};

int
main(void)
{
	return fx_run("admin_ux", cases, NULL, 1);
}
