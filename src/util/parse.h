/*
 * parse.h — the one parser of decimal ids and counts in requests (API ids,
 * page limits, form ids).
 */
#ifndef SG_UTIL_PARSE_H
#define SG_UTIL_PARSE_H

#include <stdint.h>

/*
 * Parse s as a decimal number 1..max: digits only, no sign, no leading
 * zero, no spaces.  Returns 0 with *out set, or -1 (out untouched) when s
 * is NULL, empty, not such a number or greater than max.
 */
int	sg_parse_uint(const char *s, int64_t max, int64_t *out);

#endif
