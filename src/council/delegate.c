/* Delegates: seats in the parent federation, vacating them (recall, resignation) with an
 * election opened at once, imperative mandates and the notices a council receives. */
#include <string.h>
#include "council/ct.h"

static void read_delegate(st_stmt *s, plenum_delegate *g)
{
	g->id = st_int(s, 0), g->council = st_int(s, 1), g->federation = st_int(s, 2);
	g->member = st_int(s, 3), g->name = st_text(s, 4), g->mandate = st_text(s, 5);
	g->elected_by = st_int(s, 6), g->since = st_int(s, 7), g->until = st_int(s, 8);
	g->ended_by = st_int(s, 9);
}

static int each_delegate(st_stmt *s, int (*fn)(void *, const plenum_delegate *), void *ud,
                         plenum_diag *d)
{
	int r;
	plenum_delegate g;
	while ((r = st_next(s, d)) == 1) {
		read_delegate(s, &g);
		if (fn(ud, &g)) {
			st_done(s);
			return PLENUM_OK;
		}
	}
	return -r;
}

int plenum_delegate_list(plenum_db *db, int64_t council, int all,
                         int (*fn)(void *, const plenum_delegate *), void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	ct_council c;
	st_stmt *s;
	int rc = ct_council_load(db, council, &c, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_delegate_list, &s, d, "ii", council, (int64_t)all);
	if (!rc)
		rc = each_delegate(s, fn, ud, d);
	return ct_leave(db, rc, d);
}

int plenum_federation_delegates(plenum_db *db, int64_t federation,
                                int (*fn)(void *, const plenum_delegate *), void *ud,
                                plenum_diag *d)
{
	CT_ENTER(db, d);
	ct_council c;
	st_stmt *s;
	int rc = ct_council_load(db, federation, &c, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_delegate_seated_in, &s, d, "i", federation);
	if (!rc)
		rc = each_delegate(s, fn, ud, d);
	return ct_leave(db, rc, d);
}

int plenum_delegate_get(plenum_db *db, int64_t id, plenum_delegate *out, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_delegate_get, &s, d, "i", id);
	int r = rc ? -rc : st_next(s, d);
	if (r == 1) {
		read_delegate(s, out);
		db->held = s;
	} else {
		rc = r < 0 ? -r : ut_fail(d, PLENUM_ENOTFOUND, "delegate seat %lld: no such seat: "
		                          "see 'plenum delegate list'", (long long)id);
	}
	return ct_leave(db, rc, d);
}

int64_t ct_free_seats(plenum_db *db, int64_t council)
{
	ct_council c;
	int64_t seated = 0;
	if (ct_council_load(db, council, &c, NULL))
		return 0;
	if (st_query_int(db->st, ST_Q_delegate_count, &seated, NULL, "i", council))
		return 0;
	return c.seats - seated;
}

int ct_seat_insert(plenum_db *db, int64_t actor, int64_t council, int64_t member,
                   const char *mandate, int64_t elected_by, int64_t *id, plenum_diag *d)
{
	ct_council c;
	int rc = ct_council_load(db, council, &c, d);
	if (rc)
		return rc;
	rc = st_query_run(db->st, ST_Q_delegate_insert, NULL, d, "iiitii", council, c.parent,
	                  member, mandate ? mandate : "", elected_by, plenum_db_now(db));
	if (rc)
		return rc;
	*id = st_last_id(db->st);
	ct_json j = {0};
	ct_js_int(&j, "seat", *id);
	ct_js_int(&j, "council", council);
	ct_js_int(&j, "federation", c.parent);
	ct_js_int(&j, "member", member);
	ct_js_str(&j, "mandate", mandate);
	ct_js_int(&j, "elected_by", elected_by);
	return ct_event(db, actor, council, "delegate.seat", &j, d);
}

