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
 * The end of fan-out f, inside the transaction that holds its row, when
 * every backer is claimed and no chunk is left (as committed): its row
 * goes, then the campaign's lock (held already when locked), then the
 * milestone's flag, so that no order holds the one while it waits for the
 * other; orders read the milestones again.  *ended 1 when it ended.
 */
static int
fanout_end(struct sg_db *db, const struct db_fanout *f, struct db_campaign *c,
    int locked, int *ended)
{
	int64_t	 left = 0;
	int	 rc;

	*ended = 0;
	if ((rc = db_grant_fanout_chunks_left(db, f->milestone_id, &left)) !=
	    DB_OK || left > 0)
		return rc;
	if ((rc = db_grant_fanout_done(db, f->milestone_id)) != DB_OK ||
	    (!locked && (rc = db_campaign_lock_by_id(db, f->campaign_id,
	    c)) <= 0) ||
	    (rc = db_grant_fanout_unflag(db, f->milestone_id)) != DB_OK ||
	    (rc = db_campaign_bump(db, f->campaign_id)) != DB_OK)
		return rc == 0 ? DB_ERR : rc;
	*ended = 1;
	return DB_OK;
}

/*
 * Claim the next range of fan-out f, of up to batch backers, in a short
 * transaction of its own: the claim cursor moves and the range becomes a
 * chunk (sql/034), which fanout_chunk() then writes.  *out says what it
 * found: CLAIMED a range; OTHERS, every backer claimed and other tasks'
 * chunks left; GONE, the fan-out done already; or ENDED, every backer
 * claimed and no chunk left, and it ended the fan-out: the chunks' own
 * ends do that, but two of them on two Galera nodes, where row locks are
 * per node, may each see the other's chunk.
 *
 * Claiming apart from writing is what lets several tasks write one
 * fan-out at once (docs/fanout.md): the claim holds the fan-out's row for
 * the time it takes to find the range's last backer, not for the writing.
 */
enum claim { CLAIMED, OTHERS, GONE, ENDED };

static int
fanout_claim(struct sg_db *db, const struct db_fanout *f, long batch,
    struct db_campaign *c, enum claim *out)
{
	char		 after[SG_BACKER_MAX_BYTES + 1];
	char		 upto[SG_BACKER_MAX_BYTES + 1];
	int64_t		 rseq = 0;
	unsigned	 events = 0;
	int		 rc, all = 0, found, ended;

	*out = GONE;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_grant_fanout_state(db, f->milestone_id, after,
	    sizeof(after), &all, &rseq)) <= 0) {
		db_rollback(db);
		return rc;
	}
	if (all) {
		if ((rc = fanout_end(db, f, c, 0, &ended)) != DB_OK ||
		    (ended && (rc = db_commit(db)) != DB_OK))
			goto fail;
		if (!ended)
			db_rollback(db);
		*out = ended ? ENDED : OTHERS;
		return DB_OK;
	}
	if ((rc = db_event_subscribed(db, f->store_id, &events)) != DB_OK)
		goto fail;
	if ((events & SG_EVENT_BIT_GRANT_CREATED) &&
	    batch > SVC_FANOUT_LOCKED_BATCH)
		batch = SVC_FANOUT_LOCKED_BATCH;
	if ((rc = db_grant_fanout_next(db, f->campaign_id, after, rseq,
	    batch - 1, upto, sizeof(upto), &found)) != DB_OK ||
	    (rc = db_grant_fanout_claim(db, f->milestone_id, after,
	    found ? upto : NULL)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK)
		goto fail;
	*out = CLAIMED;
	return DB_OK;
fail:
	db_rollback(db);
	*out = GONE;
	return rc;
}

