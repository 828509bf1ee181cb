/*
 * share.c — what a backer's posted link shows (issue 13, item 8): the
 * widget page's Open Graph and Twitter card tags (share_og_add(), called
 * by the page's model in public.c) and GET /w/{store}/{slug}/share.png, a
 * 1200 × 630 PNG with the campaign's title, the bar and the next goal.
 *
 * Secrecy: both use only the public projection (db/public.h), the same
 * fields the widget shows: the title, progress, goal, and of the next
 * milestone its title and target.  Never a milestone's text.
 *
 * Words: the widget page's own (its model, in its language: lang= or the
 * store's), so the tags and the image say what the widget says.
 *
 * Drawing: libgd with FreeType and the DejaVu Sans fonts of Debian's
 * fonts-dejavu-core (SHARE_FONT, SHARE_FONT_BOLD), Droid Sans Fallback
 * for runs of CJK characters (share_runs()); when FreeType cannot
 * draw (the font is missing), libgd's built-in Giant font draws the
 * printable ASCII of each text instead, so the image is always made.
 *
 * Caching: the ETag is the campaign's id and version (any change a backer
 * sees bumps the version) and the catalogue's tag and hash, and
 * Cache-Control is that of the other public answers; each worker keeps
 * the last PNG of up to SHARE_CACHE_SLOTS campaign-languages (hashed by
 * id and catalogue) in memory.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>
#include <gd.h>
#include <gdfontg.h>

#include "db/db.h"
#include "db/public.h"
#include "domain/validate.h"
#include "handlers/handlers.h"
#include "handlers/routes_public.h"
#include "render/i18n.h"
#include "util/form.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/log.h"

#define SHARE_W			1200
#define SHARE_H			630
#define SHARE_FONT		"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define SHARE_FONT_BOLD		"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
/* Chinese, Japanese and Korean, which DejaVu lacks (fonts-droid-fallback). */
#define SHARE_FONT_CJK		"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
#define SHARE_CACHE_SLOTS	64
#define SHARE_PNG_MAX		(1024u * 1024u)	/* larger is served, not kept */
#define SHARE_TEXT_MAX		1024		/* bytes of one line of text */
#define SHARE_CACHE_CONTROL	"public, max-age=5"	/* as the other public answers */
#define SHARE_MARGIN		60
#define SHARE_TITLE_LINES	2

struct share_slot {
	int64_t		 id;		/* 0: empty */
	int64_t		 version;
	size_t		 lang;		/* the catalogue's index */
	unsigned char	*png;
	size_t		 len;
};

/* Per worker process (nothing is shared between workers). */
static struct share_slot	 share_cache[SHARE_CACHE_SLOTS];

static int64_t
share_progress(const struct db_pub_campaign *c)
{
	return c->money ? c->amount : c->units;
}

/* The string at o.a (o.a.b when b), or "". */
static const char *
share_str(const cJSON *o, const char *a, const char *b)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, a);

	if (b != NULL)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/*
 * The words of the share tags and image, taken from the widget page's
 * model (public.c) in its language, so that they say what the widget
 * says: its progress sentence, "Funded!", and the next goal as the
 * compact widget shows it (a secret one as "Secret stretch goal").
 */
struct share_words {
	char	 prog[SHARE_TEXT_MAX];	/* "$420.00 of $1,000.00 raised, 42 %" */
	char	 next[SHARE_TEXT_MAX];	/* "Next: Poster at $2,000.00 · …", or "" */
	char	 funded[128];		/* "Funded!" once the goal is reached, or "" */
};

static void
share_words(const cJSON *model, struct share_words *w)
{
	const cJSON	*t = cJSON_GetObjectItemCaseSensitive(model, "t");
	const cJSON	*next = cJSON_GetObjectItemCaseSensitive(model, "next");

	snprintf(w->prog, sizeof(w->prog), "%s", share_str(t, "valueText", NULL));
	if (cJSON_IsObject(next))
		snprintf(w->next, sizeof(w->next), "%s %s %s", share_str(t,
		    "next", NULL), cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
		    next, "hidden")) ? share_str(t, "secretTitle", NULL) :
		    share_str(next, "title", NULL), share_str(next, "mt", "nextAt"));
	else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(model,
	    "all_reached")))
		snprintf(w->next, sizeof(w->next), "%s", share_str(t,
		    "allReached", NULL));
	else
		w->next[0] = '\0';
	snprintf(w->funded, sizeof(w->funded), "%s", cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(model, "goal_reached")) ?
	    share_str(t, "funded", NULL) : "");
}

