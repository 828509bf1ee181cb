/* test_form.c — unit tests for util/form. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "util/buf.h"
#include "util/form.h"

/*
 * A parse case: the input, the expected code and, on success, the pairs
 * expected as "name=value" strings joined with '|' (decoded text).
 */
struct parse_case {
	const char	*what;
	const char	*in;
	int		 rc;
	const char	*pairs;
};

static const struct parse_case form_cases[] = {
	{ "empty input", "", SG_FORM_OK, "" },
	{ "one pair", "a=1", SG_FORM_OK, "a=1" },
	{ "two pairs", "a=1&b=2", SG_FORM_OK, "a=1|b=2" },
	{ "plus is space", "q=red+shoes", SG_FORM_OK, "q=red shoes" },
	{ "encoded plus stays plus", "q=1%2B1", SG_FORM_OK, "q=1+1" },
	{ "percent upper hex", "t=%41%42", SG_FORM_OK, "t=AB" },
	{ "percent lower hex", "t=%e2%82%ac", SG_FORM_OK, "t=\xe2\x82\xac" },
	{ "encoded name", "a%20b=c", SG_FORM_OK, "a b=c" },
	{ "encoded ampersand and equals", "x=%26%3D", SG_FORM_OK, "x=&=" },
	{ "no equals means empty value", "flag", SG_FORM_OK, "flag=" },
	{ "empty value", "a=", SG_FORM_OK, "a=" },
	{ "second equals is part of value", "a=b=c", SG_FORM_OK, "a=b=c" },
	{ "empty segments skipped", "&a=1&&b=2&", SG_FORM_OK, "a=1|b=2" },
	{ "empty name skipped", "=x&a=1", SG_FORM_OK, "a=1" },
	{ "repeated names kept in order", "p=1&p=2&q=3&p=4", SG_FORM_OK,
	  "p=1|p=2|q=3|p=4" },
	{ "raw utf-8 kept", "n=J\xc3\xbcrgen", SG_FORM_OK, "n=J\xc3\xbcrgen" },
	{ "4-byte utf-8", "e=%F0%9F%98%80", SG_FORM_OK, "e=\xf0\x9f\x98\x80" },
	{ "semicolon is not a separator", "a=1;b=2", SG_FORM_OK, "a=1;b=2" },
	{ "percent at end", "a=%", SG_FORM_BADESCAPE, NULL },
	{ "percent one digit", "a=%4", SG_FORM_BADESCAPE, NULL },
	{ "percent non-hex", "a=%4G", SG_FORM_BADESCAPE, NULL },
	{ "percent in name", "%zz=1", SG_FORM_BADESCAPE, NULL },
	{ "bad escape after good pairs", "a=1&b=%", SG_FORM_BADESCAPE, NULL },
	{ "encoded NUL", "a=%00", SG_FORM_NUL, NULL },
	{ "lone continuation byte", "a=%80", SG_FORM_BADUTF8, NULL },
	{ "raw latin-1", "a=J\xfcrgen", SG_FORM_BADUTF8, NULL },
	{ "overlong slash", "a=%C0%AF", SG_FORM_BADUTF8, NULL },
	{ "overlong 3-byte", "a=%E0%80%80", SG_FORM_BADUTF8, NULL },
	{ "surrogate", "a=%ED%A0%80", SG_FORM_BADUTF8, NULL },
	{ "above U+10FFFF", "a=%F4%90%80%80", SG_FORM_BADUTF8, NULL },
	{ "truncated sequence", "a=%E2%82", SG_FORM_BADUTF8, NULL },
	{ "truncated by the split", "a=%E2&b=%82%AC", SG_FORM_BADUTF8, NULL },
	{ "byte 0xff", "a=%FF", SG_FORM_BADUTF8, NULL },
	{ "invalid utf-8 in name", "%FF=1", SG_FORM_BADUTF8, NULL },
};

/* Join a form's pairs as the cases spell them. */
static void
join_pairs(const struct sg_form *f, struct sg_buf *b)
{
	size_t	 i;

	sg_buf_reset(b);
	for (i = 0; i < f->npairs; i++)
		sg_buf_printf(b, "%s%s=%s", i ? "|" : "",
		    f->pairs[i].name, f->pairs[i].value);
}

