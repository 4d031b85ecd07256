/* The plan model: targets, hours and caps per year from the economy, the options and the
 * horizon, and budgets over all years from the options, checked once so that every
 * objective can rely on them. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plan/pl.h"

void plenum_plan_opts_init(plenum_plan_opts *o)
{
	memset(o, 0, sizeof *o);
	o->objective = PLENUM_OBJECTIVE_BALANCED;
	o->labour_hours = NAN;
	o->workforce = NAN;
	o->weekly_hours = NAN;
	o->weeks = PLENUM_DEFAULT_WEEKS;
	o->tolerance = 1e-6;
	o->solver = PLENUM_SOLVER_AUTO;
	o->pdlp_above = 20000;
	o->exact_up_to = 2500;
	o->auto_iter_per_size = 2;
}

void pl_model_free(pl_model *m)
{
	ut_free(m->target);
	ut_free(m->labour);
	ut_free(m->cap);
	ut_free(m->budget);
	ut_free(m->brow);
	ut_free(m->kp);
	ut_free(m->ki);
	ut_free(m->ip);
	ut_free(m->ii);
	ut_free(m->targ);
	memset(m, 0, sizeof *m);
}

/* Hours per year: explicit, else workforce x weekly hours x weeks, else the horizon's. */
static int hours(pl_model *m, const plenum_plan_opts *o, plenum_diag *d)
{
	double h = o->labour_hours;
	if (isnan(h) && !isnan(o->workforce) && !isnan(o->weekly_hours))
		h = o->workforce * o->weekly_hours * m->weeks;
	if (!isnan(h) && !(h >= 0))
		return ut_fail(d, PLENUM_EINVAL, "labour hours %g are negative: give hours >= 0", h);
	for (int64_t y = 0; y < m->ny; y++) {
		m->labour[y] = h + 0.0;
		if (isnan(h))
			m->labour[y] = o->horizon ? o->horizon->labour[y] : INFINITY;
		if (isfinite(m->labour[y]) && m->labour[y] >= PL_HUGE)
			return ut_fail(d, PLENUM_EINVAL, "labour hours %g in year %lld are too many: "
			               "the solvers take %g or more as no limit; leave the hours out "
			               "for none", m->labour[y], (long long)y + 1, PL_HUGE);
	}
	return PLENUM_OK;
}

/* Caps per year: the option's (every year), else the horizon's for that year, else the
 * economy's. */
static int caps(pl_model *m, const plenum_plan_opts *o, plenum_diag *d)
{
	const plenum_economy *e = m->e;
	const plenum_horizon *h = o->horizon;
	for (int64_t y = 0; y < m->ny; y++)
		for (int64_t a = 0; a < m->na; a++) {
			double c = e->acap[a];
			if (h && h->cap && !isnan(h->cap[y * h->na + a]))
				c = h->cap[y * h->na + a];
			if (o->caps && !isnan(o->caps[a]))
				c = o->caps[a];
			if (!(c >= 0))
				return ut_fail(d, PLENUM_EINVAL, "cap %g of account '%s' is "
				               "negative: give a cap >= 0", c, ec_name(e->akey, a));
			if (isfinite(c) && c >= PL_HUGE)
				return ut_fail(d, PLENUM_EINVAL, "cap %g of account '%s' is too large: "
				               "the solvers take %g or more as no cap; leave it out for "
				               "none, or count the account in larger units", c,
				               ec_name(e->akey, a), PL_HUGE);
			m->cap[y * m->na + a] = c + 0.0; /* -0 (a cap typed "-0") is 0 */
		}
	return PLENUM_OK;
}

/* Budgets over all years: the option's where it gives a finite one. */
static int budgets(pl_model *m, const plenum_plan_opts *o, plenum_diag *d)
{
	const plenum_economy *e = m->e;
	for (int64_t a = 0; a < m->na; a++) {
		double b = o->budgets && !isnan(o->budgets[a]) ? o->budgets[a] : INFINITY;
		if (!(b >= 0))
			return ut_fail(d, PLENUM_EINVAL, "budget %g of account '%s' is negative: give "
			               "a budget >= 0", b, ec_name(e->akey, a));
		if (isfinite(b) && b >= PL_HUGE)
			return ut_fail(d, PLENUM_EINVAL, "budget %g of account '%s' is too large: the "
			               "solvers take %g or more as no limit; leave it out for none", b,
			               ec_name(e->akey, a), PL_HUGE);
		m->budget[a] = b + 0.0;
		m->brow[a] = isfinite(b) ? m->nb++ : -1;
	}
	return PLENUM_OK;
}

