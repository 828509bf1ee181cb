/*
 * bench_reach.c — benchmark (b): reaching a scope-`all` gift milestone in a
 * campaign with many backers (issue 10 item 2: the fan-out after the
 * answer, docs/fanout.md).
 *
 *   bench_reach [backers] [clients] [workers]       (defaults 100000 8 4)
 *
 * The backers are seeded with SQL (one counted order each, as the API
 * would have stored them).  Then `clients` keep-alive clients post orders
 * of new backers to the same campaign without pause; one of them crosses
 * the milestone (its target is 2,000 units above the seeded progress).
 * Measured: the reaching order's latency, the time from its answer until
 * the fan-out is done (every grant in the queue: polled in the database),
 * and the latency of the campaign's other orders before, during and after
 * the fan-out (BENCH_REACH_RATE=N: those orders at N per second in all,
 * an open loop, each due at its time and its latency counted from then;
 * else each client sends its next as soon as its last is answered).
 * Then the same once more on a second campaign, reached by
 * one order without other traffic, and the limits: the same rows written
 * by one INSERT ... SELECT into a copy of grants, and by two at once (each
 * half the backers, on two connections).  BENCH_FANOUT_BATCH sets
 * fanout_batch, BENCH_FANOUT_TASKS fanout_tasks.
 *
 * Beside the times: mariadbd's CPU time for each (the fan-out's per grant
 * against the limit's per row, which a host's other guests do not skew the
 * way they skew the clock) and the host's steal time meanwhile (the time
 * its virtual CPUs waited for the hypervisor).
 */
#include "config.h"

#include <pthread.h>
#include <unistd.h>

#include "common.h"

/* One of the two statements of the two-writer limit, on its own connection. */
struct half {
	struct fx	*fx;
	char		 sql[1024];
};

static void *
half_thread(void *arg)
{
	struct half	*h = arg;
	MYSQL		*my = bench_db(h->fx);

	bench_q(my, h->sql);
	mysql_close(my);
	return NULL;
}

struct bg {
	struct ld_opts	 lo;
	struct ld_job	*jobs;
	size_t		 n;
};

static void *
bg_thread(void *arg)
{
	struct bg	*bg = arg;

	ld_run(&bg->lo, bg->jobs, bg->n);
	return NULL;
}

static void
window(const struct ld_job *jobs, size_t n, int64_t from, int64_t to,
    const char *name)
{
	int64_t	*v, max = 0;
	size_t	 i, m = 0;
	int	 bad = 0;

	if ((v = calloc(n, sizeof(*v))) == NULL)
		bench_die("out of memory");
	for (i = 0; i < n; i++) {
		if (jobs[i].tries == 0 || jobs[i].start_us < from ||
		    jobs[i].start_us >= to)
			continue;
		if (jobs[i].status != 201 && bad++ == 0)
			printf("  first answer not 201 (%s): %d %.200s\n", name,
			    jobs[i].status, jobs[i].resp != NULL ? jobs[i].resp : "");
		v[m] = jobs[i].end_us - jobs[i].start_us;
		if (v[m] > max)
			max = v[m];
		m++;
	}
	printf("  same campaign, %-28s %5zu orders  p50 %7.2f ms  p99 %7.2f ms  "
	    "max %7.2f ms  (%d not 201)\n", name, m,
	    (double)bench_pct(v, m, 50) / 1000.0,
	    (double)bench_pct(v, m, 99) / 1000.0, (double)max / 1000.0, bad);
	free(v);
}

/* "    mariadbd CPU … (… us per what), host steal …", without the newline. */
static void
cpu_line(const struct bench_mark *d, int64_t n, const char *what)
{
	printf("    mariadbd CPU %.2f s (%.1f us per %s), host steal %.2f s",
	    (double)d->cpu_us / 1e6, n > 0 ? (double)d->cpu_us / (double)n : 0.0,
	    what, (double)d->steal_us / 1e6);
}

