/*
 * it_public_seed.h — campaign states for the public module's tests, made
 * straight in the database (the pipeline API is another module's).  Header
 * only, static functions: included by it_public.c, it_public_golden.c and
 * it_browser.c.  Every helper exits through the fixture on an SQL error.
 */
#ifndef SG_IT_PUBLIC_SEED_H
#define SG_IT_PUBLIC_SEED_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture/fixture.h"

/* s as an SQL string literal (quotes doubled, backslashes doubled), or NULL. */
static inline void
seed_lit(char *dst, size_t size, const char *s)
{
	size_t	 o = 0;

	if (s == NULL) {
		snprintf(dst, size, "NULL");
		return;
	}
	dst[o++] = '\'';
	for (; *s != '\0' && o + 4 < size; s++) {
		if (*s == '\'' || *s == '\\')
			dst[o++] = *s;
		dst[o++] = *s;
	}
	dst[o++] = '\'';
	dst[o] = '\0';
}

static inline void
seed_sqlf(struct fx *fx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void
seed_sqlf(struct fx *fx, const char *fmt, ...)
{
	char	 sql[65536];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	fx_sql(fx, sql);
}

/* A store through stretchgoalctl; returns its id. */
static inline int64_t
seed_store(struct fx *fx, const char *handle, const char *currency)
{
	const char	*argv[] = { "store", "create", "--handle", handle, "--name",
			    "Test Store", "--currency", currency, NULL };
	char		 out[1024], err[1024], sql[256];

	if (fx_ctl(fx, NULL, out, sizeof(out), err, sizeof(err), argv) != 0) {
		fprintf(stderr, "store create %s: %s\n", handle, err);
		exit(99);
	}
	snprintf(sql, sizeof(sql), "SELECT id FROM stores WHERE handle = '%s'", handle);
	return fx_sql_i64(fx, sql);
}

static inline void
seed_product(struct fx *fx, int64_t store, const char *id, const char *title)
{
	char	 t[4096];

	seed_lit(t, sizeof(t), title);
	seed_sqlf(fx, "INSERT INTO products (store_id, product_id, title) "
	    "VALUES (%lld, '%s', %s)", (long long)store, id, t);
}

/* A campaign (kind "units" or "money", status draft/live/ended). */
static inline int64_t
seed_campaign(struct fx *fx, int64_t store, const char *slug, const char *title,
    const char *kind, int64_t goal, const char *status)
{
	char	 t[4096], sql[256];

	seed_lit(t, sizeof(t), title);
	seed_sqlf(fx, "INSERT INTO campaigns (store_id, slug, title, description, "
	    "goal_kind, goal, status) VALUES (%lld, '%s', %s, '', '%s', %lld, '%s')",
	    (long long)store, slug, t, kind, (long long)goal, status);
	snprintf(sql, sizeof(sql), "SELECT id FROM campaigns WHERE store_id = %lld "
	    "AND slug = '%s'", (long long)store, slug);
	return fx_sql_i64(fx, sql);
}

/* A milestone; gift NULL makes it a reveal. */
static inline int64_t
seed_milestone(struct fx *fx, int64_t camp, int64_t target, const char *title,
    const char *image, const char *before, const char *after, const char *gift,
    const char *scope)
{
	char	 t[4096], i[4096], b[4096], a[4096], g[256], sql[256];

	seed_lit(t, sizeof(t), title);
	seed_lit(i, sizeof(i), image);
	seed_lit(b, sizeof(b), before);
	seed_lit(a, sizeof(a), after);
	seed_lit(g, sizeof(g), gift);
	seed_sqlf(fx, "INSERT INTO milestones (campaign_id, target, title, image_url, "
	    "before_text, after_text, reward, gift_product_id, scope) VALUES "
	    "(%lld, %lld, %s, %s, %s, %s, '%s', %s, '%s')", (long long)camp,
	    (long long)target, t, i, b, a, gift != NULL ? "gift" : "reveal", g,
	    scope);
	snprintf(sql, sizeof(sql), "SELECT id FROM milestones WHERE campaign_id = %lld "
	    "AND target = %lld", (long long)camp, (long long)target);
	return fx_sql_i64(fx, sql);
}

/*
 * Counters as the pipeline would leave them, and every milestone with
 * target <= progress reached at the given DATETIME text; the version goes
 * to version (pass 0 to bump it by one).
 */
static inline void
seed_progress(struct fx *fx, int64_t camp, int64_t progress, int64_t backers,
    const char *reached_at, int64_t version)
{
	seed_sqlf(fx, "UPDATE campaigns SET units = IF(goal_kind = 'units', %lld, 0), "
	    "amount = IF(goal_kind = 'money', %lld, 0), backers = %lld, "
	    "orders = %lld, version = IF(%lld = 0, version + 1, %lld) WHERE id = %lld",
	    (long long)progress, (long long)progress, (long long)backers,
	    (long long)backers, (long long)version, (long long)version,
	    (long long)camp);
	seed_sqlf(fx, "UPDATE milestones SET reached_at = '%s' WHERE campaign_id = %lld "
	    "AND target <= %lld AND reached_at IS NULL", reached_at, (long long)camp,
	    (long long)progress);
}

#endif
