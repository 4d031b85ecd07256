/* plenum variants: a sweep of working weeks (or of the labour available a year) and cap
 * settings with the fulfilment each gives, as CSV or JSON and optionally an SVG chart: the
 * menu an assembly votes on. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/commands_plan.h"

#define MAX_CAPS 16
#define MAX_VALUES 32
#define MAX_VARIANTS 1000 /* weeks x cap settings: each is a plan */

typedef struct vargs {
	const char *econ, *svg;
	int json;
	double from, to, step, weeks; /* weeks: how many values FROM:TO:STEP gives */
	const char *swept;            /* --weekly-hours, or --labour-hours (no workforce) */
	int weeks_given;              /* --weeks: only with --weekly-hours */
	plenum_plan_opts o;
	const char *caps[MAX_CAPS], *budgets[MAX_CAPS];
	int ncaps, nbudgets;
} vargs;

/* FROM[:TO[:STEP]] (TO defaults to FROM, STEP to 1) of option a->swept; every part given
 * is a number. */
static int range(const char *s, vargs *a)
{
	const char *opt = a->swept;
	static const char *const part[] = {"FROM", "TO", "STEP"};
	double v[3] = {0, 0, 1};
	const char *p = s;
	char *end = NULL;
	int n = 0;
	for (; n < 3; p = end + 1) {
		v[n] = strtod(p, &end);
		if (end == p)
			return cl_usage("variants", "%s '%s': %s is %s: give FROM:TO:STEP (e.g. %s)",
			                opt, s, part[n], *p && *p != ':' ? "not a number" : "empty",
			                opt[2] == 'w' ? "15:40:5" : "2e5:8e5:2e5");
		if (n++ == 0)
			v[1] = v[0];
		if (*end != ':')
			break;
	}
	a->from = v[0], a->to = v[1], a->step = v[2];
	if (*end || !(a->from >= 0) || !(a->to >= a->from) || !(a->step > 0) || !isfinite(a->to))
		return cl_usage("variants", "%s needs FROM:TO:STEP (e.g. %s) with 0 <= FROM <= TO "
		                "and STEP > 0, got '%s'", opt, opt[2] == 'w' ? "15:40:5" : "2e5:8e5:2e5",
		                s);
	a->weeks = floor((a->to - a->from) / a->step + 1e-9) + 1; /* as plenum_variants_compute */
	if (!(a->weeks <= MAX_VARIANTS))
		return cl_usage("variants", a->weeks < 1e15 ? "%s %s gives %.15g variants; at most "
		                "%d: widen the step" : "%s %s gives %.3g variants; at most %d: widen "
		                "the step", opt, s, fmin(a->weeks, DBL_MAX), MAX_VARIANTS);
	if (opt[2] == 'w' && a->to > PLENUM_WEEK_HOURS) /* a typing error: exit 2, as for plan */
		return cl_usage("variants", "--weekly-hours %s: a week has %d hours; end the sweep "
		                "there or before", s, PLENUM_WEEK_HOURS);
	return CL_OK;
}

/* The sweep argv[*k] names (--weekly-hours or --labour-hours), its range after it; one. */
static int take_sweep(vargs *a, char **argv, int *k)
{
	if (a->swept)
		return cl_usage("variants", "give one sweep: --weekly-hours (with --workforce) or "
		                "--labour-hours");
	a->swept = argv[*k];
	return range(argv[++*k], a);
}

