/* The engine's public calls: labour values with embodied accounts (gather form) and gross
 * output with the labour and accounts it takes (scatter form). */
#include <math.h>
#include <string.h>
#include "core/leontief.h"

void plenum_solve_opts_init(plenum_solve_opts *o)
{
	o->method = PLENUM_METHOD_AUTO;
	o->tolerance = 1e-10;
	o->max_iter = 10000;
	o->threads = 0;
}

/* B[j*m + 0] = l_j, B[j*m + 1 + a] = account a per unit of product j */
static void values_rhs(const plenum_economy *e, const sp_leontief *L, int m, double *B)
{
	SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
	for (int64_t j = 0; j < L->n; j++) {
		int64_t t = sp_tech(L, j);
		double q = 1.0 / e->tout[t];
		double *b = B + j * m;
		b[0] = e->tlab[t] * q;
		for (int c = 1; c < m; c++)
			b[c] = 0;
		for (int64_t k = e->em.p[t]; m > 1 && k < e->em.p[t + 1]; k++)
			b[1 + e->em.i[k]] += e->em.x[k] * q;
	}
}

/* Warns once (count and worst) about products whose value came out negative: only
 * negative input coefficients can do that. */
static void warn_negative(const plenum_economy *e, int64_t n, const double *v, plenum_diag *d)
{
	int64_t count = 0, worst = -1;
	for (int64_t j = 0; j < n; j++)
		if (v[j] < 0) {
			count++;
			if (worst < 0 || v[j] < v[worst])
				worst = j;
		}
	if (count)
		ut_warn(
		    d, -v[worst],
		    "%lld product%s a negative labour value, the lowest '%s' with %.6g hours "
		    "(negative input coefficients); check those inputs",
		    (long long)count, count == 1 ? " has" : "s have", ec_name(e->pkey, worst),
		    v[worst]);
}

/* With no negative coefficient and b >= 0, x = b + bA + bA^2 + ... >= 0 when the series
 * converges: an entry below zero (past rounding) is the mark of a solve that "converged" on a
 * matrix with rho(A) >= 1 that the surplus test could not decide. Values m apart in x. */
static int sign_check(const plenum_economy *e, const sp_leontief *L, const double *b,
                      const double *x, int m, plenum_diag *d)
{
	int64_t low = -1;
	double top = 0;
	if (L->negative)
		return PLENUM_OK; /* negative coefficients: x may be negative */
	for (int64_t j = 0; j < L->n; j++) {
		if (b[j * m] < 0)
			return PLENUM_OK;
		top = fmax(top, fabs(x[j * m]));
		if (low < 0 || x[j * m] < x[low * m])
			low = j;
	}
	if (low < 0 || x[low * m] >= -1e-9 * top)
		return PLENUM_OK;
	return ut_fail(d, PLENUM_ENOSURPLUS, "economy cannot produce a surplus: the solution came "
	               "out negative ('%s': %.6g) though no coefficient is, the mark of inputs "
	               "with a spectral radius of 1 or more; lower the input coefficients or raise "
	               "the outputs (plenum info ECON shows the radius)",
	               ec_name(e->pkey, low), x[low * m]);
}

static int prepare(const plenum_economy *e, const plenum_solve_opts **o,
                   plenum_solve_opts *defaults, plenum_solve_info **info, plenum_solve_info *spare,
                   sp_leontief *L, plenum_diag *d)
{
	if (!*o) {
		plenum_solve_opts_init(defaults);
		*o = defaults;
	}
	if (!*info)
		*info = spare;
	return sp_leontief_init(L, e, (*o)->threads, d);
}

int plenum_labour_values(const plenum_economy *e, const plenum_solve_opts *o, double *values,
                         double *embodied, plenum_solve_info *info, plenum_diag *d)
{
	if (!e || !values)
		return ut_fail(d, PLENUM_EINVAL,
		               "labour values need an economy and an output array");
	plenum_solve_opts defaults;
	plenum_solve_info spare;
	sp_leontief L;
	int rc = prepare(e, &o, &defaults, &info, &spare, &L, d);
	int m = embodied ? 1 + (int)e->na : 1;
	int64_t n = e->np;
	double *B = rc ? NULL : ut_mallocarray((size_t)n * (size_t)m + 1, sizeof *B);
	double *X = m == 1 ? values
	            : rc   ? NULL
	                   : ut_mallocarray((size_t)n * (size_t)m + 1, sizeof *X);
	if (B)
		ut_hugepages(B, (size_t)n * (size_t)m * sizeof *B);
	if (X && X != values)
		ut_hugepages(X, (size_t)n * (size_t)m * sizeof *X);
	if (!rc && (!B || !X))
		rc = ut_fail(d, PLENUM_ENOMEM,
		             "out of memory for the labour values of %lld products", (long long)n);
	if (!rc) {
		values_rhs(e, &L, m, B);
		it_system s = {.L = &L, .scatter = 0, .m = m, .B = B, .X = X};
		rc = it_solve(e, &s, o, info, d);
	}
	if (!rc)
		rc = sign_check(e, &L, B, X, m, d);
	if (!rc && m > 1)
		for (int64_t j = 0; j < n; j++) {
			values[j] = X[j * m];
			for (int c = 1; c < m; c++)
				embodied[(int64_t)(c - 1) * n + j] = X[j * m + c];
		}
	if (!rc)
		warn_negative(e, n, values, d);
	if (X != values)
		ut_free(X);
	ut_free(B);
	sp_leontief_free(&L);
	return rc;
}

/* Hours and each account's total for the activity that makes x. */
static void totals(const plenum_economy *e, const sp_leontief *L, const double *x,
                   double *labour_total, double *account_total)
{
	double hours = 0;
	if (account_total)
		for (int64_t a = 0; a < e->na; a++)
			account_total[a] = 0;
	for (int64_t j = 0; j < L->n; j++) {
		int64_t t = sp_tech(L, j);
		double activity = x[j] / e->tout[t];
		hours += activity * e->tlab[t];
		for (int64_t k = e->em.p[t]; account_total && k < e->em.p[t + 1]; k++)
			account_total[e->em.i[k]] += activity * e->em.x[k];
	}
	if (labour_total)
		*labour_total = hours;
}

int plenum_gross_output(const plenum_economy *e, const double *demand, const plenum_solve_opts *o,
                        double *x, double *labour_total, double *account_total,
                        plenum_solve_info *info, plenum_diag *d)
{
	if (!e || !x)
		return ut_fail(d, PLENUM_EINVAL,
		               "gross output needs an economy and an output array");
	if (!demand)
		demand = e->demand;
	for (int64_t j = 0; j < e->np; j++)
		if (!isfinite(demand[j]))
			return ut_fail(d, PLENUM_EINVAL,
			               "demand for product '%s' is %g: give a finite "
			               "number",
			               ec_name(e->pkey, j), demand[j]);
	plenum_solve_opts defaults;
	plenum_solve_info spare;
	sp_leontief L;
	int rc = prepare(e, &o, &defaults, &info, &spare, &L, d);
	if (!rc) {
		it_system s = {.L = &L, .scatter = 1, .m = 1, .B = demand, .X = x};
		rc = it_solve(e, &s, o, info, d);
	}
	if (!rc)
		rc = sign_check(e, &L, demand, x, 1, d);
	if (!rc)
		totals(e, &L, x, labour_total, account_total);
	sp_leontief_free(&L);
	return rc;
}
