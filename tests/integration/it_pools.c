/*
 * it_pools.c — the two worker pools and GET /metrics (docs/operations.md).
 *
 * Public pages are served by the public pool, the pipeline by the private
 * one (each pool's own request counter moves); a public worker that dies
 * is replaced in the public pool; SIGHUP replaces both pools.  /metrics
 * counts requests by route and status, latency, orders; nginx refuses it
 * from an address outside the allow list (a client bound to 127.0.0.2),
 * and so does the program (a FastCGI request with another REMOTE_ADDR).
 * SIGTERM drains both pools, also with kept-open FastCGI connections
 * (upstream keep-alive): an idle one is closed, one in flight answered.
 */
#include "config.h"

#include <sys/socket.h>
#include <poll.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "it_api_util.h"

#define FX	fx_current

/* The supervisor's children named "sg-public" (the public pool). */
static int
public_workers(struct fx *fx, pid_t *pids, int max)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[300], buf[512], *p;
	FILE		*f;
	long		 ppid;
	int		 n = 0;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < max) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(buf, sizeof(buf), f) != NULL &&
		    strstr(buf, "(sg-public)") != NULL &&
		    (p = strrchr(buf, ')')) != NULL &&
		    sscanf(p + 1, " %*c %ld", &ppid) == 1 && ppid == fx->prog)
			pids[n++] = (pid_t)atol(de->d_name);
		fclose(f);
	}
	closedir(d);
	return n;
}

static char	 scrape[1 << 20];

/* GET /metrics through nginx into scrape; returns the status. */
static int
get_metrics(void)
{
	struct fx_resp	 r;
	char		 ct[128];
	int		 st;

	st = fx_http(FX, "GET", "/metrics", NULL, NULL, 0, &r);
	scrape[0] = '\0';
	if (r.body != NULL)
		snprintf(scrape, sizeof(scrape), "%s", r.body);
	if (st == 200) {
		CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Content-Type", ct, sizeof(ct)));
		CU_ASSERT_PTR_NOT_NULL(strstr(ct, "text/plain; version=0.0.4"));
	}
	fx_resp_free(&r);
	return st;
}

/* The value of the sample whose name and labels are exactly series, or -1. */
static double
sample(const char *series)
{
	const char	*p = scrape;
	size_t		 n = strlen(series);

	while ((p = strstr(p, series)) != NULL) {
		if ((p == scrape || p[-1] == '\n') && p[n] == ' ')
			return atof(p + n + 1);
		p += n;
	}
	return -1;
}

static int
order(const char *id, struct fx_resp *r)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"id\":\"%s\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"c-%s\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":1,\"price\":1000}]}", id, id);
	return api_order(body, r);
}

