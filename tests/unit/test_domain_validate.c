/* test_domain_validate.c — UTF-8, lengths, slugs, ids, emails, URLs. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "domain/validate.h"

struct strcase {
	const char	*in;
	enum sg_verr	 want;
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
test_utf8(void)
{
	static const struct { const char *s; size_t len; enum sg_verr want;
	    size_t chars; } cases[] = {
		{ "", 0, SG_VERR_OK, 0 },
		{ "abc", 3, SG_VERR_OK, 3 },
		{ "caf\xc3\xa9", 5, SG_VERR_OK, 4 },
		{ "\xe2\x82\xac", 3, SG_VERR_OK, 1 },		/* U+20AC */
		{ "\xf0\x9f\x98\x80", 4, SG_VERR_OK, 1 },	/* U+1F600 */
		{ "\xf4\x8f\xbf\xbf", 4, SG_VERR_OK, 1 },	/* U+10FFFF */
		{ "\xef\xbf\xbf", 3, SG_VERR_OK, 1 },		/* U+FFFF */
		{ "\xc0\xaf", 2, SG_VERR_INVALID_UTF8, 0 },	/* overlong / */
		{ "\xc1\xbf", 2, SG_VERR_INVALID_UTF8, 0 },	/* overlong */
		{ "\xe0\x80\xaf", 3, SG_VERR_INVALID_UTF8, 0 },	/* overlong */
		{ "\xe0\x9f\xbf", 3, SG_VERR_INVALID_UTF8, 0 },	/* overlong */
		{ "\xf0\x80\x80\xaf", 4, SG_VERR_INVALID_UTF8, 0 },
		{ "\xf0\x8f\xbf\xbf", 4, SG_VERR_INVALID_UTF8, 0 },
		{ "\xed\xa0\x80", 3, SG_VERR_INVALID_UTF8, 0 },	/* U+D800 */
		{ "\xed\xbf\xbf", 3, SG_VERR_INVALID_UTF8, 0 },	/* U+DFFF */
		{ "\xf4\x90\x80\x80", 4, SG_VERR_INVALID_UTF8, 0 }, /* >10FFFF */
		{ "\xf5\x80\x80\x80", 4, SG_VERR_INVALID_UTF8, 0 },
		{ "\xff", 1, SG_VERR_INVALID_UTF8, 0 },
		{ "\x80", 1, SG_VERR_INVALID_UTF8, 0 },		/* lone cont. */
		{ "\xc3", 1, SG_VERR_INVALID_UTF8, 0 },		/* truncated */
		{ "\xe2\x82", 2, SG_VERR_INVALID_UTF8, 0 },
		{ "a\xc3(", 3, SG_VERR_INVALID_UTF8, 0 },	/* bad cont. */
	};
	size_t	 i, n;

	for (i = 0; i < N(cases); i++) {
		n = 999;
		CU_ASSERT_EQUAL(sg_utf8_check(cases[i].s, cases[i].len, &n),
		    cases[i].want);
		if (cases[i].want == SG_VERR_OK)
			CU_ASSERT_EQUAL(n, cases[i].chars);
	}
}

static void
test_text(void)
{
	char	 big[SG_TITLE_MAX * 4 + 8];
	size_t	 n, i;

	CU_ASSERT_EQUAL(sg_text_check("a\tb", 3, 0, 10, 0, 0, NULL),
	    SG_VERR_INVALID_CHAR);
	CU_ASSERT_EQUAL(sg_text_check("a\tb\nc\r", 6, 0, 10, 0,
	    SG_TEXT_MULTILINE, NULL), SG_VERR_OK);
	CU_ASSERT_EQUAL(sg_text_check("a\x01", 2, 0, 10, 0,
	    SG_TEXT_MULTILINE, NULL), SG_VERR_INVALID_CHAR);
	CU_ASSERT_EQUAL(sg_text_check("a\x7f", 2, 0, 10, 0,
	    SG_TEXT_MULTILINE, NULL), SG_VERR_INVALID_CHAR);
	CU_ASSERT_EQUAL(sg_text_check("a\xc2\x85", 3, 0, 10, 0,
	    SG_TEXT_MULTILINE, NULL), SG_VERR_INVALID_CHAR);	/* C1 NEL */
	CU_ASSERT_EQUAL(sg_text_check("a\0b", 3, 0, 10, 0,
	    SG_TEXT_MULTILINE, NULL), SG_VERR_INVALID_CHAR);
	CU_ASSERT_EQUAL(sg_text_check("", 0, 1, 10, 0, 0, NULL),
	    SG_VERR_TOO_SHORT);
	CU_ASSERT_EQUAL(sg_text_check("", 0, 0, 10, 0, 0, NULL), SG_VERR_OK);
	CU_ASSERT_EQUAL(sg_text_check(NULL, 0, 0, 10, 0, 0, NULL),
	    SG_VERR_REQUIRED);
	/* Exactly at the limit in chars, multi-byte chars. */
	for (i = 0, n = 0; i < SG_TITLE_MAX; i++, n += 2)
		memcpy(big + n, "\xc3\xa9", 2);
	CU_ASSERT_EQUAL(sg_text_check(big, n, 1, SG_TITLE_MAX, 0, 0, &i),
	    SG_VERR_OK);
	CU_ASSERT_EQUAL(i, SG_TITLE_MAX);
	memcpy(big + n, "x", 1);
	CU_ASSERT_EQUAL(sg_text_check(big, n + 1, 1, SG_TITLE_MAX, 0, 0,
	    NULL), SG_VERR_TOO_LONG);
	/* Byte cap. */
	CU_ASSERT_EQUAL(sg_text_check(big, n, 1, SG_TITLE_MAX, n - 1, 0,
	    NULL), SG_VERR_TOO_LONG);
	/* Invalid UTF-8 wins over control characters. */
	CU_ASSERT_EQUAL(sg_text_check("\x01\xff", 2, 0, 10, 0, 0, NULL),
	    SG_VERR_INVALID_UTF8);
}

