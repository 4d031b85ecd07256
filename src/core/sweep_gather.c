/* Sweeps in gather form, X = X A + B for row vectors (labour values, embodied accounts):
 * product j reads its technique's input row and the values of those inputs, so each
 * product is computed on its own and the loop over blocks runs in parallel without locks. */
#include <math.h>
#include <string.h>
#include "core/leontief.h"

#ifdef __GNUC__
#define HOT static inline __attribute__((always_inline))
#define PREFETCH(p) __builtin_prefetch((p), 0, 1)
#else
#define HOT static inline
#define PREFETCH(p) ((void)(p))
#endif

/* sum_k Ax[k] X[Ai[k]] over k in [k0, k1), with products of [lo, j) read from Y (Gauss–Seidel)
 * when gs. Four partial sums: one running sum would make every add wait for the last. */
HOT double row_dot(const int32_t *Ai, const double *Ax, int64_t k0, int64_t k1, int gs, int64_t lo,
                   int64_t j, const double *X, const double *Y)
{
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	uint64_t w = (uint64_t)(j - lo);
#define SRC(i) (gs && (uint64_t)((i)-lo) < w ? Y : X)
	int64_t k = k0;
	for (; k + 4 <= k1; k += 4) {
		int64_t i0 = Ai[k], i1 = Ai[k + 1], i2 = Ai[k + 2], i3 = Ai[k + 3];
		s0 += Ax[k] * SRC(i0)[i0];
		s1 += Ax[k + 1] * SRC(i1)[i1];
		s2 += Ax[k + 2] * SRC(i2)[i2];
		s3 += Ax[k + 3] * SRC(i3)[i3];
	}
	for (; k < k1; k++)
		s0 += Ax[k] * SRC(Ai[k])[Ai[k]];
#undef SRC
	return (s0 + s1) + (s2 + s3);
}

/* The values a row a few rows ahead will read are scattered over the whole vector: asking
 * for them now overlaps their cache misses with this row's work. */
#define AHEAD 4
HOT void prefetch_row(const sp_leontief *L, int64_t j, const double *X)
{
	int64_t t = sp_tech(L, j);
	for (int64_t k = L->Ap[t]; k < L->Ap[t + 1]; k++)
		PREFETCH(X + L->Ai[k]);
}

/* One block [lo, hi) of Y = X A + b for one column. gs and cabs are constants at each call
 * site, so the compiler makes one loop per case. */
HOT void block1(const sp_leontief *L, int64_t lo, int64_t hi, int gs, int cabs, const double *B,
                const double *X, double *Y, double *dm, double *cm)
{
	const int64_t *Ap = L->Ap;
	const int32_t *Ai = L->Ai;
	const double *Ax = L->Ax;
	double dmax = 0, cmax = 0;
	for (int64_t j = lo; j < hi; j++) {
		int64_t t = sp_tech(L, j);
		if (j + AHEAD < hi)
			prefetch_row(L, j + AHEAD, X);
		double s = row_dot(Ai, Ax, Ap[t], Ap[t + 1], gs, lo, j, X, Y), a = 0;
		if (cabs)
			for (int64_t k = Ap[t]; k < Ap[t + 1]; k++)
				a += fabs(Ax[k]);
		double q = 1.0 / L->tout[t], y = s * q + B[j];
		Y[j] = y;
		dmax = sp_max(dmax, fabs(y - X[j]));
		if (cabs)
			cmax = sp_max(cmax, a * q);
	}
	*dm = dmax;
	*cm = cmax;
}

/* One block of Gauss–Seidel through the thread's copy Z of X: the block's new values are
 * written into Z as well, so that one read serves both cases, and Z is restored after the
 * block (other blocks must see the old values whichever thread took them). */
static void block_z(const sp_leontief *L, int64_t lo, int64_t hi, const double *B, const double *X,
                    double *Z, double *Y, double *dm)
{
	const int64_t *Ap = L->Ap;
	const int32_t *Ai = L->Ai;
	const double *Ax = L->Ax;
	double dmax = 0;
	for (int64_t j = lo; j < hi; j++) {
		int64_t t = sp_tech(L, j);
		if (j + AHEAD < hi)
			prefetch_row(L, j + AHEAD, Z);
		double s = row_dot(Ai, Ax, Ap[t], Ap[t + 1], 0, lo, j, Z, Z);
		double y = s * (1.0 / L->tout[t]) + B[j];
		Y[j] = Z[j] = y;
		dmax = sp_max(dmax, fabs(y - X[j]));
	}
	memcpy(Z + lo, X + lo, (size_t)(hi - lo) * sizeof *Z);
	*dm = dmax;
}