static int targets(pl_model *m, const plenum_plan_opts *o, plenum_diag *d)
{
	const plenum_economy *e = m->e;
	for (int64_t y = 0; y < m->ny; y++)
		for (int64_t i = 0; i < m->np; i++) {
			double t = o->horizon && !o->targets ? o->horizon->target[y * m->np + i]
			           : o->targets ? o->targets[i] : e->demand[i];
			if (!isfinite(t))
				return ut_fail(d, PLENUM_EINVAL, "target %g for product '%s' in year %lld "
				               "is not a number >= 0: fix the demand", t,
				               ec_name(e->pkey, i), (long long)y + 1);
			if (t < 0 && !o->zero_negative_targets)
				return ut_fail(d, PLENUM_EINVAL, "target %g for product '%s' in year %lld "
				               "is negative: fix the demand, or take negative targets as "
				               "none (--negative-targets zero)", t, ec_name(e->pkey, i),
				               (long long)y + 1);
			if (t < 0) {
				ut_warn(d, t, "negative target %g for product '%s' in year %lld taken as "
				        "none", t, ec_name(e->pkey, i), (long long)y + 1);
				t = 0;
			}
			m->target[y * m->np + i] = t;
			m->ntarg += t > 0;
		}
	if (m->ntarg == 0)
		return ut_fail(d, PLENUM_EINVAL, "nothing to plan: no product has a positive target; "
		               "give targets (demand.csv or targets.csv in an economy directory, "
		               "the rows of labtarg.csv in the four-CSV format)");
	m->targ = ut_mallocarray((size_t)m->ntarg, sizeof *m->targ);
	if (!m->targ)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory for the targets");
	int64_t q = 0;
	for (int64_t k = 0; k < m->ny * m->np; k++)
		if (m->target[k] > 0)
			m->targ[q++] = k;
	return PLENUM_OK;
}

/* CSR index of the stocks by one of their products (field 0: i, 1: j). */
static int index_stocks(pl_model *m, int by_user, int64_t **pp, int64_t **pi)
{
	int64_t *p = ut_calloc((size_t)m->np + 1, sizeof *p);
	int64_t *ix = ut_mallocarray((size_t)m->nk + 1, sizeof *ix);
	*pp = p;
	*pi = ix;
	if (!p || !ix)
		return PLENUM_ENOMEM;
	for (int64_t k = 0; k < m->nk; k++)
		p[(by_user ? m->stock[k].j : m->stock[k].i) + 1]++;
	for (int64_t i = 0; i < m->np; i++)
		p[i + 1] += p[i];
	int64_t *next = ut_mallocarray((size_t)m->np + 1, sizeof *next);
	if (!next)
		return PLENUM_ENOMEM;
	memcpy(next, p, ((size_t)m->np + 1) * sizeof *next);
	for (int64_t k = 0; k < m->nk; k++)
		ix[next[by_user ? m->stock[k].j : m->stock[k].i]++] = k;
	ut_free(next);
	return PLENUM_OK;
}

static int check_shape(const plenum_economy *e, const plenum_plan_opts *o, plenum_diag *d)
{
	if (e->np == 0 || e->nt == 0)
		return ut_fail(d, PLENUM_EINVAL, "nothing to plan: the economy has %lld products and "
		               "%lld techniques; give both", (long long)e->np, (long long)e->nt);
	const plenum_horizon *h = o->horizon;
	if (h && (h->np != e->np || (h->cap && h->na != e->na)))
		return ut_fail(d, PLENUM_EINVAL, "the horizon has %lld products and %lld accounts, "
		               "the economy %lld and %lld: read both from the same directory",
		               (long long)h->np, (long long)(h->cap ? h->na : e->na),
		               (long long)e->np, (long long)e->na);
	if (o->years < 0 || o->years > PLENUM_MAX_YEARS)
		return ut_fail(d, PLENUM_EINVAL, "years %lld: give --years 1 to %d",
		               (long long)o->years, PLENUM_MAX_YEARS);
	if (o->horizon && o->years > o->horizon->ny)
		return ut_fail(d, PLENUM_EINVAL, "years %lld: the horizon (the rows of labtarg.csv, "
		               "or of years.csv) has %lld; give --years 1 to %lld or add years to "
		               "that file", (long long)o->years, (long long)o->horizon->ny,
		               (long long)o->horizon->ny);
	if (!(o->weeks > 0) || !(o->tolerance > 0))
		return ut_fail(d, PLENUM_EINVAL, "weeks per year (%g) and tolerance (%g) must be "
		               "positive", o->weeks, o->tolerance);
	if (o->weeks > PLENUM_YEAR_WEEKS)
		return ut_fail(d, PLENUM_EINVAL, "%g weeks per year: a year has %g; give --weeks "
		               "%g or fewer", o->weeks, PLENUM_YEAR_WEEKS, PLENUM_YEAR_WEEKS);
	char said[400];
	if (e->lunit && (!isnan(o->workforce) || !isnan(o->weekly_hours)))
		return ut_fail(d, PLENUM_EINVAL, "labour in this economy is counted in %s, not "
		               "hours: a workforce and a working week cannot be planned with it; give "
		               "the labour available in %s (--labour-hours), or import a table with "
		               "hours (docs/import.md)", plenum_economy_labour_said(e, said, sizeof said),
		               e->lunit);
	if (o->weekly_hours > PLENUM_WEEK_HOURS)
		return ut_fail(d, PLENUM_EINVAL, "%g hours per week: a week has %d; give "
		               "--weekly-hours %d or fewer", o->weekly_hours, PLENUM_WEEK_HOURS,
		               PLENUM_WEEK_HOURS);
	if (!(o->end_stocks >= 0 && isfinite(o->end_stocks)))
		return ut_fail(d, PLENUM_EINVAL, "end stocks %g: give a multiple >= 0 of the first "
		               "year's stocks (1 keeps them; 0 sets no condition)", o->end_stocks);
	for (int64_t t = 0; t < e->nt; t++)
		if (isfinite(e->tcap[t]) && e->tcap[t] >= PL_HUGE)
			return ut_fail(d, PLENUM_EINVAL, "technique '%s' has a capacity of %g: the "
			               "solvers take %g or more as none; leave it empty in "
			               "techniques.csv for none", ec_name(e->tkey, t), e->tcap[t],
			               PL_HUGE);
	for (int64_t k = 0; h && k < h->nk; k++)
		if (h->stock[k].s0 >= PL_HUGE || h->stock[k].k >= PL_HUGE) /* Clp aborted on 1e300 */
			return ut_fail(d, PLENUM_EINVAL, "the stock of '%s' held by the makers of '%s' "
			               "is too large (%g, %g per unit made): the solvers take %g or "
			               "more as no limit; count it in larger units",
			               ec_name(e->pkey, h->stock[k].i), ec_name(e->pkey, h->stock[k].j),
			               h->stock[k].s0, h->stock[k].k, PL_HUGE);
	if (o->end_stocks > 0 && !(h && h->nk > 0))
		return ut_fail(d, PLENUM_EINVAL, "end stocks %g asked for, but the plan has no "
		               "capital stocks: give stocks.csv (or the multi-year format), or "
		               "leave end stocks out", o->end_stocks);
	return PLENUM_OK;
}

