/* validate.c — string syntax rules and validation errors; see validate.h. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "domain/validate.h"

static const char *const verr_codes[SG_VERR__MAX] = {
	"ok",			/* SG_VERR_OK */
	"required",		/* SG_VERR_REQUIRED */
	"invalid_type",		/* SG_VERR_INVALID_TYPE */
	"invalid",		/* SG_VERR_INVALID */
	"invalid_utf8",		/* SG_VERR_INVALID_UTF8 */
	"invalid_char",		/* SG_VERR_INVALID_CHAR */
	"too_short",		/* SG_VERR_TOO_SHORT */
	"too_long",		/* SG_VERR_TOO_LONG */
	"out_of_range",		/* SG_VERR_OUT_OF_RANGE */
	"too_few",		/* SG_VERR_TOO_FEW */
	"too_many",		/* SG_VERR_TOO_MANY */
	"duplicate",		/* SG_VERR_DUPLICATE */
	"overflow",		/* SG_VERR_OVERFLOW */
};

const char *
sg_verr_code(enum sg_verr c)
{
	if ((int)c < 0 || c >= SG_VERR__MAX)
		return "invalid";
	return verr_codes[c];
}

void
sg_verror_set(struct sg_verror *e, enum sg_verr code, const char *field,
    const char *fmt, ...)
{
	va_list	 ap;

	if (e == NULL)
		return;
	e->code = code;
	snprintf(e->field, sizeof(e->field), "%s", field == NULL ? "" : field);
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
}

/*
 * Decode one UTF-8 sequence at s[0..len).  Returns its length (1..4) and
 * the code point in *cp, or 0 for an ill-formed sequence (truncated, bad
 * continuation, overlong, surrogate, above U+10FFFF).
 */
static size_t
utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t	 c = s[0], min;
	size_t		 n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static int
cp_is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/* Shared walker: returns SG_VERR_OK, _INVALID_UTF8 or _INVALID_CHAR. */
static enum sg_verr
utf8_walk(const char *s, size_t len, int check_ctl, int flags,
    size_t *nchars)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, chars = 0;
	uint32_t		 c;
	enum sg_verr		 ctl = SG_VERR_OK;

	while (i < len) {
		if ((n = utf8_decode(p + i, len - i, &c)) == 0)
			return SG_VERR_INVALID_UTF8;
		if (check_ctl && cp_is_control(c) &&
		    !((flags & SG_TEXT_MULTILINE) &&
		    (c == '\t' || c == '\n' || c == '\r')))
			ctl = SG_VERR_INVALID_CHAR;
		i += n;
		chars++;
	}
	if (ctl != SG_VERR_OK)
		return ctl;
	if (nchars != NULL)
		*nchars = chars;
	return SG_VERR_OK;
}

enum sg_verr
sg_utf8_check(const char *s, size_t len, size_t *nchars)
{
	if (s == NULL)
		return SG_VERR_REQUIRED;
	return utf8_walk(s, len, 0, 0, nchars);
}

enum sg_verr
sg_text_check(const char *s, size_t len, size_t min_chars, size_t max_chars,
    size_t max_bytes, int flags, size_t *nchars)
{
	size_t		 n = 0;
	enum sg_verr	 rc;

	if (s == NULL)
		return SG_VERR_REQUIRED;
	if (max_bytes == 0)
		max_bytes = SG_CHARS_TO_BYTES(max_chars);
	if ((rc = utf8_walk(s, len, 1, flags, &n)) != SG_VERR_OK)
		return rc;
	if (n < min_chars)
		return SG_VERR_TOO_SHORT;
	if (n > max_chars || len > max_bytes)
		return SG_VERR_TOO_LONG;
	if (nchars != NULL)
		*nchars = n;
	return SG_VERR_OK;
}

enum sg_verr
sg_slug_check(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return SG_VERR_REQUIRED;
	if (s[0] == '\0')
		return SG_VERR_TOO_SHORT;
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= SG_SLUG_MAX)
			return SG_VERR_TOO_LONG;
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return SG_VERR_INVALID_CHAR;
	}
	if (s[0] == '-' || s[i - 1] == '-')
		return SG_VERR_INVALID;
	return SG_VERR_OK;
}

static int
extid_char(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("-._~:@!$&'()*+,;=", c) != NULL;
}

enum sg_verr
sg_extid_check(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return SG_VERR_REQUIRED;
	if (s[0] == '\0')
		return SG_VERR_TOO_SHORT;
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= SG_EXTID_MAX)
			return SG_VERR_TOO_LONG;
		if (!extid_char((unsigned char)s[i]))
			return SG_VERR_INVALID_CHAR;
	}
	/* "." and ".." are dot segments: clients collapse them in a path. */
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return SG_VERR_INVALID;
	return SG_VERR_OK;
}

