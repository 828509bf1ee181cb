/*
 * it_server.c — the program as a whole, through nginx and against MariaDB:
 * routing, errors, body limits, worker supervision, database outages,
 * graceful stop and reload.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"

#define FX	fx_current

static void
assert_error_shape(const struct fx_resp *r, const char *code)
{
	const cJSON	*err, *c;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r->json);
	err = cJSON_GetObjectItemCaseSensitive(r->json, "error");
	CU_ASSERT_TRUE_FATAL(cJSON_IsObject(err));
	c = cJSON_GetObjectItemCaseSensitive(err, "code");
	CU_ASSERT_TRUE_FATAL(cJSON_IsString(c));
	CU_ASSERT_STRING_EQUAL(c->valuestring, code);
	CU_ASSERT_TRUE(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(err, "message")));
	CU_ASSERT_PTR_NOT_NULL(cJSON_GetObjectItemCaseSensitive(err, "field"));
}

static void
test_healthz_ok(void)
{
	struct fx_resp	 r;
	char		 h[256];

	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/healthz", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.json);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(r.json, "status")->valuestring, "ok");
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Content-Type", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "application/json");
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "X-Content-Type-Options", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "nosniff");
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Content-Security-Policy", h, sizeof(h)));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Cache-Control", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "no-store");
	fx_resp_free(&r);

	CU_ASSERT_EQUAL(fx_http(FX, "HEAD", "/healthz", NULL, NULL, 0, &r), 200);
	CU_ASSERT_EQUAL(r.body_len, 0);
	fx_resp_free(&r);
}

static void
test_unknown_path_404(void)
{
	static const char *const paths[] = {
		"/", "/nope", "/healthz/", "/healthz/x", "/api/v1/nothing",
		"/healthz%2F", "//healthz", "/api/v1/%41",
	};
	struct fx_resp	 r;
	size_t		 i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", paths[i], NULL, NULL, 0, &r), 404);
		if (r.status == 404)
			assert_error_shape(&r, "not_found");
		else
			fprintf(stderr, "  %s answered %d\n", paths[i], r.status);
		fx_resp_free(&r);
	}
}

static void
test_malformed_request_400(void)
{
	static const char raw[] = "GET /heal%00thz HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n";
	struct fx_resp	 r;

	/* nginx refuses an encoded NUL and garbage itself, with its own page. */
	CU_ASSERT_EQUAL(fx_http_raw(FX->port, raw, sizeof(raw) - 1, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http_raw(FX->port, "BLAH\r\n\r\n", 8, &r), 400);
	fx_resp_free(&r);
	/* Broken escapes: nginx refuses them (the program would too). */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/healthz%zz", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/%00", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
}

static void
test_wrong_method_405(void)
{
	static const char *const methods[] = { "POST", "PUT", "DELETE", "PATCH" };
	struct fx_resp	 r;
	char		 h[256];
	size_t		 i;

	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		CU_ASSERT_EQUAL(fx_http(FX, methods[i], "/healthz",
		    "Content-Type: application/json\r\n", "{}", 2, &r), 405);
		assert_error_shape(&r, "method_not_allowed");
		CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Allow", h, sizeof(h)));
		CU_ASSERT_STRING_EQUAL(h, "GET, HEAD");
		fx_resp_free(&r);
	}
}

static void
test_body_too_large_413(void)
{
	struct fx_resp	 r;
	size_t		 big = 2u * 1024u * 1024u;
	char		*body = malloc(big);

	CU_ASSERT_PTR_NOT_NULL_FATAL(body);
	memset(body, 'x', big);
	/* Beyond nginx's client_max_body_size: nginx answers, in our shape. */
	CU_ASSERT_EQUAL(fx_http(FX, "POST", "/api/v1/orders",
	    "Content-Type: application/json\r\n", body, big, &r), 413);
	assert_error_shape(&r, "too_large");
	fx_resp_free(&r);
	free(body);
}

