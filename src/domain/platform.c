/* platform.c — Shopify and WooCommerce payloads; see platform.h. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/platform.h"
#include "domain/timefmt.h"

/* Largest integer a JSON number (a double) holds exactly. */
#define EXACT_MAX	9007199254740992.0	/* 2^53 */

const char *
sg_platform_name(enum sg_platform p)
{
	return p == SG_PLATFORM_SHOPIFY ? "shopify" : "woocommerce";
}

int
sg_platform_parse(const char *s, enum sg_platform *out)
{
	if (strcmp(s, "shopify") == 0)
		*out = SG_PLATFORM_SHOPIFY;
	else if (strcmp(s, "woocommerce") == 0)
		*out = SG_PLATFORM_WOOCOMMERCE;
	else
		return -1;
	return 0;
}

/* Fill err with code, "prefix.name" (or "prefix[i].name") and a message. */
static int
fail(struct sg_verror *err, enum sg_verr code, const char *field,
    const char *msg)
{
	sg_verror_set(err, code, field, "%s", msg);
	return SG_PARSE_INVALID;
}

static void
field_at(char *dst, size_t size, const char *arr, size_t i, const char *name)
{
	snprintf(dst, size, "%s[%zu].%s", arr, i, name);
}

/* obj[name], NULL when absent or null. */
static const cJSON *
get(const cJSON *obj, const char *name)
{
	const cJSON	*v;

	if (!cJSON_IsObject(obj))
		return NULL;
	v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsNull(v) ? NULL : v;
}

enum sg_verr
sg_money_from_decimal_string(const char *s, const struct sg_currency *cur,
    int64_t max, int64_t *out)
{
	int64_t		 v = 0;
	int		 frac = 0, seen_dot = 0, ndig = 0;
	const char	*p;

	if (s == NULL || *s == '\0')
		return SG_VERR_INVALID;
	for (p = s; *p != '\0'; p++) {
		if (*p == '.') {
			if (seen_dot || ndig == 0)
				return SG_VERR_INVALID;
			seen_dot = 1;
			continue;
		}
		if (*p < '0' || *p > '9')
			return SG_VERR_INVALID;
		if (seen_dot && ++frac > cur->exponent)
			return SG_VERR_INVALID;
		ndig++;
		if (v > (max - (*p - '0')) / 10)
			return SG_VERR_OUT_OF_RANGE;
		v = v * 10 + (*p - '0');
	}
	if (seen_dot && frac == 0)
		return SG_VERR_INVALID;		/* "12." */
	for (; frac < cur->exponent; frac++) {
		if (v > max / 10)
			return SG_VERR_OUT_OF_RANGE;
		v *= 10;
	}
	if (v > max)
		return SG_VERR_OUT_OF_RANGE;
	*out = v;
	return SG_VERR_OK;
}

/*
 * A money value: a decimal string, or (only where a platform documents a
 * number) a JSON number that is exactly a decimal within the exponent.
 */
static int
money_value(const cJSON *v, int allow_number, const struct sg_currency *cur,
    const char *field, int64_t *out, struct sg_verror *err)
{
	char		 buf[64];
	enum sg_verr	 c;

	if (v == NULL)
		return fail(err, SG_VERR_REQUIRED, field, "an amount is required");
	if (cJSON_IsNumber(v) && allow_number) {
		if (!isfinite(v->valuedouble) || v->valuedouble < 0 ||
		    v->valuedouble > 1e15)
			return fail(err, SG_VERR_OUT_OF_RANGE, field,
			    "the amount is out of range");
		snprintf(buf, sizeof(buf), "%.*f", cur->exponent, v->valuedouble);
		if (strtod(buf, NULL) != v->valuedouble)
			return fail(err, SG_VERR_INVALID, field,
			    "more decimals than the currency has");
	} else if (cJSON_IsString(v)) {
		if (strlen(v->valuestring) >= sizeof(buf))
			return fail(err, SG_VERR_INVALID, field,
			    "the amount is not a decimal number");
		snprintf(buf, sizeof(buf), "%s", v->valuestring);
	} else
		return fail(err, SG_VERR_INVALID_TYPE, field,
		    "the amount must be a decimal string");
	c = sg_money_from_decimal_string(buf, cur, SG_PRICE_MAX, out);
	if (c == SG_VERR_OK)
		return SG_PARSE_OK;
	return fail(err, c, field, c == SG_VERR_OUT_OF_RANGE ?
	    "the amount is out of range" :
	    "not a decimal amount with at most the currency's decimals");
}

