/*
 * public.h — the public (backer-facing) module's per-worker state.
 *
 * struct sg_widget_cache keeps the rendered bytes of each public answer
 * (the progress JSON, the full and the compact widget page) per campaign,
 * keyed by what makes them differ: the campaign's version (bumped by every
 * writer on anything a backer sees), a "phase" (whether the campaign has
 * started or ended, and the countdown step shown) and a "look": the
 * language of the answer (the index of its catalogue, render/i18n.h, in
 * bits 32 and up, for every view) and for the pages the look an embed
 * asked for (theme, accent colour in the low bits).  An unchanged campaign then
 * costs one indexed lookup (db_pub_head_get) and a copy of bytes.
 *
 * It is created on first use by the public handlers and hung on struct
 * sg_app; each worker process has its own (nothing is shared, so nothing
 * is locked).  widget_cache_free() releases it (NULL ok).
 *
 * Bounds: WIDGET_CACHE_SLOTS entries (one per campaign and view, hashed;
 * a collision replaces the older entry) holding at most
 * WIDGET_CACHE_BYTES_MAX bytes of bodies in all; a body larger than
 * WIDGET_CACHE_ENTRY_MAX is served but not kept.
 *
 * It also remembers, per (store handle, campaign slug), the campaign lookup
 * (id, version, status, end) and when it was made: for public_fresh_ms
 * (configuration) a worker answers from that without asking the database,
 * so a change shows on the public pages within that time.  Bounds:
 * WIDGET_HEAD_SLOTS lookups, hashed; a collision replaces the older one.
 *
 * Ownership: widget_cache_get() returns an entry owned by the cache, valid
 * until the next widget_cache_put() or widget_cache_free().  put copies.
 */
#ifndef SG_HANDLERS_PUBLIC_H
#define SG_HANDLERS_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "db/public.h"

#define WIDGET_CACHE_SLOTS	1024
#define WIDGET_CACHE_BYTES_MAX	(32u * 1024u * 1024u)
#define WIDGET_CACHE_ENTRY_MAX	(1024u * 1024u)
/* Longest ETag the public handlers make, quotes and NUL included. */
#define WIDGET_ETAG_MAX		160

/* The kinds of answer cached for one campaign. */
enum widget_view {
	WIDGET_VIEW_JSON,
	WIDGET_VIEW_FULL,
	WIDGET_VIEW_COMPACT,
	WIDGET_VIEW__MAX
};

struct widget_entry {
	int64_t		 campaign_id;	/* 0: empty slot */
	enum widget_view view;
	int64_t		 look;
	int64_t		 version;
	int64_t		 phase;
	char		 etag[WIDGET_ETAG_MAX];
	char		*body;
	size_t		 len;
};

struct sg_widget_cache;

struct sg_widget_cache	*widget_cache_new(void);
void			 widget_cache_free(struct sg_widget_cache *);
/* The entry for exactly (campaign, view, look, version, phase), or NULL. */
const struct widget_entry *widget_cache_get(struct sg_widget_cache *,
			    int64_t campaign_id, enum widget_view view,
			    int64_t look, int64_t version, int64_t phase);
/*
 * Keep a copy of body under that key, replacing what the slot held.
 * Returns 0, or -1 when it was not kept (too large, no memory): the cache
 * stays consistent either way.
 */
int			 widget_cache_put(struct sg_widget_cache *,
			    int64_t campaign_id, enum widget_view view,
			    int64_t look, int64_t version, int64_t phase,
			    const char *etag,
			    const char *body, size_t len);
#define WIDGET_HEAD_SLOTS	1024

/*
 * The lookup of (handle, slug) made at most max_age microseconds before
 * now, into *head: 1 when there is one, 0 when not (ask the database).
 */
int			 widget_head_get(struct sg_widget_cache *,
			    const char *handle, const char *slug, sg_usec_t now,
			    sg_usec_t max_age, struct db_pub_head *head);
/* Remember a lookup made at now. */
void			 widget_head_put(struct sg_widget_cache *,
			    const char *handle, const char *slug, sg_usec_t now,
			    const struct db_pub_head *head);
/*
 * The widget page (full, or compact when compact) of a campaign the
 * caller built, as the public page renders it, with a copy of the object
 * preview as the model's "preview" (the creator's preview and its links,
 * handlers/admin_dashboard.c; the template then shows a banner and loads
 * no script) onto out, in the campaign's look and its store's language.
 * The caller sends it with its own headers, allowing the page's one
 * inline style: its CSP source goes into style_src ("" when the look has
 * none).  0, or -1 on failure (logged).
 */
struct sg_app;
struct sg_buf;
struct cJSON;
int			 public_preview_render(struct sg_app *,
			    const struct db_pub_campaign *, int compact,
			    const struct cJSON *preview, struct sg_buf *out,
			    char *style_src, size_t style_size);
/* Bytes of public_preview_render()'s style_src ("'sha256-<base64>'"). */
#define PUBLIC_STYLE_SRC_MAX	64
/* Counters for tests and logs. */
size_t			 widget_cache_bytes(const struct sg_widget_cache *);

#endif
