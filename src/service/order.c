/* order.c — counting, cancelling and refunding orders; see service/order.h. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/campaign.h"
#include "db/db.h"
#include "db/event.h"
#include "db/grant.h"
#include "db/milestone.h"
#include "db/order.h"
#include "domain/money.h"
#include "service/internal.h"
#include "service/fanout.h"
#include "service/order.h"
#include "util/json.h"
#include "util/log.h"

/* {"slug", "progress", "goal", "backers"} added to arr; NULL on no memory. */
static cJSON *
campaign_summary(cJSON *arr, const struct db_campaign *c, int64_t progress,
    int64_t backers)
{
	cJSON	*x;

	if (!sg_json_append(arr, x = cJSON_CreateObject()))
		return NULL;
	if (cJSON_AddStringToObject(x, "slug", c->slug) == NULL ||
	    !sg_json_add_num(x, "progress", progress) ||
	    !sg_json_add_num(x, "goal", c->goal) ||
	    !sg_json_add_num(x, "backers", backers))
		return NULL;
	return x;
}

/* The product ids of c as a pointer array (pids has SG_CAMPAIGN_PRODUCTS_MAX). */
static size_t
campaign_pids(const struct db_campaign *c, const char **pids)
{
	size_t	 i;

	for (i = 0; i < c->nproduct_ids; i++)
		pids[i] = c->product_ids[i];
	return c->nproduct_ids;
}

/*
 * A stored first response (text, printed by this file with "duplicate"
 * false right after its first key, the id) as the body to answer: as is
 * when first, else with "duplicate": true.  A raw item, so that its
 * integers stay exact (util/json.h).  NULL on no memory or a bad text.
 */
static cJSON *
stored_reply(const char *text, int first)
{
	static const char	 f[] = "\"duplicate\":false";
	const char		*at;
	char			*t;
	cJSON			*j;
	size_t			 n;

	if (text == NULL || text[0] != '{' ||
	    (at = strstr(text, f)) == NULL)
		return NULL;
	if (first)
		return cJSON_CreateRaw(text);
	n = strlen(text);
	if ((t = malloc(n)) == NULL)
		return NULL;
	/* "false" -> "true": one byte shorter. */
	memcpy(t, text, (size_t)(at - text));
	memcpy(t + (at - text), "\"duplicate\":true", sizeof(f) - 2);
	memcpy(t + (at - text) + sizeof(f) - 2, at + sizeof(f) - 1,
	    n - (size_t)(at - text) - (sizeof(f) - 1) + 1);
	j = cJSON_CreateRaw(t);
	free(t);
	return j;
}

/*
 * The COMMIT that wrote row id (order or refund) came back DB_AMBIGUOUS:
 * the connection died, the router answers 503, and the answer the row
 * was inserted with as claimed (answered = 1) is never handed out.  On a
 * new connection, give it back (unanswer: db_order_unanswer or
 * db_refund_unanswer), so that the client's retry of the same body claims
 * it and answers as the first answer.  The update waits for the row's lock,
 * so it sees what the COMMIT did; without a row it changes nothing.  When
 * it cannot run (the database is down) the retry answers as a duplicate.
 * The router still sees the ambiguous COMMIT (db_take_ambiguous()) and
 * does not run the request again.
 */
static void
give_back_answer(struct sg_db *db, int (*unanswer)(struct sg_db *, int64_t),
    int64_t id)
{
	if (db_ensure(db) != DB_OK || unanswer(db, id) != DB_OK)
		sg_warn("row %lld: its answer could not be given back after an "
		    "ambiguous commit (a retry answers as a duplicate): %s",
		    (long long)id, db_last_error(db));
}

/*
 * The same order id came again: compare fingerprints, then answer the
 * stored response.  When the attempt that committed never claimed its
 * answer (its COMMIT's outcome was unknown to it: it answered 503), this
 * retry claims it and answers as the first (201, "duplicate": false);
 * else "duplicate": true.  A different body is a conflict.
 */
static int
order_repeat(struct sg_db *db, int64_t store_id, const struct sg_order *o,
    const unsigned char *fp, cJSON **out, int *duplicate, struct sg_verror *err)
{
	char	*text;
	int64_t	 pk;
	int	 rc, same;

	if ((rc = db_order_response_get(db, store_id, o->id, fp,
	    SG_FINGERPRINT_BYTES, &pk, &same, &text)) <= 0)
		/* 0: the first one rolled back meanwhile; try again. */
		return rc == 0 ? DB_RETRY : rc;
	if (!same) {
		sg_verror_set(err, SG_VERR_INVALID, "id",
		    "an order with this id was posted before with a different body");
		return SVC_CONFLICT;
	}
	if ((rc = db_order_claim_answer(db, pk)) < 0) {
		free(text);
		return rc;
	}
	*out = stored_reply(text, rc == 1);
	free(text);
	if (*out == NULL)
		return DB_ERR;
	*duplicate = rc == 1 ? 0 : 1;
	return SVC_OK;
}

/*
 * {"milestone_id", "target", "metric"} of a milestone the order reached,
 * into arr.
 */
static int
reached_json(cJSON *arr, const struct db_milestone_rule *m)
{
	cJSON	*g;

	return sg_json_append(arr, g = cJSON_CreateObject()) &&
	    sg_json_add_num(g, "milestone_id", m->id) &&
	    sg_json_add_num(g, "target", m->rule.target) &&
	    sg_json_add_str(g, "metric", 1, sg_metric_name(m->rule.metric));
}

/* A grant of milestone m made on the posted order, into the "gifts" array. */
static int
gift_json(cJSON *arr, int64_t grant_id, const struct db_campaign *c,
    const struct db_milestone_rule *m)
{
	cJSON	*g;

	return sg_json_append(arr, g = cJSON_CreateObject()) &&
	    sg_json_add_num(g, "grant_id", grant_id) &&
	    sg_json_add_str(g, "campaign", 1, c->slug) &&
	    sg_json_add_num(g, "milestone_id", m->id) &&
	    sg_json_add_str(g, "product_id", 1, m->gift_product_id) &&
	    sg_json_add_str(g, "variant_id", m->has_gift_variant,
	    m->gift_variant_id) &&
	    sg_json_add_num(g, "quantity", m->gift_quantity);
}

/*
 * Rules 1-2, 4-7 and 10-11 for order o (row order_pk), counted at seq in
 * locked campaign c whose progress moved from p0 to p1 and its backer
 * count from b0 to b1 (one serial step): mark the milestones it
 * reaches, grant the posted backer what the order qualifies for (one
 * statement for all), and run rule 5's fan-out for each scope-"all" gift
 * it reached.  Events: only the types in events (the store's
 * subscriptions), numbered after *last (db/event.h).
 */
