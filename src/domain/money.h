/*
 * money.h — currencies, money limits, display formatting, checked arithmetic.
 *
 * Money is always an int64_t count of minor units (cents); never a float.
 * The currency table is static and read-only: pointers returned by
 * sg_currency_lookup() stay valid for the life of the program and must not
 * be freed.  Formatting functions write into a caller-supplied buffer (no
 * allocation); SG_MONEY_FMT_MAX bytes are always enough.
 *
 * Conventions: functions returning int return 0 on success and -1 on
 * failure (overflow, buffer too small, unknown code); outputs are only
 * written on success.
 */
#ifndef SG_DOMAIN_MONEY_H
#define SG_DOMAIN_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* Limits from SPEC "Bad input". */
#define SG_QUANTITY_MIN	1
#define SG_QUANTITY_MAX	1000000
#define SG_PRICE_MIN	0
#define SG_PRICE_MAX	INT64_C(1000000000000)		/* 10^12 minor units */

/*
 * Largest campaign goal and milestone target (units or minor units): 10^15,
 * well below 2^53 so that every accepted JSON number is exact.
 */
#define SG_GOAL_MAX	INT64_C(1000000000000000)

/* Enough for any formatted amount of any currency, NUL included. */
#define SG_MONEY_FMT_MAX 64

struct sg_currency {
	const char	*code;		/* "USD": 3 upper-case letters */
	int		 exponent;	/* minor-unit exponent: 0..4 */
	const char	*symbol;	/* "$" (UTF-8), or NULL: display the code */
};

/*
 * Look up an active ISO 4217 currency by its exact upper-case code
 * ("usd" and "USD " are unknown).  Returns NULL when unknown.  Codes
 * without a minor unit (XAU, XDR, XXX, ...) are not in the table.
 */
const struct sg_currency *sg_currency_lookup(const char *code);

/* Number of entries in the table and the i-th entry (for tests, pickers). */
size_t			  sg_currency_count(void);
const struct sg_currency *sg_currency_at(size_t i);

/*
 * Format an amount of minor units for display: "$1,234.56", "¥1,234",
 * "KWD 1.500", "-$0.05", "CLF 0.0001".  The symbol (or the code and a
 * space) comes first, the minus sign before it; thousands are separated by
 * "," and the decimal mark is ".".  Any int64_t, INT64_MIN included, is
 * formatted.  Returns -1 when dst (of dstsz bytes) is too small.
 */
int	sg_money_format(char *dst, size_t dstsz, int64_t minor,
	    const struct sg_currency *cur);

/* Format a count with thousands separators: "1,234", "-5", "0". */
int	sg_units_format(char *dst, size_t dstsz, int64_t units);

/* *out = a + b, or -1 on int64 overflow (then *out is untouched). */
int	sg_money_add(int64_t a, int64_t b, int64_t *out);
/* *out = a - b, or -1 on int64 overflow. */
int	sg_money_sub(int64_t a, int64_t b, int64_t *out);
/* *out = a * b, or -1 on int64 overflow. */
int	sg_money_mul(int64_t a, int64_t b, int64_t *out);

/* --- decimal text of forms ----------------------------------------------- */

/*
 * Parse an amount typed by a person into minor units of a currency of
 * exponent digits (0 for a whole count of units): "250", "1,250" (commas
 * before the decimal mark are thousands separators and ignored), "250.5",
 * "250.50", with spaces around.  The decimal mark is '.', allowed only when
 * exponent > 0, with at most exponent digits after it ("2.505" with
 * exponent 2 is refused, never rounded).  No sign.  Returns 0 and *minor,
 * or -1 (malformed, or above INT64_MAX).
 */
int	sg_money_parse_decimal(const char *text, int exponent, int64_t *minor);
/*
 * Parse an amount typed by a person, by the store's decimal mark (mark '.'
 * or ','; the other one and spaces group thousands): "5000,00", "5.000,00",
 * "5,000.00", "5000.00", "5 000".  Rules, for exponent digits (0: a count):
 *  - both '.' and ',' present: the last one is the decimal mark, the other
 *    groups thousands (first group 1-3 digits, then groups of 3);
 *  - one separator, several times, or followed by 3 digits while it is not
 *    the store's mark: thousands ("1,000,000"; "5,000" for mark '.');
 *  - the store's mark followed by exactly 3 digits ("5.000" for '.', "5,000"
 *    for ','): ambiguous, refused (unless the currency has 3 or 4 decimals:
 *    then it is the decimal mark);
 *  - one separator followed by 1, 2 or 4 digits: the decimal mark, with at
 *    most exponent digits after it ("5000,00", "50.5").
 * Returns 0 and *minor; -1 malformed or too large (why: a sentence); -2
 * ambiguous (why shows both readings: "5,000 could be 5 or 5000 — write
 * 5000 or 5.00").  why may be NULL.  Nothing is rounded.
 */
#define SG_MONEY_WHY_MAX	160
int	sg_money_parse_locale(const char *text, int exponent, char mark,
	    int64_t *minor, char *why, size_t whysize);
/* The decimal mark of a store locale ("de", "fr-CA" -> ','; "en" -> '.'). */
char	sg_locale_decimal_mark(const char *locale);
/*
 * The inverse for a form field: minor units as "250.50" (exponent digits
 * after the mark; exponents above 4 are written as 4), or "250" for
 * exponent 0.  No thousands separators, so the text parses back.
 */
void	sg_money_input_format(char *dst, size_t dstsz, int64_t minor,
	    int exponent);
/*
 * An amount for display: minor units of currency (sg_money_format()) when
 * currency names a known one, else a count of units (sg_units_format()).
 * currency NULL means units.  Always writes something into dst.
 */
void	sg_amount_format(char *dst, size_t dstsz, int64_t v, const char *currency);
/* Percent of goal reached by progress, floored (0 when goal <= 0; may exceed 100). */
int64_t	sg_percent(int64_t progress, int64_t goal);

#endif
