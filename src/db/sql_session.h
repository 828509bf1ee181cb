/*
 * sql_session.h — the statements of the creators' accounts, sessions and
 * sign-in failure counters (db/session.c), as X(name, text) entries of
 * SG_SQL_SESSION (see sql.h for the conventions).
 *
 * Session validity is decided here, in the database's clock, so that every
 * program host agrees; the lifetimes are bound as parameters (seconds) from
 * ADMIN_IDLE_SECS and ADMIN_ABSOLUTE_SECS (service/session.h).
 */
#ifndef SG_DB_SQL_SESSION_H
#define SG_DB_SQL_SESSION_H

#define SG_SQL_SESSION \
	/* s:email -> id store_id password_hash */ \
	X(SQL_ADMIN_USER_BY_EMAIL, \
	    "SELECT id, store_id, password_hash FROM users WHERE email = ?") \
	/* b:id_hash i:user s:csrf */ \
	X(SQL_ADMIN_SESSION_INSERT, \
	    "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) " \
	    "VALUES (?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))") \
	/* b:id_hash i:idle_secs i:absolute_secs -> user_id csrf store_id email \
	   seen_secs_ago */ \
	X(SQL_ADMIN_SESSION_GET, \
	    "SELECT s.user_id, s.csrf_token, u.store_id, u.email, " \
	    "TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP(6)) " \
	    "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? " \
	    "AND s.last_seen_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND " \
	    "AND s.created_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND") \
	/* b:id_hash */ \
	X(SQL_ADMIN_SESSION_TOUCH, \
	    "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) WHERE id_hash = ?") \
	/* b:id_hash */ \
	X(SQL_ADMIN_SESSION_DELETE, "DELETE FROM sessions WHERE id_hash = ?") \
	/* i:user i:idle_secs i:absolute_secs: drop the user's expired sessions */ \
	X(SQL_ADMIN_SESSION_PURGE, \
	    "DELETE FROM sessions WHERE user_id = ? AND " \
	    "(last_seen_at <= UTC_TIMESTAMP(6) - INTERVAL ? SECOND " \
	    "OR created_at <= UTC_TIMESTAMP(6) - INTERVAL ? SECOND)") \
	/* s:key s:window_start -> failures */ \
	X(SQL_ADMIN_FAILURES_GET, \
	    "SELECT failures FROM login_failures WHERE k = ? AND window_start = ?") \
	/* s:key s:window_start: count one more (locks the row until commit) */ \
	X(SQL_ADMIN_FAILURES_ADD, \
	    "INSERT INTO login_failures (k, window_start, failures) VALUES (?, ?, 1) " \
	    "ON DUPLICATE KEY UPDATE failures = failures + 1") \
	/* s:key s:window_start: give one back (a sign-in that succeeded) */ \
	X(SQL_ADMIN_FAILURES_SUB, \
	    "UPDATE login_failures SET failures = IF(failures > 0, failures - 1, 0) " \
	    "WHERE k = ? AND window_start = ?") \
	/* s:key */ \
	X(SQL_ADMIN_FAILURES_CLEAR, "DELETE FROM login_failures WHERE k = ?") \
	/* s:window_start: forget windows that ended */ \
	X(SQL_ADMIN_FAILURES_PURGE, \
	    "DELETE FROM login_failures WHERE window_start < ?")

#endif
