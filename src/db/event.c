/* event.c — the outbox; see db/event.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "db/event.h"
#include "db/internal.h"

/* In the order of the SET of webhook_endpoints.events (sql/015). */
static const char *const event_types[] = {
	SG_EVENT_MILESTONE_REACHED, SG_EVENT_GRANT_CREATED, SG_EVENT_GRANT_VOIDED,
	SG_EVENT_GOAL_REACHED, SG_EVENT_CAMPAIGN_ENDED
};

int
db_event_type_known(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(event_types) / sizeof(event_types[0]); i++)
		if (strcmp(name, event_types[i]) == 0)
			return 1;
	return 0;
}

int
db_event_subscribed(struct sg_db *db, int64_t store_id, unsigned *events)
{
	int64_t	 v = 0;
	int	 rc;

	*events = 0;
	if ((rc = db_get_i64(db, SQL_EVENT_SUBSCRIBED, &v, "i", store_id)) < 0)
		return rc;
	*events = (unsigned)v;
	return DB_OK;
}

/*
 * *last: the campaign's last event number, read first when it is < 0
 * (its row is locked by the caller).
 */
static int
last_seq(struct sg_db *db, int64_t campaign_id, int64_t *last)
{
	int	 rc;

	if (*last >= 0)
		return DB_OK;
	*last = 0;
	rc = db_get_i64(db, SQL_EVENT_LAST_SEQ, last, "i", campaign_id);
	return rc < 0 ? rc : DB_OK;
}

/* After statement q wrote events numbered from *last + 1: advance *last. */
static int
advanced(struct sg_db *db, enum sqlstmt q, int rc, int64_t *last)
{
	if (rc == DB_OK)
		*last += db_affected(db, q);
	return rc;
}

int
db_event_campaign_at(struct sg_db *db, int64_t *last, int64_t campaign_id,
    const char *type)
{
	int	 rc;

	if ((rc = last_seq(db, campaign_id, last)) != DB_OK)
		return rc;
	return advanced(db, SQL_EVENT_CAMPAIGN, db_exec(db, SQL_EVENT_CAMPAIGN,
	    "sii", type, *last, campaign_id), last);
}

int
db_event_milestone_reached_at(struct sg_db *db, int64_t *last,
    int64_t campaign_id, int64_t milestone_id)
{
	int	 rc;

	if ((rc = last_seq(db, campaign_id, last)) != DB_OK)
		return rc;
	return advanced(db, SQL_EVENT_MILESTONE, db_exec(db, SQL_EVENT_MILESTONE,
	    "ii", *last, milestone_id), last);
}

/* The statements writing 1, 2, 3, 4 grant.created rows. */
static const enum sqlstmt grant_rows[] = {
	SQL_EVENT_GRANT_ROWS1, SQL_EVENT_GRANT_ROWS2, SQL_EVENT_GRANT_ROWS3,
	SQL_EVENT_GRANT_ROWS4
};
#define GRANT_ROWS_MAX	(sizeof(grant_rows) / sizeof(grant_rows[0]))

int
db_event_order_grants_at(struct sg_db *db, int64_t *last, int64_t store_id,
    int64_t campaign_id, const char *slug, const int64_t *grant_ids, size_t n)
{
	/* Five parameters a row: store, campaign, slug, seq, grant. */
	static const char types[] = "iisii" "iisii" "iisii" "iisii";
	char		 t[sizeof(types)];
	int64_t		*ids, id, g[GRANT_ROWS_MAX];
	size_t		 m = 0, i, j, k;
	int		 rc;

	if (n == 0)
		return DB_OK;
	if ((ids = calloc(n, sizeof(*ids))) == NULL)
		return DB_ERR;
	/* The grants made (0: none), in id order (insertion sort: a few). */
	for (i = 0; i < n; i++) {
		if ((id = grant_ids[i]) <= 0)
			continue;
		for (j = m++; j > 0 && ids[j - 1] > id; j--)
			ids[j] = ids[j - 1];
		ids[j] = id;
	}
	rc = m > 0 ? last_seq(db, campaign_id, last) : DB_OK;
	for (i = 0; rc == DB_OK && i < m; i += k) {
		k = m - i < GRANT_ROWS_MAX ? m - i : GRANT_ROWS_MAX;
		for (j = 0; j < GRANT_ROWS_MAX; j++)
			g[j] = j < k ? ids[i + j] : 0;
		memcpy(t, types, k * 5);
		t[k * 5] = '\0';
		/* Rows past k are passed and not read (t stops before). */
		rc = advanced(db, grant_rows[k - 1], db_exec(db, grant_rows[k - 1],
		    t, store_id, campaign_id, slug, *last + 1, g[0],
		    store_id, campaign_id, slug, *last + 2, g[1],
		    store_id, campaign_id, slug, *last + 3, g[2],
		    store_id, campaign_id, slug, *last + 4, g[3]), last);
	}
	free(ids);
	return rc;
}

