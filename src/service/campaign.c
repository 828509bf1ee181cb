/* campaign.c — campaigns and milestones; see service/campaign.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/campaign.h"
#include "db/milestone.h"
#include "db/db.h"
#include "db/event.h"
#include "db/grant.h"
#include "service/campaign.h"
#include "service/fanout.h"
#include "service/internal.h"

int
svc_campaign_create(struct sg_db *db, int64_t store_id,
    const struct sg_campaign_input *in, int64_t *campaign_id,
    struct sg_verror *err)
{
	int64_t	 id;
	int	 rc;

	if (sg_campaign_check_final(in, err) != SG_PARSE_OK)
		return SVC_INVALID;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	rc = db_campaign_insert(db, store_id, in, &id);
	if (rc == DB_DUP) {
		sg_verror_set(err, SG_VERR_INVALID, "slug",
		    "a campaign with this slug exists already");
		return svc_fail(db, SVC_CONFLICT);
	}
	if (rc != DB_OK)
		return svc_fail(db, rc);
	if ((rc = db_campaign_products_set(db, id, in)) != DB_OK)
		return svc_fail(db, rc);
	if ((rc = db_commit(db)) != DB_OK)
		return svc_fail(db, rc);
	if (campaign_id != NULL)
		*campaign_id = id;
	return SVC_OK;
}

/*
 * Start the transaction of a campaign change: campaign (store_id, slug)
 * locked and read into a malloc'd *cp (the caller frees it, and commits or
 * rolls back).  DB_OK, SVC_NOT_FOUND or a db code; on failure nothing is
 * open and nothing is allocated.
 */
static int
campaign_open(struct sg_db *db, int64_t store_id, const char *slug,
    struct db_campaign **cp)
{
	struct db_campaign	*c;
	int			 rc;

	if ((c = malloc(sizeof(*c))) == NULL)
		return DB_ERR;
	if ((rc = db_begin_read_committed(db)) != DB_OK) {
		free(c);
		return rc;
	}
	if ((rc = db_campaign_get_by_slug(db, store_id, slug, 1, c)) <= 0) {
		free(c);
		return svc_fail(db, svc_found(rc));
	}
	*cp = c;
	return DB_OK;
}

/*
 * Merge patch p into the stored campaign c: *in points into c and p, and
 * every field is set.
 */
static void
campaign_merge(const struct db_campaign *c, const struct sg_campaign_input *p,
    struct sg_campaign_input *in)
{
	size_t	 i;

	memset(in, 0, sizeof(*in));
	in->slug = c->slug;
	in->title = c->title;
	in->description = c->description;
	in->goal_kind = c->goal_kind;
	in->goal = c->goal;
	for (i = 0; i < c->nproduct_ids; i++)
		in->product_ids[i] = c->product_ids[i];
	in->nproduct_ids = c->nproduct_ids;
	in->has_starts = c->has_starts;
	in->starts_at = c->starts_at;
	in->has_ends = c->has_ends;
	in->ends_at = c->ends_at;
	in->status = c->status;
	in->theme = c->theme;
	in->has_accent = c->has_accent;
	in->accent = c->accent;
	in->has_radius = c->has_radius;
	in->radius = c->radius;
	if (p->has & SG_CF_THEME)
		in->theme = p->theme;
	if (p->has & SG_CF_ACCENT) {
		in->has_accent = p->has_accent;
		in->accent = p->accent;
	}
	if (p->has & SG_CF_RADIUS) {
		in->has_radius = p->has_radius;
		in->radius = p->radius;
	}
	if (p->has & SG_CF_SLUG)
		in->slug = p->slug;
	if (p->has & SG_CF_TITLE)
		in->title = p->title;
	if (p->has & SG_CF_DESCRIPTION)
		in->description = p->description ? p->description : "";
	if (p->has & SG_CF_GOAL_KIND)
		in->goal_kind = p->goal_kind;
	if (p->has & SG_CF_GOAL)
		in->goal = p->goal;
	if (p->has & SG_CF_PRODUCT_IDS) {
		for (i = 0; i < p->nproduct_ids; i++)
			in->product_ids[i] = p->product_ids[i];
		in->nproduct_ids = p->nproduct_ids;
	}
	if (p->has & SG_CF_STARTS_AT) {
		in->has_starts = p->has_starts;
		in->starts_at = p->starts_at;
	}
	if (p->has & SG_CF_ENDS_AT) {
		in->has_ends = p->has_ends;
		in->ends_at = p->ends_at;
	}
	if (p->has & SG_CF_STATUS)
		in->status = p->status;
}

