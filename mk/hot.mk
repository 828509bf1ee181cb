# mk/hot.mk — the hot campaign's order path (issue 10): its migration.
# Included by Makefile.am.
dist_sql_DATA += sql/021_rules_version.sql
EXTRA_DIST += bench/callgrind.sh

INTEGRATION_TESTS += tests/integration/it_hot
check_PROGRAMS += tests/integration/it_hot
tests_integration_it_hot_SOURCES = tests/integration/it_hot.c $(API_IT_SOURCES)
tests_integration_it_hot_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_hot_LDADD = $(FIXTURE_LDADD)

# Order posts one worker reads together (it_batch, it_ambiguous).
TOGETHER_IT_SOURCES = tests/integration/it_together.c \
	tests/integration/it_together.h
INTEGRATION_TESTS += tests/integration/it_batch
check_PROGRAMS += tests/integration/it_batch
tests_integration_it_batch_SOURCES = tests/integration/it_batch.c $(API_IT_SOURCES) \
	$(TOGETHER_IT_SOURCES)
tests_integration_it_batch_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_batch_LDADD = $(FIXTURE_LDADD)
