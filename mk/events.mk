# mk/events.mk — automake fragment of events out (issue 11, "Out";
# docs/events.md): the outbox, the endpoints API, stretchgoalctl webhooks
# and the delivery process stretchgoal-deliver.  Included by Makefile.am.

libsgcore_a_SOURCES += src/util/urlcheck.c src/util/urlcheck.h
libsgapp_a_SOURCES += \
	src/db/event.c src/db/event.h src/db/sql_event.h \
	src/db/webhook.c src/db/webhook.h \
	src/service/event.c src/service/event.h \
	src/handlers/api_webhooks.c
stretchgoalctl_SOURCES += src/ctl_webhooks.c src/ctl_webhooks.h
dist_sql_DATA += sql/015_events.sql

bin_PROGRAMS += stretchgoal-deliver
stretchgoal_deliver_SOURCES = src/deliver.c
stretchgoal_deliver_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS)
stretchgoal_deliver_LDADD = $(APP_LIBS) $(CURL_LIBS)

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
