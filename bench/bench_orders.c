/*
 * bench_orders.c — benchmark (a): order ingestion into one hot campaign.
 *
 *   bench_orders [orders] [clients] [workers]      (defaults 3000 16 4)
 *
 * 1. Through nginx: `orders` distinct orders, all counting toward one units
 *    campaign (with gift milestones of both scopes along the way), from
 *    `clients` keep-alive clients; orders/s, p50 and p99 latency.
 * 2. In the same run, the raw database limit for the same work: the SQL the
 *    API runs for one counted order (bench/raw_order.h, taken from the
 *    MariaDB general log of a POST /api/v1/orders), executed directly as
 *    prepared statements over `clients` connections on the same database.
 *
 * Prints both and the ratio.  Run through bench/run.sh (release build,
 * durable MariaDB).
 */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "common.h"

struct raw_shared {
	struct fx	*fx;
	int		 n, base;
	atomic_int	 next;
	int64_t		*lat;
	atomic_int	 retries;
	int64_t		 store_id, campaign_id, ms[3];
};

#include "raw_order.h"

static void *
raw_thread(void *arg)
{
	struct raw_shared	*sh = arg;
	struct raw_conn		 rc;
	int			 i;
	int64_t			 t0;

	raw_conn_open(&rc, sh);
	for (;;) {
		if ((i = atomic_fetch_add(&sh->next, 1)) >= sh->n)
			break;
		t0 = ld_now_us();
		while (raw_order(&rc, sh, sh->base + i) != 0)
			atomic_fetch_add(&sh->retries, 1);
		sh->lat[i] = ld_now_us() - t0;
	}
	raw_conn_close(&rc);
	return NULL;
}

/* One raw run over conns connections; fills rate, p50, p99, retries. */
static void
raw_measure(struct raw_shared *sh, int conns, int base, double *rate,
    int64_t *p50, int64_t *p99, int *retries)
{
	pthread_t	*th;
	int64_t		 t0;
	int		 i;

	if ((th = calloc((size_t)conns, sizeof(*th))) == NULL)
		bench_die("out of memory");
	sh->base = base;
	atomic_init(&sh->next, 0);
	atomic_init(&sh->retries, 0);
	t0 = ld_now_us();
	for (i = 0; i < conns; i++)
		if (pthread_create(&th[i], NULL, raw_thread, sh) != 0)
			bench_die("pthread_create");
	for (i = 0; i < conns; i++)
		pthread_join(th[i], NULL);
	*rate = (double)sh->n / ((double)(ld_now_us() - t0) / 1e6);
	*p50 = bench_pct(sh->lat, (size_t)sh->n, 50);
	*p99 = bench_pct(sh->lat, (size_t)sh->n, 99);
	*retries = atomic_load(&sh->retries);
	free(th);
}

