/*
 * buf.h — bounded growable byte buffers.
 *
 * A struct sg_buf owns its heap memory (b->data); sg_buf_free() releases it
 * and leaves the buffer empty and reusable.  Every buffer has a cap: an append
 * that would make it longer than b->cap fails with SG_BUF_TOOBIG and leaves the
 * contents unchanged.  Allocation failure returns SG_BUF_NOMEM, also leaving
 * the contents unchanged.  The data is always NUL-terminated (when non-NULL),
 * so b->data can be used as a C string when no NUL was appended.
 *
 * Conventions: functions return 0 (SG_BUF_OK) on success, a negative
 * SG_BUF_* code on failure.  sg_buf_free(NULL) is a no-op.
 */
#ifndef SG_UTIL_BUF_H
#define SG_UTIL_BUF_H

#include <stddef.h>
#include <stdarg.h>

#define SG_BUF_OK      0
#define SG_BUF_NOMEM  (-1)
#define SG_BUF_TOOBIG (-2)

struct sg_buf {
	char	*data;	/* NUL-terminated, or NULL while empty */
	size_t	 len;	/* bytes used, excluding the terminator */
	size_t	 size;	/* bytes allocated */
	size_t	 cap;	/* maximum len; 0 means SG_BUF_DEFAULT_CAP */
};

/* Default cap when b->cap is 0: 16 MiB. */
#define SG_BUF_DEFAULT_CAP (16u * 1024u * 1024u)

/* Initialise an empty buffer whose length may never exceed cap bytes. */
void	sg_buf_init(struct sg_buf *b, size_t cap);
void	sg_buf_free(struct sg_buf *b);
/* Forget the contents, keep the allocation. */
void	sg_buf_reset(struct sg_buf *b);
int	sg_buf_add(struct sg_buf *b, const void *p, size_t n);
int	sg_buf_adds(struct sg_buf *b, const char *s);
int	sg_buf_addc(struct sg_buf *b, char c);
int	sg_buf_printf(struct sg_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	sg_buf_vprintf(struct sg_buf *b, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
/*
 * Hand the contents to the caller: returns a malloc'd NUL-terminated string
 * (an empty one for an empty buffer, NULL on allocation failure) and leaves
 * the buffer empty.  The caller frees the result.
 */
char	*sg_buf_steal(struct sg_buf *b, size_t *lenp);

#endif
