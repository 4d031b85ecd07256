/* The planner's bridge on the council side: a plan-adoption motion whose options are the
 * planner's variants, each kept with the targets it would give the federation's workplaces,
 * so that closing the motion stores the winner's plan and publishes its targets. */
#include <math.h>
#include <string.h>
#include "council/ct.h"

int ct_workplace_inside(plenum_db *db, int64_t council, int64_t federation, const char *what,
                        plenum_diag *d)
{
	ct_council c;
	int rc = ct_council_load(db, council, &c, d);
	if (rc)
		return rc;
	if (c.kind != PLENUM_WORKPLACE)
		return ut_fail(d, PLENUM_EINVAL, "%s: council %lld is a %s, not a workplace: targets "
		               "go to workplaces", what, (long long)council,
		               plenum_council_kind_name(c.kind));
	for (int depth = 0; c.parent && depth < 1000; depth++) {
		if (c.parent == federation)
			return PLENUM_OK;
		if ((rc = ct_council_load(db, c.parent, &c, d)))
			return rc;
	}
	return ut_fail(d, PLENUM_EINVAL, "%s: workplace %lld is not in federation %lld: give "
	               "targets to its own workplaces", what, (long long)council,
	               (long long)federation);
}

static int check_proposal(plenum_db *db, const plenum_plan_proposal *p, int64_t k,
                          int64_t federation, plenum_diag *d)
{
	char what[96];
	snprintf(what, sizeof what, "proposal %lld's summary", (long long)k);
	int rc = ct_check_text(d, what, p->summary, 0);
	if (!rc && (p->n_targets < 0 || (p->n_targets && !p->targets)))
		rc = ut_fail(d, PLENUM_EINVAL, "proposal %lld: %lld targets: give 0 or more",
		             (long long)k, (long long)p->n_targets);
	for (int64_t i = 0; !rc && i < p->n_targets; i++) {
		const plenum_target *t = &p->targets[i];
		snprintf(what, sizeof what, "proposal %lld, target %lld", (long long)k, (long long)i);
		rc = ct_check_name(d, "a target's technique", t->technique, 1);
		if (!rc)
			rc = ct_check_name(d, "a target's product", t->product, 1);
		if (!rc && (!isfinite(t->quantity) || t->quantity < 0 ||
		            t->quantity >= PLENUM_QUANTITY_MAX))
			rc = ut_fail(d, PLENUM_EINVAL, "%s: quantity %g: give a number from 0 to below "
			             "1e15", what, t->quantity);
		if (!rc)
			rc = ct_workplace_inside(db, t->council, federation, what, d);
	}
	return rc;
}

static int check_spec(plenum_db *db, const plenum_plan_motion_spec *s, int64_t *fed,
                      plenum_diag *d)
{
	ct_council c;
	int rc = ct_check_name(d, "the plan's period", s->period, 1);
	if (!rc && (s->n_proposals < 1 || s->n_proposals > 1000 || !s->proposals))
		rc = ut_fail(d, PLENUM_EINVAL, "%lld proposals: give 1 to 1000 plan variants",
		             (long long)s->n_proposals);
	*fed = s->federation;
	if (!rc && !*fed)
		rc = ct_council_top(db, fed, d);
	if (!rc)
		rc = ct_council_load(db, *fed, &c, d);
	if (!rc && c.kind != PLENUM_FEDERATION)
		rc = ut_fail(d, PLENUM_EINVAL, "council %lld is a %s: a plan is adopted by a "
		             "federation", (long long)*fed, plenum_council_kind_name(c.kind));
	for (int64_t k = 0; !rc && k < s->n_proposals; k++)
		rc = check_proposal(db, &s->proposals[k], k, *fed, d);
	return rc;
}

/* The proposal's targets as "workplace:technique:product:quantity" lines, for its event. */
static int targets_text(const plenum_plan_proposal *p, ut_buf *b)
{
	ut_numeric n = ut_numeric_begin(); /* hashed into the chain: never "4,36" */
	int rc = PLENUM_OK;
	for (int64_t i = 0; !rc && i < p->n_targets; i++) {
		const plenum_target *t = &p->targets[i];
		if (ut_buf_printf(b, "%lld:%s:%s:%.17g\n", (long long)t->council, t->technique,
		                  t->product, t->quantity))
			rc = PLENUM_ENOMEM;
	}
	ut_numeric_end(n);
	return rc;
}

