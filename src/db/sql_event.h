/*
 * sql_event.h — the statements of events out: the outbox (db/event.c) and
 * the endpoints, deliveries and delivery log (db/webhook.c), as X(name,
 * text) entries of SG_SQL_EVENT (see sql.h for the conventions).
 *
 * Every event is written in the transaction of the change it reports,
 * with the campaign's row locked (so seq, the campaign's next event
 * number, is read and written by one transaction at a time).
 */
#ifndef SG_DB_SQL_EVENT_H
#define SG_DB_SQL_EVENT_H

/*
 * The data of a grant event, from grants g JOIN orders o.  A
 * grant.created row is written with data '' (its columns never change:
 * the hot path writes no JSON) and SQL_DELIVERY_LOAD builds it.
 */
#define SG_SQL_EVENT_GRANT_DATA \
	"JSON_OBJECT('grant_id', g.id, 'milestone_id', g.milestone_id, " \
	"'order_id', o.external_id, 'backer', g.backer, 'product_id', " \
	"g.product_id, 'variant_id', g.variant_id, 'quantity', g.quantity"

/* One grant.created row of SQL_EVENT_GRANT_ROWS<n>, and the first. */
#define SG_SQL_EVENT_GRANT_ROW "(?, ?, ?, 'grant.created', ?, ?, '')"
#define SG_SQL_EVENT_GRANT_ROWS \
	"INSERT INTO events (store_id, campaign_id, campaign_slug, type, seq, " \
	"grant_id, data) VALUES " SG_SQL_EVENT_GRANT_ROW

/*
 * No INSERT below reads events: an INSERT ... SELECT that reads its own
 * table goes through an internal temporary table (on disk, for the TEXT
 * column).  The campaign's last seq is read first (SQL_EVENT_LAST_SEQ,
 * under the campaign's row lock) and passed in as base.
 */