static void
test_metrics_count_requests(void)
{
	struct fx_resp	 r;
	double		 pub0, priv0, v;
	int		 i;

	api_stores();
	api_campaign("m1", "units", 100);
	CU_ASSERT_EQUAL_FATAL(get_metrics(), 200);
	pub0 = sample("stretchgoal_pool_requests_total{pool=\"public\"}");
	priv0 = sample("stretchgoal_pool_requests_total{pool=\"private\"}");
	CU_ASSERT_TRUE(pub0 >= 0);
	CU_ASSERT_TRUE(priv0 >= 1);	/* the campaign's POST at least */

	CU_ASSERT_EQUAL(order("o-1", NULL), 201);
	CU_ASSERT_EQUAL(order("o-1", NULL), 200);	/* a duplicate */
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/api/v1/public/acme/m1", NULL,
		    NULL, 0, &r), 200);
		fx_resp_free(&r);
	}
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/acme/m1", NULL, NULL, 0, &r), 200);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/no/such/page", NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);

	CU_ASSERT_EQUAL_FATAL(get_metrics(), 200);
	CU_ASSERT_EQUAL(sample("stretchgoal_requests_total{method=\"GET\","
	    "route=\"/api/v1/public/*/*\",status=\"200\"}"), 3);
	CU_ASSERT_EQUAL(sample("stretchgoal_requests_total{method=\"GET\","
	    "route=\"/w/*/*\",status=\"200\"}"), 1);
	CU_ASSERT_EQUAL(sample("stretchgoal_requests_total{method=\"POST\","
	    "route=\"/api/v1/orders\",status=\"201\"}"), 1);
	CU_ASSERT_EQUAL(sample("stretchgoal_requests_total{method=\"POST\","
	    "route=\"/api/v1/orders\",status=\"200\"}"), 1);
	CU_ASSERT_EQUAL(sample("stretchgoal_requests_total{method=\"\","
	    "route=\"unmatched\",status=\"404\"}"), 1);
	CU_ASSERT_EQUAL(sample("stretchgoal_orders_total{result=\"created\"}"), 1);
	CU_ASSERT_EQUAL(sample("stretchgoal_orders_total{result=\"duplicate\"}"), 1);
	/* The histogram: every public answer is under +Inf, the sum moved. */
	CU_ASSERT_EQUAL(sample("stretchgoal_request_duration_seconds_bucket{"
	    "method=\"GET\",route=\"/api/v1/public/*/*\",le=\"+Inf\"}"), 3);
	CU_ASSERT_EQUAL(sample("stretchgoal_request_duration_seconds_count{"
	    "method=\"GET\",route=\"/api/v1/public/*/*\"}"), 3);
	v = sample("stretchgoal_request_duration_seconds_sum{"
	    "method=\"GET\",route=\"/api/v1/public/*/*\"}");
	CU_ASSERT_TRUE(v > 0 && v < 30);
	CU_ASSERT_TRUE(sample("stretchgoal_request_duration_seconds_bucket{"
	    "method=\"GET\",route=\"/api/v1/public/*/*\",le=\"10\"}") <= 3);
	/* The public pool served the 4 public pages, the private one the rest. */
	CU_ASSERT_EQUAL(sample("stretchgoal_pool_requests_total{pool=\"public\"}"),
	    pub0 + 4);
	CU_ASSERT_TRUE(sample("stretchgoal_pool_requests_total{pool=\"private\"}") >=
	    priv0 + 4);
	CU_ASSERT_EQUAL(sample("stretchgoal_pool_workers{pool=\"public\"}"), 2);
	CU_ASSERT_EQUAL(sample("stretchgoal_pool_workers{pool=\"private\"}"), 2);
	/* This scrape is the one request in flight in the private pool. */
	CU_ASSERT_EQUAL(sample("stretchgoal_pool_busy_workers{pool=\"private\"}"), 1);
	CU_ASSERT_EQUAL(sample("stretchgoal_pool_busy_workers{pool=\"public\"}"), 0);
	/* Nothing waits in the queues now; their limit is the backlog. */
	CU_ASSERT_EQUAL(sample("stretchgoal_pool_queue_depth{pool=\"public\"}"), 0);
	CU_ASSERT_EQUAL(sample("stretchgoal_pool_queue_depth{pool=\"private\"}"), 0);
	CU_ASSERT_TRUE(sample("stretchgoal_pool_queue_limit{pool=\"public\"}") >= 128);
	CU_ASSERT_EQUAL(sample("stretchgoal_db_retries_total{cause=\"deadlock\"}"), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(scrape,
	    "# TYPE stretchgoal_request_duration_seconds histogram\n"));
	/* The first scrape is counted by the second. */
	CU_ASSERT_TRUE(sample("stretchgoal_requests_total{method=\"GET\","
	    "route=\"/metrics\",status=\"200\"}") == 1);
}

