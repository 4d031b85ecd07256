/* PDLP: the primal–dual hybrid gradient method for LP (Applegate et al., "Practical
 * large-scale linear programming using primal-dual hybrid gradient", 2021) on the scaled
 * problem: adaptive steps, primal weight updates, restarts to the average or the current
 * iterate on KKT-error decay (as in cuPDLP), infeasibility from iterate differences. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "plan/lp_pdlp.h"

#define EVAL_EVERY 64       /* iterations between measurements */
#define RUIZ_ROUNDS 10
#define BETA_SUFFICIENT 0.2 /* restart when the KKT error fell to this fraction... */
#define BETA_NECESSARY 0.9  /* ...or to this one and stopped falling... */
#define BETA_ARTIFICIAL 0.2 /* ...or the epoch is this share of all iterations */
#define WEIGHT_SMOOTHING 0.8
#define EPS_INFEASIBLE 1e-8 /* certificate residual per unit of certificate objective */
/* Stop when each relative residual and the gap are below tolerance * TOL_SAFETY and the
 * bound on the objective's error (objective_error) below tolerance * TOL_OBJ: this keeps the
 * objective itself within the tolerance of the optimum (relative to 1 + |optimum|). */
#define TOL_SAFETY 0.25
#define TOL_OBJ 0.5
#define SMALL_WORK 1000000 /* m + n + nnz below which threads = 0 means one thread */

enum { CUR, AVG, NEW, START, NSETS };

/* One point of the iteration with the mat-vecs that go with it (scaled space). */
typedef struct point {
	double *x, *y;   /* length n, m */
	double *ax, *aty; /* length m, n */
} point;

/* Errors of a point: absolute residual norms, objectives (c0 included), and what the
 * residuals weighed by the point itself add to the objective: y'(Ax - proj(Ax)) and
 * x'(c - A'y - lambda). */
typedef struct kkt {
	double pres, dres, pobj, dobj, ypres, xdres;
} kkt;

typedef struct pdlp {
	const lp_problem *p;
	const lp_opts *o;
	lp_kern k;
	lp_scaled s;
	point z[NSETS];  /* current, average since restart, trial, restart point */
	double wsum;     /* sum of the step sizes in the average */
	double eta, omega; /* step size and primal weight */
	double omega0;     /* the first primal weight */
	double clamp;      /* after a divergence: omega kept within omega0 / clamp .. omega0 *
	                    * clamp (0: free) */
	int64_t iter, epoch_start, tries, restarts;
	double kkt_start, kkt_last; /* weighted KKT errors at the restart and last check */
	double bnorm, cnorm;        /* ||b||, ||c|| of the original problem */
	double t0;
	int best;                   /* CUR or AVG: the point reported */
	int diverged;               /* the last evaluate found x run off, not along a ray */
	kkt best_err;
} pdlp;

static void swap(point *a, point *b)
{
	point t = *a;
	*a = *b;
	*b = t;
}

static int alloc_points(pdlp *pd)
{
	size_t m = (size_t)pd->s.m + 1, n = (size_t)pd->s.n + 1;
	for (int t = 0; t < NSETS; t++) {
		point *z = &pd->z[t];
		z->x = ut_big_array(n, sizeof(double), 1);
		z->aty = ut_big_array(n, sizeof(double), 1);
		z->y = ut_big_array(m, sizeof(double), 1);
		z->ax = ut_big_array(m, sizeof(double), 1);
		if (!z->x || !z->aty || !z->y || !z->ax)
			return PLENUM_ENOMEM;
	}
	return PLENUM_OK;
}

static void free_points(pdlp *pd)
{
	for (int t = 0; t < NSETS; t++) {
		ut_free(pd->z[t].x);
		ut_free(pd->z[t].y);
		ut_free(pd->z[t].ax);
		ut_free(pd->z[t].aty);
	}
}

/* Copies point a into b (all four vectors). */
static void copy_point(const pdlp *pd, const point *a, point *b)
{
	memcpy(b->x, a->x, (size_t)pd->s.n * sizeof(double));
	memcpy(b->aty, a->aty, (size_t)pd->s.n * sizeof(double));
	memcpy(b->y, a->y, (size_t)pd->s.m * sizeof(double));
	memcpy(b->ax, a->ax, (size_t)pd->s.m * sizeof(double));
}

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The start: x0 / dc projected on the bounds (0 without x0), y0 / dr with the signs the
 * row bounds allow (0 without y0). */
