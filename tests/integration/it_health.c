/*
 * it_health.c — GET /healthz says whether this host can serve writes.
 *
 * On the test's MariaDB: 200 normally, 503 with Retry-After while the
 * server is read-only (a replica, or a primary being failed over), 200
 * again after.  In cluster mode (tests/cluster.sh, SG_TEST_CLUSTER_NODES)
 * also: 503 while the nodes are not Synced (wsrep_desync = ON makes
 * wsrep_local_state leave 4), 200 again after.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <mysql.h>

#include "fixture/fixture.h"

#define FX	fx_current

/* The test server's sockets: the cluster's nodes, else the one server. */
static int
node_sockets(char socks[][600], int max)
{
	const char	*l = getenv("SG_TEST_CLUSTER_NODES"), *e;
	const char	*dir = getenv("SG_TEST_MYSQL_DIR");
	int		 n = 0;
	size_t		 len;

	if (l == NULL || *l == '\0') {
		CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
		snprintf(socks[0], 600, "%s/mysqld.sock", dir);
		return 1;
	}
	while (*l != '\0' && n < max) {
		while (*l == ' ')
			l++;
		for (e = l; *e != '\0' && *e != ' '; e++)
			;
		if ((len = (size_t)(e - l)) > 0 && len < 600) {
			memcpy(socks[n], l, len);
			socks[n++][len] = '\0';
		}
		l = e;
	}
	return n;
}

/* Run sql as root on every node. */
static void
on_every_node(const char *sql)
{
	char	 socks[4][600];
	MYSQL	*my;
	int	 n, i;

	n = node_sockets(socks, 4);
	for (i = 0; i < n; i++) {
		CU_ASSERT_PTR_NOT_NULL_FATAL(my = mysql_init(NULL));
		if (mysql_real_connect(my, "localhost", "root", "", NULL, 0,
		    socks[i], 0) == NULL) {
			fprintf(stderr, "it_health: %s: %s\n", socks[i], mysql_error(my));
			CU_FAIL_FATAL("connect");
		}
		if (mysql_query(my, sql) != 0) {
			fprintf(stderr, "it_health: %s: %s\n", sql, mysql_error(my));
			CU_FAIL("query");
		}
		mysql_close(my);
	}
}

/*
 * Poll /healthz until six answers in a row (nginx goes round-robin over the
 * hosts, so every host has answered) are status, up to 15 s: nodes leave and
 * rejoin Synced one by one, each in its own time on a loaded machine.
 */
static void
wait_health(int status)
{
	struct fx_resp	 r;
	int		 i, st, run = 0;

	for (i = 0; i < 300 && run < 6; i++) {
		st = fx_http(FX, "GET", "/healthz", NULL, NULL, 0, &r);
		fx_resp_free(&r);
		if (st == status)
			run++;
		else {
			run = 0;
			usleep(50000);
		}
	}
	if (run < 6)
		fprintf(stderr, "it_health: /healthz never answered %d six times in a row\n",
		    status);
}

/* /healthz through nginx, a few times (round-robin over the hosts). */
static void
expect_health(int status)
{
	struct fx_resp	 r;
	char		 h[64];
	int		 i;

	for (i = 0; i < 6; i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", "/healthz", NULL, NULL, 0, &r),
		    status);
		if (status == 503) {
			CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Retry-After", h,
			    sizeof(h)));
			CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "unavailable"));
		} else
			CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "\"ok\""));
		fx_resp_free(&r);
	}
}

static void
test_read_only(void)
{
	wait_health(200);
	expect_health(200);
	on_every_node("SET GLOBAL read_only = 1");
	wait_health(503);
	expect_health(503);
	on_every_node("SET GLOBAL read_only = 0");
	wait_health(200);
	expect_health(200);
}

static void
test_galera_not_synced(void)
{
	if (getenv("SG_TEST_CLUSTER_NODES") == NULL) {
		/* One server is not a Galera node: nothing to desync. */
		CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT @@wsrep_on"), 0);
		return;
	}
	wait_health(200);
	expect_health(200);
	on_every_node("SET GLOBAL wsrep_desync = ON");
	wait_health(503);
	expect_health(503);
	on_every_node("SET GLOBAL wsrep_desync = OFF");
	wait_health(200);
	expect_health(200);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "healthz is 503 while the database is read-only", test_read_only },
		{ "healthz is 503 while a Galera node is not Synced",
		  test_galera_not_synced },
		{ NULL, NULL }
	};

	return fx_run("health", cases, NULL, 1);
}
