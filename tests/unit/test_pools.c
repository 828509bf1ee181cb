/*
 * test_pools.c — the pools' settings (public_listen, public_workers,
 * listen_backlog, metrics_allow) and the metrics module: counting into the
 * shared segment, the text format, retry causes, and the accept queue depth
 * of a real listening socket.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "app/app.h"
#include "app/metrics.h"
#include "handlers/handlers.h"
#include "util/config.h"
#include "unit.h"

static struct sg_config *
load_text(const char *text, char *err, size_t errlen)
{
	char			 path[64];
	struct sg_config	*c;
	FILE			*f;
	int			 fd;

	snprintf(path, sizeof(path), "/tmp/sgpools-XXXXXX");
	CU_ASSERT_FATAL((fd = mkstemp(path)) != -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fdopen(fd, "w"));
	fputs(text, f);
	fclose(f);
	c = sg_config_load(path, err, errlen);
	unlink(path);
	return c;
}

static void
test_config_pools(void)
{
	struct sg_config	*c;
	char			 err[256];
	long			 cores = sysconf(_SC_NPROCESSORS_ONLN);

	c = load_text("listen = /run/x/sg.sock\n", err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_STRING_EQUAL(c->public_listen, "/run/x/sg-public.sock");
	CU_ASSERT_EQUAL(c->listen_backlog, 4096);
	CU_ASSERT_EQUAL(sg_config_workers(c), cores > 0 ? cores : 1);
	CU_ASSERT_EQUAL(sg_config_public_workers(c), cores > 0 ? 2 * cores : 2);
	CU_ASSERT_STRING_EQUAL(c->metrics_allow, "127.0.0.1, ::1");
	sg_config_free(c);

	c = load_text("listen = /run/x/fcgi\npublic_workers = 7\n", err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_STRING_EQUAL(c->public_listen, "/run/x/fcgi-public");
	CU_ASSERT_EQUAL(sg_config_public_workers(c), 7);
	sg_config_free(c);

	c = load_text("listen = /a.sock\npublic_listen = /b.sock\n", err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_STRING_EQUAL(c->public_listen, "/b.sock");
	sg_config_free(c);

	c = load_text("listen = /a.sock\npublic_listen = /a.sock\n", err, sizeof(err));
	CU_ASSERT_PTR_NULL(c);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "public_listen"));
	c = load_text("public_workers = 257\n", err, sizeof(err));
	CU_ASSERT_PTR_NULL(c);
	c = load_text("listen_backlog = 0\n", err, sizeof(err));
	CU_ASSERT_PTR_NULL(c);
}

static void
test_addr_allowed(void)
{
	CU_ASSERT_TRUE(sg_config_addr_allowed("127.0.0.1, ::1", "127.0.0.1"));
	CU_ASSERT_TRUE(sg_config_addr_allowed("127.0.0.1, ::1", "::1"));
	CU_ASSERT_TRUE(sg_config_addr_allowed("10.0.0.1 10.0.0.2,10.0.0.3", "10.0.0.3"));
	CU_ASSERT_FALSE(sg_config_addr_allowed("127.0.0.1, ::1", "127.0.0.10"));
	CU_ASSERT_FALSE(sg_config_addr_allowed("127.0.0.1, ::1", "127.0.0."));
	CU_ASSERT_FALSE(sg_config_addr_allowed("127.0.0.1, ::1", ""));
	CU_ASSERT_FALSE(sg_config_addr_allowed("", "127.0.0.1"));
	CU_ASSERT_FALSE(sg_config_addr_allowed(NULL, "127.0.0.1"));
}

static void
test_retry_causes(void)
{
	CU_ASSERT_EQUAL(sg_metrics_retry_cause("1213: Deadlock found"), SG_RETRY_DEADLOCK);
	CU_ASSERT_EQUAL(sg_metrics_retry_cause("1205: Lock wait timeout"), SG_RETRY_LOCK_WAIT);
	CU_ASSERT_EQUAL(sg_metrics_retry_cause("1213: WSREP detected deadlock/conflict"),
	    SG_RETRY_CERTIFICATION);
	CU_ASSERT_EQUAL(sg_metrics_retry_cause("1180: Got error 6 during COMMIT"),
	    SG_RETRY_CERTIFICATION);
	CU_ASSERT_EQUAL(sg_metrics_retry_cause("1452: Cannot add a child row"),
	    SG_RETRY_FK_ABORT);
	/* retried only as an auto-increment id taken twice (db_classify_stmt) */
	CU_ASSERT_EQUAL(sg_metrics_retry_cause("1062: Duplicate entry '7' for "
	    "key 'PRIMARY'"), SG_RETRY_AUTOINC);
	CU_ASSERT_EQUAL(sg_metrics_retry_cause("1048: Column 'backer' cannot be "
	    "null"), SG_RETRY_AUTOINC);
	CU_ASSERT_EQUAL(sg_metrics_retry_cause("1020: Record has changed"),
	    SG_RETRY_OTHER);
	CU_ASSERT_EQUAL(sg_metrics_retry_cause("connect: refused"), SG_RETRY_OTHER);
	CU_ASSERT_EQUAL(sg_metrics_retry_cause(NULL), SG_RETRY_OTHER);
}

