/* Unbounded plans explained: the ray lp_ray finds is a set of techniques that can run at
 * any scale because nothing they need is limited (a product that takes neither hours nor
 * inputs, as "used and secondhand goods" does in the US EPA's table); the report names
 * them and what they make, and says what would bound them. */
#include <math.h>
#include <stdio.h>
#include "plan/pl.h"

#define NAMED 4

static int64_t count_marked(const unsigned char *mark, int64_t n)
{
	int64_t count = 0;
	for (int64_t i = 0; i < n; i++)
		count += mark[i] != 0;
	return count;
}

/* Names the marked entries of keys (mark[i] != 0, i < n), at most NAMED, then how many
 * more. */
static void name_marked(plenum_plan *plan, size_t *len, const ec_names *keys,
                        const unsigned char *mark, int64_t n)
{
	int64_t count = 0;
	for (int64_t i = 0; i < n; i++) {
		if (!mark[i])
			continue;
		if (count < NAMED)
			pl_say(plan, len, "%s'%s'", count ? ", " : "", ec_name(*keys, i));
		count++;
	}
	if (count > NAMED)
		pl_say(plan, len, " and %lld more", (long long)(count - NAMED));
}

/* Marks the techniques with activity on the ray (in any year), and the products it makes
 * more of: the targets whose fulfilment grows (harmony) or the techniques' own products. */
static void mark_ray(const pl_model *m, const pl_layout *L, const double *ray,
                     unsigned char *tech, unsigned char *prod)
{
	double xmax = 0, fmax_ = 0;
	for (int64_t j = L->cx; j < L->cinv; j++)
		xmax = fmax(xmax, ray[j]);
	for (int64_t j = L->cx; j < L->cinv; j++)
		if (ray[j] > 1e-7 * xmax)
			tech[(j - L->cx) % m->nt] = 1;
	if (L->kind != PL_HARMONY) {
		for (int64_t t = 0; t < m->nt; t++)
			if (tech[t])
				prod[m->e->tprod[t]] = 1;
		return;
	}
	for (int64_t q = 0; q < m->ntarg; q++)
		fmax_ = fmax(fmax_, ray[L->cextra + q]);
	for (int64_t q = 0; q < m->ntarg; q++)
		if (ray[L->cextra + q] > 1e-7 * fmax_)
			prod[m->targ[q] % m->np] = 1;
}

static void explain(plenum_plan *plan, const pl_model *m, const pl_layout *L,
                    const unsigned char *tech, const unsigned char *prod)
{
	int hours = 1;
	for (int64_t y = 0; y < m->ny; y++)
		hours &= isfinite(m->labour[y]) != 0;
	size_t len = 0;
	int harmony = L->kind == PL_HARMONY;
	const char *what = harmony ? "harmony has no maximum" : hours ?
	                   "the plan has no largest level" : "nothing limits the plan";
	int64_t nt = count_marked(tech, m->nt), np = count_marked(prod, m->np);
	char how[400];
	pl_labour_advice(m->e, how, sizeof how);
	if (nt == 0 || np == 0) { /* a ray without production: not seen, but said plainly */
		pl_say(plan, &len, "unbounded: %s; give %s, caps or capacities", what, how);
		return;
	}
	pl_say(plan, &len, "unbounded: %s: technique%s ", what, nt > 1 ? "s" : "");
	name_marked(plan, &len, &m->e->tkey, tech, m->nt);
	pl_say(plan, &len, " make%s ", nt > 1 ? "" : "s");
	name_marked(plan, &len, &m->e->pkey, prod, m->np);
	pl_say(plan, &len, " in any amount");
	if (hours)
		pl_say(plan, &len, " without hours, a capacity or anything capped; give %s labour, "
		       "a capacity or a cap%s", nt > 1 ? "them" : "it",
		       harmony ? np > 1 ? ", or drop those targets" : ", or drop that target" : "");
	else
		pl_say(plan, &len, "; give %s, caps or capacities", how);
}

int pl_find_ray(const pl_model *m, const pl_layout *L, const lp_problem *p, const double *c,
                const plenum_plan_opts *o, plenum_plan *plan, int *found, plenum_diag *d)
{
	lp_opts lo;
	pl_lp_options(o, &lo);
	double *ray = NULL, t0 = ut_now();
	int rc = lp_ray(p, c, &lo, &ray, found, d);
	plan->seconds += ut_now() - t0;
	if (rc || *found != 1)
		return rc;
	unsigned char *tech = ut_calloc((size_t)m->nt + 1, 1);
	unsigned char *prod = ut_calloc((size_t)m->np + 1, 1);
	if (!tech || !prod) {
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory reporting an unbounded plan");
	} else {
		mark_ray(m, L, ray, tech, prod);
		plan->status = PLENUM_PLAN_UNBOUNDED;
		plan->level = NAN;
		explain(plan, m, L, tech, prod);
	}
	ut_free(tech);
	ut_free(prod);
	ut_free(ray);
	return rc;
}
