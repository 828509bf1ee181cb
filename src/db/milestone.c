/* milestone.c — the milestone entity; see db/milestone.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"
#include "db/milestone.h"

void
db_milestone_read(struct sg_db *db, enum sqlstmt q, struct db_milestone *m)
{
	char	 buf[16];

	m->id = db_col_i64(db, q, 0);
	m->campaign_id = db_col_i64(db, q, 1);
	m->target = db_col_i64(db, q, 2);
	db_col_copy(db, q, 3, m->title, sizeof(m->title));
	m->has_image = db_col_copy(db, q, 4, m->image_url, sizeof(m->image_url));
	db_col_copy(db, q, 5, m->before_text, sizeof(m->before_text));
	db_col_copy(db, q, 6, m->after_text, sizeof(m->after_text));
	db_col_copy(db, q, 7, buf, sizeof(buf));
	if (sg_reward_parse(buf, &m->reward) == -1)
		m->reward = SG_REWARD_REVEAL;
	m->has_gift_product = db_col_copy(db, q, 8, m->gift_product_id,
	    sizeof(m->gift_product_id));
	m->has_gift_variant = db_col_copy(db, q, 9, m->gift_variant_id,
	    sizeof(m->gift_variant_id));
	m->gift_quantity = db_col_i64(db, q, 10);
	db_col_copy(db, q, 11, buf, sizeof(buf));
	m->scope = strcmp(buf, "new") == 0 ? SG_SCOPE_NEW : SG_SCOPE_ALL;
	m->reached = db_col_time(db, q, 12, &m->reached_at);
	m->reached_seq = db_col_i64(db, q, 13);
	db_col_copy(db, q, 14, m->reached_order, sizeof(m->reached_order));
	(void)db_col_time(db, q, 15, &m->created_at);
	(void)db_col_time(db, q, 16, &m->updated_at);
	db_col_copy(db, q, 17, m->image_alt, sizeof(m->image_alt));
	m->image_teaser = db_col_i64(db, q, 18) != 0;
	m->secret = db_col_i64(db, q, 19) != 0;
	db_col_copy(db, q, 20, buf, sizeof(buf));
	if (sg_metric_parse(buf, &m->metric) == -1)
		m->metric = SG_METRIC_PROGRESS;
	m->fanout_pending = db_col_i64(db, q, 21) != 0;
}

int
db_milestone_get(struct sg_db *db, int64_t campaign_id, int64_t id,
    struct db_milestone *m)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_MILESTONE_GET, "ii", campaign_id, id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, SQL_MILESTONE_GET)) > 0)
		db_milestone_read(db, SQL_MILESTONE_GET, m);
	db_done(db, SQL_MILESTONE_GET);
	return rc;
}

static int
rule_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	struct db_milestone_rule	*r = row;
	char				 buf[16];

	r->id = db_col_i64(db, q, 0);
	r->rule.target = db_col_i64(db, q, 1);
	r->rule.reached = !db_col_isnull(db, q, 2);
	r->rule.reached_seq = db_col_i64(db, q, 2);
	db_col_copy(db, q, 3, buf, sizeof(buf));
	if (sg_reward_parse(buf, &r->rule.reward) == -1)
		r->rule.reward = SG_REWARD_REVEAL;
	db_col_copy(db, q, 4, buf, sizeof(buf));
	r->rule.scope = strcmp(buf, "new") == 0 ? SG_SCOPE_NEW : SG_SCOPE_ALL;
	db_col_copy(db, q, 5, r->gift_product_id, sizeof(r->gift_product_id));
	r->has_gift_variant = db_col_copy(db, q, 6, r->gift_variant_id,
	    sizeof(r->gift_variant_id));
	r->gift_quantity = db_col_i64(db, q, 7);
	db_col_copy(db, q, 8, buf, sizeof(buf));
	if (sg_metric_parse(buf, &r->rule.metric) == -1)
		r->rule.metric = SG_METRIC_PROGRESS;
	r->fanout_pending = db_col_i64(db, q, 9) != 0;
	return 0;
}

int
db_milestone_rules_load(struct sg_db *db, int64_t campaign_id,
    struct db_milestone_rule **out, size_t *n)
{
	void	*v;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_MILESTONE_RULES, "i", campaign_id)) != DB_OK)
		return rc;
	if ((rc = db_fetch_all(db, SQL_MILESTONE_RULES, sizeof(**out), rule_read,
	    NULL, &v, n)) == DB_OK)
		*out = v;
	return rc;
}

int
db_milestone_list(struct sg_db *db, int64_t campaign_id,
    struct db_milestone *buf, int (*cb)(void *, struct db_milestone *),
    void *arg)
{
	const enum sqlstmt q = SQL_MILESTONE_LIST;
	int	 rc;

	if ((rc = db_exec(db, q, "i", campaign_id)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0) {
		db_milestone_read(db, q, buf);
		if ((rc = cb(arg, buf)) != 0)
			break;
	}
	db_done(db, q);
	return rc < 0 ? rc : DB_OK;
}

int
db_milestone_count(struct sg_db *db, int64_t campaign_id, int64_t *n)
{
	int	 rc;

	*n = 0;
	if ((rc = db_get_i64(db, SQL_MILESTONE_COUNT, n, "i", campaign_id)) < 0)
		return rc;
	return DB_OK;
}

int
db_milestone_insert(struct sg_db *db, int64_t campaign_id,
    const struct sg_milestone_input *m, int64_t *id)
{
	int	 rc;

	rc = db_exec(db, SQL_MILESTONE_INSERT, "iisssssssissiis", campaign_id,
	    m->target, m->title, m->image_url,
	    m->before_text ? m->before_text : "",
	    m->after_text ? m->after_text : "", sg_reward_name(m->reward),
	    m->gift_product_id, m->gift_variant_id, m->gift_quantity,
	    m->scope == SG_SCOPE_NEW ? "new" : "all",
	    m->image_alt ? m->image_alt : "", (int64_t)(m->image_teaser != 0),
	    (int64_t)(m->secret != 0), sg_metric_name(m->metric));
	if (rc == DB_OK)
		*id = db_insert_id(db, SQL_MILESTONE_INSERT);
	return rc;
}

int
db_milestone_update(struct sg_db *db, int64_t id,
    const struct sg_milestone_input *m)
{
	return db_exec(db, SQL_MILESTONE_UPDATE, "isssssssissiisi", m->target,
	    m->title, m->image_url, m->before_text ? m->before_text : "",
	    m->after_text ? m->after_text : "", sg_reward_name(m->reward),
	    m->gift_product_id, m->gift_variant_id, m->gift_quantity,
	    m->scope == SG_SCOPE_NEW ? "new" : "all",
	    m->image_alt ? m->image_alt : "", (int64_t)(m->image_teaser != 0),
	    (int64_t)(m->secret != 0), sg_metric_name(m->metric), id);
}

int
db_milestone_delete(struct sg_db *db, int64_t id)
{
	return db_exec(db, SQL_MILESTONE_DELETE, "i", id);
}

int
db_milestone_reach_on_save(struct sg_db *db, int64_t id, int64_t seq)
{
	return db_exec(db, SQL_MILESTONE_REACH_SAVE, "ii", seq, id);
}

int
db_milestone_reach_by_order(struct sg_db *db, int64_t id, int64_t seq,
    int64_t order_pk)
{
	return db_exec(db, SQL_MILESTONE_REACH_ORDER, "iii", seq, order_pk, id);
}

/* --- admin reads --- */

