#!/usr/bin/env bash
# bench/public.sh [BUILD-DIR] — throughput of the backer-facing answers.
#
# Starts its own private MariaDB, the program (optimised build in BUILD-DIR,
# default var/build-bench; built when missing) and nginx on loopback, seeds
# the demo campaign, then runs wrk with 64 connections for SG_BENCH_SECONDS
# (default 10) per URL:
#   1. the progress JSON and the widget page through the program, against a
#      minimal libfcgi program (bench/public_fcgi.c) returning the same bytes
#      behind the same nginx;
#   2. with the nginx micro-cache switched on, the same two URLs against
#      nginx serving the same bytes as static files.
# Everything is bounded in time and loopback only; everything started is
# stopped on exit.  Prints a Markdown table (docs/BENCHMARKS.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/lib.sh"
BUILD=${1:-$ROOT/var/build-bench}
SECS=${SG_BENCH_SECONDS:-10}
CONNS=64
THREADS=2
WORKERS=${SG_BENCH_WORKERS:-$(nproc)}

command -v wrk >/dev/null || sg_die "wrk is missing: apt-get install wrk"
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
log_level = warn
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

# The baseline: the same bytes from a minimal libfcgi program.
cc -O2 -o "$W/public_fcgi" "$ROOT/bench/public_fcgi.c" -lfcgi

port=$(sg_free_port)
mkdir -p "$W/static"
cp "$ROOT"/static/* "$W/static/"
"$ROOT/scripts/nginx-conf" --prefix "$W/nginx" --listen "127.0.0.1:$port" \
	--socket "$W/sg.sock" --static "$W/static" --workers "$(nproc)" --no-micro-cache
params=/etc/nginx/fastcgi_params
# Bench-only locations in front of the baseline programs.
sed -i "s|^    location /api/v1/public/ {|    location = /bench/fcgi.json { include $params; fastcgi_pass unix:$W/base-json.sock; }\n    location = /bench/fcgi.html { include $params; fastcgi_pass unix:$W/base-html.sock; }\n&|" \
	"$W/nginx/stretchgoal.conf"
nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" -e stderr
BASE=http://127.0.0.1:$port
sg_wait_for 15 curl -fs "$BASE/healthz" -o /dev/null || sg_die "nginx did not start"

JSON=/api/v1/public/demo/skyward-isles
PAGE=/w/demo/skyward-isles
curl -fs "$BASE$JSON" -o "$W/static/bench.json"
curl -fs "$BASE$PAGE" -o "$W/static/bench.html"
setsid "$W/public_fcgi" "$W/base-json.sock" "$WORKERS" application/json "$W/static/bench.json" &
pids+=($!)
setsid "$W/public_fcgi" "$W/base-html.sock" "$WORKERS" "text/html; charset=utf-8" "$W/static/bench.html" &
pids+=($!)
sg_wait_for 15 curl -fs "$BASE/bench/fcgi.json" -o /dev/null || sg_die "baseline did not start"
cmp -s <(curl -fs "$BASE/bench/fcgi.html") "$W/static/bench.html" || sg_die "baseline bytes differ"

# run NAME PATH: one wrk run; prints a table row.
run() {
	local out rps p50 p99 bad
	local code
	code=$(curl -s -o "$W/last-body" -w '%{http_code}' "$BASE$2")
	[ "$code" = 200 ] || { cat "$W/last-body" >&2; tail -5 "$W/nginx/error.log" >&2; sg_die "$2 answers $code, not 200"; }
	out=$(wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "$BASE$2")
	rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
	printf '| %s | `%s` | %s | %s | %s | %s |\n' "$1" "$2" "${rps%.*}" "$p50" "$p99" "${bad:-0}"
}

echo "bench/public.sh: $(nproc) cores, $WORKERS program workers, $(nproc) nginx workers," \
	"wrk -t$THREADS -c$CONNS -d${SECS}s, $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| what | path | requests/s | p50 | p99 | non-2xx |"
echo "|---|---|---:|---:|---:|---:|"
run "progress JSON, program" "$JSON"
run "same bytes, minimal libfcgi" /bench/fcgi.json
run "widget page, program" "$PAGE"
run "same bytes, minimal libfcgi" /bench/fcgi.html

# Micro-cache on, as docs/widget.md says.
sed -i 's/^\( *\)#MC /\1/' "$W/nginx/stretchgoal.conf"
nginx -p "$W/nginx" -c "$W/nginx/nginx.conf" -e stderr -s reload
sg_wait_for 15 sh -c "curl -fsI '$BASE$JSON' | grep -qi '^X-Cache'"
sleep 1
run "progress JSON, micro-cache" "$JSON"
run "same bytes, nginx static file" /static/bench.json
run "widget page, micro-cache" "$PAGE"
run "same bytes, nginx static file" /static/bench.html
