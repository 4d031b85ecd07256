/* The planner's private interface (prefix pl_): the model (economy, years, targets, limits,
 * capital stocks), the layout of its LP, the LP solves and the report built from them.
 * docs/planner.md gives the equations. */
#ifndef PLENUM_PLAN_PL_H
#define PLENUM_PLAN_PL_H
#include "core/econ.h"
#include "plan/lp.h"
#include "plenum/plan.h"

/* A capital stock: product i held by those who make product j. */
typedef struct pl_stock {
	int32_t i, j;
	double k;   /* stock of i needed per unit of j's output */
	double dep; /* fraction of the stock lost per year */
	double s0;  /* stock in the first year */
} pl_stock;

struct plenum_horizon {
	int64_t ny, np;
	double *target; /* length ny * np */
	double *labour; /* length ny: hours available */
	pl_stock *stock; /* length nk */
	int64_t nk;
	double *cap;     /* length ny * na: caps per year, NAN where not given; NULL for none */
	int64_t na;
};

/* The largest limit a plan takes (hours, caps, budgets, capacities): Clp takes a bound of
 * 1e20 or more as none (a plan bound only by such a cap came back "unbounded") and PDLP's
 * steps overflow near 1e300, so a larger one is refused with a message rather than
 * solved as something else. */
#define PL_HUGE 1e20

/* The problem every objective shares. */
typedef struct pl_model {
	const plenum_economy *e;
	int64_t ny, np, nt, na, nk;
	double *target;        /* length ny * np (owned) */
	double *labour;        /* length ny: hours available, INFINITY for none (owned) */
	double *cap;           /* length ny * na: caps per year, INFINITY for none (owned) */
	const pl_stock *stock; /* length nk (borrowed from the horizon) */
	int64_t *kp, *ki;      /* stocks by using product: kp length np+1, ki length nk */
	int64_t *ip, *ii;      /* stocks by held product: ip length np+1, ii length nk */
	int64_t ntarg;         /* (year, product) pairs with a positive target */
	int64_t *targ;         /* length ntarg: y * np + i of each */
	double workforce, weeks;
	double tolerance;      /* the solver's relative tolerance (plenum_plan_opts) */
	double end;            /* end stocks as a multiple of the first year's; 0: none */
	double *budget;        /* length na: budget over all years, INFINITY for none (owned) */
	int64_t nb;            /* accounts with a budget: one LP row each */
	int64_t *brow;         /* length na: the account's budget row (0 .. nb-1), or -1 */
} pl_model;

/* Checks o against e and fills m. PLENUM_EINVAL with a message for a problem with nothing
 * to plan or a negative limit. */
int pl_model_init(pl_model *m, const plenum_economy *e, const plenum_plan_opts *o,
                  plenum_diag *d);
void pl_model_free(pl_model *m);

/* Which LP the layout holds. */
typedef enum pl_kind {
	PL_BALANCED = 0, /* columns + s; min -s */
	PL_LEAST,        /* min hours, targets as lower bounds */
	PL_HARMONY,      /* columns + f (fulfilment counted), h per target; min -sum h (cuts later) */
	PL_ELASTIC,      /* least-labour with a shortfall per target; min relative shortfall */
} pl_kind;

/* Where everything sits in the LP. Columns: x (ny*nt), investment (ninv*nk), stocks
 * (ny*nk), then per kind: s (1) | n, h (ntarg each) | shortfall (ntarg). Rows: products
 * (ny*np), labour (ny), accounts (ny*na), stock use (ny*nk), stock evolution (ninv*nk),
 * budgets (nb: an account over all years), then harmony's cuts. ninv is ny - 1, or ny
 * with end stocks: the last year then invests too, and its evolution rows are the end
 * stocks' floors. */
typedef struct pl_layout {
	pl_kind kind;
	int64_t ninv;
	int64_t cx, cinv, cs, cextra, ncol;
	int64_t rprod, rlab, racc, ruse, revo, rbud, nrow;
} pl_layout;

void pl_layout_init(pl_layout *L, const pl_model *m, pl_kind kind);
/* Builds the LP of kind for m into *p (zeroed first; lp_problem_free it). With names != 0
 * rows and columns are named (for MPS). */
