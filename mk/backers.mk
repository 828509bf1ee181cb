# mk/backers.mk — backer-count milestones (SPEC Milestones rules 10-11),
# included by Makefile.am.  The sources are the milestone's.

dist_sql_DATA += sql/027_milestone_metric.sql

# A new backer's order reaching a backers and a progress milestone at once,
# repeat backers, cancels, fan-out, rule 9 and validation of "metric".
INTEGRATION_TESTS += tests/integration/it_backer_milestones
tests_integration_it_backer_milestones_SOURCES = \
	tests/integration/it_backer_milestones.c \
	tests/integration/it_api_util.c tests/integration/it_api_util.h
tests_integration_it_backer_milestones_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_backer_milestones_LDADD = $(FIXTURE_LDADD)

# The admin form's "Counts" select and the widget, also by their labels in
# Chromium (tests/browser/backers.mjs, screenshots backers-*.png).
INTEGRATION_TESTS += tests/integration/it_admin_backers
tests_integration_it_admin_backers_SOURCES = tests/integration/it_admin_backers.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h \
	tests/integration/it_browser.h
tests_integration_it_admin_backers_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_admin_backers_LDADD = $(FIXTURE_LDADD)
EXTRA_DIST += tests/browser/backers.mjs