int
main(int argc, char *argv[])
{
	struct fx_opts		 opts = { 4, NULL };
	struct fx		*fx;
	struct ld_opts		 lo;
	struct ld_job		*jobs;
	struct raw_shared	 sh;
	int			 n = 3000, clients = 16, i, bad = 0, warm = 200;
	int64_t			 t0, http_us, hp50, hp99, rp50[2], rp99[2];
	double			 http_rate, raw_rate[2];
	int			 run, best, retries[2];
	char			 sql[256];
	const char		*glog;

	if (argc > 1)
		n = atoi(argv[1]);
	if (argc > 2)
		clients = atoi(argv[2]);
	if (argc > 3)
		opts.workers = atoi(argv[3]);
	if (n < 100 || clients < 1 || opts.workers < 1)
		bench_die("usage: bench_orders [orders>=100] [clients] [workers]");
	fx = fx_start(&opts);
	bench_store(fx);
	/* Goal and milestones spread over the run: crossings happen. */
	bench_campaign(fx, "hot", "units", (long long)(n + warm) * 2, "p-1");
	/* Three gift milestones, reached during the warm-up: each measured
	 * order (a new backer) qualifies for three gifts. */
	bench_milestone(fx, "hot", 50, "all", "g-1");
	bench_milestone(fx, "hot", 100, "new", "g-2");
	bench_milestone(fx, "hot", 150, "all", "g-3");

	/* 1. Through nginx. */
	jobs = calloc((size_t)(n + warm), sizeof(*jobs));
	if (jobs == NULL)
		bench_die("out of memory");
	for (i = 0; i < n + warm; i++) {
		jobs[i].method = "POST";
		snprintf(jobs[i].path, sizeof(jobs[i].path), "/api/v1/orders");
		if ((jobs[i].body = malloc(512)) == NULL)
			bench_die("out of memory");
		jobs[i].body_len = (size_t)snprintf(jobs[i].body, 512,
		    "{\"id\":\"h-%d\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":{\"id\":\"c-%d\"},"
		    "\"line_items\":[{\"product_id\":\"p-1\",\"variant_id\":null,"
		    "\"quantity\":1,\"price\":1000}]}", i, i);
	}
	memset(&lo, 0, sizeof(lo));
	lo.port = fx->port;
	lo.auth = bench_token;
	lo.clients = clients;
	lo.deadline_s = 300;
	lo.keepalive = 1;
	ld_run(&lo, jobs, (size_t)warm);		/* warm-up */
	if ((glog = getenv("BENCH_GENERAL_LOG")) != NULL) {
		/* Capture the SQL of one counted order (for raw_steps.h). */
		MYSQL	*my = bench_db(fx);
		char	 q[700];

		snprintf(q, sizeof(q), "SET GLOBAL general_log_file = '%s'", glog);
		bench_q(my, q);
		bench_q(my, "SET GLOBAL general_log = 1");
		ld_run(&lo, jobs + warm, 1);
		bench_q(my, "SET GLOBAL general_log = 0");
		mysql_close(my);
		printf("general log of one order: %s (status %d)\n", glog,
		    jobs[warm].status);
		ld_jobs_free(jobs, (size_t)(n + warm));
		free(jobs);
		fx_stop(fx);
		return 0;
	}
	/* 2. The same SQL straight to MariaDB, over as many connections as
	 * clients (before the measured run through nginx) and as workers
	 * (after it), so that neither side always meets the larger tables. */
	memset(&sh, 0, sizeof(sh));
	sh.fx = fx;
	sh.n = n;
	sh.store_id = fx_sql_i64(fx, "SELECT id FROM stores WHERE handle = 'shop'");
	snprintf(sql, sizeof(sql), "SELECT id FROM campaigns WHERE slug = 'hot'");
	sh.campaign_id = fx_sql_i64(fx, sql);
	for (i = 0; i < 3; i++) {
		snprintf(sql, sizeof(sql), "SELECT id FROM milestones WHERE "
		    "gift_product_id = 'g-%d'", i + 1);
		sh.ms[i] = fx_sql_i64(fx, sql);
	}
	if ((sh.lat = calloc((size_t)n, sizeof(*sh.lat))) == NULL)
		bench_die("out of memory");
	raw_measure(&sh, clients, 0, &raw_rate[0], &rp50[0], &rp99[0], &retries[0]);

	t0 = ld_now_us();
	ld_run(&lo, jobs + warm, (size_t)n);
	http_us = ld_now_us() - t0;
	for (i = warm; i < n + warm; i++)
		if (jobs[i].status != 201)
			bad++;
	if (bad > 0)
		fprintf(stderr, "bench_orders: %d orders not answered 201 (first: "
		    "%d %s)\n", bad, jobs[warm].status, jobs[warm].resp != NULL ?
		    jobs[warm].resp : "");
	hp50 = ld_percentile(jobs + warm, (size_t)n, 50);
	hp99 = ld_percentile(jobs + warm, (size_t)n, 99);
	http_rate = (double)n / ((double)http_us / 1e6);
	ld_jobs_free(jobs, (size_t)(n + warm));
	free(jobs);

	raw_measure(&sh, opts.workers, 1000000, &raw_rate[1], &rp50[1], &rp99[1],
	    &retries[1]);
	best = raw_rate[0] > raw_rate[1] ? 0 : 1;

	printf("bench (a): %d orders into one hot campaign, %d clients, %d "
	    "workers, durable commits\n", n, clients, opts.workers);
	printf("  through nginx:  %8.0f orders/s  p50 %6.2f ms  p99 %6.2f ms  "
	    "(%d not 201)\n", http_rate, (double)hp50 / 1000.0,
	    (double)hp99 / 1000.0, bad);
	for (run = 0; run < 2; run++)
		printf("  raw SQL, %2d connections: %8.0f orders/s  p50 %6.2f ms  "
		    "p99 %6.2f ms  (%d deadlock retries)\n",
		    run == 0 ? clients : opts.workers, raw_rate[run],
		    (double)rp50[run] / 1000.0, (double)rp99[run] / 1000.0,
		    retries[run]);
	printf("  ratio ours/raw (the faster raw run): %.0f%%  (target >= 60%%, "
	    "p99 < 50 ms)\n", 100.0 * http_rate / raw_rate[best]);
	printf("  check: %lld orders counted through the API (expected %d), "
	    "%lld grants (expected 3 per measured order: %d)\n",
	    (long long)fx_sql_i64(fx, "SELECT COUNT(*) FROM order_campaigns oc "
	    "JOIN orders o ON o.id = oc.order_id WHERE o.external_id LIKE 'h-%'"),
	    n + warm, (long long)fx_sql_i64(fx, "SELECT COUNT(*) FROM grants g JOIN "
	    "orders o ON o.id = g.order_id WHERE o.external_id LIKE 'h-%' AND "
	    "CAST(SUBSTRING(o.external_id, 3) AS INTEGER) >= 200"), 3 * n);
	free(sh.lat);
	fx_stop(fx);
	return bad > 0;
}
