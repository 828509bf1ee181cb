/*
 * api.h — rows of the api module (campaigns, milestones, grants) loaded
 * from the statements of sql_api.h into plain structs that own their text.
 *
 * Every loader reads the current row of a statement whose column list is
 * the matching SG_SQL_*_COLS macro of sql_api.h.  Strings are copied, so a
 * struct stays valid after the statement moves on.  The structs are large
 * (texts are stored in place): one or two on the stack at a time.
 */
#ifndef SG_DB_API_H
#define SG_DB_API_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/order.h"

struct api_campaign {
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
	/* Filled by api_campaign_load_products(). */
	char			 product_ids[SG_CAMPAIGN_PRODUCTS_MAX][SG_EXTID_MAX + 1];
	size_t			 nproduct_ids;
};

struct api_milestone {
	int64_t			 id, campaign_id, target;
	char			 title[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	int			 has_image;
	char			 image_url[SG_URL_MAX_BYTES + 1];
	char			 before_text[SG_CHARS_TO_BYTES(SG_MS_TEXT_MAX) + 1];
	char			 after_text[SG_CHARS_TO_BYTES(SG_MS_TEXT_MAX) + 1];
	int			 gift;
	int			 has_gift_product;
	char			 gift_product_id[SG_EXTID_MAX + 1];
	int			 has_gift_variant;
	char			 gift_variant_id[SG_EXTID_MAX + 1];
	int64_t			 gift_quantity;
	enum sg_scope		 scope;
	int			 reached;
	sg_usec_t		 reached_at;
	int64_t			 reached_seq;
	char			 reached_order[SG_EXTID_MAX + 1];	/* "" none */
	sg_usec_t		 created_at, updated_at;
};

/* What the counting rules need of a milestone (small, for arrays). */
struct api_ms_rule {
	int64_t			 id;
	struct sg_rule_milestone rule;
	char			 gift_product_id[SG_EXTID_MAX + 1];
	int			 has_gift_variant;
	char			 gift_variant_id[SG_EXTID_MAX + 1];
	int64_t			 gift_quantity;
	int			 crossed;	/* reached by the current order */
};

/* Read the current row of q (SG_SQL_CAMPAIGN_COLS). */
void	api_campaign_read(struct sg_db *, enum sqlstmt q, struct api_campaign *);
/*
 * The campaign called slug in store_id; with lock, SELECT ... FOR UPDATE
 * (inside a transaction).  > 0 found, 0 not found, < 0 db error.  Product
 * ids are not loaded.
 */
int	api_campaign_by_slug(struct sg_db *, int64_t store_id, const char *slug,
	    int lock, struct api_campaign *);
/* Lock campaign id (FOR UPDATE) and load it; as above. */
int	api_campaign_lock_id(struct sg_db *, int64_t id, struct api_campaign *);
/* Load c->product_ids.  DB_OK or < 0. */
int	api_campaign_load_products(struct sg_db *, struct api_campaign *);
/* The campaign's progress in the unit of its goal. */
int64_t	api_campaign_progress(const struct api_campaign *);

/* Read the current row of q (SG_SQL_MILESTONE_COLS). */
void	api_milestone_read(struct sg_db *, enum sqlstmt q, struct api_milestone *);
/* Milestone id of campaign_id: > 0 found, 0 not found, < 0 error. */
int	api_milestone_get(struct sg_db *, int64_t campaign_id, int64_t id,
	    struct api_milestone *);
/*
 * Load the rule view of every milestone of campaign_id, sorted by target,
 * into a malloc'd array (*out, *n; free() it; NULL when none).
 * DB_OK or < 0 (nothing to free then).
 */
int	api_ms_rules_load(struct sg_db *, int64_t campaign_id,
	    struct api_ms_rule **out, size_t *n);

/* Copy a column (NULL -> "") into dst of size bytes; returns 1 if not NULL. */
int	api_col_copy(struct sg_db *, enum sqlstmt q, unsigned col, char *dst,
	    size_t size);
/* A DATETIME column as µs (0 when NULL); returns 1 if not NULL. */
int	api_col_time(struct sg_db *, enum sqlstmt q, unsigned col, sg_usec_t *out);

#endif
