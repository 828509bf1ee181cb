/*
 * it_public.c — the public module through nginx against MariaDB: the
 * progress JSON and the widget page, statuses, ETag/304, CORS, reveal
 * secrecy, escaping of hostile creator text, the worker's render cache and
 * stretchgoalctl render.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>

#include <CUnit/Basic.h>
#include <sodium.h>

#include "fixture/fixture.h"
#include "integration/it_public_seed.h"
#include "util/image.h"

#include <gd.h>

#define FX	fx_current

static const char *const views[] = {
	"/api/v1/public/shop/game", "/w/shop/game", "/w/shop/game?view=compact",
};
#define NVIEWS	(sizeof(views) / sizeof(views[0]))

static int64_t	 store_id, camp_id;

/* A live units campaign "shop/game": goal 250, milestones 50, 120, 200. */
static void
seed_game(void)
{
	store_id = seed_store(FX, "shop", "USD");
	seed_product(FX, store_id, "g-pin", "Enamel pin");
	camp_id = seed_campaign(FX, store_id, "game", "Skyward Isles", "units", 250,
	    "live");
	/* Inserted out of order: the answer sorts by target. */
	seed_milestone(FX, camp_id, 120, "A new island", NULL,
	    "Something hides in the fog", "SECRET-ISLAND-REVEALED", NULL, "all");
	seed_milestone(FX, camp_id, 50, "Pin for all", "/media/pin.png",
	    "At 50 every backer gets a pin", "SECRET-PIN-UNLOCKED", "g-pin", "all");
	seed_milestone(FX, camp_id, 200, "Dice", "https://cdn.example/dice.jpg",
	    "Dice for new backers", "SECRET-DICE-UNLOCKED", "g-pin", "new");
	/* The gifts' photos are teasers (SPEC rule 3; as migration 020 did). */
	fx_sql(FX, "UPDATE milestones SET image_teaser = 1 WHERE reward = 'gift'");
	seed_progress(FX, camp_id, 20, 3, "2026-11-20 10:00:00", 0);
}

/*
 * SPEC rule 3's other secrets beside seed_game's milestones, every string
 * marked HIDDEN-<what>-<milestone>: a secret gift at 150 (with a photo and
 * alt text), a secret reveal at 180 whose photo is marked a teaser (secret
 * wins), and the island at 120 gets a reveal photo that is not a teaser.
 * The dice at 200 keep their teaser photo, now with alt text.
 */
static void
seed_secrets(void)
{
	seed_product(FX, store_id, "g-vault", "HIDDEN-GIFT-VAULT");
	seed_milestone(FX, camp_id, 150, "HIDDEN-TITLE-VAULT",
	    "/media/HIDDEN-IMG-VAULT.png", "HIDDEN-BEFORE-VAULT",
	    "HIDDEN-AFTER-VAULT", "g-vault", "new");
	seed_milestone(FX, camp_id, 180, "HIDDEN-TITLE-CROWN",
	    "https://cdn.example/HIDDEN-IMG-CROWN.jpg", "HIDDEN-BEFORE-CROWN",
	    "HIDDEN-AFTER-CROWN", NULL, "all");
	fx_sql(FX, "UPDATE milestones SET secret = 1, image_alt = 'HIDDEN-ALT-VAULT' "
	    "WHERE target = 150");
	fx_sql(FX, "UPDATE milestones SET secret = 1, image_teaser = 1, "
	    "image_alt = 'HIDDEN-ALT-CROWN' WHERE target = 180");
	fx_sql(FX, "UPDATE milestones SET image_url = "
	    "'https://cdn.example/HIDDEN-IMG-ISLAND.jpg', image_alt = "
	    "'HIDDEN-ALT-ISLAND' WHERE target = 120");
	fx_sql(FX, "UPDATE milestones SET image_alt = 'Two wooden dice' "
	    "WHERE target = 200");
	fx_sql(FX, "UPDATE campaigns SET version = version + 1");
}

static const cJSON *
jget(const cJSON *o, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(o, name);
}

/*
 * The one script a widget page may hold is the service's own widget script
 * (it updates the page in place and reports its height); any other
 * "<script" in a page is a failure.  1 when that holds.
 */
static int
page_scripts_ours(const char *body)
{
	static const char	 ours[] =
	    "<script src=\"/static/stretchgoal.js\" defer></script>";
	const char		*p;
	int			 n = 0;

	for (p = body; (p = strstr(p, "<script")) != NULL; p++, n++)
		if (strncmp(p, ours, sizeof(ours) - 1) != 0)
			return 0;
	return n == 1;
}

static const char *
jstr(const cJSON *o, const char *name)
{
	const cJSON	*v = jget(o, name);

	return cJSON_IsString(v) ? v->valuestring : "(not a string)";
}

static double
jnum(const cJSON *o, const char *name)
{
	const cJSON	*v = jget(o, name);

	return cJSON_IsNumber(v) ? v->valuedouble : -999999;
}

static void
test_json_fields(void)
{
	struct fx_resp	 r;
	const cJSON	*ms, *m, *d;
	char		 h[256];

	seed_game();
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[0], NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.json);
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "title"), "Skyward Isles");
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "store"), "shop");
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "campaign"), "game");
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "goal_kind"), "units");
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "currency"), "USD");
	CU_ASSERT_EQUAL(jnum(r.json, "goal"), 250);
	CU_ASSERT_EQUAL(jnum(r.json, "progress"), 20);
	CU_ASSERT_EQUAL(jnum(r.json, "percent"), 8);
	CU_ASSERT_EQUAL(jnum(r.json, "backers"), 3);
	CU_ASSERT_TRUE(cJSON_IsNull(jget(r.json, "ends_at")));
	CU_ASSERT_TRUE(cJSON_IsFalse(jget(r.json, "ended")));
	CU_ASSERT_EQUAL(jnum(r.json, "version"), 2);
	d = jget(r.json, "display");
	CU_ASSERT_STRING_EQUAL(jstr(d, "progress"), "20");
	CU_ASSERT_STRING_EQUAL(jstr(d, "percent"), "8%");
	ms = jget(r.json, "milestones");
	CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(ms), 3);
	m = cJSON_GetArrayItem(ms, 0);
	CU_ASSERT_EQUAL(jnum(m, "target"), 50);
	CU_ASSERT_STRING_EQUAL(jstr(m, "title"), "Pin for all");
	CU_ASSERT_STRING_EQUAL(jstr(m, "image_url"), "/media/pin.png");
	CU_ASSERT_TRUE(cJSON_IsFalse(jget(m, "reached")));
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "reached_at")));
	CU_ASSERT_STRING_EQUAL(jstr(m, "text"), "At 50 every backer gets a pin");
	CU_ASSERT_STRING_EQUAL(jstr(m, "reward"), "gift");
	CU_ASSERT_STRING_EQUAL(jstr(m, "gift_title"), "Enamel pin");
	CU_ASSERT_STRING_EQUAL(jstr(m, "scope"), "all");
	CU_ASSERT_EQUAL(jnum(m, "remaining"), 30);
	CU_ASSERT_TRUE(cJSON_IsNumber(jget(m, "id")));
	m = cJSON_GetArrayItem(ms, 1);
	CU_ASSERT_EQUAL(jnum(m, "target"), 120);
	CU_ASSERT_STRING_EQUAL(jstr(m, "reward"), "reveal");
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "gift_title")));
	CU_ASSERT_EQUAL(jnum(cJSON_GetArrayItem(ms, 2), "target"), 200);
	CU_ASSERT_STRING_EQUAL(jstr(cJSON_GetArrayItem(ms, 2), "scope"), "new");

	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Content-Type", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "application/json");
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Access-Control-Allow-Origin", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "*");
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Cache-Control", h, sizeof(h)));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "max-age=5"));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", h, sizeof(h)));
	CU_ASSERT_EQUAL(h[0], '"');
	fx_resp_free(&r);

	/* Past the goal: percent over 100, reached milestones carry their time. */
	seed_progress(FX, camp_id, 380, 40, "2026-11-21 09:30:00", 0);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[0], NULL, NULL, 0, &r), 200);
	CU_ASSERT_EQUAL(jnum(r.json, "percent"), 152);
	CU_ASSERT_STRING_EQUAL(jstr(jget(r.json, "display"), "percent"), "152%");
	m = cJSON_GetArrayItem(jget(r.json, "milestones"), 0);
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(m, "reached")));
	CU_ASSERT_STRING_EQUAL(jstr(m, "reached_at"), "2026-11-21T09:30:00Z");
	CU_ASSERT_EQUAL(jnum(m, "remaining"), 0);
	CU_ASSERT_STRING_EQUAL(jstr(m, "text"), "SECRET-PIN-UNLOCKED");
	fx_resp_free(&r);
}

static void
test_money_formatting(void)
{
	struct fx_resp	 r;
	const cJSON	*d, *m;
	int64_t		 s, c;

	s = seed_store(FX, "yen", "JPY");
	c = seed_campaign(FX, s, "cam", "Camera", "money", 5000000, "live");
	seed_milestone(FX, c, 1000000, "Strap", NULL, "b", "a", NULL, "all");
	seed_progress(FX, c, 1234567, 1, "2026-11-20 10:00:00", 0);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/api/v1/public/yen/cam", NULL,
	    NULL, 0, &r), 200);
	d = jget(r.json, "display");
	CU_ASSERT_STRING_EQUAL(jstr(d, "progress"), "¥1,234,567");
	CU_ASSERT_STRING_EQUAL(jstr(d, "goal"), "¥5,000,000");
	CU_ASSERT_STRING_EQUAL(jstr(d, "percent"), "24%");
	m = cJSON_GetArrayItem(jget(r.json, "milestones"), 0);
	CU_ASSERT_STRING_EQUAL(jstr(jget(m, "display"), "target"), "¥1,000,000");
	fx_resp_free(&r);

	s = seed_store(FX, "dollar", "USD");
	c = seed_campaign(FX, s, "pen", "Pen", "money", 500000, "live");
	seed_progress(FX, c, 123456, 1, "2026-11-20 10:00:00", 0);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/dollar/pen", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "$1,234.56"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "$5,000.00"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "1 backer<"));
	fx_resp_free(&r);
}

static void
test_not_found(void)
{
	static const char *const paths[] = {
		"/api/v1/public/shop/draft", "/w/shop/draft",
		"/api/v1/public/shop/nope", "/w/shop/nope",
		"/api/v1/public/nope/game", "/w/nope/game",
		"/api/v1/public/other/game", "/api/v1/public/Shop/game",
		"/api/v1/public/shop/ga_me", "/w/shop/%2e%2e",
		"/api/v1/public/shop/-game", "/w/shop/game%3Cscript%3E",
	};
	struct fx_resp	 r;
	char		 h[256];
	size_t		 i;
	int64_t		 other;

	seed_game();
	seed_campaign(FX, store_id, "draft", "Not yet", "units", 10, "draft");
	other = seed_store(FX, "other", "EUR");
	(void)other;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", paths[i], NULL, NULL, 0, &r), 404);
		if (r.status != 404)
			fprintf(stderr, "  %s answered %d\n", paths[i], r.status);
		if (strncmp(paths[i], "/api/", 5) == 0) {
			CU_ASSERT_PTR_NOT_NULL(r.json);
			CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r,
			    "Access-Control-Allow-Origin", h, sizeof(h)));
		} else if (r.status == 404 && strstr(paths[i], "%2e") == NULL) {
			CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "not available"));
		}
		CU_ASSERT_PTR_NULL(strstr(r.body, "Not yet"));
		fx_resp_free(&r);
	}
	/* A draft going live shows; an ended campaign still shows. */
	fx_sql(FX, "UPDATE campaigns SET status = 'ended' WHERE slug = 'draft'");
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/api/v1/public/shop/draft", NULL, NULL, 0, &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(r.json, "ended")));
	fx_resp_free(&r);
	/* Wrong methods and views. */
	CU_ASSERT_EQUAL(fx_http(FX, "POST", views[0], "Content-Type: application/json\r\n",
	    "{}", 2, &r), 405);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?view=huge", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?view=%ff", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?view=full&utm=x", NULL, NULL, 0, &r), 200);
	fx_resp_free(&r);
}

