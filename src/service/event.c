/* event.c — endpoints and the delivery steps; see service/event.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <sodium.h>

#include "db/campaign.h"
#include "db/cursor.h"
#include "db/db.h"
#include "db/event.h"
#include "db/webhook.h"
#include "service/event.h"
#include "service/internal.h"
#include "util/json.h"
#include "util/urlcheck.h"

int
svc_webhook_create(struct sg_db *db, int64_t store_id, const char *url,
    const char *const *types, size_t n, int allow_private,
    struct db_webhook *w, char *secret, struct sg_verror *err)
{
	unsigned char	 raw[DB_WEBHOOK_SECRET_BYTES];
	struct sg_url	 u;
	char		 events[DB_WEBHOOK_EVENTS_MAX], why[128];
	size_t		 i, k, len = 0;
	int		 rc;

	memset(w, 0, sizeof(*w));
	secret[0] = '\0';
	if (n == 0 || n > SVC_WEBHOOK_TYPES_MAX) {
		sg_verror_set(err, SG_VERR_INVALID, "events",
		    "events must name 1 to 5 event types");
		return SVC_INVALID;
	}
	events[0] = '\0';
	for (i = 0; i < n; i++) {
		if (types[i] == NULL || !db_event_type_known(types[i])) {
			sg_verror_set(err, SG_VERR_INVALID, "events",
			    "unknown event type (milestone.reached, grant.created, "
			    "grant.voided, campaign.goal_reached, campaign.ended)");
			return SVC_INVALID;
		}
		for (k = 0; k < i && strcmp(types[k], types[i]) != 0; k++)
			;
		if (k < i)
			continue;
		len += (size_t)snprintf(events + len, sizeof(events) - len, "%s%s",
		    len > 0 ? "," : "", types[i]);
	}
	if ((rc = sg_url_check(url, allow_private, &u, why, sizeof(why))) !=
	    SG_URL_OK) {
		sg_verror_set(err, SG_VERR_INVALID, "url", "%s", why);
		return SVC_INVALID;
	}
	randombytes_buf(raw, sizeof(raw));
	memcpy(secret, "whsec_", 6);
	sodium_bin2base64(secret + 6, SVC_WEBHOOK_SECRET_TEXT - 6, raw, sizeof(raw),
	    sodium_base64_VARIANT_ORIGINAL);
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		goto wipe;
	if ((rc = db_webhook_insert(db, store_id, url, events, raw, sizeof(raw),
	    &w->id)) != DB_OK) {
		rc = svc_fail(db, rc);
		goto wipe;
	}
	if ((rc = db_commit(db)) != DB_OK) {
		rc = svc_fail(db, rc);
		goto wipe;
	}
	snprintf(w->url, sizeof(w->url), "%s", url);
	snprintf(w->events, sizeof(w->events), "%s", events);
	rc = SVC_OK;
wipe:
	sodium_memzero(raw, sizeof(raw));
	if (rc != SVC_OK)
		sodium_memzero(secret, SVC_WEBHOOK_SECRET_TEXT);
	return rc;
}

int
svc_webhook_list(struct sg_db *db, int64_t store_id, struct db_webhook **out,
    size_t *n)
{
	return db_webhook_list(db, store_id, out, n);
}

int
svc_webhook_delete(struct sg_db *db, int64_t store_id, int64_t id)
{
	int	 rc;

	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_webhook_delete(db, store_id, id)) <= 0)
		return svc_fail(db, svc_found(rc));
	if ((rc = db_commit(db)) != DB_OK)
		return svc_fail(db, rc);
	return SVC_OK;
}

int
svc_webhook_resend(struct sg_db *db, int64_t store_id, int64_t endpoint_id,
    int64_t event_id)
{
	int	 rc;

	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_webhook_resend(db, store_id, endpoint_id, event_id)) <= 0)
		return svc_fail(db, svc_found(rc));
	if ((rc = db_commit(db)) != DB_OK)
		return svc_fail(db, rc);
	return SVC_OK;
}

int
svc_webhook_deliveries(struct sg_db *db, int64_t store_id, int64_t endpoint_id,
    int64_t limit, struct db_delivery_row **out, size_t *n)
{
	struct db_webhook	*w = NULL;
	size_t			 nw = 0, i;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_webhook_list(db, store_id, &w, &nw)) != DB_OK)
		return rc;
	for (i = 0; i < nw && w[i].id != endpoint_id; i++)
		;
	free(w);
	if (i == nw)
		return SVC_NOT_FOUND;
	return db_webhook_deliveries(db, store_id, endpoint_id, limit, out, n);
}

/* One store's fan-out transaction. */
static int
fanout_store(struct sg_db *db, int64_t store_id, int64_t *made)
{
	int64_t	 pos, last;
	int	 rc;

	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_fanout_lock(db, store_id, &pos)) != DB_OK ||
	    (rc = db_event_queue_position(db, store_id, 4, &last)) != DB_OK)
		return svc_fail(db, rc);
	if (last > pos && ((rc = db_fanout_deliveries(db, store_id, pos,
	    last)) != DB_OK || (rc = db_fanout_advance(db, store_id,
	    last)) != DB_OK))
		return svc_fail(db, rc);
	if ((rc = db_commit(db)) != DB_OK)
		return svc_fail(db, rc);
	if (last > pos)
		*made += last - pos;
	return SVC_OK;
}

