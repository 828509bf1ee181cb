# mk/chart.mk — automake fragment of the dashboard chart and the share
# image (issue 12 item 9, issue 13 item 8), included by Makefile.am.
# Sources: src/domain/chart.* (libsgcore), src/db/stats.* (libsgdb),
# src/handlers/share.c (libsgapp) are listed in Makefile.am.

check_PROGRAMS += tests/unit/test_domain_chart
TESTS += tests/unit/test_domain_chart
tests_unit_test_domain_chart_SOURCES = tests/unit/test_domain_chart.c
tests_unit_test_domain_chart_LDADD = $(UNIT_LDADD)