static void
test_etag_304(void)
{
	struct fx_resp	 r;
	char		 etag[128], h[256], hdr[400], first[128];
	size_t		 v;

	seed_game();
	for (v = 0; v < NVIEWS; v++) {
		CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[v], NULL, NULL, 0, &r), 200);
		CU_ASSERT_PTR_NOT_NULL_FATAL(fx_resp_header(&r, "ETag", etag, sizeof(etag)));
		fx_resp_free(&r);
		snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], hdr, NULL, 0, &r), 304);
		CU_ASSERT_EQUAL(r.body_len, 0);
		CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", h, sizeof(h)));
		CU_ASSERT_STRING_EQUAL(h, etag);
		CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Cache-Control", h, sizeof(h)));
		if (v == 0) {
			CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r,
			    "Access-Control-Allow-Origin", h, sizeof(h)));
		} else {
			CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r,
			    "Content-Security-Policy", h, sizeof(h)));
			CU_ASSERT_PTR_NOT_NULL(strstr(h, "frame-ancestors *"));
		}
		fx_resp_free(&r);
		/* Weak form and lists match too; another tag does not. */
		snprintf(hdr, sizeof(hdr), "If-None-Match: \"x\", W/%s\r\n", etag);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], hdr, NULL, 0, &r), 304);
		fx_resp_free(&r);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], "If-None-Match: *\r\n",
		    NULL, 0, &r), 304);
		fx_resp_free(&r);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], "If-None-Match: \"1-1-j0\"\r\n",
		    NULL, 0, &r), 200);
		fx_resp_free(&r);
		CU_ASSERT_EQUAL(fx_http(FX, "HEAD", views[v], hdr, NULL, 0, &r), 304);
		fx_resp_free(&r);
	}
	/* A new version: the old tag no longer matches. */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[0], NULL, NULL, 0, &r), 200);
	fx_resp_header(&r, "ETag", first, sizeof(first));
	fx_resp_free(&r);
	seed_progress(FX, camp_id, 60, 5, "2026-11-21 09:30:00", 0);
	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", first);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", views[0], hdr, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", h, sizeof(h)));
	CU_ASSERT_STRING_NOT_EQUAL(h, first);
	CU_ASSERT_EQUAL(jnum(r.json, "progress"), 60);
	fx_resp_free(&r);

	/* The preflight of a script that sends If-None-Match itself. */
	CU_ASSERT_EQUAL(fx_http(FX, "OPTIONS", views[0], "Origin: http://shop.test\r\n"
	    "Access-Control-Request-Method: GET\r\n"
	    "Access-Control-Request-Headers: if-none-match\r\n", NULL, 0, &r), 204);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Access-Control-Allow-Headers", h, sizeof(h)));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "If-None-Match"));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Access-Control-Allow-Origin", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "*");
	fx_resp_free(&r);
}

/* No answer of any view, head or body, may hold a secret. */
static void
assert_no_secret(const char *secret, int want_present_in_views)
{
	struct fx_resp	 r;
	char		 hdr[400], etag[128];
	size_t		 v;
	int		 found = 0;

	for (v = 0; v < NVIEWS; v++) {
		CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[v], NULL, NULL, 0, &r), 200);
		if (strstr(r.head, secret) != NULL)
			CU_FAIL("secret in a header");
		if (strstr(r.body, secret) != NULL)
			found++;
		fx_resp_header(&r, "ETag", etag, sizeof(etag));
		fx_resp_free(&r);
		snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], hdr, NULL, 0, &r), 304);
		CU_ASSERT_PTR_NULL(strstr(r.head, secret));
		CU_ASSERT_PTR_NULL(strstr(r.body, secret));
		fx_resp_free(&r);
		CU_ASSERT_EQUAL(fx_http(FX, "HEAD", views[v], NULL, NULL, 0, &r), 200);
		CU_ASSERT_PTR_NULL(strstr(r.head, secret));
		fx_resp_free(&r);
	}
	CU_ASSERT_EQUAL(found, want_present_in_views);
}

static void
test_reveal_secrecy(void)
{
	seed_game();
	assert_no_secret("SECRET", 0);
	/* 60 reaches the pin only: its after text shows, the others stay hidden. */
	seed_progress(FX, camp_id, 60, 5, "2026-11-21 09:30:00", 0);
	assert_no_secret("SECRET-ISLAND", 0);
	assert_no_secret("SECRET-DICE", 0);
	/* JSON and full page show texts; the compact view shows only the next. */
	assert_no_secret("SECRET-PIN-UNLOCKED", 2);
	/* Latched: progress falls back below, the text stays revealed. */
	seed_progress(FX, camp_id, 10, 1, "2026-11-21 09:30:00", 0);
	assert_no_secret("SECRET-PIN-UNLOCKED", 2);
	assert_no_secret("SECRET-ISLAND", 0);
	/* A milestone reached by an edit (reached_at set) reveals likewise. */
	fx_sql(FX, "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6) WHERE target = 200");
	fx_sql(FX, "UPDATE campaigns SET version = version + 1");
	assert_no_secret("SECRET-DICE-UNLOCKED", 2);
	assert_no_secret("SECRET-ISLAND", 0);
}

/* The ETag of path (any view) into etag. */
static void
etag_of(const char *path, char *etag, size_t size)
{
	struct fx_resp	 r;

	*etag = '\0';
	CU_ASSERT_EQUAL(fx_http(FX, "GET", path, NULL, NULL, 0, &r), 200);
	fx_resp_header(&r, "ETag", etag, size);
	fx_resp_free(&r);
}

/* The milestone with target t of the progress JSON r, or NULL. */
static const cJSON *
json_milestone(const struct fx_resp *r, int64_t t)
{
	const cJSON	*m;

	cJSON_ArrayForEach(m, jget(r->json, "milestones"))
		if (jnum(m, "target") == (double)t)
			return m;
	return NULL;
}

/* The oEmbed answer of the widget page (and the compact one) holds no s. */
static void
assert_oembed_clean(const char *s)
{
	static const char *const q[] = {
		"/oembed?url=http%3A%2F%2Fx.example%2Fw%2Fshop%2Fgame",
		"/oembed?url=http%3A%2F%2Fx.example%2Fw%2Fshop%2Fgame%3Fview%3Dcompact",
	};
	struct fx_resp	 r;
	size_t		 i;

	for (i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", q[i], NULL, NULL, 0, &r), 200);
		CU_ASSERT_PTR_NULL(strstr(r.head, s));
		CU_ASSERT_PTR_NULL(strstr(r.body, s));
		fx_resp_free(&r);
	}
}

/*
 * SPEC rule 3 for secret goals and photos that are not teasers, against
 * every view (JSON, full and compact page, HEAD, 304, oEmbed), with
 * hostile query strings and validators: before the reach a secret goal is
 * its target and "Secret stretch goal", a non-teaser photo and its alt
 * text are named nowhere; the reach changes every ETag and shows it all.
 */
static void
test_secret_goals(void)
{
	static const char *const hostile[] = {
		"/api/v1/public/shop/game?secret=0&reached=1",
		"/api/v1/public/shop/game?view=full&preview=1",
		"/w/shop/game?preview=1&view=full",
		"/w/shop/game?view=compact&theme=dark&accent=%23ff0000",
		"/w/shop/game?theme=light",
		"/w/shop/game/",
		"/api/v1/public/shop/game#HIDDEN",
	};
	static const char *const hidden[] = {
		"HIDDEN-TITLE-VAULT", "HIDDEN-IMG-VAULT", "HIDDEN-BEFORE-VAULT",
		"HIDDEN-AFTER-VAULT", "HIDDEN-GIFT-VAULT", "HIDDEN-ALT-VAULT",
		"HIDDEN-TITLE-CROWN", "HIDDEN-IMG-CROWN", "HIDDEN-BEFORE-CROWN",
		"HIDDEN-AFTER-CROWN", "HIDDEN-ALT-CROWN", "HIDDEN-IMG-ISLAND",
		"HIDDEN-ALT-ISLAND",
	};
	struct fx_resp	 r;
	const cJSON	*m;
	char		 before[NVIEWS][128], after[128], hdr[256];
	size_t		 i, v;

	seed_game();
	seed_secrets();
	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		assert_no_secret(hidden[i], 0);
		assert_oembed_clean(hidden[i]);
	}
	assert_no_secret("HIDDEN", 0);
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		fx_http(FX, "GET", hostile[i], "If-None-Match: *, W/\"x\"\r\n"
		    "Cookie: sg_session=forged\r\nX-Preview: 1\r\n", NULL, 0, &r);
		CU_ASSERT_PTR_NULL(strstr(r.head, "HIDDEN"));
		CU_ASSERT_PTR_NULL(strstr(r.body == NULL ? "" : r.body, "HIDDEN"));
		fx_resp_free(&r);
		fx_http(FX, "GET", hostile[i], NULL, NULL, 0, &r);
		CU_ASSERT_PTR_NULL(strstr(r.body == NULL ? "" : r.body, "HIDDEN"));
		fx_resp_free(&r);
	}
	/* The JSON: the target and that it is a secret, nothing else. */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[0], NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m = json_milestone(&r, 150));
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(m, "secret")));
	CU_ASSERT_TRUE(cJSON_IsFalse(jget(m, "reached")));
	CU_ASSERT_EQUAL(jnum(m, "remaining"), 130);
	CU_ASSERT_STRING_EQUAL(jstr(jget(m, "display"), "target"), "150");
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "title")));
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "text")));
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "image_url")));
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "image_alt")));
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "reward")));
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "gift_title")));
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "gift_quantity")));
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "scope")));
	CU_ASSERT_PTR_NOT_NULL_FATAL(m = json_milestone(&r, 120));
	CU_ASSERT_TRUE(cJSON_IsFalse(jget(m, "secret")));
	CU_ASSERT_STRING_EQUAL(jstr(m, "title"), "A new island");
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "image_url")));
	CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "image_alt")));
	/* A teaser shows before the reach, with the creator's alt text. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(m = json_milestone(&r, 200));
	CU_ASSERT_STRING_EQUAL(jstr(m, "image_url"), "https://cdn.example/dice.jpg");
	CU_ASSERT_STRING_EQUAL(jstr(m, "image_alt"), "Two wooden dice");
	fx_resp_free(&r);
	/* The pages: a locked card with its target. */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[1], NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-secret sg-hidden"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<span class=\"sg-ms-target\">150</span> "
	    "<strong class=\"sg-ms-title\">Secret stretch goal</strong>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "alt=\"Two wooden dice\""));
	fx_resp_free(&r);
	/* The compact page names the next goal, a secret one as such. */
	seed_progress(FX, camp_id, 125, 4, "2026-11-21 09:00:00", 0);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[2], NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Next: <strong>Secret stretch goal</strong> at 150"));
	fx_resp_free(&r);
	/* So do the share tags (and the share image, drawn from the same text). */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[1], NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Next: Secret stretch goal at 150"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game/share.png", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(memmem(r.body, r.body_len, "HIDDEN", 6));
	fx_resp_free(&r);
	assert_no_secret("HIDDEN-TITLE-VAULT", 0);
	/* The island is reached: its photo and alt text show (JSON, full page). */
	assert_no_secret("HIDDEN-IMG-ISLAND", 2);
	assert_no_secret("HIDDEN-ALT-ISLAND", 2);
	for (v = 0; v < NVIEWS; v++)
		etag_of(views[v], before[v], sizeof(before[v]));
	/* 150 is reached: everything of the vault shows, and every ETag moved. */
	seed_progress(FX, camp_id, 160, 5, "2026-11-21 10:00:00", 0);
	for (v = 0; v < NVIEWS; v++) {
		etag_of(views[v], after, sizeof(after));
		CU_ASSERT_STRING_NOT_EQUAL(after, before[v]);
		snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", before[v]);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], hdr, NULL, 0, &r), 200);
		fx_resp_free(&r);
	}
	assert_no_secret("HIDDEN-TITLE-VAULT", 2);
	assert_no_secret("HIDDEN-AFTER-VAULT", 2);
	assert_no_secret("HIDDEN-IMG-VAULT", 2);
	assert_no_secret("HIDDEN-ALT-VAULT", 2);
	assert_no_secret("HIDDEN-GIFT-VAULT", 2);
	assert_no_secret("HIDDEN-BEFORE-VAULT", 0);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[0], NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m = json_milestone(&r, 150));
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(m, "secret")));
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(m, "reached")));
	CU_ASSERT_STRING_EQUAL(jstr(m, "reward"), "gift");
	CU_ASSERT_STRING_EQUAL(jstr(m, "scope"), "new");
	CU_ASSERT_EQUAL(jnum(m, "gift_quantity"), 1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[1], NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Secret goal unlocked"));
	fx_resp_free(&r);
	/* The crown (secret, teaser photo) is still a locked card everywhere. */
	assert_no_secret("HIDDEN-TITLE-CROWN", 0);
	assert_no_secret("HIDDEN-IMG-CROWN", 0);
	assert_no_secret("HIDDEN-ALT-CROWN", 0);
	assert_oembed_clean("HIDDEN-TITLE-CROWN");
	/* Latched: progress falls back, the vault stays shown. */
	seed_progress(FX, camp_id, 10, 1, "2026-11-21 10:00:00", 0);
	assert_no_secret("HIDDEN-AFTER-VAULT", 2);
	assert_no_secret("HIDDEN-AFTER-CROWN", 0);
}

