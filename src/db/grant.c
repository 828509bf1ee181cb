/* grant.c — the grant entity; see db/grant.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/grant.h"
#include "db/internal.h"
#include "db/milestone.h"

int
db_grant_insert(struct sg_db *db, int64_t store_id, int64_t campaign_id,
    int64_t milestone_id, int64_t order_pk, const char *backer,
    const char *product_id, const char *variant_id, int64_t quantity,
    int64_t moved_from, int64_t *id)
{
	int	 rc;

	rc = db_exec(db, SQL_GRANT_INSERT, "iiiisssii", store_id, campaign_id,
	    milestone_id, order_pk, backer, product_id, variant_id, quantity,
	    moved_from);
	if (rc == DB_OK && id != NULL)
		*id = db_insert_id(db, SQL_GRANT_INSERT);
	return rc;
}

static int
ms_by_id(const void *a, const void *b)
{
	int64_t	 x = (*(const struct db_milestone_rule *const *)a)->id;
	int64_t	 y = (*(const struct db_milestone_rule *const *)b)->id;

	return x < y ? -1 : x > y;
}

int
db_grants_insert_set(struct sg_db *db, int64_t store_id, int64_t campaign_id,
    int64_t order_pk, const char *backer, const struct db_milestone_rule *const *ms,
    size_t n, int64_t *ids)
{
	static const enum sqlstmt qs[4] = {
		SQL_GRANTS_INSERT_ROWS1, SQL_GRANTS_INSERT_ROWS2,
		SQL_GRANTS_INSERT_ROWS3, SQL_GRANTS_INSERT_ROWS4,
	};
	const struct db_milestone_rule **v, *const *g;
	enum sqlstmt	 q;
	size_t		 i, k, j;
	int64_t		 mid;
	int		 rc = DB_OK;

	for (i = 0; i < n; i++)
		ids[i] = 0;
	if (n == 0)
		return DB_OK;
	if ((v = malloc(n * sizeof(*v))) == NULL)
		return DB_ERR;
	memcpy(v, ms, n * sizeof(*v));
	qsort(v, n, sizeof(*v), ms_by_id);
#define T	"iiiisssi"
#define G(x)	store_id, campaign_id, g[x]->id, order_pk, backer, \
	g[x]->gift_product_id, g[x]->has_gift_variant ? g[x]->gift_variant_id : \
	NULL, g[x]->gift_quantity
	for (i = 0; i < n && rc == DB_OK; i += k) {
		k = n - i < 4 ? n - i : 4;
		g = &v[i];
		q = qs[k - 1];
		switch (k) {
		case 1:
			rc = db_exec(db, q, T, G(0));
			break;
		case 2:
			rc = db_exec(db, q, T T, G(0), G(1));
			break;
		case 3:
			rc = db_exec(db, q, T T T, G(0), G(1), G(2));
			break;
		default:
			rc = db_exec(db, q, T T T T, G(0), G(1), G(2), G(3));
			break;
		}
		if (rc != DB_OK)
			break;
		/* A row of another order: the grant the backer holds (rule 6). */
		while ((rc = db_fetch(db, q)) > 0) {
			if (db_col_i64(db, q, 2) != order_pk)
				continue;
			mid = db_col_i64(db, q, 1);
			for (j = 0; j < n; j++)
				if (ms[j]->id == mid)
					ids[j] = db_col_i64(db, q, 0);
		}
		db_done(db, q);		/* rc: DB_OK (0) after the last row, or < 0 */
	}
#undef G
#undef T
	free(v);
	return rc;
}

int
db_grants_fanout_range(struct sg_db *db, int64_t store_id,
    int64_t milestone_id, const char *after, const char *upto, int64_t *made)
{
	enum sqlstmt	 q;
	int		 rc, rc2;

	if ((rc = db_exec(db, SQL_GRANT_FANOUT_FK, "i", (int64_t)0)) != DB_OK)
		return rc;
	if (upto == NULL) {
		q = SQL_GRANTS_FANOUT_REST;
		rc = db_exec(db, q, "iis", store_id, milestone_id, after);
	} else {
		q = SQL_GRANTS_FANOUT_RANGE;
		rc = db_exec(db, q, "iiss", store_id, milestone_id, after, upto);
	}
	if (made != NULL)
		*made = rc == DB_OK ? db_affected(db, q) : 0;
	/* Never leave a live connection without the checks. */
	if ((rc2 = db_exec(db, SQL_GRANT_FANOUT_FK, "i", (int64_t)1)) != DB_OK) {
		db_disconnect(db);
		if (rc == DB_OK)
			rc = rc2;
	}
	return rc;
}

