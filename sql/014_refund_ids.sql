-- 014_refund_ids.sql — refunds carry the store's refund id (SPEC: required,
-- unique per order, the refund's idempotency key), and orders and refunds
-- record whether their first answer was handed out (ambiguous commits).
--
-- refunds.external_id, fingerprint, response: the same id with the same body
-- answers the stored response again ("duplicate": true) and changes nothing;
-- a different body is 409.  The unique key makes concurrent duplicates apply
-- once.  Refunds recorded before this migration have no id (NULL, which the
-- unique key allows any number of times) and cannot be repeated.
--
-- answered (orders and refunds): the attempt that commits the row claims its
-- first answer in the same transaction (inserted as 1).  When the
-- connection died during COMMIT, the program answers 503 and, on a new
-- connection, gives the answer back (answered = 0; the update waits for the
-- row's lock, so it sees what the COMMIT did).  The client's retry of the
-- same body then finds answered = 0, claims it and answers as the first
-- attempt would have (201 / "duplicate": false).  Every other repeat finds
-- answered = 1: "duplicate": true.  Rows from before this migration were
-- answered.
ALTER TABLE orders
  ADD COLUMN answered BOOLEAN NOT NULL DEFAULT TRUE;

ALTER TABLE refunds
  ADD COLUMN external_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL AFTER order_id,
  ADD COLUMN fingerprint BINARY(32) NULL,
  ADD COLUMN response MEDIUMTEXT NULL,
  ADD COLUMN answered BOOLEAN NOT NULL DEFAULT TRUE,
  ADD UNIQUE KEY refunds_external (order_id, external_id);
