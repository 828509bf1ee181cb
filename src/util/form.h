/*
 * form.h — application/x-www-form-urlencoded bodies, URL query strings,
 * Cookie headers and percent-encoding.
 *
 * A struct sg_form is a list of (name, value) pairs in input order.  Names
 * may repeat (a multi-select sends one pair per chosen option).  The form
 * owns copies of every name and value; sg_form_free() releases them and
 * leaves the form empty and reusable.  Pointers returned by the lookup
 * functions point into the form and stay valid until sg_form_free().
 * sg_form_free(NULL) is a no-op.  Every name and value is NUL-terminated,
 * valid UTF-8 and contains no NUL byte, so it can be used as a C string.
 *
 * Conventions: functions that can fail return 0 (SG_FORM_OK) on success
 * and a negative SG_FORM_* code on failure; sg_form_strerror() turns a code
 * into a sentence fit to show a user.  On failure the form is left empty
 * (never half-filled), so a caller cannot act on part of a bad input.
 */
#ifndef SG_UTIL_FORM_H
#define SG_UTIL_FORM_H

#include <stddef.h>

#include "util/buf.h"

/* Most pairs one form, query string or Cookie header may hold. */
#define SG_FORM_MAX_PAIRS	256
/* Largest urlencoded body or query string accepted, in bytes (encoded). */
#define SG_FORM_MAX_BYTES	(64u * 1024u)
/* Largest Cookie header accepted, in bytes. */
#define SG_COOKIE_MAX_BYTES	8192u
/* Most cookies one Cookie header may carry. */
#define SG_COOKIE_MAX_PAIRS	64

#define SG_FORM_OK		  0
#define SG_FORM_NOMEM		(-1)	/* allocation failed */
#define SG_FORM_TOOBIG		(-2)	/* input longer than its cap */
#define SG_FORM_TOOMANY		(-3)	/* more pairs than the cap */
#define SG_FORM_BADESCAPE	(-4)	/* '%' not followed by two hex digits */
#define SG_FORM_BADUTF8		(-5)	/* decoded text is not valid UTF-8 */
#define SG_FORM_NUL		(-6)	/* decoded text contains a NUL byte */

struct sg_form_pair {
	char	*name;		/* decoded, NUL-terminated */
	char	*value;		/* decoded, NUL-terminated, "" when absent */
	size_t	 namelen;
	size_t	 valuelen;
};

struct sg_form {
	struct sg_form_pair	*pairs;
	size_t			 npairs;
	size_t			 maxpairs;	/* 0 means SG_FORM_MAX_PAIRS */
};

/* Initialise an empty form. */
void		 sg_form_init(struct sg_form *f);
void		 sg_form_free(struct sg_form *f);

/*
 * Parse an application/x-www-form-urlencoded body or a URL query string
 * (without the leading '?') of len bytes into f, which must be empty
 * (freshly initialised or freed).  Pairs are separated by '&'; a pair
 * without '=' has the value ""; empty segments ("a=1&&b=2") and pairs
 * whose name is empty are skipped.  '+' decodes to a space and %XX to the
 * byte XX (either case of hex digit).  Fails on a bad escape, on text that
 * is not valid UTF-8 or holds a NUL, on more than SG_FORM_MAX_PAIRS pairs
 * and on more than SG_FORM_MAX_BYTES of input.
 */
int		 sg_form_parse(struct sg_form *f, const char *s, size_t len);

/*
 * Parse a Cookie request header value ("a=b; c=d") into f, which must be
 * empty.  Values are taken as sent (no percent-decoding); one pair of
 * surrounding double quotes is removed.  Following browsers, a segment
 * without '=' or with an empty name is skipped rather than failing the
 * whole header, and so is a cookie whose name or value holds a control
 * character or invalid UTF-8.  Fails only on more than SG_COOKIE_MAX_BYTES
 * of input or more than SG_COOKIE_MAX_PAIRS cookies.
 */
int		 sg_cookie_parse(struct sg_form *f, const char *s, size_t len);

/*
 * Append a copy of one pair (lengths in bytes; the text must already be
 * valid, see sg_form_text_valid()).  Fails with SG_FORM_TOOMANY when the
 * form already holds its maximum number of pairs, SG_FORM_BADUTF8 or
 * SG_FORM_NUL when a name or value is not valid text.  Unlike the parsers,
 * a failed add leaves the earlier pairs in place.
 */
int		 sg_form_add(struct sg_form *f, const char *name,
		    size_t namelen, const char *value, size_t valuelen);

/* First value for name (exact, case-sensitive match), or NULL. */
const char	*sg_form_get(const struct sg_form *f, const char *name);
/* The same for a cookie name; cookie names are case-sensitive too. */
const char	*sg_cookie_get(const struct sg_form *f, const char *name);

/*
 * Every value for name, in input order: stores up to max pointers in out
 * (out may be NULL when max is 0) and returns how many values the form
 * holds for name, which may be more than max.
 */
size_t		 sg_form_get_all(const struct sg_form *f, const char *name,
		    const char **out, size_t max);

/*
 * Percent-encode len bytes of s onto out: the unreserved characters
 * A-Z a-z 0-9 - . _ ~ stay as they are, every other byte becomes %XX
 * (upper-case hex, so a space is %20).  The result is safe in a URL path
 * segment, a query name or a query value.  Returns SG_FORM_OK, or
 * SG_FORM_NOMEM / SG_FORM_TOOBIG when out cannot grow (out keeps its
 * earlier contents in that case, possibly with part of the encoding).
 */
int		 sg_form_encode(struct sg_buf *out, const char *s, size_t len);

/*
 * Append "name=value" to a query string being built in out, preceded by
 * '&' when out is not empty; both halves percent-encoded.
 */
int		 sg_form_encode_pair(struct sg_buf *out, const char *name,
		    const char *value);

/*
 * Whether len bytes of s are well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF) without a NUL byte: returns
 * SG_FORM_OK, SG_FORM_BADUTF8 or SG_FORM_NUL.
 */
int		 sg_form_text_valid(const char *s, size_t len);

/* A static English sentence describing an SG_FORM_* code. */
const char	*sg_form_strerror(int code);

#endif
