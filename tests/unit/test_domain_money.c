/* test_domain_money.c — currency table, formatting, checked arithmetic. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "domain/money.h"

static void
test_lookup(void)
{
	static const struct { const char *code; int exp; } ok[] = {
		{ "USD", 2 }, { "EUR", 2 }, { "JPY", 0 }, { "KWD", 3 },
		{ "CLF", 4 }, { "BHD", 3 }, { "UYW", 4 }, { "KRW", 0 },
		{ "XOF", 0 }, { "AED", 2 }, { "ZWL", 2 }, { "TND", 3 },
	};
	static const char *const bad[] = {
		"usd", "Usd", "US", "USDX", "", "XXX", "XAU", "ABC", " USD",
		"USD ", "HRK", "U$D",
	};
	size_t	 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		const struct sg_currency *c = sg_currency_lookup(ok[i].code);

		CU_ASSERT_PTR_NOT_NULL_FATAL(c);
		CU_ASSERT_STRING_EQUAL(c->code, ok[i].code);
		CU_ASSERT_EQUAL(c->exponent, ok[i].exp);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CU_ASSERT_PTR_NULL(sg_currency_lookup(bad[i]));
	CU_ASSERT_PTR_NULL(sg_currency_lookup(NULL));
}

/* The table must be sorted (bsearch) and every entry findable. */
static void
test_table_sorted(void)
{
	size_t	 i, n = sg_currency_count();

	CU_ASSERT(n > 150);
	for (i = 0; i < n; i++) {
		const struct sg_currency *c = sg_currency_at(i);

		CU_ASSERT_EQUAL(strlen(c->code), 3);
		CU_ASSERT(c->exponent >= 0 && c->exponent <= 4);
		if (i > 0)
			CU_ASSERT(strcmp(sg_currency_at(i - 1)->code,
			    c->code) < 0);
		CU_ASSERT_PTR_EQUAL(sg_currency_lookup(c->code), c);
	}
	CU_ASSERT_PTR_NULL(sg_currency_at(n));
}

static void
test_format(void)
{
	static const struct { const char *code; int64_t v; const char *want; }
	    cases[] = {
		{ "USD", 123456, "$1,234.56" },
		{ "USD", 0, "$0.00" },
		{ "USD", 5, "$0.05" },
		{ "USD", 99, "$0.99" },
		{ "USD", 100, "$1.00" },
		{ "USD", -5, "-$0.05" },
		{ "USD", -123456, "-$1,234.56" },
		{ "USD", 100000000, "$1,000,000.00" },
		{ "USD", 99999999, "$999,999.99" },
		{ "JPY", 1234, "\xc2\xa5" "1,234" },
		{ "JPY", 123, "\xc2\xa5" "123" },
		{ "JPY", 1000, "\xc2\xa5" "1,000" },
		{ "KWD", 1500, "KWD 1.500" },
		{ "KWD", -1, "-KWD 0.001" },
		{ "CLF", 1, "CLF 0.0001" },
		{ "CLF", 12345678, "CLF 1,234.5678" },
		{ "EUR", 100, "\xe2\x82\xac" "1.00" },
		{ "GBP", 250000, "\xc2\xa3" "2,500.00" },
		{ "CHF", 1050, "CHF 10.50" },
		{ "USD", INT64_MAX, "$92,233,720,368,547,758.07" },
		{ "USD", INT64_MIN, "-$92,233,720,368,547,758.08" },
		{ "JPY", INT64_MIN, "-\xc2\xa5" "9,223,372,036,854,775,808" },
	};
	char	 buf[SG_MONEY_FMT_MAX];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(sg_money_format(buf, sizeof(buf), cases[i].v,
		    sg_currency_lookup(cases[i].code)), 0);
		CU_ASSERT_STRING_EQUAL(buf, cases[i].want);
		if (strcmp(buf, cases[i].want) != 0)
			fprintf(stderr, "case %zu: got %s\n", i, buf);
	}
	/* Too small a buffer fails, exactly big enough works. */
	CU_ASSERT_EQUAL(sg_money_format(buf, 9, 123456,
	    sg_currency_lookup("USD")), -1);
	CU_ASSERT_EQUAL(sg_money_format(buf, 10, 123456,
	    sg_currency_lookup("USD")), 0);
	CU_ASSERT_EQUAL(sg_money_format(buf, sizeof(buf), 1, NULL), -1);
}

