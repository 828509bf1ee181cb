/* order.c — the order entity; see db/order.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"
#include "db/order.h"

/* Order o's row (its idempotency record); *pk receives its id. */
static int
order_row_insert(struct sg_db *db, int64_t store_id, const struct sg_order *o,
    const unsigned char *fp, size_t fplen, int64_t *pk)
{
	char	 placed[SG_TIME_FMT_MAX];
	int	 rc;

	/*
	 * The idempotency key first: a concurrent duplicate waits here on the
	 * unique key until this transaction ends, then sees DB_DUP.
	 */
	if ((rc = db_exec(db, SQL_ORDER_INSERT, "issssb", store_id, o->id,
	    o->backer, db_time_sql(o->placed_at, placed), o->currency->code,
	    (const void *)fp, fplen)) != DB_OK)
		return rc;
	*pk = db_insert_id(db, SQL_ORDER_INSERT);
	return DB_OK;
}

/* The k-th line (0-based) of os[0..n), over all of them, and its order. */
static const struct sg_order_line *
nth_line(const struct sg_order *const *os, const int64_t *pks, size_t n,
    size_t k, int64_t *pk, int64_t *line_no)
{
	size_t	 j;

	for (j = 0; j < n; j++) {
		if (k < os[j]->nlines) {
			*pk = pks[j];
			*line_no = (int64_t)k + 1;
			return &os[j]->lines[k];
		}
		k -= os[j]->nlines;
	}
	return NULL;
}

int
db_order_lines_insert(struct sg_db *db, const struct sg_order *const *os,
    const int64_t *pks, size_t n)
{
	const struct sg_order_line *l[4];
	int64_t		 pk[4], no[4];
	size_t		 total = 0, i, k;
	int		 rc;

	for (i = 0; i < n; i++)
		total += os[i]->nlines;
	/* Four lines per statement, of one order or several; then one by one. */
#define L(k)	pk[k], no[k], l[k]->product_id, \
	l[k]->has_variant ? l[k]->variant_id : NULL, l[k]->quantity, \
	l[k]->price, (int64_t)(l[k]->free_line != 0)
	for (i = 0; i + 4 <= total; i += 4) {
		for (k = 0; k < 4; k++)
			l[k] = nth_line(os, pks, n, i + k, &pk[k], &no[k]);
		if ((rc = db_exec(db, SQL_ORDER_LINE_INSERT4, "iissiii" "iissiii"
		    "iissiii" "iissiii", L(0), L(1), L(2), L(3))) != DB_OK)
			return rc;
	}
	for (; i < total; i++) {
		l[0] = nth_line(os, pks, n, i, &pk[0], &no[0]);
		if ((rc = db_exec(db, SQL_ORDER_LINE_INSERT, "iissiii",
		    L(0))) != DB_OK)
			return rc;
	}
#undef L
	return DB_OK;
}

int
db_order_insert(struct sg_db *db, int64_t store_id, const struct sg_order *o,
    const unsigned char *fp, size_t fplen, int64_t *pk)
{
	int	 rc;

	if ((rc = order_row_insert(db, store_id, o, fp, fplen, pk)) != DB_OK)
		return rc;
	return db_order_lines_insert(db, &o, pk, 1);
}

int
db_order_insert_rows(struct sg_db *db, int64_t store_id,
    const struct sg_order *const *os, const unsigned char *const *fps,
    size_t fplen, int64_t *pks, size_t n)
{
	const enum sqlstmt q = SQL_ORDER_INSERT4;
	char	 pl[4][SG_TIME_FMT_MAX];
	size_t	 i, k;
	int	 rc;

	/* Four rows per statement, then one by one. */
#define R(k)	store_id, os[i + (k)]->id, os[i + (k)]->backer, \
	db_time_sql(os[i + (k)]->placed_at, pl[k]), os[i + (k)]->currency->code, \
	(const void *)fps[i + (k)], fplen
	for (i = 0; i + 4 <= n; i += 4) {
		if ((rc = db_exec(db, q, "issssb" "issssb" "issssb" "issssb",
		    R(0), R(1), R(2), R(3))) != DB_OK)
			return rc;
		for (k = 0; (rc = db_fetch(db, q)) > 0; k++)
			if (k < 4)
				pks[i + k] = db_col_i64(db, q, 0);
		db_done(db, q);
		if (rc < 0)
			return rc;
		if (k != 4)
			return DB_ERR;		/* never: four rows */
	}
#undef R
	for (; i < n; i++)
		if ((rc = order_row_insert(db, store_id, os[i], fps[i], fplen,
		    &pks[i])) != DB_OK)
			return rc;
	return DB_OK;
}

