/* load.c — bounded keep-alive load generator; see load.h. */
#include "config.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "oracle/load.h"

struct ld_conn {
	int	 fd;
	char	*in;		/* bytes read and not yet consumed */
	size_t	 len, size;
};

struct ld_shared {
	const struct ld_opts	*opts;
	struct ld_job		*jobs;
	size_t			 n;
	atomic_size_t		 next;
	int64_t			 start_us;
	int64_t			 deadline_us;
};

struct ld_thread {
	struct ld_shared	*sh;
	int			 id;
	pthread_t		 tid;
};

int64_t
ld_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
ld_close(struct ld_conn *c)
{
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	c->len = 0;
}

static int
ld_connect(struct ld_conn *c, int port)
{
	struct sockaddr_in	 sin;
	struct timeval		 tv = { 30, 0 };
	int			 one = 1;

	if ((c->fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		ld_close(c);
		return -1;
	}
	c->len = 0;
	return 0;
}

static int
ld_write_all(int fd, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(fd, p, n)) <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads more bytes into c->in; 0 on success, -1 on EOF/error/too big. */
static int
ld_fill(struct ld_conn *c)
{
	ssize_t	 r;
	char	*p;

	if (c->size - c->len < 16384) {
		if (c->size >= LD_RESP_MAX + 65536)
			return -1;
		c->size = c->size == 0 ? 65536 : c->size * 2;
		if ((p = realloc(c->in, c->size + 1)) == NULL)
			return -1;
		c->in = p;
	}
	do
		r = read(c->fd, c->in + c->len, c->size - c->len);
	while (r == -1 && errno == EINTR);
	if (r <= 0)
		return -1;
	c->len += (size_t)r;
	c->in[c->len] = '\0';
	return 0;
}

static const char *
ld_find(const char *hay, size_t len, const char *needle)
{
	size_t	 nl = strlen(needle), i;

	for (i = 0; i + nl <= len; i++)
		if (memcmp(hay + i, needle, nl) == 0)
			return hay + i;
	return NULL;
}

/* The value of header name in the header block [h, h+len), or NULL. */
static const char *
ld_header(const char *h, size_t len, const char *name, size_t *vlen)
{
	const char	*p = h, *end = h + len, *eol;
	size_t		 nl = strlen(name);

	while (p < end) {
		if ((eol = ld_find(p, (size_t)(end - p), "\r\n")) == NULL)
			eol = end;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 &&
		    p[nl] == ':') {
			p += nl + 1;
			while (p < eol && (*p == ' ' || *p == '\t'))
				p++;
			*vlen = (size_t)(eol - p);
			return p;
		}
		p = eol + 2;
	}
	return NULL;
}

/*
 * Reads one response from c into job (status, resp).  Returns 0, or -1 when
 * the connection failed; *close_after is set when the server closes it.
 */
static int
ld_read_response(struct ld_conn *c, struct ld_job *job, int *close_after)
{
	const char	*hend, *v;
	size_t		 hlen, vlen, off, body_len = 0, clen = 0, chunk;
	char		*body = NULL, *np;
	int		 chunked = 0, has_len = 0;

	*close_after = 0;
	while ((hend = ld_find(c->in == NULL ? "" : c->in, c->len, "\r\n\r\n")) == NULL)
		if (ld_fill(c) == -1)
			return -1;
	hlen = (size_t)(hend - c->in);
	if (sscanf(c->in, "HTTP/1.%*d %d", &job->status) != 1)
		return -1;
	if ((v = ld_header(c->in, hlen, "Transfer-Encoding", &vlen)) != NULL &&
	    vlen >= 7 && strncasecmp(v, "chunked", 7) == 0)
		chunked = 1;
	else if ((v = ld_header(c->in, hlen, "Content-Length", &vlen)) != NULL) {
		clen = strtoul(v, NULL, 10);
		has_len = 1;
	}
	if ((v = ld_header(c->in, hlen, "Connection", &vlen)) != NULL &&
	    vlen >= 5 && strncasecmp(v, "close", 5) == 0)
		*close_after = 1;
	off = hlen + 4;
	if (chunked) {
		for (;;) {
			while ((v = ld_find(c->in + off, c->len - off, "\r\n")) == NULL)
				if (ld_fill(c) == -1)
					goto fail;
			chunk = strtoul(c->in + off, NULL, 16);
			off = (size_t)(v - c->in) + 2;
			if (chunk > LD_RESP_MAX || body_len + chunk > LD_RESP_MAX)
				goto fail;
			while (c->len - off < chunk + 2)
				if (ld_fill(c) == -1)
					goto fail;
			if (c->in[off + chunk] != '\r' ||
			    c->in[off + chunk + 1] != '\n')
				goto fail;	/* not the chunk size it said */
			if (chunk == 0) {
				/* no trailers expected: "0\r\n\r\n" */
				off += 2;
				break;
			}
			if ((np = realloc(body, body_len + chunk + 1)) == NULL)
				goto fail;
			body = np;
			memcpy(body + body_len, c->in + off, chunk);
			body_len += chunk;
			off += chunk + 2;
		}
	} else {
		if (!has_len)
			*close_after = 1;
		if (clen > LD_RESP_MAX)
			return -1;
		for (;;) {
			if (has_len && c->len - off >= clen)
				break;
			if (ld_fill(c) == -1) {
				if (has_len)
					return -1;
				break;	/* read to EOF */
			}
		}
		if (!has_len)
			clen = c->len - off;
		if ((body = malloc(clen + 1)) == NULL)
			return -1;
		memcpy(body, c->in + off, clen);
		body_len = clen;
		off += clen;
	}
	if (body == NULL && (body = malloc(1)) == NULL)
		return -1;
	body[body_len] = '\0';
	free(job->resp);
	job->resp = body;
	job->resp_len = body_len;
	memmove(c->in, c->in + off, c->len - off);
	c->len -= off;
	return 0;
fail:
	free(body);
	return -1;
}

