/*
 * urlcheck.h — endpoint URLs of events out (docs/events.md): http(s) only,
 * and (SSRF) no host that resolves to a loopback, link-local, private,
 * shared, multicast or otherwise reserved address unless the configuration
 * allows private ones.  The check runs when an endpoint is registered and
 * again before each delivery, whose connection is then pinned to the
 * address that was checked (no second lookup that could answer otherwise).
 */
#ifndef SG_UTIL_URLCHECK_H
#define SG_UTIL_URLCHECK_H

#include <stddef.h>

/* Longest endpoint URL accepted. */
#define SG_URL_MAX	2048

struct sg_url {
	int	 https;
	char	 host[256];	/* without brackets for an IPv6 literal */
	unsigned port;
	char	 addr[64];	/* the checked address, numeric */
};

enum sg_url_rc {
	SG_URL_OK = 0,
	SG_URL_BAD = -1,	/* not an http(s) URL we accept */
	SG_URL_RESOLVE = -2,	/* the host does not resolve */
	SG_URL_PRIVATE = -3	/* it resolves to a refused address */
};

/* Parse url into *u (no lookup).  SG_URL_OK or SG_URL_BAD. */
int	sg_url_parse(const char *url, struct sg_url *u);
/*
 * Parse and resolve url; every address must be allowed (any refused one
 * refuses the URL).  u->addr is the first.  why (may be NULL) gets a
 * reason.  Returns an enum sg_url_rc.
 */
int	sg_url_check(const char *url, int allow_private, struct sg_url *u,
	    char *why, size_t whylen);
/* Is the numeric address text refused as private/reserved?  1 yes, 0 no. */
int	sg_url_addr_private(const char *addr);

#endif
