/*
 * hooks.c — POST /hooks/shopify/{store} and POST /hooks/woocommerce/{store}:
 * verify the platform's signature, map the payload (domain/platform.h) and
 * hand it to service/hook.h.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <cJSON.h>
#include <sodium.h>

#include "db/db.h"
#include "db/hook.h"
#include "domain/platform.h"
#include "handlers/routes_hooks.h"
#include "service/hook.h"
#include "util/log.h"

static const char *
hdr(const char *s)
{
	return s == NULL ? "" : s;
}

/* 401, the same answer whatever was wrong (no oracle for store names). */
static int
unauthorized(struct sg_resp *resp)
{
	sg_resp_error(resp, 401, "unauthorized",
	    "the webhook signature does not verify", NULL);
	return SG_H_OK;
}

/*
 * Does sig (base64 of 32 bytes) equal HMAC-SHA256(secret, body)?  The
 * comparison is constant-time (sodium_memcmp); 1 or 0.
 */
static int
signature_ok(const char *sig, const unsigned char *secret, size_t slen,
    const char *body, size_t blen)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 want[crypto_auth_hmacsha256_BYTES];
	unsigned char			 got[crypto_auth_hmacsha256_BYTES + 4];
	size_t				 glen = 0;
	int				 ok;

	if (sig[0] == '\0' || strlen(sig) > 64 ||
	    sodium_base642bin(got, sizeof(got), sig, strlen(sig), NULL, &glen,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    glen != crypto_auth_hmacsha256_BYTES)
		return 0;
	crypto_auth_hmacsha256_init(&st, secret, slen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, blen);
	crypto_auth_hmacsha256_final(&st, want);
	ok = sodium_memcmp(want, got, sizeof(want)) == 0;
	sodium_memzero(&st, sizeof(st));
	return ok;
}

/*
 * The de-duplication key into dst (DB_HOOK_KEY_MAX + 1): raw when it is
 * short printable ASCII, else "h:" and the hex BLAKE2b of it; "" for none.
 */
static void
delivery_key(const char *raw, char *dst, size_t size)
{
	unsigned char	 h[32];
	size_t		 i, n = strlen(raw);
	int		 plain = n > 0 && n <= DB_HOOK_KEY_MAX - 2;

	for (i = 0; plain && i < n; i++)
		if (raw[i] < 0x21 || raw[i] > 0x7e)
			plain = 0;
	if (n == 0)
		dst[0] = '\0';
	else if (plain)
		snprintf(dst, size, "%s", raw);
	else {
		crypto_generichash(h, sizeof(h), (const unsigned char *)raw, n,
		    NULL, 0);
		memcpy(dst, "h:", 3);
		sodium_bin2hex(dst + 2, size - 2, h, sizeof(h));
	}
}

/*
 * Both platforms: store, secret, signature, body, mapping, service.
 * 200 handled (also: duplicate, ignored topic or status); 401 unknown
 * store, no secret set, missing or wrong signature; 400 a body that is not
 * a JSON object; 409 a refund for an order not known yet (the platform
 * retries); 422 a payload that does not map (e.g. more decimals than the
 * currency has, another currency than the store's); 503 database.
 */
static int
hook_handle(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp,
    enum sg_platform p, const char *sig, const char *topic, const char *rawkey)
{
	const char		*pn = sg_platform_name(p);
	const struct sg_currency *cur;
	struct db_store		 st;
	struct sg_hook_msg	 m;
	struct sg_verror	 err;
	unsigned char		 secret[DB_HOOK_SECRET_MAX];
	char			 key[DB_HOOK_KEY_MAX + 1], wkey[DB_HOOK_KEY_MAX + 1];
	const char		*end = NULL;
	cJSON			*body = NULL, *out = NULL;
	size_t			 slen = 0;
	int			 rc, ok;

