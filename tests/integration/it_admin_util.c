/* it_admin_util.c — see it_admin_util.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "it_admin_util.h"
#include "util/buf.h"
#include "util/form.h"

#define FX	fx_current

static void
adm_make(const char *handle, const char *currency, const char *email)
{
	const char *const create[] = { "store", "create", "--handle", handle,
	    "--name", handle, "--currency", currency, NULL };
	const char *const user[] = { "user", "add", "--store", handle, "--email",
	    email, "--password-stdin", NULL };
	char	 out[512], err[512];

	if (fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err), create) != 0 ||
	    fx_ctl(FX, ADM_PASSWORD "\n", out, sizeof(out), err, sizeof(err),
	    user) != 0) {
		fprintf(stderr, "it_admin: could not make store %s: %s\n", handle, err);
		exit(1);
	}
}

void
adm_stores(void)
{
	adm_make("acme", "USD", "ana@acme.test");
	adm_make("other", "EUR", "bo@other.test");
}

const char *
adm_input_value(const char *html, const char *name, char *buf, size_t size)
{
	char		 pat[128];
	const char	*p, *v, *e;

	buf[0] = '\0';
	if (html == NULL)
		return buf;
	snprintf(pat, sizeof(pat), "name=\"%s\"", name);
	if ((p = strstr(html, pat)) == NULL || (v = strstr(p, "value=\"")) == NULL)
		return buf;
	v += 7;
	if ((e = strchr(v, '"')) == NULL)
		return buf;
	snprintf(buf, size, "%.*s", (int)(e - v), v);
	return buf;
}

int
adm_has(const struct fx_resp *r, const char *s)
{
	return r->body != NULL && strstr(r->body, s) != NULL;
}

/* "name=value" of a Set-Cookie header into dst (without attributes). */
static void
cookie_take(const struct fx_resp *r, char *dst, size_t size)
{
	char	 h[512];
	size_t	 n;

	dst[0] = '\0';
	if (fx_resp_header(r, "Set-Cookie", h, sizeof(h)) == NULL)
		return;
	n = strcspn(h, ";");
	snprintf(dst, size, "%.*s", (int)n, h);
}

int
adm_login(struct adm *a, const char *email, const char *password)
{
	struct fx_resp	 r;
	char		 login_cookie[256], tok[128], hdr[600];
	struct sg_buf	 body;
	int		 st;

	memset(a, 0, sizeof(*a));
	if (fx_http(FX, "GET", "/admin/login", NULL, NULL, 0, &r) != 200) {
		fx_resp_free(&r);
		return -1;
	}
	cookie_take(&r, login_cookie, sizeof(login_cookie));
	adm_input_value(r.body, "csrf", tok, sizeof(tok));
	fx_resp_free(&r);
	sg_buf_init(&body, 0);
	sg_buf_printf(&body, "csrf=%s&", tok);
	sg_form_encode_pair(&body, "email", email);
	sg_buf_addc(&body, '&');
	sg_form_encode_pair(&body, "password", password);
	snprintf(hdr, sizeof(hdr), "Cookie: %s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n", login_cookie);
	st = fx_http(FX, "POST", "/admin/login", hdr, body.data, body.len, &r);
	sg_buf_free(&body);
	if (st == 303)
		cookie_take(&r, a->cookie, sizeof(a->cookie));
	fx_resp_free(&r);
	if (st == 303) {
		/* Fetch a page for its CSRF token. */
		if (adm_get(a, "/admin/campaigns", &r) != 200)
			st = -1;
		fx_resp_free(&r);
	}
	return st;
}

int
adm_get(struct adm *a, const char *path, struct fx_resp *r)
{
	char	 hdr[400], tok[128];
	int	 st;

	snprintf(hdr, sizeof(hdr), "Cookie: %s\r\n", a->cookie);
	st = fx_http(FX, "GET", path, a->cookie[0] ? hdr : NULL, NULL, 0, r);
	if (adm_input_value(r->body, "csrf", tok, sizeof(tok))[0] != '\0')
		snprintf(a->csrf, sizeof(a->csrf), "%s", tok);
	return st;
}

