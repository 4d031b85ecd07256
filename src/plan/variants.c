/* Variants for assemblies: a balanced plan for each working week from..to by step (without a
 * workforce: each amount of labour a year) and each cap setting, recording the fulfilment
 * level, the hours and the emissions of each. */
#include <math.h>
#include <string.h>
#include "plan/pl.h"

void plenum_variants_free(plenum_variants *v)
{
	if (!v)
		return;
	for (int64_t k = 0; k < v->count; k++) {
		ut_free(v->v[k].emitted);
		ut_free(v->v[k].cap);
	}
	ut_free(v->v);
	ut_free(v->budget);
	ut_free(v);
}

static int check(const plenum_economy *e, const plenum_plan_opts *o, double from, double to,
                 double step, int64_t nsettings, int64_t *weeks, plenum_diag *d)
{
	char said[400];
	int week = !isnan(o->workforce);
	if (e->lunit && week)
		return ut_fail(d, PLENUM_EINVAL, "a working week is hours, and this economy counts "
		               "labour in %s: sweep the labour available a year instead (variants "
		               "--labour-hours FROM:TO:STEP in %s, without --workforce)",
		               plenum_economy_labour_said(e, said, sizeof said), e->lunit);
	if (week && !(o->workforce > 0))
		return ut_fail(d, PLENUM_EINVAL, "variants need a workforce above 0 (the people "
		               "whose working week is swept): give --workforce N");
	if (!(from >= 0) || !(to >= from) || !(step > 0) || !isfinite(to))
		return ut_fail(d, PLENUM_EINVAL, "%s %g:%g:%g: give FROM:TO:STEP with 0 <= FROM <= "
		               "TO and STEP > 0", week ? "working weeks" : "labour a year", from, to,
		               step);
	if (week && to > PLENUM_WEEK_HOURS)
		return ut_fail(d, PLENUM_EINVAL, "working weeks %g:%g:%g: a week has %d hours; "
		               "give TO <= %d", from, to, step, PLENUM_WEEK_HOURS, PLENUM_WEEK_HOURS);
	/* counted in double: (to - from) / step may be far beyond int64_t */
	double nw = floor((to - from) / step + 1e-9) + 1, n = nw * (double)(nsettings ? nsettings : 1);
	if (nsettings < 0 || !(n <= 10000))
		return ut_fail(d, PLENUM_EINVAL, "%.15g variants are too many: at most 10000: widen "
		               "the step of the sweep or give fewer cap settings", n);
	*weeks = (int64_t)nw;
	return PLENUM_OK;
}

/* One variant: a balanced plan at weekly hours w (without a workforce: w hours, or the
 * economy's unit, of labour a year) with cap row caps (NULL: the economy's). */
static int one(const plenum_economy *e, const plenum_plan_opts *o, double w,
               const double *caps, plenum_variant *v, int64_t *years, plenum_diag *d)
{
	plenum_plan_opts oo = *o;
	int week = !isnan(o->workforce);
	oo.objective = PLENUM_OBJECTIVE_BALANCED;
	oo.labour_hours = week ? NAN : w;
	oo.weekly_hours = week ? w : NAN;
	oo.caps = caps;
	oo.mps_path = NULL;
	plenum_plan *p = NULL;
	plenum_diag again = {0}; /* the first variant's warnings are every variant's */
	int rc = plenum_plan_compute(e, &oo, &p, *years ? &again : d);
	if (rc && *years && d)
		memcpy(d->message, again.message, sizeof d->message);
	if (rc)
		return rc;
	v->weekly_hours = week ? w : NAN;
	v->labour_hours = week ? o->workforce * w * o->weeks : w;
	v->status = p->status;
	memcpy(v->message, p->message, sizeof v->message);
	v->level = p->status == PLENUM_PLAN_OPTIMAL ? p->level : p->status ==
	           PLENUM_PLAN_INFEASIBLE ? 0 : NAN;
	for (int64_t y = 0; y < p->years; y++) {
		v->labour += p->labour[y];
		v->labour_available += p->labour_available[y];
		for (int64_t a = 0; a < p->accounts; a++)
			v->emitted[a] += p->emitted[y * p->accounts + a];
	}
	for (int64_t y = 0; y < p->years; y++) /* summed like the emissions */
		for (int64_t a = 0; a < p->accounts; a++)
			v->cap[a] += p->cap[y * p->accounts + a];
	*years = p->years;
	plenum_plan_free(p);
	return PLENUM_OK;
}

int plenum_variants_compute(const plenum_economy *e, const plenum_plan_opts *o, double from,
                            double to, double step, const double *cap_settings,
                            int64_t nsettings, plenum_variants **out, plenum_diag *d)
{
	plenum_plan_opts dflt;
	if (!o) {
		plenum_plan_opts_init(&dflt);
		o = &dflt;
	}
	*out = NULL;
	int64_t nw = 0, ns = nsettings ? nsettings : 1, na = e->na;
	int rc = check(e, o, from, to, step, nsettings, &nw, d);
	if (rc)
		return rc;
	plenum_variants *v = ut_calloc(1, sizeof *v);
	if (!v || !(v->v = ut_calloc((size_t)(nw * ns), sizeof *v->v))) {
		ut_free(v);
		return ut_fail(d, PLENUM_ENOMEM, "out of memory for the variants");
	}
	*v = (plenum_variants){.accounts = na, .nsettings = nsettings, .v = v->v, .from = from,
	                       .to = to, .step = step, .labour_sweep = isnan(o->workforce),
	                       .workforce = o->workforce, .weeks = o->weeks,
	                       .budget = ut_mallocarray((size_t)na + 1, sizeof(double))};
	if (!v->budget)
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory for the variants");
	for (int64_t a = 0; a < na && !rc; a++) /* as pl_model: NAN is none */
		v->budget[a] = o->budgets && !isnan(o->budgets[a]) ? o->budgets[a] : INFINITY;
	for (int64_t s = 0; s < ns && !rc; s++)
		for (int64_t k = 0; k < nw && !rc; k++) {
			plenum_variant *x = &v->v[v->count++];
			x->setting = s;
			x->emitted = ut_calloc((size_t)na + 1, sizeof *x->emitted);
			x->cap = ut_calloc((size_t)na + 1, sizeof *x->cap);
			if (!x->emitted || !x->cap)
				rc = ut_fail(d, PLENUM_ENOMEM, "out of memory for the variants");
			else
				rc = one(e, o, ut_round15(from + (double)k * step), /* 0.3, not
				                                                     * 0.30000000000000004 */
				         nsettings ? cap_settings + s * na : NULL, x, &v->years, d);
		}
	if (rc) {
		plenum_variants_free(v);
		return rc;
	}
	*out = v;
	return PLENUM_OK;
}
