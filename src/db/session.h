/*
 * session.h — the creators' accounts (users), their admin sessions and the
 * sign-in failure counters.  Typed functions over sql_session.h; return
 * convention: see db/db.h.  Every write here runs inside the caller's
 * transaction (service/session.c opens it).
 *
 * Sessions are found by the SHA-256 of their id (the id itself is never
 * stored); lifetimes are passed in seconds and compared in the database's
 * clock.
 */
#ifndef SG_DB_SESSION_H
#define SG_DB_SESSION_H

#include <stdint.h>

#include "db/db.h"
#include "domain/validate.h"
#include "util/crypto.h"

struct db_user {
	int64_t	 id;
	int64_t	 store_id;
	char	 password_hash[SG_PWHASH_LEN + 1];
};

struct db_session {
	int64_t	 user_id;
	int64_t	 store_id;
	char	 email[SG_EMAIL_MAX_BYTES + 1];
	char	 csrf[65];		/* CHAR(64) column */
	int64_t	 idle_secs;		/* since last_seen_at */
};

/* The user with this (normalised) email: > 0 found, 0 not, < 0 error. */
int	db_user_get_by_email(struct sg_db *, const char *email, struct db_user *);

/*
 * The session whose id hashes to id_hash, when it was seen less than idle
 * seconds ago and created less than absolute seconds ago: > 0 found, 0 not
 * (or expired), < 0 error.
 */
int	db_session_get(struct sg_db *, const unsigned char id_hash[SG_HASH_LEN],
	    int64_t idle, int64_t absolute, struct db_session *);
int	db_session_insert(struct sg_db *, const unsigned char id_hash[SG_HASH_LEN],
	    int64_t user_id, const char *csrf);
/* Refresh last_seen_at.  DB_OK or < 0. */
int	db_session_touch(struct sg_db *, const unsigned char id_hash[SG_HASH_LEN]);
int	db_session_delete(struct sg_db *, const unsigned char id_hash[SG_HASH_LEN]);
/* Drop user_id's sessions that expired (same lifetimes as db_session_get()). */
int	db_session_purge_user(struct sg_db *, int64_t user_id, int64_t idle,
	    int64_t absolute);

/*
 * Count one failure of key in the window starting at window (DATETIME
 * text) and read the new count into *n, atomically: the row stays locked
 * until the transaction ends, so concurrent callers are counted one after
 * the other.  DB_OK or < 0.
 */
int	db_login_failures_add(struct sg_db *, const char *key, const char *window,
	    int64_t *n);
/* Give back one failure counted by db_login_failures_add().  DB_OK or < 0. */
int	db_login_failures_sub(struct sg_db *, const char *key, const char *window);
/* Forget every window of key.  DB_OK or < 0. */
int	db_login_failures_clear(struct sg_db *, const char *key);
/* Forget windows starting before window.  DB_OK or < 0. */
int	db_login_failures_purge(struct sg_db *, const char *window);

#endif