static void
test_program_body_cap_413(void)
{
	struct fx_resp	 r;
	char		 body[8192];

	/* This instance runs with max_body = 4096 (below nginx's limit). */
	memset(body, ' ', sizeof(body));
	CU_ASSERT_EQUAL(fx_http(FX, "POST", "/healthz",
	    "Content-Type: application/json\r\n", body, sizeof(body), &r), 413);
	assert_error_shape(&r, "too_large");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "POST", "/healthz",
	    "Content-Type: application/json\r\n", body, 4000, &r), 405);
	fx_resp_free(&r);
}

static void
test_long_path_414(void)
{
	struct fx_resp	 r;
	char		 path[3000];

	path[0] = '/';
	memset(path + 1, 'a', sizeof(path) - 2);
	path[sizeof(path) - 1] = '\0';
	CU_ASSERT_EQUAL(fx_http(FX, "GET", path, NULL, NULL, 0, &r), 414);
	assert_error_shape(&r, "uri_too_long");
	fx_resp_free(&r);
}

/* Lines of the program's log that are access lines of GET /healthz 200. */
static int
healthz_lines(void *arg)
{
	char	 line[1024];
	FILE	*f;
	int	 n = 0;

	if ((f = fopen(arg, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, " info: GET /healthz 200 ") != NULL &&
		    strstr(line, "ms\n") != NULL && line[0] == '2')
			n++;
	fclose(f);
	return n;
}

static int	 healthz_want;

static int
healthz_logged(void *arg)
{
	return healthz_lines(arg) >= healthz_want;
}

/*
 * Access lines are batched (util/log.h): each request still gets one whole
 * line, written within SG_LOG_BATCH_MS; no line is cut or merged.
 */
static void
test_access_log(void)
{
	struct fx_resp	 r;
	char		 path[700];
	int		 i, before;

	snprintf(path, sizeof(path), "%s/stretchgoal.log", FX->dir);
	CU_ASSERT_FATAL((before = healthz_lines(path)) >= 0);
	for (i = 0; i < 20; i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/healthz?probe=1", NULL,
		    NULL, 0, &r), 200);
		fx_resp_free(&r);
	}
	healthz_want = before + 20;
	CU_ASSERT_TRUE(fx_wait(5000, healthz_logged, path));
	usleep(300 * 1000);	/* and no more than one line each */
	CU_ASSERT_EQUAL(healthz_lines(path), before + 20);
}

struct worker_wait {
	struct fx	*fx;
	pid_t		 gone;
	int		 want;
};

static int
replaced(void *arg)
{
	struct worker_wait	*w = arg;
	pid_t			 p[16];
	int			 n, i;

	n = fx_workers(w->fx, p, 16);
	if (n != w->want)
		return 0;
	for (i = 0; i < n; i++)
		if (p[i] == w->gone)
			return 0;
	return 1;
}

static void
test_killed_worker_is_replaced(void)
{
	struct worker_wait	 w;
	struct fx_resp		 r;
	pid_t			 p[16];
	int			 n, i;

	n = fx_workers(FX, p, 16);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL_FATAL(kill(p[0], SIGKILL), 0);
	w.fx = FX;
	w.gone = p[0];
	w.want = 2;
	CU_ASSERT_TRUE_FATAL(fx_wait(5000, replaced, &w));
	/* And every worker answers. */
	for (i = 0; i < 10; i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/healthz", NULL, NULL, 0, &r), 200);
		fx_resp_free(&r);
	}
}

static int
healthy(void *arg)
{
	struct fx_resp	 r;
	int		 ok;

	ok = fx_http(arg, "GET", "/healthz", NULL, NULL, 0, &r) == 200;
	fx_resp_free(&r);
	return ok;
}

static void
test_database_down_503_then_recovery(void)
{
	struct fx_resp	 r;
	char		 h[64];
	int		 i;

	CU_ASSERT_TRUE_FATAL(healthy(FX));
	fx_mariadb_stop();
	/* Every worker notices, none crashes. */
	for (i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/healthz", NULL, NULL, 0, &r), 503);
		CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Retry-After", h, sizeof(h)));
		CU_ASSERT_PTR_NOT_NULL(r.json);
		fx_resp_free(&r);
	}
	pid_t	 before[16], after[16];
	int	 nb = fx_workers(FX, before, 16), na;
	fx_mariadb_start();
	CU_ASSERT_TRUE(fx_wait(10000, healthy, FX));
	for (i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/healthz", NULL, NULL, 0, &r), 200);
		fx_resp_free(&r);
	}
	na = fx_workers(FX, after, 16);
	CU_ASSERT_EQUAL(nb, 2);
	CU_ASSERT_EQUAL(na, 2);
	/* The same workers served throughout: nobody crashed. */
	CU_ASSERT_TRUE(na == nb && ((before[0] == after[0] && before[1] == after[1]) ||
	    (before[0] == after[1] && before[1] == after[0])));
}

