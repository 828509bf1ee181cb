/*
 * session.h — the creators' sign-in and their admin sessions: every write
 * of the admin's doors (failure counters, session insert, touch, purge and
 * logout) goes through these functions, each of which runs its own
 * transactions and retries them on DB_RETRY.
 *
 * Return convention (that of service/: see service/campaign.h): SVC_OK,
 * SVC_NOT_FOUND, or a negative DB_* code.  These functions never return
 * DB_RETRY: a conflict is retried here, and one that outlasts the retries
 * is reported as DB_ERR (a sign-in has already counted its attempt by then,
 * so the request must not be run again).
 *
 * The limits below are the ones the SQL is run with (bound as parameters):
 * change them here and nowhere else.
 */
#ifndef SG_SERVICE_SESSION_H
#define SG_SERVICE_SESSION_H

#include <stdint.h>

#include "db/db.h"
#include "domain/validate.h"
#include "util/crypto.h"

/* Session lifetime: idle and absolute, in seconds. */
#define ADMIN_IDLE_SECS		(30 * 60)
#define ADMIN_ABSOLUTE_SECS	(8 * 60 * 60)
/* Seconds between two refreshes of a session's last_seen_at. */
#define ADMIN_TOUCH_SECS	15
/* Random bytes in a session id (256 bits) and a CSRF token. */
#define ADMIN_SID_BYTES		32
#define ADMIN_CSRF_BYTES	32
/*
 * Failed sign-ins tolerated per window, per account and per address.  The
 * attempt that would be one more than the limit gets 429 (right password
 * or not) until the window ends.
 */
#define ADMIN_FAIL_WINDOW_SECS	(15 * 60)
#define ADMIN_FAIL_MAX_ACCOUNT	5
#define ADMIN_FAIL_MAX_ADDRESS	30

/* A valid admin session. */
struct svc_session {
	unsigned char	 id_hash[SG_HASH_LEN];
	int64_t		 user_id;
	char		 email[SG_EMAIL_MAX_BYTES + 1];
	char		 csrf[2 * ADMIN_CSRF_BYTES + 1];
	struct db_store	 store;
};

/*
 * The session whose cookie value is sid (2 * ADMIN_SID_BYTES lower-case hex
 * digits, checked by the caller), refreshing its last_seen_at when older
 * than ADMIN_TOUCH_SECS; one transaction.  SVC_OK and *s filled;
 * SVC_NOT_FOUND when unknown or expired; < 0.
 */
int	svc_session_get(struct sg_db *, const char *sid, struct svc_session *s);
/* End the session of id_hash (logout).  SVC_OK or < 0. */
int	svc_session_logout(struct sg_db *, const unsigned char id_hash[SG_HASH_LEN]);

enum svc_login_outcome {
	SVC_LOGIN_SIGNED_IN,	/* out->sid is the new session's cookie value */
	SVC_LOGIN_WRONG,	/* wrong email or password; counted */
	SVC_LOGIN_THROTTLED	/* over a limit: not verified, not counted */
};

struct svc_login {
	enum svc_login_outcome	 outcome;
	char			 sid[2 * ADMIN_SID_BYTES + 1];
};

/*
 * Sign in with a normalised email and a password from remote_addr.  The
 * attempt is counted first, atomically, against the account's and the
 * address's limits in the current window (one transaction; over a limit it
 * is taken back and the outcome is SVC_LOGIN_THROTTLED), so that
 * concurrent attempts can never verify more passwords than the limits
 * allow.  Then the password is verified (with the same work when the
 * account does not exist); a success gives the address's count back,
 * clears the account's, purges ended windows and expired sessions and
 * creates a new session with a fresh id and CSRF token (one transaction).
 * SVC_OK with out->outcome, or < 0.
 */
int	svc_session_login(struct sg_db *, const char *email, const char *password,
	    const char *remote_addr, struct svc_login *out);

#endif
