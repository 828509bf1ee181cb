/*
 * sql_public.h — the SQL statements of the public module, as X(name, text)
 * entries of SG_SQL_PUBLIC (see sql.h for the conventions).
 *
 * The public module only reads.  Reveal secrecy starts here: the milestone
 * list selects before_text or after_text in the database, so an after_text
 * of a milestone that is not reached never leaves MariaDB.
 */
#ifndef SG_DB_SQL_PUBLIC_H
#define SG_DB_SQL_PUBLIC_H

#define SG_SQL_PUBLIC \
	/* s:store handle s:slug -> id version status ends_at starts_at \
	   (the per-request lookup: stores_handle then campaigns_slug) */ \
	X(SQL_PUBLIC_CAMPAIGN_HEAD, \
	    "SELECT c.id, c.version, c.status, c.ends_at, c.starts_at " \
	    "FROM stores s JOIN campaigns c ON c.store_id = s.id " \
	    "WHERE s.handle = ? AND c.slug = ?") \
	/* i:campaign -> id version status slug title goal_kind goal units amount \
	   backers orders starts_at ends_at handle currency exponent */ \
	X(SQL_PUBLIC_CAMPAIGN_GET, \
	    "SELECT c.id, c.version, c.status, c.slug, c.title, c.goal_kind, " \
	    "c.goal, c.units, c.amount, c.backers, c.orders, c.starts_at, " \
	    "c.ends_at, s.handle, s.currency, s.currency_exponent " \
	    "FROM campaigns c JOIN stores s ON s.id = c.store_id WHERE c.id = ?") \
	/* i:campaign -> id target title image_url text reached_at reward \
	   gift_title gift_quantity scope; text is after_text only once reached */ \
	X(SQL_PUBLIC_MILESTONE_LIST, \
	    "SELECT m.id, m.target, m.title, m.image_url, " \
	    "IF(m.reached_at IS NULL, m.before_text, m.after_text), " \
	    "m.reached_at, m.reward, p.title, m.gift_quantity, m.scope " \
	    "FROM milestones m JOIN campaigns c ON c.id = m.campaign_id " \
	    "LEFT JOIN products p ON p.store_id = c.store_id " \
	    "AND p.product_id = m.gift_product_id " \
	    "WHERE m.campaign_id = ? ORDER BY m.target, m.id LIMIT 1001")

#endif
