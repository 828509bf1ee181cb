/* test_multipart.c — unit tests for util/multipart. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "util/buf.h"
#include "util/form.h"
#include "util/multipart.h"

#define CT	"multipart/form-data; boundary=XyZ"
#define CD	"Content-Disposition: form-data; "
#define B(s)	s, sizeof(s) - 1

/* ---- boundary extraction from the Content-Type ---- */

struct boundary_case {
	const char	*what;
	const char	*ctype;
	int		 rc;
	const char	*boundary;
};

#define B70 "0123456789012345678901234567890123456789" \
	    "012345678901234567890123456789"

static const struct boundary_case boundary_cases[] = {
	{ "plain", "multipart/form-data; boundary=abc", SG_MP_OK, "abc" },
	{ "webkit", "multipart/form-data; boundary=----WebKitFormBoundary"
	  "7MA4YWxkTrZu0gW", SG_MP_OK, "----WebKitFormBoundary7MA4YWxkTrZu0gW" },
	{ "no space", "multipart/form-data;boundary=abc", SG_MP_OK, "abc" },
	{ "spaces everywhere", "  multipart/form-data ; boundary = abc ",
	  SG_MP_OK, "abc" },
	{ "case-insensitive", "Multipart/Form-Data; BOUNDARY=AbC",
	  SG_MP_OK, "AbC" },
	{ "quoted", "multipart/form-data; boundary=\"a b:c?=\"", SG_MP_OK,
	  "a b:c?=" },
	{ "quoted-pair", "multipart/form-data; boundary=\"a\\bc\"", SG_MP_OK,
	  "abc" },
	{ "other parameters", "multipart/form-data; charset=utf-8; "
	  "boundary=q; x=\"y;z\"", SG_MP_OK, "q" },
	{ "one character", "multipart/form-data; boundary=1", SG_MP_OK, "1" },
	{ "70 characters", "multipart/form-data; boundary=" B70, SG_MP_OK,
	  B70 },
	{ "71 characters", "multipart/form-data; boundary=" B70 "x",
	  SG_MP_BADBOUNDARY, NULL },
	{ "71 characters quoted", "multipart/form-data; boundary=\"" B70 "x\"",
	  SG_MP_BADBOUNDARY, NULL },
	{ "empty", "multipart/form-data; boundary=", SG_MP_BADBOUNDARY, NULL },
	{ "empty quoted", "multipart/form-data; boundary=\"\"",
	  SG_MP_BADBOUNDARY, NULL },
	{ "ends with a space", "multipart/form-data; boundary=\"ab \"",
	  SG_MP_BADBOUNDARY, NULL },
	{ "not a bchar", "multipart/form-data; boundary=a@b",
	  SG_MP_BADBOUNDARY, NULL },
	{ "CR inside", "multipart/form-data; boundary=\"a\rb\"",
	  SG_MP_BADBOUNDARY, NULL },
	{ "duplicate boundary", "multipart/form-data; boundary=a; boundary=b",
	  SG_MP_BADBOUNDARY, NULL },
	{ "unterminated quote", "multipart/form-data; boundary=\"abc",
	  SG_MP_BADCTYPE, NULL },
	{ "no boundary", "multipart/form-data", SG_MP_NOBOUNDARY, NULL },
	{ "no boundary, other parameter", "multipart/form-data; charset=x",
	  SG_MP_NOBOUNDARY, NULL },
	{ "trailing semicolon", "multipart/form-data;", SG_MP_NOBOUNDARY,
	  NULL },
	{ "mixed", "multipart/mixed; boundary=a", SG_MP_BADCTYPE, NULL },
	{ "urlencoded", "application/x-www-form-urlencoded", SG_MP_BADCTYPE,
	  NULL },
	{ "longer type", "multipart/form-datax; boundary=a", SG_MP_BADCTYPE,
	  NULL },
	{ "empty header", "", SG_MP_BADCTYPE, NULL },
	{ "NULL header", NULL, SG_MP_BADCTYPE, NULL },
	{ "parameter without value", "multipart/form-data; boundary",
	  SG_MP_BADCTYPE, NULL },
	{ "junk instead of semicolon", "multipart/form-data boundary=a",
	  SG_MP_BADCTYPE, NULL },
};

static void
test_mp_boundary(void)
{
	const struct boundary_case	*c;
	struct sg_mp			*p;
	char				 b[SG_MP_MAX_BOUNDARY + 1];
	size_t				 i;
	int				 rc, err;

	for (i = 0; i < sizeof(boundary_cases) / sizeof(boundary_cases[0]);
	    i++) {
		c = &boundary_cases[i];
		rc = sg_mp_boundary(c->ctype, b);
		if (rc != c->rc)
			fprintf(stderr, "boundary case \"%s\": %d\n",
			    c->what, rc);
		CU_ASSERT_EQUAL(rc, c->rc);
		if (rc == SG_MP_OK && c->boundary != NULL)
			CU_ASSERT_STRING_EQUAL(b, c->boundary);
		p = sg_mp_new(c->ctype, NULL, NULL, &err);
		CU_ASSERT_EQUAL(err, c->rc);
		CU_ASSERT_EQUAL(p == NULL, c->rc != SG_MP_OK);
		sg_mp_free(p);
	}
}

