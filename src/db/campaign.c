/* campaign.c — the campaign entity; see db/campaign.h. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/campaign.h"
#include "db/internal.h"

void
db_campaign_read(struct sg_db *db, enum sqlstmt q, struct db_campaign *c)
{
	char	 buf[16];

	c->id = db_col_i64(db, q, 0);
	db_col_copy(db, q, 1, c->slug, sizeof(c->slug));
	db_col_copy(db, q, 2, c->title, sizeof(c->title));
	db_col_copy(db, q, 3, c->description, sizeof(c->description));
	db_col_copy(db, q, 4, buf, sizeof(buf));
	c->goal_kind = strcmp(buf, "money") == 0 ? SG_GOAL_MONEY : SG_GOAL_UNITS;
	c->goal = db_col_i64(db, q, 5);
	c->has_starts = db_col_time(db, q, 6, &c->starts_at);
	c->has_ends = db_col_time(db, q, 7, &c->ends_at);
	db_col_copy(db, q, 8, buf, sizeof(buf));
	if (sg_campaign_status_parse(buf, &c->status) == -1)
		c->status = SG_STATUS_DRAFT;
	c->units = db_col_i64(db, q, 9);
	c->amount = db_col_i64(db, q, 10);
	c->orders = db_col_i64(db, q, 11);
	c->backers = db_col_i64(db, q, 12);
	c->counted_seq = db_col_i64(db, q, 13);
	c->version = db_col_i64(db, q, 14);
	(void)db_col_time(db, q, 15, &c->created_at);
	(void)db_col_time(db, q, 16, &c->updated_at);
	db_col_copy(db, q, 17, buf, sizeof(buf));
	c->theme = strcmp(buf, "light") == 0 ? SG_THEME_LIGHT :
	    strcmp(buf, "dark") == 0 ? SG_THEME_DARK : SG_THEME_AUTO;
	c->has_accent = 0;
	if (!db_col_isnull(db, q, 18)) {
		db_col_copy(db, q, 18, buf, sizeof(buf));
		c->has_accent = sg_look_accent_parse(buf, &c->accent) == 0;
	}
	c->has_radius = !db_col_isnull(db, q, 19);
	c->radius = c->has_radius ? (int)db_col_i64(db, q, 19) : 0;
	c->nproduct_ids = 0;
}

static int
campaign_fetch(struct sg_db *db, enum sqlstmt q, struct db_campaign *c)
{
	int	 rc;

	if ((rc = db_fetch(db, q)) > 0)
		db_campaign_read(db, q, c);
	db_done(db, q);
	return rc;
}

int
db_campaign_get_by_slug(struct sg_db *db, int64_t store_id, const char *slug,
    int lock, struct db_campaign *c)
{
	enum sqlstmt	 q = lock ? SQL_CAMPAIGN_LOCK : SQL_CAMPAIGN_GET;
	int		 rc;

	if ((rc = db_exec(db, q, "is", store_id, slug)) != DB_OK)
		return rc;
	return campaign_fetch(db, q, c);
}

int
db_campaign_lock_by_id(struct sg_db *db, int64_t id, struct db_campaign *c)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_CAMPAIGN_LOCK_ID, "i", id)) != DB_OK)
		return rc;
	return campaign_fetch(db, SQL_CAMPAIGN_LOCK_ID, c);
}

int
db_campaign_products_load(struct sg_db *db, struct db_campaign *c)
{
	int	 rc;

	c->nproduct_ids = 0;
	if ((rc = db_exec(db, SQL_CAMPAIGN_PRODUCTS, "i", c->id)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, SQL_CAMPAIGN_PRODUCTS)) > 0)
		if (c->nproduct_ids < SG_CAMPAIGN_PRODUCTS_MAX)
			db_col_copy(db, SQL_CAMPAIGN_PRODUCTS, 0,
			    c->product_ids[c->nproduct_ids++],
			    sizeof(c->product_ids[0]));
	db_done(db, SQL_CAMPAIGN_PRODUCTS);
	return rc < 0 ? rc : DB_OK;
}

int64_t
db_campaign_progress(const struct db_campaign *c)
{
	return c->goal_kind == SG_GOAL_MONEY ? c->amount : c->units;
}


int
db_campaign_list(struct sg_db *db, int64_t store_id, const char *after,
    int64_t limit, struct db_campaign *buf,
    int (*cb)(void *, struct db_campaign *), void *arg)
{
	const enum sqlstmt q = SQL_CAMPAIGN_LIST;
	int	 rc;

	if ((rc = db_exec(db, q, "isi", store_id, after, limit)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		db_campaign_read(db, q, buf);
		if ((rc = cb(arg, buf)) != 0)
			break;
	}
	db_done(db, q);
	return rc < 0 ? rc : DB_OK;
}

int
db_campaign_insert(struct sg_db *db, int64_t store_id,
    const struct sg_campaign_input *in, int64_t *id)
{
	char	 s[SG_TIME_FMT_MAX], e[SG_TIME_FMT_MAX];
	int	 rc;

	char	 a[8];

	snprintf(a, sizeof(a), "#%06" PRIx32, in->accent & 0xffffff);
	rc = db_exec(db, SQL_CAMPAIGN_INSERT, "issssisssssi", store_id,
	    in->slug, in->title, in->description ? in->description : "",
	    sg_goal_kind_name(in->goal_kind), in->goal,
	    in->has_starts ? db_time_sql(in->starts_at, s) : NULL,
	    in->has_ends ? db_time_sql(in->ends_at, e) : NULL,
	    sg_campaign_status_name(in->status), sg_theme_name(in->theme),
	    in->has_accent ? a : NULL, (int64_t)(in->has_radius ? in->radius : -1));
	if (rc == DB_OK)
		*id = db_insert_id(db, SQL_CAMPAIGN_INSERT);
	return rc;
}

int
db_campaign_update(struct sg_db *db, int64_t id,
    const struct sg_campaign_input *m)
{
	char	 s[SG_TIME_FMT_MAX], e[SG_TIME_FMT_MAX], a[8];

	snprintf(a, sizeof(a), "#%06" PRIx32, m->accent & 0xffffff);
	return db_exec(db, SQL_CAMPAIGN_UPDATE, "ssssisssssii", m->slug, m->title,
	    m->description ? m->description : "",
	    sg_goal_kind_name(m->goal_kind), m->goal,
	    m->has_starts ? db_time_sql(m->starts_at, s) : NULL,
	    m->has_ends ? db_time_sql(m->ends_at, e) : NULL,
	    sg_campaign_status_name(m->status), sg_theme_name(m->theme),
	    m->has_accent ? a : NULL, (int64_t)(m->has_radius ? m->radius : -1),
	    id);
}

int
db_campaign_products_set(struct sg_db *db, int64_t id,
    const struct sg_campaign_input *in)
{
	size_t	 i;
	int	 rc;

	if ((rc = db_exec(db, SQL_CAMPAIGN_PRODUCTS_CLEAR, "i", id)) != DB_OK)
		return rc;
	/* The parser removed duplicates; one more is skipped, not an error. */
	for (i = 0; i < in->nproduct_ids; i++)
		if ((rc = db_exec(db, SQL_CAMPAIGN_PRODUCT_ADD, "is", id,
		    in->product_ids[i])) != DB_OK && rc != DB_DUP)
			return rc;
	return DB_OK;
}

