/* urlcheck.c — see urlcheck.h. */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/urlcheck.h"

int
sg_url_parse(const char *url, struct sg_url *u)
{
	const char	*p, *h, *e;
	size_t		 len, i;
	unsigned long	 port;
	char		*end;

	memset(u, 0, sizeof(*u));
	if (url == NULL || (len = strlen(url)) == 0 || len > SG_URL_MAX)
		return SG_URL_BAD;
	for (i = 0; i < len; i++)
		if ((unsigned char)url[i] <= 0x20 || (unsigned char)url[i] >= 0x7f)
			return SG_URL_BAD;
	if (strncasecmp(url, "https://", 8) == 0) {
		u->https = 1;
		p = url + 8;
		u->port = 443;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		p = url + 7;
		u->port = 80;
	} else
		return SG_URL_BAD;
	/* The authority runs to the first '/', '?' or '#'. */
	e = p + strcspn(p, "/?#");
	if (memchr(p, '@', (size_t)(e - p)) != NULL)
		return SG_URL_BAD;	/* no credentials in the URL */
	if (*p == '[') {
		h = p + 1;
		if ((p = memchr(h, ']', (size_t)(e - h))) == NULL)
			return SG_URL_BAD;
		len = (size_t)(p - h);
		p++;
	} else {
		h = p;
		for (p = h; p < e && *p != ':'; p++)
			;
		len = (size_t)(p - h);
	}
	if (len == 0 || len >= sizeof(u->host))
		return SG_URL_BAD;
	memcpy(u->host, h, len);
	u->host[len] = '\0';
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)u->host[i]) && strchr(".-:_",
		    u->host[i]) == NULL)
			return SG_URL_BAD;
	if (p < e) {
		if (*p != ':' || p + 1 == e || !isdigit((unsigned char)p[1]))
			return SG_URL_BAD;
		port = strtoul(p + 1, &end, 10);
		if (end != e || port == 0 || port > 65535)
			return SG_URL_BAD;
		u->port = (unsigned)port;
	}
	return SG_URL_OK;
}

static int
v4_private(uint32_t a)
{
	return (a >> 24) == 0 ||		/* 0/8 "this network" */
	    (a >> 24) == 10 ||			/* 10/8 */
	    (a >> 24) == 127 ||			/* loopback */
	    (a & 0xffc00000) == 0x64400000 ||	/* 100.64/10 shared */
	    (a & 0xffff0000) == 0xa9fe0000 ||	/* 169.254/16 link-local */
	    (a & 0xfff00000) == 0xac100000 ||	/* 172.16/12 */
	    (a & 0xffffff00) == 0xc0000000 ||	/* 192.0.0/24 */
	    (a & 0xffff0000) == 0xc0a80000 ||	/* 192.168/16 */
	    (a & 0xfffe0000) == 0xc6120000 ||	/* 198.18/15 benchmarking */
	    (a >> 28) >= 14;			/* multicast, reserved */
}

int
sg_url_addr_private(const char *addr)
{
	struct in_addr	 v4;
	struct in6_addr	 v6;
	const uint8_t	*b;
	uint32_t	 a;

	if (inet_pton(AF_INET, addr, &v4) == 1)
		return v4_private(ntohl(v4.s_addr));
	if (inet_pton(AF_INET6, addr, &v6) != 1)
		return 1;
	b = v6.s6_addr;
	if (IN6_IS_ADDR_V4MAPPED(&v6) || IN6_IS_ADDR_V4COMPAT(&v6) ||
	    (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)) {
		a = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 |
		    (uint32_t)b[14] << 8 | b[15];
		return v4_private(a);
	}
	return IN6_IS_ADDR_UNSPECIFIED(&v6) || IN6_IS_ADDR_LOOPBACK(&v6) ||
	    (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||	/* fe80::/10 */
	    (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) ||	/* fec0::/10 */
	    (b[0] & 0xfe) == 0xfc ||			/* fc00::/7 */
	    b[0] == 0xff ||				/* multicast */
	    (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8);
}

int
sg_url_check(const char *url, int allow_private, struct sg_url *u, char *why,
    size_t whylen)
{
	struct addrinfo	 hints, *res = NULL, *ai;
	char		 addr[64];
	int		 rc;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (sg_url_parse(url, u) != SG_URL_OK) {
		if (why != NULL)
			snprintf(why, whylen, "the url must be http:// or https:// "
			    "with a host");
		return SG_URL_BAD;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(u->host, NULL, &hints, &res)) != 0 || res == NULL) {
		if (why != NULL)
			snprintf(why, whylen, "the url's host does not resolve");
		if (res != NULL)
			freeaddrinfo(res);
		return SG_URL_RESOLVE;
	}
	rc = SG_URL_OK;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, sizeof(addr),
		    NULL, 0, NI_NUMERICHOST) != 0)
			continue;
		if (!allow_private && sg_url_addr_private(addr)) {
			if (why != NULL)
				snprintf(why, whylen, "the url's host resolves to a "
				    "loopback, link-local or private address");
			rc = SG_URL_PRIVATE;
			break;
		}
		if (u->addr[0] == '\0')
			snprintf(u->addr, sizeof(u->addr), "%s", addr);
	}
	freeaddrinfo(res);
	if (rc == SG_URL_OK && u->addr[0] == '\0') {
		if (why != NULL)
			snprintf(why, whylen, "the url's host does not resolve");
		rc = SG_URL_RESOLVE;
	}
	return rc;
}
