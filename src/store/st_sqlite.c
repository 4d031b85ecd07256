/* The SQLite backend of the store: open with WAL and foreign keys, migrations, transactions,
 * the cached named queries and typed binding. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "store/st_int.h"

static const char *const query_sql[ST_Q_COUNT] = {
#define X(name, sql) sql,
	ST_QUERIES(X)
#undef X
};

/* SQLite's message, with what to do where the cause is the file's, not plenum's: another
 * process holding the database past the 5 s wait (PLENUM_EBUSY: try again), a file or
 * directory that cannot be written (WAL keeps -wal and -shm files beside the database). */
static int explain(st_conn *c, plenum_diag *d, const char *what, const char *msg)
{
	int code = c->last_rc & 0xff;
	const char *sep = what ? ": " : "";
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return ut_fail(d, PLENUM_EBUSY, "database %s%s%s: another process has held it for "
		               "5 s: try again", sqlite3_db_filename(c->db, "main"), sep,
		               what ? what : "");
	if (code == SQLITE_READONLY)
		return ut_fail(d, PLENUM_EDB, "database %s cannot be written (%s): give write "
		               "permission to it and its directory, and remove a -shm file left "
		               "read-only beside it", sqlite3_db_filename(c->db, "main"), msg);
	return ut_fail(d, PLENUM_EDB, "database%s%s: %s", sep, what ? what : "", msg);
}

int st_fail(st_conn *c, plenum_diag *d, const char *what)
{
	c->last_rc = sqlite3_extended_errcode(c->db);
	return explain(c, d, what, sqlite3_errmsg(c->db));
}

int st_constraint_failed(st_conn *c)
{
	return (c->last_rc & 0xff) == SQLITE_CONSTRAINT;
}

static int exec(st_conn *c, const char *sql, plenum_diag *d)
{
	char *err = NULL;
	if (sqlite3_exec(c->db, sql, NULL, NULL, &err) == SQLITE_OK)
		return PLENUM_OK;
	c->last_rc = sqlite3_extended_errcode(c->db);
	int rc = explain(c, d, NULL, err ? err : sqlite3_errmsg(c->db));
	sqlite3_free(err);
	return rc;
}