static int
order_reach(struct sg_db *db, int64_t store_id, const struct sg_order *o,
    int64_t order_pk, const struct db_campaign *c, struct db_milestone_rule *ms,
    size_t n, int64_t p0, int64_t p1, int64_t b0, int64_t b1, int64_t seq,
    unsigned events, int64_t *last, cJSON *reached, cJSON *gifts)
{
	struct sg_rule_milestone *rules = NULL;
	struct sg_rule_order	  ro;
	size_t			 *idx = NULL, *qual = NULL, ncross = 0, nq = 0;
	size_t			  i, k;
	const struct db_milestone_rule **qms = NULL;
	int64_t			 *gid = NULL;
	int			  rc, granted = 0;

	if (n == 0)
		return DB_OK;
	if ((idx = calloc(n, sizeof(*idx))) == NULL ||
	    (qual = calloc(n, sizeof(*qual))) == NULL ||
	    (qms = calloc(n, sizeof(*qms))) == NULL ||
	    (gid = calloc(n, sizeof(*gid))) == NULL ||
	    (rules = calloc(n, sizeof(*rules))) == NULL) {
		rc = DB_ERR;
		goto out;
	}
	/*
	 * Rule 5 after the answer (service/fanout.h): a fan-out still running
	 * gives this backer its grant first, on the order it would choose.
	 */
	for (i = 0; i < n && !ms[i].fanout_pending; i++)
		;
	if (i < n && (rc = svc_fanout_backer(db, store_id, c->id, o->backer,
	    events, last)) != DB_OK)
		goto out;
	for (i = 0; i < n; i++)
		rules[i] = ms[i].rule;
	ncross = sg_rules_crossed(p0, p1, b0, b1, rules, n, idx);
	for (k = 0; k < ncross; k++) {
		i = idx[k];
		if ((rc = db_milestone_reach_by_order(db, ms[i].id, seq,
		    order_pk)) != DB_OK ||
		    ((events & SG_EVENT_BIT_MILESTONE_REACHED) &&
		    (rc = db_event_milestone_reached_at(db, last, c->id,
		    ms[i].id)) != DB_OK))
			goto out;
		ms[i].rule.reached = 1;
		ms[i].rule.reached_seq = seq;
		ms[i].crossed = 1;
		if (!reached_json(reached, &ms[i])) {
			rc = DB_ERR;
			goto out;
		}
	}
	/* Rules 4-7 for the posted order's backer: grants on this order. */
	ro.backer = o->backer;
	ro.seq = seq;
	ro.counted = 1;
	ro.active = 1;
	for (i = 0; i < n; i++)
		if (sg_rules_order_qualifies(&ms[i].rule, &ro)) {
			qual[nq] = i;
			qms[nq++] = &ms[i];
		}
	if ((rc = db_grants_insert_set(db, store_id, c->id, order_pk, o->backer,
	    qms, nq, gid)) != DB_OK)
		goto out;
	for (k = 0; k < nq; k++) {
		if (gid[k] == 0)
			continue;	/* rule 6: the backer holds one */
		granted = 1;
		if (!gift_json(gifts, gid[k], c, &ms[qual[k]])) {
			rc = DB_ERR;
			goto out;
		}
	}
	if (granted && (events & SG_EVENT_BIT_GRANT_CREATED) &&
	    (rc = db_event_order_grants_at(db, last, store_id, c->id, c->slug,
	    gid, nq)) != DB_OK)
		goto out;
	/*
	 * Rule 5: everyone else with an active counted order, at the reach
	 * (now, or after the answer in a large campaign).
	 */
	for (k = 0; k < ncross; k++)
		if ((rc = svc_fanout_reached(db, store_id, c->id, &ms[idx[k]],
		    b1, events, last)) != DB_OK)
			goto out;
	rc = DB_OK;
out:
	free(rules);
	free(gid);
	free(qms);
	free(qual);
	free(idx);
	return rc;
}

/*
 * What an order reads of a candidate campaign before it locks the row:
 * its products and milestones, read after rules_version (sql/021), which
 * the lock statement reads again.
 */
struct pre_read {
	int64_t			  rules_version;
	char			(*pids)[SG_EXTID_MAX + 1];
	size_t			  npids;
	struct db_milestone_rule *ms;
	size_t			  nms;
};

static void
pre_read_free(struct pre_read *p)
{
	free(p->pids);
	free(p->ms);
	p->pids = NULL;
	p->ms = NULL;
	p->npids = p->nms = 0;
}

/*
 * Read campaign id's products (through c, a scratch buffer) and
 * milestones into p; rules_version is the caller's, read before.
 */
static int
pre_read_load(struct sg_db *db, int64_t id, struct db_campaign *c,
    struct pre_read *p)
{
	size_t	 i;
	int	 rc;

	c->id = id;
	if ((rc = db_campaign_products_load(db, c)) != DB_OK ||
	    (rc = db_milestone_rules_load(db, id, &p->ms, &p->nms)) != DB_OK)
		return rc;
	if (c->nproduct_ids > 0 &&
	    (p->pids = calloc(c->nproduct_ids, sizeof(*p->pids))) == NULL)
		return DB_ERR;
	for (i = 0; i < c->nproduct_ids; i++)
		memcpy(p->pids[i], c->product_ids[i], sizeof(p->pids[i]));
	p->npids = c->nproduct_ids;
	return DB_OK;
}

/*
 * This worker's copy of what pre_read_load() last read for a campaign, by
 * its rules_version: an order whose candidates statement reads the same
 * rules_version takes the copy instead of two statements.  It is as safe
 * as the read it replaces: the lock statement reads rules_version again,
 * and a copy is used under the lock only when that is still its version,
 * which every change to the products or milestones (and every reach, and
 * the end of a fan-out) moves.  A copy is labelled with the version read
 * before it, never a later one.  One slot per campaign id modulo
 * PRE_CACHE_SLOTS (at most 100 products and 100 milestones each: 27 kB,
 * 1.75 MB for all); dropped when the database connection changes.
 */
#define PRE_CACHE_SLOTS	64

static struct pre_cache_slot {
	int64_t		 id;		/* 0: empty */
	uint64_t	 conn;		/* db_connection() it was read on */
	struct pre_read	 p;
} pre_cache[PRE_CACHE_SLOTS];

