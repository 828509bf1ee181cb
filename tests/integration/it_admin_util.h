/*
 * it_admin_util.h — helpers shared by the it_admin* integration programs:
 * stores with creator accounts, signing in through the real form, form
 * posts (urlencoded and multipart) with the session cookie, and reading
 * values out of the HTML.  Everything works on fx_current.
 */
#ifndef SG_TESTS_IT_ADMIN_UTIL_H
#define SG_TESTS_IT_ADMIN_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "fixture/fixture.h"

#define ADM_PASSWORD	"correct horse battery"

/* A browser's state: its session cookie and the page's CSRF token. */
struct adm {
	char	 cookie[256];	/* "sg_session=..." or "" */
	char	 csrf[128];
};

/* Stores "acme" (USD) and "other" (EUR), users ana@acme.test and bo@other.test. */
void	adm_stores(void);
/* Sign in through GET+POST /admin/login; returns the POST's status. */
int	adm_login(struct adm *, const char *email, const char *password);
/* adm_stores(), then ana@acme.test signed in into a (exits when not). */
void	adm_signed_in(struct adm *a);
/* adm_post() with the token; prints the page unless it answers status. */
int	adm_post_expect(struct adm *a, const char *path, const char *body,
	    int status, struct fx_resp *r);
/* GET path with the session; the CSRF token of the page is kept. */
int	adm_get(struct adm *, const char *path, struct fx_resp *r);
/*
 * POST an urlencoded body with the session.  body is "a=1&b=2" without the
 * token; "csrf=<token>&" is put in front unless with_csrf is 0.
 */
int	adm_post(struct adm *, const char *path, const char *body, int with_csrf,
	    struct fx_resp *r);
/* The same with extra header lines ("Name: v\r\n"). */
int	adm_post_h(struct adm *, const char *path, const char *headers,
	    const char *body, int with_csrf, struct fx_resp *r);
/*
 * POST multipart/form-data: fields "name=value" pairs separated by '&'
 * (not encoded; values may not contain '&'), plus one file part when
 * file_name is not NULL.
 */
int	adm_post_mp(struct adm *, const char *path, const char *fields,
	    const char *file_name, const void *file, size_t file_len,
	    struct fx_resp *r);
/* Read tests/data/images/name; the caller frees. */
void	*adm_image(const char *name, size_t *len);
/* The value of <input name="name" ... value="..."> in html, or "". */
const char *adm_input_value(const char *html, const char *name, char *buf,
	    size_t size);
/* Whether html contains s. */
int	adm_has(const struct fx_resp *r, const char *s);
/* Create a campaign through the form; returns the status of the POST. */
int	adm_campaign(struct adm *, const char *slug, const char *kind,
	    const char *goal);

#endif
