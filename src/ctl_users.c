/* ctl_users.c — see ctl_users.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ctl_users.h"
#include "db/db.h"
#include "service/account.h"
#include "service/service.h"
#include "util/config.h"

/* "--store H" (and "--email E" or "--id ID" when key is not NULL). */
static int
args(int argc, char **argv, const char *key, const char **store,
    const char **val)
{
	int	 i;

	*store = NULL;
	*val = NULL;
	for (i = 0; i < argc; i++) {
		if (i + 1 < argc && strcmp(argv[i], "--store") == 0)
			*store = argv[++i];
		else if (key != NULL && i + 1 < argc && strcmp(argv[i], key) == 0)
			*val = argv[++i];
		else {
			fprintf(stderr, "stretchgoalctl: unexpected argument \"%s\"\n",
			    argv[i]);
			return -1;
		}
	}
	if (*store == NULL || (key != NULL && *val == NULL)) {
		fprintf(stderr, "stretchgoalctl: --store%s%s is required\n",
		    key != NULL ? " and " : "", key != NULL ? key : "");
		return -1;
	}
	return 0;
}

static int
store_of(struct sg_db *db, const char *handle, struct db_store *s)
{
	int	 rc;

	if ((rc = db_store_get_by_handle(db, handle, s)) < 0) {
		fprintf(stderr, "stretchgoalctl: store lookup: %s\n", db_last_error(db));
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "stretchgoalctl: no store \"%s\"\n", handle);
		return 1;
	}
	return 0;
}

static int
print_user(void *arg, const struct db_user_row *u)
{
	(void)arg;
	printf("%s\t%s\n", u->email, u->created);
	return 0;
}

static int
print_token(void *arg, const struct db_token_row *t)
{
	(void)arg;
	printf("%s\t%s\t%s\t%s\t%s\n", t->token_id, *t->label ? t->label : "-",
	    t->created, *t->revoked ? t->revoked : "live",
	    *t->last_used ? t->last_used : "never");
	return 0;
}

int
ctl_user_list(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	struct db_store	 s;
	const char	*h, *v;

	(void)cfg;
	if (args(argc, argv, NULL, &h, &v) == -1)
		return 2;
	if (store_of(db, h, &s) != 0)
		return 1;
	if (db_user_list(db, s.id, print_user, NULL) != DB_OK) {
		fprintf(stderr, "stretchgoalctl: user list: %s\n", db_last_error(db));
		return 1;
	}
	return 0;
}

int
ctl_token_list(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	struct db_store	 s;
	const char	*h, *v;

	(void)cfg;
	if (args(argc, argv, NULL, &h, &v) == -1)
		return 2;
	if (store_of(db, h, &s) != 0)
		return 1;
	if (db_token_list(db, s.id, print_token, NULL) != DB_OK) {
		fprintf(stderr, "stretchgoalctl: token list: %s\n", db_last_error(db));
		return 1;
	}
	return 0;
}

static int
account_done(struct sg_db *db, int rc, const char *what, const char *key,
    const char *store)
{
	if (rc == SVC_OK) {
		fprintf(stderr, "%s: %s done\n", what, key);
		return 0;
	}
	if (rc == SVC_NOT_FOUND)
		fprintf(stderr, "stretchgoalctl: %s: store \"%s\" has no %s \"%s\"\n",
		    what, store, strcmp(what, "user remove") == 0 ? "user" :
		    "live token", key);
	else
		fprintf(stderr, "stretchgoalctl: %s: %s\n", what, db_last_error(db));
	return 1;
}

int
ctl_user_remove(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	struct db_store	 s;
	const char	*h, *e;

	(void)cfg;
	if (args(argc, argv, "--email", &h, &e) == -1)
		return 2;
	if (store_of(db, h, &s) != 0)
		return 1;
	return account_done(db, svc_account_user_remove(db, s.id, e),
	    "user remove", e, h);
}

int
ctl_token_revoke(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	struct db_store	 s;
	const char	*h, *id;

	(void)cfg;
	if (args(argc, argv, "--id", &h, &id) == -1)
		return 2;
	if (store_of(db, h, &s) != 0)
		return 1;
	return account_done(db, svc_account_token_revoke(db, s.id, id),
	    "token revoke", id, h);
}

int
ctl_user_reset(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	struct db_store	 s;
	const char	*h, *e;
	char		 token[ACCOUNT_RESET_HEX + 1];
	size_t		 n;
	int		 rc;

	if (args(argc, argv, "--email", &h, &e) == -1)
		return 2;
	if (store_of(db, h, &s) != 0)
		return 1;
	rc = svc_account_reset_create(db, s.id, e, token);
	if (rc == SVC_NOT_FOUND) {
		fprintf(stderr, "stretchgoalctl: user reset: store \"%s\" has no "
		    "user \"%s\"\n", h, e);
		return 1;
	}
	if (rc != SVC_OK) {
		fprintf(stderr, "stretchgoalctl: user reset: %s\n", db_last_error(db));
		return 1;
	}
	n = strlen(cfg->public_url);
	while (n > 0 && cfg->public_url[n - 1] == '/')
		n--;
	printf("%.*s/admin/reset?token=%s\n", (int)n, cfg->public_url, token);
	fprintf(stderr, "user reset: the link works once, for one hour; give it "
	    "to %s only\n", e);
	return 0;
}
