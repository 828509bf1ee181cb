/*
 * it_ctl.c — stretchgoalctl against a real database: migrations, stores,
 * tokens, users, the demo, and its command-line errors.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "db/db.h"
#include "util/config.h"
#include "util/crypto.h"
#include "fixture/fixture.h"

#define FX	fx_current

static char	out[4096], err[4096];

static int
ctl(const char *in, const char *const argv[])
{
	return fx_ctl(FX, in, out, sizeof(out), err, sizeof(err), argv);
}

static void
chomp(char *s)
{
	size_t	 n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static void
test_migrate_twice_changes_nothing(void)
{
	static const char *const argv[] = { "migrate", NULL };
	int64_t	 tables, applied;

	/* fx_start() migrated already. */
	applied = fx_sql_i64(FX, "SELECT COUNT(*) FROM schema_migrations");
	CU_ASSERT_TRUE(applied >= 1);
	tables = fx_sql_i64(FX, "SELECT COUNT(*) FROM information_schema.tables "
	    "WHERE table_schema = DATABASE()");
	CU_ASSERT_EQUAL(ctl(NULL, argv), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "0 migrations applied"));
	CU_ASSERT_EQUAL(ctl(NULL, argv), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM schema_migrations"), applied);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM information_schema.tables "
	    "WHERE table_schema = DATABASE()"), tables);
	/* Every table is InnoDB with utf8mb4 text. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM information_schema.tables "
	    "WHERE table_schema = DATABASE() AND engine <> 'InnoDB'"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM information_schema.columns "
	    "WHERE table_schema = DATABASE() AND character_set_name NOT IN "
	    "('utf8mb4', 'ascii')"), 0);
}

static void
test_schema_constraints(void)
{
	/* The rules that the database itself enforces. */
	fx_sql(FX, "INSERT INTO stores (handle, name, currency, currency_exponent) "
	    "VALUES ('s', 'S', 'USD', 2)");
	fx_sql(FX, "INSERT INTO campaigns (store_id, slug, title, description, "
	    "goal_kind, goal) VALUES (1, 'c', 'C', '', 'units', 10)");
	fx_sql(FX, "INSERT INTO milestones (campaign_id, target, title, before_text, "
	    "after_text, reward, gift_product_id) VALUES (1, 5, 'M', 'b', 'a', 'gift', 'g')");
	fx_sql(FX, "INSERT INTO orders (store_id, external_id, backer, placed_at, "
	    "currency, fingerprint, response) VALUES (1, 'o1', 'ana', UTC_TIMESTAMP(), "
	    "'USD', REPEAT('x', 32), '{}')");
	fx_sql(FX, "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, "
	    "backer, product_id, quantity) VALUES (1, 1, 1, 1, 'ana', 'g', 1)");
	/* Duplicates are refused: same order id, same target, second live grant. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM information_schema.statistics "
	    "WHERE table_schema = DATABASE() AND index_name IN ('orders_external', "
	    "'milestones_target', 'grants_one_per_backer') AND non_unique = 0 "
	    "AND seq_in_index = 1"), 3);
	fx_sql(FX, "UPDATE grants SET status = 'void' WHERE id = 1");
	/* A void grant frees the slot for a new one. */
	fx_sql(FX, "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, "
	    "backer, product_id, quantity) VALUES (1, 1, 1, 1, 'ana', 'g', 1)");
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE "
	    "live_backer = 'ana'"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants"), 2);
}

