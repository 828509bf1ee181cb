/* webhook.c — endpoints, deliveries and their log; see db/webhook.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"
#include "db/webhook.h"

int
db_webhook_insert(struct sg_db *db, int64_t store_id, const char *url,
    const char *events, const void *secret, size_t len, int64_t *id)
{
	int	 rc;

	rc = db_exec(db, SQL_WEBHOOK_INSERT, "issb", store_id, url, events,
	    secret, len);
	if (rc == DB_OK && id != NULL)
		*id = db_insert_id(db, SQL_WEBHOOK_INSERT);
	return rc;
}

static int
webhook_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	struct db_webhook	*w = row;

	w->id = db_col_i64(db, q, 0);
	db_col_copy(db, q, 1, w->url, sizeof(w->url));
	db_col_copy(db, q, 2, w->events, sizeof(w->events));
	db_col_time(db, q, 3, &w->created_at);
	return 0;
}

int
db_webhook_list(struct sg_db *db, int64_t store_id, struct db_webhook **out,
    size_t *n)
{
	void	*v = NULL;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_WEBHOOK_LIST, "i", store_id)) != DB_OK)
		return rc;
	if ((rc = db_fetch_all(db, SQL_WEBHOOK_LIST, sizeof(**out), webhook_read,
	    NULL, &v, n)) != DB_OK)
		return rc;
	*out = v;
	return DB_OK;
}

int
db_webhook_delete(struct sg_db *db, int64_t store_id, int64_t id)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_WEBHOOK_DELETE, "ii", id, store_id)) != DB_OK)
		return rc;
	if (db_affected(db, SQL_WEBHOOK_DELETE) == 0)
		return 0;
	if ((rc = db_exec(db, SQL_WEBHOOK_DELETE_PENDING, "i", id)) != DB_OK)
		return rc;
	return 1;
}

int
db_webhook_resend(struct sg_db *db, int64_t store_id, int64_t endpoint_id,
    int64_t event_id)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_DELIVERY_RESEND, "iii", endpoint_id, event_id,
	    store_id)) != DB_OK)
		return rc;
	return db_affected(db, SQL_DELIVERY_RESEND) > 0 ? 1 : 0;
}

static int
delivery_row_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	struct db_delivery_row	*d = row;

	d->event_id = db_col_i64(db, q, 0);
	db_col_copy(db, q, 1, d->type, sizeof(d->type));
	db_col_copy(db, q, 2, d->status, sizeof(d->status));
	d->attempts = db_col_i64(db, q, 3);
	d->last_status = db_col_isnull(db, q, 4) ? -1 : db_col_i64(db, q, 4);
	db_col_time(db, q, 5, &d->next_at);
	db_col_time(db, q, 6, &d->delivered_at);
	return 0;
}

int
db_webhook_deliveries(struct sg_db *db, int64_t store_id, int64_t endpoint_id,
    int64_t limit, struct db_delivery_row **out, size_t *n)
{
	void	*v = NULL;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_DELIVERY_LIST, "iii", endpoint_id, store_id,
	    limit)) != DB_OK)
		return rc;
	if ((rc = db_fetch_all(db, SQL_DELIVERY_LIST, sizeof(**out),
	    delivery_row_read, NULL, &v, n)) != DB_OK)
		return rc;
	*out = v;
	return DB_OK;
}

static int
id_read(struct sg_db *db, enum sqlstmt q, void *row)
{
	*(int64_t *)row = db_col_i64(db, q, 0);
	return 0;
}

/* Every row's first column of q (already executed) into *out. */
static int
ids_fetch(struct sg_db *db, enum sqlstmt q, int64_t **out, size_t *n)
{
	void	*v = NULL;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_fetch_all(db, q, sizeof(**out), id_read, NULL, &v,
	    n)) != DB_OK)
		return rc;
	*out = v;
	return DB_OK;
}

int
db_webhook_stores(struct sg_db *db, int64_t **out, size_t *n)
{
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_WEBHOOK_STORES, "")) != DB_OK)
		return rc;
	return ids_fetch(db, SQL_WEBHOOK_STORES, out, n);
}

