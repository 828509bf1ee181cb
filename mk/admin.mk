# mk/admin.mk — automake fragment of the admin module, included by Makefile.am.
# Append to: check_PROGRAMS, INTEGRATION_TESTS (for tests/integration/it_*
# programs; each is a TESTS entry), dist_templates_DATA, dist_static_DATA,
# dist_sql_DATA, EXTRA_DIST.  Source files are listed once per library in
# Makefile.am (libsgcore/libsgdb/libsgapp_a_SOURCES), not here.

# Sources: src/db/admin.* (libsgdb) and src/handlers/admin*.{c,h}
# (libsgapp) are listed in Makefile.am.

dist_templates_DATA += \
	templates/admin_head.mustache templates/admin_foot.mustache \
	templates/admin_error.mustache templates/admin_login.mustache \
	templates/admin_campaigns.mustache templates/admin_campaign.mustache \
	templates/admin_campaign_form.mustache \
	templates/admin_milestone_form.mustache \
	templates/admin_confirm.mustache templates/admin_grants.mustache
dist_static_DATA += static/admin.css
# The store's locale for amounts typed in the admin (issue 12).
dist_sql_DATA += sql/016_store_locale.sql

INTEGRATION_TESTS += tests/integration/it_admin tests/integration/it_admin_forms \
	tests/integration/it_admin_ux
tests_integration_it_admin_ux_SOURCES = tests/integration/it_admin_ux.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h
tests_integration_it_admin_ux_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_admin_ux_LDADD = $(FIXTURE_LDADD)
tests_integration_it_admin_SOURCES = tests/integration/it_admin.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h
tests_integration_it_admin_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_admin_LDADD = $(FIXTURE_LDADD) -lpthread
tests_integration_it_admin_forms_SOURCES = tests/integration/it_admin_forms.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h
tests_integration_it_admin_forms_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_admin_forms_LDADD = $(FIXTURE_LDADD)

EXTRA_DIST += docs/admin.md

# The admin in headless Chromium (uses tests/browser from the public module).
INTEGRATION_TESTS += tests/integration/it_admin_browser
tests_integration_it_admin_browser_SOURCES = tests/integration/it_admin_browser.c \
	tests/integration/it_admin_util.c tests/integration/it_admin_util.h
tests_integration_it_admin_browser_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_admin_browser_LDADD = $(FIXTURE_LDADD)
EXTRA_DIST += tests/browser/admin.mjs tests/browser/admin-ux.mjs
