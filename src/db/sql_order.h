/*
 * sql_order.h — the statements of the order entity (db/order.c): orders,
 * their lines, their contributions to campaigns (order_campaigns), the
 * backers' active-order counts and refunds, as X(name, text) entries of
 * SG_SQL_ORDER (see sql.h for the conventions; locking as in
 * sql_campaign.h).
 */
#ifndef SG_DB_SQL_ORDER_H
#define SG_DB_SQL_ORDER_H

#define SG_SQL_ORDER \
	/* i:store s:external_id s:backer s:placed_at s:currency b:fingerprint */ \
	X(SQL_ORDER_INSERT, \
	    "INSERT INTO orders (store_id, external_id, backer, placed_at, currency, " \
	    "fingerprint, response, answered) VALUES (?, ?, ?, ?, ?, ?, '', 1)") \
	/* the same for four orders -> id of each, in the order of the rows */ \
	X(SQL_ORDER_INSERT4, \
	    "INSERT INTO orders (store_id, external_id, backer, placed_at, currency, " \
	    "fingerprint, response, answered) VALUES (?, ?, ?, ?, ?, ?, '', 1), " \
	    "(?, ?, ?, ?, ?, ?, '', 1), (?, ?, ?, ?, ?, ?, '', 1), " \
	    "(?, ?, ?, ?, ?, ?, '', 1) RETURNING id") \
	/* i:store s:external_id -> fingerprint response id */ \
	X(SQL_ORDER_GET_RESPONSE, \
	    "SELECT fingerprint, response, id FROM orders " \
	    "WHERE store_id = ? AND external_id = ?") \
	/* i:id — claim the first answer (sql/014); affected 1: claimed */ \
	X(SQL_ORDER_CLAIM_ANSWER, \
	    "UPDATE orders SET answered = 1 WHERE id = ? AND answered = 0") \
	/* i:id — its COMMIT was ambiguous: the answer was never handed out */ \
	X(SQL_ORDER_UNANSWER, \
	    "UPDATE orders SET answered = 0 WHERE id = ?") \
	/* s:response i:id */ \
	X(SQL_ORDER_SET_RESPONSE, \
	    "UPDATE orders SET response = ? WHERE id = ?") \
	/* (i:id s:response) x 4, i:id x 4 — four orders' responses at once */ \
	X(SQL_ORDER_SET_RESPONSE4, \
	    "UPDATE orders SET response = CASE id WHEN ? THEN ? WHEN ? THEN ? " \
	    "WHEN ? THEN ? WHEN ? THEN ? END WHERE id IN (?, ?, ?, ?)") \
	/* i:order i:line_no s:product s:variant i:quantity i:price i:gift */ \
	X(SQL_ORDER_LINE_INSERT, \
	    "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, " \
	    "quantity, price, gift) VALUES (?, ?, ?, ?, ?, ?, ?)") \
	/* the same for SG_ORDER_LINE_BATCH lines at once */ \
	X(SQL_ORDER_LINE_INSERT4, \
	    "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, " \
	    "quantity, price, gift) VALUES (?, ?, ?, ?, ?, ?, ?), " \
	    "(?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?)") \
	/* i:store i:order i:store -> campaign_id, event types, rules_version: \
	   campaigns with a product of the order, the bits (SET order) of the \
	   event types some live endpoint of the store subscribes to, and the \
	   campaign's rules_version (sql/021); a campaign once per line of \
	   it, in no order (db_order_candidates() sorts them and drops the \
	   repeats: DISTINCT and ORDER BY cost the server a temporary table) */ \
	X(SQL_ORDER_CANDIDATES, \
	    "SELECT cp.campaign_id, (SELECT COALESCE(BIT_OR(w.events + 0), " \
	    "0) FROM webhook_endpoints w WHERE w.store_id = ? AND " \
	    "w.deleted_at IS NULL), c.rules_version FROM order_lines ol " \
	    "JOIN campaign_products cp ON cp.product_id = ol.product_id " \
	    "JOIN campaigns c ON c.id = cp.campaign_id " \
	    "WHERE ol.order_id = ? AND ol.gift = 0 AND c.store_id = ?") \
	/* i:store i:order x 4 i:store -> the same and the order's id, for \
	   up to four orders at once (a short list repeats its last) */ \
	X(SQL_ORDER_CANDIDATES4, \
	    "SELECT cp.campaign_id, (SELECT COALESCE(BIT_OR(w.events + 0), " \
	    "0) FROM webhook_endpoints w WHERE w.store_id = ? AND " \
	    "w.deleted_at IS NULL), c.rules_version, ol.order_id " \
	    "FROM order_lines ol " \
	    "JOIN campaign_products cp ON cp.product_id = ol.product_id " \
	    "JOIN campaigns c ON c.id = cp.campaign_id " \
	    "WHERE ol.order_id IN (?, ?, ?, ?) AND ol.gift = 0 AND " \
	    "c.store_id = ?") \
	/* i:order i:campaign s:backer i:units i:amount i:seq \
	   s:counted_products — the products that counted, space-separated \
	   (sql/033; refunds go by these, not by campaign_products) */ \
	X(SQL_ORDER_CAMPAIGN_INSERT, \
	    "INSERT INTO order_campaigns (order_id, campaign_id, backer, units, " \
	    "amount, counted_seq, counted_products) " \
	    "VALUES (?, ?, ?, ?, ?, ?, ?)") \
	/* i:order i:campaign i:order i:campaign -> src, pids: the products \
	   that counted.  First (src 0) the row's counted_products, the \
	   record when it holds a list; then (src 1, one id each, by id) the \
	   order_campaign_products rows, the record when the column is NULL \
	   or '' (a program before sql/033 wrote them instead, during a \
	   rolling upgrade).  Rows, not a GROUP_CONCAT: nothing is cut at \
	   the server's group_concat_max_len. */ \
	X(SQL_ORDER_CAMPAIGN_PRODUCTS, \
	    "SELECT 0 AS src, counted_products AS pids FROM order_campaigns " \
	    "WHERE order_id = ? AND campaign_id = ? " \
	    "UNION ALL SELECT 1, product_id FROM order_campaign_products " \
	    "WHERE order_id = ? AND campaign_id = ? ORDER BY src, pids") \
	/* i:campaign s:backer -> active_orders */ \
	X(SQL_BACKER_GET, \
	    "SELECT active_orders FROM campaign_backers " \
	    "WHERE campaign_id = ? AND backer = ?") \
	/* i:campaign s:backer — affected 1: a new row; 2: an update, whose \
	   new active_orders is the insert id (1: the backer had none) */ \
	X(SQL_BACKER_ADD, \
	    "INSERT INTO campaign_backers (campaign_id, backer, active_orders) " \
	    "VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE active_orders = " \
	    "LAST_INSERT_ID(active_orders + 1)") \
	/* i:campaign s:backer */ \
	X(SQL_BACKER_REMOVE, \
	    "UPDATE campaign_backers SET active_orders = active_orders - 1 " \
	    "WHERE campaign_id = ? AND backer = ? AND active_orders > 0") \
	/* i:store s:external_id -> id status cancelled_at backer */ \
	X(SQL_ORDER_LOCK, \
	    "SELECT id, status, cancelled_at, backer FROM orders " \
	    "WHERE store_id = ? AND external_id = ? FOR UPDATE") \
	/* i:order -> campaign_id units amount, active only, by campaign id */ \
	X(SQL_ORDER_ACTIVE_CAMPAIGNS, \
	    "SELECT campaign_id, units, amount FROM order_campaigns " \
	    "WHERE order_id = ? AND active = 1 ORDER BY campaign_id") \
	/* i:order i:campaign */ \
	X(SQL_ORDER_CAMPAIGN_DEACTIVATE, \
	    "UPDATE order_campaigns SET active = 0 " \
	    "WHERE order_id = ? AND campaign_id = ?") \
	/* i:units i:amount i:order i:campaign */ \
	X(SQL_ORDER_CAMPAIGN_SET, \
	    "UPDATE order_campaigns SET units = ?, amount = ? " \
	    "WHERE order_id = ? AND campaign_id = ?") \
	/* i:campaign s:backer i:order -> order_id counted_seq active external_id */ \
	X(SQL_BACKER_OTHER_ORDERS, \
	    "SELECT oc.order_id, oc.counted_seq, oc.active, o.external_id " \
	    "FROM order_campaigns oc JOIN orders o ON o.id = oc.order_id " \
	    "WHERE oc.campaign_id = ? AND oc.backer = ? AND oc.order_id <> ? " \
	    "ORDER BY oc.counted_seq") \
	/* i:id */ \
	X(SQL_ORDER_CANCEL, \
	    "UPDATE orders SET status = 'cancelled', " \
	    "cancelled_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:order -> line_no product_id variant_id quantity price gift \
	   refunded_qty refunded_amount */ \
	X(SQL_ORDER_LINES, \
	    "SELECT line_no, product_id, variant_id, quantity, price, gift, " \
	    "refunded_qty, refunded_amount FROM order_lines WHERE order_id = ? " \
	    "ORDER BY line_no") \
	/* i:quantity i:amount i:order i:line_no */ \
	X(SQL_ORDER_LINE_REFUND, \
	    "UPDATE order_lines SET refunded_qty = refunded_qty + ?, " \
	    "refunded_amount = refunded_amount + ? WHERE order_id = ? AND line_no = ?") \
	/* i:order s:external_id b:fingerprint s:body */ \
	X(SQL_REFUND_INSERT, \
	    "INSERT INTO refunds (order_id, external_id, fingerprint, body, " \
	    "response, answered) VALUES (?, ?, ?, ?, '', 1)") \
	/* i:order s:external_id -> id fingerprint response */ \
	X(SQL_REFUND_GET, \
	    "SELECT id, fingerprint, response FROM refunds " \
	    "WHERE order_id = ? AND external_id = ?") \
	/* s:response i:id */ \
	X(SQL_REFUND_SET_RESPONSE, \
	    "UPDATE refunds SET response = ? WHERE id = ?") \
	/* i:id — claim the first answer (sql/014); affected 1: claimed */ \
	X(SQL_REFUND_CLAIM_ANSWER, \
	    "UPDATE refunds SET answered = 1 WHERE id = ? AND answered = 0") \
	/* i:id — its COMMIT was ambiguous: the answer was never handed out */ \
	X(SQL_REFUND_UNANSWER, \
	    "UPDATE refunds SET answered = 0 WHERE id = ?")

#endif
