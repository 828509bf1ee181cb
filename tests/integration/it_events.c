/*
 * it_events.c — events out against a real receiver on loopback
 * (tests/receiver/receiver.mjs, which verifies every delivery with the
 * standardwebhooks package from npm): the outbox, the endpoints API, SSRF
 * refusal, stretchgoal-deliver's retries, restarts and isolation of a slow
 * endpoint.  Each case starts its own instance.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "fixture/deliver.h"
#include "fixture/fixture.h"
#include "integration/it_api_util.h"

#define FX	fx_current

static const char *const conf_private =
    "webhook_allow_private = yes\nwebhook_retry_first_ms = 300\n";

static void
end(pid_t deliver)
{
	fxd_stop(deliver, SIGTERM);
	CU_ASSERT_FALSE(fxd_log_dirty(FX));
	api_end();
}

/* Register an endpoint for all events at url; its id, secret into secret. */
static int64_t
endpoint(const char *url, char *secret, size_t size)
{
	struct fx_resp	 r;
	char		 body[600];
	int64_t		 id;

	snprintf(body, sizeof(body), "{\"url\":\"%s\",\"events\":["
	    "\"milestone.reached\",\"grant.created\",\"grant.voided\","
	    "\"campaign.goal_reached\",\"campaign.ended\"]}", url);
	CU_ASSERT_EQUAL_FATAL(api_req("POST", "/api/v1/webhooks", api_tok, body,
	    &r), 201);
	id = api_num(r.json, "id");
	snprintf(secret, size, "%s", api_str(r.json, "secret"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(strncmp(secret, "whsec_", 6), 0);
	CU_ASSERT_TRUE(strlen(secret) >= 6 + 32);
	return id;
}

/* An endpoint on the receiver at port, path /hook/name; secret kept. */
static int64_t
endpoint_on(int port, const char *name, char *secret, size_t size)
{
	char	 url[256];
	int64_t	 id;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/hook/%s", port, name);
	id = endpoint(url, secret, size);
	CU_ASSERT_EQUAL(fxd_receiver_put(port, "_secret", name, secret), 200);
	return id;
}

static void
order(const char *id, const char *email, int qty)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"id\":\"%s\",\"placed_at\":"
	    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
	    "{\"email\":\"%s\"},\"line_items\":[{\"product_id\":\"p-1\","
	    "\"quantity\":%d,\"price\":100}]}", id, email, qty);
	CU_ASSERT_EQUAL(api_order(body, NULL), 201);
}

/* Entries of the receiver's log of name, waiting up to ms for want. */
static cJSON *
wait_log(int port, const char *name, int want, int ms)
{
	long long	 stop = fx_now_ms() + ms;
	cJSON		*a;

	for (;;) {
		a = fxd_receiver_log(port, name);
		if (a != NULL && cJSON_GetArraySize(a) >= want)
			return a;
		if (fx_now_ms() >= stop)
			return a;
		cJSON_Delete(a);
		usleep(100 * 1000);
	}
}

static int
count_type(const cJSON *a, const char *type)
{
	const cJSON	*x;
	int		 n = 0;

	cJSON_ArrayForEach(x, a)
		if (strcmp(api_str(x, "type"), type) == 0)
			n++;
	return n;
}

static int
all_verified(const cJSON *a)
{
	const cJSON	*x;

	cJSON_ArrayForEach(x, a)
		if (!cJSON_IsTrue(cJSON_GetObjectItem(x, "verified")))
			return 0;
	return 1;
}

/* An order reaching a scope-"all" gift: milestone.reached and a grant.created
   per backer, signed, verified by the receiver; the outbox rows were
   written with the order. */
