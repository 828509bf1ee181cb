/*
 * campaign.h — the service layer for campaigns and milestones: create,
 * update and delete, and the "reach a milestone" logic (SPEC rules 1, 5, 9).
 *
 * Used by the pipeline API (handlers/api_*.c) and the admin web forms alike.
 * Conventions (one transaction per call, return values): service/service.h.
 *
 * Input.  struct sg_campaign_input / sg_milestone_input come from
 * sg_campaign_parse() / sg_milestone_parse() (or are filled by a form
 * handler the same way: set the SG_CF_* / SG_MF_* bits in ->has for every
 * field given).  Their strings are borrowed for the duration of the call.
 * A create takes a complete input (sg_*_check_final() is run again here);
 * an update takes a patch: only the fields in ->has change, merged into the
 * stored row here, then the cross-field checks run on the result.
 *
 * SVC_CONFLICT here: err->code is SG_VERR_INVALID, err->field names the
 * field (e.g. "slug", "target", "goal_kind", "status") and err->message
 * says why (slug taken, target taken, reached milestone locked, campaign
 * has orders, status moving back).  SVC_INVALID: the merged input breaks a
 * cross-field rule.
 *
 * Reaching at save time (rule 1, second sentence): a milestone created, or
 * edited to a target, with target <= the campaign's current progress is
 * reached in the same transaction, stamped with a fresh sequence number of
 * the campaign; when it is a gift of scope "all", every backer with an
 * active counted order gets a pending grant attached to their earliest
 * active counted order (one set-based INSERT ... SELECT).  Scope "new" gives
 * nothing at that moment (no order is being counted).
 *
 * Reading: the service only writes.  To show a campaign or a milestone,
 * use the loaders of db/campaign.h and db/milestone.h
 * (db_campaign_get_by_slug(), which also checks the store;
 * db_campaign_products_load(); db_milestone_get(); db_milestone_list()).
 *
 * Concurrency: every function that changes a campaign or its milestones
 * locks the campaign row first (SELECT ... FOR UPDATE), as the order
 * pipeline does, so milestone edits and order counting are serialised per
 * campaign.
 */
#ifndef SG_SERVICE_CAMPAIGN_H
#define SG_SERVICE_CAMPAIGN_H

#include <stdint.h>

#include "domain/order.h"
#include "domain/validate.h"
#include "service/service.h"

struct sg_db;

/*
 * Create a campaign in store_id.  *campaign_id (if not NULL) receives its
 * id.  SVC_CONFLICT (field "slug") when the slug is taken in the store.
 */
int	svc_campaign_create(struct sg_db *, int64_t store_id,
	    const struct sg_campaign_input *in, int64_t *campaign_id,
	    struct sg_verror *err);

/*
 * Apply a patch to the campaign called slug.  *campaign_id (if not NULL)
 * receives its id.  SVC_CONFLICT: new slug taken ("slug"), or goal_kind
 * changed after an order has counted ("goal_kind"), or a status that
 * moves back ("status": a campaign only moves forward, draft -> live ->
 * ended; sg_campaign_status_may_move()).  SVC_INVALID: starts_at >=
 * ends_at after merging.  product_ids, when given, replace
 * the whole list (compared as a set).  The campaign's version is bumped
 * — unless the merged campaign equals the stored one: then nothing is
 * written and the version stays (a no-op PATCH keeps every ETag).
 */
int	svc_campaign_update(struct sg_db *, int64_t store_id, const char *slug,
	    const struct sg_campaign_input *patch, int64_t *campaign_id,
	    struct sg_verror *err);

/*
 * Delete the campaign called slug with its milestones.  SVC_CONFLICT
 * ("slug") when an order has ever counted in it: orders and grants refer
 * to it; end it instead (status "ended").
 */
int	svc_campaign_delete(struct sg_db *, int64_t store_id, const char *slug,
	    struct sg_verror *err);

/*
 * Milestones per campaign, at most.  Each may carry two texts of 5,000
 * characters (up to 44 KB as JSON or HTML), so a campaign with all of them
 * still fits in one response body (SG_RESP_BODY_MAX, 8 MiB) as the API's
 * campaign object, the progress JSON and the widget page.
 */
#define SVC_MILESTONES_MAX	100

/*
 * Add a milestone to the campaign called slug.  *milestone_id (if not
 * NULL) receives its id; *reached (if not NULL) is 1 when it was reached
 * at once.  SVC_CONFLICT ("target") when the campaign has a milestone with
 * that target; SVC_CONFLICT (no field) when it has SVC_MILESTONES_MAX.
 */
int	svc_milestone_create(struct sg_db *, int64_t store_id, const char *slug,
	    const struct sg_milestone_input *in, int64_t *milestone_id,
	    int *reached, struct sg_verror *err);

/*
 * Apply a patch to milestone milestone_id of the campaign called slug.
 * Rule 9: once reached, a patch that changes target, reward, scope or a
 * gift field is SVC_CONFLICT (field: the first such field); giving the
 * stored value again is not a change.  A target taken by another milestone
 * is SVC_CONFLICT ("target").  Turning a gift into a reveal clears the
 * gift fields.  *reached as for create (1 when reached by this edit).
 * A patch that changes nothing writes nothing: the campaign's version
 * stays.
 */
int	svc_milestone_update(struct sg_db *, int64_t store_id, const char *slug,
	    int64_t milestone_id, const struct sg_milestone_input *patch,
	    int *reached, struct sg_verror *err);

/*
 * Delete a milestone that is not reached.  SVC_CONFLICT ("id") when it is
 * reached (rule 9).
 */
int	svc_milestone_delete(struct sg_db *, int64_t store_id, const char *slug,
	    int64_t milestone_id, struct sg_verror *err);

/*
 * The admin's life cycle (issue 12).  Archive (archived 1) or take out of
 * the archive (0) the campaign called slug: SVC_CONFLICT ("status") when
 * archiving one that has not ended.  The archive only hides it from the
 * admin's list; nothing else changes.
 */
int	svc_campaign_archive(struct sg_db *, int64_t store_id, const char *slug,
	    int archived, struct sg_verror *err);
/*
 * Copy the campaign called slug, with its products and milestones (texts,
 * photos and gifts; none of them reached, no orders), as a draft called
 * "<slug>-copy" (or "-copy-2" … "-copy-<SVC_DUPLICATE_SLUGS>", the first
 * one free; the base shortened to fit SG_SLUG_MAX) into new_slug (at
 * least SG_SLUG_MAX + 1 bytes).  SVC_CONFLICT ("slug") when every one of
 * those is taken.
 */
#define SVC_DUPLICATE_SLUGS	20
int	svc_campaign_duplicate(struct sg_db *, int64_t store_id, const char *slug,
	    char *new_slug, size_t size, struct sg_verror *err);

#endif
