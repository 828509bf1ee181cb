/*
 * json.h — the cJSON "add a member" helpers that build response objects
 * (the API's bodies and the stored order responses).  Each returns 1 when
 * the member was added, 0 on no memory (the object is unchanged then, and
 * an item passed in is freed).
 */
#ifndef SG_UTIL_JSON_H
#define SG_UTIL_JSON_H

#include <stdint.h>

#include <cjson/cJSON.h>

/* An integer (money, counts, ids: exact up to 2^53). */
int	sg_json_add_num(cJSON *, const char *key, int64_t);
/* A string when has, else null. */
int	sg_json_add_str(cJSON *, const char *key, int has, const char *);
/* Item x (NULL: no memory, 0). */
int	sg_json_add_item(cJSON *, const char *key, cJSON *x);
/* x appended to array a (NULL: no memory, 0). */
int	sg_json_append(cJSON *a, cJSON *x);

#endif
