/* metrics.c — the shared counters and GET /metrics; see metrics.h. */
#include "config.h"

#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/metrics.h"
#include "db/db.h"
#include "db/grant.h"
#include "db/replica.h"
#include "util/config.h"
#include "util/log.h"

/* Route slots: one per route table entry, the last for "no route". */
#define MX_ROUTES	96
/* Status codes counted one by one; the rest go to their class ("2xx"…). */
static const int mx_codes[] = {
	200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 409, 410,
	412, 413, 414, 415, 422, 429, 500, 502, 503,
};
#define MX_NCODES	(sizeof(mx_codes) / sizeof(mx_codes[0]))
#define MX_STATUS	(MX_NCODES + 5)		/* + 1xx..5xx classes */
/* Histogram bounds in microseconds (le= in seconds). */
static const int64_t mx_bounds_us[] = {
	1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
	1000000, 2500000, 5000000, 10000000,
};
#define MX_NBOUNDS	(sizeof(mx_bounds_us) / sizeof(mx_bounds_us[0]))

static const char *const mx_causes[SG_RETRY__MAX] = {
	"deadlock", "lock_wait_timeout", "certification", "fk_abort", "autoinc", "other",
	"stale_connection", "budget_exhausted", "ambiguous_commit",
};
static const char *const mx_pools[SG_POOL__MAX] = { "private", "public" };

struct mx_pool {
	int		 fd;		/* the supervisor's listening socket */
	int64_t		 workers;
	uint64_t	 requests;
};

/* A worker's slot: busy or not, and its pool (cleared when it dies). */
struct mx_slot {
	int32_t		 busy;
	int32_t		 pool;
	int32_t		 replica;	/* 1 measured, 2 measured and fresh */
	int64_t		 lag_us;	/* the worker's last replica lag */
};

struct mx_shm {
	uint64_t	 requests[MX_ROUTES][MX_STATUS];
	uint64_t	 buckets[MX_ROUTES][MX_NBOUNDS + 1];	/* not cumulative */
	uint64_t	 sum_us[MX_ROUTES];
	uint64_t	 retries[SG_RETRY__MAX];
	uint64_t	 orders_created;
	uint64_t	 orders_duplicate;
	uint64_t	 public_reads[2];	/* [1]: on a replica */
	uint64_t	 fanout_grants;		/* written by the fan-out tasks */
	uint64_t	 fanouts_done;
	uint64_t	 order_batches[2];	/* [1]: committed */
	uint64_t	 orders_batched;
	int32_t		 fanout_first;	/* pid of the first fan-out task, or 0 */
	struct mx_pool	 pools[SG_POOL__MAX];
	struct mx_slot	 slots[SG_METRICS_SLOTS];
	int64_t		 started;	/* unix time */
};

static struct mx_shm	*mx;
static enum sg_pool	 mx_self = SG_POOL_PRIVATE;
static int		 mx_slot = -1;
static int		 mx_orders_route = -2;

#define ADD(p, n)	__atomic_fetch_add((p), (n), __ATOMIC_RELAXED)
#define GET(p)		__atomic_load_n((p), __ATOMIC_RELAXED)

int
sg_metrics_init(void)
{
	void	*p;
	int	 i;

	if (mx != NULL)
		return 0;
	if (sg_route_count() + 1 > MX_ROUTES) {
		sg_error("metrics: %zu routes, room for %d", sg_route_count(),
		    MX_ROUTES - 1);
		return -1;
	}
	p = mmap(NULL, sizeof(struct mx_shm), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		sg_error("metrics: mmap: %s", strerror(errno));
		return -1;
	}
	mx = p;
	for (i = 0; i < SG_POOL__MAX; i++)
		mx->pools[i].fd = -1;
	mx->started = (int64_t)time(NULL);
	return 0;
}

