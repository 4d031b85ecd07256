/* lp_solve: the one entry point that picks a backend (an exact one for small problems,
 * PDLP above). */
#include "plan/lp.h"

lp_backend lp_exact_backend(void)
{
#if defined(PLENUM_HAVE_CLP)
	return LP_CLP;
#elif defined(PLENUM_HAVE_GLPK)
	return LP_GLPK;
#else
	return LP_PDLP;
#endif
}

const char *lp_exact_name(void)
{
	lp_backend b = lp_exact_backend();
	return b == LP_CLP ? "clp" : b == LP_GLPK ? "glpk" : "pdlp";
}

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
	if (b == LP_AUTO)
		b = p->nh || p->m + p->n > o->pdlp_above ? LP_PDLP : lp_exact_backend();
	if (b == LP_GLPK)
		return lp_solve_glpk(p, o, r, d);
	if (b == LP_CLP)
		return lp_solve_clp(p, o, r, d);
	return lp_solve_pdlp(p, o, r, d);
}
