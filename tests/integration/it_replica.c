/*
 * it_replica.c — public reads from a read replica (db_replica,
 * replica_max_lag_ms; SPEC "Runtime shape", issue 9 item 4).
 *
 * The program starts its own pair of MariaDB servers (scripts/mariadb
 * --role primary / --role replica, then "replicate": GTID replication on
 * loopback) and points the fixture at the primary, with db_replica set to
 * the replica.  A campaign's title is then changed on the replica alone
 * (sql_log_bin = 0, a version bump), so a public answer says which server
 * it was read from:
 *   - while the replica is fresh, public reads come from it (and /metrics
 *     counts them);
 *   - with its SQL thread stopped (STOP SLAVE SQL_THREAD: it answers but
 *     falls behind), public reads come from the primary, every one 200;
 *     the heartbeat the replica holds does not move (nothing writes it
 *     there), and reads go back to the replica once it has caught up;
 *   - with the replica applying 5 s late (MASTER_DELAY, both threads
 *     running), the same;
 *   - with the replica server stopped, the same, and back after it is
 *     started again;
 *   - writes never reach it: orders posted meanwhile arrive on the
 *     replica by replication only (same rows, replication still running
 *     without an error).
 * And /metrics' events gauges count pending and failed webhook deliveries.
 */
#include "config.h"

#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <mysql.h>

#include "fixture/fixture.h"
#include "it_api_util.h"

#define FX	fx_current

#define MARK		"Served by the replica"
/* Polls: bounded in time (each step waits 50 ms). */
#define WAIT_MS		15000

static char	 base[256];		/* the two servers' directories */
static char	 pdir[300], rdir[300];
static int	 pport;
static char	 extra[1024];

/* Run a command; exits on failure unless may_fail. */
static void
run(const char *const argv[], int may_fail)
{
	char	 cmd[2048];
	size_t	 i, n = 0;

	for (i = 0; argv[i] != NULL; i++)
		n += (size_t)snprintf(cmd + n, sizeof(cmd) - n, "%s'%s'",
		    i ? " " : "", argv[i]);
	if (system(cmd) != 0) {
		fprintf(stderr, "it_replica: failed: %s\n", cmd);
		if (!may_fail)
			exit(1);
	}
}

static void
server(const char *verb, const char *dir, const char *role)
{
	char		 script[600], port[16];
	const char	*argv[10];
	int		 k = 0;

	snprintf(script, sizeof(script), "%s/scripts/mariadb", fx_srcdir());
	snprintf(port, sizeof(port), "%d", pport);
	argv[k++] = script;
	argv[k++] = verb;
	argv[k++] = dir;
	if (strcmp(verb, "start") == 0) {
		argv[k++] = "--fast";
		argv[k++] = "--role";
		argv[k++] = role;
		if (strcmp(role, "primary") == 0) {
			argv[k++] = "--port";
			argv[k++] = port;
		}
	}
	argv[k] = NULL;
	/* Stopping also runs at exit, where exit() must not be called. */
	run(argv, strcmp(verb, "stop") == 0);
}

static void
servers_stop(void)
{
	const char	*keep = getenv("SG_TEST_KEEP");

	server("stop", rdir, NULL);
	server("stop", pdir, NULL);
	if (keep == NULL || *keep == '\0') {
		char	 cmd[400];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
		if (system(cmd) != 0)
			fprintf(stderr, "it_replica: could not remove %s\n", base);
	}
}

static int
free_port(void)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd, port;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1) {
		close(fd);
		return -1;
	}
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/* Run sql on the replica as root, in the test's database; exits on error. */
static MYSQL *
replica_connect(void)
{
	char	 sock[400];
	MYSQL	*my;

	snprintf(sock, sizeof(sock), "%s/mysqld.sock", rdir);
	if ((my = mysql_init(NULL)) == NULL)
		return NULL;
	if (mysql_real_connect(my, "localhost", "root", "", NULL, 0, sock,
	    0) == NULL) {
		fprintf(stderr, "it_replica: replica: %s\n", mysql_error(my));
		mysql_close(my);
		return NULL;
	}
	return my;
}

