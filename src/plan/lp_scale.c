/* Diagonal preconditioning for PDLP: geometric scaling where the entries span many orders
 * of magnitude, Ruiz equilibration, then Pock–Chambolle (alpha = 1), applied once to a
 * copy of the problem. */
#include <math.h>
#include <string.h>
#include "plan/lp_pdlp.h"

#define GEO_RANGE 1e8
#define GEO_ROUNDS 8
#define GEO_FLOOR 1e-6
#ifdef _OPENMP
#define PRAGMA(x) _Pragma(#x)
#define OMP_FOR(nt) PRAGMA(omp parallel for schedule(static) num_threads(nt))
#else
#define OMP_FOR(nt)
#endif

void lp_scaled_free(lp_scaled *s)
{
	lp_csr_free(&s->A);
	lp_csr_free(&s->AT);
	ut_free(s->c);
	ut_free(s->lo);
	ut_free(s->hi);
	ut_free(s->rlo);
	ut_free(s->rhi);
	ut_free(s->dr);
	ut_free(s->dc);
	ut_free(s->wr);
	ut_free(s->wc);
	memset(s, 0, sizeof *s);
}

/* How row_factors measures a row: its largest entry (Ruiz), its sum (Pock–Chambolle), or
 * the geometric mean of its non-zero entries. */
enum { BY_SUM, BY_MAX, BY_GEOMETRIC };

/* f_i = 1 / sqrt(max_e |x_e|) (BY_MAX), 1 / sqrt(sum_e |x_e|) (BY_SUM), or 1 over the
 * geometric mean of the |x_e| above GEO_FLOOR times the largest (BY_GEOMETRIC) over row i
 * of M; 1 for an empty row. With perm, entry q's value is x[perm[q]]. */
static void row_factors(const lp_kern *k, const lp_csr *M, const double *x,
                        const int64_t *perm, int by, double *f)
{
	OMP_FOR(k->threads)
	for (int64_t i = 0; i < M->rows; i++) {
		double a = 0, least = 0;
		int64_t nz = 0;
		for (int64_t q = M->p[i]; by == BY_GEOMETRIC && q < M->p[i + 1]; q++)
			least = fmax(least, GEO_FLOOR * fabs(x[perm ? perm[q] : q]));
		for (int64_t q = M->p[i]; q < M->p[i + 1]; q++) {
			double v = fabs(x[perm ? perm[q] : q]);
			if (by == BY_GEOMETRIC && v > least)
				a += log(v), nz++;
			else if (by != BY_GEOMETRIC)
				a = by == BY_MAX ? fmax(a, v) : a + v;
		}
		if (by == BY_GEOMETRIC)
			f[i] = nz ? exp(-a / (double)nz) : 1.0;
		else
			f[i] = a > 0 ? 1 / sqrt(a) : 1.0;
	}
}

/* A <- diag(fr) A diag(fc); dr .*= fr; dc .*= fc */
static void apply(const lp_kern *k, lp_scaled *s, const double *fr, const double *fc)
{
	lp_csr *A = &s->A;
	OMP_FOR(k->threads)
	for (int64_t i = 0; i < A->rows; i++) {
		for (int64_t e = A->p[i]; e < A->p[i + 1]; e++)
			A->x[e] *= fr[i] * fc[A->j[e]];
		s->dr[i] *= fr[i];
	}
	for (int64_t j = 0; j < s->n; j++)
		s->dc[j] *= fc[j];
}

static int copy_matrix(const lp_problem *p, lp_scaled *s)
{
	int64_t nz = p->m ? p->Ap[p->m] : 0;
	s->A.rows = p->m;
	s->A.cols = p->n;
	s->A.p = ut_big_array((size_t)p->m + 1, sizeof *s->A.p, 0);
	s->A.j = ut_big_array((size_t)nz + 1, sizeof *s->A.j, 0);
	s->A.x = ut_big_array((size_t)nz + 1, sizeof *s->A.x, 0);
	if (!s->A.p || !s->A.j || !s->A.x)
		return PLENUM_ENOMEM;
	if (p->m)
		memcpy(s->A.p, p->Ap, ((size_t)p->m + 1) * sizeof *s->A.p);
	else
		s->A.p[0] = 0;
	memcpy(s->A.j, p->Aj, (size_t)nz * sizeof *s->A.j);
	memcpy(s->A.x, p->Ax, (size_t)nz * sizeof *s->A.x);
	return PLENUM_OK;
}

