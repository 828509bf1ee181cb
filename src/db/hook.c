/* hook.c — platform secrets, deliveries, refunds, tombstones; see hook.h. */
#include "config.h"

#include <string.h>

#include "db/hook.h"
#include "db/internal.h"

int
db_hook_secret_set(struct sg_db *db, int64_t store_id, const char *platform,
    const void *secret, size_t len)
{
	if (len == 0 || len > DB_HOOK_SECRET_MAX)
		return DB_ERR;
	return db_exec(db, SQL_HOOK_SECRET_SET, "isb", store_id, platform,
	    secret, len);
}

int
db_hook_secret_get(struct sg_db *db, int64_t store_id, const char *platform,
    unsigned char *buf, size_t *len)
{
	const enum sqlstmt	 q = SQL_HOOK_SECRET_GET;
	const char		*s;
	size_t			 n;
	int			 rc;

	*len = 0;
	if ((rc = db_exec(db, q, "is", store_id, platform)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		s = db_col_str(db, q, 0, &n);
		if (s == NULL || n == 0 || n > DB_HOOK_SECRET_MAX)
			rc = 0;		/* no usable secret: as none */
		else {
			memcpy(buf, s, n);
			*len = n;
		}
	}
	db_done(db, q);
	return rc;
}

int
db_hook_delivery_seen(struct sg_db *db, int64_t store_id, const char *platform,
    const char *key)
{
	int64_t	 one;

	return db_get_i64(db, SQL_HOOK_DELIVERY_GET, &one, "iss", store_id,
	    platform, key);
}

int
db_hook_delivery_record(struct sg_db *db, int64_t store_id,
    const char *platform, const char *key, const char *topic,
    const char *order_id, const char *result)
{
	return db_exec(db, SQL_HOOK_DELIVERY_INSERT, "isssss", store_id, platform,
	    key, topic, order_id, result);
}

int
db_hook_tombstone_put(struct sg_db *db, int64_t store_id, const char *platform,
    const char *order_id, const char *currency)
{
	/*
	 * All zeros: no order's BLAKE2b fingerprint, so the create that
	 * comes later is "same id, different body" (a conflict).
	 */
	static const unsigned char	 none[32];
	int				 rc;

	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	if ((rc = db_exec(db, SQL_HOOK_TOMBSTONE_ORDER, "issb", store_id,
	    order_id, currency, (const void *)none, sizeof(none))) != DB_OK ||
	    (rc = db_exec(db, SQL_HOOK_TOMBSTONE_INSERT, "is",
	    db_insert_id(db, SQL_HOOK_TOMBSTONE_ORDER), platform)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK) {
		db_rollback(db);
		return rc;
	}
	return DB_OK;
}

int
db_hook_tombstone_get(struct sg_db *db, int64_t store_id, const char *order_id)
{
	int64_t	 one;

	return db_get_i64(db, SQL_HOOK_TOMBSTONE_GET, &one, "is", store_id,
	    order_id);
}

int
db_hook_secret_remove(struct sg_db *db, int64_t store_id, const char *platform)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_HOOK_SECRET_REMOVE, "is", store_id,
	    platform)) != DB_OK)
		return rc;
	return db_affected(db, SQL_HOOK_SECRET_REMOVE) > 0 ? 1 : 0;
}

/* --- admin reads --- */

int
db_hook_secret_when(struct sg_db *db, int64_t store_id, const char *platform,
    char *when, size_t size)
{
	const enum sqlstmt	 q = SQL_HOOK_SECRET_WHEN;
	int			 rc;

	if (size > 0)
		when[0] = '\0';
	if ((rc = db_exec(db, q, "is", store_id, platform)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0)
		db_col_copy(db, q, 0, when, size);
	db_done(db, q);
	return rc;
}