static int
ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

enum sg_verr
sg_email_normalise(const char *s, char *dst, size_t dstsz)
{
	char		 tmp[SG_EMAIL_MAX_BYTES + 1];
	const char	*b, *e, *at = NULL;
	size_t		 len, i, local, lab;
	enum sg_verr	 rc;

	if (s == NULL)
		return SG_VERR_REQUIRED;
	for (b = s; *b != '\0' && ascii_space(*b); b++)
		continue;
	for (e = b + strlen(b); e > b && ascii_space(e[-1]); e--)
		continue;
	len = (size_t)(e - b);
	if (len == 0)
		return SG_VERR_TOO_SHORT;
	if (len > SG_EMAIL_MAX_BYTES)
		return SG_VERR_TOO_LONG;
	if ((rc = utf8_walk(b, len, 1, 0, NULL)) != SG_VERR_OK)
		return rc;
	for (i = 0; i < len; i++) {
		char c = b[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == ' ' || strchr("()<>[]\\,;:\"", c) != NULL)
			return SG_VERR_INVALID;
		if (c == '@') {
			if (at != NULL)
				return SG_VERR_INVALID;
			at = tmp + i;
		}
		tmp[i] = c;
	}
	tmp[len] = '\0';
	if (at == NULL)
		return SG_VERR_INVALID;
	local = (size_t)(at - tmp);
	if (local == 0 || local > SG_EMAIL_LOCAL_MAX_BYTES)
		return SG_VERR_INVALID;
	/* Domain: labels separated by single dots, at least two labels. */
	lab = 0;
	for (i = local + 1, len = 0; tmp[i] != '\0'; i++) {
		if (tmp[i] == '.') {
			if (len == 0)
				return SG_VERR_INVALID;
			lab++;
			len = 0;
		} else
			len++;
	}
	if (len == 0 || lab == 0)
		return SG_VERR_INVALID;
	if (dst == NULL || dstsz < strlen(tmp) + 1)
		return SG_VERR_TOO_LONG;
	memcpy(dst, tmp, strlen(tmp) + 1);
	return SG_VERR_OK;
}

static int
url_char(unsigned char c)
{
	if (c <= 0x20 || c >= 0x7f)
		return 0;
	return strchr("\"<>\\^`{|}", c) == NULL;
}

static int
media_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	    c == '/';
}

enum sg_verr
sg_image_url_check(const char *s)
{
	const char	*auth;
	size_t		 i, len, hostlen;

	if (s == NULL)
		return SG_VERR_REQUIRED;
	if ((len = strlen(s)) == 0)
		return SG_VERR_TOO_SHORT;
	if (len > SG_URL_MAX_BYTES)
		return SG_VERR_TOO_LONG;
	for (i = 0; i < len; i++)
		if (!url_char((unsigned char)s[i]))
			return SG_VERR_INVALID_CHAR;
	if (strncmp(s, "/media/", 7) == 0) {
		if (s[7] == '\0')
			return SG_VERR_INVALID;
		for (i = 7; i < len; i++)
			if (!media_char((unsigned char)s[i]))
				return SG_VERR_INVALID_CHAR;
		if (strstr(s, "//") != NULL || strstr(s, "/../") != NULL ||
		    strstr(s, "/./") != NULL ||
		    (len >= 3 && strcmp(s + len - 3, "/..") == 0) ||
		    (len >= 2 && strcmp(s + len - 2, "/.") == 0))
			return SG_VERR_INVALID;
		return SG_VERR_OK;
	}
	if (strncasecmp(s, "http://", 7) == 0)
		auth = s + 7;
	else if (strncasecmp(s, "https://", 8) == 0)
		auth = s + 8;
	else
		return SG_VERR_INVALID;
	hostlen = strcspn(auth, "/?#");
	if (hostlen == 0)
		return SG_VERR_INVALID;
	if (memchr(auth, '@', hostlen) != NULL)
		return SG_VERR_INVALID;
	/* A host of only a port (":80") is no host. */
	if (auth[0] == ':')
		return SG_VERR_INVALID;
	return SG_VERR_OK;
}

int
sg_json_has_nul_escape(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i + 1 < len; i++) {
		if (s[i] != '\\')
			continue;
		if (s[i + 1] == 'u' && i + 6 <= len &&
		    memcmp(s + i + 2, "0000", 4) == 0)
			return 1;
		i++;	/* skip the escaped character */
	}
	return 0;
}

