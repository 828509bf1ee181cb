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

#endif
