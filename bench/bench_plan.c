/* Benchmark of the planner's LP at one size: a generated economy (several techniques per
 * product, capacities, a CO2e cap) with a labour limit, the balanced objective's LP built by
 * the planner (pl_build), solved in process by PDLP, and by glpsol and clp (dual simplex,
 * barrier) on the exported MPS of the same problem, each under a time limit. Over several
 * years the plan has a capital stock per product (of one of the products, wearing out at
 * 10% a year, limiting its output, grown by investment from the year before), targets and
 * hours growing by 3% and 2% a year. Prints one markdown table row; the process's peak RSS
 * is PDLP's (it runs first, in process).
 *
 *     bench_plan PRODUCTS [YEARS [TIMEOUT_S [TOLERANCE [exact|noexact [THREADS]]]]]
 *     bench_plan --header */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "plan/pl.h"
#include "plenum/engine.h"

#define TECHNIQUES 3   /* per product */
#define INPUTS 6       /* mean inputs per technique */
#define LABOUR_SHARE 0.7
#define STOCK_PER_UNIT 0.5 /* units of stock per unit of the user's output */
#define STOCK_START 0.9    /* first year's stock over what the demand's output needs */

typedef struct args {
	int64_t products, years;
	double timeout, tol;
	int exact, threads;
} args;

/* An external solver's run: seconds, peak RSS, objective; status "ok", "timeout", ... */
typedef struct ext {
	double seconds, rss_mb, objective;
	char status[16];
} ext;