int pl_build(const pl_model *m, pl_kind kind, int names, pl_layout *L, lp_problem *p,
             plenum_diag *d);
/* A row a*x[ca] + b*x[cb] <= hi with ca < cb (harmony's tangent cuts). */
typedef struct pl_cut {
	int32_t ca, cb;
	double a, b, hi;
} pl_cut;
/* Appends count cuts as rows of p (names "cutN" when p has row names). */
int pl_append_cuts(lp_problem *p, int64_t count, const pl_cut *cut);
/* The weight of the objective for the simplex codes (GLPK, and any solver of the MPS
 * file): the geometric mean of the targets. Balanced maximises w s and harmony's cutting
 * planes w sum h, so that a unit of product is priced at about one unit of the objective:
 * with the objective in units of 1 beside targets of 1e10 (a table in US dollars) the
 * prices of products were 1e-10, under GLPK's and clp's absolute tolerances, and both
 * called plans optimal that were not (s = 0; no production at all for harmony). */
double pl_weight(const pl_model *m);
/* An LP solved with its objective times w: duals and objectives divided by w again. */
void pl_unweigh(lp_result *r, const lp_problem *p, double w);
/* Removes the rows from first on (the cuts); returns how many went. */
int64_t pl_drop_cuts(lp_problem *p, int64_t first);

/* Solves p with the backend o asks for, writing it as MPS first when o->mps_path is set
 * and *mps_written is 0; adds iterations and seconds to plan. */
int pl_solve(const lp_problem *p, const plenum_plan_opts *o, int *mps_written,
             plenum_plan *plan, lp_result *r, plenum_diag *d);
/* A second stage of a plan's LP (p, changed from the first's), from the first stage's
 * result r1: PDLP starts from r1's plan with at most budget iterations (never more than
 * o's own limit), GLPK from r1's basis. r is filled. Returns 1 in *use when r->x is the
 * plan to report: r ended optimal, or stopped at a limit at a better plan
 * (pl_stage_better). The plan's dual residual and gap stay the first stage's unless r
 * ended optimal (they certify the first stage's objective), and its primal residual is
 * the larger of both stages' where r->x is used. */
int pl_second_stage(const lp_problem *p, const plenum_plan_opts *o, const lp_result *r1,
                    int64_t budget, plenum_plan *plan, lp_result *r, int *use,
                    plenum_diag *d);
/* Whether r, a second stage stopped at its iteration or time limit, is still a better plan
 * than the first stage's r1: as feasible as a PDLP optimum must be (its relative primal
 * residual within o's tolerance), every row held to 10 times the tolerance of its size
 * (lp_worst_row: the residual's norm can hide a small row broken by 0.3 %), and cheaper
 * on p's costs. */
int pl_stage_better(const lp_problem *p, const plenum_plan_opts *o, const lp_result *r1,
                    const lp_result *r);
/* The same from a warm start (x0 length p->n, y0 length p->m, either NULL): PDLP starts
 * there, GLPK ignores it. */
int pl_solve_from(const lp_problem *p, const plenum_plan_opts *o, const double *x0,
                  const double *y0, int *mps_written, plenum_plan *plan, lp_result *r,
                  plenum_diag *d);
/* The same from a simplex basis (lp_result.basis of an LP with basis_rows rows that p
 * extends by rows: harmony's cutting planes): GLPK's dual simplex starts there. */
int pl_solve_basis(const lp_problem *p, const plenum_plan_opts *o, const unsigned char *basis,
                   int64_t basis_rows, int *mps_written, plenum_plan *plan, lp_result *r,
                   plenum_diag *d);
/* The plan status for an LP status. */
plenum_plan_status pl_status(lp_status s);

/* Allocates plan's arrays for m. */
int pl_plan_alloc(plenum_plan *plan, const pl_model *m);
/* Fills activity, net output, fulfilment, investment, labour, emissions from x. */
void pl_fill(plenum_plan *plan, const pl_model *m, const pl_layout *L, const double *x);
/* Lists the limits of r that bind (within tol, relative) with a positive shadow value,
 * converted to hours: directly when hours_objective (the LP minimises hours), else
 * divided by the shadow value of one more hour of labour in the same year (for a budget,
 * over all years: the mean of the years' values of an hour). */
