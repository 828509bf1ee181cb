/*
 * test_mustache.c — unit tests for render/mustache: every test of the
 * vendored Mustache spec files (tests/mustache-spec/, relative to $srcdir)
 * plus table-driven cases for escaping, numbers, parse errors, caps,
 * partial indentation, sets and directory loading.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"
#include <cJSON.h>

#include "util/buf.h"
#include "render/mustache.h"

/* Biggest spec file we accept to read. */
#define TEST_FILE_MAX	(1024 * 1024)

/* Record one assertion whose failure message is msg. */
static void
check(int ok, int line, const char *msg)
{
	CU_assertImplementation(ok ? CU_TRUE : CU_FALSE, (unsigned)line, msg,
	    __FILE__, "", CU_FALSE);
}

/* Read a whole file into a malloc'd NUL-terminated string, or NULL. */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if ((buf = malloc(TEST_FILE_MAX + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, TEST_FILE_MAX, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/*
 * Render template src with JSON data (a JSON text, NULL for none) and the
 * partials of JSON object partials (may be NULL).  Returns the render
 * status; *outp gets the malloc'd output (caller frees) when not NULL.
 */
static int
render_str(const char *src, const char *data, const char *partials,
    size_t cap, char **outp, struct mst_error *err)
{
	struct mst_template	*t;
	struct mst_set		*set = NULL;
	cJSON			*d = NULL, *pj = NULL, *e;
	struct sg_buf		 out;
	int			 rc;

	sg_buf_init(&out, cap);
	if (outp != NULL)
		*outp = NULL;
	if ((t = mst_parse(src, strlen(src), err)) == NULL)
		return err->code;
	if (data != NULL && (d = cJSON_Parse(data)) == NULL) {
		mst_free(t);
		return -100;
	}
	if (partials != NULL) {
		pj = cJSON_Parse(partials);
		set = mst_set_new();
		cJSON_ArrayForEach(e, pj)
			if (mst_set_add(set, e->string, e->valuestring,
			    strlen(e->valuestring), err) != MST_OK) {
				cJSON_Delete(d);
				cJSON_Delete(pj);
				mst_set_free(set);
				mst_free(t);
				return -101;
			}
	}
	rc = mst_render(t, d, set, &out, err);
	if (outp != NULL)
		*outp = sg_buf_steal(&out, NULL);
	sg_buf_free(&out);
	cJSON_Delete(d);
	cJSON_Delete(pj);
	mst_set_free(set);
	mst_free(t);
	return rc;
}

/* ------------------------------------------------------------------ */

/*
 * Run every test of one spec file: template + data + partials must
 * render to expected.  One assertion per spec test, named after it.
 */
static void
run_spec_file(const char *file)
{
	const char	*srcdir;
	char		 path[1024], msg[512];
	char		*text;
	cJSON		*doc, *tests, *tc, *p;
	const cJSON	*tmpl, *exp, *name, *parts;
	struct mst_template *t;
	struct mst_set	*set;
	struct mst_error err;
	struct sg_buf	 out;
	int		 rc, ok, ntests = 0;

	if ((srcdir = getenv("srcdir")) == NULL)
		srcdir = ".";
	snprintf(path, sizeof(path), "%s/tests/mustache-spec/%s", srcdir, file);
	text = slurp(path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	doc = cJSON_Parse(text);
	free(text);
	CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
	tests = cJSON_GetObjectItemCaseSensitive(doc, "tests");
	CU_ASSERT_FATAL(cJSON_IsArray(tests));

	cJSON_ArrayForEach(tc, tests) {
		name = cJSON_GetObjectItemCaseSensitive(tc, "name");
		tmpl = cJSON_GetObjectItemCaseSensitive(tc, "template");
		exp = cJSON_GetObjectItemCaseSensitive(tc, "expected");
		parts = cJSON_GetObjectItemCaseSensitive(tc, "partials");
		ntests++;
		snprintf(msg, sizeof(msg), "spec %s: \"%s\"", file,
		    cJSON_IsString(name) ? name->valuestring : "?");
		if (!cJSON_IsString(tmpl) || !cJSON_IsString(exp)) {
			check(0, __LINE__, msg);
			continue;
		}
		set = mst_set_new();
		ok = set != NULL;
		cJSON_ArrayForEach(p, parts)
			if (ok && (!cJSON_IsString(p) || mst_set_add(set,
			    p->string, p->valuestring,
			    strlen(p->valuestring), &err) != MST_OK))
				ok = 0;
		t = mst_parse(tmpl->valuestring, strlen(tmpl->valuestring),
		    &err);
		sg_buf_init(&out, 0);
		rc = ok && t != NULL ? mst_render(t,
		    cJSON_GetObjectItemCaseSensitive(tc, "data"), set, &out,
		    &err) : MST_ERR_SYNTAX;
		ok = rc == MST_OK &&
		    strlen(exp->valuestring) == out.len &&
		    (out.len == 0 ||
		     memcmp(out.data, exp->valuestring, out.len) == 0);
		if (!ok)
			fprintf(stderr, "\nFAIL %s\n  rc %d (%s)\n"
			    "  expected [%s]\n  got      [%s]\n", msg, rc,
			    err.message, exp->valuestring,
			    out.data == NULL ? "" : out.data);
		check(ok, __LINE__, msg);
		sg_buf_free(&out);
		mst_free(t);
		mst_set_free(set);
	}
	CU_ASSERT(ntests > 0);
	cJSON_Delete(doc);
}

static void test_spec_comments(void) { run_spec_file("comments.json"); }
static void test_spec_delimiters(void) { run_spec_file("delimiters.json"); }
static void test_spec_interpolation(void) { run_spec_file("interpolation.json"); }
static void test_spec_inverted(void) { run_spec_file("inverted.json"); }
static void test_spec_partials(void) { run_spec_file("partials.json"); }
static void test_spec_sections(void) { run_spec_file("sections.json"); }

/* ------------------------------------------------------------------ */

struct render_case {
	const char	*what;
	const char	*tmpl;
	const char	*data;		/* JSON */
	const char	*partials;	/* JSON object or NULL */
	const char	*expected;
};

static const struct render_case render_cases[] = {
	{ "escape all five", "{{x}}", "{\"x\":\"&<>\\\"'\"}", NULL,
	  "&amp;&lt;&gt;&quot;&#39;" },
	{ "escape apostrophe alone", "{{x}}", "{\"x\":\"it's\"}", NULL,
	  "it&#39;s" },
	{ "escape in text run", "{{x}}", "{\"x\":\"a<b>c&&d\"}", NULL,
	  "a&lt;b&gt;c&amp;&amp;d" },
	{ "no escape for plain", "{{x}}", "{\"x\":\"plain text 123\"}", NULL,
	  "plain text 123" },
	{ "triple is raw", "{{{x}}}", "{\"x\":\"&<>\\\"'\"}", NULL,
	  "&<>\"'" },
	{ "ampersand is raw", "{{&x}}", "{\"x\":\"&<>\\\"'\"}", NULL,
	  "&<>\"'" },
	{ "utf-8 passes", "{{x}}", "{\"x\":\"caf\\u00e9 \\u20ac\"}", NULL,
	  "caf\xc3\xa9 \xe2\x82\xac" },
	{ "number 1.210", "{{x}}", "{\"x\":1.210}", NULL, "1.21" },
	{ "number 85", "{{x}}", "{\"x\":85}", NULL, "85" },
	{ "number 85.0", "{{x}}", "{\"x\":85.0}", NULL, "85" },
	{ "number negative", "{{x}}", "{\"x\":-3}", NULL, "-3" },
	{ "number zero", "{{x}}", "{\"x\":0}", NULL, "0" },
	{ "number minus zero", "{{x}}", "{\"x\":-0.0}", NULL, "0" },
	{ "number 0.1", "{{x}}", "{\"x\":0.1}", NULL, "0.1" },
	{ "number big int", "{{x}}", "{\"x\":123456789012}", NULL,
	  "123456789012" },
	{ "number 1.5e308", "{{x}}", "{\"x\":1.5e308}", NULL, "1.5e+308" },
	{ "number -2.5e-300", "{{x}}", "{\"x\":-2.5e-300}", NULL,
	  "-2.5e-300" },
	{ "number 1e20", "{{x}}", "{\"x\":1e20}", NULL, "1e+20" },
	{ "number 1/3", "{{x}}", "{\"x\":0.3333333333333333}", NULL,
	  "0.3333333333333333" },
	{ "true prints", "{{x}}", "{\"x\":true}", NULL, "true" },
	{ "false prints", "{{x}}", "{\"x\":false}", NULL, "false" },
	{ "null prints nothing", "[{{x}}]", "{\"x\":null}", NULL, "[]" },
	{ "array prints nothing", "[{{x}}]", "{\"x\":[1]}", NULL, "[]" },
	{ "object prints nothing", "[{{x}}]", "{\"x\":{}}", NULL, "[]" },
	{ "no data at all", "[{{x}}{{.}}{{#x}}y{{/x}}{{^x}}n{{/x}}]", NULL,
	  NULL, "[n]" },
	{ "empty string is truthy", "{{#x}}T{{/x}}{{^x}}F{{/x}}",
	  "{\"x\":\"\"}", NULL, "T" },
	{ "zero is truthy", "{{#x}}T{{/x}}{{^x}}F{{/x}}", "{\"x\":0}", NULL,
	  "T" },
	{ "empty object is truthy", "{{#x}}T{{/x}}{{^x}}F{{/x}}",
	  "{\"x\":{}}", NULL, "T" },
	{ "keys are case sensitive", "[{{X}}]", "{\"x\":1}", NULL, "[]" },
	{ "section on scalar pushes it", "{{#n}}<{{.}}>{{/n}}",
	  "{\"n\":7}", NULL, "<7>" },
	{ "parent lookup from list item", "{{#l}}{{.}}{{sep}}{{/l}}",
	  "{\"l\":[1,2],\"sep\":\",\"}", NULL, "1,2," },
	{ "missing partial is empty", "[{{>nope}}]", "{}", "{}", "[]" },
	{ "no partial set", "[{{>nope}}]", "{}", NULL, "[]" },
	{ "partial names are not dotted", "[{{>a.b}}]", "{}",
	  "{\"a.b\":\"ab\"}", "[ab]" },
	{ "nested standalone partials add up",
	  "  {{>outer}}\n", "{}",
	  "{\"outer\":\"o1\\n {{>inner}}\\no2\\n\",\"inner\":\"i1\\ni2\\n\"}",
	  "  o1\n   i1\n   i2\n  o2\n" },
	{ "inline partial inside indented partial gets no indent",
	  "  {{>outer}}\n", "{}",
	  "{\"outer\":\"<{{>inner}}>\\n\",\"inner\":\"a\\nb\"}",
	  "  <a\nb>\n" },
	{ "blank lines of a partial are indented",
	  "  {{>p}}\n", "{}", "{\"p\":\"a\\n\\nb\\n\"}", "  a\n  \n  b\n" },
	{ "inline comment starts an indented line", "  {{>p}}\n", "{}",
	  "{\"p\":\"a\\n{{!c}} b\\nc\"}", "  a\n   b\n  c" },
	{ "variable starts an indented line", "\t{{>p}}\n", "{\"v\":\"V\"}",
	  "{\"p\":\"a\\n{{v}}\\n\"}", "\ta\n\tV\n" },
	{ "section in indented partial", "  {{>p}}\n",
	  "{\"l\":[1,2]}", "{\"p\":\"{{#l}}\\n<{{.}}>\\n{{/l}}\\n\"}",
	  "  <1>\n  <2>\n" },
	{ "set delimiters then raw", "{{=<% %>=}}<%{x}%><%&x%><%x%>",
	  "{\"x\":\"<\"}", NULL, "<<&lt;" },
	{ "delimiters reset in partial", "{{=[ ]=}}[>p][x]",
	  "{\"x\":1}", "{\"p\":\"{{x}}\"}", "11" },
	{ "two tags on a line are not standalone", "{{#a}}{{/a}}\nx",
	  "{\"a\":true}", NULL, "\nx" },
	{ "comment with braces", "a{{! } {{ }}b", "{}", NULL, "ab" },
	{ "crlf standalone comment", "a\r\n  {{!c}}  \r\nb", "{}", NULL,
	  "a\r\nb" },
	{ "lone braces are text", "{ } }} {x}", "{}", NULL, "{ } }} {x}" },
	{ "whitespace in tag", "{{ \t x \n}}", "{\"x\":1}", NULL, "1" },
	{ "dotted section pushes object",
	  "{{#a.b}}{{c}}{{/a.b}}", "{\"a\":{\"b\":{\"c\":\"C\"}}}", NULL,
	  "C" },
	{ "dot into array fails", "[{{a.b}}]", "{\"a\":[{\"b\":1}]}", NULL,
	  "[]" },
};

static void
test_render_table(void)
{
	const struct render_case *c;
	struct mst_error	 err;
	char			 msg[512];
	char			*out;
	size_t			 i;
	int			 rc, ok;

	for (i = 0; i < sizeof(render_cases) / sizeof(render_cases[0]); i++) {
		c = &render_cases[i];
		rc = render_str(c->tmpl, c->data, c->partials, 0, &out, &err);
		ok = rc == MST_OK && out != NULL &&
		    strcmp(out, c->expected) == 0;
		snprintf(msg, sizeof(msg), "render case \"%s\"", c->what);
		if (!ok)
			fprintf(stderr, "\nFAIL %s: rc %d expected [%s] got "
			    "[%s]\n", msg, rc, c->expected,
			    out == NULL ? "(null)" : out);
		check(ok, __LINE__, msg);
		free(out);
	}
}

/* ------------------------------------------------------------------ */

struct error_case {
	const char	*what;
	const char	*tmpl;
	unsigned	 line;
	unsigned	 column;
	const char	*needle;	/* must appear in the message */
};

static const struct error_case error_cases[] = {
	{ "unclosed section", "a\n{{#sec}}\nb", 2, 1, "unclosed section" },
	{ "unclosed inner section", "{{#a}}{{#b}}{{/b}}x\n  {{^c}}",
	  2, 3, "\"c\"" },
	{ "mismatched close", "{{#a}}\n\n  {{/b}}", 3, 3, "does not match" },
	{ "crossed sections", "{{#a}}{{#b}}{{/a}}{{/b}}", 1, 13,
	  "does not match" },
	{ "close without open", "x {{/a}}", 1, 3, "without open" },
	{ "unclosed tag", "ab\ncd {{x", 2, 4, "unclosed tag" },
	{ "unclosed triple", "{{{x}}", 1, 1, "unclosed tag" },
	{ "unclosed comment", "{{! never", 1, 1, "unclosed tag" },
	{ "unclosed after delimiter change", "{{=<% %>=}}\n\n<%x}}", 3, 1,
	  "unclosed tag" },
	{ "empty name", "x{{}}", 1, 2, "empty" },
	{ "empty section name", "{{#}}{{/}}", 1, 1, "empty" },
	{ "space in name", "{{a b}}", 1, 1, "bad character" },
	{ "leading dot", "{{.a}}", 1, 1, "dotted" },
	{ "trailing dot", "{{a.}}", 1, 1, "dotted" },
	{ "double dot", "{{a..b}}", 1, 1, "dotted" },
	{ "one delimiter", "{{=<%=}}", 1, 1, "two delimiters" },
	{ "three delimiters", "{{=a b c=}}", 1, 1, "two delimiters" },
	{ "empty delimiter change", "{{==}}", 1, 1, "two delimiters" },
	{ "equals in delimiter", "{{=a= b=}}", 1, 1, "bad character" },
	{ "delimiter too long", "{{=aaaaaaaaaaaaaaaaa b=}}", 1, 1,
	  "longer than" },
	{ "column counts bytes", "\xc3\xa9{{/x}}", 1, 3, "without open" },
};

static void
test_parse_errors(void)
{
	const struct error_case *c;
	struct mst_template	*t;
	struct mst_error	 err;
	char			 msg[512];
	size_t			 i;
	int			 ok;

	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		c = &error_cases[i];
		memset(&err, 0, sizeof(err));
		t = mst_parse(c->tmpl, strlen(c->tmpl), &err);
		ok = t == NULL && err.code == MST_ERR_SYNTAX &&
		    err.line == c->line && err.column == c->column &&
		    strstr(err.message, c->needle) != NULL;
		snprintf(msg, sizeof(msg), "parse error case \"%s\"", c->what);
		if (!ok)
			fprintf(stderr, "\nFAIL %s: got code %d at %u:%u "
			    "\"%s\", want %u:%u \"%s\"\n", msg, err.code,
			    err.line, err.column, err.message, c->line,
			    c->column, c->needle);
		check(ok, __LINE__, msg);
		mst_free(t);
	}
}

/* Tag names: MST_NAME_MAX bytes pass, one more fails. */
static void
test_name_length(void)
{
	char			 src[MST_NAME_MAX + 16];
	struct mst_template	*t;
	struct mst_error	 err;

	memcpy(src, "{{", 2);
	memset(src + 2, 'n', MST_NAME_MAX);
	memcpy(src + 2 + MST_NAME_MAX, "}}", 2);
	t = mst_parse(src, MST_NAME_MAX + 4, &err);
	CU_ASSERT_PTR_NOT_NULL(t);
	mst_free(t);

	memcpy(src, "{{", 2);
	memset(src + 2, 'n', MST_NAME_MAX + 1);
	memcpy(src + 3 + MST_NAME_MAX, "}}", 2);
	t = mst_parse(src, MST_NAME_MAX + 5, &err);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(err.code, MST_ERR_SYNTAX);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "longer"));
	mst_free(t);
}

/* A template of MST_TEMPLATE_MAX bytes parses; one byte more does not. */
static void
test_template_cap(void)
{
	char			*src;
	struct mst_template	*t;
	struct mst_error	 err;

	src = malloc(MST_TEMPLATE_MAX + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(src);
	memset(src, 'x', MST_TEMPLATE_MAX + 1);
	t = mst_parse(src, MST_TEMPLATE_MAX, &err);
	CU_ASSERT_PTR_NOT_NULL(t);
	mst_free(t);
	t = mst_parse(src, MST_TEMPLATE_MAX + 1, &err);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(err.code, MST_ERR_TOOBIG);
	free(src);
}

/* Section nesting: MST_SECTION_DEPTH_MAX levels parse, one more fails. */
static void
test_section_depth(void)
{
	struct sg_buf		 b;
	struct mst_template	*t;
	struct mst_error	 err;
	int			 i, depth;

	for (depth = MST_SECTION_DEPTH_MAX; depth <= MST_SECTION_DEPTH_MAX + 1;
	    depth++) {
		sg_buf_init(&b, 0);
		for (i = 0; i < depth; i++)
			CU_ASSERT_EQUAL(sg_buf_printf(&b, "{{#s%d}}", i), 0);
		for (i = depth - 1; i >= 0; i--)
			CU_ASSERT_EQUAL(sg_buf_printf(&b, "{{/s%d}}", i), 0);
		t = mst_parse(b.data, b.len, &err);
		if (depth == MST_SECTION_DEPTH_MAX)
			CU_ASSERT_PTR_NOT_NULL(t)
		else {
			CU_ASSERT_PTR_NULL(t);
			CU_ASSERT_EQUAL(err.code, MST_ERR_SYNTAX);
			CU_ASSERT_EQUAL(err.line, 1);
			CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "deeper"));
		}
		mst_free(t);
		sg_buf_free(&b);
	}
}

