/* product.c — the product entity; see db/product.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"
#include "db/product.h"

int
db_product_upsert(struct sg_db *db, int64_t store_id, const char *id,
    const char *title, int64_t price, const char *image_url,
    const char *variants, int *created)
{
	int	 rc;

	*created = 0;
	/* 1 affected row is an insert, 2 or 0 an update. */
	if ((rc = db_exec(db, SQL_PRODUCT_UPSERT, "ississ", store_id, id, title,
	    price, image_url, variants)) == DB_OK)
		*created = db_affected(db, SQL_PRODUCT_UPSERT) == 1;
	return rc;
}

int
db_product_campaigns_bump(struct sg_db *db, int64_t store_id, const char *id)
{
	return db_exec(db, SQL_PRODUCT_CAMPAIGNS_BUMP, "is", store_id, id);
}

/* The current row of q (SG_SQL_PRODUCT_COLS); -1 on no memory. */
static int
product_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	struct db_product	*p = row;
	const char		*v;
	size_t			 len;

	db_col_copy(db, q, 0, p->id, sizeof(p->id));
	db_col_copy(db, q, 1, p->title, sizeof(p->title));
	p->price = db_col_i64(db, q, 2);
	p->has_image = db_col_copy(db, q, 3, p->image_url, sizeof(p->image_url));
	(void)db_col_time(db, q, 5, &p->updated_at);
	p->variants = NULL;
	if ((v = db_col_str(db, q, 4, &len)) != NULL) {
		if ((p->variants = malloc(len + 1)) == NULL)
			return -1;
		memcpy(p->variants, v, len);
		p->variants[len] = '\0';
	}
	return 0;
}

static void
product_clear_row(void *row)
{
	db_product_clear(row);
}

int
db_product_get(struct sg_db *db, int64_t store_id, const char *id,
    struct db_product *p)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_PRODUCT_GET, "is", store_id, id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, SQL_PRODUCT_GET)) > 0) {
		memset(p, 0, sizeof(*p));
		if (product_read(db, SQL_PRODUCT_GET, p) == -1)
			rc = DB_ERR;
	}
	db_done(db, SQL_PRODUCT_GET);
	return rc;
}

int
db_product_search(struct sg_db *db, int64_t store_id, const char *q,
    int64_t limit, struct db_product **out, size_t *n)
{
	char	*contains = NULL, *prefix = NULL;
	void	*v;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((contains = db_like_pattern(q, 0)) == NULL ||
	    (prefix = db_like_pattern(q, 1)) == NULL) {
		rc = DB_ERR;
		goto out;
	}
	if ((rc = db_exec(db, SQL_PRODUCT_SEARCH, "issi", store_id, contains,
	    prefix, limit)) != DB_OK)
		goto out;
	if ((rc = db_fetch_all(db, SQL_PRODUCT_SEARCH, sizeof(**out),
	    product_read, product_clear_row, &v, n)) == DB_OK)
		*out = v;
out:
	free(contains);
	free(prefix);
	return rc;
}

void
db_product_clear(struct db_product *p)
{
	free(p->variants);
	p->variants = NULL;
}

void
db_products_free(struct db_product *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		db_product_clear(&v[i]);
	free(v);
}

/* --- admin reads --- */

/* "%q%" with LIKE's %, _ and \ escaped; NULL when out of memory. */
static char *
product_like_contains(const char *q)
{
	size_t	 n = strlen(q), i;
	char	*like, *o;

	if ((like = malloc(2 * n + 3)) == NULL)
		return NULL;
	o = like;
	*o++ = '%';
	for (i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			*o++ = '\\';
		*o++ = q[i];
	}
	*o++ = '%';
	*o = '\0';
	return like;
}

int
db_product_search_admin(struct sg_db *db, int64_t store_id, const char *q,
    int64_t limit, int (*fn)(const struct db_product_pick *, void *), void *arg)
{
	const enum sqlstmt	 sq = SQL_ADMIN_PRODUCT_SEARCH;
	struct db_product_pick	*p;
	char			*like;
	int			 rc, n = 0;

	if ((like = product_like_contains(q)) == NULL)
		return DB_ERR;
	if ((p = malloc(sizeof(*p))) == NULL) {
		free(like);
		return DB_ERR;
	}
	rc = db_exec(db, sq, "issi", store_id, like, like, limit);
	free(like);
	if (rc != DB_OK) {
		free(p);
		return rc;
	}
	while ((rc = db_fetch(db, sq)) > 0) {
		db_col_copy(db, sq, 0, p->product_id, sizeof(p->product_id));
		db_col_copy(db, sq, 1, p->title, sizeof(p->title));
		p->price = db_col_i64(db, sq, 2);
		p->variants = db_col_isnull(db, sq, 3) ? NULL :
		    db_col_str(db, sq, 3, NULL);
		p->has_image = db_col_copy(db, sq, 4, p->image_url,
		    sizeof(p->image_url));
		if (fn(p, arg) == -1) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_done(db, sq);
	free(p);
	return rc < 0 ? rc : n;
}

/* --- admin reads: the picker's count (issue 12) --- */

int
db_product_count_admin(struct sg_db *db, int64_t store_id, const char *q,
    int64_t *n)
{
	char	*like;
	int	 rc;

	*n = 0;
	if ((like = product_like_contains(q)) == NULL)
		return DB_ERR;
	rc = db_get_i64(db, SQL_ADMIN_PRODUCT_COUNT, n, "iss", store_id, like, like);
	free(like);
	return rc < 0 ? rc : DB_OK;
}
