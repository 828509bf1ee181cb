/*
 * it_concurrency.c — the pipeline under concurrency, checked by an
 * independent oracle (tests/oracle/oracle.c, written from SPEC.md alone).
 *
 * One store, one units campaign and one money campaign with milestones of
 * both scopes and both reward kinds; the units campaign also has two gift
 * milestones whose targets count backers (SPEC rule 10: scope new and
 * scope all), crossed by the backer count in the same serial step as the
 * progress ones.  A seeded generator makes ~920 orders
 * from 120 backers (by customer id, and by email in case/white-space
 * variants; some id backers also send another backer's email), and a
 * bounded load generator (tests/oracle/load.c) sends them from 16 client
 * threads with their own keep-alive connections through nginx to 2 worker
 * processes, in three phases:
 *
 *   1. orders, with exact duplicates (some right next to their original,
 *      so they run concurrently with it, some later);
 *   2. cancellations (some sent twice at once), partial refunds and
 *      re-sends of phase-1 orders — no new orders;
 *      then two milestones are created below the current progress (they
 *      are reached at creation: scope all and scope new);
 *   3. more orders with duplicates, and re-sends of cancelled orders, while
 *      8 gift milestones are created and 2 reveal milestones are edited into
 *      gifts with targets on the way (either reached by an order or at
 *      their creation/edit, as the race goes);
 *   4. 20 ids sent with two different bodies at once (exactly one 201, the
 *      other body 409, the winner counted), 10 ids sent in two spellings of
 *      one body at once (key order, white space: one 201, the other a
 *      duplicate with the same answer), and 40 orders of a third
 *      campaign posted together with their own cancellation (either order
 *      is a valid serial order: only race-camp's final totals are checked);
 *   finally 40 pending grants are fulfilled, each twice at once.
 *
 * Serial order.  SPEC only requires that each campaign's result equals
 * *some* serial order of the requests.  The oracle derives that order from
 * what the service answered: in phases 1 and 3 every counted order adds a
 * positive amount, so progress rises strictly and the "progress" in each
 * first response places the order exactly.  The test checks that these
 * values chain (each P1 minus the order's own contribution equals the
 * previous P1, starting from the phase's initial progress): if they do, the
 * responses *are* a serial execution and the oracle replays it.  Phase 2
 * holds only cancellations and refunds; their effect on the final state
 * does not depend on their relative order (totals commute; a grant always
 * ends on the earliest remaining qualifying order of its backer, or void),
 * so the oracle applies them in any order and only final state is compared.
 * Requests that got no answer are sent again (safe: every pipeline call is
 * idempotent), and every non-2xx answer is itself a finding.
 *
 * Where SPEC leaves room, the oracle assumes: a campaign's "orders" counter
 * is its number of active counted orders; a refund lowers both units and
 * amount; a cancellation of an unknown order is 404.
 *
 * Rule 5's fan-out runs after the answer (fanout_inline_max = 0,
 * fanout_batch = 2: docs/fanout.md), so the grants of a scope-"all" reach
 * are written in batches while later orders, cancels and reaches race
 * them; the final state is read once every fan-out is done.
 *
 * Every difference is printed as one "ORACLE:" line naming the order,
 * campaign, milestone or grant; the test fails when there is any.
 * Environment: SG_ORACLE_SEED (default 20261122), SG_ORACLE_WORKERS
 * (worker processes, default 2).  Cluster runs (tests/cluster.sh):
 * SG_ORACLE_KILL and SG_ORACLE_RESTART are shell commands run 1.5 s into
 * phase 1 and 3 s later (kill a database node, start it again); then the
 * clients send a 503 again (as a client honouring Retry-After does, safe
 * because every call is idempotent) and a request answered at a later try
 * is not a finding.  Every acknowledged write must still be there exactly
 * once.
 */
#include "config.h"

#include <glob.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "fixture/fixture.h"
#include "oracle/load.h"
#include "oracle/oracle.h"

#define FX		fx_current
#define NBACKERS	120
#define N1		560		/* phase-1 orders */
#define N3		360		/* phase-3 orders */
#define N13		(N1 + N3)	/* end of phase 3 */
#define NCONF		30		/* phase 4: same id, two bodies */
#define NEQUIV		10		/* ... of which the last are equivalent */
#define NRACE		40		/* phase 4: posted and cancelled at once */
#define N4		(N13 + NCONF + NRACE)	/* end of phase 4 */
#define N5		80		/* phase 5: mixed orders */
#define NORD		(N4 + N5)
#define RACE_PRICE	700
#define CLIENTS		16
#define PHASE_SECONDS	40		/* bound per phase */
#define MAX_PRINT	120		/* findings printed in full */
#define BIG		(4u * 1024u * 1024u)

enum { CU_ = 0, CM_ = 1, NCAMP = 2 };	/* units campaign, money campaign */
enum { J_POST, J_CANCEL, J_REFUND, J_POST_ALT, J_MS };

static const char *const slug[NCAMP] = { "units-camp", "money-camp" };
#define RACE_SLUG	"race-camp"

struct product {
	const char	*id;
	int64_t		 price;
	int		 camp;		/* CU_, CM_ or -1 */
};
static const struct product products[] = {
	{ "pu-1", 1200, CU_ }, { "pu-2", 800, CU_ },
	{ "pm-1", 2500, CM_ }, { "pm-2", 999, CM_ },
	{ "px-9", 300, -1 },
	{ "pr-1", RACE_PRICE, -1 },	/* race-camp only (phase 4) */
};
#define NPRODUCTS	(int)(sizeof(products) / sizeof(products[0]))

struct gline {
	int	 product;
	int	 qty;
	int	 gift;
};

struct gorder {
	char		 id[32];
	int		 phase;
	int		 backer;
	struct gline	 lines[5];
	int		 nlines;
	char		*body;
	size_t		 body_len;
	int		 counts[NCAMP];
	int64_t		 units[NCAMP], amount[NCAMP];
	int		 cancel;	/* cancelled in phase 2 */
	int		 refund_line;	/* line refunded in phase 2, or -1 */
	char		*alt_body;	/* phase 4 conflicts: the other body */
	size_t		 alt_len;
	int		 alt_qty;	/* its first line's quantity */
	int		 race;		/* phase 4: posted and cancelled at once */
	int		 equiv;		/* phase 4: alt_body is the same order */
	/* phase 4 conflicts: every answer, for deciding after the run */
	int		 nconf;
	int		 conf_status[6], conf_alt[6];
	char		*conf_resp[6];
	/* results */
	cJSON		*first;		/* the 201 response (or a repeat) */
	int		 n201, nacks;
};

struct mdef {
	const char	*title;
	int		 camp;
	int		 gift, scope_all;
	int		 backers;	/* metric backers (rule 10) */
	const char	*product;
	int		 qty;
	int64_t		 target;
	int64_t		 svc_id;	/* the service's id */
	int		 or_idx;	/* the oracle's index */
	int		 late;		/* created after phase 2 */
	int		 racing;	/* created during phase 3, racing orders */
	int		 edit_racing;	/* edited during phase 3 to the new_* */
	int		 edited;
	int		 resolved;	/* racing_resolve() has read its state */
	int64_t		 new_target;
	int		 new_gift, new_scope_all;
	const char	*new_product;
	int64_t		 seq_pos;	/* racing: the service's reached_seq when
					   reached at creation, else -1 */
};

static struct gorder	 orders[NORD];
static struct mdef	 mdefs[32];
static int		 nmdefs;
static uint64_t		 rng = 20261122;
static int		 findings, printed;
static char		 token[256];
static char		 auth[400];
static int		 api_setup = 1;	/* campaigns/milestones via the API */
static struct or_campaign oc[NCAMP];
static char		*big;

static void finding(const char *, ...) __attribute__((format(printf, 1, 2)));
static int64_t jnum(const cJSON *, const char *, int64_t);
static size_t split_lines(char *, char ***);

/*
 * One difference.  At most MAX_PER_KIND are printed per call site (format)
 * and MAX_PRINT in all, so that one broken rule does not hide the others;
 * finding_summary() prints how many of each kind there were.
 */
#define MAX_PER_KIND	8
#define MAX_KINDS	128

static const char	*kind_fmt[MAX_KINDS];
static int		 kind_count[MAX_KINDS], nkinds;

