/*
 * db/public.h — the reads behind the backer-facing widget (db/public.c).
 *
 * Return conventions are db.h's: > 0 found, 0 not found, < 0 a DB_* error.
 *
 * Ownership: db_pub_campaign_load() fills a caller-owned struct whose strings
 * and milestone array are heap memory; db_pub_campaign_free() releases them
 * (safe on a zeroed or already freed struct).  Text columns are copied, so
 * nothing points into the connection's buffers afterwards.
 *
 * Secrecy (SPEC Milestones rule 3), decided in SQL (sql_public.h) so that
 * nothing a backer may not see yet is read into the program: a milestone's
 * text is its before_text until reached_at is set and its after_text from
 * then on; its photo (and alt text) shows before the reach only when it is
 * a teaser; a secret milestone not yet reached is only its id, target and
 * remaining (hidden = 1, every text NULL, no gift).  A photo URL that is
 * not http(s) or /media/ is dropped here too.  The handlers render what
 * they are given.
 */
#ifndef SG_DB_PUBLIC_H
#define SG_DB_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "domain/timefmt.h"

struct sg_db;

/* Most milestones one widget shows (more are cut, with a warning). */
#define DB_PUB_MILESTONES_MAX	1000

/* Bytes of the store's locale, NUL included (stores.locale VARCHAR(16)). */
#define DB_PUB_LOCALE_MAX	17

enum db_pub_status {
	DB_PUB_DRAFT,
	DB_PUB_LIVE,
	DB_PUB_ENDED
};

/*
 * A campaign's default look (sql/026): theme 0 auto, 1 light, 2 dark
 * (enum sg_theme); accent and radius when set.
 */
struct db_pub_look {
	int			 theme;
	int			 has_accent;
	uint32_t		 accent;	/* 0xrrggbb */
	int			 has_radius;
	int			 radius;	/* px, 0..24 */
};

/* What one request needs to answer 304 or serve from the cache. */
struct db_pub_head {
	int64_t			 id;
	int64_t			 version;
	enum db_pub_status	 status;
	int			 has_ends;
	sg_usec_t		 ends_at;
	int			 has_starts;	/* also in the head: "starts in" */
	sg_usec_t		 starts_at;
	/* The store's locale (sql/016): the widget's default language. */
	char			 locale[DB_PUB_LOCALE_MAX];
	struct db_pub_look	 look;		/* its version moves with it */
};

struct db_pub_milestone {
	int64_t		 id;
	int64_t		 target;
	char		*title;		/* NULL when hidden */
	char		*image_url;	/* NULL when none or not shown yet */
	char		*image_alt;	/* NULL with image_url; "" decorative */
	char		*text;		/* before or after text; NULL when hidden */
	int		 reached;
	sg_usec_t	 reached_at;
	int		 secret;	/* the creator made it a secret goal */
	int		 hidden;	/* secret and not reached: target only */
	int		 preview;	/* the creator's preview: not reached, but
					   shown as it will look once reached */
	int		 gift;		/* reward is "gift" (else "reveal"); 0 hidden */
	char		*gift_title;	/* NULL when not a gift or no product */
	int64_t		 gift_quantity;
	int		 scope_new;	/* scope is "new" (else "all") */
	int		 backers;	/* metric "backers": target counts backers
					   (rule 10), not drawn on the bar */
};

struct db_pub_campaign {
	struct db_pub_head	 head;
	char			 store[65];
	char			 slug[65];
	char			*title;
	int			 money;		/* goal_kind "money" (else "units") */
	int64_t			 goal;
	int64_t			 units;
	int64_t			 amount;
	int64_t			 backers;
	int64_t			 orders;
	int			 has_starts;
	sg_usec_t		 starts_at;
	char			 currency[4];
	int			 exponent;
	struct db_pub_milestone	*ms;
	size_t			 nms;
};

/*
 * Look up store handle/campaign slug.  > 0 and *h filled when the campaign
 * exists (in any status: the caller decides what drafts mean).
 */
int	db_pub_head_get(struct sg_db *, const char *store, const char *slug,
	    struct db_pub_head *h);

/*
 * Load the campaign with id and its milestones in target order, from one
 * consistent snapshot (a read transaction).  > 0 when found, 0 when it is
 * gone, < 0 on error; on anything but > 0, c is left freed.
 */
int	db_pub_campaign_load(struct sg_db *, int64_t id, struct db_pub_campaign *c);
void	db_pub_campaign_free(struct db_pub_campaign *c);

#endif
