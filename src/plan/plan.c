/* The planner's public entry: checks the options, builds the model, runs the objective and
 * hands back the plan; names of objectives, statuses and limits. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plan/pl.h"

static const char *const objective_names[] = {
	[PLENUM_OBJECTIVE_BALANCED] = "balanced",
	[PLENUM_OBJECTIVE_HARMONY] = "harmony",
	[PLENUM_OBJECTIVE_LEAST_LABOUR] = "least-labour",
};

const char *plenum_objective_name(plenum_objective o)
{
	return (unsigned)o < 3 ? objective_names[o] : NULL;
}

int plenum_objective_parse(const char *name, plenum_objective *out)
{
	for (unsigned k = 0; k < 3; k++)
		if (name && strcmp(name, objective_names[k]) == 0) {
			*out = (plenum_objective)k;
			return PLENUM_OK;
		}
	return PLENUM_EINVAL;
}

const char *plenum_plan_status_name(plenum_plan_status s)
{
	static const char *const names[] = {"optimal", "infeasible", "unbounded", "limit",
	                                    "numerical"};
	return (unsigned)s < 5 ? names[s] : "?";
}

const char *plenum_limit_name(plenum_limit k)
{
	static const char *const names[] = {"labour", "cap", "capacity", "stock", "target",
	                                    "end-stock", "budget"};
	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

void plenum_plan_free(plenum_plan *p)
{
	if (!p)
		return;
	double *arrays[] = {p->activity, p->net, p->target, p->fulfilment, p->value,
	                    p->invest, p->labour, p->labour_available, p->weekly_hours,
	                    p->emitted, p->cap, p->shortfall, p->stock_level, p->stock_needed,
	                    p->stock_invested, p->budget};
	for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++)
		ut_free(arrays[k]);
	ut_free(p->bottlenecks);
	ut_free(p->stock_input);
	ut_free(p->stock_user);
	ut_free(p);
}

static int run(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
               plenum_diag *d)
{
	switch (o->objective) {
	case PLENUM_OBJECTIVE_BALANCED:
		return pl_balanced(m, o, plan, d);
	case PLENUM_OBJECTIVE_HARMONY:
		return pl_harmony(m, o, plan, d);
	case PLENUM_OBJECTIVE_LEAST_LABOUR:
		return pl_least_labour(m, o, plan, d);
	}
	return ut_fail(d, PLENUM_EINVAL, "unknown objective %d: use balanced, harmony or "
	               "least-labour", (int)o->objective);
}

/* PDLP meets each row to its tolerance relative to the row's size, and a product with an
 * enormous target (2.6e8 beside targets of 50) has a large row: random tests found a
 * harmony plan using 146.5 of such a product that it never made (net output -146.5, 6e-7 of
 * its target) and putting what that freed into everything else, harmony 67.42 against the
 * optimum's 63.97, "optimal". A plan of PDLP's (optimal, or stopped at a limit with one) is
 * broken when it uses more of a product than it makes by more than BROKEN_USE x the
 * tolerance of what it uses, or of PDLP's unit of products where that is larger (the
 * targets' geometric mean: a plan of 500 hours for 2 000 products uses 1e-3 of some and
 * misses by 4e-5, PDLP's noise, not a plan broken); sets plan->broken, and
 * plan->message names the worst. */
#define BROKEN_USE 1000
static int check_use(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                     plenum_diag *d)
{
	const plenum_economy *e = m->e;
	if (!plan->solver || lp_exact(plan->solver) || isnan(plan->level) ||
	    (plan->status != PLENUM_PLAN_OPTIMAL && plan->status != PLENUM_PLAN_LIMIT))
		return PLENUM_OK;
	double *made = ut_calloc((size_t)m->np + 1, sizeof *made), worst = 0;
	double unit = pl_weight(m); /* PDLP's unit of every product: its noise is in these */
	int64_t at = -1;
	if (!made)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory checking the plan");
	for (int64_t y = 0; y < m->ny; y++) {
		memset(made, 0, (size_t)m->np * sizeof *made);
		for (int64_t t = 0; t < m->nt; t++)
			made[e->tprod[t]] += e->tout[t] * plan->activity[y * m->nt + t];
		for (int64_t i = 0; i < m->np; i++) {
			int64_t k = y * m->np + i;
			double used = made[i] - plan->net[k]; /* by techniques and investment */
			double miss = -plan->net[k] / fmax(used, unit);
			if (miss > worst)
				worst = miss, at = k;
		}
	}
	ut_free(made);
	if (!(worst > BROKEN_USE * o->tolerance))
		return PLENUM_OK;
	char yr[32] = "";
	if (m->ny > 1)
		snprintf(yr, sizeof yr, " in year %lld", (long long)(at / m->np) + 1);
	snprintf(plan->message, sizeof plan->message, "PDLP's plan uses more %s than it makes%s "
	         "(net output %.3g): its rows are met only relative to their size; use --solver %s",
	         ec_name(e->pkey, at % m->np), yr, plan->net[at], lp_exact_name());
	plan->broken = 1;
	return PLENUM_OK;
}

