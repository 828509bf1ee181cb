/*
 * it_admin_accounts.c — accounts and API tokens over the real programs:
 * stretchgoalctl user list/remove and token list/revoke (a revoked token
 * gets 401 from nginx + program at once; a removed user cannot sign in and
 * its sessions end), the groups' --help, and "stretchgoal -t" refusing a
 * template directory that does not exist.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <CUnit/CUnit.h>

#include "integration/it_admin_util.h"

#define FX	fx_current

static char	out[8192], err[8192];
static struct adm A;

static int
ctl(const char *in, const char *const argv[])
{
	return fx_ctl(FX, in, out, sizeof(out), err, sizeof(err), argv);
}

static int
api_get(const char *token)
{
	struct fx_resp	 r;
	char		 hdr[512];
	int		 st;

	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s\r\n", token);
	st = fx_http(FX, "GET", "/api/v1/campaigns", hdr, NULL, 0, &r);
	fx_resp_free(&r);
	return st;
}

static void
test_tokens(void)
{
	static const char *const create[] = { "token", "create", "--store", "acme",
	    "--label", "pipeline", NULL };
	static const char *const list[] = { "token", "list", "--store", "acme", NULL };
	static const char *const list_other[] = { "token", "list", "--store",
	    "other", NULL };
	const char	*revoke[] = { "token", "revoke", "--store", "acme", "--id",
	    NULL, NULL };
	const char	*revoke_other[] = { "token", "revoke", "--store", "other",
	    "--id", NULL, NULL };
	char		 tok[256], id[32], *line;
	const char	*secret;

	adm_stores();
	CU_ASSERT_EQUAL_FATAL(ctl(NULL, create), 0);
	snprintf(tok, sizeof(tok), "%.255s", out);
	tok[strcspn(tok, "\r\n")] = '\0';
	/* "sg_<16 hex id>_<secret>": the id is listed, never the secret. */
	CU_ASSERT_EQUAL_FATAL(strncmp(tok, "sg_", 3), 0);
	snprintf(id, sizeof(id), "%.16s", tok + 3);
	secret = tok + 3 + 16 + 1;
	CU_ASSERT_EQUAL(api_get(tok), 200);

	CU_ASSERT_EQUAL(ctl(NULL, list), 0);
	line = strstr(out, id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_EQUAL(strncmp(line + strlen(id), "\tpipeline\t", 10), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "Z\tlive\n"));
	CU_ASSERT_PTR_NULL(strstr(out, secret));
	/* Another store neither lists nor revokes it. */
	CU_ASSERT_EQUAL(ctl(NULL, list_other), 0);
	CU_ASSERT_PTR_NULL(strstr(out, id));
	revoke_other[5] = id;
	CU_ASSERT_EQUAL(ctl(NULL, revoke_other), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "has no live token"));
	CU_ASSERT_EQUAL(api_get(tok), 200);

	revoke[5] = id;
	CU_ASSERT_EQUAL(ctl(NULL, revoke), 0);
	CU_ASSERT_EQUAL(api_get(tok), 401);
	CU_ASSERT_EQUAL(ctl(NULL, list), 0);
	line = strstr(out, id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_PTR_NULL(strstr(line, "live\n"));
	/* Twice: nothing left to revoke. */
	CU_ASSERT_EQUAL(ctl(NULL, revoke), 1);
	/* Usage errors. */
	revoke[4] = NULL;
	CU_ASSERT_EQUAL(ctl(NULL, revoke), 2);
}

static void
test_users(void)
{
	static const char *const add[] = { "user", "add", "--store", "acme",
	    "--email", "cy@acme.test", "--password-stdin", NULL };
	static const char *const list[] = { "user", "list", "--store", "acme", NULL };
	static const char *const rm[] = { "user", "remove", "--store", "acme",
	    "--email", "cy@acme.test", NULL };
	static const char *const rm_other[] = { "user", "remove", "--store",
	    "other", "--email", "cy@acme.test", NULL };
	struct fx_resp	 r;

	adm_stores();
	CU_ASSERT_EQUAL_FATAL(ctl(ADM_PASSWORD "\n", add), 0);
	CU_ASSERT_EQUAL(ctl(NULL, list), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ana@acme.test\t"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cy@acme.test\t"));
	CU_ASSERT_PTR_NULL(strstr(out, "bo@other.test"));
	CU_ASSERT_EQUAL(adm_login(&A, "cy@acme.test", ADM_PASSWORD), 303);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns", &r), 200);
	fx_resp_free(&r);
	/* Not another store's. */
	CU_ASSERT_EQUAL(ctl(NULL, rm_other), 1);
	CU_ASSERT_EQUAL(ctl(NULL, rm), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM users WHERE "
	    "email = 'cy@acme.test'"), 0);
	/* Its session ended with it, and it cannot sign in again. */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns", &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_NOT_EQUAL(adm_login(&A, "cy@acme.test", ADM_PASSWORD), 303);
	CU_ASSERT_EQUAL(ctl(NULL, rm), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "has no user"));
}

static void
test_help(void)
{
	static const char *const groups[] = { "store", "token", "user", "hooks" };
	const char	*argv[3];
	size_t		 i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		argv[0] = groups[i];
		argv[1] = "--help";
		argv[2] = NULL;
		CU_ASSERT_EQUAL(ctl(NULL, argv), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, groups[i]));
		CU_ASSERT_PTR_NULL(strstr(err, "unknown command"));
		argv[1] = NULL;
		CU_ASSERT_EQUAL(ctl(NULL, argv), 2);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "usage:"));
	}
	argv[0] = "user";
	argv[1] = "--help";
	CU_ASSERT_EQUAL(ctl(NULL, argv), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "user remove --store H --email E"));
	argv[0] = "nosuch";
	CU_ASSERT_EQUAL(ctl(NULL, argv), 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown command"));
}

/* Exit status of "stretchgoal -c CONF -t" with env in front. */
static int
check_config(const char *env)
{
	char	 cmd[2048];
	int	 st;

	snprintf(cmd, sizeof(cmd), "%s '%s/stretchgoal' -c '%s' -t >/dev/null 2>&1",
	    env, fx_builddir(), FX->conf);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
test_check_templates(void)
{
	CU_ASSERT_EQUAL(check_config(""), 0);
	CU_ASSERT_EQUAL(check_config("SG_TEMPLATE_DIR=/nonexistent/templates"), 1);
}

static const struct fx_case cases[] = {
	{ "token list and revoke", test_tokens },
	{ "user list and remove", test_users },
	{ "store/token/user/hooks --help", test_help },
	{ "stretchgoal -t checks the templates", test_check_templates },
	{ NULL, NULL },
};

int
main(void)
{
	return fx_run("admin_accounts", cases, NULL, 1);
}
