/*
 * fuzz_order.c — libFuzzer target: parse the input as JSON and run the
 * order, refund, campaign and milestone validators and the fingerprint;
 * the raw-text checks that run before (control characters, UTF-8) and
 * after (inexact numbers) the parse.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "domain/order.h"
#include "domain/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_order			 o;
	struct sg_refund		 r;
	struct sg_campaign_input	 c;
	struct sg_milestone_input	 m;
	struct sg_verror		 e;
	unsigned char			 fp[SG_FINGERPRINT_BYTES];
	cJSON				*j;

	(void)sg_json_has_nul_escape((const char *)data, size);
	(void)sg_json_text_check((const char *)data, size);
	(void)sg_json_has_inexact_number((const char *)data, size);
	if ((j = cJSON_ParseWithLength((const char *)data, size)) == NULL)
		return 0;
	if (sg_order_parse(j, &o, &e) == SG_PARSE_OK) {
		if (sg_order_fingerprint(&o, fp) != 0)
			__builtin_trap();
		sg_order_free(&o);
	}
	if (sg_refund_parse(j, &r, &e) == SG_PARSE_OK)
		sg_refund_free(&r);
	(void)sg_campaign_parse(j, 0, &c, &e);
	(void)sg_campaign_parse(j, 1, &c, &e);
	(void)sg_milestone_parse(j, 0, &m, &e);
	(void)sg_milestone_parse(j, 1, &m, &e);
	cJSON_Delete(j);
	return 0;
}
