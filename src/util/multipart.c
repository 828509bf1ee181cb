/* multipart.c — streaming multipart/form-data parser; see multipart.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/form.h"
#include "util/multipart.h"

enum mp_state {
	MP_PREAMBLE,	/* looking for the first delimiter */
	MP_AD_START,	/* just after a delimiter: "--", padding or CRLF */
	MP_AD_DASH,	/* saw one '-' after a delimiter */
	MP_AD_PAD,	/* transport padding after a delimiter */
	MP_AD_CR,	/* saw CR after a delimiter */
	MP_HEADERS,	/* inside a part's header line */
	MP_HDR_CR,	/* saw CR at the end of a header line */
	MP_DATA,	/* inside a part's body */
	MP_EPILOGUE	/* after the close delimiter */
};

struct sg_mp {
	struct sg_mp_callbacks	 cb;
	void			*arg;
	enum mp_state		 state;
	int			 err;
	int			 finished;
	/* "\r\n--" boundary; match counts the bytes of it seen so far. */
	char			 delim[4 + SG_MP_MAX_BOUNDARY + 1];
	size_t			 dlen;
	size_t			 match;
	/* The current part's header lines, each NUL-terminated. */
	char			 hdr[SG_MP_MAX_HEADER_BYTES + 1];
	size_t			 hlen;
	size_t			 hbytes;	/* raw bytes incl. CRLFs */
	size_t			 linestart;
	size_t			 nheaders;
	/* Decoded name, filename and type the part points into. */
	char			 vals[SG_MP_MAX_HEADER_BYTES + 8];
	size_t			 vlen;
	struct sg_mp_part	 part;
	size_t			 nparts;
};

static int
mp_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether the n bytes at s equal the lower-case word w, ignoring case. */
static int
mp_ieq(const char *s, size_t n, const char *w)
{
	size_t	 i;

	if (strlen(w) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (mp_lower((unsigned char)s[i]) != w[i])
			return 0;
	return 1;
}

/* RFC 7230 tchar. */
static int
mp_is_tchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* RFC 2046 bchars (space allowed, but not as the last character). */
static int
mp_is_bchar(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("'()+_,-./:=? ", c) != NULL);
}

static const char *
mp_skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static const char *
mp_skip_token(const char *s)
{
	while (mp_is_tchar((unsigned char)*s))
		s++;
	return s;
}

int
sg_mp_boundary(const char *ctype, char *out)
{
	const char	*s, *e;
	size_t		 n;
	int		 found = 0;

	if (ctype == NULL)
		return SG_MP_BADCTYPE;
	s = mp_skip_ows(ctype);
	e = mp_skip_token(s);
	if (*e == '/')
		e = mp_skip_token(e + 1);
	if (!mp_ieq(s, (size_t)(e - s), "multipart/form-data"))
		return SG_MP_BADCTYPE;
	s = e;
	for (;;) {
		s = mp_skip_ows(s);
		if (*s == '\0')
			break;
		if (*s++ != ';')
			return SG_MP_BADCTYPE;
		s = mp_skip_ows(s);
		if (*s == '\0')
			break;
		e = mp_skip_token(s);
		if (e == s)
			return SG_MP_BADCTYPE;
		if (mp_ieq(s, (size_t)(e - s), "boundary")) {
			if (found)
				return SG_MP_BADBOUNDARY;
			found = 1;
		}
		s = mp_skip_ows(e);
		if (*s++ != '=')
			return SG_MP_BADCTYPE;
		s = mp_skip_ows(s);
		n = 0;
		if (*s == '"') {
			/* quoted-string with quoted-pairs */
			for (s++; *s != '"'; s++) {
				if (*s == '\\' && s[1] != '\0')
					s++;
				if (*s == '\0')
					return SG_MP_BADCTYPE;
				if (found == 1 && n++ < SG_MP_MAX_BOUNDARY)
					out[n - 1] = *s;
			}
			s++;
		} else {
			/* a token; bchars are checked below */
			for (e = s; *e != '\0' && *e != ';' && *e != ' ' &&
			    *e != '\t' && *e != '"'; e++)
				continue;
			if (e == s)
				return found == 1 ? SG_MP_BADBOUNDARY :
				    SG_MP_BADCTYPE;
			for (; s < e; s++)
				if (found == 1 && n++ < SG_MP_MAX_BOUNDARY)
					out[n - 1] = *s;
		}
		if (found == 1) {
			if (n < SG_MP_MIN_BOUNDARY || n > SG_MP_MAX_BOUNDARY)
				return SG_MP_BADBOUNDARY;
			out[n] = '\0';
			for (n = 0; out[n] != '\0'; n++)
				if (!mp_is_bchar((unsigned char)out[n]))
					return SG_MP_BADBOUNDARY;
			if (out[n - 1] == ' ')
				return SG_MP_BADBOUNDARY;
			found = 2;
		}
	}
	return found ? SG_MP_OK : SG_MP_NOBOUNDARY;
}

