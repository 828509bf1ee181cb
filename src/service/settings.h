/*
 * settings.h — the store's settings that the admin's Settings pages write
 * and that belong to no other entity's service: the store's locale for
 * amounts typed in the admin (sql/016).  The platform secrets are in
 * service/hook.h, the endpoints of events out in service/event.h.
 * Conventions: service/service.h.
 */
#ifndef SG_SERVICE_SETTINGS_H
#define SG_SERVICE_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "service/service.h"

struct sg_db;

/* A locale the admin offers: its code, its name, an amount written in it. */
struct svc_locale {
	const char	*code;		/* "en", "de", ... (stores.locale) */
	const char	*name;		/* "English", "Deutsch", ... */
	const char	*example;	/* 5000 and 50 cents as typed: "5,000.50" */
};

/* The supported locales (*n of them), the default ("en") first. */
const struct svc_locale *svc_settings_locales(size_t *n);
/* The supported locale called code, or NULL. */
const struct svc_locale *svc_settings_locale_find(const char *code);

/*
 * Set the store's locale: SVC_INVALID when code is not a supported locale
 * (svc_settings_locales()), SVC_NOT_FOUND when there is no such store.
 */
int	svc_settings_locale_set(struct sg_db *, int64_t store_id,
	    const char *code);

#endif
