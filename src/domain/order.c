/* order.c — API body validation and the order fingerprint; see order.h. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "domain/order.h"

/* Largest path we build, e.g. "line_items[499].product_id". */
#define PATH_MAX_LEN SG_VERROR_FIELD_MAX

static int	fail(struct sg_verror *, enum sg_verr, const char *,
		    const char *, const char *);

/*
 * Find member name of object obj (exact, case-sensitive).  Returns 1 and
 * sets *item when present and not null, 0 when absent or null, -1 (err
 * filled) when the key appears twice.
 */
static int
member(const cJSON *obj, const char *name, const char *prefix,
    const cJSON **item, struct sg_verror *err)
{
	const cJSON	*c, *found = NULL;

	*item = NULL;
	for (c = obj->child; c != NULL; c = c->next) {
		if (c->string == NULL || strcmp(c->string, name) != 0)
			continue;
		if (found != NULL) {
			fail(err, SG_VERR_DUPLICATE, prefix, name,
			    "appears more than once");
			return -1;
		}
		found = c;
	}
	if (found == NULL || cJSON_IsNull(found))
		return 0;
	*item = found;
	return 1;
}

/* Report err at path prefix+name. */
static int
fail(struct sg_verror *err, enum sg_verr code, const char *prefix,
    const char *name, const char *msg)
{
	char	 path[PATH_MAX_LEN];

	if (snprintf(path, sizeof(path), "%s%s", prefix, name) >= (int)sizeof(path))
		path[sizeof(path) - 1] = '\0';	/* truncated paths still name the field */
	sg_verror_set(err, code, path, "%s: %s", path, msg);
	return SG_PARSE_INVALID;
}

static const char *
verr_message(enum sg_verr c)
{
	switch (c) {
	case SG_VERR_REQUIRED:
		return "is required";
	case SG_VERR_INVALID_TYPE:
		return "has the wrong type";
	case SG_VERR_INVALID_UTF8:
		return "is not valid UTF-8";
	case SG_VERR_INVALID_CHAR:
		return "contains a character that is not allowed";
	case SG_VERR_TOO_SHORT:
		return "must not be empty";
	case SG_VERR_TOO_LONG:
		return "is too long";
	case SG_VERR_OUT_OF_RANGE:
		return "is out of range";
	default:
		return "is invalid";
	}
}

/* Kinds of string fields. */
enum strkind {
	STR_EXTID,	/* external id */
	STR_SLUG,
	STR_TITLE,	/* 1..SG_TITLE_MAX, one line */
	STR_DESC,	/* 0..SG_DESCRIPTION_MAX, multi-line */
	STR_MSTEXT,	/* 0..SG_MS_TEXT_MAX, multi-line */
	STR_URL,
	STR_ALT,	/* 0..SG_IMAGE_ALT_MAX, one line */
	STR_ANY		/* any valid UTF-8 (checked by the caller further) */
};

static enum sg_verr
str_check(const char *s, enum strkind kind)
{
	size_t		 len = strlen(s);
	enum sg_verr	 rc;

	if ((rc = sg_utf8_check(s, len, NULL)) != SG_VERR_OK)
		return rc;
	switch (kind) {
	case STR_EXTID:
		return sg_extid_check(s);
	case STR_SLUG:
		return sg_slug_check(s);
	case STR_TITLE:
		return sg_text_check(s, len, 1, SG_TITLE_MAX, 0, 0, NULL);
	case STR_DESC:
		return sg_text_check(s, len, 0, SG_DESCRIPTION_MAX, 0,
		    SG_TEXT_MULTILINE, NULL);
	case STR_MSTEXT:
		return sg_text_check(s, len, 0, SG_MS_TEXT_MAX, 0,
		    SG_TEXT_MULTILINE, NULL);
	case STR_URL:
		return sg_image_url_check(s);
	case STR_ALT:
		return sg_text_check(s, len, 0, SG_IMAGE_ALT_MAX, 0, 0, NULL);
	default:
		return SG_VERR_OK;
	}
}

/*
 * Read string member name of obj, check it as kind.  Returns 1 and sets
 * *out (borrowed from the tree) when present, 0 when absent/null (an error
 * if required), SG_PARSE_INVALID on error.
 */
static int
get_str(const cJSON *obj, const char *prefix, const char *name,
    enum strkind kind, int required, const char **out,
    struct sg_verror *err)
{
	const cJSON	*it;
	enum sg_verr	 rc;
	int		 r;

	*out = NULL;
	if ((r = member(obj, name, prefix, &it, err)) < 0)
		return SG_PARSE_INVALID;
	if (r == 0) {
		if (required)
			return fail(err, SG_VERR_REQUIRED, prefix, name,
			    "is required");
		return 0;
	}
	if (!cJSON_IsString(it) || it->valuestring == NULL)
		return fail(err, SG_VERR_INVALID_TYPE, prefix, name,
		    "must be a string");
	if ((rc = str_check(it->valuestring, kind)) != SG_VERR_OK)
		return fail(err, rc, prefix, name, verr_message(rc));
	*out = it->valuestring;
	return 1;
}

