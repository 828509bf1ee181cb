/* app.c — the worker state's lifetime and the edge's entry; see app.h. */
#include "config.h"

#include <stddef.h>

#include "app/app.h"
#include "handlers/public.h"
#include "util/config.h"

void
sg_app_dispatch(void *app, struct sg_req *req, struct sg_resp *resp)
{
	sg_dispatch(app, req, resp);
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
