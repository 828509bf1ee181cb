/* app.c — per-worker state owned by handlers; see http.h. */
#include "config.h"

#include <stddef.h>

#include "handlers/public.h"
#include "http/http.h"

void
sg_app_cleanup(struct sg_app *app)
{
	widget_cache_free(app->widget_cache);
	app->widget_cache = NULL;
}