static void
test_store_create(void)
{
	static const char *const good[] = { "store", "create", "--handle", "acme",
	    "--name", "Acme Games", "--currency", "JPY", NULL };
	static const char *const bad_handle[] = { "store", "create", "--handle",
	    "Not Valid", "--name", "X", "--currency", "USD", NULL };
	static const char *const bad_currency[] = { "store", "create", "--handle",
	    "other", "--name", "X", "--currency", "XYZ", NULL };
	static const char *const missing[] = { "store", "create", "--handle",
	    "other", NULL };

	CU_ASSERT_EQUAL(ctl(NULL, good), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT currency_exponent FROM stores "
	    "WHERE handle = 'acme' AND currency = 'JPY' AND name = 'Acme Games'"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM stores"), 1);
	/* The same handle again is refused. */
	CU_ASSERT_EQUAL(ctl(NULL, good), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "exists already"));
	CU_ASSERT_EQUAL(ctl(NULL, bad_handle), 1);
	CU_ASSERT_EQUAL(ctl(NULL, bad_currency), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown currency"));
	CU_ASSERT_EQUAL(ctl(NULL, missing), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM stores"), 1);
}

static int
token_valid(const char *token, int64_t *store)
{
	struct sg_config	*cfg;
	struct sg_db		*db;
	char			 e[256];
	int			 rc;

	cfg = sg_config_load(FX->conf, e, sizeof(e));
	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
	db = db_new(cfg);
	rc = db_token_verify(db, token, store);
	db_free(db);
	sg_config_free(cfg);
	return rc;
}

static void
test_token_create(void)
{
	static const char *const store[] = { "store", "create", "--handle", "acme",
	    "--name", "Acme", "--currency", "USD", NULL };
	static const char *const tok[] = { "token", "create", "--store", "acme",
	    "--label", "pipeline", NULL };
	static const char *const nostore[] = { "token", "create", "--store", "nope", NULL };
	char	 token[4096], sql[4352], tampered[4096];
	int64_t	 sid = 0;

	CU_ASSERT_EQUAL_FATAL(ctl(NULL, store), 0);
	CU_ASSERT_EQUAL_FATAL(ctl(NULL, tok), 0);
	snprintf(token, sizeof(token), "%s", out);
	chomp(token);
	CU_ASSERT_EQUAL(strlen(token), SG_TOKEN_LEN);
	CU_ASSERT_EQUAL(strncmp(token, "sg_", 3), 0);
	/* Only a hash is stored: the secret appears nowhere in the row. */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM api_tokens WHERE "
	    "LOCATE('%s', CONCAT(token_id, secret_hash, label)) > 0", token + 20);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, sql), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM api_tokens WHERE "
	    "label = 'pipeline' AND LENGTH(secret_hash) = 32"), 1);
	CU_ASSERT_EQUAL(token_valid(token, &sid), 1);
	CU_ASSERT_EQUAL(sid, fx_sql_i64(FX, "SELECT id FROM stores WHERE handle = 'acme'"));
	snprintf(tampered, sizeof(tampered), "%s", token);
	tampered[strlen(tampered) - 1] = tampered[strlen(tampered) - 1] == 'A' ? 'B' : 'A';
	CU_ASSERT_EQUAL(token_valid(tampered, &sid), 0);
	CU_ASSERT_EQUAL(token_valid("sg_nonsense", &sid), 0);
	fx_sql(FX, "UPDATE api_tokens SET revoked_at = UTC_TIMESTAMP(6)");
	CU_ASSERT_EQUAL(token_valid(token, &sid), 0);
	CU_ASSERT_EQUAL(ctl(NULL, nostore), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no store"));
}