static void
test_units(void)
{
	static const struct { int64_t v; const char *want; } cases[] = {
		{ 0, "0" }, { 7, "7" }, { 999, "999" }, { 1000, "1,000" },
		{ 1234, "1,234" }, { 1234567, "1,234,567" }, { -1234, "-1,234" },
		{ INT64_MIN, "-9,223,372,036,854,775,808" },
	};
	char	 buf[SG_MONEY_FMT_MAX];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CU_ASSERT_EQUAL(sg_units_format(buf, sizeof(buf), cases[i].v), 0);
		CU_ASSERT_STRING_EQUAL(buf, cases[i].want);
	}
	CU_ASSERT_EQUAL(sg_units_format(buf, 5, 1234), -1);
	CU_ASSERT_EQUAL(sg_units_format(buf, 6, 1234), 0);
}

static void
test_arith(void)
{
	int64_t	 r = 42;

	CU_ASSERT_EQUAL(sg_money_add(1, 2, &r), 0);
	CU_ASSERT_EQUAL(r, 3);
	CU_ASSERT_EQUAL(sg_money_add(INT64_MAX, 1, &r), -1);
	CU_ASSERT_EQUAL(r, 3);		/* untouched on overflow */
	CU_ASSERT_EQUAL(sg_money_add(INT64_MIN, -1, &r), -1);
	CU_ASSERT_EQUAL(sg_money_add(INT64_MAX, 0, &r), 0);
	CU_ASSERT_EQUAL(sg_money_sub(INT64_MIN, 1, &r), -1);
	CU_ASSERT_EQUAL(sg_money_sub(5, 7, &r), 0);
	CU_ASSERT_EQUAL(r, -2);
	CU_ASSERT_EQUAL(sg_money_mul(SG_QUANTITY_MAX, SG_PRICE_MAX, &r), 0);
	CU_ASSERT_EQUAL(r, INT64_C(1000000000000000000));
	CU_ASSERT_EQUAL(sg_money_mul(INT64_C(10000000000), INT64_C(10000000000),
	    &r), -1);
	CU_ASSERT_EQUAL(sg_money_mul(-1, INT64_MIN, &r), -1);
	CU_ASSERT_EQUAL(sg_money_mul(0, INT64_MIN, &r), 0);
	CU_ASSERT_EQUAL(r, 0);
	/* Ten max lines overflow a total. */
	{
		int64_t	 sum = 0, line;
		int	 i, over = 0;

		sg_money_mul(SG_QUANTITY_MAX, SG_PRICE_MAX, &line);
		for (i = 0; i < 10; i++)
			if (sg_money_add(sum, line, &sum) == -1)
				over = 1;
		CU_ASSERT_EQUAL(over, 1);
	}
}

static void
test_parse_decimal(void)
{
	static const struct {
		const char	*in;
		int		 exponent;
		int		 rc;
		int64_t		 want;
	} cases[] = {
		{ "250", 2, 0, 25000 },
		{ "250.5", 2, 0, 25050 },
		{ "250.50", 2, 0, 25050 },
		{ " 1,250.05 ", 2, 0, 125005 },
		{ "2.505", 2, -1, 0 },		/* more decimals than the exponent */
		{ "2.5", 0, -1, 0 },		/* no decimal mark without one */
		{ "12", 0, 0, 12 },
		{ "1,000", 0, 0, 1000 },
		{ "1.000", 3, 0, 1000 },
		{ "1.0000", 3, -1, 0 },
		{ "0.0001", 4, 0, 1 },
		{ ".5", 2, 0, 50 },
		{ "5.", 2, 0, 500 },
		{ ".", 2, -1, 0 },
		{ "", 2, -1, 0 },
		{ "   ", 2, -1, 0 },
		{ "-5", 2, -1, 0 },
		{ "+5", 2, -1, 0 },
		{ "1e3", 0, -1, 0 },
		{ "1 2", 0, -1, 0 },
		{ "1.2.3", 2, -1, 0 },
		{ "1.2,3", 2, -1, 0 },		/* no separator after the mark */
		/* The overflow guard is conservative near INT64_MAX. */
		{ "922337203685477580", 0, 0, INT64_C(922337203685477580) },
		{ "9223372036854775807", 0, -1, 0 },
		{ "92233720368547758.08", 2, -1, 0 },
		{ "92233720368547758", 2, 0, INT64_C(9223372036854775800) },
		{ "92233720368547759", 2, -1, 0 },	/* overflows when scaled */
	};
	size_t	 i;
	int64_t	 v;
	char	 buf[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = -7;
		CU_ASSERT_EQUAL(sg_money_parse_decimal(cases[i].in,
		    cases[i].exponent, &v), cases[i].rc);
		/* The value, or untouched on failure. */
		CU_ASSERT_EQUAL(v, cases[i].rc == 0 ? cases[i].want : -7);
	}
	/* What the form shows parses back to the same value. */
	sg_money_input_format(buf, sizeof(buf), 25050, 2);
	CU_ASSERT_STRING_EQUAL(buf, "250.50");
	CU_ASSERT_EQUAL(sg_money_parse_decimal(buf, 2, &v), 0);
	CU_ASSERT_EQUAL(v, 25050);
	sg_money_input_format(buf, sizeof(buf), 7, 3);
	CU_ASSERT_STRING_EQUAL(buf, "0.007");
	sg_money_input_format(buf, sizeof(buf), 1234, 0);
	CU_ASSERT_STRING_EQUAL(buf, "1234");
	sg_money_input_format(buf, sizeof(buf), -150, 2);
	CU_ASSERT_STRING_EQUAL(buf, "-1.50");
}

