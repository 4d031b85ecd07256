/* The exact backend: GLPK's simplex (with presolve; without it when presolve cannot tell
 * infeasible from unbounded), falling back to its interior-point method. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plan/lp.h"

#ifdef PLENUM_HAVE_GLPK
#include <glpk.h>

/* GLPK's bound type for [lo, hi]. */
static int bound_type(double lo, double hi)
{
	if (lo == -INFINITY && hi == INFINITY)
		return GLP_FR;
	if (hi == INFINITY)
		return GLP_LO;
	if (lo == -INFINITY)
		return GLP_UP;
	return lo == hi ? GLP_FX : GLP_DB;
}

static double fin(double v)
{
	return isfinite(v) ? v : 0.0;
}

/* GLPK scales rows and columns by powers of two from their largest and smallest entries
 * and aborts the process when a factor under- or overflows (an output of 1e-300 units per
 * activity did): entries that far from 1 are refused first. */
#define SCALE_RANGE 1e150

static int out_of_range(double v)
{
	return v != 0 && isfinite(v) && !(fabs(v) >= 1 / SCALE_RANGE && fabs(v) <= SCALE_RANGE);
}

static const char *name_of(char **names, int64_t k)
{
	return names ? names[k] : "?";
}

/* The one-line refusal; WHAT says which number of which row or column. */
static int too_far(plenum_diag *d, const char *what)
{
	return ut_fail(d, PLENUM_EINVAL, "%s is too far from 1 for GLPK (%g .. %g): change the "
	               "units so that numbers lie nearer 1, or use PDLP", what, 1 / SCALE_RANGE,
	               SCALE_RANGE);
}

static int check_range(const lp_problem *p, plenum_diag *d)
{
	char what[256];
	for (int64_t i = 0; i < p->m; i++)
		for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++)
			if (out_of_range(p->Ax[k])) {
				snprintf(what, sizeof what, "coefficient %g of row %s, column %s", p->Ax[k],
				         name_of(p->row_name, i), name_of(p->col_name, p->Aj[k]));
				return too_far(d, what);
			}
	for (int64_t j = 0; j < p->n; j++)
		if (out_of_range(p->c[j]) || out_of_range(p->lo[j]) || out_of_range(p->hi[j])) {
			snprintf(what, sizeof what, "cost or bound of column %s", name_of(p->col_name, j));
			return too_far(d, what);
		}
	for (int64_t i = 0; i < p->m; i++)
		if (out_of_range(p->rlo[i]) || out_of_range(p->rhi[i])) {
			snprintf(what, sizeof what, "bound of row %s", name_of(p->row_name, i));
			return too_far(d, what);
		}
	return PLENUM_OK;
}

/* Loads p into a fresh GLPK problem (1-based triplets). */
static int load(const lp_problem *p, glp_prob *g, plenum_diag *d)
{
	int64_t nz = p->m ? p->Ap[p->m] : 0;
	if (p->m > INT_MAX - 1 || p->n > INT_MAX - 1 || nz > INT_MAX - 1)
		return ut_fail(d, PLENUM_EUNSUPPORTED,
		               "LP too large for GLPK (%lld rows, %lld non-zeros); use PDLP",
		               (long long)p->m, (long long)nz);
	int rc = check_range(p, d);
	if (rc)
		return rc;
	glp_set_obj_dir(g, GLP_MIN);
	glp_set_obj_coef(g, 0, p->c0);
	if (p->m)
		glp_add_rows(g, (int)p->m);
	if (p->n)
		glp_add_cols(g, (int)p->n);
	for (int64_t i = 0; i < p->m; i++)
		glp_set_row_bnds(g, (int)i + 1, bound_type(p->rlo[i], p->rhi[i]), fin(p->rlo[i]),
		                 fin(p->rhi[i]));
	for (int64_t j = 0; j < p->n; j++) {
		glp_set_col_bnds(g, (int)j + 1, bound_type(p->lo[j], p->hi[j]), fin(p->lo[j]),
		                 fin(p->hi[j]));
		glp_set_obj_coef(g, (int)j + 1, p->c[j]);
	}
	int *ia = ut_mallocarray((size_t)nz + 1, sizeof *ia);
	int *ja = ut_mallocarray((size_t)nz + 1, sizeof *ja);
	double *ar = ut_mallocarray((size_t)nz + 1, sizeof *ar);
	if (!ia || !ja || !ar) {
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory loading an LP into GLPK");
		goto out;
	}
	for (int64_t i = 0; i < p->m; i++)
		for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++) {
			ia[k + 1] = (int)i + 1;
			ja[k + 1] = p->Aj[k] + 1;
			ar[k + 1] = p->Ax[k];
		}
	glp_load_matrix(g, (int)nz, ia, ja, ar);
