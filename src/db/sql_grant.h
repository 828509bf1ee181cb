/*
 * sql_grant.h — the statements of the grant entity (db/grant.c), as
 * X(name, text) entries of SG_SQL_GRANT (see sql.h for the conventions).
 * Grants are written only with their campaign row locked (sql_campaign.h).
 */
#ifndef SG_DB_SQL_GRANT_H
#define SG_DB_SQL_GRANT_H

/* Columns of a grant as the API shows it (read by grant_read(), grant.c). */
#define SG_SQL_GRANT_COLS \
	"g.id, o.external_id, c.slug, g.milestone_id, g.backer, g.product_id, " \
	"g.variant_id, g.quantity, g.status, g.created_at, g.position " \
	"FROM grants g JOIN orders o ON o.id = g.order_id " \
	"JOIN campaigns c ON c.id = g.campaign_id "

/*
 * How a grant insert skips a backer who holds the milestone already (rule
 * 6): a duplicate of the unique key (milestone_id, live_backer) changes
 * nothing.  Not INSERT IGNORE, which would skip any duplicate silently: on
 * Galera the id itself can be a duplicate (an auto-increment value another
 * node used while the membership changed, mysql-wsrep#18), and that row
 * would be lost.  Any duplicate but the expected one sets backer to NULL,
 * which strict mode refuses (1048); db_classify_stmt() makes that a retry.
 */
#define SG_SQL_GRANT_GUARD \
	"ON DUPLICATE KEY UPDATE grants.backer = IF(grants.milestone_id = " \
	"VALUES(milestone_id) AND grants.live_backer = VALUES(backer), " \
	"grants.backer, NULL)"

/* The parts of SQL_GRANTS_INSERT_ROWS1..4 (one row of values each). */
#define SG_SQL_GRANTS_ROWS \
	"INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, " \
	"backer, product_id, variant_id, quantity) VALUES "
#define SG_SQL_GRANT_ROW	"(?, ?, ?, ?, ?, ?, ?, ?)"
#define SG_SQL_GRANTS_ROWS_END \
	" " SG_SQL_GRANT_GUARD " RETURNING id, milestone_id, order_id"

/* The row of oc (order_campaigns) that is its backer's earliest active
   counted order in the campaign (rule 7: where another backer's grant
   goes). */
#define SG_SQL_GRANT_EARLIEST \
	"AND oc.counted_seq = (SELECT MIN(o2.counted_seq) FROM order_campaigns " \
	"o2 WHERE o2.campaign_id = oc.campaign_id AND o2.backer = oc.backer " \
	"AND o2.active = 1)"