int st_schema_version(st_conn *c)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Applies each missing migration in its own transaction with its version bump. The version
 * is read again under the write lock each time: connections opening a new file at once
 * (a server's worker threads) apply each migration once between them. */
static int migrate(st_conn *c, const char *path, plenum_diag *d)
{
	int want = st_migrations_count();
	if (st_schema_version(c) == want)
		return PLENUM_OK; /* the usual case, without taking the write lock */
	for (;;) {
		char bump[64];
		int rc = exec(c, "BEGIN IMMEDIATE", d);
		if (rc)
			return rc;
		int have = st_schema_version(c);
		if (have < 0) {
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
			return st_fail(c, d, "reading the schema version");
		}
		if (have > want) {
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
			return ut_fail(d, PLENUM_EDB, "%s: schema version %d is newer than this "
			               "plenum's %d: use a newer plenum", path, have, want);
		}
		if (have == want)
			return exec(c, "COMMIT", d);
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d;", have + 1);
		for (const char *const *sql = st_migration(have); !rc && *sql; sql++)
			rc = exec(c, *sql, d);
		if (!rc)
			rc = exec(c, bump, d);
		if (!rc)
			rc = exec(c, "COMMIT", d);
		if (rc) {
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
	}
}

/* Turns on WAL. Switching a new file's journal needs its exclusive lock, and SQLite refuses
 * at once, without the busy handler, when another connection opening the same new file holds
 * a lock that would deadlock: so the switch is tried again for up to 5 seconds. */
static int wal(st_conn *c, plenum_diag *d)
{
	int rc = PLENUM_OK;
	for (int tries = 0; tries < 500; tries++) {
		rc = exec(c, "PRAGMA journal_mode = WAL;", d);
		if (!rc || (c->last_rc & 0xff) != SQLITE_BUSY)
			return rc;
		sqlite3_sleep(10);
	}
	return rc;
}

int st_open(const char *path, st_conn **out, plenum_diag *d)
{
	*out = NULL;
	st_conn *c = ut_calloc(1, sizeof *c);
	if (!c)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory opening %s", path);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	int rc = PLENUM_OK;
	if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
		rc = ut_fail(d, PLENUM_EDB, "%s: cannot open the database: %s: check the path",
		             path, c->db ? sqlite3_errmsg(c->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(c->db, 5000);
	sqlite3_extended_result_codes(c->db, 1);
	rc = wal(c, d);
	if (!rc)
		rc = exec(c, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", d);
	if (!rc)
		rc = migrate(c, path, d);
	if (rc)
		goto fail;
	*out = c;
	return PLENUM_OK;
fail:
	st_close(c);
	return rc;
}

void st_close(st_conn *c)
{
	if (!c)
		return;
	for (int q = 0; q < ST_Q_COUNT; q++)
		sqlite3_finalize(c->cache[q].s);
	sqlite3_close(c->db);
	ut_free(c);
}

int st_begin(st_conn *c, plenum_diag *d)
{
	int rc = exec(c, "BEGIN IMMEDIATE", d);
	c->in_tx = rc == PLENUM_OK;
	return rc;
}

int st_commit(st_conn *c, plenum_diag *d)
{
	int rc = exec(c, "COMMIT", d);
	if (rc)
		st_rollback(c);
	c->in_tx = 0;
	return rc;
}

void st_rollback(st_conn *c)
{
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	c->in_tx = 0;
}

static int prepare(st_conn *c, st_query q, plenum_diag *d)
{
	st_stmt *s = &c->cache[q];
	s->c = c;
	if (s->s) {
		sqlite3_reset(s->s);
		sqlite3_clear_bindings(s->s);
		return PLENUM_OK;
	}
	if (sqlite3_prepare_v3(c->db, query_sql[q], -1, SQLITE_PREPARE_PERSISTENT, &s->s, NULL))
		return st_fail(c, d, "prepare");
	return PLENUM_OK;
}

static int bind(st_stmt *s, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK;
	for (int k = 1; *fmt && rc == SQLITE_OK; fmt++, k++) {
		if (*fmt == 'i') {
			rc = sqlite3_bind_int64(s->s, k, va_arg(ap, int64_t));
		} else if (*fmt == 'd') {
			rc = sqlite3_bind_double(s->s, k, va_arg(ap, double));
		} else if (*fmt == 't') {
			const char *t = va_arg(ap, const char *);
			rc = t ? sqlite3_bind_text(s->s, k, t, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(s->s, k);
		} else {
			const void *b = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			rc = sqlite3_bind_blob(s->s, k, b, (int)n, SQLITE_TRANSIENT);
		}
	}
	return rc;
}

static int vrun(st_conn *c, st_query q, st_stmt **out, plenum_diag *d, const char *fmt,
                va_list ap)
{
	if (out)
		*out = NULL;
	int rc = prepare(c, q, d);
	if (rc)
		return rc;
	st_stmt *s = &c->cache[q];
	if (NEVER((int)strlen(fmt) != sqlite3_bind_parameter_count(s->s)))
		return ut_fail(d, PLENUM_EDB, "query %d binds %d parameters, given %d", (int)q,
		               sqlite3_bind_parameter_count(s->s), (int)strlen(fmt));
	if (bind(s, fmt, ap) != SQLITE_OK)
		return st_fail(c, d, "bind");
	if (out) {
		*out = s;
		return PLENUM_OK;
	}
	int step;
	while ((step = sqlite3_step(s->s)) == SQLITE_ROW)
		;
	if (step != SQLITE_DONE) {
		rc = st_fail(c, d, "write");
		sqlite3_reset(s->s);
		return rc;
	}
	sqlite3_reset(s->s);
	return PLENUM_OK;
}

int st_query_run(st_conn *c, st_query q, st_stmt **out, plenum_diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = vrun(c, q, out, d, fmt, ap);
	va_end(ap);
	return rc;
}

int st_query_int(st_conn *c, st_query q, int64_t *out, plenum_diag *d, const char *fmt, ...)
{
	st_stmt *s;
	va_list ap;
	va_start(ap, fmt);
	int rc = vrun(c, q, &s, d, fmt, ap);
	va_end(ap);
	if (rc)
		return rc;
	int r = st_next(s, d);
	if (r < 0)
		return -r;
	if (r == 0)
		return PLENUM_ENOTFOUND;
	*out = st_int(s, 0);
	st_done(s);
	return PLENUM_OK;
}

int st_next(st_stmt *s, plenum_diag *d)
{
	int rc = sqlite3_step(s->s);
	if (rc == SQLITE_ROW)
		return 1;
	int st = rc == SQLITE_DONE ? PLENUM_OK : st_fail(s->c, d, "read");
	sqlite3_reset(s->s);
	return -st;
}

void st_done(st_stmt *s)
{
	if (s)
		sqlite3_reset(s->s);
}

int64_t st_int(st_stmt *s, int col)
{
	return sqlite3_column_int64(s->s, col);
}

double st_double(st_stmt *s, int col)
{
	return sqlite3_column_double(s->s, col);
}

const char *st_text(st_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s->s, col);
	return t ? (const char *)t : "";
}

int st_is_null(st_stmt *s, int col)
{
	return sqlite3_column_type(s->s, col) == SQLITE_NULL;
}

const void *st_blob(st_stmt *s, int col, size_t *n)
{
	const void *b = sqlite3_column_blob(s->s, col);
	*n = (size_t)sqlite3_column_bytes(s->s, col);
	return b;
}

int64_t st_last_id(st_conn *c)
{
	return sqlite3_last_insert_rowid(c->db);
}

int64_t st_changes(st_conn *c)
{
	return sqlite3_changes64(c->db);
}