/* Hostile creator text in every field: nothing may come out as markup. */
static void
test_xss_payloads(void)
{
	static const char *const payloads[] = {
		"<script>alert(1)</script>",
		"\"><img src=x onerror=alert(1)>",
		"'><svg onload=alert(1)>",
		"</title><script>alert(1)</script>",
		"{{title}}{{{title}}}",
		"<iframe src=javascript:alert(1)>",
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"</style><style>*{display:none}</style>",
		"<a href=\"javascript:alert(1)\">x</a>",
		"\xe2\x80\xae<b onmouseover=alert(1)>",
	};
	static const char *const bad_urls[] = {
		"javascript:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>",
		"//evil.example/x.png", "/media/../../etc/passwd",
		"https://x.example/a.png\" onerror=\"alert(1)", "vbscript:msgbox(1)",
	};
	struct fx_resp	 r;
	char		 slug[32], path[3][96], gift[16];
	int64_t		 s, c;
	size_t		 i, v;

	s = seed_store(FX, "xss", "USD");
	for (i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++) {
		snprintf(slug, sizeof(slug), "c%zu", i);
		snprintf(gift, sizeof(gift), "g%zu", i);
		seed_product(FX, s, gift, payloads[i]);
		c = seed_campaign(FX, s, slug, payloads[i], "units", 100, "live");
		seed_milestone(FX, c, 10, payloads[i],
		    bad_urls[i % (sizeof(bad_urls) / sizeof(bad_urls[0]))],
		    payloads[i], payloads[i], gift, "all");
		seed_milestone(FX, c, 50, payloads[i], NULL, payloads[i],
		    payloads[i], NULL, "new");
		seed_progress(FX, c, 20, 2, "2026-11-20 10:00:00", 0);
		snprintf(path[0], sizeof(path[0]), "/api/v1/public/xss/%s", slug);
		snprintf(path[1], sizeof(path[1]), "/w/xss/%s", slug);
		snprintf(path[2], sizeof(path[2]), "/w/xss/%s?view=compact", slug);
		for (v = 0; v < 3; v++) {
			CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", path[v], NULL, NULL, 0, &r), 200);
			if (v == 0) {
				/* JSON carries the text as data, never as markup. */
				CU_ASSERT_PTR_NOT_NULL(r.json);
				CU_ASSERT_STRING_EQUAL(jstr(r.json, "title"), payloads[i]);
				CU_ASSERT_TRUE(cJSON_IsNull(jget(cJSON_GetArrayItem(
				    jget(r.json, "milestones"), 0), "image_url")));
			} else {
				if (strstr(payloads[i], "<") != NULL) {
					CU_ASSERT_PTR_NULL(strstr(r.body, payloads[i]));
				}
				CU_ASSERT_TRUE(page_scripts_ours(r.body));
				CU_ASSERT_PTR_NULL(strstr(r.body, "<img src=x"));
				CU_ASSERT_PTR_NULL(strstr(r.body, "<svg onload"));
				CU_ASSERT_PTR_NULL(strstr(r.body, "<iframe"));
				CU_ASSERT_PTR_NULL(strstr(r.body, "<a href"));
				CU_ASSERT_PTR_NULL(strstr(r.body, "<b "));
				CU_ASSERT_PTR_NULL(strstr(r.body, "<style>"));
				/* Escaped text may mention a scheme; no attribute may. */
				CU_ASSERT_PTR_NULL(strstr(r.body, "=\"javascript:"));
				CU_ASSERT_PTR_NULL(strstr(r.body, "=\"vbscript:"));
				CU_ASSERT_PTR_NULL(strstr(r.body, "=\"data:"));
				CU_ASSERT_PTR_NULL(strstr(r.body, "src=\"//"));
				CU_ASSERT_PTR_NULL(strstr(r.body, "evil.example"));
				CU_ASSERT_PTR_NULL(strstr(r.body, "etc/passwd"));
				CU_ASSERT_PTR_NULL(strstr(r.body, "\" onerror"));
				/* Mustache in data is not expanded again. */
				if (i == 4) {
					CU_ASSERT_PTR_NOT_NULL(strstr(r.body,
					    "{{title}}{{{title}}}"));
				}
			}
			fx_resp_free(&r);
		}
	}
}

static void
test_widget_page(void)
{
	struct fx_resp	 r;
	char		 h[512], sql[256];

	seed_game();
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Content-Type", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "text/html; charset=utf-8");
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Content-Security-Policy", h, sizeof(h)));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "frame-ancestors *"));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "default-src 'none'"));
	/* Only the service's own script (no inline script, no other host). */
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "; script-src 'self'; "));
	CU_ASSERT_PTR_NULL(strstr(strstr(h, "script-src") + 1, "script-src"));
	CU_ASSERT_PTR_NULL(strstr(h, "unsafe"));
	CU_ASSERT_PTR_NULL(fx_resp_header(&r, "X-Frame-Options", h, sizeof(h)));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "role=\"progressbar\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "aria-valuenow=\"20\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "aria-valuemax=\"250\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "name=\"viewport\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "/static/stretchgoal.css"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-full"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "src=\"/media/pin.png\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "src=\"https://cdn.example/dice.jpg\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "30 to go"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "3 backers"));
	/* Bar: scale max(goal 250, 200) = 250; fill 20/250 = 80 of 1000. */
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "class=\"sg-bar-fill\" x=\"0\" y=\"6\" width=\"80\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "x1=\"200\""));	/* 50/250 */
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "x1=\"800\""));	/* 200/250 */
	CU_ASSERT_TRUE(page_scripts_ours(r.body));
	fx_resp_free(&r);

	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game?view=compact", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-compact"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Next: <strong>Pin for all</strong>"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "sg-milestones"));
	fx_resp_free(&r);

	/* A countdown, and an ended campaign by time alone (no version bump). */
	snprintf(sql, sizeof(sql), "UPDATE campaigns SET ends_at = UTC_TIMESTAMP() + "
	    "INTERVAL 5 DAY + INTERVAL 1 HOUR, version = version + 1 WHERE id = %lld",
	    (long long)camp_id);
	fx_sql(FX, sql);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "5 days left"));
	fx_resp_free(&r);
	snprintf(sql, sizeof(sql), "UPDATE campaigns SET ends_at = UTC_TIMESTAMP() + "
	    "INTERVAL 5 HOUR + INTERVAL 10 MINUTE WHERE id = %lld", (long long)camp_id);
	fx_sql(FX, sql);
	snprintf(sql, sizeof(sql), "UPDATE campaigns SET ends_at = UTC_TIMESTAMP() - "
	    "INTERVAL 1 MINUTE WHERE id = %lld", (long long)camp_id);
	fx_sql(FX, sql);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Campaign ended"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "days left"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", views[0], NULL, NULL, 0, &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(r.json, "ended")));
	fx_resp_free(&r);
}

/*
 * The worker keeps rendered bytes per (campaign, version): a change that
 * did not bump the version is not seen (proof that nothing re-rendered),
 * one that did is.  The instance has one worker, so every request meets
 * the same cache.
 */
static void
test_render_cache(void)
{
	struct fx_resp	 r;
	size_t		 v;

	seed_game();
	for (v = 0; v < NVIEWS; v++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], NULL, NULL, 0, &r), 200);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Skyward Isles"));
		fx_resp_free(&r);
	}
	fx_sql(FX, "UPDATE campaigns SET title = 'Renamed quietly'");
	for (v = 0; v < NVIEWS; v++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], NULL, NULL, 0, &r), 200);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Skyward Isles"));
		CU_ASSERT_PTR_NULL(strstr(r.body, "Renamed quietly"));
		fx_resp_free(&r);
	}
	fx_sql(FX, "UPDATE campaigns SET version = version + 1");
	for (v = 0; v < NVIEWS; v++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], NULL, NULL, 0, &r), 200);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Renamed quietly"));
		fx_resp_free(&r);
	}
	/* Deleted: gone at once, whatever the cache holds. */
	fx_sql(FX, "DELETE FROM milestones");
	fx_sql(FX, "DELETE FROM campaigns");
	CU_ASSERT_EQUAL(fx_http(FX, "GET", views[0], NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
}

/* stretchgoalctl render prints exactly the rendering, nothing added. */
static void
test_ctl_render(void)
{
	char		 tpl[700], data[700], pdir[700], part[800], out[4096], err[1024];
	const char	*argv[8];
	FILE		*f;

	snprintf(tpl, sizeof(tpl), "%s/t.mustache", FX->dir);
	snprintf(data, sizeof(data), "%s/d.json", FX->dir);
	snprintf(pdir, sizeof(pdir), "%s/partials", FX->dir);
	snprintf(part, sizeof(part), "%s/p.mustache", pdir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(tpl, "w"));
	fputs("Hi {{name}}{{#items}} [{{.}}]{{/items}}{{> p}}", f);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(data, "w"));
	fputs("{\"name\": \"<b>&\", \"items\": [1, \"two\"], \"x\": 7}", f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(system(NULL) != 0, 1);
	snprintf(out, sizeof(out), "mkdir -p %s", pdir);
	CU_ASSERT_EQUAL(system(out), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(part, "w"));
	fputs(" x={{x}}", f);
	fclose(f);

	argv[0] = "render"; argv[1] = tpl; argv[2] = data; argv[3] = NULL;
	CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), argv), 0);
	CU_ASSERT_STRING_EQUAL(out, "Hi &lt;b&gt;&amp; [1] [two]");
	argv[3] = "--partials"; argv[4] = pdir; argv[5] = NULL;
	CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), argv), 0);
	CU_ASSERT_STRING_EQUAL(out, "Hi &lt;b&gt;&amp; [1] [two] x=7");
	/* Errors: a missing file, bad JSON, a template that does not parse. */
	argv[2] = "/nonexistent.json"; argv[3] = NULL;
	CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), argv), 1);
	CU_ASSERT_STRING_EQUAL(out, "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(data, "w"));
	fputs("{\"name\": ", f);
	fclose(f);
	argv[2] = data;
	CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), argv), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "JSON"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(tpl, "w"));
	fputs("{{#a}}", f);
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(data, "w"));
	fputs("{}", f);
	fclose(f);
	CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), argv), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 1"));
	argv[1] = NULL;
	CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), argv), 2);
}

