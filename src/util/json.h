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

/*
 * An integer (money, counts, ids), printed exactly in decimal up to
 * 2^63-1 (SPEC "Numbers"): a cJSON raw item holding the digits, since
 * cJSON prints its doubles with %1.15g (1e+15, rounded beyond 2^53).
 * valuedouble and valueint are set too, but cJSON_IsNumber() is false:
 * read such an item back with sg_json_int().
 */
int	sg_json_add_num(cJSON *, const char *key, int64_t);
/* The item of sg_json_add_num() (or NULL on no memory). */
cJSON	*sg_json_int_item(int64_t);
/*
 * Read an integer item: one of sg_json_add_num() or a cJSON number with
 * an integral value.  1 and *out set, else 0.
 */
int	sg_json_int(const cJSON *, int64_t *out);
/*
 * Turn every integral cJSON number under x (a parsed document) into the
 * exact item of sg_json_add_num(), so that it prints without exponent.
 * Only values a double holds exactly (|v| <= 2^53) are exact afterwards.
 * 0 on success, -1 on no memory.
 */
int	sg_json_exact_numbers(cJSON *x);
/* A string when has, else null. */
int	sg_json_add_str(cJSON *, const char *key, int has, const char *);
/* Item x (NULL: no memory, 0). */
int	sg_json_add_item(cJSON *, const char *key, cJSON *x);
/* x appended to array a (NULL: no memory, 0). */
int	sg_json_append(cJSON *a, cJSON *x);

#endif
