# mk/accounts.mk — automake fragment of photos (util/photo.c, libgd) and
# accounts (users, API tokens, password resets), included by Makefile.am.

# Photos: libgd re-encodes uploads (util/photo.h); in the core library, so
# the unit tests and fuzz targets link it too.
libsgcore_a_SOURCES += src/util/photo.c src/util/photo.h
AM_CPPFLAGS += $(GD_CFLAGS)
CORE_LIBS += $(GD_LIBS)
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
libsgapp_a_SOURCES += src/db/sql_account.h \
	src/service/account.c src/service/account.h
stretchgoalctl_SOURCES += src/ctl_users.c src/ctl_users.h

INTEGRATION_TESTS += tests/integration/it_admin_accounts
tests_integration_it_admin_accounts_SOURCES = tests/integration/it_admin_accounts.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h
tests_integration_it_admin_accounts_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_admin_accounts_LDADD = $(FIXTURE_LDADD)
libsgapp_a_SOURCES += src/handlers/admin_users.c
dist_templates_DATA += templates/admin_reset.mustache \
	templates/admin_users.mustache templates/admin_tokens.mustache
