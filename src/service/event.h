/*
 * event.h — the service layer of events out (docs/events.md): a store's
 * endpoints (the API and stretchgoalctl), and the steps of the delivery
 * process (src/deliver.c).  Conventions: service/service.h.  The events
 * themselves are written by the service calls that make the changes
 * (service/order.c, service/campaign.c) through db/event.h, in their own
 * transactions.
 */
#ifndef SG_SERVICE_EVENT_H
#define SG_SERVICE_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "db/webhook.h"
#include "domain/validate.h"
#include "service/service.h"

struct sg_db;

/* Most event types an endpoint names, and the length of "whsec_..." text. */
#define SVC_WEBHOOK_TYPES_MAX	5
#define SVC_WEBHOOK_SECRET_TEXT	64

/*
 * Register an endpoint of store_id for url and the event types
 * types[0..n): url is http(s), and its host resolves to no private
 * address unless allow_private (SVC_INVALID, err on "url"); each type
 * known and n >= 1 (SVC_INVALID on "events").  *w is the new endpoint,
 * secret the text "whsec_<base64>" (SVC_WEBHOOK_SECRET_TEXT bytes), shown
 * once.
 */
int	svc_webhook_create(struct sg_db *, int64_t store_id, const char *url,
	    const char *const *types, size_t n, int allow_private,
	    struct db_webhook *w, char *secret, struct sg_verror *err);
int	svc_webhook_list(struct sg_db *, int64_t store_id,
	    struct db_webhook **out, size_t *n);
/* SVC_NOT_FOUND when the store has no such live endpoint. */
int	svc_webhook_delete(struct sg_db *, int64_t store_id, int64_t id);
/* Send an event again: SVC_NOT_FOUND when endpoint or event is unknown. */
int	svc_webhook_resend(struct sg_db *, int64_t store_id, int64_t endpoint_id,
	    int64_t event_id);
/* An endpoint's last deliveries (SVC_NOT_FOUND: no such endpoint). */
int	svc_webhook_deliveries(struct sg_db *, int64_t store_id,
	    int64_t endpoint_id, int64_t limit, struct db_delivery_row **out,
	    size_t *n);

/* --- the delivery process -------------------------------------------- */

/*
 * Fan out every store's newly committed events into deliveries: per
 * store, one transaction positions the events queue (db/cursor.h) and
 * makes a delivery for each subscribed endpoint of each event positioned
 * since the last fan-out.  *made is the number of events fanned out.
 */
int	svc_event_fanout(struct sg_db *, int64_t *made);
/* Lease up to limit due deliveries of endpoint_id (db_delivery_claim()). */
int	svc_event_claim(struct sg_db *, int64_t endpoint_id, int64_t limit,
	    const char *holder, int64_t lease_secs, int64_t **events, size_t *n);
/*
 * The outcome of one attempt: status is the HTTP status (0: no answer).
 * 2xx: delivered; else again after retry_ms, or failed once the first
 * attempt is older than give_up_secs.  One log row either way.
 */
int	svc_event_result(struct sg_db *, const char *holder, int64_t endpoint_id,
	    int64_t event_id, int64_t status, int64_t ms, const char *error,
	    const char *response, int64_t retry_ms, int64_t give_up_secs);

/*
 * Record campaign.ended for up to limit live campaigns whose ends_at
 * passed grace_secs ago (docs/events.md): one transaction each, with the
 * campaign's row locked, when some endpoint of its store wants the event;
 * marked recorded either way (sql/028).  *ended counts the campaigns.
 */
int	svc_event_end_due(struct sg_db *, int64_t grace_secs, size_t limit,
	    int64_t *ended);
/*
 * Retention (event_retention_days): in one transaction, remove up to
 * limit settled events older than days with their deliveries
 * (db_webhook_purge_pick()); *purged is how many were removed.  A caller
 * that gets limit back has more to do.
 */
int	svc_event_purge(struct sg_db *, int64_t days, int64_t limit,
	    int64_t *purged);

/*
 * The body of a delivery (malloc'd JSON text, NULL on no memory):
 * {"type", "id", "created_at", "store", "campaign", "seq", "data"}.  The
 * same bytes on every attempt.
 */
char	*svc_event_body(const struct db_delivery *);
/* "evt_<id>": the event's id, webhook-id (buf of 32 bytes). */
void	svc_event_id(int64_t event_id, char *buf, size_t size);
/*
 * The webhook-signature header value "v1,<base64 HMAC-SHA256>" over
 * "{id}.{timestamp}.{body}" with the secret's bytes, into sig (128 bytes).
 * 0, or -1 when it does not fit.
 */
int	svc_event_sign(const unsigned char *secret, size_t secret_len,
	    const char *id, long long timestamp, const char *body, char *sig,
	    size_t size);
/*
 * Delay before the retry that follows attempt number attempts (1: the
 * first attempt failed): first_ms doubled each time, at most an hour,
 * with jitter of +-20 %.
 */
int64_t	svc_event_backoff_ms(int64_t attempts, int64_t first_ms);

#endif
