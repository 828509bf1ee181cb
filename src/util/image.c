/* image.c — image type and size from the bytes; see image.h. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "util/image.h"

static const unsigned char png_sig[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};

static uint32_t
img_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
img_be16(const unsigned char *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
img_le16(const unsigned char *p)
{
	return (uint32_t)p[1] << 8 | p[0];
}

static uint32_t
img_le24(const unsigned char *p)
{
	return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t
img_le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | img_le24(p);
}

/* Whether the first min(len, n) bytes of p equal those of sig. */
static int
img_prefix(const unsigned char *p, size_t len, const void *sig, size_t n)
{
	return memcmp(p, sig, len < n ? len : n) == 0;
}

/* CRC-32 as used by PNG (ISO 3309, reflected, poly 0xedb88320). */
static uint32_t
img_crc32(const unsigned char *p, size_t n)
{
	uint32_t	 c = 0xffffffffu;
	size_t		 i;
	int		 k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return c ^ 0xffffffffu;
}

/* Whether PNG allows bit depth d with colour type t. */
static int
png_depth_ok(unsigned t, unsigned d)
{
	switch (t) {
	case 0:
		return d == 1 || d == 2 || d == 4 || d == 8 || d == 16;
	case 3:
		return d == 1 || d == 2 || d == 4 || d == 8;
	case 2:
	case 4:
	case 6:
		return d == 8 || d == 16;
	default:
		return 0;
	}
}

static int
png_type_ok(const unsigned char *t)
{
	int	 i;

	for (i = 0; i < 4; i++)
		if (!((t[i] >= 'A' && t[i] <= 'Z') ||
		    (t[i] >= 'a' && t[i] <= 'z')))
			return 0;
	return 1;
}

/*
 * PNG: the signature, then IHDR (length 13, valid fields, correct CRC),
 * then chunks whose lengths must fit the data, up to IEND with at least
 * one IDAT before it.  Chunk CRCs other than IHDR's are not checked.
 */
static int
img_png(const unsigned char *p, size_t len, struct sg_image_info *info)
{
	size_t		 off;
	uint32_t	 clen;
	int		 idat = 0;

	if (len < 33)
		return SG_IMAGE_TRUNCATED;
	if (img_be32(p + 8) != 13 || memcmp(p + 12, "IHDR", 4) != 0)
		return SG_IMAGE_CORRUPT;
	if (img_crc32(p + 12, 17) != img_be32(p + 29))
		return SG_IMAGE_CORRUPT;
	info->width = img_be32(p + 16);
	info->height = img_be32(p + 20);
	if (info->width > 0x7fffffffu || info->height > 0x7fffffffu ||
	    !png_depth_ok(p[25], p[24]) || p[26] != 0 || p[27] != 0 ||
	    p[28] > 1)
		return SG_IMAGE_CORRUPT;
	if (info->width == 0 || info->height == 0)
		return SG_IMAGE_ZERODIM;
	for (off = 33;; off += 12 + (size_t)clen) {
		if (len - off < 12)
			return SG_IMAGE_TRUNCATED;
		clen = img_be32(p + off);
		if (clen > 0x7fffffffu || !png_type_ok(p + off + 4) ||
		    memcmp(p + off + 4, "IHDR", 4) == 0)
			return SG_IMAGE_CORRUPT;
		if (clen > len - off - 12)
			return SG_IMAGE_TRUNCATED;
		if (memcmp(p + off + 4, "IDAT", 4) == 0)
			idat = 1;
		else if (memcmp(p + off + 4, "IEND", 4) == 0)
			return idat ? SG_IMAGE_OK : SG_IMAGE_CORRUPT;
	}
}

/* GIF: "GIF87a"/"GIF89a" and the logical screen descriptor. */
static int
img_gif(const unsigned char *p, size_t len, struct sg_image_info *info)
{
	if (len < 13)
		return SG_IMAGE_TRUNCATED;
	info->width = img_le16(p + 6);
	info->height = img_le16(p + 8);
	if (info->width == 0 || info->height == 0)
		return SG_IMAGE_ZERODIM;
	return SG_IMAGE_OK;
}

