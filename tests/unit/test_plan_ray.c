/* Unbounded plans named: a product that takes no hours, no inputs and nothing capped can be
 * made in any amount, so harmony (ln without end) has no maximum; the planner finds the
 * ray before solving (PDLP ran to its iteration limit on the US EPA's table, and GLPK's
 * first cutting-plane LP failed there) and names the technique and what it makes; but not
 * where no plan is feasible (end stocks out of reach). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "core/econ.h"
#include "plenum/plan.h"
#include "test.h"

/* corn from a farm (1 h and 0.2 corn per t) and air from a well that takes nothing (with
 * capacity well_cap); targets 10 corn and 5 air */
static plenum_economy *corn_and_air(double well_cap)
{
	ec_builder b;
	memset(&b, 0, sizeof b);
	int32_t c = (int32_t)ec_add_product(&b, "corn", "corn", "t", "");
	int32_t a = (int32_t)ec_add_product(&b, "air", "air", "m3", "");
	int64_t farm = ec_add_technique(&b, "farm", c, 1, 1, INFINITY);
	if (farm < 0 || ec_add_technique(&b, "well", a, 0, 1, well_cap) < 0 ||
	    ec_add_input(&b, farm, c, 0.2) || ec_add_demand(&b, c, 10) || ec_add_demand(&b, a, 5))
		return NULL;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	return ec_build_finish(&b, &e, &d) ? NULL : e;
}

static plenum_plan *plan_with(const plenum_economy *e, plenum_objective obj, double hours,
                              plenum_solver solver)
{
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.objective = obj;
	o.labour_hours = hours;
	o.solver = solver;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	if (plenum_plan_compute(e, &o, &p, &d))
		fprintf(stderr, "plan failed: %s\n", d.message);
	return p;
}

TEST(plan_harmony_free_product_named)
{
	plenum_economy *e = corn_and_air(INFINITY);
	CHECK(e);
	plenum_solver solvers[] = {PLENUM_SOLVER_AUTO, PLENUM_SOLVER_GLPK, PLENUM_SOLVER_PDLP};
	for (int s = 0; s < 3 && e; s++) {
		plenum_plan *p = plan_with(e, PLENUM_OBJECTIVE_HARMONY, 100, solvers[s]);
		CHECK(p && p->status == PLENUM_PLAN_UNBOUNDED);
		if (!p)
			continue;
		CHECK(strstr(p->message, "unbounded: harmony has no maximum: technique 'well' "
		                         "makes 'air' in any amount without hours") != NULL);
		CHECK(strstr(p->message, "give it labour, a capacity or a cap, or drop that "
		                         "target") != NULL);
		CHECK(p->iterations == 0 && p->lp_solves == 0); /* told before any solve */
		plenum_plan_free(p);
	}
	/* the balanced plan is bounded (corn takes hours) and makes 100 h of corn's worth */
	plenum_plan *p = e ? plan_with(e, PLENUM_OBJECTIVE_BALANCED, 100, PLENUM_SOLVER_GLPK) : NULL;
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL && fabs(p->level - 8) < 1e-9);
	plenum_plan_free(p);
	/* without hours it is not: both techniques run free, and the message says what to give */
	p = e ? plan_with(e, PLENUM_OBJECTIVE_BALANCED, NAN, PLENUM_SOLVER_GLPK) : NULL;
	CHECK(p && p->status == PLENUM_PLAN_UNBOUNDED);
	CHECK(p && strstr(p->message, "unbounded: nothing limits the plan: techniques 'farm', "
	                  "'well' make 'corn', 'air' in any amount; give labour hours") != NULL);
	plenum_plan_free(p);
	plenum_economy_free(e);
}

/* The columns that neither cost nor sit in a limited row (harmony's, one per target) do
 * not count: with the GLPK threshold at 3 the cone's LP (the well, air's fulfilment, air's
 * row) is still solved. Counting them (2 more) it was left to PDLP, which cannot prove it
 * and stopped at its limit; a 10^5-product plan without hours likewise. */
