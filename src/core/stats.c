/* The economy's vital signs for `plenum info`: sizes, sparsity, negative coefficients,
 * products with no technique or several, and the spectral radius of |A| by power iteration. */
#include <math.h>
#include <string.h>
#include "core/leontief.h"

#define POWER_ITERS 300           /* power steps at most */
#define POWER_MIN 20              /* ... but at least this many, whatever the work */
#define POWER_TOL 1e-7            /* stop when the Collatz–Wielandt bounds are this close */
#define POWER_WORK ((int64_t)4e9) /* coefficient visits at most (about 20 sweeps at 10^7 x 20) */

/* y = u (|A| + alpha I); returns ||y||_1 and the Collatz–Wielandt bounds max / min of
 * y_j / u_j (over u_j > 0) in *hi, *lo. */
static double power_step(const sp_leontief *L, double alpha, const double *u, double *y, double *lo,
                         double *hi)
{
	double *part = L->part;
	int w = L->partw;
	SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
	for (int64_t b = 0; b < L->nblocks; b++) {
		int64_t lo_, hi_;
		double sum = 0, mx = 0, mn = INFINITY;
		sp_block(L, b, &lo_, &hi_);
		for (int64_t j = lo_; j < hi_; j++) {
			int64_t t = sp_tech(L, j);
			double s = 0;
			for (int64_t k = L->Ap[t]; k < L->Ap[t + 1]; k++)
				s += fabs(L->Ax[k]) * u[L->Ai[k]];
			y[j] = s / L->tout[t] + alpha * u[j];
			sum += y[j];
			if (u[j] > 0) {
				mx = fmax(mx, y[j] / u[j]);
				mn = fmin(mn, y[j] / u[j]);
			}
		}
		part[b * w] = sum;
		part[b * w + 1] = mx;
		part[b * w + 2] = mn;
	}
	double sum = 0;
	*hi = 0;
	*lo = INFINITY;
	for (int64_t b = 0; b < L->nblocks; b++) {
		sum += part[b * w];
		*hi = fmax(*hi, part[b * w + 1]);
		*lo = fmin(*lo, part[b * w + 2]);
	}
	return sum;
}

/* Absolute column sums into cs (length n); returns the largest, an upper bound on rho(|A|). */
static double column_sums(const sp_leontief *L, double *cs)
{
	double m = 0;
	for (int64_t j = 0; j < L->n; j++) {
		int64_t t = sp_tech(L, j);
		double s = 0;
		for (int64_t k = L->Ap[t]; k < L->Ap[t + 1]; k++)
			s += fabs(L->Ax[k]);
		cs[j] = s / L->tout[t];
		m = fmax(m, cs[j]);
	}
	return m;
}

int sp_spectral_radius(const sp_leontief *L, int iters, double *rho)
{
	int64_t n = L->n;
	double *u = ut_mallocarray((size_t)n + 1, sizeof *u);
	double *y = ut_mallocarray((size_t)n + 1, sizeof *y);
	int rc = u && y ? sp_leontief_parts((sp_leontief *)L, 3) : PLENUM_ENOMEM;
	double cmax = rc ? 0 : column_sums(L, u), est = cmax;
	*rho = 0;
	if (rc || n == 0 || cmax == 0) {
		ut_free(u);
		ut_free(y);
		return rc;
	}
	for (int64_t j = 0; j < n; j++)
		u[j] = 1.0 / (double)n;
	/* the shift keeps a periodic |A| from oscillating; small, so that contraction is fast */
	double alpha = 0.1 * cmax;
	int64_t nnz = 0;
	for (int64_t j = 0; j < n; j++)
		nnz += L->Ap[sp_tech(L, j) + 1] - L->Ap[sp_tech(L, j)];
	int64_t cap = POWER_WORK / (nnz + n);
	if (cap < iters)
		iters = cap < POWER_MIN ? POWER_MIN : (int)cap;
	for (int it = 0; it < iters; it++) {
		double lo, hi, norm = power_step(L, alpha, u, y, &lo, &hi);
		est = fmin(norm - alpha, hi - alpha); /* ||u||_1 = 1; hi bounds rho from above */
		if (!(norm > 0) || hi - lo <= POWER_TOL * hi)
			break; /* the Collatz–Wielandt bounds have met */
		for (int64_t j = 0; j < n; j++)
			u[j] = y[j] / norm;
	}
	ut_free(u);
	ut_free(y);
	*rho = fmax(est, 0);
	return PLENUM_OK;
}

static void count_structure(const plenum_economy *e, plenum_econ_stats *s, int32_t *count)
{
	memset(count, 0, (size_t)e->np * sizeof *count);
	double labour = 0;
	for (int64_t t = 0; t < e->nt; t++) {
		count[e->tprod[t]]++;
		int64_t m = e->in.p[t + 1] - e->in.p[t];
		s->max_inputs = m > s->max_inputs ? m : s->max_inputs;
		labour += e->tlab[t] / e->tout[t];
	}
	for (int64_t j = 0; j < e->np; j++) {
		s->without_technique += count[j] == 0;
		s->multi_technique += count[j] > 1;
	}
	for (int64_t k = 0; k < s->inputs; k++)
		s->negative += e->in.x[k] < 0;
	s->labour_share = e->nt ? labour / (double)e->nt : 0;
}

int plenum_economy_stats(const plenum_economy *e, plenum_econ_stats *s, plenum_diag *d)
{
	if (!e || !s)
		return ut_fail(d, PLENUM_EINVAL, "economy statistics need an economy");
	memset(s, 0, sizeof *s);
	s->products = e->np;
	s->techniques = e->nt;
	s->accounts = e->na;
	s->inputs = e->in.p[e->nt];
	s->emissions = e->em.p[e->nt];
	s->density = e->np && e->nt ? (double)s->inputs / ((double)e->np * (double)e->nt) : 0;
	s->spectral_radius = NAN;
	int32_t *count = ut_mallocarray((size_t)e->np + 1, sizeof *count);
	if (!count)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory counting techniques");
	count_structure(e, s, count);
	ut_free(count);
	if (s->without_technique || s->multi_technique)
		return PLENUM_OK; /* A is not square: no spectral radius */
	sp_leontief L;
	int rc = sp_leontief_init(&L, e, 0, d);
	if (!rc)
		rc = sp_spectral_radius(&L, POWER_ITERS, &s->spectral_radius);
	if (rc == PLENUM_ESTRUCTURE) { /* a technique without output: no A to measure */
		rc = PLENUM_OK;
		if (d)
			d->message[0] = '\0';
	}
	if (rc == PLENUM_ENOMEM)
		ut_fail(d, rc, "out of memory estimating the spectral radius");
	sp_leontief_free(&L);
	return rc;
}
