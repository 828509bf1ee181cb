/* test_domain_time.c — RFC 3339 and DATETIME(6) parsing and formatting. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "domain/timefmt.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
test_parse_ok(void)
{
	static const struct { const char *s; int64_t want; } cases[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "1970-01-01T00:00:01Z", 1000000 },
		{ "1970-01-01t00:00:00z", 0 },
		{ "1969-12-31T23:59:59Z", -1000000 },
		{ "2026-11-22T10:00:00Z", INT64_C(1795341600000000) },
		{ "2026-11-22T11:00:00+01:00", INT64_C(1795341600000000) },
		{ "2026-11-22T04:30:00-05:30", INT64_C(1795341600000000) },
		{ "2026-11-22T10:00:00-00:00", INT64_C(1795341600000000) },
		{ "2026-11-23T09:59:00+23:59", INT64_C(1795341600000000) },
		{ "2026-11-22T10:00:00.5Z", INT64_C(1795341600500000) },
		{ "2026-11-22T10:00:00.000001Z", INT64_C(1795341600000001) },
		{ "2026-11-22T10:00:00.1234567Z", INT64_C(1795341600123456) },
		{ "2026-11-22T10:00:00.999999999Z", INT64_C(1795341600999999) },
		{ "2000-02-29T00:00:00Z", INT64_C(951782400000000) },
		{ "2024-02-29T12:00:00Z", INT64_C(1709208000000000) },
		{ "2038-01-19T03:14:08Z", INT64_C(2147483648000000) },
		{ "1000-01-01T00:00:00Z", SG_TIME_MIN },
		{ "9999-12-31T23:59:59.999999Z", SG_TIME_MAX },
		{ "2026-12-31T23:59:59Z", INT64_C(1798761599000000) },
		{ "2027-01-01T00:59:59+01:00", INT64_C(1798761599000000) },
	};
	size_t	 i;
	int64_t	 t;

	for (i = 0; i < N(cases); i++) {
		t = 42;
		CU_ASSERT_EQUAL(sg_time_parse_rfc3339(cases[i].s,
		    strlen(cases[i].s), &t), 0);
		CU_ASSERT_EQUAL(t, cases[i].want);
		if (t != cases[i].want)
			fprintf(stderr, "%s: got %lld\n", cases[i].s,
			    (long long)t);
	}
}

static void
test_parse_bad(void)
{
	static const char *const cases[] = {
		"",
		"2026-11-22",
		"2026-11-22T10:00:00",		/* no zone */
		"2026-11-22 10:00:00Z",		/* space not accepted */
		"2026-11-22T10:00Z",
		"2026-02-30T00:00:00Z",		/* Feb 30 */
		"2026-02-29T00:00:00Z",		/* not a leap year */
		"1900-02-29T00:00:00Z",		/* century, not leap */
		"2100-02-29T00:00:00Z",
		"2026-04-31T00:00:00Z",
		"2026-13-01T00:00:00Z",
		"2026-00-01T00:00:00Z",
		"2026-01-00T00:00:00Z",
		"2026-01-32T00:00:00Z",
		"2026-01-01T24:00:00Z",
		"2026-01-01T23:60:00Z",
		"2016-12-31T23:59:60Z",		/* leap second */
		"2026-11-22T10:00:00.Z",
		"2026-11-22T10:00:00.1234567890Z",	/* 10 digits */
		"2026-11-22T10:00:00+24:00",
		"2026-11-22T10:00:00+01:60",
		"2026-11-22T10:00:00+0100",
		"2026-11-22T10:00:00+01",
		"2026-11-22T10:00:00ZZ",
		"2026-11-22T10:00:00Z ",
		" 2026-11-22T10:00:00Z",
		"+2026-11-22T10:00:00Z",
		"20261122T100000Z",
		"2026-1-22T10:00:00Z",
		"2026-11-22T1:00:00Z",
		"２026-11-22T10:00:00Z",
		"0999-12-31T23:59:59Z",		/* before DATETIME range */
		"1000-01-01T00:30:00+01:00",	/* UTC is 0999 */
		"9999-12-31T23:59:59-00:01",	/* UTC is year 10000 */
		"abcd-ef-ghTij:kl:mnZ",
	};
	size_t	 i;
	int64_t	 t = 42;

	for (i = 0; i < N(cases); i++) {
		int rc = sg_time_parse_rfc3339(cases[i], strlen(cases[i]), &t);

		CU_ASSERT_EQUAL(rc, -1);
		if (rc != -1)
			fprintf(stderr, "accepted: %s\n", cases[i]);
	}
	CU_ASSERT_EQUAL(t, 42);
	CU_ASSERT_EQUAL(sg_time_parse_rfc3339(NULL, 0, &t), -1);
	/* Length is honoured: a prefix is not a timestamp. */
	CU_ASSERT_EQUAL(sg_time_parse_rfc3339("2026-11-22T10:00:00Z", 19,
	    &t), -1);
}

