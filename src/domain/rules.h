/*
 * rules.h — the counting and milestone rules of SPEC as pure functions.
 *
 * Nothing here reads the database or the clock: the caller (the service
 * layer, service/order.c and service/campaign.c, inside the transaction
 * that counts, cancels or refunds an order or saves a milestone) loads
 * plain structs through db/, asks these functions what happens, and writes
 * the result back.  One rule is not here: rule 5's fan-out runs in SQL
 * (service/fanout.h, see below).
 *
 * Moments.  Every event that matters for qualification — an order being
 * counted in a campaign, a milestone being reached — is stamped with a
 * sequence number (int64_t, > 0) taken from one counter that only grows, in
 * commit order.  An order counted in the transaction that reaches a
 * milestone gets the same number as the reach ("at or after" then holds
 * for it).  A milestone reached at creation/edit time takes a fresh number
 * from the same counter.  Comparisons of moments are therefore exact:
 * "counted at or after the reach" is order->seq >= milestone->reached_seq.
 * Timestamps (reached_at, created_at) are for display only.
 *
 * Conventions: functions return 0 on success and -1 on failure (int64
 * overflow, bad arguments); index outputs are written into caller arrays
 * whose required size is stated per function.  Nothing allocates.
 * Strings are borrowed: they must stay valid during the call only.
 */
#ifndef SG_DOMAIN_RULES_H
#define SG_DOMAIN_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "domain/validate.h"

enum sg_goal_kind {
	SG_GOAL_UNITS = 0,	/* progress counts units (sum of quantity) */
	SG_GOAL_MONEY		/* progress counts minor units (quantity x price) */
};

/*
 * What a milestone gives when reached.  A reveal shows its after-text; a
 * gift also grants a product (rules 4-7).  The next kind users ask for is
 * a discount code: add it here, then follow the compiler (-Wswitch).
 */
enum sg_reward {
	SG_REWARD_REVEAL = 0,
	SG_REWARD_GIFT
};

/* "reveal"/"gift" <-> enum (the stored and wire names); parse: -1 unknown. */
const char *sg_reward_name(enum sg_reward);
int	sg_reward_parse(const char *, enum sg_reward *);
/* Does the reward grant something (rules 4-8 apply)? */
int	sg_reward_grants(enum sg_reward);

enum sg_scope {
	SG_SCOPE_ALL = 0,	/* every backer, also those who backed before */
	SG_SCOPE_NEW		/* orders counted at or after the reach */
};

/*
 * What a milestone's target counts (rule 10): the campaign's progress
 * (units or money, by its goal kind) or its backer count.  Every rule
 * applies to each metric with its own before/after values.
 */
enum sg_metric {
	SG_METRIC_PROGRESS = 0,
	SG_METRIC_BACKERS
};
#define SG_METRICS	2

/* "progress"/"backers" <-> enum (the stored and wire names); parse: -1 unknown. */
const char *sg_metric_name(enum sg_metric);
int	sg_metric_parse(const char *, enum sg_metric *);

/* One line item of an order, as validated by order.h. */
struct sg_order_line {
	char		 product_id[SG_EXTID_MAX + 1];
	char		 variant_id[SG_EXTID_MAX + 1];	/* "" when absent/null */
	int		 has_variant;
	int64_t		 quantity;	/* SG_QUANTITY_MIN..SG_QUANTITY_MAX */
	int64_t		 price;		/* SG_PRICE_MIN..SG_PRICE_MAX, per unit */
	/*
	 * 1: the line was sent with "gift": true, a free add-on that never
	 * counts (stored as order_lines.gift).  Not a milestone's gift reward
	 * (enum sg_reward).
	 */
	int		 free_line;
};

/* An order's contribution to one campaign. */
struct sg_contribution {
	int		 counted;	/* has a non-gift line of the campaign */
	int64_t		 units;		/* sum of quantity */
	int64_t		 amount;	/* sum of quantity x price */
};

/*
 * The contribution of lines[0..n) to a campaign whose products are
 * product_ids[0..np): only non-gift lines whose product_id is in the set
 * count.  An order counts ("counted" = 1) as soon as one such line exists,
 * even if its amount is 0 (price 0).  Whether the campaign is live and
 * placed_at lies in [starts_at, ends_at) is sg_rules_in_window()'s job.
 * Returns -1 (out untouched) when a total overflows int64.
 */
int	sg_rules_contribution(const struct sg_order_line *lines, size_t n,
	    const char *const *product_ids, size_t np,
	    struct sg_contribution *out);
/*
 * The products of product_ids[0..np) that some non-gift line of
 * lines[0..n) has (what counted toward the campaign, for refunds), in
 * the order of product_ids (each once when product_ids has no repeats),
 * into out[] (room for np), as pointers into product_ids.  Returns how
 * many.
 */
size_t	sg_rules_counted_products(const struct sg_order_line *lines, size_t n,
	    const char *const *product_ids, size_t np, const char **out);

/*
 * Does an order placed at placed_at fall in [starts_at, ends_at)?  A bound
 * is ignored when its has_ flag is 0.  Returns 1 or 0.
 */
int	sg_rules_in_window(int64_t placed_at, int has_start, int64_t starts_at,
	    int has_end, int64_t ends_at);

