/*
 * fault.h — fault injection for tests (jq's and SQLite's idea): fail the
 * Nth database call or the Nth JSON allocation from the moment a test arms
 * it, so that every failure path of a request can be walked.
 *
 * Built only with ./configure --enable-fault-injection (SG_FAULT_INJECTION);
 * otherwise sg_fault_hit() is the constant 0 and costs nothing.  The
 * counters are per process and not thread-safe: a test arms them in the
 * process that runs the code under test (tests/service/).
 *
 * Kinds:
 *   SG_FAULT_DB     every transaction start, statement and commit in db/db.c;
 *                   a hit answers DB_ERR without talking to
 *                   the server, as a server error would
 *   SG_FAULT_ALLOC  every allocation that goes through sg_fault_malloc()
 *                   (a test installs it as cJSON's allocator)
 */
#ifndef SG_UTIL_FAULT_H
#define SG_UTIL_FAULT_H

#include <stddef.h>

enum sg_fault_kind {
	SG_FAULT_DB = 0,
	SG_FAULT_ALLOC,
	SG_FAULT__MAX
};

#ifdef SG_FAULT_INJECTION
/* Fail the nth call of kind from now on (1 = the next one); 0 disarms. */
void	sg_fault_arm(enum sg_fault_kind, long nth);
/* Count one call of kind; 1 when this call must fail (then disarmed). */
int	sg_fault_hit(enum sg_fault_kind);
/* Whether the armed fault of kind has fired since sg_fault_arm(). */
int	sg_fault_fired(enum sg_fault_kind);
/* malloc() that fails when an SG_FAULT_ALLOC fault hits. */
void	*sg_fault_malloc(size_t);
#else
#define sg_fault_hit(kind)	0
#endif

#endif