static int parse(int argc, char **argv, vargs *a)
{
	plenum_plan_opts_init(&a->o);
	for (int k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--labour-hours") == 0 && k + 1 < argc) { /* swept here */
			if (take_sweep(a, argv, &k))
				return CL_USAGE;
			continue;
		}
		a->weeks_given |= strcmp(argv[k], "--weeks") == 0; /* an option here, not a value */
		int r = cl_plan_option("variants", argc, argv, &k, &a->o);
		if (r < 0)
			return CL_USAGE;
		if (r)
			continue;
		if (strcmp(argv[k], "--json") == 0)
			a->json = 1;
		else if (strcmp(argv[k], "--weekly-hours") == 0 && k + 1 < argc) {
			if (take_sweep(a, argv, &k))
				return CL_USAGE;
		} else if (strcmp(argv[k], "--svg") == 0 && k + 1 < argc)
			a->svg = argv[++k];
		else if ((strcmp(argv[k], "--cap") == 0 || strcmp(argv[k], "--budget") == 0) &&
		         k + 1 < argc) {
			int cap = argv[k][2] == 'c', *n = cap ? &a->ncaps : &a->nbudgets;
			if (*n == MAX_CAPS)
				return cl_usage("variants", "at most %d %s options", MAX_CAPS, argv[k]);
			(cap ? a->caps : a->budgets)[(*n)++] = argv[++k];
		}
		else if (argv[k][0] == '-' || a->econ)
			return cl_usage("variants", "unexpected '%s'", argv[k]);
		else
			a->econ = argv[k];
	}
	if (!a->econ || !a->swept)
		return cl_usage("variants", "give the economy and --weekly-hours FROM:TO:STEP with "
		                "--workforce N, or --labour-hours FROM:TO:STEP");
	int week = a->swept[2] == 'w';
	if (week && isnan(a->o.workforce))
		return cl_usage("variants", "give --workforce N: the people whose working week is "
		                "swept (hours per year = N x weekly hours x --weeks)");
	if (!week && (!isnan(a->o.workforce) || a->weeks_given))
		return cl_usage("variants", "--workforce and --weeks go with a sweep of "
		                "--weekly-hours; a sweep of --labour-hours gives the labour a year "
		                "itself");
	if (a->o.objective != PLENUM_OBJECTIVE_BALANCED)
		return cl_usage("variants", "--objective %s: variants are balanced plans; plan one "
		                "week with that objective with plenum plan --objective %s",
		                plenum_objective_name(a->o.objective),
		                plenum_objective_name(a->o.objective));
	if (a->o.mps_path)
		return cl_usage("variants", "--mps does not go with a sweep (one LP per variant): "
		                "write one variant's LP with plenum plan --mps FILE");
	return CL_OK;
}

/* The cap settings: every combination of the values given per account (NAN elsewhere).
 * *rows is malloc'd (nsettings x accounts); nsettings 0 without --cap. */
static int settings(const vargs *a, const plenum_economy *e, double **rows, int64_t *ns)
{
	int64_t na = plenum_economy_accounts(e), acc[MAX_CAPS], total = 1;
	double val[MAX_CAPS][MAX_VALUES];
	int cnt[MAX_CAPS];
	*rows = NULL;
	*ns = 0;
	for (int c = 0; c < a->ncaps; c++) {
		cnt[c] = cl_plan_account("variants", "--cap", e, a->caps[c], &acc[c], val[c],
		                         MAX_VALUES);
		if (cnt[c] < 0)
			return CL_USAGE;
		for (int b = 0; b < c; b++)
			if (acc[b] == acc[c])
				return cl_usage("variants", "--cap %s: account '%s' is given twice: give "
				                "its caps in one --cap %s=V1,V2,...", a->caps[c],
				                plenum_account_key(e, acc[c]), plenum_account_key(e, acc[c]));
		total *= cnt[c]; /* at most MAX_VARIANTS x MAX_VALUES: no overflow */
		if (total * a->weeks > MAX_VARIANTS)
			return cl_usage("variants", "--weekly-hours and --cap give %.15g variants or "
			                "more (weeks x every combination of caps); at most %d: widen "
			                "the step or give fewer caps", (double)total * a->weeks,
			                MAX_VARIANTS);
	}
	if (!a->ncaps)
		return CL_OK;
	double *r = malloc((size_t)(total * na + 1) * sizeof *r);
	if (!r)
		return cl_error("variants", "out of memory");
	for (int64_t s = 0; s < total; s++) {
		for (int64_t k = 0; k < na; k++)
			r[s * na + k] = NAN;
		for (int64_t c = 0, rest = s; c < a->ncaps; rest /= cnt[c], c++)
			r[s * na + acc[c]] = val[c][rest % cnt[c]];
	}
	*rows = r;
	*ns = total;
	return CL_OK;
}

/* Six significant digits; no cap or no hours limit (+inf) an empty cell, as in the input
 * files and plan's CSV. */
static void num(double x)
{
	if (isfinite(x))
		printf("%.6g", fabs(x) < 5e-13 ? 0.0 : x);
	else if (x == -INFINITY)
		fputs("-inf", stdout);
}

/* ",PREFIXKEY" as one CSV field: quoted as a whole when the account key needs it. */
static int column(const char *prefix, const char *key)
{
	size_t n = strlen(prefix) + strlen(key) + 1;
	char *name = malloc(n);
	if (!name)
		return cl_error("variants", "out of memory");
	snprintf(name, n, "%s%s", prefix, key);
	putchar(',');
	cl_csv_field(stdout, name);
	free(name);
	return CL_OK;
}

