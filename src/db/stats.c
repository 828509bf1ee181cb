/*
 * stats.c — the dashboard's aggregates of a campaign (see stats.h).
 */
#include "config.h"

#include <string.h>

#include "db/internal.h"
#include "db/stats.h"
#include "domain/chart.h"

int
db_stats_buckets(struct sg_db *db, int64_t campaign_id, sg_usec_t origin,
    int64_t sec, int64_t n, struct db_stats_bucket *b)
{
	const enum sqlstmt	 q = SQL_STATS_BUCKETS;
	char			 t[SG_TIME_FMT_MAX];
	int64_t			 k;
	int			 rc;

	if (n < 1 || n > SG_CHART_BUCKETS_MAX || sec < 1)
		return DB_ERR;
	memset(b, 0, (size_t)n * sizeof(*b));
	if ((rc = db_exec(db, q, "siiii", db_time_sql(origin, t), sec, n - 1,
	    campaign_id, n)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		k = db_col_i64(db, q, 0);
		if (k < 0 || k >= n)
			continue;
		b[k].units = db_col_i64(db, q, 1);
		b[k].amount = db_col_i64(db, q, 2);
		b[k].orders = db_col_i64(db, q, 3);
		b[k].new_backers = db_col_i64(db, q, 4);
	}
	db_done(db, q);
	return rc < 0 ? rc : DB_OK;
}

int
db_stats_funded_at(struct sg_db *db, int64_t campaign_id, int money,
    int64_t goal, sg_usec_t *at)
{
	const enum sqlstmt	 q = SQL_STATS_FUNDED_AT;
	int			 rc, found = 0;

	*at = 0;
	if ((rc = db_exec(db, q, "iii", (int64_t)(money != 0), campaign_id,
	    goal)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0)
		found = db_col_time(db, q, 0, at);
	db_done(db, q);
	return rc < 0 ? rc : found;
}

int
db_stats_lines(struct sg_db *db, int64_t campaign_id, int64_t limit,
    int (*fn)(const struct db_stats_line *, void *), void *arg)
{
	const enum sqlstmt	 q = SQL_STATS_LINES;
	struct db_stats_line	 l;
	int			 rc, n = 0;

	if ((rc = db_exec(db, q, "ii", campaign_id, limit)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		memset(&l, 0, sizeof(l));
		l.id = db_col_i64(db, q, 0);
		l.target = db_col_i64(db, q, 1);
		db_col_copy(db, q, 2, l.title, sizeof(l.title));
		l.reached = db_col_time(db, q, 3, &l.reached_at);
		if (fn(&l, arg) == -1) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_done(db, q);
	return rc < 0 ? rc : n;
}
