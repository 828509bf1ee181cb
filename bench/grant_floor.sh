#!/usr/bin/env bash
# bench/grant_floor.sh — what one grant row costs this MariaDB, key by key
# (issue 10 item 2: the floor under a fan-out of a million backers).
#
#   bench/grant_floor.sh [rows]        (default 1000000; BENCH_ROUNDS, default 2)
#
# A private MariaDB with durable commits (scripts/mariadb, as bench/run.sh),
# the project's schema (sql/*.sql), and `rows` active counted orders of one
# campaign in order_campaigns (one backer each).  Then, in each round, the
# same `rows` grants are written by one INSERT ... SELECT into a copy of
# grants (CREATE TABLE LIKE: its columns and keys, not its foreign keys,
# which the fan-out does not check either) that holds one row already, in
# these shapes:
#
#   as shipped   the fan-out's statement (SQL_GRANTS_FANOUT_RANGE: backer
#                order, share locks, the unique key's guard)
#   - order key, - position key, - unique key
#                the same without that one secondary key
#   primary key  no secondary key at all
#   narrow row   (id, milestone_id, order_id, backer), primary key only
#   read only    the statement's SELECT alone (share locks, no insert)
#
# For each: the wall time and mariadbd's CPU time per row (utime + stime
# from /proc, which the host's other guests do not inflate the way they do
# the clock), and the host's steal time meanwhile.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-1000000}
rounds=${BENCH_ROUNDS:-2}
db=${BENCH_DB:-/tmp/bench-floor}
sock=$db/mysqld.sock

"$src/scripts/mariadb" stop "$db"
mkdir -p "$db/tmp"
# shellcheck disable=SC2086
TMPDIR=$db/tmp "$src/scripts/mariadb" start "$db" -- \
	--innodb-buffer-pool-size=${BENCH_POOL:-2G} ${BENCH_DB_OPTS:-}
trap '"$src/scripts/mariadb" stop "$db"' EXIT
pid=$(cat "$db/mariadbd.pid")
m() { mariadb --no-defaults --socket="$sock" -uroot "$@"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
steal_ticks() { awk '$1 == "cpu" { print $9 }' /proc/stat; }
hz=$(getconf CLK_TCK)

m -e "DROP DATABASE IF EXISTS floor; CREATE DATABASE floor"
cat "$src"/sql/[0-9]*.sql | m floor
m floor -e "SET SESSION foreign_key_checks = 0;
	INSERT INTO order_campaigns (order_id, campaign_id, backer, units, amount,
	  counted_seq, active)
	SELECT seq, 7, CONCAT('s-', seq), 1, 1000, seq, 1 FROM seq_1_to_$rows"
echo "host: $(nproc) cores; $(mariadbd --version | head -1)"
echo "load before: $(cut -d" " -f1-3 /proc/loadavg); $rows grants per statement"

cols="store_id, campaign_id, milestone_id, order_id, backer, product_id, variant_id, quantity"
pick="SELECT 1, oc.campaign_id, 5, oc.order_id, oc.backer, 'g-1', NULL, 1
	FROM order_campaigns oc WHERE oc.campaign_id = 7 AND oc.backer > ''
	AND oc.active = 1 AND oc.counted_seq <= $rows
	ORDER BY oc.backer, oc.counted_seq LOCK IN SHARE MODE"
guard="ON DUPLICATE KEY UPDATE t.backer = IF(t.milestone_id = VALUES(milestone_id)
	AND t.live_backer = VALUES(backer), t.backer, NULL)"

# name, DDL after CREATE TABLE t LIKE grants, the statement
measure() {
	local c0 c1 s0 s1 t0 t1
	m floor -e "DROP TABLE IF EXISTS t; CREATE TABLE t LIKE grants; $2
		INSERT INTO t (store_id, campaign_id, milestone_id, order_id, backer,
		  product_id, quantity) VALUES (1, 7, 4, 1, 'zz', 'g', 1)"
	sleep 1
	c0=$(cpu_ticks) s0=$(steal_ticks) t0=$(date +%s%N)
	m floor -e "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED;
		SET SESSION foreign_key_checks = 0; $3" >/dev/null
	t1=$(date +%s%N) c1=$(cpu_ticks) s1=$(steal_ticks)
	awk -v n="$1" -v w=$((t1 - t0)) -v c=$((c1 - c0)) -v s=$((s1 - s0)) \
	    -v hz="$hz" -v r="$rows" 'BEGIN { printf "  %-14s wall %6.2f s  " \
	    "mariadbd CPU %6.2f s = %5.1f us per row  steal %5.2f s\n", n, w / 1e9,
	    c / hz, c / hz * 1e6 / r, s / hz }'
}

for r in $(seq 1 "$rounds"); do
	echo "round $r"
	measure "as shipped" "" "INSERT INTO t ($cols) $pick $guard"
	measure "- order key" "ALTER TABLE t DROP KEY grants_order;" \
		"INSERT INTO t ($cols) $pick $guard"
	measure "- position key" "ALTER TABLE t DROP KEY grants_position;" \
		"INSERT INTO t ($cols) $pick $guard"
	measure "- unique key" "ALTER TABLE t DROP KEY grants_one_per_backer;" \
		"INSERT INTO t ($cols) $pick"
	measure "primary key" "ALTER TABLE t DROP KEY grants_order,
		DROP KEY grants_position, DROP KEY grants_one_per_backer;" \
		"INSERT INTO t ($cols) $pick"
	measure "narrow row" "DROP TABLE t; CREATE TABLE t (id BIGINT UNSIGNED
		NOT NULL AUTO_INCREMENT PRIMARY KEY, store_id INT NULL, campaign_id INT
		NULL, milestone_id BIGINT UNSIGNED NOT NULL, order_id BIGINT UNSIGNED
		NOT NULL, backer VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
		NOT NULL, product_id VARCHAR(64) NULL, quantity INT NULL);" \
		"INSERT INTO t (milestone_id, order_id, backer) SELECT 5, oc.order_id,
		oc.backer FROM order_campaigns oc WHERE oc.campaign_id = 7
		AND oc.backer > '' AND oc.active = 1 AND oc.counted_seq <= $rows
		ORDER BY oc.backer, oc.counted_seq LOCK IN SHARE MODE"
	measure "read only" "" "BEGIN; SELECT COUNT(*) FROM (SELECT oc.order_id,
		oc.backer FROM order_campaigns oc WHERE oc.campaign_id = 7
		AND oc.backer > '' AND oc.active = 1 AND oc.counted_seq <= $rows
		ORDER BY oc.backer, oc.counted_seq LOCK IN SHARE MODE) z; COMMIT"
done