/* Render caps: partial depth, combined nesting, output size, work. */
static void
test_render_caps(void)
{
	struct mst_error	 err;
	struct sg_buf		 data;
	char			*out = NULL;
	int			 rc, i, depth;

	/* A partial including itself forever hits the partial cap. */
	rc = render_str("{{>r}}", "{}", "{\"r\":\"x{{>r}}\"}", 0, &out, &err);
	CU_ASSERT_EQUAL(rc, MST_ERR_DEPTH);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "partials"));
	free(out);

	/* Recursion that stops: MST_PARTIAL_DEPTH_MAX levels pass. */
	rc = render_str("{{>r}}", "{\"n\":{\"n\":{\"n\":false}}}",
	    "{\"r\":\"<{{#n}}{{>r}}{{/n}}>\"}", 0, &out, &err);
	CU_ASSERT_EQUAL(rc, MST_OK);
	CU_ASSERT_STRING_EQUAL(out, "<<<>>>");
	free(out);
	for (depth = MST_PARTIAL_DEPTH_MAX; depth <= MST_PARTIAL_DEPTH_MAX + 1;
	    depth++) {
		sg_buf_init(&data, 0);
		for (i = 0; i < depth; i++)
			CU_ASSERT_EQUAL(sg_buf_adds(&data, "{\"n\":"), 0);
		CU_ASSERT_EQUAL(sg_buf_adds(&data, "false"), 0);
		for (i = 0; i < depth; i++)
			CU_ASSERT_EQUAL(sg_buf_addc(&data, '}'), 0);
		rc = render_str("{{>r}}", data.data,
		    "{\"r\":\"{{#n}}{{>r}}{{/n}}.\"}", 0, &out, &err);
		if (depth == MST_PARTIAL_DEPTH_MAX) {
			CU_ASSERT_EQUAL(rc, MST_OK);
			CU_ASSERT_EQUAL(strlen(out), (size_t)depth);
		} else
			CU_ASSERT_EQUAL(rc, MST_ERR_DEPTH);
		free(out);
		sg_buf_free(&data);
	}

	/* Five sections per level reach MST_NEST_MAX before 64 partials. */
	rc = render_str("{{>r}}", "{\"a\":true}",
	    "{\"r\":\"{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{>r}}"
	    "{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}\"}", 0, &out, &err);
	CU_ASSERT_EQUAL(rc, MST_ERR_DEPTH);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "nested deeper"));
	free(out);

	/* Output cap: exactly cap bytes pass, one more fails. */
	rc = render_str("{{x}}", "{\"x\":\"0123456789\"}", NULL, 10, &out,
	    &err);
	CU_ASSERT_EQUAL(rc, MST_OK);
	CU_ASSERT_STRING_EQUAL(out, "0123456789");
	free(out);
	rc = render_str("{{x}}!", "{\"x\":\"0123456789\"}", NULL, 10, &out,
	    &err);
	CU_ASSERT_EQUAL(rc, MST_ERR_TOOBIG);
	free(out);
	/* Escaping expands past the cap. */
	rc = render_str("{{x}}", "{\"x\":\"<<<\"}", NULL, 10, &out, &err);
	CU_ASSERT_EQUAL(rc, MST_ERR_TOOBIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "output"));
	free(out);

	/* Work cap: 8^10 list items that print nothing. */
	rc = render_str("{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}"
	    "{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}"
	    "{{/l}}{{/l}}", "{\"l\":[1,1,1,1,1,1,1,1]}", NULL, 0, &out, &err);
	CU_ASSERT_EQUAL(rc, MST_ERR_TOOBIG);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "visits"));
	free(out);
}

