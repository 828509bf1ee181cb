/* ctl_webhooks.c — stretchgoalctl webhooks; see ctl_webhooks.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_webhooks.h"
#include "db/db.h"
#include "service/event.h"
#include "util/config.h"
#include "util/parse.h"

/* --store, --url, --events, --id into v[0..3]; 0, or 2 on a usage error. */
static int
opts(int argc, char **argv, const char *v[4])
{
	static const char *const names[] = { "--store", "--url", "--events", "--id" };
	int	 i, k;

	v[0] = v[1] = v[2] = v[3] = NULL;
	for (i = 0; i < argc; i++) {
		for (k = 0; k < 4 && strcmp(argv[i], names[k]) != 0; k++)
			;
		if (k == 4 || i + 1 >= argc) {
			fprintf(stderr, "stretchgoalctl: %s: %s\n", argv[i],
			    k == 4 ? "unknown option" : "needs a value");
			return 2;
		}
		v[k] = argv[++i];
	}
	if (v[0] == NULL) {
		fprintf(stderr, "stretchgoalctl: --store is required\n");
		return 2;
	}
	return 0;
}

static int
store_of(struct sg_db *db, const char *handle, struct db_store *st)
{
	int	 rc;

	if ((rc = db_store_get_by_handle(db, handle, st)) < 0) {
		fprintf(stderr, "stretchgoalctl: store lookup: %s\n",
		    db_last_error(db));
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "stretchgoalctl: no store %s\n", handle);
		return 1;
	}
	return 0;
}

int
ctl_webhooks_add(struct sg_db *db, const struct sg_config *cfg, int argc,
    char **argv)
{
	struct db_store		 st;
	struct db_webhook	 w;
	struct sg_verror	 err;
	const char		*v[4], *types[SVC_WEBHOOK_TYPES_MAX];
	char			 list[256], *p, *tok, *save = NULL;
	char			 secret[SVC_WEBHOOK_SECRET_TEXT];
	size_t			 n = 0;
	int			 rc;

	if ((rc = opts(argc, argv, v)) != 0)
		return rc;
	if (v[1] == NULL || v[2] == NULL) {
		fprintf(stderr, "stretchgoalctl: --url and --events are required\n");
		return 2;
	}
	snprintf(list, sizeof(list), "%s", v[2]);
	for (p = list; (tok = strtok_r(p, ", ", &save)) != NULL; p = NULL) {
		if (n == SVC_WEBHOOK_TYPES_MAX) {
			fprintf(stderr, "stretchgoalctl: at most 5 event types\n");
			return 2;
		}
		types[n++] = tok;
	}
	if (store_of(db, v[0], &st) != 0)
		return 1;
	memset(&err, 0, sizeof(err));
	rc = svc_webhook_create(db, st.id, v[1], types, n,
	    strcmp(cfg->webhook_allow_private, "yes") == 0, &w, secret, &err);
	if (rc == SVC_INVALID) {
		fprintf(stderr, "stretchgoalctl: %s: %s\n", err.field, err.message);
		return 2;
	}
	if (rc != SVC_OK) {
		fprintf(stderr, "stretchgoalctl: %s\n", db_last_error(db));
		return 1;
	}
	printf("id %lld\nsecret %s\n", (long long)w.id, secret);
	return 0;
}

int
ctl_webhooks_list(struct sg_db *db, const struct sg_config *cfg, int argc,
    char **argv)
{
	struct db_store		 st;
	struct db_webhook	*w = NULL;
	const char		*v[4];
	size_t			 n = 0, i;
	int			 rc;

	(void)cfg;
	if ((rc = opts(argc, argv, v)) != 0)
		return rc;
	if (store_of(db, v[0], &st) != 0)
		return 1;
	if (svc_webhook_list(db, st.id, &w, &n) != SVC_OK) {
		fprintf(stderr, "stretchgoalctl: %s\n", db_last_error(db));
		return 1;
	}
	for (i = 0; i < n; i++)
		printf("%lld\t%s\t%s\n", (long long)w[i].id, w[i].url, w[i].events);
	free(w);
	return 0;
}

int
ctl_webhooks_remove(struct sg_db *db, const struct sg_config *cfg, int argc,
    char **argv)
{
	struct db_store	 st;
	const char	*v[4];
	int64_t		 id;
	int		 rc;

	(void)cfg;
	if ((rc = opts(argc, argv, v)) != 0)
		return rc;
	if (v[3] == NULL || sg_parse_uint(v[3], 999999999999999999LL, &id) == -1) {
		fprintf(stderr, "stretchgoalctl: --id N is required\n");
		return 2;
	}
	if (store_of(db, v[0], &st) != 0)
		return 1;
	if ((rc = svc_webhook_delete(db, st.id, id)) == SVC_NOT_FOUND) {
		fprintf(stderr, "stretchgoalctl: store %s has no endpoint %lld\n",
		    v[0], (long long)id);
		return 1;
	}
	if (rc != SVC_OK) {
		fprintf(stderr, "stretchgoalctl: %s\n", db_last_error(db));
		return 1;
	}
	return 0;
}
