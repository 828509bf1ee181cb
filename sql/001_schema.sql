-- 001_schema.sql — the whole data model of SPEC.md.
--
-- Conventions: InnoDB, utf8mb4 with a binary collation for identifiers that
-- must compare byte for byte (handles, external ids, backers) and a
-- case-insensitive one for human text.  Money and units are BIGINT counts of
-- minor units.  Times are DATETIME(6) in UTC.  Every row below a store
-- carries store_id, and every lookup from a request goes through it, so one
-- store's token can never reach another store's rows.
--
-- The constraints that make SPEC's rules hold in the database itself:
--   orders: UNIQUE (store_id, external_id)         -- idempotency key
--   milestones: UNIQUE (campaign_id, target)        -- unique target
--   grants: UNIQUE (milestone_id, live_backer)      -- one non-void grant per
--           backer and milestone (live_backer is NULL once void)

CREATE TABLE stores (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  handle            VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  name              VARCHAR(200) NOT NULL,
  currency          CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  currency_exponent TINYINT UNSIGNED NOT NULL,
  created_at        DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  UNIQUE KEY stores_handle (handle)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE api_tokens (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  store_id     BIGINT UNSIGNED NOT NULL,
  token_id     CHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  secret_hash  BINARY(32) NOT NULL,
  label        VARCHAR(200) NOT NULL DEFAULT '',
  created_at   DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  revoked_at   DATETIME(6) NULL,
  UNIQUE KEY api_tokens_token_id (token_id),
  CONSTRAINT api_tokens_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE users (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  store_id       BIGINT UNSIGNED NOT NULL,
  email          VARCHAR(254) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  password_hash  VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at     DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  UNIQUE KEY users_email (email),
  CONSTRAINT users_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE sessions (
  id_hash       BINARY(32) NOT NULL PRIMARY KEY,
  user_id       BIGINT UNSIGNED NOT NULL,
  csrf_token    CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at    DATETIME(6) NOT NULL,
  last_seen_at  DATETIME(6) NOT NULL,
  KEY sessions_user (user_id),
  CONSTRAINT sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Failed logins, counted per key ("u:<email>" or "a:<address>") and window.
CREATE TABLE login_failures (
  k             VARCHAR(300) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  window_start  DATETIME NOT NULL,
  failures      INT UNSIGNED NOT NULL,
  PRIMARY KEY (k, window_start)
) ENGINE=InnoDB;

CREATE TABLE products (
  store_id     BIGINT UNSIGNED NOT NULL,
  product_id   VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  title        VARCHAR(200) NOT NULL,
  price        BIGINT NOT NULL DEFAULT 0,
  image_url    VARCHAR(2048) NULL,
  variants     MEDIUMTEXT NULL,             -- JSON array as sent by the pipeline
  updated_at   DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  PRIMARY KEY (store_id, product_id),
  FULLTEXT KEY products_title (title),
  CONSTRAINT products_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE campaigns (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  store_id      BIGINT UNSIGNED NOT NULL,
  slug          VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  title         VARCHAR(200) NOT NULL,
  description   TEXT NOT NULL,
  goal_kind     ENUM('units','money') NOT NULL,
  goal          BIGINT NOT NULL,
  starts_at     DATETIME(6) NULL,
  ends_at       DATETIME(6) NULL,
  status        ENUM('draft','live','ended') NOT NULL DEFAULT 'draft',
  -- counters, kept in the same transaction as the orders that change them
  units         BIGINT NOT NULL DEFAULT 0,
  amount        BIGINT NOT NULL DEFAULT 0,
  orders        BIGINT NOT NULL DEFAULT 0,
  backers       BIGINT NOT NULL DEFAULT 0,
  counted_seq   BIGINT NOT NULL DEFAULT 0,  -- last sequence number handed out
  version       BIGINT NOT NULL DEFAULT 1,  -- bumped on anything a backer sees
  created_at    DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  updated_at    DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  UNIQUE KEY campaigns_slug (store_id, slug),
  CONSTRAINT campaigns_goal CHECK (goal > 0),
  CONSTRAINT campaigns_window CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at),
  CONSTRAINT campaigns_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE campaign_products (
  campaign_id  BIGINT UNSIGNED NOT NULL,
  product_id   VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (campaign_id, product_id),
  KEY campaign_products_product (product_id),
  CONSTRAINT campaign_products_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE milestones (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  campaign_id      BIGINT UNSIGNED NOT NULL,
  target           BIGINT NOT NULL,
  title            VARCHAR(200) NOT NULL,
  image_url        VARCHAR(2048) NULL,
  before_text      TEXT NOT NULL,
  after_text       TEXT NOT NULL,
  reward           ENUM('reveal','gift') NOT NULL,
  gift_product_id  VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  gift_variant_id  VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  gift_quantity    INT NOT NULL DEFAULT 1,
  scope            ENUM('all','new') NOT NULL DEFAULT 'all',
  reached_at       DATETIME(6) NULL,
  reached_seq      BIGINT NULL,            -- campaign counted_seq at the reach
  reached_order_id BIGINT UNSIGNED NULL,   -- orders.id, NULL when reached by an edit
  created_at       DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  updated_at       DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  UNIQUE KEY milestones_target (campaign_id, target),
  CONSTRAINT milestones_target_positive CHECK (target > 0),
  CONSTRAINT milestones_gift CHECK (reward = 'reveal' OR gift_product_id IS NOT NULL),
  CONSTRAINT milestones_quantity CHECK (gift_quantity BETWEEN 1 AND 1000000),
  CONSTRAINT milestones_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE orders (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  store_id      BIGINT UNSIGNED NOT NULL,
  external_id   VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  backer        VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  placed_at     DATETIME(6) NOT NULL,
  currency      CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  status        ENUM('active','cancelled') NOT NULL DEFAULT 'active',
  fingerprint   BINARY(32) NOT NULL,        -- hash of the validated request
  response      MEDIUMTEXT NOT NULL,        -- first response, for repeats
  created_at    DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  cancelled_at  DATETIME(6) NULL,
  UNIQUE KEY orders_external (store_id, external_id),
  CONSTRAINT orders_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE order_lines (
  order_id         BIGINT UNSIGNED NOT NULL,
  line_no          INT UNSIGNED NOT NULL,
  product_id       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  variant_id       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  quantity         INT NOT NULL,
  price            BIGINT NOT NULL,
  gift             BOOLEAN NOT NULL DEFAULT FALSE,
  refunded_qty     INT NOT NULL DEFAULT 0,
  refunded_amount  BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (order_id, line_no),
  CONSTRAINT order_lines_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- An order's counted contribution to one campaign.
CREATE TABLE order_campaigns (
  order_id     BIGINT UNSIGNED NOT NULL,
  campaign_id  BIGINT UNSIGNED NOT NULL,
  backer       VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  units        BIGINT NOT NULL,
  amount       BIGINT NOT NULL,
  counted_seq  BIGINT NOT NULL,             -- campaign sequence when counted
  active       BOOLEAN NOT NULL DEFAULT TRUE,
  PRIMARY KEY (order_id, campaign_id),
  KEY order_campaigns_backer (campaign_id, backer, active, counted_seq),
  CONSTRAINT order_campaigns_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT order_campaigns_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Backers per campaign with their number of active counted orders, so that
-- the backer count is a counter and never a scan.
CREATE TABLE campaign_backers (
  campaign_id    BIGINT UNSIGNED NOT NULL,
  backer         VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  active_orders  INT NOT NULL DEFAULT 0,
  PRIMARY KEY (campaign_id, backer),
  CONSTRAINT campaign_backers_campaign FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE refunds (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id    BIGINT UNSIGNED NOT NULL,
  body        MEDIUMTEXT NOT NULL,
  created_at  DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  KEY refunds_order (order_id),
  CONSTRAINT refunds_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE grants (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  store_id         BIGINT UNSIGNED NOT NULL,
  campaign_id      BIGINT UNSIGNED NOT NULL,
  milestone_id     BIGINT UNSIGNED NOT NULL,
  order_id         BIGINT UNSIGNED NOT NULL,
  backer           VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  product_id       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  variant_id       VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  quantity         INT NOT NULL,
  status           ENUM('pending','fulfilled','void') NOT NULL DEFAULT 'pending',
  created_at       DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  fulfilled_at     DATETIME(6) NULL,
  voided_at        DATETIME(6) NULL,
  moved_from       BIGINT UNSIGNED NULL,      -- the grant this one replaces
  live_backer      VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
                   AS (IF(status = 'void', NULL, backer)) PERSISTENT,
  UNIQUE KEY grants_one_per_backer (milestone_id, live_backer),
  KEY grants_queue (store_id, status, id),
  KEY grants_order (order_id),
  CONSTRAINT grants_milestone FOREIGN KEY (milestone_id) REFERENCES milestones (id),
  CONSTRAINT grants_order FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
