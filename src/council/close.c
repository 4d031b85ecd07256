/* Closing a motion: the count (frozen into the motion and its options), and its effect:
 * a recall vacates the seat and opens an election, an election seats its winners, a binding
 * motion records the mandate, a general motion with a mandate text replaces the mandates. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "council/ct.h"

/* The stored ballots of m, loaded for counting; digest: BLAKE2b of the sorted marks lines. */
typedef struct loaded {
	ct_ballots b;
	int64_t *marks;
	unsigned char digest[32];
	ut_buf publics; /* "member:marks" lines of public ballots */
} loaded;

static int load_ballots(plenum_db *db, const plenum_motion *m, loaded *l, plenum_diag *d)
{
	int64_t n = 0, voted = 0, k = m->n_options;
	st_stmt *s;
	int rc = st_query_int(db->st, ST_Q_ballot_count, &n, d, "i", m->id);
	if (!rc)
		rc = st_query_int(db->st, ST_Q_voted_count, &voted, d, "i", m->id);
	if (rc)
		return rc;
	if (NEVER(n != voted))
		return ut_fail(d, PLENUM_EDB, "motion %lld: %lld ballots but %lld voters: the store "
		               "is damaged", (long long)m->id, (long long)n, (long long)voted);
	l->marks = ut_calloc((size_t)(n * k) + 1, sizeof *l->marks);
	if (!l->marks)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory counting motion %lld",
		               (long long)m->id);
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	if ((rc = st_query_run(db->st, ST_Q_ballot_sorted, &s, d, "i", m->id)))
		return rc;
	int r;
	int64_t v = 0;
	while ((r = st_next(s, d)) == 1 && v < n) {
		const char *t = st_text(s, 0);
		ct_marks_parse(t, l->marks + v * k, k);
		crypto_generichash_update(&h, (const unsigned char *)t, strlen(t) + 1);
		if (!st_is_null(s, 1) &&
		    ut_buf_printf(&l->publics, "%lld:%s\n", (long long)st_int(s, 1), t))
			rc = PLENUM_ENOMEM;
		v++;
	}
	crypto_generichash_final(&h, l->digest, 32);
	l->b = (ct_ballots){.n = v, .k = k, .marks = l->marks};
	return r < 0 ? -r : rc;
}

static int count_method(const plenum_motion *m, const ct_ballots *b, ct_count *c)
{
	switch (m->method) {
	case PLENUM_VOTE_YES_NO:
		return ct_count_yes_no(b, m->electorate, m->quorum_num, m->quorum_den,
		                       m->majority_num, m->majority_den, c);
	case PLENUM_VOTE_APPROVAL:
		return ct_count_approval(b, m->seats, m->status_quo, c);
	case PLENUM_VOTE_SCHULZE:
		return ct_count_schulze(b, m->status_quo, c);
	case PLENUM_VOTE_STV:
		return ct_count_stv(b, m->seats, c);
	default:
		break;
	}
	return PLENUM_EINVAL;
}

static void decide_nothing(const plenum_motion *m, ct_count *c)
{
	c->n_winners = 0, c->passed = 0;
	for (int64_t i = 0; i < m->n_options; i++)
		c->rank[i] = 0;
}

/* Counts b by m's method; the quorum (voters * qden >= qnum * electorate) holds for every
 * method: without it nothing wins and nothing is ranked (the tallies stay for the record).
 * Under rules 2 (PLENUM_RULES) an approval, Schulze or STV motion nobody voted in decides
 * nothing either, whatever its quorum (rules 1 picked the status quo or the lowest index);
 * a yes-no motion without ballots does not pass under both. */
int ct_count_motion(const plenum_motion *m, const ct_ballots *b, ct_count *c)
{
	int rc = ct_count_init(c, m->n_options);
	if (!rc)
		rc = count_method(m, b, c);
	if (rc || m->method == PLENUM_VOTE_YES_NO)
		return rc;
	c->quorum_met = b->n * m->quorum_den >= m->quorum_num * m->electorate;
	if (b->n == 0 && m->rules >= 2) {
		decide_nothing(m, c);
		ut_buf_free(&c->report); /* its places, had they been counted, would mislead */
		if (ut_buf_printf(&c->report, "no ballots were cast: nothing is decided\n"))
			return PLENUM_ENOMEM;
		return PLENUM_OK;
	}
	if (c->quorum_met)
		return PLENUM_OK;
	decide_nothing(m, c);
	if (ut_buf_printf(&c->report, "quorum %lld/%lld of %lld eligible not met by %lld voters: "
	                  "nothing is decided\n", (long long)m->quorum_num, (long long)m->quorum_den,
	                  (long long)m->electorate, (long long)b->n))
		return PLENUM_ENOMEM;
	return PLENUM_OK;
}

