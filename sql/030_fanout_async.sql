-- 030: rule 5's fan-out after the reaching order's answer (issue 10 item 2;
-- docs/fanout.md).
--
-- A scope-"all" gift reached in a campaign with more backers than
-- fanout_inline_max gets milestones.fanout_pending = 1 and a row here,
-- under the campaign's lock, in the reaching transaction; the program's
-- fan-out task (src/main.c, service/fanout.c) then grants it to the other
-- backers in batches of fanout_batch backers, in backer order, each batch
-- its own transaction.  done_upto is the durable cursor: the last backer a
-- committed batch covered ('' before the first); reached_seq the
-- milestone's (who is in the fan-out: an active order counted by then).
-- The row, not the milestone's, is what a batch locks: an order's grant of
-- the milestone checks its foreign key against the milestone's row, and
-- must not wait for a batch.  Until the fan-out is done, an order or a
-- cancel of a backer not yet covered first gives that backer the grant
-- the fan-out would give (service/order.c).
ALTER TABLE milestones
  ADD COLUMN fanout_pending TINYINT NOT NULL DEFAULT 0;

CREATE TABLE grant_fanouts (
  milestone_id  BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  campaign_id   BIGINT UNSIGNED NOT NULL,
  reached_seq   BIGINT NOT NULL,
  done_upto     VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
                NOT NULL DEFAULT '',
  created_at    DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6),
  CONSTRAINT grant_fanouts_milestone FOREIGN KEY (milestone_id)
    REFERENCES milestones (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
