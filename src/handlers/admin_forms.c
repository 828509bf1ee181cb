/* admin_forms.c — form helpers of the admin module; see handlers/admin.h. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <cJSON.h>

#include "db/db.h"
#include "domain/money.h"
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

/* The longest text a field takes (characters), or 0 when not a text field. */
static int
verror_limit(const char *field)
{
	static const struct { const char *name; int max; } lim[] = {
		{ "title", SG_TITLE_MAX }, { "slug", SG_SLUG_MAX },
		{ "description", SG_DESCRIPTION_MAX },
		{ "before_text", SG_MS_TEXT_MAX }, { "after_text", SG_MS_TEXT_MAX },
		{ "gift_product_id", SG_EXTID_MAX }, { "gift_variant_id", SG_EXTID_MAX },
		{ "product_ids", SG_EXTID_MAX }, { "image_url", 2048 },
		{ "image_alt", SG_IMAGE_ALT_MAX },
	};
	size_t	 i;

	for (i = 0; i < sizeof(lim) / sizeof(lim[0]); i++)
		if (strcmp(field, lim[i].name) == 0)
			return lim[i].max;
	return 0;
}

/*
 * The message of a validation error in a creator's words, with the limit
 * where there is one; NULL to keep the domain's sentence.
 */
static const char *
verror_words(const struct sg_verror *err, const char *field, char *buf,
    size_t size)
{
	int	 max = verror_limit(field);

	switch (err->code) {
	case SG_VERR_TOO_LONG:
		if (max == 0)
			return NULL;
		snprintf(buf, size, "At most %d characters%s.", max,
		    strcmp(field, "product_ids") == 0 ? " per id" : "");
		return buf;
	case SG_VERR_REQUIRED:
	case SG_VERR_TOO_SHORT:
		if (strcmp(field, "title") == 0)
			return "Enter a title (at most 200 characters).";
		if (strcmp(field, "slug") == 0)
			return "Enter a short name for the web address, like "
			    "art-book.";
		return max > 0 ? "Fill this in." : NULL;
	case SG_VERR_INVALID_CHAR:
	case SG_VERR_INVALID:
		if (strcmp(field, "slug") == 0)
			return "Use lower-case letters a-z, digits and hyphens "
			    "(not at the start or end), at most 64 characters.";
		if (strcmp(field, "ends_at") == 0 &&
		    strstr(err->message, "later") != NULL)
			return "The end must be later than the start.";
		if (err->code == SG_VERR_INVALID_CHAR && max > 0) {
			snprintf(buf, size, "%s without control characters, at "
			    "most %d characters.", strcmp(field, "title") == 0 ?
			    "One line" : "Plain text", max);
			return buf;
		}
		return NULL;
	case SG_VERR_INVALID_UTF8:
		return "This text has characters that could not be read: type "
		    "it again.";
	default:
		return NULL;
	}
}

int
admin_verror_add(cJSON *errors, const struct sg_verror *err,
    const char *fallback)
{
	char		 field[SG_VERROR_FIELD_MAX], msg[SG_VERROR_MSG_MAX + 2];
	char		 words[160];
	const char	*m;
	size_t		 n;

	n = strcspn(err->field, "[.");
	if (n == 0)
		snprintf(field, sizeof(field), "%s", fallback);
	else
		snprintf(field, sizeof(field), "%.*s", (int)n, err->field);
	if ((m = verror_words(err, field, words, sizeof(words))) != NULL)
		return admin_error_add(errors, field, m);
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

char
admin_store_mark(struct sg_app *app, const struct svc_session *s)
{
	char	 locale[DB_LOCALE_MAX];

	if (db_store_locale(app->db, s->store.id, locale, sizeof(locale)) <= 0)
		return '.';
	return sg_locale_decimal_mark(locale);
}

int
admin_amount_add(cJSON *errors, cJSON *api, const char *field,
    const char *text, int exponent, char mark, const char *empty)
{
	char	 why[SG_MONEY_WHY_MAX + 16];
	int64_t	 v;
	int	 rc;

	if (*text == '\0')
		return admin_error_add(errors, field, empty);
	rc = sg_money_parse_locale(text, exponent, mark, &v, why, sizeof(why));
	if (rc == -2 && strlen(why) + 2 < sizeof(why))
		strcat(why, ".");
	if (rc == -1 && exponent == 0)
		snprintf(why, sizeof(why), "Enter a whole number, like 500: "
		    "\"%.40s\" is not one.", text);
	if (rc != 0)
		return admin_error_add(errors, field, why);
	return cJSON_AddNumberToObject(api, field, (double)v) == NULL ? -1 : 0;
}

void
admin_amount_input(char *dst, size_t size, int64_t v, int exponent, char mark)
{
	char	*p;

	sg_money_input_format(dst, size, v, exponent);
	if (mark == ',' && (p = strchr(dst, '.')) != NULL)
		*p = ',';
}
