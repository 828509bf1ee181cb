/* --- admin reads --- */
/*
 * The admin's grant reads (db/grant.c), as X(name, text) entries of
 * SG_SQL_ADMIN_GRANT (see sql.h for the conventions).
 */
#ifndef SG_DB_SQL_GRANT_ADMIN_H
#define SG_DB_SQL_GRANT_ADMIN_H

#define SG_SQL_ADMIN_GRANT \
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
