/*
 * ctl.c — stretchgoalctl: migrate the schema and manage stores, users and
 * API tokens from the command line.  Reads the same configuration as the
 * program (-c FILE, $SG_CONFIG, SG_* environment variables).
 *
 * Output meant for scripts (a token, a generated password) goes to stdout
 * alone on its line; everything else goes to stderr.  Exit status: 0 done,
 * 1 failed, 2 usage error.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "ctl_hooks.h"
#include "ctl_users.h"
#include "db/db.h"
#include "domain/money.h"
#include "domain/validate.h"
#include "render/mustache.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/crypto.h"
#include "util/log.h"

struct cmd {
	const char	*name;		/* "store create" */
	const char	*usage;
	const char	*help;
	int		(*fn)(struct sg_db *, const struct sg_config *, int, char **);
};

static int	cmd_migrate(struct sg_db *, const struct sg_config *, int, char **);
static int	cmd_store_create(struct sg_db *, const struct sg_config *, int, char **);
static int	cmd_token_create(struct sg_db *, const struct sg_config *, int, char **);
static int	cmd_user_add(struct sg_db *, const struct sg_config *, int, char **);
static int	cmd_demo(struct sg_db *, const struct sg_config *, int, char **);
static int	cmd_render(struct sg_db *, const struct sg_config *, int, char **);

static const struct cmd cmds[] = {
	{ "migrate", "migrate",
	  "Apply the schema migrations in sql_dir that are not applied yet.\n"
	  "Running it again changes nothing.", cmd_migrate },
	{ "store create", "store create --handle H --name N --currency C",
	  "Create a store.  H: 1-64 of a-z, 0-9 and '-'; C: an ISO 4217 code.",
	  cmd_store_create },
	{ "token create", "token create --store H [--label TEXT]",
	  "Create an API token for store H and print it on stdout.  It is\n"
	  "shown only this once: only a hash of it is stored.", cmd_token_create },
	{ "user add", "user add --store H --email E [--password-stdin]",
	  "Add a creator account to store H.  With --password-stdin the password\n"
	  "is the first line of standard input (10-1024 bytes); otherwise one is\n"
	  "generated and printed on stdout.", cmd_user_add },
	{ "demo", "demo",
	  "Create the demo store \"demo\" with products, a live campaign and\n"
	  "milestones of both reward kinds and scopes, unless it exists.",
	  cmd_demo },
	{ "render", "render TEMPLATE DATA.json [--partials DIR]",
	  "Render the Mustache file TEMPLATE with the JSON in DATA.json and print\n"
	  "the result exactly, nothing added.  Partials are DIR/NAME.mustache.\n"
	  "Needs no configuration and no database.", cmd_render },
	{ "token list", CTL_TOKEN_LIST_USAGE, CTL_TOKEN_LIST_HELP, ctl_token_list },
	{ "token revoke", CTL_TOKEN_REVOKE_USAGE, CTL_TOKEN_REVOKE_HELP,
	  ctl_token_revoke },
	{ "user list", CTL_USER_LIST_USAGE, CTL_USER_LIST_HELP, ctl_user_list },
	{ "user remove", CTL_USER_REMOVE_USAGE, CTL_USER_REMOVE_HELP,
	  ctl_user_remove },
	{ "user reset", CTL_USER_RESET_USAGE, CTL_USER_RESET_HELP, ctl_user_reset },
	{ "hooks set", CTL_HOOKS_SET_USAGE, CTL_HOOKS_SET_HELP, ctl_hooks_set },
};

#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))

static void
usage_all(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: stretchgoalctl [-c config-file] COMMAND [options]\n\n"
	    "commands:\n");
	for (i = 0; i < NCMDS; i++)
		fprintf(f, "  %s\n", cmds[i].usage);
	fprintf(f, "\n\"stretchgoalctl COMMAND --help\" explains one command.\n");
}

static void
usage_cmd(FILE *f, const struct cmd *c)
{
	fprintf(f, "usage: stretchgoalctl [-c config-file] %s\n\n%s\n", c->usage,
	    c->help);
}

/*
 * "store", "token", "user", "hooks" alone or with --help/-h: the usage of
 * that group's commands (stdout with --help, else stderr).  0 when argv[0]
 * names a group so, -1 otherwise.
 */
