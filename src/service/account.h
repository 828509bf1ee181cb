/*
 * account.h — creators' accounts and API tokens: every write of
 * stretchgoalctl's "user remove" and "token revoke" goes through here, each
 * in its own transaction, retried on DB_RETRY.
 *
 * Return convention (service/campaign.h): SVC_OK, SVC_NOT_FOUND (no such
 * user, or no such live token, in that store), or a negative DB_* code
 * (never DB_RETRY).
 */
#ifndef SG_SERVICE_ACCOUNT_H
#define SG_SERVICE_ACCOUNT_H

#include <stdint.h>

#include "db/db.h"

int	svc_account_token_revoke(struct sg_db *, int64_t store_id,
	    const char *token_id);
/* Remove a user and, with it, its sessions. */
int	svc_account_user_remove(struct sg_db *, int64_t store_id,
	    const char *email);

/*
 * Add user email (normalised) with an Argon2id password hash: SVC_OK,
 * SVC_CONFLICT when the e-mail has an account already (in any store).
 */
int	svc_account_user_add(struct sg_db *, int64_t store_id, const char *email,
	    const char *password_hash);
/*
 * A new API token for the store labelled label: its text (shown once) into
 * token[SG_TOKEN_LEN + 1]; only its hash is stored.
 */
int	svc_account_token_create(struct sg_db *, int64_t store_id,
	    const char *label, char *token);

/* A reset link is valid this long (seconds), and its token's hex length. */
#define ACCOUNT_RESET_SECS	3600
#define ACCOUNT_RESET_HEX	64
/* A token's last use is recorded at most this often (seconds). */
#define ACCOUNT_TOUCH_SECS	60

/*
 * Verify an API token (as db_token_verify(): > 0 with its store *st, 0 not
 * valid, < 0) and record its use, at most once per ACCOUNT_TOUCH_SECS: a
 * failure to record is logged, not passed on.
 */
int	svc_account_token_auth(struct sg_db *, const char *token,
	    struct db_store *st);

/*
 * A one-time password reset for user email of the store, valid
 * ACCOUNT_RESET_SECS: its token (ACCOUNT_RESET_HEX hex digits) into
 * token[ACCOUNT_RESET_HEX + 1]; only its hash is stored.
 */
int	svc_account_reset_create(struct sg_db *, int64_t store_id,
	    const char *email, char *token);
/* Whether token is a live reset: SVC_OK (email, 255 bytes, set) or SVC_NOT_FOUND. */
int	svc_account_reset_check(struct sg_db *, const char *token, char *email);
/*
 * Use a reset: the user's password becomes password_hash (an Argon2id
 * hash), the link is spent, the user's sessions end and its sign-in
 * failures are forgotten.  SVC_OK, SVC_NOT_FOUND (unknown, used or
 * expired).
 */
int	svc_account_reset_use(struct sg_db *, const char *token,
	    const char *password_hash);

#endif
