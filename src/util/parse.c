/* parse.c — decimal ids; see util/parse.h. */
#include "config.h"

#include <stdint.h>

#include "util/parse.h"

int
sg_parse_uint(const char *s, int64_t max, int64_t *out)
{
	int64_t	 v = 0;
	size_t	 i;

	if (s == NULL || s[0] < '1' || s[0] > '9')
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (max - (s[i] - '0')) / 10)
			return -1;	/* > max (and never overflows) */
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}
