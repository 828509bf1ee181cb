/*
 * it_burst.c — a flash crowd on the public widget beside the store's order
 * pipeline (SPEC "Runtime shape", issue 9 item 1).
 *
 * SG_BURST_CONNS (default 3000) connections to nginx are opened at once,
 * each asking for a widget page or the public JSON once; meanwhile one
 * client posts an order every 20 ms.  Every order must be answered 2xx
 * (201), and no public request may get a 5xx or no answer.  The burst is
 * bounded in count and in time (SG_BURST_DEADLINE_S, default 120 s).
 *
 * Twice: on the uncached path (the program's public pool answers every
 * request), and with the shipped micro-cache on (nginx answers most of them
 * itself; the pool sees a fraction).  The figures go to stderr (the test's
 * log) and into docs/BENCHMARKS.md.  SG_TEST_SINGLE_POOL=1 runs the old
 * single pool for comparison (the assertions then may fail: that is the
 * point of measuring it).
 */
#include "config.h"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "it_api_util.h"

#define FX	fx_current

#define ORDER_GAP_MS	20
#define ORDERS_MAX	2000

struct conn {
	int	 fd;
	int	 status;	/* -1: no answer */
	int	 hit;		/* X-Cache: HIT */
	int	 sent;
	size_t	 got;
	char	 head[1024];
	int64_t	 start_us, end_us;
};

struct orders {
	volatile int	 stop;
	int		 n;
	int		 status[ORDERS_MAX];
	int64_t		 start_us[ORDERS_MAX];
	int64_t		 lat_us[ORDERS_MAX];
};

static int64_t
now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int
env_int(const char *name, int def)
{
	const char	*v = getenv(name);

	return v != NULL && atoi(v) > 0 ? atoi(v) : def;
}

static void *
order_stream(void *arg)
{
	struct orders	*o = arg;
	struct fx_resp	 r;
	char		 body[512];
	int64_t		 t0;

	while (!o->stop && o->n < ORDERS_MAX) {
		snprintf(body, sizeof(body), "{\"id\":\"b-%d\",\"placed_at\":"
		    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
		    "{\"id\":\"c-%d\"},\"line_items\":[{\"product_id\":\"p-1\","
		    "\"quantity\":1,\"price\":1000}]}", o->n, o->n);
		o->start_us[o->n] = t0 = now_us();
		o->status[o->n] = api_order(body, &r);
		o->lat_us[o->n] = now_us() - t0;
		fx_resp_free(&r);
		o->n++;
		usleep(ORDER_GAP_MS * 1000);
	}
	return NULL;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int64_t
pct(int64_t *v, int n, double p)
{
	int	 k;

	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof(*v), cmp_i64);
	k = (int)(p / 100.0 * (n - 1) + 0.5);
	return v[k];
}

/* Read what is there; 1 when the answer is complete (EOF), -1 on error. */
static int
conn_read(struct conn *c)
{
	char	 skip[16384];
	ssize_t	 n;

	for (;;) {
		if (c->got < sizeof(c->head) - 1) {
			n = read(c->fd, c->head + c->got, sizeof(c->head) - 1 - c->got);
			if (n > 0) {
				c->got += (size_t)n;
				c->head[c->got] = '\0';
			}
		} else
			n = read(c->fd, skip, sizeof(skip));
		if (n == 0)
			return 1;
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	}
}

struct burst_result {
	int	 conns, answered, ok, fivexx, other, hits;
	int64_t	 elapsed_us, p50_us, p99_us, max_us;
	int	 orders, orders_2xx, orders_bad, orders_during;
	int64_t	 o_p50_us, o_p99_us, o_max_us;
};

