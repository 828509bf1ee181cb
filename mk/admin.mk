# mk/admin.mk — automake fragment of the admin module, included by Makefile.am.
# Append to: libsgapp_a_SOURCES, check_PROGRAMS, INTEGRATION_TESTS (for
# tests/integration/it_* programs; tests/integration.sh runs them),
# dist_templates_DATA, dist_static_DATA, dist_sql_DATA, EXTRA_DIST.
