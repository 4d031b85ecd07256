/* --solver auto: the exact solver (Clp, which the suite's build has) alone for small plans,
 * PDLP first for middle-sized ones (and Clp for the whole plan again when an LP of PDLP's
 * stops at auto_iter_per_size iterations per row + column), PDLP alone above pdlp_above;
 * plenum_plan.unfinished counts the LPs stopped at a limit. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plenum/economy.h"
#include "plenum/engine.h"
#include "plenum/plan.h"
#include "plan/pl.h"
#include "test.h"

/* plenum gen --products n --inputs 6 --techniques 3 --capacities --seed 42 */
static plenum_economy *economy(int64_t n)
{
	plenum_gen_opts g = {.products = n, .inputs = 6, .seed = 42,
	                     .techniques_per_product = 3, .capacities = 1};
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	if (plenum_economy_generate(&g, &e, &d))
		fprintf(stderr, "gen failed: %s\n", d.message);
	return e;
}

/* the balanced plan of e with hours for a level below 1 (capacities, cap and hours bind) */
static plenum_plan *balanced(const plenum_economy *e, plenum_plan_opts *o)
{
	o->labour_hours = 0.75 * (double)plenum_economy_products(e);
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	if (plenum_plan_compute(e, o, &p, &d))
		fprintf(stderr, "plan failed: %s\n", d.message);
	return p;
}

/* The default sizes: 150 products (603 rows + columns) by Clp, 700 (2 803) by PDLP,
 * which agrees with the exact level within its tolerance (GLPK's and Clp's: the same). */
TEST(plan_auto_sizes)
{
	plenum_economy *small = economy(150), *mid = economy(700);
	CHECK(small && mid);
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	CHECK_EQ_INT(o.exact_up_to, 2500);
	CHECK_EQ_INT(o.pdlp_above, 20000);
	CHECK(o.auto_iter_per_size == 2);
	plenum_plan *a = balanced(small, &o), *b = balanced(mid, &o);
	o.solver = PLENUM_SOLVER_GLPK;
	plenum_plan *exact = balanced(mid, &o);
	o.solver = PLENUM_SOLVER_CLP;
	plenum_plan *clp = balanced(mid, &o);
	CHECK(a && b && exact && clp);
	CHECK_STR(a->solver, "clp");
	CHECK_STR(b->solver, "pdlp");
	CHECK_STR(exact->solver, "glpk");
	CHECK_STR(clp->solver, "clp");
	CHECK_NEAR(clp->objective_value, exact->objective_value, 1e-7 * exact->objective_value);
	plenum_plan_free(clp);
	CHECK_EQ_INT(b->status, PLENUM_PLAN_OPTIMAL);
	CHECK_EQ_INT(b->unfinished, 0);
	CHECK(b->objective_value > 0.005 && b->objective_value < 0.5);
	CHECK_NEAR(b->objective_value, exact->objective_value, 1e-5 * exact->objective_value);
	plenum_plan_free(a);
	plenum_plan_free(b);
	plenum_plan_free(exact);
	plenum_economy_free(small);
	plenum_economy_free(mid);
}

/* PDLP stopped at its budget: Clp solves the plan again, and it is Clp's plan to the last
 * digit, with Clp's iterations; the seconds count both attempts. */
TEST(plan_auto_exact_when_pdlp_stops)
{
	plenum_economy *e = economy(150);
	CHECK(e);
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.exact_up_to = 0;
	o.auto_iter_per_size = 0.01; /* 603 rows + columns: at least 64 iterations */
	plenum_plan *a = balanced(e, &o);
	o.solver = PLENUM_SOLVER_CLP;
	plenum_plan *g = balanced(e, &o);
	o.solver = PLENUM_SOLVER_PDLP;
	o.max_iter = 64;
	plenum_plan *p = balanced(e, &o);
	CHECK(a && g && p);
	CHECK_EQ_INT(p->status, PLENUM_PLAN_LIMIT);
	CHECK(p->unfinished >= 1);
	CHECK_STR(a->solver, "clp");
	CHECK_EQ_INT(a->status, PLENUM_PLAN_OPTIMAL);
	CHECK_EQ_INT(a->unfinished, 0);
	CHECK_EQ_INT(g->unfinished, 0);
	CHECK_EQ_INT(a->iterations, g->iterations);
	CHECK_EQ_INT(a->lp_solves, g->lp_solves);
	CHECK(a->objective_value == g->objective_value);
	int64_t nt = plenum_economy_techniques(e);
	CHECK(memcmp(a->activity, g->activity, (size_t)nt * sizeof *a->activity) == 0);
	CHECK(a->seconds > 0 && g->seconds > 0);
	plenum_plan_free(a);
	plenum_plan_free(g);
	plenum_plan_free(p);
	plenum_economy_free(e);
}

