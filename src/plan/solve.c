/* One LP solve for the planner: the backend the options ask for, the MPS export of the first
 * LP, and the solver's statistics summed into the plan. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plan/pl.h"

plenum_plan_status pl_status(lp_status s)
{
	switch (s) {
	case LP_OPTIMAL:
		return PLENUM_PLAN_OPTIMAL;
	case LP_INFEASIBLE:
		return PLENUM_PLAN_INFEASIBLE;
	case LP_UNBOUNDED:
		return PLENUM_PLAN_UNBOUNDED;
	case LP_ITERATION_LIMIT:
	case LP_TIME_LIMIT:
		return PLENUM_PLAN_LIMIT;
	case LP_NUMERICAL:
		break;
	}
	return PLENUM_PLAN_NUMERICAL;
}

int pl_uses_pdlp(int64_t size, const plenum_plan_opts *o)
{
	if (o->solver != PLENUM_SOLVER_AUTO)
		return o->solver == PLENUM_SOLVER_PDLP;
	if (lp_exact_backend() == LP_PDLP)
		return 1;
	return size > (o->pdlp_above > 0 ? o->pdlp_above : 20000);
}

int pl_exact_asked(const plenum_plan_opts *o)
{
	return o->solver == PLENUM_SOLVER_GLPK || o->solver == PLENUM_SOLVER_CLP;
}

/* The LP of kind `kind` carries row and column names when an MPS file is asked for or
 * GLPK may solve it (so that its errors can name them; GLPK takes small LPs only). */
int pl_want_names(const pl_model *m, pl_kind kind, const plenum_plan_opts *o)
{
	if (o->mps_path)
		return 1;
	if (kind == PL_HARMONY) /* an exact solver only when asked for: its cutting planes */
		return pl_exact_asked(o);
	pl_layout L;
	pl_layout_init(&L, m, kind);
	return !pl_uses_pdlp(L.nrow + L.ncol, o);
}

void pl_lp_options(const plenum_plan_opts *o, lp_opts *lo)
{
	lp_opts_init(lo);
	lo->tolerance = o->tolerance;
	if (o->max_iter > 0)
		lo->max_iter = o->max_iter;
	lo->verbose = o->verbose;
	lo->backend = o->solver == PLENUM_SOLVER_GLPK ? LP_GLPK
	              : o->solver == PLENUM_SOLVER_CLP  ? LP_CLP
	              : o->solver == PLENUM_SOLVER_PDLP ? LP_PDLP : LP_AUTO;
	if (o->pdlp_above > 0)
		lo->pdlp_above = o->pdlp_above;
}

int pl_solve(const lp_problem *p, const plenum_plan_opts *o, int *mps_written,
             plenum_plan *plan, lp_result *r, plenum_diag *d)
{
	return pl_solve_from(p, o, NULL, NULL, mps_written, plan, r, d);
}

/* Whether an optimal point is numbers: a solver that overflowed can end "optimal" on NaN
 * (PDLP on a stock of 1e300 did, and the plan showed empty activities, status optimal). */
static int finite_point(const lp_problem *p, const lp_result *r)
{
	if (!isfinite(r->objective))
		return 0;
	for (int64_t j = 0; r->x && j < p->n; j++)
		if (!isfinite(r->x[j]))
			return 0;
	for (int64_t i = 0; r->y && i < p->m; i++)
		if (!isfinite(r->y[i]))
			return 0;
	return 1;
}

/* Clp failed (numerical) where the solver was left to plenum: GLPK solves the LP again, and
 * its answer is taken unless it fails too. Clp "stopped" on the US table's shortfall model
 * (its objective run to -1.9e28) which GLPK solves in a second. */
static int glpk_instead(const lp_problem *p, const lp_opts *lo, lp_result *r, plenum_diag *d)
{
	lp_opts go = *lo;
	go.backend = LP_GLPK;
	go.basis = NULL, go.basis_rows = 0; /* Clp's, or none */
	lp_result g = {0};
	plenum_diag dg = {0}; /* a build without GLPK, or its failure: Clp's answer stands */
	int rc = lp_solve(p, &go, &g, &dg);
	if (rc || g.status == LP_NUMERICAL) {
		lp_result_free(&g);
		return rc == PLENUM_ENOMEM ? ut_fail(d, rc, "%s", dg.message) : PLENUM_OK;
	}
	if (lo->verbose)
		fprintf(stderr, "plan: Clp failed for numerical reasons; GLPK's answer is taken\n");
	lp_result_free(r);
	*r = g;
	return PLENUM_OK;
}

