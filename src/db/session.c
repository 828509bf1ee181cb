/* session.c — users, admin sessions, sign-in failures; see db/session.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "db/internal.h"
#include "db/session.h"

int
db_user_get_by_email(struct sg_db *db, const char *email, struct db_user *u)
{
	const enum sqlstmt	 q = SQL_ADMIN_USER_BY_EMAIL;
	int			 rc;

	memset(u, 0, sizeof(*u));
	if ((rc = db_exec(db, q, "s", email)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		u->id = db_col_i64(db, q, 0);
		u->store_id = db_col_i64(db, q, 1);
		db_col_copy(db, q, 2, u->password_hash, sizeof(u->password_hash));
	}
	db_done(db, q);
	return rc;
}

int
db_session_get(struct sg_db *db, const unsigned char id_hash[SG_HASH_LEN],
    int64_t idle, int64_t absolute, struct db_session *s)
{
	const enum sqlstmt	 q = SQL_ADMIN_SESSION_GET;
	int			 rc;

	memset(s, 0, sizeof(*s));
	if ((rc = db_exec(db, q, "bii", (const void *)id_hash, (size_t)SG_HASH_LEN,
	    idle, absolute)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		s->user_id = db_col_i64(db, q, 0);
		db_col_copy(db, q, 1, s->csrf, sizeof(s->csrf));
		s->store_id = db_col_i64(db, q, 2);
		db_col_copy(db, q, 3, s->email, sizeof(s->email));
		s->idle_secs = db_col_i64(db, q, 4);
	}
	db_done(db, q);
	return rc;
}

int
db_session_insert(struct sg_db *db, const unsigned char id_hash[SG_HASH_LEN],
    int64_t user_id, const char *csrf)
{
	return db_exec(db, SQL_ADMIN_SESSION_INSERT, "bis", (const void *)id_hash,
	    (size_t)SG_HASH_LEN, user_id, csrf);
}

int
db_session_touch(struct sg_db *db, const unsigned char id_hash[SG_HASH_LEN])
{
	return db_exec(db, SQL_ADMIN_SESSION_TOUCH, "b", (const void *)id_hash,
	    (size_t)SG_HASH_LEN);
}

int
db_session_delete(struct sg_db *db, const unsigned char id_hash[SG_HASH_LEN])
{
	return db_exec(db, SQL_ADMIN_SESSION_DELETE, "b", (const void *)id_hash,
	    (size_t)SG_HASH_LEN);
}

int
db_session_purge_user(struct sg_db *db, int64_t user_id, int64_t idle,
    int64_t absolute)
{
	return db_exec(db, SQL_ADMIN_SESSION_PURGE, "iii", user_id, idle, absolute);
}

int
db_login_failures_add(struct sg_db *db, const char *key, const char *window,
    int64_t *n)
{
	int	 rc;

	*n = 0;
	if ((rc = db_exec(db, SQL_ADMIN_FAILURES_ADD, "ss", key, window)) != DB_OK)
		return rc;
	rc = db_get_i64(db, SQL_ADMIN_FAILURES_GET, n, "ss", key, window);
	return rc < 0 ? rc : DB_OK;
}

int
db_login_failures_sub(struct sg_db *db, const char *key, const char *window)
{
	return db_exec(db, SQL_ADMIN_FAILURES_SUB, "ss", key, window);
}

int
db_login_failures_clear(struct sg_db *db, const char *key)
{
	return db_exec(db, SQL_ADMIN_FAILURES_CLEAR, "s", key);
}

int
db_login_failures_purge(struct sg_db *db, const char *window)
{
	return db_exec(db, SQL_ADMIN_FAILURES_PURGE, "s", window);
}
