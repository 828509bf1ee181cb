/*
 * fanout.h — rule 5's fan-out (SPEC "Milestones" 5; docs/fanout.md): when
 * a scope-"all" gift is reached, every backer with an active counted order
 * gets a grant.  In a campaign of at most fanout_inline_max backers the
 * reaching transaction writes them all; in a larger one it only marks the
 * fan-out pending, and the program's fan-out task (src/main.c) writes the
 * grants after the answer, fanout_batch backers per transaction, from a
 * durable claim cursor, fanout_tasks tasks at once.  Until a fan-out is done, an order or a cancel of a
 * backer it has not covered first writes that backer's grant (what the
 * fan-out would give), so the grants are exactly those of a fan-out at the
 * moment of the reach, as later cancels then change them.
 * Conventions: service/service.h.
 */
#ifndef SG_SERVICE_FANOUT_H
#define SG_SERVICE_FANOUT_H

#include <stdint.h>

#include "service/service.h"

struct sg_db;
struct db_milestone_rule;

/* The default of fanout_inline_max (docs/configuration.md). */
#define SVC_FANOUT_INLINE_MAX	1000
/*
 * Most backers of a batch that holds the campaign's row lock (when the
 * store's endpoints want grant.created): about 10 ms of the lock.
 */
#define SVC_FANOUT_LOCKED_BATCH	500

/*
 * The process's fanout_inline_max: a campaign with more backers than this
 * at the reach gets its fan-out after the answer.  Set once, before the
 * first request (the default is SVC_FANOUT_INLINE_MAX).
 */
void	svc_fanout_set_inline_max(long);

/*
 * Inside a transaction that holds campaign_id's row lock and has just
 * marked milestone m reached, with the campaign at backers backers: run
 * rule 5 for m now (backers <= fanout_inline_max) or mark it pending.
 * grant.created events when events has the bit, numbered after *last
 * (db/event.h).  Nothing for a reveal or scope "new".  DB_OK or < 0.
 */
int	svc_fanout_reached(struct sg_db *, int64_t store_id, int64_t campaign_id,
	    const struct db_milestone_rule *m, int64_t backers, unsigned events,
	    int64_t *last);

/*
 * Inside a transaction that holds campaign_id's row lock, before backer's
 * orders there change (an order counted, a cancel): the grants of every
 * pending fan-out of the campaign that backer has not received yet.
 * DB_OK or < 0.
 */
int	svc_fanout_backer(struct sg_db *, int64_t store_id, int64_t campaign_id,
	    const char *backer, unsigned events, int64_t *last);

/*
 * A fan-out task's step: one piece of work on each pending fan-out (at
 * most 16 of them, oldest first): claim a range of up to batch backers and
 * write its grants, or write a range claimed before and not written (a
 * dead task's).  Claiming and writing are transactions of their own, so
 * several tasks, on one host or several, write one fan-out at once
 * (docs/fanout.md); a write holds the campaign's row lock only when the
 * store wants grant.created, and for the fan-out's end.  *made: grants
 * written; *pending: fan-outs still not done after this step; *ended:
 * fan-outs this step finished (each also logged); *waiting: those of the
 * pending with nothing left to claim, whose last ranges other tasks are
 * writing.  SVC_OK or < 0 (a piece that failed is rolled back and runs
 * again in a later step).
 */
int	svc_fanout_step(struct sg_db *, long batch, int64_t *made,
	    int64_t *pending, int64_t *ended, int64_t *waiting);

#endif
