#!/usr/bin/env bash
# tests/check-db-private.sh — the db layer's statement runner and MariaDB
# are private to src/db (docs/architecture.md, issue 8 item 1).  Fails,
# naming file and line, when code outside src/db
#   - includes db/internal.h (db_exec, db_fetch, db_col_*, the statements)
#     or a MariaDB header (mysql.h, mysqld_error.h, errmsg.h, mariadb/…), or
#   - names the runner or a statement: db_exec, db_fetch, db_col_, SQL_.
# Until the service/handler conversion of issue 8 lands this fails, and
# Makefile.am lists it in XFAIL_TESTS; then it becomes a plain test.
set -u
srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir/src" || exit 99

out=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*("db/internal\.h"|<(mysql|mysqld_error|errmsg|mariadb)[^>]*>)' \
	--include='*.[ch]' . | grep -v '^\./db/')
names=$(grep -rnE '\b(db_exec|db_fetch|db_col_[a-z_]*|SQL_[A-Z0-9_]+)\b' --include='*.[ch]' . |
	grep -v '^\./db/')
if [ -n "$out$names" ]; then
	[ -n "$out" ] && { echo "outside src/db, these include the db layer's private headers:"; echo "$out" | sed 's|^\./|src/|'; }
	[ -n "$names" ] && { echo "outside src/db, these name the statement runner or a statement:"; echo "$names" | sed 's|^\./|src/|'; }
	echo "FAIL: the db layer's runner and MariaDB are not private to src/db"
	exit 1
fi
echo "ok: only src/db sees db/internal.h, the statements and MariaDB"
exit 0
