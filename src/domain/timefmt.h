/*
 * timefmt.h — timestamps as int64_t microseconds since 1970-01-01T00:00:00Z.
 *
 * Every instant in the service is an int64_t count of microseconds since
 * the Unix epoch, UTC (sg_usec_t).  Accepted instants lie in the range of
 * MariaDB DATETIME(6): SG_TIME_MIN (1000-01-01 00:00:00 UTC) to
 * SG_TIME_MAX (9999-12-31 23:59:59.999999 UTC).
 *
 * Conventions: parsers return 0 and write *out on success, -1 on any
 * syntax or range error (out untouched).  Formatters write into a caller
 * buffer of at least SG_TIME_FMT_MAX bytes and return 0, or -1 when the
 * value is out of range or the buffer is too small.  Nothing allocates.
 */
#ifndef SG_DOMAIN_TIMEFMT_H
#define SG_DOMAIN_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t sg_usec_t;

#define SG_USEC_PER_SEC	INT64_C(1000000)
#define SG_TIME_MIN	INT64_C(-30610224000000000)	/* 1000-01-01T00:00:00Z */
#define SG_TIME_MAX	INT64_C(253402300799999999)	/* 9999-12-31T23:59:59.999999Z */

/* Longest text written by any formatter, NUL included. */
#define SG_TIME_FMT_MAX	32

/*
 * Parse RFC 3339 "YYYY-MM-DDTHH:MM:SS[.f+](Z|+hh:mm|-hh:mm)".  'T' and 'Z'
 * may be lower case; 1..9 fraction digits are accepted and truncated to
 * microseconds; the date must exist (Feb 29 only in leap years); leap
 * seconds (":60") are rejected; the offset is at most 23:59.  s must be
 * exactly the timestamp (no surrounding space), len bytes long.
 */
int	sg_time_parse_rfc3339(const char *s, size_t len, sg_usec_t *out);

/*
 * Format as RFC 3339 UTC with seconds precision, "2026-11-22T10:00:00Z"
 * (the API's output form; sub-second digits are truncated, i.e. rounded
 * toward the past).
 */
int	sg_time_format_rfc3339(sg_usec_t t, char *dst, size_t dstsz);

/* As above but always with 6 fraction digits: "2026-11-22T10:00:00.000001Z". */
int	sg_time_format_rfc3339_usec(sg_usec_t t, char *dst, size_t dstsz);

/*
 * MariaDB DATETIME text, in UTC: "YYYY-MM-DD HH:MM:SS" followed by an
 * optional '.' and 1..6 fraction digits.  The format function always
 * writes 6 digits ("2026-11-22 10:00:00.000000").
 */
int	sg_time_parse_sql(const char *s, size_t len, sg_usec_t *out);
int	sg_time_format_sql(sg_usec_t t, char *dst, size_t dstsz);

/* Civil date helpers (proleptic Gregorian). */
int	sg_time_is_leap(int64_t year);
int	sg_time_days_in_month(int64_t year, int month);

#endif
