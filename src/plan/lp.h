/* A linear program in the general bounded form that every plan problem is turned into, and
 * the solver backends behind one interface (prefix lp_):
 *
 *     minimise    c'x + c0
 *     subject to  rlo <= A x <= rhi      (m rows; -INFINITY / INFINITY for a free side)
 *                 lo  <=   x <= hi       (n columns)
 *
 * Backends: GLPK (exact simplex/interior point), Clp (exact simplex) and PDLP (first-order
 * primal–dual hybrid gradient, matrix–vector products only). Kernels (mat-vec,
 * projections, norms) live apart from the algorithm so that a backend for MPI ranks or a
 * GPU swaps only the kernels. */
#ifndef PLENUM_PLAN_LP_H
#define PLENUM_PLAN_LP_H
#include <stdint.h>
#include "util/util.h"

typedef struct lp_problem {
	int64_t m, n;    /* rows, columns */
	int64_t *Ap;     /* length m+1: row pointers (CSR) */
	int32_t *Aj;     /* length Ap[m]: column of each entry */
	double *Ax;      /* length Ap[m]: value of each entry */
	double *c;       /* length n: objective */
	double c0;       /* objective constant */
	double *lo, *hi; /* length n: column bounds */
	double *rlo, *rhi; /* length m: row bounds */
	char **row_name; /* length m, or NULL: names for MPS and reports */
	char **col_name; /* length n, or NULL */
	/* Columns h0 .. h0+nh-1 add -H(x_j) to the objective, H Cockshott's harmony of a
	 * fulfilment (lp_harmony): a separable convex program that only PDLP takes (by the
	 * proximal step of -H); GLPK and the MPS writer refuse it. nh = 0: a plain LP. */
	int64_t h0, nh;
	/* Units PDLP works and stops in, or NULL (the problem's own): it solves the problem
	 * with row i times ru[i] and column j counted in units of cu[j] (its entries and cost
	 * times cu[j], its bounds over it), then measures its residuals there, and returns x
	 * and y in the problem's own units. The planner counts every product in units of the
	 * targets' geometric mean, so that a table in dollars and the same table in millions
	 * are one problem to PDLP. GLPK and the MPS writer ignore them. */
	double *ru;      /* length m, or NULL */
	double *cu;      /* length n, or NULL */
	/* Which simplex Clp starts with: 0 the dual one, 1 the primal one. The planner asks for
	 * the primal one on plans over several years with capital stocks, where Clp's dual
	 * simplex is slow (docs/solvers.md, Clp); the others ignore it. */
	int primal;
} lp_problem;

/* What a solver found (the model status), apart from whether the call worked. */
typedef enum lp_status {
	LP_OPTIMAL = 0,   /* within the requested tolerance */
	LP_INFEASIBLE,    /* primal infeasible (PDLP: y is a certificate, a dual ray) */
	LP_UNBOUNDED,     /* dual infeasible (PDLP: x is a certificate, a primal ray, or the move
	                   * of a plan that ran off past 1e30: lp_pdlp.c, ran_off) */
	LP_ITERATION_LIMIT,
	LP_TIME_LIMIT,
	LP_NUMERICAL,     /* the backend gave up for numerical reasons */
} lp_status;

const char *lp_status_name(lp_status s); /* "optimal", "infeasible", ... */

/* Whether the backend called name (lp_result.backend) is an exact simplex one, whose
 * answers are vertices with a basis: "glpk" or "clp". */
int lp_exact(const char *name);

/* Which backend lp_solve uses: LP_AUTO picks the exact one (lp_exact_backend) for small
 * problems (m + n up to lp_opts.pdlp_above), PDLP above that. */
typedef enum lp_backend { LP_AUTO = 0, LP_GLPK, LP_PDLP, LP_CLP } lp_backend;

/* The exact backend LP_AUTO takes: Clp where the build has it (several times faster than
 * GLPK on the planner's LPs: docs/performance.md), else GLPK, else PDLP when it has
 * neither. */