/* Whether JPEG marker m is a start-of-frame carrying the dimensions. */
static int
jpeg_is_sof(unsigned m)
{
	return m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 &&
	    m != 0xcc;
}

/*
 * JPEG: SOI, then marker segments up to the first SOFn.  Any number of
 * 0xff fill bytes may precede a marker; TEM and RST0-7 stand alone, every
 * other marker carries a length.  EOI, SOS or a second SOI before the
 * frame header, or anything but 0xff where a marker belongs, is corrupt.
 */
static int
img_jpeg(const unsigned char *p, size_t len, struct sg_image_info *info)
{
	size_t		 off = 2, seglen;
	unsigned	 m, nf;

	for (;;) {
		if (off >= len)
			return SG_IMAGE_TRUNCATED;
		if (p[off] != 0xff)
			return SG_IMAGE_CORRUPT;
		while (off < len && p[off] == 0xff)
			off++;
		if (off >= len)
			return SG_IMAGE_TRUNCATED;
		m = p[off++];
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd7))
			continue;
		if (m == 0x00 || m == 0xd8 || m == 0xd9 || m == 0xda)
			return SG_IMAGE_CORRUPT;
		if (len - off < 2)
			return SG_IMAGE_TRUNCATED;
		seglen = img_be16(p + off);
		if (seglen < 2)
			return SG_IMAGE_CORRUPT;
		if (jpeg_is_sof(m)) {
			/* length, precision, height, width, components */
			if (seglen < 8)
				return SG_IMAGE_CORRUPT;
			if (len - off < 8)
				return SG_IMAGE_TRUNCATED;
			info->height = img_be16(p + off + 3);
			info->width = img_be16(p + off + 5);
			nf = p[off + 7];
			if (nf == 0 || seglen < 8 + 3 * (size_t)nf)
				return SG_IMAGE_CORRUPT;
			if (info->width == 0 || info->height == 0)
				return SG_IMAGE_ZERODIM;
			return SG_IMAGE_OK;
		}
		if (len - off < seglen)
			return SG_IMAGE_TRUNCATED;
		off += seglen;
	}
}

/*
 * WebP: a RIFF container of type WEBP whose declared size fits the data,
 * whose first chunk is VP8 (lossy key frame), VP8L (lossless, version 0)
 * or VP8X (extended; canvas size).
 */
static int
img_webp(const unsigned char *p, size_t len, struct sg_image_info *info)
{
	const unsigned char	*d;
	uint32_t		 riff, clen, bits;

	if (len < 20)
		return SG_IMAGE_TRUNCATED;
	riff = img_le32(p + 4);
	if (riff < 12)
		return SG_IMAGE_CORRUPT;
	if (riff > len - 8)
		return SG_IMAGE_TRUNCATED;
	clen = img_le32(p + 16);
	if (clen > riff - 12)
		return clen > len - 20 ? SG_IMAGE_TRUNCATED :
		    SG_IMAGE_CORRUPT;
	d = p + 20;
	if (memcmp(p + 12, "VP8 ", 4) == 0) {
		if (clen < 10)
			return SG_IMAGE_CORRUPT;
		if ((d[0] & 1) != 0 || d[3] != 0x9d || d[4] != 0x01 ||
		    d[5] != 0x2a)
			return SG_IMAGE_CORRUPT;
		info->width = img_le16(d + 6) & 0x3fff;
		info->height = img_le16(d + 8) & 0x3fff;
	} else if (memcmp(p + 12, "VP8L", 4) == 0) {
		if (clen < 5)
			return SG_IMAGE_CORRUPT;
		bits = img_le32(d + 1);
		if (d[0] != 0x2f || (bits >> 29) != 0)
			return SG_IMAGE_CORRUPT;
		info->width = (bits & 0x3fff) + 1;
		info->height = ((bits >> 14) & 0x3fff) + 1;
	} else if (memcmp(p + 12, "VP8X", 4) == 0) {
		if (clen < 10)
			return SG_IMAGE_CORRUPT;
		info->width = img_le24(d + 4) + 1;
		info->height = img_le24(d + 7) + 1;
	} else
		return SG_IMAGE_CORRUPT;
	if (info->width == 0 || info->height == 0)
		return SG_IMAGE_ZERODIM;
	return SG_IMAGE_OK;
}

