/* The plan model as an LP: the layout of columns and rows, and the matrix built column by
 * column in two passes (count per row, then fill), so that every row's columns come out
 * in increasing order without a sort. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plan/pl.h"

void pl_layout_init(pl_layout *L, const pl_model *m, pl_kind kind)
{
	int64_t ny = m->ny, nk = m->nk;
	L->kind = kind;
	L->ninv = m->end > 0 ? ny : ny - 1;
	L->cx = 0;
	L->cinv = ny * m->nt;
	L->cs = L->cinv + L->ninv * nk;
	L->cextra = L->cs + ny * nk;
	L->ncol = L->cextra + (kind == PL_BALANCED ? 1 : kind == PL_HARMONY ? 2 * m->ntarg
	                       : kind == PL_ELASTIC ? m->ntarg : 0);
	L->rprod = 0;
	L->rlab = ny * m->np;
	L->racc = L->rlab + ny;
	L->ruse = L->racc + ny * m->na;
	L->revo = L->ruse + ny * nk;
	L->rbud = L->revo + L->ninv * nk;
	L->nrow = L->rbud + m->nb;
}

/* Pass 1 counts entries per row into cnt[row + 1]; pass 2 stores them at next[row]. */
typedef struct sink {
	int fill;
	int64_t *cnt, *next;
	int32_t *Aj;
	double *Ax;
} sink;

static void put(sink *s, int64_t row, int64_t col, double v)
{
	if (v == 0)
		return;
	if (!s->fill) {
		s->cnt[row + 1]++;
		return;
	}
	int64_t k = s->next[row]++;
	s->Aj[k] = (int32_t)col;
	s->Ax[k] = v;
}

/* Technique t in year y: net output (output less inputs), labour, emissions (into the
 * year's account and its budget), stock use. */
static void col_x(const pl_model *m, const pl_layout *L, int64_t y, int64_t t, sink *s)
{
	const plenum_economy *e = m->e;
	int64_t col = L->cx + y * m->nt + t, rp = L->rprod + y * m->np;
	int32_t j = e->tprod[t];
	double self = e->tout[t];
	for (int64_t k = e->in.p[t]; k < e->in.p[t + 1]; k++) {
		if (e->in.i[k] == j)
			self -= e->in.x[k];
		else
			put(s, rp + e->in.i[k], col, -e->in.x[k]);
	}
	put(s, rp + j, col, self);
	put(s, L->rlab + y, col, e->tlab[t]);
	for (int64_t k = e->em.p[t]; k < e->em.p[t + 1]; k++)
		put(s, L->racc + y * m->na + e->em.i[k], col, e->em.x[k]);
	for (int64_t k = e->em.p[t]; k < e->em.p[t + 1]; k++)
		if (m->brow[e->em.i[k]] >= 0)
			put(s, L->rbud + m->brow[e->em.i[k]], col, e->em.x[k]);
	for (int64_t q = m->kp[j]; q < m->kp[j + 1]; q++) {
		int64_t k = m->ki[q];
		put(s, L->ruse + y * m->nk + k, col, m->stock[k].k * e->tout[t]);
	}
}

/* Investment into stock k in year y (< ninv): taken from year y's net output into the
 * stock's evolution (or, in the last year, its end floor). */
static void col_stock(const pl_model *m, const pl_layout *L, int64_t y, sink *s)
{
	int64_t nk = m->nk;
	if (y < L->ninv)
		for (int64_t k = 0; k < nk; k++) {
			int64_t col = L->cinv + y * nk + k;
			put(s, L->rprod + y * m->np + m->stock[k].i, col, -1);
			put(s, L->revo + y * nk + k, col, -1);
		}
}

/* The stock k in year y: used by production, carried (less its wear) into year y + 1 or
 * the end floor. */
static void col_level(const pl_model *m, const pl_layout *L, int64_t y, sink *s)
{
	int64_t nk = m->nk;
	for (int64_t k = 0; k < nk; k++) {
		int64_t col = L->cs + y * nk + k;
		put(s, L->ruse + y * nk + k, col, -1);
		if (y > 0)
			put(s, L->revo + (y - 1) * nk + k, col, 1);
		if (y < L->ninv)
			put(s, L->revo + y * nk + k, col, -(1 - m->stock[k].dep));
	}
}