/* ---- the parser, with a recording of the callbacks ---- */

struct rec {
	struct sg_buf	 log;
	int		 begins, ends;
};

static int
rec_begin(void *arg, const struct sg_mp_part *part)
{
	struct rec	*r = arg;

	r->begins++;
	sg_buf_printf(&r->log, "<%zu:%s|%s|%s>", part->index, part->name,
	    part->filename == NULL ? "-" : part->filename, part->ctype);
	return 0;
}

static int
rec_data(void *arg, const struct sg_mp_part *part, const char *d, size_t n)
{
	struct rec	*r = arg;

	(void)part;
	CU_ASSERT(n > 0);
	sg_buf_add(&r->log, d, n);
	return 0;
}

static int
rec_end(void *arg, const struct sg_mp_part *part)
{
	struct rec	*r = arg;

	(void)part;
	r->ends++;
	sg_buf_adds(&r->log, "</>");
	return 0;
}

static const struct sg_mp_callbacks rec_cb = { rec_begin, rec_data, rec_end };

struct mp_case {
	const char	*what;
	const char	*body;
	size_t		 len;
	int		 rc;
	const char	*log;	/* the callbacks seen, also on error */
};

static const struct mp_case mp_cases[] = {
	{ "one field",
	  B("--XyZ\r\n" CD "name=\"a\"\r\n\r\nhello\r\n--XyZ--\r\n"),
	  SG_MP_OK, "<0:a|-|text/plain>hello</>" },
	{ "no CRLF after the close delimiter",
	  B("--XyZ\r\n" CD "name=\"a\"\r\n\r\nhello\r\n--XyZ--"),
	  SG_MP_OK, "<0:a|-|text/plain>hello</>" },
	{ "fields and a file",
	  B("--XyZ\r\n" CD "name=\"title\"\r\n\r\nBig goal\r\n"
	  "--XyZ\r\n" CD "name=\"photo\"; filename=\"a.png\"\r\n"
	  "Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\r\n"
	  "--XyZ\r\n" CD "name=\"n\"\r\n\r\n\r\n--XyZ--\r\n"),
	  SG_MP_OK, "<0:title|-|text/plain>Big goal</>"
	  "<1:photo|a.png|image/png>\x89PNG\r\n\x1a\n</><2:n|-|text/plain></>" },
	{ "preamble and epilogue ignored",
	  B("This is the preamble.\r\n--XyZ\r\n" CD "name=a\r\n\r\nx\r\n"
	  "--XyZ--\r\nepilogue --XyZ\r\njunk\r\n--XyZ--"),
	  SG_MP_OK, "<0:a|-|text/plain>x</>" },
	{ "preamble that almost is a delimiter",
	  B("\r\n--XyQ\r\r\n--X\r\n--XyZ\r\n" CD "name=a\r\n\r\nx\r\n--XyZ--"),
	  SG_MP_OK, "<0:a|-|text/plain>x</>" },
	{ "first delimiter after a CRLF",
	  B("\r\n--XyZ\r\n" CD "name=a\r\n\r\nx\r\n--XyZ--"),
	  SG_MP_OK, "<0:a|-|text/plain>x</>" },
	{ "transport padding after delimiters",
	  B("--XyZ \t \r\n" CD "name=a\r\n\r\nx\r\n--XyZ  \r\n" CD
	  "name=b\r\n\r\ny\r\n--XyZ--"),
	  SG_MP_OK, "<0:a|-|text/plain>x</><1:b|-|text/plain>y</>" },
	{ "data holding partial delimiters",
	  B("--XyZ\r\n" CD "name=a\r\n\r\n\r\n--Xy!\r\r\n--X\r\n-\r\n--XyZZ"
	  "\r\n--XyZ--"),
	  SG_MP_BADDELIM,
	  "<0:a|-|text/plain>\r\n--Xy!\r\r\n--X\r\n-</>" },
	{ "data holding partial delimiters, then a good end",
	  B("--XyZ\r\n" CD "name=a\r\n\r\n\r\n--Xy!\r\r\n--X\r\n-a--XyZ"
	  "\r\n--XyZ--"),
	  SG_MP_OK, "<0:a|-|text/plain>\r\n--Xy!\r\r\n--X\r\n-a--XyZ</>" },
	{ "data ending in CR",
	  B("--XyZ\r\n" CD "name=a\r\n\r\nabc\r\r\n--XyZ--"),
	  SG_MP_OK, "<0:a|-|text/plain>abc\r</>" },
	{ "binary data with NUL bytes",
	  B("--XyZ\r\n" CD "name=f; filename=b.bin\r\n\r\n\0\x01\0\xff\r\n"
	  "--XyZ--"),
	  SG_MP_OK, NULL },
	{ "empty value", B("--XyZ\r\n" CD "name=a\r\n\r\n\r\n--XyZ--"),
	  SG_MP_OK, "<0:a|-|text/plain></>" },
	{ "no parts at all", B("--XyZ--\r\n"), SG_MP_OK, "" },
	{ "names case-insensitive",
	  B("--XyZ\r\ncontent-disposition: FORM-DATA; NAME=\"a\"; "
	  "FileName=\"f.txt\"\r\nCONTENT-TYPE: text/csv \r\n\r\nx\r\n"
	  "--XyZ--"),
	  SG_MP_OK, "<0:a|f.txt|text/csv>x</>" },
	{ "other headers and parameters ignored",
	  B("--XyZ\r\nX-Thing: 1\r\nContent-Transfer-Encoding: 8bit\r\n"
	  CD "size=3; name=a; creation-date=\"x;y\"\r\n\r\nx\r\n--XyZ--"),
	  SG_MP_OK, "<0:a|-|text/plain>x</>" },
	{ "quoted values keep semicolons, spaces, backslashes",
	  B("--XyZ\r\n" CD "name=\"a b;c\"; filename=\"C:\\dir\\f.png\"\r\n"
	  "\r\nx\r\n--XyZ--"),
	  SG_MP_OK, "<0:a b;c|C:\\dir\\f.png|text/plain>x</>" },
	{ "empty filename", B("--XyZ\r\n" CD "name=f; filename=\"\"\r\n"
	  "Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ--"),
	  SG_MP_OK, "<0:f||application/octet-stream></>" },
	{ "utf-8 filename", B("--XyZ\r\n" CD "name=f; filename=\"\xc3\xa9.png\""
	  "\r\n\r\nx\r\n--XyZ--"),
	  SG_MP_OK, "<0:f|\xc3\xa9.png|text/plain>x</>" },
	{ "header with tab", B("--XyZ\r\nContent-Disposition:\tform-data;\t"
	  "name=a\r\n\r\nx\r\n--XyZ--"), SG_MP_OK, "<0:a|-|text/plain>x</>" },
	/* errors */
	{ "empty body", "", 0, SG_MP_NOFINAL, "" },
	{ "no delimiter at all", B("hello world"), SG_MP_NOFINAL, "" },
	{ "ends inside data", B("--XyZ\r\n" CD "name=a\r\n\r\nhel"),
	  SG_MP_NOFINAL, "<0:a|-|text/plain>hel" },
	{ "ends inside a held-back delimiter",
	  B("--XyZ\r\n" CD "name=a\r\n\r\nhel\r\n--Xy"),
	  SG_MP_NOFINAL, "<0:a|-|text/plain>hel" },
	{ "ends after a delimiter", B("--XyZ\r\n" CD "name=a\r\n\r\nx\r\n--XyZ"),
	  SG_MP_NOFINAL, "<0:a|-|text/plain>x</>" },
	{ "ends after one dash",
	  B("--XyZ\r\n" CD "name=a\r\n\r\nx\r\n--XyZ-"),
	  SG_MP_NOFINAL, "<0:a|-|text/plain>x</>" },
	{ "ends inside headers", B("--XyZ\r\n" CD "name=a\r\n"),
	  SG_MP_NOFINAL, "" },
	{ "junk after delimiter", B("--XyZx\r\n"), SG_MP_BADDELIM, "" },
	{ "one dash then junk", B("--XyZ-x"), SG_MP_BADDELIM, "" },
	{ "padding then junk", B("--XyZ  x\r\n"), SG_MP_BADDELIM, "" },
	{ "CR without LF after delimiter", B("--XyZ\rx"), SG_MP_BADDELIM, "" },
	{ "no headers", B("--XyZ\r\n\r\nx\r\n--XyZ--"),
	  SG_MP_BADDISPOSITION, "" },
	{ "no Content-Disposition", B("--XyZ\r\nContent-Type: text/plain\r\n"
	  "\r\nx\r\n--XyZ--"), SG_MP_BADDISPOSITION, "" },
	{ "attachment disposition", B("--XyZ\r\nContent-Disposition: "
	  "attachment; name=a\r\n\r\nx\r\n--XyZ--"),
	  SG_MP_BADDISPOSITION, "" },
	{ "no name", B("--XyZ\r\n" CD "filename=a.png\r\n\r\nx\r\n--XyZ--"),
	  SG_MP_NONAME, "" },
	{ "header without colon", B("--XyZ\r\nContent-Disposition form-data"
	  "\r\n\r\n"), SG_MP_BADHEADER, "" },
	{ "space before colon", B("--XyZ\r\nContent-Disposition : form-data;"
	  " name=a\r\n\r\n"), SG_MP_BADHEADER, "" },
	{ "empty header name", B("--XyZ\r\n: x\r\n\r\n"), SG_MP_BADHEADER, "" },
	{ "folded header", B("--XyZ\r\n" CD "\r\n name=a\r\n\r\n"),
	  SG_MP_BADHEADER, "" },
	{ "bare LF in headers", B("--XyZ\r\n" CD "name=a\n\r\n"),
	  SG_MP_BADHEADER, "" },
	{ "CR without LF in headers", B("--XyZ\r\n" CD "name=a\rx\r\n\r\n"),
	  SG_MP_BADHEADER, "" },
	{ "NUL in headers", B("--XyZ\r\n" CD "name=a\0\r\n\r\n"),
	  SG_MP_BADHEADER, "" },
	{ "control character in header value",
	  B("--XyZ\r\n" CD "name=a\x01\r\n\r\n"), SG_MP_BADHEADER, "" },
	{ "duplicate Content-Disposition", B("--XyZ\r\n" CD "name=a\r\n"
	  CD "name=b\r\n\r\n"), SG_MP_BADHEADER, "" },
	{ "duplicate Content-Type", B("--XyZ\r\n" CD "name=a\r\n"
	  "Content-Type: a/b\r\nContent-Type: c/d\r\n\r\n"),
	  SG_MP_BADHEADER, "" },
	{ "empty Content-Type", B("--XyZ\r\n" CD "name=a\r\nContent-Type: "
	  "\r\n\r\n"), SG_MP_BADHEADER, "" },
	{ "duplicate name parameter", B("--XyZ\r\n" CD "name=a; name=b\r\n"
	  "\r\n"), SG_MP_BADHEADER, "" },
	{ "unterminated quote", B("--XyZ\r\n" CD "name=\"a\r\n\r\n"),
	  SG_MP_BADHEADER, "" },
	{ "parameter without =", B("--XyZ\r\n" CD "name\r\n\r\n"),
	  SG_MP_BADHEADER, "" },
	{ "parameter with empty value", B("--XyZ\r\n" CD "name=\r\n\r\n"),
	  SG_MP_BADHEADER, "" },
	{ "junk between parameters", B("--XyZ\r\n" CD "name=a b=c\r\n\r\n"),
	  SG_MP_BADHEADER, "" },
	{ "error in the second part keeps the first",
	  B("--XyZ\r\n" CD "name=a\r\n\r\nx\r\n--XyZ\r\nbad\r\n\r\n"),
	  SG_MP_BADHEADER, "<0:a|-|text/plain>x</>" },
};

