/*
 * test_domain_chart.c — the dashboard's funding chart (domain/chart.c):
 * buckets, downsampling, and the SVG of an empty campaign, one order, a
 * reach, an overfunded campaign, 10,000 orders, huge values and hostile
 * labels.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "domain/chart.h"

#define DAY	(INT64_C(86400) * SG_USEC_PER_SEC)
#define HOUR	(INT64_C(3600) * SG_USEC_PER_SEC)
#define T0	INT64_C(1764547200000000)	/* 2025-12-01T00:00:00Z */

static size_t
count(const char *hay, const char *needle)
{
	size_t		 n = 0;
	const char	*p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* The SVG of c as a NUL-terminated malloc'd string (NULL on failure). */
static char *
svg(const struct sg_chart *c)
{
	struct sg_buf	 b;
	char		*s;

	sg_buf_init(&b, SG_CHART_SVG_MAX);
	if (sg_chart_svg(c, &b) == -1 || sg_buf_addc(&b, '\0') != SG_BUF_OK) {
		sg_buf_free(&b);
		return NULL;
	}
	s = sg_buf_steal(&b, NULL);
	return s;
}

static void
chart_init(struct sg_chart *c, sg_usec_t t1)
{
	memset(c, 0, sizeof(*c));
	c->title = "Funding over time";
	c->desc = "Summary";
	c->id = "t";
	c->t0 = T0;
	c->t1 = t1;
}

/* The well-formedness this test can see: every element it opens is closed. */
static void
assert_svg_shape(const char *s)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_EQUAL(strncmp(s, "<svg ", 5), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "role=\"img\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "aria-labelledby=\"t-title t-desc\""));
	CU_ASSERT_EQUAL(count(s, "<svg"), 1);
	CU_ASSERT_EQUAL(count(s, "</svg>"), 1);
	CU_ASSERT_EQUAL(count(s, "<title"), count(s, "</title>"));
	CU_ASSERT_EQUAL(count(s, "<text"), count(s, "</text>"));
	CU_ASSERT_EQUAL(count(s, "<g "), count(s, "</g>"));
	CU_ASSERT_PTR_NULL(strstr(s, "nan"));
	CU_ASSERT_PTR_NULL(strstr(s, "inf"));
	CU_ASSERT(strlen(s) <= SG_CHART_SVG_MAX);
	CU_ASSERT_EQUAL(strcmp(s + strlen(s) - 6, "</svg>"), 0);
}

static void
test_buckets(void)
{
	int64_t	 sec, n;

	sg_chart_buckets(T0, T0, &sec, &n);
	CU_ASSERT_EQUAL(sec, 3600);
	CU_ASSERT_EQUAL(n, 1);
	sg_chart_buckets(T0, T0 + 2 * DAY, &sec, &n);
	CU_ASSERT_EQUAL(sec, 3600);
	CU_ASSERT_EQUAL(n, 48);
	sg_chart_buckets(T0, T0 + 3 * DAY + 1, &sec, &n);
	CU_ASSERT_EQUAL(sec, 86400);
	CU_ASSERT_EQUAL(n, 4);
	sg_chart_buckets(T0, T0 + 30 * DAY, &sec, &n);
	CU_ASSERT_EQUAL(sec, 86400);
	CU_ASSERT_EQUAL(n, 30);
	sg_chart_buckets(T0, T0 + 1000 * DAY, &sec, &n);
	CU_ASSERT_EQUAL(sec, 3 * 86400);
	CU_ASSERT_EQUAL(n, 334);
	CU_ASSERT(n <= SG_CHART_BUCKETS_MAX);
	sg_chart_buckets(SG_TIME_MIN, SG_TIME_MAX, &sec, &n);
	CU_ASSERT(n >= 1 && n <= SG_CHART_BUCKETS_MAX);
	CU_ASSERT(sec * n >= (SG_TIME_MAX - SG_TIME_MIN) / SG_USEC_PER_SEC);
}

