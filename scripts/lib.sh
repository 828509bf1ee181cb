# scripts/lib.sh — helpers shared by scripts/*; source it, do not run it.

sg_say() { printf '%s\n' "$*" >&2; }
sg_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Servers live in sbin, which a non-login shell may not have on its PATH.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin; export PATH ;; esac

# The repository root (the directory holding configure.ac).
SG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# sg_wait_for SECONDS COMMAND...: retry COMMAND every 0.1 s until it
# succeeds; fail after SECONDS.
sg_wait_for() {
	local limit=$1 i=0
	shift
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[ "$i" -ge $((limit * 10)) ] && return 1
		sleep 0.1
	done
}

# A TCP port on 127.0.0.1 that is free right now.
sg_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
		shuf -i 20000-60000 -n 1
}

# True when PID (from FILE) names a running process.
sg_pid_alive() {
	local f=$1 pid
	[ -f "$f" ] || return 1
	pid=$(cat "$f" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# sg_stop_pidfile FILE SECONDS: SIGTERM the process, wait, then SIGKILL.
sg_stop_pidfile() {
	local f=$1 limit=${2:-30} pid i=0
	sg_pid_alive "$f" || { rm -f "$f"; return 0; }
	pid=$(cat "$f")
	kill -TERM "$pid" 2>/dev/null
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		if [ "$i" -ge $((limit * 10)) ]; then
			kill -KILL "$pid" 2>/dev/null
			break
		fi
		sleep 0.1
	done
	rm -f "$f"
}
