/*
 * routes_api.h — the routes of the api module and its handlers' prototypes.
 * SG_ROUTES_API lists R(method, pattern, body kind, needs_db, handler)
 * entries for the routing table in app/router.c.
 *
 * Every handler here authenticates with "Authorization: Bearer <token>"
 * first (401 when missing or wrong), then reaches only its store's rows
 * (another store's objects are 404).  Bodies are JSON objects (400 when
 * not, 413/415 from the router, 422 for an invalid value with the field).
 */
#ifndef SG_HANDLERS_ROUTES_API_H
#define SG_HANDLERS_ROUTES_API_H

#include "handlers/handlers.h"

#define SG_ROUTES_API \
	R(SG_METHOD_POST, "/api/v1/campaigns", SG_BODY_JSON, 1, h_api_campaign_create) \
	R(SG_METHOD_GET, "/api/v1/campaigns", SG_BODY_NONE, 1, h_api_campaign_list) \
	R(SG_METHOD_GET, "/api/v1/campaigns/*", SG_BODY_NONE, 1, h_api_campaign_get) \
	R(SG_METHOD_PATCH, "/api/v1/campaigns/*", SG_BODY_JSON, 1, h_api_campaign_patch) \
	R(SG_METHOD_DELETE, "/api/v1/campaigns/*", SG_BODY_NONE, 1, h_api_campaign_delete) \
	R(SG_METHOD_POST, "/api/v1/campaigns/*/milestones", SG_BODY_JSON, 1, \
	    h_api_milestone_create) \
	R(SG_METHOD_PATCH, "/api/v1/campaigns/*/milestones/*", SG_BODY_JSON, 1, \
	    h_api_milestone_patch) \
	R(SG_METHOD_DELETE, "/api/v1/campaigns/*/milestones/*", SG_BODY_NONE, 1, \
	    h_api_milestone_delete) \
	SG_ROUTES_API_PIPELINE

/* Orders, grants and products (api_orders.c, api_grants.c, api_products.c). */
#define SG_ROUTES_API_PIPELINE \
	R(SG_METHOD_POST, "/api/v1/orders", SG_BODY_JSON, 1, h_api_order_post) \
	R(SG_METHOD_POST, "/api/v1/orders/*/cancel", SG_BODY_NONE, 1, h_api_order_cancel) \
	R(SG_METHOD_POST, "/api/v1/orders/*/refund", SG_BODY_JSON, 1, h_api_order_refund) \
	R(SG_METHOD_GET, "/api/v1/grants", SG_BODY_NONE, 1, h_api_grant_list) \
	R(SG_METHOD_POST, "/api/v1/grants/*/fulfill", SG_BODY_NONE, 1, h_api_grant_fulfill) \
	R(SG_METHOD_PUT, "/api/v1/products/*", SG_BODY_JSON, 1, h_api_product_put) \
	R(SG_METHOD_GET, "/api/v1/products", SG_BODY_NONE, 1, h_api_product_search) \
	SG_ROUTES_API_WEBHOOKS

/* Endpoints of events out (api_webhooks.c, docs/events.md). */
#define SG_ROUTES_API_WEBHOOKS \
	R(SG_METHOD_POST, "/api/v1/webhooks", SG_BODY_JSON, 1, h_api_webhook_create) \
	R(SG_METHOD_GET, "/api/v1/webhooks", SG_BODY_NONE, 1, h_api_webhook_list) \
	R(SG_METHOD_DELETE, "/api/v1/webhooks/*", SG_BODY_NONE, 1, h_api_webhook_delete) \
	R(SG_METHOD_GET, "/api/v1/webhooks/*/deliveries", SG_BODY_NONE, 1, \
	    h_api_webhook_deliveries) \
	R(SG_METHOD_POST, "/api/v1/webhooks/*/events/*/resend", SG_BODY_NONE, 1, \
	    h_api_webhook_resend)

