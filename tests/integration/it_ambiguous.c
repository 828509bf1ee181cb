/*
 * it_ambiguous.c — a database connection that dies during COMMIT, and one
 * that dies before it.
 *
 * The program reaches MariaDB through a small TCP proxy in this process
 * (db_hosts = 127.0.0.1:PORT; the proxy connects to the test MariaDB's unix
 * socket).  Armed, the proxy cuts a connection at a chosen point:
 *
 *   - CUT_AT_COMMIT: it forwards the client's COMMIT, waits for the server
 *     to run it, and closes both sides before the answer reaches the
 *     program.  The order is committed, but the program cannot know: it
 *     must answer 503 with Retry-After and must NOT run the request again
 *     (a re-run would find the order and answer 200 "duplicate").  The
 *     client's retry with the same id answers 2xx, counted once.
 *   - CUT_BEFORE_EXEC: it closes both sides instead of forwarding the next
 *     statement.  Nothing was committed, so the program runs the request
 *     again on a new connection and answers 201 at once.
 *
 * db_hosts lists the server's own socket second (db_failback_secs = 1): when
 * the proxy refuses connections the program fails over to it, and comes
 * back to the proxy once it accepts again.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "it_api_util.h"
#include "it_together.h"

#define FX	fx_current

enum { CUT_NONE, CUT_AT_COMMIT, CUT_BEFORE_EXEC };

static atomic_int	 cut_mode;	/* armed: the next matching packet cuts */
static atomic_int	 cut_skip;	/* CUT_AT_COMMIT: COMMITs let through first */
static atomic_int	 cuts;		/* connections cut so far */
static atomic_int	 refuse;	/* close new connections at once */
static atomic_int	 generation;	/* bumped: every open connection closes */
static atomic_int	 accepts;	/* connections served so far */
static int		 proxy_fd = -1;
static int		 proxy_port;
static char		 mdb_sock[sizeof(((struct sockaddr_un *)0)->sun_path)];

struct pconn {
	int	 c, s;	/* client (the program), server (MariaDB) */
};

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Forward the complete client packets in buf[0..*len) to s, cutting where
 * armed.  Returns 1 when the connection is to be cut, 0 to go on, -1 on an
 * error.  Incomplete packets stay in buf.
 */
static int
forward_packets(unsigned char *buf, size_t *len, int s)
{
	size_t	 off = 0, plen;
	int	 mode;

	while (*len - off >= 4) {
		plen = buf[off] | (size_t)buf[off + 1] << 8 | (size_t)buf[off + 2] << 16;
		if (*len - off < 4 + plen)
			break;
		mode = atomic_load(&cut_mode);
		if (mode == CUT_BEFORE_EXEC && plen >= 1 && buf[off + 4] == 0x17 &&
		    atomic_compare_exchange_strong(&cut_mode, &mode, CUT_NONE))
			return 1;	/* COM_STMT_EXECUTE: not sent */
		if (write_all(s, buf + off, 4 + plen) == -1)
			return -1;
		if (mode == CUT_AT_COMMIT && plen == 7 && buf[off + 4] == 0x03 &&
		    memcmp(buf + off + 5, "COMMIT", 6) == 0 &&
		    atomic_fetch_sub(&cut_skip, 1) <= 0 &&
		    atomic_compare_exchange_strong(&cut_mode, &mode, CUT_NONE)) {
			usleep(300000);	/* the server commits */
			return 1;
		}
		off += 4 + plen;
	}
	memmove(buf, buf + off, *len - off);
	*len -= off;
	return 0;
}

