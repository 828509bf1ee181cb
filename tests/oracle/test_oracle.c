/*
 * test_oracle.c — the oracle's own unit tests: small hand-worked campaigns
 * whose expected state follows SPEC.md's rules line by line.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "oracle/load.h"
#include "oracle/oracle.h"
#include "oracle/reach.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

enum { A, B, C, NB };

static int
live_grant_ref(const struct or_campaign *c, int m, int b)
{
	int	 g = c->holder[m * c->nbackers + b];

	return g == -1 ? -1 : c->grants[g].ref;
}

static int
count_live(const struct or_campaign *c)
{
	int	 g, n = 0;

	for (g = 0; g < c->ngrants; g++)
		n += c->grants[g].live;
	return n;
}

static void
test_crossing_scopes_and_cancel(void)
{
	struct or_campaign	 c;
	struct or_post		 p;
	int			 m_all, m_new, m_rev;

	or_init(&c, 0, NB, 10);
	m_all = or_add_milestone(&c, 5, 1, 1);
	m_new = or_add_milestone(&c, 8, 1, 0);
	m_rev = or_add_milestone(&c, 3, 0, 0);
	CU_ASSERT_FALSE(c.ms[m_all].reached);

	or_post(&c, 0, A, 3, 300, &p);		/* 0 -> 3 reaches the reveal */
	CU_ASSERT_EQUAL(p.p0, 0);
	CU_ASSERT_EQUAL(p.p1, 3);
	CU_ASSERT_EQUAL(p.nreached, 1);
	CU_ASSERT_EQUAL(p.reached[0], m_rev);
	CU_ASSERT_EQUAL(p.ngranted, 0);
	CU_ASSERT_EQUAL(c.ms[m_rev].reached_by, 0);

	or_post(&c, 1, B, 1, 100, &p);		/* 4 */
	CU_ASSERT_EQUAL(p.nreached, 0);
	or_post(&c, 2, C, 2, 200, &p);		/* 6: all-scope reached */
	CU_ASSERT_EQUAL(p.nreached, 1);
	CU_ASSERT_EQUAL(p.ngranted, 1);
	CU_ASSERT_EQUAL(p.granted[0], m_all);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_all, A), 0);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_all, B), 1);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_all, C), 2);
	CU_ASSERT_EQUAL(p.backers, 3);

	or_post(&c, 3, A, 3, 300, &p);		/* 9: new-scope reached by A */
	CU_ASSERT_EQUAL(p.nreached, 1);
	CU_ASSERT_EQUAL(p.reached[0], m_new);
	CU_ASSERT_EQUAL(p.ngranted, 1);		/* A holds the all grant already */
	CU_ASSERT_EQUAL(p.granted[0], m_new);
	CU_ASSERT_EQUAL(p.backers, 3);
	or_post(&c, 4, B, 1, 100, &p);		/* 10: B qualifies for new */
	CU_ASSERT_EQUAL(p.ngranted, 1);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_new, B), 4);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_new, C), -1);
	CU_ASSERT_EQUAL(count_live(&c), 5);

	/* A's new-scope grant cannot move to order 0 (counted before). */
	or_cancel(&c, 3);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_new, A), -1);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_all, A), 0);
	or_cancel(&c, 3);			/* idempotent */
	CU_ASSERT_EQUAL(or_progress(&c), 7);
	/* B's all grant moves from order 1 to order 4. */
	or_cancel(&c, 1);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_all, B), 4);
	CU_ASSERT_EQUAL(c.grants[c.grants[c.holder[m_all * NB + B]].moved_from].ref, 1);
	CU_ASSERT_FALSE(c.grants[c.grants[c.holder[m_all * NB + B]].moved_from].live);
	or_cancel(&c, 0);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_all, A), -1);
	CU_ASSERT_EQUAL(c.backers, 2);
	CU_ASSERT_EQUAL(c.active, 2);
	CU_ASSERT_EQUAL(or_progress(&c), 3);
	CU_ASSERT_EQUAL(c.amount, 300);
	/* Latched: nothing is reached again, A backs again and gets both. */
	or_post(&c, 5, A, 5, 500, &p);
	CU_ASSERT_EQUAL(p.nreached, 0);
	CU_ASSERT_EQUAL(p.ngranted, 2);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_all, A), 5);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m_new, A), 5);
	or_free(&c);
}