static void
run_cases(enum sg_verr (*fn)(const char *), const struct strcase *c,
    size_t n, const char *what)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		enum sg_verr got = fn(c[i].in);

		CU_ASSERT_EQUAL(got, c[i].want);
		if (got != c[i].want)
			fprintf(stderr, "%s case %zu \"%s\": got %s\n", what,
			    i, c[i].in, sg_verr_code(got));
	}
}

static void
test_slug(void)
{
	static const struct strcase cases[] = {
		{ "a", SG_VERR_OK },
		{ "board-game", SG_VERR_OK },
		{ "2026", SG_VERR_OK },
		{ "a--b", SG_VERR_OK },
		{ "1234567890123456789012345678901234567890123456789012345678901234",
		    SG_VERR_OK },				/* 64 */
		{ "a1234567890123456789012345678901234567890123456789012345678901234",
		    SG_VERR_TOO_LONG },				/* 65 */
		{ "", SG_VERR_TOO_SHORT },
		{ "-a", SG_VERR_INVALID },
		{ "a-", SG_VERR_INVALID },
		{ "-", SG_VERR_INVALID },
		{ "Board", SG_VERR_INVALID_CHAR },
		{ "a b", SG_VERR_INVALID_CHAR },
		{ "a_b", SG_VERR_INVALID_CHAR },
		{ "a/b", SG_VERR_INVALID_CHAR },
		{ "a.b", SG_VERR_INVALID_CHAR },
		{ "caf\xc3\xa9", SG_VERR_INVALID_CHAR },
	};

	run_cases(sg_slug_check, cases, N(cases), "slug");
	CU_ASSERT_EQUAL(sg_slug_check(NULL), SG_VERR_REQUIRED);
	CU_ASSERT_EQUAL(sg_handle_check("my-store"), SG_VERR_OK);
}

static void
test_extid(void)
{
	static const struct strcase cases[] = {
		{ "1001", SG_VERR_OK },
		{ "p-1", SG_VERR_OK },
		{ "c-42", SG_VERR_OK },
		{ "A.b_c~d:e@f!g$h&i'j(k)l*m+n,o;p=q", SG_VERR_OK },
		{ "1234567890123456789012345678901234567890123456789012345678901234",
		    SG_VERR_OK },				/* 64 */
		{ "12345678901234567890123456789012345678901234567890123456789012345",
		    SG_VERR_TOO_LONG },				/* 65 */
		{ "", SG_VERR_TOO_SHORT },
		{ "a b", SG_VERR_INVALID_CHAR },
		{ " 1", SG_VERR_INVALID_CHAR },
		{ "a/b", SG_VERR_INVALID_CHAR },
		{ "a?b", SG_VERR_INVALID_CHAR },
		{ "#1001", SG_VERR_INVALID_CHAR },
		{ "a%2F", SG_VERR_INVALID_CHAR },
		{ "a\"b", SG_VERR_INVALID_CHAR },
		{ "a<b", SG_VERR_INVALID_CHAR },
		{ "a\\b", SG_VERR_INVALID_CHAR },
		{ "a\tb", SG_VERR_INVALID_CHAR },
		{ "\xc3\xa9", SG_VERR_INVALID_CHAR },
		{ "a\x7f", SG_VERR_INVALID_CHAR },
		/* dot segments: a client's path handling collapses them */
		{ ".", SG_VERR_INVALID },
		{ "..", SG_VERR_INVALID },
		{ "...", SG_VERR_OK },
		{ ".a", SG_VERR_OK },
		{ "a..", SG_VERR_OK },
	};

	run_cases(sg_extid_check, cases, N(cases), "extid");
	CU_ASSERT_EQUAL(sg_extid_check(NULL), SG_VERR_REQUIRED);
}

