/*
 * it_browser.c — browser tests in headless Chromium (tests/browser/NAME.mjs)
 * against a real instance: the program, nginx and MariaDB.  Each case seeds
 * its instance here in C and runs one test file (see it_browser.h);
 * screenshots land in BUILD/tests/browser-artifacts/.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"
#include "integration/it_browser.h"
#include "integration/it_public_seed.h"

#define FX	fx_current

/*
 * Campaign demo/xss: a script payload in every creator field (and a
 * javascript: image URL), one milestone reached so its after text shows.
 * Each payload sets window.__pwned when it runs.
 */
static void
browser_seed_xss(void)
{
	static const char *const p[] = {
		"<img src=x onerror=\"window.__pwned=1\">",
		"<script>window.__pwned=2</script>",
		"\"><svg onload=\"window.__pwned=3\">",
		"</p><iframe srcdoc=\"<script>parent.__pwned=4</script>\">",
		"<a href=\"javascript:window.__pwned=5\">x</a>{{title}}",
	};
	int64_t	 store, camp;

	store = fx_sql_i64(FX, "SELECT id FROM stores WHERE handle = 'demo'");
	seed_product(FX, store, "g-xss", p[4]);
	camp = seed_campaign(FX, store, "xss", p[0], "units", 100, "live");
	seed_milestone(FX, camp, 10, p[1], "javascript:window.__pwned=6",
	    p[2], p[3], "g-xss", "all");
	seed_milestone(FX, camp, 50, p[3], "https://x.example/a.png\" onerror=\"window.__pwned=7",
	    p[4], p[0], NULL, "new");
	seed_progress(FX, camp, 20, 2, "2026-11-20 10:00:00", 0);
}

/*
 * The drop-in widget on a storefront page: the demo campaign at 60 of 250
 * with its first milestone reached; the test file unlocks the next ones.
 */
static void
test_widget_dropin(void)
{
	static const char *const demo[] = { "demo", NULL };
	char	 out[1024], err[1024], cmd[1600];

	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
	    demo), 0);
	fx_sql(FX, "UPDATE campaigns SET units = 60, orders = 15, backers = 14, "
	    "version = version + 1 WHERE slug = 'skyward-isles'");
	fx_sql(FX, "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6) WHERE target <= 60 "
	    "AND campaign_id = (SELECT id FROM campaigns WHERE slug = 'skyward-isles')");
	/* A reveal photo on the service: /media/… resolves against it. */
	snprintf(cmd, sizeof(cmd), "cp '%s/tests/data/images/ok-7x5.png' '%s/nginx/media/pin.png'",
	    fx_srcdir(), FX->dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	fx_sql(FX, "UPDATE milestones SET image_url = '/media/pin.png' WHERE target = 50");
	browser_seed_xss();
	CU_ASSERT_EQUAL(browser_run(FX, "widget.mjs"), 0);
}

static const struct fx_case cases[] = {
	{ "drop-in widget shows progress and unlocks live", test_widget_dropin },
	{ NULL, NULL },
};

int
main(void)
{
	return fx_run("browser", cases, NULL, 1);
}
