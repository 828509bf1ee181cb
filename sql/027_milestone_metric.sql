-- 027: a milestone's metric (SPEC Milestones rule 10).
--
-- metric: what the target counts.  'progress' (every milestone so far):
-- the campaign's units or money, by its goal_kind.  'backers': the
-- campaign's backer count (campaigns.backers).  Rules 1-9 apply to each
-- metric with its own before/after values (service/order.c), and targets
-- are unique per metric within a campaign: the unique key gains the
-- metric (the same number may be a progress target and a backers target).
ALTER TABLE milestones
  ADD COLUMN metric ENUM('progress','backers') NOT NULL DEFAULT 'progress'
    AFTER campaign_id,
  DROP INDEX milestones_target,
  ADD UNIQUE KEY milestones_target (campaign_id, metric, target);
