-- 011_order_campaign_products.sql — which of an order's products counted
-- toward each campaign, recorded when the order is counted.
--
-- A refund lowers a campaign's contribution only for the products that
-- counted toward it when the order was counted (docs/api.md, refund); the
-- campaign's product_ids may change afterwards, so the refund cannot go by
-- campaign_products.  One row per (order, campaign, product): a product on
-- several non-gift lines of the order is recorded once; gift lines never.
-- The rows go with their order_campaigns row.
CREATE TABLE order_campaign_products (
  order_id     BIGINT UNSIGNED NOT NULL,
  campaign_id  BIGINT UNSIGNED NOT NULL,
  product_id   VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (order_id, campaign_id, product_id),
  CONSTRAINT order_campaign_products_oc FOREIGN KEY (order_id, campaign_id)
    REFERENCES order_campaigns (order_id, campaign_id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Backfill for the orders counted before this migration.  What counted then
-- was not recorded, so this is an approximation: the order's non-gift
-- products that are in the campaign's product_ids *now* (exact unless
-- product_ids changed after the order was counted).
INSERT INTO order_campaign_products (order_id, campaign_id, product_id)
SELECT DISTINCT oc.order_id, oc.campaign_id, ol.product_id
FROM order_campaigns oc
JOIN order_lines ol ON ol.order_id = oc.order_id AND ol.gift = 0
JOIN campaign_products cp ON cp.campaign_id = oc.campaign_id
  AND cp.product_id = ol.product_id;