static int seat_winners(plenum_db *db, const plenum_motion *m, const ct_count *c,
                        const char *mandate, plenum_diag *d)
{
	int rc = PLENUM_OK;
	if (c->n_winners == 0 && ct_free_seats(db, m->council) > 0) /* said, not left silent */
		return ct_notice(db, m->council, m->id, 0, "election-void",
		                 c->quorum_met ? "nobody was elected: no ballots were cast; the seat "
		                                 "stays vacant: open another election, giving its "
		                                 "mandate again"
		                               : "nobody was elected: the election fell short of its "
		                                 "quorum; the seat stays vacant: open another "
		                                 "election, giving its mandate again", d);
	for (int64_t w = 0; !rc && w < c->n_winners; w++) {
		int64_t member, seat, other;
		rc = st_query_int(db->st, ST_Q_option_candidate, &member, d, "ii", m->id,
		                  c->winners[w]);
		if (rc)
			break;
		/* a winner who cannot be seated is said, not left silent */
		const char *why = NULL;
		if (ct_free_seats(db, m->council) <= 0)
			why = "every seat is held"; /* nothing vacant: no election to call */
		else if (st_query_int(db->st, ST_Q_seat_of_member, &other, d, "ii", m->council,
		                      member) == 0)
			why = "seated already: the seat waits for another election";
		else if (!ct_is_member(db, m->council, member))
			why = "no longer a member: the seat waits for another election";
		if (why) {
			char text[200];
			snprintf(text, sizeof text, "the election's winner could not be seated: %s", why);
			rc = ct_notice(db, m->council, m->id, member, "delegate-not-seated", text, d);
			continue;
		}
		rc = ct_seat_insert(db, PLENUM_ACTOR_ADMIN, m->council, member, mandate, m->id,
		                    &seat, d);
		if (!rc)
			rc = ct_notice(db, m->council, m->id, member, "delegate-elected",
			               "a delegate was elected", d);
	}
	return rc;
}

static int replace_mandates(plenum_db *db, const plenum_motion *m, const char *mandate,
                            plenum_diag *d)
{
	int rc = st_query_run(db->st, ST_Q_mandate_text, NULL, d, "ti", mandate, m->council);
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "council", m->council);
	ct_js_int(&j, "motion", m->id);
	ct_js_str(&j, "mandate", mandate);
	return ct_event(db, PLENUM_ACTOR_ADMIN, m->council, "delegate.mandate", &j, d);
}

/* A variant won: its proposal (if one was kept) becomes the stored plan, its targets are
 * published; the federation is told either way. */
static int plan_adopted(plenum_db *db, const plenum_motion *m, const ct_count *c,
                        plenum_diag *d)
{
	/* a yes-no adoption voted down, or one short of its quorum, adopts nothing */
	int adopted = c->passed && c->n_winners && c->winners[0] != m->status_quo;
	int rc = adopted ? ct_plan_adopt(db, m, c->winners[0], d) : PLENUM_OK;
	if (rc)
		return rc;
	return ct_notice(db, m->council, m->id, 0, "plan-adoption",
	                 adopted ? "a plan variant was adopted" : "the status quo was kept", d);
}

/* A recall that passed vacates the seat and opens the election, which the recall's opener
 * may close like their own; a seat another recall vacated already stays as it is. */
static int recall_passed(plenum_db *db, const plenum_motion *m, plenum_diag *d)
{
	st_stmt *s;
	int64_t election;
	int rc = st_query_run(db->st, ST_Q_delegate_get, &s, d, "i", m->recall);
	int r = rc ? -rc : st_next(s, d);
	if (r < 0)
		return -r;
	int64_t until = r == 1 ? st_int(s, 8) : 0;
	st_done(s);
	if (until)
		return ct_notice(db, m->council, m->id, 0, "recall",
		                 "the recall passed; the seat was vacant already", d);
	return ct_seat_vacate(db, PLENUM_ACTOR_ADMIN, m->recall, m->id, m->opener, &election, d);
}

/* A mandate recorded after some of the council's delegates voted on the federation's motion:
 * each whose ballot goes against it is named to the council (they may replace the ballot
 * until close; a replacement against the mandate is refused). */
