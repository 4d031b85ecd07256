/* Ballots. Secret ballots: contents stored under the hash of a random receipt, without the
 * member; who voted stored apart with a proof hash binding the receipt to the voter, so that
 * only the receipt's holder can replace the ballot and nobody can link the two tables.
 * Public ballots (delegates in a federation) are stored with the member. */
#include <stdlib.h>
#include <string.h>
#include "council/ct.h"

/* marks as text "m0,m1,..." (the stored form). */
static int marks_text(const int64_t *marks, int64_t n, ut_buf *b)
{
	for (int64_t i = 0; i < n; i++)
		if (ut_buf_printf(b, i ? ",%lld" : "%lld", (long long)marks[i]))
			return PLENUM_ENOMEM;
	return PLENUM_OK;
}

int64_t ct_marks_parse(const char *s, int64_t *marks, int64_t n)
{
	int64_t k = 0;
	while (*s && k < n) {
		char *end;
		marks[k++] = strtoll(s, &end, 10);
		s = *end == ',' ? end + 1 : end;
		if (end == s && *s)
			break;
	}
	return k;
}

static void proof_of(const char *receipt, int64_t motion, int64_t member, unsigned char out[32])
{
	char who[64];
	snprintf(who, sizeof who, "%lld:%lld", (long long)motion, (long long)member);
	ct_hash2(receipt, who, out);
}

static void rhash_of(const char *receipt, unsigned char out[32])
{
	ct_hash2(receipt, "receipt", out);
}

/* The option the delegate's councils bound them to on m, or -1; *by the binding council. */
static int64_t bound_option(plenum_db *db, int64_t motion, int64_t member, int64_t *by)
{
	st_stmt *s;
	int64_t opt = -1;
	if (st_query_run(db->st, ST_Q_mandate_for, &s, NULL, "ii", motion, member))
		return -1;
	if (st_next(s, NULL) == 1) {
		opt = st_int(s, 0);
		*by = st_int(s, 1);
		st_done(s);
	}
	return opt;
}

int ct_follows(const int64_t *marks, int64_t n, int64_t opt)
{
	if (opt < 0 || opt >= n || marks[opt] != 1)
		return 0;
	for (int64_t i = 0; i < n; i++)
		if (i != opt && marks[i] == 1)
			return 0;
	return 1;
}

/* Tells the binding council (in the ballot's transaction, which then commits the notice and
 * nothing else: the ballot itself is refused, by plenum_ballot_cast). */
static int tell_refusal(plenum_db *db, int64_t motion, int64_t member, int64_t council,
                        int64_t opt, plenum_diag *d)
{
	char text[256];
	snprintf(text, sizeof text, "delegate (member %lld) tried to vote against the mandate "
	         "(option %lld) on motion %lld; the ballot was refused", (long long)member,
	         (long long)opt, (long long)motion);
	return ct_notice(db, council, motion, member, "mandate-refusal", text, d);
}

static int may_vote(plenum_db *db, int64_t actor, const plenum_motion *m, plenum_diag *d)
{
	int64_t now = plenum_db_now(db);
	if (m->closed_at)
		return ut_fail(d, PLENUM_ECONFLICT, "motion %lld is closed: its ballots can no longer "
		               "be cast or replaced", (long long)m->id);
	if (m->closes_at && now >= m->closes_at)
		return ut_fail(d, PLENUM_ECONFLICT, "motion %lld's voting ended at %lld: it is only "
		               "waiting to be closed", (long long)m->id, (long long)m->closes_at);
	if (actor == PLENUM_ACTOR_ADMIN || !ct_is_member(db, m->council, actor))
		return ut_fail(d, PLENUM_EDENIED, "member %lld may not vote on motion %lld: only "
		               "members of council %lld (of a federation: its seated delegates) vote",
		               (long long)actor, (long long)m->id, (long long)m->council);
	return PLENUM_OK;
}

typedef struct casting {
	int64_t actor;
	const plenum_motion *m;
	const int64_t *marks;
	const char *receipt_in;
	char receipt[PLENUM_RECEIPT_SIZE];
	ut_buf text;
	int replaced;
} casting;

static int insert_new(plenum_db *db, casting *c, plenum_diag *d)
{
	unsigned char proof[32], rh[32];
	ct_random_hex(c->receipt, 16);
	proof_of(c->receipt, c->m->id, c->actor, proof);
	rhash_of(c->receipt, rh);
	int rc = st_query_run(db->st, ST_Q_voted_insert, NULL, d, "iib", c->m->id, c->actor,
	                      (const void *)proof, (size_t)32);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_ballot_insert, NULL, d, "ibtii", c->m->id,
		                  (const void *)rh, (size_t)32, c->text.data,
		                  c->m->public_ballots ? c->actor : 0,
		                  c->m->public_ballots ? plenum_db_now(db) : 0);
	return rc;
}

