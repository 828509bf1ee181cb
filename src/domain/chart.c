/*
 * chart.c — funding over time as an inline SVG (see chart.h).
 *
 * The drawing: a plot of W × H user units (the SVG scales to its box with
 * viewBox), time left to right from t0 to t1, progress bottom to top from 0
 * to a little above the highest of the series and the lines.  The series
 * is a polyline over a light area; each milestone a dashed horizontal line
 * with its label (the goal solid), a reached one a dot where and when it was
 * reached; the funded moment a vertical line.  Below, when given, a panel of
 * bars: per period the orders (light) and the new backers (dark, narrower)
 * on their own scale.  Positions are computed in
 * double (values up to INT64_MAX lose only sub-pixel precision).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "domain/chart.h"

#define W	600.0
#define H	320.0
#define PL	8.0	/* plot left */
#define PR	(W - 8.0)	/* plot right */
#define PT	12.0	/* plot top */
#define PB	(H - 28.0)	/* plot bottom (the x labels below) */

#define LABEL_GAP	15.0	/* min vertical distance between line labels */
#define BH	110.0	/* the bar panel's height, below the chart */

void
sg_chart_buckets(sg_usec_t t0, sg_usec_t t1, int64_t *sec, int64_t *n)
{
	int64_t	 span, days;

	if (t1 <= t0) {
		*sec = 3600;
		*n = 1;
		return;
	}
	span = (t1 - t0) / SG_USEC_PER_SEC + ((t1 - t0) % SG_USEC_PER_SEC != 0);
	if (span <= SG_CHART_HOURLY_MAX_SEC) {
		*sec = 3600;
	} else {
		days = span / 86400 + (span % 86400 != 0);
		*sec = 86400 * ((days + SG_CHART_BUCKETS_MAX - 1) / SG_CHART_BUCKETS_MAX);
	}
	*n = span / *sec + (span % *sec != 0);
	if (*n < 1)
		*n = 1;
	if (*n > SG_CHART_BUCKETS_MAX)
		*n = SG_CHART_BUCKETS_MAX;
}

size_t
sg_chart_downsample(const struct sg_chart_point *pts, size_t n,
    struct sg_chart_point *out, size_t max)
{
	size_t	 i, groups, end;

	if (n <= max) {
		if (n > 0)
			memcpy(out, pts, n * sizeof(*pts));
		return n;
	}
	if (max < 2) {
		out[0] = pts[n - 1];
		return 1;
	}
	out[0] = pts[0];
	groups = max - 1;
	for (i = 0; i < groups; i++) {
		/* Group i covers pts[1 + i*(n-1)/groups … 1 + (i+1)*(n-1)/groups - 1]. */
		end = 1 + (size_t)(((unsigned long long)(i + 1) * (n - 1)) / groups) - 1;
		out[i + 1] = pts[end];
	}
	return max;
}

/* Length of the longest prefix of s of at most max bytes ending at a UTF-8 boundary. */
static size_t
utf8_cut(const char *s, size_t max)
{
	size_t	 n = strlen(s);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

int
sg_chart_escape(struct sg_buf *out, const char *s, size_t max)
{
	size_t		 i, n;
	const char	*e;
	unsigned char	 ch;

	if (s == NULL)
		return 0;
	n = utf8_cut(s, max);
	for (i = 0; i < n; i++) {
		ch = (unsigned char)s[i];
		switch (ch) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default:
			/* XML 1.0 forbids most control characters: drop them. */
			if (ch < 0x20 && ch != '\t' && ch != '\n') {
				e = "";
				break;
			}
			if (sg_buf_addc(out, (char)ch) != SG_BUF_OK)
				return -1;
			continue;
		}
		if (sg_buf_adds(out, e) != SG_BUF_OK)
			return -1;
	}
	return 0;
}

struct plot {
	const struct sg_chart	*c;
	double			 vmax;
	double			 span;
};

static double
px(const struct plot *p, sg_usec_t t)
{
	if (t < p->c->t0)
		t = p->c->t0;
	if (t > p->c->t1)
		t = p->c->t1;
	return PL + (PR - PL) * ((double)(t - p->c->t0) / p->span);
}

