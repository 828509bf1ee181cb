-- 016: the store's locale (issue 12): how the admin reads amounts typed by
-- its creators.  "en" (the default) reads "5,000.00"; a locale whose decimal
-- mark is a comma ("de", "fr", ...) reads "5.000,00".  Amounts that could be
-- read both ways for the store ("5,000" in "de") are refused in the form.
-- See sg_locale_decimal_mark() in domain/money.c.

ALTER TABLE stores
  ADD COLUMN locale VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin
    NOT NULL DEFAULT 'en';

-- And the admin's archive of ended campaigns (issue 12): an archived
-- campaign is hidden from the admin's campaign list by default; nothing
-- else changes (its widget, grants and API stay as they were).
ALTER TABLE campaigns
  ADD COLUMN archived_at DATETIME(6) NULL;
