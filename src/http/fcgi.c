/* fcgi.c — the FastCGI edge; see fcgi.h. */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "http/fcgi.h"
#include "util/log.h"

int
fcgi_listen(const char *path, int backlog, unsigned mode)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		sg_error("listen: socket path too long: %s", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			sg_error("listen: %s exists and is not a socket", path);
			return -1;
		}
		unlink(path);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		sg_error("listen: socket: %s", strerror(errno));
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    chmod(path, (mode_t)mode) == -1 || listen(fd, backlog) == -1) {
		sg_error("listen: %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

void
fcgi_shutdown(void)
{
	FCGX_ShutdownPending();
}

static const char *
param(FCGX_Request *r, const char *name)
{
	const char	*v = FCGX_GetParam(name, r->envp);

	return v == NULL ? "" : v;
}

/*
 * Read the body into b, at most cap bytes.  Returns 0, 1 when the body is
 * larger than cap, -1 on a read error or a short body.
 */
static int
read_body(FCGX_Request *r, struct sg_buf *b, size_t cap)
{
	const char	*cl = param(r, "CONTENT_LENGTH");
	char		 chunk[16384], *end;
	unsigned long long	 want = 0;
	int		 n, known = 0;

	if (*cl != '\0') {
		errno = 0;
		want = strtoull(cl, &end, 10);
		if (errno != 0 || *end != '\0')
			return -1;
		if (want > cap)
			return 1;
		known = 1;
	}
	for (;;) {
		n = FCGX_GetStr(chunk, sizeof(chunk), r->in);
		if (n <= 0)
			break;
		if (b->len + (size_t)n > cap)
			return 1;
		if (sg_buf_add(b, chunk, (size_t)n) != SG_BUF_OK)
			return -1;
	}
	if (known && b->len != want)
		return -1;
	return 0;
}

/* Headers every response carries, unless the handler set its own. */
static void
security_headers(struct sg_resp *resp)
{
	sg_resp_header(resp, "X-Content-Type-Options", "nosniff");
	sg_resp_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
	if (!resp->has_csp)
		sg_resp_header(resp, "Content-Security-Policy",
		    "default-src 'none'; frame-ancestors 'none'");
}

static double
elapsed_ms(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * Send status, headers and body.  libfcgi's own printf does not know every
 * conversion (%zu among them), so everything is formatted here.
 */
static void
write_response(FCGX_Request *r, const struct sg_req *req, struct sg_resp *resp)
{
	char	 line[128];
	int	 n;

	n = snprintf(line, sizeof(line), "Status: %d %s\r\n", resp->status,
	    sg_status_text(resp->status));
	FCGX_PutStr(line, n, r->out);
	if (resp->headers.len > 0)
		FCGX_PutStr(resp->headers.data, (int)resp->headers.len, r->out);
	n = snprintf(line, sizeof(line), "Content-Length: %zu\r\n\r\n",
	    resp->body.len);
	FCGX_PutStr(line, n, r->out);
	if (req->method != SG_METHOD_HEAD && resp->body.len > 0)
		FCGX_PutStr(resp->body.data, (int)resp->body.len, r->out);
}

/*
 * A request read and waiting for its answer: what serve_one() held on its
 * stack, kept until the batch it is part of is answered.
 */
struct pending {
	FCGX_Request	*conn;
	struct sg_req	 req;
	struct sg_resp	 resp;
	struct sg_buf	 body, uri;
	struct timespec	 t0;
	int		 answered;	/* by the edge itself (413, 414, 400) */
};

/* Read the request nginx sent on r into p (answered there when malformed). */
static void
pending_read(struct pending *p, FCGX_Request *r, size_t body_cap)
{
	struct sg_req	*req = &p->req;
	const char	*q;
	int		 rc;

	memset(p, 0, sizeof(*p));
	p->conn = r;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	sg_resp_init(&p->resp);
	sg_buf_init(&p->body, body_cap);
	sg_buf_init(&p->uri, SG_PATH_MAX * 4);

	req->method_name = param(r, "REQUEST_METHOD");
	req->method = sg_method_parse(req->method_name);
	/* REQUEST_URI is the raw target: split path and query ourselves. */
	if (sg_buf_adds(&p->uri, param(r, "REQUEST_URI")) != SG_BUF_OK ||
	    p->uri.len == 0) {
		sg_resp_error(&p->resp, 414, "uri_too_long",
		    "the request target is too long", NULL);
		req->path = "";
		p->answered = 1;
		return;
	}
	if ((q = strchr(p->uri.data, '?')) != NULL) {
		p->uri.data[q - p->uri.data] = '\0';
		req->query = q + 1;
	} else
		req->query = "";
	req->path = p->uri.data;
	req->content_type = param(r, "CONTENT_TYPE");
	req->authorization = param(r, "HTTP_AUTHORIZATION");
	req->cookie = param(r, "HTTP_COOKIE");
	req->if_none_match = param(r, "HTTP_IF_NONE_MATCH");
	req->sec_fetch_site = param(r, "HTTP_SEC_FETCH_SITE");
	req->origin = param(r, "HTTP_ORIGIN");
	req->remote_addr = param(r, "REMOTE_ADDR");
	req->shopify_hmac = param(r, "HTTP_X_SHOPIFY_HMAC_SHA256");
	req->shopify_topic = param(r, "HTTP_X_SHOPIFY_TOPIC");
	req->shopify_event_id = param(r, "HTTP_X_SHOPIFY_EVENT_ID");
	req->shopify_webhook_id = param(r, "HTTP_X_SHOPIFY_WEBHOOK_ID");
	req->wc_signature = param(r, "HTTP_X_WC_WEBHOOK_SIGNATURE");
	req->wc_topic = param(r, "HTTP_X_WC_WEBHOOK_TOPIC");
	req->wc_delivery_id = param(r, "HTTP_X_WC_WEBHOOK_DELIVERY_ID");
	req->https = strcasecmp(param(r, "HTTPS"), "on") == 0;

	rc = read_body(r, &p->body, body_cap);
	if (rc == 1) {
		sg_resp_error(&p->resp, 413, "too_large",
		    "the request body is larger than allowed", NULL);
		p->answered = 1;
		return;
	} else if (rc == -1) {
		sg_resp_error(&p->resp, 400, "bad_request",
		    "the request body could not be read", NULL);
		p->answered = 1;
		return;
	}
	req->body = p->body.data == NULL ? "" : p->body.data;
	req->body_len = p->body.len;
}

/* Answer p on its connection, log it, and let the connection go on. */
static void
pending_answer(struct pending *p)
{
	security_headers(&p->resp);
	write_response(p->conn, &p->req, &p->resp);
	sg_info("%s %s %d %.1fms", p->req.method_name, p->req.path,
	    p->resp.status, elapsed_ms(&p->t0));
	sg_resp_free(&p->resp);
	sg_buf_free(&p->body);
	sg_buf_free(&p->uri);
	FCGX_Finish_r(p->conn);
}

/*
 * Dispatch the requests of pend[0..n) not answered by the edge, as one
 * call, then answer them all in the order they were read.
 */
static void
batch_run(struct pending *pend, size_t n, sg_dispatch_fn dispatch, void *ctx)
{
	struct sg_req	*reqs[FCGI_BATCH_MAX];
	struct sg_resp	*resps[FCGI_BATCH_MAX];
	size_t		 i, m = 0;

	for (i = 0; i < n; i++)
		if (!pend[i].answered) {
			reqs[m] = &pend[i].req;
			resps[m++] = &pend[i].resp;
		}
	if (m > 0)
		dispatch(ctx, reqs, resps, m);
	for (i = 0; i < n; i++)
		pending_answer(&pend[i]);
}

/*
 * Take the next request on c into *p: the one nginx sent on the kept
 * connection, or on a newly accepted one when c has none (the listening
 * socket is non-blocking, so another worker taking the connection first is
 * no wait).  libfcgi keeps the connection open after the answer when nginx
 * asked for it (FCGI_KEEP_CONN, fastcgi_keep_conn on) and closes it
 * otherwise, or when nginx closed its end (c->ipcFd is then -1).
 */
static int
take(FCGX_Request *c, struct pending *p, size_t body_cap)
{
	int	 rc;

	if ((rc = FCGX_Accept_r(c)) < 0)
		return rc;
	pending_read(p, c, body_cap);
	return 0;
}

int
fcgi_serve(int listen_fd, size_t body_cap, size_t batch_max,
    sg_dispatch_fn dispatch, void *ctx, volatile sig_atomic_t *stop)
{
	FCGX_Request	 conn[FCGI_CONNS_MAX];
	struct pending	*pend;
	struct pollfd	 pfd[FCGI_CONNS_MAX + 1];
	int		 who[FCGI_CONNS_MAX + 1];
	struct timespec	 ts, *tsp;
	sigset_t	 term, waiting;
	size_t		 np, bytes, accepted;
	long		 due;
	int		 i, k, n, open, fl, rc;

	if (batch_max < 1)
		batch_max = 1;
	if (batch_max > FCGI_BATCH_MAX)
		batch_max = FCGI_BATCH_MAX;
	/*
	 * SIGTERM and SIGINT stay blocked except inside ppoll(), so that a
	 * request is always finished and no database read is cut short by
	 * EINTR; the handler sets *stop and ppoll() returns.
	 */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigprocmask(SIG_BLOCK, &term, &waiting);
	sigdelset(&waiting, SIGTERM);
	sigdelset(&waiting, SIGINT);

	if (FCGX_Init() != 0) {
		sg_error("FCGX_Init failed");
		return -1;
	}
	if ((fl = fcntl(listen_fd, F_GETFL)) == -1 ||
	    fcntl(listen_fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		sg_error("listen socket: %s", strerror(errno));
		return -1;
	}
	if ((pend = calloc(FCGI_BATCH_MAX, sizeof(*pend))) == NULL) {
		sg_error("worker: out of memory");
		return -1;
	}
	for (i = 0; i < FCGI_CONNS_MAX; i++)
		if (FCGX_InitRequest(&conn[i], listen_fd, 0) != 0) {
			sg_error("FCGX_InitRequest failed");
			free(pend);
			return -1;
		}
	sg_log_batch();
	while (!*stop) {
		/* Every open connection, and the listening socket while a
		 * slot is free. */
		n = open = 0;
		for (i = 0; i < FCGI_CONNS_MAX; i++)
			if (conn[i].ipcFd >= 0) {
				pfd[n].fd = conn[i].ipcFd;
				pfd[n].events = POLLIN;
				who[n++] = i;
				open++;
			}
		if (open < FCGI_CONNS_MAX) {
			pfd[n].fd = listen_fd;
			pfd[n].events = POLLIN;
			who[n++] = -1;
		}
		tsp = NULL;
		if ((due = sg_log_flush_due()) >= 0) {
			ts.tv_sec = due / 1000;
			ts.tv_nsec = (due % 1000) * 1000000L;
			tsp = &ts;
		}
		if (ppoll(pfd, (nfds_t)n, tsp, &waiting) < 0) {
			if (errno != EINTR) {
				sg_error("poll: %s", strerror(errno));
				usleep(10000);	/* do not spin */
			}
			continue;
		}
		/*
		 * One request per ready connection, and from the listening
		 * socket up to batch_max new connections; dispatched batch_max
		 * at a time (or once FCGI_BATCH_BYTES of bodies are waiting),
		 * then look again.
		 */
		np = bytes = 0;
		for (k = 0; k < n; k++) {
			if (pfd[k].revents == 0)
				continue;
			for (accepted = 0; accepted < batch_max; accepted++) {
				if ((i = who[k]) < 0)
					for (i = 0; i < FCGI_CONNS_MAX &&
					    conn[i].ipcFd >= 0; i++)
						;
				if (i == FCGI_CONNS_MAX)
					break;
				rc = take(&conn[i], &pend[np], body_cap);
				if (rc < 0) {
					/* Another worker took the connection:
					 * EAGAIN.  Any other failure to accept
					 * (EMFILE): do not spin. */
					if (who[k] < 0 && rc != -EAGAIN &&
					    rc != -EWOULDBLOCK)
						usleep(10000);
					break;
				}
				bytes += pend[np++].body.len;
				if (np == batch_max || bytes >= FCGI_BATCH_BYTES) {
					batch_run(pend, np, dispatch, ctx);
					np = bytes = 0;
				}
				if (who[k] >= 0)
					break;	/* one per kept connection */
			}
		}
		if (np > 0)
			batch_run(pend, np, dispatch, ctx);
	}
	/*
	 * Stopping: answer what nginx already sent on a kept connection, then
	 * close them all, idle ones too (nginx opens a new connection for its
	 * next request, to the next generation after a reload).
	 */
	for (i = 0; i < FCGI_CONNS_MAX; i++) {
		if (conn[i].ipcFd < 0)
			continue;
		pfd[0].fd = conn[i].ipcFd;
		pfd[0].events = POLLIN;
		if (poll(pfd, 1, 0) == 1 && (pfd[0].revents & POLLIN) &&
		    take(&conn[i], &pend[0], body_cap) == 0)
			batch_run(pend, 1, dispatch, ctx);
		if (conn[i].ipcFd >= 0) {
			close(conn[i].ipcFd);
			conn[i].ipcFd = -1;
		}
		FCGX_Free(&conn[i], 0);
	}
	free(pend);
	sg_log_flush();
	return 0;
}