enum sg_verr
sg_json_text_check(const char *s, size_t len)
{
	size_t		 i;
	unsigned char	 c;
	int		 in_str = 0;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (in_str) {
			if (c < 0x20)
				return SG_VERR_INVALID_CHAR;
			if (c == '\\' && i + 1 < len) {
				if ((unsigned char)s[i + 1] < 0x20)
					return SG_VERR_INVALID_CHAR;
				i++;
			} else if (c == '"')
				in_str = 0;
		} else if (c == '"')
			in_str = 1;
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return SG_VERR_INVALID_CHAR;
	}
	if (len > 0 && sg_utf8_check(s, len, NULL) != SG_VERR_OK)
		return SG_VERR_INVALID_UTF8;
	return SG_VERR_OK;
}

/* Is the number literal t[0..n) (chars of [0-9+-.eE]) inexact? */
static int
json_number_inexact(const char *t, size_t n)
{
	char		 buf[512], *copy = buf;
	size_t		 i = 0, nsig = 0, ndig, taken;
	long		 exp10 = 0, e = 0;
	int		 esign = 1, integral, inexact, seen_nz = 0;
	int		 tz = 0;	/* trailing zeros in the significant run */
	uint64_t	 u = 0;
	double		 d, ad;

	if (n + 1 > sizeof(buf) && (copy = malloc(n + 1)) == NULL)
		return 1;
	memcpy(copy, t, n);
	copy[n] = '\0';
	d = strtod(copy, NULL);
	if (copy != buf)
		free(copy);
	if (i < n && t[i] == '-')
		i++;
	/* Digits as one run: D (significant, no leading zeros) x 10^exp10. */
	for (; i < n && t[i] >= '0' && t[i] <= '9'; i++) {
		if (t[i] != '0' || seen_nz) {
			seen_nz = 1;
			nsig++;
			tz = t[i] == '0' ? tz + 1 : 0;
		}
	}
	if (i < n && t[i] == '.') {
		for (i++; i < n && t[i] >= '0' && t[i] <= '9'; i++) {
			if (t[i] != '0' || seen_nz) {
				seen_nz = 1;
				nsig++;
				tz = t[i] == '0' ? tz + 1 : 0;
			}
			exp10--;
		}
	}
	if (i < n && (t[i] == 'e' || t[i] == 'E')) {
		i++;
		if (i < n && (t[i] == '+' || t[i] == '-'))
			esign = t[i++] == '-' ? -1 : 1;
		for (; i < n && t[i] >= '0' && t[i] <= '9'; i++)
			if (e < 1000000)
				e = e * 10 + (t[i] - '0');
	}
	if (!seen_nz)
		return 0;			/* zero: exact */
	/* Drop trailing zeros into the exponent. */
	nsig -= (size_t)tz;
	exp10 += (long)tz + esign * e;
	integral = exp10 >= 0;
	if (!integral) {
		/* Not an integer: bad only if the double reads as one. */
		return isfinite(d) ? floor(d) == d : 1;
	}
	ndig = nsig + (size_t)exp10;
	if (ndig <= 15)
		return 0;			/* below 10^15 < 2^53 */
	if (ndig > 19)
		return 1;			/* beyond int64 anyway */
	/* Rebuild the integer (at most 19 digits fit in uint64). */
	seen_nz = 0;
	for (i = 0, taken = 0; i < n && taken < nsig; i++) {
		if (t[i] == 'e' || t[i] == 'E')
			break;
		if (t[i] < '0' || t[i] > '9' || (t[i] == '0' && !seen_nz))
			continue;
		seen_nz = 1;
		u = u * 10 + (uint64_t)(t[i] - '0');
		taken++;
	}
	for (; exp10 > 0; exp10--)
		u *= 10;
	inexact = 0;
	ad = fabs(d);
	if (!(ad < 18446744073709551616.0) || (uint64_t)ad != u)
		inexact = 1;
	return inexact;
}

int
sg_json_has_inexact_number(const char *s, size_t len)
{
	size_t	 i, j;
	int	 in_str = 0;

	for (i = 0; i < len; i++) {
		if (in_str) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_str = 0;
			continue;
		}
		if (s[i] == '"') {
			in_str = 1;
			continue;
		}
		if (s[i] != '-' && !(s[i] >= '0' && s[i] <= '9'))
			continue;
		for (j = i; j < len && ((s[j] >= '0' && s[j] <= '9') ||
		    s[j] == '+' || s[j] == '-' || s[j] == '.' || s[j] == 'e' ||
		    s[j] == 'E'); j++)
			;
		if (json_number_inexact(s + i, j - i))
			return 1;
		i = j - 1;
	}
	return 0;
}
