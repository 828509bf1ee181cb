#!/usr/bin/env bash
# tests/integration.sh [PROGRAM...] — run integration test programs one
# after another, each through tests/cunit-tap.sh (which starts the run's
# private MariaDB on first use and stops it when this script, or the make
# that runs it, exits).  make check runs every program as its own test; this
# is for a quick loop or a run outside make:
#
#   make check TESTS=tests/integration.sh INTEGRATION_TESTS=tests/integration/it_api_orders
#   tests/integration.sh tests/integration/it_api_orders   (from the build tree)
#
# Without arguments it runs $INTEGRATION_TESTS.  Exits non-zero when any
# program failed.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${top_builddir:-.}
export top_srcdir=$srcdir top_builddir=$builddir
export SG_TEST_OWNER_PID=${SG_TEST_OWNER_PID:-$$}
if [ $# -gt 0 ]; then
	programs=$*
else
	programs=${INTEGRATION_TESTS:-}
fi
[ -n "$programs" ] || { echo "no integration test programs given" >&2; exit 1; }

failed=0
for p in $programs; do
	case $p in /*) ;; *) p=$builddir/$p ;; esac
	echo "=== $p"
	if ! sh "$srcdir/tests/cunit-tap.sh" "$p"; then
		echo "FAIL: $p"
		failed=1
	fi
done
exit $failed
