-- 032: drop two indexes of grants that no statement uses (issue 10: every
-- grant insert, the hot order's three and each of a fan-out's million,
-- paid their entries for nothing).  grants_queue (store_id, status, id) is
-- from before the queue went by position (sql/013); grants_queue_position
-- (store_id, status, position) cannot serve the queue's statement, whose
-- status filter is optional ("? IS NULL OR status = ?"), so MariaDB reads
-- the queue through grants_position (store_id, position) either way
-- (checked with EXPLAIN on 100,000 grants).
ALTER TABLE grants
  DROP KEY grants_queue,
  DROP KEY grants_queue_position;
