/*
 * grant.h — the grant entity: a gift a backer is owed for a reached
 * milestone (SPEC rules 4-8), and the typed functions that write and read
 * grants.  Return convention: see db/db.h.  Writes run inside the
 * caller's transaction with the grant's campaign row locked.
 */
#ifndef SG_DB_GRANT_H
#define SG_DB_GRANT_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/order.h"

struct db_milestone_rule;

/* A grant as the API shows it. */
struct db_grant {
	int64_t		 id;
	char		 order_id[SG_EXTID_MAX + 1];	/* the order's external id */
	char		 campaign[SG_SLUG_MAX + 1];	/* the campaign's slug */
	int64_t		 milestone_id;
	char		 backer[SG_BACKER_MAX_BYTES + 1];
	char		 product_id[SG_EXTID_MAX + 1];
	int		 has_variant;
	char		 variant_id[SG_EXTID_MAX + 1];
	int64_t		 quantity;
	char		 status[16];	/* "pending", "fulfilled" or "void" */
	sg_usec_t	 created_at;
	int64_t		 position;	/* in the queue, commit order (db/cursor.h) */
};

/* A non-void grant of one order, as a cancel moves it (rule 8). */
struct db_order_grant {
	int64_t		 id, milestone_id, quantity;
	char		 product_id[SG_EXTID_MAX + 1];
	int		 has_variant;
	char		 variant_id[SG_EXTID_MAX + 1];
};

/* Which grants db_grant_list() returns. */
struct db_grant_filter {
	const char	*status;	/* NULL: any */
	int64_t		 campaign_id;	/* 0: any */
	int64_t		 after;		/* positions greater than this */
	int64_t		 upto;		/* and at most this (db/cursor.h) */
	int64_t		 limit;		/* at most this many */
};

/*
 * A pending grant of milestone_id of campaign_id to backer on order_pk;
 * variant NULL for none; moved_from the grant it replaces (0: none).
 * *id (if not NULL) receives its id.  DB_DUP when the backer holds a
 * non-void grant for the milestone already (rule 6).
 */
int	db_grant_insert(struct sg_db *, int64_t store_id, int64_t campaign_id,
	    int64_t milestone_id, int64_t order_pk, const char *backer,
	    const char *product_id, const char *variant_id, int64_t quantity,
	    int64_t moved_from, int64_t *id);
/*
 * A pending grant on order_pk to backer of each of the milestones ms[0..n)
 * of campaign_id (its gift as ms[k] has it), inserted in milestone id
 * order, four per statement; ids[k] receives the grant made for ms[k], or
 * 0 when the backer holds a non-void one already (rule 6).  DB_OK or < 0.
 */
struct db_milestone_rule;
int	db_grants_insert_set(struct sg_db *, int64_t store_id,
	    int64_t campaign_id, int64_t order_pk, const char *backer,
	    const struct db_milestone_rule *const *ms, size_t n, int64_t *ids);
/*
 * Rule 5's fan-out (docs/fanout.md), with the campaign's row locked by
 * the caller.  This is the production implementation of the fan-out:
 * set-based INSERT ... SELECTs (db/sql_grant.h).
 *
 * Grant scope-"all" gift milestone_id to each backer after `after` (""
 * from the first) up to and including upto (NULL: to the last) who has an
 * active order counted by the reach and no non-void grant of it yet, on
 * their earliest active counted order.  *made (NULL: not wanted): rows
 * the statement wrote (those skipped are not counted).
 */
int	db_grants_fanout_range(struct sg_db *, int64_t store_id,
	    int64_t milestone_id, const char *after, const char *upto,
	    int64_t *made);
/*
 * The same for one backer and every milestone of campaign_id whose
 * fan-out is pending: what those fan-outs would give the backer, given
 * before an order or a cancel of theirs changes it.
 */
int	db_grants_fanout_backer(struct sg_db *, int64_t store_id,
	    int64_t campaign_id, const char *backer, int64_t *made);
/*
 * The end of the next batch: the backer offset places after `after`
 * among campaign_id's backers with an active order counted by
 * reached_seq, into upto (size bytes); *found 0 when fewer remain.
 */
int	db_grant_fanout_next(struct sg_db *, int64_t campaign_id,
	    const char *after, int64_t reached_seq, int64_t offset, char *upto,
	    size_t size, int *found);
/* A fan-out that is not done. */
struct db_fanout {
	int64_t	 milestone_id;
	int64_t	 campaign_id;
	int64_t	 store_id;
};
/* Up to max pending fan-outs, oldest first (*out malloc'd, *n). */
int	db_grant_fanouts_pending(struct sg_db *, size_t max,
	    struct db_fanout **out, size_t *n);
/*
 * A pending fan-out's claim cursor, its row locked (into after, size
 * bytes; *all 1 when every backer is claimed, and after is then ""), and
 * its milestone's reached_seq (after and reached_seq may be NULL: not
 * wanted): > 0 pending, 0 done (or none), < 0 error.
 */
int	db_grant_fanout_state(struct sg_db *, int64_t milestone_id, char *after,
	    size_t size, int *all, int64_t *reached_seq);
/*
 * Mark milestone_id's fan-out pending (its fanout_pending, which orders
 * read, and its cursor row, from the first backer).
 */
int	db_grant_fanout_start(struct sg_db *, int64_t milestone_id,
	    int64_t campaign_id, int64_t reached_seq);
/*
 * Claim the backers after `after` up to upto (NULL: all the rest): the
 * claim cursor moves and the range is recorded as a chunk.
 */
