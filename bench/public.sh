#!/usr/bin/env bash
# bench/public.sh [BUILD-DIR] — throughput of the backer-facing answers.
#
# Starts its own private MariaDB, the program (optimised build in BUILD-DIR,
# default var/build-bench; built when missing) and nginx on loopback, seeds
# the demo campaign, then runs wrk with 64 connections for SG_BENCH_SECONDS
# (default 10) per URL, in SG_BENCH_ROUNDS (default 5) slices alternating
# with the URL it is compared with:
#   1. fresh (micro-cache off): the progress JSON and the widget page through
#      the program, against the limit, a bare libfcgi program
#      (bench/fcgi_bare.c) returning the same bytes behind the same nginx with
#      upstream keep-alive; and, for comparison with earlier runs, the old
#      baseline (bench/public_fcgi.c, a new connection per request);
#   2. as shipped (micro-cache on), the same two URLs against nginx serving
#      the same bytes as static files.
# Then prints each ratio against its target (goal a: fresh >= 0.7 x bare
# keep-alive; goal b: micro-cache >= 0.8 x static), measured in this run.
# Knobs, for measuring one step at a time:
#   SG_BENCH_WORKERS         public (and private) workers (default: the
#                            program's default, public_workers = 2 per core)
#   SG_BENCH_LOG_LEVEL       the program's log_level (default info, as
#                            shipped: one access line per request)
#   SG_BENCH_KEEPALIVE=off   the program's public upstream without
#                            keep-alive (a connect per request, the old shape)
#   SG_BENCH_NGINX_HTTP      more directives for nginx's http block, e.g.
#                            "open_file_cache max=1000 inactive=20s;"
#   SG_BENCH_ACCESS_LOG      options for nginx's access_log, e.g.
#                            "buffer=64k flush=1s"
# Everything is bounded in time and loopback only; everything started is
# stopped on exit.  Prints a Markdown table (docs/BENCHMARKS.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
BUILD=${1:-$ROOT/var/build-bench}
SECS=${SG_BENCH_SECONDS:-10}
ROUNDS=${SG_BENCH_ROUNDS:-5}
CONNS=64
THREADS=2
WORKERS=${SG_BENCH_WORKERS:-0}
LOG_LEVEL=${SG_BENCH_LOG_LEVEL:-info}
KEEPALIVE=${SG_BENCH_KEEPALIVE:-on}

command -v wrk >/dev/null || "$ROOT/scripts/deps" bench ||
	sg_die "wrk is missing: apt-get install wrk"
[ -x "$BUILD/stretchgoal" ] || "$ROOT/scripts/build" "$BUILD"

