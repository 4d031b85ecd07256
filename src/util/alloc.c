/* The one allocation hook (lua_Alloc style) and the helpers that go through it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "util/util.h"

static void *default_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	(void)ud;
	(void)osize;
	if (nsize == 0) {
		free(ptr);
		return NULL;
	}
	return realloc(ptr, nsize);
}

static plenum_alloc_fn alloc_fn = default_alloc;
static void *alloc_ud;

void plenum_set_allocator(plenum_alloc_fn fn, void *ud)
{
	alloc_fn = fn ? fn : default_alloc;
	alloc_ud = fn ? ud : NULL;
}

void *ut_malloc(size_t n)
{
	return alloc_fn(alloc_ud, NULL, 0, n ? n : 1);
}

void *ut_realloc(void *p, size_t n)
{
	return alloc_fn(alloc_ud, p, 0, n ? n : 1);
}

void ut_free(void *p)
{
	if (p)
		alloc_fn(alloc_ud, p, 0, 0);
}

void plenum_free(void *p)
{
	ut_free(p);
}

void *ut_mallocarray(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	return ut_malloc(count * size);
}

void *ut_calloc(size_t count, size_t size)
{
	void *p = ut_mallocarray(count, size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

void ut_hugepages(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1),
	          hi = ((uintptr_t)p + bytes) & ~(huge - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo,
		              MADV_HUGEPAGE); /* a hint: failure costs nothing */
#else
	(void)p, (void)bytes;
#endif
}

void *ut_big_array(size_t count, size_t size, int zero)
{
	void *p = ut_mallocarray(count, size);
	if (p) {
		ut_hugepages(p, count * size);
		if (zero)
			memset(p, 0, count * size);
	}
	return p;
}

char *ut_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = ut_malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}
