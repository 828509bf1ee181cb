/*
 * sql_product.h — the statements of the product entity (db/product.c),
 * as X(name, text) entries of SG_SQL_PRODUCT (see sql.h for the
 * conventions).
 */
#ifndef SG_DB_SQL_PRODUCT_H
#define SG_DB_SQL_PRODUCT_H

/* Columns read by product_read() (db/product.c). */
#define SG_SQL_PRODUCT_COLS \
	"product_id, title, price, image_url, variants, updated_at "

#define SG_SQL_PRODUCT \
	/* i:store s:product s:title i:price s:image s:variants */ \
	X(SQL_PRODUCT_UPSERT, \
	    "INSERT INTO products (store_id, product_id, title, price, image_url, variants) " \
	    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE title = VALUES(title), " \
	    "price = VALUES(price), image_url = VALUES(image_url), " \
	    "variants = VALUES(variants), updated_at = UTC_TIMESTAMP(6)") \
	/* i:store s:product — the widget shows a gift's product title: a \
	   product sync changes the version of every campaign with a gift \
	   milestone of that product */ \
	X(SQL_PRODUCT_CAMPAIGNS_BUMP, \
	    "UPDATE campaigns c SET c.version = c.version + 1 WHERE c.store_id = ? " \
	    "AND EXISTS (SELECT 1 FROM milestones m WHERE m.campaign_id = c.id " \
	    "AND m.reward = 'gift' AND m.gift_product_id = ?)") \
	/* i:store s:product -> product cols */ \
	X(SQL_PRODUCT_GET, \
	    "SELECT " SG_SQL_PRODUCT_COLS \
	    "FROM products WHERE store_id = ? AND product_id = ?") \
	/* i:store s:pattern s:pattern i:limit -> product cols */ \
	X(SQL_PRODUCT_SEARCH, \
	    "SELECT " SG_SQL_PRODUCT_COLS \
	    "FROM products WHERE store_id = ? AND (title LIKE ? OR " \
	    "CONVERT(product_id USING utf8mb4) COLLATE utf8mb4_unicode_ci LIKE ?) " \
	    "ORDER BY product_id LIMIT ?")

#endif

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
	    "ORDER BY title, product_id LIMIT ?") \
	/* i:store s:like s:like -> how many products the search matches */ \
	X(SQL_ADMIN_PRODUCT_COUNT, \
	    "SELECT COUNT(*) FROM products " \
	    "WHERE store_id = ? AND (title LIKE ? OR " \
	    "CONVERT(product_id USING utf8mb4) COLLATE utf8mb4_unicode_ci LIKE ?)")

#endif
