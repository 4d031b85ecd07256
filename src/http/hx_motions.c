/* Motions: one motion with its options, casting or replacing a ballot (the right marks for
 * each method), checking a ballot by its receipt, closing, the result, public ballots. */
#include <stdlib.h>
#include <string.h>
#include "http/handlers.h"
#include "util/util.h"

#define I(x) ((json_int_t)(x))
enum { OPTIONS_MAX = 1000 };

static int add_option(void *ud, const plenum_option *o)
{
	json_array_append_new(ud, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}", "index",
	                                    I(o->index), "label", o->label, "payload",
	                                    o->payload ? o->payload : "", "candidate",
	                                    I(o->candidate), "tally", I(o->tally), "rank",
	                                    I(o->rank)));
	return 0;
}

/* The motion (into *m, strings valid until the next call) if the member may see it. */
static int visible_motion(hx_req *q, hx_res *r, plenum_motion *m)
{
	plenum_diag d = {0};
	int rc = plenum_motion_get(q->db, q->id, m, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return 0;
	}
	int64_t council = m->council;
	if (!hx_may_view(q, r, council))
		return 0;
	rc = plenum_motion_get(q->db, q->id, m, &d); /* hx_may_view reused the handle */
	if (rc != PLENUM_OK)
		hx_fail(r, rc, &d);
	return rc == PLENUM_OK;
}

typedef struct seat_ud {
	int64_t member;
	int found;
} seat_ud;

static int find_seat(void *ud, const plenum_delegate *g)
{
	seat_ud *u = ud;
	u->found |= g->member == u->member && g->until == 0;
	return 0;
}

/* Whether the member votes in council: a member of it, or in a federation a seated
 * delegate. A hint for the interface; plenum_ballot_cast decides. */
static int may_vote(hx_req *q, int64_t council)
{
	plenum_diag d = {0};
	plenum_council c;
	if (plenum_council_get(q->db, council, &c, &d) != PLENUM_OK)
		return 0;
	if (c.kind != PLENUM_FEDERATION)
		return plenum_is_member(q->db, council, q->member) == 1;
	seat_ud u = {q->member, 0};
	if (plenum_federation_delegates(q->db, council, find_seat, &u, &d) != PLENUM_OK)
		return 0;
	return u.found;
}

void hx_motion(hx_req *q, hx_res *r)
{
	plenum_motion m;
	if (!visible_motion(q, r, &m))
		return;
	json_t *o = hx_motion_json(&m);
	json_t *opts = json_array();
	plenum_diag d = {0};
	int rc = plenum_motion_options(q->db, q->id, add_option, opts, &d);
	json_object_set_new(o, "options", opts);
	if (rc != PLENUM_OK) {
		json_decref(o);
		hx_fail(r, rc, &d);
		return;
	}
	json_object_set_new(o, "voted", json_boolean(plenum_ballot_has_voted(q->db, q->id,
	                                                                       q->member)));
	json_object_set_new(o, "may_vote", json_boolean(may_vote(q, m.council)));
	hx_json(r, 200, o);
}

static const char *const choices[] = {"yes", "no", "abstain"};

/* marks from {"marks": [...]}, or *choice from {"choice": "yes"|"no"|"abstain"} (checked
 * against the motion's method by plenum_ballot_cast_choice); not both. */
static int marks_of(hx_req *q, hx_res *r, int64_t *marks, int64_t *n, const char **choice)
{
	*choice = NULL;
	if (!hx_str(q, r, "choice", 0, choice))
		return 0;
	json_t *given = json_object_get(q->json, "marks"); /* null counts as absent */
	if (*choice && given && !json_is_null(given)) {
		hx_error(r, 400, "EFIELD", "give \"choice\" or \"marks\", not both");
		return 0;
	}
	if (*choice) {
		int k = 0;
		while (k < 3 && strcmp(*choice, choices[k]) != 0)
			k++;
		if (k < 3)
			return 1;
		hx_error(r, 400, "EFIELD", "choice must be yes, no or abstain, not \"%s\"", *choice);
		return 0;
	}
	json_t *a = json_object_get(q->json, "marks");
	if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > OPTIONS_MAX) {
		hx_error(r, 400, "EFIELD", "give \"marks\": an array of integers, one per option "
		                           "(or \"choice\" for a yes-no motion)");
		return 0;
	}
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v)) {
			hx_error(r, 400, "EFIELD", "marks[%zu] must be an integer", i);
			return 0;
		}
		marks[i] = json_integer_value(v);
	}
	*n = (int64_t)json_array_size(a);
	return 1;
}

void hx_ballot(hx_req *q, hx_res *r)
{
	int64_t *marks = ut_calloc(OPTIONS_MAX, sizeof *marks), n = 0;
	const char *receipt = NULL;
	if (!marks) {
		hx_error(r, 503, "ENOMEM", "out of memory: try again");
		return;
	}
	const char *choice;
	if (marks_of(q, r, marks, &n, &choice) && hx_str(q, r, "receipt", 0, &receipt)) {
		plenum_diag d = {0};
		char out[PLENUM_RECEIPT_SIZE] = "";
		/* A public ballot is replaced without a receipt: whether there was one before. (Two
		 * ballots of one member at once may both say false; the second still replaces.) */
		int had = !receipt && plenum_ballot_has_voted(q->db, q->id, q->member);
		int rc = choice ? plenum_ballot_cast_choice(q->db, q->member, q->id, choice, receipt,
		                                            out, &d)
		                : plenum_ballot_cast(q->db, q->member, q->id, marks, n, receipt, out,
		                                     &d);
		if (rc != PLENUM_OK)
			hx_fail(r, rc, &d);
		else
			hx_json(r, 200, json_pack("{s:I, s:s, s:b}", "motion", I(q->id), "receipt",
			                          out, "replaced", receipt != NULL || had));
	}
	ut_free(marks);
}