/* Connections not yet accepted are the queue depth; the limit the backlog. */
static void
test_queue_depth(void)
{
	struct sockaddr_un	 sun;
	int			 lfd, c[3], i;
	long			 max = -1;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "/tmp/sgpools-q-%ld.sock",
	    (long)getpid());
	unlink(sun.sun_path);
	CU_ASSERT_FATAL((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
	CU_ASSERT_EQUAL_FATAL(bind(lfd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	CU_ASSERT_EQUAL_FATAL(listen(lfd, 17), 0);
	CU_ASSERT_EQUAL(sg_metrics_queue_depth(lfd, &max), 0);
	CU_ASSERT_EQUAL(max, 17);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_FATAL((c[i] = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
		CU_ASSERT_EQUAL(connect(c[i], (struct sockaddr *)&sun, sizeof(sun)), 0);
	}
	CU_ASSERT_EQUAL(sg_metrics_queue_depth(lfd, NULL), 3);
	close(accept(lfd, NULL, NULL));
	CU_ASSERT_EQUAL(sg_metrics_queue_depth(lfd, NULL), 2);
	for (i = 0; i < 3; i++)
		close(c[i]);
	close(lfd);
	unlink(sun.sun_path);
	CU_ASSERT_EQUAL(sg_metrics_queue_depth(-1, NULL), -1);
}

static double
sample(const char *text, const char *series)
{
	const char	*p = text;
	size_t		 n = strlen(series);

	while ((p = strstr(p, series)) != NULL) {
		if ((p == text || p[-1] == '\n') && p[n] == ' ')
			return atof(p + n + 1);
		p += n;
	}
	return -1;
}

/* Route index of method + pattern in the table, or -1. */
static int
route_index(const char *method, const char *pattern)
{
	const char	*m, *p;
	size_t		 i;

	for (i = 0; i < sg_route_count(); i++) {
		sg_route_describe(i, &m, &p);
		if (strcmp(m, method) == 0 && strcmp(p, pattern) == 0)
			return (int)i;
	}
	return -1;
}

static void
test_metrics_render(void)
{
	struct sg_config	*c;
	struct sg_app		 app;
	struct sg_req		 req;
	struct sg_resp		 resp;
	char			 err[256];
	int			 orders = route_index("POST", "/api/v1/orders");
	int			 pub = route_index("GET", "/w/*/*");

	CU_ASSERT_FATAL(orders >= 0 && pub >= 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c = load_text("log_level = error\n", err,
	    sizeof(err)));
	memset(&app, 0, sizeof(app));
	app.cfg = c;
	memset(&req, 0, sizeof(req));
	req.remote_addr = "127.0.0.1";

	/* Before the segment exists: counting is a no-op, /metrics 503. */
	sg_metrics_request(pub, 200, 10);
	sg_resp_init(&resp);
	CU_ASSERT_EQUAL(h_metrics(&app, &req, &resp), SG_H_OK);
	CU_ASSERT_EQUAL(resp.status, 503);
	sg_resp_free(&resp);

	CU_ASSERT_EQUAL_FATAL(sg_metrics_init(), 0);
	sg_metrics_set_pool(SG_POOL_PUBLIC, -1, 4);
	sg_metrics_set_self(SG_POOL_PUBLIC, 5);
	sg_metrics_busy(1);
	sg_metrics_request(pub, 200, 700);		/* 0.7 ms */
	sg_metrics_request(pub, 200, 30000);		/* 30 ms */
	sg_metrics_request(pub, 304, 20000000);		/* 20 s: only +Inf */
	sg_metrics_busy(-1);
	sg_metrics_request(orders, 201, 4000);
	sg_metrics_request(orders, 200, 4000);
	sg_metrics_request(orders, 418, 4000);		/* a rare code: 4xx */
	sg_metrics_request(-1, 404, 100);
	sg_metrics_retry(SG_RETRY_DEADLOCK);
	sg_metrics_retry(SG_RETRY_DEADLOCK);
	sg_metrics_retry(SG_RETRY_AMBIGUOUS_COMMIT);

	sg_resp_init(&resp);
	CU_ASSERT_EQUAL(h_metrics(&app, &req, &resp), SG_H_OK);
	CU_ASSERT_EQUAL_FATAL(resp.status, 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(resp.body.data);
	CU_ASSERT_PTR_NOT_NULL(strstr(resp.headers.data,
	    "Content-Type: text/plain; version=0.0.4"));
#define S(x)	sample(resp.body.data, x)
	CU_ASSERT_EQUAL(S("stretchgoal_requests_total{method=\"GET\",route=\"/w/*/*\",status=\"200\"}"), 2);
	CU_ASSERT_EQUAL(S("stretchgoal_requests_total{method=\"GET\",route=\"/w/*/*\",status=\"304\"}"), 1);
	CU_ASSERT_EQUAL(S("stretchgoal_requests_total{method=\"POST\",route=\"/api/v1/orders\",status=\"4xx\"}"), 1);
	CU_ASSERT_EQUAL(S("stretchgoal_requests_total{method=\"\",route=\"unmatched\",status=\"404\"}"), 1);
	CU_ASSERT_EQUAL(S("stretchgoal_request_duration_seconds_bucket{method=\"GET\",route=\"/w/*/*\",le=\"0.001\"}"), 1);
	CU_ASSERT_EQUAL(S("stretchgoal_request_duration_seconds_bucket{method=\"GET\",route=\"/w/*/*\",le=\"0.025\"}"), 1);
	CU_ASSERT_EQUAL(S("stretchgoal_request_duration_seconds_bucket{method=\"GET\",route=\"/w/*/*\",le=\"0.05\"}"), 2);
	CU_ASSERT_EQUAL(S("stretchgoal_request_duration_seconds_bucket{method=\"GET\",route=\"/w/*/*\",le=\"10\"}"), 2);
	CU_ASSERT_EQUAL(S("stretchgoal_request_duration_seconds_bucket{method=\"GET\",route=\"/w/*/*\",le=\"+Inf\"}"), 3);
	CU_ASSERT_EQUAL(S("stretchgoal_request_duration_seconds_count{method=\"GET\",route=\"/w/*/*\"}"), 3);
	CU_ASSERT_DOUBLE_EQUAL(S("stretchgoal_request_duration_seconds_sum{method=\"GET\",route=\"/w/*/*\"}"),
	    20.0307, 1e-6);
	CU_ASSERT_EQUAL(S("stretchgoal_orders_total{result=\"created\"}"), 1);
	CU_ASSERT_EQUAL(S("stretchgoal_orders_total{result=\"duplicate\"}"), 1);
	CU_ASSERT_EQUAL(S("stretchgoal_db_retries_total{cause=\"deadlock\"}"), 2);
	CU_ASSERT_EQUAL(S("stretchgoal_db_retries_total{cause=\"ambiguous_commit\"}"), 1);
	CU_ASSERT_EQUAL(S("stretchgoal_db_retries_total{cause=\"certification\"}"), 0);
	CU_ASSERT_EQUAL(S("stretchgoal_pool_workers{pool=\"public\"}"), 4);
	CU_ASSERT_EQUAL(S("stretchgoal_pool_busy_workers{pool=\"public\"}"), 0);
	CU_ASSERT_EQUAL(S("stretchgoal_pool_busy_workers{pool=\"private\"}"), 0);
	CU_ASSERT_EQUAL(S("stretchgoal_pool_requests_total{pool=\"public\"}"), 1);
	/* No socket given: no queue depth rather than a made-up one. */
	CU_ASSERT_EQUAL(S("stretchgoal_pool_queue_depth{pool=\"public\"}"), -1);
	/* Routes never used have no histogram. */
	CU_ASSERT_PTR_NULL(strstr(resp.body.data,
	    "duration_seconds_count{method=\"GET\",route=\"/healthz\"}"));
#undef S
	sg_resp_free(&resp);

	/* A worker that dies busy is busy no more once the supervisor knows. */
	sg_metrics_busy(1);
	sg_resp_init(&resp);
	CU_ASSERT_EQUAL(h_metrics(&app, &req, &resp), SG_H_OK);
	CU_ASSERT_EQUAL(sample(resp.body.data,
	    "stretchgoal_pool_busy_workers{pool=\"public\"}"), 1);
	sg_resp_free(&resp);
	sg_metrics_slot_free(5);
	sg_resp_init(&resp);
	CU_ASSERT_EQUAL(h_metrics(&app, &req, &resp), SG_H_OK);
	CU_ASSERT_EQUAL(sample(resp.body.data,
	    "stretchgoal_pool_busy_workers{pool=\"public\"}"), 0);
	sg_resp_free(&resp);

	/* Another address: 404, whatever the counters hold. */
	req.remote_addr = "192.0.2.1";
	sg_resp_init(&resp);
	CU_ASSERT_EQUAL(h_metrics(&app, &req, &resp), SG_H_OK);
	CU_ASSERT_EQUAL(resp.status, 404);
	CU_ASSERT_PTR_NULL(resp.body.data == NULL ? NULL :
	    strstr(resp.body.data, "stretchgoal_"));
	sg_resp_free(&resp);
	sg_config_free(c);
}

/*
 * The first fan-out task's mark in the shared segment (after
 * test_metrics_render() made it): one process holds it while it lives;
 * the next one takes it when the holder is gone, reaped or not, or when the
 * supervisor frees it.  And the busy workers of a pool.
 */
static void
test_fanout_first(void)
{
	int	 up[2], down[2], status;
	pid_t	 pid;
	char	 c;

	CU_ASSERT_EQUAL(sg_metrics_fanout_first(), 1);	/* free: this one */
	CU_ASSERT_EQUAL(sg_metrics_fanout_first(), 1);	/* and keeps it */
	sg_metrics_fanout_gone(getpid());
	CU_ASSERT_EQUAL_FATAL(pipe(up), 0);
	CU_ASSERT_EQUAL_FATAL(pipe(down), 0);
	if ((pid = fork()) == 0) {
		/* A child takes the free mark and holds it while it lives. */
		c = (char)('0' + sg_metrics_fanout_first());
		if (write(up[1], &c, 1) != 1 || read(down[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	CU_ASSERT_FATAL(pid > 0);
	CU_ASSERT_EQUAL(read(up[0], &c, 1), 1);
	CU_ASSERT_EQUAL(c, '1');
	CU_ASSERT_EQUAL(sg_metrics_fanout_first(), 0);	/* the child has it */
	CU_ASSERT_EQUAL(write(down[1], "x", 1), 1);
	CU_ASSERT_EQUAL(waitpid(pid, &status, 0), pid);
	/* Gone (reaped, and not freed by a supervisor): this one takes it. */
	CU_ASSERT_EQUAL(sg_metrics_fanout_first(), 1);
	sg_metrics_fanout_gone(pid);			/* not its: no change */
	CU_ASSERT_EQUAL(sg_metrics_fanout_first(), 1);
	sg_metrics_fanout_gone(getpid());
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);

	/* Busy workers by pool (slot 7 of the private pool). */
	sg_metrics_set_self(SG_POOL_PRIVATE, 7);
	CU_ASSERT_EQUAL(sg_metrics_pool_busy(SG_POOL_PRIVATE), 0);
	sg_metrics_busy(1);
	CU_ASSERT_EQUAL(sg_metrics_pool_busy(SG_POOL_PRIVATE), 1);
	CU_ASSERT_EQUAL(sg_metrics_pool_busy(SG_POOL_PUBLIC), 0);
	sg_metrics_busy(-1);
	CU_ASSERT_EQUAL(sg_metrics_pool_busy(SG_POOL_PRIVATE), 0);
}

/*
 * The order workers at work, as a fan-out task that is not its host's
 * first sees them (src/main.c): busy now, or a request started since the
 * task last looked, even one that ended already (orders at a steady rate
 * leave the workers idle between them); the public pool's requests do not
 * count.
 */
static void
test_orders_active(void)
{
	uint64_t	 seen = 0;

	sg_metrics_set_self(SG_POOL_PRIVATE, 7);
	(void)sg_metrics_orders_active(&seen);	/* the requests so far */
	CU_ASSERT_EQUAL(sg_metrics_orders_active(&seen), 0);
	sg_metrics_busy(1);
	CU_ASSERT_EQUAL(sg_metrics_orders_active(&seen), 1);	/* started */
	CU_ASSERT_EQUAL(sg_metrics_orders_active(&seen), 1);	/* still busy */
	sg_metrics_busy(-1);
	CU_ASSERT_EQUAL(sg_metrics_orders_active(&seen), 0);
	/* One that started and ended between two looks. */
	sg_metrics_busy(1);
	sg_metrics_busy(-1);
	CU_ASSERT_EQUAL(sg_metrics_orders_active(&seen), 1);
	CU_ASSERT_EQUAL(sg_metrics_orders_active(&seen), 0);
	/* The public pool's: not orders. */
	sg_metrics_set_self(SG_POOL_PUBLIC, 8);
	sg_metrics_busy(1);
	CU_ASSERT_EQUAL(sg_metrics_orders_active(&seen), 0);
	sg_metrics_busy(-1);
	CU_ASSERT_EQUAL(sg_metrics_orders_active(&seen), 0);
}

int
main(void)
{
	static const struct unit_case cases[] = {
		{ "pools", "public_listen, public_workers, listen_backlog", test_config_pools },
		{ "pools", "metrics_allow matches whole addresses", test_addr_allowed },
		{ "metrics", "retry causes from the database error", test_retry_causes },
		{ "metrics", "queue depth of a listening socket", test_queue_depth },
		{ "metrics", "counters and the text format", test_metrics_render },
		{ "metrics", "the first fan-out task's mark, busy workers by pool",
		  test_fanout_first },
		{ "metrics", "the order workers at work, for the fan-out's "
		  "step-aside", test_orders_active },
		{ NULL, NULL, NULL },
	};

	return unit_run(cases);
}
