/* mustache.c — Mustache templates over cJSON data; see mustache.h. */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "util/buf.h"
#include "render/i18n.h"
#include "render/mustache.h"

/*
 * A compiled template is a flat array of nodes.  A section's body is the
 * nodes between it and its `end` index, so rendering never needs a tree.
 *
 * "An indented standalone partial indents every line of the partial" is done
 * at render time without re-parsing: the start of every source line that
 * survives the standalone rules prints the indentation of the enclosing
 * standalone partials (nothing at top level).  Line starts inside a text run
 * are found by scanning the run for newlines (only while an indentation is
 * in force); a run that begins a line has `bol` set; a tag that begins a
 * line is preceded by an INDENT node.
 */
enum mst_kind {
	MST_TEXT,	/* off/len: literal slice of src; bol */
	MST_INDENT,	/* a tag starts a line: print the partial indentation */
	MST_VAR,	/* escaped interpolation */
	MST_RAW,	/* unescaped interpolation */
	MST_SECTION,	/* body is nodes (i, end) */
	MST_INVERTED,	/* likewise */
	MST_PARTIAL	/* off/len: indentation when standalone */
};

struct mst_node {
	enum mst_kind	 kind;
	int		 standalone;	/* MST_PARTIAL: tag was standalone */
	int		 bol;		/* MST_TEXT: starts a source line */
	unsigned	 nparts;	/* dotted parts; 0 for "." */
	size_t		 name;		/* offset into strs: parts NUL-separated */
	size_t		 off;		/* slice of src */
	size_t		 len;
	size_t		 end;		/* sections: index after the body */
};

struct mst_template {
	char		*src;		/* private copy of the source */
	size_t		 srclen;
	struct mst_node	*nodes;
	size_t		 nnodes;
	char		*strs;		/* tag names */
};

struct mst_entry {
	char			*name;
	struct mst_template	*t;
};

struct mst_set {
	struct mst_entry	*v;	/* sorted by name */
	size_t			 n;
	size_t			 size;
	struct sg_i18n		*i18n;	/* the language catalogues, or NULL */
};