int
share_og_add(const struct sg_app *app, const struct db_pub_campaign *c,
    cJSON *o)
{
	struct share_words	 w;
	char			 desc[3 * SHARE_TEXT_MAX], url[600], img[640];
	char			 alt[4 * SHARE_TEXT_MAX];
	cJSON			*og;

	share_words(o, &w);
	snprintf(desc, sizeof(desc), "%s%s%s%s%s", w.funded, *w.funded ? " " :
	    "", w.prog, *w.next ? " · " : "", w.next);
	snprintf(url, sizeof(url), "%s/w/%s/%s", app->cfg->public_url, c->store,
	    c->slug);
	/* The image in the page's language (lang= of an embed included). */
	snprintf(img, sizeof(img), "%s/share.png?lang=%s", url, share_str(o,
	    "lang", NULL));
	snprintf(alt, sizeof(alt), "%s — %s", share_str(o, "t", "barLabel"),
	    desc);
	if ((og = cJSON_AddObjectToObject(o, "og")) == NULL ||
	    cJSON_AddStringToObject(og, "title", c->title != NULL ? c->title : "") == NULL ||
	    cJSON_AddStringToObject(og, "description", desc) == NULL ||
	    cJSON_AddStringToObject(og, "url", url) == NULL ||
	    cJSON_AddStringToObject(og, "image", img) == NULL ||
	    cJSON_AddStringToObject(og, "image_alt", alt) == NULL ||
	    cJSON_AddNumberToObject(og, "image_width", SHARE_W) == NULL ||
	    cJSON_AddNumberToObject(og, "image_height", SHARE_H) == NULL)
		return -1;
	return 0;
}

/* --- the image --------------------------------------------------------- */

/*
 * The bytes of the UTF-8 character at s (1 for a stray byte) into *len;
 * 1 when it is CJK (ideographs, kana, hangul, full-width forms), which
 * DejaVu lacks.
 */
