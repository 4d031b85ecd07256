/* What a plan says: activity, net output, fulfilment, labour, emissions from the LP's
 * solution, and the bottlenecks (binding limits) with their shadow values in hours. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan/pl.h"

const char *pl_labour_advice(const plenum_economy *e, char *buf, size_t n)
{
	if (plenum_economy_labour_in_hours(e))
		snprintf(buf, n, "labour hours (--labour-hours, or --workforce and --weekly-hours)");
	else
		snprintf(buf, n, "labour in %s (--labour-hours)", plenum_economy_labour_unit(e));
	return buf;
}

void pl_say(plenum_plan *plan, size_t *len, const char *fmt, ...)
{
	size_t cap = sizeof plan->message;
	if (*len >= cap - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(plan->message + *len, cap - *len, fmt, ap);
	va_end(ap);
	*len = n < 0 ? *len : *len + (size_t)n < cap ? *len + (size_t)n : cap - 1;
}

int pl_plan_alloc(plenum_plan *plan, const pl_model *m)
{
	size_t ny = (size_t)m->ny, yp = ny * (size_t)m->np;
	plan->years = m->ny;
	plan->products = m->np;
	plan->techniques = m->nt;
	plan->accounts = m->na;
	plan->activity = ut_calloc(ny * (size_t)m->nt + 1, sizeof(double));
	plan->net = ut_calloc(yp + 1, sizeof(double));
	plan->target = ut_calloc(yp + 1, sizeof(double));
	plan->fulfilment = ut_calloc(yp + 1, sizeof(double));
	plan->value = ut_calloc(yp + 1, sizeof(double));
	plan->invest = ut_calloc(yp + 1, sizeof(double));
	plan->shortfall = ut_calloc(yp + 1, sizeof(double));
	plan->labour = ut_calloc(ny + 1, sizeof(double));
	plan->labour_available = ut_calloc(ny + 1, sizeof(double));
	plan->weekly_hours = ut_calloc(ny + 1, sizeof(double));
	plan->emitted = ut_calloc(ny * (size_t)m->na + 1, sizeof(double));
	plan->cap = ut_calloc((size_t)(m->ny * m->na) + 1, sizeof(double));
	plan->budget = ut_calloc((size_t)m->na + 1, sizeof(double));
	if (!plan->activity || !plan->net || !plan->target || !plan->fulfilment || !plan->value ||
	    !plan->invest || !plan->shortfall || !plan->labour || !plan->labour_available ||
	    !plan->weekly_hours || !plan->emitted || !plan->cap || !plan->budget)
		return PLENUM_ENOMEM;
	size_t nk = (size_t)m->nk;
	plan->stocks = m->nk;
	plan->stock_input = ut_calloc(nk + 1, sizeof(int64_t));
	plan->stock_user = ut_calloc(nk + 1, sizeof(int64_t));
	plan->stock_level = ut_calloc((ny + 1) * nk + 1, sizeof(double));
	plan->stock_needed = ut_calloc(ny * nk + 1, sizeof(double));
	plan->stock_invested = ut_calloc(ny * nk + 1, sizeof(double));
	if (!plan->stock_input || !plan->stock_user || !plan->stock_level ||
	    !plan->stock_needed || !plan->stock_invested)
		return PLENUM_ENOMEM;
	for (size_t k = 0; k < nk; k++) {
		plan->stock_input[k] = m->stock[k].i;
		plan->stock_user[k] = m->stock[k].j;
	}
	memcpy(plan->target, m->target, yp * sizeof(double));
	memcpy(plan->labour_available, m->labour, ny * sizeof(double));
	memcpy(plan->cap, m->cap, (size_t)(m->ny * m->na) * sizeof(double));
	memcpy(plan->budget, m->budget, (size_t)m->na * sizeof(double));
	for (size_t k = 0; k < yp; k++)
		plan->value[k] = NAN;
	plan->harmony_bound = NAN;
	return PLENUM_OK;
}

/* A column of the plan within its bounds: a simplex solver leaves a bound broken by its
 * feasibility tolerance (an activity of -3e-12 where none is possible), which the report
 * would show as negative hours. */
