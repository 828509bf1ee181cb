/*
 * internal.h — helpers shared by the service files (campaign.c, order.c);
 * not for callers outside src/service/.
 */
#ifndef SG_SERVICE_INTERNAL_H
#define SG_SERVICE_INTERNAL_H

#include <stdint.h>

#include "db/campaign.h"
#include "db/milestone.h"

/* START TRANSACTION at READ COMMITTED (reads after a lock see the latest). */
int	svc_begin(struct sg_db *);
/* Roll back and pass rc on (for "goto fail" paths). */
int	svc_fail(struct sg_db *, int rc);
/*
 * Rule 5 at the moment a gift milestone of scope "all" is reached: grant
 * it to every backer of campaign_id with an active counted order and none
 * yet, on their earliest active counted order (one INSERT ... SELECT).
 * The campaign row must be locked.  DB_OK or < 0.
 */
int	svc_reach_fanout(struct sg_db *, int64_t store_id, int64_t campaign_id,
	    const struct db_milestone_rule *m);
/* DATETIME text of t into buf (SG_TIME_FMT_MAX); returns buf. */
const char *svc_time_sql(sg_usec_t t, char *buf);

#endif