static void
on_replica(const char *sql)
{
	MYSQL	*my;
	char	 use[128];

	CU_ASSERT_PTR_NOT_NULL_FATAL(my = replica_connect());
	snprintf(use, sizeof(use), "USE %s", FX->dbname);
	/* Changes made here stay here (the replica logs nothing anyway). */
	if (mysql_query(my, "SET SESSION sql_log_bin = 0") != 0 ||
	    mysql_query(my, use) != 0 || mysql_query(my, sql) != 0) {
		fprintf(stderr, "it_replica: on the replica: %s: %s\n", sql,
		    mysql_error(my));
		mysql_close(my);
		CU_FAIL_FATAL("replica query");
	}
	mysql_close(my);
}

/* First column of the first row of sql on the replica ("" when none). */
static void
replica_str(const char *sql, char *buf, size_t size)
{
	MYSQL		*my;
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	char		 use[128];

	buf[0] = '\0';
	if ((my = replica_connect()) == NULL)
		return;
	snprintf(use, sizeof(use), "USE %s", FX->dbname);
	if (mysql_query(my, use) == 0 && mysql_query(my, sql) == 0 &&
	    (res = mysql_store_result(my)) != NULL) {
		if ((row = mysql_fetch_row(res)) != NULL && row[0] != NULL)
			snprintf(buf, size, "%s", row[0]);
		mysql_free_result(res);
	}
	mysql_close(my);
}

static int64_t
replica_i64(const char *sql)
{
	char	 buf[64];

	replica_str(sql, buf, sizeof(buf));
	return buf[0] == '\0' ? -1 : strtoll(buf, NULL, 10);
}

/* A field of SHOW SLAVE STATUS on the replica ("" when none). */
static void
slave_status(const char *field, char *buf, size_t size)
{
	MYSQL		*my;
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	MYSQL_FIELD	*f;
	unsigned	 i, n;

	buf[0] = '\0';
	if ((my = replica_connect()) == NULL)
		return;
	if (mysql_query(my, "SHOW SLAVE STATUS") == 0 &&
	    (res = mysql_store_result(my)) != NULL) {
		n = mysql_num_fields(res);
		f = mysql_fetch_fields(res);
		if ((row = mysql_fetch_row(res)) != NULL)
			for (i = 0; i < n; i++)
				if (strcmp(f[i].name, field) == 0 && row[i] != NULL)
					snprintf(buf, size, "%s", row[i]);
		mysql_free_result(res);
	}
	mysql_close(my);
}

static void
sleep_ms(int ms)
{
	usleep((useconds_t)ms * 1000);
}

/* Wait until the replica has applied everything the primary committed. */
static void
replica_catch_up(void)
{
	char	 pos[256], rpos[256];
	int	 waited;

	fx_sql_str(FX, "SELECT @@gtid_binlog_pos", pos, sizeof(pos));
	for (waited = 0; waited < WAIT_MS; waited += 50) {
		replica_str("SELECT @@gtid_slave_pos", rpos, sizeof(rpos));
		if (strcmp(pos, rpos) == 0)
			return;
		sleep_ms(50);
	}
	fprintf(stderr, "it_replica: replica at %s, primary at %s\n", rpos, pos);
	CU_FAIL_FATAL("the replica did not catch up");
}

/*
 * GET the public JSON of campaign "rep": 1 when its title is the replica's
 * mark, 0 the primary's; every answer must be 200.
 */
static int
read_is_replica(void)
{
	struct fx_resp	 r;
	int		 mark;

	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/api/v1/public/acme/rep", NULL,
	    NULL, 0, &r), 200);
	if (r.status != 200)
		fprintf(stderr, "it_replica: public read %d: %.300s\n", r.status,
		    r.body != NULL ? r.body : "");
	mark = r.json != NULL && strcmp(api_str(r.json, "title"), MARK) == 0;
	fx_resp_free(&r);
	return mark;
}

/*
 * Read until the answers come from want (1 replica, 0 primary) five times
 * in a row (both public workers moved); 1 when they did within WAIT_MS.
 */
static int
reads_settle(int want)
{
	int	 waited, row = 0;

	for (waited = 0; waited < WAIT_MS; waited += 50) {
		if (read_is_replica() == want) {
			if (++row == 5)
				return 1;
		} else
			row = 0;
		sleep_ms(50);
	}
	return 0;
}

/*
 * Mark campaign "rep" on the replica once it has applied everything (an
 * order replicated since puts the primary's row back).
 */