static void
test_first_request_after_db_restart(void)
{
	static const char *const store[] = { "store", "create", "--handle",
	    "s1", "--name", "S", "--currency", "USD", NULL };
	static const char *const tok[] = { "token", "create", "--store", "s1", NULL };
	char		 out[512], err[512], auth[600];
	struct fx_resp	 r;
	size_t		 n;
	int		 i;

	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), store), 0);
	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), tok), 0);
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s\r\n", out);
	/* Every worker connects and answers. */
	for (i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/api/v1/campaigns", auth, NULL, 0, &r), 200);
		fx_resp_free(&r);
	}
	fx_mariadb_stop();
	fx_mariadb_start();
	/*
	 * The workers' connections are stale now; the first request on each
	 * reconnects and is served, not refused.
	 */
	for (i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/api/v1/campaigns", auth, NULL, 0, &r), 200);
		fx_resp_free(&r);
	}
}

/* --- a raw FastCGI client, to hold a request open across a SIGTERM -------- */

static void
fcgi_record(char *buf, size_t *len, int type, const void *data, size_t n)
{
	unsigned char	*h = (unsigned char *)buf + *len;

	h[0] = 1;
	h[1] = (unsigned char)type;
	h[2] = 0;
	h[3] = 1;
	h[4] = (unsigned char)(n >> 8);
	h[5] = (unsigned char)(n & 0xff);
	h[6] = 0;
	h[7] = 0;
	memcpy(h + 8, data, n);
	*len += 8 + n;
}

static void
fcgi_param(char *buf, size_t *len, const char *k, const char *v)
{
	size_t	 kl = strlen(k), vl = strlen(v);

	buf[(*len)++] = (char)kl;
	buf[(*len)++] = (char)vl;
	memcpy(buf + *len, k, kl);
	*len += kl;
	memcpy(buf + *len, v, vl);
	*len += vl;
}

static int
sock_gone(void *arg)
{
	return access(arg, F_OK) != 0;
}

