-- 026: a campaign's default look (issue 13 item 7, themes).
--
-- theme: the widget's theme when the embed does not ask for one (auto
-- follows the visitor's dark mode).  accent: '#rrggbb', or NULL for the
-- stylesheet's own green.  radius: the widget's corner radius in px
-- (0..24), or NULL for the stylesheet's own.  An embed's theme=, accent=
-- and radius= still win.  Every change moves campaigns.version, so the
-- widget's ETag and cache key move with it.
ALTER TABLE campaigns
  ADD COLUMN theme ENUM('auto','light','dark') NOT NULL DEFAULT 'auto',
  ADD COLUMN accent CHAR(7) NULL DEFAULT NULL,
  ADD COLUMN radius TINYINT UNSIGNED NULL DEFAULT NULL;
