/* Infeasible targets explained: the elastic model gives each target a shortfall variable
 * and minimises the total relative shortfall sum_q sigma_q / target_q; its plan says how
 * much is missing, and the limits with a positive shadow value in it are the ones that make
 * the targets impossible. Never a silent zero plan. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "plan/pl.h"

/* A relative shortfall to 1e-6 (a solver's noise below that must not reorder ties). */
static double rank(double f)
{
	return nearbyint(f * 1e6) / 1e6;
}

/* The worst shortfalls, at most five, largest relative first (ties, to 1e-6, in the
 * targets' order: every target is 100 % short when a cap of 0 stops all production), then
 * how many more targets are short; how many it named. */
static int shortfalls(plenum_plan *plan, const pl_model *m, size_t *len)
{
	int shown = 0;
	double last = INFINITY;
	int64_t lastq = -1;
	while (shown < 5) {
		int64_t best = -1, bestq = -1;
		double rel = 0;
		for (int64_t q = 0; q < m->ntarg; q++) {
			int64_t k = m->targ[q];
			double f = rank(plan->shortfall[k] / m->target[k]);
			int after = f < last || (f == last && q > lastq); /* not named yet */
			if (f > rel && after && f > 1e-9)
				rel = f, best = k, bestq = q;
		}
		if (best < 0)
			break;
		last = rel;
		lastq = bestq;
		char yr[40] = "";
		if (m->ny > 1)
			snprintf(yr, sizeof yr, " in year %lld", (long long)(best / m->np) + 1);
		pl_say(plan, len, "%s%s %.6g %s short (%.3g%%)%s", shown ? ", " : "",
		       ec_name(m->e->pkey, best % m->np), plan->shortfall[best],
		       ec_name(m->e->punit, best % m->np),
		       100 * plan->shortfall[best] / m->target[best], yr);
		shown++;
	}
	int64_t more = -shown;
	for (int64_t q = 0; q < m->ntarg; q++)
		more += rank(plan->shortfall[m->targ[q]] / m->target[m->targ[q]]) > 1e-9;
	if (more > 0)
		pl_say(plan, len, " and %lld more", (long long)more);
	return shown;
}

/* The one-line message; unfinished: how the second stage ended when it did not end
 * optimal (the plan's hours are then not proven the fewest), else NULL. That note comes
 * last, and the list of binding limits stops short to leave it room. */
static void message(plenum_plan *plan, const pl_model *m, const char *unfinished)
{
	char note[96] = "";
	if (unfinished)
		snprintf(note, sizeof note, "; the plan's hours are not proven the fewest (their "
		         "stage ended %s)", unfinished);
	size_t len = 0, room = sizeof plan->message - 1 - strlen(note);
	pl_say(plan, &len, "infeasible: the targets cannot be met in full; ");
	const char *sep = shortfalls(plan, m, &len) ? "; " : ""; /* none short by 1e-6 of itself */
	if (plan->nbottlenecks == 0) {
		pl_say(plan, &len, "%sno limit binds at the shortfall: the targets need products no "
		       "technique can make in surplus", sep);
	} else {
		pl_say(plan, &len, "%sbinding: ", sep);
		int64_t b = 0;
		for (; b < plan->nbottlenecks && b < 6; b++) {
			const plenum_bottleneck *k = &plan->bottlenecks[b];
			if (len + strlen(k->what) + 80 > room) /* the limit, the ending, " and N more" */
				break;
			pl_say(plan, &len, "%s%s (limit %.6g)", b ? ", " : "", k->what, k->limit);
		}
		if (b == 0) /* the shortfalls took the line */
			pl_say(plan, &len, "%lld limits", (long long)plan->nbottlenecks);
		else if (b < plan->nbottlenecks)
			pl_say(plan, &len, " and %lld more", (long long)(plan->nbottlenecks - b));
		pl_say(plan, &len, "; loosen %s or lower the targets",
		       plan->nbottlenecks > 1 ? "these" : "it");
	}
	len = len < room ? len : room;
	pl_say(plan, &len, "%s", note);
}