lp_backend lp_exact_backend(void);
/* Its name as --solver takes it: "clp", "glpk" or "pdlp". */
const char *lp_exact_name(void);

typedef struct lp_opts {
	double tolerance;   /* relative primal/dual residual and gap to stop at; default 1e-6 */
	int64_t max_iter;   /* default 1000000; 0: no limit */
	double time_limit;  /* seconds; default INFINITY */
	int threads;        /* 0: OpenMP's choice */
	int verbose;        /* progress lines on stderr */
	lp_backend backend; /* default LP_AUTO */
	int64_t pdlp_above; /* LP_AUTO: PDLP when m + n > this; default 20000 */
	const double *x0;   /* length n, or NULL: PDLP starts here (warm start); borrowed */
	const double *y0;   /* length m, or NULL */
	/* GLPK and Clp start from this simplex basis (lp_result.basis of an LP whose first
	 * basis_rows rows and every column this one shares; its later rows start basic) by the
	 * dual simplex, as after cuts are added; from scratch when that does not end optimal.
	 * Borrowed; NULL: from scratch. PDLP ignores it. */
	const unsigned char *basis;
	int64_t basis_rows;
} lp_opts;

void lp_opts_init(lp_opts *o);

typedef struct lp_result {
	lp_status status;
	double objective;           /* c'x + c0 (less the harmony of the harmony columns) */
	double dual_objective;      /* the dual bound lp_measure computed */
	double *x;                  /* length n: primal solution (owned; lp_result_free) */
	double *y;                  /* length m: row duals (shadow prices), sign: d obj / d rhs */
	double *z;                  /* length n: reduced costs */
	double primal_residual;     /* relative */
	double dual_residual;       /* relative */
	double gap;                 /* relative duality gap */
	int64_t iterations;
	double seconds;
	const char *backend;        /* "glpk", "clp" or "pdlp" */
	/* An exact backend's optimal simplex basis: the status of each row, then of each
	 * column, in GLPK's codes whichever backend (1 basic, 2 at its lower bound, 3 upper,
	 * 4 free, 5 fixed); owned, or NULL */
	unsigned char *basis;
} lp_result;

void lp_result_free(lp_result *r);

void lp_problem_free(lp_problem *p); /* frees every array and name; NULL fields are fine */

/* Each backend: PLENUM_OK when the call worked (whatever r->status says); an error status
 * with d->message when it could not run (out of memory, bad problem). */
int lp_solve_glpk(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d);
int lp_solve_pdlp(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d);
int lp_solve_clp(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d);
/* Whether r claims an optimum its measures (lp_measure) do not bear out: a relative primal
 * or dual residual above 1e-6, or a relative gap above 1e-4. The exact backends solve such
 * an LP again another way. */
int lp_untrusted(const lp_result *r);

/* The exact solvers' dual feasibility tolerance (GLPK's tol_dj, Clp's dual tolerance; both
 * 1e-7 by default). At 1e-7 they stopped short of the optimum by 3e-8 to 1.3e-6 of it on
 * generated plans (the small wrong-signed reduced costs times activities in the hundreds),
 * and a balanced plan's fewest hours, which change fast with the level just below it,
 * then differed by up to 0.85 % between them (docs/solvers.md, "Accuracy of the exact
 * solvers"). At 1e-9 both reach the same optimum to about 1e-9, in the same time. */
#define LP_EXACT_DUAL_TOL 1e-9

/* What an exact backend (`name` as lp_result.backend, `title` in messages) does first: r
 * zeroed and named, p checked, harmony columns refused, *o pointed at def's defaults when
 * NULL. PLENUM_OK, or the error with d->message. */
int lp_exact_begin(const lp_problem *p, const lp_opts **o, lp_opts *def, lp_result *r,
                   const char *name, const char *title, plenum_diag *d);
