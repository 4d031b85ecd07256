/* Two of the objectives: least labour (every target in full with the fewest hours; the
 * duals of the product rows are labour values) and balanced (Kantorovich: the largest
 * common fulfilment level s, then the fewest hours with s held). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plan/pl.h"

/* Says in plan->message why an LP that ended with status s gave no plan. */
static void explain_status(plenum_plan *plan, const pl_model *m, lp_status s,
                           const lp_result *r)
{
	char how[400];
	if (s == LP_UNBOUNDED)
		snprintf(plan->message, sizeof plan->message,
		         "unbounded: nothing limits the plan; give %s, caps or capacities",
		         pl_labour_advice(m->e, how, sizeof how));
	else if ((s == LP_ITERATION_LIMIT || s == LP_TIME_LIMIT) && lp_exact(r->backend))
		snprintf(plan->message, sizeof plan->message,
		         "the %s solver stopped at its %s limit after %lld iterations: allow more "
		         "--max-iter or use --solver pdlp", r->backend,
		         s == LP_TIME_LIMIT ? "time" : "iteration", (long long)r->iterations);
	else if (s == LP_ITERATION_LIMIT || s == LP_TIME_LIMIT)
		snprintf(plan->message, sizeof plan->message,
		         "the %s solver stopped at its %s limit after %lld iterations: allow more "
		         "--max-iter, loosen --tolerance or use --solver %s",
		         r->backend ? r->backend : "LP", s == LP_TIME_LIMIT ? "time" : "iteration",
		         (long long)r->iterations, lp_exact_name());
	else if (s == LP_NUMERICAL)
		snprintf(plan->message, sizeof plan->message,
		         "the %s solver failed for numerical reasons: check the economy for "
		         "extreme coefficients or try another --solver", r->backend ? r->backend : "LP");
}

/* Fills plan from an LP that ended optimal (or stopped at a limit with a point). */
static int report(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                  const pl_layout *L, const lp_problem *p, const lp_result *r, int hours)
{
	plan->status = pl_status(r->status);
	explain_status(plan, m, r->status, r);
	if (r->status != LP_OPTIMAL && plan->status != PLENUM_PLAN_LIMIT) {
		plan->level = NAN; /* no plan to speak of */
		return PLENUM_OK;
	}
	if (!r->x || !r->y)
		return PLENUM_OK;
	pl_fill(plan, m, L, r->x);
	pl_values(plan, m, L, r, hours);
	return pl_bottlenecks(plan, m, L, p, r, hours, o->tolerance);
}

int pl_least_labour(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                    plenum_diag *d)
{
	pl_layout L;
	lp_problem p;
	lp_result r = {0};
	int mps = 0;
	int rc = pl_build(m, PL_LEAST, pl_want_names(m, PL_LEAST, o), &L, &p, d);
	if (rc)
		return rc;
	char undecided[sizeof plan->message] = ""; /* why the elastic model did not tell */
	int erred = 0; /* ... because its solver's report could not be right */
	if (pl_uses_pdlp(p.m + p.n, o)) {
		int infeasible = 0;
		rc = pl_feasible_first(m, o, plan, &infeasible, d);
		if (!rc && infeasible < 0) {
			memcpy(undecided, plan->message, sizeof undecided);
			erred = plan->status == PLENUM_PLAN_NUMERICAL;
			plan->message[0] = '\0';
		}
		if (rc || infeasible > 0) {
			if (!rc && o->mps_path) /* the MPS file is the least-labour LP all the same */
				rc = lp_write_mps(&p, o->mps_path, d);
			lp_problem_free(&p);
			return rc;
		}
	}
	rc = pl_solve(&p, o, &mps, plan, &r, d);
	if (!rc)
		rc = report(m, o, plan, &L, &p, &r, 1);
	if (!rc && plan->status == PLENUM_PLAN_OPTIMAL)
		plan->objective_value = r.objective;
	lp_problem_free(&p);
	lp_result_free(&r);
	if (!rc && plan->status == PLENUM_PLAN_INFEASIBLE && undecided[0]) { /* not again */
		memcpy(plan->message, undecided, sizeof undecided);
		plan->status = erred ? PLENUM_PLAN_NUMERICAL : plan->status;
	}
	else if (!rc && plan->status == PLENUM_PLAN_INFEASIBLE)
		rc = pl_explain_infeasible(m, o, plan, d);
	if (rc == PLENUM_ENOMEM)
		ut_fail(d, rc, "out of memory reporting the plan");
	return rc;
}

