/*
 * test_domain_rules.c — counting, crossing, qualification, cancel, refund:
 * the rules production runs.  Rule 5's fan-out is SQL (SQL_GRANTS_FANOUT_*);
 * its reference model is tested in tests/oracle/test_oracle.c.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "domain/money.h"
#include "domain/rules.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct sg_order_line
line(const char *p, int64_t q, int64_t price, int gift)
{
	struct sg_order_line	 l;

	memset(&l, 0, sizeof(l));
	snprintf(l.product_id, sizeof(l.product_id), "%s", p);
	l.quantity = q;
	l.price = price;
	l.free_line = gift;
	return l;
}

static void
test_contribution(void)
{
	const char		*prods[] = { "p-1", "p-2" };
	struct sg_order_line	 l[5];
	struct sg_contribution	 c;

	l[0] = line("p-1", 2, 2500, 0);
	l[1] = line("p-2", 1, 1000, 0);
	l[2] = line("p-3", 5, 9999, 0);		/* not in campaign */
	l[3] = line("p-1", 1, 0, 1);		/* gift never counts */
	l[4] = line("p-2", 3, 0, 0);		/* free, counts units */
	CU_ASSERT_EQUAL(sg_rules_contribution(l, 5, prods, 2, &c), 0);
	CU_ASSERT_EQUAL(c.counted, 1);
	CU_ASSERT_EQUAL(c.units, 6);
	CU_ASSERT_EQUAL(c.amount, 6000);

	/* Only other products: not counted. */
	CU_ASSERT_EQUAL(sg_rules_contribution(&l[2], 1, prods, 2, &c), 0);
	CU_ASSERT_EQUAL(c.counted, 0);
	CU_ASSERT_EQUAL(c.units, 0);
	/* Only a gift line of a campaign product: not counted. */
	CU_ASSERT_EQUAL(sg_rules_contribution(&l[3], 1, prods, 2, &c), 0);
	CU_ASSERT_EQUAL(c.counted, 0);
	/* Zero-amount order: counted with amount 0. */
	CU_ASSERT_EQUAL(sg_rules_contribution(&l[4], 1, prods, 2, &c), 0);
	CU_ASSERT_EQUAL(c.counted, 1);
	CU_ASSERT_EQUAL(c.amount, 0);
	/* No campaign products at all. */
	CU_ASSERT_EQUAL(sg_rules_contribution(l, 5, NULL, 0, &c), 0);
	CU_ASSERT_EQUAL(c.counted, 0);
}

static void
test_counted_products(void)
{
	const char		*prods[] = { "p-2", "p-1", "p-4" }, *out[3];
	struct sg_order_line	 l[5];

	l[0] = line("p-1", 2, 2500, 0);
	l[1] = line("p-3", 5, 9999, 0);		/* not in campaign */
	l[2] = line("p-1", 1, 100, 0);		/* again: once */
	l[3] = line("p-4", 1, 0, 1);		/* only as a gift: not counted */
	l[4] = line("p-2", 3, 0, 0);		/* price 0 counts */
	CU_ASSERT_EQUAL(sg_rules_counted_products(l, 5, prods, 3, out), 2);
	CU_ASSERT_PTR_EQUAL(out[0], prods[0]);
	CU_ASSERT_PTR_EQUAL(out[1], prods[1]);
	/* Nothing of the campaign's, and no campaign products at all. */
	CU_ASSERT_EQUAL(sg_rules_counted_products(&l[1], 1, prods, 3, out), 0);
	CU_ASSERT_EQUAL(sg_rules_counted_products(&l[3], 1, prods, 3, out), 0);
	CU_ASSERT_EQUAL(sg_rules_counted_products(l, 5, NULL, 0, out), 0);
}