static int seat(plenum_db *db, int64_t actor, int64_t council, int64_t member,
                const char *mandate, int64_t *id, plenum_diag *d)
{
	ct_council c;
	int64_t other;
	int rc = ct_council_load(db, council, &c, d);
	if (!rc)
		rc = ct_check_text(d, "the mandate", mandate, 0);
	if (rc)
		return rc;
	if (!c.parent)
		return ut_fail(d, PLENUM_EINVAL, "council %lld has no parent federation to send a "
		               "delegate to", (long long)council);
	if (!ct_is_member(db, council, member))
		return ut_fail(d, PLENUM_EINVAL, "member %lld is not a member of council %lld: only "
		               "its members can be its delegates", (long long)member,
		               (long long)council);
	if (st_query_int(db->st, ST_Q_seat_of_member, &other, d, "ii", council, member) == 0)
		return ut_fail(d, PLENUM_ECONFLICT, "member %lld holds seat %lld for council %lld "
		               "already", (long long)member, (long long)other, (long long)council);
	if (ct_free_seats(db, council) <= 0)
		return ut_fail(d, PLENUM_ECONFLICT, "council %lld's %lld seats are all filled: "
		               "recall a delegate first", (long long)council, (long long)c.seats);
	return ct_seat_insert(db, actor, council, member, mandate, 0, id, d);
}

int plenum_delegate_seat(plenum_db *db, int64_t actor, int64_t council, int64_t member,
                         const char *mandate, int64_t *id, plenum_diag *d)
{
	CT_ENTER(db, d);
	int64_t made = 0;
	int rc = actor == PLENUM_ACTOR_ADMIN
	                 ? ct_begin(db, d)
	                 : ut_fail(d, PLENUM_EDENIED, "member %lld may not seat a delegate: "
	                           "delegates are elected (open an election motion)",
	                           (long long)actor);
	if (!rc)
		rc = ct_end(db, seat(db, actor, council, member, mandate, &made, d), d);
	if (id)
		*id = rc ? 0 : made;
	return ct_leave(db, rc, d);
}

/* Opens the election for a vacated seat: every member but the one who left and those who
 * hold another of the council's seats stands (in a federation electing to its parent: its
 * seated delegates). A member seated already could win and not be seated: the seat stayed
 * vacant, without a word. Beyond PLENUM_ELECTION_AUTO_MAX who could stand, none is opened
 * and the council is told to open one naming its candidates. */
static int open_election(plenum_db *db, int64_t council, int64_t left, const char *mandate,
                         int64_t opener, int64_t *election, plenum_diag *d)
{
	st_stmt *s;
	int64_t n = 0, cap = ct_count_members(db, council) + 1, seat;
	int64_t *cand = ut_calloc((size_t)cap, sizeof *cand);
	int r = 0, rc = cand ? st_query_run(db->st, ST_Q_council_members, &s, d, "i", council)
	                     : ut_fail(d, PLENUM_ENOMEM, "out of memory");
	while (!rc && (r = st_next(s, d)) == 1)
		if (st_int(s, 0) != left && n < cap)
			cand[n++] = st_int(s, 0);
	for (int64_t k = 0; !rc && r == 0 && k < n; k++) { /* then those seated: one statement */
		int q = st_query_int(db->st, ST_Q_seat_of_member, &seat, d, "ii", council, cand[k]);
		if (q == PLENUM_OK)
			cand[k--] = cand[--n];
		else if (q != PLENUM_ENOTFOUND)
			rc = q;
	}
	*election = 0;
	if (!rc && r == 0 && n > PLENUM_ELECTION_AUTO_MAX) /* a ballot of thousands: named ones */
		rc = ct_notice(db, council, 0, 0, "election-needed", "the seat is vacant: open an "
		               "election naming its candidates (too many members to stand at once)",
		               d);
	else if (!rc && r == 0 && n == 0) /* everyone left holds a seat, or nobody is left */
		rc = ct_notice(db, council, 0, 0, "election-needed", "the seat is vacant: nobody "
		               "can stand now (every member holds a seat, or none is left)", d);
	else if (!rc && r == 0 && n > 0) {
		plenum_motion_spec e = {.council = council, .kind = PLENUM_MOTION_ELECTION,
		                        .method = PLENUM_VOTE_STV, .title = "Election for a vacated seat",
		                        .seats = 1, .candidates = cand, .n_candidates = n,
		                        .mandate = mandate};
		rc = ct_motion_open_tx(db, PLENUM_ACTOR_ADMIN, opener, &e, election, d);
		if (!rc)
			rc = ct_notice(db, council, *election, 0, "election-opened",
			               "an election for the vacated seat is open", d);
	} else if (!rc && r < 0) {
		rc = -r;
	}
	ut_free(cand);
	return rc;
}

