/*
 * main.c — the stretchgoal FastCGI program.
 *
 * A supervisor process opens two unix sockets, one per worker pool: the
 * private pool ("listen", "workers": the store's pipeline, admin, hooks)
 * and the public pool ("public_listen", "public_workers": widgets, public
 * JSON, oEmbed), so that a burst of public requests never takes the
 * pipeline's workers.  It starts the workers of both pools, restarts a
 * worker that dies in its own pool, stops gracefully on SIGTERM or SIGINT
 * (workers of both pools finish the request in flight), and on SIGHUP
 * re-reads the configuration and replaces both pools with new workers
 * (which load the templates afresh) without closing the sockets.  Before
 * the first fork it maps the shared metrics segment (app/metrics.h).
 *
 * usage: stretchgoal [-c config-file] [-t]
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/metrics.h"
#include "db/db.h"
#include "db/replica.h"
#include "http/fcgi.h"
#include "render/mustache.h"
#include "service/fanout.h"
#include "util/config.h"
#include "util/crypto.h"
#include "util/log.h"

/* Most workers per pool; the config also bounds it. */
#define MAX_WORKERS		256
/* Seconds the supervisor waits for workers to finish before SIGKILL. */
#define STOP_GRACE_SECONDS	30
/* A worker that dies this many times within RESPAWN_WINDOW seconds... */
#define RESPAWN_BURST		10
#define RESPAWN_WINDOW		10
/* ...makes the supervisor pause this long before the next start. */
#define RESPAWN_PAUSE_MS	1000
/*
 * The kind of the one worker that is not in a pool: the fan-out task,
 * which writes rule 5's grants after the answer (service/fanout.h).
 */
#define TASK_FANOUT		SG_POOL__MAX
#define KINDS			(SG_POOL__MAX + 1)
/* The task's pause when no fan-out is pending, and after a failed step. */
#define FANOUT_IDLE_MS		200
/* Its pause while the other tasks write a fan-out's last ranges. */
#define FANOUT_WAIT_MS		20

static volatile sig_atomic_t got_term, got_hup, got_chld;
static volatile sig_atomic_t worker_stop;

struct worker {
	pid_t		 pid;
	int		 generation;
	int		 kind;		/* an enum sg_pool, or TASK_FANOUT */
};

/* Both pools and the task, an old and a new generation of each during a
   reload. */
static struct worker	workers[(MAX_WORKERS * SG_POOL__MAX +
			    SG_FANOUT_TASKS_MAX) * 2];
_Static_assert(MAX_WORKERS * SG_POOL__MAX * 2 <= SG_METRICS_SLOTS,
    "a metrics slot per pool worker (the task has none)");
/* The listening socket of each pool. */
static int		pool_fd[SG_POOL__MAX] = { -1, -1 };
static const char *const pool_name[KINDS] = { "private", "public", "fan-out" };

static void
usage(void)
{
	fprintf(stderr, "usage: stretchgoal [-c config-file] [-t]\n"
	    "  -c FILE  configuration file (default: $SG_CONFIG or %s/stretchgoal.conf)\n"
	    "  -t       check the configuration and exit\n", SG_SYSCONFDIR);
	exit(2);
}

static void
on_supervisor_signal(int sig)
{
	if (sig == SIGTERM || sig == SIGINT)
		got_term = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
}

static void
on_worker_term(int sig)
{
	(void)sig;
	worker_stop = 1;
	fcgi_shutdown();
}

static void
on_task_term(int sig)
{
	(void)sig;
	worker_stop = 1;
}

static void
set_handler(int sig, void (*fn)(int))
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: accept() must return */
	sigaction(sig, &sa, NULL);
}

/*
 * Compile every template in cfg->template_dir and load its language
 * catalogues (i18n/).  Returns the set, or NULL (logged) when a template
 * does not parse, a catalogue does not load or a directory cannot be read.
 */
static struct mst_set *
templates_load(const struct sg_config *cfg)
{
	struct mst_set		*set;
	struct mst_error	 err;
	char			 i18n[4096];

	if ((set = mst_set_new()) == NULL) {
		sg_error("templates: out of memory");
		return NULL;
	}
	if (mst_set_load_dir(set, cfg->template_dir, &err) != MST_OK) {
		sg_error("templates in %s: %s", cfg->template_dir, err.message);
		mst_set_free(set);
		return NULL;
	}
	/* The widget's language catalogues, TEMPLATE_DIR/i18n/TAG.json. */
	snprintf(i18n, sizeof(i18n), "%s/i18n", cfg->template_dir);
	if (mst_set_load_i18n(set, i18n, &err) != MST_OK) {
		sg_error("language catalogues: %s", err.message);
		mst_set_free(set);
		return NULL;
	}
	return set;
}

