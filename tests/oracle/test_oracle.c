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

static void
test_load_generator_http(void)
{
	struct canned_server	 sv;
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	struct ld_opts		 lo;
	struct ld_job		 jobs[4];
	pthread_t		 tid;
	int			 i, one = 1;

	memset(&sv, 0, sizeof(sv));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sv.fd = socket(AF_INET, SOCK_STREAM, 0);
	CU_ASSERT_FATAL(sv.fd != -1);
	setsockopt(sv.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	CU_ASSERT_FATAL(bind(sv.fd, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	CU_ASSERT_FATAL(listen(sv.fd, 4) == 0);
	CU_ASSERT_FATAL(getsockname(sv.fd, (struct sockaddr *)&sin, &len) == 0);
	CU_ASSERT_FATAL(pthread_create(&tid, NULL, canned_serve, &sv) == 0);

	memset(jobs, 0, sizeof(jobs));
	for (i = 0; i < 4; i++) {
		jobs[i].method = "POST";
		snprintf(jobs[i].path, sizeof(jobs[i].path), "/x/%d", i);
		jobs[i].body = strdup("{\"k\":1}");
		jobs[i].body_len = strlen(jobs[i].body);
	}
	memset(&lo, 0, sizeof(lo));
	lo.port = ntohs(sin.sin_port);
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
	    test_load_generator_http) == NULL)
		return 99;
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failures = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failures == 0 ? 0 : 1;
}
