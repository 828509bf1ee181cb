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

#endif
