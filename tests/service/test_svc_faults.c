/*
 * test_svc_faults.c — the service tier, with faults injected (issue 8), and
 * the process's copy of campaign rules it keeps between orders.
 *
 * These tests call the service functions in this process, on a fresh
 * database of the run's MariaDB (the fixture makes and migrates it; the
 * program and nginx it also starts only serve the setup requests), with no
 * HTTP in between: a failure names the service call, not an answer.
 *
 * The fault walk: for N = 1, 2, ... the Nth database call (every
 * statement, START TRANSACTION and COMMIT: util/fault.h), or the Nth JSON
 * allocation, of an order post, a cancel and a refund fails.  Each time the
 * call must fail cleanly — a negative status, nothing leaked (ASan), and
 * the database exactly as before — until N passes the number of calls the
 * operation makes and it succeeds.  Then the same call again is a
 * duplicate that changes nothing: no failed attempt left anything half
 * done.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <cJSON.h>

#include "db/db.h"
#include "domain/order.h"
#include "fixture/fixture.h"
#include "service/fanout.h"
#include "service/order.h"
#include "util/config.h"
#include "util/fault.h"

#define FX		fx_current
/* No operation makes this many database calls or allocations. */
#define WALK_MAX	400

static char		 auth[400];
static struct sg_db	*db;
static struct sg_config	*cfg;
static int64_t		 store_id;

static void
http_ok(const char *method, const char *path, const char *body, int want)
{
	struct fx_resp	 r;

	CU_ASSERT_EQUAL_FATAL(fx_http(FX, method, path, auth, body,
	    body != NULL ? strlen(body) : 0, &r), want);
	fx_resp_free(&r);
}

