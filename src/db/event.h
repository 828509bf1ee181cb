/*
 * event.h — the outbox of events out (docs/events.md): each function
 * writes event rows inside the caller's transaction, which holds the
 * campaign's row lock (every event of a campaign is numbered under it:
 * seq 1, 2, 3, ...).  The event's data is read from the rows the change
 * wrote, in the same statement.  DB_OK or < 0.
 *
 * Types: SG_EVENT_* below.  The delivery side is in db/webhook.h.
 */
#ifndef SG_DB_EVENT_H
#define SG_DB_EVENT_H

#include <stdint.h>

#include "db/db.h"

#define SG_EVENT_MILESTONE_REACHED	"milestone.reached"
#define SG_EVENT_GRANT_CREATED		"grant.created"
#define SG_EVENT_GRANT_VOIDED		"grant.voided"
#define SG_EVENT_GOAL_REACHED		"campaign.goal_reached"
#define SG_EVENT_CAMPAIGN_ENDED		"campaign.ended"

/*
 * The types as bits, in the order of the SET webhook_endpoints.events
 * (sql/015): what a store's endpoints subscribe to.
 */
#define SG_EVENT_BIT_MILESTONE_REACHED	0x01u
#define SG_EVENT_BIT_GRANT_CREATED	0x02u
#define SG_EVENT_BIT_GRANT_VOIDED	0x04u
#define SG_EVENT_BIT_GOAL_REACHED	0x08u
#define SG_EVENT_BIT_CAMPAIGN_ENDED	0x10u
#define SG_EVENT_BITS_ALL		0x1fu

/*
 * The types some live endpoint of store_id subscribes to (SG_EVENT_BIT_*
 * bits, into *events), as committed when the statement runs: the caller
 * writes only those (docs/events.md, "Which events are recorded").
 */
int	db_event_subscribed(struct sg_db *, int64_t store_id, unsigned *events);

/* Is name one of the event types?  1 yes, 0 no. */
int	db_event_type_known(const char *name);

/*
 * campaign.goal_reached or campaign.ended (type) for campaign_id, as it
 * is; campaign.ended only when it is not recorded yet (sql/028: marks it).
 */
int	db_event_campaign(struct sg_db *, int64_t campaign_id, const char *type);
/*
 * Up to max live campaigns whose ends_at passed grace_secs ago and whose
 * campaign.ended is not recorded: ids and their stores, *n of them.
 */
int	db_event_ended_due(struct sg_db *, int64_t grace_secs, size_t max,
	    int64_t *ids, int64_t *stores, size_t *n);
/*
 * Mark campaign_id's campaign.ended recorded, when it is still due (live,
 * ends_at passed grace_secs ago, not recorded): *marked 1, else 0.  The
 * caller holds the campaign's row lock and writes the event itself
 * (db_event_campaign_at()) when some endpoint wants it.
 */
int	db_event_ended_mark_due(struct sg_db *, int64_t campaign_id,
	    int64_t grace_secs, int *marked);
/* milestone.reached for milestone_id of campaign_id (just marked reached). */
int	db_event_milestone_reached(struct sg_db *, int64_t campaign_id,
	    int64_t milestone_id);
/* grant.created for grant_id of campaign_id. */
int	db_event_grant_created(struct sg_db *, int64_t campaign_id,
	    int64_t grant_id);
/*
 * grant.voided for grant_id of campaign_id (just voided); moved_to is the
 * grant that replaces it (0: none), which gets its own grant.created.
 */
int	db_event_grant_voided(struct sg_db *, int64_t campaign_id,
	    int64_t grant_id, int64_t moved_to);

/*
 * The same, numbered after *last, the campaign's last event number, which
 * each advances by the events it wrote; *last < 0: not known yet (read
 * first, once).  One transaction passes the same *last to all its calls
 * for a campaign, so the campaign's last number is read once.
 */
int	db_event_campaign_at(struct sg_db *, int64_t *last, int64_t campaign_id,
	    const char *type);
int	db_event_milestone_reached_at(struct sg_db *, int64_t *last,
	    int64_t campaign_id, int64_t milestone_id);
int	db_event_grant_created_at(struct sg_db *, int64_t *last,
	    int64_t campaign_id, int64_t grant_id);
/*
 * grant.created for every live grant of campaign_id with an id above
 * after_id (db_grant_max_id() before the fan-out statement that made
 * them), one statement.
 */
int	db_event_grants_since_at(struct sg_db *, int64_t *last,
	    int64_t campaign_id, int64_t after_id);
/*
 * grant.created for the grants grant_ids[0..n) (0: none made) that one
 * order was just given in campaign_id (slug; of store_id), numbered in
 * grant id order: written from these values, four rows per statement,
 * without reading grants or campaigns.
 */
int	db_event_order_grants_at(struct sg_db *, int64_t *last,
	    int64_t store_id, int64_t campaign_id, const char *slug,
	    const int64_t *grant_ids, size_t n);
/*
 * grant.voided (when events has SG_EVENT_BIT_GRANT_VOIDED) and the
 * moved_to grant's grant.created (when it has SG_EVENT_BIT_GRANT_CREATED).
 */
int	db_event_grant_voided_at(struct sg_db *, int64_t *last,
	    int64_t campaign_id, int64_t grant_id, int64_t moved_to,
	    unsigned events);

#endif
