/*
 * bench_dashboard.c — benchmark (c): the admin dashboard with its picture
 * of the campaign (issue 12 item 9), whose aggregates read every
 * active contribution of the campaign on each view.
 *
 *   bench_dashboard [orders] [requests]   (100000 20)
 *
 * 1. A money campaign over 30 days with `orders` orders (made in SQL, by a
 *    third as many backers, spread over the days) and an empty one.
 * 2. Through nginx, signed in: `requests` sequential GETs of each dashboard;
 *    p50 and p90.
 * 3. The limit for the chart's part, in the same run: the two statements
 *    of db/stats.c (SQL_STATS_BUCKETS with the new backers, and
 *    SQL_STATS_FUNDED_AT) run directly on the database, `requests` times;
 *    p50 (each alone, as text with literals and prepared with bound
 *    parameters as the program runs them, and both together); for scale,
 *    the page's recent-orders read.
 *
 * Prints the figures and the ratio (dashboard p50 − empty dashboard p50) /
 * raw p50: what the page adds over its statistics' SQL.  Run through
 * bench/run.sh dashboard (release build, durable MariaDB).
 */
#include "config.h"

#include <stdint.h>

#include "common.h"
#include "db/sql.h"
#include "integration/it_admin_util.h"

static const char *const sql_text[] = {
#define X(name, text) [name] = text,
	SG_SQL_ALL
#undef X
};

/* q with each '?' replaced by the next of vals (SQL literals). */
static void
bind_text(const char *q, const char *const *vals, char *dst, size_t size)
{
	size_t	 o = 0, k = 0;

	for (; *q != '\0' && o + 1 < size; q++) {
		if (*q == '?') {
			o += (size_t)snprintf(dst + o, size - o, "%s", vals[k++]);
			if (o >= size)
				o = size - 1;
		} else
			dst[o++] = *q;
	}
	dst[o] = '\0';
}

/*
 * Statement q prepared with '?' parameters bound as the db layer binds them
 * (s: MYSQL_TYPE_STRING, i: MYSQL_TYPE_LONGLONG), executed n times; p50 µs.
 */
static int64_t
prepared_p50(MYSQL *my, const char *q, const char *types, const char *const *sv,
    const long long *iv, int n)
{
	MYSQL_STMT	*st = mysql_stmt_init(my);
	MYSQL_BIND	 b[8];
	int64_t		*t = calloc((size_t)n, sizeof(*t)), t0, p;
	size_t		 k, np = strlen(types);
	unsigned long	 len[8];
	int		 i;

	if (st == NULL || t == NULL || np > 8 || mysql_stmt_prepare(st, q, strlen(q)) != 0)
		bench_die("prepare: %s", mysql_error(my));
	memset(b, 0, sizeof(b));
	for (k = 0; k < np; k++) {
		if (types[k] == 's') {
			b[k].buffer_type = MYSQL_TYPE_STRING;
			b[k].buffer = (void *)sv[k];
			len[k] = strlen(sv[k]);
			b[k].length = &len[k];
		} else {
			b[k].buffer_type = MYSQL_TYPE_LONGLONG;
			b[k].buffer = (void *)&iv[k];
		}
	}
	if (mysql_stmt_bind_param(st, b) != 0)
		bench_die("bind: %s", mysql_stmt_error(st));
	for (i = 0; i < n; i++) {
		t0 = ld_now_us();
		if (mysql_stmt_execute(st) != 0 || mysql_stmt_store_result(st) != 0)
			bench_die("execute: %s", mysql_stmt_error(st));
		mysql_stmt_free_result(st);
		t[i] = ld_now_us() - t0;
	}
	p = bench_pct(t, (size_t)n, 50);
	free(t);
	mysql_stmt_close(st);
	return p;
}

