/* Delegates: one seat, and the recall: any member of the electing council opens a recall
 * motion at any moment (the library checks who may). */
#include "http/handlers.h"
#include "util/util.h"

#define I(x) ((json_int_t)(x))

void hx_delegate(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	plenum_delegate g;
	int rc = plenum_delegate_get(q->db, q->id, &g, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	json_t *o = hx_delegate_json(&g);
	if (!hx_may_view(q, r, json_integer_value(json_object_get(o, "council")))) {
		json_decref(o);
		return;
	}
	hx_json(r, 200, o);
}

void hx_recall(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	plenum_delegate g;
	const char *text = NULL, *title = NULL;
	int64_t closes_at = 0;
	if (!hx_str(q, r, "text", 0, &text) || !hx_str(q, r, "title", 0, &title) ||
	    !hx_int(q, r, "closes_at", 0, &closes_at))
		return;
	int rc = plenum_delegate_get(q->db, q->id, &g, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	char deftitle[PLENUM_NAME_MAX];
	snprintf(deftitle, sizeof deftitle, "Recall %.*s", (int)ut_utf8_prefix(g.name, 150),
	         g.name);
	plenum_motion_spec s = {.council = g.council, .kind = PLENUM_MOTION_RECALL,
	                        .title = title ? title : deftitle, .text = text,
	                        .recall = g.id, .closes_at = closes_at};
	int64_t id = 0;
	rc = plenum_motion_open(q->db, q->member, &s, &id, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 201, json_pack("{s:I, s:I}", "motion", I(id), "delegate", I(q->id)));
}
