/*
 * fuzz_image.c — fuzz target for util/image.
 *
 * Probing and inspecting must never read out of bounds, and an accepted
 * image must carry a type, strings and non-zero dimensions within limits.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/image.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_image_info	 info;
	int			 rc;

	rc = sg_image_probe(data, size, &info);
	if (rc == SG_IMAGE_OK) {
		if (info.type == SG_IMAGE_NONE || info.mime == NULL ||
		    info.ext == NULL || info.width == 0 || info.height == 0)
			abort();
	} else if (info.type != SG_IMAGE_NONE || info.mime != NULL)
		abort();
	if (sg_image_strerror(rc) == NULL)
		abort();
	rc = sg_image_inspect(data, size, &info);
	if (rc == SG_IMAGE_OK && (info.width > SG_IMAGE_MAX_SIDE ||
	    info.height > SG_IMAGE_MAX_SIDE ||
	    (uint64_t)info.width * info.height > SG_IMAGE_MAX_PIXELS))
		abort();
	return 0;
}