static void *
pconn_main(void *arg)
{
	struct pconn	*pc = arg;
	struct pollfd	 pf[2];
	unsigned char	*cbuf, sbuf[65536];
	size_t		 clen = 0, ccap = 1u << 20;
	ssize_t		 n;
	int		 rc, gen = atomic_load(&generation);

	if ((cbuf = malloc(ccap)) == NULL)
		goto out;
	for (;;) {
		if (atomic_load(&generation) != gen)
			break;
		pf[0].fd = pc->c;
		pf[0].events = POLLIN;
		pf[1].fd = pc->s;
		pf[1].events = POLLIN;
		if (poll(pf, 2, 100) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (clen == ccap)
				break;
			if ((n = read(pc->c, cbuf + clen, ccap - clen)) <= 0)
				break;
			clen += (size_t)n;
			if ((rc = forward_packets(cbuf, &clen, pc->s)) != 0) {
				if (rc == 1)
					atomic_fetch_add(&cuts, 1);
				break;
			}
		}
		if (pf[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			if ((n = read(pc->s, sbuf, sizeof(sbuf))) <= 0)
				break;
			if (write_all(pc->c, sbuf, (size_t)n) == -1)
				break;
		}
	}
out:
	free(cbuf);
	shutdown(pc->c, SHUT_RDWR);
	close(pc->c);
	close(pc->s);
	free(pc);
	return NULL;
}

static void *
proxy_main(void *arg)
{
	struct sockaddr_un	 su;
	struct pconn		*pc;
	pthread_t		 t;
	int			 c, s;

	(void)arg;
	for (;;) {
		if ((c = accept(proxy_fd, NULL, NULL)) == -1) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		if (atomic_load(&refuse)) {
			close(c);
			continue;
		}
		atomic_fetch_add(&accepts, 1);
		memset(&su, 0, sizeof(su));
		su.sun_family = AF_UNIX;
		memcpy(su.sun_path, mdb_sock, sizeof(su.sun_path));
		if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
		    connect(s, (struct sockaddr *)&su, sizeof(su)) == -1 ||
		    (pc = malloc(sizeof(*pc))) == NULL) {
			if (s != -1)
				close(s);
			close(c);
			continue;
		}
		pc->c = c;
		pc->s = s;
		if (pthread_create(&t, NULL, pconn_main, pc) != 0) {
			close(c);
			close(s);
			free(pc);
			continue;
		}
		pthread_detach(t);
	}
}

static void
proxy_start(void)
{
	struct sockaddr_in	 sa;
	socklen_t		 len = sizeof(sa);
	const char		*dir = getenv("SG_TEST_MYSQL_DIR");
	pthread_t		 t;
	int			 one = 1;

	if (dir == NULL || *dir == '\0') {
		fprintf(stderr, "it_ambiguous: run it from tests/integration.sh "
		    "(SG_TEST_MYSQL_DIR)\n");
		exit(99);
	}
	if ((size_t)snprintf(mdb_sock, sizeof(mdb_sock), "%s/mysqld.sock", dir) >=
	    sizeof(mdb_sock)) {
		fprintf(stderr, "it_ambiguous: socket path too long\n");
		exit(99);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((proxy_fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    setsockopt(proxy_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(proxy_fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(proxy_fd, 64) == -1 ||
	    getsockname(proxy_fd, (struct sockaddr *)&sa, &len) == -1) {
		fprintf(stderr, "it_ambiguous: proxy: %s\n", strerror(errno));
		exit(99);
	}
	proxy_port = ntohs(sa.sin_port);
	if (pthread_create(&t, NULL, proxy_main, NULL) != 0) {
		fprintf(stderr, "it_ambiguous: pthread_create failed\n");
		exit(99);
	}
	pthread_detach(t);
}

static const char order_body[] =
    "{\"id\":\"%s\",\"placed_at\":\"2026-11-22T10:00:00Z\","
    "\"currency\":\"USD\",\"customer\":{\"id\":\"c-1\"},\"line_items\":"
    "[{\"product_id\":\"p-1\",\"quantity\":3,\"price\":1000}]}";

/* Does the program's log hold text? */
static int
log_has(const char *text)
{
	char	 path[700], line[2048];
	FILE	*f;
	int	 found = 0;

	snprintf(path, sizeof(path), "%s/stretchgoal.log", FX->dir);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

static int
log_has_cb(void *text)
{
	return log_has(text);
}

/*
 * text is in the program's log within 2 s: a worker writes its info lines
 * in batches, at the latest 100 ms after the first (util/log.c).
 */
static int
log_seen(const char *text)
{
	return fx_wait(2000, log_has_cb, (void *)text);
}

static int64_t
units(void)
{
	return fx_sql_i64(FX, "SELECT units FROM campaigns WHERE slug = 'amb'");
}

static void
test_commit_lost_is_not_rerun(void)
{
	struct fx_resp	 r;
	char		 body[512], hdr[64];
	int		 st;

	api_stores();
	api_campaign("amb", "units", 1000);
	snprintf(body, sizeof(body), order_body, "amb-1");

	atomic_store(&cut_mode, CUT_AT_COMMIT);
	CU_ASSERT_EQUAL(api_order(body, &r), 503);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Retry-After", hdr, sizeof(hdr)));
	CU_ASSERT_STRING_EQUAL(api_err_code(&r), "unavailable");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(atomic_load(&cuts), 1);
	CU_ASSERT_EQUAL(atomic_load(&cut_mode), CUT_NONE);
	/* The COMMIT did reach the server: the order is there, once. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM orders WHERE "
	    "external_id = 'amb-1'"), 1);
	CU_ASSERT_EQUAL(units(), 3);
	CU_ASSERT_TRUE(log_seen("the outcome of its commit is unknown"));

	/* The client's retry with the same id: 2xx, still counted once. */
	st = api_order(body, &r);
	CU_ASSERT_TRUE(st / 100 == 2);
	/* ... and it answers as the first answer would have: 201, not a
	 * duplicate (the attempt that committed never handed out its answer). */
	CU_ASSERT_EQUAL(st, 201);
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r.json,
	    "duplicate")));
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "order_id"), "amb-1");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM orders WHERE "
	    "external_id = 'amb-1'"), 1);
	CU_ASSERT_EQUAL(units(), 3);
	/* A later copy is a client duplicate: 200 "duplicate": true. */
	CU_ASSERT_EQUAL(api_order(body, &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r.json,
	    "duplicate")));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(units(), 3);
}

