/* widget_cache.c — the rendered-widget cache; see public.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/public.h"

/* A remembered campaign lookup; handle and slug are at most 64 bytes. */
struct widget_head {
	char			 handle[65];
	char			 slug[65];
	sg_usec_t		 at;		/* 0: empty slot */
	struct db_pub_head	 head;
};

struct sg_widget_cache {
	struct widget_entry	 slots[WIDGET_CACHE_SLOTS];
	size_t			 bytes;		/* sum of every body's len */
	struct widget_head	 heads[WIDGET_HEAD_SLOTS];
};

struct sg_widget_cache *
widget_cache_new(void)
{
	return calloc(1, sizeof(struct sg_widget_cache));
}

static void
entry_clear(struct sg_widget_cache *c, struct widget_entry *e)
{
	c->bytes -= e->len;
	free(e->body);
	memset(e, 0, sizeof(*e));
}

void
widget_cache_free(struct sg_widget_cache *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < WIDGET_CACHE_SLOTS; i++)
		free(c->slots[i].body);
	free(c);
}

static struct widget_entry *
cache_slot(struct sg_widget_cache *c, int64_t campaign_id, enum widget_view view,
    int64_t look)
{
	uint64_t	 h;

	/* Fibonacci hashing of (id, view, look): neighbouring ids spread out. */
	h = ((uint64_t)campaign_id * WIDGET_VIEW__MAX + (uint64_t)view +
	    (uint64_t)look * UINT64_C(0x9e3779b97f4a7c15)) *
	    UINT64_C(11400714819323198485);
	return &c->slots[(h >> 32) % WIDGET_CACHE_SLOTS];
}

const struct widget_entry *
widget_cache_get(struct sg_widget_cache *c, int64_t campaign_id,
    enum widget_view view, int64_t look, int64_t version, int64_t phase)
{
	struct widget_entry	*e;

	if (c == NULL)
		return NULL;
	e = cache_slot(c, campaign_id, view, look);
	if (e->campaign_id != campaign_id || e->view != view || e->look != look ||
	    e->version != version || e->phase != phase || e->body == NULL)
		return NULL;
	return e;
}

int
widget_cache_put(struct sg_widget_cache *c, int64_t campaign_id,
    enum widget_view view, int64_t look, int64_t version, int64_t phase,
    const char *etag, const char *body, size_t len)
{
	struct widget_entry	*e;
	char			*copy;

	if (c == NULL || campaign_id == 0 || len > WIDGET_CACHE_ENTRY_MAX ||
	    strlen(etag) >= WIDGET_ETAG_MAX)
		return -1;
	e = cache_slot(c, campaign_id, view, look);
	entry_clear(c, e);
	if (c->bytes + len > WIDGET_CACHE_BYTES_MAX)
		return -1;
	if ((copy = malloc(len + 1)) == NULL)
		return -1;
	memcpy(copy, body, len);
	copy[len] = '\0';
	e->campaign_id = campaign_id;
	e->view = view;
	e->look = look;
	e->version = version;
	e->phase = phase;
	snprintf(e->etag, sizeof(e->etag), "%s", etag);
	e->body = copy;
	e->len = len;
	c->bytes += len;
	return 0;
}

size_t
widget_cache_bytes(const struct sg_widget_cache *c)
{
	return c == NULL ? 0 : c->bytes;
}

/* FNV-1a over handle, a separator and slug. */
static struct widget_head *
head_slot(struct sg_widget_cache *c, const char *handle, const char *slug)
{
	uint64_t	 h = UINT64_C(14695981039346656037);
	const char	*p;

	for (p = handle; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * UINT64_C(1099511628211);
	h = (h ^ '/') * UINT64_C(1099511628211);
	for (p = slug; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * UINT64_C(1099511628211);
	return &c->heads[h % WIDGET_HEAD_SLOTS];
}

int
widget_head_get(struct sg_widget_cache *c, const char *handle, const char *slug,
    sg_usec_t now, sg_usec_t max_age, struct db_pub_head *head)
{
	struct widget_head	*e;

	if (c == NULL || max_age <= 0)
		return 0;
	e = head_slot(c, handle, slug);
	if (e->at == 0 || now < e->at || now - e->at >= max_age ||
	    strcmp(e->handle, handle) != 0 || strcmp(e->slug, slug) != 0)
		return 0;
	*head = e->head;
	return 1;
}

void
widget_head_put(struct sg_widget_cache *c, const char *handle, const char *slug,
    sg_usec_t now, const struct db_pub_head *head)
{
	struct widget_head	*e;

	if (c == NULL || strlen(handle) >= sizeof(e->handle) ||
	    strlen(slug) >= sizeof(e->slug))
		return;
	e = head_slot(c, handle, slug);
	snprintf(e->handle, sizeof(e->handle), "%s", handle);
	snprintf(e->slug, sizeof(e->slug), "%s", slug);
	e->at = now;
	e->head = *head;
}
