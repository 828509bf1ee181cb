/*
 * public.c — the backer-facing answers: the progress JSON for widgets, the
 * widget page for iframes, and the CORS preflight of the JSON.
 *
 * Every answer is built from one view model (a cJSON object, see
 * public_model_build()): the JSON endpoint prints it, the widget page
 * renders templates/widget.mustache over it plus a few layout fields.  No
 * text a backer reads is written here: words live in the templates, the
 * program only supplies numbers, flags and formatted amounts.
 *
 * Speed: a request costs at most one indexed lookup (db_pub_head_get), and
 * none while the worker's last lookup of that campaign is younger than
 * public_fresh_ms; the ETag and the cache key come from the campaign's id
 * and version and the "phase" (ended, countdown step), so a matching
 * If-None-Match is a 304 and an unchanged campaign is served from the
 * worker's struct sg_widget_cache.
 *
 * Secrecy: a milestone's after_text is only read from the database once it
 * is reached (sql_public.h), so it cannot leak into any answer, header or
 * cache entry before that.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "db/db.h"
#include "db/public.h"
#include "domain/money.h"
#include "domain/timefmt.h"
#include "domain/validate.h"
#include "handlers/handlers.h"
#include "handlers/public.h"
#include "handlers/routes_public.h"
#include "render/mustache.h"
#include "util/config.h"
#include "util/form.h"
#include "util/log.h"

/* Browsers and proxies may reuse an answer this long without asking. */
#define PUBLIC_CACHE_CONTROL	"public, max-age=5"
/* How long a browser may reuse the answer to a preflight (seconds). */
#define PUBLIC_PREFLIGHT_MAX_AGE	86400
/*
 * The widget page: no script at all, styles and images from known places,
 * and any store may frame it.
 */
#define PUBLIC_WIDGET_CSP \
	"default-src 'none'; style-src 'self'; img-src 'self' https: http:; " \
	"base-uri 'none'; form-action 'none'; frame-ancestors *"
/* The bar is drawn on a 0..PUBLIC_BAR_SCALE axis (an SVG viewBox). */
#define PUBLIC_BAR_SCALE	1000
#define PUBLIC_USEC_PER_HOUR	(INT64_C(3600) * SG_USEC_PER_SEC)
#define PUBLIC_USEC_PER_DAY	(INT64_C(24) * PUBLIC_USEC_PER_HOUR)

/* Whether the campaign is over and which countdown step a page shows. */
struct public_clock {
	int	 ended;
	int	 has_ends;	/* ends in the future */
	int64_t	 days;		/* whole days left */
	int64_t	 hours;		/* whole hours left */
	int	 in_days;	/* show "N days" (2 or more days left) */
	int	 in_hours;	/* show "N hours" (1 hour to 2 days left) */
	int	 soon;		/* under an hour left */
};

static sg_usec_t
public_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (sg_usec_t)ts.tv_sec * SG_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
public_clock_compute(const struct db_pub_head *h, sg_usec_t now,
    struct public_clock *k)
{
	sg_usec_t	 left;

	memset(k, 0, sizeof(*k));
	k->ended = h->status == DB_PUB_ENDED || (h->has_ends && h->ends_at <= now);
	if (k->ended || !h->has_ends)
		return;
	k->has_ends = 1;
	left = h->ends_at - now;
	k->days = left / PUBLIC_USEC_PER_DAY;
	k->hours = left / PUBLIC_USEC_PER_HOUR;
	k->in_days = k->days >= 2;
	k->in_hours = !k->in_days && k->hours >= 1;
	k->soon = k->hours < 1;
}

/*
 * The part of an answer's identity that time changes without a version
 * bump: the end of the campaign, and for the full page the countdown step.
 */
static int64_t
public_phase(const struct public_clock *k, enum widget_view view)
{
	if (k->ended)
		return -1;
	if (view != WIDGET_VIEW_FULL || !k->has_ends)
		return 0;
	if (k->in_days)
		return k->days;
	if (k->in_hours)
		return INT64_C(1000000) + k->hours;
	return INT64_C(2000000);
}

