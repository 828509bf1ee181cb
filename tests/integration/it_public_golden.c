/*
 * it_public_golden.c — golden files of the public answers: the progress
 * JSON, the full widget page and the compact one, byte for byte, for fixed
 * campaign states (before, between and after milestones, overfunded,
 * ended, money in two currencies; secret goals locked and unlocked, a
 * teaser photo and one that is not), each in English (the store's
 * default), German and Japanese (lang=).  The files are
 * tests/golden/public/STATE[.LANG].json, STATE[.LANG].html and
 * STATE[.LANG].compact.html.
 *
 * After an intended change of the output, regenerate them with
 *   SG_GOLDEN_UPDATE=1 ./tests/integration/it_public_golden
 * and review the diff before committing.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"
#include "integration/it_public_seed.h"

#define FX	fx_current
#define GOLDEN_MAX	(1024 * 1024)

static int64_t	 units_camp, money_camp, yen_camp;

static int
golden_update(void)
{
	const char	*e = getenv("SG_GOLDEN_UPDATE");

	return e != NULL && strcmp(e, "1") == 0;
}

/* Compare (or write) one answer with its golden file. */
static void
golden_check(const char *state, const char *suffix, const char *path)
{
	struct fx_resp	 r;
	char		 file[1024], *want;
	FILE		*f;
	size_t		 n;

	snprintf(file, sizeof(file), "%s/tests/golden/public/%s%s", fx_srcdir(),
	    state, suffix);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", path, NULL, NULL, 0, &r), 200);
	if (golden_update()) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(file, "wb"));
		fwrite(r.body, 1, r.body_len, f);
		fclose(f);
		fx_resp_free(&r);
		return;
	}
	if ((f = fopen(file, "rb")) == NULL) {
		fprintf(stderr, "  %s: %s (SG_GOLDEN_UPDATE=1 writes it)\n", file,
		    strerror(errno));
		CU_FAIL("golden file missing");
		fx_resp_free(&r);
		return;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(want = malloc(GOLDEN_MAX));
	n = fread(want, 1, GOLDEN_MAX, f);
	fclose(f);
	if (n != r.body_len || memcmp(want, r.body, n) != 0) {
		fprintf(stderr, "  %s differs from GET %s:\n%s\n", file, path, r.body);
		CU_FAIL("answer differs from its golden file");
	}
	free(want);
	fx_resp_free(&r);
}

/*
 * The three answers of a state in the store's language (English here:
 * STATE.json, ...) and by lang= in German and Japanese (STATE.de.json,
 * STATE.ja.html, ...).
 */
static void
golden_state(const char *state, const char *slugpath)
{
	static const char *const langs[] = { NULL, "de", "ja" };
	char	 p[256], st[128];
	size_t	 i;

	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		if (langs[i] == NULL)
			snprintf(st, sizeof(st), "%s", state);
		else
			snprintf(st, sizeof(st), "%s.%s", state, langs[i]);
		snprintf(p, sizeof(p), "/api/v1/public/%s%s%s", slugpath,
		    langs[i] != NULL ? "?lang=" : "", langs[i] != NULL ? langs[i] : "");
		golden_check(st, ".json", p);
		snprintf(p, sizeof(p), "/w/%s%s%s", slugpath,
		    langs[i] != NULL ? "?lang=" : "", langs[i] != NULL ? langs[i] : "");
		golden_check(st, ".html", p);
		snprintf(p, sizeof(p), "/w/%s?view=compact%s%s", slugpath,
		    langs[i] != NULL ? "&lang=" : "", langs[i] != NULL ? langs[i] : "");
		golden_check(st, ".compact.html", p);
	}
}

