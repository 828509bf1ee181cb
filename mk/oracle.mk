# mk/oracle.mk — automake fragment of the oracle module (the independent
# concurrency test), included by Makefile.am.
#
# tests/oracle/oracle.c   independent model of SPEC's counting and milestones
# tests/oracle/load.c     bounded keep-alive HTTP load generator
# tests/oracle/reach.c    reference model of rule 5's fan-out (production: SQL)
# tests/integration/it_concurrency  >= 1,000 orders from 16 clients, checked
#                         against the oracle and the database
# The benchmarks (bench/) are built by bench/run.sh, not by make check.

check_LIBRARIES += tests/oracle/liboracle.a
tests_oracle_liboracle_a_SOURCES = tests/oracle/oracle.c tests/oracle/oracle.h \
	tests/oracle/load.c tests/oracle/load.h tests/oracle/reach.c tests/oracle/reach.h

check_PROGRAMS += tests/oracle/test_oracle
TESTS += tests/oracle/test_oracle
tests_oracle_test_oracle_SOURCES = tests/oracle/test_oracle.c
tests_oracle_test_oracle_LDADD = tests/oracle/liboracle.a $(UNIT_LDADD) -lpthread

INTEGRATION_TESTS += tests/integration/it_concurrency
tests_integration_it_concurrency_SOURCES = tests/integration/it_concurrency.c
tests_integration_it_concurrency_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_concurrency_LDADD = tests/oracle/liboracle.a $(FIXTURE_LDADD) -lpthread

EXTRA_DIST += bench/run.sh bench/common.h bench/bench_orders.c bench/raw_order.h \
	bench/raw_steps.h bench/bench_reach.c bench/grant_floor.sh \
	docs/BENCHMARKS.md

# The grant queue's cursor under concurrent writers (issue 14).
INTEGRATION_TESTS += tests/integration/it_cursor
tests_integration_it_cursor_SOURCES = tests/integration/it_cursor.c
tests_integration_it_cursor_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_cursor_LDADD = tests/oracle/liboracle.a $(FIXTURE_LDADD) -lpthread