/*
 * FNV-1a over the name and bytes of every *.mustache file in dir, in name
 * order (the order mst_set_load_dir() reads them), so that the same
 * templates give the same tag on every host.
 */
static uint32_t
templates_tag(const char *dir)
{
	struct dirent	**names = NULL;
	char		 path[4096], chunk[8192];
	uint32_t	 h = 2166136261u;
	size_t		 len, k;
	int		 n, i;
	FILE		*f;

	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return h;
	for (i = 0; i < n; i++) {
		len = strlen(names[i]->d_name);
		if (names[i]->d_name[0] != '.' && len > 9 &&
		    strcmp(names[i]->d_name + len - 9, ".mustache") == 0) {
			for (k = 0; k <= len; k++)
				h = (h ^ (unsigned char)names[i]->d_name[k]) * 16777619u;
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if ((f = fopen(path, "r")) != NULL) {
				while ((len = fread(chunk, 1, sizeof(chunk), f)) > 0)
					for (k = 0; k < len; k++)
						h = (h ^ (unsigned char)chunk[k]) * 16777619u;
				fclose(f);
			}
		}
		free(names[i]);
	}
	free(names);
	return h;
}

/*
 * The start of every child of the supervisor: it dies with the
 * supervisor, is called name ("ps -o comm" and the tests tell the kinds
 * apart by it), stops on SIGTERM or SIGINT through on_term, and takes
 * every signal again.
 */
static void
child_start(const char *name, void (*on_term)(int))
{
	sigset_t	 none;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	prctl(PR_SET_NAME, name);
	set_handler(SIGTERM, on_term);
	set_handler(SIGINT, on_term);
	set_handler(SIGHUP, SIG_IGN);
	set_handler(SIGCHLD, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (getppid() == 1)
		_exit(0);	/* the supervisor is already gone */
}

/* The worker process: one database connection, serve until told to stop. */
static void
worker_main(enum sg_pool pool, int slot, const struct sg_config *cfg,
    const struct mst_set *templates, uint32_t tag)
{
	struct sg_app	 app;
	int		 rc;

	child_start(pool == SG_POOL_PUBLIC ? "sg-public" : "sg-private",
	    on_worker_term);
	sg_metrics_set_self(pool, slot);

	memset(&app, 0, sizeof(app));
	app.cfg = cfg;
	app.templates = templates;
	app.templates_tag = tag;
	svc_fanout_set_inline_max(cfg->fanout_inline_max);
	if ((app.db = db_new(cfg)) == NULL) {
		sg_error("worker: out of memory");
		_exit(1);
	}
	(void)db_ensure(app.db);	/* early, but a down database is fine */
	/* Public reads may go to a read replica (db/replica.h). */
	if (pool == SG_POOL_PUBLIC && cfg->db_nreplicas > 0 &&
	    (app.replica = db_replica_new(cfg)) == NULL)
		_exit(1);
	/* The private pool reads orders in batches for group commit. */
	rc = fcgi_serve(pool_fd[pool], sg_app_body_cap(&app),
	    pool == SG_POOL_PRIVATE ? (size_t)cfg->order_batch : 1,
	    sg_app_dispatch, &app, &worker_stop);
	sg_app_cleanup(&app);
	db_free(app.db);
	sg_log_flush();
	exit(rc == 0 ? 0 : 1);
}

static void
pause_ms(long ms)
{
	struct timespec	 ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);	/* a signal cuts it short */
}

/*
 * A fan-out task (fanout_tasks of them): rule 5's grants of large
 * campaigns after the answer, one piece of work per pending fan-out per
 * step (service/fanout.h), until told to stop.  A claim and a chunk are
 * each their own transaction, so SIGTERM (or SIGKILL) loses at most the
 * one in flight: a claimed chunk that was not written stays for the next
 * task that looks.
 */
