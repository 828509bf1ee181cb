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

#define FX	fx_current

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
	fx_sql(FX, "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6) WHERE target <= 60");
	/* A reveal photo on the service: /media/… resolves against it. */
	snprintf(cmd, sizeof(cmd), "cp '%s/tests/data/images/ok-7x5.png' '%s/nginx/media/pin.png'",
	    fx_srcdir(), FX->dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	fx_sql(FX, "UPDATE milestones SET image_url = '/media/pin.png' WHERE target = 50");
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
