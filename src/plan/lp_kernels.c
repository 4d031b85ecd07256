/* PDLP's kernels on the CPU: OpenMP over rows or fixed blocks of 4096 entries; each block's
 * partial sum lands in its own slot and the slots are added in order (deterministic). */
#include <math.h>
#include <string.h>
#include "plan/lp_kernels.h"
#include "util/util.h"
#ifdef _OPENMP
#include <omp.h>
#define PRAGMA(x) _Pragma(#x)
#define OMP_FOR(nt) PRAGMA(omp parallel for schedule(static) num_threads(nt))
#else
#define OMP_FOR(nt)
#endif

#define BLOCK 4096

static int64_t blocks(int64_t n)
{
	return (n + BLOCK - 1) / BLOCK;
}

int lp_kern_init(lp_kern *k, int threads, int64_t len)
{
#ifdef _OPENMP
	k->threads = threads > 0 ? threads : omp_get_max_threads();
#else
	(void)threads;
	k->threads = 1;
#endif
	k->part_blocks = blocks(len) + 1;
	k->part = ut_calloc((size_t)k->part_blocks * LP_COL_MEASURES, sizeof *k->part);
	return k->part ? PLENUM_OK : PLENUM_ENOMEM;
}

void lp_kern_free(lp_kern *k)
{
	ut_free(k->part);
	k->part = NULL;
}

void lp_csr_free(lp_csr *A)
{
	ut_free(A->p);
	ut_free(A->j);
	ut_free(A->x);
	memset(A, 0, sizeof *A);
}

/* T = A' by counting sort on columns; stable, so T's columns increase within each row. */
int lp_csr_transpose(const lp_csr *A, lp_csr *T, int64_t **perm)
{
	int64_t nz = A->p[A->rows];
	memset(T, 0, sizeof *T);
	T->rows = A->cols;
	T->cols = A->rows;
	T->p = ut_big_array((size_t)A->cols + 2, sizeof *T->p, 1);
	T->j = ut_big_array((size_t)nz + 1, sizeof *T->j, 0);
	T->x = ut_big_array((size_t)nz + 1, sizeof *T->x, 0);
	int64_t *q = perm ? ut_mallocarray((size_t)nz + 1, sizeof *q) : NULL;
	if (!T->p || !T->j || !T->x || (perm && !q)) {
		lp_csr_free(T);
		ut_free(q);
		return PLENUM_ENOMEM;
	}
	for (int64_t e = 0; e < nz; e++)
		T->p[A->j[e] + 2]++;
	for (int64_t c = 0; c < A->cols; c++)
		T->p[c + 2] += T->p[c + 1];
	for (int64_t r = 0; r < A->rows; r++)
		for (int64_t e = A->p[r]; e < A->p[r + 1]; e++) {
			int64_t t = T->p[A->j[e] + 1]++;
			T->j[t] = (int32_t)r;
			T->x[t] = A->x[e];
			if (q)
				q[t] = e;
		}
	if (perm)
		*perm = q;
	return PLENUM_OK;
}

/* y = A x */
void lp_spmv(const lp_kern *k, const lp_csr *A, const double *x, double *y)
{
	const int64_t *Ap = A->p;
	const int32_t *Aj = A->j;
	const double *Ax = A->x;
	OMP_FOR(k->threads)
	for (int64_t i = 0; i < A->rows; i++) {
		double s = 0;
		for (int64_t e = Ap[i]; e < Ap[i + 1]; e++)
			s += Ax[e] * x[Aj[e]];
		y[i] = s;
	}
}

