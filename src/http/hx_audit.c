/* Transparency: the audit log page by page, and its verification (public: the log holds no
 * secret ballot, receipt, password or contact data). */
#include <time.h>
#include "http/handlers.h"
#include "http/server.h"
#include "util/util.h"

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

/* The chain recomputed: every event, so the time grows with the log (67 ms at 80 000). */
static json_t *verify_now(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	int64_t bad = 0, count = 0, seq = 0;
	char head[65] = "";
	json_t *answer = NULL;
	int rc = plenum_audit_verify(q->db, &bad, &count, &d);
	if (rc == PLENUM_OK && bad)
		answer = json_pack("{s:b, s:I, s:I, s:s}", "ok", 0, "events", I(count), "first_bad",
		                   I(bad), "message", d.message);
	else if (rc == PLENUM_OK && (rc = plenum_audit_head(q->db, head, &seq, &d)) == PLENUM_OK)
		answer = json_pack("{s:b, s:I, s:s}", "ok", 1, "events", I(count), "head", head);
	if (rc != PLENUM_OK)
		hx_fail(r, rc, &d);
	else if (answer)
		json_object_set_new(answer, "checked_at", json_integer((json_int_t)time(NULL)));
	return answer;
}

/* Public, so computed at most once every VERIFY_EVERY seconds and the answer shared (with
 * when it was checked): a loop of requests recomputed the whole chain each time, and with
 * the log grown by a member's writes the public routes fell from 2 600 to 130 requests a
 * second. `plenum audit verify` recomputes it at once. */
#define VERIFY_EVERY 10.0
void hx_audit_verify(hx_req *q, hx_res *r)
{
	hx_server *s = q->srv;
	pthread_mutex_lock(&s->verify_lock);
	double now = ut_now();
	if (!s->verify_answer || now - s->verify_at >= VERIFY_EVERY) {
		json_t *fresh = verify_now(q, r);
		if (!fresh) { /* the error is in r */
			pthread_mutex_unlock(&s->verify_lock);
			return;
		}
		json_decref(s->verify_answer);
		s->verify_answer = fresh;
		s->verify_at = now;
	}
	json_t *answer = s->verify_answer ? json_deep_copy(s->verify_answer) : NULL;
	pthread_mutex_unlock(&s->verify_lock);
	if (answer)
		hx_json(r, 200, answer);
}
