/* The engine: labour values, embodied accounts and gross output on economies solved by hand,
 * every method against a dense solve, the no-surplus diagnosis, structural errors, limits,
 * the switch to GMRES near rho = 1, thread independence, statistics, allocation failures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/econ.h"
#include "core/leontief.h"
#include "plenum/engine.h"
#include "test.h"

/* ---- building economies ---- */

/* n products p0.. (or keys), technique j makes product j with labour lab[j], output out[j]
 * (NULL: 1), inputs Q[i*n + j] of product i per unit of activity of technique j, emissions
 * em[j] of one account "co2" (NULL: none), demand dem (NULL: none). */
static plenum_economy *build(int n, const char *const *keys, const double *Q, const double *lab,
                             const double *out, const double *em, const double *dem)
{
	ec_builder b;
	memset(&b, 0, sizeof b);
	char key[32];
	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof key, "p%d", i);
		if (ec_add_product(&b, keys ? keys[i] : key, key, "u", "") < 0)
			goto fail;
	}
	int64_t a = em ? ec_add_account(&b, "co2", "co2", "kg", INFINITY) : -1;
	for (int j = 0; j < n; j++) {
		snprintf(key, sizeof key, "t%d", j);
		int64_t t = ec_add_technique(&b, key, j, lab[j], out ? out[j] : 1, INFINITY);
		if (t < 0)
			goto fail;
		for (int i = 0; i < n; i++)
			if (Q[(size_t)i * n + j] != 0 &&
			    ec_add_input(&b, t, i, Q[(size_t)i * n + j]))
				goto fail;
		if (em && em[j] != 0 && ec_add_emission(&b, t, (int32_t)a, em[j]))
			goto fail;
	}
	for (int i = 0; dem && i < n; i++)
		if (dem[i] != 0 && ec_add_demand(&b, i, dem[i]))
			goto fail;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	return ec_build_finish(&b, &e, &d) ? NULL : e;
fail:
	ec_builder_free(&b);
	return NULL;
}

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static double unif(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

/* A random economy of n products: about k inputs per technique, column sums (per unit of
 * output) in [smax/2, smax], outputs in [0.5, 2], labour in [0.1, 2], some emissions.
 * With negative, one input in 20 is a small negative. Arrays are the caller's (n*n, n). */
typedef struct rand_econ {
	int n;
	double *Q, *lab, *out, *em, *dem;
	plenum_economy *e;
} rand_econ;

static void rand_free(rand_econ *r)
{
	free(r->Q);
	free(r->lab);
	free(r->out);
	free(r->em);
	free(r->dem);
	plenum_economy_free(r->e);
}

static int rand_make(rand_econ *r, uint64_t seed, int n, double k, double smax, int negative)
{
	uint64_t s = seed * 2654435761u + 7;
	r->n = n;
	r->Q = calloc((size_t)n * n, sizeof *r->Q);
	r->lab = calloc((size_t)n, sizeof *r->lab);
	r->out = calloc((size_t)n, sizeof *r->out);
	r->em = calloc((size_t)n, sizeof *r->em);
	r->dem = calloc((size_t)n, sizeof *r->dem);
	for (int j = 0; j < n; j++) {
		double sum = 0, target = smax * (0.5 + 0.5 * unif(&s));
		r->out[j] = 0.5 + 1.5 * unif(&s);
		r->lab[j] = 0.1 + 1.9 * unif(&s);
		r->em[j] = unif(&s) < 0.3 ? unif(&s) : 0;
		r->dem[j] = unif(&s) < 0.7 ? 10 * unif(&s) : 0;
		for (int i = 0; i < n; i++)
			if (unif(&s) < k / n) {
				double q = 0.05 + unif(&s);
				if (negative && unif(&s) < 0.05)
					q = -0.01 * q;
				r->Q[(size_t)i * n + j] = q;
				sum += fabs(q);
			}
		for (int i = 0; i < n && sum > 0; i++)
			r->Q[(size_t)i * n + j] *= target * r->out[j] / sum;
	}
	r->e = build(n, NULL, r->Q, r->lab, r->out, r->em, r->dem);
	return r->e != NULL;
}

/* Solves M z = rhs (dense, n x n row-major, destroyed) by Gaussian elimination with
 * partial pivoting. */
static void dense_solve(int n, double *M, double *rhs)
{
	for (int c = 0; c < n; c++) {
		int p = c;
		for (int i = c + 1; i < n; i++)
			if (fabs(M[(size_t)i * n + c]) > fabs(M[(size_t)p * n + c]))
				p = i;
		for (int j = 0; j < n; j++) {
			double t = M[(size_t)c * n + j];
			M[(size_t)c * n + j] = M[(size_t)p * n + j];
			M[(size_t)p * n + j] = t;
		}
		double t = rhs[c];
		rhs[c] = rhs[p];
		rhs[p] = t;
		for (int i = c + 1; i < n; i++) {
			double f = M[(size_t)i * n + c] / M[(size_t)c * n + c];
			for (int j = c; j < n; j++)
				M[(size_t)i * n + j] -= f * M[(size_t)c * n + j];
			rhs[i] -= f * rhs[c];
		}
	}
	for (int i = n - 1; i >= 0; i--) {
		double s = rhs[i];
		for (int j = i + 1; j < n; j++)
			s -= M[(size_t)i * n + j] * rhs[j];
		rhs[i] = s / M[(size_t)i * n + i];
	}
}

/* Dense reference: values (transposed = 0: (I - A)' v = rhs) or output ((I - A) x = rhs),
 * rhs per unit of output already. */
static void dense_reference(const rand_econ *r, int transposed, const double *rhs, double *z)
{
	int n = r->n;
	double *M = malloc((size_t)n * n * sizeof *M);
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			double a = r->Q[(size_t)i * n + j] / r->out[j]; /* A_ij */
			double m = (i == j) - a;
			if (transposed)
				M[(size_t)j * n + i] = m;
			else
				M[(size_t)i * n + j] = m;
		}
	memcpy(z, rhs, (size_t)n * sizeof *z);
	dense_solve(n, M, z);
	free(M);
}