/*
 * A group commit whose COMMIT's answer is lost: its three orders answer
 * 503 and are not run again; each one's retry answers 201 as the first
 * (their answers were given back), later copies are duplicates.
 */
static void
test_batch_commit_lost(void)
{
	struct it_post	 ps[4];
	int		 i;

	api_stores();
	api_campaign("amb", "units", 1000);
	it_posts(ps, 4, "amb-b", api_tok);
	/* ps[0] commits on its own; the batch's COMMIT is cut. */
	atomic_store(&cut_skip, 1);
	atomic_store(&cut_mode, CUT_AT_COMMIT);
	it_post_together("amb", ps, 4);
	atomic_store(&cut_skip, 0);
	CU_ASSERT_EQUAL(ps[0].status, 201);
	for (i = 1; i < 4; i++)
		CU_ASSERT_EQUAL(ps[i].status, 503);
	CU_ASSERT_EQUAL(atomic_load(&cut_mode), CUT_NONE);
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_orders_batched_total"), 0);
	CU_ASSERT_TRUE(log_seen("3 orders in one transaction: the outcome of "
	    "its commit is unknown"));
	/* The batch did commit: all four counted, once. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM orders"), 4);
	CU_ASSERT_EQUAL(units(), 4);
	for (i = 1; i < 4; i++) {
		CU_ASSERT_EQUAL(api_order(ps[i].body, NULL), 201);
		CU_ASSERT_EQUAL(api_order(ps[i].body, NULL), 200);
	}
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM orders"), 4);
	CU_ASSERT_EQUAL(units(), 4);
}

/*
 * A refund whose COMMIT's answer is lost: 503, not run again; the retry
 * with the same refund id answers as the first (200, "duplicate": false),
 * later copies are duplicates; the units go down once.
 */
static void
test_refund_commit_lost(void)
{
	static const char refund[] = "{\"id\":\"rf-1\",\"line_items\":[{"
	    "\"product_id\":\"p-1\",\"quantity\":1,\"amount\":1000}]}";
	struct fx_resp	 r;
	char		 body[512];
	int		 before;

	api_stores();
	api_campaign("amb", "units", 1000);
	snprintf(body, sizeof(body), order_body, "amb-r");
	CU_ASSERT_EQUAL(api_order(body, NULL), 201);
	CU_ASSERT_EQUAL(units(), 3);
	before = atomic_load(&cuts);

	atomic_store(&cut_mode, CUT_AT_COMMIT);
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/amb-r/refund", api_tok,
	    refund, &r), 503);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(atomic_load(&cuts), before + 1);
	CU_ASSERT_EQUAL(units(), 2);			/* it did commit */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM refunds"), 1);

	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/amb-r/refund", api_tok,
	    refund, &r), 200);
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r.json,
	    "duplicate")));
	CU_ASSERT_STRING_EQUAL(api_str(r.json, "id"), "rf-1");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_req("POST", "/api/v1/orders/amb-r/refund", api_tok,
	    refund, &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r.json,
	    "duplicate")));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(units(), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM refunds"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT refunded_qty FROM order_lines"), 1);
}