/* A store with a token, a live units campaign and two gift milestones. */
static void
setup(void)
{
	static const char *const store[] = { "store", "create", "--handle",
	    "acme", "--name", "Acme", "--currency", "USD", NULL };
	static const char *const tok[] = { "token", "create", "--store", "acme",
	    NULL };
	char	 out[512], err[512];
	size_t	 n;

	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
	    store), 0);
	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
	    tok), 0);
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\n", out);
	http_ok("POST", "/api/v1/campaigns", "{\"slug\":\"c\",\"title\":\"C\","
	    "\"goal_kind\":\"units\",\"goal\":100,\"product_ids\":[\"p-1\"],"
	    "\"status\":\"live\"}", 201);
	/* Reached by the second order: scope all fans out to the first. */
	http_ok("POST", "/api/v1/campaigns/c/milestones", "{\"target\":3,"
	    "\"title\":\"Pin\",\"reward\":\"gift\",\"gift_product_id\":\"g-pin\","
	    "\"scope\":\"all\"}", 201);
	http_ok("POST", "/api/v1/campaigns/c/milestones", "{\"target\":4,"
	    "\"title\":\"Dice\",\"reward\":\"gift\",\"gift_product_id\":\"g-dice\","
	    "\"scope\":\"new\"}", 201);
	store_id = fx_sql_i64(FX, "SELECT id FROM stores WHERE handle = 'acme'");

	CU_ASSERT_PTR_NOT_NULL_FATAL(cfg = sg_config_load(FX->conf, err,
	    sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL_FATAL(db = db_new(cfg));
	CU_ASSERT_EQUAL_FATAL(db_ensure(db), DB_OK);
}

static void
teardown(void)
{
	cJSON_InitHooks(NULL);
	db_free(db);
	db = NULL;
	sg_config_free(cfg);
	cfg = NULL;
}

/* Everything an order, a cancel or a refund can change. */
static void
db_state(char *buf, size_t size)
{
	fx_sql_str(FX, "SELECT CONCAT_WS('/', "
	    "(SELECT COUNT(*) FROM orders), "
	    "(SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', external_id, status, "
	    "COALESCE(cancelled_at, ''), response))), 0) FROM orders), "
	    "(SELECT COUNT(*) FROM order_lines), "
	    "(SELECT COALESCE(SUM(refunded_qty + refunded_amount), 0) FROM order_lines), "
	    "(SELECT COUNT(*) FROM order_campaigns), "
	    "(SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', order_id, campaign_id, "
	    "units, amount, active, counted_products))), 0) "
	    "FROM order_campaigns), "
	    "(SELECT COUNT(*) FROM order_campaign_products), "
	    "(SELECT COUNT(*) FROM refunds), "
	    "(SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', campaign_id, backer, "
	    "active_orders))), 0) FROM campaign_backers), "
	    "(SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', id, order_id, status, "
	    "backer))), 0) FROM grants), "
	    "(SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', units, amount, orders, "
	    "backers, counted_seq, version))), 0) FROM campaigns), "
	    "(SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', id, COALESCE(reached_at, ''), "
	    "COALESCE(reached_seq, ''), fanout_pending))), 0) FROM milestones), "
	    "(SELECT COALESCE(SUM(CRC32(milestone_id)), 0) FROM grant_fanouts))",
	    buf, size);
}

/*
 * A pending fan-out's claims: its claim cursor and the ranges claimed and
 * not written.  A fan-out step claims a range in a transaction of its own
 * before it writes the range's grants, so a step that fails after the
 * claim leaves it, durable, for a later step to write (walk_fanout()).
 */
static void
fanout_claims(char *buf, size_t size)
{
	fx_sql_str(FX, "SELECT CONCAT_WS('/', "
	    "(SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', milestone_id, "
	    "COALESCE(claimed_upto, '-')))), 0) FROM grant_fanouts), "
	    "(SELECT COUNT(*) FROM grant_fanout_chunks))", buf, size);
}

enum op { OP_POST, OP_CANCEL, OP_REFUND, OP_FANOUT, OP_BATCH };

static const char *const order_a, *const order_b, *const order_c, *const order_x;

static void *
fault_malloc(size_t n)
{
	return sg_fault_malloc(n);
}

/*
 * Run op once, with a fault of kind armed at call n once the input is
 * parsed (n = 0: none).  Returns the service status; *fired tells whether
 * the fault hit.
 */
static int
run_op(enum op op, const char *arg, enum sg_fault_kind kind, long n,
    int *fired)
{
	cJSON_Hooks		 hooks = { fault_malloc, free };
	struct sg_verror	 err;
	struct sg_order		 o, bo[4];
	const struct sg_order	*bp[4];
	struct sg_refund	 r;
	cJSON			*body = NULL, *out = NULL, *bj[4], *bout[4];
	const char		*bs[4] = { order_a, order_b, order_c, order_x };
	int64_t			 made, pending, ended, waiting;
	int			 rc, dup, i;

	memset(&err, 0, sizeof(err));
	if (op == OP_BATCH)
		for (i = 0; i < 4; i++) {
			CU_ASSERT_PTR_NOT_NULL_FATAL(bj[i] = cJSON_Parse(bs[i]));
			CU_ASSERT_EQUAL_FATAL(sg_order_parse(bj[i], &bo[i], &err),
			    SG_PARSE_OK);
			bp[i] = &bo[i];
		}
	if (op == OP_POST) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(body = cJSON_Parse(arg));
		CU_ASSERT_EQUAL_FATAL(sg_order_parse(body, &o, &err), SG_PARSE_OK);
	} else if (op == OP_REFUND) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(body = cJSON_Parse(
		    "{\"id\":\"r-1\",\"line_items\":[{\"product_id\":\"p-1\","
		    "\"quantity\":1,\"amount\":100}]}"));
		CU_ASSERT_EQUAL_FATAL(sg_refund_parse(body, &r, &err), SG_PARSE_OK);
	}
	/* Every attempt reads the campaign's rules (and may fail there). */
	svc_order_cache_clear();
	if (n > 0) {
		if (kind == SG_FAULT_ALLOC)
			cJSON_InitHooks(&hooks);
		sg_fault_arm(kind, n);
	}
	switch (op) {
	case OP_POST:
		rc = svc_order_post(db, store_id, &o, &out, &dup, &err);
		break;
	case OP_CANCEL:
		rc = svc_order_cancel(db, store_id, arg, &out, &err);
		break;
	case OP_FANOUT:
		rc = svc_fanout_step(db, 100, &made, &pending, &ended,
		    &waiting);
		break;
	case OP_BATCH:
		rc = svc_order_post_batch(db, store_id, bp, 4, bout);
		if (rc == SVC_OK)
			for (i = 0; i < 4; i++)
				cJSON_Delete(bout[i]);
		break;
	default:
		rc = svc_order_refund(db, store_id, arg, &r, &out, &dup, &err);
		break;
	}
	*fired = n > 0 && sg_fault_fired(kind);
	sg_fault_arm(kind, 0);
	cJSON_Delete(out);
	cJSON_InitHooks(NULL);
	if (op == OP_POST)
		sg_order_free(&o);
	else if (op == OP_BATCH)
		for (i = 0; i < 4; i++) {
			sg_order_free(&bo[i]);
			cJSON_Delete(bj[i]);
		}
	else if (op == OP_REFUND)
		sg_refund_free(&r);
	cJSON_Delete(body);
	return rc;
}

