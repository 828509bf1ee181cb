/*
 * it_admin_settings.c — the admin's Settings pages over the real programs
 * (MariaDB, nginx, the program, stretchgoal-deliver, the Node receiver of
 * tests/receiver that verifies every delivery with npm's standardwebhooks):
 *  - in headless Chromium (tests/browser/settings.mjs): platform secrets,
 *    endpoints, deliveries and "Send again", the locale, Enter in the
 *    campaign form; axe-core and 390 px on every settings page;
 *  - the forms' refusals without a browser: CSRF, unknown platform or
 *    endpoint, a private endpoint address under the default configuration
 *    (the API's SSRF check), a locale not offered: each a 4xx that changes
 *    nothing;
 *  - retention: stretchgoal-deliver drops settled events older than
 *    event_retention_days with their deliveries, keeps pending ones and
 *    each campaign's last event.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "fixture/deliver.h"
#include "fixture/fixture.h"
#include "integration/it_browser.h"
#include "integration/it_admin_util.h"

#define FX	fx_current

static void
begin(const char *extra)
{
	struct fx_opts	 o;

	memset(&o, 0, sizeof(o));
	o.extra_conf = extra;
	fx_current = fx_start(&o);
	adm_stores();
	fx_sql(FX, "INSERT INTO products (store_id, product_id, title, price) VALUES "
	    "(1, 'p-1', 'Skyward Isles', 4500), (1, 'pin-1', 'Enamel pin', 0)");
}

static void
end(void)
{
	fx_stop(FX);
	fx_current = NULL;
}

/* A live campaign "board" on the Shopify fixture's product, milestones at 1 and 2. */
static void
live_campaign(struct adm *a)
{
	struct fx_resp	 r;

	CU_ASSERT_EQUAL_FATAL(adm_login(a, "ana@acme.test", ADM_PASSWORD), 303);
	CU_ASSERT_EQUAL_FATAL(adm_post(a, "/admin/campaigns", "title=Board+game&"
	    "slug=board&description=&goal_kind=units&goal=10&product_ids_extra="
	    "8123456789012&starts_at=&ends_at=", 1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_post(a, "/admin/campaigns/board/milestones",
	    "title=First+backer&target=1&reward=reveal&after_text=Thanks", 1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_post(a, "/admin/campaigns/board/milestones",
	    "title=Second&target=2&reward=reveal&after_text=Thanks+again", 1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_post(a, "/admin/campaigns/board/status", "status=live",
	    1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns WHERE "
	    "slug = 'board' AND status = 'live'"), 1);
}

/*
 * The walk in Chromium, then retention on what it left: two
 * milestone.reached events of "board" (seq 1 and 2), delivered, the first
 * one twice; a failed delivery of the first to a second endpoint.
 */
static void
test_settings_in_browser(void)
{
	struct adm	 a;
	char		 order[1024], port[16];
	pid_t		 dl, rcv;
	int		 rp;

	memset(&a, 0, sizeof(a));
	begin("webhook_allow_private = yes\nwebhook_retry_first_ms = 300\n");
	live_campaign(&a);
	rp = fxd_free_port();
	rcv = fxd_receiver_start(rp);
	dl = fxd_start(FX);
	snprintf(order, sizeof(order), "%s/tests/fixtures/hooks/shopify-order-create.json",
	    fx_srcdir());
	snprintf(port, sizeof(port), "%d", rp);
	setenv("SG_ADMIN_EMAIL", "ana@acme.test", 1);
	setenv("SG_ADMIN_PASSWORD", ADM_PASSWORD, 1);
	setenv("SG_RECEIVER_PORT", port, 1);
	setenv("SG_SHOPIFY_ORDER", order, 1);
	CU_ASSERT_EQUAL(browser_run(FX, "settings.mjs"), 0);

	/* What the walk did, from the database's side. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT counted_seq > 0 FROM campaigns "
	    "WHERE slug = 'board'"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM events WHERE type = "
	    "'milestone.reached'"), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_attempts a "
	    "JOIN events e ON e.id = a.event_id WHERE e.seq = 1 AND "
	    "a.http_status = 200"), 2);

	/*
	 * Retention.  Everything 40 days old; a delivery of seq 1 pending
	 * again (due tomorrow): nothing may go while it is.
	 */
	fx_sql(FX, "UPDATE events SET created_at = created_at - INTERVAL 40 DAY");
	fxd_stop(dl, SIGTERM);
	fx_sql(FX, "UPDATE webhook_deliveries d JOIN events e ON e.id = d.event_id "
	    "SET d.status = 'pending', d.next_at = UTC_TIMESTAMP(6) + INTERVAL 1 DAY "
	    "WHERE e.seq = 1 AND d.status = 'delivered'");
	dl = fxd_start(FX);
	/* Its first retention pass runs as it starts. */
	usleep(1500 * 1000);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM events"), 2);
	/* Settled (delivered and failed): seq 1 goes, seq 2 (the last) stays. */
	fxd_stop(dl, SIGTERM);
	fx_sql(FX, "UPDATE webhook_deliveries SET status = 'delivered' WHERE "
	    "status = 'pending'");
	dl = fxd_start(FX);
	CU_ASSERT_EQUAL(fx_sql_wait(FX, "SELECT COUNT(*) FROM events", 1, 15000), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT seq FROM events"), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_deliveries d "
	    "LEFT JOIN events e ON e.id = d.event_id WHERE e.id IS NULL"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_deliveries"), 1);
	fxd_stop(dl, SIGTERM);
	CU_ASSERT_FALSE(fxd_log_dirty(FX));
	fxd_stop(rcv, SIGTERM);
	end();
}

/* A POST to path with body; returns its status. */
static int
post(struct adm *a, const char *path, const char *body, int with_csrf)
{
	struct fx_resp	 r;
	int		 st;

	st = adm_post(a, path, body, with_csrf, &r);
	fx_resp_free(&r);
	return st;
}

/* The refusals, each a 4xx that changes nothing (default configuration). */
static void
test_refusals(void)
{
	struct adm	 a, b;
	struct fx_resp	 r;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	begin(NULL);
	CU_ASSERT_EQUAL_FATAL(adm_login(&a, "ana@acme.test", ADM_PASSWORD), 303);
	CU_ASSERT_EQUAL_FATAL(adm_login(&b, "bo@other.test", ADM_PASSWORD), 303);
	CU_ASSERT_EQUAL(adm_get(&a, "/admin/settings/integrations", &r), 200);
	fx_resp_free(&r);

	/* Signed out: sent to sign in; no CSRF token: 403. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/admin/settings/webhooks", NULL, NULL,
	    0, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/integrations",
	    "platform=shopify&secret=s3cret", 0), 403);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/webhooks",
	    "url=https%3A%2F%2Fexample.com%2Fh&events=milestone.reached", 0), 403);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/store", "locale=de", 0), 403);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM hook_secrets"), 0);

	/* Bad values. */
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/integrations",
	    "platform=magento&secret=s3cret", 1), 404);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/integrations",
	    "platform=shopify&secret=+%0A+", 1), 422);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM hook_secrets"), 0);
	/* Surrounding spaces and line breaks are not part of the secret. */
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/integrations",
	    "platform=shopify&secret=+s3cret%0A", 1), 303);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM hook_secrets WHERE "
	    "secret = 's3cret'"), 1);
	/* Another store's creator neither sees nor removes it. */
	CU_ASSERT_EQUAL(adm_get(&b, "/admin/settings/integrations", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "No secret is set"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(post(&b, "/admin/settings/integrations/shopify/remove",
	    "confirm=yes", 1), 404);
	/* Without confirm=yes: sent to the confirmation page, nothing removed. */
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/integrations/shopify/remove", "",
	    1), 303);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM hook_secrets"), 1);

	/* SSRF: loopback and private addresses are refused by default. */
	CU_ASSERT_EQUAL(adm_post(&a, "/admin/settings/webhooks",
	    "url=http%3A%2F%2F127.0.0.1%3A9%2Fh&events=milestone.reached", 1, &r), 422);
	CU_ASSERT_TRUE(adm_has(&r, "private"));
	CU_ASSERT_TRUE(adm_has(&r, "value=\"http://127.0.0.1:9/h\""));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/webhooks",
	    "url=http%3A%2F%2F10.1.2.3%2Fh&events=grant.created", 1), 422);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/webhooks",
	    "url=http%3A%2F%2F%5B%3A%3A1%5D%2Fh&events=grant.created", 1), 422);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/webhooks",
	    "url=http%3A%2F%2F169.254.169.254%2Flatest&events=grant.created", 1), 422);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/webhooks",
	    "url=https%3A%2F%2Fexample.com%2Fh&events=order.paid", 1), 422);
	/* A space inside the address is refused, not cut off. */
	CU_ASSERT_EQUAL(adm_post(&a, "/admin/settings/webhooks",
	    "url=+http%3A%2F%2F8.8.8.8%2Fa+b+&events=grant.created", 1, &r), 422);
	CU_ASSERT_TRUE(adm_has(&r, "value=\"http://8.8.8.8/a b\""));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/webhooks",
	    "url=&events=grant.created", 1), 422);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_endpoints"), 0);

	/* Unknown endpoints and events; another store's endpoint. */
	fx_sql(FX, "INSERT INTO webhook_endpoints (store_id, url, events, secret) "
	    "VALUES (2, 'https://example.com/other', 'grant.created', 'x')");
	CU_ASSERT_EQUAL(adm_get(&a, "/admin/settings/webhooks/1", &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&a, "/admin/settings/webhooks/abc", &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/webhooks/1/delete", "confirm=yes",
	    1), 404);
	CU_ASSERT_EQUAL(post(&b, "/admin/settings/webhooks/1/resend", "event=99",
	    1), 404);
	CU_ASSERT_EQUAL(post(&b, "/admin/settings/webhooks/1/delete", "", 1), 303);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_endpoints "
	    "WHERE deleted_at IS NULL"), 1);
	CU_ASSERT_EQUAL(post(&b, "/admin/settings/webhooks/1/delete", "confirm=yes",
	    1), 303);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_endpoints "
	    "WHERE deleted_at IS NULL"), 0);

	/* A locale not offered. */
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/store", "locale=xx", 1), 422);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/store", "locale=", 1), 422);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT locale = 'en' FROM stores WHERE "
	    "handle = 'acme'"), 1);
	CU_ASSERT_EQUAL(post(&a, "/admin/settings/store", "locale=fr", 1), 303);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT locale = 'fr' FROM stores WHERE "
	    "handle = 'acme'"), 1);
	end();
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "settings in Chromium: secrets, endpoints, Send again, locale, "
		  "Enter; then retention", test_settings_in_browser },
		{ "settings forms refuse bad input and change nothing",
		  test_refusals },
		{ NULL, NULL }
	};

	return fx_run("admin_settings", cases, NULL, 0);
}