/* One counted order per backer in campaign slug, as the service stores them. */
static void
seed(struct fx *fx, const char *slug, const char *prefix, int backers)
{
	char	 sql[1024];
	int64_t	 store, camp;
	MYSQL	*my;

	store = fx_sql_i64(fx, "SELECT id FROM stores WHERE handle = 'shop'");
	snprintf(sql, sizeof(sql), "SELECT id FROM campaigns WHERE slug = '%s'",
	    slug);
	camp = fx_sql_i64(fx, sql);
	my = bench_db(fx);
	snprintf(sql, sizeof(sql), "INSERT INTO orders (store_id, external_id, "
	    "backer, placed_at, currency, fingerprint, response) SELECT %lld, "
	    "CONCAT('%s', seq), CONCAT('%s', seq), '2026-11-22 09:00:00', 'USD', "
	    "UNHEX(SHA2(CONCAT('%s', seq), 256)), '{}' FROM seq_1_to_%d",
	    (long long)store, prefix, prefix, prefix, backers);
	bench_q(my, sql);
	snprintf(sql, sizeof(sql), "INSERT INTO order_lines (order_id, line_no, "
	    "product_id, quantity, price) SELECT id, 0, 'p-1', 1, 1000 FROM orders "
	    "WHERE external_id LIKE '%s%%'", prefix);
	bench_q(my, sql);
	snprintf(sql, sizeof(sql), "INSERT INTO order_campaigns (order_id, "
	    "campaign_id, backer, units, amount, counted_seq, active) SELECT id, "
	    "%lld, backer, 1, 1000, CAST(SUBSTRING(external_id, %d) AS INTEGER), 1 "
	    "FROM orders WHERE external_id LIKE '%s%%'", (long long)camp,
	    (int)strlen(prefix) + 1, prefix);
	bench_q(my, sql);
	snprintf(sql, sizeof(sql), "INSERT INTO campaign_backers (campaign_id, "
	    "backer, active_orders) SELECT %lld, backer, 1 FROM orders WHERE "
	    "external_id LIKE '%s%%'", (long long)camp, prefix);
	bench_q(my, sql);
	snprintf(sql, sizeof(sql), "UPDATE campaigns SET units = %d, amount = %lld, "
	    "orders = %d, backers = %d, counted_seq = %d, version = version + 1 "
	    "WHERE id = %lld", backers, (long long)backers * 1000, backers,
	    backers, backers, (long long)camp);
	bench_q(my, sql);
	mysql_close(my);
}

/* µs from now until milestone ms's fan-out is done (60 s at most). */
static int64_t
fanout_done(struct fx *fx, int64_t ms)
{
	char	 sql[256];
	int64_t	 t0 = ld_now_us();

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM milestones WHERE id = "
	    "%lld AND (reached_at IS NULL OR fanout_pending = 1)", (long long)ms);
	while (fx_sql_i64(fx, sql) != 0 && ld_now_us() - t0 < 120000000)
		usleep(10000);
	return ld_now_us() - t0;
}

/* Live grants of ms, and the campaign's backers (each should have one). */
static int
grants_ok(struct fx *fx, int64_t ms, const char *slug, int64_t *grants)
{
	char	 sql[256];
	int64_t	 backers;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM grants WHERE "
	    "milestone_id = %lld AND status <> 'void'", (long long)ms);
	*grants = fx_sql_i64(fx, sql);
	snprintf(sql, sizeof(sql), "SELECT backers FROM campaigns WHERE slug = "
	    "'%s'", slug);
	backers = fx_sql_i64(fx, sql);
	return *grants == backers;
}

