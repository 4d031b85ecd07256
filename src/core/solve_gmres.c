/* Restarted GMRES (Saad and Schultz 1986) on (I - A) x = b, in gather or scatter form, with
 * modified Gram–Schmidt and Givens rotations. For the slow case of a spectral radius near 1
 * the few eigenvalues of I - A near 0 are what Krylov spaces capture in a few steps, where
 * a sweep would shrink them by (1 - rho) each. */
#include <math.h>
#include <string.h>
#include "core/leontief.h"

#define RESTART_MAX 30
#define BASIS_BUDGET ((int64_t)512 << 20) /* bytes of Krylov basis at most */
#define BREAKDOWN 1e-12 /* see cycle */
#define STALLS 2        /* cycles in a row without progress before giving up */

typedef struct gm {
	const sp_leontief *L;
	int scatter;
	sp_scatter_ws *ws;
	int m;                   /* restart length */
	double **V;              /* m+1 vectors of length n */
	double *H;               /* (m+1) x m, column-major: H[i + k*(m+1)] */
	double *cs, *sn, *g, *y; /* rotations (m), rhs (m+1), solution (m) */
} gm;

static void op(gm *s, const double *w, double *y)
{
	if (s->scatter)
		sp_scatter_op(s->L, s->ws, w, y);
	else
		sp_gather_op(s->L, w, y);
}

/* y = alpha x + y */
static void axpy(const sp_leontief *L, double alpha, const double *x, double *y)
{
	SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
	for (int64_t i = 0; i < L->n; i++)
		y[i] += alpha * x[i];
}

static void scale(const sp_leontief *L, double alpha, double *x)
{
	SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
	for (int64_t i = 0; i < L->n; i++)
		x[i] *= alpha;
}

/* r = b - (I - A) x; returns ||r||_inf */
static double residual(gm *s, const double *b, const double *x, double *r)
{
	const sp_leontief *L = s->L;
	op(s, x, r);
	SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
	for (int64_t i = 0; i < L->n; i++)
		r[i] = b[i] - r[i];
	return sp_norm_inf(L, r);
}

static int gm_alloc(gm *s)
{
	int64_t n = s->L->n, fit = BASIS_BUDGET / (8 * (n + 1)) - 1;
	int m = fit < 4 ? 4 : fit > RESTART_MAX ? RESTART_MAX : (int)fit;
	m = m > n ? (int)(n > 0 ? n : 1) : m; /* a Krylov space has n dimensions at most */
	s->m = m;
	s->V = ut_calloc((size_t)m + 1, sizeof *s->V);
	s->H = ut_calloc((size_t)(m + 1) * (size_t)m, sizeof *s->H);
	s->cs = ut_calloc((size_t)(4 * m + 2), sizeof *s->cs);
	if (!s->V || !s->H || !s->cs)
		return PLENUM_ENOMEM;
	s->sn = s->cs + m;
	s->g = s->sn + m;
	s->y = s->g + m + 1;
	for (int k = 0; k <= m; k++)
		if (!(s->V[k] = ut_mallocarray((size_t)n + 1, sizeof(double))))
			return PLENUM_ENOMEM;
	return PLENUM_OK;
}

static void gm_free(gm *s)
{
	for (int k = 0; s->V && k <= s->m; k++)
		ut_free(s->V[k]);
	ut_free(s->V);
	ut_free(s->H);
	ut_free(s->cs);
}

/* Applies the rotations so far to column k of H, makes the next one, and returns the new
 * residual estimate |g[k+1]|. */
static double rotate(gm *s, int k)
{
	double *h = s->H + (size_t)k * (size_t)(s->m + 1);
	for (int i = 0; i < k; i++) {
		double t = s->cs[i] * h[i] + s->sn[i] * h[i + 1];
		h[i + 1] = -s->sn[i] * h[i] + s->cs[i] * h[i + 1];
		h[i] = t;
	}
	double rr = hypot(h[k], h[k + 1]);
	s->cs[k] = rr > 0 ? h[k] / rr : 1;
	s->sn[k] = rr > 0 ? h[k + 1] / rr : 0;
	h[k] = rr;
	h[k + 1] = 0;
	s->g[k + 1] = -s->sn[k] * s->g[k];
	s->g[k] = s->cs[k] * s->g[k];
	return fabs(s->g[k + 1]);
}

