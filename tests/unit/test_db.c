/*
 * test_db.c — the database module's decisions that need no server: error
 * classes (Galera conflicts retried, an unserving node unavailable), the
 * ambiguous COMMIT, the database endpoint list (db_hosts) and the read
 * replicas' settings and choice without a server (db_replica).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "db/db.h"
#include "db/replica.h"
#include "util/config.h"

static void
test_classify_retry(void)
{
	/* deadlock / certification conflict / BF abort, lock wait timeout */
	CU_ASSERT_EQUAL(db_classify(1213), DB_RETRY);
	CU_ASSERT_EQUAL(db_classify(1205), DB_RETRY);
	/* error during COMMIT / ROLLBACK (Galera aborts surface so too) */
	CU_ASSERT_EQUAL(db_classify(1180), DB_RETRY);
	CU_ASSERT_EQUAL(db_classify(1181), DB_RETRY);
	CU_ASSERT_EQUAL(db_classify(1020), DB_RETRY);
	CU_ASSERT_EQUAL(db_classify(1689), DB_RETRY);
	CU_ASSERT_EQUAL(db_classify(1467), DB_RETRY);	/* AUTO-INC lock lost */
}

static void
test_classify_down(void)
{
	/* WSREP has not yet prepared node for application use */
	CU_ASSERT_EQUAL(db_classify(1047), DB_DOWN);
	/* --read-only, read-only mode */
	CU_ASSERT_EQUAL(db_classify(1290), DB_DOWN);
	CU_ASSERT_EQUAL(db_classify(1836), DB_DOWN);
	/* lost or refused connections, shutdown, killed, too many */
	CU_ASSERT_EQUAL(db_classify(2002), DB_DOWN);
	CU_ASSERT_EQUAL(db_classify(2003), DB_DOWN);
	CU_ASSERT_EQUAL(db_classify(2006), DB_DOWN);
	CU_ASSERT_EQUAL(db_classify(2013), DB_DOWN);
	CU_ASSERT_EQUAL(db_classify(2055), DB_DOWN);
	CU_ASSERT_EQUAL(db_classify(1053), DB_DOWN);
	CU_ASSERT_EQUAL(db_classify(1927), DB_DOWN);
	CU_ASSERT_EQUAL(db_classify(1040), DB_DOWN);
}

/* An id of an AUTO_INCREMENT table taken twice (Galera) is retried. */
static void
test_classify_autoinc_twice(void)
{
	const char *grants = "INSERT INTO grants (store_id, campaign_id) "
	    "SELECT 1, 2 ON DUPLICATE KEY UPDATE grants.backer = NULL";

	CU_ASSERT_EQUAL(db_classify_stmt(1062, "Duplicate entry '8277' for "
	    "key 'PRIMARY'", "INSERT INTO orders (store_id) VALUES (?)"),
	    DB_RETRY);
	CU_ASSERT_EQUAL(db_classify_stmt(1062, "Duplicate entry '8277' for "
	    "key 'grants.PRIMARY'", "INSERT IGNORE INTO grants (store_id) "
	    "VALUES (?)"), DB_RETRY);
	/* the guard of an upsert (sql_grant.h) */
	CU_ASSERT_EQUAL(db_classify_stmt(1048, "Column 'backer' cannot be "
	    "null", grants), DB_RETRY);
	/* a duplicate of another key, or of a table without one, is one */
	CU_ASSERT_EQUAL(db_classify_stmt(1062, "Duplicate entry '1-o-1' for "
	    "key 'orders_external'", "INSERT INTO orders (store_id) VALUES "
	    "(?)"), DB_DUP);
	CU_ASSERT_EQUAL(db_classify_stmt(1062, "Duplicate entry '3-x' for key "
	    "'PRIMARY'", "INSERT INTO campaign_backers (campaign_id) VALUES "
	    "(?)"), DB_DUP);
	CU_ASSERT_EQUAL(db_classify_stmt(1062, "Duplicate entry '3' for key "
	    "'PRIMARY'", "INSERT INTO grantsx (id) VALUES (?)"), DB_DUP);
	CU_ASSERT_EQUAL(db_classify_stmt(1048, "Column 'title' cannot be null",
	    "INSERT INTO campaigns (title) VALUES (?)"), DB_ERR);
	CU_ASSERT_EQUAL(db_classify_stmt(1062, "Duplicate entry '3' for key "
	    "'PRIMARY'", NULL), DB_DUP);
	CU_ASSERT_EQUAL(db_classify_stmt(1213, "Deadlock", grants), DB_RETRY);
	CU_ASSERT_STRING_EQUAL(db_autoinc_table(0), "stores");
	CU_ASSERT_PTR_NULL(db_autoinc_table(1000));
}

