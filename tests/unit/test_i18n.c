/*
 * test_i18n.c — the widget's language catalogues (render/i18n.c): the
 * shipped catalogues load and pass the set check; a catalogue missing a
 * key of en, using a plural category its language lacks, or with a bad
 * rule is refused; plural rules by CLDR category (en/de/es one/other, fr
 * one for 0 and 1, ja other only, and few/many rules as Polish and
 * Arabic need them); numbers, money by locale and currency exponent,
 * percent and dates; language resolution never trusts the request.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <cJSON.h>

#include "render/i18n.h"
#include "unit/unit.h"

#define NB	"\xc2\xa0"		/* U+00A0 no-break space */
#define NNB	"\xe2\x80\xaf"		/* U+202F narrow no-break space */

static struct sg_i18n *shipped;

static const struct sg_i18n_cat *
cat(const char *tag)
{
	int	 i = sg_i18n_find(shipped, tag);

	CU_ASSERT_TRUE_FATAL(i >= 0);
	return sg_i18n_at(shipped, (size_t)i);
}

static void
load_shipped(void)
{
	const char	*src = getenv("top_srcdir");
	char		 dir[4096], err[256] = "";

	snprintf(dir, sizeof(dir), "%s/templates/i18n", src != NULL ? src : ".");
	shipped = sg_i18n_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(shipped);
	if (sg_i18n_load_dir(shipped, dir, err, sizeof(err)) != 0) {
		fprintf(stderr, "load: %s\n", err);
		CU_FAIL_FATAL("the shipped catalogues do not load");
	}
}

/* A minimal catalogue text with messages msgs and plurals rules. */
static void
minimal(char *dst, size_t size, const char *plurals, const char *msgs)
{
	snprintf(dst, size, "{\"dir\":\"ltr\",\"plurals\":{%s},"
	    "\"number\":{\"decimal\":\".\",\"group\":\",\"},"
	    "\"money\":{\"symbol\":\"{symbol}{amount}\",\"code\":\"{code} {amount}\"},"
	    "\"percent\":\"{n}%%\",\"date\":{\"pattern\":\"{day}/{m}/{year}\","
	    "\"months\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\","
	    "\"10\",\"11\",\"12\"]},\"messages\":{%s}}", plurals, msgs);
}

static void
test_shipped(void)
{
	static const char *const want[] = { "en", "de", "fr", "es", "ja" };
	size_t	 i;

	load_shipped();
	CU_ASSERT_TRUE(sg_i18n_count(shipped) >= 5);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		CU_ASSERT_TRUE(sg_i18n_find(shipped, want[i]) >= 0);
		CU_ASSERT_STRING_EQUAL(sg_i18n_dir(cat(want[i])), "ltr");
	}
	/* Loading the same directory again is refused: each tag once. */
	{
		const char	*src = getenv("top_srcdir");
		char		 dir[4096], err[256];

		snprintf(dir, sizeof(dir), "%s/templates/i18n", src ? src : ".");
		CU_ASSERT_EQUAL(sg_i18n_load_dir(shipped, dir, err, sizeof(err)), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "twice"));
	}
}