/* A finished PDLP plan is kept (not solved again), least-labour too; harmony above
 * exact_up_to is PDLP's alone (one convex program), and below it PDLP's plan is kept when
 * it finishes; a user's smaller --max-iter bounds the PDLP attempt as well. */
TEST(plan_auto_keeps_pdlp)
{
	plenum_economy *e = economy(150);
	CHECK(e);
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.exact_up_to = 0;
	o.auto_iter_per_size = 100; /* at this size PDLP needs more than the default's 1 206 */
	plenum_plan *b = balanced(e, &o);
	o.objective = PLENUM_OBJECTIVE_LEAST_LABOUR;
	o.caps = NULL;
	plenum_plan *ll = NULL;
	plenum_diag d = {0};
	o.labour_hours = NAN;
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &ll, &d), PLENUM_OK);
	o.objective = PLENUM_OBJECTIVE_HARMONY;
	o.auto_iter_per_size = 0.01;
	plenum_plan *h = balanced(e, &o);
	o.exact_up_to = 2500; /* the default: PDLP first, and it finishes */
	plenum_plan *h2 = balanced(e, &o);
	o.exact_up_to = 0;
	o.objective = PLENUM_OBJECTIVE_BALANCED;
	o.auto_iter_per_size = 100;
	o.max_iter = 64;
	plenum_plan *m = balanced(e, &o);
	CHECK(b && ll && h && h2 && m);
	CHECK_STR(h2->solver, "pdlp");
	CHECK_EQ_INT(h2->status, PLENUM_PLAN_OPTIMAL);
	CHECK_EQ_INT(h2->iterations, h->iterations);
	plenum_plan_free(h2);
	CHECK_STR(b->solver, "pdlp");
	CHECK_EQ_INT(b->status, PLENUM_PLAN_OPTIMAL);
	CHECK_STR(ll->solver, "pdlp");
	CHECK_STR(h->solver, "pdlp");
	CHECK_EQ_INT(h->status, PLENUM_PLAN_OPTIMAL);
	CHECK(h->iterations > 64);
	CHECK_STR(m->solver, "clp"); /* PDLP stopped at the user's 64 */
	plenum_plan_free(b);
	plenum_plan_free(ll);
	plenum_plan_free(h);
	plenum_plan_free(m);
	plenum_economy_free(e);
}

/* Harmony where only a CO2e cap limits production (plenum gen --products 20 --inputs 3
 * --techniques 3 --seed 5, no capacities, no hours, --cap co2e=39.7042): the optimum is a
 * plan of enormous activity (1.4 million hours for targets of a few dozen units), PDLP
 * stops at its limit (gap 7e-3 after 10^6 iterations), the cutting planes finish in 30
 * LPs. Under auto the plan is at most exact_up_to rows + columns, so PDLP runs first with
 * its 100 000 iterations and Clp's cutting planes solve it: their plan, with both
 * attempts' seconds. Above exact_up_to PDLP alone, its message naming the way out. When
 * both stop (--max-iter 5: Clp's first LP ends with no plan) PDLP's plan is kept. */
static plenum_plan *cap_only(const plenum_economy *e, plenum_solver s, int64_t exact_up_to,
                             int64_t max_iter)
{
	static const double cap[1] = {39.7042};
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.objective = PLENUM_OBJECTIVE_HARMONY;
	o.caps = cap;
	o.solver = s;
	o.exact_up_to = exact_up_to;
	o.max_iter = max_iter;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	if (plenum_plan_compute(e, &o, &p, &d))
		fprintf(stderr, "plan failed: %s\n", d.message);
	return p;
}

