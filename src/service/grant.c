/* grant.c — the grant queue; see service/grant.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/cursor.h"
#include "db/db.h"
#include "service/grant.h"
#include "service/internal.h"

int
svc_grant_fulfill(struct sg_db *db, int64_t store_id, int64_t id,
    struct db_grant *g)
{
	int	 rc;

	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_grant_fulfill(db, store_id, id)) != DB_OK ||
	    (rc = db_grant_get(db, store_id, id, g)) <= 0)
		return svc_fail(db, svc_found(rc));
	if (strcmp(g->status, "void") == 0)
		return svc_fail(db, SVC_CONFLICT);
	if ((rc = db_commit(db)) != DB_OK)
		return svc_fail(db, rc);
	return SVC_OK;
}

int
svc_grant_list(struct sg_db *db, int64_t store_id, struct db_grant_filter *f,
    struct db_grant **out, size_t *n)
{
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_grant_queue_position(db, store_id,
	    SVC_GRANT_LIST_BATCHES, &f->upto)) != DB_OK ||
	    (rc = db_grant_list(db, store_id, f, out, n)) != DB_OK)
		goto fail;
	if ((rc = db_commit(db)) != DB_OK)
		goto fail;
	return SVC_OK;
fail:
	free(*out);
	*out = NULL;
	*n = 0;
	return svc_fail(db, rc);
}

int
svc_grant_export_part(struct sg_db *db, int64_t store_id, int64_t campaign_id,
    int64_t limit, int64_t offset,
    int (*fn)(const struct db_grant_export *, void *), void *arg)
{
	int64_t	 upto;
	int	 rc, rows;

	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_grant_queue_position(db, store_id, 0, &upto)) != DB_OK)
		return svc_fail(db, rc);
	if ((rows = db_grant_export_admin(db, store_id, campaign_id, upto, limit,
	    offset, fn, arg)) < 0)
		return svc_fail(db, rows);
	if ((rc = db_commit(db)) != DB_OK)
		return svc_fail(db, rc);
	return rows;
}

/* --- the admin's fulfilment (issue 12) ----------------------------------- */

int
svc_grant_fulfill_some(struct sg_db *db, int64_t store_id, int64_t campaign_id,
    const int64_t *ids, size_t n, int64_t *done)
{
	int64_t	 one;
	size_t	 i;
	int	 rc;

	*done = 0;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if ((rc = db_grant_fulfil_one(db, store_id, campaign_id, ids[i],
		    &one)) != DB_OK)
			return svc_fail(db, rc);
		*done += one;
	}
	if ((rc = db_commit(db)) != DB_OK) {
		*done = 0;
		return svc_fail(db, rc);
	}
	return SVC_OK;
}

int
svc_grant_fulfill_milestone(struct sg_db *db, int64_t store_id,
    int64_t campaign_id, int64_t milestone_id, int64_t *done)
{
	int	 rc;

	*done = 0;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_grant_fulfil_milestone(db, store_id, campaign_id,
	    milestone_id, done)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK) {
		*done = 0;
		return svc_fail(db, rc);
	}
	return SVC_OK;
}
