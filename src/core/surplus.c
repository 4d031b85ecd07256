/* Can the economy produce a surplus? rho(A) < 1 exactly when every strongly connected
 * component of the input graph (products that use each other, directly or not) has a
 * spectral radius below 1. Components are found by Tarjan's algorithm with an explicit
 * stack (no recursion: ten million products would overflow any call stack), each checked
 * as it is completed: column sums inside the component first, then the Collatz–Wielandt
 * bounds min_j (uB)_j / u_j <= rho(B) <= max_j (uB)_j / u_j of power iteration on B = A + I. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/leontief.h"

#define CW_ITERS 2000       /* power steps per component at most */
#define CW_SWEEPS 20        /* power steps' work per pass at most, in passes over A */
#define CW_WORK_MIN 1000000 /* ... but at least this much work (small economies) */
/* A spectral radius within EDGE of 1 is taken as 1: (I - A)^-1 would have a norm of 1 / EDGE
 * or more, and solving with it would give rounding noise (a closed table, imported without
 * final demand, has a radius of exactly 1 that rounding puts on either side). */
#define EDGE 1e-12
#define NAMES 6       /* products named in the message at most */

typedef struct scc {
	const plenum_economy *e;
	const sp_leontief *L;
	int32_t *idx, *low, *comp, *stack, *cnode; /* length n each */
	int64_t *cedge;                            /* length n: next input of the call frame */
	double *u, *y;                             /* length n, on first need */
	int64_t ncomp, work, budget;
	double theta;  /* edges with |A_ij| below theta are left out (0: none) */
	int undecided; /* components neither proven productive nor not */
	plenum_diag *d;
} scc;

static int heavy(const struct scc *s, double a)
{
	return a != 0 && fabs(a) >= s->theta;
}

/* Runs body for each input i of product j inside component c, with a = A_ij. */
#define FOR_INPUTS_IN(s, j, c, i, a, body)                                                         \
	do {                                                                                       \
		int64_t t_ = sp_tech((s)->L, j);                                                   \
		double q_ = 1.0 / (s)->L->tout[t_];                                                \
		for (int64_t k_ = (s)->L->Ap[t_]; k_ < (s)->L->Ap[t_ + 1]; k_++) {                 \
			int64_t i = (s)->L->Ai[k_];                                                \
			if ((s)->comp[i] != (c) || !heavy(s, (s)->L->Ax[k_] * q_))                 \
				continue;                                                          \
			double a = (s)->L->Ax[k_] * q_;                                            \
			body;                                                                      \
		}                                                                                  \
	} while (0)

/* Appends "'key'" to the list in buf (keys cut at 60 bytes). */
static void name_product(char *buf, size_t cap, const plenum_economy *e, int64_t j, int first,
                         int last)
{
	size_t len = strlen(buf);
	snprintf(buf + len, cap - len, "%s'%.60s'",
	         first  ? ""
	         : last ? " and "
	                : ", ",
	         ec_name(e->pkey, j));
}

/* The message: the products of members (in product order when few, else the NAMES with
 * the largest column sums inside the component, sums in colsum). */
static int fail(scc *s, const int32_t *members, int64_t size, const double *colsum, double rho)
{
	char list[400] = "";
	int64_t pick[NAMES], np = 0;
	for (int64_t k = 0; k < size; k++) { /* keep the NAMES largest, sorted by index */
		int64_t at = np < NAMES ? np++ : -1;
		if (at < 0) {
			int64_t w = 0;
			for (int64_t q = 1; q < np; q++)
				if (colsum[pick[q]] < colsum[pick[w]])
					w = q;
			if (colsum[k] <= colsum[pick[w]])
				continue;
			at = w;
		}
		pick[at] = k;
	}
	for (int64_t a = 0; a < np; a++) /* insertion sort by product index */
		for (int64_t b = a; b > 0 && members[pick[b]] < members[pick[b - 1]]; b--) {
			int64_t t = pick[b];
			pick[b] = pick[b - 1];
			pick[b - 1] = t;
		}
	for (int64_t a = 0; a < np; a++)
		name_product(list, sizeof list, s->e, members[pick[a]], a == 0,
		             a == np - 1 && size == np && np > 1);
	if (size == 1)
		return ut_fail(
		    s->d, PLENUM_ENOSURPLUS,
		    "economy cannot produce a surplus: product %s uses %.6g of itself per "
		    "unit made; lower that input below 1 or raise its output",
		    list, rho);
	if (size <= NAMES)
		return ut_fail(
		    s->d, PLENUM_ENOSURPLUS,
		    "economy cannot produce a surplus: products %s use more of each other "
		    "than they make (spectral radius of their inputs at least %.6g); lower "
		    "their input coefficients or raise their outputs",
		    list, rho);
	return ut_fail(s->d, PLENUM_ENOSURPLUS,
	               "economy cannot produce a surplus: a group of %lld products that use each "
	               "other uses more than it makes (spectral radius at least %.6g), among them %s, "
	               "...; lower their input coefficients or raise their outputs",
	               (long long)size, rho, list);
}

