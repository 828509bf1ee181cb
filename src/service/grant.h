/*
 * grant.h — the service layer of the grant queue: the store marks a grant
 * shipped.  Conventions: service/service.h.
 */
#ifndef SG_SERVICE_GRANT_H
#define SG_SERVICE_GRANT_H

#include <stdint.h>

#include "db/grant.h"
#include "service/service.h"

struct sg_db;

/*
 * Mark grant id of store_id fulfilled (a fulfilled one stays so: the call
 * is idempotent) and read it back into *g.  SVC_NOT_FOUND when the store
 * has no such grant; SVC_CONFLICT when it is void (its order was
 * cancelled; nothing changes).
 */
int	svc_grant_fulfill(struct sg_db *, int64_t store_id, int64_t id,
	    struct db_grant *g);

/*
 * A page of store_id's grant queue: the grants that pass f (f->after is
 * the client's cursor; f->upto is set here), in commit order, into a
 * malloc'd array (*out, *n; free() it).  First gives the grants that have
 * committed since the last read their queue positions (db/cursor.h), in
 * the same transaction, so a client that resumes after the last position
 * it saw sees every grant exactly once, whatever the order in which the
 * writers committed.  SVC_OK or < 0.
 */
int	svc_grant_list(struct sg_db *, int64_t store_id,
	    struct db_grant_filter *f, struct db_grant **out, size_t *n);

/* Batches of db/cursor.h positioned by one read of the grant list. */
#define SVC_GRANT_LIST_BATCHES	4

/*
 * One part of the admin's grants export of campaign_id: limit rows from
 * offset in queue order, through fn (see db_grant_export_admin()), after
 * giving every newly committed grant its position (all of them: the parts
 * are counted in positions), in one transaction.  A
 * grant committed later gets a higher position, so the parts of an export
 * taken one after another never repeat or skip a row.  Rows (>= 0) or < 0.
 */
int	svc_grant_export_part(struct sg_db *, int64_t store_id,
	    int64_t campaign_id, int64_t limit, int64_t offset,
	    int (*fn)(const struct db_grant_export *, void *), void *arg);

/*
 * The admin's fulfilment (issue 12), one transaction each: mark fulfilled
 * the pending grants among ids[0..n) that belong to campaign_id of
 * store_id (others, and grants already fulfilled or void, are left as
 * they are), or every pending grant of milestone_id of campaign_id.
 * *done: how many changed.  SVC_OK or < 0.
 */
int	svc_grant_fulfill_some(struct sg_db *, int64_t store_id,
	    int64_t campaign_id, const int64_t *ids, size_t n, int64_t *done);
int	svc_grant_fulfill_milestone(struct sg_db *, int64_t store_id,
	    int64_t campaign_id, int64_t milestone_id, int64_t *done);

#endif