static int alloc_vectors(lp_scaled *s)
{
	size_t m = (size_t)s->m + 1, n = (size_t)s->n + 1;
	s->c = ut_big_array(n, sizeof(double), 0);
	s->lo = ut_big_array(n, sizeof(double), 0);
	s->hi = ut_big_array(n, sizeof(double), 0);
	s->dc = ut_big_array(n, sizeof(double), 0);
	s->wc = ut_big_array(n, sizeof(double), 0);
	s->rlo = ut_big_array(m, sizeof(double), 0);
	s->rhi = ut_big_array(m, sizeof(double), 0);
	s->dr = ut_big_array(m, sizeof(double), 0);
	s->wr = ut_big_array(m, sizeof(double), 0);
	if (!s->c || !s->lo || !s->hi || !s->dc || !s->wc || !s->rlo || !s->rhi || !s->dr ||
	    !s->wr)
		return PLENUM_ENOMEM;
	for (int64_t i = 0; i < s->m; i++)
		s->dr[i] = 1;
	for (int64_t j = 0; j < s->n; j++)
		s->dc[j] = 1;
	return PLENUM_OK;
}

/* sum over pairs of the square of the larger finite magnitude (0 when both are infinite) */
static double bound_sq(const double *lo, const double *hi, int64_t n)
{
	double s = 0;
	for (int64_t i = 0; i < n; i++) {
		double a = isfinite(lo[i]) ? fabs(lo[i]) : 0, b = isfinite(hi[i]) ? fabs(hi[i]) : 0;
		s += fmax(a, b) * fmax(a, b);
	}
	return s;
}

/* The vectors of the scaled problem from p and dr, dc; then beta and gamma. wr and wc
 * turn scaled residuals into residuals in the problem's units (ru, cu: lp.h). */
static void scale_vectors(const lp_problem *p, lp_scaled *s)
{
	double c2 = 0;
	for (int64_t j = 0; j < s->n; j++) {
		s->c[j] = p->c[j] * s->dc[j];
		s->lo[j] = p->lo[j] / s->dc[j];
		s->hi[j] = p->hi[j] / s->dc[j];
		s->wc[j] = (p->cu ? p->cu[j] : 1) / s->dc[j];
		c2 += s->c[j] * s->c[j];
	}
	for (int64_t i = 0; i < s->m; i++) {
		s->rlo[i] = p->rlo[i] * s->dr[i];
		s->rhi[i] = p->rhi[i] * s->dr[i];
		s->wr[i] = (p->ru ? p->ru[i] : 1) / s->dr[i];
	}
	s->beta = 1 + sqrt(bound_sq(s->rlo, s->rhi, s->m) + bound_sq(s->lo, s->hi, s->n));
	s->gamma = 1 + sqrt(c2);
	for (int64_t j = 0; j < s->n; j++) {
		s->c[j] /= s->gamma;
		s->lo[j] /= s->beta;
		s->hi[j] /= s->beta;
	}
	for (int64_t i = 0; i < s->m; i++) {
		s->rlo[i] /= s->beta;
		s->rhi[i] /= s->beta;
	}
}

/* The largest over the smallest non-zero |a_ij| of the problem in its units (lp.h). */
static double entry_range(const lp_problem *p, const lp_scaled *s)
{
	double lo = INFINITY, hi = 0;
	for (int64_t i = 0; i < s->m; i++)
		for (int64_t q = s->A.p[i]; q < s->A.p[i + 1]; q++) {
			double v = fabs(s->A.x[q]) * (p->ru ? p->ru[i] : 1) *
			           (p->cu ? p->cu[s->A.j[q]] : 1);
			if (v > 0)
				lo = fmin(lo, v), hi = fmax(hi, v);
		}
	return hi > 0 ? hi / lo : 1;
}

