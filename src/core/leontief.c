/* The Leontief view of an economy: which technique makes each product, the fixed block
 * partition, and the deterministic reductions over it. */
#include <math.h>
#include <string.h>
#include "core/leontief.h"

static int structure_error(const plenum_economy *e, const int32_t *tech, int32_t *count,
                           plenum_diag *d)
{
	for (int64_t j = 0; j < e->np; j++) {
		const char *key = ec_name(e->pkey, j);
		if (count[j] == 0)
			return ut_fail(
			    d, PLENUM_ESTRUCTURE,
			    "product '%s' has no technique: labour values and gross output "
			    "need exactly one technique per product; add one for it to "
			    "techniques.csv",
			    key);
		if (count[j] > 1) {
			int64_t other = -1;
			for (int64_t t = 0; t < e->nt && other < 0; t++)
				if (e->tprod[t] == j && t != tech[j])
					other = t;
			return ut_fail(
			    d, PLENUM_ESTRUCTURE,
			    "product '%s' is made by %d techniques ('%s', '%s'%s): labour "
			    "values and gross output need exactly one per product; keep one "
			    "(the planner chooses among several)",
			    key, count[j], ec_name(e->tkey, tech[j]), ec_name(e->tkey, other),
			    count[j] > 2 ? ", ..." : "");
		}
	}
	return PLENUM_OK;
}

/* Every quantity per unit of output a number: labour of 1e308 at an output of 1e-10 passed
 * the readers (each is finite) and gave labour values of infinity, "1e999" in JSON. A binary
 * economy's quantities are not checked on reading at all (a NaN emission got through). */
#define PER_UNIT_MAX 1e300 /* sums of a few such would overflow */

static int finite_enough(double x)
{
	return fabs(x) < PER_UNIT_MAX; /* false for NaN */
}

/* Also notes in *negative whether the technique has a negative input (sign_check, engine.c,
 * needs none). */
static int per_unit_error(const plenum_economy *e, int64_t t, int *negative, plenum_diag *d)
{
	double q = 1.0 / e->tout[t];
	const char *what = NULL;
	double x = 0;
	if (!finite_enough(e->tlab[t] * q))
		what = "labour", x = e->tlab[t];
	for (int64_t k = e->in.p[t]; !what && k < e->in.p[t + 1]; k++) {
		*negative |= e->in.x[k] < 0;
		if (!finite_enough(e->in.x[k] * q))
			what = "an input", x = e->in.x[k];
	}
	for (int64_t k = e->em.p[t]; !what && k < e->em.p[t + 1]; k++)
		if (!finite_enough(e->em.x[k] * q))
			what = "an emission", x = e->em.x[k];
	if (!what)
		return PLENUM_OK;
	return ut_fail(d, PLENUM_EINVAL, "technique '%s': %s of %g per output of %g is too "
	               "large per unit made (1e300 or more, or not a number): count the product or "
	               "the account in other units", ec_name(e->tkey, t), what, x, e->tout[t]);
}

/* tech[j] = the one technique of product j; count[j] = how many make it. */
static int find_techniques(const plenum_economy *e, int32_t *tech, int32_t *count,
                           int *negative, plenum_diag *d)
{
	memset(count, 0, (size_t)e->np * sizeof *count);
	for (int64_t t = 0; t < e->nt; t++) {
		int32_t p = e->tprod[t];
		if (NEVER(p < 0 || p >= e->np))
			return ut_fail(d, PLENUM_ESTRUCTURE,
			               "technique '%s' makes no known product",
			               ec_name(e->tkey, t));
		if (count[p]++ == 0)
			tech[p] = (int32_t)t;
		if (!(e->tout[t] > 0) || !isfinite(e->tout[t]))
			return ut_fail(d, PLENUM_ESTRUCTURE,
			               "technique '%s' has output %g: give it a positive output",
			               ec_name(e->tkey, t), e->tout[t]);
		int rc = per_unit_error(e, t, negative, d);
		if (rc)
			return rc;
	}
	return structure_error(e, tech, count, d);
}

