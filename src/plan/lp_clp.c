/* The second exact backend: COIN-OR Clp's simplex after presolve, dual or primal as the
 * problem asks (then the primal simplex, then the dual one, without presolve, where its
 * answer is not one to trust), through Clp's C interface. On the planner's LPs it is
 * several times faster than GLPK's simplex (docs/performance.md, "Which solver --solver
 * auto takes"); its answers are vertices like GLPK's, and its basis goes into lp_result in
 * GLPK's codes, so that harmony's cutting planes and a balanced plan's second stage start
 * from it as they do from GLPK's. docs/solvers.md, Clp. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plan/lp.h"

#ifdef PLENUM_HAVE_CLP
#include <Clp_C_Interface.h>
#include <dlfcn.h>
#include <unistd.h>

/* Clp factorises the dense part of a basis with LAPACK's dgetrf. Where LAPACK is OpenBLAS
 * (Debian's choice once libopenblas is installed, as scripts/install-deps does for the
 * benchmark) every call wakes its threads: a 391-product plan took 0.19 s instead of
 * 0.03 s, a 4 000-product one 9.2 s instead of 7.3 s, most of the difference in system
 * time. A solve holds OpenBLAS to one thread and gives back the number it found; the
 * functions are looked up at run time, since LAPACK may be another. Returns the number
 * before, or 0 when there is no OpenBLAS. */
static int blas_threads(int n)
{
	void *self = dlopen(NULL, RTLD_LAZY);
	if (!self)
		return 0;
	int (*get)(void) = NULL;
	void (*set)(int) = NULL;
	*(void **)&get = dlsym(self, "openblas_get_num_threads"); /* POSIX's idiom */
	*(void **)&set = dlsym(self, "openblas_set_num_threads");
	int before = get && set ? get() : 0;
	if (before > 0 && n > 0 && n != before)
		set(n);
	dlclose(self);
	return before;
}

/* Clp's log (with verbose) goes to stderr beside PDLP's progress, since stdout carries the
 * report (plenum plan --json --verbose > plan.json). Clp prints to stdout, and a callback
 * (Clp_registerCallBack) does not reach the model its presolve makes, so file descriptor 1
 * points at stderr while Clp solves. Returns the saved descriptor 1 for log_end, -1 when
 * not redirected. Only with verbose, which the server never sets. */
static int log_begin(const lp_opts *o)
{
	if (!o->verbose)
		return -1;
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	if (saved >= 0 && dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		close(saved);
		saved = -1;
	}
	return saved;
}

static void log_end(int saved)
{
	if (saved < 0)
		return;
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
}

/* Clp's status codes (ClpSimplex::Status) */
enum { CLP_FREE = 0, CLP_BASIC = 1, CLP_UPPER = 2, CLP_LOWER = 3, CLP_SUPER = 4, CLP_FIXED = 5 };

/* Clp counts a bound of COIN_DBL_MAX (DBL_MAX) as none. */
static double bound(double v)
{
	return v == INFINITY ? DBL_MAX : v == -INFINITY ? -DBL_MAX : v;
}

/* Entries smaller than this are left out of what Clp gets, as Clp's own MPS reader does:
 * the US table in dollars has coefficients down to 3e-22 beside targets of 1e11, and with
 * them Clp's simplex ended "optimal" at a plan 62 % dearer than the optimum (a relative
 * dual residual of 2e-3); without them it finds the optimum, measured on the whole LP
 * to 1e-16. What is left out is counted in the residuals lp_measure takes of p itself. */
#define SMALL 1e-14

static int kept(double v)
{
	return fabs(v) >= SMALL;
}

/* p's matrix by columns (Clp takes it so: p's CSR transposed), without what kept() drops;
 * start has n + 1 entries, row and val start[n]. */