int	db_grant_fanout_claim(struct sg_db *, int64_t milestone_id,
	    const char *after, const char *upto);
/*
 * Take the first chunk of milestone_id's fan-out that no other transaction
 * holds, its row locked until the end of this one: 1 with its range in
 * after and upto (size bytes each; *to_end 1: to the last backer, upto
 * ""), 0 when there is none, < 0 error.
 */
int	db_grant_fanout_chunk_take(struct sg_db *, int64_t milestone_id,
	    char *after, char *upto, size_t size, int *to_end);
/* The chunk that starts after `after` is written: it goes. */
int	db_grant_fanout_chunk_done(struct sg_db *, int64_t milestone_id,
	    const char *after);
/* How many chunks of milestone_id's fan-out are left, into *n. */
int	db_grant_fanout_chunks_left(struct sg_db *, int64_t milestone_id,
	    int64_t *n);
/* The fan-out is done: its cursor row goes ... */
int	db_grant_fanout_done(struct sg_db *, int64_t milestone_id);
/*
 * The fan-outs not done yet into *pending, and the age of the oldest in
 * microseconds into *oldest_us (-1 when there is none).  DB_OK or < 0.
 */
int	db_grant_fanout_backlog(struct sg_db *, int64_t *pending,
	    int64_t *oldest_us);
/* ... and then, with the campaign's row locked, the milestone's flag. */
int	db_grant_fanout_unflag(struct sg_db *, int64_t milestone_id);
/* The largest grant id this transaction sees, into *id. */
int	db_grant_max_id(struct sg_db *, int64_t *id);
/*
 * Lock and load the pending grants of order_pk in campaign_id, by id,
 * into a malloc'd array (*out, *n; free() it).  DB_OK or < 0.
 */
int	db_grants_of_order_lock(struct sg_db *, int64_t order_pk,
	    int64_t campaign_id, struct db_order_grant **out, size_t *n);
int	db_grant_void(struct sg_db *, int64_t id);
/*
 * The store's grants that pass f, by queue position, into a malloc'd
 * array (*out, *n; free() it).  Only grants that have a position are
 * listed: call db_grant_queue_position() first, in the same transaction,
 * and pass its *last as f->upto.  DB_OK or < 0.
 */
int	db_grant_list(struct sg_db *, int64_t store_id,
	    const struct db_grant_filter *f, struct db_grant **out, size_t *n);
/* Grant id of the store: > 0 found, 0 not found, < 0 error. */
int	db_grant_get(struct sg_db *, int64_t store_id, int64_t id,
	    struct db_grant *);
/* Mark grant id fulfilled when it is pending (else nothing changes). */
int	db_grant_fulfill(struct sg_db *, int64_t store_id, int64_t id);

#endif

/* --- admin reads --- */
/*
 * The admin's grant reads (db/grant.c): the CSV export.  Return
 * convention: see db/db.h.
 */
#ifndef SG_DB_GRANT_ADMIN_H
#define SG_DB_GRANT_ADMIN_H

#include <stdint.h>

#include "db/db.h"
#include "domain/validate.h"

/*
 * One row of the grants export, as text the way the database writes it
 * (times as "2026-11-22 10:00:00.000000"; "" for NULL).
 */
struct db_grant_export {
	char	 id[24];
	char	 order_id[SG_EXTID_MAX + 1];
	char	 milestone_id[24];
	char	 milestone_title[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	char	 backer[SG_BACKER_MAX_BYTES + 1];
	char	 product_id[SG_EXTID_MAX + 1];
	char	 variant_id[SG_EXTID_MAX + 1];
	char	 quantity[24];
	char	 status[16];
	char	 created_at[32];
	char	 fulfilled_at[32];
};

/*
 * The grants of campaign_id in store_id in queue order (positions up to
 * upto: call db_grant_queue_position() first, in the same transaction),
 * limit rows from offset, through fn (valid during the call only; no other statement may
 * run from it; -1 stops and makes the result DB_ERR).  Rows (>= 0) or < 0.
 */
int	db_grant_export_admin(struct sg_db *, int64_t store_id,
	    int64_t campaign_id, int64_t upto, int64_t limit, int64_t offset,
	    int (*fn)(const struct db_grant_export *, void *), void *arg);

/*
 * Fulfilment (issue 12).  A grant of the export with what the catalog
 * says of its product: title (has_title 0 when not in the catalog) and
 * variants (the synced JSON text or NULL; valid during the call only).
 */
struct db_grant_fulfilment {
	struct db_grant_export	 g;
	int			 has_title;
	char			 title[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	const char		*variants;
};
/*
 * The grants of campaign_id in store_id (of backer only, unless it is ""),
 * pending first, then by id; limit from offset, through fn as
 * db_grant_export_admin().  Rows (>= 0) or < 0.
 */
int	db_grant_fulfilment_admin(struct sg_db *, int64_t store_id,
	    int64_t campaign_id, const char *backer, int64_t limit,
	    int64_t offset, int (*fn)(const struct db_grant_fulfilment *, void *),
	    void *arg);
/*
 * Mark fulfilled grant id if it is a pending grant of campaign_id (*n: 1
 * or 0), or every pending grant of milestone_id (*n: how many).
 */
int	db_grant_fulfil_one(struct sg_db *, int64_t store_id,
	    int64_t campaign_id, int64_t id, int64_t *n);
int	db_grant_fulfil_milestone(struct sg_db *, int64_t store_id,
	    int64_t campaign_id, int64_t milestone_id, int64_t *n);

#endif