/* Stage 2: the fewest hours with s >= s* less the tolerance (an exact solver's s* holds to
 * rounding: 1e-9 of it; a first-order one's only to its tolerance times max(1, s*), as
 * PDLP's gap measures it; held to 1e-6 of s* = 0.0145 alone, a 700-product plan's stage 2
 * ran past 20 000 iterations where it took 2 000). A small level by PDLP says how little
 * it is known (pl_balanced). PDLP starts from stage 1's
 * plan, which is feasible for it, with a budget of iterations: at s* the limits that fix
 * s* are all tight, the feasible region is only the tolerance thick, and PDLP can stall on
 * it (on a 10^4-product economy without an hours limit, more than 300 000 iterations at a
 * gap near 1e-3, for hours 0.1 % below stage 1's). One year: as many iterations as stage 1
 * took, at least STAGE2_MIN_ITER. Several years: STAGE2_YEARS times as many, since there
 * stage 1's plan may use far more hours than needed (hours for the years whose limits do
 * not fix s*) and stage 2 needs many more iterations than stage 1 to settle (generated
 * plans, default tolerance: 1 000 products x 5 years 12 672 and 165 888, the hours 332 819
 * and then 211 175, Clp's to 2e-6; 2 000 x 5 9 728 and 175 488). When the stage stops at its
 * budget at a plan with fewer hours that holds every row to 10 x the tolerance
 * (pl_stage_better) that plan is reported, else stage 1's; plan->message says that the
 * hours are not proven the fewest. */
#define STAGE2_MIN_ITER 20000
#define STAGE2_YEARS 32
static int fewest_hours(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                        const pl_layout *L, lp_problem *p, const lp_result *r1, plenum_diag *d)
{
	const plenum_economy *e = m->e;
	for (int64_t y = 0; y < m->ny; y++)
		for (int64_t t = 0; t < m->nt; t++)
			p->c[L->cx + y * m->nt + t] = e->tlab[t];
	p->c[L->cextra] = 0;
	int exact = lp_exact(plan->solver);
	double s = r1->x[L->cextra];
	p->lo[L->cextra] = exact ? s * (1 - 1e-9) : fmax(0, s - o->tolerance * fmax(1, s));
	int64_t budget = r1->iterations * (m->ny > 1 ? STAGE2_YEARS : 1);
	if (budget < STAGE2_MIN_ITER)
		budget = STAGE2_MIN_ITER;
	lp_result r = {0};
	int use;
	int rc = pl_second_stage(p, o, r1, budget, plan, &r, &use, d);
	if (!rc && use)
		pl_fill(plan, m, L, r.x);
	if (!rc && r.status != LP_OPTIMAL) {
		char hint[96] = "";
		if (!exact) /* with hours that bind, one year's stage 2 finishes; over several
		             * years the hours of the years that do not fix s* stay free */
			snprintf(hint, sizeof hint, "; for the fewest hours use --solver %s%s",
			         lp_exact_name(), m->ny > 1 ? "" : " or give hours that bind");
		double h1 = lp_objective(p, r1->x);
		if (use)
			snprintf(plan->message, sizeof plan->message,
			         "hours not proven fewest: the largest level is reached, and the second "
			         "stage (fewest hours at that level) cut the hours by %.3g %% but ended "
			         "%s after %lld iterations at a gap of %.1e%s",
			         100 * (h1 - r.objective) / h1, lp_status_name(r.status),
			         (long long)r.iterations, r.gap, hint);
		else
			snprintf(plan->message, sizeof plan->message,
			         "hours not minimised: the largest level is reached, but the second "
			         "stage (fewest hours at that level) ended %s after %lld iterations%s",
			         lp_status_name(r.status), (long long)r.iterations, hint);
	}
	lp_result_free(&r);
	return rc;
}

/* Stage 1 maximises s times pl_weight(m) for GLPK and in the MPS file, times 1 for PDLP,
 * which scales its objective itself and took more iterations with the weight (2 368
 * instead of 1 536 on the 10^3-product benchmark plan). Sets *w, and *mps when it wrote
 * the MPS file. */
static int weigh(const pl_model *m, const plenum_plan_opts *o, lp_problem *p,
                 const pl_layout *L, int *mps, double *w, plenum_diag *d)
{
	*w = pl_weight(m);
	p->c[L->cextra] = -*w;
	if (o->mps_path) {
		int rc = lp_write_mps(p, o->mps_path, d);
		if (rc)
			return rc;
		*mps = 1;
	}
	if (pl_uses_pdlp(p->m + p->n, o))
		p->c[L->cextra] = -(*w = 1);
	return PLENUM_OK;
}