static void
finding(const char *fmt, ...)
{
	va_list	 ap;
	int	 k;

	findings++;
	for (k = 0; k < nkinds && kind_fmt[k] != fmt; k++)
		;
	if (k == nkinds && nkinds < MAX_KINDS)
		kind_fmt[nkinds++] = fmt;
	if (k < MAX_KINDS && kind_count[k]++ >= MAX_PER_KIND)
		return;
	if (printed++ >= MAX_PRINT)
		return;
	fputs("ORACLE: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
finding_summary(void)
{
	int	 k;

	for (k = 0; k < nkinds; k++)
		fprintf(stderr, "ORACLE: %5d x \"%.70s…\"\n", kind_count[k],
		    kind_fmt[k]);
}

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int
rndn(int n)
{
	return (int)(rnd() % (uint64_t)n);
}

static const char *
backer_name(int b, char *buf, size_t size)
{
	if (b % 5 < 2)
		snprintf(buf, size, "c-%d", b);
	else
		snprintf(buf, size, "backer%d@example.com", b);
	return buf;
}

/* The customer object of an order by backer b: id, or an email variant. */
static void
customer_json(int b, char *buf, size_t size)
{
	char	 email[96];

	if (b % 5 < 2) {
		switch (rndn(3)) {
		case 0:
			snprintf(buf, size, "{\"id\":\"c-%d\"}", b);
			break;
		case 1:	/* the id wins over an email of another backer */
			snprintf(buf, size, "{\"id\":\"c-%d\",\"email\":"
			    "\"backer%d@example.com\"}", b, (b / 5) * 5 + 2);
			break;
		default:
			snprintf(buf, size, "{\"email\":null,\"id\":\"c-%d\"}", b);
			break;
		}
		return;
	}
	switch (rndn(4)) {	/* the same backer, however written */
	case 0:
		snprintf(email, sizeof(email), "backer%d@example.com", b);
		break;
	case 1:
		snprintf(email, sizeof(email), "Backer%d@Example.COM", b);
		break;
	case 2:
		snprintf(email, sizeof(email), "  backer%d@EXAMPLE.com  ", b);
		break;
	default:
		snprintf(email, sizeof(email), "\\tBACKER%d@example.com ", b);
		break;
	}
	if (rndn(4) == 0)
		snprintf(buf, size, "{\"id\":null,\"email\":\"%s\"}", email);
	else
		snprintf(buf, size, "{\"email\":\"%s\"}", email);
}

/* The counted contributions of o's lines. */
static void
order_sums(struct gorder *o)
{
	int	 k, c;

	memset(o->counts, 0, sizeof(o->counts));
	memset(o->units, 0, sizeof(o->units));
	memset(o->amount, 0, sizeof(o->amount));
	for (k = 0; k < o->nlines; k++) {
		if (o->lines[k].gift || (c = products[o->lines[k].product].camp) < 0)
			continue;
		o->counts[c] = 1;
		o->units[c] += o->lines[k].qty;
		o->amount[c] += o->lines[k].qty * products[o->lines[k].product].price;
	}
}

/* The JSON body of o as it stands (malloc'd into *body). */
static void
order_body(const struct gorder *o, int i, const char *cust, char **body,
    size_t *len)
{
	char	 lines[1024], *p = lines;
	int	 k;

	lines[0] = '\0';
	for (k = 0; k < o->nlines; k++)
		p += snprintf(p, sizeof(lines) - (size_t)(p - lines),
		    "%s{\"product_id\":\"%s\",\"variant_id\":%s,\"quantity\":%d,"
		    "\"price\":%lld%s}", k > 0 ? "," : "",
		    products[o->lines[k].product].id, k == 0 ? "\"v-1\"" : "null",
		    o->lines[k].qty, o->lines[k].gift ? 0LL :
		    (long long)products[o->lines[k].product].price,
		    o->lines[k].gift ? ",\"gift\":true" : "");
	*body = malloc(2048);
	CU_ASSERT_PTR_NOT_NULL_FATAL(*body);
	*len = (size_t)snprintf(*body, 2048,
	    "{\"id\":\"%s\",\"placed_at\":\"2026-11-22T%02d:%02d:%02dZ\","
	    "\"currency\":\"USD\",\"customer\":%s,\"line_items\":[%s],"
	    "\"note\":\"unknown keys are ignored\"}",
	    o->id, 10 + i / 3600, (i / 60) % 60, i % 60, cust, lines);
}

static void
gen_order(int i, int phase)
{
	struct gorder	*o = &orders[i];
	char		 cust[160];
	int		 n, k, j, used[NPRODUCTS], pr;

	memset(o, 0, sizeof(*o));
	snprintf(o->id, sizeof(o->id), "o-%d-%04d", phase, i);
	o->phase = phase;
	o->backer = rndn(NBACKERS);
	o->refund_line = -1;
	memset(used, 0, sizeof(used));
	n = 1 + rndn(3);
	for (k = 0; k < n; k++) {
		j = rndn(100);
		pr = j < 30 ? 0 : j < 50 ? 1 : j < 75 ? 2 : j < 90 ? 3 : 4;
		if (used[pr])
			continue;
		used[pr] = 1;
		o->lines[o->nlines].product = pr;
		o->lines[o->nlines].qty = 1 + rndn(3);
		o->nlines++;
	}
	if (rndn(20) == 0) {	/* a gift line never counts */
		o->lines[o->nlines].product = rndn(2) == 0 ? 0 : 2;
		o->lines[o->nlines].qty = 1;
		o->lines[o->nlines].gift = 1;
		o->nlines++;
	}
	order_sums(o);
	customer_json(o->backer, cust, sizeof(cust));
	order_body(o, i, cust, &o->body, &o->body_len);
	if (phase == 4 && i >= N13 + NCONF - NEQUIV) {
		/* The same body written otherwise: white space, key order. */
		char	*q, *e;

		o->equiv = 1;
		o->alt_qty = o->lines[0].qty;
		o->alt_body = malloc(4096);
		CU_ASSERT_PTR_NOT_NULL_FATAL(o->alt_body);
		q = o->alt_body;
		e = strstr(o->body, ",\"currency\"");
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		/* {"placed_at"…,"id":"…", "currency"… with spaces after , and : */
		q += sprintf(q, "{ \"currency\":\"USD\", %.*s", (int)(e - o->body - 1),
		    o->body + 1);
		e = strstr(o->body, ",\"customer\"");
		CU_ASSERT_PTR_NOT_NULL_FATAL(e);
		sprintf(q, "%s\n", e);
		o->alt_len = strlen(o->alt_body);
	} else if (phase == 4) {
		/* The same id with another quantity on its first line. */
		k = o->lines[0].qty;
		o->alt_qty = o->lines[0].qty = k % 3 + 1;
		order_body(o, i, cust, &o->alt_body, &o->alt_len);
		o->lines[0].qty = k;
	}
}

/* Phase 4: an order of race-camp's product only. */
static void
gen_race(int i)
{
	struct gorder	*o = &orders[i];
	char		 cust[160];

	memset(o, 0, sizeof(*o));
	snprintf(o->id, sizeof(o->id), "o-5-%04d", i);
	o->phase = 4;
	o->race = 1;
	o->backer = rndn(NBACKERS);
	o->refund_line = -1;
	o->lines[0].product = NPRODUCTS - 1;
	o->lines[0].qty = 1 + rndn(3);
	o->nlines = 1;
	order_sums(o);
	customer_json(o->backer, cust, sizeof(cust));
	order_body(o, i, cust, &o->body, &o->body_len);
}

/* --- a database node killed and restarted (cluster runs) -------------- */

static const char	*chaos_kill, *chaos_restart;
static pthread_t	 chaos_thread;
static int		 chaos_kill_rc = -1, chaos_restart_rc = -1;
/* 503s sent again while a node is down (or catching up). */
#define CHAOS_503_TRIES	60

static void *
chaos_main(void *arg)
{
	(void)arg;
	usleep(1500000);
	fprintf(stderr, "it_concurrency: running %s\n", chaos_kill);
	chaos_kill_rc = system(chaos_kill);
	usleep(3000000);
	fprintf(stderr, "it_concurrency: running %s\n", chaos_restart);
	chaos_restart_rc = system(chaos_restart);
	fprintf(stderr, "it_concurrency: node restarted (%d)\n", chaos_restart_rc);
	return NULL;
}

static void
chaos_start(void)
{
	chaos_kill = getenv("SG_ORACLE_KILL");
	chaos_restart = getenv("SG_ORACLE_RESTART");
	if (chaos_kill == NULL || chaos_restart == NULL)
		chaos_kill = chaos_restart = NULL;
	else if (pthread_create(&chaos_thread, NULL, chaos_main, NULL) != 0)
		CU_FAIL_FATAL("pthread_create");
}

static void
chaos_end(void)
{
	if (chaos_kill == NULL)
		return;
	pthread_join(chaos_thread, NULL);
	if (chaos_kill_rc != 0 || chaos_restart_rc != 0)
		finding("killing and restarting a node: exit statuses %d, %d",
		    chaos_kill_rc, chaos_restart_rc);
}

/* --- service calls ---------------------------------------------------- */

static int
api(const char *method, const char *path, const char *body, struct fx_resp *r)
{
	int	 st, i;

	st = fx_http(FX, method, path, auth, body, body == NULL ? 0 :
	    strlen(body), r);
	for (i = 0; chaos_kill != NULL && st == 503 && i < CHAOS_503_TRIES; i++) {
		fx_resp_free(r);
		usleep(LD_503_PAUSE_MS * 1000);
		st = fx_http(FX, method, path, auth, body, body == NULL ? 0 :
		    strlen(body), r);
	}
	return st;
}

static void
setup_store(void)
{
	static const char *const store[] = { "store", "create", "--handle",
	    "shop", "--name", "Shop", "--currency", "USD", NULL };
	static const char *const tok[] = { "token", "create", "--store", "shop",
	    NULL };
	char	 out[512], err[512];
	size_t	 n;

	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
	    store), 0);
	CU_ASSERT_EQUAL_FATAL(fx_ctl(FX, NULL, out, sizeof(out), err, sizeof(err),
	    tok), 0);
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	snprintf(token, sizeof(token), "%s", out);
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\n", token);
}

static void
create_campaign(int c, int64_t goal)
{
	struct fx_resp	 r;
	char		 body[512], sql[1024];
	int		 st;

	snprintf(body, sizeof(body), "{\"slug\":\"%s\",\"title\":\"%s campaign\","
	    "\"description\":\"oracle\",\"goal_kind\":\"%s\",\"goal\":%lld,"
	    "\"product_ids\":[\"%s\",\"%s\"],\"status\":\"live\"}", slug[c],
	    c == CU_ ? "Units" : "Money", c == CU_ ? "units" : "money",
	    (long long)goal, c == CU_ ? "pu-1" : "pm-1", c == CU_ ? "pu-2" : "pm-2");
	st = api("POST", "/api/v1/campaigns", body, &r);
	fx_resp_free(&r);
	if (st == 201) {
		snprintf(sql, sizeof(sql), "/api/v1/campaigns/%s", slug[c]);
		if (fx_sql_i64(FX, "SELECT COUNT(*) FROM campaigns WHERE "
		    "status = 'live'") < c + 1) {
			CU_ASSERT_EQUAL(api("PATCH", sql, "{\"status\":\"live\"}",
			    &r), 200);
			fx_resp_free(&r);
		}
		return;
	}
	if (st != 404 && st != 405)
		finding("POST /api/v1/campaigns %s: status %d", body, st);
	/* The campaign API is not there yet: SQL. */
	if (api_setup)
		fprintf(stderr, "it_concurrency: POST /api/v1/campaigns answered %d; "
		    "campaigns and milestones are made with SQL\n", st);
	api_setup = 0;
	snprintf(sql, sizeof(sql), "INSERT INTO campaigns (store_id, slug, title, "
	    "description, goal_kind, goal, status) SELECT id, '%s', 'C', '', '%s', "
	    "%lld, 'live' FROM stores WHERE handle = 'shop'", slug[c],
	    c == CU_ ? "units" : "money", (long long)goal);
	fx_sql(FX, sql);
	snprintf(sql, sizeof(sql), "INSERT INTO campaign_products (campaign_id, "
	    "product_id) SELECT id, '%s' FROM campaigns WHERE slug = '%s' UNION ALL "
	    "SELECT id, '%s' FROM campaigns WHERE slug = '%s'",
	    c == CU_ ? "pu-1" : "pm-1", slug[c], c == CU_ ? "pu-2" : "pm-2", slug[c]);
	fx_sql(FX, sql);
}

static void
create_milestone(struct mdef *m)
{
	struct fx_resp	 r;
	char		 body[768], path[128], sql[1024], gift[160];
	const cJSON	*id;

	if (m->gift)
		snprintf(gift, sizeof(gift), ",\"gift_product_id\":\"%s\","
		    "\"gift_quantity\":%d,\"scope\":\"%s\"", m->product, m->qty,
		    m->scope_all ? "all" : "new");
	else
		gift[0] = '\0';
	if (api_setup) {
		snprintf(body, sizeof(body), "{\"target\":%lld,\"title\":\"%s\","
		    "\"before_text\":\"before %s\",\"after_text\":\"after %s\","
		    "\"reward\":\"%s\"%s,\"metric\":\"%s\"}", (long long)m->target,
		    m->title, m->title, m->title, m->gift ? "gift" : "reveal", gift,
		    m->backers ? "backers" : "progress");
		snprintf(path, sizeof(path), "/api/v1/campaigns/%s/milestones",
		    slug[m->camp]);
		if (api("POST", path, body, &r) == 201 && r.json != NULL &&
		    cJSON_IsNumber(id = cJSON_GetObjectItemCaseSensitive(r.json,
		    "id"))) {
			m->svc_id = (int64_t)id->valuedouble;
			fx_resp_free(&r);
			return;
		}
		finding("POST %s %s: status %d %s", path, body, r.status,
		    r.body != NULL ? r.body : "");
		fx_resp_free(&r);
	}
	snprintf(sql, sizeof(sql), "INSERT INTO milestones (campaign_id, target, "
	    "title, before_text, after_text, reward, gift_product_id, "
	    "gift_quantity, scope, metric) SELECT id, %lld, '%s', 'b', 'a', '%s', "
	    "%s%s%s, %d, '%s', '%s' FROM campaigns WHERE slug = '%s'",
	    (long long)m->target, m->title, m->gift ? "gift" : "reveal",
	    m->gift ? "'" : "", m->gift ? m->product : "NULL", m->gift ? "'" : "",
	    m->gift ? m->qty : 1, m->scope_all ? "all" : "new",
	    m->backers ? "backers" : "progress", slug[m->camp]);
	fx_sql(FX, sql);
	m->svc_id = fx_sql_i64(FX, "SELECT MAX(id) FROM milestones");
}

static struct mdef *
mdef_add(const char *title, int camp, int gift, int scope_all,
    const char *product, int qty, int64_t target, int late)
{
	struct mdef	*m = &mdefs[nmdefs++];
	int		 i;

	/* Targets are unique within a campaign. */
	for (i = 0; i < nmdefs - 1; i++)
		if (mdefs[i].camp == camp && mdefs[i].target == target) {
			target++;
			i = -1;
		}
	m->title = title;
	m->camp = camp;
	m->gift = gift;
	m->scope_all = scope_all;
	m->product = product;
	m->qty = qty;
	m->target = target < 1 ? 1 : target;
	m->late = late;
	m->or_idx = -1;
	return m;
}

static const struct mdef *
mdef_by_or(int camp, int idx)
{
	int	 i;

	for (i = 0; i < nmdefs; i++)
		if (mdefs[i].camp == camp && mdefs[i].or_idx == idx)
			return &mdefs[i];
	return NULL;
}

static const struct mdef *
mdef_by_svc(int64_t id)
{
	int	 i;

	for (i = 0; i < nmdefs; i++)
		if (mdefs[i].svc_id == id)
			return &mdefs[i];
	return NULL;
}

/* --- jobs -------------------------------------------------------------- */

struct jkey {
	int64_t	 key;
	int	 kind, ord, line;
};