int
db_grants_fanout_backer(struct sg_db *db, int64_t store_id,
    int64_t campaign_id, const char *backer, int64_t *made)
{
	int	 rc;

	rc = db_exec(db, SQL_GRANTS_FANOUT_BACKER, "isi", store_id, backer,
	    campaign_id);
	if (made != NULL)
		*made = rc == DB_OK ? db_affected(db, SQL_GRANTS_FANOUT_BACKER) : 0;
	return rc;
}

int
db_grant_fanout_next(struct sg_db *db, int64_t campaign_id, const char *after,
    int64_t reached_seq, int64_t offset, char *upto, size_t size, int *found)
{
	const enum sqlstmt q = SQL_GRANT_FANOUT_NEXT;
	int	 rc;

	*found = 0;
	if ((rc = db_exec(db, q, "isii", campaign_id, after, reached_seq,
	    offset)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		db_col_copy(db, q, 0, upto, size);
		*found = 1;
	}
	db_done(db, q);
	return rc < 0 ? rc : DB_OK;
}

static int
fanout_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	struct db_fanout	*f = row;

	f->milestone_id = db_col_i64(db, q, 0);
	f->campaign_id = db_col_i64(db, q, 1);
	f->store_id = db_col_i64(db, q, 2);
	return 0;
}

int
db_grant_fanouts_pending(struct sg_db *db, size_t max, struct db_fanout **out,
    size_t *n)
{
	void	*v;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_GRANT_FANOUT_PENDING, "i", (int64_t)max)) !=
	    DB_OK)
		return rc;
	if ((rc = db_fetch_all(db, SQL_GRANT_FANOUT_PENDING, sizeof(**out),
	    fanout_read, NULL, &v, n)) == DB_OK)
		*out = v;
	return rc;
}

int
db_grant_fanout_state(struct sg_db *db, int64_t milestone_id, char *after,
    size_t size, int *all, int64_t *reached_seq)
{
	const enum sqlstmt q = SQL_GRANT_FANOUT_STATE;
	int	 rc;

	if ((rc = db_exec(db, q, "i", milestone_id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		*all = db_col_isnull(db, q, 0);
		if (after != NULL)
			db_col_copy(db, q, 0, after, size);
		if (reached_seq != NULL)
			*reached_seq = db_col_i64(db, q, 1);
	}
	db_done(db, q);
	return rc;
}

int
db_grant_fanout_start(struct sg_db *db, int64_t milestone_id,
    int64_t campaign_id, int64_t reached_seq)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_GRANT_FANOUT_FLAG, "ii", (int64_t)1,
	    milestone_id)) != DB_OK)
		return rc;
	return db_exec(db, SQL_GRANT_FANOUT_START, "iii", milestone_id,
	    campaign_id, reached_seq);
}

int
db_grant_fanout_claim(struct sg_db *db, int64_t milestone_id,
    const char *after, const char *upto)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_GRANT_FANOUT_CHUNK_ADD, "iss", milestone_id,
	    after, upto)) != DB_OK)
		return rc;
	return db_exec(db, SQL_GRANT_FANOUT_ADVANCE, "si", upto, milestone_id);
}

