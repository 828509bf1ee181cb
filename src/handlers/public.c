/*
 * public.c — the backer-facing answers: the progress JSON for widgets, the
 * widget page for iframes (themed per embed), the oEmbed answer for it,
 * and the CORS preflight of the JSON.
 *
 * Every answer is built from one view model (a cJSON object, see
 * public_model_build()): the JSON endpoint prints it, the widget page
 * renders templates/widget.mustache over it plus a few layout fields.  No
 * text a backer reads is written here: words come from the language
 * catalogue of the answer (templates/i18n/, render/i18n.h: the store's
 * locale or lang=), layout from the templates; the program fills in the
 * numbers and formats amounts, counts and dates by the catalogue.
 *
 * Speed: a request costs at most one indexed lookup (db_pub_head_get), and
 * none while the worker's last lookup of that campaign is younger than
 * public_fresh_ms; the ETag and the cache key come from the campaign's id
 * and version, the "phase" (started, ended, countdown step), the language
 * and for the pages the look (theme, accent), so a matching
 * If-None-Match is a 304 and an unchanged campaign is served from the
 * worker's struct sg_widget_cache.
 *
 * Secrecy: a milestone's after_text, a secret milestone's title, texts and
 * gift, and a photo that is not a teaser are only read from the database
 * once it is reached (db/public.h, sql_public.h), so they cannot leak into
 * any answer, header or cache entry before that; this file renders the
 * projection as it comes.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>
#include <sodium.h>

#include "db/db.h"
#include "db/public.h"
#include "domain/money.h"
#include "domain/order.h"
#include "domain/timefmt.h"
#include "domain/validate.h"
#include "handlers/handlers.h"
#include "handlers/public.h"
#include "handlers/routes_public.h"
#include "render/i18n.h"
#include "render/mustache.h"
#include "util/config.h"
#include "util/form.h"
#include "util/json.h"
#include "util/log.h"

/* Browsers and proxies may reuse an answer this long without asking. */
#define PUBLIC_CACHE_CONTROL	"public, max-age=5"
/* How long a browser may reuse the answer to a preflight (seconds). */
#define PUBLIC_PREFLIGHT_MAX_AGE	86400
/*
 * The widget pages: only the service's own script (static/stretchgoal.js,
 * which updates the page in place and reports its height; no inline
 * script), the JSON from the service, styles and images from known places
 * (with an accent, also the hash of its one inline style: public_csp()),
 * and any store may frame them.
 */
#define PUBLIC_WIDGET_CSP_HEAD \
	"default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'"
#define PUBLIC_WIDGET_CSP_TAIL \
	"img-src 'self' https: http:; base-uri 'none'; form-action 'none'; " \
	"frame-ancestors *"
#define PUBLIC_WIDGET_CSP	PUBLIC_WIDGET_CSP_HEAD "; " PUBLIC_WIDGET_CSP_TAIL
/* The bar is drawn on a 0..PUBLIC_BAR_SCALE axis (an SVG viewBox). */
#define PUBLIC_BAR_SCALE	1000
/* public_look_css(): ":root{" accent, on-accent, radius "}" */
#define PUBLIC_LOOK_CSS_MAX	128
#define PUBLIC_USEC_PER_HOUR	(INT64_C(3600) * SG_USEC_PER_SEC)
#define PUBLIC_USEC_PER_DAY	(INT64_C(24) * PUBLIC_USEC_PER_HOUR)
/* A formatted amount, and one sentence of a catalogue with its values. */
#define PUBLIC_AMOUNT_MAX	128
#define PUBLIC_SAY_MAX		4096

/* A countdown as a page shows it: "N days", "N hours" or "under an hour". */
struct public_countdown {
	int64_t	 days;		/* whole days left */
	int64_t	 hours;		/* whole hours left */
	int	 in_days;	/* show "N days" (2 or more days left) */
	int	 in_hours;	/* show "N hours" (1 hour to 2 days left) */
	int	 soon;		/* under an hour left */
};

/*
 * Where the campaign stands in time: over, not begun, or running (with
 * the countdown to its end when it has one).
 */
struct public_clock {
	int			 ended;
	int			 ended_by_time;	/* ends_at has passed */
	int			 upcoming;	/* starts_at in the future */
	int			 has_ends;	/* running and ends in the future */
	struct public_countdown	 ends;
	struct public_countdown	 starts;	/* when upcoming */
};

static sg_usec_t
public_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (sg_usec_t)ts.tv_sec * SG_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
public_countdown(sg_usec_t left, struct public_countdown *cd)
{
	cd->days = left / PUBLIC_USEC_PER_DAY;
	cd->hours = left / PUBLIC_USEC_PER_HOUR;
	cd->in_days = cd->days >= 2;
	cd->in_hours = !cd->in_days && cd->hours >= 1;
	cd->soon = cd->hours < 1;
}

static void
public_clock_compute(const struct db_pub_head *h, sg_usec_t now,
    struct public_clock *k)
{
	memset(k, 0, sizeof(*k));
	k->ended_by_time = h->has_ends && h->ends_at <= now;
	k->ended = h->status == DB_PUB_ENDED || k->ended_by_time;
	if (k->ended)
		return;
	if (h->has_starts && h->starts_at > now) {
		k->upcoming = 1;
		public_countdown(h->starts_at - now, &k->starts);
	}
	if (!h->has_ends)
		return;
	k->has_ends = 1;
	public_countdown(h->ends_at - now, &k->ends);
}

/* The countdown step a page shows: changes without a version bump. */
static int64_t
public_step(const struct public_countdown *cd)
{
	if (cd->in_days)
		return cd->days;
	if (cd->in_hours)
		return INT64_C(1000000) + cd->hours;
	return INT64_C(2000000);
}

/*
 * The part of an answer's identity that time changes without a version
 * bump: the end of the campaign, its start, and for the pages the
 * countdown step (to the start on both views, to the end on the full one).
 */
static int64_t
public_phase(const struct public_clock *k, enum widget_view view)
{
	if (k->ended)
		return -1;
	if (k->upcoming)
		return view == WIDGET_VIEW_JSON ? -2 : -3 - public_step(&k->starts);
	if (view != WIDGET_VIEW_FULL || !k->has_ends)
		return 0;
	return public_step(&k->ends);
}

/*
 * How an embed asked the page to look (theme=, accent=): part of the
 * page's identity, so of its ETag and its cache key.  The JSON has none.
 */
struct public_look {
	enum { PUBLIC_THEME_AUTO, PUBLIC_THEME_LIGHT, PUBLIC_THEME_DARK } theme;
	int		 has_accent;
	uint32_t	 accent;		/* 0xrrggbb */
	int		 has_radius;
	int		 radius;		/* px, 0..SG_RADIUS_MAX */
	/*
	 * What the embed asked for itself (PUBLIC_ASK_*): the rest comes from
	 * the campaign's default look (public_look_merge()), and only what
	 * was asked goes into the page's own URL.  def_theme: the campaign's.
	 */
	unsigned	 asked;
	int		 def_theme;
	/*
	 * lang= as asked when it looks like a language tag (else ""): only
	 * compared with the loaded catalogues' tags (public_lang()).
	 */
	char		 lang[SG_I18N_TAG_MAX];
};

/*
 * The language of an answer: lang= when a catalogue of that tag is
 * loaded, else the store's locale, else English (render/i18n.h).  Never
 * an error: an unknown or hostile lang= is the store's default.  The
 * catalogue's index enters the cache key, its tag and hash the ETag.
 */
struct public_lang {
	const struct sg_i18n_cat	*cat;
	size_t				 idx;
	int				 asked;	/* lang= named a loaded catalogue */
};

