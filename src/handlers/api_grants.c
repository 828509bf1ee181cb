/*
 * api_grants.c — the grant queue and the product catalog:
 * GET /api/v1/grants, POST /api/v1/grants/{id}/fulfill,
 * PUT /api/v1/products/{id}, GET /api/v1/products?q=.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "db/campaign.h"
#include "db/milestone.h"
#include "db/db.h"
#include "db/internal.h"
#include "domain/money.h"
#include "handlers/routes_api.h"
#include "util/form.h"

/* Grants per page (default and most). */
#define API_GRANTS_PAGE		100
#define API_GRANTS_PAGE_MAX	500
/* Products per search answer; longest query (chars); variants per product. */
#define API_PRODUCTS_PAGE	50
#define API_PRODUCT_Q_MAX	200
#define API_PRODUCT_VARIANTS_MAX 100

/* The grant of the current row of q (SG_SQL_GRANT_COLS). */
static cJSON *
grant_json(struct sg_db *db, enum sqlstmt q)
{
	sg_usec_t	 t;
	cJSON		*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	db_col_time(db, q, 9, &t);
	if (cJSON_AddNumberToObject(o, "id", (double)db_col_i64(db, q, 0)) == NULL ||
	    cJSON_AddStringToObject(o, "order_id", db_col_str(db, q, 1, NULL)) == NULL ||
	    cJSON_AddStringToObject(o, "campaign", db_col_str(db, q, 2, NULL)) == NULL ||
	    cJSON_AddNumberToObject(o, "milestone_id",
	    (double)db_col_i64(db, q, 3)) == NULL ||
	    cJSON_AddStringToObject(o, "backer", db_col_str(db, q, 4, NULL)) == NULL ||
	    cJSON_AddStringToObject(o, "product_id", db_col_str(db, q, 5, NULL)) == NULL ||
	    !cJSON_AddItemToObject(o, "variant_id", db_col_isnull(db, q, 6) ?
	    cJSON_CreateNull() : cJSON_CreateString(db_col_str(db, q, 6, NULL))) ||
	    cJSON_AddNumberToObject(o, "quantity", (double)db_col_i64(db, q, 7)) == NULL ||
	    cJSON_AddStringToObject(o, "status", db_col_str(db, q, 8, NULL)) == NULL ||
	    !cJSON_AddItemToObject(o, "created_at", api_time_json(1, t))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/*
 * GET /api/v1/grants?status=pending|fulfilled|void&campaign=SLUG&after=ID&limit=N
 * 200 {"grants":[…], "next_after": "ID" or null}, oldest first; 400
 * malformed query; 401; 404 unknown campaign; 422 bad status, after or
 * limit.
 */
int
h_api_grant_list(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	const enum sqlstmt	 q = SQL_API_GRANT_LIST;
	struct db_store		 st;
	struct sg_form		 f;
	struct db_campaign	*c = NULL;
	const char		*status, *camp, *after, *lim;
	cJSON			*o = NULL, *arr, *x;
	char			 next[24];
	int64_t			 limit = API_GRANTS_PAGE, after_id = 0, cid = 0, n = 0, last = 0;
	int			 hrc, rc;

	if (!api_auth(app, req, resp, &st, &hrc))
		return hrc;
	sg_form_init(&f);
	if (sg_form_parse(&f, req->query, strlen(req->query)) != SG_FORM_OK) {
		sg_form_free(&f);
		sg_resp_error(resp, 400, "malformed", "the query string is malformed", NULL);
		return SG_H_OK;
	}
	status = sg_form_get(&f, "status");
	camp = sg_form_get(&f, "campaign");
	after = sg_form_get(&f, "after");
	lim = sg_form_get(&f, "limit");
	if (status != NULL && status[0] == '\0')
		status = NULL;
	if (camp != NULL && camp[0] == '\0')
		camp = NULL;
	if (after != NULL && after[0] == '\0')
		after = NULL;
	if (status != NULL && strcmp(status, "pending") != 0 &&
	    strcmp(status, "fulfilled") != 0 && strcmp(status, "void") != 0) {
		sg_resp_error(resp, 422, "invalid",
		    "status must be pending, fulfilled or void", "status");
		goto done;
	}
	if (after != NULL && (after_id = api_parse_id(after)) == 0) {
		sg_resp_error(resp, 422, "invalid", "after must be a grant id", "after");
		goto done;
	}
	if (lim != NULL && ((limit = api_parse_id(lim)) < 1 ||
	    limit > API_GRANTS_PAGE_MAX)) {
		sg_resp_error(resp, 422, "out_of_range", "limit must be 1 to 500", "limit");
		goto done;
	}
	if (camp != NULL) {
		if (sg_slug_check(camp) != SG_VERR_OK) {
			sg_resp_error(resp, 404, "not_found", "no such campaign", "campaign");
			goto done;
		}
		if ((c = malloc(sizeof(*c))) == NULL)
			goto nomem;
		if ((rc = db_campaign_get_by_slug(app->db, st.id, camp, 0, c)) < 0)
			goto dberr;
		if (rc == 0) {
			sg_resp_error(resp, 404, "not_found", "no such campaign", "campaign");
			goto done;
		}
		cid = c->id;
	}
	if ((o = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(o, "grants")) == NULL)
		goto nomem;
	if ((rc = db_exec(app->db, q, "issiiii", st.id, status, status, cid, cid,
	    after_id, limit + 1)) != DB_OK)
		goto dberr;
	while ((rc = db_fetch(app->db, q)) > 0) {
		if (n == limit)
			break;
		if ((x = grant_json(app->db, q)) == NULL ||
		    !cJSON_AddItemToArray(arr, x)) {
			db_done(app->db, q);
			goto nomem;
		}
		last = db_col_i64(app->db, q, 0);
		n++;
	}
	db_done(app->db, q);
	if (rc < 0)
		goto dberr;
	snprintf(next, sizeof(next), "%lld", (long long)last);
	if (!cJSON_AddItemToObject(o, "next_after", rc > 0 ?
	    cJSON_CreateString(next) : cJSON_CreateNull()))
		goto nomem;
	free(c);
	sg_form_free(&f);
	return api_send(resp, 200, o);
dberr:
	free(c);
	cJSON_Delete(o);
	sg_form_free(&f);
	return sg_h_db_error(resp, rc);
nomem:
	sg_h_internal(resp);
done:
	free(c);
	cJSON_Delete(o);
	sg_form_free(&f);
	return SG_H_OK;
}

/*
 * POST /api/v1/grants/{id}/fulfill
 * No body.  200 the grant, fulfilled (also when it was already); 401;
 * 404 unknown (or another store's); 409 the grant is void.
 */
int
h_api_grant_fulfill(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	const enum sqlstmt	 q = SQL_API_GRANT_GET;
	struct db_store		 st;
	cJSON			*o;
	int64_t			 id;
	int			 hrc, rc;

	if (!api_auth(app, req, resp, &st, &hrc))
		return hrc;
	if ((id = api_parse_id(req->args[0])) == 0) {
		sg_resp_error(resp, 404, "not_found", "no such grant", NULL);
		return SG_H_OK;
	}
	if ((rc = db_exec(app->db, SQL_API_GRANT_FULFILL, "ii", id, st.id)) != DB_OK)
		return sg_h_db_error(resp, rc);
	if ((rc = db_exec(app->db, q, "ii", st.id, id)) != DB_OK)
		return sg_h_db_error(resp, rc);
	if ((rc = db_fetch(app->db, q)) <= 0) {
		db_done(app->db, q);
		if (rc < 0)
			return sg_h_db_error(resp, rc);
		sg_resp_error(resp, 404, "not_found", "no such grant", NULL);
		return SG_H_OK;
	}
	if (strcmp(db_col_str(app->db, q, 8, NULL), "void") == 0) {
		db_done(app->db, q);
		sg_resp_error(resp, 409, "conflict",
		    "the grant is void (its order was cancelled)", "id");
		return SG_H_OK;
	}
	o = grant_json(app->db, q);
	db_done(app->db, q);
	return api_send(resp, 200, o);
}

/* The product of the current row of q (SQL_API_PRODUCT_GET columns). */
static cJSON *
product_json(struct sg_db *db, enum sqlstmt q)
{
	const char	*v;
	sg_usec_t	 t;
	cJSON		*o, *vars = NULL;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if ((v = db_col_str(db, q, 4, NULL)) != NULL)
		vars = cJSON_Parse(v);
	if (vars == NULL)
		vars = cJSON_CreateArray();
	db_col_time(db, q, 5, &t);
	if (cJSON_AddStringToObject(o, "id", db_col_str(db, q, 0, NULL)) == NULL ||
	    cJSON_AddStringToObject(o, "title", db_col_str(db, q, 1, NULL)) == NULL ||
	    cJSON_AddNumberToObject(o, "price", (double)db_col_i64(db, q, 2)) == NULL ||
	    !cJSON_AddItemToObject(o, "image_url", db_col_isnull(db, q, 3) ?
	    cJSON_CreateNull() : cJSON_CreateString(db_col_str(db, q, 3, NULL))) ||
	    !cJSON_AddItemToObject(o, "variants", vars) ||
	    !cJSON_AddItemToObject(o, "updated_at", api_time_json(1, t))) {
		if (vars != NULL && cJSON_GetObjectItem(o, "variants") != vars)
			cJSON_Delete(vars);
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int
field_err(struct sg_resp *resp, enum sg_verr code, const char *field,
    const char *msg)
{
	sg_resp_error(resp, 422, sg_verr_code(code), msg, field);
	return 0;
}

/* A one-line title of 1..SG_TITLE_MAX chars. */
static enum sg_verr
title_check(const cJSON *t)
{
	if (t == NULL || cJSON_IsNull(t))
		return SG_VERR_REQUIRED;
	if (!cJSON_IsString(t))
		return SG_VERR_INVALID_TYPE;
	return sg_text_check(t->valuestring, strlen(t->valuestring), 1,
	    SG_TITLE_MAX, 0, 0, NULL);
}

/*
 * The first of the known keys names (NULL-terminated) that object o holds
 * more than once, or NULL.  cJSON keeps both members and its lookups see
 * only the first: a repeated key is refused (422 duplicate), as for every
 * other body.
 */
static const char *
product_dup_key(const cJSON *o, const char *const *names)
{
	const cJSON	*c;
	size_t		 i, n;

	for (i = 0; names[i] != NULL; i++) {
		n = 0;
		for (c = o->child; c != NULL; c = c->next)
			if (c->string != NULL && strcmp(c->string, names[i]) == 0)
				n++;
		if (n > 1)
			return names[i];
	}
	return NULL;
}

/*
 * Validate a product body into the parts to store.  *variants is a new
 * JSON array text (malloc'd) or NULL.  Returns 1, or 0 with resp answered.
 */
static int
product_parse(const cJSON *b, struct sg_resp *resp, const char **title,
    int64_t *price, const char **image, char **variants)
{
	static const char *const product_keys[] = { "title", "price",
	    "image_url", "variants", NULL };
	static const char *const variant_keys[] = { "id", "title", NULL };
	const cJSON	*t, *p, *im, *vs, *v, *vid, *vt;
	const char	*dup;
	cJSON		*out = NULL, *x;
	char		 field[64];
	enum sg_verr	 e;
	int		 i = 0;

	*variants = NULL;
	if ((dup = product_dup_key(b, product_keys)) != NULL)
		return field_err(resp, SG_VERR_DUPLICATE, dup,
		    "a key appears more than once");
	t = cJSON_GetObjectItemCaseSensitive(b, "title");
	if ((e = title_check(t)) != SG_VERR_OK)
		return field_err(resp, e, "title", "title must be 1 to 200 characters "
		    "on one line");
	*title = t->valuestring;
	p = cJSON_GetObjectItemCaseSensitive(b, "price");
	*price = 0;
	if (p != NULL && !cJSON_IsNull(p)) {
		if (!cJSON_IsNumber(p))
			return field_err(resp, SG_VERR_INVALID_TYPE, "price",
			    "price must be an integer");
		if (p->valuedouble != (double)(int64_t)p->valuedouble ||
		    p->valuedouble < 0 || p->valuedouble > (double)SG_PRICE_MAX)
			return field_err(resp, SG_VERR_OUT_OF_RANGE, "price",
			    "price must be an integer from 0 to 10^12");
		*price = (int64_t)p->valuedouble;
	}
	im = cJSON_GetObjectItemCaseSensitive(b, "image_url");
	*image = NULL;
	if (im != NULL && !cJSON_IsNull(im)) {
		if (!cJSON_IsString(im))
			return field_err(resp, SG_VERR_INVALID_TYPE, "image_url",
			    "image_url must be a string");
		if ((e = sg_image_url_check(im->valuestring)) != SG_VERR_OK)
			return field_err(resp, e, "image_url",
			    "image_url must be an http(s) URL or a /media/ path");
		*image = im->valuestring;
	}
	vs = cJSON_GetObjectItemCaseSensitive(b, "variants");
	if (vs == NULL || cJSON_IsNull(vs))
		return 1;
	if (!cJSON_IsArray(vs))
		return field_err(resp, SG_VERR_INVALID_TYPE, "variants",
		    "variants must be an array");
	if (cJSON_GetArraySize(vs) > API_PRODUCT_VARIANTS_MAX)
		return field_err(resp, SG_VERR_TOO_MANY, "variants",
		    "at most 100 variants");
	if ((out = cJSON_CreateArray()) == NULL)
		goto nomem;
	cJSON_ArrayForEach(v, vs) {
		vid = cJSON_GetObjectItemCaseSensitive(v, "id");
		vt = cJSON_GetObjectItemCaseSensitive(v, "title");
		if (cJSON_IsObject(v) &&
		    (dup = product_dup_key(v, variant_keys)) != NULL) {
			cJSON_Delete(out);
			snprintf(field, sizeof(field), "variants[%d].%s", i, dup);
			return field_err(resp, SG_VERR_DUPLICATE, field,
			    "a key appears more than once");
		}
		snprintf(field, sizeof(field), "variants[%d].id", i);
		if (!cJSON_IsObject(v) || !cJSON_IsString(vid) ||
		    (e = sg_extid_check(vid->valuestring)) != SG_VERR_OK) {
			cJSON_Delete(out);
			return field_err(resp, cJSON_IsObject(v) && vid == NULL ?
			    SG_VERR_REQUIRED : SG_VERR_INVALID, field,
			    "a variant needs an id (1-64 characters)");
		}
		snprintf(field, sizeof(field), "variants[%d].title", i);
		if (vt != NULL && !cJSON_IsNull(vt) &&
		    (e = title_check(vt)) != SG_VERR_OK) {
			cJSON_Delete(out);
			return field_err(resp, e, field,
			    "a variant title is 1 to 200 characters on one line");
		}
		if ((x = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(out, x) ||
		    cJSON_AddStringToObject(x, "id", vid->valuestring) == NULL ||
		    cJSON_AddStringToObject(x, "title", cJSON_IsString(vt) ?
		    vt->valuestring : "") == NULL)
			goto nomem;
		i++;
	}
	if ((*variants = cJSON_PrintUnformatted(out)) == NULL)
		goto nomem;
	cJSON_Delete(out);
	return 1;
nomem:
	cJSON_Delete(out);
	sg_h_internal(resp);
	return 0;
}

/* Answer product id of the store with status. */
static int
product_answer(struct sg_app *app, int64_t store_id, const char *id,
    int status, struct sg_resp *resp)
{
	const enum sqlstmt	 q = SQL_API_PRODUCT_GET;
	cJSON			*o;
	int			 rc;

	if ((rc = db_exec(app->db, q, "is", store_id, id)) != DB_OK)
		return sg_h_db_error(resp, rc);
	if ((rc = db_fetch(app->db, q)) <= 0) {
		db_done(app->db, q);
		if (rc < 0)
			return sg_h_db_error(resp, rc);
		sg_resp_error(resp, 404, "not_found", "no such product", NULL);
		return SG_H_OK;
	}
	o = product_json(app->db, q);
	db_done(app->db, q);
	return api_send(resp, status, o);
}

/*
 * PUT /api/v1/products/{id}
 * Input: {"title", "price", "image_url", "variants":[{"id","title"}]}
 * (title required).  201 created, 200 replaced; 400; 401; 404 bad id;
 * 422 invalid field.
 */
int
h_api_product_put(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store	 st;
	const char	*title, *image;
	char		*variants = NULL;
	cJSON		*body;
	int64_t		 price;
	int		 hrc, rc, created;

	if (!api_auth(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_extid_check(req->args[0]) != SG_VERR_OK) {
		sg_resp_error(resp, 404, "not_found",
		    "a product id is 1-64 characters of A-Z a-z 0-9 -._~:@!$&'()*+,;=",
		    NULL);
		return SG_H_OK;
	}
	if (!api_body(req, resp, &body))
		return SG_H_OK;
	if (!product_parse(body, resp, &title, &price, &image, &variants)) {
		cJSON_Delete(body);
		return SG_H_OK;
	}
	/*
	 * One transaction: the upsert (1 affected row is an insert, 2 or 0 an
	 * update), then the version of the campaigns that show this product
	 * as a gift, so no widget caches the new title under the old version.
	 */
	created = 0;
	if ((rc = db_exec(app->db, SQL_API_TX_READ_COMMITTED, "")) == DB_OK &&
	    (rc = db_begin(app->db)) == DB_OK) {
		if ((rc = db_exec(app->db, SQL_PRODUCT_UPSERT, "ississ", st.id,
		    req->args[0], title, price, image, variants)) == DB_OK)
			created = db_affected(app->db, SQL_PRODUCT_UPSERT) == 1;
		if (rc == DB_OK)
			rc = db_exec(app->db, SQL_API_PRODUCT_CAMPAIGNS_BUMP, "is",
			    st.id, req->args[0]);
		if (rc == DB_OK)
			rc = db_commit(app->db);
		if (rc != DB_OK)
			db_rollback(app->db);
	}
	cJSON_Delete(body);
	free(variants);
	if (rc < 0)
		return sg_h_db_error(resp, rc);
	return product_answer(app, st.id, req->args[0], created ? 201 : 200, resp);
}

/*
 * GET /api/v1/products?q=TEXT
 * 200 {"products":[…]} (at most 50, by id) whose title contains q or whose
 * id starts with q; without q the first 50.  401; 422 q too long.
 */
int
h_api_product_search(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	const enum sqlstmt	 q = SQL_API_PRODUCT_SEARCH;
	struct db_store		 st;
	struct sg_form		 f;
	const char		*text;
	char			*pat = NULL, *pre = NULL, *w;
	size_t			 i, len;
	cJSON			*o = NULL, *arr, *x;
	int			 hrc, rc;

	if (!api_auth(app, req, resp, &st, &hrc))
		return hrc;
	sg_form_init(&f);
	if (sg_form_parse(&f, req->query, strlen(req->query)) != SG_FORM_OK) {
		sg_form_free(&f);
		sg_resp_error(resp, 400, "malformed", "the query string is malformed", NULL);
		return SG_H_OK;
	}
	if ((text = sg_form_get(&f, "q")) == NULL)
		text = "";
	len = strlen(text);
	if (sg_text_check(text, len, 0, API_PRODUCT_Q_MAX, 0, 0, NULL) != SG_VERR_OK) {
		sg_form_free(&f);
		sg_resp_error(resp, 422, "invalid",
		    "q is at most 200 characters of text", "q");
		return SG_H_OK;
	}
	/* LIKE patterns with the wildcards of the query escaped. */
	if ((pat = malloc(2 * len + 3)) == NULL || (pre = malloc(2 * len + 2)) == NULL)
		goto nomem;
	w = pat;
	*w++ = '%';
	for (i = 0; i < len; i++) {
		if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
			*w++ = '\\';
		*w++ = text[i];
	}
	*w++ = '%';
	*w = '\0';
	memcpy(pre, pat + 1, (size_t)(w - pat - 1));
	pre[w - pat - 1] = '\0';
	if ((o = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(o, "products")) == NULL)
		goto nomem;
	if ((rc = db_exec(app->db, q, "issi", st.id, pat, pre,
	    (int64_t)API_PRODUCTS_PAGE)) != DB_OK)
		goto dberr;
	while ((rc = db_fetch(app->db, q)) > 0)
		if ((x = product_json(app->db, q)) == NULL ||
		    !cJSON_AddItemToArray(arr, x)) {
			db_done(app->db, q);
			goto nomem;
		}
	db_done(app->db, q);
	if (rc < 0)
		goto dberr;
	free(pat);
	free(pre);
	sg_form_free(&f);
	return api_send(resp, 200, o);
dberr:
	free(pat);
	free(pre);
	cJSON_Delete(o);
	sg_form_free(&f);
	return sg_h_db_error(resp, rc);
nomem:
	free(pat);
	free(pre);
	cJSON_Delete(o);
	sg_form_free(&f);
	sg_h_internal(resp);
	return SG_H_OK;
}