/* The fingerprint at col fcol and the text at tcol of the current row of q. */
static int
stored_answer(struct sg_db *db, enum sqlstmt q, unsigned fcol, unsigned tcol,
    const unsigned char *fp, size_t fplen, int *same, char **text)
{
	const char	*f, *t;
	size_t		 flen, tlen;

	f = db_col_str(db, q, fcol, &flen);
	t = db_col_str(db, q, tcol, &tlen);
	*same = f != NULL && flen == fplen && memcmp(f, fp, fplen) == 0;
	if (*same && t != NULL) {
		if ((*text = malloc(tlen + 1)) == NULL)
			return DB_ERR;
		memcpy(*text, t, tlen);
		(*text)[tlen] = '\0';
	}
	return 1;
}

int
db_order_response_get(struct sg_db *db, int64_t store_id, const char *ext,
    const unsigned char *fp, size_t fplen, int64_t *pk, int *same, char **text)
{
	const enum sqlstmt q = SQL_ORDER_GET_RESPONSE;
	int		 rc;

	*same = 0;
	*text = NULL;
	*pk = 0;
	if ((rc = db_exec(db, q, "is", store_id, ext)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		*pk = db_col_i64(db, q, 2);
		rc = stored_answer(db, q, 0, 1, fp, fplen, same, text);
	}
	db_done(db, q);
	return rc;
}

/* Run claim statement q for row id: 1 claimed, 0 claimed before, < 0. */
static int
claim_answer(struct sg_db *db, enum sqlstmt q, int64_t id)
{
	int	 rc;

	if ((rc = db_exec(db, q, "i", id)) != DB_OK)
		return rc;
	return db_affected(db, q) > 0 ? 1 : 0;
}

int
db_order_claim_answer(struct sg_db *db, int64_t pk)
{
	return claim_answer(db, SQL_ORDER_CLAIM_ANSWER, pk);
}

int
db_refund_claim_answer(struct sg_db *db, int64_t id)
{
	return claim_answer(db, SQL_REFUND_CLAIM_ANSWER, id);
}

int
db_order_unanswer(struct sg_db *db, int64_t pk)
{
	return db_exec(db, SQL_ORDER_UNANSWER, "i", pk);
}

int
db_refund_unanswer(struct sg_db *db, int64_t id)
{
	return db_exec(db, SQL_REFUND_UNANSWER, "i", id);
}

int
db_refund_get(struct sg_db *db, int64_t pk, const char *ext,
    const unsigned char *fp, size_t fplen, int64_t *id, int *same, char **text)
{
	const enum sqlstmt q = SQL_REFUND_GET;
	int		 rc;

	*same = 0;
	*text = NULL;
	*id = 0;
	if ((rc = db_exec(db, q, "is", pk, ext)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		*id = db_col_i64(db, q, 0);
		rc = stored_answer(db, q, 1, 2, fp, fplen, same, text);
	}
	db_done(db, q);
	return rc;
}

int
db_refund_response_set(struct sg_db *db, int64_t id, const char *text)
{
	return db_exec(db, SQL_REFUND_SET_RESPONSE, "si", text, id);
}

int
db_order_response_set(struct sg_db *db, int64_t pk, const char *text)
{
	return db_exec(db, SQL_ORDER_SET_RESPONSE, "si", text, pk);
}

int
db_orders_response_set(struct sg_db *db, const int64_t *pks,
    char *const *texts, size_t n)
{
	size_t	 i;
	int	 rc;

	for (i = 0; i + 4 <= n; i += 4)
		if ((rc = db_exec(db, SQL_ORDER_SET_RESPONSE4, "is" "is" "is" "is"
		    "iiii", pks[i], texts[i], pks[i + 1], texts[i + 1], pks[i + 2],
		    texts[i + 2], pks[i + 3], texts[i + 3], pks[i], pks[i + 1],
		    pks[i + 2], pks[i + 3])) != DB_OK)
			return rc;
	for (; i < n; i++)
		if ((rc = db_order_response_set(db, pks[i], texts[i])) != DB_OK)
			return rc;
	return DB_OK;
}

static int
candidate_cmp(const void *a, const void *b)
{
	int64_t	 x = ((const struct db_candidate *)a)->campaign_id;
	int64_t	 y = ((const struct db_candidate *)b)->campaign_id;

	return x < y ? -1 : x > y;
}

/* Add campaign id at rules_version rv to the list *v of *n (capacity *cap). */
static int
candidate_add(struct db_candidate **v, size_t *n, size_t *cap, int64_t id,
    int64_t rv)
{
	struct db_candidate	*t;
	size_t			 c;

	if (*n == *cap) {
		c = *cap ? 2 * *cap : 4;
		if ((t = realloc(*v, c * sizeof(**v))) == NULL)
			return DB_ERR;
		*v = t;
		*cap = c;
	}
	(*v)[*n].campaign_id = id;
	(*v)[*n].rules_version = rv;
	(*n)++;
	return DB_OK;
}

/* In id order (the order the rows are locked in), each once. */
static void
candidates_sort(struct db_candidate *v, size_t *n)
{
	size_t	 i, k;

	if (*n < 2)
		return;
	qsort(v, *n, sizeof(*v), candidate_cmp);
	for (i = 1, k = 1; i < *n; i++)
		if (v[i].campaign_id != v[k - 1].campaign_id)
			v[k++] = v[i];
	*n = k;
}

int
db_order_candidates(struct sg_db *db, int64_t pk, int64_t store_id,
    struct db_candidate **out, size_t *n, unsigned *events)
{
	const enum sqlstmt q = SQL_ORDER_CANDIDATES;
	struct db_candidate *v = NULL;
	size_t	 cap = 0;
	int	 rc;

	*out = NULL;
	*n = 0;
	*events = 0;
	if ((rc = db_exec(db, q, "iii", store_id, pk, store_id)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		if (candidate_add(&v, n, &cap, db_col_i64(db, q, 0),
		    db_col_i64(db, q, 2)) != DB_OK) {
			rc = DB_ERR;
			break;
		}
		*events = (unsigned)db_col_i64(db, q, 1);
	}
	db_done(db, q);
	if (rc < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	candidates_sort(v, n);
	*out = v;
	return DB_OK;
}

int
db_orders_candidates(struct sg_db *db, const int64_t *pks, size_t n,
    int64_t store_id, struct db_candidate **outs, size_t *ns,
    unsigned *events)
{
	const enum sqlstmt q = SQL_ORDER_CANDIDATES4;
	size_t	*cap = NULL, i, j, m;
	int64_t	 p[4], pk;
	int	 rc = DB_OK;

	for (j = 0; j < n; j++) {
		outs[j] = NULL;
		ns[j] = 0;
		events[j] = 0;
	}
	if ((cap = calloc(n, sizeof(*cap))) == NULL)
		return DB_ERR;
	for (i = 0; i < n && rc == DB_OK; i += 4) {
		m = n - i < 4 ? n - i : 4;
		if (m == 1) {
			rc = db_order_candidates(db, pks[i], store_id, &outs[i],
			    &ns[i], &events[i]);
			break;
		}
		for (j = 0; j < 4; j++)
			p[j] = pks[i + (j < m ? j : m - 1)];
		if ((rc = db_exec(db, q, "iiiiii", store_id, p[0], p[1], p[2],
		    p[3], store_id)) != DB_OK)
			break;
		while ((rc = db_fetch(db, q)) > 0) {
			pk = db_col_i64(db, q, 3);
			for (j = i; j < i + m && pks[j] != pk; j++)
				;
			if (j == i + m)
				continue;	/* never: not asked for */
			if (candidate_add(&outs[j], &ns[j], &cap[j],
			    db_col_i64(db, q, 0), db_col_i64(db, q, 2)) != DB_OK) {
				rc = DB_ERR;
				break;
			}
			events[j] = (unsigned)db_col_i64(db, q, 1);
		}
		db_done(db, q);
	}
	free(cap);
	if (rc < 0) {
		for (j = 0; j < n; j++) {
			free(outs[j]);
			outs[j] = NULL;
			ns[j] = 0;
		}
		return rc;
	}
	for (j = 0; j < n; j++)
		candidates_sort(outs[j], &ns[j]);
	return DB_OK;
}

/*
 * pids[0..n) joined by single spaces into text (DB_COUNTED_PRODUCTS_TEXT
 * bytes): order_campaigns.counted_products.  -1 when counted_split()
 * would not read the same list back (too many ids, or an id empty, too
 * long or with the separator in it).
 */
static int
counted_join(const char *const *pids, size_t n, char *text)
{
	size_t	 i, len, off = 0;

	if (n > SG_CAMPAIGN_PRODUCTS_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		len = strnlen(pids[i], SG_EXTID_MAX + 1);
		if (len == 0 || len > SG_EXTID_MAX ||
		    memchr(pids[i], ' ', len) != NULL)
			return -1;
		if (i > 0)
			text[off++] = ' ';
		memcpy(text + off, pids[i], len);
		off += len;
	}
	text[off] = '\0';
	return 0;
}

/*
 * Add the id s (len bytes, not NUL-terminated) to out.  DB_ERR when it is
 * not one counted_join() writes: empty, over SG_EXTID_MAX or with a
 * space; or when out is full (never more than the campaign had).
 */
static int
counted_add(struct db_counted_products *out, const char *s, size_t len)
{
	if (len == 0 || len > SG_EXTID_MAX || memchr(s, ' ', len) != NULL ||
	    out->n == SG_CAMPAIGN_PRODUCTS_MAX)
		return DB_ERR;
	memcpy(out->id[out->n], s, len);
	out->id[out->n][len] = '\0';
	out->n++;
	return DB_OK;
}

/*
 * The stored list s (len bytes, not NUL-terminated) into out; empty: none.
 * DB_ERR when it is not one counted_join() writes: an empty id (a space
 * at either end or two in a row), one over SG_EXTID_MAX, or more than
 * SG_CAMPAIGN_PRODUCTS_MAX ids.
 */
static int
counted_split(const char *s, size_t len, struct db_counted_products *out)
{
	const char	*end = s + len, *sp;

	out->n = 0;
	if (len == 0)
		return DB_OK;
	for (;; s = sp + 1) {
		if ((sp = memchr(s, ' ', (size_t)(end - s))) == NULL)
			sp = end;
		if (counted_add(out, s, (size_t)(sp - s)) != DB_OK)
			return DB_ERR;
		if (sp == end)
			return DB_OK;
	}
}

int
db_order_campaign_insert(struct sg_db *db, int64_t pk, int64_t campaign_id,
    const char *backer, int64_t units, int64_t amount, int64_t seq,
    const char *const *pids, size_t n)
{
	char	 text[DB_COUNTED_PRODUCTS_TEXT];

	if (counted_join(pids, n, text) == -1)
		return DB_ERR;
	/* None (never so for a counted order) is stored as NULL, not ''. */
	return db_exec(db, SQL_ORDER_CAMPAIGN_INSERT, "iisiiis", pk, campaign_id,
	    backer, units, amount, seq, n > 0 ? text : NULL);
}

int
db_order_campaign_products(struct sg_db *db, int64_t pk, int64_t campaign_id,
    struct db_counted_products *out)
{
	const enum sqlstmt q = SQL_ORDER_CAMPAIGN_PRODUCTS;
	const char	*s;
	size_t		 len;
	int		 rc;

	out->n = 0;
	if ((rc = db_exec(db, q, "iiii", pk, campaign_id, pk, campaign_id)) !=
	    DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		s = db_col_str(db, q, 1, &len);
		if (db_col_i64(db, q, 0) == 0) {
			/* The column (first): a list there is the record. */
			if (len > 0) {
				rc = counted_split(s, len, out);
				break;
			}
			continue;	/* NULL or '': the rows, if any */
		}
		/* A row an older program wrote (sql/033). */
		if ((rc = counted_add(out, s, len)) != DB_OK)
			break;
	}
	db_done(db, q);
	return rc < 0 ? rc : DB_OK;
}

int
db_order_campaign_set(struct sg_db *db, int64_t pk, int64_t campaign_id,
    int64_t units, int64_t amount)
{
	return db_exec(db, SQL_ORDER_CAMPAIGN_SET, "iiii", units, amount, pk,
	    campaign_id);
}

int
db_order_campaign_deactivate(struct sg_db *db, int64_t pk, int64_t campaign_id)
{
	return db_exec(db, SQL_ORDER_CAMPAIGN_DEACTIVATE, "ii", pk, campaign_id);
}

static int
contrib_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	struct db_order_contrib	*c = row;

	c->campaign_id = db_col_i64(db, q, 0);
	c->units = db_col_i64(db, q, 1);
	c->amount = db_col_i64(db, q, 2);
	return 0;
}

int
db_order_contribs(struct sg_db *db, int64_t pk, struct db_order_contrib **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_ORDER_ACTIVE_CAMPAIGNS, "i", pk)) != DB_OK)
		return rc;
	if ((rc = db_fetch_all(db, SQL_ORDER_ACTIVE_CAMPAIGNS, sizeof(**out),
	    contrib_read, NULL, &v, n)) == DB_OK)
		*out = v;
	return rc;
}

