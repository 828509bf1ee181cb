/* --- admin reads --- */
/* product.c (admin reads) — the catalog picker; see db/product.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/internal.h"
#include "db/product.h"

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
