/* The planner: tiny plans with optima computed by hand (choice of technique, capacity, CO2
 * cap, labour values, balanced level, harmony against brute force, multi-year stocks),
 * infeasibility reports, the multi-year format, and PDLP against GLPK on random plans. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/econ.h"
#include "plan/pl.h"
#include "plenum/engine.h"
#include "plenum/plan.h"
#include "test.h"

/* cloth made by an old loom (3 h, 1 kg co2 per m) or a new one (2 h, 5 kg co2), demand 10.
 * new_cap: the new loom's capacity; co2_cap: the account's cap. */
static plenum_economy *cloth(double new_cap, double old_cap, double co2_cap)
{
	ec_builder b;
	memset(&b, 0, sizeof b);
	int32_t c = (int32_t)ec_add_product(&b, "cloth", "cloth", "m", "");
	int64_t a = ec_add_account(&b, "co2", "carbon dioxide", "kg", co2_cap);
	int64_t old = ec_add_technique(&b, "loom-old", c, 3, 1, old_cap);
	int64_t nw = ec_add_technique(&b, "loom-new", c, 2, 1, new_cap);
	if (ec_add_emission(&b, old, (int32_t)a, 1) || ec_add_emission(&b, nw, (int32_t)a, 5) ||
	    ec_add_demand(&b, c, 10))
		return NULL;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	return ec_build_finish(&b, &e, &d) ? NULL : e;
}

/* corn and iron, one technique each (the Leontief case): a_cc .2, a_ic .1, a_ci .3,
 * a_ii .2; labour 1 and 2 h per unit; demand 10 corn, 5 iron. */
static plenum_economy *leontief(void)
{
	ec_builder b;
	memset(&b, 0, sizeof b);
	int32_t c = (int32_t)ec_add_product(&b, "corn", "corn", "t", "");
	int32_t i = (int32_t)ec_add_product(&b, "iron", "iron", "t", "");
	int64_t tc = ec_add_technique(&b, "farm", c, 1, 1, INFINITY);
	int64_t ti = ec_add_technique(&b, "forge", i, 2, 1, INFINITY);
	if (ec_add_input(&b, tc, c, 0.2) || ec_add_input(&b, tc, i, 0.1) ||
	    ec_add_input(&b, ti, c, 0.3) || ec_add_input(&b, ti, i, 0.2) ||
	    ec_add_demand(&b, c, 10) || ec_add_demand(&b, i, 5))
		return NULL;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	return ec_build_finish(&b, &e, &d) ? NULL : e;
}

/* v = vA + l for the economy above, solved by hand: 0.8 v_c - 0.1 v_i = 1,
 * -0.3 v_c + 0.8 v_i = 2. */
static const double V_CORN = 1.0 / 0.61, V_IRON = 1.9 / 0.61;

static plenum_plan *plan_of(const plenum_economy *e, plenum_objective obj, double hours,
                            const double *caps)
{
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.objective = obj;
	o.labour_hours = hours;
	o.caps = caps;
	o.solver = PLENUM_SOLVER_GLPK;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	if (plenum_plan_compute(e, &o, &p, &d)) {
		fprintf(stderr, "plan failed: %s\n", d.message);
		return NULL;
	}
	return p;
}

/* plenum gen --products n --inputs k --techniques t --seed seed [--capacities] */
static plenum_economy *generated(int64_t n, int64_t k, int t, uint64_t seed, int capacities)
{
	plenum_gen_opts g = {.products = n, .inputs = k, .seed = seed,
	                     .techniques_per_product = t, .capacities = capacities};
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	if (plenum_economy_generate(&g, &e, &d))
		fprintf(stderr, "gen failed: %s\n", d.message);
	return e;
}

TEST(plan_cheaper_technique_chosen)
{
	plenum_economy *e = cloth(INFINITY, INFINITY, INFINITY);
	CHECK(e);
	plenum_plan *p = plan_of(e, PLENUM_OBJECTIVE_LEAST_LABOUR, NAN, NULL);
	CHECK(p);
	CHECK_EQ_INT(p->status, PLENUM_PLAN_OPTIMAL);
	CHECK_NEAR(p->activity[1], 10, 1e-9); /* loom-new */
	CHECK_NEAR(p->activity[0], 0, 1e-9);
	CHECK_NEAR(p->labour[0], 20, 1e-9);
	CHECK_NEAR(p->value[0], 2, 1e-9);
	CHECK_NEAR(p->emitted[0], 50, 1e-9);
	plenum_plan_free(p);
	plenum_economy_free(e);
}

TEST(plan_capacity_forces_second_technique)
{
	plenum_economy *e = cloth(6, INFINITY, INFINITY);
	CHECK(e);
	plenum_plan *p = plan_of(e, PLENUM_OBJECTIVE_LEAST_LABOUR, NAN, NULL);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
	CHECK_NEAR(p->activity[1], 6, 1e-9);
	CHECK_NEAR(p->activity[0], 4, 1e-9);
	CHECK_NEAR(p->labour[0], 24, 1e-9);
	CHECK_NEAR(p->value[0], 3, 1e-9); /* the marginal metre comes from the old loom */
	CHECK_EQ_INT(p->nbottlenecks, 1);
	CHECK_EQ_INT(p->bottlenecks[0].kind, PLENUM_LIMIT_CAPACITY);
	CHECK_STR(p->bottlenecks[0].what, "capacity of technique loom-new");
	CHECK_NEAR(p->bottlenecks[0].hours, 1, 1e-9); /* one more unit saves 3 - 2 hours */
	plenum_plan_free(p);
	plenum_economy_free(e);
}

TEST(plan_co2_cap_forces_cleaner_technique)
{
	plenum_economy *e = cloth(INFINITY, INFINITY, 100);
	CHECK(e);
	double caps[] = {30}; /* --cap co2=30 overrides the economy's 100 */
	plenum_plan *p = plan_of(e, PLENUM_OBJECTIVE_LEAST_LABOUR, NAN, caps);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
	/* min 3 o + 2 n: o + n = 10, o + 5 n <= 30 -> n = 5, o = 5 */
	CHECK_NEAR(p->activity[0], 5, 1e-9);
	CHECK_NEAR(p->activity[1], 5, 1e-9);
	CHECK_NEAR(p->labour[0], 25, 1e-9);
	CHECK_NEAR(p->emitted[0], 30, 1e-9);
	CHECK_NEAR(p->cap[0], 30, 0);
	CHECK_EQ_INT(p->nbottlenecks, 1);
	CHECK_STR(p->bottlenecks[0].what, "cap of account co2");
	CHECK_NEAR(p->bottlenecks[0].hours, 0.25, 1e-9);
	plenum_plan_free(p);
	plenum_economy_free(e);
}

TEST(plan_least_labour_duals_are_labour_values)
{
	plenum_economy *e = leontief();
	CHECK(e);
	plenum_plan *p = plan_of(e, PLENUM_OBJECTIVE_LEAST_LABOUR, NAN, NULL);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
	CHECK_NEAR(p->value[0], V_CORN, 1e-9);
	CHECK_NEAR(p->value[1], V_IRON, 1e-9);
	CHECK_NEAR(p->labour[0], 10 * V_CORN + 5 * V_IRON, 1e-9);
	CHECK_NEAR(p->net[0], 10, 1e-9);
	CHECK_NEAR(p->net[1], 5, 1e-9);
	plenum_plan_free(p);
	plenum_economy_free(e);
}

TEST(plan_balanced_level)
{
	plenum_economy *e = leontief();
	CHECK(e);
	/* labour = s v.d <= 16, so s = 16 / (v.d) */
	double vd = 10 * V_CORN + 5 * V_IRON;
	plenum_plan *p = plan_of(e, PLENUM_OBJECTIVE_BALANCED, 16, NULL);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
	CHECK_NEAR(p->level, 16 / vd, 1e-6);
	CHECK_NEAR(p->fulfilment[0], 16 / vd, 1e-5);
	CHECK_NEAR(p->fulfilment[1], 16 / vd, 1e-5);
	CHECK_NEAR(p->labour[0], 16, 1e-5);
	CHECK(p->nbottlenecks >= 1);
	CHECK_EQ_INT(p->bottlenecks[0].kind, PLENUM_LIMIT_LABOUR);
	CHECK_NEAR(p->bottlenecks[0].hours, 1, 1e-9);
	CHECK(p->bottlenecks[0].used == p->labour[0]); /* the plan's hours, not stage 1's */
	/* the shadow value of one more unit, in hours, is its labour value */
	CHECK_NEAR(p->value[0], V_CORN, 1e-6);
	plenum_plan_free(p);
	plenum_economy_free(e);
}

