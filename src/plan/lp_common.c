/* What every LP backend shares: status names, default options, freeing, checking a
 * problem, building CSR from triplets, and the dispatch between backends. */
#include <math.h>
#include <string.h>
#include "plan/lp.h"

static const char *const status_names[] = {
	[LP_OPTIMAL] = "optimal",
	[LP_INFEASIBLE] = "infeasible",
	[LP_UNBOUNDED] = "unbounded",
	[LP_ITERATION_LIMIT] = "iteration-limit",
	[LP_TIME_LIMIT] = "time-limit",
	[LP_NUMERICAL] = "numerical",
};

const char *lp_status_name(lp_status s)
{
	if ((unsigned)s >= sizeof status_names / sizeof status_names[0])
		return "?";
	return status_names[s];
}

int lp_exact(const char *name)
{
	return name && (strcmp(name, "glpk") == 0 || strcmp(name, "clp") == 0);
}

/* An exact solver's optimum is trusted when its residuals are within 1e-6 and its gap within
 * 1e-4: Clp called a least-labour plan of the US table with 37 % too many hours optimal, its
 * residuals small beside costs of 1e-6 jobs per USD but its gap 0.17 (at dual tolerance 1e-9
 * exact optima close their gaps to 1e-15..3e-6). */
int lp_untrusted(const lp_result *r)
{
	return r->status == LP_OPTIMAL &&
	       !(fmax(r->primal_residual, r->dual_residual) <= 1e-6 && !(r->gap > 1e-4));
}

int lp_exact_begin(const lp_problem *p, const lp_opts **o, lp_opts *def, lp_result *r,
                   const char *name, const char *title, plenum_diag *d)
{
	memset(r, 0, sizeof *r);
	r->backend = name;
	int rc = lp_problem_check(p, d);
	if (rc)
		return rc;
	if (p->nh)
		return ut_fail(d, PLENUM_EUNSUPPORTED, "%s solves LPs only, not harmony columns: "
		               "use PDLP, or harmony's cutting planes", title);
	if (!*o) {
		lp_opts_init(def);
		*o = def;
	}
	return PLENUM_OK;
}

void lp_opts_init(lp_opts *o)
{
	memset(o, 0, sizeof *o);
	o->tolerance = 1e-6;
	o->max_iter = 1000000;
	o->time_limit = INFINITY;
	o->backend = LP_AUTO;
	o->pdlp_above = 20000;
}

void lp_result_free(lp_result *r)
{
	if (!r)
		return;
	ut_free(r->x);
	ut_free(r->y);
	ut_free(r->z);
	ut_free(r->basis);
	r->x = r->y = r->z = NULL;
	r->basis = NULL;
}

static void free_names(char **names, int64_t count)
{
	if (!names)
		return;
	for (int64_t i = 0; i < count; i++)
		ut_free(names[i]);
	ut_free(names);
}

void lp_problem_free(lp_problem *p)
{
	if (!p)
		return;
	ut_free(p->Ap);
	ut_free(p->Aj);
	ut_free(p->Ax);
	ut_free(p->c);
	ut_free(p->lo);
	ut_free(p->hi);
	ut_free(p->rlo);
	ut_free(p->rhi);
	ut_free(p->ru);
	ut_free(p->cu);
	free_names(p->row_name, p->m);
	free_names(p->col_name, p->n);
	memset(p, 0, sizeof *p);
}

double lp_objective(const lp_problem *p, const double *x)
{
	double s = p->c0;
	for (int64_t j = 0; j < p->n; j++)
		s += p->c[j] * x[j];
	for (int64_t j = p->h0; j < p->h0 + p->nh; j++)
		s -= lp_harmony(x[j]);
	return s;
}

double lp_harmony(double f)
{
	if (f >= 1)
		return log(f);
	double u = f - 1;
	return u - u * u / 2;
}

/* -H'(f) + (f - w) / tau = 0 with H' = 2 - f below 1 and 1/f above; both branches meet at
 * w = 1 - tau, and H is concave, so the lower branch holds exactly when its root is <= 1. */
double lp_harmony_prox(double w, double tau)
{
	double f = (2 * tau + w) / (tau + 1);
	if (f <= 1)
		return f > 0 ? f : 0.0;
	return (w + sqrt(w * w + 4 * tau)) / 2;
}

/* The minimiser has H'(f) = rho: f = 0 for rho >= 2 (H' <= 2), f = 2 - rho for 1 <= rho < 2,
 * f = 1 / rho for 0 < rho < 1. */
