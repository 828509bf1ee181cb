/* buf.c — bounded growable byte buffers; see buf.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void
sg_buf_init(struct sg_buf *b, size_t cap)
{
	b->data = NULL;
	b->len = 0;
	b->size = 0;
	b->cap = cap;
}

void
sg_buf_free(struct sg_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->size = 0;
}

void
sg_buf_reset(struct sg_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static size_t
buf_cap(const struct sg_buf *b)
{
	return b->cap == 0 ? SG_BUF_DEFAULT_CAP : b->cap;
}

/* Make room for n more bytes plus the terminator. */
static int
buf_reserve(struct sg_buf *b, size_t n)
{
	size_t	 need, nsize;
	char	*p;

	if (n > buf_cap(b) || b->len > buf_cap(b) - n)
		return SG_BUF_TOOBIG;
	need = b->len + n + 1;
	if (need <= b->size)
		return SG_BUF_OK;
	nsize = b->size < 64 ? 64 : b->size;
	while (nsize < need)
		nsize = nsize > ((size_t)-1) / 2 ? need : nsize * 2;
	if ((p = realloc(b->data, nsize)) == NULL)
		return SG_BUF_NOMEM;
	b->data = p;
	b->size = nsize;
	return SG_BUF_OK;
}

int
sg_buf_add(struct sg_buf *b, const void *p, size_t n)
{
	int	 rc;

	if ((rc = buf_reserve(b, n)) != SG_BUF_OK)
		return rc;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return SG_BUF_OK;
}

int
sg_buf_adds(struct sg_buf *b, const char *s)
{
	return sg_buf_add(b, s, strlen(s));
}

int
sg_buf_addc(struct sg_buf *b, char c)
{
	return sg_buf_add(b, &c, 1);
}

int
sg_buf_vprintf(struct sg_buf *b, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n, rc;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return SG_BUF_NOMEM;
	if ((rc = buf_reserve(b, (size_t)n)) != SG_BUF_OK)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return SG_BUF_OK;
}

int
sg_buf_printf(struct sg_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = sg_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *
sg_buf_steal(struct sg_buf *b, size_t *lenp)
{
	char	*p;

	if (b->data == NULL) {
		if ((p = malloc(1)) == NULL)
			return NULL;
		p[0] = '\0';
	} else
		p = b->data;
	if (lenp != NULL)
		*lenp = b->len;
	b->data = NULL;
	b->len = 0;
	b->size = 0;
	return p;
}