static int
jkey_cmp(const void *a, const void *b)
{
	const struct jkey *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static void
job_fill(struct ld_job *j, const struct jkey *k)
{
	const struct gorder	*o = &orders[k->ord];
	const struct gline	*l;
	char			 buf[256];

	memset(j, 0, sizeof(*j));
	j->method = "POST";
	j->tag = k->ord * 4 + k->kind;
	if (k->kind == J_MS && mdefs[k->ord].edit_racing) {
		const struct mdef *m = &mdefs[k->ord];

		j->tag = -1 - k->ord;
		j->method = "PATCH";
		snprintf(j->path, sizeof(j->path), "/api/v1/campaigns/%s/milestones/"
		    "%lld", slug[m->camp], (long long)m->svc_id);
		snprintf(buf, sizeof(buf), "{\"target\":%lld,\"reward\":\"gift\","
		    "\"gift_product_id\":\"%s\",\"scope\":\"%s\"}",
		    (long long)m->new_target, m->new_product,
		    m->new_scope_all ? "all" : "new");
		j->body = strdup(buf);
		CU_ASSERT_PTR_NOT_NULL_FATAL(j->body);
		j->body_len = strlen(buf);
		return;
	}
	if (k->kind == J_MS) {
		const struct mdef *m = &mdefs[k->ord];

		j->tag = -1 - k->ord;
		snprintf(j->path, sizeof(j->path), "/api/v1/campaigns/%s/milestones",
		    slug[m->camp]);
		snprintf(buf, sizeof(buf), "{\"target\":%lld,\"title\":\"%s\","
		    "\"before_text\":\"b\",\"after_text\":\"a\",\"reward\":"
		    "\"gift\",\"gift_product_id\":\"%s\",\"scope\":\"%s\"}",
		    (long long)m->target, m->title, m->product,
		    m->scope_all ? "all" : "new");
		j->body = strdup(buf);
		CU_ASSERT_PTR_NOT_NULL_FATAL(j->body);
		j->body_len = strlen(buf);
		return;
	}
	switch (k->kind) {
	case J_POST:
		snprintf(j->path, sizeof(j->path), "/api/v1/orders");
		j->body = malloc(o->body_len + 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(j->body);
		memcpy(j->body, o->body, o->body_len + 1);
		j->body_len = o->body_len;
		break;
	case J_POST_ALT:
		snprintf(j->path, sizeof(j->path), "/api/v1/orders");
		j->body = malloc(o->alt_len + 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(j->body);
		memcpy(j->body, o->alt_body, o->alt_len + 1);
		j->body_len = o->alt_len;
		break;
	case J_CANCEL:
		snprintf(j->path, sizeof(j->path), "/api/v1/orders/%s/cancel", o->id);
		break;
	case J_REFUND:
		l = &o->lines[k->line];
		snprintf(j->path, sizeof(j->path), "/api/v1/orders/%s/refund", o->id);
		/* One refund per order: its id names the line it refunds. */
		snprintf(buf, sizeof(buf), "{\"id\":\"r-%d\",\"line_items\":"
		    "[{\"product_id\":\"%s\",\"quantity\":1,\"amount\":%lld}]}",
		    (int)k->line, products[l->product].id,
		    (long long)products[l->product].price);
		j->body = strdup(buf);
		CU_ASSERT_PTR_NOT_NULL_FATAL(j->body);
		j->body_len = strlen(buf);
		break;
	}
}

/*
 * Records one answered POST of an order: the first response (201) or a
 * repeat (200, duplicate:true, the same answer otherwise).
 */
static void
record_post(struct gorder *o, int status, const char *resp)
{
	cJSON		*j, *dup;
	cJSON		*a, *b;

	if (status != 200 && status != 201) {
		finding("POST /api/v1/orders %s: status %d %s", o->id, status,
		    resp != NULL ? resp : "");
		return;
	}
	if ((j = cJSON_Parse(resp)) == NULL) {
		finding("POST /api/v1/orders %s: status %d, body not JSON: %s",
		    o->id, status, resp);
		return;
	}
	o->nacks++;
	dup = cJSON_GetObjectItemCaseSensitive(j, "duplicate");
	if (status == 201) {
		o->n201++;
		if (o->n201 > 1)
			finding("order %s: answered 201 %d times (counted again?)",
			    o->id, o->n201);
		if (!cJSON_IsFalse(dup))
			finding("order %s: 201 without \"duplicate\": false: %s",
			    o->id, resp);
	} else if (!cJSON_IsTrue(dup))
		finding("order %s: 200 without \"duplicate\": true: %s", o->id, resp);
	if (o->first == NULL) {
		o->first = j;
		return;
	}
	/* Compare the two answers without their "duplicate" member. */
	a = cJSON_Duplicate(o->first, 1);
	b = cJSON_Duplicate(j, 1);
	cJSON_DeleteItemFromObjectCaseSensitive(a, "duplicate");
	cJSON_DeleteItemFromObjectCaseSensitive(b, "duplicate");
	if (!cJSON_Compare(a, b, 1)) {
		char *sa = cJSON_PrintUnformatted(o->first);

		finding("order %s: a repeat's answer differs from the first: "
		    "first %s, repeat (status %d) %s", o->id, sa, status, resp);
		free(sa);
	}
	cJSON_Delete(a);
	cJSON_Delete(b);
	if (status == 201) {	/* keep the 201 as "first" */
		cJSON_Delete(o->first);
		o->first = j;
	} else
		cJSON_Delete(j);
}

/*
 * Every request and its answer, one line each, in FX->dir/oracle-requests.log
 * (tab-separated: phase, client, start µs, end µs, tries, method, path,
 * status, request body, response body), for reading a failure afterwards.
 */
static void
reqlog_write(const char *phase, const struct ld_job *jobs, size_t n)
{
	char	 path[700];
	FILE	*f;
	size_t	 i;

	snprintf(path, sizeof(path), "%s/oracle-requests.log", FX->dir);
	if ((f = fopen(path, "a")) == NULL)
		return;
	for (i = 0; i < n; i++)
		fprintf(f, "%s\t%d\t%lld\t%lld\t%d\t%s\t%s\t%d\t%s\t%s\n", phase,
		    jobs[i].client, (long long)jobs[i].start_us,
		    (long long)jobs[i].end_us, jobs[i].tries, jobs[i].method,
		    jobs[i].path, jobs[i].status,
		    jobs[i].body != NULL ? jobs[i].body : "",
		    jobs[i].resp != NULL ? jobs[i].resp : "");
	fclose(f);
}

static size_t
run_jobs(struct jkey *keys, size_t n, const char *phase)
{
	struct ld_opts	 lo;
	struct ld_job	*jobs;
	size_t		 i, lost, ok = 0;
	int64_t		 t0;
	int		 st;
	struct gorder	*o;

	qsort(keys, n, sizeof(*keys), jkey_cmp);
	jobs = calloc(n, sizeof(*jobs));
	CU_ASSERT_PTR_NOT_NULL_FATAL(jobs);
	for (i = 0; i < n; i++)
		job_fill(&jobs[i], &keys[i]);
	memset(&lo, 0, sizeof(lo));
	lo.port = FX->port;
	lo.auth = token;
	lo.clients = CLIENTS;
	lo.deadline_s = PHASE_SECONDS;
	lo.keepalive = 1;
	lo.retry_503 = chaos_kill != NULL ? CHAOS_503_TRIES : 0;
	t0 = ld_now_us();
	lost = ld_run(&lo, jobs, n);
	reqlog_write(phase, jobs, n);
	fprintf(stderr, "it_concurrency: %s: %zu requests from %d clients in "
	    "%.2f s, %zu without answer\n", phase, n, CLIENTS,
	    (double)(ld_now_us() - t0) / 1e6, lost);
	for (i = 0; i < n; i++) {
		st = jobs[i].status;
		if (jobs[i].tag < 0) {	/* a milestone created during the run */
			struct mdef *m = &mdefs[-1 - jobs[i].tag];
			cJSON *j = jobs[i].resp != NULL ?
			    cJSON_Parse(jobs[i].resp) : NULL;

			if (m->edit_racing && st == 200)
				;
			else if (!m->edit_racing && st == 201 && j != NULL)
				m->svc_id = jnum(j, "id", -1);
			else
				finding("POST %s %s (during orders): status %d %s",
				    jobs[i].path, jobs[i].body, st,
				    jobs[i].resp != NULL ? jobs[i].resp : "");
			cJSON_Delete(j);
			if (st >= 200 && st <= 299)
				ok++;
			continue;
		}
		o = &orders[jobs[i].tag / 4];
		if (st == -1) {
			finding("%s %s (%s): no answer after %d tries", jobs[i].method,
			    jobs[i].path, o->id, jobs[i].tries);
			continue;
		}
		if (jobs[i].tries > 1 && chaos_kill == NULL)
			finding("%s %s (%s): answered only at try %d", jobs[i].method,
			    jobs[i].path, o->id, jobs[i].tries);
		if (o->alt_body != NULL && (jobs[i].tag % 4 == J_POST ||
		    jobs[i].tag % 4 == J_POST_ALT)) {
			/* decided after the run, when the winner is known */
			if (st >= 200 && st <= 299)
				ok++;
			if (o->nconf < 6) {
				o->conf_status[o->nconf] = st;
				o->conf_alt[o->nconf] = jobs[i].tag % 4 == J_POST_ALT;
				o->conf_resp[o->nconf++] = jobs[i].resp;
				jobs[i].resp = NULL;
			}
			continue;
		}
		switch (jobs[i].tag % 4) {
		case J_POST:
			record_post(o, st, jobs[i].resp);
			break;
		case J_CANCEL:
			if (o->race) {
				/* 404 when it ran before the order existed */
				if (st >= 200 && st <= 299)
					o->cancel = 1;
				else if (st != 404)
					finding("POST %s (racing its order): status "
					    "%d %s", jobs[i].path, st, jobs[i].resp);
				break;
			}
			/* FALLTHROUGH */
		case J_REFUND:
			if (st < 200 || st > 299)
				finding("POST %s %s: status %d %s", jobs[i].path,
				    jobs[i].body != NULL ? jobs[i].body : "", st,
				    jobs[i].resp);
			break;
		}
		if (st >= 200 && st <= 299)
			ok++;
	}
	ld_jobs_free(jobs, n);
	free(jobs);
	return ok;
}

/* Orders of a phase that no answer acknowledged: send once more, alone. */
static void
resend_unacked(int from, int to)
{
	struct fx_resp	 r;
	int		 i, k;

	for (i = from; i < to; i++) {
		if (orders[i].nacks > 0)
			continue;
		fx_http(FX, "POST", "/api/v1/orders", auth, orders[i].body,
		    orders[i].body_len, &r);
		for (k = 0; chaos_kill != NULL && r.status == 503 &&
		    k < CHAOS_503_TRIES; k++) {
			fx_resp_free(&r);
			usleep(LD_503_PAUSE_MS * 1000);
			fx_http(FX, "POST", "/api/v1/orders", auth, orders[i].body,
			    orders[i].body_len, &r);
		}
		record_post(&orders[i], r.status, r.body);
		fx_resp_free(&r);
	}
}

/* --- the oracle replay ------------------------------------------------- */

struct placed {
	int	 ord;
	int64_t	 p1;
	int64_t	 backers;
	int64_t	 seq;
};

static int
placed_cmp(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	if (x->p1 != y->p1)
		return x->p1 < y->p1 ? -1 : 1;
	return x->ord - y->ord;
}

static const cJSON *
resp_campaign(const cJSON *first, const char *s)
{
	const cJSON	*c, *sl;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(first, "campaigns")) {
		sl = cJSON_GetObjectItemCaseSensitive(c, "slug");
		if (cJSON_IsString(sl) && strcmp(sl->valuestring, s) == 0)
			return c;
	}
	return NULL;
}

/* A grant's queue position ("position", a string of digits), or -1. */
static int64_t
jpos(const cJSON *o)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, "position");

	return cJSON_IsString(v) ? strtoll(v->valuestring, NULL, 10) : -1;
}

static int64_t
jnum(const cJSON *o, const char *k, int64_t dflt)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : dflt;
}

/*
 * Milestones created while orders flow (phase 3) enter the oracle's serial
 * order where the service put them: one reached by an order was created
 * before that order (any earlier moment gives the same result, so: at the
 * phase start); one reached at its creation sits just after the orders
 * whose sequence number (order_campaigns.counted_seq) is below its
 * reached_seq; one not reached at all, at the phase start.
 */
static void
racing_resolve(void)
{
	char	 sql[256], buf[128];
	int	 i, reached, by_order = 0, at_creation = 0, none = 0;
	long long order_id, seq;

	for (i = 0; i < nmdefs; i++) {
		if ((!mdefs[i].racing && !mdefs[i].edit_racing) ||
		    mdefs[i].svc_id <= 0)
			continue;
		snprintf(sql, sizeof(sql), "SELECT CONCAT(reached_at IS NOT NULL, "
		    "' ', COALESCE(reached_order_id, 0), ' ', COALESCE(reached_seq, "
		    "-1)) FROM milestones WHERE id = %lld",
		    (long long)mdefs[i].svc_id);
		fx_sql_str(FX, sql, buf, sizeof(buf));
		mdefs[i].seq_pos = -1;
		mdefs[i].resolved = 1;
		if (sscanf(buf, "%d %lld %lld", &reached, &order_id, &seq) != 3 ||
		    !reached)
			none++;
		else if (order_id == 0) {
			mdefs[i].seq_pos = seq;
			at_creation++;
		} else
			by_order++;
	}
	fprintf(stderr, "it_concurrency: milestones created or edited during "
	    "phase 3: %d "
	    "reached by an order, %d at their creation/edit, %d not reached\n",
	    by_order, at_creation, none);
}

/* Is m created or edited during the phase and not yet in the oracle? */
static int
racing_pending(const struct mdef *m)
{
	if (m->svc_id <= 0 || !m->resolved)
		return 0;
	return (m->racing && m->or_idx < 0) || (m->edit_racing && !m->edited);
}

