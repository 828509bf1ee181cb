/*
 * router.c — the front line: method, page and content type are checked here,
 * then one handler per page runs.  See app.h for sg_dispatch().
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/metrics.h"
#include "db/db.h"
#include "handlers/handlers.h"
#include "handlers/routes_admin.h"
#include "handlers/routes_api.h"
#include "handlers/routes_hooks.h"
#include "handlers/routes_public.h"
#include "http/http.h"
#include "util/config.h"
#include "util/log.h"

struct route {
	enum sg_method		 method;
	const char		*pattern;	/* '/'-separated; '*' matches one segment */
	enum sg_body_kind	 body;
	int			 needs_db;	/* connect before running the handler */
	sg_handler_fn		 fn;
};

/*
 * The routing table.  Each feature module lists its routes as
 * R(method, pattern, body kind, needs_db, handler) entries in its own
 * handlers/routes_*.h; the first entry matching method and path wins.
 */
static const struct route routes[] = {
#define R(m, p, b, d, f) { m, p, b, d, f },
	R(SG_METHOD_GET, "/healthz", SG_BODY_NONE, 0, h_healthz)
	R(SG_METHOD_GET, "/metrics", SG_BODY_NONE, 0, h_metrics)
	SG_ROUTES_API
	SG_ROUTES_PUBLIC
	SG_ROUTES_ADMIN
	SG_ROUTES_HOOKS
#undef R
};

#define NROUTES	(sizeof(routes) / sizeof(routes[0]))
/*
 * A handler the database keeps rolling back runs again after a jittered,
 * doubling pause (DISPATCH_PAUSE_US up to DISPATCH_PAUSE_MAX_US) until
 * db_retry_budget_ms is spent, and at most DISPATCH_TRIES times.
 */
#define DISPATCH_TRIES		64
#define DISPATCH_PAUSE_US	1000
#define DISPATCH_PAUSE_MAX_US	50000

/* Microseconds on a clock that does not jump. */
static int64_t
now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* A pause in [d/2, d] for the try-th retry; per-process random. */
static int64_t
retry_pause_us(int try)
{
	static unsigned	 seed;
	int64_t		 d = DISPATCH_PAUSE_US;

	if (seed == 0)
		seed = (unsigned)getpid() ^ (unsigned)now_us();
	while (--try > 0 && d < DISPATCH_PAUSE_MAX_US)
		d *= 2;
	if (d > DISPATCH_PAUSE_MAX_US)
		d = DISPATCH_PAUSE_MAX_US;
	return d / 2 + rand_r(&seed) % (d / 2 + 1);
}

static const char *const method_names[SG_METHOD__MAX] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "",
};

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Percent-decode the segment [s, s+len) into a new string.  Returns NULL
 * for a bad escape, an encoded NUL or '/', or no memory.
 */
static char *
segment_decode(const char *s, size_t len)
{
	char	*out, *o;
	size_t	 i;
	int	 hi, lo, c;

	if ((out = malloc(len + 1)) == NULL)
		return NULL;
	for (i = 0, o = out; i < len; i++) {
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 >= len || (hi = hexval((unsigned char)s[i + 1])) < 0 ||
		    (lo = hexval((unsigned char)s[i + 2])) < 0)
			goto bad;
		c = hi * 16 + lo;
		if (c == 0 || c == '/')
			goto bad;
		*o++ = (char)c;
		i += 2;
	}
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

static void
args_free(struct sg_req *req)
{
	size_t	 i;

	for (i = 0; i < req->nargs; i++) {
		free(req->args[i]);
		req->args[i] = NULL;
	}
	req->nargs = 0;
}

/*
 * Does path match pattern?  When it does and req is not NULL, the '*'
 * segments are decoded into req->args.  Returns 1 match, 0 no match,
 * -1 a captured segment could not be decoded (treated as no match).
 */
static int
route_match(const char *pattern, const char *path, struct sg_req *req)
{
	const char	*p = pattern, *s = path, *pe, *se;

	for (;;) {
		if (*p != '/' || *s != '/')
			return 0;
		p++, s++;
		pe = strchr(p, '/');
		se = strchr(s, '/');
		if (pe == NULL)
			pe = p + strlen(p);
		if (se == NULL)
			se = s + strlen(s);
		if (pe - p == 1 && *p == '*') {
			if (se == s)
				return 0;	/* empty segment */
			if (req != NULL) {
				if (req->nargs == SG_ROUTE_MAXARGS)
					return -1;
				if ((req->args[req->nargs] =
				    segment_decode(s, (size_t)(se - s))) == NULL)
					return -1;
				req->nargs++;
			}
		} else if (pe - p != se - s || strncmp(p, s, (size_t)(pe - p)) != 0)
			return 0;
		p = pe, s = se;
		if (*p == '\0' && *s == '\0')
			return 1;
		if (*p == '\0' || *s == '\0')
			return 0;
	}
}