static void
golden_seed(void)
{
	int64_t	 s, y;

	s = seed_store(FX, "golden", "USD");
	seed_product(FX, s, "g-pin", "Enamel pin");
	seed_product(FX, s, "g-dice", "Custom dice set");
	units_camp = seed_campaign(FX, s, "isles", "Skyward Isles", "units", 250, "live");
	seed_milestone(FX, units_camp, 50, "Enamel pin for everyone", "/media/pin.png",
	    "At 50 copies every backer gets an enamel pin.",
	    "Unlocked! Every backer gets an enamel pin.", "g-pin", "all");
	seed_milestone(FX, units_camp, 120, "A new island", NULL,
	    "Something is hiding in the fog…",
	    "The Frost Island joins the base game!", NULL, "all");
	seed_milestone(FX, units_camp, 300, "Custom dice for new backers",
	    "javascript:alert(1)",
	    "Back after 300 copies and get a custom dice set.",
	    "Everyone who backs from now on gets a custom dice set.", "g-dice", "new");
	fx_sql(FX, "UPDATE milestones SET gift_quantity = 2 WHERE target = 300");

	money_camp = seed_campaign(FX, s, "lamp", "Desk lamp \"Aurora\" & friends",
	    "money", 500000, "live");
	seed_milestone(FX, money_camp, 100000, "Walnut base", NULL,
	    "A solid walnut base option.", "Walnut base unlocked <for all>.", NULL, "all");
	seed_milestone(FX, money_camp, 250000, "Free shade", NULL,
	    "A second shade for new backers.", "Free shade from now on.", "g-pin", "new");

	y = seed_store(FX, "kaisha", "JPY");
	yen_camp = seed_campaign(FX, y, "kamera", "Kamera", "money", 3000000, "live");
	seed_milestone(FX, yen_camp, 1500000, "Strap", NULL, "Strap before.",
	    "Strap after.", NULL, "all");

	/*
	 * SPEC rule 3: the pin's photo is a teaser (it shows before the
	 * reach, with its alt text); a secret reveal at 200 copies with a
	 * photo that is not a teaser (a locked card until units-after); a
	 * secret gift at 2,000.00 on the lamp (locked in money-between).
	 */
	fx_sql(FX, "UPDATE milestones SET image_teaser = 1, image_alt = "
	    "'A round enamel pin with a ship' WHERE target = 50");
	seed_milestone(FX, units_camp, 200, "A golden meeple", "/media/meeple.png",
	    "Never shown: the goal is a secret.",
	    "Every copy now ships with a golden meeple!", NULL, "all");
	fx_sql(FX, "UPDATE milestones SET secret = 1, image_alt = "
	    "'A golden meeple on a map' WHERE target = 200");
	seed_milestone(FX, money_camp, 200000, "Brass switch", "/media/switch.png",
	    "Never shown either.", "A brass switch for every backer.", "g-pin",
	    "all");
	fx_sql(FX, "UPDATE milestones SET secret = 1, image_teaser = 1 "
	    "WHERE target = 200000");
}

static void
test_golden_states(void)
{
	golden_seed();

	seed_progress(FX, units_camp, 20, 3, "2026-11-20 10:00:00", 2);
	golden_state("units-before", "golden/isles");

	seed_progress(FX, units_camp, 130, 41, "2026-11-21 08:15:30", 3);
	golden_state("units-between", "golden/isles");

	seed_progress(FX, units_camp, 300, 77, "2026-11-22 06:00:00", 4);
	golden_state("units-after", "golden/isles");

	/*
	 * 380 of 250: 152%, funded; the scale grows to the progress (380), the
	 * part past the goal (250) drawn apart.
	 */
	seed_progress(FX, units_camp, 380, 1, "2026-11-22 07:00:00", 5);
	golden_state("units-overfunded", "golden/isles");
	/* The same, themed by the embed: dark with an accent colour. */
	golden_check("units-overfunded.dark", ".html",
	    "/w/golden/isles?theme=dark&accent=%23ff8800");
	golden_check("units-overfunded.dark", ".compact.html",
	    "/w/golden/isles?view=compact&theme=dark&accent=%23ff8800");

	fx_sql(FX, "UPDATE campaigns SET ends_at = '2026-11-01 00:00:00', "
	    "starts_at = '2026-10-01 00:00:00', version = 6 WHERE slug = 'isles'");
	golden_state("units-ended", "golden/isles");

	seed_progress(FX, money_camp, 123456, 12, "2026-11-20 12:00:00", 2);
	golden_state("money-between", "golden/lamp");

	seed_progress(FX, yen_camp, 1234567, 2, "2026-11-20 12:00:00", 2);
	golden_state("money-yen", "kaisha/kamera");
}

static const struct fx_case cases[] = {
	{ "public answers match their golden files", test_golden_states },
	{ NULL, NULL },
};

int
main(void)
{
	return fx_run("public-golden", cases, NULL, 1);
}
