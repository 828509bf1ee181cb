/* --- admin reads --- */
/*
 * The admin's campaign reads (db/campaign.c), as X(name, text) entries of
 * SG_SQL_ADMIN_CAMPAIGN (see sql.h for the conventions).  Every statement
 * that reads a store's data takes the store id from the session.
 */
#ifndef SG_DB_SQL_CAMPAIGN_ADMIN_H
#define SG_DB_SQL_CAMPAIGN_ADMIN_H

#define SG_SQL_ADMIN_CAMPAIGN \
	/* i:store i:limit i:offset -> campaign cols, newest first */ \
	X(SQL_ADMIN_CAMPAIGN_LIST, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS "FROM campaigns c WHERE c.store_id = ? " \
	    "ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?") \
	/* i:campaign -> 1 when an order has ever counted in it, else 0 */ \
	X(SQL_ADMIN_CAMPAIGN_COUNTED, \
	    "SELECT EXISTS (SELECT 1 FROM order_campaigns WHERE campaign_id = ?)") \
	/* i:campaign -> product_id title (NULL when not in the catalog) */ \
	X(SQL_ADMIN_CAMPAIGN_PRODUCTS, \
	    "SELECT cp.product_id, p.title FROM campaign_products cp " \
	    "JOIN campaigns c ON c.id = cp.campaign_id " \
	    "LEFT JOIN products p ON p.store_id = c.store_id AND p.product_id = cp.product_id " \
	    "WHERE cp.campaign_id = ? ORDER BY cp.product_id") \
	/* i:campaign i:limit -> external_id backer placed_at units amount active */ \
	X(SQL_ADMIN_RECENT_ORDERS, \
	    "SELECT o.external_id, oc.backer, o.placed_at, oc.units, oc.amount, oc.active " \
	    "FROM order_campaigns oc JOIN orders o ON o.id = oc.order_id " \
	    "WHERE oc.campaign_id = ? ORDER BY oc.counted_seq DESC LIMIT ?")

#endif