static int csv(const plenum_economy *e, const plenum_variants *v)
{
	const double *budgets = v->budget;
	printf("%s,setting,status,fulfilment_level,labour_h,available_h",
	       v->labour_sweep ? "labour_per_year" : "weekly_hours");
	for (int64_t a = 0; a < v->accounts; a++)
		if (column("cap_", plenum_account_key(e, a)) ||
		    column("emitted_", plenum_account_key(e, a)) ||
		    (isfinite(budgets[a]) && column("budget_", plenum_account_key(e, a))))
			return CL_FAIL;
	puts(",message");
	for (int64_t k = 0; k < v->count; k++) {
		const plenum_variant *x = &v->v[k];
		if (v->labour_sweep)
			cl_number(stdout, x->labour_hours);
		else
			printf("%g", x->weekly_hours);
		printf(",%lld,%s,", (long long)x->setting + 1, plenum_plan_status_name(x->status));
		num(x->level);
		putchar(',');
		num(x->labour);
		putchar(',');
		num(x->labour_available);
		for (int64_t a = 0; a < v->accounts; a++) {
			putchar(',');
			num(x->cap[a]);
			putchar(',');
			num(x->emitted[a]);
			if (isfinite(budgets[a])) {
				putchar(',');
				num(budgets[a]);
			}
		}
		putchar(',');
		cl_csv_field(stdout, x->message);
		putchar('\n');
	}
	return CL_OK;
}

static void jnum(double x)
{
	if (isfinite(x))
		cl_number(stdout, x);
	else
		fputs("null", stdout);
}

/* {"ACCOUNT":x,...}; with only_finite, the accounts whose x is finite. */
static void json_accounts(const plenum_economy *e, const plenum_variants *v, const double *x,
                          int only_finite)
{
	putchar('{');
	for (int64_t a = 0, n = 0; a < v->accounts; a++) {
		if (only_finite && !isfinite(x[a]))
			continue;
		if (n++)
			putchar(',');
		cl_json_string(stdout, plenum_account_key(e, a));
		putchar(':');
		jnum(x[a]);
	}
	putchar('}');
}

static void json(const plenum_economy *e, const plenum_variants *v)
{
	printf("{\"sweep\":\"%s\",\"labour_unit\":",
	       v->labour_sweep ? "labour_per_year" : "weekly_hours");
	cl_json_string(stdout, plenum_economy_labour_unit(e));
	printf(",\"workforce\":");
	jnum(v->workforce);
	printf(",\"weeks\":");
	jnum(v->labour_sweep ? NAN : v->weeks); /* a sweep of the labour has none */
	printf(",\"budgets\":");
	json_accounts(e, v, v->budget, 1);
	printf(",\"settings\":%lld,\"variants\":[", (long long)(v->nsettings ? v->nsettings : 1));
	for (int64_t k = 0; k < v->count; k++) {
		const plenum_variant *x = &v->v[k];
		printf("%s{\"weekly_hours\":", k ? "," : "");
		jnum(x->weekly_hours);
		printf(",\"labour_per_year\":");
		jnum(x->labour_hours);
		printf(",\"setting\":%lld,\"status\":\"%s\",\"fulfilment_level\":",
		       (long long)x->setting + 1, plenum_plan_status_name(x->status));
		jnum(x->level);
		printf(",\"labour_h\":");
		jnum(x->labour);
		printf(",\"available_h\":");
		jnum(x->labour_available);
		printf(",\"caps\":");
		json_accounts(e, v, x->cap, 0);
		printf(",\"emitted\":");
		json_accounts(e, v, x->emitted, 0);
		printf(",\"message\":");
		cl_json_string(stdout, x->message);
		putchar('}');
	}
	printf("]}\n");
}

/* The first variant with a plan (optimal, or stopped at a limit with a level: one stopped
 * before any has nothing to show), or NULL. */
static const plenum_variant *some_plan(const plenum_variants *v)
{
	for (int64_t k = 0; k < v->count; k++)
		if (v->v[k].status == PLENUM_PLAN_OPTIMAL ||
		    (v->v[k].status == PLENUM_PLAN_LIMIT && isfinite(v->v[k].level)))
			return &v->v[k];
	return NULL;
}