static int mandate_conflicts(plenum_db *db, const plenum_motion *m, int64_t option,
                             plenum_diag *d)
{
	int64_t n = 0, members[64], marks[1000];
	st_stmt *s;
	int r, rc = st_query_run(db->st, ST_Q_mandate_ballots, &s, d, "ii", m->binds, m->council);
	while (!rc && (r = st_next(s, d)) == 1) {
		int64_t k = ct_marks_parse(st_text(s, 1), marks, 1000);
		if (!ct_follows(marks, k, option) && n < 64)
			members[n++] = st_int(s, 0);
	}
	if (!rc && r < 0)
		rc = -r;
	for (int64_t i = 0; !rc && i < n; i++) {
		char text[200];
		snprintf(text, sizeof text, "delegate (member %lld) voted on motion %lld against the "
		         "mandate before it was made; the ballot can be replaced until close",
		         (long long)members[i], (long long)m->binds);
		rc = ct_notice(db, m->council, m->binds, members[i], "mandate-conflict", text, d);
	}
	return rc;
}

static int mandate_made(plenum_db *db, const plenum_motion *m, int64_t option, plenum_diag *d)
{
	int rc = st_query_run(db->st, ST_Q_mandate_put, NULL, d, "iiii", m->council, m->binds,
	                      option, m->id);
	if (!rc)
		rc = ct_notice(db, m->council, m->id, 0, "mandate", "the council bound its delegates",
		               d);
	plenum_motion bound;
	if (!rc)
		rc = ct_motion_load(db, m->binds, &bound, d);
	return rc || bound.closed_at ? rc : mandate_conflicts(db, m, option, d);
}

static int effects(plenum_db *db, const plenum_motion *m, const ct_count *c,
                   const char *mandate, plenum_diag *d)
{
	switch (m->kind) {
	case PLENUM_MOTION_RECALL:
		return c->passed ? recall_passed(db, m, d) : PLENUM_OK;
	case PLENUM_MOTION_ELECTION:
		return seat_winners(db, m, c, mandate, d);
	case PLENUM_MOTION_GENERAL:
		if (m->binds && c->n_winners > 0)
			return mandate_made(db, m, c->winners[0], d);
		return mandate[0] && c->passed ? replace_mandates(db, m, mandate, d) : PLENUM_OK;
	case PLENUM_MOTION_PLAN_ADOPTION:
		return plan_adopted(db, m, c, d);
	default: /* priority, cap: the decision is the record */
		return PLENUM_OK;
	}
}

static int freeze(plenum_db *db, int64_t actor, const plenum_motion *m, const loaded *l,
                  const ct_count *c, plenum_diag *d)
{
	int rc = PLENUM_OK;
	char digest[65];
	st_hex(l->digest, 32, digest);
	for (int64_t i = 0; !rc && i < m->n_options; i++)
		rc = st_query_run(db->st, ST_Q_option_count, NULL, d, "iiii", c->tally[i], c->rank[i],
		                  m->id, i);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_motion_close, NULL, d, "iiiitti", plenum_db_now(db),
		                  l->b.n, (int64_t)c->passed, c->n_winners ? c->winners[0] : -1,
		                  c->report.data ? c->report.data : "", digest, m->id);
	ut_buf tally = {0};
	for (int64_t i = 0; !rc && i < m->n_options; i++)
		if (ut_buf_printf(&tally, i ? ",%lld" : "%lld", (long long)c->tally[i]))
			rc = PLENUM_ENOMEM;
	ct_json j = {0};
	ct_js_int(&j, "motion", m->id);
	ct_js_int(&j, "voters", l->b.n);
	ct_js_int(&j, "passed", c->passed);
	ct_js_int(&j, "winner", c->n_winners ? c->winners[0] : -1);
	ct_js_str(&j, "tally", tally.data);
	ct_js_str(&j, "ballots_digest", digest);
	ct_js_str(&j, "public_ballots", l->publics.data);
	ct_js_int(&j, "rules", m->rules);
	ut_buf_free(&tally);
	if (rc) {
		ct_js_free(&j);
		return rc;
	}
	return ct_event(db, actor, m->council, "motion.close", &j, d); /* who closed it */
}