static void
test_milestone_delivered(void)
{
	int	 port = fxd_free_port();
	pid_t	 rcv, dl;
	cJSON	*a;
	char	 sec[128];

	api_begin(conf_private);
	rcv = fxd_receiver_start(port);
	api_campaign("c1", "units", 100);
	api_milestone("c1", "{\"target\":3,\"title\":\"Three\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\"}");
	endpoint_on(port, "a", sec, sizeof(sec));
	dl = fxd_start(FX);
	order("o1", "x@example.com", 1);
	order("o2", "y@example.com", 2);	/* reaches 3: two grants */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM events WHERE "
	    "type = 'grant.created'"), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM events WHERE "
	    "type = 'milestone.reached'"), 1);
	a = wait_log(port, "a", 3, 15000);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(a), 3);
	{
		cJSON	*st = fxd_receiver_get(port, "/_stats/a");

		fprintf(stderr, "\n  3 events: commit->delivery p50 %lld ms, max %lld ms\n",
		    (long long)api_num(st, "delay_p50"),
		    (long long)api_num(st, "delay_p99"));
		cJSON_Delete(st);
	}
	CU_ASSERT_TRUE(all_verified(a));
	CU_ASSERT_EQUAL(count_type(a, "milestone.reached"), 1);
	CU_ASSERT_EQUAL(count_type(a, "grant.created"), 2);
	/* A grant.created's data (built at delivery from the grant's row). */
	{
		const cJSON	*x, *d;
		int		 seen = 0;

		cJSON_ArrayForEach(x, a) {
			if (strcmp(api_str(x, "type"), "grant.created") != 0)
				continue;
			d = cJSON_GetObjectItem(x, "data");
			CU_ASSERT_TRUE(api_num(d, "grant_id") > 0);
			CU_ASSERT_STRING_EQUAL(api_str(d, "product_id"), "g-pin");
			CU_ASSERT_EQUAL(api_num(d, "quantity"), 1);
			CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(d, "moved_from")));
			CU_ASSERT_TRUE(cJSON_IsNull(cJSON_GetObjectItem(d, "variant_id")));
			if (strcmp(api_str(d, "order_id"), "o1") == 0 &&
			    strcmp(api_str(d, "backer"), "x@example.com") == 0)
				seen |= 1;
			if (strcmp(api_str(d, "order_id"), "o2") == 0 &&
			    strcmp(api_str(d, "backer"), "y@example.com") == 0)
				seen |= 2;
		}
		CU_ASSERT_EQUAL(seen, 3);
	}
	cJSON_Delete(a);
	CU_ASSERT_EQUAL(fx_sql_wait(FX, "SELECT COUNT(*) FROM webhook_deliveries "
	    "WHERE status = 'delivered'", 3, 5000), 3);
	CU_ASSERT_EQUAL(fx_sql_wait(FX, "SELECT COUNT(*) FROM webhook_attempts "
	    "WHERE http_status = 200", 3, 5000), 3);
	/* Send again: the same webhook-id arrives a second time. */
	{
		char	 path[128];
		int64_t	 ev = fx_sql_i64(FX, "SELECT MIN(id) FROM events");
		int64_t	 ep = fx_sql_i64(FX, "SELECT MIN(id) FROM webhook_endpoints");

		snprintf(path, sizeof(path), "/api/v1/webhooks/%lld/events/evt_%lld/resend",
		    (long long)ep, (long long)ev);
		CU_ASSERT_TRUE(api_expect("POST", path, api_tok, NULL, 202));
		a = wait_log(port, "a", 4, 15000);
		CU_ASSERT_EQUAL(cJSON_GetArraySize(a), 4);
		CU_ASSERT_TRUE(all_verified(a));
		cJSON_Delete(a);
		snprintf(path, sizeof(path), "/api/v1/webhooks/%lld/events/evt_999999/resend",
		    (long long)ep);
		CU_ASSERT_TRUE(api_expect("POST", path, api_tok, NULL, 404));
	}
	end(dl);
	fxd_stop(rcv, SIGTERM);
}