#define SG_SQL_GRANT \
	/* \
	 * Rule 5's fan-out (docs/fanout.md), one range of backers: a grant of \
	 * milestone m to each backer after s:after, up to and including \
	 * s:upto, with an active order counted by the reach (counted_seq <= \
	 * m.reached_seq) and no non-void grant of m, on that backer's earliest \
	 * active counted order.  A backer who holds one already (the reaching \
	 * order's, or one given before the backer's orders changed) is skipped \
	 * by the unique key (SG_SQL_GRANT_GUARD): the statement does not read \
	 * grants, so MariaDB needs no temporary copy of the result.  The same \
	 * key picks the earliest order: the rows go in by backer, then \
	 * counted_seq (the order of the index it reads), so a backer's first \
	 * row is its earliest order, and the later ones are duplicates the \
	 * guard skips — no lookup of the earliest order per row \
	 * (SG_SQL_GRANT_EARLIEST cost the statement about a quarter).  The \
	 * order_campaigns rows it reads are share-locked, so it reads them as \
	 * committed and a cancel of one of them waits for it (or it for the \
	 * cancel), whether or not the caller holds the campaign's row lock \
	 * (docs/fanout.md, "Batches"). \
	 * i:store i:milestone s:after s:upto \
	 */ \
	X(SQL_GRANTS_FANOUT_RANGE, \
	    "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, " \
	    "backer, product_id, variant_id, quantity) " \
	    "SELECT ?, oc.campaign_id, m.id, oc.order_id, oc.backer, " \
	    "m.gift_product_id, m.gift_variant_id, m.gift_quantity " \
	    "FROM milestones m JOIN order_campaigns oc ON oc.campaign_id = " \
	    "m.campaign_id WHERE m.id = ? AND oc.backer > ? AND oc.backer <= ? " \
	    "AND oc.active = 1 AND oc.counted_seq <= m.reached_seq " \
	    "ORDER BY oc.backer, oc.counted_seq LOCK IN SHARE MODE " \
	    SG_SQL_GRANT_GUARD) \
	/* i:store i:milestone s:after — the same for every backer after s:after */ \
	X(SQL_GRANTS_FANOUT_REST, \
	    "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, " \
	    "backer, product_id, variant_id, quantity) " \
	    "SELECT ?, oc.campaign_id, m.id, oc.order_id, oc.backer, " \
	    "m.gift_product_id, m.gift_variant_id, m.gift_quantity " \
	    "FROM milestones m JOIN order_campaigns oc ON oc.campaign_id = " \
	    "m.campaign_id WHERE m.id = ? AND oc.backer > ? " \
	    "AND oc.active = 1 AND oc.counted_seq <= m.reached_seq " \
	    "ORDER BY oc.backer, oc.counted_seq LOCK IN SHARE MODE " \
	    SG_SQL_GRANT_GUARD) \
	/* \
	 * i:store s:backer i:campaign — the grant the pending fan-out of each \
	 * milestone of the campaign would give backer (as above), before an \
	 * order or a cancel of the backer changes what it would give \
	 */ \
	X(SQL_GRANTS_FANOUT_BACKER, \
	    "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, " \
	    "backer, product_id, variant_id, quantity) " \
	    "SELECT ?, oc.campaign_id, m.id, oc.order_id, oc.backer, " \
	    "m.gift_product_id, m.gift_variant_id, m.gift_quantity " \
	    "FROM milestones m JOIN order_campaigns oc ON oc.campaign_id = " \
	    "m.campaign_id AND oc.backer = ? WHERE m.campaign_id = ? " \
	    "AND m.fanout_pending = 1 AND oc.active = 1 " \
	    "AND oc.counted_seq <= m.reached_seq " \
	    SG_SQL_GRANT_EARLIEST " ORDER BY m.id " SG_SQL_GRANT_GUARD) \
	/* \
	 * i:campaign s:after i:reached_seq i:offset -> backer: the backer \
	 * offset places after s:after among those with an active order counted \
	 * by the reach (the last of a batch; no row: fewer remain) \
	 */ \
	X(SQL_GRANT_FANOUT_NEXT, \
	    "SELECT backer FROM order_campaigns WHERE campaign_id = ? " \
	    "AND backer > ? AND active = 1 AND counted_seq <= ? " \
	    "GROUP BY backer ORDER BY backer LIMIT 1 OFFSET ?") \
	/* i:limit -> milestone campaign store: fan-outs not done, oldest first */ \
	X(SQL_GRANT_FANOUT_PENDING, \
	    "SELECT f.milestone_id, f.campaign_id, c.store_id FROM " \
	    "grant_fanouts f JOIN campaigns c ON c.id = f.campaign_id " \
	    "ORDER BY f.milestone_id LIMIT ?") \
	/* i:milestone -> claimed_upto reached_seq: a pending fan-out's claim \
	   cursor (NULL: every backer claimed), its row locked (one claim, or \
	   one chunk's end, at a time; no row: done) */ \
	X(SQL_GRANT_FANOUT_STATE, \
	    "SELECT claimed_upto, reached_seq FROM grant_fanouts " \
	    "WHERE milestone_id = ? FOR UPDATE") \
	/* i:milestone — its fan-out runs after the answer (the flag orders read) */ \
	X(SQL_GRANT_FANOUT_FLAG, \
	    "UPDATE milestones SET fanout_pending = ? WHERE id = ?") \
	/* i:milestone i:campaign i:reached_seq — the fan-out's cursor row */ \
	X(SQL_GRANT_FANOUT_START, \
	    "INSERT INTO grant_fanouts (milestone_id, campaign_id, reached_seq) " \
	    "VALUES (?, ?, ?)") \
	/* s:upto i:milestone — a range claimed: the claim cursor (NULL: the \
	   last range) */ \
	X(SQL_GRANT_FANOUT_ADVANCE, \
	    "UPDATE grant_fanouts SET claimed_upto = ? WHERE milestone_id = ?") \
	/* i:milestone s:after s:upto — a claimed range (upto NULL: to the end) */ \
	X(SQL_GRANT_FANOUT_CHUNK_ADD, \
	    "INSERT INTO grant_fanout_chunks (milestone_id, after_backer, " \
	    "upto_backer) VALUES (?, ?, ?)") \
	/* \
	 * i:milestone -> after upto: the first claimed range of the fan-out \
	 * that no other transaction holds, its row locked (no row: none) \
	 */ \
	X(SQL_GRANT_FANOUT_CHUNK_TAKE, \
	    "SELECT after_backer, upto_backer FROM grant_fanout_chunks " \
	    "WHERE milestone_id = ? ORDER BY after_backer LIMIT 1 " \
	    "FOR UPDATE SKIP LOCKED") \
	/* i:milestone s:after — a range written */ \
	X(SQL_GRANT_FANOUT_CHUNK_DONE, \
	    "DELETE FROM grant_fanout_chunks WHERE milestone_id = ? " \
	    "AND after_backer = ?") \
	/* i:milestone -> ranges claimed and not written (as committed) */ \
	X(SQL_GRANT_FANOUT_CHUNKS_LEFT, \
	    "SELECT COUNT(*) FROM grant_fanout_chunks WHERE milestone_id = ?") \
	/* i:milestone — the last batch done */ \
	X(SQL_GRANT_FANOUT_DONE, \
	    "DELETE FROM grant_fanouts WHERE milestone_id = ?") \
	/* -> fan-outs not done, and how old the oldest is in microseconds \
	   (-1: none) — for /metrics */ \
	X(SQL_GRANT_FANOUT_BACKLOG, \
	    "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(MICROSECOND, " \
	    "MIN(created_at), UTC_TIMESTAMP(6)), -1) FROM grant_fanouts") \
	/* \
	 * i:0/1 — the session's foreign key checks, off around a fan-out \
	 * statement: its rows join their milestone and order, which are \
	 * never deleted once reached or counted (the checks cost it ~18 %) \
	 */ \
	X(SQL_GRANT_FANOUT_FK, "SET SESSION foreign_key_checks = ?") \
	/* -> the largest grant id committed (or this transaction's) */ \
	X(SQL_GRANT_MAX_ID, "SELECT COALESCE(MAX(id), 0) FROM grants") \
	/* \
	 * (i:store i:campaign i:milestone i:order s:backer s:product \
	 * s:variant i:quantity) x 1..4 -> id milestone_id order_id — a \
	 * pending grant of each milestone on the order, but where the backer \
	 * holds one (rule 6: skipped; RETURNING gives that grant, of another \
	 * order).  The gifts come from the worker's copy of the milestones \
	 * (plain VALUES: an INSERT ... SELECT from milestones cost the server \
	 * ~120 us more).  MariaDB's RETURNING hands back the ids in the same \
	 * round trip (those of one statement need not be consecutive under \
	 * innodb_autoinc_lock_mode = 2, so LAST_INSERT_ID() cannot). \
	 */ \
	X(SQL_GRANTS_INSERT_ROWS1, SG_SQL_GRANTS_ROWS SG_SQL_GRANT_ROW \
	    SG_SQL_GRANTS_ROWS_END) \
	X(SQL_GRANTS_INSERT_ROWS2, SG_SQL_GRANTS_ROWS SG_SQL_GRANT_ROW ", " \
	    SG_SQL_GRANT_ROW SG_SQL_GRANTS_ROWS_END) \
	X(SQL_GRANTS_INSERT_ROWS3, SG_SQL_GRANTS_ROWS SG_SQL_GRANT_ROW ", " \
	    SG_SQL_GRANT_ROW ", " SG_SQL_GRANT_ROW SG_SQL_GRANTS_ROWS_END) \
	X(SQL_GRANTS_INSERT_ROWS4, SG_SQL_GRANTS_ROWS SG_SQL_GRANT_ROW ", " \
	    SG_SQL_GRANT_ROW ", " SG_SQL_GRANT_ROW ", " SG_SQL_GRANT_ROW \
	    SG_SQL_GRANTS_ROWS_END) \
	/* i:store i:campaign i:milestone i:order s:backer s:product s:variant \
	   i:quantity i:moved_from (0: none) */ \
	X(SQL_GRANT_INSERT, \
	    "INSERT INTO grants (store_id, campaign_id, milestone_id, order_id, " \
	    "backer, product_id, variant_id, quantity, moved_from) " \
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))") \
	/* i:order i:campaign -> id milestone_id product_id variant_id quantity \
	   backer: the order's pending grants in the campaign (rule 8: a \
	   fulfilled grant is never moved or voided) */ \
	X(SQL_GRANTS_OF_ORDER_LOCK, \
	    "SELECT id, milestone_id, product_id, variant_id, quantity, backer " \
	    "FROM grants WHERE order_id = ? AND campaign_id = ? " \
	    "AND status = 'pending' ORDER BY id FOR UPDATE") \
	/* i:id */ \
	X(SQL_GRANT_VOID, \
	    "UPDATE grants SET status = 'void', voided_at = UTC_TIMESTAMP(6) " \
	    "WHERE id = ?") \
	/* i:store s:status s:status i:campaign i:campaign i:after i:upto \
	   i:limit -> grant cols, by queue position */ \
	X(SQL_GRANT_LIST, \
	    "SELECT " SG_SQL_GRANT_COLS "WHERE g.store_id = ? " \
	    "AND (? IS NULL OR g.status = ?) AND (? = 0 OR g.campaign_id = ?) " \
	    "AND g.position > ? AND g.position <= ? ORDER BY g.position LIMIT ?") \
	/* i:store i:id -> grant cols */ \
	X(SQL_GRANT_GET, \
	    "SELECT " SG_SQL_GRANT_COLS "WHERE g.store_id = ? AND g.id = ?") \
	/* i:id i:store */ \
	X(SQL_GRANT_FULFILL, \
	    "UPDATE grants SET status = 'fulfilled', fulfilled_at = UTC_TIMESTAMP(6) " \
	    "WHERE id = ? AND store_id = ? AND status = 'pending'")