static plenum_solve_opts opts(plenum_method m, double tol)
{
	plenum_solve_opts o;
	plenum_solve_opts_init(&o);
	o.method = m;
	o.tolerance = tol;
	return o;
}

static double max_rel_diff(int64_t n, const double *a, const double *b)
{
	double w = 0, scale = 0;
	for (int64_t i = 0; i < n; i++)
		scale = fmax(scale, fabs(b[i]));
	for (int64_t i = 0; i < n; i++)
		w = fmax(w, fabs(a[i] - b[i]));
	return scale > 0 ? w / scale : w;
}

/* ---- tests ---- */

TEST(engine_opts_defaults)
{
	plenum_solve_opts o;
	memset(&o, 0x55, sizeof o);
	plenum_solve_opts_init(&o);
	CHECK_EQ_INT(o.method, PLENUM_METHOD_AUTO);
	CHECK(o.tolerance == 1e-10);
	CHECK_EQ_INT(o.max_iter, 10000);
	CHECK_EQ_INT(o.threads, 0);
}

/* corn and iron: A = [.2 .3; .1 .2] (corn into corn, corn into iron; iron into corn, iron
 * into iron), labour 1 and 2 h, demand 10 and 5. By hand: v = (1, 1.9) / .61,
 * x = (9.5, 5) / .61, hours = v.d = 19.5 / .61. */
TEST(engine_two_products_exact)
{
	const double Q[] = {0.2, 0.3, 0.1, 0.2}, lab[] = {1, 2}, dem[] = {10, 5};
	const char *const keys[] = {"corn", "iron"};
	plenum_economy *e = build(2, keys, Q, lab, NULL, NULL, dem);
	CHECK(e);
	for (int m = PLENUM_METHOD_AUTO; m <= PLENUM_METHOD_GMRES; m++) {
		plenum_solve_opts o = opts(m, 1e-13);
		plenum_solve_info info;
		plenum_diag d = {0};
		double v[2], x[2], hours = 0;
		CHECK_EQ_INT(plenum_labour_values(e, &o, v, NULL, &info, &d), PLENUM_OK);
		CHECK_NEAR(v[0], 1.0 / 0.61, 1e-12);
		CHECK_NEAR(v[1], 1.9 / 0.61, 1e-12);
		CHECK(info.converged && info.residual <= 1e-13 && info.iterations >= 1);
		CHECK_EQ_INT(info.method, m == PLENUM_METHOD_AUTO ? PLENUM_METHOD_GAUSS_SEIDEL : m);
		CHECK_EQ_INT(plenum_gross_output(e, NULL, &o, x, &hours, NULL, &info, &d),
		             PLENUM_OK);
		CHECK_NEAR(x[0], 9.5 / 0.61, 1e-12);
		CHECK_NEAR(x[1], 5.0 / 0.61, 1e-12);
		CHECK_NEAR(hours, 19.5 / 0.61, 1e-12);
		CHECK(info.converged && info.residual <= 1e-13);
		CHECK_EQ_INT(d.warnings, 0);
	}
	plenum_economy_free(e);
}

/* Outputs other than 1 and an account. Technique a makes 2 units with 1 h, 0.4 of b and
 * 4 kg co2; b makes 1 unit with 3 h and 0.5 of a. Per unit: l = (0.5, 3), A_ba = 0.2,
 * A_ab = 0.5, co2 (2, 0). By hand: v_a = 1.1 / 0.9, v_b = 0.5 v_a + 3; co2 (20/9, 10/9);
 * for demand (1, 2): x_a = 0.5 x_b + 1, x_b = 0.2 x_a + 2, so x = (2/0.9, 2.2/0.9 * ...). */
TEST(engine_outputs_and_accounts_exact)
{
	const double Q[] = {0, 0.5, 0.4, 0}, lab[] = {1, 3}, out[] = {2, 1}, em[] = {4, 0};
	const double dem[] = {1, 2};
	plenum_economy *e = build(2, NULL, Q, lab, out, em, dem);
	CHECK(e);
	for (int m = PLENUM_METHOD_AUTO; m <= PLENUM_METHOD_GMRES; m++) {
		plenum_solve_opts o = opts(m, 1e-14);
		plenum_solve_info info;
		plenum_diag d = {0};
		double v[2], emb[2], x[2], hours, co2;
		CHECK_EQ_INT(plenum_labour_values(e, &o, v, emb, &info, &d), PLENUM_OK);
		CHECK_NEAR(v[0], 1.1 / 0.9, 1e-13);
		CHECK_NEAR(v[1], 0.5 * 1.1 / 0.9 + 3, 1e-13);
		CHECK_NEAR(emb[0], 20.0 / 9, 1e-13);
		CHECK_NEAR(emb[1], 10.0 / 9, 1e-13);
		CHECK_EQ_INT(plenum_gross_output(e, NULL, &o, x, &hours, &co2, &info, &d),
		             PLENUM_OK);
		/* x_a = 0.5 x_b + 1, x_b = 0.2 x_a + 2: x_a = 2 / 0.9, x_b = 0.2 x_a + 2 */
		CHECK_NEAR(x[0], 2.0 / 0.9, 1e-13);
		CHECK_NEAR(x[1], 0.4 / 0.9 + 2, 1e-13);
		CHECK_NEAR(hours, v[0] * 1 + v[1] * 2, 1e-13);     /* hours embodied in demand */
		CHECK_NEAR(hours, x[0] / 2 * 1 + x[1] * 3, 1e-13); /* hours of the activities */
		CHECK_NEAR(co2, emb[0] * 1 + emb[1] * 2, 1e-13);
		CHECK_NEAR(co2, x[0] / 2 * 4, 1e-13);
	}
	plenum_economy_free(e);
}

