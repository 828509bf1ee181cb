/*
 * it_fanout.c — rule 5's fan-out after the answer (docs/fanout.md), on the
 * real program, nginx and MariaDB: a large reach written in batches by the
 * program's fan-out task, which is killed half-way and resumes with no
 * grant twice; the same script of orders and cancels run with the fan-out
 * inside the reaching transaction and after it (the task held stopped while
 * backers it has not covered order and cancel) leaves the same grants and
 * events; a milestone reached when it is saved fans out the same way.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"
#include "integration/it_api_util.h"

#define FX	fx_current

/*
 * The fan-out tasks' pids, into pid (want of them: the program's
 * fanout_tasks; fatal when it does not run them).
 */
static void
task_pids(pid_t *pid, int want)
{
	int	 i;

	for (i = 0; i < 200; i++) {
		if (fx_children(FX, "sg-fanout", pid, want + 1) == want)
			return;
		usleep(20 * 1000);
	}
	CU_FAIL_FATAL("the program does not run its fan-out tasks (sg-fanout)");
}

/* Send sig to each of the n tasks in pid. */
static void
tasks_signal(const pid_t *pid, int n, int sig)
{
	int	 i;

	for (i = 0; i < n; i++)
		CU_ASSERT_EQUAL(kill(pid[i], sig), 0);
}

/* The API's fanout_pending of campaign slug's first milestone (-1: none). */
static int
api_fanout_pending(const char *slug)
{
	struct fx_resp	 r;
	const cJSON	*ms, *v;
	char		 path[128];
	int		 on = -1;

	snprintf(path, sizeof(path), "/api/v1/campaigns/%s", slug);
	CU_ASSERT_EQUAL(api_req("GET", path, api_tok, NULL, &r), 200);
	if (r.json != NULL &&
	    (ms = cJSON_GetObjectItem(r.json, "milestones")) != NULL &&
	    (v = cJSON_GetObjectItem(cJSON_GetArrayItem(ms, 0),
	    "fanout_pending")) != NULL && cJSON_IsBool(v))
		on = cJSON_IsTrue(v);
	fx_resp_free(&r);
	return on;
}

/* Post order id of backer email (one unit of p-1); the number of gifts. */
static int
post(const char *id, const char *email)
{
	struct fx_resp	 r;
	char		 body[512];
	int		 n = -1;

	snprintf(body, sizeof(body), "{\"id\":\"%s\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"email\":\"%s\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":1,\"price\":100}]}", id, email);
	CU_ASSERT_EQUAL(api_order(body, &r), 201);
	if (r.json != NULL)
		n = cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "gifts"));
	fx_resp_free(&r);
	return n;
}

/* Cancel order id; its grants' statuses ("void", "moved") joined by ','. */
static void
cancel(const char *id, char *out, size_t size)
{
	struct fx_resp	 r;
	const cJSON	*g;
	char		 path[128];
	size_t		 len = 0;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/api/v1/orders/%s/cancel", id);
	CU_ASSERT_EQUAL(api_req("POST", path, api_tok, "{}", &r), 200);
	if (r.json != NULL)
		cJSON_ArrayForEach(g, cJSON_GetObjectItem(r.json, "grants"))
			len += (size_t)snprintf(out + len, size - len, "%s%s",
			    len ? "," : "", api_str(g, "status"));
	fx_resp_free(&r);
}

/*
 * 2,000 backers (100 of them with a second order), fanout_inline_max 10,
 * fanout_batch 4, two tasks: the reaching order answers with its own gift
 * only, the tasks write the other grants in chunks; stopped half-way, one
 * killed, it is started again by the supervisor and with the other
 * finishes: every backer one grant, on their earliest order, none twice.
 */
