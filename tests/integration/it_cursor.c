/*
 * it_cursor.c — the grant queue's cursor never skips and never repeats
 * (issue 14).
 *
 * Eight workers, eight campaigns with their own products, one gift
 * milestone each (target 1, scope "new": every counted order of a new
 * backer gets a grant), and 16 clients posting orders spread over the
 * campaigns, so that transactions of different campaigns overlap and commit
 * in any order.  Meanwhile a poller works GET /api/v1/grants exactly as
 * docs/api.md tells a pipeline to: start without "after", then always send
 * the last "next_after" it got (on the last page, where next_after is
 * null, the "position" of the page's last grant).  When the writers are done it drains the queue.  Every grant in
 * the database must have been seen exactly once.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "fixture/fixture.h"
#include "oracle/load.h"

#define FX		fx_current
#define NCAMP		8
#define NORDERS		1500
#define NCLIENTS	16
#define POLL_LIMIT	50

static char		 token[256], auth[400];
static volatile int	 writers_done;

struct seen {
	int64_t		*ids;
	size_t		 n, cap;
	int		 pages, errors;
	char		 after[64];	/* the cursor as the poller keeps it */
};

static void
setup(void)
{
	static const char *const store[] = { "store", "create", "--handle",
	    "shop", "--name", "Shop", "--currency", "USD", NULL };
	static const char *const tok[] = { "token", "create", "--store", "shop",
	    NULL };
	char		 out[512], err[512], body[512], path[128];
	struct fx_resp	 r;
	size_t		 n;
	int		 c;

	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
	    store), 0);
	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
	    tok), 0);
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	snprintf(token, sizeof(token), "%s", out);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\n", token);
	for (c = 0; c < NCAMP; c++) {
		snprintf(body, sizeof(body), "{\"slug\":\"c%d\",\"title\":\"C%d\","
		    "\"goal_kind\":\"units\",\"goal\":100000,\"product_ids\":"
		    "[\"p-%d\"],\"status\":\"live\"}", c, c, c);
		CU_ASSERT_EQUAL_FATAL(fx_http(FX, "POST", "/api/v1/campaigns", auth,
		    body, strlen(body), &r), 201);
		fx_resp_free(&r);
		snprintf(path, sizeof(path), "/api/v1/campaigns/c%d/milestones", c);
		snprintf(body, sizeof(body), "{\"target\":1,\"title\":\"Pin\","
		    "\"reward\":\"gift\",\"gift_product_id\":\"g-%d\","
		    "\"scope\":\"new\"}", c);
		CU_ASSERT_EQUAL_FATAL(fx_http(FX, "POST", path, auth, body,
		    strlen(body), &r), 201);
		fx_resp_free(&r);
	}
}

static void
seen_add(struct seen *s, int64_t id)
{
	int64_t	*p;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		if ((p = realloc(s->ids, s->cap * sizeof(*p))) == NULL) {
			s->errors++;
			return;
		}
		s->ids = p;
	}
	s->ids[s->n++] = id;
}

/* One page: returns the number of grants on it, -1 on a bad answer. */
static int
poll_page(struct seen *s)
{
	struct fx_resp	 r;
	cJSON		*g, *x, *id, *pos, *next;
	char		 path[160], last[64] = "";
	int		 n = 0;

	if (s->after[0] != '\0')
		snprintf(path, sizeof(path), "/api/v1/grants?limit=%d&after=%s",
		    POLL_LIMIT, s->after);
	else
		snprintf(path, sizeof(path), "/api/v1/grants?limit=%d", POLL_LIMIT);
	if (fx_http(FX, "GET", path, auth, NULL, 0, &r) != 200 || r.json == NULL) {
		fprintf(stderr, "it_cursor: GET %s: %d %s\n", path, r.status,
		    r.body != NULL ? r.body : "");
		fx_resp_free(&r);
		s->errors++;
		return -1;
	}
	s->pages++;
	g = cJSON_GetObjectItem(r.json, "grants");
	cJSON_ArrayForEach(x, g) {
		id = cJSON_GetObjectItem(x, "id");
		pos = cJSON_GetObjectItem(x, "position");
		if (cJSON_IsNumber(id))
			seen_add(s, (int64_t)id->valuedouble);
		else
			s->errors++;
		if (cJSON_IsString(pos))
			snprintf(last, sizeof(last), "%s", pos->valuestring);
		else
			s->errors++;
		n++;
	}
	/* docs/api.md: resume from next_after; on the last page (null) from
	 * the position of the last grant on it; after an empty page, from
	 * where this page started. */
	next = cJSON_GetObjectItem(r.json, "next_after");
	if (cJSON_IsString(next))
		snprintf(s->after, sizeof(s->after), "%s", next->valuestring);
	else if (!cJSON_IsNull(next))
		s->errors++;
	else if (last[0] != '\0')
		snprintf(s->after, sizeof(s->after), "%s", last);
	fx_resp_free(&r);
	return n;
}