/*
 * An id: a JSON integer 1..2^53 or a string, as text into dst
 * (SG_EXTID_MAX + 1).  Returns 1 given, 0 absent/null (or, with
 * zero_is_none, the number 0), or SG_PARSE_INVALID.
 */
static int
id_value(const cJSON *v, int zero_is_none, char *dst, const char *field,
    struct sg_verror *err)
{
	enum sg_verr	 c;

	if (v == NULL)
		return 0;
	if (cJSON_IsNumber(v)) {
		if (zero_is_none && v->valuedouble == 0)
			return 0;
		if (!(v->valuedouble >= 1 && v->valuedouble <= EXACT_MAX) ||
		    floor(v->valuedouble) != v->valuedouble)
			return fail(err, SG_VERR_INVALID, field,
			    "an id must be a positive integer or a string");
		snprintf(dst, SG_EXTID_MAX + 1, "%lld", (long long)v->valuedouble);
		return 1;
	}
	if (!cJSON_IsString(v))
		return fail(err, SG_VERR_INVALID_TYPE, field,
		    "an id must be a positive integer or a string");
	if (zero_is_none && (strcmp(v->valuestring, "0") == 0 ||
	    v->valuestring[0] == '\0'))
		return 0;
	if ((c = sg_extid_check(v->valuestring)) != SG_VERR_OK)
		return fail(err, c, field, "not a valid id");
	snprintf(dst, SG_EXTID_MAX + 1, "%s", v->valuestring);
	return 1;
}

/* A quantity 0..SG_QUANTITY_MAX (0: the line is left out). */
static int
qty_value(const cJSON *v, const char *field, int64_t *out,
    struct sg_verror *err)
{
	if (v == NULL)
		return fail(err, SG_VERR_REQUIRED, field, "quantity is required");
	if (!cJSON_IsNumber(v) || floor(v->valuedouble) != v->valuedouble)
		return fail(err, SG_VERR_INVALID_TYPE, field,
		    "quantity must be an integer");
	if (v->valuedouble < 0 || v->valuedouble > SG_QUANTITY_MAX)
		return fail(err, SG_VERR_OUT_OF_RANGE, field,
		    "quantity is out of range");
	*out = (int64_t)v->valuedouble;
	return SG_PARSE_OK;
}

/* Does the array arr hold an object whose key_name member is key? */
static int
has_marker(const cJSON *arr, const char *key_name)
{
	const cJSON	*it, *k;

	if (!cJSON_IsArray(arr))
		return 0;
	cJSON_ArrayForEach(it, arr) {
		k = get(it, key_name);
		if (cJSON_IsString(k) && strcmp(k->valuestring,
		    SG_PLATFORM_GIFT_KEY) == 0)
			return 1;
	}
	return 0;
}

/* Currency of the payload: must be the store's. */
static int
order_currency(const cJSON *body, const struct sg_currency *store_cur,
    struct sg_order *o, struct sg_verror *err)
{
	const cJSON	*v = get(body, "currency");

	if (!cJSON_IsString(v))
		return fail(err, v == NULL ? SG_VERR_REQUIRED : SG_VERR_INVALID_TYPE,
		    "currency", "the order's currency is required");
	if (strcmp(v->valuestring, store_cur->code) != 0)
		return fail(err, SG_VERR_INVALID, "currency",
		    "the order's currency must be the store's currency");
	o->currency = store_cur;
	return SG_PARSE_OK;
}

/* placed_at from an RFC 3339 text, or WooCommerce's "...T10:00:00" (UTC). */
static int
order_time(const cJSON *v, int assume_utc, const char *field, sg_usec_t *out,
    struct sg_verror *err)
{
	char	 buf[SG_TIME_FMT_MAX + 8];
	size_t	 n;

