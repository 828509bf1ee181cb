/*
 * internal.h — helpers shared by the service files (internal.c); not for
 * callers outside src/service/.
 */
#ifndef SG_SERVICE_INTERNAL_H
#define SG_SERVICE_INTERNAL_H

#include <stdint.h>

#include "db/campaign.h"
#include "db/milestone.h"
#include "service/service.h"

/* Roll back and pass rc on (for "goto fail" paths). */
int	svc_fail(struct sg_db *, int rc);
/* A db lookup's result as a service status: 0 (not found) -> SVC_NOT_FOUND. */
int	svc_found(int rc);

#endif
