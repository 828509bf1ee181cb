/*
 * sql_admin.h — the SQL statements of the admin module, as X(name, text)
 * entries of SG_SQL_ADMIN (see sql.h for the conventions).
 */
#ifndef SG_DB_SQL_ADMIN_H
#define SG_DB_SQL_ADMIN_H

#define SG_SQL_ADMIN

#endif
