/* Councils: the public list and detail, and for those who may see a council its members,
 * delegates and mandates, motions (and opening one), summed needs and hours, notices. */
#include <string.h>
#include "http/handlers.h"

#define I(x) ((json_int_t)(x))

static int add_council(void *ud, const plenum_council *c)
{
	json_array_append_new(ud, hx_council_json(c));
	return 0;
}

void hx_councils(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	json_t *a = json_array();
	int rc = plenum_council_list(q->db, -1, add_council, a, &d);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:o}", "councils", a));
}

void hx_council(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	plenum_council c;
	int rc = plenum_council_get(q->db, q->id, &c, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	json_t *o = hx_council_json(&c);
	json_t *kids = json_array();
	rc = plenum_council_list(q->db, c.id, add_council, kids, &d);
	json_object_set_new(o, "councils", kids);
	if (rc != PLENUM_OK) { /* not 200 with a list cut short */
		json_decref(o);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, o);
}

static int add_member(void *ud, const plenum_member *m)
{
	json_array_append_new(ud, json_pack("{s:I, s:s, s:I}", "id", I(m->id), "name", m->name,
	                                    "created", I(m->created)));
	return 0;
}

void hx_council_members(hx_req *q, hx_res *r)
{
	if (!hx_may_view(q, r, q->id))
		return;
	plenum_diag d = {0};
	json_t *a = json_array();
	int rc = plenum_council_members(q->db, q->id, add_member, a, &d);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:I, s:o}", "council", I(q->id), "members", a));
}

static int add_delegate(void *ud, const plenum_delegate *g)
{
	json_array_append_new(ud, hx_delegate_json(g));
	return 0;
}

static int add_mandate(void *ud, const plenum_mandate *m)
{
	json_array_append_new(ud, json_pack("{s:I, s:I, s:I, s:s}", "motion", I(m->motion),
	                                    "option", I(m->option), "binding_motion",
	                                    I(m->binding_motion), "label", m->label));
	return 0;
}

void hx_council_delegates(hx_req *q, hx_res *r)
{
	if (!hx_may_view(q, r, q->id))
		return;
	plenum_diag d = {0};
	int64_t all;
	if (!hx_query_int(q, r, "all", 0, 0, 1, &all))
		return;
	json_t *elected = json_array(), *seated = json_array(), *mandates = json_array();
	int rc = plenum_delegate_list(q->db, q->id, all, add_delegate, elected, &d);
	if (rc == PLENUM_OK)
		rc = plenum_federation_delegates(q->db, q->id, add_delegate, seated, &d);
	if (rc == PLENUM_OK)
		rc = plenum_mandate_list(q->db, q->id, 0, add_mandate, mandates, &d);
	json_t *o = json_pack("{s:I, s:o, s:o, s:o}", "council", I(q->id), "elected", elected,
	                      "seated", seated, "mandates", mandates);
	if (rc != PLENUM_OK) {
		json_decref(o);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, o);
}

/* "voted" is added after the listing: callbacks must not call into the handle. */
typedef struct motions_ud {
	json_t *a;
} motions_ud;

static int add_motion(void *ud, const plenum_motion *m)
{
	json_array_append_new(((motions_ud *)ud)->a, hx_motion_json(m));
	return 0;
}

static int parse_state(const char *s)
{
	if (!s || strcmp(s, "all") == 0)
		return -1;
	return strcmp(s, "open") == 0 ? PLENUM_MOTION_OPEN : strcmp(s, "closed") == 0 ? 1 : -2;
}

void hx_council_motions(hx_req *q, hx_res *r)
{
	int state = parse_state(hx_query(q, "state"));
	if (state == -2) {
		hx_error(r, 400, "EQUERY", "state must be open, closed or all");
		return;
	}
	plenum_page page;
	if (!hx_query_page(q, r, &page) || !hx_may_view(q, r, q->id))
		return;
	plenum_diag d = {0};
	motions_ud u = {.a = json_array()};
	int rc = plenum_motion_list(q->db, q->id, state, &page, add_motion, &u, &d);
	if (rc != PLENUM_OK) {
		json_decref(u.a);
		hx_fail(r, rc, &d);
		return;
	}
	json_t *next = hx_page_next(u.a, &page), *m;
	size_t i;
	json_array_foreach(u.a, i, m) {
		int64_t id = json_integer_value(json_object_get(m, "id"));
		json_object_set_new(m, "voted",
		                    json_boolean(plenum_ballot_has_voted(q->db, id, q->member)));
	}
	hx_json(r, 200, json_pack("{s:I, s:o, s:o}", "council", I(q->id), "motions", u.a, "next",
	                          next));
}

