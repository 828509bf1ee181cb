/* product.c — product body validation; see domain/product.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/product.h"

/* A one-line title of 1..SG_TITLE_MAX chars. */
static enum sg_verr
title_check(const cJSON *t)
{
	if (t == NULL || cJSON_IsNull(t))
		return SG_VERR_REQUIRED;
	if (!cJSON_IsString(t))
		return SG_VERR_INVALID_TYPE;
	return sg_text_check(t->valuestring, strlen(t->valuestring), 1,
	    SG_TITLE_MAX, 0, 0, NULL);
}

/*
 * The first of the known keys names (NULL-terminated) that object o holds
 * more than once, or NULL.  cJSON keeps both members and its lookups see
 * only the first.
 */
static const char *
dup_key(const cJSON *o, const char *const *names)
{
	const cJSON	*c;
	size_t		 i, n;

	for (i = 0; names[i] != NULL; i++) {
		n = 0;
		for (c = o->child; c != NULL; c = c->next)
			if (c->string != NULL && strcmp(c->string, names[i]) == 0)
				n++;
		if (n > 1)
			return names[i];
	}
	return NULL;
}

static int
fail(struct sg_verror *err, enum sg_verr code, const char *field,
    const char *msg)
{
	sg_verror_set(err, code, field, "%s", msg);
	return SG_PARSE_INVALID;
}

/* The variants array vs into p->variants (normalised JSON text). */
static int
variants_parse(const cJSON *vs, struct sg_product_input *p,
    struct sg_verror *err)
{
	static const char *const variant_keys[] = { "id", "title", NULL };
	const cJSON	*v, *vid, *vt;
	const char	*dup;
	cJSON		*out, *x;
	char		 field[64];
	enum sg_verr	 e;
	int		 i = 0, rc;

	if (!cJSON_IsArray(vs))
		return fail(err, SG_VERR_INVALID_TYPE, "variants",
		    "variants must be an array");
	if (cJSON_GetArraySize(vs) > SG_PRODUCT_VARIANTS_MAX)
		return fail(err, SG_VERR_TOO_MANY, "variants",
		    "at most 100 variants");
	if ((out = cJSON_CreateArray()) == NULL)
		return SG_PARSE_NOMEM;
	rc = SG_PARSE_NOMEM;
	cJSON_ArrayForEach(v, vs) {
		vid = cJSON_GetObjectItemCaseSensitive(v, "id");
		vt = cJSON_GetObjectItemCaseSensitive(v, "title");
		if (cJSON_IsObject(v) && (dup = dup_key(v, variant_keys)) != NULL) {
			snprintf(field, sizeof(field), "variants[%d].%s", i, dup);
			rc = fail(err, SG_VERR_DUPLICATE, field,
			    "a key appears more than once");
			goto out;
		}
		snprintf(field, sizeof(field), "variants[%d].id", i);
		if (!cJSON_IsObject(v) || !cJSON_IsString(vid) ||
		    sg_extid_check(vid->valuestring) != SG_VERR_OK) {
			rc = fail(err, cJSON_IsObject(v) && vid == NULL ?
			    SG_VERR_REQUIRED : SG_VERR_INVALID, field,
			    "a variant needs an id (1-64 characters)");
			goto out;
		}
		snprintf(field, sizeof(field), "variants[%d].title", i);
		if (vt != NULL && !cJSON_IsNull(vt) &&
		    (e = title_check(vt)) != SG_VERR_OK) {
			rc = fail(err, e, field,
			    "a variant title is 1 to 200 characters on one line");
			goto out;
		}
		if ((x = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(out, x) ||
		    cJSON_AddStringToObject(x, "id", vid->valuestring) == NULL ||
		    cJSON_AddStringToObject(x, "title", cJSON_IsString(vt) ?
		    vt->valuestring : "") == NULL)
			goto out;
		i++;
	}
	if ((p->variants = cJSON_PrintUnformatted(out)) != NULL)
		rc = SG_PARSE_OK;
out:
	cJSON_Delete(out);
	return rc;
}

int
sg_product_parse(const cJSON *b, struct sg_product_input *p,
    struct sg_verror *err)
{
	static const char *const product_keys[] = { "title", "price",
	    "image_url", "variants", NULL };
	const cJSON	*t, *pr, *im, *vs;
	const char	*dup;
	enum sg_verr	 e;

	memset(p, 0, sizeof(*p));
	if ((dup = dup_key(b, product_keys)) != NULL)
		return fail(err, SG_VERR_DUPLICATE, dup,
		    "a key appears more than once");
	t = cJSON_GetObjectItemCaseSensitive(b, "title");
	if ((e = title_check(t)) != SG_VERR_OK)
		return fail(err, e, "title", "title must be 1 to 200 characters "
		    "on one line");
	p->title = t->valuestring;
	pr = cJSON_GetObjectItemCaseSensitive(b, "price");
	if (pr != NULL && !cJSON_IsNull(pr)) {
		if (!cJSON_IsNumber(pr))
			return fail(err, SG_VERR_INVALID_TYPE, "price",
			    "price must be an integer");
		if (pr->valuedouble != (double)(int64_t)pr->valuedouble ||
		    pr->valuedouble < 0 || pr->valuedouble > (double)SG_PRICE_MAX)
			return fail(err, SG_VERR_OUT_OF_RANGE, "price",
			    "price must be an integer from 0 to 10^12");
		p->price = (int64_t)pr->valuedouble;
	}
	im = cJSON_GetObjectItemCaseSensitive(b, "image_url");
	if (im != NULL && !cJSON_IsNull(im)) {
		if (!cJSON_IsString(im))
			return fail(err, SG_VERR_INVALID_TYPE, "image_url",
			    "image_url must be a string");
		if ((e = sg_image_url_check(im->valuestring)) != SG_VERR_OK)
			return fail(err, e, "image_url",
			    "image_url must be an http(s) URL or a /media/ path");
		p->image_url = im->valuestring;
	}
	vs = cJSON_GetObjectItemCaseSensitive(b, "variants");
	if (vs == NULL || cJSON_IsNull(vs))
		return SG_PARSE_OK;
	return variants_parse(vs, p, err);
}

void
sg_product_input_free(struct sg_product_input *p)
{
	free(p->variants);
	p->variants = NULL;
}