/* A copy of src into *dst (DB_OK) or DB_ERR (nothing to free then). */
static int
pre_read_copy(struct pre_read *dst, const struct pre_read *src)
{
	struct pre_read	 d;

	memset(&d, 0, sizeof(d));
	d.rules_version = src->rules_version;
	if ((src->npids > 0 &&
	    (d.pids = calloc(src->npids, sizeof(*d.pids))) == NULL) ||
	    (src->nms > 0 &&
	    (d.ms = calloc(src->nms, sizeof(*d.ms))) == NULL)) {
		pre_read_free(&d);
		return DB_ERR;
	}
	if (src->npids > 0)
		memcpy(d.pids, src->pids, src->npids * sizeof(*d.pids));
	if (src->nms > 0)
		memcpy(d.ms, src->ms, src->nms * sizeof(*d.ms));
	d.npids = src->npids;
	d.nms = src->nms;
	*dst = d;
	return DB_OK;
}

/* Campaign id's kept read at rules_version rv on this connection, or NULL. */
static const struct pre_read *
pre_cache_at(struct sg_db *db, int64_t id, int64_t rv)
{
	const struct pre_cache_slot *s = &pre_cache[(uint64_t)id % PRE_CACHE_SLOTS];

	if (s->id != id || s->conn != db_connection(db) ||
	    s->p.rules_version != rv)
		return NULL;
	return &s->p;
}

/*
 * Campaign id's copy at rules_version rv into *p (its own: the order marks
 * the milestones it reaches in it): 1, or 0 (none; *p untouched).
 */
static int
pre_cache_get(struct sg_db *db, int64_t id, int64_t rv, struct pre_read *p)
{
	const struct pre_read	*k = pre_cache_at(db, id, rv);

	return k != NULL && pre_read_copy(p, k) == DB_OK;
}

/* Keep a copy of p, just read for campaign id (none when out of memory). */
static void
pre_cache_put(struct sg_db *db, int64_t id, const struct pre_read *p)
{
	struct pre_cache_slot	*s = &pre_cache[(uint64_t)id % PRE_CACHE_SLOTS];

	pre_read_free(&s->p);
	s->id = 0;
	if (pre_read_copy(&s->p, p) == DB_OK) {
		s->id = id;
		s->conn = db_connection(db);
	}
}

void
svc_order_cache_clear(void)
{
	size_t	 i;

	for (i = 0; i < PRE_CACHE_SLOTS; i++) {
		pre_read_free(&pre_cache[i].p);
		pre_cache[i].id = 0;
	}
}

/*
 * Campaign id's products and milestones at rules_version rv into p: this
 * worker's copy, or read (through c, a scratch buffer) and kept.
 */
static int
pre_read_get(struct sg_db *db, int64_t id, int64_t rv, struct db_campaign *c,
    struct pre_read *p)
{
	int	 rc;

	p->rules_version = rv;
	if (pre_cache_get(db, id, rv, p))
		return DB_OK;
	if ((rc = pre_read_load(db, id, c, p)) == DB_OK)
		pre_cache_put(db, id, p);
	return rc;
}

/*
 * May the order, taking progress to p1 and the backer count to b1, reach
 * one of ms[0..n)?  (A superset of what sg_rules_crossed() finds: a false
 * yes only makes the next orders read the milestones again.)
 */
static int
reaches_any(const struct db_milestone_rule *ms, size_t n, int64_t p1,
    int64_t b1)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!ms[i].rule.reached && ms[i].rule.target <=
		    sg_rules_metric_value(&ms[i].rule, p1, b1))
			return 1;
	return 0;
}

/*
 * The counters of one locked campaign that orders counted in it and did
 * not write yet (count_flush() writes them, one statement for several
 * orders), and whether the row must be locked (read) again before the
 * next order: an order reached a milestone, which moved rules_version.
 */
struct count_defer {
	int64_t	 units, amount, orders, backers, seq;
	int	 relock;
};

/* Write d's deltas to campaign id (rules: an order reached a milestone). */
static int
count_flush(struct sg_db *db, int64_t id, struct count_defer *d, int rules)
{
	int	 rc;

	if (d->orders == 0 && !rules)
		return DB_OK;
	rc = db_campaign_count_rules(db, id, d->units, d->amount, d->orders,
	    d->backers, d->seq, d->orders, rules);
	d->units = d->amount = d->orders = d->backers = 0;
	return rc;
}

/*
 * Count order o (row order_pk) in the locked campaign c (its rules_version
 * rv and last event number *last, read by the lock; < 0: not read):
 * counters, backer, crossings, grants for the posted backer, the
 * scope-"all" fan-out, and the events of the types in events.  The
 * products and milestones are pre's, read before the lock, unless rv
 * moved since (then read again, under the lock).  Adds the campaign's
 * entry to camps and its gifts to gifts.  *overflow is set when a counter
 * would overflow (then nothing is written).
 *
 * The campaign's counters go into d, written by count_flush() right away
 * when the order crosses the goal or may reach a milestone (what follows
 * then reads the row), else by the caller after the last order of the
 * batch in this campaign (nothing else reads them before).  On success c
 * holds what the lock would read now.
 */
static int
order_count_in(struct sg_db *db, int64_t store_id, const struct sg_order *o,
    int64_t order_pk, struct db_campaign *c, int64_t rv, int64_t *last,
    struct pre_read *pre, unsigned events, cJSON *camps, cJSON *gifts,
    int *overflow, struct count_defer *d)
{
	const char		*pids[SG_CAMPAIGN_PRODUCTS_MAX];
	const char		*counted[SG_CAMPAIGN_PRODUCTS_MAX];
	struct sg_contribution	 con;
	int64_t			 units, amount, p0, p1, b0, b1, seq;
	cJSON			*entry, *reached;
	size_t			 i, ncounted;
	int			 rc, newb = 0, reach, goal;

	if (rv != pre->rules_version) {
		/* Changed since it was read: read it again, under the lock. */
		pre_read_free(pre);
		if ((rc = pre_read_get(db, c->id, rv, c, pre)) != DB_OK)
			return rc;
	}
	for (i = 0; i < pre->npids; i++)
		pids[i] = pre->pids[i];
	if (sg_rules_contribution(o->lines, o->nlines, pids, pre->npids,
	    &con) == -1) {
		*overflow = 1;
		return DB_OK;
	}
	if (!con.counted)
		return DB_OK;
	if (sg_money_add(c->units, con.units, &units) == -1 ||
	    sg_money_add(c->amount, con.amount, &amount) == -1) {
		*overflow = 1;
		return DB_OK;
	}
	p0 = db_campaign_progress(c);
	p1 = c->goal_kind == SG_GOAL_MONEY ? amount : units;
	seq = c->counted_seq + 1;
	/* What counted, for refunds: pids is the list at rv, under the lock. */
	ncounted = sg_rules_counted_products(o->lines, o->nlines, pids,
	    pre->npids, counted);
	if ((rc = db_order_campaign_insert(db, order_pk, c->id, o->backer,
	    con.units, con.amount, seq, counted, ncounted)) != DB_OK ||
	    (rc = db_backer_add(db, c->id, o->backer, &newb)) != DB_OK)
		return rc;
	b0 = c->backers;
	b1 = b0 + newb;
	goal = p0 < c->goal && p1 >= c->goal;
	reach = reaches_any(pre->ms, pre->nms, p1, b1);
	d->units += con.units;
	d->amount += con.amount;
	d->orders++;
	d->backers += newb;
	d->seq = seq;
	if ((reach || goal) && (rc = count_flush(db, c->id, d, reach)) != DB_OK)
		return rc;
	if (reach)
		d->relock = 1;
	if (goal && (events & SG_EVENT_BIT_GOAL_REACHED) &&
	    (rc = db_event_campaign_at(db, last, c->id,
	    SG_EVENT_GOAL_REACHED)) != DB_OK)
		return rc;
	if ((entry = campaign_summary(camps, c, p1, b1)) == NULL ||
	    (reached = cJSON_AddArrayToObject(entry, "reached")) == NULL)
		return DB_ERR;
	if ((rc = order_reach(db, store_id, o, order_pk, c, pre->ms, pre->nms,
	    p0, p1, b0, b1, seq, events, last, reached, gifts)) != DB_OK)
		return rc;
	c->units = units;
	c->amount = amount;
	c->orders++;
	c->backers = b1;
	c->counted_seq = seq;
	c->version++;
	return DB_OK;
}