static void
test_refused(void)
{
	struct sg_i18n	*s = sg_i18n_new();
	char		 t[2048], err[256];

	minimal(t, sizeof(t), "\"one\":\"n = 1\"",
	    "\"a\":\"A\",\"n\":{\"one\":\"{n} x\",\"other\":\"{n} xs\"}");
	CU_ASSERT_EQUAL(sg_i18n_add(s, "en", t, strlen(t), err, sizeof(err)), 0);
	/* A key of en missing. */
	minimal(t, sizeof(t), "", "\"n\":{\"other\":\"{n}\"}");
	CU_ASSERT_EQUAL(sg_i18n_add(s, "ja", t, strlen(t), err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(sg_i18n_check(s, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "\"a\""));
	sg_i18n_free(s);

	s = sg_i18n_new();
	/* "one" used by a language without it; no "other"; bad category. */
	minimal(t, sizeof(t), "", "\"n\":{\"one\":\"x\",\"other\":\"y\"}");
	CU_ASSERT_EQUAL(sg_i18n_add(s, "ja", t, strlen(t), err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no plural category \"one\""));
	minimal(t, sizeof(t), "\"one\":\"n = 1\"", "\"n\":{\"one\":\"x\"}");
	CU_ASSERT_EQUAL(sg_i18n_add(s, "de", t, strlen(t), err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no \"other\""));
	minimal(t, sizeof(t), "\"one\":\"n = 1\"", "\"n\":{\"single\":\"x\",\"other\":\"y\"}");
	CU_ASSERT_EQUAL(sg_i18n_add(s, "de", t, strlen(t), err, sizeof(err)), -1);
	minimal(t, sizeof(t), "\"one\":\"n == 1\"", "\"n\":\"x\"");
	CU_ASSERT_EQUAL(sg_i18n_add(s, "de", t, strlen(t), err, sizeof(err)), -1);
	minimal(t, sizeof(t), "\"other\":\"n = 1\"", "\"n\":\"x\"");
	CU_ASSERT_EQUAL(sg_i18n_add(s, "de", t, strlen(t), err, sizeof(err)), -1);
	/* Not JSON, not a tag, a text where en has forms: refused. */
	CU_ASSERT_EQUAL(sg_i18n_add(s, "de", "{", 1, err, sizeof(err)), -1);
	minimal(t, sizeof(t), "", "\"n\":\"x\"");
	CU_ASSERT_EQUAL(sg_i18n_add(s, "../x", t, strlen(t), err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(sg_i18n_add(s, "DE", t, strlen(t), err, sizeof(err)), -1);
	CU_ASSERT_EQUAL(sg_i18n_add(s, "de", t, strlen(t), err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(sg_i18n_check(s, err, sizeof(err)), -1);	/* no en */
	minimal(t, sizeof(t), "\"one\":\"n = 1\"",
	    "\"n\":{\"one\":\"{n} x\",\"other\":\"{n} xs\"}");
	CU_ASSERT_EQUAL(sg_i18n_add(s, "en", t, strlen(t), err, sizeof(err)), 0);
	CU_ASSERT_EQUAL(sg_i18n_check(s, err, sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "plural forms in en"));
	sg_i18n_free(s);
	/* Missing directory. */
	s = sg_i18n_new();
	CU_ASSERT_EQUAL(sg_i18n_load_dir(s, "/nonexistent/i18n", err,
	    sizeof(err)), -1);
	sg_i18n_free(s);
}

static void
test_plural_rules(void)
{
	/* Polish (CLDR): one, few, many. */
	const char	*few = "v = 0 and i % 10 = 2..4 and i % 100 != 12..14 "
			    "@integer 2~4, 22~24";
	const char	*many = "v = 0 and i != 1 and i % 10 = 0..1 or v = 0 and "
			    "i % 10 = 5..9 or v = 0 and i % 100 = 12..14";
	struct sg_i18n	*s = sg_i18n_new();
	char		 t[2048], pl[1024], err[256], out[64];
	const struct sg_i18n_cat *c;

	CU_ASSERT_EQUAL(sg_i18n_plural(cat("en"), 1), SG_PLURAL_ONE);
	CU_ASSERT_EQUAL(sg_i18n_plural(cat("en"), 0), SG_PLURAL_OTHER);
	CU_ASSERT_EQUAL(sg_i18n_plural(cat("en"), 2), SG_PLURAL_OTHER);
	CU_ASSERT_EQUAL(sg_i18n_plural(cat("de"), 1), SG_PLURAL_ONE);
	CU_ASSERT_EQUAL(sg_i18n_plural(cat("es"), 1), SG_PLURAL_ONE);
	CU_ASSERT_EQUAL(sg_i18n_plural(cat("es"), 11), SG_PLURAL_OTHER);
	CU_ASSERT_EQUAL(sg_i18n_plural(cat("fr"), 0), SG_PLURAL_ONE);
	CU_ASSERT_EQUAL(sg_i18n_plural(cat("fr"), 1), SG_PLURAL_ONE);
	CU_ASSERT_EQUAL(sg_i18n_plural(cat("fr"), 2), SG_PLURAL_OTHER);
	CU_ASSERT_EQUAL(sg_i18n_plural(cat("ja"), 1), SG_PLURAL_OTHER);
	CU_ASSERT_EQUAL(sg_i18n_plural(cat("ja"), 0), SG_PLURAL_OTHER);

	CU_ASSERT_EQUAL(sg_plural_rule_eval(few, 2), 1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval(few, 24), 1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval(few, 12), 0);
	CU_ASSERT_EQUAL(sg_plural_rule_eval(few, 5), 0);
	CU_ASSERT_EQUAL(sg_plural_rule_eval(many, 5), 1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval(many, 12), 1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval(many, 1), 0);
	CU_ASSERT_EQUAL(sg_plural_rule_eval(many, 22), 0);
	CU_ASSERT_EQUAL(sg_plural_rule_eval("n = 0 or n = 1,7..9", 8), 1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval("n = 0 or n = 1,7..9", 6), 0);
	CU_ASSERT_EQUAL(sg_plural_rule_eval("n %", 1), -1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval("n = 5..2", 1), -1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval("x = 1", 1), -1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval("n % 0 = 1", 1), -1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval("n = 1 junk", 1), -1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval("n = 99999999999999999999999", 1), -1);
	CU_ASSERT_EQUAL(sg_plural_rule_check("n = 1"), 0);

	/* A catalogue with few and many picks the forms by count. */
	snprintf(pl, sizeof(pl), "\"one\":\"i = 1 and v = 0\",\"few\":\"%s\","
	    "\"many\":\"%s\"", few, many);
	minimal(t, sizeof(t), pl, "\"n\":{\"one\":\"{n} plik\",\"few\":\"{n} "
	    "pliki\",\"many\":\"{n} plików\",\"other\":\"{n} pliku\"}");
	CU_ASSERT_EQUAL_FATAL(sg_i18n_add(s, "pl", t, strlen(t), err,
	    sizeof(err)), 0);
	c = sg_i18n_at(s, 0);
	sg_i18n_format(c, "n", 1, (const char *[]){ "n", "1", NULL }, out,
	    sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1 plik");
	sg_i18n_format(c, "n", 3, (const char *[]){ "n", "3", NULL }, out,
	    sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "3 pliki");
	sg_i18n_format(c, "n", 5, (const char *[]){ "n", "5", NULL }, out,
	    sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "5 plików");
	sg_i18n_free(s);

	/* Arabic's zero/two/few/many as rules. */
	CU_ASSERT_EQUAL(sg_plural_rule_eval("n % 100 = 3..10", 103), 1);
	CU_ASSERT_EQUAL(sg_plural_rule_eval("n % 100 = 11..99", 111), 1);
}

static void
test_format(void)
{
	char		 out[128];
	const char	*v[] = { "n", "2", "goal", "X", NULL };

	CU_ASSERT_EQUAL(sg_i18n_format(cat("en"), "backers", 1,
	    (const char *[]){ "n", "1", NULL }, out, sizeof(out)), 0);
	CU_ASSERT_STRING_EQUAL(out, "1 backer");
	CU_ASSERT_EQUAL(sg_i18n_format(cat("en"), "backers", 2, v, out,
	    sizeof(out)), 0);
	CU_ASSERT_STRING_EQUAL(out, "2 backers");
	sg_i18n_format(cat("fr"), "backers", 0, (const char *[]){ "n", "0",
	    NULL }, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "0 contributeur");
	sg_i18n_format(cat("de"), "startsDays", 3, (const char *[]){ "n", "3",
	    NULL }, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "Beginnt in 3 Tagen");
	sg_i18n_format(cat("en"), "startsDays", 3, (const char *[]){ "n", "3",
	    NULL }, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "Starts in 3 days");
	/* Unknown placeholders stay; unknown keys fail; small buffers fail. */
	sg_i18n_format(cat("en"), "of", 0, NULL, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "of {goal}");
	CU_ASSERT_EQUAL(sg_i18n_format(cat("en"), "nope", 0, NULL, out,
	    sizeof(out)), -1);
	CU_ASSERT_EQUAL(sg_i18n_format(cat("en"), "missing", 0, NULL, out, 5), -1);
}

static void
test_numbers(void)
{
	char	 out[64];

	sg_i18n_number(cat("en"), 1234567, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1,234,567");
	sg_i18n_number(cat("de"), 1234567, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1.234.567");
	sg_i18n_number(cat("fr"), 1234, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1" NNB "234");
	/* es groups from five digits (CLDR minimum grouping digits 2). */
	sg_i18n_number(cat("es"), 1234, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1234");
	sg_i18n_number(cat("es"), 12345, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "12.345");
	sg_i18n_number(cat("en"), 0, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "0");
	sg_i18n_number(cat("en"), -1000, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "-1,000");
	sg_i18n_number(cat("en"), INT64_MIN, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "-9,223,372,036,854,775,808");
	CU_ASSERT_EQUAL(sg_i18n_number(cat("en"), 1234567, out, 5), -1);

	sg_i18n_percent(cat("en"), 42, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "42%");
	sg_i18n_percent(cat("de"), 1250, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1.250" NB "%");
	sg_i18n_percent(cat("fr"), 42, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "42" NNB "%");
}

static void
test_money(void)
{
	char	 out[64];

	sg_i18n_money(cat("de"), 123456, 2, "EUR", "\xe2\x82\xac", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1.234,56" NB "\xe2\x82\xac");
	sg_i18n_money(cat("en"), 123456, 2, "EUR", "\xe2\x82\xac", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "\xe2\x82\xac" "1,234.56");
	sg_i18n_money(cat("ja"), 630, 0, "JPY", "\xc2\xa5", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "\xc2\xa5" "630");
	sg_i18n_money(cat("ja"), 1234567, 0, "JPY", "\xc2\xa5", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "\xc2\xa5" "1,234,567");
	/* KWD: three decimals, no symbol: the code. */
	sg_i18n_money(cat("en"), 1234, 3, "KWD", NULL, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "KWD 1.234");
	sg_i18n_money(cat("de"), 1234, 3, "KWD", NULL, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1,234" NB "KWD");
	sg_i18n_money(cat("fr"), 500000, 2, "USD", "$", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "5" NNB "000,00" NB "$");
	sg_i18n_money(cat("es"), 500000, 2, "EUR", "\xe2\x82\xac", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "5000,00" NB "\xe2\x82\xac");
	sg_i18n_money(cat("en"), 5, 2, "USD", "$", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "$0.05");
	sg_i18n_money(cat("en"), -5, 2, "USD", "$", out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "-$0.05");
	sg_i18n_money(cat("en"), 1, 4, "CLF", NULL, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "CLF 0.0001");
	CU_ASSERT_EQUAL(sg_i18n_money(cat("en"), 1, 5, "XXX", NULL, out,
	    sizeof(out)), -1);
	CU_ASSERT_EQUAL(sg_i18n_money(cat("en"), 123456, 2, "USD", "$", out, 4),
	    -1);
}

static void
test_dates(void)
{
	char	 out[64];

	sg_i18n_date(cat("en"), 2026, 3, 3, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "March 3, 2026");
	sg_i18n_date(cat("de"), 2026, 3, 3, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "3. M\xc3\xa4rz 2026");
	sg_i18n_date(cat("fr"), 2026, 8, 1, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "1 ao\xc3\xbbt 2026");
	sg_i18n_date(cat("es"), 2026, 12, 24, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "24 de diciembre de 2026");
	sg_i18n_date(cat("ja"), 2026, 3, 3, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "2026\xe5\xb9\xb4" "3\xe6\x9c\x88" "3\xe6\x97\xa5");
	CU_ASSERT_EQUAL(sg_i18n_date(cat("en"), 2026, 13, 1, out, sizeof(out)), -1);
	CU_ASSERT_EQUAL(sg_i18n_date(cat("en"), 2026, 0, 1, out, sizeof(out)), -1);
}

static void
test_resolve(void)
{
	size_t	 en = (size_t)sg_i18n_find(shipped, "en");
	size_t	 de = (size_t)sg_i18n_find(shipped, "de");
	size_t	 ja = (size_t)sg_i18n_find(shipped, "ja");
	char	 longtag[300];

	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "de", "ja"), de);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "DE", "ja"), de);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "de-AT", "ja"), de);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "de_CH", "ja"), de);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, NULL, "ja"), ja);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "xx", "ja"), ja);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "", "ja"), ja);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "../../etc/passwd", "ja"), ja);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "../de", "ja"), ja);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "de/../../x", "ja"), ja);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "de\n", "ja"), ja);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, "it", "pt"), en);
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, NULL, NULL), en);
	memset(longtag, 'a', sizeof(longtag) - 1);
	longtag[sizeof(longtag) - 1] = '\0';
	CU_ASSERT_EQUAL(sg_i18n_resolve(shipped, longtag, "de"), de);
	CU_ASSERT_EQUAL(sg_i18n_find(shipped, "jpn"), -1);
}

static void
test_cleanup(void)
{
	sg_i18n_free(shipped);
	shipped = NULL;
}

static const struct unit_case cases[] = {
	{ "i18n", "shipped catalogues load", test_shipped },
	{ "i18n", "bad catalogues are refused", test_refused },
	{ "i18n", "plural rules by CLDR category", test_plural_rules },
	{ "i18n", "messages", test_format },
	{ "i18n", "numbers and percent", test_numbers },
	{ "i18n", "money by locale and currency", test_money },
	{ "i18n", "dates", test_dates },
	{ "i18n", "language resolution", test_resolve },
	{ "i18n", "cleanup", test_cleanup },
	{ NULL, NULL, NULL }
};

int
main(void)
{
	return unit_run(cases);
}