static void
test_email(void)
{
	static const struct { const char *in; enum sg_verr want;
	    const char *out; } cases[] = {
		{ "ana@example.com", SG_VERR_OK, "ana@example.com" },
		{ "  Ana@Example.COM \t\n", SG_VERR_OK, "ana@example.com" },
		{ "ANA+tag@EXAMPLE.co.uk", SG_VERR_OK, "ana+tag@example.co.uk" },
		{ "\xc3\x89lise@exemple.fr", SG_VERR_OK,
		    "\xc3\x89lise@exemple.fr" },	/* non-ASCII kept */
		{ "a@b.c", SG_VERR_OK, "a@b.c" },
		{ "", SG_VERR_TOO_SHORT, NULL },
		{ "   ", SG_VERR_TOO_SHORT, NULL },
		{ "ana", SG_VERR_INVALID, NULL },
		{ "ana@", SG_VERR_INVALID, NULL },
		{ "@example.com", SG_VERR_INVALID, NULL },
		{ "ana@@example.com", SG_VERR_INVALID, NULL },
		{ "a@b@example.com", SG_VERR_INVALID, NULL },
		{ "ana@localhost", SG_VERR_INVALID, NULL },
		{ "ana@example.", SG_VERR_INVALID, NULL },
		{ "ana@.example.com", SG_VERR_INVALID, NULL },
		{ "ana@example..com", SG_VERR_INVALID, NULL },
		{ "an a@example.com", SG_VERR_INVALID, NULL },
		{ "\"ana\"@example.com", SG_VERR_INVALID, NULL },
		{ "ana<x>@example.com", SG_VERR_INVALID, NULL },
		{ "ana@exa\tmple.com", SG_VERR_INVALID_CHAR, NULL },
		{ "ana@exa\x01mple.com", SG_VERR_INVALID_CHAR, NULL },
		{ "ana\xff@example.com", SG_VERR_INVALID_UTF8, NULL },
		{ "ana\xed\xa0\x80@example.com", SG_VERR_INVALID_UTF8, NULL },
	};
	char	 out[SG_EMAIL_MAX_BYTES + 1], in[400];
	size_t	 i;

	for (i = 0; i < N(cases); i++) {
		enum sg_verr got;

		memset(out, 0, sizeof(out));
		got = sg_email_normalise(cases[i].in, out, sizeof(out));
		CU_ASSERT_EQUAL(got, cases[i].want);
		if (got != cases[i].want)
			fprintf(stderr, "email case %zu: got %s\n", i,
			    sg_verr_code(got));
		if (cases[i].out != NULL)
			CU_ASSERT_STRING_EQUAL(out, cases[i].out);
	}
	/* Local part: 64 ok, 65 not. */
	memset(in, 'a', 64);
	strcpy(in + 64, "@example.com");
	CU_ASSERT_EQUAL(sg_email_normalise(in, out, sizeof(out)), SG_VERR_OK);
	memset(in, 'a', 65);
	strcpy(in + 65, "@example.com");
	CU_ASSERT_EQUAL(sg_email_normalise(in, out, sizeof(out)),
	    SG_VERR_INVALID);
	/* Total: 254 ok, 255 too long (padding spaces do not count). */
	memset(in, 0, sizeof(in));
	strcpy(in, "a@");
	memset(in + 2, 'b', 248);
	strcpy(in + 250, ".com");
	CU_ASSERT_EQUAL(strlen(in), 254);
	CU_ASSERT_EQUAL(sg_email_normalise(in, out, sizeof(out)), SG_VERR_OK);
	memmove(in + 1, in, 255);
	in[0] = ' ';
	CU_ASSERT_EQUAL(sg_email_normalise(in, out, sizeof(out)), SG_VERR_OK);
	in[0] = 'x';
	CU_ASSERT_EQUAL(sg_email_normalise(in, out, sizeof(out)),
	    SG_VERR_TOO_LONG);
	CU_ASSERT_EQUAL(sg_email_normalise(NULL, out, sizeof(out)),
	    SG_VERR_REQUIRED);
	/* Output buffer too small. */
	CU_ASSERT_NOT_EQUAL(sg_email_normalise("ana@example.com", out, 5),
	    SG_VERR_OK);
}

