-- 030: rule 5's fan-out after the reaching order's answer (issue 10 item 2;
-- docs/fanout.md).
--
-- A scope-"all" gift reached in a campaign with more backers than
-- fanout_inline_max is marked fanout_pending under the campaign's lock, in
-- the reaching transaction; the program's fan-out task (src/main.c,
-- service/fanout.c) then grants it to the other backers in batches of
-- fanout_batch backers, in backer order, each batch its own transaction
-- under the campaign's lock.  fanout_after is the durable cursor: the last
-- backer a committed batch covered ('' before the first).  Until the
-- fan-out is done, an order or a cancel of a backer not yet covered first
-- gives that backer the grant the fan-out would give (service/order.c).
ALTER TABLE milestones
  ADD COLUMN fanout_pending TINYINT NOT NULL DEFAULT 0,
  ADD COLUMN fanout_after VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
    NOT NULL DEFAULT '',
  ADD KEY milestones_fanout (fanout_pending);