static double
py(const struct plot *p, int64_t v)
{
	double	 d = v < 0 ? 0.0 : (double)v;

	return PB - (PB - PT) * (d / p->vmax);
}

/* "2026-11-22" or, with hours, "2026-11-22 10:00" (UTC). */
static void
date_text(sg_usec_t t, int hours, char *dst, size_t size)
{
	char	 b[SG_TIME_FMT_MAX];

	if (sg_time_format_rfc3339(t, b, sizeof(b)) == -1) {
		snprintf(dst, size, "?");
		return;
	}
	if (hours)
		snprintf(dst, size, "%.10s %.5s UTC", b, b + 11);
	else
		snprintf(dst, size, "%.10s", b);
}

static void
value_text(const struct sg_chart *c, int64_t v, char *dst, size_t size)
{
	if (c->fmt != NULL)
		c->fmt(dst, size, v, c->fmt_arg);
	else
		snprintf(dst, size, "%lld", (long long)v);
}

static int
svg_line(struct sg_buf *o, const struct plot *p, const struct sg_chart_line *l,
    double *last_label_y, int hours)
{
	const struct sg_chart	*c = p->c;
	char			 v[SG_CHART_LABEL_MAX + 1], d[40];
	double			 y = py(p, l->target);

	value_text(c, l->target, v, sizeof(v));
	if (sg_buf_printf(o, "<g class=\"chart-line%s\"><line x1=\"%.1f\" y1=\"%.1f\" "
	    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%s\"%s/>",
	    l->reached ? " chart-reached" : "", PL, y, PR, y,
	    l->is_goal ? "#1a5e20" : "#6b5a00", l->is_goal ? "2" : "1",
	    l->is_goal ? "" : " stroke-dasharray=\"6 4\"") != SG_BUF_OK)
		return -1;
	/* The label above the line, unless it would overprint the one below. */
	if (*last_label_y < 0 || *last_label_y - y >= LABEL_GAP) {
		if (sg_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
		    "font-size=\"14\" fill=\"#222\">", PR - 2, y - 4) != SG_BUF_OK ||
		    sg_chart_escape(o, l->label, SG_CHART_LABEL_MAX) == -1 ||
		    sg_buf_adds(o, l->label != NULL && *l->label != '\0' ? " · " : "")
		    != SG_BUF_OK ||
		    sg_chart_escape(o, v, SG_CHART_LABEL_MAX) == -1 ||
		    sg_buf_adds(o, "</text>") != SG_BUF_OK)
			return -1;
		*last_label_y = y;
	}
	if (l->reached) {
		date_text(l->reached_at, hours, d, sizeof(d));
		if (sg_buf_printf(o, "<circle class=\"chart-reach\" cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"6\" fill=\"#1a5e20\" stroke=\"#fff\" stroke-width=\"2\"><title>",
		    px(p, l->reached_at), y) != SG_BUF_OK ||
		    sg_chart_escape(o, l->label, SG_CHART_LABEL_MAX) == -1 ||
		    sg_buf_adds(o, " reached ") != SG_BUF_OK ||
		    sg_chart_escape(o, d, sizeof(d)) == -1 ||
		    sg_buf_adds(o, "</title></circle>") != SG_BUF_OK)
			return -1;
	}
	return sg_buf_adds(o, "</g>") == SG_BUF_OK ? 0 : -1;
}