static int may_close(plenum_db *db, int64_t actor, const plenum_motion *m, plenum_diag *d)
{
	if (m->closed_at)
		return ut_fail(d, PLENUM_ECONFLICT, "motion %lld is closed already: nothing changes "
		               "after close", (long long)m->id);
	if (m->closes_at && plenum_db_now(db) < m->closes_at)
		return ut_fail(d, PLENUM_ECONFLICT, "motion %lld closes at %lld, not before",
		               (long long)m->id, (long long)m->closes_at);
	if (!m->closes_at && actor != PLENUM_ACTOR_ADMIN && actor != m->opener)
		return ut_fail(d, PLENUM_EDENIED, "motion %lld has no closing time: only its opener "
		               "(member %lld) or the admin may close it", (long long)m->id,
		               (long long)m->opener);
	return PLENUM_OK;
}

static int close_tx(plenum_db *db, int64_t actor, int64_t id, plenum_diag *d)
{
	plenum_motion m;
	loaded l = {0};
	ct_count c = {0};
	char *mandate = NULL;
	st_stmt *s;
	int rc = ct_motion_load(db, id, &m, d);
	if (!rc)
		rc = may_close(db, actor, &m, d);
	if (!rc)
		rc = load_ballots(db, &m, &l, d);
	if (!rc && (rc = ct_count_motion(&m, &l.b, &c)))
		ut_fail(d, rc, "out of memory counting motion %lld", (long long)id);
	int r = 0;
	if (!rc && !(rc = st_query_run(db->st, ST_Q_motion_mandate, &s, d, "i", id)) &&
	    (r = st_next(s, d)) == 1) {
		mandate = ut_strdup(st_text(s, 0));
		st_done(s);
	}
	if (!rc && r < 0)
		rc = -r; /* a database error, said in d: not "out of memory" */
	else if (!rc && !mandate)
		rc = ut_fail(d, r ? PLENUM_ENOMEM : PLENUM_ENOTFOUND, r ? "out of memory" :
		             "motion %lld: no such motion", (long long)id);
	if (!rc)
		rc = freeze(db, actor, &m, &l, &c, d);
	if (!rc)
		rc = effects(db, &m, &c, mandate, d);
	ut_free(mandate);
	ut_free(l.marks);
	ut_buf_free(&l.publics);
	ct_count_free(&c);
	return rc;
}

int plenum_motion_close(plenum_db *db, int64_t actor, int64_t motion, plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, close_tx(db, actor, motion, d), d);
	return ct_leave(db, rc, d);
}

int plenum_motion_close_due(plenum_db *db, int64_t *closed, plenum_diag *d)
{
	CT_ENTER(db, d);
	int64_t n = 0, id;
	int rc = PLENUM_OK;
	while (!rc && st_query_int(db->st, ST_Q_motion_due, &id, d, "i", plenum_db_now(db)) == 0) {
		rc = ct_begin(db, d);
		if (!rc)
			rc = ct_end(db, close_tx(db, PLENUM_ACTOR_ADMIN, id, d), d);
		n += !rc;
	}
	if (closed)
		*closed = n;
	return ct_leave(db, rc, d);
}

static int fill_result(const plenum_motion *m, const loaded *l, ct_count *c, plenum_result *r)
{
	int64_t k = m->n_options;
	r->motion = m->id, r->method = m->method, r->electorate = m->electorate;
	r->voters = l->b.n, r->quorum_met = c->quorum_met, r->passed = c->passed;
	r->yes = c->yes, r->no = c->no, r->abstain = c->abstain, r->n_options = k;
	r->n_winners = c->n_winners;
	r->tally = c->tally, r->rank = c->rank, r->winners = c->winners, r->pairwise = c->pairwise;
	r->report = c->report.data ? c->report.data : ut_strdup("");
	memset(c, 0, sizeof *c); /* r owns the arrays now */
	return r->report ? PLENUM_OK : PLENUM_ENOMEM;
}

/* Whether the ballots of closed motion m are those its motion.close event (seq) counted:
 * EDB naming both when not (the database was changed outside plenum, its triggers
 * dropped: a result recounted from such ballots would contradict the public record). */
static int same_ballots(const plenum_motion *m, const loaded *l, int64_t seq,
                        const char *recorded, plenum_diag *d)
{
	char now[65];
	st_hex(l->digest, 32, now);
	if (strcmp(now, recorded) == 0)
		return PLENUM_OK;
	return ut_fail(d, PLENUM_EDB, "motion %lld: its ballots are not those counted at close "
	               "(event %lld records digest %.16s..., they give %.16s...): the database was "
	               "changed outside plenum", (long long)m->id, (long long)seq,
	               recorded[0] ? recorded : "none", now);
}

