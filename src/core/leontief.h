/* The Leontief view of an economy (one technique per product) and the kernels and solvers
 * of the engine. Internal to libplenum: sp_ the view and its sweeps, it_ the iterative
 * solvers. Nothing here copies the input coefficients: column j of A is the input row of the
 * technique of product j divided by its output, read in place from the economy. */
#ifndef PLENUM_CORE_LEONTIEF_H
#define PLENUM_CORE_LEONTIEF_H
#include <stdint.h>
#include "core/econ.h"
#include "plenum/engine.h"

#ifdef _OPENMP
#include <omp.h>
#define SP_PRAGMA(x) _Pragma(#x)
#else
#define SP_PRAGMA(x)
#endif

/* Products per block of the fixed partition that Gauss–Seidel and the reductions use; the
 * partition depends on n only, never on the number of threads, so results do not either. */
#define SP_BLOCK_MIN 4096
#define SP_BLOCKS_MAX 256
#define SP_WORK_PER_THREAD ((int64_t)1 << 17) /* input coefficients per thread at least */

typedef struct sp_leontief {
	int64_t n;           /* products */
	const int32_t *tech; /* length n: technique of product j; NULL when it is j itself */
	int32_t *tech_own;   /* what tech points to when it is owned */
	const int64_t *Ap;   /* technique rows: inputs of technique t at Ap[t] .. Ap[t+1]-1 */
	const int32_t *Ai;   /* length Ap[nt]: input product */
	const double *Ax;    /* length Ap[nt]: quantity per unit of activity */
	const double *tout;  /* length nt: units made per unit of activity */
	const double *tlab;  /* length nt: hours per unit of activity */
	int64_t bsize, nblocks;
	int threads;   /* threads for the kernels, >= 1 */
	int negative;  /* some input coefficient is negative */
	double *part;  /* length nblocks * partw: per-block partial results */
	double **zbuf; /* NULL, or threads copies of length n for Gauss–Seidel (gather) */
	int partw;     /* columns of part */
} sp_leontief;

static inline int64_t sp_tech(const sp_leontief *L, int64_t j)
{
	return L->tech ? L->tech[j] : j;
}

/* Builds the view of e. Fails with PLENUM_ESTRUCTURE naming the first product that no
 * technique or several make (or a technique with a non-positive output). */
int sp_leontief_init(sp_leontief *L, const plenum_economy *e, int threads, plenum_diag *d);
/* Makes room for m per-block partial results per block (L->partw >= m). */
int sp_leontief_parts(sp_leontief *L, int m);
void sp_leontief_free(sp_leontief *L);

/* max(s, x) that keeps a NaN once seen (a diverging sweep must not look converged). */
static inline double sp_max(double s, double x)
{
	return x > s || x != x ? x : s;
}

/* Block b covers products [*lo, *hi). */
static inline void sp_block(const sp_leontief *L, int64_t b, int64_t *lo, int64_t *hi)
{
	*lo = b * L->bsize;
	*hi = *lo + L->bsize < L->n ? *lo + L->bsize : L->n;
}

/* ---- gather form: row vectors, X = X A + B with m columns stored row-major (X[j*m+c]) ---- */

/* Y = X A + B. With gs, block Gauss–Seidel: within a block the products before j are read
 * from Y (already new), all else from X. dmax[c] = max_j |Y - X| per column (length m).
 * When cmax != NULL it receives max_j sum_i |A_ij| (the largest absolute column sum). */
void sp_gather(const sp_leontief *L, int gs, int m, const double *B, const double *X, double *Y,
               double *dmax, double *cmax);

/* y = w - w A (one column): the operator of GMRES in gather form. */
void sp_gather_op(const sp_leontief *L, const double *w, double *y);

/* ---- scatter form: column vectors, x = A x + b (one column) ---- */

/* Per-thread accumulators for the scatter kernels: acc[t] has length n for t < threads. */
typedef struct sp_scatter_ws {
	double **acc;
	int threads;
} sp_scatter_ws;
int sp_scatter_ws_init(sp_scatter_ws *w, const sp_leontief *L);
void sp_scatter_ws_free(sp_scatter_ws *w);

/* y = A x. When cmax != NULL it receives the largest absolute column sum. */
void sp_scatter(const sp_leontief *L, sp_scatter_ws *w, const double *x, double *y, double *cmax);
/* y = w - A w: the operator of GMRES in scatter form. */
void sp_scatter_op(const sp_leontief *L, sp_scatter_ws *ws, const double *w, double *y);
/* One block Gauss–Seidel sweep by columns on (I - A) x = b, keeping r = b - (I - A) x up to
 * date: within a block each product's residual is moved into x at once and its inputs'
 * residuals raised; raises in other blocks wait for the end of the sweep. Returns max |r|. */
double sp_scatter_gs(const sp_leontief *L, sp_scatter_ws *w, double *x, double *r);

/* ---- reductions over the fixed blocks (deterministic for any number of threads) ---- */
double sp_dot(const sp_leontief *L, const double *a, const double *b);
double sp_norm_inf(const sp_leontief *L, const double *a);

/* ---- solvers ---- */

/* A linear system in one of the two forms. */
typedef struct it_system {
	const sp_leontief *L;
	int scatter;     /* 0: gather (X = X A + B, m columns), 1: scatter (x = A x + b) */
	int m;           /* columns (scatter: 1) */
	const double *B; /* length n*m: right-hand side */
	double *X;       /* length n*m: the solution, row-major */
} it_system;

/* Solves s with the options o (method, tolerance, iteration limit). Fills info. Fails with
 * PLENUM_ENOSURPLUS when the economy cannot produce a surplus, PLENUM_ENOCONVERGE at the
 * iteration limit, PLENUM_ENOMEM. */
int it_solve(const plenum_economy *e, it_system *s, const plenum_solve_opts *o,
             plenum_solve_info *info, plenum_diag *d);

/* Restarted GMRES on one column: (I - A) x = b in the form of s, from the start in x.
 * Spends at most *budget steps (decremented); res receives ||b - (I-A)x||_inf. Returns
 * PLENUM_OK when res <= tol * ||b||_inf, PLENUM_ENOCONVERGE when the budget ran out. */
int it_gmres(const sp_leontief *L, int scatter, sp_scatter_ws *ws, const double *b, double *x,
             double tol, int64_t *budget, double *res);

/* The no-surplus diagnosis: decides whether rho(A) >= 1 by strongly connected components
 * and the Collatz–Wielandt bounds on each. Returns PLENUM_ENOSURPLUS with a message naming
 * the products of an offending component, PLENUM_OK when every component is productive or
 * the test cannot decide (negative coefficients, slow bounds), PLENUM_ENOMEM. */
int sp_surplus_check(const plenum_economy *e, const sp_leontief *L, plenum_diag *d);

/* Estimate of rho(|A|) by shifted power iteration (at most iters products with |A|). */
int sp_spectral_radius(const sp_leontief *L, int iters, double *rho);

#endif