/* x += V y where H(0:kk, 0:kk) y = g, upper triangular */
static void update(gm *s, int kk, double *x)
{
	int m1 = s->m + 1;
	for (int i = kk - 1; i >= 0; i--) {
		double t = s->g[i];
		for (int j = i + 1; j < kk; j++)
			t -= s->H[i + j * m1] * s->y[j];
		double hii = s->H[i + i * m1];
		s->y[i] = hii != 0 ? t / hii : 0;
	}
	for (int i = 0; i < kk; i++)
		axpy(s->L, s->y[i], s->V[i], x);
}

/* One cycle of at most m steps from r = V[0] (not yet normalised, 2-norm beta). Returns the
 * number of steps taken. */
static int cycle(gm *s, double beta, double goal, int64_t *budget, double *x)
{
	const sp_leontief *L = s->L;
	int m1 = s->m + 1, kk = 0;
	scale(L, 1.0 / beta, s->V[0]);
	memset(s->g, 0, (size_t)m1 * sizeof *s->g);
	s->g[0] = beta;
	for (int k = 0; k<s->m && * budget> 0; k++) {
		double *w = s->V[k + 1], *h = s->H + (size_t)k * (size_t)m1;
		op(s, s->V[k], w);
		(*budget)--;
		double wn = sqrt(sp_dot(L, w, w));
		for (int i = 0; i <= k; i++) {
			h[i] = sp_dot(L, w, s->V[i]);
			axpy(L, -h[i], s->V[i], w);
		}
		h[k + 1] = sqrt(sp_dot(L, w, w));
		double hk1 = h[k + 1];
		double est = rotate(s, k);
		kk = k + 1;
		/* What is left of w after taking out the basis is rounding when it is below
		 * BREAKDOWN of what it was: the space holds the solution, and a next direction
		 * made of that noise would only spoil it (the end result then depended on whether
		 * the budget ran out on an odd or an even step). */
		if (!(hk1 > BREAKDOWN * wn) || !isfinite(est) || est <= goal)
			break; /* solved in this space (or no further direction) */
		scale(L, 1.0 / hk1, w);
	}
	update(s, kk, x);
	return kk;
}

int it_gmres(const sp_leontief *L, int scatter, sp_scatter_ws *ws, const double *b, double *x,
             double tol, int64_t *budget, double *res)
{
	gm s = {.L = L, .scatter = scatter, .ws = ws};
	int rc = gm_alloc(&s);
	double target = tol * sp_norm_inf(L, b), best = INFINITY;
	int stalls = 0;
	while (!rc) {
		double *r = s.V[0];
		double rinf = residual(&s, b, x, r);
		*res = rinf;
		if (rinf <= target)
			break;
		/* A cycle that does not lower the residual has met rounding: the tolerance asks
		 * for more than (I - A), near singular, allows. Spending the rest of the budget
		 * would only stir the rounding (stopping on a lucky 0 or not, by the parity of the
		 * budget). */
		stalls = rinf < best ? 0 : stalls + 1;
		best = fmin(best, rinf);
		if (*budget <= 0 || !isfinite(rinf) || stalls >= STALLS) {
			rc = PLENUM_ENOCONVERGE;
			break;
		}
		double beta = sqrt(sp_dot(L, r, r));
		/* the 2-norm goal that should bring the max-norm residual to the target */
		double goal = 0.5 * beta * target / rinf;
		if (cycle(&s, beta, goal, budget, x) == 0) {
			rc = PLENUM_ENOCONVERGE;
			break;
		}
	}
	gm_free(&s);
	return rc;
}