int
db_order_lock(struct sg_db *db, int64_t store_id, const char *ext,
    struct db_order_head *r)
{
	const enum sqlstmt q = SQL_ORDER_LOCK;
	char	 st[16];
	int	 rc;

	if ((rc = db_exec(db, q, "is", store_id, ext)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		r->pk = db_col_i64(db, q, 0);
		db_col_copy(db, q, 1, st, sizeof(st));
		r->cancelled = strcmp(st, "cancelled") == 0;
		db_col_copy(db, q, 3, r->backer, sizeof(r->backer));
	}
	db_done(db, q);
	return rc;
}

int
db_order_cancel(struct sg_db *db, int64_t pk)
{
	return db_exec(db, SQL_ORDER_CANCEL, "i", pk);
}

static int
line_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	struct db_order_line	*l = row;

	l->line_no = db_col_i64(db, q, 0);
	db_col_copy(db, q, 1, l->line.product_id, sizeof(l->line.product_id));
	l->line.has_variant = db_col_copy(db, q, 2, l->line.variant_id,
	    sizeof(l->line.variant_id));
	l->line.quantity = db_col_i64(db, q, 3);
	l->line.price = db_col_i64(db, q, 4);
	l->line.free_line = db_col_i64(db, q, 5) != 0;
	l->refunded_qty = db_col_i64(db, q, 6);
	l->refunded_amount = db_col_i64(db, q, 7);
	return 0;
}