static void
run_cases(const struct parse_case *cases, size_t n,
    int (*parse)(struct sg_form *, const char *, size_t))
{
	struct sg_form	 f;
	struct sg_buf	 b;
	size_t		 i;
	int		 rc;

	sg_buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		sg_form_init(&f);
		rc = parse(&f, cases[i].in, strlen(cases[i].in));
		join_pairs(&f, &b);
		if (rc != cases[i].rc || (cases[i].pairs != NULL &&
		    strcmp(b.data ? b.data : "", cases[i].pairs) != 0))
			fprintf(stderr, "case \"%s\": rc %d, pairs \"%s\"\n",
			    cases[i].what, rc, b.data ? b.data : "");
		CU_ASSERT_EQUAL(rc, cases[i].rc);
		if (cases[i].pairs != NULL) {
			CU_ASSERT_STRING_EQUAL(b.data ? b.data : "",
			    cases[i].pairs);
		} else {
			CU_ASSERT_EQUAL(f.npairs, 0);	/* nothing half-done */
		}
		sg_form_free(&f);
	}
	sg_buf_free(&b);
}

static void
test_form_cases(void)
{
	run_cases(form_cases, sizeof(form_cases) / sizeof(form_cases[0]),
	    sg_form_parse);
}

static void
test_form_embedded_nul_raw(void)
{
	struct sg_form	 f;

	sg_form_init(&f);
	CU_ASSERT_EQUAL(sg_form_parse(&f, "a=x\0y", 5), SG_FORM_NUL);
	CU_ASSERT_EQUAL(f.npairs, 0);
	sg_form_free(&f);
}

static void
test_form_lengths_kept(void)
{
	struct sg_form	 f;

	sg_form_init(&f);
	CU_ASSERT_EQUAL_FATAL(sg_form_parse(&f, "ab=%E2%82%AC+", 13),
	    SG_FORM_OK);
	CU_ASSERT_EQUAL(f.npairs, 1);
	CU_ASSERT_EQUAL(f.pairs[0].namelen, 2);
	CU_ASSERT_EQUAL(f.pairs[0].valuelen, 4);
	sg_form_free(&f);
	sg_form_free(&f);		/* freeing twice is harmless */
	sg_form_free(NULL);
}

static void
test_form_max_pairs(void)
{
	struct sg_form	 f;
	struct sg_buf	 b;
	int		 i;

	sg_buf_init(&b, 0);
	for (i = 0; i < SG_FORM_MAX_PAIRS; i++)
		sg_buf_printf(&b, "%sk=%d", i ? "&" : "", i);
	sg_form_init(&f);
	CU_ASSERT_EQUAL(sg_form_parse(&f, b.data, b.len), SG_FORM_OK);
	CU_ASSERT_EQUAL(f.npairs, SG_FORM_MAX_PAIRS);
	sg_form_free(&f);
	sg_buf_adds(&b, "&one=more");
	CU_ASSERT_EQUAL(sg_form_parse(&f, b.data, b.len), SG_FORM_TOOMANY);
	CU_ASSERT_EQUAL(f.npairs, 0);
	CU_ASSERT_PTR_NULL(f.pairs);
	sg_form_free(&f);
	sg_buf_free(&b);
}