/* The backend o->backend names (o may be NULL: defaults). Without GLPK (Clp) in the build,
 * lp_solve_glpk (lp_solve_clp) returns PLENUM_EUNSUPPORTED. */
int lp_solve(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d);

/* Checks what the backends rely on: sizes, column indices in range and strictly increasing
 * within each row, finite values, lo <= hi, rlo <= rhi, no bound at the wrong infinity.
 * PLENUM_EINVAL with the first offence in d. */
int lp_problem_check(const lp_problem *p, plenum_diag *d);

/* Builds CSR arrays for an m-row matrix from nz triplets (row ri[k], column cj[k], value
 * v[k]); duplicates are summed, columns sorted within rows. On success *Ap, *Aj, *Ax are
 * owned by the caller (ut_free); on PLENUM_ENOMEM they are left NULL. */
int lp_csr_from_triplets(int64_t m, int64_t nz, const int64_t *ri, const int32_t *cj,
                         const double *v, int64_t **Ap, int32_t **Aj, double **Ax);

/* Fills r->primal_residual, dual_residual and gap from r->x and r->y on p (relative, as
 * PDLP stops on them): ||viol(Ax), viol(x)|| / (1 + ||b||), ||c - A'y - lambda|| / (1 + ||c||)
 * with lambda the part of the reduced costs that the bounds allow, and |primal - dual| /
 * (1 + |primal| + |dual|). Leaves r->objective alone. PLENUM_ENOMEM with d->message when
 * its work array cannot be had. */
int lp_measure(const lp_problem *p, lp_result *r, plenum_diag *d);

/* The largest violation of a row's or a column's bounds at x, relative to 1 + the larger
 * of the bounds' finite magnitudes and the row's sum |a_ij x_j|: what the relative norm of
 * lp_measure can hide (a PDLP point at 4e-7 there broke one row of size 17 by 0.3 %). */
double lp_worst_row(const lp_problem *p, const double *x);

/* c'x + c0, less sum H(x_j) over the harmony columns */
double lp_objective(const lp_problem *p, const double *x);

/* Cockshott's harmony of fulfilment f (net output over target): ln f for f >= 1,
 * u - u^2/2 with u = f - 1 below; concave, continuously differentiable, H(1) = 0. */
double lp_harmony(double f);
/* The proximal step of -H with step tau >= 0 at w: argmin over f >= 0 of
 * -H(f) + (f - w)^2 / (2 tau), in closed form. */
double lp_harmony_prox(double w, double tau);
/* inf over f >= 0 of -H(f) + rho f (the dual's term of a harmony column with reduced cost
 * rho); -INFINITY for rho <= 0. */
double lp_harmony_dual(double rho);

/* Whether p is unbounded under cost c (NULL: p->c): forcing rows, then the LP of the
 * recession cone when it is small (lp_ray.c). *found = 1 with *ray (length n, owned:
 * ut_free) a direction that keeps every finite bound and lowers the cost; 0 when there is
 * none (exact); -1 when the cone's LP is larger than o->pdlp_above and was not solved. */
int lp_ray(const lp_problem *p, const double *c, const lp_opts *o, double **ray, int *found,
           plenum_diag *d);

/* Free MPS. The writer names rows/columns from row_name/col_name (spaces replaced, made
 * unique) or R<i>/C<j>; the objective row is "obj", its constant written as RHS -c0 (the
 * CPLEX/CLP/HiGHS convention; glpsol reads that RHS with the opposite sign). It
 * writes a temporary file and renames it to path. The reader takes fixed or free MPS
 * (names without spaces): ROWS, COLUMNS (integer markers ignored), RHS, RANGES, BOUNDS
 * (UP LO FX FR MI PL BV LI UI), OBJSENSE MAX (c is negated: the problem read is always a
 * minimisation). It fills *p (zeroed first; lp_problem_free it) with names. */
int lp_write_mps(const lp_problem *p, const char *path, plenum_diag *d);
int lp_read_mps(const char *path, lp_problem *p, plenum_diag *d);

#endif
