# mk/hot.mk — the hot campaign's order path (issue 10): its migration.
# Included by Makefile.am.
dist_sql_DATA += sql/021_rules_version.sql
EXTRA_DIST += bench/callgrind.sh