/*
 * Walk the faults of kind over op: every failing attempt changes nothing
 * (but a fan-out step's claims: fanout_claims()); the first attempt
 * without a fault succeeds.  Returns how many attempts
 * failed (the calls the operation makes of that kind).
 */
static int
walk(enum sg_fault_kind kind, enum op op, const char *arg)
{
	char		 before[1024], after[1024], cbefore[256], cafter[256];
	long		 n;
	int		 rc, fired;

	for (n = 1; n <= WALK_MAX; n++) {
		db_state(before, sizeof(before));
		fanout_claims(cbefore, sizeof(cbefore));
		rc = run_op(op, arg, kind, n, &fired);
		if (!fired) {
			CU_ASSERT_EQUAL(rc, SVC_OK);
			return (int)n - 1;
		}
		/* The connection may have been left in any state: as a worker
		 * does at the start of a request. */
		CU_ASSERT_EQUAL_FATAL(db_ensure(db), DB_OK);
		db_state(after, sizeof(after));
		if (rc == SVC_OK || strcmp(before, after) != 0)
			fprintf(stderr, "test_svc_faults: op %d, fault %d at call %ld: "
			    "status %d, state %s -> %s\n", (int)op, (int)kind, n, rc,
			    before, after);
		CU_ASSERT_NOT_EQUAL(rc, SVC_OK);
		CU_ASSERT_STRING_EQUAL(before, after);
		/* Only a fan-out step may leave a claim it did not write. */
		fanout_claims(cafter, sizeof(cafter));
		if (op != OP_FANOUT)
			CU_ASSERT_STRING_EQUAL(cbefore, cafter);
	}
	CU_FAIL("the operation never succeeded");
	return -1;
}

static const char *const order_a = "{\"id\":\"a\",\"placed_at\":"
    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":{\"id\":\"ana\"},"
    "\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":2,\"price\":100}]}";
static const char *const order_b = "{\"id\":\"b\",\"placed_at\":"
    "\"2026-11-22T10:01:00Z\",\"currency\":\"USD\",\"customer\":{\"id\":\"bo\"},"
    "\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":3,\"price\":100}]}";
/* With a line of a product no campaign lists: a, b and c have four lines
   (one statement in a batch). */
static const char *const order_c = "{\"id\":\"c\",\"placed_at\":"
    "\"2026-11-22T10:02:00Z\",\"currency\":\"USD\",\"customer\":{\"id\":\"cy\"},"
    "\"line_items\":[{\"product_id\":\"p-1\",\"quantity\":1,\"price\":100},"
    "{\"product_id\":\"p-9\",\"quantity\":1,\"price\":100}]}";
/* Of a product no campaign lists: counted nowhere (the batch's fourth). */
static const char *const order_x = "{\"id\":\"x\",\"placed_at\":"
    "\"2026-11-22T10:03:00Z\",\"currency\":\"USD\",\"customer\":{\"id\":\"dee\"},"
    "\"line_items\":[{\"product_id\":\"p-9\",\"quantity\":1,\"price\":100}]}";

/*
 * async: rule 5's fan-out after the answer (fanout_inline_max 0), run by
 * this process's svc_fanout_step() between the posts of b and c, with the
 * program's own fan-out task held stopped.
 */