static void by_columns(const lp_problem *p, CoinBigIndex *start, int *row, double *val)
{
	int64_t nz = p->m ? p->Ap[p->m] : 0;
	for (int64_t k = 0; k < nz; k++)
		start[p->Aj[k] + 1] += kept(p->Ax[k]);
	for (int64_t j = 0; j < p->n; j++)
		start[j + 1] += start[j];
	for (int64_t i = 0; i < p->m; i++) /* rows in order: each column's rows come sorted */
		for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++) {
			if (!kept(p->Ax[k]))
				continue;
			CoinBigIndex q = start[p->Aj[k]]++;
			row[q] = (int)i;
			val[q] = p->Ax[k];
		}
	for (int64_t j = p->n; j > 0; j--) /* the fill moved each start to the next one's */
		start[j] = start[j - 1];
	start[0] = 0;
}

/* Whether column j, in no row, lowers the cost without end (toward an infinite bound). */
static int runs_off(const lp_problem *p, int64_t j)
{
	return (p->c[j] < 0 && p->hi[j] == INFINITY) || (p->c[j] > 0 && p->lo[j] == -INFINITY);
}

/* Loads p into clp. Clp's simplex calls an LP infeasible that has a column in no row whose
 * cost falls toward an infinite bound (14 of 300 small random LPs, GLPK: unbounded), so
 * such columns go in without their cost, and *unbounded says whether there was one: the LP
 * is unbounded exactly when the rest has a plan. */
static int load(const lp_problem *p, Clp_Simplex *clp, int *unbounded, plenum_diag *d)
{
	int64_t nz = p->m ? p->Ap[p->m] : 0;
	if (p->m > INT_MAX - 1 || p->n > INT_MAX - 1 || nz > INT_MAX - 1)
		return ut_fail(d, PLENUM_EUNSUPPORTED,
		               "LP too large for Clp (%lld rows, %lld non-zeros); use PDLP",
		               (long long)p->m, (long long)nz);
	CoinBigIndex *start = ut_calloc((size_t)p->n + 1, sizeof *start);
	int *row = ut_mallocarray((size_t)nz + 1, sizeof *row);
	double *val = ut_mallocarray((size_t)nz + 1, sizeof *val);
	double *b[5];
	for (int k = 0; k < 5; k++)
		b[k] = ut_mallocarray((size_t)(k < 3 ? p->n : p->m) + 1, sizeof(double));
	int rc = PLENUM_OK;
	if (!start || !row || !val || !b[0] || !b[1] || !b[2] || !b[3] || !b[4]) {
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory loading an LP into Clp");
		goto out;
	}
	by_columns(p, start, row, val);
	*unbounded = 0;
	for (int64_t j = 0; j < p->n; j++) {
		int off = start[j + 1] == start[j] && runs_off(p, j);
		*unbounded |= off;
		b[0][j] = bound(p->lo[j]);
		b[1][j] = bound(p->hi[j]);
		b[2][j] = off ? 0 : p->c[j];
	}
	for (int64_t i = 0; i < p->m; i++) {
		b[3][i] = bound(p->rlo[i]);
		b[4][i] = bound(p->rhi[i]);
	}
	Clp_loadProblem(clp, (int)p->n, (int)p->m, start, row, val, b[0], b[1], b[2], b[3], b[4]);
out:
	ut_free(start);
	ut_free(row);
	ut_free(val);
	for (int k = 0; k < 5; k++)
		ut_free(b[k]);
	return rc;
}

/* Maps Clp's status after a solve. */
static lp_status status_of(Clp_Simplex *clp, const lp_opts *o, double t0)
{
	switch (Clp_status(clp)) {
	case 0:
		return LP_OPTIMAL;
	case 1:
		return LP_INFEASIBLE;
	case 2:
		return LP_UNBOUNDED;
	case 3: /* stopped: at a limit, or for another reason (a US table's shortfall model
	         * ran to an objective of -1.9e28 and "stopped" after 5 908 of 10^6 iterations:
	         * that is no limit the user could raise) */
		if (isfinite(o->time_limit) && ut_now() - t0 >= o->time_limit)
			return LP_TIME_LIMIT;
		return Clp_hitMaximumIterations(clp) ? LP_ITERATION_LIMIT : LP_NUMERICAL;
	default:
		return LP_NUMERICAL;
	}
}

