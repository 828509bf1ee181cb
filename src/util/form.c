/* form.c — urlencoded forms, query strings, cookies; see form.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/form.h"

void
sg_form_init(struct sg_form *f)
{
	f->pairs = NULL;
	f->npairs = 0;
	f->maxpairs = 0;
}

void
sg_form_free(struct sg_form *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->npairs; i++) {
		free(f->pairs[i].name);
		free(f->pairs[i].value);
	}
	free(f->pairs);
	f->pairs = NULL;
	f->npairs = 0;
}

int
sg_form_text_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	unsigned long		 cp, min;

	while (i < len) {
		if (p[i] == 0)
			return SG_FORM_NUL;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			n = 1;
			cp = p[i] & 0x1f;
			min = 0x80;
		} else if ((p[i] & 0xf0) == 0xe0) {
			n = 2;
			cp = p[i] & 0x0f;
			min = 0x800;
		} else if ((p[i] & 0xf8) == 0xf0) {
			n = 3;
			cp = p[i] & 0x07;
			min = 0x10000;
		} else
			return SG_FORM_BADUTF8;
		if (len - i - 1 < n)
			return SG_FORM_BADUTF8;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return SG_FORM_BADUTF8;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return SG_FORM_BADUTF8;
		i += n + 1;
	}
	return SG_FORM_OK;
}

static size_t
form_maxpairs(const struct sg_form *f)
{
	return f->maxpairs == 0 ? SG_FORM_MAX_PAIRS : f->maxpairs;
}

/*
 * Append a pair, taking ownership of the malloc'd name and value (freed
 * here on failure).  Does not validate.
 */
static int
form_push(struct sg_form *f, char *name, size_t namelen, char *value,
    size_t valuelen)
{
	struct sg_form_pair	*np;

	if (f->npairs >= form_maxpairs(f)) {
		free(name);
		free(value);
		return SG_FORM_TOOMANY;
	}
	np = realloc(f->pairs, (f->npairs + 1) * sizeof(*np));
	if (np == NULL) {
		free(name);
		free(value);
		return SG_FORM_NOMEM;
	}
	f->pairs = np;
	np[f->npairs].name = name;
	np[f->npairs].namelen = namelen;
	np[f->npairs].value = value;
	np[f->npairs].valuelen = valuelen;
	f->npairs++;
	return SG_FORM_OK;
}

