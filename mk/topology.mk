# mk/topology.mk — automake fragment of the topology module: database
# endpoints and failover, error classification, Galera, and the cluster
# test, included by Makefile.am.
#
# tests/unit/test_db          error classes, ambiguous commits, db_hosts
# tests/integration/it_ambiguous  a connection cut during / before COMMIT
#                             (a proxy in the test): 503 and no re-run / re-run
# tests/integration/it_health     /healthz 503 while read-only (and, on the
#                             cluster, while the nodes are not Synced)
# tests/cluster.sh            it_concurrency against a 3-node Galera cluster
#                             (scripts/cluster), then again with a node
#                             killed and restarted mid-run

dist_sql_DATA += sql/019_replica_heartbeat.sql

check_PROGRAMS += tests/unit/test_db
TESTS += tests/unit/test_db
tests_unit_test_db_SOURCES = tests/unit/test_db.c
tests_unit_test_db_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_unit_test_db_LDADD = tests/unit/libunit.a $(APP_LIBS) $(CUNIT_LIBS)

INTEGRATION_TESTS += tests/integration/it_ambiguous
check_PROGRAMS += tests/integration/it_ambiguous
tests_integration_it_ambiguous_SOURCES = tests/integration/it_ambiguous.c \
	tests/integration/it_api_util.c tests/integration/it_api_util.h \
	tests/integration/it_together.c tests/integration/it_together.h
tests_integration_it_ambiguous_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_ambiguous_LDADD = $(FIXTURE_LDADD) -lpthread

INTEGRATION_TESTS += tests/integration/it_health
check_PROGRAMS += tests/integration/it_health
tests_integration_it_health_SOURCES = tests/integration/it_health.c
tests_integration_it_health_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_health_LDADD = $(FIXTURE_LDADD)

TESTS += tests/cluster.sh
dist_noinst_SCRIPTS += tests/cluster.sh scripts/cluster
EXTRA_DIST += docs/operations.md deploy/stretchgoal.service \
	deploy/stretchgoal-cluster-node.cnf \
	deploy/stretchgoal-migrate.service

# tests/integration/it_replica  public reads on a read replica (its own
#                             primary and replica, GTID replication): from
#                             the replica while fresh, from the primary
#                             while it lags or is stopped, back after
INTEGRATION_TESTS += tests/integration/it_replica
check_PROGRAMS += tests/integration/it_replica
tests_integration_it_replica_SOURCES = tests/integration/it_replica.c \
	tests/integration/it_api_util.c tests/integration/it_api_util.h
tests_integration_it_replica_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_replica_LDADD = $(FIXTURE_LDADD)
