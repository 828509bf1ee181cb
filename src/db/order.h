/*
 * order.h — the order entity: orders with their lines, their counted
 * contributions to campaigns (order_campaigns and the products that
 * counted), the backers' active-order counts per campaign, and refunds.
 * Return convention: see db/db.h.  Every write runs inside the caller's
 * transaction (service/order.c) with the campaign rows it touches locked.
 */
#ifndef SG_DB_ORDER_H
#define SG_DB_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/order.h"

/* A locked order row (db_order_lock()). */
struct db_order_head {
	int64_t	 pk;
	int	 cancelled;
	char	 backer[SG_BACKER_MAX_BYTES + 1];
};

/* An order's active contribution to one campaign. */
struct db_order_contrib {
	int64_t	 campaign_id, units, amount;
};

/* Another order of the same backer in a campaign (rule 8's candidates). */
struct db_backer_order {
	int64_t	 pk, seq;
	int	 active;
	char	 external_id[SG_EXTID_MAX + 1];
};

/* A stored order line with what was refunded of it. */
struct db_order_line {
	int64_t			 line_no;
	struct sg_order_line	 line;
	int64_t			 refunded_qty, refunded_amount;
};

/*
 * The products that counted toward one campaign (at most its own list),
 * stored as order_campaigns.counted_products (sql/033): the ids joined by
 * single spaces, so at most DB_COUNTED_PRODUCTS_TEXT bytes with the NUL.
 */
#define DB_COUNTED_PRODUCTS_TEXT \
	(SG_CAMPAIGN_PRODUCTS_MAX * (SG_EXTID_MAX + 1))
struct db_counted_products {
	char		 id[SG_CAMPAIGN_PRODUCTS_MAX][SG_EXTID_MAX + 1];
	size_t		 n;
};

/*
 * Insert order o (its idempotency record, with fingerprint fp and an
 * empty response) and its lines; *pk receives its row id.  DB_DUP when
 * the store has an order with this id (nothing written).
 */
int	db_order_insert(struct sg_db *, int64_t store_id, const struct sg_order *o,
	    const unsigned char *fp, size_t fplen, int64_t *pk);
/*
 * For several orders in one transaction (a group commit): the rows of
 * os[0..n) (fingerprints fps[i]) four per statement, their ids into
 * pks[i] (DB_DUP when one of them was posted before); then their lines
 * four per statement, over all the orders.
 */
int	db_order_insert_rows(struct sg_db *, int64_t store_id,
	    const struct sg_order *const *os, const unsigned char *const *fps,
	    size_t fplen, int64_t *pks, size_t n);
int	db_order_lines_insert(struct sg_db *, const struct sg_order *const *os,
	    const int64_t *pks, size_t n);
/*
 * Claim the first answer of order pk (or refund id) for the caller, a
 * repeat that found the row: 1 when it was unclaimed (now it is claimed),
 * 0 when it was claimed, < 0 error.  Outside a transaction.  The insert
 * claims it for the attempt that commits the row; see
 * sql/014_refund_ids.sql.
 */
int	db_order_claim_answer(struct sg_db *, int64_t pk);
int	db_refund_claim_answer(struct sg_db *, int64_t id);
/*
 * Give the first answer of order pk (refund id) back: its COMMIT's outcome
 * was unknown, so the answer was never handed out.  Outside a transaction,
 * on a new connection; waits for the row's lock, so it sees what the
 * ambiguous COMMIT did (no row: nothing changes).  DB_OK or < 0.
 */
int	db_order_unanswer(struct sg_db *, int64_t pk);
int	db_refund_unanswer(struct sg_db *, int64_t id);
/*
 * Refund external_id of order pk: > 0 found, *id its row, *same 1 when
 * its fingerprint is fp and then *text (malloc'd) its stored response;
 * 0 not found; < 0 error.
 */
int	db_refund_get(struct sg_db *, int64_t pk, const char *external_id,
	    const unsigned char *fp, size_t fplen, int64_t *id, int *same,
	    char **text);
/* Store the response of refund id (in its transaction). */
int	db_refund_response_set(struct sg_db *, int64_t id, const char *text);
/*
 * The stored response of order external_id: > 0 found, with *pk its row,
 * *same 1 when its fingerprint is fp and *text (malloc'd, NUL-terminated;
 * NULL when not *same) its response; 0 not found; < 0 error.
 */
int	db_order_response_get(struct sg_db *, int64_t store_id,
	    const char *external_id, const unsigned char *fp, size_t fplen,
	    int64_t *pk, int *same, char **text);
int	db_order_response_set(struct sg_db *, int64_t pk, const char *text);
/* The responses texts[i] of the orders pks[i], i < n: four per statement. */
int	db_orders_response_set(struct sg_db *, const int64_t *pks,
	    char *const *texts, size_t n);
