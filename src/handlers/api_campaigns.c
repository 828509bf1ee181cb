/*
 * api_campaigns.c — campaigns and milestones over JSON:
 * POST/GET /api/v1/campaigns, GET/PATCH/DELETE /api/v1/campaigns/{slug},
 * POST /api/v1/campaigns/{slug}/milestones,
 * PATCH/DELETE /api/v1/campaigns/{slug}/milestones/{id}.
 * The work is done by service/campaign.h; these handlers authenticate,
 * validate, and choose the status.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "db/campaign.h"
#include "db/milestone.h"
#include "db/db.h"
#include "handlers/routes_api.h"
#include "service/campaign.h"
#include "util/form.h"
#include "util/json.h"
#include "util/parse.h"

/* Campaigns per page of GET /api/v1/campaigns (default and most). */
#define API_CAMPAIGNS_PAGE	50
#define API_CAMPAIGNS_PAGE_MAX	100
/* JSON of the campaigns of one list page, at most (one always fits). */
#define API_CAMPAIGNS_BYTES_MAX	(6u * 1024u * 1024u)

/*
 * Answer the campaign called slug of st with status.  404 when it is gone
 * (deleted between the write and this read).
 */
static int
campaign_answer(struct sg_app *app, const struct db_store *st,
    const char *slug, int status, struct sg_resp *resp)
{
	struct db_campaign	*c;
	cJSON			*o;
	int			 rc;

	if ((c = malloc(sizeof(*c))) == NULL) {
		sg_h_internal(resp);
		return SG_H_OK;
	}
	if ((rc = db_campaign_get_by_slug(app->db, st->id, slug, 0, c)) <= 0 ||
	    (rc = db_campaign_products_load(app->db, c)) < 0) {
		free(c);
		if (rc == 0) {
			sg_resp_error(resp, 404, "not_found", "no such campaign", NULL);
			return SG_H_OK;
		}
		return sg_h_db_error(resp, rc);
	}
	o = api_campaign_json(app, st, c, &rc);
	free(c);
	if (o == NULL && rc < 0)
		return sg_h_db_error(resp, rc);
	return api_send(resp, status, o);
}

/*
 * POST /api/v1/campaigns
 * Input: a campaign object (slug, title, goal_kind, goal required).
 * 201 the campaign; 400 malformed; 401; 409 slug taken; 422 invalid field.
 */
int
h_api_campaign_create(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_campaign_input in;
	struct sg_verror	 err;
	cJSON			*body;
	char			 slug[SG_SLUG_MAX + 1];
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (!api_body_or_reply(req, resp, &body))
		return SG_H_OK;
	memset(&err, 0, sizeof(err));
	if (sg_campaign_parse(body, 0, &in, &err) != SG_PARSE_OK) {
		api_verror(resp, 422, &err);
		cJSON_Delete(body);
		return SG_H_OK;
	}
	if (!api_body_rest_or_reply(req, resp)) {
		cJSON_Delete(body);
		return SG_H_OK;
	}
	rc = svc_campaign_create(app->db, st.id, &in, NULL, &err);
	snprintf(slug, sizeof(slug), "%s", in.slug);
	cJSON_Delete(body);
	if (rc != SVC_OK)
		return api_svc_error(resp, rc, &err);
	return campaign_answer(app, &st, slug, 201, resp);
}

/* One page of GET /api/v1/campaigns being built (list_row()). */
struct list_page {
	struct sg_app		*app;
	const struct db_store	*st;
	cJSON			*o, *arr;
	int64_t			 limit, n;
	size_t			 bytes;
	char			 last[SG_SLUG_MAX + 1];
	int			 nomem;
};

/* The page ends before c: "next_after" is the last slug shown. */
static int
list_end(struct list_page *pg)
{
	if (!sg_json_add_str(pg->o, "next_after", 1, pg->last)) {
		pg->nomem = 1;
		return DB_ERR;
	}
	return 1;
}

static int
list_row(void *arg, struct db_campaign *c)
{
	struct list_page	*pg = arg;
	cJSON			*x;
	char			*text;
	size_t			 len;
	int			 rc;

	if (pg->n == pg->limit)
		return list_end(pg);
	if ((rc = db_campaign_products_load(pg->app->db, c)) < 0)
		return rc;
	if ((x = api_campaign_json(pg->app, pg->st, c, &rc)) == NULL) {
		if (rc < 0)
			return rc;
		pg->nomem = 1;
		return DB_ERR;
	}
	/*
	 * A page also ends before API_CAMPAIGNS_BYTES_MAX of JSON, so that it
	 * fits in a response whatever the milestones' texts.
	 */
	if ((text = cJSON_PrintUnformatted(x)) == NULL) {
		cJSON_Delete(x);
		pg->nomem = 1;
		return DB_ERR;
	}
	len = strlen(text);
	free(text);
	if (pg->n > 0 && pg->bytes + len > API_CAMPAIGNS_BYTES_MAX) {
		cJSON_Delete(x);
		return list_end(pg);
	}
	pg->bytes += len;
	pg->n++;
	snprintf(pg->last, sizeof(pg->last), "%s", c->slug);
	cJSON_AddItemToArray(pg->arr, x);
	return 0;
}