static void
test_several_crossed_at_once_and_reached_at_creation(void)
{
	struct or_campaign	 c;
	struct or_post		 p;
	int			 m1, m2, m3, m4;

	or_init(&c, 1, NB, 10);
	m2 = or_add_milestone(&c, 2000, 1, 0);
	m1 = or_add_milestone(&c, 1000, 0, 0);
	or_post(&c, 0, A, 1, 2500, &p);
	CU_ASSERT_EQUAL(p.nreached, 2);
	CU_ASSERT_EQUAL(p.reached[0], m1);	/* target order */
	CU_ASSERT_EQUAL(p.reached[1], m2);
	CU_ASSERT_EQUAL(p.ngranted, 1);
	or_post(&c, 1, B, 1, 0, &p);		/* zero contribution still counts */
	CU_ASSERT_EQUAL(p.p1, 2500);
	CU_ASSERT_EQUAL(p.backers, 2);
	CU_ASSERT_EQUAL(p.ngranted, 1);		/* counted after the reach */
	/* Created at or below progress: reached now. */
	m3 = or_add_milestone(&c, 2500, 1, 1);
	CU_ASSERT_TRUE(c.ms[m3].reached);
	CU_ASSERT_EQUAL(c.ms[m3].reached_by, -1);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m3, A), 0);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m3, B), 1);
	m4 = or_add_milestone(&c, 100, 1, 0);
	CU_ASSERT_TRUE(c.ms[m4].reached);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m4, A), -1);
	or_post(&c, 2, A, 1, 10, &p);
	CU_ASSERT_EQUAL(p.ngranted, 1);
	CU_ASSERT_EQUAL(p.granted[0], m4);
	/* Edited down to the progress: reached now; reached: refused. */
	m1 = or_add_milestone(&c, 900000, 0, 0);
	CU_ASSERT_FALSE(c.ms[m1].reached);
	CU_ASSERT_EQUAL(or_edit_milestone(&c, m1, 600000, 1, 1), 0);
	CU_ASSERT_FALSE(c.ms[m1].reached);
	CU_ASSERT_EQUAL(or_edit_milestone(&c, m1, 2510, 1, 1), 0);
	CU_ASSERT_TRUE(c.ms[m1].reached);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m1, A), 0);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m1, B), 1);
	CU_ASSERT_EQUAL(or_edit_milestone(&c, m1, 3000, 1, 1), -1);
	/* A refund lowers the contribution, never below 0, keeps grants. */
	or_refund(&c, 0, 1, 99999);
	CU_ASSERT_EQUAL(c.amount, 10);
	CU_ASSERT_EQUAL(c.units, 2);
	CU_ASSERT_EQUAL(live_grant_ref(&c, m2, A), 0);
	CU_ASSERT_TRUE(or_active(&c, 0));
	CU_ASSERT_FALSE(or_counted(&c, 7));
	or_free(&c);
}

/*
 * The load generator against a canned HTTP/1.1 server: a Content-Length
 * answer and a chunked one on one keep-alive connection, then one that
 * closes the connection (the next request must reconnect), then a read to
 * EOF without a length.
 */
static const char *const canned[] = {
	"HTTP/1.1 201 Created\r\nContent-Length: 11\r\n\r\n{\"a\":\"one\"}",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "4\r\n{\"b\"\r\n7\r\n:\"two\"}\r\n0\r\n\r\n",
	"HTTP/1.1 409 Conflict\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
	"HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\nbye",
};

struct canned_server {
	int	 fd;
	int	 connections;
	int	 requests;
	int64_t	 arrived_us[4];	/* CLOCK_MONOTONIC, when each was read */
};

/* Reads one request (headers and Content-Length body); 0 at EOF. */
static int
canned_read_request(int c)
{
	char	 buf[8192];
	size_t	 n = 0;
	ssize_t	 r;
	char	*end, *cl;
	size_t	 want;

	for (;;) {
		if ((r = read(c, buf + n, sizeof(buf) - 1 - n)) <= 0)
			return 0;
		n += (size_t)r;
		buf[n] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) == NULL)
			continue;
		want = 0;
		if ((cl = strstr(buf, "Content-Length: ")) != NULL)
			want = strtoul(cl + 16, NULL, 10);
		if (n >= (size_t)(end + 4 - buf) + want)
			return 1;
	}
}