double lp_harmony_dual(double rho)
{
	if (!(rho > 0))
		return -INFINITY;
	double f = rho >= 2 ? 0.0 : rho >= 1 ? 2 - rho : 1 / rho;
	return rho * f - lp_harmony(f);
}

/* A bound pair is usable when lo <= hi, neither is NaN, lo < +inf and hi > -inf. */
static int bad_bounds(double lo, double hi)
{
	return isnan(lo) || isnan(hi) || lo > hi || lo == INFINITY || hi == -INFINITY;
}

static int check_rows(const lp_problem *p, plenum_diag *d)
{
	const int64_t *Ap = p->Ap;
	for (int64_t i = 0; i < p->m; i++) {
		if (Ap[i + 1] < Ap[i])
			return ut_fail(d, PLENUM_EINVAL, "LP row %lld: row pointers decrease",
			               (long long)i);
		for (int64_t k = Ap[i]; k < Ap[i + 1]; k++) {
			int32_t j = p->Aj[k];
			if (j < 0 || j >= p->n || (k > Ap[i] && j <= p->Aj[k - 1]))
				return ut_fail(d, PLENUM_EINVAL,
				               "LP row %lld: column %d out of range or not increasing; "
				               "build rows with lp_csr_from_triplets",
				               (long long)i, (int)j);
			if (!isfinite(p->Ax[k]))
				return ut_fail(d, PLENUM_EINVAL, "LP row %lld column %d: value is %g",
				               (long long)i, (int)j, p->Ax[k]);
		}
		if (bad_bounds(p->rlo[i], p->rhi[i]))
			return ut_fail(d, PLENUM_EINVAL, "LP row %lld: bounds [%g, %g] are empty",
			               (long long)i, p->rlo[i], p->rhi[i]);
	}
	return PLENUM_OK;
}

int lp_problem_check(const lp_problem *p, plenum_diag *d)
{
	if (!p || p->m < 0 || p->n < 0 || p->n > INT32_MAX || (p->m && !p->Ap) ||
	    (p->n && (!p->c || !p->lo || !p->hi)) || (p->m && (!p->rlo || !p->rhi)))
		return ut_fail(d, PLENUM_EINVAL, "LP problem: missing arrays or bad sizes");
	if (p->m && p->Ap[0] != 0)
		return ut_fail(d, PLENUM_EINVAL, "LP problem: row pointers must start at 0");
	if (!isfinite(p->c0))
		return ut_fail(d, PLENUM_EINVAL, "LP problem: objective constant is %g", p->c0);
	for (int64_t j = 0; j < p->n; j++) {
		if (!isfinite(p->c[j]))
			return ut_fail(d, PLENUM_EINVAL, "LP column %lld: cost is %g", (long long)j,
			               p->c[j]);
		if (bad_bounds(p->lo[j], p->hi[j]))
			return ut_fail(d, PLENUM_EINVAL, "LP column %lld: bounds [%g, %g] are empty",
			               (long long)j, p->lo[j], p->hi[j]);
	}
	if (p->h0 < 0 || p->nh < 0 || p->h0 + p->nh > p->n)
		return ut_fail(d, PLENUM_EINVAL, "LP problem: harmony columns %lld..%lld outside "
		               "the %lld columns", (long long)p->h0, (long long)(p->h0 + p->nh),
		               (long long)p->n);
	for (int64_t j = p->h0; j < p->h0 + p->nh; j++)
		if (p->lo[j] != 0 || p->hi[j] != INFINITY || p->c[j] != 0)
			return ut_fail(d, PLENUM_EINVAL, "LP column %lld: a harmony column needs bounds "
			               "[0, inf) and no cost", (long long)j);
	for (int64_t i = 0; p->ru && i < p->m; i++)
		if (!(p->ru[i] > 0 && isfinite(p->ru[i])))
			return ut_fail(d, PLENUM_EINVAL, "LP row %lld: unit %g is not positive",
			               (long long)i, p->ru[i]);
	for (int64_t j = 0; p->cu && j < p->n; j++)
		if (!(p->cu[j] > 0 && isfinite(p->cu[j])))
			return ut_fail(d, PLENUM_EINVAL, "LP column %lld: unit %g is not positive",
			               (long long)j, p->cu[j]);
	return check_rows(p, d);
}

enum { SHORT_ROW = 32 };