/* Grant counts of one milestone, looked up in the counts read before. */
struct ms_counts {
	int64_t	 id, pending, fulfilled, voided;
};

int
db_milestone_list_grants(struct sg_db *db, int64_t campaign_id,
    int (*fn)(const struct db_milestone_grants *, void *), void *arg)
{
	const enum sqlstmt		 qc = SQL_ADMIN_MILESTONE_GRANTS;
	const enum sqlstmt		 q = SQL_ADMIN_MILESTONE_LIST;
	struct db_milestone_grants	*mg;
	struct ms_counts		*counts = NULL, *p;
	size_t				 ncounts = 0, cap = 0, i;
	int				 rc, n = 0;

	if ((rc = db_exec(db, qc, "i", campaign_id)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, qc)) > 0) {
		if (ncounts == cap) {
			cap = cap ? 2 * cap : 16;
			if ((p = realloc(counts, cap * sizeof(*p))) == NULL) {
				rc = DB_ERR;
				break;
			}
			counts = p;
		}
		p = &counts[ncounts++];
		p->id = db_col_i64(db, qc, 0);
		p->pending = db_col_i64(db, qc, 1);
		p->fulfilled = db_col_i64(db, qc, 2);
		p->voided = db_col_i64(db, qc, 3);
	}
	db_done(db, qc);
	if (rc < 0 || (mg = malloc(sizeof(*mg))) == NULL) {
		free(counts);
		return rc < 0 ? rc : DB_ERR;
	}
	if ((rc = db_exec(db, q, "i", campaign_id)) != DB_OK)
		goto out;
	while ((rc = db_fetch(db, q)) > 0) {
		db_milestone_read(db, q, &mg->m);
		mg->pending = mg->fulfilled = mg->voided = 0;
		for (i = 0; i < ncounts; i++)
			if (counts[i].id == mg->m.id) {
				mg->pending = counts[i].pending;
				mg->fulfilled = counts[i].fulfilled;
				mg->voided = counts[i].voided;
			}
		if (fn(mg, arg) == -1) {
			rc = DB_ERR;
			break;
		}
		n++;
	}
	db_done(db, q);
out:
	free(mg);
	free(counts);
	return rc < 0 ? rc : n;
}
