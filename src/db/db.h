/*
 * db.h — the database module: the only part of stretchgoal that includes
 * MariaDB Connector/C headers.
 *
 * One struct sg_db is one connection (one per worker process).  It connects
 * lazily and again after the server went away: db_ensure() is called at the
 * start of every request.  Code outside db/ calls only the typed functions
 * of this header and of the entity headers (db/campaign.h, ...); the
 * statement runner and the statement table are private to db/ and live in
 * db/internal.h.
 *
 * Return conventions, used by every db_* function:
 *   DB_OK (0)       success
 *   > 0             for lookups: found (a row is available)
 *   0               for lookups: not found
 *   DB_ERR          a server or programming error, already logged
 *   DB_DOWN         the server is unreachable or the connection was lost;
 *                   the connection is closed and the next db_ensure() retries
 *   DB_RETRY        deadlock or lock wait timeout: the transaction was rolled
 *                   back and the whole unit of work may be tried again
 *   DB_DUP          a unique key was violated
 *   DB_AMBIGUOUS    db_commit() only: the connection died during COMMIT, so
 *                   whether it committed is unknown; the request must not be
 *                   run again (the client retries with its idempotency key)
 *
 * Errors are classified once, in db_classify(): Galera certification
 * conflicts and brute-force aborts (1213, 1205, 1180/1181, ...) are
 * DB_RETRY; a lost connection, a node that is not ready (1047) or is
 * read-only (1290, 1836) is DB_DOWN.  A foreign-key error inside a
 * transaction the server already rolled back (a Galera abort that surfaced
 * late) is DB_RETRY too, and so is any statement that finds its transaction
 * gone: the server's "in transaction" flag is checked after every statement
 * between db_begin() and db_commit().
 *
 * Hosts: cfg->db_endpoints (db_hosts) are tried in order on (re)connect;
 * a host that refuses, is read-only or not ready is skipped for the next
 * one; after db_failback_secs away from the first host, the next
 * db_ensure() tries the first host again.  On a Galera node the session's
 * wsrep_sync_wait is set to cfg->db_wsrep_sync_wait.  Every statement is
 * prepared at connect time.
 */
#ifndef SG_DB_DB_H
#define SG_DB_DB_H

#include <stddef.h>
#include <stdint.h>

struct sg_config;
struct sg_db;

#define DB_OK		  0
#define DB_ERR		(-1)
#define DB_DOWN		(-2)
#define DB_RETRY	(-3)
#define DB_DUP		(-4)
#define DB_AMBIGUOUS	(-5)

/* Allocates the handle; does not connect.  NULL on allocation failure. */
struct sg_db	*db_new(const struct sg_config *);
void		 db_free(struct sg_db *);		/* NULL ok */
/*
 * A handle on cfg->db_replicas (db_replica) instead of the primary's hosts:
 * a read replica for public reads (db/replica.h).  Its session is READ ONLY
 * (SET SESSION TRANSACTION READ ONLY), a read-only server is usable, and
 * it never fails back.  NULL when no replica is configured or on no memory.
 */
struct sg_db	*db_new_replica(const struct sg_config *);
/* 1 when the handle holds an open connection (it may still be stale). */
int		 db_is_connected(const struct sg_db *);
/* Connect if not connected.  DB_OK or DB_DOWN. */
int		 db_ensure(struct sg_db *);
/* A round trip to the server (SELECT 1).  DB_OK or DB_DOWN. */
int		 db_ping(struct sg_db *);
/* Close the connection (statements are lost); the handle stays usable. */
void		 db_disconnect(struct sg_db *);
/* Text of the last error, for logs. */
const char	*db_last_error(const struct sg_db *);
/*
 * Which connection this is: a number no other connection of this process
 * had (0: not connected).  What a caller keeps from one connection's reads
 * (service/order.c's campaign rules) it drops when this changes.
 */
uint64_t	 db_connection(const struct sg_db *);
/*
 * Can this connection serve writes?  The server answers, is not read-only
 * and, on Galera, is ready and Synced (wsrep_ready ON, wsrep_local_state 4).
 * DB_OK, or DB_DOWN with the reason in why.
 */
int		 db_health(struct sg_db *, char *why, size_t whylen);
/*
 * 1 when, since the last call, a write's outcome became unknown (the
 * connection died during COMMIT, or during a write outside a transaction);
 * clears the flag.  The router then answers 503 without running the request
 * again.
 */
int		 db_take_ambiguous(struct sg_db *);
/* The DB_* class of a server or client error number (see above). */
int		 db_classify(unsigned int errnum);
/*
 * The same for an error of statement sql (its text; NULL: none): an id
 * of an AUTO_INCREMENT table taken twice is DB_RETRY (see db.c).
 */
int		 db_classify_stmt(unsigned int errnum, const char *msg,
		    const char *sql);
/* The i-th table with an AUTO_INCREMENT id, NULL past the last. */
const char	*db_autoinc_table(size_t i);
/* What db_commit() makes of COMMIT's own result: DB_DOWN -> DB_AMBIGUOUS. */
int		 db_classify_commit(int rc);

