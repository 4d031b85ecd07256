/* Growable buffers and string pools. */
#include <stdio.h>
#include <string.h>
#include "util/util.h"

int ut_buf_reserve(ut_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		return PLENUM_ENOMEM;
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return PLENUM_OK;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = ut_realloc(b->data, cap);
	if (!p)
		return PLENUM_ENOMEM;
	b->data = p;
	b->cap = cap;
	return PLENUM_OK;
}

int ut_buf_append(ut_buf *b, const void *data, size_t n)
{
	if (ut_buf_reserve(b, n))
		return PLENUM_ENOMEM;
	if (n)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
	return PLENUM_OK;
}

int ut_buf_printf(ut_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || ut_buf_reserve(b, (size_t)n))
		return PLENUM_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return PLENUM_OK;
}

void ut_buf_free(ut_buf *b)
{
	ut_free(b->data);
	memset(b, 0, sizeof *b);
}

int64_t ut_strpool_add(ut_strpool *p, const char *s, size_t n)
{
	if (p->count == p->cap) {
		int64_t cap = p->cap ? p->cap * 2 : 64;
		int64_t *off = ut_realloc(p->off, (size_t)cap * sizeof *off);
		if (!off)
			return -1;
		p->off = off;
		p->cap = cap;
	}
	int64_t start = (int64_t)p->bytes.len;
	if (ut_buf_append(&p->bytes, s, n) || ut_buf_append(&p->bytes, "", 1))
		return -1;
	p->off[p->count] = start;
	return p->count++;
}

const char *ut_strpool_get(const ut_strpool *p, int64_t i)
{
	return p->bytes.data + p->off[i];
}

void ut_strpool_free(ut_strpool *p)
{
	ut_buf_free(&p->bytes);
	ut_free(p->off);
	memset(p, 0, sizeof *p);
}