/* The bar panel from y = H (below the time axis' labels). */
static int
svg_bars(struct sg_buf *o, const struct plot *p)
{
	const struct sg_chart	*c = p->c;
	size_t			 i, n = c->nbars < SG_CHART_BUCKETS_MAX ? c->nbars :
				    SG_CHART_BUCKETS_MAX;
	double			 y0 = H + 26, y1 = H + BH - 6, x0, x1, h, max = 0;
	char			 v[32];

	for (i = 0; i < n; i++) {
		if ((double)c->bars[i].orders > max)
			max = (double)c->bars[i].orders;
		if ((double)c->bars[i].new_backers > max)
			max = (double)c->bars[i].new_backers;
	}
	snprintf(v, sizeof(v), "max %.0f", max);
	if (sg_buf_printf(o, "<g class=\"chart-bars\" data-bars=\"%zu\"><text x=\"%.1f\" "
	    "y=\"%.1f\" font-size=\"14\" fill=\"#222\">", n, PL, H + 16) != SG_BUF_OK ||
	    sg_chart_escape(o, c->bars_label, SG_CHART_LABEL_MAX) == -1 ||
	    sg_buf_printf(o, "</text><text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" "
	    "fill=\"#222\" text-anchor=\"end\">%s</text><line x1=\"%.1f\" y1=\"%.1f\" "
	    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" stroke-width=\"1\"/>", PR, H + 16, v,
	    PL, y1, PR, y1) != SG_BUF_OK)
		return -1;
	if (max < 1)
		max = 1;
	for (i = 0; i < n; i++) {
		x0 = px(p, c->bars[i].t0);
		x1 = px(p, c->bars[i].t1);
		if (x1 - x0 > 1.5)
			x1 -= 1;	/* a gap between neighbours */
		if (x1 <= x0)
			x1 = x0 + 0.5;
		if (c->bars[i].orders > 0) {
			h = (y1 - y0) * ((double)c->bars[i].orders / max);
			if (sg_buf_printf(o, "<rect class=\"chart-orders\" x=\"%.1f\" "
			    "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#9cc3a6\"/>",
			    x0, y1 - h, x1 - x0, h) != SG_BUF_OK)
				return -1;
		}
		if (c->bars[i].new_backers > 0) {
			h = (y1 - y0) * ((double)c->bars[i].new_backers / max);
			if (sg_buf_printf(o, "<rect class=\"chart-new\" x=\"%.1f\" "
			    "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1f6f3a\"/>",
			    x0 + (x1 - x0) / 4, y1 - h, (x1 - x0) / 2, h) != SG_BUF_OK)
				return -1;
		}
	}
	return sg_buf_adds(o, "</g>") == SG_BUF_OK ? 0 : -1;
}

