/*
 * bench_orders.c — benchmark (a): order ingestion into one hot campaign,
 * or spread over several.
 *
 *   bench_orders [orders] [clients] [workers] [rounds] [campaigns]
 *                                                    (2000 16 4 3 1)
 *
 * With campaigns > 1, order i goes to campaign i % campaigns (each has its
 * own product and three gift milestones at 3, 6 and 9 backers, all
 * reached in the warm-up), in the API and in the raw baseline alike.
 *
 * Per round:
 * 1. The limit (issue 10): the minimal hot-row transaction (INSERT the
 *    order; SELECT ... FOR UPDATE the campaign; UPDATE it; COMMIT) over
 *    `clients` connections on the same database (raw_min_steps).
 * 2. Through nginx: `orders` distinct orders, all counting toward one units
 *    campaign (each gets three gifts), from `clients` keep-alive clients;
 *    orders/s, p50 and p99 latency.
 * 3. The SQL the API runs for one counted order (bench/raw_steps.h, taken
 *    from the MariaDB general log of a POST /api/v1/orders), replayed as
 *    prepared statements over `clients` connections.
 * 4. With BENCH_ENDPOINTS=N (N > 0): N webhook endpoints subscribed to every
 *    event type are registered, the API is measured again with as many
 *    orders, and the endpoints are removed (issue 11: the outbox's cost to
 *    ingestion; no delivery process runs, so this is the cost inside the
 *    order's transaction).
 *
 * Prints every round and the medians (rate, p99, ratio to the faster raw).
 * With endpoints also, per order in the two API runs, the CPU time of
 * mariadbd and of the program's workers (utime + stime from /proc) and
 * the InnoDB redo bytes (Innodb_lsn_current): figures that move less with
 * the host's other load than the rates do (the redo bytes not at all).
 * Ends with the group commits the program made (its metrics).  BENCH_CONF
 * adds lines to the program's configuration ("order_batch = 1": none).
 * Run through bench/run.sh (release build, durable MariaDB).
 */
#include "config.h"

#include <sys/types.h>

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "common.h"

#define MAX_CAMPAIGNS	64

struct raw_shared {
	struct fx	*fx;
	int		 n, base;
	atomic_int	 next;
	int64_t		*lat;
	atomic_int	 retries;
	int			 ncamp;
	int64_t		 store_id, campaign_id[MAX_CAMPAIGNS], ms[MAX_CAMPAIGNS][3];
	int		 minimal;	/* 1: the limit, raw_min_steps */
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

static int
dbl_cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), dbl_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_ROUNDS	9

/*
 * So far: [0] mariadbd's CPU (its pid file in SG_TEST_MYSQL_DIR), [1] the
 * workers' CPU, in us; [2] the InnoDB log sequence number (redo bytes).
 */
static void
cpu_now(struct fx *fx, int64_t v[3])
{
	pid_t		 w[64];
	int		 n, i;

	v[1] = 0;
	v[2] = fx_sql_i64(fx, "SELECT VARIABLE_VALUE FROM "
	    "information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = "
	    "'INNODB_LSN_CURRENT'");
	v[0] = bench_mariadbd_cpu_us();
	n = fx_workers(fx, w, 64);
	for (i = 0; i < n; i++)
		v[1] += bench_cpu_us(w[i]);
}

/* Campaign k of ncamp: "hot" with product p-1 alone, else hot-k and p-(k+1). */
static void
bench_slug(char *slug, size_t ssz, char *prod, size_t psz, int k, int ncamp)
{
	if (ncamp == 1)
		snprintf(slug, ssz, "hot");
	else
		snprintf(slug, ssz, "hot-%d", k);
	snprintf(prod, psz, "p-%d", k + 1);
}

