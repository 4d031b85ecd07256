#!/bin/sh
# The council rules speak to the store only through its interface (src/store/store.h: named
# queries, transactions, the event log), so that another backend (PostgreSQL) can be added
# without touching them: no SQLite call, no SQLite header and no SQL text in src/council/,
# and no SQL text outside src/store/ among the council's front doors.
set -eu
fail() { echo "council_store_boundary: $*" >&2; exit 1; }
SRC="$GOLDEN/../../src"
[ -d "$SRC/council" ] && [ -f "$SRC/store/store.h" ] || fail "no sources at $SRC"
if grep -n 'sqlite3' "$SRC"/council/*.c "$SRC"/council/*.h "$SRC"/store/store.h; then
	fail "SQLite named outside the backend (above)"
fi
sql='"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|BEGIN|COMMIT)[[:space:]]'
files="$SRC/council/*.c $SRC/cli/cmd_council.c $SRC/cli/cmd_member.c $SRC/cli/cmd_delegate.c
	$SRC/cli/cmd_motion.c $SRC/cli/cmd_ballot.c $SRC/cli/cmd_needs.c $SRC/cli/cmd_abilities.c
	$SRC/cli/cmd_audit.c $SRC/cli/cmd_demo.c $SRC/cli/cmd_plan_db.c"
# shellcheck disable=SC2086
if grep -nE "$sql" $files; then
	fail "SQL text outside src/store/ (above): add a named query to src/store/queries.h"
fi
echo ok