static double within(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Net output, labour and emissions of year y's activity x (length nt); flow (length np,
 * zeroed) gets each product's gross flow, made plus used. */
static void fill_year(plenum_plan *plan, const pl_model *m, int64_t y, const double *x,
                      double *flow)
{
	const plenum_economy *e = m->e;
	double *net = plan->net + y * m->np, *em = plan->emitted + y * m->na, lab = 0;
	for (int64_t t = 0; t < m->nt; t++) {
		double a = within(x[t], 0, e->tcap[t]);
		plan->activity[y * m->nt + t] = a;
		net[e->tprod[t]] += e->tout[t] * a;
		for (int64_t k = e->in.p[t]; k < e->in.p[t + 1]; k++)
			net[e->in.i[k]] -= e->in.x[k] * a;
		flow[e->tprod[t]] += e->tout[t] * a;
		for (int64_t k = e->in.p[t]; k < e->in.p[t + 1]; k++)
			flow[e->in.i[k]] += fabs(e->in.x[k]) * a;
		for (int64_t k = e->em.p[t]; k < e->em.p[t + 1]; k++)
			em[e->em.i[k]] += e->em.x[k] * a;
		lab += e->tlab[t] * a;
	}
	plan->labour[y] = lab;
	double people = m->workforce * m->weeks;
	plan->weekly_hours[y] = isfinite(people) && people > 0 ? lab / people : NAN;
}

/* The stocks year by year from the LP's stock and investment columns; what is handed on
 * is the last year's stock less its wear plus the last year's investment (none without end
 * stocks). */
static void fill_stocks(plenum_plan *plan, const pl_model *m, const pl_layout *L,
                        const double *x)
{
	const plenum_economy *e = m->e;
	int64_t nk = m->nk, ny = m->ny;
	memset(plan->stock_needed, 0, (size_t)(ny * nk) * sizeof(double));
	for (int64_t y = 0; y < ny; y++) {
		for (int64_t k = 0; k < nk; k++) {
			plan->stock_level[y * nk + k] = fmax(x[L->cs + y * nk + k], 0);
			plan->stock_invested[y * nk + k] =
			        y < L->ninv ? fmax(x[L->cinv + y * nk + k], 0) : 0;
		}
		for (int64_t t = 0; t < m->nt; t++) {
			int32_t j = e->tprod[t];
			for (int64_t q = m->kp[j]; q < m->kp[j + 1]; q++)
				plan->stock_needed[y * nk + m->ki[q]] +=
				        m->stock[m->ki[q]].k * e->tout[t] *
				        within(x[L->cx + y * m->nt + t], 0, e->tcap[t]);
		}
	}
	for (int64_t k = 0; k < nk; k++)
		plan->stock_level[ny * nk + k] = (1 - m->stock[k].dep) *
		        plan->stock_level[(ny - 1) * nk + k] + plan->stock_invested[(ny - 1) * nk + k];
}

/* A net output below zero by no more than an optimal first-order solution's rows may be off
 * (10 x its tolerance of the product's gross flow, as pl_stage_better holds them; the
 * tolerance taken at most 1e-5, so that a loose --tolerance or a plan stopped at a limit
 * never hides more than 1e-4 of the flow) is zero: PDLP's -0.0006 of a product flowing 1e5
 * is no negative output (the model has n >= 0). */
static double net_within(double net, double flow, double tolerance)
{
	return net < 0 && -net <= 10 * fmin(tolerance, 1e-5) * flow ? 0 : net;
}

