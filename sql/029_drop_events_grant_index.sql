-- 029: drop events_grant (grant_id, type) (issue 11, ingestion with
-- endpoints).  No statement reads events by grant: the index cost every
-- event row (three per order with grants, inside the campaign's lock) an
-- index entry for nothing.  events.grant_id stays (the delivery builds a
-- grant.created's data from it by the grant's primary key).
ALTER TABLE events DROP KEY events_grant;
