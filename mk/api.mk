# mk/api.mk — automake fragment of the api module, included by Makefile.am.
# Append to: check_PROGRAMS, INTEGRATION_TESTS (for tests/integration/it_*
# programs; each is a TESTS entry), dist_templates_DATA, dist_static_DATA,
# dist_sql_DATA, EXTRA_DIST.  Source files are listed once per library in
# Makefile.am (libsgcore/libsgdb/libsgapp_a_SOURCES), not here.

# Sources: src/db/campaign.*, src/db/milestone.* (libsgdb), src/service/*
# and src/handlers/api_*.c (libsgapp) are listed in Makefile.am.

# --- integration tests ------------------------------------------------------
API_IT_SOURCES = tests/integration/it_api_util.c tests/integration/it_api_util.h
INTEGRATION_TESTS += tests/integration/it_api_campaigns
check_PROGRAMS += tests/integration/it_api_campaigns
tests_integration_it_api_campaigns_SOURCES = tests/integration/it_api_campaigns.c \
	$(API_IT_SOURCES)
tests_integration_it_api_campaigns_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_api_campaigns_LDADD = $(FIXTURE_LDADD)
INTEGRATION_TESTS += tests/integration/it_api_orders
check_PROGRAMS += tests/integration/it_api_orders
tests_integration_it_api_orders_SOURCES = tests/integration/it_api_orders.c \
	$(API_IT_SOURCES)
tests_integration_it_api_orders_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_api_orders_LDADD = $(FIXTURE_LDADD)
INTEGRATION_TESTS += tests/integration/it_api_bad
check_PROGRAMS += tests/integration/it_api_bad
tests_integration_it_api_bad_SOURCES = tests/integration/it_api_bad.c \
	$(API_IT_SOURCES)
tests_integration_it_api_bad_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_api_bad_LDADD = $(FIXTURE_LDADD)
EXTRA_DIST += docs/api.md
INTEGRATION_TESTS += tests/integration/it_api_refund
check_PROGRAMS += tests/integration/it_api_refund
tests_integration_it_api_refund_SOURCES = tests/integration/it_api_refund.c \
	$(API_IT_SOURCES)
tests_integration_it_api_refund_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_api_refund_LDADD = $(FIXTURE_LDADD)
dist_sql_DATA += sql/011_order_campaign_products.sql sql/013_commit_order.sql \
	sql/014_refund_ids.sql sql/033_counted_products_column.sql
check_PROGRAMS += tests/unit/test_domain_product
TESTS += tests/unit/test_domain_product
tests_unit_test_domain_product_SOURCES = tests/unit/test_domain_product.c
tests_unit_test_domain_product_LDADD = $(UNIT_LDADD)
