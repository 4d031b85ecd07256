/* lp_ray: is the LP unbounded, and along which ray? A ray d lies in the recession cone of
 * the feasible set (each finite row side and column bound homogeneous: rlo finite gives
 * A_i d >= 0, hi finite gives d_j <= 0, ...) and lowers the cost (c'd < 0).
 *
 * Forcing rows come first: a row whose every term a_ij d_j can only push it the wrong way
 * (labour <= H, every technique's hours positive, every d_j >= 0) holds each of its columns
 * at 0, and so on through the rows those columns were in. This is exact (signs only) and
 * costs a few passes over the matrix; on a plan with its hours limited it leaves only the
 * techniques that take no hours, so that the LP that decides (below) is small. When no
 * live column can lower the cost there is no ray. Otherwise the LP of the cone, its cost
 * columns boxed to [-1, 1], is solved exactly (GLPK, or PDLP without it) when it is small;
 * its optimum is below 0 exactly when a ray exists. */
#include <math.h>
#include <string.h>
#include "plan/lp.h"

enum { MAY_RISE = 1, MAY_FALL = 2 };
#define MAX_PASSES 200

/* Whether the term a d_j can be positive (sign 1) or negative (sign -1); a = 0 (an entry
 * stored as 0) never. */
static int can(double a, unsigned char may, int sign)
{
	if (a == 0)
		return 0;
	return a * sign > 0 ? (may & MAY_RISE) != 0 : (may & MAY_FALL) != 0;
}

/* Holds the columns of row i at 0 when its terms can only break its cone side. */
static int force_row(const lp_problem *p, int64_t i, unsigned char *may)
{
	int ge = isfinite(p->rlo[i]), le = isfinite(p->rhi[i]);
	int up = 0, down = 0, live = 0;
	for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++) {
		unsigned char mj = may[p->Aj[k]];
		live |= mj != 0 && p->Ax[k] != 0;
		up |= can(p->Ax[k], mj, 1);
		down |= can(p->Ax[k], mj, -1);
	}
	if (!live || !((le && !down) || (ge && !up)))
		return 0;
	for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++)
		if (p->Ax[k] != 0)
			may[p->Aj[k]] = 0;
	return 1;
}

static void force(const lp_problem *p, unsigned char *may)
{
	for (int pass = 0; pass < MAX_PASSES; pass++) {
		int changed = 0;
		for (int64_t i = 0; i < p->m; i++)
			changed |= force_row(p, i, may);
		if (!changed)
			return;
	}
}

/* Drops the live columns that neither cost nor sit in a row with a finite side (harmony's
 * columns of the concave program, one per target, when no cut is there): they can take
 * any value along a ray and change nothing. Without this a 10^5-product harmony plan
 * without hours counted 100 024 live columns against 12 live rows, and its cone's LP was
 * left unsolved as too large. Uses mark (length n) as scratch. */
static void drop_idle(const lp_problem *p, const double *c, unsigned char *may, int32_t *mark)
{
	memset(mark, 0, (size_t)p->n * sizeof *mark);
	for (int64_t i = 0; i < p->m; i++)
		if (isfinite(p->rlo[i]) || isfinite(p->rhi[i]))
			for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++)
				mark[p->Aj[k]] = 1;
	for (int64_t j = 0; j < p->n; j++)
		if (c[j] == 0 && !mark[j])
			may[j] = 0;
}

/* The cone's LP over the live columns (col[j] their new index, -1 for the others) and
 * the rows with a live entry and a finite side. */
static int cone_lp(const lp_problem *p, const double *c, const unsigned char *may,
                   const int32_t *col, int64_t n, lp_problem *q)
{
	memset(q, 0, sizeof *q);
	q->n = n;
	q->Ap = ut_calloc((size_t)p->m + 1, sizeof *q->Ap);
	q->c = ut_calloc((size_t)n + 1, sizeof *q->c);
	q->lo = ut_mallocarray((size_t)n + 1, sizeof *q->lo);
	q->hi = ut_mallocarray((size_t)n + 1, sizeof *q->hi);
	q->rlo = ut_mallocarray((size_t)p->m + 1, sizeof *q->rlo);
	q->rhi = ut_mallocarray((size_t)p->m + 1, sizeof *q->rhi);
	int64_t nz = 0;
	for (int64_t k = 0; k < p->Ap[p->m]; k++)
		nz += col[p->Aj[k]] >= 0;
	q->Aj = ut_mallocarray((size_t)nz + 1, sizeof *q->Aj);
	q->Ax = ut_mallocarray((size_t)nz + 1, sizeof *q->Ax);
	if (!q->Ap || !q->c || !q->lo || !q->hi || !q->rlo || !q->rhi || !q->Aj || !q->Ax)
		return PLENUM_ENOMEM;
	for (int64_t j = 0; j < p->n; j++) {
		if (col[j] < 0)
			continue;
		double box = c[j] != 0 ? 1 : INFINITY;
		q->c[col[j]] = c[j];
		q->lo[col[j]] = may[j] & MAY_FALL ? -box : 0;
		q->hi[col[j]] = may[j] & MAY_RISE ? box : 0;
	}
	for (int64_t i = 0; i < p->m; i++) {
		int64_t start = q->Ap[q->m];
		for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++)
			if (col[p->Aj[k]] >= 0) {
				q->Aj[start] = col[p->Aj[k]];
				q->Ax[start++] = p->Ax[k];
			}
		if (start == q->Ap[q->m] || (isinf(p->rlo[i]) && isinf(p->rhi[i])))
			continue;
		q->rlo[q->m] = isfinite(p->rlo[i]) ? 0 : -INFINITY;
		q->rhi[q->m] = isfinite(p->rhi[i]) ? 0 : INFINITY;
		q->Ap[++q->m] = start;
	}
	return PLENUM_OK;
}