int
db_campaign_has_orders(struct sg_db *db, int64_t id)
{
	int64_t	 n = 0;
	int	 rc;

	if ((rc = db_get_i64(db, SQL_CAMPAIGN_HAS_ORDERS, &n, "i", id)) < 0)
		return rc;
	return n > 0;
}

int
db_campaign_delete(struct sg_db *db, int64_t id)
{
	return db_exec(db, SQL_CAMPAIGN_DELETE, "i", id);
}

int
db_campaign_bump(struct sg_db *db, int64_t id)
{
	return db_exec(db, SQL_CAMPAIGN_BUMP, "i", id);
}

int
db_campaign_set_seq(struct sg_db *db, int64_t id, int64_t seq)
{
	return db_exec(db, SQL_CAMPAIGN_SET_SEQ, "ii", seq, id);
}

int
db_campaign_count(struct sg_db *db, int64_t id, int64_t units, int64_t amount,
    int64_t orders, int64_t backers, int64_t seq)
{
	return db_campaign_count_rules(db, id, units, amount, orders, backers,
	    seq, 1, 0);
}

int
db_campaign_count_rules(struct sg_db *db, int64_t id, int64_t units,
    int64_t amount, int64_t orders, int64_t backers, int64_t seq,
    int64_t versions, int rules)
{
	return db_exec(db, SQL_CAMPAIGN_COUNT, "iiiiiiii", units, amount, orders,
	    backers, seq, versions, (int64_t)(rules != 0), id);
}

int
db_campaign_lock_rules(struct sg_db *db, int64_t id, struct db_campaign *c,
    int64_t *rules_version, int64_t *last_event)
{
	const enum sqlstmt q = last_event != NULL ? SQL_CAMPAIGN_LOCK_ID_EVENTS :
	    SQL_CAMPAIGN_LOCK_ID_RULES;
	int	 rc;

	if ((rc = db_exec(db, q, "i", id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, q)) > 0) {
		db_campaign_read(db, q, c);
		*rules_version = db_col_i64(db, q, 20);
		if (last_event != NULL)
			*last_event = db_col_i64(db, q, 21);
	}
	db_done(db, q);
	return rc;
}

int
db_campaign_rules_version(struct sg_db *db, int64_t id, int64_t *rules_version)
{
	*rules_version = -1;
	return db_get_i64(db, SQL_CAMPAIGN_RULES_VERSION, rules_version, "i", id);
}

/* --- admin reads --- */

