/*
 * it_admin_secret.c — secret stretch goals and image teasers (SPEC
 * Milestones rule 3) from the creator's side, over real HTTP (nginx, the
 * program, MariaDB):
 *  - the API: secret, image_teaser and image_alt on create, patch and get;
 *    bad types and values 422 with nothing changed, unknown keys ignored,
 *    and after the reach (rule 9) texts, photo, alt text, teaser and
 *    secret may still change while the target may not;
 *  - the admin form posted as a browser does (the boxes are only sent when
 *    ticked: flags=1 says the form had them);
 *  - the creator's preview: milestones not reached yet are marked as a
 *    preview (a secret one as "Secret until reached"), reached ones as
 *    unlocked;
 *  - the form by its labels in headless Chromium (tests/browser/secret.mjs):
 *    axe, 390 px, screenshots secret-*.png, the locked card on the widget
 *    and its turn when reached.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"
#include "integration/it_admin_util.h"
#include "integration/it_browser.h"

#define FX	fx_current

static struct adm	 A;
static char		 tok[128];

/* Stores, the creator signed in, an API token of acme. */
static void
setup_acme(void)
{
	const char *const argv[] = { "token", "create", "--store", "acme", NULL };
	char	 err[512];
	size_t	 n;

	adm_stores();
	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, tok, sizeof(tok), err, sizeof(err),
	    argv), 0);
	n = strlen(tok);
	while (n > 0 && (tok[n - 1] == '\n' || tok[n - 1] == '\r'))
		tok[--n] = '\0';
	CU_ASSERT_EQUAL_FATAL(adm_login(&A, "ana@acme.test", ADM_PASSWORD), 303);
}

static int
api(const char *method, const char *path, const char *body, struct fx_resp *r)
{
	char	 h[256];

	snprintf(h, sizeof(h), "Authorization: Bearer %s\r\n%s", tok,
	    body != NULL ? "Content-Type: application/json\r\n" : "");
	return fx_http(FX, method, path, h, body, body ? strlen(body) : 0, r);
}

/* A request whose status must be want; the response freed. */
static void
api_want(const char *method, const char *path, const char *body, int want)
{
	struct fx_resp	 r;

	if (api(method, path, body, &r) != want)
		fprintf(stderr, "%s %s %s: %d %s\n", method, path, body ? body : "",
		    r.status, r.body ? r.body : "");
	CU_ASSERT_EQUAL(r.status, want);
	fx_resp_free(&r);
}

