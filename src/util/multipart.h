/*
 * multipart.h — streaming multipart/form-data parser (RFC 7578, RFC 2046).
 *
 * Two layers:
 *
 * 1. struct sg_mp, a push parser.  sg_mp_new() takes the request's
 *    Content-Type header value and the callbacks; the body is then handed
 *    to sg_mp_feed() in chunks of any size (one byte at a time gives the
 *    same result as the whole body at once) and sg_mp_finish() is called at
 *    the end of the body.  The parser keeps only a bounded amount of state
 *    (one part's headers); part data goes straight to the part_data
 *    callback, never buffered: the caller decides what to keep.
 *
 * 2. struct sg_mp_form, a collector on top: every part without a filename
 *    becomes a (name, value) pair in a struct sg_form (each value capped at
 *    SG_MP_MAX_VALUE bytes, valid UTF-8 required) and the single file part
 *    is collected into an sg_buf capped by the caller.
 *
 * Ownership: the caller frees a parser with sg_mp_free() (NULL is a no-op)
 * and a collector with sg_mp_form_free().  The struct sg_mp_part handed to
 * callbacks, and the strings it points to, belong to the parser and are
 * valid only until the callback returns; copy what must be kept.
 *
 * Errors: functions return 0 (SG_MP_OK) or a negative SG_MP_* code; an
 * error is sticky (every later sg_mp_feed()/sg_mp_finish() returns it) and
 * sg_mp_strerror() gives a sentence for it.  Callbacks return 0 to go on; a
 * negative return value stops parsing and becomes the parser's error code
 * (so a callback can return, say, SG_MP_FILETOOBIG), a positive one stops it
 * with SG_MP_ABORTED.  After an error no further callback is made, not even
 * part_end for the part in progress.
 */
#ifndef SG_UTIL_MULTIPART_H
#define SG_UTIL_MULTIPART_H

#include <stddef.h>

#include "util/buf.h"
#include "util/form.h"

/* Boundary length limits from RFC 2046 section 5.1.1. */
#define SG_MP_MIN_BOUNDARY	1
#define SG_MP_MAX_BOUNDARY	70
/* Most header bytes (all lines of one part, line ends included). */
#define SG_MP_MAX_HEADER_BYTES	4096
/* Most header lines one part may have. */
#define SG_MP_MAX_HEADERS	16
/* Most parts one body may have. */
#define SG_MP_MAX_PARTS		128
/* Collector: largest value of one non-file field, in bytes. */
#define SG_MP_MAX_VALUE		(64u * 1024u)

#define SG_MP_OK		  0
#define SG_MP_NOMEM		(-1)	/* allocation failed */
#define SG_MP_BADCTYPE		(-2)	/* Content-Type not multipart/form-data */
#define SG_MP_NOBOUNDARY	(-3)	/* Content-Type without boundary */
#define SG_MP_BADBOUNDARY	(-4)	/* boundary empty, too long, bad chars */
#define SG_MP_BADDELIM		(-5)	/* junk after a boundary on its line */
#define SG_MP_BADHEADER		(-6)	/* malformed part header line */
#define SG_MP_HEADERTOOBIG	(-7)	/* > SG_MP_MAX_HEADER_BYTES */
#define SG_MP_TOOMANYHEADERS	(-8)	/* > SG_MP_MAX_HEADERS */
#define SG_MP_TOOMANYPARTS	(-9)	/* > SG_MP_MAX_PARTS */
#define SG_MP_BADDISPOSITION	(-10)	/* no/bad Content-Disposition form-data */
#define SG_MP_NONAME		(-11)	/* Content-Disposition without name */
#define SG_MP_NOFINAL		(-12)	/* body ended before final boundary */
#define SG_MP_ABORTED		(-13)	/* a callback returned > 0 */
#define SG_MP_VALUETOOBIG	(-14)	/* collector: field > SG_MP_MAX_VALUE */
#define SG_MP_FILETOOBIG	(-15)	/* collector: file > caller's cap */
#define SG_MP_TOOMANYFILES	(-16)	/* collector: a second file part */
#define SG_MP_BADTEXT		(-17)	/* collector: name/value not UTF-8 */
#define SG_MP_MISUSE		(-18)	/* feed after finish, NULL arguments */