static void
walk_all(enum sg_fault_kind kind, int async, int batch)
{
	char	 before[1024], after[1024];
	pid_t	 task[SG_FANOUT_TASKS_MAX];
	int	 calls[6] = { 0 }, fired, ntask = 0, i;

	setup();
	if (async) {
		ntask = fx_children(FX, "sg-fanout", task, SG_FANOUT_TASKS_MAX);
		CU_ASSERT_TRUE_FATAL(ntask >= 1);
		for (i = 0; i < ntask; i++)
			CU_ASSERT_EQUAL(kill(task[i], SIGSTOP), 0);
		svc_fanout_set_inline_max(0);
	}
	/* a: counted, no milestone.  b: reaches both milestones (scope all
	 * fans out to a).  c: a third backer.  Then cancel a (its grant is
	 * voided) and refund one unit of b. */
	if (batch) {
		/* a, b, c and x in one transaction (group commit; four
		 * orders, five lines: the four-row statements): c counts
		 * after b's reach, with its fan-out pending when async. */
		calls[0] = walk(kind, OP_BATCH, NULL);
		calls[1] = calls[0] + 1;
		CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants"),
		    async ? 4 : 5);
	} else {
		calls[0] = walk(kind, OP_POST, order_a);
		calls[1] = walk(kind, OP_POST, order_b);
	}
	if (async) {
		if (!batch)
			CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM "
			    "grants"), 2);
		calls[5] = walk(kind, OP_FANOUT, NULL);
		CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones "
		    "WHERE fanout_pending = 1"), 0);
		CU_ASSERT_TRUE(calls[5] > 0);
	}
	if (!batch)
		calls[2] = walk(kind, OP_POST, order_c);
	calls[3] = walk(kind, OP_CANCEL, "a");
	calls[4] = walk(kind, OP_REFUND, "b");
	fprintf(stderr, "test_svc_faults: %s faults walked%s%s: post %d, post with "
	    "reaches %d, post %d, cancel %d, refund %d, fan-out step %d calls\n",
	    kind == SG_FAULT_DB ? "database" : "allocation",
	    async ? " (fan-out after the answer)" : "",
	    batch ? " (the posts as one batch, with x)" : "", calls[0], calls[1],
	    calls[2], calls[3], calls[4], calls[5]);
	/* Each operation makes calls of this kind, so the walk tried some. */
	CU_ASSERT_TRUE(calls[0] > 0 && calls[1] > calls[0] && calls[3] > 0 &&
	    calls[4] > 0);
	/* What the successful attempts did, once each. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT units FROM campaigns WHERE slug = 'c'"),
	    2 + 3 + 1 - 2 - 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT backers FROM campaigns WHERE slug = 'c'"),
	    2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM orders WHERE "
	    "status = 'cancelled'"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM refunds"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE "
	    "status = 'pending'"), 4);	/* b and c: pin and dice */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE "
	    "status = 'void'"), 1);		/* a's pin */
	/* A repeat of an order is a duplicate and changes nothing. */
	db_state(before, sizeof(before));
	CU_ASSERT_EQUAL(run_op(OP_POST, order_b, SG_FAULT_DB, 0, &fired), SVC_OK);
	CU_ASSERT_EQUAL(run_op(OP_CANCEL, "a", SG_FAULT_DB, 0, &fired), SVC_OK);
	db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	if (async) {
		svc_fanout_set_inline_max(SVC_FANOUT_INLINE_MAX);
		for (i = 0; i < ntask; i++)
			CU_ASSERT_EQUAL(kill(task[i], SIGCONT), 0);
	}
	teardown();
}

/*
 * Post the order o (JSON) in this process: how many milestones it reached
 * in its one campaign (-1: it counted in none).
 */
