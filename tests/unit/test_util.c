/* test_util.c — buffers, configuration, tokens, exact JSON integers, log batches. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "util/buf.h"
#include "util/config.h"
#include "util/crypto.h"
#include "util/json.h"
#include "util/log.h"

static void
test_buf_cap(void)
{
	struct sg_buf	 b;

	sg_buf_init(&b, 8);
	CU_ASSERT_EQUAL(sg_buf_adds(&b, "12345678"), SG_BUF_OK);
	CU_ASSERT_EQUAL(b.len, 8);
	CU_ASSERT_EQUAL(sg_buf_addc(&b, '9'), SG_BUF_TOOBIG);
	CU_ASSERT_EQUAL(b.len, 8);
	CU_ASSERT_STRING_EQUAL(b.data, "12345678");
	sg_buf_reset(&b);
	CU_ASSERT_EQUAL(sg_buf_printf(&b, "%d-%s", 42, "x"), SG_BUF_OK);
	CU_ASSERT_STRING_EQUAL(b.data, "42-x");
	CU_ASSERT_EQUAL(sg_buf_printf(&b, "%s", "123456"), SG_BUF_TOOBIG);
	CU_ASSERT_STRING_EQUAL(b.data, "42-x");
	sg_buf_free(&b);
	sg_buf_free(NULL);
}

static void
test_buf_steal(void)
{
	struct sg_buf	 b;
	char		*s;
	size_t		 len;

	sg_buf_init(&b, 0);
	s = sg_buf_steal(&b, &len);
	CU_ASSERT_STRING_EQUAL(s, "");
	CU_ASSERT_EQUAL(len, 0);
	free(s);
	sg_buf_add(&b, "abc", 3);
	s = sg_buf_steal(&b, &len);
	CU_ASSERT_STRING_EQUAL(s, "abc");
	CU_ASSERT_EQUAL(len, 3);
	CU_ASSERT_PTR_NULL(b.data);
	free(s);
}

static char *
write_temp(const char *text)
{
	static char	 path[64];
	FILE		*f;
	int		 fd;

	snprintf(path, sizeof(path), "/tmp/sgconf-XXXXXX");
	fd = mkstemp(path);
	CU_ASSERT_FATAL(fd != -1);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_config_file_and_env(void)
{
	struct sg_config	*c;
	char			 err[256], *path;

	path = write_temp("# comment\n\nworkers = 3\n db_name =  shop \n"
	    "db_socket =\n");
	unsetenv("SG_DB_NAME");
	c = sg_config_load(path, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->workers, 3);
	CU_ASSERT_STRING_EQUAL(c->db_name, "shop");
	CU_ASSERT_PTR_NULL(c->db_socket);	/* empty means unset */
	CU_ASSERT_EQUAL(c->max_body, 1048576);	/* default */
	CU_ASSERT_EQUAL(sg_config_workers(c), 3);
	sg_config_free(c);

	setenv("SG_DB_NAME", "fromenv", 1);
	setenv("SG_WORKERS", "5", 1);
	c = sg_config_load(path, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_STRING_EQUAL(c->db_name, "fromenv");
	CU_ASSERT_EQUAL(c->workers, 5);
	sg_config_free(c);
	unsetenv("SG_DB_NAME");
	unsetenv("SG_WORKERS");
	unlink(path);
}

static void
test_config_errors(void)
{
	static const char *const bad[] = {
		"nosuchkey = 1\n",
		"workers = many\n",
		"workers = 100000\n",
		"max_body = 10\n",
		"just words\n",
	};
	struct sg_config	*c;
	char			 err[256], *path;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		path = write_temp(bad[i]);
		err[0] = '\0';
		c = sg_config_load(path, err, sizeof(err));
		CU_ASSERT_PTR_NULL(c);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, ":1"));	/* names the line */
		sg_config_free(c);
		unlink(path);
	}
	c = sg_config_load("/nonexistent/stretchgoal.conf", err, sizeof(err));
	CU_ASSERT_PTR_NULL(c);
	setenv("SG_DB_PORT", "70000", 1);
	c = sg_config_load(NULL, err, sizeof(err));
	CU_ASSERT_PTR_NULL(c);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "SG_DB_PORT"));
	unsetenv("SG_DB_PORT");
}

