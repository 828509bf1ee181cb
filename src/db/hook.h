/*
 * hook.h — the data of the store integrations (webhooks in): per-store
 * platform secrets, deliveries handled (de-duplication), platform refunds
 * claimed, and cancels that came before their order (tombstones).
 *
 * platform is "shopify" or "woocommerce" (sg_platform_name()).  Return
 * conventions of db.h: DB_OK, > 0 found / 0 not found for lookups, DB_DUP
 * when the key is taken, < 0 errors.  Each function is its own
 * transaction (autocommit) unless it says otherwise.
 */
#ifndef SG_DB_HOOK_H
#define SG_DB_HOOK_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct sg_db;

/* Longest secret accepted (bytes); the column holds this much. */
#define DB_HOOK_SECRET_MAX	512
/* Longest delivery key stored; longer keys are stored as a hash. */
#define DB_HOOK_KEY_MAX		200

/* Set (or replace) the secret of store and platform. */
int	db_hook_secret_set(struct sg_db *, int64_t store_id, const char *platform,
	    const void *secret, size_t len);
/*
 * The secret into buf (DB_HOOK_SECRET_MAX bytes), its length in *len.
 * > 0 found, 0 none set, < 0 error.
 */
int	db_hook_secret_get(struct sg_db *, int64_t store_id, const char *platform,
	    unsigned char *buf, size_t *len);

/* Was the delivery key handled before?  > 0 yes, 0 no, < 0 error. */
int	db_hook_delivery_seen(struct sg_db *, int64_t store_id,
	    const char *platform, const char *key);
/* Record a handled delivery (a second record of the same key is a no-op). */
int	db_hook_delivery_record(struct sg_db *, int64_t store_id,
	    const char *platform, const char *key, const char *topic,
	    const char *order_id, const char *result);

/*
 * A cancel for an order the store does not know: in one transaction,
 * write order_id as a cancelled order without lines (its id taken, so a
 * create that comes later conflicts instead of counting) and its
 * tombstone.  DB_OK written; DB_DUP when the order exists (it was created
 * meanwhile: cancel it the usual way); < 0 error.
 */
int	db_hook_tombstone_put(struct sg_db *, int64_t store_id,
	    const char *platform, const char *order_id, const char *currency);
/* Was order_id written by db_hook_tombstone_put()?  > 0 yes, 0 no. */
int	db_hook_tombstone_get(struct sg_db *, int64_t store_id,
	    const char *order_id);

/* Remove the secret of store and platform: 1 removed, 0 none was set. */
int	db_hook_secret_remove(struct sg_db *, int64_t store_id,
	    const char *platform);

/* --- admin reads --- */

/*
 * When the secret of store and platform was last set (DATETIME text,
 * UTC, into when of at least 27 bytes); never the secret itself.  > 0
 * set, 0 none set, < 0 error.
 */
int	db_hook_secret_when(struct sg_db *, int64_t store_id,
	    const char *platform, char *when, size_t size);

#endif