void
sg_metrics_set_pool(enum sg_pool pool, int listen_fd, long workers)
{
	if (mx == NULL || pool >= SG_POOL__MAX)
		return;
	__atomic_store_n(&mx->pools[pool].fd, listen_fd, __ATOMIC_RELAXED);
	__atomic_store_n(&mx->pools[pool].workers, (int64_t)workers,
	    __ATOMIC_RELAXED);
}

void
sg_metrics_set_self(enum sg_pool pool, int slot)
{
	mx_self = pool < SG_POOL__MAX ? pool : SG_POOL_PRIVATE;
	mx_slot = slot >= 0 && slot < SG_METRICS_SLOTS ? slot : -1;
	if (mx != NULL && mx_slot >= 0) {
		__atomic_store_n(&mx->slots[mx_slot].pool, (int32_t)mx_self,
		    __ATOMIC_RELAXED);
		__atomic_store_n(&mx->slots[mx_slot].busy, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&mx->slots[mx_slot].replica, 0, __ATOMIC_RELAXED);
	}
}

void
sg_metrics_slot_free(int slot)
{
	if (mx != NULL && slot >= 0 && slot < SG_METRICS_SLOTS) {
		__atomic_store_n(&mx->slots[slot].busy, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&mx->slots[slot].replica, 0, __ATOMIC_RELAXED);
	}
}

void
sg_metrics_replica(int on_replica, int fresh, int64_t lag_us)
{
	if (mx == NULL)
		return;
	ADD(&mx->public_reads[on_replica ? 1 : 0], 1);
	if (mx_slot < 0)
		return;
	__atomic_store_n(&mx->slots[mx_slot].lag_us, lag_us, __ATOMIC_RELAXED);
	__atomic_store_n(&mx->slots[mx_slot].replica, fresh ? 2 : 1,
	    __ATOMIC_RELAXED);
}

/*
 * The replica gauges: workers whose last measurement was fresh, and the
 * largest lag any worker measured last (nothing before a measurement).
 */
static void
render_replica(struct sg_app *app, struct sg_buf *b)
{
	int64_t	 lag, max = -1;
	long	 measured = 0, fresh = 0;
	int	 i, st;

	if (app->cfg->db_nreplicas == 0)
		return;
	for (i = 0; i < SG_METRICS_SLOTS; i++) {
		if ((st = GET(&mx->slots[i].replica)) == 0)
			continue;
		measured++;
		if (st == 2)
			fresh++;
		if ((lag = GET(&mx->slots[i].lag_us)) > max)
			max = lag;
	}
	(void)sg_buf_printf(b,
	    "# HELP stretchgoal_public_reads_total Public-pool requests with "
	    "db_replica set, by the connection their reads were given.\n"
	    "# TYPE stretchgoal_public_reads_total counter\n"
	    "stretchgoal_public_reads_total{db=\"replica\"} %llu\n"
	    "stretchgoal_public_reads_total{db=\"primary\"} %llu\n"
	    "# HELP stretchgoal_replica_workers Public workers that measured "
	    "a replica, by whether it was within replica_max_lag_ms.\n"
	    "# TYPE stretchgoal_replica_workers gauge\n"
	    "stretchgoal_replica_workers{state=\"fresh\"} %ld\n"
	    "stretchgoal_replica_workers{state=\"not_fresh\"} %ld\n",
	    (unsigned long long)GET(&mx->public_reads[1]),
	    (unsigned long long)GET(&mx->public_reads[0]), fresh,
	    measured - fresh);
	if (max >= 0)
		(void)sg_buf_printf(b,
		    "# HELP stretchgoal_replica_lag_seconds The largest replica "
		    "lag the workers measured last (heartbeat, sql/019).\n"
		    "# TYPE stretchgoal_replica_lag_seconds gauge\n"
		    "stretchgoal_replica_lag_seconds %.6f\n", (double)max / 1e6);
}

/*
 * Webhook deliveries pending and failed, read on scrape (nothing when the
 * database does not answer).
 */
