/*
 * deliver.c — stretchgoal-deliver: the delivery process of events out
 * (docs/events.md).
 *
 *   stretchgoal-deliver [-c CONF]
 *
 * A loop: fan newly committed events out into deliveries (the events
 * queue, db/cursor.h), lease due deliveries per endpoint (at most
 * webhook_concurrency in flight per endpoint; leases with SKIP LOCKED, so
 * several delivery processes on several hosts never send one delivery at
 * the same time), send them with libcurl's multi interface (a slow or
 * failing endpoint holds only its own slots), and record each attempt.
 * Nothing is sent from inside a request of the program.  SIGTERM/SIGINT:
 * stop leasing, finish what is in flight (at most the 15 s timeout), exit.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "db/db.h"
#include "db/webhook.h"
#include "service/event.h"
#include "util/config.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/urlcheck.h"

#define DELIVER_TIMEOUT_S	15	/* no answer within this: retried */
#define DELIVER_LEASE_S		60	/* a lease outlives any attempt */
#define DELIVER_RESP_CAP	1024	/* response bytes read, at most */
#define DELIVER_MAX_ENDPOINTS	1024
#define DELIVER_POLL_MS		100
/*
 * Retention of events (event_retention_days): a pass every 10 minutes
 * removes at most DELIVER_PURGE_BATCHES transactions of DELIVER_PURGE_BATCH
 * events; a pass that used them all runs again after
 * DELIVER_PURGE_AGAIN_MS, so a backlog drains without one long pass
 * holding up the deliveries.
 */
#define DELIVER_PURGE_BATCH	500
#define DELIVER_PURGE_BATCHES	10
#define DELIVER_PURGE_AGAIN_MS	10000
/*
 * campaign.ended for campaigns whose ends_at passed campaign_end_grace_secs
 * ago (svc_event_end_due()): looked for every DELIVER_END_MS, at most
 * DELIVER_END_BATCH campaigns a pass.
 */
#define DELIVER_END_MS		5000
#define DELIVER_END_BATCH	64

struct flight {
	CURL			*h;
	struct curl_slist	*hdrs;
	struct curl_slist	*pin;	/* host:port:address, until the end */
	int64_t			 endpoint_id, event_id;
	int64_t			 attempts;
	char			*body;
	char			 resp[DELIVER_RESP_CAP + 1];
	size_t			 rlen;
	char			 error[CURL_ERROR_SIZE];
	long long		 t0;
	struct flight		*next;
};

struct slot {
	int64_t	 endpoint_id;
	long	 n;
};

static volatile sig_atomic_t	 stop;
static struct slot		 slots[DELIVER_MAX_ENDPOINTS];
static size_t			 nslots;
static struct flight		*flights;
static char			 holder[128];

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct slot *
slot_of(int64_t endpoint_id, int make)
{
	size_t	 i;

	for (i = 0; i < nslots; i++)
		if (slots[i].endpoint_id == endpoint_id)
			return &slots[i];
	if (!make || nslots == DELIVER_MAX_ENDPOINTS)
		return NULL;
	slots[nslots].endpoint_id = endpoint_id;
	slots[nslots].n = 0;
	return &slots[nslots++];
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct flight	*f = arg;
	size_t		 len = size * nmemb, room = DELIVER_RESP_CAP - f->rlen;

	if (len > room) {
		memcpy(f->resp + f->rlen, p, room);
		f->rlen += room;
		f->resp[f->rlen] = '\0';
		return 0;	/* enough: stop reading (CURLE_WRITE_ERROR) */
	}
	memcpy(f->resp + f->rlen, p, len);
	f->rlen += len;
	f->resp[f->rlen] = '\0';
	return len;
}

static void
flight_free(struct flight *f)
{
	if (f->h != NULL)
		curl_easy_cleanup(f->h);
	curl_slist_free_all(f->hdrs);
	curl_slist_free_all(f->pin);
	free(f->body);
	free(f);
}

