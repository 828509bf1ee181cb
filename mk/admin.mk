# mk/admin.mk — automake fragment of the admin module, included by Makefile.am.
# Append to: libsgapp_a_SOURCES, check_PROGRAMS, INTEGRATION_TESTS (for
# tests/integration/it_* programs; tests/integration.sh runs them),
# dist_templates_DATA, dist_static_DATA, dist_sql_DATA, EXTRA_DIST.

# The admin's reads of campaigns, milestones, grants and products live in
# those entities' files (blocks "admin reads"; listed in mk/api.mk);
# db/session.c, service/session.c the sign-in.
libsgapp_a_SOURCES += \
	src/db/session.c src/db/session.h src/db/sql_session.h \
	src/service/session.c src/service/session.h \
	src/handlers/admin.h src/handlers/admin_core.c \
	src/handlers/admin_forms.c src/handlers/admin_login.c \
	src/handlers/admin_campaign.c src/handlers/admin_milestone.c \
	src/handlers/admin_dashboard.c src/handlers/admin_upload.c

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
