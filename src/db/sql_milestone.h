/*
 * sql_milestone.h — the statements of the milestone entity
 * (db/milestone.c), as X(name, text) entries of SG_SQL_MILESTONE (see
 * sql.h for the conventions; locking as in sql_campaign.h).
 */
#ifndef SG_DB_SQL_MILESTONE_H
#define SG_DB_SQL_MILESTONE_H

/* Columns read by db_milestone_read() (db/milestone.c). */
#define SG_SQL_MILESTONE_COLS \
	"m.id, m.campaign_id, m.target, m.title, m.image_url, m.before_text, " \
	"m.after_text, m.reward, m.gift_product_id, m.gift_variant_id, " \
	"m.gift_quantity, m.scope, m.reached_at, m.reached_seq, " \
	"ro.external_id, m.created_at, m.updated_at, m.image_alt, " \
	"m.image_teaser, m.secret, m.metric, m.fanout_pending " \
	"FROM milestones m LEFT JOIN orders ro ON ro.id = m.reached_order_id "

#define SG_SQL_MILESTONE \
	/* i:campaign i:id -> milestone cols */ \
	X(SQL_MILESTONE_GET, \
	    "SELECT " SG_SQL_MILESTONE_COLS "WHERE m.campaign_id = ? AND m.id = ?") \
	/* i:campaign -> milestone cols, by metric (progress first), target */ \
	X(SQL_MILESTONE_LIST, \
	    "SELECT " SG_SQL_MILESTONE_COLS "WHERE m.campaign_id = ? " \
	    "ORDER BY m.metric, m.target") \
	/* i:campaign -> the number of its milestones */ \
	X(SQL_MILESTONE_COUNT, \
	    "SELECT COUNT(*) FROM milestones WHERE campaign_id = ?") \
	/* i:campaign -> id target reached_seq reward scope gift_product \
	   gift_variant gift_quantity metric, by metric, target */ \
	X(SQL_MILESTONE_RULES, \
	    "SELECT id, target, reached_seq, reward, scope, gift_product_id, " \
	    "gift_variant_id, gift_quantity, metric, fanout_pending FROM milestones " \
	    "WHERE campaign_id = ? ORDER BY metric, target") \
	/* i:campaign i:target s:title s:image s:before s:after s:reward \
	   s:gift_product s:gift_variant i:gift_quantity s:scope s:image_alt \
	   i:image_teaser i:secret s:metric */ \
	X(SQL_MILESTONE_INSERT, \
	    "INSERT INTO milestones (campaign_id, target, title, image_url, " \
	    "before_text, after_text, reward, gift_product_id, gift_variant_id, " \
	    "gift_quantity, scope, image_alt, image_teaser, secret, metric) " \
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") \
	/* i:target s:title s:image s:before s:after s:reward s:gift_product \
	   s:gift_variant i:gift_quantity s:scope s:image_alt i:image_teaser \
	   i:secret s:metric i:id */ \
	X(SQL_MILESTONE_UPDATE, \
	    "UPDATE milestones SET target = ?, title = ?, image_url = ?, " \
	    "before_text = ?, after_text = ?, reward = ?, gift_product_id = ?, " \
	    "gift_variant_id = ?, gift_quantity = ?, scope = ?, image_alt = ?, " \
	    "image_teaser = ?, secret = ?, metric = ?, " \
	    "updated_at = UTC_TIMESTAMP(6) WHERE id = ?") \
	/* i:id */ \
	X(SQL_MILESTONE_DELETE, "DELETE FROM milestones WHERE id = ?") \
	/* i:seq i:id — reached by being saved */ \
	X(SQL_MILESTONE_REACH_SAVE, \
	    "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6), reached_seq = ? " \
	    "WHERE id = ? AND reached_at IS NULL") \
	/* i:seq i:order i:id — reached by an order */ \
	X(SQL_MILESTONE_REACH_ORDER, \
	    "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6), reached_seq = ?, " \
	    "reached_order_id = ? WHERE id = ? AND reached_at IS NULL")

#endif

/* --- admin reads --- */
/*
 * The admin's milestone reads (db/milestone.c), as X(name, text) entries
 * of SG_SQL_ADMIN_MILESTONE (see sql.h for the conventions).
 */
#ifndef SG_DB_SQL_MILESTONE_ADMIN_H
#define SG_DB_SQL_MILESTONE_ADMIN_H

#define SG_SQL_ADMIN_MILESTONE \
	/* i:campaign -> milestone cols, by metric (progress first), target */ \
	X(SQL_ADMIN_MILESTONE_LIST, \
	    "SELECT " SG_SQL_MILESTONE_COLS "WHERE m.campaign_id = ? " \
	    "ORDER BY m.metric, m.target") \
	/* i:campaign -> milestone_id pending fulfilled void (milestones with \
	   grants only); through the campaign's milestones, so that only its \
	   grants are read (grants has no key on campaign_id) */ \
	X(SQL_ADMIN_MILESTONE_GRANTS, \
	    "SELECT g.milestone_id, SUM(g.status = 'pending'), " \
	    "SUM(g.status = 'fulfilled'), SUM(g.status = 'void') " \
	    "FROM milestones m JOIN grants g ON g.milestone_id = m.id " \
	    "WHERE m.campaign_id = ? GROUP BY g.milestone_id")

#endif
