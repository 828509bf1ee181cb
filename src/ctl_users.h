/*
 * ctl_users.h — stretchgoalctl's "user list|remove" and "token
 * list|revoke" commands (ctl_users.c).  Same conventions as ctl.c: exit
 * status 0 done, 1 failed, 2 usage error; listings on stdout, one line
 * each, tab-separated.
 */
#ifndef SG_CTL_USERS_H
#define SG_CTL_USERS_H

struct sg_db;
struct sg_config;

#define CTL_USER_LIST_USAGE	"user list --store H"
#define CTL_USER_LIST_HELP \
	"List the creator accounts of store H: e-mail and when it was added."
#define CTL_USER_REMOVE_USAGE	"user remove --store H --email E"
#define CTL_USER_REMOVE_HELP \
	"Remove the account E from store H; its admin sessions end at once."
#define CTL_USER_RESET_USAGE	"user reset --store H --email E"
#define CTL_USER_RESET_HELP \
	"Print a one-time link (public_url/admin/reset?token=...) on stdout with\n" \
	"which E sets a new password, valid for one hour and for one use; only\n" \
	"a hash of it is stored.  Using it ends E's sessions and lifts a\n" \
	"sign-in lock-out."
#define CTL_TOKEN_LIST_USAGE	"token list --store H"
#define CTL_TOKEN_LIST_HELP \
	"List the API tokens of store H, tab-separated: id, label, created,\n" \
	"revoked (or \"live\") and last used (or \"never\"; recorded at most\n" \
	"once a minute).  The id is the part of a token before the dot; the secret\n" \
	"is never stored, so it cannot be shown again."
#define CTL_TOKEN_REVOKE_USAGE	"token revoke --store H --id ID"
#define CTL_TOKEN_REVOKE_HELP \
	"Revoke the API token ID of store H: requests with it get 401 from now on."

int	ctl_user_list(struct sg_db *, const struct sg_config *, int, char **);
int	ctl_user_remove(struct sg_db *, const struct sg_config *, int, char **);
int	ctl_user_reset(struct sg_db *, const struct sg_config *, int, char **);
int	ctl_token_list(struct sg_db *, const struct sg_config *, int, char **);
int	ctl_token_revoke(struct sg_db *, const struct sg_config *, int, char **);

#endif