/* The receiver's port is closed for a while: every event arrives once it
   listens, each once by id, and each campaign's seqs are 1..n. */
static void
test_down_then_up(void)
{
	int		 port = fxd_free_port(), i, n, c, max[2] = { 0, 0 };
	pid_t		 rcv, dl;
	cJSON		*a;
	const cJSON	*x, *y;
	char		 id[16], email[64], sec[128];
	int		 seen[2][64];

	memset(seen, 0, sizeof(seen));
	api_begin(conf_private);
	api_campaign("c1", "units", 100);
	api_campaign("c2", "units", 4);
	api_milestone("c1", "{\"target\":2,\"title\":\"Two\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-pin\"}");
	api_milestone("c2", "{\"target\":3,\"title\":\"Three\",\"reward\":\"gift\","
	    "\"gift_product_id\":\"g-cup\",\"scope\":\"new\"}");
	/* Registered while the receiver runs, then it goes away. */
	rcv = fxd_receiver_start(port);
	endpoint_on(port, "d", sec, sizeof(sec));
	fxd_stop(rcv, SIGKILL);
	dl = fxd_start(FX);
	for (i = 0; i < 6; i++) {
		char	 body[512];

		snprintf(id, sizeof(id), "d%d", i);
		snprintf(email, sizeof(email), "b%d@example.com", i);
		snprintf(body, sizeof(body), "{\"id\":\"%s\",\"placed_at\":"
		    "\"2026-11-22T10:00:00Z\",\"currency\":\"USD\",\"customer\":"
		    "{\"email\":\"%s\"},\"line_items\":[{\"product_id\":\"p-1\","
		    "\"quantity\":1,\"price\":100}]}", id, email);
		CU_ASSERT_EQUAL(api_order(body, NULL), 201);
	}
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/orders/d1/cancel", api_tok,
	    NULL, 200));
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/c2", api_tok,
	    "{\"status\":\"ended\"}", 200));
	n = (int)fx_sql_i64(FX, "SELECT COUNT(*) FROM events");
	CU_ASSERT_TRUE(n >= 10);
	CU_ASSERT_TRUE(n < 64);
	/* d1's grant of c1's scope-"all" gift (b1 has no other order). */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM events WHERE type = "
	    "'grant.voided'"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM events WHERE type = "
	    "'campaign.goal_reached'"), 1);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM events WHERE type = "
	    "'campaign.ended'"), 1);
	sleep(3);	/* attempts fail, with backoff */
	CU_ASSERT_TRUE(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_attempts "
	    "WHERE http_status = 0") > 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_deliveries "
	    "WHERE status = 'delivered'"), 0);
	rcv = fxd_receiver_start(port);
	CU_ASSERT_EQUAL(fxd_receiver_put(port, "_secret", "d", sec), 200);
	a = wait_log(port, "d", n, 30000);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(a), n);
	CU_ASSERT_TRUE(all_verified(a));
	/* None twice by id; per campaign, seq 1..max with none missing. */
	cJSON_ArrayForEach(x, a) {
		for (y = a->child; y != x; y = y->next)
			CU_ASSERT_NOT_EQUAL(strcmp(api_str(x, "id"), api_str(y, "id")), 0);
		c = strcmp(api_str(x, "campaign"), "c1") == 0 ? 0 : 1;
		i = (int)api_num(x, "seq");
		CU_ASSERT_TRUE(i >= 1 && i < 64);
		if (i >= 1 && i < 64) {
			seen[c][i]++;
			if (i > max[c])
				max[c] = i;
		}
	}
	CU_ASSERT_EQUAL(max[0] + max[1], n);
	for (c = 0; c < 2; c++)
		for (i = 1; i <= max[c]; i++)
			CU_ASSERT_EQUAL(seen[c][i], 1);
	cJSON_Delete(a);
	end(dl);
	fxd_stop(rcv, SIGTERM);
}

/* The delivery process is killed; orders commit meanwhile; after a restart
   their events are delivered. */
