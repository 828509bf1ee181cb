# mk/ops.mk — automake fragment of the operations module: the two worker
# pools and GET /metrics (docs/operations.md), included by Makefile.am.
#
# tests/unit/test_pools       settings of the pools, the metrics module
# tests/integration/it_pools  each pool serves its pages and is restarted and
#                             reloaded on its own; /metrics counts and is
#                             refused outside metrics_allow (nginx, program)
# tests/integration/it_burst  thousands of concurrent widget connections
#                             beside a steady order stream: every order 2xx,
#                             no public 5xx (docs/BENCHMARKS.md)

INTEGRATION_TESTS += tests/integration/it_pools
check_PROGRAMS += tests/integration/it_pools
tests_integration_it_pools_SOURCES = tests/integration/it_pools.c \
	tests/integration/it_api_util.c tests/integration/it_api_util.h
tests_integration_it_pools_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_pools_LDADD = $(FIXTURE_LDADD)

INTEGRATION_TESTS += tests/integration/it_burst
check_PROGRAMS += tests/integration/it_burst
tests_integration_it_burst_SOURCES = tests/integration/it_burst.c \
	tests/integration/it_api_util.c tests/integration/it_api_util.h
tests_integration_it_burst_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_burst_LDADD = $(FIXTURE_LDADD) -lpthread

check_PROGRAMS += tests/unit/test_pools
TESTS += tests/unit/test_pools
tests_unit_test_pools_SOURCES = tests/unit/test_pools.c
tests_unit_test_pools_LDADD = tests/unit/libunit.a $(APP_LIBS) $(CUNIT_LIBS)