int
adm_post_h(struct adm *a, const char *path, const char *headers,
    const char *body, int with_csrf, struct fx_resp *r)
{
	char		 hdr[1024];
	struct sg_buf	 b;
	int		 st;

	sg_buf_init(&b, 0);
	if (with_csrf)
		sg_buf_printf(&b, "csrf=%s&", a->csrf);
	sg_buf_adds(&b, body);
	snprintf(hdr, sizeof(hdr), "Cookie: %s\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\n%s", a->cookie,
	    headers ? headers : "");
	st = fx_http(FX, "POST", path, hdr, b.data ? b.data : "", b.len, r);
	sg_buf_free(&b);
	return st;
}

int
adm_post(struct adm *a, const char *path, const char *body, int with_csrf,
    struct fx_resp *r)
{
	return adm_post_h(a, path, NULL, body, with_csrf, r);
}

int
adm_post_mp(struct adm *a, const char *path, const char *fields,
    const char *file_name, const void *file, size_t file_len,
    struct fx_resp *r)
{
	static const char bnd[] = "----sgtestboundary7MA4YWxkTrZu0gW";
	struct sg_buf	 b;
	char		 hdr[1024], *copy, *pair, *save, *eq;
	int		 st;

	sg_buf_init(&b, 0);
	sg_buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"csrf\""
	    "\r\n\r\n%s\r\n", bnd, a->csrf);
	copy = strdup(fields);
	for (pair = strtok_r(copy, "&", &save); pair != NULL;
	    pair = strtok_r(NULL, "&", &save)) {
		if ((eq = strchr(pair, '=')) == NULL)
			continue;
		*eq = '\0';
		sg_buf_printf(&b, "--%s\r\nContent-Disposition: form-data; "
		    "name=\"%s\"\r\n\r\n%s\r\n", bnd, pair, eq + 1);
	}
	free(copy);
	if (file_name != NULL) {
		sg_buf_printf(&b, "--%s\r\nContent-Disposition: form-data; "
		    "name=\"photo\"; filename=\"%s\"\r\nContent-Type: "
		    "application/octet-stream\r\n\r\n", bnd, file_name);
		sg_buf_add(&b, file, file_len);
		sg_buf_adds(&b, "\r\n");
	}
	sg_buf_printf(&b, "--%s--\r\n", bnd);
	snprintf(hdr, sizeof(hdr), "Cookie: %s\r\nContent-Type: "
	    "multipart/form-data; boundary=%s\r\n", a->cookie, bnd);
	st = fx_http(FX, "POST", path, hdr, b.data, b.len, r);
	sg_buf_free(&b);
	return st;
}

void *
adm_image(const char *name, size_t *len)
{
	char	 path[1024];
	FILE	*f;
	char	*data;
	long	 n;

	snprintf(path, sizeof(path), "%s/tests/data/images/%s", fx_srcdir(), name);
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "it_admin: cannot open %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	if (data == NULL || fread(data, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "it_admin: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	*len = (size_t)n;
	return data;
}

int
adm_campaign(struct adm *a, const char *slug, const char *kind, const char *goal)
{
	struct fx_resp	 r;
	char		 body[512];
	int		 st;

	snprintf(body, sizeof(body), "title=Board+game+%s&slug=%s&description=&"
	    "goal_kind=%s&goal=%s&product_ids_extra=p-1+p-2&starts_at=&ends_at=",
	    slug, slug, kind, goal);
	st = adm_post(a, "/admin/campaigns", body, 1, &r);
	fx_resp_free(&r);
	return st;
}

void
adm_signed_in(struct adm *a)
{
	adm_stores();
	if (adm_login(a, "ana@acme.test", ADM_PASSWORD) != 303) {
		fprintf(stderr, "cannot sign in as ana@acme.test\n");
		exit(1);
	}
}

int
adm_post_expect(struct adm *a, const char *path, const char *body, int status,
    struct fx_resp *r)
{
	int	 st = adm_post(a, path, body, 1, r);

	if (st != status)
		fprintf(stderr, "  POST %s: %d, not %d\n%s\n", path, st, status,
		    r->body ? r->body : "");
	return st == status;
}