TEST(plan_balanced_workforce_week)
{
	plenum_economy *e = leontief();
	CHECK(e);
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.workforce = 2;
	o.weekly_hours = 0.25;
	o.solver = PLENUM_SOLVER_GLPK;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	CHECK(plenum_plan_compute(e, &o, &p, &d) == PLENUM_OK);
	CHECK_NEAR(p->labour_available[0], 2 * 0.25 * PLENUM_DEFAULT_WEEKS, 1e-12);
	CHECK_NEAR(p->level, 23 / (10 * V_CORN + 5 * V_IRON), 1e-6);
	CHECK_NEAR(p->weekly_hours[0], 0.25, 1e-6);
	plenum_plan_free(p);
	plenum_economy_free(e);
}

/* max H(10, n_c) + H(5, n_i) with V_CORN n_c + V_IRON n_i = h, by a fine search. */
static double brute_harmony(double h)
{
	double best = -INFINITY, lo = 0, hi = h / V_CORN;
	for (int pass = 0; pass < 4; pass++) {
		double step = (hi - lo) / 2000, arg = lo;
		for (int k = 0; k <= 2000; k++) {
			double nc = lo + k * step, ni = (h - V_CORN * nc) / V_IRON;
			double v = pl_harmony_value(10, nc) + pl_harmony_value(5, fmax(ni, 0));
			if (v > best)
				best = v, arg = nc;
		}
		lo = fmax(0, arg - step), hi = fmin(h / V_CORN, arg + step);
	}
	return best;
}

TEST(plan_harmony_certificate_and_brute_force)
{
	plenum_economy *e = leontief();
	CHECK(e);
	double hours[] = {20, 40, 90};
	for (int k = 0; k < 3; k++) {
		plenum_plan *p = plan_of(e, PLENUM_OBJECTIVE_HARMONY, hours[k], NULL);
		CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
		CHECK(p->gap <= 1e-6);
		CHECK(p->harmony_bound >= p->harmony - 1e-9);
		CHECK(p->harmony_bound - p->harmony <= 1e-6 * (1 + fabs(p->harmony)));
		CHECK_NEAR(p->harmony, brute_harmony(hours[k]), 1e-6);
		CHECK_NEAR(p->labour[0], hours[k], 1e-6);
		plenum_plan_free(p);
	}
	plenum_economy_free(e);
}

/* The proximal step of -H against its optimality condition, and the dual term against a
 * fine search. */
TEST(plan_harmony_prox_and_dual)
{
	const double ws[] = {-3, -0.5, 0, 0.3, 0.9, 1, 1.2, 4, 50};
	const double taus[] = {1e-3, 0.1, 0.5, 1, 7};
	for (int a = 0; a < 9; a++)
		for (int b = 0; b < 5; b++) {
			double w = ws[a], tau = taus[b], f = lp_harmony_prox(w, tau);
			double slope = f >= 1 ? 1 / f : 2 - f; /* H'(f) */
			CHECK(f >= 0);
			if (f > 0) /* to the rounding of (f - w) / tau */
				CHECK(fabs(-slope + (f - w) / tau) <= 1e-13 * (2 + fabs(w) / tau));
			else
				CHECK(-2 + (0 - w) / tau >= -1e-12); /* at the bound the slope points out */
		}
	const double rhos[] = {0.05, 0.5, 1, 1.5, 2, 3};
	for (int a = 0; a < 6; a++) {
		double best = INFINITY;
		for (int k = 0; k <= 400000; k++) {
			double f = k * 1e-4;
			best = fmin(best, -lp_harmony(f) + rhos[a] * f);
		}
		CHECK_NEAR(lp_harmony_dual(rhos[a]), best, 1e-7);
	}
	CHECK(lp_harmony_dual(0) == -INFINITY && lp_harmony_dual(-1) == -INFINITY);
	CHECK_NEAR(lp_harmony(0.5), pl_harmony_value(2, 1), 1e-15);
}

TEST(plan_harmony_function)
{
	CHECK_NEAR(pl_harmony_value(10, 10), 0, 0);
	CHECK_NEAR(pl_harmony_value(10, 20), log(2), 1e-15);
	CHECK_NEAR(pl_harmony_value(10, 5), -0.5 - 0.125, 1e-15);
	CHECK_NEAR(pl_harmony_slope(10, 10), 0.1, 1e-15);
	CHECK_NEAR(pl_harmony_slope(10, 0), 0.2, 1e-15);
}

TEST(plan_infeasible_cap_named)
{
	plenum_economy *e = cloth(INFINITY, INFINITY, 5); /* at least 10 kg co2 needed */
	CHECK(e);
	plenum_plan *p = plan_of(e, PLENUM_OBJECTIVE_LEAST_LABOUR, NAN, NULL);
	CHECK(p);
	CHECK_EQ_INT(p->status, PLENUM_PLAN_INFEASIBLE);
	CHECK(strstr(p->message, "binding: cap of account co2") != NULL);
	CHECK(strstr(p->message, "cloth 5 m short") != NULL);
	CHECK_NEAR(p->shortfall[0], 5, 1e-9);
	CHECK_NEAR(p->net[0], 5, 1e-9);
	plenum_plan_free(p);
	/* the balanced plan meets half of the target and names the same cap */
	p = plan_of(e, PLENUM_OBJECTIVE_BALANCED, NAN, NULL);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
	CHECK_NEAR(p->level, 0.5, 1e-9);
	CHECK(p->nbottlenecks == 1 && p->bottlenecks[0].kind == PLENUM_LIMIT_CAP);
	plenum_plan_free(p);
	plenum_economy_free(e);
}

TEST(plan_infeasible_capacities_named)
{
	plenum_economy *e = cloth(6, 2, INFINITY);
	CHECK(e);
	plenum_plan *p = plan_of(e, PLENUM_OBJECTIVE_LEAST_LABOUR, NAN, NULL);
	CHECK(p && p->status == PLENUM_PLAN_INFEASIBLE);
	CHECK(strstr(p->message, "capacity of technique loom-new") != NULL);
	CHECK(strstr(p->message, "capacity of technique loom-old") != NULL);
	CHECK_NEAR(p->shortfall[0], 2, 1e-9);
	plenum_plan_free(p);
	/* a cap of zero leaves nothing: the balanced plan reports it, not a silent zero plan */
	double zero[] = {0};
	plenum_economy *f = cloth(INFINITY, INFINITY, INFINITY);
	CHECK(f);
	p = plan_of(f, PLENUM_OBJECTIVE_BALANCED, 100, zero);
	CHECK(p && p->status == PLENUM_PLAN_INFEASIBLE);
	CHECK(strstr(p->message, "cap of account co2") != NULL);
	plenum_plan_free(p);
	plenum_economy_free(f);
	plenum_economy_free(e);
}

/* A cap of 0 on a generated economy where every product needs an emitting technique:
 * least-labour is infeasible with every target 100 % short, by either solver. PDLP's
 * primal weight ran off to 1e152 on this LP and it ended "numerical" until the current and
 * average duals were tried as Farkas certificates; and the message named only the first
 * target, the others being tied at exactly 100 %. */
TEST(plan_infeasible_all_short)
{
	plenum_economy *e = generated(20, 3, 2, 444189, 0);
	plenum_diag d = {0};
	CHECK(e);
	const plenum_solver solvers[] = {PLENUM_SOLVER_GLPK, PLENUM_SOLVER_PDLP};
	double zero[] = {0};
	for (int k = 0; k < 2; k++) {
		plenum_plan_opts o;
		plenum_plan_opts_init(&o);
		o.objective = PLENUM_OBJECTIVE_LEAST_LABOUR;
		o.labour_hours = 200;
		o.caps = zero;
		o.solver = solvers[k];
		plenum_plan *p = NULL;
		CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_OK);
		CHECK_EQ_INT(p->status, PLENUM_PLAN_INFEASIBLE);
		CHECK(strstr(p->message, "; p0000000 94.621 kWh short (100%), p0000001 60.266 t "
		                         "short (100%), p0000002 44.166 t short (100%), p0000003 "
		                         "72.175 l short (100%), p0000004 71.427 kg short (100%) "
		                         "and 15 more; binding: cap of account co2e (limit 0);"));
		for (int64_t i = 0; i < 20; i++)
			CHECK(fabs(p->shortfall[i] - e->demand[i]) <= 1e-6 * e->demand[i]);
		plenum_plan_free(p);
	}
	plenum_economy_free(e);
}

/* A plan with a CO2 cap and no hours whose clean techniques can make everything:
 * unbounded (GLPK says so). PDLP's primal weight collapses (to 1e-54) and the ray test
 * stalls at 1e-5 of the fall, so it ran to its limit; the plan running off (past 1e30 in
 * the scaled problem, with the objective falling) now ends it as unbounded, within 3 000
 * iterations. */
TEST(plan_pdlp_runs_off_unbounded)
{
	plenum_economy *e = generated(8, 6, 3, 197195, 0);
	plenum_diag d = {0};
	CHECK(e);
	const plenum_solver solvers[] = {PLENUM_SOLVER_GLPK, PLENUM_SOLVER_PDLP};
	for (int k = 0; k < 2; k++) {
		plenum_plan_opts o;
		plenum_plan_opts_init(&o);
		o.solver = solvers[k];
		o.max_iter = 20000;
		plenum_plan *p = NULL;
		CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_OK);
		CHECK_EQ_INT(p->status, PLENUM_PLAN_UNBOUNDED);
		CHECK(strstr(p->message, "give labour hours") != NULL);
		plenum_plan_free(p);
	}
	plenum_economy_free(e);
}