/* The pids of the children of nginx's master process. */
static int
nginx_workers(pid_t *pids, int max)
{
	char		 path[700], buf[512], *p;
	DIR		*d;
	struct dirent	*de;
	FILE		*f;
	long		 master = 0, ppid;
	int		 n = 0;

	snprintf(path, sizeof(path), "%s/nginx/nginx.pid", FX->dir);
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%ld", &master) != 1)
			master = 0;
		fclose(f);
	}
	if (master <= 0 || (d = opendir("/proc")) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL && n < max) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(buf, sizeof(buf), f) != NULL &&
		    (p = strrchr(buf, ')')) != NULL &&
		    sscanf(p + 1, " %*c %ld", &ppid) == 1 && ppid == master)
			pids[n++] = (pid_t)atol(de->d_name);
		fclose(f);
	}
	closedir(d);
	return n;
}

static pid_t	 old_workers[16];
static int	 nold_workers;

/* The reload is done when no worker of the old configuration is left. */
static int
nginx_reloaded(void *arg)
{
	pid_t	 now[16];
	int	 n, i, j;

	(void)arg;
	n = nginx_workers(now, 16);
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		for (j = 0; j < nold_workers; j++)
			if (now[i] == old_workers[j])
				return 0;
	return 1;
}

/* Turn the shipped micro-cache on: drop the "#MC " prefixes, reload nginx. */
static void
microcache_enable(void)
{
	char	 path[700], cmd[2400], line[1024], *text;
	FILE	*in, *out;
	size_t	 len = 0;

	snprintf(path, sizeof(path), "%s/nginx/stretchgoal.conf", FX->dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text = calloc(1, 1 << 20));
	CU_ASSERT_PTR_NOT_NULL_FATAL(in = fopen(path, "r"));
	while (fgets(line, sizeof(line), in) != NULL && len + sizeof(line) < (1 << 20)) {
		len += (size_t)snprintf(text + len, (1 << 20) - len, "%s",
		    strncmp(line, "#MC ", 4) == 0 ? line + 4 : line);
	}
	fclose(in);
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(text, "fastcgi_cache sg_public_cache;"));
	CU_ASSERT_PTR_NOT_NULL_FATAL(out = fopen(path, "w"));
	fputs(text, out);
	fclose(out);
	free(text);
	nold_workers = nginx_workers(old_workers, 16);
	CU_ASSERT_TRUE_FATAL(nold_workers > 0);
	snprintf(cmd, sizeof(cmd), "nginx -p %s/nginx -c %s/nginx/nginx.conf -e stderr "
	    "-s reload", FX->dir, FX->dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_TRUE_FATAL(fx_wait(10000, nginx_reloaded, NULL));
}

static int
microcache_shows(const char *path, const char *what)
{
	struct fx_resp	 r;
	int		 found;

	fx_http(FX, "GET", path, NULL, NULL, 0, &r);
	found = r.body != NULL && strstr(r.body, what) != NULL;
	fx_resp_free(&r);
	return found;
}

static int
microcache_revealed(void *arg)
{
	return microcache_shows((const char *)arg, "SECRET-PIN-UNLOCKED");
}

static int
microcache_vault_revealed(void *arg)
{
	return microcache_shows((const char *)arg, "HIDDEN-TITLE-VAULT");
}

/*
 * The optional nginx micro-cache: hits, 304s answered by nginx, never a
 * cached 304 handed to a client without a validator, and the after text
 * still hidden until reached, then shown within a second or so.
 */
static void
test_microcache(void)
{
	struct fx_resp	 r;
	char		 h[128], etag[128], hdr[256];
	size_t		 v;

	seed_game();
	seed_secrets();
	microcache_enable();
	for (v = 0; v < NVIEWS; v++) {
		/* HEAD first: its empty body must never be served to a GET. */
		CU_ASSERT_EQUAL(fx_http(FX, "HEAD", views[v], NULL, NULL, 0, &r), 200);
		fx_resp_free(&r);
		/* A validator on a cold key: nginx asks for the full answer. */
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], "If-None-Match: *\r\n",
		    NULL, 0, &r), 304);
		fx_resp_free(&r);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], NULL, NULL, 0, &r), 200);
		CU_ASSERT_TRUE(r.body_len > 100);
		CU_ASSERT_PTR_NULL(strstr(r.body, "SECRET"));
		CU_ASSERT_PTR_NULL(strstr(r.body, "HIDDEN"));
		fx_resp_header(&r, "ETag", etag, sizeof(etag));
		fx_resp_free(&r);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], NULL, NULL, 0, &r), 200);
		if (fx_resp_header(&r, "X-Cache", h, sizeof(h)) == NULL) {
			fprintf(stderr, "no X-Cache:\n%s\n", r.head);
			CU_FAIL("no X-Cache header");
		}
		CU_ASSERT_TRUE(r.body_len > 100);
		fx_resp_free(&r);
		snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag);
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], hdr, NULL, 0, &r), 304);
		CU_ASSERT_EQUAL(r.body_len, 0);
		fx_resp_free(&r);
	}
	CU_ASSERT_EQUAL(fx_http(FX, "GET", views[0], NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Access-Control-Allow-Origin", h, sizeof(h)));
	fx_resp_free(&r);
	seed_progress(FX, camp_id, 60, 5, "2026-11-21 09:30:00", 0);
	for (v = 0; v < NVIEWS; v++)
		CU_ASSERT_TRUE(fx_wait(5000, microcache_revealed, (void *)views[v]) ||
		    v == 2);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", views[1], NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, "SECRET-ISLAND"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "HIDDEN"));
	fx_resp_free(&r);
	/* A secret goal through the cache: hidden until reached, then shown. */
	seed_progress(FX, camp_id, 160, 6, "2026-11-21 10:00:00", 0);
	for (v = 0; v < 2; v++)
		CU_ASSERT_TRUE(fx_wait(5000, microcache_vault_revealed,
		    (void *)views[v]));
	for (v = 0; v < NVIEWS; v++) {
		CU_ASSERT_EQUAL(fx_http(FX, "GET", views[v], NULL, NULL, 0, &r), 200);
		CU_ASSERT_PTR_NULL(strstr(r.body, "HIDDEN-TITLE-CROWN"));
		CU_ASSERT_PTR_NULL(strstr(r.body, "HIDDEN-IMG-CROWN"));
		fx_resp_free(&r);
	}
}

/* POST an order of qty copies of p-game through the pipeline API. */
static int
api_order(const char *auth, const char *id, int qty)
{
	struct fx_resp	 r;
	char		 body[512];
	int		 st;

	snprintf(body, sizeof(body), "{\"id\": \"%s\", \"placed_at\": "
	    "\"2026-11-22T10:00:00Z\", \"currency\": \"USD\", \"customer\": "
	    "{\"id\": \"c-%s\"}, \"line_items\": [{\"product_id\": \"p-game\", "
	    "\"quantity\": %d, \"price\": 4900}]}", id, id, qty);
	st = fx_http(FX, "POST", "/api/v1/orders", auth, body, strlen(body), &r);
	fx_resp_free(&r);
	return st;
}

/*
 * The contract with the pipeline module: orders, cancellations and edits
 * through the real API bump the version, so the widget (cached per
 * version) shows them at once, and reveals follow reached_at.
 */
static void
test_pipeline_api_drives_the_widget(void)
{
	static const char *const demo[] = { "demo", NULL };
	static const char *const token[] = { "token", "create", "--store", "demo", NULL };
	static const char *const json = "/api/v1/public/demo/skyward-isles";
	static const char *const page = "/w/demo/skyward-isles";
	struct fx_resp	 r;
	char		 out[512], err[512], auth[700], etag[128], hdr[256], path[128],
			 body[256];
	int64_t		 ms2;
	size_t		 n;

	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), demo), 0);
	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), token), 0);
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\n", out);

	/* Warm every cache, keep the ETag. */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", json, NULL, NULL, 0, &r), 200);
	CU_ASSERT_EQUAL(jnum(r.json, "progress"), 0);
	fx_resp_header(&r, "ETag", etag, sizeof(etag));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", page, NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, "Frost Island"));
	fx_resp_free(&r);

	/* 60 copies reach the first milestone. */
	CU_ASSERT_EQUAL(api_order(auth, "1001", 60), 201);
	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", etag);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", json, hdr, NULL, 0, &r), 200);
	CU_ASSERT_EQUAL(jnum(r.json, "progress"), 60);
	CU_ASSERT_EQUAL(jnum(r.json, "backers"), 1);
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(cJSON_GetArrayItem(jget(r.json, "milestones"), 0),
	    "reached")));
	CU_ASSERT_STRING_EQUAL(jstr(cJSON_GetArrayItem(jget(r.json, "milestones"), 0),
	    "text"), "Unlocked! Every backer gets an enamel pin.");
	CU_ASSERT_PTR_NULL(strstr(r.body, "Frost Island"));
	fx_resp_free(&r);

	/* 70 more reach the island; the page reveals it. */
	CU_ASSERT_EQUAL(api_order(auth, "1002", 70), 201);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", page, NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "The Frost Island joins the base game!"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "aria-valuenow=\"130\""));
	fx_resp_free(&r);

	/* Cancelled: progress falls back, the reveal stays (latched). */
	CU_ASSERT_EQUAL(fx_http(FX, "POST", "/api/v1/orders/1002/cancel", auth, NULL, 0, &r), 200);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", json, NULL, NULL, 0, &r), 200);
	CU_ASSERT_EQUAL(jnum(r.json, "progress"), 60);
	CU_ASSERT_STRING_EQUAL(jstr(cJSON_GetArrayItem(jget(r.json, "milestones"), 1),
	    "text"), "The Frost Island joins the base game!");
	ms2 = (int64_t)jnum(cJSON_GetArrayItem(jget(r.json, "milestones"), 1), "id");
	fx_resp_free(&r);

	/* A creator edits the revealed text: the widget follows. */
	snprintf(path, sizeof(path), "/api/v1/campaigns/skyward-isles/milestones/%lld",
	    (long long)ms2);
	snprintf(body, sizeof(body), "{\"after_text\": \"Frost Island, now with penguins.\"}");
	CU_ASSERT_EQUAL(fx_http(FX, "PATCH", path, auth, body, strlen(body), &r), 200);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", page, NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Frost Island, now with penguins."));
	fx_resp_free(&r);
}

static int
public_answers(void *arg)
{
	struct fx_resp	 r;
	int		 ok;

	(void)arg;
	ok = fx_http(FX, "GET", views[0], NULL, NULL, 0, &r) == 200;
	fx_resp_free(&r);
	return ok;
}

/* Database down: 503 with Retry-After from every view, then recovery. */
static int
progress_is(struct fx *fx, int64_t want)
{
	struct fx_resp	 r;
	const cJSON	*p;
	int		 ok;

	fx_http(fx, "GET", "/api/v1/public/fresh/c", NULL, NULL, 0, &r);
	p = r.json != NULL ? cJSON_GetObjectItemCaseSensitive(r.json, "progress") : NULL;
	ok = r.status == 200 && cJSON_IsNumber(p) && (int64_t)p->valuedouble == want;
	fx_resp_free(&r);
	return ok;
}

static int
progress_is_7(void *arg)
{
	return progress_is(arg, 7);
}

/*
 * public_fresh_ms: a worker answers from its last lookup of a campaign for
 * that long (here 3 s, one worker), then asks the database again.
 */
static void
test_fresh_window(void)
{
	struct fx_opts	 opts = { 1, "public_fresh_ms = 3000\n" };
	struct fx	*fx;
	int64_t		 store, camp;

	fx = fx_start(&opts);
	store = seed_store(fx, "fresh", "USD");
	camp = seed_campaign(fx, store, "c", "Fresh", "units", 10, "live");
	seed_progress(fx, camp, 3, 1, "2026-01-01 00:00:00", 0);
	CU_ASSERT_TRUE(progress_is(fx, 3));
	seed_progress(fx, camp, 7, 2, "2026-01-01 00:00:00", 0);
	/* Within the window: the worker's lookup stands. */
	CU_ASSERT_TRUE(progress_is(fx, 3));
	/* After it: the new version shows. */
	CU_ASSERT_TRUE(fx_wait(6000, progress_is_7, fx));
	fx_stop(fx);
}

