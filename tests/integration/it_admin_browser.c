/*
 * it_admin_browser.c — the admin in headless Chromium (tests/browser/
 * admin.mjs) against a real instance: a store, a creator account and a
 * catalog product are made here, the test file does the rest through the
 * pages.  Screenshots land in BUILD/tests/browser-artifacts/admin-*.png.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"
#include "integration/it_browser.h"
#include "it_admin_util.h"

#define FX	fx_current

static void
test_admin_in_browser(void)
{
	char	 photo[1024];

	adm_stores();
	fx_sql(FX, "INSERT INTO products (store_id, product_id, title, price) VALUES "
	    "(1, 'p-1', 'Skyward Isles', 4500), (1, 'pin-1', 'Enamel pin', 0)");
	snprintf(photo, sizeof(photo), "%s/tests/data/images/ok-7x5.png", fx_srcdir());
	setenv("SG_ADMIN_EMAIL", "ana@acme.test", 1);
	setenv("SG_ADMIN_PASSWORD", ADM_PASSWORD, 1);
	setenv("SG_ADMIN_PHOTO", photo, 1);
	CU_ASSERT_EQUAL(browser_run(FX, "admin.mjs"), 0);
}

/*
 * Issue 12 as a creator meets it (tests/browser/admin-ux.mjs): amounts by
 * the locale, the preview of a draft, a double click on Go live, the
 * confirmation pages, flash messages, archive and duplicate; axe-core and
 * the 390 px width on every admin page.  Screenshots: ux-*.png.
 */
static void
test_admin_ux_in_browser(void)
{
	adm_stores();
	fx_sql(FX, "INSERT INTO products (store_id, product_id, title, price) VALUES "
	    "(1, 'p-1', 'Skyward Isles', 4500), (1, 'pin-1', 'Enamel pin', 0)");
	setenv("SG_ADMIN_EMAIL", "ana@acme.test", 1);
	setenv("SG_ADMIN_PASSWORD", ADM_PASSWORD, 1);
	CU_ASSERT_EQUAL(browser_run(FX, "admin-ux.mjs"), 0);
}

/*
 * Issue 13 item 7 (tests/browser/themes.mjs): a campaign's default look
 * set in the edit form by its labels, errors inline, axe and 390 px; the
 * widget page, the drop-in and the element use it, an embed's own wins.
 */
static void
test_themes_in_browser(void)
{
	adm_stores();
	setenv("SG_ADMIN_EMAIL", "ana@acme.test", 1);
	setenv("SG_ADMIN_PASSWORD", ADM_PASSWORD, 1);
	CU_ASSERT_EQUAL(browser_run(FX, "themes.mjs"), 0);
}

static const struct fx_case cases[] = {
	{ "creator's admin: sign in to sign out", test_admin_in_browser },
	{ "creator's admin: issue 12 (safe actions, preview, amounts, phone)",
	    test_admin_ux_in_browser },
	{ "creator's admin: a campaign's look (themes)", test_themes_in_browser },
	{ NULL, NULL },
};

int
main(void)
{
	return fx_run("admin_browser", cases, NULL, 1);
}