	if (!cJSON_IsString(v))
		return fail(err, v == NULL ? SG_VERR_REQUIRED : SG_VERR_INVALID_TYPE,
		    field, "the order's time is required");
	n = strlen(v->valuestring);
	if (sg_time_parse_rfc3339(v->valuestring, n, out) == 0)
		return SG_PARSE_OK;
	if (assume_utc && n + 2 < sizeof(buf)) {
		snprintf(buf, sizeof(buf), "%sZ", v->valuestring);
		if (sg_time_parse_rfc3339(buf, n + 1, out) == 0)
			return SG_PARSE_OK;
	}
	return fail(err, SG_VERR_INVALID, field, "not an RFC 3339 time");
}

/* Backer: customer id when given, else the normalised e-mail. */
static int
order_backer(struct sg_order *o, const cJSON *id, int zero_is_none,
    const char *id_field, const cJSON *const *emails, size_t nemails,
    struct sg_verror *err)
{
	size_t	 i;
	int	 rc;

	if ((rc = id_value(id, zero_is_none, o->customer_id, id_field, err)) < 0)
		return rc;
	o->has_customer_id = rc;
	for (i = 0; i < nemails && !o->has_email; i++) {
		if (!cJSON_IsString(emails[i]))
			continue;
		switch (sg_email_normalise(emails[i]->valuestring, o->email,
		    sizeof(o->email))) {
		case SG_VERR_OK:
			o->has_email = 1;
			break;
		case SG_VERR_TOO_SHORT:
			break;		/* blank: as absent */
		default:
			return fail(err, SG_VERR_INVALID, "email",
			    "not a valid e-mail address");
		}
	}
	if (o->has_customer_id) {
		o->backer_kind = SG_BACKER_ID;
		snprintf(o->backer, sizeof(o->backer), "%s", o->customer_id);
	} else if (o->has_email) {
		o->backer_kind = SG_BACKER_EMAIL;
		snprintf(o->backer, sizeof(o->backer), "%s", o->email);
	} else
		return fail(err, SG_VERR_REQUIRED, "customer",
		    "the order has neither a customer id nor an e-mail");
	return SG_PARSE_OK;
}

/* Append a line to o (capacity cap, checked by the caller). */
static struct sg_order_line *
line_add(struct sg_order *o)
{
	struct sg_order_line	*l = &o->lines[o->nlines++];

	memset(l, 0, sizeof(*l));
	return l;
}

/* Total of the order (sum of quantity x price) must fit in int64. */
static int
order_total_check(const struct sg_order *o, struct sg_verror *err)
{
	int64_t	 total = 0, x;
	size_t	 i;

	for (i = 0; i < o->nlines; i++)
		if (sg_money_mul(o->lines[i].quantity, o->lines[i].price, &x) == -1 ||
		    sg_money_add(total, x, &total) == -1)
			return fail(err, SG_VERR_OVERFLOW, "line_items",
			    "the order's total overflows");
	return SG_PARSE_OK;
}

/*
 * What a line item of both platforms shares: an object with a quantity, a
 * product id and a variant id (variant_key: the platform's name for it;
 * zero_is_none: WooCommerce's 0 for "none").  *lp is the line added to o,
 * or NULL when the line does not count (a custom item, quantity 0).
 */
static int
line_ids(const cJSON *it, size_t i, int zero_is_none, const char *variant_key,
    struct sg_order *o, int64_t *q, struct sg_order_line **lp,
    struct sg_verror *err)
{
	struct sg_order_line	*l;
	char			 f[SG_VERROR_FIELD_MAX];
	int			 rc;

	*lp = NULL;
	if (!cJSON_IsObject(it)) {
		field_at(f, sizeof(f), "line_items", i, "");
		return fail(err, SG_VERR_INVALID_TYPE, f, "must be an object");
	}
	field_at(f, sizeof(f), "line_items", i, "quantity");
	if ((rc = qty_value(get(it, "quantity"), f, q, err)) != SG_PARSE_OK)
		return rc;
	l = line_add(o);
	field_at(f, sizeof(f), "line_items", i, "product_id");
	if ((rc = id_value(get(it, "product_id"), zero_is_none, l->product_id, f,
	    err)) < 0)
		return rc;
	if (rc == 0 || *q == 0) {
		o->nlines--;
		return SG_PARSE_OK;
	}
	field_at(f, sizeof(f), "line_items", i, variant_key);
	if ((rc = id_value(get(it, variant_key), zero_is_none, l->variant_id, f,
	    err)) < 0)
		return rc;
	l->has_variant = rc;
	*lp = l;
	return SG_PARSE_OK;
}


