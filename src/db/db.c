/* db.c — connection, statements and error classification; see db.h. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "db/db.h"
#include "db/internal.h"
#include "util/config.h"
#include "util/log.h"

static const char *const sqls[SQL__MAX] = {
#define X(name, text) text,
	SG_SQL_ALL
#undef X
};

/* Most parameters any statement takes. */
#define DB_MAX_PARAMS	32
/* First size of a result column buffer; grows to fit. */
#define DB_COL_INITIAL	256

struct db_stmt {
	MYSQL_STMT	*st;
	unsigned	 ncols;
	MYSQL_BIND	*res;
	char		**bufs;
	unsigned long	*caps;
	unsigned long	*lens;
	my_bool		*nulls;
	int		 stored;	/* a result set is held */
};

struct sg_db {
	const struct sg_config	*cfg;
	MYSQL			*my;
	int			 was_down;	/* to log state changes once */
	struct db_stmt		 stmts[SQL__MAX];
	char			 err[512];
};

struct sg_db *
db_new(const struct sg_config *cfg)
{
	struct sg_db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->cfg = cfg;
	return db;
}

static void
db_stmt_clear(struct db_stmt *s)
{
	unsigned	 i;

	if (s->st != NULL) {
		if (s->stored)
			mysql_stmt_free_result(s->st);
		mysql_stmt_close(s->st);
	}
	for (i = 0; i < s->ncols; i++)
		free(s->bufs[i]);
	free(s->bufs);
	free(s->caps);
	free(s->lens);
	free(s->nulls);
	free(s->res);
	memset(s, 0, sizeof(*s));
}

void
db_disconnect(struct sg_db *db)
{
	size_t	 i;

	for (i = 0; i < SQL__MAX; i++)
		db_stmt_clear(&db->stmts[i]);
	if (db->my != NULL) {
		mysql_close(db->my);
		db->my = NULL;
	}
}

void
db_free(struct sg_db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
}

const char *
db_last_error(const struct sg_db *db)
{
	return db->err;
}

int
db_ensure(struct sg_db *db)
{
	const struct sg_config	*c = db->cfg;
	unsigned int		 ct, rwt;
	my_bool			 off = 0;
	MYSQL			*my;

	if (db->my != NULL)
		return DB_OK;
	if ((my = mysql_init(NULL)) == NULL) {
		snprintf(db->err, sizeof(db->err), "mysql_init: out of memory");
		return DB_DOWN;
	}
	ct = (unsigned int)c->db_connect_timeout;
	rwt = (unsigned int)c->db_rw_timeout;
	mysql_options(my, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_options(my, MYSQL_OPT_READ_TIMEOUT, &rwt);
	mysql_options(my, MYSQL_OPT_WRITE_TIMEOUT, &rwt);
	mysql_options(my, MYSQL_OPT_RECONNECT, &off);
	mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(my, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,"
	    "NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
	    "NO_ENGINE_SUBSTITUTION'");
	if (mysql_real_connect(my, c->db_socket != NULL ? "localhost" :
	    c->db_host, c->db_user, c->db_password, c->db_name,
	    (unsigned int)c->db_port, c->db_socket, 0) == NULL) {
		snprintf(db->err, sizeof(db->err), "connect: %s",
		    mysql_error(my));
		mysql_close(my);
		if (!db->was_down)
			sg_warn("database unavailable: %s", db->err);
		db->was_down = 1;
		return DB_DOWN;
	}
	if (db->was_down)
		sg_info("database connection restored");
	db->was_down = 0;
	db->my = my;
	return DB_OK;
}

/*
 * Classify a failed call's error number, log what deserves it, and return the
 * DB_* code.  Connection errors close the connection so that the next
 * db_ensure() reconnects.
 */
static int
db_fail(struct sg_db *db, unsigned int no, const char *msg, enum sqlstmt q)
{
	snprintf(db->err, sizeof(db->err), "%u: %s", no, msg);
	switch (no) {
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case 4031:	/* ER_CLIENT_INTERACTION_TIMEOUT */
	case 2055:	/* CR_SERVER_LOST_EXTENDED */
		if (!db->was_down)
			sg_warn("database connection lost: %s", db->err);
		db->was_down = 1;
		db_disconnect(db);
		return DB_DOWN;
	case ER_LOCK_DEADLOCK:
	case ER_LOCK_WAIT_TIMEOUT:
	case ER_CHECKREAD:
		db_rollback(db);
		return DB_RETRY;
	case ER_DUP_ENTRY:
		return DB_DUP;
	default:
		sg_error("database error in statement %d: %s", (int)q, db->err);
		return DB_ERR;
	}
}

static int
db_query_text(struct sg_db *db, const char *sql)
{
	if (db->my == NULL && db_ensure(db) != DB_OK)
		return DB_DOWN;
	if (mysql_query(db->my, sql) != 0)
		return db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX);
	return DB_OK;
}