out:
	ut_free(ia);
	ut_free(ja);
	ut_free(ar);
	return rc;
}

/* Maps the outcome of a simplex run (its return code and the basic solution's status). */
static lp_status simplex_status(int ret, glp_prob *g)
{
	switch (ret) {
	case 0:
		break;
	case GLP_EITLIM:
		return LP_ITERATION_LIMIT;
	case GLP_ETMLIM:
		return LP_TIME_LIMIT;
	case GLP_ENOPFS:
		return LP_INFEASIBLE;
	case GLP_ENODFS:
		return LP_UNBOUNDED; /* callers re-run without presolve to be sure */
	default:
		return LP_NUMERICAL;
	}
	switch (glp_get_status(g)) {
	case GLP_OPT:
		return LP_OPTIMAL;
	case GLP_NOFEAS:
		return LP_INFEASIBLE;
	case GLP_UNBND:
		return LP_UNBOUNDED;
	default:
		return glp_get_prim_stat(g) == GLP_NOFEAS ? LP_INFEASIBLE : LP_NUMERICAL;
	}
}

static lp_status run_simplex(glp_prob *g, const lp_opts *o, int presolve, int dual)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = o->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	parm.presolve = presolve ? GLP_ON : GLP_OFF;
	parm.meth = dual ? GLP_DUALP : GLP_PRIMAL;
	parm.tol_dj = LP_EXACT_DUAL_TOL;
	if (o->max_iter > 0 && o->max_iter < INT_MAX)
		parm.it_lim = (int)o->max_iter;
	if (isfinite(o->time_limit) && o->time_limit * 1000 < INT_MAX)
		parm.tm_lim = (int)(o->time_limit * 1000);
	return simplex_status(glp_simplex(g, &parm), g);
}

static lp_status run_interior(glp_prob *g, const lp_opts *o)
{
	glp_iptcp parm;
	glp_init_iptcp(&parm);
	parm.msg_lev = o->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	if (glp_interior(g, &parm) != 0)
		return LP_NUMERICAL;
	switch (glp_ipt_status(g)) {
	case GLP_OPT:
		return LP_OPTIMAL;
	case GLP_NOFEAS:
		return LP_INFEASIBLE;
	default:
		return LP_NUMERICAL;
	}
}

/* Copies x, y and z from the basic (or interior) solution; z = c - A'y. */
static int extract(glp_prob *g, const lp_problem *p, int ipt, lp_result *r, plenum_diag *d)
{
	r->x = ut_calloc((size_t)p->n + 1, sizeof *r->x);
	r->y = ut_calloc((size_t)p->m + 1, sizeof *r->y);
	r->z = ut_calloc((size_t)p->n + 1, sizeof *r->z);
	if (!r->x || !r->y || !r->z)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory reading GLPK's solution");
	for (int64_t j = 0; j < p->n; j++) {
		r->x[j] = ipt ? glp_ipt_col_prim(g, (int)j + 1) : glp_get_col_prim(g, (int)j + 1);
		r->z[j] = ipt ? glp_ipt_col_dual(g, (int)j + 1) : glp_get_col_dual(g, (int)j + 1);
	}
	for (int64_t i = 0; i < p->m; i++)
		r->y[i] = ipt ? glp_ipt_row_dual(g, (int)i + 1) : glp_get_row_dual(g, (int)i + 1);
	r->objective = ipt ? glp_ipt_obj_val(g) : glp_get_obj_val(g);
	return PLENUM_OK;
}

/* Solves with presolve (from = 0); when presolve says infeasible or unbounded, or fails,
 * tries again without it (its tolerances can call a feasible LP infeasible: a multi-year
 * plan whose zero plan is feasible was), then the interior-point method. from = 1 starts
 * without presolve, from = 2 with the interior-point method. Sets *ipt when the interior
 * solution is the one to read. */
static lp_status solve(glp_prob *g, const lp_opts *o, int from, int *ipt)
{
	*ipt = 0;
	lp_status s = LP_NUMERICAL;
	if (from == 0)
		s = run_simplex(g, o, 1, 0);
	if (from == 1 || (from == 0 && (s == LP_UNBOUNDED || s == LP_NUMERICAL ||
	                                s == LP_INFEASIBLE)))
		s = run_simplex(g, o, 0, 0);
	if (s == LP_NUMERICAL) {
		s = run_interior(g, o);
		*ipt = 1;
	}
	return s;
}