static char *
form_dup(const char *s, size_t len)
{
	char	*p;

	if ((p = malloc(len + 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

int
sg_form_add(struct sg_form *f, const char *name, size_t namelen,
    const char *value, size_t valuelen)
{
	char	*n, *v;
	int	 rc;

	if ((rc = sg_form_text_valid(name, namelen)) != SG_FORM_OK ||
	    (rc = sg_form_text_valid(value, valuelen)) != SG_FORM_OK)
		return rc;
	if (f->npairs >= form_maxpairs(f))
		return SG_FORM_TOOMANY;
	if ((n = form_dup(name, namelen)) == NULL)
		return SG_FORM_NOMEM;
	if ((v = form_dup(value, valuelen)) == NULL) {
		free(n);
		return SG_FORM_NOMEM;
	}
	return form_push(f, n, namelen, v, valuelen);
}

static int
form_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode len bytes of s ('+' to space, %XX to a byte) into a new malloc'd
 * NUL-terminated string stored in *out with its length in *outlen, and
 * check that the result is valid text.  The caller frees *out on success;
 * on failure *out is NULL.
 */
static int
form_decode(const char *s, size_t len, char **out, size_t *outlen)
{
	char	*d;
	size_t	 i, j;
	int	 hi, lo, rc;

	*out = NULL;
	if ((d = malloc(len + 1)) == NULL)
		return SG_FORM_NOMEM;
	for (i = j = 0; i < len; i++) {
		if (s[i] == '+')
			d[j++] = ' ';
		else if (s[i] == '%') {
			if (len - i < 3 ||
			    (hi = form_hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = form_hexval((unsigned char)s[i + 2])) < 0) {
				free(d);
				return SG_FORM_BADESCAPE;
			}
			d[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			d[j++] = s[i];
	}
	d[j] = '\0';
	if ((rc = sg_form_text_valid(d, j)) != SG_FORM_OK) {
		free(d);
		return rc;
	}
	*out = d;
	*outlen = j;
	return SG_FORM_OK;
}

int
sg_form_parse(struct sg_form *f, const char *s, size_t len)
{
	const char	*seg, *end, *eq, *amp;
	char		*name, *value;
	size_t		 namelen, valuelen;
	int		 rc;

	if (len > SG_FORM_MAX_BYTES)
		return SG_FORM_TOOBIG;
	end = s + len;
	for (seg = s; seg < end; seg = amp + 1) {
		if ((amp = memchr(seg, '&', (size_t)(end - seg))) == NULL)
			amp = end;
		if (amp == seg)
			continue;
		if ((eq = memchr(seg, '=', (size_t)(amp - seg))) == NULL)
			eq = amp;
		if ((rc = form_decode(seg, (size_t)(eq - seg),
		    &name, &namelen)) != SG_FORM_OK)
			goto err;
		if (eq == amp)
			rc = form_decode(eq, 0, &value, &valuelen);
		else
			rc = form_decode(eq + 1, (size_t)(amp - eq - 1),
			    &value, &valuelen);
		if (rc != SG_FORM_OK) {
			free(name);
			goto err;
		}
		if (namelen == 0) {
			free(name);
			free(value);
			continue;
		}
		if ((rc = form_push(f, name, namelen, value, valuelen)) !=
		    SG_FORM_OK)
			goto err;
	}
	return SG_FORM_OK;
err:
	sg_form_free(f);
	return rc;
}

static int
cookie_is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether a cookie name or value may be kept: text without controls. */
static int
cookie_text_ok(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return sg_form_text_valid(s, len) == SG_FORM_OK;
}

int
sg_cookie_parse(struct sg_form *f, const char *s, size_t len)
{
	const char	*seg, *end, *semi, *eq, *ne, *vs, *ve;
	size_t		 saved;
	int		 rc;

	if (len > SG_COOKIE_MAX_BYTES)
		return SG_FORM_TOOBIG;
	saved = f->maxpairs;
	f->maxpairs = SG_COOKIE_MAX_PAIRS;
	end = s + len;
	for (seg = s; seg < end; seg = semi + 1) {
		if ((semi = memchr(seg, ';', (size_t)(end - seg))) == NULL)
			semi = end;
		if ((eq = memchr(seg, '=', (size_t)(semi - seg))) == NULL)
			continue;
		while (seg < eq && cookie_is_space(*seg))
			seg++;
		ne = eq;
		while (ne > seg && cookie_is_space(ne[-1]))
			ne--;
		vs = eq + 1;
		ve = semi;
		while (vs < ve && cookie_is_space(*vs))
			vs++;
		while (ve > vs && cookie_is_space(ve[-1]))
			ve--;
		if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
			vs++;
			ve--;
		}
		if (ne == seg || !cookie_text_ok(seg, (size_t)(ne - seg)) ||
		    !cookie_text_ok(vs, (size_t)(ve - vs)))
			continue;
		if ((rc = sg_form_add(f, seg, (size_t)(ne - seg),
		    vs, (size_t)(ve - vs))) != SG_FORM_OK) {
			sg_form_free(f);
			f->maxpairs = saved;
			return rc;
		}
	}
	f->maxpairs = saved;
	return SG_FORM_OK;
}

const char *
sg_form_get(const struct sg_form *f, const char *name)
{
	size_t	 i;

	for (i = 0; i < f->npairs; i++)
		if (strcmp(f->pairs[i].name, name) == 0)
			return f->pairs[i].value;
	return NULL;
}

const char *
sg_cookie_get(const struct sg_form *f, const char *name)
{
	return sg_form_get(f, name);
}

size_t
sg_form_get_all(const struct sg_form *f, const char *name,
    const char **out, size_t max)
{
	size_t	 i, n = 0;

	for (i = 0; i < f->npairs; i++) {
		if (strcmp(f->pairs[i].name, name) != 0)
			continue;
		if (n < max)
			out[n] = f->pairs[i].value;
		n++;
	}
	return n;
}

static int
form_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

static int
form_maperr(int bufrc)
{
	return bufrc == SG_BUF_TOOBIG ? SG_FORM_TOOBIG : SG_FORM_NOMEM;
}

int
sg_form_encode(struct sg_buf *out, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			 esc[3];
	size_t			 i, run;
	int			 rc;

	for (i = 0; i < len; i = run) {
		for (run = i; run < len &&
		    form_unreserved((unsigned char)s[run]); run++)
			continue;
		if (run > i &&
		    (rc = sg_buf_add(out, s + i, run - i)) != SG_BUF_OK)
			return form_maperr(rc);
		if (run == len)
			break;
		esc[0] = '%';
		esc[1] = hex[((unsigned char)s[run]) >> 4];
		esc[2] = hex[((unsigned char)s[run]) & 0xf];
		if ((rc = sg_buf_add(out, esc, 3)) != SG_BUF_OK)
			return form_maperr(rc);
		run++;
	}
	return SG_FORM_OK;
}

int
sg_form_encode_pair(struct sg_buf *out, const char *name, const char *value)
{
	int	 rc;

	if (out->len > 0 && (rc = sg_buf_addc(out, '&')) != SG_BUF_OK)
		return form_maperr(rc);
	if ((rc = sg_form_encode(out, name, strlen(name))) != SG_FORM_OK)
		return rc;
	if ((rc = sg_buf_addc(out, '=')) != SG_BUF_OK)
		return form_maperr(rc);
	return sg_form_encode(out, value, strlen(value));
}

const char *
sg_form_strerror(int code)
{
	switch (code) {
	case SG_FORM_OK:
		return "no error";
	case SG_FORM_NOMEM:
		return "out of memory";
	case SG_FORM_TOOBIG:
		return "the submitted data is too large";
	case SG_FORM_TOOMANY:
		return "too many fields were submitted";
	case SG_FORM_BADESCAPE:
		return "a '%' is not followed by two hexadecimal digits";
	case SG_FORM_BADUTF8:
		return "the submitted text is not valid UTF-8";
	case SG_FORM_NUL:
		return "the submitted text contains a NUL character";
	default:
		return "unknown form error";
	}
}