static int keep_proposal(plenum_db *db, int64_t actor, int64_t motion, int64_t fed, int64_t k,
                         const plenum_plan_motion_spec *s, plenum_diag *d)
{
	const plenum_plan_proposal *p = &s->proposals[k];
	int rc = st_query_run(db->st, ST_Q_proposal_insert, NULL, d, "iitt", motion, k, s->period,
	                      p->summary ? p->summary : "");
	for (int64_t i = 0; !rc && i < p->n_targets; i++) {
		const plenum_target *t = &p->targets[i];
		rc = st_query_run(db->st, ST_Q_proposed_target_insert, NULL, d, "iiittd", motion, k,
		                  t->council, t->technique, t->product, t->quantity);
		if (rc && st_constraint_failed(db->st))
			return ut_fail(d, PLENUM_EINVAL, "proposal %lld lists workplace %lld's technique "
			               "%s twice: give one target per workplace and technique",
			               (long long)k, (long long)t->council, t->technique);
	}
	if (rc)
		return rc;
	ut_buf b = {0};
	if (targets_text(p, &b)) {
		ut_buf_free(&b);
		return ut_fail(d, PLENUM_ENOMEM, "out of memory");
	}
	ct_json j = {0};
	ct_js_int(&j, "motion", motion);
	ct_js_int(&j, "option", k);
	ct_js_str(&j, "period", s->period);
	ct_js_str(&j, "summary", p->summary);
	ct_js_str(&j, "targets", b.data);
	ut_buf_free(&b);
	return ct_event(db, actor, fed, "plan.propose", &j, d);
}

static int open_tx(plenum_db *db, int64_t actor, const plenum_plan_motion_spec *s, int64_t fed,
                   int64_t *id, plenum_diag *d)
{
	int64_t n = s->n_proposals;
	const char **labels = ut_calloc((size_t)n, sizeof *labels);
	const char **keys = ut_calloc((size_t)n, sizeof *keys);
	int rc = labels && keys ? PLENUM_OK : ut_fail(d, PLENUM_ENOMEM, "out of memory");
	for (int64_t k = 0; !rc && k < n; k++)
		labels[k] = s->proposals[k].label, keys[k] = s->proposals[k].key;
	plenum_motion_spec m = {.council = fed, .kind = PLENUM_MOTION_PLAN_ADOPTION,
	                        .method = PLENUM_VOTE_SCHULZE, .title = s->title, .text = s->text,
	                        .closes_at = s->closes_at, .options = labels, .payloads = keys,
	                        .n_options = n, .status_quo = 1};
	if (!rc)
		rc = ct_motion_open_tx(db, actor, actor, &m, id, d);
	for (int64_t k = 0; !rc && k < n; k++)
		rc = keep_proposal(db, actor, *id, fed, k, s, d);
	ut_free(labels);
	ut_free(keys);
	return rc;
}

static int checked_open_tx(plenum_db *db, int64_t actor, const plenum_plan_motion_spec *s,
                           int64_t *made, plenum_diag *d)
{
	int64_t fed = 0;
	int rc = check_spec(db, s, &fed, d);
	if (!rc)
		rc = ct_require_member(db, actor, fed, "open a plan adoption", d);
	return rc ? rc : open_tx(db, actor, s, fed, made, d);
}

int plenum_plan_motion_open(plenum_db *db, int64_t actor, const plenum_plan_motion_spec *s,
                            int64_t *motion, plenum_diag *d)
{
	CT_ENTER(db, d);
	int64_t made = 0;
	int rc = ct_begin(db, d); /* the federation and who is in it read under the lock */
	if (!rc)
		rc = ct_end(db, checked_open_tx(db, actor, s, &made, d), d);
	if (motion)
		*motion = rc ? 0 : made;
	return ct_leave(db, rc, d);
}

int plenum_proposal_list(plenum_db *db, int64_t motion, int64_t option,
                         int (*fn)(void *, const plenum_proposal_row *), void *ud,
                         plenum_diag *d)
{
	CT_ENTER(db, d);
	plenum_motion m;
	st_stmt *s;
	int r = 0, rc = ct_motion_load(db, motion, &m, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_proposal_list, &s, d, "ii", motion, option);
	plenum_proposal_row p;
	while (!rc && (r = st_next(s, d)) == 1) {
		p.option = st_int(s, 0), p.period = st_text(s, 1), p.summary = st_text(s, 2);
		p.target.council = st_int(s, 3), p.target.technique = st_text(s, 4);
		p.target.product = st_text(s, 5), p.target.quantity = st_double(s, 6);
		if (fn(ud, &p)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, rc ? rc : r < 0 ? -r : PLENUM_OK, d);
}
