-- 020: secret stretch goals and image teasers (SPEC Milestones rule 3,
-- issue 12 item 4, issue 13 item 2).  secret = 1: until the milestone is
-- reached, backers see only its target (and that it is a secret).
-- image_teaser = 1: its photo shows before the reach; otherwise no public
-- answer names the photo (nor its alt text) until then.
--
-- Until now a gift milestone's photo showed before the reach and a
-- reveal's did not: unreached gift milestones with a photo keep showing it
-- (image_teaser = 1), everything else starts as not a teaser.

ALTER TABLE milestones
  ADD COLUMN secret TINYINT(1) NOT NULL DEFAULT 0,
  ADD COLUMN image_teaser TINYINT(1) NOT NULL DEFAULT 0;

UPDATE milestones SET image_teaser = 1
  WHERE reward = 'gift' AND image_url IS NOT NULL AND reached_at IS NULL;
