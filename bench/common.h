/*
 * common.h — shared by the benchmark programs (header-only; each bench is
 * one translation unit built by bench/run.sh against a release build).
 * Uses the test fixture for the servers: the program and nginx on free
 * ports against the MariaDB named by SG_TEST_MYSQL_DIR (run.sh starts a
 * durable one: innodb_flush_log_at_trx_commit=1).
 */
#ifndef SG_BENCH_COMMON_H
#define SG_BENCH_COMMON_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <mysql.h>

#include "fixture/fixture.h"
#include "oracle/load.h"

static char	bench_token[256];
static char	bench_headers[512];

static void bench_die(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
bench_die(const char *fmt, ...)
{
	va_list	 ap;

	fputs("bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Store "shop" (USD) and an API token. */
static void
bench_store(struct fx *fx)
{
	static const char *const store[] = { "store", "create", "--handle",
	    "shop", "--name", "Shop", "--currency", "USD", NULL };
	static const char *const tok[] = { "token", "create", "--store", "shop",
	    NULL };
	char	 out[512], err[512];
	size_t	 n;

	if (fx_ctl(fx, NULL, out, sizeof(out), err, sizeof(err), store) != 0 ||
	    fx_ctl(fx, NULL, out, sizeof(out), err, sizeof(err), tok) != 0)
		bench_die("stretchgoalctl: %s", err);
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	snprintf(bench_token, sizeof(bench_token), "%s", out);
	snprintf(bench_headers, sizeof(bench_headers), "Authorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\n", bench_token);
}

/* One API call that must answer want; returns the parsed body (caller frees). */
static cJSON *
bench_api(struct fx *fx, const char *method, const char *path, const char *body,
    int want)
{
	struct fx_resp	 r;
	cJSON		*j;

	if (fx_http(fx, method, path, bench_headers, body, body == NULL ? 0 :
	    strlen(body), &r) != want)
		bench_die("%s %s: status %d %s", method, path, r.status,
		    r.body != NULL ? r.body : "");
	j = r.json;
	r.json = NULL;
	fx_resp_free(&r);
	return j;
}

static void
bench_campaign(struct fx *fx, const char *slug, const char *kind, long long goal,
    const char *product)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"slug\":\"%s\",\"title\":\"%s\","
	    "\"goal_kind\":\"%s\",\"goal\":%lld,\"product_ids\":[\"%s\"],"
	    "\"status\":\"live\"}", slug, slug, kind, goal, product);
	cJSON_Delete(bench_api(fx, "POST", "/api/v1/campaigns", body, 201));
}

static void
bench_milestone(struct fx *fx, const char *slug, long long target,
    const char *scope, const char *gift)
{
	char	 body[512], path[128];

	snprintf(path, sizeof(path), "/api/v1/campaigns/%s/milestones", slug);
	snprintf(body, sizeof(body), "{\"target\":%lld,\"title\":\"at %lld\","
	    "\"before_text\":\"b\",\"after_text\":\"a\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"%s\",\"scope\":\"%s\"}", target, target, gift,
	    scope);
	cJSON_Delete(bench_api(fx, "POST", path, body, 201));
}

/* utime + stime of pid in microseconds (0: not readable). */
static int64_t
bench_cpu_us(pid_t pid)
{
	char		 path[64], buf[1024], *p;
	unsigned long	 ut = 0, st = 0;
	FILE		*f;
	size_t		 len;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	/* After the command's ")": state is field 3, utime 14, stime 15. */
	if ((p = strrchr(buf, ')')) == NULL || sscanf(p + 2,
	    "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return 0;
	return (int64_t)(ut + st) * 1000000 / sysconf(_SC_CLK_TCK);
}

/* The CPU time of the bench's mariadbd (its pid file in SG_TEST_MYSQL_DIR),
   in microseconds (0: not readable). */
static int64_t
bench_mariadbd_cpu_us(void)
{
	char	 path[512];
	long	 pid = 0;
	FILE	*f;
	int64_t	 v = 0;

	snprintf(path, sizeof(path), "%s/mariadbd.pid",
	    getenv("SG_TEST_MYSQL_DIR") != NULL ? getenv("SG_TEST_MYSQL_DIR") : ".");
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%ld", &pid) == 1)
			v = bench_cpu_us((pid_t)pid);
		fclose(f);
	}
	return v;
}

/* The host's steal time so far, all CPUs, in microseconds (the time a
   virtual machine's CPUs were ready to run and the hypervisor ran something
   else; 0: not readable). */
static int64_t
bench_steal_us(void)
{
	unsigned long long	 v[8];
	FILE			*f;
	int			 n;

	if ((f = fopen("/proc/stat", "r")) == NULL)
		return 0;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
	    &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	return n == 8 ? (int64_t)(v[7] * 1000000ULL /
	    (unsigned long long)sysconf(_SC_CLK_TCK)) : 0;
}

/* Where a measurement started: the clock, mariadbd's CPU, the host's steal. */
struct bench_mark {
	int64_t	 t_us, cpu_us, steal_us;
};

static void
bench_mark_now(struct bench_mark *m)
{
	m->t_us = ld_now_us();
	m->cpu_us = bench_mariadbd_cpu_us();
	m->steal_us = bench_steal_us();
}

/* What passed since m (each field a difference). */
static struct bench_mark
bench_mark_since(const struct bench_mark *m)
{
	struct bench_mark	 now, d;

	bench_mark_now(&now);
	d.t_us = now.t_us - m->t_us;
	d.cpu_us = now.cpu_us - m->cpu_us;
	d.steal_us = now.steal_us - m->steal_us;
	return d;
}

/* A connection to the instance's database. */
static MYSQL *
bench_db(struct fx *fx)
{
	char		 sock[600];
	const char	*dir = getenv("SG_TEST_MYSQL_DIR");
	MYSQL		*my;

	if (dir == NULL)
		bench_die("SG_TEST_MYSQL_DIR is not set (run bench/run.sh)");
	snprintf(sock, sizeof(sock), "%s/mysqld.sock", dir);
	if ((my = mysql_init(NULL)) == NULL)
		bench_die("mysql_init");
	mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(my, "localhost", "root", "", fx->dbname, 0, sock,
	    0) == NULL)
		bench_die("connect: %s", mysql_error(my));
	/* The program's session (db/db.c): UTC, READ COMMITTED. */
	if (mysql_query(my, "SET time_zone = '+00:00'") != 0 ||
	    mysql_query(my, "SET SESSION TRANSACTION ISOLATION LEVEL "
	    "READ COMMITTED") != 0)
		bench_die("%s", mysql_error(my));
	return my;
}

static void
bench_q(MYSQL *my, const char *sql)
{
	MYSQL_RES	*res;

	if (mysql_query(my, sql) != 0)
		bench_die("%s: %s", sql, mysql_error(my));
	if ((res = mysql_store_result(my)) != NULL)
		mysql_free_result(res);
}

static int
bench_i64_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* p-th percentile of v[0..n-1] (sorts v). */
static int64_t
bench_pct(int64_t *v, size_t n, double p)
{
	size_t	 k;

	if (n == 0)
		return -1;
	qsort(v, n, sizeof(*v), bench_i64_cmp);
	k = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[k < n ? k : n - 1];
}

#endif