/*
 * The store's campaigns with a product of a non-free line of order pk, by
 * id ascending, with their rules_version, into a malloc'd array (*out,
 * *n; free() it),
 * and in the same statement (read committed: what had committed when it
 * ran) the event types some live endpoint of the store subscribes to, as
 * SG_EVENT_BIT_* bits of db/event.h (*events; 0 when there are no
 * candidates).
 */
struct db_candidate {
	int64_t	 campaign_id;
	int64_t	 rules_version;	/* as the statement read it (sql/021) */
};
int	db_order_candidates(struct sg_db *, int64_t pk, int64_t store_id,
	    struct db_candidate **out, size_t *n, unsigned *events);
/*
 * The same for the orders pks[0..n) of one store at once (four per
 * statement): outs[i], ns[i] and events[i] for pks[i].  On failure no
 * list is left to free.
 */
int	db_orders_candidates(struct sg_db *, const int64_t *pks, size_t n,
	    int64_t store_id, struct db_candidate **outs, size_t *ns,
	    unsigned *events);
/*
 * Record that order pk counted in campaign_id with units/amount at seq,
 * and that its n distinct products pids[] counted there (refunds go by
 * them), in one statement.  DB_ERR (nothing written) when the list does
 * not fit the column: more than SG_CAMPAIGN_PRODUCTS_MAX ids, or an id
 * empty, over SG_EXTID_MAX or with a space.
 */
int	db_order_campaign_insert(struct sg_db *, int64_t pk, int64_t campaign_id,
	    const char *backer, int64_t units, int64_t amount, int64_t seq,
	    const char *const *pids, size_t n);
/*
 * The products recorded as counted for order pk in campaign_id, into
 * *out: the list db_order_campaign_insert() wrote; when the row has none
 * (NULL or ''), the order_campaign_products rows that a program before
 * sql/033 wrote instead (a host not yet restarted during an upgrade).
 * out->n 0 when neither has any (an order counted before sql/011, or no
 * such row).  DB_ERR when the list or a row is not one that program or
 * db_order_campaign_insert() could have written (an id empty, over
 * SG_EXTID_MAX or with a space, more than SG_CAMPAIGN_PRODUCTS_MAX ids).
 */
int	db_order_campaign_products(struct sg_db *, int64_t pk, int64_t campaign_id,
	    struct db_counted_products *out);
/* Set order pk's contribution to campaign_id (after a refund). */
int	db_order_campaign_set(struct sg_db *, int64_t pk, int64_t campaign_id,
	    int64_t units, int64_t amount);
/* Order pk no longer counts in campaign_id (cancelled). */
int	db_order_campaign_deactivate(struct sg_db *, int64_t pk,
	    int64_t campaign_id);
/* Order pk's active contributions by campaign id (*out, *n; free() it). */
int	db_order_contribs(struct sg_db *, int64_t pk,
	    struct db_order_contrib **out, size_t *n);
/* Lock order external_id of the store: > 0 found, 0 not found, < 0. */
int	db_order_lock(struct sg_db *, int64_t store_id, const char *external_id,
	    struct db_order_head *);
/* Mark order pk cancelled. */
int	db_order_cancel(struct sg_db *, int64_t pk);
/* Order pk's lines by line number (*out, *n; free() it). */
int	db_order_lines(struct sg_db *, int64_t pk, struct db_order_line **out,
	    size_t *n);
/* Add a refund of quantity/amount to line line_no of order pk. */
int	db_order_line_refund(struct sg_db *, int64_t pk, int64_t line_no,
	    int64_t quantity, int64_t amount);
/*
 * Store refund external_id of order pk (fp: the fingerprint of the
 * validated refund; body: its lines as JSON) with an empty response; *id.
 * DB_DUP when the order has a refund with this id.
 */
int	db_refund_insert(struct sg_db *, int64_t pk, const char *external_id,
	    const unsigned char *fp, size_t fplen, const char *body,
	    int64_t *id);

/*
 * The backer's active counted orders in campaign_id into *active (0 when
 * none).  DB_OK or < 0.
 */
int	db_backer_active_orders(struct sg_db *, int64_t campaign_id,
	    const char *backer, int64_t *active);
/*
 * One more active order of backer in campaign_id; *isnew: 1 when the
 * backer had none before (one statement, no read first).
 */
int	db_backer_add(struct sg_db *, int64_t campaign_id, const char *backer,
	    int *isnew);
/* One fewer active order of backer in campaign_id. */
int	db_backer_remove(struct sg_db *, int64_t campaign_id, const char *backer);
/*
 * The backer's orders in campaign_id other than pk, by counted_seq
 * (*out, *n; free() it).
 */
int	db_backer_other_orders(struct sg_db *, int64_t campaign_id,
	    const char *backer, int64_t pk, struct db_backer_order **out,
	    size_t *n);

#endif
