/* test_image.c — unit tests for util/image. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>

#include "unit/unit.h"

#include "util/image.h"
#include "util/photo.h"

#include "unit/photo_sample.h"

/* ---- files in tests/data/images ---- */

struct file_case {
	const char		*file;
	int			 probe_rc;	/* sg_image_probe() */
	int			 inspect_rc;	/* sg_image_inspect() */
	enum sg_image_type	 type;
	const char		*mime;
	const char		*ext;
	uint32_t		 w, h;
};

static const struct file_case file_cases[] = {
	{ "ok-7x5.png", SG_IMAGE_OK, SG_IMAGE_OK, SG_IMAGE_PNG,
	  "image/png", "png", 7, 5 },
	{ "ok-9x4.jpg", SG_IMAGE_OK, SG_IMAGE_OK, SG_IMAGE_JPEG,
	  "image/jpeg", "jpg", 9, 4 },
	{ "ok-progressive-9x4.jpg", SG_IMAGE_OK, SG_IMAGE_OK, SG_IMAGE_JPEG,
	  "image/jpeg", "jpg", 9, 4 },
	{ "ok-6x3.gif", SG_IMAGE_OK, SG_IMAGE_OK, SG_IMAGE_GIF,
	  "image/gif", "gif", 6, 3 },
	{ "ok-lossy-7x5.webp", SG_IMAGE_OK, SG_IMAGE_OK, SG_IMAGE_WEBP,
	  "image/webp", "webp", 7, 5 },
	{ "ok-lossless-7x5.webp", SG_IMAGE_OK, SG_IMAGE_OK, SG_IMAGE_WEBP,
	  "image/webp", "webp", 7, 5 },
	{ "ok-alpha-11x13.webp", SG_IMAGE_OK, SG_IMAGE_OK, SG_IMAGE_WEBP,
	  "image/webp", "webp", 11, 13 },
	{ "bad-huge-100000x100000.png", SG_IMAGE_OK, SG_IMAGE_TOOWIDE,
	  SG_IMAGE_PNG, "image/png", "png", 100000, 100000 },
	{ "bad-ihdr-crc.png", SG_IMAGE_CORRUPT, SG_IMAGE_CORRUPT,
	  SG_IMAGE_NONE, NULL, NULL, 0, 0 },
	{ "bad-truncated.png", SG_IMAGE_TRUNCATED, SG_IMAGE_TRUNCATED,
	  SG_IMAGE_NONE, NULL, NULL, 0, 0 },
	{ "bad-text.png", SG_IMAGE_UNKNOWN, SG_IMAGE_UNKNOWN,
	  SG_IMAGE_NONE, NULL, NULL, 0, 0 },
	{ "bad-vector.svg", SG_IMAGE_UNKNOWN, SG_IMAGE_UNKNOWN,
	  SG_IMAGE_NONE, NULL, NULL, 0, 0 },
	{ "bad-page.html.gif", SG_IMAGE_UNKNOWN, SG_IMAGE_UNKNOWN,
	  SG_IMAGE_NONE, NULL, NULL, 0, 0 },
	{ "bad-zero-width.gif", SG_IMAGE_ZERODIM, SG_IMAGE_ZERODIM,
	  SG_IMAGE_NONE, NULL, NULL, 0, 0 },
};

/* Read a test image; the caller frees the result. */
static unsigned char *
read_image(const char *name, size_t *lenp)
{
	const char	*srcdir;
	char		 path[1024];
	unsigned char	*data;
	FILE		*fp;
	long		 n;

	if ((srcdir = getenv("srcdir")) == NULL)
		srcdir = ".";
	snprintf(path, sizeof(path), "%s/tests/data/images/%s", srcdir, name);
	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0 ||
	    (data = malloc((size_t)n + 1)) == NULL) {
		fclose(fp);
		return NULL;
	}
	if (fread(data, 1, (size_t)n, fp) != (size_t)n) {
		free(data);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	*lenp = (size_t)n;
	return data;
}