/* Insertion sort of one row's entries by column (stable): the planner's rows are short. */
static void sort_short(int32_t *Aj, double *Ax, int64_t n)
{
	for (int64_t q = 1; q < n; q++) {
		int32_t j = Aj[q];
		double x = Ax[q];
		int64_t t = q;
		for (; t > 0 && Aj[t - 1] > j; t--) {
			Aj[t] = Aj[t - 1];
			Ax[t] = Ax[t - 1];
		}
		Aj[t] = j;
		Ax[t] = x;
	}
}

/* Merge sort of a long row (stable), through scratch of the row's length: an MPS file whose
 * row of 50 000 entries came in falling column order took minutes by insertion. */
static void sort_long(int32_t *Aj, double *Ax, int64_t n, int32_t *sj, double *sx)
{
	int64_t k = 1;
	while (k < n && Aj[k - 1] <= Aj[k])
		k++;
	if (k == n)
		return; /* in order already, as the planner's labour and account rows come */
	for (int64_t q = 0; q < n; q += SHORT_ROW)
		sort_short(Aj + q, Ax + q, q + SHORT_ROW < n ? SHORT_ROW : n - q);
	for (int64_t w = SHORT_ROW; w < n; w *= 2) {
		for (int64_t lo = 0; lo < n; lo += 2 * w) {
			int64_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			int64_t a = lo, b = mid, o = lo;
			while (a < mid || b < hi)
				if (b >= hi || (a < mid && Aj[a] <= Aj[b]))
					sj[o] = Aj[a], sx[o++] = Ax[a++];
				else
					sj[o] = Aj[b], sx[o++] = Ax[b++];
		}
		memcpy(Aj, sj, (size_t)n * sizeof *Aj);
		memcpy(Ax, sx, (size_t)n * sizeof *Ax);
	}
}

/* Counting sort of the triplets by row, then by column within each row (stable); scratch
 * (sj, sx) holds the longest row. */
static void sort_triplets(int64_t m, int64_t nz, const int64_t *ri, const int32_t *cj,
                          const double *v, int64_t *Ap, int32_t *Aj, double *Ax,
                          int64_t *next, int32_t *sj, double *sx)
{
	for (int64_t k = 0; k < nz; k++)
		Ap[ri[k] + 1]++;
	for (int64_t i = 0; i < m; i++)
		Ap[i + 1] += Ap[i];
	memcpy(next, Ap, (size_t)m * sizeof *next);
	for (int64_t k = 0; k < nz; k++) {
		int64_t q = next[ri[k]]++;
		Aj[q] = cj[k];
		Ax[q] = v[k];
	}
	for (int64_t i = 0; i < m; i++) {
		int64_t len = Ap[i + 1] - Ap[i];
		if (len > SHORT_ROW)
			sort_long(Aj + Ap[i], Ax + Ap[i], len, sj, sx);
		else
			sort_short(Aj + Ap[i], Ax + Ap[i], len);
	}
}

/* The most entries of a row; ri's rows are counted into count (length m, zeroed). */
static int64_t longest_row(int64_t m, int64_t nz, const int64_t *ri, int64_t *count)
{
	int64_t most = 0;
	for (int64_t k = 0; k < nz; k++)
		count[ri[k]]++;
	for (int64_t i = 0; i < m; i++)
		most = count[i] > most ? count[i] : most;
	return most;
}

/* Sums neighbours with the same column in place; Ap is rewritten. */
static void merge_duplicates(int64_t m, int64_t *Ap, int32_t *Aj, double *Ax)
{
	int64_t w = 0, start = 0;
	for (int64_t i = 0; i < m; i++) {
		int64_t end = Ap[i + 1];
		int64_t row = w;
		for (int64_t q = start; q < end; q++) {
			if (w > row && Aj[w - 1] == Aj[q]) {
				Ax[w - 1] += Ax[q];
				continue;
			}
			Aj[w] = Aj[q];
			Ax[w++] = Ax[q];
		}
		start = end;
		Ap[i + 1] = w;
	}
}

int lp_csr_from_triplets(int64_t m, int64_t nz, const int64_t *ri, const int32_t *cj,
                         const double *v, int64_t **Ap, int32_t **Aj, double **Ax)
{
	int64_t *p = ut_calloc((size_t)m + 1, sizeof *p);
	int32_t *j = ut_mallocarray((size_t)nz, sizeof *j);
	double *x = ut_mallocarray((size_t)nz, sizeof *x);
	int64_t *next = ut_calloc((size_t)m + 1, sizeof *next);
	int64_t most = next ? longest_row(m, nz, ri, next) : 0;
	int32_t *sj = most > SHORT_ROW ? ut_mallocarray((size_t)most, sizeof *sj) : NULL;
	double *sx = most > SHORT_ROW ? ut_mallocarray((size_t)most, sizeof *sx) : NULL;
	*Ap = NULL;
	*Aj = NULL;
	*Ax = NULL;
	if (!p || !j || !x || !next || (most > SHORT_ROW && (!sj || !sx))) {
		ut_free(p);
		ut_free(j);
		ut_free(x);
		ut_free(next);
		ut_free(sj);
		ut_free(sx);
		return PLENUM_ENOMEM;
	}
	sort_triplets(m, nz, ri, cj, v, p, j, x, next, sj, sx);
	merge_duplicates(m, p, j, x);
	ut_free(next);
	ut_free(sj);
	ut_free(sx);
	*Ap = p;
	*Aj = j;
	*Ax = x;
	return PLENUM_OK;
}

