/* Harmony (Cockshott): maximise sum_i H(target_i, net_i), a separable concave program,
 * solved one of two ways, each ending with a certificate of optimality: an upper bound on
 * harmony within tolerance * (1 + |harmony|) of the plan's harmony.
 *
 * With PDLP, directly: the fulfilment columns carry -H in the objective and PDLP takes its
 * proximal step there (lp_harmony_prox); the bound is the dual of that convex program
 * (lp_measure, lp_harmony_dual).
 *
 * With GLPK, by Kelley's cutting planes on the hypograph. Each LP maximises sum h_q under
 * tangent cuts h_q <= H(n0) + H'(n0)(n_q - n0): its optimum bounds the true maximum from
 * above, the true harmony of its plan bounds it from below; cuts are added at the LP's
 * point until the two meet within the tolerance. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plan/pl.h"

#define MAX_ROUNDS 500

double pl_harmony_value(double t, double n)
{
	return lp_harmony(n / t);
}

/* dH/dn = 1/n for n >= t; (1 - u)/t below */
double pl_harmony_slope(double t, double n)
{
	if (n >= t)
		return 1 / n;
	return (1 - (n - t) / t) / t;
}

typedef struct kelley {
	const pl_model *m;
	pl_layout L;
	lp_problem p;
	pl_cut *cut; /* length ntarg: this round's cuts */
	double *best; /* length p.n: the best plan so far */
	double lower, upper;
	double w;   /* the cutting planes maximise w sum h (pl_weight) */
	int direct; /* solved as the convex program by PDLP, not by cutting planes */
	int no_ray; /* lp_ray proved that no ray exists: an "unbounded" is the solver's error */
} kelley;

/* The tangent at fulfilment f0 for target q: h - H'(f0) f <= H(f0) - H'(f0) f0, with H of
 * the fulfilment f = n / t (H(t, n) = H(1, n / t)): coefficients of order one whatever the
 * target's size, which keeps the LPs well scaled for either solver. */
static pl_cut tangent(const kelley *k, int64_t q, double f0)
{
	double g = pl_harmony_slope(1, f0);
	pl_cut c = {(int32_t)(k->L.cextra + q), (int32_t)(k->L.cextra + k->m->ntarg + q), -g, 1,
	            pl_harmony_value(1, f0) - g * f0};
	return c;
}

/* Tangents at half, all and twice the target, so that the first LP is bounded. */
static int initial_cuts(kelley *k)
{
	static const double at[] = {0.5, 1, 2};
	for (int s = 0; s < 3; s++) {
		for (int64_t q = 0; q < k->m->ntarg; q++)
			k->cut[q] = tangent(k, q, at[s]);
		if (pl_append_cuts(&k->p, k->m->ntarg, k->cut))
			return PLENUM_ENOMEM;
	}
	return PLENUM_OK;
}

/* The bounds from the LP's point: its objective above, the true harmony of its plan
 * below (keeping the best plan). */
static int bounds(kelley *k, const lp_result *r)
{
	double value = 0;
	for (int64_t q = 0; q < k->m->ntarg; q++)
		value += pl_harmony_value(1, r->x[k->L.cextra + q]);
	k->upper = fmin(k->upper, -r->objective);
	if (value > k->lower) {
		k->lower = value;
		memcpy(k->best, r->x, (size_t)k->p.n * sizeof *k->best);
	}
	return PLENUM_OK;
}

/* Adds a cut wherever the hypograph is over-estimated at the LP's point; *added is the
 * number of cuts. */
static int round_cuts(kelley *k, const lp_result *r, double tol, int64_t *added)
{
	const pl_model *m = k->m;
	int64_t nq = m->ntarg, nc = 0;
	/* the gap is at most the sum over targets of h - H(f): while it exceeds the tolerance
	 * some target is over-estimated by more than a tenth of its share, and gets a cut */
	double slack = 0.1 * tol * (1 + fabs(k->lower)) / (double)nq;
	for (int64_t q = 0; q < nq; q++) {
		double f0 = fmax(r->x[k->L.cextra + q], 1e-9);
		double h = r->x[k->L.cextra + nq + q];
		if (h - pl_harmony_value(1, f0) > slack)
			k->cut[nc++] = tangent(k, q, f0);
	}
	*added = nc;
	return nc ? pl_append_cuts(&k->p, nc, k->cut) : PLENUM_OK;
}