int pl_bottlenecks(plenum_plan *plan, const pl_model *m, const pl_layout *L,
                   const lp_problem *p, const lp_result *r, int hours_objective, double tol);
/* Shadow values of products in hours from the duals of the product rows. */
void pl_values(plenum_plan *plan, const pl_model *m, const pl_layout *L, const lp_result *r,
               int hours_objective);

/* The objectives. Each fills plan (allocated) and returns PLENUM_OK when the planner ran. */
int pl_balanced(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                plenum_diag *d);
int pl_least_labour(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                    plenum_diag *d);
int pl_harmony(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
               plenum_diag *d);
/* Infeasible targets: solves the elastic model, fills the shortfall and names the binding
 * limits in plan->message. */
int pl_explain_infeasible(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                          plenum_diag *d);

/* An LP that no target makes infeasible (balanced, harmony, the elastic model: nothing made
 * for the targets is feasible for them but for the end stocks) ended infeasible: says so
 * in plan->message, naming the end stocks when the model has them, else the solver. */
void pl_explain_unreachable(plenum_plan *plan, const pl_model *m, const char *solver);

/* For a first-order solver, which proves infeasibility slowly: solves the elastic model
 * first; when it cannot meet the targets (relative shortfall above 10 x tolerance) sets
 * *infeasible to 1 and reports as pl_explain_infeasible does, else leaves plan for the
 * objective to fill. When the elastic model does not end optimal (a limit) *infeasible
 * is -1 and plan->message says so, for the caller to keep should the targets prove
 * infeasible (solving the elastic model again would end the same way). */
int pl_feasible_first(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
                      int *infeasible, plenum_diag *d);
/* The LP options the plan options give (tolerance, limits, backend, threshold). */
void pl_lp_options(const plenum_plan_opts *o, lp_opts *lo);
/* Whether lp_solve runs PDLP on an LP of rows + columns under o. */
int pl_uses_pdlp(int64_t size, const plenum_plan_opts *o);
/* Whether o asks for an exact solver by name (--solver clp or glpk). */
int pl_exact_asked(const plenum_plan_opts *o);
/* Whether the LP of that kind should carry names (an MPS file, or an exact solver may
 * solve it: GLPK names rows and columns in its errors). */
int pl_want_names(const pl_model *m, pl_kind kind, const plenum_plan_opts *o);

/* Cockshott's harmony of net output n against target t, and its derivative in n:
 * H = ln(n/t) for n >= t, u - u^2/2 with u = (n - t)/t below. */
double pl_harmony_value(double t, double n);
double pl_harmony_slope(double t, double n);

/* Appends printf-style text to plan->message at *len while it fits (the rest is cut). */
void pl_say(plenum_plan *plan, size_t *len, const char *fmt, ...) UT_PRINTF(3, 4);
/* How to give the labour available, for messages: "labour hours (--labour-hours, or
 * --workforce and --weekly-hours)", or for an economy whose labour is not hours "labour in
 * £m 2010 (--labour-hours)". */
const char *pl_labour_advice(const plenum_economy *e, char *buf, size_t n);

/* Unbounded plans: whether the LP p (of layout L) has a ray under cost c (NULL: p->c),
 * by lp_ray; when it has, sets plan's status and names the techniques on the ray and what
 * they make in plan->message. *found: 1 a ray, 0 none, -1 undecided (too large to tell
 * without solving the plan). */
int pl_find_ray(const pl_model *m, const pl_layout *L, const lp_problem *p, const double *c,
                const plenum_plan_opts *o, plenum_plan *plan, int *found, plenum_diag *d);

/* Names a limit into out (size n): "cap of account co2", "labour in year 2", ... */
void pl_limit_what(const pl_model *m, plenum_limit kind, int64_t year, int64_t index,
                   int64_t index2, char *out, size_t n);

#endif
