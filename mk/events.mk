# mk/events.mk — automake fragment of events out (issue 11, "Out";
# docs/events.md): the outbox, the endpoints API, stretchgoalctl webhooks
# and the delivery process stretchgoal-deliver.  Included by Makefile.am.

# (sources and the stretchgoal-deliver program are in Makefile.am)
dist_sql_DATA += sql/015_events.sql sql/028_campaign_ended_event.sql \
	sql/029_drop_events_grant_index.sql

INTEGRATION_TESTS += tests/integration/it_events
check_PROGRAMS += tests/integration/it_events
tests_integration_it_events_SOURCES = tests/integration/it_events.c $(API_IT_SOURCES) \
	tests/fixture/deliver.c tests/fixture/deliver.h
tests_integration_it_events_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_events_LDADD = $(FIXTURE_LDADD)

EXTRA_DIST += docs/events.md tests/receiver/package.json \
	tests/receiver/package-lock.json tests/receiver/receiver.mjs

check_PROGRAMS += tests/unit/test_urlcheck
TESTS += tests/unit/test_urlcheck
tests_unit_test_urlcheck_SOURCES = tests/unit/test_urlcheck.c
tests_unit_test_urlcheck_LDADD = $(UNIT_LDADD)
