/* session.c — sign-in and admin sessions; see service/session.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "db/session.h"
#include "domain/timefmt.h"
#include "service/campaign.h"
#include "service/internal.h"
#include "service/session.h"
#include "util/crypto.h"
#include "util/log.h"

/* Attempts of one transaction before a conflict is given up. */
#define SESSION_TRIES	8

/* Commit, or roll back on failure; rc of the work done so far. */
static int
session_end(struct sg_db *db, int rc)
{
	if (rc != DB_OK)
		return svc_fail(db, rc);
	if ((rc = db_commit(db)) != DB_OK)
		db_rollback(db);
	return rc;
}

/* --- sessions ------------------------------------------------------------- */

static int
session_get_once(struct sg_db *db, struct svc_session *s, int *found)
{
	struct db_session	 row;
	int			 rc;

	*found = 0;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	rc = db_session_get(db, s->id_hash, ADMIN_IDLE_SECS, ADMIN_ABSOLUTE_SECS,
	    &row);
	if (rc <= 0)
		return session_end(db, rc);
	if (row.idle_secs >= ADMIN_TOUCH_SECS &&
	    (rc = db_session_touch(db, s->id_hash)) != DB_OK)
		return session_end(db, rc);
	if ((rc = db_store_get_by_id(db, row.store_id, &s->store)) <= 0)
		return session_end(db, rc == 0 ? DB_ERR : rc);
	s->user_id = row.user_id;
	snprintf(s->email, sizeof(s->email), "%s", row.email);
	snprintf(s->csrf, sizeof(s->csrf), "%s", row.csrf);
	*found = 1;
	return session_end(db, DB_OK);
}

int
svc_session_get(struct sg_db *db, const char *sid, struct svc_session *s)
{
	int	 rc, found, i;

	memset(s, 0, sizeof(*s));
	sg_hash(sid, strlen(sid), s->id_hash);
	for (i = 0; i < SESSION_TRIES; i++)
		if ((rc = session_get_once(db, s, &found)) != DB_RETRY)
			break;
	if (rc == DB_RETRY)
		rc = DB_ERR;
	if (rc < 0)
		return rc;
	return found ? SVC_OK : SVC_NOT_FOUND;
}

int
svc_session_logout(struct sg_db *db, const unsigned char id_hash[SG_HASH_LEN])
{
	int	 rc, i;

	for (i = 0; i < SESSION_TRIES; i++) {
		if ((rc = db_begin_read_committed(db)) != DB_OK)
			break;
		if ((rc = session_end(db, db_session_delete(db, id_hash))) != DB_RETRY)
			break;
	}
	return rc == DB_RETRY ? DB_ERR : rc;
}

/* --- signing in ----------------------------------------------------------- */

/* The start of the failure window back seconds ago, as DATETIME text. */
static void
login_window(char *dst, size_t size, int64_t back)
{
	int64_t	 now = (int64_t)time(NULL);

	now -= now % ADMIN_FAIL_WINDOW_SECS;
	now -= back;
	if (sg_time_format_sql(now * SG_USEC_PER_SEC, dst, size) == -1)
		snprintf(dst, size, "1970-01-01 00:00:00");
	dst[19] = '\0';		/* whole seconds */
}

/*
 * The failure key of an account: "u:<email>".  Accounts are ASCII (the
 * users table is); an email with other characters cannot be one, and gets
 * "u#<hash>" so that it still fits the ASCII key column.
 */
static void
login_account_key(const char *email, char *key, size_t size)
{
	unsigned char	 h[SG_HASH_LEN];
	const char	*p;
	size_t		 i, o;

	for (p = email; *p != '\0' && (unsigned char)*p < 0x80; p++)
		;
	if (*p == '\0') {
		snprintf(key, size, "u:%s", email);
		return;
	}
	sg_hash(email, strlen(email), h);
	o = (size_t)snprintf(key, size, "u#");
	for (i = 0; i < SG_HASH_LEN && o + 3 <= size; i++)
		o += (size_t)snprintf(key + o, size - o, "%02x", h[i]);
}

/* A password hash to verify against when the account does not exist. */
static const char *
login_dummy_hash(void)
{
	static char	 hash[SG_PWHASH_LEN];

	if (hash[0] == '\0' && sg_password_hash("not a password of anyone", hash) == -1)
		return NULL;
	return hash;
}

