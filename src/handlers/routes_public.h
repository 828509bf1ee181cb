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
	R(SG_METHOD_GET, "/w/*/*", SG_BODY_NONE, 1, h_public_widget)

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
 * GET (HEAD) /w/{store}/{campaign}[?view=full|compact]
 * The widget as an HTML page for an iframe, rendered from
 * templates/widget.mustache; a CSP that allows no script and any framing
 * store.  Input: the query parameter view (default full; other parameters
 * are ignored), If-None-Match.
 * 200 the page; 304 as above; 400 a malformed query or an unknown view;
 * 404 unknown or draft (an HTML page from widget-missing.mustache);
 * 503 database unavailable.
 */
int	h_public_widget(struct sg_app *, const struct sg_req *, struct sg_resp *);

#endif