TEST(plan_unbounded_and_empty)
{
	plenum_economy *e = leontief();
	CHECK(e);
	plenum_plan *p = plan_of(e, PLENUM_OBJECTIVE_BALANCED, NAN, NULL);
	CHECK(p && p->status == PLENUM_PLAN_UNBOUNDED);
	CHECK(strstr(p->message, "unbounded") != NULL);
	plenum_plan_free(p);
	double zero[] = {0, 0};
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.targets = zero;
	plenum_diag d = {0};
	CHECK(plenum_plan_compute(e, &o, &p, &d) == PLENUM_EINVAL && p == NULL);
	CHECK(strstr(d.message, "nothing to plan") != NULL);
	o.targets = NULL;
	o.labour_hours = -1;
	CHECK(plenum_plan_compute(e, &o, &p, &d) == PLENUM_EINVAL);
	plenum_economy_free(e);
}

static plenum_economy *read_horizon(const char *dir, plenum_horizon **h, plenum_diag *d)
{
	plenum_economy *e = NULL;
	if (plenum_horizon_read(test_data(dir), &e, h, d))
		return NULL;
	return e;
}

TEST(plan_multiyear_stock_by_hand)
{
	/* one product: 0.2 corn per corn, stock 1 per unit, 10% wear. s = (80 - i)/50 in year 1
	 * and (72 + 0.8 i)/50 in year 2: equal at i = 8/1.8 */
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	plenum_economy *e = read_horizon("plan/corn2", &h, &d);
	if (!e)
		fprintf(stderr, "%s\n", d.message);
	CHECK(e && h);
	CHECK_EQ_INT(plenum_horizon_years(h), 2);
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.horizon = h;
	o.solver = PLENUM_SOLVER_GLPK;
	plenum_plan *p = NULL;
	CHECK(plenum_plan_compute(e, &o, &p, &d) == PLENUM_OK);
	CHECK_EQ_INT(p->status, PLENUM_PLAN_OPTIMAL);
	double i = 8 / 1.8;
	CHECK_NEAR(p->level, (80 - i) / 50, 1e-6);
	CHECK_NEAR(p->invest[0], i, 1e-4);
	CHECK_NEAR(p->activity[0], 100, 1e-5);
	CHECK_NEAR(p->activity[1], 90 + i, 1e-5);
	CHECK(p->nbottlenecks >= 2);
	CHECK_EQ_INT(p->bottlenecks[0].kind, PLENUM_LIMIT_STOCK);
	/* each bottleneck's "used" is the plan's own (the second stage moves the plan within the
	 * limits the first found binding; "used" kept the first stage's) */
	for (int64_t b = 0; b < p->nbottlenecks; b++) {
		const plenum_bottleneck *k = &p->bottlenecks[b];
		if (k->kind == PLENUM_LIMIT_LABOUR)
			CHECK(k->used == p->labour[k->year]);
		if (k->kind == PLENUM_LIMIT_STOCK)
			CHECK(k->used == p->stock_needed[k->year * p->stocks]);
	}
	plenum_plan_free(p);
	plenum_horizon_free(h);
	plenum_economy_free(e);
}

/* The first bottleneck of a kind in p, or NULL. */
static const plenum_bottleneck *limit_of(const plenum_plan *p, plenum_limit kind)
{
	for (int64_t b = 0; b < p->nbottlenecks; b++)
		if (p->bottlenecks[b].kind == kind)
			return &p->bottlenecks[b];
	return NULL;
}

/* End stocks (corn2 as above, floor F = 1: the stock after year 2, 0.9 S_2 + inv_2, at
 * least the first year's 100). inv_2 = 19 - 0.9 i, year 2 nets 53 + 1.7 i, year 1 80 - i:
 * i = 10, s = 1.4, inv_2 = 10; the floor binds, and lowering it by one raises s by
 * 1 / 135. Both solvers. */
TEST(plan_end_stocks_by_hand)
{
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	plenum_economy *e = read_horizon("plan/corn2", &h, &d);
	CHECK(e && h);
	for (int k = 0; k < 2; k++) {
		plenum_plan_opts o;
		plenum_plan_opts_init(&o);
		o.horizon = h;
		o.end_stocks = 1;
		o.tolerance = 1e-8;
		o.solver = k ? PLENUM_SOLVER_PDLP : PLENUM_SOLVER_GLPK;
		plenum_plan *p = NULL;
		CHECK(plenum_plan_compute(e, &o, &p, &d) == PLENUM_OK);
		CHECK_EQ_INT(p->status, PLENUM_PLAN_OPTIMAL);
		CHECK_NEAR(p->level, 1.4, 1e-6);
		CHECK_NEAR(p->invest[0], 10, 1e-4);
		CHECK_NEAR(p->invest[1], 10, 1e-4);
		/* the stocks: 100 at the start, 90 + 10 in year 2 (all of it needed), and the
		 * floor's 100 handed on */
		CHECK_EQ_INT(p->stocks, 1);
		CHECK(p->stock_input[0] == 0 && p->stock_user[0] == 0);
		CHECK_NEAR(p->stock_level[0], 100, 1e-9);
		CHECK_NEAR(p->stock_level[1], 100, 1e-4);
		CHECK_NEAR(p->stock_needed[1], 100, 1e-4);
		CHECK_NEAR(p->stock_invested[1], 10, 1e-4);
		CHECK_NEAR(p->stock_level[2], 100, 1e-4);
		const plenum_bottleneck *x = limit_of(p, PLENUM_LIMIT_END_STOCK); /* one stock */
		CHECK(x != NULL);
		CHECK_EQ_INT(x->year, 1);
		CHECK_NEAR(x->limit, 100, 1e-9);
		CHECK_NEAR(x->used, 100, 1e-4);
		CHECK_NEAR(x->shadow, 1.0 / 135, 1e-5);
		CHECK(strcmp(x->what, "end stock of corn for corn after the last year") == 0);
		CHECK(strcmp(plenum_limit_name(PLENUM_LIMIT_END_STOCK), "end-stock") == 0);
		plenum_plan_free(p);
	}
	plenum_horizon_free(h);
	plenum_economy_free(e);
}

/* End stocks out of reach (ten times the first year's, with 1000 hours and the stock
 * limiting output) make every objective infeasible with a message that names them, never
 * a silent status; a negative multiple, or end stocks without stocks, are refused. */
TEST(plan_end_stocks_unreachable_and_refused)
{
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	plenum_economy *e = read_horizon("plan/corn2", &h, &d);
	CHECK(e && h);
	plenum_objective objs[] = {PLENUM_OBJECTIVE_BALANCED, PLENUM_OBJECTIVE_HARMONY,
	                           PLENUM_OBJECTIVE_LEAST_LABOUR};
	plenum_plan_opts o;
	for (int k = 0; k < 6; k++) {
		plenum_plan_opts_init(&o);
		o.horizon = h;
		o.end_stocks = 10;
		o.objective = objs[k % 3];
		o.solver = k < 3 ? PLENUM_SOLVER_GLPK : PLENUM_SOLVER_PDLP;
		plenum_plan *p = NULL;
		CHECK(plenum_plan_compute(e, &o, &p, &d) == PLENUM_OK);
		CHECK_EQ_INT(p->status, PLENUM_PLAN_INFEASIBLE);
		CHECK(strstr(p->message, "the end stocks asked for (10 times the first year's) "
		                         "cannot be reached") != NULL);
		plenum_plan_free(p);
	}
	plenum_plan_opts_init(&o);
	o.horizon = h;
	o.end_stocks = -1;
	plenum_plan *p = NULL;
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_EINVAL);
	CHECK(p == NULL && strstr(d.message, "end stocks -1") != NULL);
	o.end_stocks = INFINITY;
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_EINVAL);
	o.horizon = NULL;
	o.end_stocks = 1;
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "no capital stocks") != NULL && p == NULL);
	plenum_horizon_free(h);
	plenum_economy_free(e);
}

/* cloth over two years (copies of one: demand 10, the new loom's capacity 6, co2 cap 40 a
 * year) with a co2 budget B over both. Least-labour, B = 60: o_y + 5 n_y summed is
 * 20 + 4 (n_1 + n_2) <= 60, so the new looms make 10 m in all (not 12), 50 h instead of
 * 48; one kg more lets a quarter metre move to the new loom: the budget's shadow and each
 * metre's value rise by 0.25 h (3.25). Balanced with 40 h a year and B = 30: o + 5 n <= 15
 * and 3 o + 2 n <= 40 each year give s = 175 / 130, and the budget is worth 0.25 h a kg
 * against an hour in both years. Both solvers; harmony by both methods agrees. */
