/* db.c — connection, statements and error classification; see db.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "db/db.h"
#include "util/fault.h"
#include "db/internal.h"
#include "util/config.h"
#include "util/log.h"

static const char *const sqls[SQL__MAX] = {
#define X(name, text) text,
	SG_SQL_ALL
#undef X
};

/* Most parameters any statement takes. */
#define DB_MAX_PARAMS	32
/* First size of a result column buffer; grows to fit. */
#define DB_COL_INITIAL	256

struct db_stmt {
	MYSQL_STMT	*st;
	unsigned	 ncols;
	MYSQL_BIND	*res;
	char		**bufs;
	unsigned long	*caps;
	unsigned long	*lens;
	my_bool		*nulls;
	int		 stored;	/* a result set is held */
	int		 prepared_only;	/* prepared at connect; buffers not set up */
};

struct sg_db {
	const struct sg_config	*cfg;
	const struct sg_db_endpoint *eps;	/* db_endpoints or db_replicas */
	size_t			 neps;
	int			 replica;	/* a read-only replica connection */
	MYSQL			*my;
	int			 was_down;	/* to log state changes once */
	size_t			 cur;		/* endpoint connected or to try first */
	time_t			 left_first;	/* when we moved off endpoint 0 */
	int			 wsrep;		/* the server is a Galera node */
	int			 in_txn;	/* between db_begin and commit/rollback */
	int			 ambiguous;	/* a write's outcome is unknown */
	uint64_t		 conn;		/* db_connection(): this connection */
	struct db_stmt		 stmts[SQL__MAX];
	char			 err[512];
};

static int	db_fail(struct sg_db *, unsigned int, const char *, enum sqlstmt);

/* Connections this process opened (db_connection()). */
static uint64_t	db_connections;

struct sg_db *
db_new(const struct sg_config *cfg)
{
	struct sg_db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->cfg = cfg;
	db->eps = cfg->db_endpoints;
	db->neps = cfg->db_nendpoints;
	return db;
}

struct sg_db *
db_new_replica(const struct sg_config *cfg)
{
	struct sg_db	*db;

	if (cfg->db_nreplicas == 0 || (db = db_new(cfg)) == NULL)
		return NULL;
	db->eps = cfg->db_replicas;
	db->neps = cfg->db_nreplicas;
	db->replica = 1;
	return db;
}

int
db_is_connected(const struct sg_db *db)
{
	return db->my != NULL;
}

static void
db_stmt_clear(struct db_stmt *s)
{
	unsigned	 i;

	if (s->st != NULL) {
		if (s->stored)
			mysql_stmt_free_result(s->st);
		mysql_stmt_close(s->st);
	}
	for (i = 0; i < s->ncols; i++)
		free(s->bufs[i]);
	free(s->bufs);
	free(s->caps);
	free(s->lens);
	free(s->nulls);
	free(s->res);
	memset(s, 0, sizeof(*s));
}

void
db_disconnect(struct sg_db *db)
{
	size_t	 i;

	for (i = 0; i < SQL__MAX; i++)
		db_stmt_clear(&db->stmts[i]);
	if (db->my != NULL) {
		mysql_close(db->my);
		db->my = NULL;
	}
	db->in_txn = 0;
}

void
db_free(struct sg_db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
}

uint64_t
db_connection(const struct sg_db *db)
{
	return db->my == NULL ? 0 : db->conn;
}

const char *
db_last_error(const struct sg_db *db)
{
	return db->err;
}

int
db_take_ambiguous(struct sg_db *db)
{
	int	 a = db->ambiguous;

	db->ambiguous = 0;
	return a;
}

int
db_classify(unsigned int no)
{
	switch (no) {
	/* The connection is gone or the server cannot serve: reconnect. */
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case 2055:	/* CR_SERVER_LOST_EXTENDED */
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case 4031:	/* ER_CLIENT_INTERACTION_TIMEOUT */
	case ER_CON_COUNT_ERROR:
	case ER_UNKNOWN_COM_ERROR:	/* 1047: WSREP has not yet prepared node */
	case ER_OPTION_PREVENTS_STATEMENT:	/* 1290: --read-only */
	case ER_READ_ONLY_MODE:		/* 1836 */
		return DB_DOWN;
	/* Rolled back (deadlock, lock wait, Galera certification/BF abort). */
	case ER_LOCK_DEADLOCK:
	case ER_LOCK_WAIT_TIMEOUT:
	case ER_CHECKREAD:
	case ER_ERROR_DURING_COMMIT:	/* 1180 */
	case ER_ERROR_DURING_ROLLBACK:	/* 1181 */
	case ER_LOCK_ABORTED:		/* 1689 */
	/* 1467: the AUTO-INC lock was lost to a deadlock (lock mode 0 or 1
	   while a bulk insert held it) */
	case ER_AUTOINC_READ_FAILED:
		return DB_RETRY;
	case ER_DUP_ENTRY:
		return DB_DUP;
	default:
		return DB_ERR;
	}
}