TEST(engine_methods_agree_with_dense)
{
	for (int trial = 0; trial < 6; trial++) {
		rand_econ r = {0};
		int n = 40 + 37 * trial;
		double smax = trial % 2 ? 0.95 : 0.7;
		CHECK(rand_make(&r, 100 + trial, n, 4, smax, 0));
		double *l = malloc(n * sizeof *l), *eps = malloc(n * sizeof *eps);
		double *vref = malloc(n * sizeof *vref), *eref = malloc(n * sizeof *eref);
		double *xref = malloc(n * sizeof *xref), *v = malloc(n * sizeof *v);
		double *emb = malloc(n * sizeof *emb), *x = malloc(n * sizeof *x);
		for (int j = 0; j < n; j++) {
			l[j] = r.lab[j] / r.out[j];
			eps[j] = r.em[j] / r.out[j];
		}
		dense_reference(&r, 1, l, vref);
		dense_reference(&r, 1, eps, eref);
		dense_reference(&r, 0, r.dem, xref);
		int ok = 1;
		for (int m = PLENUM_METHOD_AUTO; m <= PLENUM_METHOD_GMRES && ok; m++) {
			plenum_solve_opts o = opts(m, 1e-12);
			plenum_solve_info info;
			plenum_diag d = {0};
			ok = plenum_labour_values(r.e, &o, v, emb, &info, &d) == PLENUM_OK &&
			     info.converged && max_rel_diff(n, v, vref) < 1e-10 &&
			     max_rel_diff(n, emb, eref) < 1e-10 &&
			     plenum_gross_output(r.e, NULL, &o, x, NULL, NULL, &info, &d) ==
			         PLENUM_OK &&
			     info.converged && max_rel_diff(n, x, xref) < 1e-10;
			if (!ok)
				fprintf(stderr, "trial %d method %d: %s\n", trial, m, d.message);
		}
		free(l), free(eps), free(vref), free(eref), free(xref), free(v), free(emb), free(x);
		rand_free(&r);
		CHECK(ok);
	}
}

/* x - A x = d, hours of x = v.d (the hours embodied in final demand equal the hours
 * worked), each account's total = embodied . d, on a generated economy. */
TEST(engine_gross_output_identity)
{
	plenum_gen_opts g = {
	    .products = 20000, .inputs = 12, .seed = 5, .techniques_per_product = 1};
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_economy_generate(&g, &e, &d), PLENUM_OK);
	int64_t n = e->np, na = e->na;
	CHECK(na >= 1);
	double *v = malloc(n * sizeof *v), *emb = malloc(n * na * sizeof *emb);
	double *x = malloc(n * sizeof *x), *ax = calloc(n, sizeof *ax),
	       *acc = calloc(na, sizeof *acc);
	plenum_solve_opts o = opts(PLENUM_METHOD_AUTO, 1e-12);
	plenum_solve_info info;
	double hours = 0;
	CHECK_EQ_INT(plenum_labour_values(e, &o, v, emb, &info, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_gross_output(e, NULL, &o, x, &hours, acc, &info, &d), PLENUM_OK);
	double vd = 0, dn = 0, worst = 0;
	for (int64_t j = 0; j < n; j++) {
		vd += v[j] * e->demand[j];
		for (int64_t k = e->in.p[j]; k < e->in.p[j + 1]; k++)
			ax[e->in.i[k]] += e->in.x[k] * x[j] / e->tout[j];
	}
	for (int64_t i = 0; i < n; i++) {
		dn = fmax(dn, fabs(e->demand[i]));
		worst = fmax(worst, fabs(x[i] - ax[i] - e->demand[i]));
	}
	CHECK(worst <= 1e-11 * dn);
	CHECK_NEAR(hours, vd, 1e-10);
	for (int64_t a = 0; a < na; a++) {
		double ed = 0;
		for (int64_t j = 0; j < n; j++)
			ed += emb[a * n + j] * e->demand[j];
		CHECK_NEAR(acc[a], ed, 1e-10);
	}
	free(v), free(emb), free(x), free(ax), free(acc);
	plenum_economy_free(e);
}

/* The residual in info is the one a separate computation finds, for every method. */
TEST(engine_residual_reported_truly)
{
	rand_econ r = {0};
	CHECK(rand_make(&r, 7, 300, 5, 0.9, 0));
	int n = r.n;
	double *v = malloc(n * sizeof *v), *x = malloc(n * sizeof *x);
	int ok = 1;
	for (int m = PLENUM_METHOD_AUTO; m <= PLENUM_METHOD_GMRES && ok; m++) {
		plenum_solve_opts o = opts(m, 1e-6);
		plenum_solve_info info;
		plenum_diag d = {0};
		ok = plenum_labour_values(r.e, &o, v, NULL, &info, &d) == PLENUM_OK;
		double rmax = 0, lmax = 0;
		for (int j = 0; ok && j < n; j++) { /* r_j = l_j + (vA)_j - v_j */
			double s = r.lab[j] / r.out[j];
			for (int i = 0; i < n; i++)
				s += v[i] * r.Q[(size_t)i * n + j] / r.out[j];
			rmax = fmax(rmax, fabs(s - v[j]));
			lmax = fmax(lmax, r.lab[j] / r.out[j]);
		}
		ok = ok && info.residual <= 1e-6 &&
		     fabs(info.residual - rmax / lmax) <= 1e-3 * rmax / lmax + 1e-15;
		if (!ok)
			fprintf(stderr, "values method %d: reported %g, found %g\n", m,
			        info.residual, rmax / lmax);
		ok =
		    ok && plenum_gross_output(r.e, NULL, &o, x, NULL, NULL, &info, &d) == PLENUM_OK;
		double xmax = 0, dmax = 0;
		for (int i = 0; ok && i < n; i++) { /* r_i = d_i + (Ax)_i - x_i */
			double s = r.dem[i];
			for (int j = 0; j < n; j++)
				s += r.Q[(size_t)i * n + j] / r.out[j] * x[j];
			xmax = fmax(xmax, fabs(s - x[i]));
			dmax = fmax(dmax, fabs(r.dem[i]));
		}
		ok = ok && info.residual <= 1e-6 &&
		     fabs(info.residual - xmax / dmax) <= 1e-3 * xmax / dmax + 1e-15;
		if (!ok)
			fprintf(stderr, "output method %d: reported %g, found %g\n", m,
			        info.residual, xmax / dmax);
	}
	free(v), free(x);
	rand_free(&r);
	CHECK(ok);
}