static void
test_tokens(void)
{
	char		 tok[SG_TOKEN_LEN + 1], id[SG_TOKEN_ID_LEN + 1];
	char		 id2[SG_TOKEN_ID_LEN + 1], tok2[SG_TOKEN_LEN + 1];
	unsigned char	 h[SG_HASH_LEN], h2[SG_HASH_LEN];

	CU_ASSERT_EQUAL_FATAL(sg_token_new(tok, id, h), 0);
	CU_ASSERT_EQUAL(strlen(tok), SG_TOKEN_LEN);
	CU_ASSERT_EQUAL(sg_token_parse(tok, id2, h2), 0);
	CU_ASSERT_STRING_EQUAL(id, id2);
	CU_ASSERT_TRUE(sg_hash_equal(h, h2));
	/* One changed character of the secret changes the hash. */
	memcpy(tok2, tok, sizeof(tok));
	tok2[SG_TOKEN_LEN - 1] = tok2[SG_TOKEN_LEN - 1] == 'a' ? 'b' : 'a';
	CU_ASSERT_EQUAL(sg_token_parse(tok2, id2, h2), 0);
	CU_ASSERT_FALSE(sg_hash_equal(h, h2));
	/* Wrong shapes are refused before any lookup. */
	CU_ASSERT_EQUAL(sg_token_parse("", id2, h2), -1);
	CU_ASSERT_EQUAL(sg_token_parse("Bearer x", id2, h2), -1);
	memcpy(tok2, tok, sizeof(tok));
	tok2[5] = 'Z';	/* ids are lower-case hex */
	CU_ASSERT_EQUAL(sg_token_parse(tok2, id2, h2), -1);
	memcpy(tok2, tok, sizeof(tok));
	tok2[SG_TOKEN_LEN - 3] = '+';
	CU_ASSERT_EQUAL(sg_token_parse(tok2, id2, h2), -1);
	/* Two tokens differ. */
	CU_ASSERT_EQUAL(sg_token_new(tok2, id2, h2), 0);
	CU_ASSERT_STRING_NOT_EQUAL(tok, tok2);
}

static void
test_passwords(void)
{
	char	 hash[SG_PWHASH_LEN], pw[32];

	sg_random_password(pw, 16);
	CU_ASSERT_EQUAL(strlen(pw), 16);
	CU_ASSERT_EQUAL_FATAL(sg_password_hash(pw, hash), 0);
	CU_ASSERT_EQUAL(strncmp(hash, "$argon2id$", 10), 0);
	CU_ASSERT_EQUAL(sg_password_verify(hash, pw), 1);
	pw[0] ^= 1;
	CU_ASSERT_EQUAL(sg_password_verify(hash, pw), 0);
}

/* sg_json_add_num() prints every int64 exactly; sg_json_int() reads it. */
static void
test_json_exact(void)
{
	cJSON	*o, *p;
	char	*t;
	int64_t	 v;

	o = cJSON_CreateObject();
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_TRUE(sg_json_add_num(o, "goal", INT64_C(1000000000000000)));
	CU_ASSERT_TRUE(sg_json_add_num(o, "big", INT64_C(9007199254740993)));
	CU_ASSERT_TRUE(sg_json_add_num(o, "max", INT64_MAX));
	CU_ASSERT_TRUE(sg_json_add_num(o, "min", INT64_MIN));
	CU_ASSERT_TRUE(sg_json_add_num(o, "zero", 0));
	t = cJSON_PrintUnformatted(o);
	CU_ASSERT_STRING_EQUAL(t, "{\"goal\":1000000000000000,"
	    "\"big\":9007199254740993,\"max\":9223372036854775807,"
	    "\"min\":-9223372036854775808,\"zero\":0}");
	free(t);
	CU_ASSERT_TRUE(sg_json_int(cJSON_GetObjectItem(o, "big"), &v));
	CU_ASSERT_EQUAL(v, INT64_C(9007199254740993));
	CU_ASSERT_TRUE(sg_json_int(cJSON_GetObjectItem(o, "max"), &v));
	CU_ASSERT_EQUAL(v, INT64_MAX);
	cJSON_Delete(o);

	/* A parsed document: integral numbers print without exponent. */
	p = cJSON_Parse("{\"a\":1e15,\"b\":[2,{\"c\":3000000000000000}],"
	    "\"d\":1.5,\"e\":\"x\"}");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(sg_json_exact_numbers(p), 0);
	t = cJSON_PrintUnformatted(p);
	CU_ASSERT_STRING_EQUAL(t, "{\"a\":1000000000000000,\"b\":[2,"
	    "{\"c\":3000000000000000}],\"d\":1.5,\"e\":\"x\"}");
	free(t);
	CU_ASSERT_TRUE(sg_json_int(cJSON_GetObjectItem(p, "a"), &v));
	CU_ASSERT_EQUAL(v, INT64_C(1000000000000000));
	CU_ASSERT_FALSE(sg_json_int(cJSON_GetObjectItem(p, "d"), &v));
	CU_ASSERT_FALSE(sg_json_int(cJSON_GetObjectItem(p, "e"), &v));
	cJSON_Delete(p);
}

