/*
 * routes_public.h — the routes of the public module and its handlers' prototypes.
 * SG_ROUTES_PUBLIC lists R(method, pattern, body kind, needs_db, handler)
 * entries for the routing table in http/router.c.
 */
#ifndef SG_HANDLERS_ROUTES_PUBLIC_H
#define SG_HANDLERS_ROUTES_PUBLIC_H

#include "handlers/handlers.h"

#define SG_ROUTES_PUBLIC

#endif