/* Options from a JSON array of strings into labels (borrowed from the body). */
static int options_of(hx_req *q, hx_res *r, const char **labels, int64_t max, int64_t *n)
{
	json_t *a = json_object_get(q->json, "options");
	*n = 0;
	if (!a)
		return 1;
	if (!json_is_array(a) || (int64_t)json_array_size(a) > max) {
		hx_error(r, 400, "EFIELD", "options must be an array of at most %lld strings",
		         (long long)max);
		return 0;
	}
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v)) {
			hx_error(r, 400, "EFIELD", "options[%zu] must be a string", i);
			return 0;
		}
		labels[(*n)++] = json_string_value(v);
	}
	return 1;
}

static int spec_of(hx_req *q, hx_res *r, plenum_motion_spec *s)
{
	const char *kind = "general", *method = NULL;
	int64_t sq = 0;
	if (!hx_str(q, r, "title", 1, &s->title) || !hx_str(q, r, "text", 0, &s->text) ||
	    !hx_str(q, r, "kind", 0, &kind) || !hx_str(q, r, "method", 0, &method) ||
	    !hx_int(q, r, "seats", 0, &s->seats) || !hx_int(q, r, "closes_at", 0, &s->closes_at) ||
	    !hx_int(q, r, "binds", 0, &s->binds) || !hx_str(q, r, "mandate", 0, &s->mandate) ||
	    !hx_int(q, r, "status_quo", 0, &sq))
		return 0;
	if (sq != 0 && sq != 1) {
		hx_error(r, 400, "EFIELD", "status_quo is %lld: give 1 to add the status quo option, "
		         "0 or nothing not to", (long long)sq);
		return 0;
	}
	s->kind = plenum_motion_kind_parse(kind);
	s->method = method ? plenum_vote_method_parse(method) : 0;
	s->status_quo = (int)sq;
	if (!s->kind || (method && !s->method)) {
		hx_error(r, 400, "EFIELD", "unknown %s \"%s\"", s->kind ? "method" : "kind",
		         s->kind ? method : kind);
		return 0;
	}
	return 1;
}

void hx_motion_open(hx_req *q, hx_res *r)
{
	enum { OPTIONS_MAX = 100 };
	const char *labels[OPTIONS_MAX];
	plenum_motion_spec s = {.council = q->id};
	if (!spec_of(q, r, &s) || !options_of(q, r, labels, OPTIONS_MAX, &s.n_options))
		return;
	s.options = s.n_options ? labels : NULL;
	plenum_diag d = {0};
	int64_t id = 0;
	int rc = plenum_motion_open(q->db, q->member, &s, &id, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 201, json_pack("{s:I}", "motion", I(id)));
}

static int add_total(void *ud, const plenum_need_total *t)
{
	json_array_append_new(ud, json_pack("{s:s, s:s, s:s, s:f, s:f, s:I}", "product",
	                                    t->product, "name", t->name, "unit", t->unit,
	                                    "quantity", t->quantity, "priority", t->priority,
	                                    "members", I(t->members)));
	return 0;
}

/* Summed over every council inside, the world federation's needs took 230 to 290 ms at
 * 50 000 members: the answer is kept until plenum_totals_version changes (the version read
 * first, so that a change while summing leaves the answer under an older version, not a
 * newer one). */
void hx_council_needs(hx_req *q, hx_res *r)
{
	if (!hx_may_view(q, r, q->id))
		return;
	plenum_diag d = {0};
	int64_t version = 0;
	int rc = plenum_totals_version(q->db, &version, &d);
	json_t *kept = rc == PLENUM_OK ? hx_totals_get(q->srv, q->id, version) : NULL;
	if (kept) {
		hx_json(r, 200, kept);
		return;
	}
	json_t *a = json_array();
	double hours = 0;
	int64_t members = 0;
	if (rc == PLENUM_OK)
		rc = plenum_council_needs(q->db, q->id, add_total, a, &d);
	if (rc == PLENUM_OK)
		rc = plenum_council_hours(q->db, q->id, &hours, &members, &d);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	json_t *answer = json_pack("{s:I, s:o, s:f, s:I}", "council", I(q->id), "needs", a,
	                           "hours", hours, "offering", I(members));
	if (answer)
		hx_totals_put(q->srv, q->id, version, answer);
	hx_json(r, 200, answer);
}

static int add_notice(void *ud, const plenum_notice *n)
{
	json_array_append_new(ud, json_pack("{s:I, s:I, s:I, s:I, s:s, s:s}", "id", I(n->id), "at",
	                                    I(n->at), "motion", I(n->motion), "member",
	                                    I(n->member), "kind", n->kind, "text", n->text));
	return 0;
}

void hx_council_notices(hx_req *q, hx_res *r)
{
	if (!hx_may_view(q, r, q->id))
		return;
	plenum_diag d = {0};
	json_t *a = json_array();
	int rc = plenum_notice_list(q->db, q->id, add_notice, a, &d);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:I, s:o}", "council", I(q->id), "notices", a));
}