/*
 * The tables whose id is AUTO_INCREMENT (sql/): an insert into one never
 * names the id.  it_migrate compares the list with the migrated schema.
 */
static const char *const autoinc_tables[] = {
	"stores", "api_tokens", "users", "campaigns", "milestones", "orders",
	"refunds", "grants", "events", "webhook_endpoints", "webhook_attempts",
};

const char *
db_autoinc_table(size_t i)
{
	return i < sizeof(autoinc_tables) / sizeof(autoinc_tables[0]) ?
	    autoinc_tables[i] : NULL;
}

/* Does sql insert into a table with an AUTO_INCREMENT id? */
static int
inserts_autoinc(const char *sql)
{
	size_t	 i, n;

	if (sql == NULL || strncmp(sql, "INSERT ", 7) != 0)
		return 0;
	sql += 7;
	if (strncmp(sql, "IGNORE ", 7) == 0)
		sql += 7;
	if (strncmp(sql, "INTO ", 5) != 0)
		return 0;
	sql += 5;
	for (i = 0; i < sizeof(autoinc_tables) / sizeof(autoinc_tables[0]); i++) {
		n = strlen(autoinc_tables[i]);
		if (strncmp(sql, autoinc_tables[i], n) == 0 && sql[n] == ' ')
			return 1;
	}
	return 0;
}

int
db_classify_stmt(unsigned int no, const char *msg, const char *sql)
{
	/*
	 * An id taken twice.  Galera's auto-increment control can hand a
	 * node an id that another node used while the cluster's membership
	 * changed (mysql-wsrep#18, MDEV-7129): a duplicate of the PRIMARY
	 * key of an insert that never names the id, or the NULL that an
	 * upsert's guard writes for any duplicate but the one it expects
	 * (sql_grant.h).  The transaction runs again and takes a new id.
	 */
	if (inserts_autoinc(sql) &&
	    ((no == ER_DUP_ENTRY && msg != NULL && strstr(msg, "PRIMARY'") != NULL) ||
	    (no == ER_BAD_NULL_ERROR && strstr(sql, " ON DUPLICATE KEY UPDATE ") != NULL)))
		return DB_RETRY;
	return db_classify(no);
}

int
db_classify_commit(int rc)
{
	return rc == DB_DOWN ? DB_AMBIGUOUS : rc;
}

/* Seconds on a clock that does not jump. */
static time_t
db_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/*
 * The session after connecting: is this a Galera node, and may it serve?
 * Returns 1 usable, 0 reachable but read-only or not ready, -1 an error.
 */
static int
db_session_setup(struct sg_db *db, MYSQL *my, int *wsrep, char *why,
    size_t whylen)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	char		 sql[96];
	int		 ro = 0, ready = 1;

	why[0] = '\0';
	*wsrep = 0;
	/*
	 * READ COMMITTED for the session: the service's transactions run at
	 * it (db_begin_read_committed() is then START TRANSACTION alone, one
	 * round trip fewer per request); db_begin() asks for REPEATABLE READ
	 * per transaction.
	 */
	if (mysql_query(my, "SET SESSION TRANSACTION ISOLATION LEVEL "
	    "READ COMMITTED") != 0)
		return -1;
	/* MySQL has no wsrep_on: then this is not a Galera node. */
	if (mysql_query(my, "SELECT @@read_only, @@wsrep_on") != 0) {
		if (mysql_query(my, "SELECT @@read_only") != 0)
			return -1;
	}
	if ((res = mysql_store_result(my)) == NULL)
		return -1;
	if ((row = mysql_fetch_row(res)) != NULL) {
		ro = row[0] != NULL && strcmp(row[0], "0") != 0;
		*wsrep = mysql_num_fields(res) > 1 && row[1] != NULL &&
		    strcmp(row[1], "1") == 0;
	}
	mysql_free_result(res);
	if (*wsrep) {
		snprintf(sql, sizeof(sql), "SET SESSION wsrep_sync_wait = %ld",
		    db->cfg->db_wsrep_sync_wait);
		if (mysql_query(my, sql) != 0)
			return -1;
		if (mysql_query(my, "SHOW GLOBAL STATUS LIKE 'wsrep_ready'") != 0)
			return -1;
		if ((res = mysql_store_result(my)) == NULL)
			return -1;
		if ((row = mysql_fetch_row(res)) != NULL && row[1] != NULL)
			ready = strcmp(row[1], "ON") == 0;
		mysql_free_result(res);
	}
	if (ro)
		snprintf(why, whylen, "read-only");
	else if (!ready)
		snprintf(why, whylen, "Galera node not ready");
	return !ro && ready;
}

