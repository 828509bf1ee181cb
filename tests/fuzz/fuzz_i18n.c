/*
 * fuzz_i18n.c — fuzz target for render/i18n (the widget's catalogues).
 *
 * The input is loaded as a catalogue; when it loads, every message is
 * formatted for a few counts and numbers, money, percent and dates are
 * written into a small and a large buffer (the results must be NUL
 * terminated within them).  The input is also evaluated as a plural rule.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "render/i18n.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_cat(const struct sg_i18n_cat *c)
{
	static const int64_t	 counts[] = { 0, 1, 2, 5, 11, 22, 101, -3,
				    INT64_MAX, INT64_MIN };
	const char		*vars[] = { "n", "7", "title", "T", "goal", "G",
				    NULL };
	const cJSON		*m;
	char			 small[8], big[4096];
	size_t			 i;

	for (m = sg_i18n_messages(c)->child; m != NULL; m = m->next)
		for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
			if (sg_i18n_format(c, m->string, counts[i], vars, big,
			    sizeof(big)) == 0 && strlen(big) >= sizeof(big))
				abort();
			(void)sg_i18n_format(c, m->string, counts[i], vars, small,
			    sizeof(small));
			if (memchr(small, '\0', sizeof(small)) == NULL)
				abort();
		}
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		(void)sg_i18n_plural(c, (uint64_t)counts[i]);
		(void)sg_i18n_number(c, counts[i], big, sizeof(big));
		(void)sg_i18n_number(c, counts[i], small, sizeof(small));
		(void)sg_i18n_money(c, counts[i], (int)(i % 6), "EUR", "\xe2\x82\xac",
		    big, sizeof(big));
		(void)sg_i18n_money(c, counts[i], 2, "KWD", NULL, small,
		    sizeof(small));
		(void)sg_i18n_percent(c, counts[i], big, sizeof(big));
		(void)sg_i18n_date(c, 2026, (int)(i % 14), (int)(i * 3 % 33), big,
		    sizeof(big));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_i18n	*s;
	char		 err[256], *rule;

	if ((s = sg_i18n_new()) == NULL)
		return 0;
	if (sg_i18n_add(s, "en", (const char *)data, size, err, sizeof(err)) == 0) {
		fuzz_cat(sg_i18n_at(s, 0));
		(void)sg_i18n_check(s, err, sizeof(err));
		(void)sg_i18n_resolve(s, "en-GB", NULL);
	}
	sg_i18n_free(s);
	if (size < SG_I18N_RULE_MAX && (rule = malloc(size + 1)) != NULL) {
		memcpy(rule, data, size);
		rule[size] = '\0';
		(void)sg_plural_rule_eval(rule, 0);
		(void)sg_plural_rule_eval(rule, 1);
		(void)sg_plural_rule_eval(rule, 123456789);
		free(rule);
	}
	return 0;
}