static void
get_etag(struct fx *fx, const char *path, const char *inm, int want,
    char *etag, size_t size)
{
	struct fx_resp	 r;
	char		 hdr[256];

	snprintf(hdr, sizeof(hdr), "If-None-Match: %s\r\n", inm);
	CU_ASSERT_EQUAL(fx_http(fx, "GET", path, inm != NULL ? hdr : NULL, NULL, 0,
	    &r), want);
	if (fx_resp_header(&r, "ETag", etag, size) == NULL)
		etag[0] = '\0';
	fx_resp_free(&r);
}

struct reload_wait {
	struct fx	*fx;
	pid_t		 old;
};

static int
workers_replaced(void *arg)
{
	struct reload_wait	*w = arg;
	pid_t			 p[8];
	int			 n, i;

	n = fx_workers(w->fx, p, 8);
	for (i = 0; i < n; i++)
		if (p[i] == w->old)
			return 0;
	return n == 1;
}

/*
 * The widget pages' ETag carries the templates: after a restyle and a
 * SIGHUP, a browser holding the old page gets the new one, not a 304.  The
 * JSON's ETag does not change.
 */
static void
test_etag_follows_templates(void)
{
	char		 dir[] = "/tmp/sgtest-tmpl-XXXXXX", cmd[1024], conf[700];
	char		 page1[128], page2[128], json1[128], json2[128];
	struct fx_opts	 opts = { 1, NULL };
	struct reload_wait w;
	struct fx	*fx;
	FILE		*f;
	pid_t		 p[8];
	int64_t		 store;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp -r %s/templates/*.mustache %s/templates/i18n "
	    "%s/", fx_srcdir(), fx_srcdir(), dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	snprintf(conf, sizeof(conf), "template_dir = %s\n", dir);
	opts.extra_conf = conf;
	fx = fx_start(&opts);
	store = seed_store(fx, "tpl", "USD");
	seed_campaign(fx, store, "c", "Templated", "units", 10, "live");
	get_etag(fx, "/w/tpl/c", NULL, 200, page1, sizeof(page1));
	get_etag(fx, "/api/v1/public/tpl/c", NULL, 200, json1, sizeof(json1));
	get_etag(fx, "/w/tpl/c", page1, 304, page2, sizeof(page2));

	snprintf(cmd, sizeof(cmd), "%s/widget.mustache", dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(cmd, "a"));
	fputs("{{! restyled }}\n", f);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(fx_workers(fx, p, 8), 1);
	w.fx = fx;
	w.old = p[0];
	CU_ASSERT_EQUAL_FATAL(kill(fx->prog, SIGHUP), 0);
	CU_ASSERT_TRUE_FATAL(fx_wait(5000, workers_replaced, &w));

	get_etag(fx, "/w/tpl/c", page1, 200, page2, sizeof(page2));
	CU_ASSERT_STRING_NOT_EQUAL(page1, page2);
	get_etag(fx, "/api/v1/public/tpl/c", json1, 304, json2, sizeof(json2));

	/*
	 * A catalogue is loaded with the templates: a new word reaches the
	 * page and the JSON after SIGHUP, under new ETags of both; a new
	 * file is a new language (right to left here).
	 */
	snprintf(cmd, sizeof(cmd), "sed -i 's/\"of {goal}\"/\"out of {goal}\"/' "
	    "%s/i18n/en.json", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	/* A store adds a language by adding a file: here a right-to-left one. */
	snprintf(cmd, sizeof(cmd), "sed 's/\"dir\": \"ltr\"/\"dir\": \"rtl\"/; "
	    "s/\"Funded!\"/\"\xd7\x9e\xd7\x9e\xd7\x95\xd7\x9e\xd7\x9f!\"/' "
	    "%s/i18n/en.json > %s/i18n/he.json", dir, dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	CU_ASSERT_EQUAL_FATAL(fx_workers(fx, p, 8), 1);
	w.old = p[0];
	CU_ASSERT_EQUAL_FATAL(kill(fx->prog, SIGHUP), 0);
	CU_ASSERT_TRUE_FATAL(fx_wait(5000, workers_replaced, &w));
	get_etag(fx, "/w/tpl/c", page2, 200, page1, sizeof(page1));
	CU_ASSERT_STRING_NOT_EQUAL(page1, page2);
	get_etag(fx, "/api/v1/public/tpl/c", json1, 200, json2, sizeof(json2));
	CU_ASSERT_STRING_NOT_EQUAL(json1, json2);
	{
		struct fx_resp	 r;

		CU_ASSERT_EQUAL(fx_http(fx, "GET", "/w/tpl/c?view=compact", NULL,
		    NULL, 0, &r), 200);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "</strong> out of 10 "));
		fx_resp_free(&r);
		CU_ASSERT_EQUAL(fx_http(fx, "GET", "/w/tpl/c?lang=he", NULL, NULL,
		    0, &r), 200);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<html lang=\"he\" dir=\"rtl\">"));
		fx_resp_free(&r);
		CU_ASSERT_EQUAL(fx_http(fx, "GET", "/api/v1/public/tpl/c?lang=he", NULL,
		    NULL, 0, &r), 200);
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "\"lang\":\"he\",\"dir\":\"rtl\""));
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "\"funded\":\"\xd7\x9e\xd7\x9e"));
		fx_resp_free(&r);
	}
	/*
	 * A catalogue missing a key of en is refused by `stretchgoal -t` and
	 * by a reload, which keeps the running workers and words.
	 */
	snprintf(cmd, sizeof(cmd), "sed -i '/\"funded\":/d' %s/i18n/de.json", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/stretchgoal -t -c %s >/dev/null 2>&1",
	    fx_builddir(), fx->conf);
	CU_ASSERT_NOT_EQUAL(system(cmd), 0);
	CU_ASSERT_EQUAL_FATAL(fx_workers(fx, p, 8), 1);
	CU_ASSERT_EQUAL_FATAL(kill(fx->prog, SIGHUP), 0);
	usleep(500 * 1000);
	CU_ASSERT_EQUAL(fx_workers(fx, p + 1, 7), 1);
	CU_ASSERT_EQUAL(p[0], p[1]);
	get_etag(fx, "/w/tpl/c", page1, 304, page2, sizeof(page2));
	snprintf(cmd, sizeof(cmd), "cp %s/templates/i18n/de.json %s/i18n/",
	    fx_srcdir(), dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/stretchgoal -t -c %s >/dev/null 2>&1",
	    fx_builddir(), fx->conf);
	CU_ASSERT_EQUAL(system(cmd), 0);
	fx_stop(fx);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
}

static void
test_database_down(void)
{
	struct fx_resp	 r;
	char		 h[64];
	size_t		 v;
	int		 st;

	seed_game();
	CU_ASSERT_TRUE_FATAL(public_answers(NULL));
	fx_mariadb_stop();
	for (v = 0; v < NVIEWS; v++) {
		st = fx_http(FX, "GET", views[v], NULL, NULL, 0, &r);
		if (st != 503)
			fprintf(stderr, "database down: %s answered %d: %.300s\n",
			    views[v], st, r.body != NULL ? r.body : "");
		CU_ASSERT_EQUAL(st, 503);
		CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Retry-After", h, sizeof(h)));
		CU_ASSERT_PTR_NULL(strstr(r.body, "SECRET"));
		fx_resp_free(&r);
	}
	/* The preflight needs no database. */
	CU_ASSERT_EQUAL(fx_http(FX, "OPTIONS", views[0], NULL, NULL, 0, &r), 204);
	fx_resp_free(&r);
	fx_mariadb_start();
	CU_ASSERT_TRUE(fx_wait(10000, public_answers, NULL));
}

/* After sql, the JSON says state and the page says says (not not_says). */
static void
state_check(const char *sql, const char *state, const char *says,
    const char *not_says)
{
	struct fx_resp	 r;

	fx_sql(FX, sql);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/api/v1/public/shop/game", NULL,
	    NULL, 0, &r), 200);
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "state"), state);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-state-"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, state));
	if (strstr(r.body, says) == NULL)
		fprintf(stderr, "state %s: \"%s\" missing from\n%s\n", state, says, r.body);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, says));
	if (not_says != NULL) {
		CU_ASSERT_PTR_NULL(strstr(r.body, not_says));
	}
	CU_ASSERT_PTR_NULL(strstr(r.body, "http-equiv=\"refresh\""));
	fx_resp_free(&r);
}

/*
 * upcoming, live, funded and ended: the JSON's state, the page's words, the
 * bar past the goal; a campaign starting by time alone changes its ETag.
 */
static void
test_states(void)
{
	struct fx_resp	 r;
	char		 h[512], etag[128];

	seed_game();
	state_check("UPDATE campaigns SET starts_at = UTC_TIMESTAMP() + INTERVAL 3 DAY + "
	    "INTERVAL 1 HOUR, ends_at = UTC_TIMESTAMP() + INTERVAL 18 DAY, "
	    "version = version + 1 WHERE slug = 'game'", "upcoming", "Starts in 3 days",
	    "days left");
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game?view=compact", NULL,
	    NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "Starts in 3 days"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", etag, sizeof(etag)));
	fx_resp_free(&r);
	/* It starts by time alone: no version bump, yet a new page. */
	state_check("UPDATE campaigns SET starts_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE "
	    "WHERE slug = 'game'", "live", "17 days left", "Starts in");
	snprintf(h, sizeof(h), "If-None-Match: %s\r\n", etag);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game", h, NULL, 0, &r), 200);
	fx_resp_free(&r);
	state_check("UPDATE campaigns SET units = 250, version = version + 1 WHERE slug = 'game'",
	    "funded", "<strong class=\"sg-funded\">Funded!</strong> The 250 goal is reached.",
	    "sg-bar-over");
	/* 380 of 250: 152 %, the scale grows to 380, the part past 250 shows. */
	state_check("UPDATE campaigns SET units = 380, version = version + 1 WHERE slug = 'game'",
	    "funded", "Funded!</strong> 152% of the 250 goal.", NULL);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "aria-valuemax=\"380\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "aria-valuenow=\"380\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body,
	    "aria-valuetext=\"380 of 250 sold, 152%\""));
	/* goal 250/380 = 657 of 1000; the overfunded part is 657..1000. */
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body,
	    "<rect class=\"sg-bar-over\" x=\"657\" y=\"6\" width=\"343\""));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/api/v1/public/shop/game", NULL,
	    NULL, 0, &r), 200);
	CU_ASSERT_EQUAL(jget(r.json, "percent")->valueint, 152);
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(r.json, "funded")));
	fx_resp_free(&r);
	state_check("UPDATE campaigns SET starts_at = '2026-11-01 00:00:00', "
	    "ends_at = '2026-11-30 12:00:00' WHERE slug = 'game'",
	    "ended", "<time datetime=\"2026-11-30T12:00:00Z\">Campaign ended on "
	    "November 30, 2026</time>", "days left");
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/api/v1/public/shop/game", NULL,
	    NULL, 0, &r), 200);
	CU_ASSERT_STRING_EQUAL(jstr(jget(r.json, "display"), "ends_on"),
	    "November 30, 2026");
	fx_resp_free(&r);
}

/*
 * theme= and accent= reach the page, make their own ETag and cache entry,
 * and an accent comes as one inline style whose hash the CSP allows.
 */