int
db_fanout_lock(struct sg_db *db, int64_t store_id, int64_t *pos)
{
	int	 rc;

	*pos = 0;
	if ((rc = db_get_i64(db, SQL_FANOUT_LOCK, pos, "i", store_id)) != 0)
		return rc < 0 ? rc : DB_OK;
	if ((rc = db_exec(db, SQL_FANOUT_ENSURE, "i", store_id)) != DB_OK)
		return rc;
	if ((rc = db_get_i64(db, SQL_FANOUT_LOCK, pos, "i", store_id)) < 0)
		return rc;
	return rc == 0 ? DB_ERR : DB_OK;
}

int
db_fanout_deliveries(struct sg_db *db, int64_t store_id, int64_t after,
    int64_t upto)
{
	return db_exec(db, SQL_FANOUT_DELIVERIES, "iii", store_id, after, upto);
}

int
db_fanout_advance(struct sg_db *db, int64_t store_id, int64_t pos)
{
	return db_exec(db, SQL_FANOUT_ADVANCE, "ii", pos, store_id);
}

int
db_delivery_due_endpoints(struct sg_db *db, int64_t **out, size_t *n)
{
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_DELIVERY_DUE_ENDPOINTS, "")) != DB_OK)
		return rc;
	return ids_fetch(db, SQL_DELIVERY_DUE_ENDPOINTS, out, n);
}

int
db_delivery_claim(struct sg_db *db, int64_t endpoint_id, int64_t limit,
    const char *holder, int64_t lease_secs, int64_t **out, size_t *n)
{
	size_t	 i;
	int	 rc;

	if ((rc = db_exec(db, SQL_DELIVERY_CLAIM_SELECT, "ii", endpoint_id,
	    limit)) != DB_OK ||
	    (rc = ids_fetch(db, SQL_DELIVERY_CLAIM_SELECT, out, n)) != DB_OK)
		return rc;
	for (i = 0; i < *n; i++)
		if ((rc = db_exec(db, SQL_DELIVERY_CLAIM, "isii", lease_secs,
		    holder, endpoint_id, (*out)[i])) != DB_OK) {
			free(*out);
			*out = NULL;
			*n = 0;
			return rc;
		}
	return DB_OK;
}

int
db_delivery_holders(struct sg_db *db, const char *host, char ***out, size_t *n)
{
	char	*like, **v = NULL, **nv;
	size_t	 len, cap = 0;
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((like = db_like_pattern(host, 1)) == NULL)
		return DB_ERR;
	/* "host%" -> "host:%" */
	len = strlen(like);
	if ((nv = realloc(like, len + 2)) == NULL) {
		free(like);
		return DB_ERR;
	}
	like = (char *)nv;
	memcpy(like + len - 1, ":%", 3);
	rc = db_exec(db, SQL_DELIVERY_HOLDERS, "s", like);
	free(like);
	if (rc != DB_OK)
		return rc;
	while ((rc = db_fetch(db, SQL_DELIVERY_HOLDERS)) > 0) {
		const char *h = db_col_str(db, SQL_DELIVERY_HOLDERS, 0, &len);

		if (h == NULL)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				rc = DB_ERR;
				break;
			}
			v = nv;
		}
		if ((v[*n] = strndup(h, len)) == NULL) {
			rc = DB_ERR;
			break;
		}
		(*n)++;
	}
	db_done(db, SQL_DELIVERY_HOLDERS);
	if (rc < 0) {
		while (*n > 0)
			free(v[--*n]);
		free(v);
		return rc;
	}
	*out = v;
	return DB_OK;
}

int
db_delivery_release(struct sg_db *db, const char *holder, int64_t *n)
{
	int	 rc;

	*n = 0;
	if ((rc = db_exec(db, SQL_DELIVERY_RELEASE, "s", holder)) != DB_OK)
		return rc;
	*n = db_affected(db, SQL_DELIVERY_RELEASE);
	return DB_OK;
}

int
db_delivery_load(struct sg_db *db, int64_t endpoint_id, int64_t event_id,
    struct db_delivery *d)
{
	const char	*s;
	size_t		 len;
	int		 rc;

