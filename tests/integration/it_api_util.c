/* it_api_util.c — see it_api_util.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "it_api_util.h"

#define FX	fx_current

char	api_tok[128], api_tok_other[128];

static void
make_store(const char *handle, const char *currency, char *tok, size_t size)
{
	const char *const create[] = { "store", "create", "--handle", handle,
	    "--name", handle, "--currency", currency, NULL };
	const char *const token[] = { "token", "create", "--store", handle, NULL };
	char	 out[512], err[512];
	size_t	 n;

	if (fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), create) != 0 ||
	    fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), token) != 0) {
		fprintf(stderr, "it_api: could not make store %s: %s\n", handle, err);
		exit(1);
	}
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	snprintf(tok, size, "%s", out);
}

void
api_begin(const char *extra_conf)
{
	struct fx_opts	 o;

	memset(&o, 0, sizeof(o));
	o.extra_conf = extra_conf;
	fx_current = fx_start(&o);
	api_stores();
}

void
api_end(void)
{
	fx_stop(fx_current);
	fx_current = NULL;
}

void
api_stores(void)
{
	make_store("acme", "USD", api_tok, sizeof(api_tok));
	make_store("other", "EUR", api_tok_other, sizeof(api_tok_other));
}

int
api_req_ct(const char *method, const char *path, const char *token,
    const char *ctype, const char *body, size_t len, struct fx_resp *r)
{
	char	 h[512];
	int	 n = 0;

	h[0] = '\0';
	if (token != NULL)
		n = snprintf(h, sizeof(h), "Authorization: Bearer %s\r\n", token);
	if (ctype != NULL)
		snprintf(h + n, sizeof(h) - (size_t)n, "Content-Type: %s\r\n", ctype);
	return fx_http(FX, method, path, h, body, body ? len : 0, r);
}

int
api_req(const char *method, const char *path, const char *token,
    const char *body, struct fx_resp *r)
{
	return api_req_ct(method, path, token, body ? "application/json" : NULL,
	    body, body ? strlen(body) : 0, r);
}

int
api_expect(const char *method, const char *path, const char *token,
    const char *body, int status)
{
	struct fx_resp	 r;
	int		 got;

	got = api_req(method, path, token, body, &r);
	if (got != status)
		fprintf(stderr, "\n%s %s: want %d, got %d: %s\n", method, path,
		    status, got, r.body ? r.body : "");
	fx_resp_free(&r);
	return got == status;
}

static const cJSON *
err_obj(const struct fx_resp *r)
{
	return r->json ? cJSON_GetObjectItemCaseSensitive(r->json, "error") : NULL;
}

const char *
api_err_code(const struct fx_resp *r)
{
	return api_str(err_obj(r), "code");
}

const char *
api_err_field(const struct fx_resp *r)
{
	return api_str(err_obj(r), "field");
}

static const cJSON *
lookup(const cJSON *o, const char *key)
{
	char	 part[128];
	const char *dot;
	size_t	 n;

	while (o != NULL && key != NULL) {
		dot = strchr(key, '.');
		n = dot ? (size_t)(dot - key) : strlen(key);
		if (n >= sizeof(part))
			return NULL;
		memcpy(part, key, n);
		part[n] = '\0';
		if (cJSON_IsArray(o))
			o = cJSON_GetArrayItem(o, atoi(part));
		else
			o = cJSON_GetObjectItemCaseSensitive(o, part);
		key = dot ? dot + 1 : NULL;
	}
	return o;
}

int64_t
api_num(const cJSON *o, const char *key)
{
	const cJSON	*x = lookup(o, key);

	return cJSON_IsNumber(x) ? (int64_t)x->valuedouble : -1;
}

const char *
api_str(const cJSON *o, const char *key)
{
	const cJSON	*x = lookup(o, key);

	return cJSON_IsString(x) ? x->valuestring : "";
}

void
api_db_state(char *buf, size_t size)
{
	fx_sql_str(FX, "SELECT CONCAT_WS('/', "
	    "(SELECT COUNT(*) FROM orders), (SELECT COUNT(*) FROM order_lines), "
	    "(SELECT COUNT(*) FROM order_campaigns), (SELECT COUNT(*) FROM grants), "
	    "(SELECT COALESCE(SUM(CRC32(counted_products)), 0) "
	    "FROM order_campaigns), "
	    "(SELECT COUNT(*) FROM order_campaign_products), "
	    "(SELECT COUNT(*) FROM refunds), (SELECT COUNT(*) FROM products), "
	    "(SELECT COUNT(*) FROM campaigns), (SELECT COUNT(*) FROM milestones), "
	    "(SELECT COUNT(*) FROM campaign_products), "
	    "(SELECT COALESCE(SUM(version + units + amount + orders + backers), 0) "
	    "FROM campaigns), "
	    "(SELECT COUNT(*) FROM grants WHERE status = 'pending'), "
	    "(SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', title, target, "
	    "COALESCE(reached_at, '')))), 0) FROM milestones), "
	    "(SELECT COALESCE(SUM(CRC32(CONCAT_WS(',', title, price))), 0) FROM products))",
	    buf, size);
}

void
api_campaign(const char *slug, const char *kind, int64_t goal)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"slug\":\"%s\",\"title\":\"T %s\","
	    "\"goal_kind\":\"%s\",\"goal\":%lld,\"product_ids\":[\"p-1\",\"p-2\"],"
	    "\"status\":\"live\"}", slug, slug, kind, (long long)goal);
	CU_ASSERT_TRUE_FATAL(api_expect("POST", "/api/v1/campaigns", api_tok, body, 201));
}

int64_t
api_milestone(const char *slug, const char *json)
{
	struct fx_resp	 r;
	char		 path[256];
	int64_t		 id;

	snprintf(path, sizeof(path), "/api/v1/campaigns/%s/milestones", slug);
	if (api_req("POST", path, api_tok, json, &r) != 201)
		fprintf(stderr, "\nmilestone: %d %s\n", r.status, r.body ? r.body : "");
	CU_ASSERT_EQUAL_FATAL(r.status, 201);
	id = api_num(r.json, "id");
	fx_resp_free(&r);
	return id;
}

int
api_order(const char *json, struct fx_resp *r)
{
	struct fx_resp	 tmp;
	int		 st;

	st = api_req("POST", "/api/v1/orders", api_tok, json, r ? r : &tmp);
	if (r == NULL)
		fx_resp_free(&tmp);
	return st;
}

/* Orders PREFIX1..PREFIXn of backers b1..bn@seed.test in store, by SQL. */
static void
seed_orders(int64_t store, const char *prefix, int n)
{
	char	 q[1024];

	snprintf(q, sizeof(q), "INSERT INTO orders (store_id, external_id, backer, "
	    "placed_at, currency, fingerprint, response) SELECT %lld, "
	    "CONCAT('%s', s.seq), CONCAT('b', s.seq, '@seed.test'), "
	    "UTC_TIMESTAMP(6), 'USD', UNHEX(SHA2(CONCAT('%s', s.seq), 256)), '{}' "
	    "FROM seq_1_to_%d s", (long long)store, prefix, prefix, n);
	fx_sql(fx_current, q);
}

