/*
 * raw_order.h — the raw-database baseline of bench_orders: the statements
 * the service runs for one POST /api/v1/orders that counts toward one
 * campaign, as prepared statements on one connection per client.
 *
 * raw_steps.h lists them in order, as captured from the MariaDB general
 * log of the service handling such an order (bench/run.sh sql).  Each step
 * names its parameters with one letter each:
 *   t token id            s store id          c campaign id (order n % ncamp)
 *   o order external id   b backer (new)      i orders.id of this order
 *   f fingerprint (32 B)  r response JSON     p placed_at   u currency
 *   q a sequence number   P that campaign's product   m price 1000  n NULL
 *   x y z the campaign's milestones (by target), X Y Z their gift products
 *   L "x,y,z"
 *   any other character: itself as a one-character string
 * A step with params NULL is sent as a text query.  A failed step
 * (deadlock) rolls back and the whole order is retried.
 */
#ifndef SG_BENCH_RAW_ORDER_H
#define SG_BENCH_RAW_ORDER_H

struct raw_step {
	const char	*sql;
	const char	*params;
	int		 insert;	/* remember mysql_stmt_insert_id as i */
};

static const struct raw_step raw_replay_steps[] = {
#include "raw_steps.h"
};

/*
 * The limit (issue 10): the minimal hot-row transaction — the order row,
 * the campaign row locked, its counters updated, a durable COMMIT.
 */
static const struct raw_step raw_min_steps[] = {
{ "START TRANSACTION", NULL, 0 },
{ "INSERT INTO orders (store_id, external_id, backer, placed_at, currency, fingerprint, response, answered) VALUES (?, ?, ?, ?, ?, ?, '', 1)", "sobpuf", 1 },
{ "SELECT units FROM campaigns WHERE id = ? FOR UPDATE", "c", 0 },
{ "UPDATE campaigns SET units = units + 1, orders = orders + 1, version = version + 1 WHERE id = ?", "c", 0 },
{ "COMMIT", NULL, 0 },
};

#define RAW_MAXSTEPS	64

struct raw_conn {
	MYSQL		*my;
	const struct raw_step *steps;
	int		 nsteps;
	MYSQL_STMT	*st[RAW_MAXSTEPS];
	char		 token_id[17];
};

static void
raw_conn_open(struct raw_conn *rc, struct raw_shared *sh)
{
	char	 tok[17];
	int	 k;

	memset(rc, 0, sizeof(*rc));
	if (sh->minimal) {
		rc->steps = raw_min_steps;
		rc->nsteps = (int)(sizeof(raw_min_steps) / sizeof(raw_min_steps[0]));
	} else {
		rc->steps = raw_replay_steps;
		rc->nsteps = (int)(sizeof(raw_replay_steps) /
		    sizeof(raw_replay_steps[0]));
	}
	rc->my = bench_db(sh->fx);
	fx_sql_str(sh->fx, "SELECT token_id FROM api_tokens LIMIT 1", tok,
	    sizeof(tok));
	snprintf(rc->token_id, sizeof(rc->token_id), "%s", tok);
	for (k = 0; k < rc->nsteps; k++) {
		if (rc->steps[k].params == NULL)
			continue;
		if ((rc->st[k] = mysql_stmt_init(rc->my)) == NULL ||
		    mysql_stmt_prepare(rc->st[k], rc->steps[k].sql,
		    strlen(rc->steps[k].sql)) != 0)
			bench_die("prepare %s: %s", rc->steps[k].sql,
			    mysql_error(rc->my));
	}
}

static void
raw_conn_close(struct raw_conn *rc)
{
	int	 k;

	for (k = 0; k < rc->nsteps; k++)
		if (rc->st[k] != NULL)
			mysql_stmt_close(rc->st[k]);
	mysql_close(rc->my);
}

