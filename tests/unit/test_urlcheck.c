/* test_urlcheck.c — endpoint URLs of events out: parsing and the SSRF list. */
#include "config.h"

#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"
#include "util/urlcheck.h"

static void
test_parse(void)
{
	struct sg_url	 u;

	CU_ASSERT_EQUAL(sg_url_parse("https://example.com/h?x=1", &u), SG_URL_OK);
	CU_ASSERT_TRUE(u.https);
	CU_ASSERT_STRING_EQUAL(u.host, "example.com");
	CU_ASSERT_EQUAL(u.port, 443);
	CU_ASSERT_EQUAL(sg_url_parse("http://127.0.0.1:8080", &u), SG_URL_OK);
	CU_ASSERT_EQUAL(u.port, 8080);
	CU_ASSERT_FALSE(u.https);
	CU_ASSERT_EQUAL(sg_url_parse("http://[::1]:9/x", &u), SG_URL_OK);
	CU_ASSERT_STRING_EQUAL(u.host, "::1");
	CU_ASSERT_EQUAL(u.port, 9);
	CU_ASSERT_EQUAL(sg_url_parse("ftp://example.com/", &u), SG_URL_BAD);
	CU_ASSERT_EQUAL(sg_url_parse("http://user:pw@example.com/", &u), SG_URL_BAD);
	CU_ASSERT_EQUAL(sg_url_parse("http://example.com:0/", &u), SG_URL_BAD);
	CU_ASSERT_EQUAL(sg_url_parse("http://example.com:70000/", &u), SG_URL_BAD);
	CU_ASSERT_EQUAL(sg_url_parse("http:///x", &u), SG_URL_BAD);
	CU_ASSERT_EQUAL(sg_url_parse("http://exa mple.com/", &u), SG_URL_BAD);
	CU_ASSERT_EQUAL(sg_url_parse("", &u), SG_URL_BAD);
}

static void
test_private(void)
{
	static const char *const refused[] = {
		"127.0.0.1", "127.9.9.9", "10.0.0.1", "172.16.0.1", "172.31.255.255",
		"192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
		"224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1",
		"fd12::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
		"64:ff9b::a00:1", NULL
	};
	static const char *const allowed[] = {
		"93.184.216.34", "8.8.8.8", "172.32.0.1", "192.169.0.1",
		"2606:4700::1111", "::ffff:8.8.8.8", NULL
	};
	int	 i;

	for (i = 0; refused[i] != NULL; i++)
		CU_ASSERT_TRUE(sg_url_addr_private(refused[i]));
	for (i = 0; allowed[i] != NULL; i++)
		CU_ASSERT_FALSE(sg_url_addr_private(allowed[i]));
}

static void
test_check_literal(void)
{
	struct sg_url	 u;

	CU_ASSERT_EQUAL(sg_url_check("http://127.0.0.1:9/h", 0, &u, NULL, 0),
	    SG_URL_PRIVATE);
	CU_ASSERT_EQUAL(sg_url_check("http://127.0.0.1:9/h", 1, &u, NULL, 0),
	    SG_URL_OK);
	CU_ASSERT_STRING_EQUAL(u.addr, "127.0.0.1");
	CU_ASSERT_EQUAL(sg_url_check("http://8.8.8.8/h", 0, &u, NULL, 0), SG_URL_OK);
}

static const struct unit_case cases[] = {
	{ "urlcheck", "parse", test_parse },
	{ "urlcheck", "private addresses", test_private },
	{ "urlcheck", "check address literals", test_check_literal },
	{ NULL, NULL, NULL }
};

int
main(void)
{
	return unit_run(cases);
}