int
main(int argc, char *argv[])
{
	struct fx_opts	 opts = { 4, NULL };
	struct fx	*fx;
	struct fx_resp	 r;
	struct bg	 bg;
	pthread_t	 tid;
	char		 conf[128], sql[1024], ext[64], body[512];
	const char	*batch = getenv("BENCH_FANOUT_BATCH");
	const char	*tasks = getenv("BENCH_FANOUT_TASKS");
	const char	*rate_s = getenv("BENCH_REACH_RATE");
	int		 rate = rate_s != NULL ? atoi(rate_s) : 0;
	struct bench_mark m0, run, alone, lim, lim2;
	struct half	 half[2];
	pthread_t	 htid[2];
	char		 mid[256];
	size_t		 clen = 0;
	int		 backers = 100000, clients = 8, i, ok;
	int64_t		 ms, ms2, t_seed, t_answer = 0, t_done, grants, grants2;
	int64_t		 q_send, q_resp, q_done;
	size_t		 k;

	if (argc > 1)
		backers = atoi(argv[1]);
	if (argc > 2)
		clients = atoi(argv[2]);
	if (argc > 3)
		opts.workers = atoi(argv[3]);
	if (backers < 1 || backers > 10000000 || clients < 1)
		bench_die("usage: bench_reach [backers] [clients] [workers]");
	conf[0] = '\0';
	if (batch != NULL)
		clen += (size_t)snprintf(conf + clen, sizeof(conf) - clen,
		    "fanout_batch = %d\n", atoi(batch));
	if (tasks != NULL)
		clen += (size_t)snprintf(conf + clen, sizeof(conf) - clen,
		    "fanout_tasks = %d\n", atoi(tasks));
	if (clen > 0)
		opts.extra_conf = conf;
	fx = fx_start(&opts);
	bench_store(fx);
	bench_campaign(fx, "big", "units", (long long)backers * 10, "p-1");

	t_seed = ld_now_us();
	seed(fx, "big", "s-", backers);
	t_seed = ld_now_us() - t_seed;
	bench_milestone(fx, "big", (long long)backers + 2000, "all", "g-big");
	ms = fx_sql_i64(fx, "SELECT MAX(id) FROM milestones");

	/*
	 * Orders of new backers (some of them twice) to the same campaign,
	 * without pause, bounded in number and time: about 2,000 before the
	 * reach, the rest while the fan-out runs and after.
	 */
	memset(&bg, 0, sizeof(bg));
	bg.n = 60000;
	if ((bg.jobs = calloc(bg.n, sizeof(*bg.jobs))) == NULL)
		bench_die("out of memory");
	for (i = 0; i < (int)bg.n; i++) {
		bg.jobs[i].method = "POST";
		snprintf(bg.jobs[i].path, sizeof(bg.jobs[i].path), "/api/v1/orders");
		if ((bg.jobs[i].body = malloc(512)) == NULL)
			bench_die("out of memory");
		bg.jobs[i].body_len = (size_t)snprintf(bg.jobs[i].body, 512,
		    "{\"id\":\"x-%d\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":{\"id\":\"x-%d\"},"
		    "\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
		    "\"price\":500}]}", i, i % 20000);
	}
	bg.lo.port = fx->port;
	bg.lo.auth = bench_token;
	bg.lo.clients = clients;
	bg.lo.deadline_s = 10 + backers / 40000 + (rate > 0 ? 2000 / rate : 0);
	bg.lo.keepalive = 1;
	bg.lo.rate = rate;
	if (pthread_create(&tid, NULL, bg_thread, &bg) != 0)
		bench_die("pthread_create");
	/* The reach: which order made it, and when it was answered. */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM milestones WHERE id = "
	    "%lld AND reached_at IS NOT NULL", (long long)ms);
	while (fx_sql_i64(fx, sql) == 0)
		usleep(2000);
	bench_mark_now(&m0);
	(void)fanout_done(fx, ms);
	t_done = ld_now_us();
	run = bench_mark_since(&m0);
	pthread_join(tid, NULL);
	snprintf(sql, sizeof(sql), "SELECT o.external_id FROM milestones m JOIN "
	    "orders o ON o.id = m.reached_order_id WHERE m.id = %lld",
	    (long long)ms);
	fx_sql_str(fx, sql, ext, sizeof(ext));
	for (k = 0; k < bg.n; k++)
		if (bg.jobs[k].tries > 0 && strncmp(bg.jobs[k].body + 7, ext,
		    strlen(ext)) == 0 && bg.jobs[k].body[7 + strlen(ext)] == '"') {
			t_answer = bg.jobs[k].end_us;
			break;
		}
	if (t_answer == 0)
		bench_die("the reaching order %s is not among the jobs", ext);
	ok = grants_ok(fx, ms, "big", &grants);
	printf("bench (b): scope-all milestone reached in a campaign with %d "
	    "backers, %d workers, durable commits, fanout_batch %s, "
	    "fanout_tasks %s\n", backers, opts.workers,
	    batch != NULL ? batch : "10000 (default)",
	    tasks != NULL ? tasks : "3 (default)");
	if (rate > 0)
		printf("  the campaign's orders: %d per second (BENCH_REACH_RATE)\n",
		    rate);
	else
		printf("  the campaign's orders: %d clients, each sends its next "
		    "when its last is answered\n", clients);
	printf("  seeding with SQL: %.2f s\n", (double)t_seed / 1e6);
	printf("  reached by order %s of the campaign's own traffic, answered in "
	    "%.1f ms\n", ext, (double)(bg.jobs[k].end_us - bg.jobs[k].start_us) /
	    1e3);
	/* From the reaching order's answer to the fan-out's end (polled
	   every 10 ms). */
	printf("  fan-out done (%lld grants, one per backer: %s) %.3f s after "
	    "the reaching order's answer (target < %s s)\n", (long long)grants,
	    ok ? "yes" : "NO", (double)(t_done - t_answer) / 1e6,
	    backers >= 1000000 ? "10" : "1.5");
	printf("  while it ran: mariadbd CPU %.2f s in %.2f s (%.2f cores), "
	    "host steal %.2f s\n", (double)run.cpu_us / 1e6,
	    (double)run.t_us / 1e6, (double)run.cpu_us / (double)run.t_us,
	    (double)run.steal_us / 1e6);
	window(bg.jobs, bg.n, 0, t_answer, "before the reach:");
	window(bg.jobs, bg.n, t_answer, t_done, "while the fan-out runs:");
	window(bg.jobs, bg.n, t_done, INT64_MAX, "after:");
	ld_jobs_free(bg.jobs, bg.n);
	free(bg.jobs);

	/* The same without other traffic, on a second campaign. */
	bench_campaign(fx, "big2", "units", (long long)backers * 10, "p-1");
	seed(fx, "big2", "t-", backers);
	bench_milestone(fx, "big2", (long long)backers + 1, "all", "g-big2");
	ms2 = fx_sql_i64(fx, "SELECT MAX(id) FROM milestones");
	snprintf(body, sizeof(body), "{\"id\":\"reach2\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":{\"id\":"
	    "\"reacher-2\"},\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
	    "\"price\":1000}]}");
	bench_mark_now(&m0);
	q_send = ld_now_us();
	if (fx_http(fx, "POST", "/api/v1/orders", bench_headers, body,
	    strlen(body), &r) != 201)
		bench_die("reaching order: %d", r.status);
	q_resp = ld_now_us() - q_send;
	fx_resp_free(&r);
	q_done = fanout_done(fx, ms2);
	alone = bench_mark_since(&m0);
	ok = grants_ok(fx, ms2, "big2", &grants2) && ok;
	printf("  without other traffic: reaching order answered in %.1f ms; "
	    "fan-out done (%lld grants) %.3f s after the answer\n",
	    (double)q_resp / 1e3, (long long)grants2, (double)q_done / 1e6);
	cpu_line(&alone, grants2, "grant");
	printf("\n");
	/*
	 * The limit: the same rows written by one INSERT ... SELECT, in one
	 * transaction, into a copy of grants with its keys (CREATE TABLE LIKE
	 * copies the indexes, not the foreign keys, which the fan-out does
	 * not check either) — what writing these grants costs this MariaDB
	 * at least, without batches, cursor, locks or the earliest-order
	 * subquery.
	 */
	fx_sql(fx, "CREATE TABLE bench_grants LIKE grants");
	snprintf(sql, sizeof(sql), "INSERT INTO bench_grants (store_id, "
	    "campaign_id, milestone_id, order_id, backer, product_id, "
	    "variant_id, quantity) SELECT c.store_id, oc.campaign_id, %lld, "
	    "oc.order_id, oc.backer, 'g-big2', NULL, 1 FROM order_campaigns oc "
	    "JOIN campaigns c ON c.id = oc.campaign_id WHERE c.slug = 'big2' "
	    "AND oc.active = 1", (long long)ms2);
	bench_mark_now(&m0);
	fx_sql(fx, sql);
	lim = bench_mark_since(&m0);
	q_resp = lim.t_us;
	printf("  limit: the same %lld rows by one INSERT ... SELECT into a copy "
	    "of grants (its keys) %.3f s; the fan-out alone = %.2f x the limit's "
	    "speed\n", (long long)fx_sql_i64(fx, "SELECT COUNT(*) FROM "
	    "bench_grants"), (double)q_resp / 1e6, q_done > 0 ?
	    (double)q_resp / (double)q_done : 0.0);
	cpu_line(&lim, grants2, "row");
	printf("; the fan-out's CPU per grant = %.2f x the limit's per row\n",
	    lim.cpu_us > 0 ? (double)alone.cpu_us / (double)lim.cpu_us : 0.0);
	/*
	 * Two writers at once: the same rows by two INSERT ... SELECTs on two
	 * connections, each one half of the backers (split at the median
	 * backer), into another copy — what several fan-out tasks can reach.
	 */
	fx_sql(fx, "CREATE TABLE bench_grants2 LIKE grants");
	snprintf(sql, sizeof(sql), "SELECT oc.backer FROM order_campaigns oc "
	    "JOIN campaigns c ON c.id = oc.campaign_id WHERE c.slug = 'big2' "
	    "AND oc.active = 1 ORDER BY oc.backer LIMIT 1 OFFSET %d",
	    backers / 2);
	fx_sql_str(fx, sql, mid, sizeof(mid));
	for (i = 0; i < 2; i++) {
		half[i].fx = fx;
		snprintf(half[i].sql, sizeof(half[i].sql), "INSERT INTO "
		    "bench_grants2 (store_id, campaign_id, milestone_id, order_id, "
		    "backer, product_id, variant_id, quantity) SELECT c.store_id, "
		    "oc.campaign_id, %lld, oc.order_id, oc.backer, 'g-big2', NULL, "
		    "1 FROM order_campaigns oc JOIN campaigns c ON c.id = "
		    "oc.campaign_id WHERE c.slug = 'big2' AND oc.active = 1 AND "
		    "oc.backer %s '%s'", (long long)ms2, i == 0 ? "<" : ">=", mid);
	}
	bench_mark_now(&m0);
	for (i = 0; i < 2; i++)
		if (pthread_create(&htid[i], NULL, half_thread, &half[i]) != 0)
			bench_die("pthread_create");
	for (i = 0; i < 2; i++)
		pthread_join(htid[i], NULL);
	lim2 = bench_mark_since(&m0);
	q_resp = lim2.t_us;
	printf("  limit with two writers: the same %lld rows by two at once "
	    "%.3f s; the fan-out alone = %.2f x its speed\n",
	    (long long)fx_sql_i64(fx, "SELECT COUNT(*) FROM bench_grants2"),
	    (double)q_resp / 1e6, q_done > 0 ? (double)q_resp / (double)q_done :
	    0.0);
	cpu_line(&lim2, grants2, "row");
	printf("\n");
	fx_stop(fx);
	return ok ? 0 : 1;
}
