/* migrate.c — schema migrations from sql/NNN_name.sql; see db.h. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/internal.h"
#include "util/buf.h"
#include "util/log.h"

/* Largest migration file read. */
#define MIGRATE_FILE_MAX	(1024u * 1024u)
/* Most migration files in the directory. */
#define MIGRATE_FILES_MAX	999

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

int
db_migrate(struct sg_db *db, const char *dir, int *applied)
{
	DIR		*d;
	struct dirent	*de;
	char		*names[MIGRATE_FILES_MAX];
	size_t		 n = 0, i;
	int64_t		 locked = 0, unused;
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

	/* Several hosts may migrate at once: one at a time. */
	if ((rc = db_get_i64(db, SQL_MIGRATION_LOCK, &locked, "")) < 0)
		goto out;
	if (locked != 1) {
		sg_error("migrate: another migration holds the lock");
		rc = DB_ERR;
		goto out;
	}
	if ((rc = db_exec_script(db, migrate_table, sizeof(migrate_table) - 1)) != DB_OK)
		goto unlock;
	for (i = 0; i < n; i++)
		if ((rc = migrate_one(db, dir, names[i], applied)) != DB_OK)
			break;
unlock:
	if (db_get_i64(db, SQL_MIGRATION_UNLOCK, &unused, "") < 0 && rc == DB_OK)
		rc = DB_ERR;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	return rc;
}
