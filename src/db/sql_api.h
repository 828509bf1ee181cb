/*
 * sql_api.h — the SQL statements of the api module, as X(name, text)
 * entries of SG_SQL_API (see sql.h for the conventions).
 *
 * Locking: every statement that changes a campaign's counters, milestones
 * or grants runs in a transaction that first locked the campaign row with
 * one of the ..._LOCK statements, always in campaign id order.
 */
#ifndef SG_DB_SQL_API_H
#define SG_DB_SQL_API_H

/* Columns read by db_campaign_read() (db/campaign.c). */
#define SG_SQL_CAMPAIGN_COLS \
	"c.id, c.slug, c.title, c.description, c.goal_kind, c.goal, " \
	"c.starts_at, c.ends_at, c.status, c.units, c.amount, c.orders, " \
	"c.backers, c.counted_seq, c.version, c.created_at, c.updated_at "

/* Columns read by db_milestone_read() (db/milestone.c). */
#define SG_SQL_MILESTONE_COLS \
	"m.id, m.campaign_id, m.target, m.title, m.image_url, m.before_text, " \
	"m.after_text, m.reward, m.gift_product_id, m.gift_variant_id, " \
	"m.gift_quantity, m.scope, m.reached_at, m.reached_seq, " \
	"ro.external_id, m.created_at, m.updated_at " \
	"FROM milestones m LEFT JOIN orders ro ON ro.id = m.reached_order_id "

/* Columns of a grant as the API shows it. */
#define SG_SQL_GRANT_COLS \
	"g.id, o.external_id, c.slug, g.milestone_id, g.backer, g.product_id, " \
	"g.variant_id, g.quantity, g.status, g.created_at " \
	"FROM grants g JOIN orders o ON o.id = g.order_id " \
	"JOIN campaigns c ON c.id = g.campaign_id "

