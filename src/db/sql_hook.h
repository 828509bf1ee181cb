/*
 * sql_hook.h — statements of the store integrations (webhooks in): platform
 * secrets, handled deliveries, claimed refunds and early cancels (db/hook.h).
 * Included by db/sql.h.
 */
#ifndef SG_DB_SQL_HOOK_H
#define SG_DB_SQL_HOOK_H

#define SG_SQL_HOOK \
	/* i:store s:platform b:secret */ \
	X(SQL_HOOK_SECRET_SET, \
	    "INSERT INTO hook_secrets (store_id, platform, secret) VALUES (?, ?, ?) " \
	    "ON DUPLICATE KEY UPDATE secret = VALUES(secret), " \
	    "updated_at = UTC_TIMESTAMP(6)") \
	/* i:store s:platform -> secret */ \
	X(SQL_HOOK_SECRET_GET, \
	    "SELECT secret FROM hook_secrets WHERE store_id = ? AND platform = ?") \
	/* i:store s:platform s:key -> 1 */ \
	X(SQL_HOOK_DELIVERY_GET, \
	    "SELECT 1 FROM hook_deliveries WHERE store_id = ? AND platform = ? " \
	    "AND delivery_key = ?") \
	/* i:store s:platform s:key s:topic s:order s:result */ \
	X(SQL_HOOK_DELIVERY_INSERT, \
	    "INSERT IGNORE INTO hook_deliveries (store_id, platform, delivery_key, " \
	    "topic, order_id, result) VALUES (?, ?, ?, ?, ?, ?)") \
	/* i:store s:order s:currency b:fingerprint (a cancelled order, no lines) */ \
	X(SQL_HOOK_TOMBSTONE_ORDER, \
	    "INSERT INTO orders (store_id, external_id, backer, placed_at, currency, " \
	    "status, fingerprint, response, cancelled_at) VALUES (?, ?, '', " \
	    "UTC_TIMESTAMP(6), ?, 'cancelled', ?, '', UTC_TIMESTAMP(6))") \
	/* i:order_pk s:platform */ \
	X(SQL_HOOK_TOMBSTONE_INSERT, \
	    "INSERT INTO hook_tombstones (order_pk, platform) VALUES (?, ?)") \
	/* i:store s:order -> 1 */ \
	X(SQL_HOOK_TOMBSTONE_GET, \
	    "SELECT 1 FROM hook_tombstones t JOIN orders o ON o.id = t.order_pk " \
	    "WHERE o.store_id = ? AND o.external_id = ?") \
	/* i:store s:platform */ \
	X(SQL_HOOK_SECRET_REMOVE, \
	    "DELETE FROM hook_secrets WHERE store_id = ? AND platform = ?") \
	/* --- admin reads --- */ \
	/* i:store s:platform -> updated_at (never the secret) */ \
	X(SQL_HOOK_SECRET_WHEN, \
	    "SELECT updated_at FROM hook_secrets WHERE store_id = ? " \
	    "AND platform = ?")

#endif
