-- 013: queue positions that grow in commit order (issue 14).
--
-- A grant's id is handed out when its row is inserted, but the row becomes
-- visible when its transaction commits, and transactions of different
-- campaigns commit in any order: a cursor on ids skips rows.  A grant's
-- position is given after it committed, by the reader of the queue, under a
-- per-store row of queue_positions (db/cursor.c), so positions grow in the
-- order in which rows became visible.  Orders never touch that row.
--
-- Rows that exist now keep their id as position, so a cursor handed out
-- before this migration stays valid.

ALTER TABLE grants
  ADD COLUMN position BIGINT UNSIGNED NULL,
  ADD KEY grants_position (store_id, position),
  ADD KEY grants_queue_position (store_id, status, position);

UPDATE grants SET position = id;

CREATE TABLE queue_positions (
  store_id   BIGINT UNSIGNED NOT NULL,
  queue      VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  last_pos   BIGINT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, queue),
  CONSTRAINT queue_positions_store FOREIGN KEY (store_id) REFERENCES stores (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO queue_positions (store_id, queue, last_pos)
  SELECT s.id, 'grants', COALESCE((SELECT MAX(g.id) FROM grants g WHERE g.store_id = s.id), 0)
  FROM stores s;