/*
 * The pages also depend on the templates: their ETag carries the
 * templates' tag, so a restyled widget reaches browsers that hold the old
 * page.  The JSON does not.
 */
static void
public_etag(char *dst, size_t size, const struct sg_app *app, int64_t id,
    int64_t version, int64_t phase, enum widget_view view)
{
	static const char	 letters[WIDGET_VIEW__MAX] = { 'j', 'f', 'c' };

	if (view == WIDGET_VIEW_JSON)
		snprintf(dst, size, "\"%" PRId64 "-%" PRId64 "-%c%" PRId64 "\"",
		    id, version, letters[view], phase);
	else
		snprintf(dst, size, "\"%" PRId64 "-%" PRId64 "-%c%" PRId64
		    "-t%08" PRIx32 "\"", id, version, letters[view], phase,
		    app->templates_tag);
}

/*
 * Does the If-None-Match header value list etag (weak comparison, as RFC
 * 9110 asks for If-None-Match), or is it "*"?
 */
static int
public_etag_matches(const char *inm, const char *etag)
{
	const char	*p = inm, *start;
	size_t		 elen = strlen(etag), n;

	if (p == NULL)
		return 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			return 0;
		if (*p == '*')
			return 1;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		start = p;
		if (*p == '"') {
			p++;
			while (*p != '\0' && *p != '"')
				p++;
			if (*p == '"')
				p++;
		} else
			while (*p != '\0' && *p != ',' && *p != ' ')
				p++;
		n = (size_t)(p - start);
		if (n == elen && memcmp(start, etag, n) == 0)
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
}

/* --- the view model ------------------------------------------------------ */

/* floor(v * scale / of) without overflow for v, of > 0; 0 for v <= 0. */
static int64_t
public_ratio(int64_t v, int64_t of, int64_t scale)
{
	int64_t	 q, r, out;

	if (v <= 0 || of <= 0)
		return 0;
	q = v / of;
	r = v % of;
	if (sg_money_mul(q, scale, &q) == -1)
		return INT64_MAX;
	if (sg_money_mul(r, scale, &r) == -1)
		out = q + (int64_t)((long double)r * (long double)scale / (long double)of);
	else
		out = q + r / of;
	return out;
}

/* Amount (money campaigns) or count (units) as a backer reads it. */
static void
public_amount_format(const struct db_pub_campaign *c, int64_t v, char *dst,
    size_t size)
{
	const struct sg_currency	*cur;
	struct sg_currency		 unknown;

	if (!c->money) {
		if (sg_units_format(dst, size, v) == -1)
			snprintf(dst, size, "%" PRId64, v);
		return;
	}
	if ((cur = sg_currency_lookup(c->currency)) == NULL) {
		unknown.code = c->currency;
		unknown.exponent = c->exponent;
		unknown.symbol = NULL;
		cur = &unknown;
	}
	if (sg_money_format(dst, size, v, cur) == -1)
		snprintf(dst, size, "%" PRId64, v);
}

static int
public_add_time(cJSON *o, const char *name, int has, sg_usec_t t)
{
	char	 buf[SG_TIME_FMT_MAX];

	if (!has || sg_time_format_rfc3339(t, buf, sizeof(buf)) == -1)
		return cJSON_AddNullToObject(o, name) == NULL ? -1 : 0;
	return cJSON_AddStringToObject(o, name, buf) == NULL ? -1 : 0;
}

static int
public_add_str(cJSON *o, const char *name, const char *s)
{
	if (s == NULL)
		return cJSON_AddNullToObject(o, name) == NULL ? -1 : 0;
	return cJSON_AddStringToObject(o, name, s) == NULL ? -1 : 0;
}

static int
public_add_num(cJSON *o, const char *name, int64_t v)
{
	return cJSON_AddNumberToObject(o, name, (double)v) == NULL ? -1 : 0;
}

static int
public_add_bool(cJSON *o, const char *name, int v)
{
	return cJSON_AddBoolToObject(o, name, v) == NULL ? -1 : 0;
}

static int64_t
public_progress(const struct db_pub_campaign *c)
{
	return c->money ? c->amount : c->units;
}