static void
mark_replica(void)
{
	replica_catch_up();
	on_replica("UPDATE campaigns SET title = '" MARK "', "
	    "version = version + 1000 WHERE slug = 'rep'");
}

/* Store acme, campaign "rep" on the primary, and the mark on the replica. */
static void
setup_marked(void)
{
	char	 title[256];

	api_stores();
	api_campaign("rep", "units", 100);
	mark_replica();
	replica_str("SELECT title FROM campaigns WHERE slug = 'rep'", title,
	    sizeof(title));
	CU_ASSERT_STRING_EQUAL_FATAL(title, MARK);
	fx_sql_str(FX, "SELECT title FROM campaigns WHERE slug = 'rep'", title,
	    sizeof(title));
	CU_ASSERT_STRING_EQUAL_FATAL(title, "T rep");
}

/* An order of qty x p-1 into "rep". */
static void
post_order(const char *id)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"id\":\"%s\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"id\":\"c-%s\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":1,\"price\":1000}]}", id, id);
	CU_ASSERT_EQUAL(api_order(body, NULL), 201);
}

/* Orders reach the replica by replication only, and replication is well. */
static void
check_writes_replicated(void)
{
	char	 io[16], sql[16], err[16];

	replica_catch_up();
	CU_ASSERT_EQUAL(replica_i64("SELECT COUNT(*) FROM orders"),
	    fx_sql_i64(FX, "SELECT COUNT(*) FROM orders"));
	slave_status("Slave_IO_Running", io, sizeof(io));
	slave_status("Slave_SQL_Running", sql, sizeof(sql));
	slave_status("Last_SQL_Errno", err, sizeof(err));
	CU_ASSERT_STRING_EQUAL(io, "Yes");
	CU_ASSERT_STRING_EQUAL(sql, "Yes");
	CU_ASSERT_STRING_EQUAL(err, "0");
}

static void
test_fresh_reads_from_replica(void)
{
	double	 before;

	setup_marked();
	CU_ASSERT_TRUE_FATAL(reads_settle(1));
	before = fx_metric(FX, "stretchgoal_public_reads_total{db=\"replica\"}");
	CU_ASSERT_TRUE(before > 0);
	CU_ASSERT_TRUE(read_is_replica());
	CU_ASSERT_TRUE(fx_metric(FX, "stretchgoal_public_reads_total{db=\"replica\"}") >
	    before);
	CU_ASSERT_TRUE(fx_metric(FX, "stretchgoal_replica_workers{state=\"fresh\"}") >= 1);
	CU_ASSERT_TRUE(fx_metric(FX, "stretchgoal_replica_lag_seconds") >= 0);
	/* The widget page and oEmbed read there too. */
	{
		struct fx_resp	 r;

		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/acme/rep", NULL, NULL, 0,
		    &r), 200);
		CU_ASSERT_PTR_NOT_NULL(r.body != NULL ? strstr(r.body, MARK) : NULL);
		fx_resp_free(&r);
	}
	/* Writes go to the primary; the replica gets them by replication. */
	post_order("rep-1");
	post_order("rep-2");
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM orders"), 2);
	check_writes_replicated();
	/* The events gauges: none queued, then two pending and one failed. */
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_events_pending"), 0);
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_events_failed"), 0);
	fx_sql(FX, "INSERT INTO webhook_endpoints (store_id, url, events, secret) "
	    "SELECT id, 'https://example.com/h', 'grant.created', 'k' FROM stores "
	    "WHERE handle = 'acme'");
	fx_sql(FX, "INSERT INTO webhook_deliveries (endpoint_id, event_id, "
	    "position, status) SELECT id, 1, 1, 'pending' FROM webhook_endpoints "
	    "UNION ALL SELECT id, 2, 2, 'pending' FROM webhook_endpoints "
	    "UNION ALL SELECT id, 3, 3, 'failed' FROM webhook_endpoints "
	    "UNION ALL SELECT id, 4, 4, 'delivered' FROM webhook_endpoints");
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_events_pending"), 2);
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_events_failed"), 1);
}

