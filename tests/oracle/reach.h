/*
 * reach.h — a reference model, for tests only, of two rules that
 * production implements elsewhere: rule 5's fan-out at the moment a gift
 * milestone is reached (production: SQL_GRANTS_FANOUT_*, db/sql_grant.h) and
 * rule 8 for every grant of a cancelled order (production: one
 * sg_rules_place_on_cancel() per grant in service/order.c).  Written on
 * the types of domain/rules.h.
 */
#ifndef SG_ORACLE_REACH_H
#define SG_ORACLE_REACH_H

#include <stddef.h>
#include <stdint.h>

#include "domain/rules.h"

/* The contribution's value in the unit of the goal. */
int64_t	ref_progress_of(const struct sg_contribution *c,
	    enum sg_goal_kind kind);

/*
 * Grants created at the moment a gift milestone is reached (rules 4-7).
 * orders[0..n) are the active and cancelled orders counted in the
 * milestone's campaign (any order, any backer); holds[i] is 1 when
 * orders[i]'s backer already holds a non-void grant for this milestone
 * (holds may be NULL: nobody does).  posted is the index of the order
 * whose counting reached the milestone, or SIZE_MAX when the milestone
 * was reached by being created/edited.
 *
 * Scope "all": one grant per backer with an active counted order and no
 * grant yet, attached to the posted order for the posted order's backer
 * and to the backer's earliest (lowest seq) active counted order for
 * everyone else.  Scope "new": only the posted order, when it qualifies.
 *
 * Writes to out[] (room for n entries) the indices of the orders that get
 * a new pending grant, sorted by seq, and stores their number in *nout.
 * work[] is scratch space of n entries.  Returns -1 if ms is not a reached
 * gift milestone.
 */
int	ref_grants_at_reach(const struct sg_rule_milestone *ms,
	    const struct sg_rule_order *orders, const int *holds, size_t n,
	    size_t posted, size_t *out, size_t *nout, size_t *work);

/*
 * The same for every grant of the cancelled order: grant i belongs to
 * milestone ms[i]; out[i] receives the index into others or -1 (void).
 */
void	ref_place_grants_on_cancel(const struct sg_rule_milestone *ms,
	    size_t ngrants, const struct sg_rule_order *others, size_t n,
	    ptrdiff_t *out);

#endif
