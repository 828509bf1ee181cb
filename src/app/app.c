/* app.c — the worker state's lifetime and the edge's entry; see app.h. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app/app.h"
#include "app/metrics.h"
#include "db/db.h"
#include "db/replica.h"
#include "handlers/public.h"
#include "util/config.h"

static int64_t
mono_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * sg_dispatch with the public read connection chosen first (db/replica.h):
 * a read that finds the replica gone (503 with its connection closed) runs
 * again on the primary, and the replica rests until its next check.
 */
static int
sg_app_route(struct sg_app *app, struct sg_req *req, struct sg_resp *resp)
{
	enum db_replica_state	 st;
	int64_t			 lag;
	int			 route, on_replica;

	app->db_public = db_replica_pick(app->replica, app->db);
	on_replica = app->db_public != app->db;
	route = sg_dispatch(app, req, resp);
	if (on_replica && resp->status == 503 && db_replica_failed(app->replica)) {
		app->db_public = app->db;
		on_replica = 0;
		sg_resp_reset(resp);
		route = sg_dispatch(app, req, resp);
	}
	if (app->replica != NULL) {
		st = db_replica_state(app->replica, &lag);
		sg_metrics_replica(on_replica, st == DB_REPLICA_FRESH, lag);
	}
	return route;
}

/* sg_app_dispatch() for at most SG_BATCH_MAX requests. */
static void
dispatch_some(struct sg_app *app, struct sg_req **reqs, struct sg_resp **resps,
    size_t n)
{
	struct sg_req	*breq[SG_BATCH_MAX];
	struct sg_resp	*bresp[SG_BATCH_MAX];
	size_t		 idx[SG_BATCH_MAX], i, k = 0;
	int		 done[SG_BATCH_MAX], redo[SG_BATCH_MAX];
	int64_t		 t0;
	int		 route;

	sg_metrics_busy(1);
	for (i = 0; i < n; i++)
		done[i] = 0;
	if (n > 1 && (k = sg_batch_orders(app, reqs, n, idx)) >= 2) {
		t0 = mono_us();
		for (i = 0; i < k; i++) {
			breq[i] = reqs[idx[i]];
			bresp[i] = resps[idx[i]];
		}
		route = sg_dispatch_orders(app, breq, bresp, k, redo);
		for (i = 0; i < k; i++)
			if (!redo[i]) {
				done[idx[i]] = 1;
				sg_metrics_request(route, bresp[i]->status,
				    mono_us() - t0);
			}
	}
	for (i = 0; i < n; i++) {
		if (done[i])
			continue;
		t0 = mono_us();
		route = sg_app_route(app, reqs[i], resps[i]);
		sg_metrics_request(route, resps[i]->status, mono_us() - t0);
	}
	sg_metrics_busy(-1);
}

void
sg_app_dispatch(void *arg, struct sg_req **reqs, struct sg_resp **resps,
    size_t n)
{
	size_t	 k;

	for (; n > 0; reqs += k, resps += k, n -= k)
		dispatch_some(arg, reqs, resps, k = n < SG_BATCH_MAX ? n :
		    SG_BATCH_MAX);
}

size_t
sg_app_body_cap(const struct sg_app *app)
{
	size_t	 form = (size_t)app->cfg->max_upload + SG_FORM_OVERHEAD;

	return form > (size_t)app->cfg->max_body ? form : (size_t)app->cfg->max_body;
}

void
sg_app_cleanup(struct sg_app *app)
{
	widget_cache_free(app->widget_cache);
	app->widget_cache = NULL;
	db_replica_free(app->replica);
	app->replica = NULL;
}