/* 0, or -1 when the program has no catalogues (logged). */
static int
public_lang(const struct sg_app *app, const char *want, const char *locale,
    struct public_lang *l)
{
	const struct sg_i18n	*set = mst_set_i18n(app->templates);

	memset(l, 0, sizeof(*l));
	if (sg_i18n_count(set) == 0) {
		sg_error("public: no language catalogues loaded");
		return -1;
	}
	l->asked = want != NULL && *want != '\0' && sg_i18n_find(set, want) != -1;
	l->idx = sg_i18n_resolve(set, want, locale);
	l->cat = sg_i18n_at(set, l->idx);
	return 0;
}

/* The language as part of a cache key: above the look's bits. */
static int64_t
public_lang_key(const struct public_lang *l)
{
	return (int64_t)(l->idx + 1) << 32;
}

#define PUBLIC_ASK_THEME	0x1
#define PUBLIC_ASK_ACCENT	0x2
#define PUBLIC_ASK_RADIUS	0x4

/*
 * The look a page is drawn with: what the embed asked for, else the
 * campaign's default (sql/026).  The key below is of this merged look,
 * and the campaign's version moves with its look, so both the ETag and
 * the cache key move when the creator changes it.
 */
static void
public_look_merge(struct public_look *l, const struct db_pub_look *def)
{
	l->def_theme = def->theme;
	if (!(l->asked & PUBLIC_ASK_THEME))
		l->theme = def->theme == SG_THEME_LIGHT ? PUBLIC_THEME_LIGHT :
		    def->theme == SG_THEME_DARK ? PUBLIC_THEME_DARK :
		    PUBLIC_THEME_AUTO;
	if (!(l->asked & PUBLIC_ASK_ACCENT)) {
		l->has_accent = def->has_accent;
		l->accent = def->accent;
	}
	if (!(l->asked & PUBLIC_ASK_RADIUS)) {
		l->has_radius = def->has_radius;
		l->radius = def->radius;
	}
}

/*
 * The look as one number: 0 for the default look (auto, no accent, no
 * radius).  Bits 0-1 theme, 2 accent, 3-26 the colour, 27-31 radius + 1.
 */
static int64_t
public_look_key(const struct public_look *l)
{
	return (int64_t)l->theme | (int64_t)(l->has_accent ? 4 : 0) |
	    ((int64_t)(l->accent & 0xffffff) << 3) |
	    ((int64_t)(l->has_radius ? l->radius + 1 : 0) << 27);
}

/*
 * The pages also depend on the templates: their ETag carries the
 * templates' tag, so a restyled widget reaches browsers that hold the old
 * page, and the look an embed asked for.  The JSON does not.  Every
 * answer carries its language and its catalogue's hash (an edited
 * catalogue is new words).
 */
