/*
 * sql_public.h — the SQL statements of the public module, as X(name, text)
 * entries of SG_SQL_PUBLIC (see sql.h for the conventions).
 */
#ifndef SG_DB_SQL_PUBLIC_H
#define SG_DB_SQL_PUBLIC_H

#define SG_SQL_PUBLIC

#endif