/* Open a connection to endpoint e; NULL with db->err set. */
static MYSQL *
db_open(struct sg_db *db, const struct sg_db_endpoint *e)
{
	const struct sg_config	*c = db->cfg;
	unsigned int		 ct, rwt;
	my_bool			 off = 0;
	MYSQL			*my;

	if ((my = mysql_init(NULL)) == NULL) {
		snprintf(db->err, sizeof(db->err), "mysql_init: out of memory");
		return NULL;
	}
	ct = (unsigned int)c->db_connect_timeout;
	rwt = (unsigned int)c->db_rw_timeout;
	mysql_options(my, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_options(my, MYSQL_OPT_READ_TIMEOUT, &rwt);
	mysql_options(my, MYSQL_OPT_WRITE_TIMEOUT, &rwt);
	mysql_options(my, MYSQL_OPT_RECONNECT, &off);
	mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(my, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,"
	    "NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
	    "NO_ENGINE_SUBSTITUTION'");
	if (mysql_real_connect(my, e->socket[0] != '\0' ? "localhost" : e->host,
	    c->db_user, c->db_password, c->db_name, e->port,
	    e->socket[0] != '\0' ? e->socket : NULL, 0) == NULL) {
		snprintf(db->err, sizeof(db->err), "connect %s%s%.0u: %s",
		    e->socket[0] != '\0' ? e->socket : e->host,
		    e->socket[0] != '\0' ? "" : ":", e->port, mysql_error(my));
		mysql_close(my);
		return NULL;
	}
	return my;
}

/*
 * Prepare every statement of the table on a new connection, before any
 * transaction runs (a statement that cannot be prepared yet, e.g. before
 * the schema is migrated, is prepared when first used).
 */
static void
db_prepare_all(struct sg_db *db)
{
	struct db_stmt	*s;
	size_t		 q;

	for (q = 0; q < SQL__MAX; q++) {
		s = &db->stmts[q];
		if (s->st != NULL || (s->st = mysql_stmt_init(db->my)) == NULL)
			continue;
		if (mysql_stmt_prepare(s->st, sqls[q], strlen(sqls[q])) != 0) {
			mysql_stmt_close(s->st);
			s->st = NULL;
			if (db_classify(mysql_errno(db->my)) == DB_DOWN)
				return;
			continue;
		}
		s->prepared_only = 1;
	}
}

int
db_ensure(struct sg_db *db)
{
	const struct sg_config	*c = db->cfg;
	size_t			 n = db->neps, i, k, start, keep_k = 0;
	MYSQL			*my, *keep = NULL;
	char			 why[64];
	int			 ok, wsrep, keep_wsrep = 0;

	/* Fail back to the first endpoint after db_failback_secs. */
	if (db->cur != 0 && c->db_failback_secs > 0 && !db->replica &&
	    db_now() - db->left_first >= c->db_failback_secs) {
		if (db->my != NULL) {
			sg_info("database: trying the first host again");
			db_disconnect(db);
		}
		start = 0;
	} else
		start = db->cur;
	if (db->my != NULL)
		return DB_OK;
	if (n == 0) {
		snprintf(db->err, sizeof(db->err), "no database host configured");
		return DB_DOWN;
	}
	for (i = 0; i < n; i++) {
		k = (start + i) % n;
		if ((my = db_open(db, &db->eps[k])) == NULL)
			continue;
		if ((ok = db_session_setup(db, my, &wsrep, why, sizeof(why))) == -1 ||
		    (db->replica && mysql_query(my,
		    "SET SESSION TRANSACTION READ ONLY") != 0)) {
			snprintf(db->err, sizeof(db->err), "%s %zu: session setup: "
			    "%u: %s", db->replica ? "replica" : "host", k + 1,
			    mysql_errno(my), mysql_error(my));
			mysql_close(my);
			continue;
		}
		/* A replica is read-only by design; it must still be ready. */
		if (db->replica && ok == 0 && strcmp(why, "read-only") == 0)
			ok = 1;
		if (ok == 0 && keep != NULL) {
			mysql_close(my);
			continue;
		}
		/*
		 * A read-only or not-ready server is kept only until a
		 * writable one answers (with one host it is all there is).
		 */
		if (keep != NULL)
			mysql_close(keep);
		keep = my;
		keep_k = k;
		keep_wsrep = wsrep;
		if (ok == 1)
			break;
		snprintf(db->err, sizeof(db->err), "host %zu: %s", k + 1, why);
	}
	if (keep == NULL) {
		if (!db->was_down)
			sg_warn("%s unavailable: %s", db->replica ?
			    "database replica" : "database", db->err);
		db->was_down = 1;
		/* Next time, start with the next endpoint. */
		if (n > 1) {
			if (db->cur == 0)
				db->left_first = db_now();
			db->cur = (start + 1) % n;
		}
		return DB_DOWN;
	}
	if (db->was_down || keep_k != db->cur)
		sg_info("database %s %s (host %zu of %zu)",
		    db->replica ? "replica connection" : "connection",
		    db->was_down ? "restored" : "opened", keep_k + 1, n);
	if (keep_k != 0 && (db->cur == 0 || start == 0))
		db->left_first = db_now();	/* left the first, or fail-back failed */
	db->cur = keep_k;
	db->wsrep = keep_wsrep;
	db->was_down = 0;
	db->my = keep;
	db->conn = ++db_connections;
	/* A replica runs a few public reads: those are prepared when used. */
	if (!db->replica)
		db_prepare_all(db);
	return DB_OK;
}

/*
 * Is the transaction db_begin() opened still open on the server?  Galera
 * may roll a transaction back under us (a brute-force abort); a statement
 * that then runs outside it must not be taken for part of it.
 */
static int
db_txn_lost(struct sg_db *db)
{
	unsigned int	 st = SERVER_STATUS_IN_TRANS;

	if (!db->in_txn || db->my == NULL)
		return 0;
	if (mariadb_get_infov(db->my, MARIADB_CONNECTION_SERVER_STATUS, &st) != 0)
		return 0;
	return (st & SERVER_STATUS_IN_TRANS) == 0;
}

/*
 * Did the connection die after the command may have reached the server?
 * "Gone away" (2006) is found before sending, a refused connection or a
 * node that refuses the statement (1047, 1290) ran nothing.
 */
static int
db_lost_in_flight(unsigned int no)
{
	switch (no) {
	case CR_SERVER_LOST:
	case 2055:	/* CR_SERVER_LOST_EXTENDED */
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case 4031:	/* ER_CLIENT_INTERACTION_TIMEOUT */
		return 1;
	default:
		return 0;
	}
}

/*
 * Classify a failed call's error number, log what deserves it, and return the
 * DB_* code.  Connection errors close the connection so that the next
 * db_ensure() reconnects (to the next host for a node that cannot serve).
 */
static int
db_fail(struct sg_db *db, unsigned int no, const char *msg, enum sqlstmt q)
{
	int	 rc = db_classify_stmt(no, msg, q != SQL__MAX ? sqls[q] : NULL);

	snprintf(db->err, sizeof(db->err), "%u: %s", no, msg);
	if (rc == DB_RETRY && db_classify(no) != DB_RETRY)
		sg_warn("database: an auto-increment id taken twice (a Galera "
		    "membership change?) in statement %d (%s); retrying", (int)q,
		    db->err);
	/*
	 * A foreign-key error in a transaction that Galera aborted under us:
	 * the parent row it inserted is gone with it (turn2-scaleout §2d).
	 */
	if (rc == DB_ERR && (no == ER_NO_REFERENCED_ROW_2 ||
	    no == ER_NO_REFERENCED_ROW) && db_txn_lost(db)) {
		sg_warn("database: transaction aborted under statement %d (%s); "
		    "retrying", (int)q, db->err);
		rc = DB_RETRY;
	}
	switch (rc) {
	case DB_DOWN:
		if (!db->was_down)
			sg_warn("database %sconnection lost: %s",
			    db->replica ? "replica " : "", db->err);
		db->was_down = 1;
		/*
		 * A write that ran on its own (autocommit) when the
		 * connection died may or may not have happened.
		 */
		if (!db->in_txn && q != SQL__MAX &&
		    strncmp(sqls[q], "SELECT", 6) != 0 && db_lost_in_flight(no))
			db->ambiguous = 1;
		db_disconnect(db);
		if (no == ER_UNKNOWN_COM_ERROR || no == ER_OPTION_PREVENTS_STATEMENT ||
		    no == ER_READ_ONLY_MODE) {
			/* This node cannot serve: try the next host first. */
			if (db->neps > 1) {
				if (db->cur == 0)
					db->left_first = db_now();
				db->cur = (db->cur + 1) % db->neps;
			}
		}
		return DB_DOWN;
	case DB_RETRY:
		db_rollback(db);
		return DB_RETRY;
	case DB_DUP:
		return DB_DUP;
	default:
		sg_error("database error in statement %d: %s", (int)q, db->err);
		return DB_ERR;
	}
}

static int
db_query_text(struct sg_db *db, const char *sql)
{
	if (db->my == NULL && db_ensure(db) != DB_OK)
		return DB_DOWN;
	if (mysql_query(db->my, sql) != 0)
		return db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX);
	return DB_OK;
}