static void
public_etag(char *dst, size_t size, const struct sg_app *app, int64_t id,
    int64_t version, int64_t phase, enum widget_view view, int64_t look,
    const struct sg_i18n_cat *cat)
{
	static const char	 letters[WIDGET_VIEW__MAX] = { 'j', 'f', 'c' };

	/* Every answer names its language and the catalogue's hash. */
	if (view == WIDGET_VIEW_JSON)
		snprintf(dst, size, "\"%" PRId64 "-%" PRId64 "-%c%" PRId64
		    "-L%s%08" PRIx32 "\"", id, version, letters[view], phase,
		    sg_i18n_tag(cat), sg_i18n_hash(cat));
	else if (look == 0)
		snprintf(dst, size, "\"%" PRId64 "-%" PRId64 "-%c%" PRId64
		    "-t%08" PRIx32 "-L%s%08" PRIx32 "\"", id, version,
		    letters[view], phase, app->templates_tag, sg_i18n_tag(cat),
		    sg_i18n_hash(cat));
	else
		snprintf(dst, size, "\"%" PRId64 "-%" PRId64 "-%c%" PRId64
		    "-t%08" PRIx32 "-l%" PRIx64 "-L%s%08" PRIx32 "\"", id,
		    version, letters[view], phase, app->templates_tag,
		    (uint64_t)look, sg_i18n_tag(cat), sg_i18n_hash(cat));
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

/*
 * Amount (money campaigns) or count (units) as a backer reads it in the
 * catalogue's language: the currency's exponent and symbol from
 * domain/money.c (the store's exponent for a code it does not list), the
 * separators and the symbol's place from the catalogue.
 */
static void
public_amount_format(const struct db_pub_campaign *c,
    const struct sg_i18n_cat *cat, int64_t v, char *dst, size_t size)
{
	const struct sg_currency	*cur;

	if (!c->money) {
		if (sg_i18n_number(cat, v, dst, size) == -1)
			snprintf(dst, size, "%" PRId64, v);
		return;
	}
	cur = sg_currency_lookup(c->currency);
	if (sg_i18n_money(cat, v, cur != NULL ? cur->exponent : c->exponent,
	    c->currency, cur != NULL ? cur->symbol : NULL, dst, size) == -1)
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
	return sg_json_add_num(o, name, v) ? 0 : -1;
}

static int
public_add_bool(cJSON *o, const char *name, int v)
{
	return cJSON_AddBoolToObject(o, name, v) == NULL ? -1 : 0;
}

/* The day of t (UTC) in the catalogue's date format, or null. */
static int
public_add_date(cJSON *o, const char *name, int has, sg_usec_t t,
    const struct sg_i18n_cat *cat)
{
	char		 buf[PUBLIC_AMOUNT_MAX];
	time_t		 secs;
	struct tm	 tm;

	secs = (time_t)(t / SG_USEC_PER_SEC);
	if (!has || gmtime_r(&secs, &tm) == NULL ||
	    sg_i18n_date(cat, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, buf,
	    sizeof(buf)) == -1)
		return cJSON_AddNullToObject(o, name) == NULL ? -1 : 0;
	return cJSON_AddStringToObject(o, name, buf) == NULL ? -1 : 0;
}

static int64_t
public_progress(const struct db_pub_campaign *c)
{
	return c->money ? c->amount : c->units;
}

/*
 * upcoming (starts_at in the future), live, funded (progress reached the
 * goal while running) or ended (by status or by time).
 */
static const char *
public_state(const struct db_pub_campaign *c, const struct public_clock *k)
{
	if (k->ended)
		return "ended";
	if (k->upcoming)
		return "upcoming";
	return public_progress(c) >= c->goal ? "funded" : "live";
}

/*
 * A backers milestone's count (its target, what remains) for display: the
 * catalogue's "backers" message ("50 backers"), so that "{remaining} to
 * go" and "reaches {target}" read in backers.
 */
static void
public_backers_format(const struct sg_i18n_cat *cat, int64_t v, char *dst,
    size_t size)
{
	char		 n[32];
	const char	*vars[3] = { "n", n, NULL };

	if (sg_i18n_number(cat, v, n, sizeof(n)) == -1)
		snprintf(n, sizeof(n), "%" PRId64, v);
	if (sg_i18n_format(cat, "backers", v, vars, dst, size) == -1)
		snprintf(dst, size, "%s", n);
}

/*
 * One milestone as db/public.c projected it (SPEC rule 3 is decided there:
 * a hidden milestone comes without title, texts, photo or gift, a photo
 * that may not show yet comes as NULL): nothing is added or taken away.
 * A backers milestone (rule 10) counts what remains in backers.
 */
static cJSON *
public_milestone_build(const struct db_pub_campaign *c,
    const struct sg_i18n_cat *cat, const struct db_pub_milestone *m,
    int64_t progress)
{
	cJSON		*o, *d;
	char		 buf[PUBLIC_AMOUNT_MAX];
	int64_t		 remaining = 0;

	if (m->backers)
		progress = c->backers;
	if (!m->reached && sg_money_sub(m->target, progress, &remaining) == -1)
		remaining = 0;
	if (remaining < 0)
		remaining = 0;
	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (public_add_num(o, "id", m->id) == -1 ||
	    public_add_str(o, "metric", m->backers ? "backers" : "progress") == -1 ||
	    public_add_num(o, "target", m->target) == -1 ||
	    public_add_bool(o, "secret", m->secret) == -1 ||
	    public_add_str(o, "title", m->hidden ? NULL : m->title) == -1 ||
	    public_add_str(o, "image_url", m->image_url) == -1 ||
	    public_add_str(o, "image_alt", m->image_url == NULL ? NULL :
	    m->image_alt == NULL ? "" : m->image_alt) == -1 ||
	    public_add_bool(o, "reached", m->reached) == -1 ||
	    public_add_time(o, "reached_at", m->reached, m->reached_at) == -1 ||
	    public_add_str(o, "text", m->hidden ? NULL : m->text) == -1 ||
	    public_add_str(o, "reward", m->hidden ? NULL : m->gift ? "gift" :
	    "reveal") == -1 ||
	    public_add_str(o, "gift_title", m->gift ? m->gift_title : NULL) == -1 ||
	    (m->gift ? public_add_num(o, "gift_quantity", m->gift_quantity) :
	    public_add_str(o, "gift_quantity", NULL)) == -1 ||
	    public_add_str(o, "scope", m->hidden ? NULL : m->scope_new ? "new" :
	    "all") == -1 ||
	    public_add_num(o, "remaining", remaining) == -1 ||
	    (d = cJSON_AddObjectToObject(o, "display")) == NULL)
		goto fail;
	if (m->backers)
		public_backers_format(cat, m->target, buf, sizeof(buf));
	else
		public_amount_format(c, cat, m->target, buf, sizeof(buf));
	if (public_add_str(d, "target", buf) == -1)
		goto fail;
	if (m->backers)
		public_backers_format(cat, remaining, buf, sizeof(buf));
	else
		public_amount_format(c, cat, remaining, buf, sizeof(buf));
	if (public_add_str(d, "remaining", buf) == -1)
		goto fail;
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

/*
 * The progress JSON of SPEC "Public": every field a widget needs, texts
 * per reveal rule 3, amounts also as display strings in the language of
 * cat, and its lang and dir; with words, also the catalogue's messages
 * as "text" (for the drop-in script).  NULL when out of memory.  The
 * caller owns the result.
 */
static cJSON *
public_model_build(const struct db_pub_campaign *c, const struct public_clock *k,
    const struct sg_i18n_cat *cat, int words)
{
	cJSON		*o, *d, *arr, *m, *text;
	char		 buf[PUBLIC_AMOUNT_MAX];
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
	    public_add_str(o, "state", public_state(c, k)) == -1 ||
	    public_add_bool(o, "funded", progress >= c->goal) == -1 ||
	    public_add_num(o, "version", c->head.version) == -1 ||
	    public_add_str(o, "lang", sg_i18n_tag(cat)) == -1 ||
	    public_add_str(o, "dir", sg_i18n_dir(cat)) == -1 ||
	    (d = cJSON_AddObjectToObject(o, "display")) == NULL)
		goto fail;
	public_amount_format(c, cat, c->goal, buf, sizeof(buf));
	if (public_add_str(d, "goal", buf) == -1)
		goto fail;
	public_amount_format(c, cat, progress, buf, sizeof(buf));
	if (public_add_str(d, "progress", buf) == -1)
		goto fail;
	public_amount_format(c, cat, remaining, buf, sizeof(buf));
	if (public_add_str(d, "remaining", buf) == -1)
		goto fail;
	if (sg_i18n_percent(cat, percent, buf, sizeof(buf)) == -1 ||
	    public_add_str(d, "percent", buf) == -1)
		goto fail;
	if (sg_i18n_number(cat, c->backers, buf, sizeof(buf)) == -1 ||
	    public_add_str(d, "backers", buf) == -1 ||
	    public_add_date(d, "starts_on", c->has_starts, c->starts_at, cat) == -1 ||
	    public_add_date(d, "ends_on", c->head.has_ends, c->head.ends_at,
	    cat) == -1)
		goto fail;
	if (words) {
		if ((text = cJSON_Duplicate(sg_i18n_messages(cat), 1)) == NULL)
			goto fail;
		cJSON_AddItemToObject(o, "text", text);
	}
	if ((arr = cJSON_AddArrayToObject(o, "milestones")) == NULL)
		goto fail;
	for (i = 0; i < c->nms; i++) {
		if ((m = public_milestone_build(c, cat, &c->ms[i], progress)) == NULL)
			goto fail;
		cJSON_AddItemToArray(arr, m);
	}
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

static int
public_add_countdown(cJSON *o, const char *name, const struct public_countdown *cd)
{
	cJSON	*t;

	if ((t = cJSON_AddObjectToObject(o, name)) == NULL ||
	    public_add_bool(t, "in_days", cd->in_days) == -1 ||
	    public_add_bool(t, "in_hours", cd->in_hours) == -1 ||
	    public_add_bool(t, "soon", cd->soon) == -1 ||
	    public_add_num(t, "days", cd->days) == -1 ||
	    public_add_num(t, "hours", cd->hours) == -1 ||
	    public_add_bool(t, "hours_one", cd->hours == 1) == -1)
		return -1;
	return 0;
}

/*
 * The inline style of a page with an accent colour (its hash is in the
 * CSP): the colour, and black or white for text on it, whichever reads
 * better (YIQ brightness, as the drop-in script does).
 */
static void
public_look_css(const struct public_look *l, char *dst, size_t size)
{
	uint32_t	 r = l->accent >> 16, g = (l->accent >> 8) & 0xff,
			 b = l->accent & 0xff;
	char		 rad[32];

	*dst = '\0';
	rad[0] = '\0';
	if (l->has_radius)
		snprintf(rad, sizeof(rad), "--sg-custom-radius:%dpx", l->radius);
	if (l->has_accent)
		snprintf(dst, size, ":root{--sg-custom-accent:#%06" PRIx32
		    ";--sg-custom-on-accent:%s%s%s}", l->accent,
		    r * 299 + g * 587 + b * 114 >= 128000 ? "#000000" : "#ffffff",
		    l->has_radius ? ";" : "", rad);
	else if (l->has_radius)
		snprintf(dst, size, ":root{%s}", rad);
}

/* Does the page carry an inline style (public_look_css())? */
static int
public_look_styled(const struct public_look *l)
{
	return l != NULL && (l->has_accent || l->has_radius);
}

/*
 * The look the embed asked for itself onto a page URL b (which may
 * already have a query): theme= (auto only when the campaign's differs),
 * accent=, radius=.  0, or -1 when out of memory.
 */
static int
public_look_query(struct sg_buf *b, const struct public_look *l)
{
	static const char *const themes[] = { "auto", "light", "dark" };

	if ((l->asked & PUBLIC_ASK_THEME) && (l->theme != PUBLIC_THEME_AUTO ||
	    l->def_theme != SG_THEME_AUTO) && sg_buf_printf(b, "%ctheme=%s",
	    strchr(b->data, '?') != NULL ? '&' : '?', themes[l->theme]) !=
	    SG_BUF_OK)
		return -1;
	if ((l->asked & PUBLIC_ASK_ACCENT) && l->has_accent &&
	    sg_buf_printf(b, "%caccent=%%23%06" PRIx32, strchr(b->data, '?') !=
	    NULL ? '&' : '?', l->accent) != SG_BUF_OK)
		return -1;
	if ((l->asked & PUBLIC_ASK_RADIUS) && l->has_radius &&
	    sg_buf_printf(b, "%cradius=%d", strchr(b->data, '?') != NULL ?
	    '&' : '?', l->radius) != SG_BUF_OK)
		return -1;
	return 0;
}

/* o.name = message key of cat, for the count n, with vars.  -1 on failure. */
static int
public_say(cJSON *o, const char *name, const struct sg_i18n_cat *cat,
    const char *key, int64_t n, const char *const *vars)
{
	char	*buf;
	int	 rc = -1;

	if ((buf = malloc(PUBLIC_SAY_MAX)) == NULL)
		return -1;
	if (sg_i18n_format(cat, key, n, vars, buf, PUBLIC_SAY_MAX) == 0) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, name);	/* one */
		rc = public_add_str(o, name, buf);
	}
	else
		sg_error("public: message \"%s\" of %s does not fit", key,
		    sg_i18n_tag(cat));
	free(buf);
	return rc;
}

