#!/usr/bin/env bash
# bench/run.sh — build and run the benchmarks (not part of make check).
#
#   bench/run.sh [orders|reach|growth|all|sql|dashboard]   (default all)
#
# "sql" prints the statements the service runs for one counted order, from
# the MariaDB general log (the source of bench/raw_steps.h).
#
# Environment: BENCH_BUILD (release build dir, default /tmp/build-bench),
# BENCH_DB (MariaDB dir, default /tmp/bench-mariadb), BENCH_ORDERS (2000 per round),
# BENCH_CLIENTS (16), BENCH_WORKERS (4), BENCH_BACKERS (100000), BENCH_ROUNDS (3),
# BENCH_CAMPAIGNS (1: one hot campaign; N: orders spread over N campaigns),
# BENCH_DASHBOARD_ORDERS (100000), BENCH_DB_OPTS (more mariadbd options, e.g.
# --innodb-buffer-pool-size=2G for a reach of a million backers),
# BENCH_FANOUT_BATCH (the program's fanout_batch in benchmark b),
# BENCH_FANOUT_TASKS (its fanout_tasks), BENCH_REACH_RATE (benchmark b: the
# campaign's orders at this many per second; default as fast as answered),
# BENCH_CONF
# (more lines of the program's configuration in benchmark a, e.g.
# "order_batch = 1").
#
# 1. A release build of the tree this script is in: configure without
#    --enable-debug/--enable-sanitizers, CFLAGS=-O2.
# 2. A private MariaDB with durable commits (scripts/mariadb without
#    --fast: innodb_flush_log_at_trx_commit=1).  The bench programs use the
#    test fixture, which takes it from SG_TEST_MYSQL_DIR.
# 3. bench_orders (benchmark a), bench_reach (benchmark b) and bench_growth
#    (milestones per campaign, campaigns per order, worker RSS); "dashboard":
#    bench_dashboard (benchmark c, not in "all").
# BENCH_ENDPOINTS=N: bench_orders measures again with N endpoints subscribed.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-/tmp/build-bench}
db=${BENCH_DB:-/tmp/bench-mariadb}
what=${1:-all}

if [ ! -f "$build/Makefile" ]; then
	(cd "$src" && { [ -x configure ] || autoreconf -fi; })
	mkdir -p "$build"
	(cd "$build" && "$src/configure" CFLAGS=-O2 >/dev/null)
fi
make -C "$build" -j"$(nproc)" stretchgoal stretchgoalctl libsgapp.a libsgdb.a libsgcore.a \
	tests/fixture/libfixture.a >/dev/null

var() { sed -n "s/^$1 = //p" "$build/Makefile"; }
cflags="-std=gnu11 -O2 -I$build -I$src/src -I$src/tests -I$src/bench $(var CJSON_CFLAGS) $(var MARIADB_CFLAGS)"
libs="$build/tests/fixture/libfixture.a $build/libsgapp.a $build/libsgdb.a $build/libsgcore.a $(var CJSON_LIBS) $(var SODIUM_LIBS) $(var MARIADB_LIBS) $(var CUNIT_LIBS) -lpthread"
for b in bench_orders bench_reach bench_growth; do
	# shellcheck disable=SC2086
	cc $cflags -o "$build/$b" "$src/bench/$b.c" "$src/tests/oracle/load.c" $libs
done
# shellcheck disable=SC2086
cc $cflags -o "$build/bench_dashboard" "$src/bench/bench_dashboard.c" "$src/tests/oracle/load.c" \
	"$src/tests/integration/it_admin_util.c" $libs

# Its own tmpdir (mariadbd takes TMPDIR): the grant fan-out of benchmark b
# materialises an on-disk temporary table, and files in a shared /tmp can
# vanish under it (seen: "Error on delete of '/tmp/#sql-temptable-….MAI'").
mkdir -p "$db/tmp"
"$src/scripts/mariadb" stop "$db"
# shellcheck disable=SC2086
TMPDIR=$db/tmp "$src/scripts/mariadb" start "$db" -- ${BENCH_DB_OPTS:-}
trap '"$src/scripts/mariadb" stop "$db"' EXIT
echo "MariaDB: $(mariadb --no-defaults --socket="$db/mysqld.sock" -uroot -N -e \
	"SELECT CONCAT('innodb_flush_log_at_trx_commit = ', @@innodb_flush_log_at_trx_commit, ', tmpdir = ', @@tmpdir)")"
export SG_TEST_MYSQL_DIR=$db top_srcdir=$src top_builddir=$build
echo "host: $(nproc) cores; $(uname -sr); $(mariadbd --version | head -1)"
echo "load before: $(cut -d" " -f1-3 /proc/loadavg) (other jobs on this host skew the figures)"
rc=0
if [ "$what" = sql ]; then
	BENCH_GENERAL_LOG=$build/order-sql.log "$build/bench_orders" 100 1 1
	grep -E '(Execute|Query)' "$build/order-sql.log" | grep -v 'general_log' |
		sed -E 's/^.*(Execute|Query)[[:space:]]+//'
	exit 0
fi
case $what in
orders|all) "$build/bench_orders" "${BENCH_ORDERS:-2000}" "${BENCH_CLIENTS:-16}" \
	"${BENCH_WORKERS:-4}" "${BENCH_ROUNDS:-3}" "${BENCH_CAMPAIGNS:-1}" || rc=1 ;;
esac
case $what in
reach|all) "$build/bench_reach" "${BENCH_BACKERS:-100000}" 8 \
	"${BENCH_WORKERS:-4}" || rc=1 ;;
esac
case $what in
dashboard) "$build/bench_dashboard" "${BENCH_DASHBOARD_ORDERS:-100000}" 20 || rc=1 ;;
growth|all) "$build/bench_growth" "${BENCH_GROWTH_ORDERS:-1000}" \
	"${BENCH_CLIENTS:-16}" "${BENCH_WORKERS:-4}" || rc=1 ;;
esac
exit $rc
