/* account.c — see account.h. */
#include "config.h"

#include <string.h>

#include "service/account.h"
#include "util/crypto.h"
#include "util/log.h"
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

int
svc_account_token_auth(struct sg_db *db, const char *token, struct db_store *st)
{
	char	 id[SG_TOKEN_ID_LEN + 1];
	int64_t	 idle = -1;
	int	 rc, trc;

	if ((rc = db_token_auth(db, token, id, &idle, st)) <= 0)
		return rc;
	if (idle >= 0 && idle < ACCOUNT_TOUCH_SECS)
		return rc;
	if ((trc = db_begin(db)) == DB_OK) {
		if ((trc = db_token_touch(db, id, ACCOUNT_TOUCH_SECS)) != DB_OK)
			db_rollback(db);
		else if ((trc = db_commit(db)) != DB_OK)
			db_rollback(db);
	}
	if (trc != DB_OK)
		sg_warn("api: could not record the use of token %s: %s", id,
		    db_last_error(db));
	return rc;
}

/* The hash under which a reset token is stored. */
static int
reset_hash(const char *token, unsigned char *hash)
{
	size_t	 i, n = token == NULL ? 0 : strlen(token);

	if (n != ACCOUNT_RESET_HEX)
		return -1;
	for (i = 0; i < n; i++)
		if (!((token[i] >= '0' && token[i] <= '9') ||
		    (token[i] >= 'a' && token[i] <= 'f')))
			return -1;
	sg_hash(token, n, hash);
	return 0;
}

int
svc_account_reset_create(struct sg_db *db, int64_t store_id, const char *email,
    char *token)
{
	unsigned char	 hash[SG_HASH_LEN];
	int64_t		 uid;
	int		 rc, i;

	sg_random_hex(token, ACCOUNT_RESET_HEX / 2);
	sg_hash(token, ACCOUNT_RESET_HEX, hash);
	for (i = 0; i < ACCOUNT_TRIES; i++) {
		if ((rc = db_begin(db)) != DB_OK)
			break;
		if ((rc = db_user_id(db, store_id, email, &uid)) <= 0) {
			db_rollback(db);
			if (rc == 0)
				return SVC_NOT_FOUND;
			if (rc == DB_RETRY)
				continue;
			break;
		}
		if ((rc = db_reset_insert(db, hash, uid, ACCOUNT_RESET_SECS)) != DB_OK ||
		    (rc = db_commit(db)) != DB_OK) {
			db_rollback(db);
			if (rc == DB_RETRY)
				continue;
			break;
		}
		return SVC_OK;
	}
	return rc == DB_RETRY ? DB_ERR : rc;
}

int
svc_account_reset_check(struct sg_db *db, const char *token, char *email)
{
	unsigned char	 hash[SG_HASH_LEN];
	int64_t		 uid;
	int		 rc;

	if (reset_hash(token, hash) == -1)
		return SVC_NOT_FOUND;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc == DB_RETRY ? DB_ERR : rc;
	rc = db_reset_get(db, hash, &uid, email);
	db_rollback(db);
	if (rc < 0)
		return rc == DB_RETRY ? DB_ERR : rc;
	return rc > 0 ? SVC_OK : SVC_NOT_FOUND;
}

int
svc_account_reset_use(struct sg_db *db, const char *token,
    const char *password_hash)
{
	unsigned char	 hash[SG_HASH_LEN];
	char		 email[255];
	int64_t		 uid;
	int		 rc, i;

	if (reset_hash(token, hash) == -1)
		return SVC_NOT_FOUND;
	for (i = 0; i < ACCOUNT_TRIES; i++) {
		if ((rc = db_begin(db)) != DB_OK)
			break;
		if ((rc = db_reset_get(db, hash, &uid, email)) <= 0) {
			db_rollback(db);
			if (rc == 0)
				return SVC_NOT_FOUND;
			if (rc == DB_RETRY)
				continue;
			break;
		}
		if ((rc = db_reset_apply(db, hash, uid, email, password_hash)) != DB_OK ||
		    (rc = db_commit(db)) != DB_OK) {
			db_rollback(db);
			if (rc == DB_RETRY)
				continue;
			break;
		}
		return SVC_OK;
	}
	return rc == DB_RETRY ? DB_ERR : rc;
}

int
svc_account_user_add(struct sg_db *db, int64_t store_id, const char *email,
    const char *password_hash)
{
	int	 rc, i;

	for (i = 0; i < ACCOUNT_TRIES; i++) {
		if ((rc = db_begin(db)) != DB_OK)
			break;
		if ((rc = db_user_insert(db, store_id, email, password_hash,
		    NULL)) != DB_OK || (rc = db_commit(db)) != DB_OK) {
			db_rollback(db);
			if (rc == DB_RETRY)
				continue;
			break;
		}
		return SVC_OK;
	}
	if (rc == DB_DUP)
		return SVC_CONFLICT;
	return rc == DB_RETRY ? DB_ERR : rc;
}

int
svc_account_token_create(struct sg_db *db, int64_t store_id, const char *label,
    char *token)
{
	char		 id[SG_TOKEN_ID_LEN + 1];
	unsigned char	 hash[SG_HASH_LEN];
	int		 rc, i;

	if (sg_token_new(token, id, hash) == -1)
		return DB_ERR;
	for (i = 0; i < ACCOUNT_TRIES; i++) {
		if ((rc = db_begin(db)) != DB_OK)
			break;
		if ((rc = db_token_insert(db, store_id, id, hash, label)) != DB_OK ||
		    (rc = db_commit(db)) != DB_OK) {
			db_rollback(db);
			if (rc == DB_RETRY)
				continue;
			break;
		}
		return SVC_OK;
	}
	return rc == DB_RETRY ? DB_ERR : rc;
}
