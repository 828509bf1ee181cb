/*
 * routes_public.h — the routes of the public module and its handlers' prototypes.
 * SG_ROUTES_PUBLIC lists R(method, pattern, body kind, needs_db, handler)
 * entries for the routing table in app/router.c.
 */
#ifndef SG_HANDLERS_ROUTES_PUBLIC_H
#define SG_HANDLERS_ROUTES_PUBLIC_H

#include "handlers/handlers.h"

#define SG_ROUTES_PUBLIC \
	R(SG_METHOD_GET, "/api/v1/public/*/*", SG_BODY_NONE, 1, h_public_progress) \
	R(SG_METHOD_OPTIONS, "/api/v1/public/*/*", SG_BODY_NONE, 0, h_public_preflight) \
	R(SG_METHOD_GET, "/w/*/*/share.png", SG_BODY_NONE, 1, h_public_share) \
	R(SG_METHOD_GET, "/w/*/*", SG_BODY_NONE, 1, h_public_widget) \
	R(SG_METHOD_GET, "/oembed", SG_BODY_NONE, 1, h_public_oembed)

/*
 * GET (HEAD) /api/v1/public/{store}/{campaign}
 * The progress JSON of a live or ended campaign (SPEC "Public"), with
 * Access-Control-Allow-Origin: *, an ETag from the campaign's version and a
 * short Cache-Control.  Input: If-None-Match.
 * 200 the JSON; 304 when If-None-Match holds the current ETag; 404 unknown
 * store or campaign, or a draft; 503 database unavailable.
 */
int	h_public_progress(struct sg_app *, const struct sg_req *, struct sg_resp *);

/*
 * OPTIONS /api/v1/public/{store}/{campaign}
 * CORS preflight for a script that sends If-None-Match itself.
 * 204 with the Access-Control-* headers; never touches the database.
 */
int	h_public_preflight(struct sg_app *, const struct sg_req *, struct sg_resp *);

/*
 * GET (HEAD) /w/{store}/{campaign}[?view=full|compact&theme=auto|light|dark&accent=%23rrggbb]
 * The widget as an HTML page for an iframe, rendered from
 * templates/widget.mustache; a CSP that allows only the service's own
 * script (static/stretchgoal.js, which updates the page in place and
 * posts its height to the parent) and any framing store.  Input: the
 * query parameters view (default full), theme (default auto), accent
 * (default the stylesheet's; other parameters are ignored), If-None-Match.
 * 200 the page; 304 as above; 400 a malformed query, an unknown view or
 * theme, an accent that is not #rrggbb;
 * 404 unknown or draft (an HTML page from widget-missing.mustache);
 * 503 database unavailable.
 */
int	h_public_widget(struct sg_app *, const struct sg_req *, struct sg_resp *);

/*
 * GET (HEAD) /oembed?url={widget page URL}[&maxwidth=N][&maxheight=N][&format=json]
 * oEmbed 1.0 (https://oembed.com): a "rich" answer whose html is an iframe
 * of the widget page (view, theme and accent kept from the URL), width
 * min(maxwidth, 640), height estimated from the milestones (at most
 * maxheight).  One head lookup and one campaign load; not cached.
 * 200 the JSON; 400 url missing or a malformed maxwidth/maxheight;
 * 404 a URL that is not a widget page here, unknown or draft campaign;
 * 501 any format but json; 503 database unavailable.
 */
int	h_public_oembed(struct sg_app *, const struct sg_req *, struct sg_resp *);

/*
 * GET (HEAD) /w/{store}/{campaign}/share.png
 * The share image (handlers/share.c): a 1200 x 630 PNG with the title, the
 * bar and the next goal, from the public projection only; ETag from the
 * campaign's version, Cache-Control as the other public answers.  Input:
 * If-None-Match.  200 the PNG; 304 when If-None-Match holds the current
 * ETag; 404 unknown store or campaign, or a draft; 503 database unavailable.
 */
int	h_public_share(struct sg_app *, const struct sg_req *, struct sg_resp *);

/*
 * The widget page's share tags into its model o, as o.og = {title,
 * description, url, image, image_alt, image_width, image_height}: the
 * canonical page URL and its share.png, from the public projection c only
 * (handlers/share.c; called by public.c).  0, or -1 on no memory.
 */
struct db_pub_campaign;
struct cJSON;
int	share_og_add(const struct sg_app *, const struct db_pub_campaign *c,
	    struct cJSON *o);
/*
 * For the share image (public.c): the catalogue an answer of a store
 * with locale speaks when asked for want (lang=, may be NULL), and its
 * index (NULL when none is loaded); the widget page's model of c in that
 * language (the caller frees; NULL on no memory).
 */
struct sg_i18n_cat;
const struct sg_i18n_cat *public_share_lang(const struct sg_app *,
	    const char *want, const char *locale, size_t *idx);
struct cJSON	*public_share_model(const struct sg_app *,
	    const struct db_pub_campaign *c, const char *want);

#endif