/* Record the outcome of an attempt (status 0: no answer). */
static void
record(struct sg_db *db, const struct sg_config *cfg, int64_t ep, int64_t ev,
    int64_t attempts, long status, long long ms, const char *error,
    const char *response)
{
	int64_t	 delay = svc_event_backoff_ms(attempts + 1,
		    cfg->webhook_retry_first_ms);
	int	 rc;

	rc = svc_event_result(db, holder, ep, ev, status, ms, error, response,
	    delay, cfg->webhook_retry_hours * 3600);
	if (rc != SVC_OK)
		sg_warn("deliver: recording event %lld to endpoint %lld: %s",
		    (long long)ev, (long long)ep, db_last_error(db));
	if (status >= 200 && status <= 299)
		sg_info("deliver: event %lld to endpoint %lld: %ld in %lld ms",
		    (long long)ev, (long long)ep, status, ms);
	else
		sg_info("deliver: event %lld to endpoint %lld: %ld (%s), again "
		    "in %lld ms", (long long)ev, (long long)ep, status,
		    error != NULL && *error ? error : "not 2xx", (long long)delay);
}

/* Start one leased delivery; returns 1 when it is in flight. */
static int
start(struct sg_db *db, const struct sg_config *cfg, CURLM *multi, int64_t ep,
    int64_t ev)
{
	struct db_delivery	 d;
	struct sg_url		 u;
	struct flight		*f;
	char			 id[32], sig[128], why[128], line[256];
	long long		 ts;
	int			 allow;

	if (db_delivery_load(db, ep, ev, &d) <= 0)
		return 0;
	allow = strcmp(cfg->webhook_allow_private, "yes") == 0;
	if (sg_url_check(d.url, allow, &u, why, sizeof(why)) != SG_URL_OK) {
		record(db, cfg, ep, ev, d.attempts, 0, 0, why, "");
		free(d.data);
		return 0;
	}
	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->body = svc_event_body(&d)) == NULL ||
	    (f->h = curl_easy_init()) == NULL) {
		if (f != NULL)
			flight_free(f);
		free(d.data);
		return 0;
	}
	f->endpoint_id = ep;
	f->event_id = ev;
	f->attempts = d.attempts;
	svc_event_id(ev, id, sizeof(id));
	ts = (long long)time(NULL);
	if (svc_event_sign(d.secret, d.secret_len, id, ts, f->body, sig,
	    sizeof(sig)) == -1)
		goto fail;
	sodium_memzero(d.secret, sizeof(d.secret));
	free(d.data);
	d.data = NULL;
	f->hdrs = curl_slist_append(f->hdrs, "Content-Type: application/json");
	f->hdrs = curl_slist_append(f->hdrs, "User-Agent: stretchgoal-deliver");
	f->hdrs = curl_slist_append(f->hdrs, "Expect:");
	snprintf(line, sizeof(line), "webhook-id: %s", id);
	f->hdrs = curl_slist_append(f->hdrs, line);
	snprintf(line, sizeof(line), "webhook-timestamp: %lld", ts);
	f->hdrs = curl_slist_append(f->hdrs, line);
	snprintf(line, sizeof(line), "webhook-signature: %s", sig);
	f->hdrs = curl_slist_append(f->hdrs, line);
	if (f->hdrs == NULL)
		goto fail;
	/* Connect to the address that was checked, not to a second lookup. */
	snprintf(line, sizeof(line), strchr(u.addr, ':') != NULL ?
	    "%s:%u:[%s]" : "%s:%u:%s", u.host, u.port, u.addr);
	if ((f->pin = curl_slist_append(NULL, line)) == NULL)
		goto fail;
	curl_easy_setopt(f->h, CURLOPT_URL, d.url);
	curl_easy_setopt(f->h, CURLOPT_RESOLVE, f->pin);
	curl_easy_setopt(f->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(f->h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(f->h, CURLOPT_TIMEOUT, (long)DELIVER_TIMEOUT_S);
	curl_easy_setopt(f->h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(f->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(f->h, CURLOPT_HTTPHEADER, f->hdrs);
	curl_easy_setopt(f->h, CURLOPT_POSTFIELDS, f->body);
	curl_easy_setopt(f->h, CURLOPT_POSTFIELDSIZE, (long)strlen(f->body));
	curl_easy_setopt(f->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(f->h, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(f->h, CURLOPT_ERRORBUFFER, f->error);
	curl_easy_setopt(f->h, CURLOPT_PRIVATE, f);
	f->t0 = now_ms();
	if (curl_multi_add_handle(multi, f->h) != CURLM_OK)
		goto fail;
	f->next = flights;
	flights = f;
	return 1;
fail:
	free(d.data);
	flight_free(f);
	return 0;
}

/* Transfers that ended: record them and free their slots; how many. */
static int
reap(struct sg_db *db, const struct sg_config *cfg, CURLM *multi)
{
	struct flight	*f, **pp;
	struct slot	*s;
	CURLMsg		*m;
	long		 status;
	int		 left, done = 0;

	while ((m = curl_multi_info_read(multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		f = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&f);
		if (f == NULL)
			continue;
		status = 0;
		curl_easy_getinfo(f->h, CURLINFO_RESPONSE_CODE, &status);
		if (m->data.result != CURLE_OK && m->data.result != CURLE_WRITE_ERROR)
			status = 0;
		if (m->data.result != CURLE_OK && f->error[0] == '\0')
			snprintf(f->error, sizeof(f->error), "%s",
			    curl_easy_strerror(m->data.result));
		if (m->data.result == CURLE_WRITE_ERROR)
			f->error[0] = '\0';	/* the body cap, not an error */
		curl_multi_remove_handle(multi, f->h);
		record(db, cfg, f->endpoint_id, f->event_id, f->attempts, status,
		    now_ms() - f->t0, f->error, f->resp);
		if ((s = slot_of(f->endpoint_id, 0)) != NULL && s->n > 0)
			s->n--;
		for (pp = &flights; *pp != NULL && *pp != f; pp = &(*pp)->next)
			;
		if (*pp != NULL)
			*pp = f->next;
		flight_free(f);
		done++;
	}
	return done;
}

/* Lease and start what is due, within each endpoint's slots. */
static void
claim(struct sg_db *db, const struct sg_config *cfg, CURLM *multi)
{
	int64_t		*eps = NULL, *evs = NULL;
	size_t		 neps = 0, nevs = 0, i, k;
	struct slot	*s;

	if (db_delivery_due_endpoints(db, &eps, &neps) != DB_OK) {
		sg_warn("deliver: due endpoints: %s", db_last_error(db));
		return;
	}
	for (i = 0; i < neps; i++) {
		if ((s = slot_of(eps[i], 1)) == NULL ||
		    s->n >= cfg->webhook_concurrency)
			continue;
		if (svc_event_claim(db, eps[i], cfg->webhook_concurrency - s->n,
		    holder, DELIVER_LEASE_S, &evs, &nevs) != SVC_OK) {
			sg_warn("deliver: claim: %s", db_last_error(db));
			continue;
		}
		for (k = 0; k < nevs; k++)
			if (start(db, cfg, multi, eps[i], evs[k]))
				s->n++;
		free(evs);
		evs = NULL;
	}
	free(eps);
}

/*
 * Leases held by delivery processes of this host that are gone (killed,
 * crashed): give them back now instead of waiting for them to run out.
 * A holder is "host:pid:nonce"; a pid that is alive keeps its leases.
 */
/* One retention pass; returns the number of full batches it removed. */
static int
purge_events(struct sg_db *db, const struct sg_config *cfg)
{
	int64_t	 n, total = 0;
	int	 full = 0;

	while (full < DELIVER_PURGE_BATCHES) {
		if (svc_event_purge(db, cfg->event_retention_days,
		    DELIVER_PURGE_BATCH, &n) != SVC_OK) {
			sg_warn("deliver: retention: %s", db_last_error(db));
			break;
		}
		total += n;
		if (n < DELIVER_PURGE_BATCH)
			break;
		full++;
	}
	if (total > 0)
		sg_info("deliver: %lld events older than %ld days dropped",
		    (long long)total, cfg->event_retention_days);
	return full;
}

static void
release_dead(struct sg_db *db, const char *host)
{
	char		**hv = NULL;
	size_t		  n = 0, i;
	long		  pid;
	int64_t		  k;

	if (db_delivery_holders(db, host, &hv, &n) != DB_OK) {
		sg_warn("deliver: lease holders: %s", db_last_error(db));
		return;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(hv[i], holder) != 0 &&
		    sscanf(hv[i] + strlen(host), ":%ld:", &pid) == 1 && pid > 0 &&
		    kill((pid_t)pid, 0) == -1 && errno == ESRCH &&
		    db_delivery_release(db, hv[i], &k) == DB_OK && k > 0)
			sg_info("deliver: %lld leases of %s (gone) given back",
			    (long long)k, hv[i]);
		free(hv[i]);
	}
	free(hv);
}

static void
usage(void)
{
	fprintf(stderr, "usage: stretchgoal-deliver [-c CONF]\n");
}

int
main(int argc, char **argv)
{
	struct sg_config	*cfg;
	struct sg_db		*db;
	struct sigaction	 sa;
	CURLM			*multi;
	const char		*cpath = NULL, *env;
	char			 err[256], host[64];
	long long		 t, next_fan = 0, next_claim = 0, next_purge = 0;
	long long		 next_end = 0;
	long long		 stop_at = 0;
	int64_t			 made, purged, ended;
	int			 ch, running, freed;

	while ((ch = getopt(argc, argv, "c:h")) != -1) {
		switch (ch) {
		case 'c':
			cpath = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (cpath == NULL && (env = getenv("SG_CONFIG")) != NULL && *env != '\0')
		cpath = env;
	if ((cfg = sg_config_load(cpath, err, sizeof(err))) == NULL) {
		fprintf(stderr, "stretchgoal-deliver: configuration: %s\n", err);
		return 1;
	}
	sg_log_init("stretchgoal-deliver", sg_log_level_parse(cfg->log_level));
	if (sg_crypto_init() == -1 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "stretchgoal-deliver: libsodium or libcurl failed "
		    "to initialise\n");
		sg_config_free(cfg);
		return 1;
	}
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "host");
	host[sizeof(host) - 1] = '\0';
	/* No ':' in the host part: the pid follows the first one. */
	host[strcspn(host, ":")] = '\0';
	snprintf(holder, sizeof(holder), "%.40s:%ld:%08x", host, (long)getpid(),
	    (unsigned)randombytes_random());
	host[strnlen(host, 40)] = '\0';
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((db = db_new(cfg)) == NULL || (multi = curl_multi_init()) == NULL) {
		db_free(db);
		sg_config_free(cfg);
		return 1;
	}
	sg_info("deliver: started as %s", holder);
	for (;;) {
		t = now_ms();
		if (stop && stop_at == 0)
			stop_at = t + (DELIVER_TIMEOUT_S + 1) * 1000;
		if (stop && (flights == NULL || t >= stop_at))
			break;
		if (!stop && db_ensure(db) != DB_OK) {
			sg_warn("deliver: database: %s", db_last_error(db));
			sleep(1);
			continue;
		}
		if (!stop && t >= next_fan) {
			if (svc_event_fanout(db, &made) != SVC_OK)
				sg_warn("deliver: fan-out: %s", db_last_error(db));
			else if (made > 0)
				sg_debug("deliver: %lld events fanned out",
				    (long long)made);
			next_fan = t + DELIVER_POLL_MS * 2;
		}
		if (!stop && t >= next_end) {
			if (svc_event_end_due(db, cfg->campaign_end_grace_secs,
			    DELIVER_END_BATCH, &ended) != SVC_OK)
				sg_warn("deliver: campaign.ended: %s",
				    db_last_error(db));
			else if (ended > 0)
				sg_info("deliver: campaign.ended recorded for %lld "
				    "campaign(s) past their end", (long long)ended);
			/* A full pass: more may be due at once. */
			next_end = t + (ended == DELIVER_END_BATCH ? DELIVER_POLL_MS :
			    DELIVER_END_MS);
		}
		if (!stop && t >= next_claim) {
			claim(db, cfg, multi);
			next_claim = t + DELIVER_POLL_MS;
		}
		if (!stop && t >= next_purge) {
			release_dead(db, host);
			if (db_attempt_purge(db, cfg->webhook_log_days, &purged) == DB_OK &&
			    purged > 0)
				sg_info("deliver: %lld old log rows dropped",
				    (long long)purged);
			next_purge = t + 600 * 1000;
			/* A full batch: more to drop, soon (bounded per pass). */
			if (purge_events(db, cfg) == DELIVER_PURGE_BATCHES)
				next_purge = t + DELIVER_PURGE_AGAIN_MS;
		}
		curl_multi_perform(multi, &running);
		freed = reap(db, cfg, multi);
		curl_multi_poll(multi, NULL, 0, freed > 0 ? 0 : DELIVER_POLL_MS, NULL);
		curl_multi_perform(multi, &running);
		/* Slots that were freed are filled at once, not at the next tick. */
		if (reap(db, cfg, multi) + freed > 0)
			next_claim = 0;
	}
	while (flights != NULL) {
		struct flight *f = flights;

		flights = f->next;
		curl_multi_remove_handle(multi, f->h);
		flight_free(f);
	}
	curl_multi_cleanup(multi);
	curl_global_cleanup();
	db_free(db);
	sg_config_free(cfg);
	sg_info("deliver: stopped");
	return 0;
}
