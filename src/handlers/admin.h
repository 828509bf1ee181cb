/*
 * admin.h — shared pieces of the admin module (handlers/admin*.c): the
 * creator's session, the CSRF check, form bodies and HTML answers.
 *
 * Every admin page is HTML rendered from a templates/admin_*.mustache file
 * with a cJSON data tree; admin_render() sends it with the admin security
 * headers (a Content-Security-Policy without any script, frame-ancestors
 * 'none', no caching).  Only the handlers choose statuses.
 *
 * Ownership: struct admin_body owns the parsed form (admin_body_free());
 * strings returned by admin_field() live as long as the body.  A data tree
 * passed to admin_render() stays the caller's.
 */
#ifndef SG_HANDLERS_ADMIN_H
#define SG_HANDLERS_ADMIN_H

#include <stdint.h>

#include "db/db.h"
#include "domain/validate.h"
#include "handlers/handlers.h"
#include "util/form.h"
#include "util/multipart.h"

struct cJSON;

/* Session lifetime: idle and absolute (also in sql_admin.h). */
#define ADMIN_IDLE_SECS		(30 * 60)
#define ADMIN_ABSOLUTE_SECS	(8 * 60 * 60)
/* Random bytes in a session id (256 bits) and a CSRF token. */
#define ADMIN_SID_BYTES		32
#define ADMIN_CSRF_BYTES	32
/* Failed sign-ins tolerated per window, per account and per address. */
#define ADMIN_FAIL_WINDOW_SECS	(15 * 60)
#define ADMIN_FAIL_MAX_ACCOUNT	5
#define ADMIN_FAIL_MAX_ADDRESS	30

struct admin_session {
	unsigned char	 id_hash[32];
	int64_t		 user_id;
	char		 email[255];
	char		 csrf[2 * ADMIN_CSRF_BYTES + 1];
	struct db_store	 store;
};

/* A parsed form body: urlencoded, or multipart with at most one file. */
struct admin_body {
	int			 multipart;
	struct sg_form		 form;
	struct sg_mp_form	 mp;
};

/*
 * Find the request's session.  1 and *s filled when it is valid (its
 * last_seen_at is refreshed), 0 when there is none or it expired, < 0 a DB_*
 * code.
 */
int	admin_session_get(struct sg_app *, const struct sg_req *,
	    struct admin_session *);
/* Name of the session cookie for this request (__Host- prefix over TLS). */
const char *admin_cookie_name(const struct sg_req *);

/*
 * The door of every page that needs a signed-in creator.  Returns 1 when s
 * is valid and the handler may go on; 0 when resp already holds the answer
 * (303 to /admin/login, 403 for a cross-site request or a bad CSRF token);
 * or an SG_H_* code to return (SG_H_RETRY, SG_H_DBDOWN) as a negative
 * number: -SG_H_RETRY, -SG_H_DBDOWN.  For POST pass the parsed body: its
 * "csrf" field must equal the session's token.
 */
int	admin_door(struct sg_app *, const struct sg_req *, struct sg_resp *,
	    struct admin_session *, const struct admin_body *);
/* Map admin_door()'s result r (0 or negative) to a handler return. */
#define ADMIN_DOOR_RC(r)	((r) == 0 ? SG_H_OK : -(r))

/*
 * Parse the request body (urlencoded or multipart/form-data) into b.
 * file_cap bounds the upload.  Returns 0, or -1 with a sentence for the
 * user in *why (static).
 */
int	admin_body_parse(const struct sg_app *, const struct sg_req *,
	    struct admin_body *, const char **why);
void	admin_body_free(struct admin_body *);
/* First value of a field, or NULL. */
const char *admin_field(const struct admin_body *, const char *name);
/* Every value of a field (see sg_form_get_all()). */
size_t	admin_field_all(const struct admin_body *, const char *name,
	    const char **out, size_t max);

/* Whether a presented token equals the expected one (constant time). */
int	admin_token_equal(const char *expected, const char *presented);