static int replace(plenum_db *db, casting *c, const void *proof, size_t np, plenum_diag *d)
{
	unsigned char want[32], rh[32];
	if (!c->receipt_in && c->m->public_ballots) { /* a public ballot is the member's */
		c->replaced = 1;
		return st_query_run(db->st, ST_Q_ballot_replace_public, NULL, d, "tiii", c->text.data,
		                    plenum_db_now(db), c->m->id, c->actor);
	}
	if (!c->receipt_in)
		return ut_fail(d, PLENUM_ECONFLICT, "member %lld has voted on motion %lld: to "
		               "replace the ballot give its receipt", (long long)c->actor,
		               (long long)c->m->id);
	proof_of(c->receipt_in, c->m->id, c->actor, want);
	if (np != 32 || memcmp(proof, want, 32) != 0)
		return ut_fail(d, PLENUM_ECONFLICT, "that receipt is not member %lld's for motion "
		               "%lld: give the receipt the first ballot returned", (long long)c->actor,
		               (long long)c->m->id);
	rhash_of(c->receipt_in, rh);
	int rc = st_query_run(db->st, ST_Q_ballot_replace, NULL, d, "tiib", c->text.data,
	                      c->m->public_ballots ? plenum_db_now(db) : 0, c->m->id,
	                      (const void *)rh, (size_t)32);
	if (!rc && st_changes(db->st) != 1)
		rc = ut_fail(d, PLENUM_EDB, "motion %lld: the ballot under this receipt is missing",
		             (long long)c->m->id);
	snprintf(c->receipt, sizeof c->receipt, "%s", c->receipt_in);
	c->replaced = 1;
	return rc;
}

static int store_ballot(plenum_db *db, casting *c, plenum_diag *d)
{
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_voted_get, &s, d, "ii", c->m->id, c->actor);
	int r = rc ? -rc : st_next(s, d);
	if (r < 0)
		return -r;
	if (r == 1) {
		size_t np;
		unsigned char proof[32] = {0};
		const void *p = st_blob(s, 0, &np);
		memcpy(proof, p, np < 32 ? np : 32);
		st_done(s);
		rc = replace(db, c, proof, np, d);
	} else if (c->receipt_in) {
		rc = ut_fail(d, PLENUM_ECONFLICT, "member %lld has no ballot on motion %lld to "
		             "replace: cast one without a receipt", (long long)c->actor,
		             (long long)c->m->id);
	} else {
		rc = insert_new(db, c, d);
	}
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "motion", c->m->id);
	ct_js_int(&j, "member", c->actor);
	/* No marks: a secret ballot's never reach the log, a public one's at close (no tally
	 * before close). */
	return ct_event(db, c->actor, c->m->council, c->replaced ? "ballot.replace" : "ballot.cast",
	                &j, d);
}

/* Everything a ballot is checked against (the motion open, the voter a member or seated
 * delegate, the mandate) is read inside the write transaction: checked before it, a ballot
 * that waited for the lock while a recall, a departure or a mandate was committed was
 * stored after them (stop 22's races). *refused: a mandate refuses it, the council's
 * notice is written and is all that commits. */
static int cast_tx(plenum_db *db, casting *c, int64_t motion, int64_t n, int64_t *refused,
                   plenum_diag *d)
{
	plenum_motion *m = (plenum_motion *)c->m;
	int64_t by = 0, opt = -1;
	int rc = ct_motion_load(db, motion, m, d);
	if (!rc)
		rc = may_vote(db, c->actor, m, d);
	if (!rc && (n != m->n_options || !c->marks))
		rc = ut_fail(d, PLENUM_EINVAL, "motion %lld has %lld options; the ballot gives %lld "
		             "marks", (long long)motion, (long long)m->n_options, (long long)n);
	if (!rc)
		rc = ct_ballot_check(m->method, c->marks, n, d);
	if (!rc && m->public_ballots && (opt = bound_option(db, motion, c->actor, &by)) >= 0 &&
	    !ct_follows(c->marks, n, opt)) {
		refused[0] = by, refused[1] = opt;
		return tell_refusal(db, motion, c->actor, by, opt, d);
	}
	if (!rc && marks_text(c->marks, n, &c->text))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory");
	return rc ? rc : store_ballot(db, c, d);
}