/*
 * START TRANSACTION at REPEATABLE READ: every read of the transaction
 * sees one snapshot (the public projection's reads; two round trips).
 */
int	db_begin(struct sg_db *);
int	db_commit(struct sg_db *);
void	db_rollback(struct sg_db *);
/*
 * START TRANSACTION at READ COMMITTED (the session's level, set at
 * connect; one round trip): every read after a lock sees the latest
 * commit.  The service layer opens its transactions with this.
 */
int	db_begin_read_committed(struct sg_db *);

/*
 * Run SQL text that is not in the statement table: only for schema
 * migrations read from sql/ (possibly several statements).  Never with
 * input from a request.
 */
int	db_exec_script(struct sg_db *, const char *sql, size_t len);

/* --- migrations (migrate.c) ---------------------------------------------- */

/*
 * Apply every sql/NNN_name.sql in dir that is not yet recorded in
 * schema_migrations, in order; print one line per applied file to the log.
 * *applied counts them.  DB_OK or < 0.
 */
int	db_migrate(struct sg_db *, const char *dir, int *applied);

/* --- stores, tokens, users (store.c) ------------------------------------- */

struct db_store {
	int64_t	 id;
	char	 handle[65];
	char	 name[201];
	char	 currency[4];
	int	 exponent;
};

int	db_store_insert(struct sg_db *, const char *handle, const char *name,
	    const char *currency, int exponent, int64_t *id);
int	db_store_get_by_handle(struct sg_db *, const char *handle, struct db_store *);
int	db_store_get_by_id(struct sg_db *, int64_t id, struct db_store *);
/*
 * The store's locale ("en", "de", ...; sql/016) into dst (at least
 * DB_LOCALE_MAX bytes): > 0 found, 0 no such store, < 0 a DB_* code.
 */
#define DB_LOCALE_MAX	17
int	db_store_locale(struct sg_db *, int64_t id, char *dst, size_t size);
int	db_store_set_locale(struct sg_db *, int64_t id, const char *locale);
int	db_token_insert(struct sg_db *, int64_t store_id, const char *token_id,
	    const unsigned char *hash, const char *label);
/*
 * Look up an API token by its presented text and verify its secret in
 * constant time.  > 0 and *store_id set when valid; 0 when unknown, revoked or
 * wrong; < 0 on error.
 */
int	db_token_verify(struct sg_db *, const char *token, int64_t *store_id);
int	db_user_insert(struct sg_db *, int64_t store_id, const char *email,
	    const char *password_hash, int64_t *id);

/* One API token or user as listed; times RFC 3339 UTC, "" when none. */
struct db_token_row {
	char	 token_id[17];
	char	 label[801];
	char	 created[32];
	char	 revoked[32];
	char	 last_used[32];
};
struct db_user_row {
	char	 email[255];
	char	 created[32];
};
/*
 * Call fn for each of the store's tokens (users), oldest first (by email);
 * fn returning non-zero stops.  DB_OK or < 0.
 */
int	db_token_list(struct sg_db *, int64_t store_id,
	    int (*fn)(void *, const struct db_token_row *), void *arg);
int	db_user_list(struct sg_db *, int64_t store_id,
	    int (*fn)(void *, const struct db_user_row *), void *arg);
/* 1 revoked (deleted), 0 no such live token (user) in the store, < 0. */
int	db_token_revoke(struct sg_db *, int64_t store_id, const char *token_id);
int	db_user_delete(struct sg_db *, int64_t store_id, const char *email);
/*
 * db_token_verify() that gives the token's store (*st, when > 0) instead
 * of its id, and also the token's id (SG_TOKEN_ID_LEN + 1 bytes) and the
 * seconds since its last recorded use (-1: never).
 */
int	db_token_auth(struct sg_db *, const char *token, char *token_id,
	    int64_t *idle_secs, struct db_store *st);
/* Record a use now unless one was recorded in the last secs: DB_OK or < 0. */
int	db_token_touch(struct sg_db *, const char *token_id, int64_t secs);
/* The id of user email in the store: 1 (*id set), 0 none, < 0. */
int	db_user_id(struct sg_db *, int64_t store_id, const char *email, int64_t *id);
int	db_reset_insert(struct sg_db *, const unsigned char *hash, int64_t user_id,
	    int64_t valid_secs);
/*
 * Lock the live reset with this token hash: 1 (*user_id and email, 255
 * bytes, set), 0 unknown, used or expired, < 0.
 */
int	db_reset_get(struct sg_db *, const unsigned char *hash, int64_t *user_id,
	    char *email);
/* Mark it used, set the password hash, end the sessions, clear failures. */
int	db_reset_apply(struct sg_db *, const unsigned char *hash, int64_t user_id,
	    const char *email, const char *password_hash);

/* --- demo data (demo.c) -------------------------------------------------- */

/*
 * Create the demo store "demo" with products, a live campaign and milestones
 * of both reward kinds and scopes, unless the store exists already.  > 0 when
 * created, 0 when it was already there, < 0 on error.
 */
int	db_demo_create(struct sg_db *, int64_t *store_id);

#endif