/* Gauss–Seidel sweep for one column with a copy of X per thread (no choice per coefficient
 * between old and new). */
static void gather_z(const sp_leontief *L, const double *B, const double *X, double *Y)
{
	double *part = L->part;
	int w = L->partw;
	SP_PRAGMA(omp parallel num_threads(L->threads))
	{
#ifdef _OPENMP
		double *Z = L->zbuf[omp_get_thread_num()];
#else
		double *Z = L->zbuf[0];
#endif
		memcpy(Z, X, (size_t)L->n * sizeof *Z);
		SP_PRAGMA(omp for schedule(static))
		for (int64_t b = 0; b < L->nblocks; b++) {
			int64_t lo, hi;
			sp_block(L, b, &lo, &hi);
			block_z(L, lo, hi, B, X, Z, Y, part + b * w);
		}
	}
}

/* One block of Y = X A + B for m columns, eight at a time. */
static void block_m(const sp_leontief *L, int64_t lo, int64_t hi, int gs, int m, const double *B,
                    const double *X, double *Y, double *dm, double *cm)
{
	const int64_t *Ap = L->Ap;
	const int32_t *Ai = L->Ai;
	const double *Ax = L->Ax;
	for (int c = 0; c < m; c++)
		dm[c] = 0;
	*cm = 0;
	for (int64_t j = lo; j < hi; j++) {
		int64_t t = sp_tech(L, j);
		double q = 1.0 / L->tout[t], a = 0;
		for (int64_t k = Ap[t]; k < Ap[t + 1]; k++)
			a += fabs(Ax[k]);
		*cm = sp_max(*cm, a * q);
		for (int c0 = 0; c0 < m; c0 += 8) {
			int w = m - c0 < 8 ? m - c0 : 8;
			double s[8] = {0};
			for (int64_t k = Ap[t]; k < Ap[t + 1]; k++) {
				int64_t i = Ai[k];
				const double *src =
				    gs && (uint64_t)(i - lo) < (uint64_t)(j - lo) ? Y : X;
				const double *xi = src + i * m + c0;
				for (int c = 0; c < w; c++)
					s[c] += Ax[k] * xi[c];
			}
			for (int c = 0; c < w; c++) {
				int64_t at = j * m + c0 + c;
				double y = s[c] * q + B[at];
				Y[at] = y;
				dm[c0 + c] = sp_max(dm[c0 + c], fabs(y - X[at]));
			}
		}
	}
}

void sp_gather(const sp_leontief *L, int gs, int m, const double *B, const double *X, double *Y,
               double *dmax, double *cmax)
{
	double *part = L->part;
	int w = L->partw;
	if (gs && m == 1 && !cmax && L->zbuf) {
		gather_z(L, B, X, Y);
		double s = 0;
		for (int64_t b = 0; b < L->nblocks; b++)
			s = sp_max(s, part[b * w]);
		dmax[0] = s;
		return;
	}
	SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
	for (int64_t b = 0; b < L->nblocks; b++) {
		int64_t lo, hi;
		double *pb = part + b * w;
		sp_block(L, b, &lo, &hi);
		if (m > 1)
			block_m(L, lo, hi, gs, m, B, X, Y, pb, pb + m);
		else if (gs && cmax)
			block1(L, lo, hi, 1, 1, B, X, Y, pb, pb + 1);
		else if (gs)
			block1(L, lo, hi, 1, 0, B, X, Y, pb, pb + 1);
		else if (cmax)
			block1(L, lo, hi, 0, 1, B, X, Y, pb, pb + 1);
		else
			block1(L, lo, hi, 0, 0, B, X, Y, pb, pb + 1);
	}
	for (int c = 0; c <= m; c++) {
		double s = 0;
		for (int64_t b = 0; b < L->nblocks; b++)
			s = sp_max(s, part[b * w + c]);
		if (c < m)
			dmax[c] = s;
		else if (cmax)
			*cmax = s;
	}
}

/* y = w - w A */
void sp_gather_op(const sp_leontief *L, const double *w, double *y)
{
	const int64_t *Ap = L->Ap;
	const int32_t *Ai = L->Ai;
	const double *Ax = L->Ax;
	SP_PRAGMA(omp parallel for schedule(static) num_threads(L->threads))
	for (int64_t b = 0; b < L->nblocks; b++) {
		int64_t lo, hi;
		sp_block(L, b, &lo, &hi);
		for (int64_t j = lo; j < hi; j++) {
			int64_t t = sp_tech(L, j);
			double s = row_dot(Ai, Ax, Ap[t], Ap[t + 1], 0, lo, j, w, w);
			y[j] = w[j] - s / L->tout[t];
		}
	}
}
