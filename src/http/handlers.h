/* The route handlers, one file per resource (hx_auth.c, hx_councils.c, hx_motions.c,
 * hx_delegates.c, hx_needs.c, hx_plan.c, hx_join.c, hx_audit.c), and what they share. */
#ifndef PLENUM_HTTP_HANDLERS_H
#define PLENUM_HTTP_HANDLERS_H
#include "http/http.h"
#include "plenum/plan.h"

#define HX_HANDLERS(X)                                                                  \
	X(api_index) X(login) X(logout) X(password) X(me) X(councils) X(council)          \
	X(council_members)                                                                \
	X(council_delegates) X(council_motions) X(motion_open) X(council_needs)           \
	X(council_notices) X(join_requests) X(motion) X(ballot) X(ballot_check)           \
	X(motion_close) X(motion_result) X(motion_ballots) X(delegate) X(recall)          \
	X(delegate_ballots) X(needs) X(need_set) X(abilities) X(ability_set) X(plan)      \
	X(plan_compute) X(plan_variants) X(job) X(products) X(join) X(join_accept)        \
	X(join_decline) X(audit) X(audit_verify) X(results)

#define X(name) void hx_##name(hx_req *q, hx_res *r);
HX_HANDLERS(X)
#undef X

/* Whether the signed-in member may see council c: a member of it, or of a council inside
 * it (a federation's members' members). Else sets 403 (404 for an unknown council) and
 * returns 0. */
int hx_may_view(hx_req *q, hx_res *r, int64_t c);

/* JSON of the domain's rows. */
json_t *hx_council_json(const plenum_council *c);
json_t *hx_motion_json(const plenum_motion *m);
json_t *hx_delegate_json(const plenum_delegate *g);
json_t *hx_marks_json(const int64_t *marks, int64_t n);

/* The least-labour plan meeting target in full (hx_plan.c): optimal, or NULL with the
 * reason in err (size n). */
plenum_plan *hx_least_labour(const plenum_economy *e, const double *target, char *err,
                             size_t n);
#endif
