/*
 * chart.h — the campaign's funding over time as an inline SVG (issue 12,
 * item 9): a pure function of a series of (time, cumulative progress)
 * points and the milestone lines, drawn by the admin dashboard.
 *
 * Conventions (domain/): nothing here touches the database; every text put
 * into the SVG is XML-escaped; the output is bounded: at most
 * SG_CHART_POINTS_MAX points are drawn (longer series are downsampled by
 * sg_chart_downsample()), at most SG_CHART_LINES_MAX milestone lines, and
 * labels are cut to SG_CHART_LABEL_MAX bytes (at a UTF-8 boundary), at most
 * SG_CHART_BUCKETS_MAX bars, so the SVG never exceeds SG_CHART_SVG_MAX bytes.
 */
#ifndef SG_DOMAIN_CHART_H
#define SG_DOMAIN_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "domain/timefmt.h"
#include "util/buf.h"

#define SG_CHART_POINTS_MAX	240	/* points drawn */
#define SG_CHART_LINES_MAX	50	/* milestone lines drawn */
#define SG_CHART_LABEL_MAX	120	/* bytes of a label or value text */
#define SG_CHART_TEXT_MAX	1000	/* bytes of the title and the description */
#define SG_CHART_SVG_MAX	(256u * 1024u)	/* upper bound of the output */

/* Buckets of the aggregation (see sg_chart_buckets()). */
#define SG_CHART_BUCKETS_MAX	400
#define SG_CHART_HOURLY_MAX_SEC	(3 * 86400)	/* up to 3 days: hourly */

struct sg_chart_point {
	sg_usec_t	 t;
	int64_t		 v;	/* cumulative progress at t (negative: 0) */
};

struct sg_chart_line {
	int64_t		 target;
	const char	*label;		/* e.g. "Stickers"; the value is added */
	int		 reached;
	sg_usec_t	 reached_at;	/* when reached */
	int		 is_goal;	/* the campaign's goal (drawn solid) */
};

/* One period of the bars under the chart: orders and new backers in it. */
struct sg_chart_bar {
	sg_usec_t	 t0, t1;	/* the period */
	int64_t		 orders;
	int64_t		 new_backers;
};

/* Writes v as text (e.g. "$1,234.00") into dst of size bytes. */
typedef void (*sg_chart_fmt_fn)(char *dst, size_t size, int64_t v, void *arg);

struct sg_chart {
	const char			*title;	/* <title> */
	const char			*desc;	/* <desc>: the summary in words */
	const char			*id;	/* prefix of element ids, [a-z0-9-] */
	sg_usec_t			 t0, t1;	/* the time axis */
	const struct sg_chart_point	*pts;	/* in time order */
	size_t				 npts;
	const struct sg_chart_line	*lines;
	size_t				 nlines;
	const struct sg_chart_bar	*bars;	/* none: no bar panel */
	size_t				 nbars;	/* at most SG_CHART_BUCKETS_MAX drawn */
	const char			*bars_label;	/* e.g. "Orders and new backers per day" */
	int				 funded;	/* draw the funded moment */
	sg_usec_t			 funded_at;
	sg_chart_fmt_fn			 fmt;
	void				*fmt_arg;
};

/*
 * The bucket of the aggregation for a time axis t0 … t1: one hour when the
 * span is at most SG_CHART_HOURLY_MAX_SEC, else one day, else (a span of
 * more than SG_CHART_BUCKETS_MAX days) as many whole days as keep the
 * count at SG_CHART_BUCKETS_MAX.  *sec: the bucket's length in seconds,
 * *n: buckets covering t0 … t1 (1 … SG_CHART_BUCKETS_MAX).  t1 <= t0
 * gives one hourly bucket.
 */
void	sg_chart_buckets(sg_usec_t t0, sg_usec_t t1, int64_t *sec, int64_t *n);

/*
 * Downsample pts (n points in time order) into out (room for max >= 2
 * points): when n <= max a copy; else the first point and, of each of
 * max - 1 equal groups of the rest, the last point (so a non-decreasing
 * cumulative series keeps its end value and its envelope).  Returns the
 * number of points written.
 */
size_t	sg_chart_downsample(const struct sg_chart_point *pts, size_t n,
	    struct sg_chart_point *out, size_t max);

/*
 * Append the SVG of c to out.  0, or -1 on no memory (out's cap reached).
 * Points beyond SG_CHART_POINTS_MAX are downsampled, lines beyond
 * SG_CHART_LINES_MAX dropped (the goal line is kept), times outside
 * t0 … t1 clamped.
 */
int	sg_chart_svg(const struct sg_chart *c, struct sg_buf *out);

/* Append s XML-escaped, cut to at most max bytes of s at a UTF-8 boundary. */
int	sg_chart_escape(struct sg_buf *out, const char *s, size_t max);

#endif
