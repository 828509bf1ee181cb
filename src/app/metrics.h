/*
 * metrics.h — counters for GET /metrics (Prometheus text format 0.0.4).
 *
 * Workers are separate processes, so the counters live in one shared
 * anonymous mapping that the supervisor creates before it forks any worker
 * (sg_metrics_init); every worker adds to it with atomic operations and any
 * worker can answer /metrics with the totals of all of them.  The counters
 * start at zero when the supervisor starts and survive worker restarts and
 * reloads (SIGHUP).  Without sg_metrics_init() (unit tests, stretchgoalctl)
 * every function is a no-op and /metrics answers 503.
 *
 * What is exposed is listed in docs/operations.md.
 */
#ifndef SG_APP_METRICS_H
#define SG_APP_METRICS_H

#include <sys/types.h>

#include <stdint.h>

#include "handlers/handlers.h"
#include "http/http.h"

enum sg_pool {
	SG_POOL_PRIVATE,	/* pipeline, admin, hooks: the "listen" socket */
	SG_POOL_PUBLIC,		/* widget, public JSON, oEmbed: "public_listen" */
	SG_POOL__MAX
};

/* Why the router ran a handler again, or gave up (label "cause"). */
enum sg_retry_cause {
	SG_RETRY_DEADLOCK,		/* 1213 */
	SG_RETRY_LOCK_WAIT,		/* 1205 */
	SG_RETRY_CERTIFICATION,		/* Galera: wsrep conflict / 1180, 1181 */
	SG_RETRY_FK_ABORT,		/* 1452 from an aborted transaction */
	SG_RETRY_AUTOINC,		/* Galera: an auto-increment id taken twice */
	SG_RETRY_OTHER,			/* any other DB_RETRY */
	SG_RETRY_STALE_CONNECTION,	/* reconnected once, ran again */
	SG_RETRY_BUDGET_EXHAUSTED,	/* gave up: 503 */
	SG_RETRY_AMBIGUOUS_COMMIT,	/* commit outcome unknown: 503, not rerun */
	SG_RETRY__MAX
};

/*
 * Create the shared segment (supervisor, once, before the first fork).
 * 0, or -1 (logged) when the mapping fails; metrics are then off.
 */
int	sg_metrics_init(void);
/*
 * The supervisor tells the segment about a pool: its listening socket (for
 * the queue depth) and its size.  Again after a reload.
 */
void	sg_metrics_set_pool(enum sg_pool, int listen_fd, long workers);
/* Worker slots (the supervisor's table), for the busy gauge. */
#define SG_METRICS_SLOTS	1024
/*
 * A worker says which pool it serves and its slot (0 … SG_METRICS_SLOTS-1,
 * or -1: not counted as busy) after fork.
 */
void	sg_metrics_set_self(enum sg_pool, int slot);
/* The supervisor: the worker in slot died; it is busy no more. */
void	sg_metrics_slot_free(int slot);
/* A request begins (+1) or ends (-1) in this worker (slot and pool). */
void	sg_metrics_busy(int delta);
/*
 * One request answered: route is the index in the route table (or -1: no
 * route matched), status the answer, us the time spent in the router.
 */
void	sg_metrics_request(int route, int status, int64_t us);
void	sg_metrics_retry(enum sg_retry_cause);
/* A fan-out task's step wrote grants and finished done fan-outs. */
void	sg_metrics_fanout(int64_t grants, int64_t done);
/* A group commit of orders ran: how many it counted (0: it did not commit). */
void	sg_metrics_order_batch(size_t counted);
/* Workers of pool serving a request now (0 when metrics are off). */
long	sg_metrics_pool_busy(enum sg_pool);
/*
 * Are the order workers (the private pool) at work: serving a request now,
 * or started one since the caller last asked (*seen, the count of started
 * requests then, which this updates; 0 at first)?  0 when metrics are off.
 * A fan-out task that is not its host's first steps aside while they are
 * (src/main.c).
 */
int	sg_metrics_orders_active(uint64_t *seen);
/*
 * Is the calling fan-out task its host's first: the one that claims the
 * segment's mark when it is free or its holder is dead, and keeps it?  The
 * others step aside while the order workers are busy (src/main.c).  1 when
 * metrics are off (then every task is).
 */
int	sg_metrics_fanout_first(void);
/* The supervisor: fan-out task pid died; the mark is free if it held it. */
void	sg_metrics_fanout_gone(pid_t pid);
/*
 * A public-pool request with db_replica set: whether its reads went to the
 * replica, and this worker's last measurement (fresh or not, lag in µs,
 * -1: none), for the replica gauges.
 */
void	sg_metrics_replica(int on_replica, int fresh, int64_t lag_us);
/* The cause of a DB_RETRY from the text of db_last_error() ("1213: …"). */
enum sg_retry_cause sg_metrics_retry_cause(const char *db_error);

/*
 * GET /metrics: 404 unless REMOTE_ADDR is in metrics_allow; else the text
 * format.  A route handler (sg_handler_fn).
 */
int	h_metrics(struct sg_app *, const struct sg_req *, struct sg_resp *);

/*
 * The accept queue of a listening unix socket: connections waiting for a
 * worker (sock_diag netlink, UNIX_DIAG_RQLEN).  -1 when it cannot be read.
 */
long	sg_metrics_queue_depth(int listen_fd, long *max_backlog);

#endif