static const cJSON *
jget(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* The error code and field of a 422, checked. */
static void
api_422(const char *method, const char *path, const char *body,
    const char *code, const char *field)
{
	struct fx_resp	 r;
	const cJSON	*e;

	CU_ASSERT_EQUAL(api(method, path, body, &r), 422);
	e = r.json != NULL ? jget(r.json, "error") : NULL;
	CU_ASSERT_PTR_NOT_NULL(e);
	if (e != NULL) {
		if (!cJSON_IsString(jget(e, "code")) ||
		    strcmp(jget(e, "code")->valuestring, code) != 0 ||
		    !cJSON_IsString(jget(e, "field")) ||
		    strcmp(jget(e, "field")->valuestring, field) != 0) {
			fprintf(stderr, "%s: want %s/%s, got %s\n", body, code, field,
			    r.body);
			CU_FAIL("wrong error code or field");
		}
	}
	fx_resp_free(&r);
}

#define MS1	"/api/v1/campaigns/vault/milestones/"

static void
test_api(void)
{
	struct fx_resp	 r;
	char		 body[1024], path[128], alt[400];
	int64_t		 id, v0;

	setup_acme();
	api_want("POST", "/api/v1/campaigns", "{\"slug\":\"vault\",\"title\":\"Vault\","
	    "\"goal_kind\":\"units\",\"goal\":100,\"status\":\"live\"}", 201);
	/* Defaults: not secret, not a teaser, no alt text. */
	CU_ASSERT_EQUAL_FATAL(api("POST", "/api/v1/campaigns/vault/milestones",
	    "{\"target\":10,\"title\":\"Plain\"}", &r), 201);
	CU_ASSERT_TRUE(cJSON_IsFalse(jget(r.json, "secret")));
	CU_ASSERT_TRUE(cJSON_IsFalse(jget(r.json, "image_teaser")));
	CU_ASSERT_STRING_EQUAL(jget(r.json, "image_alt")->valuestring, "");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL_FATAL(api("POST", "/api/v1/campaigns/vault/milestones",
	    "{\"target\":50,\"title\":\"The vault\",\"secret\":true,"
	    "\"image_teaser\":true,\"image_url\":\"https://cdn.example/v.jpg\","
	    "\"image_alt\":\"A steel door, ajar\",\"after_text\":\"Gold!\"}", &r), 201);
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(r.json, "secret")));
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(r.json, "image_teaser")));
	CU_ASSERT_STRING_EQUAL(jget(r.json, "image_alt")->valuestring,
	    "A steel door, ajar");
	id = (int64_t)jget(r.json, "id")->valuedouble;
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT secret + 2 * image_teaser FROM "
	    "milestones WHERE target = 50"), 3);
	/* The campaign's GET lists them. */
	CU_ASSERT_EQUAL_FATAL(api("GET", "/api/v1/campaigns/vault", NULL, &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(cJSON_GetArrayItem(jget(r.json,
	    "milestones"), 1), "secret")));
	fx_resp_free(&r);

	/* Bad types and values: 422 naming the field, nothing changes. */
	snprintf(path, sizeof(path), MS1 "%lld", (long long)id);
	v0 = fx_sql_i64(FX, "SELECT version FROM campaigns WHERE slug = 'vault'");
	api_422("PATCH", path, "{\"secret\":\"yes\"}", "invalid_type", "secret");
	/* The message docs/api.md shows. */
	CU_ASSERT_EQUAL(api("PATCH", path, "{\"secret\":\"yes\"}", &r), 422);
	CU_ASSERT_PTR_NOT_NULL(r.body != NULL ? strstr(r.body,
	    "\"message\":\"secret: must be true or false\"") : NULL);
	fx_resp_free(&r);
	api_422("PATCH", path, "{\"secret\":1}", "invalid_type", "secret");
	api_422("PATCH", path, "{\"secret\":null}", "required", "secret");
	api_422("PATCH", path, "{\"image_teaser\":\"true\"}", "invalid_type",
	    "image_teaser");
	api_422("PATCH", path, "{\"image_teaser\":[true]}", "invalid_type",
	    "image_teaser");
	api_422("PATCH", path, "{\"image_teaser\":null}", "required", "image_teaser");
	api_422("PATCH", path, "{\"image_alt\":5}", "invalid_type", "image_alt");
	api_422("PATCH", path, "{\"image_alt\":\"two\\nlines\"}", "invalid_char",
	    "image_alt");
	memset(alt, 'a', 301);
	alt[301] = '\0';
	snprintf(body, sizeof(body), "{\"image_alt\":\"%s\"}", alt);
	api_422("PATCH", path, body, "too_long", "image_alt");
	api_422("PATCH", path, "{\"secret\":false,\"secret\":true}", "duplicate",
	    "secret");
	api_422("POST", "/api/v1/campaigns/vault/milestones",
	    "{\"target\":70,\"title\":\"x\",\"secret\":\"on\"}", "invalid_type",
	    "secret");
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones"), 2);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT secret + 2 * image_teaser FROM "
	    "milestones WHERE target = 50"), 3);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT version FROM campaigns WHERE slug = "
	    "'vault'"), v0);
	/* Unknown keys are ignored (docs/api.md): nothing changes. */
	CU_ASSERT_EQUAL(api("PATCH", path, "{\"Secret\":false,\"secrets\":false,"
	    "\"image-teaser\":false,\"teaser\":false}", &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(r.json, "secret")));
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(r.json, "image_teaser")));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT version FROM campaigns WHERE slug = "
	    "'vault'"), v0);
	/* A patch changes only what it names. */
	CU_ASSERT_EQUAL(api("PATCH", path, "{\"image_teaser\":false}", &r), 200);
	CU_ASSERT_TRUE(cJSON_IsTrue(jget(r.json, "secret")));
	CU_ASSERT_TRUE(cJSON_IsFalse(jget(r.json, "image_teaser")));
	CU_ASSERT_STRING_EQUAL(jget(r.json, "image_alt")->valuestring,
	    "A steel door, ajar");
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT version FROM campaigns WHERE slug = "
	    "'vault'"), v0 + 1);

	/* Reached (rule 9): texts, photo, alt, teaser and secret may change. */
	fx_sql(FX, "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6), "
	    "reached_seq = 1 WHERE target = 50");
	api_want("PATCH", path, "{\"secret\":false}", 200);
	api_want("PATCH", path, "{\"secret\":true,\"image_teaser\":true,"
	    "\"image_alt\":\"The open vault\",\"title\":\"The vault, open\","
	    "\"after_text\":\"Gold for all\",\"image_url\":null}", 200);
	CU_ASSERT_EQUAL_FATAL(api("GET", "/api/v1/campaigns/vault", NULL, &r), 200);
	{
		const cJSON *m = cJSON_GetArrayItem(jget(r.json, "milestones"), 1);

		CU_ASSERT_TRUE(cJSON_IsTrue(jget(m, "secret")));
		CU_ASSERT_TRUE(cJSON_IsTrue(jget(m, "image_teaser")));
		CU_ASSERT_STRING_EQUAL(jget(m, "image_alt")->valuestring,
		    "The open vault");
		CU_ASSERT_TRUE(cJSON_IsNull(jget(m, "image_url")));
		CU_ASSERT_TRUE(cJSON_IsTrue(jget(m, "reached")));
	}
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(api("PATCH", path, "{\"target\":60,\"secret\":false}", &r), 409);
	CU_ASSERT_PTR_NOT_NULL(r.body != NULL ? strstr(r.body, "\"target\"") : NULL);
	fx_resp_free(&r);
	/* The refused patch changed nothing, not even its secret part. */
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT secret FROM milestones WHERE "
	    "target = 50"), 1);
	/* A duplicated campaign keeps the flags. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/campaigns/vault/duplicate", "", 1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT m.secret + 2 * m.image_teaser FROM "
	    "milestones m JOIN campaigns c ON c.id = m.campaign_id WHERE "
	    "c.slug = 'vault-copy' AND m.target = 50"), 3);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones m JOIN "
	    "campaigns c ON c.id = m.campaign_id WHERE c.slug = 'vault-copy' AND "
	    "m.image_alt = 'The open vault'"), 1);
}

/* The milestone form posted as a browser posts it (urlencoded). */
static void
test_form_posts(void)
{
	struct fx_resp	 r;
	char		 path[160], val[64];
	int64_t		 id;

	setup_acme();
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "art", "units", "100"), 303);
	/* Both boxes ticked, an alt text. */
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/campaigns/art/milestones",
	    "target=40&title=Gold+foil&before_text=Soon&after_text=Foil%21&"
	    "reward=reveal&image_alt=A+golden+cover&flags=1&secret=1&"
	    "image_teaser=1", 1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT secret + 2 * image_teaser FROM "
	    "milestones WHERE target = 40"), 3);
	fx_sql_str(FX, "SELECT image_alt FROM milestones WHERE target = 40", val,
	    sizeof(val));
	CU_ASSERT_STRING_EQUAL(val, "A golden cover");
	id = fx_sql_i64(FX, "SELECT id FROM milestones WHERE target = 40");
	snprintf(path, sizeof(path), "/admin/campaigns/art/milestones/%lld/edit",
	    (long long)id);
	/* The edit form shows them ticked, with the explanation. */
	CU_ASSERT_EQUAL(adm_get(&A, path, &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "name=\"secret\" value=\"1\" checked"));
	CU_ASSERT_TRUE(adm_has(&r, "name=\"image_teaser\" value=\"1\" checked"));
	CU_ASSERT_TRUE(adm_has(&r, "value=\"A golden cover\""));
	CU_ASSERT_TRUE(adm_has(&r, "Secret until reached"));
	CU_ASSERT_TRUE(adm_has(&r, "Show the photo before it is reached (teaser)"));
	CU_ASSERT_TRUE(adm_has(&r, "Once reached</strong>, backers see everything"));
	fx_resp_free(&r);
	/* A post without flags=1 (an older form) leaves the boxes alone. */
	CU_ASSERT_EQUAL(adm_post(&A, path, "title=Gold+foil+cover", 1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT secret + 2 * image_teaser FROM "
	    "milestones WHERE target = 40"), 3);
	/* Untick the secret box: the browser sends flags=1 without secret. */
	CU_ASSERT_EQUAL(adm_post(&A, path, "title=Gold+foil+cover&flags=1&"
	    "image_teaser=1", 1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT secret + 2 * image_teaser FROM "
	    "milestones WHERE target = 40"), 2);
	/* A too long alt text: the form again, with the typed values kept. */
	{
		char	 body[1024];
		char	 alt[320];

		memset(alt, 'b', 301);
		alt[301] = '\0';
		snprintf(body, sizeof(body), "title=Gold&flags=1&secret=1&image_alt=%s",
		    alt);
		CU_ASSERT_EQUAL(adm_post(&A, path, body, 1, &r), 422);
		CU_ASSERT_TRUE(adm_has(&r, "id=\"image_alt-error\""));
		CU_ASSERT_TRUE(adm_has(&r, "At most 300 characters"));
		CU_ASSERT_TRUE(adm_has(&r, "name=\"secret\" value=\"1\" checked"));
		fx_resp_free(&r);
	}
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT secret FROM milestones WHERE "
	    "target = 40"), 0);
}

