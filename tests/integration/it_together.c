/* it_together.c — order posts read together by one worker; see it_together.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <mysql.h>

#include "fixture/fixture.h"
#include "integration/it_api_util.h"
#include "integration/it_together.h"

#define FX	fx_current

void
it_order_body(char *buf, size_t size, const char *id, const char *cust)
{
	snprintf(buf, size, "{\"id\":\"%s\",\"placed_at\":\"2026-11-22T10:00:00Z\","
	    "\"currency\":\"USD\",\"customer\":{\"id\":\"%s\"},\"line_items\":"
	    "[{\"product_id\":\"p-1\",\"quantity\":1,\"price\":1000}]}", id, cust);
}

void
it_posts(struct it_post *ps, int n, const char *prefix, const char *token)
{
	char	 id[64];
	int	 i;

	memset(ps, 0, (size_t)n * sizeof(*ps));
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%s%d", prefix, i);
		ps[i].token = token;
		it_order_body(ps[i].body, sizeof(ps[i].body), id, id);
	}
}

static void *
post_main(void *arg)
{
	struct it_post	*p = arg;
	struct fx_resp	 r;
	cJSON		*c0, *camps;

	p->status = api_req("POST", "/api/v1/orders", p->token, p->body, &r);
	p->progress = -1;
	if (r.json != NULL) {
		p->duplicate = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
		    r.json, "duplicate"));
		camps = cJSON_GetObjectItemCaseSensitive(r.json, "campaigns");
		if ((c0 = cJSON_GetArrayItem(camps, 0)) != NULL) {
			p->progress = api_num(c0, "progress");
			p->reached = cJSON_GetArraySize(
			    cJSON_GetObjectItemCaseSensitive(c0, "reached"));
		}
	}
	fx_resp_free(&r);
	return NULL;
}

/* A connection of the test's own to this instance's database. */
static MYSQL *
db_open(void)
{
	const char	*dir = getenv("SG_TEST_MYSQL_DIR");
	char		 sock[600];
	MYSQL		*my;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	snprintf(sock, sizeof(sock), "%s/mysqld.sock", dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(my = mysql_init(NULL));
	if (mysql_real_connect(my, "localhost", "root", "", FX->dbname, 0, sock,
	    0) == NULL) {
		fprintf(stderr, "it_together: %s\n", mysql_error(my));
		CU_FAIL_FATAL("connect");
	}
	return my;
}

static void
db_do(MYSQL *my, const char *q)
{
	MYSQL_RES	*res;

	if (mysql_query(my, q) != 0) {
		fprintf(stderr, "it_together: %s: %s\n", q, mysql_error(my));
		CU_FAIL_FATAL("query");
	}
	if ((res = mysql_store_result(my)) != NULL)
		mysql_free_result(res);
}

void
it_post_together(const char *slug, struct it_post *ps, int n)
{
	char	 q[256];
	MYSQL	*my = db_open();
	int	 i;

	db_do(my, "START TRANSACTION");
	snprintf(q, sizeof(q), "SELECT id FROM campaigns WHERE slug = '%s' "
	    "FOR UPDATE", slug);
	db_do(my, q);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&ps[0].th, NULL, post_main,
	    &ps[0]), 0);
	usleep(300000);		/* the worker waits for the lock */
	for (i = 1; i < n; i++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&ps[i].th, NULL, post_main,
		    &ps[i]), 0);
	usleep(500000);		/* nginx has handed them to the pool */
	db_do(my, "COMMIT");
	for (i = 0; i < n; i++)
		pthread_join(ps[i].th, NULL);
	mysql_close(my);
}

