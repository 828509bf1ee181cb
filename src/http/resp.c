/* resp.c — building responses; see http.h. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "http/http.h"

void
sg_resp_init(struct sg_resp *r)
{
	r->status = 200;
	r->has_csp = 0;
	sg_buf_init(&r->headers, SG_RESP_HEADERS_MAX);
	sg_buf_init(&r->body, SG_RESP_BODY_MAX);
}

void
sg_resp_free(struct sg_resp *r)
{
	sg_buf_free(&r->headers);
	sg_buf_free(&r->body);
}

void
sg_resp_reset(struct sg_resp *r)
{
	r->status = 200;
	r->has_csp = 0;
	sg_buf_reset(&r->headers);
	sg_buf_reset(&r->body);
}

int
sg_resp_header(struct sg_resp *r, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 mark = r->headers.len, i;
	int	 rc;

	if (strcasecmp(name, "Content-Security-Policy") == 0)
		r->has_csp = 1;
	if (sg_buf_printf(&r->headers, "%s: ", name) != SG_BUF_OK)
		return -1;
	va_start(ap, fmt);
	rc = sg_buf_vprintf(&r->headers, fmt, ap);
	va_end(ap);
	if (rc != SG_BUF_OK || sg_buf_adds(&r->headers, "\r\n") != SG_BUF_OK)
		goto fail;
	/* No header splitting, whatever the value held. */
	for (i = mark; i < r->headers.len - 2; i++)
		if (r->headers.data[i] == '\r' || r->headers.data[i] == '\n')
			r->headers.data[i] = ' ';
	return 0;
fail:
	r->headers.len = mark;
	if (r->headers.data != NULL)
		r->headers.data[mark] = '\0';
	return -1;
}

int
sg_resp_json(struct sg_resp *r, int status, const struct cJSON *obj)
{
	char	*text;
	int	 rc;

	r->status = status;
	sg_buf_reset(&r->body);
	if ((text = cJSON_PrintUnformatted(obj)) == NULL)
		return -1;
	rc = sg_buf_adds(&r->body, text);
	free(text);
	if (rc != SG_BUF_OK)
		return -1;
	return sg_resp_header(r, "Content-Type", "application/json");
}

int
sg_resp_error(struct sg_resp *r, int status, const char *code,
    const char *message, const char *field)
{
	cJSON	*root, *err;
	int	 rc = -1;

	if ((root = cJSON_CreateObject()) == NULL)
		return -1;
	if ((err = cJSON_AddObjectToObject(root, "error")) == NULL ||
	    cJSON_AddStringToObject(err, "code", code) == NULL ||
	    cJSON_AddStringToObject(err, "message", message) == NULL)
		goto out;
	if (field != NULL ? cJSON_AddStringToObject(err, "field", field) == NULL :
	    cJSON_AddNullToObject(err, "field") == NULL)
		goto out;
	rc = sg_resp_json(r, status, root);
out:
	cJSON_Delete(root);
	return rc;
}

const char *
sg_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

enum sg_method
sg_method_parse(const char *m)
{
	static const char *const names[] = {
		"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(m, names[i]) == 0)
			return (enum sg_method)i;
	return SG_METHOD_OTHER;
}
