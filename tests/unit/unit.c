/* unit.c — see unit.h. */
#include "config.h"

#include <string.h>

#include <CUnit/Basic.h>
#include <sodium.h>

#include "unit/unit.h"

int
unit_run(const struct unit_case *cases)
{
	CU_pSuite	 s = NULL;
	const char	*suite = NULL;
	unsigned	 failures;
	int		 i, error;

	if (sodium_init() < 0 || CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	for (i = 0; cases[i].name != NULL; i++) {
		if (suite == NULL || strcmp(suite, cases[i].suite) != 0) {
			suite = cases[i].suite;
			if ((s = CU_add_suite(suite, NULL, NULL)) == NULL)
				goto fail;
		}
		if (CU_add_test(s, cases[i].name, cases[i].fn) == NULL)
			goto fail;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	error = CU_basic_run_tests() != CUE_SUCCESS;
	failures = CU_get_number_of_failures();
	error |= CU_get_error() != CUE_SUCCESS;
	CU_cleanup_registry();
	return failures != 0 || error ? 1 : 0;
fail:
	CU_cleanup_registry();
	return 1;
}