/* Check that a JSON number is an integer in [min, max]. */
static int
int_value(const cJSON *it, const char *prefix, const char *name,
    int64_t min, int64_t max, int64_t *out, struct sg_verror *err)
{
	double	 d;

	if (!cJSON_IsNumber(it))
		return fail(err, SG_VERR_INVALID_TYPE, prefix, name,
		    "must be an integer");
	d = it->valuedouble;
	/* Beyond 2^53 nothing is in range; below, the cast is exact. */
	if (!isfinite(d) || d > 9007199254740992.0 ||
	    d < -9007199254740992.0)
		return fail(err, SG_VERR_OUT_OF_RANGE, prefix, name,
		    "is out of range");
	if (d != (double)(int64_t)d)
		return fail(err, SG_VERR_INVALID, prefix, name,
		    "must be an integer");
	if (d < (double)min || d > (double)max) {
		char	 msg[80];

		snprintf(msg, sizeof(msg), "must be between %lld and %lld",
		    (long long)min, (long long)max);
		return fail(err, SG_VERR_OUT_OF_RANGE, prefix, name, msg);
	}
	*out = (int64_t)d;
	return 1;
}

/* Integer member: 1 present, 0 absent/null (error if required), or error. */
static int
get_int(const cJSON *obj, const char *prefix, const char *name,
    int64_t min, int64_t max, int required, int64_t *out,
    struct sg_verror *err)
{
	const cJSON	*it;
	int		 r;

	if ((r = member(obj, name, prefix, &it, err)) < 0)
		return SG_PARSE_INVALID;
	if (r == 0) {
		if (required)
			return fail(err, SG_VERR_REQUIRED, prefix, name,
			    "is required");
		return 0;
	}
	return int_value(it, prefix, name, min, max, out, err);
}

/* Boolean member: 1 present (*out set), 0 absent/null, or error. */
static int
get_bool(const cJSON *obj, const char *prefix, const char *name, int *out,
    struct sg_verror *err)
{
	const cJSON	*it;
	int		 r;

	if ((r = member(obj, name, prefix, &it, err)) <= 0)
		return r < 0 ? SG_PARSE_INVALID : 0;
	if (!cJSON_IsBool(it))
		return fail(err, SG_VERR_INVALID_TYPE, prefix, name,
		    "must be true or false");
	*out = cJSON_IsTrue(it) ? 1 : 0;
	return 1;
}

/* RFC 3339 member: 1 present, 0 absent/null, or error. */
static int
get_time(const cJSON *obj, const char *prefix, const char *name,
    int required, sg_usec_t *out, struct sg_verror *err)
{
	const char	*s;
	int		 r;

	if ((r = get_str(obj, prefix, name, STR_ANY, required, &s, err)) <= 0)
		return r;
	if (sg_time_parse_rfc3339(s, strlen(s), out) == -1)
		return fail(err, SG_VERR_INVALID, prefix, name,
		    "must be an RFC 3339 timestamp such as "
		    "2026-11-22T10:00:00Z");
	return 1;
}

/* Enum member from a list of names: 1 present (*out index), 0 absent, error. */
static int
get_enum(const cJSON *obj, const char *prefix, const char *name,
    const char *const *names, size_t n, int required, int *out,
    struct sg_verror *err)
{
	const char	*s;
	size_t		 i;
	int		 r;

	if ((r = get_str(obj, prefix, name, STR_ANY, required, &s, err)) <= 0)
		return r;
	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return 1;
		}
	return fail(err, SG_VERR_INVALID, prefix, name,
	    "has a value that is not allowed");
}

static void
copy_id(char *dst, const char *src)
{
	/* src passed sg_extid_check(): at most SG_EXTID_MAX bytes. */
	snprintf(dst, SG_EXTID_MAX + 1, "%s", src);
}

/* Validate a "line_items" array member; returns the array or NULL (err). */
static const cJSON *
get_lines(const cJSON *body, size_t max, size_t *np, struct sg_verror *err)
{
	const cJSON	*arr;
	int		 r, n;

	if ((r = member(body, "line_items", "", &arr, err)) < 0)
		return NULL;
	if (r == 0) {
		fail(err, SG_VERR_REQUIRED, "", "line_items", "is required");
		return NULL;
	}
	if (!cJSON_IsArray(arr)) {
		fail(err, SG_VERR_INVALID_TYPE, "", "line_items",
		    "must be an array");
		return NULL;
	}
	n = cJSON_GetArraySize(arr);
	if (n < 1) {
		fail(err, SG_VERR_TOO_FEW, "", "line_items",
		    "needs at least one line item");
		return NULL;
	}
	if ((size_t)n > max) {
		char	 msg[64];

		snprintf(msg, sizeof(msg), "has more than %zu line items", max);
		fail(err, SG_VERR_TOO_MANY, "", "line_items", msg);
		return NULL;
	}
	*np = (size_t)n;
	return arr;
}

static int
order_line_parse(const cJSON *it, size_t i, struct sg_order_line *l,
    struct sg_verror *err)
{
	char		 prefix[PATH_MAX_LEN];
	const char	*s;
	int		 r;

