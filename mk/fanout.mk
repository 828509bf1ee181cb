# mk/fanout.mk — automake fragment of rule 5's fan-out after the answer
# (issue 10 item 2; docs/fanout.md).  Included by Makefile.am.

# (service/fanout.c is in Makefile.am's library list)
dist_sql_DATA += sql/030_fanout_async.sql sql/032_drop_unused_grant_indexes.sql \
	sql/034_fanout_chunks.sql

INTEGRATION_TESTS += tests/integration/it_fanout
check_PROGRAMS += tests/integration/it_fanout
tests_integration_it_fanout_SOURCES = tests/integration/it_fanout.c $(API_IT_SOURCES) \
	tests/fixture/deliver.c tests/fixture/deliver.h
tests_integration_it_fanout_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_fanout_LDADD = $(FIXTURE_LDADD)