/* application/x-www-form-urlencoded or multipart/form-data (any params). */
static int
content_type_is_form(const char *ct)
{
	size_t	 n;

	n = strlen("application/x-www-form-urlencoded");
	if (strncasecmp(ct, "application/x-www-form-urlencoded", n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';'))
		return 1;
	n = strlen("multipart/form-data");
	return strncasecmp(ct, "multipart/form-data", n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';');
}

/*
 * application/json, optionally with a charset parameter of utf-8 (the value
 * may be quoted, RFC 9110), with blanks around the ';' and the end.
 */
static int
content_type_is_json(const char *ct)
{
	const char	*p;

	if (strncasecmp(ct, "application/json", 16) != 0)
		return 0;
	p = ct + 16;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return 1;
	if (*p++ != ';')
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "charset=", 8) != 0)
		return 0;
	p += 8;
	if (strncasecmp(p, "utf-8", 5) == 0)
		p += 5;
	else if (strncasecmp(p, "\"utf-8\"", 7) == 0)
		p += 7;
	else
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == '\0';
}

static void
answer_allow(struct sg_resp *resp, unsigned allowed)
{
	struct sg_buf	 allow;
	size_t		 m;

	sg_buf_init(&allow, 128);
	for (m = 0; m < SG_METHOD__MAX; m++)
		if (allowed & (1u << m))
			(void)sg_buf_printf(&allow, "%s%s",
			    allow.len ? ", " : "", method_names[m]);
	sg_resp_error(resp, 405, "method_not_allowed",
	    "this method is not allowed here", NULL);
	sg_resp_header(resp, "Allow", "%s", allow.data ? allow.data : "");
	sg_buf_free(&allow);
}

/* A path with a broken escape or an encoded NUL is malformed. */
static int
path_wellformed(const char *p)
{
	for (; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		if (hexval((unsigned char)p[1]) < 0 || hexval((unsigned char)p[2]) < 0)
			return 0;
		if (p[1] == '0' && p[2] == '0')
			return 0;
		p += 2;
	}
	return 1;
}

size_t
sg_route_count(void)
{
	return NROUTES;
}

void
sg_route_describe(size_t i, const char **method, const char **pattern)
{
	*method = i < NROUTES ? method_names[routes[i].method] : "";
	*pattern = i < NROUTES ? routes[i].pattern : "";
}

int
sg_dispatch(struct sg_app *app, struct sg_req *req, struct sg_resp *resp)
{
	const struct route	*r = NULL;
	unsigned		 allowed = 0;
	size_t			 i;
	int			 m, rc = SG_H_OK, try, stale_retry;
	int64_t			 start, budget, pause;
	enum sg_method		 method;

	if (strlen(req->path) > SG_PATH_MAX) {
		sg_resp_error(resp, 414, "uri_too_long", "the path is too long", NULL);
		return -1;
	}
	if (req->path[0] != '/' || !path_wellformed(req->path)) {
		sg_resp_error(resp, 400, "bad_request", "the request path is malformed", NULL);
		return -1;
	}
	/* HEAD is GET without the body; the edge drops the body. */
	method = req->method == SG_METHOD_HEAD ? SG_METHOD_GET : req->method;
	for (i = 0; i < NROUTES; i++) {
		if ((m = route_match(routes[i].pattern, req->path, NULL)) != 1)
			continue;
		allowed |= 1u << routes[i].method;
		if (routes[i].method == SG_METHOD_GET)
			allowed |= 1u << SG_METHOD_HEAD;
		if (routes[i].method == method && r == NULL)
			r = &routes[i];
	}
	/* Bodies beyond what the route (or, without one, JSON) takes: 413. */
	if (req->body_len > (size_t)app->cfg->max_body &&
	    (r == NULL || r->body != SG_BODY_FORM)) {
		sg_resp_error(resp, 413, "too_large",
		    "the request body is larger than allowed", NULL);
		return r == NULL ? -1 : (int)(r - routes);
	}
	if (r == NULL) {
		if (allowed == 0)
			sg_resp_error(resp, 404, "not_found", "no such resource", NULL);
		else
			answer_allow(resp, allowed);
		return -1;
	}
	if (route_match(r->pattern, req->path, req) != 1) {
		args_free(req);
		sg_resp_error(resp, 404, "not_found", "no such resource", NULL);
		return (int)(r - routes);
	}
	if (r->body == SG_BODY_JSON && !content_type_is_json(req->content_type)) {
		sg_resp_error(resp, 415, "unsupported_media_type",
		    "the body must be application/json", NULL);
		goto out;
	}
	if (r->body == SG_BODY_FORM && !content_type_is_form(req->content_type)) {
		sg_resp_error(resp, 415, "unsupported_media_type",
		    "the body must be a form", NULL);
		goto out;
	}
	/*
	 * A handler runs again (on a clean response) after a deadlock or a
	 * Galera certification conflict, within the retry budget, and once
	 * after its connection turned out to be stale — the server restarted
	 * since this worker's last request — when a new connection succeeds.
	 * Handlers keep all their writes in one transaction, so a rolled-back
	 * attempt left nothing behind.  Never after a COMMIT whose outcome is
	 * unknown (db_take_ambiguous): that answers 503, and the client's
	 * retry with its idempotency key finds what did happen.
	 */
	stale_retry = 0;
	start = now_us();
	budget = (int64_t)app->cfg->db_retry_budget_ms * 1000;
	if (app->db != NULL)
		(void)db_take_ambiguous(app->db);
	for (try = 0; try < DISPATCH_TRIES; try++) {
		if (try > 0) {
			sg_resp_reset(resp);
			if (rc == SG_H_RETRY) {
				pause = retry_pause_us(try);
				if (now_us() + pause - start > budget)
					break;
				sg_metrics_retry(sg_metrics_retry_cause(
				    db_last_error(app->db)));
				usleep((useconds_t)pause);
			}
		}
		if (r->needs_db && db_ensure(app->db) != DB_OK) {
			rc = SG_H_DBDOWN;
			break;
		}
		rc = r->fn(app, req, resp);
		if (app->db != NULL && db_take_ambiguous(app->db)) {
			sg_warn("%s %s: the outcome of its commit is unknown; "
			    "answering 503", req->method_name, req->path);
			sg_metrics_retry(SG_RETRY_AMBIGUOUS_COMMIT);
			rc = SG_H_DBDOWN;
			break;
		}
		if (rc == SG_H_DBDOWN && r->needs_db && !stale_retry &&
		    db_ensure(app->db) == DB_OK) {
			stale_retry = 1;
			sg_metrics_retry(SG_RETRY_STALE_CONNECTION);
			continue;
		}
		if (rc != SG_H_RETRY)
			break;
	}
	if (rc == SG_H_DBDOWN)
		sg_h_unavailable(resp);
	else if (rc == SG_H_RETRY) {
		sg_warn("%s %s: still conflicting after %d tries in %lld ms",
		    req->method_name, req->path, try,
		    (long long)((now_us() - start) / 1000));
		sg_metrics_retry(SG_RETRY_BUDGET_EXHAUSTED);
		sg_h_unavailable(resp);
	}
out:
	args_free(req);
	return (int)(r - routes);
}