/* A milestone as the rules see it. */
struct sg_rule_milestone {
	int64_t		 target;	/* > 0 */
	int		 reached;	/* latched: once 1, stays 1 */
	int64_t		 reached_seq;	/* moment of reaching, when reached */
	enum sg_reward	 reward;
	enum sg_scope	 scope;
	enum sg_metric	 metric;	/* what target counts (rule 10) */
};

/*
 * Crossing detection (rules 1, 2 and 10).  When an order is counted,
 * progress moves from p0 to p1 and the backer count from b0 to b1 (b1 =
 * b0 + 1 for a new backer, b1 = b0 otherwise).  Writes to out[] (room for
 * n entries) the indices, in input order, of every milestone not already
 * reached whose target lies in (p0, p1] for a progress milestone, in
 * (b0, b1] for a backers milestone, and returns how many.  A metric that
 * does not grow reaches nothing of its own; a milestone already reached is
 * never reported again.
 */
size_t	sg_rules_crossed(int64_t p0, int64_t p1, int64_t b0, int64_t b1,
	    const struct sg_rule_milestone *ms, size_t n, size_t *out);
/* Rule 10: what milestone ms counts: backers, or progress. */
int64_t	sg_rules_metric_value(const struct sg_rule_milestone *ms,
	    int64_t progress, int64_t backers);

/*
 * Rule 1, second sentence: a milestone created, or edited to a target,
 * with target <= progress is reached at that moment (progress: the count
 * of the milestone's metric, the backer count for a backers milestone).  Returns 1 when the
 * milestone (not yet reached) becomes reached now, else 0.
 */
int	sg_rules_reached_on_save(int64_t target, int already_reached,
	    int64_t progress);

/* An order of a backer in one campaign, as the rules see it. */
struct sg_rule_order {
	const char	*backer;	/* backer identity */
	int64_t		 seq;		/* moment it was counted in the campaign */
	int		 counted;	/* 1: it counts in the campaign */
	int		 active;	/* 1: active, 0: cancelled */
};

/*
 * Qualification (rules 4 and 5) of an order for a reached gift milestone:
 * the order must be active and counted, and for scope "new" counted at or
 * after the reach (seq >= reached_seq).  For scope "all" every active
 * counted order qualifies: those counted before the reach were served at
 * the reach moment, those counted later qualify by rule 5.  Returns 1 or 0
 * (0 also for an unreached milestone or a reveal).  Rule 6 (one non-void
 * grant per backer) is the caller's to check: grant only if the backer
 * holds none for the milestone.
 */
int	sg_rules_order_qualifies(const struct sg_rule_milestone *ms,
	    const struct sg_rule_order *o);

/*
 * Rule 5's fan-out (grants for every other backer at the moment a
 * scope-"all" gift is reached) is not a function here: production runs it
 * as set-based INSERT ... SELECTs in db/sql_grant.h (the fan-out's),
 * through service/fanout.h, at the reach or in batches after the answer.
 * Its reference model, with unit tests,
 * is tests/oracle/reach.h; the integration tests and the concurrency
 * oracle check the statement.
 */

/*
 * Cancel placement (rule 8) for one non-void grant of milestone ms that
 * sat on a cancelled order.  others[0..n) are the backer's other orders in
 * the campaign.  Returns the index of the earliest (lowest seq) of them
 * that is active, counted and qualifies for ms, or -1: the grant becomes
 * void.
 */
ptrdiff_t sg_rules_place_on_cancel(const struct sg_rule_milestone *ms,
	    const struct sg_rule_order *others, size_t n);

/* One line of a refund request or of an earlier refund. */
struct sg_refund_line {
	char		 product_id[SG_EXTID_MAX + 1];
	int64_t		 quantity;	/* 0..SG_QUANTITY_MAX units returned */
	int64_t		 amount;	/* 0..SG_PRICE_MAX minor units returned */
};

/* Result codes of sg_rules_refund_check(). */
#define SG_REFUND_OK		0
#define SG_REFUND_UNKNOWN	(-1)	/* product not among the non-gift lines */
#define SG_REFUND_EXCEEDS	(-2)	/* more units or money than bought */
#define SG_REFUND_OVERFLOW	(-3)	/* int64 overflow in a total */

/*
 * Validate a partial refund against what was bought.  Per product, over
 * the order's non-gift lines[0..n): the units bought are the sum of
 * quantity, the money bought the sum of quantity x price.  The earlier
 * refunds prior[0..nprior) plus the request req[0..nreq) (a product may
 * appear several times) must not exceed either.  Gift lines cannot be
 * refunded (they never counted).  On failure *bad (if not NULL) is the
 * index in req of the first offending line.
 */
int	sg_rules_refund_check(const struct sg_order_line *lines, size_t n,
	    const struct sg_refund_line *prior, size_t nprior,
	    const struct sg_refund_line *req, size_t nreq, size_t *bad);

/*
 * How much a (validated) refund lowers an order's contribution to a
 * campaign with products product_ids[0..np): units by the refunded
 * quantities, amount by the refunded amounts, of campaign products only.
 * The result is subtracted from *c with sg_rules_lower(); "counted" and the
 * backer stay (a refund is not a cancellation and keeps the grants).
 */
int	sg_rules_refund_effect(const struct sg_refund_line *req, size_t nreq,
	    const char *const *product_ids, size_t np,
	    struct sg_contribution *effect);

/* c -= effect, never below 0 in either total. */
void	sg_rules_lower(struct sg_contribution *c,
	    const struct sg_contribution *effect);

#endif
