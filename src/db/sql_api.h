/*
 * sql_api.h — the SQL statements of the api module, as X(name, text)
 * entries of SG_SQL_API (see sql.h for the conventions).
 */
#ifndef SG_DB_SQL_API_H
#define SG_DB_SQL_API_H

#define SG_SQL_API

#endif
