#!/usr/bin/env bash
# tests/mariadb-start.sh — scripts/mariadb's starts and stops of one
# directory take turns: three starts at once leave one server, whose pid
# the pid file names and which answers; a start of a running server does
# nothing; a stop stops it.  (Two starts at once used to leave two mariadbd
# on one data directory, and a pid file that could name the one that gave
# up, so that a stop found nothing to stop while the server answered on.)
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin; export PATH ;; esac
dir=$(mktemp -d /tmp/sgtest-mariadb-start-XXXXXX)
mdb=$srcdir/scripts/mariadb
failed=0
fail() { echo "FAIL: $1"; failed=1; }
servers() { pgrep -f -- "--datadir=$dir/data" | wc -l; }
cleanup() {
	"$mdb" stop "$dir" >/dev/null 2>&1
	pkill -KILL -f -- "--datadir=$dir/data" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

"$mdb" start "$dir" --fast >/dev/null || { echo "FAIL: first start"; exit 1; }
"$mdb" stop "$dir" || fail "first stop"
[ "$(servers)" -eq 0 ] || fail "a server runs after the first stop"

# Three at once.
"$mdb" start "$dir" --fast >/dev/null 2>&1 & a=$!
"$mdb" start "$dir" --fast >/dev/null 2>&1 & b=$!
"$mdb" start "$dir" --fast >/dev/null 2>&1 & c=$!
for p in $a $b $c; do
	wait "$p" || fail "a concurrent start failed"
done
n=$(servers)
[ "$n" -eq 1 ] || fail "$n servers on one data directory after three concurrent starts"
pid=$(cat "$dir/mariadbd.pid" 2>/dev/null)
[ -n "$pid" ] && pgrep -f -- "--datadir=$dir/data" | grep -qx "$pid" ||
	fail "the pid file ($pid) does not name the running server"
"$mdb" status "$dir" >/dev/null || fail "the server does not answer"
# The server holds none of the script's locks.
[ -n "$pid" ] && ls -l "/proc/$pid/fd" 2>/dev/null | grep -q start.lock &&
	fail "the server holds start.lock"

# Starting a running server does nothing.
"$mdb" start "$dir" --fast >/dev/null || fail "a start of the running server"
[ "$(cat "$dir/mariadbd.pid")" = "$pid" ] || fail "a start of the running server replaced it"

# A stop during a start waits for it, then stops what it started.
"$mdb" stop "$dir" || fail "stop"
"$mdb" start "$dir" --fast >/dev/null 2>&1 & a=$!
sleep 0.2
"$mdb" stop "$dir" || fail "a stop during a start"
wait "$a" || fail "the start a stop waited for"
n=$(servers)
[ "$n" -eq 0 ] || fail "$n servers after a stop that waited for a start"
"$mdb" status "$dir" >/dev/null 2>&1 && fail "status answers after the stop"

[ "$failed" -eq 0 ] && echo "mariadb-start: starts and stops of one directory take turns"
exit "$failed"