static void
test_image_files(void)
{
	const struct file_case	*c;
	struct sg_image_info	 info;
	unsigned char		*data;
	size_t			 i, len, cut;
	int			 rc;

	for (i = 0; i < sizeof(file_cases) / sizeof(file_cases[0]); i++) {
		c = &file_cases[i];
		data = read_image(c->file, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		rc = sg_image_probe(data, len, &info);
		if (rc != c->probe_rc)
			fprintf(stderr, "%s: probe %d, want %d\n",
			    c->file, rc, c->probe_rc);
		CU_ASSERT_EQUAL(rc, c->probe_rc);
		CU_ASSERT_EQUAL(info.type, c->type);
		CU_ASSERT_EQUAL(info.width, c->w);
		CU_ASSERT_EQUAL(info.height, c->h);
		if (c->mime == NULL) {
			CU_ASSERT_PTR_NULL(info.mime);
			CU_ASSERT_PTR_NULL(info.ext);
		} else {
			CU_ASSERT_STRING_EQUAL(info.mime, c->mime);
			CU_ASSERT_STRING_EQUAL(info.ext, c->ext);
		}
		rc = sg_image_inspect(data, len, &info);
		if (rc != c->inspect_rc)
			fprintf(stderr, "%s: inspect %d, want %d\n",
			    c->file, rc, c->inspect_rc);
		CU_ASSERT_EQUAL(rc, c->inspect_rc);
		/* Every proper prefix of a good image is refused. */
		if (c->probe_rc == SG_IMAGE_OK && c->type != SG_IMAGE_JPEG &&
		    c->type != SG_IMAGE_GIF)
			for (cut = 1; cut < len; cut++) {
				rc = sg_image_probe(data, cut, &info);
				CU_ASSERT_EQUAL(rc, SG_IMAGE_TRUNCATED);
				if (rc != SG_IMAGE_TRUNCATED) {
					fprintf(stderr, "%s cut at %zu: %d\n",
					    c->file, cut, rc);
					break;
				}
			}
		free(data);
	}
}

/* ---- hand-made byte strings ---- */

struct bytes_case {
	const char	*what;
	const char	*data;
	size_t		 len;
	int		 rc;
	uint32_t	 w, h;
};

#define B(s) s, sizeof(s) - 1

/* A JPEG from SOI on; frames are 0xff 0xc0 len(11) P Y X Nf comp. */
#define SOI	"\xff\xd8"
#define APP0	"\xff\xe0\x00\x04\xaa\xbb"
#define SOF0_3x2 "\xff\xc0\x00\x0b\x08\x00\x02\x00\x03\x01\x01\x11\x00"

static const struct bytes_case byte_cases[] = {
	{ "empty", "", 0, SG_IMAGE_EMPTY, 0, 0 },
	{ "one unknown byte", B("x"), SG_IMAGE_UNKNOWN, 0, 0 },
	{ "html", B("<html><body>hi</body></html>"), SG_IMAGE_UNKNOWN, 0, 0 },
	{ "svg", B("<svg xmlns='http://www.w3.org/2000/svg'/>"),
	  SG_IMAGE_UNKNOWN, 0, 0 },
	{ "bmp", B("BM\x3a\0\0\0\0\0\0\0\x36\0\0\0"), SG_IMAGE_UNKNOWN, 0, 0 },
	{ "RIFF but WAVE", B("RIFF\x24\0\0\0WAVEfmt \x10\0\0\0"),
	  SG_IMAGE_UNKNOWN, 0, 0 },
	{ "GIF88a is no GIF", B("GIF88a\x01\0\x01\0\0\0\0"),
	  SG_IMAGE_UNKNOWN, 0, 0 },
	/* PNG */
	{ "png signature only", B("\x89PNG\r\n\x1a\n"),
	  SG_IMAGE_TRUNCATED, 0, 0 },
	{ "png signature prefix", B("\x89PN"), SG_IMAGE_TRUNCATED, 0, 0 },
	{ "png first chunk not IHDR",
	  B("\x89PNG\r\n\x1a\n\0\0\0\x0dIDAT\0\0\0\x07\0\0\0\x05\x08\x02"
	  "\0\0\0\0\0\0\0"), SG_IMAGE_CORRUPT, 0, 0 },
	{ "png IHDR length 12",
	  B("\x89PNG\r\n\x1a\n\0\0\0\x0cIHDR\0\0\0\x07\0\0\0\x05\x08\x02"
	  "\0\0\0\0\0\0\0"), SG_IMAGE_CORRUPT, 0, 0 },
	/* GIF */
	{ "gif87a 2x1", B("GIF87a\x02\0\x01\0\x80\0\0"), SG_IMAGE_OK, 2, 1 },
	{ "gif89a 65535x256", B("GIF89a\xff\xff\x00\x01\0\0\0"),
	  SG_IMAGE_OK, 65535, 256 },
	{ "gif zero height", B("GIF89a\x02\0\0\0\0\0\0"),
	  SG_IMAGE_ZERODIM, 0, 0 },
	{ "gif no screen descriptor", B("GIF89a\x02\0"),
	  SG_IMAGE_TRUNCATED, 0, 0 },
	{ "gif prefix", B("GIF8"), SG_IMAGE_TRUNCATED, 0, 0 },
	/* JPEG */
	{ "jpeg SOF0", B(SOI APP0 SOF0_3x2), SG_IMAGE_OK, 3, 2 },
	{ "jpeg SOF2 progressive",
	  B(SOI "\xff\xc2\x00\x0b\x08\x01\x00\x02\x00\x01\x01\x11\x00"),
	  SG_IMAGE_OK, 512, 256 },
	{ "jpeg SOF15", B(SOI "\xff\xcf\x00\x0b\x08\x00\x02\x00\x03\x01"
	  "\x01\x11\x00"), SG_IMAGE_OK, 3, 2 },
	{ "jpeg fill bytes before markers",
	  B(SOI "\xff\xff\xff\xe0\x00\x04\xaa\xbb\xff\xff" SOF0_3x2),
	  SG_IMAGE_OK, 3, 2 },
	{ "jpeg standalone RST0 and TEM",
	  B(SOI "\xff\xd0\xff\x01" APP0 SOF0_3x2), SG_IMAGE_OK, 3, 2 },
	{ "jpeg DHT is not a frame",
	  B(SOI "\xff\xc4\x00\x04\x00\x00" SOF0_3x2), SG_IMAGE_OK, 3, 2 },
	{ "jpeg JPG (0xc8) is not a frame",
	  B(SOI "\xff\xc8\x00\x04\x00\x00" SOF0_3x2), SG_IMAGE_OK, 3, 2 },
	{ "jpeg DAC is not a frame",
	  B(SOI "\xff\xcc\x00\x04\x00\x00" SOF0_3x2), SG_IMAGE_OK, 3, 2 },
	{ "jpeg segment with 0xffc0 inside its data",
	  B(SOI "\xff\xe1\x00\x06\xff\xc0\x00\x00" SOF0_3x2),
	  SG_IMAGE_OK, 3, 2 },
	{ "jpeg SOI only", B(SOI), SG_IMAGE_TRUNCATED, 0, 0 },
	{ "jpeg SOI and fill bytes", B(SOI "\xff\xff"),
	  SG_IMAGE_TRUNCATED, 0, 0 },
	{ "jpeg marker without length", B(SOI "\xff\xe0\x00"),
	  SG_IMAGE_TRUNCATED, 0, 0 },
	{ "jpeg segment longer than data", B(SOI "\xff\xe0\x00\x10\x00"),
	  SG_IMAGE_TRUNCATED, 0, 0 },
	{ "jpeg SOF cut in the height",
	  B(SOI "\xff\xc0\x00\x0b\x08\x00"), SG_IMAGE_TRUNCATED, 0, 0 },
	{ "jpeg SOF cut before components",
	  B(SOI "\xff\xc0\x00\x0b\x08\x00\x02\x00\x03"),
	  SG_IMAGE_TRUNCATED, 0, 0 },
	{ "jpeg SOF too short", B(SOI "\xff\xc0\x00\x07\x08\x00\x02\x00\x03"
	  "\x01"), SG_IMAGE_CORRUPT, 0, 0 },
	{ "jpeg SOF with 0 components", B(SOI "\xff\xc0\x00\x08\x08\x00\x02"
	  "\x00\x03\x00"), SG_IMAGE_CORRUPT, 0, 0 },
	{ "jpeg SOF components beyond length",
	  B(SOI "\xff\xc0\x00\x0b\x08\x00\x02\x00\x03\x03\x01\x11\x00"),
	  SG_IMAGE_CORRUPT, 0, 0 },
	{ "jpeg zero height (DNL)", B(SOI "\xff\xc0\x00\x0b\x08\x00\x00\x00"
	  "\x03\x01\x01\x11\x00"), SG_IMAGE_ZERODIM, 0, 0 },
	{ "jpeg garbage between segments", B(SOI APP0 "\x00" SOF0_3x2),
	  SG_IMAGE_CORRUPT, 0, 0 },
	{ "jpeg stuffed zero as marker", B(SOI "\xff\x00" SOF0_3x2),
	  SG_IMAGE_CORRUPT, 0, 0 },
	{ "jpeg EOI before frame", B(SOI "\xff\xd9"), SG_IMAGE_CORRUPT, 0, 0 },
	{ "jpeg SOS before frame", B(SOI "\xff\xda\x00\x02" SOF0_3x2),
	  SG_IMAGE_CORRUPT, 0, 0 },
	{ "jpeg second SOI", B(SOI SOI SOF0_3x2), SG_IMAGE_CORRUPT, 0, 0 },
	{ "jpeg segment length 1", B(SOI "\xff\xe0\x00\x01" SOF0_3x2),
	  SG_IMAGE_CORRUPT, 0, 0 },
	/* WebP: RIFF size, "WEBP", chunk fourcc, chunk size, data */
	{ "webp VP8L 1x1",
	  B("RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\0\0\0\0\0\0\0\0\0\0"),
	  SG_IMAGE_OK, 1, 1 },
	{ "webp VP8L 16384x16384",
	  B("RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\xff\xff\xff\x0f\0\0\0\0\0"
	  "\0\0\0\0"), SG_IMAGE_OK, 16384, 16384 },
	{ "webp VP8L bad version",
	  B("RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x20\0\0\0\0\0\0\0\0"
	  "\0"), SG_IMAGE_CORRUPT, 0, 0 },
	{ "webp VP8L bad signature byte",
	  B("RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2e\0\0\0\0\0\0\0\0\0\0\0\0\0"),
	  SG_IMAGE_CORRUPT, 0, 0 },
	{ "webp VP8 4x3",
	  B("RIFF\x16\0\0\0WEBPVP8 \x0a\0\0\0\x10\x02\0\x9d\x01\x2a\x04\0"
	  "\x03\0"), SG_IMAGE_OK, 4, 3 },
	{ "webp VP8 scale bits ignored",
	  B("RIFF\x16\0\0\0WEBPVP8 \x0a\0\0\0\x10\x02\0\x9d\x01\x2a\x04\xc0"
	  "\x03\x40"), SG_IMAGE_OK, 4, 3 },
	{ "webp VP8 not a key frame",
	  B("RIFF\x16\0\0\0WEBPVP8 \x0a\0\0\0\x11\x02\0\x9d\x01\x2a\x04\0"
	  "\x03\0"), SG_IMAGE_CORRUPT, 0, 0 },
	{ "webp VP8 bad start code",
	  B("RIFF\x16\0\0\0WEBPVP8 \x0a\0\0\0\x10\x02\0\x9d\x01\x2b\x04\0"
	  "\x03\0"), SG_IMAGE_CORRUPT, 0, 0 },
	{ "webp VP8 zero width",
	  B("RIFF\x16\0\0\0WEBPVP8 \x0a\0\0\0\x10\x02\0\x9d\x01\x2a\0\0"
	  "\x03\0"), SG_IMAGE_ZERODIM, 0, 0 },
	{ "webp VP8X 300x200",
	  B("RIFF\x16\0\0\0WEBPVP8X\x0a\0\0\0\x10\0\0\0\x2b\x01\0\xc7\0\0"),
	  SG_IMAGE_OK, 300, 200 },
	{ "webp unknown first chunk",
	  B("RIFF\x16\0\0\0WEBPVP9 \x0a\0\0\0\x10\0\0\0\x2b\x01\0\xc7\0\0"),
	  SG_IMAGE_CORRUPT, 0, 0 },
	{ "webp RIFF size beyond data",
	  B("RIFF\x40\0\0\0WEBPVP8X\x0a\0\0\0\x10\0\0\0\x2b\x01\0\xc7\0\0"),
	  SG_IMAGE_TRUNCATED, 0, 0 },
	{ "webp chunk beyond RIFF",
	  B("RIFF\x16\0\0\0WEBPVP8X\x0b\0\0\0\x10\0\0\0\x2b\x01\0\xc7\0\0\0"),
	  SG_IMAGE_CORRUPT, 0, 0 },
	{ "webp RIFF size too small",
	  B("RIFF\x04\0\0\0WEBPVP8X\x0a\0\0\0\x10\0\0\0\x2b\x01\0\xc7\0\0"),
	  SG_IMAGE_CORRUPT, 0, 0 },
	{ "webp header only", B("RIFF\x04\0\0\0WEBP"),
	  SG_IMAGE_TRUNCATED, 0, 0 },
	{ "webp RIFF prefix", B("RIFF\x04\0"), SG_IMAGE_TRUNCATED, 0, 0 },
};

static void
test_image_bytes(void)
{
	const struct bytes_case	*c;
	struct sg_image_info	 info;
	size_t			 i;
	int			 rc;

	for (i = 0; i < sizeof(byte_cases) / sizeof(byte_cases[0]); i++) {
		c = &byte_cases[i];
		rc = sg_image_probe(c->data, c->len, &info);
		if (rc != c->rc || info.width != c->w || info.height != c->h)
			fprintf(stderr, "%s: rc %d (%s) %ux%u, want %d %ux%u\n",
			    c->what, rc, sg_image_strerror(rc),
			    (unsigned)info.width, (unsigned)info.height,
			    c->rc, (unsigned)c->w, (unsigned)c->h);
		CU_ASSERT_EQUAL(rc, c->rc);
		CU_ASSERT_EQUAL(info.width, c->w);
		CU_ASSERT_EQUAL(info.height, c->h);
		CU_ASSERT_EQUAL(info.type == SG_IMAGE_NONE, rc != SG_IMAGE_OK);
	}
}

/* ---- the limits, on their own ---- */

struct limit_case {
	const char	*what;
	uint32_t	 w, h;
	size_t		 len;
	int		 rc;
};

static const struct limit_case limit_cases[] = {
	{ "small", 640, 480, 1000, SG_IMAGE_OK },
	{ "exactly 2 MiB", 10, 10, SG_IMAGE_MAX_BYTES, SG_IMAGE_OK },
	{ "one byte over 2 MiB", 10, 10, SG_IMAGE_MAX_BYTES + 1,
	  SG_IMAGE_TOOLARGE },
	{ "width at the limit", SG_IMAGE_MAX_SIDE, 1, 10, SG_IMAGE_OK },
	{ "width over the limit", SG_IMAGE_MAX_SIDE + 1, 1, 10,
	  SG_IMAGE_TOOWIDE },
	{ "height over the limit", 1, SG_IMAGE_MAX_SIDE + 1, 10,
	  SG_IMAGE_TOOWIDE },
	{ "exactly 40 megapixels", 8000, 5000, 10, SG_IMAGE_OK },
	{ "just over 40 megapixels", 8001, 5000, 10,
	  SG_IMAGE_TOOMANYPIXELS },
	{ "10000 x 10000", 10000, 10000, 10, SG_IMAGE_TOOMANYPIXELS },
	{ "overflowing sides", 0xffffffffu, 0xffffffffu, 10,
	  SG_IMAGE_TOOWIDE },
};

static void
test_image_limits(void)
{
	struct sg_image_info	 info;
	size_t			 i;

	memset(&info, 0, sizeof(info));
	info.type = SG_IMAGE_PNG;
	for (i = 0; i < sizeof(limit_cases) / sizeof(limit_cases[0]); i++) {
		info.width = limit_cases[i].w;
		info.height = limit_cases[i].h;
		if (sg_image_check_limits(&info, limit_cases[i].len) !=
		    limit_cases[i].rc)
			fprintf(stderr, "limit case failed: %s\n",
			    limit_cases[i].what);
		CU_ASSERT_EQUAL(sg_image_check_limits(&info,
		    limit_cases[i].len), limit_cases[i].rc);
	}
}

static void
test_image_inspect_size_first(void)
{
	struct sg_image_info	 info;
	unsigned char		*big;

	/* A valid header padded past 2 MiB is refused before parsing. */
	big = calloc(1, SG_IMAGE_MAX_BYTES + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memcpy(big, "GIF89a\x02\0\x01\0\0\0\0", 13);
	CU_ASSERT_EQUAL(sg_image_probe(big, SG_IMAGE_MAX_BYTES + 1, &info),
	    SG_IMAGE_OK);
	CU_ASSERT_EQUAL(sg_image_inspect(big, SG_IMAGE_MAX_BYTES + 1, &info),
	    SG_IMAGE_TOOLARGE);
	CU_ASSERT_EQUAL(info.type, SG_IMAGE_NONE);
	CU_ASSERT_EQUAL(sg_image_inspect(big, SG_IMAGE_MAX_BYTES, &info),
	    SG_IMAGE_OK);
	free(big);
}

static void
test_image_strerror(void)
{
	int	 code;

	for (code = SG_IMAGE_TOOMANYPIXELS; code <= SG_IMAGE_OK; code++) {
		CU_ASSERT_PTR_NOT_NULL(sg_image_strerror(code));
		CU_ASSERT_STRING_NOT_EQUAL(sg_image_strerror(code),
		    "unknown image error");
	}
	CU_ASSERT_STRING_EQUAL(sg_image_strerror(-99), "unknown image error");
}

/* ---- EXIF orientation (sg_image_jpeg_orientation) ---- */

static void
test_image_orientation(void)
{
	static const unsigned char mm[] = {
		0xff, 0xd8, 0xff, 0xe1, 0, 34, 'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0, 0x2a, 0, 0, 0, 8, 0, 1,
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0, 0, 0,
		0xff, 0xd9,
	};
	unsigned char	 b[sizeof(mm)];
	unsigned char	*j;
	size_t		 len, i;

	CU_ASSERT_EQUAL(sg_image_jpeg_orientation(mm, sizeof(mm)), 8);
	/* Every truncation reads as upright, never out of bounds (ASan). */
	for (i = 0; i < sizeof(mm) - 2; i++)
		CU_ASSERT_EQUAL(sg_image_jpeg_orientation(mm, i), 1);
	memcpy(b, mm, sizeof(b));
	b[31] = 9;				/* out of range */
	CU_ASSERT_EQUAL(sg_image_jpeg_orientation(b, sizeof(b)), 1);
	memcpy(b, mm, sizeof(b));
	b[5] = 200;				/* segment past the end */
	CU_ASSERT_EQUAL(sg_image_jpeg_orientation(b, sizeof(b)), 1);
	CU_ASSERT_EQUAL(sg_image_jpeg_orientation(NULL, 0), 1);
	CU_ASSERT_EQUAL(sg_image_jpeg_orientation("\xff\xd8\xff\xd9", 4), 1);
	j = photo_sample_jpeg(8, 4, 0, 80, 6, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_EQUAL(sg_image_jpeg_orientation(j, len), 6);
	free(j);
}

/* ---- util/photo: web copy and thumbnail ---- */

static void
test_photo_jpeg_exif(void)
{
	struct sg_photo	 web, thumb;
	struct sg_image_info info;
	unsigned char	*j;
	size_t		 len;

	/* 3000x2000 landscape, EXIF says turn 90 degrees clockwise. */
	j = photo_sample_jpeg(3000, 2000, 0, 90, 6, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_TRUE(photo_sample_has_exif(j, len));
	CU_ASSERT_EQUAL_FATAL(sg_photo_make(j, len, 10u << 20, &web, &thumb),
	    SG_IMAGE_OK);
	CU_ASSERT_STRING_EQUAL(web.ext, "jpg");
	CU_ASSERT_EQUAL(web.width, 1067);
	CU_ASSERT_EQUAL(web.height, 1600);
	CU_ASSERT_EQUAL(thumb.width, 213);
	CU_ASSERT_EQUAL(thumb.height, 320);
	CU_ASSERT_FALSE(photo_sample_has_exif(web.data, web.len));
	CU_ASSERT_FALSE(photo_sample_has_exif(thumb.data, thumb.len));
	/* What is stored is itself a JPEG of that size. */
	CU_ASSERT_EQUAL(sg_image_inspect_max(web.data, web.len, 10u << 20,
	    &info), SG_IMAGE_OK);
	CU_ASSERT_EQUAL(info.width, 1067);
	CU_ASSERT_EQUAL(info.height, 1600);
	sg_photo_free(&web);
	sg_photo_free(&thumb);
	CU_ASSERT_PTR_NULL(web.data);
	/* Over max_bytes: refused before decoding. */
	CU_ASSERT_EQUAL(sg_photo_make(j, len, len - 1, &web, &thumb),
	    SG_IMAGE_TOOLARGE);
	CU_ASSERT_PTR_NULL(web.data);
	free(j);

	/* Small photos are not enlarged. */
	j = photo_sample_jpeg(40, 30, 1, 80, 1, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j);
	CU_ASSERT_EQUAL_FATAL(sg_photo_make(j, len, 10u << 20, &web, &thumb),
	    SG_IMAGE_OK);
	CU_ASSERT_EQUAL(web.width, 40);
	CU_ASSERT_EQUAL(web.height, 30);
	CU_ASSERT_EQUAL(thumb.width, 40);
	sg_photo_free(&web);
	sg_photo_free(&thumb);
	free(j);
}

static void
test_photo_files(void)
{
	static const struct { const char *file; int rc; const char *ext; } c[] = {
		{ "ok-7x5.png", SG_IMAGE_OK, "png" },
		{ "ok-6x3.gif", SG_IMAGE_OK, "gif" },
		{ "ok-9x4.jpg", SG_IMAGE_OK, "jpg" },
		{ "ok-progressive-9x4.jpg", SG_IMAGE_OK, "jpg" },
		{ "ok-lossy-7x5.webp", SG_IMAGE_OK, "webp" },
		{ "ok-alpha-11x13.webp", SG_IMAGE_OK, "webp" },
		/* A decompression bomb is refused before decoding. */
		{ "bad-huge-100000x100000.png", SG_IMAGE_TOOWIDE, NULL },
		{ "bad-truncated.png", SG_IMAGE_TRUNCATED, NULL },
		{ "bad-vector.svg", SG_IMAGE_UNKNOWN, NULL },
	};
	struct sg_photo	 web, thumb;
	unsigned char	*d;
	size_t		 i, len;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		d = read_image(c[i].file, &len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(d);
		CU_ASSERT_EQUAL(sg_photo_make(d, len, 10u << 20, &web, &thumb),
		    c[i].rc);
		if (c[i].rc == SG_IMAGE_OK) {
			CU_ASSERT_PTR_NOT_NULL(web.data);
			CU_ASSERT_STRING_EQUAL(web.ext, c[i].ext);
		} else
			CU_ASSERT_PTR_NULL(web.data);
		sg_photo_free(&web);
		sg_photo_free(&thumb);
		free(d);
	}
}

static void
test_photo_gif_frame(void)
{
	/* Screen 2x2, first frame 1000x1000: a decoder would allocate that. */
	static const unsigned char gif[] = {
		'G', 'I', 'F', '8', '9', 'a', 2, 0, 2, 0, 0x80, 0, 0,
		0, 0, 0, 255, 255, 255,
		0x21, 0xf9, 4, 0, 0, 0, 0, 0,
		0x2c, 0, 0, 0, 0, 0xe8, 3, 0xe8, 3, 0,
		2, 2, 0x44, 1, 0, 0x3b,
	};
	struct sg_photo	 web, thumb;
	uint32_t	 w = 0, h = 0;
	size_t		 i;

	CU_ASSERT_EQUAL(sg_photo_gif_frame(gif, sizeof(gif), &w, &h), SG_IMAGE_OK);
	CU_ASSERT_EQUAL(w, 1000);
	CU_ASSERT_EQUAL(h, 1000);
	CU_ASSERT_EQUAL(sg_photo_make(gif, sizeof(gif), 10u << 20, &web, &thumb),
	    SG_IMAGE_CORRUPT);
	for (i = 0; i < 37; i++)
		CU_ASSERT_EQUAL(sg_photo_gif_frame(gif, i, &w, &h),
		    i < 13 ? SG_IMAGE_UNKNOWN : SG_IMAGE_TRUNCATED);
	CU_ASSERT_STRING_NOT_EQUAL(sg_image_strerror(SG_IMAGE_UNDECODABLE),
	    "unknown image error");
	CU_ASSERT_STRING_NOT_EQUAL(sg_image_strerror(SG_IMAGE_NOMEM),
	    "unknown image error");
}

static const struct unit_case cases[] = {
	{ "image", "test files", test_image_files },
	{ "image", "hand-made bytes", test_image_bytes },
	{ "image", "limits", test_image_limits },
	{ "image", "inspect checks size first", test_image_inspect_size_first },
	{ "image", "strerror", test_image_strerror },
	{ "image", "EXIF orientation", test_image_orientation },
	{ "photo", "JPEG with EXIF and GPS", test_photo_jpeg_exif },
	{ "photo", "test files", test_photo_files },
	{ "photo", "GIF frame beyond the screen", test_photo_gif_frame },
	{ NULL, NULL, NULL },
};

int
main(void)
{
	return unit_run(cases);
}
