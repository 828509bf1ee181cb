/*
 * public.h — the public (backer-facing) module's per-worker state.
 *
 * struct sg_widget_cache is created on first use by the public handlers and
 * hung on struct sg_app; widget_cache_free() releases it (NULL ok).
 */
#ifndef SG_HANDLERS_PUBLIC_H
#define SG_HANDLERS_PUBLIC_H

struct sg_widget_cache;

void	widget_cache_free(struct sg_widget_cache *);

#endif
