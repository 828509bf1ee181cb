/* json.c — cJSON add helpers; see util/json.h. */
#include "config.h"

#include "util/json.h"

int
sg_json_add_num(cJSON *o, const char *k, int64_t v)
{
	return cJSON_AddNumberToObject(o, k, (double)v) != NULL;
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
