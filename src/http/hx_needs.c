/* My needs and my hours: list, state, change or remove (quantity / hours 0). */
#include "http/handlers.h"

#define I(x) ((json_int_t)(x))

static int add_need(void *ud, const plenum_need *n)
{
	json_array_append_new(ud, json_pack("{s:I, s:s, s:s, s:s, s:f, s:i}", "council",
	                                    I(n->council), "product", n->product, "name", n->name,
	                                    "unit", n->unit, "quantity", n->quantity, "priority",
	                                    n->priority));
	return 0;
}

void hx_needs(hx_req *q, hx_res *r)
{
	int64_t council;
	if (!hx_query_int(q, r, "council", 0, 0, INT64_MAX, &council))
		return;
	plenum_diag d = {0};
	json_t *a = json_array();
	int rc = plenum_member_needs(q->db, q->member, council, add_need, a, &d);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:o}", "needs", a));
}

void hx_need_set(hx_req *q, hx_res *r)
{
	int64_t council = 0, priority = 3;
	const char *product = NULL;
	double quantity = 0;
	if (!hx_int(q, r, "council", 1, &council) || !hx_str(q, r, "product", 1, &product) ||
	    !hx_num(q, r, "quantity", 1, &quantity) || !hx_int(q, r, "priority", 0, &priority))
		return;
	if (priority < 1 || priority > 5) {
		hx_error(r, 400, "EFIELD", "priority must be 1 (highest) to 5, not %lld",
		         (long long)priority);
		return;
	}
	plenum_diag d = {0};
	int rc = plenum_need_set(q->db, q->member, q->member, council, product, quantity,
	                         (int)priority, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:I, s:s, s:f, s:I}", "council", I(council), "product",
	                          product, "quantity", quantity, "priority", I(priority)));
}

static int add_ability(void *ud, const plenum_ability *a)
{
	json_array_append_new(ud, json_pack("{s:I, s:f, s:s}", "council", I(a->council), "hours",
	                                    a->hours, "skills", a->skills ? a->skills : ""));
	return 0;
}

void hx_abilities(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	json_t *a = json_array();
	int rc = plenum_member_abilities(q->db, q->member, add_ability, a, &d);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:o}", "abilities", a));
}

void hx_ability_set(hx_req *q, hx_res *r)
{
	int64_t council = 0;
	double hours = 0;
	const char *skills = "";
	if (!hx_int(q, r, "council", 1, &council) || !hx_num(q, r, "hours", 1, &hours) ||
	    !hx_str(q, r, "skills", 0, &skills))
		return;
	plenum_diag d = {0};
	int rc = plenum_ability_set(q->db, q->member, q->member, council, hours, skills, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:I, s:f, s:s}", "council", I(council), "hours", hours,
	                          "skills", skills));
}