static double gap_of(const kelley *k)
{
	return (k->upper - k->lower) / (1 + fabs(k->lower));
}

/* An optimum that meets no target at all (a cap of 0: balanced and least labour call it
 * infeasible) is said so, with the first limit that binds: an "optimal" plan of nothing,
 * without a word, read as a plan. */
static void nothing_met(plenum_plan *plan, const pl_model *m)
{
	for (int64_t k = 0; k < m->ny * m->np; k++)
		if (m->target[k] > 0 && plan->fulfilment[k] > m->tolerance) /* not a solver's noise */
			return;
	size_t len = strlen(plan->message);
	const plenum_bottleneck *b = plan->nbottlenecks ? &plan->bottlenecks[0] : NULL;
	pl_say(plan, &len, "%sno target is met at all: the limits allow nothing of them",
	       len ? "; " : "");
	if (b)
		pl_say(plan, &len, " (%s binds)", b->what);
}

/* Runs the rounds; on return r holds the last LP's result. Every cut stays: dropping
 * those that did not bind at the LP's point kept that point optimal, but later LPs went
 * back to where the dropped ones were needed, and on the WIOD US table the bound stayed
 * at 888 against an optimum of 65.13 for 500 LPs (52 LPs with every cut kept).
 * Each LP after the first starts from the last one's optimal basis (GLPK's dual simplex:
 * the new cuts cut its point off): the UK's 2010 table took 60 LPs of 1 300 to 6 000
 * iterations each from scratch, then one that ran to GLPK's limit of 10^6 (135 s, gap
 * 0.14), and takes 24 000 iterations in all from the last basis (6 s). A warm LP that did
 * not move (its cuts were within GLPK's tolerances at its point) is solved again from
 * scratch: tests/data/plan/harmony15 at tolerance 1e-7 ran to 500 LPs without that. */
static int rounds(kelley *k, const plenum_plan_opts *o, plenum_plan *plan, lp_result *r,
                  plenum_diag *d)
{
	int mps = 0, rc = PLENUM_OK, again = 0;
	unsigned char *basis = NULL; /* the last LP's optimal basis: the next adds cuts to it */
	int64_t basis_rows = 0;
	double last = INFINITY; /* the last LP's optimum */
	for (int it = 0; it < MAX_ROUNDS && !rc; it++) {
		if (it > 0) { /* r holds the last LP, optimal */
			ut_free(basis);
			basis = NULL; /* again: the same LP from scratch */
			if (!again) {
				basis = r->basis;
				r->basis = NULL;
			}
			lp_result_free(r);
		}
		int warm = basis != NULL;
		rc = pl_solve_basis(&k->p, o, basis, basis_rows, &mps, plan, r, d);
		if (!rc)
			pl_unweigh(r, &k->p, k->w);
		if (rc || r->status != LP_OPTIMAL)
			break;
		int64_t added = 0;
		rc = bounds(k, r);
		if (rc || gap_of(k) <= o->tolerance)
			break;
		/* a warm LP that did not move: its cuts were within GLPK's tolerances there */
		again = warm && !again && -r->objective > last - 0.1 * o->tolerance * (1 + fabs(last));
		last = -r->objective;
		if (again)
			continue;
		basis_rows = k->p.m;
		rc = round_cuts(k, r, o->tolerance, &added);
		if (rc || added == 0)
			break;
	}
	ut_free(basis);
	return rc;
}