static void
img_clear(struct sg_image_info *info)
{
	info->type = SG_IMAGE_NONE;
	info->mime = NULL;
	info->ext = NULL;
	info->width = info->height = 0;
}

int
sg_image_probe(const void *data, size_t len, struct sg_image_info *info)
{
	const unsigned char	*p = data;
	enum sg_image_type	 type;
	int			 rc;

	img_clear(info);
	if (len == 0 || data == NULL)
		return SG_IMAGE_EMPTY;
	if (img_prefix(p, len, png_sig, sizeof(png_sig))) {
		type = SG_IMAGE_PNG;
		rc = len < sizeof(png_sig) ? SG_IMAGE_TRUNCATED :
		    img_png(p, len, info);
	} else if (img_prefix(p, len, "\xff\xd8\xff", 3)) {
		type = SG_IMAGE_JPEG;
		rc = len < 3 ? SG_IMAGE_TRUNCATED : img_jpeg(p, len, info);
	} else if (img_prefix(p, len, "GIF87a", 6) ||
	    img_prefix(p, len, "GIF89a", 6)) {
		type = SG_IMAGE_GIF;
		rc = len < 6 ? SG_IMAGE_TRUNCATED : img_gif(p, len, info);
	} else if (img_prefix(p, len, "RIFF", 4) &&
	    (len <= 8 || img_prefix(p + 8, len - 8, "WEBP", 4))) {
		type = SG_IMAGE_WEBP;
		rc = len < 12 ? SG_IMAGE_TRUNCATED : img_webp(p, len, info);
	} else
		return SG_IMAGE_UNKNOWN;
	if (rc != SG_IMAGE_OK) {
		img_clear(info);
		return rc;
	}
	info->type = type;
	switch (type) {
	case SG_IMAGE_PNG:
		info->mime = "image/png";
		info->ext = "png";
		break;
	case SG_IMAGE_JPEG:
		info->mime = "image/jpeg";
		info->ext = "jpg";
		break;
	case SG_IMAGE_GIF:
		info->mime = "image/gif";
		info->ext = "gif";
		break;
	default:
		info->mime = "image/webp";
		info->ext = "webp";
		break;
	}
	return SG_IMAGE_OK;
}

/* The limits on an image's dimensions. */
static int
img_check_sides(const struct sg_image_info *info)
{
	if (info->width > SG_IMAGE_MAX_SIDE || info->height > SG_IMAGE_MAX_SIDE)
		return SG_IMAGE_TOOWIDE;
	if ((uint64_t)info->width * info->height > SG_IMAGE_MAX_PIXELS)
		return SG_IMAGE_TOOMANYPIXELS;
	return SG_IMAGE_OK;
}

int
sg_image_check_limits(const struct sg_image_info *info, size_t len)
{
	if (len > SG_IMAGE_MAX_BYTES)
		return SG_IMAGE_TOOLARGE;
	return img_check_sides(info);
}

int
sg_image_inspect_max(const void *data, size_t len, size_t max_bytes,
    struct sg_image_info *info)
{
	int	 rc;

	img_clear(info);
	if (len > max_bytes)
		return SG_IMAGE_TOOLARGE;
	if ((rc = sg_image_probe(data, len, info)) != SG_IMAGE_OK)
		return rc;
	return img_check_sides(info);
}

int
sg_image_inspect(const void *data, size_t len, struct sg_image_info *info)
{
	return sg_image_inspect_max(data, len, SG_IMAGE_MAX_BYTES, info);
}

