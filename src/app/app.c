/* app.c — the worker state's lifetime and the edge's entry; see app.h. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "app/app.h"
#include "app/metrics.h"
#include "handlers/public.h"
#include "util/config.h"

static int64_t
mono_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
sg_app_dispatch(void *app, struct sg_req *req, struct sg_resp *resp)
{
	int64_t	 t0 = mono_us();
	int	 route;

	sg_metrics_busy(1);
	route = sg_dispatch(app, req, resp);
	sg_metrics_request(route, resp->status, mono_us() - t0);
	sg_metrics_busy(-1);
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
}