/* Limits what is left of o's iterations and seconds after `used` iterations since t0. */
static void set_limits(Clp_Simplex *clp, const lp_opts *o, int64_t used, double t0)
{
	int64_t left = o->max_iter > 0 ? o->max_iter - used : INT_MAX;
	Clp_setMaximumIterations(clp, (int)(left < 0 ? 0 : left > INT_MAX ? INT_MAX : left));
	if (isfinite(o->time_limit))
		Clp_setMaximumSeconds(clp, fmax(1e-3, o->time_limit - (ut_now() - t0)));
}

/* The ways tried in turn: the simplex p->primal asks for, after presolve; the primal
 * simplex on the problem as it is; the dual simplex on it (each from Clp's own start, the
 * slack basis). */
enum { PRESOLVED, PRIMAL, DUAL, WAYS, FROM_BASIS = WAYS };

static void run(const lp_problem *p, Clp_Simplex *clp, int way)
{
	if (way == PRESOLVED) {
		Clp_Solve *s = ClpSolve_new();
		ClpSolve_setSolveType(s, p->primal ? 1 : 0, -1);
		ClpSolve_setPresolveType(s, 0, -1);
		Clp_initialSolveWithOptions(clp, s);
		ClpSolve_delete(s);
	} else if (way == PRIMAL) {
		Clp_initialPrimalSolve(clp);
	} else {
		Clp_initialDualSolve(clp);
	}
}

/* Basis codes of lp_result (GLPK's) from Clp's, and back. A superbasic column (Clp's
 * values pass; not seen after a finished simplex) counts as free; a fixed row or column
 * not in the basis is GLPK's 5 at whichever bound Clp puts it. */
static unsigned char to_code(int s, int fixed)
{
	static const unsigned char code[] = {[CLP_FREE] = 4, [CLP_BASIC] = 1, [CLP_UPPER] = 3,
	                                     [CLP_LOWER] = 2, [CLP_SUPER] = 4, [CLP_FIXED] = 5};
	if (s == CLP_BASIC)
		return 1;
	if (fixed)
		return 5;
	return s >= 0 && s <= CLP_FIXED ? code[s] : 4;
}

static int from_code(unsigned char c)
{
	static const int clp[] = {CLP_BASIC, CLP_BASIC, CLP_LOWER, CLP_UPPER, CLP_FREE, CLP_FIXED};
	return c <= 5 ? clp[c] : CLP_BASIC;
}

/* Starts from o->basis (its rows past basis_rows basic): the dual simplex when rows were
 * added (cuts: the old basis stays dual feasible), the primal one when they were not (a
 * changed cost or bound: a second stage, primal feasible). */
static void warm(Clp_Simplex *clp, const lp_problem *p, const lp_opts *o)
{
	int64_t shared = o->basis_rows < p->m ? o->basis_rows : p->m;
	for (int64_t j = 0; j < p->n; j++)
		Clp_setColumnStatus(clp, (int)j, from_code(o->basis[o->basis_rows + j]));
	for (int64_t i = 0; i < p->m; i++)
		Clp_setRowStatus(clp, (int)i, i < shared ? from_code(o->basis[i]) : CLP_BASIC);
	if (shared < p->m)
		Clp_dual(clp, 0);
	else
		Clp_primal(clp, 0);
}

/* Copies x, y and z; the objective is p's own (Clp's offset convention aside). */
static int extract(Clp_Simplex *clp, const lp_problem *p, lp_result *r, plenum_diag *d)
{
	r->x = ut_mallocarray((size_t)p->n + 1, sizeof *r->x);
	r->y = ut_mallocarray((size_t)p->m + 1, sizeof *r->y);
	r->z = ut_mallocarray((size_t)p->n + 1, sizeof *r->z);
	if (!r->x || !r->y || !r->z)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory reading Clp's solution");
	if (p->n) {
		memcpy(r->x, Clp_getColSolution(clp), (size_t)p->n * sizeof *r->x);
		memcpy(r->z, Clp_getReducedCost(clp), (size_t)p->n * sizeof *r->z);
	}
	if (p->m)
		memcpy(r->y, Clp_getRowPrice(clp), (size_t)p->m * sizeof *r->y);
	r->objective = lp_objective(p, r->x);
	return PLENUM_OK;
}

