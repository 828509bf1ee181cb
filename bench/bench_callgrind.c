/*
 * bench_callgrind.c — instruction counts of one order post and one public
 * answer (issue 10 item 4), by callgrind: a number that does not move with
 * the load of a shared host.
 *
 *   bench_callgrind [requests]      (20; run through bench/callgrind.sh)
 *
 * The fixture starts MariaDB's database, nginx and the program; this
 * replaces the program by the same one under
 *   valgrind --tool=callgrind --instr-atstart=no
 * (the supervisor and its workers), sets up the hot campaign of
 * bench_orders (three gift milestones, reached in a warm-up of 200 orders,
 * so every measured order is counted, locks the campaign and gets three
 * grants), then for each kind of request: switches collection on in every
 * process (callgrind_control -i on: instrumentation), sends `requests` of them one after
 * the other, switches it off and dumps (callgrind_control -d), and sums the
 * instructions (Ir) of every process's dump.  Prints Ir per request.  The
 * program's own instructions only: MariaDB and nginx are other processes.
 */
#include "config.h"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

static char	outdir[600];

static void
sh(const char *cmd)
{
	if (system(cmd) != 0)
		bench_die("%s failed", cmd);
}

/* Sum of the "summary:" / "totals:" Ir of the dumps in outdir named *tag*. */
static long long
dumps_total(const char *tag)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[1200], line[512];
	FILE		*f;
	long long	 sum = 0, v;

	if ((d = opendir(outdir)) == NULL)
		bench_die("%s: cannot open", outdir);
	while ((e = readdir(d)) != NULL) {
		if (strstr(e->d_name, "callgrind.out.") != e->d_name ||
		    strstr(e->d_name, tag) == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s", outdir, e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "totals: %lld", &v) == 1 ||
			    sscanf(line, "summary: %lld", &v) == 1) {
				sum += v;
				break;
			}
		fclose(f);
	}
	closedir(d);
	return sum;
}

static void
clear_dumps(void)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[1200];

	if ((d = opendir(outdir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, "callgrind.out.") == e->d_name &&
		    strchr(e->d_name, '.') != strrchr(e->d_name, '.')) {
			snprintf(path, sizeof(path), "%s/%s", outdir, e->d_name);
			unlink(path);
		}
	closedir(d);
}

/* Run n jobs one by one under collection; returns Ir per request. */
static double
measure(struct fx *fx, struct ld_job *jobs, int n, int want)
{
	struct ld_opts	 lo;
	long long	 total;
	int		 i;

	memset(&lo, 0, sizeof(lo));
	lo.port = fx->port;
	lo.auth = bench_token;
	lo.clients = 1;
	lo.deadline_s = 600;
	lo.keepalive = 1;
	clear_dumps();
	sh("callgrind_control -i on >/dev/null");
	ld_run(&lo, jobs, (size_t)n);
	sh("callgrind_control -i off >/dev/null");
	sh("callgrind_control -d >/dev/null");
	sleep(1);
	for (i = 0; i < n; i++)
		if (jobs[i].status != want)
			bench_die("request %d: status %d (want %d): %s", i,
			    jobs[i].status, want, jobs[i].resp ? jobs[i].resp : "");
	total = dumps_total(".");
	return (double)total / n;
}

static void
order_job(struct ld_job *j, int i)
{
	j->method = "POST";
	snprintf(j->path, sizeof(j->path), "/api/v1/orders");
	if ((j->body = malloc(512)) == NULL)
		bench_die("out of memory");
	j->body_len = (size_t)snprintf(j->body, 512,
	    "{\"id\":\"h-%d\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"c-%d\"},"
	    "\"line_items\":[{\"product_id\":\"p-1\",\"variant_id\":null,"
	    "\"quantity\":1,\"price\":1000}]}", i, i);
}

int
main(int argc, char *argv[])
{
	struct fx_opts	 opts = { 1, NULL };
	struct fx	*fx;
	struct ld_opts	 lo;
	struct ld_job	*warm, *orders, *pub;
	char		 bin[600], conf[700];
	pid_t		 pid;
	int		 n = 20, nwarm = 200, i;
	double		 ir_order, ir_public;

	if (argc > 1)
		n = atoi(argv[1]);
	if (n < 1 || n > 1000)
		bench_die("usage: bench_callgrind [requests 1-1000]");
	fx = fx_start(&opts);
	/* The same program, under callgrind. */
	kill(fx->prog, SIGTERM);
	waitpid(fx->prog, NULL, 0);
	snprintf(outdir, sizeof(outdir), "%s", fx->dir);
	snprintf(bin, sizeof(bin), "%s/stretchgoal", getenv("top_builddir"));
	snprintf(conf, sizeof(conf), "%s", fx->conf);
	if ((pid = fork()) == -1)
		bench_die("fork");
	if (pid == 0) {
		char	 out[700];

		snprintf(out, sizeof(out), "--callgrind-out-file=%s/callgrind.out.%%p",
		    outdir);
		setpgid(0, 0);
		execlp("valgrind", "valgrind", "--tool=callgrind",
		    "--trace-children=yes", "--instr-atstart=no", out, "-q",
		    bin, "-c", conf, (char *)NULL);
		_exit(127);
	}
	fx->prog = pid;
	for (i = 0; i < 600; i++) {
		struct fx_resp	 r;

		if (fx_http(fx, "GET", "/healthz", NULL, NULL, 0, &r) == 200) {
			fx_resp_free(&r);
			break;
		}
		fx_resp_free(&r);
		usleep(100000);
	}
	bench_store(fx);
	bench_campaign(fx, "hot", "units", 100000000LL, "p-1");
	bench_milestone(fx, "hot", 50, "all", "g-1");
	bench_milestone(fx, "hot", 100, "new", "g-2");
	bench_milestone(fx, "hot", 150, "all", "g-3");
	warm = calloc((size_t)nwarm, sizeof(*warm));
	orders = calloc((size_t)n, sizeof(*orders));
	pub = calloc((size_t)n + 5, sizeof(*pub));
	if (warm == NULL || orders == NULL || pub == NULL)
		bench_die("out of memory");
	for (i = 0; i < nwarm; i++)
		order_job(&warm[i], i);
	for (i = 0; i < n; i++)
		order_job(&orders[i], nwarm + i);
	for (i = 0; i < n + 5; i++) {
		pub[i].method = "GET";
		snprintf(pub[i].path, sizeof(pub[i].path),
		    "/api/v1/public/shop/hot");
	}
	memset(&lo, 0, sizeof(lo));
	lo.port = fx->port;
	lo.auth = bench_token;
	lo.clients = 4;
	lo.deadline_s = 600;
	lo.keepalive = 1;
	ld_run(&lo, warm, (size_t)nwarm);
	lo.clients = 1;
	ld_run(&lo, pub, 5);		/* the public worker's warm-up */
	ir_order = measure(fx, orders, n, 201);
	ir_public = measure(fx, pub + 5, n, 200);
	printf("callgrind: program instructions (Ir, all its processes) per "
	    "request, mean of %d sent one by one after a warm-up\n", n);
	printf("  POST /api/v1/orders (counted in a hot campaign, 3 grants): "
	    "%.0f Ir\n", ir_order);
	printf("  GET /api/v1/public/shop/hot (progress JSON):                "
	    "%.0f Ir\n", ir_public);
	ld_jobs_free(warm, (size_t)nwarm);
	ld_jobs_free(orders, (size_t)n);
	ld_jobs_free(pub, (size_t)n + 5);
	free(warm);
	free(orders);
	free(pub);
	fx_stop(fx);
	return 0;
}