int plenum_ballot_cast(plenum_db *db, int64_t actor, int64_t motion, const int64_t *marks,
                       int64_t n, const char *receipt_in, char receipt_out[PLENUM_RECEIPT_SIZE],
                       plenum_diag *d)
{
	CT_ENTER(db, d);
	plenum_motion m;
	casting c = {.actor = actor, .m = &m, .marks = marks, .receipt_in = receipt_in};
	int64_t refused[2] = {0, -1}; /* the binding council and the option, when refused */
	if (receipt_out)
		receipt_out[0] = 0;
	int rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, cast_tx(db, &c, motion, n, refused, d), d);
	if (!rc && refused[0])
		rc = ut_fail(d, PLENUM_EDENIED, "motion %lld: your council %lld bound its delegates "
		             "to option %lld; a ballot against the mandate is refused and the council "
		             "is told", (long long)motion, (long long)refused[0],
		             (long long)refused[1]);
	if (!rc && receipt_out)
		memcpy(receipt_out, c.receipt, PLENUM_RECEIPT_SIZE);
	ut_buf_free(&c.text);
	return ct_leave(db, rc, d);
}

int plenum_ballot_cast_choice(plenum_db *db, int64_t actor, int64_t motion, const char *choice,
                              const char *receipt_in, char receipt_out[PLENUM_RECEIPT_SIZE],
                              plenum_diag *d)
{
	static const char *const names[] = {"yes", "no", "abstain"};
	int64_t marks[3];
	int k = 0;
	while (k < 3 && !(choice && strcmp(choice, names[k]) == 0))
		k++;
	if (receipt_out)
		receipt_out[0] = 0;
	if (k == 3)
		return ut_fail(d, PLENUM_EINVAL, "vote '%s': give yes, no or abstain",
		               choice ? choice : "");
	for (int i = 0; i < 3; i++)
		marks[i] = i == k;
	CT_ENTER(db, d);
	plenum_motion m;
	int rc = ct_motion_load(db, motion, &m, d);
	if (!rc && m.method != PLENUM_VOTE_YES_NO)
		rc = ut_fail(d, PLENUM_EINVAL, "motion %lld is a%s %s vote: give one mark per "
		             "option, not '%s'", (long long)motion,
		             m.method == PLENUM_VOTE_APPROVAL ? "n" : "",
		             plenum_vote_method_name(m.method), names[k]);
	rc = ct_leave(db, rc, d);
	return rc ? rc : plenum_ballot_cast(db, actor, motion, marks, 3, receipt_in, receipt_out, d);
}

int plenum_ballot_check(plenum_db *db, int64_t motion, const char *receipt, int64_t *marks,
                        int64_t n, int64_t *n_out, plenum_diag *d)
{
	CT_ENTER(db, d);
	unsigned char rh[32];
	plenum_motion m;
	st_stmt *s;
	int rc = ct_motion_load(db, motion, &m, d);
	rhash_of(receipt ? receipt : "", rh);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_ballot_by_receipt, &s, d, "ib", motion,
		                  (const void *)rh, (size_t)32);
	int r = rc ? -rc : st_next(s, d);
	if (r == 1) {
		*n_out = m.n_options;
		ct_marks_parse(st_text(s, 0), marks, n);
		st_done(s);
	} else {
		rc = r < 0 ? -r : ut_fail(d, PLENUM_ENOTFOUND, "motion %lld has no ballot under that "
		                          "receipt", (long long)motion);
	}
	return ct_leave(db, rc, d);
}

int plenum_ballot_has_voted(plenum_db *db, int64_t motion, int64_t member)
{
	st_stmt *s;
	ct_release(db);
	if (st_query_run(db->st, ST_Q_voted_get, &s, NULL, "ii", motion, member))
		return 0;
	int r = st_next(s, NULL);
	st_done(s);
	return r == 1;
}

int plenum_public_ballots(plenum_db *db, int64_t motion, int64_t member,
                          int (*fn)(void *, const plenum_public_ballot *), void *ud,
                          plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	/* by motion (its key), by member (an index of public ballots' members), or all */
	int r = 0, rc = motion ? st_query_run(db->st, ST_Q_ballot_public, &s, d, "ii", motion, member)
	                : member ? st_query_run(db->st, ST_Q_ballot_public_by, &s, d, "i", member)
	                         : st_query_run(db->st, ST_Q_ballot_public_all, &s, d, "");
	if (rc)
		return ct_leave(db, rc, d);
	int64_t marks[1000];
	plenum_public_ballot b = {.marks = marks};
	while ((r = st_next(s, d)) == 1) {
		b.motion = st_int(s, 0), b.member = st_int(s, 1), b.name = st_text(s, 2);
		b.n = ct_marks_parse(st_text(s, 3), marks, 1000);
		b.cast_at = st_int(s, 4);
		if (fn(ud, &b)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, r < 0 ? -r : PLENUM_OK, d);
}
