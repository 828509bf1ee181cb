#!/usr/bin/env bash
# tests/check-dist.sh — every runtime file is installed: each migration
# (sql/*.sql), template (templates/*.mustache, templates/i18n/*.json) and
# static file is named in Makefile.am or an mk/*.mk fragment (their
# dist_*_DATA lists), so that `make install` puts it under $(pkgdatadir),
# where sql_dir, template_dir and static_dir point by default.  Fails,
# naming the file, when one is missing.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || exit 99
missing=""
for f in sql/*.sql templates/*.mustache templates/i18n/*.json static/*; do
	[ -f "$f" ] || continue
	grep -qF "$f" Makefile.am mk/*.mk || missing="$missing $f"
done
if [ -n "$missing" ]; then
	echo "not in any dist_*_DATA list of Makefile.am or mk/*.mk (not installed):"
	for f in $missing; do echo "  $f"; done
	exit 1
fi
echo "check-dist: every migration, template and static file is installed"