static void
task_main(const struct sg_config *cfg)
{
	struct sg_db	*db;
	int64_t		 made, pending, ended, waiting, was = 0;
	uint64_t	 seen = 0;
	int		 rc;

	child_start("sg-fanout", on_task_term);
	for (rc = 0; rc < SG_POOL__MAX; rc++)
		close(pool_fd[rc]);
	if ((db = db_new(cfg)) == NULL) {
		sg_error("fan-out task: out of memory");
		_exit(1);
	}
	while (!worker_stop) {
		/*
		 * Orders first: all but the host's first task step aside while
		 * the order workers are busy or have started a request since
		 * the task last looked (FANOUT_WAIT_MS ago, or before its last
		 * step), so that a fan-out's second writer takes the database's
		 * spare time, not the orders' (BENCHMARKS.md (b): two writers at
		 * once halved the campaign's order rate).  Busy alone is not
		 * enough: with orders arriving at a steady rate the workers are
		 * idle between them, and a step started in such a gap writes a
		 * whole range beside the orders that follow.
		 */
		if (cfg->fanout_tasks > 1 && !sg_metrics_fanout_first() &&
		    sg_metrics_orders_active(&seen)) {
			pause_ms(FANOUT_WAIT_MS);
			continue;
		}
		if (db_ensure(db) != DB_OK) {
			pause_ms(1000);
			continue;
		}
		rc = svc_fanout_step(db, cfg->fanout_batch, &made, &pending,
		    &ended, &waiting);
		sg_metrics_fanout(made, ended);
		if (rc == DB_RETRY) {
			/*
			 * Rolled back on a deadlock or a certification conflict
			 * with another task, an order or a cancel of the same
			 * rows (several tasks per host, on Galera several hosts):
			 * expected, counted, and run again soon.
			 */
			sg_metrics_retry(sg_metrics_retry_cause(db_last_error(db)));
			sg_debug("fan-out: %s; again", db_last_error(db));
		} else if (rc != SVC_OK)
			sg_warn("fan-out: %s; again in %d ms", db_last_error(db),
			    FANOUT_IDLE_MS);
		if (made > 0)
			sg_debug("fan-out: %lld grants, %lld fan-outs pending",
			    (long long)made, (long long)pending);
		if (pending == 0 && was > 0)
			sg_info("fan-out: no fan-out pending");
		was = pending;
		if (pending == 0 || (rc != SVC_OK && rc != DB_RETRY))
			pause_ms(FANOUT_IDLE_MS);
		else if (rc == DB_RETRY || waiting == pending)
			/* A conflict, or only other tasks' last ranges left. */
			pause_ms(FANOUT_WAIT_MS);
	}
	db_free(db);
	sg_log_flush();
	exit(0);
}

static pid_t
worker_spawn(int kind, const struct sg_config *cfg,
    const struct mst_set *templates, uint32_t tag, int generation)
{
	pid_t	 pid;
	size_t	 i;

	for (i = 0; i < sizeof(workers) / sizeof(workers[0]); i++)
		if (workers[i].pid == 0)
			break;
	if (i == sizeof(workers) / sizeof(workers[0]))
		return -1;
	if ((pid = fork()) == -1) {
		sg_error("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (kind == TASK_FANOUT)
			task_main(cfg);
		worker_main((enum sg_pool)kind, (int)i, cfg, templates, tag);
	}
	workers[i].pid = pid;
	workers[i].generation = generation;
	workers[i].kind = kind;
	return pid;
}

/* The size of a pool in cfg, within MAX_WORKERS. */
static long
pool_size(const struct sg_config *cfg, enum sg_pool pool)
{
	long	 n;

	n = pool == SG_POOL_PUBLIC ? sg_config_public_workers(cfg) :
	    sg_config_workers(cfg);
	return n > MAX_WORKERS ? MAX_WORKERS : n;
}

/* Start a full generation of both pools and the fan-out task. */
static void
pools_spawn(const struct sg_config *cfg, const struct mst_set *templates,
    uint32_t tag, int generation)
{
	long	 i, n;
	int	 p;

	for (p = 0; p < SG_POOL__MAX; p++) {
		n = pool_size(cfg, (enum sg_pool)p);
		sg_metrics_set_pool((enum sg_pool)p, pool_fd[p], n);
		for (i = 0; i < n; i++)
			worker_spawn(p, cfg, templates, tag, generation);
	}
	for (i = 0; i < cfg->fanout_tasks; i++)
		worker_spawn(TASK_FANOUT, cfg, templates, tag, generation);
}

/*
 * The listen backlog: listen_backlog, but the kernel silently caps it at
 * net.core.somaxconn; say so rather than let a deep queue be shallow.
 */
static int
effective_backlog(const struct sg_config *cfg)
{
	FILE	*f;
	long	 max = -1;

	if ((f = fopen("/proc/sys/net/core/somaxconn", "r")) != NULL) {
		if (fscanf(f, "%ld", &max) != 1)
			max = -1;
		fclose(f);
	}
	if (max > 0 && cfg->listen_backlog > max) {
		sg_warn("listen_backlog %ld is capped at %ld by "
		    "/proc/sys/net/core/somaxconn; raise net.core.somaxconn "
		    "for a deeper queue", cfg->listen_backlog, max);
		return (int)max;
	}
	return (int)cfg->listen_backlog;
}

static int
workers_alive(void)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < sizeof(workers) / sizeof(workers[0]); i++)
		if (workers[i].pid != 0)
			n++;
	return n;
}

