/*
 * config.h — the program's configuration: one file plus environment
 * overrides.
 *
 * The file holds "key = value" lines; '#' starts a comment line; blank lines
 * are ignored; values run to the end of the line with surrounding blanks
 * removed.  Every key may be overridden by the environment variable
 * SG_<KEY> (upper case), e.g. SG_DB_HOST.  Unknown keys are an error, so that
 * a typo does not silently fall back to a default.  The keys, their defaults
 * and meaning are in the table in config.c and in docs/configuration.md.
 *
 * Ownership: sg_config_load() returns a heap object that the caller frees
 * with sg_config_free(); sg_config_free(NULL) is a no-op.  All strings in it
 * belong to it.
 */
#ifndef SG_UTIL_CONFIG_H
#define SG_UTIL_CONFIG_H

#include <stddef.h>

struct sg_config {
	char	*listen;		/* FastCGI unix socket path */
	long	 listen_backlog;
	long	 workers;		/* 0: one per core */
	char	*db_socket;		/* unix socket; used when set */
	char	*db_host;
	long	 db_port;
	char	*db_user;
	char	*db_password;
	char	*db_name;
	long	 db_connect_timeout;	/* seconds */
	long	 db_rw_timeout;		/* seconds */
	char	*template_dir;
	char	*static_dir;
	char	*media_dir;
	char	*sql_dir;
	long	 max_body;		/* bytes, JSON and form bodies */
	long	 max_upload;		/* bytes, photo uploads */
	char	*public_url;		/* how users reach us, for printed links */
	long	 public_fresh_ms;	/* a worker trusts its public lookup this long */
	char	*log_level;
};

/* Longest config line accepted, and the longest value. */
#define SG_CONFIG_LINE_MAX	4096

/*
 * Load path (NULL: no file, defaults and environment only).  On error returns
 * NULL and writes a one-line reason into err.
 */
struct sg_config *sg_config_load(const char *path, char *err, size_t errlen);
void	sg_config_free(struct sg_config *);
/* Number of workers to start: cfg->workers, or the number of online cores. */
long	sg_config_workers(const struct sg_config *);

#endif