static double fin_abs(double v)
{
	return isfinite(v) ? fabs(v) : 0.0;
}

/* v minus its projection onto [lo, hi] */
static double excess(double v, double lo, double hi)
{
	return v < lo ? v - lo : v > hi ? v - hi : 0.0;
}

/* The part of reduced cost r that bounds [lo, hi] allow: r >= 0 needs a finite lo. */
static double allowed(double r, double lo, double hi)
{
	if (r > 0)
		return isfinite(lo) ? r : 0.0;
	return isfinite(hi) ? r : 0.0;
}

/* What a bounded quantity with multiplier v contributes to the dual objective. */
static double dual_term(double v, double lo, double hi)
{
	if (v > 0)
		return isfinite(lo) ? v * lo : 0.0;
	if (v < 0)
		return isfinite(hi) ? v * hi : 0.0;
	return 0.0;
}

static double sq(double v)
{
	return v * v;
}

double lp_worst_row(const lp_problem *p, const double *x)
{
	double worst = 0;
	for (int64_t i = 0; i < p->m; i++) {
		double ax = 0, mag = 0;
		for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++) {
			ax += p->Ax[k] * x[p->Aj[k]];
			mag += fabs(p->Ax[k] * x[p->Aj[k]]);
		}
		double scale = 1 + fmax(mag, fmax(fin_abs(p->rlo[i]), fin_abs(p->rhi[i])));
		worst = fmax(worst, fabs(excess(ax, p->rlo[i], p->rhi[i])) / scale);
	}
	for (int64_t j = 0; j < p->n; j++) {
		double scale = 1 + fmax(fin_abs(p->lo[j]), fin_abs(p->hi[j]));
		worst = fmax(worst, fabs(excess(x[j], p->lo[j], p->hi[j])) / scale);
	}
	return worst;
}

int lp_measure(const lp_problem *p, lp_result *r, plenum_diag *d)
{
	double pres = 0, bnorm = 0, dres = 0, cnorm = 0, dobj = p->c0;
	double *aty = ut_calloc((size_t)p->n + 1, sizeof *aty);
	if (!aty)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory measuring an LP solution (%lld "
		               "columns)", (long long)p->n);
	for (int64_t i = 0; i < p->m; i++) {
		double ax = 0, yi = r->y[i];
		for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++) {
			ax += p->Ax[k] * r->x[p->Aj[k]];
			aty[p->Aj[k]] += p->Ax[k] * yi;
		}
		pres += sq(excess(ax, p->rlo[i], p->rhi[i]));
		bnorm += sq(fmax(fin_abs(p->rlo[i]), fin_abs(p->rhi[i])));
		dres += sq(yi - allowed(yi, p->rlo[i], p->rhi[i]));
		dobj += dual_term(yi, p->rlo[i], p->rhi[i]);
	}
	for (int64_t j = 0; j < p->n; j++) {
		double rc = p->c[j] - aty[j], lam = allowed(rc, p->lo[j], p->hi[j]);
		pres += sq(excess(r->x[j], p->lo[j], p->hi[j]));
		dres += sq(rc - lam);
		cnorm += sq(p->c[j]);
		dobj += dual_term(lam, p->lo[j], p->hi[j]);
		if (j >= p->h0 && j < p->h0 + p->nh && rc > 0) /* rc <= 0 is in dres */
			dobj += lp_harmony_dual(rc);
	}
	ut_free(aty);
	double pobj = lp_objective(p, r->x);
	r->primal_residual = sqrt(pres) / (1 + sqrt(bnorm));
	r->dual_residual = sqrt(dres) / (1 + sqrt(cnorm));
	r->gap = fabs(pobj - dobj) / (1 + fabs(pobj) + fabs(dobj));
	r->dual_objective = dobj;
	return PLENUM_OK;
}