	snprintf(prefix, sizeof(prefix), "line_items[%zu]", i);
	if (!cJSON_IsObject(it))
		return fail(err, SG_VERR_INVALID_TYPE, prefix, "",
		    "must be an object");
	strncat(prefix, ".", sizeof(prefix) - strlen(prefix) - 1);
	if ((r = get_str(it, prefix, "product_id", STR_EXTID, 1, &s, err)) < 0)
		return r;
	copy_id(l->product_id, s);
	if ((r = get_str(it, prefix, "variant_id", STR_EXTID, 0, &s, err)) < 0)
		return r;
	l->has_variant = r;
	if (r)
		copy_id(l->variant_id, s);
	if ((r = get_int(it, prefix, "quantity", SG_QUANTITY_MIN,
	    SG_QUANTITY_MAX, 1, &l->quantity, err)) < 0)
		return r;
	if ((r = get_int(it, prefix, "price", SG_PRICE_MIN, SG_PRICE_MAX, 1,
	    &l->price, err)) < 0)
		return r;
	if ((r = get_bool(it, prefix, "gift", &l->free_line, err)) < 0)
		return r;
	return SG_PARSE_OK;
}

static int
order_customer_parse(const cJSON *body, struct sg_order *o,
    struct sg_verror *err)
{
	const cJSON	*cust;
	const char	*s;
	enum sg_verr	 rc;
	int		 r;

	if ((r = member(body, "customer", "", &cust, err)) < 0)
		return SG_PARSE_INVALID;
	if (r == 0)
		return fail(err, SG_VERR_REQUIRED, "", "customer",
		    "is required");
	if (!cJSON_IsObject(cust))
		return fail(err, SG_VERR_INVALID_TYPE, "", "customer",
		    "must be an object");
	if ((r = get_str(cust, "customer.", "id", STR_EXTID, 0, &s, err)) < 0)
		return r;
	if ((o->has_customer_id = r))
		copy_id(o->customer_id, s);
	if ((r = get_str(cust, "customer.", "email", STR_ANY, 0, &s, err)) < 0)
		return r;
	if (r) {
		rc = sg_email_normalise(s, o->email, sizeof(o->email));
		if (rc == SG_VERR_OK)
			o->has_email = 1;
		else if (rc != SG_VERR_TOO_SHORT)	/* blank = absent */
			return fail(err, rc, "customer.", "email",
			    rc == SG_VERR_INVALID ? "is not a valid email "
			    "address" : verr_message(rc));
	}
	if (o->has_customer_id) {
		o->backer_kind = SG_BACKER_ID;
		snprintf(o->backer, sizeof(o->backer), "%s", o->customer_id);
	} else if (o->has_email) {
		o->backer_kind = SG_BACKER_EMAIL;
		snprintf(o->backer, sizeof(o->backer), "%s", o->email);
	} else
		return fail(err, SG_VERR_REQUIRED, "", "customer",
		    "needs an id or an email");
	return SG_PARSE_OK;
}

int
sg_order_parse(const cJSON *body, struct sg_order *o, struct sg_verror *err)
{
	const cJSON	*arr, *it;
	const char	*s;
	size_t		 n, i;
	int64_t		 total = 0, line;
	int		 r;

	memset(o, 0, sizeof(*o));
	if (body == NULL || !cJSON_IsObject(body)) {
		sg_verror_set(err, SG_VERR_INVALID_TYPE, "",
		    "the body must be a JSON object");
		return SG_PARSE_INVALID;
	}
	if ((r = get_str(body, "", "id", STR_EXTID, 1, &s, err)) < 0)
		return r;
	copy_id(o->id, s);
	if ((r = get_time(body, "", "placed_at", 1, &o->placed_at, err)) < 0)
		return r;
	if ((r = get_str(body, "", "currency", STR_ANY, 1, &s, err)) < 0)
		return r;
	if ((o->currency = sg_currency_lookup(s)) == NULL)
		return fail(err, SG_VERR_INVALID, "", "currency",
		    "is not an active ISO 4217 code (upper case)");
	if ((r = order_customer_parse(body, o, err)) < 0)
		return r;
	if ((arr = get_lines(body, SG_ORDER_LINES_MAX, &n, err)) == NULL)
		return SG_PARSE_INVALID;
	if ((o->lines = calloc(n, sizeof(*o->lines))) == NULL) {
		sg_verror_set(err, SG_VERR_INVALID, "", "out of memory");
		return SG_PARSE_NOMEM;
	}
	i = 0;
	cJSON_ArrayForEach(it, arr) {
		if ((r = order_line_parse(it, i, &o->lines[i], err)) < 0) {
			sg_order_free(o);
			return r;
		}
		i++;
	}
	o->nlines = n;
	/* The order's total value must fit in int64 (it feeds every sum). */
	for (i = 0; i < n; i++) {
		if (sg_money_mul(o->lines[i].quantity, o->lines[i].price,
		    &line) == -1 || sg_money_add(total, line, &total) == -1) {
			char	 prefix[PATH_MAX_LEN];

			snprintf(prefix, sizeof(prefix), "line_items[%zu].", i);
			sg_order_free(o);
			return fail(err, SG_VERR_OVERFLOW, prefix, "price",
			    "makes the order total too large");
		}
	}
	return SG_PARSE_OK;
}

void
sg_order_free(struct sg_order *o)
{
	if (o == NULL)
		return;
	free(o->lines);
	o->lines = NULL;
	o->nlines = 0;
}