/*
 * A fault injected by a test (util/fault.h): the call fails as a server
 * error would, without reaching the server.
 */
static int
db_fault_injected(const char *what)
{
	sg_warn("database: injected fault at %.60s", what);
	return DB_ERR;
}

/* START TRANSACTION at the session's level (READ COMMITTED, see above). */
static int
db_start(struct sg_db *db)
{
	int	 rc;

	if (sg_fault_hit(SG_FAULT_DB))
		return db_fault_injected("START TRANSACTION");
	if ((rc = db_query_text(db, "START TRANSACTION")) == DB_OK)
		db->in_txn = 1;
	return rc;
}

int
db_begin(struct sg_db *db)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_TX_REPEATABLE_READ, "")) != DB_OK)
		return rc;
	return db_start(db);
}

int
db_commit(struct sg_db *db)
{
	int	 rc;

	if (sg_fault_hit(SG_FAULT_DB))
		return db_fault_injected("COMMIT");
	if (db_txn_lost(db)) {
		sg_warn("database: the transaction was rolled back before COMMIT; "
		    "retrying");
		db_rollback(db);
		return DB_RETRY;
	}
	rc = db_query_text(db, "COMMIT");
	db->in_txn = 0;
	if ((rc = db_classify_commit(rc)) == DB_AMBIGUOUS) {
		/* The COMMIT may have reached the server: never run it again. */
		db->ambiguous = 1;
		sg_warn("database: connection lost during COMMIT; outcome unknown");
	}
	return rc;
}

