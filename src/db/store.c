/* store.c — stores, API tokens and users; see db.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "db/internal.h"
#include "util/crypto.h"

static void
store_copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src == NULL ? "" : src);
}

int
db_store_insert(struct sg_db *db, const char *handle, const char *name,
    const char *currency, int exponent, int64_t *id)
{
	int	 rc;

	rc = db_exec(db, SQL_STORE_INSERT, "sssi", handle, name, currency,
	    (int64_t)exponent);
	if (rc == DB_OK && id != NULL)
		*id = db_insert_id(db, SQL_STORE_INSERT);
	return rc;
}

/* The store's id at column id_col and handle, name, currency, exponent from col on. */
static void
store_row(struct sg_db *db, enum sqlstmt q, unsigned id_col, unsigned col,
    struct db_store *s)
{
	s->id = db_col_i64(db, q, id_col);
	store_copy(s->handle, sizeof(s->handle), db_col_str(db, q, col, NULL));
	store_copy(s->name, sizeof(s->name), db_col_str(db, q, col + 1, NULL));
	store_copy(s->currency, sizeof(s->currency),
	    db_col_str(db, q, col + 2, NULL));
	s->exponent = (int)db_col_i64(db, q, col + 3);
}

static int
store_get(struct sg_db *db, enum sqlstmt q, struct db_store *s)
{
	int	 rc;

	if ((rc = db_fetch(db, q)) > 0)
		store_row(db, q, 0, 1, s);
	db_done(db, q);
	return rc;
}

int
db_store_get_by_handle(struct sg_db *db, const char *handle, struct db_store *s)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_STORE_GET_BY_HANDLE, "s", handle)) != DB_OK)
		return rc;
	return store_get(db, SQL_STORE_GET_BY_HANDLE, s);
}

int
db_store_get_by_id(struct sg_db *db, int64_t id, struct db_store *s)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_STORE_GET_BY_ID, "i", id)) != DB_OK)
		return rc;
	return store_get(db, SQL_STORE_GET_BY_ID, s);
}

int
db_token_insert(struct sg_db *db, int64_t store_id, const char *token_id,
    const unsigned char *hash, const char *label)
{
	return db_exec(db, SQL_TOKEN_INSERT, "isbs", store_id, token_id,
	    (const void *)hash, (size_t)SG_HASH_LEN, label);
}

int
db_token_verify(struct sg_db *db, const char *token, int64_t *store_id)
{
	char		 id[SG_TOKEN_ID_LEN + 1];
	unsigned char	 presented[SG_HASH_LEN];
	const char	*stored;
	size_t		 len;
	int		 rc, ok = 0;

	if (sg_token_parse(token, id, presented) == -1)
		return 0;
	if ((rc = db_exec(db, SQL_TOKEN_GET, "s", id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, SQL_TOKEN_GET)) > 0) {
		stored = db_col_str(db, SQL_TOKEN_GET, 1, &len);
		if (stored != NULL && len == SG_HASH_LEN &&
		    sg_hash_equal((const unsigned char *)stored, presented)) {
			*store_id = db_col_i64(db, SQL_TOKEN_GET, 0);
			ok = 1;
		}
	}
	db_done(db, SQL_TOKEN_GET);
	return rc < 0 ? rc : ok;
}

int
db_user_insert(struct sg_db *db, int64_t store_id, const char *email,
    const char *password_hash, int64_t *id)
{
	int	 rc;

	rc = db_exec(db, SQL_USER_INSERT, "iss", store_id, email, password_hash);
	if (rc == DB_OK && id != NULL)
		*id = db_insert_id(db, SQL_USER_INSERT);
	return rc;
}

/* --- the store's locale (admin amounts, sql/016) --- */

int
db_store_locale(struct sg_db *db, int64_t id, char *dst, size_t size)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_STORE_LOCALE, "i", id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, SQL_STORE_LOCALE)) > 0)
		store_copy(dst, size, db_col_str(db, SQL_STORE_LOCALE, 0, NULL));
	db_done(db, SQL_STORE_LOCALE);
	return rc;
}

int
db_store_set_locale(struct sg_db *db, int64_t id, const char *locale)
{
	return db_exec(db, SQL_STORE_SET_LOCALE, "si", locale, id);
}

int
db_token_list(struct sg_db *db, int64_t store_id,
    int (*fn)(void *, const struct db_token_row *), void *arg)
{
	struct db_token_row	 t;
	enum sqlstmt		 q = SQL_ACCOUNT_TOKEN_LIST;
	int			 rc, stop = 0;

	if ((rc = db_exec(db, q, "i", store_id)) != DB_OK)
		return rc;
	while (!stop && (rc = db_fetch(db, q)) > 0) {
		store_copy(t.token_id, sizeof(t.token_id), db_col_str(db, q, 0, NULL));
		store_copy(t.label, sizeof(t.label), db_col_str(db, q, 1, NULL));
		store_copy(t.created, sizeof(t.created), db_col_str(db, q, 2, NULL));
		store_copy(t.revoked, sizeof(t.revoked), db_col_str(db, q, 3, NULL));
		store_copy(t.last_used, sizeof(t.last_used), db_col_str(db, q, 4, NULL));
		stop = fn(arg, &t);
	}
	db_done(db, q);
	return rc < 0 ? rc : DB_OK;
}

