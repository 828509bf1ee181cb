/*
 * sql_stats.h — the dashboard's aggregates (db/stats.c).
 *
 * The bucket of an order: FLOOR(seconds from the origin / bucket length),
 * clamped to 0 … n-1, so the rows are at most n however the orders lie.
 * They read the campaign's contributions through order_campaigns_backer
 * (campaign_id, backer, active, counted_seq) and the orders by primary key
 * (EXPLAIN: ref on order_campaigns, eq_ref on orders; tests/integration/
 * it_dashboard_chart.c checks it).
 */
#ifndef SG_DB_SQL_STATS_H
#define SG_DB_SQL_STATS_H

#define SG_SQL_STATS_BUCKET(col) \
	"LEAST(GREATEST(FLOOR(TIMESTAMPDIFF(SECOND, ?, " col ") / ?), 0), ?)"

#define SG_SQL_STATS \
	/*
	 * s:origin i:sec i:n-1 i:campaign i:n -> bucket units amount orders
	 * new_backers, in one read of the contributions: a backer's first
	 * active order (by placed_at, then id) counts them as new
	 */ \
	X(SQL_STATS_BUCKETS, \
	    "SELECT " SG_SQL_STATS_BUCKET("t.placed_at") " AS b, " \
	    "SUM(t.units), SUM(t.amount), COUNT(*), SUM(t.first) " \
	    "FROM (SELECT o.placed_at, oc.units, oc.amount, ROW_NUMBER() OVER " \
	    "(PARTITION BY oc.backer ORDER BY o.placed_at, oc.order_id) = 1 AS first " \
	    "FROM order_campaigns oc JOIN orders o ON o.id = oc.order_id " \
	    "WHERE oc.campaign_id = ? AND oc.active = 1) t " \
	    "GROUP BY b ORDER BY b LIMIT ?") \
	/* i:money (0/1) i:campaign i:goal -> placed_at */ \
	X(SQL_STATS_FUNDED_AT, \
	    "SELECT o.placed_at FROM (SELECT oc.order_id, oc.counted_seq, " \
	    "SUM(IF(?, oc.amount, oc.units)) OVER (ORDER BY oc.counted_seq " \
	    "ROWS UNBOUNDED PRECEDING) AS run FROM order_campaigns oc " \
	    "WHERE oc.campaign_id = ? AND oc.active = 1) r " \
	    "JOIN orders o ON o.id = r.order_id WHERE r.run >= ? " \
	    "ORDER BY r.counted_seq LIMIT 1") \
	/*
	 * i:campaign i:limit -> id target title reached_at, where reached_at is
	 * the placed_at of the order that reached it (the series' clock), or
	 * the time of the edit that did; progress milestones only (the chart
	 * is the progress's: a backers milestone, rule 10, is not a line on it)
	 */ \
	X(SQL_STATS_LINES, \
	    "SELECT m.id, m.target, m.title, " \
	    "IF(m.reached_at IS NULL, NULL, COALESCE(o.placed_at, m.reached_at)) " \
	    "FROM milestones m LEFT JOIN orders o ON o.id = m.reached_order_id " \
	    "WHERE m.campaign_id = ? AND m.metric = 'progress' " \
	    "ORDER BY m.target LIMIT ?")

#endif