static void
test_lagging_replica_falls_back(void)
{
	char	 beat1[64], beat2[64];
	int	 i;

	setup_marked();
	CU_ASSERT_TRUE_FATAL(reads_settle(1));
	on_replica("STOP SLAVE SQL_THREAD");
	/* Behind by more than replica_max_lag_ms: the primary answers. */
	CU_ASSERT_TRUE(reads_settle(0));
	CU_ASSERT_TRUE(fx_metric(FX, "stretchgoal_replica_lag_seconds") > 2.0);
	CU_ASSERT_TRUE(fx_metric(FX, "stretchgoal_public_reads_total{db=\"primary\"}") > 0);
	/* Nothing writes on the replica: its heartbeat stands still. */
	replica_str("SELECT beat FROM replica_heartbeat", beat1, sizeof(beat1));
	for (i = 0; i < 10; i++) {
		CU_ASSERT_EQUAL(read_is_replica(), 0);
		sleep_ms(50);
	}
	post_order("lag-1");
	replica_str("SELECT beat FROM replica_heartbeat", beat2, sizeof(beat2));
	CU_ASSERT_STRING_EQUAL(beat1, beat2);
	CU_ASSERT_EQUAL(replica_i64("SELECT COUNT(*) FROM orders"), 0);
	on_replica("START SLAVE SQL_THREAD");
	mark_replica();
	CU_ASSERT_TRUE(reads_settle(1));
	check_writes_replicated();
}

static void
test_delayed_replica_falls_back(void)
{
	setup_marked();
	CU_ASSERT_TRUE_FATAL(reads_settle(1));
	/* Both threads run, but every event is applied 5 s late. */
	on_replica("STOP SLAVE");
	on_replica("CHANGE MASTER TO MASTER_DELAY = 5");
	on_replica("START SLAVE");
	CU_ASSERT_TRUE(reads_settle(0));
	CU_ASSERT_TRUE(fx_metric(FX, "stretchgoal_replica_lag_seconds") > 2.0);
	on_replica("STOP SLAVE");
	on_replica("CHANGE MASTER TO MASTER_DELAY = 0");
	on_replica("START SLAVE");
	mark_replica();
	CU_ASSERT_TRUE(reads_settle(1));
	check_writes_replicated();
}

static void
test_stopped_replica_falls_back(void)
{
	setup_marked();
	CU_ASSERT_TRUE_FATAL(reads_settle(1));
	server("stop", rdir, NULL);
	/* Every read answered, by the primary. */
	CU_ASSERT_TRUE(reads_settle(0));
	CU_ASSERT_TRUE(fx_metric(FX, "stretchgoal_replica_workers{state=\"not_fresh\"}") >= 1);
	post_order("down-1");
	server("start", rdir, "replica");
	mark_replica();
	CU_ASSERT_TRUE(reads_settle(1));
	check_writes_replicated();
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "fresh replica serves public reads", test_fresh_reads_from_replica },
		{ "lagging replica: the primary serves", test_lagging_replica_falls_back },
		{ "delayed replica: the primary serves", test_delayed_replica_falls_back },
		{ "stopped replica: the primary serves", test_stopped_replica_falls_back },
		{ NULL, NULL }
	};
	struct fx_opts	 opts;
	char		 port[16], script[600];
	const char	*argv[6];

	snprintf(base, sizeof(base), "/tmp/sgtest-replica-XXXXXX");
	if (mkdtemp(base) == NULL) {
		fprintf(stderr, "it_replica: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	snprintf(pdir, sizeof(pdir), "%s/primary", base);
	snprintf(rdir, sizeof(rdir), "%s/replica", base);
	if ((pport = free_port()) <= 0) {
		fprintf(stderr, "it_replica: no free port\n");
		return 1;
	}
	/* Registered first: runs after the fixture stopped its programs. */
	atexit(servers_stop);
	server("start", pdir, "primary");
	server("start", rdir, "replica");
	snprintf(script, sizeof(script), "%s/scripts/mariadb", fx_srcdir());
	snprintf(port, sizeof(port), "%d", pport);
	argv[0] = script;
	argv[1] = "replicate";
	argv[2] = rdir;
	argv[3] = pdir;
	argv[4] = port;
	argv[5] = NULL;
	run(argv, 0);
	/* The fixture's databases live on the primary. */
	setenv("SG_TEST_MYSQL_DIR", pdir, 1);
	snprintf(extra, sizeof(extra), "db_replica = %s/mysqld.sock\n"
	    "replica_max_lag_ms = 2000\nreplica_check_ms = 100\n", rdir);
	memset(&opts, 0, sizeof(opts));
	opts.extra_conf = extra;
	return fx_run("replica", cases, &opts, 1);
}
