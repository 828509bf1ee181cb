/*
 * order.h — validation of the JSON bodies of the pipeline API: orders,
 * refunds, campaigns and milestones; the order fingerprint for idempotency.
 *
 * Input is a cJSON tree the caller parsed (and still owns).  Output is a C
 * struct holding only validated values.
 *
 * Ownership:
 *  - struct sg_order and struct sg_refund own their line arrays (malloc'd);
 *    release them with sg_order_free() / sg_refund_free(), which accept a
 *    zeroed or already-freed struct.  They do not point into the cJSON tree.
 *  - struct sg_campaign_input and struct sg_milestone_input BORROW their
 *    strings from the cJSON tree: they are valid only while the tree lives.
 *
 * Return values of the parse functions: 0 (SG_PARSE_OK) valid;
 * SG_PARSE_INVALID with *err filled (code, field path such as
 * "line_items[2].quantity", message); SG_PARSE_NOMEM on allocation
 * failure.  On failure the output holds nothing to free.
 * Suggested HTTP mapping: a body that is not a JSON object is 400, every
 * other SG_PARSE_INVALID is 422 (see docs/domain-rules.md).
 *
 * Common rules: keys are case-sensitive; a known key given twice is
 * "duplicate"; unknown keys are ignored (and do not enter the
 * fingerprint); null is the same as absent; integers must be JSON numbers
 * with an integral value (2.0 is 2; 2.5, "2", true are not) within the
 * stated range — every range is below 2^53, so accepted values are exact.
 */
#ifndef SG_DOMAIN_ORDER_H
#define SG_DOMAIN_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "domain/money.h"
#include "domain/rules.h"
#include "domain/timefmt.h"
#include "domain/validate.h"

#define SG_PARSE_OK		0
#define SG_PARSE_INVALID	(-1)
#define SG_PARSE_NOMEM		(-2)

#define SG_ORDER_LINES_MAX	500	/* line_items per order */
#define SG_REFUND_LINES_MAX	500	/* line_items per refund */
#define SG_CAMPAIGN_PRODUCTS_MAX 100	/* product_ids per campaign */
#define SG_FINGERPRINT_BYTES	32

enum sg_backer_kind {
	SG_BACKER_ID = 1,	/* backer is customer.id */
	SG_BACKER_EMAIL		/* backer is the normalised customer.email */
};

struct sg_order {
	char			 id[SG_EXTID_MAX + 1];
	sg_usec_t		 placed_at;
	const struct sg_currency *currency;	/* from the static table */
	int			 has_customer_id;
	char			 customer_id[SG_EXTID_MAX + 1];
	int			 has_email;
	char			 email[SG_EMAIL_MAX_BYTES + 1];	/* normalised */
	enum sg_backer_kind	 backer_kind;
	char			 backer[SG_BACKER_MAX_BYTES + 1];
	struct sg_order_line	*lines;		/* owned; nlines entries */
	size_t			 nlines;	/* 1..SG_ORDER_LINES_MAX */
};

/*
 * Validate a POST /api/v1/orders body:
 *   id          required, external id (validate.h)
 *   placed_at   required, RFC 3339
 *   currency    required, exact upper-case active ISO 4217 code
 *   customer    required object: id (external id) and/or email; backer =
 *               id when given, else the normalised email; an email that is
 *               "" or blank counts as absent; neither -> "required"
 *   line_items  required array of 1..SG_ORDER_LINES_MAX objects:
 *               product_id (required external id), variant_id (optional
 *               external id or null), quantity (integer 1..10^6), price
 *               (integer 0..10^12 per unit), gift (optional boolean)
 * The order's total (sum of quantity x price over all lines) must fit in
 * int64, else "overflow" on the first line that makes it overflow.
 * On success o is filled and owns o->lines (sg_order_free()).
 */
int	sg_order_parse(const cJSON *body, struct sg_order *o,
	    struct sg_verror *err);
void	sg_order_free(struct sg_order *o);

/*
 * The idempotency fingerprint: BLAKE2b-256 (crypto_generichash) over a
 * canonical, length-prefixed serialisation of the validated order: id,
 * placed_at as an instant (so "+01:00" and "Z" spellings of the same
 * instant agree), currency, customer id and normalised email (each with a
 * presence flag) and every line in order (product, variant or none,
 * quantity, price, gift).  Whitespace, key order, unknown keys, null vs
 * absent and email case do not change it; any other difference does.
 * Returns 0, or -1 if hashing failed.
 */
