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