static plenum_plan *cloth_budget(const plenum_economy *e, plenum_objective obj, double hours,
                                 double budget, plenum_solver s)
{
	/* harmony's cutting planes stop at about 1e-8 on this plan (500 LPs) */
	double tol = obj == PLENUM_OBJECTIVE_HARMONY ? 1e-6 : 1e-8;
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.objective = obj;
	o.labour_hours = hours;
	o.years = 2;
	o.budgets = &budget;
	o.tolerance = tol;
	o.solver = s;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	if (plenum_plan_compute(e, &o, &p, &d))
		fprintf(stderr, "plan failed: %s\n", d.message);
	return p;
}

TEST(plan_budget_by_hand)
{
	plenum_economy *e = cloth(6, INFINITY, 40);
	CHECK(e);
	for (int k = 0; k < 2; k++) {
		plenum_solver s = k ? PLENUM_SOLVER_PDLP : PLENUM_SOLVER_GLPK;
		plenum_plan *p = cloth_budget(e, PLENUM_OBJECTIVE_LEAST_LABOUR, NAN, 60, s);
		CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
		CHECK_NEAR(p->labour[0] + p->labour[1], 50, 1e-5);
		CHECK_NEAR(p->activity[1] + p->activity[3], 10, 1e-5); /* the new looms */
		CHECK_NEAR(p->emitted[0] + p->emitted[1], 60, 1e-5);
		CHECK(p->emitted[0] <= 40 + 1e-6 && p->emitted[1] <= 40 + 1e-6);
		CHECK_NEAR(p->value[0], 3.25, 1e-5);
		CHECK_NEAR(p->value[1], 3.25, 1e-5);
		CHECK_NEAR(p->budget[0], 60, 0);
		const plenum_bottleneck *b = limit_of(p, PLENUM_LIMIT_BUDGET);
		CHECK(b && b->year == -1 && b->index == 0);
		CHECK_NEAR(b->limit, 60, 0);
		CHECK_NEAR(b->used, 60, 1e-5);
		CHECK_NEAR(b->shadow, 0.25, 1e-5);
		CHECK_NEAR(b->hours, 0.25, 1e-5);
		CHECK_STR(b->what, "budget of account co2 over the 2 years");
		plenum_plan_free(p);

		p = cloth_budget(e, PLENUM_OBJECTIVE_BALANCED, 40, 30, s);
		CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
		CHECK_NEAR(p->level, 175.0 / 130, 1e-6);
		b = limit_of(p, PLENUM_LIMIT_BUDGET);
		CHECK(b != NULL);
		CHECK_NEAR(b->hours, 0.25, 1e-4);
		CHECK(limit_of(p, PLENUM_LIMIT_CAP) == NULL); /* 15 kg a year, under 40 */
		plenum_plan_free(p);
	}
	/* harmony: the same budget binds, and both methods (cutting planes, the convex program)
	 * find the same harmony, each certified by the other's bound */
	plenum_plan *h[2];
	for (int k = 0; k < 2; k++) {
		h[k] = cloth_budget(e, PLENUM_OBJECTIVE_HARMONY, 40, 30,
		                    k ? PLENUM_SOLVER_PDLP : PLENUM_SOLVER_GLPK);
		CHECK(h[k] && h[k]->status == PLENUM_PLAN_OPTIMAL);
		CHECK(limit_of(h[k], PLENUM_LIMIT_BUDGET) != NULL);
		CHECK(h[k]->emitted[0] + h[k]->emitted[1] <= 30 + 1e-5);
	}
	CHECK_NEAR(h[0]->harmony, h[1]->harmony, 1e-5);
	CHECK(h[0]->harmony_bound >= h[1]->harmony - 1e-5);
	CHECK(h[1]->harmony_bound >= h[0]->harmony - 1e-5);
	plenum_plan_free(h[0]);
	plenum_plan_free(h[1]);
	CHECK_STR(plenum_limit_name(PLENUM_LIMIT_BUDGET), "budget");
	plenum_economy_free(e);
}

/* A budget below what the targets need (10 kg a year at least, 15 over two) makes
 * least-labour infeasible with the budget named; a negative budget is refused; NAN and
 * INFINITY set none (the plan of 48 h, with no budget row or bottleneck). */
TEST(plan_budget_infeasible_refused_and_none)
{
	plenum_economy *e = cloth(6, INFINITY, 40);
	CHECK(e);
	for (int k = 0; k < 2; k++) {
		plenum_solver s = k ? PLENUM_SOLVER_PDLP : PLENUM_SOLVER_GLPK;
		plenum_plan *p = cloth_budget(e, PLENUM_OBJECTIVE_LEAST_LABOUR, NAN, 15, s);
		CHECK(p && p->status == PLENUM_PLAN_INFEASIBLE);
		CHECK(strstr(p->message, "binding: budget of account co2 over the 2 years (limit "
		                         "15)") != NULL);
		CHECK_NEAR(p->shortfall[0] + p->shortfall[1], 5, 1e-4);
		plenum_plan_free(p);
	}
	double none[] = {NAN, INFINITY};
	for (int k = 0; k < 2; k++) {
		plenum_plan *p = cloth_budget(e, PLENUM_OBJECTIVE_LEAST_LABOUR, NAN, none[k],
		                              PLENUM_SOLVER_GLPK);
		CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
		CHECK_NEAR(p->labour[0] + p->labour[1], 48, 1e-6);
		CHECK(isinf(p->budget[0]) && limit_of(p, PLENUM_LIMIT_BUDGET) == NULL);
		plenum_plan_free(p);
	}
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	double bad = -1;
	o.budgets = &bad;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_EINVAL);
	CHECK(p == NULL);
	CHECK_STR(d.message, "budget -1 of account 'co2' is negative: give a budget >= 0");
	plenum_economy_free(e);
}

/* Recomputes the stocks from the investment and checks k x <= S every year. */
TEST(plan_multiyear_example_consistent)
{
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	plenum_economy *e = read_horizon("plan/harmony3", &h, &d);
	if (!e)
		fprintf(stderr, "%s\n", d.message);
	CHECK(e && h);
	CHECK_EQ_INT(plenum_horizon_years(h), 3);
	CHECK_NEAR(plenum_horizon_labour(h, 2), 330, 0);
	plenum_objective objs[] = {PLENUM_OBJECTIVE_BALANCED, PLENUM_OBJECTIVE_HARMONY,
	                           PLENUM_OBJECTIVE_LEAST_LABOUR};
	for (int k = 0; k < 3; k++) {
		plenum_plan_opts o;
		plenum_plan_opts_init(&o);
		o.horizon = h;
		o.objective = objs[k];
		o.solver = PLENUM_SOLVER_GLPK;
		plenum_plan *p = NULL;
		CHECK(plenum_plan_compute(e, &o, &p, &d) == PLENUM_OK);
		CHECK_EQ_INT(p->status, PLENUM_PLAN_OPTIMAL);
		for (int64_t y = 0; y < 3; y++)
			CHECK(p->labour[y] <= plenum_horizon_labour(h, y) * (1 + 1e-9));
		for (int64_t s = 0; s < h->nk; s++) {
			const pl_stock *st = &h->stock[s];
			double stock = st->s0;
			for (int64_t y = 0; y < 3; y++) {
				double x = p->activity[y * p->techniques + st->j];
				CHECK(st->k * x <= stock * (1 + 1e-7) + 1e-7);
				/* each product's investment is shared among its users: bound it */
				stock = (1 - st->dep) * stock + (y < 2 ? p->invest[y * p->products + st->i] : 0);
			}
		}
		plenum_plan_free(p);
	}
	plenum_horizon_free(h);
	plenum_economy_free(e);
}

TEST(plan_multiyear_heading_mismatch)
{
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	plenum_economy *e = read_horizon("plan/bad-headings", &h, &d);
	CHECK(!e && !h);
	CHECK(strstr(d.message, "cap.csv:1:") != NULL);
	CHECK(strstr(d.message, "heading 'iron' where flows.csv has 'coal'") != NULL);
	e = read_horizon("plan/bad-labtarg", &h, &d);
	CHECK(!e && !h);
	CHECK(strstr(d.message, "labtarg.csv:1:") != NULL);
	CHECK(strstr(d.message, "'labour'") != NULL);
	CHECK(plenum_horizon_detect(test_data("plan/harmony3")));
	CHECK(!plenum_horizon_detect(test_data("plan/cloth")));
	/* a directory name too long for its files' paths: an error, not a crash (the reader
	 * closed a file it never opened) */
	char dir[4400];
	memset(dir, 'a', sizeof dir - 1);
	dir[sizeof dir - 1] = 0;
	plenum_economy *long_e = NULL;
	CHECK_EQ_INT(plenum_horizon_read(dir, &long_e, &h, &d), PLENUM_EINVAL);
	CHECK(!long_e && !h);
}

