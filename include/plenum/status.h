/* plenum status codes, diagnostics and the allocation hook: what every call returns and how. */
#ifndef PLENUM_STATUS_H
#define PLENUM_STATUS_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(PLENUM_BUILDING) && defined(__GNUC__)
#define PLENUM_API __attribute__((visibility("default")))
#else
#define PLENUM_API
#endif
#ifdef __GNUC__
#define PLENUM_NODISCARD __attribute__((warn_unused_result))
#else
#define PLENUM_NODISCARD
#endif

/* The one table of status codes: X(NAME, value, "short description").
 * A call's status says whether the call worked; what a solver found is reported apart
 * (see plenum_solve_info and the plan's model status). */
#define PLENUM_STATUS_TABLE(X)                                                   \
	X(OK, 0, "success")                                                      \
	X(ENOMEM, 1, "out of memory")                                            \
	X(EINVAL, 2, "invalid argument")                                         \
	X(EIO, 3, "input/output error")                                          \
	X(EFORMAT, 4, "malformed input")                                         \
	X(ENOTFOUND, 5, "not found")                                             \
	X(EDUPLICATE, 6, "duplicate key")                                        \
	X(ENOSURPLUS, 7, "economy cannot produce a surplus")                     \
	X(ENOCONVERGE, 8, "solver did not converge")                             \
	X(ESTRUCTURE, 9, "economy has the wrong structure for this computation") \
	X(EINFEASIBLE, 10, "problem is infeasible")                              \
	X(EUNBOUNDED, 11, "problem is unbounded")                                \
	X(EDENIED, 12, "not permitted")                                          \
	X(ECONFLICT, 13, "conflicts with the current state")                     \
	X(EDB, 14, "database error")                                             \
	X(EUNSUPPORTED, 15, "not supported by this build")                       \
	X(EBUSY, 16, "busy: another process holds the database; try again")

typedef enum plenum_status {
#define PLENUM_X_ENUM(name, value, text) PLENUM_##name = value,
	PLENUM_STATUS_TABLE(PLENUM_X_ENUM)
#undef PLENUM_X_ENUM
} plenum_status;

/* "EFORMAT" for PLENUM_EFORMAT; "?" for an unknown code. */
PLENUM_API const char *plenum_status_name(int status);
/* "malformed input" for PLENUM_EFORMAT. */
PLENUM_API const char *plenum_status_text(int status);

/* Where a failed call explains itself. The caller owns it (usually on the stack) and
 * passes it to calls that can fail on user input. message is one line: what, where
 * (file:line:column, key or id) and what to do. Warnings are counted; the worst one is kept. */
#define PLENUM_DIAG_LEN 512
typedef struct plenum_diag {
	char message[PLENUM_DIAG_LEN]; /* empty when the call succeeded */
	int64_t warnings;              /* number of warnings raised */
	double worst;                  /* magnitude of the worst warning, 0 if none */
	char warning[PLENUM_DIAG_LEN]; /* the worst warning, one line */
} plenum_diag;

/* Empties d. d may be NULL. */
PLENUM_API void plenum_diag_clear(plenum_diag *d);

/* The allocation hook, in the manner of lua_Alloc: nsize 0 frees ptr and returns NULL;
 * otherwise it behaves as realloc(ptr, nsize). osize is the old size when known, else 0.
 * Set it before any other call; plenum_set_allocator(NULL, NULL) restores the default. */
typedef void *(*plenum_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);
PLENUM_API void plenum_set_allocator(plenum_alloc_fn fn, void *ud);

/* Frees memory that a plenum call handed to the caller (strings, arrays). NULL is a no-op. */
PLENUM_API void plenum_free(void *ptr);

/* The library's version, "MAJOR.MINOR.PATCH". */
PLENUM_API const char *plenum_version(void);

#ifdef __cplusplus
}
#endif
#endif
