/* fault.c — fault injection for tests; see util/fault.h. */
#include "config.h"

#include <stdlib.h>

#include "util/fault.h"

#ifdef SG_FAULT_INJECTION
static long	fault_left[SG_FAULT__MAX];	/* calls to the fault; 0: off */
static int	fault_fired[SG_FAULT__MAX];

void
sg_fault_arm(enum sg_fault_kind kind, long nth)
{
	fault_left[kind] = nth > 0 ? nth : 0;
	fault_fired[kind] = 0;
}

int
sg_fault_hit(enum sg_fault_kind kind)
{
	if (fault_left[kind] == 0 || --fault_left[kind] > 0)
		return 0;
	fault_fired[kind] = 1;
	return 1;
}

int
sg_fault_fired(enum sg_fault_kind kind)
{
	return fault_fired[kind];
}

void *
sg_fault_malloc(size_t n)
{
	return sg_fault_hit(SG_FAULT_ALLOC) ? NULL : malloc(n);
}
#else
/* ISO C wants a translation unit to declare something. */
typedef int sg_fault_unused;
#endif