void pl_fill(plenum_plan *plan, const pl_model *m, const pl_layout *L, const double *x)
{
	fill_stocks(plan, m, L, x);
	memset(plan->net, 0, (size_t)(m->ny * m->np) * sizeof(double));
	memset(plan->invest, 0, (size_t)(m->ny * m->np) * sizeof(double));
	memset(plan->emitted, 0, (size_t)(m->ny * m->na) * sizeof(double));
	double *flow = plan->fulfilment; /* the gross flows until the fulfilment replaces them */
	memset(flow, 0, (size_t)(m->ny * m->np) * sizeof(double));
	for (int64_t y = 0; y < m->ny; y++)
		fill_year(plan, m, y, x + L->cx + y * m->nt, flow + y * m->np);
	for (int64_t y = 0; y < L->ninv; y++)
		for (int64_t k = 0; k < m->nk; k++)
			plan->invest[y * m->np + m->stock[k].i] += fmax(x[L->cinv + y * m->nk + k], 0);
	double least = INFINITY, h = 0;
	for (int64_t k = 0; k < m->ny * m->np; k++) {
		plan->net[k] = net_within(plan->net[k] - plan->invest[k], flow[k] + plan->invest[k],
		                          m->tolerance);
		double t = m->target[k];
		plan->fulfilment[k] = t > 0 ? plan->net[k] / t : NAN;
		if (t > 0) {
			least = fmin(least, plan->fulfilment[k]);
			h += pl_harmony_value(t, plan->net[k]);
		}
	}
	plan->level = least;
	plan->harmony = h;
}

/* What one more hour in year y is worth in objective units (NAN when labour is slack). */
static double hour_worth(const pl_layout *L, const lp_result *r, int64_t y, int hours_objective)
{
	if (hours_objective)
		return 1;
	double w = -r->y[L->rlab + y];
	return w > 1e-12 ? w : NAN;
}

/* An hour more in every year, per hour: what a limit over all years is weighed against. */
static double hour_worth_all(const pl_model *m, const pl_layout *L, const lp_result *r,
                             int hours_objective)
{
	if (hours_objective)
		return 1;
	double w = 0;
	for (int64_t y = 0; y < m->ny; y++)
		w -= r->y[L->rlab + y];
	w /= (double)m->ny;
	return w > 1e-12 ? w : NAN;
}

void pl_values(plenum_plan *plan, const pl_model *m, const pl_layout *L, const lp_result *r,
               int hours_objective)
{
	for (int64_t y = 0; y < m->ny; y++) {
		double w = hour_worth(L, r, y, hours_objective);
		for (int64_t i = 0; i < m->np; i++)
			plan->value[y * m->np + i] = r->y[L->rprod + y * m->np + i] / w;
	}
}

typedef struct bn_ctx {
	plenum_plan *plan;
	const pl_model *m;
	const pl_layout *L;
	const lp_result *r;
	int hours_objective;
	double tol;
	int64_t cap;
} bn_ctx;

/* A shadow value above 1e-9, or one whose limit carries a share above 1e-6 of the
 * objective (shadow x limit, the limit's term in the dual objective): in a table counted
 * in millions of dollars the hours that bind an infeasible plan have a shadow of about
 * 1e-11 (shortfall per hour) and a share of 5 in a shortfall of 0.25. */
static int significant(const bn_ctx *c, double shadow, double limit)
{
	return shadow > 1e-9 ||
	       (shadow > 0 && shadow * fabs(limit) > 1e-6 * (1 + fabs(c->r->objective)));
}

/* Records a limit when it binds (used within tol of limit) and its shadow is positive. */
static int consider(bn_ctx *c, plenum_limit kind, int64_t y, int64_t i, int64_t i2,
                    double limit, double used, double shadow)
{
	if (!significant(c, shadow, limit) || !isfinite(limit) ||
	    used < limit - c->tol * (1 + fabs(limit)))
		return PLENUM_OK;
	plenum_plan *plan = c->plan;
	if (plan->nbottlenecks == c->cap) {
		int64_t cap = c->cap ? 2 * c->cap : 16;
		void *n = ut_realloc(plan->bottlenecks, (size_t)cap * sizeof *plan->bottlenecks);
		if (!n)
			return PLENUM_ENOMEM;
		plan->bottlenecks = n;
		c->cap = cap;
	}
	plenum_bottleneck *b = &plan->bottlenecks[plan->nbottlenecks++];
	memset(b, 0, sizeof *b);
	*b = (plenum_bottleneck){kind, y, i, i2, limit, used, shadow, 0, ""};
	b->hours = shadow / (y < 0 ? hour_worth_all(c->m, c->L, c->r, c->hours_objective)
	                           : hour_worth(c->L, c->r, y, c->hours_objective));
	pl_limit_what(c->m, kind, y, i, i2, b->what, sizeof b->what);
	return PLENUM_OK;
}