struct sg_mp *
sg_mp_new(const char *ctype, const struct sg_mp_callbacks *cb, void *arg,
    int *errp)
{
	struct sg_mp	*p;
	char		 b[SG_MP_MAX_BOUNDARY + 1];
	int		 rc;

	if ((rc = sg_mp_boundary(ctype, b)) != SG_MP_OK) {
		if (errp != NULL)
			*errp = rc;
		return NULL;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		if (errp != NULL)
			*errp = SG_MP_NOMEM;
		return NULL;
	}
	if (cb != NULL)
		p->cb = *cb;
	p->arg = arg;
	p->dlen = 4 + strlen(b);
	memcpy(p->delim, "\r\n--", 4);
	memcpy(p->delim + 4, b, strlen(b) + 1);
	/* The first delimiter may open the body without a CRLF. */
	p->state = MP_PREAMBLE;
	p->match = 2;
	if (errp != NULL)
		*errp = SG_MP_OK;
	return p;
}

void
sg_mp_free(struct sg_mp *p)
{
	free(p);
}

int
sg_mp_error(const struct sg_mp *p)
{
	return p->err;
}

size_t
sg_mp_nparts(const struct sg_mp *p)
{
	return p->nparts;
}

/* Record a callback's verdict; returns the (possibly new) error. */
static int
mp_verdict(struct sg_mp *p, int rc)
{
	if (rc < 0)
		p->err = rc;
	else if (rc > 0)
		p->err = SG_MP_ABORTED;
	return p->err;
}

static void
mp_emit(struct sg_mp *p, const char *data, size_t len)
{
	if (len > 0 && p->err == SG_MP_OK && p->cb.part_data != NULL)
		mp_verdict(p, p->cb.part_data(p->arg, &p->part, data, len));
}

/* Copy n bytes into the value store; returns the copy or NULL. */
static const char *
mp_store(struct sg_mp *p, const char *s, size_t n)
{
	char	*d;

	if (n + 1 > sizeof(p->vals) - p->vlen)
		return NULL;
	d = p->vals + p->vlen;
	memcpy(d, s, n);
	d[n] = '\0';
	p->vlen += n + 1;
	return d;
}

/*
 * Parse a Content-Disposition value v: "form-data" followed by parameters,
 * of which name and filename are kept.  Parameter values are a token or a
 * quoted-string that ends at the next '"' (browsers send '"' as %22 and do
 * not escape backslashes, following the HTML standard).
 */
static int
mp_parse_disposition(struct sg_mp *p, const char *v)
{
	const char	*s, *e, *vs, *ve, **slot;

	s = mp_skip_ows(v);
	e = mp_skip_token(s);
	if (!mp_ieq(s, (size_t)(e - s), "form-data"))
		return SG_MP_BADDISPOSITION;
	for (s = e;;) {
		s = mp_skip_ows(s);
		if (*s == '\0')
			break;
		if (*s++ != ';')
			return SG_MP_BADHEADER;
		s = mp_skip_ows(s);
		if (*s == '\0')
			break;
		e = mp_skip_token(s);
		if (e == s)
			return SG_MP_BADHEADER;
		if (mp_ieq(s, (size_t)(e - s), "name"))
			slot = &p->part.name;
		else if (mp_ieq(s, (size_t)(e - s), "filename"))
			slot = &p->part.filename;
		else
			slot = NULL;
		s = mp_skip_ows(e);
		if (*s++ != '=')
			return SG_MP_BADHEADER;
		s = mp_skip_ows(s);
		if (*s == '"') {
			vs = s + 1;
			if ((ve = strchr(vs, '"')) == NULL)
				return SG_MP_BADHEADER;
			s = ve + 1;
		} else {
			vs = s;
			for (ve = vs; *ve != '\0' && *ve != ';' &&
			    *ve != ' ' && *ve != '\t' && *ve != '"'; ve++)
				continue;
			if (ve == vs)
				return SG_MP_BADHEADER;
			s = ve;
		}
		if (slot == NULL)
			continue;
		if (*slot != NULL)
			return SG_MP_BADHEADER;
		if ((*slot = mp_store(p, vs, (size_t)(ve - vs))) == NULL)
			return SG_MP_HEADERTOOBIG;
	}
	return SG_MP_OK;
}

