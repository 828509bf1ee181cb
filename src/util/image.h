/*
 * image.h — recognise uploaded images by their bytes and read their size.
 *
 * Only PNG, JPEG, GIF and WebP are accepted, and only by content: a file's
 * name and declared Content-Type are never consulted.  Nothing is decoded;
 * the headers are read with every offset checked against the length, so
 * any byte string is safe input.
 *
 * Two steps, kept apart so callers and tests can see which one refused:
 *   sg_image_probe()        — what is it, how large does it say it is;
 *   sg_image_check_limits() — is that within SG_IMAGE_MAX_*.
 * sg_image_inspect() runs both.
 *
 * Conventions: functions return 0 (SG_IMAGE_OK) or a negative SG_IMAGE_*
 * code; sg_image_strerror() gives a sentence fit to show the uploader.
 * struct sg_image_info holds no allocated memory (its strings are static).
 */
#ifndef SG_UTIL_IMAGE_H
#define SG_UTIL_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Largest image sg_image_inspect() accepts, in bytes (2 MiB).  The admin's
 * photo uploads are bounded by the max_upload setting instead (its default
 * is this value), through sg_image_inspect_max().
 */
#define SG_IMAGE_MAX_BYTES	(2u * 1024u * 1024u)
/* Largest accepted width * height (40 megapixels). */
#define SG_IMAGE_MAX_PIXELS	(40ull * 1000u * 1000u)
/* Largest accepted width or height, in pixels. */
#define SG_IMAGE_MAX_SIDE	10000u

#define SG_IMAGE_OK		  0
#define SG_IMAGE_EMPTY		(-1)	/* no bytes at all */
#define SG_IMAGE_UNKNOWN	(-2)	/* not PNG, JPEG, GIF or WebP */
#define SG_IMAGE_TRUNCATED	(-3)	/* ends inside its headers */
#define SG_IMAGE_CORRUPT	(-4)	/* right signature, broken header */
#define SG_IMAGE_ZERODIM	(-5)	/* width or height is 0 */
#define SG_IMAGE_TOOLARGE	(-6)	/* more than SG_IMAGE_MAX_BYTES */
#define SG_IMAGE_TOOWIDE	(-7)	/* a side above SG_IMAGE_MAX_SIDE */
#define SG_IMAGE_TOOMANYPIXELS	(-8)	/* above SG_IMAGE_MAX_PIXELS */
#define SG_IMAGE_UNDECODABLE	(-9)	/* util/photo.h: the decoder refused */
#define SG_IMAGE_NOMEM		(-10)	/* util/photo.h: out of memory */

enum sg_image_type {
	SG_IMAGE_NONE = 0,
	SG_IMAGE_PNG,
	SG_IMAGE_JPEG,
	SG_IMAGE_GIF,
	SG_IMAGE_WEBP
};

struct sg_image_info {
	enum sg_image_type	 type;
	const char		*mime;	/* "image/png", … */
	const char		*ext;	/* "png", "jpg", "gif", "webp" */
	uint32_t		 width;
	uint32_t		 height;
};

/*
 * Identify len bytes of data and read the dimensions into *info.  Checks
 * the format's own rules (PNG: signature, IHDR with valid fields and CRC,
 * chunk layout up to IEND with image data; JPEG: markers up to the first
 * SOFn; GIF: header and logical screen; WebP: RIFF container and its
 * VP8/VP8L/VP8X header) and refuses zero dimensions.  Does not apply the
 * SG_IMAGE_MAX_* limits.  On failure *info has type SG_IMAGE_NONE and
 * NULL strings.
 */
int		 sg_image_probe(const void *data, size_t len,
		    struct sg_image_info *info);

/* Whether a probed image of len bytes is within the SG_IMAGE_MAX_* limits. */
int		 sg_image_check_limits(const struct sg_image_info *info,
		    size_t len);

/* sg_image_probe() then sg_image_check_limits(); refuses >2 MiB first. */
int		 sg_image_inspect(const void *data, size_t len,
		    struct sg_image_info *info);

/*
 * sg_image_inspect() with max_bytes in place of SG_IMAGE_MAX_BYTES (the
 * other SG_IMAGE_MAX_* limits apply as they are).
 */
int		 sg_image_inspect_max(const void *data, size_t len,
		    size_t max_bytes, struct sg_image_info *info);

/*
 * The EXIF Orientation (1-8) of a JPEG: the tag 0x0112 of IFD0 in the first
 * APP1 "Exif" segment before the image data; 1 (upright) when there is none
 * or it cannot be read.  Every offset is checked: any byte string is safe.
 */
int		 sg_image_jpeg_orientation(const void *data, size_t len);

/* A static English sentence describing an SG_IMAGE_* code. */
const char	*sg_image_strerror(int code);

#endif
