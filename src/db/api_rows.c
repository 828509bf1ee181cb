/* api_rows.c — loading api rows into structs; see db/api.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/api.h"

int
api_col_copy(struct sg_db *db, enum sqlstmt q, unsigned col, char *dst,
    size_t size)
{
	const char	*s;
	size_t		 len;

	if ((s = db_col_str(db, q, col, &len)) == NULL) {
		dst[0] = '\0';
		return 0;
	}
	if (len >= size)
		len = size - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 1;
}

int
api_col_time(struct sg_db *db, enum sqlstmt q, unsigned col, sg_usec_t *out)
{
	const char	*s;
	size_t		 len;

	*out = 0;
	if ((s = db_col_str(db, q, col, &len)) == NULL)
		return 0;
	if (sg_time_parse_sql(s, len, out) == -1)
		*out = 0;
	return 1;
}

void
api_campaign_read(struct sg_db *db, enum sqlstmt q, struct api_campaign *c)
{
	char	 buf[16];

	c->id = db_col_i64(db, q, 0);
	api_col_copy(db, q, 1, c->slug, sizeof(c->slug));
	api_col_copy(db, q, 2, c->title, sizeof(c->title));
	api_col_copy(db, q, 3, c->description, sizeof(c->description));
	api_col_copy(db, q, 4, buf, sizeof(buf));
	c->goal_kind = strcmp(buf, "money") == 0 ? SG_GOAL_MONEY : SG_GOAL_UNITS;
	c->goal = db_col_i64(db, q, 5);
	c->has_starts = api_col_time(db, q, 6, &c->starts_at);
	c->has_ends = api_col_time(db, q, 7, &c->ends_at);
	api_col_copy(db, q, 8, buf, sizeof(buf));
	if (sg_campaign_status_parse(buf, &c->status) == -1)
		c->status = SG_STATUS_DRAFT;
	c->units = db_col_i64(db, q, 9);
	c->amount = db_col_i64(db, q, 10);
	c->orders = db_col_i64(db, q, 11);
	c->backers = db_col_i64(db, q, 12);
	c->counted_seq = db_col_i64(db, q, 13);
	c->version = db_col_i64(db, q, 14);
	(void)api_col_time(db, q, 15, &c->created_at);
	(void)api_col_time(db, q, 16, &c->updated_at);
	c->nproduct_ids = 0;
}

static int
campaign_fetch(struct sg_db *db, enum sqlstmt q, struct api_campaign *c)
{
	int	 rc;

	if ((rc = db_fetch(db, q)) > 0)
		api_campaign_read(db, q, c);
	db_done(db, q);
	return rc;
}

int
api_campaign_by_slug(struct sg_db *db, int64_t store_id, const char *slug,
    int lock, struct api_campaign *c)
{
	enum sqlstmt	 q = lock ? SQL_API_CAMPAIGN_LOCK : SQL_API_CAMPAIGN_GET;
	int		 rc;

	if ((rc = db_exec(db, q, "is", store_id, slug)) != DB_OK)
		return rc;
	return campaign_fetch(db, q, c);
}

int
api_campaign_lock_id(struct sg_db *db, int64_t id, struct api_campaign *c)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_API_CAMPAIGN_LOCK_ID, "i", id)) != DB_OK)
		return rc;
	return campaign_fetch(db, SQL_API_CAMPAIGN_LOCK_ID, c);
}

int
api_campaign_load_products(struct sg_db *db, struct api_campaign *c)
{
	int	 rc;

	c->nproduct_ids = 0;
	if ((rc = db_exec(db, SQL_API_CAMPAIGN_PRODUCTS, "i", c->id)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, SQL_API_CAMPAIGN_PRODUCTS)) > 0)
		if (c->nproduct_ids < SG_CAMPAIGN_PRODUCTS_MAX)
			api_col_copy(db, SQL_API_CAMPAIGN_PRODUCTS, 0,
			    c->product_ids[c->nproduct_ids++],
			    sizeof(c->product_ids[0]));
	db_done(db, SQL_API_CAMPAIGN_PRODUCTS);
	return rc < 0 ? rc : DB_OK;
}

int64_t
api_campaign_progress(const struct api_campaign *c)
{
	return c->goal_kind == SG_GOAL_MONEY ? c->amount : c->units;
}

void
api_milestone_read(struct sg_db *db, enum sqlstmt q, struct api_milestone *m)
{
	char	 buf[16];

	m->id = db_col_i64(db, q, 0);
	m->campaign_id = db_col_i64(db, q, 1);
	m->target = db_col_i64(db, q, 2);
	api_col_copy(db, q, 3, m->title, sizeof(m->title));
	m->has_image = api_col_copy(db, q, 4, m->image_url, sizeof(m->image_url));
	api_col_copy(db, q, 5, m->before_text, sizeof(m->before_text));
	api_col_copy(db, q, 6, m->after_text, sizeof(m->after_text));
	api_col_copy(db, q, 7, buf, sizeof(buf));
	m->gift = strcmp(buf, "gift") == 0;
	m->has_gift_product = api_col_copy(db, q, 8, m->gift_product_id,
	    sizeof(m->gift_product_id));
	m->has_gift_variant = api_col_copy(db, q, 9, m->gift_variant_id,
	    sizeof(m->gift_variant_id));
	m->gift_quantity = db_col_i64(db, q, 10);
	api_col_copy(db, q, 11, buf, sizeof(buf));
	m->scope = strcmp(buf, "new") == 0 ? SG_SCOPE_NEW : SG_SCOPE_ALL;
	m->reached = api_col_time(db, q, 12, &m->reached_at);
	m->reached_seq = db_col_i64(db, q, 13);
	api_col_copy(db, q, 14, m->reached_order, sizeof(m->reached_order));
	(void)api_col_time(db, q, 15, &m->created_at);
	(void)api_col_time(db, q, 16, &m->updated_at);
}

int
api_milestone_get(struct sg_db *db, int64_t campaign_id, int64_t id,
    struct api_milestone *m)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_API_MILESTONE_GET, "ii", campaign_id, id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, SQL_API_MILESTONE_GET)) > 0)
		api_milestone_read(db, SQL_API_MILESTONE_GET, m);
	db_done(db, SQL_API_MILESTONE_GET);
	return rc;
}

int
api_ms_rules_load(struct sg_db *db, int64_t campaign_id,
    struct api_ms_rule **out, size_t *n)
{
	const enum sqlstmt q = SQL_API_MILESTONE_RULES;
	struct api_ms_rule	*v = NULL, *p, *r;
	size_t			 cap = 0, len = 0;
	char			 buf[16];
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, q, "i", campaign_id)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8;
			if ((p = realloc(v, cap * sizeof(*v))) == NULL) {
				rc = DB_ERR;
				break;
			}
			v = p;
		}
		r = &v[len++];
		memset(r, 0, sizeof(*r));
		r->id = db_col_i64(db, q, 0);
		r->rule.target = db_col_i64(db, q, 1);
		r->rule.reached = !db_col_isnull(db, q, 2);
		r->rule.reached_seq = db_col_i64(db, q, 2);
		api_col_copy(db, q, 3, buf, sizeof(buf));
		r->rule.gift = strcmp(buf, "gift") == 0;
		api_col_copy(db, q, 4, buf, sizeof(buf));
		r->rule.scope = strcmp(buf, "new") == 0 ? SG_SCOPE_NEW : SG_SCOPE_ALL;
		api_col_copy(db, q, 5, r->gift_product_id, sizeof(r->gift_product_id));
		r->has_gift_variant = api_col_copy(db, q, 6, r->gift_variant_id,
		    sizeof(r->gift_variant_id));
		r->gift_quantity = db_col_i64(db, q, 7);
	}
	db_done(db, q);
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n = len;
	return DB_OK;
}