/* What the parser knows about the current part. */
struct sg_mp_part {
	const char	*name;		/* Content-Disposition name */
	const char	*filename;	/* its filename, NULL when absent */
	const char	*ctype;		/* Content-Type, "text/plain" default */
	size_t		 index;		/* 0 for the first part */
};

struct sg_mp_callbacks {
	int	(*part_begin)(void *arg, const struct sg_mp_part *part);
	int	(*part_data)(void *arg, const struct sg_mp_part *part,
		    const char *data, size_t len);
	int	(*part_end)(void *arg, const struct sg_mp_part *part);
};

struct sg_mp;

/*
 * Create a parser for a body sent with the Content-Type header value ctype
 * ("multipart/form-data; boundary=XYZ", the boundary quoted or not; type
 * and parameter names match case-insensitively).  Any callback may be NULL.
 * cb is copied; arg is passed to every callback.  Returns NULL on failure
 * with the reason in *errp (SG_MP_BADCTYPE, SG_MP_NOBOUNDARY,
 * SG_MP_BADBOUNDARY or SG_MP_NOMEM).
 */
struct sg_mp	*sg_mp_new(const char *ctype, const struct sg_mp_callbacks *cb,
		    void *arg, int *errp);
void		 sg_mp_free(struct sg_mp *p);

/*
 * Feed the next len bytes of the body.  Text before the first boundary
 * (the preamble) and after the final one (the epilogue) is ignored.
 */
int		 sg_mp_feed(struct sg_mp *p, const void *data, size_t len);

/*
 * Declare the end of the body: returns SG_MP_NOFINAL unless the final
 * boundary ("--XYZ--") has been seen, else the sticky error or SG_MP_OK.
 */
int		 sg_mp_finish(struct sg_mp *p);

/* The sticky error code (SG_MP_OK while none), and parts begun so far. */
int		 sg_mp_error(const struct sg_mp *p);
size_t		 sg_mp_nparts(const struct sg_mp *p);

/*
 * Extract the boundary from a Content-Type value into out (at least
 * SG_MP_MAX_BOUNDARY + 1 bytes), NUL-terminated.  Returns SG_MP_OK or the
 * same errors as sg_mp_new().
 */
int		 sg_mp_boundary(const char *ctype, char *out);

/* A static English sentence describing an SG_MP_* code. */
const char	*sg_mp_strerror(int code);

/*
 * The collector.  After a successful parse, fields holds every non-file
 * part; when has_file is set, file holds the file part's bytes and
 * file_field/file_name/file_ctype its field name, filename and declared
 * Content-Type (untrusted: check the bytes, e.g. with sg_image_probe()).
 * A file input left empty (filename="" and no data) is not a file; a part
 * with filename="" that does carry data is one.
 */
struct sg_mp_form {
	struct sg_form	 fields;
	struct sg_buf	 file;
	int		 has_file;
	char		*file_field;
	char		*file_name;
	char		*file_ctype;
	/* private */
	struct sg_buf	 value;
	int		 in_file;
};

/* Initialise an empty collector whose file may hold at most file_cap bytes. */
void		 sg_mp_form_init(struct sg_mp_form *f, size_t file_cap);
void		 sg_mp_form_free(struct sg_mp_form *f);

/*
 * A parser wired to collect into f (initialised, empty); feed and finish it
 * as any other, then free it.  Returns NULL with *errp set on failure.
 */
struct sg_mp	*sg_mp_new_form(const char *ctype, struct sg_mp_form *f,
		    int *errp);

/*
 * Parse a whole body at once into f; returns SG_MP_OK or an error code.
 * On error f may hold part of the input: free it with sg_mp_form_free()
 * either way, and act on nothing in it.
 */
int		 sg_mp_form_parse(struct sg_mp_form *f, const char *ctype,
		    const void *body, size_t len);

#endif