/* A delegate who no longer sits in the federation: their ballots on its open motions are
 * withdrawn, so that the seat is not counted twice (the next delegate votes for it). */
static int withdraw_ballots(plenum_db *db, int64_t member, int64_t federation, plenum_diag *d)
{
	enum { BATCH = 256 };
	int64_t open[BATCH], n;
	st_stmt *s;
	if (ct_is_member(db, federation, member)) /* still seated for another council */
		return PLENUM_OK;
	int r = 0, rc = PLENUM_OK;
	do { /* in batches: each pass withdraws what the one before found */
		n = 0;
		rc = st_query_run(db->st, ST_Q_voted_open_in, &s, d, "ii", member, federation);
		while (!rc && (r = st_next(s, d)) == 1 && n < BATCH)
			open[n++] = st_int(s, 0);
		if (!rc && r == 1)
			st_done(s);
		else if (!rc && r < 0)
			rc = -r;
		for (int64_t k = 0; !rc && k < n; k++) {
			rc = st_query_run(db->st, ST_Q_ballot_withdraw, NULL, d, "ii", open[k], member);
			if (!rc)
				rc = st_query_run(db->st, ST_Q_voted_withdraw, NULL, d, "ii", open[k],
				                  member);
			ct_json j = {0};
			ct_js_int(&j, "motion", open[k]);
			ct_js_int(&j, "member", member);
			ct_js_str(&j, "why", "the delegate's seat was vacated");
			if (!rc)
				rc = ct_event(db, PLENUM_ACTOR_ADMIN, federation, "ballot.withdraw", &j, d);
			else
				ct_js_free(&j);
		}
	} while (!rc && n == BATCH);
	return rc;
}

int ct_seat_vacate(plenum_db *db, int64_t actor, int64_t seat_id, int64_t ended_by,
                   int64_t opener, int64_t *election, plenum_diag *d)
{
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_delegate_get, &s, d, "i", seat_id);
	int r = rc ? -rc : st_next(s, d);
	if (r != 1)
		return r < 0 ? -r : ut_fail(d, PLENUM_ENOTFOUND, "delegate seat %lld: no such seat",
		                            (long long)seat_id);
	int64_t council = st_int(s, 1), federation = st_int(s, 2), member = st_int(s, 3);
	int64_t until = st_int(s, 8);
	char mandate[PLENUM_TEXT_MAX + 1];
	snprintf(mandate, sizeof mandate, "%s", st_text(s, 5));
	st_done(s);
	if (until)
		return ut_fail(d, PLENUM_ECONFLICT, "delegate seat %lld is vacant already",
		               (long long)seat_id);
	rc = st_query_run(db->st, ST_Q_delegate_vacate, NULL, d, "iii", seat_id,
	                  plenum_db_now(db), ended_by);
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "seat", seat_id);
	ct_js_int(&j, "member", member);
	ct_js_int(&j, "ended_by", ended_by);
	rc = ct_event(db, actor, council, "delegate.vacate", &j, d);
	if (!rc)
		rc = withdraw_ballots(db, member, federation, d);
	if (!rc)
		rc = ct_notice(db, council, ended_by, member, "seat-vacated",
		               ended_by ? "the delegate was recalled" : "the delegate resigned", d);
	return rc ? rc : open_election(db, council, member, mandate, opener, election, d);
}

/* Up to max of council's open seats into seat, fed, member; their count, or -status. */
static int64_t open_seats(plenum_db *db, int64_t council, int64_t max, int64_t *seat,
                          int64_t *fed, int64_t *member, plenum_diag *d)
{
	st_stmt *s;
	int64_t n = 0;
	int rc = st_query_run(db->st, ST_Q_delegate_list, &s, d, "ii", council, 0), r = 0;
	while (!rc && n < max && (r = st_next(s, d)) == 1) {
		seat[n] = st_int(s, 0);
		fed[n] = st_int(s, 2);
		member[n++] = st_int(s, 3);
	}
	if (r == 1)
		st_done(s);
	return rc ? -rc : r < 0 ? r : n;
}