static void *
canned_serve(void *arg)
{
	struct canned_server	*sv = arg;
	int			 c, k = 0;

	while (k < 4 && (c = accept(sv->fd, NULL, NULL)) != -1) {
		sv->connections++;
		while (k < 4 && canned_read_request(c)) {
			sv->arrived_us[k] = ld_now_us();
			sv->requests++;
			if (write(c, canned[k], strlen(canned[k])) < 0)
				break;
			if (strstr(canned[k++], "Connection: close") != NULL)
				break;
		}
		close(c);
	}
	return NULL;
}

/* The canned server on a loopback port, in its own thread; the port. */
static int
canned_start(struct canned_server *sv, pthread_t *tid)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 one = 1;

	memset(sv, 0, sizeof(*sv));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sv->fd = socket(AF_INET, SOCK_STREAM, 0);
	CU_ASSERT_FATAL(sv->fd != -1);
	setsockopt(sv->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	CU_ASSERT_FATAL(bind(sv->fd, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	CU_ASSERT_FATAL(listen(sv->fd, 4) == 0);
	CU_ASSERT_FATAL(getsockname(sv->fd, (struct sockaddr *)&sin, &len) == 0);
	CU_ASSERT_FATAL(pthread_create(tid, NULL, canned_serve, sv) == 0);
	return ntohs(sin.sin_port);
}

/* Four POSTs to /x/0../x/3. */
static void
canned_jobs(struct ld_job jobs[4])
{
	int	 i;

	memset(jobs, 0, 4 * sizeof(jobs[0]));
	for (i = 0; i < 4; i++) {
		jobs[i].method = "POST";
		snprintf(jobs[i].path, sizeof(jobs[i].path), "/x/%d", i);
		jobs[i].body = strdup("{\"k\":1}");
		jobs[i].body_len = strlen(jobs[i].body);
	}
}

static void
test_load_generator_http(void)
{
	struct canned_server	 sv;
	struct ld_opts		 lo;
	struct ld_job		 jobs[4];
	pthread_t		 tid;
	int			 i, port;

	port = canned_start(&sv, &tid);
	canned_jobs(jobs);
	memset(&lo, 0, sizeof(lo));
	lo.port = port;
	lo.auth = "t";
	lo.clients = 1;
	lo.deadline_s = 10;
	lo.keepalive = 1;
	CU_ASSERT_EQUAL(ld_run(&lo, jobs, 4), 0);
	pthread_join(tid, NULL);
	close(sv.fd);
	CU_ASSERT_EQUAL(jobs[0].status, 201);
	CU_ASSERT_STRING_EQUAL(jobs[0].resp, "{\"a\":\"one\"}");
	CU_ASSERT_EQUAL(jobs[1].status, 200);
	CU_ASSERT_STRING_EQUAL(jobs[1].resp, "{\"b\":\"two\"}");
	CU_ASSERT_EQUAL(jobs[1].resp_len, 11);
	CU_ASSERT_EQUAL(jobs[2].status, 409);
	CU_ASSERT_STRING_EQUAL(jobs[2].resp, "{}");
	CU_ASSERT_EQUAL(jobs[3].status, 404);
	CU_ASSERT_STRING_EQUAL(jobs[3].resp, "bye");
	for (i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(jobs[i].tries, 1);
	/* Keep-alive for the first three, a new connection after the close. */
	CU_ASSERT_EQUAL(sv.connections, 2);
	CU_ASSERT_EQUAL(sv.requests, 4);
	CU_ASSERT_TRUE(ld_percentile(jobs, 4, 50) >= 0);
	ld_jobs_free(jobs, 4);
}

/*
 * At a rate (an open loop): job i is due 1/rate s after job i-1, whatever
 * the answers; its latency counts from when it was due, and the server
 * reads none of them before then (a lower bound, not a speed).
 */
static void
test_load_generator_rate(void)
{
	struct canned_server	 sv;
	struct ld_opts		 lo;
	struct ld_job		 jobs[4];
	pthread_t		 tid;
	int			 i;

	memset(&lo, 0, sizeof(lo));
	lo.port = canned_start(&sv, &tid);
	canned_jobs(jobs);
	lo.auth = "t";
	lo.clients = 1;		/* the canned server serves one at a time */
	lo.deadline_s = 10;
	lo.keepalive = 1;
	lo.rate = 20;			/* one every 50 ms */
	CU_ASSERT_EQUAL(ld_run(&lo, jobs, 4), 0);
	pthread_join(tid, NULL);
	close(sv.fd);
	CU_ASSERT_EQUAL(sv.requests, 4);
	for (i = 0; i < 4; i++) {
		CU_ASSERT_TRUE(jobs[i].status > 0);
		CU_ASSERT_EQUAL(jobs[i].start_us - jobs[0].start_us,
		    (int64_t)i * 50000);
		CU_ASSERT_TRUE(jobs[i].end_us >= jobs[i].start_us);
	}
	/* One client: the server reads them in job order, none before it was
	   due (without the pacing all four arrive at once). */
	for (i = 0; i < 4; i++)
		CU_ASSERT_TRUE(sv.arrived_us[i] >= jobs[i].start_us);
	ld_jobs_free(jobs, 4);
}

/* --- the reference model of rule 5 and 8 (reach.h) ---------------------- */

static struct sg_order_line
line(const char *p, int64_t q, int64_t price, int free_line)
{
	struct sg_order_line	 l;

	memset(&l, 0, sizeof(l));
	snprintf(l.product_id, sizeof(l.product_id), "%s", p);
	l.quantity = q;
	l.price = price;
	l.free_line = free_line;
	return l;
}

static void
test_progress_of(void)
{
	const char		*prods[] = { "p-1", "p-2" };
	struct sg_order_line	 l[2];
	struct sg_contribution	 c;

	l[0] = line("p-1", 2, 2500, 0);
	l[1] = line("p-2", 4, 250, 0);
	CU_ASSERT_EQUAL(sg_rules_contribution(l, 2, prods, 2, &c), 0);
	CU_ASSERT_EQUAL(ref_progress_of(&c, SG_GOAL_UNITS), 6);
	CU_ASSERT_EQUAL(ref_progress_of(&c, SG_GOAL_MONEY), 6000);
}

static void
test_grants_at_reach_all(void)
{
	struct sg_rule_milestone ms = { 10, 1, 50, 1, SG_SCOPE_ALL, SG_METRIC_PROGRESS };
	/* Backers a (3 orders), b (1, cancelled), c (2), d (holds one). */
	struct sg_rule_order o[] = {
		{ "a", 30, 1, 1 },	/* 0 */
		{ "c", 20, 1, 0 },	/* 1: cancelled, c's earliest */
		{ "a", 10, 1, 1 },	/* 2: a's earliest */
		{ "b", 15, 1, 0 },	/* 3: b only cancelled */
		{ "c", 40, 1, 1 },	/* 4: c's earliest active */
		{ "d", 5, 1, 1 },	/* 5 */
		{ "a", 50, 1, 1 },	/* 6: the posted, reaching order */
		{ "e", 12, 0, 1 },	/* 7: not counted */
	};
	int	 holds[N(o)] = { 0, 0, 0, 0, 0, 1, 0, 0 };
	size_t	 out[N(o)], work[N(o)], n = 99;

	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms, o, holds, N(o), 6,
	    out, &n, work), 0);
	/* a on the posted order (rule 7), c on its earliest active. */
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL(out[0], 4);
	CU_ASSERT_EQUAL(out[1], 6);

	/* Reached at creation: no posted order, a gets its earliest. */
	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms, o, holds, N(o),
	    SIZE_MAX, out, &n, work), 0);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_EQUAL(out[0], 2);
	CU_ASSERT_EQUAL(out[1], 4);

	/* Nobody holds one: d too, sorted by seq. */
	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms, o, NULL, N(o),
	    SIZE_MAX, out, &n, work), 0);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_EQUAL(out[0], 5);
	CU_ASSERT_EQUAL(out[1], 2);
	CU_ASSERT_EQUAL(out[2], 4);

	/* No orders at all. */
	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms, o, NULL, 0, SIZE_MAX,
	    out, &n, work), 0);
	CU_ASSERT_EQUAL(n, 0);

	/* Not a reached gift: error. */
	ms.reached = 0;
	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms, o, NULL, N(o), 6,
	    out, &n, work), -1);
	ms.reached = 1;
	ms.reward = SG_REWARD_REVEAL;
	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms, o, NULL, N(o), 6,
	    out, &n, work), -1);
	ms.reward = SG_REWARD_GIFT;
	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms, o, NULL, N(o), 99,
	    out, &n, work), -1);
}