/* Canonical serialisation pieces: a tag byte, then a fixed-size value. */
static void
fp_i64(crypto_generichash_state *st, char tag, int64_t v)
{
	unsigned char	 b[9];
	uint64_t	 u = (uint64_t)v;
	int		 i;

	b[0] = (unsigned char)tag;
	for (i = 8; i >= 1; i--) {
		b[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
	crypto_generichash_update(st, b, sizeof(b));
}

/* A tag, a presence flag, the length and the bytes of s. */
static void
fp_str(crypto_generichash_state *st, char tag, int present, const char *s)
{
	size_t	 len = present ? strlen(s) : 0;

	fp_i64(st, tag, present ? (int64_t)len : -1);
	if (present)
		crypto_generichash_update(st, (const unsigned char *)s, len);
}

int
sg_order_fingerprint(const struct sg_order *o,
    unsigned char out[SG_FINGERPRINT_BYTES])
{
	crypto_generichash_state	 st;
	static const char		 domain[] = "stretchgoal order v1";
	size_t				 i;

	if (o == NULL || o->currency == NULL ||
	    crypto_generichash_init(&st, NULL, 0, SG_FINGERPRINT_BYTES) != 0)
		return -1;
	crypto_generichash_update(&st, (const unsigned char *)domain,
	    sizeof(domain));
	fp_str(&st, 'i', 1, o->id);
	fp_i64(&st, 't', o->placed_at);
	fp_str(&st, 'c', 1, o->currency->code);
	fp_str(&st, 'u', o->has_customer_id, o->customer_id);
	fp_str(&st, 'e', o->has_email, o->email);
	fp_i64(&st, 'n', (int64_t)o->nlines);
	for (i = 0; i < o->nlines; i++) {
		fp_str(&st, 'p', 1, o->lines[i].product_id);
		fp_str(&st, 'v', o->lines[i].has_variant,
		    o->lines[i].variant_id);
		fp_i64(&st, 'q', o->lines[i].quantity);
		fp_i64(&st, 'r', o->lines[i].price);
		fp_i64(&st, 'g', o->lines[i].free_line ? 1 : 0);
	}
	if (crypto_generichash_final(&st, out, SG_FINGERPRINT_BYTES) != 0)
		return -1;
	return 0;
}

int
sg_refund_parse(const cJSON *body, struct sg_refund *rf,
    struct sg_verror *err)
{
	const cJSON		*arr, *it;
	struct sg_refund_line	*l;
	char			 prefix[PATH_MAX_LEN];
	const char		*s;
	size_t			 n, i = 0;
	int			 r;

	memset(rf, 0, sizeof(*rf));
	if (body == NULL || !cJSON_IsObject(body)) {
		sg_verror_set(err, SG_VERR_INVALID_TYPE, "",
		    "the body must be a JSON object");
		return SG_PARSE_INVALID;
	}
	if ((arr = get_lines(body, SG_REFUND_LINES_MAX, &n, err)) == NULL)
		return SG_PARSE_INVALID;
	if ((rf->lines = calloc(n, sizeof(*rf->lines))) == NULL) {
		sg_verror_set(err, SG_VERR_INVALID, "", "out of memory");
		return SG_PARSE_NOMEM;
	}
	cJSON_ArrayForEach(it, arr) {
		l = &rf->lines[i];
		snprintf(prefix, sizeof(prefix), "line_items[%zu]", i);
		if (!cJSON_IsObject(it)) {
			r = fail(err, SG_VERR_INVALID_TYPE, prefix, "",
			    "must be an object");
			goto err;
		}
		strncat(prefix, ".", sizeof(prefix) - strlen(prefix) - 1);
		if ((r = get_str(it, prefix, "product_id", STR_EXTID, 1, &s,
		    err)) < 0)
			goto err;
		copy_id(l->product_id, s);
		if ((r = get_int(it, prefix, "quantity", 0, SG_QUANTITY_MAX, 1,
		    &l->quantity, err)) < 0)
			goto err;
		if ((r = get_int(it, prefix, "amount", 0, SG_PRICE_MAX, 1,
		    &l->amount, err)) < 0)
			goto err;
		if (l->quantity == 0 && l->amount == 0) {
			r = fail(err, SG_VERR_INVALID, prefix, "quantity",
			    "quantity and amount are both 0");
			goto err;
		}
		i++;
	}
	rf->nlines = n;
	/* The store's refund id (after the lines: their errors come first). */
	if ((r = get_str(body, "", "id", STR_EXTID, 1, &s, err)) < 0)
		goto err;
	copy_id(rf->id, s);
	return SG_PARSE_OK;
err:
	sg_refund_free(rf);
	return r;
}

int
sg_refund_fingerprint(const struct sg_refund *r,
    unsigned char out[SG_FINGERPRINT_BYTES])
{
	crypto_generichash_state	 st;
	static const char		 domain[] = "stretchgoal refund v1";
	size_t				 i;

	if (r == NULL ||
	    crypto_generichash_init(&st, NULL, 0, SG_FINGERPRINT_BYTES) != 0)
		return -1;
	crypto_generichash_update(&st, (const unsigned char *)domain,
	    sizeof(domain));
	fp_str(&st, 'i', 1, r->id);
	fp_i64(&st, 'n', (int64_t)r->nlines);
	for (i = 0; i < r->nlines; i++) {
		fp_str(&st, 'p', 1, r->lines[i].product_id);
		fp_i64(&st, 'q', r->lines[i].quantity);
		fp_i64(&st, 'a', r->lines[i].amount);
	}
	if (crypto_generichash_final(&st, out, SG_FINGERPRINT_BYTES) != 0)
		return -1;
	return 0;
}

void
sg_refund_free(struct sg_refund *rf)
{
	if (rf == NULL)
		return;
	free(rf->lines);
	rf->lines = NULL;
	rf->nlines = 0;
}

static const char *const status_names[] = { "draft", "live", "ended" };
static const char *const theme_names[] = { "auto", "light", "dark" };

/* sRGB channel value -> linear light, times 10^6 (WCAG 2 relative luminance). */
static const uint32_t srgb_linear[256] = {
	0, 304, 607, 911, 1214, 1518, 1821, 2125,
	2428, 2732, 3035, 3347, 3677, 4025, 4391, 4777,
	5182, 5605, 6049, 6512, 6995, 7499, 8023, 8568,
	9134, 9721, 10330, 10960, 11612, 12286, 12983, 13702,
	14444, 15209, 15996, 16807, 17642, 18500, 19382, 20289,
	21219, 22174, 23153, 24158, 25187, 26241, 27321, 28426,
	29557, 30713, 31896, 33105, 34340, 35601, 36889, 38204,
	39546, 40915, 42311, 43735, 45186, 46665, 48172, 49707,
	51269, 52861, 54480, 56128, 57805, 59511, 61246, 63010,
	64803, 66626, 68478, 70360, 72272, 74214, 76185, 78187,
	80220, 82283, 84376, 86500, 88656, 90842, 93059, 95307,
	97587, 99899, 102242, 104616, 107023, 109462, 111932, 114435,
	116971, 119538, 122139, 124772, 127438, 130136, 132868, 135633,
	138432, 141263, 144128, 147027, 149960, 152926, 155926, 158961,
	162029, 165132, 168269, 171441, 174647, 177888, 181164, 184475,
	187821, 191202, 194618, 198069, 201556, 205079, 208637, 212231,
	215861, 219526, 223228, 226966, 230740, 234551, 238398, 242281,
	246201, 250158, 254152, 258183, 262251, 266356, 270498, 274677,
	278894, 283149, 287441, 291771, 296138, 300544, 304987, 309469,
	313989, 318547, 323143, 327778, 332452, 337164, 341914, 346704,
	351533, 356400, 361307, 366253, 371238, 376262, 381326, 386429,
	391572, 396755, 401978, 407240, 412543, 417885, 423268, 428690,
	434154, 439657, 445201, 450786, 456411, 462077, 467784, 473531,
	479320, 485150, 491021, 496933, 502886, 508881, 514918, 520996,
	527115, 533276, 539479, 545724, 552011, 558340, 564712, 571125,
	577580, 584078, 590619, 597202, 603827, 610496, 617207, 623960,
	630757, 637597, 644480, 651406, 658375, 665387, 672443, 679542,
	686685, 693872, 701102, 708376, 715694, 723055, 730461, 737910,
	745404, 752942, 760525, 768151, 775822, 783538, 791298, 799103,
	806952, 814847, 822786, 830770, 838799, 846873, 854993, 863157,
	871367, 879622, 887923, 896269, 904661, 913099, 921582, 930111,
	938686, 947307, 955973, 964686, 973445, 982251, 991102, 1000000,
};

const char *
sg_theme_name(enum sg_theme t)
{
	return theme_names[t <= SG_THEME_DARK ? t : SG_THEME_AUTO];
}

int
sg_look_accent_parse(const char *v, uint32_t *rgb)
{
	uint32_t	 x = 0;
	size_t		 i;
	int		 d;

	if (v == NULL || v[0] != '#' || strlen(v) != 7)
		return -1;
	for (i = 1; i < 7; i++) {
		if (v[i] >= '0' && v[i] <= '9')
			d = v[i] - '0';
		else if (v[i] >= 'a' && v[i] <= 'f')
			d = v[i] - 'a' + 10;
		else if (v[i] >= 'A' && v[i] <= 'F')
			d = v[i] - 'A' + 10;
		else
			return -1;
		x = x << 4 | (uint32_t)d;
	}
	*rgb = x;
	return 0;
}

const char *
sg_look_accent_check(enum sg_theme theme, uint32_t accent)
{
	static char	 msg[160];
	uint64_t	 l;
	unsigned	 tenths;

	/* L * 10^6; 0.2126 R + 0.7152 G + 0.0722 B */
	l = ((uint64_t)srgb_linear[accent >> 16] * 2126 +
	    (uint64_t)srgb_linear[(accent >> 8) & 0xff] * 7152 +
	    (uint64_t)srgb_linear[accent & 0xff] * 722) / 10000;
	/* against white: 1.05 / (L + 0.05) >= 3  <=>  L <= 0.3 */
	if (theme != SG_THEME_DARK && l > 300000) {
		tenths = (unsigned)(10500000 / (l + 50000));
		snprintf(msg, sizeof(msg), "is too light to read on a white "
		    "background (contrast %u.%u:1, at least 3:1 needed)",
		    tenths / 10, tenths % 10);
		return msg;
	}
	/* against black: (L + 0.05) / 0.05 >= 3  <=>  L >= 0.1 */
	if (theme != SG_THEME_LIGHT && l < 100000) {
		tenths = (unsigned)((l + 50000) / 5000);
		snprintf(msg, sizeof(msg), "is too dark to read on a black "
		    "background (contrast %u.%u:1, at least 3:1 needed)",
		    tenths / 10, tenths % 10);
		return msg;
	}
	return NULL;
}

static const char *const kind_names[] = { "units", "money" };
static const char *const reward_names[] = { "reveal", "gift" };
static const char *const scope_names[] = { "all", "new" };
static const char *const metric_names[] = { "progress", "backers" };

int
sg_campaign_status_parse(const char *s, enum sg_campaign_status *out)
{
	size_t	 i;

	for (i = 0; i < 3; i++)
		if (s != NULL && strcmp(s, status_names[i]) == 0) {
			*out = (enum sg_campaign_status)i;
			return 0;
		}
	return -1;
}

int
sg_campaign_status_may_move(enum sg_campaign_status from,
    enum sg_campaign_status to)
{
	return to >= from;
}

const char *
sg_campaign_status_name(enum sg_campaign_status s)
{
	return (unsigned)s < 3 ? status_names[s] : "draft";
}

const char *
sg_goal_kind_name(enum sg_goal_kind k)
{
	return k == SG_GOAL_MONEY ? "money" : "units";
}

/*
 * Member that may be explicitly null in a patch: returns 1 when the key is
 * present (null or not), 0 when absent, -1 on a duplicate.
 */
static int
has_key(const cJSON *obj, const char *name, struct sg_verror *err)
{
	const cJSON	*it;
	int		 r;

	if ((r = member(obj, name, "", &it, err)) < 0)
		return -1;
	return r == 1 || cJSON_GetObjectItemCaseSensitive(obj, name) != NULL;
}

/*
 * A field that may not be null: required on create; on patch an explicit
 * null is an error, absence is fine.  Returns 0 to go on, or an error.
 */
static int
not_null(const cJSON *obj, const char *name, int is_patch, int present,
    struct sg_verror *err)
{
	if (present)
		return 0;
	if (!is_patch)
		return fail(err, SG_VERR_REQUIRED, "", name, "is required");
	if (cJSON_GetObjectItemCaseSensitive(obj, name) != NULL)
		return fail(err, SG_VERR_REQUIRED, "", name,
		    "cannot be null");
	return 0;
}

static int
campaign_products(const cJSON *body, struct sg_campaign_input *c,
    struct sg_verror *err)
{
	const cJSON	*arr, *it;
	char		 prefix[PATH_MAX_LEN];
	size_t		 i = 0, j;
	enum sg_verr	 rc;
	int		 r;

	if ((r = member(body, "product_ids", "", &arr, err)) < 0)
		return SG_PARSE_INVALID;
	if (r == 0)	/* null or absent: none */
		return has_key(body, "product_ids", err) ? 1 : 0;
	if (!cJSON_IsArray(arr))
		return fail(err, SG_VERR_INVALID_TYPE, "", "product_ids",
		    "must be an array of strings");
	if (cJSON_GetArraySize(arr) > SG_CAMPAIGN_PRODUCTS_MAX)
		return fail(err, SG_VERR_TOO_MANY, "", "product_ids",
		    "has too many products");
	cJSON_ArrayForEach(it, arr) {
		snprintf(prefix, sizeof(prefix), "product_ids[%zu]", i);
		if (!cJSON_IsString(it) || it->valuestring == NULL)
			return fail(err, SG_VERR_INVALID_TYPE, prefix, "",
			    "must be a string");
		if ((rc = str_check(it->valuestring, STR_EXTID)) != SG_VERR_OK)
			return fail(err, rc, prefix, "", verr_message(rc));
		for (j = 0; j < i; j++)
			if (strcmp(c->product_ids[j], it->valuestring) == 0)
				return fail(err, SG_VERR_DUPLICATE, prefix, "",
				    "is listed twice");
		c->product_ids[i++] = it->valuestring;
	}
	c->nproduct_ids = i;
	return 1;
}

/* theme, accent and radius of a campaign body: 0, or an error. */
static int
campaign_look(const cJSON *body, int is_patch, struct sg_campaign_input *c,
    struct sg_verror *err)
{
	const char	*s;
	int64_t		 n;
	int		 r, v = SG_THEME_AUTO;

	if ((r = get_enum(body, "", "theme", theme_names, 3, 0, &v, err)) < 0)
		return SG_PARSE_INVALID;
	if (r) {
		c->has |= SG_CF_THEME;
		c->theme = (enum sg_theme)v;
	} else if (is_patch &&
	    cJSON_GetObjectItemCaseSensitive(body, "theme") != NULL)
		return fail(err, SG_VERR_REQUIRED, "", "theme", "cannot be null");
	if ((r = get_str(body, "", "accent", STR_ANY, 0, &s, err)) < 0)
		return SG_PARSE_INVALID;
	if (r) {
		if (sg_look_accent_parse(s, &c->accent) == -1)
			return fail(err, SG_VERR_INVALID, "", "accent",
			    "must be a colour #rrggbb");
		c->has_accent = 1;
	}
	if ((r = has_key(body, "accent", err)) < 0)
		return SG_PARSE_INVALID;
	if (r)
		c->has |= SG_CF_ACCENT;
	if ((r = get_int(body, "", "radius", 0, SG_RADIUS_MAX, 0, &n, err)) < 0)
		return SG_PARSE_INVALID;
	if (r) {
		c->has_radius = 1;
		c->radius = (int)n;
	}
	if ((r = has_key(body, "radius", err)) < 0)
		return SG_PARSE_INVALID;
	if (r)
		c->has |= SG_CF_RADIUS;
	return 0;
}

int
sg_campaign_parse(const cJSON *body, int is_patch,
    struct sg_campaign_input *c, struct sg_verror *err)
{
	int	 r, v = 0;

	memset(c, 0, sizeof(*c));
	c->description = "";
	c->status = SG_STATUS_DRAFT;
	if (body == NULL || !cJSON_IsObject(body)) {
		sg_verror_set(err, SG_VERR_INVALID_TYPE, "",
		    "the body must be a JSON object");
		return SG_PARSE_INVALID;
	}
	if ((r = get_str(body, "", "slug", STR_SLUG, 0, &c->slug, err)) < 0 ||
	    (r = not_null(body, "slug", is_patch, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (c->slug != NULL)
		c->has |= SG_CF_SLUG;
	if ((r = get_str(body, "", "title", STR_TITLE, 0, &c->title, err)) < 0 ||
	    (r = not_null(body, "title", is_patch, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (c->title != NULL)
		c->has |= SG_CF_TITLE;
	if ((r = get_str(body, "", "description", STR_DESC, 0,
	    &c->description, err)) < 0)
		return SG_PARSE_INVALID;
	if (c->description == NULL)
		c->description = "";
	if ((r = has_key(body, "description", err)) < 0)
		return SG_PARSE_INVALID;
	if (r)
		c->has |= SG_CF_DESCRIPTION;
	if ((r = get_enum(body, "", "goal_kind", kind_names, 2, 0, &v,
	    err)) < 0 || (r = not_null(body, "goal_kind", is_patch, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (cJSON_GetObjectItemCaseSensitive(body, "goal_kind") != NULL &&
	    !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(body, "goal_kind"))) {
		c->has |= SG_CF_GOAL_KIND;
		c->goal_kind = (enum sg_goal_kind)v;
	}
	if ((r = get_int(body, "", "goal", 1, SG_GOAL_MAX, 0, &c->goal,
	    err)) < 0 || (r = not_null(body, "goal", is_patch, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (c->goal > 0)
		c->has |= SG_CF_GOAL;
	if ((r = campaign_products(body, c, err)) < 0)
		return SG_PARSE_INVALID;
	if (r)
		c->has |= SG_CF_PRODUCT_IDS;
	if ((r = get_time(body, "", "starts_at", 0, &c->starts_at, err)) < 0)
		return SG_PARSE_INVALID;
	c->has_starts = r;
	if ((r = has_key(body, "starts_at", err)) < 0)
		return SG_PARSE_INVALID;
	if (r)
		c->has |= SG_CF_STARTS_AT;
	if ((r = get_time(body, "", "ends_at", 0, &c->ends_at, err)) < 0)
		return SG_PARSE_INVALID;
	c->has_ends = r;
	if ((r = has_key(body, "ends_at", err)) < 0)
		return SG_PARSE_INVALID;
	if (r)
		c->has |= SG_CF_ENDS_AT;
	v = SG_STATUS_DRAFT;
	if ((r = get_enum(body, "", "status", status_names, 3, 0, &v,
	    err)) < 0)
		return SG_PARSE_INVALID;
	if (r) {
		c->has |= SG_CF_STATUS;
		c->status = (enum sg_campaign_status)v;
	} else if (is_patch &&
	    cJSON_GetObjectItemCaseSensitive(body, "status") != NULL)
		return fail(err, SG_VERR_REQUIRED, "", "status",
		    "cannot be null");
	if ((r = campaign_look(body, is_patch, c, err)) < 0)
		return SG_PARSE_INVALID;
	if (!is_patch)
		return sg_campaign_check_final(c, err);
	return SG_PARSE_OK;
}

int
sg_campaign_check_final(const struct sg_campaign_input *c,
    struct sg_verror *err)
{
	const char	*msg;

	if (c->has_starts && c->has_ends && c->starts_at >= c->ends_at)
		return fail(err, SG_VERR_INVALID, "", "ends_at",
		    "must be later than starts_at");
	if (c->has_accent && (msg = sg_look_accent_check(c->theme,
	    c->accent)) != NULL)
		return fail(err, SG_VERR_INVALID, "", "accent", msg);
	return SG_PARSE_OK;
}

int
sg_milestone_parse(const cJSON *body, int is_patch,
    struct sg_milestone_input *m, struct sg_verror *err)
{
	int	 r, v = 0;

	memset(m, 0, sizeof(*m));
	m->before_text = m->after_text = "";
	m->gift_quantity = 1;
	m->scope = SG_SCOPE_ALL;
	if (body == NULL || !cJSON_IsObject(body)) {
		sg_verror_set(err, SG_VERR_INVALID_TYPE, "",
		    "the body must be a JSON object");
		return SG_PARSE_INVALID;
	}
	if ((r = get_int(body, "", "target", 1, SG_GOAL_MAX, 0, &m->target,
	    err)) < 0 || (r = not_null(body, "target", is_patch, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (m->target > 0)
		m->has |= SG_MF_TARGET;
	if ((r = get_str(body, "", "title", STR_TITLE, 0, &m->title, err)) < 0 ||
	    (r = not_null(body, "title", is_patch, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (m->title != NULL)
		m->has |= SG_MF_TITLE;
	if ((r = get_str(body, "", "image_url", STR_URL, 0, &m->image_url,
	    err)) < 0 || (r = has_key(body, "image_url", err)) < 0)
		return SG_PARSE_INVALID;
	if (r)
		m->has |= SG_MF_IMAGE_URL;
	if ((r = get_str(body, "", "before_text", STR_MSTEXT, 0,
	    &m->before_text, err)) < 0 ||
	    (r = has_key(body, "before_text", err)) < 0)
		return SG_PARSE_INVALID;
	if (m->before_text == NULL)
		m->before_text = "";
	if (r)
		m->has |= SG_MF_BEFORE_TEXT;
	if ((r = get_str(body, "", "after_text", STR_MSTEXT, 0,
	    &m->after_text, err)) < 0 ||
	    (r = has_key(body, "after_text", err)) < 0)
		return SG_PARSE_INVALID;
	if (m->after_text == NULL)
		m->after_text = "";
	if (r)
		m->has |= SG_MF_AFTER_TEXT;
	if ((r = get_enum(body, "", "reward", reward_names, 2, 0, &v,
	    err)) < 0 || (r = not_null(body, "reward", 1, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (r == 0 && cJSON_GetObjectItemCaseSensitive(body, "reward") != NULL) {
		m->has |= SG_MF_REWARD;
		m->reward = (enum sg_reward)v;
	}
	if ((r = get_str(body, "", "gift_product_id", STR_EXTID, 0,
	    &m->gift_product_id, err)) < 0 ||
	    (r = has_key(body, "gift_product_id", err)) < 0)
		return SG_PARSE_INVALID;
	if (r)
		m->has |= SG_MF_GIFT_PRODUCT;
	if ((r = get_str(body, "", "gift_variant_id", STR_EXTID, 0,
	    &m->gift_variant_id, err)) < 0 ||
	    (r = has_key(body, "gift_variant_id", err)) < 0)
		return SG_PARSE_INVALID;
	if (r)
		m->has |= SG_MF_GIFT_VARIANT;
	if ((r = get_int(body, "", "gift_quantity", SG_QUANTITY_MIN,
	    SG_QUANTITY_MAX, 0, &m->gift_quantity, err)) < 0 ||
	    (r = not_null(body, "gift_quantity", 1, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (cJSON_GetObjectItemCaseSensitive(body, "gift_quantity") != NULL)
		m->has |= SG_MF_GIFT_QUANTITY;
	if ((r = get_enum(body, "", "scope", scope_names, 2, 0, &v, err)) < 0 ||
	    (r = not_null(body, "scope", 1, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (cJSON_GetObjectItemCaseSensitive(body, "scope") != NULL) {
		m->has |= SG_MF_SCOPE;
		m->scope = (enum sg_scope)v;
	}
	if ((r = get_enum(body, "", "metric", metric_names, SG_METRICS, 0, &v,
	    err)) < 0 || (r = not_null(body, "metric", 1, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (cJSON_GetObjectItemCaseSensitive(body, "metric") != NULL) {
		m->has |= SG_MF_METRIC;
		m->metric = (enum sg_metric)v;
	}
	if ((r = get_bool(body, "", "secret", &m->secret, err)) < 0 ||
	    (r = not_null(body, "secret", 1, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (cJSON_GetObjectItemCaseSensitive(body, "secret") != NULL)
		m->has |= SG_MF_SECRET;
	if ((r = get_bool(body, "", "image_teaser", &m->image_teaser, err)) < 0 ||
	    (r = not_null(body, "image_teaser", 1, r, err)) < 0)
		return SG_PARSE_INVALID;
	if (cJSON_GetObjectItemCaseSensitive(body, "image_teaser") != NULL)
		m->has |= SG_MF_IMAGE_TEASER;
	if ((r = get_str(body, "", "image_alt", STR_ALT, 0, &m->image_alt,
	    err)) < 0 || (r = has_key(body, "image_alt", err)) < 0)
		return SG_PARSE_INVALID;
	if (m->image_alt == NULL)
		m->image_alt = "";
	if (r)
		m->has |= SG_MF_IMAGE_ALT;
	if (!is_patch)
		return sg_milestone_check_final(m, err);
	return SG_PARSE_OK;
}

int
sg_milestone_check_final(const struct sg_milestone_input *m,
    struct sg_verror *err)
{
	if (sg_reward_grants(m->reward) && m->gift_product_id == NULL)
		return fail(err, SG_VERR_REQUIRED, "", "gift_product_id",
		    "is required for a gift milestone");
	if (!sg_reward_grants(m->reward) && m->gift_product_id != NULL)
		return fail(err, SG_VERR_INVALID, "", "gift_product_id",
		    "is only allowed for a gift milestone");
	if (!sg_reward_grants(m->reward) && m->gift_variant_id != NULL)
		return fail(err, SG_VERR_INVALID, "", "gift_variant_id",
		    "is only allowed for a gift milestone");
	return SG_PARSE_OK;
}
