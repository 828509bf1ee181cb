/*
 * sql_cursor.h — statements of db/cursor.c: queue positions in commit
 * order.  See db/cursor.h.
 */
#ifndef SG_DB_SQL_CURSOR_H
#define SG_DB_SQL_CURSOR_H

#define SG_SQL_CURSOR \
	/* i:store s:queue — the store's row of a queue, made on first use */ \
	X(SQL_QUEUE_ENSURE, \
	    "INSERT IGNORE INTO queue_positions (store_id, queue, last_pos) " \
	    "VALUES (?, ?, 0)") \
	/* i:store s:queue -> last_pos; held until the transaction ends */ \
	X(SQL_QUEUE_LOCK, \
	    "SELECT last_pos FROM queue_positions WHERE store_id = ? AND queue = ? " \
	    "FOR UPDATE") \
	/* i:last i:store s:queue */ \
	X(SQL_QUEUE_ADVANCE, \
	    "UPDATE queue_positions SET last_pos = ? WHERE store_id = ? AND queue = ?") \
	/* i:store i:limit -> id; a consistent read: committed rows only */ \
	X(SQL_GRANT_UNPOSITIONED, \
	    "SELECT id FROM grants WHERE store_id = ? AND position IS NULL " \
	    "ORDER BY id LIMIT ?") \
	/* i:base s:ids (a JSON array of ids, ascending) i:store — row k of \
	   the array gets position base + k */ \
	X(SQL_GRANT_POSITION, \
	    "UPDATE grants g JOIN JSON_TABLE(?, '$[*]' COLUMNS (" \
	    "rn FOR ORDINALITY, gid BIGINT UNSIGNED PATH '$')) j ON g.id = j.gid " \
	    "SET g.position = ? + j.rn WHERE g.store_id = ? AND g.position IS NULL")

#endif
