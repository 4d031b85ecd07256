/* The store interface (prefix st_): connections, transactions, named queries with typed
 * binding, schema migrations and the hash-chained event log. The council rules speak only to
 * this interface; the SQL text lives in the backend (SQLite: st_sqlite.c, queries.h), so that a
 * PostgreSQL backend can be added by giving the same queries in its dialect. */
#ifndef PLENUM_STORE_H
#define PLENUM_STORE_H
#include <stdint.h>
#include "plenum/status.h"
#include "store/queries.h"

typedef struct st_conn st_conn;
typedef struct st_stmt st_stmt;

typedef enum st_query {
#define X(name, sql) ST_Q_##name,
	ST_QUERIES(X)
#undef X
	ST_Q_COUNT
} st_query;

/* Opens (creating) the database at path, turns on WAL and foreign keys, applies migrations. */
int st_open(const char *path, st_conn **out, plenum_diag *d);
void st_close(st_conn *c);
/* The schema version the database is at (after st_open: the newest). */
int st_schema_version(st_conn *c);

/* One transaction per state change: st_begin takes the write lock at once (no upgrade
 * deadlock between connections); st_rollback is a no-op when none is open. */
int st_begin(st_conn *c, plenum_diag *d);
int st_commit(st_conn *c, plenum_diag *d);
void st_rollback(st_conn *c);

/* Runs a named query: fmt gives one letter per parameter, in order: 'i' int64_t, 'd' double,
 * 't' const char * (NULL binds NULL), 'b' a blob (const void *, then size_t). The statement is
 * cached per connection and reset before use. On success *out (when out != NULL) is ready for
 * st_next; else the query is stepped to its end and reset. */
int st_query_run(st_conn *c, st_query q, st_stmt **out, plenum_diag *d, const char *fmt, ...);
/* Steps: 1 a row, 0 done (the statement is reset), negative: PLENUM_EDB negated (d set). */
int st_next(st_stmt *s, plenum_diag *d);
/* Resets s early (before st_next returned 0). NULL is a no-op. */
void st_done(st_stmt *s);
int64_t st_int(st_stmt *s, int col);
double st_double(st_stmt *s, int col);
/* "" for NULL; valid until the next st_next / st_done on s. */
const char *st_text(st_stmt *s, int col);
int st_is_null(st_stmt *s, int col);
const void *st_blob(st_stmt *s, int col, size_t *n);

/* Runs q and reads column 0 of its first row as an integer. PLENUM_ENOTFOUND (d untouched)
 * when there is no row. */
int st_query_int(st_conn *c, st_query q, int64_t *out, plenum_diag *d, const char *fmt, ...);
/* The rowid the last insert made and the rows the last statement changed. */
int64_t st_last_id(st_conn *c);
int64_t st_changes(st_conn *c);
/* 1 when the last failure was a uniqueness or foreign-key constraint (for ECONFLICT). */
int st_constraint_failed(st_conn *c);

/* The event log. Appends an event inside the open transaction: seq = last + 1, hash =
 * BLAKE2b-256(prev || seq || at || actor || council || kind || content), integers as 8 bytes
 * little-endian, texts preceded by their length likewise (st_event_hash). */
int st_event_append(st_conn *c, int64_t at, int64_t actor, int64_t council, const char *kind,
                    const char *content, plenum_diag *d);
/* hash (32 bytes) of one event as the chain defines it. */
void st_event_hash(const unsigned char prev[32], int64_t seq, int64_t at, int64_t actor,
                   int64_t council, const char *kind, const char *content,
                   unsigned char hash[32]);
/* Recomputes the chain from the first event: *first_bad gets 0 or the first event whose prev
 * or hash does not match (d says which), *count the events. */
int st_event_verify(st_conn *c, int64_t *first_bad, int64_t *count, plenum_diag *d);
/* Lowercase hex of n bytes into out (2n + 1 bytes). */
void st_hex(const unsigned char *bytes, size_t n, char *out);

#endif
