/* Sweeps in scatter form, x = A x + b for column vectors (gross output): product j adds
 * what its activity uses to each of its inputs. Rows are stored per technique, so the adds
 * land anywhere; each thread adds into its own accumulator and a second pass sums them. */
#include <math.h>
#include <string.h>
#include "core/leontief.h"

#define ACC_BUDGET ((int64_t)1 << 30) /* bytes of accumulators at most (at least one) */

int sp_scatter_ws_init(sp_scatter_ws *w, const sp_leontief *L)
{
	int64_t fit = ACC_BUDGET / (8 * (L->n + 1));
	w->threads = L->threads < fit ? L->threads : fit < 1 ? 1 : (int)fit;
	w->acc = ut_calloc((size_t)w->threads, sizeof *w->acc);
	if (!w->acc)
		return PLENUM_ENOMEM;
	for (int t = 0; t < w->threads; t++) {
		if (!(w->acc[t] = ut_mallocarray((size_t)L->n + 1, sizeof(double))))
			return PLENUM_ENOMEM; /* the caller frees the partial workspace */
		ut_hugepages(w->acc[t], (size_t)L->n * sizeof(double));
		memset(w->acc[t], 0, (size_t)L->n * sizeof(double));
	}
	return PLENUM_OK;
}

void sp_scatter_ws_free(sp_scatter_ws *w)
{
	for (int t = 0; w->acc && t < w->threads; t++)
		ut_free(w->acc[t]);
	ut_free(w->acc);
	w->acc = NULL;
}

static int thread_id(void)
{
#ifdef _OPENMP
	return omp_get_thread_num();
#else
	return 0;
#endif
}

/* Sums the accumulators of every thread into y (y = sum, op 0) or y = x - sum (op 1) and
 * clears them. Runs inside a parallel region. */
static void gather_acc(const sp_leontief *L, sp_scatter_ws *ws, const double *x, double *y, int op)
{
	SP_PRAGMA(omp for schedule(static))
	for (int64_t b = 0; b < L->nblocks; b++) {
		int64_t lo, hi;
		sp_block(L, b, &lo, &hi);
		for (int64_t i = lo; i < hi; i++) {
			double s = 0;
			for (int t = 0; t < ws->threads; t++) {
				s += ws->acc[t][i];
				ws->acc[t][i] = 0;
			}
			y[i] = op ? x[i] - s : s;
		}
	}
}

/* y = A x (op 0) or y = x - A x (op 1); cmax as in sp_scatter */
static void scatter(const sp_leontief *L, sp_scatter_ws *ws, const double *x, double *y, int op,
                    double *cmax)
{
	const int64_t *Ap = L->Ap;
	const int32_t *Ai = L->Ai;
	const double *Ax = L->Ax;
	double *part = L->part;
	SP_PRAGMA(omp parallel num_threads(ws->threads))
	{
		double *acc = ws->acc[thread_id()];
		SP_PRAGMA(omp for schedule(static))
		for (int64_t b = 0; b < L->nblocks; b++) {
			int64_t lo, hi;
			double cm = 0;
			sp_block(L, b, &lo, &hi);
			for (int64_t j = lo; j < hi; j++) {
				int64_t t = sp_tech(L, j);
				double q = 1.0 / L->tout[t], xj = x[j] * q, a = 0;
				for (int64_t k = Ap[t]; k < Ap[t + 1]; k++) {
					acc[Ai[k]] += Ax[k] * xj;
					if (cmax)
						a += fabs(Ax[k]);
				}
				cm = sp_max(cm, a * q);
			}
			part[b] = cm;
		}
		gather_acc(L, ws, x, y, op);
	}
	if (cmax) {
		double s = 0;
		for (int64_t b = 0; b < L->nblocks; b++)
			s = sp_max(s, part[b]);
		*cmax = s;
	}
}

void sp_scatter(const sp_leontief *L, sp_scatter_ws *w, const double *x, double *y, double *cmax)
{
	scatter(L, w, x, y, 0, cmax);
}

void sp_scatter_op(const sp_leontief *L, sp_scatter_ws *ws, const double *w, double *y)
{
	scatter(L, ws, w, y, 1, NULL);
}

/* One block by columns: r_j moves into x_j, and the inputs of j see their residual rise by
 * A_ij r_j, at once inside the block, later (through acc) outside it. */
static void gs_block(const sp_leontief *L, int64_t lo, int64_t hi, double *acc, double *x,
                     double *r)
{
	const int64_t *Ap = L->Ap;
	const int32_t *Ai = L->Ai;
	const double *Ax = L->Ax;
	for (int64_t j = lo; j < hi; j++) {
		double delta = r[j];
		if (delta == 0)
			continue;
		int64_t t = sp_tech(L, j);
		x[j] += delta;
		r[j] -= delta;
		double q = delta / L->tout[t];
		for (int64_t k = Ap[t]; k < Ap[t + 1]; k++) {
			int64_t i = Ai[k];
			double c = Ax[k] * q;
			if ((uint64_t)(i - lo) < (uint64_t)(hi - lo))
				r[i] += c;
			else
				acc[i] += c;
		}
	}
}

double sp_scatter_gs(const sp_leontief *L, sp_scatter_ws *ws, double *x, double *r)
{
	double *part = L->part;
	SP_PRAGMA(omp parallel num_threads(ws->threads))
	{
		double *acc = ws->acc[thread_id()];
		SP_PRAGMA(omp for schedule(static))
		for (int64_t b = 0; b < L->nblocks; b++) {
			int64_t lo, hi;
			sp_block(L, b, &lo, &hi);
			gs_block(L, lo, hi, acc, x, r);
		}
		SP_PRAGMA(omp for schedule(static))
		for (int64_t b = 0; b < L->nblocks; b++) {
			int64_t lo, hi;
			double m = 0;
			sp_block(L, b, &lo, &hi);
			for (int64_t i = lo; i < hi; i++) {
				double s = r[i];
				for (int t = 0; t < ws->threads; t++) {
					s += ws->acc[t][i];
					ws->acc[t][i] = 0;
				}
				r[i] = s;
				m = sp_max(m, fabs(s));
			}
			part[b] = m;
		}
	}
	double s = 0;
	for (int64_t b = 0; b < L->nblocks; b++)
		s = sp_max(s, part[b]);
	return s;
}