/* Is product id among the stored campaign's? */
static int
campaign_has_product(const struct db_campaign *c, const char *id)
{
	size_t	 i;

	for (i = 0; i < c->nproduct_ids; i++)
		if (strcmp(c->product_ids[i], id) == 0)
			return 1;
	return 0;
}

/*
 * Does the merged input m change the stored campaign c?  A PATCH that
 * changes nothing writes nothing, so the campaign's version (and with it
 * every widget's ETag) stays.  product_ids compare as a set.
 */
static int
campaign_changes(const struct db_campaign *c, const struct sg_campaign_input *m)
{
	size_t	 i;

	if (strcmp(m->slug, c->slug) != 0 || strcmp(m->title, c->title) != 0 ||
	    strcmp(m->description, c->description) != 0 ||
	    m->goal_kind != c->goal_kind || m->goal != c->goal ||
	    m->has_starts != c->has_starts ||
	    (m->has_starts && m->starts_at != c->starts_at) ||
	    m->has_ends != c->has_ends ||
	    (m->has_ends && m->ends_at != c->ends_at) ||
	    m->status != c->status || m->nproduct_ids != c->nproduct_ids ||
	    m->theme != c->theme || m->has_accent != c->has_accent ||
	    (m->has_accent && m->accent != c->accent) ||
	    m->has_radius != c->has_radius ||
	    (m->has_radius && m->radius != c->radius))
		return 1;
	for (i = 0; i < m->nproduct_ids; i++)
		if (!campaign_has_product(c, m->product_ids[i]))
			return 1;
	return 0;
}

int
svc_campaign_update(struct sg_db *db, int64_t store_id, const char *slug,
    const struct sg_campaign_input *p, int64_t *campaign_id,
    struct sg_verror *err)
{
	struct db_campaign	*c;
	struct sg_campaign_input m;
	unsigned		 events = 0;
	int			 rc;

	if ((rc = campaign_open(db, store_id, slug, &c)) != DB_OK)
		return rc;
	if ((rc = db_campaign_products_load(db, c)) != DB_OK)
		goto fail;
	if ((p->has & SG_CF_STATUS) && !sg_campaign_status_may_move(c->status,
	    p->status)) {
		sg_verror_set(err, SG_VERR_INVALID, "status",
		    "a campaign only moves forward: from draft to live, and from "
		    "live to ended");
		rc = SVC_CONFLICT;
		goto fail;
	}
	campaign_merge(c, p, &m);
	if (sg_campaign_check_final(&m, err) != SG_PARSE_OK) {
		rc = SVC_INVALID;
		goto fail;
	}
	if (!campaign_changes(c, &m)) {
		/* Nothing changes: nothing is written, the version stays. */
		db_rollback(db);
		if (campaign_id != NULL)
			*campaign_id = c->id;
		rc = SVC_OK;
		goto out;
	}
	if (m.goal_kind != c->goal_kind) {
		if ((rc = db_campaign_has_orders(db, c->id)) < 0)
			goto fail;
		if (rc > 0) {
			sg_verror_set(err, SG_VERR_INVALID, "goal_kind",
			    "goal_kind cannot change once an order has counted");
			rc = SVC_CONFLICT;
			goto fail;
		}
	}
	rc = db_campaign_update(db, c->id, &m);
	if (rc == DB_DUP) {
		sg_verror_set(err, SG_VERR_INVALID, "slug",
		    "a campaign with this slug exists already");
		rc = SVC_CONFLICT;
		goto fail;
	}
	if (rc != DB_OK)
		goto fail;
	/* campaign.ended, when some endpoint of the store wants it (events.md). */
	if (m.status == SG_STATUS_ENDED && c->status != SG_STATUS_ENDED &&
	    ((rc = db_event_subscribed(db, store_id, &events)) != DB_OK ||
	    ((events & SG_EVENT_BIT_CAMPAIGN_ENDED) &&
	    (rc = db_event_campaign(db, c->id, SG_EVENT_CAMPAIGN_ENDED)) != DB_OK)))
		goto fail;
	if ((p->has & SG_CF_PRODUCT_IDS) &&
	    (rc = db_campaign_products_set(db, c->id, &m)) != DB_OK)
		goto fail;
	if ((rc = db_commit(db)) != DB_OK)
		goto fail;
	if (campaign_id != NULL)
		*campaign_id = c->id;
	rc = SVC_OK;
	goto out;
fail:
	db_rollback(db);
out:
	free(c);
	return rc;
}

