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

/* Most database endpoints in db_hosts. */
#define SG_DB_HOSTS_MAX	16
#define SG_FANOUT_TASKS_MAX	16	/* fanout_tasks */
#define SG_BATCH_MAX		16	/* order_batch; requests a worker dispatches together */

/* One database endpoint: a TCP host and port, or a unix socket path. */
struct sg_db_endpoint {
	char		 host[256];	/* host name or address; "" for a socket */
	unsigned	 port;
	char		 socket[256];	/* unix socket path; "" for TCP */
};

struct sg_config {
	char	*listen;		/* FastCGI unix socket path (private pool) */
	char	*public_listen;		/* the public pool's socket; derived */
	long	 listen_backlog;	/* both sockets; capped by somaxconn */
	long	 workers;		/* private pool; 0: one per core */
	long	 public_workers;	/* public pool; 0: two per core */
	char	*metrics_allow;		/* addresses that may GET /metrics */
	char	*db_socket;		/* unix socket; used when set */
	char	*db_host;
	long	 db_port;
	char	*db_user;
	char	*db_password;
	char	*db_name;
	long	 db_connect_timeout;	/* seconds */
	long	 db_rw_timeout;		/* seconds */
	char	*db_hosts;		/* "host:port, /socket, ..." in order */
	long	 db_failback_secs;	/* retry the first host after this; 0 never */
	long	 db_retry_budget_ms;	/* time a request may spend on retries */
	long	 db_wsrep_sync_wait;	/* session wsrep_sync_wait on Galera */
	/* Parsed from db_hosts, else from db_socket or db_host/db_port. */
	struct sg_db_endpoint	 db_endpoints[SG_DB_HOSTS_MAX];
	size_t			 db_nendpoints;
	/* Read replicas for public reads (docs/configuration.md). */
	char	*db_replica;		/* "host:port, /socket, ..."; unset: none */
	long	 replica_max_lag_ms;	/* a replica further behind is not used */
	long	 replica_check_ms;	/* how often a worker measures the lag */
	struct sg_db_endpoint	 db_replicas[SG_DB_HOSTS_MAX];
	size_t			 db_nreplicas;
	char	*template_dir;
	char	*static_dir;
	char	*media_dir;
	char	*sql_dir;
	long	 max_body;		/* bytes, JSON and form bodies */
	long	 max_upload;		/* bytes, photo uploads */
	char	*public_url;		/* how users reach us, for printed links */
	long	 public_fresh_ms;	/* a worker trusts its public lookup this long */
	char	*log_level;
	/* Events out (docs/events.md). */
	char	*webhook_allow_private;	/* "yes": private endpoint URLs allowed */
	long	 webhook_retry_hours;	/* retry a delivery this long, then failed */
	long	 webhook_log_days;	/* keep delivery attempts this long */
	long	 event_retention_days;	/* keep settled events this long */
	long	 campaign_end_grace_secs; /* campaign.ended this long after ends_at */
	long	 webhook_concurrency;	/* requests in flight per endpoint */
	long	 webhook_retry_first_ms; /* first retry after about this */
	/* Rule 5's fan-out (docs/fanout.md). */
	long	 fanout_inline_max;	/* more backers: the fan-out after the answer */
	long	 fanout_batch;		/* backers per fan-out transaction */
	long	 fanout_tasks;		/* fan-out task processes per host */
	long	 order_batch;		/* orders per group commit, at most (1: off) */
};

/*
 * The photo size limit: max_upload's default, 10 MiB (ordinary phone photos
 * are 3-8 MB).  scripts/nginx-conf reads this line to set nginx's
 * client_max_body_size for /admin/ to max_upload + SG_UPLOAD_GRACE, and the
 * program reads a form body up to max_upload + SG_FORM_OVERHEAD (http/http.h,
 * which is more), so that a photo somewhat over the limit still reaches the
 * form, which says so beside the field with the typed values kept.
 */
#define SG_MAX_UPLOAD_DEFAULT	10485760
#define SG_UPLOAD_GRACE		2097152

/* Longest config line accepted, and the longest value. */
#define SG_CONFIG_LINE_MAX	4096

/*
 * Load path (NULL: no file, defaults and environment only).  On error returns
 * NULL and writes a one-line reason into err.
 */
struct sg_config *sg_config_load(const char *path, char *err, size_t errlen);
void	sg_config_free(struct sg_config *);
/*
 * Parse a list of database endpoints ("host", "host:port", "[v6]:port" or a
 * unix socket path starting with '/', separated by commas and/or blanks)
 * into out[max].  defport is used where a port is not given.  Returns the
 * number parsed (>= 1), or -1 with a reason in err.
 */
int	sg_config_parse_endpoints(const char *list, unsigned defport,
	    struct sg_db_endpoint *out, size_t max, char *err, size_t errlen);
/* Number of workers to start: cfg->workers, or the number of online cores. */
long	sg_config_workers(const struct sg_config *);
/* Public pool size: cfg->public_workers, or two per online core. */
long	sg_config_public_workers(const struct sg_config *);
/*
 * Is addr one of the addresses in list (separated by commas and/or blanks,
 * compared as text, e.g. metrics_allow)?  1 or 0.
 */
int	sg_config_addr_allowed(const char *list, const char *addr);

#endif