int ct_seats_end(plenum_db *db, int64_t actor, int64_t council, plenum_diag *d)
{
	enum { BATCH = 256 }; /* an ended seat leaves the list: batches until none is left */
	int64_t seat[BATCH], fed[BATCH], member[BATCH], n;
	int rc = PLENUM_OK;
	do {
		n = open_seats(db, council, BATCH, seat, fed, member, d);
		if (n < 0)
			return (int)-n;
		for (int64_t k = 0; !rc && k < n; k++) {
			rc = st_query_run(db->st, ST_Q_delegate_vacate, NULL, d, "iii", seat[k],
			                  plenum_db_now(db), 0);
			ct_json j = {0};
			ct_js_int(&j, "seat", seat[k]);
			ct_js_int(&j, "member", member[k]);
			ct_js_int(&j, "ended_by", 0);
			if (!rc)
				rc = ct_event(db, actor, council, "delegate.vacate", &j, d);
			else
				ct_js_free(&j);
			if (!rc)
				rc = withdraw_ballots(db, member[k], fed[k], d);
			if (!rc)
				rc = ct_notice(db, council, 0, member[k], "seat-vacated", "the council moved "
				               "to another federation: elect its delegates there anew", d);
		}
	} while (!rc && n == BATCH);
	return rc;
}

static int resign(plenum_db *db, int64_t actor, int64_t seat_id, int64_t *election,
                  plenum_diag *d)
{
	int64_t member;
	int rc = st_query_int(db->st, ST_Q_delegate_member, &member, d, "i", seat_id);
	if (rc == PLENUM_ENOTFOUND)
		return ut_fail(d, rc, "delegate seat %lld: no such seat", (long long)seat_id);
	if (rc)
		return rc;
	if (actor != PLENUM_ACTOR_ADMIN && actor != member)
		return ut_fail(d, PLENUM_EDENIED, "member %lld may not resign seat %lld for its "
		               "delegate: open a recall motion instead", (long long)actor,
		               (long long)seat_id);
	return ct_seat_vacate(db, actor, seat_id, 0, actor, election, d);
}

int plenum_delegate_resign(plenum_db *db, int64_t actor, int64_t seat_id, int64_t *election,
                           plenum_diag *d)
{
	CT_ENTER(db, d);
	int64_t e = 0;
	int rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, resign(db, actor, seat_id, &e, d), d);
	if (election)
		*election = rc ? 0 : e;
	return ct_leave(db, rc, d);
}

int plenum_mandate_list(plenum_db *db, int64_t council, int64_t motion,
                        int (*fn)(void *, const plenum_mandate *), void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	ct_council c;
	st_stmt *s;
	int r = 0, rc = ct_council_load(db, council, &c, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_mandate_list, &s, d, "ii", council, motion);
	if (rc)
		return ct_leave(db, rc, d);
	plenum_mandate m;
	while ((r = st_next(s, d)) == 1) {
		m.council = st_int(s, 0), m.motion = st_int(s, 1), m.option = st_int(s, 2);
		m.binding_motion = st_int(s, 3), m.label = st_text(s, 4);
		if (fn(ud, &m)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, r < 0 ? -r : PLENUM_OK, d);
}

int plenum_notice_list(plenum_db *db, int64_t council, int (*fn)(void *, const plenum_notice *),
                       void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	ct_council c;
	st_stmt *s;
	int r = 0, rc = ct_council_load(db, council, &c, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_notice_list, &s, d, "i", council);
	if (rc)
		return ct_leave(db, rc, d);
	plenum_notice n;
	while ((r = st_next(s, d)) == 1) {
		n.id = st_int(s, 0), n.council = st_int(s, 1), n.at = st_int(s, 2);
		n.motion = st_int(s, 3), n.member = st_int(s, 4);
		n.kind = st_text(s, 5), n.text = st_text(s, 6);
		if (fn(ud, &n)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, r < 0 ? -r : PLENUM_OK, d);
}