/* The response of a first post, without its campaigns and gifts yet. */
static cJSON *
post_response(const struct sg_order *o, cJSON **camps, cJSON **gifts)
{
	cJSON	*resp;

	if ((resp = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(resp, "order_id", o->id) == NULL ||
	    cJSON_AddFalseToObject(resp, "duplicate") == NULL ||
	    (*camps = cJSON_AddArrayToObject(resp, "campaigns")) == NULL ||
	    (*gifts = cJSON_AddArrayToObject(resp, "gifts")) == NULL) {
		cJSON_Delete(resp);
		return NULL;
	}
	return resp;
}

/*
 * One posted order between the steps of its transaction: its row, its
 * candidate campaigns (sorted by id) with what was read of them before the
 * locks, and its response as it is built.
 */
struct post {
	const struct sg_order	*o;
	unsigned char		 fp[SG_FINGERPRINT_BYTES];
	int64_t			 pk;
	struct db_candidate	*cids;
	size_t			 ncids;
	unsigned		 events;
	struct pre_read		*pre;
	cJSON			*resp, *camps, *gifts;
};

static void
post_free(struct post *p)
{
	size_t	 i;

	cJSON_Delete(p->resp);
	for (i = 0; p->pre != NULL && i < p->ncids; i++)
		pre_read_free(&p->pre[i]);
	free(p->pre);
	free(p->cids);
	p->resp = NULL;
	p->pre = NULL;
	p->cids = NULL;
	p->ncids = 0;
}

/*
 * In the open transaction, before any campaign lock, with p's candidate
 * campaigns read: its response's skeleton, and each candidate's products
 * and milestones after its rules_version (read by the candidates
 * statement).
 */
static int
post_prepare(struct sg_db *db, struct post *p, struct db_campaign *c)
{
	size_t	 i;
	int	 rc;

	if ((p->resp = post_response(p->o, &p->camps, &p->gifts)) == NULL ||
	    (p->ncids > 0 && (p->pre = calloc(p->ncids, sizeof(*p->pre))) ==
	    NULL))
		return DB_ERR;
	for (i = 0; i < p->ncids; i++)
		if ((rc = pre_read_get(db, p->cids[i].campaign_id,
		    p->cids[i].rules_version, c, &p->pre[i])) != DB_OK)
			return rc;
	return DB_OK;
}

/*
 * Insert p's order (its fingerprint taken before) and its lines, read its
 * candidate campaigns and the store's subscriptions, then
 * post_prepare().  DB_DUP: the order id was posted before (nothing
 * else done).
 */
static int
post_insert(struct sg_db *db, int64_t store_id, struct post *p,
    struct db_campaign *c)
{
	int	 rc;

	if ((rc = db_order_insert(db, store_id, p->o, p->fp, sizeof(p->fp),
	    &p->pk)) != DB_OK ||
	    (rc = db_order_candidates(db, p->pk, store_id, &p->cids, &p->ncids,
	    &p->events)) != DB_OK)
		return rc;
	return post_prepare(db, p, c);
}

/*
 * The same for the orders ps[0..n) of a batch: their rows, all their
 * lines and their candidates four orders per statement, then each one's
 * post_prepare().  DB_DUP when one was posted before.
 */
static int
posts_insert(struct sg_db *db, int64_t store_id, struct post *ps, size_t n,
    struct db_campaign *c)
{
	const struct sg_order	**os;
	const unsigned char	**fps;
	struct db_candidate	**cids;
	int64_t			 *pks;
	size_t			 *ncids, j;
	unsigned		 *events;
	int			  rc = DB_ERR;

	os = calloc(n, sizeof(*os));
	fps = calloc(n, sizeof(*fps));
	pks = calloc(n, sizeof(*pks));
	cids = calloc(n, sizeof(*cids));
	ncids = calloc(n, sizeof(*ncids));
	events = calloc(n, sizeof(*events));
	if (os == NULL || fps == NULL || pks == NULL || cids == NULL ||
	    ncids == NULL || events == NULL)
		goto out;
	for (j = 0; j < n; j++) {
		os[j] = ps[j].o;
		fps[j] = ps[j].fp;
	}
	if ((rc = db_order_insert_rows(db, store_id, os, fps, sizeof(ps[0].fp),
	    pks, n)) != DB_OK)
		goto out;
	for (j = 0; j < n; j++)
		ps[j].pk = pks[j];
	if ((rc = db_order_lines_insert(db, os, pks, n)) != DB_OK ||
	    (rc = db_orders_candidates(db, pks, n, store_id, cids, ncids,
	    events)) != DB_OK)
		goto out;
	for (j = 0; j < n; j++) {
		ps[j].cids = cids[j];
		ps[j].ncids = ncids[j];
		ps[j].events = events[j];
	}
	for (j = 0; j < n; j++)
		if ((rc = post_prepare(db, &ps[j], c)) != DB_OK)
			goto out;
	rc = DB_OK;
out:
	free(os);
	free(fps);
	free(pks);
	free(cids);
	free(ncids);
	free(events);
	return rc;
}

/* The index of campaign id among p's candidates, or -1. */
static ptrdiff_t
post_candidate(const struct post *p, int64_t id)
{
	size_t	 i;

	for (i = 0; i < p->ncids; i++)
		if (p->cids[i].campaign_id == id)
			return (ptrdiff_t)i;
	return -1;
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Count the orders ps[0..n) (inserted by post_insert) in their candidate
 * campaigns: each campaign locked in id order, and in it the orders one
 * after the other, in the order of ps (each sees the ones before it, as if
 * each had committed on its own).  SVC_INVALID when a counter would
 * overflow (err says so).
 */
static int
posts_count(struct sg_db *db, int64_t store_id, struct post *ps, size_t n,
    struct db_campaign *c, struct sg_verror *err)
{
	struct count_defer d;
	int64_t		*ids = NULL, rv = 0, last = -1;
	size_t		 nids = 0, i, j, k;
	ptrdiff_t	 at;
	int		 rc, overflow = 0, locked;

	for (j = 0; j < n; j++)
		nids += ps[j].ncids;
	if (nids == 0)
		return DB_OK;
	if ((ids = calloc(nids, sizeof(*ids))) == NULL)
		return DB_ERR;
	for (j = 0, k = 0; j < n; j++)
		for (i = 0; i < ps[j].ncids; i++)
			ids[k++] = ps[j].cids[i].campaign_id;
	qsort(ids, nids, sizeof(*ids), id_cmp);
	for (i = 0, k = 0; i < nids; i++)
		if (k == 0 || ids[k - 1] != ids[i])
			ids[k++] = ids[i];
	nids = k;
	/*
	 * Each campaign is locked (read) once for the orders of the batch,
	 * again only after one of them reached a milestone; its counters
	 * are written once after the last (count_defer).
	 */
	for (i = 0; i < nids; i++) {
		memset(&d, 0, sizeof(d));
		locked = 0;
		for (j = 0; j < n; j++) {
			if ((at = post_candidate(&ps[j], ids[i])) < 0)
				continue;
			if (!locked) {
				/* With the campaign's last event number when
				   events are due. */
				last = -1;
				if ((rc = db_campaign_lock_rules(db, ids[i], c,
				    &rv, ps[j].events != 0 ? &last : NULL)) < 0)
					goto out;
				if (rc == 0)
					break;		/* gone */
				locked = 1;
			}
			if (c->status != SG_STATUS_LIVE ||
			    !sg_rules_in_window(ps[j].o->placed_at,
			    c->has_starts, c->starts_at, c->has_ends, c->ends_at))
				continue;
			if ((rc = order_count_in(db, store_id, ps[j].o, ps[j].pk,
			    c, rv, &last, &ps[j].pre[at], ps[j].events,
			    ps[j].camps, ps[j].gifts, &overflow, &d)) != DB_OK) {
				/* A number taken twice (never, under the
				   lock): again. */
				if (rc == DB_DUP)
					rc = DB_RETRY;
				goto out;
			}
			if (overflow) {
				sg_verror_set(err, SG_VERR_OVERFLOW, "line_items",
				    "the campaign's total would overflow");
				rc = SVC_INVALID;
				goto out;
			}
			if (d.relock) {
				d.relock = 0;
				locked = 0;
			}
		}
		if ((rc = count_flush(db, ids[i], &d, 0)) != DB_OK)
			goto out;
	}
	rc = DB_OK;
out:
	free(ids);
	return rc;
}

/* Store each response of ps[0..n) with its order row (four at once). */
static int
posts_respond(struct sg_db *db, struct post *ps, size_t n)
{
	char	**texts;
	int64_t	 *pks;
	size_t	  j;
	int	  rc = DB_ERR;

	texts = calloc(n, sizeof(*texts));
	pks = calloc(n, sizeof(*pks));
	if (texts == NULL || pks == NULL)
		goto out;
	for (j = 0; j < n; j++) {
		if ((texts[j] = cJSON_PrintUnformatted(ps[j].resp)) == NULL)
			goto out;
		pks[j] = ps[j].pk;
	}
	rc = db_orders_response_set(db, pks, texts, n);
out:
	for (j = 0; texts != NULL && j < n; j++)
		free(texts[j]);
	free(texts);
	free(pks);
	return rc;
}

int
svc_order_post(struct sg_db *db, int64_t store_id, const struct sg_order *o,
    cJSON **out, int *duplicate, struct sg_verror *err)
{
	struct db_campaign	*c = NULL;
	struct post		 p;
	int			 rc;

	*out = NULL;
	*duplicate = 0;
	memset(&p, 0, sizeof(p));
	p.o = o;
	if (sg_order_fingerprint(o, p.fp) == -1)
		return DB_ERR;
	if ((c = malloc(sizeof(*c))) == NULL)
		return DB_ERR;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		goto out;
	if ((rc = post_insert(db, store_id, &p, c)) == DB_DUP) {
		db_rollback(db);
		rc = order_repeat(db, store_id, o, p.fp, out, duplicate, err);
		goto out;
	}
	if (rc != DB_OK ||
	    (rc = posts_count(db, store_id, &p, 1, c, err)) != DB_OK ||
	    (rc = posts_respond(db, &p, 1)) != DB_OK)
		goto fail;
	if ((rc = db_commit(db)) != DB_OK) {
		if (rc == DB_AMBIGUOUS)
			give_back_answer(db, db_order_unanswer, p.pk);
		goto fail;
	}
	*out = p.resp;
	p.resp = NULL;
	rc = SVC_OK;
	goto out;
fail:
	db_rollback(db);
out:
	post_free(&p);
	free(c);
	return rc;
}

int
svc_order_post_batch(struct sg_db *db, int64_t store_id,
    const struct sg_order *const *os, size_t n, cJSON **outs)
{
	struct db_campaign	*c = NULL;
	struct post		*ps = NULL;
	struct sg_verror	 err;
	size_t			 j;
	int			 rc;

	for (j = 0; j < n; j++)
		outs[j] = NULL;
	if ((c = malloc(sizeof(*c))) == NULL ||
	    (ps = calloc(n, sizeof(*ps))) == NULL) {
		rc = DB_ERR;
		goto out;
	}
	for (j = 0; j < n; j++) {
		ps[j].o = os[j];
		if (sg_order_fingerprint(os[j], ps[j].fp) == -1) {
			rc = DB_ERR;
			goto out;
		}
	}
	memset(&err, 0, sizeof(err));
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		goto out;
	if ((rc = posts_insert(db, store_id, ps, n, c)) != DB_OK)
		goto fail;
	if ((rc = posts_count(db, store_id, ps, n, c, &err)) != DB_OK ||
	    (rc = posts_respond(db, ps, n)) != DB_OK)
		goto fail;
	if ((rc = db_commit(db)) != DB_OK) {
		if (rc == DB_AMBIGUOUS)
			for (j = 0; j < n; j++)
				give_back_answer(db, db_order_unanswer, ps[j].pk);
		goto fail;
	}
	for (j = 0; j < n; j++) {
		outs[j] = ps[j].resp;
		ps[j].resp = NULL;
	}
	rc = SVC_OK;
	goto out;
fail:
	db_rollback(db);
	/*
	 * The copies read under the locks may hold this transaction's own
	 * writes (a milestone reached by an earlier order of the batch), now
	 * rolled back: drop them all.
	 */
	svc_order_cache_clear();
out:
	for (j = 0; ps != NULL && j < n; j++)
		post_free(&ps[j]);
	free(ps);
	free(c);
	return rc;
}

/* One entry of a cancel's "grants": the grant g moved to a new one or void. */
static int
cancelled_grant_json(cJSON *arr, const struct db_order_grant *g, int64_t nid,
    const char *to_order)
{
	cJSON	*e, *mv;

	if (!sg_json_append(arr, e = cJSON_CreateObject()) ||
	    !sg_json_add_num(e, "grant_id", g->id) ||
	    !sg_json_add_num(e, "milestone_id", g->milestone_id) ||
	    !sg_json_add_str(e, "status", 1, nid ? "moved" : "void"))
		return 0;
	if (!nid)
		return cJSON_AddNullToObject(e, "moved_to") != NULL;
	return (mv = cJSON_AddObjectToObject(e, "moved_to")) != NULL &&
	    sg_json_add_num(mv, "grant_id", nid) &&
	    sg_json_add_str(mv, "order_id", 1, to_order);
}

/*
 * Rule 8 for the non-void grants of order pk in campaign cid: move each to
 * the backer's earliest other qualifying active order, else void it.
 * Adds one entry per grant to arr.
 */
static int
cancel_grants(struct sg_db *db, int64_t store_id, int64_t cid, int64_t pk,
    const char *backer, unsigned events, cJSON *arr)
{
	struct db_order_grant	*gv = NULL;
	struct db_backer_order	*ov = NULL;
	struct sg_rule_order	*rv = NULL;
	struct db_milestone_rule *ms = NULL;
	size_t			 ng = 0, no = 0, nms = 0, i, k;
	ptrdiff_t		 to;
	int64_t			 nid, last = -1;
	int			 rc;

	if ((rc = db_grants_of_order_lock(db, pk, cid, &gv, &ng)) != DB_OK ||
	    ng == 0)
		goto out;
	if ((rc = db_backer_other_orders(db, cid, backer, pk, &ov, &no)) != DB_OK)
		goto out;
	if (no > 0 && (rv = calloc(no, sizeof(*rv))) == NULL) {
		rc = DB_ERR;
		goto out;
	}
	for (i = 0; i < no; i++) {
		rv[i].backer = backer;
		rv[i].seq = ov[i].seq;
		rv[i].active = ov[i].active;
		rv[i].counted = 1;
	}
	if ((rc = db_milestone_rules_load(db, cid, &ms, &nms)) != DB_OK)
		goto out;
	for (i = 0; i < ng; i++) {
		for (k = 0; k < nms && ms[k].id != gv[i].milestone_id; k++)
			;
		to = k < nms ? sg_rules_place_on_cancel(&ms[k].rule, rv, no) : -1;
		if ((rc = db_grant_void(db, gv[i].id)) != DB_OK)
			goto out;
		nid = 0;
		/* The backer's only live grant of it was just voided: a
		   duplicate is a concurrent writer's, and the cancel runs again. */
		if (to >= 0 && (rc = db_grant_insert(db, store_id, cid,
		    gv[i].milestone_id, ov[to].pk, backer, gv[i].product_id,
		    gv[i].has_variant ? gv[i].variant_id : NULL, gv[i].quantity,
		    gv[i].id, &nid)) != DB_OK) {
			if (rc == DB_DUP)
				rc = DB_RETRY;
			goto out;
		}
		if ((rc = db_event_grant_voided_at(db, &last, cid, gv[i].id, nid,
		    events)) != DB_OK)
			goto out;
		if (!cancelled_grant_json(arr, &gv[i], nid,
		    to >= 0 ? ov[to].external_id : NULL)) {
			rc = DB_ERR;
			goto out;
		}
	}
	rc = DB_OK;
out:
	free(gv);
	free(ov);
	free(rv);
	free(ms);
	return rc < 0 ? rc : DB_OK;
}

/* The response of a cancel, without its campaigns and grants yet. */
static cJSON *
cancel_response(const char *ext, int duplicate, cJSON **camps, cJSON **grants)
{
	cJSON	*resp;

	if ((resp = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(resp, "order_id", ext) == NULL ||
	    cJSON_AddStringToObject(resp, "status", "cancelled") == NULL ||
	    cJSON_AddBoolToObject(resp, "duplicate", duplicate) == NULL ||
	    (*camps = cJSON_AddArrayToObject(resp, "campaigns")) == NULL ||
	    (*grants = cJSON_AddArrayToObject(resp, "grants")) == NULL) {
		cJSON_Delete(resp);
		return NULL;
	}
	return resp;
}

/*
 * May a fan-out of campaign id (locked, at rules_version rv) be pending?
 * No only when this worker's copy of its milestones is at rv and none is
 * pending there: the flag moves with rules_version (a reach sets it, the
 * fan-out's end clears it), both under the campaign's lock.
 */
static int
fanout_may_be_pending(struct sg_db *db, int64_t id, int64_t rv)
{
	const struct pre_read	*k = pre_cache_at(db, id, rv);
	size_t			 i;

	if (k == NULL)
		return 1;
	for (i = 0; i < k->nms; i++)
		if (k->ms[i].fanout_pending)
			return 1;
	return 0;
}

/*
 * Take order ord's contribution cv out of the campaign (locked into c):
 * counters, backer, the campaign's entry in camps, and rule 8 for its
 * grants.
 */
static int
cancel_in(struct sg_db *db, int64_t store_id, const struct db_order_head *ord,
    const struct db_order_contrib *cv, struct db_campaign *c, unsigned events,
    cJSON *camps, cJSON *grants)
{
	int64_t	 remaining, gone, rv, last = -1;
	int	 rc;

	if ((rc = db_campaign_lock_rules(db, cv->campaign_id, c, &rv,
	    NULL)) <= 0)
		return rc == 0 ? DB_ERR : rc;
	/* A fan-out still running gives the backer its grant first. */
	if ((fanout_may_be_pending(db, c->id, rv) &&
	    (rc = svc_fanout_backer(db, store_id, c->id, ord->backer, events,
	    &last)) != DB_OK) ||
	    (rc = db_order_campaign_deactivate(db, ord->pk, c->id)) != DB_OK ||
	    (rc = db_backer_remove(db, c->id, ord->backer)) != DB_OK ||
	    (rc = db_backer_active_orders(db, c->id, ord->backer,
	    &remaining)) != DB_OK)
		return rc;
	gone = remaining <= 0 ? 1 : 0;
	if ((rc = db_campaign_count(db, c->id, -cv->units, -cv->amount, -1,
	    -gone, c->counted_seq)) != DB_OK)
		return rc;
	c->units -= cv->units;
	c->amount -= cv->amount;
	if (campaign_summary(camps, c, db_campaign_progress(c),
	    c->backers - gone) == NULL)
		return DB_ERR;
	return cancel_grants(db, store_id, c->id, ord->pk, ord->backer, events,
	    grants);
}

int
svc_order_cancel(struct sg_db *db, int64_t store_id, const char *ext,
    cJSON **out, struct sg_verror *err)
{
	struct db_order_head	 ord;
	struct db_campaign	*c = NULL;
	struct db_order_contrib	*cv = NULL;
	size_t			 n = 0, i;
	unsigned		 events = 0;
	cJSON			*resp = NULL, *camps, *grants;
	int			 rc;

	(void)err;
	*out = NULL;
	if ((c = malloc(sizeof(*c))) == NULL)
		return DB_ERR;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		goto out;
	if ((rc = db_order_lock(db, store_id, ext, &ord)) <= 0) {
		rc = svc_found(rc);
		goto fail;
	}
	if ((resp = cancel_response(ext, ord.cancelled, &camps, &grants)) == NULL) {
		rc = DB_ERR;
		goto fail;
	}
	if (ord.cancelled) {
		/* Idempotent: nothing to do. */
		db_rollback(db);
		*out = resp;
		resp = NULL;
		rc = SVC_OK;
		goto out;
	}
	if ((rc = db_order_contribs(db, ord.pk, &cv, &n)) != DB_OK ||
	    (n > 0 && (rc = db_event_subscribed(db, store_id, &events)) != DB_OK))
		goto fail;
	for (i = 0; i < n; i++)
		if ((rc = cancel_in(db, store_id, &ord, &cv[i], c, events, camps,
		    grants)) != DB_OK)
			goto fail;
	if ((rc = db_order_cancel(db, ord.pk)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK)
		goto fail;
	*out = resp;
	resp = NULL;
	rc = SVC_OK;
	goto out;
fail:
	db_rollback(db);
out:
	cJSON_Delete(resp);
	free(cv);
	free(c);
	return rc;
}

/* The validated refund as JSON text (malloc'd), or NULL. */
static char *
refund_text(const struct sg_refund *r)
{
	cJSON	*o, *arr, *x;
	char	*text = NULL;
	size_t	 i;

	if ((o = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(o, "line_items")) == NULL)
		goto out;
	for (i = 0; i < r->nlines; i++)
		if (!sg_json_append(arr, x = cJSON_CreateObject()) ||
		    !sg_json_add_str(x, "product_id", 1, r->lines[i].product_id) ||
		    !sg_json_add_num(x, "quantity", r->lines[i].quantity) ||
		    !sg_json_add_num(x, "amount", r->lines[i].amount))
			goto out;
	text = cJSON_PrintUnformatted(o);
out:
	cJSON_Delete(o);
	return text;
}

/*
 * The products of order pk that counted toward campaign c when the order
 * was counted (order_count_in() records them in its order_campaigns row;
 * a program before sql/033 recorded them in order_campaign_products, and
 * db_order_campaign_products() reads those when the row has none), as
 * pointers into *cp (v has SG_CAMPAIGN_PRODUCTS_MAX entries); *np their
 * number.  A counted order has at least one; none recorded means an
 * order counted by a program older than the record (sql/011), and then
 * the campaign's product_ids stand in for it (the approximation sql/011's
 * backfill makes).
 */
static int
order_refund_pids(struct sg_db *db, int64_t pk, struct db_campaign *c,
    struct db_counted_products *cp, const char **v, size_t *np)
{
	size_t	 i;
	int	 rc;

	if ((rc = db_order_campaign_products(db, pk, c->id, cp)) != DB_OK)
		return rc;
	if (cp->n > 0) {
		for (i = 0; i < cp->n; i++)
			v[i] = cp->id[i];
		*np = cp->n;
		return DB_OK;
	}
	if ((rc = db_campaign_products_load(db, c)) != DB_OK)
		return rc;
	*np = campaign_pids(c, v);
	return DB_OK;
}

/*
 * Check refund r against the stored lines[0..nl) and what was refunded of
 * them: SVC_OK or SVC_INVALID with err set.
 */
static int
refund_check(const struct db_order_line *lines, size_t nl,
    const struct sg_refund *r, struct sg_verror *err)
{
	struct sg_order_line	*ol;
	struct sg_refund_line	*prior;
	size_t			 i, np = 0, bad = 0;
	int			 rc;

	ol = calloc(nl ? nl : 1, sizeof(*ol));
	prior = calloc(nl ? nl : 1, sizeof(*prior));
	if (ol == NULL || prior == NULL) {
		free(ol);
		free(prior);
		return DB_ERR;
	}
	for (i = 0; i < nl; i++) {
		ol[i] = lines[i].line;
		if (lines[i].refunded_qty > 0 || lines[i].refunded_amount > 0) {
			memcpy(prior[np].product_id, lines[i].line.product_id,
			    sizeof(prior[np].product_id));
			prior[np].quantity = lines[i].refunded_qty;
			prior[np].amount = lines[i].refunded_amount;
			np++;
		}
	}
	rc = SVC_INVALID;
	switch (sg_rules_refund_check(ol, nl, prior, np, r->lines, r->nlines, &bad)) {
	case SG_REFUND_OK:
		rc = SVC_OK;
		break;
	case SG_REFUND_UNKNOWN:
		sg_verror_set(err, SG_VERR_INVALID, NULL,
		    "the order has no such product (gift lines are not refundable)");
		snprintf(err->field, sizeof(err->field), "line_items[%zu].product_id", bad);
		break;
	case SG_REFUND_EXCEEDS:
		sg_verror_set(err, SG_VERR_OUT_OF_RANGE, NULL,
		    "the refunds would return more than the order bought");
		snprintf(err->field, sizeof(err->field), "line_items[%zu]", bad);
		break;
	default:
		sg_verror_set(err, SG_VERR_OVERFLOW, "line_items", "a total overflows");
		break;
	}
	free(ol);
	free(prior);
	return rc;
}

/* Record each refund line on the first non-free line of its product. */
static int
refund_record_lines(struct sg_db *db, int64_t pk,
    const struct db_order_line *lines, size_t nl, const struct sg_refund *r)
{
	size_t	 i, k;
	int	 rc;

	for (i = 0; i < r->nlines; i++) {
		for (k = 0; k < nl; k++)
			if (!lines[k].line.free_line && strcmp(lines[k].line.product_id,
			    r->lines[i].product_id) == 0)
				break;
		if (k == nl)
			return DB_ERR;	/* refund_check() let it through */
		if ((rc = db_order_line_refund(db, pk, lines[k].line_no,
		    r->lines[i].quantity, r->lines[i].amount)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

/*
 * Lower order pk's contribution cv to its campaign (locked into c) by
 * refund r: only the products that counted there, whatever the campaign
 * lists now.  Adds the campaign's entry to camps.
 */
static int
refund_in(struct sg_db *db, int64_t pk, const struct db_order_contrib *cv,
    const struct sg_refund *r, struct db_campaign *c,
    struct db_counted_products *cp, cJSON *camps, struct sg_verror *err)
{
	const char		*v[SG_CAMPAIGN_PRODUCTS_MAX];
	struct sg_contribution	 cur, eff;
	size_t			 np = 0;
	int			 rc;

	if ((rc = db_campaign_lock_by_id(db, cv->campaign_id, c)) <= 0)
		return rc == 0 ? DB_ERR : rc;
	if ((rc = order_refund_pids(db, pk, c, cp, v, &np)) != DB_OK)
		return rc;
	if (sg_rules_refund_effect(r->lines, r->nlines, v, np, &eff) == -1) {
		sg_verror_set(err, SG_VERR_OVERFLOW, "line_items",
		    "a total overflows");
		return SVC_INVALID;
	}
	cur.counted = 1;
	cur.units = cv->units;
	cur.amount = cv->amount;
	sg_rules_lower(&cur, &eff);
	if ((rc = db_order_campaign_set(db, pk, c->id, cur.units,
	    cur.amount)) != DB_OK ||
	    (rc = db_campaign_count(db, c->id, cur.units - cv->units,
	    cur.amount - cv->amount, 0, 0, c->counted_seq)) != DB_OK)
		return rc;
	c->units += cur.units - cv->units;
	c->amount += cur.amount - cv->amount;
	if (campaign_summary(camps, c, db_campaign_progress(c), c->backers) == NULL)
		return DB_ERR;
	return DB_OK;
}

/*
 * Refund r's id came again for order pk: the stored response (claimed by
 * this retry when the attempt that committed never claimed it), or a
 * conflict when the body differs.  Outside any transaction.
 */
static int
refund_repeat(struct sg_db *db, int64_t id, int same, char *text,
    cJSON **out, int *duplicate, struct sg_verror *err)
{
	int	 rc;

	if (!same) {
		sg_verror_set(err, SG_VERR_INVALID, "id",
		    "a refund with this id was posted before with a different body");
		return SVC_CONFLICT;
	}
	if ((rc = db_refund_claim_answer(db, id)) < 0)
		return rc;
	if ((*out = stored_reply(text, rc == 1)) == NULL)
		return DB_ERR;
	*duplicate = rc == 1 ? 0 : 1;
	return SVC_OK;
}

int
svc_order_refund(struct sg_db *db, int64_t store_id, const char *ext,
    const struct sg_refund *r, cJSON **out, int *duplicate,
    struct sg_verror *err)
{
	unsigned char		 fp[SG_FINGERPRINT_BYTES];
	struct db_order_head	 ord;
	struct db_campaign	*c = NULL;
	struct db_counted_products *cp = NULL;
	struct db_order_contrib	*cv = NULL;
	struct db_order_line	*lines = NULL;
	size_t			 nl = 0, n = 0, i;
	int64_t			 refund_id;
	cJSON			*resp = NULL, *camps;
	char			*raw = NULL, *text = NULL;
	int			 rc, same;

	*out = NULL;
	*duplicate = 0;
	if (sg_refund_fingerprint(r, fp) == -1)
		return DB_ERR;
	c = malloc(sizeof(*c));
	cp = malloc(sizeof(*cp));
	if (c == NULL || cp == NULL) {
		rc = DB_ERR;
		goto out;
	}
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		goto out;
	/* The order row lock serialises the refunds of one order. */
	if ((rc = db_order_lock(db, store_id, ext, &ord)) <= 0) {
		rc = svc_found(rc);
		goto fail;
	}
	if ((rc = db_refund_get(db, ord.pk, r->id, fp, sizeof(fp), &refund_id,
	    &same, &text)) < 0)
		goto fail;
	if (rc > 0) {
		db_rollback(db);
		rc = refund_repeat(db, refund_id, same, text, out, duplicate, err);
		goto out;
	}
	if (ord.cancelled) {
		sg_verror_set(err, SG_VERR_INVALID, "id",
		    "the order is cancelled; it no longer counts");
		rc = SVC_CONFLICT;
		goto fail;
	}
	if ((rc = db_order_lines(db, ord.pk, &lines, &nl)) != DB_OK ||
	    (rc = refund_check(lines, nl, r, err)) != SVC_OK)
		goto fail;
	if ((raw = refund_text(r)) == NULL) {
		rc = DB_ERR;
		goto fail;
	}
	if ((rc = db_refund_insert(db, ord.pk, r->id, fp, sizeof(fp), raw,
	    &refund_id)) != DB_OK) {
		/* A concurrent copy got in first: run again, find it. */
		if (rc == DB_DUP)
			rc = DB_RETRY;
		goto fail;
	}
	if ((rc = refund_record_lines(db, ord.pk, lines, nl, r)) != DB_OK)
		goto fail;
	if ((resp = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(resp, "order_id", ext) == NULL ||
	    cJSON_AddFalseToObject(resp, "duplicate") == NULL ||
	    cJSON_AddStringToObject(resp, "id", r->id) == NULL ||
	    !sg_json_add_num(resp, "refund_id", refund_id) ||
	    (camps = cJSON_AddArrayToObject(resp, "campaigns")) == NULL) {
		rc = DB_ERR;
		goto fail;
	}
	if ((rc = db_order_contribs(db, ord.pk, &cv, &n)) != DB_OK)
		goto fail;
	for (i = 0; i < n; i++)
		if ((rc = refund_in(db, ord.pk, &cv[i], r, c, cp, camps,
		    err)) != DB_OK)
			goto fail;
	free(text);
	if ((text = cJSON_PrintUnformatted(resp)) == NULL) {
		rc = DB_ERR;
		goto fail;
	}
	if ((rc = db_refund_response_set(db, refund_id, text)) != DB_OK)
		goto fail;
	if ((rc = db_commit(db)) != DB_OK) {
		if (rc == DB_AMBIGUOUS)
			give_back_answer(db, db_refund_unanswer, refund_id);
		goto fail;
	}
	*out = resp;
	resp = NULL;
	rc = SVC_OK;
	goto out;
fail:
	db_rollback(db);
out:
	cJSON_Delete(resp);
	free(cv);
	free(c);
	free(cp);
	free(lines);
	free(raw);
	free(text);
	return rc;
}
