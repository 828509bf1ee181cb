/*
 * bench_callgrind.c — instruction counts of one order post and one public
 * answer (issue 10 item 4), by callgrind: a number that does not move with
 * the load of a shared host.
 *
 *   bench_callgrind [requests]      (20; run through bench/callgrind.sh)
 *
 * Three runs, each on a fresh fixture instance whose program is replaced
 * by the same one under valgrind --tool=callgrind (the supervisor and its
 * forked workers, each writing its own dump when it exits): the hot
 * campaign of bench_orders (three gift milestones, reached in a warm-up of
 * 200 orders, so every measured order is counted, locks the campaign and
 * gets three grants), the warm-up and 5 public answers, then nothing /
 * `requests` orders / `requests` public answers, one by one; the program
 * is stopped and the Ir ("totals:") of its processes summed.  Ir per
 * request = (run with them - run without) / requests.  (callgrind_control
 * does not reach forked children, so counters cannot be zeroed in them.)  Prints Ir per request.  The
 * program's own instructions only: MariaDB and nginx are other processes.
 */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
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
			if (sscanf(line, "totals: %lld", &v) == 1) {
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

/*
 * One run on a fresh instance: the program under callgrind, the hot
 * campaign, the warm-up, then `extra` requests of kind (0 none, 1 orders,
 * 2 public answers) one by one; the program is stopped (its workers exit
 * and write their dumps) and the Ir of all its processes is returned.
 */
static long long
run(int kind, int n)
{
	struct fx_opts	 opts = { 1, NULL };
	struct fx	*fx;
	struct ld_opts	 lo;
	struct ld_job	*warm, *more;
	char		 bin[600], conf[700];
	pid_t		 pid;
	int		 nwarm = 200, i;
	long long	 total;

	fx = fx_start(&opts);
	kill(fx->prog, SIGTERM);
	waitpid(fx->prog, NULL, 0);
	snprintf(outdir, sizeof(outdir), "%s", fx->dir);
	clear_dumps();
	snprintf(bin, sizeof(bin), "%s/stretchgoal", getenv("top_builddir"));
	snprintf(conf, sizeof(conf), "%s", fx->conf);
	if ((pid = fork()) == -1)
		bench_die("fork");
	if (pid == 0) {
		char	 out[700], log[700];
		int	 fd;

		snprintf(out, sizeof(out), "--callgrind-out-file=%s/callgrind.out.%%p",
		    outdir);
		snprintf(log, sizeof(log), "%s/stretchgoal.log", outdir);
		if ((fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644)) != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		setpgid(0, 0);
		execlp("valgrind", "valgrind", "--tool=callgrind", out, "-q",
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
	warm = calloc((size_t)nwarm + 5, sizeof(*warm));
	more = calloc((size_t)n, sizeof(*more));
	if (warm == NULL || more == NULL)
		bench_die("out of memory");
	for (i = 0; i < nwarm; i++)
		order_job(&warm[i], i);
	for (i = nwarm; i < nwarm + 5; i++) {
		warm[i].method = "GET";
		snprintf(warm[i].path, sizeof(warm[i].path), "/api/v1/public/shop/hot");
	}
	for (i = 0; i < n; i++) {
		if (kind == 1) {
			order_job(&more[i], nwarm + i);
			continue;
		}
		more[i].method = "GET";
		snprintf(more[i].path, sizeof(more[i].path), "/api/v1/public/shop/hot");
	}
	memset(&lo, 0, sizeof(lo));
	lo.port = fx->port;
	lo.auth = bench_token;
	lo.clients = 1;
	lo.deadline_s = 600;
	lo.keepalive = 1;
	ld_run(&lo, warm, (size_t)nwarm + 5);
	if (kind != 0) {
		ld_run(&lo, more, (size_t)n);
		for (i = 0; i < n; i++)
			if (more[i].status != (kind == 1 ? 201 : 200))
				bench_die("request %d: status %d: %s", i,
				    more[i].status, more[i].resp ? more[i].resp : "");
	}
	kill(fx->prog, SIGTERM);
	waitpid(fx->prog, NULL, 0);
	total = dumps_total(".out.");
	fx->prog = 0;
	ld_jobs_free(warm, (size_t)nwarm + 5);
	ld_jobs_free(more, (size_t)n);
	free(warm);
	free(more);
	fx_stop(fx);
	return total;
}

int
main(int argc, char *argv[])
{
	long long	 base, orders, pub;
	int		 n = 20;

	if (argc > 1)
		n = atoi(argv[1]);
	if (n < 1 || n > 1000)
		bench_die("usage: bench_callgrind [requests 1-1000]");
	base = run(0, n);
	orders = run(1, n);
	pub = run(2, n);
	printf("callgrind: program instructions (Ir, all its processes, from "
	    "start to stop) — a run with %d more requests minus a run without, "
	    "per request\n", n);
	printf("  POST /api/v1/orders (counted in a hot campaign, 3 grants): "
	    "%.0f Ir\n", (double)(orders - base) / n);
	printf("  GET /api/v1/public/shop/hot (progress JSON):                "
	    "%.0f Ir\n", (double)(pub - base) / n);
	printf("  (runs: without %lld, with orders %lld, with public answers %lld)\n",
	    base, orders, pub);
	return 0;
}
