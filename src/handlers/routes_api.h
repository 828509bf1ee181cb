/*
 * routes_api.h — the routes of the api module and its handlers' prototypes.
 * SG_ROUTES_API lists R(method, pattern, body kind, needs_db, handler)
 * entries for the routing table in http/router.c.
 */
#ifndef SG_HANDLERS_ROUTES_API_H
#define SG_HANDLERS_ROUTES_API_H

#include "handlers/handlers.h"

#define SG_ROUTES_API

#endif