/* nginx: a client from 127.0.0.2 (not in the allow list) gets 403. */
static void
test_metrics_refused_by_nginx(void)
{
	struct sockaddr_in	 src, dst;
	const char		*req = "GET /metrics HTTP/1.1\r\nHost: x\r\n"
				    "Connection: close\r\n\r\n";
	char			 buf[4096];
	size_t			 got = 0;
	ssize_t			 n;
	int			 fd;

	memset(&src, 0, sizeof(src));
	src.sin_family = AF_INET;
	src.sin_addr.s_addr = inet_addr("127.0.0.2");
	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	dst.sin_port = htons((uint16_t)FX->port);
	dst.sin_addr.s_addr = inet_addr("127.0.0.1");
	CU_ASSERT_NOT_EQUAL_FATAL(fd = socket(AF_INET, SOCK_STREAM, 0), -1);
	CU_ASSERT_EQUAL_FATAL(bind(fd, (struct sockaddr *)&src, sizeof(src)), 0);
	CU_ASSERT_EQUAL_FATAL(connect(fd, (struct sockaddr *)&dst, sizeof(dst)), 0);
	CU_ASSERT_EQUAL_FATAL(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	while (got < sizeof(buf) - 1 &&
	    (n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(fd);
	CU_ASSERT_EQUAL(strncmp(buf, "HTTP/1.1 403", 12), 0);
	CU_ASSERT_PTR_NULL(strstr(buf, "stretchgoal_"));
	/* From loopback it answers. */
	CU_ASSERT_EQUAL(get_metrics(), 200);
}

/* --- a raw FastCGI client ------------------------------------------------ */

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

/*
 * GET path straight from the program's socket with REMOTE_ADDR addr.  The
 * answer's records, with their headers blanked (no NUL), go into resp.
 */
static void
fcgi_get(const char *sock, const char *path, const char *addr, char *resp,
    size_t size)
{
	struct sockaddr_un	 sun;
	char			 params[512], rec[1024];
	size_t			 plen = 0, rlen = 0, got = 0;
	unsigned char		 begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
	ssize_t			 n;
	int			 fd;

	fcgi_param(params, &plen, "REQUEST_METHOD", "GET");
	fcgi_param(params, &plen, "REQUEST_URI", path);
	fcgi_param(params, &plen, "REMOTE_ADDR", addr);
	fcgi_param(params, &plen, "CONTENT_LENGTH", "0");
	fcgi_record(rec, &rlen, 1, begin, sizeof(begin));
	fcgi_record(rec, &rlen, 4, params, plen);
	fcgi_record(rec, &rlen, 4, "", 0);
	fcgi_record(rec, &rlen, 5, "", 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	CU_ASSERT_FATAL(strlen(sock) < sizeof(sun.sun_path));
	memcpy(sun.sun_path, sock, strlen(sock) + 1);
	CU_ASSERT_NOT_EQUAL_FATAL(fd = socket(AF_UNIX, SOCK_STREAM, 0), -1);
	CU_ASSERT_EQUAL_FATAL(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	CU_ASSERT_EQUAL_FATAL(write(fd, rec, rlen), (ssize_t)rlen);
	while (got < size - 1 && (n = read(fd, resp + got, size - 1 - got)) > 0)
		got += (size_t)n;
	resp[got] = '\0';
	close(fd);
	for (n = 0; (size_t)n < got; n++)
		if (resp[n] == '\0')
			resp[n] = ' ';
}

/* The program: REMOTE_ADDR outside metrics_allow is a 404. */
static void
test_metrics_refused_by_program(void)
{
	static char	 resp[1 << 18];

	fcgi_get(FX->sock, "/metrics", "203.0.113.7", resp, sizeof(resp));
	CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Status: 404"));
	CU_ASSERT_PTR_NULL(strstr(resp, "stretchgoal_"));
	fcgi_get(FX->sock, "/metrics", "127.0.0.10", resp, sizeof(resp));
	CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Status: 404"));
	fcgi_get(FX->sock, "/metrics", "", resp, sizeof(resp));
	CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Status: 404"));
	fcgi_get(FX->sock, "/metrics", "::1", resp, sizeof(resp));
	CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Status: 200"));
	CU_ASSERT_PTR_NOT_NULL(strstr(resp, "stretchgoal_requests_total"));
	/* Either pool answers it, with the same totals. */
	fcgi_get(FX->sock, "/metrics", "127.0.0.1", resp, sizeof(resp));
	CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Status: 200"));
}

/* A configured address is let in by the program. */
static void
test_metrics_allow_configured(void)
{
	static char	 resp[1 << 18];
	struct fx_opts	 opts = { 1, "metrics_allow = 10.1.2.3 192.0.2.9\n" };
	struct fx	*fx;

	fx = fx_start(&opts);
	fcgi_get(fx->sock, "/metrics", "192.0.2.9", resp, sizeof(resp));
	CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Status: 200"));
	fcgi_get(fx->sock, "/metrics", "127.0.0.1", resp, sizeof(resp));
	CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Status: 404"));
	fx_stop(fx);
}

struct pool_wait {
	struct fx	*fx;
	pid_t		 old[16];
	int		 nold, want;
};

/* The public pool has want workers and none of the old ones. */
static int
public_replaced(void *arg)
{
	struct pool_wait	*w = arg;
	pid_t			 p[16];
	int			 n, i, j;

	if ((n = public_workers(w->fx, p, 16)) != w->want)
		return 0;
	for (i = 0; i < n; i++)
		for (j = 0; j < w->nold; j++)
			if (p[i] == w->old[j])
				return 0;
	return 1;
}

static void
test_dead_public_worker_replaced_in_its_pool(void)
{
	struct pool_wait	 w;
	struct fx_resp		 r;
	pid_t			 priv[16], priv2[16], pub[16], pub2[16];
	int			 n, i;

	api_stores();
	api_campaign("k1", "units", 10);
	n = fx_workers(FX, priv, 16);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	w.fx = FX;
	w.want = 2;
	CU_ASSERT_EQUAL_FATAL(public_workers(FX, w.old, 16), 2);
	w.nold = 1;
	CU_ASSERT_EQUAL_FATAL(kill(w.old[0], SIGKILL), 0);
	CU_ASSERT_TRUE_FATAL(fx_wait(5000, public_replaced, &w));
	/* The private pool is untouched. */
	CU_ASSERT_EQUAL(fx_workers(FX, priv2, 16), 2);
	CU_ASSERT_TRUE((priv[0] == priv2[0] && priv[1] == priv2[1]) ||
	    (priv[0] == priv2[1] && priv[1] == priv2[0]));
	for (i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/api/v1/public/acme/k1", NULL,
		    NULL, 0, &r), 200);
		fx_resp_free(&r);
	}
	/* And a dead private worker comes back as a private one. */
	CU_ASSERT_EQUAL_FATAL(public_workers(FX, pub, 16), 2);
	CU_ASSERT_EQUAL_FATAL(kill(priv[0], SIGKILL), 0);
	for (i = 0; i < 50; i++) {
		n = fx_workers(FX, priv2, 16);
		if (n == 2 && priv2[0] != priv[0] && priv2[1] != priv[0])
			break;
		usleep(100 * 1000);
	}
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_TRUE(priv2[0] != priv[0] && priv2[1] != priv[0]);
	CU_ASSERT_EQUAL(public_workers(FX, pub2, 16), 2);
	CU_ASSERT_TRUE((pub[0] == pub2[0] && pub[1] == pub2[1]) ||
	    (pub[0] == pub2[1] && pub[1] == pub2[0]));
}

static void
test_sighup_replaces_both_pools(void)
{
	struct pool_wait	 w;
	pid_t			 priv[16], now[16];
	FILE			*f;
	int			 n, i, j, same = 0;

	CU_ASSERT_EQUAL_FATAL(fx_workers(FX, priv, 16), 2);
	w.fx = FX;
	w.nold = public_workers(FX, w.old, 16);
	CU_ASSERT_EQUAL_FATAL(w.nold, 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(FX->conf, "a"));
	fputs("public_workers = 3\n", f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(kill(FX->prog, SIGHUP), 0);
	w.want = 3;
	CU_ASSERT_TRUE_FATAL(fx_wait(5000, public_replaced, &w));
	/* The private pool is new too (same size). */
	for (i = 0; i < 50; i++) {
		n = fx_workers(FX, now, 16);
		same = 0;
		for (j = 0; j < n; j++)
			same += now[j] == priv[0] || now[j] == priv[1];
		if (n == 2 && same == 0)
			break;
		usleep(100 * 1000);
	}
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(same, 0);
	CU_ASSERT_EQUAL_FATAL(get_metrics(), 200);
	CU_ASSERT_EQUAL(sample("stretchgoal_pool_workers{pool=\"public\"}"), 3);
}

static int
sock_gone(void *arg)
{
	return access(arg, F_OK) != 0;
}

/*
 * SIGTERM drains both pools: a request held open in the public pool is
 * finished, then the supervisor exits 0 and removes both sockets.
 */
static void
test_sigterm_drains_both_pools(void)
{
	struct sockaddr_un	 sun;
	char			 params[512], rec[1024], resp[4096], pub[700];
	size_t			 plen = 0, rlen = 0, got = 0;
	unsigned char		 begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
	pid_t			 prog = FX->prog, p[16];
	ssize_t			 n;
	int			 fd, st;

	snprintf(pub, sizeof(pub), "%s/stretchgoal-public.sock", FX->dir);
	fcgi_param(params, &plen, "REQUEST_METHOD", "GET");
	fcgi_param(params, &plen, "REQUEST_URI", "/healthz");
	fcgi_param(params, &plen, "CONTENT_LENGTH", "0");
	fcgi_record(rec, &rlen, 1, begin, sizeof(begin));
	fcgi_record(rec, &rlen, 4, params, plen);
	fcgi_record(rec, &rlen, 4, "", 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	CU_ASSERT_FATAL(strlen(pub) < sizeof(sun.sun_path));
	memcpy(sun.sun_path, pub, strlen(pub) + 1);
	CU_ASSERT_NOT_EQUAL_FATAL(fd = socket(AF_UNIX, SOCK_STREAM, 0), -1);
	CU_ASSERT_EQUAL_FATAL(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	CU_ASSERT_EQUAL_FATAL(write(fd, rec, rlen), (ssize_t)rlen);
	usleep(200 * 1000);	/* a public worker now waits for STDIN */

	CU_ASSERT_EQUAL_FATAL(kill(prog, SIGTERM), 0);
	usleep(300 * 1000);
	CU_ASSERT_EQUAL(waitpid(prog, &st, WNOHANG), 0);
	/* The idle workers are gone; the busy public one is still there. */
	CU_ASSERT_EQUAL(fx_workers(FX, p, 16), 0);
	CU_ASSERT_EQUAL(public_workers(FX, p, 16), 1);

	rlen = 0;
	fcgi_record(rec, &rlen, 5, "", 0);
	CU_ASSERT_EQUAL_FATAL(write(fd, rec, rlen), (ssize_t)rlen);
	while (got < sizeof(resp) - 1 &&
	    (n = read(fd, resp + got, sizeof(resp) - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	CU_ASSERT_PTR_NOT_NULL(memmem(resp, got, "Status: 200", 11));

	CU_ASSERT_EQUAL(waitpid(prog, &st, 0), prog);
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CU_ASSERT_TRUE(fx_wait(2000, sock_gone, FX->sock));
	CU_ASSERT_TRUE(fx_wait(2000, sock_gone, pub));
	FX->prog = 0;
}

/* Connect to the unix socket path. */
static int
unix_connect(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	CU_ASSERT_FATAL(strlen(path) < sizeof(sun.sun_path));
	memcpy(sun.sun_path, path, strlen(path) + 1);
	CU_ASSERT_NOT_EQUAL_FATAL(fd = socket(AF_UNIX, SOCK_STREAM, 0), -1);
	CU_ASSERT_EQUAL_FATAL(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	return fd;
}

/*
 * Send the begin record (FCGI_KEEP_CONN set) and the params of GET path on
 * fd; with stdin_end, the empty STDIN record too (the request is complete).
 */
static void
fcgi_send_keep(int fd, const char *path, int stdin_end)
{
	char		 params[512], rec[1024];
	size_t		 plen = 0, rlen = 0;
	unsigned char	 begin[8] = { 0, 1, 1, 0, 0, 0, 0, 0 };

	fcgi_param(params, &plen, "REQUEST_METHOD", "GET");
	fcgi_param(params, &plen, "REQUEST_URI", path);
	fcgi_param(params, &plen, "CONTENT_LENGTH", "0");
	fcgi_record(rec, &rlen, 1, begin, sizeof(begin));
	fcgi_record(rec, &rlen, 4, params, plen);
	fcgi_record(rec, &rlen, 4, "", 0);
	if (stdin_end)
		fcgi_record(rec, &rlen, 5, "", 0);
	CU_ASSERT_EQUAL_FATAL(write(fd, rec, rlen), (ssize_t)rlen);
}

/* Read exactly n bytes; returns 0, or -1 on EOF or an error. */
static int
read_full(int fd, void *buf, size_t n)
{
	size_t	 got = 0;
	ssize_t	 r;

	while (got < n) {
		if ((r = read(fd, (char *)buf + got, n - got)) <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/*
 * Read records up to FCGI_END_REQUEST (the connection stays open); the
 * STDOUT bytes go into out.  Returns 0, or -1 when the connection ended
 * first.
 */
static int
fcgi_read_answer(int fd, char *out, size_t size)
{
	unsigned char	 h[8];
	char		 content[65536 + 256];
	size_t		 len, pad, got = 0;

	out[0] = '\0';
	for (;;) {
		if (read_full(fd, h, 8) == -1)
			return -1;
		len = (size_t)h[4] << 8 | h[5];
		pad = h[6];
		if (read_full(fd, content, len + pad) == -1)
			return -1;
		if (h[1] == 6 && got + len < size) {	/* STDOUT */
			memcpy(out + got, content, len);
			got += len;
			out[got] = '\0';
		}
		if (h[1] == 3)				/* END_REQUEST */
			return 0;
	}
}

/* The log file holds the string. */
static int
log_has(const char *path, const char *what)
{
	static char	 buf[1 << 20];
	size_t		 n;
	FILE		*f;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strstr(buf, what) != NULL;
}

/*
 * With upstream keep-alive, SIGTERM still drains cleanly: nginx holds a
 * kept public connection, a client holds another one idle (two requests
 * answered on it: FCGI_KEEP_CONN is honoured), and a third one has a
 * request in flight.  The request in flight is answered, the idle kept
 * connection is closed by the program (EOF), and the supervisor exits 0
 * without having to kill a worker.
 */
static void
test_sigterm_with_kept_connections(void)
{
	struct fx_opts	 opts = { 1, NULL };
	struct fx	*fx;
	struct fx_resp	 r;
	struct pollfd	 pfd;
	char		 pub[700], logp[700], out[8192], c;
	pid_t		 prog;
	int		 idle, busy, st;

	fx = fx_start(&opts);
	prog = fx->prog;
	snprintf(pub, sizeof(pub), "%s/stretchgoal-public.sock", fx->dir);
	snprintf(logp, sizeof(logp), "%s/stretchgoal.log", fx->dir);
	/* nginx keeps this one in its upstream keep-alive pool. */
	CU_ASSERT_EQUAL(fx_http(fx, "GET", "/api/v1/public/acme/none", NULL,
	    NULL, 0, &r), 404);
	fx_resp_free(&r);

	idle = unix_connect(pub);
	fcgi_send_keep(idle, "/healthz", 1);
	CU_ASSERT_EQUAL_FATAL(fcgi_read_answer(idle, out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Status: 200"));
	fcgi_send_keep(idle, "/healthz", 1);
	CU_ASSERT_EQUAL_FATAL(fcgi_read_answer(idle, out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Status: 200"));

	busy = unix_connect(pub);
	fcgi_send_keep(busy, "/healthz", 0);
	usleep(200 * 1000);	/* a public worker now waits for STDIN */

	CU_ASSERT_EQUAL_FATAL(kill(prog, SIGTERM), 0);
	usleep(300 * 1000);
	CU_ASSERT_EQUAL(waitpid(prog, &st, WNOHANG), 0);	/* draining */
	/* The request in flight is finished... */
	{
		char		 rec[16];
		size_t		 rlen = 0;

		fcgi_record(rec, &rlen, 5, "", 0);
		CU_ASSERT_EQUAL_FATAL(write(busy, rec, rlen), (ssize_t)rlen);
	}
	CU_ASSERT_EQUAL(fcgi_read_answer(busy, out, sizeof(out)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Status: 200"));
	/* ...and the program closes both kept connections. */
	pfd.fd = busy;
	pfd.events = POLLIN;
	CU_ASSERT_EQUAL(poll(&pfd, 1, 10000), 1);
	CU_ASSERT_EQUAL(read(busy, &c, 1), 0);
	pfd.fd = idle;
	CU_ASSERT_EQUAL(poll(&pfd, 1, 10000), 1);
	CU_ASSERT_EQUAL(read(idle, &c, 1), 0);

	CU_ASSERT_EQUAL(waitpid(prog, &st, 0), prog);
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CU_ASSERT_FALSE(log_has(logp, "did not stop"));
	CU_ASSERT_TRUE(log_has(logp, "stopped"));
	close(idle);
	close(busy);
	fx->prog = 0;
	fx_stop(fx);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "metrics count requests by route, status, pool", test_metrics_count_requests },
		{ "nginx refuses /metrics outside the allow list", test_metrics_refused_by_nginx },
		{ "the program refuses /metrics by REMOTE_ADDR", test_metrics_refused_by_program },
		{ "metrics_allow lets a configured address in", test_metrics_allow_configured },
		{ "a dead worker is replaced in its own pool", test_dead_public_worker_replaced_in_its_pool },
		{ "SIGHUP replaces both pools", test_sighup_replaces_both_pools },
		{ "SIGTERM with kept-open connections drains", test_sigterm_with_kept_connections },
		{ "SIGTERM drains both pools", test_sigterm_drains_both_pools },
		{ NULL, NULL },
	};
	struct fx_opts	 opts = { 2, NULL };

	return fx_run("pools", cases, &opts, 1);
}
