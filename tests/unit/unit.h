/*
 * unit.h — running a unit-test program's cases with CUnit.
 *
 * A program lists its cases in a table ending with { NULL, NULL, NULL };
 * consecutive cases with the same suite name form one CUnit suite.
 * unit_run() initialises libsodium (some code under test needs it), runs
 * every case in verbose mode, and returns the exit status for main(): 0 when
 * everything passed, 1 otherwise.
 */
#ifndef SG_TESTS_UNIT_H
#define SG_TESTS_UNIT_H

struct unit_case {
	const char	*suite;
	const char	*name;
	void		(*fn)(void);
};

int	unit_run(const struct unit_case *cases);

#endif
