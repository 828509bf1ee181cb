/*
 * admin.h — shared pieces of the admin module (handlers/admin*.c): the
 * creator's session, the CSRF check, form bodies, template data and HTML
 * answers.  Handlers only read the database (through the typed functions
 * of db/<entity>.h) and write through service/ (service/campaign.h for
 * campaigns and milestones, service/session.h for sign-in and sessions).
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
#include "service/session.h"
#include "util/form.h"
#include "util/multipart.h"

struct cJSON;
struct db_campaign;
struct db_milestone;

/* A parsed form body: urlencoded, or multipart with at most one file. */
struct admin_body {
	int			 multipart;
	struct sg_form		 form;
	struct sg_mp_form	 mp;
};

/*
 * The signed-in creator is a struct svc_session (service/session.h, which
 * also holds the session and sign-in limits).
 *
 * Find the request's session.  1 and *s filled when it is valid (its
 * last_seen_at is refreshed), 0 when there is none or it expired, < 0 a DB_*
 * code.  Answers nothing.
 */
int	admin_session_get(struct sg_app *, const struct sg_req *,
	    struct svc_session *);
/* Name of the session cookie for this request (__Host- prefix over TLS). */
const char *admin_cookie_name(const struct sg_req *);

/*
 * The door convention.  A function whose name ends in _or_reply may answer
 * the client itself.  It returns 1 when the handler may go on, or 0 when
 * resp already holds the answer (or the request is to be retried): the
 * handler then returns *hrc at once (SG_H_OK, SG_H_RETRY or SG_H_DBDOWN,
 * see handlers/handlers.h).  Nothing else in the admin answers on a
 * handler's behalf except the answer functions below (admin_render,
 * admin_redirect, admin_error), which always return SG_H_OK.
 */

/*
 * The door of every page that needs a signed-in creator.  Goes on with s
 * filled; or answers 303 to /admin/login (GET), 403 for a cross-site
 * request, an ended session (POST) or a bad CSRF token.  For POST pass the
 * parsed body: its "csrf" field must equal the session's token.
 */
int	admin_door_or_reply(struct sg_app *, const struct sg_req *,
	    struct sg_resp *, struct svc_session *, const struct admin_body *,
	    int *hrc);
/*
 * Parse the request body (urlencoded or multipart/form-data, the upload
 * bounded by max_upload) into b, or answer 400 with the reason.  Free b
 * with admin_body_free() in both cases.
 */
int	admin_body_or_reply(struct sg_app *, const struct sg_req *,
	    struct sg_resp *, struct admin_body *, int *hrc);
/*
 * Load the campaign called slug of the session's store into c (template
 * data, see admin_campaign_load()), or answer 404.
 */
int	admin_campaign_or_reply(struct sg_app *, struct sg_resp *,
	    const struct svc_session *, const char *slug, struct cJSON *c,
	    int *hrc);

void	admin_body_free(struct admin_body *);
/* First value of a field, or NULL. */
const char *admin_field(const struct admin_body *, const char *name);
/* Every value of a field (see sg_form_get_all()). */
size_t	admin_field_all(const struct admin_body *, const char *name,
	    const char **out, size_t max);

/* Whether the form carries confirm=yes (from a confirmation page). */
int	admin_confirmed(const struct admin_body *);

/* Whether a presented token equals the expected one (constant time). */
int	admin_token_equal(const char *expected, const char *presented);

/*
 * A page's data tree with what every page shows: the store, the user, the
 * CSRF token.  s may be NULL (login page).  NULL when memory ran out.
 */
struct cJSON *admin_page_data(const struct svc_session *, const char *title);

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
	    const struct svc_session *, int status, const char *message);
/*
 * Flash messages: admin_flash_set() (before or after admin_redirect())
 * remembers the code of a message for the next page (a cookie holding the
 * code only); admin_flash_take() puts its text into d["flash"] (the page
 * head shows it) and forgets it.  Codes: created, saved, live, ended,
 * ms-added, ms-saved, ms-deleted, ms-gift-unchecked, duplicated, archived, unarchived,
 * fulfilled, none-fulfilled, and of the Settings pages hook-set,
 * hook-removed, webhook-deleted, resent, locale-saved (admin_core.c).
 * -1: no memory.
 */
