/* Workplaces and the plan: links to an economy's techniques, the adopted plan with each
 * workplace's targets, reports of actual output, and fulfilment. */
#include <math.h>
#include <string.h>
#include "council/ct.h"

static int workplace_check(plenum_db *db, int64_t actor, int64_t council, const char *what,
                           plenum_diag *d);

static int link_tx(plenum_db *db, int64_t actor, int64_t council, const char *economy,
                   const char *technique, plenum_diag *d)
{
	int rc = workplace_check(db, actor, council, "link to techniques", d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_link_put, NULL, d, "itt", council, economy, technique);
	if (rc || st_changes(db->st) == 0) /* linked already: nothing changed, nothing to log */
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "council", council);
	ct_js_str(&j, "economy", economy);
	ct_js_str(&j, "technique", technique);
	return ct_event(db, actor, council, "workplace.link", &j, d);
}

static int workplace_check(plenum_db *db, int64_t actor, int64_t council, const char *what,
                           plenum_diag *d)
{
	ct_council c;
	int rc = ct_council_load(db, council, &c, d);
	if (!rc && c.kind != PLENUM_WORKPLACE)
		rc = ut_fail(d, PLENUM_EINVAL, "council %lld is a %s: only workplaces %s",
		             (long long)council, plenum_council_kind_name(c.kind), what);
	if (!rc)
		rc = ct_require_member(db, actor, council, what, d);
	return rc;
}

int plenum_workplace_link(plenum_db *db, int64_t actor, int64_t council, const char *economy,
                          const char *technique, plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = ct_check_name(d, "the economy", economy, 1);
	if (!rc)
		rc = ct_check_name(d, "the technique key", technique, 1);
	if (!rc) /* who may link is read under the write lock, as the link is written */
		rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, link_tx(db, actor, council, economy, technique, d), d);
	return ct_leave(db, rc, d);
}

int plenum_workplace_links(plenum_db *db, int64_t council,
                           int (*fn)(void *, const plenum_workplace_link_row *), void *ud,
                           plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	ct_council c;
	int r = 0, rc = council > 0 ? ct_council_load(db, council, &c, d) : PLENUM_OK;
	if (!rc)
		rc = st_query_run(db->st, ST_Q_link_list, &s, d, "i", council);
	plenum_workplace_link_row l;
	while (!rc && (r = st_next(s, d)) == 1) {
		l.council = st_int(s, 0), l.economy = st_text(s, 1), l.technique = st_text(s, 2);
		if (fn(ud, &l)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, rc ? rc : r < 0 ? -r : PLENUM_OK, d);
}

static int check_target(plenum_db *db, const plenum_motion *m, const plenum_target *t, int64_t i,
                        plenum_diag *d)
{
	char what[64];
	snprintf(what, sizeof what, "target %lld's technique", (long long)i);
	int rc = ct_check_name(d, what, t->technique, 1);
	if (!rc)
		rc = ct_check_name(d, "a target's product", t->product, 1);
	if (!rc && (!isfinite(t->quantity) || t->quantity < 0 || t->quantity >= PLENUM_QUANTITY_MAX))
		rc = ut_fail(d, PLENUM_EINVAL, "target %lld: quantity %g: give a number from 0 to "
		             "below 1e15", (long long)i, t->quantity);
	snprintf(what, sizeof what, "target %lld", (long long)i);
	if (!rc)
		rc = ct_workplace_inside(db, t->council, m->council, what, d);
	int64_t one;
	if (!rc && (rc = st_query_int(db->st, ST_Q_link_exists, &one, d, "it", t->council,
	                              t->technique)) == PLENUM_ENOTFOUND) /* never reportable */
		rc = ut_fail(d, PLENUM_EINVAL, "target %lld: workplace %lld is not linked to "
		             "technique '%s': link it first (plenum council link)", (long long)i,
		             (long long)t->council, t->technique);
	return rc;
}

/* The plan.store event, then one target.publish event per stored target of motion, and a
 * notice to each workplace that has targets (they had to look for them). */
static int publish(plenum_db *db, int64_t actor, const plenum_motion *m, int64_t option,
                   const char *period, const char *summary, plenum_diag *d)
{
	int64_t n = 0, told = 0;
	st_stmt *s;
	int r, rc = st_query_int(db->st, ST_Q_target_count, &n, d, "i", m->id);
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "motion", m->id);
	ct_js_int(&j, "option", option);
	ct_js_str(&j, "period", period);
	ct_js_str(&j, "summary", summary);
	ct_js_int(&j, "targets", n);
	rc = ct_event(db, actor, m->council, "plan.store", &j, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_target_list, &s, d, "ii", m->id, (int64_t)0);
	while (!rc && (r = st_next(s, d)) == 1) { /* each workplace's targets are published */
		ct_json t = {0};
		ct_js_int(&t, "motion", m->id);
		ct_js_int(&t, "workplace", st_int(s, 0));
		ct_js_str(&t, "technique", st_text(s, 1));
		ct_js_str(&t, "product", st_text(s, 2));
		ct_js_num(&t, "quantity", st_double(s, 3));
		rc = ct_event(db, actor, st_int(s, 0), "target.publish", &t, d);
		if (!rc && st_int(s, 0) != told) /* rows come by workplace */
			rc = ct_notice(db, told = st_int(s, 0), m->id, 0, "targets-published",
			               "the adopted plan's targets for this workplace were published: "
			               "see them with the plan's motion", d);
		if (rc)
			st_done(s);
	}
	return rc ? rc : r < 0 ? -r : PLENUM_OK;
}

