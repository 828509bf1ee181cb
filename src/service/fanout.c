/* fanout.c — rule 5's fan-out; see service/fanout.h and docs/fanout.md. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/campaign.h"
#include "db/db.h"
#include "db/event.h"
#include "db/grant.h"
#include "db/milestone.h"
#include "domain/rules.h"
#include "domain/validate.h"
#include "service/fanout.h"
#include "util/log.h"

/* Most pending fan-outs one step serves. */
#define FANOUT_STEP_MAX		16

static long	inline_max = SVC_FANOUT_INLINE_MAX;

void
svc_fanout_set_inline_max(long n)
{
	inline_max = n < 0 ? 0 : n;
}

/*
 * Grants of milestone_id to the backers after `after` up to upto (NULL:
 * the last), with their grant.created events when events wants them.
 */
static int
fanout_range(struct sg_db *db, int64_t store_id, int64_t campaign_id,
    int64_t milestone_id, const char *after, const char *upto,
    unsigned events, int64_t *last, int64_t *made)
{
	int64_t	 max_id = 0;
	int	 rc;

	if ((events & SG_EVENT_BIT_GRANT_CREATED) &&
	    (rc = db_grant_max_id(db, &max_id)) != DB_OK)
		return rc;
	if ((rc = db_grants_fanout_range(db, store_id, milestone_id, after, upto,
	    made)) != DB_OK)
		return rc;
	if (*made > 0 && (events & SG_EVENT_BIT_GRANT_CREATED))
		return db_event_grants_since_at(db, last, campaign_id, max_id);
	return DB_OK;
}

int
svc_fanout_reached(struct sg_db *db, int64_t store_id, int64_t campaign_id,
    const struct db_milestone_rule *m, int64_t backers, unsigned events,
    int64_t *last)
{
	int64_t	 made = 0;

	if (!sg_reward_grants(m->rule.reward) || m->rule.scope != SG_SCOPE_ALL)
		return DB_OK;
	if (backers > inline_max)
		return db_grant_fanout_start(db, m->id, campaign_id,
		    m->rule.reached_seq);
	return fanout_range(db, store_id, campaign_id, m->id, "", NULL, events,
	    last, &made);
}

int
svc_fanout_backer(struct sg_db *db, int64_t store_id, int64_t campaign_id,
    const char *backer, unsigned events, int64_t *last)
{
	int64_t	 max_id = 0, made = 0;
	int	 rc;

	if ((events & SG_EVENT_BIT_GRANT_CREATED) &&
	    (rc = db_grant_max_id(db, &max_id)) != DB_OK)
		return rc;
	if ((rc = db_grants_fanout_backer(db, store_id, campaign_id, backer,
	    &made)) != DB_OK)
		return rc;
	if (made > 0 && (events & SG_EVENT_BIT_GRANT_CREATED))
		return db_event_grants_since_at(db, last, campaign_id, max_id);
	return DB_OK;
}

/*
 * One batch of fan-out f in its own transaction: *made grants, *done 1
 * when it was the last (or the fan-out was done already), *ended 1 when
 * it was the last.
 *
 * The batch does not hold the campaign's row lock while it writes the
 * grants, so the campaign's orders do not wait for it: the fan-out's
 * cursor row (grant_fanouts; not the milestone's row, against which an
 * order's grant checks its foreign key) keeps batches of one fan-out
 * apart, the share locks of the fan-out statement keep a batch and a
 * cancel of the same order apart,
 * and the unique key (milestone, live backer) keeps a batch and the grant
 * an order or a cancel gives first (svc_fanout_backer()) from both being
 * written.  The campaign's row is locked (and written) only to end the
 * fan-out, as the batch's last statement.  When the store's endpoints want
 * grant.created, the batch takes the campaign's lock first instead: the
 * events are numbered under it, and its grants must be the only ones the
 * campaign gets meanwhile (the events statement picks them by id).
 */
