/*
 * order.h — the service layer of the order pipeline: counting an order
 * (SPEC "Counting" and "Milestones" rules 1-8), cancelling it, refunding
 * part of it.  No HTTP here; conventions and status codes:
 * service/service.h.
 *
 * Each call is one transaction.  Campaign rows are locked with SELECT ...
 * FOR UPDATE in campaign id order before anything of theirs is read, so
 * every campaign sees the orders in one serial order whatever the
 * concurrency; the idempotency record (orders row with the fingerprint and
 * the stored response) is written in the same transaction.
 *
 * Output: *out receives a cJSON object the caller owns (cJSON_Delete), the
 * body to answer with, on SVC_OK only.
 */
#ifndef SG_SERVICE_ORDER_H
#define SG_SERVICE_ORDER_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "domain/order.h"
#include "service/service.h"

struct sg_db;

/*
 * Count order o (validated by sg_order_parse; its currency must be the
 * store's: the caller checks) for store_id.  *out is the response of SPEC
 * ({"order_id", "duplicate", "campaigns", "gifts"}).  *duplicate is 1
 * when the same id came with the same body before: *out is then the first
 * response with "duplicate": true and nothing changed — unless the attempt
 * that committed it never handed out its answer (its COMMIT's outcome was
 * unknown to it, and it answered 503): then this call claims that answer
 * and *out is the first response as it was (*duplicate 0).  Whether the
 * first answer was handed out is recorded in orders.answered (sql/014):
 * claimed by the insert, given back after an ambiguous COMMIT.  SVC_CONFLICT
 * ("id"): the same id with a different body.  SVC_INVALID ("line_items",
 * overflow): a campaign counter would overflow.
 */
int	svc_order_post(struct sg_db *, int64_t store_id, const struct sg_order *o,
	    cJSON **out, int *duplicate, struct sg_verror *err);
/*
 * Group commit: the n orders os[0..n) of one store, posted at once, in one
 * transaction, as if each had been posted and committed on its own in
 * that order (each campaign is locked once, in id order, and counts them
 * one after the other).  SVC_OK: each outs[i] is its first answer (as
 * svc_order_post's *out, "duplicate": false).  Any other result changed
 * nothing and hands back no answer: an order id posted before (DB_DUP), a
 * counter overflow (SVC_INVALID), a conflict or any database error; the
 * caller then posts each order on its own (svc_order_post), which answers
 * what is due.  DB_AMBIGUOUS: the COMMIT's outcome is unknown, each
 * order's answer was given back as svc_order_post does for one.
 */
int	svc_order_post_batch(struct sg_db *, int64_t store_id,
	    const struct sg_order *const *os, size_t n, cJSON **outs);
/*
 * svc_order_post() keeps, per process, the products and milestones it read
 * of recent campaigns, by their rules_version (service/order.c); this drops
 * them (the next order reads them again).
 */
void	svc_order_cache_clear(void);

/*
 * Cancel the order with the store's id external_id (rule 8).  Idempotent:
 * a second cancel changes nothing and answers "duplicate": true.
 * *out: {"order_id", "status", "duplicate", "campaigns":[{slug, progress,
 * goal, backers}], "grants":[{"grant_id", "milestone_id", "status":
 * "moved"|"void", "moved_to": {"grant_id", "order_id"} or null}]}.
 */
int	svc_order_cancel(struct sg_db *, int64_t store_id, const char *external_id,
	    cJSON **out, struct sg_verror *err);

/*
 * Record a partial refund r of the order external_id (its validated lines
 * are stored as JSON in refunds.body): lowers its contribution to each
 * campaign by the refunded products that counted toward that campaign when
 * the order was counted (counted_products, sql/033, or for an order a
 * program before it counted, order_campaign_products; not the campaign's
 * product_ids now); keeps grants and reached milestones.  All or nothing:
 * one transaction.  Idempotent by r->id (unique per order): the same id
 * with the same body answers the stored response with "duplicate": true
 * (*duplicate 1) and changes nothing — or, when the attempt that committed
 * never handed out its answer (an ambiguous COMMIT), the stored response
 * as the first answer; SVC_CONFLICT ("id") for the same id with another
 * body, and when the order is cancelled; SVC_INVALID when a line names a
 * product the order did not buy or returns more than bought (field
 * "line_items[i].quantity" / ".amount" / ".product_id").
 * *out: {"order_id", "duplicate", "id", "refund_id", "campaigns":[…]}.
 */
int	svc_order_refund(struct sg_db *, int64_t store_id, const char *external_id,
	    const struct sg_refund *r, cJSON **out, int *duplicate,
	    struct sg_verror *err);

#endif
