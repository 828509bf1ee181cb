/* rules.c — counting and milestone rules; see rules.h. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domain/money.h"
#include "domain/rules.h"

static int
product_in(const char *id, const char *const *ids, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (ids[i] != NULL && strcmp(ids[i], id) == 0)
			return 1;
	return 0;
}

int
sg_rules_contribution(const struct sg_order_line *lines, size_t n,
    const char *const *product_ids, size_t np, struct sg_contribution *out)
{
	struct sg_contribution	 c = { 0, 0, 0 };
	int64_t			 line;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (lines[i].gift ||
		    !product_in(lines[i].product_id, product_ids, np))
			continue;
		c.counted = 1;
		if (sg_money_add(c.units, lines[i].quantity, &c.units) == -1 ||
		    sg_money_mul(lines[i].quantity, lines[i].price, &line) == -1 ||
		    sg_money_add(c.amount, line, &c.amount) == -1)
			return -1;
	}
	*out = c;
	return 0;
}

int64_t
sg_rules_progress_of(const struct sg_contribution *c, enum sg_goal_kind kind)
{
	return kind == SG_GOAL_MONEY ? c->amount : c->units;
}

int
sg_rules_in_window(int64_t placed_at, int has_start, int64_t starts_at,
    int has_end, int64_t ends_at)
{
	if (has_start && placed_at < starts_at)
		return 0;
	if (has_end && placed_at >= ends_at)
		return 0;
	return 1;
}

size_t
sg_rules_crossed(int64_t p0, int64_t p1, const struct sg_rule_milestone *ms,
    size_t n, size_t *out)
{
	size_t	 i, k = 0;

	if (p1 <= p0)
		return 0;
	for (i = 0; i < n; i++)
		if (!ms[i].reached && p0 < ms[i].target &&
		    ms[i].target <= p1)
			out[k++] = i;
	return k;
}

int
sg_rules_reached_on_save(int64_t target, int already_reached,
    int64_t progress)
{
	return !already_reached && target <= progress;
}

int
sg_rules_order_qualifies(const struct sg_rule_milestone *ms,
    const struct sg_rule_order *o)
{
	if (!ms->reached || !ms->gift || !o->active || !o->counted)
		return 0;
	if (ms->scope == SG_SCOPE_NEW)
		return o->seq >= ms->reached_seq;
	return 1;
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
sg_rules_grants_at_reach(const struct sg_rule_milestone *ms,
    const struct sg_rule_order *orders, const int *holds, size_t n,
    size_t posted, size_t *out, size_t *nout, size_t *work)
{
	size_t		 i, j, k = 0, pick;
	const char	*pb = NULL;
	int		 held;

	*nout = 0;
	if (!ms->reached || !ms->gift || (posted != SIZE_MAX && posted >= n))
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

ptrdiff_t
sg_rules_place_on_cancel(const struct sg_rule_milestone *ms,
    const struct sg_rule_order *others, size_t n)
{
	ptrdiff_t	 best = -1;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (!sg_rules_order_qualifies(ms, &others[i]))
			continue;
		if (best == -1 || others[i].seq < others[best].seq)
			best = (ptrdiff_t)i;
	}
	return best;
}

void
sg_rules_place_grants_on_cancel(const struct sg_rule_milestone *ms,
    size_t ngrants, const struct sg_rule_order *others, size_t n,
    ptrdiff_t *out)
{
	size_t	 i;

	for (i = 0; i < ngrants; i++)
		out[i] = sg_rules_place_on_cancel(&ms[i], others, n);
}

/*
 * Sum over the non-gift lines of product id: units bought and money
 * bought.  Returns 0 when the product has no such line, 1 when it has,
 * -1 on overflow.
 */
static int
bought_of(const struct sg_order_line *lines, size_t n, const char *id,
    int64_t *units, int64_t *amount)
{
	int64_t	 line;
	size_t	 i;
	int	 found = 0;

	*units = *amount = 0;
	for (i = 0; i < n; i++) {
		if (lines[i].gift || strcmp(lines[i].product_id, id) != 0)
			continue;
		found = 1;
		if (sg_money_add(*units, lines[i].quantity, units) == -1 ||
		    sg_money_mul(lines[i].quantity, lines[i].price, &line) == -1 ||
		    sg_money_add(*amount, line, amount) == -1)
			return -1;
	}
	return found;
}

/* Sum of refunded units and money of product id over r[0..n). */
static int
refunded_of(const struct sg_refund_line *r, size_t n, const char *id,
    int64_t *units, int64_t *amount)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(r[i].product_id, id) != 0)
			continue;
		if (r[i].quantity < 0 || r[i].amount < 0 ||
		    sg_money_add(*units, r[i].quantity, units) == -1 ||
		    sg_money_add(*amount, r[i].amount, amount) == -1)
			return -1;
	}
	return 0;
}

int
sg_rules_refund_check(const struct sg_order_line *lines, size_t n,
    const struct sg_refund_line *prior, size_t nprior,
    const struct sg_refund_line *req, size_t nreq, size_t *bad)
{
	int64_t	 bu, ba, ru, ra;
	size_t	 i;
	int	 rc;

	for (i = 0; i < nreq; i++) {
		if (bad != NULL)
			*bad = i;
		rc = bought_of(lines, n, req[i].product_id, &bu, &ba);
		if (rc == -1)
			return SG_REFUND_OVERFLOW;
		if (rc == 0)
			return SG_REFUND_UNKNOWN;
		/* Everything refunded for this product so far and now. */
		ru = ra = 0;
		if (refunded_of(prior, nprior, req[i].product_id, &ru, &ra) == -1 ||
		    refunded_of(req, nreq, req[i].product_id, &ru, &ra) == -1)
			return SG_REFUND_OVERFLOW;
		if (ru > bu || ra > ba)
			return SG_REFUND_EXCEEDS;
	}
	return SG_REFUND_OK;
}

int
sg_rules_refund_effect(const struct sg_refund_line *req, size_t nreq,
    const char *const *product_ids, size_t np, struct sg_contribution *effect)
{
	struct sg_contribution	 e = { 0, 0, 0 };
	size_t			 i;

	for (i = 0; i < nreq; i++) {
		if (!product_in(req[i].product_id, product_ids, np))
			continue;
		e.counted = 1;
		if (sg_money_add(e.units, req[i].quantity, &e.units) == -1 ||
		    sg_money_add(e.amount, req[i].amount, &e.amount) == -1)
			return -1;
	}
	*effect = e;
	return 0;
}

void
sg_rules_lower(struct sg_contribution *c, const struct sg_contribution *effect)
{
	if (effect->units > 0)
		c->units = effect->units >= c->units ? 0 :
		    c->units - effect->units;
	if (effect->amount > 0)
		c->amount = effect->amount >= c->amount ? 0 :
		    c->amount - effect->amount;
}
