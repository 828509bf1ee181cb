/*
 * mustache.h — a Mustache template engine over cJSON data.
 *
 * Templates are compiled once (at start-up) and rendered many times.  A
 * compiled struct mst_template is immutable after mst_parse() returns, so one
 * template (or one struct mst_set) may be rendered by several threads at once;
 * all render state lives on the caller's stack and in the caller's sg_buf.
 *
 * Supported: variables ({{x}} HTML-escaped: & < > " ' become &amp; &lt; &gt;
 * &quot; &#39;; {{{x}}} and {{&x}} raw), sections, inverted sections,
 * comments, partials (with the standalone indentation rule), set delimiters,
 * dotted names, the implicit iterator {{.}} and every standalone-line rule of
 * the Mustache specification v1.x (lambdas are not supported).
 *
 * Data semantics:
 *  - falsey: false, null, an empty array, a missing name.  Everything else,
 *    including "" and 0, is truthy.
 *  - a section over an array renders once per element with the element as
 *    context; over an object, once with the object pushed; over any other
 *    truthy value, once with that value pushed (so {{.}} shows it).
 *  - interpolation: strings as they are, numbers in shortest round-trip form
 *    (85 -> "85", 1.210 -> "1.21"), true/false as "true"/"false", null,
 *    arrays and objects as nothing.
 *  - a partial that is not in the set renders as nothing.
 *
 * Ownership: mst_parse() returns a template the caller frees with mst_free().
 * A set owns the templates added to it; mst_set_get() returns a pointer that
 * stays valid until mst_set_free().  Source text passed in is copied; the
 * caller keeps ownership of it.  mst_render() appends to the caller's
 * sg_buf and never frees it.  mst_free(NULL) and mst_set_free(NULL) are no-ops.
 *
 * Errors: functions returning int return MST_OK (0) on success or a negative
 * MST_ERR_* code; functions returning a pointer return NULL on failure.  In
 * both cases, when err is not NULL it is filled in: err->code holds the code,
 * err->line/err->column the 1-based position in the template source for
 * syntax errors (0 otherwise), and err->message a NUL-terminated description
 * (for templates in a set it starts with the template name).  After a failed
 * mst_render() the output buffer holds a partial rendering the caller should
 * discard.
 */
#ifndef SG_RENDER_MUSTACHE_H
#define SG_RENDER_MUSTACHE_H

#include <stddef.h>

#include <cJSON.h>

#include "util/buf.h"

/* Largest template source accepted by mst_parse(): 1 MiB. */
#define MST_TEMPLATE_MAX	(1024u * 1024u)
/* Longest tag name (variable, section or partial name), in bytes. */
#define MST_NAME_MAX		255
/* Longest delimiter accepted by a set-delimiter tag, in bytes. */
#define MST_DELIM_MAX		16
/* Deepest section nesting within one template (checked at parse). */
#define MST_SECTION_DEPTH_MAX	64
/* Deepest partial nesting at render (recursive partials are legal). */
#define MST_PARTIAL_DEPTH_MAX	64
/* Deepest combined section + partial nesting at render. */
#define MST_NEST_MAX		256
/* Most nodes (text runs, tags, list items) one render may visit. */
#define MST_RENDER_STEPS_MAX	(4u * 1024u * 1024u)
/* Most templates in one set. */
#define MST_SET_MAX		1024

#define MST_OK		  0
#define MST_ERR_NOMEM	(-1)	/* allocation failed */
#define MST_ERR_SYNTAX	(-2)	/* template does not parse */
#define MST_ERR_TOOBIG	(-3)	/* template, output or render work over its cap */
#define MST_ERR_DEPTH	(-4)	/* nesting deeper than a *_DEPTH_MAX/NEST_MAX cap */
#define MST_ERR_IO	(-5)	/* reading a template directory failed */
#define MST_ERR_INVAL	(-6)	/* bad argument: duplicate or bad name, full set */
#define MST_ERR_NOTFOUND (-7)	/* mst_set_render(): no template of that name */

struct mst_error {
	int		 code;		/* MST_ERR_* */
	unsigned	 line;		/* 1-based, 0 when not about a position */
	unsigned	 column;	/* 1-based byte column, 0 likewise */
	char		 message[320];
};

struct mst_template;	/* compiled, immutable, shareable */
struct mst_set;		/* named templates; partials resolve against it */

/*
 * Compile len bytes of src (need not be NUL-terminated).  Returns a new
 * template, or NULL with err filled in (MST_ERR_SYNTAX with a position,
 * MST_ERR_TOOBIG when len > MST_TEMPLATE_MAX, MST_ERR_NOMEM).
 */
struct mst_template	*mst_parse(const char *src, size_t len,
			    struct mst_error *err);
void			 mst_free(struct mst_template *t);

/*
 * Render t with data as the root context (NULL renders as an empty context),
 * appending to out.  Partials are looked up by name in partials (may be
 * NULL: then every partial renders as nothing).  Fails with MST_ERR_TOOBIG
 * when out's cap is hit or the render visits more than MST_RENDER_STEPS_MAX
 * nodes, MST_ERR_DEPTH when nesting exceeds a cap, MST_ERR_NOMEM, and
 * MST_ERR_INVAL when t or out is NULL.
 */
int	 mst_render(const struct mst_template *t, const cJSON *data,
	    const struct mst_set *partials, struct sg_buf *out,
	    struct mst_error *err);

struct mst_set	*mst_set_new(void);
void		 mst_set_free(struct mst_set *s);
/*
 * Compile src and add it under name (1..MST_NAME_MAX bytes, no '/').
 * A name already in the set is MST_ERR_INVAL.
 */
int		 mst_set_add(struct mst_set *s, const char *name,
		    const char *src, size_t len, struct mst_error *err);
/*
 * Add every regular file NAME.mustache in dir (names starting with '.' are
 * skipped), in name order.  Stops at the first failure; templates added
 * before it stay in the set.
 */
int		 mst_set_load_dir(struct mst_set *s, const char *dir,
		    struct mst_error *err);
/* The template called name, or NULL.  Valid until mst_set_free(s). */
const struct mst_template *mst_set_get(const struct mst_set *s,
		    const char *name);
/* Number of templates in s. */
size_t		 mst_set_count(const struct mst_set *s);
/*
 * Load the language catalogues of dir (render/i18n.h: every TAG.json,
 * checked as a set) into s, once; s frees them.  MST_ERR_INVAL with the
 * reason when one does not load or the set is incomplete.
 */
struct sg_i18n;
int		 mst_set_load_i18n(struct mst_set *s, const char *dir,
		    struct mst_error *err);
/* The catalogues of s, or NULL when none were loaded. */
const struct sg_i18n *mst_set_i18n(const struct mst_set *s);
/* Render the template called name with s as partials (see mst_render()). */
int		 mst_set_render(const struct mst_set *s, const char *name,
		    const cJSON *data, struct sg_buf *out,
		    struct mst_error *err);

#endif