void
db_rollback(struct sg_db *db)
{
	db->in_txn = 0;
	if (db->my != NULL && mysql_query(db->my, "ROLLBACK") != 0)
		(void)db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX);
}

int
db_ping(struct sg_db *db)
{
	int64_t	 one;
	int	 rc;

	if ((rc = db_ensure(db)) != DB_OK)
		return rc;
	rc = db_get_i64(db, SQL_SELECT_ONE, &one, "");
	if (rc == DB_DOWN) {
		/* A stale connection: try once more on a new one. */
		if (db_ensure(db) != DB_OK)
			return DB_DOWN;
		rc = db_get_i64(db, SQL_SELECT_ONE, &one, "");
	}
	return rc > 0 ? DB_OK : (rc == 0 ? DB_ERR : rc);
}

/* One health probe on the current connection; see db_health(). */
static int
db_health_once(struct sg_db *db, char *why, size_t whylen)
{
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	int		 ro = 1, wsrep = 0, ready = 0, state = 0;

	if (mysql_query(db->my, "SELECT @@read_only, @@wsrep_on") != 0 &&
	    mysql_query(db->my, "SELECT @@read_only") != 0)
		goto fail;
	if ((res = mysql_store_result(db->my)) == NULL)
		goto fail;
	if ((row = mysql_fetch_row(res)) != NULL) {
		ro = row[0] == NULL || strcmp(row[0], "0") != 0;
		wsrep = mysql_num_fields(res) > 1 && row[1] != NULL &&
		    strcmp(row[1], "1") == 0;
	}
	mysql_free_result(res);
	if (ro) {
		snprintf(why, whylen, "read-only");
		return DB_DOWN;
	}
	if (!wsrep)
		return DB_OK;
	if (mysql_query(db->my, "SHOW GLOBAL STATUS WHERE Variable_name IN "
	    "('wsrep_ready', 'wsrep_local_state')") != 0 ||
	    (res = mysql_store_result(db->my)) == NULL)
		goto fail;
	while ((row = mysql_fetch_row(res)) != NULL) {
		if (row[0] == NULL || row[1] == NULL)
			continue;
		if (strcasecmp(row[0], "wsrep_ready") == 0)
			ready = strcmp(row[1], "ON") == 0;
		else if (strcasecmp(row[0], "wsrep_local_state") == 0)
			state = atoi(row[1]);
	}
	mysql_free_result(res);
	if (!ready || state != 4) {
		snprintf(why, whylen, "Galera node not ready (wsrep_ready %s, "
		    "wsrep_local_state %d)", ready ? "ON" : "OFF", state);
		return DB_DOWN;
	}
	return DB_OK;
fail:
	snprintf(why, whylen, "%u: %s", mysql_errno(db->my), mysql_error(db->my));
	return db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX) ==
	    DB_DOWN ? -100 : DB_DOWN;
}

