/* json.c — cJSON add helpers; see util/json.h. */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json.h"

cJSON *
sg_json_int_item(int64_t v)
{
	char	 buf[24];
	cJSON	*x;

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	if ((x = cJSON_CreateRaw(buf)) == NULL)
		return NULL;
	x->valuedouble = (double)v;
	x->valueint = v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN :
	    (int)v;
	return x;
}

int
sg_json_add_num(cJSON *o, const char *k, int64_t v)
{
	return sg_json_add_item(o, k, sg_json_int_item(v));
}

int
sg_json_int(const cJSON *x, int64_t *out)
{
	char	*end;
	long long v;

	if (cJSON_IsRaw(x) && x->valuestring != NULL) {
		v = strtoll(x->valuestring, &end, 10);
		if (end == x->valuestring || *end != '\0')
			return 0;
		*out = (int64_t)v;
		return 1;
	}
	if (cJSON_IsNumber(x) && isfinite(x->valuedouble) &&
	    fabs(x->valuedouble) <= 9007199254740992.0 &&
	    floor(x->valuedouble) == x->valuedouble) {
		*out = (int64_t)x->valuedouble;
		return 1;
	}
	return 0;
}

int
sg_json_exact_numbers(cJSON *x)
{
	cJSON	*c, *next, *n;
	int64_t	 v;

	for (c = x != NULL ? x->child : NULL; c != NULL; c = next) {
		next = c->next;
		if (cJSON_IsArray(c) || cJSON_IsObject(c)) {
			if (sg_json_exact_numbers(c) == -1)
				return -1;
			continue;
		}
		if (!cJSON_IsNumber(c) || !sg_json_int(c, &v))
			continue;
		if ((n = sg_json_int_item(v)) == NULL)
			return -1;
		/* The member's name moves to the new item (Via Pointer keeps
		 * neither). */
		n->string = c->string;
		n->type |= c->type & cJSON_StringIsConst;
		c->string = NULL;
		if (!cJSON_ReplaceItemViaPointer(x, c, n)) {
			cJSON_Delete(n);
			return -1;
		}
	}
	return 0;
}

int
sg_json_add_str(cJSON *o, const char *k, int has, const char *v)
{
	return sg_json_add_item(o, k, has ? cJSON_CreateString(v) :
	    cJSON_CreateNull());
}

int
sg_json_add_item(cJSON *o, const char *k, cJSON *x)
{
	if (x == NULL)
		return 0;
	if (!cJSON_AddItemToObject(o, k, x)) {
		cJSON_Delete(x);
		return 0;
	}
	return 1;
}

int
sg_json_append(cJSON *a, cJSON *x)
{
	if (x == NULL)
		return 0;
	if (!cJSON_AddItemToArray(a, x)) {
		cJSON_Delete(x);
		return 0;
	}
	return 1;
}