/* The service's sequence number of each order counted in c (-1: none). */
static int64_t *
racing_seqs(int c)
{
	char	**rows, sql[512], *p;
	size_t	 n, r;
	int64_t	*v;
	int	 i;

	v = malloc(NORD * sizeof(*v));
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	for (i = 0; i < NORD; i++)
		v[i] = -1;
	for (i = 0; i < nmdefs; i++)
		if (racing_pending(&mdefs[i]) && mdefs[i].camp == c &&
		    mdefs[i].seq_pos >= 0)
			break;
	if (i == nmdefs)
		return v;
	snprintf(sql, sizeof(sql), "SELECT GROUP_CONCAT(CONCAT(o.external_id, "
	    "' ', oc.counted_seq) SEPARATOR '\\n') FROM order_campaigns oc JOIN "
	    "orders o ON o.id = oc.order_id JOIN campaigns c ON c.id = "
	    "oc.campaign_id WHERE c.slug = '%s'", slug[c]);
	fx_sql_str(FX, sql, big, BIG);
	n = split_lines(big, &rows);
	for (r = 0; r < n; r++) {
		if ((p = strrchr(rows[r], '-')) == NULL)
			continue;
		i = atoi(p + 1);
		if (i >= 0 && i < NORD && (p = strchr(rows[r], ' ')) != NULL)
			v[i] = strtoll(p + 1, NULL, 10);
	}
	free(rows);
	return v;
}

/*
 * Adds campaign c's pending racing milestones that belong before order
 * ord (-1: the phase start; -2: the end, whatever is left).
 */
static void
racing_add(int c, const int64_t *dbseq, int ord)
{
	struct mdef	*m;
	int		 i;

	for (i = 0; i < nmdefs; i++) {
		m = &mdefs[i];
		if (!racing_pending(m) || m->camp != c)
			continue;
		if (!((ord == -1 && m->seq_pos < 0) || ord == -2 ||
		    (ord >= 0 && m->seq_pos >= 0 && dbseq[ord] > m->seq_pos)))
			continue;
		if (m->racing) {
			m->or_idx = or_add_milestone(&oc[c], m->target, m->gift,
			    m->scope_all);
			continue;
		}
		m->edited = 1;
		m->target = m->new_target;
		m->gift = m->new_gift;
		m->scope_all = m->new_scope_all;
		m->product = m->new_product;
		if (or_edit_milestone(&oc[c], m->or_idx, m->target, m->gift,
		    m->scope_all) != 0)
			finding("milestone %lld was edited while the oracle has it "
			    "reached already", (long long)m->svc_id);
	}
}

/*
 * Replays one phase of orders for campaign c in the serial order the
 * responses give, and compares each response with the oracle.
 * expected_gifts[ord] collects the milestones granted to each order.
 */
static void
replay_phase(int c, int from, int to, int granted[NORD][OR_MAX_MS * NCAMP],
    int ngranted[NORD])
{
	struct placed	*pl;
	struct or_post	 p;
	const cJSON	*rc, *r;
	const struct mdef *md;
	int64_t		 prev, contrib, *dbseq;
	int		 i, n = 0, k, found, m;

	pl = calloc((size_t)(to - from), sizeof(*pl));
	CU_ASSERT_PTR_NOT_NULL_FATAL(pl);
	for (i = from; i < to; i++) {
		rc = orders[i].first != NULL ? resp_campaign(orders[i].first,
		    slug[c]) : NULL;
		if (orders[i].first == NULL)
			continue;	/* reported already */
		if (!orders[i].counts[c]) {
			if (rc != NULL)
				finding("order %s: does not count toward %s (no "
				    "non-gift line of its products) but the "
				    "response lists it", orders[i].id, slug[c]);
			continue;
		}
		if (rc == NULL) {
			char *txt = cJSON_PrintUnformatted(orders[i].first);

			finding("order %s: counts toward %s but its response has "
			    "no entry for it: %s", orders[i].id, slug[c], txt);
			free(txt);
			continue;
		}
		pl[n].ord = i;
		pl[n].p1 = jnum(rc, "progress", -1);
		pl[n].backers = jnum(rc, "backers", -1);
		n++;
	}
	qsort(pl, (size_t)n, sizeof(*pl), placed_cmp);
	prev = or_progress(&oc[c]);
	dbseq = racing_seqs(c);
	racing_add(c, dbseq, -1);
	for (k = 0; k < n; k++) {
		struct gorder *o = &orders[pl[k].ord];

		racing_add(c, dbseq, pl[k].ord);

		contrib = c == CM_ ? o->amount[c] : o->units[c];
		if (pl[k].p1 - contrib != prev)
			finding("%s: no serial order explains order %s: its "
			    "response says progress %lld after adding %lld, but "
			    "the progress before it (the previous response in "
			    "progress order, or the phase start) is %lld",
			    slug[c], o->id, (long long)pl[k].p1,
			    (long long)contrib, (long long)prev);
		prev = pl[k].p1;
		or_post(&oc[c], pl[k].ord, o->backer, o->units[c], o->amount[c], &p);
		rc = resp_campaign(o->first, slug[c]);
		if (pl[k].backers != p.backers)
			finding("order %s: %s backers %lld in the response, oracle "
			    "%lld", o->id, slug[c], (long long)pl[k].backers,
			    (long long)p.backers);
		if (jnum(rc, "goal", -1) <= 0)
			finding("order %s: %s response without a goal", o->id,
			    slug[c]);
		/* reached: exactly the oracle's crossings. */
		found = 0;
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(rc, "reached")) {
			md = mdef_by_svc(jnum(r, "milestone_id", -1));
			if (md == NULL || md->camp != c) {
				finding("order %s: %s reached an unknown milestone "
				    "%lld", o->id, slug[c],
				    (long long)jnum(r, "milestone_id", -1));
				continue;
			}
			for (m = 0; m < p.nreached; m++)
				if (p.reached[m] == md->or_idx)
					break;
			if (m == p.nreached)
				finding("order %s: the response says it reached %s "
				    "milestone %lld (%s target %lld) but the oracle "
				    "(P0 %lld, P1 %lld, B0 %lld, B1 %lld) does not",
				    o->id, slug[c], (long long)md->svc_id,
				    md->backers ? "backers" : "progress",
				    (long long)md->target, (long long)p.p0,
				    (long long)p.p1, (long long)p.b0,
				    (long long)p.backers);
			else
				found++;
			if (jnum(r, "target", -1) != md->target)
				finding("order %s: reached milestone %lld with "
				    "target %lld, created with %lld", o->id,
				    (long long)md->svc_id,
				    (long long)jnum(r, "target", -1),
				    (long long)md->target);
		}
		if (found != p.nreached)
			for (m = 0; m < p.nreached; m++) {
				md = mdef_by_or(c, p.reached[m]);
				finding("order %s: the oracle has it reach %s milestone "
				    "%lld (target %lld; P0 %lld, P1 %lld, B0 %lld, "
				    "B1 %lld); the response lists %d of %d", o->id,
				    slug[c], md != NULL ? (long long)md->svc_id : -1LL,
				    md != NULL ? (long long)md->target : -1LL,
				    (long long)p.p0, (long long)p.p1, (long long)p.b0,
				    (long long)p.backers, found, p.nreached);
			}
		for (m = 0; m < p.ngranted; m++)
			granted[pl[k].ord][ngranted[pl[k].ord]++] = c * OR_MAX_MS +
			    p.granted[m];
	}
	racing_add(c, dbseq, -2);
	free(dbseq);
	free(pl);
}

/* The gifts of each first response against the oracle's grants at post. */
static void
check_gifts(int from, int to, int granted[NORD][OR_MAX_MS * NCAMP],
    int ngranted[NORD])
{
	const cJSON	*g;
	const struct mdef *md;
	int		 i, k, n, c, idx, seen[OR_MAX_MS * NCAMP];

	for (i = from; i < to; i++) {
		if (orders[i].first == NULL)
			continue;
		memset(seen, 0, sizeof(seen));
		n = 0;
		cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(orders[i].first,
		    "gifts")) {
			n++;
			md = mdef_by_svc(jnum(g, "milestone_id", -1));
			if (md == NULL || !md->gift) {
				finding("order %s: gift for milestone %lld, which "
				    "is not a gift milestone", orders[i].id,
				    (long long)jnum(g, "milestone_id", -1));
				continue;
			}
			idx = md->camp * OR_MAX_MS + md->or_idx;
			for (k = 0; k < ngranted[i]; k++)
				if (granted[i][k] == idx)
					break;
			if (k == ngranted[i])
				finding("order %s (backer %d): the response gives "
				    "milestone %lld's gift (%s target %lld); the "
				    "oracle does not", orders[i].id,
				    orders[i].backer, (long long)md->svc_id,
				    slug[md->camp], (long long)md->target);
			if (seen[idx]++)
				finding("order %s: milestone %lld's gift twice",
				    orders[i].id, (long long)md->svc_id);
			if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(g,
			    "product_id")) || strcmp(cJSON_GetObjectItemCaseSensitive(
			    g, "product_id")->valuestring, md->product) != 0 ||
			    jnum(g, "quantity", -1) != md->qty ||
			    jnum(g, "grant_id", -1) <= 0) {
				char *txt = cJSON_PrintUnformatted(g);

				finding("order %s: gift %s does not match milestone "
				    "%lld (product %s, quantity %d)", orders[i].id,
				    txt, (long long)md->svc_id, md->product, md->qty);
				free(txt);
			}
		}
		for (k = 0; k < ngranted[i]; k++) {
			c = granted[i][k] / OR_MAX_MS;
			md = mdef_by_or(c, granted[i][k] % OR_MAX_MS);
			if (!seen[granted[i][k]])
				finding("order %s (backer %d): the oracle grants "
				    "milestone %lld (%s target %lld, scope %s) on it; "
				    "the response's gifts do not have it",
				    orders[i].id, orders[i].backer,
				    md != NULL ? (long long)md->svc_id : -1LL,
				    slug[c], md != NULL ? (long long)md->target : -1LL,
				    md != NULL && md->scope_all ? "all" : "new");
		}
		(void)n;
	}
}

/* --- final state ---------------------------------------------------------- */

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Splits s at '\n' into a sorted array of lines (pointers into s). */
static size_t
split_lines(char *s, char ***out)
{
	size_t	 n = 0, cap = 64;
	char	**v, *p, *nl;

	v = malloc(cap * sizeof(*v));
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	for (p = s; p != NULL && *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if (n == cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof(*v));
			CU_ASSERT_PTR_NOT_NULL_FATAL(v);
		}
		v[n++] = p;
	}
	qsort(v, n, sizeof(*v), str_cmp);
	*out = v;
	return n;
}

/* Reports the difference of two sorted sets of lines. */
static void
diff_sets(const char *what, char **exp, size_t ne, char **got, size_t ng)
{
	size_t	 i = 0, j = 0;
	int	 c;

	while (i < ne || j < ng) {
		c = i == ne ? 1 : j == ng ? -1 : strcmp(exp[i], got[j]);
		if (c == 0) {
			i++;
			j++;
		} else if (c < 0)
			finding("%s: expected by the oracle, missing in the "
			    "service: %s", what, exp[i++]);
		else
			finding("%s: in the service, not expected by the oracle: "
			    "%s", what, got[j++]);
	}
}

static void
check_campaigns(int api_too)
{
	struct fx_resp	 r;
	char		 sql[512], path[128];
	int		 c;
	int64_t		 v;

	for (c = 0; c < NCAMP; c++) {
		static const char *const col[] = { "units", "amount", "orders",
		    "backers" };
		int64_t exp[4];
		int k;

		exp[0] = oc[c].units;
		exp[1] = oc[c].amount;
		exp[2] = oc[c].active;
		exp[3] = oc[c].backers;
		for (k = 0; k < 4; k++) {
			snprintf(sql, sizeof(sql), "SELECT %s FROM campaigns WHERE "
			    "slug = '%s'", col[k], slug[c]);
			if ((v = fx_sql_i64(FX, sql)) != exp[k])
				finding("%s: campaigns.%s is %lld, oracle %lld",
				    slug[c], col[k], (long long)v, (long long)exp[k]);
		}
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM order_campaigns oc "
		    "JOIN campaigns c ON c.id = oc.campaign_id WHERE c.slug = '%s' "
		    "AND oc.active", slug[c]);
		if ((v = fx_sql_i64(FX, sql)) != oc[c].active)
			finding("%s: %lld active order_campaigns rows, oracle %lld",
			    slug[c], (long long)v, (long long)oc[c].active);
		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM campaign_backers cb "
		    "JOIN campaigns c ON c.id = cb.campaign_id WHERE c.slug = '%s' "
		    "AND cb.active_orders > 0", slug[c]);
		if ((v = fx_sql_i64(FX, sql)) != oc[c].backers)
			finding("%s: %lld campaign_backers with active orders, "
			    "oracle %lld", slug[c], (long long)v,
			    (long long)oc[c].backers);
		if (!api_setup || !api_too)
			continue;
		snprintf(path, sizeof(path), "/api/v1/campaigns/%s", slug[c]);
		if (api("GET", path, NULL, &r) != 200 || r.json == NULL)
			finding("GET %s: status %d", path, r.status);
		else {
			if (jnum(r.json, "progress", -1) != or_progress(&oc[c]))
				finding("GET %s: progress %lld, oracle %lld", path,
				    (long long)jnum(r.json, "progress", -1),
				    (long long)or_progress(&oc[c]));
			if (jnum(r.json, "backers", -1) != oc[c].backers)
				finding("GET %s: backers %lld, oracle %lld", path,
				    (long long)jnum(r.json, "backers", -1),
				    (long long)oc[c].backers);
		}
		fx_resp_free(&r);
	}
}