static void start_point(pdlp *pd)
{
	const lp_scaled *s = &pd->s;
	point *z = &pd->z[CUR];
	for (int64_t j = 0; j < s->n; j++)
		z->x[j] = clampd(pd->o->x0 ? pd->o->x0[j] / (s->dc[j] * s->beta) : 0.0, s->lo[j],
		                 s->hi[j]);
	for (int64_t i = 0; i < s->m; i++) {
		double v = pd->o->y0 ? pd->o->y0[i] / (s->dr[i] * s->gamma) : 0.0;
		z->y[i] = clampd(v, isfinite(s->rhi[i]) ? -INFINITY : 0.0,
		                 isfinite(s->rlo[i]) ? INFINITY : 0.0);
	}
	lp_spmv(&pd->k, &s->A, z->x, z->ax);
	lp_spmv(&pd->k, &s->AT, z->y, z->aty);
	copy_point(pd, z, &pd->z[AVG]);
	copy_point(pd, z, &pd->z[START]);
	pd->wsum = 0;
}

/* ||v||_2 over the finite entries of the larger-magnitude bound of each pair, each times
 * its unit u[i] (NULL: 1). */
static double bound_norm(const double *lo, const double *hi, const double *u, int64_t n)
{
	double s = 0;
	for (int64_t i = 0; i < n; i++) {
		double a = isfinite(lo[i]) ? fabs(lo[i]) : 0, b = isfinite(hi[i]) ? fabs(hi[i]) : 0;
		double v = fmax(a, b) * (u ? u[i] : 1);
		s += v * v;
	}
	return sqrt(s);
}

/* ||v .* u||_2 (u NULL: 1) */
static double norm2(const double *v, const double *u, int64_t n)
{
	double s = 0;
	for (int64_t i = 0; i < n; i++)
		s += v[i] * v[i] * (u ? u[i] * u[i] : 1);
	return sqrt(s);
}

/* Step size 1 / max |a_ij| and primal weight ||c|| / ||b|| (scaled), as PDLP starts. */
static void initial_steps(pdlp *pd)
{
	const lp_scaled *s = &pd->s;
	double amax = 0;
	for (int64_t e = 0; e < s->A.p[s->m]; e++)
		amax = fmax(amax, fabs(s->A.x[e]));
	pd->eta = amax > 0 ? 1 / amax : 1.0;
	double cn = norm2(s->c, NULL, s->n), bn = bound_norm(s->rlo, s->rhi, NULL, s->m);
	pd->omega = pd->omega0 = cn > 1e-10 && bn > 1e-10 ? cn / bn : 1.0;
	/* of the problem in its units (lp.h), where the stopping tests measure */
	pd->bnorm = bound_norm(pd->p->rlo, pd->p->rhi, pd->p->ru, pd->p->m);
	pd->cnorm = norm2(pd->p->c, pd->p->cu, pd->p->n);
}

/* The harmony columns' part of the primal step: the proximal step of -H
 * (lp_harmony_prox). In the scaled space x = a xs with a = beta dc and the objective is
 * divided by beta gamma, so it is H's step at a v with step tau a^2 / (beta gamma).
 * Returns their part of ||xn - x||^2. */
static double harmony_step(const pdlp *pd, const point *z, double *xn, double tau)
{
	const lp_scaled *s = &pd->s;
	double bg = s->beta * s->gamma, d = 0;
	for (int64_t j = s->h0; j < s->h0 + s->nh; j++) {
		double a = s->beta * s->dc[j], v = z->x[j] - tau * (s->c[j] - z->aty[j]);
		double f = lp_harmony_prox(a * v, tau * a * a / bg) / a;
		d += (f - z->x[j]) * (f - z->x[j]);
		xn[j] = f;
	}
	return d;
}

