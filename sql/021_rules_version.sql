-- 021: campaigns.rules_version (issue 10, the hot campaign).
--
-- An order reads a campaign's products and milestones before it locks the
-- campaign's row (service/order.c), with rules_version read first; under
-- the lock it compares rules_version and reads them again only when it
-- moved.  rules_version moves with every change to what those reads
-- return: a campaign edit (its products), a milestone added, edited,
-- deleted or reached (on save or by an order).  The counters' version
-- (campaigns.version, the widget's cache key) moves with every counted
-- order, so it cannot guard them.
ALTER TABLE campaigns
  ADD COLUMN rules_version BIGINT UNSIGNED NOT NULL DEFAULT 0;
