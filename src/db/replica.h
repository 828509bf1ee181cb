/*
 * replica.h — read replicas for public reads (db_replica,
 * replica_max_lag_ms, replica_check_ms; docs/configuration.md).
 *
 * A worker of the public pool keeps one struct sg_replica: a read-only
 * connection to a replica (db_new_replica) and what it last measured.  At
 * most once per replica_check_ms it measures the replica's lag by the
 * heartbeat row of sql/019, on the primary's clock only:
 *   1. on the primary, the beat is set to its UTC_TIMESTAMP(6) unless it is
 *      younger than replica_check_ms (so with any number of workers and
 *      program hosts the row is written about once per interval);
 *   2. on the replica, the beat it has applied is read;
 *   3. on the primary, lag = its now minus that beat.
 * The lag is an upper bound: it includes the beat's own age (up to
 * replica_check_ms).  A replica that is down costs one failed connection
 * attempt per interval; one whose SQL thread stopped, or that falls
 * behind, shows a growing lag; either way the primary serves until a
 * measurement within replica_max_lag_ms.
 *
 * Return conventions: those of db/db.h.
 */
#ifndef SG_DB_REPLICA_H
#define SG_DB_REPLICA_H

#include <stdint.h>

#include "db/db.h"

struct sg_replica;

/* What the last measurement found (for logs and /metrics). */
enum db_replica_state {
	DB_REPLICA_UNKNOWN,	/* not measured yet, or the primary did not answer */
	DB_REPLICA_FRESH,	/* within replica_max_lag_ms: in use */
	DB_REPLICA_LAGGING,	/* answers, but too far behind */
	DB_REPLICA_DOWN,	/* cannot be reached or read */
};

/* NULL when cfg has no db_replica (or on no memory, logged). */
struct sg_replica	*db_replica_new(const struct sg_config *);
void			 db_replica_free(struct sg_replica *);	/* NULL ok */
/*
 * The connection for a public read: the replica when its last measurement
 * is fresh, else primary.  Measures first when replica_check_ms has passed
 * since the last one.  Never NULL (primary when r is NULL).
 */
struct sg_db		*db_replica_pick(struct sg_replica *, struct sg_db *primary);
/*
 * A read on the replica failed: if its connection is gone, it is down
 * until the next measurement; returns 1 then (run the read on the
 * primary), else 0.
 */
int			 db_replica_failed(struct sg_replica *);
/* The last measurement: its state and lag in µs (-1: none). */
enum db_replica_state	 db_replica_state(const struct sg_replica *, int64_t *lag_us);

/*
 * Webhook deliveries waiting (pending) and given up (failed), for
 * /metrics.  DB_OK or < 0.
 */
int	db_event_backlog(struct sg_db *, int64_t *pending, int64_t *failed);

#endif
