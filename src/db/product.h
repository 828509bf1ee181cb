/* --- admin reads --- */
/*
 * The admin's product reads (db/product.c): the catalog picker.  Return
 * convention: see db/db.h.
 */
#ifndef SG_DB_PRODUCT_ADMIN_H
#define SG_DB_PRODUCT_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/validate.h"

/* A catalog product as the picker shows it. */
struct db_product_pick {
	char		 product_id[SG_EXTID_MAX + 1];
	char		 title[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	int64_t		 price;
	const char	*variants;	/* JSON text as synced, or NULL */
	int		 has_image;
	char		 image_url[SG_URL_MAX_BYTES + 1];
};

/*
 * Products of store_id whose title or id contains q (every product when q
 * is ""; LIKE's wildcards in q match themselves), by title, at most limit,
 * through fn (valid during the call only; no other statement may run from
 * it; -1 stops and makes the result DB_ERR).  Rows (>= 0) or < 0.
 */
int	db_product_search_admin(struct sg_db *, int64_t store_id, const char *q,
	    int64_t limit, int (*fn)(const struct db_product_pick *, void *),
	    void *arg);

#endif
