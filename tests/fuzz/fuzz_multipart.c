/*
 * fuzz_multipart.c — fuzz target for util/multipart.
 *
 * The input's first line is the boundary (the Content-Type is built as
 * "multipart/form-data; boundary=<line>"), the rest is the body.  The body
 * is parsed by the collector twice, once whole and once fed in two chunks
 * cut where the body's first byte says; both runs must agree.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/form.h"
#include "util/multipart.h"

#define FUZZ_MAX_LINE	200

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
fuzz_same(const struct sg_mp_form *a, const struct sg_mp_form *b)
{
	size_t	 i;

	if (a->fields.npairs != b->fields.npairs || a->has_file != b->has_file ||
	    a->file.len != b->file.len ||
	    (a->file.len > 0 && memcmp(a->file.data, b->file.data,
	    a->file.len) != 0))
		return 0;
	for (i = 0; i < a->fields.npairs; i++)
		if (strcmp(a->fields.pairs[i].name,
		    b->fields.pairs[i].name) != 0 ||
		    a->fields.pairs[i].valuelen !=
		    b->fields.pairs[i].valuelen ||
		    memcmp(a->fields.pairs[i].value, b->fields.pairs[i].value,
		    a->fields.pairs[i].valuelen) != 0)
			return 0;
	if (a->has_file && (strcmp(a->file_field, b->file_field) != 0 ||
	    strcmp(a->file_name, b->file_name) != 0 ||
	    strcmp(a->file_ctype, b->file_ctype) != 0))
		return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			 ctype[64 + FUZZ_MAX_LINE];
	const uint8_t		*nl, *body;
	struct sg_mp_form	 whole, split;
	struct sg_mp		*p;
	size_t			 linelen, len, cut;
	int			 rc1, rc2, err;

	if ((nl = memchr(data, '\n', size)) == NULL)
		return 0;
	linelen = (size_t)(nl - data);
	if (linelen > FUZZ_MAX_LINE)
		return 0;
	memcpy(ctype, "multipart/form-data; boundary=", 30);
	memcpy(ctype + 30, data, linelen);
	ctype[30 + linelen] = '\0';
	body = nl + 1;
	len = size - linelen - 1;

	sg_mp_form_init(&whole, 4096);
	rc1 = sg_mp_form_parse(&whole, ctype, body, len);

	sg_mp_form_init(&split, 4096);
	if ((p = sg_mp_new_form(ctype, &split, &err)) == NULL)
		rc2 = err;
	else {
		cut = len == 0 ? 0 : body[0] % (len + 1);
		if ((rc2 = sg_mp_feed(p, body, cut)) == SG_MP_OK &&
		    (rc2 = sg_mp_feed(p, body + cut, len - cut)) == SG_MP_OK)
			rc2 = sg_mp_finish(p);
		sg_mp_free(p);
	}
	if (rc1 != rc2 || (rc1 == SG_MP_OK && !fuzz_same(&whole, &split)))
		abort();
	if (sg_mp_strerror(rc1) == NULL)
		abort();
	sg_mp_form_free(&whole);
	sg_mp_form_free(&split);
	return 0;
}