#define SG_SQL_EVENT \
	/* i:campaign -> the campaign's last event seq (0: none) */ \
	X(SQL_EVENT_LAST_SEQ, \
	    "SELECT COALESCE(MAX(seq), 0) FROM events WHERE campaign_id = ?") \
	/* s:type i:base i:campaign — campaign.goal_reached / campaign.ended */ \
	X(SQL_EVENT_CAMPAIGN, \
	    "INSERT INTO events (store_id, campaign_id, campaign_slug, type, seq, " \
	    "data) SELECT c.store_id, c.id, c.slug, ?, ? + 1, " \
	    "JSON_OBJECT('goal_kind', " \
	    "c.goal_kind, 'goal', c.goal, 'progress', IF(c.goal_kind = 'money', " \
	    "c.amount, c.units), 'units', c.units, 'amount', c.amount, " \
	    "'orders', c.orders, 'backers', c.backers, 'counted_seq', " \
	    "c.counted_seq, 'status', c.status, 'ends_at', DATE_FORMAT(c.ends_at, " \
	    "'%Y-%m-%dT%H:%i:%s.%fZ')) FROM campaigns c WHERE c.id = ?") \
	/* i:grace i:limit -> id store_id: live campaigns whose ends_at passed \
	   grace seconds ago and whose campaign.ended is not recorded (sql/028) */ \
	X(SQL_EVENT_ENDED_DUE, \
	    "SELECT id, store_id FROM campaigns WHERE status = 'live' AND ends_at " \
	    "IS NOT NULL AND ended_event_at IS NULL AND ends_at <= " \
	    "UTC_TIMESTAMP(6) - INTERVAL ? SECOND ORDER BY id LIMIT ?") \
	/* i:id — campaign.ended is recorded now (affected 0: it was already) */ \
	X(SQL_EVENT_ENDED_MARK, \
	    "UPDATE campaigns SET ended_event_at = UTC_TIMESTAMP(6) WHERE id = ? " \
	    "AND ended_event_at IS NULL") \
	/* i:id i:grace — the same, while it is still due (the row locked) */ \
	X(SQL_EVENT_ENDED_MARK_DUE, \
	    "UPDATE campaigns SET ended_event_at = UTC_TIMESTAMP(6) WHERE id = ? " \
	    "AND status = 'live' AND ended_event_at IS NULL AND ends_at IS NOT " \
	    "NULL AND ends_at <= UTC_TIMESTAMP(6) - INTERVAL ? SECOND") \
	/* i:base i:milestone — milestone.reached */ \
	X(SQL_EVENT_MILESTONE, \
	    "INSERT INTO events (store_id, campaign_id, campaign_slug, type, seq, " \
	    "data) SELECT c.store_id, c.id, c.slug, 'milestone.reached', " \
	    "? + 1, JSON_OBJECT('milestone_id', m.id, " \
	    "'title', m.title, 'metric', m.metric, 'target', m.target, " \
	    "'reward', m.reward, 'scope', " \
	    "m.scope, 'reached_seq', m.reached_seq, 'order_id', o.external_id, " \
	    "'progress', IF(c.goal_kind = 'money', c.amount, c.units), " \
	    "'backers', c.backers) " \
	    "FROM milestones m JOIN campaigns c ON c.id = m.campaign_id " \
	    "LEFT JOIN orders o ON o.id = m.reached_order_id WHERE m.id = ?") \
	/* i:base i:grant — grant.created for one grant */ \
	X(SQL_EVENT_GRANT_CREATED, \
	    "INSERT INTO events (store_id, campaign_id, campaign_slug, type, seq, " \
	    "grant_id, data) SELECT g.store_id, g.campaign_id, c.slug, " \
	    "'grant.created', ? + 1, g.id, '' FROM grants g " \
	    "JOIN campaigns c ON c.id = g.campaign_id WHERE g.id = ?") \
	/* \
	 * i:base i:after i:campaign — grant.created for each live grant of \
	 * the campaign with an id above after (SQL_GRANT_MAX_ID before the \
	 * statement that made them: the fan-out's, docs/fanout.md; every \
	 * writer of the campaign's grants holds its row lock), in id order \
	 */ \
	X(SQL_EVENT_GRANTS_SINCE, \
	    "INSERT INTO events (store_id, campaign_id, campaign_slug, type, seq, " \
	    "grant_id, data) SELECT g.store_id, g.campaign_id, c.slug, " \
	    "'grant.created', ? + ROW_NUMBER() OVER " \
	    "(ORDER BY g.id), g.id, '' FROM grants g " \
	    "JOIN campaigns c ON c.id = g.campaign_id WHERE g.id > ? " \
	    "AND g.campaign_id = ? AND g.status <> 'void'") \
	/* \
	 * (i:store i:campaign s:slug i:seq i:grant) x 1..4 — grant.created \
	 * rows from what the order's transaction knows (db_event_order_grants_at: \
	 * no read of grants or campaigns, no window function) \
	 */ \
	X(SQL_EVENT_GRANT_ROWS1, SG_SQL_EVENT_GRANT_ROWS "") \
	X(SQL_EVENT_GRANT_ROWS2, SG_SQL_EVENT_GRANT_ROWS ", " \
	    SG_SQL_EVENT_GRANT_ROW) \
	X(SQL_EVENT_GRANT_ROWS3, SG_SQL_EVENT_GRANT_ROWS ", " \
	    SG_SQL_EVENT_GRANT_ROW ", " SG_SQL_EVENT_GRANT_ROW) \
	X(SQL_EVENT_GRANT_ROWS4, SG_SQL_EVENT_GRANT_ROWS ", " \
	    SG_SQL_EVENT_GRANT_ROW ", " SG_SQL_EVENT_GRANT_ROW ", " \
	    SG_SQL_EVENT_GRANT_ROW) \
	/* i:store -> the bits (SET order) of the event types some live \
	   endpoint of the store subscribes to */ \
	X(SQL_EVENT_SUBSCRIBED, \
	    "SELECT COALESCE(BIT_OR(events + 0), 0) FROM webhook_endpoints " \
	    "WHERE store_id = ? AND deleted_at IS NULL") \
	/* i:base i:moved_to (0: none) i:grant — grant.voided */ \
	X(SQL_EVENT_GRANT_VOIDED, \
	    "INSERT INTO events (store_id, campaign_id, campaign_slug, type, seq, " \
	    "grant_id, data) SELECT g.store_id, g.campaign_id, c.slug, " \
	    "'grant.voided', ? + 1, g.id, " \
	    SG_SQL_EVENT_GRANT_DATA ", 'moved_to', NULLIF(?, 0)) " \
	    "FROM grants g JOIN orders o ON o.id = g.order_id " \
	    "JOIN campaigns c ON c.id = g.campaign_id WHERE g.id = ?") \
	/* i:store s:url s:events b:secret */ \
	X(SQL_WEBHOOK_INSERT, \
	    "INSERT INTO webhook_endpoints (store_id, url, events, secret) " \
	    "VALUES (?, ?, ?, ?)") \
	/* i:store -> id url events created_at */ \
	X(SQL_WEBHOOK_LIST, \
	    "SELECT id, url, events, created_at FROM webhook_endpoints " \
	    "WHERE store_id = ? AND deleted_at IS NULL ORDER BY id") \
	/* i:id i:store */ \
	X(SQL_WEBHOOK_DELETE, \
	    "UPDATE webhook_endpoints SET deleted_at = UTC_TIMESTAMP(6) " \
	    "WHERE id = ? AND store_id = ? AND deleted_at IS NULL") \
	/* i:id — stop what is still to send to a removed endpoint */ \
	X(SQL_WEBHOOK_DELETE_PENDING, \
	    "UPDATE webhook_deliveries SET status = 'failed', claimed_until = NULL " \
	    "WHERE endpoint_id = ? AND status = 'pending'") \
	/* -> store ids with live endpoints */ \
	X(SQL_WEBHOOK_STORES, \
	    "SELECT DISTINCT store_id FROM webhook_endpoints WHERE deleted_at IS NULL") \
	/* i:store -> pos, held until the transaction ends */ \
	X(SQL_FANOUT_LOCK, \
	    "SELECT pos FROM event_fanout WHERE store_id = ? FOR UPDATE") \
	/* i:store */ \
	X(SQL_FANOUT_ENSURE, \
	    "INSERT IGNORE INTO event_fanout (store_id, pos) VALUES (?, 0)") \
	/* i:pos i:store */ \
	X(SQL_FANOUT_ADVANCE, \
	    "UPDATE event_fanout SET pos = ? WHERE store_id = ?") \
	/* \
	 * i:store i:after i:upto — a delivery for each live endpoint \
	 * subscribed to each event positioned in (after, upto] and recorded \
	 * after the endpoint was made. \
	 */ \
	X(SQL_FANOUT_DELIVERIES, \
	    "INSERT IGNORE INTO webhook_deliveries (endpoint_id, event_id, position) " \
	    "SELECT w.id, e.id, e.position FROM events e JOIN webhook_endpoints w " \
	    "ON w.store_id = e.store_id AND w.deleted_at IS NULL " \
	    "AND FIND_IN_SET(e.type, w.events) > 0 AND e.created_at >= w.created_at " \
	    "WHERE e.store_id = ? AND e.position > ? AND e.position <= ?") \
	/* -> id: live endpoints with a delivery due (one index probe each) */ \
	X(SQL_DELIVERY_DUE_ENDPOINTS, \
	    "SELECT w.id FROM webhook_endpoints w WHERE w.deleted_at IS NULL " \
	    "AND EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = " \
	    "w.id AND d.status = 'pending' AND d.next_at <= UTC_TIMESTAMP(6) " \
	    "AND (d.claimed_until IS NULL OR d.claimed_until < UTC_TIMESTAMP(6))) " \
	    "ORDER BY w.id LIMIT 1000") \
	/* i:endpoint i:limit -> event_id: due deliveries, earliest first \
	   (new ones in event order), locked; rows another claimer holds are \
	   skipped */ \
	X(SQL_DELIVERY_CLAIM_SELECT, \
	    "SELECT d.event_id FROM webhook_deliveries d WHERE d.endpoint_id = ? " \
	    "AND d.status = 'pending' AND d.next_at <= UTC_TIMESTAMP(6) " \
	    "AND (d.claimed_until IS NULL OR d.claimed_until < UTC_TIMESTAMP(6)) " \
	    "ORDER BY d.next_at, d.event_id LIMIT ? FOR UPDATE SKIP LOCKED") \
	/* s:host -> claimed_by: holders of running leases on this host \
	   ("host:pid:..."; '%' and '_' in host are escaped by the caller) */ \
	X(SQL_DELIVERY_HOLDERS, \
	    "SELECT DISTINCT claimed_by FROM webhook_deliveries WHERE status = " \
	    "'pending' AND claimed_until > UTC_TIMESTAMP(6) AND claimed_by LIKE ?") \
	/* s:holder — give back the leases of a process that is gone */ \
	X(SQL_DELIVERY_RELEASE, \
	    "UPDATE webhook_deliveries SET claimed_until = NULL, claimed_by = NULL " \
	    "WHERE claimed_by = ? AND status = 'pending'") \
	/* i:lease s:holder i:endpoint i:event */ \
	X(SQL_DELIVERY_CLAIM, \
	    "UPDATE webhook_deliveries SET claimed_until = UTC_TIMESTAMP(6) + " \
	    "INTERVAL ? SECOND, claimed_by = ? WHERE endpoint_id = ? AND event_id = ?") \
	/* i:endpoint i:event -> url secret event_id type created_at store \
	   campaign seq data attempts first_at-age-seconds */ \
	X(SQL_DELIVERY_LOAD, \
	    "SELECT w.url, w.secret, e.id, e.type, " \
	    "DATE_FORMAT(e.created_at, '%Y-%m-%dT%H:%i:%s.%fZ'), s.handle, " \
	    "e.campaign_slug, e.seq, IF(e.data = '' AND e.type = 'grant.created', " \
	    "(SELECT " SG_SQL_EVENT_GRANT_DATA ", 'moved_from', g.moved_from) " \
	    "FROM grants g JOIN orders o ON o.id = g.order_id WHERE g.id = " \
	    "e.grant_id), e.data), d.attempts, " \
	    "TIMESTAMPDIFF(SECOND, d.first_at, UTC_TIMESTAMP(6)), w.deleted_at IS NULL " \
	    "FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id " \
	    "JOIN events e ON e.id = d.event_id JOIN stores s ON s.id = e.store_id " \
	    "WHERE d.endpoint_id = ? AND d.event_id = ?") \
	/* i:status s:holder i:endpoint i:event — a 2xx */ \
	X(SQL_DELIVERY_DONE, \
	    "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, " \
	    "last_status = ?, delivered_at = UTC_TIMESTAMP(6), claimed_until = NULL, " \
	    "claimed_by = NULL WHERE claimed_by = ? AND endpoint_id = ? AND event_id = ?") \
	/* i:status i:delay_ms i:give_up_secs s:holder i:endpoint i:event — \
	   retry after delay, or failed once first_at is older than give_up */ \
	X(SQL_DELIVERY_RETRY, \
	    "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, " \
	    "next_at = UTC_TIMESTAMP(6) + INTERVAL ? * 1000 MICROSECOND, " \
	    "status = IF(first_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND, 'failed', " \
	    "'pending'), claimed_until = NULL, claimed_by = NULL " \
	    "WHERE claimed_by = ? AND endpoint_id = ? AND event_id = ?") \
	/* i:endpoint i:event i:status i:ms s:error s:response */ \
	X(SQL_ATTEMPT_INSERT, \
	    "INSERT INTO webhook_attempts (endpoint_id, event_id, http_status, " \
	    "duration_ms, error, response) VALUES (?, ?, ?, ?, LEFT(?, 255), LEFT(?, 1024))") \
	/* i:days — the log older than that, a bounded batch */ \
	X(SQL_ATTEMPT_PURGE, \
	    "DELETE FROM webhook_attempts WHERE attempted_at < UTC_TIMESTAMP(6) - " \
	    "INTERVAL ? DAY LIMIT 10000") \
	/* i:endpoint i:event i:store — send again (a delivery for an event \
	   of the store, made or reset to pending now) */ \
	X(SQL_DELIVERY_RESEND, \
	    "INSERT INTO webhook_deliveries (endpoint_id, event_id, position) " \
	    "SELECT w.id, e.id, COALESCE(e.position, 0) FROM webhook_endpoints w " \
	    "JOIN events e ON e.store_id = w.store_id WHERE w.id = ? AND e.id = ? " \
	    "AND w.store_id = ? AND w.deleted_at IS NULL ON DUPLICATE KEY UPDATE " \
	    "status = 'pending', attempts = 0, first_at = UTC_TIMESTAMP(6), " \
	    "next_at = UTC_TIMESTAMP(6), claimed_until = NULL, claimed_by = NULL") \
	/* i:endpoint i:store i:limit -> event_id type status attempts \
	   last_status next_at delivered_at: the endpoint's recent deliveries */ \
	X(SQL_DELIVERY_LIST, \
	    "SELECT d.event_id, e.type, d.status, d.attempts, d.last_status, " \
	    "d.next_at, d.delivered_at FROM webhook_deliveries d " \
	    "JOIN webhook_endpoints w ON w.id = d.endpoint_id " \
	    "JOIN events e ON e.id = d.event_id WHERE d.endpoint_id = ? " \
	    "AND w.store_id = ? ORDER BY d.position DESC, d.event_id DESC LIMIT ?") \
	/* i:days i:limit -> id: events older than days that are settled (no \
	   delivery pending, fanned out or of a store that fans out nothing) \
	   and not their campaign's last (whose seq the next event follows) */ \
	X(SQL_EVENT_PURGE_PICK, \
	    "SELECT e.id FROM events e LEFT JOIN event_fanout f ON " \
	    "f.store_id = e.store_id WHERE e.created_at < UTC_TIMESTAMP(6) - " \
	    "INTERVAL ? DAY AND (f.pos IS NULL OR (e.position IS NOT NULL AND " \
	    "e.position <= f.pos)) AND NOT EXISTS (SELECT 1 FROM " \
	    "webhook_endpoints w JOIN webhook_deliveries d ON d.endpoint_id = " \
	    "w.id AND d.event_id = e.id WHERE w.store_id = e.store_id AND " \
	    "d.status = 'pending') AND e.seq < (SELECT MAX(m.seq) FROM events m " \
	    "WHERE m.campaign_id = e.campaign_id) ORDER BY e.created_at LIMIT ?") \
	/* i:event — the event, unless a delivery of it is pending again */ \
	X(SQL_EVENT_PURGE_ONE, \
	    "DELETE e FROM events e WHERE e.id = ? AND NOT EXISTS (SELECT 1 FROM " \
	    "webhook_endpoints w JOIN webhook_deliveries d ON d.endpoint_id = " \
	    "w.id AND d.event_id = e.id WHERE w.store_id = e.store_id AND " \
	    "d.status = 'pending')") \
	/* i:event — its deliveries (by the store's endpoints: the key) */ \
	X(SQL_EVENT_PURGE_DELIVERIES, \
	    "DELETE d FROM webhook_deliveries d JOIN webhook_endpoints w ON " \
	    "w.id = d.endpoint_id WHERE d.event_id = ?")

#endif