static void
test_form_max_bytes(void)
{
	struct sg_form	 f;
	char		*s;

	s = malloc(SG_FORM_MAX_BYTES + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	memset(s, 'x', SG_FORM_MAX_BYTES + 1);
	s[0] = 'a';
	s[1] = '=';
	sg_form_init(&f);
	CU_ASSERT_EQUAL(sg_form_parse(&f, s, SG_FORM_MAX_BYTES), SG_FORM_OK);
	CU_ASSERT_EQUAL(f.npairs, 1);
	CU_ASSERT_EQUAL(f.pairs[0].valuelen, SG_FORM_MAX_BYTES - 2);
	sg_form_free(&f);
	CU_ASSERT_EQUAL(sg_form_parse(&f, s, SG_FORM_MAX_BYTES + 1),
	    SG_FORM_TOOBIG);
	CU_ASSERT_EQUAL(f.npairs, 0);
	free(s);
}

static void
test_form_lookup(void)
{
	struct sg_form	 f;
	const char	*v[4];
	const char	*q = "product=p-1&title=Hi&product=p-2&Product=X"
			     "&product=p-3&empty=";

	sg_form_init(&f);
	CU_ASSERT_EQUAL_FATAL(sg_form_parse(&f, q, strlen(q)), SG_FORM_OK);
	CU_ASSERT_STRING_EQUAL(sg_form_get(&f, "product"), "p-1");
	CU_ASSERT_STRING_EQUAL(sg_form_get(&f, "Product"), "X");
	CU_ASSERT_STRING_EQUAL(sg_form_get(&f, "title"), "Hi");
	CU_ASSERT_STRING_EQUAL(sg_form_get(&f, "empty"), "");
	CU_ASSERT_PTR_NULL(sg_form_get(&f, "missing"));
	CU_ASSERT_PTR_NULL(sg_form_get(&f, "PRODUCT"));
	CU_ASSERT_PTR_NULL(sg_form_get(&f, "produc"));
	CU_ASSERT_EQUAL(sg_form_get_all(&f, "product", v, 4), 3);
	CU_ASSERT_STRING_EQUAL(v[0], "p-1");
	CU_ASSERT_STRING_EQUAL(v[1], "p-2");
	CU_ASSERT_STRING_EQUAL(v[2], "p-3");
	/* fewer slots than values: count still total, slots filled */
	v[1] = NULL;
	CU_ASSERT_EQUAL(sg_form_get_all(&f, "product", v, 1), 3);
	CU_ASSERT_STRING_EQUAL(v[0], "p-1");
	CU_ASSERT_PTR_NULL(v[1]);
	CU_ASSERT_EQUAL(sg_form_get_all(&f, "product", NULL, 0), 3);
	CU_ASSERT_EQUAL(sg_form_get_all(&f, "missing", v, 4), 0);
	sg_form_free(&f);
}

static void
test_form_add(void)
{
	struct sg_form	 f;

	sg_form_init(&f);
	f.maxpairs = 2;
	CU_ASSERT_EQUAL(sg_form_add(&f, "a", 1, "1", 1), SG_FORM_OK);
	CU_ASSERT_EQUAL(sg_form_add(&f, "b", 1, "x\0y", 3), SG_FORM_NUL);
	CU_ASSERT_EQUAL(sg_form_add(&f, "\xff", 1, "", 0), SG_FORM_BADUTF8);
	CU_ASSERT_EQUAL(sg_form_add(&f, "b", 1, "", 0), SG_FORM_OK);
	CU_ASSERT_EQUAL(sg_form_add(&f, "c", 1, "3", 1), SG_FORM_TOOMANY);
	CU_ASSERT_EQUAL(f.npairs, 2);
	CU_ASSERT_STRING_EQUAL(sg_form_get(&f, "a"), "1");
	CU_ASSERT_STRING_EQUAL(sg_form_get(&f, "b"), "");
	sg_form_free(&f);
}

static const struct parse_case cookie_cases[] = {
	{ "empty header", "", SG_FORM_OK, "" },
	{ "one cookie", "sid=abc", SG_FORM_OK, "sid=abc" },
	{ "two cookies", "a=b; c=d", SG_FORM_OK, "a=b|c=d" },
	{ "no space after semicolon", "a=b;c=d", SG_FORM_OK, "a=b|c=d" },
	{ "spaces around", "  a = b ;  c=d  ", SG_FORM_OK, "a=b|c=d" },
	{ "quoted value", "a=\"x y\"", SG_FORM_OK, "a=x y" },
	{ "lone quote kept", "a=\"", SG_FORM_OK, "a=\"" },
	{ "empty value", "a=; b=2", SG_FORM_OK, "a=|b=2" },
	{ "value with equals", "t=a=b==", SG_FORM_OK, "t=a=b==" },
	{ "no percent decoding", "t=a%20b+c", SG_FORM_OK, "t=a%20b+c" },
	{ "segment without equals skipped", "junk; a=1", SG_FORM_OK, "a=1" },
	{ "empty name skipped", "=x; a=1", SG_FORM_OK, "a=1" },
	{ "empty segments skipped", ";; a=1;;", SG_FORM_OK, "a=1" },
	{ "control char skipped", "a=x\x01y; b=2", SG_FORM_OK, "b=2" },
	{ "invalid utf-8 skipped", "a=\xff; b=2", SG_FORM_OK, "b=2" },
	{ "repeated name kept", "a=1; a=2", SG_FORM_OK, "a=1|a=2" },
};

static void
test_cookie_cases(void)
{
	run_cases(cookie_cases, sizeof(cookie_cases) / sizeof(cookie_cases[0]),
	    sg_cookie_parse);
}

static void
test_cookie_limits(void)
{
	struct sg_form	 f;
	struct sg_buf	 b;
	char		*big;
	int		 i;

	sg_buf_init(&b, 0);
	for (i = 0; i < SG_COOKIE_MAX_PAIRS; i++)
		sg_buf_printf(&b, "c%d=%d; ", i, i);
	sg_form_init(&f);
	CU_ASSERT_EQUAL(sg_cookie_parse(&f, b.data, b.len), SG_FORM_OK);
	CU_ASSERT_EQUAL(f.npairs, SG_COOKIE_MAX_PAIRS);
	CU_ASSERT_STRING_EQUAL(sg_cookie_get(&f, "c7"), "7");
	CU_ASSERT_PTR_NULL(sg_cookie_get(&f, "C7"));
	CU_ASSERT_EQUAL(f.maxpairs, 0);		/* restored */
	sg_form_free(&f);
	sg_buf_adds(&b, "extra=1");
	CU_ASSERT_EQUAL(sg_cookie_parse(&f, b.data, b.len), SG_FORM_TOOMANY);
	CU_ASSERT_EQUAL(f.npairs, 0);
	sg_form_free(&f);
	sg_buf_free(&b);

	big = malloc(SG_COOKIE_MAX_BYTES + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, 'v', SG_COOKIE_MAX_BYTES + 1);
	big[0] = 'k';
	big[1] = '=';
	CU_ASSERT_EQUAL(sg_cookie_parse(&f, big, SG_COOKIE_MAX_BYTES),
	    SG_FORM_OK);
	CU_ASSERT_EQUAL(f.npairs, 1);
	sg_form_free(&f);
	CU_ASSERT_EQUAL(sg_cookie_parse(&f, big, SG_COOKIE_MAX_BYTES + 1),
	    SG_FORM_TOOBIG);
	free(big);
}

struct encode_case {
	const char	*in;
	const char	*out;
};

static const struct encode_case encode_cases[] = {
	{ "", "" },
	{ "abcXYZ019", "abcXYZ019" },
	{ "-._~", "-._~" },
	{ " ", "%20" },
	{ "a b&c=d", "a%20b%26c%3Dd" },
	{ "/?#[]@!$'()*+,;%", "%2F%3F%23%5B%5D%40%21%24%27%28%29%2A%2B%2C"
	  "%3B%25" },
	{ "\"<>", "%22%3C%3E" },
	{ "\xe2\x82\xac", "%E2%82%AC" },
	{ "\x01\x7f\xff", "%01%7F%FF" },
};

static void
test_form_encode(void)
{
	struct sg_buf	 b;
	struct sg_form	 f;
	size_t		 i;

	sg_buf_init(&b, 0);
	for (i = 0; i < sizeof(encode_cases) / sizeof(encode_cases[0]); i++) {
		sg_buf_reset(&b);
		CU_ASSERT_EQUAL(sg_form_encode(&b, encode_cases[i].in,
		    strlen(encode_cases[i].in)), SG_FORM_OK);
		CU_ASSERT_STRING_EQUAL(b.data ? b.data : "",
		    encode_cases[i].out);
	}
	/* pairs, and the round trip through the parser */
	sg_buf_reset(&b);
	CU_ASSERT_EQUAL(sg_form_encode_pair(&b, "q", "red & blue"),
	    SG_FORM_OK);
	CU_ASSERT_EQUAL(sg_form_encode_pair(&b, "after", "2026-11-22 10:00"),
	    SG_FORM_OK);
	CU_ASSERT_STRING_EQUAL(b.data,
	    "q=red%20%26%20blue&after=2026-11-22%2010%3A00");
	sg_form_init(&f);
	CU_ASSERT_EQUAL(sg_form_parse(&f, b.data, b.len), SG_FORM_OK);
	CU_ASSERT_STRING_EQUAL(sg_form_get(&f, "q"), "red & blue");
	CU_ASSERT_STRING_EQUAL(sg_form_get(&f, "after"), "2026-11-22 10:00");
	sg_form_free(&f);
	sg_buf_free(&b);
	/* a capped buffer reports TOOBIG */
	sg_buf_init(&b, 4);
	CU_ASSERT_EQUAL(sg_form_encode(&b, "ab", 2), SG_FORM_OK);
	CU_ASSERT_EQUAL(sg_form_encode(&b, " ", 1), SG_FORM_TOOBIG);
	CU_ASSERT_EQUAL(sg_form_encode_pair(&b, "x", "y"), SG_FORM_TOOBIG);
	sg_buf_free(&b);
}

struct utf8_case {
	const char	*what;
	const char	*s;
	size_t		 len;
	int		 rc;
};

static const struct utf8_case utf8_cases[] = {
	{ "empty", "", 0, SG_FORM_OK },
	{ "ascii", "hello", 5, SG_FORM_OK },
	{ "U+007F", "\x7f", 1, SG_FORM_OK },
	{ "U+0080", "\xc2\x80", 2, SG_FORM_OK },
	{ "U+07FF", "\xdf\xbf", 2, SG_FORM_OK },
	{ "U+0800", "\xe0\xa0\x80", 3, SG_FORM_OK },
	{ "U+D7FF", "\xed\x9f\xbf", 3, SG_FORM_OK },
	{ "U+E000", "\xee\x80\x80", 3, SG_FORM_OK },
	{ "U+FFFF", "\xef\xbf\xbf", 3, SG_FORM_OK },
	{ "U+10000", "\xf0\x90\x80\x80", 4, SG_FORM_OK },
	{ "U+10FFFF", "\xf4\x8f\xbf\xbf", 4, SG_FORM_OK },
	{ "NUL", "a\0b", 3, SG_FORM_NUL },
	{ "overlong NUL", "\xc0\x80", 2, SG_FORM_BADUTF8 },
	{ "overlong U+07FF", "\xe0\x9f\xbf", 3, SG_FORM_BADUTF8 },
	{ "overlong U+FFFF", "\xf0\x8f\xbf\xbf", 4, SG_FORM_BADUTF8 },
	{ "U+D800", "\xed\xa0\x80", 3, SG_FORM_BADUTF8 },
	{ "U+DFFF", "\xed\xbf\xbf", 3, SG_FORM_BADUTF8 },
	{ "U+110000", "\xf4\x90\x80\x80", 4, SG_FORM_BADUTF8 },
	{ "5-byte lead", "\xf8\x88\x80\x80\x80", 5, SG_FORM_BADUTF8 },
	{ "0xfe", "\xfe", 1, SG_FORM_BADUTF8 },
	{ "continuation first", "\x80", 1, SG_FORM_BADUTF8 },
	{ "lead then ascii", "\xc3\x41", 2, SG_FORM_BADUTF8 },
	{ "lead at end", "ab\xe2\x82", 4, SG_FORM_BADUTF8 },
};

static void
test_form_utf8(void)
{
	size_t	 i;

	for (i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]); i++) {
		if (sg_form_text_valid(utf8_cases[i].s, utf8_cases[i].len) !=
		    utf8_cases[i].rc)
			fprintf(stderr, "utf8 case %s\n", utf8_cases[i].what);
		CU_ASSERT_EQUAL(sg_form_text_valid(utf8_cases[i].s,
		    utf8_cases[i].len), utf8_cases[i].rc);
	}
}

static void
test_form_strerror(void)
{
	int	 code;

	for (code = SG_FORM_NUL; code <= SG_FORM_OK; code++)
		CU_ASSERT_STRING_NOT_EQUAL(sg_form_strerror(code),
		    "unknown form error");
	CU_ASSERT_STRING_EQUAL(sg_form_strerror(-42), "unknown form error");
}

static const struct unit_case cases[] = {
	{ "form", "parse cases", test_form_cases },
	{ "form", "raw NUL", test_form_embedded_nul_raw },
	{ "form", "lengths", test_form_lengths_kept },
	{ "form", "max pairs", test_form_max_pairs },
	{ "form", "max bytes", test_form_max_bytes },
	{ "form", "lookup", test_form_lookup },
	{ "form", "add", test_form_add },
	{ "form", "encode", test_form_encode },
	{ "form", "utf-8", test_form_utf8 },
	{ "form", "strerror", test_form_strerror },
	{ "cookie", "cookie cases", test_cookie_cases },
	{ "cookie", "cookie limits", test_cookie_limits },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