int
db_health(struct sg_db *db, char *why, size_t whylen)
{
	int	 rc, try;

	why[0] = '\0';
	for (try = 0; try < 2; try++) {
		if (db_ensure(db) != DB_OK) {
			snprintf(why, whylen, "%s", db->err);
			return DB_DOWN;
		}
		/* -100: the connection was stale; once more on a new one. */
		if ((rc = db_health_once(db, why, whylen)) != -100)
			return rc;
	}
	return DB_DOWN;
}

/* The result buffers of s (q), for its n columns. */
static int
db_stmt_cols(struct sg_db *db, enum sqlstmt q, struct db_stmt *s, unsigned n)
{
	unsigned	 i;

	s->ncols = n;
	s->res = calloc(s->ncols, sizeof(*s->res));
	s->bufs = calloc(s->ncols, sizeof(*s->bufs));
	s->caps = calloc(s->ncols, sizeof(*s->caps));
	s->lens = calloc(s->ncols, sizeof(*s->lens));
	s->nulls = calloc(s->ncols, sizeof(*s->nulls));
	if (s->res == NULL || s->bufs == NULL || s->caps == NULL ||
	    s->lens == NULL || s->nulls == NULL)
		goto nomem;
	for (i = 0; i < s->ncols; i++) {
		if ((s->bufs[i] = malloc(DB_COL_INITIAL + 1)) == NULL)
			goto nomem;
		s->caps[i] = DB_COL_INITIAL;
		s->res[i].buffer_type = MYSQL_TYPE_STRING;
		s->res[i].buffer = s->bufs[i];
		s->res[i].buffer_length = s->caps[i];
		s->res[i].length = &s->lens[i];
		s->res[i].is_null = &s->nulls[i];
	}
	return DB_OK;
nomem:
	snprintf(db->err, sizeof(db->err), "out of memory");
	sg_error("database: out of memory preparing statement %d", (int)q);
	db_stmt_clear(s);
	return DB_ERR;
}

/* Prepare q on this connection unless it is already. */
static int
db_prepare(struct sg_db *db, enum sqlstmt q, struct db_stmt **sp)
{
	struct db_stmt	*s = &db->stmts[q];
	MYSQL_RES	*meta;
	unsigned	 n;
	int		 rc;

	*sp = s;
	if (s->st != NULL && !s->prepared_only)
		return DB_OK;
	if (db->my == NULL && (rc = db_ensure(db)) != DB_OK)
		return rc;
	if (s->st == NULL) {
		if ((s->st = mysql_stmt_init(db->my)) == NULL)
			return db_fail(db, mysql_errno(db->my), mysql_error(db->my), q);
		if (mysql_stmt_prepare(s->st, sqls[q], strlen(sqls[q])) != 0) {
			rc = db_fail(db, mysql_stmt_errno(s->st),
			    mysql_stmt_error(s->st), q);
			if (db->my != NULL)	/* not already cleared by a disconnect */
				db_stmt_clear(s);
			return rc;
		}
	}
	s->prepared_only = 0;
	/* None for INSERT ... RETURNING: MariaDB sends them on execute. */
	if ((meta = mysql_stmt_result_metadata(s->st)) == NULL)
		return DB_OK;
	n = mysql_num_fields(meta);
	mysql_free_result(meta);
	return db_stmt_cols(db, q, s, n);
}