/* One motion.close event: its seq, motion, and the digest, result and counting rules it
 * records (rules 1 where the event names none: closes before schema 5). */
typedef struct closing {
	int64_t seq, motion, voters, passed, winner, rules;
	char digest[65];
	char *tally; /* "t0,t1,..." */
} closing;

static void closings_free(closing *c, int64_t n)
{
	for (int64_t k = 0; k < n; k++)
		ut_free(c[k].tally);
	ut_free(c);
}

/* The motion.close events of motion (0: all), read whole before any ballot is: one
 * statement at a time. */
static int closings(plenum_db *db, int64_t motion, closing **out, int64_t *n, plenum_diag *d)
{
	st_stmt *s;
	int64_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = motion ? st_query_run(db->st, ST_Q_close_events_of, &s, d, "i", motion)
	                : st_query_run(db->st, ST_Q_close_events, &s, d, ""), r = 0;
	while (!rc && (r = st_next(s, d)) == 1) {
		if (*n == cap) {
			closing *g = ut_realloc(*out, (size_t)(cap = cap ? 2 * cap : 16) * sizeof *g);
			if (!g) {
				st_done(s);
				return ut_fail(d, PLENUM_ENOMEM, "out of memory checking the closes");
			}
			*out = g;
		}
		closing *c = &(*out)[(*n)++];
		c->seq = st_int(s, 0);
		c->motion = st_int(s, 1);
		snprintf(c->digest, sizeof c->digest, "%s", st_is_null(s, 2) ? "" : st_text(s, 2));
		c->voters = st_int(s, 3), c->passed = st_int(s, 4), c->winner = st_int(s, 5);
		c->rules = st_int(s, 7);
		if (!(c->tally = ut_strdup(st_text(s, 6)))) {
			st_done(s);
			return ut_fail(d, PLENUM_ENOMEM, "out of memory checking the closes");
		}
	}
	return rc ? rc : r < 0 ? -r : PLENUM_OK;
}

/* Whether closed motion m's ballots (l), counted now under the rules m holds (c), give what
 * its motion.close event g recorded, and m's stored result is that one too: EDB naming both
 * when not (its quorum, majority, method or result were changed outside plenum: a result
 * recounted so would contradict the public record). */
static int same_result(const plenum_motion *m, const loaded *l, const ct_count *c,
                       const closing *g, plenum_diag *d)
{
	ut_buf t = {0};
	int rc = PLENUM_OK;
	for (int64_t i = 0; !rc && i < m->n_options; i++)
		if (ut_buf_printf(&t, i ? ",%lld" : "%lld", (long long)c->tally[i]))
			rc = PLENUM_ENOMEM;
	if (rc) {
		ut_buf_free(&t);
		return ut_fail(d, PLENUM_ENOMEM, "out of memory recounting motion %lld",
		               (long long)m->id);
	}
	int64_t winner = c->n_winners ? c->winners[0] : -1;
	if (m->rules != g->rules)
		rc = ut_fail(d, PLENUM_EDB, "motion %lld: it holds counting rules %lld where event "
		             "%lld recorded rules %lld: its rules were changed outside plenum",
		             (long long)m->id, (long long)m->rules, (long long)g->seq,
		             (long long)g->rules);
	else if (l->b.n != g->voters || c->passed != g->passed || winner != g->winner ||
	    strcmp(t.data ? t.data : "", g->tally) != 0)
		rc = ut_fail(d, PLENUM_EDB, "motion %lld: counted now it gives tally %s, passed %d, "
		             "winner %lld, where event %lld recorded %s, %lld, %lld: its rules were "
		             "changed outside plenum", (long long)m->id, t.data ? t.data : "",
		             c->passed, (long long)winner, (long long)g->seq, g->tally,
		             (long long)g->passed, (long long)g->winner);
	else if (m->voters != g->voters || m->passed != g->passed || m->winner != g->winner)
		rc = ut_fail(d, PLENUM_EDB, "motion %lld: its stored result (voters %lld, passed %d, "
		             "winner %lld) is not the one event %lld recorded: the database was changed "
		             "outside plenum", (long long)m->id, (long long)m->voters, m->passed,
		             (long long)m->winner, (long long)g->seq);
	ut_buf_free(&t);
	return rc;
}

/* Loads closed motion m's ballots into l and counts them into c (both the caller's to free
 * after), then checks them against each of its close events g[0..n): OK, EDB with *bad_seq
 * the event they differ from, or another failure. */
