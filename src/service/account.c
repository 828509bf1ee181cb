/* account.c — see account.h. */
#include "config.h"

#include "service/account.h"
#include "service/internal.h"
#include "service/service.h"

#define ACCOUNT_TRIES	3

/* Run one single-statement write (1 done, 0 not there) in a transaction. */
static int
account_write(struct sg_db *db, int (*fn)(struct sg_db *, int64_t, const char *),
    int64_t store_id, const char *key)
{
	int	 rc = DB_ERR, n, i;

	for (i = 0; i < ACCOUNT_TRIES; i++) {
		if ((rc = db_begin(db)) != DB_OK)
			break;
		if ((n = fn(db, store_id, key)) < 0) {
			rc = svc_fail(db, n);
			if (rc == DB_RETRY)
				continue;
			break;
		}
		if ((rc = db_commit(db)) != DB_OK) {
			db_rollback(db);
			if (rc == DB_RETRY)
				continue;
			break;
		}
		return n > 0 ? SVC_OK : SVC_NOT_FOUND;
	}
	return rc == DB_RETRY ? DB_ERR : rc;
}

int
svc_account_token_revoke(struct sg_db *db, int64_t store_id, const char *token_id)
{
	return account_write(db, db_token_revoke, store_id, token_id);
}

int
svc_account_user_remove(struct sg_db *db, int64_t store_id, const char *email)
{
	return account_write(db, db_user_delete, store_id, email);
}
