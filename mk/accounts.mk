# mk/accounts.mk — automake fragment of photos (util/photo.c, libgd) and
# accounts (users, API tokens, password resets), included by Makefile.am.

# Photos: libgd re-encodes uploads (util/photo.h); in the core library, so
# the unit tests and fuzz targets link it too.
# (sources, GD_CFLAGS and GD_LIBS are in Makefile.am)
dist_sql_DATA += sql/017_photo_alt.sql sql/018_accounts.sql

FUZZ_TARGETS += tests/fuzz/fuzz_photo
tests_fuzz_fuzz_photo_SOURCES = tests/fuzz/fuzz_photo.c
tests_fuzz_fuzz_photo_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_photo_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
EXTRA_DIST += tests/fuzz/corpus/photo tests/browser/photos.mjs

INTEGRATION_TESTS += tests/integration/it_admin_photos
tests_integration_it_admin_photos_SOURCES = tests/integration/it_admin_photos.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h \
	tests/unit/photo_sample.h
tests_integration_it_admin_photos_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_admin_photos_LDADD = $(FIXTURE_LDADD)

# Accounts: listing and removing users, listing and revoking API tokens.

INTEGRATION_TESTS += tests/integration/it_admin_accounts
tests_integration_it_admin_accounts_SOURCES = tests/integration/it_admin_accounts.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h
tests_integration_it_admin_accounts_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_admin_accounts_LDADD = $(FIXTURE_LDADD)
dist_templates_DATA += templates/admin_reset.mustache \
	templates/admin_users.mustache templates/admin_tokens.mustache