/*
 * A page's data tree with what every page shows: the store, the user, the
 * CSRF token.  s may be NULL (login page).  NULL when memory ran out.
 */
struct cJSON *admin_page_data(const struct admin_session *, const char *title);

/*
 * Render templates/<name>.mustache with data as an HTML answer of status.
 * On failure answers 500 itself.  Always returns SG_H_OK.
 */
int	admin_render(struct sg_app *, struct sg_resp *, int status,
	    const char *name, const struct cJSON *data);
/* 303 See Other to location (a path of ours). */
int	admin_redirect(struct sg_resp *, const char *location);
/* An HTML error page (templates/admin_error) with status and a message. */
int	admin_error(struct sg_app *, struct sg_resp *,
	    const struct admin_session *, int status, const char *message);
/* The admin security headers (also for the CSV export). */
void	admin_headers(struct sg_resp *);

/* Format minor units or units for display, per the campaign's goal kind. */
void	admin_amount_format(char *dst, size_t size, int64_t v, int money,
	    const struct db_store *);
/*
 * Parse an amount typed by a creator: units are a whole number; money is a
 * decimal in the store's currency with at most its exponent's digits
 * ("250", "250.5", "250.50").  Returns 0 and *out, or -1.
 */
int	admin_amount_parse(const char *s, int money, int exponent, int64_t *out);
/* Same value as text for a form field ("250.50"). */
void	admin_amount_input(char *dst, size_t size, int64_t v, int money,
	    int exponent);

/* Percent progress, floored, for the bar (may exceed 100). */
int64_t	admin_percent(int64_t progress, int64_t goal);

/* Save an uploaded image into media_dir; see admin_upload.c. */
#define ADMIN_MEDIA_NAME_MAX	64
int	admin_upload_save(const struct sg_app *, const void *data, size_t len,
	    char *url, size_t urlsize, const char **why);
void	admin_upload_remove(const struct sg_app *, const char *url);

/* --- form helpers (admin_forms.c) --------------------------------------- */

/* errors[field] = message, unless the field has one already.  -1: no memory. */
int	admin_error_add(struct cJSON *errors, const char *field, const char *message);
/*
 * A validation error from domain/order.h as a message beside its field:
 * the top-level name of err->field ("product_ids[2]" -> "product_ids"), or
 * fallback when it has none.  -1: no memory.
 */
int	admin_verror_add(struct cJSON *errors, const struct sg_verror *err,
	    const char *fallback);
/*
 * Validate a form's fields (as an API body in api) one by one with parse,
 * adding a message beside each wrong field to errors; then, when none was
 * wrong, the whole body (for rules across fields), with is_patch.  in holds
 * parse's result when errors stays empty.  0, or -1: no memory.
 */
typedef int (*admin_parse_fn)(const struct cJSON *body, int is_patch, void *in,
    struct sg_verror *err);
int	admin_fields_check(const struct cJSON *api, int is_patch,
	    struct cJSON *errors, admin_parse_fn parse, void *in);
/*
 * A datetime-local input ("2026-11-22T10:00" or with ":SS"), taken as UTC,
 * as RFC 3339 text.  -1 when it has another shape.
 */
int	admin_datetime_rfc3339(const char *in, char *out, size_t size);

/* --- campaigns (admin_campaign.c) ---------------------------------------- */

/*
 * Load the campaign called slug of the session's store into c, with the
 * display fields of admin_campaign_decorate().  1 found, 0 not found (also
 * for a malformed slug), < 0 a DB_* code.
 */
int	admin_campaign_load(struct sg_app *, const struct admin_session *,
	    const char *slug, struct cJSON *c);
/* Add progress, percent, display strings, status flags and widget links. */
int	admin_campaign_decorate(struct sg_app *, const struct admin_session *,
	    struct cJSON *c);
/* Catalog products matching q into arr (rows >= 0, or a DB_* code). */
int	admin_products_search(struct sg_app *, const struct admin_session *,
	    const char *q, struct cJSON *arr);

#endif
