/* JSON of the domain's rows (councils, motions, delegates, ballots' marks) and the rule of
 * who may see a council: its members and the members of the councils inside it. */
#include "http/handlers.h"
#include "util/util.h"

#define I(x) ((json_int_t)(x))

json_t *hx_council_json(const plenum_council *c)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:I, s:I}", "id", I(c->id), "kind",
	                 plenum_council_kind_name(c->kind), "name", c->name, "parent",
	                 I(c->parent), "seats", I(c->seats), "place", c->place ? c->place : "",
	                 "members", I(c->members), "created", I(c->created));
}

json_t *hx_motion_json(const plenum_motion *m)
{
	json_t *o = json_pack(
		"{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:s, s:I, s:I, s:I, s:b}",
		"id", I(m->id), "council", I(m->council), "kind", plenum_motion_kind_name(m->kind),
		"method", plenum_vote_method_name(m->method), "title", m->title, "text",
		m->text ? m->text : "", "mandate", m->mandate ? m->mandate : "", "opener",
		I(m->opener), "seats", I(m->seats), "opened_at", I(m->opened_at), "closes_at",
		I(m->closes_at), "state", m->state == PLENUM_MOTION_OPEN ? "open" : "closed",
		"n_options", I(m->n_options), "electorate", I(m->electorate), "recall", I(m->recall),
		"public_ballots", m->public_ballots);
	json_object_set_new(o, "quorum", json_pack("[I, I]", I(m->quorum_num), I(m->quorum_den)));
	json_object_set_new(o, "majority",
	                    json_pack("[I, I]", I(m->majority_num), I(m->majority_den)));
	json_object_set_new(o, "status_quo", json_integer(m->status_quo));
	json_object_set_new(o, "rules", json_integer(m->rules));
	json_object_set_new(o, "binds", json_integer(m->binds));
	if (m->state == PLENUM_MOTION_CLOSED) {
		json_object_set_new(o, "closed_at", json_integer(m->closed_at));
		json_object_set_new(o, "voters", json_integer(m->voters));
		json_object_set_new(o, "passed", json_boolean(m->passed));
		json_object_set_new(o, "winner", json_integer(m->winner));
	}
	return o;
}

json_t *hx_delegate_json(const plenum_delegate *g)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:I}", "id", I(g->id),
	                 "council", I(g->council), "federation", I(g->federation), "member",
	                 I(g->member), "name", g->name, "mandate", g->mandate ? g->mandate : "",
	                 "elected_by", I(g->elected_by), "since", I(g->since), "until",
	                 I(g->until), "ended_by", I(g->ended_by));
}

json_t *hx_marks_json(const int64_t *marks, int64_t n)
{
	json_t *a = json_array();
	for (int64_t k = 0; k < n; k++)
		json_array_append_new(a, json_integer(marks[k]));
	return a;
}

/* The councils a member belongs to, all of them (a fixed 64 once refused the 65th's
 * federation with a false 403). */
typedef struct view {
	int64_t *ids;
	size_t n, cap;
	int oom;
} view;

static int collect(void *ud, const plenum_council *c)
{
	view *v = ud;
	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 16;
		int64_t *ids = ut_realloc(v->ids, cap * sizeof *ids);
		if (!ids)
			return v->oom = 1; /* stop listing */
		v->ids = ids, v->cap = cap;
	}
	v->ids[v->n++] = c->id;
	return 0;
}

/* Whether target is c or an ancestor of c (federations nest a few levels at most). */
static int within(plenum_db *db, int64_t c, int64_t target)
{
	plenum_diag d = {0};
	for (int depth = 0; c && depth < 16; depth++) {
		if (c == target)
			return 1;
		plenum_council k;
		if (plenum_council_get(db, c, &k, &d) != PLENUM_OK)
			return 0;
		c = k.parent;
	}
	return 0;
}

int hx_may_view(hx_req *q, hx_res *r, int64_t c)
{
	/* the common case first, one key lookup: a member of c itself (reading a council's row
	 * counts its members, which costs in a council of tens of thousands) */
	if (plenum_is_member(q->db, c, q->member) == 1)
		return 1;
	plenum_diag d = {0};
	plenum_council k;
	int rc = plenum_council_get(q->db, c, &k, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return 0;
	}
	view v = {0};
	rc = plenum_member_councils(q->db, q->member, collect, &v, &d);
	if (rc != PLENUM_OK || v.oom) {
		ut_free(v.ids);
		if (v.oom)
			hx_error(r, 500, "ENOMEM", "out of memory");
		else
			hx_fail(r, rc, &d);
		return 0;
	}
	int seen = 0;
	for (size_t k2 = 0; !seen && k2 < v.n; k2++)
		seen = within(q->db, v.ids[k2], c);
	ut_free(v.ids);
	if (seen)
		return 1;
	hx_error(r, 403, "EDENIED", "council %lld: you are not a member of it or of a council "
	                            "inside it", (long long)c);
	return 0;
}