int
db_begin(struct sg_db *db)
{
	return db_query_text(db, "START TRANSACTION");
}

int
db_commit(struct sg_db *db)
{
	return db_query_text(db, "COMMIT");
}

void
db_rollback(struct sg_db *db)
{
	if (db->my != NULL && mysql_query(db->my, "ROLLBACK") != 0)
		(void)db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX);
}

int
db_ping(struct sg_db *db)
{
	int64_t	 one;
	int	 rc;

	if ((rc = db_ensure(db)) != DB_OK)
		return rc;
	rc = db_get_i64(db, SQL_SELECT_ONE, &one, "");
	if (rc == DB_DOWN) {
		/* A stale connection: try once more on a new one. */
		if (db_ensure(db) != DB_OK)
			return DB_DOWN;
		rc = db_get_i64(db, SQL_SELECT_ONE, &one, "");
	}
	return rc > 0 ? DB_OK : (rc == 0 ? DB_ERR : rc);
}

/* Prepare q on this connection unless it is already. */
static int
db_prepare(struct sg_db *db, enum sqlstmt q, struct db_stmt **sp)
{
	struct db_stmt	*s = &db->stmts[q];
	MYSQL_RES	*meta;
	unsigned	 i;
	int		 rc;

	*sp = s;
	if (s->st != NULL)
		return DB_OK;
	if (db->my == NULL && (rc = db_ensure(db)) != DB_OK)
		return rc;
	if ((s->st = mysql_stmt_init(db->my)) == NULL)
		return db_fail(db, mysql_errno(db->my), mysql_error(db->my), q);
	if (mysql_stmt_prepare(s->st, sqls[q], strlen(sqls[q])) != 0) {
		rc = db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), q);
		if (db->my != NULL)	/* not already cleared by a disconnect */
			db_stmt_clear(s);
		return rc;
	}
	if ((meta = mysql_stmt_result_metadata(s->st)) == NULL)
		return DB_OK;
	s->ncols = mysql_num_fields(meta);
	mysql_free_result(meta);
	s->res = calloc(s->ncols, sizeof(*s->res));
	s->bufs = calloc(s->ncols, sizeof(*s->bufs));
	s->caps = calloc(s->ncols, sizeof(*s->caps));
	s->lens = calloc(s->ncols, sizeof(*s->lens));
	s->nulls = calloc(s->ncols, sizeof(*s->nulls));
	if (s->res == NULL || s->bufs == NULL || s->caps == NULL ||
	    s->lens == NULL || s->nulls == NULL)
		goto nomem;
	for (i = 0; i < s->ncols; i++) {
		if ((s->bufs[i] = malloc(DB_COL_INITIAL + 1)) == NULL)
			goto nomem;
		s->caps[i] = DB_COL_INITIAL;
		s->res[i].buffer_type = MYSQL_TYPE_STRING;
		s->res[i].buffer = s->bufs[i];
		s->res[i].buffer_length = s->caps[i];
		s->res[i].length = &s->lens[i];
		s->res[i].is_null = &s->nulls[i];
	}
	return DB_OK;
nomem:
	snprintf(db->err, sizeof(db->err), "out of memory");
	sg_error("database: out of memory preparing statement %d", (int)q);
	db_stmt_clear(s);
	return DB_ERR;
}

