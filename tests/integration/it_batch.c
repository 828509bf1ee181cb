/*
 * it_batch.c — group commit (issue 10 item 1): the order posts one private
 * worker reads together, with one token, are counted in one transaction
 * (docs/architecture.md, "Group commit").
 *
 * A batch is made for real (it_together.h): the instance has one private
 * worker, the first order waits inside it for a row lock this test holds,
 * the next ones in its accept queue, and the worker reads them in one
 * round once the lock goes.  The metrics say how many orders went through
 * a committed batch.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"
#include "integration/it_api_util.h"
#include "integration/it_together.h"

#define FX	fx_current
#define NPOST	8

static int64_t
sql(const char *q)
{
	return fx_sql_i64(FX, q);
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
	struct it_post	 ps[NPOST];
	int		 i, reached = 0;
	int64_t		 seen = 0;

	api_stores();
	api_campaign("c", "units", 100);
	api_milestone("c", "{\"target\":5,\"title\":\"Five\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-5\",\"scope\":\"all\"}");
	it_posts(ps, NPOST, "b-", api_tok);
	CU_ASSERT_EQUAL(batched(), 0);
	it_post_together("c", ps, NPOST);
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
	/* Every answer is stored for its retry (four per statement): each
	 * retry gets its own order's first answer back. */
	CU_ASSERT_EQUAL(sql("SELECT COUNT(*) FROM orders WHERE response = ''"), 0);
	for (i = 0; i < NPOST; i++) {
		struct fx_resp	 r;
		cJSON		*c0;

		CU_ASSERT_EQUAL(api_order(ps[i].body, &r), 200);
		CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
		    r.json, "duplicate")));
		c0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r.json,
		    "campaigns"), 0);
		CU_ASSERT_EQUAL(c0 != NULL ? api_num(c0, "progress") : -1,
		    ps[i].progress);
		fx_resp_free(&r);
	}
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
	struct it_post	 ps[6];
	int		 i;

	api_stores();
	api_campaign("c", "units", 100);
	memset(ps, 0, sizeof(ps));
	for (i = 0; i < 6; i++)
		ps[i].token = api_tok;
	it_order_body(ps[0].body, sizeof(ps[0].body), "first", "ana");
	it_order_body(ps[1].body, sizeof(ps[1].body), "new-1", "bob");
	snprintf(ps[2].body, sizeof(ps[2].body), "{\"id\":\"bad\"}");
	it_order_body(ps[3].body, sizeof(ps[3].body), "again", "cat");
	it_order_body(ps[4].body, sizeof(ps[4].body), "new-2", "dan");
	it_order_body(ps[5].body, sizeof(ps[5].body), "tok", "eve");
	ps[5].token = "sg_not_a_token";
	CU_ASSERT_EQUAL(api_order(ps[3].body, NULL), 201);
	it_post_together("c", ps, 6);
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
	struct it_post	 ps[4];
	struct fx_opts	 o;
	int		 i;

	fx_stop(FX);
	memset(&o, 0, sizeof(o));
	o.workers = 1;
	o.extra_conf = "order_batch = 1\n";
	fx_current = fx_start(&o);
	api_stores();
	api_campaign("c", "units", 100);
	it_posts(ps, 4, "o-", api_tok);
	it_post_together("c", ps, 4);
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
