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
	/* Used once above: created, live, last used (not "never"). */
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "Z\tlive\t20"));
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
	CU_ASSERT_PTR_NULL(strstr(line, "\tlive\t"));
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

/* The token of a reset link printed by "user reset" (in out). */
static void
link_token(char *tok, size_t size)
{
	const char	*p = strstr(out, "/admin/reset?token=");

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	snprintf(tok, size, "%.64s", p + strlen("/admin/reset?token="));
}

static void
test_reset(void)
{
	static const char *const reset[] = { "user", "reset", "--store", "acme",
	    "--email", "ana@acme.test", NULL };
	static const char *const reset_other[] = { "user", "reset", "--store",
	    "other", "--email", "ana@acme.test", NULL };
	struct fx_resp	 r;
	struct adm	 old;
	char		 tok[80], path[160], body[300];
	int		 i;

	adm_stores();
	/* Signed in somewhere, then locked out by wrong passwords. */
	CU_ASSERT_EQUAL_FATAL(adm_login(&old, "ana@acme.test", ADM_PASSWORD), 303);
	for (i = 0; i < 6; i++)
		(void)adm_login(&A, "ana@acme.test", "wrong password!");
	CU_ASSERT_EQUAL(adm_login(&A, "ana@acme.test", ADM_PASSWORD), 429);

	CU_ASSERT_EQUAL(ctl(NULL, reset_other), 1);
	CU_ASSERT_EQUAL_FATAL(ctl(NULL, reset), 0);
	CU_ASSERT_EQUAL(strncmp(out, "http", 4), 0);
	link_token(tok, sizeof(tok));
	CU_ASSERT_EQUAL(strlen(tok), 64);
	/* Only a hash is stored. */
	snprintf(body, sizeof(body), "SELECT COUNT(*) FROM password_resets WHERE "
	    "token_hash = '%s'", tok);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, body), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM password_resets"), 1);

	snprintf(path, sizeof(path), "/admin/reset?token=%s", tok);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", path, NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "ana@acme.test"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "name=\"password2\""));
	fx_resp_free(&r);
	/* A wrong or short token. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/admin/reset?token=abc", NULL, NULL,
	    0, &r), 404);
	fx_resp_free(&r);
	snprintf(path, sizeof(path), "/admin/reset?token=%064d", 7);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", path, NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
	/* Passwords that differ, or too short: the form again. */
	snprintf(body, sizeof(body), "token=%s&password=new+password+1&"
	    "password2=new+password+2", tok);
	CU_ASSERT_EQUAL(fx_http(FX, "POST", "/admin/reset",
	    "Content-Type: application/x-www-form-urlencoded\r\n", body,
	    strlen(body), &r), 422);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "differ"));
	fx_resp_free(&r);
	snprintf(body, sizeof(body), "token=%s&password=short&password2=short", tok);
	CU_ASSERT_EQUAL(fx_http(FX, "POST", "/admin/reset",
	    "Content-Type: application/x-www-form-urlencoded\r\n", body,
	    strlen(body), &r), 422);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "at least 10"));
	fx_resp_free(&r);
	/* Set it. */
	snprintf(body, sizeof(body), "token=%s&password=a+brand+new+one&"
	    "password2=a+brand+new+one", tok);
	CU_ASSERT_EQUAL(fx_http(FX, "POST", "/admin/reset",
	    "Content-Type: application/x-www-form-urlencoded\r\n", body,
	    strlen(body), &r), 303);
	fx_resp_free(&r);
	/* Once only. */
	CU_ASSERT_EQUAL(fx_http(FX, "POST", "/admin/reset",
	    "Content-Type: application/x-www-form-urlencoded\r\n", body,
	    strlen(body), &r), 404);
	fx_resp_free(&r);
	snprintf(path, sizeof(path), "/admin/reset?token=%s", tok);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", path, NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
	/* The old session ended; the lock-out is lifted; the new one works. */
	CU_ASSERT_EQUAL(adm_get(&old, "/admin/campaigns", &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_NOT_EQUAL(adm_login(&A, "ana@acme.test", ADM_PASSWORD), 303);
	CU_ASSERT_EQUAL(adm_login(&A, "ana@acme.test", "a brand new one"), 303);
	/* An expired link does nothing. */
	CU_ASSERT_EQUAL_FATAL(ctl(NULL, reset), 0);
	link_token(tok, sizeof(tok));
	fx_sql(FX, "UPDATE password_resets SET expires_at = UTC_TIMESTAMP(6) - "
	    "INTERVAL 1 SECOND WHERE used_at IS NULL");
	snprintf(path, sizeof(path), "/admin/reset?token=%s", tok);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", path, NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
}

static void
test_token_last_used(void)
{
	static const char *const create[] = { "token", "create", "--store", "acme",
	    NULL };
	static const char *const list[] = { "token", "list", "--store", "acme", NULL };
	char	 tok[256], sql[256], first[64], again[64];

	adm_stores();
	CU_ASSERT_EQUAL_FATAL(ctl(NULL, create), 0);
	snprintf(tok, sizeof(tok), "%.255s", out);
	tok[strcspn(tok, "\r\n")] = '\0';
	CU_ASSERT_EQUAL(ctl(NULL, list), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\tlive\tnever\n"));
	CU_ASSERT_EQUAL(api_get(tok), 200);
	snprintf(sql, sizeof(sql), "SELECT COALESCE(CAST(last_used_at AS CHAR), '') "
	    "FROM api_tokens WHERE token_id = '%.16s'", tok + 3);
	fx_sql_str(FX, sql, first, sizeof(first));
	CU_ASSERT_NOT_EQUAL(first[0], '\0');
	/* Within the minute: not written again. */
	CU_ASSERT_EQUAL(api_get(tok), 200);
	fx_sql_str(FX, sql, again, sizeof(again));
	CU_ASSERT_STRING_EQUAL(first, again);
	/* A minute later it is. */
	snprintf(sql, sizeof(sql), "UPDATE api_tokens SET last_used_at = "
	    "last_used_at - INTERVAL 61 SECOND WHERE token_id = '%.16s'", tok + 3);
	fx_sql(FX, sql);
	CU_ASSERT_EQUAL(api_get(tok), 200);
	snprintf(sql, sizeof(sql), "SELECT COALESCE(CAST(last_used_at AS CHAR), '') "
	    "FROM api_tokens WHERE token_id = '%.16s'", tok + 3);
	fx_sql_str(FX, sql, again, sizeof(again));
	CU_ASSERT_STRING_NOT_EQUAL(first, again);
	CU_ASSERT_EQUAL(ctl(NULL, list), 0);
	CU_ASSERT_PTR_NULL(strstr(out, "\tlive\tnever\n"));
}

static void
test_admin_pages(void)
{
	struct fx_resp	 r;
	struct adm	 cy;
	char		 pw[64], tok[256], id[32], body[300];
	const char	*p;

	adm_stores();
	CU_ASSERT_EQUAL_FATAL(adm_login(&A, "ana@acme.test", ADM_PASSWORD), 303);
	/* Users: the list has me, without a remove button for myself. */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/users", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "ana@acme.test"));
	CU_ASSERT_FALSE(adm_has(&r, "Remove ana@acme.test"));
	CU_ASSERT_TRUE(adm_has(&r, "(you)"));
	CU_ASSERT_FALSE(adm_has(&r, "bo@other.test"));
	fx_resp_free(&r);
	/* Add one: the generated password is shown once, and works. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/users", "email=Cy%40Acme.test", 1, &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "cy@acme.test"));
	p = strstr(r.body, "class=\"secret\" readonly value=\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	p += strlen("class=\"secret\" readonly value=\"");
	snprintf(pw, sizeof(pw), "%.*s", (int)strcspn(p, "\""), p);
	CU_ASSERT_EQUAL(strlen(pw), 20);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_login(&cy, "cy@acme.test", pw), 303);
	/* Twice, and a bad address: refused beside the form, typed kept. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/users", "email=cy%40acme.test", 1, &r), 422);
	CU_ASSERT_TRUE(adm_has(&r, "has an account already"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/users", "email=not-an-address", 1, &r), 422);
	CU_ASSERT_TRUE(adm_has(&r, "value=\"not-an-address\""));
	fx_resp_free(&r);
	/* Without CSRF: refused. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/users", "email=dd%40acme.test", 0, &r), 403);
	fx_resp_free(&r);
	/* Not myself; not without the confirmation. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/users/remove",
	    "email=ana%40acme.test&confirm=1", 1, &r), 422);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/users/remove", "email=cy%40acme.test",
	    1, &r), 422);
	CU_ASSERT_TRUE(adm_has(&r, "to confirm"));
	fx_resp_free(&r);
	/* Another store's user is not ours to remove. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/users/remove",
	    "email=bo%40other.test&confirm=1", 1, &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/users/remove",
	    "email=cy%40acme.test&confirm=1", 1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_get(&cy, "/admin/campaigns", &r), 303);
	fx_resp_free(&r);

	/* Tokens: create (shown once), it works, listed, revoke. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/tokens", "label=Shop+pipeline", 1, &r), 200);
	p = strstr(r.body, "class=\"secret\" readonly value=\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	p += strlen("class=\"secret\" readonly value=\"");
	snprintf(tok, sizeof(tok), "%.*s", (int)strcspn(p, "\""), p);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(strncmp(tok, "sg_", 3), 0);
	snprintf(id, sizeof(id), "%.16s", tok + 3);
	CU_ASSERT_EQUAL(api_get(tok), 200);
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/tokens", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, id));
	CU_ASSERT_TRUE(adm_has(&r, "Shop pipeline"));
	CU_ASSERT_FALSE(adm_has(&r, tok + 20));	/* never the secret again */
	fx_resp_free(&r);
	snprintf(body, sizeof(body), "id=%s", id);
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/tokens/revoke", body, 1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_get(tok), 401);
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/tokens/revoke", body, 1, &r), 404);
	fx_resp_free(&r);
	/* Signed out: the pages send to the sign-in. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/admin/tokens", NULL, NULL, 0, &r), 303);
	fx_resp_free(&r);
}

static const struct fx_case cases[] = {
	{ "admin Users and API tokens pages", test_admin_pages },
	{ "reset link: works once, ends sessions, lifts the lock-out", test_reset },
	{ "token last use, at most once a minute", test_token_last_used },
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
