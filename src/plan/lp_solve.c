/* lp_solve: the one entry point that picks a backend (GLPK for small problems, PDLP above). */
#include "plan/lp.h"

int lp_solve(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d)
{
	lp_opts def;
	if (!o) {
		lp_opts_init(&def);
		o = &def;
	}
	if (!(o->tolerance > 0 && o->tolerance < 1) || o->max_iter < 0 || !(o->time_limit > 0))
		return ut_fail(d, PLENUM_EINVAL, "LP options: tolerance %g must lie in (0, 1), "
		               "max_iter %lld be >= 0 (0: no limit) and time limit %g be > 0",
		               o->tolerance, (long long)o->max_iter, o->time_limit);
	lp_backend b = o->backend;
	if (b == LP_AUTO) {
#ifdef PLENUM_HAVE_GLPK
		b = p->nh || p->m + p->n > o->pdlp_above ? LP_PDLP : LP_GLPK;
#else
		b = LP_PDLP;
#endif
	}
	if (b == LP_GLPK)
		return lp_solve_glpk(p, o, r, d);
	return lp_solve_pdlp(p, o, r, d);
}
