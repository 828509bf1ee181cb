-- 015: events out (issue 11, "Out"; docs/events.md).
--
-- events is a transactional outbox: each row is written in the transaction
-- of the change it reports.  seq numbers a campaign's events 1, 2, 3, ...
-- (given under the campaign's row lock, which every writer of an event
-- holds).  position is given after commit by the queue reader
-- (db/cursor.c, queue "events"), so the delivery process never skips a row
-- that committed late.

CREATE TABLE events (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  store_id      BIGINT UNSIGNED NOT NULL,
  campaign_id   BIGINT UNSIGNED NOT NULL,
  campaign_slug VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  type          VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  seq           BIGINT UNSIGNED NOT NULL,
  grant_id      BIGINT UNSIGNED NULL,
  data          TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  created_at    DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  position      BIGINT UNSIGNED NULL,
  UNIQUE KEY events_campaign_seq (campaign_id, seq),
  KEY events_position (store_id, position),
  KEY events_grant (grant_id, type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A store's endpoints.  The secret is kept in plain (the raw bytes behind
-- "whsec_"): signing needs it back.  A removed endpoint keeps its row
-- (deleted_at) so that its delivery log still names it.
CREATE TABLE webhook_endpoints (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  store_id    BIGINT UNSIGNED NOT NULL,
  url         VARCHAR(2048) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  events      SET('milestone.reached','grant.created','grant.voided',
                  'campaign.goal_reached','campaign.ended') NOT NULL,
  secret      VARBINARY(64) NOT NULL,
  created_at  DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  deleted_at  DATETIME(6) NULL,
  KEY webhook_endpoints_store (store_id, deleted_at),
  CONSTRAINT webhook_endpoints_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- How far each store's events were fanned out into deliveries (a position
-- of the "events" queue).
CREATE TABLE event_fanout (
  store_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  pos       BIGINT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One row per (endpoint, event): its state and lease.  A delivery process
-- claims rows with SELECT ... FOR UPDATE SKIP LOCKED and a lease
-- (claimed_until), so two processes never send one at the same time.
CREATE TABLE webhook_deliveries (
  endpoint_id    BIGINT UNSIGNED NOT NULL,
  event_id       BIGINT UNSIGNED NOT NULL,
  position       BIGINT UNSIGNED NOT NULL,
  status         ENUM('pending','delivered','failed') NOT NULL DEFAULT 'pending',
  attempts       INT NOT NULL DEFAULT 0,
  first_at       DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  next_at        DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  claimed_until  DATETIME(6) NULL,
  claimed_by     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  last_status    INT NULL,
  delivered_at   DATETIME(6) NULL,
  PRIMARY KEY (endpoint_id, event_id),
  -- due deliveries of an endpoint, earliest first (a range scan that stops
  -- at the claim's LIMIT)
  KEY webhook_deliveries_due (endpoint_id, status, next_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The delivery log: one row per attempt, kept webhook_log_days.
CREATE TABLE webhook_attempts (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  endpoint_id   BIGINT UNSIGNED NOT NULL,
  event_id      BIGINT UNSIGNED NOT NULL,
  attempted_at  DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  http_status   INT NOT NULL,              -- 0: no answer
  duration_ms   INT NOT NULL,
  error         VARCHAR(255) CHARACTER SET utf8mb4 NOT NULL DEFAULT '',
  response      VARCHAR(1024) CHARACTER SET utf8mb4 NOT NULL DEFAULT '',
  KEY webhook_attempts_endpoint (endpoint_id, attempted_at),
  KEY webhook_attempts_time (attempted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