static void
check_milestones(void)
{
	char			 sql[512], got[256], exp[256];
	const struct mdef	*md;
	const struct or_milestone *om;
	int			 i;

	for (i = 0; i < nmdefs; i++) {
		md = &mdefs[i];
		if (md->or_idx < 0)
			continue;
		om = &oc[md->camp].ms[md->or_idx];
		snprintf(sql, sizeof(sql), "SELECT CONCAT(m.reached_at IS NOT NULL, "
		    "' ', COALESCE(o.external_id, '-')) FROM milestones m LEFT JOIN "
		    "orders o ON o.id = m.reached_order_id WHERE m.id = %lld",
		    (long long)md->svc_id);
		fx_sql_str(FX, sql, got, sizeof(got));
		snprintf(exp, sizeof(exp), "%d %s", om->reached,
		    om->reached && om->reached_by >= 0 ?
		    orders[om->reached_by].id : "-");
		if (strcmp(got, exp) != 0)
			finding("milestone %lld (%s %s, target %lld): reached/order "
			    "is \"%s\" in the database, oracle \"%s\"",
			    (long long)md->svc_id, slug[md->camp], md->title,
			    (long long)md->target, got, exp);
	}
}

static void
check_orders(void)
{
	char	**exp, **got, *e, *p;
	size_t	 ne, ng;
	int	 i, acked = 0;

	/* Every acknowledged order exactly once, and nothing else. */
	e = malloc(BIG);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	p = e;
	for (i = 0; i < NORD; i++) {
		if (orders[i].nacks == 0)
			continue;
		acked++;
		p += sprintf(p, "%s %s\n", orders[i].id,
		    orders[i].cancel ? "cancelled" : "active");
	}
	fx_sql_str(FX, "SELECT GROUP_CONCAT(CONCAT(external_id, ' ', status) "
	    "SEPARATOR '\\n') FROM orders", big, BIG);
	ne = split_lines(e, &exp);
	ng = split_lines(big, &got);
	diff_sets("orders (id, status)", exp, ne, got, ng);
	if ((int64_t)acked != fx_sql_i64(FX, "SELECT COUNT(*) FROM orders"))
		finding("%d orders acknowledged, %lld in the database", acked,
		    (long long)fx_sql_i64(FX, "SELECT COUNT(*) FROM orders"));
	free(exp);
	free(got);
	free(e);
}

/*
 * Wait for the fan-out task to finish every pending fan-out (rule 5 after
 * the answer: "all in the grant queue within seconds").
 */
static void
fanouts_done(const char *when)
{
	glob_t	 g;
	FILE	*f;
	char	 pat[700], line[512];
	int64_t	 n = 0;
	size_t	 k;
	int	 i, runs = 0;

	for (i = 0; i < 600; i++) {
		if ((n = fx_sql_i64(FX, "SELECT COUNT(*) FROM milestones WHERE "
		    "fanout_pending = 1")) == 0)
			break;
		usleep(100 * 1000);
	}
	if (n != 0)
		finding("%s: %lld fan-outs still pending after 60 s", when,
		    (long long)n);
	/* The task logs each time it has finished what was pending. */
	snprintf(pat, sizeof(pat), "%s/stretchgoal*.log", FX->dir);
	if (glob(pat, 0, NULL, &g) == 0) {
		for (k = 0; k < g.gl_pathc; k++)
			if ((f = fopen(g.gl_pathv[k], "r")) != NULL) {
				while (fgets(line, sizeof(line), f) != NULL)
					if (strstr(line, "fan-out: no fan-out "
					    "pending") != NULL)
						runs++;
				fclose(f);
			}
		globfree(&g);
	}
	fprintf(stderr, "  %s: the fan-out task emptied its queue %d times\n",
	    when, runs);
	if (runs == 0)
		finding("%s: no fan-out ran after the answer", when);
}

static void
check_grants(void)
{
	struct fx_resp	 r;
	char		**exp, **got, **api_l, *e, *p, *a, path[256], name[64];
	char		 after[64];
	const cJSON	*g, *next;
	const struct mdef *md;
	size_t		 ne, ng, na;
	int		 c, k, pages = 0;
	int64_t		 last_id = 0, last_pos = 0;

	e = malloc(BIG);
	a = malloc(BIG);
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	p = e;
	for (c = 0; c < NCAMP; c++)
		for (k = 0; k < oc[c].ngrants; k++) {
			const struct or_grant *og = &oc[c].grants[k];

			if (!og->live)
				continue;
			md = mdef_by_or(c, og->ms);
			p += sprintf(p, "milestone %lld backer %s order %s "
			    "product %s quantity %d\n",
			    md != NULL ? (long long)md->svc_id : -1LL,
			    backer_name(og->backer, name, sizeof(name)),
			    orders[og->ref].id, md != NULL ? md->product : "?",
			    md != NULL ? md->qty : -1);
		}
	fx_sql_str(FX, "SELECT GROUP_CONCAT(CONCAT('milestone ', g.milestone_id, "
	    "' backer ', g.backer, ' order ', o.external_id, ' product ', "
	    "g.product_id, ' quantity ', g.quantity) SEPARATOR '\\n') FROM grants g "
	    "JOIN orders o ON o.id = g.order_id WHERE g.status <> 'void'", big, BIG);
	ne = split_lines(e, &exp);
	ng = split_lines(big, &got);
	diff_sets("live grants", exp, ne, got, ng);
	free(got);

	/* Void grants belong to cancelled orders only. */
	fx_sql_str(FX, "SELECT GROUP_CONCAT(CONCAT('grant ', g.id, ' milestone ', "
	    "g.milestone_id, ' order ', o.external_id) SEPARATOR '; ') FROM grants g "
	    "JOIN orders o ON o.id = g.order_id WHERE g.status = 'void' AND "
	    "o.status <> 'cancelled'", big, BIG);
	if (big[0] != '\0')
		finding("void grants on active orders: %s", big);
	fx_sql_str(FX, "SELECT GROUP_CONCAT(CONCAT('grant ', g.id) SEPARATOR ', ') "
	    "FROM grants g JOIN milestones m ON m.id = g.milestone_id WHERE "
	    "m.reward <> 'gift'", big, BIG);
	if (big[0] != '\0')
		finding("grants for reveal milestones: %s", big);

	/* The pending queue through the API: the same set, oldest first. */
	if (!api_setup)
		goto out;
	p = a;
	after[0] = '\0';
	for (;;) {
		if (after[0] == '\0')
			snprintf(path, sizeof(path), "/api/v1/grants?status=pending"
			    "&limit=100");
		else
			snprintf(path, sizeof(path), "/api/v1/grants?status=pending"
			    "&limit=100&after=%s", after);
		if (api("GET", path, NULL, &r) != 200 || r.json == NULL) {
			finding("GET %s: status %d %s", path, r.status,
			    r.body != NULL ? r.body : "");
			fx_resp_free(&r);
			break;
		}
		cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(r.json,
		    "grants")) {
			const cJSON *b = cJSON_GetObjectItemCaseSensitive(g, "backer");
			const cJSON *o = cJSON_GetObjectItemCaseSensitive(g, "order_id");
			const cJSON *pr = cJSON_GetObjectItemCaseSensitive(g, "product_id");
			const cJSON *st = cJSON_GetObjectItemCaseSensitive(g, "status");

			/* Queue order is commit order: positions grow. */
			if (jpos(g) <= last_pos)
				finding("GET /api/v1/grants: grant %lld at position "
				    "%lld after %lld (not in queue order)",
				    (long long)jnum(g, "id", -1), (long long)jpos(g),
				    (long long)last_pos);
			last_pos = jpos(g);
			last_id = jnum(g, "id", -1);
			if (!cJSON_IsString(st) || strcmp(st->valuestring,
			    "pending") != 0)
				finding("GET /api/v1/grants?status=pending: grant "
				    "%lld has status %s", (long long)last_id,
				    cJSON_IsString(st) ? st->valuestring : "?");
			if ((size_t)(p - a) > BIG - 1024)
				break;
			p += sprintf(p, "milestone %lld backer %s order %s product %s "
			    "quantity %lld\n", (long long)jnum(g, "milestone_id", -1),
			    cJSON_IsString(b) ? b->valuestring : "?",
			    cJSON_IsString(o) ? o->valuestring : "?",
			    cJSON_IsString(pr) ? pr->valuestring : "?",
			    (long long)jnum(g, "quantity", -1));
		}
		next = cJSON_GetObjectItemCaseSensitive(r.json, "next_after");
		if (cJSON_IsString(next) && ++pages < 1000)
			snprintf(after, sizeof(after), "%s", next->valuestring);
		else if (cJSON_IsNumber(next) && ++pages < 1000)
			snprintf(after, sizeof(after), "%lld",
			    (long long)next->valuedouble);
		else {
			if (!cJSON_IsNull(next))
				finding("GET %s: next_after is neither a cursor nor "
				    "null", path);
			fx_resp_free(&r);
			break;
		}
		fx_resp_free(&r);
	}
	na = split_lines(a, &api_l);
	diff_sets("pending grants from GET /api/v1/grants", exp, ne, api_l, na);
	free(api_l);
out:
	free(exp);
	free(e);
	free(a);
}

/* GET /api/v1/grants without status: every grant, each once, in queue order. */
static void
check_grant_list_all(void)
{
	struct fx_resp	 r;
	char		 path[256], after[64];
	const cJSON	*g, *next;
	int64_t		 n = 0, last = 0, db;
	int		 pages = 0;

	after[0] = '\0';
	for (;;) {
		snprintf(path, sizeof(path), "/api/v1/grants?limit=100%s%s",
		    after[0] != '\0' ? "&after=" : "", after);
		if (api("GET", path, NULL, &r) != 200 || r.json == NULL) {
			finding("GET %s: status %d", path, r.status);
			fx_resp_free(&r);
			return;
		}
		cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(r.json,
		    "grants")) {
			if (jpos(g) <= last)
				finding("GET /api/v1/grants: grant %lld at position "
				    "%lld after %lld", (long long)jnum(g, "id", -1),
				    (long long)jpos(g), (long long)last);
			last = jpos(g);
			n++;
		}
		next = cJSON_GetObjectItemCaseSensitive(r.json, "next_after");
		if (cJSON_IsString(next) && ++pages < 1000)
			snprintf(after, sizeof(after), "%s", next->valuestring);
		else if (cJSON_IsNumber(next) && ++pages < 1000)
			snprintf(after, sizeof(after), "%lld",
			    (long long)next->valuedouble);
		else {
			fx_resp_free(&r);
			break;
		}
		fx_resp_free(&r);
	}
	if ((db = fx_sql_i64(FX, "SELECT COUNT(*) FROM grants")) != n)
		finding("GET /api/v1/grants (every status) lists %lld grants, the "
		    "database holds %lld", (long long)n, (long long)db);
}

/* Each gift a first response returned is a grant of that milestone and order. */
static void
check_gift_ids(void)
{
	char		 sql[512], got[256], exp[256];
	const cJSON	*g;
	int		 i;

	for (i = 0; i < NORD; i++) {
		if (orders[i].first == NULL)
			continue;
		cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(orders[i].first,
		    "gifts")) {
			snprintf(sql, sizeof(sql), "SELECT CONCAT(g.milestone_id, ' ', "
			    "o.external_id) FROM grants g JOIN orders o ON o.id = "
			    "g.order_id WHERE g.id = %lld",
			    (long long)jnum(g, "grant_id", -1));
			fx_sql_str(FX, sql, got, sizeof(got));
			snprintf(exp, sizeof(exp), "%lld %.31s",
			    (long long)jnum(g, "milestone_id", -1), orders[i].id);
			if (strcmp(got, exp) != 0)
				finding("order %s: gift grant_id %lld is \"%s\" in "
				    "the database (milestone, order), expected "
				    "\"%s\"", orders[i].id,
				    (long long)jnum(g, "grant_id", -1), got, exp);
		}
	}
}

/* --- phase 4: conflicts, races, fulfilment ---------------------------- */

/*
 * Same id, two bodies, sent at once: exactly one body wins (one 201); the
 * winner's repeats are duplicates of its first answer, the other body gets
 * 409 every time.  The oracle then counts the winner.
 */
