/* migrate.c — schema migrations from sql/NNN_name.sql; see db.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "db/internal.h"
#include "util/buf.h"
#include "util/log.h"

/* Largest migration file read. */
#define MIGRATE_FILE_MAX	(1024u * 1024u)
/* Most migration files in the directory. */
#define MIGRATE_FILES_MAX	999

/* How long migrate waits for another host's migration. */
#define MIGRATE_LOCK_WAIT_US	(120 * 1000000LL)
/* The lock's lease; renewed after every file. */
#define MIGRATE_LEASE_SECS	600

/*
 * The migration lock is a row, taken by a committed UPDATE: on Galera a
 * row write is certified cluster-wide, where GET_LOCK() is per node.  The
 * lock has a lease, so that a migrate that died frees it in time.
 */
static const char lock_table[] =
    "CREATE TABLE IF NOT EXISTS schema_lock ("
    " id TINYINT UNSIGNED NOT NULL PRIMARY KEY,"
    " holder VARCHAR(200) NULL,"
    " expires_at DATETIME(6) NULL"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

static const char migrate_table[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INT NOT NULL PRIMARY KEY,"
    " name VARCHAR(200) NOT NULL,"
    " applied_at DATETIME(6) NOT NULL DEFAULT UTC_TIMESTAMP(6)"
    ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

/* "NNN_name.sql" with NNN three digits and name [a-z0-9_]+. */
static int
migrate_name_ok(const char *n)
{
	size_t	 len = strlen(n), i;

	if (len < 9 || strcmp(n + len - 4, ".sql") != 0)
		return 0;
	for (i = 0; i < 3; i++)
		if (n[i] < '0' || n[i] > '9')
			return 0;
	if (n[3] != '_')
		return 0;
	for (i = 4; i < len - 4; i++)
		if (!((n[i] >= 'a' && n[i] <= 'z') ||
		    (n[i] >= '0' && n[i] <= '9') || n[i] == '_'))
			return 0;
	return 1;
}

static int
migrate_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
migrate_read(const char *path, struct sg_buf *b)
{
	FILE	*f;
	char	 chunk[8192];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		sg_error("migrate: %s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (sg_buf_add(b, chunk, n) != SG_BUF_OK) {
			sg_error("migrate: %s: larger than %u bytes", path,
			    MIGRATE_FILE_MAX);
			rc = -1;
			break;
		}
	if (ferror(f)) {
		sg_error("migrate: %s: read error", path);
		rc = -1;
	}
	fclose(f);
	return rc;
}

/* Apply one file unless it is recorded; *applied++ when it ran. */
static int
migrate_one(struct sg_db *db, const char *dir, const char *name, int *applied)
{
	char		 path[4096];
	struct sg_buf	 sql;
	int64_t		 n;
	int		 version, rc;

	version = atoi(name);
	if ((rc = db_get_i64(db, SQL_MIGRATION_APPLIED, &n, "i",
	    (int64_t)version)) < 0)
		return rc;
	if (n > 0)
		return DB_OK;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	sg_buf_init(&sql, MIGRATE_FILE_MAX);
	if (migrate_read(path, &sql) == -1) {
		sg_buf_free(&sql);
		return DB_ERR;
	}
	rc = db_exec_script(db, sql.data == NULL ? "" : sql.data, sql.len);
	sg_buf_free(&sql);
	if (rc != DB_OK) {
		sg_error("migrate: %s failed: %s", name, db_last_error(db));
		return rc;
	}
	if ((rc = db_exec(db, SQL_MIGRATION_RECORD, "is", (int64_t)version,
	    name)) != DB_OK)
		return rc;
	sg_info("migrate: applied %s", name);
	(*applied)++;
	return DB_OK;
}

static int64_t
mono_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Take the lock row for holder; DB_OK or < 0 (logged). */
static int
migrate_lock(struct sg_db *db, const char *holder)
{
	char	 other[201] = "";
	int64_t	 start = mono_us();
	int	 rc, live, said = 0;

	for (;;) {
		if (mono_us() - start > MIGRATE_LOCK_WAIT_US) {
			sg_error("migrate: the lock is held by %s; if that process "
			    "is gone, the lock frees itself when its lease ends "
			    "(%d s)", other[0] != '\0' ? other : "another host",
			    MIGRATE_LEASE_SECS);
			return DB_ERR;
		}
		rc = db_exec_script(db, lock_table, sizeof(lock_table) - 1);
		if (rc == DB_OK)
			rc = db_exec(db, SQL_MIGRATION_LOCK_INIT, "");
		if (rc == DB_OK)
			rc = db_begin(db);
		live = 0;
		if (rc == DB_OK &&
		    (rc = db_exec(db, SQL_MIGRATION_LOCK_GET, "")) == DB_OK) {
			if ((rc = db_fetch(db, SQL_MIGRATION_LOCK_GET)) > 0) {
				db_col_copy(db, SQL_MIGRATION_LOCK_GET, 0, other,
				    sizeof(other));
				live = db_col_i64(db, SQL_MIGRATION_LOCK_GET, 1) != 0 &&
				    other[0] != '\0';
				rc = DB_OK;
			} else if (rc == 0)
				rc = DB_ERR;	/* the row was just inserted */
			db_done(db, SQL_MIGRATION_LOCK_GET);
		}
		if (rc == DB_OK && live) {
			db_rollback(db);
			if (!said++)
				sg_info("migrate: waiting for %s", other);
			usleep(200000);
			continue;
		}
		if (rc == DB_OK)
			rc = db_exec(db, SQL_MIGRATION_LOCK_TAKE, "si", holder,
			    (int64_t)MIGRATE_LEASE_SECS);
		if (rc == DB_OK)
			rc = db_commit(db);
		if (rc == DB_OK)
			return DB_OK;
		if (rc == DB_ERR || rc == DB_DUP)
			return DB_ERR;
		/* A conflict with another host's take, or a reconnect. */
		db_rollback(db);
		usleep(50000 + (useconds_t)(rand() % 100000));
	}
}

int
db_migrate(struct sg_db *db, const char *dir, int *applied)
{
	DIR		*d;
	struct dirent	*de;
	char		*names[MIGRATE_FILES_MAX];
	size_t		 n = 0, i;
	char		 holder[200], host[100];
	int		 rc;

	*applied = 0;
	if ((rc = db_ensure(db)) != DB_OK)
		return rc;
	if ((d = opendir(dir)) == NULL) {
		sg_error("migrate: %s: %s", dir, strerror(errno));
		return DB_ERR;
	}
	rc = DB_OK;
	while ((de = readdir(d)) != NULL) {
		if (!migrate_name_ok(de->d_name))
			continue;
		if (n == MIGRATE_FILES_MAX ||
		    (names[n] = strdup(de->d_name)) == NULL) {
			sg_error("migrate: too many files or out of memory");
			rc = DB_ERR;
			break;
		}
		n++;
	}
	closedir(d);
	if (rc != DB_OK)
		goto out;
	qsort(names, n, sizeof(names[0]), migrate_cmp);

	/* Several hosts (or Galera nodes) may migrate at once: one at a time. */
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "unknown");
	host[sizeof(host) - 1] = '\0';
	snprintf(holder, sizeof(holder), "%s pid %ld", host, (long)getpid());
	if ((rc = migrate_lock(db, holder)) != DB_OK)
		goto out;
	if ((rc = db_exec_script(db, migrate_table, sizeof(migrate_table) - 1)) != DB_OK)
		goto unlock;
	for (i = 0; i < n; i++) {
		if ((rc = migrate_one(db, dir, names[i], applied)) != DB_OK)
			break;
		/* Renew the lease. */
		if ((rc = db_exec(db, SQL_MIGRATION_LOCK_TAKE, "si", holder,
		    (int64_t)MIGRATE_LEASE_SECS)) != DB_OK)
			break;
	}
unlock:
	if (db_exec(db, SQL_MIGRATION_LOCK_RELEASE, "s", holder) != DB_OK &&
	    rc == DB_OK)
		rc = DB_ERR;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	return rc;
}