int
db_event_grants_since_at(struct sg_db *db, int64_t *last, int64_t campaign_id,
    int64_t after_id)
{
	int	 rc;

	if ((rc = last_seq(db, campaign_id, last)) != DB_OK)
		return rc;
	return advanced(db, SQL_EVENT_GRANTS_SINCE, db_exec(db,
	    SQL_EVENT_GRANTS_SINCE, "iii", *last, after_id, campaign_id), last);
}

int
db_event_grant_created_at(struct sg_db *db, int64_t *last, int64_t campaign_id,
    int64_t grant_id)
{
	int	 rc;

	if ((rc = last_seq(db, campaign_id, last)) != DB_OK)
		return rc;
	return advanced(db, SQL_EVENT_GRANT_CREATED, db_exec(db,
	    SQL_EVENT_GRANT_CREATED, "ii", *last, grant_id), last);
}

int
db_event_grant_voided_at(struct sg_db *db, int64_t *last, int64_t campaign_id,
    int64_t grant_id, int64_t moved_to, unsigned events)
{
	int	 rc;

	if ((events & SG_EVENT_BIT_GRANT_VOIDED) &&
	    ((rc = last_seq(db, campaign_id, last)) != DB_OK ||
	    (rc = advanced(db, SQL_EVENT_GRANT_VOIDED, db_exec(db,
	    SQL_EVENT_GRANT_VOIDED, "iii", *last, moved_to, grant_id),
	    last)) != DB_OK))
		return rc;
	if (moved_to == 0 || !(events & SG_EVENT_BIT_GRANT_CREATED))
		return DB_OK;
	return db_event_grant_created_at(db, last, campaign_id, moved_to);
}

/* --- one event at a time, numbered after the last one --- */

int
db_event_campaign(struct sg_db *db, int64_t campaign_id, const char *type)
{
	int64_t	 last = -1;
	int	 rc;

	/* campaign.ended once: not when the delivery process recorded it. */
	if (strcmp(type, SG_EVENT_CAMPAIGN_ENDED) == 0) {
		if ((rc = db_exec(db, SQL_EVENT_ENDED_MARK, "i", campaign_id)) !=
		    DB_OK)
			return rc;
		if (db_affected(db, SQL_EVENT_ENDED_MARK) == 0)
			return DB_OK;
	}
	return db_event_campaign_at(db, &last, campaign_id, type);
}

int
db_event_ended_due(struct sg_db *db, int64_t grace_secs, size_t max,
    int64_t *ids, int64_t *stores, size_t *n)
{
	const enum sqlstmt q = SQL_EVENT_ENDED_DUE;
	int	 rc;

	*n = 0;
	if ((rc = db_exec(db, q, "ii", grace_secs, (int64_t)max)) != DB_OK)
		return rc;
	while ((rc = db_fetch(db, q)) > 0 && *n < max) {
		ids[*n] = db_col_i64(db, q, 0);
		stores[(*n)++] = db_col_i64(db, q, 1);
	}
	db_done(db, q);
	return rc < 0 ? rc : DB_OK;
}

int
db_event_ended_mark_due(struct sg_db *db, int64_t campaign_id,
    int64_t grace_secs, int *marked)
{
	int	 rc;

	*marked = 0;
	if ((rc = db_exec(db, SQL_EVENT_ENDED_MARK_DUE, "ii", campaign_id,
	    grace_secs)) != DB_OK)
		return rc;
	*marked = db_affected(db, SQL_EVENT_ENDED_MARK_DUE) == 1;
	return DB_OK;
}

int
db_event_milestone_reached(struct sg_db *db, int64_t campaign_id,
    int64_t milestone_id)
{
	int64_t	 last = -1;

	return db_event_milestone_reached_at(db, &last, campaign_id,
	    milestone_id);
}

int
db_event_grant_created(struct sg_db *db, int64_t campaign_id, int64_t grant_id)
{
	int64_t	 last = -1;

	return db_event_grant_created_at(db, &last, campaign_id, grant_id);
}

int
db_event_grant_voided(struct sg_db *db, int64_t campaign_id, int64_t grant_id,
    int64_t moved_to)
{
	int64_t	 last = -1;

	return db_event_grant_voided_at(db, &last, campaign_id, grant_id,
	    moved_to, SG_EVENT_BITS_ALL);
}
