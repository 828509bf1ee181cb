-- 033: the products that counted toward a campaign (sql/011) move into
-- their order_campaigns row (issue 10 item 1).  The hot order wrote them
-- with a statement of their own under the campaign's row lock (~90 us of
-- the server's CPU per order); now the order_campaigns INSERT writes them.
--
-- counted_products: the product ids, each once, by product id, joined by
-- single spaces (an id is ASCII from the RFC 3986 path-segment set, never
-- a space).  At most 100 ids (SG_CAMPAIGN_PRODUCTS_MAX) of at most 64
-- characters (SG_EXTID_MAX): 100 * 64 + 99 separators = 6499.  NULL (or
-- empty): nothing recorded in the column; a refund then goes by the rows
-- of order_campaign_products for the order and campaign, and when there
-- are none either (an order counted before sql/011 whose backfill found
-- none of its products) by the campaign's product_ids now, as before
-- (service/order.c).
--
-- Migrations only add (docs/operations.md, "Upgrades"): during a rolling
-- upgrade (migrate first, then restart the hosts one at a time) the hosts
-- not yet restarted run the program before this migration on this
-- schema, so order_campaign_products and its foreign key stay.
--   - An old host counts an order as before: its order_campaigns row
--     without counted_products (NULL) and the products in
--     order_campaign_products.  The new program refunds such an order by
--     those rows: exact.
--   - The new program writes only the column, no order_campaign_products
--     rows.  An old host refunding an order the new program counted finds
--     no rows and goes by the campaign's product_ids now, as for an order
--     from before sql/011: an approximation (wrong only if product_ids
--     changed since the order was counted), during the upgrade window
--     only.
-- A later release's migration fills counted_products again from
-- order_campaign_products for the rows an old program wrote during the
-- window (still NULL), and then drops the table.
ALTER TABLE order_campaigns
  ADD COLUMN counted_products VARCHAR(6499) CHARACTER SET ascii
    COLLATE ascii_bin NULL;

-- The longest list is 6499 bytes; a server's group_concat_max_len may be
-- as low as 1024 (MySQL's default), and a list cut by GROUP_CONCAT fails
-- the UPDATE under the program's STRICT_ALL_TABLES (error 1260), half-way
-- through this file.  Above the column's length it fails too: a list is
-- whole or refused, never cut.
SET SESSION group_concat_max_len = 65536;
UPDATE order_campaigns oc
JOIN (SELECT order_id, campaign_id,
        GROUP_CONCAT(product_id ORDER BY product_id SEPARATOR ' ') AS pids
      FROM order_campaign_products
      GROUP BY order_id, campaign_id) ocp
  ON ocp.order_id = oc.order_id AND ocp.campaign_id = oc.campaign_id
SET oc.counted_products = ocp.pids;
SET SESSION group_concat_max_len = DEFAULT;