void	admin_flash_set(const struct sg_req *, struct sg_resp *, const char *code);
int	admin_flash_take(const struct sg_req *, struct sg_resp *, struct cJSON *d);
/*
 * The confirmation page of an irreversible change (templates/admin_confirm,
 * no script needed): the question as its heading, the consequence, a
 * form that POSTs csrf, confirm=yes (and status, when not NULL) to action,
 * and Cancel back to cancel (crumb names it).  200.  Always SG_H_OK.
 */
int	admin_confirm(struct sg_app *, struct sg_resp *,
	    const struct svc_session *, const char *question,
	    const char *consequence, const char *action, const char *status,
	    const char *confirm_label, const char *cancel, const char *crumb);
/* The admin security headers (also for the CSV export). */
void	admin_headers(struct sg_resp *);
/* The same, allowing one inline style (its CSP source, "" or NULL: none). */
void	admin_headers_style(struct sg_resp *, const char *style_src);

/*
 * Template data.  One reader of values back out of such data (strings ""
 * and numbers 0 when absent), and one builder from each entity struct:
 * the keys are the columns' names, times are DATETIME text (UTC) and
 * absent values are null.  with_text 0 leaves the campaign's description
 * out (lists).  -1: no memory.
 */
const char *admin_json_str(const struct cJSON *, const char *name);
int64_t	admin_json_i64(const struct cJSON *, const char *name);
int	admin_campaign_json(const struct db_campaign *, int with_text,
	    struct cJSON *c);
int	admin_milestone_json(const struct db_milestone *, struct cJSON *m);

/* An amount for display in the campaign's unit (see sg_amount_format()). */
void	admin_amount_format(char *dst, size_t size, int64_t v, int money,
	    const struct db_store *);

/* --- milestone photos (admin_upload.c) ---------------------------------- */

/*
 * Photos are bounded by the max_upload setting (bytes; util/config.h) and
 * the other limits of util/image.h; the form shows the same limit.
 */
struct sg_image_info;
#define ADMIN_MEDIA_NAME_MAX	64
/* max_upload as text for people ("2 MiB"). */
void	admin_upload_limit_text(const struct sg_app *, char *dst, size_t size);
/*
 * Check a photo without saving it: 0 and *info, or 1 with a sentence for
 * the form in why.
 */
int	admin_photo_check(const struct sg_app *, const void *data, size_t len,
	    struct sg_image_info *info, char *why, size_t whysize);
/*
 * Check data (len bytes) and write it to media_dir/<random>.<ext>; url
 * receives "/media/<name>".  Returns 0; 1 when the image is refused (why
 * says why, for the form); -1 when it could not be written (logged).
 */
int	admin_upload_save(const struct sg_app *, const void *data, size_t len,
	    char *url, size_t urlsize, char *why, size_t whysize);
/* Remove a file stored by admin_upload_save() (after a failed save). */
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

/*
 * The decimal mark of the session's store (its locale, sql/016): '.' or
 * ','; '.' when it cannot be read.
 */
char	admin_store_mark(struct sg_app *, const struct svc_session *);
/*
 * An amount typed in field (sg_money_parse_locale() with exponent and
 * mark) into api[field]; or a message beside the field in errors: empty
 * when nothing was typed, else how it was read and why it was refused.
 * 0, or -1: no memory.
 */
int	admin_amount_add(struct cJSON *errors, struct cJSON *api,
	    const char *field, const char *text, int exponent, char mark,
	    const char *empty);

/*
 * An amount for a form field, written with the store's decimal mark so
 * that it reads back the same (sg_money_input_format() otherwise).
 */
void	admin_amount_input(char *dst, size_t size, int64_t v, int exponent,
	    char mark);

/* --- campaigns (admin_campaign.c) ---------------------------------------- */

/*
 * Load the campaign called slug of the session's store into c, with the
 * display fields of admin_campaign_decorate().  1 found, 0 not found (also
 * for a malformed slug), < 0 a DB_* code.
 */
int	admin_campaign_load(struct sg_app *, const struct svc_session *,
	    const char *slug, struct cJSON *c);
/* Catalog products matching q into arr (rows >= 0, or a DB_* code). */
int	admin_products_search(struct sg_app *, const struct svc_session *,
	    const char *q, struct cJSON *arr);

#endif
