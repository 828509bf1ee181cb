# mk/api.mk — automake fragment of the api module, included by Makefile.am.
# Append to: libsgapp_a_SOURCES, check_PROGRAMS, INTEGRATION_TESTS (for
# tests/integration/it_* programs; tests/integration.sh runs them),
# dist_templates_DATA, dist_static_DATA, dist_sql_DATA, EXTRA_DIST.

libsgcore_a_SOURCES += \
	src/domain/product.h src/domain/product.c \
	src/util/json.h src/util/json.c src/util/parse.h src/util/parse.c
libsgapp_a_SOURCES += \
	src/db/campaign.h src/db/campaign.c src/db/milestone.h src/db/milestone.c \
	src/db/order.h src/db/order.c src/db/grant.h src/db/grant.c \
	src/db/product.h src/db/product.c \
	src/db/sql_campaign.h src/db/sql_milestone.h src/db/sql_order.h \
	src/db/sql_grant.h src/db/sql_product.h \
	src/service/service.h src/service/internal.h src/service/internal.c \
	src/service/campaign.h src/service/campaign.c \
	src/service/product.h src/service/product.c \
	src/service/grant.h src/service/grant.c
libsgapp_a_SOURCES += \
	src/handlers/api_common.c src/handlers/api_campaigns.c

# --- integration tests ------------------------------------------------------
API_IT_SOURCES = tests/integration/it_api_util.c tests/integration/it_api_util.h
INTEGRATION_TESTS += tests/integration/it_api_campaigns
check_PROGRAMS += tests/integration/it_api_campaigns
tests_integration_it_api_campaigns_SOURCES = tests/integration/it_api_campaigns.c \
	$(API_IT_SOURCES)
tests_integration_it_api_campaigns_CPPFLAGS = $(AM_CPPFLAGS) $(MARIADB_CFLAGS)
tests_integration_it_api_campaigns_LDADD = $(FIXTURE_LDADD)
libsgapp_a_SOURCES += \
	src/service/order.h src/service/order.c \
	src/handlers/api_orders.c src/handlers/api_grants.c \
	src/handlers/api_products.c
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
dist_sql_DATA += sql/011_order_campaign_products.sql sql/014_refund_ids.sql
check_PROGRAMS += tests/unit/test_domain_product
TESTS += tests/unit/test_domain_product
tests_unit_test_domain_product_SOURCES = tests/unit/test_domain_product.c
tests_unit_test_domain_product_LDADD = $(UNIT_LDADD)