static void col_extra(const pl_model *m, const pl_layout *L, sink *s)
{
	for (int64_t q = 0; q < m->ntarg; q++) {
		int64_t row = L->rprod + m->targ[q];
		if (L->kind == PL_BALANCED)
			put(s, row, L->cextra, -m->target[m->targ[q]]);
		else if (L->kind == PL_HARMONY)
			put(s, row, L->cextra + q, -m->target[m->targ[q]]);
		else if (L->kind == PL_ELASTIC)
			put(s, row, L->cextra + q, 1);
	}
}

static void emit(const pl_model *m, const pl_layout *L, sink *s)
{
	for (int64_t y = 0; y < m->ny; y++)
		for (int64_t t = 0; t < m->nt; t++)
			col_x(m, L, y, t, s);
	for (int64_t y = 0; y < m->ny; y++)
		col_stock(m, L, y, s);
	for (int64_t y = 0; y < m->ny; y++)
		col_level(m, L, y, s);
	col_extra(m, L, s);
}

/* Merges equal columns that follow each other within a row (a technique listing the same
 * account twice); compacts the arrays in place. */
static void merge_duplicates(lp_problem *p)
{
	int64_t w = 0, start = 0;
	for (int64_t r = 0; r < p->m; r++) {
		int64_t end = p->Ap[r + 1];
		for (int64_t k = start; k < end; k++) {
			if (w > p->Ap[r] && p->Aj[w - 1] == p->Aj[k] && k > start) {
				p->Ax[w - 1] += p->Ax[k];
				continue;
			}
			p->Aj[w] = p->Aj[k];
			p->Ax[w++] = p->Ax[k];
		}
		start = end;
		p->Ap[r + 1] = w;
	}
}

static int matrix(const pl_model *m, const pl_layout *L, lp_problem *p)
{
	sink s = {0};
	p->Ap = ut_calloc((size_t)L->nrow + 1, sizeof *p->Ap);
	if (!p->Ap)
		return PLENUM_ENOMEM;
	s.cnt = p->Ap;
	emit(m, L, &s);
	for (int64_t r = 0; r < L->nrow; r++)
		p->Ap[r + 1] += p->Ap[r];
	int64_t nz = p->Ap[L->nrow];
	s.next = ut_mallocarray((size_t)L->nrow + 1, sizeof *s.next);
	p->Aj = ut_mallocarray((size_t)nz + 1, sizeof *p->Aj);
	p->Ax = ut_mallocarray((size_t)nz + 1, sizeof *p->Ax);
	if (!s.next || !p->Aj || !p->Ax) {
		ut_free(s.next);
		return PLENUM_ENOMEM;
	}
	memcpy(s.next, p->Ap, ((size_t)L->nrow + 1) * sizeof *s.next);
	s.fill = 1;
	s.Aj = p->Aj;
	s.Ax = p->Ax;
	emit(m, L, &s);
	ut_free(s.next);
	merge_duplicates(p);
	return PLENUM_OK;
}

static void set_col(lp_problem *p, int64_t j, double lo, double hi, double c)
{
	p->lo[j] = lo;
	p->hi[j] = hi;
	p->c[j] = c;
}

