/* db/public.c — reads for the public widget; see db/public.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "db/internal.h"
#include "db/public.h"
#include "domain/order.h"
#include "domain/validate.h"
#include "util/log.h"

static enum db_pub_status
pub_status_parse(const char *s)
{
	if (s != NULL && strcmp(s, "live") == 0)
		return DB_PUB_LIVE;
	if (s != NULL && strcmp(s, "ended") == 0)
		return DB_PUB_ENDED;
	return DB_PUB_DRAFT;
}

/* A DATETIME column into *t; 0 when NULL or unreadable. */
static int
pub_col_time(struct sg_db *db, enum sqlstmt q, unsigned col, sg_usec_t *t)
{
	const char	*s;
	size_t		 len;

	if (db_col_isnull(db, q, col))
		return 0;
	s = db_col_str(db, q, col, &len);
	return s != NULL && sg_time_parse_sql(s, len, t) == 0;
}

/* A copy of a text column; NULL stays NULL.  -1 when out of memory. */
static int
pub_col_dup(struct sg_db *db, enum sqlstmt q, unsigned col, char **out)
{
	const char	*s;
	size_t		 len;

	*out = NULL;
	if (db_col_isnull(db, q, col))
		return 0;
	if ((s = db_col_str(db, q, col, &len)) == NULL)
		s = "", len = 0;
	if ((*out = malloc(len + 1)) == NULL)
		return -1;
	memcpy(*out, s, len);
	(*out)[len] = '\0';
	return 0;
}

static void
pub_col_copy(struct sg_db *db, enum sqlstmt q, unsigned col, char *dst,
    size_t size)
{
	const char	*s;
	size_t		 len;

	if ((s = db_col_str(db, q, col, &len)) == NULL)
		len = 0;
	if (len >= size)
		len = size - 1;
	memcpy(dst, s == NULL ? "" : s, len);
	dst[len] = '\0';
}

/* The look of columns col.. (theme accent radius) into *l. */
static void
pub_col_look(struct sg_db *db, enum sqlstmt q, unsigned col,
    struct db_pub_look *l)
{
	char	 buf[16];

	memset(l, 0, sizeof(*l));
	pub_col_copy(db, q, col, buf, sizeof(buf));
	l->theme = strcmp(buf, "light") == 0 ? SG_THEME_LIGHT :
	    strcmp(buf, "dark") == 0 ? SG_THEME_DARK : SG_THEME_AUTO;
	if (!db_col_isnull(db, q, col + 1)) {
		pub_col_copy(db, q, col + 1, buf, sizeof(buf));
		l->has_accent = sg_look_accent_parse(buf, &l->accent) == 0;
	}
	if (!db_col_isnull(db, q, col + 2)) {
		l->has_radius = 1;
		l->radius = (int)db_col_i64(db, q, col + 2);
		if (l->radius < 0 || l->radius > SG_RADIUS_MAX)
			l->has_radius = 0;
	}
}

int
db_pub_head_get(struct sg_db *db, const char *store, const char *slug,
    struct db_pub_head *h)
{
	const enum sqlstmt	 q = SQL_PUBLIC_CAMPAIGN_HEAD;
	int			 rc;