/* Runs one order's statements; 0, or -1 after a deadlock (rolled back). */
static int
raw_order(struct raw_conn *rc, struct raw_shared *sh, int n)
{
	MYSQL_BIND	 b[32];
	char		 v[32][128], resp[512];
	unsigned long	 len[32];
	unsigned long long insert_id = 0;
	const char	*p;
	int		 k, j;

	snprintf(resp, sizeof(resp), "{\"order_id\":\"r-%d\",\"duplicate\":false,"
	    "\"campaigns\":[{\"slug\":\"hot\",\"progress\":%d,\"goal\":100000,"
	    "\"backers\":%d,\"reached\":[]}],\"gifts\":[]}", n, n, n);
	for (k = 0; k < rc->nsteps; k++) {
		if (rc->st[k] == NULL) {
			if (mysql_query(rc->my, rc->steps[k].sql) != 0)
				goto fail;
			continue;
		}
		memset(b, 0, sizeof(b));
		for (j = 0, p = rc->steps[k].params; *p != '\0' && j < 32; p++, j++) {
			b[j].buffer_type = MYSQL_TYPE_STRING;
			b[j].buffer = v[j];
			b[j].length = &len[j];
			switch (*p) {
			case 't': snprintf(v[j], sizeof(v[j]), "%s", rc->token_id); break;
			case 's': snprintf(v[j], sizeof(v[j]), "%lld", (long long)sh->store_id); break;
			case 'c': snprintf(v[j], sizeof(v[j]), "%lld", (long long)sh->campaign_id[n % sh->ncamp]); break;
			case 'o': snprintf(v[j], sizeof(v[j]), "r-%d", n); break;
			case 'b': snprintf(v[j], sizeof(v[j]), "rb-%d", n); break;
			case 'u': snprintf(v[j], sizeof(v[j]), "USD"); break;
			case 'q': snprintf(v[j], sizeof(v[j]), "%d", 100000 + n); break;
			case 'P': snprintf(v[j], sizeof(v[j]), "p-%d", n % sh->ncamp + 1); break;
			case 'm': snprintf(v[j], sizeof(v[j]), "1000"); break;
			case 'x': case 'y': case 'z':
				snprintf(v[j], sizeof(v[j]), "%lld",
				    (long long)sh->ms[n % sh->ncamp][*p - 'x']);
				break;
			case 'L':
				snprintf(v[j], sizeof(v[j]), "%lld,%lld,%lld",
				    (long long)sh->ms[n % sh->ncamp][0],
				    (long long)sh->ms[n % sh->ncamp][1],
				    (long long)sh->ms[n % sh->ncamp][2]);
				break;
			case 'X': case 'Y': case 'Z':
				snprintf(v[j], sizeof(v[j]), "g-%d", *p - 'X' + 1);
				break;
			case 'n':
				b[j].buffer_type = MYSQL_TYPE_NULL;
				len[j] = 0;
				continue;
			case 'i': snprintf(v[j], sizeof(v[j]), "%llu", insert_id); break;
			case 'f': snprintf(v[j], sizeof(v[j]), "%032d", n); break;
			case 'p': snprintf(v[j], sizeof(v[j]), "2026-11-22 10:00:00.000000"); break;
			case 'r':
				b[j].buffer = resp;
				len[j] = strlen(resp);
				continue;
			default:  snprintf(v[j], sizeof(v[j]), "%c", *p); break;
			}
			len[j] = strlen(v[j]);
		}
		if ((j > 0 && mysql_stmt_bind_param(rc->st[k], b) != 0) ||
		    mysql_stmt_execute(rc->st[k]) != 0)
			goto fail_stmt;
		if (rc->steps[k].insert)
			insert_id = mysql_stmt_insert_id(rc->st[k]);
		if (mysql_stmt_field_count(rc->st[k]) > 0) {
			if (mysql_stmt_store_result(rc->st[k]) != 0)
				goto fail_stmt;
			mysql_stmt_free_result(rc->st[k]);
		}
	}
	return 0;
fail_stmt:
	if (mysql_stmt_errno(rc->st[k]) != 1213 && mysql_stmt_errno(rc->st[k]) != 1205)
		bench_die("step %d (%s): %s", k, rc->steps[k].sql,
		    mysql_stmt_error(rc->st[k]));
	mysql_query(rc->my, "ROLLBACK");
	return -1;
fail:
	if (mysql_errno(rc->my) != 1213 && mysql_errno(rc->my) != 1205)
		bench_die("%s: %s", rc->steps[k].sql, mysql_error(rc->my));
	mysql_query(rc->my, "ROLLBACK");
	return -1;
}

#endif
