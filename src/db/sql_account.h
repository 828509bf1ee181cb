/*
 * sql_account.h — listing and removing creator accounts and API tokens
 * (db/store.c), as X(name, text) entries of SG_SQL_ACCOUNT (see sql.h).
 * Times come out as RFC 3339 UTC text.
 */
#ifndef SG_DB_SQL_ACCOUNT_H
#define SG_DB_SQL_ACCOUNT_H

#define SG_SQL_ACCOUNT \
	/* i:store -> token_id label created revoked ("" when live) */ \
	X(SQL_ACCOUNT_TOKEN_LIST, \
	    "SELECT token_id, label, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	    "COALESCE(DATE_FORMAT(revoked_at, '%Y-%m-%dT%H:%i:%sZ'), '') " \
	    "FROM api_tokens WHERE store_id = ? ORDER BY id") \
	/* i:store s:token_id */ \
	X(SQL_ACCOUNT_TOKEN_REVOKE, \
	    "UPDATE api_tokens SET revoked_at = UTC_TIMESTAMP(6) " \
	    "WHERE store_id = ? AND token_id = ? AND revoked_at IS NULL") \
	/* i:store -> email created */ \
	X(SQL_ACCOUNT_USER_LIST, \
	    "SELECT email, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ') " \
	    "FROM users WHERE store_id = ? ORDER BY email") \
	/* i:store s:email (sessions go with it: ON DELETE CASCADE) */ \
	X(SQL_ACCOUNT_USER_DELETE, \
	    "DELETE FROM users WHERE store_id = ? AND email = ?")

#endif