static void
test_lost_before_commit_is_rerun(void)
{
	struct fx_resp	 r;
	char		 body[512];
	int		 before;

	api_stores();
	api_campaign("amb", "units", 1000);
	snprintf(body, sizeof(body), order_body, "amb-2");
	before = atomic_load(&cuts);

	/* The connection dies before a statement is sent: nothing committed,
	 * so the request runs again on a new connection and answers 201. */
	atomic_store(&cut_mode, CUT_BEFORE_EXEC);
	CU_ASSERT_EQUAL(api_order(body, &r), 201);
	CU_ASSERT_TRUE(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(r.json,
	    "duplicate")));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(atomic_load(&cuts), before + 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM orders WHERE "
	    "external_id = 'amb-2'"), 1);
	CU_ASSERT_EQUAL(units(), 3);
	usleep(250000);		/* past the log's 100 ms batch (util/log.c) */
	CU_ASSERT_FALSE(log_has("the outcome of its commit is unknown"));
}

/*
 * db_hosts = the proxy, then the server's socket.  The proxy goes away:
 * the next request is served through the second host.  It comes back: after
 * db_failback_secs the worker returns to the first host.
 */
static void
test_failover_and_failback(void)
{
	struct fx_resp	 r;
	int		 a;

	api_stores();
	api_campaign("amb", "units", 1000);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns/amb", api_tok, NULL, &r), 200);
	fx_resp_free(&r);

	atomic_store(&refuse, 1);
	atomic_fetch_add(&generation, 1);	/* cut every open connection */
	usleep(300000);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns/amb", api_tok, NULL, &r), 200);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api_order("{\"id\":\"fo-1\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"c-9\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":1,\"price\":1000}]}", &r), 201);
	fx_resp_free(&r);
	CU_ASSERT_TRUE(log_seen("(host 2 of 2)"));

	/* The first host is back: after db_failback_secs (1) the worker
	 * returns to it. */
	a = atomic_load(&accepts);
	atomic_store(&refuse, 0);
	usleep(1300000);
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/campaigns/amb", api_tok, NULL, &r), 200);
	CU_ASSERT_EQUAL(api_num(r.json, "units"), 1);
	fx_resp_free(&r);
	CU_ASSERT_TRUE(atomic_load(&accepts) > a);
	CU_ASSERT_TRUE(log_seen("trying the first host again"));
	CU_ASSERT_TRUE(log_seen("(host 1 of 2)"));
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "a connection lost during COMMIT: 503, not run again",
		  test_commit_lost_is_not_rerun },
		{ "a refund's connection lost during COMMIT: 503, its retry first",
		  test_refund_commit_lost },
		{ "a group commit's connection lost during COMMIT: 503 for each "
		  "of its orders, each retry first", test_batch_commit_lost },
		{ "a connection lost before COMMIT: run again, 201",
		  test_lost_before_commit_is_rerun },
		{ "db_hosts: fail over to the next host, fail back to the first",
		  test_failover_and_failback },
		{ NULL, NULL }
	};
	static char	 extra[800];
	struct fx_opts	 opts = { 1, NULL };

	proxy_start();
	/* One worker, so that the cut connection is the one the order uses. */
	snprintf(extra, sizeof(extra), "db_hosts = 127.0.0.1:%d, %s\n"
	    "db_failback_secs = 1\n", proxy_port, mdb_sock);
	opts.extra_conf = extra;
	return fx_run("ambiguous", cases, &opts, 1);
}