static void
test_contribution_overflow(void)
{
	const char		*prods[] = { "p" };
	struct sg_order_line	 l[10];
	struct sg_contribution	 c = { 7, 7, 7 };
	size_t			 i;

	for (i = 0; i < N(l); i++)
		l[i] = line("p", SG_QUANTITY_MAX, SG_PRICE_MAX, 0);
	/* 9 lines of 10^18 fit in int64, 10 do not. */
	CU_ASSERT_EQUAL(sg_rules_contribution(l, 9, prods, 1, &c), 0);
	CU_ASSERT_EQUAL(c.amount, INT64_C(9000000000000000000));
	c.units = 7;
	CU_ASSERT_EQUAL(sg_rules_contribution(l, 10, prods, 1, &c), -1);
	CU_ASSERT_EQUAL(c.units, 7);	/* untouched */
	/* Gift lines do not overflow anything. */
	for (i = 0; i < N(l); i++)
		l[i].free_line = 1;
	CU_ASSERT_EQUAL(sg_rules_contribution(l, 10, prods, 1, &c), 0);
}

static void
test_window(void)
{
	CU_ASSERT_TRUE(sg_rules_in_window(5, 0, 0, 0, 0));
	CU_ASSERT_TRUE(sg_rules_in_window(5, 1, 5, 1, 6));	/* start inclusive */
	CU_ASSERT_FALSE(sg_rules_in_window(6, 1, 5, 1, 6));	/* end exclusive */
	CU_ASSERT_FALSE(sg_rules_in_window(4, 1, 5, 0, 0));
	CU_ASSERT_TRUE(sg_rules_in_window(-100, 0, 0, 1, 6));
	CU_ASSERT_FALSE(sg_rules_in_window(100, 0, 0, 1, 6));
}

static void
test_crossed(void)
{
	struct sg_rule_milestone ms[] = {
		{ 10, 0, 0, 0, SG_SCOPE_ALL, SG_METRIC_PROGRESS },
		{ 20, 0, 0, 0, SG_SCOPE_ALL, SG_METRIC_PROGRESS },
		{ 30, 1, 5, 0, SG_SCOPE_ALL, SG_METRIC_PROGRESS },	/* already reached */
		{ 40, 0, 0, 0, SG_SCOPE_ALL, SG_METRIC_PROGRESS },
	};
	static const struct { int64_t p0, p1; size_t n; size_t idx[4]; }
	    cases[] = {
		{ 0, 9, 0, { 0 } },
		{ 0, 10, 1, { 0 } },		/* exactly at the target */
		{ 9, 10, 1, { 0 } },
		{ 10, 11, 0, { 0 } },		/* P0 == T: not again */
		{ 0, 25, 2, { 0, 1 } },		/* several at once */
		{ 0, 100, 3, { 0, 1, 3 } },	/* latched one skipped */
		{ 25, 35, 0, { 0 } },		/* 30 already reached */
		{ 10, 10, 0, { 0 } },		/* zero contribution */
		{ 50, 0, 0, { 0 } },		/* progress going down */
		{ 19, 20, 1, { 1 } },
		{ 39, 40, 1, { 3 } },
	};
	size_t	 out[4], i, j, n;

	for (i = 0; i < N(cases); i++) {
		n = sg_rules_crossed(cases[i].p0, cases[i].p1, 0, 1, ms, N(ms),
		    out);
		CU_ASSERT_EQUAL(n, cases[i].n);
		for (j = 0; j < n && j < cases[i].n; j++)
			CU_ASSERT_EQUAL(out[j], cases[i].idx[j]);
	}
	/* Latching: after marking, a later rise never reaches again. */
	n = sg_rules_crossed(0, 15, 0, 0, ms, N(ms), out);
	CU_ASSERT_EQUAL(n, 1);
	ms[out[0]].reached = 1;
	/* Cancel lowers progress to 5, a new order brings it to 15. */
	CU_ASSERT_EQUAL(sg_rules_crossed(5, 15, 0, 0, ms, N(ms), out), 0);
	CU_ASSERT_EQUAL(sg_rules_crossed(5, 20, 0, 0, ms, N(ms), out), 1);
	CU_ASSERT_EQUAL(out[0], 1);
}