static void col_bounds(const pl_model *m, const pl_layout *L, lp_problem *p)
{
	const plenum_economy *e = m->e;
	for (int64_t y = 0; y < m->ny; y++)
		for (int64_t t = 0; t < m->nt; t++)
			set_col(p, L->cx + y * m->nt + t, 0, e->tcap[t],
			        L->kind == PL_LEAST ? e->tlab[t] : 0);
	for (int64_t j = L->cinv; j < L->cs; j++)
		set_col(p, j, 0, INFINITY, 0);
	for (int64_t y = 0; y < m->ny; y++)
		for (int64_t k = 0; k < m->nk; k++) {
			double s0 = m->stock[k].s0;
			set_col(p, L->cs + y * m->nk + k, y ? 0 : s0, y ? INFINITY : s0, 0);
		}
	if (L->kind == PL_BALANCED)
		set_col(p, L->cextra, 0, INFINITY, -1);
	for (int64_t q = 0; q < m->ntarg && L->kind == PL_HARMONY; q++) {
		set_col(p, L->cextra + q, 0, INFINITY, 0);
		set_col(p, L->cextra + m->ntarg + q, -INFINITY, INFINITY, -1);
	}
	for (int64_t q = 0; q < m->ntarg && L->kind == PL_ELASTIC; q++) {
		double t = m->target[m->targ[q]];
		set_col(p, L->cextra + q, 0, t, 1 / t);
	}
}

static void row_bounds(const pl_model *m, const pl_layout *L, lp_problem *p)
{
	int need = L->kind == PL_LEAST || L->kind == PL_ELASTIC;
	for (int64_t r = 0; r < L->nrow; r++) {
		p->rlo[r] = -INFINITY;
		p->rhi[r] = 0;
	}
	for (int64_t k = 0; k < m->ny * m->np; k++) {
		p->rlo[L->rprod + k] = need ? m->target[k] : 0;
		p->rhi[L->rprod + k] = INFINITY;
	}
	for (int64_t y = 0; y < m->ny; y++) {
		p->rhi[L->rlab + y] = m->labour[y];
		for (int64_t a = 0; a < m->na; a++)
			p->rhi[L->racc + y * m->na + a] = m->cap[y * m->na + a];
	}
	for (int64_t r = L->revo; r < L->rbud; r++)
		p->rlo[r] = 0;
	for (int64_t a = 0; a < m->na; a++)
		if (m->brow[a] >= 0)
			p->rhi[L->rbud + m->brow[a]] = m->budget[a];
	/* end floors: -(1 - dep) S_last - inv_last <= -end s0 */
	for (int64_t k = 0; k < m->nk && L->ninv == m->ny; k++) {
		int64_t r = L->revo + (m->ny - 1) * m->nk + k;
		p->rlo[r] = -INFINITY;
		p->rhi[r] = -m->end * m->stock[k].s0;
	}
}

static char *name_of(const char *kind, const char *key, int64_t y, const pl_model *m)
{
	char buf[256];
	if (m->ny > 1)
		snprintf(buf, sizeof buf, "%s:%s:y%lld", kind, key, (long long)y + 1);
	else
		snprintf(buf, sizeof buf, "%s:%s", kind, key);
	return ut_strdup(buf);
}

static int stock_name(const pl_model *m, const char *kind, int64_t y, int64_t k, char **out)
{
	char key[200];
	const plenum_economy *e = m->e;
	snprintf(key, sizeof key, "%s>%s", ec_name(e->pkey, m->stock[k].i),
	         ec_name(e->pkey, m->stock[k].j));
	*out = name_of(kind, key, y, m);
	return *out ? PLENUM_OK : PLENUM_ENOMEM;
}

static int row_names(const pl_model *m, const pl_layout *L, char **rn)
{
	const plenum_economy *e = m->e;
	int bad = 0;
	for (int64_t y = 0; y < m->ny; y++) {
		for (int64_t i = 0; i < m->np; i++)
			bad |= !(rn[L->rprod + y * m->np + i] = name_of("net", ec_name(e->pkey, i), y, m));
		bad |= !(rn[L->rlab + y] = name_of("labour", "hours", y, m));
		for (int64_t a = 0; a < m->na; a++)
			bad |= !(rn[L->racc + y * m->na + a] = name_of("cap", ec_name(e->akey, a), y, m));
		for (int64_t k = 0; k < m->nk; k++) {
			bad |= stock_name(m, "use", y, k, &rn[L->ruse + y * m->nk + k]);
			if (y < L->ninv)
				bad |= stock_name(m, y < m->ny - 1 ? "evolve" : "end", y, k,
				                  &rn[L->revo + y * m->nk + k]);
		}
	}
	for (int64_t a = 0; a < m->na; a++) /* over all years: never suffixed */
		if (m->brow[a] >= 0) {
			char buf[256];
			snprintf(buf, sizeof buf, "budget:%s", ec_name(e->akey, a));
			bad |= !(rn[L->rbud + m->brow[a]] = ut_strdup(buf));
		}
	return bad ? PLENUM_ENOMEM : PLENUM_OK;
}

