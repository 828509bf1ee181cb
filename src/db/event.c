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

int
db_event_campaign(struct sg_db *db, int64_t campaign_id, const char *type)
{
	return db_exec(db, SQL_EVENT_CAMPAIGN, "si", type, campaign_id);
}

int
db_event_milestone_reached(struct sg_db *db, int64_t milestone_id)
{
	return db_exec(db, SQL_EVENT_MILESTONE, "i", milestone_id);
}

int
db_event_grant_created(struct sg_db *db, int64_t grant_id)
{
	return db_exec(db, SQL_EVENT_GRANT_CREATED, "i", grant_id);
}

int
db_event_grants_created(struct sg_db *db, int64_t campaign_id,
    int64_t milestone_id)
{
	return db_exec(db, SQL_EVENT_GRANTS_CREATED, "ii", campaign_id,
	    milestone_id);
}

int
db_event_grant_voided(struct sg_db *db, int64_t grant_id, int64_t moved_to)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_EVENT_GRANT_VOIDED, "ii", moved_to,
	    grant_id)) != DB_OK || moved_to == 0)
		return rc;
	return db_event_grant_created(db, moved_to);
}