int
db_campaign_list_admin(struct sg_db *db, int64_t store_id, int64_t limit,
    int64_t offset, int (*fn)(const struct db_campaign *, void *), void *arg)
{
	const enum sqlstmt	 q = SQL_ADMIN_CAMPAIGN_LIST;
	struct db_campaign	*c;
	int			 rc, n = 0;

	if ((c = malloc(sizeof(*c))) == NULL)
		return DB_ERR;
	if ((rc = db_exec(db, q, "iii", store_id, limit, offset)) != DB_OK) {
		free(c);
		return rc;
	}
	while ((rc = db_fetch(db, q)) > 0) {
		db_campaign_read(db, q, c);
		if (fn(c, arg) == -1) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_done(db, q);
	free(c);
	return rc < 0 ? rc : n;
}

int
db_campaign_counted(struct sg_db *db, int64_t id, int *counted)
{
	int64_t	 n = 0;
	int	 rc;

	rc = db_get_i64(db, SQL_ADMIN_CAMPAIGN_COUNTED, &n, "i", id);
	*counted = n > 0;
	return rc < 0 ? rc : DB_OK;
}

int
db_campaign_products_titled(struct sg_db *db, int64_t id,
    int (*fn)(const struct db_campaign_product *, void *), void *arg)
{
	const enum sqlstmt		 q = SQL_ADMIN_CAMPAIGN_PRODUCTS;
	struct db_campaign_product	 p;
	int				 rc, n = 0;

	if ((rc = db_exec(db, q, "i", id)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		db_col_copy(db, q, 0, p.product_id, sizeof(p.product_id));
		p.has_title = db_col_copy(db, q, 1, p.title, sizeof(p.title));
		if (fn(&p, arg) == -1) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_done(db, q);
	return rc < 0 ? rc : n;
}

int
db_campaign_recent_orders(struct sg_db *db, int64_t id, int64_t limit,
    int (*fn)(const struct db_campaign_order *, void *), void *arg)
{
	const enum sqlstmt		 q = SQL_ADMIN_RECENT_ORDERS;
	struct db_campaign_order	 o;
	int				 rc, n = 0;

	if ((rc = db_exec(db, q, "ii", id, limit)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		db_col_copy(db, q, 0, o.external_id, sizeof(o.external_id));
		db_col_copy(db, q, 1, o.backer, sizeof(o.backer));
		(void)db_col_time(db, q, 2, &o.placed_at);
		o.units = db_col_i64(db, q, 3);
		o.amount = db_col_i64(db, q, 4);
		o.active = db_col_i64(db, q, 5) != 0;
		if (fn(&o, arg) == -1) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_done(db, q);
	return rc < 0 ? rc : n;
}

/* --- admin reads: the archive (sql/016) --- */

int
db_campaign_list_shown(struct sg_db *db, int64_t store_id, int archived,
    int64_t limit, int64_t offset, int (*fn)(const struct db_campaign *, void *),
    void *arg)
{
	const enum sqlstmt	 q = SQL_ADMIN_CAMPAIGN_LIST_SHOWN;
	struct db_campaign	*c;
	int			 rc, n = 0;

	if ((c = malloc(sizeof(*c))) == NULL)
		return DB_ERR;
	if ((rc = db_exec(db, q, "iiii", store_id, (int64_t)(archived != 0),
	    limit, offset)) != DB_OK) {
		free(c);
		return rc;
	}
	while ((rc = db_fetch(db, q)) > 0) {
		db_campaign_read(db, q, c);
		if (fn(c, arg) == -1) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_done(db, q);
	free(c);
	return rc < 0 ? rc : n;
}

int
db_campaign_count_shown(struct sg_db *db, int64_t store_id, int archived,
    int64_t *n)
{
	int	 rc;

	*n = 0;
	rc = db_get_i64(db, SQL_ADMIN_CAMPAIGN_COUNT_SHOWN, n, "ii", store_id,
	    (int64_t)(archived != 0));
	return rc < 0 ? rc : DB_OK;
}

int
db_campaign_archived(struct sg_db *db, int64_t id, int *archived)
{
	int64_t	 v = 0;
	int	 rc;

	rc = db_get_i64(db, SQL_ADMIN_CAMPAIGN_ARCHIVED, &v, "i", id);
	*archived = v != 0;
	return rc < 0 ? rc : DB_OK;
}

int
db_campaign_set_archived(struct sg_db *db, int64_t id, int archived)
{
	return db_exec(db, SQL_ADMIN_CAMPAIGN_SET_ARCHIVED, "ii",
	    (int64_t)(archived != 0), id);
}

int
db_campaign_slug_taken(struct sg_db *db, int64_t store_id, const char *slug,
    int *taken)
{
	int64_t	 v = 0;
	int	 rc;

	rc = db_get_i64(db, SQL_ADMIN_CAMPAIGN_SLUG_TAKEN, &v, "is", store_id, slug);
	*taken = v != 0;
	return rc < 0 ? rc : DB_OK;
}
