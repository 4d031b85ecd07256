/* The allocation-failure walk that several test files run (test.h). */
#include <stdlib.h>
#include "plenum/status.h"
#include "test.h"

static struct {
	long fail_at, count, live;
} walk;

/* Fails the walk.fail_at-th allocation; counts the blocks alive. */
static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	(void)ud;
	(void)osize;
	if (nsize == 0) {
		if (ptr) {
			free(ptr);
			walk.live--;
		}
		return NULL;
	}
	if (++walk.count == walk.fail_at)
		return NULL;
	void *p = realloc(ptr, nsize);
	if (p && !ptr)
		walk.live++;
	return p;
}

long test_alloc_walk(int (*fn)(void))
{
	for (long n = 1; n < 200000; n++) {
		walk.fail_at = n;
		walk.count = 0;
		walk.live = 0;
		plenum_set_allocator(failing_alloc, NULL);
		int rc = fn();
		plenum_set_allocator(NULL, NULL);
		if (walk.live != 0 || (rc != PLENUM_OK && rc != PLENUM_ENOMEM)) {
			fprintf(stderr, "failing allocation %ld: status %d, %ld blocks alive\n", n, rc,
			        walk.live);
			return -1;
		}
		if (rc == PLENUM_OK && walk.count >= n) {
			fprintf(stderr, "failing allocation %ld was not reported\n", n);
			return -1;
		}
		if (rc == PLENUM_OK)
			return n - 1;
	}
	return -1;
}