/* Tells each workplace with targets in plan old that they no longer hold. */
static int tell_superseded(plenum_db *db, int64_t old, const plenum_motion *m,
                           const char *period, plenum_diag *d)
{
	st_stmt *s;
	char text[PLENUM_NAME_MAX + 200];
	snprintf(text, sizeof text, "the targets of the plan adopted by motion %lld for %s were "
	         "replaced by those of the plan adopted by motion %lld", (long long)old, period,
	         (long long)m->id);
	int r = 0, rc = st_query_run(db->st, ST_Q_target_workplaces, &s, d, "i", old);
	while (!rc && (r = st_next(s, d)) == 1)
		if ((rc = ct_notice(db, st_int(s, 0), m->id, 0, "targets-superseded", text, d)))
			st_done(s);
	return rc ? rc : r < 0 ? -r : PLENUM_OK;
}

/* The plan m adopts for period replaces the federation's plan in force for that period, if
 * any: it is marked superseded, recorded (plan.supersede) and its workplaces told. */
static int supersede(plenum_db *db, int64_t actor, const plenum_motion *m, const char *period,
                     plenum_diag *d)
{
	int64_t old;
	int rc;
	while ((rc = st_query_int(db->st, ST_Q_plan_in_force, &old, d, "tii", period, m->council,
	                          m->id)) == PLENUM_OK) {
		rc = st_query_run(db->st, ST_Q_plan_supersede, NULL, d, "ii", old, m->id);
		if (!rc) {
			ct_json j = {0};
			ct_js_int(&j, "motion", old);
			ct_js_int(&j, "by", m->id);
			ct_js_str(&j, "period", period);
			rc = ct_event(db, actor, m->council, "plan.supersede", &j, d);
		}
		if (!rc)
			rc = tell_superseded(db, old, m, period, d);
		if (rc)
			return rc;
	}
	return rc == PLENUM_ENOTFOUND ? PLENUM_OK : rc;
}

static int store_plan(plenum_db *db, int64_t actor, const plenum_motion *m, const char *period,
                      const char *summary, const plenum_target *t, int64_t n, plenum_diag *d)
{
	int rc = st_query_run(db->st, ST_Q_plan_insert, NULL, d, "ittii", m->id, period,
	                      summary ? summary : "", m->winner, plenum_db_now(db));
	if (rc && st_constraint_failed(db->st)) /* (plan_check, in this transaction, said no
	                                         * plan is stored: a guard only) */
		return ut_fail(d, PLENUM_ECONFLICT, "motion %lld's plan is stored already",
		               (long long)m->id);
	for (int64_t i = 0; !rc && i < n; i++)
		rc = st_query_run(db->st, ST_Q_target_insert, NULL, d, "iittd", m->id, t[i].council,
		                  t[i].technique, t[i].product, t[i].quantity);
	if (rc && st_constraint_failed(db->st))
		return ut_fail(d, PLENUM_EINVAL, "the targets list a workplace's technique twice: "
		               "give one target per workplace and technique");
	if (!rc) /* the new plan recorded first, then what it replaces */
		rc = publish(db, actor, m, m->winner, period, summary ? summary : "", d);
	return rc ? rc : supersede(db, actor, m, period, d);
}

/* Tells the federation when targets of the plan were for workplaces that have left it since
 * the motion opened (they were not published). */