/* A tiny deterministic generator for chunk sizes. */
static unsigned
next_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 16) & 0x7fff;
}

/*
 * Feed body to a fresh parser in chunks: chunk 0 means all at once, 1
 * byte by byte, anything else random sizes from 0 to chunk drawn with
 * seed.  Returns the final code (feed errors included) and the log in r.
 */
static int
run_parser(const char *ctype, const char *body, size_t len, size_t chunk,
    unsigned seed, struct rec *r, struct sg_mp **keep)
{
	struct sg_mp	*p;
	size_t		 off, n;
	int		 rc, err;

	sg_buf_init(&r->log, 0);
	r->begins = r->ends = 0;
	if ((p = sg_mp_new(ctype, &rec_cb, r, &err)) == NULL)
		return err;
	rc = SG_MP_OK;
	for (off = 0; off < len && rc == SG_MP_OK; off += n) {
		if (chunk == 0)
			n = len;
		else if (chunk == 1)
			n = 1;
		else
			n = next_rand(&seed) % (chunk + 1);
		if (n > len - off)
			n = len - off;
		rc = sg_mp_feed(p, body + off, n);
	}
	if (rc == SG_MP_OK)
		rc = sg_mp_finish(p);
	if (keep != NULL)
		*keep = p;
	else
		sg_mp_free(p);
	return rc;
}

