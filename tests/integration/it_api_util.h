/*
 * it_api_util.h — helpers shared by the it_api_* integration programs:
 * two stores with API tokens, JSON requests with a bearer token, and
 * checks on the error shape.  Everything works on fx_current.
 */
#ifndef SG_TESTS_IT_API_UTIL_H
#define SG_TESTS_IT_API_UTIL_H

#include <stdint.h>

#include "fixture/fixture.h"

/* Tokens of store "acme" (USD) and store "other" (EUR), set by api_stores(). */
extern char	api_tok[128], api_tok_other[128];

/* Create both stores and a token for each. */
void	api_stores(void);
/* A new instance (fx_current) with extra configuration lines (or NULL),
   and its stores; api_end() stops it. */
void	api_begin(const char *extra_conf);
void	api_end(void);
/* A JSON request with token (NULL: none).  Returns the status. */
int	api_req(const char *method, const char *path, const char *token,
	    const char *body, struct fx_resp *r);
/* The same with an explicit Content-Type (NULL: none). */
int	api_req_ct(const char *method, const char *path, const char *token,
	    const char *ctype, const char *body, size_t len, struct fx_resp *r);
/* Request, check the status, free the response.  Returns 1 when it matched. */
int	api_expect(const char *method, const char *path, const char *token,
	    const char *body, int status);
/* The error code of r ("" when not the error shape). */
const char *api_err_code(const struct fx_resp *r);
const char *api_err_field(const struct fx_resp *r);
/* A number / string member of r's JSON by dotted path ("a.b"), or -1 / "". */
int64_t	api_num(const cJSON *o, const char *key);
const char *api_str(const cJSON *o, const char *key);
/* A fingerprint of the database's mutable state, to check "nothing changed". */
void	api_db_state(char *buf, size_t size);

/* Create campaign slug (units goal, products p-1,p-2, live) in store acme. */
void	api_campaign(const char *slug, const char *kind, int64_t goal);
/* Add a milestone; returns its id. */
int64_t	api_milestone(const char *slug, const char *json);
/* Post an order; returns the status; r may be NULL. */
int	api_order(const char *json, struct fx_resp *r);
/*
 * Seed n backers b<k>@seed.test of campaign slug (store acme) straight
 * into the database, as the API stores them: one counted order seed-<k>
 * each (counted_seq k), and for the first twice of them a second, later
 * one seed2-<k> (counted_seq n + k); the campaign's counters to match.
 */
void	api_seed_backers(const char *slug, int n, int twice);

#endif
