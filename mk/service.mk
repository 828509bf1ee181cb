# mk/service.mk — the service tier (tests/service/): service functions called
# in the test's own process on a fresh database, with the fault injection of
# util/fault.h.  Built with ./configure --enable-fault-injection (scripts/test
# does); without it there is nothing to inject and the program is not built.

EXTRA_DIST += tests/service/test_svc_faults.c
if FAULT_INJECTION
INTEGRATION_TESTS += tests/service/test_svc_faults
check_PROGRAMS += tests/service/test_svc_faults
tests_service_test_svc_faults_SOURCES = tests/service/test_svc_faults.c
tests_service_test_svc_faults_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_service_test_svc_faults_LDADD = $(FIXTURE_LDADD)
endif