static void
test_large_reach_killed(void)
{
	pid_t	 t1[3], t2[3];
	int64_t	 mid, part, n;
	double	 age, made;
	char	 q[256];

	api_begin("fanout_inline_max = 10\nfanout_batch = 4\nfanout_tasks = 2\n");
	api_campaign("big", "units", 1000000);
	api_seed_backers("big", 2000, 100);
	mid = api_milestone("big", "{\"target\":2101,\"title\":\"Everyone\","
	    "\"reward\":\"gift\",\"gift_product_id\":\"g-pin\",\"scope\":\"all\"}");
	task_pids(t1, 2);
	CU_ASSERT_EQUAL(post("reach", "last@example.com"), 1);
	/* Half-way: at least 100 grants, fewer than all. */
	fx_sql_wait(FX, "SELECT LEAST(COUNT(*), 100) FROM grants", 100, 30000);
	tasks_signal(t1, 2, SIGSTOP);
	part = fx_sql_i64(FX, "SELECT COUNT(*) FROM grants");
	fprintf(stderr, "\n  fan-out stopped at %lld of 2001 grants\n",
	    (long long)part);
	CU_ASSERT_TRUE(part >= 100 && part < 2001);
	snprintf(q, sizeof(q), "SELECT COUNT(*) FROM milestones m JOIN "
	    "grant_fanouts f ON f.milestone_id = m.id WHERE m.id = %lld AND "
	    "m.fanout_pending = 1 AND COALESCE(f.claimed_upto, '-') <> ''",
	    (long long)mid);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, q), 1);
	CU_ASSERT_EQUAL(api_fanout_pending("big"), 1);
	/* /metrics: one pending, reached a moment ago; nothing done yet. */
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_fanouts_pending"), 1);
	age = fx_metric(FX, "stretchgoal_fanout_oldest_seconds");
	CU_ASSERT_TRUE(age >= 0 && age < 120);
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_fanouts_done_total"), 0);
	made = fx_metric(FX, "stretchgoal_fanout_grants_total");
	CU_ASSERT_TRUE(made > 0 && made <= part - 1);
	/*
	 * One killed: the supervisor starts another, which with the one that
	 * goes on finishes (a chunk the killed one claimed and did not write
	 * included).
	 */
	CU_ASSERT_EQUAL(kill(t1[0], SIGKILL), 0);
	tasks_signal(t1 + 1, 1, SIGCONT);
	usleep(100 * 1000);
	task_pids(t2, 2);
	CU_ASSERT_TRUE(t2[0] != t1[0] && t2[1] != t1[0]);
	n = fx_sql_wait(FX, "SELECT COUNT(*) FROM milestones WHERE fanout_pending = 1",
	    0, 60000);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(api_fanout_pending("big"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grant_fanouts"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grant_fanout_chunks"),
	    0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants"), 2001);
	/*
	 * /metrics: none pending (and no age), one done; the tasks wrote the
	 * 2,000 grants but the reaching order's own, less at most the chunk
	 * (4) whose commit the stop and the kill came between.
	 */
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_fanouts_pending"), 0);
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_fanout_oldest_seconds"), -1);
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_fanouts_done_total"), 1);
	made = fx_metric(FX, "stretchgoal_fanout_grants_total");
	CU_ASSERT_TRUE(made >= 1996 && made <= 2000);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(DISTINCT backer) FROM grants"),
	    2001);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE "
	    "status <> 'pending'"), 0);
	/* On the earliest order: none on a backer's second one. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants g JOIN orders o "
	    "ON o.id = g.order_id WHERE o.external_id LIKE 'seed2-%'"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants g JOIN orders o "
	    "ON o.id = g.order_id AND o.backer = g.backer"), 2001);
	/* The grant queue lists them all. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE "
	    "campaign_id = (SELECT id FROM campaigns WHERE slug = 'big')"), 2001);
	api_end();
}

/*
 * One script of orders and cancels around a scope-"all" reach; async: the
 * fan-out after the answer (fanout_inline_max 0) with the task held
 * stopped from before the reach until the script is done.  Into grants and
 * events: the resulting grants (backer:order:status:moved-from order) and
 * grant events (type:backer:order), sorted; into answers, what each call
 * answered.
 */
