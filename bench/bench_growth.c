/*
 * bench_growth.c — how the order path's cost grows (issue 10 item 4):
 * milestones per campaign (1, 10, 100; one order = one campaign) and
 * campaigns per order (1, 5, 20; one milestone each), and the resident
 * memory of the program's worker processes at idle and under that load.
 *
 *   bench_growth [orders] [clients] [workers]     (1000 16 4)
 *
 * Each shape has its own campaigns (units goal 10^8, one product each);
 * each campaign's first milestone is a scope-"all" gift at target 1,
 * reached in a 50-order warm-up, so every measured order (a new backer)
 * is counted in each of its campaigns and gets one grant there; the other
 * milestones are gifts at targets no order reaches (evaluated, never
 * granted).  An order of K campaigns has K lines, one per campaign's
 * product.  Through nginx with keep-alive clients, as bench_orders.
 * RSS: VmRSS of every child of the supervisor (the workers of both
 * pools), read from /proc before the first shape (idle) and every 50 ms
 * during the runs (the largest seen).  Run through bench/run.sh growth.
 */
#include "config.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "common.h"

static pid_t		 super;
static atomic_int	 sampling;
static long		 rss_max_kb, rss_idle_kb, rss_idle_n;

/* Sum and count of VmRSS (kB) of the supervisor's children; max of one. */
static void
rss_scan(long *sum, long *n, long *max1)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[300], line[256];
	FILE		*f;
	long		 ppid, kb;
	int		 pid;

	*sum = *n = *max1 = 0;
	if ((d = opendir("/proc")) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if ((pid = atoi(e->d_name)) <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		ppid = -1;
		kb = 0;
		while (fgets(line, sizeof(line), f) != NULL) {
			(void)sscanf(line, "PPid: %ld", &ppid);
			(void)sscanf(line, "VmRSS: %ld", &kb);
		}
		fclose(f);
		if (ppid != (long)super)
			continue;
		*sum += kb;
		(*n)++;
		if (kb > *max1)
			*max1 = kb;
	}
	closedir(d);
}

static void *
sampler(void *arg)
{
	long	 sum, n, max1;

	(void)arg;
	while (atomic_load(&sampling)) {
		rss_scan(&sum, &n, &max1);
		if (max1 > rss_max_kb)
			rss_max_kb = max1;
		usleep(50000);
	}
	return NULL;
}

struct shape {
	int	 milestones, campaigns;
};