static void
test_downsample(void)
{
	static struct sg_chart_point	 in[10000], out[SG_CHART_POINTS_MAX];
	size_t				 i, n;

	for (i = 0; i < 10000; i++) {
		in[i].t = T0 + (int64_t)i * HOUR;
		in[i].v = (int64_t)i * 3;
	}
	n = sg_chart_downsample(in, 5, out, SG_CHART_POINTS_MAX);
	CU_ASSERT_EQUAL(n, 5);
	CU_ASSERT_EQUAL(out[4].v, 12);
	n = sg_chart_downsample(in, 10000, out, SG_CHART_POINTS_MAX);
	CU_ASSERT_EQUAL(n, SG_CHART_POINTS_MAX);
	CU_ASSERT_EQUAL(out[0].v, 0);
	CU_ASSERT_EQUAL(out[n - 1].v, 9999 * 3);	/* the end value kept */
	for (i = 1; i < n; i++)
		CU_ASSERT(out[i].t > out[i - 1].t);
	CU_ASSERT_EQUAL(sg_chart_downsample(in, 0, out, 10), 0);
}

static void
test_empty(void)
{
	struct sg_chart	 c;
	char		*s;

	chart_init(&c, T0 + 10 * DAY);
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_PTR_NULL(strstr(s, "chart-series"));
	CU_ASSERT_PTR_NULL(strstr(s, "chart-reach"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, ">2025-12-01</text>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, ">2025-12-11</text>"));
	free(s);
	/* No time span at all. */
	chart_init(&c, T0);
	s = svg(&c);
	assert_svg_shape(s);
	free(s);
}

static void
test_one_order(void)
{
	struct sg_chart_point	 p[2] = { { T0, 0 }, { T0 + HOUR, 500 } };
	struct sg_chart_line	 l[1] = { { 1000, "Goal", 0, 0, 1 } };
	struct sg_chart		 c;
	char			*s;

	chart_init(&c, T0 + 2 * DAY);
	c.pts = p;
	c.npts = 2;
	c.lines = l;
	c.nlines = 1;
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "data-points=\"2\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, ">Goal · 1000</text>"));
	CU_ASSERT_PTR_NULL(strstr(s, "chart-reach"));
	CU_ASSERT_PTR_NULL(strstr(s, "chart-funded"));
	/* Two days: the axis shows hours. */
	CU_ASSERT_PTR_NOT_NULL(strstr(s, ">2025-12-01 00:00 UTC</text>"));
	free(s);
}

static void
fmt_dollars(char *dst, size_t size, int64_t v, void *arg)
{
	(void)arg;
	snprintf(dst, size, "$%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
}

static void
test_reach(void)
{
	struct sg_chart_point	 p[3] = { { T0, 0 }, { T0 + DAY, 600 }, { T0 + 2 * DAY, 1200 } };
	struct sg_chart_line	 l[2] = {
		{ 1000, "Stickers", 1, T0 + DAY + HOUR, 0 },
		{ 5000, "Goal", 0, 0, 1 },
	};
	struct sg_chart		 c;
	char			*s;

	chart_init(&c, T0 + 10 * DAY);
	c.pts = p;
	c.npts = 3;
	c.lines = l;
	c.nlines = 2;
	c.fmt = fmt_dollars;
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_EQUAL(count(s, "class=\"chart-reach\""), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<title>Stickers reached 2025-12-02</title>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, ">Stickers · $10.00</text>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, ">Goal · $50.00</text>"));
	CU_ASSERT_EQUAL(count(s, "stroke-dasharray=\"6 4\""), 1);	/* the goal is solid */
	free(s);
}

static void
test_overfunded(void)
{
	struct sg_chart_point	 p[3] = { { T0, 0 }, { T0 + DAY, 900 }, { T0 + 2 * DAY, 3000 } };
	struct sg_chart_line	 l[1] = { { 1000, "Goal", 1, T0 + DAY + 2 * HOUR, 1 } };
	struct sg_chart		 c;
	char			*s, *q;
	double			 y;

	chart_init(&c, T0 + 2 * DAY + HOUR);
	c.pts = p;
	c.npts = 3;
	c.lines = l;
	c.nlines = 1;
	c.funded = 1;
	c.funded_at = T0 + DAY + 2 * HOUR;
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "class=\"chart-funded\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "<title>Funded 2025-12-02 02:00 UTC</title>"));
	/* The scale fits the overfunded series: its highest point is inside the plot. */
	q = strstr(s, "class=\"chart-series\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	q = strrchr(q, ',');
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	y = strtod(q + 1, NULL);
	CU_ASSERT(y >= 12.0 && y < 50.0);
	free(s);
}

static void
test_many_orders(void)
{
	static struct sg_chart_point	 p[10001];
	struct sg_chart_line		 l[1] = { { 2000000, "Goal", 1, T0 + 200 * DAY, 1 } };
	struct sg_chart			 c;
	char				*s;
	size_t				 i;

	for (i = 0; i <= 10000; i++) {
		p[i].t = T0 + (int64_t)i * (DAY / 25);
		p[i].v = (int64_t)i * 250;
	}
	chart_init(&c, T0 + 400 * DAY);
	c.pts = p;
	c.npts = 10001;
	c.lines = l;
	c.nlines = 1;
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "data-points=\"240\""));
	CU_ASSERT(strlen(s) < 20000);
	free(s);
}

static void
test_huge(void)
{
	struct sg_chart_point	 p[2] = { { SG_TIME_MIN, 0 }, { SG_TIME_MAX, INT64_MAX } };
	struct sg_chart_line	 l[2] = {
		{ INT64_MAX, "Max", 1, SG_TIME_MAX, 0 },
		{ INT64_MAX / 2, "Goal", 0, 0, 1 },
	};
	struct sg_chart		 c;
	char			*s;

	chart_init(&c, SG_TIME_MAX);
	c.t0 = SG_TIME_MIN;
	c.pts = p;
	c.npts = 2;
	c.lines = l;
	c.nlines = 2;
	c.funded = 1;
	c.funded_at = SG_TIME_MAX;
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "9223372036854775807"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, ">1000-01-01</text>"));
	free(s);
	/* Negative values draw at 0; times outside the axis are clamped. */
	p[0].t = T0 - DAY;
	p[0].v = -5;
	p[1].t = T0 + 100 * DAY;
	p[1].v = 10;
	chart_init(&c, T0 + DAY);
	c.pts = p;
	c.npts = 2;
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "points=\"8.0,292.0 592.0,"));
	free(s);
}

