/*
 * stats.h — the dashboard's aggregates of a campaign (issue 12, item 9):
 * progress, orders and new backers per time bucket, the funded moment and
 * the milestone lines of the chart.  Reads only, no transaction needed.
 * Return convention: see db/db.h.
 *
 * What counts is what counts now: the active contributions (order_campaigns
 * with active = 1) with their current units and amount, so a cancel removes
 * an order from its bucket and a refund lowers it there.  Each order goes by
 * the time it was placed (orders.placed_at); a backer is new in the bucket
 * of their first active order.  An order placed before the origin goes to
 * bucket 0, one after the last bucket to the last.
 */
#ifndef SG_DB_STATS_H
#define SG_DB_STATS_H

#include <stdint.h>

#include "db/db.h"
#include "domain/timefmt.h"
#include "domain/validate.h"

struct db_stats_bucket {
	int64_t		 units, amount;	/* counted in the bucket */
	int64_t		 orders;	/* active orders placed in it */
	int64_t		 new_backers;	/* backers whose first active order it holds */
};

/*
 * b[0 … n-1] (n <= SG_CHART_BUCKETS_MAX, domain/chart.h) of sec seconds
 * each from origin: zeroed, then filled.  DB_OK or < 0.
 */
int	db_stats_buckets(struct sg_db *, int64_t campaign_id, sg_usec_t origin,
	    int64_t sec, int64_t n, struct db_stats_bucket *b);

/*
 * The funded moment: when the running total of the active contributions
 * in counting order (money: amount; else units) first reached goal; the
 * placed_at of that order in *at.  1 found, 0 not funded, < 0.
 */
int	db_stats_funded_at(struct sg_db *, int64_t campaign_id, int money,
	    int64_t goal, sg_usec_t *at);

struct db_stats_line {
	int64_t		 id, target;
	char		 title[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	int		 reached;
	sg_usec_t	 reached_at;	/* placed_at of the reaching order, else reached_at */
};

/* The campaign's milestones by target, at most limit: fn per row (-1 stops: DB_ERR); rows or < 0. */
int	db_stats_lines(struct sg_db *, int64_t campaign_id, int64_t limit,
	    int (*fn)(const struct db_stats_line *, void *), void *arg);

#endif