static int finish(kelley *k, const plenum_plan_opts *o, plenum_plan *plan, lp_result *r)
{
	const pl_model *m = k->m;
	if (r->status == LP_UNBOUNDED && k->no_ray) { /* PDLP's ray test passed a false ray */
		plan->status = PLENUM_PLAN_NUMERICAL;
		plan->level = NAN;
		snprintf(plan->message, sizeof plan->message, "harmony: %s ended unbounded, but "
		         "the plan has no ray (checked exactly): the solver failed; use --solver %s",
		         k->direct ? "PDLP" : "the LP", lp_exact_name());
		return PLENUM_OK;
	}
	plan->status = pl_status(r->status);
	int limit = pl_status(r->status) == PLENUM_PLAN_LIMIT;
	if (r->status == LP_INFEASIBLE) {
		pl_explain_unreachable(plan, m, r->backend);
		return PLENUM_OK;
	}
	if (r->status != LP_OPTIMAL && !(limit && isfinite(k->lower) && r->y)) {
		snprintf(plan->message, sizeof plan->message, "harmony: %s ended %s%s",
		         k->direct ? "PDLP" : "the LP", lp_status_name(r->status),
		         r->status == LP_UNBOUNDED ? ": nothing limits production; give labour "
		         "hours, caps or capacities" : limit ? " before any plan: no plan; allow "
		         "more --max-iter" : "");
		plan->level = NAN;
		return PLENUM_OK;
	}
	pl_fill(plan, m, &k->L, k->best);
	if (k->direct) /* the certificate is for the plan's own harmony (its net output): PDLP's
	                * fulfilment columns may run a primal residual past it */
		k->lower = plan->harmony;
	pl_values(plan, m, &k->L, r, 0);
	int rc = pl_bottlenecks(plan, m, &k->L, &k->p, r, 0, o->tolerance);
	plan->harmony_bound = k->upper;
	plan->objective_value = plan->harmony;
	plan->gap = fabs(gap_of(k)); /* PDLP's bound may fall a residual below */
	if (limit) { /* the best plan so far, said to be so: never a silent zero plan */
		plan->status = PLENUM_PLAN_LIMIT;
		char hint[80] = ""; /* PDLP can stall where only a cap limits (docs/planner.md) */
		if (k->direct && lp_exact_backend() != LP_PDLP)
			snprintf(hint, sizeof hint, ", or use --solver %s (cutting planes)",
			         lp_exact_name());
		snprintf(plan->message, sizeof plan->message, "harmony: %s stopped at its %s limit "
		         "after %lld iterations at gap %.3g (tolerance %g): the plan is the best "
		         "point so far, not the optimum; allow more --max-iter or loosen "
		         "--tolerance%s", k->direct ? "PDLP" : "the LP",
		         r->status == LP_TIME_LIMIT ? "time" : "iteration",
		         (long long)plan->iterations, plan->gap, o->tolerance, hint);
	} else if (plan->gap > o->tolerance) {
		plan->status = PLENUM_PLAN_LIMIT;
		if (k->direct)
			snprintf(plan->message, sizeof plan->message, "harmony: PDLP stopped at gap "
			         "%.3g (tolerance %g): loosen --tolerance", plan->gap, o->tolerance);
		else
			snprintf(plan->message, sizeof plan->message, "harmony: the cutting planes "
			         "stopped at gap %.3g after %lld LPs (tolerance %g): loosen --tolerance",
			         plan->gap, (long long)plan->lp_solves, o->tolerance);
	} else if (!rc) {
		nothing_met(plan, m);
	}
	return rc;
}

/* The convex program itself, solved by PDLP: the h columns fixed at 0, the fulfilment
 * columns carrying -H. The MPS file, when asked for, is the first cutting-plane LP (MPS
 * holds LPs only), so the cuts go only once it is written. */
