-- 019: read replicas (issue 9 item 4; docs/operations.md).  One row the
-- primary keeps fresh: a worker that serves public reads from a replica
-- sets beat to the primary's UTC_TIMESTAMP(6) when it is older than
-- replica_check_ms, reads the beat the replica has applied, and takes the
-- replica's lag as the primary's now minus that beat (both on the
-- primary's clock).  A replica whose SQL thread stopped, or that fell
-- behind, shows a beat that no longer moves.
CREATE TABLE replica_heartbeat (
  id    TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  beat  DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO replica_heartbeat (id, beat) VALUES (1, UTC_TIMESTAMP(6));
