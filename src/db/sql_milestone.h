/* --- admin reads --- */
/*
 * The admin's milestone reads (db/milestone.c), as X(name, text) entries
 * of SG_SQL_ADMIN_MILESTONE (see sql.h for the conventions).
 */
#ifndef SG_DB_SQL_MILESTONE_ADMIN_H
#define SG_DB_SQL_MILESTONE_ADMIN_H

#define SG_SQL_ADMIN_MILESTONE \
	/* i:campaign -> milestone cols, by target */ \
	X(SQL_ADMIN_MILESTONE_LIST, \
	    "SELECT " SG_SQL_MILESTONE_COLS "WHERE m.campaign_id = ? " \
	    "ORDER BY m.target") \
	/* i:campaign -> milestone_id pending fulfilled void (milestones with \
	   grants only) */ \
	X(SQL_ADMIN_MILESTONE_GRANTS, \
	    "SELECT milestone_id, SUM(status = 'pending'), SUM(status = 'fulfilled'), " \
	    "SUM(status = 'void') FROM grants WHERE campaign_id = ? " \
	    "GROUP BY milestone_id")

#endif
