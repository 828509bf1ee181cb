/*
 * product.h — the product entity: the store's catalog as synced by the
 * pipeline (PUT /api/v1/products/{id}), and the typed functions that write
 * and read it.  Return convention: see db/db.h.
 */
#ifndef SG_DB_PRODUCT_H
#define SG_DB_PRODUCT_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/validate.h"
#include "domain/timefmt.h"

struct db_product {
	char		 id[SG_EXTID_MAX + 1];
	char		 title[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	int64_t		 price;
	int		 has_image;
	char		 image_url[SG_URL_MAX_BYTES + 1];
	char		*variants;	/* JSON array text, malloc'd; NULL: none */
	sg_usec_t	 updated_at;
};

/*
 * Insert or replace product id of the store (image and variants may be
 * NULL; variants is JSON array text).  *created is 1 when it was new.
 */
int	db_product_upsert(struct sg_db *, int64_t store_id, const char *id,
	    const char *title, int64_t price, const char *image_url,
	    const char *variants, int *created);
/*
 * Bump the version of every campaign of the store with a gift milestone
 * of product id (the widget shows the gift's title).
 */
int	db_product_campaigns_bump(struct sg_db *, int64_t store_id,
	    const char *id);
/*
 * Product id of the store: > 0 found (free p->variants with
 * db_product_clear()), 0 not found, < 0 error.
 */
int	db_product_get(struct sg_db *, int64_t store_id, const char *id,
	    struct db_product *p);
/*
 * At most limit products of the store, by id, whose title contains q or
 * whose id starts with q (wildcards in q match themselves), into a
 * malloc'd array (*out, *n; free with db_products_free()).  DB_OK or < 0.
 */
int	db_product_search(struct sg_db *, int64_t store_id, const char *q,
	    int64_t limit, struct db_product **out, size_t *n);
void	db_product_clear(struct db_product *);
void	db_products_free(struct db_product *, size_t n);

#endif

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

/* How many products db_product_search_admin() matches without a limit. */
int	db_product_count_admin(struct sg_db *, int64_t store_id, const char *q,
	    int64_t *n);

#endif