void hx_ballot_check(hx_req *q, hx_res *r)
{
	const char *receipt = NULL;
	plenum_motion m;
	if (!hx_str(q, r, "receipt", 1, &receipt) || !visible_motion(q, r, &m))
		return;
	int64_t *marks = ut_calloc(OPTIONS_MAX, sizeof *marks), n = 0;
	if (!marks) {
		hx_error(r, 503, "ENOMEM", "out of memory: try again");
		return;
	}
	plenum_diag d = {0};
	int rc = plenum_ballot_check(q->db, q->id, receipt, marks, OPTIONS_MAX, &n, &d);
	if (rc != PLENUM_OK)
		hx_fail(r, rc, &d);
	else
		hx_json(r, 200, json_pack("{s:I, s:o}", "motion", I(q->id), "marks",
		                          hx_marks_json(marks, n < OPTIONS_MAX ? n : OPTIONS_MAX)));
	ut_free(marks);
}

void hx_motion_close(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	plenum_motion m;
	if (!visible_motion(q, r, &m)) /* a due motion may be closed by anyone who sees it */
		return;
	int rc = plenum_motion_close(q->db, q->member, q->id, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:I, s:s}", "motion", I(q->id), "state", "closed"));
}

static json_t *ints(const int64_t *v, int64_t n)
{
	return v ? hx_marks_json(v, n) : json_null();
}

static json_t *result_json(const plenum_result *res)
{
	int64_t n = res->n_options;
	return json_pack("{s:I, s:s, s:I, s:I, s:b, s:b, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:s}",
	                 "motion", I(res->motion), "method", plenum_vote_method_name(res->method),
	                 "electorate", I(res->electorate), "voters", I(res->voters), "quorum_met",
	                 res->quorum_met, "passed", res->passed, "yes", I(res->yes), "no",
	                 I(res->no), "abstain", I(res->abstain), "tally", ints(res->tally, n),
	                 "rank", ints(res->rank, n), "winners",
	                 ints(res->winners, res->n_winners), "pairwise",
	                 ints(res->pairwise, n * n), "report", res->report ? res->report : "");
}

void hx_motion_result(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	plenum_result *res = NULL;
	int rc = plenum_motion_result(q->db, q->id, &res, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	json_t *o = result_json(res);
	plenum_result_free(res);
	plenum_motion m;
	json_t *opts = json_array();
	if (plenum_motion_get(q->db, q->id, &m, &d) == PLENUM_OK) {
		json_object_set_new(o, "title", json_string(m.title));
		/* which labels the server wrote, for a page to translate them */
		json_object_set_new(o, "status_quo", json_integer(m.status_quo));
		json_object_set_new(o, "binds", json_integer(m.binds));
	}
	rc = plenum_motion_options(q->db, q->id, add_option, opts, &d);
	json_object_set_new(o, "options", opts);
	if (rc != PLENUM_OK) {
		json_decref(o);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, o);
}

static int add_public(void *ud, const plenum_public_ballot *b)
{
	json_array_append_new(ud, json_pack("{s:I, s:I, s:s, s:o, s:I}", "motion", I(b->motion),
	                                    "member", I(b->member), "name", b->name, "marks",
	                                    hx_marks_json(b->marks, b->n), "cast_at",
	                                    I(b->cast_at)));
	return 0;
}

void hx_motion_ballots(hx_req *q, hx_res *r)
{
	plenum_motion m;
	if (!visible_motion(q, r, &m))
		return;
	plenum_diag d = {0};
	json_t *a = json_array();
	int rc = plenum_public_ballots(q->db, q->id, 0, add_public, a, &d);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:I, s:o}", "motion", I(q->id), "ballots", a));
}

/* Public votes of the delegate seat's member (all federation motions). */
void hx_delegate_ballots(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	plenum_delegate g;
	int rc = plenum_delegate_get(q->db, q->id, &g, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	int64_t member = g.member, council = g.council;
	if (!hx_may_view(q, r, council))
		return;
	json_t *a = json_array();
	rc = plenum_public_ballots(q->db, 0, member, add_public, a, &d);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:I, s:I, s:o}", "delegate", I(q->id), "member", I(member),
	                          "ballots", a));
}

/* Every closed motion of every council, the latest closed first (public, like each
 * result), with its council's name: one query, where the listing of every council's
 * motions, sorted and cut, built thousands to give a hundred. */
typedef struct closed_ud {
	json_t *a, *names; /* names: council id (as text) -> name */
} closed_ud;

static int add_closed(void *ud, const plenum_motion *m)
{
	closed_ud *u = ud;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)m->council);
	json_t *o = hx_motion_json(m);
	json_object_set(o, "council_name", json_object_get(u->names, id));
	json_array_append_new(u->a, o);
	return 0;
}

static int add_council_name(void *ud, const plenum_council *c)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)c->id);
	json_object_set_new(ud, id, json_string(c->name));
	return 0;
}

void hx_results(hx_req *q, hx_res *r)
{
	int64_t limit, total = 0;
	if (!hx_query_int(q, r, "limit", 100, 1, 1000, &limit))
		return;
	plenum_diag d = {0};
	closed_ud u = {json_array(), json_object()};
	int rc = plenum_council_list(q->db, -1, add_council_name, u.names, &d);
	if (rc == PLENUM_OK)
		rc = plenum_motion_closed(q->db, limit, &total, add_closed, &u, &d);
	json_decref(u.names);
	if (rc != PLENUM_OK) {
		json_decref(u.a);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:o, s:I}", "motions", u.a, "total", (json_int_t)total));
}