static void
test_sigterm_finishes_request_in_flight(void)
{
	struct sockaddr_un	 sun;
	char			 params[512], rec[1024], resp[4096];
	size_t			 plen = 0, rlen = 0, got = 0;
	unsigned char		 begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
	ssize_t			 n;
	int			 fd, st;
	pid_t			 prog = FX->prog;

	fcgi_param(params, &plen, "REQUEST_METHOD", "GET");
	fcgi_param(params, &plen, "REQUEST_URI", "/healthz");
	fcgi_param(params, &plen, "CONTENT_LENGTH", "0");
	fcgi_record(rec, &rlen, 1, begin, sizeof(begin));	/* BEGIN_REQUEST */
	fcgi_record(rec, &rlen, 4, params, plen);		/* PARAMS */
	fcgi_record(rec, &rlen, 4, "", 0);			/* end of PARAMS */

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	CU_ASSERT_FATAL(strlen(FX->sock) < sizeof(sun.sun_path));
	memcpy(sun.sun_path, FX->sock, strlen(FX->sock) + 1);
	CU_ASSERT_NOT_EQUAL_FATAL(fd = socket(AF_UNIX, SOCK_STREAM, 0), -1);
	CU_ASSERT_EQUAL_FATAL(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	CU_ASSERT_EQUAL_FATAL(write(fd, rec, rlen), (ssize_t)rlen);
	usleep(200 * 1000);	/* a worker is now waiting for STDIN */

	CU_ASSERT_EQUAL_FATAL(kill(prog, SIGTERM), 0);
	usleep(300 * 1000);
	/* The supervisor waits for the request in flight. */
	CU_ASSERT_EQUAL(waitpid(prog, &st, WNOHANG), 0);

	rlen = 0;
	fcgi_record(rec, &rlen, 5, "", 0);			/* end of STDIN */
	CU_ASSERT_EQUAL_FATAL(write(fd, rec, rlen), (ssize_t)rlen);
	while (got < sizeof(resp) - 1 &&
	    (n = read(fd, resp + got, sizeof(resp) - 1 - got)) > 0)
		got += (size_t)n;
	resp[got] = '\0';
	close(fd);
	CU_ASSERT_PTR_NOT_NULL(memmem(resp, got, "Status: 200", 11));
	CU_ASSERT_PTR_NOT_NULL(memmem(resp, got, "{\"status\":\"ok\"}", 15));

	/* Then it stops, exits 0 and removes its socket. */
	CU_ASSERT_EQUAL(waitpid(prog, &st, 0), prog);
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CU_ASSERT_TRUE(fx_wait(2000, sock_gone, FX->sock));
	FX->prog = 0;
}

static void
test_sighup_reloads_with_new_workers(void)
{
	struct worker_wait	 w;
	pid_t			 p[16];
	FILE			*f;
	int			 n;

	n = fx_workers(FX, p, 16);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	/* Ask for three workers in the file, then reload. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(FX->conf, "a"));
	fputs("workers = 3\n", f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(kill(FX->prog, SIGHUP), 0);
	w.fx = FX;
	w.gone = p[0];
	w.want = 3;
	CU_ASSERT_TRUE(fx_wait(5000, replaced, &w));
	n = fx_workers(FX, p, 16);
	CU_ASSERT_EQUAL(n, 3);
	CU_ASSERT_TRUE(healthy(FX));

	/* A broken file is refused and the old configuration keeps serving. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(FX->conf, "a"));
	fputs("no_such_key = 1\n", f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(kill(FX->prog, SIGHUP), 0);
	usleep(300 * 1000);
	CU_ASSERT_EQUAL(fx_workers(FX, p, 16), 3);
	CU_ASSERT_TRUE(healthy(FX));
}

static void
test_bad_config_is_refused(void)
{
	char		 bin[600], conf[700], cmd[2048];
	FILE		*f;
	int		 st;

	snprintf(conf, sizeof(conf), "%s/bad.conf", FX->dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(conf, "w"));
	fputs("workers = many\n", f);
	fclose(f);
	snprintf(bin, sizeof(bin), "%s/stretchgoal", fx_builddir());
	snprintf(cmd, sizeof(cmd), "%s -t -c %s 2>%s/bad.err", bin, conf, FX->dir);
	st = system(cmd);
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	snprintf(cmd, sizeof(cmd), "%s -t -c %s >/dev/null 2>&1", bin, FX->conf);
	st = system(cmd);
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static const struct fx_case cases[] = {
	{ "healthz answers 200 with security headers", test_healthz_ok },
	{ "unknown paths are 404 in the JSON error shape", test_unknown_path_404 },
	{ "malformed requests are 400", test_malformed_request_400 },
	{ "wrong methods are 405 with Allow", test_wrong_method_405 },
	{ "bodies over nginx's limit are 413 JSON", test_body_too_large_413 },
	{ "bodies over the program's max_body are 413", test_program_body_cap_413 },
	{ "overlong paths are 414", test_long_path_414 },
	{ "one access log line per request", test_access_log },
	{ "a killed worker is replaced", test_killed_worker_is_replaced },
	{ "database down gives 503, then recovers", test_database_down_503_then_recovery },
	{ "the first request after a database restart is served",
	  test_first_request_after_db_restart },
	{ "SIGTERM finishes the request in flight", test_sigterm_finishes_request_in_flight },
	{ "SIGHUP reloads the configuration", test_sighup_reloads_with_new_workers },
	{ "a bad configuration is refused", test_bad_config_is_refused },
	{ NULL, NULL },
};

int
main(void)
{
	struct fx_opts	 opts = { 2, "max_body = 4096\n" };

	return fx_run("server", cases, &opts, 1);
}