static int keep_basis(Clp_Simplex *clp, const lp_problem *p, lp_result *r, plenum_diag *d)
{
	r->basis = ut_malloc((size_t)(p->m + p->n) + 1);
	if (!r->basis)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory reading Clp's basis");
	for (int64_t i = 0; i < p->m; i++)
		r->basis[i] = to_code(Clp_getRowStatus(clp, (int)i), p->rlo[i] == p->rhi[i]);
	for (int64_t j = 0; j < p->n; j++)
		r->basis[p->m + j] = to_code(Clp_getColumnStatus(clp, (int)j), p->lo[j] == p->hi[j]);
	return PLENUM_OK;
}

/* One solve on a fresh model (so that each way starts from Clp's own start, not from what
 * a failed way left): a way run() takes, or FROM_BASIS (o->basis). */
static int attempt(const lp_problem *p, const lp_opts *o, int way, double t0, lp_result *r,
                   plenum_diag *d)
{
	int64_t used = r->iterations;
	lp_result_free(r);
	r->iterations = used;
	Clp_Simplex *clp = Clp_newModel();
	if (!clp)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory for a Clp model");
	Clp_setLogLevel(clp, o->verbose ? 1 : 0);
	Clp_setDualTolerance(clp, LP_EXACT_DUAL_TOL);
	int unbounded = 0;
	int rc = load(p, clp, &unbounded, d);
	if (!rc) {
		set_limits(clp, o, used, t0);
		if (way == FROM_BASIS)
			warm(clp, p, o);
		else
			run(p, clp, way);
		r->status = status_of(clp, o, t0);
		if (unbounded && r->status == LP_OPTIMAL) /* a plan, and a column runs off */
			r->status = LP_UNBOUNDED;
		r->iterations += Clp_numberIterations(clp);
		rc = extract(clp, p, r, d);
	}
	if (!rc)
		rc = lp_measure(p, r, d);
	if (!rc && r->status == LP_OPTIMAL)
		rc = keep_basis(clp, p, r, d);
	Clp_deleteModel(clp);
	return rc;
}

/* Whether way `way` settled the LP: optimal and trusted, a limit, or infeasible or
 * unbounded by the primal simplex without presolve: presolve's tolerances can mislead (as
 * GLPK's did: lp_glpk.c), and the primal simplex proves infeasibility in its first phase
 * and unboundedness from a plan. */
static int settled(const lp_result *r, int way)
{
	if (r->status == LP_OPTIMAL)
		return !lp_untrusted(r);
	if (r->status == LP_ITERATION_LIMIT || r->status == LP_TIME_LIMIT)
		return 1;
	return way == PRIMAL && r->status != LP_NUMERICAL;
}

/* As GLPK's (lp_glpk.c): an optimum lp_untrusted refuses is solved again another way, and
 * is numerical when no way gives a better one. */
int lp_solve_clp(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d)
{
	lp_opts def;
	int rc = lp_exact_begin(p, &o, &def, r, "clp", "Clp", d);
	if (rc)
		return rc;
	double t0 = ut_now();
	int blas = blas_threads(1), done = 0, saved = log_begin(o);
	if (o->basis) { /* from scratch below when this does not end optimal */
		rc = attempt(p, o, FROM_BASIS, t0, r, d);
		done = !rc && r->status == LP_OPTIMAL && !lp_untrusted(r);
	}
	for (int way = 0; !rc && !done && way < WAYS; way++) {
		rc = attempt(p, o, way, t0, r, d);
		done = !rc && settled(r, way);
	}
	if (!rc && lp_untrusted(r))
		r->status = LP_NUMERICAL;
	log_end(saved);
	blas_threads(blas);
	r->seconds = ut_now() - t0;
	if (rc)
		lp_result_free(r);
	return rc;
}

#else

int lp_solve_clp(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d)
{
	(void)p;
	(void)o;
	memset(r, 0, sizeof *r);
	r->backend = "clp";
	return ut_fail(d, PLENUM_EUNSUPPORTED,
	               "this build has no Clp; install coinor-libclp-dev and rebuild, or use GLPK "
	               "or PDLP");
}

#endif
