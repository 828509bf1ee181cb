/* hook.c — platform deliveries through the order service; see service/hook.h. */
#include "config.h"

#include <string.h>

#include "db/db.h"
#include "db/hook.h"
#include "service/hook.h"
#include "service/internal.h"
#include "service/order.h"
#include "util/log.h"

/* {"result", "order_id", "reason"?, "response"?}; takes resp.  NULL: no memory. */
static cJSON *
answer(const char *result, const char *order_id, const char *reason,
    cJSON *resp)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(o, "result", result) == NULL ||
	    cJSON_AddStringToObject(o, "order_id", order_id) == NULL ||
	    (reason != NULL && cJSON_AddStringToObject(o, "reason", reason) == NULL)) {
		cJSON_Delete(o);
		cJSON_Delete(resp);
		return NULL;
	}
	if (resp != NULL && !cJSON_AddItemToObject(o, "response", resp)) {
		cJSON_Delete(o);
		cJSON_Delete(resp);
		return NULL;
	}
	return o;
}

static int
deliver_order(struct sg_db *db, const struct db_store *st,
    const struct sg_hook_msg *m, const char **result, const char **reason,
    cJSON **resp, struct sg_verror *err)
{
	int	 rc, dup = 0;

	rc = svc_order_post(db, st->id, &m->order, resp, &dup, err);
	if (rc == SVC_OK) {
		*result = dup ? "duplicate" : "counted";
		return SVC_OK;
	}
	if (rc != SVC_CONFLICT)
		return rc;
	/* The id is taken: by an early cancel, or by a different body. */
	if ((rc = db_hook_tombstone_get(db, st->id, m->order_id)) < 0)
		return rc;
	if (rc > 0) {
		*result = "cancelled_before_created";
		return SVC_OK;
	}
	sg_warn("hook: order %s counted before with other contents; "
	    "the change is ignored", m->order_id);
	*result = "ignored";
	*reason = "the order was counted before with other contents";
	return SVC_OK;
}

static int
deliver_cancel(struct sg_db *db, const struct db_store *st, enum sg_platform p,
    const struct sg_hook_msg *m, const char **result, cJSON **resp,
    struct sg_verror *err)
{
	int	 rc, tries;

	for (tries = 0; tries < 2; tries++) {
		rc = svc_order_cancel(db, st->id, m->order_id, resp, err);
		if (rc == SVC_OK) {
			*result = "cancelled";
			return SVC_OK;
		}
		if (rc != SVC_NOT_FOUND)
			return rc;
		rc = db_hook_tombstone_put(db, st->id, sg_platform_name(p),
		    m->order_id, st->currency);
		if (rc == DB_OK) {
			*result = "cancelled_before_created";
			return SVC_OK;
		}
		if (rc != DB_DUP)
			return rc;
		/* Created meanwhile: cancel it the usual way. */
	}
	return DB_RETRY;
}

static int
deliver_refund(struct sg_db *db, const struct db_store *st,
    const struct sg_hook_msg *m, const char **result, const char **reason,
    cJSON **resp, struct sg_verror *err)
{
	int	 rc, dup = 0;

	/* The platform's refund id is the order service's refund key. */
	rc = svc_order_refund(db, st->id, m->order_id, &m->refund, resp, &dup,
	    err);
	switch (rc) {
	case SVC_OK:
		*result = dup ? "duplicate" : "refunded";
		return SVC_OK;
	case SVC_CONFLICT:	/* the order is cancelled, or another body */
		*result = "ignored";
		*reason = strstr(err->message, "cancelled") != NULL ?
		    "the order is cancelled" :
		    "the refund was recorded before with other contents";
		return SVC_OK;
	case SVC_NOT_FOUND:	/* not created yet: retry later */
		sg_verror_set(err, SG_VERR_INVALID, "order_id",
		    "the refund's order is not known (yet)");
		return SVC_CONFLICT;
	default:
		return rc;
	}
}

int
svc_hook_deliver(struct sg_db *db, const struct db_store *st, enum sg_platform p,
    const char *key, const char *topic, const struct sg_hook_msg *m,
    cJSON **out, struct sg_verror *err)
{
	const char	*pn = sg_platform_name(p), *result = "ignored",
			*reason = NULL;
	cJSON		*resp = NULL;
	int		 rc;

	*out = NULL;
	if (key[0] != '\0') {
		if ((rc = db_hook_delivery_seen(db, st->id, pn, key)) < 0)
			return rc;
		if (rc > 0) {
			if ((*out = answer("duplicate", m->order_id,
			    "this delivery was handled before", NULL)) == NULL)
				return DB_ERR;
			return SVC_OK;
		}
	}
	switch (m->action) {
	case SG_HOOK_ORDER:
		rc = deliver_order(db, st, m, &result, &reason, &resp, err);
		break;
	case SG_HOOK_CANCEL:
		rc = deliver_cancel(db, st, p, m, &result, &resp, err);
		break;
	case SG_HOOK_REFUND:
		rc = deliver_refund(db, st, m, &result, &reason, &resp, err);
		break;
	default:
		reason = m->why != NULL ? m->why : "nothing to count";
		rc = SVC_OK;
		break;
	}
	if (rc != SVC_OK) {
		cJSON_Delete(resp);
		return rc;
	}
	if (key[0] != '\0' && (rc = db_hook_delivery_record(db, st->id, pn, key,
	    topic, m->order_id, result)) != DB_OK) {
		/* Handled but not recorded: a repeat runs again, harmlessly. */
		sg_warn("hook: delivery %s not recorded: %s", key,
		    db_last_error(db));
	}
	if ((*out = answer(result, m->order_id, reason, resp)) == NULL)
		return DB_ERR;
	return SVC_OK;
}

int
svc_hook_secret_set(struct sg_db *db, int64_t store_id, enum sg_platform p,
    const void *secret, size_t len, struct sg_verror *err)
{
	int	 rc;

	if (len == 0 || len > DB_HOOK_SECRET_MAX) {
		sg_verror_set(err, SG_VERR_INVALID, "secret",
		    "the secret must have 1 to %d bytes", DB_HOOK_SECRET_MAX);
		return SVC_INVALID;
	}
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_hook_secret_set(db, store_id, sg_platform_name(p), secret,
	    len)) != DB_OK)
		return svc_fail(db, rc);
	if ((rc = db_commit(db)) != DB_OK)
		return svc_fail(db, rc);
	return SVC_OK;
}

int
svc_hook_secret_remove(struct sg_db *db, int64_t store_id, enum sg_platform p)
{
	int	 rc;

	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_hook_secret_remove(db, store_id, sg_platform_name(p))) <= 0)
		return svc_fail(db, svc_found(rc));
	if ((rc = db_commit(db)) != DB_OK)
		return svc_fail(db, rc);
	return SVC_OK;
}