/* Rows of the cone's LP: those with a live entry and a finite side. */
static int64_t live_rows(const lp_problem *p, const int32_t *col)
{
	int64_t rows = 0;
	for (int64_t i = 0; i < p->m; i++) {
		if (isinf(p->rlo[i]) && isinf(p->rhi[i]))
			continue;
		for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++)
			if (col[p->Aj[k]] >= 0) {
				rows++;
				break;
			}
	}
	return rows;
}

/* Solves the cone's LP; on a ray fills ray (length p->n, zero off the live columns). */
static int solve_cone(const lp_problem *p, const double *c, const unsigned char *may,
                      const int32_t *col, int64_t n, const lp_opts *o, double *ray,
                      int *found, plenum_diag *d)
{
	lp_problem q;
	int rc = cone_lp(p, c, may, col, n, &q);
	if (!rc) {
		lp_opts qo = *o;
		qo.x0 = qo.y0 = NULL;
		qo.backend = LP_AUTO;
		qo.tolerance = 1e-9;
		lp_result r = {0};
		rc = lp_solve(&q, &qo, &r, d);
		double cmax = 0;
		for (int64_t j = 0; j < n; j++)
			cmax = fmax(cmax, fabs(q.c[j]));
		if (!rc && r.status == LP_OPTIMAL && r.x && r.objective < -1e-7 * cmax) {
			*found = 1;
			for (int64_t j = 0; j < p->n; j++)
				ray[j] = col[j] >= 0 ? r.x[col[j]] : 0;
		} else if (!rc) {
			*found = r.status == LP_OPTIMAL ? 0 : -1;
		}
		lp_result_free(&r);
	}
	lp_problem_free(&q);
	return rc;
}

int lp_ray(const lp_problem *p, const double *c, const lp_opts *o, double **ray, int *found,
           plenum_diag *d)
{
	lp_opts def;
	if (!o) {
		lp_opts_init(&def);
		o = &def;
	}
	c = c ? c : p->c;
	*ray = NULL;
	*found = 0;
	unsigned char *may = ut_mallocarray((size_t)p->n + 1, 1);
	int32_t *col = ut_mallocarray((size_t)p->n + 1, sizeof *col);
	if (!may || !col) {
		ut_free(may);
		ut_free(col);
		return ut_fail(d, PLENUM_ENOMEM, "out of memory looking for a ray of the plan");
	}
	for (int64_t j = 0; j < p->n; j++)
		may[j] = (unsigned char)((isinf(p->hi[j]) ? MAY_RISE : 0) |
		                         (isinf(p->lo[j]) ? MAY_FALL : 0));
	force(p, may);
	drop_idle(p, c, may, col);
	int64_t n = 0;
	int lowers = 0;
	for (int64_t j = 0; j < p->n; j++) {
		col[j] = may[j] ? (int32_t)n++ : -1;
		lowers |= (c[j] < 0 && (may[j] & MAY_RISE)) || (c[j] > 0 && (may[j] & MAY_FALL));
	}
	int rc = PLENUM_OK;
	if (lowers && n + live_rows(p, col) > o->pdlp_above)
		*found = -1; /* as large as a plan: the plan's own solve decides */
	else if (lowers) {
		*ray = ut_calloc((size_t)p->n + 1, sizeof **ray);
		rc = *ray ? solve_cone(p, c, may, col, n, o, *ray, found, d) : PLENUM_ENOMEM;
		if (rc == PLENUM_ENOMEM)
			ut_fail(d, rc, "out of memory looking for a ray of the plan");
		if (rc || *found != 1) {
			ut_free(*ray);
			*ray = NULL;
		}
	}
	ut_free(may);
	ut_free(col);
	return rc;
}