/* The primal step into xn; returns ||xn - x||^2. The harmony columns [h0, h0 + nh) take
 * their own step and the kernel the columns either side: when the kernel's projection also
 * ran over them and their share was then taken out again, a large linear step there (its
 * square) swallowed the rest of the sum, which came out negative, and so did the step size
 * (a 2 500-product harmony plan ended numerical after converging to 1e-7). */
static double primal_step(pdlp *pd, const point *z, double *xn, double tau)
{
	const lp_scaled *s = &pd->s;
	if (!s->nh)
		return lp_primal_step(&pd->k, s->n, z->x, s->c, z->aty, s->lo, s->hi, tau, xn);
	int64_t e = s->h0 + s->nh;
	return lp_primal_step(&pd->k, s->h0, z->x, s->c, z->aty, s->lo, s->hi, tau, xn) +
	       lp_primal_step(&pd->k, s->n - e, z->x + e, s->c + e, z->aty + e, s->lo + e,
	                      s->hi + e, tau, xn + e) +
	       harmony_step(pd, z, xn, tau);
}

/* The harmony columns' terms in the scaled objectives: -sum H(a x) / (beta gamma) in the
 * primal, and in the dual inf over x >= 0 of that plus rho x, rho the reduced cost
 * (lp_harmony_dual at rho beta gamma / a); rho <= 0 is a dual residual instead. */
static void harmony_terms(const pdlp *pd, const point *z, double *primal, double *dual)
{
	const lp_scaled *s = &pd->s;
	double bg = s->beta * s->gamma, hp = 0, hd = 0;
	for (int64_t j = s->h0; j < s->h0 + s->nh; j++) {
		double a = s->beta * s->dc[j], rho = s->c[j] - z->aty[j];
		hp -= lp_harmony(a * z->x[j]);
		if (rho > 0)
			hd += lp_harmony_dual(rho * bg / a);
	}
	*primal = hp / bg;
	*dual = hd / bg;
}

/* One step from CUR into NEW with step size eta (primal tau = eta / omega, dual sigma =
 * eta omega). Returns the largest step size the step's local Lipschitz estimate allows:
 * ||dz||_omega^2 / (2 |dy' A dx|). */
static double try_step(pdlp *pd, double eta)
{
	const lp_scaled *s = &pd->s;
	point *z = &pd->z[CUR], *zn = &pd->z[NEW];
	double dx2 = primal_step(pd, z, zn->x, eta / pd->omega);
	lp_spmv(&pd->k, &s->A, zn->x, zn->ax);
	double dy2 = lp_dual_step(&pd->k, s->m, z->y, z->ax, zn->ax, s->rlo, s->rhi,
	                          eta * pd->omega, zn->y);
	lp_spmv(&pd->k, &s->AT, zn->y, zn->aty);
	double inter = fabs(lp_dot_diff(&pd->k, s->n, zn->x, z->x, zn->aty, z->aty));
	double num = pd->omega * dx2 + dy2 / pd->omega;
	return inter > 0 ? num / (2 * inter) : INFINITY;
}

/* One accepted step with PDLP's adaptive step-size rule; the average takes it with
 * weight eta. */
static void step(pdlp *pd)
{
	for (;;) {
		double eta = pd->eta, bar = try_step(pd, eta);
		double k = (double)++pd->tries;
		double next = fmin((1 - pow(k + 1, -0.3)) * bar, (1 + pow(k + 1, -0.6)) * eta);
		pd->eta = next;
		if (eta <= bar) {
			swap(&pd->z[CUR], &pd->z[NEW]);
			pd->wsum += eta;
			double w = eta / pd->wsum;
			const lp_scaled *s = &pd->s;
			point *a = &pd->z[AVG], *c = &pd->z[CUR];
			lp_blend(&pd->k, s->n, a->x, c->x, w);
			lp_blend(&pd->k, s->n, a->aty, c->aty, w);
			lp_blend(&pd->k, s->m, a->y, c->y, w);
			lp_blend(&pd->k, s->m, a->ax, c->ax, w);
			pd->iter++;
			return;
		}
	}
}

/* The errors of point z; orig: measured on the original problem (undoing dr, dc, beta and
 * gamma), else on the scaled one. */