W=$(mktemp -d /tmp/sgbench-XXXXXX)
pids=()
cleanup() {
	[ -f "$W/nginx/nginx.pid" ] && kill -QUIT "$(cat "$W/nginx/nginx.pid")" 2>/dev/null
	for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; done
	"$ROOT/scripts/mariadb" stop "$W/mariadb" >/dev/null 2>&1 || true
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$ROOT/scripts/mariadb" start "$W/mariadb" --fast >&2
mariadb --no-defaults --socket="$W/mariadb/mysqld.sock" -uroot \
	-e "CREATE DATABASE sgbench CHARACTER SET utf8mb4"
cat > "$W/stretchgoal.conf" <<CONF
listen = $W/sg.sock
workers = $WORKERS
public_workers = $WORKERS
db_socket = $W/mariadb/mysqld.sock
db_user = root
db_password =
db_name = sgbench
sql_dir = $ROOT/sql
template_dir = $ROOT/templates
static_dir = $ROOT/static
media_dir = $W/media
log_level = $LOG_LEVEL
CONF
CTL=("$BUILD/stretchgoalctl" -c "$W/stretchgoal.conf")
"${CTL[@]}" migrate
"${CTL[@]}" demo
mariadb --no-defaults --socket="$W/mariadb/mysqld.sock" -uroot sgbench -e "
	UPDATE campaigns SET units = 130, orders = 30, backers = 29, version = version + 1;
	UPDATE milestones SET reached_at = UTC_TIMESTAMP(6) WHERE target <= 130;"

setsid "$BUILD/stretchgoal" -c "$W/stretchgoal.conf" 2>"$W/stretchgoal.log" &
pids+=($!)
sg_wait_for 15 test -S "$W/sg.sock" || sg_die "the program did not start"

# The public pool's size as the program chose it (0: its default).
sg_wait_for 15 sh -c "ps -o comm= --ppid ${pids[0]} | grep -q '^sg-public\$'" || sg_die "no public worker"
sleep 0.5
NPUB=$(ps -o comm= --ppid "${pids[0]}" | grep -c '^sg-public$' || true)

# The baselines: the same bytes from bare libfcgi programs.
cc -O2 -o "$W/public_fcgi" "$ROOT/bench/public_fcgi.c" -lfcgi
cc -O2 -o "$W/fcgi_bare" "$ROOT/bench/fcgi_bare.c" -lfcgi

port=$(sg_free_port)
mkdir -p "$W/static"
cp "$ROOT"/static/* "$W/static/"
"$ROOT/scripts/nginx-conf" --prefix "$W/nginx" --listen "127.0.0.1:$port" \
	--socket "$W/sg.sock" --static "$W/static" --workers "$(nproc)" --no-micro-cache
params=/etc/nginx/fastcgi_params
# nginx settings to measure, in its http block (bench only).
if [ -n "${SG_BENCH_NGINX_HTTP:-}" ]; then
	sed -i "s|^    include $W/nginx/stretchgoal.conf;|    $SG_BENCH_NGINX_HTTP\n&|" "$W/nginx/nginx.conf"
fi
if [ -n "${SG_BENCH_ACCESS_LOG:-}" ]; then
	sed -i "s|^\(    access_log [^;]*\);|\1 combined $SG_BENCH_ACCESS_LOG;|" "$W/nginx/nginx.conf"
fi
# Bench-only locations in front of the baseline programs: the bare
# keep-alive one behind an upstream shaped like the program's public one.
sed -i "s|^    location /api/v1/public/ {|    location = /bench/fcgi.json { include $params; fastcgi_pass unix:$W/base-json.sock; }\n    location = /bench/fcgi.html { include $params; fastcgi_pass unix:$W/base-html.sock; }\n    location = /bench/bare.json { include $params; fastcgi_pass bench_bare_json; fastcgi_keep_conn on; }\n    location = /bench/bare.html { include $params; fastcgi_pass bench_bare_html; fastcgi_keep_conn on; }\n&|" \
	"$W/nginx/stretchgoal.conf"
ka=$(awk '$1 == "keepalive" { sub(";", "", $2); print $2; exit }' "$W/nginx/stretchgoal.conf")
[ -n "$ka" ] || sg_die "no upstream keepalive in the shipped nginx configuration"
sed -i "s|^upstream stretchgoal_public {|upstream bench_bare_json { server unix:$W/bare-json.sock; keepalive $ka; }\nupstream bench_bare_html { server unix:$W/bare-html.sock; keepalive $ka; }\n&|" \
	"$W/nginx/stretchgoal.conf"
if [ "$KEEPALIVE" = off ]; then
	sed -i -e '/^upstream stretchgoal_public {/,/^}/{/keepalive/d}' \
	    -e '/fastcgi_pass stretchgoal_public;/{n;/fastcgi_keep_conn on;/d}' \
	    "$W/nginx/stretchgoal.conf"
fi
nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" -e stderr
BASE=http://127.0.0.1:$port
sg_wait_for 15 curl -fs "$BASE/healthz" -o /dev/null || sg_die "nginx did not start"

JSON=/api/v1/public/demo/skyward-isles
PAGE=/w/demo/skyward-isles
curl -fs "$BASE$JSON" -o "$W/static/bench.json"
curl -fs "$BASE$PAGE" -o "$W/static/bench.html"
for b in public_fcgi:base fcgi_bare:bare; do
	setsid "$W/${b%:*}" "$W/${b#*:}-json.sock" "$NPUB" application/json "$W/static/bench.json" &
	pids+=($!)
	setsid "$W/${b%:*}" "$W/${b#*:}-html.sock" "$NPUB" "text/html; charset=utf-8" "$W/static/bench.html" &
	pids+=($!)
done
for b in fcgi bare; do
	sg_wait_for 15 curl -fs "$BASE/bench/$b.json" -o /dev/null || sg_die "baseline $b did not start"
	cmp -s <(curl -fs "$BASE/bench/$b.html") "$W/static/bench.html" || sg_die "baseline $b bytes differ"
done

# once PATH SECONDS: one wrk run; prints "rps p50-ms p99-ms non-2xx".
once() {
	wrk -t"$THREADS" -c"$CONNS" -d"$2s" --latency "$BASE$1" | awk '
	function ms(v) {
		if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
		if (v ~ /s$/) return v * 1000; return v }
	/^Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
	/Non-2xx/ { bad = $5 }
	END { printf "%d %.2f %.2f %d\n", rps, p50, p99, bad }'
}

# pair NAME-A PATH-A KEY-A NAME-B PATH-B KEY-B: the two URLs measured in
# ROUNDS alternating slices of SECS/ROUNDS seconds each (so that load from
# other jobs on the host falls on both alike); prints two table rows (mean
# requests/s, median p50 and p99 of the slices, non-2xx summed) and sets
# rps_KEY.
pair() {
	local i code slice=$(( SECS / ROUNDS > 0 ? SECS / ROUNDS : 1 ))
	for i in 2 5; do
		code=$(curl -s -o "$W/last-body" -w '%{http_code}' "$BASE${!i}")
		[ "$code" = 200 ] || { cat "$W/last-body" >&2; tail -5 "$W/nginx/error.log" >&2; sg_die "${!i} answers $code, not 200"; }
	done
	: > "$W/slices-a"; : > "$W/slices-b"
	for ((i = 0; i < ROUNDS; i++)); do
		once "$2" "$slice" >> "$W/slices-a"
		once "$5" "$slice" >> "$W/slices-b"
	done
	row "$1" "$2" "$3" "$W/slices-a"
	row "$4" "$5" "$6" "$W/slices-b"
}

row() {
	local r
	r=$(awk '{ rps += $1; p50[NR] = $2; p99[NR] = $3; bad += $4 }
	function med(a, n,  i, j, t) {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return a[int((n + 1) / 2)] }
	END { printf "%d %.2fms %.2fms %d\n", rps / NR, med(p50, NR), med(p99, NR), bad }' "$4")
	set -- "$1" "$2" "$3" $r
	printf '| %s | `%s` | %s | %s | %s | %s |\n' "$1" "$2" "$4" "$5" "$6" "$7"
	eval "rps_$3=$4"
}

# ratio NAME A B TARGET: A / B against the target.
ratio() {
	awk -v n="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN {
		r = a / b; printf "%s: %d / %d = %.2f (target >= %.1f) %s\n", n, a, b, r, t,
		    r >= t ? "met" : "NOT met" }'
}

echo "bench/public.sh: $(nproc) cores, $NPUB public workers, $(nproc) nginx workers," \
	"upstream keepalive $ka ($KEEPALIVE for the program), log_level $LOG_LEVEL," \
	"${SG_BENCH_NGINX_HTTP:+nginx: $SG_BENCH_NGINX_HTTP}${SG_BENCH_ACCESS_LOG:+access_log $SG_BENCH_ACCESS_LOG,}" \
	"wrk -t$THREADS -c$CONNS, ${SECS}s per URL in $ROUNDS alternating slices, $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | path | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---:|---:|---:|---:|"
pair "progress JSON, program, fresh" "$JSON" json \
	"same bytes, bare libfcgi, keep-alive" /bench/bare.json bare_json
pair "widget page, program, fresh" "$PAGE" page \
	"same bytes, bare libfcgi, keep-alive" /bench/bare.html bare_page
pair "same bytes, minimal libfcgi, connect per request" /bench/fcgi.json old_json \
	"same bytes, minimal libfcgi, connect per request" /bench/fcgi.html old_page

# Micro-cache on, as shipped (docs/widget.md).
sed -i 's/^\( *\)#MC /\1/' "$W/nginx/stretchgoal.conf"
nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" -e stderr -s reload
sg_wait_for 15 sh -c "curl -fsI '$BASE$JSON' | grep -qi '^X-Cache'"
sleep 1
pair "progress JSON, micro-cache (shipped)" "$JSON" mc_json \
	"same bytes, nginx static file" /static/bench.json static_json
pair "widget page, micro-cache (shipped)" "$PAGE" mc_page \
	"same bytes, nginx static file" /static/bench.html static_page
echo
ratio "(a) JSON fresh / bare keep-alive" "$rps_json" "$rps_bare_json" 0.7
ratio "(a) page fresh / bare keep-alive" "$rps_page" "$rps_bare_page" 0.7
ratio "(b) JSON micro-cache / static" "$rps_mc_json" "$rps_static_json" 0.8
ratio "(b) page micro-cache / static" "$rps_mc_page" "$rps_static_page" 0.8