static void
test_mp_cases(void)
{
	const struct mp_case	*c;
	struct rec		 whole, r;
	size_t			 i, chunks[] = { 1, 2, 3, 7, 64 };
	size_t			 k;
	unsigned		 seed;
	int			 rc;

	for (i = 0; i < sizeof(mp_cases) / sizeof(mp_cases[0]); i++) {
		c = &mp_cases[i];
		rc = run_parser(CT, c->body, c->len, 0, 0, &whole, NULL);
		if (rc != c->rc || (c->log != NULL &&
		    strcmp(whole.log.data ? whole.log.data : "", c->log)))
			fprintf(stderr, "case \"%s\": %d (%s), log \"%s\"\n",
			    c->what, rc, sg_mp_strerror(rc),
			    whole.log.data ? whole.log.data : "");
		CU_ASSERT_EQUAL(rc, c->rc);
		if (c->log != NULL)
			CU_ASSERT_STRING_EQUAL(whole.log.data ?
			    whole.log.data : "", c->log);
		if (rc == SG_MP_OK)
			CU_ASSERT_EQUAL(whole.begins, whole.ends);
		/* the same result however the body is cut */
		for (k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++)
			for (seed = 1; seed <= (chunks[k] == 1 ? 1u : 8u);
			    seed++) {
				rc = run_parser(CT, c->body, c->len,
				    chunks[k], seed, &r, NULL);
				CU_ASSERT_EQUAL(rc, c->rc);
				CU_ASSERT_EQUAL(r.log.len, whole.log.len);
				if (r.log.len == whole.log.len &&
				    r.log.len > 0)
					CU_ASSERT(memcmp(r.log.data,
					    whole.log.data, r.log.len) == 0);
				sg_buf_free(&r.log);
			}
		sg_buf_free(&whole.log);
	}
}