/* Keeps the optimal simplex basis in r->basis, for a later LP that adds rows. */
static int keep_basis(glp_prob *g, const lp_problem *p, lp_result *r, plenum_diag *d)
{
	r->basis = ut_malloc((size_t)(p->m + p->n) + 1);
	if (!r->basis)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory reading GLPK's basis");
	for (int64_t i = 0; i < p->m; i++)
		r->basis[i] = (unsigned char)glp_get_row_stat(g, (int)i + 1);
	for (int64_t j = 0; j < p->n; j++)
		r->basis[p->m + j] = (unsigned char)glp_get_col_stat(g, (int)j + 1);
	return PLENUM_OK;
}

/* from = 3: the simplex from o->basis (its rows past basis_rows basic). */
static lp_status warm(glp_prob *g, const lp_problem *p, const lp_opts *o)
{
	int64_t shared = o->basis_rows < p->m ? o->basis_rows : p->m;
	for (int64_t i = 0; i < p->m; i++)
		glp_set_row_stat(g, (int)i + 1, i < shared ? o->basis[i] : GLP_BS);
	for (int64_t j = 0; j < p->n; j++)
		glp_set_col_stat(g, (int)j + 1, o->basis[o->basis_rows + j]);
	glp_scale_prob(g, GLP_SF_AUTO); /* as presolve does: the plan in dollars needs it */
	if (glp_warm_up(g) != 0)
		return LP_NUMERICAL; /* a singular basis: from scratch */
	/* rows added (cuts): dual feasible, the dual simplex; a cost or a bound changed (a
	 * second stage): primal feasible, the primal one */
	int primal = glp_get_prim_stat(g) == GLP_FEAS && glp_get_dual_stat(g) != GLP_FEAS;
	return run_simplex(g, o, 0, !primal);
}

static int attempt(glp_prob *g, const lp_problem *p, const lp_opts *o, int from,
                   lp_result *r, plenum_diag *d)
{
	int ipt = 0, before = glp_get_it_cnt(g); /* GLPK counts over the problem's life */
	lp_result_free(r);
	r->status = from == 3 ? warm(g, p, o) : solve(g, o, from, &ipt);
	int rc = extract(g, p, ipt, r, d);
	r->iterations += ipt ? 0 : glp_get_it_cnt(g) - before;
	if (!rc)
		rc = lp_measure(p, r, d);
	if (!rc && !ipt && r->status == LP_OPTIMAL)
		rc = keep_basis(g, p, r, d);
	return rc;
}

/* GLPK's log (with verbose) goes to stderr beside PDLP's progress: stdout carries the
 * report (plenum plan --json --verbose > plan.json). */
static int to_stderr(void *info, const char *s)
{
	(void)info;
	fputs(s, stderr);
	return 1; /* written: GLPK does not print it again */
}

/* GLPK's tolerances are absolute, on its own scaling: where the coefficients span many
 * orders of magnitude it can call a point optimal that breaks the rows by percents (a
 * technique needing 1e-15 hours beside one needing 2 gave a level of 0.21 for 0.5, with a
 * relative primal residual of 1.5e-2). An optimum lp_untrusted refuses is solved again
 * another way; if none holds, the status is numerical. */
int lp_solve_glpk(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d)
{
	lp_opts def;
	int rc = lp_exact_begin(p, &o, &def, r, "glpk", "GLPK", d);
	if (rc)
		return rc;
	double t0 = ut_now();
	int term = glp_term_out(o->verbose ? GLP_ON : GLP_OFF);
	if (o->verbose)
		glp_term_hook(to_stderr, NULL);
	glp_prob *g = glp_create_prob();
	rc = load(p, g, d);
	int warmed = 0;
	if (!rc && o->basis) { /* the cold path below when this does not hold */
		rc = attempt(g, p, o, 3, r, d);
		warmed = !rc && r->status == LP_OPTIMAL && !lp_untrusted(r);
	}
	for (int from = 0; !rc && !warmed && from < 3 && (from == 0 || lp_untrusted(r)); from++)
		rc = attempt(g, p, o, from, r, d);
	if (!rc && lp_untrusted(r))
		r->status = LP_NUMERICAL;
	glp_delete_prob(g);
	if (o->verbose)
		glp_term_hook(NULL, NULL);
	glp_term_out(term);
	r->seconds = ut_now() - t0;
	if (rc)
		lp_result_free(r);
	return rc;
}

#else

int lp_solve_glpk(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d)
{
	(void)p;
	(void)o;
	memset(r, 0, sizeof *r);
	r->backend = "glpk";
	return ut_fail(d, PLENUM_EUNSUPPORTED,
	               "this build has no GLPK; install libglpk-dev and rebuild, or use PDLP");
}

#endif