static void
test_url(void)
{
	static const struct strcase cases[] = {
		{ "https://cdn.example.com/a.png", SG_VERR_OK },
		{ "http://example.com", SG_VERR_OK },
		{ "HTTPS://Example.com/x?y=1#z", SG_VERR_OK },
		{ "https://example.com:8443/p%20q.jpg", SG_VERR_OK },
		{ "/media/abc/def-1.webp", SG_VERR_OK },
		{ "/media/x_y.PNG", SG_VERR_OK },
		{ "", SG_VERR_TOO_SHORT },
		{ "javascript:alert(1)", SG_VERR_INVALID },
		{ "data:image/png;base64,AAAA", SG_VERR_INVALID },
		{ "//evil.example.com/a.png", SG_VERR_INVALID },
		{ "ftp://example.com/a.png", SG_VERR_INVALID },
		{ "https://", SG_VERR_INVALID },
		{ "https:///path", SG_VERR_INVALID },
		{ "https://user:pw@example.com/", SG_VERR_INVALID },
		{ "https://user@example.com/", SG_VERR_INVALID },
		{ "https://:80/", SG_VERR_INVALID },
		{ "https://example.com/a b.png", SG_VERR_INVALID_CHAR },
		{ "https://example.com/a\".png", SG_VERR_INVALID_CHAR },
		{ "https://example.com/<script>", SG_VERR_INVALID_CHAR },
		{ "https://example.com\\@evil.com/", SG_VERR_INVALID_CHAR },
		{ "https://example.com/\xc3\xa9", SG_VERR_INVALID_CHAR },
		{ "https://example.com/\n", SG_VERR_INVALID_CHAR },
		{ "/media/", SG_VERR_INVALID },
		{ "/media/../etc/passwd", SG_VERR_INVALID },
		{ "/media/a/..", SG_VERR_INVALID },
		{ "/media/a//b", SG_VERR_INVALID },
		{ "/media/./a", SG_VERR_INVALID },
		{ "/media/a?b", SG_VERR_INVALID_CHAR },
		{ "/media/a%2e", SG_VERR_INVALID_CHAR },
		{ "/static/a.png", SG_VERR_INVALID },
		{ "media/a.png", SG_VERR_INVALID },
	};
	char	 big[SG_URL_MAX_BYTES + 2];

	run_cases(sg_image_url_check, cases, N(cases), "url");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "https://x.io/", 13);
	CU_ASSERT_EQUAL(sg_image_url_check(big), SG_VERR_TOO_LONG);
	big[SG_URL_MAX_BYTES] = '\0';
	CU_ASSERT_EQUAL(sg_image_url_check(big), SG_VERR_OK);
}

static void
test_nul_escape(void)
{
	static const struct { const char *s; int want; } cases[] = {
		{ "{\"a\":\"x\"}", 0 },
		{ "{\"a\":\"x\\u0000y\"}", 1 },
		{ "{\"a\":\"x\\\\u0000y\"}", 0 },	/* escaped backslash */
		{ "{\"a\":\"x\\\\\\u0000\"}", 1 },
		{ "{\"a\":\"\\u0001\"}", 0 },
		{ "\\u000", 0 },
		{ "\\", 0 },
	};
	size_t	 i;

	for (i = 0; i < N(cases); i++)
		CU_ASSERT_EQUAL(sg_json_has_nul_escape(cases[i].s,
		    strlen(cases[i].s)), cases[i].want);
}

#define L(s)	s, sizeof(s) - 1

