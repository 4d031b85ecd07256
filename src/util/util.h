/* util: allocation through the one hook, growable buffers, diagnostics, string pools, their
 * indexes and a string-to-index map. Internal to libplenum (prefix ut_). */
#ifndef PLENUM_UTIL_H
#define PLENUM_UTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "plenum/status.h"

#ifdef __GNUC__
#define UT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define UT_PRINTF(a, b)
#endif

/* Defensive checks that should never fire, labelled as such (SQLite's NEVER). */
#define NEVER(x) __builtin_expect(!!(x), 0)

/* Allocation through the hook set by plenum_set_allocator. Sizes overflow-checked. */
void *ut_malloc(size_t n);
void *ut_calloc(size_t count, size_t size);
void *ut_realloc(void *p, size_t n);
void *ut_mallocarray(size_t count, size_t size);
void ut_free(void *p);
char *ut_strdup(const char *s);
/* Asks for huge pages on the 2 MiB-aligned inside of [p, p + bytes), before first touch:
 * random reads of a vector of 10^7 doubles miss the TLB on nearly every read with 4 KiB
 * pages. A hint: nothing happens where the system has no transparent huge pages. */
void ut_hugepages(void *p, size_t bytes);
/* ut_mallocarray for arrays read at random (vectors gathered by sparse products, their
 * matrices): huge pages asked for before the first touch, zeroed when zero != 0. */
void *ut_big_array(size_t count, size_t size, int zero);

/* Diagnostics: sets d->message (printf-style). Returns status so that callers can write
 * `return ut_fail(d, PLENUM_EFORMAT, "...")`. d may be NULL. */
int ut_fail(plenum_diag *d, int status, const char *fmt, ...) UT_PRINTF(3, 4);
/* Counts a warning of magnitude size; keeps the message if it is the worst so far. */
void ut_warn(plenum_diag *d, double size, const char *fmt, ...) UT_PRINTF(3, 4);

/* A growable byte buffer. len excludes the NUL kept after the data. */
typedef struct ut_buf {
	char *data;
	size_t len, cap;
} ut_buf;
int ut_buf_reserve(ut_buf *b, size_t extra);
int ut_buf_append(ut_buf *b, const void *data, size_t n);
int ut_buf_printf(ut_buf *b, const char *fmt, ...) UT_PRINTF(2, 3);
void ut_buf_free(ut_buf *b);

/* A pool of NUL-terminated strings addressed by index: offsets into one buffer, so that
 * millions of keys cost two allocations. off has count+1 entries when frozen. */
typedef struct ut_strpool {
	ut_buf bytes;
	int64_t *off; /* length count (start of each string) */
	int64_t count, cap;
} ut_strpool;
/* Appends s (n bytes) and returns its index, or -1 when out of memory. */
int64_t ut_strpool_add(ut_strpool *p, const char *s, size_t n);
const char *ut_strpool_get(const ut_strpool *p, int64_t i);
void ut_strpool_free(ut_strpool *p);

/* An open-addressing map from string keys to int64 indices. Keys are borrowed: they must
 * outlive the map. */
typedef struct ut_map {
	const char **keys; /* length cap */
	int64_t *vals;     /* length cap */
	int64_t count, cap;
} ut_map;
/* Inserts key -> val. Returns PLENUM_OK, PLENUM_EDUPLICATE (map unchanged, *old set to the
 * existing value when old != NULL) or PLENUM_ENOMEM. */
int ut_map_put(ut_map *m, const char *key, int64_t val, int64_t *old);
/* Value for key, or -1. */
int64_t ut_map_get(const ut_map *m, const char *key);
void ut_map_free(ut_map *m);
uint64_t ut_hash(const char *s, size_t n);

/* An index of the strings of a ut_strpool: open addressing over their indices, not their
 * pointers, which move when the pool grows (a ut_map could not index a pool still being
 * filled). Finding a string is O(1) expected, so that reading n labels and checking each
 * against those before is linear, not quadratic. The pool is passed to every call and
 * must be the one indexed. */
typedef struct ut_strindex {
	int64_t *slot; /* length cap, a power of two: 1 + a pool index, or 0 for empty */
	int64_t cap, count;
} ut_strindex;
/* The index in p of the string s, or -1 when none of those indexed is s. */
int64_t ut_strindex_find(const ut_strindex *x, const ut_strpool *p, const char *s);
/* Indexes string i of p. A string equal to one already indexed keeps the first index, as
 * a scan of the pool from its start would find. PLENUM_OK or PLENUM_ENOMEM (x unchanged). */
int ut_strindex_add(ut_strindex *x, const ut_strpool *p, int64_t i);
/* Indexes every string of p, in order (x is usually empty), with one allocation of slots for
 * all of them: PLENUM_OK or PLENUM_ENOMEM. */
int ut_strindex_build(ut_strindex *x, const ut_strpool *p);
void ut_strindex_free(ut_strindex *x);

/* Monotonic wall clock in seconds. */
double ut_now(void);

/* Checks that s (n bytes) is valid UTF-8. */
int ut_utf8_valid(const char *s, size_t n);
/* The length of s cut to at most max bytes without cutting a character in two (for "%.*s"). */
size_t ut_utf8_prefix(const char *s, size_t max);

/* Numbers the C way whatever the program's locale (util/locale.c): between begin and end
 * the calling thread's printf and strtod use '.' for the decimal point. */
#include <locale.h>
typedef struct ut_numeric {
	locale_t old; /* the thread's locale before; (locale_t)0 when it was not switched */
} ut_numeric;
ut_numeric ut_numeric_begin(void);
void ut_numeric_end(ut_numeric n);
/* strtod in the C locale. */
double ut_strtod(const char *s, char **end);
/* x rounded to 15 significant decimal digits, at any magnitude: a sum of decimals as people
 * wrote them, without the binary noise of adding them (ten needs of 0.327 sum to
 * 3.2699999999999996; this gives 3.27). Zero, infinities and NaN are returned as they are. */
double ut_round15(double x);

/* An output file that appears whole or not at all: written under a unique temporary name
 * beside the file (beside where a symbolic link leads, so that the link stays) and renamed
 * over it by ut_wfile_commit. A path that is not a regular file (/dev/null, a FIFO) is
 * written in place, never replaced. A new file gets 0666 less the umask, an existing one
 * keeps its permissions. */
typedef struct ut_wfile {
	int fd;
	char *path;  /* as given, for messages; NULL when not open */
	char *final; /* where the file goes: path, or where its links lead */
	char *tmp;   /* the temporary name; NULL when writing in place */
} ut_wfile;
/* Opens w->fd for writing. A one-line error (an empty name, a directory, a link to
 * nothing, a directory that cannot take the file) and nothing created on failure. */
int ut_wfile_open(ut_wfile *w, const char *path, plenum_diag *d);
/* Writes all n bytes of data to w->fd (again after EINTR and short writes); the errno of
 * the failure, 0 when all went. */
int ut_wfile_write(ut_wfile *w, const void *data, size_t n);
/* Closes the file; err is the errno of a write that failed (0: none), which makes it an
 * error that removes the temporary file, as a failed close does. */
int ut_wfile_close(ut_wfile *w, int err, plenum_diag *d);
/* Renames the closed file into place (closing it first when it is still open). */
int ut_wfile_commit(ut_wfile *w, plenum_diag *d);
/* Closes and removes the temporary file; safe twice and on a zeroed w. */
void ut_wfile_abort(ut_wfile *w);

#endif