/* Solves p under lo (o's options and a start), as pl_solve says. */
static int run(const lp_problem *p, const plenum_plan_opts *o, const lp_opts *lo,
               int *mps_written, plenum_plan *plan, lp_result *r, plenum_diag *d)
{
	if (o->mps_path && !*mps_written) {
		int rc = lp_write_mps(p, o->mps_path, d);
		if (rc)
			return rc;
		*mps_written = 1;
	}
	double t0 = ut_now();
	int rc = lp_solve(p, lo, r, d);
	if (!rc && r->status == LP_OPTIMAL && !finite_point(p, r)) /* PDLP: "optimal", all NaN */
		r->status = LP_NUMERICAL;
	if (!rc && r->status == LP_NUMERICAL && lo->backend == LP_AUTO && r->backend &&
	    strcmp(r->backend, "clp") == 0) /* the other exact solver, as auto's second try */
		rc = glpk_instead(p, lo, r, d);
	plan->seconds += ut_now() - t0;
	if (rc)
		return rc;
	plan->solver = r->backend;
	plan->iterations += r->iterations;
	plan->lp_solves++;
	plan->unfinished += r->status == LP_ITERATION_LIMIT || r->status == LP_TIME_LIMIT;
	/* the measures of a point that is a plan (infeasible, unbounded or failed LPs have
	 * none: their x measures nothing the report shows) */
	plenum_plan_status st = pl_status(r->status);
	if (st == PLENUM_PLAN_OPTIMAL || st == PLENUM_PLAN_LIMIT) {
		plan->primal_residual = fmax(plan->primal_residual, r->primal_residual);
		plan->dual_residual = fmax(plan->dual_residual, r->dual_residual);
		if (isfinite(r->gap))
			plan->gap = fmax(plan->gap, r->gap);
	}
	return PLENUM_OK;
}

int pl_solve_from(const lp_problem *p, const plenum_plan_opts *o, const double *x0,
                  const double *y0, int *mps_written, plenum_plan *plan, lp_result *r,
                  plenum_diag *d)
{
	lp_opts lo;
	pl_lp_options(o, &lo);
	lo.x0 = x0;
	lo.y0 = y0;
	return run(p, o, &lo, mps_written, plan, r, d);
}

int pl_solve_basis(const lp_problem *p, const plenum_plan_opts *o, const unsigned char *basis,
                   int64_t basis_rows, int *mps_written, plenum_plan *plan, lp_result *r,
                   plenum_diag *d)
{
	lp_opts lo;
	pl_lp_options(o, &lo);
	lo.basis = basis;
	lo.basis_rows = basis_rows;
	return run(p, o, &lo, mps_written, plan, r, d);
}

int pl_stage_better(const lp_problem *p, const plenum_plan_opts *o, const lp_result *r1,
                    const lp_result *r)
{
	return (r->status == LP_ITERATION_LIMIT || r->status == LP_TIME_LIMIT) && r->x &&
	       r1->x && r->primal_residual <= o->tolerance &&
	       lp_worst_row(p, r->x) <= 10 * o->tolerance &&
	       lp_objective(p, r->x) < lp_objective(p, r1->x);
}

int pl_second_stage(const lp_problem *p, const plenum_plan_opts *o, const lp_result *r1,
                    int64_t budget, plenum_plan *plan, lp_result *r, int *use,
                    plenum_diag *d)
{
	int exact = lp_exact(r1->backend);
	plenum_plan_opts o2 = *o;
	if (!exact && (o2.max_iter <= 0 || o2.max_iter > budget))
		o2.max_iter = budget; /* and never more than the caller's own limit */
	int mps = 1;
	double res[3] = {plan->primal_residual, plan->dual_residual, plan->gap};
	int rc = exact ? pl_solve_basis(p, &o2, r1->basis, p->m, &mps, plan, r, d)
	         : pl_solve_from(p, &o2, r1->x, NULL, &mps, plan, r, d);
	*use = !rc && r->x && (r->status == LP_OPTIMAL || pl_stage_better(p, o, r1, r));
	if (!rc && !(r->status == LP_OPTIMAL && r->x)) { /* the first stage's measures stand */
		plan->primal_residual = *use ? fmax(res[0], r->primal_residual) : res[0];
		plan->dual_residual = res[1];
		plan->gap = res[2];
	}
	return rc;
}

double pl_weight(const pl_model *m)
{
	double sum = 0;
	for (int64_t q = 0; q < m->ntarg; q++)
		sum += log(m->target[m->targ[q]]);
	return m->ntarg ? exp(sum / (double)m->ntarg) : 1;
}

void pl_unweigh(lp_result *r, const lp_problem *p, double w)
{
	for (int64_t i = 0; r->y && i < p->m; i++)
		r->y[i] /= w;
	for (int64_t j = 0; r->z && j < p->n; j++)
		r->z[j] /= w;
	r->objective /= w;
	r->dual_objective /= w;
}
