# mk/hooks.mk — automake fragment of the store integrations (webhooks in):
# Shopify and WooCommerce deliveries into the counting pipeline
# (docs/integrations.md).  Included by Makefile.am.

dist_sql_DATA += sql/012_hooks.sql sql/025_drop_hook_refunds.sql

check_PROGRAMS += tests/unit/test_domain_platform
TESTS += tests/unit/test_domain_platform
tests_unit_test_domain_platform_SOURCES = tests/unit/test_domain_platform.c
tests_unit_test_domain_platform_LDADD = $(UNIT_LDADD)

FUZZ_TARGETS += tests/fuzz/fuzz_platform
tests_fuzz_fuzz_platform_SOURCES = tests/fuzz/fuzz_platform.c
tests_fuzz_fuzz_platform_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_platform_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)

INTEGRATION_TESTS += tests/integration/it_hooks
check_PROGRAMS += tests/integration/it_hooks
tests_integration_it_hooks_SOURCES = tests/integration/it_hooks.c
tests_integration_it_hooks_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_hooks_LDADD = $(FIXTURE_LDADD)

EXTRA_DIST += docs/integrations.md tests/fixtures/hooks tests/fuzz/corpus/platform
