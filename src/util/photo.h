/*
 * photo.h — turn an uploaded photo into the copies we serve: a web-sized
 * one (longest side at most SG_PHOTO_WEB_SIDE) and a thumbnail (at most
 * SG_PHOTO_THUMB_SIDE), both re-encoded by libgd, so that nothing of the
 * upload but its pixels is kept: EXIF (GPS position, camera, time), XMP,
 * ICC profiles and comments are gone.  A JPEG's EXIF orientation is applied
 * to the pixels first, so a phone photo stays upright without its tags.
 *
 * Untrusted input: the bytes are first recognised and bounded by
 * util/image.h (type by content, at most max_bytes, SG_IMAGE_MAX_SIDE a
 * side and SG_IMAGE_MAX_PIXELS; for GIF also the first frame's size), and
 * only then handed to libgd's decoder, so a small file that claims a huge
 * picture (a decompression bomb) is refused before any pixel is allocated.
 *
 * Output formats: each stays in its format (JPEG at quality 85, WebP at
 * 82, PNG and GIF with their transparency; a GIF's animation is not kept,
 * only its first frame).
 *
 * Conventions: 0 (SG_IMAGE_OK) or a negative SG_IMAGE_* code, for
 * sg_image_strerror().  A struct sg_photo owns its bytes; free it with
 * sg_photo_free() (also after a failure, and on a zeroed struct).
 */
#ifndef SG_UTIL_PHOTO_H
#define SG_UTIL_PHOTO_H

#include <stddef.h>
#include <stdint.h>

#define SG_PHOTO_WEB_SIDE	1600u
#define SG_PHOTO_THUMB_SIDE	320u

struct sg_photo {
	unsigned char	*data;
	size_t		 len;
	uint32_t	 width;
	uint32_t	 height;
	const char	*ext;	/* "jpg", "png", "gif", "webp" */
	const char	*mime;
};

/*
 * Check, decode and scale len bytes of data into *web and *thumb (each
 * scaled down only, never up).
 */
int	sg_photo_make(const void *data, size_t len, size_t max_bytes,
	    struct sg_photo *web, struct sg_photo *thumb);

void	sg_photo_free(struct sg_photo *);

/*
 * The size of the first frame of a GIF (its first image descriptor), which
 * a decoder allocates and which may differ from the logical screen that
 * sg_image_probe() reads: 0, or a negative SG_IMAGE_* code.
 */
int	sg_photo_gif_frame(const void *data, size_t len, uint32_t *width,
	    uint32_t *height);

#endif
