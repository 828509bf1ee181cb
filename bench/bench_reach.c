/*
 * bench_reach.c — benchmark (b): reaching a scope-`all` gift milestone in a
 * campaign with 100,000 backers.
 *
 *   bench_reach [backers] [clients] [workers]       (defaults 100000 8 4)
 *
 * The backers are seeded with SQL (one counted order each, as the API
 * would have stored them), then one order through the API crosses the
 * milestone.  Measured: that order's latency, and the time from sending it
 * until every backer's grant exists (polled in the database).  Meanwhile
 * `clients` keep-alive clients post orders to another campaign of the same
 * store without pause; their latency before, during and after the reach
 * shows whether the reach blocks other campaigns.
 */
#include "config.h"

#include <pthread.h>
#include <unistd.h>

#include "common.h"

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
		if (jobs[i].status != 201)
			bad++;
		v[m] = jobs[i].end_us - jobs[i].start_us;
		if (v[m] > max)
			max = v[m];
		m++;
	}
	printf("  other campaign, %-28s %5zu orders  p50 %7.2f ms  p99 %7.2f ms  "
	    "max %7.2f ms  (%d not 201)\n", name, m,
	    (double)bench_pct(v, m, 50) / 1000.0,
	    (double)bench_pct(v, m, 99) / 1000.0, (double)max / 1000.0, bad);
	free(v);
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

/*
 * Posts the order (id) that reaches milestone ms; *answered: its latency,
 * *all: the time until every backer's grant exists (µs).  Returns the
 * number of live grants of ms.
 */
static int64_t
reach(struct fx *fx, const char *id, int64_t ms, int backers, int64_t *answered,
    int64_t *all)
{
	struct fx_resp	 r;
	char		 body[512], sql[256];
	int64_t		 t_send, grants;

	snprintf(body, sizeof(body), "{\"id\":\"%s\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":{\"id\":"
	    "\"reacher-%s\"},\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,"
	    "\"price\":1000}]}", id, id);
	t_send = ld_now_us();
	if (fx_http(fx, "POST", "/api/v1/orders", bench_headers, body,
	    strlen(body), &r) != 201)
		bench_die("reaching order: %d %s", r.status, r.body != NULL ?
		    r.body : "");
	*answered = ld_now_us() - t_send;
	fx_resp_free(&r);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM grants WHERE "
	    "milestone_id = %lld AND status <> 'void'", (long long)ms);
	for (;;) {
		grants = fx_sql_i64(fx, sql);
		*all = ld_now_us() - t_send;
		if (grants >= backers + 1 || *all > 60000000)
			return grants;
		usleep(20000);
	}
}

int
main(int argc, char *argv[])
{
	struct fx_opts	 opts = { 4, NULL };
	struct fx	*fx;
	struct bg	 bg;
	pthread_t	 tid;
	int		 backers = 100000, clients = 8, i;
	int64_t		 ms, ms2, t_seed, t_send, t_resp, t_all, grants, grants2;
	int64_t		 q_resp, q_all;

	if (argc > 1)
		backers = atoi(argv[1]);
	if (argc > 2)
		clients = atoi(argv[2]);
	if (argc > 3)
		opts.workers = atoi(argv[3]);
	if (backers < 1 || backers > 10000000 || clients < 1)
		bench_die("usage: bench_reach [backers] [clients] [workers]");
	fx = fx_start(&opts);
	bench_store(fx);
	bench_campaign(fx, "big", "units", (long long)backers * 10, "p-1");
	bench_campaign(fx, "other", "units", 1000000000LL, "p-2");

	t_seed = ld_now_us();
	seed(fx, "big", "s-", backers);
	t_seed = ld_now_us() - t_seed;
	bench_milestone(fx, "big", (long long)backers + 1, "all", "g-big");
	ms = fx_sql_i64(fx, "SELECT MAX(id) FROM milestones");

	/* Background: orders for the other campaign, without pause. */
	memset(&bg, 0, sizeof(bg));
	bg.n = 40000;
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
		    "\"line_items\":[{\"product_id\":\"p-2\",\"quantity\":1,"
		    "\"price\":500}]}", i, i % 500);
	}
	bg.lo.port = fx->port;
	bg.lo.auth = bench_token;
	bg.lo.clients = clients;
	bg.lo.deadline_s = 8;
	bg.lo.keepalive = 1;
	if (pthread_create(&tid, NULL, bg_thread, &bg) != 0)
		bench_die("pthread_create");
	usleep(2500000);

	/* The order that reaches the milestone. */
	t_send = ld_now_us();
	grants = reach(fx, "reach", ms, backers, &t_resp, &t_all);
	t_all += t_send;
	t_resp += t_send;
	pthread_join(tid, NULL);

	/* The same without other traffic, on a second campaign. */
	bench_campaign(fx, "big2", "units", (long long)backers * 10, "p-1");
	seed(fx, "big2", "t-", backers);
	bench_milestone(fx, "big2", (long long)backers + 1, "all", "g-big2");
	ms2 = fx_sql_i64(fx, "SELECT MAX(id) FROM milestones");
	grants2 = reach(fx, "reach2", ms2, backers, &q_resp, &q_all);

	printf("bench (b): scope-all milestone reached in a campaign with %d "
	    "backers, %d workers, durable commits\n", backers, opts.workers);
	printf("  seeding with SQL: %.2f s\n", (double)t_seed / 1e6);
	printf("  reaching order answered in %.3f s; %lld grants exist %.3f s "
	    "after it was sent (target < 2 s)\n", (double)(t_resp - t_send) / 1e6,
	    (long long)grants, (double)(t_all - t_send) / 1e6);
	printf("  without other traffic: reaching order answered in %.3f s; %lld "
	    "grants exist %.3f s after it was sent\n", (double)q_resp / 1e6,
	    (long long)grants2, (double)q_all / 1e6);
	window(bg.jobs, bg.n, 0, t_send, "before the reach:");
	window(bg.jobs, bg.n, t_send, t_all, "while grants are created:");
	window(bg.jobs, bg.n, t_all, INT64_MAX, "after:");
	ld_jobs_free(bg.jobs, bg.n);
	free(bg.jobs);
	fx_stop(fx);
	return grants == backers + 1 && grants2 == backers + 1 ? 0 : 1;
}