TEST(plan_mps_written)
{
	plenum_economy *e = cloth(6, INFINITY, INFINITY);
	CHECK(e);
	char path[4200];
	snprintf(path, sizeof path, "%s/plan.mps", test_tmpdir());
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.objective = PLENUM_OBJECTIVE_LEAST_LABOUR;
	o.mps_path = path;
	o.solver = PLENUM_SOLVER_GLPK;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	CHECK(plenum_plan_compute(e, &o, &p, &d) == PLENUM_OK);
	lp_problem q;
	CHECK(lp_read_mps(path, &q, &d) == PLENUM_OK);
	lp_result r = {0};
	lp_opts lo;
	lp_opts_init(&lo);
	lo.backend = LP_GLPK;
	CHECK(lp_solve(&q, &lo, &r, &d) == PLENUM_OK);
	CHECK_NEAR(r.objective, p->labour[0], 1e-9);
	lp_result_free(&r);
	lp_problem_free(&q);
	plenum_plan_free(p);
	plenum_economy_free(e);
}

/* ---- random plans: PDLP against GLPK ---- */

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static double unif(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

/* np products, each made by 1-3 techniques with sparse inputs (productive: column sums of
 * inputs below 0.6), capacities on some, a co2 account with a cap; degenerate ones repeat
 * techniques exactly. */
static plenum_economy *random_economy(uint64_t seed, int np, int degenerate)
{
	uint64_t s = seed * 2654435761u + 1;
	ec_builder b;
	memset(&b, 0, sizeof b);
	char key[32];
	for (int i = 0; i < np; i++) {
		snprintf(key, sizeof key, "p%d", i);
		ec_add_product(&b, key, key, "u", "");
	}
	int64_t a = ec_add_account(&b, "co2", "co2", "kg", INFINITY);
	double co2 = 0;
	for (int i = 0; i < np; i++) {
		int nt = 1 + (int)(rng_next(&s) % 3);
		for (int k = 0; k < nt; k++) {
			snprintf(key, sizeof key, "t%d_%d", i, k);
			double lab = degenerate && k ? 1 : 0.2 + unif(&s);
			double cap = k && unif(&s) < 0.5 ? 5 + 20 * unif(&s) : INFINITY;
			int64_t t = ec_add_technique(&b, key, i, lab, 1, cap);
			for (int j = 0; j < np; j++)
				if (j != i && unif(&s) < 3.0 / np)
					ec_add_input(&b, t, j, degenerate ? 0.1 : 0.5 * unif(&s) / 3);
			double em = degenerate ? 1 : 2 * unif(&s);
			co2 += em;
			ec_add_emission(&b, t, (int32_t)a, em);
		}
		ec_add_demand(&b, i, 1 + 9 * unif(&s));
	}
	b.acap[a] = co2 * 3;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	return ec_build_finish(&b, &e, &d) ? NULL : e;
}

/* A random horizon over e: years, targets growing a little, stocks for a few pairs. */
static plenum_horizon *random_horizon(uint64_t seed, const plenum_economy *e, int years,
                                      double hours)
{
	uint64_t s = seed * 97 + 5;
	int64_t np = e->np;
	plenum_horizon *h = ut_calloc(1, sizeof *h);
	h->ny = years;
	h->np = np;
	h->target = ut_calloc((size_t)(years * np), sizeof(double));
	h->labour = ut_calloc((size_t)years, sizeof(double));
	h->stock = ut_calloc((size_t)(2 * np), sizeof(pl_stock));
	for (int y = 0; y < years; y++) {
		h->labour[y] = hours * (1 + 0.5 * y);
		for (int64_t i = 0; i < np; i++)
			h->target[y * np + i] = e->demand[i] * (1 + 0.1 * y);
	}
	for (int64_t j = 0; j < np; j++)
		if (unif(&s) < 0.7)
			h->stock[h->nk++] = (pl_stock){(int32_t)(rng_next(&s) % (uint64_t)np),
			                               (int32_t)j, 0.5 + unif(&s), 0.1, 10 + 10 * unif(&s)};
	return h;
}

static double solve_with(const plenum_economy *e, plenum_plan_opts o, plenum_solver s,
                         plenum_plan_status *st)
{
	o.solver = s;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	if (plenum_plan_compute(e, &o, &p, &d)) {
		fprintf(stderr, "%s\n", d.message);
		*st = PLENUM_PLAN_NUMERICAL;
		return NAN;
	}
	*st = p->status;
	double v = p->status == PLENUM_PLAN_OPTIMAL ? p->objective_value : NAN;
	plenum_plan_free(p);
	return v;
}

static int agree(const plenum_economy *e, const plenum_plan_opts *o, uint64_t seed)
{
	plenum_plan_status sg, sp;
	double g = solve_with(e, *o, PLENUM_SOLVER_GLPK, &sg);
	double q = solve_with(e, *o, PLENUM_SOLVER_PDLP, &sp);
	if (sg != sp || (sg == PLENUM_PLAN_OPTIMAL && !(fabs(g - q) <= 1e-4 * (1 + fabs(g))))) {
		fprintf(stderr, "seed %llu objective %s: glpk %s %.10g, pdlp %s %.10g\n",
		        (unsigned long long)seed, plenum_objective_name(o->objective),
		        plenum_plan_status_name(sg), g, plenum_plan_status_name(sp), q);
		return 0;
	}
	return 1;
}

/* Shape `seed` of the agreement tests: 3 to 19 products, degenerate techniques in every
 * fourth, three years with stocks in every third (their hours growing from `hours`), else
 * one year with `hours`; *o is initialised for it. */
static plenum_economy *random_case(uint64_t seed, double hours, plenum_horizon **h,
                                   plenum_plan_opts *o)
{
	int np = 3 + (int)(seed % 5) * 4;
	plenum_economy *e = random_economy(seed, np, seed % 4 == 0);
	*h = e && seed % 3 == 0 ? random_horizon(seed, e, 3, hours) : NULL;
	plenum_plan_opts_init(o);
	o->horizon = *h;
	o->labour_hours = *h ? NAN : hours;
	return e;
}

TEST(plan_pdlp_agrees_with_glpk)
{
	for (uint64_t seed = 1; seed <= 24; seed++) {
		/* least-labour gets hours enough to be feasible; balanced is limited by them */
		int least = seed % 2 == 0;
		plenum_horizon *h;
		plenum_plan_opts o;
		plenum_economy *e = random_case(seed, least ? 1e4 : 10 + (double)seed, &h, &o);
		CHECK(e);
		o.tolerance = 1e-7;
		o.objective = least ? PLENUM_OBJECTIVE_LEAST_LABOUR : PLENUM_OBJECTIVE_BALANCED;
		o.end_stocks = h && seed % 4 ? 1 : 0; /* the last year invests too */
		int ok = agree(e, &o, seed);
		plenum_horizon_free(h);
		plenum_economy_free(e);
		CHECK(ok);
	}
}

/* Budgets over three years with stocks (the multi-year shapes above), balanced and
 * least-labour: the budget is 80 % (least-labour 95 %) of what GLPK's plan without one
 * emits, so that it binds; PDLP agrees with GLPK, and GLPK's plan keeps to the budget (it
 * binds in 9 of the 10 cases that have a plan). Least-labour only where its targets can be
 * met without a budget (the caps make some of these shapes infeasible). */
static int budget_case(const plenum_economy *e, plenum_plan_opts o, uint64_t seed,
                       int *binding)
{
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	o.solver = PLENUM_SOLVER_GLPK;
	if (plenum_plan_compute(e, &o, &p, &d))
		return 0;
	double budget = 0, share = o.objective == PLENUM_OBJECTIVE_LEAST_LABOUR ? 0.95 : 0.8;
	for (int64_t y = 0; y < p->years; y++)
		budget += share * p->emitted[y];
	int optimal = p->status == PLENUM_PLAN_OPTIMAL;
	plenum_plan_free(p);
	if (!optimal)
		return o.objective == PLENUM_OBJECTIVE_LEAST_LABOUR;
	o.budgets = &budget;
	int ok = agree(e, &o, seed);
	if (plenum_plan_compute(e, &o, &p, &d))
		return 0;
	if (p->status == PLENUM_PLAN_OPTIMAL) {
		double used = 0;
		for (int64_t y = 0; y < p->years; y++)
			used += p->emitted[y];
		ok = ok && used <= budget * (1 + 1e-7);
		*binding += limit_of(p, PLENUM_LIMIT_BUDGET) != NULL;
	}
	plenum_plan_free(p);
	return ok;
}

TEST(plan_pdlp_agrees_with_glpk_budgets)
{
	int binding = 0;
	for (uint64_t seed = 3; seed <= 24; seed += 3) {
		for (int least = 0; least < 2; least++) {
			plenum_horizon *h;
			plenum_plan_opts o;
			plenum_economy *e = random_case(seed, least ? 1e4 : 10 + (double)seed, &h, &o);
			CHECK(e && h);
			o.tolerance = 1e-7;
			o.objective = least ? PLENUM_OBJECTIVE_LEAST_LABOUR : PLENUM_OBJECTIVE_BALANCED;
			int ok = budget_case(e, o, seed, &binding);
			plenum_horizon_free(h);
			plenum_economy_free(e);
			CHECK(ok);
		}
	}
	CHECK(binding >= 8);
}

/* Harmony as the convex program by PDLP (its fulfilment columns' proximal step) against
 * GLPK's cutting planes, on the shapes above (3 to 19 products, degenerate techniques, three
 * years with stocks in every third): the same harmony, and each bound certifies the other's
 * plan (bound >= the other's harmony, less the tolerance). */
TEST(plan_pdlp_harmony_agrees_with_glpk)
{
	for (uint64_t seed = 1; seed <= 24; seed++) {
		plenum_horizon *h;
		plenum_plan_opts o;
		plenum_economy *e = random_case(seed, 10 + (double)seed, &h, &o);
		CHECK(e);
		o.tolerance = 1e-5;
		o.objective = PLENUM_OBJECTIVE_HARMONY;
		plenum_plan *p[2] = {NULL, NULL};
		plenum_diag d = {0};
		for (int k = 0; k < 2; k++) {
			o.solver = k ? PLENUM_SOLVER_PDLP : PLENUM_SOLVER_GLPK;
			if (plenum_plan_compute(e, &o, &p[k], &d))
				fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed, d.message);
		}
		int ok = p[0] && p[1] && p[0]->status == PLENUM_PLAN_OPTIMAL &&
		         p[1]->status == PLENUM_PLAN_OPTIMAL;
		if (!ok && p[0] && p[1])
			fprintf(stderr, "seed %llu harmony: glpk %s (%s), pdlp %s (%s)\n",
			        (unsigned long long)seed, plenum_plan_status_name(p[0]->status),
			        p[0]->message, plenum_plan_status_name(p[1]->status), p[1]->message);
		if (ok) {
			double g = p[0]->harmony, q = p[1]->harmony, tol = 1e-4 * (1 + fabs(g));
			ok = fabs(g - q) <= tol && p[1]->harmony_bound >= g - tol &&
			     p[0]->harmony_bound >= q - tol && p[1]->lp_solves == 1 &&
			     strcmp(p[1]->solver, "pdlp") == 0;
			if (!ok)
				fprintf(stderr, "seed %llu harmony: glpk %.10g (bound %.10g), pdlp %.10g "
				        "(bound %.10g)\n", (unsigned long long)seed, g,
				        p[0]->harmony_bound, q, p[1]->harmony_bound);
		}
		plenum_plan_free(p[0]);
		plenum_plan_free(p[1]);
		plenum_horizon_free(h);
		plenum_economy_free(e);
		CHECK(ok);
	}
}