static void
test_grants_at_reach_new(void)
{
	struct sg_rule_milestone ms = { 10, 1, 50, 1, SG_SCOPE_NEW, SG_METRIC_PROGRESS };
	struct sg_rule_order o[] = {
		{ "a", 10, 1, 1 },
		{ "b", 20, 1, 1 },
		{ "a", 50, 1, 1 },	/* posted, reaching */
	};
	int	 holds[3] = { 1, 0, 1 };
	size_t	 out[3], work[3], n = 99;

	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms, o, NULL, 3, 2, out,
	    &n, work), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(out[0], 2);
	/* The posting backer already holds one: nothing. */
	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms, o, holds, 3, 2, out,
	    &n, work), 0);
	CU_ASSERT_EQUAL(n, 0);
	/* Reached at creation: nobody yet. */
	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms, o, NULL, 3, SIZE_MAX,
	    out, &n, work), 0);
	CU_ASSERT_EQUAL(n, 0);
}

static void
test_place_grants_on_cancel(void)
{
	struct sg_rule_milestone mnew = { 10, 1, 50, 1, SG_SCOPE_NEW, SG_METRIC_PROGRESS };
	struct sg_rule_milestone mall = { 20, 1, 50, 1, SG_SCOPE_ALL, SG_METRIC_PROGRESS };
	struct sg_rule_milestone ms2[2];
	struct sg_rule_order only_before[] = { { "a", 10, 1, 1 } };
	ptrdiff_t out[2];

	ms2[0] = mnew;
	ms2[1] = mall;
	ref_place_grants_on_cancel(ms2, 2, only_before, 1, out);
	CU_ASSERT_EQUAL(out[0], -1);	/* void */
	CU_ASSERT_EQUAL(out[1], 0);
}

