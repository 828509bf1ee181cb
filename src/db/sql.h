/*
 * sql.h — every SQL statement stretchgoal runs, '?'-parameterised.
 *
 * The enum names a statement; db.c holds the parallel table of texts.  No
 * SQL is ever built from strings anywhere else.  A statement's comment says
 * its parameters (see db.h for the type letters) and its result columns.
 */
#ifndef SG_DB_SQL_H
#define SG_DB_SQL_H

#define SG_SQL_STATEMENTS \
	/* -> 1 */ \
	X(SQL_SELECT_ONE, "SELECT 1") \
	/* i:version -> count */ \
	X(SQL_MIGRATION_APPLIED, \
	    "SELECT COUNT(*) FROM schema_migrations WHERE version = ?") \
	/* i:version s:name */ \
	X(SQL_MIGRATION_RECORD, \
	    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)") \
	/* the migration lock row (migrate.c): a write that Galera certifies */ \
	X(SQL_MIGRATION_LOCK_INIT, \
	    "INSERT IGNORE INTO schema_lock (id) VALUES (1)") \
	/* -> holder ("" when none), 1 when its lease is still running */ \
	X(SQL_MIGRATION_LOCK_GET, \
	    "SELECT COALESCE(holder, ''), COALESCE(expires_at > UTC_TIMESTAMP(6), 0) " \
	    "FROM schema_lock WHERE id = 1 FOR UPDATE") \
	/* s:holder i:lease seconds */ \
	X(SQL_MIGRATION_LOCK_TAKE, \
	    "UPDATE schema_lock SET holder = ?, " \
	    "expires_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND WHERE id = 1") \
	/* s:holder */ \
	X(SQL_MIGRATION_LOCK_RELEASE, \
	    "UPDATE schema_lock SET holder = NULL, expires_at = NULL " \
	    "WHERE id = 1 AND holder = ?") \
	/* s:handle s:name s:currency i:exponent */ \
	X(SQL_STORE_INSERT, \
	    "INSERT INTO stores (handle, name, currency, currency_exponent) " \
	    "VALUES (?, ?, ?, ?)") \
	/* s:handle -> id handle name currency exponent */ \
	X(SQL_STORE_GET_BY_HANDLE, \
	    "SELECT id, handle, name, currency, currency_exponent " \
	    "FROM stores WHERE handle = ?") \
	/* i:id -> id handle name currency exponent */ \
	X(SQL_STORE_GET_BY_ID, \
	    "SELECT id, handle, name, currency, currency_exponent " \
	    "FROM stores WHERE id = ?") \
	/* i:id -> locale (the admin's amounts, sql/016) */ \
	X(SQL_STORE_LOCALE, "SELECT locale FROM stores WHERE id = ?") \
	/* s:locale i:id */ \
	X(SQL_STORE_SET_LOCALE, "UPDATE stores SET locale = ? WHERE id = ?") \
	/* i:store s:token_id b:hash s:label */ \
	X(SQL_TOKEN_INSERT, \
	    "INSERT INTO api_tokens (store_id, token_id, secret_hash, label) " \
	    "VALUES (?, ?, ?, ?)") \
	/* s:token_id -> store_id secret_hash */ \
	X(SQL_TOKEN_GET, \
	    "SELECT store_id, secret_hash FROM api_tokens " \
	    "WHERE token_id = ? AND revoked_at IS NULL") \
	/* i:store s:email s:hash */ \
	X(SQL_USER_INSERT, \
	    "INSERT INTO users (store_id, email, password_hash) VALUES (?, ?, ?)") \
	/* Next transaction only: one snapshot for all its reads (the \
	   session's level is READ COMMITTED, set at connect). */ \
	X(SQL_TX_REPEATABLE_READ, \
	    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

/*
 * Each entity keeps its statements next to its functions (sql_<entity>.h
 * beside db/<entity>.c); the public projection and the admin's read
 * model keep theirs in sql_public.h and sql_admin.h.
 */
#include "db/sql_campaign.h"
#include "db/sql_milestone.h"
#include "db/sql_order.h"
#include "db/sql_grant.h"
#include "db/sql_product.h"
#include "db/sql_public.h"
#include "db/sql_hook.h"
#include "db/sql_cursor.h"
#include "db/sql_session.h"
#include "db/sql_account.h"
#include "db/sql_replica.h"
#include "db/sql_event.h"
#include "db/sql_stats.h"

#define SG_SQL_ALL \
	SG_SQL_STATEMENTS SG_SQL_CAMPAIGN SG_SQL_MILESTONE SG_SQL_ORDER \
	SG_SQL_GRANT SG_SQL_PRODUCT SG_SQL_PUBLIC SG_SQL_HOOK \
	SG_SQL_CURSOR SG_SQL_SESSION SG_SQL_ADMIN_CAMPAIGN \
	SG_SQL_ADMIN_MILESTONE SG_SQL_ADMIN_GRANT SG_SQL_ADMIN_PRODUCT \
	SG_SQL_ACCOUNT SG_SQL_EVENT SG_SQL_REPLICA SG_SQL_STATS

enum sqlstmt {
#define X(name, text) name,
	SG_SQL_ALL
#undef X
	SQL__MAX
};

#endif