/* The exact solvers reach the same optimum (LP_EXACT_DUAL_TOL): on this generated economy
 * (plenum gen --products 150 --inputs 2 --techniques 3 --seed 134, no capacities, the CO2e
 * cap binding) their default dual tolerance of 1e-7 left GLPK's level 3.4e-7 below Clp's,
 * and its fewest hours, held at that level, 0.84 % below (430 530 against 434 154 h). Now
 * the levels agree to 1e-9 and the hours to 1e-4. */
TEST(plan_exact_solvers_same_optimum)
{
	plenum_economy *e = generated(150, 2, 3, 134, 0);
	CHECK(e);
	plenum_plan *p[2] = {NULL, NULL};
	for (int k = 0; k < 2; k++) {
		plenum_plan_opts o;
		plenum_plan_opts_init(&o);
		o.solver = k ? PLENUM_SOLVER_CLP : PLENUM_SOLVER_GLPK;
		plenum_diag d = {0};
		CHECK_EQ_INT(plenum_plan_compute(e, &o, &p[k], &d), PLENUM_OK);
		CHECK_EQ_INT(p[k]->status, PLENUM_PLAN_OPTIMAL);
	}
	CHECK_STR(p[0]->solver, "glpk");
	CHECK_STR(p[1]->solver, "clp");
	CHECK_NEAR(p[0]->level, p[1]->level, 1e-9 * p[1]->level);
	CHECK_NEAR(p[0]->labour[0], p[1]->labour[0], 1e-4 * p[1]->labour[0]);
	plenum_plan_free(p[0]);
	plenum_plan_free(p[1]);
	plenum_economy_free(e);
}

/* Harmony by PDLP on generated economies where the linear step the kernel would take on
 * the fulfilment columns is large: PDLP's step for them once came from the kernel's sum
 * less their linear share, which lost the rest of the sum, and the step size went
 * negative after converging to 1e-7 (status numerical, no plan). Now optimal, with the
 * certificate: the bound within the tolerance of the plan's harmony. The hours are those
 * of plenum gen --products 2500 --inputs 1 --techniques 3 --seed 24 (and --inputs 3
 * --techniques 1 --capacities --seed 6 with a CO2e cap). */
TEST(plan_pdlp_harmony_step_keeps_its_size)
{
	static const struct {
		int64_t inputs;
		int techniques;
		uint64_t seed;
		int capacities;
		double hours, cap;
	} at[] = {{1, 3, 24, 0, 223395, NAN}, {3, 1, 6, 1, 504855, 17175.4}};
	for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
		plenum_economy *e = generated(2500, at[k].inputs, at[k].techniques, at[k].seed,
		                              at[k].capacities);
		CHECK(e);
		plenum_plan_opts o;
		plenum_plan_opts_init(&o);
		o.objective = PLENUM_OBJECTIVE_HARMONY;
		o.solver = PLENUM_SOLVER_PDLP;
		o.labour_hours = at[k].hours;
		double caps[1] = {at[k].cap};
		o.caps = caps;
		plenum_plan *p = NULL;
		plenum_diag d = {0};
		CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_OK);
		if (p->status != PLENUM_PLAN_OPTIMAL)
			fprintf(stderr, "case %zu: %s\n", k, p->message);
		CHECK_EQ_INT(p->status, PLENUM_PLAN_OPTIMAL);
		CHECK(p->harmony_bound >= p->harmony);
		CHECK(p->harmony_bound - p->harmony <= o.tolerance * (1 + fabs(p->harmony)));
		CHECK(p->labour[0] <= at[k].hours * (1 + 1e-5));
		plenum_plan_free(p);
		plenum_economy_free(e);
	}
}

/* The balanced plan of a generated economy (400 products, three techniques each, all with
 * capacities) by PDLP against GLPK. With hours that bind, stage 2 (fewest hours at the
 * level) finishes: same level, same hours, no message. Without an hours limit the
 * capacities fix s* and stage 2's region is only the tolerance thick: PDLP stops it at its
 * budget (stage 1's iterations); it does not run on for ever. Its last plan holds every
 * row and uses fewer hours than stage 1's (no more than GLPK's, the level being held only
 * to the tolerance), so it is kept, and the message says the hours are not proven the
 * fewest. */
static plenum_plan *generated_balanced(const plenum_economy *e, double hours, plenum_solver s)
{
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.tolerance = 1e-5;
	o.labour_hours = hours;
	o.solver = s;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	if (plenum_plan_compute(e, &o, &p, &d))
		fprintf(stderr, "%s\n", d.message);
	return p;
}

TEST(plan_pdlp_balanced_second_stage)
{
	plenum_economy *e = generated(400, 6, 3, 42, 1);
	CHECK(e);
	double cap_hours = 0;
	for (int64_t t = 0; t < plenum_economy_techniques(e); t++)
		cap_hours += plenum_technique_labour(e, t) * plenum_technique_capacity(e, t) / 3;
	const double limits[2] = {0.7 * cap_hours, NAN};
	for (int k = 0; k < 2; k++) {
		plenum_plan *x = generated_balanced(e, limits[k], PLENUM_SOLVER_GLPK);
		plenum_plan *q = generated_balanced(e, limits[k], PLENUM_SOLVER_PDLP);
		CHECK(x && q && x->status == PLENUM_PLAN_OPTIMAL && q->status == PLENUM_PLAN_OPTIMAL);
		CHECK_NEAR(q->level, x->level, 1e-5 * (1 + x->level));
		if (k == 0) {
			CHECK_EQ_INT(q->lp_solves, 2);
			CHECK(q->message[0] == 0);
			CHECK_NEAR(q->labour[0], x->labour[0], 1e-4 * x->labour[0]);
		} else { /* stage 2 stops at its budget, a plan that holds every row, kept */
			CHECK(strncmp(q->message, "hours not proven fewest: ", 25) == 0);
			CHECK(x->message[0] == 0);
			CHECK(q->labour[0] <= x->labour[0] * (1 + 1e-4));
			for (int64_t i = 0; i < q->products; i++)
				CHECK(!(q->fulfilment[i] < q->level * (1 - 1e-4)));
		}
		plenum_plan_free(x);
		plenum_plan_free(q);
	}
	plenum_economy_free(e);
}