static void
test_themes(void)
{
	static const char	 css[] =
	    ":root{--sg-custom-accent:#7b2ff7;--sg-custom-on-accent:#ffffff}";
	unsigned char		 hash[crypto_hash_sha256_BYTES];
	char			 b64[64], want[128], h[1024], e0[128], e1[128], e2[128];
	struct fx_resp		 r;

	seed_game();
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, "sg-theme-"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "<style"));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", e0, sizeof(e0)));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game?theme=dark", NULL, NULL,
	    0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-theme-dark"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "data-stretchgoal-theme=\"dark\""));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", e1, sizeof(e1)));
	CU_ASSERT_STRING_NOT_EQUAL(e0, e1);
	fx_resp_free(&r);
	/* The default page is still served as it was (its own cache entry). */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, "sg-theme-dark"));
	fx_resp_free(&r);
	snprintf(h, sizeof(h), "If-None-Match: %s\r\n", e1);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?theme=dark", h, NULL, 0, &r), 304);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?theme=light", h, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-theme-light"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET",
	    "/w/shop/game?view=compact&theme=dark&accent=%237b2ff7", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-compact"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<style id=\"sg-look\">:root{"
	    "--sg-custom-accent:#7b2ff7;--sg-custom-on-accent:#ffffff}</style>"));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", e2, sizeof(e2)));
	CU_ASSERT_STRING_NOT_EQUAL(e1, e2);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Content-Security-Policy", h, sizeof(h)));
	crypto_hash_sha256(hash, (const unsigned char *)css, strlen(css));
	sodium_bin2base64(b64, sizeof(b64), hash, sizeof(hash),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(want, sizeof(want), "style-src 'self' 'sha256-%s';", b64);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, want));
	CU_ASSERT_PTR_NULL(strstr(h, "unsafe"));
	fx_resp_free(&r);
	/* Upper case and without '#' is the same colour. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?view=compact&theme=dark&accent=7B2FF7",
	    NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", e1, sizeof(e1)));
	CU_ASSERT_STRING_EQUAL(e1, e2);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?theme=neon", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?accent=red", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?accent=%23abc", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET",
	    "/w/shop/game?accent=%23123456%7D%3C%2Fstyle%3E", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
}

/*
 * oEmbed (https://oembed.com, section 2.3.4): a "rich" answer must carry
 * type, version "1.0", html, width and height; title and provider_name
 * are optional and given.  format=xml is 501, unknown and draft 404.
 */
/* PATCH /api/v1/campaigns/game with body (auth: a token of store shop). */
static int
look_patch(const char *auth, const char *body, struct fx_resp *r)
{
	return fx_http(FX, "PATCH", "/api/v1/campaigns/game", auth, body,
	    strlen(body), r);
}

/* The CSP of r allows exactly the inline style css (by its hash)? */
static int
look_csp_allows(struct fx_resp *r, const char *css)
{
	unsigned char	 hash[crypto_hash_sha256_BYTES];
	char		 b64[64], want[128], h[1024];

	if (fx_resp_header(r, "Content-Security-Policy", h, sizeof(h)) == NULL)
		return 0;
	crypto_hash_sha256(hash, (const unsigned char *)css, strlen(css));
	sodium_bin2base64(b64, sizeof(b64), hash, sizeof(hash),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(want, sizeof(want), "style-src 'self' 'sha256-%s';", b64);
	return strstr(h, want) != NULL;
}

/*
 * A campaign's default look (sql/026), set through the API: the pages,
 * both views, and the JSON (for the drop-in) use it; an embed's theme=,
 * accent=, radius= win; the ETag moves with it (the version does) and not
 * when a PATCH changes nothing; hostile values are refused and change
 * nothing.
 */
static void
test_campaign_look(void)
{
	static const char *const token[] = { "token", "create", "--store", "shop",
	    NULL };
	static const char	 css[] = ":root{--sg-custom-accent:#7b2ff7;"
	    "--sg-custom-on-accent:#ffffff;--sg-custom-radius:6px}";
	static const char *const hostile[] = {
		"{\"theme\": \"light\", \"accent\": \"#ffff00\"}",	/* contrast */
		"{\"accent\": \"#101010\"}",		/* too dark on black */
		"{\"theme\": \"auto\"}",		/* #7b2ff7 fine, but... */
		"{\"accent\": \"red\"}",
		"{\"accent\": \"#12345\"}",
		"{\"accent\": \"7b2ff7\"}",
		"{\"accent\": \"#123456}</style>\"}",
		"{\"accent\": 123456}",
		"{\"radius\": 25}",
		"{\"radius\": -1}",
		"{\"radius\": \"6\"}",
		"{\"radius\": 6.5}",
		"{\"theme\": \"neon\"}",
		"{\"theme\": null}",
		"{\"theme\": \"dark\", \"theme\": \"light\"}",
	};
	struct fx_resp		 r;
	char			 out[512], err[512], auth[700], e0[128], e1[128],
				 e2[128], h[256];
	const cJSON		*look;
	double			 v0, v1;
	size_t			 i, n;

	seed_game();
	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
	    token), 0);
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\n", out);

	/* No look set: the stylesheet's, no inline style, no "look". */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, "<style"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "sg-theme-"));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", e0, sizeof(e0)));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/api/v1/public/shop/game", NULL,
	    NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(jget(r.json, "look"));
	v0 = jnum(r.json, "version");
	fx_resp_free(&r);

	/* The creator sets one. */
	CU_ASSERT_EQUAL_FATAL(look_patch(auth, "{\"theme\": \"dark\", "
	    "\"accent\": \"#7B2FF7\", \"radius\": 6}", &r), 200);
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "theme"), "dark");
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "accent"), "#7b2ff7");
	CU_ASSERT_EQUAL(jnum(r.json, "radius"), 6);
	v1 = jnum(r.json, "version");
	CU_ASSERT(v1 > v0);
	fx_resp_free(&r);
	snprintf(h, sizeof(h), "If-None-Match: %s\r\n", e0);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", h, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-theme-dark"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "data-stretchgoal-theme=\"dark\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<style id=\"sg-look\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, css));
	CU_ASSERT(look_csp_allows(&r, css));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", e1, sizeof(e1)));
	CU_ASSERT_STRING_NOT_EQUAL(e0, e1);
	/* The page's own URL (oEmbed discovery) does not bake the default in. */
	CU_ASSERT_PTR_NULL(strstr(r.body, "theme%3Ddark"));
	fx_resp_free(&r);
	snprintf(h, sizeof(h), "If-None-Match: %s\r\n", e1);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game", h, NULL, 0, &r), 304);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game?view=compact", NULL,
	    NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-compact"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-theme-dark"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, css));
	fx_resp_free(&r);
	/* The JSON carries it for the drop-in and the element. */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/api/v1/public/shop/game", NULL,
	    NULL, 0, &r), 200);
	look = jget(r.json, "look");
	CU_ASSERT_PTR_NOT_NULL_FATAL(look);
	CU_ASSERT_STRING_EQUAL(jstr(look, "theme"), "dark");
	CU_ASSERT_STRING_EQUAL(jstr(look, "accent"), "#7b2ff7");
	CU_ASSERT_EQUAL(jnum(look, "radius"), 6);
	fx_resp_free(&r);

	/* The embed's own look wins, each part on its own. */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET",
	    "/w/shop/game?theme=light&accent=%23115533&radius=0", NULL, NULL, 0,
	    &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-theme-light"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "sg-theme-dark"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "7b2ff7"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, ":root{--sg-custom-accent:#115533;"
	    "--sg-custom-on-accent:#ffffff;--sg-custom-radius:0px}"));
	CU_ASSERT(look_csp_allows(&r, ":root{--sg-custom-accent:#115533;"
	    "--sg-custom-on-accent:#ffffff;--sg-custom-radius:0px}"));
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", e2, sizeof(e2)));
	CU_ASSERT_STRING_NOT_EQUAL(e1, e2);
	fx_resp_free(&r);
	/* theme=auto asked is auto, and stays in the page's own URL. */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game?theme=auto", NULL,
	    NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, "sg-theme-dark"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "data-stretchgoal-theme=\"auto\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "theme%3Dauto"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, css));	/* accent, radius: the campaign's */
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game?radius=20", NULL,
	    NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "--sg-custom-radius:20px}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "sg-theme-dark"));
	fx_resp_free(&r);

	/* Hostile or unreadable values: 422 on "accent"/"radius"/"theme", nothing changes. */
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		if (i == 2)
			continue;
		CU_ASSERT_EQUAL(look_patch(auth, hostile[i], &r), 422);
		CU_ASSERT(strstr(r.body, "\"field\":\"accent\"") != NULL ||
		    strstr(r.body, "\"field\":\"radius\"") != NULL ||
		    strstr(r.body, "\"field\":\"theme\"") != NULL);
		fx_resp_free(&r);
	}
	CU_ASSERT_EQUAL(look_patch(auth, hostile[0], &r), 422);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "too light"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "3:1"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(look_patch(auth, hostile[1], &r), 422);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "too dark"));
	fx_resp_free(&r);
	snprintf(h, sizeof(h), "If-None-Match: %s\r\n", e1);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game", h, NULL, 0, &r), 304);
	fx_resp_free(&r);
	/* Hostile embed values: 400. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?radius=25", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?radius=-1", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?radius=1e1", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game?radius=006", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);

	/* The same look again writes nothing: the ETag stays. */
	CU_ASSERT_EQUAL(look_patch(auth, "{\"theme\": \"dark\", \"accent\": "
	    "\"#7b2ff7\", \"radius\": 6}", &r), 200);
	CU_ASSERT_EQUAL(jnum(r.json, "version"), v1);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game", h, NULL, 0, &r), 304);
	fx_resp_free(&r);
	/* Auto keeps a colour readable on both: #7b2ff7 is. */
	CU_ASSERT_EQUAL(look_patch(auth, hostile[2], &r), 200);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", h, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, "sg-theme-"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, css));
	fx_resp_free(&r);
	/* Nulls go back to the stylesheet's look. */
	CU_ASSERT_EQUAL(look_patch(auth, "{\"accent\": null, \"radius\": null}",
	    &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "\"accent\":null"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "\"radius\":null"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, "<style"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/api/v1/public/shop/game", NULL,
	    NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(jget(r.json, "look"));
	fx_resp_free(&r);
}

static void
test_oembed(void)
{
	struct fx_resp	 r;
	const cJSON	*v;
	char		 h[256];

	seed_game();
	seed_campaign(FX, store_id, "hidden", "Not yet", "units", 10, "draft");
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/oembed?url=https%3A%2F%2Fsg.example"
	    "%2Fw%2Fshop%2Fgame&maxwidth=400&format=json", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Content-Type", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "application/json");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.json);
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "type"), "rich");
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "version"), "1.0");
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "title"), "Skyward Isles");
	CU_ASSERT_PTR_NOT_NULL(jstr(r.json, "provider_name"));
	CU_ASSERT_TRUE(cJSON_IsNumber(v = jget(r.json, "width")) && v->valueint == 400);
	CU_ASSERT_TRUE(cJSON_IsNumber(v = jget(r.json, "height")) && v->valueint > 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(jstr(r.json, "html"));
	CU_ASSERT_EQUAL(strncmp(jstr(r.json, "html"), "<iframe src=\"", 13), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(jstr(r.json, "html"), "/w/shop/game\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(jstr(r.json, "html"), "title=\"Skyward Isles\""));
	CU_ASSERT_PTR_NULL(strstr(r.body, "SECRET-"));
	fx_resp_free(&r);
	/* No format means json; the compact view and a theme are kept. */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/oembed?url=http%3A%2F%2F127.0.0.1%2Fw"
	    "%2Fshop%2Fgame%3Fview%3Dcompact%26theme%3Ddark", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(jstr(r.json, "html"),
	    "/w/shop/game?view=compact&amp;theme=dark\""));
	CU_ASSERT_TRUE(jget(r.json, "width")->valueint == 640);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/oembed?url=https%3A%2F%2Fsg.example"
	    "%2Fw%2Fshop%2Fgame&format=xml", NULL, NULL, 0, &r), 501);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/oembed?url=https%3A%2F%2Fsg.example"
	    "%2Fw%2Fshop%2Fnope", NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/oembed?url=https%3A%2F%2Fsg.example"
	    "%2Fw%2Fshop%2Fhidden", NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/oembed?url=https%3A%2F%2Fsg.example"
	    "%2Fadmin%2F", NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/oembed?url=javascript%3Aalert(1)", NULL,
	    NULL, 0, &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/oembed", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/oembed?url=https%3A%2F%2Fsg.example"
	    "%2Fw%2Fshop%2Fgame&maxwidth=wide", NULL, NULL, 0, &r), 400);
	fx_resp_free(&r);
	/* The page names its oEmbed endpoint (discovery). */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<link rel=\"alternate\" "
	    "type=\"application/json+oembed\" href=\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "/oembed?url="));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "%2Fw%2Fshop%2Fgame&amp;format=json\""));
	fx_resp_free(&r);
}

