/* The solver driver: sweeps (Jacobi or block Gauss–Seidel) until the relative residual
 * ||b - (I - A) x||_inf / ||b||_inf is at most the tolerance, the no-surplus diagnosis when
 * the column sums allow doubt, and the switch to GMRES when contraction is slow. */
#include <math.h>
#include <string.h>
#include "core/leontief.h"

#define JUDGE_SPAN 4         /* AUTO measures the contraction over this many sweeps */
#define SWITCH_REMAINING 150 /* ... and turns to GMRES when more sweeps than this remain */

/* How far column c is from the goal: |r| / (tol |b|); <= 1 is converged. */
static double ratio(double r, double bn, double tol)
{
	return r == 0 ? 0 : r / (tol * bn);
}

static double worst_ratio(const double *r, const double *bn, int m, double tol, double factor)
{
	double w = 0;
	for (int c = 0; c < m; c++)
		w = sp_max(w, ratio(factor * r[c], bn[c], tol));
	return w;
}

static double worst_relative(const double *r, const double *bn, int m)
{
	double w = 0;
	for (int c = 0; c < m; c++)
		w = sp_max(w, r[c] == 0 ? 0 : r[c] / bn[c]);
	return w;
}

/* AUTO's judgement after each sweep: hist holds the last JUDGE_SPAN+1 worst ratios. Slow
 * when the measured contraction q predicts more than SWITCH_REMAINING further sweeps. */
static int slow(double *hist, int64_t sweeps, double now)
{
	memmove(hist, hist + 1, JUDGE_SPAN * sizeof *hist);
	hist[JUDGE_SPAN] = now;
	if (sweeps <= JUDGE_SPAN + 1)
		return 0;
	double q = pow(hist[JUDGE_SPAN] / hist[0], 1.0 / JUDGE_SPAN);
	if (!(q < 1))
		return 1;
	return log(now) / -log(q) > SWITCH_REMAINING;
}

typedef struct run {
	const plenum_economy *e;
	it_system *s;
	const plenum_solve_opts *o;
	plenum_solve_info *info;
	plenum_diag *d;
	double *bn, *res; /* length m: ||b||_inf and the residual per column */
	double hist[JUDGE_SPAN + 1];
} run;

static int no_converge(run *r, int64_t iterations, double residual, int diverged)
{
	plenum_diag *d = r->d;
	r->info->iterations = iterations;
	if (diverged)
		return ut_fail(
		    d, PLENUM_ENOCONVERGE,
		    "solver diverged after %lld iterations (values grow without bound): "
		    "check the input coefficients (negative ones can hide an economy that "
		    "cannot produce a surplus)",
		    (long long)iterations);
	if (iterations < r->o->max_iter) /* GMRES stopped early: it_gmres */
		return ut_fail(d, PLENUM_ENOCONVERGE,
		               "GMRES stalled after %lld iterations at relative residual %.3g, above "
		               "the tolerance %g: near a spectral radius of 1 rounding allows no "
		               "better; loosen the tolerance (plenum info ECON shows the radius)",
		               (long long)iterations, residual, r->o->tolerance);
	return ut_fail(d, PLENUM_ENOCONVERGE,
	               "solver stopped at the iteration limit (%lld) with relative residual %.3g: "
	               "raise the limit, loosen the tolerance%s", (long long)iterations, residual,
	               r->info->method == PLENUM_METHOD_GMRES ? "" : " or use GMRES");
}

static void copy(const sp_leontief *L, int m, const double *src, double *dst)
{
	if (src != dst)
		memcpy(dst, src, (size_t)L->n * (size_t)m * sizeof *dst);
}

/* ||B[:, c]||_inf for every column */
static void column_norms(const sp_leontief *L, int m, const double *B, double *bn)
{
	for (int c = 0; c < m; c++)
		bn[c] = 0;
	for (int64_t j = 0; j < L->n; j++)
		for (int c = 0; c < m; c++)
			bn[c] = sp_max(bn[c], fabs(B[j * m + c]));
}

/* GMRES on every column of the gather system from X (row-major, m columns). */
static int gmres_gather(const sp_leontief *L, int m, const double *B, double *X, double tol,
                        int64_t *budget, double *res)
{
	if (m == 1)
		return it_gmres(L, 0, NULL, B, X, tol, budget, res);
	int64_t n = L->n;
	double *b = ut_mallocarray((size_t)n + 1, sizeof *b);
	double *x = ut_mallocarray((size_t)n + 1, sizeof *x);
	int rc = b && x ? PLENUM_OK : PLENUM_ENOMEM;
	for (int c = 0; c < m && !rc; c++) {
		for (int64_t j = 0; j < n; j++) {
			b[j] = B[j * m + c];
			x[j] = X[j * m + c];
		}
		rc = it_gmres(L, 0, NULL, b, x, tol, budget, &res[c]);
		for (int64_t j = 0; j < n; j++)
			X[j * m + c] = x[j];
	}
	ut_free(b);
	ut_free(x);
	return rc;
}

