#!/bin/sh
# tests/cunit-tap.sh — run one CUnit test program and report each of its
# cases in TAP (make check's LOG_COMPILER; automake's tap-driver.sh reads
# the TAP and writes the log).
#
#   cunit-tap.sh PROGRAM [ARG...]
#   cunit-tap.sh --reap OWNER RUN      (internal, see below)
#
# The program's standard output is copied unchanged, so its log keeps
# CUnit's verbose output and run summary (scripts/test adds up the cases from
# those summaries); a line that TAP would read as its own is indented by one
# blank.  After each case comes "ok N - suite: case" or "not ok N - suite:
# case"; a case the program died in is "not ok" too, and so is a program that
# ran no case.  The exit status is the program's: a program that exits
# non-zero with every case passed (a sanitizer report, a leak) is an ERROR.
# Its standard error is merged into the same stream (both are unbuffered),
# so what a case printed stays next to it in the log.
#
# Integration programs (tests/integration/it_*, tests/service/test_*) need MariaDB.  The first one
# of a run starts one private server for all of them in
# /tmp/sgtest-run-OWNER-START (OWNER is $SG_TEST_OWNER_PID: the make that
# runs the tests, or this shell; START is its start time, so that a reused
# pid means a new directory) and a reaper that waits for OWNER to exit, then
# kills whatever a crashed test left running, stops the server and removes
# the directory (kept for inspection when a program failed, unless $CI is
# set).  They run one at a time against it: it_server, it_public and
# it_api_bad stop and restart the server, and the browser tests share
# BUILD/tests/browser-run.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin; export PATH ;; esac

pid_alive() {
	[ -f "$1" ] && kill -0 "$(cat "$1" 2>/dev/null)" 2>/dev/null
}

if [ "${1:-}" = --reap ]; then
	owner=$2 run=$3
	while kill -0 "$owner" 2>/dev/null; do
		sleep 1
	done
	# The programs of the run hold this lock while they run.
	exec 9>"$run/serial"
	flock -w 600 9
	for f in "$run"/*/nginx/nginx.pid "$run"/*/stretchgoal.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f" 2>/dev/null)
		[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	done
	# Not scripts/mariadb stop: the source tree may be gone by now (as at
	# the end of make distcheck).
	pidf=$run/mariadb/mariadbd.pid
	if pid_alive "$pidf"; then
		pid=$(cat "$pidf")
		kill -TERM "$pid" 2>/dev/null
		i=0
		while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 600 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -KILL "$pid" 2>/dev/null
	fi
	if [ ! -f "$run/failed" ] || [ -n "${CI:-}" ]; then
		rm -rf "$run"
	fi
	exit 0
fi

[ $# -ge 1 ] || { echo "usage: tests/cunit-tap.sh PROGRAM [ARG...]" >&2; exit 2; }

run=""
case $1 in
*integration/it_*|*service/test_*)
	owner=${SG_TEST_OWNER_PID:-$$}
	start=$(sed 's/.*) //' "/proc/$owner/stat" 2>/dev/null | cut -d' ' -f20)
	run=/tmp/sgtest-run-$owner-${start:-0}
	mkdir -p "$run" || { echo "Bail out! cannot create $run"; exit 1; }
	exec 8>"$run/lock"
	flock 8
	if ! pid_alive "$run/reaper.pid"; then
		setsid sh "$0" --reap "$owner" "$run" </dev/null >/dev/null 2>&1 3>&- 8>&- &
		echo $! >"$run/reaper.pid"
	fi
	flock -u 8
	exec 8>&-
	SG_TEST_RUN_DIR=$run SG_TEST_MYSQL_DIR=$run/mariadb
	export SG_TEST_RUN_DIR SG_TEST_MYSQL_DIR
	exec 9>"$run/serial"
	flock 9
	# The server is looked at only with the serial lock held: a program
	# that holds it may have stopped the server on purpose, and a start
	# from here then would run a second server on the same data.
	if ! "$srcdir/scripts/mariadb" status "$run/mariadb" >/dev/null 2>&1 &&
	    ! "$srcdir/scripts/mariadb" start "$run/mariadb" --fast >&2 9>&-; then
		[ -f "$run/mariadb/error.log" ] && tail -30 "$run/mariadb/error.log" >&2
		touch "$run/failed"
		flock -u 9
		echo "Bail out! could not start MariaDB for the integration tests (see the log)"
		exit 1
	fi
	# The instance directories (i<pid>-<n>) there before this program.
	before=$(cd "$run" && ls -d i* 2>/dev/null || true)
	;;
esac

st=$(mktemp "${TMPDIR:-/tmp}/cunit-tap-XXXXXX") || exit 1
{ "$@" 2>&1 9>&-; echo "$?" >"$st"; } | awk '
function guard(l) {
	return l ~ /^(ok|not ok|Bail out!|1\.\.|TAP version)/ ? " " l : l
}
function result(ok, why) {
	n++
	printf "%s %d - %s%s%s\n", ok ? "ok" : "not ok", n,
	    suite != "" ? suite ": " : "", name, why
	if (!ok)
		bad++
	pending = 0
}
function check(t) {
	if (t ~ /passed$/)
		result(1, "")
	else if (t ~ /FAILED$/)
		result(0, "")
}
{
	print guard($0)
	if ($0 ~ /^Suite: /) {
		suite = substr($0, 8)
		next
	}
	if ($0 ~ /^  Test: / && (i = index($0, " ...")) > 0) {
		if (pending)
			result(0, " (no result)")
		name = substr($0, 9, i - 9)
		pending = 1
		check(substr($0, i + 4))
		next
	}
	if (pending)
		check($0)
}
END {
	if (pending)
		result(0, " (the program stopped during this case)")
	if (n == 0) {
		name = "the program ran no CUnit case"
		result(0, "")
	}
	printf "1..%d\n", n
	exit (bad > 0 ? 1 : 0)
}'
bad=$?
status=$(cat "$st" 2>/dev/null)
rm -f "$st"
[ -n "$status" ] || status=1
[ "$status" -eq 0 ] && [ "$bad" -ne 0 ] && status=1
if [ -n "$run" ]; then
	# What the program's instances warned of last, for a failure read from
	# a CI log after $run is gone (the instances this program made: the
	# serial lock is still held).
	if [ "$status" -ne 0 ]; then
		for plog in "$run"/i*/stretchgoal*.log; do
			[ -f "$plog" ] || continue
			inst=${plog#"$run"/}; inst=${inst%%/*}
			printf '%s\n' "$before" | grep -qx "$inst" && continue
			grep -iE 'warn|error|fatal|signal|abort' "$plog" | tail -n 6 |
			    cut -c1-300 | sed "s|^|  program log ${plog#"$run"/}: |" >&2 || true
		done
	fi
	flock -u 9
	if [ "$status" -ne 0 ]; then
		touch "$run/failed"
		echo "kept for inspection: $run" >&2
	fi
fi
exit "$status"