/* GET path: status want, and the body holds has (unless NULL). */
static void
lang_page(const char *path, int want, const char *has, char *etag, size_t size)
{
	struct fx_resp	 r;

	if (fx_http(FX, "GET", path, NULL, NULL, 0, &r) != want) {
		fprintf(stderr, "GET %s: %d, not %d\n", path, r.status, want);
		CU_FAIL("unexpected status");
		fx_resp_free(&r);
		return;
	}
	if (has != NULL && strstr(r.body, has) == NULL) {
		fprintf(stderr, "GET %s: no \"%s\" in:\n%.3000s\n", path, has,
		    r.body);
		CU_FAIL("the answer does not say it");
	}
	CU_ASSERT_PTR_NULL(strstr(r.body, "<script>"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "passwd"));
	if (etag != NULL && fx_resp_header(&r, "ETag", etag, size) == NULL)
		etag[0] = '\0';
	fx_resp_free(&r);
}

/* The JSON's lang and one display string. */
static void
lang_json(const char *path, const char *lang, const char *field,
    const char *want, char *etag, size_t size)
{
	struct fx_resp	 r;

	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", path, NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r.json);
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "lang"), lang);
	CU_ASSERT_STRING_EQUAL(jstr(r.json, "dir"), "ltr");
	CU_ASSERT_TRUE(cJSON_IsObject(jget(r.json, "text")));
	if (field != NULL) {
		if (jstr(jget(r.json, "display"), field) == NULL ||
		    strcmp(jstr(jget(r.json, "display"), field), want) != 0)
			fprintf(stderr, "GET %s: display.%s is \"%s\", not \"%s\"\n",
			    path, field, jstr(jget(r.json, "display"), field), want);
		CU_ASSERT_STRING_EQUAL(jstr(jget(r.json, "display"), field), want);
	}
	if (etag != NULL && fx_resp_header(&r, "ETag", etag, size) == NULL)
		etag[0] = '\0';
	fx_resp_free(&r);
}

#define NB	"\xc2\xa0"

/*
 * lang=: the store's locale is the default (stores.locale), lang= a
 * loaded catalogue overrides it, anything else (unknown, hostile, too
 * long) is the default and never a 4xx; the language is in the ETag
 * (a 304 only for the same language) and the pages' lang and dir.
 */
static void
test_languages(void)
{
	static const char *const hostile[] = {
		"xx", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd",
		"%3Cscript%3Ealert(1)%3C%2Fscript%3E", "de%0d%0aX-Bad:%201",
		"en/../de", "", "de-", "-de", "d", "%C3%A4%C3%B6",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	struct fx_resp	 r;
	char		 p[512], h[256], e_en[160], e_de[160], e_ja[160], e[160];
	char		 pe_de[160], pe_ja[160];
	int64_t		 s, c, k, y;
	size_t		 i;

	s = seed_store(FX, "sprache", "EUR");
	c = seed_campaign(FX, s, "lampe", "Donaudampfschifffahrtsgesellschaft", "money",
	    500000, "live");
	seed_milestone(FX, c, 200000, "Kapit\xc3\xa4nsm\xc3\xbctze", NULL, "Vorher.",
	    "Nachher.", NULL, "all");
	seed_progress(FX, c, 123456, 1, "2026-11-20 12:00:00", 2);

	/* The store's default: en until the store says otherwise. */
	lang_json("/api/v1/public/sprache/lampe", "en", "progress",
	    "\xe2\x82\xac" "1,234.56", e_en, sizeof(e_en));
	lang_page("/w/sprache/lampe", 200, "<html lang=\"en\" dir=\"ltr\">",
	    NULL, 0);
	lang_page("/w/sprache/lampe", 200, "1 backer<", NULL, 0);
	fx_sql(FX, "UPDATE stores SET locale = 'de' WHERE handle = 'sprache'");
	lang_json("/api/v1/public/sprache/lampe", "de", "progress",
	    "1.234,56" NB "\xe2\x82\xac", e_de, sizeof(e_de));
	CU_ASSERT_STRING_NOT_EQUAL(e_en, e_de);
	/* The client's old English copy is not a 304 any more. */
	get_etag(FX, "/api/v1/public/sprache/lampe", e_en, 200, e, sizeof(e));
	get_etag(FX, "/api/v1/public/sprache/lampe", e_de, 304, e, sizeof(e));
	lang_page("/w/sprache/lampe", 200, "<html lang=\"de\" dir=\"ltr\">",
	    pe_de, sizeof(pe_de));
	lang_page("/w/sprache/lampe", 200, "von 5.000,00" NB "\xe2\x82\xac gesammelt", NULL, 0);
	lang_page("/w/sprache/lampe", 200, "1 Unterst\xc3\xbctzer<", NULL, 0);
	lang_page("/w/sprache/lampe", 200, "aria-valuetext=\"1.234,56" NB
	    "\xe2\x82\xac von 5.000,00" NB "\xe2\x82\xac gesammelt, 24" NB "%\"", NULL, 0);

	/* lang= overrides, on the JSON and both pages, with its own ETag. */
	lang_json("/api/v1/public/sprache/lampe?lang=ja", "ja", "progress",
	    "\xe2\x82\xac" "1,234.56", e_ja, sizeof(e_ja));
	CU_ASSERT_STRING_NOT_EQUAL(e_ja, e_de);
	get_etag(FX, "/api/v1/public/sprache/lampe?lang=ja", e_de, 200, e, sizeof(e));
	get_etag(FX, "/api/v1/public/sprache/lampe?lang=ja", e_ja, 304, e, sizeof(e));
	lang_page("/w/sprache/lampe?lang=ja", 200, "<html lang=\"ja\" dir=\"ltr\">", pe_ja, sizeof(pe_ja));
	CU_ASSERT_STRING_NOT_EQUAL(pe_ja, pe_de);
	lang_page("/w/sprache/lampe?lang=ja", 200, "data-stretchgoal-lang=\"ja\"", NULL, 0);
	lang_page("/w/sprache/lampe?view=compact&lang=ja", 200,
	    "\xe6\xac\xa1\xef\xbc\x9a", NULL, 0);	/* 次： */
	lang_json("/api/v1/public/sprache/lampe?lang=FR-ca", "fr", "progress",
	    "1\xe2\x80\xaf" "234,56" NB "\xe2\x82\xac", NULL, 0);
	lang_page("/w/sprache/lampe?lang=es", 200, "1 patrocinador<", NULL, 0);
	lang_page("/w/sprache/lampe?lang=fr", 200, "1 contributeur<", NULL, 0);
	lang_page("/w/sprache/lampe?lang=en", 200, "1 backer<", NULL, 0);
	/* Same language, same answer: ?lang=de is the store's default. */
	get_etag(FX, "/w/sprache/lampe?lang=de", pe_de, 304, e, sizeof(e));

	/* Unknown and hostile values: the store's default, never a 4xx. */
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		snprintf(p, sizeof(p), "/api/v1/public/sprache/lampe?lang=%s",
		    hostile[i]);
		lang_json(p, "de", NULL, NULL, e, sizeof(e));
		CU_ASSERT_STRING_EQUAL(e, e_de);
		snprintf(p, sizeof(p), "/w/sprache/lampe?lang=%s", hostile[i]);
		lang_page(p, 200, "<html lang=\"de\" dir=\"ltr\">", e,
		    sizeof(e));
		CU_ASSERT_STRING_EQUAL(e, pe_de);
		snprintf(p, sizeof(p), "/w/sprache/lampe?view=compact&lang=%s",
		    hostile[i]);
		lang_page(p, 200, "<html lang=\"de\"", NULL, 0);
	}
	/*
	 * A NUL makes the whole query undecodable: the pages answer 400 for
	 * it as for any parameter (nothing to do with the language), the
	 * JSON ignores its query and speaks the default.
	 */
	lang_page("/w/sprache/lampe?lang=de%00", 400, NULL, NULL, 0);
	lang_json("/api/v1/public/sprache/lampe?lang=ja%00", "de", NULL, NULL, e,
	    sizeof(e));
	CU_ASSERT_STRING_EQUAL(e, e_de);
	/* Two lang= values: the first counts; lang[] is just another name. */
	lang_json("/api/v1/public/sprache/lampe?lang=ja&lang=fr", "ja", NULL, NULL,
	    NULL, 0);
	lang_json("/api/v1/public/sprache/lampe?lang%5B%5D=ja", "de", NULL, NULL,
	    NULL, 0);
	/* No header carries the value. */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/sprache/lampe?lang=de%0d%0aX-Bad:"
	    "%201", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(fx_resp_header(&r, "X-Bad", h, sizeof(h)));
	fx_resp_free(&r);

	/* Plurals: en 2 backers, fr 0 contributeur, ja without plural. */
	seed_progress(FX, c, 123456, 2, "2026-11-20 12:00:00", 3);
	lang_page("/w/sprache/lampe?lang=en", 200, "2 backers<", NULL, 0);
	lang_page("/w/sprache/lampe?lang=de", 200, "2 Unterst\xc3\xbctzende<",
	    NULL, 0);
	lang_page("/w/sprache/lampe?lang=ja", 200, "\xe6\x94\xaf\xe6\x8f\xb4\xe8\x80\x85 2 "
	    "\xe4\xba\xba<", NULL, 0);	/* 支援者 2 人 */
	seed_progress(FX, c, 0, 0, "2026-11-20 12:00:00", 4);
	lang_page("/w/sprache/lampe?lang=fr", 200, "0 contributeur<", NULL, 0);
	lang_page("/w/sprache/lampe?lang=en", 200, "0 backers<", NULL, 0);

	/* Countdowns and dates. */
	fx_sql(FX, "UPDATE campaigns SET starts_at = UTC_TIMESTAMP() + INTERVAL 3 DAY + "
	    "INTERVAL 1 HOUR, ends_at = UTC_TIMESTAMP() + INTERVAL 18 DAY, "
	    "version = version + 1 WHERE slug = 'lampe'");
	lang_page("/w/sprache/lampe", 200, "Beginnt in 3 Tagen", NULL, 0);
	lang_page("/w/sprache/lampe?lang=en&view=compact", 200, "Starts in 3 days", NULL, 0);
	lang_page("/w/sprache/lampe?lang=ja", 200, "\xe9\x96\x8b\xe5\xa7\x8b\xe3\x81\xbe"
	    "\xe3\x81\xa7\xe3\x81\x82\xe3\x81\xa8" "3\xe6\x97\xa5", NULL, 0);
	lang_page("/w/sprache/lampe?lang=fr", 200, "Commence dans 3 jours",
	    NULL, 0);
	lang_page("/w/sprache/lampe?lang=es", 200, "Empieza en 3 d\xc3\xad" "as",
	    NULL, 0);
	fx_sql(FX, "UPDATE campaigns SET starts_at = UTC_TIMESTAMP() - INTERVAL 1 DAY, "
	    "ends_at = UTC_TIMESTAMP() + INTERVAL 5 HOUR + INTERVAL 1 MINUTE, "
	    "version = version + 1 WHERE slug = 'lampe'");
	lang_page("/w/sprache/lampe", 200, "Noch 5 Stunden", NULL, 0);
	lang_page("/w/sprache/lampe?lang=en", 200, "5 hours left", NULL, 0);
	fx_sql(FX, "UPDATE campaigns SET starts_at = '2026-02-01 00:00:00', "
	    "ends_at = '2026-03-03 12:00:00', version = version + 1 WHERE slug = 'lampe'");
	lang_page("/w/sprache/lampe", 200, "Kampagne beendet am 3. M\xc3\xa4rz 2026", NULL, 0);
	lang_page("/w/sprache/lampe?lang=en&view=compact", 200,
	    "Campaign ended on March 3, 2026", NULL, 0);
	lang_page("/w/sprache/lampe?lang=es", 200, "Campa\xc3\xb1" "a finalizada el 3 de "
	    "marzo de 2026", NULL, 0);
	lang_json("/api/v1/public/sprache/lampe?lang=ja", "ja", "ends_on",
	    "2026\xe5\xb9\xb4" "3\xe6\x9c\x88" "3\xe6\x97\xa5", NULL, 0);

	/* Money by currency exponent: KWD three decimals, JPY none. */
	k = seed_store(FX, "dinar", "KWD");
	c = seed_campaign(FX, k, "kw", "Dinar", "money", 1234, "live");
	lang_json("/api/v1/public/dinar/kw", "en", "goal", "KWD 1.234", NULL, 0);
	lang_json("/api/v1/public/dinar/kw?lang=de", "de", "goal", "1,234" NB "KWD",
	    NULL, 0);
	y = seed_store(FX, "yenshop", "JPY");
	fx_sql(FX, "UPDATE stores SET locale = 'ja' WHERE handle = 'yenshop'");
	c = seed_campaign(FX, y, "cam", "Cam", "money", 630, "live");
	lang_json("/api/v1/public/yenshop/cam", "ja", "goal", "\xc2\xa5" "630", NULL, 0);
	/* A store locale without a catalogue (it) reads English. */
	fx_sql(FX, "UPDATE stores SET locale = 'it' WHERE handle = 'yenshop'");
	lang_json("/api/v1/public/yenshop/cam", "en", "goal", "\xc2\xa5" "630", NULL, 0);

	/* The missing page speaks lang= when it can; else English. */
	lang_page("/w/sprache/nope?lang=de", 404, "Kampagne nicht gefunden",
	    NULL, 0);
	lang_page("/w/sprache/nope?lang=de", 404, "<html lang=\"de\"", NULL, 0);
	lang_page("/w/sprache/nope?lang=..%2F..%2Fetc%2Fpasswd", 404,
	    "This campaign is not available.", NULL, 0);

	/* oEmbed keeps a known language in the iframe's URL. */
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/oembed?url=https%3A%2F%2Fsg.example"
	    "%2Fw%2Fsprache%2Flampe%3Flang%3Dja", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(jstr(r.json, "html"),
	    "/w/sprache/lampe?lang=ja\""));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/oembed?url=https%3A%2F%2Fsg.example"
	    "%2Fw%2Fsprache%2Flampe%3Flang%3Dxx%2522", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(jstr(r.json, "html"), "/w/sprache/lampe\""));
	fx_resp_free(&r);
	(void)e_ja;
}

