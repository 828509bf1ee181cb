/* money.c — ISO 4217 table, money formatting, checked arithmetic; see money.h. */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/money.h"

/*
 * Active ISO 4217 codes with a minor unit (list of 2024/2025, including the
 * fund codes such as CLF, UYW and the new XCG and ZWG), sorted by code for
 * bsearch().  Symbols only where they are unambiguous in an English
 * storefront; everything else shows the code.
 */
static const struct sg_currency currencies[] = {
	{ "AED", 2, NULL }, { "AFN", 2, NULL }, { "ALL", 2, NULL },
	{ "AMD", 2, NULL }, { "ANG", 2, NULL }, { "AOA", 2, NULL },
	{ "ARS", 2, NULL }, { "AUD", 2, "A$" }, { "AWG", 2, NULL },
	{ "AZN", 2, NULL }, { "BAM", 2, NULL }, { "BBD", 2, NULL },
	{ "BDT", 2, NULL }, { "BGN", 2, NULL }, { "BHD", 3, NULL },
	{ "BIF", 0, NULL }, { "BMD", 2, NULL }, { "BND", 2, NULL },
	{ "BOB", 2, NULL }, { "BOV", 2, NULL }, { "BRL", 2, "R$" },
	{ "BSD", 2, NULL }, { "BTN", 2, NULL }, { "BWP", 2, NULL },
	{ "BYN", 2, NULL }, { "BZD", 2, NULL }, { "CAD", 2, "CA$" },
	{ "CDF", 2, NULL }, { "CHE", 2, NULL }, { "CHF", 2, NULL },
	{ "CHW", 2, NULL }, { "CLF", 4, NULL }, { "CLP", 0, NULL },
	{ "CNY", 2, "CN\xc2\xa5" }, { "COP", 2, NULL }, { "COU", 2, NULL },
	{ "CRC", 2, NULL }, { "CUC", 2, NULL }, { "CUP", 2, NULL },
	{ "CVE", 2, NULL }, { "CZK", 2, NULL }, { "DJF", 0, NULL },
	{ "DKK", 2, NULL }, { "DOP", 2, NULL }, { "DZD", 2, NULL },
	{ "EGP", 2, NULL }, { "ERN", 2, NULL }, { "ETB", 2, NULL },
	{ "EUR", 2, "\xe2\x82\xac" }, { "FJD", 2, NULL }, { "FKP", 2, NULL },
	{ "GBP", 2, "\xc2\xa3" }, { "GEL", 2, NULL }, { "GHS", 2, NULL },
	{ "GIP", 2, NULL }, { "GMD", 2, NULL }, { "GNF", 0, NULL },
	{ "GTQ", 2, NULL }, { "GYD", 2, NULL }, { "HKD", 2, "HK$" },
	{ "HNL", 2, NULL }, { "HTG", 2, NULL }, { "HUF", 2, NULL },
	{ "IDR", 2, NULL }, { "ILS", 2, "\xe2\x82\xaa" }, { "INR", 2, "\xe2\x82\xb9" },
	{ "IQD", 3, NULL }, { "IRR", 2, NULL }, { "ISK", 0, NULL },
	{ "JMD", 2, NULL }, { "JOD", 3, NULL }, { "JPY", 0, "\xc2\xa5" },
	{ "KES", 2, NULL }, { "KGS", 2, NULL }, { "KHR", 2, NULL },
	{ "KMF", 0, NULL }, { "KPW", 2, NULL }, { "KRW", 0, "\xe2\x82\xa9" },
	{ "KWD", 3, NULL }, { "KYD", 2, NULL }, { "KZT", 2, NULL },
	{ "LAK", 2, NULL }, { "LBP", 2, NULL }, { "LKR", 2, NULL },
	{ "LRD", 2, NULL }, { "LSL", 2, NULL }, { "LYD", 3, NULL },
	{ "MAD", 2, NULL }, { "MDL", 2, NULL }, { "MGA", 2, NULL },
	{ "MKD", 2, NULL }, { "MMK", 2, NULL }, { "MNT", 2, NULL },
	{ "MOP", 2, NULL }, { "MRU", 2, NULL }, { "MUR", 2, NULL },
	{ "MVR", 2, NULL }, { "MWK", 2, NULL }, { "MXN", 2, "MX$" },
	{ "MXV", 2, NULL }, { "MYR", 2, NULL }, { "MZN", 2, NULL },
	{ "NAD", 2, NULL }, { "NGN", 2, "\xe2\x82\xa6" }, { "NIO", 2, NULL },
	{ "NOK", 2, NULL }, { "NPR", 2, NULL }, { "NZD", 2, "NZ$" },
	{ "OMR", 3, NULL }, { "PAB", 2, NULL }, { "PEN", 2, NULL },
	{ "PGK", 2, NULL }, { "PHP", 2, "\xe2\x82\xb1" }, { "PKR", 2, NULL },
	{ "PLN", 2, NULL }, { "PYG", 0, NULL }, { "QAR", 2, NULL },
	{ "RON", 2, NULL }, { "RSD", 2, NULL }, { "RUB", 2, NULL },
	{ "RWF", 0, NULL }, { "SAR", 2, NULL }, { "SBD", 2, NULL },
	{ "SCR", 2, NULL }, { "SDG", 2, NULL }, { "SEK", 2, NULL },
	{ "SGD", 2, NULL }, { "SHP", 2, NULL }, { "SLE", 2, NULL },
	{ "SLL", 2, NULL }, { "SOS", 2, NULL }, { "SRD", 2, NULL },
	{ "SSP", 2, NULL }, { "STN", 2, NULL }, { "SVC", 2, NULL },
	{ "SYP", 2, NULL }, { "SZL", 2, NULL }, { "THB", 2, NULL },
	{ "TJS", 2, NULL }, { "TMT", 2, NULL }, { "TND", 3, NULL },
	{ "TOP", 2, NULL }, { "TRY", 2, "\xe2\x82\xba" }, { "TTD", 2, NULL },
	{ "TWD", 2, "NT$" }, { "TZS", 2, NULL }, { "UAH", 2, "\xe2\x82\xb4" },
	{ "UGX", 0, NULL }, { "USD", 2, "$" }, { "USN", 2, NULL },
	{ "UYI", 0, NULL }, { "UYU", 2, NULL }, { "UYW", 4, NULL },
	{ "UZS", 2, NULL }, { "VED", 2, NULL }, { "VES", 2, NULL },
	{ "VND", 0, "\xe2\x82\xab" }, { "VUV", 0, NULL }, { "WST", 2, NULL },
	{ "XAF", 0, NULL }, { "XCD", 2, NULL }, { "XCG", 2, NULL },
	{ "XOF", 0, NULL }, { "XPF", 0, NULL }, { "YER", 2, NULL },
	{ "ZAR", 2, NULL }, { "ZMW", 2, NULL }, { "ZWG", 2, NULL },
	{ "ZWL", 2, NULL },
};

