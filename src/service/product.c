/* product.c — the product catalog; see service/product.h. */
#include "config.h"

#include "db/db.h"
#include "db/product.h"
#include "service/internal.h"
#include "service/product.h"

int
svc_product_put(struct sg_db *db, int64_t store_id, const char *id,
    const struct sg_product_input *p, int *created)
{
	int	 rc;

	*created = 0;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_product_upsert(db, store_id, id, p->title, p->price,
	    p->image_url, p->variants, created)) != DB_OK ||
	    (rc = db_product_campaigns_bump(db, store_id, id)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK) {
		*created = 0;
		return svc_fail(db, rc);
	}
	return SVC_OK;
}