static void
workers_signal(int sig, int generation_below)
{
	size_t	 i;

	for (i = 0; i < sizeof(workers) / sizeof(workers[0]); i++)
		if (workers[i].pid != 0 && workers[i].generation < generation_below)
			kill(workers[i].pid, sig);
}

/*
 * Collect dead workers.  Returns how many workers of the current generation
 * died unexpectedly (they need replacing).
 */
static int
workers_reap(int generation, int stopping, int lost_by_pool[KINDS])
{
	pid_t	 pid;
	int	 status, lost = 0;
	size_t	 i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < sizeof(workers) / sizeof(workers[0]); i++) {
			if (workers[i].pid != pid)
				continue;
			workers[i].pid = 0;
			sg_metrics_slot_free((int)i);
			if (workers[i].kind == TASK_FANOUT)
				sg_metrics_fanout_gone(pid);
			if (stopping || workers[i].generation != generation)
				break;
			lost++;
			if (lost_by_pool != NULL)
				lost_by_pool[workers[i].kind]++;
			if (WIFSIGNALED(status))
				sg_warn("%s worker %ld killed by signal %d; starting another",
				    pool_name[workers[i].kind], (long)pid,
				    WTERMSIG(status));
			else
				sg_warn("%s worker %ld exited with status %d; starting another",
				    pool_name[workers[i].kind], (long)pid,
				    WEXITSTATUS(status));
			break;
		}
	}
	return lost;
}

static const char *
config_path(const char *opt)
{
	const char	*env;

	if (opt != NULL)
		return opt;
	if ((env = getenv("SG_CONFIG")) != NULL && *env != '\0')
		return env;
	return SG_SYSCONFDIR "/stretchgoal.conf";
}

static struct sg_config *
config_load_or_log(const char *path)
{
	struct sg_config	*cfg;
	char			 err[512];
	int			 lvl;

	if (access(path, F_OK) != 0 && getenv("SG_CONFIG") == NULL &&
	    strcmp(path, SG_SYSCONFDIR "/stretchgoal.conf") == 0)
		path = NULL;	/* no file at the default place: defaults + env */
	if ((cfg = sg_config_load(path, err, sizeof(err))) == NULL) {
		sg_error("configuration: %s", err);
		return NULL;
	}
	if ((lvl = sg_log_level_parse(cfg->log_level)) < 0) {
		sg_error("configuration: log_level must be debug, info, warn or error");
		sg_config_free(cfg);
		return NULL;
	}
	sg_log_init("stretchgoal", (enum sg_log_level)lvl);
	return cfg;
}