static int
lines_array(const cJSON *body, const char *name, size_t max, size_t *n,
    const cJSON **arr, struct sg_verror *err)
{
	*arr = get(body, name);
	if (*arr == NULL) {
		*n = 0;
		return SG_PARSE_OK;
	}
	if (!cJSON_IsArray(*arr))
		return fail(err, SG_VERR_INVALID_TYPE, name, "must be an array");
	*n = (size_t)cJSON_GetArraySize(*arr);
	if (*n > max)
		return fail(err, SG_VERR_TOO_MANY, name, "too many line items");
	return SG_PARSE_OK;
}

void
sg_hook_msg_free(struct sg_hook_msg *m)
{
	sg_order_free(&m->order);
	sg_refund_free(&m->refund);
}

static void
msg_ignore(struct sg_hook_msg *m, const char *why)
{
	sg_hook_msg_free(m);
	m->action = SG_HOOK_IGNORE;
	m->why = why;
}

/* The end of both order mappers: an order with no product line is ignored. */
static int
order_done(struct sg_order *o, struct sg_hook_msg *m, struct sg_verror *err)
{
	int	 rc;

	if (o->nlines == 0) {
		msg_ignore(m, "no line item with a product");
		return SG_PARSE_OK;
	}
	if ((rc = order_total_check(o, err)) != SG_PARSE_OK)
		return rc;
	m->action = SG_HOOK_ORDER;
	return SG_PARSE_OK;
}

/* The order id of the payload ("id"), required. */
static int
payload_id(const cJSON *body, const char *name, char *dst,
    struct sg_verror *err)
{
	int	 rc;

	if ((rc = id_value(get(body, name), 0, dst, name, err)) < 0)
		return rc;
	if (rc == 0)
		return fail(err, SG_VERR_REQUIRED, name, "the id is required");
	return SG_PARSE_OK;
}

/* --- Shopify ----------------------------------------------------------- */

static int
shopify_order(const cJSON *body, const struct sg_currency *cur,
    struct sg_hook_msg *m, struct sg_verror *err)
{
	struct sg_order		*o = &m->order;
	struct sg_order_line	*l;
	const cJSON		*arr, *it, *cust, *emails[3];
	char			 f[SG_VERROR_FIELD_MAX];
	size_t			 n, i;
	int64_t			 q, price;
	int			 rc;

	if ((rc = payload_id(body, "id", o->id, err)) != SG_PARSE_OK ||
	    (rc = order_time(get(body, "created_at"), 0, "created_at",
	    &o->placed_at, err)) != SG_PARSE_OK ||
	    (rc = order_currency(body, cur, o, err)) != SG_PARSE_OK)
		return rc;
	cust = get(body, "customer");
	emails[0] = get(cust, "email");
	emails[1] = get(body, "email");
	emails[2] = get(body, "contact_email");
	if ((rc = order_backer(o, get(cust, "id"), 0, "customer.id", emails, 3,
	    err)) != SG_PARSE_OK)
		return rc;
	if ((rc = lines_array(body, "line_items", SG_ORDER_LINES_MAX, &n, &arr,
	    err)) != SG_PARSE_OK)
		return rc;
	if (n > 0 && (o->lines = calloc(n, sizeof(*o->lines))) == NULL)
		return SG_PARSE_NOMEM;
	i = 0;
	cJSON_ArrayForEach(it, arr) {
		/* A custom line item, or one removed, is no line. */
		if ((rc = line_ids(it, i, 0, "variant_id", o, &q, &l,
		    err)) != SG_PARSE_OK)
			return rc;
		if (l != NULL) {
			field_at(f, sizeof(f), "line_items", i, "price");
			if ((rc = money_value(get(it, "price"), 0, cur, f, &price,
			    err)) != SG_PARSE_OK)
				return rc;
			l->quantity = q;
			l->price = price;
			l->free_line = has_marker(get(it, "properties"), "name");
		}
		i++;
	}
	snprintf(m->order_id, sizeof(m->order_id), "%s", o->id);
	return order_done(o, m, err);
}

