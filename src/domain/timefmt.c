/* timefmt.c — RFC 3339 and DATETIME(6) text <-> int64 microseconds; see timefmt.h. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/timefmt.h"

int
sg_time_is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
sg_time_days_in_month(int64_t y, int m)
{
	static const int days[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && sg_time_is_leap(y))
		return 29;
	return days[m - 1];
}

/*
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil).  Valid for any year the parsers accept.
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Inverse of days_from_civil(). */
static void
civil_from_days(int64_t z, int64_t *yp, int *mp, int *dp)
{
	int64_t	 era, doe, yoe, doy, mp_, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp_ = (5 * doy + 2) / 153;
	*dp = (int)(doy - (153 * mp_ + 2) / 5 + 1);
	*mp = (int)(mp_ < 10 ? mp_ + 3 : mp_ - 9);
	*yp = y + (*mp <= 2);
}

/* Read exactly n decimal digits at s; -1 if any is not a digit. */
static int64_t
read_digits(const char *s, size_t n)
{
	int64_t	 v = 0;
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * Parse "YYYY-MM-DD?HH:MM:SS" where ? is one of the characters in seps,
 * then an optional fraction of 1..maxfrac digits (truncated to
 * microseconds).  On success returns the number of bytes consumed and
 * writes the local time as microseconds; returns 0 on error.
 */
static size_t
parse_datetime(const char *s, size_t len, const char *seps, size_t maxfrac,
    sg_usec_t *out)
{
	int64_t	 y, mo, d, h, mi, sec, frac = 0, scale;
	size_t	 i, nfrac;

	if (len < 19 || s[4] != '-' || s[7] != '-' || s[13] != ':' ||
	    s[16] != ':' || s[10] == '\0' || strchr(seps, s[10]) == NULL)
		return 0;
	if ((y = read_digits(s, 4)) < 0 || (mo = read_digits(s + 5, 2)) < 0 ||
	    (d = read_digits(s + 8, 2)) < 0 ||
	    (h = read_digits(s + 11, 2)) < 0 ||
	    (mi = read_digits(s + 14, 2)) < 0 ||
	    (sec = read_digits(s + 17, 2)) < 0)
		return 0;
	if (mo < 1 || mo > 12 || d < 1 ||
	    d > sg_time_days_in_month(y, (int)mo) || h > 23 || mi > 59 ||
	    sec > 59)
		return 0;
	i = 19;
	if (i < len && s[i] == '.') {
		i++;
		scale = 100000;
		for (nfrac = 0; i < len && s[i] >= '0' && s[i] <= '9';
		    i++, nfrac++) {
			if (nfrac >= maxfrac)
				return 0;
			if (nfrac < 6) {
				frac += (s[i] - '0') * scale;
				scale /= 10;
			}
		}
		if (nfrac == 0)
			return 0;
	}
	*out = ((days_from_civil(y, (int)mo, (int)d) * 86400 + h * 3600 +
	    mi * 60 + sec) * SG_USEC_PER_SEC) + frac;
	return i;
}

int
sg_time_parse_rfc3339(const char *s, size_t len, sg_usec_t *out)
{
	sg_usec_t	 t;
	size_t		 i;
	int64_t		 oh, om, off;

	if (s == NULL || (i = parse_datetime(s, len, "Tt", 9, &t)) == 0)
		return -1;
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z'))
		off = 0;
	else if (i + 6 == len && (s[i] == '+' || s[i] == '-') &&
	    s[i + 3] == ':') {
		if ((oh = read_digits(s + i + 1, 2)) < 0 ||
		    (om = read_digits(s + i + 4, 2)) < 0 || oh > 23 || om > 59)
			return -1;
		off = (oh * 3600 + om * 60) * SG_USEC_PER_SEC;
		if (s[i] == '-')
			off = -off;
	} else
		return -1;
	/* Local time minus offset is UTC. */
	t -= off;
	if (t < SG_TIME_MIN || t > SG_TIME_MAX)
		return -1;
	*out = t;
	return 0;
}

int
sg_time_parse_sql(const char *s, size_t len, sg_usec_t *out)
{
	sg_usec_t	 t;
	size_t		 i;

	if (s == NULL || (i = parse_datetime(s, len, " ", 6, &t)) == 0 ||
	    i != len || t < SG_TIME_MIN || t > SG_TIME_MAX)
		return -1;
	*out = t;
	return 0;
}

/* Split t into civil fields; -1 when out of range. */
static int
time_split(sg_usec_t t, int64_t *y, int *mo, int *d, int *h, int *mi,
    int *sec, int64_t *usec)
{
	int64_t	 secs, days, rem;

	if (t < SG_TIME_MIN || t > SG_TIME_MAX)
		return -1;
	/* Floor division so that negative instants round toward the past. */
	secs = t / SG_USEC_PER_SEC;
	*usec = t % SG_USEC_PER_SEC;
	if (*usec < 0) {
		*usec += SG_USEC_PER_SEC;
		secs--;
	}
	days = secs / 86400;
	rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, y, mo, d);
	*h = (int)(rem / 3600);
	*mi = (int)(rem % 3600 / 60);
	*sec = (int)(rem % 60);
	return 0;
}

static int
time_format(sg_usec_t t, char *dst, size_t dstsz, char sep, int usec_digits,
    const char *zone)
{
	int64_t	 y, us;
	int	 mo, d, h, mi, sec, n;

	if (dst == NULL || time_split(t, &y, &mo, &d, &h, &mi, &sec, &us) == -1)
		return -1;
	if (usec_digits)
		n = snprintf(dst, dstsz, "%04lld-%02d-%02d%c%02d:%02d:%02d.%06lld%s",
		    (long long)y, mo, d, sep, h, mi, sec, (long long)us, zone);
	else
		n = snprintf(dst, dstsz, "%04lld-%02d-%02d%c%02d:%02d:%02d%s",
		    (long long)y, mo, d, sep, h, mi, sec, zone);
	if (n < 0 || (size_t)n >= dstsz)
		return -1;
	return 0;
}

int
sg_time_format_rfc3339(sg_usec_t t, char *dst, size_t dstsz)
{
	return time_format(t, dst, dstsz, 'T', 0, "Z");
}

int
sg_time_format_rfc3339_usec(sg_usec_t t, char *dst, size_t dstsz)
{
	return time_format(t, dst, dstsz, 'T', 1, "Z");
}

int
sg_time_format_sql(sg_usec_t t, char *dst, size_t dstsz)
{
	return time_format(t, dst, dstsz, ' ', 1, "");
}