static void
test_classify_other(void)
{
	CU_ASSERT_EQUAL(db_classify(1062), DB_DUP);
	/* a foreign-key error alone is a bug (retried only after an abort) */
	CU_ASSERT_EQUAL(db_classify(1452), DB_ERR);
	CU_ASSERT_EQUAL(db_classify(1064), DB_ERR);
	CU_ASSERT_EQUAL(db_classify(1146), DB_ERR);
}

static void
test_commit_ambiguous(void)
{
	/* A connection lost during COMMIT: the outcome is unknown. */
	CU_ASSERT_EQUAL(db_classify_commit(DB_DOWN), DB_AMBIGUOUS);
	CU_ASSERT_EQUAL(db_classify_commit(db_classify(2013)), DB_AMBIGUOUS);
	CU_ASSERT_EQUAL(db_classify_commit(db_classify(2006)), DB_AMBIGUOUS);
	/* A certification failure at COMMIT rolled back: retry. */
	CU_ASSERT_EQUAL(db_classify_commit(db_classify(1213)), DB_RETRY);
	CU_ASSERT_EQUAL(db_classify_commit(DB_OK), DB_OK);
	CU_ASSERT_EQUAL(db_classify_commit(DB_ERR), DB_ERR);
	CU_ASSERT_NOT_EQUAL(DB_AMBIGUOUS, DB_DOWN);
	CU_ASSERT_NOT_EQUAL(DB_AMBIGUOUS, DB_RETRY);
}

