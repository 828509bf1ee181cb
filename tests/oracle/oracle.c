/* oracle.c — the independent model of one campaign; see oracle.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle/oracle.h"

static void *
or_alloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, size)) == NULL) {
		fprintf(stderr, "oracle: out of memory\n");
		exit(99);
	}
	return p;
}

void
or_init(struct or_campaign *c, int money, int nbackers, int max_refs)
{
	int	 i;

	memset(c, 0, sizeof(*c));
	c->money = money;
	c->nbackers = nbackers;
	c->max_refs = max_refs;
	c->active_orders = or_alloc((size_t)nbackers, sizeof(int));
	c->order_of_ref = or_alloc((size_t)max_refs, sizeof(int));
	for (i = 0; i < max_refs; i++)
		c->order_of_ref[i] = -1;
	c->holder = or_alloc((size_t)OR_MAX_MS * (size_t)nbackers, sizeof(int));
	for (i = 0; i < OR_MAX_MS * nbackers; i++)
		c->holder[i] = -1;
}

void
or_free(struct or_campaign *c)
{
	free(c->active_orders);
	free(c->order_of_ref);
	free(c->holder);
	free(c->orders);
	free(c->grants);
	memset(c, 0, sizeof(*c));
}

int64_t
or_progress(const struct or_campaign *c)
{
	return c->money ? c->amount : c->units;
}

static int
or_grant_add(struct or_campaign *c, int ms, int backer, int ref, int moved_from,
    int at_post)
{
	struct or_grant	*g;

	if (c->ngrants == c->cap_grants) {
		c->cap_grants = c->cap_grants == 0 ? 256 : c->cap_grants * 2;
		if ((c->grants = realloc(c->grants,
		    (size_t)c->cap_grants * sizeof(*c->grants))) == NULL) {
			fprintf(stderr, "oracle: out of memory\n");
			exit(99);
		}
	}
	g = &c->grants[c->ngrants];
	g->ms = ms;
	g->backer = backer;
	g->ref = ref;
	g->live = 1;
	g->moved_from = moved_from;
	g->at_post = at_post;
	c->holder[ms * c->nbackers + backer] = c->ngrants;
	return c->ngrants++;
}

/* Does order o (counted here) qualify for reached gift milestone m? */
static int
or_qualifies(const struct or_campaign *c, int m, const struct or_order *o)
{
	const struct or_milestone *ms = &c->ms[m];

	if (!ms->reached || !ms->gift || !o->active)
		return 0;
	return ms->scope_all || o->seq >= ms->reached_seq;
}

/*
 * Scope all at the reach: every backer with an active counted order and no
 * live grant gets one on their earliest active counted order.  orders[] is
 * in counting order, so the first active order met per backer is the
 * earliest.  except: the posting backer (handled by the caller), or -1.
 */
static void
or_grant_all(struct or_campaign *c, int m, int except)
{
	int	 i, b;

	for (i = 0; i < c->norders; i++) {
		b = c->orders[i].backer;
		if (!c->orders[i].active || b == except ||
		    c->holder[m * c->nbackers + b] != -1)
			continue;
		or_grant_add(c, m, b, c->orders[i].ref, -1, 0);
	}
}

int64_t
or_count_of(const struct or_campaign *c, int m)
{
	return c->ms[m].backers ? c->backers : or_progress(c);
}

int
or_add_milestone(struct or_campaign *c, int64_t target, int gift, int scope_all)
{
	return or_add_milestone_metric(c, 0, target, gift, scope_all);
}

int
or_add_milestone_metric(struct or_campaign *c, int backers, int64_t target,
    int gift, int scope_all)
{
	struct or_milestone	*ms;
	int			 m;

	if (c->nms == OR_MAX_MS) {
		fprintf(stderr, "oracle: too many milestones\n");
		exit(99);
	}
	m = c->nms++;
	ms = &c->ms[m];
	memset(ms, 0, sizeof(*ms));
	ms->target = target;
	ms->gift = gift;
	ms->scope_all = scope_all;
	ms->reached_by = -1;
	ms->backers = backers != 0;
	if (target <= or_count_of(c, m)) {
		ms->reached = 1;
		ms->reached_seq = ++c->seq;
		if (gift && scope_all)
			or_grant_all(c, m, -1);
	}
	return m;
}

int
or_edit_milestone(struct or_campaign *c, int m, int64_t target, int gift,
    int scope_all)
{
	struct or_milestone	*ms = &c->ms[m];

	if (ms->reached)
		return -1;
	ms->target = target;
	ms->gift = gift;
	ms->scope_all = scope_all;
	if (target <= or_count_of(c, m)) {
		ms->reached = 1;
		ms->reached_seq = ++c->seq;
		if (gift && scope_all)
			or_grant_all(c, m, -1);
	}
	return 0;
}

