/*
 * test_settings_locales.c — the locales the admin's Store settings offer
 * (service/settings.c): each example amount reads back, by the admin's
 * own parser and that locale's decimal mark, as the amount it claims
 * (five thousand and fifty cents); codes are unique, fit the column, and
 * only listed codes are found.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "db/db.h"
#include "domain/money.h"
#include "service/settings.h"
#include "unit/unit.h"

static void
test_examples_read_back(void)
{
	const struct svc_locale	*l;
	size_t			 n, i;
	int64_t			 v;
	char			 why[160];

	l = svc_settings_locales(&n);
	CU_ASSERT_TRUE_FATAL(n >= 2);
	CU_ASSERT_STRING_EQUAL(l[0].code, "en");
	for (i = 0; i < n; i++) {
		v = -1;
		CU_ASSERT_EQUAL(sg_money_parse_locale(l[i].example, 2,
		    sg_locale_decimal_mark(l[i].code), &v, why, sizeof(why)), 0);
		CU_ASSERT_EQUAL(v, 500050);
	}
	/* What the Store page says is refused as ambiguous: 5<mark>000. */
	l = svc_settings_locales(&n);
	for (i = 0; i < n; i++) {
		char	 amb[8], mark = sg_locale_decimal_mark(l[i].code);

		snprintf(amb, sizeof(amb), "5%c000", mark);
		CU_ASSERT_EQUAL(sg_money_parse_locale(amb, 2, mark, &v, why,
		    sizeof(why)), -2);
	}
	l = svc_settings_locale_find("de");
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(sg_locale_decimal_mark(l->code), ',');
}

static void
test_codes(void)
{
	const struct svc_locale	*l;
	size_t			 n, i, k;

	l = svc_settings_locales(&n);
	for (i = 0; i < n; i++) {
		CU_ASSERT_TRUE(strlen(l[i].code) < DB_LOCALE_MAX);
		CU_ASSERT_PTR_EQUAL(svc_settings_locale_find(l[i].code), &l[i]);
		for (k = 0; k < i; k++)
			CU_ASSERT_STRING_NOT_EQUAL(l[i].code, l[k].code);
	}
	CU_ASSERT_PTR_NULL(svc_settings_locale_find(NULL));
	CU_ASSERT_PTR_NULL(svc_settings_locale_find(""));
	CU_ASSERT_PTR_NULL(svc_settings_locale_find("xx"));
	CU_ASSERT_PTR_NULL(svc_settings_locale_find("EN"));
	CU_ASSERT_PTR_NULL(svc_settings_locale_find("en "));
}

static const struct unit_case cases[] = {
	{ "settings", "locale examples read back", test_examples_read_back },
	{ "settings", "locale codes", test_codes },
	{ NULL, NULL, NULL }
};

int
main(void)
{
	return unit_run(cases);
}