static void measure(pdlp *pd, const point *z, int orig, kkt *e)
{
	const lp_scaled *s = &pd->s;
	double r[LP_ROW_MEASURES], c[LP_COL_MEASURES];
	lp_row_measures(&pd->k, s->m, z->ax, z->y, s->rlo, s->rhi, orig ? s->wr : NULL, 0, r);
	lp_col_measures(&pd->k, s->n, z->x, z->aty, s->c, s->lo, s->hi, orig ? s->wc : NULL, 0,
	                c);
	double b = orig ? s->beta : 1, g = orig ? s->gamma : 1;
	e->pres = b * sqrt(r[0] + c[3]);
	e->dres = g * sqrt(c[0]);
	e->pobj = b * g * c[1] + (orig ? pd->p->c0 : 0);
	e->dobj = b * g * (r[1] + c[2]) + (orig ? pd->p->c0 : 0);
	e->ypres = b * g * r[2];
	e->xdres = b * g * c[4];
	if (s->nh) {
		double hp, hd;
		harmony_terms(pd, z, &hp, &hd);
		e->pobj += b * g * hp;
		e->dobj += b * g * hd;
	}
}

static double rel_gap(const kkt *e)
{
	return fabs(e->pobj - e->dobj) / (1 + fabs(e->pobj) + fabs(e->dobj));
}

/* An estimate of the objective's error relative to 1 + |c'x|: for an optimum x* and a dual
 * optimum y*, c'x >= c'x* + y*'(Ax - proj(Ax)) and c'x* >= dual objective + x*'(dual
 * residual), so the gap plus the residuals weighed by y and x (standing in for y*, x*).
 * The relative residuals alone do not bound the error when a few rows carry large bounds
 * (hours, caps) that inflate ||b||: then small residuals in other rows still move c'x. */
static double objective_error(const kkt *e)
{
	double err = fabs(e->pobj - e->dobj) + fabs(e->ypres) + fabs(e->xdres);
	return err / (1 + fabs(e->pobj));
}

/* The largest of the relative errors PDLP stops on, each over its share of the tolerance:
 * primal and dual residuals and gap (TOL_SAFETY), the objective's error bound (TOL_OBJ). */
static double rel_error(const pdlp *pd, const kkt *e)
{
	double rp = e->pres / (1 + pd->bnorm), rd = e->dres / (1 + pd->cnorm);
	double res = fmax(fmax(rp, rd), rel_gap(e)) / TOL_SAFETY;
	return fmax(res, objective_error(e) / TOL_OBJ);
}

/* sqrt(omega pres^2 + dres^2 / omega + gap^2) on the scaled problem. */
static double weighted_kkt(const pdlp *pd, const kkt *e)
{
	double g = e->pobj - e->dobj;
	return sqrt(pd->omega * e->pres * e->pres + e->dres * e->dres / pd->omega + g * g);
}

/* 1 when y (with A'y in aty, of the signs its rows allow) proves the primal infeasible:
 * its dual objective p(y) (the rows' and the bound-allowed lambda's part) is positive,
 * A'y + lambda = 0 up to EPS_INFEASIBLE per unit of it, and it is more than twice
 * sum |(A'y + lambda)_j x_j| over the current plan x. For any x within the column bounds
 * p(y) <= (A'y + lambda)'x - y'(Ax - proj(Ax)), so without that last test a feasible
 * problem whose plan is large (a national table counted in dollars: x of 1e12) passed:
 * its near-optimal prices y have p(y) = c'x, A'y + lambda ~ c, a ratio of 1e-13. A p(y)
 * that is a rounding error of its terms proves nothing either. */
static int farkas(pdlp *pd, const double *y, const double *aty)
{
	const lp_scaled *s = &pd->s;
	double r[LP_ROW_MEASURES], q[LP_COL_MEASURES];
	lp_row_measures(&pd->k, s->m, NULL, y, s->rlo, s->rhi, NULL, 0, r);
	lp_col_measures(&pd->k, s->n, pd->z[CUR].x, aty, NULL, s->lo, s->hi, s->wc, 0, q);
	double p = r[1] + q[2]; /* scaled; beta p on the original problem */
	return p > 1e-9 * (fabs(r[1]) + fabs(q[2])) && p > 2 * q[5] &&
	       sqrt(q[0]) <= EPS_INFEASIBLE * s->beta * p;
}

