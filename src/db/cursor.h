/*
 * cursor.h — positions that grow in commit order, for every queue a
 * client (or our own delivery process) follows with a cursor.
 *
 * Why: an id is handed out when a row is inserted, but the row becomes
 * visible when its transaction commits, and transactions of different
 * campaigns (or hosts, or Galera nodes) commit in any order.  A reader that
 * resumes "after the last id seen" skips every row that committed after a
 * higher id was already seen.
 *
 * How: rows are written without a position.  A reader of a queue first
 * positions the rows that have committed since the last reader, in one
 * short transaction that locks the store's row of queue_positions (readers
 * of one store's queue take turns; writers never touch that row, so it is
 * no hot row in front of orders), reads the committed rows that have no
 * position yet (a consistent read: rows of transactions still in flight
 * are not seen, and get their position from a later reader), numbers them
 * last_pos + 1, + 2, ... and advances last_pos.  Positions are given in
 * the order readers ran, so a row's position is larger than the position of
 * every row that was visible before it: a cursor on positions never skips,
 * and never repeats (a row is positioned once).  The page is then read in
 * the same transaction, up to last_pos.
 *
 * On Galera the lock row makes two readers on different nodes conflict at
 * certification; the loser is rolled back (DB_RETRY) and runs again, on
 * data that includes the winner's positions.
 */
#ifndef SG_DB_CURSOR_H
#define SG_DB_CURSOR_H

#include <stdint.h>

#include "db/db.h"

/* Rows positioned by one statement. */
#define DB_QUEUE_BATCH	2000

/*
 * Inside a transaction: lock store_id's grant queue and give the grants
 * that have committed without a position theirs, in batches of
 * DB_QUEUE_BATCH, at most max_batches of them (0: until none is left; the
 * rest get theirs, higher, from the next call).  *last is the store's
 * last position afterwards: a page read in the same transaction must stop
 * at it.  DB_OK or < 0 (DB_RETRY: roll back and run the whole transaction
 * again).
 */
int	db_grant_queue_position(struct sg_db *, int64_t store_id,
	    int max_batches, int64_t *last);

#endif