int
db_order_lines(struct sg_db *db, int64_t pk, struct db_order_line **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_ORDER_LINES, "i", pk)) != DB_OK)
		return rc;
	if ((rc = db_fetch_all(db, SQL_ORDER_LINES, sizeof(**out), line_read,
	    NULL, &v, n)) == DB_OK)
		*out = v;
	return rc;
}

int
db_order_line_refund(struct sg_db *db, int64_t pk, int64_t line_no,
    int64_t quantity, int64_t amount)
{
	return db_exec(db, SQL_ORDER_LINE_REFUND, "iiii", quantity, amount, pk,
	    line_no);
}

int
db_refund_insert(struct sg_db *db, int64_t pk, const char *ext,
    const unsigned char *fp, size_t fplen, const char *body, int64_t *id)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_REFUND_INSERT, "isbs", pk, ext,
	    (const void *)fp, fplen, body)) == DB_OK)
		*id = db_insert_id(db, SQL_REFUND_INSERT);
	return rc;
}

int
db_backer_active_orders(struct sg_db *db, int64_t campaign_id,
    const char *backer, int64_t *active)
{
	int	 rc;

	*active = 0;
	if ((rc = db_get_i64(db, SQL_BACKER_GET, active, "is", campaign_id,
	    backer)) < 0)
		return rc;
	if (rc == 0)
		*active = 0;
	return DB_OK;
}


