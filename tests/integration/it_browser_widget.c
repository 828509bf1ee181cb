/*
 * it_browser_widget.c — the widget's accessibility, states and embedding in
 * headless Chromium (tests/browser/widget-embed.mjs): axe-core on the
 * iframe page in every state, view and theme; the page updating in place
 * and announcing only news; the resize message to a parent page on another
 * origin; two drop-in widgets and a custom element of one campaign on one
 * store page; the drop-in, the custom element and the iframe page in German
 * (lang) and Japanese.  Screenshots in
 * BUILD/tests/browser-artifacts/embed-*.png.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"
#include "integration/it_browser.h"
#include "integration/it_public_seed.h"

#define FX	fx_current

/* Three milestones, a photo on the service, as a store would set them up. */
static int64_t
embed_campaign(int64_t store, const char *slug, const char *title,
    const char *status)
{
	int64_t	 c;

	c = seed_campaign(FX, store, slug, title, "money", 1000000, status);
	seed_milestone(FX, c, 250000, "Enamel pin for everyone", "/media/pin.png",
	    "At $2,500 every backer gets an enamel pin.",
	    "Unlocked! Every backer gets an enamel pin.", "g-pin", "all");
	seed_milestone(FX, c, 600000, "A new island", NULL,
	    "Something is hiding in the fog.",
	    "The Frost Island joins the base game!", NULL, "all");
	seed_milestone(FX, c, 1200000, "Custom dice for new backers", NULL,
	    "Back after $12,000 and get a custom dice set.",
	    "Everyone who backs from now on gets a custom dice set.", "g-pin", "new");
	return c;
}

static void
test_widget_embed(void)
{
	char	 cmd[1600];
	int64_t	 s, c;

	s = seed_store(FX, "demo", "USD");
	seed_product(FX, s, "g-pin", "Enamel pin");
	/* live: $4,200 of $10,000, the first milestone reached. */
	c = embed_campaign(s, "live", "Skyward Isles", "live");
	seed_progress(FX, c, 420000, 37, "2026-11-20 10:00:00", 0);
	fx_sql(FX, "UPDATE campaigns SET ends_at = UTC_TIMESTAMP() + INTERVAL 18 DAY "
	    "WHERE slug = 'live'");
	/* upcoming: starts in 3 days. */
	c = embed_campaign(s, "soon", "Lantern Festival", "live");
	fx_sql(FX, "UPDATE campaigns SET starts_at = UTC_TIMESTAMP() + INTERVAL 3 DAY + "
	    "INTERVAL 2 HOUR, ends_at = UTC_TIMESTAMP() + INTERVAL 21 DAY, "
	    "version = version + 1 WHERE slug = 'soon'");
	/* funded: $15,200 of $10,000, every milestone reached. */
	c = embed_campaign(s, "funded", "Harbour Lights", "live");
	seed_progress(FX, c, 1520000, 211, "2026-11-21 08:00:00", 0);
	/* ended on a date. */
	c = embed_campaign(s, "ended", "Winter Market", "live");
	seed_progress(FX, c, 730000, 88, "2026-11-02 08:00:00", 0);
	fx_sql(FX, "UPDATE campaigns SET starts_at = '2026-10-01 00:00:00', "
	    "ends_at = '2026-11-15 18:00:00', version = version + 1 WHERE slug = 'ended'");
	/*
	 * German (lang=de) with long compound words: they must wrap at
	 * 390 px.  18 days left, $4,200 of $10,000 by 1 backer.
	 */
	c = embed_campaign(s, "lang", "Donaudampfschifffahrtsgesellschaftskapit\xc3\xa4"
	    "nsm\xc3\xbctzenwettbewerb", "live");
	fx_sql(FX, "UPDATE milestones SET title = 'Rindfleischetikettierungs\xc3\xbc"
	    "berwachungsaufgaben\xc3\xbc" "bertragungsgesetz' WHERE target = 1200000 AND "
	    "campaign_id = (SELECT id FROM campaigns WHERE slug = 'lang')");
	seed_progress(FX, c, 420000, 1, "2026-11-20 10:00:00", 0);
	fx_sql(FX, "UPDATE campaigns SET ends_at = UTC_TIMESTAMP() + INTERVAL 18 DAY, "
	    "version = version + 1 WHERE slug = 'lang'");
	snprintf(cmd, sizeof(cmd), "cp '%s/tests/data/images/ok-7x5.png' '%s/nginx/media/pin.png'",
	    fx_srcdir(), FX->dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL(browser_run(FX, "widget-embed.mjs"), 0);
}

static const struct fx_case cases[] = {
	{ "widget: axe in every state, in-place updates, resize, custom element",
	  test_widget_embed },
	{ NULL, NULL },
};

int
main(void)
{
	return fx_run("browser-widget", cases, NULL, 1);
}
