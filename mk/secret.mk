# mk/secret.mk — automake fragment of secret stretch goals and image teasers
# (SPEC Milestones rule 3; issue 12 item 4, issue 13 item 2), included by
# Makefile.am.  The sources are the milestone's and the public module's.

dist_sql_DATA += sql/020_secret_teaser.sql

# The API's validation of secret/image_teaser/image_alt, the admin form by
# its labels in Chromium (tests/browser/secret.mjs, screenshots secret-*.png)
# and the creator's honest preview.
INTEGRATION_TESTS += tests/integration/it_admin_secret
tests_integration_it_admin_secret_SOURCES = tests/integration/it_admin_secret.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h \
	tests/integration/it_browser.h
tests_integration_it_admin_secret_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_admin_secret_LDADD = $(FIXTURE_LDADD)
EXTRA_DIST += tests/browser/secret.mjs
