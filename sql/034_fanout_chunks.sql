-- 034: several fan-out tasks on one fan-out (issue 10 item 2;
-- docs/fanout.md, "The fan-out task").
--
-- Until now a fan-out's cursor (grant_fanouts.done_upto) moved in the same
-- transaction as the grants of its batch, so one fan-out was written by one
-- connection at a time.  Now a task first claims a range of backers in a
-- short transaction of its own: it moves the claim cursor (claimed_upto,
-- the last backer claimed; NULL once every backer is) and records the range
-- as a chunk.  Then it writes the chunk's grants and deletes the chunk in
-- another, so two tasks write two chunks of one fan-out at once.  A chunk
-- whose task died stays until a task takes it (FOR UPDATE SKIP LOCKED).
-- The fan-out is done when every backer is claimed and no chunk is left.
-- A fan-out pending at this migration has claimed exactly what its batches
-- wrote, so its cursor carries over as the claim cursor.
--
-- done_upto stays for the programs from before this migration, which go on
-- using it until they are restarted (docs/operations.md, "Upgrades"): such
-- a task writes the fan-out from its own cursor, the grants the new tasks
-- wrote already are skipped by the unique key, and it cannot end a fan-out
-- while a chunk is left, because the chunks' foreign key keeps the fan-out's
-- row.  A later release drops done_upto.
ALTER TABLE grant_fanouts
  ADD COLUMN claimed_upto VARCHAR(254) CHARACTER SET utf8mb4
    COLLATE utf8mb4_bin NULL DEFAULT '' AFTER done_upto;
UPDATE grant_fanouts SET claimed_upto = done_upto;

CREATE TABLE grant_fanout_chunks (
  milestone_id  BIGINT UNSIGNED NOT NULL,
  after_backer  VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
                NOT NULL,
  upto_backer   VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  PRIMARY KEY (milestone_id, after_backer),
  CONSTRAINT grant_fanout_chunks_fanout FOREIGN KEY (milestone_id)
    REFERENCES grant_fanouts (milestone_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