static int
share_cjk_at(const char *s, size_t *len)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;

	*len = 1;
	if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80)
		*len = 2;
	else if ((*p & 0xF0) == 0xF0 && (p[1] & 0xC0) == 0x80 &&
	    (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80)
		*len = 4;
	else if ((*p & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 &&
	    (p[2] & 0xC0) == 0x80) {
		*len = 3;
		cp = ((uint32_t)(*p & 0x0F) << 12) |
		    ((uint32_t)(p[1] & 0x3F) << 6) | (uint32_t)(p[2] & 0x3F);
		return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 &&
		    cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
		    (cp >= 0xFF00 && cp <= 0xFFEF);
	}
	return 0;
}

/*
 * Draw s onto im (or, im NULL, only measure it) with its baseline at y,
 * in runs: CJK characters in SHARE_FONT_CJK when it is installed, the
 * others in font (FreeType through libgd does not fall back per glyph).
 * Returns the width, or -1 when FreeType cannot draw.
 */
static int
share_runs(gdImagePtr im, int color, const char *font, double size, int x,
    int y, const char *s)
{
	static int	 have_cjk = -1;
	char		 run[SHARE_TEXT_MAX];
	size_t		 i = 0, n, len;
	int		 br[8], w = 0, cjk;

	if (have_cjk == -1)
		have_cjk = access(SHARE_FONT_CJK, R_OK) == 0;
	while (s[i] != '\0') {
		cjk = have_cjk && share_cjk_at(s + i, &len);
		for (n = 0; s[i] != '\0' && n + 4 < sizeof(run) &&
		    (have_cjk && share_cjk_at(s + i, &len)) == cjk; i += len) {
			memcpy(run + n, s + i, len);
			n += len;
		}
		run[n] = '\0';
		if (n == 0)
			break;
		if (gdImageStringFT(im, br, color, (char *)(cjk ? SHARE_FONT_CJK :
		    font), size, 0.0, x + w, y, run) != NULL)
			return -1;
		w += br[2] - br[0];
	}
	return w;
}

/* Width of s in font at size, or -1 when FreeType cannot draw. */
static int
share_text_width(const char *font, double size, const char *s)
{
	return share_runs(NULL, 0, font, size, 0, 0, s);
}

/* Draw s with its baseline at y; the built-in font when FreeType fails. */
static void
share_text(gdImagePtr im, int color, const char *font, double size, int x,
    int y, const char *s)
{
	unsigned char	 ascii[SHARE_TEXT_MAX];
	gdFontPtr	 f;
	size_t		 i, n;

	if (share_runs(im, color, font, size, x, y, s) >= 0)
		return;
	f = gdFontGetGiant();
	for (i = n = 0; s[i] != '\0' && n + 1 < sizeof(ascii); i++)
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
			ascii[n++] = (unsigned char)s[i];
		else if (((unsigned char)s[i] & 0xC0) != 0x80)
			ascii[n++] = '?';
	ascii[n] = '\0';
	gdImageString(im, f, x, y - f->h, ascii, color);
}

/* Bytes of the longest prefix of s (at a UTF-8 boundary) at most n bytes. */
static size_t
share_cut(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/*
 * The title in at most maxlines (<= SHARE_TITLE_LINES) lines of width max: words while
 * they fit (a word wider than a line is cut), the last line ending in "…"
 * when text is left.  lines[i] are NUL-terminated; returns the count.
 */
static int
share_wrap(const char *title, const char *font, double size, int max,
    int maxlines, char lines[SHARE_TITLE_LINES][SHARE_TEXT_MAX])
{
	const char	*p = title;
	char		 try[SHARE_TEXT_MAX];
	size_t		 len, best, end;
	int		 nl = 0, w;

	while (*p == ' ')
		p++;
	while (*p != '\0' && nl < maxlines && nl < SHARE_TITLE_LINES) {
		/* The longest run of whole words from p that fits. */
		best = 0;
		end = 0;
		for (;;) {
			while (p[end] == ' ')
				end++;
			while (p[end] != '\0' && p[end] != ' ')
				end++;
			len = end < sizeof(try) - 1 ? end : share_cut(p, sizeof(try) - 1);
			memcpy(try, p, len);
			try[len] = '\0';
			w = share_text_width(font, size, try);
			if (w < 0 || w > max || len < end)
				break;
			best = end;
			if (p[end] == '\0')
				break;
		}
		if (best == 0) {
			/* One word wider than the line: as many characters as fit. */
			len = share_cut(p, strlen(p) < sizeof(try) - 1 ? strlen(p) :
			    sizeof(try) - 1);
			while (len > 1) {
				memcpy(try, p, len);
				try[len] = '\0';
				if ((w = share_text_width(font, size, try)) >= 0 && w <= max)
					break;
				len = share_cut(p, len - 1);
			}
			best = len > 0 ? len : 1;
		}
		memcpy(lines[nl], p, best);
		lines[nl][best] = '\0';
		nl++;
		p += best;
		while (*p == ' ')
			p++;
	}
	if (*p != '\0' && nl > 0) {
		/* Text left over: end the last line in an ellipsis that fits. */
		char	*l = lines[nl - 1];

		len = strlen(l);
		for (;;) {
			snprintf(try, sizeof(try), "%.*s…", (int)len, l);
			if ((w = share_text_width(font, size, try)) < 0 || w <= max ||
			    len == 0)
				break;
			len = share_cut(l, len - 1);
		}
		snprintf(lines[nl - 1], SHARE_TEXT_MAX, "%s", try);
	}
	return nl;
}

/* The PNG of c with the words w (gdFree() it), or NULL. */
static unsigned char *
share_png(const struct db_pub_campaign *c, const struct share_words *w,
    size_t *len)
{
	char		 lines[SHARE_TITLE_LINES][SHARE_TEXT_MAX];
	gdImagePtr	 im;
	int		 ink, muted, green, dark, track, white, n, i, y, size = 0;
	int		 bx0 = SHARE_MARGIN, bx1 = SHARE_W - SHARE_MARGIN, by0, by1;
	int64_t		 progress = share_progress(c), scale = c->goal;
	double		 fill, goalx;
	void		*png;

	if ((im = gdImageCreateTrueColor(SHARE_W, SHARE_H)) == NULL)
		return NULL;
	white = gdImageColorAllocate(im, 255, 255, 255);
	ink = gdImageColorAllocate(im, 29, 35, 48);
	muted = gdImageColorAllocate(im, 91, 100, 117);
	green = gdImageColorAllocate(im, 31, 111, 58);
	dark = gdImageColorAllocate(im, 18, 63, 22);
	track = gdImageColorAllocate(im, 226, 230, 236);
	gdImageFilledRectangle(im, 0, 0, SHARE_W - 1, SHARE_H - 1, white);
	gdImageFilledRectangle(im, 0, 0, SHARE_W - 1, 11, green);

	/* The title, in up to two lines. */
	n = share_wrap(c->title != NULL ? c->title : "", SHARE_FONT_BOLD, 54.0,
	    SHARE_W - 2 * SHARE_MARGIN, SHARE_TITLE_LINES, lines);
	y = 130;
	for (i = 0; i < n; i++, y += 80)
		share_text(im, ink, SHARE_FONT_BOLD, 54.0, SHARE_MARGIN, y, lines[i]);

	/* The bar: the goal's share of the scale, the overfunded part darker. */
	if (progress > scale)
		scale = progress;
	if (scale <= 0)
		scale = 1;
	fill = progress <= 0 ? 0.0 : (double)progress / (double)scale;
	goalx = (double)c->goal / (double)scale;
	by0 = 340;
	by1 = 400;
	gdImageFilledRectangle(im, bx0, by0, bx1, by1, track);
	if (fill > 0) {
		int	 gx = bx0 + (int)((bx1 - bx0) * (fill < goalx ? fill : goalx));
		int	 fx = bx0 + (int)((bx1 - bx0) * fill);

		gdImageFilledRectangle(im, bx0, by0, gx, by1, green);
		if (fx > gx)
			gdImageFilledRectangle(im, gx, by0, fx, by1, dark);
	}
	if (goalx < 1.0) {
		int	 gx = bx0 + (int)((bx1 - bx0) * goalx);

		gdImageFilledRectangle(im, gx - 2, by0 - 12, gx + 2, by1 + 12, ink);
	}

	/* The figures (in the largest size that fits one line) and the next goal. */
	{
		static const double	 sizes[] = { 38.0, 32.0, 28.0, 24.0 };
		char			 f[sizeof(w->funded) + SHARE_TEXT_MAX + 2];
		size_t			 k;
		int			 tw;

		snprintf(f, sizeof(f), "%s%s%s", w->funded, *w->funded ? " " : "",
		    w->prog);
		for (k = 0; k + 1 < sizeof(sizes) / sizeof(sizes[0]); k++)
			if ((tw = share_text_width(SHARE_FONT_BOLD, sizes[k], f)) >= 0 &&
			    tw <= SHARE_W - 2 * SHARE_MARGIN)
				break;
		if (share_wrap(f, SHARE_FONT_BOLD, sizes[k], SHARE_W - 2 * SHARE_MARGIN,
		    1, lines) > 0)
			share_text(im, progress >= c->goal ? dark : ink, SHARE_FONT_BOLD,
			    sizes[k], SHARE_MARGIN, 470, lines[0]);
	}
	if (*w->next != '\0') {
		/* One line, cut with an ellipsis when too long. */
		n = share_wrap(w->next, SHARE_FONT, 32.0, SHARE_W - 2 * SHARE_MARGIN, 1,
		    lines);
		if (n > 0)
			share_text(im, muted, SHARE_FONT, 32.0, SHARE_MARGIN, 540, lines[0]);
	}
	png = gdImagePngPtr(im, &size);
	gdImageDestroy(im);
	if (png == NULL || size <= 0) {
		if (png != NULL)
			gdFree(png);
		return NULL;
	}
	*len = (size_t)size;
	return png;
}

/* --- the answer -------------------------------------------------------- */

/* Does If-None-Match (inm) list etag, or "*"?  (Weak comparison.) */
static int
share_etag_matches(const char *inm, const char *etag)
{
	const char	*p = inm;
	size_t		 n = strlen(etag);

	if (p == NULL)
		return 0;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return 1;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' ||
		    p[n] == ' ' || p[n] == '\t'))
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

static int
share_not_found(struct sg_resp *resp)
{
	sg_resp_header(resp, "Cache-Control", SHARE_CACHE_CONTROL);
	sg_resp_error(resp, 404, "not_found", "no such campaign", NULL);
	return SG_H_OK;
}

static void
share_headers(struct sg_resp *resp, const char *etag)
{
	sg_resp_header(resp, "Cache-Control", SHARE_CACHE_CONTROL);
	sg_resp_header(resp, "ETag", "%s", etag);
}

int
h_public_share(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_pub_head	 head;
	struct db_pub_campaign	 c;
	struct share_slot	*s;
	struct share_words	 w;
	const struct sg_i18n_cat *cat;
	struct sg_form		 f;
	unsigned char		*png;
	char			 etag[96], want[SG_I18N_TAG_MAX] = "";
	const char		*v;
	cJSON			*model;
	size_t			 len = 0, idx = 0;
	int			 rc;

	if (req->nargs != 2 || sg_slug_check(req->args[0]) != SG_VERR_OK ||
	    sg_slug_check(req->args[1]) != SG_VERR_OK)
		return share_not_found(resp);
	/* lang= as the widget page takes it (an unknown one: the store's). */
	sg_form_init(&f);
	if (sg_form_parse(&f, req->query, strlen(req->query)) == SG_FORM_OK &&
	    (v = sg_form_get(&f, "lang")) != NULL && strlen(v) < sizeof(want))
		snprintf(want, sizeof(want), "%s", v);
	sg_form_free(&f);
	if ((rc = db_pub_head_get(app->db, req->args[0], req->args[1], &head)) < 0)
		return sg_h_db_error(resp, rc);
	if (rc == 0 || head.status == DB_PUB_DRAFT)
		return share_not_found(resp);
	if ((cat = public_share_lang(app, want, head.locale, &idx)) == NULL) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	/* The words are the catalogue's: its tag and hash name them too. */
	snprintf(etag, sizeof(etag), "\"%" PRId64 "-%" PRId64 "-share2-%s-%08"
	    PRIx32 "\"", head.id, head.version, sg_i18n_tag(cat),
	    sg_i18n_hash(cat));
	if (share_etag_matches(req->if_none_match, etag)) {
		resp->status = 304;
		share_headers(resp, etag);
		return SG_H_OK;
	}
	s = &share_cache[((uint64_t)head.id * 31 + idx) % SHARE_CACHE_SLOTS];
	if (s->id != head.id || s->version != head.version || s->lang != idx) {
		memset(&c, 0, sizeof(c));
		if ((rc = db_pub_campaign_load(app->db, head.id, &c)) < 0)
			return sg_h_db_error(resp, rc);
		if (rc == 0 || c.head.status == DB_PUB_DRAFT) {
			db_pub_campaign_free(&c);
			return share_not_found(resp);
		}
		if ((model = public_share_model(app, &c, want)) == NULL) {
			db_pub_campaign_free(&c);
			sg_h_internal(resp);
			return SG_H_OK;
		}
		share_words(model, &w);
		cJSON_Delete(model);
		png = share_png(&c, &w, &len);
		if (png == NULL) {
			sg_error("share %s/%s: could not draw the image", c.store, c.slug);
			db_pub_campaign_free(&c);
			sg_h_internal(resp);
			return SG_H_OK;
		}
		/* What was read may be newer than the lookup: its version names it. */
		snprintf(etag, sizeof(etag), "\"%" PRId64 "-%" PRId64 "-share2-%s-%08"
		    PRIx32 "\"", c.head.id, c.head.version, sg_i18n_tag(cat),
		    sg_i18n_hash(cat));
		if (len <= SHARE_PNG_MAX) {
			if (s->png != NULL)
				gdFree(s->png);
			s->id = c.head.id;
			s->version = c.head.version;
			s->lang = idx;
			s->png = png;
			s->len = len;
		}
		db_pub_campaign_free(&c);
	} else {
		png = s->png;
		len = s->len;
	}
	resp->status = 200;
	sg_buf_reset(&resp->body);
	rc = sg_buf_add(&resp->body, png, len);
	if (png != s->png)
		gdFree(png);
	if (rc != SG_BUF_OK) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	sg_resp_header(resp, "Content-Type", "image/png");
	share_headers(resp, etag);
	return SG_H_OK;
}