/* Checks for a surplus when the column sums cannot vouch for one. */
static int productive(run *r, double cmax)
{
	return cmax < 1 ? PLENUM_OK : sp_surplus_check(r->e, r->s->L, r->d);
}

/* Gather form: X = X A + B. Each sweep computes y from x. */
static int solve_gather(run *r, double *scratch)
{
	it_system *s = r->s;
	const sp_leontief *L = s->L;
	int m = s->m, method = r->o->method, gs = method != PLENUM_METHOD_JACOBI;
	double tol = r->o->tolerance, cmax = 0, *x = s->X, *y = scratch, *ans = NULL, *res = r->res;
	int64_t it = 1, max_iter = r->o->max_iter;
	copy(L, m, s->B, x); /* the first iterate from 0 */
	sp_gather(L, gs && method != PLENUM_METHOD_GMRES, m, s->B, x, y, res, &cmax);
	int rc = productive(r, cmax);
	if (method == PLENUM_METHOD_GMRES)
		ans = y;
	while (!rc && !ans) {
		double *next = y; /* where the newest iterate is */
		if (!isfinite(worst_relative(res, r->bn, m)))
			return no_converge(r, it, NAN, 1);
		if (!gs && worst_ratio(res, r->bn, m, tol, 1) <= 1) {
			ans = x; /* res is the exact residual of x */
			break;
		}
		/* Gauss–Seidel: r(y) = (y - x) A_U, so ||r(y)|| <= cmax ||y - x|| */
		if (gs && worst_ratio(res, r->bn, m, tol, fmax(cmax, 1e-300)) <= 1) {
			sp_gather(L, 0, m, s->B, y, x, res, NULL); /* the exact residual of y */
			if (worst_ratio(res, r->bn, m, tol, 1) <= 1) {
				ans = y;
				break;
			}
			next = x; /* go on from the Jacobi step just made */
		}
		if (it >= max_iter)
			return no_converge(r, it, worst_relative(res, r->bn, m), 0);
		if (method == PLENUM_METHOD_AUTO &&
		    slow(r->hist, it, worst_ratio(res, r->bn, m, tol, 1))) {
			method = r->info->method = PLENUM_METHOD_GMRES;
			ans = next;
			break;
		}
		y = next == y ? x : y;
		x = next;
		sp_gather(L, gs, m, s->B, x, y, res, NULL);
		it++;
	}
	if (!rc && method == PLENUM_METHOD_GMRES) {
		int64_t budget = max_iter - it;
		rc = gmres_gather(L, m, s->B, ans, tol, &budget, res);
		it = max_iter - budget;
		if (rc == PLENUM_ENOCONVERGE)
			return no_converge(r, it, worst_relative(res, r->bn, m),
			                   !isfinite(worst_relative(res, r->bn, m)));
	}
	r->info->iterations = it;
	if (!rc)
		copy(L, m, ans, s->X);
	return rc;
}

/* r = b - (I - A) x, exactly (not carried along); returns ||r||_inf */
static double true_residual(const sp_leontief *L, sp_scatter_ws *ws, const double *b,
                            const double *x, double *r)
{
	sp_scatter_op(L, ws, x, r);
	SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
	for (int64_t i = 0; i < L->n; i++)
		r[i] = b[i] - r[i];
	return sp_norm_inf(L, r);
}

/* Scatter form: (I - A) x = b with the residual r carried along. Jacobi: x += r, r = A r.
 * Gauss–Seidel by columns: sp_scatter_gs. */
static int solve_scatter(run *r, sp_scatter_ws *ws, double *rv, double *r2)
{
	it_system *s = r->s;
	const sp_leontief *L = s->L;
	int method = r->o->method;
	double tol = r->o->tolerance, cmax = 0, *x = s->X, bn = r->bn[0], res;
	int64_t it = 1, max_iter = r->o->max_iter;
	copy(L, 1, s->B, x);             /* the first iterate from 0 */
	sp_scatter(L, ws, x, rv, &cmax); /* r = b - (I - A) b = A b */
	int rc = productive(r, cmax);
	res = sp_norm_inf(L, rv);
	while (!rc && method != PLENUM_METHOD_GMRES) {
		if (!isfinite(res))
			return no_converge(r, it, NAN, 1);
		if (ratio(res, bn, tol) <= 1) {
			res = true_residual(L, ws, s->B, x, rv);
			if (ratio(res, bn, tol) <= 1)
				break;
		}
		if (it >= max_iter)
			return no_converge(r, it, res / bn, 0);
		if (method == PLENUM_METHOD_AUTO && slow(r->hist, it, ratio(res, bn, tol))) {
			method = r->info->method = PLENUM_METHOD_GMRES;
			break;
		}
		if (method == PLENUM_METHOD_JACOBI) {
			double *swap = rv;
			SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
			for (int64_t i = 0; i < L->n; i++)
				x[i] += rv[i];
			sp_scatter(L, ws, rv, r2, NULL);
			rv = r2, r2 = swap;
			res = sp_norm_inf(L, rv);
		} else {
			res = sp_scatter_gs(L, ws, x, rv);
		}
		it++;
	}
	if (!rc && method == PLENUM_METHOD_GMRES) {
		int64_t budget = max_iter - it;
		rc = it_gmres(L, 1, ws, s->B, x, tol, &budget, &res);
		it = max_iter - budget;
		if (rc == PLENUM_ENOCONVERGE)
			return no_converge(r, it, res / bn, !isfinite(res));
	}
	r->res[0] = res;
	r->info->iterations = it;
	return rc;
}

