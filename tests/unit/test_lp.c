/* lp: the LP interface, GLPK, Clp and PDLP backends, MPS writer and reader, on Netlib problems,
 * hand-made small LPs (infeasible, unbounded, every kind of bound) and random LPs. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <dlfcn.h>
#include <sys/stat.h>
#include "plan/lp.h"
#include "test.h"

/* The exact backends, each test of them run on both. */
typedef int (*exact_fn)(const lp_problem *, const lp_opts *, lp_result *, plenum_diag *);
static const exact_fn exact[] = {lp_solve_glpk, lp_solve_clp};
static const char *const exact_name[] = {"glpk", "clp"};
#define NEXACT 2

static const char *const netlib[] = {"afiro",  "sc50a",    "sc50b", "sc105",  "blend",
                                     "adlittle", "kb2",    "share2b", "scagr7", "israel"};
#define NNETLIB (sizeof netlib / sizeof netlib[0])

/* The reference optimum of name from optimal_objectives.csv, NAN when absent. */
static double netlib_optimum(const char *name)
{
	FILE *f = fopen(test_data("netlib/optimal_objectives.csv"), "r");
	char line[256], key[64];
	double v = NAN, x;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%63[^,],%*d,%*d,%lf", key, &x) == 2 && !strcmp(key, name))
			v = x;
	if (f)
		fclose(f);
	return v;
}

static int read_netlib(const char *name, lp_problem *p)
{
	char rel[64];
	plenum_diag d = {0};
	snprintf(rel, sizeof rel, "netlib/%s.mps", name);
	int rc = lp_read_mps(test_data(rel), p, &d);
	if (rc)
		fprintf(stderr, "%s\n", d.message);
	return rc;
}

/* A small LP from dense rows (zeros left out). */
static void dense(lp_problem *p, int m, int n, const double *a, const double *c,
                  const double *lo, const double *hi, const double *rlo, const double *rhi)
{
	int64_t *ri = ut_malloc(sizeof *ri * (size_t)(m * n));
	int32_t *cj = ut_malloc(sizeof *cj * (size_t)(m * n));
	double *v = ut_malloc(sizeof *v * (size_t)(m * n));
	int64_t nz = 0;
	for (int i = 0; i < m; i++)
		for (int j = 0; j < n; j++)
			if (a[i * n + j] != 0) {
				ri[nz] = i;
				cj[nz] = j;
				v[nz++] = a[i * n + j];
			}
	memset(p, 0, sizeof *p);
	p->m = m;
	p->n = n;
	if (lp_csr_from_triplets(m, nz, ri, cj, v, &p->Ap, &p->Aj, &p->Ax))
		abort();
	p->c = ut_malloc(sizeof(double) * (size_t)n);
	p->lo = ut_malloc(sizeof(double) * (size_t)n);
	p->hi = ut_malloc(sizeof(double) * (size_t)n);
	p->rlo = ut_malloc(sizeof(double) * (size_t)(m ? m : 1));
	p->rhi = ut_malloc(sizeof(double) * (size_t)(m ? m : 1));
	memcpy(p->c, c, sizeof(double) * (size_t)n);
	memcpy(p->lo, lo, sizeof(double) * (size_t)n);
	memcpy(p->hi, hi, sizeof(double) * (size_t)n);
	memcpy(p->rlo, rlo, sizeof(double) * (size_t)m);
	memcpy(p->rhi, rhi, sizeof(double) * (size_t)m);
	ut_free(ri);
	ut_free(cj);
	ut_free(v);
}

TEST(lp_status_names)
{
	CHECK_STR(lp_status_name(LP_OPTIMAL), "optimal");
	CHECK_STR(lp_status_name(LP_UNBOUNDED), "unbounded");
	CHECK_STR(lp_status_name((lp_status)99), "?");
	lp_opts o;
	lp_opts_init(&o);
	CHECK_NEAR(o.tolerance, 1e-6, 0);
	CHECK(o.backend == LP_AUTO);
}

TEST(lp_csr_triplets)
{
	int64_t ri[] = {2, 0, 2, 0, 2};
	int32_t cj[] = {1, 3, 0, 0, 1};
	double v[] = {1, 2, 3, 4, 5};
	int64_t *Ap;
	int32_t *Aj;
	double *Ax;
	CHECK_EQ_INT(lp_csr_from_triplets(3, 5, ri, cj, v, &Ap, &Aj, &Ax), PLENUM_OK);
	CHECK_EQ_INT(Ap[1], 2);
	CHECK_EQ_INT(Ap[2], 2);
	CHECK_EQ_INT(Ap[3], 4);
	CHECK(Aj[0] == 0 && Ax[0] == 4 && Aj[1] == 3 && Ax[1] == 2);
	CHECK(Aj[2] == 0 && Ax[2] == 3 && Aj[3] == 1 && Ax[3] == 6); /* 1 + 5 summed */
	ut_free(Ap);
	ut_free(Aj);
	ut_free(Ax);
	/* long rows (merge-sorted: an MPS row of 50 000 entries in falling column order took
	 * minutes by insertion): entries of row 1 in shuffled order with duplicates, of row 3
	 * falling, against sums kept by column; whole integers, so that the sums are exact */
	enum { N = 5000, COLS = 700 };
	int64_t *r2 = malloc(2 * N * sizeof *r2);
	int32_t *c2 = malloc(2 * N * sizeof *c2);
	double *v2 = malloc(2 * N * sizeof *v2), want[2][COLS] = {{0}};
	CHECK(r2 && c2 && v2);
	uint64_t seed = 7;
	for (int k = 0; k < N; k++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		r2[k] = 1, c2[k] = (int32_t)((seed >> 33) % COLS), v2[k] = (double)(k % 13 + 1);
		want[0][c2[k]] += v2[k];
		r2[N + k] = 3, c2[N + k] = (int32_t)(COLS - 1 - k % COLS), v2[N + k] = 1;
		want[1][c2[N + k]] += 1;
	}
	CHECK_EQ_INT(lp_csr_from_triplets(4, 2 * N, r2, c2, v2, &Ap, &Aj, &Ax), PLENUM_OK);
	CHECK(Ap[1] == 0 && Ap[2] - Ap[1] <= COLS && Ap[3] == Ap[2] && Ap[4] - Ap[3] == COLS);
	for (int row = 0; row < 2; row++) {
		int64_t lo = Ap[row ? 3 : 1], hi = Ap[row ? 4 : 2];
		double seen = 0, total = 0;
		for (int64_t q = lo; q < hi; q++) {
			CHECK(q == lo || Aj[q] > Aj[q - 1]);
			CHECK(Ax[q] == want[row][Aj[q]]);
			seen += Ax[q];
		}
		for (int j = 0; j < COLS; j++)
			total += want[row][j];
		CHECK(seen == total);
	}
	ut_free(Ap);
	ut_free(Aj);
	ut_free(Ax);
	free(r2);
	free(c2);
	free(v2);
}

TEST(lp_check_rejects)
{
	double a[] = {1, 1}, c[] = {1, 1}, lo[] = {0, 0}, hi[] = {1, INFINITY};
	double rlo[] = {1}, rhi[] = {2};
	lp_problem p;
	plenum_diag d = {0};
	dense(&p, 1, 2, a, c, lo, hi, rlo, rhi);
	CHECK_EQ_INT(lp_problem_check(&p, &d), PLENUM_OK);
	p.lo[1] = 3;
	p.hi[1] = 2;
	CHECK_EQ_INT(lp_problem_check(&p, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "column 1") != NULL);
	p.hi[1] = INFINITY;
	p.Aj[1] = 0; /* not increasing */
	CHECK_EQ_INT(lp_problem_check(&p, &d), PLENUM_EINVAL);
	p.Aj[1] = 1;
	p.rhi[0] = -INFINITY;
	CHECK_EQ_INT(lp_problem_check(&p, &d), PLENUM_EINVAL);
	p.rhi[0] = 2;
	p.cu = ut_malloc(2 * sizeof *p.cu);
	p.cu[0] = 1;
	p.cu[1] = 0; /* units must be positive */
	CHECK_EQ_INT(lp_problem_check(&p, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "column 1: unit 0") != NULL);
	lp_problem_free(&p);
}

/* The balanced plan of three products with an hours row (hours of 1e-9 a unit: entries
 * spanning 1e9), and the same plan with products counted in units a million times
 * smaller (dollars instead of millions: 1e-15 hours a unit, targets 1e6 times larger)
 * told its units (ru, cu): PDLP solves the one problem in both. */