static void
test_escape(void)
{
	char			 big[5000];
	static struct sg_chart_bar	 bars[SG_CHART_BUCKETS_MAX];
	struct sg_chart_line	 l[SG_CHART_LINES_MAX + 20];
	struct sg_chart		 c;
	char			*s;
	size_t			 i;

	/* Long labels of 3-byte characters and markup. */
	for (i = 0; i + 3 < sizeof(big); i += 3)
		memcpy(big + i, "\xe2\x82\xac", 3);
	big[i] = '\0';
	for (i = 0; i < sizeof(l) / sizeof(l[0]); i++) {
		l[i].target = (int64_t)(i + 1) * 1000;
		l[i].label = i % 2 ? big : "<script>alert(\"x\")</script>&'\x01";
		l[i].reached = 1;
		l[i].reached_at = T0 + (int64_t)i * HOUR;
		l[i].is_goal = i + 1 == sizeof(l) / sizeof(l[0]);
	}
	for (i = 0; i < SG_CHART_BUCKETS_MAX; i++) {
		bars[i].t0 = T0 + (int64_t)i * HOUR;
		bars[i].t1 = bars[i].t0 + HOUR;
		bars[i].orders = INT64_MAX - (int64_t)i;
		bars[i].new_backers = (int64_t)i;
	}
	chart_init(&c, T0 + 30 * DAY);
	c.bars = bars;
	c.nbars = SG_CHART_BUCKETS_MAX;
	c.bars_label = big;
	c.title = "<b>\"T\"</b>";
	c.desc = big;
	c.lines = l;
	c.nlines = sizeof(l) / sizeof(l[0]);
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_PTR_NULL(strstr(s, "<script"));
	CU_ASSERT_PTR_NULL(strstr(s, "<b>"));
	CU_ASSERT_PTR_NULL(strstr(s, "\x01"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "&lt;script&gt;alert(&quot;x&quot;)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "&amp;&#39;"));
	CU_ASSERT_EQUAL(count(s, "<g class=\"chart-line"), SG_CHART_LINES_MAX + 1);
	/* The goal (the highest line) is drawn although it is beyond the cap. */
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "stroke=\"#1a5e20\" stroke-width=\"2\""));
	fprintf(stderr, "  worst-case SVG: %zu bytes (cap %u)\n", strlen(s), SG_CHART_SVG_MAX);
	/* Cut at a character boundary: no broken sequence before a '<'. */
	CU_ASSERT_PTR_NULL(strstr(s, "\xe2\x82<"));
	CU_ASSERT_PTR_NULL(strstr(s, "\xe2<"));
	free(s);
}

