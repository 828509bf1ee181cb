/*
 * validate.h — syntax rules for every string the service accepts, and the
 * validation error type shared by the domain parsers (order.h).
 *
 * All functions are pure: they read their arguments and write only to the
 * outputs they name.  Nothing here allocates.  Checkers return SG_VERR_OK
 * (0) when the input is acceptable, else the sg_verr code to report.
 *
 * Lengths: "chars" are Unicode scalar values, "bytes" are UTF-8 octets.
 * Every limit below is listed in docs/domain-rules.md.
 */
#ifndef SG_DOMAIN_VALIDATE_H
#define SG_DOMAIN_VALIDATE_H

#include <stddef.h>

/* Limits (chars unless the name says bytes). */
#define SG_HANDLE_MAX		64	/* store handle */
#define SG_SLUG_MAX		64	/* campaign slug */
#define SG_EXTID_MAX		64	/* order/product/variant/customer id */
#define SG_EMAIL_MAX_BYTES	254	/* normalised email (RFC 5321) */
#define SG_EMAIL_LOCAL_MAX_BYTES 64	/* part before '@' */
#define SG_URL_MAX_BYTES	2048	/* image_url */
#define SG_TITLE_MAX		200	/* campaign and milestone title */
#define SG_DESCRIPTION_MAX	10000	/* campaign description */
#define SG_MS_TEXT_MAX		5000	/* milestone before_text, after_text */
#define SG_IMAGE_ALT_MAX	300	/* milestone image_alt (its photo's alt text) */
/* Backer identity: a customer id or a normalised email. */
#define SG_BACKER_MAX_BYTES	SG_EMAIL_MAX_BYTES

/* Byte cap of a text whose limit is n chars (4 bytes per char at most). */
#define SG_CHARS_TO_BYTES(n)	((size_t)(n) * 4)

enum sg_verr {
	SG_VERR_OK = 0,
	SG_VERR_REQUIRED,	/* "required": missing or null */
	SG_VERR_INVALID_TYPE,	/* "invalid_type": wrong JSON type */
	SG_VERR_INVALID,	/* "invalid": bad syntax or value */
	SG_VERR_INVALID_UTF8,	/* "invalid_utf8" */
	SG_VERR_INVALID_CHAR,	/* "invalid_char": control or forbidden char */
	SG_VERR_TOO_SHORT,	/* "too_short": empty where 1+ needed */
	SG_VERR_TOO_LONG,	/* "too_long" */
	SG_VERR_OUT_OF_RANGE,	/* "out_of_range": number beyond limits */
	SG_VERR_TOO_FEW,	/* "too_few": array with too few items */
	SG_VERR_TOO_MANY,	/* "too_many": array with too many items */
	SG_VERR_DUPLICATE,	/* "duplicate": repeated key or item */
	SG_VERR_OVERFLOW,	/* "overflow": a total exceeds int64 */
	SG_VERR__MAX
};

/* The stable wire name of a code ("required", ...); never NULL. */
const char	*sg_verr_code(enum sg_verr);

#define SG_VERROR_FIELD_MAX	96
#define SG_VERROR_MSG_MAX	160

/*
 * One validation error: code, a JSON path such as "line_items[2].quantity"
 * (empty for the body itself) and an English message for humans.
 */
struct sg_verror {
	enum sg_verr	 code;
	char		 field[SG_VERROR_FIELD_MAX];
	char		 message[SG_VERROR_MSG_MAX];
};