static void
test_story(void)
{
	const char		*prods[] = { "p" };
	struct sg_rule_milestone ms[2] = {
		{ 5, 0, 0, 1, SG_SCOPE_NEW, SG_METRIC_PROGRESS },
		{ 5, 0, 0, 1, SG_SCOPE_ALL, SG_METRIC_PROGRESS },
	};
	struct sg_rule_order	 o[4];
	struct sg_order_line	 l;
	struct sg_contribution	 c;
	int64_t			 p = 0, p1;
	size_t			 out[4], work[4], n, k, crossed[2];
	static const struct { const char *b; int64_t q; } seq[] = {
		{ "ann", 2 }, { "bob", 2 }, { "cat", 1 }, { "ann", 1 },
	};

	for (k = 0; k < 3; k++) {
		l = line("p", seq[k].q, 100, 0);
		CU_ASSERT_EQUAL(sg_rules_contribution(&l, 1, prods, 1, &c), 0);
		o[k].backer = seq[k].b;
		o[k].seq = (int64_t)k + 1;
		o[k].counted = c.counted;
		o[k].active = 1;
		p1 = p + ref_progress_of(&c, SG_GOAL_UNITS);
		n = sg_rules_crossed(p, p1, 0, 0, ms, 2, crossed);
		CU_ASSERT_EQUAL(n, k == 2 ? 2 : 0);
		p = p1;
	}
	ms[0].reached = ms[1].reached = 1;
	ms[0].reached_seq = ms[1].reached_seq = 3;
	/* Scope new: only cat's reaching order. */
	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms[0], o, NULL, 3, 2, out,
	    &n, work), 0);
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_EQUAL(out[0], 2);
	/* Scope all: everybody, ann and bob on their orders, cat on 2. */
	CU_ASSERT_EQUAL(ref_grants_at_reach(&ms[1], o, NULL, 3, 2, out,
	    &n, work), 0);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_EQUAL(out[0], 0);
	CU_ASSERT_EQUAL(out[1], 1);
	CU_ASSERT_EQUAL(out[2], 2);
	/* ann orders again: qualifies for new, but holds all already. */
	o[3].backer = "ann";
	o[3].seq = 4;
	o[3].counted = 1;
	o[3].active = 1;
	CU_ASSERT_TRUE(sg_rules_order_qualifies(&ms[0], &o[3]));
	CU_ASSERT_TRUE(sg_rules_order_qualifies(&ms[1], &o[3]));
	/* ann cancels order 0: her "all" grant moves to order 3. */
	o[0].active = 0;
	CU_ASSERT_EQUAL(sg_rules_place_on_cancel(&ms[1], &o[3], 1), 0);
	/* cat cancels: no other orders, void. */
	CU_ASSERT_EQUAL(sg_rules_place_on_cancel(&ms[0], NULL, 0), -1);
}