static int sweep(const vargs *a, const plenum_economy *e, const plenum_horizon *h)
{
	double *rows, *budgets = calloc((size_t)plenum_economy_accounts(e) + 1, sizeof *budgets);
	int64_t ns;
	if (!budgets)
		return cl_error("variants", "out of memory");
	int rc = cl_plan_per_account("variants", "--budget", e, a->budgets, a->nbudgets, budgets);
	if (!rc)
		rc = settings(a, e, &rows, &ns);
	if (rc) {
		free(budgets);
		return rc;
	}
	plenum_plan_opts o = a->o;
	o.horizon = h;
	o.budgets = budgets;
	plenum_variants *v = NULL;
	plenum_diag d = {0};
	int st = plenum_variants_compute(e, &o, a->from, a->to, a->step, rows, ns, &v, &d);
	int none = !st && v->count > 0 && !some_plan(v); /* a menu with nothing to choose */
	if (!st && a->svg && !none)
		st = plenum_variants_write_svg(e, v, a->svg, &d);
	cl_warnings("variants", &d);
	if (st)
		rc = cl_report("variants", st, &d);
	else if (a->json)
		json(e, v);
	else
		rc = csv(e, v);
	if (!st && !rc && none)
		rc = cl_error("variants", "no variant gave a plan%s%s%s", v->v[0].message[0] ?
		              " (the first: " : "", v->v[0].message, v->v[0].message[0] ? ")" : "");
	plenum_variants_free(v);
	free(rows);
	free(budgets);
	return rc;
}

static int run(int argc, char **argv)
{
	vargs a = {0};
	int rc = parse(argc, argv, &a);
	if (rc)
		return rc;
	plenum_economy *e = NULL;
	plenum_horizon *h = NULL;
	if (cl_plan_open("variants", a.econ, a.o.years, &e, &h))
		return CL_FAIL;
	rc = sweep(&a, e, h);
	plenum_horizon_free(h);
	plenum_economy_free(e);
	return rc;
}

const cl_command cl_cmd_variants = {
	"variants",
	"variants ECON (--weekly-hours FROM:TO:STEP --workforce N [--weeks W] | "
	"--labour-hours FROM:TO:STEP) [--cap ACCOUNT=V1[,V2...] ...] [--budget ACCOUNT=VALUE ...] [--years Y] "
	"[--end-stocks F] [--negative-targets refuse|zero] [--tolerance T] "
	"[--solver auto|clp|glpk|pdlp] [--svg FILE] [--json]",
	"sweep working weeks (or labour) and caps: the fulfilment of each, as CSV/JSON and SVG",
	"For each working week FROM, FROM+STEP, ..., TO (hours per worker per week) and each cap\n"
	"setting, computes the balanced plan (the largest common fulfilment level s) with\n"
	"N x weekly hours x weeks (default 46) hours a year. --cap ACCOUNT=V1,V2 gives several\n"
	"caps for an account; with several --cap options every combination is a setting.\n"
	"--labour-hours FROM:TO:STEP sweeps the labour available a year itself, without a\n"
	"workforce: the sweep for an economy whose labour is not hours (labour.csv: a table's\n"
	"pay or jobs), which refuses a working week; its first column is labour_per_year.\n"
	"Prints one row per variant: weekly_hours, setting, status, fulfilment_level (s),\n"
	"labour_h (used), available_h, then cap_ACCOUNT and emitted_ACCOUNT for each account\n"
	"(both summed over the years), and the plan's message (why it is infeasible, or that\n"
	"its hours are not the fewest; empty otherwise). --svg FILE also draws fulfilment\n"
	"(% of targets) against the working week (or the labour a year), one line per cap\n"
	"setting. At most 1000 variants (weeks x settings).\n"
	"--budget ACCOUNT=VALUE (as for plenum plan) holds in every variant: a column\n"
	"budget_ACCOUNT follows emitted_ACCOUNT, JSON gives \"budgets\", the chart names it.\n"
	"--years, --end-stocks, --negative-targets, --tolerance T (0 < T < 1), --solver and\n"
	"--max-iter are as for plenum plan.\n"
	"Each variant is a balanced plan: --objective other than balanced and --mps are refused\n"
	"(plan a single week with plenum plan --objective O or --mps FILE).\n"
	"ECON may be a multi-year directory, or an economy directory with stocks.csv, years.csv,\n"
	"targets.csv and caps.csv (docs/formats.md): each variant then plans --years Y years\n"
	"(default the files' own) with the stocks chained; the swept week gives the hours of\n"
	"every year, and a cap setting caps its account in every year.\n"
	"Exit status 1 when no variant gives a plan (the rows say why; no chart is drawn).\n",
	run,
};
