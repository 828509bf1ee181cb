/*
 * it_admin_photos.c — milestone photos over real HTTP (nginx + program):
 * a 4 MB phone-like JPEG with EXIF GPS is stored at most 1600 px, without
 * EXIF, with a thumbnail, under an unguessable name; 11 MiB is refused in
 * the form with the typed values kept (nginx lets it through to the
 * program); a reveal's photo is named by no public response before the
 * reach, and by the JSON after it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "integration/it_admin_util.h"
#include "integration/it_browser.h"
#include "unit/photo_sample.h"
#include "util/image.h"

#define FX	fx_current

static struct adm	 A;

/* The stored file /media/NAME as bytes; the caller frees. */
static unsigned char *
media_file(const char *url, const char *suffix, size_t *len)
{
	char		 path[2048], name[256];
	const char	*dot = strrchr(url, '.');
	unsigned char	*d;
	FILE		*f;
	long		 n;

	if (dot == NULL)
		return NULL;
	snprintf(name, sizeof(name), "%.*s%s%s", (int)(dot - (url + 7)), url + 7,
	    suffix, dot);
	snprintf(path, sizeof(path), "%s/nginx/media/%s", FX->dir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	d = malloc((size_t)n + 1);
	if (d == NULL || fread(d, 1, (size_t)n, f) != (size_t)n) {
		free(d);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return d;
}

static void
test_phone_photo(void)
{
	struct sg_image_info	 info;
	struct fx_resp		 r;
	unsigned char		*jpg, *web, *thumb;
	char			 url[256], name[64];
	size_t			 len, wlen, tlen;

	adm_signed_in(&A);
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "pics", "units", "100"), 303);
	fx_sql(FX, "UPDATE campaigns SET status = 'live' WHERE slug = 'pics'");
	/* 4 MB or so, like a phone's: noise does not compress. */
	jpg = photo_sample_jpeg(1900, 1400, 1, 92, 6, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(jpg);
	fprintf(stderr, "  sample JPEG: %zu bytes\n", len);
	CU_ASSERT_TRUE(len > 4000000 && len < 10u * 1024u * 1024u);
	CU_ASSERT_TRUE(photo_sample_has_exif(jpg, len));
	CU_ASSERT_EQUAL(adm_post_mp(&A, "/admin/campaigns/pics/milestones",
	    "title=The dragon&target=50&reward=reveal&before_text=What is it?"
	    "&after_text=A dragon", "IMG_0001.JPG", jpg, len, &r), 303);
	if (r.status != 303)
		fprintf(stderr, "%s\n", r.body);
	fx_resp_free(&r);
	free(jpg);
	fx_sql_str(FX, "SELECT image_url FROM milestones WHERE target = 50", url,
	    sizeof(url));
	/* /media/ + 128 random bits in hex + .jpg */
	CU_ASSERT_EQUAL(strlen(url), 7 + 32 + 4);
	CU_ASSERT_STRING_EQUAL(strrchr(url, '.'), ".jpg");
	web = media_file(url, "", &wlen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(web);
	CU_ASSERT_EQUAL(sg_image_inspect_max(web, wlen, 10u << 20, &info), 0);
	/* Turned upright (EXIF orientation 6), longest side 1600. */
	CU_ASSERT_EQUAL(info.width, 1179);
	CU_ASSERT_EQUAL(info.height, 1600);
	CU_ASSERT_FALSE(photo_sample_has_exif(web, wlen));
	CU_ASSERT_TRUE(wlen < len);
	thumb = media_file(url, "-320", &tlen);
	CU_ASSERT_PTR_NOT_NULL_FATAL(thumb);
	CU_ASSERT_EQUAL(sg_image_inspect_max(thumb, tlen, 10u << 20, &info), 0);
	CU_ASSERT_EQUAL(info.height, 320);
	CU_ASSERT_FALSE(photo_sample_has_exif(thumb, tlen));
	free(web);
	free(thumb);
	/* nginx serves it. */
	CU_ASSERT_EQUAL(fx_http(FX, "GET", url, NULL, NULL, 0, &r), 200);
	fx_resp_free(&r);

	/* Before the reach no public response names it (SPEC rule 3). */
	snprintf(name, sizeof(name), "%.32s", url + 7);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/api/v1/public/acme/pics", NULL, NULL,
	    0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, name));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, "What is it?"));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/acme/pics", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, name));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/acme/pics?view=compact", NULL, NULL,
	    0, &r), 200);
	CU_ASSERT_PTR_NULL(strstr(r.body, name));
	fx_resp_free(&r);
	/* Reached: the JSON and the page name it. */
	fx_sql(FX, "UPDATE milestones SET reached_at = UTC_TIMESTAMP(6) WHERE target = 50");
	fx_sql(FX, "UPDATE campaigns SET units = 60, version = version + 1 WHERE slug = 'pics'");
	usleep(1200 * 1000);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/api/v1/public/acme/pics", NULL, NULL,
	    0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, name));
	fx_resp_free(&r);
	CU_ASSERT_EQUAL(fx_http(FX, "GET", "/w/acme/pics", NULL, NULL, 0, &r), 200);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.body, name));
	fx_resp_free(&r);
}