static void
run_burst(const char *slug, struct burst_result *res)
{
	struct sockaddr_in	 sin;
	struct epoll_event	 ev, evs[256];
	struct orders		*o;
	struct conn		*cs, *c;
	pthread_t		 th;
	char			 req[2][256];
	int64_t			 t0, deadline, *lat;
	int			 n = env_int("SG_BURST_CONNS", 3000);
	int			 secs = env_int("SG_BURST_DEADLINE_S", 120);
	int			 ep, i, k, left, rc, err;
	socklen_t		 elen;

	memset(res, 0, sizeof(*res));
	CU_ASSERT_PTR_NOT_NULL_FATAL(cs = calloc((size_t)n, sizeof(*cs)));
	CU_ASSERT_PTR_NOT_NULL_FATAL(o = calloc(1, sizeof(*o)));
	CU_ASSERT_PTR_NOT_NULL_FATAL(lat = calloc((size_t)n, sizeof(*lat)));
	snprintf(req[0], sizeof(req[0]), "GET /w/acme/%s HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n", slug);
	snprintf(req[1], sizeof(req[1]), "GET /api/v1/public/acme/%s HTTP/1.1\r\n"
	    "Host: x\r\nConnection: close\r\n\r\n", slug);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)FX->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CU_ASSERT_NOT_EQUAL_FATAL(ep = epoll_create1(0), -1);

	/* The order stream runs before, during and a little after the burst. */
	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, order_stream, o), 0);
	usleep(200 * 1000);
	t0 = now_us();
	deadline = t0 + (int64_t)secs * 1000000;
	for (i = 0; i < n; i++) {
		c = &cs[i];
		c->status = -1;
		c->start_us = now_us();
		c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (c->fd == -1)
			continue;
		if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
		    errno != EINPROGRESS) {
			close(c->fd);
			c->fd = -1;
			continue;
		}
		ev.events = EPOLLOUT | EPOLLIN;
		ev.data.u32 = (uint32_t)i;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) == -1) {
			close(c->fd);
			c->fd = -1;
		}
	}
	for (left = 0, i = 0; i < n; i++)
		left += cs[i].fd != -1;
	while (left > 0 && now_us() < deadline) {
		if ((k = epoll_wait(ep, evs, 256, 200)) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < k; i++) {
			c = &cs[evs[i].data.u32];
			if (c->fd == -1)
				continue;
			rc = 0;
			if (!c->sent && (evs[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
				err = 0;
				elen = sizeof(err);
				getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &elen);
				const char *r = req[evs[i].data.u32 % 2];
				if (err != 0 || write(c->fd, r, strlen(r)) !=
				    (ssize_t)strlen(r))
					rc = -1;
				else {
					c->sent = 1;
					ev.events = EPOLLIN;
					ev.data.u32 = evs[i].data.u32;
					epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
				}
			} else if (c->sent)
				rc = conn_read(c);
			if (rc == 0)
				continue;
			c->end_us = now_us();
			if (rc == 1 && c->got >= 12 && strncmp(c->head, "HTTP/1.1 ", 9) == 0)
				c->status = atoi(c->head + 9);
			c->hit = strstr(c->head, "\r\nX-Cache: HIT") != NULL;
			epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
			close(c->fd);
			c->fd = -1;
			left--;
		}
	}
	res->elapsed_us = now_us() - t0;
	usleep(300 * 1000);
	o->stop = 1;
	pthread_join(th, NULL);
	close(ep);

	res->conns = n;
	for (i = 0; i < n; i++) {
		c = &cs[i];
		if (c->fd != -1)
			close(c->fd);
		if (c->status > 0) {
			lat[res->answered++] = c->end_us - c->start_us;
			if (c->status == 200)
				res->ok++;
			else if (c->status >= 500)
				res->fivexx++;
			else
				res->other++;
			res->hits += c->hit;
		}
	}
	res->max_us = pct(lat, res->answered, 100);
	res->p50_us = pct(lat, res->answered, 50);
	res->p99_us = pct(lat, res->answered, 99);
	res->orders = o->n;
	for (i = 0; i < o->n; i++) {
		if (o->start_us[i] >= t0 && o->start_us[i] <= t0 + res->elapsed_us)
			res->orders_during++;
		if (o->status[i] >= 200 && o->status[i] < 300)
			res->orders_2xx++;
		else {
			res->orders_bad++;
			fprintf(stderr, "burst: order b-%d answered %d\n", i,
			    o->status[i]);
		}
	}
	res->o_max_us = pct(o->lat_us, o->n, 100);
	res->o_p50_us = pct(o->lat_us, o->n, 50);
	res->o_p99_us = pct(o->lat_us, o->n, 99);
	fprintf(stderr, "\nburst %s: %d connections at once: %d answered in %.2f s "
	    "(%d x 200, %d x 5xx, %d other, %d cache hits), latency p50 %.0f ms "
	    "p99 %.0f ms max %.0f ms; orders: %d sent (%d during the burst), "
	    "%d x 2xx, %d not, p50 %.0f ms p99 %.0f ms max %.0f ms\n", slug, n,
	    res->answered,
	    (double)res->elapsed_us / 1e6, res->ok, res->fivexx, res->other,
	    res->hits, (double)res->p50_us / 1e3, (double)res->p99_us / 1e3,
	    (double)res->max_us / 1e3, res->orders, res->orders_during,
	    res->orders_2xx,
	    res->orders_bad, (double)res->o_p50_us / 1e3,
	    (double)res->o_p99_us / 1e3, (double)res->o_max_us / 1e3);
	free(lat);
	free(o);
	free(cs);
}

