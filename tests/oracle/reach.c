/*
 * reach.c — the reference model of rule 5's fan-out and of rule 8 for a
 * whole cancelled order; see reach.h.  Moved here from domain/rules.c:
 * production never ran it (the fan-out is SQL_GRANTS_FANOUT_*).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "oracle/reach.h"

int64_t
ref_progress_of(const struct sg_contribution *c, enum sg_goal_kind kind)
{
	return kind == SG_GOAL_MONEY ? c->amount : c->units;
}

/*
 * Heap sort of idx[0..n) with a comparison over a context: n is bounded
 * only by the caller's data, so O(n log n) without allocation.
 */
typedef int (*idx_cmp_fn)(const void *ctx, size_t a, size_t b);

static void
idx_sift(size_t *idx, size_t start, size_t end, idx_cmp_fn cmp,
    const void *ctx)
{
	size_t	 root = start, child, tmp;

	while ((child = 2 * root + 1) < end) {
		if (child + 1 < end && cmp(ctx, idx[child], idx[child + 1]) < 0)
			child++;
		if (cmp(ctx, idx[root], idx[child]) >= 0)
			return;
		tmp = idx[root];
		idx[root] = idx[child];
		idx[child] = tmp;
		root = child;
	}
}

static void
idx_sort(size_t *idx, size_t n, idx_cmp_fn cmp, const void *ctx)
{
	size_t	 i, tmp;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0; )
		idx_sift(idx, i, n, cmp, ctx);
	for (i = n - 1; i > 0; i--) {
		tmp = idx[0];
		idx[0] = idx[i];
		idx[i] = tmp;
		idx_sift(idx, 0, i, cmp, ctx);
	}
}

static int
cmp_seq(const void *ctx, size_t a, size_t b)
{
	const struct sg_rule_order *o = ctx;

	if (o[a].seq != o[b].seq)
		return o[a].seq < o[b].seq ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int
cmp_backer_seq(const void *ctx, size_t a, size_t b)
{
	const struct sg_rule_order *o = ctx;
	int	 c;

	if ((c = strcmp(o[a].backer, o[b].backer)) != 0)
		return c;
	return cmp_seq(ctx, a, b);
}

int
ref_grants_at_reach(const struct sg_rule_milestone *ms,
    const struct sg_rule_order *orders, const int *holds, size_t n,
    size_t posted, size_t *out, size_t *nout, size_t *work)
{
	size_t		 i, j, k = 0, pick;
	const char	*pb = NULL;
	int		 held;

	*nout = 0;
	if (!ms->reached || !sg_reward_grants(ms->reward) ||
	    (posted != SIZE_MAX && posted >= n))
		return -1;
	for (i = 0; i < n; i++)
		if (orders[i].backer == NULL)
			return -1;
	if (posted != SIZE_MAX)
		pb = orders[posted].backer;

	if (ms->scope == SG_SCOPE_NEW) {
		if (posted == SIZE_MAX ||
		    !sg_rules_order_qualifies(ms, &orders[posted]))
			return 0;
		for (i = 0; i < n; i++)
			if (holds != NULL && holds[i] &&
			    strcmp(orders[i].backer, pb) == 0)
				return 0;
		out[0] = posted;
		*nout = 1;
		return 0;
	}

	/* Scope all: group by backer, earliest qualifying order first. */
	for (i = 0; i < n; i++)
		work[i] = i;
	idx_sort(work, n, cmp_backer_seq, orders);
	for (i = 0; i < n; i = j) {
		held = 0;
		pick = SIZE_MAX;
		for (j = i; j < n && strcmp(orders[work[j]].backer,
		    orders[work[i]].backer) == 0; j++) {
			if (holds != NULL && holds[work[j]])
				held = 1;
			if (pick == SIZE_MAX &&
			    sg_rules_order_qualifies(ms, &orders[work[j]]))
				pick = work[j];
		}
		if (held || pick == SIZE_MAX)
			continue;
		/* Rule 7: the poster's grant goes on the posted order. */
		if (pb != NULL && strcmp(orders[pick].backer, pb) == 0) {
			if (!sg_rules_order_qualifies(ms, &orders[posted]))
				continue;
			pick = posted;
		}
		out[k++] = pick;
	}
	idx_sort(out, k, cmp_seq, orders);
	*nout = k;
	return 0;
}

void
ref_place_grants_on_cancel(const struct sg_rule_milestone *ms,
    size_t ngrants, const struct sg_rule_order *others, size_t n,
    ptrdiff_t *out)
{
	size_t	 i;

	for (i = 0; i < ngrants; i++)
		out[i] = sg_rules_place_on_cancel(&ms[i], others, n);
}