/* The bytes of f, from its start, into buf; returns how many. */
static size_t
slurp(FILE *f, char *buf, size_t size)
{
	size_t	 n;

	fflush(f);
	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	return n;
}

static int
count(const char *s, const char *what)
{
	int	 n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

/*
 * Batched log lines (util/log.h): nothing written until a flush, a warning
 * flushes first and keeps the order, a full batch is written as whole
 * lines, an old batch is written by sg_log_flush_due().
 */
static void
test_log_batch(void)
{
	static char	 buf[1 << 16];
	FILE		*f;
	size_t		 n;
	long		 due;
	int		 saved, i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f = tmpfile());
	CU_ASSERT_NOT_EQUAL_FATAL(saved = dup(STDERR_FILENO), -1);
	CU_ASSERT_NOT_EQUAL_FATAL(dup2(fileno(f), STDERR_FILENO), -1);
	sg_log_init("t", SG_LOG_DEBUG);
	CU_ASSERT_EQUAL(sg_log_flush_due(), -1);
	sg_log_batch();
	sg_info("line one");
	sg_debug("line two");
	CU_ASSERT_EQUAL(slurp(f, buf, sizeof(buf)), 0);
	due = sg_log_flush_due();
	CU_ASSERT_TRUE(due >= 0 && due <= SG_LOG_BATCH_MS);
	sg_warn("line three");
	slurp(f, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "info: line one\n"));
	CU_ASSERT_TRUE(strstr(buf, "line one") < strstr(buf, "line two"));
	CU_ASSERT_TRUE(strstr(buf, "line two") < strstr(buf, "warn: line three\n"));
	CU_ASSERT_EQUAL(sg_log_flush_due(), -1);

	/* More than a batch: the full ones are written, as whole lines. */
	for (i = 0; i < 200; i++)
		sg_info("filler %03d ----------------------------------------", i);
	n = slurp(f, buf, sizeof(buf));
	CU_ASSERT_TRUE(count(buf, "filler ") > 0 && count(buf, "filler ") < 200);
	CU_ASSERT_TRUE(n > 0 && buf[n - 1] == '\n');
	sg_log_flush();
	slurp(f, buf, sizeof(buf));
	CU_ASSERT_EQUAL(count(buf, "filler "), 200);
	CU_ASSERT_EQUAL(count(buf, "\n"), 203);

	/* An old batch is written by the loop's check. */
	sg_info("late line");
	usleep((SG_LOG_BATCH_MS + 20) * 1000);
	slurp(f, buf, sizeof(buf));
	CU_ASSERT_PTR_NULL(strstr(buf, "late line"));
	CU_ASSERT_EQUAL(sg_log_flush_due(), -1);
	slurp(f, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "info: late line\n"));

	sg_log_flush();
	dup2(saved, STDERR_FILENO);
	close(saved);
	fclose(f);
}

static const struct unit_case cases[] = {
	{ "util", "buffer cap", test_buf_cap },
	{ "util", "buffer steal", test_buf_steal },
	{ "util", "config file and environment", test_config_file_and_env },
	{ "util", "config errors name the line", test_config_errors },
	{ "util", "API tokens", test_tokens },
	{ "util", "passwords", test_passwords },
	{ "util", "exact JSON integers", test_json_exact },
	{ "util", "log lines in batches", test_log_batch },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