int
svc_event_fanout(struct sg_db *db, int64_t *made)
{
	int64_t	*stores = NULL;
	size_t	 n = 0, i;
	int	 rc, tries;

	*made = 0;
	if ((rc = db_webhook_stores(db, &stores, &n)) != DB_OK)
		return rc;
	for (i = 0; i < n; i++) {
		tries = 0;
		do
			rc = fanout_store(db, stores[i], made);
		while (rc == DB_RETRY && ++tries < 5);
		if (rc != SVC_OK)
			break;
	}
	free(stores);
	return rc < 0 ? rc : SVC_OK;
}

int
svc_event_claim(struct sg_db *db, int64_t endpoint_id, int64_t limit,
    const char *holder, int64_t lease_secs, int64_t **events, size_t *n)
{
	int	 rc;

	*events = NULL;
	*n = 0;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_delivery_claim(db, endpoint_id, limit, holder, lease_secs,
	    events, n)) != DB_OK)
		return svc_fail(db, rc);
	if ((rc = db_commit(db)) != DB_OK) {
		free(*events);
		*events = NULL;
		*n = 0;
		return svc_fail(db, rc);
	}
	return SVC_OK;
}

int
svc_event_result(struct sg_db *db, const char *holder, int64_t endpoint_id,
    int64_t event_id, int64_t status, int64_t ms, const char *error,
    const char *response, int64_t retry_ms, int64_t give_up_secs)
{
	int	 rc;

	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if (status >= 200 && status <= 299)
		rc = db_delivery_done(db, holder, endpoint_id, event_id, status);
	else
		rc = db_delivery_retry(db, holder, endpoint_id, event_id, status,
		    retry_ms, give_up_secs);
	if (rc != DB_OK || (rc = db_attempt_insert(db, endpoint_id, event_id,
	    status, ms, error, response)) != DB_OK ||
	    (rc = db_commit(db)) != DB_OK)
		return svc_fail(db, rc);
	return SVC_OK;
}

void
svc_event_id(int64_t event_id, char *buf, size_t size)
{
	snprintf(buf, size, "evt_%lld", (long long)event_id);
}