/* Rule 10: each metric crosses with its own before/after values. */
static void
test_crossed_metrics(void)
{
	struct sg_rule_milestone ms[] = {
		{ 2, 0, 0, 0, SG_SCOPE_ALL, SG_METRIC_PROGRESS },	/* 0 */
		{ 2, 0, 0, 0, SG_SCOPE_NEW, SG_METRIC_BACKERS },	/* 1 */
		{ 3, 0, 0, 0, SG_SCOPE_ALL, SG_METRIC_BACKERS },	/* 2 */
		{ 500, 0, 0, 0, SG_SCOPE_ALL, SG_METRIC_PROGRESS },	/* 3 */
	};
	size_t	 out[4], n;

	/* A new backer (1 -> 2) whose order takes progress 1 -> 600. */
	n = sg_rules_crossed(1, 600, 1, 2, ms, N(ms), out);
	CU_ASSERT_EQUAL(n, 3);
	if (n == 3) {
		CU_ASSERT_EQUAL(out[0], 0);
		CU_ASSERT_EQUAL(out[1], 1);
		CU_ASSERT_EQUAL(out[2], 3);
	}
	/* A repeat backer (2 -> 2): the backer milestones do not move. */
	CU_ASSERT_EQUAL(sg_rules_crossed(0, 1, 2, 2, ms, N(ms), out), 0);
	/* Progress reaching 3 does not reach the backers target 3. */
	n = sg_rules_crossed(2, 3, 1, 1, ms, N(ms), out);
	CU_ASSERT_EQUAL(n, 0);
	/* The backer count reaching 3 does not reach a progress target. */
	n = sg_rules_crossed(600, 600, 2, 3, ms, N(ms), out);
	CU_ASSERT_EQUAL(n, 1);
	CU_ASSERT_EQUAL(out[0], 2);
	/* Latched: after a cancel (3 -> 2) the count rising again reaches
	   nothing once marked. */
	ms[1].reached = ms[2].reached = 1;
	CU_ASSERT_EQUAL(sg_rules_crossed(600, 600, 2, 3, ms, N(ms), out), 0);
	CU_ASSERT_EQUAL(sg_rules_crossed(600, 600, 3, 2, ms, N(ms), out), 0);
}

static void
test_metric_names(void)
{
	enum sg_metric	 m = SG_METRIC_PROGRESS;

	CU_ASSERT_STRING_EQUAL(sg_metric_name(SG_METRIC_PROGRESS), "progress");
	CU_ASSERT_STRING_EQUAL(sg_metric_name(SG_METRIC_BACKERS), "backers");
	CU_ASSERT_EQUAL(sg_metric_parse("backers", &m), 0);
	CU_ASSERT_EQUAL(m, SG_METRIC_BACKERS);
	CU_ASSERT_EQUAL(sg_metric_parse("progress", &m), 0);
	CU_ASSERT_EQUAL(m, SG_METRIC_PROGRESS);
	CU_ASSERT_EQUAL(sg_metric_parse("Backers", &m), -1);
	CU_ASSERT_EQUAL(sg_metric_parse("", &m), -1);
	{
		struct sg_rule_milestone	 pm, bm;

		memset(&pm, 0, sizeof(pm));
		memset(&bm, 0, sizeof(bm));
		pm.metric = SG_METRIC_PROGRESS;
		bm.metric = SG_METRIC_BACKERS;
		CU_ASSERT_EQUAL(sg_rules_metric_value(&pm, 1200, 7), 1200);
		CU_ASSERT_EQUAL(sg_rules_metric_value(&bm, 1200, 7), 7);
	}
	CU_ASSERT_EQUAL(sg_metric_parse(NULL, &m), -1);
}

static void
test_reached_on_save(void)
{
	CU_ASSERT_TRUE(sg_rules_reached_on_save(10, 0, 10));
	CU_ASSERT_TRUE(sg_rules_reached_on_save(5, 0, 10));
	CU_ASSERT_FALSE(sg_rules_reached_on_save(11, 0, 10));
	CU_ASSERT_FALSE(sg_rules_reached_on_save(5, 1, 10));
	CU_ASSERT_FALSE(sg_rules_reached_on_save(1, 0, 0));
}