static int
post_reached(const char *json)
{
	struct sg_verror	 err;
	struct sg_order		 o;
	cJSON			*body, *out = NULL, *c;
	int			 dup, n = -1;

	memset(&err, 0, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(body = cJSON_Parse(json));
	CU_ASSERT_EQUAL_FATAL(sg_order_parse(body, &o, &err), SG_PARSE_OK);
	CU_ASSERT_EQUAL(svc_order_post(db, store_id, &o, &out, &dup, &err),
	    SVC_OK);
	if (out != NULL && (c = cJSON_GetArrayItem(cJSON_GetObjectItem(out,
	    "campaigns"), 0)) != NULL)
		n = cJSON_GetArraySize(cJSON_GetObjectItem(c, "reached"));
	cJSON_Delete(out);
	sg_order_free(&o);
	cJSON_Delete(body);
	return n;
}

/*
 * The database calls a cancel of order ext makes: fail the Nth until it
 * succeeds (every failure rolls back); cold: without the process's copy of
 * the campaign's rules each time.
 */
static int
cancel_calls(const char *ext, int cold)
{
	struct sg_verror	 err;
	cJSON			*out;
	long			 n;
	int			 rc, fired;

	for (n = 1; n <= WALK_MAX; n++) {
		if (cold)
			svc_order_cache_clear();
		out = NULL;
		memset(&err, 0, sizeof(err));
		sg_fault_arm(SG_FAULT_DB, n);
		rc = svc_order_cancel(db, store_id, ext, &out, &err);
		fired = sg_fault_fired(SG_FAULT_DB);
		sg_fault_arm(SG_FAULT_DB, 0);
		cJSON_Delete(out);
		if (!fired) {
			CU_ASSERT_EQUAL(rc, SVC_OK);
			return (int)n - 1;
		}
		CU_ASSERT_NOT_EQUAL(rc, SVC_OK);
		CU_ASSERT_EQUAL_FATAL(db_ensure(db), DB_OK);
	}
	CU_FAIL("the cancel never succeeded");
	return -1;
}

/*
 * The process's copy of a campaign's products and milestones: used while
 * the campaign's rules_version stays (a change made behind the service's
 * back, which moves nothing, is not seen: the copy is really used), read
 * again once it moves, and dropped with the connection.  Milestones at 3
 * and 4 (setup()).
 */
static void
test_rules_copy(void)
{
	static const char order_d[] = "{\"id\":\"d\",\"placed_at\":"
	    "\"2026-11-22T10:03:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"di\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":1,\"price\":100}]}";
	int			 cold;

	setup();
	svc_order_cache_clear();
	CU_ASSERT_EQUAL(post_reached(order_a), 0);	/* 2: read and kept */
	fx_sql(FX, "UPDATE milestones SET target = target + 50");
	db_disconnect(db);
	CU_ASSERT_EQUAL_FATAL(db_ensure(db), DB_OK);
	CU_ASSERT_EQUAL(post_reached(order_b), 0);	/* 5: a new connection
							   reads 53, 54 */
	fx_sql(FX, "UPDATE milestones SET target = target - 47");
	CU_ASSERT_EQUAL(post_reached(order_c), 0);	/* 6: the copy's 53, 54 */
	fx_sql(FX, "UPDATE campaigns SET rules_version = rules_version + 1");
	CU_ASSERT_EQUAL(post_reached(order_d), 1);	/* 7: read again: 6, 7 */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT units FROM campaigns"), 7);
	/*
	 * A cancel skips the fan-out step for its backer when the copy, at
	 * the rules_version its lock reads, has no fan-out pending: b and c
	 * hold no grant, so their cancels differ by that statement only.
	 */
	cold = cancel_calls("b", 1);
	CU_ASSERT_EQUAL(post_reached("{\"id\":\"e\",\"placed_at\":"
	    "\"2026-11-22T10:04:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"ed\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":1,\"price\":100}]}"), 0);	/* the copy, current */
	CU_ASSERT_EQUAL(cancel_calls("c", 0), cold - 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT units FROM campaigns"), 7 - 3 + 1 - 1);
	teardown();
}

/*
 * Two tasks' last chunks of one fan-out, ending at once on two Galera
 * nodes (row locks are per node), can each see the other's chunk and
 * leave the fan-out with every backer claimed and no chunk left, not
 * ended.  The next step ends it.  Here that state is made by hand: a's
 * grant written as a chunk would, the claim cursor at "all claimed".
 */
static void
test_fanout_missed_end(void)
{
	pid_t	 task[SG_FANOUT_TASKS_MAX];
	int64_t	 made, pending, ended, waiting;
	int	 ntask, i;

	setup();
	ntask = fx_children(FX, "sg-fanout", task, SG_FANOUT_TASKS_MAX);
	CU_ASSERT_TRUE_FATAL(ntask >= 1);
	for (i = 0; i < ntask; i++)
		CU_ASSERT_EQUAL(kill(task[i], SIGSTOP), 0);
	svc_fanout_set_inline_max(0);
	CU_ASSERT_EQUAL(post_reached(order_a), 0);
	CU_ASSERT_EQUAL(post_reached(order_b), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grant_fanouts"), 1);
	fx_sql(FX, "INSERT INTO grants (store_id, campaign_id, milestone_id, "
	    "order_id, backer, product_id, quantity) SELECT c.store_id, "
	    "oc.campaign_id, f.milestone_id, oc.order_id, oc.backer, 'g-pin', 1 "
	    "FROM grant_fanouts f JOIN campaigns c ON c.id = f.campaign_id "
	    "JOIN order_campaigns oc ON oc.campaign_id = c.id AND "
	    "oc.backer = 'ana'");
	fx_sql(FX, "UPDATE grant_fanouts SET claimed_upto = NULL");
	CU_ASSERT_EQUAL(svc_fanout_step(db, 100, &made, &pending, &ended,
	    &waiting), SVC_OK);
	CU_ASSERT_EQUAL(made, 0);
	CU_ASSERT_EQUAL(ended, 1);
	CU_ASSERT_EQUAL(pending, 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grant_fanouts"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones "
	    "WHERE fanout_pending = 1"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE "
	    "product_id = 'g-pin'"), 2);
	svc_fanout_set_inline_max(SVC_FANOUT_INLINE_MAX);
	for (i = 0; i < ntask; i++)
		CU_ASSERT_EQUAL(kill(task[i], SIGCONT), 0);
	teardown();
}

/*
 * A batch that rolls back drops the process's copies of campaign rules:
 * in [a, b, c, d], b reaches both milestones and c reads the rules again
 * under the lock, at the rules_version b moved — the transaction's own,
 * uncommitted milestones — and d overflows the campaign's amount, so the
 * batch rolls back.  Then the same rules_version is committed with the
 * milestones unreached; the next order must read them (and reach the
 * first), not take the rolled-back copy (which says both were reached).
 */
static void
test_batch_rollback_drops_rules(void)
{
	static const char order_d[] = "{\"id\":\"d\",\"placed_at\":"
	    "\"2026-11-22T10:04:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"dee\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":1,\"price\":500}]}";
	const char		*bs[4] = { order_a, order_b, order_c, order_d };
	struct sg_verror	 err;
	struct sg_order		 bo[4];
	const struct sg_order	*bp[4];
	cJSON			*bj[4], *bout[4];
	char			 before[1024], after[1024];
	int			 i;

	setup();
	svc_order_cache_clear();
	/* a, b and c add 600 to the amount; d's 500 is too much. */
	fx_sql(FX, "UPDATE campaigns SET amount = 9223372036854775807 - 1000");
	memset(&err, 0, sizeof(err));
	for (i = 0; i < 4; i++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(bj[i] = cJSON_Parse(bs[i]));
		CU_ASSERT_EQUAL_FATAL(sg_order_parse(bj[i], &bo[i], &err),
		    SG_PARSE_OK);
		bp[i] = &bo[i];
	}
	db_state(before, sizeof(before));
	CU_ASSERT_EQUAL(svc_order_post_batch(db, store_id, bp, 4, bout),
	    SVC_INVALID);
	db_state(after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	for (i = 0; i < 4; i++) {
		sg_order_free(&bo[i]);
		cJSON_Delete(bj[i]);
	}
	fx_sql(FX, "UPDATE campaigns SET amount = 0, "
	    "rules_version = rules_version + 1");
	CU_ASSERT_EQUAL(post_reached(order_b), 1);	/* 3: the first */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones "
	    "WHERE reached_seq IS NOT NULL"), 1);
	teardown();
}

static void
test_db_faults(void)
{
	walk_all(SG_FAULT_DB, 0, 0);
}

static void
test_alloc_faults(void)
{
	walk_all(SG_FAULT_ALLOC, 0, 0);
}

static void
test_db_faults_async(void)
{
	walk_all(SG_FAULT_DB, 1, 0);
}

static void
test_batch_db_faults(void)
{
	walk_all(SG_FAULT_DB, 0, 1);
}

static void
test_batch_alloc_faults(void)
{
	walk_all(SG_FAULT_ALLOC, 0, 1);
}

static void
test_batch_db_faults_async(void)
{
	walk_all(SG_FAULT_DB, 1, 1);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "every failing database call of a post, a cancel and a refund "
		  "fails the call cleanly and changes nothing", test_db_faults },
		{ "every failing JSON allocation of a post, a cancel and a refund "
		  "fails the call cleanly and changes nothing", test_alloc_faults },
		{ "the same with the fan-out after the answer, and every failing "
		  "database call of a fan-out step", test_db_faults_async },
		{ "the process's copy of a campaign's rules: used while its "
		  "rules_version stays, read again when it moves; a cancel "
		  "skips the fan-out step when it shows none pending",
		  test_rules_copy },
		{ "a fan-out left with every backer claimed and no chunk (two "
		  "chunks' ends on two Galera nodes) ends at the next step",
		  test_fanout_missed_end },
		{ "the posts as one group commit (svc_order_post_batch, with a "
		  "fourth order counted nowhere): "
		  "every failing database call changes nothing, and the end "
		  "state is the same", test_batch_db_faults },
		{ "the same for every failing JSON allocation",
		  test_batch_alloc_faults },
		{ "the same with the fan-out after the answer",
		  test_batch_db_faults_async },
		{ "a batch that rolls back drops the rules it read under its "
		  "own uncommitted reach", test_batch_rollback_drops_rules },
		{ NULL, NULL }
	};
	struct fx_opts	 opts = { 1, NULL };

	return fx_run("service_faults", cases, &opts, 1);
}