/* A second stage stopped at its limit is kept only where it is cheaper and holds every row:
 * two columns, a large row x0 >= 10^4 and a small one x1 <= 1 (a cap beside large targets).
 * Breaking the small row by 10^-3 leaves the relative residual at 1e-7, within the
 * tolerance; lp_worst_row sees 5e-4 of the row's size, and the point is refused. */
TEST(plan_stage_better_holds_every_row)
{
	int64_t ri[] = {0, 1};
	int32_t cj[] = {0, 1};
	double v[] = {1, 1};
	lp_problem p = {.m = 2, .n = 2};
	CHECK_EQ_INT(lp_csr_from_triplets(2, 2, ri, cj, v, &p.Ap, &p.Aj, &p.Ax), PLENUM_OK);
	double c[] = {1, 1}, lo[] = {0, 0}, hi[] = {INFINITY, INFINITY};
	double rlo[] = {1e4, -INFINITY}, rhi[] = {INFINITY, 1};
	p.c = c, p.lo = lo, p.hi = hi, p.rlo = rlo, p.rhi = rhi;
	double x1[] = {10000.5, 1}, ys[] = {0, 0};
	double broken[] = {10000, 1.001}, held[] = {10000, 1.000001}, neg[] = {10000, -0.5};
	CHECK(lp_worst_row(&p, x1) == 0);
	CHECK_NEAR(lp_worst_row(&p, broken), 0.001 / 2.001, 1e-12);
	CHECK_NEAR(lp_worst_row(&p, neg), 0.5 / 1, 1e-12); /* a column's bound, of size 0 */
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	plenum_diag d = {0};
	lp_result r1 = {.status = LP_OPTIMAL, .x = x1, .y = ys};
	lp_result r = {.status = LP_ITERATION_LIMIT, .x = broken, .y = ys};
	CHECK_EQ_INT(lp_measure(&p, &r, &d), PLENUM_OK);
	CHECK(r.primal_residual > 0 && r.primal_residual <= o.tolerance);
	CHECK(!pl_stage_better(&p, &o, &r1, &r)); /* the small row broken */
	r.x = held;
	CHECK_EQ_INT(lp_measure(&p, &r, &d), PLENUM_OK);
	CHECK(pl_stage_better(&p, &o, &r1, &r));
	r.status = LP_TIME_LIMIT;
	CHECK(pl_stage_better(&p, &o, &r1, &r));
	r.status = LP_NUMERICAL; /* only a stage stopped at its limit */
	CHECK(!pl_stage_better(&p, &o, &r1, &r));
	r.status = LP_ITERATION_LIMIT;
	c[1] = 1e6; /* no longer cheaper */
	CHECK(!pl_stage_better(&p, &o, &r1, &r));
	c[1] = 1;
	o.tolerance = 1e-9; /* the residual, 1e-10, within it; the row, 5e-7 of it, not */
	CHECK(!pl_stage_better(&p, &o, &r1, &r));
	ut_free(p.Ap);
	ut_free(p.Aj);
	ut_free(p.Ax);
}

/* More shapes (5 to 40 products, one to four years with stocks, degenerate techniques)
 * and infeasible targets (too few hours) that both solvers must report as infeasible,
 * naming labour, with the same total relative shortfall (the elastic model's optimum; a
 * four-year case caught GLPK's presolve calling that feasible model infeasible). Harmony
 * is not here: with PDLP its later cut LPs can stall (docs/planner.md, limits). */
/* Shape `seed` (101 to 136) of the infeasible-shape tests: 5 to 40 products, one to four
 * years with stocks, degenerate techniques in every third; least-labour with too few hours
 * for even seeds, balanced with hours that bind for odd ones; *o initialised for it. */
static plenum_economy *shortfall_case(uint64_t seed, plenum_horizon **h, plenum_plan_opts *o)
{
	int np = 5 + (int)(seed % 6) * 7, least = seed % 2 == 0;
	plenum_economy *e = random_economy(seed, np, seed % 3 == 1);
	int years = 1 + (int)(seed / 2 % 4);
	double hours = least ? 0.05 * np : 3.0 * np;
	*h = e && years > 1 ? random_horizon(seed, e, years, hours) : NULL;
	plenum_plan_opts_init(o);
	o->horizon = *h;
	o->labour_hours = *h ? NAN : hours;
	o->objective = least ? PLENUM_OBJECTIVE_LEAST_LABOUR : PLENUM_OBJECTIVE_BALANCED;
	return e;
}

TEST(plan_pdlp_agrees_infeasible_shapes)
{
	int infeasible = 0;
	for (uint64_t seed = 101; seed <= 136; seed++) {
		plenum_horizon *h;
		plenum_plan_opts o;
		plenum_economy *e = shortfall_case(seed, &h, &o);
		CHECK(e);
		int least = o.objective == PLENUM_OBJECTIVE_LEAST_LABOUR;
		o.tolerance = 1e-7;
		plenum_plan *p[2] = {NULL, NULL};
		plenum_diag d = {0};
		for (int k = 0; k < 2; k++) {
			o.solver = k ? PLENUM_SOLVER_PDLP : PLENUM_SOLVER_GLPK;
			CHECK(plenum_plan_compute(e, &o, &p[k], &d) == PLENUM_OK);
		}
		if (p[1]->status != p[0]->status)
			fprintf(stderr, "seed %llu %s: glpk %s, pdlp %s (%s)\n", (unsigned long long)seed,
			        plenum_objective_name(o.objective), plenum_plan_status_name(p[0]->status),
			        plenum_plan_status_name(p[1]->status), p[1]->message);
		CHECK_EQ_INT(p[1]->status, p[0]->status);
		if (least) {
			CHECK_EQ_INT(p[0]->status, PLENUM_PLAN_INFEASIBLE);
			double sg = 0, sp = 0;
			for (int64_t q = 0; q < p[0]->years * p[0]->products; q++)
				if (p[0]->target[q] > 0) {
					sg += p[0]->shortfall[q] / p[0]->target[q];
					sp += p[1]->shortfall[q] / p[1]->target[q];
				}
			if (!(fabs(sg - sp) <= 1e-4 * (1 + sg)))
				fprintf(stderr, "seed %llu: relative shortfall glpk %.10g pdlp %.10g\n",
				        (unsigned long long)seed, sg, sp);
			CHECK(fabs(sg - sp) <= 1e-4 * (1 + sg));
			for (int k = 0; k < 2; k++)
				CHECK(strstr(p[k]->message, "binding: labour") != NULL);
			infeasible++;
		} else {
			CHECK_EQ_INT(p[0]->status, PLENUM_PLAN_OPTIMAL);
			double g = p[0]->objective_value, q = p[1]->objective_value;
			if (!(fabs(g - q) <= 1e-4 * (1 + fabs(g))))
				fprintf(stderr, "seed %llu balanced: glpk %.10g pdlp %.10g\n",
				        (unsigned long long)seed, g, q);
			CHECK(fabs(g - q) <= 1e-4 * (1 + fabs(g)));
		}
		plenum_plan_free(p[0]);
		plenum_plan_free(p[1]);
		plenum_horizon_free(h);
		plenum_economy_free(e);
	}
	CHECK(infeasible == 18);
}

/* Clp against GLPK, both exact, on the shapes above: every objective (harmony by cutting
 * planes from each one's bases), one year and three with stocks, degenerate techniques,
 * feasible and infeasible (too few hours): the same status, the same optimum to 1e-7 (the
 * harmony to its tolerance), and for infeasible targets the same elastic shortfall and
 * the binding limits named (labour where hours are too few). */
static int exact_plans_agree(const plenum_economy *e, plenum_plan_opts o, uint64_t seed,
                             const char *binding)
{
	plenum_plan *p[2] = {NULL, NULL};
	plenum_diag d = {0};
	for (int k = 0; k < 2; k++) {
		o.solver = k ? PLENUM_SOLVER_CLP : PLENUM_SOLVER_GLPK;
		if (plenum_plan_compute(e, &o, &p[k], &d))
			fprintf(stderr, "seed %llu: %s\n", (unsigned long long)seed, d.message);
	}
	int ok = p[0] && p[1] && p[0]->status == p[1]->status && strcmp(p[1]->solver, "clp") == 0;
	double tol = o.objective == PLENUM_OBJECTIVE_HARMONY ? 1e-4 : 1e-7;
	if (ok && p[0]->status == PLENUM_PLAN_OPTIMAL)
		ok = fabs(p[0]->objective_value - p[1]->objective_value) <=
		     tol * (1 + fabs(p[0]->objective_value));
	if (ok && p[0]->status == PLENUM_PLAN_INFEASIBLE) {
		double sg = 0, sc = 0;
		for (int64_t q = 0; q < p[0]->years * p[0]->products; q++)
			if (p[0]->target[q] > 0) {
				sg += p[0]->shortfall[q] / p[0]->target[q];
				sc += p[1]->shortfall[q] / p[1]->target[q];
			}
		ok = fabs(sg - sc) <= 1e-7 * (1 + sg) && strstr(p[1]->message, binding);
	}
	if (!ok && p[0] && p[1])
		fprintf(stderr, "seed %llu %s: glpk %s %.10g, clp %s %.10g (%s)\n",
		        (unsigned long long)seed, plenum_objective_name(o.objective),
		        plenum_plan_status_name(p[0]->status), p[0]->objective_value,
		        plenum_plan_status_name(p[1]->status), p[1]->objective_value, p[1]->message);
	int status = p[0] ? (int)p[0]->status : -1;
	plenum_plan_free(p[0]);
	plenum_plan_free(p[1]);
	return ok ? 1 + status : 0;
}

