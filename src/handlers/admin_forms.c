/* admin_forms.c — form helpers of the admin module; see handlers/admin.h. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "domain/order.h"
#include "domain/timefmt.h"
#include "domain/validate.h"
#include "handlers/admin.h"

int
admin_error_add(cJSON *errors, const char *field, const char *message)
{
	if (cJSON_GetObjectItemCaseSensitive(errors, field) != NULL)
		return 0;
	return cJSON_AddStringToObject(errors, field, message) == NULL ? -1 : 0;
}

int
admin_verror_add(cJSON *errors, const struct sg_verror *err,
    const char *fallback)
{
	char		 field[SG_VERROR_FIELD_MAX], msg[SG_VERROR_MSG_MAX + 2];
	const char	*m;
	size_t		 n;

	n = strcspn(err->field, "[.");
	if (n == 0)
		snprintf(field, sizeof(field), "%s", fallback);
	else
		snprintf(field, sizeof(field), "%.*s", (int)n, err->field);
	/* "title: is required" -> "Is required." */
	m = err->message;
	if (err->field[0] != '\0' && strncmp(m, err->field, strlen(err->field)) == 0 &&
	    strncmp(m + strlen(err->field), ": ", 2) == 0)
		m += strlen(err->field) + 2;
	snprintf(msg, sizeof(msg), "%s", *m != '\0' ? m : "is not valid");
	msg[0] = (char)toupper((unsigned char)msg[0]);
	n = strlen(msg);
	if (n > 0 && msg[n - 1] != '.' && n + 1 < sizeof(msg)) {
		msg[n] = '.';
		msg[n + 1] = '\0';
	}
	return admin_error_add(errors, field, msg);
}

int
admin_datetime_rfc3339(const char *in, char *out, size_t size)
{
	size_t	 n = strlen(in);
	sg_usec_t t;

	if (n == 16)
		snprintf(out, size, "%s:00Z", in);
	else if (n == 19)
		snprintf(out, size, "%sZ", in);
	else
		return -1;
	return sg_time_parse_rfc3339(out, strlen(out), &t) == 0 ? 0 : -1;
}

int
admin_fields_check(const cJSON *api, int is_patch, cJSON *errors,
    admin_parse_fn parse, void *in)
{
	struct sg_verror	 err;
	cJSON			*one;
	const cJSON		*f;

	cJSON_ArrayForEach(f, api) {
		if (cJSON_GetObjectItemCaseSensitive(errors, f->string) != NULL)
			continue;
		if ((one = cJSON_CreateObject()) == NULL)
			return -1;
		if (!cJSON_AddItemReferenceToObject(one, f->string, (cJSON *)f)) {
			cJSON_Delete(one);
			return -1;
		}
		if (parse(one, 1, in, &err) == SG_PARSE_INVALID &&
		    admin_verror_add(errors, &err, f->string) == -1) {
			cJSON_Delete(one);
			return -1;
		}
		cJSON_Delete(one);
	}
	if (cJSON_GetArraySize(errors) > 0)
		return 0;
	if (parse(api, is_patch, in, &err) == SG_PARSE_INVALID &&
	    admin_verror_add(errors, &err, "form") == -1)
		return -1;
	return 0;
}
