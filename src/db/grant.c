/* --- admin reads --- */
/* grant.c (admin reads) — the grants export; see db/grant.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/grant.h"
#include "db/internal.h"

int
db_grant_export_admin(struct sg_db *db, int64_t store_id, int64_t campaign_id,
    int64_t limit, int64_t offset,
    int (*fn)(const struct db_grant_export *, void *), void *arg)
{
	const enum sqlstmt	 q = SQL_ADMIN_GRANTS_EXPORT;
	struct db_grant_export	*g;
	int			 rc, n = 0;

	if ((g = malloc(sizeof(*g))) == NULL)
		return DB_ERR;
	if ((rc = db_exec(db, q, "iiii", store_id, campaign_id, limit,
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