/* Rows, then columns, to geometric mean 1: alternating least squares on log |a_ij|, whose
 * limit does not depend on the units the problem came in. */
static void geometric(const lp_kern *k, lp_scaled *s, const int64_t *perm, double *fr,
                      double *fc)
{
	for (int64_t j = 0; j < s->n; j++)
		fc[j] = 1;
	row_factors(k, &s->A, s->A.x, NULL, BY_GEOMETRIC, fr);
	apply(k, s, fr, fc);
	for (int64_t i = 0; i < s->m; i++)
		fr[i] = 1;
	row_factors(k, &s->AT, s->A.x, perm, BY_GEOMETRIC, fc);
	apply(k, s, fr, fc);
}

/* The problem counted in its units (lp.h: ru, cu): where it is scaled geometrically,
 * the same problem in other units (a table in dollars and in millions) is then scaled
 * alike. */
static void units(const lp_kern *k, const lp_problem *p, lp_scaled *s, double *fr,
                  double *fc)
{
	if (!p->ru && !p->cu)
		return;
	for (int64_t i = 0; i < s->m; i++)
		fr[i] = p->ru ? p->ru[i] : 1;
	for (int64_t j = 0; j < s->n; j++)
		fc[j] = p->cu ? p->cu[j] : 1;
	apply(k, s, fr, fc);
}

/* The rounds of scaling; AT's pattern (with perm into A) gives the column sums. Entries
 * spanning more than GEO_RANGE (a table in money units with hours per unit) first get
 * GEO_ROUNDS of geometric scaling: Ruiz alone leaves them at one of many equilibria,
 * the one the units chose, and PDLP's iterations depend on which (docs/solvers.md). Those
 * start from the problem in its units; the others from the problem as it is (starting
 * them in units took the 5-year benchmark plan from 10 560 iterations to 35 904). */
static void rounds(const lp_kern *k, const lp_problem *p, lp_scaled *s, const int64_t *perm,
                   int ruiz, double *fr, double *fc)
{
	int geo = entry_range(p, s) > GEO_RANGE;
	if (geo)
		units(k, p, s, fr, fc);
	for (int r = 0; geo && r < GEO_ROUNDS; r++)
		geometric(k, s, perm, fr, fc);
	for (int r = 0; r <= ruiz; r++) {
		int by = r < ruiz ? BY_MAX : BY_SUM; /* the last round is Pock–Chambolle */
		row_factors(k, &s->A, s->A.x, NULL, by, fr);
		row_factors(k, &s->AT, s->A.x, perm, by, fc);
		apply(k, s, fr, fc);
	}
	int64_t nz = s->A.p[s->m];
	for (int64_t q = 0; q < nz; q++)
		s->AT.x[q] = s->A.x[perm[q]];
}

int lp_scale(const lp_problem *p, const lp_kern *k, int ruiz, lp_scaled *s, plenum_diag *d)
{
	memset(s, 0, sizeof *s);
	s->m = p->m;
	s->n = p->n;
	s->h0 = p->h0;
	s->nh = p->nh;
	int64_t *perm = NULL;
	double *fr = ut_mallocarray((size_t)p->m + 1, sizeof *fr);
	double *fc = ut_mallocarray((size_t)p->n + 1, sizeof *fc);
	int rc = PLENUM_OK;
	if (!fr || !fc || copy_matrix(p, s) || alloc_vectors(s) ||
	    lp_csr_transpose(&s->A, &s->AT, &perm)) {
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory scaling an LP (%lld x %lld)",
		             (long long)p->m, (long long)p->n);
		lp_scaled_free(s);
	} else {
		rounds(k, p, s, perm, ruiz, fr, fc);
		scale_vectors(p, s);
	}
	ut_free(perm);
	ut_free(fr);
	ut_free(fc);
	return rc;
}