/* How far x (with Ax in ax) is from a ray along which the objective falls without limit:
 * how far Ax and x lie outside the recession cones of the row and column bounds, per unit
 * of the fall (INFINITY when the objective does not fall along x). *priced: whether the
 * fall is more than twice what the current prices y and reduced costs c - A'y give the
 * ray's violations (sum |y_i viol_i| + |r_j viol_j|): for the prices of a bounded problem
 * c'x >= -that, so a large finite plan does not pass for a ray. */
static double ray_miss(pdlp *pd, const double *x, const double *ax, int *priced)
{
	const lp_scaled *s = &pd->s;
	const point *z = &pd->z[CUR];
	double r[LP_ROW_MEASURES], q[LP_COL_MEASURES];
	lp_row_measures(&pd->k, s->m, ax, z->y, s->rlo, s->rhi, s->wr, 1, r);
	lp_col_measures(&pd->k, s->n, x, z->aty, s->c, s->lo, s->hi, s->wc, 1, q);
	double cdx = s->gamma * q[1], grow = 0; /* c'x of the ray dc .* x, original problem */
	for (int64_t j = s->h0; j < s->h0 + s->nh; j++)
		grow += s->dc[j] * x[j]; /* how fast the harmony columns grow along it */
	*priced = !(cdx < 0 && -q[1] <= 2 * (r[3] + q[6]));
	/* The objective falls without limit along the ray when c'x < 0, or when c'x is 0
	 * and harmony grows (-H falls like -ln); a positive c'x outruns the logarithm. */
	double fall = cdx < 0 ? -cdx + fmax(grow, 0) : cdx <= EPS_INFEASIBLE * grow ? grow : 0;
	return fall > 0 ? sqrt(r[0] + q[3]) / fall : INFINITY;
}

/* 1 when x (with Ax in ax) is a ray: within EPS_INFEASIBLE of one, and priced (ray_miss). */
static int ray(pdlp *pd, const double *x, const double *ax)
{
	int priced;
	double miss = ray_miss(pd, x, ax, &priced);
	return priced && miss <= EPS_INFEASIBLE;
}

/* Primal infeasibility: a Farkas certificate among the dual ray dy = y - y_start (the
 * move since the last restart) and the current and average y themselves (which grow
 * along the ray when the rows cannot be met). The one found is left in NEW.y. Each y keeps
 * the signs its rows allow, but a difference need not: dy is projected onto the rows' dual
 * cone first, else a wrong-sign entry on an infinite row bound would count as nothing in
 * the dual objective and a feasible LP could pass for infeasible. */
static int primal_infeasible(pdlp *pd)
{
	const lp_scaled *s = &pd->s;
	point *z = &pd->z[CUR], *z0 = &pd->z[START], *t = &pd->z[NEW];
	lp_sub(&pd->k, s->m, z->y, z0->y, t->y);
	if (lp_dual_cone(&pd->k, s->m, t->y, s->rlo, s->rhi) > 0)
		lp_spmv(&pd->k, &s->AT, t->y, t->aty);
	else
		lp_sub(&pd->k, s->n, z->aty, z0->aty, t->aty);
	if (farkas(pd, t->y, t->aty))
		return 1;
	for (int w = CUR; w <= AVG; w++)
		if (farkas(pd, pd->z[w].y, pd->z[w].aty)) {
			memcpy(t->y, pd->z[w].y, (size_t)s->m * sizeof *t->y);
			memcpy(t->aty, pd->z[w].aty, (size_t)s->n * sizeof *t->aty);
			return 1;
		}
	return 0;
}

/* A ray that passed (in NEW.x) is moved into the recession cone of the column bounds
 * (a column bounded on both sides cannot move along a ray) and tried again with its A x
 * recomputed. The test in the original problem's units weighs the bounds' violation
 * against the fall; a column bounded on both sides with a large cost moved out of its
 * bounds could pass: the least-shortfall model of the US EPA's table (shortfall costs
 * with a norm of 1.8e12) was called unbounded, a shortfall below 0 passing for a ray. */
