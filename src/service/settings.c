/* settings.c — the store's locale; see service/settings.h. */
#include "config.h"

#include <string.h>

#include "db/db.h"
#include "service/internal.h"
#include "service/settings.h"

/*
 * Each example is what sg_money_parse_locale() reads as 5000.50 with the
 * locale's decimal mark (sg_locale_decimal_mark()); grouping by spaces is
 * read in every locale.
 */
static const struct svc_locale locales[] = {
	{ "en", "English", "5,000.50" },
	{ "de", "Deutsch", "5.000,50" },
	{ "fr", "Français", "5 000,50" },
	{ "es", "Español", "5.000,50" },
	{ "it", "Italiano", "5.000,50" },
	{ "nl", "Nederlands", "5.000,50" },
	{ "pt", "Português", "5.000,50" },
	{ "sv", "Svenska", "5 000,50" },
	{ "da", "Dansk", "5.000,50" },
	{ "pl", "Polski", "5 000,50" },
};

const struct svc_locale *
svc_settings_locales(size_t *n)
{
	*n = sizeof(locales) / sizeof(locales[0]);
	return locales;
}

const struct svc_locale *
svc_settings_locale_find(const char *code)
{
	size_t	 i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < sizeof(locales) / sizeof(locales[0]); i++)
		if (strcmp(locales[i].code, code) == 0)
			return &locales[i];
	return NULL;
}

int
svc_settings_locale_set(struct sg_db *db, int64_t store_id, const char *code)
{
	char	 cur[DB_LOCALE_MAX];
	int	 rc;

	if (svc_settings_locale_find(code) == NULL)
		return SVC_INVALID;
	if ((rc = db_begin_read_committed(db)) != DB_OK)
		return rc;
	if ((rc = db_store_locale(db, store_id, cur, sizeof(cur))) <= 0)
		return svc_fail(db, svc_found(rc));
	if ((rc = db_store_set_locale(db, store_id, code)) != DB_OK)
		return svc_fail(db, rc);
	if ((rc = db_commit(db)) != DB_OK)
		return svc_fail(db, rc);
	return SVC_OK;
}