static cJSON *
public_milestone_build(const struct db_pub_campaign *c,
    const struct db_pub_milestone *m, int64_t progress)
{
	cJSON		*o, *d;
	char		 buf[SG_MONEY_FMT_MAX];
	int64_t		 remaining = 0;
	const char	*img = m->image_url;

	if (!m->reached && sg_money_sub(m->target, progress, &remaining) == -1)
		remaining = 0;
	if (remaining < 0)
		remaining = 0;
	/* A URL that is not http(s) or /media/ is never shown. */
	if (img != NULL && sg_image_url_check(img) != SG_VERR_OK)
		img = NULL;
	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (public_add_num(o, "id", m->id) == -1 ||
	    public_add_num(o, "target", m->target) == -1 ||
	    public_add_str(o, "title", m->title) == -1 ||
	    public_add_str(o, "image_url", img) == -1 ||
	    public_add_bool(o, "reached", m->reached) == -1 ||
	    public_add_time(o, "reached_at", m->reached, m->reached_at) == -1 ||
	    public_add_str(o, "text", m->text) == -1 ||
	    public_add_str(o, "reward", m->gift ? "gift" : "reveal") == -1 ||
	    public_add_str(o, "gift_title", m->gift ? m->gift_title : NULL) == -1 ||
	    (m->gift ? public_add_num(o, "gift_quantity", m->gift_quantity) :
	    public_add_str(o, "gift_quantity", NULL)) == -1 ||
	    public_add_str(o, "scope", m->scope_new ? "new" : "all") == -1 ||
	    public_add_num(o, "remaining", remaining) == -1 ||
	    (d = cJSON_AddObjectToObject(o, "display")) == NULL)
		goto fail;
	public_amount_format(c, m->target, buf, sizeof(buf));
	if (public_add_str(d, "target", buf) == -1)
		goto fail;
	public_amount_format(c, remaining, buf, sizeof(buf));
	if (public_add_str(d, "remaining", buf) == -1)
		goto fail;
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

/*
 * The progress JSON of SPEC "Public": every field a widget needs, texts
 * per reveal rule 3, amounts also as display strings.  NULL when out of
 * memory.  The caller owns the result.
 */
static cJSON *
public_model_build(const struct db_pub_campaign *c, const struct public_clock *k)
{
	cJSON		*o, *d, *arr, *m;
	char		 buf[SG_MONEY_FMT_MAX];
	int64_t		 progress = public_progress(c), remaining, percent;
	size_t		 i;

	if (sg_money_sub(c->goal, progress, &remaining) == -1 || remaining < 0)
		remaining = 0;
	percent = public_ratio(progress, c->goal, 100);
	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (public_add_str(o, "store", c->store) == -1 ||
	    public_add_str(o, "campaign", c->slug) == -1 ||
	    public_add_str(o, "title", c->title) == -1 ||
	    public_add_str(o, "status", c->head.status == DB_PUB_ENDED ?
	    "ended" : "live") == -1 ||
	    public_add_str(o, "goal_kind", c->money ? "money" : "units") == -1 ||
	    public_add_str(o, "currency", c->currency) == -1 ||
	    public_add_num(o, "currency_exponent", c->exponent) == -1 ||
	    public_add_num(o, "goal", c->goal) == -1 ||
	    public_add_num(o, "progress", progress) == -1 ||
	    public_add_num(o, "remaining", remaining) == -1 ||
	    public_add_num(o, "percent", percent) == -1 ||
	    public_add_num(o, "backers", c->backers) == -1 ||
	    public_add_time(o, "starts_at", c->has_starts, c->starts_at) == -1 ||
	    public_add_time(o, "ends_at", c->head.has_ends, c->head.ends_at) == -1 ||
	    public_add_bool(o, "ended", k->ended) == -1 ||
	    public_add_num(o, "version", c->head.version) == -1 ||
	    (d = cJSON_AddObjectToObject(o, "display")) == NULL)
		goto fail;
	public_amount_format(c, c->goal, buf, sizeof(buf));
	if (public_add_str(d, "goal", buf) == -1)
		goto fail;
	public_amount_format(c, progress, buf, sizeof(buf));
	if (public_add_str(d, "progress", buf) == -1)
		goto fail;
	public_amount_format(c, remaining, buf, sizeof(buf));
	if (public_add_str(d, "remaining", buf) == -1)
		goto fail;
	if (sg_units_format(buf, sizeof(buf) - 1, percent) == -1)
		goto fail;
	strcat(buf, "%");
	if (public_add_str(d, "percent", buf) == -1)
		goto fail;
	sg_units_format(buf, sizeof(buf), c->backers);
	if (public_add_str(d, "backers", buf) == -1)
		goto fail;
	if ((arr = cJSON_AddArrayToObject(o, "milestones")) == NULL)
		goto fail;
	for (i = 0; i < c->nms; i++) {
		if ((m = public_milestone_build(c, &c->ms[i], progress)) == NULL)
			goto fail;
		cJSON_AddItemToArray(arr, m);
	}
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

/*
 * What only the widget page needs on top of the model: which view, the
 * bar's geometry (0 to max(goal, highest target), a marker per milestone),
 * the next milestone and the countdown.  -1 when out of memory.
 */
static int
public_model_decorate(cJSON *o, const struct db_pub_campaign *c,
    const struct public_clock *k, enum widget_view view)
{
	cJSON		*bar, *arr, *m, *ends, *next;
	int64_t		 progress = public_progress(c), scale = c->goal;
	size_t		 i;
	int		 any_open = 0;

	for (i = 0; i < c->nms; i++)
		if (c->ms[i].target > scale)
			scale = c->ms[i].target;
	if (public_add_bool(o, "view_full", view == WIDGET_VIEW_FULL) == -1 ||
	    public_add_bool(o, "view_compact", view == WIDGET_VIEW_COMPACT) == -1 ||
	    public_add_bool(o, "backers_one", c->backers == 1) == -1 ||
	    public_add_bool(o, "goal_reached", progress >= c->goal) == -1 ||
	    public_add_bool(o, "overfunded", progress > c->goal) == -1 ||
	    public_add_bool(o, "money", c->money) == -1 ||
	    public_add_bool(o, "has_milestones", c->nms > 0) == -1 ||
	    (bar = cJSON_AddObjectToObject(o, "bar")) == NULL)
		return -1;
	if (public_add_num(bar, "max", PUBLIC_BAR_SCALE) == -1 ||
	    public_add_num(bar, "fill", progress >= scale ? PUBLIC_BAR_SCALE :
	    public_ratio(progress, scale, PUBLIC_BAR_SCALE)) == -1 ||
	    public_add_num(bar, "goal", public_ratio(c->goal, scale,
	    PUBLIC_BAR_SCALE)) == -1 ||
	    public_add_bool(bar, "goal_inside", c->goal < scale) == -1 ||
	    public_add_num(bar, "now", progress < 0 ? 0 : progress > scale ?
	    scale : progress) == -1 ||
	    public_add_num(bar, "scale", scale) == -1)
		return -1;
	arr = cJSON_GetObjectItemCaseSensitive(o, "milestones");
	for (i = 0, m = arr == NULL ? NULL : arr->child; m != NULL && i < c->nms;
	    i++, m = m->next) {
		if (public_add_num(m, "pos", public_ratio(c->ms[i].target, scale,
		    PUBLIC_BAR_SCALE)) == -1 ||
		    public_add_bool(m, "is_gift", c->ms[i].gift) == -1 ||
		    public_add_bool(m, "scope_new", c->ms[i].scope_new) == -1 ||
		    public_add_bool(m, "quantity_many", c->ms[i].gift &&
		    c->ms[i].gift_quantity > 1) == -1)
			return -1;
		if (!c->ms[i].reached && !any_open) {
			any_open = 1;
			if ((next = cJSON_Duplicate(m, 1)) == NULL)
				return -1;
			cJSON_AddItemToObject(o, "next", next);
		}
	}
	if (public_add_bool(o, "all_reached", c->nms > 0 && !any_open) == -1)
		return -1;
	if (k->has_ends) {
		if ((ends = cJSON_AddObjectToObject(o, "ends")) == NULL ||
		    public_add_bool(ends, "in_days", k->in_days) == -1 ||
		    public_add_bool(ends, "in_hours", k->in_hours) == -1 ||
		    public_add_bool(ends, "soon", k->soon) == -1 ||
		    public_add_num(ends, "days", k->days) == -1 ||
		    public_add_num(ends, "hours", k->hours) == -1 ||
		    public_add_bool(ends, "hours_one", k->hours == 1) == -1)
			return -1;
	}
	return 0;
}

/* --- answers ---------------------------------------------------------- */

static void
public_headers(struct sg_resp *resp, enum widget_view view, const char *etag)
{
	if (view == WIDGET_VIEW_JSON) {
		sg_resp_header(resp, "Access-Control-Allow-Origin", "*");
		sg_resp_header(resp, "Access-Control-Expose-Headers", "ETag");
	} else
		sg_resp_header(resp, "Content-Security-Policy", "%s",
		    PUBLIC_WIDGET_CSP);
	sg_resp_header(resp, "Cache-Control", PUBLIC_CACHE_CONTROL);
	if (etag != NULL)
		sg_resp_header(resp, "ETag", "%s", etag);
}

static int
public_body(struct sg_resp *resp, enum widget_view view, const char *body,
    size_t len)
{
	resp->status = 200;
	sg_buf_reset(&resp->body);
	if (sg_buf_add(&resp->body, body, len) != SG_BUF_OK)
		return -1;
	return sg_resp_header(resp, "Content-Type", "%s",
	    view == WIDGET_VIEW_JSON ? "application/json" :
	    "text/html; charset=utf-8");
}

/* 404 for an unknown or draft campaign, in the view's own language. */
static int
public_not_found(struct sg_app *app, struct sg_resp *resp, enum widget_view view)
{
	struct mst_error	 err;

	public_headers(resp, view, NULL);
	if (view != WIDGET_VIEW_JSON &&
	    mst_set_get(app->templates, "widget-missing") != NULL) {
		resp->status = 404;
		if (mst_set_render(app->templates, "widget-missing", NULL,
		    &resp->body, &err) == MST_OK) {
			sg_resp_header(resp, "Content-Type", "text/html; charset=utf-8");
			return SG_H_OK;
		}
		sg_error("widget-missing: %s", err.message);
		sg_buf_reset(&resp->body);
	}
	sg_resp_error(resp, 404, "not_found", "no such campaign", NULL);
	return SG_H_OK;
}

/* Print or render the model for view onto resp->body.  -1 on failure. */
static int
public_render(struct sg_app *app, const struct db_pub_campaign *c,
    const struct public_clock *k, enum widget_view view, struct sg_resp *resp)
{
	struct mst_error	 err;
	cJSON			*model;
	char			*text;
	int			 rc = -1;

	if ((model = public_model_build(c, k)) == NULL)
		return -1;
	sg_buf_reset(&resp->body);
	if (view == WIDGET_VIEW_JSON) {
		if ((text = cJSON_PrintUnformatted(model)) != NULL) {
			rc = sg_buf_adds(&resp->body, text) == SG_BUF_OK ? 0 : -1;
			free(text);
		}
	} else if (public_model_decorate(model, c, k, view) == 0) {
		if ((rc = mst_set_render(app->templates, "widget", model,
		    &resp->body, &err)) != MST_OK) {
			sg_error("template widget: %s", err.message);
			rc = -1;
		}
	}
	cJSON_Delete(model);
	return rc;
}

/*
 * The shared body of both GET handlers: look the campaign up, answer 304
 * when the client has this version, serve from the cache when the worker
 * has it, else load, render and keep.
 */
static int
public_answer(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp, enum widget_view view)
{
	struct db_pub_head	 head;
	struct db_pub_campaign	 c;
	struct public_clock	 k;
	const struct widget_entry *e;
	char			 etag[WIDGET_ETAG_MAX];
	int64_t			 phase;
	sg_usec_t		 now;
	int			 rc;

	if (req->nargs != 2 || sg_slug_check(req->args[0]) != SG_VERR_OK ||
	    sg_slug_check(req->args[1]) != SG_VERR_OK)
		return public_not_found(app, resp, view);
	if (app->widget_cache == NULL)
		app->widget_cache = widget_cache_new();	/* NULL: no caching */
	now = public_now();
	/* A lookup this worker made less than public_fresh_ms ago stands. */
	if (widget_head_get(app->widget_cache, req->args[0], req->args[1], now,
	    (sg_usec_t)app->cfg->public_fresh_ms * 1000, &head))
		rc = 1;
	else {
		if ((rc = db_pub_head_get(app->db, req->args[0], req->args[1],
		    &head)) < 0)
			return sg_h_db_error(resp, rc);
		if (rc > 0)
			widget_head_put(app->widget_cache, req->args[0],
			    req->args[1], now, &head);
	}
	if (rc == 0 || head.status == DB_PUB_DRAFT)
		return public_not_found(app, resp, view);
	public_clock_compute(&head, now, &k);
	phase = public_phase(&k, view);
	public_etag(etag, sizeof(etag), app, head.id, head.version, phase, view);
	if (public_etag_matches(req->if_none_match, etag)) {
		resp->status = 304;
		public_headers(resp, view, etag);
		return SG_H_OK;
	}
	e = widget_cache_get(app->widget_cache, head.id, view, head.version, phase);
	if (e != NULL) {
		public_headers(resp, view, e->etag);
		if (public_body(resp, view, e->body, e->len) == -1)
			sg_h_internal(resp);
		return SG_H_OK;
	}

	if ((rc = db_pub_campaign_load(app->db, head.id, &c)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == 0 || c.head.status == DB_PUB_DRAFT) {
		db_pub_campaign_free(&c);
		return public_not_found(app, resp, view);
	}
	/* The campaign may have moved on since the lookup: use what was read. */
	public_clock_compute(&c.head, public_now(), &k);
	phase = public_phase(&k, view);
	public_etag(etag, sizeof(etag), app, c.head.id, c.head.version, phase,
	    view);
	if (public_render(app, &c, &k, view, resp) == -1) {
		sg_error("public %s/%s: could not build the answer", c.store, c.slug);
		db_pub_campaign_free(&c);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	(void)widget_cache_put(app->widget_cache, c.head.id, view, c.head.version,
	    phase, etag, resp->body.data == NULL ? "" : resp->body.data,
	    resp->body.len);
	db_pub_campaign_free(&c);
	resp->status = 200;
	public_headers(resp, view, etag);
	sg_resp_header(resp, "Content-Type", "%s", view == WIDGET_VIEW_JSON ?
	    "application/json" : "text/html; charset=utf-8");
	return SG_H_OK;
}

int
h_public_progress(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	return public_answer(app, req, resp, WIDGET_VIEW_JSON);
}

int
h_public_preflight(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	(void)app;
	(void)req;
	resp->status = 204;
	sg_resp_header(resp, "Access-Control-Allow-Origin", "*");
	sg_resp_header(resp, "Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
	sg_resp_header(resp, "Access-Control-Allow-Headers", "If-None-Match");
	sg_resp_header(resp, "Access-Control-Max-Age", "%d",
	    PUBLIC_PREFLIGHT_MAX_AGE);
	return SG_H_OK;
}

int
h_public_widget(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct sg_form	 q;
	const char	*v;
	enum widget_view view = WIDGET_VIEW_FULL;

	sg_form_init(&q);
	if (sg_form_parse(&q, req->query, strlen(req->query)) != SG_FORM_OK) {
		sg_resp_error(resp, 400, "bad_request", "the query string is malformed",
		    NULL);
		return SG_H_OK;
	}
	if ((v = sg_form_get(&q, "view")) != NULL) {
		if (strcmp(v, "compact") == 0)
			view = WIDGET_VIEW_COMPACT;
		else if (strcmp(v, "full") != 0) {
			sg_form_free(&q);
			sg_resp_error(resp, 400, "invalid",
			    "view must be \"full\" or \"compact\"", "view");
			return SG_H_OK;
		}
	}
	sg_form_free(&q);
	return public_answer(app, req, resp, view);
}
