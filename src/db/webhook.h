/*
 * webhook.h — events out, the delivery side (docs/events.md): a store's
 * endpoints, the deliveries fanned out from the events queue
 * (db/cursor.h), their leases and the delivery log.  Statements in
 * sql_event.h.  Return conventions of db.h; none of these opens or ends a
 * transaction (service/event.c does).
 */
#ifndef SG_DB_WEBHOOK_H
#define SG_DB_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "domain/timefmt.h"
#include "util/urlcheck.h"

/* Secret bytes behind "whsec_" (made at registration). */
#define DB_WEBHOOK_SECRET_BYTES	24
#define DB_WEBHOOK_SECRET_MAX	64
/* The "events" SET column as text ("a,b,c"), longest. */
#define DB_WEBHOOK_EVENTS_MAX	128

struct db_webhook {
	int64_t		 id;
	char		 url[SG_URL_MAX + 1];
	char		 events[DB_WEBHOOK_EVENTS_MAX];	/* comma-separated */
	sg_usec_t	 created_at;
};

int	db_webhook_insert(struct sg_db *, int64_t store_id, const char *url,
	    const char *events, const void *secret, size_t len, int64_t *id);
/* The store's live endpoints by id into a malloc'd array (free() it). */
int	db_webhook_list(struct sg_db *, int64_t store_id,
	    struct db_webhook **out, size_t *n);
/* Remove one (what it still had to send is dropped): 1 removed, 0 none. */
int	db_webhook_delete(struct sg_db *, int64_t store_id, int64_t id);
/*
 * Send event_id to endpoint_id again (a delivery made pending now, with
 * its retry budget anew): 1 done, 0 no such live endpoint or event in
 * the store.
 */
int	db_webhook_resend(struct sg_db *, int64_t store_id, int64_t endpoint_id,
	    int64_t event_id);

/* An endpoint's recent deliveries (db_webhook_deliveries()). */
struct db_delivery_row {
	int64_t		 event_id;
	char		 type[32];
	char		 status[16];
	int64_t		 attempts;
	int64_t		 last_status;	/* -1: none yet */
	sg_usec_t	 next_at;
	sg_usec_t	 delivered_at;	/* 0: not delivered */
};
int	db_webhook_deliveries(struct sg_db *, int64_t store_id,
	    int64_t endpoint_id, int64_t limit, struct db_delivery_row **out,
	    size_t *n);

/* --- the delivery process -------------------------------------------- */

/* Stores with live endpoints (malloc'd ids; free() it). */
int	db_webhook_stores(struct sg_db *, int64_t **out, size_t *n);
/* The store's fan-out row, locked; *pos is how far it has fanned out. */
int	db_fanout_lock(struct sg_db *, int64_t store_id, int64_t *pos);
/* Deliveries for the store's events positioned in (after, upto]. */
int	db_fanout_deliveries(struct sg_db *, int64_t store_id, int64_t after,
	    int64_t upto);
int	db_fanout_advance(struct sg_db *, int64_t store_id, int64_t pos);

/* Endpoints with a delivery due and not leased (malloc'd ids). */
int	db_delivery_due_endpoints(struct sg_db *, int64_t **out, size_t *n);
/*
 * Lease up to limit due deliveries of endpoint_id (by queue position) to
 * holder for lease_secs: rows locked by another claimer are skipped.
 * Their event ids into a malloc'd array.
 */
int	db_delivery_claim(struct sg_db *, int64_t endpoint_id, int64_t limit,
	    const char *holder, int64_t lease_secs, int64_t **out, size_t *n);

/*
 * The holders of running leases whose holder text starts with "host:"
 * (malloc'd array of n malloc'd strings; free each and the array).
 */
int	db_delivery_holders(struct sg_db *, const char *host, char ***out,
	    size_t *n);
/* Give back every pending lease of holder; *n leases released. */
int	db_delivery_release(struct sg_db *, const char *holder, int64_t *n);

/* One delivery to make: the endpoint and the event. */
struct db_delivery {
	char		 url[SG_URL_MAX + 1];
	unsigned char	 secret[DB_WEBHOOK_SECRET_MAX];
	size_t		 secret_len;
	int64_t		 event_id;
	char		 type[32];
	char		 created_at[40];	/* RFC 3339, UTC */
	char		 store[64];
	char		 campaign[72];
	int64_t		 seq;
	char		*data;			/* JSON text, malloc'd */
	int64_t		 attempts;
	int64_t		 age_secs;		/* since the first try */
	int		 live;			/* the endpoint is not removed */
};
/* > 0 loaded (free d->data), 0 none, < 0 error. */
int	db_delivery_load(struct sg_db *, int64_t endpoint_id, int64_t event_id,
	    struct db_delivery *d);
/* A 2xx from the endpoint (only while holder holds the lease). */
int	db_delivery_done(struct sg_db *, const char *holder, int64_t endpoint_id,
	    int64_t event_id, int64_t status);
/* Anything else: again after delay_ms, or failed after give_up_secs. */
int	db_delivery_retry(struct sg_db *, const char *holder,
	    int64_t endpoint_id, int64_t event_id, int64_t status,
	    int64_t delay_ms, int64_t give_up_secs);
/* One row of the delivery log. */
int	db_attempt_insert(struct sg_db *, int64_t endpoint_id, int64_t event_id,
	    int64_t status, int64_t ms, const char *error, const char *response);
/* Drop log rows older than days (a bounded batch); *n rows dropped. */
int	db_attempt_purge(struct sg_db *, int64_t days, int64_t *n);

/*
 * Retention of events (event_retention_days): up to limit ids of events
 * older than days that are settled — every delivery delivered or failed
 * (none pending), fanned out — and not their campaign's last event (the
 * next event's seq follows it), oldest first, into a malloc'd array.
 */
int	db_webhook_purge_pick(struct sg_db *, int64_t days, int64_t limit,
	    int64_t **out, size_t *n);
/*
 * Remove one picked event and its deliveries, unless a delivery of it was
 * made pending again meanwhile ("send again"): 1 removed, 0 kept.  Its
 * delivery log rows stay until webhook_log_days drops them.
 */
int	db_webhook_purge_event(struct sg_db *, int64_t event_id);

#endif