static void header(void)
{
	puts("| products | years | rows | columns | non-zeros | PDLP s | PDLP iterations | "
	     "PDLP rel. gap | PDLP peak RSS MB | glpsol s | clp dual s | clp barrier s | "
	     "PDLP objective | exact objective | rel. difference |");
	puts("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
}

static double peak_rss_mb(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (double)u.ru_maxrss / 1024.0;
}

/* Hours if every technique ran at 1/TECHNIQUES of its capacity (about the gross output the
 * demand needs), times LABOUR_SHARE: a limit that binds. */
static double labour_limit(const plenum_economy *e)
{
	double h = 0;
	for (int64_t t = 0; t < plenum_economy_techniques(e); t++) {
		double cap = plenum_technique_capacity(e, t);
		if (isfinite(cap))
			h += plenum_technique_labour(e, t) * cap / TECHNIQUES;
	}
	return LABOUR_SHARE * h;
}

/* Years of targets and hours, and one capital stock per product j: of product
 * (7j + 3) mod n, needed at STOCK_PER_UNIT per unit of j, starting at STOCK_START of what
 * j's share of the capacities (about the gross output the demand needs) takes. */
static plenum_horizon *horizon(const plenum_economy *e, int64_t years, double hours)
{
	int64_t np = e->np;
	plenum_horizon *h = ut_calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->ny = years;
	h->np = np;
	h->target = ut_mallocarray((size_t)(years * np), sizeof *h->target);
	h->labour = ut_mallocarray((size_t)years, sizeof *h->labour);
	h->stock = ut_calloc((size_t)np, sizeof *h->stock);
	double *out = ut_calloc((size_t)np, sizeof *out);
	if (!h->target || !h->labour || !h->stock || !out) {
		ut_free(out);
		plenum_horizon_free(h);
		return NULL;
	}
	for (int64_t y = 0; y < years; y++) {
		h->labour[y] = hours * pow(1.02, (double)y);
		for (int64_t i = 0; i < np; i++)
			h->target[y * np + i] = e->demand[i] * pow(1.03, (double)y);
	}
	for (int64_t t = 0; t < e->nt; t++)
		if (isfinite(e->tcap[t]))
			out[e->tprod[t]] += e->tout[t] * e->tcap[t] / TECHNIQUES;
	for (int64_t j = 0; j < np; j++)
		h->stock[h->nk++] = (pl_stock){(int32_t)((7 * j + 3) % np), (int32_t)j,
		                               STOCK_PER_UNIT, 0.1,
		                               STOCK_START * STOCK_PER_UNIT * out[j]};
	ut_free(out);
	return h;
}

/* The balanced LP of a generated economy of a->products products over a->years years. */
static int build_lp(const args *a, plenum_economy **e, plenum_horizon **h, pl_model *m,
                    lp_problem *p)
{
	plenum_diag d = {0};
	plenum_gen_opts g = {.products = a->products, .inputs = INPUTS, .seed = 42,
	                     .techniques_per_product = TECHNIQUES, .capacities = 1};
	plenum_plan_opts o;
	pl_layout L;
	plenum_plan_opts_init(&o);
	if (plenum_economy_generate(&g, e, &d))
		goto fail;
	o.labour_hours = labour_limit(*e);
	o.years = a->years;
	if (a->years > 1) {
		*h = horizon(*e, a->years, o.labour_hours);
		if (!*h) {
			snprintf(d.message, sizeof d.message, "out of memory for the years");
			goto fail;
		}
		o.horizon = *h;
		o.labour_hours = NAN;
	}
	if (pl_model_init(m, *e, &o, &d) || pl_build(m, PL_BALANCED, a->exact, &L, p, &d))
		goto fail;
	return 0;
fail:
	fprintf(stderr, "bench_plan: %s\n", d.message);
	return 1;
}

/* Runs cmd (a shell command line) under timeout and /usr/bin/time; parses the objective
 * from the line of its output that starts with key (the number after the last '='/key). */
static void run_ext(const args *a, const char *cmd, const char *key, ext *r)
{
	char line[8192], tf[64], of[64];
	snprintf(tf, sizeof tf, "/tmp/bench_plan_%d.time", (int)getpid());
	snprintf(of, sizeof of, "/tmp/bench_plan_%d.out", (int)getpid());
	snprintf(line, sizeof line, "timeout %g /usr/bin/time -f '%%e %%M' -o %s %s > %s 2>&1",
	         a->timeout, tf, cmd, of);
	int rc = system(line);
	r->seconds = r->rss_mb = r->objective = NAN;
	snprintf(r->status, sizeof r->status, "%s", rc == 0 ? "ok" : "failed");
	if (rc != 0 && WEXITSTATUS(rc) == 124)
		snprintf(r->status, sizeof r->status, "timeout");
	FILE *f = fopen(tf, "r");
	if (f && fscanf(f, "%lf %lf", &r->seconds, &r->rss_mb) == 2)
		r->rss_mb /= 1024;
	if (f)
		fclose(f);
	f = fopen(of, "r");
	while (f && fgets(line, sizeof line, f)) {
		char *k = strstr(line, key);
		if (k)
			r->objective = strtod(k + strlen(key), NULL);
	}
	if (f)
		fclose(f);
	if (!strcmp(r->status, "ok") && isnan(r->objective))
		snprintf(r->status, sizeof r->status, "no result");
	remove(tf);
	remove(of);
}

/* "12.3" or the status when the run did not finish. */
static const char *cell(const ext *r, char *buf, size_t n)
{
	if (!strcmp(r->status, "ok"))
		snprintf(buf, n, "%.2f", r->seconds);
	else
		snprintf(buf, n, "%s", r->status);
	return buf;
}

static void exact_runs(const args *a, const lp_problem *p, ext r[3])
{
	char path[64], cmd[256];
	plenum_diag d = {0};
	snprintf(path, sizeof path, "/tmp/bench_plan_%d.mps", (int)getpid());
	if (lp_write_mps(p, path, &d)) {
		fprintf(stderr, "bench_plan: %s\n", d.message);
		for (int k = 0; k < 3; k++)
			snprintf(r[k].status, sizeof r[k].status, "no MPS");
		return;
	}
	snprintf(cmd, sizeof cmd, "glpsol --freemps %s", path);
	run_ext(a, cmd, "obj = ", &r[0]);
	r[0].objective += 2 * p->c0; /* glpsol reads the objective's RHS as +constant */
	snprintf(cmd, sizeof cmd, "clp %s -dualsimplex", path);
	run_ext(a, cmd, "Optimal objective ", &r[1]);
	snprintf(cmd, sizeof cmd, "clp %s -barrier", path);
	run_ext(a, cmd, "Optimal objective ", &r[2]);
	if (!getenv("BENCH_KEEP")) remove(path);
}

static int parse_args(int argc, char **argv, args *a)
{
	*a = (args){.years = 1, .timeout = 300, .tol = 1e-4, .exact = 1};
	if (argc < 2)
		return 1;
	a->products = atoll(argv[1]);
	if (argc > 2)
		a->years = atoll(argv[2]);
	if (argc > 3)
		a->timeout = atof(argv[3]);
	if (argc > 4)
		a->tol = atof(argv[4]);
	if (argc > 5)
		a->exact = strcmp(argv[5], "noexact") != 0;
	if (argc > 6)
		a->threads = atoi(argv[6]);
	return a->products < 1 || a->years < 1;
}

/* The reference objective: clp's barrier (with crossover) when it finished, else clp's dual
 * simplex, else glpsol. On these plans the simplex codes stop at relative gaps near 1e-5
 * (their dual tolerance times activities in the hundreds); the barrier agrees with PDLP at
 * 1e-8 to 1e-9. */
static double exact_objective(const ext r[3])
{
	for (int k = 2; k >= 0; k--)
		if (!strcmp(r[k].status, "ok"))
			return r[k].objective;
	return NAN;
}

static void print_row(const args *a, const lp_problem *p, const lp_result *r, double rss,
                      const ext x[3])
{
	char b0[32], b1[32], b2[32], ps[48];
	double ex = exact_objective(x);
	snprintf(ps, sizeof ps, "%.2f", r->seconds);
	if (r->status != LP_OPTIMAL)
		snprintf(ps, sizeof ps, "%.0f (%s)", r->seconds, lp_status_name(r->status));
	printf("| %lld | %lld | %lld | %lld | %lld | %s | %lld | %.1e | %.0f | %s | %s | %s | "
	       "%.8g | %.8g | %.1e |\n",
	       (long long)a->products, (long long)a->years, (long long)p->m, (long long)p->n,
	       (long long)p->Ap[p->m], ps, (long long)r->iterations, r->gap, rss,
	       cell(&x[0], b0, sizeof b0), cell(&x[1], b1, sizeof b1), cell(&x[2], b2, sizeof b2),
	       r->objective, ex, fabs(r->objective - ex) / (1 + fabs(ex)));
}

int main(int argc, char **argv)
{
	args a;
	if (argc == 2 && !strcmp(argv[1], "--header")) {
		header();
		return 0;
	}
	if (parse_args(argc, argv, &a)) {
		fprintf(stderr, "usage: bench_plan PRODUCTS [YEARS [TIMEOUT_S [TOLERANCE "
		                "[exact|noexact [THREADS]]]]]\n");
		return 2;
	}
	plenum_economy *e = NULL;
	plenum_horizon *h = NULL;
	pl_model m = {0};
	lp_problem p = {0};
	lp_result r = {0};
	plenum_diag d = {0};
	ext x[3] = {{.status = "-"}, {.status = "-"}, {.status = "-"}};
	if (build_lp(&a, &e, &h, &m, &p))
		return 1;
	lp_opts o;
	lp_opts_init(&o);
	o.tolerance = a.tol;
	o.threads = a.threads;
	o.time_limit = a.timeout;
	o.verbose = getenv("BENCH_VERBOSE") != NULL;
	if (lp_solve_pdlp(&p, &o, &r, &d)) {
		fprintf(stderr, "bench_plan: %s\n", d.message);
		return 1;
	}
	double rss = peak_rss_mb();
	if (r.status != LP_OPTIMAL)
		fprintf(stderr, "bench_plan: PDLP ended %s\n", lp_status_name(r.status));
	if (a.exact)
		exact_runs(&a, &p, x);
	print_row(&a, &p, &r, rss, x);
	lp_result_free(&r);
	lp_problem_free(&p);
	pl_model_free(&m);
	plenum_horizon_free(h);
	plenum_economy_free(e);
	return 0;
}