/*
 * Write one chunk of fan-out f, the first that no other task holds, in its
 * own transaction: *made grants; *found 0 when no chunk was free; *ended 1
 * when it was the fan-out's last (or the fan-out was done already).
 *
 * The chunk does not hold the campaign's row lock while it writes the
 * grants, so the campaign's orders do not wait for it: the chunk's row
 * (locked, SKIP LOCKED for the other tasks) keeps two tasks off one range,
 * the share locks of the fan-out statement keep a chunk and a cancel of
 * the same order apart, and the unique key (milestone, live backer) keeps
 * a chunk and the grant an order or a cancel gives first
 * (svc_fanout_backer()) from both being written.  Its end locks the
 * fan-out's row, and when every backer is claimed and no other chunk is
 * left, ends the fan-out: the campaign's row is locked (and written) only
 * then, as the last statement.  Two chunks ending at once take the
 * fan-out's row in turn, so the second sees the first's chunk gone and
 * exactly one of them ends it.  When the store's endpoints want
 * grant.created, the chunk takes the campaign's lock first instead: the
 * events are numbered under it, and its grants must be the only ones the
 * campaign gets meanwhile (the events statement picks them by id).
 */
static int
fanout_chunk(struct sg_db *db, const struct db_fanout *f,
    struct db_campaign *c, int64_t *made, int *found, int *ended)
{
	char		 after[SG_BACKER_MAX_BYTES + 1];
	char		 upto[SG_BACKER_MAX_BYTES + 1];
	int64_t		 last = -1;
	unsigned	 events = 0;
	int		 rc, to_end = 0, all = 0;

	*made = 0;
	*found = *ended = 0;
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
	if ((rc = db_grant_fanout_chunk_take(db, f->milestone_id, after, upto,
	    sizeof(after), &to_end)) <= 0) {
		db_rollback(db);
		return rc < 0 ? rc : DB_OK;
	}
	*found = 1;
	if ((rc = fanout_range(db, f->store_id, f->campaign_id, f->milestone_id,
	    after, to_end ? NULL : upto, events, &last, made)) != DB_OK ||
	    (rc = db_grant_fanout_chunk_done(db, f->milestone_id, after)) !=
	    DB_OK)
		goto fail;
	/* The fan-out's row, then what is left of it. */
	if ((rc = db_grant_fanout_state(db, f->milestone_id, NULL, 0, &all,
	    NULL)) < 0 ||
	    (rc > 0 && all && (rc = fanout_end(db, f, c, events != 0,
	    ended)) != DB_OK))
		goto fail;
	if ((rc = db_commit(db)) != DB_OK)
		goto fail;
	return DB_OK;
fail:
	db_rollback(db);
	*made = 0;
	*ended = 0;
	return rc;
}

/*
 * One piece of work on fan-out f: a chunk that is claimed and free (a
 * dead task's, or one another task claimed a moment ago), else a new
 * claim and its chunk.  *made grants, *done 1 when the fan-out is done (or
 * was), *ended 1 when this call ended it, *idle 1 when there was nothing
 * to do (every backer claimed, the last chunks held by other tasks).
 */
static int
fanout_work(struct sg_db *db, const struct db_fanout *f, long batch,
    struct db_campaign *c, int64_t *made, int *done, int *ended, int *idle)
{
	enum claim	 cl;
	int		 rc, found;

	*done = *idle = 0;
	if ((rc = fanout_chunk(db, f, c, made, &found, ended)) != DB_OK)
		return rc;
	if (!found) {
		if ((rc = fanout_claim(db, f, batch, c, &cl)) != DB_OK)
			return rc;
		*ended = cl == ENDED;
		*idle = cl == OTHERS;
		/* The chunk just claimed (or, if another task took it, the
		   next free one). */
		if (cl == CLAIMED && (rc = fanout_chunk(db, f, c, made, &found,
		    ended)) != DB_OK)
			return rc;
		if (cl == GONE) {
			*done = 1;
			return DB_OK;
		}
	}
	*done = *ended;
	return DB_OK;
}

int
svc_fanout_step(struct sg_db *db, long batch, int64_t *made, int64_t *pending,
    int64_t *ended, int64_t *waiting)
{
	struct db_fanout	*v = NULL;
	struct db_campaign	*c;
	size_t			 n = 0, i;
	int64_t			 k;
	int			 rc, done, end, idle, failed = DB_OK;

	*made = 0;
	*pending = 0;
	*ended = 0;
	*waiting = 0;
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
		k = 0;
		if ((rc = fanout_work(db, &v[i], batch, c, &k, &done, &end,
		    &idle)) != DB_OK) {
			/* Its next step runs it again; the others go on. */
			failed = rc;
			(*pending)++;
			continue;
		}
		*made += k;
		if (!done)
			(*pending)++;
		if (idle)
			(*waiting)++;
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
