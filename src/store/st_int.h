/* Inside the SQLite backend of the store: the connection and its statement cache. */
#ifndef PLENUM_ST_INT_H
#define PLENUM_ST_INT_H
#include <sqlite3.h>
#include "store/store.h"
#include "util/util.h"

struct st_stmt {
	sqlite3_stmt *s;
	st_conn *c;
};

struct st_conn {
	sqlite3 *db;
	st_stmt cache[ST_Q_COUNT]; /* prepared on first use */
	int in_tx;
	int last_rc;               /* extended result code of the last failure */
};

/* The migrations: st_migration(k) lists the SQL statements (NULL-terminated) that take
 * version k to k + 1. */
int st_migrations_count(void);
const char *const *st_migration(int k);
/* Sets d from the connection's error, returns PLENUM_EDB. */
int st_fail(st_conn *c, plenum_diag *d, const char *what);

#endif