/* One compiled template, rendered twice with different data. */
static void
test_render_twice(void)
{
	static const char	 src[] = "{{#items}}{{name}}={{n}};{{/items}}"
	    "{{^items}}none{{/items}}";
	struct mst_template	*t;
	struct mst_error	 err;
	struct sg_buf		 out;
	cJSON			*d1, *d2;

	t = mst_parse(src, strlen(src), &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	d1 = cJSON_Parse("{\"items\":[{\"name\":\"a\",\"n\":1},"
	    "{\"name\":\"b\",\"n\":2.5}]}");
	d2 = cJSON_Parse("{\"items\":[]}");
	sg_buf_init(&out, 0);
	CU_ASSERT_EQUAL(mst_render(t, d1, NULL, &out, &err), MST_OK);
	CU_ASSERT_STRING_EQUAL(out.data, "a=1;b=2.5;");
	sg_buf_reset(&out);
	CU_ASSERT_EQUAL(mst_render(t, d2, NULL, &out, &err), MST_OK);
	CU_ASSERT_STRING_EQUAL(out.data, "none");
	sg_buf_reset(&out);
	CU_ASSERT_EQUAL(mst_render(t, d1, NULL, &out, &err), MST_OK);
	CU_ASSERT_STRING_EQUAL(out.data, "a=1;b=2.5;");
	/* Rendering appends to what is already in out. */
	CU_ASSERT_EQUAL(mst_render(t, d2, NULL, &out, &err), MST_OK);
	CU_ASSERT_STRING_EQUAL(out.data, "a=1;b=2.5;none");
	sg_buf_free(&out);
	cJSON_Delete(d1);
	cJSON_Delete(d2);
	mst_free(t);
}

/* Sets: lookup, duplicates, bad names, error messages name the template. */
static void
test_set(void)
{
	struct mst_set		*s;
	struct mst_error	 err;
	struct sg_buf		 out;
	cJSON			*d;

	s = mst_set_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(mst_set_add(s, "page", "<{{>head}}|{{t}}>", 17, &err),
	    MST_OK);
	CU_ASSERT_EQUAL(mst_set_add(s, "head", "H:{{t}}", 7, &err), MST_OK);
	CU_ASSERT_EQUAL(mst_set_add(s, "b", "b", 1, &err), MST_OK);
	CU_ASSERT_EQUAL(mst_set_count(s), 3);
	CU_ASSERT_PTR_NOT_NULL(mst_set_get(s, "head"));
	CU_ASSERT_PTR_NOT_NULL(mst_set_get(s, "b"));
	CU_ASSERT_PTR_NULL(mst_set_get(s, "nope"));
	CU_ASSERT_PTR_NULL(mst_set_get(NULL, "b"));

	CU_ASSERT_EQUAL(mst_set_add(s, "head", "x", 1, &err), MST_ERR_INVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "duplicate"));
	CU_ASSERT_EQUAL(mst_set_add(s, "", "x", 1, &err), MST_ERR_INVAL);
	CU_ASSERT_EQUAL(mst_set_add(s, "a/b", "x", 1, &err), MST_ERR_INVAL);
	CU_ASSERT_EQUAL(mst_set_add(s, "bad", "x\n{{#y}}", 8, &err),
	    MST_ERR_SYNTAX);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_EQUAL(err.column, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "bad: unclosed section"));
	CU_ASSERT_PTR_NULL(mst_set_get(s, "bad"));
	CU_ASSERT_EQUAL(mst_set_count(s), 3);

	d = cJSON_Parse("{\"t\":\"<T>\"}");
	sg_buf_init(&out, 0);
	CU_ASSERT_EQUAL(mst_set_render(s, "page", d, &out, &err), MST_OK);
	CU_ASSERT_STRING_EQUAL(out.data, "<H:&lt;T&gt;|&lt;T&gt;>");
	CU_ASSERT_EQUAL(mst_set_render(s, "nope", d, &out, &err),
	    MST_ERR_NOTFOUND);
	sg_buf_free(&out);
	cJSON_Delete(d);
	mst_set_free(s);
	mst_set_free(NULL);
	mst_free(NULL);

	/* err may be NULL; NULL template or buffer is refused. */
	CU_ASSERT_PTR_NULL(mst_parse("{{#a}}", 6, NULL));
	sg_buf_init(&out, 0);
	CU_ASSERT_EQUAL(mst_render(NULL, NULL, NULL, &out, NULL),
	    MST_ERR_INVAL);
	CU_ASSERT_EQUAL(mst_render(NULL, NULL, NULL, &out, &err),
	    MST_ERR_INVAL);
	CU_ASSERT_EQUAL(err.code, MST_ERR_INVAL);
	CU_ASSERT_EQUAL(out.len, 0);
}