/* Clp's stage 1 found no level (s at most the tolerance): the targets cannot be met at all,
 * or Clp stopped at the wrong vertex. Random tests found it on targets from 1e-9 to 2.6e8
 * (its dual infeasibility of 5.5e-8 sat on a column that moves by 1e8, so the measure of
 * its answer let it pass: level 0, "infeasible"; GLPK and glpsol give 0.334). So GLPK
 * solves stage 1 again, and its answer is taken when it finds a level; the cost is a second
 * solve on plans that are infeasible anyway, up to pdlp_above rows + columns. */
static int second_opinion(const plenum_plan_opts *o, const lp_problem *p, const pl_layout *L,
                          double w, plenum_plan *plan, lp_result *r, plenum_diag *d)
{
	if (!r->backend || strcmp(r->backend, "clp") != 0 || r->status != LP_OPTIMAL || !r->x ||
	    r->x[L->cextra] > o->tolerance || p->m + p->n > o->pdlp_above)
		return PLENUM_OK; /* above pdlp_above GLPK would take minutes: Clp's answer stands */
	plenum_plan_opts og = *o;
	og.solver = PLENUM_SOLVER_GLPK;
	og.mps_path = NULL;
	int mps = 1;
	lp_result g = {0};
	int rc = pl_solve(p, &og, &mps, plan, &g, d);
	if (!rc)
		pl_unweigh(&g, p, w);
	if (!rc && g.status == LP_OPTIMAL && g.x && g.x[L->cextra] > o->tolerance) {
		if (o->verbose)
			fprintf(stderr, "plan: Clp found no level; GLPK finds %g, and its plan is "
			        "taken\n", g.x[L->cextra]);
		lp_result_free(r);
		*r = g;
		return PLENUM_OK;
	}
	plan->solver = r->backend; /* Clp's answer stands */
	lp_result_free(&g);
	return rc;
}

int pl_balanced(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                plenum_diag *d)
{
	pl_layout L;
	lp_problem p;
	lp_result r = {0};
	int mps = 0;
	int rc = pl_build(m, PL_BALANCED, pl_want_names(m, PL_BALANCED, o), &L, &p, d);
	if (rc)
		return rc;
	double w = 1;
	rc = weigh(m, o, &p, &L, &mps, &w, d);
	if (!rc)
		rc = pl_solve(&p, o, &mps, plan, &r, d);
	if (!rc)
		pl_unweigh(&r, &p, w);
	if (!rc)
		rc = second_opinion(o, &p, &L, w, plan, &r, d);
	if (!rc)
		rc = report(m, o, plan, &L, &p, &r, 0);
	if (!rc && r.status == LP_UNBOUNDED) { /* name what runs free, where that is cheap */
		int found = 0;
		rc = pl_find_ray(m, &L, &p, NULL, o, plan, &found, d);
		if (!rc && found == 0) { /* proved: no ray; PDLP's iteration failed */
			plan->status = PLENUM_PLAN_NUMERICAL;
			snprintf(plan->message, sizeof plan->message, "the %s solver ended unbounded, "
			         "but the plan has no ray (checked exactly): the solver failed; use "
			         "--solver %s", r.backend ? r.backend : "LP", lp_exact_name());
		}
	}
	double s = r.x && r.status == LP_OPTIMAL ? r.x[L.cextra] : 0;
	int ok = !rc && plan->status == PLENUM_PLAN_OPTIMAL;
	if (!rc && r.status == LP_INFEASIBLE)
		pl_explain_unreachable(plan, m, r.backend);
	if (ok && s > o->tolerance)
		rc = fewest_hours(m, o, plan, &L, &p, &r, d);
	lp_result_free(&r);
	lp_problem_free(&p);
	if (ok) {
		plan->level = plan->objective_value = s;
		/* a first-order solver's s is known to its tolerance x max(1, s), and its second
		 * stage may take all of that: a small level says so (the plan shown reached 6.9e-7
		 * where s was 1.7e-6). Not the least fulfilment of the plan instead: a product of
		 * target 1e-6, made at 1e3 and used as an input, showed -6.3 for its PDLP noise of
		 * -6e-6. */
		if (!rc && !lp_exact(plan->solver) && s < 100 * o->tolerance && !plan->message[0])
			snprintf(plan->message, sizeof plan->message, "a level of %.3g is known only "
			         "to about the tolerance %.3g: give a smaller --tolerance or use "
			         "--solver %s", s, o->tolerance, lp_exact_name());
		if (!rc && !(s > o->tolerance))
			rc = pl_explain_infeasible(m, o, plan, d);
	}
	return rc;
}