/* A countdown as the catalogue says it: N days, N hours, or soon. */
static int
public_say_countdown(cJSON *o, const char *name, const struct sg_i18n_cat *cat,
    const struct public_countdown *cd, const char *days, const char *hours,
    const char *soon)
{
	char		 n[32];
	const char	*vars[3] = { "n", n, NULL };

	if (cd->in_days || cd->in_hours) {
		if (sg_i18n_number(cat, cd->in_days ? cd->days : cd->hours, n,
		    sizeof(n)) == -1)
			return -1;
		return public_say(o, name, cat, cd->in_days ? days : hours,
		    cd->in_days ? cd->days : cd->hours, vars);
	}
	return public_say(o, name, cat, soon, 0, NULL);
}

static const char *
public_display(const cJSON *o, const char *name)
{
	const cJSON	*d = cJSON_GetObjectItemCaseSensitive(o, "display");
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(d, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/*
 * The words of the page (model "t"): every plain message of the catalogue
 * with the campaign's values (title, goal, progress, percent, remaining),
 * and the sentences that depend on a count or a state: valueText,
 * amounts (full), amountsCompact, fundedBanner, backers, starts, ends,
 * ended.  Per milestone "mt": toGo, secretText, nextAt.
 */
static int
public_words(cJSON *o, const struct db_pub_campaign *c,
    const struct public_clock *k, const struct sg_i18n_cat *cat)
{
	const cJSON	*msg, *ms, *m;
	cJSON		*t, *mt;
	int64_t		 progress = public_progress(c);
	char		 n[32];
	const char	*vars[13], *mvars[7], *date;

	vars[0] = "title", vars[1] = c->title == NULL ? "" : c->title;
	vars[2] = "goal", vars[3] = public_display(o, "goal");
	vars[4] = "progress", vars[5] = public_display(o, "progress");
	vars[6] = "percent", vars[7] = public_display(o, "percent");
	vars[8] = "remaining", vars[9] = public_display(o, "remaining");
	vars[10] = "n", vars[11] = n;
	vars[12] = NULL;
	if (sg_i18n_number(cat, c->backers, n, sizeof(n)) == -1 ||
	    (t = cJSON_AddObjectToObject(o, "t")) == NULL)
		return -1;
	for (msg = sg_i18n_messages(cat)->child; msg != NULL; msg = msg->next)
		if (cJSON_IsString(msg) &&
		    public_say(t, msg->string, cat, msg->string, 0, vars) == -1)
			return -1;
	date = public_display(o, "ends_on");
	if (public_say(t, "valueText", cat, c->money ? "valueTextMoney" :
	    "valueTextUnits", 0, vars) == -1 ||
	    public_say(t, "amounts", cat, c->money ? "raisedOf" : "soldOf", 0,
	    vars) == -1 ||
	    public_say(t, "amountsCompact", cat, "of", 0, vars) == -1 ||
	    public_say(t, "fundedBanner", cat, progress > c->goal ? "fundedOver" :
	    "fundedAt", 0, vars) == -1 ||
	    public_say(t, "backers", cat, "backers", c->backers, vars) == -1 ||
	    (k->upcoming && public_say_countdown(t, "starts", cat, &k->starts,
	    "startsDays", "startsHours", "startsSoon") == -1) ||
	    (k->has_ends && !k->upcoming && public_say_countdown(t, "ends", cat,
	    &k->ends, "daysLeft", "hoursLeft", "soon") == -1) ||
	    public_say(t, "ended", cat, k->ended_by_time && *date != '\0' ?
	    "endedOn" : "ended", 0, (const char *[]){ "date", date, NULL }) == -1)
		return -1;
	ms = cJSON_GetObjectItemCaseSensitive(o, "milestones");
	for (m = ms == NULL ? NULL : ms->child; m != NULL; m = m->next) {
		mvars[0] = "target", mvars[1] = public_display(m, "target");
		mvars[2] = "remaining", mvars[3] = public_display(m, "remaining");
		mvars[4] = "title", mvars[5] = cJSON_IsString(
		    cJSON_GetObjectItemCaseSensitive(m, "title")) ?
		    cJSON_GetObjectItemCaseSensitive(m, "title")->valuestring : "";
		mvars[6] = NULL;
		if ((mt = cJSON_AddObjectToObject((cJSON *)m, "mt")) == NULL ||
		    public_say(mt, "toGo", cat, "toGo", 0, mvars) == -1 ||
		    public_say(mt, "secretText", cat, "secretText", 0, mvars) == -1 ||
		    public_say(mt, "nextAt", cat, "nextAt", 0, mvars) == -1)
			return -1;
	}
	return 0;
}

/*
 * What only the widget page needs on top of the model: which view, the
 * state as flags, the bar's geometry (0 to max(goal, highest target,
 * progress), a marker per progress milestone — backers milestones are
 * listed, not drawn (rule 10) — the part past the goal), the next
 * milestone, the countdowns, the look, and what its script and the oEmbed
 * discovery link need; the share tags when shared (the public page, not
 * the creator's preview, which is never shared and whose draft has no
 * share.png).  -1 when out of memory.
 */
static int
public_model_decorate(cJSON *o, const struct sg_app *app,
    const struct db_pub_campaign *c, const struct public_clock *k,
    enum widget_view view, const struct public_look *look,
    const struct public_lang *lang, int shared)
{
	static const char *const themes[] = { "auto", "light", "dark" };
	cJSON		*bar, *arr, *m, *next, *over;
	int64_t		 progress = public_progress(c), scale = c->goal;
	int64_t		 fill, goalpos;
	const char	*state = public_state(c, k);
	char		 etag[WIDGET_ETAG_MAX], css[PUBLIC_LOOK_CSS_MAX];
	struct sg_buf	 url, href;
	char		*query = NULL;
	size_t		 i;
	int		 any_open = 0, rc;

	for (i = 0; i < c->nms; i++)
		if (!c->ms[i].backers && c->ms[i].target > scale)
			scale = c->ms[i].target;
	if (progress > scale)
		scale = progress;	/* the overfunded part shows */
	fill = progress >= scale ? PUBLIC_BAR_SCALE :
	    public_ratio(progress, scale, PUBLIC_BAR_SCALE);
	goalpos = public_ratio(c->goal, scale, PUBLIC_BAR_SCALE);
	public_etag(etag, sizeof(etag), app, c->head.id, c->head.version,
	    public_phase(k, WIDGET_VIEW_JSON), WIDGET_VIEW_JSON, 0, lang->cat);
	public_look_css(look, css, sizeof(css));
	/* Before "next" is copied from its milestone: it takes "mt" along. */
	if (public_words(o, c, k, lang->cat) == -1)
		return -1;
	if (public_add_bool(o, "view_full", view == WIDGET_VIEW_FULL) == -1 ||
	    public_add_bool(o, "view_compact", view == WIDGET_VIEW_COMPACT) == -1 ||
	    public_add_str(o, "view", view == WIDGET_VIEW_FULL ? "full" :
	    "compact") == -1 ||
	    public_add_bool(o, "backers_one", c->backers == 1) == -1 ||
	    public_add_bool(o, "goal_reached", progress >= c->goal) == -1 ||
	    public_add_bool(o, "overfunded", progress > c->goal) == -1 ||
	    public_add_bool(o, "money", c->money) == -1 ||
	    public_add_bool(o, "has_milestones", c->nms > 0) == -1 ||
	    public_add_bool(o, "state_upcoming", strcmp(state, "upcoming") == 0) == -1 ||
	    public_add_bool(o, "state_live", strcmp(state, "live") == 0) == -1 ||
	    public_add_bool(o, "state_funded", strcmp(state, "funded") == 0) == -1 ||
	    public_add_bool(o, "state_ended", k->ended) == -1 ||
	    public_add_bool(o, "ended_on", k->ended_by_time) == -1 ||
	    public_add_str(o, "json_etag", etag) == -1 ||
	    public_add_str(o, "theme", themes[look->theme]) == -1 ||
	    public_add_bool(o, "theme_set", look->theme != PUBLIC_THEME_AUTO) == -1 ||
	    (public_look_styled(look) && public_add_str(o, "look_css", css) == -1) ||
	    (bar = cJSON_AddObjectToObject(o, "bar")) == NULL)
		return -1;
	if (public_add_num(bar, "max", PUBLIC_BAR_SCALE) == -1 ||
	    public_add_num(bar, "fill", fill) == -1 ||
	    public_add_num(bar, "goal", goalpos) == -1 ||
	    public_add_bool(bar, "goal_inside", c->goal < scale) == -1 ||
	    public_add_num(bar, "now", progress < 0 ? 0 : progress) == -1 ||
	    public_add_num(bar, "scale", scale) == -1)
		return -1;
	if (progress > c->goal && fill > goalpos) {
		if ((over = cJSON_AddObjectToObject(bar, "over")) == NULL ||
		    public_add_num(over, "x", goalpos) == -1 ||
		    public_add_num(over, "width", fill - goalpos) == -1)
			return -1;
	}
	arr = cJSON_GetObjectItemCaseSensitive(o, "milestones");
	for (i = 0, m = arr == NULL ? NULL : arr->child; m != NULL && i < c->nms;
	    i++, m = m->next) {
		if ((!c->ms[i].backers && public_add_num(m, "pos",
		    public_ratio(c->ms[i].target, scale, PUBLIC_BAR_SCALE)) == -1) ||
		    public_add_bool(m, "on_bar", !c->ms[i].backers) == -1 ||
		    public_add_bool(m, "is_gift", c->ms[i].gift) == -1 ||
		    public_add_bool(m, "hidden", c->ms[i].hidden) == -1 ||
		    public_add_bool(m, "as_preview", c->ms[i].preview) == -1 ||
		    public_add_bool(m, "shown", c->ms[i].reached ||
		    c->ms[i].preview) == -1 ||
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
	if (k->upcoming && public_add_countdown(o, "starts", &k->starts) == -1)
		return -1;
	if (k->has_ends && !k->upcoming &&
	    public_add_countdown(o, "ends", &k->ends) == -1)
		return -1;
	/* The oEmbed discovery link: {public_url}/oembed?url={page}&format=json */
	sg_buf_init(&url, 4096);
	sg_buf_init(&href, 8192);
	rc = sg_buf_printf(&url, "%s/w/%s/%s%s", app->cfg->public_url, c->store,
	    c->slug, view == WIDGET_VIEW_COMPACT ? "?view=compact" : "") ==
	    SG_BUF_OK && public_look_query(&url, look) == 0 && (!lang->asked ||
	    sg_buf_printf(&url, "%clang=%s", strchr(url.data, '?') != NULL ?
	    '&' : '?', sg_i18n_tag(lang->cat)) == SG_BUF_OK) &&
	    sg_form_encode_pair(&href, "url", url.data) ==
	    SG_FORM_OK && sg_form_encode_pair(&href, "format", "json") ==
	    SG_FORM_OK && (query = strdup(href.data)) != NULL ? 0 : -1;
	if (rc == 0) {
		sg_buf_reset(&href);
		rc = sg_buf_printf(&href, "%s/oembed?%s", app->cfg->public_url,
		    query) == SG_BUF_OK &&
		    public_add_str(o, "page_url", url.data) == 0 &&
		    public_add_str(o, "oembed_href", href.data) == 0 ? 0 : -1;
	}
	if (rc == 0)
		rc = shared ? share_og_add(app, c, o) : 0;	/* share.c */
	free(query);
	sg_buf_free(&url);
	sg_buf_free(&href);
	return rc;
}

/*
 * The widget page's model of c, a campaign the caller holds (the creator's
 * preview, the share image): view, the language for want (lang=, may be
 * NULL: the store's), the campaign's own look (into *look), no share tags.
 * NULL when out of memory or no catalogue is loaded.
 */
static cJSON *
public_page_model(const struct sg_app *app, const struct db_pub_campaign *c,
    const char *want, enum widget_view view, struct public_look *look)
{
	struct public_lang	 lang;
	struct public_clock	 k;
	cJSON			*model;

	memset(look, 0, sizeof(*look));
	public_look_merge(look, &c->head.look);
	if (public_lang(app, want, c->head.locale, &lang) == -1)
		return NULL;
	public_clock_compute(&c->head, public_now(), &k);
	if ((model = public_model_build(c, &k, lang.cat, 0)) == NULL)
		return NULL;
	if (public_model_decorate(model, app, c, &k, view, look, &lang,
	    0) == -1) {
		cJSON_Delete(model);
		return NULL;
	}
	return model;
}

/* --- for the share image (share.c) ---------------------------------- */

const struct sg_i18n_cat *
public_share_lang(const struct sg_app *app, const char *want,
    const char *locale, size_t *idx)
{
	struct public_lang	 l;

	if (public_lang(app, want, locale, &l) == -1)
		return NULL;
	*idx = l.idx;
	return l.cat;
}

cJSON *
public_share_model(const struct sg_app *app, const struct db_pub_campaign *c,
    const char *want)
{
	struct public_look	 look;

	return public_page_model(app, c, want, WIDGET_VIEW_FULL, &look);
}

/* --- answers ---------------------------------------------------------- */

/*
 * The CSP source of look's one inline style ("'sha256-...'") into dst;
 * 0 (dst "") when the look has none.
 */
static int
public_style_src(const struct public_look *look, char *dst, size_t size)
{
	unsigned char	 hash[crypto_hash_sha256_BYTES];
	char		 css[PUBLIC_LOOK_CSS_MAX], b64[sodium_base64_ENCODED_LEN(
			    crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];

	dst[0] = '\0';
	if (!public_look_styled(look))
		return 0;
	public_look_css(look, css, sizeof(css));
	crypto_hash_sha256(hash, (const unsigned char *)css, strlen(css));
	sodium_bin2base64(b64, sizeof(b64), hash, sizeof(hash),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(dst, size, "'sha256-%s'", b64);
	return 1;
}

/*
 * The pages' CSP: their own script and styles, the JSON of the service,
 * images from the service and http(s), any framing site; with an accent
 * colour also the hash of the one inline style that sets it.
 */
static void
public_csp(struct sg_resp *resp, const struct public_look *look)
{
	char	 src[PUBLIC_STYLE_SRC_MAX];

	if (!public_style_src(look, src, sizeof(src))) {
		sg_resp_header(resp, "Content-Security-Policy", "%s",
		    PUBLIC_WIDGET_CSP);
		return;
	}
	sg_resp_header(resp, "Content-Security-Policy", PUBLIC_WIDGET_CSP_HEAD
	    " %s; " PUBLIC_WIDGET_CSP_TAIL, src);
}

static void
public_headers(struct sg_resp *resp, enum widget_view view,
    const struct public_look *look, const char *etag)
{
	if (view == WIDGET_VIEW_JSON) {
		sg_resp_header(resp, "Access-Control-Allow-Origin", "*");
		sg_resp_header(resp, "Access-Control-Expose-Headers", "ETag");
	} else
		public_csp(resp, look);
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

/*
 * 404 for an unknown or draft campaign, in the view's own format; a page
 * in the language lang= asked for (no store is known: else English).
 */
static int
public_not_found(struct sg_app *app, struct sg_resp *resp, enum widget_view view,
    const char *want)
{
	struct mst_error	 err;
	struct public_lang	 lang;
	const cJSON		*msg;
	cJSON			*model = NULL, *t;
	int			 rc;

	public_headers(resp, view, NULL, NULL);
	if (view != WIDGET_VIEW_JSON &&
	    mst_set_get(app->templates, "widget-missing") != NULL &&
	    public_lang(app, want, NULL, &lang) == 0 &&
	    (model = cJSON_CreateObject()) != NULL &&
	    public_add_str(model, "lang", sg_i18n_tag(lang.cat)) == 0 &&
	    public_add_str(model, "dir", sg_i18n_dir(lang.cat)) == 0 &&
	    (t = cJSON_AddObjectToObject(model, "t")) != NULL) {
		for (msg = sg_i18n_messages(lang.cat)->child; msg != NULL;
		    msg = msg->next)
			if (cJSON_IsString(msg))
				(void)public_add_str(t, msg->string,
				    msg->valuestring);
		resp->status = 404;
		rc = mst_set_render(app->templates, "widget-missing", model,
		    &resp->body, &err);
		cJSON_Delete(model);
		model = NULL;
		if (rc == MST_OK) {
			sg_resp_header(resp, "Content-Type", "text/html; charset=utf-8");
			return SG_H_OK;
		}
		sg_error("widget-missing: %s", err.message);
		sg_buf_reset(&resp->body);
	}
	cJSON_Delete(model);
	sg_resp_error(resp, 404, "not_found", "no such campaign", NULL);
	return SG_H_OK;
}

/*
 * The campaign's default look in the JSON, for the drop-in and the element
 * (docs/widget.md): "look": {"theme", "accent", "radius"}, only when the
 * campaign has one other than the stylesheet's (auto, no accent, no
 * radius).  -1 when out of memory.
 */
static int
public_look_json(cJSON *o, const struct db_pub_look *l)
{
	cJSON	*lk;
	char	 a[8];

	if (l->theme == SG_THEME_AUTO && !l->has_accent && !l->has_radius)
		return 0;
	snprintf(a, sizeof(a), "#%06" PRIx32, l->accent & 0xffffff);
	if ((lk = cJSON_AddObjectToObject(o, "look")) == NULL ||
	    public_add_str(lk, "theme", sg_theme_name((enum sg_theme)l->theme)) == -1 ||
	    (l->has_accent ? public_add_str(lk, "accent", a) :
	    (cJSON_AddNullToObject(lk, "accent") == NULL ? -1 : 0)) == -1 ||
	    (l->has_radius ? public_add_num(lk, "radius", l->radius) :
	    (cJSON_AddNullToObject(lk, "radius") == NULL ? -1 : 0)) == -1)
		return -1;
	return 0;
}

/* Print or render the model for view onto resp->body.  -1 on failure. */
static int
public_render(struct sg_app *app, const struct db_pub_campaign *c,
    const struct public_clock *k, enum widget_view view,
    const struct public_look *look, const struct public_lang *lang,
    struct sg_resp *resp)
{
	struct mst_error	 err;
	cJSON			*model;
	char			*text;
	int			 rc = -1;

	if ((model = public_model_build(c, k, lang->cat,
	    view == WIDGET_VIEW_JSON)) == NULL)
		return -1;
	sg_buf_reset(&resp->body);
	if (view == WIDGET_VIEW_JSON) {
		if (public_look_json(model, &c->head.look) == -1)
			text = NULL;
		else if ((text = cJSON_PrintUnformatted(model)) != NULL) {
			rc = sg_buf_adds(&resp->body, text) == SG_BUF_OK ? 0 : -1;
			free(text);
		}
	} else if (public_model_decorate(model, app, c, k, view, look, lang, 1) == 0) {
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
 * The admin's preview (handlers/public.h): the widget page of c as the
 * public page renders it, plus the caller's "preview" object for the
 * template (a banner with its links, no script).  c is built by the caller, not read by the public
 * projection.
 */
int
public_preview_render(struct sg_app *app, const struct db_pub_campaign *c,
    int compact, const cJSON *preview, struct sg_buf *out, char *style_src,
    size_t style_size)
{
	struct public_look		 look;
	struct mst_error		 err;
	cJSON				*model, *p;
	int				 rc = -1;

	/* The campaign's own look and its store's language, as backers see. */
	if ((model = public_page_model(app, c, NULL, compact ?
	    WIDGET_VIEW_COMPACT : WIDGET_VIEW_FULL, &look)) == NULL)
		return -1;
	(void)public_style_src(&look, style_src, style_size);
	if ((p = cJSON_Duplicate(preview, 1)) != NULL &&
	    cJSON_AddItemToObject(model, "preview", p)) {
		sg_buf_reset(out);
		rc = mst_set_render(app->templates, "widget", model, out, &err);
		if (rc != MST_OK)
			sg_error("template widget (preview): %s", err.message);
		rc = rc == MST_OK ? 0 : -1;
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
    struct sg_resp *resp, enum widget_view view, const struct public_look *look)
{
	struct public_look	 eff;
	struct db_pub_head	 head;
	struct db_pub_campaign	 c;
	struct public_clock	 k;
	struct public_lang	 lang;
	const struct widget_entry *e;
	char			 etag[WIDGET_ETAG_MAX];
	int64_t			 phase, lk;
	sg_usec_t		 now;
	int			 rc;

	if (req->nargs != 2 || sg_slug_check(req->args[0]) != SG_VERR_OK ||
	    sg_slug_check(req->args[1]) != SG_VERR_OK)
		return public_not_found(app, resp, view, look->lang);
	if (app->widget_cache == NULL)
		app->widget_cache = widget_cache_new();	/* NULL: no caching */
	now = public_now();
	/* A lookup this worker made less than public_fresh_ms ago stands. */
	if (widget_head_get(app->widget_cache, req->args[0], req->args[1], now,
	    (sg_usec_t)app->cfg->public_fresh_ms * 1000, &head))
		rc = 1;
	else {
		if ((rc = db_pub_head_get(app->db_public, req->args[0], req->args[1],
		    &head)) < 0)
			return sg_h_db_error(resp, rc);
		if (rc > 0)
			widget_head_put(app->widget_cache, req->args[0],
			    req->args[1], now, &head);
	}
	if (rc == 0 || head.status == DB_PUB_DRAFT)
		return public_not_found(app, resp, view, look->lang);
	if (public_lang(app, look->lang, head.locale, &lang) == -1) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	eff = *look;
	if (view != WIDGET_VIEW_JSON)
		public_look_merge(&eff, &head.look);
	look = &eff;
	lk = public_look_key(look) | public_lang_key(&lang);
	public_clock_compute(&head, now, &k);
	phase = public_phase(&k, view);
	public_etag(etag, sizeof(etag), app, head.id, head.version, phase, view,
	    lk, lang.cat);
	if (public_etag_matches(req->if_none_match, etag)) {
		resp->status = 304;
		public_headers(resp, view, look, etag);
		return SG_H_OK;
	}
	e = widget_cache_get(app->widget_cache, head.id, view, lk, head.version,
	    phase);
	if (e != NULL) {
		public_headers(resp, view, look, e->etag);
		if (public_body(resp, view, e->body, e->len) == -1)
			sg_h_internal(resp);
		return SG_H_OK;
	}

	if ((rc = db_pub_campaign_load(app->db_public, head.id, &c)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == 0 || c.head.status == DB_PUB_DRAFT) {
		db_pub_campaign_free(&c);
		return public_not_found(app, resp, view, look->lang);
	}
	/*
	 * The campaign (and its store's locale) may have moved on since the
	 * lookup: use what was read.
	 */
	(void)public_lang(app, look->lang, c.head.locale, &lang);
	if (view != WIDGET_VIEW_JSON)
		public_look_merge(&eff, &c.head.look);
	lk = public_look_key(look) | public_lang_key(&lang);
	public_clock_compute(&c.head, public_now(), &k);
	phase = public_phase(&k, view);
	public_etag(etag, sizeof(etag), app, c.head.id, c.head.version, phase,
	    view, lk, lang.cat);
	if (public_render(app, &c, &k, view, look, &lang, resp) == -1) {
		sg_error("public %s/%s: could not build the answer", c.store, c.slug);
		db_pub_campaign_free(&c);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	(void)widget_cache_put(app->widget_cache, c.head.id, view, lk,
	    c.head.version, phase, etag, resp->body.data == NULL ? "" :
	    resp->body.data, resp->body.len);
	db_pub_campaign_free(&c);
	resp->status = 200;
	public_headers(resp, view, look, etag);
	sg_resp_header(resp, "Content-Type", "%s", view == WIDGET_VIEW_JSON ?
	    "application/json" : "text/html; charset=utf-8");
	return SG_H_OK;
}

/*
 * lang= of a query into look->lang when it can be a language tag
 * (render/i18n.h: letters, digits, '-' and '_', shorter than
 * SG_I18N_TAG_MAX); anything else is as if it were absent.
 */
static void
public_lang_param(const struct sg_form *q, struct public_look *look)
{
	const char	*v = sg_form_get(q, "lang");
	size_t		 n;

	look->lang[0] = '\0';
	if (v == NULL || (n = strlen(v)) == 0 || n >= sizeof(look->lang) ||
	    strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_") != n)
		return;
	memcpy(look->lang, v, n + 1);
}

/* The JSON reads only lang= of its query; a malformed query is ignored. */
int
h_public_progress(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct public_look	 plain;
	struct sg_form		 q;

	memset(&plain, 0, sizeof(plain));
	sg_form_init(&q);
	if (req->query != NULL &&
	    sg_form_parse(&q, req->query, strlen(req->query)) == SG_FORM_OK)
		public_lang_param(&q, &plain);
	sg_form_free(&q);
	return public_answer(app, req, resp, WIDGET_VIEW_JSON, &plain);
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

/* "#rrggbb" or "rrggbb" (lower or upper case hex) into *rgb; -1 if not. */
static int
public_accent_parse(const char *v, uint32_t *rgb)
{
	size_t	 i;

	if (*v == '#')
		v++;
	if (strlen(v) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		if (strchr("0123456789abcdefABCDEF", v[i]) == NULL)
			return -1;
	*rgb = (uint32_t)strtoul(v, NULL, 16);
	return 0;
}

/*
 * view=, theme= and accent= of a widget URL's query.  0, or -1 (with a 400
 * answer in resp unless resp is NULL).
 */
static int
public_options(const struct sg_form *q, enum widget_view *view,
    struct public_look *look, struct sg_resp *resp)
{
	const char	*v;

	*view = WIDGET_VIEW_FULL;
	memset(look, 0, sizeof(*look));
	if ((v = sg_form_get(q, "view")) != NULL) {
		if (strcmp(v, "compact") == 0)
			*view = WIDGET_VIEW_COMPACT;
		else if (strcmp(v, "full") != 0) {
			if (resp != NULL)
				sg_resp_error(resp, 400, "invalid",
				    "view must be \"full\" or \"compact\"", "view");
			return -1;
		}
	}
	if ((v = sg_form_get(q, "theme")) != NULL) {
		look->asked |= PUBLIC_ASK_THEME;
		if (strcmp(v, "light") == 0)
			look->theme = PUBLIC_THEME_LIGHT;
		else if (strcmp(v, "dark") == 0)
			look->theme = PUBLIC_THEME_DARK;
		else if (strcmp(v, "auto") != 0) {
			if (resp != NULL)
				sg_resp_error(resp, 400, "invalid",
				    "theme must be \"light\", \"dark\" or \"auto\"", "theme");
			return -1;
		}
	}
	if ((v = sg_form_get(q, "accent")) != NULL && *v != '\0') {
		if (public_accent_parse(v, &look->accent) == -1) {
			if (resp != NULL)
				sg_resp_error(resp, 400, "invalid",
				    "accent must be a colour #rrggbb", "accent");
			return -1;
		}
		look->has_accent = 1;
		look->asked |= PUBLIC_ASK_ACCENT;
	}
	if ((v = sg_form_get(q, "radius")) != NULL && *v != '\0') {
		if (strspn(v, "0123456789") != strlen(v) || strlen(v) > 2 ||
		    (look->radius = atoi(v)) > SG_RADIUS_MAX) {
			if (resp != NULL)
				sg_resp_error(resp, 400, "invalid",
				    "radius must be a whole number of px from 0 to 24",
				    "radius");
			return -1;
		}
		look->has_radius = 1;
		look->asked |= PUBLIC_ASK_RADIUS;
	}
	public_lang_param(q, look);
	return 0;
}

int
h_public_widget(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct sg_form		 q;
	struct public_look	 look;
	enum widget_view	 view;
	int			 rc;

	sg_form_init(&q);
	if (sg_form_parse(&q, req->query, strlen(req->query)) != SG_FORM_OK) {
		sg_resp_error(resp, 400, "bad_request", "the query string is malformed",
		    NULL);
		return SG_H_OK;
	}
	rc = public_options(&q, &view, &look, resp);
	sg_form_free(&q);
	if (rc == -1)
		return SG_H_OK;
	return public_answer(app, req, resp, view, &look);
}

/* --- oEmbed ------------------------------------------------------------- */

/* Text for an HTML attribute value in double quotes. */
static int
public_attr_escape(struct sg_buf *b, const char *s)
{
	int	 rc = SG_BUF_OK;

	for (; *s != '\0' && rc == SG_BUF_OK; s++)
		switch (*s) {
		case '&': rc = sg_buf_adds(b, "&amp;"); break;
		case '<': rc = sg_buf_adds(b, "&lt;"); break;
		case '>': rc = sg_buf_adds(b, "&gt;"); break;
		case '"': rc = sg_buf_adds(b, "&quot;"); break;
		case '\'': rc = sg_buf_adds(b, "&#39;"); break;
		default: rc = sg_buf_addc(b, *s); break;
		}
	return rc;
}

/*
 * The store handle, campaign slug and query of a widget page URL
 * (http(s)://host/w/{store}/{campaign}[?query]); -1 when it is not one.
 */
static int
public_oembed_target(const char *url, char *store, char *slug, size_t size,
    const char **query)
{
	const char	*p, *s1, *s2, *end;

	if (strncmp(url, "https://", 8) == 0)
		p = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		p = url + 7;
	else
		return -1;
	if ((p = strchr(p, '/')) == NULL || strncmp(p, "/w/", 3) != 0)
		return -1;
	s1 = p + 3;
	if ((s2 = strchr(s1, '/')) == NULL)
		return -1;
	s2++;
	end = s2 + strcspn(s2, "?#");
	if ((size_t)(s2 - 1 - s1) >= size || (size_t)(end - s2) >= size)
		return -1;
	memcpy(store, s1, (size_t)(s2 - 1 - s1));
	store[s2 - 1 - s1] = '\0';
	memcpy(slug, s2, (size_t)(end - s2));
	slug[end - s2] = '\0';
	*query = *end == '?' ? end + 1 : "";
	if (sg_slug_check(store) != SG_VERR_OK || sg_slug_check(slug) != SG_VERR_OK)
		return -1;
	return 0;
}

/* A positive integer query value, or def when absent; -1 when malformed. */
static long
public_dimension(const struct sg_form *q, const char *name, long def)
{
	const char	*v = sg_form_get(q, name);
	char		*end;
	long		 n;

	if (v == NULL || *v == '\0')
		return def;
	n = strtol(v, &end, 10);
	if (*end != '\0' || n <= 0 || n > 100000)
		return -1;
	return n;
}

int
h_public_oembed(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct sg_form		 q, pq;
	struct db_pub_head	 head;
	struct db_pub_campaign	 c;
	struct public_look	 look;
	struct public_lang	 lang;
	enum widget_view	 view;
	struct sg_buf		 page, html;
	const char		*url, *fmt, *pquery;
	char			 store[65], slug[65], *text;
	long			 maxw, maxh, w, h;
	cJSON			*o;
	int			 rc;

	sg_form_init(&q);
	if (sg_form_parse(&q, req->query, strlen(req->query)) != SG_FORM_OK) {
		sg_resp_error(resp, 400, "bad_request", "the query string is malformed",
		    NULL);
		return SG_H_OK;
	}
	fmt = sg_form_get(&q, "format");
	if (fmt != NULL && strcmp(fmt, "json") != 0) {
		sg_form_free(&q);
		sg_resp_error(resp, 501, "not_implemented",
		    "only format=json is provided", "format");
		return SG_H_OK;
	}
	maxw = public_dimension(&q, "maxwidth", 640);
	maxh = public_dimension(&q, "maxheight", 100000);
	if ((url = sg_form_get(&q, "url")) == NULL || maxw == -1 || maxh == -1) {
		sg_form_free(&q);
		sg_resp_error(resp, 400, "invalid", url == NULL ? "url is required" :
		    "maxwidth and maxheight are positive integers",
		    url == NULL ? "url" : "maxwidth");
		return SG_H_OK;
	}
	sg_form_init(&pq);
	if (public_oembed_target(url, store, slug, sizeof(store), &pquery) == -1 ||
	    sg_form_parse(&pq, pquery, strlen(pquery)) != SG_FORM_OK ||
	    public_options(&pq, &view, &look, NULL) == -1) {
		sg_form_free(&q);
		sg_form_free(&pq);
		sg_resp_error(resp, 404, "not_found", "not a widget URL of this service",
		    "url");
		return SG_H_OK;
	}
	sg_form_free(&pq);
	sg_form_free(&q);
	if ((rc = db_pub_head_get(app->db_public, store, slug, &head)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == 0 || head.status == DB_PUB_DRAFT) {
		sg_resp_error(resp, 404, "not_found", "no such campaign", "url");
		return SG_H_OK;
	}
	if ((rc = db_pub_campaign_load(app->db_public, head.id, &c)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == 0 || c.head.status == DB_PUB_DRAFT) {
		db_pub_campaign_free(&c);
		sg_resp_error(resp, 404, "not_found", "no such campaign", "url");
		return SG_H_OK;
	}
	/*
	 * The size the page starts at (it then tells its parent its real
	 * height, see docs/widget.md): measured from the default styles.
	 */
	if (public_lang(app, look.lang, c.head.locale, &lang) == -1) {
		db_pub_campaign_free(&c);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	look.def_theme = c.head.look.theme;
	w = maxw < 640 ? maxw : 640;
	h = view == WIDGET_VIEW_COMPACT ? 120 : 210 + 96 * (long)c.nms;
	if (h > maxh)
		h = maxh;
	sg_buf_init(&page, 4096);
	sg_buf_init(&html, 16384);
	rc = sg_buf_printf(&page, "%s/w/%s/%s", app->cfg->public_url, c.store,
	    c.slug) == SG_BUF_OK &&
	    (view != WIDGET_VIEW_COMPACT || sg_buf_adds(&page, "?view=compact") ==
	    SG_BUF_OK) &&
	    public_look_query(&page, &look) == 0 &&
	    (lang.asked == 0 || sg_buf_printf(&page, "%clang=%s",
	    strchr(page.data, '?') != NULL ? '&' : '?', sg_i18n_tag(lang.cat)) ==
	    SG_BUF_OK) &&
	    sg_buf_adds(&html, "<iframe src=\"") == SG_BUF_OK &&
	    public_attr_escape(&html, page.data) == SG_BUF_OK &&
	    sg_buf_adds(&html, "\" title=\"") == SG_BUF_OK &&
	    public_attr_escape(&html, c.title) == SG_BUF_OK &&
	    sg_buf_printf(&html, "\" width=\"%ld\" height=\"%ld\" "
	    "style=\"border:0;width:100%%;max-width:%ldpx\" loading=\"lazy\">"
	    "</iframe>", w, h, w) == SG_BUF_OK ? 0 : -1;
	o = rc == 0 ? cJSON_CreateObject() : NULL;
	if (o == NULL ||
	    public_add_str(o, "type", "rich") == -1 ||
	    public_add_str(o, "version", "1.0") == -1 ||
	    public_add_str(o, "title", c.title) == -1 ||
	    public_add_str(o, "provider_name", "StretchGoal") == -1 ||
	    public_add_str(o, "provider_url", app->cfg->public_url) == -1 ||
	    public_add_num(o, "cache_age", 300) == -1 ||
	    public_add_str(o, "html", html.data) == -1 ||
	    public_add_num(o, "width", w) == -1 ||
	    public_add_num(o, "height", h) == -1 ||
	    (text = cJSON_PrintUnformatted(o)) == NULL)
		rc = -1;
	else {
		sg_buf_reset(&resp->body);
		rc = sg_buf_adds(&resp->body, text) == SG_BUF_OK ? 0 : -1;
		free(text);
	}
	cJSON_Delete(o);
	sg_buf_free(&page);
	sg_buf_free(&html);
	db_pub_campaign_free(&c);
	if (rc == -1) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	resp->status = 200;
	sg_resp_header(resp, "Content-Type", "application/json");
	sg_resp_header(resp, "Access-Control-Allow-Origin", "*");
	sg_resp_header(resp, "Cache-Control", "public, max-age=300");
	return SG_H_OK;
}
