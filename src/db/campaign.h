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
/* Load c->product_ids.  DB_OK or < 0. */
int	db_campaign_products_load(struct sg_db *, struct db_campaign *);
/* The campaign's progress in the unit of its goal. */
int64_t	db_campaign_progress(const struct db_campaign *);

#endif