#define NCURRENCIES (sizeof(currencies) / sizeof(currencies[0]))

static int
currency_cmp(const void *key, const void *elem)
{
	const struct sg_currency *c = elem;

	return strcmp(key, c->code);
}

const struct sg_currency *
sg_currency_lookup(const char *code)
{
	size_t	 i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < 3; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return NULL;
	if (code[3] != '\0')
		return NULL;
	return bsearch(code, currencies, NCURRENCIES, sizeof(currencies[0]),
	    currency_cmp);
}

size_t
sg_currency_count(void)
{
	return NCURRENCIES;
}

const struct sg_currency *
sg_currency_at(size_t i)
{
	return i < NCURRENCIES ? &currencies[i] : NULL;
}

/*
 * Write the decimal digits of v into tmp (right-aligned, no terminator),
 * grouping the integer part in thousands with ',' and putting '.' before
 * the last exp digits.  Returns the start of the text inside tmp.
 */
static char *
money_digits(char *end, uint64_t v, int exp)
{
	char	*p = end;
	int	 n = 0, grp = 0;

	/* Fraction digits, zero-padded. */
	for (n = 0; n < exp; n++) {
		*--p = (char)('0' + v % 10);
		v /= 10;
	}
	if (exp > 0)
		*--p = '.';
	do {
		if (grp == 3) {
			*--p = ',';
			grp = 0;
		}
		*--p = (char)('0' + v % 10);
		v /= 10;
		grp++;
	} while (v != 0);
	return p;
}