/* Fill in err (when not NULL) and return code. */
static int
mst_seterr(struct mst_error *err, int code, unsigned line, unsigned column,
    const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
mst_seterr(struct mst_error *err, int code, unsigned line, unsigned column,
    const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL)
		return code;
	err->code = code;
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                              */
/* ------------------------------------------------------------------ */

struct mst_open {
	size_t	 node;		/* index of the section node */
	size_t	 nameoff;	/* raw name as written, for the closing tag */
	size_t	 namelen;
	size_t	 tagpos;	/* where the opening tag starts */
};

struct mst_parser {
	struct mst_template	*t;
	const char		*src;
	size_t			 len;
	size_t			 nodesize;	/* allocated nodes */
	struct sg_buf		 strs;
	char			 otag[MST_DELIM_MAX + 1];
	size_t			 olen;
	char			 ctag[MST_DELIM_MAX + 2]; /* room for "}"/"=" */
	size_t			 clen;
	struct mst_open		 open[MST_SECTION_DEPTH_MAX];
	size_t			 nopen;
	struct mst_error	*err;
};

/* Report a syntax error at byte offset pos of the source. */
static int
parse_error(struct mst_parser *p, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
parse_error(struct mst_parser *p, size_t pos, const char *fmt, ...)
{
	va_list	 ap;
	unsigned line = 1, col = 1;
	size_t	 i;

	for (i = 0; i < pos && i < p->len; i++) {
		if (p->src[i] == '\n') {
			line++;
			col = 1;
		} else
			col++;
	}
	if (p->err == NULL)
		return MST_ERR_SYNTAX;
	p->err->code = MST_ERR_SYNTAX;
	p->err->line = line;
	p->err->column = col;
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
	va_end(ap);
	return MST_ERR_SYNTAX;
}

/* Append a zeroed node of the given kind; its index is in *idx. */
static int
parse_node(struct mst_parser *p, enum mst_kind kind, size_t *idx)
{
	struct mst_template	*t = p->t;
	struct mst_node		*n;
	size_t			 nsize;

	if (t->nnodes == p->nodesize) {
		nsize = p->nodesize == 0 ? 64 : p->nodesize * 2;
		n = reallocarray(t->nodes, nsize, sizeof(*n));
		if (n == NULL)
			return mst_seterr(p->err, MST_ERR_NOMEM, 0, 0,
			    "out of memory");
		t->nodes = n;
		p->nodesize = nsize;
	}
	n = &t->nodes[t->nnodes];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	if (idx != NULL)
		*idx = t->nnodes;
	t->nnodes++;
	return MST_OK;
}

static int
is_linestart(const struct mst_parser *p, size_t pos)
{
	return pos == 0 || p->src[pos - 1] == '\n';
}

/* Emit the literal text src[a, b) (if not empty) as a TEXT node. */
static int
parse_text(struct mst_parser *p, size_t a, size_t b)
{
	size_t	 idx;
	int	 rc;

	if (a >= b)
		return MST_OK;
	if ((rc = parse_node(p, MST_TEXT, &idx)) != MST_OK)
		return rc;
	p->t->nodes[idx].off = a;
	p->t->nodes[idx].len = b - a;
	p->t->nodes[idx].bol = is_linestart(p, a);
	return MST_OK;
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Check a tag name src[off, off+len) and store it in p->strs split at its
 * dots; *nameoff and *nparts receive where and how many.  When dotted is
 * zero (partials) the name is stored whole.  pos is the tag position for
 * error messages.
 */
static int
parse_name(struct mst_parser *p, size_t pos, size_t off, size_t len,
    int dotted, size_t *nameoff, unsigned *nparts)
{
	const char	*s = p->src + off;
	size_t		 i;
	unsigned	 parts = 1;
	int		 rc;

	if (len == 0)
		return parse_error(p, pos, "empty tag name");
	if (len > MST_NAME_MAX)
		return parse_error(p, pos, "tag name longer than %d bytes",
		    MST_NAME_MAX);
	for (i = 0; i < len; i++)
		if (is_ws(s[i]) || s[i] == '\0')
			return parse_error(p, pos, "bad character in tag name");
	*nameoff = p->strs.len;
	if (dotted && len == 1 && s[0] == '.') {
		*nparts = 0;
		rc = sg_buf_addc(&p->strs, '\0');
	} else if (dotted) {
		for (i = 0; i < len; i++)
			if (s[i] == '.' && (i == 0 || i + 1 == len ||
			    s[i + 1] == '.'))
				return parse_error(p, pos,
				    "empty part in dotted name");
			else if (s[i] == '.')
				parts++;
		*nparts = parts;
		rc = MST_OK;
		for (i = 0; i < len && rc == MST_OK; i++)
			rc = sg_buf_addc(&p->strs, s[i] == '.' ? '\0' : s[i]);
		if (rc == MST_OK)
			rc = sg_buf_addc(&p->strs, '\0');
	} else {
		*nparts = 1;
		if ((rc = sg_buf_add(&p->strs, s, len)) == MST_OK)
			rc = sg_buf_addc(&p->strs, '\0');
	}
	if (rc != SG_BUF_OK)
		return mst_seterr(p->err, MST_ERR_NOMEM, 0, 0, "out of memory");
	return MST_OK;
}

/*
 * Apply a set-delimiter tag whose content (between the '=' signs) is
 * src[off, off+len): two whitespace-separated delimiters.
 */
static int
parse_delims(struct mst_parser *p, size_t pos, size_t off, size_t len)
{
	const char	*s = p->src + off, *e = s + len;
	const char	*o, *c;
	size_t		 ol, cl;

	while (s < e && is_ws(*s))
		s++;
	while (e > s && is_ws(e[-1]))
		e--;
	for (o = s; s < e && !is_ws(*s); s++)
		/* nothing */ ;
	ol = (size_t)(s - o);
	while (s < e && is_ws(*s))
		s++;
	for (c = s; s < e && !is_ws(*s); s++)
		/* nothing */ ;
	cl = (size_t)(s - c);
	if (ol == 0 || cl == 0 || s != e)
		return parse_error(p, pos,
		    "set-delimiter tag needs two delimiters");
	if (ol > MST_DELIM_MAX || cl > MST_DELIM_MAX)
		return parse_error(p, pos, "delimiter longer than %d bytes",
		    MST_DELIM_MAX);
	if (memchr(o, '=', ol) != NULL || memchr(c, '=', cl) != NULL ||
	    memchr(o, '\0', ol) != NULL || memchr(c, '\0', cl) != NULL)
		return parse_error(p, pos, "bad character in delimiter");
	memcpy(p->otag, o, ol);
	p->otag[ol] = '\0';
	p->olen = ol;
	memcpy(p->ctag, c, cl);
	p->ctag[cl] = '\0';
	p->clen = cl;
	return MST_OK;
}

/* A tag as found by parse_scan(). */
struct mst_tag {
	char	 type;		/* '!', '#', '^', '/', '>', '=', '{', '&', 0 */
	size_t	 start;		/* first byte of the opening delimiter */
	size_t	 end;		/* one past the closing delimiter */
	size_t	 off;		/* content, whitespace-trimmed */
	size_t	 len;
};

/* Read the tag whose opening delimiter starts at pos. */
static int
parse_scan(struct mst_parser *p, size_t pos, struct mst_tag *tag)
{
	char		 close[MST_DELIM_MAX + 2];
	size_t		 clen, a, b;
	const char	*q;

	memset(tag, 0, sizeof(*tag));
	tag->start = pos;
	a = pos + p->olen;
	tag->type = 0;
	if (a < p->len && strchr("!#^/>={&", p->src[a]) != NULL &&
	    p->src[a] != '\0') {
		tag->type = p->src[a];
		a++;
	}
	if (tag->type == '{' || tag->type == '=') {
		close[0] = tag->type == '{' ? '}' : '=';
		memcpy(close + 1, p->ctag, p->clen);
		clen = p->clen + 1;
	} else {
		memcpy(close, p->ctag, p->clen);
		clen = p->clen;
	}
	q = a <= p->len ? memmem(p->src + a, p->len - a, close, clen) : NULL;
	if (q == NULL)
		return parse_error(p, pos, "unclosed tag");
	b = (size_t)(q - p->src);
	tag->end = b + clen;
	while (a < b && is_ws(p->src[a]))
		a++;
	while (b > a && is_ws(p->src[b - 1]))
		b--;
	tag->off = a;
	tag->len = b - a;
	return MST_OK;
}

/* Handle one tag that is not a comment; standalone is the line rule. */
static int
parse_tag(struct mst_parser *p, const struct mst_tag *tag, int standalone,
    size_t indent)
{
	struct mst_node	*n;
	struct mst_open	*o;
	size_t		 idx, nameoff = 0;
	unsigned	 nparts = 0;
	int		 rc;

	switch (tag->type) {
	case '=':
		return parse_delims(p, tag->start, tag->off, tag->len);
	case '/':
		if (p->nopen == 0)
			return parse_error(p, tag->start,
			    "closing tag \"%.*s\" without open section",
			    (int)tag->len, p->src + tag->off);
		o = &p->open[p->nopen - 1];
		if (o->namelen != tag->len || memcmp(p->src + o->nameoff,
		    p->src + tag->off, tag->len) != 0)
			return parse_error(p, tag->start,
			    "closing tag \"%.*s\" does not match section "
			    "\"%.*s\"", (int)tag->len, p->src + tag->off,
			    (int)o->namelen, p->src + o->nameoff);
		p->t->nodes[o->node].end = p->t->nnodes;
		p->nopen--;
		return MST_OK;
	default:
		break;
	}
	if ((rc = parse_name(p, tag->start, tag->off, tag->len,
	    tag->type != '>', &nameoff, &nparts)) != MST_OK)
		return rc;
	if (tag->type == '#' || tag->type == '^') {
		if (p->nopen == MST_SECTION_DEPTH_MAX)
			return parse_error(p, tag->start, "sections nested "
			    "deeper than %d", MST_SECTION_DEPTH_MAX);
		if ((rc = parse_node(p, tag->type == '#' ? MST_SECTION :
		    MST_INVERTED, &idx)) != MST_OK)
			return rc;
		o = &p->open[p->nopen++];
		o->node = idx;
		o->nameoff = tag->off;
		o->namelen = tag->len;
		o->tagpos = tag->start;
	} else if (tag->type == '>') {
		if ((rc = parse_node(p, MST_PARTIAL, &idx)) != MST_OK)
			return rc;
		if (standalone) {
			p->t->nodes[idx].standalone = 1;
			p->t->nodes[idx].off = indent;
			p->t->nodes[idx].len = tag->start - indent;
		}
	} else if ((rc = parse_node(p, tag->type == 0 ? MST_VAR : MST_RAW,
	    &idx)) != MST_OK)
		return rc;
	n = &p->t->nodes[idx];
	n->name = nameoff;
	n->nparts = nparts;
	return MST_OK;
}

/*
 * The parse loop.  For each tag, decide the standalone rule: a section,
 * inverted, closing, comment, partial or set-delimiter tag that is the only
 * tag on its line, with only spaces and tabs around it, removes the whole
 * line (its leading whitespace and its line ending) from the output.
 */
static int
parse_all(struct mst_parser *p)
{
	struct mst_tag	 tag;
	const char	*q, *nl;
	size_t		 pos = 0, linestart = 0, s, next, i;
	int		 tagonline = 0, standalone, rc;

	for (;;) {
		q = pos < p->len ? memmem(p->src + pos, p->len - pos,
		    p->otag, p->olen) : NULL;
		if (q == NULL)
			return parse_text(p, pos, p->len);
		s = (size_t)(q - p->src);
		nl = s > pos ? memrchr(p->src + pos, '\n', s - pos) : NULL;
		if (nl != NULL) {
			linestart = (size_t)(nl - p->src) + 1;
			tagonline = 0;
		}
		if ((rc = parse_scan(p, s, &tag)) != MST_OK)
			return rc;

		standalone = 0;
		next = tag.end;
		if (tag.type != 0 && tag.type != '{' && tag.type != '&' &&
		    !tagonline) {
			standalone = 1;
			for (i = linestart; i < s && standalone; i++)
				if (p->src[i] != ' ' && p->src[i] != '\t')
					standalone = 0;
			while (next < p->len &&
			    (p->src[next] == ' ' || p->src[next] == '\t'))
				next++;
			if (next == p->len)
				/* end of template */ ;
			else if (p->src[next] == '\n')
				next++;
			else if (p->src[next] == '\r' && next + 1 < p->len &&
			    p->src[next + 1] == '\n')
				next += 2;
			else
				standalone = 0;
		}

		if ((rc = parse_text(p, pos, standalone ? linestart : s)) !=
		    MST_OK)
			return rc;
		if (!standalone && is_linestart(p, s) &&
		    (rc = parse_node(p, MST_INDENT, NULL)) != MST_OK)
			return rc;
		if (tag.type != '!' &&
		    (rc = parse_tag(p, &tag, standalone, linestart)) != MST_OK)
			return rc;

		if (standalone) {
			pos = linestart = next;
			tagonline = 0;
		} else {
			pos = tag.end;
			nl = memrchr(p->src + s, '\n', tag.end - s);
			if (nl != NULL)
				linestart = (size_t)(nl - p->src) + 1;
			tagonline = 1;
		}
	}
}

void
mst_free(struct mst_template *t)
{
	if (t == NULL)
		return;
	free(t->src);
	free(t->nodes);
	free(t->strs);
	free(t);
}

struct mst_template *
mst_parse(const char *src, size_t len, struct mst_error *err)
{
	struct mst_parser	 p;
	struct mst_open		*o;
	int			 rc;

	if (err != NULL)
		mst_seterr(err, MST_OK, 0, 0, "no error");
	if (len > MST_TEMPLATE_MAX) {
		mst_seterr(err, MST_ERR_TOOBIG, 0, 0,
		    "template larger than %u bytes", MST_TEMPLATE_MAX);
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.err = err;
	sg_buf_init(&p.strs, 2 * MST_TEMPLATE_MAX + 2);
	memcpy(p.otag, "{{", 3);
	p.olen = 2;
	memcpy(p.ctag, "}}", 3);
	p.clen = 2;
	if ((p.t = calloc(1, sizeof(*p.t))) == NULL ||
	    (p.t->src = malloc(len + 1)) == NULL) {
		mst_seterr(err, MST_ERR_NOMEM, 0, 0, "out of memory");
		goto fail;
	}
	if (len > 0)
		memcpy(p.t->src, src, len);
	p.t->src[len] = '\0';
	p.t->srclen = len;
	p.src = p.t->src;
	p.len = len;

	if ((rc = parse_all(&p)) != MST_OK)
		goto fail;
	if (p.nopen > 0) {
		o = &p.open[p.nopen - 1];
		parse_error(&p, o->tagpos, "unclosed section \"%.*s\"",
		    (int)o->namelen, p.src + o->nameoff);
		goto fail;
	}
	if ((p.t->strs = sg_buf_steal(&p.strs, NULL)) == NULL) {
		mst_seterr(err, MST_ERR_NOMEM, 0, 0, "out of memory");
		goto fail;
	}
	return p.t;
fail:
	sg_buf_free(&p.strs);
	mst_free(p.t);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                            */
/* ------------------------------------------------------------------ */

struct mst_indent {
	const char	*p;
	size_t		 len;
};

struct mst_render {
	const struct mst_set	*set;
	struct sg_buf		*out;
	struct mst_error	*err;
	const cJSON		*ctx[MST_NEST_MAX + 1];	/* context stack */
	size_t			 nctx;
	struct mst_indent	 indent[MST_PARTIAL_DEPTH_MAX];
	size_t			 nindent;	/* also the partial depth */
	size_t			 indentbase;	/* first indent in force */
	size_t			 depth;		/* sections + partials */
	size_t			 steps;
};

static int	render_nodes(struct mst_render *, const struct mst_template *,
		    size_t, size_t);

/* Translate an sg_buf error into an MST error. */
static int
render_buferr(struct mst_render *r, int rc)
{
	if (rc == SG_BUF_TOOBIG)
		return mst_seterr(r->err, MST_ERR_TOOBIG, 0, 0,
		    "output larger than its cap");
	return mst_seterr(r->err, MST_ERR_NOMEM, 0, 0, "out of memory");
}

static int
render_add(struct mst_render *r, const char *s, size_t len)
{
	int	 rc;

	if (len == 0)
		return MST_OK;
	if ((rc = sg_buf_add(r->out, s, len)) != SG_BUF_OK)
		return render_buferr(r, rc);
	return MST_OK;
}

/* Append s HTML-escaped: & < > " ' become entities. */
static int
render_escaped(struct mst_render *r, const char *s, size_t len)
{
	size_t		 i, run = 0;
	const char	*ent;
	int		 rc;

	for (i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			ent = "&amp;";
			break;
		case '<':
			ent = "&lt;";
			break;
		case '>':
			ent = "&gt;";
			break;
		case '"':
			ent = "&quot;";
			break;
		case '\'':
			ent = "&#39;";
			break;
		default:
			continue;
		}
		if ((rc = render_add(r, s + run, i - run)) != MST_OK ||
		    (rc = render_add(r, ent, strlen(ent))) != MST_OK)
			return rc;
		run = i + 1;
	}
	return render_add(r, s + run, len - run);
}

/*
 * Format d the way the spec expects: integers without a decimal point,
 * other values in the first of %.15g, %.16g, %.17g that reads back
 * exactly.  Non-finite values (not valid JSON) print nothing.
 */
static void
render_fmtnum(double d, char *buf, size_t size)
{
	buf[0] = '\0';
	if (d - d != 0)		/* NaN or infinity */
		return;
	if (d == 0)
		snprintf(buf, size, "0");
	else if (d > -1e15 && d < 1e15 && (double)(long long)d == d)
		snprintf(buf, size, "%lld", (long long)d);
	else {
		snprintf(buf, size, "%.15g", d);
		if (strtod(buf, NULL) != d)
			snprintf(buf, size, "%.16g", d);
		if (strtod(buf, NULL) != d)
			snprintf(buf, size, "%.17g", d);
	}
}

/* Interpolate v (may be NULL: a context miss). */
static int
render_value(struct mst_render *r, const cJSON *v, int escape)
{
	char		 num[64];
	const char	*s;

	if (v == NULL)
		return MST_OK;
	if (cJSON_IsString(v) && v->valuestring != NULL)
		s = v->valuestring;
	else if (cJSON_IsNumber(v)) {
		render_fmtnum(v->valuedouble, num, sizeof(num));
		s = num;
	} else if (cJSON_IsRaw(v) && v->valuestring != NULL)
		s = v->valuestring;	/* an exact integer (util/json.h) */
	else if (cJSON_IsTrue(v))
		s = "true";
	else if (cJSON_IsFalse(v))
		s = "false";
	else
		return MST_OK;
	return escape ? render_escaped(r, s, strlen(s)) :
	    render_add(r, s, strlen(s));
}

/*
 * Resolve the name of node n against the context stack: "." is the top of
 * the stack; otherwise the first part is looked up from the top down in the
 * contexts that are objects, and the remaining parts strictly inside the
 * value found.  Returns NULL on a miss.
 */
static const cJSON *
render_lookup(const struct mst_render *r, const struct mst_template *t,
    const struct mst_node *n)
{
	const char	*part = t->strs + n->name;
	const cJSON	*v = NULL;
	size_t		 i;
	unsigned	 k;

	if (n->nparts == 0)
		return r->nctx > 0 ? r->ctx[r->nctx - 1] : NULL;
	for (i = r->nctx; i > 0; i--)
		if (cJSON_IsObject(r->ctx[i - 1]) &&
		    (v = cJSON_GetObjectItemCaseSensitive(r->ctx[i - 1],
		    part)) != NULL)
			break;
	for (k = 1; v != NULL && k < n->nparts; k++) {
		part += strlen(part) + 1;
		v = cJSON_IsObject(v) ?
		    cJSON_GetObjectItemCaseSensitive(v, part) : NULL;
	}
	return v;
}

static int
render_falsey(const cJSON *v)
{
	return v == NULL || cJSON_IsFalse(v) || cJSON_IsNull(v) ||
	    cJSON_IsInvalid(v) || (cJSON_IsArray(v) && v->child == NULL);
}

/* Count one unit of render work against MST_RENDER_STEPS_MAX. */
static int
render_step(struct mst_render *r)
{
	if (++r->steps > MST_RENDER_STEPS_MAX)
		return mst_seterr(r->err, MST_ERR_TOOBIG, 0, 0,
		    "render visits more than %u nodes", MST_RENDER_STEPS_MAX);
	return MST_OK;
}

/* Enter one level of section or partial nesting. */
static int
render_enter(struct mst_render *r)
{
	if (r->depth >= MST_NEST_MAX)
		return mst_seterr(r->err, MST_ERR_DEPTH, 0, 0,
		    "sections and partials nested deeper than %d",
		    MST_NEST_MAX);
	r->depth++;
	return MST_OK;
}

/* Render the body [from, to) of a section with v pushed as context. */
static int
render_with(struct mst_render *r, const struct mst_template *t,
    const cJSON *v, size_t from, size_t to)
{
	int	 rc;

	if ((rc = render_step(r)) != MST_OK)
		return rc;
	r->ctx[r->nctx++] = v;
	rc = render_nodes(r, t, from, to);
	r->nctx--;
	return rc;
}

/* Render the section node at index i of t. */
static int
render_section(struct mst_render *r, const struct mst_template *t, size_t i)
{
	const struct mst_node	*n = &t->nodes[i];
	const cJSON		*v, *e;
	int			 rc;

	v = render_lookup(r, t, n);
	if (n->kind == MST_INVERTED)
		return render_falsey(v) ? render_nodes(r, t, i + 1, n->end) :
		    MST_OK;
	if (render_falsey(v))
		return MST_OK;
	if ((rc = render_enter(r)) != MST_OK)
		return rc;
	if (cJSON_IsArray(v)) {
		for (e = v->child; e != NULL && rc == MST_OK; e = e->next)
			rc = render_with(r, t, e, i + 1, n->end);
	} else
		rc = render_with(r, t, v, i + 1, n->end);
	r->depth--;
	return rc;
}

/*
 * Render the partial node n of t.  A standalone partial adds its own
 * indentation to the indentation in force; an inline one starts afresh with
 * none (its first line continues the current output line).
 */
static int
render_partial(struct mst_render *r, const struct mst_template *t,
    const struct mst_node *n)
{
	const struct mst_template	*pt;
	size_t				 savebase = r->indentbase;
	int				 rc;

	if (r->set == NULL ||
	    (pt = mst_set_get(r->set, t->strs + n->name)) == NULL)
		return MST_OK;
	if (r->nindent >= MST_PARTIAL_DEPTH_MAX)
		return mst_seterr(r->err, MST_ERR_DEPTH, 0, 0,
		    "partials nested deeper than %d", MST_PARTIAL_DEPTH_MAX);
	if ((rc = render_enter(r)) != MST_OK)
		return rc;
	r->indent[r->nindent].p = t->src + n->off;
	r->indent[r->nindent].len = n->len;
	r->nindent++;
	if (!n->standalone)
		r->indentbase = r->nindent;
	rc = render_nodes(r, pt, 0, pt->nnodes);
	r->nindent--;
	r->indentbase = savebase;
	r->depth--;
	return rc;
}

/* Print the partial indentation in force (nothing at top level). */
static int
render_indent(struct mst_render *r)
{
	size_t	 k;
	int	 rc = MST_OK;

	for (k = r->indentbase; k < r->nindent && rc == MST_OK; k++)
		rc = render_add(r, r->indent[k].p, r->indent[k].len);
	return rc;
}

/*
 * Print the text node n of t, with the partial indentation before each
 * line it starts: at its beginning when it begins a line, and after each
 * newline that is not its last byte.
 */
static int
render_text(struct mst_render *r, const struct mst_template *t,
    const struct mst_node *n)
{
	const char	*s = t->src + n->off, *e = s + n->len, *nl;
	int		 rc;

	if (r->indentbase == r->nindent)
		return render_add(r, s, n->len);
	if (n->bol && (rc = render_indent(r)) != MST_OK)
		return rc;
	while ((nl = memchr(s, '\n', (size_t)(e - s))) != NULL &&
	    nl + 1 < e) {
		if ((rc = render_add(r, s, (size_t)(nl + 1 - s))) != MST_OK ||
		    (rc = render_indent(r)) != MST_OK)
			return rc;
		s = nl + 1;
	}
	return render_add(r, s, (size_t)(e - s));
}

/* Render nodes [from, to) of t. */
static int
render_nodes(struct mst_render *r, const struct mst_template *t,
    size_t from, size_t to)
{
	const struct mst_node	*n;
	size_t			 i;
	int			 rc = MST_OK;

	for (i = from; i < to && rc == MST_OK; i++) {
		if ((rc = render_step(r)) != MST_OK)
			break;
		n = &t->nodes[i];
		switch (n->kind) {
		case MST_TEXT:
			rc = render_text(r, t, n);
			break;
		case MST_INDENT:
			rc = render_indent(r);
			break;
		case MST_VAR:
		case MST_RAW:
			rc = render_value(r, render_lookup(r, t, n),
			    n->kind == MST_VAR);
			break;
		case MST_SECTION:
		case MST_INVERTED:
			rc = render_section(r, t, i);
			i = n->end - 1;
			break;
		case MST_PARTIAL:
			rc = render_partial(r, t, n);
			break;
		}
	}
	return rc;
}

int
mst_render(const struct mst_template *t, const cJSON *data,
    const struct mst_set *partials, struct sg_buf *out,
    struct mst_error *err)
{
	struct mst_render	*r;
	int			 rc;

	if (err != NULL)
		mst_seterr(err, MST_OK, 0, 0, "no error");
	if (t == NULL || out == NULL)
		return mst_seterr(err, MST_ERR_INVAL, 0, 0,
		    "no template or no output buffer");
	/* About 3 KiB of state: keep it off the caller's stack. */
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return mst_seterr(err, MST_ERR_NOMEM, 0, 0, "out of memory");
	r->set = partials;
	r->out = out;
	r->err = err;
	if (data != NULL)
		r->ctx[r->nctx++] = data;
	rc = render_nodes(r, t, 0, t->nnodes);
	free(r);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Sets                                                                 */
/* ------------------------------------------------------------------ */

struct mst_set *
mst_set_new(void)
{
	return calloc(1, sizeof(struct mst_set));
}

void
mst_set_free(struct mst_set *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->v[i].name);
		mst_free(s->v[i].t);
	}
	free(s->v);
	sg_i18n_free(s->i18n);
	free(s);
}

int
mst_set_load_i18n(struct mst_set *s, const char *dir, struct mst_error *err)
{
	struct sg_i18n	*c;
	char		 why[256];

	if (s->i18n != NULL)
		return mst_seterr(err, MST_ERR_INVAL, 0, 0,
		    "%s: the set has its catalogues already", dir);
	if ((c = sg_i18n_new()) == NULL)
		return mst_seterr(err, MST_ERR_NOMEM, 0, 0, "out of memory");
	if (sg_i18n_load_dir(c, dir, why, sizeof(why)) == -1) {
		sg_i18n_free(c);
		return mst_seterr(err, MST_ERR_INVAL, 0, 0, "%s: %s", dir, why);
	}
	s->i18n = c;
	return MST_OK;
}

const struct sg_i18n *
mst_set_i18n(const struct mst_set *s)
{
	return s == NULL ? NULL : s->i18n;
}

size_t
mst_set_count(const struct mst_set *s)
{
	return s == NULL ? 0 : s->n;
}

/*
 * Binary search for name; returns its index, or the index where it would be
 * inserted with *found set to zero.
 */
static size_t
set_find(const struct mst_set *s, const char *name, int *found)
{
	size_t	 lo = 0, hi = s->n, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(name, s->v[mid].name)) == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*found = 0;
	return lo;
}

const struct mst_template *
mst_set_get(const struct mst_set *s, const char *name)
{
	size_t	 i;
	int	 found;

	if (s == NULL || name == NULL)
		return NULL;
	i = set_find(s, name, &found);
	return found ? s->v[i].t : NULL;
}

int
mst_set_add(struct mst_set *s, const char *name, const char *src,
    size_t len, struct mst_error *err)
{
	struct mst_template	*t;
	struct mst_entry	*v;
	char			*copy, msg[sizeof(err->message)];
	size_t			 i, nlen, nsize;
	int			 found;

	nlen = name == NULL ? 0 : strlen(name);
	if (nlen == 0 || nlen > MST_NAME_MAX || strchr(name, '/') != NULL)
		return mst_seterr(err, MST_ERR_INVAL, 0, 0,
		    "bad template name");
	i = set_find(s, name, &found);
	if (found)
		return mst_seterr(err, MST_ERR_INVAL, 0, 0,
		    "%s: duplicate template name", name);
	if (s->n >= MST_SET_MAX)
		return mst_seterr(err, MST_ERR_INVAL, 0, 0,
		    "%s: more than %d templates", name, MST_SET_MAX);
	if ((t = mst_parse(src, len, err)) == NULL) {
		if (err != NULL) {
			memcpy(msg, err->message, sizeof(msg));
			mst_seterr(err, err->code, err->line, err->column,
			    "%s: %s", name, msg);
		}
		return err != NULL ? err->code : MST_ERR_SYNTAX;
	}
	if (s->n == s->size) {
		nsize = s->size == 0 ? 16 : s->size * 2;
		if ((v = reallocarray(s->v, nsize, sizeof(*v))) == NULL) {
			mst_free(t);
			return mst_seterr(err, MST_ERR_NOMEM, 0, 0,
			    "out of memory");
		}
		s->v = v;
		s->size = nsize;
	}
	if ((copy = strdup(name)) == NULL) {
		mst_free(t);
		return mst_seterr(err, MST_ERR_NOMEM, 0, 0, "out of memory");
	}
	memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof(*s->v));
	s->v[i].name = copy;
	s->v[i].t = t;
	s->n++;
	return MST_OK;
}

/* scandir() filter: visible NAME.mustache with a non-empty NAME. */
static int
set_filter(const struct dirent *d)
{
	size_t	 len = strlen(d->d_name);
	size_t	 sl = sizeof(".mustache") - 1;

	return d->d_name[0] != '.' && len > sl &&
	    strcmp(d->d_name + len - sl, ".mustache") == 0;
}

/*
 * Read the whole regular file name in dir into a malloc'd buffer (*lenp
 * bytes), refusing files over MST_TEMPLATE_MAX.
 */
static int
set_read(const char *dir, const char *name, char **bufp, size_t *lenp,
    struct mst_error *err)
{
	char		 path[PATH_MAX];
	struct stat	 st;
	char		*buf = NULL;
	size_t		 got = 0;
	ssize_t		 n;
	int		 fd, rc;

	*bufp = NULL;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return mst_seterr(err, MST_ERR_IO, 0, 0, "%s: path too long",
		    name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return mst_seterr(err, MST_ERR_IO, 0, 0, "%s: %s", path,
		    strerror(errno));
	if (fstat(fd, &st) == -1) {
		rc = mst_seterr(err, MST_ERR_IO, 0, 0, "%s: %s", path,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = mst_seterr(err, MST_ERR_IO, 0, 0,
		    "%s: not a regular file", path);
		goto out;
	}
	if (st.st_size < 0 || (unsigned long long)st.st_size >
	    MST_TEMPLATE_MAX) {
		rc = mst_seterr(err, MST_ERR_TOOBIG, 0, 0,
		    "%s: template larger than %u bytes", path,
		    MST_TEMPLATE_MAX);
		goto out;
	}
	/* One spare byte detects a file that grew since fstat(). */
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		rc = mst_seterr(err, MST_ERR_NOMEM, 0, 0, "out of memory");
		goto out;
	}
	while (got < (size_t)st.st_size + 1) {
		n = read(fd, buf + got, (size_t)st.st_size + 1 - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			rc = mst_seterr(err, MST_ERR_IO, 0, 0, "%s: %s", path,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got > (size_t)st.st_size) {
		rc = mst_seterr(err, MST_ERR_IO, 0, 0,
		    "%s: changed while reading", path);
		goto out;
	}
	*bufp = buf;
	*lenp = got;
	buf = NULL;
	rc = MST_OK;
out:
	free(buf);
	close(fd);
	return rc;
}

int
mst_set_load_dir(struct mst_set *s, const char *dir, struct mst_error *err)
{
	struct dirent	**list = NULL;
	char		 *buf, name[MST_NAME_MAX + 1];
	size_t		  len, nlen;
	int		  n, i, rc = MST_OK;

	if ((n = scandir(dir, &list, set_filter, alphasort)) == -1)
		return mst_seterr(err, MST_ERR_IO, 0, 0, "%s: %s", dir,
		    strerror(errno));
	for (i = 0; i < n && rc == MST_OK; i++) {
		nlen = strlen(list[i]->d_name) - (sizeof(".mustache") - 1);
		if (nlen > MST_NAME_MAX) {
			rc = mst_seterr(err, MST_ERR_INVAL, 0, 0,
			    "%s: template name too long", list[i]->d_name);
			break;
		}
		memcpy(name, list[i]->d_name, nlen);
		name[nlen] = '\0';
		if ((rc = set_read(dir, list[i]->d_name, &buf, &len, err)) !=
		    MST_OK)
			break;
		rc = mst_set_add(s, name, buf, len, err);
		free(buf);
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return rc;
}

int
mst_set_render(const struct mst_set *s, const char *name, const cJSON *data,
    struct sg_buf *out, struct mst_error *err)
{
	const struct mst_template	*t;

	if ((t = mst_set_get(s, name)) == NULL)
		return mst_seterr(err, MST_ERR_NOTFOUND, 0, 0,
		    "%s: no such template", name == NULL ? "(null)" : name);
	return mst_render(t, data, s, out, err);
}
