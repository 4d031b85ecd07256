/* The planner's public entry: checks the options, builds the model, runs the objective and
 * hands back the plan; names of objectives, statuses and limits. */
#include <math.h>
#include <string.h>
#include "plan/pl.h"

static const char *const objective_names[] = {
	[PLENUM_OBJECTIVE_BALANCED] = "balanced",
	[PLENUM_OBJECTIVE_HARMONY] = "harmony",
	[PLENUM_OBJECTIVE_LEAST_LABOUR] = "least-labour",
};

const char *plenum_objective_name(plenum_objective o)
{
	return (unsigned)o < 3 ? objective_names[o] : NULL;
}

int plenum_objective_parse(const char *name, plenum_objective *out)
{
	for (unsigned k = 0; k < 3; k++)
		if (name && strcmp(name, objective_names[k]) == 0) {
			*out = (plenum_objective)k;
			return PLENUM_OK;
		}
	return PLENUM_EINVAL;
}

const char *plenum_plan_status_name(plenum_plan_status s)
{
	static const char *const names[] = {"optimal", "infeasible", "unbounded", "limit",
	                                    "numerical"};
	return (unsigned)s < 5 ? names[s] : "?";
}

const char *plenum_limit_name(plenum_limit k)
{
	static const char *const names[] = {"labour", "cap", "capacity", "stock", "target",
	                                    "end-stock", "budget"};
	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

void plenum_plan_free(plenum_plan *p)
{
	if (!p)
		return;
	double *arrays[] = {p->activity, p->net, p->target, p->fulfilment, p->value,
	                    p->invest, p->labour, p->labour_available, p->weekly_hours,
	                    p->emitted, p->cap, p->shortfall, p->stock_level, p->stock_needed,
	                    p->stock_invested, p->budget};
	for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++)
		ut_free(arrays[k]);
	ut_free(p->bottlenecks);
	ut_free(p->stock_input);
	ut_free(p->stock_user);
	ut_free(p);
}

static int run(const pl_model *m, const plenum_plan_opts *o, plenum_plan *plan,
               plenum_diag *d)
{
	switch (o->objective) {
	case PLENUM_OBJECTIVE_BALANCED:
		return pl_balanced(m, o, plan, d);
	case PLENUM_OBJECTIVE_HARMONY:
		return pl_harmony(m, o, plan, d);
	case PLENUM_OBJECTIVE_LEAST_LABOUR:
		return pl_least_labour(m, o, plan, d);
	}
	return ut_fail(d, PLENUM_EINVAL, "unknown objective %d: use balanced, harmony or "
	               "least-labour", (int)o->objective);
}

int plenum_plan_compute(const plenum_economy *e, const plenum_plan_opts *o, plenum_plan **out,
                        plenum_diag *d)
{
	plenum_plan_opts dflt;
	if (!o) {
		plenum_plan_opts_init(&dflt);
		o = &dflt;
	}
	*out = NULL;
	if (!e)
		return ut_fail(d, PLENUM_EINVAL, "no economy given to plan");
	pl_model m;
	int rc = pl_model_init(&m, e, o, d);
	if (rc)
		return rc;
	plenum_plan *plan = ut_calloc(1, sizeof *plan);
	if (!plan || pl_plan_alloc(plan, &m))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory for the plan");
	if (!rc) {
		plan->objective = o->objective;
		rc = run(&m, o, plan, d);
	}
	pl_model_free(&m);
	if (rc) {
		plenum_plan_free(plan);
		return rc;
	}
	*out = plan;
	return PLENUM_OK;
}