static void
test_killed_then_restarted(void)
{
	int	 port = fxd_free_port();
	pid_t	 rcv, dl;
	cJSON	*a;
	char	 sec[128];

	api_begin(conf_private);
	rcv = fxd_receiver_start(port);
	api_campaign("c1", "units", 2);
	endpoint_on(port, "k", sec, sizeof(sec));
	dl = fxd_start(FX);
	usleep(500 * 1000);
	fxd_stop(dl, SIGKILL);
	order("k1", "x@example.com", 2);	/* goal reached, committed */
	/* A milestone saved below the progress is reached by the save. */
	api_milestone("c1", "{\"target\":1,\"title\":\"One\"}");
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM events"), 2);
	usleep(500 * 1000);
	a = fxd_receiver_log(port, "k");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(a), 0);
	cJSON_Delete(a);
	dl = fxd_start(FX);
	a = wait_log(port, "k", 2, 15000);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(a), 2);
	CU_ASSERT_TRUE(all_verified(a));
	CU_ASSERT_EQUAL(count_type(a, "campaign.goal_reached"), 1);
	CU_ASSERT_EQUAL(count_type(a, "milestone.reached"), 1);
	cJSON_Delete(a);
	end(dl);
	fxd_stop(rcv, SIGTERM);
}

static int
leased(void *arg)
{
	(void)arg;
	return fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_deliveries WHERE "
	    "claimed_by IS NOT NULL") > 0;
}

/* The delivery process is killed with a request in flight (its lease runs
   60 s): the restarted one on the same host takes the lease back at once
   and the event arrives within seconds. */
static void
test_killed_in_flight(void)
{
	int		 port = fxd_free_port();
	pid_t		 rcv, dl;
	cJSON		*a;
	char		 sec[128];
	long long	 t0;

	api_begin(conf_private);
	rcv = fxd_receiver_start(port);
	api_campaign("c1", "units", 1);
	endpoint_on(port, "m", sec, sizeof(sec));
	CU_ASSERT_EQUAL(fxd_receiver_put(port, "_mode", "m", "slow:40000"), 200);
	dl = fxd_start(FX);
	order("m1", "x@example.com", 1);
	CU_ASSERT_TRUE(fx_wait(10000, leased, NULL));
	usleep(300 * 1000);	/* the request is on its way */
	fxd_stop(dl, SIGKILL);
	CU_ASSERT_EQUAL(fxd_receiver_put(port, "_mode", "m", "ok"), 200);
	t0 = fx_now_ms();
	dl = fxd_start(FX);
	a = wait_log(port, "m", 1, 15000);
	CU_ASSERT_TRUE(cJSON_GetArraySize(a) >= 1);
	CU_ASSERT_TRUE(all_verified(a));
	CU_ASSERT_TRUE(fx_now_ms() - t0 < 15000);
	cJSON_Delete(a);
	CU_ASSERT_EQUAL(fx_sql_wait(FX, "SELECT COUNT(*) FROM webhook_deliveries WHERE "
	    "status = 'delivered'", 1, 5000), 1);
	end(dl);
	fxd_stop(rcv, SIGKILL);
}

static int
failed_one(void *arg)
{
	(void)arg;
	return fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_deliveries WHERE "
	    "status = 'failed'") == 1;
}

static int
delivered_one(void *arg)
{
	(void)arg;
	return fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_deliveries WHERE "
	    "status = 'delivered'") == 1;
}

/* A delivery that keeps failing is marked failed once its first attempt is
   older than webhook_retry_hours; the deliveries list shows it, and "send
   again" delivers it. */
