/*
 * fuzz_form.c — fuzz target for util/form.
 *
 * The input is parsed as a urlencoded form and as a Cookie header.  Every
 * parsed pair must be valid text; re-encoding the pairs and parsing the
 * result must give the same pairs back.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/form.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_check_pairs(const struct sg_form *f)
{
	size_t	 i;

	for (i = 0; i < f->npairs; i++)
		if (sg_form_text_valid(f->pairs[i].name,
		    f->pairs[i].namelen) != SG_FORM_OK ||
		    sg_form_text_valid(f->pairs[i].value,
		    f->pairs[i].valuelen) != SG_FORM_OK ||
		    strlen(f->pairs[i].name) != f->pairs[i].namelen ||
		    strlen(f->pairs[i].value) != f->pairs[i].valuelen ||
		    sg_form_get(f, f->pairs[i].name) == NULL)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_form	 f, g;
	struct sg_buf	 b;
	const char	*s = (const char *)data;
	size_t		 i;
	int		 rc;

	sg_form_init(&f);
	rc = sg_form_parse(&f, s, size);
	if (rc != SG_FORM_OK && f.npairs != 0)
		abort();
	fuzz_check_pairs(&f);
	if (rc == SG_FORM_OK) {
		sg_buf_init(&b, 0);
		for (i = 0; i < f.npairs; i++)
			if (sg_form_encode_pair(&b, f.pairs[i].name,
			    f.pairs[i].value) != SG_FORM_OK)
				abort();
		sg_form_init(&g);
		if (b.len <= SG_FORM_MAX_BYTES) {
			if (sg_form_parse(&g, b.data ? b.data : "", b.len) !=
			    SG_FORM_OK || g.npairs != f.npairs)
				abort();
			for (i = 0; i < f.npairs; i++)
				if (strcmp(f.pairs[i].name, g.pairs[i].name) ||
				    strcmp(f.pairs[i].value, g.pairs[i].value))
					abort();
		}
		sg_form_free(&g);
		sg_buf_free(&b);
	}
	sg_form_free(&f);

	sg_form_init(&f);
	rc = sg_cookie_parse(&f, s, size);
	if (rc != SG_FORM_OK && f.npairs != 0)
		abort();
	fuzz_check_pairs(&f);
	sg_form_free(&f);
	return 0;
}