static void
resolve_conflicts(void)
{
	struct gorder	*o;
	char		*t, sql[512];
	size_t		 tl;
	int		 i, k, n201, alt_won, nalt = 0, n409 = 0;

	for (i = N13; i < N13 + NCONF; i++) {
		o = &orders[i];
		if (o->equiv) {
			/* one 201, every other answer its duplicate */
			for (k = 0; k < o->nconf; k++) {
				record_post(o, o->conf_status[k], o->conf_resp[k]);
				free(o->conf_resp[k]);
			}
			o->nconf = 0;
			if (o->n201 != 1)
				finding("order %s: one body in two spellings at once, "
				    "%d answers 201 (one expected)", o->id, o->n201);
			continue;
		}
		n201 = 0;
		alt_won = -1;
		for (k = 0; k < o->nconf; k++)
			if (o->conf_status[k] == 201) {
				n201++;
				alt_won = o->conf_alt[k];
			}
		if (n201 != 1)
			finding("order %s: two bodies sent at once, %d answers 201 "
			    "(one expected)", o->id, n201);
		for (k = 0; k < o->nconf && alt_won >= 0; k++) {
			if (o->conf_alt[k] == alt_won)
				record_post(o, o->conf_status[k], o->conf_resp[k]);
			else if (o->conf_status[k] == 409)
				n409++;
			else
				finding("order %s: the losing body (first line "
				    "quantity %d) answered %d, expected 409: %s",
				    o->id, o->conf_alt[k] ? o->alt_qty :
				    o->lines[0].qty, o->conf_status[k],
				    o->conf_resp[k] != NULL ? o->conf_resp[k] : "");
		}
		for (k = 0; k < o->nconf; k++)
			free(o->conf_resp[k]);
		o->nconf = 0;
		if (alt_won == 1) {
			nalt++;
			t = o->body;
			tl = o->body_len;
			o->body = o->alt_body;
			o->body_len = o->alt_len;
			o->alt_body = t;
			o->alt_len = tl;
			k = o->lines[0].qty;
			o->lines[0].qty = o->alt_qty;
			o->alt_qty = k;
			order_sums(o);
		}
		if (alt_won < 0)
			continue;
		snprintf(sql, sizeof(sql), "SELECT ol.quantity FROM order_lines ol "
		    "JOIN orders o ON o.id = ol.order_id WHERE o.external_id = '%s' "
		    "AND ol.line_no = (SELECT MIN(line_no) FROM order_lines WHERE "
		    "order_id = o.id)", o->id);
		if (fx_sql_i64(FX, sql) != o->lines[0].qty)
			finding("order %s: the winning body has quantity %d on its "
			    "first line, the database %lld", o->id, o->lines[0].qty,
			    (long long)fx_sql_i64(FX, sql));
	}
	fprintf(stderr, "it_concurrency: %d ids sent with two bodies at once: the "
	    "second body won %d times; %d answers 409; %d ids sent in two "
	    "spellings of one body at once\n", NCONF - NEQUIV, nalt, n409, NEQUIV);
}

/* race-camp: only final totals (a post racing its cancel has two outcomes). */
static void
check_race(void)
{
	char	 sql[256];
	int	 i, b, seen[NBACKERS], ncancelled = 0;
	int64_t	 units = 0, backers = 0, v;

	memset(seen, 0, sizeof(seen));
	for (i = N13 + NCONF; i < N4; i++) {
		ncancelled += orders[i].cancel;
		if (orders[i].nacks == 0 || orders[i].cancel)
			continue;
		units += orders[i].lines[0].qty;
		b = orders[i].backer;
		if (!seen[b]++)
			backers++;
	}
	snprintf(sql, sizeof(sql), "SELECT units FROM campaigns WHERE slug = '%s'",
	    RACE_SLUG);
	if ((v = fx_sql_i64(FX, sql)) != units)
		finding("%s (orders posted and cancelled at once): units %lld, "
		    "expected %lld", RACE_SLUG, (long long)v, (long long)units);
	snprintf(sql, sizeof(sql), "SELECT backers FROM campaigns WHERE slug = "
	    "'%s'", RACE_SLUG);
	if ((v = fx_sql_i64(FX, sql)) != backers)
		finding("%s: backers %lld, expected %lld", RACE_SLUG, (long long)v,
		    (long long)backers);
	snprintf(sql, sizeof(sql), "SELECT amount FROM campaigns WHERE slug = '%s'",
	    RACE_SLUG);
	if ((v = fx_sql_i64(FX, sql)) != units * RACE_PRICE)
		finding("%s: amount %lld, expected %lld", RACE_SLUG, (long long)v,
		    (long long)(units * RACE_PRICE));
	fprintf(stderr, "it_concurrency: %d orders posted with their cancellation "
	    "at once: %d cancelled, %d cancellations came first (404)\n", NRACE,
	    ncancelled, NRACE - ncancelled);
}

/* Fulfil 40 pending grants, each twice at once: idempotent. */
static void
fulfil_some(void)
{
	struct ld_opts	 lo;
	struct ld_job	 jobs[80];
	char		*p, *e;
	int		 n = 0, i;
	int64_t		 id, before;

	fx_sql_str(FX, "SELECT GROUP_CONCAT(id ORDER BY id) FROM (SELECT id FROM "
	    "grants WHERE status = 'pending' ORDER BY id LIMIT 40) t", big, BIG);
	before = fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE status = "
	    "'pending'");
	memset(jobs, 0, sizeof(jobs));
	for (p = big; *p != '\0' && n < 80; p = *e == ',' ? e + 1 : e) {
		id = strtoll(p, &e, 10);
		if (e == p)
			break;
		for (i = 0; i < 2; i++) {
			jobs[n].method = "POST";
			snprintf(jobs[n].path, sizeof(jobs[n].path),
			    "/api/v1/grants/%lld/fulfill", (long long)id);
			n++;
		}
	}
	if (n < 80)
		finding("only %d pending grants to fulfil", n / 2);
	memset(&lo, 0, sizeof(lo));
	lo.port = FX->port;
	lo.auth = token;
	lo.clients = CLIENTS;
	lo.deadline_s = PHASE_SECONDS;
	lo.keepalive = 1;
	ld_run(&lo, jobs, (size_t)n);
	for (i = 0; i < n; i++)
		if (jobs[i].status < 200 || jobs[i].status > 299)
			finding("POST %s (twice at once): status %d %s", jobs[i].path,
			    jobs[i].status, jobs[i].resp != NULL ? jobs[i].resp : "");
	if (fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE status = "
	    "'fulfilled' AND fulfilled_at IS NOT NULL") != n / 2)
		finding("%lld grants fulfilled after fulfilling %d (each twice)",
		    (long long)fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE "
		    "status = 'fulfilled'"), n / 2);
	if (fx_sql_i64(FX, "SELECT COUNT(*) FROM grants WHERE status = "
	    "'pending'") != before - n / 2)
		finding("pending grants: %lld before, %lld after fulfilling %d",
		    (long long)before, (long long)fx_sql_i64(FX, "SELECT COUNT(*) "
		    "FROM grants WHERE status = 'pending'"), n / 2);
	ld_jobs_free(jobs, (size_t)n);
}

/* --- invariants that hold whatever the serial order ------------------ */

/* Reports every row of sql (one text column, '\n'-separated) as a finding. */
static void
expect_no_rows(const char *what, const char *sql)
{
	char	**rows;
	size_t	 n, i;

	fx_sql_str(FX, sql, big, BIG);
	n = split_lines(big, &rows);
	for (i = 0; i < n; i++)
		finding("%s: %s", what, rows[i]);
	free(rows);
}

/*
 * Cluster mode: every node holds the same rows (Galera replicates every
 * commit to all).  Compares what each node returns for the tables the
 * rules live in, after it caught up, and reports the first rows that differ.
 */
static void
check_nodes_agree(const char *when)
{
	static const struct { const char *table, *sql; } t[] = {
	    { "grants", "SELECT GROUP_CONCAT(CONCAT_WS(' ', id, milestone_id, "
	      "order_id, backer, status, COALESCE(moved_from, '-')) ORDER BY id "
	      "SEPARATOR '\n') FROM grants" },
	    { "orders", "SELECT GROUP_CONCAT(CONCAT_WS(' ', id, external_id, "
	      "status) ORDER BY id SEPARATOR '\n') FROM orders" },
	    { "order_campaigns", "SELECT GROUP_CONCAT(CONCAT_WS(' ', order_id, "
	      "campaign_id, backer, active, counted_seq, units, amount) ORDER BY "
	      "order_id, campaign_id SEPARATOR '\n') FROM order_campaigns" },
	    { "milestones", "SELECT GROUP_CONCAT(CONCAT_WS(' ', id, metric, target, "
	      "reward, scope, COALESCE(reached_seq, '-'), COALESCE("
	      "reached_order_id, '-')) ORDER BY id SEPARATOR '\n') FROM "
	      "milestones" },
	    { "campaigns", "SELECT GROUP_CONCAT(CONCAT_WS(' ', id, units, "
	      "amount, orders, backers, counted_seq, rules_version) ORDER BY id "
	      "SEPARATOR '\n') FROM campaigns" },
	};
	char	*a, *b, *pa, *pb, *ea, *eb;
	size_t	 i;
	int	 k, shown;

	if (getenv("SG_TEST_CLUSTER_NODES") == NULL)
		return;
	a = malloc(BIG);
	b = malloc(BIG);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (fx_sql_str_node(FX, 0, t[i].sql, a, BIG) == -1)
			break;
		for (k = 1; fx_sql_str_node(FX, k, t[i].sql, b, BIG) == 0; k++) {
			if (strcmp(a, b) == 0)
				continue;
			finding("%s: nodes 1 and %d hold different %s", when,
			    k + 1, t[i].table);
			/* The first differing lines of each. */
			for (pa = a, pb = b, shown = 0; shown < 6 &&
			    (*pa != '\0' || *pb != '\0');) {
				ea = pa + strcspn(pa, "\n");
				eb = pb + strcspn(pb, "\n");
				if (ea - pa != eb - pb || memcmp(pa, pb,
				    (size_t)(ea - pa)) != 0) {
					fprintf(stderr, "  node 1: %.*s\n  node %d: "
					    "%.*s\n", (int)(ea - pa), pa, k + 1,
					    (int)(eb - pb), pb);
					shown++;
				}
				pa = *ea != '\0' ? ea + 1 : ea;
				pb = *eb != '\0' ? eb + 1 : eb;
			}
		}
	}
	free(a);
	free(b);
}

/*
 * SPEC's rules as invariants over the stored state, using the service's
 * own sequence numbers for "counted at or after the reach".  They hold
 * after any serial order, so they are checked after the mixed phase too.
 */
