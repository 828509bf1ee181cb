-- 012_hooks.sql — store integrations (webhooks in): the platform secrets,
-- the deliveries already handled, refunds already claimed, and cancels that
-- arrived before their order (docs/integrations.md).

-- One signing secret per store and platform.  Kept as given: verifying an
-- HMAC needs the secret itself, not a hash of it.
CREATE TABLE hook_secrets (
  store_id    BIGINT UNSIGNED NOT NULL,
  platform    ENUM('shopify','woocommerce') NOT NULL,
  secret      VARBINARY(512) NOT NULL,
  updated_at  DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  PRIMARY KEY (store_id, platform),
  CONSTRAINT hook_secrets_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB;

-- Deliveries handled, by the platform's key (Shopify: X-Shopify-Event-Id,
-- else X-Shopify-Webhook-Id; WooCommerce: order id and date_modified_gmt).
-- A delivery is recorded after it was handled; see service/hook.h.
CREATE TABLE hook_deliveries (
  store_id      BIGINT UNSIGNED NOT NULL,
  platform      ENUM('shopify','woocommerce') NOT NULL,
  delivery_key  VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  topic         VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  order_id      VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  result        VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  received_at   DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  PRIMARY KEY (store_id, platform, delivery_key),
  KEY hook_deliveries_received (received_at),
  CONSTRAINT hook_deliveries_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB;

-- Platform refunds applied, by the refund's id: claimed before the refund
-- runs, released when it fails (service/hook.h).
CREATE TABLE hook_refunds (
  store_id    BIGINT UNSIGNED NOT NULL,
  platform    ENUM('shopify','woocommerce') NOT NULL,
  refund_id   VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  order_id    VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at  DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  PRIMARY KEY (store_id, platform, refund_id),
  CONSTRAINT hook_refunds_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB;

-- A cancel that came before its order: the order is written as a
-- cancelled orders row without lines (so that its id is taken, and a later
-- create of it conflicts on orders_external instead of counting), and
-- this row says why that order has no lines.
CREATE TABLE hook_tombstones (
  order_pk    BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  platform    ENUM('shopify','woocommerce') NOT NULL,
  created_at  DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  CONSTRAINT hook_tombstones_order FOREIGN KEY (order_pk) REFERENCES orders (id)
    ON DELETE CASCADE
) ENGINE=InnoDB;