/* The creator's preview says what is a preview and what is secret. */
static void
test_preview(void)
{
	struct fx_resp	 r;
	const char	*p, *q;

	setup_acme();
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "art", "units", "100"), 303);
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/campaigns/art/milestones",
	    "target=10&title=First+sketch&after_text=Sketch+shown&flags=1", 1, &r), 303);
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(adm_post(&A, "/admin/campaigns/art/milestones",
	    "target=40&title=Gold+foil&after_text=Foil+for+all&flags=1&secret=1",
	    1, &r), 303);
	fx_resp_free(&r);
	fx_sql(FX, "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6), "
	    "reached_seq = 1 WHERE target = 10");
	fx_sql(FX, "UPDATE campaigns SET units = 12 WHERE slug = 'art'");
	CU_ASSERT_EQUAL_FATAL(adm_get(&A, "/admin/campaigns/art/preview", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "Preview — backers don't see this yet"));
	/* Never shared: no share tags (they would name a 404 image). */
	CU_ASSERT_FALSE(adm_has(&r, "og:image"));
	CU_ASSERT_TRUE(adm_has(&r, "Milestones not reached yet are shown as they "
	    "will look once reached"));
	/* Reached: unlocked.  Not reached: its after text, marked a preview. */
	p = r.body != NULL ? strstr(r.body, "First sketch") : NULL;
	q = r.body != NULL ? strstr(r.body, "Gold foil") : NULL;
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	CU_ASSERT_PTR_NOT_NULL(strstr(p, "Unlocked"));
	CU_ASSERT_TRUE(strstr(p, "Unlocked") < q);
	CU_ASSERT_PTR_NOT_NULL(strstr(q, "Preview · 28 to go"));
	CU_ASSERT_PTR_NOT_NULL(strstr(q, "Secret until reached: backers see only "
	    "its target"));
	CU_ASSERT_PTR_NOT_NULL(strstr(q, "Foil for all"));
	CU_ASSERT_PTR_NULL(strstr(q, "Unlocked"));
	CU_ASSERT_TRUE(adm_has(&r, "sg-milestone sg-locked sg-secret sg-as-preview"));
	fx_resp_free(&r);
	/* The compact preview's next goal is the unreached one. */
	CU_ASSERT_EQUAL_FATAL(adm_get(&A, "/admin/campaigns/art/preview?view=compact",
	    &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "Next: <strong>Gold foil</strong> at 40"));
	fx_resp_free(&r);
}

/* The form by its labels in Chromium, the widget's locked card and turn. */
static void
test_browser(void)
{
	char	 photo[1024];

	adm_stores();
	snprintf(photo, sizeof(photo), "%s/tests/data/images/ok-7x5.png", fx_srcdir());
	setenv("SG_ADMIN_EMAIL", "ana@acme.test", 1);
	setenv("SG_ADMIN_PASSWORD", ADM_PASSWORD, 1);
	setenv("SG_ADMIN_PHOTO", photo, 1);
	CU_ASSERT_EQUAL(browser_run(FX, "secret.mjs"), 0);
}

static const struct fx_case cases[] = {
	{ "API: secret, image_teaser, image_alt; 422s; rule 9", test_api },
	{ "the milestone form's boxes and alt text", test_form_posts },
	{ "the creator's preview marks previews and secrets", test_preview },
	{ "the form by its labels and the widget's locked card in Chromium",
	    test_browser },
	{ NULL, NULL },
};

int
main(void)
{
	return fx_run("admin_secret", cases, NULL, 1);
}
