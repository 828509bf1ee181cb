/* config.c — see config.h. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/config.h"

enum cfg_type { CFG_STR, CFG_LONG };

struct cfg_key {
	const char	*name;
	enum cfg_type	 type;
	size_t		 off;
	const char	*def;		/* default as text; NULL: unset */
	long		 min, max;	/* for CFG_LONG */
};

#define SG_STR_(x)	#x
#define SG_STR(x)	SG_STR_(x)
#define S(f, d)		{ #f, CFG_STR, offsetof(struct sg_config, f), d, 0, 0 }
#define L(f, d, lo, hi)	{ #f, CFG_LONG, offsetof(struct sg_config, f), d, lo, hi }

static const struct cfg_key cfg_keys[] = {
	S(listen,		"/run/stretchgoal/stretchgoal.sock"),
	S(public_listen,	NULL),
	L(listen_backlog,	"4096", 1, 65535),
	L(workers,		"0", 0, 256),
	L(public_workers,	"0", 0, 256),
	S(metrics_allow,	"127.0.0.1, ::1"),
	S(db_socket,		NULL),
	S(db_host,		"127.0.0.1"),
	L(db_port,		"3306", 1, 65535),
	S(db_user,		"stretchgoal"),
	S(db_password,		""),
	S(db_name,		"stretchgoal"),
	L(db_connect_timeout,	"2", 1, 60),
	L(db_rw_timeout,	"30", 1, 3600),
	S(db_hosts,		NULL),
	L(db_failback_secs,	"60", 0, 86400),
	L(db_retry_budget_ms,	"2000", 0, 60000),
	L(db_wsrep_sync_wait,	"1", 0, 15),
	S(db_replica,		NULL),
	L(replica_max_lag_ms,	"1000", 1, 3600000),
	L(replica_check_ms,	"250", 10, 60000),
	S(template_dir,		SG_PKGDATADIR "/templates"),
	S(static_dir,		SG_PKGDATADIR "/static"),
	S(media_dir,		"/var/lib/stretchgoal/media"),
	S(sql_dir,		SG_PKGDATADIR "/sql"),
	L(max_body,		"1048576", 1024, 67108864),
	L(max_upload,		SG_STR(SG_MAX_UPLOAD_DEFAULT), 1024, 67108864),
	S(public_url,		"http://127.0.0.1:8080"),
	L(public_fresh_ms,	"1000", 0, 60000),
	S(log_level,		"info"),
	S(webhook_allow_private, "no"),	/* "yes": private endpoint URLs allowed */
	L(webhook_retry_hours,	"26", 1, 720),
	L(webhook_log_days,	"14", 1, 3650),
	L(event_retention_days,	"30", 1, 3650),
	L(campaign_end_grace_secs, "600", 0, 86400),
	L(webhook_concurrency,	"4", 1, 64),
	L(webhook_retry_first_ms, "5000", 100, 600000),
	L(fanout_inline_max,	"1000", 0, 1000000000),
	L(fanout_batch,		"10000", 1, 100000),
	L(fanout_tasks,		"3", 1, SG_FANOUT_TASKS_MAX),
	L(order_batch,		"16", 1, SG_BATCH_MAX),
};

#define CFG_NKEYS (sizeof(cfg_keys) / sizeof(cfg_keys[0]))

static const struct cfg_key *
cfg_key_find(const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < CFG_NKEYS; i++)
		if (strlen(cfg_keys[i].name) == len &&
		    strncmp(cfg_keys[i].name, name, len) == 0)
			return &cfg_keys[i];
	return NULL;
}

