/* order.c — counting, cancelling and refunding orders; see service/order.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/campaign.h"
#include "db/milestone.h"
#include "db/db.h"
#include "db/internal.h"
#include "domain/money.h"
#include "service/internal.h"
#include "service/order.h"

/* A growable array of int64 (campaign ids). */
struct ids {
	int64_t	*v;
	size_t	 n, cap;
};

static int
ids_push(struct ids *a, int64_t x)
{
	int64_t	*p;

	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		if ((p = realloc(a->v, a->cap * sizeof(*p))) == NULL)
			return -1;
		a->v = p;
	}
	a->v[a->n++] = x;
	return 0;
}

static int
add_num(cJSON *o, const char *k, int64_t v)
{
	return cJSON_AddNumberToObject(o, k, (double)v) != NULL;
}

/* {"slug", "progress", "goal", "backers"} added to arr; NULL on no memory. */
static cJSON *
campaign_summary(cJSON *arr, const struct db_campaign *c, int64_t progress,
    int64_t backers)
{
	cJSON	*x;

	if ((x = cJSON_CreateObject()) == NULL)
		return NULL;
	if (!cJSON_AddItemToArray(arr, x))
		return NULL;
	if (cJSON_AddStringToObject(x, "slug", c->slug) == NULL ||
	    !add_num(x, "progress", progress) || !add_num(x, "goal", c->goal) ||
	    !add_num(x, "backers", backers))
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

/* Is id among pids[0..n)? */
static int
order_pid_in(const char *id, const char *const *pids, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(pids[i], id) == 0)
			return 1;
	return 0;
}

/*
 * Record which products of o counted toward campaign cid (pids[0..np), the
 * list the contribution was computed with): each non-gift product of the
 * order in pids, once.  Refunds go by this record (order_refund_pids()).
 */
