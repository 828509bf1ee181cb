-- 025: drop hook_refunds (sql/012).  It claimed a platform refund's id
-- before the order service had a refund key of its own (sql/014); since
-- then the key lives in refunds, written in the refund's own transaction,
-- and nothing reads or writes this table.
DROP TABLE IF EXISTS hook_refunds;