int
main(int argc, char *argv[])
{
	struct sg_config	*cfg, *ncfg;
	struct mst_set		*templates, *ntemplates;
	uint32_t		 tag;
	const char		*cpath = NULL;
	sigset_t		 block, old;
	int			 ch, check = 0, generation = 1, lost, i, p, backlog;
	int			 lost_by_pool[KINDS];
	time_t			 window_start = 0;
	int			 window_deaths = 0;
	struct timespec		 ts, deadline;

	while ((ch = getopt(argc, argv, "c:th")) != -1) {
		switch (ch) {
		case 'c':
			cpath = optarg;
			break;
		case 't':
			check = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	sg_log_init("stretchgoal", SG_LOG_INFO);
	cpath = config_path(cpath);
	if ((cfg = config_load_or_log(cpath)) == NULL)
		return 1;
	if (check) {
		/* The templates must load too (a missing directory fails). */
		if ((templates = templates_load(cfg)) == NULL) {
			sg_config_free(cfg);
			return 1;
		}
		mst_set_free(templates);
		printf("configuration ok\n");
		sg_config_free(cfg);
		return 0;
	}
	if (sg_crypto_init() == -1) {
		sg_error("libsodium failed to initialise");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	/* Signals are handled only inside sigsuspend(). */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	set_handler(SIGTERM, on_supervisor_signal);
	set_handler(SIGINT, on_supervisor_signal);
	set_handler(SIGHUP, on_supervisor_signal);
	set_handler(SIGCHLD, on_supervisor_signal);

	if ((templates = templates_load(cfg)) == NULL)
		return 1;
	tag = templates_tag(cfg->template_dir);
	backlog = effective_backlog(cfg);
	if ((pool_fd[SG_POOL_PRIVATE] = fcgi_listen(cfg->listen, backlog,
	    0666)) == -1)
		return 1;
	if ((pool_fd[SG_POOL_PUBLIC] = fcgi_listen(cfg->public_listen, backlog,
	    0666)) == -1) {
		close(pool_fd[SG_POOL_PRIVATE]);
		unlink(cfg->listen);
		return 1;
	}
	if (sg_metrics_init() == -1)
		sg_warn("metrics are off: /metrics answers 503");
	pools_spawn(cfg, templates, tag, generation);
	sg_info("listening on %s with %ld workers (private pool) and on %s "
	    "with %ld workers (public pool), listen backlog %d", cfg->listen,
	    pool_size(cfg, SG_POOL_PRIVATE), cfg->public_listen,
	    pool_size(cfg, SG_POOL_PUBLIC), backlog);

	while (!got_term) {
		sigsuspend(&old);
		if (got_chld) {
			got_chld = 0;
			memset(lost_by_pool, 0, sizeof(lost_by_pool));
			lost = workers_reap(generation, 0, lost_by_pool);
			if (lost > 0) {
				if (time(NULL) - window_start > RESPAWN_WINDOW) {
					window_start = time(NULL);
					window_deaths = 0;
				}
				window_deaths += lost;
				if (window_deaths > RESPAWN_BURST) {
					sg_warn("workers keep dying; pausing before restarting them");
					ts.tv_sec = RESPAWN_PAUSE_MS / 1000;
					ts.tv_nsec = (RESPAWN_PAUSE_MS % 1000) * 1000000L;
					nanosleep(&ts, NULL);
				}
				for (p = 0; p < KINDS; p++)
					for (i = 0; i < lost_by_pool[p]; i++)
						worker_spawn(p, cfg,
						    templates, tag, generation);
			}
		}
		if (got_hup) {
			got_hup = 0;
			if ((ncfg = config_load_or_log(cpath)) == NULL) {
				sg_warn("reload refused; keeping the running configuration");
				continue;
			}
			if ((ntemplates = templates_load(ncfg)) == NULL) {
				sg_warn("reload refused; keeping the running templates");
				sg_config_free(ncfg);
				continue;
			}
			/* Old workers keep their own copies (fork). */
			mst_set_free(templates);
			templates = ntemplates;
			tag = templates_tag(ncfg->template_dir);
			if (strcmp(ncfg->listen, cfg->listen) != 0 ||
			    strcmp(ncfg->public_listen, cfg->public_listen) != 0)
				sg_warn("reload: a new listen path takes a restart; "
				    "keeping %s and %s", cfg->listen,
				    cfg->public_listen);
			if (ncfg->listen_backlog != cfg->listen_backlog)
				sg_warn("reload: a new listen_backlog takes a restart");
			/* Old workers keep their own copy of cfg (fork). */
			sg_config_free(cfg);
			cfg = ncfg;
			generation++;
			pools_spawn(cfg, templates, tag, generation);
			workers_signal(SIGTERM, generation);
			sg_info("reloaded: %ld private and %ld public workers, "
			    "old ones finishing", pool_size(cfg, SG_POOL_PRIVATE),
			    pool_size(cfg, SG_POOL_PUBLIC));
		}
	}

	sg_info("stopping: waiting for requests in flight");
	workers_signal(SIGTERM, generation + 1);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += STOP_GRACE_SECONDS;
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (workers_alive() > 0) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		if (ts.tv_sec > deadline.tv_sec) {
			sg_warn("workers did not stop in %d s; killing them",
			    STOP_GRACE_SECONDS);
			workers_signal(SIGKILL, generation + 1);
		}
		workers_reap(generation, 1, NULL);
		ts.tv_sec = 0;
		ts.tv_nsec = 20 * 1000000L;
		nanosleep(&ts, NULL);
	}
	for (p = 0; p < SG_POOL__MAX; p++)
		close(pool_fd[p]);
	unlink(cfg->listen);
	unlink(cfg->public_listen);
	mst_set_free(templates);
	sg_config_free(cfg);
	sg_info("stopped");
	return 0;
}