/* Fill e (if not NULL); field may be NULL.  Texts are truncated to fit. */
void	sg_verror_set(struct sg_verror *e, enum sg_verr code,
	    const char *field, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/* Text flags for sg_text_check(). */
#define SG_TEXT_MULTILINE	0x01	/* allow \t, \n and \r */

/*
 * Check that s (len bytes; it may contain NUL, which is rejected) is
 * well-formed UTF-8 — no overlong forms, no surrogates, nothing above
 * U+10FFFF — and holds no control character (C0, DEL, C1) except \t \n \r
 * when flags has SG_TEXT_MULTILINE.  Then check min_chars <= chars <=
 * max_chars and len <= max_bytes (0 means SG_CHARS_TO_BYTES(max_chars)).
 * On success *nchars (if not NULL) is the number of characters.
 */
enum sg_verr	sg_text_check(const char *s, size_t len, size_t min_chars,
		    size_t max_chars, size_t max_bytes, int flags,
		    size_t *nchars);

/* UTF-8 well-formedness only (controls allowed); SG_VERR_OK or _INVALID_UTF8. */
enum sg_verr	sg_utf8_check(const char *s, size_t len, size_t *nchars);

/*
 * Store handle and campaign slug: 1..SG_SLUG_MAX of [a-z0-9-], not starting
 * or ending with '-' (a "--" inside is allowed).
 */
enum sg_verr	sg_slug_check(const char *s);
#define sg_handle_check(s) sg_slug_check(s)

/*
 * External id (order, product, variant, customer): 1..SG_EXTID_MAX ASCII
 * characters from the RFC 3986 path-segment set that needs no
 * percent-encoding: A-Z a-z 0-9 and - . _ ~ : @ ! $ & ' ( ) * + , ; =
 * but not "." or ".." (SG_VERR_INVALID: dot segments, which clients
 * collapse).  So an order id can be put into /api/v1/orders/{id}/cancel
 * verbatim.
 */
enum sg_verr	sg_extid_check(const char *s);

/*
 * Normalise an email for backer identity: trim ASCII white space, lower-case
 * ASCII letters (non-ASCII UTF-8 is kept as is), then check the syntax:
 * valid UTF-8 with no control or white space, exactly one '@', a local part
 * of 1..64 bytes without any of ()<>[]\,;:" , a domain of dot-separated
 * non-empty labels with at least one dot, and at most SG_EMAIL_MAX_BYTES
 * bytes in all.  dst must hold SG_EMAIL_MAX_BYTES + 1 bytes; it is written
 * only on success.  An all-blank input returns SG_VERR_TOO_SHORT.
 */
enum sg_verr	sg_email_normalise(const char *s, char *dst, size_t dstsz);

/*
 * Image URL: 1..SG_URL_MAX_BYTES of printable ASCII without space, '"',
 * '<', '>', '\', '^', '`', '{', '|', '}', and either
 *  - an absolute http:// or https:// URL (scheme in any case) with a
 *    non-empty host and no user-info ('@' in the authority), or
 *  - a local path "/media/..." made only of [A-Za-z0-9._/-], without ".."
 *    segments or "//".
 */
enum sg_verr	sg_image_url_check(const char *s);

/*
 * Raw JSON text check for an escaped NUL ("\u0000"): cJSON would silently
 * cut the string there, so the HTTP layer should reject such a body (422,
 * invalid_char) before parsing.  Returns 1 when found, else 0.
 */
int		sg_json_has_nul_escape(const char *s, size_t len);

/*
 * Raw JSON text check (SPEC "Numbers"; JSON itself): SG_VERR_INVALID_CHAR
 * when a string of s (len bytes) holds a raw control character
 * (U+0000-U+001F) or one other than tab, LF and CR stands between tokens;
 * else SG_VERR_INVALID_UTF8 when s is not well-formed UTF-8 anywhere
 * (ignored keys and values included); else SG_VERR_OK.  Both are 400
 * (malformed): cJSON accepts them, and cuts strings at a NUL.  (The API
 * lets the field validators name a bad known field first: api_common.c.)
 */
enum sg_verr	sg_json_text_check(const char *s, size_t len);

/*
 * After a successful parse of s: 1 when a number literal is not exactly
 * the double a parser reads from it in a way that matters for integers —
 * an integer literal beyond 2^53 that the double does not hold exactly
 * (9007199254740993), or a non-integer literal whose double is an integer
 * (1.0000000000000001, 1e-400) — so cJSON would hand the service an
 * integer the client did not send (answer 422).  Else 0.
 */
int		sg_json_has_inexact_number(const char *s, size_t len);

#endif
