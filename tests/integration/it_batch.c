/*
 * it_batch.c — group commit (issue 10 item 1): the order posts one private
 * worker reads together, with one token, are counted in one transaction
 * (docs/architecture.md, "Group commit").
 *
 * A batch is made for real: the instance has one private worker, and this
 * test holds the campaign's row lock from its own database connection.
 * The first order waits for it inside the worker; the next ones wait in
 * the worker's accept queue; when the test commits, the worker answers
 * the first and then reads the others in one round: one batch.  The
 * metrics say how many orders went through a committed batch.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <mysql.h>

#include "fixture/fixture.h"
#include "integration/it_api_util.h"

#define FX	fx_current
#define NPOST	8

static int64_t
sql(const char *q)
{
	return fx_sql_i64(FX, q);
}

static void
order_body(char *buf, size_t size, const char *id, const char *cust)
{
	snprintf(buf, size, "{\"id\":\"%s\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"%s\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":1,\"price\":1000}]}", id, cust);
}

struct post {
	pthread_t	 th;
	const char	*token;
	char		 body[512];
	int		 status;
	int64_t		 progress;	/* campaigns[0].progress of the answer */
	int		 reached;	/* entries in campaigns[0].reached */
	int		 duplicate;
};

static void *
post_main(void *arg)
{
	struct post	*p = arg;
	struct fx_resp	 r;
	cJSON		*c0, *camps;

	p->status = api_req("POST", "/api/v1/orders", p->token, p->body, &r);
	p->progress = -1;
	if (r.json != NULL) {
		p->duplicate = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
		    r.json, "duplicate"));
		camps = cJSON_GetObjectItemCaseSensitive(r.json, "campaigns");
		if ((c0 = cJSON_GetArrayItem(camps, 0)) != NULL) {
			p->progress = api_num(c0, "progress");
			p->reached = cJSON_GetArraySize(
			    cJSON_GetObjectItemCaseSensitive(c0, "reached"));
		}
	}
	fx_resp_free(&r);
	return NULL;
}

/* A connection of the test's own to this instance's database. */
static MYSQL *
db_open(void)
{
	const char	*dir = getenv("SG_TEST_MYSQL_DIR");
	char		 sock[600];
	MYSQL		*my;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	snprintf(sock, sizeof(sock), "%s/mysqld.sock", dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(my = mysql_init(NULL));
	if (mysql_real_connect(my, "localhost", "root", "", FX->dbname, 0, sock,
	    0) == NULL) {
		fprintf(stderr, "it_batch: %s\n", mysql_error(my));
		CU_FAIL_FATAL("connect");
	}
	return my;
}

static void
db_do(MYSQL *my, const char *q)
{
	MYSQL_RES	*res;

	if (mysql_query(my, q) != 0) {
		fprintf(stderr, "it_batch: %s: %s\n", q, mysql_error(my));
		CU_FAIL_FATAL("query");
	}
	if ((res = mysql_store_result(my)) != NULL)
		mysql_free_result(res);
}

/*
 * Post ps[0..n) so that ps[1..n) reach the one private worker together:
 * ps[0] first, while the test holds campaign slug's row lock; the others
 * while ps[0] waits for it; then the lock goes.  Waits for all answers.
 */
static void
post_together(const char *slug, struct post *ps, int n)
{
	char	 q[256];
	MYSQL	*my = db_open();
	int	 i;

	db_do(my, "START TRANSACTION");
	snprintf(q, sizeof(q), "SELECT id FROM campaigns WHERE slug = '%s' "
	    "FOR UPDATE", slug);
	db_do(my, q);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&ps[0].th, NULL, post_main,
	    &ps[0]), 0);
	usleep(300000);		/* the worker waits for the lock */
	for (i = 1; i < n; i++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&ps[i].th, NULL, post_main,
		    &ps[i]), 0);
	usleep(500000);		/* nginx has handed them to the pool */
	db_do(my, "COMMIT");
	for (i = 0; i < n; i++)
		pthread_join(ps[i].th, NULL);
	mysql_close(my);
}

static double
batched(void)
{
	return fx_metric(FX, "stretchgoal_orders_batched_total");
}

/*
 * Eight new backers, one unit each; a scope-"all" gift at 5 is reached
 * inside the batch (by its fourth order).  The same rows as eight orders
 * committed one after the other: serial numbers 1..8, the reach at 5, one
 * grant per backer, each answer with the progress of its own count.
 */
