/*
 * load.h — a bounded load generator: a list of HTTP/1.1 requests run by N
 * client threads against 127.0.0.1:port, each thread with its own
 * keep-alive connection(s).  Threads take the jobs in list order, so jobs
 * placed next to each other run at about the same time (that is how the
 * test sends a duplicate concurrently with its original).
 *
 * A request that gets no answer (connection lost, timeout) is sent again
 * on a new connection, up to LD_TRIES times; this is safe for the
 * idempotent pipeline endpoints and is what a real pipeline does.  The
 * answer is recorded with the number of tries.
 *
 * Ownership: ld_run() fills each job's resp (malloc'd, NUL-terminated);
 * ld_jobs_free() frees them and the bodies (which the caller malloc'd).
 */
#ifndef SG_TESTS_LOAD_H
#define SG_TESTS_LOAD_H

#include <stddef.h>
#include <stdint.h>

#define LD_TRIES	3
#define LD_RESP_MAX	(4u * 1024u * 1024u)

struct ld_job {
	/* in */
	const char	*method;
	char		 path[160];
	char		*body;		/* malloc'd or NULL */
	size_t		 body_len;
	int		 tag;		/* the caller's */
	/* out */
	int		 status;	/* -1: no answer after LD_TRIES */
	char		*resp;		/* body, NUL-terminated */
	size_t		 resp_len;
	int		 tries;
	int		 client;	/* which client ran it */
	int64_t		 start_us;	/* CLOCK_MONOTONIC */
	int64_t		 end_us;
};

struct ld_opts {
	int		 port;
	const char	*auth;		/* the bearer token, or NULL */
	int		 clients;
	int		 deadline_s;	/* jobs not started by then are skipped */
	int		 keepalive;	/* reuse connections (else one per request) */
	int		 retry_503;	/* > 0: send a 503 again, this many times,
					   LD_503_PAUSE_MS apart (a client that
					   honours Retry-After; cluster tests) */
	int		 rate;		/* > 0: jobs per second in all (job i
					   is due at i / rate s after the
					   start, and its latency counts from
					   then, so a client that falls behind
					   shows it); 0: each client sends its
					   next job when the last is answered */
};

#define LD_503_PAUSE_MS	250

/* Runs jobs[0..n-1]; returns the number not answered (status -1). */
size_t	ld_run(const struct ld_opts *, struct ld_job *jobs, size_t n);
void	ld_jobs_free(struct ld_job *jobs, size_t n);
int64_t	ld_now_us(void);
/* p-th percentile (0..100) of the jobs' latencies in µs, of answered jobs. */
int64_t	ld_percentile(const struct ld_job *jobs, size_t n, double p);

#endif