static void
test_format(void)
{
	static const struct { int64_t t; const char *sec, *usec, *sql; }
	    cases[] = {
		{ 0, "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000Z",
		    "1970-01-01 00:00:00.000000" },
		{ INT64_C(1795341600000000), "2026-11-22T10:00:00Z",
		    "2026-11-22T10:00:00.000000Z", "2026-11-22 10:00:00.000000" },
		{ INT64_C(1795341600123456), "2026-11-22T10:00:00Z",
		    "2026-11-22T10:00:00.123456Z", "2026-11-22 10:00:00.123456" },
		{ -1, "1969-12-31T23:59:59Z", "1969-12-31T23:59:59.999999Z",
		    "1969-12-31 23:59:59.999999" },
		{ INT64_C(951782400000000), "2000-02-29T00:00:00Z",
		    "2000-02-29T00:00:00.000000Z", "2000-02-29 00:00:00.000000" },
		{ SG_TIME_MIN, "1000-01-01T00:00:00Z",
		    "1000-01-01T00:00:00.000000Z", "1000-01-01 00:00:00.000000" },
		{ SG_TIME_MAX, "9999-12-31T23:59:59Z",
		    "9999-12-31T23:59:59.999999Z", "9999-12-31 23:59:59.999999" },
	};
	char	 buf[SG_TIME_FMT_MAX];
	size_t	 i;

	for (i = 0; i < N(cases); i++) {
		CU_ASSERT_EQUAL(sg_time_format_rfc3339(cases[i].t, buf,
		    sizeof(buf)), 0);
		CU_ASSERT_STRING_EQUAL(buf, cases[i].sec);
		CU_ASSERT_EQUAL(sg_time_format_rfc3339_usec(cases[i].t, buf,
		    sizeof(buf)), 0);
		CU_ASSERT_STRING_EQUAL(buf, cases[i].usec);
		CU_ASSERT_EQUAL(sg_time_format_sql(cases[i].t, buf,
		    sizeof(buf)), 0);
		CU_ASSERT_STRING_EQUAL(buf, cases[i].sql);
	}
	CU_ASSERT_EQUAL(sg_time_format_rfc3339(SG_TIME_MAX + 1, buf,
	    sizeof(buf)), -1);
	CU_ASSERT_EQUAL(sg_time_format_rfc3339(SG_TIME_MIN - 1, buf,
	    sizeof(buf)), -1);
	CU_ASSERT_EQUAL(sg_time_format_rfc3339(0, buf, 20), -1);
	CU_ASSERT_EQUAL(sg_time_format_rfc3339(0, buf, 21), 0);
}

static void
test_sql(void)
{
	static const struct { const char *s; int rc; int64_t want; } cases[] = {
		{ "2026-11-22 10:00:00.000000", 0, INT64_C(1795341600000000) },
		{ "2026-11-22 10:00:00", 0, INT64_C(1795341600000000) },
		{ "2026-11-22 10:00:00.5", 0, INT64_C(1795341600500000) },
		{ "2026-11-22 10:00:00.123456", 0, INT64_C(1795341600123456) },
		{ "2026-11-22 10:00:00.1234567", -1, 0 },
		{ "2026-11-22T10:00:00", -1, 0 },
		{ "2026-11-22 10:00:00Z", -1, 0 },
		{ "2026-02-29 10:00:00", -1, 0 },
		{ "0000-00-00 00:00:00", -1, 0 },	/* MariaDB zero date */
		{ "2026-11-22 10:00:00.", -1, 0 },
	};
	size_t	 i;
	int64_t	 t;

	for (i = 0; i < N(cases); i++) {
		t = 0;
		CU_ASSERT_EQUAL(sg_time_parse_sql(cases[i].s,
		    strlen(cases[i].s), &t), cases[i].rc);
		if (cases[i].rc == 0)
			CU_ASSERT_EQUAL(t, cases[i].want);
	}
}

/* Round trips over a spread of instants, leap days included. */
static void
test_roundtrip(void)
{
	char	 buf[SG_TIME_FMT_MAX];
	int64_t	 t, back, step = INT64_C(86399999999) * 97 + 12345;

	for (t = SG_TIME_MIN; t <= SG_TIME_MAX - step; t += step) {
		CU_ASSERT_EQUAL_FATAL(sg_time_format_sql(t, buf, sizeof(buf)), 0);
		CU_ASSERT_EQUAL_FATAL(sg_time_parse_sql(buf, strlen(buf),
		    &back), 0);
		CU_ASSERT_EQUAL_FATAL(back, t);
		CU_ASSERT_EQUAL_FATAL(sg_time_format_rfc3339_usec(t, buf,
		    sizeof(buf)), 0);
		CU_ASSERT_EQUAL_FATAL(sg_time_parse_rfc3339(buf, strlen(buf),
		    &back), 0);
		CU_ASSERT_EQUAL_FATAL(back, t);
	}
}

static void
test_leap(void)
{
	CU_ASSERT_TRUE(sg_time_is_leap(2000));
	CU_ASSERT_TRUE(sg_time_is_leap(2024));
	CU_ASSERT_FALSE(sg_time_is_leap(1900));
	CU_ASSERT_FALSE(sg_time_is_leap(2100));
	CU_ASSERT_FALSE(sg_time_is_leap(2026));
	CU_ASSERT_EQUAL(sg_time_days_in_month(2024, 2), 29);
	CU_ASSERT_EQUAL(sg_time_days_in_month(2026, 2), 28);
	CU_ASSERT_EQUAL(sg_time_days_in_month(2026, 4), 30);
	CU_ASSERT_EQUAL(sg_time_days_in_month(2026, 12), 31);
	CU_ASSERT_EQUAL(sg_time_days_in_month(2026, 13), 0);
}

static const struct unit_case cases[] = {
	{ "domain_time", "parse ok", test_parse_ok },
	{ "domain_time", "parse bad", test_parse_bad },
	{ "domain_time", "format", test_format },
	{ "domain_time", "sql", test_sql },
	{ "domain_time", "round trip", test_roundtrip },
	{ "domain_time", "leap years", test_leap },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