int pl_model_init(pl_model *m, const plenum_economy *e, const plenum_plan_opts *o,
                  plenum_diag *d)
{
	memset(m, 0, sizeof *m);
	int rc = check_shape(e, o, d);
	if (rc)
		return rc;
	m->e = e;
	m->np = e->np;
	m->nt = e->nt;
	m->na = e->na;
	m->ny = o->years ? o->years : o->horizon ? o->horizon->ny : 1;
	m->nk = o->horizon ? o->horizon->nk : 0;
	m->stock = o->horizon ? o->horizon->stock : NULL;
	m->workforce = o->workforce;
	m->weeks = o->weeks;
	m->end = o->end_stocks;
	m->tolerance = o->tolerance;
	m->target = ut_mallocarray((size_t)(m->ny * m->np), sizeof *m->target);
	m->labour = ut_mallocarray((size_t)m->ny, sizeof *m->labour);
	m->cap = ut_mallocarray((size_t)(m->ny * m->na) + 1, sizeof *m->cap);
	m->budget = ut_mallocarray((size_t)m->na + 1, sizeof *m->budget);
	m->brow = ut_mallocarray((size_t)m->na + 1, sizeof *m->brow);
	if (!m->target || !m->labour || !m->cap || !m->budget || !m->brow ||
	    index_stocks(m, 1, &m->kp, &m->ki) || index_stocks(m, 0, &m->ip, &m->ii))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory for the plan model");
	if (!rc)
		rc = hours(m, o, d);
	if (!rc)
		rc = caps(m, o, d);
	if (!rc)
		rc = budgets(m, o, d);
	if (!rc)
		rc = targets(m, o, d);
	if (rc)
		pl_model_free(m);
	return rc;
}

void pl_limit_what(const pl_model *m, plenum_limit kind, int64_t year, int64_t index,
                   int64_t index2, char *out, size_t n)
{
	const plenum_economy *e = m->e;
	char yr[32] = "";
	if (m->ny > 1)
		snprintf(yr, sizeof yr, " in year %lld", (long long)year + 1);
	switch (kind) {
	case PLENUM_LIMIT_LABOUR:
		snprintf(out, n, "labour%s", yr);
		break;
	case PLENUM_LIMIT_CAP:
		snprintf(out, n, "cap of account %s%s", ec_name(e->akey, index), yr);
		break;
	case PLENUM_LIMIT_CAPACITY:
		snprintf(out, n, "capacity of technique %s%s", ec_name(e->tkey, index), yr);
		break;
	case PLENUM_LIMIT_STOCK:
	case PLENUM_LIMIT_END_STOCK:
		snprintf(out, n, "%s of %s for %s%s", kind == PLENUM_LIMIT_STOCK ? "stock"
		         : "end stock", ec_name(e->pkey, index), ec_name(e->pkey, index2),
		         kind == PLENUM_LIMIT_STOCK ? yr : " after the last year");
		break;
	case PLENUM_LIMIT_TARGET:
		snprintf(out, n, "target of product %s%s", ec_name(e->pkey, index), yr);
		break;
	case PLENUM_LIMIT_BUDGET:
		if (m->ny > 1)
			snprintf(out, n, "budget of account %s over the %lld years",
			         ec_name(e->akey, index), (long long)m->ny);
		else
			snprintf(out, n, "budget of account %s", ec_name(e->akey, index));
		break;
	}
}
