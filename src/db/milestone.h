/*
 * milestone.h — the milestone entity: the canonical struct, the small rule
 * view used by counting, and the typed functions that load them.  Return
 * convention: see db/db.h.
 */
#ifndef SG_DB_MILESTONE_H
#define SG_DB_MILESTONE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/order.h"

struct db_milestone {
	int64_t			 id, campaign_id, target;
	char			 title[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	int			 has_image;
	char			 image_url[SG_URL_MAX_BYTES + 1];
	char			 image_alt[SG_CHARS_TO_BYTES(SG_IMAGE_ALT_MAX) + 1];
	int			 image_teaser;	/* the photo shows before the reach */
	int			 secret;	/* only the target shows before it */
	char			 before_text[SG_CHARS_TO_BYTES(SG_MS_TEXT_MAX) + 1];
	char			 after_text[SG_CHARS_TO_BYTES(SG_MS_TEXT_MAX) + 1];
	enum sg_reward		 reward;
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
	enum sg_metric		 metric;	/* rule 10: what target counts */
	int			 fanout_pending; /* rule 5's grants still being written */
};

/* What the counting rules need of a milestone (small, for arrays). */
struct db_milestone_rule {
	int64_t			 id;
	struct sg_rule_milestone rule;
	char			 gift_product_id[SG_EXTID_MAX + 1];
	int			 has_gift_variant;
	char			 gift_variant_id[SG_EXTID_MAX + 1];
	int64_t			 gift_quantity;
	int			 crossed;	/* reached by the current order */
	int			 fanout_pending; /* rule 5's fan-out not done */
};

/* Milestone id of campaign_id: > 0 found, 0 not found, < 0 error. */
int	db_milestone_get(struct sg_db *, int64_t campaign_id, int64_t id,
	    struct db_milestone *);
/*
 * Load the rule view of every milestone of campaign_id, sorted by metric
 * (progress first) and target,
 * into a malloc'd array (*out, *n; free() it; NULL when none).
 * DB_OK or < 0 (nothing to free then).
 */
int	db_milestone_rules_load(struct sg_db *, int64_t campaign_id,
	    struct db_milestone_rule **out, size_t *n);

/*
 * Every milestone of campaign_id by metric (progress first) and target,
 * each read into *buf and passed
 * to cb (0 go on, 1 stop, < 0 fail with that code).  DB_OK or < 0.
 */
int	db_milestone_list(struct sg_db *, int64_t campaign_id,
	    struct db_milestone *buf, int (*cb)(void *, struct db_milestone *),
	    void *arg);
/* The number of milestones of campaign_id into *n.  DB_OK or < 0. */
int	db_milestone_count(struct sg_db *, int64_t campaign_id, int64_t *n);
/*
 * Insert m (complete) into campaign_id; *id receives its id.  DB_DUP when
 * the campaign has a milestone with that metric and target.
 */
int	db_milestone_insert(struct sg_db *, int64_t campaign_id,
	    const struct sg_milestone_input *m, int64_t *id);
/* Write every field of m (complete) to milestone id; DB_DUP as above. */
int	db_milestone_update(struct sg_db *, int64_t id,
	    const struct sg_milestone_input *m);
int	db_milestone_delete(struct sg_db *, int64_t id);
/* Mark milestone id reached at seq, by being saved (no order). */
int	db_milestone_reach_on_save(struct sg_db *, int64_t id, int64_t seq);
/* Mark milestone id reached at seq by order order_pk. */
int	db_milestone_reach_by_order(struct sg_db *, int64_t id, int64_t seq,
	    int64_t order_pk);

#endif

/* --- admin reads --- */
#ifndef SG_DB_MILESTONE_ADMIN_H
#define SG_DB_MILESTONE_ADMIN_H

/* A milestone with the number of its grants by status (the dashboard). */
struct db_milestone_grants {
	struct db_milestone	 m;
	int64_t			 pending, fulfilled, voided;
};

/*
 * Every milestone of campaign_id by target, with its grant counts, through
 * fn (called once per row; the struct is valid during the call only, and
 * no other statement may run from it; fn returns 0 to go on, -1 to stop,
 * making the result DB_ERR).  The number of milestones (>= 0), or < 0.
 */
int	db_milestone_list_grants(struct sg_db *, int64_t campaign_id,
	    int (*fn)(const struct db_milestone_grants *, void *), void *arg);

#endif