int
sg_chart_svg(const struct sg_chart *c, struct sg_buf *o)
{
	struct sg_chart_point	 pts[SG_CHART_POINTS_MAX];
	struct plot		 p;
	size_t			 n, i, nl;
	double			 vmax = 0, last_label_y = -1;
	const char		*id = c->id != NULL ? c->id : "chart";
	char			 a[40], b[40], v[SG_CHART_LABEL_MAX + 1];
	double			 ht;
	int			 hours;

	n = sg_chart_downsample(c->pts, c->npts, pts, SG_CHART_POINTS_MAX);
	nl = c->nlines;
	memset(&p, 0, sizeof(p));
	p.c = c;
	p.span = c->t1 > c->t0 ? (double)(c->t1 - c->t0) : 1.0;
	for (i = 0; i < n; i++)
		if ((double)pts[i].v > vmax)
			vmax = (double)pts[i].v;
	for (i = 0; i < nl; i++)
		if ((double)c->lines[i].target > vmax)
			vmax = (double)c->lines[i].target;
	p.vmax = vmax < 1 ? 1.0 : vmax * 1.1;
	hours = c->t1 - c->t0 <= SG_CHART_HOURLY_MAX_SEC * SG_USEC_PER_SEC;
	ht = c->nbars > 0 ? H + BH : H;

	if (sg_buf_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" "
	    "preserveAspectRatio=\"xMidYMid meet\" role=\"img\" "
	    "aria-labelledby=\"%s-title %s-desc\"><title id=\"%s-title\">",
	    W, ht, id, id, id) != SG_BUF_OK ||
	    sg_chart_escape(o, c->title, SG_CHART_TEXT_MAX) == -1 ||
	    sg_buf_printf(o, "</title><desc id=\"%s-desc\">", id) != SG_BUF_OK ||
	    sg_chart_escape(o, c->desc, SG_CHART_TEXT_MAX) == -1 ||
	    sg_buf_adds(o, "</desc>") != SG_BUF_OK)
		return -1;
	/* Axes. */
	if (sg_buf_printf(o, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" "
	    "fill=\"#fff\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
	    "stroke=\"#555\" stroke-width=\"1\"/>", W, ht, PL, PB, PR, PB) != SG_BUF_OK)
		return -1;
	/* The series: an area and its line, from 0 at the first point. */
	if (n > 0) {
		if (sg_buf_printf(o, "<polygon class=\"chart-area\" fill=\"#d9ecdb\" "
		    "points=\"%.1f,%.1f", px(&p, pts[0].t), PB) != SG_BUF_OK)
			return -1;
		for (i = 0; i < n; i++)
			if (sg_buf_printf(o, " %.1f,%.1f", px(&p, pts[i].t),
			    py(&p, pts[i].v)) != SG_BUF_OK)
				return -1;
		if (sg_buf_printf(o, " %.1f,%.1f\"/>", px(&p, pts[n - 1].t), PB)
		    != SG_BUF_OK ||
		    sg_buf_printf(o, "<polyline class=\"chart-series\" fill=\"none\" "
		    "stroke=\"#1f6f3a\" stroke-width=\"2.5\" stroke-linejoin=\"round\" "
		    "data-points=\"%zu\" points=\"", n) != SG_BUF_OK)
			return -1;
		for (i = 0; i < n; i++)
			if (sg_buf_printf(o, "%s%.1f,%.1f", i ? " " : "",
			    px(&p, pts[i].t), py(&p, pts[i].v)) != SG_BUF_OK)
				return -1;
		if (sg_buf_adds(o, "\"/>") != SG_BUF_OK)
			return -1;
	}
	/*
	 * Milestone lines from the bottom up (a label is left out when it
	 * would overprint the one below; the line stays): the goal always,
	 * the lowest SG_CHART_LINES_MAX others.
	 */
	{
		size_t	 drawn = 0, k;
		int64_t	 prev = 0;
		int	 first = 1;

		for (k = 0; k < nl; k++) {
			/* Next line above prev: the lowest target > prev (targets are distinct). */
			const struct sg_chart_line	*best = NULL;

			for (i = 0; i < nl; i++)
				if ((first || c->lines[i].target > prev) && (best == NULL ||
				    c->lines[i].target < best->target))
					best = &c->lines[i];
			if (best == NULL)
				break;
			prev = best->target;
			first = 0;
			if (!best->is_goal && drawn >= SG_CHART_LINES_MAX)
				continue;
			if (svg_line(o, &p, best, &last_label_y, hours) == -1)
				return -1;
			drawn++;
		}
	}
	if (c->funded) {
		/* The funded moment to the minute, whatever the axis. */
		date_text(c->funded_at, 1, a, sizeof(a));
		if (sg_buf_printf(o, "<g class=\"chart-funded\"><line x1=\"%.1f\" "
		    "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1a5e20\" "
		    "stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/><title>Funded ",
		    px(&p, c->funded_at), PT, px(&p, c->funded_at), PB) != SG_BUF_OK ||
		    sg_chart_escape(o, a, sizeof(a)) == -1 ||
		    sg_buf_adds(o, "</title></g>") != SG_BUF_OK)
			return -1;
	}
	/* The time axis: start and end; the value axis: 0. */
	date_text(c->t0, hours, a, sizeof(a));
	date_text(c->t1, hours, b, sizeof(b));
	value_text(c, 0, v, sizeof(v));
	if (sg_buf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" "
	    "fill=\"#222\">", PL, H - 8) != SG_BUF_OK ||
	    sg_chart_escape(o, a, sizeof(a)) == -1 ||
	    sg_buf_printf(o, "</text><text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" "
	    "fill=\"#222\" text-anchor=\"end\">", PR, H - 8) != SG_BUF_OK ||
	    sg_chart_escape(o, b, sizeof(b)) == -1 ||
	    sg_buf_printf(o, "</text><text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" "
	    "fill=\"#222\">", PL + 2, PB - 4) != SG_BUF_OK ||
	    sg_chart_escape(o, v, SG_CHART_LABEL_MAX) == -1 ||
	    sg_buf_adds(o, "</text>") != SG_BUF_OK)
		return -1;
	if (c->nbars > 0 && svg_bars(o, &p) == -1)
		return -1;
	return sg_buf_adds(o, "</svg>") == SG_BUF_OK ? 0 : -1;
}