/* sum_j A_rj x_j */
static double row_activity(const lp_problem *p, const double *x, int64_t r)
{
	double s = 0;
	for (int64_t k = p->Ap[r]; k < p->Ap[r + 1]; k++)
		s += p->Ax[k] * x[p->Aj[k]];
	return s;
}

static int year_limits(bn_ctx *c, const lp_problem *p, int64_t y)
{
	const pl_model *m = c->m;
	const pl_layout *L = c->L;
	const double *Y = c->r->y, *x = c->r->x;
	plenum_plan *plan = c->plan;
	int rc = consider(c, PLENUM_LIMIT_LABOUR, y, 0, 0, m->labour[y], plan->labour[y],
	                  -Y[L->rlab + y]);
	for (int64_t a = 0; a < m->na && !rc; a++)
		rc = consider(c, PLENUM_LIMIT_CAP, y, a, 0, m->cap[y * m->na + a],
		              plan->emitted[y * m->na + a], -Y[L->racc + y * m->na + a]);
	for (int64_t t = 0; t < m->nt && !rc; t++) {
		int64_t j = L->cx + y * m->nt + t;
		rc = consider(c, PLENUM_LIMIT_CAPACITY, y, t, 0, p->hi[j], x[j],
		              c->r->z ? -c->r->z[j] : 0);
	}
	for (int64_t k = 0; k < m->nk && !rc; k++) {
		double s = x[L->cs + y * m->nk + k];
		rc = consider(c, PLENUM_LIMIT_STOCK, y, m->stock[k].i, m->stock[k].j, s,
		              s + row_activity(p, x, L->ruse + y * m->nk + k),
		              -Y[L->ruse + y * m->nk + k]);
	}
	return rc;
}

/* The end floors (with end stocks): bind when the stock left is at the floor. */
static int end_limits(bn_ctx *c, const lp_problem *p)
{
	const pl_model *m = c->m;
	const pl_layout *L = c->L;
	int rc = PLENUM_OK;
	for (int64_t k = 0; k < m->nk && L->ninv == m->ny && !rc; k++) {
		int64_t r = L->revo + (m->ny - 1) * m->nk + k;
		double need = -p->rhi[r], left = -row_activity(p, c->r->x, r);
		if (left <= need + c->tol * (1 + fabs(need)))
			rc = consider(c, PLENUM_LIMIT_END_STOCK, m->ny - 1, m->stock[k].i,
			              m->stock[k].j, need, left, -c->r->y[r]);
	}
	return rc;
}

/* Budgets: bind when the emissions of all years together reach them. */
static int budget_limits(bn_ctx *c)
{
	const pl_model *m = c->m;
	const plenum_plan *plan = c->plan;
	int rc = PLENUM_OK;
	for (int64_t a = 0; a < m->na && !rc; a++) {
		if (m->brow[a] < 0)
			continue;
		double used = 0;
		for (int64_t y = 0; y < m->ny; y++)
			used += plan->emitted[y * m->na + a];
		rc = consider(c, PLENUM_LIMIT_BUDGET, -1, a, 0, m->budget[a], used,
		              -c->r->y[c->L->rbud + m->brow[a]]);
	}
	return rc;
}

static int by_shadow(const void *a, const void *b)
{
	const plenum_bottleneck *x = a, *y = b;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return x->shadow > y->shadow ? -1 : x->shadow < y->shadow ? 1 : 0;
}

int pl_bottlenecks(plenum_plan *plan, const pl_model *m, const pl_layout *L,
                   const lp_problem *p, const lp_result *r, int hours_objective, double tol)
{
	bn_ctx c = {plan, m, L, r, hours_objective, fmax(1e-6, 10 * tol), 0};
	plan->nbottlenecks = 0;
	ut_free(plan->bottlenecks);
	plan->bottlenecks = NULL;
	int rc = PLENUM_OK;
	for (int64_t y = 0; y < m->ny && !rc; y++)
		rc = year_limits(&c, p, y);
	if (!rc)
		rc = end_limits(&c, p);
	if (!rc)
		rc = budget_limits(&c);
	if (!rc && plan->nbottlenecks > 1)
		qsort(plan->bottlenecks, (size_t)plan->nbottlenecks, sizeof *plan->bottlenecks,
		      by_shadow);
	return rc;
}
