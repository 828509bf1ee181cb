/*
 * routes_hooks.h — the store integrations (webhooks in): a store's own
 * platform sends its order webhooks here (docs/integrations.md).
 * SG_ROUTES_HOOKS lists R(method, pattern, body kind, needs_db, handler)
 * entries for the routing table in http/router.c.
 *
 * No bearer token: each request is signed by the platform with the store's
 * secret for it (HMAC-SHA256 over the raw body, base64), checked in
 * constant time before anything else is read.  Bodies are taken raw, in
 * any content type, up to max_body.
 */
#ifndef SG_HANDLERS_ROUTES_HOOKS_H
#define SG_HANDLERS_ROUTES_HOOKS_H

#include "handlers/handlers.h"

#define SG_ROUTES_HOOKS \
	R(SG_METHOD_POST, "/hooks/shopify/*", SG_BODY_RAW, 1, h_hook_shopify) \
	R(SG_METHOD_POST, "/hooks/woocommerce/*", SG_BODY_RAW, 1, h_hook_woocommerce)

int	h_hook_shopify(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_hook_woocommerce(struct sg_app *, const struct sg_req *, struct sg_resp *);

#endif
