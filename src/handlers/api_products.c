/*
 * api_products.c — the product catalog: PUT /api/v1/products/{id},
 * GET /api/v1/products?q=.  Validation is domain/product.h's, the write
 * service/product.h's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "db/db.h"
#include "db/product.h"
#include "handlers/routes_api.h"
#include "service/product.h"
#include "util/form.h"
#include "util/json.h"

/* Products per search answer; longest query (chars). */
#define API_PRODUCTS_PAGE	50
#define API_PRODUCT_Q_MAX	200

/* The product object of the API (variants: the stored array, or []). */
static cJSON *
product_json(const struct db_product *p)
{
	cJSON	*o, *vars = NULL;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (p->variants != NULL &&
	    (vars = cJSON_Parse(p->variants)) != NULL &&
	    sg_json_exact_numbers(vars) == -1) {
		cJSON_Delete(vars);
		cJSON_Delete(o);
		return NULL;
	}
	if (vars == NULL)
		vars = cJSON_CreateArray();
	if (!sg_json_add_str(o, "id", 1, p->id) ||
	    !sg_json_add_str(o, "title", 1, p->title) ||
	    !sg_json_add_num(o, "price", p->price) ||
	    !sg_json_add_str(o, "image_url", p->has_image, p->image_url)) {
		cJSON_Delete(vars);
		cJSON_Delete(o);
		return NULL;
	}
	/* sg_json_add_item() frees vars when it cannot add it. */
	if (!sg_json_add_item(o, "variants", vars) ||
	    !sg_json_add_item(o, "updated_at", api_time_json(1, p->updated_at))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Answer product id of the store with status. */
static int
product_answer(struct sg_app *app, int64_t store_id, const char *id,
    int status, struct sg_resp *resp)
{
	struct db_product	*p;
	cJSON			*o;
	int			 rc;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	if ((rc = db_product_get(app->db, store_id, id, p)) <= 0) {
		db_product_clear(p);
		free(p);
		if (rc < 0)
			return sg_h_db_error(resp, rc);
		sg_resp_error(resp, 404, "not_found", "no such product", NULL);
		return SG_H_OK;
	}
	o = product_json(p);
	db_product_clear(p);
	free(p);
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
	struct db_store		 st;
	struct sg_product_input	 in;
	struct sg_verror	 err;
	cJSON			*body;
	int			 hrc, rc, created;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_extid_check(req->args[0]) != SG_VERR_OK) {
		sg_resp_error(resp, 404, "not_found",
		    "a product id is 1-64 characters of A-Z a-z 0-9 -._~:@!$&'()*+,;=",
		    NULL);
		return SG_H_OK;
	}
	if (!api_body_or_reply(req, resp, &body))
		return SG_H_OK;
	memset(&err, 0, sizeof(err));
	if ((rc = sg_product_parse(body, &in, &err)) != SG_PARSE_OK) {
		cJSON_Delete(body);
		if (rc == SG_PARSE_NOMEM)
			sg_h_internal(resp);
		else
			api_verror(resp, 422, &err);
		return SG_H_OK;
	}
	if (!api_body_rest_or_reply(req, resp)) {
		cJSON_Delete(body);
		sg_product_input_free(&in);
		return SG_H_OK;
	}
	rc = svc_product_put(app->db, st.id, req->args[0], &in, &created);
	cJSON_Delete(body);
	sg_product_input_free(&in);
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
	struct db_store		 st;
	struct sg_form		 f;
	struct db_product	*pv = NULL;
	const char		*text;
	size_t			 n = 0, i;
	cJSON			*o = NULL, *arr;
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	sg_form_init(&f);
	if (sg_form_parse(&f, req->query, strlen(req->query)) != SG_FORM_OK) {
		sg_form_free(&f);
		sg_resp_error(resp, 400, "malformed", "the query string is malformed", NULL);
		return SG_H_OK;
	}
	if ((text = sg_form_get(&f, "q")) == NULL)
		text = "";
	if (sg_text_check(text, strlen(text), 0, API_PRODUCT_Q_MAX, 0, 0,
	    NULL) != SG_VERR_OK) {
		sg_form_free(&f);
		sg_resp_error(resp, 422, "invalid",
		    "q is at most 200 characters of text", "q");
		return SG_H_OK;
	}
	if ((rc = db_product_search(app->db, st.id, text, API_PRODUCTS_PAGE, &pv,
	    &n)) != DB_OK) {
		sg_form_free(&f);
		return sg_h_db_error(resp, rc);
	}
	if ((o = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(o, "products")) == NULL)
		goto nomem;
	for (i = 0; i < n; i++)
		if (!sg_json_append(arr, product_json(&pv[i])))
			goto nomem;
	db_products_free(pv, n);
	sg_form_free(&f);
	return api_send(resp, 200, o);
nomem:
	db_products_free(pv, n);
	cJSON_Delete(o);
	sg_form_free(&f);
	sg_h_internal(resp);
	return SG_H_OK;
}
