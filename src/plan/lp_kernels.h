/* The kernels PDLP runs on: sparse mat-vecs, the projected primal and dual steps, the
 * reductions it measures with. Everything the algorithm does to vectors of length m or n
 * goes through here, so that an MPI or GPU backend swaps this file, not lp_pdlp.c.
 * OpenMP-parallel; reductions sum fixed blocks in a fixed order, so results do not depend
 * on the number of threads. */
#ifndef PLENUM_PLAN_LP_KERNELS_H
#define PLENUM_PLAN_LP_KERNELS_H
#include <stdint.h>

/* A CSR matrix with rows rows: row i holds p[i] .. p[i+1]-1. */
typedef struct lp_csr {
	int64_t rows, cols;
	int64_t *p; /* length rows+1 */
	int32_t *j; /* length p[rows]: column */
	double *x;  /* length p[rows]: value */
} lp_csr;

/* Scratch and settings every kernel call shares. */
typedef struct lp_kern {
	int threads;  /* OpenMP threads (>= 1) */
	double *part; /* length LP_COL_MEASURES * part_blocks: per-block partial sums */
	int64_t part_blocks;
} lp_kern;

/* Sets threads (0: OpenMP's default) and allocates scratch for vectors up to len long. */
int lp_kern_init(lp_kern *k, int threads, int64_t len);
void lp_kern_free(lp_kern *k);

/* T = A' as CSR (T->rows = A->cols); perm[q] is the index in A of T's entry q (length
 * nnz), NULL when not wanted. PLENUM_ENOMEM leaves T empty. */
int lp_csr_transpose(const lp_csr *A, lp_csr *T, int64_t **perm);
void lp_csr_free(lp_csr *A);

/* y = A x */
void lp_spmv(const lp_kern *k, const lp_csr *A, const double *x, double *y);

/* xn = proj_[lo,hi](x - tau (c - aty)); returns ||xn - x||^2 */
double lp_primal_step(const lp_kern *k, int64_t n, const double *x, const double *c,
                      const double *aty, const double *lo, const double *hi, double tau,
                      double *xn);

/* yn = q + sigma proj_[rlo,rhi](-q / sigma), q = y - sigma (2 axn - ax); returns
 * ||yn - y||^2 */
double lp_dual_step(const lp_kern *k, int64_t m, const double *y, const double *ax,
                    const double *axn, const double *rlo, const double *rhi, double sigma,
                    double *yn);

/* (a - b)'(c - d) */
double lp_dot_diff(const lp_kern *k, int64_t n, const double *a, const double *b,
                   const double *c, const double *d);

/* ||a - b||^2 */
double lp_dist2(const lp_kern *k, int64_t n, const double *a, const double *b);

/* avg += w (v - avg) */
void lp_blend(const lp_kern *k, int64_t n, double *avg, const double *v, double w);

/* z = a - b */
void lp_sub(const lp_kern *k, int64_t n, const double *a, const double *b, double *z);

/* Projects a dual ray onto the dual cone of the rows: zeroes y_i > 0 where rlo_i is
 * infinite and y_i < 0 where rhi_i is (such a multiplier would weigh an infinite bound).
 * Returns how many entries it zeroed. */
int64_t lp_dual_cone(const lp_kern *k, int64_t m, double *y, const double *rlo,
                     const double *rhi);

/* Row measures. out[0] = sum (w_i viol_i)^2 with viol_i = ax_i - proj_[rlo,rhi](ax_i)
 * (when ax != NULL; w NULL means 1); out[1] = sum of y_i rlo_i (y_i > 0) and y_i rhi_i
 * (y_i < 0), infinite bounds skipped (when y != NULL); out[2] = sum y_i viol_i and out[3] =
 * sum |y_i viol_i| (both given). rec != 0 replaces the bounds by their recession cone
 * (finite bound -> 0). */
#define LP_ROW_MEASURES 4
void lp_row_measures(const lp_kern *k, int64_t m, const double *ax, const double *y,
                     const double *rlo, const double *rhi, const double *w, int rec,
                     double out[LP_ROW_MEASURES]);

/* Column measures with r = c - aty (c NULL: 0), lambda = the part of r the bounds allow
 * (r_j > 0 needs lo_j finite, r_j < 0 needs hi_j finite). When aty != NULL: out[0] = sum
 * (w_j (r_j - lambda_j))^2, out[2] = sum of lambda_j lo_j or lambda_j hi_j by sign. When x
 * != NULL: out[1] = c'x (c != NULL), out[3] = sum (viol_j / w_j)^2 of x_j outside the
 * bounds (or their recession cone when rec != 0). When both are given: out[4] = sum x_j
 * (r_j - lambda_j), out[5] = sum |x_j (r_j - lambda_j)| and out[6] = sum |r_j viol_j|.
 * Unset entries are 0. */
#define LP_COL_MEASURES 7
void lp_col_measures(const lp_kern *k, int64_t n, const double *x, const double *aty,
                     const double *c, const double *lo, const double *hi, const double *w,
                     int rec, double out[LP_COL_MEASURES]);

#endif