/* One copy of the iterate per thread for Gauss–Seidel in gather form (sp_gather). */
static int zbuf_init(sp_leontief *L)
{
	L->zbuf = ut_calloc((size_t)L->threads, sizeof *L->zbuf);
	if (!L->zbuf)
		return PLENUM_ENOMEM;
	for (int t = 0; t < L->threads; t++)
		if (!(L->zbuf[t] = ut_mallocarray((size_t)L->n + 1, sizeof(double))))
			return PLENUM_ENOMEM;
		else
			ut_hugepages(L->zbuf[t], (size_t)L->n * sizeof(double));
	return PLENUM_OK;
}

static void zbuf_free(sp_leontief *L)
{
	for (int t = 0; L->zbuf && t < L->threads; t++)
		ut_free(L->zbuf[t]);
	ut_free(L->zbuf);
	L->zbuf = NULL;
}

static int check_opts(const plenum_solve_opts *o, plenum_diag *d)
{
	if (o->method < PLENUM_METHOD_AUTO || o->method > PLENUM_METHOD_GMRES)
		return ut_fail(d, PLENUM_EINVAL,
		               "unknown solver method %d: use auto, jacobi, "
		               "gauss-seidel or gmres",
		               (int)o->method);
	if (!(o->tolerance > 0) || !(o->tolerance < 1))
		return ut_fail(d, PLENUM_EINVAL,
		               "tolerance %g is not in (0, 1): give a small "
		               "positive number such as 1e-10",
		               o->tolerance);
	if (o->max_iter < 1)
		return ut_fail(d, PLENUM_EINVAL, "iteration limit %lld is below 1: give at least 1",
		               (long long)o->max_iter);
	return PLENUM_OK;
}

int it_solve(const plenum_economy *e, it_system *s, const plenum_solve_opts *o,
             plenum_solve_info *info, plenum_diag *d)
{
	double t0 = ut_now();
	int m = s->scatter ? 1 : s->m, rc = check_opts(o, d);
	if (rc)
		return rc;
	run r = {.e = e, .s = s, .o = o, .info = info, .d = d};
	memset(info, 0, sizeof *info);
	info->method = o->method == PLENUM_METHOD_AUTO ? PLENUM_METHOD_GAUSS_SEIDEL : o->method;
	info->residual = NAN;
	int64_t n = s->L->n;
	sp_scatter_ws ws = {0};
	double *w1 = ut_mallocarray((size_t)n * (size_t)m + 1, sizeof *w1);
	double *w2 = s->scatter && o->method == PLENUM_METHOD_JACOBI
	                 ? ut_mallocarray((size_t)n + 1, sizeof *w2)
	                 : NULL;
	r.bn = ut_mallocarray((size_t)(2 * m), sizeof *r.bn);
	if (w1)
		ut_hugepages(w1, (size_t)n * (size_t)m * sizeof *w1);
	if (w2)
		ut_hugepages(w2, (size_t)n * sizeof *w2);
	rc = w1 && r.bn && (w2 || !s->scatter || o->method != PLENUM_METHOD_JACOBI) ? PLENUM_OK
	                                                                            : PLENUM_ENOMEM;
	if (!rc)
		rc = sp_leontief_parts((sp_leontief *)s->L, m + 1);
	if (!rc && s->scatter)
		rc = sp_scatter_ws_init(&ws, s->L);
	if (!rc && !s->scatter && m == 1 && o->method != PLENUM_METHOD_JACOBI &&
	    o->method != PLENUM_METHOD_GMRES)
		rc = zbuf_init((sp_leontief *)s->L);
	if (!rc) {
		r.res = r.bn + m;
		column_norms(s->L, m, s->B, r.bn);
		rc = s->scatter ? solve_scatter(&r, &ws, w1, w2) : solve_gather(&r, w1);
	}
	if (rc == PLENUM_ENOMEM && (!d || !d->message[0]))
		ut_fail(d, rc, "out of memory solving for %lld products", (long long)n);
	if (!rc || rc == PLENUM_ENOCONVERGE) {
		info->residual = worst_relative(r.res, r.bn, m);
		info->converged = !rc;
	}
	sp_scatter_ws_free(&ws);
	zbuf_free((sp_leontief *)s->L);
	ut_free(w1);
	ut_free(w2);
	ut_free(r.bn);
	info->seconds = ut_now() - t0;
	return rc;
}