static void
test_gives_up_then_resend(void)
{
	int		 port = fxd_free_port();
	pid_t		 rcv, dl;
	struct fx_resp	 r;
	char		 sec[128], path[160];
	int64_t		 ep, ev;

	api_begin(conf_private);
	rcv = fxd_receiver_start(port);
	api_campaign("c1", "units", 1);
	ep = endpoint_on(port, "g", sec, sizeof(sec));
	CU_ASSERT_EQUAL(fxd_receiver_put(port, "_mode", "g", "fail"), 200);
	dl = fxd_start(FX);
	order("g1", "x@example.com", 1);
	sleep(2);
	CU_ASSERT_TRUE(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_attempts "
	    "WHERE http_status = 503") >= 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_deliveries "
	    "WHERE status = 'pending'"), 1);
	/* As if it had been failing for 27 hours (webhook_retry_hours 26). */
	fx_sql(FX, "UPDATE webhook_deliveries SET first_at = UTC_TIMESTAMP(6) - "
	    "INTERVAL 27 HOUR");
	CU_ASSERT_TRUE(fx_wait(15000, failed_one, NULL));
	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld/deliveries", (long long)ep);
	CU_ASSERT_EQUAL(api_req("GET", path, api_tok, NULL, &r), 200);
	CU_ASSERT_STRING_EQUAL(api_str(cJSON_GetArrayItem(cJSON_GetObjectItem(r.json,
	    "deliveries"), 0), "status"), "failed");
	CU_ASSERT_EQUAL(api_num(cJSON_GetArrayItem(cJSON_GetObjectItem(r.json,
	    "deliveries"), 0), "last_status"), 503);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fxd_receiver_put(port, "_mode", "g", "ok"), 200);
	ev = fx_sql_i64(FX, "SELECT id FROM events");
	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld/events/evt_%lld/resend",
	    (long long)ep, (long long)ev);
	CU_ASSERT_TRUE(api_expect("POST", path, api_tok, NULL, 202));
	CU_ASSERT_TRUE(fx_wait(15000, delivered_one, NULL));
	/* Another store cannot resend it. */
	CU_ASSERT_TRUE(api_expect("POST", path, api_tok_other, NULL, 404));
	end(dl);
	fxd_stop(rcv, SIGTERM);
}

static int
fast_delivered(void *arg)
{
	(void)arg;
	return fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_deliveries d "
	    "JOIN webhook_endpoints w ON w.id = d.endpoint_id WHERE w.url LIKE "
	    "'%/fast' AND d.status = 'delivered'") == 1;
}

/* One endpoint answers after 20 s; another gets its events meanwhile. */
static void
test_slow_endpoint_isolated(void)
{
	int		 port = fxd_free_port();
	pid_t		 rcv, dl;
	cJSON		*a;
	char		 sec[128];
	long long	 t0;

	api_begin(conf_private);
	rcv = fxd_receiver_start(port);
	api_campaign("c1", "units", 100);
	api_milestone("c1", "{\"target\":1,\"title\":\"One\"}");
	endpoint_on(port, "slow", sec, sizeof(sec));
	CU_ASSERT_EQUAL(fxd_receiver_put(port, "_mode", "slow", "slow:20000"), 200);
	endpoint_on(port, "fast", sec, sizeof(sec));
	dl = fxd_start(FX);
	t0 = fx_now_ms();
	order("s1", "x@example.com", 1);
	order("s2", "y@example.com", 1);
	a = wait_log(port, "fast", 1, 10000);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(a), 1);
	CU_ASSERT_TRUE(all_verified(a));
	CU_ASSERT_TRUE(fx_now_ms() - t0 < 5000);
	cJSON_Delete(a);
	/* The slow one has not answered yet. */
	a = fxd_receiver_log(port, "slow");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(a), 0);
	cJSON_Delete(a);
	/* The receiver logs before it answers: wait for the delivery's row. */
	CU_ASSERT_TRUE(fx_wait(5000, fast_delivered, NULL));
	end(dl);
	fxd_stop(rcv, SIGKILL);
}

