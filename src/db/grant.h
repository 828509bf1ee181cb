/* --- admin reads --- */
/*
 * The admin's grant reads (db/grant.c): the CSV export.  Return
 * convention: see db/db.h.
 */
#ifndef SG_DB_GRANT_ADMIN_H
#define SG_DB_GRANT_ADMIN_H

#include <stdint.h>

#include "db/db.h"
#include "domain/validate.h"

/*
 * One row of the grants export, as text the way the database writes it
 * (times as "2026-11-22 10:00:00.000000"; "" for NULL).
 */
struct db_grant_export {
	char	 id[24];
	char	 order_id[SG_EXTID_MAX + 1];
	char	 milestone_id[24];
	char	 milestone_title[SG_CHARS_TO_BYTES(SG_TITLE_MAX) + 1];
	char	 backer[SG_BACKER_MAX_BYTES + 1];
	char	 product_id[SG_EXTID_MAX + 1];
	char	 variant_id[SG_EXTID_MAX + 1];
	char	 quantity[24];
	char	 status[16];
	char	 created_at[32];
	char	 fulfilled_at[32];
};

/*
 * The grants of campaign_id in store_id by grant id, limit rows from
 * offset, through fn (valid during the call only; no other statement may
 * run from it; -1 stops and makes the result DB_ERR).  Rows (>= 0) or < 0.
 */
int	db_grant_export_admin(struct sg_db *, int64_t store_id,
	    int64_t campaign_id, int64_t limit, int64_t offset,
	    int (*fn)(const struct db_grant_export *, void *), void *arg);

#endif