/* Rule 10: a backers milestone crosses with the backer count, not progress. */
static void
test_backers_metric(void)
{
	struct or_campaign	 c;
	struct or_post		 p;
	int			 mp, mbn, mba, mlate;

	or_init(&c, 0, 4, 16);
	mp = or_add_milestone(&c, 3, 1, 0);
	mbn = or_add_milestone_metric(&c, 1, 2, 1, 0);	/* backers, new */
	mba = or_add_milestone_metric(&c, 1, 3, 1, 1);	/* backers, all */
	or_post(&c, 0, 0, 1, 100, &p);			/* ana: 1 unit, 1 backer */
	CU_ASSERT_EQUAL(p.nreached, 0);
	CU_ASSERT_EQUAL(p.b0, 0);
	CU_ASSERT_EQUAL(p.backers, 1);
	or_post(&c, 1, 0, 1, 100, &p);			/* ana again: 2 units */
	CU_ASSERT_EQUAL(p.nreached, 0);
	CU_ASSERT_EQUAL(p.b0, 1);
	CU_ASSERT_EQUAL(p.backers, 1);
	or_post(&c, 2, 1, 1, 100, &p);			/* bob: 3 units, 2 backers */
	CU_ASSERT_EQUAL_FATAL(p.nreached, 2);
	CU_ASSERT_EQUAL(p.reached[0], mp);		/* progress first */
	CU_ASSERT_EQUAL(p.reached[1], mbn);
	CU_ASSERT_EQUAL(p.ngranted, 2);
	CU_ASSERT_EQUAL(c.ms[mp].reached_seq, c.ms[mbn].reached_seq);
	CU_ASSERT_FALSE(c.ms[mba].reached);
	or_post(&c, 3, 2, 1, 100, &p);			/* cat: 3 backers */
	CU_ASSERT_EQUAL_FATAL(p.nreached, 1);
	CU_ASSERT_EQUAL(p.reached[0], mba);
	/* Scope all: ana, bob and cat, one grant each. */
	CU_ASSERT(c.holder[mba * c.nbackers + 0] != -1);
	CU_ASSERT(c.holder[mba * c.nbackers + 1] != -1);
	CU_ASSERT(c.holder[mba * c.nbackers + 2] != -1);
	/* Cat leaves: 2 backers, all stay reached (latched). */
	or_cancel(&c, 3);
	CU_ASSERT_EQUAL(c.backers, 2);
	CU_ASSERT_TRUE(c.ms[mba].reached);
	/* A backers target at the count is reached at creation; above, not. */
	mlate = or_add_milestone_metric(&c, 1, 2, 0, 0);
	CU_ASSERT_TRUE(c.ms[mlate].reached);
	mlate = or_add_milestone_metric(&c, 1, 4, 0, 0);
	CU_ASSERT_FALSE(c.ms[mlate].reached);
	CU_ASSERT_EQUAL(or_count_of(&c, mlate), 2);
	CU_ASSERT_EQUAL(or_count_of(&c, mp), 3);
	/* Edited to a progress target of 3: reached by the edit. */
	c.ms[mlate].backers = 0;
	CU_ASSERT_EQUAL(or_edit_milestone(&c, mlate, 3, 0, 0), 0);
	CU_ASSERT_TRUE(c.ms[mlate].reached);
	or_free(&c);
}

int
main(void)
{
	CU_pSuite	 s;
	unsigned	 failures;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 99;
	s = CU_add_suite("oracle", NULL, NULL);
	if (s == NULL ||
	    CU_add_test(s, "crossing, scopes, cancel moves and voids",
	    test_crossing_scopes_and_cancel) == NULL ||
	    CU_add_test(s, "several crossed at once; reached at creation; refund",
	    test_several_crossed_at_once_and_reached_at_creation) == NULL ||
	    CU_add_test(s, "load generator: keep-alive, chunked, close, EOF",
	    test_load_generator_http) == NULL ||
	    CU_add_test(s, "load generator: at a rate, each job when it is due",
	    test_load_generator_rate) == NULL ||
	    CU_add_test(s, "reference: progress of a contribution",
	    test_progress_of) == NULL ||
	    CU_add_test(s, "reference: grants at reach, all",
	    test_grants_at_reach_all) == NULL ||
	    CU_add_test(s, "reference: grants at reach, new",
	    test_grants_at_reach_new) == NULL ||
	    CU_add_test(s, "reference: placement of a cancelled order's grants",
	    test_place_grants_on_cancel) == NULL ||
	    CU_add_test(s, "reference: a story of rules 1-8",
	    test_story) == NULL ||
	    CU_add_test(s, "backers milestones (rule 10)",
	    test_backers_metric) == NULL)
		return 99;
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures == 0 ? 0 : 1;
}