static void
test_mp_binary_log(void)
{
	struct rec	 r;
	static const char want[] = "<0:f|b.bin|text/plain>\0\x01\0\xff</>";
	int		 rc;

	rc = run_parser(CT, mp_cases[10].body, mp_cases[10].len, 1, 0, &r,
	    NULL);
	CU_ASSERT_EQUAL(rc, SG_MP_OK);
	CU_ASSERT_EQUAL(r.log.len, sizeof(want) - 1);
	CU_ASSERT(r.log.len == sizeof(want) - 1 &&
	    memcmp(r.log.data, want, r.log.len) == 0);
	sg_buf_free(&r.log);
}

/* A body of n parts "--XyZ\r\n<CD>name=pN\r\n\r\nN\r\n" ... "--XyZ--". */
static void
make_parts(struct sg_buf *b, int n)
{
	int	 i;

	sg_buf_init(b, 0);
	for (i = 0; i < n; i++)
		sg_buf_printf(b, "--XyZ\r\n" CD "name=p%d\r\n\r\n%d\r\n", i, i);
	sg_buf_adds(b, "--XyZ--\r\n");
}

static void
test_mp_limits(void)
{
	struct sg_buf	 b;
	struct rec	 r;
	struct sg_mp	*p;
	int		 i;

	make_parts(&b, SG_MP_MAX_PARTS);
	CU_ASSERT_EQUAL(run_parser(CT, b.data, b.len, 0, 0, &r, &p),
	    SG_MP_OK);
	CU_ASSERT_EQUAL(r.begins, SG_MP_MAX_PARTS);
	CU_ASSERT_EQUAL(sg_mp_nparts(p), SG_MP_MAX_PARTS);
	sg_mp_free(p);
	sg_buf_free(&r.log);
	sg_buf_free(&b);
	make_parts(&b, SG_MP_MAX_PARTS + 1);
	CU_ASSERT_EQUAL(run_parser(CT, b.data, b.len, 7, 3, &r, NULL),
	    SG_MP_TOOMANYPARTS);
	CU_ASSERT_EQUAL(r.begins, SG_MP_MAX_PARTS);
	sg_buf_free(&r.log);
	sg_buf_free(&b);

	/* header lines: the most allowed, then one more */
	sg_buf_init(&b, 0);
	sg_buf_adds(&b, "--XyZ\r\n" CD "name=a\r\n");
	for (i = 1; i < SG_MP_MAX_HEADERS; i++)
		sg_buf_printf(&b, "X-H%d: v\r\n", i);
	sg_buf_adds(&b, "\r\nx\r\n--XyZ--");
	CU_ASSERT_EQUAL(run_parser(CT, b.data, b.len, 0, 0, &r, NULL),
	    SG_MP_OK);
	sg_buf_free(&r.log);
	sg_buf_reset(&b);
	sg_buf_adds(&b, "--XyZ\r\n" CD "name=a\r\n");
	for (i = 1; i <= SG_MP_MAX_HEADERS; i++)
		sg_buf_printf(&b, "X-H%d: v\r\n", i);
	sg_buf_adds(&b, "\r\nx\r\n--XyZ--");
	CU_ASSERT_EQUAL(run_parser(CT, b.data, b.len, 0, 0, &r, NULL),
	    SG_MP_TOOMANYHEADERS);
	sg_buf_free(&r.log);

	/* header bytes: exactly the cap (CRLFs included), then one more */
	sg_buf_reset(&b);
	sg_buf_adds(&b, "--XyZ\r\n" CD "name=a\r\nX-Pad: ");
	while (b.len < 7 + SG_MP_MAX_HEADER_BYTES - 4)
		sg_buf_addc(&b, 'p');
	sg_buf_adds(&b, "\r\n\r\nx\r\n--XyZ--");
	CU_ASSERT_EQUAL(run_parser(CT, b.data, b.len, 0, 0, &r, NULL),
	    SG_MP_OK);
	sg_buf_free(&r.log);
	sg_buf_reset(&b);
	sg_buf_adds(&b, "--XyZ\r\n" CD "name=a\r\nX-Pad: ");
	while (b.len < 7 + SG_MP_MAX_HEADER_BYTES - 3)
		sg_buf_addc(&b, 'p');
	sg_buf_adds(&b, "\r\n\r\nx\r\n--XyZ--");
	CU_ASSERT_EQUAL(run_parser(CT, b.data, b.len, 1, 0, &r, NULL),
	    SG_MP_HEADERTOOBIG);
	sg_buf_free(&r.log);
	/* one endless header line is stopped at the cap, not buffered */
	sg_buf_reset(&b);
	sg_buf_adds(&b, "--XyZ\r\nX: ");
	while (b.len < 100000)
		sg_buf_addc(&b, 'p');
	CU_ASSERT_EQUAL(run_parser(CT, b.data, b.len, 0, 0, &r, NULL),
	    SG_MP_HEADERTOOBIG);
	sg_buf_free(&r.log);
	sg_buf_free(&b);
}