/* p50 and p90 (µs) of n sequential GETs of path. */
static void
page_times(struct adm *a, const char *path, int n, int64_t *p50, int64_t *p90)
{
	struct fx_resp	 r;
	int64_t		*t = calloc((size_t)n, sizeof(*t)), t0;
	int		 i;

	if (t == NULL)
		bench_die("no memory");
	for (i = 0; i < n; i++) {
		t0 = ld_now_us();
		if (adm_get(a, path, &r) != 200)
			bench_die("GET %s: %d", path, r.status);
		t[i] = ld_now_us() - t0;
		fx_resp_free(&r);
	}
	*p50 = bench_pct(t, (size_t)n, 50);
	*p90 = bench_pct(t, (size_t)n, 90);
	free(t);
}

int
main(int argc, char **argv)
{
	int		 orders = argc > 1 ? atoi(argv[1]) : 100000;
	int		 n = argc > 2 ? atoi(argv[2]) : 20, i;
	const char	*tokargv[] = { "token", "create", "--store", "acme", NULL };
	struct fx	*fx;
	struct adm	 a;
	MYSQL		*my;
	char		 out[512], err[512], sql[4096], q[2][4096], id[32], origin[64];
	const char	*vals[5];
	int64_t		 cid, p50, p90, e50, e90, *raw, t0, raw50, one50[2], recent50, prep50, prepf50;
	int		 k;
	size_t		 len;

	if (orders < 1 || n < 1 || orders > 10000000 || n > 10000)
		bench_die("usage: bench_dashboard [orders 1…10^7] [requests 1…10^4]");
	if ((fx = fx_start(NULL)) == NULL)
		bench_die("fx_start");
	fx_current = fx;
	adm_stores();
	if (adm_login(&a, "ana@acme.test", ADM_PASSWORD) != 303 ||
	    fx_ctl(fx, NULL, out, sizeof(out), err, sizeof(err), tokargv) != 0)
		bench_die("sign-in or token: %s", err);
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	snprintf(bench_headers, sizeof(bench_headers), "Authorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\n", out);
	bench_campaign(fx, "big", "money", 100000000, "p-1");
	bench_campaign(fx, "empty", "money", 100000000, "p-1");
	for (i = 1; i <= 5; i++)
		bench_milestone(fx, "big", (long long)i * 20000000, "all", "g-1");
	my = bench_db(fx);
	bench_q(my, "UPDATE campaigns SET starts_at = UTC_TIMESTAMP() - INTERVAL 30 DAY, "
	    "ends_at = UTC_TIMESTAMP() + INTERVAL 10 DAY");
	snprintf(sql, sizeof(sql), "INSERT INTO orders (store_id, external_id, backer, "
	    "placed_at, currency, fingerprint, response) SELECT s.id, CONCAT('x', seq), "
	    "CONCAT('b', seq %% %d), UTC_TIMESTAMP() - INTERVAL (seq * 2592000 DIV %d) SECOND, "
	    "'USD', UNHEX(SHA2(seq, 256)), '' FROM seq_1_to_%d, stores s "
	    "WHERE s.handle = 'acme'", orders / 3 + 1, orders, orders);
	t0 = ld_now_us();
	bench_q(my, sql);
	bench_q(my, "INSERT INTO order_campaigns (order_id, campaign_id, backer, units, "
	    "amount, counted_seq) SELECT o.id, c.id, o.backer, 1, 1000 + o.id % 9000, o.id "
	    "FROM orders o, campaigns c WHERE c.slug = 'big' AND o.external_id LIKE 'x%'");
	bench_q(my, "UPDATE campaigns c SET amount = (SELECT SUM(amount) FROM order_campaigns "
	    "WHERE campaign_id = c.id), orders = (SELECT COUNT(*) FROM order_campaigns "
	    "WHERE campaign_id = c.id), version = version + 1 WHERE c.slug = 'big'");
	bench_q(my, "ANALYZE TABLE orders, order_campaigns");
	printf("seeded %d orders in %.1f s\n", orders, (double)(ld_now_us() - t0) / 1e6);

	page_times(&a, "/admin/campaigns/empty", n, &e50, &e90);
	page_times(&a, "/admin/campaigns/big", n, &p50, &p90);

	cid = fx_sql_i64(fx, "SELECT id FROM campaigns WHERE slug = 'big'");
	snprintf(id, sizeof(id), "%lld", (long long)cid);
	fx_sql_str(fx, "SELECT CONCAT('''', starts_at, '''') FROM campaigns WHERE slug = 'big'",
	    origin, sizeof(origin));
	vals[0] = origin;
	vals[1] = "86400";
	vals[2] = "39";
	vals[3] = id;
	vals[4] = "40";
	bind_text(sql_text[SQL_STATS_BUCKETS], vals, q[0], sizeof(q[0]));
	vals[0] = "1";
	vals[1] = id;
	vals[2] = "100000000";
	bind_text(sql_text[SQL_STATS_FUNDED_AT], vals, q[1], sizeof(q[1]));
	if ((raw = calloc((size_t)n, sizeof(*raw))) == NULL)
		bench_die("no memory");
	/* Each statement alone, then both together (the limit). */
	for (k = 0; k < 2; k++) {
		for (i = 0; i < n; i++) {
			t0 = ld_now_us();
			bench_q(my, q[k]);
			raw[i] = ld_now_us() - t0;
		}
		one50[k] = bench_pct(raw, (size_t)n, 50);
	}
	for (i = 0; i < n; i++) {
		t0 = ld_now_us();
		bench_q(my, q[0]);
		bench_q(my, q[1]);
		raw[i] = ld_now_us() - t0;
	}
	raw50 = bench_pct(raw, (size_t)n, 50);
	/* The buckets as the program runs them: prepared, parameters bound. */
	{
		char		 o2[64];
		const char	*sv[5];
		long long	 iv[5];

		snprintf(o2, sizeof(o2), "%.*s", (int)strlen(origin) - 2, origin + 1);
		sv[0] = o2;
		iv[1] = 86400;
		iv[2] = 39;
		iv[3] = cid;
		iv[4] = 40;
		prep50 = prepared_p50(my, sql_text[SQL_STATS_BUCKETS], "siiii", sv, iv, n);
		iv[0] = 1;
		iv[1] = cid;
		iv[2] = 100000000;
		prepf50 = prepared_p50(my, sql_text[SQL_STATS_FUNDED_AT], "iii", sv, iv, n);
	}
	/* For scale: the page's list of recent orders (not the chart's). */
	vals[0] = id;
	vals[1] = "20";
	bind_text(sql_text[SQL_ADMIN_RECENT_ORDERS], vals, q[0], sizeof(q[0]));
	for (i = 0; i < n; i++) {
		t0 = ld_now_us();
		bench_q(my, q[0]);
		raw[i] = ld_now_us() - t0;
	}
	recent50 = bench_pct(raw, (size_t)n, 50);
	free(raw);
	mysql_close(my);
	printf("orders %d, requests %d each, sequential\n", orders, n);
	printf("  dashboard, empty campaign: p50 %.1f ms, p90 %.1f ms\n", e50 / 1e3, e90 / 1e3);
	printf("  dashboard, %d orders:   p50 %.1f ms, p90 %.1f ms\n", orders, p50 / 1e3,
	    p90 / 1e3);
	printf("  raw: the two stats statements, p50 %.1f ms (buckets with new backers "
	    "%.1f, funded at %.1f)\n", raw50 / 1e3, one50[0] / 1e3, one50[1] / 1e3);
	printf("  prepared with bound parameters (as the program): buckets %.1f, funded "
	    "at %.1f ms (p50)\n", prep50 / 1e3, prepf50 / 1e3);
	printf("  (for scale, not the chart's: the page's 20 recent orders, p50 %.1f ms)\n",
	    recent50 / 1e3);
	printf("  ratio (dashboard - empty) / raw = %.2f\n",
	    raw50 > 0 ? (double)(p50 - e50) / (double)raw50 : 0.0);
	fx_stop(fx);
	return 0;
}