static int
group_usage(int argc, char **argv)
{
	size_t	 i, n = strlen(argv[0]), found = 0;
	FILE	*f;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0))
		return -1;
	for (i = 0; i < NCMDS; i++)
		if (strncmp(cmds[i].name, argv[0], n) == 0 && cmds[i].name[n] == ' ')
			found++;
	if (found == 0)
		return -1;
	f = argc == 2 ? stdout : stderr;
	fprintf(f, "usage:\n");
	for (i = 0; i < NCMDS; i++)
		if (strncmp(cmds[i].name, argv[0], n) == 0 && cmds[i].name[n] == ' ')
			fprintf(f, "  stretchgoalctl [-c config-file] %s\n", cmds[i].usage);
	fprintf(f, "\n\"stretchgoalctl %s COMMAND --help\" explains one.\n", argv[0]);
	return 0;
}

/*
 * Find "--name VALUE" in argv; returns the value, NULL when absent.  *bad is
 * set when an option is unknown or lacks its value.
 */
static const char *
opt_get(int argc, char **argv, const char *name)
{
	int	 i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return i + 1 < argc ? argv[i + 1] : NULL;
	return NULL;
}

/* Every argument must be one of the allowed options (with a value). */
static int
opts_check(int argc, char **argv, const char *const *valued,
    const char *const *flags)
{
	int	 i;
	size_t	 j;

	for (i = 0; i < argc; i++) {
		for (j = 0; valued != NULL && valued[j] != NULL; j++)
			if (strcmp(argv[i], valued[j]) == 0)
				break;
		if (valued != NULL && valued[j] != NULL) {
			if (i + 1 >= argc) {
				fprintf(stderr, "stretchgoalctl: %s needs a value\n",
				    argv[i]);
				return -1;
			}
			i++;
			continue;
		}
		for (j = 0; flags != NULL && flags[j] != NULL; j++)
			if (strcmp(argv[i], flags[j]) == 0)
				break;
		if (flags != NULL && flags[j] != NULL)
			continue;
		fprintf(stderr, "stretchgoalctl: unknown argument \"%s\"\n", argv[i]);
		return -1;
	}
	return 0;
}

static int
has_flag(int argc, char **argv, const char *flag)
{
	int	 i;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], flag) == 0)
			return 1;
	return 0;
}

static int
fail_db(struct sg_db *db, const char *what)
{
	fprintf(stderr, "stretchgoalctl: %s: %s\n", what, db_last_error(db));
	return 1;
}

static int
cmd_migrate(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	int	 applied, rc;

	if (opts_check(argc, argv, NULL, NULL) == -1)
		return 2;
	if ((rc = db_migrate(db, cfg->sql_dir, &applied)) != DB_OK)
		return fail_db(db, "migrate");
	fprintf(stderr, "migrate: %d migration%s applied, schema up to date\n",
	    applied, applied == 1 ? "" : "s");
	return 0;
}

static int
store_lookup(struct sg_db *db, const char *handle, struct db_store *s)
{
	int	 rc;

	if ((rc = db_store_get_by_handle(db, handle, s)) < 0)
		return fail_db(db, "store lookup");
	if (rc == 0) {
		fprintf(stderr, "stretchgoalctl: no store \"%s\"\n", handle);
		return 1;
	}
	return 0;
}

