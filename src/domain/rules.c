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
		if (lines[i].free_line ||
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

size_t
sg_rules_counted_products(const struct sg_order_line *lines, size_t n,
    const char *const *product_ids, size_t np, const char **out)
{
	size_t	 i, k, m = 0;

	for (k = 0; k < np; k++) {
		if (product_ids[k] == NULL)
			continue;
		for (i = 0; i < n; i++)
			if (!lines[i].free_line &&
			    strcmp(lines[i].product_id, product_ids[k]) == 0)
				break;
		if (i < n)
			out[m++] = product_ids[k];
	}
	return m;
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

static const char *const metric_names[SG_METRICS] = { "progress", "backers" };

const char *
sg_metric_name(enum sg_metric m)
{
	return (unsigned)m < SG_METRICS ? metric_names[m] : "progress";
}

int
sg_metric_parse(const char *s, enum sg_metric *out)
{
	size_t	 i;

	for (i = 0; i < SG_METRICS; i++)
		if (s != NULL && strcmp(s, metric_names[i]) == 0) {
			*out = (enum sg_metric)i;
			return 0;
		}
	return -1;
}

int64_t
sg_rules_metric_value(const struct sg_rule_milestone *ms, int64_t progress,
    int64_t backers)
{
	return ms->metric == SG_METRIC_BACKERS ? backers : progress;
}

size_t
sg_rules_crossed(int64_t p0, int64_t p1, int64_t b0, int64_t b1,
    const struct sg_rule_milestone *ms, size_t n, size_t *out)
{
	size_t	 i, k = 0;

	for (i = 0; i < n; i++)
		if (!ms[i].reached &&
		    sg_rules_metric_value(&ms[i], p0, b0) < ms[i].target &&
		    ms[i].target <= sg_rules_metric_value(&ms[i], p1, b1))
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
	if (!ms->reached || !sg_reward_grants(ms->reward) || !o->active || !o->counted)
		return 0;
	if (ms->scope == SG_SCOPE_NEW)
		return o->seq >= ms->reached_seq;
	return 1;
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
		if (lines[i].free_line || strcmp(lines[i].product_id, id) != 0)
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

const char *
sg_reward_name(enum sg_reward r)
{
	switch (r) {
	case SG_REWARD_GIFT:
		return "gift";
	case SG_REWARD_REVEAL:
		break;
	}
	return "reveal";
}

int
sg_reward_parse(const char *s, enum sg_reward *out)
{
	if (strcmp(s, "reveal") == 0)
		*out = SG_REWARD_REVEAL;
	else if (strcmp(s, "gift") == 0)
		*out = SG_REWARD_GIFT;
	else
		return -1;
	return 0;
}

int
sg_reward_grants(enum sg_reward r)
{
	switch (r) {
	case SG_REWARD_GIFT:
		return 1;
	case SG_REWARD_REVEAL:
		break;
	}
	return 0;
}