static void
test_bars(void)
{
	static struct sg_chart_bar	 b[SG_CHART_BUCKETS_MAX + 50];
	struct sg_chart_point		 p[2] = { { T0, 0 }, { T0 + 2 * DAY, 100 } };
	struct sg_chart			 c;
	char				*s, *q;
	size_t				 i;

	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		b[i].t0 = T0 + (int64_t)i * HOUR;
		b[i].t1 = b[i].t0 + HOUR;
		b[i].orders = i == 3 ? 10 : (int64_t)(i % 2);
		b[i].new_backers = i == 3 ? 5 : 0;
	}
	chart_init(&c, T0 + 2 * DAY);
	c.pts = p;
	c.npts = 2;
	c.bars = b;
	c.nbars = 48;
	c.bars_label = "Orders <per> hour";
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "viewBox=\"0 0 600 430\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "data-bars=\"48\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, ">Orders &lt;per&gt; hour</text>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, ">max 10</text>"));
	/* 24 odd hours and hour 3 have orders; only hour 3 new backers. */
	CU_ASSERT_EQUAL(count(s, "class=\"chart-orders\""), 24);
	CU_ASSERT_EQUAL(count(s, "class=\"chart-new\""), 1);
	/* Hour 3's 10 orders fill the panel (424 - 346 = 78), its 5 new backers half. */
	q = strstr(s, "class=\"chart-new\"");
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_PTR_NOT_NULL(strstr(q, "height=\"39.0\""));
	free(s);
	/* More bars than buckets: the first SG_CHART_BUCKETS_MAX drawn. */
	c.nbars = sizeof(b) / sizeof(b[0]);
	c.t1 = T0 + (int64_t)c.nbars * HOUR;
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "data-bars=\"400\""));
	free(s);
	/* Without bars, no panel. */
	c.nbars = 0;
	s = svg(&c);
	assert_svg_shape(s);
	CU_ASSERT_PTR_NULL(strstr(s, "chart-bars"));
	CU_ASSERT_PTR_NOT_NULL(strstr(s, "viewBox=\"0 0 600 320\""));
	free(s);
}

static const struct unit_case cases[] = {
	{ "domain_chart", "buckets", test_buckets },
	{ "domain_chart", "downsample", test_downsample },
	{ "domain_chart", "empty campaign", test_empty },
	{ "domain_chart", "one order", test_one_order },
	{ "domain_chart", "a reach", test_reach },
	{ "domain_chart", "overfunded", test_overfunded },
	{ "domain_chart", "10,000 orders", test_many_orders },
	{ "domain_chart", "huge values", test_huge },
	{ "domain_chart", "escaping and bounds", test_escape },
	{ "domain_chart", "orders and new backers per period", test_bars },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
