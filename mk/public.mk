# mk/public.mk — automake fragment of the public module, included by Makefile.am.
# Append to: check_PROGRAMS, INTEGRATION_TESTS (for tests/integration/it_*
# programs; each is a TESTS entry), dist_templates_DATA, dist_static_DATA,
# dist_sql_DATA, EXTRA_DIST.  Source files are listed once per library in
# Makefile.am (libsgcore/libsgdb/libsgapp_a_SOURCES), not here.

# Sources: src/db/public.* (libsgdb) and src/handlers/public.*,
# widget_cache.c (libsgapp) are listed in Makefile.am.

dist_templates_DATA += templates/widget.mustache templates/widget-full.mustache \
	templates/widget-compact.mustache templates/widget-bar.mustache \
	templates/widget-missing.mustache
dist_static_DATA += static/stretchgoal.js static/stretchgoal.css

INTEGRATION_TESTS += tests/integration/it_public tests/integration/it_public_golden
check_PROGRAMS += tests/integration/it_public tests/integration/it_public_golden
tests_integration_it_public_SOURCES = tests/integration/it_public.c \
	tests/integration/it_public_seed.h
tests_integration_it_public_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_public_LDADD = $(FIXTURE_LDADD)
tests_integration_it_public_golden_SOURCES = tests/integration/it_public_golden.c \
	tests/integration/it_public_seed.h
tests_integration_it_public_golden_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_public_golden_LDADD = $(FIXTURE_LDADD)

EXTRA_DIST += tests/golden docs/widget.md

# Browser tests: headless Chromium through playwright-core (tests/browser).
INTEGRATION_TESTS += tests/integration/it_browser
check_PROGRAMS += tests/integration/it_browser
tests_integration_it_browser_SOURCES = tests/integration/it_browser.c \
	tests/integration/it_browser.h
tests_integration_it_browser_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_browser_LDADD = $(FIXTURE_LDADD)
EXTRA_DIST += tests/browser/package.json tests/browser/package-lock.json \
	tests/browser/lib.mjs tests/browser/widget.mjs

# The widget's accessibility (axe-core), states and embedding in Chromium.
INTEGRATION_TESTS += tests/integration/it_browser_widget
check_PROGRAMS += tests/integration/it_browser_widget
tests_integration_it_browser_widget_SOURCES = tests/integration/it_browser_widget.c \
	tests/integration/it_browser.h tests/integration/it_public_seed.h
tests_integration_it_browser_widget_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_browser_widget_LDADD = $(FIXTURE_LDADD)
EXTRA_DIST += tests/browser/widget-embed.mjs

# The widget's language catalogues (render/i18n.c) and their unit test.
i18ndir = $(pkgdatadir)/templates/i18n
dist_i18n_DATA = templates/i18n/en.json templates/i18n/de.json \
	templates/i18n/fr.json templates/i18n/es.json templates/i18n/ja.json
check_PROGRAMS += tests/unit/test_i18n
TESTS += tests/unit/test_i18n
tests_unit_test_i18n_SOURCES = tests/unit/test_i18n.c
tests_unit_test_i18n_LDADD = $(UNIT_LDADD)
FUZZ_TARGETS += tests/fuzz/fuzz_i18n
tests_fuzz_fuzz_i18n_SOURCES = tests/fuzz/fuzz_i18n.c
tests_fuzz_fuzz_i18n_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_i18n_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
EXTRA_DIST += tests/fuzz/corpus/i18n
