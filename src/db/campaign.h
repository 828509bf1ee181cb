/*
 * campaign.h — the campaign entity: one canonical struct and the typed
 * functions that load and change it.  Return convention of every db_*
 * function in this directory: see db/db.h.
 *
 * Strings are copied into the struct, so it stays valid after the statement
 * moves on.  The struct is large (texts are stored in place): one or two on
 * the stack at a time.
 */
#ifndef SG_DB_CAMPAIGN_H
#define SG_DB_CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/order.h"

struct db_campaign {
	int64_t			 id;
	char			 slug[SG_SLUG_MAX + 1];
	char			 title[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	char			 description[SG_CHARS_TO_BYTES(SG_DESCRIPTION_MAX) + 1];
	enum sg_goal_kind	 goal_kind;
	int64_t			 goal;
	int			 has_starts;
	sg_usec_t		 starts_at;
	int			 has_ends;
	sg_usec_t		 ends_at;
	enum sg_campaign_status	 status;
	int64_t			 units, amount, orders, backers;
	int64_t			 counted_seq, version;
	sg_usec_t		 created_at, updated_at;
	enum sg_theme		 theme;		/* the default look (sql/026) */
	int			 has_accent, has_radius;
	uint32_t		 accent;
	int			 radius;
	/* Filled by db_campaign_products_load(). */
	char			 product_ids[SG_CAMPAIGN_PRODUCTS_MAX][SG_EXTID_MAX + 1];
	size_t			 nproduct_ids;
};

/*
 * The campaign called slug in store_id; with lock, SELECT ... FOR UPDATE
 * (inside a transaction).  > 0 found, 0 not found, < 0 db error.  Product
 * ids are not loaded.
 */
int	db_campaign_get_by_slug(struct sg_db *, int64_t store_id, const char *slug,
	    int lock, struct db_campaign *);
/* Lock campaign id (FOR UPDATE) and load it; as above. */
int	db_campaign_lock_by_id(struct sg_db *, int64_t id, struct db_campaign *);
/*
 * The same, with the campaign's rules_version (sql/021: it moves with
 * every change to its products or milestones) into *rules_version and,
 * when last_event is not NULL, its last event number (db/event.h's
 * *last) into *last_event, in the same statement.
 */
int	db_campaign_lock_rules(struct sg_db *, int64_t id, struct db_campaign *,
	    int64_t *rules_version, int64_t *last_event);
/*
 * Campaign id's rules_version, without a lock (read it before reading the
 * products and milestones it guards): > 0 found, 0 none, < 0.
 */
int	db_campaign_rules_version(struct sg_db *, int64_t id,
	    int64_t *rules_version);
/* Load c->product_ids.  DB_OK or < 0. */
int	db_campaign_products_load(struct sg_db *, struct db_campaign *);
/*
 * Page through the store's campaigns by slug: those after `after` ("" for
 * the first), at most limit, each read into *buf (product ids not loaded)
 * and passed to cb, which may run other db functions (the result is
 * stored client-side).  cb returns 0 to go on, 1 to stop, < 0 to fail with
 * that code.  DB_OK or < 0.
 */
int	db_campaign_list(struct sg_db *, int64_t store_id, const char *after,
	    int64_t limit, struct db_campaign *buf,
	    int (*cb)(void *, struct db_campaign *), void *arg);

/*
 * Insert a campaign from a complete input; *id receives its id.  DB_DUP
 * when the slug is taken in the store.  Product ids are not written.
 */
int	db_campaign_insert(struct sg_db *, int64_t store_id,
	    const struct sg_campaign_input *, int64_t *id);
/*
 * Write every field of in (a merged, complete input) to campaign id and
 * bump its version.  DB_DUP when the slug is taken.  Product ids are not
 * written.
 */
int	db_campaign_update(struct sg_db *, int64_t id,
	    const struct sg_campaign_input *);
/* Replace campaign id's product list by in->product_ids (no duplicates). */
int	db_campaign_products_set(struct sg_db *, int64_t id,
	    const struct sg_campaign_input *);
/* > 0 when an order has ever counted in campaign id, 0 if not, < 0 error. */
int	db_campaign_has_orders(struct sg_db *, int64_t id);
int	db_campaign_delete(struct sg_db *, int64_t id);
/* Bump campaign id's version (its widget changed). */
int	db_campaign_bump(struct sg_db *, int64_t id);
/* Take sequence number seq for a reach at save time (and bump). */
int	db_campaign_set_seq(struct sg_db *, int64_t id, int64_t seq);
/*
 * Add the deltas to campaign id's counters, set its counted_seq to seq and
 * bump its version.  The row must be locked.
 */
int	db_campaign_count(struct sg_db *, int64_t id, int64_t units,
	    int64_t amount, int64_t orders, int64_t backers, int64_t seq);
/*
 * The same for orders counted one after the other in one transaction (a
 * batch's deltas summed, seq the last one's), the version moved by
 * versions (one per order); rules != 0 moves rules_version too (an order
 * reaches a milestone).
 */
int	db_campaign_count_rules(struct sg_db *, int64_t id, int64_t units,
	    int64_t amount, int64_t orders, int64_t backers, int64_t seq,
	    int64_t versions, int rules);

/* The campaign's progress in the unit of its goal. */
int64_t	db_campaign_progress(const struct db_campaign *);

#endif

/* --- admin reads --- */
#ifndef SG_DB_CAMPAIGN_ADMIN_H
#define SG_DB_CAMPAIGN_ADMIN_H

/*
 * Lists are read through a callback, called once per row with a struct
 * that is only valid during the call (no other statement may run from
 * it).  The callback returns 0 to go on, -1 to stop: the function then
 * returns DB_ERR.  Otherwise the number of rows (>= 0), or < 0.
 */

/* A product of a campaign, with its catalog title when the catalog has it. */
struct db_campaign_product {
	char	 product_id[SG_EXTID_MAX + 1];
	int	 has_title;
	char	 title[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
};

/* An order as counted in a campaign (the dashboard's recent orders). */
struct db_campaign_order {
	char		 external_id[SG_EXTID_MAX + 1];
	char		 backer[SG_BACKER_MAX_BYTES + 1];
	sg_usec_t	 placed_at;
	int64_t		 units, amount;
	int		 active;
};

/* Campaigns of store_id, newest first, from offset; product ids not loaded. */
int	db_campaign_list_admin(struct sg_db *, int64_t store_id, int64_t limit,
	    int64_t offset, int (*fn)(const struct db_campaign *, void *),
	    void *arg);
/* *counted: whether an order has ever counted in campaign id.  DB_OK or < 0. */
int	db_campaign_counted(struct sg_db *, int64_t id, int *counted);
/* The campaign's products, by product id, with catalog titles. */
int	db_campaign_products_titled(struct sg_db *, int64_t id,
	    int (*fn)(const struct db_campaign_product *, void *), void *arg);
/* The last limit orders counted in campaign id, latest first. */
int	db_campaign_recent_orders(struct sg_db *, int64_t id, int64_t limit,
	    int (*fn)(const struct db_campaign_order *, void *), void *arg);
/*
 * The archive (sql/016): campaigns of store_id that are archived (archived
 * 1) or not (0), as db_campaign_list_admin(); their number; whether one is
 * archived; archive (1) or restore (0) one; whether a slug is taken.
 */
int	db_campaign_list_shown(struct sg_db *, int64_t store_id, int archived,
	    int64_t limit, int64_t offset,
	    int (*fn)(const struct db_campaign *, void *), void *arg);
int	db_campaign_count_shown(struct sg_db *, int64_t store_id, int archived,
	    int64_t *n);
int	db_campaign_archived(struct sg_db *, int64_t id, int *archived);
int	db_campaign_set_archived(struct sg_db *, int64_t id, int archived);
int	db_campaign_slug_taken(struct sg_db *, int64_t store_id, const char *slug,
	    int *taken);

#endif