#define SG_SQL_API \
	/* Next transaction only: every read sees the latest commit. */ \
	X(SQL_API_TX_READ_COMMITTED, \
	    "SET TRANSACTION ISOLATION LEVEL READ COMMITTED") \
	/* i:store s:slug -> campaign cols */ \
	X(SQL_API_CAMPAIGN_GET, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS "FROM campaigns c " \
	    "WHERE c.store_id = ? AND c.slug = ?") \
	X(SQL_API_CAMPAIGN_LOCK, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS "FROM campaigns c " \
	    "WHERE c.store_id = ? AND c.slug = ? FOR UPDATE") \
	/* i:id -> campaign cols */ \
	X(SQL_API_CAMPAIGN_LOCK_ID, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS "FROM campaigns c " \
	    "WHERE c.id = ? FOR UPDATE") \
	/* i:store s:after i:limit -> campaign cols */ \
	X(SQL_API_CAMPAIGN_LIST, \
	    "SELECT " SG_SQL_CAMPAIGN_COLS "FROM campaigns c " \
	    "WHERE c.store_id = ? AND c.slug > ? ORDER BY c.slug LIMIT ?") \
	/* i:campaign -> product_id */ \
	X(SQL_API_CAMPAIGN_PRODUCTS, \
	    "SELECT product_id FROM campaign_products WHERE campaign_id = ? " \
	    "ORDER BY product_id") \
	/* i:store s:slug s:title s:description s:goal_kind i:goal s:starts \
	   s:ends s:status */ \
	X(SQL_API_CAMPAIGN_INSERT, \
	    "INSERT INTO campaigns (store_id, slug, title, description, goal_kind, " \
	    "goal, starts_at, ends_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)") \
	/* s:slug s:title s:description s:goal_kind i:goal s:starts s:ends \
	   s:status i:id */ \
	X(SQL_API_CAMPAIGN_UPDATE, \
	    "UPDATE campaigns SET slug = ?, title = ?, description = ?, " \
	    "goal_kind = ?, goal = ?, starts_at = ?, ends_at = ?, status = ?, " \
	    "version = version + 1, updated_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:campaign */ \
	X(SQL_API_CAMPAIGN_PRODUCTS_CLEAR, \
	    "DELETE FROM campaign_products WHERE campaign_id = ?") \
	/* i:campaign s:product */ \
	X(SQL_API_CAMPAIGN_PRODUCT_ADD, \
	    "INSERT INTO campaign_products (campaign_id, product_id) VALUES (?, ?)") \
	/* i:campaign -> 1 when an order ever counted in it */ \
	X(SQL_API_CAMPAIGN_HAS_ORDERS, \
	    "SELECT COUNT(*) FROM (SELECT 1 FROM order_campaigns " \
	    "WHERE campaign_id = ? LIMIT 1) t") \
	/* i:id */ \
	X(SQL_API_CAMPAIGN_DELETE, "DELETE FROM campaigns WHERE id = ?") \
	/* i:id */ \
	X(SQL_API_CAMPAIGN_BUMP, \
	    "UPDATE campaigns SET version = version + 1, " \
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:seq i:id — a sequence number taken for a reach at save time */ \
	X(SQL_API_CAMPAIGN_SET_SEQ, \
	    "UPDATE campaigns SET counted_seq = ?, version = version + 1, " \
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:units i:amount i:orders i:backers i:seq i:id — deltas, new seq */ \
	X(SQL_API_CAMPAIGN_COUNT, \
	    "UPDATE campaigns SET units = units + ?, amount = amount + ?, " \
	    "orders = orders + ?, backers = backers + ?, counted_seq = ?, " \
	    "version = version + 1, updated_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:campaign i:id -> milestone cols */ \
	X(SQL_API_MILESTONE_GET, \
	    "SELECT " SG_SQL_MILESTONE_COLS "WHERE m.campaign_id = ? AND m.id = ?") \
	/* i:campaign -> milestone cols, by target */ \
	X(SQL_API_MILESTONE_LIST, \
	    "SELECT " SG_SQL_MILESTONE_COLS "WHERE m.campaign_id = ? " \
	    "ORDER BY m.target") \
	/* i:campaign -> the number of its milestones */ \
	X(SQL_API_MILESTONE_COUNT, \
	    "SELECT COUNT(*) FROM milestones WHERE campaign_id = ?") \
	/* i:campaign -> id target reached_seq reward scope gift_product \
	   gift_variant gift_quantity, by target */ \
	X(SQL_API_MILESTONE_RULES, \
	    "SELECT id, target, reached_seq, reward, scope, gift_product_id, " \
	    "gift_variant_id, gift_quantity FROM milestones WHERE campaign_id = ? " \
	    "ORDER BY target") \
	/* i:campaign i:target s:title s:image s:before s:after s:reward \
	   s:gift_product s:gift_variant i:gift_quantity s:scope */ \
	X(SQL_API_MILESTONE_INSERT, \
	    "INSERT INTO milestones (campaign_id, target, title, image_url, " \
	    "before_text, after_text, reward, gift_product_id, gift_variant_id, " \
	    "gift_quantity, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") \
	/* i:target s:title s:image s:before s:after s:reward s:gift_product \
	   s:gift_variant i:gift_quantity s:scope i:id */ \
	X(SQL_API_MILESTONE_UPDATE, \
	    "UPDATE milestones SET target = ?, title = ?, image_url = ?, " \
	    "before_text = ?, after_text = ?, reward = ?, gift_product_id = ?, " \
	    "gift_variant_id = ?, gift_quantity = ?, scope = ?, " \
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:id */ \
	X(SQL_API_MILESTONE_DELETE, "DELETE FROM milestones WHERE id = ?") \
	/* i:seq i:id — reached by being saved */ \
	X(SQL_API_MILESTONE_REACH_SAVE, \
	    "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6), reached_seq = ? " \
	    "WHERE id = ? AND reached_at IS NULL") \
	/* i:seq i:order i:id — reached by an order */ \
	X(SQL_API_MILESTONE_REACH_ORDER, \
	    "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6), reached_seq = ?, " \
	    "reached_order_id = ? WHERE id = ? AND reached_at IS NULL") \
	/* \
	 * Rule 5 fan-out at the moment a scope-"all" gift is reached: one \
	 * grant per backer with an active counted order in the campaign and \
	 * no non-void grant for the milestone, on that backer's earliest \
	 * active counted order.  A backer who holds one already (the reaching \
	 * order's) is skipped by the unique key: the statement does not read \
	 * grants, so MariaDB needs no temporary copy of the result. \
	 * i:store i:milestone s:product s:variant i:quantity i:campaign \
	 */ \
	X(SQL_API_GRANTS_FANOUT, \
	    "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, " \
	    "backer, product_id, variant_id, quantity) " \
	    "SELECT ?, oc.campaign_id, ?, oc.order_id, oc.backer, ?, ?, ? " \
	    "FROM order_campaigns oc WHERE oc.campaign_id = ? AND oc.active = 1 " \
	    "AND oc.counted_seq = (SELECT MIN(o2.counted_seq) FROM order_campaigns o2 " \
	    "WHERE o2.campaign_id = oc.campaign_id AND o2.backer = oc.backer " \
	    "AND o2.active = 1) ORDER BY oc.counted_seq " \
	    "ON DUPLICATE KEY UPDATE grants.id = grants.id") \
	SG_SQL_API_PIPELINE

/* Orders, refunds, grants and products. */
#define SG_SQL_API_PIPELINE \
	/* i:store s:external_id s:backer s:placed_at s:currency b:fingerprint */ \
	X(SQL_API_ORDER_INSERT, \
	    "INSERT INTO orders (store_id, external_id, backer, placed_at, currency, " \
	    "fingerprint, response) VALUES (?, ?, ?, ?, ?, ?, '')") \
	/* i:store s:external_id -> fingerprint response */ \
	X(SQL_API_ORDER_GET_RESPONSE, \
	    "SELECT fingerprint, response FROM orders " \
	    "WHERE store_id = ? AND external_id = ?") \
	/* s:response i:id */ \
	X(SQL_API_ORDER_SET_RESPONSE, \
	    "UPDATE orders SET response = ? WHERE id = ?") \
	/* i:order i:line_no s:product s:variant i:quantity i:price i:gift */ \
	X(SQL_API_ORDER_LINE_INSERT, \
	    "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, " \
	    "quantity, price, gift) VALUES (?, ?, ?, ?, ?, ?, ?)") \
	/* i:order i:store -> campaign_id: campaigns with a product of the order */ \
	X(SQL_API_ORDER_CANDIDATES, \
	    "SELECT DISTINCT cp.campaign_id FROM order_lines ol " \
	    "JOIN campaign_products cp ON cp.product_id = ol.product_id " \
	    "JOIN campaigns c ON c.id = cp.campaign_id " \
	    "WHERE ol.order_id = ? AND ol.gift = 0 AND c.store_id = ? " \
	    "ORDER BY cp.campaign_id") \
	/* i:order i:campaign s:backer i:units i:amount i:seq */ \
	X(SQL_API_ORDER_CAMPAIGN_INSERT, \
	    "INSERT INTO order_campaigns (order_id, campaign_id, backer, units, " \
	    "amount, counted_seq) VALUES (?, ?, ?, ?, ?, ?)") \
	/* i:order i:campaign s:product — a product that counted when the \
	   order was counted (refunds go by these, not by campaign_products) */ \
	X(SQL_API_ORDER_CAMPAIGN_PRODUCT_ADD, \
	    "INSERT INTO order_campaign_products (order_id, campaign_id, " \
	    "product_id) VALUES (?, ?, ?)") \
	/* i:order i:campaign -> product_id: the products that counted */ \
	X(SQL_API_ORDER_CAMPAIGN_PRODUCTS, \
	    "SELECT product_id FROM order_campaign_products " \
	    "WHERE order_id = ? AND campaign_id = ? ORDER BY product_id") \
	/* i:campaign s:backer -> active_orders */ \
	X(SQL_API_BACKER_GET, \
	    "SELECT active_orders FROM campaign_backers " \
	    "WHERE campaign_id = ? AND backer = ?") \
	/* i:campaign s:backer */ \
	X(SQL_API_BACKER_ADD, \
	    "INSERT INTO campaign_backers (campaign_id, backer, active_orders) " \
	    "VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE active_orders = active_orders + 1") \
	/* i:campaign s:backer */ \
	X(SQL_API_BACKER_REMOVE, \
	    "UPDATE campaign_backers SET active_orders = active_orders - 1 " \
	    "WHERE campaign_id = ? AND backer = ? AND active_orders > 0") \
	/* i:store i:campaign i:milestone i:order s:backer s:product s:variant \
	   i:quantity i:moved_from (0: none) */ \
	X(SQL_API_GRANT_INSERT, \
	    "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, " \
	    "backer, product_id, variant_id, quantity, moved_from) " \
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))") \
	/* i:store s:external_id -> id status cancelled_at backer */ \
	X(SQL_API_ORDER_LOCK, \
	    "SELECT id, status, cancelled_at, backer FROM orders " \
	    "WHERE store_id = ? AND external_id = ? FOR UPDATE") \
	/* i:order -> campaign_id units amount, active only, by campaign id */ \
	X(SQL_API_ORDER_ACTIVE_CAMPAIGNS, \
	    "SELECT campaign_id, units, amount FROM order_campaigns " \
	    "WHERE order_id = ? AND active = 1 ORDER BY campaign_id") \
	/* i:order i:campaign */ \
	X(SQL_API_ORDER_CAMPAIGN_DEACTIVATE, \
	    "UPDATE order_campaigns SET active = 0 " \
	    "WHERE order_id = ? AND campaign_id = ?") \
	/* i:units i:amount i:order i:campaign */ \
	X(SQL_API_ORDER_CAMPAIGN_SET, \
	    "UPDATE order_campaigns SET units = ?, amount = ? " \
	    "WHERE order_id = ? AND campaign_id = ?") \
	/* i:order i:campaign -> id milestone_id product_id variant_id quantity \
	   backer: the order's non-void grants in the campaign */ \
	X(SQL_API_ORDER_GRANTS_LIVE, \
	    "SELECT id, milestone_id, product_id, variant_id, quantity, backer " \
	    "FROM grants WHERE order_id = ? AND campaign_id = ? " \
	    "AND status <> 'void' ORDER BY id FOR UPDATE") \
	/* i:campaign s:backer i:order -> order_id counted_seq active external_id */ \
	X(SQL_API_BACKER_OTHER_ORDERS, \
	    "SELECT oc.order_id, oc.counted_seq, oc.active, o.external_id " \
	    "FROM order_campaigns oc JOIN orders o ON o.id = oc.order_id " \
	    "WHERE oc.campaign_id = ? AND oc.backer = ? AND oc.order_id <> ? " \
	    "ORDER BY oc.counted_seq") \
	/* i:id */ \
	X(SQL_API_GRANT_VOID, \
	    "UPDATE grants SET status = 'void', voided_at = UTC_TIMESTAMP(6) " \
	    "WHERE id = ?") \
	/* i:id */ \
	X(SQL_API_ORDER_CANCEL, \
	    "UPDATE orders SET status = 'cancelled', " \
	    "cancelled_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:order -> line_no product_id variant_id quantity price gift \
	   refunded_qty refunded_amount */ \
	X(SQL_API_ORDER_LINES, \
	    "SELECT line_no, product_id, variant_id, quantity, price, gift, " \
	    "refunded_qty, refunded_amount FROM order_lines WHERE order_id = ? " \
	    "ORDER BY line_no") \
	/* i:quantity i:amount i:order i:line_no */ \
	X(SQL_API_ORDER_LINE_REFUND, \
	    "UPDATE order_lines SET refunded_qty = refunded_qty + ?, " \
	    "refunded_amount = refunded_amount + ? WHERE order_id = ? AND line_no = ?") \
	/* i:order s:body */ \
	X(SQL_API_REFUND_INSERT, \
	    "INSERT INTO refunds (order_id, body) VALUES (?, ?)") \
	/* i:store s:status s:status i:campaign i:campaign i:after i:limit */ \
	X(SQL_API_GRANT_LIST, \
	    "SELECT " SG_SQL_GRANT_COLS "WHERE g.store_id = ? " \
	    "AND (? IS NULL OR g.status = ?) AND (? = 0 OR g.campaign_id = ?) " \
	    "AND g.id > ? ORDER BY g.id LIMIT ?") \
	/* i:store i:id -> grant cols */ \
	X(SQL_API_GRANT_GET, \
	    "SELECT " SG_SQL_GRANT_COLS "WHERE g.store_id = ? AND g.id = ?") \
	/* i:id i:store */ \
	X(SQL_API_GRANT_FULFILL, \
	    "UPDATE grants SET status = 'fulfilled', fulfilled_at = UTC_TIMESTAMP(6) " \
	    "WHERE id = ? AND store_id = ? AND status = 'pending'") \
	/* i:store s:product — the widget shows a gift's product title: a \
	   product sync changes the version of every campaign with a gift \
	   milestone of that product */ \
	X(SQL_API_PRODUCT_CAMPAIGNS_BUMP, \
	    "UPDATE campaigns c SET c.version = c.version + 1 WHERE c.store_id = ? " \
	    "AND EXISTS (SELECT 1 FROM milestones m WHERE m.campaign_id = c.id " \
	    "AND m.reward = 'gift' AND m.gift_product_id = ?)") \
	/* i:store s:product -> product_id title price image_url variants updated_at */ \
	X(SQL_API_PRODUCT_GET, \
	    "SELECT product_id, title, price, image_url, variants, updated_at " \
	    "FROM products WHERE store_id = ? AND product_id = ?") \
	/* i:store s:pattern s:pattern i:limit -> as SQL_API_PRODUCT_GET */ \
	X(SQL_API_PRODUCT_SEARCH, \
	    "SELECT product_id, title, price, image_url, variants, updated_at " \
	    "FROM products WHERE store_id = ? AND (title LIKE ? OR product_id LIKE ?) " \
	    "ORDER BY product_id LIMIT ?")

#endif