struct login_keys {
	char	 user[SG_EMAIL_MAX_BYTES + 3];
	char	 addr[300];
	char	 window[SG_TIME_FMT_MAX];
};

/*
 * Count the attempt against both keys (account first, then address: one
 * lock order for everyone).  *over when a limit would be passed: then
 * nothing stays counted.
 */
static int
login_reserve_once(struct sg_db *db, const struct login_keys *k, int *over)
{
	int64_t	 nu, na;
	int	 rc;

	*over = 0;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_login_failures_add(db, k->user, k->window, &nu)) != DB_OK ||
	    (rc = db_login_failures_add(db, k->addr, k->window, &na)) != DB_OK)
		return svc_fail(db, rc);
	if (nu > ADMIN_FAIL_MAX_ACCOUNT || na > ADMIN_FAIL_MAX_ADDRESS) {
		*over = 1;
		return svc_fail(db, DB_OK);
	}
	return session_end(db, DB_OK);
}

/* The bookkeeping of a successful sign-in, and the new session. */
static int
login_success_once(struct sg_db *db, const struct login_keys *k,
    int64_t user_id, const unsigned char idh[SG_HASH_LEN], const char *csrf)
{
	char	 ended[SG_TIME_FMT_MAX];
	int	 rc;

	login_window(ended, sizeof(ended), 2 * ADMIN_FAIL_WINDOW_SECS);
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_login_failures_clear(db, k->user)) != DB_OK ||
	    (rc = db_login_failures_sub(db, k->addr, k->window)) != DB_OK ||
	    (rc = db_login_failures_purge(db, ended)) != DB_OK ||
	    (rc = db_session_purge_user(db, user_id, ADMIN_IDLE_SECS,
	    ADMIN_ABSOLUTE_SECS)) != DB_OK ||
	    (rc = db_session_insert(db, idh, user_id, csrf)) != DB_OK)
		return svc_fail(db, rc);
	return session_end(db, DB_OK);
}

int
svc_session_login(struct sg_db *db, const char *email, const char *password,
    const char *remote_addr, struct svc_login *out)
{
	struct login_keys	 k;
	struct db_user		 u;
	char			 csrf[2 * ADMIN_CSRF_BYTES + 1];
	unsigned char		 idh[SG_HASH_LEN];
	const char		*hash;
	int			 rc, over, found = 0, ok, i;

	memset(out, 0, sizeof(*out));
	login_window(k.window, sizeof(k.window), 0);
	login_account_key(email, k.user, sizeof(k.user));
	snprintf(k.addr, sizeof(k.addr), "a:%.290s", remote_addr);

	for (i = 0; i < SESSION_TRIES; i++)
		if ((rc = login_reserve_once(db, &k, &over)) != DB_RETRY)
			break;
	if (rc < 0)
		return rc;	/* nothing counted: the request may run again */
	if (over) {
		out->outcome = SVC_LOGIN_THROTTLED;
		return SVC_OK;
	}

	/* Accounts are ASCII (see login_account_key()): others are unknown. */
	if (k.user[1] == ':' && (found = db_user_get_by_email(db, email, &u)) < 0)
		return found == DB_RETRY ? DB_ERR : found;
	/* The same work whether or not the account exists. */
	hash = found ? u.password_hash : login_dummy_hash();
	ok = hash != NULL && sg_password_verify(hash, password) == 1 && found;
	if (!ok) {
		out->outcome = SVC_LOGIN_WRONG;
		return SVC_OK;
	}

	/* A brand-new session id at every sign-in. */
	sg_random_hex(out->sid, ADMIN_SID_BYTES);
	sg_random_hex(csrf, ADMIN_CSRF_BYTES);
	sg_hash(out->sid, strlen(out->sid), idh);
	for (i = 0; i < SESSION_TRIES; i++)
		if ((rc = login_success_once(db, &k, u.id, idh, csrf)) != DB_RETRY)
			break;
	if (rc < 0)
		return rc == DB_RETRY ? DB_ERR : rc;
	out->outcome = SVC_LOGIN_SIGNED_IN;
	return SVC_OK;
}