static int
shopify_refund(const cJSON *body, const struct sg_currency *cur,
    struct sg_hook_msg *m, struct sg_verror *err)
{
	struct sg_refund	*r = &m->refund;
	struct sg_refund_line	*l;
	const cJSON		*arr, *it, *li, *amount;
	char			 f[SG_VERROR_FIELD_MAX];
	size_t			 n, i;
	int64_t			 q;
	int			 rc;

	if ((rc = payload_id(body, "id", m->refund_id, err)) != SG_PARSE_OK ||
	    (rc = payload_id(body, "order_id", m->order_id, err)) != SG_PARSE_OK)
		return rc;
	/* The refund's own id is its idempotency key in the order service. */
	memcpy(r->id, m->refund_id, sizeof(r->id));
	if ((rc = lines_array(body, "refund_line_items", SG_REFUND_LINES_MAX,
	    &n, &arr, err)) != SG_PARSE_OK)
		return rc;
	if (n > 0 && (r->lines = calloc(n, sizeof(*r->lines))) == NULL)
		return SG_PARSE_NOMEM;
	i = 0;
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsObject(it)) {
			field_at(f, sizeof(f), "refund_line_items", i, "");
			return fail(err, SG_VERR_INVALID_TYPE, f, "must be an object");
		}
		li = get(it, "line_item");
		l = &r->lines[r->nlines];
		memset(l, 0, sizeof(*l));
		field_at(f, sizeof(f), "refund_line_items", i, "line_item.product_id");
		if ((rc = id_value(get(li, "product_id"), 0, l->product_id, f,
		    err)) < 0)
			return rc;
		if (rc == 0 || has_marker(get(li, "properties"), "name")) {
			i++;		/* no product, or a gift: nothing counted */
			continue;
		}
		field_at(f, sizeof(f), "refund_line_items", i, "quantity");
		if ((rc = qty_value(get(it, "quantity"), f, &q, err)) != SG_PARSE_OK)
			return rc;
		amount = get(get(get(it, "subtotal_set"), "shop_money"), "amount");
		field_at(f, sizeof(f), "refund_line_items", i,
		    amount != NULL ? "subtotal_set.shop_money.amount" : "subtotal");
		if ((rc = money_value(amount != NULL ? amount : get(it, "subtotal"),
		    1, cur, f, &l->amount, err)) != SG_PARSE_OK)
			return rc;
		l->quantity = q;
		i++;
		if (l->quantity == 0 && l->amount == 0)
			continue;
		r->nlines++;
	}
	if (r->nlines == 0) {
		msg_ignore(m, "no refunded line item with a product");
		return SG_PARSE_OK;
	}
	m->action = SG_HOOK_REFUND;
	return SG_PARSE_OK;
}

int
sg_platform_shopify(const char *topic, const cJSON *body,
    const struct sg_currency *cur, struct sg_hook_msg *m, struct sg_verror *err)
{
	int	 rc;

	memset(m, 0, sizeof(*m));
	if (strcmp(topic, "orders/create") == 0 ||
	    strcmp(topic, "orders/paid") == 0)
		rc = shopify_order(body, cur, m, err);
	else if (strcmp(topic, "orders/cancelled") == 0) {
		rc = payload_id(body, "id", m->order_id, err);
		m->action = SG_HOOK_CANCEL;
	} else if (strcmp(topic, "refunds/create") == 0)
		rc = shopify_refund(body, cur, m, err);
	else {
		m->why = "topic not handled";
		return SG_PARSE_OK;
	}
	if (rc != SG_PARSE_OK)
		sg_hook_msg_free(m);
	return rc;
}

/* --- WooCommerce ------------------------------------------------------- */

