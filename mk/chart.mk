# mk/chart.mk — automake fragment of the dashboard chart and the share
# image (issue 12 item 9, issue 13 item 8), included by Makefile.am.
# Sources: src/domain/chart.* (libsgcore), src/db/stats.* (libsgdb),
# src/handlers/share.c (libsgapp) are listed in Makefile.am.

check_PROGRAMS += tests/unit/test_domain_chart
TESTS += tests/unit/test_domain_chart
tests_unit_test_domain_chart_SOURCES = tests/unit/test_domain_chart.c
tests_unit_test_domain_chart_LDADD = $(UNIT_LDADD)

dist_templates_DATA += templates/admin_dashboard_chart.mustache

INTEGRATION_TESTS += tests/integration/it_dashboard_chart
tests_integration_it_dashboard_chart_SOURCES = tests/integration/it_dashboard_chart.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h
tests_integration_it_dashboard_chart_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_dashboard_chart_LDADD = $(FIXTURE_LDADD)
EXTRA_DIST += tests/browser/chart.mjs
EXTRA_DIST += bench/bench_dashboard.c