static void
test_ambiguous_flag(void)
{
	struct sg_config	*c;
	struct sg_db		*db;
	char			 err[256];

	c = sg_config_load(NULL, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	db = db_new(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(db_take_ambiguous(db), 0);
	db_free(db);
	sg_config_free(c);
}

static void
test_endpoints_parse(void)
{
	struct sg_db_endpoint	 e[SG_DB_HOSTS_MAX];
	char			 err[256];

	CU_ASSERT_EQUAL(sg_config_parse_endpoints("db1.example:3307, db2 ,"
	    "/run/mysqld/a.sock [::1]:3308", 3306, e, SG_DB_HOSTS_MAX, err,
	    sizeof(err)), 4);
	CU_ASSERT_STRING_EQUAL(e[0].host, "db1.example");
	CU_ASSERT_EQUAL(e[0].port, 3307);
	CU_ASSERT_STRING_EQUAL(e[0].socket, "");
	CU_ASSERT_STRING_EQUAL(e[1].host, "db2");
	CU_ASSERT_EQUAL(e[1].port, 3306);
	CU_ASSERT_STRING_EQUAL(e[2].socket, "/run/mysqld/a.sock");
	CU_ASSERT_STRING_EQUAL(e[2].host, "");
	CU_ASSERT_STRING_EQUAL(e[3].host, "::1");
	CU_ASSERT_EQUAL(e[3].port, 3308);

	CU_ASSERT_EQUAL(sg_config_parse_endpoints("h:0", 3306, e, 4, err,
	    sizeof(err)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "h:0"));
	CU_ASSERT_EQUAL(sg_config_parse_endpoints("h:65536", 3306, e, 4, err,
	    sizeof(err)), -1);
	CU_ASSERT_EQUAL(sg_config_parse_endpoints("h:x1", 3306, e, 4, err,
	    sizeof(err)), -1);
	CU_ASSERT_EQUAL(sg_config_parse_endpoints("[::1", 3306, e, 4, err,
	    sizeof(err)), -1);
	CU_ASSERT_EQUAL(sg_config_parse_endpoints(" , ", 3306, e, 4, err,
	    sizeof(err)), -1);
	CU_ASSERT_EQUAL(sg_config_parse_endpoints("a,b,c", 3306, e, 2, err,
	    sizeof(err)), -1);
}

static void
test_config_endpoints(void)
{
	struct sg_config	*c;
	char			 err[256];

	/* Defaults: one host, db_host:db_port; the new settings' defaults. */
	c = sg_config_load(NULL, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->db_nendpoints, 1);
	CU_ASSERT_STRING_EQUAL(c->db_endpoints[0].host, "127.0.0.1");
	CU_ASSERT_EQUAL(c->db_endpoints[0].port, 3306);
	CU_ASSERT_EQUAL(c->db_retry_budget_ms, 2000);
	CU_ASSERT_EQUAL(c->db_failback_secs, 60);
	CU_ASSERT_EQUAL(c->db_wsrep_sync_wait, 1);
	sg_config_free(c);

	/* The old db_host list (what Connector/C accepted) still works. */
	setenv("SG_DB_HOST", "127.0.0.1:3499,127.0.0.1:3402", 1);
	setenv("SG_DB_PORT", "3401", 1);
	c = sg_config_load(NULL, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->db_nendpoints, 2);
	CU_ASSERT_EQUAL(c->db_endpoints[0].port, 3499);
	CU_ASSERT_EQUAL(c->db_endpoints[1].port, 3402);
	sg_config_free(c);

	/* db_socket wins over db_host; db_hosts wins over both. */
	setenv("SG_DB_SOCKET", "/tmp/x.sock", 1);
	c = sg_config_load(NULL, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->db_nendpoints, 1);
	CU_ASSERT_STRING_EQUAL(c->db_endpoints[0].socket, "/tmp/x.sock");
	sg_config_free(c);
	setenv("SG_DB_HOSTS", "a, b:1, /s", 1);
	c = sg_config_load(NULL, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->db_nendpoints, 3);
	CU_ASSERT_EQUAL(c->db_endpoints[0].port, 3401);
	CU_ASSERT_STRING_EQUAL(c->db_endpoints[2].socket, "/s");
	sg_config_free(c);

	/* A bad list is a configuration error that names the key. */
	setenv("SG_DB_HOSTS", "a:99999", 1);
	CU_ASSERT_PTR_NULL(sg_config_load(NULL, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "db_hosts"));
	unsetenv("SG_DB_HOSTS");
	unsetenv("SG_DB_SOCKET");
	unsetenv("SG_DB_HOST");
	unsetenv("SG_DB_PORT");

	setenv("SG_DB_RETRY_BUDGET_MS", "-1", 1);
	CU_ASSERT_PTR_NULL(sg_config_load(NULL, err, sizeof(err)));
	unsetenv("SG_DB_RETRY_BUDGET_MS");
}

static void
test_failover_unreachable(void)
{
	struct sg_config	*c;
	struct sg_db		*db;
	char			 err[256], why[256];

	/* Every endpoint refuses: DB_DOWN, and the reason names the last. */
	setenv("SG_DB_HOSTS", "/nonexistent/a.sock, /nonexistent/b.sock", 1);
	c = sg_config_load(NULL, err, sizeof(err));
	unsetenv("SG_DB_HOSTS");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	db = db_new(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	CU_ASSERT_EQUAL(db_ensure(db), DB_DOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(db_last_error(db), "/nonexistent/"));
	CU_ASSERT_EQUAL(db_health(db, why, sizeof(why)), DB_DOWN);
	CU_ASSERT_NOT_EQUAL(why[0], '\0');
	db_free(db);
	sg_config_free(c);
}

static void
test_config_replica(void)
{
	struct sg_config	*c;
	char			 err[256];

	/* Unset: no replica, and the bounds' defaults. */
	c = sg_config_load(NULL, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->db_nreplicas, 0);
	CU_ASSERT_EQUAL(c->replica_max_lag_ms, 1000);
	CU_ASSERT_EQUAL(c->replica_check_ms, 250);
	CU_ASSERT_PTR_NULL(db_new_replica(c));
	CU_ASSERT_PTR_NULL(db_replica_new(c));
	sg_config_free(c);

	/* The forms of db_hosts; a missing port is db_port. */
	setenv("SG_DB_REPLICA", "r1, r2:3310, /run/r3.sock", 1);
	setenv("SG_DB_PORT", "3401", 1);
	c = sg_config_load(NULL, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->db_nreplicas, 3);
	CU_ASSERT_STRING_EQUAL(c->db_replicas[0].host, "r1");
	CU_ASSERT_EQUAL(c->db_replicas[0].port, 3401);
	CU_ASSERT_EQUAL(c->db_replicas[1].port, 3310);
	CU_ASSERT_STRING_EQUAL(c->db_replicas[2].socket, "/run/r3.sock");
	/* The primary's endpoints are untouched. */
	CU_ASSERT_EQUAL(c->db_nendpoints, 1);
	CU_ASSERT_STRING_EQUAL(c->db_endpoints[0].host, "127.0.0.1");
	sg_config_free(c);
	unsetenv("SG_DB_PORT");

	/* A bad list or bound is an error that names the key. */
	setenv("SG_DB_REPLICA", "r1:0", 1);
	CU_ASSERT_PTR_NULL(sg_config_load(NULL, err, sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "db_replica"));
	unsetenv("SG_DB_REPLICA");
	setenv("SG_REPLICA_MAX_LAG_MS", "0", 1);
	CU_ASSERT_PTR_NULL(sg_config_load(NULL, err, sizeof(err)));
	unsetenv("SG_REPLICA_MAX_LAG_MS");
	setenv("SG_REPLICA_CHECK_MS", "5", 1);
	CU_ASSERT_PTR_NULL(sg_config_load(NULL, err, sizeof(err)));
	unsetenv("SG_REPLICA_CHECK_MS");
}

static void
test_replica_unreachable(void)
{
	struct sg_config	*c;
	struct sg_replica	*r;
	struct sg_db		*primary, *db;
	char			 err[256];
	int64_t			 lag = 0;

	setenv("SG_DB_HOSTS", "/nonexistent/p.sock", 1);
	setenv("SG_DB_REPLICA", "/nonexistent/r.sock", 1);
	c = sg_config_load(NULL, err, sizeof(err));
	unsetenv("SG_DB_HOSTS");
	unsetenv("SG_DB_REPLICA");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(primary = db_new(c));

	/* Without a replica the primary is the public read connection. */
	CU_ASSERT_PTR_EQUAL(db_replica_pick(NULL, primary), primary);
	CU_ASSERT_EQUAL(db_replica_state(NULL, &lag), DB_REPLICA_UNKNOWN);
	CU_ASSERT_EQUAL(lag, -1);

	/* The replica handle connects to the replica's endpoints. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(db = db_new_replica(c));
	CU_ASSERT_EQUAL(db_ensure(db), DB_DOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(db_last_error(db), "/nonexistent/r.sock"));
	CU_ASSERT_EQUAL(db_is_connected(db), 0);
	db_free(db);

	/* Nothing answers: not measured, the primary is given. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(r = db_replica_new(c));
	CU_ASSERT_PTR_EQUAL(db_replica_pick(r, primary), primary);
	CU_ASSERT_NOT_EQUAL(db_replica_state(r, &lag), DB_REPLICA_FRESH);
	CU_ASSERT_EQUAL(lag, -1);
	/* Its connection is closed: a failed read falls back. */
	CU_ASSERT_EQUAL(db_replica_failed(r), 1);
	CU_ASSERT_EQUAL(db_replica_state(r, &lag), DB_REPLICA_DOWN);
	CU_ASSERT_PTR_EQUAL(db_replica_pick(r, primary), primary);
	db_replica_free(r);
	db_free(primary);
	sg_config_free(c);
}

int
main(void)
{
	static const struct unit_case cases[] = {
		{ "db", "Galera conflicts and aborts are retried", test_classify_retry },
		{ "db", "a node that cannot serve is unavailable", test_classify_down },
		{ "db", "duplicates and other errors", test_classify_other },
		{ "db", "an auto-increment id taken twice is retried",
		  test_classify_autoinc_twice },
		{ "db", "a lost COMMIT is ambiguous", test_commit_ambiguous },
		{ "db", "the ambiguous flag starts clear", test_ambiguous_flag },
		{ "db", "failover: every host refuses", test_failover_unreachable },
		{ "config", "db_hosts lists parse", test_endpoints_parse },
		{ "config", "endpoints from db_hosts, db_socket, db_host", test_config_endpoints },
		{ "config", "db_replica and its bounds", test_config_replica },
		{ "db", "an unreachable replica: the primary reads", test_replica_unreachable },
		{ NULL, NULL, NULL }
	};

	return unit_run(cases);
}
