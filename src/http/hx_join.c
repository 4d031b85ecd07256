/* Joining: the public form files a request (counted against the address's own join limit,
 * so that a script cannot flood a council); members of the council list, accept or decline. */
#include "http/handlers.h"
#include "util/util.h"

#define I(x) ((json_int_t)(x))

/* A member signed in asks for themselves: name and email are theirs. The form needs no
 * session, so the route does not check the CSRF token: it is checked here when a session
 * is there. */
static int spec_of(hx_req *q, hx_res *r, plenum_join_spec *s, int64_t *council)
{
	const char *heard = NULL;
	if (q->member && !hx_csrf_ok(q)) { /* "name is required" would mislead a member */
		hx_error(r, 403, "ECSRF", "signed in, you ask for yourself: send the X-CSRF-Token "
		                          "header from GET /api/me (or sign out to ask for someone "
		                          "else)");
		return 0;
	}
	s->member = q->member;
	int anyone = s->member == 0;
	if (!hx_int(q, r, "council", 1, council) || !hx_str(q, r, "name", anyone, &s->name) ||
	    !hx_str(q, r, "email", anyone, &s->email) || !hx_str(q, r, "place", 0, &s->place) ||
	    !hx_str(q, r, "heard", 1, &heard) || !hx_str(q, r, "message", 0, &s->message) ||
	    !hx_str(q, r, "password", 0, &s->password))
		return 0;
	if (!anyone && (s->name || s->email || s->password)) {
		hx_error(r, 400, "EFIELD", "signed in, you ask for yourself: leave out name, email "
		                           "and password (sign out to ask for someone else)");
		return 0;
	}
	s->heard = plenum_heard_parse(heard);
	if (!s->heard) {
		hx_error(r, 400, "EFIELD", "heard must be search, friend, social-media or other, "
		                           "not \"%s\"", heard);
		return 0;
	}
	return 1;
}

void hx_join(hx_req *q, hx_res *r)
{
	plenum_join_spec s = {0};
	int64_t council = 0, id = 0;
	if (!spec_of(q, r, &s, &council))
		return;
	hx_limiter *l = hx_join_limiter(q->srv);
	int wait = hx_limiter_wait(l, q->ip, ut_now());
	if (wait) {
		hx_error(r, 429, "ELIMIT", "too many requests from this address: try again in %d "
		                           "seconds", wait);
		return;
	}
	if (s.password && !hx_hash_begin(q, r))
		return;
	hx_limiter_fail(l, q->ip, ut_now());
	plenum_diag d = {0};
	int rc = plenum_join_request_file(q->db, council, &s, &id, &d);
	if (s.password)
		hx_hash_end(q);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 201, json_pack("{s:I, s:I, s:s}", "request", I(id), "council", I(council),
	                          "status", "pending"));
}

static const char *const statuses[] = {"pending", "accepted", "declined"};

static int add_request(void *ud, const plenum_join_request *j)
{
	json_array_append_new(
		ud, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:b}", "id",
	                      I(j->id), "council", I(j->council), "name", j->name, "email",
	                      j->email, "place", j->place ? j->place : "", "message",
	                      j->message ? j->message : "", "heard", plenum_heard_name(j->heard),
	                      "status", statuses[j->status % 3], "member", I(j->member),
	                      "created", I(j->created), "decided", I(j->decided),
	                      "others_email", j->others_email));
	return 0;
}

void hx_join_requests(hx_req *q, hx_res *r)
{
	int64_t pending;
	plenum_page page;
	if (!hx_query_int(q, r, "pending", 0, 0, 1, &pending) || !hx_query_page(q, r, &page))
		return;
	plenum_diag d = {0};
	json_t *a = json_array();
	int rc = plenum_join_request_list(q->db, q->member, q->id, pending != 0, &page,
	                                  add_request, a, &d);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	json_t *next = hx_page_next(a, &page);
	hx_json(r, 200, json_pack("{s:I, s:o, s:o}", "council", I(q->id), "requests", a, "next",
	                          next));
}

static void decide(hx_req *q, hx_res *r, int accept)
{
	plenum_diag d = {0};
	int64_t member = 0;
	int rc = plenum_join_request_decide(q->db, q->member, q->id, accept, &member, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:I, s:s, s:I}", "request", I(q->id), "status",
	                          accept ? "accepted" : "declined", "member", I(member)));
}

void hx_join_accept(hx_req *q, hx_res *r)
{
	decide(q, r, 1);
}

void hx_join_decline(hx_req *q, hx_res *r)
{
	decide(q, r, 0);
}