static int direct(kelley *k, const plenum_plan_opts *o, plenum_plan *plan, lp_result *r,
                  plenum_diag *d)
{
	lp_problem *p = &k->p;
	int mps = 1, rc = PLENUM_OK;
	if (o->mps_path) {
		rc = lp_write_mps(p, o->mps_path, d);
		pl_drop_cuts(p, k->L.nrow);
	}
	int64_t nq = k->m->ntarg;
	for (int64_t q = 0; q < nq && !rc; q++) {
		int64_t h = k->L.cextra + nq + q;
		p->lo[h] = p->hi[h] = p->c[h] = 0;
	}
	p->h0 = k->L.cextra;
	p->nh = nq;
	plenum_plan_opts po = *o;
	po.solver = PLENUM_SOLVER_PDLP;
	if (!rc)
		rc = pl_solve_from(p, &po, NULL, NULL, &mps, plan, r, d);
	int limit = pl_status(r->status) == PLENUM_PLAN_LIMIT;
	if (rc || !r->x || (r->status != LP_OPTIMAL && !limit))
		return rc;
	memcpy(k->best, r->x, (size_t)p->n * sizeof *k->best);
	k->lower = -r->objective;
	k->upper = -r->dual_objective;
	return PLENUM_OK;
}

/* Harmony grows without end when a target can be made in any amount (ln has no maximum):
 * PDLP cannot prove that (ln's slope falls to 0 along the ray, so no certificate) and ran
 * to its limit on the US EPA's table, where "used and secondhand goods" take no hours and
 * no inputs; GLPK's first cutting-plane LP failed there. So the ray is looked for first,
 * with a cost of -1 on each fulfilment: cheap when the hours are limited (lp_ray). A ray
 * proves unboundedness only where some plan is feasible: the plan that makes nothing for
 * the targets always is, but for end stocks, so with them the solver decides. */
static int ray(kelley *k, const plenum_plan_opts *o, plenum_plan *plan, int *found,
               plenum_diag *d)
{
	if (k->m->end > 0)
		return PLENUM_OK;
	double *c = ut_calloc((size_t)k->p.n + 1, sizeof *c);
	if (!c)
		return PLENUM_ENOMEM;
	for (int64_t q = 0; q < k->m->ntarg; q++)
		c[k->L.cextra + q] = -1;
	int rc = pl_find_ray(k->m, &k->L, &k->p, c, o, plan, found, d);
	ut_free(c);
	return rc;
}

int pl_harmony(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
               plenum_diag *d)
{
	kelley k = {.m = m, .lower = -INFINITY, .upper = INFINITY};
	lp_result r = {0};
	int rc = pl_build(m, PL_HARMONY, pl_want_names(m, PL_HARMONY, o), &k.L, &k.p, d);
	if (rc)
		return rc;
	/* direct unless an exact solver is asked for: Kelley's cutting planes converge slowly
	 * (115 LPs and 31 s for 200 products where PDLP takes 0.03 s; docs/planner.md) */
	k.direct = !pl_exact_asked(o);
	k.cut = ut_mallocarray((size_t)m->ntarg, sizeof *k.cut);
	k.best = ut_mallocarray((size_t)k.p.n, sizeof *k.best);
	if (!k.cut || !k.best || ((!k.direct || o->mps_path) && initial_cuts(&k)))
		rc = PLENUM_ENOMEM;
	k.w = pl_weight(m); /* for GLPK and the MPS file; direct() drops the h columns' cost */
	for (int64_t q = 0; q < m->ntarg && !rc; q++)
		k.p.c[k.L.cextra + m->ntarg + q] = -k.w;
	int found = 0;
	if (!rc)
		rc = ray(&k, o, plan, &found, d);
	k.no_ray = found == 0 && m->end == 0; /* with end stocks ray() did not look */
	if (!rc && found == 1 && o->mps_path)
		rc = lp_write_mps(&k.p, o->mps_path, d);
	else if (!rc && found != 1)
		rc = k.direct ? direct(&k, o, plan, &r, d) : rounds(&k, o, plan, &r, d);
	if (!rc && found != 1)
		rc = finish(&k, o, plan, &r);
	if (rc == PLENUM_ENOMEM)
		ut_fail(d, rc, "out of memory solving for harmony");
	lp_problem_free(&k.p);
	lp_result_free(&r);
	ut_free(k.cut);
	ut_free(k.best);
	return rc;
}