int
main(int argc, char *argv[])
{
	struct fx_opts		 opts = { 4, "webhook_allow_private = yes\n" };
	struct fx		*fx;
	struct ld_opts		 lo;
	struct ld_job		*jobs, *rj;
	struct raw_shared	 sh;
	int			 n = 2000, clients = 16, rounds = 3, warm = 200;
	int			 i, r, e, k, bad = 0, n503 = 0, retries[2], nend = 0;
	int			 ncamp = 1;
	int64_t			 t0, hp50, hp99, rp50[2], rp99[2];
	double			 http_rate[MAX_ROUNDS], raw_best[MAX_ROUNDS];
	double			 ratio[MAX_ROUNDS], p99s[MAX_ROUNDS], raw_rate[2];
	double			 m_http, m_raw, m_ratio, m_p99;
	double			 ev_rate[MAX_ROUNDS], ev_p99[MAX_ROUNDS], ev_rel[MAX_ROUNDS];
	double			 replay[MAX_ROUNDS];
	/* Per order: [0] mariadbd CPU us, [1] workers', [2] redo bytes;
	   without endpoints, with. */
	double			 cpu0[3][MAX_ROUNDS], cpu1[3][MAX_ROUNDS];
	double			 cpulim[MAX_ROUNDS];
	int64_t			 ca[3], cb[3];
	int64_t			 ep[8];
	char			 sql[256], slug[32], prod[32];
	const char		*glog;

	if (argc > 1)
		n = atoi(argv[1]);
	if (argc > 2)
		clients = atoi(argv[2]);
	if (argc > 3)
		opts.workers = atoi(argv[3]);
	if (argc > 4)
		rounds = atoi(argv[4]);
	if (argc > 5)
		ncamp = atoi(argv[5]);
	if (getenv("BENCH_ENDPOINTS") != NULL)
		nend = atoi(getenv("BENCH_ENDPOINTS"));
	/* More configuration lines, e.g. "order_batch = 1" (no group commit). */
	opts.extra_conf = getenv("BENCH_CONF");
	if (nend < 0 || nend > 8)
		bench_die("BENCH_ENDPOINTS: 0 to 8");
	if (n < 100 || clients < 1 || opts.workers < 1 || rounds < 1 ||
	    rounds > MAX_ROUNDS || ncamp < 1 || ncamp > MAX_CAMPAIGNS)
		bench_die("usage: bench_orders [orders>=100] [clients] [workers] "
		    "[rounds 1-9] [campaigns 1-%d]", MAX_CAMPAIGNS);
	if (warm < 10 * ncamp)
		warm = 10 * ncamp;
	fx = fx_start(&opts);
	bench_store(fx);
	/*
	 * Three gift milestones, reached during the warm-up: each measured
	 * order (a new backer) qualifies for three gifts.  One campaign: at
	 * 50, 100, 150 backers (the figures before the campaigns parameter);
	 * several: at 3, 6, 9 (the warm-up gives each at least 10).
	 */
	for (k = 0; k < ncamp; k++) {
		bench_slug(slug, sizeof(slug), prod, sizeof(prod), k, ncamp);
		bench_campaign(fx, slug, "units", 100000000LL, prod);
		bench_milestone(fx, slug, ncamp == 1 ? 50 : 3, "all", "g-1");
		bench_milestone(fx, slug, ncamp == 1 ? 100 : 6, "new", "g-2");
		bench_milestone(fx, slug, ncamp == 1 ? 150 : 9, "all", "g-3");
	}

	jobs = calloc((size_t)(warm + 2 * rounds * n), sizeof(*jobs));
	if (jobs == NULL)
		bench_die("out of memory");
	for (i = 0; i < warm + 2 * rounds * n; i++) {
		jobs[i].method = "POST";
		snprintf(jobs[i].path, sizeof(jobs[i].path), "/api/v1/orders");
		if ((jobs[i].body = malloc(512)) == NULL)
			bench_die("out of memory");
		jobs[i].body_len = (size_t)snprintf(jobs[i].body, 512,
		    "{\"id\":\"h-%d\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":{\"id\":\"c-%d\"},"
		    "\"line_items\":[{\"product_id\":\"p-%d\",\"variant_id\":null,"
		    "\"quantity\":1,\"price\":1000}]}", i, i, i % ncamp + 1);
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
		ld_jobs_free(jobs, (size_t)(warm + 2 * rounds * n));
		free(jobs);
		fx_stop(fx);
		return 0;
	}

	memset(&sh, 0, sizeof(sh));
	sh.fx = fx;
	sh.n = n;
	sh.store_id = fx_sql_i64(fx, "SELECT id FROM stores WHERE handle = 'shop'");
	sh.ncamp = ncamp;
	for (k = 0; k < ncamp; k++) {
		bench_slug(slug, sizeof(slug), prod, sizeof(prod), k, ncamp);
		snprintf(sql, sizeof(sql), "SELECT id FROM campaigns WHERE "
		    "slug = '%s'", slug);
		sh.campaign_id[k] = fx_sql_i64(fx, sql);
		for (i = 0; i < 3; i++) {
			snprintf(sql, sizeof(sql), "SELECT id FROM milestones WHERE "
			    "campaign_id = %lld AND gift_product_id = 'g-%d'",
			    (long long)sh.campaign_id[k], i + 1);
			sh.ms[k][i] = fx_sql_i64(fx, sql);
		}
	}
	if ((sh.lat = calloc((size_t)n, sizeof(*sh.lat))) == NULL)
		bench_die("out of memory");

	if (ncamp == 1)
		printf("bench (a): %d orders per round into one hot campaign",
		    n);
	else
		printf("bench (a): %d orders per round spread over %d campaigns",
		    n, ncamp);
	printf(", %d clients, %d workers, durable commits, %d rounds%s\n",
	    clients, opts.workers, rounds, nend > 0 ?
	    ", and again with endpoints subscribed" : "");
	/*
	 * Each round: the limit, the API through nginx, the replay of the
	 * API's statements (and the API with endpoints) — one after the other
	 * on the same database, so a burst of other load on the host hits
	 * every measurement of the round.
	 */
	for (r = 0; r < rounds; r++) {
		sh.minimal = 1;
		cpu_now(fx, ca);
		raw_measure(&sh, clients, r * 4000000, &raw_rate[0], &rp50[0],
		    &rp99[0], &retries[0]);
		cpu_now(fx, cb);
		cpulim[r] = (double)(cb[0] - ca[0]) / sh.n;
		rj = jobs + warm + r * n;
		cpu_now(fx, ca);
		t0 = ld_now_us();
		ld_run(&lo, rj, (size_t)n);
		http_rate[r] = (double)n / ((double)(ld_now_us() - t0) / 1e6);
		cpu_now(fx, cb);
		for (k = 0; k < 3; k++)
			cpu0[k][r] = (double)(cb[k] - ca[k]) / n;
		for (i = 0; i < n; i++)
			if (rj[i].status != 201) {
				if (rj[i].status == 503)
					n503++;
				if (bad++ == 0)
					fprintf(stderr, "bench_orders: %d %s\n",
					    rj[i].status, rj[i].resp != NULL ?
					    rj[i].resp : "");
			}
		hp50 = ld_percentile(rj, (size_t)n, 50);
		hp99 = ld_percentile(rj, (size_t)n, 99);
		sh.minimal = 0;
		raw_measure(&sh, clients, r * 4000000 + 1000000, &raw_rate[1],
		    &rp50[1], &rp99[1], &retries[1]);
		replay[r] = raw_rate[1];
		raw_best[r] = raw_rate[0];
		ratio[r] = http_rate[r] / raw_best[r];
		p99s[r] = (double)hp99 / 1000.0;
		printf("  round %d: API %4.0f/s p50 %5.1f ms p99 %5.1f ms | limit "
		    "(minimal hot-row txn, %d conns) %4.0f/s p99 %5.1f ms | replay "
		    "of the API's SQL %4.0f/s p99 %5.1f ms | ratio %.2f\n", r + 1,
		    http_rate[r], (double)hp50 / 1000.0, p99s[r], clients,
		    raw_rate[0], (double)rp99[0] / 1000.0, raw_rate[1],
		    (double)rp99[1] / 1000.0, ratio[r]);
		printf("    mariadbd CPU per limit transaction %.0f us, per API "
		    "order %.0f us; the workers' per order %.0f us\n", cpulim[r],
		    cpu0[0][r], cpu0[1][r]);
		if (retries[0] + retries[1] > 0)
			printf("    (raw deadlock retries: %d, %d)\n", retries[0],
			    retries[1]);
		if (nend == 0)
			continue;
		for (e = 0; e < nend; e++) {
			cJSON	*w = bench_api(fx, "POST", "/api/v1/webhooks",
			    "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":["
			    "\"milestone.reached\",\"grant.created\",\"grant.voided\","
			    "\"campaign.goal_reached\",\"campaign.ended\"]}", 201);
			ep[e] = (int64_t)cJSON_GetNumberValue(
			    cJSON_GetObjectItem(w, "id"));
			cJSON_Delete(w);
		}
		rj = jobs + warm + (rounds + r) * n;
		cpu_now(fx, ca);
		t0 = ld_now_us();
		ld_run(&lo, rj, (size_t)n);
		ev_rate[r] = (double)n / ((double)(ld_now_us() - t0) / 1e6);
		cpu_now(fx, cb);
		for (k = 0; k < 3; k++)
			cpu1[k][r] = (double)(cb[k] - ca[k]) / n;
		for (i = 0; i < n; i++)
			if (rj[i].status != 201 && bad++ == 0)
				fprintf(stderr, "bench_orders: %d %s\n", rj[i].status,
				    rj[i].resp != NULL ? rj[i].resp : "");
		ev_p99[r] = (double)ld_percentile(rj, (size_t)n, 99) / 1000.0;
		ev_rel[r] = ev_rate[r] / http_rate[r];
		for (e = 0; e < nend; e++) {
			char	 path[64];

			snprintf(path, sizeof(path), "/api/v1/webhooks/%lld",
			    (long long)ep[e]);
			cJSON_Delete(bench_api(fx, "DELETE", path, NULL, 204));
		}
		printf("    with %d endpoints subscribed to every event: API %4.0f/s "
		    "p99 %5.1f ms = %.2f x without\n", nend, ev_rate[r], ev_p99[r],
		    ev_rel[r]);
		printf("    per order, without / with endpoints: mariadbd %.0f / "
		    "%.0f us CPU, workers %.0f / %.0f us CPU, redo %.0f / %.0f "
		    "bytes\n", cpu0[0][r], cpu1[0][r], cpu0[1][r], cpu1[1][r],
		    cpu0[2][r], cpu1[2][r]);
	}
	m_http = median(http_rate, rounds);
	m_raw = median(raw_best, rounds);
	m_ratio = median(ratio, rounds);
	m_p99 = median(p99s, rounds);
	printf("  median: API %.0f orders/s (p99 %.1f ms), limit %.0f/s, ratio "
	    "%.2f (target >= 0.6, p99 < 50 ms); replay of the API's SQL %.0f/s; "
	    "%d not 201, %d 503\n", m_http, m_p99, m_raw, m_ratio,
	    median(replay, rounds), bad, n503);
	printf("  median mariadbd CPU: %.0f us per limit transaction, %.0f us "
	    "per API order (%.2f x)\n", median(cpulim, rounds),
	    median(cpu0[0], rounds), median(cpu0[0], rounds) /
	    median(cpulim, rounds));
	if (nend > 0)
		printf("  median with %d endpoints: API %.0f orders/s (p99 %.1f ms), "
		    "%.2f x without (target >= 0.90)\n", nend,
		    median(ev_rate, rounds), median(ev_p99, rounds),
		    median(ev_rel, rounds));
	if (nend > 0)
		printf("  median per order, without / with endpoints: mariadbd "
		    "%.0f / %.0f us CPU, workers %.0f / %.0f us CPU, redo %.0f / "
		    "%.0f bytes\n", median(cpu0[0], rounds), median(cpu1[0],
		    rounds), median(cpu0[1], rounds), median(cpu1[1], rounds),
		    median(cpu0[2], rounds), median(cpu1[2], rounds));
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM grants g JOIN orders o "
	    "ON o.id = g.order_id WHERE o.external_id LIKE 'h-%%' AND "
	    "CAST(SUBSTRING(o.external_id, 3) AS INTEGER) >= %d", warm);
	printf("  check: %lld orders counted through the API (expected %d), "
	    "%lld grants on measured orders (expected 3 each: %d), %lld events\n",
	    (long long)fx_sql_i64(fx, "SELECT COUNT(*) FROM order_campaigns oc "
	    "JOIN orders o ON o.id = oc.order_id WHERE o.external_id LIKE 'h-%'"),
	    warm + (nend > 0 ? 2 : 1) * rounds * n, (long long)fx_sql_i64(fx, sql),
	    3 * (nend > 0 ? 2 : 1) * rounds * n,
	    (long long)fx_sql_i64(fx, "SELECT COUNT(*) FROM events"));
	{
		double	 nb = fx_metric(fx, "stretchgoal_order_batches_total"
		    "{outcome=\"committed\"}");
		double	 nx = fx_metric(fx, "stretchgoal_order_batches_total"
		    "{outcome=\"not_committed\"}");
		double	 no = fx_metric(fx, "stretchgoal_orders_batched_total");

		printf("  group commit: %.0f orders in %.0f committed batches "
		    "(%.1f per batch), %.0f batches not committed\n", no, nb,
		    nb > 0 ? no / nb : 0.0, nx);
	}
	ld_jobs_free(jobs, (size_t)(warm + 2 * rounds * n));
	free(jobs);
	free(sh.lat);
	fx_stop(fx);
	return bad > 0;
}