static int
db_vexec(struct sg_db *db, enum sqlstmt q, const char *types, va_list ap)
{
	struct db_stmt	*s;
	MYSQL_BIND	 par[DB_MAX_PARAMS];
	int64_t		 ints[DB_MAX_PARAMS];
	size_t		 n, i;
	const char	*str;
	int		 rc;

	if (sg_fault_hit(SG_FAULT_DB))
		return db_fault_injected(sqls[q]);
	if ((rc = db_prepare(db, q, &s)) != DB_OK)
		return rc;
	if (s->stored) {
		mysql_stmt_free_result(s->st);
		s->stored = 0;
	}
	n = strlen(types);
	if (n > DB_MAX_PARAMS || n != mysql_stmt_param_count(s->st)) {
		sg_error("database: statement %d takes %lu parameters, given %zu",
		    (int)q, mysql_stmt_param_count(s->st), n);
		return DB_ERR;
	}
	memset(par, 0, sizeof(par));
	for (i = 0; i < n; i++) {
		switch (types[i]) {
		case 's':
			str = va_arg(ap, const char *);
			if (str == NULL) {
				par[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			par[i].buffer_type = MYSQL_TYPE_STRING;
			par[i].buffer = (void *)(uintptr_t)str;
			par[i].buffer_length = strlen(str);
			break;
		case 'b':
			par[i].buffer_type = MYSQL_TYPE_BLOB;
			par[i].buffer = (void *)(uintptr_t)va_arg(ap, const void *);
			par[i].buffer_length = va_arg(ap, size_t);
			break;
		case 'i':
			ints[i] = va_arg(ap, int64_t);
			par[i].buffer_type = MYSQL_TYPE_LONGLONG;
			par[i].buffer = &ints[i];
			break;
		default:
			sg_error("database: bad parameter type '%c'", types[i]);
			return DB_ERR;
		}
	}
	if (n > 0 && mysql_stmt_bind_param(s->st, par) != 0)
		return db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), q);
	if (mysql_stmt_execute(s->st) != 0)
		return db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), q);
	if (s->ncols == 0 && mysql_stmt_field_count(s->st) > 0 &&
	    (rc = db_stmt_cols(db, q, s, mysql_stmt_field_count(s->st))) !=
	    DB_OK)
		return rc;
	if (s->ncols > 0) {
		if (mysql_stmt_bind_result(s->st, s->res) != 0 ||
		    mysql_stmt_store_result(s->st) != 0)
			return db_fail(db, mysql_stmt_errno(s->st),
			    mysql_stmt_error(s->st), q);
		s->stored = 1;
	}
	if (db_txn_lost(db)) {
		sg_warn("database: statement %d ran after its transaction was "
		    "rolled back; retrying", (int)q);
		db_rollback(db);
		return DB_RETRY;
	}
	return DB_OK;
}

int
db_exec(struct sg_db *db, enum sqlstmt q, const char *types, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, types);
	rc = db_vexec(db, q, types, ap);
	va_end(ap);
	return rc;
}

int
db_fetch(struct sg_db *db, enum sqlstmt q)
{
	struct db_stmt	*s = &db->stmts[q];
	unsigned	 i;
	char		*p;
	int		 rc, grew = 0;

	if (s->st == NULL || !s->stored)
		return 0;
	rc = mysql_stmt_fetch(s->st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1)
		return db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), q);
	for (i = 0; i < s->ncols; i++) {
		if (s->nulls[i]) {
			s->bufs[i][0] = '\0';
			continue;
		}
		if (s->lens[i] > s->caps[i]) {
			/* Truncated: grow this column and fetch it again. */
			if ((p = realloc(s->bufs[i], s->lens[i] + 1)) == NULL) {
				sg_error("database: out of memory for a column");
				return DB_ERR;
			}
			s->bufs[i] = p;
			s->caps[i] = s->lens[i];
			s->res[i].buffer = p;
			s->res[i].buffer_length = s->caps[i];
			grew = 1;
			if (mysql_stmt_fetch_column(s->st, &s->res[i], i, 0) != 0)
				return db_fail(db, mysql_stmt_errno(s->st),
				    mysql_stmt_error(s->st), q);
		}
		s->bufs[i][s->lens[i]] = '\0';
	}
	/* Columns that grew must stay bound for the next row. */
	if (grew && mysql_stmt_bind_result(s->st, s->res) != 0)
		return db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), q);
	return 1;
}

void
db_done(struct sg_db *db, enum sqlstmt q)
{
	struct db_stmt	*s = &db->stmts[q];

	if (s->st != NULL && s->stored) {
		mysql_stmt_free_result(s->st);
		s->stored = 0;
	}
}

int64_t
db_affected(struct sg_db *db, enum sqlstmt q)
{
	struct db_stmt	*s = &db->stmts[q];

	return s->st == NULL ? 0 : (int64_t)mysql_stmt_affected_rows(s->st);
}

int64_t
db_insert_id(struct sg_db *db, enum sqlstmt q)
{
	struct db_stmt	*s = &db->stmts[q];

	return s->st == NULL ? 0 : (int64_t)mysql_stmt_insert_id(s->st);
}

int
db_col_isnull(struct sg_db *db, enum sqlstmt q, unsigned col)
{
	struct db_stmt	*s = &db->stmts[q];

	return col >= s->ncols || s->nulls[col];
}

const char *
db_col_str(struct sg_db *db, enum sqlstmt q, unsigned col, size_t *lenp)
{
	struct db_stmt	*s = &db->stmts[q];

	if (col >= s->ncols || s->nulls[col]) {
		if (lenp != NULL)
			*lenp = 0;
		return NULL;
	}
	if (lenp != NULL)
		*lenp = s->lens[col];
	return s->bufs[col];
}

