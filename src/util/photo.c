/* photo.c — see photo.h.  The only file that includes libgd. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>
#include <gd_errors.h>

#include "util/image.h"
#include "util/photo.h"

#define PHOTO_JPEG_QUALITY	85
#define PHOTO_WEBP_QUALITY	82

/* libgd reports decoder trouble on stderr; the caller gets our code. */
static void
photo_quiet(int priority, const char *fmt, va_list ap)
{
	(void)priority;
	(void)fmt;
	(void)ap;
}

int
sg_photo_gif_frame(const void *data, size_t len, uint32_t *width,
    uint32_t *height)
{
	const unsigned char	*p = data;
	size_t			 off = 13;

	if (len < 13 || memcmp(p, "GIF8", 4) != 0)
		return SG_IMAGE_UNKNOWN;
	if (p[10] & 0x80)			/* global colour table */
		off += (size_t)3 << ((p[10] & 7) + 1);
	for (;;) {
		if (off >= len)
			return SG_IMAGE_TRUNCATED;
		if (p[off] == 0x2c) {		/* image descriptor */
			if (off + 10 > len)
				return SG_IMAGE_TRUNCATED;
			*width = (uint32_t)p[off + 5] | (uint32_t)p[off + 6] << 8;
			*height = (uint32_t)p[off + 7] | (uint32_t)p[off + 8] << 8;
			return *width == 0 || *height == 0 ? SG_IMAGE_ZERODIM :
			    SG_IMAGE_OK;
		}
		if (p[off] != 0x21)		/* not an extension */
			return SG_IMAGE_CORRUPT;
		off += 2;			/* introducer, label */
		for (;;) {			/* data sub-blocks */
			if (off >= len)
				return SG_IMAGE_TRUNCATED;
			if (p[off] == 0) {
				off++;
				break;
			}
			off += 1 + (size_t)p[off];
		}
	}
}

static gdImagePtr
photo_decode(const struct sg_image_info *info, const void *data, size_t len)
{
	void	*d = (void *)(uintptr_t)data;	/* libgd does not write it */
	int	 n = (int)len;

	switch (info->type) {
	case SG_IMAGE_JPEG:
		return gdImageCreateFromJpegPtr(n, d);
	case SG_IMAGE_PNG:
		return gdImageCreateFromPngPtr(n, d);
	case SG_IMAGE_GIF:
		return gdImageCreateFromGifPtr(n, d);
	case SG_IMAGE_WEBP:
		return gdImageCreateFromWebpPtr(n, d);
	default:
		return NULL;
	}
}

/* A true-colour copy of im turned by the EXIF orientation o (2-8). */
static gdImagePtr
photo_orient(gdImagePtr im, int o)
{
	gdImagePtr	 out;
	int		 w = gdImageSX(im), h = gdImageSY(im), x, y, dx, dy;
	int		 swap = o >= 5;

	if ((out = gdImageCreateTrueColor(swap ? h : w, swap ? w : h)) == NULL)
		return NULL;
	gdImageAlphaBlending(out, 0);
	gdImageSaveAlpha(out, 1);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			switch (o) {
			case 2: dx = w - 1 - x; dy = y; break;
			case 3: dx = w - 1 - x; dy = h - 1 - y; break;
			case 4: dx = x; dy = h - 1 - y; break;
			case 5: dx = y; dy = x; break;
			case 6: dx = h - 1 - y; dy = x; break;
			case 7: dx = h - 1 - y; dy = w - 1 - x; break;
			default: dx = y; dy = w - 1 - x; break;	/* 8 */
			}
			gdImageSetPixel(out, dx, dy,
			    gdImageGetTrueColorPixel(im, x, y));
		}
	return out;
}

/* im scaled so that its longest side is at most side (never enlarged). */
static gdImagePtr
photo_scale(gdImagePtr im, unsigned side)
{
	gdImagePtr	 out;
	int		 w = gdImageSX(im), h = gdImageSY(im), nw, nh;

	if ((unsigned)w <= side && (unsigned)h <= side) {
		nw = w;
		nh = h;
	} else if (w >= h) {
		nw = (int)side;
		nh = (int)(((long long)h * side + w / 2) / w);
	} else {
		nh = (int)side;
		nw = (int)(((long long)w * side + h / 2) / h);
	}
	if (nw < 1)
		nw = 1;
	if (nh < 1)
		nh = 1;
	if ((out = gdImageCreateTrueColor(nw, nh)) == NULL)
		return NULL;
	gdImageAlphaBlending(out, 0);
	gdImageSaveAlpha(out, 1);
	gdImageCopyResampled(out, im, 0, 0, 0, 0, nw, nh, w, h);
	return out;
}

