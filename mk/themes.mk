# mk/themes.mk — per-campaign themes (issue 13 item 7): the migration of
# the default look.  Included by Makefile.am.
dist_sql_DATA += sql/026_campaign_look.sql
EXTRA_DIST += tests/browser/themes.mjs