/* Long data: the delimiter is still found across any chunking. */
static void
test_mp_long_data(void)
{
	struct sg_buf	 b;
	struct rec	 r;
	size_t		 i;

	sg_buf_init(&b, 0);
	sg_buf_adds(&b, "--XyZ\r\n" CD "name=f; filename=big\r\n\r\n");
	for (i = 0; i < 20000; i++)
		sg_buf_addc(&b, "\r\n-XyZ"[i % 6]);
	sg_buf_adds(&b, "\r\n--XyZ--");
	CU_ASSERT_EQUAL(run_parser(CT, b.data, b.len, 300, 5, &r, NULL),
	    SG_MP_OK);
	CU_ASSERT_EQUAL(r.log.len, strlen("<0:f|big|text/plain></>") + 20000);
	sg_buf_free(&r.log);
	sg_buf_free(&b);
}

/* ---- callback verdicts, misuse ---- */

struct stopper {
	int	 where;		/* 0 begin, 1 data, 2 end */
	int	 verdict;
	int	 calls;
};

static int
stop_begin(void *arg, const struct sg_mp_part *part)
{
	struct stopper	*s = arg;

	(void)part;
	s->calls++;
	return s->where == 0 ? s->verdict : 0;
}

static int
stop_data(void *arg, const struct sg_mp_part *part, const char *d, size_t n)
{
	struct stopper	*s = arg;

	(void)part;
	(void)d;
	(void)n;
	s->calls++;
	return s->where == 1 ? s->verdict : 0;
}

static int
stop_end(void *arg, const struct sg_mp_part *part)
{
	struct stopper	*s = arg;

	(void)part;
	s->calls++;
	return s->where == 2 ? s->verdict : 0;
}

