/*
 * platform.h — Shopify and WooCommerce webhook payloads mapped onto the
 * pipeline's own validated structs (domain/order.h), so that a platform's
 * order runs through the same counting as POST /api/v1/orders.
 *
 * Pure: input is a cJSON tree the caller parsed (and still owns) and the
 * store's currency; output is a struct sg_hook_msg that does not point into
 * the tree.  Nothing here reads the database, the clock or the headers.
 *
 * Mapping (SPEC "Store integrations", docs/integrations.md):
 *  - order id, product id, variant id, customer id: JSON integers (1..2^53)
 *    or strings, kept as decimal text; they must be external ids
 *    (validate.h).  A line without a product (a custom line item) or with
 *    quantity 0 is left out; an order left without lines is ignored.
 *  - money: decimal strings in the order's currency, by its exponent
 *    ("25.00" USD -> 2500, "630" JPY -> 630, "1.250" KWD -> 1250); more
 *    decimals than the exponent allows is invalid (HTTP 422).
 *  - backer: the platform's customer id, else the lower-cased e-mail.
 *  - a line marked as a stretchgoal gift (Shopify line item property, or
 *    WooCommerce line meta, named SG_PLATFORM_GIFT_KEY) has gift = 1 and
 *    never counts.
 *  - the order's currency must be the store's ("currency", invalid).
 *
 * Return values: SG_PARSE_OK with *m filled (release with
 * sg_hook_msg_free(), which accepts a zeroed struct); SG_PARSE_INVALID with
 * *err filled (field path into the platform's payload, e.g.
 * "line_items[1].price"); SG_PARSE_NOMEM.  On failure *m holds nothing to
 * free.
 */
#ifndef SG_DOMAIN_PLATFORM_H
#define SG_DOMAIN_PLATFORM_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "domain/money.h"
#include "domain/order.h"
#include "domain/validate.h"

/* The line property (Shopify) or meta key (WooCommerce) of a gift line. */
#define SG_PLATFORM_GIFT_KEY	"_stretchgoal_grant"
/* Longest WooCommerce date_modified_gmt kept for de-duplication. */
#define SG_PLATFORM_STAMP_MAX	40

enum sg_platform {
	SG_PLATFORM_SHOPIFY = 1,
	SG_PLATFORM_WOOCOMMERCE
};

/* "shopify" / "woocommerce" <-> enum; parse returns -1 when unknown. */
const char	*sg_platform_name(enum sg_platform);
int		 sg_platform_parse(const char *s, enum sg_platform *out);

enum sg_hook_action {
	SG_HOOK_IGNORE = 0,	/* nothing to count: see m->why */
	SG_HOOK_ORDER,		/* count m->order */
	SG_HOOK_CANCEL,		/* cancel the order m->order_id */
	SG_HOOK_REFUND		/* refund m->refund on m->order_id */
};

struct sg_hook_msg {
	enum sg_hook_action	 action;
	char			 order_id[SG_EXTID_MAX + 1];
	char			 refund_id[SG_EXTID_MAX + 1];	/* REFUND */
	struct sg_order		 order;		/* ORDER: owns its lines */
	struct sg_refund	 refund;	/* REFUND: owns its lines */
	/* WooCommerce: the order's date_modified_gmt ("" when absent). */
	char			 stamp[SG_PLATFORM_STAMP_MAX + 1];
	const char		*why;		/* IGNORE: static text */
};

/*
 * Shopify, by the X-Shopify-Topic topic:
 *   orders/create, orders/paid  ORDER from the order payload (id,
 *               created_at, currency, customer.id / email, line_items[]:
 *               product_id, variant_id, quantity, price, properties[])
 *   orders/cancelled            CANCEL of the payload's id
 *   refunds/create              REFUND: id, order_id, refund_line_items[]:
 *               quantity, line_item.product_id, subtotal_set.shop_money.amount
 *               (else subtotal); gift lines and lines without a product
 *               are left out, a refund left without lines is ignored
 *   anything else               IGNORE
 */
int	sg_platform_shopify(const char *topic, const cJSON *body,
	    const struct sg_currency *store_cur, struct sg_hook_msg *m,
	    struct sg_verror *err);

/*
 * WooCommerce, topics order.created and order.updated (others: IGNORE), by
 * the order's status: processing, completed -> ORDER (id,
 * date_created_gmt, currency, customer_id or billing.email, line_items[]:
 * product_id, variation_id (0: none), quantity, subtotal (the line's
 * total before discounts; a total that does not divide evenly by the
 * quantity is spread over two lines of the same product so that the sum is
 * exact), meta_data[]); cancelled, refunded, failed -> CANCEL; any other
 * status -> IGNORE.  m->stamp is date_modified_gmt.
 */
int	sg_platform_woocommerce(const char *topic, const cJSON *body,
	    const struct sg_currency *store_cur, struct sg_hook_msg *m,
	    struct sg_verror *err);

/*
 * Is body (len bytes) WooCommerce's activation ping, the form body
 * "webhook_id=N"?  1 or 0.
 */
int	sg_platform_woo_is_ping(const char *body, size_t len);

void	sg_hook_msg_free(struct sg_hook_msg *);

/*
 * A decimal string "123", "123.4", "0.05" as minor units of cur: digits,
 * optionally '.' and 1..cur->exponent digits (no sign, exponent, blanks
 * or thousands separators).  Returns SG_VERR_OK with *out set, or
 * SG_VERR_INVALID (syntax, or more decimals than the exponent),
 * SG_VERR_OUT_OF_RANGE (above max).
 */
enum sg_verr	sg_money_from_decimal_string(const char *s,
		    const struct sg_currency *cur, int64_t max, int64_t *out);

#endif
