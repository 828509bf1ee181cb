#!/usr/bin/env bash
# tests/check-layers.sh — the dependency rules of docs/architecture.md,
# checked on the #include lines of src/.  Fails, naming the file and line,
# when a file includes a header of a layer it may not see:
#
#   main.c   → app → handlers → { service → db, domain, render } → util
#              http/ (request, response, the FastCGI edge) sits beneath app/
#              and the handlers, and sees only util/.
#
# What each layer may include (besides itself and system headers):
#   util      —
#   domain    util
#   render    util
#   db        domain util
#   service   db domain render util
#   http      util
#   handlers  service db domain render http util
#   app       handlers service db domain render http util
#   main.c    anything but the tests' headers
#   ctl.c     service db domain render util
# No file under src/ includes a header of tests/ (fixture/, unit/, oracle/),
# and only http/fcgi.c (and main.c) include libfcgi.
# The db layer's privacy (db/internal.h, MariaDB's headers) is checked by
# tests/check-db-private.sh.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir/src" || exit 99

allowed() {
	case $1 in
	util) echo "" ;;
	domain) echo "util" ;;
	render) echo "util" ;;
	db) echo "domain util" ;;
	service) echo "db domain render util" ;;
	http) echo "util" ;;
	handlers) echo "service db domain render http util" ;;
	app) echo "handlers service db domain render http util" ;;
	main.c) echo "app handlers service db domain render http util" ;;
	ctl.c|ctl_*.c|ctl_*.h) echo "service db domain render util" ;;
	*) echo "?" ;;
	esac
}

bad=0
files=$(find . -name '*.[ch]' | sed 's|^\./||' | sort)
[ -n "$files" ] || { echo "no sources under $srcdir/src" >&2; exit 99; }
for f in $files; do
	layer=${f%%/*}
	ok=$(allowed "$layer")
	if [ "$ok" = "?" ]; then
		echo "$f: not in any layer of docs/architecture.md (add it to tests/check-layers.sh)"
		bad=1
		continue
	fi
	while IFS=: read -r line inc; do
		target=${inc%%/*}
		[ "$target" = "$inc" ] && continue	# "config.h" and the like
		case $target in
		fixture|unit|oracle)
			echo "src/$f:$line: includes the tests' header \"$inc\""
			bad=1
			continue
			;;
		esac
		[ "$target" = "$layer" ] && continue
		case " $ok " in
		*" $target "*) ;;
		*)
			echo "src/$f:$line: the $layer layer includes \"$inc\" (it may include: ${ok:-nothing above util})"
			bad=1
			;;
		esac
	done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
done

# libfcgi belongs to the edge.
while IFS=: read -r f line _; do
	case $f in http/fcgi.c|main.c) continue ;; esac
	echo "src/$f:$line: includes libfcgi (only http/fcgi.c and main.c may)"
	bad=1
done < <(grep -rn '^[[:space:]]*#[[:space:]]*include[[:space:]]*<fcgi' --include='*.[ch]' . |
	sed 's|^\./||')

if [ "$bad" -ne 0 ]; then
	echo "FAIL: an include runs against the layering of docs/architecture.md"
	exit 1
fi
echo "ok: every include of src/ follows the layering of docs/architecture.md"
exit 0
