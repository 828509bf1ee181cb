/* demo.c — the demo store that scripts/up seeds; see db.h. */
#include "config.h"

#include <stdint.h>

#include "db/db.h"
#include "db/internal.h"

struct demo_product {
	const char	*id;
	const char	*title;
	int64_t		 price;
	const char	*variants;
};

static const struct demo_product demo_products[] = {
	{ "p-game", "Skyward Isles — board game", 4900,
	  "[{\"id\":\"v-std\",\"title\":\"Standard\"},{\"id\":\"v-dlx\",\"title\":\"Deluxe\"}]" },
	{ "p-exp", "Skyward Isles — Frost expansion", 1900, NULL },
	{ "g-pin", "Enamel pin (gift)", 0, NULL },
	{ "g-dice", "Custom dice set (gift)", 0, NULL },
};

struct demo_milestone {
	int64_t		 target;
	const char	*title;
	const char	*before, *after;
	const char	*reward, *gift, *scope;
};

static const struct demo_milestone demo_milestones[] = {
	{ 50, "Enamel pin for everyone",
	  "At 50 copies every backer gets an enamel pin.",
	  "Unlocked! Every backer gets an enamel pin.", "gift", "g-pin", "all" },
	{ 120, "A new island",
	  "Something is hiding in the fog…",
	  "The Frost Island joins the base game!", "reveal", NULL, "all" },
	{ 200, "Custom dice for new backers",
	  "Back after 200 copies and get a custom dice set.",
	  "Everyone who backs from now on gets a custom dice set.", "gift",
	  "g-dice", "new" },
};

int
db_demo_create(struct sg_db *db, int64_t *store_id)
{
	struct db_store	 s;
	int64_t		 camp;
	size_t		 i;
	int		 rc;

	if ((rc = db_store_get_by_handle(db, "demo", &s)) < 0)
		return rc;
	if (rc > 0) {
		*store_id = s.id;
		return 0;
	}
	if ((rc = db_begin(db)) != DB_OK)
		return rc;
	if ((rc = db_store_insert(db, "demo", "Demo Board Games", "USD", 2,
	    store_id)) != DB_OK)
		goto fail;
	for (i = 0; i < sizeof(demo_products) / sizeof(demo_products[0]); i++)
		if ((rc = db_exec(db, SQL_PRODUCT_UPSERT, "ississ", *store_id,
		    demo_products[i].id, demo_products[i].title,
		    demo_products[i].price, (const char *)NULL,
		    demo_products[i].variants)) != DB_OK)
			goto fail;
	if ((rc = db_exec(db, SQL_CAMPAIGN_INSERT, "issssisssssi", *store_id,
	    "skyward-isles", "Skyward Isles",
	    "A cooperative exploration game. Every copy sold unlocks more.",
	    "units", (int64_t)250, (const char *)NULL, (const char *)NULL,
	    "live", "auto", (const char *)NULL, (int64_t)-1)) != DB_OK)
		goto fail;
	camp = db_insert_id(db, SQL_CAMPAIGN_INSERT);
	if ((rc = db_exec(db, SQL_CAMPAIGN_PRODUCT_ADD, "is", camp,
	    "p-game")) != DB_OK ||
	    (rc = db_exec(db, SQL_CAMPAIGN_PRODUCT_ADD, "is", camp,
	    "p-exp")) != DB_OK)
		goto fail;
	for (i = 0; i < sizeof(demo_milestones) / sizeof(demo_milestones[0]); i++)
		if ((rc = db_exec(db, SQL_MILESTONE_INSERT, "iisssssssissiis", camp,
		    demo_milestones[i].target, demo_milestones[i].title,
		    (const char *)NULL, demo_milestones[i].before,
		    demo_milestones[i].after, demo_milestones[i].reward,
		    demo_milestones[i].gift, (const char *)NULL, (int64_t)1,
		    demo_milestones[i].scope, "", (int64_t)0, (int64_t)0,
		    "progress")) != DB_OK)
			goto fail;
	if ((rc = db_commit(db)) != DB_OK)
		goto fail;
	return 1;
fail:
	db_rollback(db);
	return rc < 0 ? rc : DB_ERR;
}