static void
check_invariants(const char *when)
{
	char	 what[160];

	snprintf(what, sizeof(what), "%s: active backer without a grant of a "
	    "reached scope-all gift milestone (rules 5, 8)", when);
	expect_no_rows(what, "SELECT GROUP_CONCAT(t.x SEPARATOR '\\n') FROM "
	    "(SELECT CONCAT('milestone ', m.id, ' backer ', oc.backer) AS x "
	    "FROM milestones m JOIN order_campaigns oc ON oc.campaign_id = "
	    "m.campaign_id AND oc.active = 1 WHERE m.reward = 'gift' AND "
	    "m.scope = 'all' AND m.reached_at IS NOT NULL AND NOT EXISTS "
	    "(SELECT 1 FROM grants g WHERE g.milestone_id = m.id AND "
	    "g.live_backer = oc.backer) GROUP BY m.id, oc.backer) t");
	snprintf(what, sizeof(what), "%s: backer with an active order counted "
	    "at or after a scope-new reach but without its grant (rules 4, 8)",
	    when);
	expect_no_rows(what, "SELECT GROUP_CONCAT(t.x SEPARATOR '\\n') FROM "
	    "(SELECT CONCAT('milestone ', m.id, ' backer ', oc.backer) AS x "
	    "FROM milestones m JOIN order_campaigns oc ON oc.campaign_id = "
	    "m.campaign_id AND oc.active = 1 AND oc.counted_seq >= m.reached_seq "
	    "WHERE m.reward = 'gift' AND m.scope = 'new' AND m.reached_at IS NOT "
	    "NULL AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.milestone_id = "
	    "m.id AND g.live_backer = oc.backer) GROUP BY m.id, oc.backer) t");
	/* Rule 8: a fulfilled grant stays on a cancelled order (it shipped);
	 * every other check holds for it as for a pending one. */
	snprintf(what, sizeof(what), "%s: live grant not on an active, "
	    "qualifying order of its backer (rules 4-8)", when);
	expect_no_rows(what, "SELECT GROUP_CONCAT(CONCAT('grant ', g.id, ' "
	    "milestone ', m.id, ' (', m.scope, ') backer ', g.backer, ' order ', "
	    "o.external_id, ' ', o.status, ' seq ', COALESCE(oc.counted_seq, "
	    "'none'), ' reached_seq ', COALESCE(m.reached_seq, 'none')) SEPARATOR "
	    "'\\n') FROM grants g JOIN milestones m ON m.id = g.milestone_id JOIN "
	    "orders o ON o.id = g.order_id LEFT JOIN order_campaigns oc ON "
	    "oc.order_id = g.order_id AND oc.campaign_id = m.campaign_id WHERE "
	    "g.status <> 'void' AND (oc.order_id IS NULL OR (oc.active = 0 AND "
	    "g.status = 'pending') OR "
	    "oc.backer <> g.backer OR m.reached_at IS NULL OR (m.scope = 'new' "
	    "AND oc.counted_seq < m.reached_seq))");
	snprintf(what, sizeof(what), "%s: campaign counters differ from its "
	    "active contributions", when);
	expect_no_rows(what, "SELECT GROUP_CONCAT(CONCAT(c.slug, ': units ', "
	    "c.units, '/', COALESCE(t.u, 0), ' amount ', c.amount, '/', "
	    "COALESCE(t.a, 0), ' orders ', c.orders, '/', COALESCE(t.n, 0), "
	    "' backers ', c.backers, '/', COALESCE(t.b, 0)) SEPARATOR '\\n') "
	    "FROM campaigns c LEFT JOIN (SELECT campaign_id, SUM(units) AS u, "
	    "SUM(amount) AS a, COUNT(*) AS n, COUNT(DISTINCT backer) AS b FROM "
	    "order_campaigns WHERE active = 1 GROUP BY campaign_id) t ON "
	    "t.campaign_id = c.id WHERE c.units <> COALESCE(t.u, 0) OR c.amount "
	    "<> COALESCE(t.a, 0) OR c.orders <> COALESCE(t.n, 0) OR c.backers <> "
	    "COALESCE(t.b, 0)");
	snprintf(what, sizeof(what), "%s: campaign_backers.active_orders differs "
	    "from the active contributions", when);
	expect_no_rows(what, "SELECT GROUP_CONCAT(CONCAT('campaign ', "
	    "cb.campaign_id, ' backer ', cb.backer, ': ', cb.active_orders, '/', "
	    "(SELECT COUNT(*) FROM order_campaigns oc WHERE oc.campaign_id = "
	    "cb.campaign_id AND oc.backer = cb.backer AND oc.active = 1)) "
	    "SEPARATOR '\\n') FROM campaign_backers cb WHERE cb.active_orders <> "
	    "(SELECT COUNT(*) FROM order_campaigns oc WHERE oc.campaign_id = "
	    "cb.campaign_id AND oc.backer = cb.backer AND oc.active = 1)");
	snprintf(what, sizeof(what), "%s: milestone not reached although the "
	    "count of its metric is at or above its target (rules 1, 10)", when);
	expect_no_rows(what, "SELECT GROUP_CONCAT(CONCAT('milestone ', m.id, "
	    "' ', m.metric, ' target ', m.target, ' count ', IF(m.metric = "
	    "'backers', c.backers, IF(c.goal_kind = 'money', c.amount, "
	    "c.units))) SEPARATOR '\\n') FROM milestones m JOIN campaigns c "
	    "ON c.id = m.campaign_id WHERE m.reached_at IS NULL AND m.target <= "
	    "IF(m.metric = 'backers', c.backers, IF(c.goal_kind = 'money', "
	    "c.amount, c.units))");
	snprintf(what, sizeof(what), "%s: milestone crossed by its reaching "
	    "order's contribution? reached_seq differs from that order's", when);
	expect_no_rows(what, "SELECT GROUP_CONCAT(CONCAT('milestone ', m.id, "
	    "' reached_seq ', m.reached_seq, ' order seq ', oc.counted_seq) "
	    "SEPARATOR '\\n') FROM milestones m JOIN order_campaigns oc ON "
	    "oc.order_id = m.reached_order_id AND oc.campaign_id = m.campaign_id "
	    "WHERE oc.counted_seq <> m.reached_seq");
}

/* Phase 5: order for backer b counting in campaign c (units or money). */
static void
gen_for_backer(int i, int b, int c)
{
	struct gorder	*o = &orders[i];
	char		 cust[160];

	memset(o, 0, sizeof(*o));
	snprintf(o->id, sizeof(o->id), "o-6-%04d", i);
	o->phase = 5;
	o->backer = b;
	o->refund_line = -1;
	o->lines[0].product = c == CU_ ? rndn(2) : 2 + rndn(2);
	o->lines[0].qty = 1 + rndn(3);
	o->nlines = 1;
	order_sums(o);
	customer_json(b, cust, sizeof(cust));
	order_body(o, i, cust, &o->body, &o->body_len);
}

/*
 * Phase 5, everything at once: for backers holding pending grants, the
 * order holding them is cancelled while the same backer posts a new order
 * to the same campaign (a grant move racing a new grant), next to other
 * cancellations, refunds and orders.  Afterwards only what does not depend
 * on the serial order is compared: totals, backers, order states, and the
 * invariants.
 */
static void
phase_mixed(struct jkey *keys, size_t *sent, size_t *acked)
{
	char	**rows, *p, ext[64], backer[256], name[64];
	size_t	 nrows, r, nk = 0;
	int	 i = N4, b, c, k, ord;
	int64_t	 base, units_id;

	units_id = fx_sql_i64(FX, "SELECT id FROM campaigns WHERE slug = "
	    "'units-camp'");
	fx_sql_str(FX, "SELECT GROUP_CONCAT(x SEPARATOR '\\n') FROM (SELECT "
	    "CONCAT(MIN(o.external_id), ' ', g.backer, ' ', MIN(g.campaign_id)) "
	    "AS x FROM grants g JOIN orders o ON o.id = g.order_id WHERE g.status "
	    "= 'pending' AND o.status = 'active' AND NOT EXISTS (SELECT 1 FROM "
	    "grants f WHERE f.order_id = g.order_id AND f.status = 'fulfilled') "
	    "GROUP BY g.backer ORDER BY g.backer LIMIT 40) t", big, BIG);
	p = strdup(big);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	nrows = split_lines(p, &rows);
	for (r = 0; r < nrows && i < NORD; r++) {
		int64_t cid;

		if (sscanf(rows[r], "%63s %255s %lld", ext, backer,
		    (long long *)&cid) != 3)
			continue;
		for (ord = 0; ord < N4 && strcmp(orders[ord].id, ext) != 0; ord++)
			;
		for (b = 0; b < NBACKERS && strcmp(backer_name(b, name,
		    sizeof(name)), backer) != 0; b++)
			;
		if (ord == N4 || b == NBACKERS || orders[ord].cancel)
			continue;
		c = cid == units_id ? CU_ : CM_;
		gen_for_backer(i, b, c);
		base = (int64_t)rndn(1 << 20) * 8;
		keys[nk].key = base;
		keys[nk].kind = J_CANCEL;
		keys[nk++].ord = ord;
		keys[nk].key = base + 1;
		keys[nk].kind = J_POST;
		keys[nk++].ord = i;
		orders[ord].cancel = 2;		/* cancelled in phase 5 */
		i++;
	}
	free(rows);
	free(p);
	for (; i < NORD; i++) {		/* more orders, any backer */
		gen_for_backer(i, rndn(NBACKERS), rndn(2));
		keys[nk].key = (int64_t)rndn(1 << 20) * 8 + 2;
		keys[nk].kind = J_POST;
		keys[nk++].ord = i;
	}
	for (k = 0; k < 20; k++) {	/* and other cancellations */
		ord = rndn(N1);
		if (orders[ord].cancel || orders[ord].refund_line >= 0 ||
		    orders[ord].nacks == 0)
			continue;
		orders[ord].cancel = 2;
		keys[nk].key = (int64_t)rndn(1 << 20) * 8 + 3;
		keys[nk].kind = J_CANCEL;
		keys[nk++].ord = ord;
	}
	*sent += nk;
	*acked += run_jobs(keys, nk, "phase 5 (cancels racing new orders of "
	    "the same backers)");
	resend_unacked(N4, NORD);
	/* Totals and backers do not depend on the order: apply in any. */
	for (i = 0; i < N4; i++)
		if (orders[i].cancel == 2)
			for (c = 0; c < NCAMP; c++)
				or_cancel(&oc[c], i);
	for (i = N4; i < NORD; i++) {
		struct or_post pp;

		if (orders[i].first == NULL)
			continue;
		for (c = 0; c < NCAMP; c++)
			if (orders[i].counts[c])
				or_post(&oc[c], i, orders[i].backer,
				    orders[i].units[c], orders[i].amount[c], &pp);
	}
}

/* --- the test -------------------------------------------------------------- */

static int	 dups_adjacent;	/* duplicates sent next to their original */

static void
add_order_posts(struct jkey *keys, size_t *nk, int from, int to)
{
	int	 i;

	for (i = from; i < to; i++) {
		keys[*nk].key = (int64_t)(i - from) * 8;
		keys[*nk].kind = J_POST;
		keys[*nk].ord = i;
		(*nk)++;
		switch (rndn(20)) {
		case 0: case 1: case 2: case 3:	/* 20%: right next to it */
			dups_adjacent++;
			keys[*nk] = keys[*nk - 1];
			keys[*nk].key++;
			(*nk)++;
			break;
		case 4: case 5: case 6:		/* 15%: later */
			keys[*nk] = keys[*nk - 1];
			keys[*nk].key += (int64_t)(4 + rndn(60)) * 8 + 2;
			(*nk)++;
			break;
		}
	}
}