TEST(plan_auto_harmony_cutting_planes_when_pdlp_stops)
{
	plenum_gen_opts g = {.products = 20, .inputs = 3, .seed = 5, .techniques_per_product = 3};
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_economy_generate(&g, &e, &d), PLENUM_OK);
	plenum_plan *a = cap_only(e, PLENUM_SOLVER_AUTO, 2500, 0);
	plenum_plan *c = cap_only(e, PLENUM_SOLVER_CLP, 2500, 0);
	plenum_plan *p = cap_only(e, PLENUM_SOLVER_AUTO, 10, 20000);
	plenum_plan *both = cap_only(e, PLENUM_SOLVER_AUTO, 2500, 5);
	CHECK(a && c && p && both);
	CHECK_EQ_INT(c->status, PLENUM_PLAN_OPTIMAL);
	CHECK_EQ_INT(a->status, PLENUM_PLAN_OPTIMAL);
	CHECK_STR(a->solver, "clp");
	CHECK(a->harmony == c->harmony && a->harmony_bound == c->harmony_bound);
	CHECK_EQ_INT(a->lp_solves, c->lp_solves);
	CHECK(a->labour[0] > 1e6);
	CHECK_EQ_INT(p->status, PLENUM_PLAN_LIMIT);
	CHECK_STR(p->solver, "pdlp");
	CHECK(p->harmony < c->harmony);
	CHECK(strstr(p->message, "allow more --max-iter or loosen --tolerance, or use --solver "
	                         "clp (cutting planes)"));
	CHECK_EQ_INT(both->status, PLENUM_PLAN_LIMIT);
	CHECK_STR(both->solver, "pdlp");
	CHECK_EQ_INT(both->iterations, 5);
	CHECK(isfinite(both->harmony) && both->gap > 0);
	plenum_plan_free(a);
	plenum_plan_free(c);
	plenum_plan_free(p);
	plenum_plan_free(both);
	plenum_economy_free(e);
}

/* Capital stocks over several years: auto does not try PDLP first in the band (its second
 * stage did not finish on any such plan measured) and the plan is the exact solver's from
 * the start: the same iterations as Clp forced, nothing spent on PDLP. One year of the
 * same economy in the band still tries PDLP. */
TEST(plan_auto_stocks_go_exact)
{
	plenum_economy *e = economy(150);
	CHECK(e);
	int64_t np = plenum_economy_products(e);
	plenum_horizon h = {.ny = 3, .np = np, .nk = np};
	h.target = ut_calloc((size_t)(3 * np), sizeof *h.target);
	h.labour = ut_calloc(3, sizeof *h.labour);
	h.stock = ut_calloc((size_t)np, sizeof *h.stock);
	CHECK(h.target && h.labour && h.stock);
	const double *demand = plenum_economy_demand(e);
	for (int64_t y = 0; y < 3; y++) {
		h.labour[y] = 0.75 * (double)np * (1 + 0.02 * (double)y);
		for (int64_t i = 0; i < np; i++)
			h.target[y * np + i] = demand[i] * (1 + 0.03 * (double)y);
	}
	for (int64_t j = 0; j < np; j++) /* each product holds 0.5 units of the next a unit */
		h.stock[j] = (pl_stock){(int32_t)((j + 1) % np), (int32_t)j, 0.5, 0.1, 1e3};
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.exact_up_to = 0;
	o.horizon = &h;
	plenum_plan *a = NULL, *c = NULL, *one = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &a, &d), PLENUM_OK);
	o.solver = PLENUM_SOLVER_CLP;
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &c, &d), PLENUM_OK);
	o.solver = PLENUM_SOLVER_AUTO;
	o.horizon = NULL;
	o.labour_hours = h.labour[0];
	o.auto_iter_per_size = 100; /* as in plan_auto_keeps_pdlp: PDLP's budget to finish */
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &one, &d), PLENUM_OK);
	CHECK_EQ_INT(a->status, PLENUM_PLAN_OPTIMAL);
	CHECK_STR(a->solver, "clp");
	CHECK_EQ_INT(a->iterations, c->iterations);
	CHECK_EQ_INT(a->lp_solves, c->lp_solves);
	CHECK(a->objective_value == c->objective_value);
	CHECK_STR(one->solver, "pdlp");
	plenum_plan_free(a);
	plenum_plan_free(c);
	plenum_plan_free(one);
	ut_free(h.target);
	ut_free(h.labour);
	ut_free(h.stock);
	plenum_economy_free(e);
}
