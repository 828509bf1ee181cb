/*
 * internal.h — the statement runner, private to db/.  Nothing outside
 * src/db/ includes this file.
 *
 * SQL lives in sql*.h as an enum of statements and a parallel table of
 * '?'-parameterised text; statements are prepared once per connection and
 * kept until the connection is lost.
 *
 * Parameters are bound from a type string, one character per '?':
 *   's'  const char *    (NULL binds SQL NULL)
 *   'b'  const void *, size_t   (bytes)
 *   'i'  int64_t
 * Result columns are all fetched as text; db_col_* convert.  Column text
 * stays valid until the next db_fetch() or db_done() on the same statement.
 */
#ifndef SG_DB_INTERNAL_H
#define SG_DB_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/sql.h"
#include "domain/timefmt.h"

/*
 * Execute statement q with parameters.  For statements that return rows,
 * follow with db_fetch() until it returns 0, then db_done().  For others,
 * db_affected() and db_insert_id() tell the outcome.
 */
int	db_exec(struct sg_db *, enum sqlstmt q, const char *types, ...);
/* 1: a row is ready, 0: no more rows, < 0: error. */
int	db_fetch(struct sg_db *, enum sqlstmt q);
void	db_done(struct sg_db *, enum sqlstmt q);
int64_t	db_affected(struct sg_db *, enum sqlstmt q);
int64_t	db_insert_id(struct sg_db *, enum sqlstmt q);

/* Column accessors for the current row of q (0-based column index). */
int		 db_col_isnull(struct sg_db *, enum sqlstmt q, unsigned col);
const char	*db_col_str(struct sg_db *, enum sqlstmt q, unsigned col, size_t *lenp);
int64_t		 db_col_i64(struct sg_db *, enum sqlstmt q, unsigned col);

/*
 * Run one query that returns at most one row and one integer column
 * (e.g. COUNT(*)).  Returns > 0 and sets *out when a row came back, 0 when
 * none, < 0 on error.
 */
int	db_get_i64(struct sg_db *, enum sqlstmt q, int64_t *out, const char *types, ...);
/*
 * The first two columns of the one row of q (no parameters) into *a and
 * *b, left as they are when there is no row.  DB_OK or < 0.
 */
int	db_get_i64_pair(struct sg_db *, enum sqlstmt q, int64_t *a, int64_t *b);

/* Copy a column (NULL -> "") into dst of size bytes; returns 1 if not NULL. */
int	db_col_copy(struct sg_db *, enum sqlstmt q, unsigned col, char *dst,
	    size_t size);
/* A DATETIME column as µs (0 when NULL); returns 1 if not NULL. */
int	db_col_time(struct sg_db *, enum sqlstmt q, unsigned col, sg_usec_t *out);

/*
 * After db_exec() of q: read every row into a malloc'd array of elements
 * of size bytes (*out, *n; free() it; NULL when none), each zeroed and
 * then filled by read() (0, or -1 on no memory: DB_ERR).  On failure
 * clear() (NULL when rows own no memory) is called on every row read,
 * the failed one included, before the array is freed.  db_done() is
 * called.  DB_OK, or < 0 with nothing to free.
 */
int	db_fetch_all(struct sg_db *, enum sqlstmt q, size_t size,
	    int (*read)(struct sg_db *, enum sqlstmt, void *),
	    void (*clear)(void *), void **out, size_t *n);
/*
 * The LIKE pattern (malloc'd, NULL on no memory) that matches text with
 * its wildcards ('%', '_', '\\') escaped: "%text%" (contains), or with
 * prefix_only "text%" (starts with).
 */
char	*db_like_pattern(const char *text, int prefix_only);
/* DATETIME text of t into buf (SG_TIME_FMT_MAX bytes); returns buf. */
const char *db_time_sql(sg_usec_t t, char *buf);

/* Read the current row of q (SG_SQL_CAMPAIGN_COLS / SG_SQL_MILESTONE_COLS). */
struct db_campaign;
struct db_milestone;
void	db_campaign_read(struct sg_db *, enum sqlstmt q, struct db_campaign *);
void	db_milestone_read(struct sg_db *, enum sqlstmt q, struct db_milestone *);

#endif
