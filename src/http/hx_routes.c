/* The one routes table: method, pattern ({id} is one integer segment), handler, whether it
 * needs a session and a CSRF token, and a summary. GET /api lists it; docs/api.md follows it. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "http/handlers.h"

#define S HX_SESSION
#define C (HX_SESSION | HX_CSRF)

const hx_route hx_routes[] = {
	{"GET", "/api", hx_api_index, 0, "this list of routes", NULL},
	{"POST", "/api/login", hx_login, 0,
	 "sign in with email and password; sets the session cookie", "email password"},
	{"POST", "/api/logout", hx_logout, C, "sign out", NULL},
	{"POST", "/api/password", hx_password, C,
	 "change my password (the current one checked; my other sessions end)", "current new"},
	{"GET", "/api/me", hx_me, S, "the signed-in member, their councils and the CSRF token", NULL},
	{"GET", "/api/councils", hx_councils, 0, "every council (public)", NULL},
	{"GET", "/api/councils/{id}", hx_council, 0, "one council (public)", NULL},
	{"GET", "/api/councils/{id}/members", hx_council_members, S, "members of a council", NULL},
	{"GET", "/api/councils/{id}/delegates", hx_council_delegates, S,
	 "delegates the council elected, those seated in it, and its binding mandates", NULL},
	{"GET", "/api/councils/{id}/motions", hx_council_motions, S,
	 "motions, the newest first (?state=open, closed or all; ?limit, ?before: a page)", NULL},
	{"POST", "/api/councils/{id}/motions", hx_motion_open, C,
	 "open a motion in a council",
	 "title text kind method seats closes_at binds mandate status_quo options"},
	{"GET", "/api/councils/{id}/needs", hx_council_needs, S,
	 "a council's summed needs and hours", NULL},
	{"GET", "/api/councils/{id}/notices", hx_council_notices, S, "notices to a council", NULL},
	{"GET", "/api/councils/{id}/join-requests", hx_join_requests, S,
	 "join requests, the newest first (?pending=1; ?limit, ?before: a page)", NULL},
	{"GET", "/api/motions/{id}", hx_motion, S, "a motion with its options", NULL},
	{"POST", "/api/motions/{id}/ballot", hx_ballot, C,
	 "cast or replace one's ballot", "choice marks receipt"},
	{"POST", "/api/motions/{id}/check", hx_ballot_check, C,
	 "check the ballot stored under one's receipt", "receipt"},
	{"POST", "/api/motions/{id}/close", hx_motion_close, C,
	 "close a motion and count it", NULL},
	{"GET", "/api/motions/{id}/result", hx_motion_result, 0,
	 "the result and tally of a closed motion (public)", NULL},
	{"GET", "/api/results", hx_results, 0,
	 "every closed motion of every council, newest first (?limit=N; public)", NULL},
	{"GET", "/api/motions/{id}/ballots", hx_motion_ballots, S,
	 "public ballots of a closed federation motion (none for a council's secret ballots)",
	 NULL},
	{"GET", "/api/delegates/{id}", hx_delegate, S, "one delegate seat", NULL},
	{"POST", "/api/delegates/{id}/recall", hx_recall, C,
	 "open a motion to recall a delegate", "title text closes_at"},
	{"GET", "/api/delegates/{id}/ballots", hx_delegate_ballots, S,
	 "a delegate's public votes on closed federation motions", NULL},
	{"GET", "/api/needs", hx_needs, S, "my needs", NULL},
	{"POST", "/api/needs", hx_need_set, C,
	 "state, change or (quantity 0) remove a need", "council product quantity priority"},
	{"GET", "/api/abilities", hx_abilities, S, "my hours and skills", NULL},
	{"POST", "/api/abilities", hx_ability_set, C,
	 "offer hours per week with skills", "council hours skills"},
	{"GET", "/api/plan", hx_plan, 0, "the current plan and the adopted targets (public)", NULL},
	{"POST", "/api/plan/compute", hx_plan_compute, C,
	 "compute the plan and variants anew", NULL},
	{"GET", "/api/plan/variants", hx_plan_variants, 0, "plan variants side by side (public)", NULL},
	{"GET", "/api/jobs/{id}", hx_job, 0, "progress and result of a background computation", NULL},
	{"GET", "/api/products", hx_products, 0,
	 "product explorer: labour values, embodied accounts (?q=search&limit=)", NULL},
	{"POST", "/api/join", hx_join, 0,
	 "ask to join a council (the public form)",
	 "council name email place heard message password"},
	{"POST", "/api/join-requests/{id}/accept", hx_join_accept, C,
	 "accept a join request", NULL},
	{"POST", "/api/join-requests/{id}/decline", hx_join_decline, C,
	 "decline a join request", NULL},
	{"GET", "/api/audit", hx_audit, 0, "the audit log (?after=SEQ&limit=N; public)", NULL},
	{"GET", "/api/audit/verify", hx_audit_verify, 0,
	 "recompute the audit chain (public; at most every 10 s, the answer shared meanwhile, "
	 "with `checked_at`)", NULL},
	{NULL, NULL, NULL, 0, NULL, NULL},
};

/* Matches one path against a pattern; the {id} segment must be a positive integer. */
static int match(const char *pat, const char *path, int64_t *id)
{
	while (*pat && *path) {
		if (strncmp(pat, "{id}", 4) == 0) {
			if (!isdigit((unsigned char)*path))
				return 0;
			char *end;
			long long v = strtoll(path, &end, 10);
			if (v <= 0 || (*end && *end != '/'))
				return 0;
			*id = v;
			pat += 4;
			path = end;
			continue;
		}
		if (*pat++ != *path++)
			return 0;
	}
	return *pat == 0 && (*path == 0 || strcmp(path, "/") == 0);
}

const hx_route *hx_route_find(const char *method, const char *path, int64_t *id,
                              int *path_known)
{
	*path_known = 0;
	for (const hx_route *r = hx_routes; r->method; r++) {
		int64_t v = 0;
		if (!match(r->pattern, path, &v))
			continue;
		int head_ok = strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0;
		if (strcmp(r->method, method) == 0 || head_ok) {
			*id = v;
			return r;
		}
		*path_known = 1;
	}
	return NULL;
}

void hx_route_allow(const char *path, char *out, size_t n)
{
	size_t len = 0;
	out[0] = 0;
	for (const hx_route *r = hx_routes; r->method; r++) {
		int64_t v = 0;
		if (!match(r->pattern, path, &v) || strstr(out, r->method))
			continue;
		int get = strcmp(r->method, "GET") == 0; /* HEAD goes with GET */
		int k = snprintf(out + len, n - len, "%s%s%s", len ? ", " : "", r->method,
		                 get ? ", HEAD" : "");
		if (k < 0 || (size_t)k >= n - len)
			break;
		len += (size_t)k;
	}
}

void hx_api_index(hx_req *q, hx_res *r)
{
	json_t *a = json_array();
	for (const hx_route *rt = hx_routes; rt->method; rt++) {
		json_t *o = json_pack("{s:s, s:s, s:b, s:b, s:s}", "method", rt->method, "path",
		                      rt->pattern, "session", (rt->flags & HX_SESSION) != 0, "csrf",
		                      (rt->flags & HX_CSRF) != 0, "summary", rt->summary);
		if (o && strcmp(rt->method, "POST") == 0) /* the body's fields, "" for none */
			json_object_set_new(o, "fields", json_string(rt->fields ? rt->fields : ""));
		json_array_append_new(a, o);
	}
	hx_json(r, 200, json_pack("{s:s, s:o}", "version", plenum_version(), "routes", a));
}