/* Decides rho(A_C) for the component C = members (comp[] == c) by Collatz–Wielandt bounds
 * on power steps with A_C + I. Returns PLENUM_OK (productive or undecided), ENOSURPLUS or
 * ENOMEM. */
static int check_component(scc *s, const int32_t *members, int64_t size, int32_t c)
{
	int64_t n = s->L->n;
	double worst = 0;
	int negative = 0;
	int64_t nnz = 0;
	for (int64_t k = 0; k < size; k++) {
		double sum = 0;
		FOR_INPUTS_IN(s, members[k], c, i, a, {
			sum += fabs(a);
			negative |= a < 0;
			nnz++;
			(void)i;
		});
		worst = sp_max(worst, sum);
	}
	if (worst < 1) /* productive by column sums */
		return PLENUM_OK;
	if (negative) { /* no Perron root to bound */
		s->undecided++;
		return PLENUM_OK;
	}
	if (!s->u) {
		s->u = ut_mallocarray((size_t)n + 1, sizeof *s->u);
		s->y = ut_mallocarray((size_t)n + 1, sizeof *s->y);
		if (!s->u || !s->y)
			return ut_fail(s->d, PLENUM_ENOMEM, "out of memory checking for a surplus");
	}
	for (int64_t k = 0; k < size; k++) {
		s->low[members[k]] = (int32_t)k; /* local index; low[] of a finished node is free */
		s->u[k] = 1;
	}
	double lo = 0, hi = 0;
	for (int it = 0; it < CW_ITERS && s->work < s->budget; it++) {
		double top = 0;
		lo = INFINITY;
		hi = 0;
		for (int64_t k = 0; k < size; k++) {
			double v = s->u[k];
			FOR_INPUTS_IN(s, members[k], c, i, a, { v += a * s->u[s->low[i]]; });
			s->y[k] = v;
			lo = fmin(lo, v / s->u[k]);
			hi = fmax(hi, v / s->u[k]);
			top = fmax(top, v);
		}
		s->work += nnz + size;
		if (hi - 1 < 1 - EDGE)
			return PLENUM_OK;
		if (lo - 1 >= 1 - EDGE) {
			for (int64_t k = 0; k < size; k++) { /* column sums inside, for the names */
				double sum = 0;
				FOR_INPUTS_IN(s, members[k], c, i, a, {
					sum += a;
					(void)i;
				});
				s->y[k] = sum;
			}
			return fail(s, members, size, s->y, lo - 1);
		}
		for (int64_t k = 0; k < size; k++)
			s->u[k] = fmax(s->y[k] / top, 1e-300);
	}
	s->undecided++;
	return PLENUM_OK; /* undecided: the solver will tell */
}

/* Pops the component rooted at v off the stack (top at *sp) and checks it. */
static int complete(scc *s, int32_t v, int64_t *sp)
{
	int64_t top = *sp;
	while (s->stack[*sp - 1] != v)
		(*sp)--;
	(*sp)--;
	int32_t c = (int32_t)s->ncomp++;
	const int32_t *members = s->stack + *sp;
	int64_t size = top - *sp;
	for (int64_t k = 0; k < size; k++)
		s->comp[members[k]] = c;
	return check_component(s, members, size, c);
}