static void
script(int async, char *grants, char *events, char *answers, size_t size)
{
	char	 a[64];
	size_t	 len = 0;
	pid_t	 t[3];

	api_begin(async ? "fanout_inline_max = 0\nfanout_batch = 2\nfanout_tasks = 2\n"
	    "webhook_allow_private = yes\n" : "webhook_allow_private = yes\n");
	api_campaign("c", "units", 1000000);
	api_milestone("c", "{\"target\":7,\"title\":\"All of you\","
	    "\"reward\":\"gift\",\"gift_product_id\":\"g-pin\",\"scope\":\"all\"}");
	/* Events are recorded when an endpoint wants them (none is sent). */
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/webhooks", api_tok,
	    "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"grant.created\","
	    "\"grant.voided\"]}", 201));
	post("a1", "a@x.test");
	post("a2", "a@x.test");
	post("b1", "b@x.test");
	post("c1", "c@x.test");
	post("d1", "d@x.test");
	post("e1", "e@x.test");
	if (async) {
		task_pids(t, 2);
		tasks_signal(t, 2, SIGSTOP);
	}
	len += (size_t)snprintf(answers + len, size - len, "f1:%d ",
	    post("f1", "f@x.test"));
	if (async) {
		/* Only the reaching order's own grant so far. */
		CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants"), 1);
		CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones "
		    "WHERE fanout_pending = 1"), 1);
	}
	/* Backers the fan-out has not covered yet order and cancel. */
	len += (size_t)snprintf(answers + len, size - len, "a3:%d ",
	    post("a3", "a@x.test"));
	cancel("b1", a, sizeof(a));
	len += (size_t)snprintf(answers + len, size - len, "-b1:%s ", a);
	len += (size_t)snprintf(answers + len, size - len, "c2:%d ",
	    post("c2", "c@x.test"));
	cancel("c1", a, sizeof(a));
	len += (size_t)snprintf(answers + len, size - len, "-c1:%s ", a);
	cancel("a1", a, sizeof(a));
	len += (size_t)snprintf(answers + len, size - len, "-a1:%s ", a);
	len += (size_t)snprintf(answers + len, size - len, "g1:%d",
	    post("g1", "g@x.test"));
	if (async) {
		tasks_signal(t, 2, SIGCONT);
		CU_ASSERT_EQUAL(fx_sql_wait(FX, "SELECT COUNT(*) FROM milestones WHERE "
		    "fanout_pending = 1", 0, 30000), 0);
	}
	fx_sql_str(FX, "SELECT GROUP_CONCAT(x ORDER BY x SEPARATOR ' ') FROM "
	    "(SELECT CONCAT(LEFT(g.backer, 1), ':', o.external_id, ':', g.status, "
	    "':', COALESCE(mo.external_id, '-')) x FROM grants g JOIN orders o ON "
	    "o.id = g.order_id LEFT JOIN grants mg ON mg.id = g.moved_from "
	    "LEFT JOIN orders mo ON mo.id = mg.order_id) t", grants, size);
	fx_sql_str(FX, "SELECT GROUP_CONCAT(x ORDER BY x SEPARATOR ' ') FROM "
	    "(SELECT CONCAT(e.type, ':', LEFT(g.backer, 1), ':', o.external_id) x "
	    "FROM events e JOIN grants g ON g.id = e.grant_id JOIN orders o ON "
	    "o.id = g.order_id) t", events, size);
	/* Gapless numbering, whichever order the rows were written in. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT MAX(seq) - COUNT(*) FROM events"), 0);
	api_end();
}

static void
test_same_as_at_the_reach(void)
{
	char	 g0[2048], e0[2048], a0[512], g1[2048], e1[2048], a1[512];

	script(0, g0, e0, a0, sizeof(a0));
	script(1, g1, e1, a1, sizeof(a1));
	fprintf(stderr, "\n  at the reach: %s\n  grants: %s\n  after: %s\n"
	    "  grants: %s\n", a0, g0, a1, g1);
	/* What rules 5-8 give, at the reach. */
	CU_ASSERT_STRING_EQUAL(a0, "f1:1 a3:0 -b1:void c2:0 -c1:moved "
	    "-a1:moved g1:1");
	CU_ASSERT_STRING_EQUAL(g0, "a:a1:void:- a:a2:pending:a1 b:b1:void:- "
	    "c:c1:void:- c:c2:pending:c1 d:d1:pending:- e:e1:pending:- "
	    "f:f1:pending:- g:g1:pending:-");
	CU_ASSERT_STRING_EQUAL(e0, "grant.created:a:a1 grant.created:a:a2 "
	    "grant.created:b:b1 grant.created:c:c1 grant.created:c:c2 "
	    "grant.created:d:d1 grant.created:e:e1 grant.created:f:f1 "
	    "grant.created:g:g1 grant.voided:a:a1 grant.voided:b:b1 "
	    "grant.voided:c:c1");
	/* And the same after the answer. */
	CU_ASSERT_STRING_EQUAL(a1, a0);
	CU_ASSERT_STRING_EQUAL(g1, g0);
	CU_ASSERT_STRING_EQUAL(e1, e0);
}

/*
 * A milestone saved with a target the campaign has passed is reached at
 * once (rule 1); with more backers than fanout_inline_max its grants come
 * from the task too.
 */
static void
test_reached_on_save(void)
{
	struct fx_resp	 r;

	api_begin("fanout_inline_max = 10\nfanout_batch = 7\n");
	api_campaign("s", "units", 1000000);
	api_seed_backers("s", 50, 5);
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/campaigns/s/milestones", api_tok,
	    "{\"target\":3,\"title\":\"Already\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\",\"scope\":\"all\"}", &r), 201);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_wait(FX, "SELECT COUNT(*) FROM milestones WHERE "
	    "fanout_pending = 1", 0, 30000), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants"), 50);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants g JOIN orders o "
	    "ON o.id = g.order_id WHERE o.external_id LIKE 'seed-%'"), 50);
	api_end();
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "a reach of 2,000 backers: written after the answer, the task "
		  "killed half-way resumes, none twice", test_large_reach_killed },
		{ "orders and cancels during the fan-out: the same grants and "
		  "events as a fan-out at the reach", test_same_as_at_the_reach },
		{ "reached on save: the task writes the grants",
		  test_reached_on_save },
		{ NULL, NULL }
	};

	return fx_run("fanout", cases, NULL, 0);
}
