/*
 * hook.h — one platform delivery (a mapped struct sg_hook_msg) through the
 * order service: de-duplication, cancels before creates, refund ids.
 * No HTTP here; statuses as in service/campaign.h.
 *
 * Transactions.  The order service (svc_order_post/cancel/refund) opens
 * its own transaction per call, so a delivery is not one transaction; it
 * is made correct by the order service's own keys instead:
 *  - the delivery key is looked up first and recorded only after the
 *    delivery was handled.  A crash in between leaves it unrecorded; the
 *    platform sends it again and it runs again, which is safe because
 *    counting is idempotent by the order id (the same mapped order gives the
 *    same fingerprint: "duplicate") and a cancel is idempotent by nature.
 *    Two copies delivered at the same time both run; the order service
 *    serialises them on the order id (concurrent duplicates count once).
 *  - a cancel for an order not yet created writes the order as a
 *    cancelled order without lines (db_hook_tombstone_put(), one
 *    transaction).  Its id then sits on the orders unique key, so the
 *    create that arrives later — or at the same moment, in
 *    svc_order_post()'s own transaction — conflicts on that key and never
 *    counts; the create path then finds the tombstone and answers "cancelled
 *    before created".  If the create won the race, the tombstone insert
 *    conflicts instead and the cancel runs the normal way.  The unique key
 *    is the one serialisation point both transactions share.
 *  - a refund goes to svc_order_refund() with the platform's refund id as
 *    its key (struct sg_refund's id): the order service stores it in the
 *    refund's own transaction, so a repeat, or a copy delivered at the same
 *    moment, is a "duplicate" and a crash at any point loses nothing (the
 *    platform's retry runs it, or finds it).  (sql/012's hook_refunds,
 *    from before refunds had their own key, is dropped by sql/025.)
 *
 * Output: *out is a JSON object the caller owns (cJSON_Delete), on SVC_OK:
 * {"result": "counted"|"duplicate"|"cancelled"|"cancelled_before_created"|
 *  "refunded"|"ignored", "order_id", "reason" (ignored), "response" (the
 *  order service's answer, when one ran)}.
 */
#ifndef SG_SERVICE_HOOK_H
#define SG_SERVICE_HOOK_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "domain/platform.h"
#include "service/campaign.h"

struct sg_db;
struct db_store;

/*
 * Handle msg for store st from platform p.  key: the delivery's
 * de-duplication key ("" when the platform sent none); topic: for the
 * record.  SVC_OK with *out; SVC_INVALID (a counter would overflow, or a
 * refund that the order cannot take) with *err; SVC_CONFLICT when a
 * refund names an order not known yet (the platform should retry it
 * later); or a db.h code < 0 (DB_RETRY: run it again).
 */
int	svc_hook_deliver(struct sg_db *, const struct db_store *st,
	    enum sg_platform p, const char *key, const char *topic,
	    const struct sg_hook_msg *msg, cJSON **out, struct sg_verror *err);

/*
 * The store's signing secret for platform p (the admin's settings page;
 * stretchgoalctl hooks set writes it through db/hook.h).  set: 1 to
 * DB_HOOK_SECRET_MAX bytes, else SVC_INVALID with err on "secret"; it
 * replaces the one set before.  remove: SVC_NOT_FOUND when none was set.
 * One transaction each.
 */
int	svc_hook_secret_set(struct sg_db *, int64_t store_id, enum sg_platform p,
	    const void *secret, size_t len, struct sg_verror *err);
int	svc_hook_secret_remove(struct sg_db *, int64_t store_id,
	    enum sg_platform p);

#endif