	memset(d, 0, sizeof(*d));
	if ((rc = db_exec(db, SQL_DELIVERY_LOAD, "ii", endpoint_id,
	    event_id)) != DB_OK)
		return rc;
	if ((rc = db_fetch(db, SQL_DELIVERY_LOAD)) <= 0) {
		db_done(db, SQL_DELIVERY_LOAD);
		return rc;
	}
	db_col_copy(db, SQL_DELIVERY_LOAD, 0, d->url, sizeof(d->url));
	s = db_col_str(db, SQL_DELIVERY_LOAD, 1, &len);
	if (s != NULL && len <= sizeof(d->secret)) {
		memcpy(d->secret, s, len);
		d->secret_len = len;
	}
	d->event_id = db_col_i64(db, SQL_DELIVERY_LOAD, 2);
	db_col_copy(db, SQL_DELIVERY_LOAD, 3, d->type, sizeof(d->type));
	db_col_copy(db, SQL_DELIVERY_LOAD, 4, d->created_at,
	    sizeof(d->created_at));
	db_col_copy(db, SQL_DELIVERY_LOAD, 5, d->store, sizeof(d->store));
	db_col_copy(db, SQL_DELIVERY_LOAD, 6, d->campaign, sizeof(d->campaign));
	d->seq = db_col_i64(db, SQL_DELIVERY_LOAD, 7);
	s = db_col_str(db, SQL_DELIVERY_LOAD, 8, &len);
	if (s != NULL && (d->data = malloc(len + 1)) != NULL) {
		memcpy(d->data, s, len);
		d->data[len] = '\0';
	}
	d->attempts = db_col_i64(db, SQL_DELIVERY_LOAD, 9);
	d->age_secs = db_col_i64(db, SQL_DELIVERY_LOAD, 10);
	d->live = db_col_i64(db, SQL_DELIVERY_LOAD, 11) != 0;
	db_done(db, SQL_DELIVERY_LOAD);
	if (d->data == NULL || d->secret_len == 0) {
		free(d->data);
		d->data = NULL;
		return DB_ERR;
	}
	return 1;
}

int
db_delivery_done(struct sg_db *db, const char *holder, int64_t endpoint_id,
    int64_t event_id, int64_t status)
{
	return db_exec(db, SQL_DELIVERY_DONE, "isii", status, holder,
	    endpoint_id, event_id);
}

int
db_delivery_retry(struct sg_db *db, const char *holder, int64_t endpoint_id,
    int64_t event_id, int64_t status, int64_t delay_ms, int64_t give_up_secs)
{
	return db_exec(db, SQL_DELIVERY_RETRY, "iiisii", status, delay_ms,
	    give_up_secs, holder, endpoint_id, event_id);
}

int
db_attempt_insert(struct sg_db *db, int64_t endpoint_id, int64_t event_id,
    int64_t status, int64_t ms, const char *error, const char *response)
{
	return db_exec(db, SQL_ATTEMPT_INSERT, "iiiiss", endpoint_id, event_id,
	    status, ms, error != NULL ? error : "",
	    response != NULL ? response : "");
}

int
db_attempt_purge(struct sg_db *db, int64_t days, int64_t *n)
{
	int	 rc;

	*n = 0;
	if ((rc = db_exec(db, SQL_ATTEMPT_PURGE, "i", days)) != DB_OK)
		return rc;
	*n = db_affected(db, SQL_ATTEMPT_PURGE);
	return DB_OK;
}

int
db_webhook_purge_pick(struct sg_db *db, int64_t days, int64_t limit,
    int64_t **out, size_t *n)
{
	int	 rc;

	*out = NULL;
	*n = 0;
	if ((rc = db_exec(db, SQL_EVENT_PURGE_PICK, "ii", days, limit)) != DB_OK)
		return rc;
	return ids_fetch(db, SQL_EVENT_PURGE_PICK, out, n);
}

int
db_webhook_purge_event(struct sg_db *db, int64_t event_id)
{
	int	 rc;

	if ((rc = db_exec(db, SQL_EVENT_PURGE_ONE, "i", event_id)) != DB_OK)
		return rc;
	if (db_affected(db, SQL_EVENT_PURGE_ONE) == 0)
		return 0;
	if ((rc = db_exec(db, SQL_EVENT_PURGE_DELIVERIES, "i", event_id)) != DB_OK)
		return rc;
	return 1;
}