static int in_cone(pdlp *pd)
{
	const lp_scaled *s = &pd->s;
	point *t = &pd->z[NEW];
	for (int64_t j = 0; j < s->n; j++)
		if ((t->x[j] > 0 && isfinite(s->hi[j])) || (t->x[j] < 0 && isfinite(s->lo[j])))
			t->x[j] = 0;
	lp_spmv(&pd->k, &s->A, t->x, t->ax);
	return ray(pd, t->x, t->ax);
}

/* Dual infeasibility (unbounded): a ray among dx = x - x_start and the current and
 * average x themselves (which run off along it), left in NEW.x. */
static int dual_infeasible(pdlp *pd)
{
	const lp_scaled *s = &pd->s;
	point *z = &pd->z[CUR], *z0 = &pd->z[START], *t = &pd->z[NEW];
	lp_sub(&pd->k, s->n, z->x, z0->x, t->x);
	lp_sub(&pd->k, s->m, z->ax, z0->ax, t->ax);
	if (ray(pd, t->x, t->ax) && in_cone(pd))
		return 1;
	for (int w = CUR; w <= AVG; w++)
		if (ray(pd, pd->z[w].x, pd->z[w].ax)) {
			memcpy(t->x, pd->z[w].x, (size_t)s->n * sizeof *t->x);
			if (in_cone(pd))
				return 1;
		}
	return 0;
}

/* A plan that ran off without a certificate: the current x more than RAN_OFF from the
 * restart point in the scaled problem (where a bounded problem's solutions have norms of
 * order one) with the objective falling. On an LP whose weight collapses (a generated
 * plan with a cap and no hours: 1e-54) the ray test stalls at 1e-5 of the fall, while the
 * objective passes -1e30 within 3 000 iterations. Returns 1 with the move in NEW.x as the
 * ray when the move is nearly one (its rows and bounds broken by at most RAN_OFF_RAY of
 * its fall: 7e-4 on that plan), -1 when it is not: the iteration diverged on a bounded
 * plan (the weight collapsed too, on one with a target 10^4 times the others': broken by
 * 3 000 times the fall, which GLPK and Clp solve), 0 while x has not run off. */
#define RAN_OFF 1e30
#define RAN_OFF_RAY 1e-2
static int ran_off(pdlp *pd, const kkt *e)
{
	const lp_scaled *s = &pd->s;
	if (!(e->pobj < 0) || !(lp_dist2(&pd->k, s->n, pd->z[CUR].x, pd->z[START].x) >
	                        RAN_OFF * RAN_OFF))
		return 0;
	point *t = &pd->z[NEW];
	int priced; /* not asked: the prices of a run that diverged say nothing */
	lp_sub(&pd->k, s->n, pd->z[CUR].x, pd->z[START].x, t->x);
	lp_spmv(&pd->k, &s->A, t->x, t->ax);
	return ray_miss(pd, t->x, t->ax, &priced) <= RAN_OFF_RAY ? 1 : -1;
}

/* Restarts from point `to` (CUR or AVG): a new epoch whose average starts empty; the
 * primal weight moves towards ||dy|| / ||dx|| over the epoch that ends. */
static void restart(pdlp *pd, int to)
{
	const lp_scaled *s = &pd->s;
	if (to == AVG)
		copy_point(pd, &pd->z[AVG], &pd->z[CUR]);
	double dx = sqrt(lp_dist2(&pd->k, s->n, pd->z[CUR].x, pd->z[START].x));
	double dy = sqrt(lp_dist2(&pd->k, s->m, pd->z[CUR].y, pd->z[START].y));
	if (dx > 1e-10 && dy > 1e-10)
		pd->omega = exp(WEIGHT_SMOOTHING * log(dy / dx) +
		                (1 - WEIGHT_SMOOTHING) * log(pd->omega));
	if (pd->clamp > 0)
		pd->omega = clampd(pd->omega, pd->omega0 / pd->clamp, pd->omega0 * pd->clamp);
	copy_point(pd, &pd->z[CUR], &pd->z[START]);
	copy_point(pd, &pd->z[CUR], &pd->z[AVG]);
	pd->wsum = 0;
	pd->epoch_start = pd->iter;
	pd->restarts++;
	kkt e;
	measure(pd, &pd->z[CUR], 0, &e);
	pd->kkt_start = weighted_kkt(pd, &e);
	pd->kkt_last = INFINITY;
}