/* n products in a productive chain, and three (k, k+1, k+2) that use 1.2 of the next per
 * unit: the cycle eats more than it makes. Found after one sweep (max_iter 1). */
TEST(engine_no_surplus_names_cycle)
{
	int n = 400;
	double *Q = calloc((size_t)n * n, sizeof *Q), *lab = calloc(n, sizeof *lab);
	char **keys = calloc(n, sizeof *keys);
	for (int j = 0; j < n; j++) {
		lab[j] = 1;
		keys[j] = malloc(16);
		snprintf(keys[j], 16, "good%d", j);
		if (j > 0)
			Q[(size_t)(j - 1) * n + j] = 0.5; /* j uses half a unit of j-1 */
	}
	snprintf(keys[200], 16, "gear");
	snprintf(keys[201], 16, "axle");
	snprintf(keys[202], 16, "wheel");
	Q[(size_t)201 * n + 200] = 1.2; /* gear uses axle */
	Q[(size_t)202 * n + 201] = 1.2; /* axle uses wheel */
	Q[(size_t)200 * n + 202] = 1.2; /* wheel uses gear */
	plenum_economy *e = build(n, (const char *const *)keys, Q, lab, NULL, NULL, NULL);
	for (int j = 0; j < n; j++)
		free(keys[j]);
	free(keys), free(Q), free(lab);
	CHECK(e);
	static double v[400];
	for (int m = PLENUM_METHOD_AUTO; m <= PLENUM_METHOD_GMRES; m++) {
		plenum_solve_opts o = opts(m, 1e-10);
		o.max_iter = 1;
		plenum_solve_info info;
		plenum_diag d = {0}, d2 = {0};
		int rc = plenum_labour_values(e, &o, v, NULL, &info, &d);
		int rc2 = plenum_gross_output(e, NULL, &o, v, NULL, NULL, &info, &d2);
		int named = strstr(d.message, "'gear'") && strstr(d.message, "'axle'") &&
		            strstr(d.message, "'wheel'") && !strstr(d.message, "good");
		if (rc != PLENUM_ENOSURPLUS || rc2 != PLENUM_ENOSURPLUS || !named) {
			fprintf(stderr, "method %d: %d %d %s\n", m, rc, rc2, d.message);
			plenum_economy_free(e);
		}
		CHECK(rc == PLENUM_ENOSURPLUS && rc2 == PLENUM_ENOSURPLUS && named);
		CHECK(strstr(d2.message, "'gear'"));
	}
	plenum_economy_free(e);
}