/* A 16- or 32-bit TIFF value at p in the byte order le (1: "II"). */
static uint32_t
tiff_u16(const unsigned char *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 :
	    (uint32_t)p[0] << 8 | (uint32_t)p[1];
}

static uint32_t
tiff_u32(const unsigned char *p, int le)
{
	return le ? tiff_u16(p, 1) | tiff_u16(p + 2, 1) << 16 :
	    tiff_u16(p, 0) << 16 | tiff_u16(p + 2, 0);
}

/* The Orientation in a TIFF block t of n bytes (the EXIF payload). */
static int
exif_orientation(const unsigned char *t, size_t n)
{
	uint32_t	 ifd, count, i, v;
	int		 le;

	if (n < 8)
		return 1;
	if (t[0] == 'I' && t[1] == 'I')
		le = 1;
	else if (t[0] == 'M' && t[1] == 'M')
		le = 0;
	else
		return 1;
	if (tiff_u16(t + 2, le) != 42)
		return 1;
	ifd = tiff_u32(t + 4, le);
	if (ifd > n - 2)
		return 1;
	count = tiff_u16(t + ifd, le);
	for (i = 0; i < count; i++) {
		size_t	 e = (size_t)ifd + 2 + (size_t)i * 12;

		if (e + 12 > n)
			return 1;
		if (tiff_u16(t + e, le) != 0x0112)
			continue;
		if (tiff_u16(t + e + 2, le) != 3)	/* SHORT */
			return 1;
		v = tiff_u16(t + e + 8, le);
		return v >= 1 && v <= 8 ? (int)v : 1;
	}
	return 1;
}

int
sg_image_jpeg_orientation(const void *data, size_t len)
{
	const unsigned char	*p = data;
	size_t			 off = 2, seg;
	unsigned		 marker;

	if (data == NULL || len < 4 || p[0] != 0xff || p[1] != 0xd8)
		return 1;
	while (off + 4 <= len) {
		if (p[off] != 0xff)
			return 1;
		marker = p[off + 1];
		if (marker == 0xff) {		/* fill byte */
			off++;
			continue;
		}
		if (marker == 0xda || marker == 0xd9 ||
		    (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 &&
		    marker != 0xc8 && marker != 0xcc))
			return 1;		/* image data: no EXIF before */
		if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			off += 2;
			continue;
		}
		seg = (size_t)p[off + 2] << 8 | p[off + 3];
		if (seg < 2 || seg > len - off - 2)
			return 1;
		if (marker == 0xe1 && seg >= 2 + 6 + 8 &&
		    memcmp(p + off + 4, "Exif\0\0", 6) == 0)
			return exif_orientation(p + off + 10, seg - 8);
		off += 2 + seg;
	}
	return 1;
}

const char *
sg_image_strerror(int code)
{
	switch (code) {
	case SG_IMAGE_OK:
		return "no error";
	case SG_IMAGE_EMPTY:
		return "the file is empty";
	case SG_IMAGE_UNKNOWN:
		return "the file is not a PNG, JPEG, GIF or WebP image";
	case SG_IMAGE_TRUNCATED:
		return "the image file is incomplete";
	case SG_IMAGE_CORRUPT:
		return "the image file is damaged";
	case SG_IMAGE_ZERODIM:
		return "the image has no width or no height";
	case SG_IMAGE_TOOLARGE:
		return "the image file is larger than 2 MiB";
	case SG_IMAGE_TOOWIDE:
		return "the image is wider or taller than 10000 pixels";
	case SG_IMAGE_TOOMANYPIXELS:
		return "the image has more than 40 megapixels";
	case SG_IMAGE_UNDECODABLE:
		return "the image file is damaged or uses a variant we cannot read";
	case SG_IMAGE_NOMEM:
		return "the image could not be processed (out of memory)";
	default:
		return "unknown image error";
	}
}