/*
 * GET /api/v1/campaigns?after=SLUG&limit=N
 * 200 {"campaigns":[…], "next_after": slug or null}, by slug; a page
 * holds at most limit campaigns and API_CAMPAIGNS_BYTES_MAX of JSON (at
 * least one campaign); 401; 422 bad limit or after.
 */
int
h_api_campaign_list(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_form		 f;
	struct db_campaign	*c = NULL;
	struct list_page	 pg;
	const char		*after, *lim;
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	memset(&pg, 0, sizeof(pg));
	pg.app = app;
	pg.st = &st;
	pg.limit = API_CAMPAIGNS_PAGE;
	sg_form_init(&f);
	if (sg_form_parse(&f, req->query, strlen(req->query)) != SG_FORM_OK) {
		sg_form_free(&f);
		sg_resp_error(resp, 400, "malformed", "the query string is malformed", NULL);
		return SG_H_OK;
	}
	after = sg_form_get(&f, "after");
	if (after == NULL)
		after = "";
	else if (sg_slug_check(after) != SG_VERR_OK) {
		sg_form_free(&f);
		sg_resp_error(resp, 422, "invalid", "after must be a campaign slug", "after");
		return SG_H_OK;
	}
	if ((lim = sg_form_get(&f, "limit")) != NULL &&
	    sg_parse_uint(lim, API_CAMPAIGNS_PAGE_MAX, &pg.limit) == -1) {
		sg_form_free(&f);
		sg_resp_error(resp, 422, "out_of_range", "limit must be 1 to 100", "limit");
		return SG_H_OK;
	}
	if ((c = malloc(sizeof(*c))) == NULL || (pg.o = cJSON_CreateObject()) == NULL ||
	    (pg.arr = cJSON_AddArrayToObject(pg.o, "campaigns")) == NULL)
		goto nomem;
	/* One more than a page tells whether there is a next one. */
	rc = db_campaign_list(app->db, st.id, after, pg.limit + 1, c, list_row, &pg);
	if (pg.nomem)
		goto nomem;
	if (rc < 0) {
		free(c);
		cJSON_Delete(pg.o);
		sg_form_free(&f);
		return sg_h_db_error(resp, rc);
	}
	if (cJSON_GetObjectItem(pg.o, "next_after") == NULL &&
	    cJSON_AddNullToObject(pg.o, "next_after") == NULL)
		goto nomem;
	free(c);
	sg_form_free(&f);
	return api_send(resp, 200, pg.o);
nomem:
	free(c);
	cJSON_Delete(pg.o);
	sg_form_free(&f);
	sg_h_internal(resp);
	return SG_H_OK;
}

/*
 * GET /api/v1/campaigns/{slug}
 * 200 the campaign; 401; 404 unknown (or another store's).
 */
int
h_api_campaign_get(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store	 st;
	int		 hrc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_slug_check(req->args[0]) != SG_VERR_OK) {
		sg_resp_error(resp, 404, "not_found", "no such campaign", NULL);
		return SG_H_OK;
	}
	return campaign_answer(app, &st, req->args[0], 200, resp);
}

/*
 * PATCH /api/v1/campaigns/{slug}
 * Input: any campaign fields.  200 the campaign; 400; 401; 404; 409 slug
 * taken or goal_kind after orders; 422 invalid field.
 */
int
h_api_campaign_patch(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_campaign_input in;
	struct sg_verror	 err;
	cJSON			*body;
	char			 slug[SG_SLUG_MAX + 1];
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_slug_check(req->args[0]) != SG_VERR_OK) {
		sg_resp_error(resp, 404, "not_found", "no such campaign", NULL);
		return SG_H_OK;
	}
	if (!api_body_or_reply(req, resp, &body))
		return SG_H_OK;
	memset(&err, 0, sizeof(err));
	if (sg_campaign_parse(body, 1, &in, &err) != SG_PARSE_OK) {
		api_verror(resp, 422, &err);
		cJSON_Delete(body);
		return SG_H_OK;
	}
	if (!api_body_rest_or_reply(req, resp)) {
		cJSON_Delete(body);
		return SG_H_OK;
	}
	rc = svc_campaign_update(app->db, st.id, req->args[0], &in, NULL, &err);
	snprintf(slug, sizeof(slug), "%s",
	    (in.has & SG_CF_SLUG) ? in.slug : req->args[0]);
	cJSON_Delete(body);
	if (rc != SVC_OK)
		return api_svc_error(resp, rc, &err);
	return campaign_answer(app, &st, slug, 200, resp);
}

/*
 * DELETE /api/v1/campaigns/{slug}
 * 204; 401; 404; 409 when orders have counted in it.
 */
