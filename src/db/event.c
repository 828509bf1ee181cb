/* event.c — the outbox; see db/event.h. */
#include "config.h"

#include <string.h>

#include "db/event.h"
#include "db/internal.h"

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

/* The campaign's last event number (its row is locked by the caller). */
static int
last_seq(struct sg_db *db, int64_t campaign_id, int64_t *base)
{
	int	 rc;

	*base = 0;
	rc = db_get_i64(db, SQL_EVENT_LAST_SEQ, base, "i", campaign_id);
	return rc < 0 ? rc : DB_OK;
}

int
db_event_campaign(struct sg_db *db, int64_t campaign_id, const char *type)
{
	int64_t	 base;
	int	 rc;

	if ((rc = last_seq(db, campaign_id, &base)) != DB_OK)
		return rc;
	return db_exec(db, SQL_EVENT_CAMPAIGN, "sii", type, base, campaign_id);
}

int
db_event_milestone_reached(struct sg_db *db, int64_t campaign_id,
    int64_t milestone_id)
{
	int64_t	 base;
	int	 rc;

	if ((rc = last_seq(db, campaign_id, &base)) != DB_OK)
		return rc;
	return db_exec(db, SQL_EVENT_MILESTONE, "ii", base, milestone_id);
}

int
db_event_grant_created(struct sg_db *db, int64_t campaign_id, int64_t grant_id)
{
	int64_t	 base;
	int	 rc;

	if ((rc = last_seq(db, campaign_id, &base)) != DB_OK)
		return rc;
	return db_exec(db, SQL_EVENT_GRANT_CREATED, "ii", base, grant_id);
}

int
db_event_grants_created(struct sg_db *db, int64_t campaign_id,
    int64_t milestone_id, int64_t order_pk)
{
	int64_t	 base;
	int	 rc;

	if ((rc = last_seq(db, campaign_id, &base)) != DB_OK)
		return rc;
	return db_exec(db, SQL_EVENT_GRANTS_CREATED, "iii", base, milestone_id,
	    order_pk);
}

int
db_event_grant_voided(struct sg_db *db, int64_t campaign_id, int64_t grant_id,
    int64_t moved_to)
{
	int64_t	 base;
	int	 rc;

	if ((rc = last_seq(db, campaign_id, &base)) != DB_OK ||
	    (rc = db_exec(db, SQL_EVENT_GRANT_VOIDED, "iii", base, moved_to,
	    grant_id)) != DB_OK || moved_to == 0)
		return rc;
	return db_event_grant_created(db, campaign_id, moved_to);
}