static int
photo_encode(gdImagePtr im, enum sg_image_type type, struct sg_photo *out)
{
	gdImagePtr	 pal;
	void	*p;
	int	 n = 0;

	switch (type) {
	case SG_IMAGE_JPEG:
		p = gdImageJpegPtr(im, &n, PHOTO_JPEG_QUALITY);
		out->ext = "jpg";
		out->mime = "image/jpeg";
		break;
	case SG_IMAGE_WEBP:
		p = gdImageWebpPtrEx(im, &n, PHOTO_WEBP_QUALITY);
		out->ext = "webp";
		out->mime = "image/webp";
		break;
	case SG_IMAGE_GIF:
		/* 256 colours again, dithered; its transparency kept. */
		if ((pal = gdImageCreatePaletteFromTrueColor(im, 1, 256)) == NULL)
			return SG_IMAGE_NOMEM;
		p = gdImageGifPtr(pal, &n);
		gdImageDestroy(pal);
		out->ext = "gif";
		out->mime = "image/gif";
		break;
	default:
		p = gdImagePngPtr(im, &n);
		out->ext = "png";
		out->mime = "image/png";
		break;
	}
	if (p == NULL || n <= 0) {
		gdFree(p);
		return SG_IMAGE_NOMEM;
	}
	if ((out->data = malloc((size_t)n)) == NULL) {
		gdFree(p);
		return SG_IMAGE_NOMEM;
	}
	memcpy(out->data, p, (size_t)n);
	gdFree(p);
	out->len = (size_t)n;
	out->width = (uint32_t)gdImageSX(im);
	out->height = (uint32_t)gdImageSY(im);
	return SG_IMAGE_OK;
}

int
sg_photo_make(const void *data, size_t len, size_t max_bytes,
    struct sg_photo *web, struct sg_photo *thumb)
{
	struct sg_image_info	 info;
	gdImagePtr		 im = NULL, tmp, w = NULL, t = NULL;
	uint32_t		 fw, fh;
	int			 rc, o = 1;

	memset(web, 0, sizeof(*web));
	memset(thumb, 0, sizeof(*thumb));
	if ((rc = sg_image_inspect_max(data, len, max_bytes, &info)) != 0)
		return rc;
	if (len > (size_t)0x7fffffff)
		return SG_IMAGE_TOOLARGE;
	if (info.type == SG_IMAGE_GIF) {
		if ((rc = sg_photo_gif_frame(data, len, &fw, &fh)) != 0)
			return rc;
		if (fw > info.width || fh > info.height)
			return SG_IMAGE_CORRUPT;
	}
	gdSetErrorMethod(photo_quiet);
	if ((im = photo_decode(&info, data, len)) == NULL)
		return SG_IMAGE_UNDECODABLE;
	/* What was decoded must be what was bounded. */
	if ((uint32_t)gdImageSX(im) > info.width ||
	    (uint32_t)gdImageSY(im) > info.height) {
		rc = SG_IMAGE_CORRUPT;
		goto out;
	}
	if (!gdImageTrueColor(im) && !gdImagePaletteToTrueColor(im)) {
		rc = SG_IMAGE_NOMEM;
		goto out;
	}
	if (info.type == SG_IMAGE_JPEG)
		o = sg_image_jpeg_orientation(data, len);
	rc = SG_IMAGE_NOMEM;
	if ((w = photo_scale(im, SG_PHOTO_WEB_SIDE)) == NULL)
		goto out;
	if (o != 1) {
		if ((tmp = photo_orient(w, o)) == NULL)
			goto out;
		gdImageDestroy(w);
		w = tmp;
	}
	if ((t = photo_scale(w, SG_PHOTO_THUMB_SIDE)) == NULL)
		goto out;
	if ((rc = photo_encode(w, info.type, web)) != 0 ||
	    (rc = photo_encode(t, info.type, thumb)) != 0) {
		sg_photo_free(web);
		sg_photo_free(thumb);
	}
out:
	if (t != NULL)
		gdImageDestroy(t);
	if (w != NULL)
		gdImageDestroy(w);
	gdImageDestroy(im);
	return rc;
}

void
sg_photo_free(struct sg_photo *p)
{
	free(p->data);
	memset(p, 0, sizeof(*p));
}