/* Write len bytes of s to dir/name. */
static int
write_file(const char *dir, const char *name, const char *s)
{
	char	 path[1024];
	FILE	*f;
	int	 rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	rc = fputs(s, f) < 0 ? -1 : 0;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

static void
remove_file(const char *dir, const char *name)
{
	char	 path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

/* mst_set_load_dir() on a temporary directory. */
static void
test_load_dir(void)
{
	char			 dir[] = "/tmp/test_mustache.XXXXXX";
	char			 path[1024];
	struct mst_set		*s;
	struct mst_error	 err;
	struct sg_buf		 out;
	cJSON			*d;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	CU_ASSERT_EQUAL(write_file(dir, "layout.mustache",
	    "<html>\n  {{>body}}\n</html>\n"), 0);
	CU_ASSERT_EQUAL(write_file(dir, "body.mustache",
	    "<p>{{msg}}</p>\n<p>2</p>\n"), 0);
	CU_ASSERT_EQUAL(write_file(dir, "notes.txt", "{{#broken"), 0);
	CU_ASSERT_EQUAL(write_file(dir, ".hidden.mustache", "{{#broken"), 0);
	CU_ASSERT_EQUAL(write_file(dir, ".mustache", "{{#broken"), 0);
	snprintf(path, sizeof(path), "%s/sub.mustache", dir);
	CU_ASSERT_EQUAL(mkdir(path, 0700), 0);

	/* A directory named *.mustache is an error... */
	s = mst_set_new();
	CU_ASSERT_EQUAL(mst_set_load_dir(s, dir, &err), MST_ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "sub.mustache"));
	mst_set_free(s);
	CU_ASSERT_EQUAL(rmdir(path), 0);

	/* ...without it everything loads, other files are ignored. */
	s = mst_set_new();
	CU_ASSERT_EQUAL(mst_set_load_dir(s, dir, &err), MST_OK);
	CU_ASSERT_EQUAL(mst_set_count(s), 2);
	CU_ASSERT_PTR_NOT_NULL(mst_set_get(s, "layout"));
	CU_ASSERT_PTR_NOT_NULL(mst_set_get(s, "body"));
	CU_ASSERT_PTR_NULL(mst_set_get(s, "notes"));
	CU_ASSERT_PTR_NULL(mst_set_get(s, ".hidden"));
	d = cJSON_Parse("{\"msg\":\"hi & bye\"}");
	sg_buf_init(&out, 0);
	CU_ASSERT_EQUAL(mst_set_render(s, "layout", d, &out, &err), MST_OK);
	CU_ASSERT_STRING_EQUAL(out.data,
	    "<html>\n  <p>hi &amp; bye</p>\n  <p>2</p>\n</html>\n");
	sg_buf_free(&out);
	cJSON_Delete(d);
	/* Loading the same directory again: duplicates. */
	CU_ASSERT_EQUAL(mst_set_load_dir(s, dir, &err), MST_ERR_INVAL);
	mst_set_free(s);

	/* A syntax error names the file and the position. */
	CU_ASSERT_EQUAL(write_file(dir, "zbad.mustache", "ok\nok {{/x}}"), 0);
	s = mst_set_new();
	CU_ASSERT_EQUAL(mst_set_load_dir(s, dir, &err), MST_ERR_SYNTAX);
	CU_ASSERT_EQUAL(err.line, 2);
	CU_ASSERT_EQUAL(err.column, 4);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, "zbad:"));
	mst_set_free(s);

	remove_file(dir, "layout.mustache");
	remove_file(dir, "body.mustache");
	remove_file(dir, "notes.txt");
	remove_file(dir, ".hidden.mustache");
	remove_file(dir, ".mustache");
	remove_file(dir, "zbad.mustache");
	CU_ASSERT_EQUAL(rmdir(dir), 0);

	/* A missing directory. */
	s = mst_set_new();
	CU_ASSERT_EQUAL(mst_set_load_dir(s, dir, &err), MST_ERR_IO);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.message, dir));
	mst_set_free(s);
}