static int
woo_order(const cJSON *body, const struct sg_currency *cur,
    struct sg_hook_msg *m, struct sg_verror *err)
{
	struct sg_order		*o = &m->order;
	struct sg_order_line	*l, *l2;
	const cJSON		*arr, *it, *emails[1];
	char			 f[SG_VERROR_FIELD_MAX];
	size_t			 n, i;
	int64_t			 q, total;
	int			 rc;

	memcpy(o->id, m->order_id, sizeof(o->id));
	if ((rc = order_time(get(body, "date_created_gmt"), 1, "date_created_gmt",
	    &o->placed_at, err)) != SG_PARSE_OK ||
	    (rc = order_currency(body, cur, o, err)) != SG_PARSE_OK)
		return rc;
	emails[0] = get(get(body, "billing"), "email");
	if ((rc = order_backer(o, get(body, "customer_id"), 1, "customer_id",
	    emails, 1, err)) != SG_PARSE_OK)
		return rc;
	if ((rc = lines_array(body, "line_items", SG_ORDER_LINES_MAX / 2, &n,
	    &arr, err)) != SG_PARSE_OK)
		return rc;
	/* Two lines per item at most (an uneven total is split). */
	if (n > 0 && (o->lines = calloc(2 * n, sizeof(*o->lines))) == NULL)
		return SG_PARSE_NOMEM;
	i = 0;
	cJSON_ArrayForEach(it, arr) {
		if ((rc = line_ids(it, i, 1, "variation_id", o, &q, &l,
		    err)) != SG_PARSE_OK)
			return rc;
		if (l == NULL) {
			i++;
			continue;
		}
		field_at(f, sizeof(f), "line_items", i, "subtotal");
		if ((rc = money_value(get(it, "subtotal"), 0, cur, f, &total,
		    err)) != SG_PARSE_OK)
			return rc;
		l->free_line = has_marker(get(it, "meta_data"), "key");
		l->quantity = q;
		l->price = total / q;
		if (total % q != 0) {
			/* r units at price + 1, the rest at price: sum exact. */
			l2 = line_add(o);
			*l2 = *l;
			l2->quantity = total % q;
			l2->price = l->price + 1;
			l->quantity = q - l2->quantity;
		}
		i++;
	}
	return order_done(o, m, err);
}

int
sg_platform_woocommerce(const char *topic, const cJSON *body,
    const struct sg_currency *cur, struct sg_hook_msg *m, struct sg_verror *err)
{
	const cJSON	*st, *mod;
	int		 rc;

	memset(m, 0, sizeof(*m));
	if (strcmp(topic, "order.created") != 0 &&
	    strcmp(topic, "order.updated") != 0) {
		m->why = "topic not handled";
		return SG_PARSE_OK;
	}
	if ((rc = payload_id(body, "id", m->order_id, err)) != SG_PARSE_OK)
		return rc;
	mod = get(body, "date_modified_gmt");
	if (cJSON_IsString(mod))
		snprintf(m->stamp, sizeof(m->stamp), "%s", mod->valuestring);
	st = get(body, "status");
	if (!cJSON_IsString(st))
		return fail(err, st == NULL ? SG_VERR_REQUIRED : SG_VERR_INVALID_TYPE,
		    "status", "the order's status is required");
	if (strcmp(st->valuestring, "processing") == 0 ||
	    strcmp(st->valuestring, "completed") == 0)
		rc = woo_order(body, cur, m, err);
	else if (strcmp(st->valuestring, "cancelled") == 0 ||
	    strcmp(st->valuestring, "refunded") == 0 ||
	    strcmp(st->valuestring, "failed") == 0) {
		m->action = SG_HOOK_CANCEL;
		rc = SG_PARSE_OK;
	} else {
		m->why = "order status does not count yet";
		return SG_PARSE_OK;
	}
	if (rc != SG_PARSE_OK)
		sg_hook_msg_free(m);
	return rc;
}

int
sg_platform_woo_is_ping(const char *body, size_t len)
{
	size_t	 i, k = strlen("webhook_id=");

	if (len <= k || len > k + 20 || memcmp(body, "webhook_id=", k) != 0)
		return 0;
	for (i = k; i < len; i++)
		if (body[i] < '0' || body[i] > '9')
			return 0;
	return 1;
}