	if ((rc = db_exec(db, q, "ss", store, slug)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		h->id = db_col_i64(db, q, 0);
		h->version = db_col_i64(db, q, 1);
		h->status = pub_status_parse(db_col_str(db, q, 2, NULL));
		h->has_ends = pub_col_time(db, q, 3, &h->ends_at);
		h->has_starts = pub_col_time(db, q, 4, &h->starts_at);
		pub_col_copy(db, q, 5, h->locale, sizeof(h->locale));
		pub_col_look(db, q, 6, &h->look);
	}
	db_done(db, q);
	return rc;
}

void
db_pub_campaign_free(struct db_pub_campaign *c)
{
	size_t	 i;

	for (i = 0; i < c->nms; i++) {
		free(c->ms[i].title);
		free(c->ms[i].image_url);
		free(c->ms[i].image_alt);
		free(c->ms[i].text);
		free(c->ms[i].gift_title);
	}
	free(c->ms);
	free(c->title);
	c->ms = NULL;
	c->nms = 0;
	c->title = NULL;
}

static int
pub_campaign_row(struct sg_db *db, int64_t id, struct db_pub_campaign *c)
{
	const enum sqlstmt	 q = SQL_PUBLIC_CAMPAIGN_GET;
	const char		*kind;
	int			 rc;

	if ((rc = db_exec(db, q, "i", id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		c->head.id = db_col_i64(db, q, 0);
		c->head.version = db_col_i64(db, q, 1);
		c->head.status = pub_status_parse(db_col_str(db, q, 2, NULL));
		pub_col_copy(db, q, 3, c->slug, sizeof(c->slug));
		if (pub_col_dup(db, q, 4, &c->title) == -1)
			rc = DB_ERR;
		kind = db_col_str(db, q, 5, NULL);
		c->money = kind != NULL && strcmp(kind, "money") == 0;
		c->goal = db_col_i64(db, q, 6);
		c->units = db_col_i64(db, q, 7);
		c->amount = db_col_i64(db, q, 8);
		c->backers = db_col_i64(db, q, 9);
		c->orders = db_col_i64(db, q, 10);
		c->has_starts = pub_col_time(db, q, 11, &c->starts_at);
		c->head.has_starts = c->has_starts;
		c->head.starts_at = c->starts_at;
		c->head.has_ends = pub_col_time(db, q, 12, &c->head.ends_at);
		pub_col_copy(db, q, 13, c->store, sizeof(c->store));
		pub_col_copy(db, q, 14, c->currency, sizeof(c->currency));
		c->exponent = (int)db_col_i64(db, q, 15);
		pub_col_copy(db, q, 16, c->head.locale, sizeof(c->head.locale));
		pub_col_look(db, q, 17, &c->head.look);
	}
	db_done(db, q);
	return rc;
}

static int
pub_milestones(struct sg_db *db, struct db_pub_campaign *c)
{
	const enum sqlstmt	 q = SQL_PUBLIC_MILESTONE_LIST;
	struct db_pub_milestone	*m, *grown;
	size_t			 cap = 0;
	const char		*s;
	int			 rc, oom = 0;

	if ((rc = db_exec(db, q, "i", c->head.id)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		if (c->nms == DB_PUB_MILESTONES_MAX) {
			sg_warn("campaign %lld: more than %d milestones, the "
			    "widget shows the first", (long long)c->head.id,
			    DB_PUB_MILESTONES_MAX);
			continue;
		}
		if (c->nms == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			if ((grown = realloc(c->ms, cap * sizeof(*c->ms))) == NULL) {
				oom = 1;
				break;
			}
			c->ms = grown;
		}
		m = &c->ms[c->nms++];
		memset(m, 0, sizeof(*m));
		m->id = db_col_i64(db, q, 0);
		m->target = db_col_i64(db, q, 1);
		if (pub_col_dup(db, q, 2, &m->title) == -1 ||
		    pub_col_dup(db, q, 3, &m->image_url) == -1 ||
		    pub_col_dup(db, q, 4, &m->text) == -1)
			oom = 1;
		m->reached = pub_col_time(db, q, 5, &m->reached_at);
		m->secret = db_col_i64(db, q, 10) != 0;
		m->hidden = m->secret && !m->reached;
		s = db_col_str(db, q, 6, NULL);
		m->gift = !m->hidden && s != NULL && strcmp(s, "gift") == 0;
		if (m->gift && pub_col_dup(db, q, 7, &m->gift_title) == -1)
			oom = 1;
		m->gift_quantity = m->gift ? db_col_i64(db, q, 8) : 0;
		s = db_col_str(db, q, 9, NULL);
		m->scope_new = m->gift && s != NULL && strcmp(s, "new") == 0;
		if (m->image_url != NULL &&
		    pub_col_dup(db, q, 11, &m->image_alt) == -1)
			oom = 1;
		s = db_col_str(db, q, 12, NULL);
		m->backers = s != NULL && strcmp(s, "backers") == 0;
		/* A URL that is not http(s) or /media/ is never shown. */
		if (m->image_url != NULL &&
		    sg_image_url_check(m->image_url) != SG_VERR_OK) {
			free(m->image_url);
			free(m->image_alt);
			m->image_url = m->image_alt = NULL;
		}
		if (m->image_url != NULL && m->image_alt == NULL &&
		    (m->image_alt = strdup("")) == NULL)
			oom = 1;
		if (oom)
			break;
	}
	db_done(db, q);
	if (oom) {
		sg_error("campaign %lld: out of memory loading milestones",
		    (long long)c->head.id);
		return DB_ERR;
	}
	return rc < 0 ? rc : DB_OK;
}

int
db_pub_campaign_load(struct sg_db *db, int64_t id, struct db_pub_campaign *c)
{
	int	 rc;

	memset(c, 0, sizeof(*c));
	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	if ((rc = pub_campaign_row(db, id, c)) <= 0)
		goto fail;
	if ((rc = pub_milestones(db, c)) != DB_OK)
		goto fail;
	if ((rc = db_commit(db)) != DB_OK)
		goto fail_nocommit;
	return 1;
fail:
	db_rollback(db);
fail_nocommit:
	db_pub_campaign_free(c);
	return rc;
}