static int note_left(plenum_db *db, const plenum_motion *m, int64_t winner, plenum_diag *d)
{
	int64_t proposed = 0, adopted = 0;
	int rc = st_query_int(db->st, ST_Q_proposed_count, &proposed, d, "ii", m->id, winner);
	if (!rc)
		rc = st_query_int(db->st, ST_Q_target_count, &adopted, d, "i", m->id);
	if (rc || adopted == proposed)
		return rc;
	char text[200];
	snprintf(text, sizeof text, "%lld targets of the adopted plan were for workplaces that "
	         "have left the federation: not published", (long long)(proposed - adopted));
	return ct_notice(db, m->council, m->id, 0, "plan-adoption", text, d);
}

int ct_plan_adopt(plenum_db *db, const plenum_motion *m, int64_t winner, plenum_diag *d)
{
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_proposal_get, &s, d, "ii", m->id, winner);
	int r = rc ? -rc : st_next(s, d);
	if (r <= 0)
		return -r; /* no proposal: the admin stores the plan (plenum_plan_store) */
	char *period = ut_strdup(st_text(s, 0)), *summary = ut_strdup(st_text(s, 1));
	st_done(s);
	rc = period && summary ? PLENUM_OK : ut_fail(d, PLENUM_ENOMEM, "out of memory");
	if (!rc)
		rc = st_query_run(db->st, ST_Q_plan_insert, NULL, d, "ittii", m->id, period, summary,
		                  winner, plenum_db_now(db));
	if (!rc) /* to the workplaces still in the federation: one that left takes none */
		rc = st_query_run(db->st, ST_Q_targets_adopt, NULL, d, "iii", m->id, winner,
		                  m->council);
	if (!rc)
		rc = publish(db, PLENUM_ACTOR_ADMIN, m, winner, period, summary, d);
	if (!rc)
		rc = supersede(db, PLENUM_ACTOR_ADMIN, m, period, d);
	if (!rc)
		rc = note_left(db, m, winner, d);
	ut_free(period);
	ut_free(summary);
	return rc;
}

static int plan_check(plenum_db *db, int64_t actor, const plenum_motion *m, const char *period,
                      const char *summary, plenum_diag *d)
{
	int64_t one;
	if (actor != PLENUM_ACTOR_ADMIN)
		return ut_fail(d, PLENUM_EDENIED, "only the admin (the planner's bridge) stores the "
		               "adopted plan");
	if (m->kind != PLENUM_MOTION_PLAN_ADOPTION)
		return ut_fail(d, PLENUM_EINVAL, "motion %lld is not a plan adoption", (long long)m->id);
	if (!m->closed_at)
		return ut_fail(d, PLENUM_ECONFLICT, "motion %lld is open: a plan is stored once it is "
		               "adopted", (long long)m->id);
	if (m->winner < 0 || m->winner == m->status_quo || !m->passed)
		return ut_fail(d, PLENUM_ECONFLICT, "motion %lld %s: no plan was adopted",
		               (long long)m->id, m->passed ? "kept the status quo" : "did not pass");
	if (st_query_int(db->st, ST_Q_plan_exists, &one, d, "i", m->id) == 0)
		return ut_fail(d, PLENUM_ECONFLICT, "motion %lld's plan is stored already",
		               (long long)m->id);
	int rc = ct_check_name(d, "the plan's period", period, 1);
	return rc ? rc : ct_check_text(d, "the plan's summary", summary, 0);
}

static int store_tx(plenum_db *db, int64_t actor, int64_t motion, const char *period,
                    const char *summary, const plenum_target *targets, int64_t n,
                    plenum_diag *d)
{
	plenum_motion m;
	int rc = ct_motion_load(db, motion, &m, d);
	if (!rc)
		rc = plan_check(db, actor, &m, period, summary, d);
	if (!rc && n <= 0) /* once stored, a plan cannot be stored again to correct it */
		rc = ut_fail(d, PLENUM_EINVAL, "motion %lld: a plan without targets: give at least "
		             "one", (long long)motion);
	for (int64_t i = 0; !rc && i < n; i++)
		rc = check_target(db, &m, &targets[i], i, d);
	return rc ? rc : store_plan(db, actor, &m, period, summary, targets, n, d);
}

int plenum_plan_store(plenum_db *db, int64_t actor, int64_t motion, const char *period,
                      const char *summary, const plenum_target *targets, int64_t n,
                      plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = ct_begin(db, d); /* the motion and the workplaces read under the write lock */
	if (!rc)
		rc = ct_end(db, store_tx(db, actor, motion, period, summary, targets, n, d), d);
	return ct_leave(db, rc, d);
}

