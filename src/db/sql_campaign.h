/*
 * sql_campaign.h — the statements of the campaign entity (db/campaign.c),
 * as X(name, text) entries of SG_SQL_CAMPAIGN (see sql.h for the
 * conventions).
 *
 * Locking: every statement that changes a campaign's counters, milestones
 * or grants runs in a transaction that first locked the campaign row with
 * one of the ..._LOCK statements, always in campaign id order.
 */
#ifndef SG_DB_SQL_CAMPAIGN_H
#define SG_DB_SQL_CAMPAIGN_H

/* Columns read by db_campaign_read() (db/campaign.c). */
#define SG_SQL_CAMPAIGN_COLS \
	"c.id, c.slug, c.title, c.description, c.goal_kind, c.goal, " \
	"c.starts_at, c.ends_at, c.status, c.units, c.amount, c.orders, " \
	"c.backers, c.counted_seq, c.version, c.created_at, c.updated_at, " \
	"c.theme, c.accent, c.radius "

#define SG_SQL_CAMPAIGN \
	/* i:store s:slug -> campaign cols */ \
	X(SQL_CAMPAIGN_GET, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS "FROM campaigns c " \
	    "WHERE c.store_id = ? AND c.slug = ?") \
	X(SQL_CAMPAIGN_LOCK, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS "FROM campaigns c " \
	    "WHERE c.store_id = ? AND c.slug = ? FOR UPDATE") \
	/* i:id -> campaign cols */ \
	X(SQL_CAMPAIGN_LOCK_ID, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS "FROM campaigns c " \
	    "WHERE c.id = ? FOR UPDATE") \
	/* i:store s:after i:limit -> campaign cols */ \
	X(SQL_CAMPAIGN_LIST, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS "FROM campaigns c " \
	    "WHERE c.store_id = ? AND c.slug > ? ORDER BY c.slug LIMIT ?") \
	/* i:campaign -> product_id */ \
	X(SQL_CAMPAIGN_PRODUCTS, \
	    "SELECT product_id FROM campaign_products WHERE campaign_id = ? " \
	    "ORDER BY product_id") \
	/* i:store s:slug s:title s:description s:goal_kind i:goal s:starts \
	   s:ends s:status s:theme s:accent i:radius (-1: none) */ \
	X(SQL_CAMPAIGN_INSERT, \
	    "INSERT INTO campaigns (store_id, slug, title, description, goal_kind, " \
	    "goal, starts_at, ends_at, status, theme, accent, radius) " \
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, -1))") \
	/* s:slug s:title s:description s:goal_kind i:goal s:starts s:ends \
	   s:status s:theme s:accent i:radius (-1: none) i:id */ \
	X(SQL_CAMPAIGN_UPDATE, \
	    "UPDATE campaigns SET slug = ?, title = ?, description = ?, " \
	    "goal_kind = ?, goal = ?, starts_at = ?, ends_at = ?, status = ?, " \
	    "theme = ?, accent = ?, radius = NULLIF(?, -1), " \
	    "version = version + 1, rules_version = rules_version + 1, " \
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:campaign */ \
	X(SQL_CAMPAIGN_PRODUCTS_CLEAR, \
	    "DELETE FROM campaign_products WHERE campaign_id = ?") \
	/* i:campaign s:product */ \
	X(SQL_CAMPAIGN_PRODUCT_ADD, \
	    "INSERT INTO campaign_products (campaign_id, product_id) VALUES (?, ?)") \
	/* i:campaign -> 1 when an order ever counted in it */ \
	X(SQL_CAMPAIGN_HAS_ORDERS, \
	    "SELECT COUNT(*) FROM (SELECT 1 FROM order_campaigns " \
	    "WHERE campaign_id = ? LIMIT 1) t") \
	/* i:id */ \
	X(SQL_CAMPAIGN_DELETE, "DELETE FROM campaigns WHERE id = ?") \
	/* i:id */ \
	X(SQL_CAMPAIGN_BUMP, \
	    "UPDATE campaigns SET version = version + 1, " \
	    "rules_version = rules_version + 1, " \
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:seq i:id — a sequence number taken for a reach at save time */ \
	X(SQL_CAMPAIGN_SET_SEQ, \
	    "UPDATE campaigns SET counted_seq = ?, version = version + 1, " \
	    "rules_version = rules_version + 1, " \
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:units i:amount i:orders i:backers i:seq i:versions i:rules i:id — \
	   deltas, new seq, version steps (one per order counted); rules 1 \
	   when an order reaches a milestone */ \
	X(SQL_CAMPAIGN_COUNT, \
	    "UPDATE campaigns SET units = units + ?, amount = amount + ?, " \
	    "orders = orders + ?, backers = backers + ?, counted_seq = ?, " \
	    "version = version + ?, rules_version = rules_version + ?, " \
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:id -> campaign cols, rules_version */ \
	X(SQL_CAMPAIGN_LOCK_ID_RULES, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS ", c.rules_version FROM campaigns c " \
	    "WHERE c.id = ? FOR UPDATE") \
	/* \
	 * i:id -> campaign cols, rules_version, the campaign's last event \
	 * seq: the subquery runs once the row is locked (every writer of the \
	 * campaign's events holds the lock), and the unique key \
	 * events_campaign_seq would refuse a number taken twice \
	 */ \
	X(SQL_CAMPAIGN_LOCK_ID_EVENTS, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS ", c.rules_version, (SELECT " \
	    "COALESCE(MAX(e.seq), 0) FROM events e WHERE e.campaign_id = c.id) " \
	    "FROM campaigns c WHERE c.id = ? FOR UPDATE") \
	/* i:id -> rules_version */ \
	X(SQL_CAMPAIGN_RULES_VERSION, \
	    "SELECT rules_version FROM campaigns WHERE id = ?")

#endif

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
	    "WHERE oc.campaign_id = ? ORDER BY oc.counted_seq DESC LIMIT ?") \
	/* i:store i:archived (0/1) i:limit i:offset -> campaign cols, newest first */ \
	X(SQL_ADMIN_CAMPAIGN_LIST_SHOWN, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS "FROM campaigns c WHERE c.store_id = ? " \
	    "AND (c.archived_at IS NOT NULL) = ? " \
	    "ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?") \
	/* i:store i:archived -> count */ \
	X(SQL_ADMIN_CAMPAIGN_COUNT_SHOWN, \
	    "SELECT COUNT(*) FROM campaigns WHERE store_id = ? " \
	    "AND (archived_at IS NOT NULL) = ?") \
	/* i:campaign -> 1 archived, 0 not */ \
	X(SQL_ADMIN_CAMPAIGN_ARCHIVED, \
	    "SELECT archived_at IS NOT NULL FROM campaigns WHERE id = ?") \
	/* i:archived (0/1) i:campaign */ \
	X(SQL_ADMIN_CAMPAIGN_SET_ARCHIVED, \
	    "UPDATE campaigns SET archived_at = " \
	    "IF(?, COALESCE(archived_at, UTC_TIMESTAMP(6)), NULL) WHERE id = ?") \
	/* i:store s:slug -> 1 when taken */ \
	X(SQL_ADMIN_CAMPAIGN_SLUG_TAKEN, \
	    "SELECT COUNT(*) FROM campaigns WHERE store_id = ? AND slug = ?")

#endif
