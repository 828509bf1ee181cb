#!/usr/bin/env bash
# tests/cluster.sh — the concurrency oracle (it_concurrency) and the grant
# queue's cursor test (it_cursor) against a
# 3-node Galera cluster, multi-primary: scripts/cluster starts three nodes
# in a private directory on free loopback ports; the fixture then starts
# one program host per node (each with db_hosts listing its own node first)
# and nginx round-robin over the three (SG_TEST_CLUSTER_NODES, see
# tests/fixture/fixture.h).  Everything started here is stopped on exit.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${top_builddir:-.}

case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin; export PATH ;; esac
run=$(mktemp -d /tmp/sgtest-cluster-XXXXXX)
export SG_CLUSTER_DIR=$run/cluster SG_TEST_RUN_DIR=$run
export top_srcdir=$srcdir top_builddir=$builddir

cleanup() {
	for f in "$run"/*/nginx/nginx.pid "$run"/*/stretchgoal*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f" 2>/dev/null)
		[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	done
	"$srcdir/scripts/cluster" down >/dev/null 2>&1
	if [ "${failed:-1}" = 0 ] || [ -n "${CI:-}" ]; then
		rm -rf "$run"
	else
		echo "kept for inspection: $run" >&2
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failed=1
start=$(date +%s)
if ! "$srcdir/scripts/cluster" nodes; then
	echo "FAIL: could not start the Galera cluster" >&2
	for n in 1 2 3; do
		[ -f "$SG_CLUSTER_DIR/node$n/error.log" ] && tail -20 "$SG_CLUSTER_DIR/node$n/error.log" >&2
	done
	exit 1
fi
echo "cluster.sh: 3 nodes Synced after $(( $(date +%s) - start )) s"
export SG_TEST_MYSQL_DIR=$SG_CLUSTER_DIR/node1
export SG_TEST_CLUSTER_NODES="$SG_CLUSTER_DIR/node1/mysqld.sock $SG_CLUSTER_DIR/node2/mysqld.sock $SG_CLUSTER_DIR/node3/mysqld.sock"

# What the program hosts logged besides requests: retries, fail-overs.
log_summary() {
	cat "$run"/i*/stretchgoal*.log 2>/dev/null | grep -E ' (warn|error): ' |
		sed -e 's/^[^ ]* [^ ]* //' -e 's/[0-9][0-9.]*/N/g' | sort | uniq -c | sort -rn | head -15
	rm -f "$run"/i*/stretchgoal*.log.seen
	for f in "$run"/i*/stretchgoal*.log; do [ -f "$f" ] && mv "$f" "$f.seen"; done
}

failed=0
failures=""
fail() {
	echo "FAIL: $1"
	failures="$failures
cluster.sh: FAIL: $1$(grep -E '^ORACLE: |^ +[0-9]+\. [^ ]+\.c:[0-9]+ |^it_[a-z_]+: ' "$run/part.log" 2>/dev/null | grep -v ': phase\|: node \|oracle:' | head -16 | sed 's/^/\n  /')"
	failed=1
}
# Run a test program, its output also kept in $run/part.log for fail().
part() {
	"$@" 2>&1 | tee "$run/part.log"
	return "${PIPESTATUS[0]}"
}
echo "=== it_health on 3 Galera nodes"
if ! part "$builddir/tests/integration/it_health"; then
	fail "it_health on the cluster"
fi
echo "=== it_concurrency on 3 Galera nodes, one program host per node"
if ! part "$builddir/tests/integration/it_concurrency"; then
	fail "it_concurrency on the cluster"
fi
log_summary
echo "=== it_cursor on 3 Galera nodes: the grant queue's cursor, polled through every node"
if ! part "$builddir/tests/integration/it_cursor"; then
	fail "it_cursor on the cluster"
fi
log_summary
echo "cluster.sh: first run done after $(( $(date +%s) - start )) s"

echo "=== it_concurrency again, node 2 killed (-9) in phase 1 and restarted"
export SG_ORACLE_KILL="$srcdir/scripts/cluster kill-node 2"
export SG_ORACLE_RESTART="$srcdir/scripts/cluster start-node 2"
if ! part "$builddir/tests/integration/it_concurrency"; then
	fail "it_concurrency on the cluster with a node killed and restarted"
fi
log_summary
st=$("$srcdir/scripts/cluster" status 2>&1)
echo "$st" | grep '^node'
if [ "$(echo "$st" | grep -c '^node [123]: running.*Synced, cluster size 3$')" != 3 ]; then
	fail "the cluster is not whole again"
fi
echo "cluster.sh: done after $(( $(date +%s) - start )) s"
# Last, so that a log cut to its tail still says what failed.
[ -n "$failures" ] && echo "$failures"
exit $failed
