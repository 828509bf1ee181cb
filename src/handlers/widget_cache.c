/* widget_cache.c — the rendered-widget cache; see public.h. */
#include "config.h"

#include <stdlib.h>

#include "handlers/public.h"

void
widget_cache_free(struct sg_widget_cache *c)
{
	free(c);
}