static void
test_user_add(void)
{
	static const char *const store[] = { "store", "create", "--handle", "acme",
	    "--name", "Acme", "--currency", "EUR", NULL };
	static const char *const gen[] = { "user", "add", "--store", "acme",
	    "--email", "  Ana@Example.COM ", NULL };
	static const char *const stdin_pw[] = { "user", "add", "--store", "acme",
	    "--email", "bo@example.com", "--password-stdin", NULL };
	static const char *const bad_email[] = { "user", "add", "--store", "acme",
	    "--email", "not-an-email", NULL };
	char	 pw[4096], hash[256];

	CU_ASSERT_EQUAL_FATAL(ctl(NULL, store), 0);
	CU_ASSERT_EQUAL_FATAL(ctl(NULL, gen), 0);
	snprintf(pw, sizeof(pw), "%s", out);
	chomp(pw);
	CU_ASSERT_TRUE(strlen(pw) >= SG_PASSWORD_MIN);
	fx_sql_str(FX, "SELECT password_hash FROM users WHERE email = 'ana@example.com'",
	    hash, sizeof(hash));
	CU_ASSERT_EQUAL(strncmp(hash, "$argon2id$", 10), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(hash, "m=19456,t=2"));
	CU_ASSERT_EQUAL(sg_password_verify(hash, pw), 1);
	CU_ASSERT_EQUAL(sg_password_verify(hash, "wrong password"), 0);
	/* The same email again is refused. */
	CU_ASSERT_EQUAL(ctl(NULL, gen), 1);

	CU_ASSERT_EQUAL(ctl("correct horse battery\n", stdin_pw), 0);
	CU_ASSERT_STRING_EQUAL(out, "");	/* nothing printed */
	fx_sql_str(FX, "SELECT password_hash FROM users WHERE email = 'bo@example.com'",
	    hash, sizeof(hash));
	CU_ASSERT_EQUAL(sg_password_verify(hash, "correct horse battery"), 1);

	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM users"), 2);
	CU_ASSERT_EQUAL(ctl("short\n", (const char *const[]){ "user", "add",
	    "--store", "acme", "--email", "cy@example.com", "--password-stdin", NULL }), 1);
	CU_ASSERT_EQUAL(ctl(NULL, bad_email), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM users"), 2);
}

static void
test_demo_is_idempotent(void)
{
	static const char *const demo[] = { "demo", NULL };

	CU_ASSERT_EQUAL(ctl(NULL, demo), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "created"));
	CU_ASSERT_EQUAL(ctl(NULL, demo), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "exists already"));
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM stores WHERE handle = 'demo'"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns WHERE status = 'live'"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaign_products"), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones"), 3);
	/* Both reward kinds and both scopes. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(DISTINCT reward) FROM milestones"), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(DISTINCT scope) FROM milestones "
	    "WHERE reward = 'gift'"), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones m JOIN products p "
	    "ON p.product_id = m.gift_product_id WHERE m.reward = 'gift'"), 2);
}

static void
test_usage_and_help(void)
{
	static const char *const cmds[][4] = {
		{ "migrate", "--help", NULL, NULL },
		{ "store", "create", "--help", NULL },
		{ "token", "create", "--help", NULL },
		{ "user", "add", "--help", NULL },
		{ "demo", "--help", NULL, NULL },
	};
	size_t	 i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		CU_ASSERT_EQUAL(ctl(NULL, cmds[i]), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: stretchgoalctl"));
	}
	CU_ASSERT_EQUAL(ctl(NULL, (const char *const[]){ "--help", NULL }), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "user add"));
	CU_ASSERT_EQUAL(ctl(NULL, (const char *const[]){ "frobnicate", NULL }), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown command"));
	CU_ASSERT_EQUAL(ctl(NULL, (const char *const[]){ "migrate", "--bogus", NULL }), 2);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The data layer's list of AUTO_INCREMENT tables (db_autoinc_table(),
 * whose duplicate ids a Galera membership change can cause and which are
 * retried) is the migrated schema's.
 */
static void
test_autoinc_tables_match_schema(void)
{
	const char	*names[64];
	char		 want[2048] = "", have[2048];
	size_t		 n = 0, i, len;

	while (n < 64 && (names[n] = db_autoinc_table(n)) != NULL)
		n++;
	CU_ASSERT_TRUE_FATAL(n > 0 && n < 64);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++) {
		len = strlen(want);
		snprintf(want + len, sizeof(want) - len, "%s%s", i ? "," : "",
		    names[i]);
	}
	fx_sql_str(FX, "SELECT GROUP_CONCAT(table_name ORDER BY table_name "
	    "SEPARATOR ',') FROM information_schema.columns WHERE table_schema "
	    "= DATABASE() AND extra LIKE '%auto_increment%'", have, sizeof(have));
	CU_ASSERT_STRING_EQUAL(have, want);
}

static const struct fx_case cases[] = {
	{ "migrate twice changes nothing", test_migrate_twice_changes_nothing },
	{ "the AUTO_INCREMENT tables are the data layer's list",
	  test_autoinc_tables_match_schema },
	{ "the schema enforces uniqueness rules", test_schema_constraints },
	{ "store create validates and refuses duplicates", test_store_create },
	{ "token create prints once and stores a hash", test_token_create },
	{ "user add hashes with Argon2id", test_user_add },
	{ "demo is idempotent and has every kind", test_demo_is_idempotent },
	{ "usage, --help and unknown commands", test_usage_and_help },
	{ NULL, NULL },
};

int
main(void)
{
	struct fx_opts	 opts = { 1, NULL };

	return fx_run("stretchgoalctl", cases, &opts, 1);
}