void
api_seed_backers(const char *slug, int n, int twice)
{
	char	 q[2048];
	int64_t	 store, cid;

	store = fx_sql_i64(fx_current, "SELECT id FROM stores WHERE handle = "
	    "'acme'");
	snprintf(q, sizeof(q), "SELECT id FROM campaigns WHERE slug = '%s'", slug);
	cid = fx_sql_i64(fx_current, q);
	seed_orders(store, "seed-", n);
	/* Not seq_1_to_0, which is not empty. */
	if (twice > 0)
		seed_orders(store, "seed2-", twice);
	snprintf(q, sizeof(q), "INSERT INTO order_campaigns (order_id, campaign_id, "
	    "backer, units, amount, counted_seq) SELECT o.id, %lld, o.backer, 1, "
	    "100, IF(o.external_id LIKE 'seed2-%%', %d + CAST(SUBSTRING("
	    "o.external_id, 7) AS UNSIGNED), CAST(SUBSTRING(o.external_id, 6) "
	    "AS UNSIGNED)) FROM orders o WHERE o.external_id LIKE 'seed%%'",
	    (long long)cid, n);
	fx_sql(fx_current, q);
	snprintf(q, sizeof(q), "INSERT INTO campaign_backers (campaign_id, backer, "
	    "active_orders) SELECT %lld, backer, COUNT(*) FROM orders WHERE "
	    "external_id LIKE 'seed%%' GROUP BY backer", (long long)cid);
	fx_sql(fx_current, q);
	snprintf(q, sizeof(q), "UPDATE campaigns SET units = %d, amount = %d, "
	    "orders = %d, backers = %d, counted_seq = %d WHERE id = %lld",
	    n + twice, (n + twice) * 100, n + twice, n, n + twice, (long long)cid);
	fx_sql(fx_current, q);
}
