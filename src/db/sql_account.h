/*
 * sql_account.h — listing and removing creator accounts and API tokens
 * (db/store.c), as X(name, text) entries of SG_SQL_ACCOUNT (see sql.h).
 * Times come out as RFC 3339 UTC text.
 */
#ifndef SG_DB_SQL_ACCOUNT_H
#define SG_DB_SQL_ACCOUNT_H

#define SG_SQL_ACCOUNT \
	/* i:store -> token_id label created revoked ("" when live) last_used \
	   ("" when never) */ \
	X(SQL_ACCOUNT_TOKEN_LIST, \
	    "SELECT token_id, label, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	    "COALESCE(DATE_FORMAT(revoked_at, '%Y-%m-%dT%H:%i:%sZ'), ''), " \
	    "COALESCE(DATE_FORMAT(last_used_at, '%Y-%m-%dT%H:%i:%sZ'), '') " \
	    "FROM api_tokens WHERE store_id = ? ORDER BY id") \
	/* s:token_id -> store_id secret_hash seconds since last use (-1 never) \
	   and the store's handle name currency exponent (one round trip for \
	   an API request's authentication) */ \
	X(SQL_ACCOUNT_TOKEN_AUTH, \
	    "SELECT t.store_id, t.secret_hash, " \
	    "COALESCE(TIMESTAMPDIFF(SECOND, t.last_used_at, UTC_TIMESTAMP(6)), -1), " \
	    "s.handle, s.name, s.currency, s.currency_exponent " \
	    "FROM api_tokens t JOIN stores s ON s.id = t.store_id " \
	    "WHERE t.token_id = ? AND t.revoked_at IS NULL") \
	/* s:token_id i:secs: last use now, unless recorded in the last secs */ \
	X(SQL_ACCOUNT_TOKEN_TOUCH, \
	    "UPDATE api_tokens SET last_used_at = UTC_TIMESTAMP(6) WHERE token_id = ? " \
	    "AND (last_used_at IS NULL OR " \
	    "last_used_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND)") \
	/* i:store s:email -> user id */ \
	X(SQL_ACCOUNT_USER_ID, \
	    "SELECT id FROM users WHERE store_id = ? AND email = ?") \
	/* b:token_hash i:user i:valid_secs */ \
	X(SQL_ACCOUNT_RESET_INSERT, \
	    "INSERT INTO password_resets (token_hash, user_id, expires_at) " \
	    "VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND)") \
	/* b:token_hash -> user_id email, when unused and not expired */ \
	X(SQL_ACCOUNT_RESET_GET, \
	    "SELECT r.user_id, u.email FROM password_resets r " \
	    "JOIN users u ON u.id = r.user_id WHERE r.token_hash = ? " \
	    "AND r.used_at IS NULL AND r.expires_at > UTC_TIMESTAMP(6) FOR UPDATE") \
	/* b:token_hash */ \
	X(SQL_ACCOUNT_RESET_USE, \
	    "UPDATE password_resets SET used_at = UTC_TIMESTAMP(6) " \
	    "WHERE token_hash = ? AND used_at IS NULL") \
	/* s:hash i:user */ \
	X(SQL_ACCOUNT_USER_SET_PASSWORD, \
	    "UPDATE users SET password_hash = ? WHERE id = ?") \
	/* i:user: every session of the user ends */ \
	X(SQL_ACCOUNT_USER_SESSIONS_END, "DELETE FROM sessions WHERE user_id = ?") \
	/* s:"u:<email>": the account's sign-in failures are forgotten */ \
	X(SQL_ACCOUNT_FAILURES_CLEAR, "DELETE FROM login_failures WHERE k = ?") \
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