void pl_explain_unreachable(plenum_plan *plan, const pl_model *m, const char *solver)
{
	plan->status = m->end > 0 ? PLENUM_PLAN_INFEASIBLE : PLENUM_PLAN_NUMERICAL;
	plan->level = NAN;
	if (m->end > 0)
		snprintf(plan->message, sizeof plan->message, "infeasible: the end stocks asked for "
		         "(%g times the first year's) cannot be reached within the limits, even with "
		         "nothing made for the targets: lower --end-stocks or loosen the limits",
		         m->end);
	else
		snprintf(plan->message, sizeof plan->message, "%s called the plan infeasible even "
		         "with nothing made for the targets, which cannot be: its report is wrong "
		         "(numerical trouble); try another --solver", solver ? solver : "the solver");
}

/* Each target's shortfall at most the first stage's (so that its plan stays feasible), plus
 * `slack` times the target. */
static void hold_shortfalls(const pl_model *m, const pl_layout *L, lp_problem *p,
                            const lp_result *r1, double slack)
{
	for (int64_t q = 0; q < m->ntarg; q++) {
		double t = m->target[m->targ[q]];
		p->hi[L->cextra + q] = fmin(t, fmax(0, r1->x[L->cextra + q]) + slack * t);
	}
}

/* The elastic model's plan has the least shortfall but nothing else asked of it: where
 * the targets are met, production may run to any waste the limits allow (PDLP's plan of
 * tests/data/plan/tools made 219 loaves against 150 in its third year, and took 556 hours
 * to GLPK's 361). A second stage holds each target's shortfall to at most the first
 * stage's (a bound, so that the first stage's plan stays feasible; a slack of the
 * tolerance let the hours grow each shortfall by it) and asks for the fewest hours, from
 * the first stage's plan; when it does not end optimal the first stage's plan stands,
 * unless the stage stopped at its limit at a plan with fewer hours (pl_stage_better).
 * Where an exact solver calls that stage infeasible it is solved again with a slack of
 * 1e-9 of each target on the bound: Clp did so on the WIOD table counted in dollars
 * (targets of 1e12), though its first plan breaks no row by more than 6e-4 dollars (its
 * tolerances are absolute, on its own scaling). Only then, as the slack moves answers: on
 * tests/data/plan/stocks15 it lowered the fewest hours by 3e-5 of them (GLPK, at its
 * default dual tolerance: 4 403.88 to 4 403.74). The bottlenecks stay the first stage's:
 * they are what makes the targets impossible. */
static int fewest_hours(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                        const pl_layout *L, lp_problem *p, const lp_result *r1,
                        const char **unfinished, plenum_diag *d)
{
	for (int64_t j = 0; j < p->n; j++)
		p->c[j] = 0;
	for (int64_t y = 0; y < m->ny; y++)
		for (int64_t t = 0; t < m->nt; t++)
			p->c[L->cx + y * m->nt + t] = m->e->tlab[t];
	lp_result r = {0};
	hold_shortfalls(m, L, p, r1, 0);
	int use;
	int rc = pl_second_stage(p, o, r1, 20000 + r1->iterations, plan, &r, &use, d);
	if (!rc && r.status == LP_INFEASIBLE && lp_exact(r1->backend)) { /* see above */
		hold_shortfalls(m, L, p, r1, 1e-9);
		lp_result_free(&r);
		rc = pl_second_stage(p, o, r1, 20000 + r1->iterations, plan, &r, &use, d);
	}
	if (!rc && use) {
		pl_fill(plan, m, L, r.x);
		for (int64_t q = 0; q < m->ntarg; q++)
			plan->shortfall[m->targ[q]] = fmax(0, r.x[L->cextra + q]);
	}
	if (!rc && r.status != LP_OPTIMAL)
		*unfinished = lp_status_name(r.status);
	lp_result_free(&r);
	return rc;
}

/* Solves the elastic model; *optimal says whether it ended optimal, and then plan holds
 * its plan and shortfall, *total the relative shortfall sum_q sigma_q / target_q, and the
 * bottlenecks (in the elastic model) are listed. When *total is above 10 x tolerance (the
 * targets cannot be met) the plan is the one with the fewest hours at those shortfalls. */