/* Templates may hold NUL bytes; they are copied through as text. */
static void
test_nul_bytes(void)
{
	static const char	 src[] = "a\0b{{x}}\0";
	struct mst_template	*t;
	struct mst_error	 err;
	struct sg_buf		 out;
	cJSON			*d;

	t = mst_parse(src, sizeof(src) - 1, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	d = cJSON_Parse("{\"x\":\"X\"}");
	sg_buf_init(&out, 0);
	CU_ASSERT_EQUAL(mst_render(t, d, NULL, &out, &err), MST_OK);
	CU_ASSERT_EQUAL(out.len, 5);
	CU_ASSERT(out.len == 5 && memcmp(out.data, "a\0bX\0", 5) == 0);
	sg_buf_free(&out);
	cJSON_Delete(d);
	mst_free(t);
}

/* Numbers that JSON cannot hold (made by code) print nothing. */
static void
test_nonfinite(void)
{
	struct mst_template	*t;
	struct mst_error	 err;
	struct sg_buf		 out;
	cJSON			*d;

	t = mst_parse("[{{a}}{{b}}{{c}}]", 17, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	d = cJSON_CreateObject();
	CU_ASSERT_PTR_NOT_NULL(cJSON_AddNumberToObject(d, "a", INFINITY));
	CU_ASSERT_PTR_NOT_NULL(cJSON_AddNumberToObject(d, "b", -INFINITY));
	CU_ASSERT_PTR_NOT_NULL(cJSON_AddNumberToObject(d, "c", NAN));
	sg_buf_init(&out, 0);
	CU_ASSERT_EQUAL(mst_render(t, d, NULL, &out, &err), MST_OK);
	CU_ASSERT_STRING_EQUAL(out.data, "[]");
	sg_buf_free(&out);
	cJSON_Delete(d);
	mst_free(t);
}

static const struct unit_case cases[] = {
	{ "mustache spec", "comments", test_spec_comments },
	{ "mustache spec", "delimiters", test_spec_delimiters },
	{ "mustache spec", "interpolation", test_spec_interpolation },
	{ "mustache spec", "inverted", test_spec_inverted },
	{ "mustache spec", "partials", test_spec_partials },
	{ "mustache spec", "sections", test_spec_sections },
	{ "mustache", "render table", test_render_table },
	{ "mustache", "parse errors", test_parse_errors },
	{ "mustache", "name length", test_name_length },
	{ "mustache", "template cap", test_template_cap },
	{ "mustache", "section depth", test_section_depth },
	{ "mustache", "render caps", test_render_caps },
	{ "mustache", "render twice", test_render_twice },
	{ "mustache", "set", test_set },
	{ "mustache", "load dir", test_load_dir },
	{ "mustache", "nul bytes", test_nul_bytes },
	{ "mustache", "non-finite numbers", test_nonfinite },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