TEST(engine_no_surplus_self_loop_and_group)
{
	/* a product that uses 1.5 of itself */
	const double Q1[] = {0.1, 0, 0.3, 1.5}, lab[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	const char *const k1[] = {"bread", "furnace"};
	plenum_economy *e = build(2, k1, Q1, lab, NULL, NULL, NULL);
	CHECK(e);
	double v[16];
	plenum_diag d = {0};
	plenum_solve_info info;
	int rc = plenum_labour_values(e, NULL, v, NULL, &info, &d);
	plenum_economy_free(e);
	CHECK_EQ_INT(rc, PLENUM_ENOSURPLUS);
	CHECK(strstr(d.message, "'furnace'") && !strstr(d.message, "'bread'"));
	/* a ring of ten where each uses 1.01 of the next: a group, named in part */
	double Q2[100] = {0};
	for (int j = 0; j < 10; j++)
		Q2[((j + 1) % 10) * 10 + j] = 1.01;
	e = build(10, NULL, Q2, lab, NULL, NULL, NULL);
	CHECK(e);
	rc = plenum_labour_values(e, NULL, v, NULL, &info, &d);
	plenum_economy_free(e);
	CHECK_EQ_INT(rc, PLENUM_ENOSURPLUS);
	CHECK(strstr(d.message, "group of 10 products") && strstr(d.message, "'p0'"));
	/* exactly 1: a closed cycle makes no surplus either */
	const double Q3[] = {0, 1, 1, 0};
	e = build(2, NULL, Q3, lab, NULL, NULL, NULL);
	CHECK(e);
	rc = plenum_gross_output(e, lab, NULL, v, NULL, NULL, &info, &d);
	plenum_economy_free(e);
	CHECK_EQ_INT(rc, PLENUM_ENOSURPLUS);
	CHECK(strstr(d.message, "'p0'") && strstr(d.message, "'p1'"));
}

/* At a spectral radius of 1 the Collatz–Wielandt bounds meet at 2 from both sides and never
 * cross it: the check used to leave such an economy to the solver, which "converged" on
 * gross outputs of -5e15 (exit 0). Within 1e-12 of 1 is no surplus. */
static int edge_rc(int n, const double *Q, int values, plenum_diag *d)
{
	const double lab[] = {1, 1, 1}, dem[] = {1, 0, 0};
	plenum_economy *e = build(n, NULL, Q, lab, NULL, NULL, dem);
	double x[3];
	plenum_solve_info info;
	int rc = !e ? -1
	         : values ? plenum_labour_values(e, NULL, x, NULL, &info, d)
	                  : plenum_gross_output(e, NULL, NULL, x, NULL, NULL, &info, d);
	plenum_economy_free(e);
	return rc;
}

TEST(engine_no_surplus_at_the_edge)
{
	const double one[] = {0.5, 2, 0.125, 0.5};                 /* rho(A) = 1 */
	const double above[] = {0.5, 2, 0.12500005000000497, 0.5}; /* 1 + 1e-7 */
	/* a closed table: A = Z / x with x the row sums of Z, so A x = x */
	const double Z[] = {10, 20, 5, 30, 0, 10, 5, 5, 40};
	double closed[9];
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			closed[i * 3 + j] = Z[i * 3 + j] / (Z[j * 3] + Z[j * 3 + 1] + Z[j * 3 + 2]);
	plenum_diag d = {0};
	for (int values = 0; values <= 1; values++) {
		CHECK_EQ_INT(edge_rc(2, one, values, &d), PLENUM_ENOSURPLUS);
		CHECK(strstr(d.message, "'p0'") && strstr(d.message, "'p1'"));
		CHECK_EQ_INT(edge_rc(2, above, values, &d), PLENUM_ENOSURPLUS);
		CHECK_EQ_INT(edge_rc(3, closed, values, &d), PLENUM_ENOSURPLUS);
	}
	/* 1 - 5e-8: productive, but (I - A) is too near singular for a residual of 1e-10.
	 * GMRES stops when its cycles stop gaining (it spent the whole limit, and then ended on
	 * a lucky 0 or not by the parity of the limit); auto's sweeps then GMRES solve it. */
	const double near[] = {0.5, 0.5, 0.5, 0.4999999}, lab[] = {1, 1};
	plenum_economy *e = build(2, NULL, near, lab, NULL, NULL, NULL);
	CHECK(e);
	double v[2];
	plenum_solve_info info;
	plenum_solve_opts o = opts(PLENUM_METHOD_GMRES, 1e-10);
	int rc = plenum_labour_values(e, &o, v, NULL, &info, &d);
	CHECK(rc == PLENUM_ENOCONVERGE && strstr(d.message, "GMRES stalled"));
	o.tolerance = 1e-8;
	rc = plenum_labour_values(e, &o, v, NULL, &info, &d);
	CHECK_EQ_INT(rc, PLENUM_OK);
	CHECK(fabs(v[0] - 2e7) < 10 && fabs(v[1] - 2e7) < 10); /* v = l (I - A)^-1 */
	rc = plenum_labour_values(e, NULL, v, NULL, &info, &d);
	plenum_economy_free(e);
	CHECK_EQ_INT(rc, PLENUM_OK);
}

/* Each quantity is finite, but labour 1e308 at output 1e-10 is infinite per unit: it gave
 * labour values of infinity ("1e999" in JSON) with exit 0. */
TEST(engine_per_unit_overflow)
{
	const double Q[] = {0, 0.1, 0, 0}, lab[] = {1e308, 1}, out[] = {1e-10, 1};
	plenum_economy *e = build(2, NULL, Q, lab, out, NULL, NULL);
	CHECK(e);
	double v[2];
	plenum_diag d = {0};
	plenum_solve_info info;
	int rc = plenum_labour_values(e, NULL, v, NULL, &info, &d);
	int rc2 = plenum_gross_output(e, lab, NULL, v, NULL, NULL, &info, &d);
	plenum_economy_free(e);
	CHECK_EQ_INT(rc, PLENUM_EINVAL);
	CHECK_EQ_INT(rc2, PLENUM_EINVAL);
	CHECK(strstr(d.message, "technique 't0': labour of 1e+308 per output of 1e-10 is too "
	                        "large per unit made"));
}

/* A column sum above 1 does not by itself stop a surplus: here rho(A) = sqrt(1.5 * 0.1). */
TEST(engine_column_sum_over_one_but_productive)
{
	const double Q[] = {0, 0.1, 1.5, 0}, lab[] = {1, 1}, dem[] = {1, 1};
	plenum_economy *e = build(2, NULL, Q, lab, NULL, NULL, dem);
	CHECK(e);
	double v[2], x[2];
	plenum_diag d = {0};
	plenum_solve_info info;
	plenum_solve_opts o = opts(PLENUM_METHOD_AUTO, 1e-13);
	CHECK_EQ_INT(plenum_labour_values(e, &o, v, NULL, &info, &d), PLENUM_OK);
	/* v0 = 1.5 v1 + 1, v1 = 0.1 v0 + 1: v0 = 2.5 / 0.85 */
	CHECK_NEAR(v[0], 2.5 / 0.85, 1e-12);
	CHECK_NEAR(v[1], 0.25 / 0.85 + 1, 1e-12);
	CHECK_EQ_INT(plenum_gross_output(e, NULL, &o, x, NULL, NULL, &info, &d), PLENUM_OK);
	/* x0 = 0.1 x1 + 1, x1 = 1.5 x0 + 1: x0 = 1.1 / 0.85 */
	CHECK_NEAR(x[0], 1.1 / 0.85, 1e-12);
	plenum_economy_free(e);
}

TEST(engine_structure_errors)
{
	ec_builder b;
	memset(&b, 0, sizeof b);
	ec_add_product(&b, "salt", "salt", "kg", "");
	ec_add_product(&b, "pepper", "pepper", "kg", "");
	ec_add_product(&b, "saffron", "saffron", "g", "");
	ec_add_technique(&b, "mine", 0, 1, 1, INFINITY);
	ec_add_technique(&b, "farm", 1, 1, 1, INFINITY);
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(ec_build_finish(&b, &e, &d), PLENUM_OK);
	double v[3];
	plenum_solve_info info;
	CHECK_EQ_INT(plenum_labour_values(e, NULL, v, NULL, &info, &d), PLENUM_ESTRUCTURE);
	CHECK(strstr(d.message, "'saffron' has no technique"));
	CHECK_EQ_INT(plenum_gross_output(e, NULL, NULL, v, NULL, NULL, &info, &d),
	             PLENUM_ESTRUCTURE);
	plenum_econ_stats s;
	CHECK_EQ_INT(plenum_economy_stats(e, &s, &d), PLENUM_OK);
	CHECK_EQ_INT(s.without_technique, 1);
	CHECK(isnan(s.spectral_radius));
	plenum_economy_free(e);

	memset(&b, 0, sizeof b);
	ec_add_product(&b, "salt", "salt", "kg", "");
	ec_add_product(&b, "pepper", "pepper", "kg", "");
	ec_add_technique(&b, "mine", 0, 1, 1, INFINITY);
	ec_add_technique(&b, "farm", 1, 1, 1, INFINITY);
	ec_add_technique(&b, "sea", 0, 1, 1, INFINITY);
	CHECK_EQ_INT(ec_build_finish(&b, &e, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_labour_values(e, NULL, v, NULL, &info, &d), PLENUM_ESTRUCTURE);
	CHECK(strstr(d.message, "'salt' is made by 2 techniques ('mine', 'sea')"));
	CHECK_EQ_INT(plenum_economy_stats(e, &s, &d), PLENUM_OK);
	CHECK_EQ_INT(s.multi_technique, 1);
	CHECK_EQ_INT(s.without_technique, 0);
	plenum_economy_free(e);
}

TEST(engine_max_iter_respected)
{
	rand_econ r = {0};
	CHECK(rand_make(&r, 3, 200, 5, 0.9, 0));
	double *v = malloc(r.n * sizeof *v);
	int ok = 1;
	for (int m = PLENUM_METHOD_AUTO; m <= PLENUM_METHOD_GMRES && ok; m++)
		for (int limit = 1; limit <= 4 && ok; limit++) {
			plenum_solve_opts o = opts(m, 1e-15);
			o.max_iter = limit;
			plenum_solve_info info;
			plenum_diag d = {0};
			int rc = plenum_labour_values(r.e, &o, v, NULL, &info, &d);
			ok = rc == PLENUM_ENOCONVERGE && info.iterations <= limit &&
			     !info.converged && info.residual > 1e-15 &&
			     strstr(d.message, "iteration limit");
			rc = plenum_gross_output(r.e, NULL, &o, v, NULL, NULL, &info, &d);
			ok = ok && rc == PLENUM_ENOCONVERGE && info.iterations <= limit;
			if (!ok)
				fprintf(stderr, "method %d limit %d: %lld iterations\n", m, limit,
				        (long long)info.iterations);
		}
	free(v);
	rand_free(&r);
	CHECK(ok);
}

/* rho(A) = 0.99999: sweeps shrink the error by 1e-5 each, GMRES needs a few steps. AUTO
 * starts with Gauss–Seidel, sees the slow contraction and switches. */
TEST(engine_near_singular_auto_gmres)
{
	rand_econ r = {0};
	int n = 120;
	CHECK(rand_make(&r, 11, n, 3, 0.5, 0));
	/* scale the whole of A so that its spectral radius is 0.99999 */
	sp_leontief L;
	plenum_diag d = {0};
	double rho = 0;
	CHECK_EQ_INT(sp_leontief_init(&L, r.e, 1, &d), PLENUM_OK);
	CHECK_EQ_INT(sp_spectral_radius(&L, 100000, &rho), PLENUM_OK);
	sp_leontief_free(&L);
	CHECK(rho > 0.1 && rho < 1);
	for (size_t k = 0; k < (size_t)n * n; k++)
		r.Q[k] *= 0.99999 / rho;
	plenum_economy_free(r.e);
	r.e = build(n, NULL, r.Q, r.lab, r.out, r.em, r.dem);
	CHECK(r.e);
	double *l = malloc(n * sizeof *l), *vref = malloc(n * sizeof *vref),
	       *v = malloc(n * sizeof *v);
	double *xref = malloc(n * sizeof *xref);
	for (int j = 0; j < n; j++)
		l[j] = r.lab[j] / r.out[j];
	dense_reference(&r, 1, l, vref);
	dense_reference(&r, 0, r.dem, xref);
	plenum_solve_opts o = opts(PLENUM_METHOD_AUTO, 1e-10);
	plenum_solve_info info;
	int rc = plenum_labour_values(r.e, &o, v, NULL, &info, &d);
	int ok = rc == PLENUM_OK && info.method == PLENUM_METHOD_GMRES && info.converged &&
	         info.iterations < 2000 && max_rel_diff(n, v, vref) < 1e-6;
	if (!ok)
		fprintf(stderr, "values: rc %d method %d iterations %lld diff %g %s\n", rc,
		        info.method, (long long)info.iterations, max_rel_diff(n, v, vref),
		        d.message);
	rc = plenum_gross_output(r.e, NULL, &o, v, NULL, NULL, &info, &d);
	ok = ok && rc == PLENUM_OK && info.method == PLENUM_METHOD_GMRES && info.converged &&
	     info.iterations < 2000 && max_rel_diff(n, v, xref) < 1e-6;
	if (!ok)
		fprintf(stderr, "output: rc %d method %d iterations %lld diff %g %s\n", rc,
		        info.method, (long long)info.iterations, max_rel_diff(n, v, xref),
		        d.message);
	/* Gauss–Seidel alone does not get there in 2000 sweeps */
	o = opts(PLENUM_METHOD_GAUSS_SEIDEL, 1e-10);
	o.max_iter = 2000;
	ok = ok && plenum_labour_values(r.e, &o, v, NULL, &info, &d) == PLENUM_ENOCONVERGE &&
	     info.iterations == 2000;
	free(l), free(vref), free(v), free(xref);
	rand_free(&r);
	CHECK(ok);
}

/* Every method gives the same answer (to 1e-12) with 1, 2 and 3 threads. */
TEST(engine_threads_identical)
{
	plenum_gen_opts g = {
	    .products = 60000, .inputs = 10, .seed = 9, .techniques_per_product = 1};
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_economy_generate(&g, &e, &d), PLENUM_OK);
	int64_t n = e->np, na = e->na;
	double *v1 = malloc(n * sizeof *v1), *e1 = malloc(n * na * sizeof *e1);
	double *x1 = malloc(n * sizeof *x1), *v = malloc(n * sizeof *v);
	double *em = malloc(n * na * sizeof *em), *x = malloc(n * sizeof *x);
	int ok = 1;
	for (int m = PLENUM_METHOD_AUTO; m <= PLENUM_METHOD_GMRES && ok; m++)
		for (int t = 1; t <= 3 && ok; t++) {
			plenum_solve_opts o = opts(m, 1e-10);
			o.threads = t;
			plenum_solve_info info;
			ok = plenum_labour_values(e, &o, t == 1 ? v1 : v, t == 1 ? e1 : em, &info,
			                          &d) == PLENUM_OK &&
			     plenum_gross_output(e, NULL, &o, t == 1 ? x1 : x, NULL, NULL, &info,
			                         &d) == PLENUM_OK;
			if (ok && t > 1)
				ok = max_rel_diff(n, v, v1) <= 1e-12 &&
				     max_rel_diff(n * na, em, e1) <= 1e-12 &&
				     max_rel_diff(n, x, x1) <= 1e-12;
			if (!ok)
				fprintf(stderr, "method %d threads %d: %g %g %g %s\n", m, t,
				        max_rel_diff(n, v, v1), max_rel_diff(n * na, em, e1),
				        max_rel_diff(n, x, x1), d.message);
		}
	free(v1), free(e1), free(x1), free(v), free(em), free(x);
	plenum_economy_free(e);
	CHECK(ok);
}

/* Small negative coefficients (as in real tables) are solved like any other; a product
 * whose value comes out negative is warned about. */
TEST(engine_negative_coefficients)
{
	rand_econ r = {0};
	int n = 150;
	CHECK(rand_make(&r, 21, n, 5, 0.8, 1));
	double *l = malloc(n * sizeof *l), *vref = malloc(n * sizeof *vref),
	       *v = malloc(n * sizeof *v);
	for (int j = 0; j < n; j++)
		l[j] = r.lab[j] / r.out[j];
	dense_reference(&r, 1, l, vref);
	plenum_solve_opts o = opts(PLENUM_METHOD_AUTO, 1e-12);
	plenum_solve_info info;
	plenum_diag d = {0};
	int ok = plenum_labour_values(r.e, &o, v, NULL, &info, &d) == PLENUM_OK &&
	         max_rel_diff(n, v, vref) < 1e-10 && d.warnings == 0;
	free(l), free(vref), free(v);
	rand_free(&r);
	CHECK(ok);
	/* b uses -2 of a (a by-product taken back): v_b = 1 - 2 v_a < 0 */
	const double Q[] = {0, -2, 0, 0}, lab[] = {1, 1};
	const char *const keys[] = {"slag", "cement"};
	plenum_economy *e = build(2, keys, Q, lab, NULL, NULL, NULL);
	CHECK(e);
	double w[2];
	CHECK_EQ_INT(plenum_labour_values(e, &o, w, NULL, &info, &d), PLENUM_OK);
	plenum_economy_free(e);
	CHECK_NEAR(w[1], -1, 1e-12);
	CHECK_EQ_INT(d.warnings, 1);
	CHECK(strstr(d.warning, "'cement'"));
}

/* A zero right-hand side has the zero solution, in no iterations of doubt. */
TEST(engine_zero_demand_and_labour)
{
	const double Q[] = {0.2, 0.3, 0.1, 0.2}, lab[] = {0, 0}, dem[] = {0, 0};
	plenum_economy *e = build(2, NULL, Q, lab, NULL, NULL, NULL);
	CHECK(e);
	for (int m = PLENUM_METHOD_AUTO; m <= PLENUM_METHOD_GMRES; m++) {
		plenum_solve_opts o = opts(m, 1e-10);
		double v[2] = {7, 7}, x[2] = {7, 7}, hours = 7;
		plenum_solve_info info;
		plenum_diag d = {0};
		CHECK_EQ_INT(plenum_labour_values(e, &o, v, NULL, &info, &d), PLENUM_OK);
		CHECK(v[0] == 0 && v[1] == 0 && info.converged && info.residual == 0);
		CHECK_EQ_INT(plenum_gross_output(e, dem, &o, x, &hours, NULL, &info, &d),
		             PLENUM_OK);
		CHECK(x[0] == 0 && x[1] == 0 && hours == 0 && info.converged);
	}
	plenum_economy_free(e);
}

TEST(engine_stats)
{
	const double Q[] = {0.2, 0.3, 0.1, -0.2}, lab[] = {1, 3}, out[] = {1, 2}, em[] = {1, 0};
	plenum_economy *e = build(2, NULL, Q, lab, out, em, NULL);
	CHECK(e);
	plenum_econ_stats s;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_economy_stats(e, &s, &d), PLENUM_OK);
	CHECK_EQ_INT(s.products, 2);
	CHECK_EQ_INT(s.techniques, 2);
	CHECK_EQ_INT(s.accounts, 1);
	CHECK_EQ_INT(s.inputs, 4);
	CHECK_EQ_INT(s.emissions, 1);
	CHECK_EQ_INT(s.max_inputs, 2);
	CHECK_NEAR(s.density, 1.0, 1e-15);
	CHECK_EQ_INT(s.negative, 1);
	CHECK_EQ_INT(s.without_technique, 0);
	CHECK_EQ_INT(s.multi_technique, 0);
	/* |A| = [.2 .15; .1 .1]: rho = (.3 + sqrt(.01 + .06)) / 2 */
	CHECK_NEAR(s.spectral_radius, (0.3 + sqrt(0.07)) / 2, 1e-6);
	CHECK_NEAR(s.labour_share, (1 + 1.5) / 2, 1e-15);
	plenum_economy_free(e);
	/* a periodic A (a 2-cycle) still gives its radius: sqrt(0.5 * 0.8) */
	const double P[] = {0, 0.5, 0.8, 0};
	e = build(2, NULL, P, lab, NULL, NULL, NULL);
	CHECK(e);
	CHECK_EQ_INT(plenum_economy_stats(e, &s, &d), PLENUM_OK);
	CHECK_NEAR(s.spectral_radius, sqrt(0.4), 1e-6);
	plenum_economy_free(e);
}

