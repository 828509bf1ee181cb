/*
 * it_admin_backers.c — backers milestones (SPEC Milestones rule 10) in the
 * admin: the form's "Counts" select (a backers target is a whole number,
 * also in a money campaign), 422 beside the field for an unknown metric,
 * the locked select once reached, the dashboard's "N backers", and the
 * form and widget by their labels in Chromium (tests/browser/backers.mjs).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "integration/it_admin_util.h"
#include "integration/it_browser.h"

#define FX	fx_current

static struct adm	 A;

/* A money campaign "crowd" with a progress milestone and one backer. */
static void
setup_crowd(void)
{
	struct fx_resp	 r;

	adm_stores();
	CU_ASSERT_EQUAL_FATAL(adm_login(&A, "ana@acme.test", ADM_PASSWORD), 303);
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "crowd", "money", "1000.00"), 303);
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/campaigns/crowd/milestones",
	    "metric=progress&target=500.00&title=Half+way&reward=reveal", 1,
	    &r), 303);
	fx_resp_free(&r);
	fx_sql(FX, "UPDATE campaigns SET status = 'live', backers = 1, "
	    "amount = 1000, orders = 1, version = version + 1 WHERE slug = 'crowd'");
}

static void
test_form_posts(void)
{
	struct fx_resp	 r;
	char		 path[160], before[64], after[64];
	int64_t		 id;

	setup_crowd();
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT target FROM milestones WHERE "
	    "metric = 'progress'"), 50000);
	/* The new form offers the select, progress chosen, with its label. */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/crowd/milestones/new", &r),
	    200);
	CU_ASSERT_TRUE(adm_has(&r, "<label for=\"metric\">Counts</label>"));
	CU_ASSERT_TRUE(adm_has(&r, "<option value=\"progress\" selected>"));
	CU_ASSERT_TRUE(adm_has(&r, "the campaign's backer count is 1 now"));
	fx_resp_free(&r);
	/* A backers target is a count, not dollars. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/campaigns/crowd/milestones",
	    "metric=backers&target=3&title=Three+friends&reward=reveal", 1, &r),
	    303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT target FROM milestones WHERE "
	    "metric = 'backers'"), 3);
	/* "3.50" backers is refused beside the target. */
	fx_sql_str(FX, "SELECT COUNT(*) FROM milestones", before, sizeof(before));
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/campaigns/crowd/milestones",
	    "metric=backers&target=3.50&title=Half+a+friend&reward=reveal", 1,
	    &r), 422);
	CU_ASSERT_TRUE(adm_has(&r, "id=\"target-error\""));
	fx_resp_free(&r);
	/* An unknown metric: 422 beside the select, the values kept. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/campaigns/crowd/milestones",
	    "metric=orders&target=4&title=Four+orders&reward=reveal", 1, &r), 422);
	CU_ASSERT_TRUE(adm_has(&r, "id=\"metric-error\""));
	CU_ASSERT_TRUE(adm_has(&r, "value=\"Four orders\""));
	fx_resp_free(&r);
	fx_sql_str(FX, "SELECT COUNT(*) FROM milestones", after, sizeof(after));
	CU_ASSERT_STRING_EQUAL(before, after);
	/* The same count twice in backers: 409, the form again. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/campaigns/crowd/milestones",
	    "metric=backers&target=3&title=Again&reward=reveal", 1, &r), 409);
	fx_resp_free(&r);

	/* The edit form shows it; reached at save (1 backer), locked. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/campaigns/crowd/milestones",
	    "metric=backers&target=1&title=First+backer&reward=reveal", 1, &r),
	    303);
	fx_resp_free(&r);
	id = fx_sql_i64(FX, "SELECT id FROM milestones WHERE target = 1");
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT reached_at IS NOT NULL FROM "
	    "milestones WHERE target = 1"), 1);
	snprintf(path, sizeof(path), "/admin/campaigns/crowd/milestones/%lld/edit",
	    (long long)id);
	CU_ASSERT_EQUAL(adm_get(&A, path, &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "<option value=\"backers\" selected>"));
	CU_ASSERT_TRUE(adm_has(&r, "locked-reason\" disabled"));
	CU_ASSERT_TRUE(adm_has(&r, "value=\"1\""));
	fx_resp_free(&r);
	/* A change of what it counts is refused once reached (rule 9). */
	CU_ASSERT_EQUAL(adm_post(&A, path, "metric=progress", 1, &r), 409);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones WHERE "
	    "target = 1 AND metric = 'backers'"), 1);

	/* The campaign page: backers goals read in backers. */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/crowd", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "3 backers"));
	CU_ASSERT_TRUE(adm_has(&r, "$500.00"));
	fx_resp_free(&r);
}

/* The form by its labels and the widget in Chromium. */
static void
test_browser(void)
{
	setup_crowd();
	setenv("SG_ADMIN_EMAIL", "ana@acme.test", 1);
	setenv("SG_ADMIN_PASSWORD", ADM_PASSWORD, 1);
	CU_ASSERT_EQUAL(browser_run(FX, "backers.mjs"), 0);
}

static const struct fx_case cases[] = {
	{ "the milestone form's Counts select", test_form_posts },
	{ "the form by its labels and the widget in Chromium", test_browser },
	{ NULL, NULL },
};

int
main(void)
{
	return fx_run("admin_backers", cases, NULL, 1);
}