static int elastic(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                   int *optimal, double *total, const char **unfinished, plenum_diag *d)
{
	pl_layout L;
	lp_problem p;
	lp_result r = {0};
	int mps = 1;
	int rc = pl_build(m, PL_ELASTIC, pl_want_names(m, PL_ELASTIC, o), &L, &p, d);
	if (rc)
		return rc;
	double w = pl_weight(m); /* the shortfalls' costs 1 / target, times w: about 1 */
	for (int64_t q = 0; q < m->ntarg; q++)
		p.c[L.cextra + q] *= w;
	rc = pl_solve(&p, o, &mps, plan, &r, d);
	if (!rc)
		pl_unweigh(&r, &p, w);
	*optimal = !rc && r.status == LP_OPTIMAL && r.x;
	*total = 0;
	*unfinished = NULL;
	if (*optimal) {
		pl_fill(plan, m, &L, r.x);
		memset(plan->shortfall, 0, (size_t)(m->ny * m->np) * sizeof *plan->shortfall);
		for (int64_t q = 0; q < m->ntarg; q++) {
			double s = fmax(0, r.x[L.cextra + q]);
			plan->shortfall[m->targ[q]] = s;
			*total += s / m->target[m->targ[q]];
		}
		rc = pl_bottlenecks(plan, m, &L, &p, &r, 0, o->tolerance);
		if (rc)
			ut_fail(d, rc, "out of memory explaining an infeasible plan");
		else if (*total > 10 * o->tolerance)
			rc = fewest_hours(m, o, plan, &L, &p, &r, unfinished, d);
	} else if (!rc && r.status == LP_INFEASIBLE) {
		pl_explain_unreachable(plan, m, r.backend);
	} else if (!rc && pl_status(r.status) == PLENUM_PLAN_LIMIT) {
		snprintf(plan->message, sizeof plan->message, "infeasible: the targets cannot be "
		         "met in full, but which fall short is not known: the model with a shortfall "
		         "per target stopped at its %s limit after %lld iterations; allow more "
		         "--max-iter, loosen --tolerance or use --solver %s",
		         r.status == LP_TIME_LIMIT ? "time" : "iteration", (long long)r.iterations,
		         lp_exact(r.backend) ? "pdlp" : lp_exact_name()); /* not the one that ran */
	} else if (!rc) {
		snprintf(plan->message, sizeof plan->message, "infeasible, and the model with a "
		         "shortfall per target ended %s too: check the economy's limits",
		         lp_status_name(r.status));
	}
	lp_problem_free(&p);
	lp_result_free(&r);
	return rc;
}

int pl_explain_infeasible(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                          plenum_diag *d)
{
	int optimal;
	double total;
	const char *unfinished;
	int rc = elastic(m, o, plan, &optimal, &total, &unfinished, d);
	if (plan->status != PLENUM_PLAN_NUMERICAL) /* pl_explain_unreachable: the solver erred */
		plan->status = PLENUM_PLAN_INFEASIBLE;
	if (!rc && optimal)
		message(plan, m, unfinished);
	return rc;
}

int pl_feasible_first(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                      int *infeasible, plenum_diag *d)
{
	int optimal;
	double total;
	const char *unfinished;
	*infeasible = 0;
	int rc = elastic(m, o, plan, &optimal, &total, &unfinished, d);
	if (!rc && !optimal)
		*infeasible = -1; /* plan->message says why, should the targets prove infeasible */
	if (rc || !optimal)
		return rc;
	/* a feasible problem's optimum is 0; the solver's is within its tolerance of it */
	if (total > 10 * o->tolerance) {
		*infeasible = 1;
		plan->status = PLENUM_PLAN_INFEASIBLE;
		message(plan, m, unfinished);
		return PLENUM_OK;
	}
	memset(plan->shortfall, 0, (size_t)(m->ny * m->np) * sizeof *plan->shortfall);
	plan->nbottlenecks = 0;
	return PLENUM_OK;
}