/* A plan of m under o in *out. */
/* The index of the stock of product i held by the makers of j, or -1. */
static int64_t stock_of(const plenum_plan *plan, int64_t i, int64_t j)
{
	for (int64_t k = 0; k < plan->stocks; k++)
		if (plan->stock_input[k] == i && plan->stock_user[k] == j)
			return k;
	return -1;
}

/* Each bottleneck's "used" from the plan shown: the limits are found on the first stage's
 * point, but a second stage (the fewest hours) moves the plan within them, and "used" then
 * disagreed with the plan's own hours or emissions (1e-9 apart by the exact solvers, 1e-6
 * by PDLP: 500 000.02 hours used against a plan of 499 999.23). */
static void used_from_plan(plenum_plan *plan)
{
	int64_t na = plan->accounts, nt = plan->techniques, ns = plan->stocks;
	for (int64_t b = 0; b < plan->nbottlenecks; b++) {
		plenum_bottleneck *k = &plan->bottlenecks[b];
		int64_t y = k->year, s = plan->stocks ? stock_of(plan, k->index, k->index2) : -1;
		switch (k->kind) {
		case PLENUM_LIMIT_LABOUR:
			k->used = plan->labour[y];
			break;
		case PLENUM_LIMIT_CAP:
			k->used = plan->emitted[y * na + k->index];
			break;
		case PLENUM_LIMIT_CAPACITY:
			k->used = plan->activity[y * nt + k->index];
			break;
		case PLENUM_LIMIT_BUDGET:
			k->used = 0;
			for (int64_t t = 0; t < plan->years; t++)
				k->used += plan->emitted[t * na + k->index];
			break;
		case PLENUM_LIMIT_STOCK: /* the stock too is the plan's (a second stage may move
		                          * later years' stocks) */
			if (s >= 0)
				k->used = plan->stock_needed[y * ns + s],
				k->limit = plan->stock_level[y * ns + s];
			break;
		case PLENUM_LIMIT_END_STOCK:
			if (s >= 0)
				k->used = plan->stock_level[plan->years * ns + s];
			break;
		case PLENUM_LIMIT_TARGET: /* not a limit that binds a plan's "used" */
			break;
		}
	}
}

static int compute(const pl_model *m, const plenum_plan_opts *o, plenum_plan **out,
                   plenum_diag *d)
{
	plenum_plan *plan = ut_calloc(1, sizeof *plan);
	int rc = !plan || pl_plan_alloc(plan, m) ? ut_fail(d, PLENUM_ENOMEM,
	                                                   "out of memory for the plan")
	                                         : PLENUM_OK;
	if (!rc) {
		plan->objective = o->objective;
		rc = run(m, o, plan, d);
	}
	if (!rc)
		rc = check_use(m, o, plan, d);
	if (!rc)
		used_from_plan(plan);
	if (rc) {
		plenum_plan_free(plan);
		return rc;
	}
	*out = plan;
	return PLENUM_OK;
}

/* Harmony under auto: PDLP, which is the faster way on nearly every plan (generated plans
 * of 50 to 2 000 products: 6 to 40 times faster than the cutting planes with Clp, which
 * took 300 s and more on some of 600 products), but where only a cap limits production
 * the optimum can be a plan of enormous activity, and PDLP then stops at its limit (a
 * generated 20-product economy: gap 7e-3 after 10^6 iterations, 3 s) where the cutting
 * planes finish in 0.02 s. So on plans of at most exact_up_to rows + columns, where the
 * cutting planes are cheap, PDLP runs first with HARMONY_FIRST_ITER iterations (of 128
 * random generated plans of about that size or less, one to three years, PDLP solved 120
 * within 62 528 iterations, 6 were unbounded and 2 stalled) and the cutting planes solve
 * the plan when it does not finish; above, PDLP alone. */
#define HARMONY_FIRST_ITER 100000

static int64_t harmony_first(const pl_model *m, const plenum_plan_opts *o)
{
	pl_layout L;
	pl_layout_init(&L, m, PL_HARMONY);
	return L.nrow + L.ncol <= o->exact_up_to ? HARMONY_FIRST_ITER : 0;
}

/* PDLP's iterations per LP when --solver auto tries it first: auto_iter_per_size per row +
 * column of the plan's LP (its size), at least 64 (harmony: harmony_first); 0 when auto does
 * not try PDLP first: capital stocks chain several years, or the size is at
 * most exact_up_to or above pdlp_above (docs/planner.md, Solvers). Over several years with
 * stocks PDLP finished none of the plans measured within its budget (its second stage
 * stops: 100 x 5 years, 300 x 5, 400 x 3, 1 000 x 2 generated products), and Clp's primal
 * simplex is fast there, so the attempt only cost time (14 to 52 % more). */
