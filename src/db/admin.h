/*
 * admin.h (db) — query helpers of the admin module.
 *
 * db_admin_rows() turns the result rows of a statement into JSON objects for
 * the admin templates.  cols names the result columns in order, separated
 * by spaces; a name ending in ":i" is an integer, any other is text, and a
 * name "-" skips that column.  A NULL column becomes JSON null.
 *
 * Ownership: the objects are added to the caller's array (or, for
 * db_admin_row(), to the caller's object); the caller owns both.
 * Returns: the number of rows (>= 0), or a DB_* code (< 0); DB_ERR also
 * when memory ran out.
 */
#ifndef SG_DB_ADMIN_H
#define SG_DB_ADMIN_H

#include "db/db.h"
#include "db/internal.h"

struct cJSON;

/* Every row of the already executed statement q into arr (then db_done). */
int	db_admin_rows(struct sg_db *, enum sqlstmt q, const char *cols,
	    struct cJSON *arr);
/* The first row of q into obj (then db_done): 1 found, 0 none, < 0 error. */
int	db_admin_row(struct sg_db *, enum sqlstmt q, const char *cols,
	    struct cJSON *obj);

#endif