TEST(plan_clp_agrees_with_glpk)
{
	int seen[5] = {0};
	for (uint64_t seed = 1; seed <= 24; seed++)
		for (int obj = 0; obj < 3; obj++) {
			plenum_horizon *h;
			plenum_plan_opts o;
			int least = obj == PLENUM_OBJECTIVE_LEAST_LABOUR;
			plenum_economy *e = random_case(seed, least ? 1e4 : 10 + (double)seed, &h, &o);
			CHECK(e);
			o.objective = (plenum_objective)obj;
			o.tolerance = obj == PLENUM_OBJECTIVE_HARMONY ? 1e-5 : 1e-7;
			o.end_stocks = h && seed % 4 ? 1 : 0;
			int ok = exact_plans_agree(e, o, seed, "binding: ");
			seen[ok ? ok - 1 : 0] += ok > 0;
			plenum_horizon_free(h);
			plenum_economy_free(e);
			CHECK(ok);
		}
	for (uint64_t seed = 101; seed <= 136; seed++) {
		plenum_horizon *h;
		plenum_plan_opts o;
		plenum_economy *e = shortfall_case(seed, &h, &o);
		CHECK(e);
		int ok = exact_plans_agree(e, o, seed, "binding: labour");
		seen[ok ? ok - 1 : 0] += ok > 0;
		plenum_horizon_free(h);
		plenum_economy_free(e);
		CHECK(ok);
	}
	CHECK(seen[PLENUM_PLAN_OPTIMAL] >= 60 && seen[PLENUM_PLAN_INFEASIBLE] >= 18);
}

/* ---- allocation failure: every failing allocation is reported, nothing leaks ---- */

static int walk_plans(const plenum_economy *e, const plenum_economy *bad,
                      const plenum_horizon *h, const plenum_economy *he)
{
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.solver = PLENUM_SOLVER_GLPK;
	o.labour_hours = 25;
	double budgets[16]; /* a budget row for every account (the walk's economies have few) */
	for (int a = 0; a < 16; a++)
		budgets[a] = 1e6;
	if (e->na > 16 || bad->na > 16 || he->na > 16)
		return PLENUM_EINVAL;
	o.budgets = budgets;
	plenum_diag d = {0};
	int rc = PLENUM_OK;
	for (int k = 0; k < 3 && !rc; k++) {
		plenum_plan *p = NULL;
		o.objective = (plenum_objective)k;
		rc = plenum_plan_compute(k == 2 ? bad : e, &o, &p, &d);
		plenum_plan_free(p);
	}
	plenum_variants *v = NULL;
	o.workforce = 2;
	char svg[4200];
	snprintf(svg, sizeof svg, "%s/walk.svg", test_tmpdir());
	if (!rc)
		rc = plenum_variants_compute(e, &o, 1, 3, 1, NULL, 0, &v, &d);
	if (!rc)
		rc = plenum_variants_write_svg(e, v, svg, &d);
	plenum_variants_free(v);
	plenum_plan *p = NULL;
	o.horizon = h;
	o.objective = PLENUM_OBJECTIVE_HARMONY;
	o.labour_hours = NAN;
	if (!rc)
		rc = plenum_plan_compute(he, &o, &p, &d);
	plenum_plan_free(p);
	/* and the first-order solver's path (its workspaces, scaling and measured residuals),
	 * for an LP and for harmony's convex program */
	o.horizon = NULL;
	o.solver = PLENUM_SOLVER_PDLP;
	o.labour_hours = 25;
	for (int k = 0; k < 2 && !rc; k++) {
		p = NULL;
		o.objective = k ? PLENUM_OBJECTIVE_HARMONY : PLENUM_OBJECTIVE_BALANCED;
		rc = plenum_plan_compute(e, &o, &p, &d);
		plenum_plan_free(p);
	}
	return rc;
}

static int walk_read(void)
{
	plenum_economy *e = NULL;
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	int rc = plenum_horizon_read(test_data("plan/harmony3"), &e, &h, &d);
	plenum_horizon_free(h);
	plenum_economy_free(e);
	return rc;
}

/* What walk_all plans with (test_alloc_walk takes functions without arguments). */
static struct {
	const plenum_economy *e, *bad, *he;
	const plenum_horizon *h;
} walking;

static int walk_all_plans(void)
{
	return walk_plans(walking.e, walking.bad, walking.h, walking.he);
}

TEST(plan_alloc_failure_walk)
{
	plenum_economy *e = leontief(), *bad = cloth(INFINITY, INFINITY, 5), *he = NULL;
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	CHECK(e && bad);
	CHECK(plenum_horizon_read(test_data("plan/harmony3"), &he, &h, &d) == PLENUM_OK);
	CHECK(plenum_technique_find(e, "farm") == 0 && plenum_account_find(bad, "co2") == 0);
	walking.e = e;
	walking.bad = bad;
	walking.h = h;
	walking.he = he;
	long plans = test_alloc_walk(walk_all_plans), reads = test_alloc_walk(walk_read);
	plenum_horizon_free(h);
	plenum_economy_free(he);
	plenum_economy_free(bad);
	plenum_economy_free(e);
	CHECK(plans > 0 && reads > 0 && plans + reads > 50);
}

/* A negative target (a national table's net imports) is refused with the way out named;
 * with zero_negative_targets it is no target, with one warning: least-labour then makes
 * 10 corn and no net iron, 10 v_corn hours. Variants warn once, not once per variant. */
TEST(plan_negative_targets)
{
	plenum_economy *e = leontief();
	CHECK(e);
	double targets[] = {10, -3};
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.objective = PLENUM_OBJECTIVE_LEAST_LABOUR;
	o.solver = PLENUM_SOLVER_GLPK;
	o.targets = targets;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_EINVAL);
	CHECK(!p && strstr(d.message, "'iron'") && strstr(d.message, "--negative-targets zero"));
	CHECK_EQ_INT((int)d.warnings, 0);
	o.zero_negative_targets = 1;
	plenum_diag_clear(&d);
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_OK);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
	CHECK(p->target[1] == 0 && isnan(p->fulfilment[1]) && p->fulfilment[0] == 1);
	CHECK_NEAR(p->labour[0], 10 * V_CORN, 1e-9);
	CHECK_NEAR(p->net[1], 0, 1e-9);
	CHECK_EQ_INT((int)d.warnings, 1);
	CHECK(strstr(d.warning, "negative target -3 for product 'iron' in year 1") != NULL);
	plenum_plan_free(p);
	o.objective = PLENUM_OBJECTIVE_BALANCED;
	o.workforce = 1;
	plenum_variants *v = NULL;
	plenum_diag_clear(&d);
	CHECK_EQ_INT(plenum_variants_compute(e, &o, 1, 3, 1, NULL, 0, &v, &d), PLENUM_OK);
	CHECK(v && v->count == 3 && d.warnings == 1);
	for (int k = 0; k < 3; k++) /* s = 46 w hours / (10 v_corn), iron no target */
		CHECK_NEAR(v->v[k].level, 46.0 * (k + 1) / (10 * V_CORN), 1e-9);
	plenum_variants_free(v);
	plenum_economy_free(e);
}

/* The sweep's size is counted before anything is cast or allocated: 0:100:1e-10 (1e12
 * weeks) is refused as too many, not cast to int64_t (undefined) nor reported as out of
 * memory; a small sweep gives one variant per week. */
TEST(plan_variants_count)
{
	plenum_economy *e = cloth(INFINITY, INFINITY, INFINITY);
	CHECK(e);
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.workforce = 2;
	plenum_variants *v = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_variants_compute(e, &o, 0, 100, 1e-10, NULL, 0, &v, &d),
	             PLENUM_EINVAL);
	CHECK(!v && strstr(d.message, "too many") != NULL);
	CHECK_EQ_INT(plenum_variants_compute(e, &o, 5, 1, 1, NULL, 0, &v, &d), PLENUM_EINVAL);
	CHECK(!v);
	CHECK_EQ_INT(plenum_variants_compute(e, &o, 1, 3, 1, NULL, 0, &v, &d), PLENUM_OK);
	CHECK(v && v->count == 3 && v->v[2].weekly_hours == 3);
	plenum_variants_free(v);
	plenum_economy_free(e);
}