static int count_against(plenum_db *db, const plenum_motion *m, const closing *g, int64_t n,
                         loaded *l, ct_count *c, int64_t *bad_seq, plenum_diag *d)
{
	int rc = load_ballots(db, m, l, d);
	if (!rc && (rc = ct_count_motion(m, &l->b, c)))
		return ut_fail(d, rc, "out of memory counting motion %lld", (long long)m->id);
	for (int64_t k = 0; !rc && k < n; k++) {
		rc = same_ballots(m, l, g[k].seq, g[k].digest, d);
		if (!rc)
			rc = same_result(m, l, c, &g[k], d);
		if (rc == PLENUM_EDB)
			*bad_seq = g[k].seq;
	}
	return rc;
}

/* A motion marked closed that no motion.close event closes (motion 0: any): EDB naming it
 * (its closed_at set outside plenum, or the log's end cut off). */
static int unrecorded(plenum_db *db, int64_t motion, plenum_diag *d)
{
	int64_t id;
	int rc = motion ? st_query_int(db->st, ST_Q_closed_unrecorded_of, &id, d, "i", motion)
	                : st_query_int(db->st, ST_Q_closed_unrecorded, &id, d, "");
	if (rc == PLENUM_ENOTFOUND)
		return PLENUM_OK;
	if (rc)
		return rc;
	return ut_fail(d, PLENUM_EDB, "motion %lld is marked closed but no motion.close event "
	               "records it: the database was changed outside plenum, or the log's end "
	               "was cut off", (long long)id);
}

int ct_check_closed(plenum_db *db, int64_t motion, int64_t *bad_seq, plenum_diag *d)
{
	closing *c;
	int64_t n;
	*bad_seq = 0;
	int rc = closings(db, motion, &c, &n, d);
	for (int64_t k = 0; !rc && !*bad_seq && k < n; k++) {
		plenum_motion m;
		loaded l = {0};
		ct_count cnt = {0};
		rc = ct_motion_load(db, c[k].motion, &m, d);
		if (!rc && (rc = count_against(db, &m, &c[k], 1, &l, &cnt, bad_seq, d)) == PLENUM_EDB)
			rc = PLENUM_OK; /* said by *bad_seq */
		ut_free(l.marks);
		ut_buf_free(&l.publics);
		ct_count_free(&cnt);
	}
	closings_free(c, n);
	if (!rc && !*bad_seq && (rc = unrecorded(db, motion, d)) == PLENUM_EDB) {
		int64_t last = 0; /* the missing close would come after the last event */
		plenum_diag keep = *d;
		rc = st_query_int(db->st, ST_Q_event_last, &last, d, "");
		*bad_seq = last + 1;
		if (rc == PLENUM_OK || rc == PLENUM_ENOTFOUND)
			*d = keep, rc = PLENUM_OK;
	}
	return rc;
}

int plenum_motion_result(plenum_db *db, int64_t motion, plenum_result **out, plenum_diag *d)
{
	CT_ENTER(db, d);
	plenum_motion m;
	loaded l = {0};
	ct_count c = {0};
	*out = NULL;
	int rc = ct_motion_load(db, motion, &m, d);
	if (!rc && !m.closed_at)
		rc = ut_fail(d, PLENUM_ECONFLICT, "motion %lld is open: nobody sees a tally before it "
		             "closes", (long long)motion);
	/* counted once, and that count must be the one the public record holds */
	closing *g = NULL;
	int64_t n = 0, bad = 0;
	if (!rc)
		rc = closings(db, motion, &g, &n, d);
	if (!rc && n == 0)
		rc = unrecorded(db, motion, d);
	if (!rc && n > 0)
		rc = count_against(db, &m, g, n, &l, &c, &bad, d);
	closings_free(g, n);
	plenum_result *r = rc ? NULL : ut_calloc(1, sizeof *r);
	if (!rc && (!r || fill_result(&m, &l, &c, r))) {
		plenum_result_free(r);
		r = NULL;
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory");
	}
	ut_free(l.marks);
	ut_buf_free(&l.publics);
	ct_count_free(&c);
	*out = r;
	return ct_leave(db, rc, d);
}

void plenum_result_free(plenum_result *r)
{
	if (!r)
		return;
	ut_free(r->tally), ut_free(r->rank), ut_free(r->winners), ut_free(r->pairwise);
	ut_free(r->report);
	ut_free(r);
}