TEST(plan_harmony_ray_small_cone)
{
	plenum_economy *e = corn_and_air(INFINITY);
	CHECK(e);
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.objective = PLENUM_OBJECTIVE_HARMONY;
	o.labour_hours = 100;
	o.pdlp_above = 3;
	o.max_iter = 20000;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	CHECK(e && plenum_plan_compute(e, &o, &p, &d) == PLENUM_OK);
	CHECK(p && p->status == PLENUM_PLAN_UNBOUNDED && p->iterations == 0);
	CHECK(p && strstr(p->message, "technique 'well' makes 'air'") != NULL);
	plenum_plan_free(p);
	plenum_economy_free(e);
}

/* The same well with a capacity: harmony has its maximum, by either solver, with the air
 * made to the well's capacity (ln grows) and corn from every hour left */
TEST(plan_harmony_free_product_bounded)
{
	plenum_economy *e = corn_and_air(50);
	CHECK(e);
	for (int s = 0; s < 2 && e; s++) {
		plenum_plan *p = plan_with(e, PLENUM_OBJECTIVE_HARMONY, 100,
		                           s ? PLENUM_SOLVER_PDLP : PLENUM_SOLVER_GLPK);
		CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
		/* air 50 (ln 10), corn 80 (ln 8) */
		CHECK(p && fabs(p->harmony - (log(10) + log(8))) < 1e-5);
		plenum_plan_free(p);
	}
	plenum_economy_free(e);
}

/* corn2 (tests/data/plan/corn2) with air beside it, which takes nothing; two years */
static plenum_economy *corn2_and_air(plenum_horizon **h)
{
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/corn2-air", test_tmpdir());
	if (mkdir(dir, 0700) && errno != EEXIST)
		return NULL;
	if (test_put(dir, "flows.csv", "headings,corn,air\ncorn,20,0\nair,0,0\nlabour,50,0\n"
	                          "output,100,100\n") ||
	    test_put(dir, "cap.csv", "headings,corn,air\ncorn,100,0\nair,0,0\n") ||
	    test_put(dir, "dep.csv", "headings,corn,air\ncorn,0.1,0\nair,0,0\n") ||
	    test_put(dir, "labtarg.csv", "headings,corn,air,labour\nyear1,50,10,1000\n"
	                            "year2,50,10,1000\n"))
		return NULL;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	if (plenum_horizon_read(dir, &e, h, &d))
		fprintf(stderr, "horizon: %s\n", d.message);
	return e;
}

/* A ray proves harmony unbounded only where a plan is feasible: with end stocks that
 * cannot be reached the plan is infeasible, free air or not, by either solver; without
 * them air is named. */
TEST(plan_harmony_ray_needs_a_feasible_plan)
{
	plenum_horizon *h = NULL;
	plenum_economy *e = corn2_and_air(&h);
	CHECK(e && h);
	for (int k = 0; k < 4 && e; k++) {
		plenum_plan_opts o;
		plenum_plan_opts_init(&o);
		o.horizon = h;
		o.objective = PLENUM_OBJECTIVE_HARMONY;
		o.end_stocks = k < 2 ? 10 : 0;
		o.solver = k % 2 ? PLENUM_SOLVER_PDLP : PLENUM_SOLVER_GLPK;
		plenum_plan *p = NULL;
		plenum_diag d = {0};
		CHECK(plenum_plan_compute(e, &o, &p, &d) == PLENUM_OK);
		if (!p)
			continue;
		CHECK_EQ_INT(p->status, k < 2 ? PLENUM_PLAN_INFEASIBLE : PLENUM_PLAN_UNBOUNDED);
		CHECK(strstr(p->message, k < 2 ? "the end stocks asked for (10 times the first "
		                                 "year's) cannot be reached"
		                               : "technique 'air' makes 'air' in any amount") != NULL);
		plenum_plan_free(p);
	}
	plenum_horizon_free(h);
	plenum_economy_free(e);
}
