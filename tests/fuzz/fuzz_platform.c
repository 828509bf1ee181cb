/*
 * fuzz_platform.c — libFuzzer target: parse the input as JSON and map it
 * as every Shopify and WooCommerce topic, in currencies of exponent 0, 2
 * and 3, then fingerprint what came out as an order.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "domain/platform.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check(const struct sg_hook_msg *m)
{
	unsigned char	 fp[SG_FINGERPRINT_BYTES];
	size_t		 i;

	if (m->action == SG_HOOK_ORDER) {
		if (m->order.nlines == 0 || m->order.lines == NULL ||
		    sg_order_fingerprint(&m->order, fp) != 0)
			__builtin_trap();
		for (i = 0; i < m->order.nlines; i++)
			if (m->order.lines[i].quantity < 1 ||
			    m->order.lines[i].price < 0 ||
			    m->order.lines[i].price > SG_PRICE_MAX)
				__builtin_trap();
	}
	if (m->action == SG_HOOK_REFUND && m->refund.nlines == 0)
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const shopify[] = { "orders/create", "orders/paid",
	    "orders/cancelled", "refunds/create", "orders/updated" };
	static const char *const woo[] = { "order.created", "order.updated",
	    "order.deleted" };
	static const char *const codes[] = { "USD", "JPY", "KWD" };
	struct sg_hook_msg	 m;
	struct sg_verror	 e;
	cJSON			*j;
	size_t			 i, k;

	(void)sg_platform_woo_is_ping((const char *)data, size);
	if ((j = cJSON_ParseWithLength((const char *)data, size)) == NULL)
		return 0;
	for (k = 0; k < sizeof(codes) / sizeof(codes[0]); k++) {
		const struct sg_currency *c = sg_currency_lookup(codes[k]);

		for (i = 0; i < sizeof(shopify) / sizeof(shopify[0]); i++)
			if (sg_platform_shopify(shopify[i], j, c, &m, &e) ==
			    SG_PARSE_OK) {
				check(&m);
				sg_hook_msg_free(&m);
			}
		for (i = 0; i < sizeof(woo) / sizeof(woo[0]); i++)
			if (sg_platform_woocommerce(woo[i], j, c, &m, &e) ==
			    SG_PARSE_OK) {
				check(&m);
				sg_hook_msg_free(&m);
			}
	}
	cJSON_Delete(j);
	return 0;
}