/* Without webhook_allow_private, loopback and private URLs are refused;
   bad schemes and unknown types are 422 too; GET lists without secrets;
   DELETE removes. */
static void
test_endpoints_api(void)
{
	struct fx_resp	 r;
	char		 sec[128], path[64];
	int64_t		 id;
	static const char *const refused[] = {
		"http://127.0.0.1:9/h", "https://localhost/h", "http://10.1.2.3/h",
		"http://192.168.1.1/h", "http://169.254.169.254/latest",
		"http://[::1]/h", "http://172.16.0.1/h", "http://0.0.0.0/h", NULL
	};
	int		 i;

	api_begin(NULL);
	for (i = 0; refused[i] != NULL; i++) {
		char	 body[256];

		snprintf(body, sizeof(body), "{\"url\":\"%s\",\"events\":"
		    "[\"grant.created\"]}", refused[i]);
		CU_ASSERT_EQUAL(api_req("POST", "/api/v1/webhooks", api_tok, body,
		    &r), 422);
		CU_ASSERT_STRING_EQUAL(api_err_field(&r), "url");
		fx_resp_free(&r);
	}
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/webhooks", api_tok,
	    "{\"url\":\"ftp://example.com/h\",\"events\":[\"grant.created\"]}", 422));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/webhooks", api_tok,
	    "{\"url\":\"https://example.com/h\",\"events\":[\"order.created\"]}", 422));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/webhooks", api_tok,
	    "{\"url\":\"https://example.com/h\",\"events\":[]}", 422));
	CU_ASSERT_TRUE(api_expect("POST", "/api/v1/webhooks", NULL,
	    "{\"url\":\"https://example.com/h\",\"events\":[\"grant.created\"]}", 401));
	{
		static const char *const add[] = { "webhooks", "add", "--store",
		    "acme", "--url", "http://127.0.0.1:9/x", "--events",
		    "grant.created", NULL };
		char	 out[512], err[512];

		CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
		    add), 2);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "private"));
	}
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_endpoints"), 0);
	fx_stop(FX);

	api_begin(conf_private);
	id = endpoint("http://127.0.0.1:9/h", sec, sizeof(sec));
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/webhooks", api_tok, NULL, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(r.body);
	if (r.body != NULL) {
		CU_ASSERT_PTR_NULL(strstr(r.body, "whsec_"));
		CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "127.0.0.1:9/h"));
	}
	fx_resp_free(&r);
	/* Another store sees none of it. */
	CU_ASSERT_EQUAL(api_req("GET", "/api/v1/webhooks", api_tok_other, NULL, &r), 200);
	CU_ASSERT_EQUAL(cJSON_GetArraySize(cJSON_GetObjectItem(r.json, "webhooks")), 0);
	fx_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/webhooks/%lld", (long long)id);
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok_other, NULL, 404));
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok, NULL, 204));
	CU_ASSERT_TRUE(api_expect("DELETE", path, api_tok, NULL, 404));
	/* stretchgoalctl webhooks add, list, remove. */
	{
		static const char *const add[] = { "webhooks", "add", "--store",
		    "acme", "--url", "http://127.0.0.1:9/ctl", "--events",
		    "grant.created,grant.voided", NULL };
		static const char *const list[] = { "webhooks", "list", "--store",
		    "acme", NULL };
		const char	*rm[8] = { "webhooks", "remove", "--store", "acme",
		    "--id", NULL, NULL };
		char		 out[512], err[512], idtext[32];
		long long	 nid = 0;

		CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
		    add), 0);
		CU_ASSERT_EQUAL(sscanf(out, "id %lld", &nid), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "secret whsec_"));
		CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
		    list), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "/ctl\tgrant.created,grant.voided"));
		CU_ASSERT_PTR_NULL(strstr(out, "whsec_"));
		snprintf(idtext, sizeof(idtext), "%lld", nid);
		rm[5] = idtext;
		CU_ASSERT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
		    rm), 0);
		CU_ASSERT_NOT_EQUAL(fx_ctl(FX, NULL, out, sizeof(out), err,
		    sizeof(err), rm), 0);
		CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM webhook_endpoints "
		    "WHERE deleted_at IS NULL"), 0);
	}
	fx_stop(FX);
	fx_current = NULL;
}