void
or_post(struct or_campaign *c, int ref, int backer, int64_t units,
    int64_t amount, struct or_post *out)
{
	struct or_order	*o;
	int		 i, j, t, m;

	memset(out, 0, sizeof(*out));
	if (ref < 0 || ref >= c->max_refs || c->order_of_ref[ref] != -1) {
		fprintf(stderr, "oracle: order %d counted twice\n", ref);
		exit(99);
	}
	if (c->norders == c->cap_orders) {
		c->cap_orders = c->cap_orders == 0 ? 256 : c->cap_orders * 2;
		if ((c->orders = realloc(c->orders,
		    (size_t)c->cap_orders * sizeof(*c->orders))) == NULL) {
			fprintf(stderr, "oracle: out of memory\n");
			exit(99);
		}
	}
	out->p0 = or_progress(c);
	out->b0 = c->backers;
	c->order_of_ref[ref] = c->norders;
	o = &c->orders[c->norders++];
	o->ref = ref;
	o->backer = backer;
	o->units = units;
	o->amount = amount;
	o->seq = ++c->seq;
	o->active = 1;
	c->units += units;
	c->amount += amount;
	c->active++;
	if (c->active_orders[backer]++ == 0)
		c->backers++;
	out->p1 = or_progress(c);
	out->backers = c->backers;

	/* Rules 1 and 10: crossings, each metric by its own count. */
	for (m = 0; m < c->nms; m++) {
		int64_t	 lo = c->ms[m].backers ? out->b0 : out->p0;
		int64_t	 hi = c->ms[m].backers ? out->backers : out->p1;

		if (c->ms[m].reached || !(lo < c->ms[m].target &&
		    c->ms[m].target <= hi))
			continue;
		c->ms[m].reached = 1;
		c->ms[m].reached_seq = o->seq;
		c->ms[m].reached_by = ref;
		out->reached[out->nreached++] = m;
	}
	for (i = 1; i < out->nreached; i++)
		for (j = i; j > 0 && (c->ms[out->reached[j - 1]].backers >
		    c->ms[out->reached[j]].backers ||
		    (c->ms[out->reached[j - 1]].backers ==
		    c->ms[out->reached[j]].backers &&
		    c->ms[out->reached[j - 1]].target >
		    c->ms[out->reached[j]].target)); j--) {
			t = out->reached[j];
			out->reached[j] = out->reached[j - 1];
			out->reached[j - 1] = t;
		}

	/* Rules 4-7: this order qualifies for every reached gift milestone. */
	for (m = 0; m < c->nms; m++) {
		if (!or_qualifies(c, m, o) ||
		    c->holder[m * c->nbackers + backer] != -1)
			continue;
		or_grant_add(c, m, backer, ref, -1, 1);
		out->granted[out->ngranted++] = m;
	}
	/* Rule 5: the other backers of a scope-all milestone reached now. */
	for (i = 0; i < out->nreached; i++) {
		m = out->reached[i];
		if (c->ms[m].gift && c->ms[m].scope_all)
			or_grant_all(c, m, backer);
	}
}

void
or_cancel(struct or_campaign *c, int ref)
{
	struct or_order	*o, *to;
	int		 i, g, m, moved;

	if (ref < 0 || ref >= c->max_refs || c->order_of_ref[ref] == -1)
		return;
	o = &c->orders[c->order_of_ref[ref]];
	if (!o->active)
		return;
	o->active = 0;
	c->units -= o->units;
	c->amount -= o->amount;
	c->active--;
	if (--c->active_orders[o->backer] == 0)
		c->backers--;
	/* Rule 8: move each live grant on it, else void it. */
	for (g = 0; g < c->ngrants; g++) {
		if (!c->grants[g].live || c->grants[g].ref != ref)
			continue;
		c->grants[g].live = 0;
		c->holder[c->grants[g].ms * c->nbackers + o->backer] = -1;
		m = c->grants[g].ms;
		moved = 0;
		for (i = 0; i < c->norders && !moved; i++) {
			to = &c->orders[i];
			if (to->ref == ref || to->backer != o->backer ||
			    !or_qualifies(c, m, to))
				continue;
			or_grant_add(c, m, o->backer, to->ref, g, 0);
			moved = 1;
		}
	}
}

void
or_refund(struct or_campaign *c, int ref, int64_t units, int64_t amount)
{
	struct or_order	*o;

	if (ref < 0 || ref >= c->max_refs || c->order_of_ref[ref] == -1)
		return;
	o = &c->orders[c->order_of_ref[ref]];
	if (!o->active)
		return;
	if (units > o->units)
		units = o->units;
	if (amount > o->amount)
		amount = o->amount;
	o->units -= units;
	o->amount -= amount;
	c->units -= units;
	c->amount -= amount;
}

int
or_counted(const struct or_campaign *c, int ref)
{
	return ref >= 0 && ref < c->max_refs && c->order_of_ref[ref] != -1;
}

int
or_active(const struct or_campaign *c, int ref)
{
	return or_counted(c, ref) && c->orders[c->order_of_ref[ref]].active;
}