static void
test_too_large_inline(void)
{
	struct fx_resp	 r;
	unsigned char	*data, *jpg;
	size_t		 n = 11u * 1024u * 1024u, len;
	char		 v[256];

	adm_signed_in(&A);
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "big", "units", "100"), 303);
	/* The form says the limit. */
	CU_ASSERT_EQUAL(adm_get(&A, "/admin/campaigns/big/milestones/new", &r), 200);
	CU_ASSERT_TRUE(adm_has(&r, "10 MiB"));
	fx_resp_free(&r);
	data = calloc(1, n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	jpg = photo_sample_jpeg(64, 48, 0, 80, 1, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(jpg);
	memcpy(data, jpg, len);
	free(jpg);
	/* 11 MiB passes nginx and is refused beside the field, values kept. */
	CU_ASSERT_EQUAL(adm_post_mp(&A, "/admin/campaigns/big/milestones",
	    "title=Kept title&target=77&reward=reveal&before_text=Kept before",
	    "huge.jpg", data, n, &r), 422);
	CU_ASSERT_TRUE(adm_has(&r, "photo-error"));
	CU_ASSERT_TRUE(adm_has(&r, "larger than 10 MiB"));
	CU_ASSERT_STRING_EQUAL(adm_input_value(r.body, "title", v, sizeof(v)),
	    "Kept title");
	CU_ASSERT_STRING_EQUAL(adm_input_value(r.body, "target", v, sizeof(v)), "77");
	CU_ASSERT_TRUE(adm_has(&r, "Kept before"));
	CU_ASSERT_TRUE(adm_has(&r, "Choose the photo again"));
	fx_resp_free(&r);
	free(data);
	CU_ASSERT_EQUAL(fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones WHERE "
	    "title = 'Kept title'"), 0);
	/* Over 12 MiB nginx stops it: a page for people, not JSON. */
	n = 13u * 1024u * 1024u;
	data = calloc(1, n);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	CU_ASSERT_EQUAL(adm_post_mp(&A, "/admin/campaigns/big/milestones",
	    "title=Kept title&target=77&reward=reveal", "huge.jpg", data, n, &r), 413);
	CU_ASSERT_PTR_NOT_NULL(fx_resp_header(&r, "Content-Type", v, sizeof(v)));
	CU_ASSERT_EQUAL(strncmp(v, "text/html", 9), 0);
	CU_ASSERT_TRUE(adm_has(&r, "at most 10 MiB"));
	fx_resp_free(&r);
	free(data);
}

/* The photo flow and the account pages at 390 px (tests/browser/photos.mjs). */
static void
test_phone_browser(void)
{
	unsigned char	*jpg;
	char		 path[1024];
	size_t		 len;
	FILE		*f;

	adm_signed_in(&A);
	CU_ASSERT_EQUAL_FATAL(adm_campaign(&A, "pics", "units", "100"), 303);
	/* A portrait phone photo: stored 1600 wide, EXIF says turn it. */
	jpg = photo_sample_jpeg(2000, 1500, 0, 85, 6, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(jpg);
	snprintf(path, sizeof(path), "%s/IMG_0002.jpg", FX->dir);
	f = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_EQUAL(fwrite(jpg, 1, len, f), len);
	fclose(f);
	free(jpg);
	setenv("SG_ADMIN_EMAIL", "ana@acme.test", 1);
	setenv("SG_ADMIN_PASSWORD", ADM_PASSWORD, 1);
	setenv("SG_ADMIN_PHOTO", path, 1);
	CU_ASSERT_EQUAL(browser_run(FX, "photos.mjs"), 0);
}

static const struct fx_case cases[] = {
	{ "in a browser at 390 px", test_phone_browser },
	{ "a phone photo: web size, no EXIF, thumbnail, hidden until the reach",
	  test_phone_photo },
	{ "11 MiB refused in the form, values kept", test_too_large_inline },
	{ NULL, NULL },
};

int
main(void)
{
	return fx_run("admin_photos", cases, NULL, 1);
}
