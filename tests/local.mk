# Module fragments: the unit tests and fuzz targets of util/, domain/, render/.

# (The sources of util/, domain/ and render/ are listed in Makefile.am,
# libsgcore_a_SOURCES.)

# --- render/mustache -------------------------------------------------------

check_PROGRAMS += tests/unit/test_mustache
TESTS += tests/unit/test_mustache
tests_unit_test_mustache_SOURCES = tests/unit/test_mustache.c
tests_unit_test_mustache_LDADD = $(UNIT_LDADD)

FUZZ_TARGETS += tests/fuzz/fuzz_mustache
tests_fuzz_fuzz_mustache_SOURCES = tests/fuzz/fuzz_mustache.c

EXTRA_DIST += tests/mustache-spec/LICENSE tests/mustache-spec/comments.json \
	tests/mustache-spec/delimiters.json tests/mustache-spec/interpolation.json \
	tests/mustache-spec/inverted.json tests/mustache-spec/partials.json \
	tests/mustache-spec/sections.json tests/fuzz/corpus/mustache

# --- util/form, util/multipart, util/image ---------------------------------

check_PROGRAMS += tests/unit/test_form tests/unit/test_multipart tests/unit/test_image
TESTS += tests/unit/test_form tests/unit/test_multipart tests/unit/test_image
tests_unit_test_form_SOURCES = tests/unit/test_form.c
tests_unit_test_form_LDADD = $(UNIT_LDADD)
tests_unit_test_multipart_SOURCES = tests/unit/test_multipart.c
tests_unit_test_multipart_LDADD = $(UNIT_LDADD)
tests_unit_test_image_SOURCES = tests/unit/test_image.c
tests_unit_test_image_LDADD = $(UNIT_LDADD)

FUZZ_TARGETS += tests/fuzz/fuzz_multipart tests/fuzz/fuzz_form tests/fuzz/fuzz_image
tests_fuzz_fuzz_multipart_SOURCES = tests/fuzz/fuzz_multipart.c
tests_fuzz_fuzz_form_SOURCES = tests/fuzz/fuzz_form.c
tests_fuzz_fuzz_image_SOURCES = tests/fuzz/fuzz_image.c

EXTRA_DIST += tests/data/images tests/fuzz/corpus/multipart \
	tests/fuzz/corpus/form tests/fuzz/corpus/image

# --- domain core -------------------------------------------------------------

check_PROGRAMS += tests/unit/test_domain_money tests/unit/test_domain_validate \
	tests/unit/test_domain_time tests/unit/test_domain_rules tests/unit/test_domain_order
TESTS += tests/unit/test_domain_money tests/unit/test_domain_validate \
	tests/unit/test_domain_time tests/unit/test_domain_rules tests/unit/test_domain_order
tests_unit_test_domain_money_SOURCES = tests/unit/test_domain_money.c
tests_unit_test_domain_money_LDADD = $(UNIT_LDADD)
tests_unit_test_domain_validate_SOURCES = tests/unit/test_domain_validate.c
tests_unit_test_domain_validate_LDADD = $(UNIT_LDADD)
tests_unit_test_domain_time_SOURCES = tests/unit/test_domain_time.c
tests_unit_test_domain_time_LDADD = $(UNIT_LDADD)
tests_unit_test_domain_rules_SOURCES = tests/unit/test_domain_rules.c
tests_unit_test_domain_rules_LDADD = $(UNIT_LDADD)
tests_unit_test_domain_order_SOURCES = tests/unit/test_domain_order.c
tests_unit_test_domain_order_LDADD = $(UNIT_LDADD)

FUZZ_TARGETS += tests/fuzz/fuzz_order
tests_fuzz_fuzz_order_SOURCES = tests/fuzz/fuzz_order.c
tests_fuzz_fuzz_order_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_order_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)

EXTRA_DIST += docs/domain-rules.md tests/fuzz/corpus/order

# --- fuzz targets: libFuzzer programs, or corpus replays --------------------
check_PROGRAMS += $(FUZZ_TARGETS)
if FUZZING
FUZZ_LDADD = $(CORE_LIBS)
else
check_LIBRARIES += tests/fuzz/libfuzzdriver.a
tests_fuzz_libfuzzdriver_a_SOURCES = tests/fuzz/driver.c
FUZZ_LDADD = tests/fuzz/libfuzzdriver.a $(CORE_LIBS)
endif
tests_fuzz_fuzz_mustache_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_multipart_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_form_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_image_LDADD = $(FUZZ_LDADD)
tests_fuzz_fuzz_mustache_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_multipart_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_form_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_image_LDFLAGS = $(AM_LDFLAGS) $(FUZZ_LDFLAGS)
TESTS += tests/fuzz/run-corpus.sh
