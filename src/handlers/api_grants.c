/*
 * api_grants.c — the grant queue: GET /api/v1/grants,
 * POST /api/v1/grants/{id}/fulfill.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "db/campaign.h"
#include "db/db.h"
#include "db/grant.h"
#include "handlers/routes_api.h"
#include "service/grant.h"
#include "util/form.h"
#include "util/json.h"
#include "util/parse.h"

/* Grants per page (default and most). */
#define API_GRANTS_PAGE		100
#define API_GRANTS_PAGE_MAX	500

/*
 * The grant object of the API.  "position" is its place in the queue
 * (commit order; the value a cursor resumes after), null while no reader
 * of the queue has given it one yet.
 */
static cJSON *
grant_json(const struct db_grant *g)
{
	cJSON	*o;
	char	 pos[24];

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	snprintf(pos, sizeof(pos), "%lld", (long long)g->position);
	if (!sg_json_add_num(o, "id", g->id) ||
	    !sg_json_add_str(o, "order_id", 1, g->order_id) ||
	    !sg_json_add_str(o, "campaign", 1, g->campaign) ||
	    !sg_json_add_num(o, "milestone_id", g->milestone_id) ||
	    !sg_json_add_str(o, "backer", 1, g->backer) ||
	    !sg_json_add_str(o, "product_id", 1, g->product_id) ||
	    !sg_json_add_str(o, "variant_id", g->has_variant, g->variant_id) ||
	    !sg_json_add_num(o, "quantity", g->quantity) ||
	    !sg_json_add_str(o, "status", 1, g->status) ||
	    !sg_json_add_item(o, "created_at", api_time_json(1, g->created_at)) ||
	    !sg_json_add_str(o, "position", g->position > 0, pos)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Query parameter key of f, NULL when absent or empty. */
static const char *
query_opt(const struct sg_form *f, const char *key)
{
	const char	*v = sg_form_get(f, key);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

/*
 * The filter of GET /api/v1/grants from the parsed query f into *flt
 * (flt->status points into f).  Returns 1, or 0 with resp answered (404,
 * 422) or *hrc set to the SG_H_* code of a database failure.
 */
static int
grant_filter_or_reply(struct sg_app *app, int64_t store_id,
    const struct sg_form *f, struct db_grant_filter *flt,
    struct sg_resp *resp, int *hrc)
{
	struct db_campaign	*c;
	const char		*camp, *after, *lim;
	int			 rc;

	*hrc = SG_H_OK;
	memset(flt, 0, sizeof(*flt));
	flt->limit = API_GRANTS_PAGE;
	flt->status = query_opt(f, "status");
	camp = query_opt(f, "campaign");
	after = query_opt(f, "after");
	lim = sg_form_get(f, "limit");
	if (flt->status != NULL && strcmp(flt->status, "pending") != 0 &&
	    strcmp(flt->status, "fulfilled") != 0 &&
	    strcmp(flt->status, "void") != 0) {
		sg_resp_error(resp, 422, "invalid",
		    "status must be pending, fulfilled or void", "status");
		return 0;
	}
	if (after != NULL && sg_parse_uint(after, API_ID_MAX, &flt->after) == -1) {
		sg_resp_error(resp, 422, "invalid",
		    "after must be a queue position (next_after)", "after");
		return 0;
	}
	if (lim != NULL && sg_parse_uint(lim, API_GRANTS_PAGE_MAX, &flt->limit) == -1) {
		sg_resp_error(resp, 422, "out_of_range", "limit must be 1 to 500", "limit");
		return 0;
	}
	if (camp == NULL)
		return 1;
	if (sg_slug_check(camp) != SG_VERR_OK) {
		sg_resp_error(resp, 404, "not_found", "no such campaign", "campaign");
		return 0;
	}
	if ((c = malloc(sizeof(*c))) == NULL) {
		sg_h_internal(resp);
		return 0;
	}
	if ((rc = db_campaign_get_by_slug(app->db, store_id, camp, 0, c)) > 0)
		flt->campaign_id = c->id;
	free(c);
	if (rc < 0) {
		*hrc = sg_h_db_error(resp, rc);
		return 0;
	}
	if (rc == 0) {
		sg_resp_error(resp, 404, "not_found", "no such campaign", "campaign");
		return 0;
	}
	return 1;
}

/*
 * GET /api/v1/grants?status=pending|fulfilled|void&campaign=SLUG&after=POS&limit=N
 * 200 {"grants":[…], "next_after": "POS" or null}, in queue (commit)
 * order; after is a position (a next_after, or a grant's "position"); 400
 * malformed query; 401; 404 unknown campaign; 422 bad status, after or
 * limit.
 */
int
h_api_grant_list(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_form		 f;
	struct db_grant_filter	 flt;
	struct db_grant		*gv = NULL;
	cJSON			*o = NULL, *arr;
	char			 next[24];
	size_t			 n = 0, i;
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	sg_form_init(&f);
	if (sg_form_parse(&f, req->query, strlen(req->query)) != SG_FORM_OK) {
		sg_form_free(&f);
		sg_resp_error(resp, 400, "malformed", "the query string is malformed", NULL);
		return SG_H_OK;
	}
	if (!grant_filter_or_reply(app, st.id, &f, &flt, resp, &hrc)) {
		sg_form_free(&f);
		return hrc;
	}
	/* One more than a page tells whether there is a next one. */
	flt.limit++;
	rc = svc_grant_list(app->db, st.id, &flt, &gv, &n);
	flt.limit--;
	sg_form_free(&f);
	if (rc != DB_OK)
		return sg_h_db_error(resp, rc);
	if ((o = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_AddArrayToObject(o, "grants")) == NULL)
		goto nomem;
	for (i = 0; i < n && i < (size_t)flt.limit; i++)
		if (!sg_json_append(arr, grant_json(&gv[i])))
			goto nomem;
	snprintf(next, sizeof(next), "%lld", i > 0 ? (long long)gv[i - 1].position : 0LL);
	if (!sg_json_add_str(o, "next_after", n > (size_t)flt.limit, next))
		goto nomem;
	free(gv);
	return api_send(resp, 200, o);
nomem:
	free(gv);
	cJSON_Delete(o);
	sg_h_internal(resp);
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
	struct db_store	 st;
	struct db_grant	 g;
	int64_t		 id;
	int		 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_parse_uint(req->args[0], API_ID_MAX, &id) == -1) {
		sg_resp_error(resp, 404, "not_found", "no such grant", NULL);
		return SG_H_OK;
	}
	switch ((rc = svc_grant_fulfill(app->db, st.id, id, &g))) {
	case SVC_OK:
		return api_send(resp, 200, grant_json(&g));
	case SVC_NOT_FOUND:
		sg_resp_error(resp, 404, "not_found", "no such grant", NULL);
		return SG_H_OK;
	case SVC_CONFLICT:
		sg_resp_error(resp, 409, "conflict",
		    "the grant is void (its order was cancelled)", "id");
		return SG_H_OK;
	default:
		return sg_h_db_error(resp, rc < 0 ? rc : DB_ERR);
	}
}