int	sg_order_fingerprint(const struct sg_order *o,
	    unsigned char out[SG_FINGERPRINT_BYTES]);

struct sg_refund {
	char			 id[SG_EXTID_MAX + 1];	/* the store's refund id */
	struct sg_refund_line	*lines;		/* owned; nlines entries */
	size_t			 nlines;	/* 1..SG_REFUND_LINES_MAX */
};

/*
 * Validate a refund body {"id", "line_items":[{"product_id","quantity",
 * "amount"}]}: id (the store's refund id, its idempotency key, unique per
 * order) required with the syntax of sg_extid_check(); 1..SG_REFUND_LINES_MAX
 * lines, product_id required, quantity (0..10^6 units) and amount
 * (0..10^12 minor units) both required, and not both 0.  Whether the order
 * bought that much is sg_rules_refund_check().
 */
int	sg_refund_parse(const cJSON *body, struct sg_refund *r,
	    struct sg_verror *err);
void	sg_refund_free(struct sg_refund *r);
/*
 * Fingerprint of a validated refund: its id and its lines in order
 * (product_id, quantity, amount); like sg_order_fingerprint().  0 or -1.
 */
int	sg_refund_fingerprint(const struct sg_refund *r,
	    unsigned char out[SG_FINGERPRINT_BYTES]);

enum sg_campaign_status {
	SG_STATUS_DRAFT = 0,
	SG_STATUS_LIVE,
	SG_STATUS_ENDED
};

/* Presence bits of struct sg_campaign_input.has. */
#define SG_CF_SLUG		0x001
#define SG_CF_TITLE		0x002
#define SG_CF_DESCRIPTION	0x004
#define SG_CF_GOAL_KIND		0x008
#define SG_CF_GOAL		0x010
#define SG_CF_PRODUCT_IDS	0x020
#define SG_CF_STARTS_AT		0x040
#define SG_CF_ENDS_AT		0x080
#define SG_CF_STATUS		0x100
#define SG_CF_THEME		0x200
#define SG_CF_ACCENT		0x400
#define SG_CF_RADIUS		0x800

/*
 * A campaign's default look (sql/026): the widget's theme, an accent
 * colour (none: the stylesheet's own) and a corner radius in px (none:
 * the stylesheet's own).  An embed's theme=, accent=, radius= win.
 */
enum sg_theme { SG_THEME_AUTO, SG_THEME_LIGHT, SG_THEME_DARK };
#define SG_RADIUS_MAX		24

struct sg_campaign_input {
	unsigned		 has;		/* SG_CF_* given in the body */
	const char		*slug;
	const char		*title;		/* 1..SG_TITLE_MAX chars, one line */
	const char		*description;	/* 0..SG_DESCRIPTION_MAX, multi-line */
	enum sg_goal_kind	 goal_kind;
	int64_t			 goal;		/* 1..SG_GOAL_MAX */
	const char		*product_ids[SG_CAMPAIGN_PRODUCTS_MAX];
	size_t			 nproduct_ids;	/* distinct ids */
	int			 has_starts;	/* 0: no bound (null) */
	sg_usec_t		 starts_at;
	int			 has_ends;
	sg_usec_t		 ends_at;
	enum sg_campaign_status	 status;
	enum sg_theme		 theme;		/* "theme", default auto */
	int			 has_accent;	/* "accent": null is none */
	uint32_t		 accent;	/* 0xrrggbb */
	int			 has_radius;	/* "radius": null is none */
	int			 radius;	/* 0..SG_RADIUS_MAX */
};

/*
 * Validate a campaign body.  Create (is_patch 0): slug, title, goal_kind
 * and goal are required; description defaults to "", product_ids to [],
 * status to draft, starts_at/ends_at to none; then
 * sg_campaign_check_final() runs.  Patch (is_patch 1): only given fields
 * are set (c->has); title, slug, goal_kind, goal and status cannot be
 * null; a null description clears it, a null starts_at/ends_at removes the
 * bound.  svc_campaign_update() merges a patch into the stored campaign,
 * calls sg_campaign_check_final() on the result and enforces the status
 * rule (sg_campaign_status_may_move()).
 */
int	sg_campaign_parse(const cJSON *body, int is_patch,
	    struct sg_campaign_input *c, struct sg_verror *err);
/*
 * Cross-field rules: starts_at < ends_at when both are set; an accent
 * readable on the theme's background (sg_look_accent_check()).
 */
int	sg_campaign_check_final(const struct sg_campaign_input *c,
	    struct sg_verror *err);