int
db_backer_add(struct sg_db *db, int64_t campaign_id, const char *backer,
    int *isnew)
{
	int64_t	 affected;
	int	 rc;

	if ((rc = db_exec(db, SQL_BACKER_ADD, "is", campaign_id, backer)) != DB_OK)
		return rc;
	affected = db_affected(db, SQL_BACKER_ADD);
	*isnew = affected == 1 ||
	    (affected == 2 && db_insert_id(db, SQL_BACKER_ADD) == 1);
	return DB_OK;
}

int
db_backer_remove(struct sg_db *db, int64_t campaign_id, const char *backer)
{
	return db_exec(db, SQL_BACKER_REMOVE, "is", campaign_id, backer);
}

static int
backer_order_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	struct db_backer_order	*o = row;

	o->pk = db_col_i64(db, q, 0);
	o->seq = db_col_i64(db, q, 1);
	o->active = db_col_i64(db, q, 2) != 0;
	db_col_copy(db, q, 3, o->external_id, sizeof(o->external_id));
	return 0;
}

int
db_backer_other_orders(struct sg_db *db, int64_t campaign_id,
    const char *backer, int64_t pk, struct db_backer_order **out, size_t *n)
{
	void	*v;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_BACKER_OTHER_ORDERS, "isi", campaign_id, backer,
	    pk)) != DB_OK)
		return rc;
	if ((rc = db_fetch_all(db, SQL_BACKER_OTHER_ORDERS, sizeof(**out),
	    backer_order_read, NULL, &v, n)) == DB_OK)
		*out = v;
	return rc;
}
