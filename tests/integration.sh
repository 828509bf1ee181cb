#!/usr/bin/env bash
# tests/integration.sh — run every integration test program against one
# private MariaDB started for this run (each program starts its own
# stretchgoal and nginx per test, on free ports, against a fresh database).
# Everything started here is stopped on exit, whatever happened.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${top_builddir:-.}
programs=${INTEGRATION_TESTS:-}

case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin; export PATH ;; esac
run=$(mktemp -d /tmp/sgtest-run-XXXXXX)
export SG_TEST_RUN_DIR=$run SG_TEST_MYSQL_DIR=$run/mariadb
export top_srcdir=$srcdir top_builddir=$builddir

cleanup() {
	# Anything a crashed test left running.
	for f in "$run"/*/nginx/nginx.pid "$run"/*/stretchgoal.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f" 2>/dev/null)
		[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	done
	"$srcdir/scripts/mariadb" stop "$SG_TEST_MYSQL_DIR" >/dev/null 2>&1
	if [ "${failed:-1}" = 0 ] || [ -n "${CI:-}" ]; then
		rm -rf "$run"
	else
		echo "kept for inspection: $run" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! "$srcdir/scripts/mariadb" start "$SG_TEST_MYSQL_DIR" --fast; then
	echo "FAIL: could not start MariaDB for the integration tests" >&2
	[ -f "$SG_TEST_MYSQL_DIR/error.log" ] && tail -30 "$SG_TEST_MYSQL_DIR/error.log" >&2
	exit 1
fi

failed=0
for p in $programs; do
	echo "=== $p"
	if ! "$builddir/$p"; then
		echo "FAIL: $p"
		failed=1
	fi
done
[ -n "$programs" ] || { echo "no integration test programs given" >&2; failed=1; }
exit $failed