#endif

/* --- admin reads --- */
/*
 * The admin's grant reads (db/grant.c), as X(name, text) entries of
 * SG_SQL_ADMIN_GRANT (see sql.h for the conventions).
 */
#ifndef SG_DB_SQL_GRANT_ADMIN_H
#define SG_DB_SQL_GRANT_ADMIN_H

#define SG_SQL_ADMIN_GRANT \
	/* i:store i:campaign i:upto i:limit i:offset -> id order milestone_id \
	   milestone_title backer product_id variant_id quantity status \
	   created_at fulfilled_at (one part of the export, in queue order: \
	   new grants get higher positions, so earlier parts never shift) */ \
	X(SQL_ADMIN_GRANTS_EXPORT, \
	    "SELECT g.id, o.external_id, g.milestone_id, m.title, g.backer, g.product_id, " \
	    "g.variant_id, g.quantity, g.status, g.created_at, g.fulfilled_at " \
	    "FROM grants g JOIN orders o ON o.id = g.order_id " \
	    "JOIN milestones m ON m.id = g.milestone_id " \
	    "WHERE g.store_id = ? AND g.campaign_id = ? AND g.position IS NOT NULL " \
	    "AND g.position <= ? ORDER BY g.position LIMIT ? OFFSET ?") \
	/* i:store i:campaign s:backer ("" any) s:backer i:limit i:offset -> the \
	   export's columns, then the catalog's product title (NULL when not \
	   in the catalog) and variants (JSON text); pending first */ \
	X(SQL_ADMIN_GRANTS_FULFILMENT, \
	    "SELECT g.id, o.external_id, g.milestone_id, m.title, g.backer, g.product_id, " \
	    "g.variant_id, g.quantity, g.status, g.created_at, g.fulfilled_at, " \
	    "p.title, p.variants " \
	    "FROM grants g JOIN orders o ON o.id = g.order_id " \
	    "JOIN milestones m ON m.id = g.milestone_id " \
	    "LEFT JOIN products p ON p.store_id = g.store_id AND p.product_id = g.product_id " \
	    "WHERE g.store_id = ? AND g.campaign_id = ? AND (? = '' OR g.backer = ?) " \
	    "ORDER BY g.status = 'pending' DESC, g.id LIMIT ? OFFSET ?") \
	/* i:id i:store i:campaign (a pending grant of the campaign) */ \
	X(SQL_ADMIN_GRANT_FULFIL_ONE, \
	    "UPDATE grants SET status = 'fulfilled', fulfilled_at = UTC_TIMESTAMP(6) " \
	    "WHERE id = ? AND store_id = ? AND campaign_id = ? AND status = 'pending'") \
	/* i:store i:campaign i:milestone (every pending grant of the milestone) */ \
	X(SQL_ADMIN_GRANT_FULFIL_MILESTONE, \
	    "UPDATE grants SET status = 'fulfilled', fulfilled_at = UTC_TIMESTAMP(6) " \
	    "WHERE store_id = ? AND campaign_id = ? AND milestone_id = ? " \
	    "AND status = 'pending'")

#endif