static int
cmd_store_create(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	static const char *const valued[] = { "--handle", "--name", "--currency", NULL };
	const char			*handle, *name, *cur;
	const struct sg_currency	*c;
	int64_t				 id;
	int				 rc;

	if (opts_check(argc, argv, valued, NULL) == -1)
		return 2;
	handle = opt_get(argc, argv, "--handle");
	name = opt_get(argc, argv, "--name");
	cur = opt_get(argc, argv, "--currency");
	if (handle == NULL || name == NULL || cur == NULL) {
		fprintf(stderr, "stretchgoalctl: --handle, --name and --currency are required\n");
		return 2;
	}
	if (sg_slug_check(handle) != SG_VERR_OK) {
		fprintf(stderr, "stretchgoalctl: handle must be 1-64 of a-z, 0-9 "
		    "and '-', not starting or ending with '-'\n");
		return 1;
	}
	if (sg_text_check(name, strlen(name), 1, SG_TITLE_MAX, 0, 0, NULL) != SG_VERR_OK) {
		fprintf(stderr, "stretchgoalctl: name must be 1-%d characters of "
		    "UTF-8 text\n", SG_TITLE_MAX);
		return 1;
	}
	if ((c = sg_currency_lookup(cur)) == NULL) {
		fprintf(stderr, "stretchgoalctl: unknown currency \"%s\" (use an "
		    "ISO 4217 code such as USD)\n", cur);
		return 1;
	}
	rc = db_store_insert(db, handle, name, c->code, c->exponent, &id);
	if (rc == DB_DUP) {
		fprintf(stderr, "stretchgoalctl: a store \"%s\" exists already\n", handle);
		return 1;
	}
	if (rc != DB_OK)
		return fail_db(db, "store create");
	fprintf(stderr, "store \"%s\" created (%s, exponent %d)\n", handle,
	    c->code, c->exponent);
	return 0;
}

static int
cmd_token_create(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	static const char *const valued[] = { "--store", "--label", NULL };
	const char	*handle, *label;
	struct db_store	 s;
	char		 token[SG_TOKEN_LEN + 1], id[SG_TOKEN_ID_LEN + 1];
	unsigned char	 hash[SG_HASH_LEN];
	int		 rc;

	if (opts_check(argc, argv, valued, NULL) == -1)
		return 2;
	if ((handle = opt_get(argc, argv, "--store")) == NULL) {
		fprintf(stderr, "stretchgoalctl: --store is required\n");
		return 2;
	}
	if ((label = opt_get(argc, argv, "--label")) == NULL)
		label = "";
	if (sg_text_check(label, strlen(label), 0, SG_TITLE_MAX, 0, 0, NULL) != SG_VERR_OK) {
		fprintf(stderr, "stretchgoalctl: label must be up to %d characters "
		    "of UTF-8 text\n", SG_TITLE_MAX);
		return 1;
	}
	if ((rc = store_lookup(db, handle, &s)) != 0)
		return rc;
	if (sg_token_new(token, id, hash) == -1) {
		fprintf(stderr, "stretchgoalctl: could not make a token\n");
		return 1;
	}
	if (db_token_insert(db, s.id, id, hash, label) != DB_OK)
		return fail_db(db, "token create");
	printf("%s\n", token);
	fprintf(stderr, "API token for store \"%s\" created; it is shown only "
	    "this once\n", handle);
	sodium_memzero(token, sizeof(token));
	return 0;
}

/* Read one line of stdin into buf (without the newline). */
static int
read_password(char *buf, size_t size)
{
	size_t	 len;

	if (fgets(buf, (int)size, stdin) == NULL)
		return -1;
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (!feof(stdin))
		return -1;	/* longer than the buffer */
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return 0;
}

static int
cmd_user_add(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	static const char *const valued[] = { "--store", "--email", NULL };
	static const char *const flags[] = { "--password-stdin", NULL };
	const char	*handle, *email;
	char		 norm[SG_EMAIL_MAX_BYTES + 1];
	char		 pw[SG_PASSWORD_MAX + 2], hash[SG_PWHASH_LEN];
	struct db_store	 s;
	int		 rc, generated;
	size_t		 len;

	if (opts_check(argc, argv, valued, flags) == -1)
		return 2;
	handle = opt_get(argc, argv, "--store");
	email = opt_get(argc, argv, "--email");
	if (handle == NULL || email == NULL) {
		fprintf(stderr, "stretchgoalctl: --store and --email are required\n");
		return 2;
	}
	if (sg_email_normalise(email, norm, sizeof(norm)) != SG_VERR_OK) {
		fprintf(stderr, "stretchgoalctl: \"%s\" is not a valid email address\n",
		    email);
		return 1;
	}
	if ((rc = store_lookup(db, handle, &s)) != 0)
		return rc;
	generated = !has_flag(argc, argv, "--password-stdin");
	if (generated)
		sg_random_password(pw, 16);
	else if (read_password(pw, sizeof(pw)) == -1) {
		fprintf(stderr, "stretchgoalctl: could not read a password of at "
		    "most %d bytes from standard input\n", SG_PASSWORD_MAX);
		return 1;
	}
	len = strlen(pw);
	if (len < SG_PASSWORD_MIN || len > SG_PASSWORD_MAX) {
		fprintf(stderr, "stretchgoalctl: the password must be %d to %d bytes\n",
		    SG_PASSWORD_MIN, SG_PASSWORD_MAX);
		sodium_memzero(pw, sizeof(pw));
		return 1;
	}
	if (sg_password_hash(pw, hash) == -1) {
		fprintf(stderr, "stretchgoalctl: could not hash the password\n");
		sodium_memzero(pw, sizeof(pw));
		return 1;
	}
	rc = db_user_insert(db, s.id, norm, hash, NULL);
	if (rc == DB_DUP) {
		fprintf(stderr, "stretchgoalctl: a user %s exists already\n", norm);
		sodium_memzero(pw, sizeof(pw));
		return 1;
	}
	if (rc != DB_OK) {
		sodium_memzero(pw, sizeof(pw));
		return fail_db(db, "user add");
	}
	if (generated)
		printf("%s\n", pw);
	fprintf(stderr, "user %s added to store \"%s\"%s\n", norm, handle,
	    generated ? "; the generated password is shown only this once" : "");
	sodium_memzero(pw, sizeof(pw));
	return 0;
}