static void *
poller(void *arg)
{
	struct seen	*s = arg;
	int		 empty = 0, n;

	while (!writers_done)
		if (poll_page(s) < 0)
			break;
	/* Drain: the queue is complete once two pages in a row are empty. */
	while (empty < 2 && s->errors == 0) {
		if ((n = poll_page(s)) < 0)
			break;
		empty = n == 0 ? empty + 1 : 0;
	}
	return NULL;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static void
run_once(int round)
{
	struct ld_job	*jobs;
	struct ld_opts	 lo;
	struct seen	 s;
	pthread_t	 th;
	size_t		 i, unanswered, repeats = 0, missing = 0;
	int64_t		 total, last = -1;
	char		 body[512];
	int		 bad = 0;

	memset(&s, 0, sizeof(s));
	CU_ASSERT_FATAL((jobs = calloc(NORDERS, sizeof(*jobs))) != NULL);
	for (i = 0; i < NORDERS; i++) {
		jobs[i].method = "POST";
		snprintf(jobs[i].path, sizeof(jobs[i].path), "/api/v1/orders");
		jobs[i].body_len = (size_t)snprintf(body, sizeof(body),
		    "{\"id\":\"r%d-%zu\",\"placed_at\":\"2026-11-22T10:00:00Z\","
		    "\"currency\":\"USD\",\"customer\":{\"id\":\"b%d-%zu\"},"
		    "\"line_items\":[{\"product_id\":\"p-%zu\",\"quantity\":1,"
		    "\"price\":100}]}", round, i, round, i, i % NCAMP);
		jobs[i].body = strdup(body);
		CU_ASSERT_FATAL(jobs[i].body != NULL);
	}
	memset(&lo, 0, sizeof(lo));
	lo.port = FX->port;
	lo.auth = token;
	lo.clients = NCLIENTS;
	lo.deadline_s = 240;
	lo.keepalive = 1;

	writers_done = 0;
	CU_ASSERT_FATAL(pthread_create(&th, NULL, poller, &s) == 0);
	unanswered = ld_run(&lo, jobs, NORDERS);
	writers_done = 1;
	pthread_join(th, NULL);

	for (i = 0; i < NORDERS; i++)
		if (jobs[i].status != 201)
			bad++;
	CU_ASSERT_EQUAL(unanswered, 0);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(s.errors, 0);

	/* Every grant in the database, seen exactly once. */
	total = fx_sql_i64(FX, "SELECT COUNT(*) FROM grants");
	CU_ASSERT_EQUAL(total, (int64_t)NORDERS * (round + 1));
	qsort(s.ids, s.n, sizeof(s.ids[0]), cmp_i64);
	for (i = 0; i < s.n; i++) {
		if (s.ids[i] == last)
			repeats++;
		last = s.ids[i];
	}
	/* The seen set, without repeats, must have the size of the table and
	 * hold only ids that exist. */
	missing = (size_t)total - (s.n - repeats);
	for (i = 0; i < s.n; i++) {
		char	 sql[128];

		if (i > 0 && s.ids[i] == s.ids[i - 1])
			continue;
		if (i % 97 != 0)	/* spot-check existence, the count does the rest */
			continue;
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM grants WHERE id = %lld",
		    (long long)s.ids[i]);
		CU_ASSERT_EQUAL(fx_sql_i64(FX, sql), 1);
	}
	fprintf(stderr, "it_cursor: round %d: %d orders, %lld grants in the "
	    "database, %zu seen by the poller in %d pages: %zu skipped, %zu "
	    "repeated\n", round, NORDERS, (long long)total, s.n, s.pages,
	    missing, repeats);
	CU_ASSERT_EQUAL(missing, 0);
	CU_ASSERT_EQUAL(repeats, 0);
	free(s.ids);
	ld_jobs_free(jobs, NORDERS);
	free(jobs);
}

static void
test_cursor_never_skips(void)
{
	int	 round;

	setup();
	for (round = 0; round < 2; round++)
		run_once(round);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "a poller following next_after while 16 clients post orders "
		  "into 8 campaigns on 8 workers sees every grant exactly once",
		  test_cursor_never_skips },
		{ NULL, NULL }
	};
	struct fx_opts	 opts = { 8, NULL };

	/* On the 3-node cluster (tests/cluster.sh) there is one program host
	 * per node: 3 workers each, 9 in all. */
	if (getenv("SG_TEST_CLUSTER_NODES") != NULL)
		opts.workers = 3;
	return fx_run("cursor", cases, &opts, 1);
}
