/*
 * fuzz_photo.c — fuzz target for util/photo: sniffing, bounds, libgd's
 * decoders and the scaling and re-encoding behind them.
 *
 * Any byte string must be refused with an SG_IMAGE_* code or turned into a
 * web copy and a thumbnail within their sides; never a crash, a leak or a
 * read out of bounds (ASan), nor an allocation beyond the pixel bound.
 * The EXIF orientation reader runs over the same input.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "util/image.h"
#include "util/photo.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sg_photo	 web, thumb;
	uint32_t	 w, h;
	int		 rc, o;

	o = sg_image_jpeg_orientation(data, size);
	if (o < 1 || o > 8)
		abort();
	(void)sg_photo_gif_frame(data, size, &w, &h);
	rc = sg_photo_make(data, size, 1024u * 1024u, &web, &thumb);
	if (rc == SG_IMAGE_OK) {
		if (web.data == NULL || web.len == 0 || thumb.data == NULL ||
		    web.width == 0 || web.height == 0 ||
		    web.width > SG_PHOTO_WEB_SIDE || web.height > SG_PHOTO_WEB_SIDE ||
		    thumb.width > SG_PHOTO_THUMB_SIDE ||
		    thumb.height > SG_PHOTO_THUMB_SIDE)
			abort();
	} else if (web.data != NULL || thumb.data != NULL ||
	    sg_image_strerror(rc) == NULL)
		abort();
	sg_photo_free(&web);
	sg_photo_free(&thumb);
	return 0;
}