static void
test_qualifies(void)
{
	struct sg_rule_milestone	 mnew = { 10, 1, 100, 1, SG_SCOPE_NEW, SG_METRIC_PROGRESS };
	struct sg_rule_milestone	 mall = { 10, 1, 100, 1, SG_SCOPE_ALL, SG_METRIC_PROGRESS };
	struct sg_rule_milestone	 unreached = { 10, 0, 0, 1, SG_SCOPE_ALL, SG_METRIC_PROGRESS };
	struct sg_rule_milestone	 reveal = { 10, 1, 100, 0, SG_SCOPE_ALL, SG_METRIC_PROGRESS };
	struct sg_rule_order		 before = { "a", 99, 1, 1 };
	struct sg_rule_order		 at = { "a", 100, 1, 1 };
	struct sg_rule_order		 after = { "a", 101, 1, 1 };
	struct sg_rule_order		 cancelled = { "a", 101, 1, 0 };
	struct sg_rule_order		 uncounted = { "a", 101, 0, 1 };

	CU_ASSERT_FALSE(sg_rules_order_qualifies(&mnew, &before));
	CU_ASSERT_TRUE(sg_rules_order_qualifies(&mnew, &at));	/* reaching */
	CU_ASSERT_TRUE(sg_rules_order_qualifies(&mnew, &after));
	CU_ASSERT_FALSE(sg_rules_order_qualifies(&mnew, &cancelled));
	CU_ASSERT_FALSE(sg_rules_order_qualifies(&mnew, &uncounted));
	CU_ASSERT_TRUE(sg_rules_order_qualifies(&mall, &before));
	CU_ASSERT_TRUE(sg_rules_order_qualifies(&mall, &at));
	CU_ASSERT_TRUE(sg_rules_order_qualifies(&mall, &after));
	CU_ASSERT_FALSE(sg_rules_order_qualifies(&mall, &cancelled));
	CU_ASSERT_FALSE(sg_rules_order_qualifies(&mall, &uncounted));
	CU_ASSERT_FALSE(sg_rules_order_qualifies(&unreached, &after));
	CU_ASSERT_FALSE(sg_rules_order_qualifies(&reveal, &after));
}

static void
test_cancel_placement(void)
{
	struct sg_rule_milestone mnew = { 10, 1, 50, 1, SG_SCOPE_NEW, SG_METRIC_PROGRESS };
	struct sg_rule_milestone mall = { 20, 1, 50, 1, SG_SCOPE_ALL, SG_METRIC_PROGRESS };
	struct sg_rule_order others[] = {
		{ "a", 70, 1, 1 },	/* 0 */
		{ "a", 10, 1, 1 },	/* 1: before the reach */
		{ "a", 60, 1, 0 },	/* 2: cancelled */
		{ "a", 55, 1, 1 },	/* 3: earliest after the reach */
		{ "a", 5, 0, 1 },	/* 4: not counted */
	};
	struct sg_rule_order only_before[] = { { "a", 10, 1, 1 } };

	CU_ASSERT_EQUAL(sg_rules_place_on_cancel(&mnew, others, N(others)), 3);
	CU_ASSERT_EQUAL(sg_rules_place_on_cancel(&mall, others, N(others)), 1);
	CU_ASSERT_EQUAL(sg_rules_place_on_cancel(&mnew, only_before, 1), -1);
	CU_ASSERT_EQUAL(sg_rules_place_on_cancel(&mall, only_before, 1), 0);
	CU_ASSERT_EQUAL(sg_rules_place_on_cancel(&mall, NULL, 0), -1);
}

static struct sg_refund_line
rline(const char *p, int64_t q, int64_t a)
{
	struct sg_refund_line	 r;

	memset(&r, 0, sizeof(r));
	snprintf(r.product_id, sizeof(r.product_id), "%s", p);
	r.quantity = q;
	r.amount = a;
	return r;
}

