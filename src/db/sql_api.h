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

/* Columns read by api_campaign_read() (db/api.h). */
#define SG_SQL_CAMPAIGN_COLS \
	"c.id, c.slug, c.title, c.description, c.goal_kind, c.goal, " \
	"c.starts_at, c.ends_at, c.status, c.units, c.amount, c.orders, " \
	"c.backers, c.counted_seq, c.version, c.created_at, c.updated_at "

/* Columns read by api_milestone_read() (db/api.h). */
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
	 * active counted order. \
	 * i:store i:milestone s:product s:variant i:quantity i:campaign \
	 * i:milestone \
	 */ \
	X(SQL_API_GRANTS_FANOUT, \
	    "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, " \
	    "backer, product_id, variant_id, quantity) " \
	    "SELECT ?, oc.campaign_id, ?, oc.order_id, oc.backer, ?, ?, ? " \
	    "FROM order_campaigns oc WHERE oc.campaign_id = ? AND oc.active = 1 " \
	    "AND oc.counted_seq = (SELECT MIN(o2.counted_seq) FROM order_campaigns o2 " \
	    "WHERE o2.campaign_id = oc.campaign_id AND o2.backer = oc.backer " \
	    "AND o2.active = 1) " \
	    "AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.milestone_id = ? " \
	    "AND g.live_backer = oc.backer) ORDER BY oc.counted_seq") \
	SG_SQL_API_PIPELINE

/* Orders, refunds, grants and products. */
#define SG_SQL_API_PIPELINE

#endif
