/* api_common.c — authentication, bodies and JSON shared by the api handlers. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "db/campaign.h"
#include "db/milestone.h"
#include "db/db.h"
#include "handlers/routes_api.h"
#include "service/account.h"
#include "service/campaign.h"
#include "util/crypto.h"
#include "util/json.h"
#include "util/log.h"

int
api_auth_or_reply(struct sg_app *app, const struct sg_req *req, struct sg_resp *resp,
    struct db_store *st, int *hrc)
{
	const char	*a = req->authorization;
	int		 rc;

	*hrc = SG_H_OK;
	if (a == NULL || strncasecmp(a, "Bearer ", 7) != 0) {
		sg_resp_error(resp, 401, "unauthorized",
		    "an API token is required: Authorization: Bearer <token>", NULL);
		sg_resp_header(resp, "WWW-Authenticate", "Bearer");
		return 0;
	}
	a += 7;
	while (*a == ' ')
		a++;
	if (strlen(a) != SG_TOKEN_LEN) {
		rc = 0;
	} else if ((rc = svc_account_token_auth(app->db, a, st)) < 0) {
		*hrc = sg_h_db_error(resp, rc);
		return 0;
	}
	if (rc == 0) {
		sg_resp_error(resp, 401, "unauthorized",
		    "the API token is not valid", NULL);
		sg_resp_header(resp, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
		return 0;
	}
	return 1;
}

int
api_body_or_reply(const struct sg_req *req, struct sg_resp *resp, cJSON **out)
{
	const char	*end = NULL;
	cJSON		*j;

	*out = NULL;
	/* Invalid UTF-8 waits for api_body_rest_or_reply(). */
	if (sg_json_text_check(req->body, req->body_len) == SG_VERR_INVALID_CHAR) {
		sg_resp_error(resp, 400, "malformed",
		    "a raw control character (U+0000-U+001F) is not JSON", NULL);
		return 0;
	}
	if (sg_json_has_nul_escape(req->body, req->body_len)) {
		sg_resp_error(resp, 422, "invalid_char",
		    "strings must not contain NUL (\\u0000)", NULL);
		return 0;
	}
	j = cJSON_ParseWithLengthOpts(req->body, req->body_len, &end, 0);
	if (j != NULL && end != NULL) {
		while (end < req->body + req->body_len &&
		    (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
			end++;
		if (end != req->body + req->body_len) {
			cJSON_Delete(j);
			j = NULL;
		}
	}
	if (j == NULL || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		sg_resp_error(resp, 400, "malformed",
		    "the body must be one JSON object", NULL);
		return 0;
	}
	*out = j;
	return 1;
}

int
api_body_rest_or_reply(const struct sg_req *req, struct sg_resp *resp)
{
	if (req->body_len > 0 &&
	    sg_utf8_check(req->body, req->body_len, NULL) != SG_VERR_OK) {
		sg_resp_error(resp, 400, "malformed", "the body must be UTF-8",
		    NULL);
		return 0;
	}
	if (sg_json_has_inexact_number(req->body, req->body_len)) {
		sg_resp_error(resp, 422, "invalid",
		    "a number is not exact (integers are exact up to 2^53)", NULL);
		return 0;
	}
	return 1;
}

void
api_verror(struct sg_resp *resp, int status, const struct sg_verror *e)
{
	sg_resp_error(resp, status, status == 409 ? "conflict" : sg_verr_code(e->code),
	    e->message[0] ? e->message : "invalid value",
	    e->field[0] ? e->field : NULL);
}

int
api_svc_error(struct sg_resp *resp, int svc, const struct sg_verror *e)
{
	switch (svc) {
	case SVC_NOT_FOUND:
		sg_resp_error(resp, 404, "not_found", "no such resource", NULL);
		return SG_H_OK;
	case SVC_CONFLICT:
		api_verror(resp, 409, e);
		return SG_H_OK;
	case SVC_INVALID:
		api_verror(resp, 422, e);
		return SG_H_OK;
	default:
		return sg_h_db_error(resp, svc < 0 ? svc : DB_ERR);
	}
}

int
api_send(struct sg_resp *resp, int status, cJSON *obj)
{
	if (obj == NULL || sg_resp_json(resp, status, obj) == -1)
		sg_h_internal(resp);
	else
		sg_resp_header(resp, "Cache-Control", "no-store");
	cJSON_Delete(obj);
	return SG_H_OK;
}

cJSON *
api_time_json(int has, int64_t usec)
{
	char	 buf[SG_TIME_FMT_MAX];

	if (!has || sg_time_format_rfc3339(usec, buf, sizeof(buf)) == -1)
		return cJSON_CreateNull();
	return cJSON_CreateString(buf);
}

cJSON *
api_milestone_json(const struct db_milestone *m)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (!sg_json_add_num(o, "id", m->id) ||
	    !sg_json_add_str(o, "metric", 1, sg_metric_name(m->metric)) ||
	    !sg_json_add_num(o, "target", m->target) ||
	    !sg_json_add_str(o, "title", 1, m->title) ||
	    !sg_json_add_str(o, "image_url", m->has_image, m->image_url) ||
	    !sg_json_add_str(o, "image_alt", 1, m->image_alt) ||
	    !sg_json_add_item(o, "image_teaser", cJSON_CreateBool(m->image_teaser)) ||
	    !sg_json_add_item(o, "secret", cJSON_CreateBool(m->secret)) ||
	    !sg_json_add_str(o, "before_text", 1, m->before_text) ||
	    !sg_json_add_str(o, "after_text", 1, m->after_text) ||
	    !sg_json_add_str(o, "reward", 1, sg_reward_name(m->reward)) ||
	    !sg_json_add_str(o, "gift_product_id", m->has_gift_product,
	    m->gift_product_id) ||
	    !sg_json_add_str(o, "gift_variant_id", m->has_gift_variant,
	    m->gift_variant_id) ||
	    !sg_json_add_num(o, "gift_quantity", m->gift_quantity) ||
	    !sg_json_add_str(o, "scope", 1,
	    m->scope == SG_SCOPE_NEW ? "new" : "all") ||
	    !sg_json_add_item(o, "reached", cJSON_CreateBool(m->reached)) ||
	    !sg_json_add_item(o, "reached_at",
	    api_time_json(m->reached, m->reached_at)) ||
	    !sg_json_add_str(o, "reached_order_id", m->reached_order[0] != '\0',
	    m->reached_order) ||
	    !sg_json_add_item(o, "fanout_pending",
	    cJSON_CreateBool(m->fanout_pending)) ||
	    !sg_json_add_item(o, "created_at", api_time_json(1, m->created_at)) ||
	    !sg_json_add_item(o, "updated_at", api_time_json(1, m->updated_at))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The milestones of a campaign object being built (milestone_row()). */
struct milestone_list {
	cJSON	*arr;
	int	 nomem;
};

static int
milestone_row(void *arg, struct db_milestone *m)
{
	struct milestone_list	*ml = arg;

	if (!sg_json_append(ml->arr, api_milestone_json(m))) {
		ml->nomem = 1;
		return DB_ERR;
	}
	return 0;
}

cJSON *
api_campaign_json(struct sg_app *app, const struct db_store *st,
    const struct db_campaign *c, int *dbrc)
{
	struct db_milestone	*m = NULL;
	struct milestone_list	 ml;
	cJSON			*o, *a, *ms;
	size_t			 i;
	int			 rc;
	char			 accent[8];

	*dbrc = DB_OK;
	snprintf(accent, sizeof(accent), "#%06" PRIx32, c->accent & 0xffffff);
	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (!sg_json_add_str(o, "slug", 1, c->slug) ||
	    !sg_json_add_str(o, "store", 1, st->handle) ||
	    !sg_json_add_str(o, "title", 1, c->title) ||
	    !sg_json_add_str(o, "description", 1, c->description) ||
	    !sg_json_add_str(o, "goal_kind", 1,
	    sg_goal_kind_name(c->goal_kind)) ||
	    !sg_json_add_num(o, "goal", c->goal) ||
	    !sg_json_add_str(o, "currency", 1, st->currency) ||
	    (a = cJSON_AddArrayToObject(o, "product_ids")) == NULL)
		goto fail;
	for (i = 0; i < c->nproduct_ids; i++)
		if (!sg_json_append(a, cJSON_CreateString(c->product_ids[i])))
			goto fail;
	if (!sg_json_add_item(o, "starts_at",
	    api_time_json(c->has_starts, c->starts_at)) ||
	    !sg_json_add_item(o, "ends_at",
	    api_time_json(c->has_ends, c->ends_at)) ||
	    !sg_json_add_str(o, "status", 1,
	    sg_campaign_status_name(c->status)) ||
	    !sg_json_add_num(o, "progress", db_campaign_progress(c)) ||
	    !sg_json_add_num(o, "units", c->units) ||
	    !sg_json_add_num(o, "amount", c->amount) ||
	    !sg_json_add_num(o, "orders", c->orders) ||
	    !sg_json_add_num(o, "backers", c->backers) ||
	    !sg_json_add_num(o, "version", c->version) ||
	    !sg_json_add_str(o, "theme", 1, sg_theme_name(c->theme)) ||
	    !sg_json_add_str(o, "accent", c->has_accent, accent) ||
	    !sg_json_add_item(o, "radius", c->has_radius ?
	    sg_json_int_item(c->radius) : cJSON_CreateNull()) ||
	    !sg_json_add_item(o, "created_at", api_time_json(1, c->created_at)) ||
	    !sg_json_add_item(o, "updated_at", api_time_json(1, c->updated_at)) ||
	    (ms = cJSON_AddArrayToObject(o, "milestones")) == NULL)
		goto fail;
	if ((m = malloc(sizeof(*m))) == NULL)
		goto fail;
	ml.arr = ms;
	ml.nomem = 0;
	if ((rc = db_milestone_list(app->db, c->id, m, milestone_row, &ml)) < 0) {
		if (!ml.nomem)
			*dbrc = rc;
		goto fail;
	}
	free(m);
	return o;
fail:
	free(m);
	cJSON_Delete(o);
	return NULL;
}