static int
order_record_products(struct sg_db *db, const struct sg_order *o,
    int64_t order_pk, int64_t cid, const char *const *pids, size_t np)
{
	size_t	 i, k;
	int	 rc;

	for (i = 0; i < o->nlines; i++) {
		if (o->lines[i].gift ||
		    !order_pid_in(o->lines[i].product_id, pids, np))
			continue;
		for (k = 0; k < i; k++)
			if (!o->lines[k].gift && strcmp(o->lines[k].product_id,
			    o->lines[i].product_id) == 0)
				break;
		if (k < i)
			continue;	/* recorded with an earlier line */
		if ((rc = db_exec(db, SQL_API_ORDER_CAMPAIGN_PRODUCT_ADD, "iis",
		    order_pk, cid, o->lines[i].product_id)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

/*
 * The same order id came again: compare fingerprints, answer the stored
 * response with "duplicate": true, or conflict.
 */
static int
order_repeat(struct sg_db *db, int64_t store_id, const struct sg_order *o,
    const unsigned char *fp, cJSON **out, int *duplicate, struct sg_verror *err)
{
	const enum sqlstmt q = SQL_API_ORDER_GET_RESPONSE;
	const char	*f, *text;
	size_t		 flen, tlen;
	cJSON		*j = NULL;
	int		 rc, same;

	if ((rc = db_exec(db, q, "is", store_id, o->id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) <= 0) {
		db_done(db, q);
		/* The first one rolled back meanwhile: try again. */
		return rc == 0 ? DB_RETRY : rc;
	}
	f = db_col_str(db, q, 0, &flen);
	text = db_col_str(db, q, 1, &tlen);
	same = f != NULL && flen == SG_FINGERPRINT_BYTES &&
	    memcmp(f, fp, SG_FINGERPRINT_BYTES) == 0;
	if (same && text != NULL)
		j = cJSON_ParseWithLength(text, tlen);
	db_done(db, q);
	if (!same) {
		sg_verror_set(err, SG_VERR_INVALID, "id",
		    "an order with this id was posted before with a different body");
		return SVC_CONFLICT;
	}
	if (j == NULL || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return DB_ERR;
	}
	if (!cJSON_ReplaceItemInObjectCaseSensitive(j, "duplicate",
	    cJSON_CreateTrue())) {
		cJSON_Delete(j);
		return DB_ERR;
	}
	*out = j;
	*duplicate = 1;
	return SVC_OK;
}

/*
 * Count order o (row order_pk) in the locked campaign c: counters, backer,
 * crossings, grants for the posted backer, the scope-"all" fan-out.  Adds
 * the campaign's entry to camps and its gifts to gifts.  *overflow is set
 * when a counter would overflow (then nothing is written).
 */
static int
order_count_in(struct sg_db *db, int64_t store_id, const struct sg_order *o,
    int64_t order_pk, struct db_campaign *c, cJSON *camps, cJSON *gifts,
    int *overflow)
{
	const char		*pids[SG_CAMPAIGN_PRODUCTS_MAX];
	struct sg_contribution	 con;
	struct sg_rule_order	 ro;
	struct db_milestone_rule	*ms = NULL;
	struct sg_rule_milestone *rules = NULL;
	size_t			*idx = NULL, n = 0, ncross, i, k;
	int64_t			 units, amount, p0, p1, seq, active = 0, newb;
	cJSON			*entry, *reached, *g;
	int			 rc;

	if ((rc = db_campaign_products_load(db, c)) != DB_OK)
		return rc;
	if (sg_rules_contribution(o->lines, o->nlines, pids, campaign_pids(c, pids),
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
	if ((rc = db_exec(db, SQL_API_ORDER_CAMPAIGN_INSERT, "iisiii", order_pk,
	    c->id, o->backer, con.units, con.amount, seq)) != DB_OK ||
	    (rc = order_record_products(db, o, order_pk, c->id, pids,
	    c->nproduct_ids)) != DB_OK)
		return rc;
	if ((rc = db_get_i64(db, SQL_API_BACKER_GET, &active, "is", c->id,
	    o->backer)) < 0)
		return rc;
	newb = (rc == 0 || active <= 0) ? 1 : 0;
	if ((rc = db_exec(db, SQL_API_BACKER_ADD, "is", c->id, o->backer)) != DB_OK ||
	    (rc = db_exec(db, SQL_API_CAMPAIGN_COUNT, "iiiiii", con.units,
	    con.amount, (int64_t)1, newb, seq, c->id)) != DB_OK)
		return rc;
	if ((rc = db_milestone_rules_load(db, c->id, &ms, &n)) != DB_OK)
		return rc;
	if (n > 0 && (idx = calloc(n, sizeof(*idx))) == NULL) {
		rc = DB_ERR;
		goto out;
	}
	if ((entry = campaign_summary(camps, c, p1, c->backers + newb)) == NULL ||
	    (reached = cJSON_AddArrayToObject(entry, "reached")) == NULL) {
		rc = DB_ERR;
		goto out;
	}
	/* Rules 1-2: the milestones this order reaches. */
	ncross = 0;
	if (n > 0) {
		if ((rules = calloc(n, sizeof(*rules))) == NULL) {
			rc = DB_ERR;
			goto out;
		}
		for (i = 0; i < n; i++)
			rules[i] = ms[i].rule;
		ncross = sg_rules_crossed(p0, p1, rules, n, idx);
	}
	for (k = 0; k < ncross; k++) {
		i = idx[k];
		if ((rc = db_exec(db, SQL_API_MILESTONE_REACH_ORDER, "iii", seq,
		    order_pk, ms[i].id)) != DB_OK)
			goto out;
		ms[i].rule.reached = 1;
		ms[i].rule.reached_seq = seq;
		ms[i].crossed = 1;
		if ((g = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(reached, g) ||
		    !add_num(g, "milestone_id", ms[i].id) ||
		    !add_num(g, "target", ms[i].rule.target)) {
			rc = DB_ERR;
			goto out;
		}
	}
	/* Rules 4-7 for the posted order's backer: grants on this order. */
	ro.backer = o->backer;
	ro.seq = seq;
	ro.counted = 1;
	ro.active = 1;
	for (i = 0; i < n; i++) {
		if (!sg_rules_order_qualifies(&ms[i].rule, &ro))
			continue;
		rc = db_exec(db, SQL_API_GRANT_INSERT, "iiiisssii", store_id, c->id,
		    ms[i].id, order_pk, o->backer, ms[i].gift_product_id,
		    ms[i].has_gift_variant ? ms[i].gift_variant_id : NULL,
		    ms[i].gift_quantity, (int64_t)0);
		if (rc == DB_DUP)
			continue;	/* rule 6: the backer holds one */
		if (rc != DB_OK)
			goto out;
		if ((g = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(gifts, g) ||
		    !add_num(g, "grant_id", db_insert_id(db, SQL_API_GRANT_INSERT)) ||
		    cJSON_AddStringToObject(g, "campaign", c->slug) == NULL ||
		    !add_num(g, "milestone_id", ms[i].id) ||
		    cJSON_AddStringToObject(g, "product_id", ms[i].gift_product_id) == NULL ||
		    !cJSON_AddItemToObject(g, "variant_id", ms[i].has_gift_variant ?
		    cJSON_CreateString(ms[i].gift_variant_id) : cJSON_CreateNull()) ||
		    !add_num(g, "quantity", ms[i].gift_quantity)) {
			rc = DB_ERR;
			goto out;
		}
	}
	/* Rule 5: everyone else with an active counted order, at the reach. */
	for (i = 0; i < ncross; i++)
		if ((rc = svc_reach_fanout(db, store_id, c->id, &ms[idx[i]])) != DB_OK)
			goto out;
	rc = DB_OK;
out:
	free(rules);
	free(idx);
	free(ms);
	return rc;
}

int
svc_order_post(struct sg_db *db, int64_t store_id, const struct sg_order *o,
    cJSON **out, int *duplicate, struct sg_verror *err)
{
	unsigned char		 fp[SG_FINGERPRINT_BYTES];
	char			 placed[SG_TIME_FMT_MAX];
	struct db_campaign	*c = NULL;
	struct ids		 cids = { NULL, 0, 0 };
	cJSON			*resp = NULL, *camps, *gifts;
	char			*text = NULL;
	int64_t			 order_pk;
	size_t			 i;
	int			 rc, overflow = 0;

	*out = NULL;
	*duplicate = 0;
	if (sg_order_fingerprint(o, fp) == -1)
		return DB_ERR;
	if ((c = malloc(sizeof(*c))) == NULL)
		return DB_ERR;
	if ((rc = svc_begin(db)) != DB_OK)
		goto out;
	/*
	 * The idempotency key first: a concurrent duplicate waits here on the
	 * unique key until this transaction ends, then sees DB_DUP.
	 */
	rc = db_exec(db, SQL_API_ORDER_INSERT, "issssb", store_id, o->id,
	    o->backer, svc_time_sql(o->placed_at, placed), o->currency->code,
	    (const void *)fp, sizeof(fp));
	if (rc == DB_DUP) {
		db_rollback(db);
		rc = order_repeat(db, store_id, o, fp, out, duplicate, err);
		goto out;
	}
	if (rc != DB_OK)
		goto fail;
	order_pk = db_insert_id(db, SQL_API_ORDER_INSERT);
	for (i = 0; i < o->nlines; i++)
		if ((rc = db_exec(db, SQL_API_ORDER_LINE_INSERT, "iissiii",
		    order_pk, (int64_t)(i + 1), o->lines[i].product_id,
		    o->lines[i].has_variant ? o->lines[i].variant_id : NULL,
		    o->lines[i].quantity, o->lines[i].price,
		    (int64_t)(o->lines[i].gift != 0))) != DB_OK)
			goto fail;
	/* Candidate campaigns, then each locked in id order. */
	if ((rc = db_exec(db, SQL_API_ORDER_CANDIDATES, "ii", order_pk,
	    store_id)) != DB_OK)
		goto fail;
	while ((rc = db_fetch(db, SQL_API_ORDER_CANDIDATES)) > 0)
		if (ids_push(&cids, db_col_i64(db, SQL_API_ORDER_CANDIDATES, 0)) == -1) {
			rc = DB_ERR;
			break;
		}
	db_done(db, SQL_API_ORDER_CANDIDATES);
	if (rc < 0)
		goto fail;
	if ((resp = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(resp, "order_id", o->id) == NULL ||
	    cJSON_AddFalseToObject(resp, "duplicate") == NULL ||
	    (camps = cJSON_AddArrayToObject(resp, "campaigns")) == NULL ||
	    (gifts = cJSON_AddArrayToObject(resp, "gifts")) == NULL) {
		rc = DB_ERR;
		goto fail;
	}
	for (i = 0; i < cids.n; i++) {
		if ((rc = db_campaign_lock_by_id(db, cids.v[i], c)) < 0)
			goto fail;
		if (rc == 0 || c->status != SG_STATUS_LIVE ||
		    !sg_rules_in_window(o->placed_at, c->has_starts, c->starts_at,
		    c->has_ends, c->ends_at))
			continue;
		if ((rc = order_count_in(db, store_id, o, order_pk, c, camps, gifts,
		    &overflow)) != DB_OK)
			goto fail;
		if (overflow) {
			sg_verror_set(err, SG_VERR_OVERFLOW, "line_items",
			    "the campaign's total would overflow");
			rc = SVC_INVALID;
			goto fail;
		}
	}
	if ((text = cJSON_PrintUnformatted(resp)) == NULL) {
		rc = DB_ERR;
		goto fail;
	}
	if ((rc = db_exec(db, SQL_API_ORDER_SET_RESPONSE, "si", text,
	    order_pk)) != DB_OK || (rc = db_commit(db)) != DB_OK)
		goto fail;
	*out = resp;
	resp = NULL;
	rc = SVC_OK;
	goto out;
fail:
	db_rollback(db);
out:
	cJSON_Delete(resp);
	free(text);
	free(cids.v);
	free(c);
	return rc;
}

/* A locked order row. */
struct order_row {
	int64_t	 pk;
	int	 cancelled;
	char	 backer[SG_BACKER_MAX_BYTES + 1];
};

static int
order_lock(struct sg_db *db, int64_t store_id, const char *ext,
    struct order_row *r)
{
	char	 st[16];
	int	 rc;

	if ((rc = db_exec(db, SQL_API_ORDER_LOCK, "is", store_id, ext)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, SQL_API_ORDER_LOCK)) > 0) {
		r->pk = db_col_i64(db, SQL_API_ORDER_LOCK, 0);
		db_col_copy(db, SQL_API_ORDER_LOCK, 1, st, sizeof(st));
		r->cancelled = strcmp(st, "cancelled") == 0;
		db_col_copy(db, SQL_API_ORDER_LOCK, 3, r->backer, sizeof(r->backer));
	}
	db_done(db, SQL_API_ORDER_LOCK);
	return rc;
}

/* The order's active contributions: campaign id, units, amount. */
struct contrib {
	int64_t	 campaign_id, units, amount;
};

static int
order_contribs(struct sg_db *db, int64_t pk, struct contrib **out, size_t *n)
{
	const enum sqlstmt q = SQL_API_ORDER_ACTIVE_CAMPAIGNS;
	struct contrib	*v = NULL, *p;
	size_t		 cap = 0, len = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, q, "i", pk)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4;
			if ((p = realloc(v, cap * sizeof(*p))) == NULL) {
				rc = DB_ERR;
				break;
			}
			v = p;
		}
		v[len].campaign_id = db_col_i64(db, q, 0);
		v[len].units = db_col_i64(db, q, 1);
		v[len].amount = db_col_i64(db, q, 2);
		len++;
	}
	db_done(db, q);
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n = len;
	return DB_OK;
}

struct live_grant {
	int64_t	 id, milestone_id, quantity;
	char	 product_id[SG_EXTID_MAX + 1];
	int	 has_variant;
	char	 variant_id[SG_EXTID_MAX + 1];
};

struct other_order {
	int64_t	 pk;
	char	 ext[SG_EXTID_MAX + 1];
};

/*
 * Rule 8 for the non-void grants of order pk in campaign cid: move each to
 * the backer's earliest other qualifying active order, else void it.
 * Adds one entry per grant to arr.
 */
static int
cancel_grants(struct sg_db *db, int64_t store_id, int64_t cid, int64_t pk,
    const char *backer, cJSON *arr)
{
	struct live_grant	*gv = NULL, *gp;
	struct other_order	*ov = NULL, *op;
	struct sg_rule_order	*rv = NULL, *rp;
	struct db_milestone_rule	*ms = NULL;
	size_t			 ng = 0, gcap = 0, no = 0, ocap = 0, nms = 0, i, k;
	ptrdiff_t		 to;
	int64_t			 nid;
	cJSON			*e, *mv;
	int			 rc;

	if ((rc = db_exec(db, SQL_API_ORDER_GRANTS_LIVE, "ii", pk, cid)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, SQL_API_ORDER_GRANTS_LIVE)) > 0) {
		if (ng == gcap) {
			gcap = gcap ? gcap * 2 : 4;
			if ((gp = realloc(gv, gcap * sizeof(*gp))) == NULL) {
				rc = DB_ERR;
				break;
			}
			gv = gp;
		}
		gp = &gv[ng++];
		gp->id = db_col_i64(db, SQL_API_ORDER_GRANTS_LIVE, 0);
		gp->milestone_id = db_col_i64(db, SQL_API_ORDER_GRANTS_LIVE, 1);
		db_col_copy(db, SQL_API_ORDER_GRANTS_LIVE, 2, gp->product_id,
		    sizeof(gp->product_id));
		gp->has_variant = db_col_copy(db, SQL_API_ORDER_GRANTS_LIVE, 3,
		    gp->variant_id, sizeof(gp->variant_id));
		gp->quantity = db_col_i64(db, SQL_API_ORDER_GRANTS_LIVE, 4);
	}
	db_done(db, SQL_API_ORDER_GRANTS_LIVE);
	if (rc < 0 || ng == 0)
		goto out;
	if ((rc = db_exec(db, SQL_API_BACKER_OTHER_ORDERS, "isi", cid, backer,
	    pk)) != DB_OK)
		goto out;
	while ((rc = db_fetch(db, SQL_API_BACKER_OTHER_ORDERS)) > 0) {
		if (no == ocap) {
			ocap = ocap ? ocap * 2 : 4;
			if ((op = realloc(ov, ocap * sizeof(*op))) == NULL ||
			    (ov = op, (rp = realloc(rv, ocap * sizeof(*rp))) == NULL)) {
				rc = DB_ERR;
				break;
			}
			rv = rp;
		}
		ov[no].pk = db_col_i64(db, SQL_API_BACKER_OTHER_ORDERS, 0);
		rv[no].backer = backer;
		rv[no].seq = db_col_i64(db, SQL_API_BACKER_OTHER_ORDERS, 1);
		rv[no].active = db_col_i64(db, SQL_API_BACKER_OTHER_ORDERS, 2) != 0;
		rv[no].counted = 1;
		db_col_copy(db, SQL_API_BACKER_OTHER_ORDERS, 3, ov[no].ext,
		    sizeof(ov[no].ext));
		no++;
	}
	db_done(db, SQL_API_BACKER_OTHER_ORDERS);
	if (rc < 0)
		goto out;
	if ((rc = db_milestone_rules_load(db, cid, &ms, &nms)) != DB_OK)
		goto out;
	for (i = 0; i < ng; i++) {
		for (k = 0; k < nms && ms[k].id != gv[i].milestone_id; k++)
			;
		to = k < nms ? sg_rules_place_on_cancel(&ms[k].rule, rv, no) : -1;
		if ((rc = db_exec(db, SQL_API_GRANT_VOID, "i", gv[i].id)) != DB_OK)
			goto out;
		nid = 0;
		if (to >= 0) {
			rc = db_exec(db, SQL_API_GRANT_INSERT, "iiiisssii", store_id,
			    cid, gv[i].milestone_id, ov[to].pk, backer,
			    gv[i].product_id, gv[i].has_variant ? gv[i].variant_id : NULL,
			    gv[i].quantity, gv[i].id);
			if (rc == DB_OK)
				nid = db_insert_id(db, SQL_API_GRANT_INSERT);
			else if (rc != DB_DUP)
				goto out;
		}
		if ((e = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(arr, e) ||
		    !add_num(e, "grant_id", gv[i].id) ||
		    !add_num(e, "milestone_id", gv[i].milestone_id) ||
		    cJSON_AddStringToObject(e, "status", nid ? "moved" : "void") == NULL) {
			rc = DB_ERR;
			goto out;
		}
		if (nid) {
			if ((mv = cJSON_AddObjectToObject(e, "moved_to")) == NULL ||
			    !add_num(mv, "grant_id", nid) ||
			    cJSON_AddStringToObject(mv, "order_id", ov[to].ext) == NULL) {
				rc = DB_ERR;
				goto out;
			}
		} else if (cJSON_AddNullToObject(e, "moved_to") == NULL) {
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

int
svc_order_cancel(struct sg_db *db, int64_t store_id, const char *ext,
    cJSON **out, struct sg_verror *err)
{
	struct order_row	 ord;
	struct db_campaign	*c = NULL;
	struct contrib		*cv = NULL;
	size_t			 n = 0, i;
	int64_t			 remaining, gone;
	cJSON			*resp = NULL, *camps, *grants;
	int			 rc;

	(void)err;
	*out = NULL;
	if ((c = malloc(sizeof(*c))) == NULL)
		return DB_ERR;
	if ((rc = svc_begin(db)) != DB_OK)
		goto out;
	if ((rc = order_lock(db, store_id, ext, &ord)) <= 0) {
		rc = rc == 0 ? SVC_NOT_FOUND : rc;
		goto fail;
	}
	if ((resp = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(resp, "order_id", ext) == NULL ||
	    cJSON_AddStringToObject(resp, "status", "cancelled") == NULL ||
	    cJSON_AddBoolToObject(resp, "duplicate", ord.cancelled) == NULL ||
	    (camps = cJSON_AddArrayToObject(resp, "campaigns")) == NULL ||
	    (grants = cJSON_AddArrayToObject(resp, "grants")) == NULL) {
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
	if ((rc = order_contribs(db, ord.pk, &cv, &n)) != DB_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((rc = db_campaign_lock_by_id(db, cv[i].campaign_id, c)) <= 0) {
			rc = rc == 0 ? DB_ERR : rc;
			goto fail;
		}
		remaining = 0;
		if ((rc = db_exec(db, SQL_API_ORDER_CAMPAIGN_DEACTIVATE, "ii", ord.pk,
		    c->id)) != DB_OK ||
		    (rc = db_exec(db, SQL_API_BACKER_REMOVE, "is", c->id,
		    ord.backer)) != DB_OK ||
		    (rc = db_get_i64(db, SQL_API_BACKER_GET, &remaining, "is", c->id,
		    ord.backer)) < 0)
			goto fail;
		gone = remaining <= 0 ? 1 : 0;
		if ((rc = db_exec(db, SQL_API_CAMPAIGN_COUNT, "iiiiii", -cv[i].units,
		    -cv[i].amount, (int64_t)-1, -gone, c->counted_seq, c->id)) != DB_OK)
			goto fail;
		c->units -= cv[i].units;
		c->amount -= cv[i].amount;
		if (campaign_summary(camps, c, db_campaign_progress(c),
		    c->backers - gone) == NULL) {
			rc = DB_ERR;
			goto fail;
		}
		if ((rc = cancel_grants(db, store_id, c->id, ord.pk, ord.backer,
		    grants)) != DB_OK)
			goto fail;
	}
	if ((rc = db_exec(db, SQL_API_ORDER_CANCEL, "i", ord.pk)) != DB_OK ||
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
		if ((x = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(arr, x) ||
		    cJSON_AddStringToObject(x, "product_id", r->lines[i].product_id) == NULL ||
		    !add_num(x, "quantity", r->lines[i].quantity) ||
		    !add_num(x, "amount", r->lines[i].amount))
			goto out;
	text = cJSON_PrintUnformatted(o);
out:
	cJSON_Delete(o);
	return text;
}

/* The products that counted toward one campaign, for a refund. */
struct counted_pids {
	char		 id[SG_CAMPAIGN_PRODUCTS_MAX][SG_EXTID_MAX + 1];
	const char	*v[SG_CAMPAIGN_PRODUCTS_MAX];
	size_t		 n;
};

/*
 * The products of order pk that counted toward campaign c when the order
 * was counted (order_record_products()), into *out.  A counted order has
 * at least one; none recorded means an order counted by a program older
 * than the record, and then the campaign's product_ids stand in for it (the
 * approximation sql/011's backfill makes).
 */
static int
order_refund_pids(struct sg_db *db, int64_t pk, struct db_campaign *c,
    struct counted_pids *out)
{
	const enum sqlstmt q = SQL_API_ORDER_CAMPAIGN_PRODUCTS;
	int	 rc;

	out->n = 0;
	if ((rc = db_exec(db, q, "ii", pk, c->id)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		if (out->n == SG_CAMPAIGN_PRODUCTS_MAX) {
			rc = DB_ERR;	/* never more than the campaign had */
			break;
		}
		db_col_copy(db, q, 0, out->id[out->n], sizeof(out->id[0]));
		out->v[out->n] = out->id[out->n];
		out->n++;
	}
	db_done(db, q);
	if (rc < 0)
		return rc;
	if (out->n > 0)
		return DB_OK;
	if ((rc = db_campaign_products_load(db, c)) != DB_OK)
		return rc;
	out->n = campaign_pids(c, out->v);
	return DB_OK;
}

int
svc_order_refund(struct sg_db *db, int64_t store_id, const char *ext,
    const struct sg_refund *r, cJSON **out, struct sg_verror *err)
{
	const enum sqlstmt	 q = SQL_API_ORDER_LINES;
	struct order_row	 ord;
	struct db_campaign	*c = NULL;
	struct counted_pids	*cp = NULL;
	struct contrib		*cv = NULL;
	struct sg_order_line	*lines = NULL, *lp;
	struct sg_refund_line	*prior = NULL, *pp;
	int64_t			*line_no = NULL, *ip, rq, ra;
	struct sg_contribution	 cur, eff;
	size_t			 nl = 0, cap = 0, np = 0, n = 0, i, k, bad = 0;
	cJSON			*resp = NULL, *camps;
	char			*raw = NULL;
	int			 rc;

	*out = NULL;
	if ((c = malloc(sizeof(*c))) == NULL)
		return DB_ERR;
	if ((cp = malloc(sizeof(*cp))) == NULL) {
		free(c);
		return DB_ERR;
	}
	if ((rc = svc_begin(db)) != DB_OK)
		goto out;
	if ((rc = order_lock(db, store_id, ext, &ord)) <= 0) {
		rc = rc == 0 ? SVC_NOT_FOUND : rc;
		goto fail;
	}
	if (ord.cancelled) {
		sg_verror_set(err, SG_VERR_INVALID, "id",
		    "the order is cancelled; it no longer counts");
		rc = SVC_CONFLICT;
		goto fail;
	}
	if ((rc = db_exec(db, q, "i", ord.pk)) != DB_OK)
		goto fail;
	while ((rc = db_fetch(db, q)) > 0) {
		if (nl == cap) {
			cap = cap ? cap * 2 : 8;
			if ((lp = realloc(lines, cap * sizeof(*lp))) == NULL) {
				rc = DB_ERR;
				break;
			}
			lines = lp;
			if ((pp = realloc(prior, cap * sizeof(*pp))) == NULL) {
				rc = DB_ERR;
				break;
			}
			prior = pp;
			if ((ip = realloc(line_no, cap * sizeof(*ip))) == NULL) {
				rc = DB_ERR;
				break;
			}
			line_no = ip;
		}
		lp = &lines[nl];
		memset(lp, 0, sizeof(*lp));
		line_no[nl] = db_col_i64(db, q, 0);
		db_col_copy(db, q, 1, lp->product_id, sizeof(lp->product_id));
		lp->has_variant = db_col_copy(db, q, 2, lp->variant_id,
		    sizeof(lp->variant_id));
		lp->quantity = db_col_i64(db, q, 3);
		lp->price = db_col_i64(db, q, 4);
		lp->gift = db_col_i64(db, q, 5) != 0;
		rq = db_col_i64(db, q, 6);
		ra = db_col_i64(db, q, 7);
		if (rq > 0 || ra > 0) {
			memcpy(prior[np].product_id, lp->product_id,
			    sizeof(prior[np].product_id));
			prior[np].quantity = rq;
			prior[np].amount = ra;
			np++;
		}
		nl++;
	}
	db_done(db, q);
	if (rc < 0)
		goto fail;
	switch (sg_rules_refund_check(lines, nl, prior, np, r->lines, r->nlines, &bad)) {
	case SG_REFUND_OK:
		break;
	case SG_REFUND_UNKNOWN:
		sg_verror_set(err, SG_VERR_INVALID, NULL,
		    "the order has no such product (gift lines are not refundable)");
		snprintf(err->field, sizeof(err->field), "line_items[%zu].product_id", bad);
		rc = SVC_INVALID;
		goto fail;
	case SG_REFUND_EXCEEDS:
		sg_verror_set(err, SG_VERR_OUT_OF_RANGE, NULL,
		    "the refunds would return more than the order bought");
		snprintf(err->field, sizeof(err->field), "line_items[%zu]", bad);
		rc = SVC_INVALID;
		goto fail;
	default:
		sg_verror_set(err, SG_VERR_OVERFLOW, "line_items", "a total overflows");
		rc = SVC_INVALID;
		goto fail;
	}
	/* Record each refund line on the first non-gift line of its product. */
	for (i = 0; i < r->nlines; i++) {
		for (k = 0; k < nl; k++)
			if (!lines[k].gift &&
			    strcmp(lines[k].product_id, r->lines[i].product_id) == 0)
				break;
		if (k == nl) {
			rc = DB_ERR;
			goto fail;
		}
		if ((rc = db_exec(db, SQL_API_ORDER_LINE_REFUND, "iiii",
		    r->lines[i].quantity, r->lines[i].amount, ord.pk,
		    line_no[k])) != DB_OK)
			goto fail;
	}
	if ((resp = cJSON_CreateObject()) == NULL ||
	    cJSON_AddStringToObject(resp, "order_id", ext) == NULL ||
	    (camps = cJSON_AddArrayToObject(resp, "campaigns")) == NULL) {
		rc = DB_ERR;
		goto fail;
	}
	if ((rc = order_contribs(db, ord.pk, &cv, &n)) != DB_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((rc = db_campaign_lock_by_id(db, cv[i].campaign_id, c)) <= 0) {
			rc = rc == 0 ? DB_ERR : rc;
			goto fail;
		}
		/* Only the products that counted here, whatever it lists now. */
		if ((rc = order_refund_pids(db, ord.pk, c, cp)) != DB_OK)
			goto fail;
		if (sg_rules_refund_effect(r->lines, r->nlines, cp->v, cp->n,
		    &eff) == -1) {
			sg_verror_set(err, SG_VERR_OVERFLOW, "line_items",
			    "a total overflows");
			rc = SVC_INVALID;
			goto fail;
		}
		cur.counted = 1;
		cur.units = cv[i].units;
		cur.amount = cv[i].amount;
		sg_rules_lower(&cur, &eff);
		if ((rc = db_exec(db, SQL_API_ORDER_CAMPAIGN_SET, "iiii", cur.units,
		    cur.amount, ord.pk, c->id)) != DB_OK ||
		    (rc = db_exec(db, SQL_API_CAMPAIGN_COUNT, "iiiiii",
		    cur.units - cv[i].units, cur.amount - cv[i].amount, (int64_t)0,
		    (int64_t)0, c->counted_seq, c->id)) != DB_OK)
			goto fail;
		c->units += cur.units - cv[i].units;
		c->amount += cur.amount - cv[i].amount;
		if (campaign_summary(camps, c, db_campaign_progress(c),
		    c->backers) == NULL) {
			rc = DB_ERR;
			goto fail;
		}
	}
	if ((raw = refund_text(r)) == NULL) {
		rc = DB_ERR;
		goto fail;
	}
	if ((rc = db_exec(db, SQL_API_REFUND_INSERT, "is", ord.pk, raw)) != DB_OK)
		goto fail;
	if (!add_num(resp, "refund_id", db_insert_id(db, SQL_API_REFUND_INSERT))) {
		rc = DB_ERR;
		goto fail;
	}
	if ((rc = db_commit(db)) != DB_OK)
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
	free(cp);
	free(lines);
	free(prior);
	free(line_no);
	free(raw);
	return rc;
}