static void
test_concurrent_pipeline_matches_oracle(void)
{
	static int	 granted[NORD][OR_MAX_MS * NCAMP];
	static int	 ngranted[NORD];
	struct jkey	*keys;
	struct fx_resp	 r;
	size_t		 nk, acked = 0, sent = 0;
	int64_t		 t1[NCAMP], s2[NCAMP], t3[NCAMP], d;
	int		 i, c, k, ncancel = 0, nrefund = 0, posts, distinct;
	int		 seen[NBACKERS], nb1;
	const char	*seed;
	struct mdef	*m;

	if ((seed = getenv("SG_ORACLE_SEED")) != NULL && atoll(seed) != 0)
		rng = (uint64_t)atoll(seed);
	fprintf(stderr, "it_concurrency: seed %llu\n", (unsigned long long)rng);
	big = malloc(BIG);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	keys = calloc(NORD * 4, sizeof(*keys));
	CU_ASSERT_PTR_NOT_NULL_FATAL(keys);

	/* Generate everything first: the targets depend on the totals. */
	for (i = 0; i < N1; i++)
		gen_order(i, 1);
	for (i = N1; i < N13; i++)
		gen_order(i, 3);
	for (i = N13; i < N13 + NCONF; i++)
		gen_order(i, 4);
	for (i = N13 + NCONF; i < N4; i++)
		gen_race(i);
	memset(t1, 0, sizeof(t1));
	memset(t3, 0, sizeof(t3));
	for (i = 0; i < N1; i++) {
		if (rndn(100) < 9 && (orders[i].counts[CU_] || orders[i].counts[CM_]))
			orders[i].cancel = 1;
		else if (rndn(100) < 10)
			for (k = 0; k < orders[i].nlines; k++)
				if (!orders[i].lines[k].gift &&
				    orders[i].lines[k].qty >= 2 &&
				    products[orders[i].lines[k].product].camp >= 0) {
					orders[i].refund_line = k;
					break;
				}
	}
	for (c = 0; c < NCAMP; c++) {
		for (i = 0; i < N1; i++)
			t1[c] += c == CM_ ? orders[i].amount[c] : orders[i].units[c];
		s2[c] = t1[c];
		for (i = 0; i < N1; i++) {
			if (orders[i].cancel)
				s2[c] -= c == CM_ ? orders[i].amount[c] : orders[i].units[c];
			else if (orders[i].refund_line >= 0 &&
			    products[orders[i].lines[orders[i].refund_line].product].camp == c)
				s2[c] -= c == CM_ ? products[orders[i].lines[
				    orders[i].refund_line].product].price : 1;
		}
		t3[c] = s2[c];
		for (i = N1; i < N13; i++)
			t3[c] += c == CM_ ? orders[i].amount[c] : orders[i].units[c];
		CU_ASSERT_TRUE_FATAL(t3[c] > t1[c] + 100);
		fprintf(stderr, "it_concurrency: %s: phase 1 ends at %lld, phase 2 "
		    "at %lld, phase 3 at %lld\n", slug[c], (long long)t1[c],
		    (long long)s2[c], (long long)t3[c]);
	}
	d = t3[CU_] - t1[CU_];
	mdef_add("U1", CU_, 0, 0, NULL, 1, t1[CU_] * 15 / 100, 0);
	mdef_add("U2", CU_, 1, 1, "g-u2", 1, t1[CU_] * 40 / 100, 0);
	mdef_add("U3", CU_, 1, 0, "g-u3", 2, t1[CU_] * 70 / 100, 0);
	mdef_add("U4", CU_, 1, 1, "g-u4", 1, t1[CU_] + d * 30 / 100, 0);
	mdef_add("U5", CU_, 1, 0, "g-u5", 1, t1[CU_] + d * 65 / 100, 0);
	m = mdef_add("U6", CU_, 0, 0, NULL, 1, t3[CU_] + 500, 0);
	m->edit_racing = 1;	/* edited in phase 3 into a scope-all gift */
	m->new_target = s2[CU_] + (t3[CU_] - s2[CU_]) * 9 / 20 + 11;
	m->new_gift = 1;
	m->new_scope_all = 1;
	m->new_product = "g-u6";
	d = t3[CM_] - t1[CM_];
	mdef_add("M1", CM_, 1, 0, "g-m1", 1, t1[CM_] * 25 / 100, 0);
	mdef_add("M2", CM_, 1, 1, "g-m2", 3, t1[CM_] * 60 / 100, 0);
	mdef_add("M3", CM_, 0, 0, NULL, 1, t1[CM_] + d * 50 / 100, 0);
	mdef_add("M4", CM_, 1, 1, "g-m4", 1, t1[CM_] + d * 80 / 100, 0);
	m = mdef_add("M6", CM_, 0, 0, NULL, 1, t3[CM_] + 500, 0);
	m->edit_racing = 1;	/* edited in phase 3 into a scope-new gift */
	m->new_target = s2[CM_] + (t3[CM_] - s2[CM_]) * 11 / 20 + 13;
	m->new_gift = 1;
	m->new_scope_all = 0;
	m->new_product = "g-m6";
	/*
	 * Rule 10: backers milestones of the units campaign, at 30% (scope
	 * new) and 70% (scope all) of the distinct backers of phase 1.
	 */
	memset(seen, 0, sizeof(seen));
	for (i = 0, nb1 = 0; i < N1; i++)
		if (orders[i].counts[CU_] && !seen[orders[i].backer]++)
			nb1++;
	CU_ASSERT_TRUE_FATAL(nb1 >= 10);
	m = mdef_add("B1", CU_, 1, 0, "g-b1", 1, 1, 0);
	m->backers = 1;
	m->target = nb1 * 30 / 100;
	m = mdef_add("B2", CU_, 1, 1, "g-b2", 1, 1, 0);
	m->backers = 1;
	m->target = nb1 * 70 / 100;
	fprintf(stderr, "it_concurrency: %s: %d backers in phase 1; backers "
	    "milestones at %lld (new) and %lld (all)\n", slug[CU_], nb1,
	    (long long)(nb1 * 30 / 100), (long long)(nb1 * 70 / 100));
	mdef_add("U7", CU_, 1, 1, "g-u7", 1, s2[CU_] / 2, 1);
	mdef_add("M5", CM_, 1, 0, "g-m5", 1, s2[CM_] / 3, 1);
	for (c = 0; c < NCAMP; c++)
		for (k = 1; k <= 4; k++) {
			static const char *const rt[NCAMP][4] = {
				{ "RU1", "RU2", "RU3", "RU4" },
				{ "RM1", "RM2", "RM3", "RM4" } };
			static const char *const rp[NCAMP][4] = {
				{ "g-ru1", "g-ru2", "g-ru3", "g-ru4" },
				{ "g-rm1", "g-rm2", "g-rm3", "g-rm4" } };

			m = mdef_add(rt[c][k - 1], c, 1, k % 2, rp[c][k - 1], 1,
			    s2[c] + (t3[c] - s2[c]) * k / 5 + 3, 1);
			m->racing = 1;
		}

	for (i = 0; i < nmdefs; i++)	/* edited targets are unique too */
		for (k = 0; k < nmdefs && mdefs[i].edit_racing; k++)
			if (k != i && mdefs[k].camp == mdefs[i].camp &&
			    mdefs[k].target == mdefs[i].new_target) {
				mdefs[i].new_target++;
				k = -1;
			}

	setup_store();
	for (c = 0; c < NCAMP; c++) {
		or_init(&oc[c], c == CM_, NBACKERS, NORD);
		create_campaign(c, t3[c]);
	}
	if (api("POST", "/api/v1/campaigns", "{\"slug\":\"" RACE_SLUG "\","
	    "\"title\":\"Race\",\"goal_kind\":\"units\",\"goal\":1000,"
	    "\"product_ids\":[\"pr-1\"],\"status\":\"live\"}", &r) != 201)
		finding("POST /api/v1/campaigns (" RACE_SLUG "): status %d %s",
		    r.status, r.body != NULL ? r.body : "");
	fx_resp_free(&r);
	for (i = 0; i < nmdefs; i++) {
		m = &mdefs[i];
		if (m->late)
			continue;
		create_milestone(m);
		m->or_idx = or_add_milestone_metric(&oc[m->camp], m->backers,
		    m->target, m->gift, m->scope_all);
	}

	/* Phase 1: orders and duplicates. */
	chaos_start();
	nk = 0;
	add_order_posts(keys, &nk, 0, N1);
	sent += nk;
	acked += run_jobs(keys, nk, "phase 1 (orders)");
	resend_unacked(0, N1);
	for (c = 0; c < NCAMP; c++)
		replay_phase(c, 0, N1, granted, ngranted);

	/* Phase 2: cancellations, refunds, re-sends. */
	nk = 0;
	for (i = 0; i < N1; i++) {
		if (orders[i].cancel) {
			keys[nk].key = (int64_t)rndn(1 << 20) * 4;
			keys[nk].kind = J_CANCEL;
			keys[nk++].ord = i;
			ncancel++;
			if (rndn(4) == 0) {	/* sent twice at once */
				keys[nk] = keys[nk - 1];
				keys[nk++].key++;
			}
		} else if (orders[i].refund_line >= 0) {
			keys[nk].key = (int64_t)rndn(1 << 20) * 4;
			keys[nk].kind = J_REFUND;
			keys[nk].line = orders[i].refund_line;
			keys[nk++].ord = i;
			nrefund++;
		}
		if (rndn(10) == 0) {
			keys[nk].key = (int64_t)rndn(1 << 20) * 4;
			keys[nk].kind = J_POST;
			keys[nk++].ord = i;
		}
	}
	sent += nk;
	acked += run_jobs(keys, nk, "phase 2 (cancels, refunds, re-sends)");
	for (i = 0; i < N1; i++) {
		for (c = 0; c < NCAMP; c++) {
			if (orders[i].cancel)
				or_cancel(&oc[c], i);
			else if (orders[i].refund_line >= 0 && products[orders[i].lines[
			    orders[i].refund_line].product].camp == c)
				or_refund(&oc[c], i, 1, products[orders[i].lines[
				    orders[i].refund_line].product].price);
		}
	}
	for (c = 0; c < NCAMP; c++)
		CU_ASSERT_EQUAL(or_progress(&oc[c]), s2[c]);
	/* Milestones created below the progress: reached at creation. */
	if (api_setup)
		for (i = 0; i < nmdefs; i++) {
			m = &mdefs[i];
			if (!m->late || m->racing)
				continue;
			create_milestone(m);
			m->or_idx = or_add_milestone_metric(&oc[m->camp],
			    m->backers, m->target, m->gift, m->scope_all);
		}

	/* Phase 3: more orders, duplicates, re-sends of cancelled orders. */
	nk = 0;
	add_order_posts(keys, &nk, N1, N13);
	for (i = 0, k = 0; i < nmdefs && api_setup; i++)
		if (mdefs[i].racing) {	/* near where progress passes them */
			keys[nk].key = (int64_t)(N3 * (k++ % 4 + 1) / 5) * 8 + 5;
			keys[nk].kind = J_MS;
			keys[nk++].ord = i;
		} else if (mdefs[i].edit_racing) {
			keys[nk].key = (int64_t)(N3 * (mdefs[i].camp == CU_ ? 9 :
			    11) / 20) * 8 + 6;
			keys[nk].kind = J_MS;
			keys[nk++].ord = i;
		}
	for (i = 0; i < N1; i++)
		if (orders[i].cancel && rndn(3) == 0) {
			keys[nk].key = (int64_t)rndn(N3) * 8 + 3;
			keys[nk].kind = J_POST;
			keys[nk++].ord = i;
		}
	sent += nk;
	acked += run_jobs(keys, nk, "phase 3 (orders)");
	chaos_end();
	resend_unacked(N1, N13);
	racing_resolve();
	for (c = 0; c < NCAMP; c++)
		replay_phase(c, N1, N13, granted, ngranted);

	/* Phase 4: one id with two bodies at once; orders racing their own
	 * cancellation (race-camp); both kept apart from phase 3's chain. */
	nk = 0;
	for (i = N13; i < N4; i++) {
		int64_t base = (int64_t)rndn(1 << 20) * 8;

		keys[nk].key = base;
		keys[nk].kind = J_POST;
		keys[nk++].ord = i;
		keys[nk].key = base + 1;
		keys[nk].kind = orders[i].race ? J_CANCEL : J_POST_ALT;
		keys[nk++].ord = i;
		keys[nk].key = base + 2;
		keys[nk].kind = J_POST;
		keys[nk++].ord = i;
		if (orders[i].race && rndn(2) == 0) {
			keys[nk].key = base + 3;
			keys[nk].kind = J_CANCEL;
			keys[nk++].ord = i;
		}
	}
	sent += nk;
	acked += run_jobs(keys, nk, "phase 4 (conflicting bodies, races)");
	resolve_conflicts();
	resend_unacked(N13 + NCONF, N4);
	for (c = 0; c < NCAMP; c++)
		replay_phase(c, N13, N4, granted, ngranted);
	fanouts_done("after phase 4");
	check_gifts(0, NORD, granted, ngranted);
	check_race();

	/* Final state against the oracle. */
	check_campaigns(1);
	check_milestones();
	check_orders();
	check_grants();
	check_gift_ids();
	check_invariants("after phase 4");
	check_nodes_agree("after phase 4");
	fulfil_some();
	check_grant_list_all();

	/* Phase 5: mixed; then what holds in every serial order. */
	phase_mixed(keys, &sent, &acked);
	fanouts_done("after phase 5");
	check_invariants("after phase 5");
	check_nodes_agree("after phase 5");
	check_campaigns(0);
	check_orders();

	posts = distinct = 0;
	for (i = 0; i < NORD; i++) {
		posts += orders[i].nacks;
		distinct += orders[i].nacks > 0;
	}
	fprintf(stderr, "it_concurrency: %d of %d acknowledged order posts are "
	    "exact duplicates (%d sent right next to their original)\n",
	    posts - distinct, posts, dups_adjacent);
	fprintf(stderr, "it_concurrency: %zu requests sent, %zu acknowledged: "
	    "%d order posts (%d distinct orders), %d cancellations, %d refunds; "
	    "oracle: %s %lld units / %lld backers, %s %lld cents / %lld "
	    "backers, %d + %d grants; %d finding(s)\n", sent, acked, posts,
	    NORD, ncancel, nrefund, slug[CU_], (long long)oc[CU_].units,
	    (long long)oc[CU_].backers, slug[CM_], (long long)oc[CM_].amount,
	    (long long)oc[CM_].backers, oc[CU_].ngrants, oc[CM_].ngrants,
	    findings);
	CU_ASSERT_TRUE(posts >= 1000);
	CU_ASSERT_TRUE((posts - distinct) * 5 >= posts);	/* >= 20% */
	CU_ASSERT_EQUAL(findings, 0);
	if (findings > 0)
		finding_summary();
	if (findings > 0)
		fprintf(stderr, "it_concurrency: every request and answer: "
		    "%s/oracle-requests.log\n", FX->dir);

	for (i = 0; i < NORD; i++) {
		free(orders[i].body);
		free(orders[i].alt_body);
		cJSON_Delete(orders[i].first);
	}
	for (c = 0; c < NCAMP; c++)
		or_free(&oc[c]);
	free(keys);
	free(big);
}

int
main(void)
{
	static const struct fx_case cases[] = {
		{ "1,000+ concurrent orders, duplicates, cancels and refunds "
		  "match the oracle", test_concurrent_pipeline_matches_oracle },
		{ NULL, NULL }
	};
	/* Every scope-"all" fan-out after the answer, in batches of 2
	   backers, so that milestones are reached while fan-outs of others
	   still run, and orders and cancels race the batches. */
	struct fx_opts	 opts = { 2, "fanout_inline_max = 0\nfanout_batch = 2\n" };
	const char	*w = getenv("SG_ORACLE_WORKERS");

	if (w != NULL && atoi(w) >= 2 && atoi(w) <= 64)
		opts.workers = atoi(w);
	return fx_run("concurrency", cases, &opts, 1);
}