/*
 * A scope-"all" gift reached with 10,000 backers: one grant.created per
 * grant (10,000) and the milestone.reached, all delivered and verified,
 * none twice.  The earlier 9,999 orders are written straight into the
 * database (as if counted earlier); the reaching order goes through the
 * API, and the program's fan-out task writes the other grants and their
 * events after the answer.  Prints the throughput and the
 * commit-to-delivery delays.
 */
static void
test_reach_10000(void)
{
	int		 port = fxd_free_port();
	pid_t		 rcv, dl;
	cJSON		*st = NULL;
	char		 q[2048];
	int64_t		 n;
	long long	 t0, t1;

	api_begin(conf_private);
	rcv = fxd_receiver_start(port);
	api_campaign("big", "units", 1000000);
	api_milestone("big", "{\"target\":10000,\"title\":\"Ten thousand\","
	    "\"reward\":\"gift\",\"gift_product_id\":\"g-pin\"}");
	api_seed_backers("big", 9999, 0);
	endpoint_on(port, "lean", q, sizeof(q));
	dl = fxd_start(FX);
	t0 = fx_now_ms();
	order("reach", "last@example.com", 1);
	/* 9,999 other backers: more than fanout_inline_max (1,000), so the
	   fan-out task writes their grants after the answer, in batches. */
	CU_ASSERT_EQUAL(fx_sql_wait(FX, "SELECT COUNT(*) FROM grants", 10000, 60000),
	    10000);
	CU_ASSERT_EQUAL(fx_sql_wait(FX, "SELECT COUNT(*) FROM milestones WHERE "
	    "fanout_pending = 1", 0, 10000), 0);
	n = fx_sql_i64(FX, "SELECT COUNT(*) FROM events WHERE type = 'grant.created'");
	CU_ASSERT_EQUAL(n, 10000);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(DISTINCT seq) FROM events"),
	    10001);
	for (t1 = fx_now_ms(); t1 - t0 < 240000; t1 = fx_now_ms()) {
		cJSON_Delete(st);
		st = fxd_receiver_get(port, "/_stats/lean");
		if (st != NULL && api_num(st, "n") >= 10001)
			break;
		usleep(500 * 1000);
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(api_num(st, "n"), 10001);
	CU_ASSERT_EQUAL(api_num(st, "unique"), 10001);
	CU_ASSERT_EQUAL(api_num(st, "verified"), 10001);
	fprintf(stderr, "\n  10,001 events delivered in %lld ms (%.0f/s from the "
	    "order's commit); delay commit->delivery p50 %lld ms, p99 %lld ms\n",
	    t1 - t0, 10001.0 * 1000 / (double)(t1 - t0 > 0 ? t1 - t0 : 1),
	    (long long)api_num(st, "delay_p50"), (long long)api_num(st, "delay_p99"));
	cJSON_Delete(st);
	end(dl);
	fxd_stop(rcv, SIGTERM);
}

/* The first entry of type in the receiver's log a for campaign slug. */
static const cJSON *
find_type(const cJSON *a, const char *type, const char *slug)
{
	const cJSON	*x;

	cJSON_ArrayForEach(x, a)
		if (strcmp(api_str(x, "type"), type) == 0 &&
		    strcmp(api_str(x, "campaign"), slug) == 0)
			return x;
	return NULL;
}

/*
 * campaign.ended by time: a live campaign whose ends_at passed
 * campaign_end_grace_secs ago gets its campaign.ended once (status still
 * live: a late order placed before the end still counts), a campaign
 * still running gets none, and moving the first to ended afterwards
 * records no second one; one moved to ended first gets one, and the
 * delivery process adds none.
 */
