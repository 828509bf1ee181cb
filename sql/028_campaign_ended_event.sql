-- 028: campaigns.ended_event_at (issue 11, events out): when the
-- campaign's campaign.ended was recorded, so that it is recorded once.
--
-- Two things record it: the move to `ended` (service/campaign.c), and,
-- for a campaign still `live` whose ends_at has passed by
-- campaign_end_grace_secs, the delivery process (svc_event_end_due()).
-- Each sets this column in the transaction that writes the event; the
-- other then finds it set and writes nothing.  The delivery process sets
-- it also when no endpoint wants the event, so that it stops looking.
ALTER TABLE campaigns
  ADD COLUMN ended_event_at DATETIME(6) NULL DEFAULT NULL;