/* The plan motion meant by motion (0: the latest stored plan); ENOTFOUND when none. */
static int plan_of(plenum_db *db, int64_t motion, int64_t *out, plenum_diag *d)
{
	int rc = motion ? st_query_int(db->st, ST_Q_plan_exists, out, d, "i", motion)
	                : st_query_int(db->st, ST_Q_plan_latest, out, d, "");
	if (rc == PLENUM_ENOTFOUND && motion)
		ut_fail(d, rc, "motion %lld has no stored plan", (long long)motion);
	else if (rc == PLENUM_ENOTFOUND)
		ut_fail(d, rc, "no plan is stored yet: adopt one first");
	return rc;
}

int plenum_plan_superseded(plenum_db *db, int64_t motion, int64_t *by, plenum_diag *d)
{
	CT_ENTER(db, d);
	*by = 0;
	int rc = st_query_int(db->st, ST_Q_plan_superseded_by, by, d, "i", motion);
	if (rc == PLENUM_ENOTFOUND)
		ut_fail(d, rc, "motion %lld has no stored plan", (long long)motion);
	return ct_leave(db, rc, d);
}

int plenum_targets_list(plenum_db *db, int64_t motion, int64_t council,
                        int (*fn)(void *, const plenum_target *), void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int64_t plan = 0;
	ct_council c;
	int r = 0, rc = council ? ct_council_load(db, council, &c, d) : PLENUM_OK;
	if (!rc && council && c.kind != PLENUM_WORKPLACE) /* (it listed nothing, as if none) */
		rc = ut_fail(d, PLENUM_EINVAL, "council %lld is a %s: targets go to workplaces",
		             (long long)council, plenum_council_kind_name(c.kind));
	if (!rc)
		rc = plan_of(db, motion, &plan, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_target_list, &s, d, "ii", plan, council);
	plenum_target t;
	while (!rc && (r = st_next(s, d)) == 1) {
		t.council = st_int(s, 0), t.technique = st_text(s, 1), t.product = st_text(s, 2);
		t.quantity = st_double(s, 3);
		if (fn(ud, &t)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, rc ? rc : r < 0 ? -r : PLENUM_OK, d);
}

static int report_tx(plenum_db *db, int64_t actor, int64_t council, const char *period,
                     const char *technique, double q, plenum_diag *d)
{
	int64_t one;
	int rc = workplace_check(db, actor, council, "report output", d);
	if (!rc && (rc = st_query_int(db->st, ST_Q_link_exists, &one, d, "it", council,
	                              technique)) == PLENUM_ENOTFOUND)
		rc = ut_fail(d, PLENUM_EINVAL, "workplace %lld is not linked to technique %s: link "
		             "it first ('plenum council link')", (long long)council, technique);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_report_put, NULL, d, "ittdi", council, period,
		                  technique, q, plenum_db_now(db));
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "council", council);
	ct_js_str(&j, "period", period);
	ct_js_str(&j, "technique", technique);
	ct_js_num(&j, "quantity", q);
	return ct_event(db, actor, council, "output.report", &j, d);
}

int plenum_output_report(plenum_db *db, int64_t actor, int64_t council, const char *period,
                         const char *technique, double quantity, plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = ct_check_name(d, "the period", period, 1);
	if (!rc)
		rc = ct_check_name(d, "the technique key", technique, 1);
	if (!rc && (!isfinite(quantity) || quantity < 0 || quantity >= PLENUM_QUANTITY_MAX))
		rc = ut_fail(d, PLENUM_EINVAL, "output %g of %s: give a number from 0 to below 1e15",
		             quantity, technique);
	if (!rc) /* who reports, and the link, read under the write lock */
		rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, report_tx(db, actor, council, period, technique, quantity, d), d);
	return ct_leave(db, rc, d);
}

int plenum_fulfilment_list(plenum_db *db, int64_t motion, int (*fn)(void *, const plenum_fulfilment *),
                           void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int64_t plan = 0;
	int r = 0, rc = plan_of(db, motion, &plan, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_fulfilment, &s, d, "i", plan);
	plenum_fulfilment f;
	while (!rc && (r = st_next(s, d)) == 1) {
		f.council = st_int(s, 0), f.period = st_text(s, 1), f.technique = st_text(s, 2);
		f.product = st_text(s, 3), f.target = st_double(s, 4), f.actual = st_double(s, 5);
		f.fulfilment = f.target > 0 ? f.actual / f.target : NAN;
		if (fn(ud, &f)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, rc ? rc : r < 0 ? -r : PLENUM_OK, d);
}