static int
db_vexec(struct sg_db *db, enum sqlstmt q, const char *types, va_list ap)
{
	struct db_stmt	*s;
	MYSQL_BIND	 par[DB_MAX_PARAMS];
	int64_t		 ints[DB_MAX_PARAMS];
	size_t		 n, i;
	const char	*str;
	int		 rc;

	if ((rc = db_prepare(db, q, &s)) != DB_OK)
		return rc;
	if (s->stored) {
		mysql_stmt_free_result(s->st);
		s->stored = 0;
	}
	n = strlen(types);
	if (n > DB_MAX_PARAMS || n != mysql_stmt_param_count(s->st)) {
		sg_error("database: statement %d takes %lu parameters, given %zu",
		    (int)q, mysql_stmt_param_count(s->st), n);
		return DB_ERR;
	}
	memset(par, 0, sizeof(par));
	for (i = 0; i < n; i++) {
		switch (types[i]) {
		case 's':
			str = va_arg(ap, const char *);
			if (str == NULL) {
				par[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			par[i].buffer_type = MYSQL_TYPE_STRING;
			par[i].buffer = (void *)(uintptr_t)str;
			par[i].buffer_length = strlen(str);
			break;
		case 'b':
			par[i].buffer_type = MYSQL_TYPE_BLOB;
			par[i].buffer = (void *)(uintptr_t)va_arg(ap, const void *);
			par[i].buffer_length = va_arg(ap, size_t);
			break;
		case 'i':
			ints[i] = va_arg(ap, int64_t);
			par[i].buffer_type = MYSQL_TYPE_LONGLONG;
			par[i].buffer = &ints[i];
			break;
		default:
			sg_error("database: bad parameter type '%c'", types[i]);
			return DB_ERR;
		}
	}
	if (n > 0 && mysql_stmt_bind_param(s->st, par) != 0)
		return db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), q);
	if (mysql_stmt_execute(s->st) != 0)
		return db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), q);
	if (s->ncols == 0)
		return DB_OK;
	if (mysql_stmt_bind_result(s->st, s->res) != 0 ||
	    mysql_stmt_store_result(s->st) != 0)
		return db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), q);
	s->stored = 1;
	return DB_OK;
}

int
db_exec(struct sg_db *db, enum sqlstmt q, const char *types, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, types);
	rc = db_vexec(db, q, types, ap);
	va_end(ap);
	return rc;
}

int
db_fetch(struct sg_db *db, enum sqlstmt q)
{
	struct db_stmt	*s = &db->stmts[q];
	unsigned	 i;
	char		*p;
	int		 rc, grew = 0;

	if (s->st == NULL || !s->stored)
		return 0;
	rc = mysql_stmt_fetch(s->st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1)
		return db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), q);
	for (i = 0; i < s->ncols; i++) {
		if (s->nulls[i]) {
			s->bufs[i][0] = '\0';
			continue;
		}
		if (s->lens[i] > s->caps[i]) {
			/* Truncated: grow this column and fetch it again. */
			if ((p = realloc(s->bufs[i], s->lens[i] + 1)) == NULL) {
				sg_error("database: out of memory for a column");
				return DB_ERR;
			}
			s->bufs[i] = p;
			s->caps[i] = s->lens[i];
			s->res[i].buffer = p;
			s->res[i].buffer_length = s->caps[i];
			grew = 1;
			if (mysql_stmt_fetch_column(s->st, &s->res[i], i, 0) != 0)
				return db_fail(db, mysql_stmt_errno(s->st),
				    mysql_stmt_error(s->st), q);
		}
		s->bufs[i][s->lens[i]] = '\0';
	}
	/* Columns that grew must stay bound for the next row. */
	if (grew && mysql_stmt_bind_result(s->st, s->res) != 0)
		return db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st), q);
	return 1;
}

void
db_done(struct sg_db *db, enum sqlstmt q)
{
	struct db_stmt	*s = &db->stmts[q];

	if (s->st != NULL && s->stored) {
		mysql_stmt_free_result(s->st);
		s->stored = 0;
	}
}

int64_t
db_affected(struct sg_db *db, enum sqlstmt q)
{
	struct db_stmt	*s = &db->stmts[q];

	return s->st == NULL ? 0 : (int64_t)mysql_stmt_affected_rows(s->st);
}

int64_t
db_insert_id(struct sg_db *db, enum sqlstmt q)
{
	struct db_stmt	*s = &db->stmts[q];

	return s->st == NULL ? 0 : (int64_t)mysql_stmt_insert_id(s->st);
}

int
db_col_isnull(struct sg_db *db, enum sqlstmt q, unsigned col)
{
	struct db_stmt	*s = &db->stmts[q];

	return col >= s->ncols || s->nulls[col];
}

const char *
db_col_str(struct sg_db *db, enum sqlstmt q, unsigned col, size_t *lenp)
{
	struct db_stmt	*s = &db->stmts[q];

	if (col >= s->ncols || s->nulls[col]) {
		if (lenp != NULL)
			*lenp = 0;
		return NULL;
	}
	if (lenp != NULL)
		*lenp = s->lens[col];
	return s->bufs[col];
}

