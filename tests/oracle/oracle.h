/*
 * oracle.h — an independent model of SPEC.md's *Counting* and *Milestones*
 * for one campaign, written from the specification alone (it shares no code
 * with src/domain/ or the service).  The integration test feeds it the
 * acknowledged requests in a serial order and compares its state with what
 * the service answered and stored.
 *
 * Identities are small integers chosen by the caller: an order is its
 * "ref" (0 … max_refs-1, the caller's index of the order), a backer its
 * index (0 … nbackers-1), a milestone the index returned by
 * or_add_milestone().
 *
 * Moments: every counted order takes the next number of the campaign's
 * sequence, and a milestone reached by an order takes that order's number,
 * so "counted at or after the reach" is seq >= reached_seq.  A milestone
 * reached at creation takes a fresh number of its own.
 *
 * Ownership: struct or_campaign owns its arrays; or_free() releases them.
 * Allocation failure is fatal (this is test code).
 */
#ifndef SG_TESTS_ORACLE_H
#define SG_TESTS_ORACLE_H

#include <stddef.h>
#include <stdint.h>

#define OR_MAX_MS	32	/* milestones per campaign */

struct or_milestone {
	int64_t	 target;
	int	 gift;		/* reward gift (else reveal) */
	int	 scope_all;	/* scope all (else new) */
	int	 reached;
	int64_t	 reached_seq;
	int	 reached_by;	/* order ref, or -1 when reached at creation */
	int	 backers;	/* metric backers: target counts backers (rule 10) */
};

struct or_order {
	int	 ref;
	int	 backer;
	int64_t	 units, amount;	/* current contribution (after refunds) */
	int64_t	 seq;
	int	 active;
};

struct or_grant {
	int	 ms;
	int	 backer;
	int	 ref;		/* the order it is attached to */
	int	 live;		/* non-void */
	int	 moved_from;	/* index of the grant it replaces, or -1 */
	int	 at_post;	/* created for the posting backer of ref */
};

struct or_campaign {
	int		 money;		/* goal kind money (else units) */
	int64_t		 units, amount, seq;
	int64_t		 active;	/* active counted orders */
	int64_t		 backers;	/* backers with an active counted order */
	int		 nbackers, max_refs;
	int		*active_orders;	/* per backer */
	int		*order_of_ref;	/* index into orders, or -1 */
	struct or_order	*orders;	/* in counting (serial) order */
	int		 norders, cap_orders;
	struct or_milestone ms[OR_MAX_MS];
	int		 nms;
	int		*holder;	/* [ms * nbackers + b]: live grant index or -1 */
	struct or_grant	*grants;
	int		 ngrants, cap_grants;
};

/* What counting one order did. */
struct or_post {
	int64_t	 p0, p1;
	int64_t	 b0;			/* backers before */
	int64_t	 backers;		/* after */
	int	 reached[OR_MAX_MS];	/* milestone indexes: progress ones
					   first, then backers ones, each in
					   target order */
	int	 nreached;
	int	 granted[OR_MAX_MS];	/* milestones granted on this order */
	int	 ngranted;
};

void	or_init(struct or_campaign *, int money, int nbackers, int max_refs);
void	or_free(struct or_campaign *);
int64_t	or_progress(const struct or_campaign *);

/*
 * Adds a milestone; when its target is at or below the current progress it
 * is reached now (scope all gifts then go to every active backer).
 * Returns its index.
 */
int	or_add_milestone(struct or_campaign *, int64_t target, int gift,
	    int scope_all);
/*
 * The same for a milestone whose target counts backers (rule 10) when
 * backers is 1: reached now when the target is at or below the number of
 * backers with an active counted order.
 */
int	or_add_milestone_metric(struct or_campaign *, int backers,
	    int64_t target, int gift, int scope_all);
/* The count a milestone's target is measured against. */
int64_t	or_count_of(const struct or_campaign *, int m);

/*
 * Edits a milestone that is not reached (its target, reward, scope); when
 * the new target is at or below its count (or_count_of) it is reached now, as at
 * creation.  Returns 0, or -1 when it was reached already (SPEC: 409).
 */
int	or_edit_milestone(struct or_campaign *, int m, int64_t target, int gift,
	    int scope_all);

/* Counts order ref of backer with the given contribution. */
void	or_post(struct or_campaign *, int ref, int backer, int64_t units,
	    int64_t amount, struct or_post *out);
/* Cancels ref (no-op when not counted here or cancelled already). */
void	or_cancel(struct or_campaign *, int ref);
/* Lowers ref's contribution by a refund (never below 0). */
void	or_refund(struct or_campaign *, int ref, int64_t units, int64_t amount);

/* Is ref counted here, and active? */
int	or_counted(const struct or_campaign *, int ref);
int	or_active(const struct or_campaign *, int ref);

#endif