int
h_api_campaign_delete(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_verror	 err;
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_slug_check(req->args[0]) != SG_VERR_OK) {
		sg_resp_error(resp, 404, "not_found", "no such campaign", NULL);
		return SG_H_OK;
	}
	memset(&err, 0, sizeof(err));
	if ((rc = svc_campaign_delete(app->db, st.id, req->args[0], &err)) != SVC_OK)
		return api_svc_error(resp, rc, &err);
	resp->status = 204;
	return SG_H_OK;
}

/* Answer milestone id of campaign slug with status. */
static int
milestone_answer(struct sg_app *app, const struct db_store *st,
    const char *slug, int64_t id, int status, struct sg_resp *resp)
{
	struct db_campaign	*c;
	struct db_milestone	*m;
	int			 rc;

	c = malloc(sizeof(*c));
	m = malloc(sizeof(*m));
	if (c == NULL || m == NULL) {
		free(c);
		free(m);
		sg_h_internal(resp);
		return SG_H_OK;
	}
	if ((rc = db_campaign_get_by_slug(app->db, st->id, slug, 0, c)) > 0)
		rc = db_milestone_get(app->db, c->id, id, m);
	free(c);
	if (rc <= 0) {
		free(m);
		if (rc == 0) {
			sg_resp_error(resp, 404, "not_found", "no such milestone", NULL);
			return SG_H_OK;
		}
		return sg_h_db_error(resp, rc);
	}
	rc = api_send(resp, status, api_milestone_json(m));
	free(m);
	return rc;
}

/*
 * POST /api/v1/campaigns/{slug}/milestones
 * Input: a milestone object (target, title required).  201 the milestone
 * (reached at once when target <= progress, or <= backers for metric
 * "backers"); 400; 401; 404 campaign; 409 target taken in its metric;
 * 422 invalid field.
 */
int
h_api_milestone_create(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_milestone_input in;
	struct sg_verror	 err;
	cJSON			*body;
	int64_t			 id = 0;
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_slug_check(req->args[0]) != SG_VERR_OK) {
		sg_resp_error(resp, 404, "not_found", "no such campaign", NULL);
		return SG_H_OK;
	}
	if (!api_body_or_reply(req, resp, &body))
		return SG_H_OK;
	memset(&err, 0, sizeof(err));
	if (sg_milestone_parse(body, 0, &in, &err) != SG_PARSE_OK) {
		api_verror(resp, 422, &err);
		cJSON_Delete(body);
		return SG_H_OK;
	}
	if (!api_body_rest_or_reply(req, resp)) {
		cJSON_Delete(body);
		return SG_H_OK;
	}
	rc = svc_milestone_create(app->db, st.id, req->args[0], &in, &id, NULL, &err);
	cJSON_Delete(body);
	if (rc != SVC_OK)
		return api_svc_error(resp, rc, &err);
	return milestone_answer(app, &st, req->args[0], id, 201, resp);
}

/*
 * PATCH /api/v1/campaigns/{slug}/milestones/{id}
 * 200 the milestone; 400; 401; 404; 409 rule 9 or target taken; 422.
 */
int
h_api_milestone_patch(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_milestone_input in;
	struct sg_verror	 err;
	cJSON			*body;
	int64_t			 id;
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_slug_check(req->args[0]) != SG_VERR_OK ||
	    sg_parse_uint(req->args[1], API_ID_MAX, &id) == -1) {
		sg_resp_error(resp, 404, "not_found", "no such milestone", NULL);
		return SG_H_OK;
	}
	if (!api_body_or_reply(req, resp, &body))
		return SG_H_OK;
	memset(&err, 0, sizeof(err));
	if (sg_milestone_parse(body, 1, &in, &err) != SG_PARSE_OK) {
		api_verror(resp, 422, &err);
		cJSON_Delete(body);
		return SG_H_OK;
	}
	if (!api_body_rest_or_reply(req, resp)) {
		cJSON_Delete(body);
		return SG_H_OK;
	}
	rc = svc_milestone_update(app->db, st.id, req->args[0], id, &in, NULL, &err);
	cJSON_Delete(body);
	if (rc != SVC_OK)
		return api_svc_error(resp, rc, &err);
	return milestone_answer(app, &st, req->args[0], id, 200, resp);
}

/*
 * DELETE /api/v1/campaigns/{slug}/milestones/{id}
 * 204; 401; 404; 409 when reached.
 */
int
h_api_milestone_delete(struct sg_app *app, const struct sg_req *req,
    struct sg_resp *resp)
{
	struct db_store		 st;
	struct sg_verror	 err;
	int64_t			 id;
	int			 hrc, rc;

	if (!api_auth_or_reply(app, req, resp, &st, &hrc))
		return hrc;
	if (sg_slug_check(req->args[0]) != SG_VERR_OK ||
	    sg_parse_uint(req->args[1], API_ID_MAX, &id) == -1) {
		sg_resp_error(resp, 404, "not_found", "no such milestone", NULL);
		return SG_H_OK;
	}
	memset(&err, 0, sizeof(err));
	rc = svc_milestone_delete(app->db, st.id, req->args[0], id, &err);
	if (rc != SVC_OK)
		return api_svc_error(resp, rc, &err);
	resp->status = 204;
	return SG_H_OK;
}
