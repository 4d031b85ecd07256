/* The unit-test harness: one binary, tests listed in test-list.h (libuv's manner), each run
 * by name from ctest. A failed CHECK prints file:line and the expression and fails the test. */
#ifndef PLENUM_TEST_H
#define PLENUM_TEST_H
#include <math.h>
#include <stdio.h>
#include <string.h>

extern int test_failures;

#define CHECK(cond)                                                                     \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			test_failures++;                                                \
			return;                                                         \
		}                                                                       \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                              \
	do {                                                                            \
		long long a_ = (long long)(a), b_ = (long long)(b);                     \
		if (a_ != b_) {                                                         \
			fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, \
			        __LINE__, #a, a_, #b, b_);                              \
			test_failures++;                                                \
			return;                                                         \
		}                                                                       \
	} while (0)

/* |a - b| <= tol * max(1, |b|) */
#define CHECK_NEAR(a, b, tol)                                                           \
	do {                                                                            \
		double a_ = (a), b_ = (b);                                              \
		if (!(fabs(a_ - b_) <= (tol) * fmax(1.0, fabs(b_)))) {                  \
			fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g (tol %g)\n",       \
			        __FILE__, __LINE__, #a, a_, b_, (double)(tol));        \
			test_failures++;                                                \
			return;                                                         \
		}                                                                       \
	} while (0)

#define CHECK_STR(a, b)                                                                 \
	do {                                                                            \
		const char *a_ = (a), *b_ = (b);                                        \
		if (!a_ || strcmp(a_, b_) != 0) {                                       \
			fprintf(stderr, "%s:%d: %s = \"%s\", expected \"%s\"\n", __FILE__,    \
			        __LINE__, #a, a_ ? a_ : "(null)", b_);                  \
			test_failures++;                                                \
			return;                                                         \
		}                                                                       \
	} while (0)

/* Path of a file under tests/data (the build passes the source directory). */
const char *test_data(const char *rel);
/* A fresh empty temporary directory for this test (removed by the harness at exit). */
const char *test_tmpdir(void);
/* Writes text as dir/name (name alone when dir is NULL): 0, or -1 when it could not. */
int test_put(const char *dir, const char *name, const char *text);

#define TEST(name)                 \
	void test_##name(void);    \
	void test_##name(void)

/* The allocation-failure walk (test_walk.c): runs fn with allocation 1, 2, ... failing until
 * it succeeds. Every failure must return PLENUM_ENOMEM and leave no block alive, and fn must
 * not succeed past a failed allocation (a swallowed failure means a degraded result that
 * nobody was told about). Returns the number of allocations before the first success, or -1
 * with a line on stderr. */
long test_alloc_walk(int (*fn)(void));

#endif