/*
 * The blank line after a part's headers: parse the stored lines into
 * p->part and call part_begin.
 */
static int
mp_headers_done(struct sg_mp *p)
{
	const char	*line, *colon, *v, *ve;
	size_t		 off;
	int		 rc, seen_cd = 0, seen_ct = 0;

	p->vlen = 0;
	memset(&p->part, 0, sizeof(p->part));
	p->part.index = p->nparts - 1;
	for (off = 0; off < p->hlen; off += strlen(line) + 1) {
		line = p->hdr + off;
		colon = mp_skip_token(line);
		if (colon == line || *colon != ':')
			return p->err = SG_MP_BADHEADER;
		for (v = colon + 1; *v != '\0'; v++)
			if (((unsigned char)*v < 0x20 && *v != '\t') ||
			    *v == 0x7f)
				return p->err = SG_MP_BADHEADER;
		v = mp_skip_ows(colon + 1);
		if (mp_ieq(line, (size_t)(colon - line),
		    "content-disposition")) {
			if (seen_cd++)
				return p->err = SG_MP_BADHEADER;
			if ((rc = mp_parse_disposition(p, v)) != SG_MP_OK)
				return p->err = rc;
		} else if (mp_ieq(line, (size_t)(colon - line),
		    "content-type")) {
			if (seen_ct++)
				return p->err = SG_MP_BADHEADER;
			for (ve = v + strlen(v); ve > v &&
			    (ve[-1] == ' ' || ve[-1] == '\t'); ve--)
				continue;
			if (ve == v)
				return p->err = SG_MP_BADHEADER;
			if ((p->part.ctype = mp_store(p, v,
			    (size_t)(ve - v))) == NULL)
				return p->err = SG_MP_HEADERTOOBIG;
		}
	}
	if (!seen_cd)
		return p->err = SG_MP_BADDISPOSITION;
	if (p->part.name == NULL)
		return p->err = SG_MP_NONAME;
	if (p->part.ctype == NULL)
		p->part.ctype = "text/plain";
	p->state = MP_DATA;
	p->match = 0;
	if (p->cb.part_begin != NULL)
		mp_verdict(p, p->cb.part_begin(p->arg, &p->part));
	return p->err;
}

/* A CRLF after a delimiter: a new part's headers start. */
static int
mp_part_start(struct sg_mp *p)
{
	if (p->nparts >= SG_MP_MAX_PARTS)
		return p->err = SG_MP_TOOMANYPARTS;
	p->nparts++;
	p->hlen = p->hbytes = p->linestart = p->nheaders = 0;
	p->state = MP_HEADERS;
	return SG_MP_OK;
}

/* One header byte (not yet the CRLF logic): count it against the cap. */
static int
mp_header_byte(struct sg_mp *p)
{
	if (++p->hbytes > SG_MP_MAX_HEADER_BYTES)
		return p->err = SG_MP_HEADERTOOBIG;
	return SG_MP_OK;
}

/*
 * Scan the preamble or a part's data for the delimiter.  Data bytes are
 * handed to part_data in runs; bytes that may start a delimiter are held
 * back (only as a count, since they equal the delimiter's first bytes) and
 * emitted when the match fails.  The delimiter's only CR is its first
 * byte, so after a failed match only the current byte can start a new one.
 */
