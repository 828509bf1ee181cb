/*
 * routes_admin.h — the routes of the admin module and its handlers' prototypes.
 * SG_ROUTES_ADMIN lists R(method, pattern, body kind, needs_db, handler)
 * entries for the routing table in http/router.c.
 */
#ifndef SG_HANDLERS_ROUTES_ADMIN_H
#define SG_HANDLERS_ROUTES_ADMIN_H

#include "handlers/handlers.h"

#define SG_ROUTES_ADMIN

#endif
