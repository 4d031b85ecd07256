/* A linear program in the general bounded form that every plan problem is turned into, and
 * the solver backends behind one interface (prefix lp_):
 *
 *     minimise    c'x + c0
 *     subject to  rlo <= A x <= rhi      (m rows; -INFINITY / INFINITY for a free side)
 *                 lo  <=   x <= hi       (n columns)
 *
 * Backends: GLPK (exact simplex/interior point) and PDLP (first-order primal–dual hybrid
 * gradient, matrix–vector products only). Kernels (mat-vec, projections, norms) live apart
 * from the algorithm so that a backend for MPI ranks or a GPU swaps only the kernels. */
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
} lp_problem;

/* What a solver found (the model status), apart from whether the call worked. */
typedef enum lp_status {
	LP_OPTIMAL = 0,   /* within the requested tolerance */
	LP_INFEASIBLE,    /* primal infeasible (a certificate is in y when the backend gives one) */
	LP_UNBOUNDED,     /* dual infeasible */
	LP_ITERATION_LIMIT,
	LP_TIME_LIMIT,
	LP_NUMERICAL,     /* the backend gave up for numerical reasons */
} lp_status;

const char *lp_status_name(lp_status s); /* "optimal", "infeasible", ... */

typedef struct lp_opts {
	double tolerance;   /* relative primal/dual residual and gap to stop at; default 1e-6 */
	int64_t max_iter;   /* default 1000000 */
	double time_limit;  /* seconds; default INFINITY */
	int threads;        /* 0: OpenMP's choice */
	int verbose;        /* progress lines on stderr */
} lp_opts;

void lp_opts_init(lp_opts *o);

typedef struct lp_result {
	lp_status status;
	double objective;           /* c'x + c0 */
	double *x;                  /* length n: primal solution (owned; lp_result_free) */
	double *y;                  /* length m: row duals (shadow prices), sign: d obj / d rhs */
	double *z;                  /* length n: reduced costs */
	double primal_residual;     /* relative */
	double dual_residual;       /* relative */
	double gap;                 /* relative duality gap */
	int64_t iterations;
	double seconds;
	const char *backend;        /* "glpk" or "pdlp" */
} lp_result;

void lp_result_free(lp_result *r);
void lp_problem_free(lp_problem *p); /* frees every array and name; NULL fields are fine */

/* Each backend: PLENUM_OK when the call worked (whatever r->status says); an error status
 * with d->message when it could not run (out of memory, bad problem). */
int lp_solve_glpk(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d);
int lp_solve_pdlp(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d);

#endif