	if (sg_handle_check(req->args[0]) != SG_VERR_OK)
		return unauthorized(resp);
	if ((rc = db_store_get_by_handle(app->db, req->args[0], &st)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == 0)
		return unauthorized(resp);
	if ((rc = db_hook_secret_get(app->db, st.id, pn, secret, &slen)) < 0)
		return sg_h_db_error(resp, rc);
	ok = rc > 0 && signature_ok(sig, secret, slen, req->body, req->body_len);
	sodium_memzero(secret, sizeof(secret));
	if (!ok) {
		sg_warn("hook %s/%s: signature does not verify", pn, st.handle);
		return unauthorized(resp);
	}
	if ((cur = sg_currency_lookup(st.currency)) == NULL) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	if (sg_json_text_check(req->body, req->body_len) != SG_VERR_OK) {
		sg_resp_error(resp, 400, "malformed",
		    "the body must be UTF-8 JSON without raw control characters",
		    NULL);
		return SG_H_OK;
	}
	if (sg_json_has_nul_escape(req->body, req->body_len)) {
		sg_resp_error(resp, 422, "invalid_char",
		    "strings must not contain NUL (\\u0000)", NULL);
		return SG_H_OK;
	}
	body = cJSON_ParseWithLengthOpts(req->body, req->body_len, &end, 0);
	if (body == NULL || !cJSON_IsObject(body)) {
		cJSON_Delete(body);
		sg_resp_error(resp, 400, "malformed",
		    "the body must be one JSON object", NULL);
		return SG_H_OK;
	}
	memset(&err, 0, sizeof(err));
	rc = p == SG_PLATFORM_SHOPIFY ?
	    sg_platform_shopify(topic, body, cur, &m, &err) :
	    sg_platform_woocommerce(topic, body, cur, &m, &err);
	cJSON_Delete(body);
	if (rc == SG_PARSE_NOMEM) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	if (rc != SG_PARSE_OK) {
		sg_resp_error(resp, 422, sg_verr_code(err.code),
		    err.message[0] ? err.message : "invalid value",
		    err.field[0] ? err.field : NULL);
		return SG_H_OK;
	}
	if (p == SG_PLATFORM_WOOCOMMERCE) {
		/* WooCommerce: the order and its modification time. */
		if (m.stamp[0] != '\0') {
			snprintf(wkey, sizeof(wkey), "order:%s@%s", m.order_id,
			    m.stamp);
			delivery_key(wkey, key, sizeof(key));
		} else
			key[0] = '\0';
	} else
		delivery_key(rawkey, key, sizeof(key));
	rc = svc_hook_deliver(app->db, &st, p, key, topic, &m, &out, &err);
	sg_hook_msg_free(&m);
	switch (rc) {
	case SVC_OK:
		sg_info("hook %s/%s %s %s: %s", pn, st.handle, topic, m.order_id,
		    cJSON_GetStringValue(cJSON_GetObjectItem(out, "result")));
		if (sg_resp_json(resp, 200, out) == -1)
			sg_h_internal(resp);
		cJSON_Delete(out);
		return SG_H_OK;
	case SVC_CONFLICT:
		sg_resp_error(resp, 409, "conflict", err.message, err.field);
		return SG_H_OK;
	case SVC_INVALID:
		sg_resp_error(resp, 422, sg_verr_code(err.code), err.message,
		    err.field[0] ? err.field : NULL);
		return SG_H_OK;
	default:
		return sg_h_db_error(resp, rc < 0 ? rc : DB_ERR);
	}
}

/*
 * POST /hooks/shopify/{store}
 * Headers: X-Shopify-Hmac-Sha256 (required), X-Shopify-Topic,
 * X-Shopify-Event-Id (else X-Shopify-Webhook-Id: de-duplication).
 * Statuses: see hook_handle().
 */
int
h_hook_shopify(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	const char	*key = hdr(req->shopify_event_id);

	if (key[0] == '\0')
		key = hdr(req->shopify_webhook_id);
	return hook_handle(app, req, resp, SG_PLATFORM_SHOPIFY,
	    hdr(req->shopify_hmac), hdr(req->shopify_topic), key);
}

/*
 * POST /hooks/woocommerce/{store}
 * Headers: X-WC-Webhook-Signature (required), X-WC-Webhook-Topic.  The
 * activation ping (form body "webhook_id=N", sent when the webhook is
 * saved) is 200 and changes nothing.  Statuses: see hook_handle().
 */
int
h_hook_woocommerce(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	cJSON	*o;

	if (sg_platform_woo_is_ping(req->body, req->body_len)) {
		if ((o = cJSON_CreateObject()) == NULL ||
		    cJSON_AddStringToObject(o, "result", "ping") == NULL ||
		    sg_resp_json(resp, 200, o) == -1)
			sg_h_internal(resp);
		cJSON_Delete(o);
		return SG_H_OK;
	}
	return hook_handle(app, req, resp, SG_PLATFORM_WOOCOMMERCE,
	    hdr(req->wc_signature), hdr(req->wc_topic), "");
}