int
db_grant_fanout_chunk_take(struct sg_db *db, int64_t milestone_id,
    char *after, char *upto, size_t size, int *to_end)
{
	const enum sqlstmt q = SQL_GRANT_FANOUT_CHUNK_TAKE;
	int	 rc;

	if ((rc = db_exec(db, q, "i", milestone_id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		db_col_copy(db, q, 0, after, size);
		*to_end = db_col_isnull(db, q, 1);
		db_col_copy(db, q, 1, upto, size);
	}
	db_done(db, q);
	return rc;
}

int
db_grant_fanout_chunk_done(struct sg_db *db, int64_t milestone_id,
    const char *after)
{
	return db_exec(db, SQL_GRANT_FANOUT_CHUNK_DONE, "is", milestone_id,
	    after);
}

int
db_grant_fanout_chunks_left(struct sg_db *db, int64_t milestone_id,
    int64_t *n)
{
	int	 rc;

	*n = 0;
	rc = db_get_i64(db, SQL_GRANT_FANOUT_CHUNKS_LEFT, n, "i", milestone_id);
	return rc < 0 ? rc : DB_OK;
}

int
db_grant_fanout_done(struct sg_db *db, int64_t milestone_id)
{
	return db_exec(db, SQL_GRANT_FANOUT_DONE, "i", milestone_id);
}

int
db_grant_fanout_backlog(struct sg_db *db, int64_t *pending, int64_t *oldest_us)
{
	*pending = 0;
	*oldest_us = -1;
	return db_get_i64_pair(db, SQL_GRANT_FANOUT_BACKLOG, pending, oldest_us);
}

int
db_grant_fanout_unflag(struct sg_db *db, int64_t milestone_id)
{
	return db_exec(db, SQL_GRANT_FANOUT_FLAG, "ii", (int64_t)0,
	    milestone_id);
}

int
db_grant_max_id(struct sg_db *db, int64_t *id)
{
	int	 rc;

	*id = 0;
	rc = db_get_i64(db, SQL_GRANT_MAX_ID, id, "");
	return rc < 0 ? rc : DB_OK;
}

static int
order_grant_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	struct db_order_grant	*g = row;

	g->id = db_col_i64(db, q, 0);
	g->milestone_id = db_col_i64(db, q, 1);
	db_col_copy(db, q, 2, g->product_id, sizeof(g->product_id));
	g->has_variant = db_col_copy(db, q, 3, g->variant_id,
	    sizeof(g->variant_id));
	g->quantity = db_col_i64(db, q, 4);
	return 0;
}

int
db_grants_of_order_lock(struct sg_db *db, int64_t order_pk,
    int64_t campaign_id, struct db_order_grant **out, size_t *n)
{
	void	*v;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_GRANTS_OF_ORDER_LOCK, "ii", order_pk,
	    campaign_id)) != DB_OK)
		return rc;
	if ((rc = db_fetch_all(db, SQL_GRANTS_OF_ORDER_LOCK, sizeof(**out),
	    order_grant_read, NULL, &v, n)) == DB_OK)
		*out = v;
	return rc;
}

int
db_grant_void(struct sg_db *db, int64_t id)
{
	return db_exec(db, SQL_GRANT_VOID, "i", id);
}

/* The current row of q (SG_SQL_GRANT_COLS). */
static int
grant_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	struct db_grant	*g = row;

	g->id = db_col_i64(db, q, 0);
	db_col_copy(db, q, 1, g->order_id, sizeof(g->order_id));
	db_col_copy(db, q, 2, g->campaign, sizeof(g->campaign));
	g->milestone_id = db_col_i64(db, q, 3);
	db_col_copy(db, q, 4, g->backer, sizeof(g->backer));
	db_col_copy(db, q, 5, g->product_id, sizeof(g->product_id));
	g->has_variant = db_col_copy(db, q, 6, g->variant_id,
	    sizeof(g->variant_id));
	g->quantity = db_col_i64(db, q, 7);
	db_col_copy(db, q, 8, g->status, sizeof(g->status));
	(void)db_col_time(db, q, 9, &g->created_at);
	g->position = db_col_i64(db, q, 10);	/* 0 until the queue is read */
	return 0;
}

int
db_grant_list(struct sg_db *db, int64_t store_id,
    const struct db_grant_filter *f, struct db_grant **out, size_t *n)
{
	void	*v;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_GRANT_LIST, "issiiiii", store_id, f->status,
	    f->status, f->campaign_id, f->campaign_id, f->after, f->upto,
	    f->limit)) != DB_OK)
		return rc;
	if ((rc = db_fetch_all(db, SQL_GRANT_LIST, sizeof(**out), grant_read,
	    NULL, &v, n)) == DB_OK)
		*out = v;
	return rc;
}

int
db_grant_get(struct sg_db *db, int64_t store_id, int64_t id, struct db_grant *g)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_GRANT_GET, "ii", store_id, id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, SQL_GRANT_GET)) > 0) {
		memset(g, 0, sizeof(*g));
		grant_read(db, SQL_GRANT_GET, g);
	}
	db_done(db, SQL_GRANT_GET);
	return rc;
}

int
db_grant_fulfill(struct sg_db *db, int64_t store_id, int64_t id)
{
	return db_exec(db, SQL_GRANT_FULFILL, "ii", id, store_id);
}

/* --- admin reads --- */