static void
render_events(struct sg_app *app, struct sg_buf *b)
{
	int64_t	 pending, failed;

	if (app->db == NULL || db_ensure(app->db) != DB_OK ||
	    db_event_backlog(app->db, &pending, &failed) != DB_OK)
		return;
	(void)sg_buf_printf(b,
	    "# HELP stretchgoal_events_pending Webhook deliveries waiting to be "
	    "sent or retried.\n"
	    "# TYPE stretchgoal_events_pending gauge\n"
	    "stretchgoal_events_pending %lld\n"
	    "# HELP stretchgoal_events_failed Webhook deliveries given up after "
	    "webhook_retry_hours.\n"
	    "# TYPE stretchgoal_events_failed gauge\n"
	    "stretchgoal_events_failed %lld\n",
	    (long long)pending, (long long)failed);
}

/*
 * The fan-out tasks' counters, then the fan-outs not done and the age of
 * the oldest, read on scrape (those two not when the database does not
 * answer; the age not when none is pending).
 */
static void
render_fanouts(struct sg_app *app, struct sg_buf *b)
{
	int64_t	 pending, oldest_us;

	(void)sg_buf_printf(b,
	    "# HELP stretchgoal_fanout_grants_total Grants this host's fan-out "
	    "tasks wrote after the reaching orders' answers.\n"
	    "# TYPE stretchgoal_fanout_grants_total counter\n"
	    "stretchgoal_fanout_grants_total %llu\n"
	    "# HELP stretchgoal_fanouts_done_total Fan-outs this host's fan-out "
	    "tasks finished.\n"
	    "# TYPE stretchgoal_fanouts_done_total counter\n"
	    "stretchgoal_fanouts_done_total %llu\n",
	    (unsigned long long)GET(&mx->fanout_grants),
	    (unsigned long long)GET(&mx->fanouts_done));
	if (app->db == NULL || db_ensure(app->db) != DB_OK ||
	    db_grant_fanout_backlog(app->db, &pending, &oldest_us) != DB_OK)
		return;
	(void)sg_buf_printf(b,
	    "# HELP stretchgoal_fanouts_pending Fan-outs whose grants are not "
	    "all written yet (all program hosts).\n"
	    "# TYPE stretchgoal_fanouts_pending gauge\n"
	    "stretchgoal_fanouts_pending %lld\n", (long long)pending);
	if (oldest_us >= 0)
		(void)sg_buf_printf(b,
		    "# HELP stretchgoal_fanout_oldest_seconds How long ago the "
		    "oldest pending fan-out's milestone was reached.\n"
		    "# TYPE stretchgoal_fanout_oldest_seconds gauge\n"
		    "stretchgoal_fanout_oldest_seconds %.6f\n",
		    (double)oldest_us / 1e6);
}

void
sg_metrics_order_batch(size_t counted)
{
	if (mx == NULL)
		return;
	ADD(&mx->order_batches[counted > 0], 1);
	if (counted > 0)
		ADD(&mx->orders_batched, (uint64_t)counted);
}

void
sg_metrics_fanout(int64_t grants, int64_t done)
{
	if (mx == NULL)
		return;
	if (grants > 0)
		ADD(&mx->fanout_grants, (uint64_t)grants);
	if (done > 0)
		ADD(&mx->fanouts_done, (uint64_t)done);
}