int	h_api_webhook_create(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_webhook_list(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_webhook_delete(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_webhook_deliveries(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_webhook_resend(struct sg_app *, const struct sg_req *, struct sg_resp *);

int	h_api_order_post(struct sg_app *, const struct sg_req *, struct sg_resp *);
/*
 * Orders posted together with one token (the router's group commit,
 * app.h): reqs[0..n) and their resps.  Answers the ones it took (counted
 * in one transaction: 201) and the ones whose body is not a valid order
 * (4xx); sets redo[i] for each one the router must dispatch on its own
 * (the token did not authenticate, fewer than two valid orders, or the
 * batch's transaction did not commit: then nothing of it was written).
 * Returns how many it counted in the batch's transaction (0: none).
 */
size_t	h_api_order_post_batch(struct sg_app *, struct sg_req **reqs,
	    struct sg_resp **resps, size_t n, int *redo);
int	h_api_order_cancel(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_order_refund(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_grant_list(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_grant_fulfill(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_product_put(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_product_search(struct sg_app *, const struct sg_req *, struct sg_resp *);

int	h_api_campaign_create(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_campaign_list(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_campaign_get(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_campaign_patch(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_campaign_delete(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_milestone_create(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_milestone_patch(struct sg_app *, const struct sg_req *, struct sg_resp *);
int	h_api_milestone_delete(struct sg_app *, const struct sg_req *, struct sg_resp *);

/* --- shared by the api handlers (api_common.c) --------------------------- */

/*
 * A function named ..._or_reply answers the client itself when it says
 * "no" (returns 0): the handler then only returns.  JSON members are added
 * with util/json.h; ids are parsed with sg_parse_uint(s, API_ID_MAX, &id).
 */

struct cJSON;
struct db_store;
struct sg_verror;
struct db_campaign;

/*
 * Check the bearer token and load its store.  Returns 1 when the request
 * may go on; otherwise 0 with resp answered (401) or *hrc set to the
 * SG_H_* code of a database failure.
 */
int	api_auth_or_reply(struct sg_app *, const struct sg_req *,
	    struct sg_resp *, struct db_store *, int *hrc);
/*
 * Parse the body as a JSON object into *out (caller frees with
 * cJSON_Delete).  Returns 1, or 0 with resp answered: 400 malformed, not
 * an object, or a raw control character in it (SPEC "Numbers"); 422
 * invalid_char for an escaped NUL.  It lets invalid UTF-8 and inexact
 * numbers through, so that the field validators name a bad known field
 * first (422 invalid_utf8, out_of_range); the caller then calls
 * api_body_rest_or_reply() once its input validated.
 */
int	api_body_or_reply(const struct sg_req *, struct sg_resp *,
	    struct cJSON **out);
/*
 * After the body's known fields validated, the rest of it: 1 when the
 * whole body is UTF-8 and every number literal is exact, else 0 with resp
 * answered: 400 malformed (invalid UTF-8, in an ignored key), 422 invalid
 * (a number that cJSON's double does not hold exactly:
 * sg_json_has_inexact_number(), e.g. 1.0000000000000001 read as 1).
 */
int	api_body_rest_or_reply(const struct sg_req *, struct sg_resp *);
/* Answer a validation error with status (422 or 409). */
void	api_verror(struct sg_resp *, int status, const struct sg_verror *);
/*
 * Answer a service status (service/service.h) that is not SVC_OK:
 * 404 / 409 / 422 or the database answer.  Returns the SG_H_* code.
 */
int	api_svc_error(struct sg_resp *, int svc, const struct sg_verror *);
/* Answer obj with status and free it; NULL obj -> 500.  Returns SG_H_OK. */
int	api_send(struct sg_resp *, int status, struct cJSON *obj);
/*
 * The full campaign object (SPEC: every field, store, counters, version,
 * milestones) of c, whose product ids are loaded.  NULL on no memory or a
 * database error (*dbrc then < 0).
 */
struct cJSON *api_campaign_json(struct sg_app *, const struct db_store *,
	    const struct db_campaign *, int *dbrc);
struct db_milestone;
/* The milestone object (every field; the API is not public). */
struct cJSON *api_milestone_json(const struct db_milestone *);
/* RFC 3339 text into a JSON string (or null when !has). */
struct cJSON *api_time_json(int has, int64_t usec);
/*
 * The largest id a request may name (18 digits; parse ids with
 * sg_parse_uint(s, API_ID_MAX, &id), util/parse.h).
 */
#define API_ID_MAX	999999999999999999LL

#endif
