#!/usr/bin/env bash
# bench/fastcgi-keepalive.sh — GET /healthz through nginx, with and without
# FastCGI keep-alive between nginx and the program, in one run.
#
# usage: bench/fastcgi-keepalive.sh BUILD-DIR [SECONDS] [CONNECTIONS]
# Needs wrk (Debian package).  Starts its own MariaDB, program and nginx in a
# temporary directory on loopback and stops them at the end.  Each wrk run is
# bounded by SECONDS (default 10).
set -euo pipefail
. "$(dirname "$0")/../scripts/lib.sh"

build=$(cd "${1:?usage: bench/fastcgi-keepalive.sh BUILD-DIR [SECONDS] [CONNECTIONS]}" && pwd)
secs=${2:-10}
conns=${3:-64}
workers=2
command -v wrk >/dev/null || "$SG_ROOT/scripts/deps" bench ||
	sg_die "wrk is missing: apt-get install wrk"

tmp=$(mktemp -d /tmp/sgbench-XXXXXX)
cleanup() {
	[ -f "$tmp/nginx/nginx.pid" ] && kill -QUIT "$(cat "$tmp/nginx/nginx.pid")" 2>/dev/null || true
	[ -n "${prog:-}" ] && kill -TERM "$prog" 2>/dev/null && wait "$prog" 2>/dev/null || true
	"$SG_ROOT/scripts/mariadb" stop "$tmp/mariadb" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

"$SG_ROOT/scripts/mariadb" start "$tmp/mariadb" --fast
mariadb --no-defaults -S "$tmp/mariadb/mysqld.sock" -uroot -e "CREATE DATABASE sg"
cat > "$tmp/sg.conf" <<CONF
listen = $tmp/sg.sock
workers = $workers
db_socket = $tmp/mariadb/mysqld.sock
db_user = root
db_name = sg
sql_dir = $SG_ROOT/sql
template_dir = $SG_ROOT/templates
log_level = warn
CONF
"$build/stretchgoalctl" -c "$tmp/sg.conf" migrate 2>/dev/null
"$build/stretchgoal" -c "$tmp/sg.conf" 2>"$tmp/sg.log" &
prog=$!
sg_wait_for 10 test -S "$tmp/sg.sock"

port=$(sg_free_port)
run_wrk() {
	local label=$1
	"$SG_ROOT/scripts/nginx-conf" --prefix "$tmp/nginx" --listen "127.0.0.1:$port" \
		--socket "$tmp/sg.sock" --workers 1
	if [ "$label" = keepalive ]; then
		sed -i -e "s|^    server unix:$tmp/sg.sock;|&\n    keepalive 16;|" \
		       -e 's|^        fastcgi_pass stretchgoal;|&\n        fastcgi_keep_conn on;|' \
		       "$tmp/nginx/stretchgoal.conf"
	fi
	if [ -f "$tmp/nginx/nginx.pid" ] && kill -0 "$(cat "$tmp/nginx/nginx.pid")" 2>/dev/null; then
		nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -s reload; sleep 1
	else
		nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"
	fi
	sg_wait_for 5 curl -fsS "http://127.0.0.1:$port/healthz"
	wrk -t2 -c"$conns" -d"${secs}s" --timeout 5s --latency "http://127.0.0.1:$port/healthz" > "$tmp/$label.txt"
	rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/$label.txt")
	p50=$(awk '$1 == "50%" {print $2}' "$tmp/$label.txt")
	p99=$(awk '$1 == "99%" {print $2}' "$tmp/$label.txt")
	errs=$(awk '/Socket errors|Non-2xx/ {printf "%s ", $0}' "$tmp/$label.txt")
	printf '%-10s %10s req/s  p50 %8s  p99 %8s  %s\n' "$label" "$rps" "$p50" "$p99" "$errs"
	eval "rps_$label=$rps"
}
echo "GET /healthz, $workers program workers, wrk -c$conns for ${secs}s each"
run_wrk close
run_wrk keepalive
awk -v a="$rps_keepalive" -v b="$rps_close" 'BEGIN { printf "keepalive / close = %.2f\n", a / b }'
