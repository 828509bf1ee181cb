# mk/review.mk — regression tests of the independent review (see mk/api.mk
# for the variables).  Each it_review_* program pins a bug found in review.
REVIEW_IT_SOURCES = tests/integration/it_api_util.c tests/integration/it_api_util.h
INTEGRATION_TESTS += tests/integration/it_review_api
check_PROGRAMS += tests/integration/it_review_api
tests_integration_it_review_api_SOURCES = tests/integration/it_review_api.c \
	$(REVIEW_IT_SOURCES)
tests_integration_it_review_api_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_review_api_LDADD = $(FIXTURE_LDADD)
INTEGRATION_TESTS += tests/integration/it_review_admin
check_PROGRAMS += tests/integration/it_review_admin
tests_integration_it_review_admin_SOURCES = tests/integration/it_review_admin.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h
tests_integration_it_review_admin_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_review_admin_LDADD = $(FIXTURE_LDADD)