TEST(engine_bad_arguments)
{
	const double Q[] = {0.2, 0.3, 0.1, 0.2}, lab[] = {1, 2};
	plenum_economy *e = build(2, NULL, Q, lab, NULL, NULL, NULL);
	CHECK(e);
	double v[2], bad[2] = {1, NAN};
	plenum_solve_info info;
	plenum_diag d = {0};
	plenum_solve_opts o = opts(PLENUM_METHOD_AUTO, 0);
	CHECK_EQ_INT(plenum_labour_values(e, &o, v, NULL, &info, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "tolerance"));
	o = opts(PLENUM_METHOD_AUTO, 1e-10);
	o.max_iter = 0;
	CHECK_EQ_INT(plenum_labour_values(e, &o, v, NULL, &info, &d), PLENUM_EINVAL);
	o = opts((plenum_method)9, 1e-10);
	CHECK_EQ_INT(plenum_gross_output(e, NULL, &o, v, NULL, NULL, &info, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_gross_output(e, bad, NULL, v, NULL, NULL, &info, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "'p1'"));
	CHECK_EQ_INT(plenum_labour_values(NULL, NULL, v, NULL, &info, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_labour_values(e, NULL, NULL, NULL, NULL, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_labour_values(e, NULL, v, NULL, NULL, NULL), PLENUM_OK); /* no info */
	plenum_economy_free(e);
}

/* ---- allocation failure (STYLE habit 9) ---- */

static plenum_economy *walk_econ;

/* Every engine call on one economy (made before the walk): values with and without
 * accounts by each method, output, statistics, and the no-surplus diagnosis. */
static int walk_engine(void)
{
	const plenum_economy *e = walk_econ;
	int64_t n = e->np;
	double *v = malloc(n * sizeof *v), *emb = malloc(n * e->na * sizeof *emb);
	int rc = PLENUM_OK;
	for (int m = PLENUM_METHOD_AUTO; m <= PLENUM_METHOD_GMRES && !rc; m++) {
		plenum_solve_opts o = opts(m, 1e-10);
		plenum_solve_info info;
		plenum_diag d = {0};
		double hours, acc[4];
		rc = plenum_labour_values(e, &o, v, NULL, &info, &d);
		if (!rc)
			rc = plenum_labour_values(e, &o, v, emb, &info, &d);
		if (!rc)
			rc = plenum_gross_output(e, NULL, &o, v, &hours, acc, &info, &d);
		if (rc == PLENUM_ENOMEM && !d.message[0])
			rc = -1; /* a failure without a message */
	}
	plenum_econ_stats s;
	plenum_diag d = {0};
	if (!rc)
		rc = plenum_economy_stats(e, &s, &d);
	free(v), free(emb);
	return rc;
}

static plenum_economy *cycle_econ;

static int walk_no_surplus(void)
{
	double v[3];
	plenum_diag d = {0};
	plenum_solve_info info;
	int rc = plenum_labour_values(cycle_econ, NULL, v, NULL, &info, &d);
	return rc == PLENUM_ENOSURPLUS ? PLENUM_OK : rc;
}

TEST(engine_alloc_failure_walk)
{
	plenum_gen_opts g = {.products = 1000, .inputs = 4, .seed = 2, .techniques_per_product = 1};
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_economy_generate(&g, &walk_econ, &d), PLENUM_OK);
	const double Q[] = {0, 0, 3, 0.5, 0, 0, 0, 0.7, 0}, lab[] = {1, 1, 1};
	cycle_econ = build(3, NULL, Q, lab, NULL, NULL, NULL);
	long a = test_alloc_walk(walk_engine), b = test_alloc_walk(walk_no_surplus);
	plenum_economy_free(walk_econ);
	plenum_economy_free(cycle_econ);
	CHECK(a > 20);
	CHECK(b > 3);
}

/* A bad cycle of three products inside a generated economy, where every product is in one
 * giant strongly connected component: the heavy-edge pass finds and names the three. */
TEST(engine_no_surplus_inside_giant_component)
{
	plenum_gen_opts g = {
	    .products = 20000, .inputs = 8, .seed = 4, .techniques_per_product = 1};
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_economy_generate(&g, &e, &d), PLENUM_OK);
	int32_t *Ai = (int32_t *)e->in.i; /* the generator's own arrays: writable */
	double *Ax = (double *)e->in.x;
	const int32_t at[] = {100, 7000, 15000};
	for (int c = 0; c < 3; c++) { /* at[c] uses 1.2 of at[c+1] */
		Ai[e->in.p[at[c]]] = at[(c + 1) % 3];
		Ax[e->in.p[at[c]]] = 1.2 * e->tout[at[c]];
	}
	double *v = malloc(e->np * sizeof *v);
	plenum_solve_opts o = opts(PLENUM_METHOD_AUTO, 1e-10);
	o.max_iter = 1;
	plenum_solve_info info;
	int rc = plenum_labour_values(e, &o, v, NULL, &info, &d);
	free(v);
	char want[3][32];
	for (int c = 0; c < 3; c++)
		snprintf(want[c], sizeof want[c], "'%s'", ec_name(e->pkey, at[c]));
	plenum_economy_free(e);
	CHECK_EQ_INT(rc, PLENUM_ENOSURPLUS);
	CHECK(strstr(d.message, want[0]) && strstr(d.message, want[1]) &&
	      strstr(d.message, want[2]) && strstr(d.message, "products '"));
}