int
db_grant_export_admin(struct sg_db *db, int64_t store_id, int64_t campaign_id,
    int64_t upto, int64_t limit, int64_t offset,
    int (*fn)(const struct db_grant_export *, void *), void *arg)
{
	const enum sqlstmt	 q = SQL_ADMIN_GRANTS_EXPORT;
	struct db_grant_export	*g;
	int			 rc, n = 0;

	if ((g = malloc(sizeof(*g))) == NULL)
		return DB_ERR;
	if ((rc = db_exec(db, q, "iiiii", store_id, campaign_id, upto, limit,
	    offset)) != DB_OK) {
		free(g);
		return rc;
	}
	while ((rc = db_fetch(db, q)) > 0) {
		db_col_copy(db, q, 0, g->id, sizeof(g->id));
		db_col_copy(db, q, 1, g->order_id, sizeof(g->order_id));
		db_col_copy(db, q, 2, g->milestone_id, sizeof(g->milestone_id));
		db_col_copy(db, q, 3, g->milestone_title, sizeof(g->milestone_title));
		db_col_copy(db, q, 4, g->backer, sizeof(g->backer));
		db_col_copy(db, q, 5, g->product_id, sizeof(g->product_id));
		db_col_copy(db, q, 6, g->variant_id, sizeof(g->variant_id));
		db_col_copy(db, q, 7, g->quantity, sizeof(g->quantity));
		db_col_copy(db, q, 8, g->status, sizeof(g->status));
		db_col_copy(db, q, 9, g->created_at, sizeof(g->created_at));
		db_col_copy(db, q, 10, g->fulfilled_at, sizeof(g->fulfilled_at));
		if (fn(g, arg) == -1) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_done(db, q);
	free(g);
	return rc < 0 ? rc : n;
}

/* --- admin reads and writes: fulfilment (issue 12) --- */

int
db_grant_fulfilment_admin(struct sg_db *db, int64_t store_id,
    int64_t campaign_id, const char *backer, int64_t limit, int64_t offset,
    int (*fn)(const struct db_grant_fulfilment *, void *), void *arg)
{
	const enum sqlstmt		 q = SQL_ADMIN_GRANTS_FULFILMENT;
	struct db_grant_fulfilment	*f;
	struct db_grant_export		*g;
	int				 rc, n = 0;

	if ((f = malloc(sizeof(*f))) == NULL)
		return DB_ERR;
	g = &f->g;
	if ((rc = db_exec(db, q, "iissii", store_id, campaign_id, backer, backer,
	    limit, offset)) != DB_OK) {
		free(f);
		return rc;
	}
	while ((rc = db_fetch(db, q)) > 0) {
		db_col_copy(db, q, 0, g->id, sizeof(g->id));
		db_col_copy(db, q, 1, g->order_id, sizeof(g->order_id));
		db_col_copy(db, q, 2, g->milestone_id, sizeof(g->milestone_id));
		db_col_copy(db, q, 3, g->milestone_title, sizeof(g->milestone_title));
		db_col_copy(db, q, 4, g->backer, sizeof(g->backer));
		db_col_copy(db, q, 5, g->product_id, sizeof(g->product_id));
		db_col_copy(db, q, 6, g->variant_id, sizeof(g->variant_id));
		db_col_copy(db, q, 7, g->quantity, sizeof(g->quantity));
		db_col_copy(db, q, 8, g->status, sizeof(g->status));
		db_col_copy(db, q, 9, g->created_at, sizeof(g->created_at));
		db_col_copy(db, q, 10, g->fulfilled_at, sizeof(g->fulfilled_at));
		f->has_title = db_col_copy(db, q, 11, f->title, sizeof(f->title));
		f->variants = db_col_isnull(db, q, 12) ? NULL :
		    db_col_str(db, q, 12, NULL);
		if (fn(f, arg) == -1) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_done(db, q);
	free(f);
	return rc < 0 ? rc : n;
}

int
db_grant_fulfil_one(struct sg_db *db, int64_t store_id, int64_t campaign_id,
    int64_t id, int64_t *n)
{
	int	 rc;

	*n = 0;
	if ((rc = db_exec(db, SQL_ADMIN_GRANT_FULFIL_ONE, "iii", id, store_id,
	    campaign_id)) == DB_OK)
		*n = db_affected(db, SQL_ADMIN_GRANT_FULFIL_ONE);
	return rc;
}

int
db_grant_fulfil_milestone(struct sg_db *db, int64_t store_id,
    int64_t campaign_id, int64_t milestone_id, int64_t *n)
{
	int	 rc;

	*n = 0;
	if ((rc = db_exec(db, SQL_ADMIN_GRANT_FULFIL_MILESTONE, "iii", store_id,
	    campaign_id, milestone_id)) == DB_OK)
		*n = db_affected(db, SQL_ADMIN_GRANT_FULFIL_MILESTONE);
	return rc;
}
