/*
 * http.h — the request and response that every handler sees.
 *
 * This header is the vocabulary shared by the HTTP edge (http/fcgi.c, the
 * only code that talks libfcgi), the router (app/router.c) and the
 * handlers.  Nothing here knows about FastCGI, so handlers can be driven by
 * tests with a request built in memory; nothing here knows about routes,
 * handlers or the database either: http/ is the bottom of the request path
 * and includes only util/.
 *
 * Ownership: a struct sg_req points into memory owned by the edge for the
 * duration of one request; handlers must not keep pointers past it.  A struct
 * sg_resp owns its buffers: sg_resp_init() before use, sg_resp_free() after.
 * Response helpers return 0, or -1 when a buffer cap or memory ran out (the
 * edge then answers 500).
 */
#ifndef SG_HTTP_HTTP_H
#define SG_HTTP_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct cJSON;

enum sg_method {
	SG_METHOD_GET,
	SG_METHOD_HEAD,
	SG_METHOD_POST,
	SG_METHOD_PUT,
	SG_METHOD_PATCH,
	SG_METHOD_DELETE,
	SG_METHOD_OPTIONS,
	SG_METHOD_OTHER,
	SG_METHOD__MAX
};

/* Most captured path segments a route may have. */
#define SG_ROUTE_MAXARGS	4
/* Longest request path accepted (bytes); longer ones are 414. */
#define SG_PATH_MAX		2048
/* Longest response header block a handler may build. */
#define SG_RESP_HEADERS_MAX	(16u * 1024u)
/* Largest response body (bytes). */
#define SG_RESP_BODY_MAX	(8u * 1024u * 1024u)

struct sg_req {
	enum sg_method	 method;
	const char	*method_name;
	const char	*path;		/* raw path, without the query */
	const char	*query;		/* raw query string, "" when none */
	const char	*content_type;	/* "" when none */
	const char	*authorization;	/* "" when none */
	const char	*cookie;
	const char	*if_none_match;
	const char	*sec_fetch_site;
	const char	*origin;
	const char	*remote_addr;
	/* Store platform webhook headers (handlers/hooks.c); "" or NULL: none. */
	const char	*shopify_hmac;		/* X-Shopify-Hmac-Sha256 */
	const char	*shopify_topic;		/* X-Shopify-Topic */
	const char	*shopify_event_id;	/* X-Shopify-Event-Id */
	const char	*shopify_webhook_id;	/* X-Shopify-Webhook-Id */
	const char	*wc_signature;		/* X-WC-Webhook-Signature */
	const char	*wc_topic;		/* X-WC-Webhook-Topic */
	const char	*wc_delivery_id;	/* X-WC-Webhook-Delivery-Id */
	int		 https;		/* came over TLS */
	const char	*body;		/* body_len bytes, NUL-terminated */
	size_t		 body_len;
	/* Percent-decoded path segments matched by '*' in the route. */
	char		*args[SG_ROUTE_MAXARGS];
	size_t		 nargs;
};

struct sg_resp {
	int		 status;
	struct sg_buf	 headers;	/* "Name: value\r\n" lines */
	struct sg_buf	 body;
	int		 has_csp;	/* a Content-Security-Policy was set */
};

/* What a route accepts as a request body (checked by the router). */
enum sg_body_kind {
	SG_BODY_NONE,		/* none expected; one that comes is ignored */
	SG_BODY_JSON,		/* application/json, up to max_body bytes */
	SG_BODY_FORM,		/* application/x-www-form-urlencoded or
				   multipart/form-data, up to max_upload
				   bytes plus SG_FORM_OVERHEAD */
	SG_BODY_RAW,		/* any content type, up to max_body bytes,
				   kept as sent (signed webhook bodies) */
};

/*
 * Room for the other fields of a form that carries an upload (64 KiB), plus
 * SG_UPLOAD_GRACE (util/config.h, 2 MiB): a photo up to that much over
 * max_upload is still read, so the form can refuse it beside the field.
 */
#define SG_FORM_OVERHEAD	(64u * 1024u + 2097152u)

void	sg_resp_init(struct sg_resp *);
void	sg_resp_free(struct sg_resp *);
/* Drop status, headers and body (before a retry). */
void	sg_resp_reset(struct sg_resp *);
int	sg_resp_header(struct sg_resp *, const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * Answer with status and the JSON of obj (Content-Type application/json).
 * obj stays the caller's.
 */
int	sg_resp_json(struct sg_resp *, int status, const struct cJSON *obj);
/*
 * Answer with the error shape of SPEC.md:
 * {"error":{"code":…,"message":…,"field":…}}; field may be NULL.
 */
int	sg_resp_error(struct sg_resp *, int status, const char *code,
	    const char *message, const char *field);
/* Reason phrase for a status code ("OK", "Not Found", …). */
const char *sg_status_text(int status);
enum sg_method sg_method_parse(const char *);

#endif
