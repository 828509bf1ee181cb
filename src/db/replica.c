/* replica.c — read replicas for public reads; see replica.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/replica.h"
#include "db/internal.h"
#include "util/config.h"
#include "util/log.h"

struct sg_replica {
	const struct sg_config	*cfg;
	struct sg_db		*db;
	int64_t			 next_us;	/* monotonic: measure again then */
	enum db_replica_state	 state;
	int64_t			 lag_us;
};

static const char *const state_name[] = {
	"unknown", "fresh", "lagging", "down",
};

static int64_t
mono_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct sg_replica *
db_replica_new(const struct sg_config *cfg)
{
	struct sg_replica	*r;

	if (cfg->db_nreplicas == 0)
		return NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->db = db_new_replica(cfg)) == NULL) {
		sg_error("replica: out of memory");
		free(r);
		return NULL;
	}
	r->cfg = cfg;
	r->lag_us = -1;
	return r;
}

void
db_replica_free(struct sg_replica *r)
{
	if (r == NULL)
		return;
	db_free(r->db);
	free(r);
}

/* The beat the replica has applied, as DATETIME text; DB_OK or < 0. */
static int
replica_beat(struct sg_replica *r, char *beat, size_t size)
{
	int	 rc;

	if ((rc = db_ensure(r->db)) != DB_OK)
		return rc;
	if ((rc = db_exec(r->db, SQL_REPLICA_BEAT_GET, "")) != DB_OK)
		return rc;
	rc = db_fetch(r->db, SQL_REPLICA_BEAT_GET);
	if (rc > 0)
		db_col_copy(r->db, SQL_REPLICA_BEAT_GET, 0, beat, size);
	db_done(r->db, SQL_REPLICA_BEAT_GET);
	return rc > 0 ? DB_OK : (rc == 0 ? DB_ERR : rc);
}

/* One measurement (replica.h, steps 1-3). */
static void
replica_measure(struct sg_replica *r, struct sg_db *primary)
{
	enum db_replica_state	 was = r->state;
	char			 beat[40];
	int64_t			 lag = -1, interval;
	int			 rc;

	interval = (int64_t)r->cfg->replica_check_ms * 1000;
	r->next_us = mono_us() + interval;
	rc = db_exec(primary, SQL_REPLICA_BEAT_PUT, "i", interval);
	/* Not a write the client asked for: its loss is no ambiguity. */
	(void)db_take_ambiguous(primary);
	if (rc != DB_OK) {
		r->state = DB_REPLICA_UNKNOWN;
		r->lag_us = -1;
		goto out;
	}
	if (replica_beat(r, beat, sizeof(beat)) != DB_OK) {
		r->state = DB_REPLICA_DOWN;
		r->lag_us = -1;
		goto out;
	}
	rc = db_get_i64(primary, SQL_REPLICA_LAG, &lag, "s", beat);
	if (rc <= 0) {
		r->state = DB_REPLICA_UNKNOWN;
		r->lag_us = -1;
		goto out;
	}
	r->lag_us = lag < 0 ? 0 : lag;
	r->state = r->lag_us <= (int64_t)r->cfg->replica_max_lag_ms * 1000 ?
	    DB_REPLICA_FRESH : DB_REPLICA_LAGGING;
out:
	if (r->state != was && r->lag_us >= 0)
		sg_info("replica: %s, lag %lld ms (was %s)", state_name[r->state],
		    (long long)(r->lag_us / 1000), state_name[was]);
	else if (r->state != was)
		sg_info("replica: %s (was %s)", state_name[r->state],
		    state_name[was]);
}

struct sg_db *
db_replica_pick(struct sg_replica *r, struct sg_db *primary)
{
	if (r == NULL)
		return primary;
	if (mono_us() >= r->next_us)
		replica_measure(r, primary);
	return r->state == DB_REPLICA_FRESH ? r->db : primary;
}

int
db_replica_failed(struct sg_replica *r)
{
	if (r == NULL || db_is_connected(r->db))
		return 0;
	if (r->state != DB_REPLICA_DOWN)
		sg_warn("replica: lost during a read; the primary serves until "
		    "the next check");
	r->state = DB_REPLICA_DOWN;
	r->lag_us = -1;
	return 1;
}

enum db_replica_state
db_replica_state(const struct sg_replica *r, int64_t *lag_us)
{
	if (r == NULL) {
		*lag_us = -1;
		return DB_REPLICA_UNKNOWN;
	}
	*lag_us = r->lag_us;
	return r->state;
}

int
db_event_backlog(struct sg_db *db, int64_t *pending, int64_t *failed)
{
	*pending = *failed = 0;
	return db_get_i64_pair(db, SQL_EVENT_BACKLOG, pending, failed);
}