static void
test_refund(void)
{
	const char		*prods[] = { "p-1" };
	struct sg_order_line	 l[3];
	struct sg_refund_line	 prior[1], req[3];
	struct sg_contribution	 c, e;
	size_t			 bad = 99;

	l[0] = line("p-1", 2, 2500, 0);
	l[1] = line("p-1", 1, 1000, 0);		/* p-1: 3 units, 6000 */
	l[2] = line("g-1", 1, 0, 1);		/* gift */

	req[0] = rline("p-1", 1, 2500);
	CU_ASSERT_EQUAL(sg_rules_refund_check(l, 3, NULL, 0, req, 1, &bad),
	    SG_REFUND_OK);
	/* Everything: exactly what was bought. */
	req[0] = rline("p-1", 3, 6000);
	CU_ASSERT_EQUAL(sg_rules_refund_check(l, 3, NULL, 0, req, 1, &bad),
	    SG_REFUND_OK);
	req[0] = rline("p-1", 4, 0);
	CU_ASSERT_EQUAL(sg_rules_refund_check(l, 3, NULL, 0, req, 1, &bad),
	    SG_REFUND_EXCEEDS);
	req[0] = rline("p-1", 0, 6001);
	CU_ASSERT_EQUAL(sg_rules_refund_check(l, 3, NULL, 0, req, 1, &bad),
	    SG_REFUND_EXCEEDS);
	/* Split over two lines of the request. */
	req[0] = rline("p-1", 2, 3000);
	req[1] = rline("p-1", 2, 3000);
	CU_ASSERT_EQUAL(sg_rules_refund_check(l, 3, NULL, 0, req, 2, &bad),
	    SG_REFUND_EXCEEDS);
	/* Counting earlier refunds. */
	prior[0] = rline("p-1", 2, 5000);
	req[0] = rline("p-1", 1, 1000);
	CU_ASSERT_EQUAL(sg_rules_refund_check(l, 3, prior, 1, req, 1, &bad),
	    SG_REFUND_OK);
	req[0] = rline("p-1", 1, 1001);
	CU_ASSERT_EQUAL(sg_rules_refund_check(l, 3, prior, 1, req, 1, &bad),
	    SG_REFUND_EXCEEDS);
	/* Unknown product and gift lines. */
	req[0] = rline("p-1", 1, 0);
	req[1] = rline("p-9", 1, 0);
	CU_ASSERT_EQUAL(sg_rules_refund_check(l, 3, NULL, 0, req, 2, &bad),
	    SG_REFUND_UNKNOWN);
	CU_ASSERT_EQUAL(bad, 1);
	req[0] = rline("g-1", 1, 0);
	CU_ASSERT_EQUAL(sg_rules_refund_check(l, 3, NULL, 0, req, 1, &bad),
	    SG_REFUND_UNKNOWN);

	/* Effect on the contribution, down to zero and never below. */
	CU_ASSERT_EQUAL(sg_rules_contribution(l, 3, prods, 1, &c), 0);
	CU_ASSERT_EQUAL(c.units, 3);
	CU_ASSERT_EQUAL(c.amount, 6000);
	req[0] = rline("p-1", 1, 2500);
	req[1] = rline("p-9", 5, 100);		/* not a campaign product */
	CU_ASSERT_EQUAL(sg_rules_refund_effect(req, 2, prods, 1, &e), 0);
	CU_ASSERT_EQUAL(e.units, 1);
	CU_ASSERT_EQUAL(e.amount, 2500);
	sg_rules_lower(&c, &e);
	CU_ASSERT_EQUAL(c.units, 2);
	CU_ASSERT_EQUAL(c.amount, 3500);
	CU_ASSERT_EQUAL(c.counted, 1);		/* stays counted */
	req[0] = rline("p-1", 2, 3500);
	CU_ASSERT_EQUAL(sg_rules_refund_effect(req, 1, prods, 1, &e), 0);
	sg_rules_lower(&c, &e);
	CU_ASSERT_EQUAL(c.units, 0);
	CU_ASSERT_EQUAL(c.amount, 0);
	req[0] = rline("p-1", 5, 99999);
	CU_ASSERT_EQUAL(sg_rules_refund_effect(req, 1, prods, 1, &e), 0);
	sg_rules_lower(&c, &e);
	CU_ASSERT_EQUAL(c.units, 0);
	CU_ASSERT_EQUAL(c.amount, 0);
}

/*
 * A whole story, scope new and all: three backers, the milestone reached
 * by the third order, then a cancellation.
 */
static const struct unit_case cases[] = {
	{ "domain_rules", "contribution", test_contribution },
	{ "domain_rules", "counted products", test_counted_products },
	{ "domain_rules", "contribution overflow", test_contribution_overflow },
	{ "domain_rules", "window", test_window },
	{ "domain_rules", "crossing", test_crossed },
	{ "domain_rules", "crossing per metric", test_crossed_metrics },
	{ "domain_rules", "metric names", test_metric_names },
	{ "domain_rules", "reached on save", test_reached_on_save },
	{ "domain_rules", "qualification", test_qualifies },
	{ "domain_rules", "cancel placement", test_cancel_placement },
	{ "domain_rules", "refund", test_refund },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