int
sg_mp_feed(struct sg_mp *p, const void *data, size_t len)
{
	const char	*s = data;
	size_t		 i, run = 0;
	int		 inrun = 0;
	char		 c;

	if (p == NULL || (data == NULL && len > 0))
		return SG_MP_MISUSE;
	if (p->err != SG_MP_OK)
		return p->err;
	if (p->finished)
		return p->err = SG_MP_MISUSE;
	for (i = 0; i < len && p->err == SG_MP_OK; i++) {
		c = s[i];
		switch (p->state) {
		case MP_PREAMBLE:
		case MP_DATA:
			if (c == p->delim[p->match]) {
				if (inrun) {
					mp_emit(p, s + run, i - run);
					inrun = 0;
				}
				if (++p->match < p->dlen)
					break;
				p->match = 0;
				if (p->state == MP_DATA && p->err == SG_MP_OK &&
				    p->cb.part_end != NULL)
					mp_verdict(p, p->cb.part_end(p->arg,
					    &p->part));
				p->state = MP_AD_START;
				break;
			}
			if (p->match > 0) {
				if (p->state == MP_DATA)
					mp_emit(p, p->delim, p->match);
				p->match = 0;
				if (c == p->delim[0]) {
					p->match = 1;
					break;
				}
			}
			if (p->state == MP_DATA && !inrun) {
				run = i;
				inrun = 1;
			}
			break;
		case MP_AD_START:
			if (c == '-')
				p->state = MP_AD_DASH;
			else if (c == ' ' || c == '\t')
				p->state = MP_AD_PAD;
			else if (c == '\r')
				p->state = MP_AD_CR;
			else
				p->err = SG_MP_BADDELIM;
			break;
		case MP_AD_DASH:
			if (c == '-')
				p->state = MP_EPILOGUE;
			else
				p->err = SG_MP_BADDELIM;
			break;
		case MP_AD_PAD:
			if (c == '\r')
				p->state = MP_AD_CR;
			else if (c != ' ' && c != '\t')
				p->err = SG_MP_BADDELIM;
			break;
		case MP_AD_CR:
			if (c == '\n')
				mp_part_start(p);
			else
				p->err = SG_MP_BADDELIM;
			break;
		case MP_HEADERS:
			if (mp_header_byte(p) != SG_MP_OK)
				break;
			if (c == '\r')
				p->state = MP_HDR_CR;
			else if (c == '\n' || c == '\0')
				p->err = SG_MP_BADHEADER;
			else
				p->hdr[p->hlen++] = c;
			break;
		case MP_HDR_CR:
			if (mp_header_byte(p) != SG_MP_OK)
				break;
			if (c != '\n') {
				p->err = SG_MP_BADHEADER;
				break;
			}
			if (p->hlen == p->linestart) {
				mp_headers_done(p);
				break;
			}
			if (++p->nheaders > SG_MP_MAX_HEADERS) {
				p->err = SG_MP_TOOMANYHEADERS;
				break;
			}
			p->hdr[p->hlen++] = '\0';
			p->linestart = p->hlen;
			p->state = MP_HEADERS;
			break;
		case MP_EPILOGUE:
			i = len - 1;	/* ignore the rest */
			break;
		}
	}
	if (inrun)
		mp_emit(p, s + run, len - run);
	return p->err;
}

int
sg_mp_finish(struct sg_mp *p)
{
	if (p == NULL)
		return SG_MP_MISUSE;
	p->finished = 1;
	if (p->err == SG_MP_OK && p->state != MP_EPILOGUE)
		p->err = SG_MP_NOFINAL;
	return p->err;
}

const char *
sg_mp_strerror(int code)
{
	switch (code) {
	case SG_MP_OK:
		return "no error";
	case SG_MP_NOMEM:
		return "out of memory";
	case SG_MP_BADCTYPE:
		return "the request is not multipart/form-data";
	case SG_MP_NOBOUNDARY:
		return "the multipart Content-Type has no boundary";
	case SG_MP_BADBOUNDARY:
		return "the multipart boundary is empty, longer than 70 "
		    "characters or holds characters it may not";
	case SG_MP_BADDELIM:
		return "unexpected characters after a multipart boundary";
	case SG_MP_BADHEADER:
		return "a multipart part has a malformed header";
	case SG_MP_HEADERTOOBIG:
		return "a multipart part's headers are too large";
	case SG_MP_TOOMANYHEADERS:
		return "a multipart part has too many headers";
	case SG_MP_TOOMANYPARTS:
		return "the form has too many parts";
	case SG_MP_BADDISPOSITION:
		return "a multipart part lacks Content-Disposition: form-data";
	case SG_MP_NONAME:
		return "a multipart part has no field name";
	case SG_MP_NOFINAL:
		return "the form data ended before its final boundary";
	case SG_MP_ABORTED:
		return "form processing was stopped";
	case SG_MP_VALUETOOBIG:
		return "a form field is too long";
	case SG_MP_FILETOOBIG:
		return "the uploaded file is too large";
	case SG_MP_TOOMANYFILES:
		return "only one file may be uploaded";
	case SG_MP_BADTEXT:
		return "a form field is not valid UTF-8 text";
	case SG_MP_MISUSE:
		return "multipart parser misused";
	default:
		return "unknown multipart error";
	}
}

/* ---- the collector ---- */