static void
test_mp_verdicts(void)
{
	static const struct sg_mp_callbacks cb = {
		stop_begin, stop_data, stop_end
	};
	static const char body[] = "--XyZ\r\n" CD "name=a\r\n\r\nxyz\r\n"
	    "--XyZ\r\n" CD "name=b\r\n\r\nxyz\r\n--XyZ--";
	struct stopper	 s;
	struct sg_mp	*p;
	int		 where, err;

	for (where = 0; where < 3; where++) {
		s.where = where;
		s.verdict = 1;
		s.calls = 0;
		p = sg_mp_new(CT, &cb, &s, &err);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		CU_ASSERT_EQUAL(sg_mp_feed(p, body, sizeof(body) - 1),
		    SG_MP_ABORTED);
		CU_ASSERT_EQUAL(s.calls, where + 1);	/* no call after */
		CU_ASSERT_EQUAL(sg_mp_feed(p, "x", 1), SG_MP_ABORTED);
		CU_ASSERT_EQUAL(sg_mp_finish(p), SG_MP_ABORTED);
		CU_ASSERT_EQUAL(sg_mp_error(p), SG_MP_ABORTED);
		CU_ASSERT_EQUAL(s.calls, where + 1);
		sg_mp_free(p);
	}
	/* a negative verdict becomes the error code */
	s.where = 1;
	s.verdict = SG_MP_FILETOOBIG;
	s.calls = 0;
	p = sg_mp_new(CT, &cb, &s, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(sg_mp_feed(p, body, sizeof(body) - 1),
	    SG_MP_FILETOOBIG);
	sg_mp_free(p);
	/* no callbacks at all is fine */
	p = sg_mp_new(CT, NULL, NULL, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(sg_mp_feed(p, body, sizeof(body) - 1), SG_MP_OK);
	CU_ASSERT_EQUAL(sg_mp_feed(p, NULL, 0), SG_MP_OK);
	CU_ASSERT_EQUAL(sg_mp_finish(p), SG_MP_OK);
	CU_ASSERT_EQUAL(sg_mp_finish(p), SG_MP_OK);
	CU_ASSERT_EQUAL(sg_mp_nparts(p), 2);
	CU_ASSERT_EQUAL(sg_mp_feed(p, "x", 1), SG_MP_MISUSE);
	CU_ASSERT_EQUAL(sg_mp_finish(p), SG_MP_MISUSE);
	sg_mp_free(p);
	sg_mp_free(NULL);
	CU_ASSERT_EQUAL(sg_mp_feed(NULL, "x", 1), SG_MP_MISUSE);
	CU_ASSERT_EQUAL(sg_mp_finish(NULL), SG_MP_MISUSE);
}

/* ---- the collector ---- */

static const char form_body[] =
    "--XyZ\r\n" CD "name=\"title\"\r\n\r\nStretch \xe2\x82\xac\r\n"
    "--XyZ\r\n" CD "name=\"product\"\r\n\r\np-1\r\n"
    "--XyZ\r\n" CD "name=\"empty_file\"; filename=\"\"\r\n"
    "Content-Type: application/octet-stream\r\n\r\n\r\n"
    "--XyZ\r\n" CD "name=\"photo\"; filename=\"cat.gif\"\r\n"
    "Content-Type: image/gif\r\n\r\nGIF89a\x01\0\x01\0\0\0\0\r\n"
    "--XyZ\r\n" CD "name=\"product\"\r\n\r\np-2\r\n"
    "--XyZ\r\n" CD "name=\"csrf\"\r\n\r\n\r\n"
    "--XyZ--\r\n";

static void
check_collected(const struct sg_mp_form *f)
{
	const char	*v[3];

	CU_ASSERT_EQUAL(f->fields.npairs, 4);
	CU_ASSERT_STRING_EQUAL(sg_form_get(&f->fields, "title"),
	    "Stretch \xe2\x82\xac");
	CU_ASSERT_EQUAL(sg_form_get_all(&f->fields, "product", v, 3), 2);
	CU_ASSERT_STRING_EQUAL(v[0], "p-1");
	CU_ASSERT_STRING_EQUAL(v[1], "p-2");
	CU_ASSERT_STRING_EQUAL(sg_form_get(&f->fields, "csrf"), "");
	CU_ASSERT_PTR_NULL(sg_form_get(&f->fields, "photo"));
	CU_ASSERT_PTR_NULL(sg_form_get(&f->fields, "empty_file"));
	CU_ASSERT_EQUAL_FATAL(f->has_file, 1);
	CU_ASSERT_STRING_EQUAL(f->file_field, "photo");
	CU_ASSERT_STRING_EQUAL(f->file_name, "cat.gif");
	CU_ASSERT_STRING_EQUAL(f->file_ctype, "image/gif");
	CU_ASSERT_EQUAL(f->file.len, 13);
	CU_ASSERT(f->file.len == 13 &&
	    memcmp(f->file.data, "GIF89a\x01\0\x01\0\0\0\0", 13) == 0);
}

static void
test_mp_form_collect(void)
{
	struct sg_mp_form	 f;
	struct sg_mp		*p;
	size_t			 i;
	int			 err;

	sg_mp_form_init(&f, 100);
	CU_ASSERT_EQUAL(sg_mp_form_parse(&f, CT, form_body,
	    sizeof(form_body) - 1), SG_MP_OK);
	check_collected(&f);
	sg_mp_form_free(&f);
	sg_mp_form_free(&f);
	sg_mp_form_free(NULL);

	/* streamed byte by byte through sg_mp_new_form() */
	sg_mp_form_init(&f, 100);
	p = sg_mp_new_form(CT, &f, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (i = 0; i < sizeof(form_body) - 1; i++)
		CU_ASSERT_EQUAL(sg_mp_feed(p, form_body + i, 1), SG_MP_OK);
	CU_ASSERT_EQUAL(sg_mp_finish(p), SG_MP_OK);
	sg_mp_free(p);
	check_collected(&f);
	sg_mp_form_free(&f);

	/* bad Content-Type */
	sg_mp_form_init(&f, 100);
	CU_ASSERT_EQUAL(sg_mp_form_parse(&f, "text/plain", form_body,
	    sizeof(form_body) - 1), SG_MP_BADCTYPE);
	CU_ASSERT_PTR_NULL(sg_mp_new_form("multipart/form-data", &f, &err));
	CU_ASSERT_EQUAL(err, SG_MP_NOBOUNDARY);
	sg_mp_form_free(&f);
}

struct collect_case {
	const char	*what;
	const char	*body;
	size_t		 len;
	size_t		 file_cap;
	int		 rc;
	int		 has_file;
};

static const struct collect_case collect_cases[] = {
	{ "file at the cap", B("--XyZ\r\n" CD "name=f; filename=a\r\n\r\n"
	  "0123456789\r\n--XyZ--"), 10, SG_MP_OK, 1 },
	{ "file one over the cap", B("--XyZ\r\n" CD "name=f; filename=a\r\n"
	  "\r\n0123456789x\r\n--XyZ--"), 10, SG_MP_FILETOOBIG, 1 },
	{ "empty file", B("--XyZ\r\n" CD "name=f; filename=a\r\n\r\n\r\n"
	  "--XyZ--"), 10, SG_MP_OK, 1 },
	{ "two files", B("--XyZ\r\n" CD "name=f; filename=a\r\n\r\nx\r\n"
	  "--XyZ\r\n" CD "name=g; filename=b\r\n\r\ny\r\n--XyZ--"), 10,
	  SG_MP_TOOMANYFILES, 1 },
	{ "two empty file inputs", B("--XyZ\r\n" CD "name=f; filename=\"\""
	  "\r\n\r\n\r\n--XyZ\r\n" CD "name=g; filename=\"\"\r\n\r\n\r\n"
	  "--XyZ--"), 10, SG_MP_OK, 0 },
	{ "data under an empty filename is a file",
	  B("--XyZ\r\n" CD "name=f; filename=\"\"\r\n\r\nabc\r\n--XyZ--"),
	  10, SG_MP_OK, 1 },
	{ "data under an empty filename after a file",
	  B("--XyZ\r\n" CD "name=f; filename=a\r\n\r\nx\r\n"
	  "--XyZ\r\n" CD "name=f; filename=\"\"\r\n\r\nabc\r\n--XyZ--"),
	  10, SG_MP_TOOMANYFILES, 1 },
	{ "field not utf-8", B("--XyZ\r\n" CD "name=a\r\n\r\n\xff\r\n--XyZ--"),
	  10, SG_MP_BADTEXT, 0 },
	{ "field with NUL", B("--XyZ\r\n" CD "name=a\r\n\r\nx\0y\r\n--XyZ--"),
	  10, SG_MP_BADTEXT, 0 },
	{ "field name not utf-8", B("--XyZ\r\n" CD "name=\"\xc3\"\r\n\r\nx\r\n"
	  "--XyZ--"), 10, SG_MP_BADTEXT, 0 },
	{ "binary file is fine", B("--XyZ\r\n" CD "name=f; filename=a\r\n\r\n"
	  "\0\xff\r\n--XyZ--"), 10, SG_MP_OK, 1 },
	{ "truncated body", B("--XyZ\r\n" CD "name=a\r\n\r\nx"), 10,
	  SG_MP_NOFINAL, 0 },
};

static void
test_mp_form_cases(void)
{
	const struct collect_case	*c;
	struct sg_mp_form		 f;
	size_t				 i;
	int				 rc;

	for (i = 0; i < sizeof(collect_cases) / sizeof(collect_cases[0]);
	    i++) {
		c = &collect_cases[i];
		sg_mp_form_init(&f, c->file_cap);
		rc = sg_mp_form_parse(&f, CT, c->body, c->len);
		if (rc != c->rc || f.has_file != c->has_file)
			fprintf(stderr, "collect case \"%s\": %d, file %d\n",
			    c->what, rc, f.has_file);
		CU_ASSERT_EQUAL(rc, c->rc);
		CU_ASSERT_EQUAL(f.has_file, c->has_file);
		sg_mp_form_free(&f);
	}
}

static void
test_mp_form_value_cap(void)
{
	struct sg_mp_form	 f;
	struct sg_buf		 b;
	size_t			 i, start;

	for (i = 0; i < 2; i++) {
		sg_buf_init(&b, 0);
		sg_buf_adds(&b, "--XyZ\r\n" CD "name=a\r\n\r\n");
		start = b.len;
		while (b.len < start + SG_MP_MAX_VALUE + i)
			sg_buf_addc(&b, 'v');
		sg_buf_adds(&b, "\r\n--XyZ--");
		sg_mp_form_init(&f, 0);
		CU_ASSERT_EQUAL(sg_mp_form_parse(&f, CT, b.data, b.len),
		    i == 0 ? SG_MP_OK : SG_MP_VALUETOOBIG);
		if (i == 0 && f.fields.npairs == 1)
			CU_ASSERT_EQUAL(f.fields.pairs[0].valuelen,
			    SG_MP_MAX_VALUE);
		if (i == 0)
			CU_ASSERT_EQUAL(f.fields.npairs, 1);
		sg_mp_form_free(&f);
		sg_buf_free(&b);
	}
}

static void
test_mp_strerror(void)
{
	int	 code;

	for (code = SG_MP_MISUSE; code <= SG_MP_OK; code++)
		CU_ASSERT_STRING_NOT_EQUAL(sg_mp_strerror(code),
		    "unknown multipart error");
	CU_ASSERT_STRING_EQUAL(sg_mp_strerror(-100),
	    "unknown multipart error");
}

static const struct unit_case cases[] = {
	{ "multipart", "boundary", test_mp_boundary },
	{ "multipart", "cases in any chunking", test_mp_cases },
	{ "multipart", "binary data", test_mp_binary_log },
	{ "multipart", "limits", test_mp_limits },
	{ "multipart", "long data", test_mp_long_data },
	{ "multipart", "callback verdicts", test_mp_verdicts },
	{ "multipart", "strerror", test_mp_strerror },
	{ "multipart collector", "collect", test_mp_form_collect },
	{ "multipart collector", "cases", test_mp_form_cases },
	{ "multipart collector", "value cap", test_mp_form_value_cap },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