static int col_names(const pl_model *m, const pl_layout *L, char **cn)
{
	const plenum_economy *e = m->e;
	int bad = 0;
	for (int64_t y = 0; y < m->ny; y++) {
		for (int64_t t = 0; t < m->nt; t++)
			bad |= !(cn[L->cx + y * m->nt + t] = name_of("x", ec_name(e->tkey, t), y, m));
		for (int64_t k = 0; k < m->nk; k++) {
			if (y < L->ninv)
				bad |= stock_name(m, "invest", y, k, &cn[L->cinv + y * m->nk + k]);
			bad |= stock_name(m, "stock", y, k, &cn[L->cs + y * m->nk + k]);
		}
	}
	for (int64_t j = L->cextra; j < L->ncol; j++) {
		int64_t q = (j - L->cextra) % (m->ntarg ? m->ntarg : 1);
		int64_t tk = m->targ[q];
		const char *kind = L->kind == PL_BALANCED ? "level"
		                   : L->kind == PL_ELASTIC ? "shortfall"
		                   : j - L->cextra < m->ntarg ? "fulfil" : "harmony";
		if (L->kind == PL_BALANCED) /* one level for all years: never suffixed */
			bad |= !(cn[j] = ut_strdup("level:s"));
		else
			bad |= !(cn[j] = name_of(kind, ec_name(e->pkey, tk % m->np), tk / m->np, m));
	}
	return bad ? PLENUM_ENOMEM : PLENUM_OK;
}

static int names(const pl_model *m, const pl_layout *L, lp_problem *p)
{
	p->row_name = ut_calloc((size_t)L->nrow + 1, sizeof *p->row_name);
	p->col_name = ut_calloc((size_t)L->ncol + 1, sizeof *p->col_name);
	if (!p->row_name || !p->col_name)
		return PLENUM_ENOMEM;
	int rc = row_names(m, L, p->row_name);
	return rc ? rc : col_names(m, L, p->col_name);
}

/* Every product counted in units of u, the targets' geometric mean, for PDLP (lp.h: ru,
 * cu): the rows of products and stocks times 1 / u, the columns of activities,
 * investments, stocks and shortfalls in units of u. Hours, accounts, levels and
 * fulfilments keep theirs. A table in dollars and the same table in millions then give
 * PDLP one problem (its stopping tests are in these units). */
static int units(const pl_model *m, const pl_layout *L, lp_problem *p)
{
	double u = pl_weight(m);
	if (u == 1)
		return PLENUM_OK;
	p->ru = ut_mallocarray((size_t)L->nrow + 1, sizeof *p->ru);
	p->cu = ut_mallocarray((size_t)L->ncol + 1, sizeof *p->cu);
	if (!p->ru || !p->cu)
		return PLENUM_ENOMEM;
	for (int64_t i = 0; i < L->nrow; i++) {
		int product = i < L->rlab || (i >= L->ruse && i < L->rbud);
		p->ru[i] = product ? 1 / u : 1;
	}
	for (int64_t j = 0; j < L->ncol; j++) {
		int product = j < L->cextra || L->kind == PL_ELASTIC;
		p->cu[j] = product ? u : 1;
	}
	return PLENUM_OK;
}

