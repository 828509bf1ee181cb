# mk/settings.mk — automake fragment of the admin's Settings pages
# (handlers/admin_settings.c, service/settings.c; docs/admin.md
# "Settings") and of the retention of events out (sql/022), included by
# Makefile.am.  Sources are listed in Makefile.am.

dist_templates_DATA += templates/admin_settings_nav.mustache \
	templates/admin_settings_integrations.mustache \
	templates/admin_settings_webhooks.mustache \
	templates/admin_settings_webhook.mustache \
	templates/admin_settings_store.mustache
dist_sql_DATA += sql/022_event_retention.sql

# The Settings pages in headless Chromium against real programs: a Shopify
# webhook signed with the secret set in the page, an endpoint added in the
# page receiving signed events at the Node receiver (tests/receiver), "Send
# again", the store's locale, Enter in the campaign form, and retention.
INTEGRATION_TESTS += tests/integration/it_admin_settings
tests_integration_it_admin_settings_SOURCES = tests/integration/it_admin_settings.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h \
	tests/fixture/deliver.c tests/fixture/deliver.h
tests_integration_it_admin_settings_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_admin_settings_LDADD = $(FIXTURE_LDADD)
EXTRA_DIST += tests/browser/settings.mjs

# The Store page's locales: each example reads back (service/settings.c).
check_PROGRAMS += tests/unit/test_settings_locales
TESTS += tests/unit/test_settings_locales
tests_unit_test_settings_locales_SOURCES = tests/unit/test_settings_locales.c
tests_unit_test_settings_locales_LDADD = tests/unit/libunit.a $(APP_LIBS) $(CUNIT_LIBS)