void
sg_mp_form_init(struct sg_mp_form *f, size_t file_cap)
{
	sg_form_init(&f->fields);
	sg_buf_init(&f->file, file_cap);
	sg_buf_init(&f->value, SG_MP_MAX_VALUE);
	f->has_file = 0;
	f->file_field = f->file_name = f->file_ctype = NULL;
	f->in_file = 0;
}

void
sg_mp_form_free(struct sg_mp_form *f)
{
	if (f == NULL)
		return;
	sg_form_free(&f->fields);
	sg_buf_free(&f->file);
	sg_buf_free(&f->value);
	free(f->file_field);
	free(f->file_name);
	free(f->file_ctype);
	f->file_field = f->file_name = f->file_ctype = NULL;
	f->has_file = 0;
	f->in_file = 0;
}

/* in_file values */
#define MP_FIELD	0	/* a text field, into f->value */
#define MP_FILE		1	/* the file, into f->file */
#define MP_NOFILE	2	/* an empty file input, ignored */

/* Make part the collector's file part, unless it already has one. */
static int
mp_form_take_file(struct sg_mp_form *f, const struct sg_mp_part *part)
{
	if (f->has_file)
		return SG_MP_TOOMANYFILES;
	f->has_file = 1;
	f->in_file = MP_FILE;
	if ((f->file_field = strdup(part->name)) == NULL ||
	    (f->file_name = strdup(part->filename)) == NULL ||
	    (f->file_ctype = strdup(part->ctype)) == NULL)
		return SG_MP_NOMEM;
	return SG_MP_OK;
}

static int
mp_form_begin(void *arg, const struct sg_mp_part *part)
{
	struct sg_mp_form	*f = arg;

	sg_buf_reset(&f->value);
	if (part->filename == NULL) {
		f->in_file = MP_FIELD;
		return SG_MP_OK;
	}
	if (part->filename[0] == '\0') {
		f->in_file = MP_NOFILE;
		return SG_MP_OK;
	}
	return mp_form_take_file(f, part);
}

static int
mp_form_data(void *arg, const struct sg_mp_part *part, const char *data,
    size_t len)
{
	struct sg_mp_form	*f = arg;
	int			 rc;

	switch (f->in_file) {
	case MP_FILE:
		rc = sg_buf_add(&f->file, data, len);
		if (rc == SG_BUF_TOOBIG)
			return SG_MP_FILETOOBIG;
		break;
	case MP_NOFILE:
		/* Data under an empty filename: a file after all. */
		if ((rc = mp_form_take_file(f, part)) != SG_MP_OK)
			return rc;
		rc = sg_buf_add(&f->file, data, len);
		if (rc == SG_BUF_TOOBIG)
			return SG_MP_FILETOOBIG;
		break;
	default:
		rc = sg_buf_add(&f->value, data, len);
		if (rc == SG_BUF_TOOBIG)
			return SG_MP_VALUETOOBIG;
		break;
	}
	return rc == SG_BUF_OK ? SG_MP_OK : SG_MP_NOMEM;
}

static int
mp_form_end(void *arg, const struct sg_mp_part *part)
{
	struct sg_mp_form	*f = arg;
	int			 rc;

	if (f->in_file != MP_FIELD)
		return SG_MP_OK;
	rc = sg_form_add(&f->fields, part->name, strlen(part->name),
	    f->value.data == NULL ? "" : f->value.data, f->value.len);
	switch (rc) {
	case SG_FORM_OK:
		return SG_MP_OK;
	case SG_FORM_NOMEM:
		return SG_MP_NOMEM;
	case SG_FORM_TOOMANY:
		return SG_MP_TOOMANYPARTS;
	default:
		return SG_MP_BADTEXT;
	}
}

static const struct sg_mp_callbacks mp_form_cb = {
	mp_form_begin, mp_form_data, mp_form_end
};

struct sg_mp *
sg_mp_new_form(const char *ctype, struct sg_mp_form *f, int *errp)
{
	return sg_mp_new(ctype, &mp_form_cb, f, errp);
}

int
sg_mp_form_parse(struct sg_mp_form *f, const char *ctype, const void *body,
    size_t len)
{
	struct sg_mp	*p;
	int		 rc;

	if ((p = sg_mp_new_form(ctype, f, &rc)) == NULL)
		return rc;
	if ((rc = sg_mp_feed(p, body, len)) == SG_MP_OK)
		rc = sg_mp_finish(p);
	sg_mp_free(p);
	return rc;
}