/* Store value text into the field for key k; returns 0 or -1 with err. */
static int
cfg_set(struct sg_config *c, const struct cfg_key *k, const char *val,
    const char *where, char *err, size_t errlen)
{
	char	**sp, *end, *dup;
	long	 *lp, v;

	if (k->type == CFG_STR) {
		sp = (char **)((char *)c + k->off);
		if ((dup = strdup(val)) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		free(*sp);
		*sp = dup;
		return 0;
	}
	lp = (long *)((char *)c + k->off);
	errno = 0;
	v = strtol(val, &end, 10);
	if (errno != 0 || end == val || *end != '\0' || v < k->min ||
	    v > k->max) {
		snprintf(err, errlen, "%s: %s must be an integer from %ld to %ld",
		    where, k->name, k->min, k->max);
		return -1;
	}
	*lp = v;
	return 0;
}

static char *
cfg_trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
cfg_read_file(struct sg_config *c, const char *path, char *err, size_t errlen)
{
	FILE			*f;
	char			 line[SG_CONFIG_LINE_MAX + 2], where[512], *p, *eq, *key, *val;
	size_t			 lineno = 0;
	const struct cfg_key	*k;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%zu", path, lineno);
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s: line longer than %d bytes",
			    where, SG_CONFIG_LINE_MAX);
			goto fail;
		}
		p = cfg_trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		if ((eq = strchr(p, '=')) == NULL) {
			snprintf(err, errlen, "%s: expected \"key = value\"", where);
			goto fail;
		}
		*eq = '\0';
		key = cfg_trim(p);
		val = cfg_trim(eq + 1);
		if ((k = cfg_key_find(key, strlen(key))) == NULL) {
			snprintf(err, errlen, "%s: unknown key \"%s\"", where, key);
			goto fail;
		}
		if (cfg_set(c, k, val, where, err, errlen) == -1)
			goto fail;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	return 0;
fail:
	fclose(f);
	return -1;
}

int
sg_config_parse_endpoints(const char *list, unsigned defport,
    struct sg_db_endpoint *out, size_t max, char *err, size_t errlen)
{
	const char	*p = list, *e, *colon, *hend;
	size_t		 n = 0, len, hlen;
	char		 num[16], *end;
	long		 port;

	for (;;) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e != '\0' && *e != ',' && !isspace((unsigned char)*e); e++)
			;
		len = (size_t)(e - p);
		if (n == max) {
			snprintf(err, errlen, "more than %zu database hosts", max);
			return -1;
		}
		memset(&out[n], 0, sizeof(out[n]));
		if (*p == '/') {
			if (len >= sizeof(out[n].socket)) {
				snprintf(err, errlen, "database socket path too long");
				return -1;
			}
			memcpy(out[n].socket, p, len);
			n++;
			p = e;
			continue;
		}
		colon = NULL;
		if (*p == '[') {
			if ((hend = memchr(p, ']', len)) == NULL) {
				snprintf(err, errlen, "database host \"%.*s\": missing ']'",
				    (int)len, p);
				return -1;
			}
			if (hend + 1 < e) {
				if (hend[1] != ':')
					goto bad;
				colon = hend + 1;
			}
			p++;
			hlen = (size_t)(hend - p);
		} else {
			colon = memchr(p, ':', len);
			hlen = colon != NULL ? (size_t)(colon - p) : len;
		}
		if (hlen == 0 || hlen >= sizeof(out[n].host))
			goto bad;
		memcpy(out[n].host, p, hlen);
		out[n].port = defport;
		if (colon != NULL) {
			if ((size_t)(e - colon - 1) == 0 ||
			    (size_t)(e - colon - 1) >= sizeof(num))
				goto bad;
			memcpy(num, colon + 1, (size_t)(e - colon - 1));
			num[e - colon - 1] = '\0';
			errno = 0;
			port = strtol(num, &end, 10);
			if (errno != 0 || *end != '\0' || port < 1 || port > 65535)
				goto bad;
			out[n].port = (unsigned)port;
		}
		n++;
		p = e;
	}
	if (n == 0) {
		snprintf(err, errlen, "no database host given");
		return -1;
	}
	return (int)n;
bad:
	snprintf(err, errlen, "bad database host \"%.*s\" (want host, host:port "
	    "or /socket/path)", (int)(e - p), p);
	return -1;
}

/*
 * The endpoints to connect to: db_hosts when set; else db_socket; else
 * db_host (which may itself be a comma-separated list, as Connector/C
 * accepted before db_hosts existed) with db_port.
 */
static int
cfg_endpoints(struct sg_config *c, char *err, size_t errlen)
{
	char		 why[256];
	const char	*list, *key;
	int		 n;

	if (c->db_hosts != NULL && c->db_hosts[0] != '\0') {
		list = c->db_hosts;
		key = "db_hosts";
	} else if (c->db_socket != NULL) {
		list = c->db_socket;
		key = "db_socket";
	} else {
		list = c->db_host;
		key = "db_host";
	}
	if (c->db_socket != NULL && list == c->db_socket) {
		/* A socket path is taken as it is. */
		if (strlen(c->db_socket) >= sizeof(c->db_endpoints[0].socket)) {
			snprintf(err, errlen, "db_socket: path too long");
			return -1;
		}
		memset(&c->db_endpoints[0], 0, sizeof(c->db_endpoints[0]));
		strcpy(c->db_endpoints[0].socket, c->db_socket);
		c->db_nendpoints = 1;
		return 0;
	}
	if ((n = sg_config_parse_endpoints(list, (unsigned)c->db_port,
	    c->db_endpoints, SG_DB_HOSTS_MAX, why, sizeof(why))) < 0) {
		snprintf(err, errlen, "%s: %s", key, why);
		return -1;
	}
	c->db_nendpoints = (size_t)n;
	return 0;
}