int
svc_campaign_delete(struct sg_db *db, int64_t store_id, const char *slug,
    struct sg_verror *err)
{
	struct db_campaign	*c;
	int			 rc;

	if ((rc = campaign_open(db, store_id, slug, &c)) != DB_OK)
		return rc;
	if ((rc = db_campaign_has_orders(db, c->id)) < 0)
		goto fail;
	if (rc > 0) {
		sg_verror_set(err, SG_VERR_INVALID, "slug",
		    "a campaign in which orders have counted cannot be deleted; "
		    "end it instead");
		rc = SVC_CONFLICT;
		goto fail;
	}
	if ((rc = db_campaign_delete(db, c->id)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK)
		goto fail;
	rc = SVC_OK;
	goto out;
fail:
	db_rollback(db);
out:
	free(c);
	return rc;
}

/*
 * Rule 1, second sentence, for milestone id (just written with target):
 * reach it now when target <= the count of its metric (rule 10: the
 * progress, or the backer count).  The campaign row c is locked.
 */
static int
milestone_reach_on_save(struct sg_db *db, int64_t store_id,
    struct db_campaign *c, int64_t id, int *reached)
{
	struct db_milestone_rule	*v = NULL;
	size_t			 n, i;
	int64_t			 seq, last = -1;
	unsigned		 events = 0;
	int			 rc;

