/*
 * sql_public.h — the SQL statements of the public module, as X(name, text)
 * entries of SG_SQL_PUBLIC (see sql.h for the conventions).
 *
 * The public module only reads.  Reveal secrecy starts here: the milestone
 * list selects before_text or after_text, and for a secret milestone or a
 * photo that is not a teaser what may show, in the database, so that
 * nothing a backer may not see yet leaves MariaDB.
 */
#ifndef SG_DB_SQL_PUBLIC_H
#define SG_DB_SQL_PUBLIC_H

#define SG_SQL_PUBLIC \
	/* s:store handle s:slug -> id version status ends_at starts_at \
	   locale theme accent radius (the per-request lookup: stores_handle \
	   then campaigns_slug) */ \
	X(SQL_PUBLIC_CAMPAIGN_HEAD, \
	    "SELECT c.id, c.version, c.status, c.ends_at, c.starts_at, s.locale, " \
	    "c.theme, c.accent, c.radius " \
	    "FROM stores s JOIN campaigns c ON c.store_id = s.id " \
	    "WHERE s.handle = ? AND c.slug = ?") \
	/* i:campaign -> id version status slug title goal_kind goal units amount \
	   backers orders starts_at ends_at handle currency exponent locale \
	   theme accent radius */ \
	X(SQL_PUBLIC_CAMPAIGN_GET, \
	    "SELECT c.id, c.version, c.status, c.slug, c.title, c.goal_kind, " \
	    "c.goal, c.units, c.amount, c.backers, c.orders, c.starts_at, " \
	    "c.ends_at, s.handle, s.currency, s.currency_exponent, s.locale, " \
	    "c.theme, c.accent, c.radius " \
	    "FROM campaigns c JOIN stores s ON s.id = c.store_id WHERE c.id = ?") \
	/* i:campaign -> id target title image_url text reached_at reward \
	   gift_title gift_quantity scope secret image_alt metric, progress \
	   milestones first, then backers ones (rule 10), each by target.  SPEC rule 3 is \
	   decided here, so that what a visitor may not see never leaves \
	   MariaDB: text is after_text only once reached; a secret milestone \
	   not yet reached gives only id, target and secret (the rest NULL); \
	   a photo (and its alt text) that is not a teaser only once reached */ \
	X(SQL_PUBLIC_MILESTONE_LIST, \
	    "SELECT m.id, m.target, " \
	    "IF(m.reached_at IS NULL AND m.secret, NULL, m.title), " \
	    "IF(m.reached_at IS NOT NULL OR (m.image_teaser AND NOT m.secret), " \
	    "m.image_url, NULL), " \
	    "IF(m.reached_at IS NULL, IF(m.secret, NULL, m.before_text), " \
	    "m.after_text), " \
	    "m.reached_at, IF(m.reached_at IS NULL AND m.secret, NULL, m.reward), " \
	    "IF(m.reached_at IS NULL AND m.secret, NULL, p.title), " \
	    "m.gift_quantity, m.scope, m.secret, " \
	    "IF(m.reached_at IS NOT NULL OR (m.image_teaser AND NOT m.secret), " \
	    "m.image_alt, NULL), m.metric " \
	    "FROM milestones m JOIN campaigns c ON c.id = m.campaign_id " \
	    "LEFT JOIN products p ON p.store_id = c.store_id " \
	    "AND p.product_id = m.gift_product_id " \
	    "WHERE m.campaign_id = ? ORDER BY m.metric, m.target, m.id LIMIT 1001")

#endif