/* Tarjan from root, with cnode/cedge as the call stack. */
static int visit(scc *s, int32_t root, int64_t *counter, int64_t *sp)
{
	const sp_leontief *L = s->L;
	int64_t depth = 0;
	s->idx[root] = s->low[root] = (int32_t)(*counter)++;
	s->stack[(*sp)++] = root;
	s->cnode[0] = root;
	s->cedge[0] = L->Ap[sp_tech(L, root)];
	while (depth >= 0) {
		int32_t v = s->cnode[depth];
		int64_t end = L->Ap[sp_tech(L, v) + 1];
		if (s->cedge[depth] < end) {
			int64_t k = s->cedge[depth]++;
			int32_t w = L->Ai[k];
			if (!heavy(s, L->Ax[k] / L->tout[sp_tech(L, v)]))
				continue;
			if (s->idx[w] < 0) { /* descend */
				s->idx[w] = s->low[w] = (int32_t)(*counter)++;
				s->stack[(*sp)++] = w;
				s->cnode[++depth] = w;
				s->cedge[depth] = L->Ap[sp_tech(L, w)];
			} else if (s->comp[w] < 0 && s->idx[w] < s->low[v]) {
				s->low[v] = s->idx[w]; /* w is on the stack */
			}
			continue;
		}
		int rc = s->low[v] == s->idx[v] ? complete(s, v, sp) : PLENUM_OK;
		if (rc)
			return rc;
		if (--depth >= 0) {
			int32_t parent = s->cnode[depth];
			if (s->low[v] < s->low[parent] && s->comp[v] < 0)
				s->low[parent] = s->low[v];
		}
	}
	return PLENUM_OK;
}

static int64_t count_inputs(const sp_leontief *L)
{
	int64_t nnz = 0;
	for (int64_t j = 0; j < L->n; j++)
		nnz += L->Ap[sp_tech(L, j) + 1] - L->Ap[sp_tech(L, j)];
	return nnz;
}

int sp_surplus_check(const plenum_economy *e, const sp_leontief *L, plenum_diag *d)
{
	int64_t n = L->n, counter = 0, sp = 0;
	scc s = {.e = e, .L = L, .d = d};
	s.idx = ut_mallocarray((size_t)n + 1, sizeof *s.idx);
	s.low = ut_mallocarray((size_t)n + 1, sizeof *s.low);
	s.comp = ut_mallocarray((size_t)n + 1, sizeof *s.comp);
	s.stack = ut_mallocarray((size_t)n + 1, sizeof *s.stack);
	s.cnode = ut_mallocarray((size_t)n + 1, sizeof *s.cnode);
	s.cedge = ut_mallocarray((size_t)n + 1, sizeof *s.cedge);
	int rc =
	    s.idx && s.low && s.comp && s.stack && s.cnode && s.cedge ? PLENUM_OK : PLENUM_ENOMEM;
	if (rc)
		ut_fail(d, rc, "out of memory checking for a surplus");
	/* First the whole graph, which decides every component; where a large one stays
	 * undecided (a bad cycle inside a giant component shows in the Collatz–Wielandt bounds
	 * only slowly), the graph of heavy edges alone: leaving edges out lowers rho, so a
	 * component of it with rho >= 1 proves that A has rho >= 1 (and names a small group). */
	static const double thetas[] = {0, 0.5, 0.2, 0.05};
	s.budget = CW_SWEEPS * (n + count_inputs(L));
	s.budget = s.budget > CW_WORK_MIN ? s.budget : CW_WORK_MIN;
	for (size_t p = 0; p < sizeof thetas / sizeof *thetas && !rc; p++) {
		if (p > 0 && s.undecided == 0)
			break;
		s.theta = thetas[p];
		s.work = 0;
		counter = sp = 0;
		for (int64_t j = 0; j < n; j++)
			s.idx[j] = s.comp[j] = -1;
		for (int64_t j = 0; !rc && j < n; j++)
			if (s.idx[j] < 0)
				rc = visit(&s, (int32_t)j, &counter, &sp);
	}
	ut_free(s.idx);
	ut_free(s.low);
	ut_free(s.comp);
	ut_free(s.stack);
	ut_free(s.cnode);
	ut_free(s.cedge);
	ut_free(s.u);
	ut_free(s.y);
	return rc;
}
