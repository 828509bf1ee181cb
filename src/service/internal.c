/* internal.c — helpers shared by the service files; see service/internal.h. */
#include "config.h"

#include "db/db.h"
#include "service/internal.h"

int
svc_fail(struct sg_db *db, int rc)
{
	db_rollback(db);
	return rc;
}

int
svc_found(int rc)
{
	return rc == 0 ? SVC_NOT_FOUND : rc;
}
