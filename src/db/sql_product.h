/* --- admin reads --- */
/*
 * The admin's product reads (db/product.c), as X(name, text) entries of
 * SG_SQL_ADMIN_PRODUCT (see sql.h for the conventions).
 */
#ifndef SG_DB_SQL_PRODUCT_ADMIN_H
#define SG_DB_SQL_PRODUCT_ADMIN_H

#define SG_SQL_ADMIN_PRODUCT \
	/* i:store s:like s:like i:limit -> product_id title price variants \
	   image_url: title or id contains the text */ \
	X(SQL_ADMIN_PRODUCT_SEARCH, \
	    "SELECT product_id, title, price, variants, image_url FROM products " \
	    "WHERE store_id = ? AND (title LIKE ? OR " \
	    "CONVERT(product_id USING utf8mb4) COLLATE utf8mb4_unicode_ci LIKE ?) " \
	    "ORDER BY title, product_id LIMIT ?")

#endif