static int
cmd_demo(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	int64_t	 id;
	int	 rc;

	if (opts_check(argc, argv, NULL, NULL) == -1)
		return 2;
	if ((rc = db_demo_create(db, &id)) < 0)
		return fail_db(db, "demo");
	fprintf(stderr, rc > 0 ? "demo store \"demo\" created\n" :
	    "demo store \"demo\" exists already\n");
	return 0;
}

/* Largest template or data file "render" reads, in bytes. */
#define CTL_RENDER_FILE_MAX	(8u * 1024u * 1024u)
/* Largest output "render" produces, in bytes. */
#define CTL_RENDER_OUT_MAX	(64u * 1024u * 1024u)

/* Read all of path into b (capped).  0, or -1 with a message printed. */
static int
render_read(const char *path, struct sg_buf *b)
{
	FILE	*f;
	char	 chunk[8192];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "stretchgoalctl: %s: cannot open\n", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (sg_buf_add(b, chunk, n) != SG_BUF_OK) {
			fprintf(stderr, "stretchgoalctl: %s: larger than %u bytes\n",
			    path, CTL_RENDER_FILE_MAX);
			rc = -1;
			break;
		}
	if (ferror(f)) {
		fprintf(stderr, "stretchgoalctl: %s: read error\n", path);
		rc = -1;
	}
	fclose(f);
	return rc;
}

static int
cmd_render(struct sg_db *db, const struct sg_config *cfg, int argc, char **argv)
{
	struct sg_buf		 tsrc, dsrc, out;
	struct mst_error	 err;
	struct mst_template	*t = NULL;
	struct mst_set		*partials = NULL;
	cJSON			*data = NULL;
	int			 rc = 1;

	(void)db;
	(void)cfg;
	if (!(argc == 2 || (argc == 4 && strcmp(argv[2], "--partials") == 0)) ||
	    argv[0][0] == '-' || argv[1][0] == '-') {
		fprintf(stderr, "usage: stretchgoalctl render TEMPLATE DATA.json "
		    "[--partials DIR]\n");
		return 2;
	}
	sg_buf_init(&tsrc, CTL_RENDER_FILE_MAX);
	sg_buf_init(&dsrc, CTL_RENDER_FILE_MAX);
	sg_buf_init(&out, CTL_RENDER_OUT_MAX);
	if (render_read(argv[0], &tsrc) == -1 || render_read(argv[1], &dsrc) == -1)
		goto out;
	if ((data = cJSON_ParseWithLength(dsrc.data == NULL ? "" : dsrc.data,
	    dsrc.len)) == NULL) {
		fprintf(stderr, "stretchgoalctl: %s: not valid JSON\n", argv[1]);
		goto out;
	}
	if ((t = mst_parse(tsrc.data == NULL ? "" : tsrc.data, tsrc.len, &err)) == NULL) {
		fprintf(stderr, "stretchgoalctl: %s: line %u, column %u: %s\n",
		    argv[0], err.line, err.column, err.message);
		goto out;
	}
	if ((partials = mst_set_new()) == NULL) {
		fprintf(stderr, "stretchgoalctl: out of memory\n");
		goto out;
	}
	if (argc == 4 && mst_set_load_dir(partials, argv[3], &err) != MST_OK) {
		fprintf(stderr, "stretchgoalctl: partials in %s: %s\n", argv[3],
		    err.message);
		goto out;
	}
	if (mst_render(t, data, partials, &out, &err) != MST_OK) {
		fprintf(stderr, "stretchgoalctl: render: %s\n", err.message);
		goto out;
	}
	if (out.len > 0 && (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0)) {
		fprintf(stderr, "stretchgoalctl: write error\n");
		goto out;
	}
	rc = 0;
out:
	mst_set_free(partials);
	mst_free(t);
	cJSON_Delete(data);
	sg_buf_free(&tsrc);
	sg_buf_free(&dsrc);
	sg_buf_free(&out);
	return rc;
}

