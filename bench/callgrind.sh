#!/usr/bin/env bash
# bench/callgrind.sh — instructions (callgrind Ir) of one order post and one
# public answer (issue 10 item 4; bench/bench_callgrind.c says how).  Not
# part of make check.  A count of instructions, so it can be compared
# between runs on a host whose load moves every timing.
#
#   bench/callgrind.sh [requests]      (20 of each, sent one by one)
#
# Environment: BENCH_BUILD (release build dir, default /tmp/build-bench),
# BENCH_DB (MariaDB dir, default /tmp/bench-mariadb), as bench/run.sh.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-/tmp/build-bench}
db=${BENCH_DB:-/tmp/bench-mariadb}

# valgrind is a Debian package; install it as scripts/deps installs the rest.
if ! command -v valgrind >/dev/null || ! command -v callgrind_control >/dev/null; then
	if [ "$(id -u)" != 0 ]; then
		echo "bench/callgrind.sh: valgrind is missing: apt-get install valgrind (as root)" >&2
		exit 1
	fi
	apt-get install -y -q --no-install-recommends valgrind >&2 ||
		{ apt-get update -q >&2 && apt-get install -y -q --no-install-recommends valgrind >&2; }
fi

if [ ! -f "$build/Makefile" ]; then
	(cd "$src" && { [ -x configure ] || autoreconf -fi; })
	mkdir -p "$build"
	(cd "$build" && "$src/configure" CFLAGS="-O2 -g" >/dev/null)
fi
make -C "$build" -j2 stretchgoal stretchgoalctl libsgapp.a libsgdb.a libsgcore.a \
	tests/fixture/libfixture.a >/dev/null
var() { sed -n "s/^$1 = //p" "$build/Makefile"; }
cflags="-std=gnu11 -O2 -I$build -I$src/src -I$src/tests -I$src/bench $(var CJSON_CFLAGS) $(var MARIADB_CFLAGS)"
libs="$build/tests/fixture/libfixture.a $build/libsgapp.a $build/libsgdb.a $build/libsgcore.a $(var CJSON_LIBS) $(var SODIUM_LIBS) $(var MARIADB_LIBS) $(var CUNIT_LIBS) -lpthread"
# shellcheck disable=SC2086
cc $cflags -o "$build/bench_callgrind" "$src/bench/bench_callgrind.c" "$src/tests/oracle/load.c" $libs

mkdir -p "$db/tmp"
"$src/scripts/mariadb" stop "$db"
TMPDIR=$db/tmp "$src/scripts/mariadb" start "$db"
trap '"$src/scripts/mariadb" stop "$db"' EXIT
export SG_TEST_MYSQL_DIR=$db top_srcdir=$src top_builddir=$build
echo "host: $(nproc) cores; $(uname -sr); $(valgrind --version); built in $build"
"$build/bench_callgrind" "${1:-20}"