/* Raw control characters and invalid UTF-8 anywhere in a body. */
static void
test_json_text(void)
{
	static const struct {
		const char	*s;
		size_t		 len;
		enum sg_verr	 want;
	} cases[] = {
		{ L("{\"a\":\"b\"}"), SG_VERR_OK },
		{ L("{\n\t\"a\" :\r\n 1}"), SG_VERR_OK },
		{ L("{\"a\":\"\\n\\\"\"}"), SG_VERR_OK },	/* escapes */
		{ L("{\"a\":\"caf\xc3\xa9\"}"), SG_VERR_OK },
		{ L("{\"id\":\"alice\0mallory\"}"), SG_VERR_INVALID_CHAR },
		{ L("{\"id\":\"a\tb\"}"), SG_VERR_INVALID_CHAR },
		{ L("{\"id\":\"a\nb\"}"), SG_VERR_INVALID_CHAR },
		{ L("{\"id\":\"a\x1f\"}"), SG_VERR_INVALID_CHAR },
		{ L("{\"a\x01\":1}"), SG_VERR_INVALID_CHAR },	/* in a key */
		{ L("{\"a\":\"\\\x01\"}"), SG_VERR_INVALID_CHAR },	/* escaped raw */
		{ L("{\"a\":1\x01}"), SG_VERR_INVALID_CHAR },	/* between tokens */
		{ L("{\"a\":1}\0"), SG_VERR_INVALID_CHAR },
		{ L("{\"a\":\"\xff\xfe\"}"), SG_VERR_INVALID_UTF8 },
		{ L("{\"\xc0\xaf\":1}"), SG_VERR_INVALID_UTF8 },	/* overlong key */
		{ L("{\"a\":\"\xed\xa0\x80\"}"), SG_VERR_INVALID_UTF8 },
		{ L(""), SG_VERR_OK },
	};
	size_t	 i;

	for (i = 0; i < N(cases); i++) {
		CU_ASSERT_EQUAL(sg_json_text_check(cases[i].s, cases[i].len),
		    cases[i].want);
		if (sg_json_text_check(cases[i].s, cases[i].len) != cases[i].want)
			fprintf(stderr, "json text case %zu\n", i);
	}
}

/* Number literals whose double is not what the client sent. */
static void
test_json_inexact(void)
{
	static const struct {
		const char	*s;
		int		 want;
	} cases[] = {
		{ "{\"a\":1}", 0 },
		{ "{\"a\":-12,\"b\":[0,0.0,-0,1e2,1E+2,2.50]}", 0 },
		{ "{\"a\":1.5,\"b\":0.1,\"c\":3.14159}", 0 },
		{ "{\"goal\":1000000000000000}", 0 },		/* 10^15 */
		{ "{\"a\":9007199254740992}", 0 },		/* 2^53 */
		{ "{\"a\":9007199254740993}", 1 },		/* 2^53 + 1 */
		{ "{\"a\":9223372036854775807}", 1 },		/* 2^63 - 1 */
		{ "{\"a\":4611686018427387904}", 0 },		/* 2^62, exact */
		{ "{\"a\":1e99999}", 1 },
		{ "{\"a\":1e-400}", 1 },
		{ "{\"a\":1.0000000000000001}", 1 },
		{ "{\"a\":0.99999999999999999}", 1 },
		{ "{\"a\":10.0}", 0 },
		{ "{\"a\":1000000000000000.000}", 0 },
		{ "{\"a\":0.000001e6}", 0 },
		{ "{\"9007199254740993\":\"9007199254740993\"}", 0 },	/* strings */
		{ "{\"a\":\"\\\"\",\"b\":1.0000000000000001}", 1 },
		{ "{\"a\":true,\"b\":null,\"c\":false}", 0 },
	};
	size_t	 i;

	for (i = 0; i < N(cases); i++) {
		CU_ASSERT_EQUAL(sg_json_has_inexact_number(cases[i].s,
		    strlen(cases[i].s)), cases[i].want);
		if (sg_json_has_inexact_number(cases[i].s, strlen(cases[i].s)) !=
		    cases[i].want)
			fprintf(stderr, "json inexact case %zu\n", i);
	}
}

static void
test_codes(void)
{
	CU_ASSERT_STRING_EQUAL(sg_verr_code(SG_VERR_REQUIRED), "required");
	CU_ASSERT_STRING_EQUAL(sg_verr_code(SG_VERR_INVALID_UTF8),
	    "invalid_utf8");
	CU_ASSERT_STRING_EQUAL(sg_verr_code(SG_VERR_OUT_OF_RANGE),
	    "out_of_range");
	CU_ASSERT_STRING_EQUAL(sg_verr_code(SG_VERR_TOO_LONG), "too_long");
	CU_ASSERT_STRING_EQUAL(sg_verr_code(SG_VERR__MAX), "invalid");
}

static const struct unit_case cases[] = {
	{ "domain_validate", "utf8", test_utf8 },
	{ "domain_validate", "text limits", test_text },
	{ "domain_validate", "slug", test_slug },
	{ "domain_validate", "external id", test_extid },
	{ "domain_validate", "email", test_email },
	{ "domain_validate", "image url", test_url },
	{ "domain_validate", "nul escape", test_nul_escape },
	{ "domain_validate", "json text", test_json_text },
	{ "domain_validate", "json inexact numbers", test_json_inexact },
	{ "domain_validate", "codes", test_codes },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
