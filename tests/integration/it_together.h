/*
 * it_together.h — order posts that one private worker reads together (a
 * group commit, docs/architecture.md), made for real: the instance has one
 * private worker; the first post waits inside it for a campaign row lock
 * the test holds on its own database connection, the others wait in the
 * worker's accept queue; when the lock goes, the worker answers the first
 * and reads the others in one round.
 */
#ifndef SG_TESTS_IT_TOGETHER_H
#define SG_TESTS_IT_TOGETHER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct it_post {
	pthread_t	 th;
	const char	*token;		/* the caller's */
	char		 body[512];	/* the caller's */
	int		 status;	/* the answer */
	int64_t		 progress;	/* its campaigns[0].progress, or -1 */
	int		 reached;	/* entries in campaigns[0].reached */
	int		 duplicate;	/* "duplicate": true */
};

/* An order of one unit of p-1 (USD 10.00) by customer cust. */
void	it_order_body(char *buf, size_t size, const char *id, const char *cust);
/*
 * ps[0..n) cleared, each an order (it_order_body) whose id and customer
 * are prefix followed by its index, posted with token.
 */
void	it_posts(struct it_post *ps, int n, const char *prefix,
	    const char *token);
/*
 * Post ps[0..n) to fx_current so that ps[1..n) reach its one private
 * worker together: ps[0] first while campaign slug's row is locked, the
 * others while ps[0] waits for it; then the lock goes.  Returns when all
 * are answered.
 */
void	it_post_together(const char *slug, struct it_post *ps, int n);

#endif