static void progress(const pdlp *pd, const kkt *e)
{
	fprintf(stderr, "pdlp %8lld (%lld restarts)  pres %.2e  dres %.2e  gap %.2e  obj %.10g  "
	        "w %.3g  %.1fs\n", (long long)pd->iter, (long long)pd->restarts,
	        e->pres / (1 + pd->bnorm), e->dres / (1 + pd->cnorm), rel_gap(e), e->pobj,
	        pd->omega, ut_now() - pd->t0);
}

/* Restarts when the weighted KKT error of the better of CUR and AVG fell enough. */
static void maybe_restart(pdlp *pd)
{
	kkt ec, ea;
	measure(pd, &pd->z[CUR], 0, &ec);
	measure(pd, &pd->z[AVG], 0, &ea);
	double kc = weighted_kkt(pd, &ec), ka = weighted_kkt(pd, &ea);
	int to = ka < kc ? AVG : CUR;
	double kk = fmin(ka, kc);
	int64_t len = pd->iter - pd->epoch_start;
	if (kk <= BETA_SUFFICIENT * pd->kkt_start ||
	    (kk <= BETA_NECESSARY * pd->kkt_start && kk > pd->kkt_last) ||
	    (double)len >= BETA_ARTIFICIAL * (double)pd->iter)
		restart(pd, to);
	else
		pd->kkt_last = kk;
}

/* Measures CUR and AVG on the original problem; 1 with *st set when the run is over. */
static int evaluate(pdlp *pd, lp_status *st)
{
	kkt oc, oa;
	measure(pd, &pd->z[CUR], 1, &oc);
	measure(pd, &pd->z[AVG], 1, &oa);
	double rc = rel_error(pd, &oc), ra = pd->wsum > 0 ? rel_error(pd, &oa) : INFINITY;
	pd->best = ra < rc ? AVG : CUR;
	pd->best_err = ra < rc ? oa : oc;
	if (pd->o->verbose && pd->iter % (EVAL_EVERY * 16) == 0)
		progress(pd, &pd->best_err);
	*st = LP_OPTIMAL;
	if (fmin(rc, ra) <= pd->o->tolerance)
		return 1;
	*st = LP_NUMERICAL;
	pd->diverged = 1; /* an overflow too is tried again with the weight held (retry) */
	if (isnan(rc) || !isfinite(pd->eta) || pd->eta <= 0)
		return 1;
	*st = LP_INFEASIBLE;
	if (primal_infeasible(pd))
		return 1;
	*st = LP_UNBOUNDED;
	if (dual_infeasible(pd))
		return 1;
	int off = ran_off(pd, &oc);
	pd->diverged = off < 0;
	if (off < 0)
		*st = LP_NUMERICAL; /* diverged: no plan, and no ray either */
	return off != 0;
}

/* After a divergence (ran_off -1): once, back to the start with the first weight, kept
 * within WEIGHT_CLAMP of it from then on. Free, the weight is what lets PDLP prove
 * infeasibility and unboundedness fast (docs/solvers.md, Infeasibility); clamped, the
 * diverged plans of a target 10^4 times the others' end optimal (within 10^6: 89 000
 * iterations for both stages of a 50-product plan; 10^2: 1.1 million). */
#define WEIGHT_CLAMP 1e6
static int retry(pdlp *pd)
{
	if (pd->clamp > 0)
		return 0;
	pd->clamp = WEIGHT_CLAMP;
	initial_steps(pd); /* the first weight, and a step size (an overflow made it NaN) */
	start_point(pd);
	kkt e;
	measure(pd, &pd->z[CUR], 0, &e);
	pd->kkt_start = weighted_kkt(pd, &e);
	pd->kkt_last = INFINITY;
	pd->epoch_start = pd->iter;
	return 1;
}