static int
fmt_join(char *dst, size_t dstsz, int neg, const char *prefix,
    const char *digits, size_t ndigits)
{
	size_t	 plen = strlen(prefix), need;

	need = (neg ? 1 : 0) + plen + ndigits + 1;
	if (dst == NULL || need > dstsz)
		return -1;
	if (neg)
		*dst++ = '-';
	memcpy(dst, prefix, plen);
	memcpy(dst + plen, digits, ndigits);
	dst[plen + ndigits] = '\0';
	return 0;
}

int
sg_money_format(char *dst, size_t dstsz, int64_t minor,
    const struct sg_currency *cur)
{
	char		 tmp[48], prefix[8], *p;
	uint64_t	 mag;
	int		 neg = minor < 0;

	if (cur == NULL || cur->exponent < 0 || cur->exponent > 4)
		return -1;
	mag = neg ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	p = money_digits(tmp + sizeof(tmp), mag, cur->exponent);
	if (cur->symbol != NULL)
		snprintf(prefix, sizeof(prefix), "%s", cur->symbol);
	else
		snprintf(prefix, sizeof(prefix), "%s ", cur->code);
	return fmt_join(dst, dstsz, neg, prefix, p,
	    (size_t)(tmp + sizeof(tmp) - p));
}

int
sg_units_format(char *dst, size_t dstsz, int64_t units)
{
	char		 tmp[48], *p;
	uint64_t	 mag;
	int		 neg = units < 0;

	mag = neg ? (uint64_t)0 - (uint64_t)units : (uint64_t)units;
	p = money_digits(tmp + sizeof(tmp), mag, 0);
	return fmt_join(dst, dstsz, neg, "", p,
	    (size_t)(tmp + sizeof(tmp) - p));
}