int64_t
db_col_i64(struct sg_db *db, enum sqlstmt q, unsigned col)
{
	const char	*p = db_col_str(db, q, col, NULL);

	return p == NULL ? 0 : (int64_t)strtoll(p, NULL, 10);
}

int
db_get_i64(struct sg_db *db, enum sqlstmt q, int64_t *out, const char *types, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, types);
	rc = db_vexec(db, q, types, ap);
	va_end(ap);
	if (rc != DB_OK)
		return rc;
	rc = db_fetch(db, q);
	if (rc > 0)
		*out = db_col_i64(db, q, 0);
	db_done(db, q);
	return rc;
}

int
db_get_i64_pair(struct sg_db *db, enum sqlstmt q, int64_t *a, int64_t *b)
{
	int	 rc;

	if ((rc = db_exec(db, q, "")) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		*a = db_col_i64(db, q, 0);
		*b = db_col_i64(db, q, 1);
	}
	db_done(db, q);
	return rc < 0 ? rc : DB_OK;
}

int
db_exec_script(struct sg_db *db, const char *sql, size_t len)
{
	MYSQL_RES	*res;
	int		 rc, st;

	if (db->my == NULL && (rc = db_ensure(db)) != DB_OK)
		return rc;
	if (mysql_set_server_option(db->my, MYSQL_OPTION_MULTI_STATEMENTS_ON) != 0)
		return db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX);
	rc = DB_OK;
	if (mysql_real_query(db->my, sql, len) != 0)
		rc = db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX);
	else {
		do {
			if ((res = mysql_store_result(db->my)) != NULL)
				mysql_free_result(res);
			st = mysql_next_result(db->my);
			if (st > 0) {
				rc = db_fail(db, mysql_errno(db->my),
				    mysql_error(db->my), SQL__MAX);
				break;
			}
		} while (st == 0);
	}
	if (db->my != NULL &&
	    mysql_set_server_option(db->my, MYSQL_OPTION_MULTI_STATEMENTS_OFF) != 0 &&
	    rc == DB_OK)
		rc = db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX);
	return rc;
}

int
db_col_copy(struct sg_db *db, enum sqlstmt q, unsigned col, char *dst,
    size_t size)
{
	const char	*s;
	size_t		 len;

	if ((s = db_col_str(db, q, col, &len)) == NULL) {
		dst[0] = '\0';
		return 0;
	}
	if (len >= size)
		len = size - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 1;
}

int
db_col_time(struct sg_db *db, enum sqlstmt q, unsigned col, sg_usec_t *out)
{
	const char	*s;
	size_t		 len;

	*out = 0;
	if ((s = db_col_str(db, q, col, &len)) == NULL)
		return 0;
	if (sg_time_parse_sql(s, len, out) == -1)
		*out = 0;
	return 1;
}

/* --- helpers for the entity files (see internal.h) ----------------------- */

int
db_fetch_all(struct sg_db *db, enum sqlstmt q, size_t size,
    int (*read)(struct sg_db *, enum sqlstmt, void *), void (*clear)(void *),
    void **out, size_t *n)
{
	unsigned char	*v = NULL, *p;
	size_t		 cap = 0, len = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_fetch(db, q)) > 0) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8;
			if ((p = realloc(v, cap * size)) == NULL) {
				rc = DB_ERR;
				break;
			}
			v = p;
		}
		memset(v + len * size, 0, size);
		len++;
		if (read(db, q, v + (len - 1) * size) == -1) {
			rc = DB_ERR;
			break;
		}
	}
	db_done(db, q);
	if (rc < 0) {
		while (clear != NULL && len > 0)
			clear(v + --len * size);
		free(v);
		return rc;
	}
	*out = v;
	*n = len;
	return DB_OK;
}

char *
db_like_pattern(const char *text, int prefix_only)
{
	size_t	 i, len = strlen(text);
	char	*pat, *w;

	if ((pat = malloc(2 * len + 3)) == NULL)
		return NULL;
	w = pat;
	if (!prefix_only)
		*w++ = '%';
	for (i = 0; i < len; i++) {
		if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
			*w++ = '\\';
		*w++ = text[i];
	}
	*w++ = '%';
	*w = '\0';
	return pat;
}

const char *
db_time_sql(sg_usec_t t, char *buf)
{
	if (sg_time_format_sql(t, buf, SG_TIME_FMT_MAX) == -1)
		buf[0] = '\0';
	return buf;
}

int
db_begin_read_committed(struct sg_db *db)
{
	return db_start(db);
}