static lp_status run(pdlp *pd)
{
	const lp_opts *o = pd->o;
	lp_status st;
	kkt e;
	int64_t max_iter = o->max_iter > 0 ? o->max_iter : INT64_MAX; /* 0: no limit */
	measure(pd, &pd->z[CUR], 0, &e);
	pd->kkt_start = weighted_kkt(pd, &e);
	pd->kkt_last = INFINITY;
	for (;;) {
		step(pd);
		if (pd->iter % EVAL_EVERY && pd->iter < max_iter)
			continue;
		if (evaluate(pd, &st) && !(st == LP_NUMERICAL && pd->diverged && retry(pd)))
			return st;
		if (pd->iter >= max_iter)
			return LP_ITERATION_LIMIT;
		if (ut_now() - pd->t0 > o->time_limit)
			return LP_TIME_LIMIT;
		maybe_restart(pd); /* after the limits: a restart may overwrite the best point */
	}
}

/* Unscales the reported point (for LP_INFEASIBLE y is the ray; for LP_UNBOUNDED x is) into
 * r: x = beta dc .* xs, y = gamma dr .* ys, z = gamma (cs - A'ys) ./ dc. */
static int output(pdlp *pd, lp_status st, lp_result *r, plenum_diag *d)
{
	const lp_scaled *s = &pd->s;
	const point *z = &pd->z[pd->best], *ray = &pd->z[NEW];
	const double *x = st == LP_UNBOUNDED ? ray->x : z->x;
	const double *y = st == LP_INFEASIBLE ? ray->y : z->y;
	const double *aty = st == LP_INFEASIBLE ? ray->aty : z->aty;
	r->x = ut_mallocarray((size_t)s->n + 1, sizeof *r->x);
	r->z = ut_mallocarray((size_t)s->n + 1, sizeof *r->z);
	r->y = ut_mallocarray((size_t)s->m + 1, sizeof *r->y);
	if (!r->x || !r->y || !r->z)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory returning an LP solution");
	for (int64_t j = 0; j < s->n; j++) {
		r->x[j] = x[j] * s->dc[j] * s->beta;
		r->z[j] = (s->c[j] - aty[j]) * s->gamma / s->dc[j];
	}
	for (int64_t i = 0; i < s->m; i++)
		r->y[i] = y[i] * s->dr[i] * s->gamma;
	r->status = st;
	r->objective = lp_objective(pd->p, r->x);
	return lp_measure(pd->p, r, d);
}

int lp_solve_pdlp(const lp_problem *p, const lp_opts *o, lp_result *r, plenum_diag *d)
{
	lp_opts def;
	memset(r, 0, sizeof *r);
	r->backend = "pdlp";
	int rc = lp_problem_check(p, d);
	if (rc)
		return rc;
	if (p->m > INT32_MAX)
		return ut_fail(d, PLENUM_EUNSUPPORTED, "LP has %lld rows; PDLP takes up to 2^31",
		               (long long)p->m);
	if (!o) {
		lp_opts_init(&def);
		o = &def;
	}
	pdlp pd = {.p = p, .o = o, .t0 = ut_now()};
	/* Small problems run on one thread: a parallel region costs more than it saves. */
	int64_t work = p->m + p->n + (p->m ? p->Ap[p->m] : 0);
	int threads = o->threads ? o->threads : work < SMALL_WORK ? 1 : 0;
	if (lp_kern_init(&pd.k, threads, p->m > p->n ? p->m : p->n))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory for PDLP (%lld x %lld)",
		             (long long)p->m, (long long)p->n);
	else
		rc = lp_scale(p, &pd.k, RUIZ_ROUNDS, &pd.s, d);
	if (!rc && alloc_points(&pd))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory for PDLP (%lld x %lld)",
		             (long long)p->m, (long long)p->n);
	if (!rc) {
		initial_steps(&pd);
		start_point(&pd);
		lp_status st = run(&pd);
		rc = output(&pd, st, r, d);
		r->iterations = pd.iter;
	}
	free_points(&pd);
	lp_scaled_free(&pd.s);
	lp_kern_free(&pd.k);
	r->seconds = ut_now() - pd.t0;
	if (rc)
		lp_result_free(r);
	return rc;
}