int
sg_money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t	 r;

	if (__builtin_add_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

int
sg_money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t	 r;

	if (__builtin_sub_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

int
sg_money_mul(int64_t a, int64_t b, int64_t *out)
{
	int64_t	 r;

	if (__builtin_mul_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

/* --- decimal text of forms ----------------------------------------------- */

int
sg_money_parse_decimal(const char *s, int exponent, int64_t *out)
{
	int64_t		 v = 0;
	int		 digits = 0, frac = -1;
	const char	*p;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return -1;
	for (p = s; *p != '\0' && *p != ' '; p++) {
		if (*p == '.' && frac < 0 && exponent > 0) {
			frac = 0;
			continue;
		}
		if (*p == ',' && frac < 0)
			continue;	/* a thousands separator */
		if (!isdigit((unsigned char)*p))
			return -1;
		if (frac >= 0 && ++frac > exponent)
			return -1;
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
		digits++;
	}
	while (*p == ' ')
		p++;
	if (*p != '\0' || digits == 0)
		return -1;
	if (frac < 0)
		frac = 0;
	for (; frac < exponent; frac++) {
		if (v > INT64_MAX / 10)
			return -1;
		v *= 10;
	}
	*out = v;
	return 0;
}

void
sg_money_input_format(char *dst, size_t size, int64_t v, int exponent)
{
	int64_t	 div = 1, f;
	int	 i;
	char	 frac[8];

	if (exponent <= 0) {
		snprintf(dst, size, "%" PRId64, v);
		return;
	}
	if (exponent > 4)
		exponent = 4;
	for (i = 0; i < exponent; i++)
		div *= 10;
	f = v % div;
	if (f < 0)
		f = -f;
	for (i = exponent - 1; i >= 0; i--) {
		frac[i] = (char)('0' + f % 10);
		f /= 10;
	}
	frac[exponent] = '\0';
	snprintf(dst, size, "%" PRId64 ".%s", v / div, frac);
}

void
sg_amount_format(char *dst, size_t size, int64_t v, const char *currency)
{
	const struct sg_currency	*cur;

	cur = currency != NULL ? sg_currency_lookup(currency) : NULL;
	if (cur != NULL && sg_money_format(dst, size, v, cur) == 0)
		return;
	if (sg_units_format(dst, size, v) != 0)
		snprintf(dst, size, "%" PRId64, v);
}

int64_t
sg_percent(int64_t progress, int64_t goal)
{
	if (goal <= 0 || progress <= 0)
		return 0;
	if (progress > INT64_MAX / 100)
		return progress / goal * 100;
	return progress * 100 / goal;
}

/* --- amounts by the store's locale --------------------------------------- */

/* Whether digits[0..n) split by the grouping separators form valid groups. */
static int
money_groups_ok(const int *groups, size_t n)
{
	size_t	 i;

	if (n == 0 || groups[0] < 1 || groups[0] > 3)
		return 0;
	for (i = 1; i < n; i++)
		if (groups[i] != 3)
			return 0;
	return 1;
}

#define MONEY_WHY(...) do {					\
	if (why != NULL && whysize > 0)					\
		snprintf(why, whysize, __VA_ARGS__);			\
} while (0)

/* Append the digits of s (no separators) scaled into *v; -1 overflow. */
static int
money_accum(const char *s, size_t n, int64_t *v)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			continue;
		if (*v > (INT64_MAX - 9) / 10)
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
sg_money_parse_locale(const char *text, int exponent, char mark,
    int64_t *minor, char *why, size_t whysize)
{
	char		 t[64], sep = 0, group = 0;
	size_t		 n, i, ngroups = 0, dec = (size_t)-1, ndec = 0;
	int		 groups[32], cur = 0, seps = 0, kinds = 0, k;
	int64_t		 v = 0;
	const char	*s = text;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n == 0 || n >= sizeof(t)) {
		MONEY_WHY("Enter an amount, like 2500 or "
		    "2500%c00.", mark);
		return -1;
	}
	memcpy(t, s, n);
	t[n] = '\0';
	/* Which separators occur, and the last one of '.' / ','. */
	for (i = 0; i < n; i++) {
		if (t[i] == '.' || t[i] == ',') {
			if (sep != 0 && t[i] != sep)
				kinds = 2;
			else if (kinds == 0)
				kinds = 1;
			sep = t[i];
			seps++;
		} else if (t[i] != ' ' && !isdigit((unsigned char)t[i])) {
			MONEY_WHY("\"%s\" is not an amount: use "
			    "digits only, like 2500 or 2500%c00.", t, mark);
			return -1;
		}
	}
	/* The decimal mark's position, if any. */
	if (kinds == 2) {
		dec = (size_t)(strrchr(t, sep) - t);
		if (strchr(t, sep) != t + dec) {
			MONEY_WHY("\"%s\" is not an amount: the "
			    "decimal mark comes once.", t);
			return -1;
		}
		group = sep == '.' ? ',' : '.';
	} else if (kinds == 1) {
		char	*p = strrchr(t, sep);

		k = (int)(n - (size_t)(p - t) - 1);
		if (seps > 1 || (k == 3 && sep != mark))
			group = sep;
		else if (k == 3 && exponent < 3) {
			/* The store's mark and three digits: 5.000 or 5,000. */
			char	 whole[64], frac[8];
			int	 e = exponent > 0 ? exponent : 0, j;

			snprintf(whole, sizeof(whole), "%.*s", (int)(p - t), t);
			for (j = 0; j < e && j < 4; j++)
				frac[j] = '0';
			frac[j] = '\0';
			if (why != NULL && whysize > 0) {
				if (e > 0)
					snprintf(why, whysize, "%s could be %s or "
					    "%s%s — write %s%s or %s%c%s", t, whole,
					    whole, p + 1, whole, p + 1, whole,
					    mark, frac);
				else
					snprintf(why, whysize, "%s could be %s or "
					    "%s%s — write %s%s or %s", t, whole,
					    whole, p + 1, whole, p + 1, whole);
			}
			return -2;
		} else
			dec = (size_t)(p - t);
	}
	/* Groups of the whole part (split by the grouping char or spaces). */
	for (i = 0; i < (dec == (size_t)-1 ? n : dec); i++) {
		if (isdigit((unsigned char)t[i])) {
			cur++;
			continue;
		}
		if ((t[i] != ' ' && t[i] != group) || ngroups + 1 >= 32) {
			MONEY_WHY("\"%s\" is not an amount: group "
			    "thousands by three digits, like 5%c000.", t,
			    mark == '.' ? ',' : '.');
			return -1;
		}
		groups[ngroups++] = cur;
		cur = 0;
	}
	groups[ngroups++] = cur;
	if ((ngroups > 1 && !money_groups_ok(groups, ngroups)) ||
	    (ngroups == 1 && groups[0] == 0 && dec == (size_t)-1)) {
		MONEY_WHY("\"%s\" is not an amount: group "
		    "thousands by three digits, like 5%c000.", t,
		    mark == '.' ? ',' : '.');
		return -1;
	}
	if (dec != (size_t)-1) {
		for (i = dec + 1; i < n; i++) {
			if (!isdigit((unsigned char)t[i])) {
				MONEY_WHY("\"%s\" is not an amount: "
				    "only digits after the decimal mark.", t);
				return -1;
			}
			ndec++;
		}
		if (exponent <= 0) {
			MONEY_WHY("\"%s\": enter a whole number.", t);
			return -1;
		}
		if ((int)ndec > exponent) {
			MONEY_WHY("\"%s\" has more decimals than "
			    "the currency's %d.", t, exponent);
			return -1;
		}
		if (ndec == 0 && groups[ngroups - 1] == 0) {
			MONEY_WHY("Enter an amount, like 2500 or "
			    "2500%c00.", mark);
			return -1;
		}
	}
	if (money_accum(t, dec == (size_t)-1 ? n : dec, &v) == -1 ||
	    (dec != (size_t)-1 && money_accum(t + dec + 1, ndec, &v) == -1))
		goto toolarge;
	for (k = (int)ndec; k < exponent; k++) {
		if (v > INT64_MAX / 10)
			goto toolarge;
		v *= 10;
	}
	*minor = v;
	return 0;
toolarge:
	MONEY_WHY("\"%s\" is too large.", t);
	return -1;
}

char
sg_locale_decimal_mark(const char *locale)
{
	static const char *const comma[] = {
		"de", "fr", "es", "it", "nl", "pt", "ru", "pl", "sv", "da",
		"fi", "nb", "nn", "no", "cs", "sk", "tr", "el", "hu", "ro",
		"id", "uk", "hr", "sl", "sr", "bg", "lt", "lv", "et", "is",
		"ca", "eu", "gl", "be", "vi", "az", "kk",
	};
	size_t	 i, n;

	if (locale == NULL)
		return '.';
	n = strcspn(locale, "-_");
	if (strncmp(locale, "de-CH", 5) == 0)	/* Swiss German: 5'000.00 */
		return '.';
	for (i = 0; i < sizeof(comma) / sizeof(comma[0]); i++)
		if (strlen(comma[i]) == n && strncmp(locale, comma[i], n) == 0)
			return ',';
	return '.';
}
