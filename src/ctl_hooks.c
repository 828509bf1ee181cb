/* ctl_hooks.c — stretchgoalctl hooks set; see ctl_hooks.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "ctl_hooks.h"
#include "db/db.h"
#include "db/hook.h"
#include "domain/platform.h"

/* Read at most DB_HOOK_SECRET_MAX + 1 bytes of f into buf; returns the count. */
static size_t
read_secret(FILE *f, unsigned char *buf, size_t size)
{
	size_t	 n = 0, k;

	while (n < size && (k = fread(buf + n, 1, size - n, f)) > 0)
		n += k;
	return n;
}

int
ctl_hooks_set(struct sg_db *db, const struct sg_config *cfg, int argc,
    char **argv)
{
	unsigned char		 secret[DB_HOOK_SECRET_MAX + 2];
	const char		*store = NULL, *plat = NULL, *file = NULL;
	enum sg_platform	 p;
	struct db_store		 st;
	FILE			*f;
	size_t			 n;
	int			 i, rc;

	(void)cfg;
	for (i = 0; i < argc; i++) {
		const char **dst = strcmp(argv[i], "--store") == 0 ? &store :
		    strcmp(argv[i], "--platform") == 0 ? &plat :
		    strcmp(argv[i], "--secret-file") == 0 ? &file : NULL;

		if (dst == NULL || i + 1 >= argc) {
			fprintf(stderr, "stretchgoalctl: %s: %s\n", argv[i],
			    dst == NULL ? "unknown option" : "needs a value");
			return 2;
		}
		*dst = argv[++i];
	}
	if (store == NULL || plat == NULL) {
		fprintf(stderr, "stretchgoalctl: --store and --platform are required\n");
		return 2;
	}
	if (sg_platform_parse(plat, &p) == -1) {
		fprintf(stderr, "stretchgoalctl: --platform must be shopify or "
		    "woocommerce\n");
		return 2;
	}
	if ((rc = db_store_get_by_handle(db, store, &st)) < 0) {
		fprintf(stderr, "stretchgoalctl: store lookup: %s\n",
		    db_last_error(db));
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, "stretchgoalctl: no store \"%s\"\n", store);
		return 1;
	}
	if (file != NULL && (f = fopen(file, "rb")) == NULL) {
		fprintf(stderr, "stretchgoalctl: cannot open %s\n", file);
		return 1;
	}
	if (file == NULL)
		f = stdin;
	n = read_secret(f, secret, sizeof(secret));
	if (file != NULL)
		fclose(f);
	if (n > 0 && secret[n - 1] == '\n')
		n--;
	if (n > 0 && secret[n - 1] == '\r')
		n--;
	if (n == 0 || n > DB_HOOK_SECRET_MAX) {
		sodium_memzero(secret, sizeof(secret));
		fprintf(stderr, "stretchgoalctl: the secret must be 1-%d bytes\n",
		    DB_HOOK_SECRET_MAX);
		return 1;
	}
	rc = db_hook_secret_set(db, st.id, sg_platform_name(p), secret, n);
	sodium_memzero(secret, sizeof(secret));
	if (rc != DB_OK) {
		fprintf(stderr, "stretchgoalctl: hooks set: %s\n", db_last_error(db));
		return 1;
	}
	fprintf(stderr, "%s webhook secret of store \"%s\" set\n",
	    sg_platform_name(p), store);
	return 0;
}
