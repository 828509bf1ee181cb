/*
 * photo_sample.h — test photos made with libgd: a JPEG like a phone's, with
 * an EXIF block (orientation and a GPS position) spliced in after SOI.
 * Header-only (static functions) for tests/unit/test_image.c and the
 * integration tests.
 */
#ifndef SG_TESTS_PHOTO_SAMPLE_H
#define SG_TESTS_PHOTO_SAMPLE_H

#include <stdlib.h>
#include <string.h>

#include <gd.h>

/* The GPS latitude's text marker, looked for in what is stored. */
#define PHOTO_SAMPLE_MARKER	"GPS-52.5200N"

/*
 * A w x h JPEG (noise when noisy, else a gradient) at quality q with EXIF
 * orientation o and a GPS IFD; malloc'd, its length in *len.
 */
static unsigned char *
photo_sample_jpeg(int w, int h, int noisy, int q, int o, size_t *len)
{
	static const unsigned char tiff[] = {
		'I', 'I', 0x2a, 0, 8, 0, 0, 0,
		2, 0,					/* IFD0: 2 entries */
		0x12, 0x01, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0,	/* Orientation */
		0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0,	/* GPS IFD at 38 */
		0, 0, 0, 0,
		1, 0,					/* GPS IFD: 1 entry */
		0x02, 0, 5, 0, 3, 0, 0, 0, 56, 0, 0, 0,	/* GPSLatitude */
		0, 0, 0, 0,
		52, 0, 0, 0, 1, 0, 0, 0, 31, 0, 0, 0, 1, 0, 0, 0,
		12, 0, 0, 0, 1, 0, 0, 0,
	};
	gdImagePtr	 im;
	unsigned char	*j, *out, seg[4 + 6 + sizeof(tiff) + 16];
	unsigned	 seed = 12345;
	int		 x, y, n = 0;
	size_t		 slen;

	if ((im = gdImageCreateTrueColor(w, h)) == NULL)
		return NULL;
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			if (noisy) {
				seed = seed * 1103515245u + 12345u;
				gdImageSetPixel(im, x, y, (int)(seed >> 8) & 0xffffff);
			} else
				gdImageSetPixel(im, x, y, gdTrueColor(x * 255 / w,
				    y * 255 / h, 128));
		}
	j = gdImageJpegPtr(im, &n, q);
	gdImageDestroy(im);
	if (j == NULL)
		return NULL;
	slen = 2 + 6 + sizeof(tiff) + 16;
	seg[0] = 0xff;
	seg[1] = 0xe1;
	seg[2] = (unsigned char)(slen >> 8);
	seg[3] = (unsigned char)slen;
	memcpy(seg + 4, "Exif\0\0", 6);
	memcpy(seg + 10, tiff, sizeof(tiff));
	seg[10 + 18] = (unsigned char)o;
	memcpy(seg + 10 + sizeof(tiff), PHOTO_SAMPLE_MARKER "\0\0\0\0", 16);
	*len = (size_t)n + 2 + slen;
	if ((out = malloc(*len)) != NULL) {
		memcpy(out, j, 2);
		memcpy(out + 2, seg, 2 + slen);
		memcpy(out + 4 + slen, j + 2, (size_t)n - 2);
	}
	gdFree(j);
	return out;
}

/* Whether a JPEG has an APP1 segment or the marker text anywhere. */
static int
photo_sample_has_exif(const unsigned char *p, size_t len)
{
	size_t	 i, m = strlen(PHOTO_SAMPLE_MARKER);

	for (i = 0; i + 1 < len; i++) {
		if (p[i] == 0xff && p[i + 1] == 0xe1)
			return 1;
		if (i + m <= len && memcmp(p + i, PHOTO_SAMPLE_MARKER, m) == 0)
			return 1;
		if (i + 4 <= len && memcmp(p + i, "Exif", 4) == 0)
			return 1;
	}
	return 0;
}

#endif