/*
 * Is accent readable as the bar on the theme's background: contrast
 * (WCAG 2) at least 3:1 against white for light, against black for
 * dark, against both for auto (it shows on either)?  NULL when it is,
 * else why not (a static message naming the ratio).  Text on the accent
 * is black or white, whichever reads better, so always at least 4.5:1.
 */
const char *sg_look_accent_check(enum sg_theme theme, uint32_t accent);
/* "#rrggbb" (either case) into *rgb: 0, or -1 when it is not one. */
int	sg_look_accent_parse(const char *s, uint32_t *rgb);
/* "auto"/"light"/"dark" of the enum. */
const char *sg_theme_name(enum sg_theme);
/* "draft"/"live"/"ended" <-> enum; parse returns -1 when unknown. */
int	sg_campaign_status_parse(const char *s, enum sg_campaign_status *out);
const char *sg_campaign_status_name(enum sg_campaign_status);
/*
 * The status rule: a campaign only moves forward, draft -> live -> ended
 * (draft -> ended too).  Returns 1 when from may become to (giving the
 * stored status again is not a move, and allowed), 0 when it would move
 * back.  svc_campaign_update() enforces it for the API and the admin.
 */
int	sg_campaign_status_may_move(enum sg_campaign_status from,
	    enum sg_campaign_status to);
const char *sg_goal_kind_name(enum sg_goal_kind);

#define SG_MF_TARGET		0x001
#define SG_MF_TITLE		0x002
#define SG_MF_IMAGE_URL		0x004
#define SG_MF_BEFORE_TEXT	0x008
#define SG_MF_AFTER_TEXT	0x010
#define SG_MF_REWARD		0x020
#define SG_MF_GIFT_PRODUCT	0x040
#define SG_MF_GIFT_VARIANT	0x080
#define SG_MF_GIFT_QUANTITY	0x100
#define SG_MF_SCOPE		0x200
#define SG_MF_SECRET		0x400
#define SG_MF_IMAGE_TEASER	0x800
#define SG_MF_IMAGE_ALT		0x1000
#define SG_MF_METRIC		0x2000

struct sg_milestone_input {
	unsigned		 has;		/* SG_MF_* given in the body */
	int64_t			 target;	/* 1..SG_GOAL_MAX */
	const char		*title;		/* 1..SG_TITLE_MAX chars */
	const char		*image_url;	/* NULL: none */
	const char		*before_text;	/* 0..SG_MS_TEXT_MAX, multi-line */
	const char		*after_text;
	enum sg_reward		 reward;
	const char		*gift_product_id;	/* NULL: none */
	const char		*gift_variant_id;	/* NULL: none */
	int64_t			 gift_quantity;	/* 1..SG_QUANTITY_MAX */
	enum sg_scope		 scope;
	int			 secret;	/* SPEC rule 3: only the target shows */
	int			 image_teaser;	/* the photo shows before the reach */
	const char		*image_alt;	/* 0..SG_IMAGE_ALT_MAX, one line */
	enum sg_metric		 metric;	/* rule 10: what target counts */
};

/*
 * Validate a milestone body.  Create: target and title required; defaults
 * image_url none, texts "", reward "reveal", gift_quantity 1, scope "all",
 * metric "progress", secret and image_teaser false, image_alt ""; then
 * sg_milestone_check_final().  Patch: only given fields are set (m->has);
 * target, title, reward, scope, metric, gift_quantity, secret,
 * image_teaser cannot be null (image_alt null is "").
 * Rule 9 (what may change once reached) is svc_milestone_update()'s: it
 * refuses a change of the fields of SG_MF_LOCKED_WHEN_REACHED (giving the
 * stored value again is not a change).
 */
int	sg_milestone_parse(const cJSON *body, int is_patch,
	    struct sg_milestone_input *m, struct sg_verror *err);
/*
 * Cross-field rules on a complete milestone (create, or stored + patch
 * merged): a gift needs gift_product_id; a reveal must have no
 * gift_product_id/gift_variant_id (when a patch turns a gift into a
 * reveal svc_milestone_update() clears them unless the patch set them).
 */
int	sg_milestone_check_final(const struct sg_milestone_input *m,
	    struct sg_verror *err);

/* Fields that rule 9 freezes once a milestone is reached. */
#define SG_MF_LOCKED_WHEN_REACHED (SG_MF_TARGET | SG_MF_REWARD | \
	SG_MF_GIFT_PRODUCT | SG_MF_GIFT_VARIANT | SG_MF_GIFT_QUANTITY | \
	SG_MF_SCOPE | SG_MF_METRIC)

#endif
