/*
 * product.h — the service layer of the product catalog: the pipeline's
 * product sync.  Conventions: service/service.h.
 */
#ifndef SG_SERVICE_PRODUCT_H
#define SG_SERVICE_PRODUCT_H

#include <stdint.h>

#include "domain/product.h"
#include "service/service.h"

struct sg_db;

/*
 * Insert or replace product id of store_id with p (validated by
 * sg_product_parse()), and in the same transaction bump the version of the
 * campaigns that show it as a gift, so no widget caches the new title
 * under the old version.  *created is 1 when the product was new.
 * SVC_OK or a db code.
 */
int	svc_product_put(struct sg_db *, int64_t store_id, const char *id,
	    const struct sg_product_input *p, int *created);

#endif
