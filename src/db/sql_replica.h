/*
 * sql_replica.h — the statements of read replicas (db/replica.c): the
 * heartbeat row the primary keeps fresh (sql/019) and the lag it measures,
 * and the events backlog /metrics shows.
 */
#ifndef SG_DB_SQL_REPLICA_H
#define SG_DB_SQL_REPLICA_H

#define SG_SQL_REPLICA \
	/* on the primary, i:µs: refresh the heartbeat unless it is younger */ \
	X(SQL_REPLICA_BEAT_PUT, \
	    "UPDATE replica_heartbeat SET beat = UTC_TIMESTAMP(6) WHERE id = 1 " \
	    "AND beat < UTC_TIMESTAMP(6) - INTERVAL ? MICROSECOND") \
	/* on the replica -> the heartbeat as far as it has applied */ \
	X(SQL_REPLICA_BEAT_GET, \
	    "SELECT beat FROM replica_heartbeat WHERE id = 1") \
	/* on the primary, s:beat -> µs from that beat to the primary's now */ \
	X(SQL_REPLICA_LAG, \
	    "SELECT TIMESTAMPDIFF(MICROSECOND, ?, UTC_TIMESTAMP(6))") \
	/* -> pending failed: webhook deliveries by state (an index range per \
	   endpoint, webhook_deliveries_due) */ \
	X(SQL_EVENT_BACKLOG, \
	    "SELECT COALESCE(SUM(d.status = 'pending'), 0), " \
	    "COALESCE(SUM(d.status = 'failed'), 0) FROM webhook_endpoints w " \
	    "JOIN webhook_deliveries d ON d.endpoint_id = w.id " \
	    "AND d.status IN ('pending', 'failed')")

#endif