	if ((rc = db_milestone_rules_load(db, c->id, &v, &n)) != DB_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (v[i].id == id)
			break;
	if (i == n || !sg_rules_reached_on_save(v[i].rule.target,
	    v[i].rule.reached, sg_rules_metric_value(&v[i].rule,
	    db_campaign_progress(c), c->backers))) {
		free(v);
		return DB_OK;
	}
	seq = c->counted_seq + 1;
	/* Events only of the types some endpoint of the store wants. */
	if ((rc = db_event_subscribed(db, store_id, &events)) != DB_OK ||
	    (rc = db_campaign_set_seq(db, c->id, seq)) != DB_OK ||
	    (rc = db_milestone_reach_on_save(db, id, seq)) != DB_OK ||
	    ((events & SG_EVENT_BIT_MILESTONE_REACHED) &&
	    (rc = db_event_milestone_reached(db, c->id, id)) != DB_OK))
		goto out;
	c->counted_seq = seq;
	v[i].rule.reached = 1;
	v[i].rule.reached_seq = seq;
	if ((rc = svc_fanout_reached(db, store_id, c->id, &v[i], c->backers,
	    events, &last)) != DB_OK)
		goto out;
	if (reached != NULL)
		*reached = 1;
out:
	free(v);
	return rc;
}

int
svc_milestone_create(struct sg_db *db, int64_t store_id, const char *slug,
    const struct sg_milestone_input *in, int64_t *milestone_id,
    int *reached, struct sg_verror *err)
{
	struct db_campaign	*c;
	int64_t			 id, count = 0;
	int			 rc;

	if (reached != NULL)
		*reached = 0;
	if (sg_milestone_check_final(in, err) != SG_PARSE_OK)
		return SVC_INVALID;
	if ((rc = campaign_open(db, store_id, slug, &c)) != DB_OK)
		return rc;
	if ((rc = db_milestone_count(db, c->id, &count)) != DB_OK)
		goto fail;
	if (count >= SVC_MILESTONES_MAX) {
		sg_verror_set(err, SG_VERR_TOO_MANY, NULL,
		    "the campaign has %d milestones, the most it can have",
		    SVC_MILESTONES_MAX);
		rc = SVC_CONFLICT;
		goto fail;
	}
	rc = db_milestone_insert(db, c->id, in, &id);
	if (rc == DB_DUP) {
		sg_verror_set(err, SG_VERR_INVALID, "target",
		    "the campaign has a milestone of this metric with this "
		    "target already");
		rc = SVC_CONFLICT;
		goto fail;
	}
	if (rc != DB_OK)
		goto fail;
	if ((rc = db_campaign_bump(db, c->id)) != DB_OK ||
	    (rc = milestone_reach_on_save(db, store_id, c, id, reached)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK)
		goto fail;
	if (milestone_id != NULL)
		*milestone_id = id;
	rc = SVC_OK;
	goto out;
fail:
	if (reached != NULL)
		*reached = 0;
	db_rollback(db);
out:
	free(c);
	return rc;
}

static int
str_differs(int has_a, const char *a, const char *b)
{
	if (b == NULL)
		return has_a;
	return !has_a || strcmp(a, b) != 0;
}

/* Rule 9: the first locked field the patch changes, or NULL. */
static const char *
milestone_locked_change(const struct db_milestone *s,
    const struct sg_milestone_input *p)
{
	if ((p->has & SG_MF_TARGET) && p->target != s->target)
		return "target";
	if ((p->has & SG_MF_REWARD) && p->reward != s->reward)
		return "reward";
	if ((p->has & SG_MF_SCOPE) && p->scope != s->scope)
		return "scope";
	if ((p->has & SG_MF_METRIC) && p->metric != s->metric)
		return "metric";
	if ((p->has & SG_MF_GIFT_PRODUCT) && str_differs(s->has_gift_product,
	    s->gift_product_id, p->gift_product_id))
		return "gift_product_id";
	if ((p->has & SG_MF_GIFT_VARIANT) && str_differs(s->has_gift_variant,
	    s->gift_variant_id, p->gift_variant_id))
		return "gift_variant_id";
	if ((p->has & SG_MF_GIFT_QUANTITY) && p->gift_quantity != s->gift_quantity)
		return "gift_quantity";
	return NULL;
}

/* Does the merged input m change the stored milestone s? */
static int
milestone_changes(const struct db_milestone *s,
    const struct sg_milestone_input *m)
{
	return m->target != s->target || strcmp(m->title, s->title) != 0 ||
	    str_differs(s->has_image, s->image_url, m->image_url) ||
	    strcmp(m->before_text, s->before_text) != 0 ||
	    strcmp(m->after_text, s->after_text) != 0 ||
	    m->reward != s->reward ||
	    str_differs(s->has_gift_product, s->gift_product_id,
	    m->gift_product_id) ||
	    str_differs(s->has_gift_variant, s->gift_variant_id,
	    m->gift_variant_id) ||
	    m->gift_quantity != s->gift_quantity || m->scope != s->scope ||
	    m->metric != s->metric ||
	    strcmp(m->image_alt, s->image_alt) != 0 ||
	    (m->image_teaser != 0) != (s->image_teaser != 0) ||
	    (m->secret != 0) != (s->secret != 0);
}

/* Merge patch p into the stored milestone s: m points into s and p. */
static void
milestone_merge(const struct db_milestone *s,
    const struct sg_milestone_input *p, struct sg_milestone_input *m)
{
	memset(m, 0, sizeof(*m));
	m->target = s->target;
	m->title = s->title;
	m->image_url = s->has_image ? s->image_url : NULL;
	m->before_text = s->before_text;
	m->after_text = s->after_text;
	m->reward = s->reward;
	m->gift_product_id = s->has_gift_product ? s->gift_product_id : NULL;
	m->gift_variant_id = s->has_gift_variant ? s->gift_variant_id : NULL;
	m->gift_quantity = s->gift_quantity;
	m->scope = s->scope;
	m->metric = s->metric;
	m->image_alt = s->image_alt;
	m->image_teaser = s->image_teaser;
	m->secret = s->secret;
	if (p->has & SG_MF_TARGET)
		m->target = p->target;
	if (p->has & SG_MF_TITLE)
		m->title = p->title;
	if (p->has & SG_MF_IMAGE_URL)
		m->image_url = p->image_url;
	if (p->has & SG_MF_BEFORE_TEXT)
		m->before_text = p->before_text ? p->before_text : "";
	if (p->has & SG_MF_AFTER_TEXT)
		m->after_text = p->after_text ? p->after_text : "";
	if (p->has & SG_MF_REWARD) {
		m->reward = p->reward;
		if (!sg_reward_grants(p->reward)) {
			m->gift_product_id = NULL;
			m->gift_variant_id = NULL;
		}
	}
	if (p->has & SG_MF_GIFT_PRODUCT)
		m->gift_product_id = p->gift_product_id;
	if (p->has & SG_MF_GIFT_VARIANT)
		m->gift_variant_id = p->gift_variant_id;
	if (p->has & SG_MF_GIFT_QUANTITY)
		m->gift_quantity = p->gift_quantity;
	if (p->has & SG_MF_SCOPE)
		m->scope = p->scope;
	if (p->has & SG_MF_METRIC)
		m->metric = p->metric;
	/* Not locked by rule 9: once reached, everything shows anyway. */
	if (p->has & SG_MF_IMAGE_ALT)
		m->image_alt = p->image_alt ? p->image_alt : "";
	if (p->has & SG_MF_IMAGE_TEASER)
		m->image_teaser = p->image_teaser;
	if (p->has & SG_MF_SECRET)
		m->secret = p->secret;
	m->has = SG_MF_TARGET | SG_MF_TITLE | SG_MF_IMAGE_URL |
	    SG_MF_BEFORE_TEXT | SG_MF_AFTER_TEXT | SG_MF_REWARD |
	    SG_MF_GIFT_PRODUCT | SG_MF_GIFT_VARIANT | SG_MF_GIFT_QUANTITY |
	    SG_MF_SCOPE | SG_MF_IMAGE_ALT | SG_MF_IMAGE_TEASER | SG_MF_SECRET;
}

/*
 * Start the transaction of a milestone change: the campaign (store_id,
 * slug) locked and milestone_id of it read, into *cp and *sp (the caller
 * frees both, and commits or rolls back).  DB_OK, SVC_NOT_FOUND or a db
 * code; on failure nothing is open and nothing is allocated.
 */
static int
milestone_open(struct sg_db *db, int64_t store_id, const char *slug,
    int64_t milestone_id, struct db_campaign **cp, struct db_milestone **sp)
{
	struct db_campaign	*c;
	struct db_milestone	*s;
	int			 rc;

	if ((s = malloc(sizeof(*s))) == NULL)
		return DB_ERR;
	if ((rc = campaign_open(db, store_id, slug, &c)) != DB_OK) {
		free(s);
		return rc;
	}
	if ((rc = db_milestone_get(db, c->id, milestone_id, s)) <= 0) {
		free(c);
		free(s);
		return svc_fail(db, svc_found(rc));
	}
	*cp = c;
	*sp = s;
	return DB_OK;
}

int
svc_milestone_update(struct sg_db *db, int64_t store_id, const char *slug,
    int64_t milestone_id, const struct sg_milestone_input *p, int *reached,
    struct sg_verror *err)
{
	struct db_campaign	*c;
	struct db_milestone	*s;
	struct sg_milestone_input m;
	const char		*locked;
	int			 rc;

	if (reached != NULL)
		*reached = 0;
	if ((rc = milestone_open(db, store_id, slug, milestone_id, &c, &s)) != DB_OK)
		return rc;
	if (s->reached && (locked = milestone_locked_change(s, p)) != NULL) {
		sg_verror_set(err, SG_VERR_INVALID, locked,
		    "%s cannot change once the milestone is reached", locked);
		rc = SVC_CONFLICT;
		goto fail;
	}
	milestone_merge(s, p, &m);
	if (sg_milestone_check_final(&m, err) != SG_PARSE_OK) {
		rc = SVC_INVALID;
		goto fail;
	}
	if (!milestone_changes(s, &m)) {
		/* Nothing changes: nothing is written, the version stays. */
		db_rollback(db);
		rc = SVC_OK;
		goto out;
	}
	rc = db_milestone_update(db, s->id, &m);
	if (rc == DB_DUP) {
		sg_verror_set(err, SG_VERR_INVALID, "target",
		    "the campaign has a milestone of this metric with this "
		    "target already");
		rc = SVC_CONFLICT;
		goto fail;
	}
	if (rc != DB_OK ||
	    (rc = db_campaign_bump(db, c->id)) != DB_OK ||
	    (rc = milestone_reach_on_save(db, store_id, c, s->id, reached)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK)
		goto fail;
	rc = SVC_OK;
	goto out;
fail:
	if (reached != NULL)
		*reached = 0;
	db_rollback(db);
out:
	free(c);
	free(s);
	return rc;
}

int
svc_milestone_delete(struct sg_db *db, int64_t store_id, const char *slug,
    int64_t milestone_id, struct sg_verror *err)
{
	struct db_campaign	*c;
	struct db_milestone	*s;
	int			 rc;

	if ((rc = milestone_open(db, store_id, slug, milestone_id, &c, &s)) != DB_OK)
		return rc;
	if (s->reached) {
		sg_verror_set(err, SG_VERR_INVALID, "id",
		    "a reached milestone cannot be deleted");
		rc = SVC_CONFLICT;
		goto fail;
	}
	if ((rc = db_milestone_delete(db, s->id)) != DB_OK ||
	    (rc = db_campaign_bump(db, c->id)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK)
		goto fail;
	rc = SVC_OK;
	goto out;
fail:
	db_rollback(db);
out:
	free(c);
	free(s);
	return rc;
}

/* --- the admin's life cycle: archive and duplicate (issue 12) ------------ */

int
svc_campaign_archive(struct sg_db *db, int64_t store_id, const char *slug,
    int archived, struct sg_verror *err)
{
	struct db_campaign	*c;
	int			 rc;

	if ((rc = campaign_open(db, store_id, slug, &c)) != DB_OK)
		return rc;
	if (archived && c->status != SG_STATUS_ENDED) {
		sg_verror_set(err, SG_VERR_INVALID, "status",
		    "only an ended campaign can be archived");
		rc = SVC_CONFLICT;
		goto fail;
	}
	if ((rc = db_campaign_set_archived(db, c->id, archived)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK)
		goto fail;
	free(c);
	return SVC_OK;
fail:
	db_rollback(db);
	free(c);
	return rc;
}

/* The milestones of the campaign being copied, in target order. */
struct dup_list {
	struct db_milestone	*ms;
	size_t			 n;
};

static int
dup_ms_add(void *arg, struct db_milestone *m)
{
	struct dup_list		*l = arg;
	struct db_milestone	*v;

	if ((v = realloc(l->ms, (l->n + 1) * sizeof(*v))) == NULL)
		return DB_ERR;
	l->ms = v;
	l->ms[l->n++] = *m;
	return 0;
}

/* The first free slug of "<slug>-copy", "<slug>-copy-2", … into dst. */
static int
dup_slug(struct sg_db *db, int64_t store_id, const char *slug, char *dst,
    size_t size)
{
	char	 sfx[16];
	int	 i, taken, rc;

	for (i = 1; i <= SVC_DUPLICATE_SLUGS; i++) {
		if (i == 1)
			snprintf(sfx, sizeof(sfx), "-copy");
		else
			snprintf(sfx, sizeof(sfx), "-copy-%d", i);
		/* Shorten the base so that the slug stays within SG_SLUG_MAX. */
		snprintf(dst, size, "%.*s%s", (int)(SG_SLUG_MAX - strlen(sfx)),
		    slug, sfx);
		if ((rc = db_campaign_slug_taken(db, store_id, dst, &taken)) != DB_OK)
			return rc;
		if (!taken)
			return DB_OK;
	}
	return SVC_CONFLICT;
}

int
svc_campaign_duplicate(struct sg_db *db, int64_t store_id, const char *slug,
    char *new_slug, size_t size, struct sg_verror *err)
{
	struct db_campaign		*c;
	struct db_milestone		 buf;
	struct dup_list			 l = { NULL, 0 };
	struct sg_campaign_input	 in;
	struct sg_milestone_input	 mi;
	struct sg_campaign_input	 none;
	int64_t				 id, mid;
	size_t				 i;
	int				 rc;

	if ((rc = campaign_open(db, store_id, slug, &c)) != DB_OK)
		return rc;
	if ((rc = db_campaign_products_load(db, c)) != DB_OK ||
	    (rc = db_milestone_list(db, c->id, &buf, dup_ms_add, &l)) != DB_OK)
		goto fail;
	if ((rc = dup_slug(db, store_id, c->slug, new_slug, size)) != DB_OK) {
		if (rc == SVC_CONFLICT)
			sg_verror_set(err, SG_VERR_INVALID, "slug", "too many "
			    "copies of this campaign exist already");
		goto fail;
	}
	memset(&none, 0, sizeof(none));
	campaign_merge(c, &none, &in);
	in.slug = new_slug;
	in.status = SG_STATUS_DRAFT;
	if ((rc = db_campaign_insert(db, store_id, &in, &id)) != DB_OK ||
	    (rc = db_campaign_products_set(db, id, &in)) != DB_OK)
		goto fail;
	for (i = 0; i < l.n; i++) {
		const struct db_milestone *m = &l.ms[i];

		memset(&mi, 0, sizeof(mi));
		mi.target = m->target;
		mi.title = m->title;
		mi.image_url = m->has_image ? m->image_url : NULL;
		mi.before_text = m->before_text;
		mi.after_text = m->after_text;
		mi.reward = m->reward;
		mi.gift_product_id = m->has_gift_product ? m->gift_product_id : NULL;
		mi.gift_variant_id = m->has_gift_variant ? m->gift_variant_id : NULL;
		mi.gift_quantity = m->gift_quantity;
		mi.scope = m->scope;
		mi.metric = m->metric;
		mi.image_alt = m->image_alt;
		mi.image_teaser = m->image_teaser;
		mi.secret = m->secret;
		if ((rc = db_milestone_insert(db, id, &mi, &mid)) != DB_OK)
			goto fail;
	}
	if ((rc = db_commit(db)) != DB_OK)
		goto fail;
	free(l.ms);
	free(c);
	return SVC_OK;
fail:
	db_rollback(db);
	free(l.ms);
	free(c);
	return rc;
}
