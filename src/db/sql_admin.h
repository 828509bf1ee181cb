/*
 * sql_admin.h — the SQL statements of the admin module, as X(name, text)
 * entries of SG_SQL_ADMIN (see sql.h for the conventions).
 *
 * Every statement that reads or changes a store's data takes the store id
 * from the session, so a creator can never reach another store's rows.
 * Session validity (idle 30 minutes, absolute 8 hours) is decided here, in
 * the database's clock, so that every program host agrees.
 */
#ifndef SG_DB_SQL_ADMIN_H
#define SG_DB_SQL_ADMIN_H

#define SG_SQL_ADMIN \
	/* s:email -> id store_id password_hash */ \
	X(SQL_ADMIN_USER_BY_EMAIL, \
	    "SELECT id, store_id, password_hash FROM users WHERE email = ?") \
	/* b:id_hash i:user s:csrf */ \
	X(SQL_ADMIN_SESSION_INSERT, \
	    "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) " \
	    "VALUES (?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))") \
	/* b:id_hash -> user_id csrf store_id email seen_secs_ago */ \
	X(SQL_ADMIN_SESSION_GET, \
	    "SELECT s.user_id, s.csrf_token, u.store_id, u.email, " \
	    "TIMESTAMPDIFF(SECOND, s.last_seen_at, UTC_TIMESTAMP(6)) " \
	    "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? " \
	    "AND s.last_seen_at > UTC_TIMESTAMP(6) - INTERVAL 30 MINUTE " \
	    "AND s.created_at > UTC_TIMESTAMP(6) - INTERVAL 8 HOUR") \
	/* b:id_hash */ \
	X(SQL_ADMIN_SESSION_TOUCH, \
	    "UPDATE sessions SET last_seen_at = UTC_TIMESTAMP(6) WHERE id_hash = ?") \
	/* b:id_hash */ \
	X(SQL_ADMIN_SESSION_DELETE, "DELETE FROM sessions WHERE id_hash = ?") \
	/* i:user: drop the user's expired sessions */ \
	X(SQL_ADMIN_SESSION_PURGE, \
	    "DELETE FROM sessions WHERE user_id = ? AND " \
	    "(last_seen_at <= UTC_TIMESTAMP(6) - INTERVAL 30 MINUTE " \
	    "OR created_at <= UTC_TIMESTAMP(6) - INTERVAL 8 HOUR)") \
	/* s:key s:window_start -> failures */ \
	X(SQL_ADMIN_FAILURES_GET, \
	    "SELECT failures FROM login_failures WHERE k = ? AND window_start = ?") \
	/* s:key s:window_start */ \
	X(SQL_ADMIN_FAILURES_ADD, \
	    "INSERT INTO login_failures (k, window_start, failures) VALUES (?, ?, 1) " \
	    "ON DUPLICATE KEY UPDATE failures = failures + 1") \
	/* s:key */ \
	X(SQL_ADMIN_FAILURES_CLEAR, "DELETE FROM login_failures WHERE k = ?") \
	/* s:window_start: forget windows that ended */ \
	X(SQL_ADMIN_FAILURES_PURGE, \
	    "DELETE FROM login_failures WHERE window_start < ?") \
	/* i:store i:limit i:offset -> id slug title status goal_kind goal units \
	   amount orders backers, newest first */ \
	X(SQL_ADMIN_CAMPAIGN_LIST, \
	    "SELECT id, slug, title, status, goal_kind, goal, units, amount, orders, " \
	    "backers FROM campaigns WHERE store_id = ? ORDER BY created_at DESC, id DESC " \
	    "LIMIT ? OFFSET ?") \
	/* i:store s:slug -> id slug title description goal_kind goal starts_at \
	   ends_at status units amount orders backers version */ \
	X(SQL_ADMIN_CAMPAIGN_GET, \
	    "SELECT id, slug, title, description, goal_kind, goal, starts_at, ends_at, " \
	    "status, units, amount, orders, backers, version " \
	    "FROM campaigns WHERE store_id = ? AND slug = ?") \
	/* i:campaign -> 1 when an order has ever counted in it, else 0 */ \
	X(SQL_ADMIN_CAMPAIGN_COUNTED, \
	    "SELECT EXISTS (SELECT 1 FROM order_campaigns WHERE campaign_id = ?)") \
	/* i:campaign -> product_id title (NULL when not in the catalog) */ \
	X(SQL_ADMIN_CAMPAIGN_PRODUCTS, \
	    "SELECT cp.product_id, p.title FROM campaign_products cp " \
	    "JOIN campaigns c ON c.id = cp.campaign_id " \
	    "LEFT JOIN products p ON p.store_id = c.store_id AND p.product_id = cp.product_id " \
	    "WHERE cp.campaign_id = ? ORDER BY cp.product_id") \
	/* i:store s:like s:like -> product_id title price variants image_url */ \
	X(SQL_ADMIN_PRODUCT_SEARCH, \
	    "SELECT product_id, title, price, variants, image_url FROM products " \
	    "WHERE store_id = ? AND (title LIKE ? OR " \
	    "CONVERT(product_id USING utf8mb4) COLLATE utf8mb4_unicode_ci LIKE ?) " \
	    "ORDER BY title, product_id LIMIT 50") \
	/* i:campaign -> id target title image_url before_text after_text reward \
	   gift_product_id gift_variant_id gift_quantity scope reached_at \
	   reached_order pending fulfilled void */ \
	X(SQL_ADMIN_MILESTONE_LIST, \
	    "SELECT m.id, m.target, m.title, m.image_url, m.before_text, m.after_text, " \
	    "m.reward, m.gift_product_id, m.gift_variant_id, m.gift_quantity, m.scope, " \
	    "m.reached_at, o.external_id, " \
	    "(SELECT COUNT(*) FROM grants g WHERE g.milestone_id = m.id AND g.status = 'pending'), " \
	    "(SELECT COUNT(*) FROM grants g WHERE g.milestone_id = m.id AND g.status = 'fulfilled'), " \
	    "(SELECT COUNT(*) FROM grants g WHERE g.milestone_id = m.id AND g.status = 'void') " \
	    "FROM milestones m LEFT JOIN orders o ON o.id = m.reached_order_id " \
	    "WHERE m.campaign_id = ? ORDER BY m.target") \
	/* i:campaign i:milestone -> id target title image_url before_text after_text \
	   reward gift_product_id gift_variant_id gift_quantity scope reached_at */ \
	X(SQL_ADMIN_MILESTONE_GET, \
	    "SELECT id, target, title, image_url, before_text, after_text, reward, " \
	    "gift_product_id, gift_variant_id, gift_quantity, scope, reached_at " \
	    "FROM milestones WHERE campaign_id = ? AND id = ?") \
	/* i:campaign -> external_id backer placed_at units amount active */ \
	X(SQL_ADMIN_RECENT_ORDERS, \
	    "SELECT o.external_id, oc.backer, o.placed_at, oc.units, oc.amount, oc.active " \
	    "FROM order_campaigns oc JOIN orders o ON o.id = oc.order_id " \
	    "WHERE oc.campaign_id = ? ORDER BY oc.counted_seq DESC LIMIT 20") \
	/* i:store i:campaign i:limit i:offset -> id order milestone_id \
	   milestone_title backer product_id variant_id quantity status \
	   created_at fulfilled_at (one part of the export) */ \
	X(SQL_ADMIN_GRANTS_EXPORT, \
	    "SELECT g.id, o.external_id, g.milestone_id, m.title, g.backer, g.product_id, " \
	    "g.variant_id, g.quantity, g.status, g.created_at, g.fulfilled_at " \
	    "FROM grants g JOIN orders o ON o.id = g.order_id " \
	    "JOIN milestones m ON m.id = g.milestone_id " \
	    "WHERE g.store_id = ? AND g.campaign_id = ? ORDER BY g.id " \
	    "LIMIT ? OFFSET ?")

#endif
