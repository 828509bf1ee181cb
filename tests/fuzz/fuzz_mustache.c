/*
 * fuzz_mustache.c — libFuzzer target for render/mustache.
 *
 * The input is a template, then a NUL byte, then a JSON data document (no
 * NUL: the whole input is the template, rendered without data).  The
 * template is also added to a set as partial "a" so recursive partials are
 * exercised, then rendered with a small output cap and freed.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cJSON.h>

#include "util/buf.h"
#include "render/mustache.h"

/* Output cap for one fuzz render: small, so runaway renders stop early. */
#define FUZZ_OUT_CAP	(64u * 1024u)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*src = (const char *)data;
	const uint8_t		*nul;
	size_t			 tlen = size;
	struct mst_template	*t;
	struct mst_set		*set;
	struct mst_error	 err;
	struct sg_buf		 out;
	cJSON			*json = NULL;

	if ((nul = memchr(data, '\0', size)) != NULL) {
		tlen = (size_t)(nul - data);
		json = cJSON_ParseWithLength(src + tlen + 1, size - tlen - 1);
	}
	if ((t = mst_parse(src, tlen, &err)) == NULL) {
		cJSON_Delete(json);
		return 0;
	}
	if ((set = mst_set_new()) != NULL &&
	    mst_set_add(set, "a", src, tlen, &err) != MST_OK) {
		mst_set_free(set);
		set = NULL;
	}
	sg_buf_init(&out, FUZZ_OUT_CAP);
	(void)mst_render(t, json, set, &out, &err);
	sg_buf_free(&out);
	mst_set_free(set);
	mst_free(t);
	cJSON_Delete(json);
	return 0;
}