/* The replicas of db_replica (same forms as db_hosts), if any. */
static int
cfg_replicas(struct sg_config *c, char *err, size_t errlen)
{
	char	 why[256];
	int	 n;

	c->db_nreplicas = 0;
	if (c->db_replica == NULL || c->db_replica[0] == '\0')
		return 0;
	if ((n = sg_config_parse_endpoints(c->db_replica, (unsigned)c->db_port,
	    c->db_replicas, SG_DB_HOSTS_MAX, why, sizeof(why))) < 0) {
		snprintf(err, errlen, "db_replica: %s", why);
		return -1;
	}
	c->db_nreplicas = (size_t)n;
	return 0;
}

/*
 * The default public_listen: listen with "-public" before a ".sock" ending
 * (or at the end), so that every host of a cluster gets its own.
 */
static int
cfg_public_listen(struct sg_config *c, char *err, size_t errlen)
{
	size_t	 n = strlen(c->listen), base = n;
	char	*p;

	if (n >= 5 && strcmp(c->listen + n - 5, ".sock") == 0)
		base = n - 5;
	if ((p = malloc(n + sizeof("-public"))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(p, c->listen, base);
	memcpy(p + base, "-public", 7);
	memcpy(p + base + 7, c->listen + base, n - base + 1);
	free(c->public_listen);
	c->public_listen = p;
	return 0;
}

struct sg_config *
sg_config_load(const char *path, char *err, size_t errlen)
{
	struct sg_config	*c;
	size_t			 i, j;
	char			 env[64];
	const char		*v;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (i = 0; i < CFG_NKEYS; i++)
		if (cfg_keys[i].def != NULL &&
		    cfg_set(c, &cfg_keys[i], cfg_keys[i].def, "default", err,
		    errlen) == -1)
			goto fail;
	if (path != NULL && cfg_read_file(c, path, err, errlen) == -1)
		goto fail;
	for (i = 0; i < CFG_NKEYS; i++) {
		snprintf(env, sizeof(env), "SG_%s", cfg_keys[i].name);
		for (j = 3; env[j] != '\0'; j++)
			env[j] = (char)toupper((unsigned char)env[j]);
		if ((v = getenv(env)) == NULL)
			continue;
		if (cfg_set(c, &cfg_keys[i], v, env, err, errlen) == -1)
			goto fail;
	}
	if (c->db_socket != NULL && c->db_socket[0] == '\0') {
		free(c->db_socket);
		c->db_socket = NULL;
	}
	if (cfg_endpoints(c, err, errlen) == -1)
		goto fail;
	if (cfg_replicas(c, err, errlen) == -1)
		goto fail;
	if ((c->public_listen == NULL || c->public_listen[0] == '\0') &&
	    cfg_public_listen(c, err, errlen) == -1)
		goto fail;
	if (strcmp(c->public_listen, c->listen) == 0) {
		snprintf(err, errlen, "public_listen must differ from listen (%s)",
		    c->listen);
		goto fail;
	}
	return c;
fail:
	sg_config_free(c);
	return NULL;
}

void
sg_config_free(struct sg_config *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < CFG_NKEYS; i++)
		if (cfg_keys[i].type == CFG_STR)
			free(*(char **)((char *)c + cfg_keys[i].off));
	free(c);
}

long
sg_config_workers(const struct sg_config *c)
{
	long	 n;

	if (c->workers > 0)
		return c->workers;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? n : 1;
}

long
sg_config_public_workers(const struct sg_config *c)
{
	long	 n;

	if (c->public_workers > 0)
		return c->public_workers;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? 2 * n : 2;
}

int
sg_config_addr_allowed(const char *list, const char *addr)
{
	const char	*p = list, *e;
	size_t		 n = strlen(addr);

	if (list == NULL || n == 0)
		return 0;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		for (e = p; *e != '\0' && *e != ' ' && *e != '\t' && *e != ','; e++)
			;
		if ((size_t)(e - p) == n && strncmp(p, addr, n) == 0)
			return 1;
		p = e;
	}
	return 0;
}
