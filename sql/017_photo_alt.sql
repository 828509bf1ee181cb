-- 017: alt text of a milestone's photo (issue 12), for people who cannot see
-- it; '' when the creator gave none (the photo is then decorative, alt="").

ALTER TABLE milestones
  ADD COLUMN image_alt VARCHAR(300) NOT NULL DEFAULT '' AFTER image_url;