int64_t
db_col_i64(struct sg_db *db, enum sqlstmt q, unsigned col)
{
	const char	*p = db_col_str(db, q, col, NULL);

	return p == NULL ? 0 : (int64_t)strtoll(p, NULL, 10);
}

int
db_get_i64(struct sg_db *db, enum sqlstmt q, int64_t *out, const char *types, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, types);
	rc = db_vexec(db, q, types, ap);
	va_end(ap);
	if (rc != DB_OK)
		return rc;
	rc = db_fetch(db, q);
	if (rc > 0)
		*out = db_col_i64(db, q, 0);
	db_done(db, q);
	return rc;
}

int
db_exec_script(struct sg_db *db, const char *sql, size_t len)
{
	MYSQL_RES	*res;
	int		 rc, st;

	if (db->my == NULL && (rc = db_ensure(db)) != DB_OK)
		return rc;
	if (mysql_set_server_option(db->my, MYSQL_OPTION_MULTI_STATEMENTS_ON) != 0)
		return db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX);
	rc = DB_OK;
	if (mysql_real_query(db->my, sql, len) != 0)
		rc = db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX);
	else {
		do {
			if ((res = mysql_store_result(db->my)) != NULL)
				mysql_free_result(res);
			st = mysql_next_result(db->my);
			if (st > 0) {
				rc = db_fail(db, mysql_errno(db->my),
				    mysql_error(db->my), SQL__MAX);
				break;
			}
		} while (st == 0);
	}
	if (db->my != NULL &&
	    mysql_set_server_option(db->my, MYSQL_OPTION_MULTI_STATEMENTS_OFF) != 0 &&
	    rc == DB_OK)
		rc = db_fail(db, mysql_errno(db->my), mysql_error(db->my), SQL__MAX);
	return rc;
}

int
db_col_copy(struct sg_db *db, enum sqlstmt q, unsigned col, char *dst,
    size_t size)
{
	const char	*s;
	size_t		 len;

	if ((s = db_col_str(db, q, col, &len)) == NULL) {
		dst[0] = '\0';
		return 0;
	}
	if (len >= size)
		len = size - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 1;
}

int
db_col_time(struct sg_db *db, enum sqlstmt q, unsigned col, sg_usec_t *out)
{
	const char	*s;
	size_t		 len;

	*out = 0;
	if ((s = db_col_str(db, q, col, &len)) == NULL)
		return 0;
	if (sg_time_parse_sql(s, len, out) == -1)
		*out = 0;
	return 1;
}

/* --- helpers for the entity files (see internal.h) ----------------------- */

int
db_fetch_all(struct sg_db *db, enum sqlstmt q, size_t size,
    int (*read)(struct sg_db *, enum sqlstmt, void *), void (*clear)(void *),
    void **out, size_t *n)
{
	unsigned char	*v = NULL, *p;
	size_t		 cap = 0, len = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_fetch(db, q)) > 0) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8;
			if ((p = realloc(v, cap * size)) == NULL) {
				rc = DB_ERR;
				break;
			}
			v = p;
		}
		memset(v + len * size, 0, size);
		len++;
		if (read(db, q, v + (len - 1) * size) == -1) {
			rc = DB_ERR;
			break;
		}
	}
	db_done(db, q);
	if (rc < 0) {
		while (clear != NULL && len > 0)
			clear(v + --len * size);
		free(v);
		return rc;
	}
	*out = v;
	*n = len;
	return DB_OK;
}

char *
db_like_pattern(const char *text, int prefix_only)
{
	size_t	 i, len = strlen(text);
	char	*pat, *w;

	if ((pat = malloc(2 * len + 3)) == NULL)
		return NULL;
	w = pat;
	if (!prefix_only)
		*w++ = '%';
	for (i = 0; i < len; i++) {
		if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
			*w++ = '\\';
		*w++ = text[i];
	}
	*w++ = '%';
	*w = '\0';
	return pat;
}

const char *
db_time_sql(sg_usec_t t, char *buf)
{
	if (sg_time_format_sql(t, buf, SG_TIME_FMT_MAX) == -1)
		buf[0] = '\0';
	return buf;
}

int
db_begin_read_committed(struct sg_db *db)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_TX_READ_COMMITTED, "")) != DB_OK)
		return rc;
	return db_begin(db);
}
