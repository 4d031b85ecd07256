/* The audit log's public side: listing events page by page, verifying the chain, its head. */
#include <string.h>
#include "council/ct.h"

int plenum_audit_list(plenum_db *db, int64_t after, int64_t limit,
                      int (*fn)(void *, const plenum_event *), void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int r = 0, rc = st_query_run(db->st, ST_Q_event_page, &s, d, "ii", after,
	                             limit > 0 ? limit : INT64_MAX);
	plenum_event e;
	char prev[65], hash[65];
	while (!rc && (r = st_next(s, d)) == 1) {
		size_t np, nh;
		const unsigned char *p = st_blob(s, 6, &np), *h = st_blob(s, 7, &nh);
		st_hex(p, np < 32 ? np : 32, prev);
		st_hex(h, nh < 32 ? nh : 32, hash);
		e.seq = st_int(s, 0), e.at = st_int(s, 1), e.actor = st_int(s, 2);
		e.council = st_int(s, 3), e.kind = st_text(s, 4), e.content = st_text(s, 5);
		e.prev = prev, e.hash = hash;
		if (fn(ud, &e)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, rc ? rc : r < 0 ? -r : PLENUM_OK, d);
}

int plenum_audit_verify(plenum_db *db, int64_t *first_bad, int64_t *count, plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = st_event_verify(db->st, first_bad, count, d);
	if (!rc && !*first_bad) /* the chain holds: do the ballots still give its closes? */
		rc = ct_check_closed(db, 0, first_bad, d);
	if (!rc && !*first_bad)
		plenum_diag_clear(d);
	return ct_leave(db, rc, d);
}

int plenum_audit_head(plenum_db *db, char hash[65], int64_t *seq, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_event_last, &s, d, "");
	int r = rc ? -rc : st_next(s, d);
	memset(hash, '0', 64);
	hash[64] = 0;
	*seq = 0;
	if (r == 1) {
		size_t n;
		const unsigned char *h = st_blob(s, 1, &n);
		*seq = st_int(s, 0);
		if (n == 32)
			st_hex(h, 32, hash);
		st_done(s);
	}
	return ct_leave(db, r < 0 ? -r : rc, d);
}