/* The route of POST /api/v1/orders, which takes orders in batches. */
static const struct route *
orders_route(void)
{
	static const struct route	*o;
	size_t				 i;

	for (i = 0; o == NULL && i < NROUTES; i++)
		if (routes[i].fn == h_api_order_post)
			o = &routes[i];
	return o;
}

/* Would req go to the orders route, with a JSON body it takes? */
static int
batchable(const struct sg_app *app, const struct route *o,
    const struct sg_req *req)
{
	size_t	 i;

	if (o == NULL || req->method != o->method ||
	    req->authorization == NULL || req->authorization[0] == '\0' ||
	    req->body_len > (size_t)app->cfg->max_body ||
	    !content_type_is_json(req->content_type))
		return 0;
	/* The first route matching wins, as in sg_dispatch(). */
	for (i = 0; i < NROUTES; i++)
		if (routes[i].method == req->method &&
		    route_match(routes[i].pattern, req->path, NULL) == 1)
			return &routes[i] == o;
	return 0;
}

size_t
sg_batch_orders(const struct sg_app *app, struct sg_req **reqs, size_t n,
    size_t *idx)
{
	const struct route	*o = orders_route();
	size_t			 i, k = 0;

	if (app->cfg->order_batch < 2 || app->db == NULL)
		return 0;
	for (i = 0; i < n && k < (size_t)app->cfg->order_batch; i++)
		if (batchable(app, o, reqs[i]) && (k == 0 ||
		    strcmp(reqs[i]->authorization,
		    reqs[idx[0]]->authorization) == 0))
			idx[k++] = i;
	return k;
}

int
sg_dispatch_orders(struct sg_app *app, struct sg_req **reqs,
    struct sg_resp **resps, size_t n, int *redo)
{
	const struct route	*o = orders_route();
	size_t			 i, m, counted = 0;

	for (i = 0; i < n; i++)
		redo[i] = 1;
	(void)db_take_ambiguous(app->db);
	if (db_ensure(app->db) == DB_OK)
		counted = h_api_order_post_batch(app, reqs, resps, n, redo);
	if (db_take_ambiguous(app->db)) {
		/* The ones in the transaction (not those answered on their own). */
		for (i = 0, m = 0; i < n; i++)
			m += redo[i] != 0;
		sg_warn("POST %s: %zu orders in one transaction: the outcome "
		    "of its commit is unknown; answering 503", reqs[0]->path, m);
		sg_metrics_retry(SG_RETRY_AMBIGUOUS_COMMIT);
		for (i = 0; i < n; i++)
			if (redo[i]) {
				sg_resp_reset(resps[i]);
				sg_h_unavailable(resps[i]);
				redo[i] = 0;
			}
	}
	sg_metrics_order_batch(counted);
	return (int)(o - routes);
}
