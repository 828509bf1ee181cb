/* admin.c (db) — query helpers of the admin module; see db/admin.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "db/admin.h"
#include "db/db.h"
#include "db/internal.h"

/* Longest column name in a cols list. */
#define COLNAME_MAX	64

/* Add the current row of q to obj under the names in cols. */
static int
row_to_json(struct sg_db *db, enum sqlstmt q, const char *cols, cJSON *obj)
{
	char		 name[COLNAME_MAX + 1];
	const char	*p = cols, *e;
	unsigned	 col = 0;
	size_t		 n;
	int		 isint;
	cJSON		*v;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e != '\0' && *e != ' '; e++)
			;
		n = (size_t)(e - p);
		if (n > COLNAME_MAX)
			return DB_ERR;
		memcpy(name, p, n);
		name[n] = '\0';
		p = e;
		isint = n > 2 && strcmp(name + n - 2, ":i") == 0;
		if (isint)
			name[n - 2] = '\0';
		if (strcmp(name, "-") == 0) {
			col++;
			continue;
		}
		if (db_col_isnull(db, q, col))
			v = cJSON_CreateNull();
		else if (isint)
			v = cJSON_CreateNumber((double)db_col_i64(db, q, col));
		else
			v = cJSON_CreateString(db_col_str(db, q, col, NULL));
		col++;
		if (v == NULL)
			return DB_ERR;
		if (!cJSON_AddItemToObject(obj, name, v)) {
			cJSON_Delete(v);
			return DB_ERR;
		}
	}
	return DB_OK;
}

int
db_admin_rows(struct sg_db *db, enum sqlstmt q, const char *cols, cJSON *arr)
{
	cJSON	*o;
	int	 rc, n = 0;

	while ((rc = db_fetch(db, q)) > 0) {
		if ((o = cJSON_CreateObject()) == NULL)
			goto nomem;
		if (!cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			goto nomem;
		}
		if (row_to_json(db, q, cols, o) != DB_OK)
			goto nomem;
		n++;
	}
	db_done(db, q);
	return rc < 0 ? rc : n;
nomem:
	db_done(db, q);
	return DB_ERR;
}

int
db_admin_row(struct sg_db *db, enum sqlstmt q, const char *cols, cJSON *obj)
{
	int	 rc;

	if ((rc = db_fetch(db, q)) > 0 && row_to_json(db, q, cols, obj) != DB_OK)
		rc = DB_ERR;
	db_done(db, q);
	return rc;
}
