-- 022: retention of events out (docs/events.md, "Retention"): the
-- delivery process drops settled events older than event_retention_days,
-- oldest first, a bounded batch at a time; this index lets it find them
-- without reading the whole outbox.
ALTER TABLE events ADD KEY events_created (created_at);