static int
ld_do(const struct ld_opts *o, struct ld_conn *c, struct ld_job *job)
{
	char	 head[1024];
	int	 n, close_after;

	if (c->fd == -1 && ld_connect(c, o->port) == -1)
		return -1;
	n = snprintf(head, sizeof(head), "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "%s%s%s"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n"
	    "%s\r\n", job->method, job->path,
	    o->auth != NULL ? "Authorization: Bearer " : "",
	    o->auth != NULL ? o->auth : "", o->auth != NULL ? "\r\n" : "",
	    job->body_len, o->keepalive ? "" : "Connection: close\r\n");
	if (n < 0 || (size_t)n >= sizeof(head))
		return -1;
	if (ld_write_all(c->fd, head, (size_t)n) == -1 ||
	    (job->body_len > 0 &&
	    ld_write_all(c->fd, job->body, job->body_len) == -1) ||
	    ld_read_response(c, job, &close_after) == -1) {
		ld_close(c);
		return -1;
	}
	if (close_after || !o->keepalive)
		ld_close(c);
	return 0;
}

static void *
ld_thread_main(void *arg)
{
	struct ld_thread	*t = arg;
	struct ld_shared	*sh = t->sh;
	struct ld_conn		 c = { -1, NULL, 0, 0 };
	struct ld_job		*job;
	size_t			 i;
	int64_t			 due = 0, now;
	int			 n503;

	for (;;) {
		i = atomic_fetch_add(&sh->next, 1);
		if (i >= sh->n)
			break;
		job = &sh->jobs[i];
		if (sh->opts->rate > 0) {
			due = sh->start_us + (int64_t)i * 1000000 /
			    sh->opts->rate;
			if (due > sh->deadline_us)
				continue;
			if ((now = ld_now_us()) < due)
				usleep((useconds_t)(due - now));
		}
		if (ld_now_us() > sh->deadline_us)
			continue;	/* status stays -1, tries 0 */
		job->client = t->id;
		job->start_us = sh->opts->rate > 0 ? due : ld_now_us();
		for (job->tries = 1, n503 = 0; job->tries <= LD_TRIES; job->tries++) {
			job->status = -1;
			if (ld_do(sh->opts, &c, job) == 0) {
				if (job->status != 503 || n503++ >= sh->opts->retry_503)
					break;
				/* answered 503: wait, then send it again */
				free(job->resp);
				job->resp = NULL;
				usleep(LD_503_PAUSE_MS * 1000);
				job->tries--;
			}
		}
		if (job->tries > LD_TRIES)
			job->tries = LD_TRIES;
		job->tries += n503 > sh->opts->retry_503 ? sh->opts->retry_503 : n503;
		job->end_us = ld_now_us();
	}
	ld_close(&c);
	free(c.in);
	return NULL;
}

size_t
ld_run(const struct ld_opts *o, struct ld_job *jobs, size_t n)
{
	struct ld_shared	 sh;
	struct ld_thread	*ts;
	size_t			 i, lost = 0;
	int			 k, started = 0;

	sh.opts = o;
	sh.jobs = jobs;
	sh.n = n;
	atomic_init(&sh.next, 0);
	sh.start_us = ld_now_us();
	sh.deadline_us = sh.start_us + (int64_t)o->deadline_s * 1000000;
	for (i = 0; i < n; i++) {
		jobs[i].status = -1;
		jobs[i].tries = 0;
	}
	if ((ts = calloc((size_t)o->clients, sizeof(*ts))) == NULL)
		return n;
	for (k = 0; k < o->clients; k++) {
		ts[k].sh = &sh;
		ts[k].id = k;
		if (pthread_create(&ts[k].tid, NULL, ld_thread_main, &ts[k]) != 0)
			break;
		started++;
	}
	for (k = 0; k < started; k++)
		pthread_join(ts[k].tid, NULL);
	free(ts);
	for (i = 0; i < n; i++)
		if (jobs[i].status == -1)
			lost++;
	return lost;
}

void
ld_jobs_free(struct ld_job *jobs, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(jobs[i].body);
		free(jobs[i].resp);
		jobs[i].body = jobs[i].resp = NULL;
	}
}

static int
ld_cmp_i64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

int64_t
ld_percentile(const struct ld_job *jobs, size_t n, double p)
{
	int64_t	*v, r;
	size_t	 i, m = 0, k;

	if ((v = calloc(n == 0 ? 1 : n, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (jobs[i].status != -1)
			v[m++] = jobs[i].end_us - jobs[i].start_us;
	if (m == 0) {
		free(v);
		return -1;
	}
	qsort(v, m, sizeof(*v), ld_cmp_i64);
	k = (size_t)(p / 100.0 * (double)(m - 1) + 0.5);
	if (k >= m)
		k = m - 1;
	r = v[k];
	free(v);
	return r;
}