int pl_build(const pl_model *m, pl_kind kind, int with_names, pl_layout *L, lp_problem *p,
             plenum_diag *d)
{
	memset(p, 0, sizeof *p);
	pl_layout_init(L, m, kind);
	if (L->ncol > INT32_MAX)
		return ut_fail(d, PLENUM_EINVAL, "the plan has %lld columns; at most %d fit",
		               (long long)L->ncol, INT32_MAX);
	p->m = L->nrow;
	p->n = L->ncol;
	p->c = ut_calloc((size_t)L->ncol + 1, sizeof *p->c);
	p->lo = ut_mallocarray((size_t)L->ncol + 1, sizeof *p->lo);
	p->hi = ut_mallocarray((size_t)L->ncol + 1, sizeof *p->hi);
	p->rlo = ut_mallocarray((size_t)L->nrow + 1, sizeof *p->rlo);
	p->rhi = ut_mallocarray((size_t)L->nrow + 1, sizeof *p->rhi);
	int rc = !p->c || !p->lo || !p->hi || !p->rlo || !p->rhi ? PLENUM_ENOMEM
	         : matrix(m, L, p);
	if (!rc) {
		col_bounds(m, L, p);
		row_bounds(m, L, p);
	}
	if (!rc && with_names)
		rc = names(m, L, p);
	if (!rc)
		rc = units(m, L, p);
	p->primal = m->ny > 1 && m->nk > 0; /* stocks chain the years: lp.h */
	if (rc) {
		lp_problem_free(p);
		return ut_fail(d, rc, "out of memory building the plan's LP (%lld rows, %lld "
		               "columns)", (long long)L->nrow, (long long)L->ncol);
	}
	return PLENUM_OK;
}

/* Resizes *a to count elements of size sz. */
static int resize(void **a, size_t count, size_t sz)
{
	void *n = ut_realloc(*a, (count ? count : 1) * sz);
	if (!n)
		return PLENUM_ENOMEM;
	*a = n;
	return PLENUM_OK;
}

/* Names rows m .. m+count-1; on failure frees what it named, so that the problem keeps
 * m rows. */
static int cut_names(lp_problem *p, int64_t m, int64_t count)
{
	if (!p->row_name)
		return PLENUM_OK;
	if (resize((void **)&p->row_name, (size_t)(m + count), sizeof *p->row_name))
		return PLENUM_ENOMEM;
	for (int64_t r = m; r < m + count; r++) {
		char buf[32];
		snprintf(buf, sizeof buf, "cut%lld", (long long)r);
		if (!(p->row_name[r] = ut_strdup(buf))) {
			while (r-- > m)
				ut_free(p->row_name[r]);
			return PLENUM_ENOMEM;
		}
	}
	return PLENUM_OK;
}

int pl_append_cuts(lp_problem *p, int64_t count, const pl_cut *cut)
{
	int64_t nz = p->Ap[p->m], m = p->m, n2 = nz + 2 * count;
	if (resize((void **)&p->Ap, (size_t)(m + count + 1), sizeof *p->Ap) ||
	    resize((void **)&p->Aj, (size_t)n2, sizeof *p->Aj) ||
	    resize((void **)&p->Ax, (size_t)n2, sizeof *p->Ax) ||
	    resize((void **)&p->rlo, (size_t)(m + count), sizeof *p->rlo) ||
	    resize((void **)&p->rhi, (size_t)(m + count), sizeof *p->rhi) ||
	    (p->ru && resize((void **)&p->ru, (size_t)(m + count), sizeof *p->ru)))
		return PLENUM_ENOMEM;
	for (int64_t q = 0; q < count; q++) {
		int64_t k = nz + 2 * q;
		p->Aj[k] = cut[q].ca;
		p->Ax[k] = cut[q].a;
		p->Aj[k + 1] = cut[q].cb;
		p->Ax[k + 1] = cut[q].b;
		p->Ap[m + q + 1] = k + 2;
		p->rlo[m + q] = -INFINITY;
		p->rhi[m + q] = cut[q].hi;
		if (p->ru)
			p->ru[m + q] = 1; /* in the units of harmony's levels */
	}
	/* the rows exist (p->m grows) only once their names do, so that a failure leaves a
	 * problem lp_problem_free can free */
	int rc = cut_names(p, m, count);
	if (!rc)
		p->m = m + count;
	return rc;
}

int64_t pl_drop_cuts(lp_problem *p, int64_t first)
{
	for (int64_t r = first; p->row_name && r < p->m; r++)
		ut_free(p->row_name[r]);
	int64_t dropped = p->m - first;
	p->m = first;
	return dropped;
}