int
db_user_list(struct sg_db *db, int64_t store_id,
    int (*fn)(void *, const struct db_user_row *), void *arg)
{
	struct db_user_row	 u;
	enum sqlstmt		 q = SQL_ACCOUNT_USER_LIST;
	int			 rc, stop = 0;

	if ((rc = db_exec(db, q, "i", store_id)) != DB_OK)
		return rc;
	while (!stop && (rc = db_fetch(db, q)) > 0) {
		store_copy(u.email, sizeof(u.email), db_col_str(db, q, 0, NULL));
		store_copy(u.created, sizeof(u.created), db_col_str(db, q, 1, NULL));
		stop = fn(arg, &u);
	}
	db_done(db, q);
	return rc < 0 ? rc : DB_OK;
}

int
db_token_revoke(struct sg_db *db, int64_t store_id, const char *token_id)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_ACCOUNT_TOKEN_REVOKE, "is", store_id,
	    token_id)) != DB_OK)
		return rc;
	return db_affected(db, SQL_ACCOUNT_TOKEN_REVOKE) > 0;
}

int
db_user_delete(struct sg_db *db, int64_t store_id, const char *email)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_ACCOUNT_USER_DELETE, "is", store_id,
	    email)) != DB_OK)
		return rc;
	return db_affected(db, SQL_ACCOUNT_USER_DELETE) > 0;
}

int
db_token_auth(struct sg_db *db, const char *token, char *token_id,
    int64_t *idle_secs, struct db_store *st)
{
	unsigned char	 presented[SG_HASH_LEN];
	const char	*stored;
	enum sqlstmt	 q = SQL_ACCOUNT_TOKEN_AUTH;
	size_t		 len;
	int		 rc, ok = 0;

	if (sg_token_parse(token, token_id, presented) == -1)
		return 0;
	if ((rc = db_exec(db, q, "s", token_id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		stored = db_col_str(db, q, 1, &len);
		if (stored != NULL && len == SG_HASH_LEN &&
		    sg_hash_equal((const unsigned char *)stored, presented)) {
			*idle_secs = db_col_i64(db, q, 2);
			store_row(db, q, 0, 3, st);
			ok = 1;
		}
	}
	db_done(db, q);
	return rc < 0 ? rc : ok;
}

int
db_token_touch(struct sg_db *db, const char *token_id, int64_t secs)
{
	return db_exec(db, SQL_ACCOUNT_TOKEN_TOUCH, "si", token_id, secs);
}

int
db_user_id(struct sg_db *db, int64_t store_id, const char *email, int64_t *id)
{
	return db_get_i64(db, SQL_ACCOUNT_USER_ID, id, "is", store_id, email);
}

int
db_reset_insert(struct sg_db *db, const unsigned char *hash, int64_t user_id,
    int64_t valid_secs)
{
	return db_exec(db, SQL_ACCOUNT_RESET_INSERT, "bii", (const void *)hash,
	    (size_t)SG_HASH_LEN, user_id, valid_secs);
}

int
db_reset_get(struct sg_db *db, const unsigned char *hash, int64_t *user_id,
    char *email)
{
	enum sqlstmt	 q = SQL_ACCOUNT_RESET_GET;
	int		 rc;

	if ((rc = db_exec(db, q, "b", (const void *)hash, (size_t)SG_HASH_LEN)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		*user_id = db_col_i64(db, q, 0);
		store_copy(email, 255, db_col_str(db, q, 1, NULL));
	}
	db_done(db, q);
	return rc;
}

int
db_reset_apply(struct sg_db *db, const unsigned char *hash, int64_t user_id,
    const char *email, const char *password_hash)
{
	char	 key[300];
	int	 rc;

	snprintf(key, sizeof(key), "u:%s", email);
	if ((rc = db_exec(db, SQL_ACCOUNT_RESET_USE, "b", (const void *)hash,
	    (size_t)SG_HASH_LEN)) != DB_OK ||
	    (rc = db_exec(db, SQL_ACCOUNT_USER_SET_PASSWORD, "si", password_hash,
	    user_id)) != DB_OK ||
	    (rc = db_exec(db, SQL_ACCOUNT_USER_SESSIONS_END, "i", user_id)) != DB_OK ||
	    (rc = db_exec(db, SQL_ACCOUNT_FAILURES_CLEAR, "s", key)) != DB_OK)
		return rc;
	return DB_OK;
}