static int
fanout_batch(struct sg_db *db, const struct db_fanout *f, long batch,
    struct db_campaign *c, int64_t *made, int *done, int *ended)
{
	char		 after[SG_BACKER_MAX_BYTES + 1];
	char		 upto[SG_BACKER_MAX_BYTES + 1];
	int64_t		 rseq = 0, last = -1;
	unsigned	 events = 0;
	int		 rc, found;

	*made = 0;
	*done = *ended = 0;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	/* The campaign's lock first, as everywhere. */
	if ((rc = db_event_subscribed(db, f->store_id, &events)) != DB_OK)
		goto fail;
	events &= SG_EVENT_BIT_GRANT_CREATED;
	if (events && (rc = db_campaign_lock_by_id(db, f->campaign_id, c)) <= 0) {
		if (rc == 0)
			rc = DB_ERR;
		goto fail;
	}
	if ((rc = db_grant_fanout_state(db, f->milestone_id, after,
	    sizeof(after), &rseq)) <= 0) {
		db_rollback(db);
		*done = rc == 0;
		return rc < 0 ? rc : DB_OK;
	}
	if (events && batch > SVC_FANOUT_LOCKED_BATCH)
		batch = SVC_FANOUT_LOCKED_BATCH;
	if ((rc = db_grant_fanout_next(db, f->campaign_id, after, rseq,
	    batch - 1, upto, sizeof(upto), &found)) != DB_OK ||
	    (rc = fanout_range(db, f->store_id, f->campaign_id, f->milestone_id,
	    after, found ? upto : NULL, events, &last, made)) != DB_OK)
		goto fail;
	if (found)
		rc = db_grant_fanout_advance(db, f->milestone_id, upto);
	else
		rc = db_grant_fanout_done(db, f->milestone_id);
	if (rc != DB_OK)
		goto fail;
	/*
	 * Done: the campaign's lock (the batch holds it already when events
	 * are wanted), then the milestone's flag, so that no order holds the
	 * one while it waits for the other; orders read the milestones again.
	 */
	if (!found && ((!events && (rc = db_campaign_lock_by_id(db,
	    f->campaign_id, c)) <= 0) ||
	    (rc = db_grant_fanout_unflag(db, f->milestone_id)) != DB_OK ||
	    (rc = db_campaign_bump(db, f->campaign_id)) != DB_OK)) {
		if (rc == 0)
			rc = DB_ERR;
		goto fail;
	}
	if ((rc = db_commit(db)) != DB_OK)
		goto fail;
	*done = *ended = !found;
	return DB_OK;
fail:
	db_rollback(db);
	*made = 0;
	return rc;
}

int
svc_fanout_step(struct sg_db *db, long batch, int64_t *made, int64_t *pending,
    int64_t *ended)
{
	struct db_fanout	*v = NULL;
	struct db_campaign	*c;
	size_t			 n = 0, i;
	int64_t			 k;
	int			 rc, done, end, failed = DB_OK;

	*made = 0;
	*pending = 0;
	*ended = 0;
	if (batch < 1)
		batch = 1;
	if ((c = malloc(sizeof(*c))) == NULL)
		return DB_ERR;
	if ((rc = db_grant_fanouts_pending(db, FANOUT_STEP_MAX, &v, &n)) !=
	    DB_OK) {
		free(c);
		return rc;
	}
	for (i = 0; i < n; i++) {
		if ((rc = fanout_batch(db, &v[i], batch, c, &k, &done,
		    &end)) != DB_OK) {
			/* Its next step runs it again; the others go on. */
			failed = rc;
			(*pending)++;
			continue;
		}
		*made += k;
		if (!done)
			(*pending)++;
		if (end) {
			(*ended)++;
			sg_info("fan-out: milestone %lld of campaign %lld done",
			    (long long)v[i].milestone_id,
			    (long long)v[i].campaign_id);
		}
	}
	/* A full list: more may be pending behind it. */
	if (n == FANOUT_STEP_MAX && *pending == 0)
		*pending = 1;
	free(v);
	free(c);
	return failed == DB_OK ? SVC_OK : failed;
}
