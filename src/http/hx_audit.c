/* Transparency: the audit log page by page, and its verification (public: the log holds no
 * secret ballot, receipt, password or contact data). */
#include "http/handlers.h"

#define I(x) ((json_int_t)(x))

static int add_event(void *ud, const plenum_event *e)
{
	json_t *content = json_loads(e->content, 0, NULL);
	json_array_append_new(ud, json_pack("{s:I, s:I, s:I, s:I, s:s, s:o, s:s, s:s}", "seq",
	                                    I(e->seq), "at", I(e->at), "actor", I(e->actor),
	                                    "council", I(e->council), "kind", e->kind, "content",
	                                    content ? content : json_string(e->content), "prev",
	                                    e->prev, "hash", e->hash));
	return 0;
}

void hx_audit(hx_req *q, hx_res *r)
{
	int64_t after, limit;
	if (!hx_query_int(q, r, "after", 0, 0, INT64_MAX, &after) ||
	    !hx_query_int(q, r, "limit", 100, 1, 1000, &limit))
		return;
	plenum_diag d = {0};
	json_t *a = json_array();
	char head[65] = "";
	int64_t seq = 0;
	int rc = plenum_audit_list(q->db, after, limit, add_event, a, &d);
	if (rc == PLENUM_OK)
		rc = plenum_audit_head(q->db, head, &seq, &d);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:o, s:s, s:I}", "events", a, "head", head, "last", I(seq)));
}

void hx_audit_verify(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	int64_t bad = 0, count = 0;
	char head[65] = "";
	int64_t seq = 0;
	int rc = plenum_audit_verify(q->db, &bad, &count, &d);
	if (rc == PLENUM_OK && bad)
		hx_json(r, 200, json_pack("{s:b, s:I, s:I, s:s}", "ok", 0, "events", I(count),
		                          "first_bad", I(bad), "message", d.message));
	else if (rc == PLENUM_OK && (rc = plenum_audit_head(q->db, head, &seq, &d)) == PLENUM_OK)
		hx_json(r, 200, json_pack("{s:b, s:I, s:s}", "ok", 1, "events", I(count), "head",
		                          head));
	if (rc != PLENUM_OK)
		hx_fail(r, rc, &d);
}