static void balanced3(double unit, lp_problem *p)
{
	const double a[] = {0.9, -0.3, -0.1, -3 * unit,
	                    -0.2, 0.7, -0.3, -1 * unit,
	                    -0.1, -0.2, 0.8, -2 * unit,
	                    2e-9 / unit, 5e-9 / unit, 1e-9 / unit, 0};
	const double c[] = {0, 0, 0, -1}, lo[] = {0, 0, 0, 0};
	const double hi[] = {INFINITY, INFINITY, INFINITY, INFINITY};
	const double rlo[] = {0, 0, 0, -INFINITY}, rhi[] = {INFINITY, INFINITY, INFINITY, 1e-8};
	dense(p, 4, 4, a, c, lo, hi, rlo, rhi);
	if (unit == 1)
		return;
	p->ru = ut_malloc(4 * sizeof *p->ru);
	p->cu = ut_malloc(4 * sizeof *p->cu);
	for (int k = 0; k < 4; k++) {
		p->ru[k] = k < 3 ? 1 / unit : 1;
		p->cu[k] = k < 3 ? unit : 1;
	}
}

TEST(lp_pdlp_units)
{
	lp_problem p, q;
	lp_result r, s;
	plenum_diag d = {0};
	balanced3(1, &p);
	balanced3(1e6, &q); /* without its units: the iteration limit at level 0 */
	CHECK_EQ_INT(lp_solve_pdlp(&p, NULL, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(lp_solve_pdlp(&q, NULL, &s, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_OPTIMAL);
	CHECK_EQ_INT(s.status, LP_OPTIMAL);
	CHECK(r.iterations == s.iterations);
	CHECK(fabs(s.objective - r.objective) <= 1e-9);
	for (int j = 0; j < 3; j++)
		CHECK(fabs(s.x[j] - 1e6 * r.x[j]) <= 1e-9 * (1 + 1e6 * fabs(r.x[j])));
	lp_result_free(&r);
	lp_result_free(&s);
	lp_problem_free(&p);
	lp_problem_free(&q);
}

TEST(lp_exact_netlib)
{
	for (size_t k = 0; k < NNETLIB * NEXACT; k++) {
		lp_problem p;
		lp_result r;
		plenum_diag d = {0};
		CHECK_EQ_INT(read_netlib(netlib[k / NEXACT], &p), PLENUM_OK);
		CHECK_EQ_INT(exact[k % NEXACT](&p, NULL, &r, &d), PLENUM_OK);
		CHECK_STR(r.backend, exact_name[k % NEXACT]);
		CHECK_EQ_INT(r.status, LP_OPTIMAL);
		double want = netlib_optimum(netlib[k / NEXACT]);
		CHECK(!isnan(want));
		CHECK_NEAR(r.objective, want, 1e-6);
		CHECK_NEAR(lp_objective(&p, r.x), want, 1e-6);
		CHECK(r.primal_residual < 1e-9 && r.dual_residual < 1e-9 && r.gap < 1e-9);
		lp_result_free(&r);
		lp_problem_free(&p);
	}
}

/* min -x - 2y + 3 s.t. x + y in [1, 4] (ranged), x - y = -1 (equality), x free, y <= 2:
 * optimum x = 1.5, y = 2.5? y is capped at 2: x = 1, y = 2, objective -5 + 3 = -2. */
static void ranged_lp(lp_problem *p)
{
	double a[] = {1, 1, 1, -1}, c[] = {-1, -2}, lo[] = {-INFINITY, -INFINITY};
	double hi[] = {INFINITY, 2}, rlo[] = {1, -1}, rhi[] = {4, -1};
	dense(p, 2, 2, a, c, lo, hi, rlo, rhi);
	p->c0 = 3;
}

TEST(lp_exact_small)
{
	for (int k = 0; k < NEXACT; k++) {
		lp_problem p;
		lp_result r;
		plenum_diag d = {0};
		ranged_lp(&p);
		CHECK_EQ_INT(exact[k](&p, NULL, &r, &d), PLENUM_OK);
		CHECK_EQ_INT(r.status, LP_OPTIMAL);
		CHECK_NEAR(r.objective, -2, 1e-9);
		CHECK_NEAR(r.x[0], 1, 1e-9);
		CHECK_NEAR(r.x[1], 2, 1e-9);
		/* The ranged row is slack: dual 0; the equality's dual is d obj / d rhs. Raising
		 * the rhs of x - y = -1 by t gives x = 1 + t: objective -2 - t. */
		CHECK_NEAR(r.y[0], 0, 1e-9);
		CHECK_NEAR(r.y[1], -1, 1e-9);
		CHECK_NEAR(r.z[1], -2 - (-1) * (-1), 1e-9); /* c - A'y = -2 - (-1)(-1) = -3 */
		/* the basis: row 0 basic (slack), row 1 at its (fixed) bound, x basic, y at 2 */
		CHECK(r.basis && r.basis[0] == 1 && r.basis[1] == 5 && r.basis[2] == 1);
		CHECK_EQ_INT(r.basis[3], 3);
		lp_result_free(&r);
		lp_problem_free(&p);
	}
}

/* Numbers GLPK cannot scale (it aborted the process on 1e-300) are refused in one line
 * that says which coefficient, cost or bound it is; names are "?" when the LP has none. */
TEST(lp_glpk_refuses_numbers_far_from_one)
{
	lp_problem p;
	lp_result r;
	plenum_diag d = {0};
	ranged_lp(&p);
	p.Ax[1] = 1e-300;
	CHECK_EQ_INT(lp_solve_glpk(&p, NULL, &r, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "coefficient 1e-300 of row ?, column ? is too far from 1 for GLPK"));
	p.Ax[1] = 1;
	p.c[0] = 1e200;
	CHECK_EQ_INT(lp_solve_glpk(&p, NULL, &r, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "cost or bound of column ? is too far from 1 for GLPK"));
	p.c[0] = -1;
	p.rlo[0] = 1e-200;
	CHECK_EQ_INT(lp_solve_glpk(&p, NULL, &r, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "bound of row ? is too far from 1 for GLPK (1e-150 .. 1e+150)"));
	CHECK(!strchr(d.message, '\n'));
	p.rlo[0] = 1;
	CHECK_EQ_INT(lp_solve_glpk(&p, NULL, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_OPTIMAL);
	lp_result_free(&r);
	lp_problem_free(&p);
}

/* x + y >= 3 with x, y in [0, 1]: infeasible. */
static void infeasible_lp(lp_problem *p)
{
	double a[] = {1, 1}, c[] = {1, 1}, lo[] = {0, 0}, hi[] = {1, 1};
	double rlo[] = {3}, rhi[] = {INFINITY};
	dense(p, 1, 2, a, c, lo, hi, rlo, rhi);
}

/* min -x - y s.t. x - y <= 1, x, y >= 0: unbounded along (1, 1). */
static void unbounded_lp(lp_problem *p)
{
	double a[] = {1, -1}, c[] = {-1, -1}, lo[] = {0, 0}, hi[] = {INFINITY, INFINITY};
	double rlo[] = {-INFINITY}, rhi[] = {1};
	dense(p, 1, 2, a, c, lo, hi, rlo, rhi);
}

TEST(lp_exact_infeasible_unbounded)
{
	for (int k = 0; k < NEXACT; k++) {
		lp_problem p;
		lp_result r;
		plenum_diag d = {0};
		infeasible_lp(&p);
		CHECK_EQ_INT(exact[k](&p, NULL, &r, &d), PLENUM_OK);
		CHECK_EQ_INT(r.status, LP_INFEASIBLE);
		CHECK(r.basis == NULL);
		lp_result_free(&r);
		lp_problem_free(&p);
		unbounded_lp(&p);
		CHECK_EQ_INT(exact[k](&p, NULL, &r, &d), PLENUM_OK);
		CHECK_EQ_INT(r.status, LP_UNBOUNDED);
		lp_result_free(&r);
		lp_problem_free(&p);
	}
}

/* a == b, or within one part in 1e15 (a ranged row's upper bound is read back as
 * rlo + (rhi - rlo)). */
static int same(double a, double b)
{
	return a == b || fabs(a - b) <= 1e-15 * fmax(1, fabs(a));
}

/* Problems p and q are equal: sizes, entries, bounds, costs. */
static int same_problem(const lp_problem *p, const lp_problem *q)
{
	if (p->m != q->m || p->n != q->n || p->c0 != q->c0)
		return 0;
	for (int64_t i = 0; i <= p->m; i++)
		if (p->Ap[i] != q->Ap[i])
			return 0;
	for (int64_t k = 0; k < p->Ap[p->m]; k++)
		if (p->Aj[k] != q->Aj[k] || p->Ax[k] != q->Ax[k])
			return 0;
	for (int64_t i = 0; i < p->m; i++)
		if (!same(p->rlo[i], q->rlo[i]) || !same(p->rhi[i], q->rhi[i]))
			return 0;
	for (int64_t j = 0; j < p->n; j++)
		if (p->c[j] != q->c[j] || p->lo[j] != q->lo[j] || p->hi[j] != q->hi[j])
			return 0;
	return 1;
}

static double uniform(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(*s >> 11) / 9007199254740992.0;
}

/* A random problem with every kind of row and column bound, odd values and names. */
static void odd_problem(lp_problem *p, uint64_t seed)
{
	enum { M = 12, N = 9 };
	double a[M * N], c[N], lo[N], hi[N], rlo[M], rhi[M];
	for (int k = 0; k < M * N; k++)
		a[k] = uniform(&seed) < 0.3 ? (uniform(&seed) - 0.5) * 1e3 / 7 : 0;
	for (int j = 0; j < N; j++) {
		c[j] = (uniform(&seed) - 0.5) / 3;
		double b = uniform(&seed) * 10 - 3;
		int kind = j % 5; /* free, lower, upper, boxed, fixed */
		lo[j] = kind == 0 || kind == 2 ? -INFINITY : b;
		hi[j] = kind == 0 || kind == 1 ? INFINITY : kind == 4 ? b : b + 1.0 / 3;
	}
	for (int i = 0; i < M; i++) {
		double b = uniform(&seed) * 10 - 3;
		int kind = i % 5; /* free, >=, <=, ranged, equality */
		rlo[i] = kind == 0 || kind == 2 ? -INFINITY : b;
		rhi[i] = kind == 0 || kind == 1 ? INFINITY : kind == 4 ? b : b + 2.0 / 3;
	}
	dense(p, M, N, a, c, lo, hi, rlo, rhi);
	p->c0 = 0.1;
	p->row_name = ut_calloc(M, sizeof(char *));
	p->col_name = ut_calloc(N, sizeof(char *));
	p->row_name[0] = ut_strdup("a row with spaces");
	p->row_name[1] = ut_strdup("obj");
	p->row_name[2] = ut_strdup("a_row_with_spaces");
	p->col_name[0] = ut_strdup("gandum \xda\xaf\xd9\x86\xd8\xaf\xd9\x85");
	p->col_name[1] = ut_strdup("C3"); /* the fallback name of column 3 */
}

TEST(lp_mps_roundtrip)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/odd.mps", test_tmpdir());
	for (uint64_t seed = 1; seed <= 5; seed++) {
		lp_problem p, q;
		plenum_diag d = {0};
		odd_problem(&p, seed);
		CHECK_EQ_INT(lp_write_mps(&p, path, &d), PLENUM_OK);
		CHECK_EQ_INT(lp_read_mps(path, &q, &d), PLENUM_OK);
		CHECK(same_problem(&p, &q));
		CHECK_STR(q.row_name[0], "a_row_with_spaces");
		CHECK(strcmp(q.row_name[2], "a_row_with_spaces") != 0); /* made unique */
		CHECK(strcmp(q.row_name[1], "obj") != 0);
		CHECK(strcmp(q.col_name[1], q.col_name[3]) != 0);
		lp_problem_free(&p);
		lp_problem_free(&q);
	}
	for (size_t k = 0; k < NNETLIB; k++) { /* Netlib: read, write, read gives the same */
		lp_problem p, q;
		plenum_diag d = {0};
		CHECK_EQ_INT(read_netlib(netlib[k], &p), PLENUM_OK);
		CHECK_EQ_INT(lp_write_mps(&p, path, &d), PLENUM_OK);
		CHECK_EQ_INT(lp_read_mps(path, &q, &d), PLENUM_OK);
		CHECK(same_problem(&p, &q));
		CHECK_STR(q.col_name[0], p.col_name[0]);
		lp_problem_free(&p);
		lp_problem_free(&q);
	}
}

TEST(lp_mps_errors)
{
	char path[4200];
	lp_problem p;
	plenum_diag d = {0};
	snprintf(path, sizeof path, "%s/bad.mps", test_tmpdir());
	CHECK(test_put(NULL, path, "NAME x\nROWS\n N obj\n L r1\nCOLUMNS\n x r2 1\nENDATA\n") == 0);
	CHECK_EQ_INT(lp_read_mps(path, &p, &d), PLENUM_EFORMAT);
	CHECK(strstr(d.message, "bad.mps:6: unknown row") != NULL);
	CHECK(test_put(NULL, path, "NAME x\nROWS\n N obj\n L r1\nCOLUMNS\n x r1 1e\nENDATA\n") == 0);
	CHECK_EQ_INT(lp_read_mps(path, &p, &d), PLENUM_EFORMAT);
	CHECK(strstr(d.message, ":6: expected a number") != NULL);
	CHECK(test_put(NULL, path, "NAME x\nROWS\n N obj\n G r1\nCOLUMNS\n x r1 1\n") == 0);
	CHECK_EQ_INT(lp_read_mps(path, &p, &d), PLENUM_EFORMAT);
	CHECK(strstr(d.message, "missing ENDATA") != NULL);
	CHECK(test_put(NULL, path, "NAME x\nOBJSENSE\n    MAX\nROWS\n N obj\n L r1\nCOLUMNS\n"
	                       " x obj 2 r1 1\nRHS\n RHS r1 4 obj 1\nENDATA\n") == 0);
	CHECK_EQ_INT(lp_read_mps(path, &p, &d), PLENUM_OK);
	CHECK_NEAR(p.c[0], -2, 0); /* max 2x - 1 became min -2x + 1 */
	CHECK_NEAR(p.c0, 1, 0);
	CHECK_NEAR(p.rhi[0], 4, 0);
	lp_problem_free(&p);
	CHECK_EQ_INT(lp_read_mps("/nonexistent/x.mps", &p, &d), PLENUM_EIO);
	snprintf(path, sizeof path, "%s/no/such/dir.mps", test_tmpdir());
	odd_problem(&p, 1);
	CHECK_EQ_INT(lp_write_mps(&p, path, &d), PLENUM_EIO);
	lp_problem_free(&p);
}

/* PDLP meets the Netlib optima within 1e-5 relative at tolerance 1e-6 (all ten). */
TEST(lp_pdlp_netlib)
{
	for (size_t k = 0; k < NNETLIB; k++) {
		lp_problem p;
		lp_result r;
		plenum_diag d = {0};
		lp_opts o;
		lp_opts_init(&o);
		o.max_iter = 200000;
		CHECK_EQ_INT(read_netlib(netlib[k], &p), PLENUM_OK);
		CHECK_EQ_INT(lp_solve_pdlp(&p, &o, &r, &d), PLENUM_OK);
		CHECK_EQ_INT(r.status, LP_OPTIMAL);
		CHECK_NEAR(r.objective, netlib_optimum(netlib[k]), 1e-5);
		CHECK(r.primal_residual <= 1e-6 && r.dual_residual <= 1e-6 && r.gap <= 1e-6);
		lp_result_free(&r);
		lp_problem_free(&p);
	}
}

TEST(lp_pdlp_small)
{
	lp_problem p;
	lp_result r;
	plenum_diag d = {0};
	ranged_lp(&p);
	CHECK_EQ_INT(lp_solve_pdlp(&p, NULL, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_OPTIMAL);
	CHECK_NEAR(r.objective, -2, 1e-5);
	CHECK_NEAR(r.x[0], 1, 1e-4);
	CHECK_NEAR(r.x[1], 2, 1e-4);
	CHECK_NEAR(r.y[0], 0, 1e-4);
	CHECK_NEAR(r.y[1], -1, 1e-4);
	CHECK_NEAR(r.z[1], -3, 1e-4);
	CHECK(!strcmp(r.backend, "pdlp"));
	lp_result_free(&r);
	lp_problem_free(&p);
}

TEST(lp_pdlp_infeasible_unbounded)
{
	lp_problem p;
	lp_result r;
	plenum_diag d = {0};
	infeasible_lp(&p);
	CHECK_EQ_INT(lp_solve_pdlp(&p, NULL, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_INFEASIBLE);
	CHECK(r.y[0] > 0); /* the certificate: a positive multiple of the violated row */
	lp_result_free(&r);
	lp_problem_free(&p);
	unbounded_lp(&p);
	CHECK_EQ_INT(lp_solve_pdlp(&p, NULL, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_UNBOUNDED);
	CHECK(lp_objective(&p, r.x) < 0 && r.x[0] >= 0 && r.x[1] > 0); /* a ray */
	lp_result_free(&r);
	lp_problem_free(&p);
}

/* max H(f1) + H(f2) (harmony columns) s.t. f1 + 2 f2 <= 3, and a free third column fixed
 * at 0 by its bounds. KKT: H'(f1) = lambda, H'(f2) = 2 lambda; with f1 >= 1 > f2,
 * 1 / f1 = lambda and 2 - f2 = 2 / f1, so f1^2 + f1 - 4 = 0: both of H's pieces. */
static void harmony_lp(lp_problem *p)
{
	const double a[] = {1, 2, 1}, c[] = {0, 0, 0}, lo[] = {0, 0, 0};
	const double hi[] = {INFINITY, INFINITY, 0}, rlo[] = {-INFINITY}, rhi[] = {3};
	dense(p, 1, 3, a, c, lo, hi, rlo, rhi);
	p->h0 = 0;
	p->nh = 2;
}

TEST(lp_pdlp_harmony_columns)
{
	lp_problem p;
	lp_result r;
	plenum_diag d = {0};
	harmony_lp(&p);
	lp_opts o;
	lp_opts_init(&o);
	o.tolerance = 1e-9;
	CHECK_EQ_INT(lp_solve(&p, &o, &r, &d), PLENUM_OK); /* auto: PDLP */
	double f1 = (sqrt(17.0) - 1) / 2, f2 = 2 - 2 / f1;
	double best = -(log(f1) + (f2 - 1) - (f2 - 1) * (f2 - 1) / 2);
	CHECK(!strcmp(r.backend, "pdlp") && r.status == LP_OPTIMAL);
	CHECK_NEAR(r.x[0], f1, 1e-6);
	CHECK_NEAR(r.x[1], f2, 1e-6);
	CHECK_NEAR(r.objective, best, 1e-8);
	CHECK_NEAR(r.dual_objective, best, 1e-8); /* the certificate */
	CHECK_NEAR(r.y[0], -1 / f1, 1e-6);        /* d objective / d rhs */
	lp_result_free(&r);
	/* GLPK and MPS take LPs only; a harmony column needs bounds [0, inf) and no cost */
	CHECK_EQ_INT(lp_solve_glpk(&p, NULL, &r, &d), PLENUM_EUNSUPPORTED);
	CHECK(strstr(d.message, "harmony") != NULL);
	CHECK_EQ_INT(lp_solve_clp(&p, NULL, &r, &d), PLENUM_EUNSUPPORTED);
	CHECK(strstr(d.message, "Clp solves LPs only, not harmony columns") != NULL);
	char path[4200];
	snprintf(path, sizeof path, "%s/harmony.mps", test_tmpdir());
	CHECK_EQ_INT(lp_write_mps(&p, path, &d), PLENUM_EUNSUPPORTED);
	p.lo[1] = 1;
	CHECK_EQ_INT(lp_problem_check(&p, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "column 1: a harmony column") != NULL);
	p.lo[1] = 0;
	p.nh = 4;
	CHECK_EQ_INT(lp_problem_check(&p, &d), PLENUM_EINVAL);
	lp_problem_free(&p);
}

/* Random LP shapes: rows x columns, share of equality rows, share of boxed columns,
 * whether rows come in dependent pairs, and whether the dual is degenerate. */
typedef struct shape {
	int m, n;
	double eq, boxed;
	int dependent, degenerate;
} shape;

static double signed_unit(uint64_t *s)
{
	return 2 * uniform(s) - 1;
}

/* Column bounds and a point xh within them (at a bound half of the time). */
static void random_columns(const shape *sh, uint64_t *s, double *lo, double *hi, double *xh)
{
	for (int j = 0; j < sh->n; j++) {
		double u = uniform(s);
		lo[j] = u < 0.1 ? -INFINITY : -uniform(s) * 2;
		double top = isfinite(lo[j]) ? lo[j] + 0.5 + 3 * uniform(s) : 1 + 2 * uniform(s);
		hi[j] = uniform(s) < sh->boxed ? top : INFINITY;
		if (!isfinite(lo[j]) && !isfinite(hi[j]))
			xh[j] = signed_unit(s);
		else if (!isfinite(lo[j]))
			xh[j] = hi[j] - uniform(s);
		else
			xh[j] = uniform(s) < 0.5 ? lo[j] : lo[j] + uniform(s);
		xh[j] = fmin(xh[j], hi[j]);
	}
}

/* Row bounds around ax = A xh: equality, >=, <= or ranged, active half of the time. */
static void random_rows(const shape *sh, uint64_t *s, const double *ax, double *rlo,
                        double *rhi)
{
	for (int i = 0; i < sh->m; i++) {
		double u = uniform(s), slack = uniform(s) < 0.5 ? 0 : uniform(s);
		rlo[i] = -INFINITY;
		rhi[i] = INFINITY;
		if (u < sh->eq) {
			rlo[i] = rhi[i] = ax[i];
		} else if (u < sh->eq + (1 - sh->eq) / 3) {
			rlo[i] = ax[i] - slack;
		} else if (u < sh->eq + 2 * (1 - sh->eq) / 3) {
			rhi[i] = ax[i] + slack;
		} else {
			rlo[i] = ax[i] - slack;
			rhi[i] = ax[i] + uniform(s);
		}
	}
}

/* c = A'yh + lambda with yh, lambda of the signs the bounds allow: the dual is feasible,
 * so with xh feasible the LP has an optimum. Degenerate: most multipliers are zero. */
static void random_costs(const shape *sh, uint64_t *s, const lp_problem *p, double *c)
{
	double keep = sh->degenerate ? 0.2 : 0.8;
	for (int j = 0; j < sh->n; j++) {
		double lam = uniform(s) < keep ? signed_unit(s) : 0;
		if ((lam > 0 && !isfinite(p->lo[j])) || (lam < 0 && !isfinite(p->hi[j])))
			lam = -lam;
		if ((lam > 0 && !isfinite(p->lo[j])) || (lam < 0 && !isfinite(p->hi[j])))
			lam = 0;
		c[j] = lam;
	}
	for (int i = 0; i < sh->m; i++) {
		double y = uniform(s) < keep ? signed_unit(s) : 0;
		if ((y > 0 && !isfinite(p->rlo[i])) || (y < 0 && !isfinite(p->rhi[i])))
			y = -y;
		if ((y > 0 && !isfinite(p->rlo[i])) || (y < 0 && !isfinite(p->rhi[i])))
			y = 0;
		for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++)
			c[p->Aj[k]] += y * p->Ax[k];
	}
}

static void random_lp(const shape *sh, uint64_t seed, lp_problem *p)
{
	int m = sh->m, n = sh->n;
	double *a = ut_calloc((size_t)(m * n), sizeof *a), *xh = ut_malloc(sizeof *xh * (size_t)n);
	double *c = ut_calloc((size_t)n, sizeof *c), *lo = ut_malloc(sizeof *lo * (size_t)n);
	double *hi = ut_malloc(sizeof *hi * (size_t)n), *ax = ut_calloc((size_t)m, sizeof *ax);
	double *rlo = ut_malloc(sizeof *rlo * (size_t)m), *rhi = ut_malloc(sizeof *rhi * (size_t)m);
	uint64_t s = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (int i = 0; i < m; i++) {
		const double *twin = sh->dependent && i % 2 ? a + (i - 1) * n : NULL;
		for (int j = 0; j < n; j++)
			a[i * n + j] = twin ? 2 * twin[j]
			               : uniform(&s) < 0.15 ? signed_unit(&s) * (1 + 9 * uniform(&s)) : 0;
	}
	random_columns(sh, &s, lo, hi, xh);
	for (int i = 0; i < m; i++)
		for (int j = 0; j < n; j++)
			ax[i] += a[i * n + j] * xh[j];
	random_rows(sh, &s, ax, rlo, rhi);
	dense(p, m, n, a, c, lo, hi, rlo, rhi);
	random_costs(sh, &s, p, p->c);
	ut_free(a), ut_free(xh), ut_free(c), ut_free(lo), ut_free(hi), ut_free(ax);
	ut_free(rlo), ut_free(rhi);
}

/* On random LPs of several shapes PDLP's objective matches GLPK's within the requested
 * tolerance (relative to 1 + |objective|), at 1e-4, 1e-6 and 1e-8. */
TEST(lp_pdlp_random)
{
	static const shape shapes[] = {
		{40, 40, 0.3, 0.3, 0, 0},  /* square, mixed rows */
		{90, 30, 0.1, 0.5, 0, 0},  /* tall */
		{25, 100, 0.5, 0.2, 0, 0}, /* wide, many equalities */
		{40, 60, 0.6, 0.8, 1, 0},  /* dependent equality rows, boxed */
		{50, 50, 0.2, 0.5, 0, 1},  /* dual degenerate */
	};
	static const double tols[] = {1e-4, 1e-6, 1e-8};
	double worst = 0;
	for (size_t t = 0; t < sizeof shapes / sizeof shapes[0]; t++)
		for (uint64_t seed = 1; seed <= 8; seed++) {
			lp_problem p;
			lp_result g, r;
			plenum_diag d = {0};
			lp_opts o;
			lp_opts_init(&o);
			o.tolerance = tols[seed % 3];
			random_lp(&shapes[t], seed + 100 * t, &p);
			CHECK_EQ_INT(lp_solve_glpk(&p, NULL, &g, &d), PLENUM_OK);
			CHECK_EQ_INT(g.status, LP_OPTIMAL);
			CHECK_EQ_INT(lp_solve_pdlp(&p, &o, &r, &d), PLENUM_OK);
			CHECK_EQ_INT(r.status, LP_OPTIMAL);
			double err = fabs(r.objective - g.objective) / (1 + fabs(g.objective));
			worst = fmax(worst, err / o.tolerance);
			if (err > o.tolerance)
				fprintf(stderr, "shape %zu seed %llu tol %g: pdlp %.12g glpk %.12g (%d it)\n",
				        t, (unsigned long long)seed, o.tolerance, r.objective, g.objective,
				        (int)r.iterations);
			CHECK(err <= o.tolerance);
			lp_result_free(&g);
			lp_result_free(&r);
			lp_problem_free(&p);
		}
	fprintf(stderr, "worst objective error / tolerance: %.3g\n", worst);
}

/* One thread or two: the same iterates bit for bit (reductions sum fixed blocks in order). */
TEST(lp_pdlp_deterministic)
{
	static const shape sh = {60, 9000, 0.3, 0.3, 0, 0}; /* columns span three blocks */
	lp_problem p;
	lp_result a, b;
	plenum_diag d = {0};
	lp_opts o;
	lp_opts_init(&o);
	o.max_iter = 192;
	random_lp(&sh, 7, &p);
	o.threads = 1;
	CHECK_EQ_INT(lp_solve_pdlp(&p, &o, &a, &d), PLENUM_OK);
	o.threads = 2;
	CHECK_EQ_INT(lp_solve_pdlp(&p, &o, &b, &d), PLENUM_OK);
	CHECK_EQ_INT(a.iterations, b.iterations);
	CHECK(memcmp(a.x, b.x, sizeof *a.x * (size_t)p.n) == 0);
	CHECK(memcmp(a.y, b.y, sizeof *a.y * (size_t)p.m) == 0);
	lp_result_free(&a);
	lp_result_free(&b);
	lp_problem_free(&p);
}

/* A warm start from the solution takes fewer iterations; lp_solve picks the backend. */
TEST(lp_pdlp_warm_start_and_dispatch)
{
	static const shape sh = {60, 80, 0.3, 0.3, 0, 0};
	lp_problem p;
	lp_result cold, warm, g;
	plenum_diag d = {0};
	lp_opts o;
	lp_opts_init(&o);
	random_lp(&sh, 11, &p);
	o.backend = LP_PDLP;
	CHECK_EQ_INT(lp_solve(&p, &o, &cold, &d), PLENUM_OK);
	CHECK_STR(cold.backend, "pdlp");
	o.x0 = cold.x;
	o.y0 = cold.y;
	CHECK_EQ_INT(lp_solve(&p, &o, &warm, &d), PLENUM_OK);
	CHECK_EQ_INT(warm.status, LP_OPTIMAL);
	CHECK(warm.iterations < cold.iterations);
	CHECK_EQ_INT(lp_solve(&p, NULL, &g, &d), PLENUM_OK); /* small: LP_AUTO takes Clp */
	CHECK_EQ_INT(lp_exact_backend(), LP_CLP); /* the suite runs where the build has Clp */
	CHECK_STR(g.backend, "clp");
	CHECK_NEAR(warm.objective, g.objective, 1e-6);
	lp_result_free(&cold);
	lp_result_free(&warm);
	lp_result_free(&g);
	lp_problem_free(&p);
}

/* Empty rows and columns, no rows at all, an empty row that cannot hold. */
TEST(lp_pdlp_edge_cases)
{
	double a[] = {0, 1, 0, 0}, c[] = {1, -1}, lo[] = {0, -INFINITY}, hi[] = {INFINITY, 3};
	double rlo[] = {-INFINITY, -1}, rhi[] = {2, 1};
	lp_problem p;
	lp_result r;
	plenum_diag d = {0};
	dense(&p, 2, 2, a, c, lo, hi, rlo, rhi); /* row 1 and column 0 are empty */
	CHECK_EQ_INT(lp_solve_pdlp(&p, NULL, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_OPTIMAL);
	CHECK_NEAR(r.objective, -2, 1e-6);
	lp_result_free(&r);
	p.rlo[1] = 0.5; /* 0 = empty row in [0.5, 1]: infeasible */
	CHECK_EQ_INT(lp_solve_pdlp(&p, NULL, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_INFEASIBLE);
	lp_result_free(&r);
	p.m = 0; /* no rows: x1 goes to its upper bound 3 */
	CHECK_EQ_INT(lp_solve_pdlp(&p, NULL, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_OPTIMAL);
	CHECK_NEAR(r.objective, -3, 1e-6);
	lp_result_free(&r);
	p.m = 2;
	lp_problem_free(&p);
}

/* A small LP with a known feasible point and a random cost (so optimal or unbounded): ~10
 * rows and columns, one-sided, ranged and equality rows, boxed, one-sided and free
 * columns. One-sided rows are where a dual ray from iterate differences can take a sign its
 * row does not allow. */
static void small_lp(uint64_t seed, lp_problem *p)
{
	uint64_t s = seed * 0x9e3779b97f4a7c15ULL + 7;
	int m = 2 + (int)(uniform(&s) * 9), n = 2 + (int)(uniform(&s) * 9);
	double a[121] = {0}, c[11], lo[11], hi[11], xf[11], rlo[11], rhi[11];
	for (int j = 0; j < n; j++) {
		int kind = (int)(uniform(&s) * 4);
		lo[j] = kind == 3 ? -INFINITY : uniform(&s);
		hi[j] = kind >= 2 ? INFINITY : lo[j] + 1 + 3 * uniform(&s);
		if (kind == 3 && uniform(&s) < 0.5)
			hi[j] = 5 * uniform(&s);
		xf[j] = isfinite(lo[j]) ? lo[j] + (isfinite(hi[j]) ? hi[j] - lo[j] : 2) * uniform(&s)
		        : isfinite(hi[j]) ? hi[j] - 1 : uniform(&s);
		c[j] = 2 * uniform(&s) - (kind == 0 ? 1 : 0.2);
	}
	for (int i = 0; i < m; i++) {
		double ax = 0;
		for (int j = 0; j < n; j++)
			if (uniform(&s) < 0.5) {
				a[i * n + j] = 4 * uniform(&s) - 1;
				ax += a[i * n + j] * xf[j];
			}
		int kind = (int)(uniform(&s) * 4);
		rlo[i] = kind == 0 || kind == 2 ? ax - uniform(&s) : kind == 3 ? ax : -INFINITY;
		rhi[i] = kind == 1 || kind == 2 ? ax + uniform(&s) : kind == 3 ? ax : INFINITY;
	}
	dense(p, m, n, a, c, lo, hi, rlo, rhi);
}

/* PDLP never calls a feasible LP infeasible: where GLPK finds an optimum PDLP finds the
 * same one, and where GLPK finds the LP unbounded PDLP does not claim an optimum or an
 * infeasibility (it may run to its limit: unboundedness is not always detected). Before
 * the dual ray was projected onto the rows' dual cone, 11 of these 300 came back
 * infeasible. */
TEST(lp_pdlp_no_false_infeasible)
{
	int optimal = 0, unbounded = 0, missed = 0;
	for (uint64_t seed = 0; seed < 300; seed++) {
		lp_problem p;
		lp_result g, r;
		plenum_diag d = {0};
		lp_opts o;
		lp_opts_init(&o);
		o.max_iter = 20000;
		small_lp(seed, &p);
		CHECK_EQ_INT(lp_solve_glpk(&p, &o, &g, &d), PLENUM_OK);
		CHECK_EQ_INT(lp_solve_pdlp(&p, &o, &r, &d), PLENUM_OK);
		if (r.status == LP_INFEASIBLE || (g.status == LP_OPTIMAL) != (r.status == LP_OPTIMAL))
			fprintf(stderr, "seed %llu: glpk %s, pdlp %s\n", (unsigned long long)seed,
			        lp_status_name(g.status), lp_status_name(r.status));
		CHECK(g.status == LP_OPTIMAL || g.status == LP_UNBOUNDED);
		CHECK(r.status != LP_INFEASIBLE);
		CHECK_EQ_INT(r.status == LP_OPTIMAL, g.status == LP_OPTIMAL);
		if (g.status == LP_OPTIMAL)
			CHECK(fabs(r.objective - g.objective) <= 1e-6 * (1 + fabs(g.objective)));
		optimal += g.status == LP_OPTIMAL;
		unbounded += g.status == LP_UNBOUNDED;
		missed += g.status == LP_UNBOUNDED && r.status != LP_UNBOUNDED;
		lp_result_free(&g);
		lp_result_free(&r);
		lp_problem_free(&p);
	}
	CHECK(optimal > 100 && unbounded > 20); /* both kinds are tried */
	/* rays are tried among the current and average plans too: 50 of 51 found (47 when
	 * only the move since the last restart was) */
	CHECK(missed <= 2);
}

/* small_lp(seed) with one more row: row 0 doubled, bounded away from where row 0 allows
 * (above twice its upper bound, else below twice its lower one): infeasible. */
static void small_infeasible_lp(uint64_t seed, lp_problem *p)
{
	small_lp(seed, p);
	int64_t m = p->m, nz = p->Ap[m], n0 = p->Ap[1] - p->Ap[0];
	int64_t *ri = ut_malloc(sizeof *ri * (size_t)(nz + n0));
	int32_t *cj = ut_malloc(sizeof *cj * (size_t)(nz + n0));
	double *v = ut_malloc(sizeof *v * (size_t)(nz + n0));
	for (int64_t i = 0; i < m; i++)
		for (int64_t e = p->Ap[i]; e < p->Ap[i + 1]; e++)
			ri[e] = i, cj[e] = p->Aj[e], v[e] = p->Ax[e];
	for (int64_t e = 0; e < n0; e++)
		ri[nz + e] = m, cj[nz + e] = p->Aj[e], v[nz + e] = 2 * p->Ax[e];
	ut_free(p->Ap);
	ut_free(p->Aj);
	ut_free(p->Ax);
	if (lp_csr_from_triplets(m + 1, nz + n0, ri, cj, v, &p->Ap, &p->Aj, &p->Ax))
		abort();
	ut_free(ri);
	ut_free(cj);
	ut_free(v);
	p->rlo = ut_realloc(p->rlo, sizeof(double) * (size_t)(m + 1));
	p->rhi = ut_realloc(p->rhi, sizeof(double) * (size_t)(m + 1));
	if (!p->Ap || !p->rlo || !p->rhi)
		abort();
	int up = isfinite(p->rhi[0]);
	p->rlo[m] = up ? 2 * p->rhi[0] + 0.5 : -INFINITY;
	p->rhi[m] = up ? INFINITY : 2 * p->rlo[0] - 0.5;
	p->m = m + 1;
}

/* PDLP on 300 small infeasible LPs: never an optimum; a Farkas certificate for most, the
 * rest either a ray (the LP is infeasible and has a direction of falling cost, which PDLP
 * does not tell apart: both mean no optimum) or the iteration limit. Before the current
 * and average duals were tried as certificates beside the move since the last restart,
 * 211 were found infeasible and 51 ran to the limit; now 249 and 11. */
TEST(lp_pdlp_detects_infeasible)
{
	int infeasible = 0, limit = 0;
	for (uint64_t seed = 0; seed < 300; seed++) {
		lp_problem p;
		lp_result r;
		plenum_diag d = {0};
		lp_opts o;
		lp_opts_init(&o);
		o.max_iter = 20000;
		small_lp(seed, &p);
		int64_t empty = p.Ap[1] == p.Ap[0];
		lp_problem_free(&p);
		if (empty)
			continue;
		small_infeasible_lp(seed, &p);
		CHECK_EQ_INT(lp_solve_pdlp(&p, &o, &r, &d), PLENUM_OK);
		CHECK(r.status != LP_OPTIMAL);
		infeasible += r.status == LP_INFEASIBLE;
		limit += r.status == LP_ITERATION_LIMIT;
		lp_result_free(&r);
		lp_problem_free(&p);
	}
	CHECK(infeasible >= 240 && limit <= 20);
}

/* A warm start far from the optimum: min x, x in [0.5, 10], x >= 1, from y = 100. The
 * first dual ray (y - y0 = -99 on a row with no upper bound) is no certificate. */
/* Feasible LPs whose solutions are large against their costs (as a national table counted
 * in dollars: plans of 1e12, hours of 1e-5 per dollar) pass the certificate tests' ratio of
 * 1e-8 at their own optimum: min 1e-9 x s.t. x >= 1e9 (the price y = 1e-9 has dual
 * objective 1 and A'y = 1e-9) was called infeasible, and min -1e9 x s.t. x <= 1 (the plan
 * x = 1 lies in the row's recession cone x <= 0 to 1, against a fall of 1e9) unbounded. A
 * certificate must now beat what the current plan (prices) give it. */
/* Feasible LPs whose solutions are large against their costs pass the certificate tests'
 * ratio of 1e-8 near their own optimum. Least-labour of three products counted in dollars
 * (plans of 1e11, 1e-5 hours per dollar): the first check's prices y have dual objective
 * p(y) = c'x and A'y ~ c, and PDLP called it infeasible (as the WIOD table in dollars);
 * its mirror, max 1e9 (x1 + 2 x2 + 3 x3) within three limits of 1 to 3, was called
 * unbounded (the plan itself lies within 3 of the rows' recession cones against a fall of
 * 3e10). A certificate must now beat what the current plan or prices give it. */
TEST(lp_pdlp_large_solution_no_false_certificate)
{
	const double a[] = {0.9, -0.3, -0.1, -0.2, 0.7, -0.3, -0.1, -0.2, 0.8};
	const double lo[] = {0, 0, 0}, hi[] = {INFINITY, INFINITY, INFINITY};
	const double c[] = {1e-5, 2e-5, 0.5e-5}, rlo[] = {3e11, 1e11, 2e11};
	const double rhi[] = {INFINITY, INFINITY, INFINITY};
	lp_problem p;
	dense(&p, 3, 3, a, c, lo, hi, rlo, rhi);
	for (int k = 0; k < 2; k++) {
		lp_result r, g;
		plenum_diag d = {0};
		if (k == 1)
			for (int j = 0; j < 3; j++) {
				p.c[j] = -1e9 * (1 + j);
				p.rlo[j] = -INFINITY;
				p.rhi[j] = 1 + j;
			}
		CHECK_EQ_INT(lp_solve_glpk(&p, NULL, &g, &d), PLENUM_OK);
		CHECK_EQ_INT(lp_solve_pdlp(&p, NULL, &r, &d), PLENUM_OK);
		CHECK_EQ_INT(g.status, LP_OPTIMAL);
		CHECK_EQ_INT(r.status, LP_OPTIMAL);
		CHECK(fabs(r.objective - g.objective) <= 1e-6 * (1 + fabs(g.objective)));
		lp_result_free(&r);
		lp_result_free(&g);
	}
	lp_problem_free(&p);
}

TEST(lp_pdlp_warm_start_no_false_certificate)
{
	const double a[] = {1}, c[] = {1}, lo[] = {0.5}, hi[] = {10}, rlo[] = {1};
	const double rhi[] = {INFINITY}, y0[] = {100};
	lp_problem p;
	lp_result r;
	plenum_diag d = {0};
	dense(&p, 1, 1, a, c, lo, hi, rlo, rhi);
	lp_opts o;
	lp_opts_init(&o);
	o.tolerance = 1e-12;
	o.y0 = y0;
	CHECK_EQ_INT(lp_solve_pdlp(&p, &o, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_OPTIMAL);
	CHECK_NEAR(r.objective, 1, 1e-9);
	lp_result_free(&r);
	lp_problem_free(&p);
}

/* min 0.1 x - H(f) s.t. f - x <= 0, x, f >= 0: the cost outruns harmony's logarithm, so
 * the optimum is finite, f = x = 10 (H'(f) = 1/f = 0.1), objective 1 - ln 10; along the
 * ray (1, 1) the objective grows. Was reported unbounded. */
TEST(lp_pdlp_harmony_with_cost)
{
	const double a[] = {-1, 1}, c[] = {0.1, 0}, lo[] = {0, 0}, hi[] = {INFINITY, INFINITY};
	const double rlo[] = {-INFINITY}, rhi[] = {0};
	lp_problem p;
	lp_result r;
	plenum_diag d = {0};
	dense(&p, 1, 2, a, c, lo, hi, rlo, rhi);
	p.h0 = 1;
	p.nh = 1;
	lp_opts o;
	lp_opts_init(&o);
	o.tolerance = 1e-8;
	CHECK_EQ_INT(lp_solve_pdlp(&p, &o, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_OPTIMAL);
	CHECK_NEAR(r.objective, 1 - log(10.0), 1e-6);
	CHECK_NEAR(r.x[1], 10, 1e-3);
	lp_result_free(&r);
	p.c[0] = 0; /* no cost: harmony grows without limit along the ray */
	CHECK_EQ_INT(lp_solve_pdlp(&p, &o, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_UNBOUNDED);
	lp_result_free(&r);
	lp_problem_free(&p);
}

/* lp_solve refuses options it cannot honour, in one line. */
TEST(lp_solve_option_errors)
{
	lp_problem p;
	lp_result r;
	plenum_diag d = {0};
	ranged_lp(&p);
	lp_opts o;
	const double bad_tol[] = {0, -1, 1, 5, NAN};
	for (size_t k = 0; k < sizeof bad_tol / sizeof bad_tol[0]; k++) {
		lp_opts_init(&o);
		o.tolerance = bad_tol[k];
		CHECK_EQ_INT(lp_solve(&p, &o, &r, &d), PLENUM_EINVAL);
		CHECK(strstr(d.message, "tolerance") != NULL && !strchr(d.message, '\n'));
	}
	lp_opts_init(&o);
	o.max_iter = -1;
	CHECK_EQ_INT(lp_solve(&p, &o, &r, &d), PLENUM_EINVAL);
	lp_opts_init(&o);
	o.time_limit = 0;
	CHECK_EQ_INT(lp_solve(&p, &o, &r, &d), PLENUM_EINVAL);
	lp_opts_init(&o);
	o.max_iter = 0; /* no limit, for both backends */
	o.backend = LP_PDLP;
	CHECK_EQ_INT(lp_solve(&p, &o, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_OPTIMAL);
	CHECK(r.iterations > 1);
	lp_result_free(&r);
	lp_problem_free(&p);
}

/* 1e30 means infinity in bounds, right-hand sides and ranges (the MPS convention), not in
 * the matrix or the costs; a written MPS file has the usual permissions (mkstemp's 0600
 * was kept before). */
TEST(lp_mps_infinity_and_mode)
{
	char path[4200];
	lp_problem p;
	plenum_diag d = {0};
	snprintf(path, sizeof path, "%s/inf.mps", test_tmpdir());
	CHECK(test_put(NULL, path, "NAME x\nROWS\n N obj\n L r1\nCOLUMNS\n x obj 1e30 r1 2e30\n"
	                       "RHS\n RHS r1 1e30\nBOUNDS\n UP BND x 1e30\n LO BND x -1e30\n"
	                       "ENDATA\n") == 0);
	CHECK_EQ_INT(lp_read_mps(path, &p, &d), PLENUM_OK);
	CHECK(p.c[0] == 1e30 && p.Ax[0] == 2e30);
	CHECK(isinf(p.rhi[0]) && p.rhi[0] > 0);
	CHECK(isinf(p.hi[0]) && p.hi[0] > 0 && isinf(p.lo[0]) && p.lo[0] < 0);
	lp_problem_free(&p);
	snprintf(path, sizeof path, "%s/mode.mps", test_tmpdir());
	odd_problem(&p, 2);
	mode_t mask = umask(022);
	int rc = lp_write_mps(&p, path, &d);
	umask(mask);
	CHECK_EQ_INT(rc, PLENUM_OK);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
	lp_problem_free(&p);
}


/* Whether d keeps p's recession cone (finite sides homogeneous) to tol, and its cost. */
static int in_cone(const lp_problem *p, const double *d, double tol, double *cost)
{
	*cost = 0;
	for (int64_t j = 0; j < p->n; j++) {
		if ((isfinite(p->lo[j]) && d[j] < -tol) || (isfinite(p->hi[j]) && d[j] > tol))
			return 0;
		*cost += p->c[j] * d[j];
	}
	for (int64_t i = 0; i < p->m; i++) {
		double ad = 0;
		for (int64_t k = p->Ap[i]; k < p->Ap[i + 1]; k++)
			ad += p->Ax[k] * d[p->Aj[k]];
		if ((isfinite(p->rlo[i]) && ad < -tol) || (isfinite(p->rhi[i]) && ad > tol))
			return 0;
	}
	return 1;
}

/* lp_ray says unbounded exactly where GLPK does, on the 300 small LPs above (optimal or
 * unbounded), and its ray keeps every finite bound and lowers the cost. */
TEST(lp_ray_agrees_with_glpk)
{
	int rays = 0, none = 0;
	for (uint64_t seed = 0; seed < 300; seed++) {
		lp_problem p;
		lp_result g;
		plenum_diag d = {0};
		small_lp(seed, &p);
		CHECK_EQ_INT(lp_solve_glpk(&p, NULL, &g, &d), PLENUM_OK);
		double *ray = NULL, cost = 0;
		int found = -2;
		CHECK_EQ_INT(lp_ray(&p, NULL, NULL, &ray, &found, &d), PLENUM_OK);
		if ((found == 1) != (g.status == LP_UNBOUNDED))
			fprintf(stderr, "seed %llu: glpk %s, ray %d\n", (unsigned long long)seed,
			        lp_status_name(g.status), found);
		CHECK_EQ_INT(found, g.status == LP_UNBOUNDED ? 1 : 0);
		CHECK((ray != NULL) == (found == 1));
		if (ray) {
			CHECK(in_cone(&p, ray, 1e-9, &cost));
			CHECK(cost < -1e-9);
		}
		rays += found == 1;
		none += found == 0;
		ut_free(ray);
		lp_result_free(&g);
		lp_problem_free(&p);
	}
	CHECK(rays > 20 && none > 100);
}

/* Forcing rows decide without an LP: min -s with s made of two products whose techniques
 * take hours under a limit is bounded even when the cone's LP may not be solved
 * (pdlp_above 0: found would be -1); a product that takes no hours makes the cone's LP
 * necessary, and its ray runs that technique alone. Another cost (the second argument)
 * replaces p->c. An entry stored as 0 counts as none. */
TEST(lp_ray_forcing_rows)
{
	/* columns x1, x2, x3 (a third technique for product 2, no hours, no inputs), s;
	 * rows: product 1, product 2, hours */
	double a[] = {1, -0.5, 0, -1, -0.2, 1, 1, -1, 1, 1, 0, 0};
	double c[] = {0, 0, 0, -1}, lo[] = {0, 0, 0, 0}, hi[] = {INFINITY, INFINITY, 0, INFINITY};
	double rlo[] = {0, 0, -INFINITY}, rhi[] = {INFINITY, INFINITY, 10};
	lp_problem p;
	plenum_diag d = {0};
	lp_opts o;
	lp_opts_init(&o);
	o.pdlp_above = 0;
	double *ray = NULL;
	int found = -2;
	dense(&p, 3, 4, a, c, lo, hi, rlo, rhi);
	CHECK_EQ_INT(lp_ray(&p, NULL, &o, &ray, &found, &d), PLENUM_OK);
	CHECK(found == 0 && ray == NULL); /* x3 fixed at 0 (hi 0): s needs x1, x2 */
	p.hi[2] = INFINITY;
	CHECK_EQ_INT(lp_ray(&p, NULL, &o, &ray, &found, &d), PLENUM_OK);
	CHECK(found == 0 && ray == NULL); /* s still needs product 1, which takes hours */
	CHECK_EQ_INT(lp_ray(&p, NULL, NULL, &ray, &found, &d), PLENUM_OK);
	CHECK(found == 0 && ray == NULL);
	double f2[] = {0, 0, -1, 0}; /* more of product 2's free technique is better */
	CHECK_EQ_INT(lp_ray(&p, f2, &o, &ray, &found, &d), PLENUM_OK);
	CHECK(found == -1 && ray == NULL); /* x3 lives: the LP is needed and was not allowed */
	CHECK_EQ_INT(lp_ray(&p, f2, NULL, &ray, &found, &d), PLENUM_OK);
	CHECK(found == 1 && ray != NULL);
	CHECK(ray && ray[0] == 0 && ray[1] == 0 && ray[2] > 0 && ray[3] == 0);
	ut_free(ray);
	lp_problem_free(&p);
	/* an entry stored as 0 (x3's hours) neither forces its column nor is forced */
	a[10] = 1;
	dense(&p, 3, 4, a, c, lo, hi, rlo, rhi);
	p.hi[2] = INFINITY;
	CHECK(p.Ap[3] - p.Ap[2] == 3 && p.Aj[p.Ap[2] + 2] == 2);
	p.Ax[p.Ap[2] + 2] = 0;
	CHECK_EQ_INT(lp_ray(&p, f2, NULL, &ray, &found, &d), PLENUM_OK);
	CHECK(found == 1 && ray && ray[2] > 0);
	ut_free(ray);
	lp_problem_free(&p);
}

/* small_lp(seed) with its costs kept on boxed columns only, times scale: the objective is
 * bounded (every column with a cost is bounded on both sides) while the free columns
 * let the plan run off at no cost. */
static void boxed_cost_lp(uint64_t seed, double scale, lp_problem *p)
{
	small_lp(seed, p);
	for (int64_t j = 0; j < p->n; j++) {
		if (isfinite(p->lo[j]) && isfinite(p->hi[j]))
			p->c[j] *= scale;
		else
			p->c[j] = 0;
	}
}

/* PDLP never calls such an LP unbounded (costs times 1e10, 1e6 and 1e13). Before a ray was moved into the cone of the
 * column bounds, a boxed column with a large cost moved out of its bounds could pass for
 * one (the least-shortfall model of the US EPA's table was called unbounded). */
TEST(lp_pdlp_no_false_ray)
{
	int optimal = 0;
	for (uint64_t seed = 0; seed < 900; seed++) {
		lp_problem p;
		lp_result r;
		plenum_diag d = {0};
		lp_opts o;
		lp_opts_init(&o);
		o.max_iter = 20000;
		boxed_cost_lp(seed % 300, seed < 300 ? 1e10 : seed < 600 ? 1e6 : 1e13, &p);
		CHECK_EQ_INT(lp_solve_pdlp(&p, &o, &r, &d), PLENUM_OK);
		if (r.status == LP_UNBOUNDED)
			fprintf(stderr, "seed %llu: unbounded\n", (unsigned long long)seed);
		CHECK(r.status != LP_UNBOUNDED);
		optimal += r.status == LP_OPTIMAL;
		lp_result_free(&r);
		lp_problem_free(&p);
	}
	CHECK(optimal > 600);
}

/* Clp against GLPK, both exact: on the random shapes above (dependent rows, degenerate
 * duals), 300 small LPs with every kind of bound (optimal or unbounded) and their 300
 * infeasible twins, the same status and, where optimal, the same objective to 1e-9. */
static int exact_agree(const lp_problem *p, uint64_t seed, int *status_seen)
{
	lp_result g, c;
	plenum_diag d = {0};
	if (lp_solve_glpk(p, NULL, &g, &d) || lp_solve_clp(p, NULL, &c, &d))
		return 0;
	int ok = g.status == c.status && (g.status != LP_OPTIMAL ||
	         fabs(g.objective - c.objective) <= 1e-9 * (1 + fabs(g.objective)));
	if (!ok)
		fprintf(stderr, "seed %llu: glpk %s %.12g, clp %s %.12g\n", (unsigned long long)seed,
		        lp_status_name(g.status), g.objective, lp_status_name(c.status), c.objective);
	status_seen[c.status] = 1;
	lp_result_free(&g);
	lp_result_free(&c);
	return ok;
}

TEST(lp_clp_agrees_with_glpk)
{
	static const shape shapes[] = {
		{40, 40, 0.3, 0.3, 0, 0}, {90, 30, 0.1, 0.5, 0, 0}, {25, 100, 0.5, 0.2, 0, 0},
		{40, 60, 0.6, 0.8, 1, 0}, {50, 50, 0.2, 0.5, 0, 1},
	};
	int seen[LP_NUMERICAL + 1] = {0}, bad = 0;
	for (size_t t = 0; t < sizeof shapes / sizeof shapes[0]; t++)
		for (uint64_t seed = 1; seed <= 8; seed++) {
			lp_problem p;
			random_lp(&shapes[t], seed + 100 * t, &p);
			bad += !exact_agree(&p, seed + 100 * t, seen);
			lp_problem_free(&p);
		}
	for (uint64_t seed = 0; seed < 300; seed++) {
		lp_problem p;
		small_lp(seed, &p);
		bad += !exact_agree(&p, seed, seen);
		lp_problem_free(&p);
		small_infeasible_lp(seed, &p);
		bad += !exact_agree(&p, seed + 1000, seen);
		lp_problem_free(&p);
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(seen[LP_OPTIMAL] && seen[LP_INFEASIBLE] && seen[LP_UNBOUNDED]);
}

/* Clp from a basis, as harmony's cuts and a balanced plan's second stage use it: a row
 * added to a solved LP (its basis, the new row basic) and a changed cost (the whole basis)
 * reach the cold optimum in fewer iterations; a basis that does not fit (every column
 * basic) still ends at the optimum, from scratch. Iteration and time limits are limits. */
TEST(lp_clp_warm_basis_and_limits)
{
	static const shape sh = {60, 80, 0.3, 0.3, 0, 0};
	lp_problem p;
	lp_result first, cold, warm;
	plenum_diag d = {0};
	lp_opts o;
	lp_opts_init(&o);
	random_lp(&sh, 11, &p);
	CHECK_EQ_INT(lp_solve_clp(&p, NULL, &first, &d), PLENUM_OK);
	CHECK(first.status == LP_OPTIMAL && first.basis && first.iterations > 10);
	for (int64_t j = 0; j < p.n; j++) /* a second stage: another cost */
		p.c[j] += 0.1 * (double)(j % 3);
	CHECK_EQ_INT(lp_solve_clp(&p, NULL, &cold, &d), PLENUM_OK);
	o.basis = first.basis;
	o.basis_rows = p.m;
	CHECK_EQ_INT(lp_solve_clp(&p, &o, &warm, &d), PLENUM_OK);
	CHECK(cold.status == LP_OPTIMAL && warm.status == LP_OPTIMAL);
	CHECK_NEAR(warm.objective, cold.objective, 1e-9 * (1 + fabs(cold.objective)));
	CHECK(warm.iterations < cold.iterations);
	lp_result_free(&warm);
	unsigned char *all_basic = ut_malloc((size_t)(p.m + p.n));
	memset(all_basic, 1, (size_t)(p.m + p.n));
	o.basis = all_basic;
	CHECK_EQ_INT(lp_solve_clp(&p, &o, &warm, &d), PLENUM_OK);
	CHECK_EQ_INT(warm.status, LP_OPTIMAL);
	CHECK_NEAR(warm.objective, cold.objective, 1e-9 * (1 + fabs(cold.objective)));
	lp_result_free(&warm);
	ut_free(all_basic);
	lp_opts_init(&o);
	o.max_iter = 3;
	CHECK_EQ_INT(lp_solve_clp(&p, &o, &warm, &d), PLENUM_OK);
	CHECK_EQ_INT(warm.status, LP_ITERATION_LIMIT);
	CHECK(warm.iterations <= 3 && warm.basis == NULL);
	lp_result_free(&warm);
	lp_result_free(&first);
	lp_result_free(&cold);
	lp_problem_free(&p);
}

/* Clp holds OpenBLAS (where LAPACK is OpenBLAS) to one thread while it solves and gives
 * the number back: the process's setting is what it was. */
TEST(lp_clp_gives_back_blas_threads)
{
	void *self = dlopen(NULL, RTLD_LAZY);
	CHECK(self != NULL);
	int (*get)(void) = NULL;
	*(void **)&get = dlsym(self, "openblas_get_num_threads");
	int before = get ? get() : 0;
	static const shape sh = {40, 40, 0.3, 0.3, 0, 0};
	lp_problem p;
	lp_result r;
	plenum_diag d = {0};
	random_lp(&sh, 5, &p);
	CHECK_EQ_INT(lp_solve_clp(&p, NULL, &r, &d), PLENUM_OK);
	CHECK_EQ_INT(r.status, LP_OPTIMAL);
	CHECK_EQ_INT(get ? get() : 0, before);
	lp_result_free(&r);
	lp_problem_free(&p);
	dlclose(self);
}