static double sum_parts(const double *part, int64_t nb, int stride, int which)
{
	double s = 0;
	for (int64_t b = 0; b < nb; b++)
		s += part[b * stride + which];
	return s;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* xn = proj_[lo,hi](x - tau (c - aty)); returns ||xn - x||^2 */
double lp_primal_step(const lp_kern *k, int64_t n, const double *x, const double *c,
                      const double *aty, const double *lo, const double *hi, double tau,
                      double *xn)
{
	int64_t nb = blocks(n);
	double *part = k->part;
	OMP_FOR(k->threads)
	for (int64_t b = 0; b < nb; b++) {
		int64_t e = b * BLOCK + BLOCK < n ? b * BLOCK + BLOCK : n;
		double s = 0;
		for (int64_t j = b * BLOCK; j < e; j++) {
			double v = clamp(x[j] - tau * (c[j] - aty[j]), lo[j], hi[j]);
			xn[j] = v;
			s += (v - x[j]) * (v - x[j]);
		}
		part[b] = s;
	}
	return sum_parts(part, nb, 1, 0);
}

/* yn = q + sigma proj_[rlo,rhi](-q / sigma), q = y - sigma (2 axn - ax); returns ||yn - y||^2 */
double lp_dual_step(const lp_kern *k, int64_t m, const double *y, const double *ax,
                    const double *axn, const double *rlo, const double *rhi, double sigma,
                    double *yn)
{
	int64_t nb = blocks(m);
	double *part = k->part;
	OMP_FOR(k->threads)
	for (int64_t b = 0; b < nb; b++) {
		int64_t e = b * BLOCK + BLOCK < m ? b * BLOCK + BLOCK : m;
		double s = 0;
		for (int64_t i = b * BLOCK; i < e; i++) {
			double q = y[i] - sigma * (2 * axn[i] - ax[i]);
			double v = q + sigma * clamp(-q / sigma, rlo[i], rhi[i]);
			yn[i] = v;
			s += (v - y[i]) * (v - y[i]);
		}
		part[b] = s;
	}
	return sum_parts(part, nb, 1, 0);
}

/* (a - b)'(c - d) */
double lp_dot_diff(const lp_kern *k, int64_t n, const double *a, const double *b,
                   const double *c, const double *d)
{
	int64_t nb = blocks(n);
	double *part = k->part;
	OMP_FOR(k->threads)
	for (int64_t t = 0; t < nb; t++) {
		int64_t e = t * BLOCK + BLOCK < n ? t * BLOCK + BLOCK : n;
		double s = 0;
		for (int64_t j = t * BLOCK; j < e; j++)
			s += (a[j] - b[j]) * (c[j] - d[j]);
		part[t] = s;
	}
	return sum_parts(part, nb, 1, 0);
}

/* ||a - b||^2 */
double lp_dist2(const lp_kern *k, int64_t n, const double *a, const double *b)
{
	return lp_dot_diff(k, n, a, b, a, b);
}

/* avg += w (v - avg) */
void lp_blend(const lp_kern *k, int64_t n, double *avg, const double *v, double w)
{
	OMP_FOR(k->threads)
	for (int64_t j = 0; j < n; j++)
		avg[j] += w * (v[j] - avg[j]);
}

/* z = a - b */
void lp_sub(const lp_kern *k, int64_t n, const double *a, const double *b, double *z)
{
	OMP_FOR(k->threads)
	for (int64_t j = 0; j < n; j++)
		z[j] = a[j] - b[j];
}

int64_t lp_dual_cone(const lp_kern *k, int64_t m, double *y, const double *rlo,
                     const double *rhi)
{
	int64_t nb = blocks(m);
	double *part = k->part;
	OMP_FOR(k->threads)
	for (int64_t b = 0; b < nb; b++) {
		int64_t e = b * BLOCK + BLOCK < m ? b * BLOCK + BLOCK : m, zeroed = 0;
		for (int64_t i = b * BLOCK; i < e; i++)
			if ((y[i] > 0 && !isfinite(rlo[i])) || (y[i] < 0 && !isfinite(rhi[i]))) {
				y[i] = 0;
				zeroed++;
			}
		part[b] = (double)zeroed;
	}
	return (int64_t)sum_parts(part, nb, 1, 0);
}

/* What multiplier v on a quantity bounded by [lo, hi] adds to the dual objective. */
static double dual_term(double v, double lo, double hi)
{
	if (v > 0)
		return isfinite(lo) ? v * lo : 0.0;
	if (v < 0)
		return isfinite(hi) ? v * hi : 0.0;
	return 0.0;
}

/* The bound itself, or its recession cone's (0 for a finite bound). */
static double bound(double b, int rec)
{
	return rec && isfinite(b) ? 0.0 : b;
}

void lp_row_measures(const lp_kern *k, int64_t m, const double *ax, const double *y,
                     const double *rlo, const double *rhi, const double *w, int rec,
                     double out[LP_ROW_MEASURES])
{
	int64_t nb = blocks(m);
	double *part = k->part;
	OMP_FOR(k->threads)
	for (int64_t b = 0; b < nb; b++) {
		int64_t e = b * BLOCK + BLOCK < m ? b * BLOCK + BLOCK : m;
		double v2 = 0, dt = 0, yv = 0, ayv = 0;
		for (int64_t i = b * BLOCK; i < e; i++) {
			double lo = bound(rlo[i], rec), hi = bound(rhi[i], rec);
			double viol = ax ? ax[i] - clamp(ax[i], lo, hi) : 0.0;
			double v = viol * (w ? w[i] : 1.0);
			v2 += v * v;
			if (y) {
				dt += dual_term(y[i], lo, hi);
				yv += y[i] * viol;
				ayv += fabs(y[i] * viol);
			}
		}
		double *o = part + LP_ROW_MEASURES * b;
		o[0] = v2;
		o[1] = dt;
		o[2] = yv;
		o[3] = ayv;
	}
	for (int t = 0; t < LP_ROW_MEASURES; t++)
		out[t] = sum_parts(part, nb, LP_ROW_MEASURES, t);
}

/* The part of reduced cost r that bounds [lo, hi] allow. */
static double allowed(double r, double lo, double hi)
{
	if (r > 0)
		return isfinite(lo) ? r : 0.0;
	return isfinite(hi) ? r : 0.0;
}

/* One column's contributions (see lp_col_measures). */
static void col_terms(double x, double aty, double c, double lo, double hi, double w,
                      int have_x, int have_aty, double s[LP_COL_MEASURES])
{
	double viol = x - clamp(x, lo, hi);
	if (have_aty) {
		double r = c - aty, lam = allowed(r, lo, hi), v = (r - lam) * w;
		s[0] += v * v;
		s[2] += dual_term(lam, lo, hi);
		s[4] += x * (r - lam);
		if (have_x) {
			s[5] += fabs(x * (r - lam));
			s[6] += fabs(r * viol);
		}
	}
	if (have_x) {
		double v = viol / w;
		s[1] += c * x;
		s[3] += v * v;
	}
}

void lp_col_measures(const lp_kern *k, int64_t n, const double *x, const double *aty,
                     const double *c, const double *lo, const double *hi, const double *w,
                     int rec, double out[LP_COL_MEASURES])
{
	int64_t nb = blocks(n);
	double *part = k->part;
	OMP_FOR(k->threads)
	for (int64_t b = 0; b < nb; b++) {
		int64_t e = b * BLOCK + BLOCK < n ? b * BLOCK + BLOCK : n;
		double s[LP_COL_MEASURES] = {0};
		for (int64_t j = b * BLOCK; j < e; j++)
			col_terms(x ? x[j] : 0, aty ? aty[j] : 0, c ? c[j] : 0, bound(lo[j], rec),
			          bound(hi[j], rec), w ? w[j] : 1.0, x != NULL, aty != NULL, s);
		memcpy(part + LP_COL_MEASURES * b, s, sizeof s);
	}
	for (int t = 0; t < LP_COL_MEASURES; t++)
		out[t] = sum_parts(part, nb, LP_COL_MEASURES, t);
}
