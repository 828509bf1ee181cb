/* cursor.c — queue positions in commit order; see db/cursor.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db/cursor.h"
#include "db/internal.h"
#include "util/buf.h"

static const char *const queue_grants = "grants";

/*
 * One batch: position up to DB_QUEUE_BATCH committed grants without a
 * position after *last (the queue row is locked by the caller); *n is how
 * many.  DB_OK or < 0.
 */
static int
position_batch(struct sg_db *db, int64_t store_id, int64_t *last, int64_t *n)
{
	struct sg_buf	 ids;
	int		 rc;

	*n = 0;
	/* Every id has at most 20 digits and a comma. */
	sg_buf_init(&ids, (size_t)DB_QUEUE_BATCH * 21 + 2);
	if (sg_buf_addc(&ids, '[') != SG_BUF_OK) {
		rc = DB_ERR;
		goto out;
	}
	if ((rc = db_exec(db, SQL_GRANT_UNPOSITIONED, "ii", store_id,
	    (int64_t)DB_QUEUE_BATCH)) != DB_OK)
		goto out;
	while ((rc = db_fetch(db, SQL_GRANT_UNPOSITIONED)) > 0) {
		if (sg_buf_printf(&ids, "%s%lld", *n > 0 ? "," : "", (long long)
		    db_col_i64(db, SQL_GRANT_UNPOSITIONED, 0)) != SG_BUF_OK) {
			rc = DB_ERR;
			break;
		}
		(*n)++;
	}
	db_done(db, SQL_GRANT_UNPOSITIONED);
	if (rc < 0 || *n == 0)
		goto out;
	if (sg_buf_addc(&ids, ']') != SG_BUF_OK) {
		rc = DB_ERR;
		goto out;
	}
	if ((rc = db_exec(db, SQL_GRANT_POSITION, "sii", ids.data, *last,
	    store_id)) != DB_OK)
		goto out;
	/* The rows were read committed under the lock: every one is updated. */
	if (db_affected(db, SQL_GRANT_POSITION) != *n) {
		rc = DB_ERR;
		goto out;
	}
	*last += *n;
out:
	sg_buf_free(&ids);
	return rc < 0 ? rc : DB_OK;
}

int
db_grant_queue_position(struct sg_db *db, int64_t store_id, int max_batches,
    int64_t *last)
{
	int64_t	 first, n;
	int	 rc, b;

	*last = 0;
	if ((rc = db_get_i64(db, SQL_QUEUE_LOCK, last, "is", store_id,
	    queue_grants)) < 0)
		return rc;
	if (rc == 0) {
		/* The store's first read of the queue (two at once: one of them
		 * deadlocks and runs again). */
		if ((rc = db_exec(db, SQL_QUEUE_ENSURE, "is", store_id,
		    queue_grants)) != DB_OK)
			return rc;
		if ((rc = db_get_i64(db, SQL_QUEUE_LOCK, last, "is", store_id,
		    queue_grants)) < 0)
			return rc;
		if (rc == 0)
			return DB_ERR;
	}
	first = *last;
	for (b = 0; max_batches == 0 || b < max_batches; b++) {
		if ((rc = position_batch(db, store_id, last, &n)) != DB_OK)
			return rc;
		if (n < DB_QUEUE_BATCH)
			break;
	}
	if (*last == first)
		return DB_OK;
	return db_exec(db, SQL_QUEUE_ADVANCE, "iis", *last, store_id, queue_grants);
}