static int64_t pdlp_first(const pl_model *m, const plenum_plan_opts *o)
{
	if (lp_exact_backend() == LP_PDLP || o->solver != PLENUM_SOLVER_AUTO)
		return 0;
	if (o->objective == PLENUM_OBJECTIVE_HARMONY)
		return harmony_first(m, o);
	if (!(o->auto_iter_per_size > 0) || (m->ny > 1 && m->nk > 0))
		return 0;
	pl_layout L;
	pl_layout_init(&L, m, o->objective == PLENUM_OBJECTIVE_BALANCED ? PL_BALANCED : PL_LEAST);
	int64_t size = L.nrow + L.ncol;
	if (size <= o->exact_up_to || pl_uses_pdlp(size, o))
		return 0;
	return (int64_t)fmax(64, fmin(1e15, ceil(o->auto_iter_per_size * (double)size)));
}

/* Whether harmony's first attempt (PDLP, stopped with a plan) is kept over the cutting
 * planes' answer: when they did not finish either (500 rounds, or their LPs' limits) and
 * PDLP's plan is the closer to the optimum (the smaller certified gap), or they ended
 * numerical or without a plan. An infeasible or unbounded answer of theirs stands. */
static int keep_first(const plenum_plan *first, const plenum_plan *exact)
{
	if (first->status != PLENUM_PLAN_LIMIT || isnan(first->level))
		return 0;
	if (exact->status == PLENUM_PLAN_NUMERICAL)
		return 1;
	return exact->status == PLENUM_PLAN_LIMIT &&
	       (isnan(exact->level) || first->gap < exact->gap);
}

/* Between the two sizes PDLP is often much faster than the simplex (a 4 000-product plan:
 * 3 s against GLPK's 68 s; 1 600 products over 2 years: 9 s against 240 s) but on some
 * plans needs a million iterations or more (a 100-product plan over 5 years: 1.6 million
 * over its two LPs, 57 s, where GLPK takes 1.2 s). So PDLP runs first with `budget`
 * iterations per LP; when one of its LPs stops at that limit, or it fails, the exact solver
 * (Clp where the build has it, else GLPK) solves the plan again from the start. The budget
 * grows with the size as the simplex's work does faster: its pivots grow with the rows and
 * each costs more, while PDLP's iterations cost in proportion to the size. The plan's
 * seconds count both attempts. */
static int compute_auto(const pl_model *m, const plenum_plan_opts *o, int64_t budget,
                        plenum_plan **out, plenum_diag *d)
{
	plenum_plan_opts oo = *o;
	oo.solver = PLENUM_SOLVER_PDLP;
	if (oo.max_iter <= 0 || oo.max_iter > budget)
		oo.max_iter = budget;
	plenum_plan *plan;
	int rc = compute(m, &oo, &plan, d);
	int harmony = o->objective == PLENUM_OBJECTIVE_HARMONY;
	if (rc || !(plan->unfinished || plan->broken || plan->status == PLENUM_PLAN_NUMERICAL ||
	            (harmony && plan->status == PLENUM_PLAN_LIMIT))) {
		*out = rc ? NULL : plan;
		return rc;
	}
	int clp = lp_exact_backend() == LP_CLP;
	if (o->verbose)
		fprintf(stderr, "plan: PDLP %s after %lld iterations (at most %lld an LP); %s "
		        "solves the plan again\n", plenum_plan_status_name(plan->status),
		        (long long)plan->iterations, (long long)oo.max_iter, clp ? "Clp" : "GLPK");
	oo = *o;
	oo.solver = clp ? PLENUM_SOLVER_CLP : PLENUM_SOLVER_GLPK;
	plenum_plan *exact = NULL;
	rc = compute(m, &oo, &exact, d);
	if (rc) {
		plenum_plan_free(plan);
		return rc;
	}
	plenum_plan *keep = harmony && keep_first(plan, exact) ? plan : exact;
	plenum_plan *drop = keep == plan ? exact : plan;
	keep->seconds += drop->seconds;
	plenum_plan_free(drop);
	*out = keep;
	return PLENUM_OK;
}

int plenum_plan_compute(const plenum_economy *e, const plenum_plan_opts *o, plenum_plan **out,
                        plenum_diag *d)
{
	plenum_plan_opts dflt;
	if (!o) {
		plenum_plan_opts_init(&dflt);
		o = &dflt;
	}
	*out = NULL;
	if (!e)
		return ut_fail(d, PLENUM_EINVAL, "no economy given to plan");
	pl_model m;
	int rc = pl_model_init(&m, e, o, d);
	if (rc)
		return rc;
	int64_t budget = pdlp_first(&m, o);
	rc = budget ? compute_auto(&m, o, budget, out, d) : compute(&m, o, out, d);
	pl_model_free(&m);
	return rc;
}
