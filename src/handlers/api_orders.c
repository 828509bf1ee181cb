/*
 * api_orders.c — the order pipeline: POST /api/v1/orders,
 * POST /api/v1/orders/{id}/cancel, POST /api/v1/orders/{id}/refund.
 * The rules run in service/order.h; these handlers authenticate, validate
 * and choose the status.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "db/db.h"
#include "handlers/routes_api.h"
#include "service/order.h"

/*
 * The order in req's body, for store st, into *o (then 1: sg_order_free()
 * it), or 0 with the 4xx (or 500) answered in resp.
 */
static int
order_body_or_reply(const struct sg_req *req, struct sg_resp *resp,
    const struct db_store *st, struct sg_order *o)
{
	struct sg_verror	 err;
	cJSON			*body;
	int			 rc;

	if (!api_body_or_reply(req, resp, &body))
		return 0;
	memset(&err, 0, sizeof(err));
	memset(o, 0, sizeof(*o));
	rc = sg_order_parse(body, o, &err);
	cJSON_Delete(body);
	if (rc == SG_PARSE_NOMEM) {
		sg_h_internal(resp);
		return 0;
	}
	if (rc != SG_PARSE_OK) {
		api_verror(resp, 422, &err);
		return 0;
	}
	if (!api_body_rest_or_reply(req, resp)) {
		sg_order_free(o);
		return 0;
	}
	if (strcmp(o->currency->code, st->currency) != 0) {
		sg_order_free(o);
		sg_resp_error(resp, 422, "invalid",
		    "the order's currency must be the store's currency", "currency");
		return 0;
	}
	return 1;
}

/*
 * POST /api/v1/orders
 * Input: an order (domain/order.h).  201 counted (first time, and the
 * retry that finds a first attempt whose answer was never handed out:
 * service/order.h), 200 a repeat with the same body ("duplicate": true);
 * 400 malformed; 401;
 * 409 same id, different body; 422 invalid field, currency other than the
 * store's, a counter overflow.
 */
int
h_api_order_post(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_order		 o;
	struct sg_verror	 err;
	cJSON			*out = NULL;
	int			 hrc, rc, dup = 0;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (!order_body_or_reply(req, resp, &st, &o))
		return SG_H_OK;
	memset(&err, 0, sizeof(err));
	rc = svc_order_post(app->db, st.id, &o, &out, &dup, &err);
	sg_order_free(&o);
	if (rc != SVC_OK)
		return api_svc_error(resp, rc, &err);
	return api_send(resp, dup ? 200 : 201, out);
}

size_t
h_api_order_post_batch(struct sg_app *app, struct sg_req **reqs,
    struct sg_resp **resps, size_t n, int *redo)
{
	struct db_store		 st;
	struct sg_resp		 scratch;
	struct sg_order		*os = NULL;
	const struct sg_order	**op = NULL;
	cJSON			**outs = NULL;
	size_t			*at = NULL, i, m = 0, counted = 0;
	int			 hrc, ok;

	for (i = 0; i < n; i++)
		redo[i] = 1;
	/* One token for all (the router grouped them by it). */
	sg_resp_init(&scratch);
	ok = api_auth_or_reply(app, reqs[0], &scratch, &st, &hrc);
	sg_resp_free(&scratch);
	if (!ok)
		return 0;
	if ((os = calloc(n, sizeof(*os))) == NULL ||
	    (op = calloc(n, sizeof(*op))) == NULL ||
	    (outs = calloc(n, sizeof(*outs))) == NULL ||
	    (at = calloc(n, sizeof(*at))) == NULL)
		goto out;
	/* A body that is not a valid order is answered here, on its own. */
	for (i = 0; i < n; i++) {
		if (!order_body_or_reply(reqs[i], resps[i], &st, &os[m])) {
			redo[i] = 0;
			continue;
		}
		op[m] = &os[m];
		at[m++] = i;
	}
	if (m < 2 || svc_order_post_batch(app->db, st.id, op, m, outs) !=
	    SVC_OK)
		goto out;
	for (i = 0; i < m; i++) {
		(void)api_send(resps[at[i]], 201, outs[i]);
		redo[at[i]] = 0;
	}
	counted = m;
out:
	for (i = 0; os != NULL && i < m; i++)
		sg_order_free(&os[i]);
	free(os);
	free(op);
	free(outs);
	free(at);
	return counted;
}

/*
 * POST /api/v1/orders/{id}/cancel
 * No body.  200 cancelled (again: "duplicate": true, nothing changes);
 * 401; 404 unknown order.
 */
int
h_api_order_cancel(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_verror	 err;
	cJSON			*out = NULL;
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_extid_check(req->args[0]) != SG_VERR_OK) {
		sg_resp_error(resp, 404, "not_found", "no such order", NULL);
		return SG_H_OK;
	}
	memset(&err, 0, sizeof(err));
	rc = svc_order_cancel(app->db, st.id, req->args[0], &out, &err);
	if (rc != SVC_OK)
		return api_svc_error(resp, rc, &err);
	return api_send(resp, 200, out);
}

/*
 * POST /api/v1/orders/{id}/refund
 * Input: {"id", "line_items":[{"product_id","quantity","amount"}]}; id is
 * the store's refund id (required, unique per order).  200 with the
 * campaigns' new progress ("duplicate": false), 200 the first answer again
 * with "duplicate": true for the same id and body; 400; 401; 404 unknown
 * order; 409 cancelled order, or the same id with a different body; 422
 * missing or invalid field, product not bought, more than bought.
 */
int
h_api_order_refund(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_refund	 r;
	struct sg_verror	 err;
	cJSON			*body, *out = NULL;
	int			 hrc, rc, dup = 0;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_extid_check(req->args[0]) != SG_VERR_OK) {
		sg_resp_error(resp, 404, "not_found", "no such order", NULL);
		return SG_H_OK;
	}
	if (!api_body_or_reply(req, resp, &body))
		return SG_H_OK;
	memset(&err, 0, sizeof(err));
	memset(&r, 0, sizeof(r));
	rc = sg_refund_parse(body, &r, &err);
	cJSON_Delete(body);
	if (rc == SG_PARSE_NOMEM) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	if (rc != SG_PARSE_OK) {
		api_verror(resp, 422, &err);
		return SG_H_OK;
	}
	if (!api_body_rest_or_reply(req, resp)) {
		sg_refund_free(&r);
		return SG_H_OK;
	}
	rc = svc_order_refund(app->db, st.id, req->args[0], &r, &out, &dup,
	    &err);
	sg_refund_free(&r);
	if (rc != SVC_OK)
		return api_svc_error(resp, rc, &err);
	return api_send(resp, 200, out);
}