static void
test_ended_by_time(void)
{
	int		 port = fxd_free_port();
	pid_t		 rcv, dl;
	cJSON		*a;
	const cJSON	*e;
	char		 sec[128], conf[256];

	snprintf(conf, sizeof(conf), "%scampaign_end_grace_secs = 1\n",
	    conf_private);
	api_begin(conf);
	rcv = fxd_receiver_start(port);
	api_campaign("past", "units", 100);
	api_campaign("running", "units", 100);
	api_campaign("closed", "units", 100);
	endpoint_on(port, "a", sec, sizeof(sec));
	order("o1", "x@example.com", 3);	/* placed 2026-11-22: counts in all */
	fx_sql(FX, "UPDATE campaigns SET ends_at = UTC_TIMESTAMP(6) - INTERVAL 3 "
	    "SECOND WHERE slug IN ('past', 'closed')");
	fx_sql(FX, "UPDATE campaigns SET ends_at = UTC_TIMESTAMP(6) + INTERVAL 1 "
	    "HOUR WHERE slug = 'running'");
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/closed", api_tok,
	    "{\"status\":\"ended\"}", 200));
	dl = fxd_start(FX);
	a = wait_log(port, "a", 2, 20000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	e = find_type(a, "campaign.ended", "past");
	CU_ASSERT_PTR_NOT_NULL(e);
	if (e != NULL) {
		const cJSON	*d = cJSON_GetObjectItem(e, "data");

		CU_ASSERT_TRUE(cJSON_IsTrue(cJSON_GetObjectItem(e, "verified")));
		CU_ASSERT_STRING_EQUAL(api_str(d, "status"), "live");
		CU_ASSERT_EQUAL(api_num(d, "units"), 3);
		CU_ASSERT_EQUAL(strlen(api_str(d, "ends_at")), 27);
	}
	CU_ASSERT_PTR_NOT_NULL(find_type(a, "campaign.ended", "closed"));
	cJSON_Delete(a);
	/* Later passes add nothing; a late order placed before the end counts. */
	order("o2", "y@example.com", 2);
	CU_ASSERT_TRUE(api_expect("PATCH", "/api/v1/campaigns/past", api_tok,
	    "{\"status\":\"ended\"}", 200));
	sleep(7);	/* more than one pass of the delivery process (5 s) */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT units FROM campaigns WHERE slug = "
	    "'past'"), 5);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM events WHERE type = "
	    "'campaign.ended'"), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM events e JOIN "
	    "campaigns c ON c.id = e.campaign_id WHERE e.type = 'campaign.ended' "
	    "AND c.slug = 'running'"), 0);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns WHERE "
	    "ended_event_at IS NOT NULL"), 2);
	a = fxd_receiver_log(port, "a");
	CU_ASSERT_EQUAL(count_type(a, "campaign.ended"), 2);
	cJSON_Delete(a);
	end(dl);
	fxd_stop(rcv, SIGTERM);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "an order reaching a gift: events delivered and verified",
		  test_milestone_delivered },
		{ "receiver down then up: all delivered, once, in seq",
		  test_down_then_up },
		{ "delivery process killed: delivered after the restart",
		  test_killed_then_restarted },
		{ "delivery process killed in flight: its lease is taken back",
		  test_killed_in_flight },
		{ "a slow endpoint does not delay another", test_slow_endpoint_isolated },
		{ "failed after the retry window, then sent again",
		  test_gives_up_then_resend },
		{ "endpoints API and SSRF refusal", test_endpoints_api },
		{ "a reach with 10,000 backers: 10,000 grant.created delivered",
		  test_reach_10000 },
		{ "campaign.ended once, by time or by status", test_ended_by_time },
		{ NULL, NULL }
	};

	return fx_run("events", cases, NULL, 0);
}