/* Keep the body of r as BUILD/tests/browser-artifacts/name, to look at. */
static void
share_keep(const struct fx_resp *r, const char *name)
{
	char	 path[1024];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/tests/browser-artifacts", fx_builddir());
	(void)mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/tests/browser-artifacts/%s", fx_builddir(),
	    name);
	if ((f = fopen(path, "wb")) != NULL) {
		fwrite(r->body, 1, r->body_len, f);
		fclose(f);
	}
}

/*
 * Issue 13 item 8: the widget page's Open Graph and Twitter card tags, and
 * its share image: a PNG of 1200 x 630 with the bar, ETag and 304, 404 for
 * drafts and unknown campaigns, a new ETag after a change.  Kept as
 * BUILD/tests/browser-artifacts/share-game.png to look at.
 */
static void
test_share(void)
{
	struct sg_image_info	 info;
	struct fx_resp		 r;
	gdImagePtr		 im;
	char			 h[256], etag[128], inm[200];
	int			 px;

	seed_game();
	seed_campaign(FX, store_id, "hidden", "Not yet", "units", 10, "draft");
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<meta property=\"og:title\" content=\"Skyward Isles\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<meta property=\"og:type\" content=\"website\">"));
	/* The widget's own words, in its language. */
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<meta property=\"og:description\" content=\"20 of "
	    "250 sold, 8% · Next: Pin for all at 50 · 30 to go\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "/w/shop/game\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<meta property=\"og:url\" content=\"http"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "/w/shop/game/share.png?lang=en\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<meta property=\"og:image:width\" content=\"1200\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<meta name=\"twitter:card\" content=\"summary_large_image\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<meta name=\"twitter:image\" content=\"http"));
	CU_ASSERT_PTR_NULL(strstr(r.body, "SECRET-"));
	fx_resp_free(&r);

	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game/share.png", NULL, NULL, 0,
	    &r), 200);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Content-Type", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "image/png");
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Cache-Control", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, "public, max-age=5");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fx_resp_header(&r, "ETag", etag, sizeof(etag)));
	CU_ASSERT_EQUAL(sg_image_inspect_max(r.body, r.body_len, 10u << 20, &info), 0);
	CU_ASSERT_STRING_EQUAL(info.mime, "image/png");
	CU_ASSERT_EQUAL(info.width, 1200);
	CU_ASSERT_EQUAL(info.height, 630);
	/* libgd decodes it whole; the bar: 8 % filled green, the rest grey. */
	im = gdImageCreateFromPngPtr((int)r.body_len, r.body);
	CU_ASSERT_PTR_NOT_NULL_FATAL(im);
	CU_ASSERT_EQUAL(gdImageSX(im), 1200);
	CU_ASSERT_EQUAL(gdImageSY(im), 630);
	px = gdImageGetTrueColorPixel(im, 100, 370);
	CU_ASSERT_EQUAL(gdTrueColorGetGreen(px), 111);
	px = gdImageGetTrueColorPixel(im, 1000, 370);
	CU_ASSERT_EQUAL(gdTrueColorGetGreen(px), 230);
	gdImageDestroy(im);
	share_keep(&r, "share-game.png");
	fx_resp_free(&r);

	/* HEAD: the headers, no body. */
	CU_ASSERT_EQUAL(fx_http(FX, "HEAD", "/w/shop/game/share.png", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, etag);
	CU_ASSERT_EQUAL(r.body_len, 0);
	fx_resp_free(&r);
	/* The same version: 304 (and from the worker's cache: the same bytes). */
	snprintf(inm, sizeof(inm), "If-None-Match: %s\r\n", etag);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game/share.png", inm, NULL, 0, &r), 304);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", h, sizeof(h)));
	CU_ASSERT_STRING_EQUAL(h, etag);
	CU_ASSERT_EQUAL(r.body_len, 0);
	fx_resp_free(&r);
	/* Another language: its own words, its own ETag (not a 304). */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game/share.png?lang=de", inm,
	    NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", h, sizeof(h)));
	CU_ASSERT_STRING_NOT_EQUAL(h, etag);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "-de-"));
	CU_ASSERT_EQUAL(sg_image_inspect_max(r.body, r.body_len, 10u << 20, &info), 0);
	fx_resp_free(&r);
	/* Japanese words need a CJK font (share.c): looked at by a person. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game/share.png?lang=ja", NULL,
	    NULL, 0, &r), 200);
	CU_ASSERT_EQUAL(sg_image_inspect_max(r.body, r.body_len, 10u << 20, &info), 0);
	share_keep(&r, "share-game-ja.png");
	fx_resp_free(&r);
	/* A hostile lang= is the store's language: the same image. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game/share.png?lang=..%2Fx%3Cb%3E",
	    inm, NULL, 0, &r), 304);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/game?lang=de", NULL, NULL, 0,
	    &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "content=\"20 von 250 verkauft, 8\u00a0% · "
	    "Nächstes: Pin for all bei 50 · noch 30\">"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "/w/shop/game/share.png?lang=de\">"));
	fx_resp_free(&r);
	/* A change a backer sees: a new ETag, a full answer. */
	seed_progress(FX, camp_id, 60, 4, "2026-11-21 10:00:00", 0);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/game/share.png", inm, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "ETag", h, sizeof(h)));
	CU_ASSERT_STRING_NOT_EQUAL(h, etag);
	fx_resp_free(&r);
	/*
	 * Overfunded money, a long hostile title in several scripts: escaped in
	 * the tags, drawn (wrapped, cut with an ellipsis) in the image.
	 */
	{
		int64_t	 big = seed_campaign(FX, store_id, "big", "<script>alert(\"x\")</script> "
		    "Ünïcødé 漢字 & a very long title that goes on and on and on and on "
		    "and on and on, far longer than two lines of the share image can hold",
		    "money", 100000, "live");

		seed_milestone(FX, big, 50000, "Half", NULL, "b", "SECRET-HALF", NULL, "all");
		seed_progress(FX, big, 150000, 9, "2026-11-21 10:00:00", 0);
		CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/big", NULL, NULL, 0, &r), 200);
		CU_ASSERT_PTR_NULL(strstr(r.body, "<script>alert"));
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "<meta property=\"og:title\" content=\"&lt;script&gt;"));
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "content=\"Funded! $1,500.00 of $1,000.00 raised, "
		    "150% · All stretch goals unlocked!\">"));
		fx_resp_free(&r);
		CU_ASSERT_EQUAL_FATAL(fx_http(FX, "GET", "/w/shop/big/share.png", NULL, NULL, 0,
		    &r), 200);
		CU_ASSERT_EQUAL(sg_image_inspect_max(r.body, r.body_len, 10u << 20, &info), 0);
		CU_ASSERT_EQUAL(info.width, 1200);
		CU_ASSERT_EQUAL(info.height, 630);
		share_keep(&r, "share-big.png");
		fx_resp_free(&r);
	}
	/* Drafts, unknown campaigns and stores, malformed slugs: 404. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/hidden/share.png", NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/nope/share.png", NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/nobody/game/share.png", NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/shop/Ga%20me/share.png", NULL, NULL, 0, &r), 404);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "POST", "/w/shop/game/share.png", NULL, NULL, 0, &r), 405);
	fx_resp_free(&r);
}

static const struct fx_case cases[] = {
	{ "progress JSON carries every field", test_json_fields },
	{ "money and units are formatted", test_money_formatting },
	{ "unknown, draft and malformed are 404; bad views 400", test_not_found },
	{ "ETag, 304, CORS and the preflight", test_etag_304 },
	{ "after texts stay secret until reached", test_reveal_secrecy },
	{ "secret goals and non-teaser photos stay hidden until reached",
	    test_secret_goals },
	{ "hostile creator text never runs", test_xss_payloads },
	{ "the widget page: CSP, bar, views, countdown", test_widget_page },
	{ "rendered bytes are cached per version", test_render_cache },
	{ "stretchgoalctl render", test_ctl_render },
	{ "the optional nginx micro-cache", test_microcache },
	{ "orders through the pipeline API drive the widget", test_pipeline_api_drives_the_widget },
	{ "database down gives 503, then recovers", test_database_down },
	{ "a worker trusts its lookup for public_fresh_ms", test_fresh_window },
	{ "the pages' ETag follows the templates", test_etag_follows_templates },
	{ "states: upcoming, live, funded, ended", test_states },
	{ "themes and accent colours", test_themes },
	{ "a campaign's default look, overridden per embed", test_campaign_look },
	{ "oEmbed", test_oembed },
	{ "share tags and the share image", test_share },
	{ "languages: store default, lang=, hostile values, ETag", test_languages },
	{ NULL, NULL },
};

int
main(void)
{
	struct fx_opts	 opts = { 1, NULL };

	return fx_run("public", cases, &opts, 1);
}