static void
test_batch_one_commit(void)
{
	struct post	 ps[NPOST];
	char		 id[32], cust[32];
	int		 i, reached = 0;
	int64_t		 seen = 0;

	api_stores();
	api_campaign("c", "units", 100);
	api_milestone("c", "{\"target\":5,\"title\":\"Five\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-5\",\"scope\":\"all\"}");
	memset(ps, 0, sizeof(ps));
	for (i = 0; i < NPOST; i++) {
		snprintf(id, sizeof(id), "b-%d", i);
		snprintf(cust, sizeof(cust), "cust-%d", i);
		ps[i].token = api_tok;
		order_body(ps[i].body, sizeof(ps[i].body), id, cust);
	}
	CU_ASSERT_EQUAL(batched(), 0);
	post_together("c", ps, NPOST);
	for (i = 0; i < NPOST; i++) {
		CU_ASSERT_EQUAL(ps[i].status, 201);
		CU_ASSERT_FALSE(ps[i].duplicate);
		CU_ASSERT_TRUE(ps[i].progress >= 1 && ps[i].progress <= NPOST);
		seen |= (int64_t)1 << ps[i].progress;
		reached += ps[i].reached;
	}
	/* Each answer saw its own count: progress 1..8, each once. */
	CU_ASSERT_EQUAL(seen, ((int64_t)1 << (NPOST + 1)) - 2);
	CU_ASSERT_EQUAL(reached, 1);
	/* The seven that waited in the queue went as one batch. */
	CU_ASSERT_EQUAL(batched(), NPOST - 1);
	CU_ASSERT_TRUE(fx_metric(FX, "stretchgoal_order_batches_total"
	    "{outcome=\"committed\"}") >= 1);
	CU_ASSERT_EQUAL(sql("SELECT units FROM campaigns WHERE slug = 'c'"), NPOST);
	CU_ASSERT_EQUAL(sql("SELECT backers FROM campaigns WHERE slug = 'c'"),
	    NPOST);
	CU_ASSERT_EQUAL(sql("SELECT counted_seq FROM campaigns WHERE slug = 'c'"),
	    NPOST);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(DISTINCT counted_seq) FROM "
	    "order_campaigns WHERE counted_seq BETWEEN 1 AND 8"), NPOST);
	CU_ASSERT_EQUAL(sql("SELECT reached_seq FROM milestones"), 5);
	/* Every backer holds the gift once, on their order. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM grants"), NPOST);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(DISTINCT backer) FROM grants"), NPOST);
	/* Every answer is stored for its retry. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE response = ''"), 0);
	CU_ASSERT_EQUAL(api_order(ps[NPOST - 1].body, NULL), 200);
}

/*
 * In one round: two new orders, one body that is not an order, one order
 * posted before (the same body), one with a token that is not valid.  The
 * bad body and the bad token are answered on their own (422, 401); the
 * repeat makes the batch give up, and each order then runs on its own:
 * 201, 201 and 200 "duplicate".
 */
static void
test_batch_mixed(void)
{
	struct post	 ps[6];
	int		 i;

	api_stores();
	api_campaign("c", "units", 100);
	memset(ps, 0, sizeof(ps));
	for (i = 0; i < 6; i++)
		ps[i].token = api_tok;
	order_body(ps[0].body, sizeof(ps[0].body), "first", "ana");
	order_body(ps[1].body, sizeof(ps[1].body), "new-1", "bob");
	snprintf(ps[2].body, sizeof(ps[2].body), "{\"id\":\"bad\"}");
	order_body(ps[3].body, sizeof(ps[3].body), "again", "cat");
	order_body(ps[4].body, sizeof(ps[4].body), "new-2", "dan");
	order_body(ps[5].body, sizeof(ps[5].body), "tok", "eve");
	ps[5].token = "sg_not_a_token";
	CU_ASSERT_EQUAL(api_order(ps[3].body, NULL), 201);
	post_together("c", ps, 6);
	CU_ASSERT_EQUAL(ps[0].status, 201);
	CU_ASSERT_EQUAL(ps[1].status, 201);
	CU_ASSERT_EQUAL(ps[2].status, 422);
	CU_ASSERT_EQUAL(ps[3].status, 200);
	CU_ASSERT_TRUE(ps[3].duplicate);
	CU_ASSERT_EQUAL(ps[4].status, 201);
	CU_ASSERT_EQUAL(ps[5].status, 401);
	CU_ASSERT_TRUE(fx_metric(FX, "stretchgoal_order_batches_total"
	    "{outcome=\"not_committed\"}") >= 1);
	CU_ASSERT_EQUAL(batched(), 0);
	CU_ASSERT_EQUAL(sql("SELECT units FROM campaigns WHERE slug = 'c'"), 4);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders"), 4);
	CU_ASSERT_EQUAL(sql("SELECT COUNT(DISTINCT counted_seq) FROM "
	    "order_campaigns"), 4);
}

/* order_batch = 1: the same round, each order on its own. */
static void
test_batch_off(void)
{
	struct post	 ps[4];
	char		 id[32];
	struct fx_opts	 o;
	int		 i;

	fx_stop(FX);
	memset(&o, 0, sizeof(o));
	o.workers = 1;
	o.extra_conf = "order_batch = 1\n";
	fx_current = fx_start(&o);
	api_stores();
	api_campaign("c", "units", 100);
	memset(ps, 0, sizeof(ps));
	for (i = 0; i < 4; i++) {
		snprintf(id, sizeof(id), "o-%d", i);
		ps[i].token = api_tok;
		order_body(ps[i].body, sizeof(ps[i].body), id, id);
	}
	post_together("c", ps, 4);
	for (i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(ps[i].status, 201);
	CU_ASSERT_EQUAL(batched(), 0);
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_order_batches_total"
	    "{outcome=\"committed\"}"), 0);
	CU_ASSERT_EQUAL(sql("SELECT units FROM campaigns WHERE slug = 'c'"), 4);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "eight orders read together: one commit, the same rows as "
		  "eight", test_batch_one_commit },
		{ "a bad body, a repeat and a bad token in the round: each "
		  "answered as on its own", test_batch_mixed },
		{ "order_batch = 1: no group commit", test_batch_off },
		{ NULL, NULL },
	};
	struct fx_opts	 o;

	memset(&o, 0, sizeof(o));
	o.workers = 1;
	return fx_run("batch", cases, &o, 1);
}