int sp_leontief_init(sp_leontief *L, const plenum_economy *e, int threads, plenum_diag *d)
{
	memset(L, 0, sizeof *L);
	int64_t n = e->np;
	L->n = n;
	L->Ap = e->in.p;
	L->Ai = e->in.i;
	L->Ax = e->in.x;
	L->tout = e->tout;
	L->tlab = e->tlab;
#ifdef _OPENMP
	L->threads = threads > 0 ? threads : omp_get_max_threads();
#else
	(void)threads;
	L->threads = 1;
#endif
	/* small problems run on fewer threads: a barrier costs more than their work, and far
	 * more when the machine is busy (a waiting thread waits for a whole time slice) */
	int64_t most = e->in.p[e->nt] / SP_WORK_PER_THREAD + 1;
	if (L->threads > most)
		L->threads = (int)most;
	L->bsize = (n + SP_BLOCKS_MAX - 1) / SP_BLOCKS_MAX;
	if (L->bsize < SP_BLOCK_MIN)
		L->bsize = SP_BLOCK_MIN;
	L->nblocks = (n + L->bsize - 1) / L->bsize;
	int32_t *tech = ut_mallocarray((size_t)n + 1, sizeof *tech);
	int32_t *count = ut_mallocarray((size_t)n + 1, sizeof *count);
	int rc = tech && count ? find_techniques(e, tech, count, &L->negative, d)
	                       : PLENUM_ENOMEM;
	ut_free(count);
	if (rc == PLENUM_ENOMEM)
		ut_fail(d, rc, "out of memory indexing the techniques of %lld products",
		        (long long)n);
	int identity = 1;
	for (int64_t j = 0; !rc && j < n && identity; j++)
		identity = tech[j] == j;
	if (rc || identity) { /* the usual order needs no index: technique j makes product j */
		ut_free(tech);
		tech = NULL;
	}
	L->tech = L->tech_own = tech;
	if (!rc && sp_leontief_parts(L, 2))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory for the engine's workspace");
	return rc;
}

int sp_leontief_parts(sp_leontief *L, int m)
{
	if (L->part && L->partw >= m)
		return PLENUM_OK;
	double *p = ut_mallocarray((size_t)(L->nblocks + 1) * (size_t)m, sizeof *p);
	if (!p)
		return PLENUM_ENOMEM;
	ut_free(L->part);
	L->part = p;
	L->partw = m;
	return PLENUM_OK;
}

void sp_leontief_free(sp_leontief *L)
{
	ut_free(L->tech_own);
	ut_free(L->part);
	memset(L, 0, sizeof *L);
}

/* a . b, summed per block and then over blocks in order */
double sp_dot(const sp_leontief *L, const double *a, const double *b)
{
	double *part = L->part;
	SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
	for (int64_t blk = 0; blk < L->nblocks; blk++) {
		int64_t lo, hi;
		sp_block(L, blk, &lo, &hi);
		double s = 0;
		for (int64_t i = lo; i < hi; i++)
			s += a[i] * b[i];
		part[blk] = s;
	}
	double s = 0;
	for (int64_t blk = 0; blk < L->nblocks; blk++)
		s += part[blk];
	return s;
}

/* max_i |a_i|; NaN when some a_i is NaN */
double sp_norm_inf(const sp_leontief *L, const double *a)
{
	double *part = L->part;
	SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
	for (int64_t blk = 0; blk < L->nblocks; blk++) {
		int64_t lo, hi;
		sp_block(L, blk, &lo, &hi);
		double s = 0;
		for (int64_t i = lo; i < hi; i++)
			s = sp_max(s, fabs(a[i]));
		part[blk] = s;
	}
	double s = 0;
	for (int64_t blk = 0; blk < L->nblocks; blk++)
		s = sp_max(s, part[blk]);
	return s;
}