int
main(int argc, char *argv[])
{
	const struct cmd	*c = NULL;
	struct sg_config	*cfg;
	struct sg_db		*db;
	const char		*cpath = NULL, *env;
	char			 err[512];
	size_t			 i, words;
	int			 rc, argi = 1;

	sg_log_init("stretchgoalctl", SG_LOG_WARN);
	if (argc > 2 && strcmp(argv[1], "-c") == 0) {
		cpath = argv[2];
		argi = 3;
	}
	if (argi >= argc || strcmp(argv[argi], "--help") == 0 ||
	    strcmp(argv[argi], "-h") == 0 || strcmp(argv[argi], "help") == 0) {
		usage_all(argi >= argc ? stderr : stdout);
		return argi >= argc ? 2 : 0;
	}
	for (i = 0; i < NCMDS && c == NULL; i++) {
		words = strchr(cmds[i].name, ' ') != NULL ? 2 : 1;
		if (words == 1 && strcmp(argv[argi], cmds[i].name) == 0)
			c = &cmds[i];
		else if (words == 2 && argi + 1 < argc &&
		    strncmp(cmds[i].name, argv[argi], strlen(argv[argi])) == 0 &&
		    cmds[i].name[strlen(argv[argi])] == ' ' &&
		    strcmp(cmds[i].name + strlen(argv[argi]) + 1, argv[argi + 1]) == 0)
			c = &cmds[i];
	}
	if (c == NULL && group_usage(argc - argi, argv + argi) == 0)
		return argi + 1 < argc ? 0 : 2;
	if (c == NULL) {
		fprintf(stderr, "stretchgoalctl: unknown command \"%s\"\n\n", argv[argi]);
		usage_all(stderr);
		return 2;
	}
	argi += strchr(c->name, ' ') != NULL ? 2 : 1;
	if (has_flag(argc - argi, argv + argi, "--help") ||
	    has_flag(argc - argi, argv + argi, "-h")) {
		usage_cmd(stdout, c);
		return 0;
	}
	if (c->fn == cmd_render)	/* no configuration, no database */
		return cmd_render(NULL, NULL, argc - argi, argv + argi);
	if (cpath == NULL && (env = getenv("SG_CONFIG")) != NULL && *env != '\0')
		cpath = env;
	if (cpath == NULL && access(SG_SYSCONFDIR "/stretchgoal.conf", F_OK) == 0)
		cpath = SG_SYSCONFDIR "/stretchgoal.conf";
	if ((cfg = sg_config_load(cpath, err, sizeof(err))) == NULL) {
		fprintf(stderr, "stretchgoalctl: configuration: %s\n", err);
		return 1;
	}
	if (sg_crypto_init() == -1) {
		fprintf(stderr, "stretchgoalctl: libsodium failed to initialise\n");
		sg_config_free(cfg);
		return 1;
	}
	if ((db = db_new(cfg)) == NULL) {
		sg_config_free(cfg);
		return 1;
	}
	if (db_ensure(db) != DB_OK) {
		fprintf(stderr, "stretchgoalctl: cannot connect to the database: %s\n",
		    db_last_error(db));
		rc = 1;
	} else
		rc = c->fn(db, cfg, argc - argi, argv + argi);
	db_free(db);
	sg_config_free(cfg);
	return rc;
}