int
sg_metrics_fanout_first(void)
{
	int32_t	 self = (int32_t)getpid(), cur;

	if (mx == NULL)
		return 1;
	cur = __atomic_load_n(&mx->fanout_first, __ATOMIC_ACQUIRE);
	if (cur == self)
		return 1;
	/* Free, or its holder is gone (a task's pid is the supervisor's child). */
	if (cur != 0 && !(kill((pid_t)cur, 0) == -1 && errno == ESRCH))
		return 0;
	return __atomic_compare_exchange_n(&mx->fanout_first, &cur, self, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

void
sg_metrics_fanout_gone(pid_t pid)
{
	int32_t	 cur = (int32_t)pid;

	if (mx != NULL)
		(void)__atomic_compare_exchange_n(&mx->fanout_first, &cur, 0, 0,
		    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

void
sg_metrics_busy(int delta)
{
	if (mx == NULL)
		return;
	if (mx_slot >= 0)
		__atomic_store_n(&mx->slots[mx_slot].busy, delta > 0 ? 1 : 0,
		    __ATOMIC_RELAXED);
	if (delta > 0)
		ADD(&mx->pools[mx_self].requests, 1);
}

/* Workers of pool serving a request now. */
static long
busy_workers(int pool)
{
	long	 n = 0;
	int	 i;

	for (i = 0; i < SG_METRICS_SLOTS; i++)
		if (GET(&mx->slots[i].busy) != 0 && GET(&mx->slots[i].pool) == pool)
			n++;
	return n;
}

long
sg_metrics_pool_busy(enum sg_pool pool)
{
	return mx == NULL ? 0 : busy_workers((int)pool);
}

int
sg_metrics_orders_active(uint64_t *seen)
{
	uint64_t	 now;

	if (mx == NULL)
		return 0;
	now = GET(&mx->pools[SG_POOL_PRIVATE].requests);
	if (now != *seen) {
		*seen = now;
		return 1;
	}
	return busy_workers(SG_POOL_PRIVATE) > 0;
}

static size_t
status_slot(int status)
{
	size_t	 i;

	for (i = 0; i < MX_NCODES; i++)
		if (mx_codes[i] == status)
			return i;
	if (status >= 100 && status < 600)
		return MX_NCODES + (size_t)(status / 100 - 1);
	return MX_NCODES + 4;	/* nonsense: counted as 5xx */
}

static int
orders_route(void)
{
	const char	*m, *p;
	size_t		 i;

	if (mx_orders_route != -2)
		return mx_orders_route;
	mx_orders_route = -1;
	for (i = 0; i < sg_route_count(); i++) {
		sg_route_describe(i, &m, &p);
		if (strcmp(m, "POST") == 0 && strcmp(p, "/api/v1/orders") == 0)
			mx_orders_route = (int)i;
	}
	return mx_orders_route;
}

void
sg_metrics_request(int route, int status, int64_t us)
{
	size_t	 r, b;

	if (mx == NULL)
		return;
	r = route < 0 || (size_t)route >= sg_route_count() ? MX_ROUTES - 1 :
	    (size_t)route;
	if (us < 0)
		us = 0;
	ADD(&mx->requests[r][status_slot(status)], 1);
	for (b = 0; b < MX_NBOUNDS && us > mx_bounds_us[b]; b++)
		;
	ADD(&mx->buckets[r][b], 1);
	ADD(&mx->sum_us[r], (uint64_t)us);
	if (route >= 0 && route == orders_route()) {
		if (status == 201)
			ADD(&mx->orders_created, 1);
		else if (status == 200)
			ADD(&mx->orders_duplicate, 1);
	}
}

void
sg_metrics_retry(enum sg_retry_cause cause)
{
	if (mx == NULL || cause >= SG_RETRY__MAX)
		return;
	ADD(&mx->retries[cause], 1);
}

enum sg_retry_cause
sg_metrics_retry_cause(const char *e)
{
	unsigned long	 no;
	char		*end;

	if (e == NULL)
		return SG_RETRY_OTHER;
	if (strstr(e, "WSREP") != NULL || strstr(e, "wsrep") != NULL)
		return SG_RETRY_CERTIFICATION;
	no = strtoul(e, &end, 10);
	if (end == e || *end != ':')
		return SG_RETRY_OTHER;
	switch (no) {
	case 1213:
		return SG_RETRY_DEADLOCK;
	case 1205:
		return SG_RETRY_LOCK_WAIT;
	case 1180:
	case 1181:
		return SG_RETRY_CERTIFICATION;
	case 1452:
		return SG_RETRY_FK_ABORT;
	case 1062:	/* on an AUTO_INCREMENT id (db_classify_stmt()) */
	case 1048:
		return SG_RETRY_AUTOINC;
	default:
		return SG_RETRY_OTHER;
	}
}

long
sg_metrics_queue_depth(int listen_fd, long *max_backlog)
{
	struct {
		struct nlmsghdr		nlh;
		struct unix_diag_req	udr;
	} req;
	union {
		struct nlmsghdr	nlh;
		char		buf[8192];
	} ans;
	struct sockaddr_nl	 nl;
	struct unix_diag_msg	*msg;
	struct unix_diag_rqlen	 rq;
	struct rtattr		*a;
	struct stat		 st;
	struct timeval		 tv = { 0, 200000 };
	long			 depth = -1;
	ssize_t			 n;
	int			 fd, len;

	if (listen_fd < 0 || fstat(listen_fd, &st) == -1)
		return -1;
	if ((fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
	    NETLINK_SOCK_DIAG)) == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(&nl, 0, sizeof(nl));
	nl.nl_family = AF_NETLINK;
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = sizeof(req);
	req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nlh.nlmsg_flags = NLM_F_REQUEST;
	req.udr.sdiag_family = AF_UNIX;
	req.udr.udiag_states = ~0u;
	req.udr.udiag_ino = (unsigned)st.st_ino;
	req.udr.udiag_show = UDIAG_SHOW_RQLEN;
	req.udr.udiag_cookie[0] = ~0u;	/* INET_DIAG_NOCOOKIE */
	req.udr.udiag_cookie[1] = ~0u;
	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&nl,
	    sizeof(nl)) != (ssize_t)sizeof(req))
		goto out;
	if ((n = recv(fd, ans.buf, sizeof(ans.buf), 0)) <= 0 ||
	    !NLMSG_OK(&ans.nlh, (size_t)n) ||
	    ans.nlh.nlmsg_type != SOCK_DIAG_BY_FAMILY)
		goto out;
	msg = NLMSG_DATA(&ans.nlh);
	len = (int)(ans.nlh.nlmsg_len - NLMSG_LENGTH(sizeof(*msg)));
	for (a = (struct rtattr *)(msg + 1); RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == UNIX_DIAG_RQLEN &&
		    RTA_PAYLOAD(a) >= (int)sizeof(rq)) {
			memcpy(&rq, RTA_DATA(a), sizeof(rq));
			depth = (long)rq.udiag_rqueue;
			if (max_backlog != NULL)
				*max_backlog = (long)rq.udiag_wqueue;
		}
out:
	close(fd);
	return depth;
}

/* A label value: backslash, double quote and newline escaped. */
static void
label(struct sg_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			(void)sg_buf_addc(b, '\\');
		if (*s == '\n')
			(void)sg_buf_adds(b, "\\n");
		else
			(void)sg_buf_addc(b, *s);
	}
}

static void
route_labels(struct sg_buf *b, size_t r)
{
	const char	*m = "", *p = "unmatched";

	if (r < sg_route_count())
		sg_route_describe(r, &m, &p);
	(void)sg_buf_adds(b, "method=\"");
	label(b, m);
	(void)sg_buf_adds(b, "\",route=\"");
	label(b, p);
	(void)sg_buf_adds(b, "\"");
}

static void
status_label(struct sg_buf *b, size_t s)
{
	if (s < MX_NCODES)
		(void)sg_buf_printf(b, "%d", mx_codes[s]);
	else
		(void)sg_buf_printf(b, "%zuxx", s - MX_NCODES + 1);
}

static int
route_used(size_t r)
{
	size_t	 b;

	for (b = 0; b <= MX_NBOUNDS; b++)
		if (GET(&mx->buckets[r][b]) != 0)
			return 1;
	return 0;
}

static void
render(struct sg_buf *b)
{
	uint64_t	 v, cum;
	size_t		 r, s, k, nr = sg_route_count();
	long		 depth, max;
	int		 i;

	(void)sg_buf_adds(b,
	    "# HELP stretchgoal_requests_total Requests answered, by route and status.\n"
	    "# TYPE stretchgoal_requests_total counter\n");
	for (r = 0; r < MX_ROUTES; r++) {
		if (r >= nr && r != MX_ROUTES - 1)
			continue;
		for (s = 0; s < MX_STATUS; s++) {
			if ((v = GET(&mx->requests[r][s])) == 0)
				continue;
			(void)sg_buf_adds(b, "stretchgoal_requests_total{");
			route_labels(b, r);
			(void)sg_buf_adds(b, ",status=\"");
			status_label(b, s);
			(void)sg_buf_printf(b, "\"} %llu\n", (unsigned long long)v);
		}
	}
	(void)sg_buf_adds(b,
	    "# HELP stretchgoal_request_duration_seconds Time in the router, by route.\n"
	    "# TYPE stretchgoal_request_duration_seconds histogram\n");
	for (r = 0; r < MX_ROUTES; r++) {
		if ((r >= nr && r != MX_ROUTES - 1) || !route_used(r))
			continue;
		cum = 0;
		for (k = 0; k <= MX_NBOUNDS; k++) {
			cum += GET(&mx->buckets[r][k]);
			(void)sg_buf_adds(b, "stretchgoal_request_duration_seconds_bucket{");
			route_labels(b, r);
			if (k < MX_NBOUNDS)
				(void)sg_buf_printf(b, ",le=\"%g\"} %llu\n",
				    (double)mx_bounds_us[k] / 1e6,
				    (unsigned long long)cum);
			else
				(void)sg_buf_printf(b, ",le=\"+Inf\"} %llu\n",
				    (unsigned long long)cum);
		}
		(void)sg_buf_adds(b, "stretchgoal_request_duration_seconds_sum{");
		route_labels(b, r);
		(void)sg_buf_printf(b, "} %.6f\n", (double)GET(&mx->sum_us[r]) / 1e6);
		(void)sg_buf_adds(b, "stretchgoal_request_duration_seconds_count{");
		route_labels(b, r);
		(void)sg_buf_printf(b, "} %llu\n", (unsigned long long)cum);
	}
	(void)sg_buf_adds(b,
	    "# HELP stretchgoal_db_retries_total Handler runs repeated or given up, by cause.\n"
	    "# TYPE stretchgoal_db_retries_total counter\n");
	for (i = 0; i < SG_RETRY__MAX; i++)
		(void)sg_buf_printf(b, "stretchgoal_db_retries_total{cause=\"%s\"} %llu\n",
		    mx_causes[i], (unsigned long long)GET(&mx->retries[i]));
	(void)sg_buf_printf(b,
	    "# HELP stretchgoal_orders_total Orders sent (POST /api/v1/orders), by result.\n"
	    "# TYPE stretchgoal_orders_total counter\n"
	    "stretchgoal_orders_total{result=\"created\"} %llu\n"
	    "stretchgoal_orders_total{result=\"duplicate\"} %llu\n",
	    (unsigned long long)GET(&mx->orders_created),
	    (unsigned long long)GET(&mx->orders_duplicate));
	(void)sg_buf_printf(b,
	    "# HELP stretchgoal_order_batches_total Group commits of orders "
	    "read together, by outcome (not_committed: each order then ran on "
	    "its own).\n"
	    "# TYPE stretchgoal_order_batches_total counter\n"
	    "stretchgoal_order_batches_total{outcome=\"committed\"} %llu\n"
	    "stretchgoal_order_batches_total{outcome=\"not_committed\"} %llu\n"
	    "# HELP stretchgoal_orders_batched_total Orders counted in a "
	    "committed group commit.\n"
	    "# TYPE stretchgoal_orders_batched_total counter\n"
	    "stretchgoal_orders_batched_total %llu\n",
	    (unsigned long long)GET(&mx->order_batches[1]),
	    (unsigned long long)GET(&mx->order_batches[0]),
	    (unsigned long long)GET(&mx->orders_batched));
	(void)sg_buf_adds(b,
	    "# HELP stretchgoal_pool_workers Worker processes configured, by pool.\n"
	    "# TYPE stretchgoal_pool_workers gauge\n");
	for (i = 0; i < SG_POOL__MAX; i++)
		(void)sg_buf_printf(b, "stretchgoal_pool_workers{pool=\"%s\"} %lld\n",
		    mx_pools[i], (long long)GET(&mx->pools[i].workers));
	(void)sg_buf_adds(b,
	    "# HELP stretchgoal_pool_busy_workers Workers serving a request now, by pool.\n"
	    "# TYPE stretchgoal_pool_busy_workers gauge\n");
	for (i = 0; i < SG_POOL__MAX; i++)
		(void)sg_buf_printf(b, "stretchgoal_pool_busy_workers{pool=\"%s\"} %ld\n",
		    mx_pools[i], busy_workers(i));
	(void)sg_buf_adds(b,
	    "# HELP stretchgoal_pool_requests_total Requests served, by pool.\n"
	    "# TYPE stretchgoal_pool_requests_total counter\n");
	for (i = 0; i < SG_POOL__MAX; i++)
		(void)sg_buf_printf(b, "stretchgoal_pool_requests_total{pool=\"%s\"} %llu\n",
		    mx_pools[i], (unsigned long long)GET(&mx->pools[i].requests));
	(void)sg_buf_adds(b,
	    "# HELP stretchgoal_pool_queue_depth Connections waiting in the pool's accept queue.\n"
	    "# TYPE stretchgoal_pool_queue_depth gauge\n");
	for (i = 0; i < SG_POOL__MAX; i++) {
		max = -1;
		depth = sg_metrics_queue_depth(GET(&mx->pools[i].fd), &max);
		if (depth >= 0)
			(void)sg_buf_printf(b, "stretchgoal_pool_queue_depth{pool=\"%s\"} %ld\n",
			    mx_pools[i], depth);
	}
	(void)sg_buf_adds(b,
	    "# HELP stretchgoal_pool_queue_limit The accept queue's length (listen backlog).\n"
	    "# TYPE stretchgoal_pool_queue_limit gauge\n");
	for (i = 0; i < SG_POOL__MAX; i++) {
		max = -1;
		if (sg_metrics_queue_depth(GET(&mx->pools[i].fd), &max) >= 0 && max >= 0)
			(void)sg_buf_printf(b, "stretchgoal_pool_queue_limit{pool=\"%s\"} %ld\n",
			    mx_pools[i], max);
	}
	(void)sg_buf_printf(b,
	    "# HELP stretchgoal_start_time_seconds When the supervisor started.\n"
	    "# TYPE stretchgoal_start_time_seconds gauge\n"
	    "stretchgoal_start_time_seconds %lld\n", (long long)mx->started);
}

int
h_metrics(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp)
{
	if (!sg_config_addr_allowed(app->cfg->metrics_allow, req->remote_addr)) {
		sg_resp_error(resp, 404, "not_found", "no such resource", NULL);
		return SG_H_OK;
	}
	if (mx == NULL) {
		sg_h_unavailable(resp);
		return SG_H_OK;
	}
	resp->status = 200;
	sg_buf_reset(&resp->body);
	render(&resp->body);
	render_replica(app, &resp->body);
	render_events(app, &resp->body);
	render_fanouts(app, &resp->body);
	sg_resp_header(resp, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	sg_resp_header(resp, "Cache-Control", "no-store");
	return SG_H_OK;
}