static void
check(const struct burst_result *res)
{
	CU_ASSERT_EQUAL(res->answered, res->conns);
	CU_ASSERT_EQUAL(res->fivexx, 0);
	CU_ASSERT_EQUAL(res->ok, res->conns);
	/* The stream ran through the burst: 20 ms apart, several inside it. */
	CU_ASSERT_TRUE(res->orders >= 12);
	CU_ASSERT_TRUE(res->orders_during >= 5);
	CU_ASSERT_EQUAL(res->orders_bad, 0);
	CU_ASSERT_EQUAL(res->orders_2xx, res->orders);
}

static void
test_burst_uncached(void)
{
	struct burst_result	 res;
	double			 before, after;

	api_stores();
	api_campaign("burst", "units", 1000000);
	before = fx_metric(FX, "stretchgoal_pool_requests_total{pool=\"public\"}");
	run_burst("burst", &res);
	check(&res);
	after = fx_metric(FX, "stretchgoal_pool_requests_total{pool=\"public\"}");
	/* Uncached: the public pool answered every one of them. */
	if (getenv("SG_TEST_SINGLE_POOL") == NULL)
		CU_ASSERT_EQUAL(after - before, res.conns);
	CU_ASSERT_EQUAL(fx_metric(FX, "stretchgoal_orders_total{result=\"created\"}"),
	    res.orders_2xx);
}

/* The shipped configuration: the micro-cache takes most of the burst. */
static void
test_burst_micro_cache(void)
{
	struct burst_result	 res;
	struct fx_opts		 opts = { 2, NULL };
	struct fx		*saved = FX;
	double			 served;

	setenv("SG_TEST_MICRO_CACHE", "on", 1);
	fx_current = fx_start(&opts);
	unsetenv("SG_TEST_MICRO_CACHE");
	api_stores();
	api_campaign("cached", "units", 1000000);
	run_burst("cached", &res);
	check(&res);
	CU_ASSERT_TRUE(res.hits > res.conns / 2);
	served = fx_metric(FX, "stretchgoal_pool_requests_total{pool=\"public\"}");
	CU_ASSERT_TRUE(served >= 1 && served < res.conns / 2);
	fprintf(stderr, "burst cached: the public pool served %.0f of %d\n",
	    served, res.conns);
	fx_stop(fx_current);
	fx_current = saved;
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "a widget burst beside orders, uncached", test_burst_uncached },
		{ "a widget burst beside orders, micro-cache on", test_burst_micro_cache },
		{ NULL, NULL },
	};
	struct fx_opts	 opts = { 2, NULL };

	return fx_run("burst", cases, &opts, 1);
}