char *
svc_event_body(const struct db_delivery *d)
{
	cJSON	*o, *data;
	char	 id[32], *text;

	svc_event_id(d->event_id, id, sizeof(id));
	if ((data = cJSON_Parse(d->data)) == NULL)
		data = cJSON_CreateObject();
	if ((o = cJSON_CreateObject()) == NULL ||
	    !sg_json_add_str(o, "type", 1, d->type) ||
	    !sg_json_add_str(o, "id", 1, id) ||
	    !sg_json_add_str(o, "created_at", 1, d->created_at) ||
	    !sg_json_add_str(o, "store", 1, d->store) ||
	    !sg_json_add_str(o, "campaign", 1, d->campaign) ||
	    !sg_json_add_num(o, "seq", d->seq) ||
	    !sg_json_add_item(o, "data", data)) {
		cJSON_Delete(o);
		return NULL;
	}
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

int
svc_event_sign(const unsigned char *secret, size_t secret_len, const char *id,
    long long timestamp, const char *body, char *sig, size_t size)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];
	char				 ts[32];

	if (size < 3 + sodium_base64_ENCODED_LEN(sizeof(mac),
	    sodium_base64_VARIANT_ORIGINAL))
		return -1;
	snprintf(ts, sizeof(ts), "%lld", timestamp);
	crypto_auth_hmacsha256_init(&st, secret, secret_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, strlen(id));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body,
	    strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(sig, "v1,", 3);
	sodium_bin2base64(sig + 3, size - 3, mac, sizeof(mac),
	    sodium_base64_VARIANT_ORIGINAL);
	return 0;
}

int64_t
svc_event_backoff_ms(int64_t attempts, int64_t first_ms)
{
	int64_t	 d = first_ms, cap = 3600 * 1000;
	int64_t	 i, jitter;

	for (i = 1; i < attempts && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	/* +-20 %: retries of many deliveries do not arrive at once. */
	jitter = d / 5;
	if (jitter > 0)
		d += (int64_t)randombytes_uniform((uint32_t)(2 * jitter + 1)) - jitter;
	return d;
}

int
svc_event_purge(struct sg_db *db, int64_t days, int64_t limit, int64_t *purged)
{
	int64_t	*ids = NULL;
	size_t	 n = 0, i;
	int	 rc;

	*purged = 0;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_webhook_purge_pick(db, days, limit, &ids, &n)) != DB_OK)
		return svc_fail(db, rc);
	for (i = 0; i < n; i++) {
		if ((rc = db_webhook_purge_event(db, ids[i])) < 0) {
			free(ids);
			*purged = 0;
			return svc_fail(db, rc);
		}
		*purged += rc;
	}
	free(ids);
	if ((rc = db_commit(db)) != DB_OK) {
		*purged = 0;
		return svc_fail(db, rc);
	}
	return SVC_OK;
}

int
svc_event_end_due(struct sg_db *db, int64_t grace_secs, size_t limit,
    int64_t *ended)
{
	struct db_campaign	*c = NULL;
	int64_t			 ids[64], stores[64], rv, last;
	unsigned		 events;
	size_t			 n = 0, i;
	int			 rc, marked;

	*ended = 0;
	if (limit > sizeof(ids) / sizeof(ids[0]))
		limit = sizeof(ids) / sizeof(ids[0]);
	if ((rc = db_event_ended_due(db, grace_secs, limit, ids, stores,
	    &n)) != DB_OK)
		return rc;
	if (n > 0 && (c = malloc(sizeof(*c))) == NULL)
		return DB_ERR;
	for (i = 0; i < n; i++) {
		last = -1;
		if ((rc = db_begin_read_committed(db)) != DB_OK)
			break;
		/* Locked, then checked again: one writer records it. */
		marked = 0;
		if ((rc = db_campaign_lock_rules(db, ids[i], c, &rv, &last)) < 0 ||
		    (rc > 0 && (rc = db_event_ended_mark_due(db, ids[i],
		    grace_secs, &marked)) != DB_OK)) {
			rc = svc_fail(db, rc);
			break;
		}
		if (!marked) {
			db_rollback(db);
			continue;
		}
		if ((rc = db_event_subscribed(db, stores[i], &events)) != DB_OK ||
		    ((events & SG_EVENT_BIT_CAMPAIGN_ENDED) &&
		    (rc = db_event_campaign_at(db, &last, ids[i],
		    SG_EVENT_CAMPAIGN_ENDED)) != DB_OK) ||
		    (rc = db_commit(db)) != DB_OK) {
			rc = svc_fail(db, rc);
			break;
		}
		(*ended)++;
	}
	free(c);
	return rc < 0 ? rc : SVC_OK;
}