static void
test_amount_percent(void)
{
	char	 buf[SG_MONEY_FMT_MAX];

	sg_amount_format(buf, sizeof(buf), 123456, "USD");
	CU_ASSERT_STRING_EQUAL(buf, "$1,234.56");
	sg_amount_format(buf, sizeof(buf), 123456, NULL);
	CU_ASSERT_STRING_EQUAL(buf, "123,456");
	sg_amount_format(buf, sizeof(buf), 5, "QQQ");	/* unknown: units */
	CU_ASSERT_STRING_EQUAL(buf, "5");
	CU_ASSERT_EQUAL(sg_percent(50, 200), 25);
	CU_ASSERT_EQUAL(sg_percent(199, 200), 99);	/* floored */
	CU_ASSERT_EQUAL(sg_percent(300, 200), 150);
	CU_ASSERT_EQUAL(sg_percent(5, 0), 0);
	CU_ASSERT_EQUAL(sg_percent(-5, 10), 0);
	CU_ASSERT_EQUAL(sg_percent(INT64_MAX, INT64_MAX / 2), 200);
}

/* Amounts by the store's decimal mark (issue 12 item 5). */
static void
test_parse_locale(void)
{
	static const struct {
		const char	*in;
		int		 exponent;
		char		 mark;
		int		 rc;
		int64_t		 want;
	} cases[] = {
		{ "5000,00", 2, '.', 0, 500000 },	/* not $500,000.00 */
		{ "5000,00", 2, ',', 0, 500000 },
		{ "5.000,00", 2, '.', 0, 500000 },
		{ "5.000,00", 2, ',', 0, 500000 },
		{ "5,000.00", 2, '.', 0, 500000 },
		{ "5,000.00", 2, ',', 0, 500000 },
		{ "5000.00", 2, '.', 0, 500000 },
		{ "5000.00", 2, ',', 0, 500000 },
		{ "5 000", 2, '.', 0, 500000 },
		{ "5 000", 2, ',', 0, 500000 },
		{ "5 000,50", 2, ',', 0, 500050 },
		{ " 1,250.05 ", 2, '.', 0, 125005 },
		{ "50,00", 2, '.', 0, 5000 },		/* not $5,000.00 */
		{ "50,5", 2, '.', 0, 5050 },
		{ "5,000", 2, '.', 0, 500000 },	/* grouping where ',' is not the mark */
		{ "5.000", 2, ',', 0, 500000 },
		{ "5,000", 2, ',', -2, 0 },		/* the store's mark + 3 digits */
		{ "5.000", 2, '.', -2, 0 },
		{ "1,000,000", 0, '.', 0, 1000000 },
		{ "1.000.000", 0, ',', 0, 1000000 },
		{ "1.000.000,5", 2, ',', 0, 100000050 },
		{ "1,000", 0, '.', 0, 1000 },
		{ "1,000", 0, ',', -2, 0 },
		{ "12", 0, '.', 0, 12 },
		{ "2,5", 0, '.', -1, 0 },		/* a count has no decimals */
		{ "5,0,0,0", 2, '.', -1, 0 },
		{ "50,000,00", 2, '.', -1, 0 },
		{ "5,00,000", 2, '.', -1, 0 },
		{ "5.000.00", 2, '.', -1, 0 },
		{ "5.000,00.0", 2, '.', -1, 0 },
		{ "2.505", 3, ',', 0, 2505000 },	/* grouping where '.' is not the mark */
		{ "2.5050", 2, '.', -1, 0 },		/* more decimals than the currency */
		{ "1.000", 3, '.', 0, 1000 },		/* 3 decimals: the store's mark */
		{ "5000,000", 3, ',', 0, 5000000 },	/* what the form shows reads back */
		{ "0.0001", 4, '.', 0, 1 },
		{ ".5", 2, '.', 0, 50 },
		{ "5.", 2, '.', 0, 500 },
		{ ".", 2, '.', -1, 0 },
		{ "", 2, '.', -1, 0 },
		{ "   ", 2, '.', -1, 0 },
		{ "-5", 2, '.', -1, 0 },
		{ "$5", 2, '.', -1, 0 },
		{ "1e3", 0, '.', -1, 0 },
		{ "1 2", 0, '.', -1, 0 },
		{ "92233720368547758", 2, '.', 0, INT64_C(9223372036854775800) },
		{ "92233720368547759", 2, '.', -1, 0 },
	};
	size_t	 i;
	int64_t	 v;
	char	 why[SG_MONEY_WHY_MAX];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = -7;
		why[0] = '\0';
		if (sg_money_parse_locale(cases[i].in, cases[i].exponent,
		    cases[i].mark, &v, why, sizeof(why)) != cases[i].rc ||
		    v != (cases[i].rc == 0 ? cases[i].want : -7))
			fprintf(stderr, "case %zu \"%s\": %lld %s\n", i,
			    cases[i].in, (long long)v, why);
		v = -7;
		CU_ASSERT_EQUAL(sg_money_parse_locale(cases[i].in,
		    cases[i].exponent, cases[i].mark, &v, why, sizeof(why)),
		    cases[i].rc);
		CU_ASSERT_EQUAL(v, cases[i].rc == 0 ? cases[i].want : -7);
		/* Every refusal says why. */
		CU_ASSERT(cases[i].rc == 0 || why[0] != '\0');
	}
	/* An ambiguous amount shows both readings and how to write each. */
	CU_ASSERT_EQUAL(sg_money_parse_locale("5,000", 2, ',', &v, why,
	    sizeof(why)), -2);
	CU_ASSERT_STRING_EQUAL(why, "5,000 could be 5 or 5000 — write 5000 or 5,00");
	CU_ASSERT_EQUAL(sg_money_parse_locale("5.000", 2, '.', &v, why,
	    sizeof(why)), -2);
	CU_ASSERT_STRING_EQUAL(why, "5.000 could be 5 or 5000 — write 5000 or 5.00");
	CU_ASSERT_EQUAL(sg_money_parse_locale("1,000", 0, ',', &v, why,
	    sizeof(why)), -2);
	CU_ASSERT_STRING_EQUAL(why, "1,000 could be 1 or 1000 — write 1000 or 1");
	/* NULL why is fine. */
	CU_ASSERT_EQUAL(sg_money_parse_locale("x", 2, '.', &v, NULL, 0), -1);
	/* The mark of a locale. */
	CU_ASSERT_EQUAL(sg_locale_decimal_mark("en"), '.');
	CU_ASSERT_EQUAL(sg_locale_decimal_mark("en-GB"), '.');
	CU_ASSERT_EQUAL(sg_locale_decimal_mark("de"), ',');
	CU_ASSERT_EQUAL(sg_locale_decimal_mark("fr-CA"), ',');
	CU_ASSERT_EQUAL(sg_locale_decimal_mark("de-CH"), '.');
	CU_ASSERT_EQUAL(sg_locale_decimal_mark("ja"), '.');
	CU_ASSERT_EQUAL(sg_locale_decimal_mark(NULL), '.');
	CU_ASSERT_EQUAL(sg_locale_decimal_mark("d"), '.');
}

static const struct unit_case cases[] = {
	{ "domain_money", "currency lookup", test_lookup },
	{ "domain_money", "table sorted", test_table_sorted },
	{ "domain_money", "money format", test_format },
	{ "domain_money", "units format", test_units },
	{ "domain_money", "checked arithmetic", test_arith },
	{ "domain_money", "decimal form text", test_parse_decimal },
	{ "domain_money", "amounts by the store's decimal mark", test_parse_locale },
	{ "domain_money", "amount display and percent", test_amount_percent },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