static void
run_shape(struct fx *fx, int si, const struct shape *s, int n, int clients)
{
	struct ld_opts	 lo;
	struct ld_job	*jobs;
	char		 slug[64], prod[64], gift[64], path[128], body[512], *b;
	int		 k, m, i, warm = 50, bad = 0;
	int64_t		 t0, p50, p99;
	double		 rate;
	size_t		 len;

	for (k = 0; k < s->campaigns; k++) {
		snprintf(slug, sizeof(slug), "s%d-c%d", si, k);
		snprintf(prod, sizeof(prod), "s%d-p%d", si, k);
		snprintf(gift, sizeof(gift), "s%d-g%d", si, k);
		bench_campaign(fx, slug, "units", 100000000LL, prod);
		bench_milestone(fx, slug, 1, "all", gift);
		for (m = 1; m < s->milestones; m++) {
			snprintf(path, sizeof(path), "/api/v1/campaigns/%s/milestones",
			    slug);
			snprintf(body, sizeof(body), "{\"target\":%d,\"title\":\"t%d\","
			    "\"before_text\":\"b\",\"after_text\":\"a\",\"reward\":"
			    "\"gift\",\"gift_product_id\":\"%s\",\"scope\":\"new\"}",
			    50000000 + m, m, gift);
			cJSON_Delete(bench_api(fx, "POST", path, body, 201));
		}
	}
	if ((jobs = calloc((size_t)(warm + n), sizeof(*jobs))) == NULL)
		bench_die("out of memory");
	for (i = 0; i < warm + n; i++) {
		jobs[i].method = "POST";
		snprintf(jobs[i].path, sizeof(jobs[i].path), "/api/v1/orders");
		len = 400 + (size_t)s->campaigns * 100;
		if ((b = jobs[i].body = malloc(len)) == NULL)
			bench_die("out of memory");
		jobs[i].body_len = (size_t)snprintf(b, len, "{\"id\":\"s%d-%d\","
		    "\"placed_at\":\"2026-11-22T10:00:00Z\",\"currency\":\"USD\","
		    "\"customer\":{\"id\":\"s%d-c%d\"},\"line_items\":[", si, i, si, i);
		for (k = 0; k < s->campaigns; k++)
			jobs[i].body_len += (size_t)snprintf(b + jobs[i].body_len,
			    len - jobs[i].body_len, "%s{\"product_id\":\"s%d-p%d\","
			    "\"quantity\":1,\"price\":1000}", k ? "," : "", si, k);
		jobs[i].body_len += (size_t)snprintf(b + jobs[i].body_len,
		    len - jobs[i].body_len, "]}");
	}
	memset(&lo, 0, sizeof(lo));
	lo.port = fx->port;
	lo.auth = bench_token;
	lo.clients = clients;
	lo.deadline_s = 300;
	lo.keepalive = 1;
	ld_run(&lo, jobs, (size_t)warm);
	t0 = ld_now_us();
	ld_run(&lo, jobs + warm, (size_t)n);
	rate = (double)n / ((double)(ld_now_us() - t0) / 1e6);
	for (i = warm; i < warm + n; i++)
		if (jobs[i].status != 201 && bad++ == 0)
			fprintf(stderr, "bench_growth: %d %s\n", jobs[i].status,
			    jobs[i].resp != NULL ? jobs[i].resp : "");
	p50 = ld_percentile(jobs + warm, (size_t)n, 50);
	p99 = ld_percentile(jobs + warm, (size_t)n, 99);
	snprintf(body, sizeof(body), "SELECT COUNT(*) FROM grants g JOIN orders o "
	    "ON o.id = g.order_id WHERE o.external_id LIKE 's%d-%%'", si);
	printf("  %3d milestones x %2d campaigns per order: %5.0f orders/s "
	    "(%5.0f campaign counts/s) p50 %6.1f ms p99 %6.1f ms | %lld grants "
	    "(expected %d) %d not 201\n", s->milestones, s->campaigns, rate,
	    rate * s->campaigns, (double)p50 / 1000.0, (double)p99 / 1000.0,
	    (long long)fx_sql_i64(fx, body), (warm + n) * s->campaigns, bad);
	ld_jobs_free(jobs, (size_t)(warm + n));
	free(jobs);
}

int
main(int argc, char *argv[])
{
	static const struct shape shapes[] = {
		{ 1, 1 }, { 10, 1 }, { 100, 1 }, { 1, 5 }, { 1, 20 },
	};
	struct fx_opts	 opts = { 4, NULL };
	struct fx	*fx;
	pthread_t	 th;
	long		 sum, nproc, max1;
	int		 n = 1000, clients = 16;
	size_t		 i;

	if (argc > 1)
		n = atoi(argv[1]);
	if (argc > 2)
		clients = atoi(argv[2]);
	if (argc > 3)
		opts.workers = atoi(argv[3]);
	if (n < 100 || clients < 1 || opts.workers < 1)
		bench_die("usage: bench_growth [orders>=100] [clients] [workers]");
	fx = fx_start(&opts);
	super = fx->prog;
	bench_store(fx);
	sleep(1);
	rss_scan(&sum, &nproc, &max1);
	rss_idle_kb = max1;
	rss_idle_n = nproc;
	printf("bench growth: %d orders per shape, %d clients, %d workers, "
	    "durable commits\n", n, clients, opts.workers);
	printf("  RSS idle: %ld worker processes, largest %ld kB, all %ld kB\n",
	    nproc, max1, sum);
	atomic_init(&sampling, 1);
	if (pthread_create(&th, NULL, sampler, NULL) != 0)
		bench_die("pthread_create");
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		run_shape(fx, (int)i, &shapes[i], n, clients);
	atomic_store(&sampling, 0);
	pthread_join(th, NULL);
	rss_scan(&sum, &nproc, &max1);
	printf("  RSS under load: largest worker %ld kB at most (sampled every "
	    "50 ms); after: %ld processes, largest %ld kB, all %ld kB\n",
	    rss_max_kb, nproc, max1, sum);
	(void)rss_idle_kb;
	(void)rss_idle_n;
	fx_stop(fx);
	return 0;
}
