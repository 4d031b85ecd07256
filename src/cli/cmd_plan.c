/* plenum plan: the best plan for an economy (or a multi-year plan directory) under one of
 * three objectives, as CSV sections or JSON; and the option parsing plan and variants share. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/commands_council.h"
#include "cli/commands_plan.h"

int cl_plan_open(const char *cmd, const char *path, int64_t years, plenum_economy **e,
                 plenum_horizon **h)
{
	plenum_diag d = {0};
	int rc;
	*h = NULL;
	if (plenum_horizon_detect(path))
		rc = plenum_horizon_read(path, e, h, &d);
	else
		rc = plenum_economy_open(path, PLENUM_READ_SIGNED_DEMAND, e, &d);
	if (rc)
		return cl_report(cmd, rc, &d);
	cl_warnings(cmd, &d);
	if (*h && years > plenum_horizon_years(*h)) {
		int64_t have = plenum_horizon_years(*h);
		plenum_horizon_free(*h);
		plenum_economy_free(*e);
		*h = NULL;
		*e = NULL;
		return cl_error(cmd, "--years %lld: %s/labtarg.csv has %lld year%s; give --years 1 "
		                "to %lld or add rows year%lld.. to it", (long long)years, path,
		                (long long)have, have == 1 ? "" : "s", (long long)have,
		                (long long)have + 1);
	}
	if (*h) /* the multi-year format */
		return CL_OK;
	rc = plenum_horizon_read_dir(*e, path, years, h, &d); /* stocks.csv, years.csv, ... */
	if (rc) {
		plenum_economy_free(*e);
		*e = NULL;
		return cl_report(cmd, rc, &d);
	}
	return CL_OK;
}

static int solver_of(const char *cmd, const char *s, plenum_solver *out)
{
	static const char *const names[] = {"auto", "glpk", "pdlp", "clp"};
	for (int k = 0; k < 4; k++)
		if (s && strcmp(s, names[k]) == 0) {
			*out = (plenum_solver)k;
			return 1;
		}
	cl_usage(cmd, "--solver needs auto, glpk, clp or pdlp, got '%s'", s ? s : "nothing");
	return 0;
}

static int positive(const char *cmd, const char *opt, const char *s, double *out)
{
	if (!cl_parse_double(cmd, opt, s, out))
		return 0;
	if (*out < 0 || (*out == 0 && strcmp(opt, "--labour-hours") != 0)) {
		cl_usage(cmd, "%s needs a positive number, got '%s'", opt, s);
		return 0;
	}
	return 1;
}

/* Options with a value shared by plan and variants. */
static int valued(const char *cmd, const char *opt, const char *v, plenum_plan_opts *o)
{
	int64_t n = 0;
	if (strcmp(opt, "--labour-hours") == 0)
		return positive(cmd, opt, v, &o->labour_hours);
	if (strcmp(opt, "--workforce") == 0)
		return positive(cmd, opt, v, &o->workforce);
	if (strcmp(opt, "--weeks") == 0) {
		if (!positive(cmd, opt, v, &o->weeks))
			return 0;
		if (o->weeks <= PLENUM_YEAR_WEEKS) /* a typing error is a usage error (exit 2) */
			return 1;
		return cl_usage(cmd, "--weeks %s: a year has %g weeks; give fewer", v,
		                PLENUM_YEAR_WEEKS), 0;
	}
	if (strcmp(opt, "--tolerance") == 0) {
		if (!cl_parse_double(cmd, opt, v, &o->tolerance))
			return 0;
		if (o->tolerance > 0 && o->tolerance < 1)
			return 1;
		cl_usage(cmd, "--tolerance needs a relative tolerance between 0 and 1, exclusive "
		         "(default 1e-6), got '%s'", v);
		return 0;
	}
	if (strcmp(opt, "--end-stocks") == 0) {
		if (!cl_parse_double(cmd, opt, v, &o->end_stocks))
			return 0;
		if (o->end_stocks >= 0 && isfinite(o->end_stocks))
			return 1;
		cl_usage(cmd, "--end-stocks needs a multiple >= 0 of the first year's stocks (1 "
		         "keeps them), got '%s'", v);
		return 0;
	}
	if (strcmp(opt, "--negative-targets") == 0) {
		if (strcmp(v, "refuse") == 0 || strcmp(v, "zero") == 0) {
			o->zero_negative_targets = v[0] == 'z';
			return 1;
		}
		cl_usage(cmd, "--negative-targets needs refuse or zero, got '%s'", v);
		return 0;
	}
	if (strcmp(opt, "--solver") == 0)
		return solver_of(cmd, v, &o->solver);
	if (strcmp(opt, "--mps") == 0)
		return (o->mps_path = v) != NULL;
	if (strcmp(opt, "--objective") == 0) {
		if (plenum_objective_parse(v, &o->objective) == PLENUM_OK)
			return 1;
		cl_usage(cmd, "--objective needs balanced, harmony or least-labour, got '%s'", v);
		return 0;
	}
	if (strcmp(opt, "--years") == 0 || strcmp(opt, "--max-iter") == 0) {
		if (!cl_parse_int64(cmd, opt, v, &n))
			return 0;
		if (n < 1) {
			cl_usage(cmd, "%s needs a whole number >= 1, got '%s'", opt, v);
			return 0;
		}
		if (opt[2] == 'y' && n > PLENUM_MAX_YEARS) {
			cl_usage(cmd, "--years %s: a plan spans at most %d years", v, PLENUM_MAX_YEARS);
			return 0;
		}
		*(opt[2] == 'y' ? &o->years : &o->max_iter) = n;
		return 1;
	}
	return -1;
}

int cl_plan_option(const char *cmd, int argc, char **argv, int *k, plenum_plan_opts *o)
{
	const char *opt = argv[*k];
	if (strcmp(opt, "--verbose") == 0) {
		o->verbose = 1;
		return 1;
	}
	static const char *const with_value[] = {"--labour-hours", "--workforce", "--weeks",
	                                         "--tolerance", "--solver", "--mps",
	                                         "--objective", "--years", "--max-iter",
	                                         "--end-stocks", "--negative-targets"};
	for (size_t j = 0; j < sizeof with_value / sizeof with_value[0]; j++) {
		if (strcmp(opt, with_value[j]) != 0)
			continue;
		if (*k + 1 >= argc)
			return cl_usage(cmd, "%s needs a value", opt), -1;
		(*k)++;
		return valued(cmd, opt, argv[*k], o) == 1 ? 1 : -1;
	}
	return 0;
}

int cl_plan_account(const char *cmd, const char *opt, const plenum_economy *e,
                    const char *spec, int64_t *account, double *values, int max)
{
	const char *eq = strchr(spec, '='), *noun = opt + 2;
	char key[256];
	if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof key)
		return cl_usage(cmd, "%s needs ACCOUNT=VALUE, got '%s'", opt, spec), -1;
	memcpy(key, spec, (size_t)(eq - spec));
	key[eq - spec] = '\0';
	*account = plenum_account_find(e, key);
	if (*account < 0 && plenum_economy_accounts(e) == 0)
		return cl_error(cmd, "%s %s: the economy has no accounts (an economy directory "
		                "lists them in accounts.csv; the four-CSV format has none)", opt,
		                spec), -1;
	if (*account < 0)
		return cl_error(cmd, "%s %s: the economy has no account '%s': see accounts.csv",
		                opt, spec, key), -1;
	int n = 0;
	for (const char *s = eq + 1; n < max; n++) {
		char *end;
		values[n] = strtod(s, &end);
		if (end == s || (*end && *end != ',') || !isfinite(values[n]) || values[n] < 0)
			return cl_usage(cmd, "%s %s: %ss are numbers >= 0 separated by commas", opt,
			                spec, noun), -1;
		if (!*end)
			return n + 1;
		s = end + 1;
	}
	if (max == 1)
		return cl_usage(cmd, "%s %s: give one number per account, e.g. %s %s=450", opt,
		                spec, opt, key), -1;
	return cl_usage(cmd, "%s %s: at most %d %ss per account", opt, spec, max, noun), -1;
}

int cl_plan_per_account(const char *cmd, const char *opt, const plenum_economy *e,
                        const char *const *spec, int n, double *out)
{
	for (int64_t k = 0; k < plenum_economy_accounts(e); k++)
		out[k] = NAN;
	for (int c = 0; c < n; c++) {
		int64_t acc;
		double v;
		if (cl_plan_account(cmd, opt, e, spec[c], &acc, &v, 1) < 0)
			return CL_USAGE;
		if (!isnan(out[acc]))
			return cl_usage(cmd, "%s %s: account '%s' is given twice: give it once", opt,
			                spec[c], plenum_account_key(e, acc));
		out[acc] = v;
	}
	return CL_OK;
}

/* ---- plan ---- */

#define MAX_LIMITS 64 /* --cap and --budget options, each */

typedef struct args {
	const char *econ;
	int json;
	plenum_plan_opts o;
	const char *caps[MAX_LIMITS], *budgets[MAX_LIMITS];
	int ncaps, nbudgets;
} args;

static int parse(int argc, char **argv, args *a)
{
	plenum_plan_opts_init(&a->o);
	for (int k = 1; k < argc; k++) {
		int r = cl_plan_option("plan", argc, argv, &k, &a->o);
		if (r < 0)
			return CL_USAGE;
		if (r)
			continue;
		if (strcmp(argv[k], "--json") == 0)
			a->json = 1;
		else if (strcmp(argv[k], "--weekly-hours") == 0 && k + 1 < argc) {
			if (!positive("plan", "--weekly-hours", argv[k + 1], &a->o.weekly_hours))
				return CL_USAGE;
			if (a->o.weekly_hours > PLENUM_WEEK_HOURS)
				return cl_usage("plan", "--weekly-hours %s: a week has %d hours; give "
				                "fewer", argv[k + 1], PLENUM_WEEK_HOURS);
			k++;
		} else if ((strcmp(argv[k], "--weekly-hours") == 0 || strcmp(argv[k], "--cap") == 0 ||
		            strcmp(argv[k], "--budget") == 0) && k + 1 >= argc)
			return cl_usage("plan", "%s needs a value", argv[k]);
		else if (strcmp(argv[k], "--cap") == 0 || strcmp(argv[k], "--budget") == 0) {
			int cap = argv[k][2] == 'c', *n = cap ? &a->ncaps : &a->nbudgets;
			if (*n == MAX_LIMITS)
				return cl_usage("plan", "at most %d %s options", MAX_LIMITS, argv[k]);
			(cap ? a->caps : a->budgets)[(*n)++] = argv[++k];
		}
		else if (argv[k][0] == '-' || a->econ)
			return cl_usage("plan", "unexpected '%s'", argv[k]);
		else
			a->econ = argv[k];
	}
	if (!a->econ)
		return cl_usage("plan", "give the economy: plan ECON");
	if (!isnan(a->o.labour_hours) && (!isnan(a->o.workforce) || !isnan(a->o.weekly_hours)))
		return cl_usage("plan", "give --labour-hours H or --workforce N --weekly-hours W, "
		                "not both");
	if (isnan(a->o.workforce) != isnan(a->o.weekly_hours))
		return cl_usage("plan", "--workforce and --weekly-hours go together");
	return CL_OK;
}

/* Prints x to six significant digits, as 0 when |x| < cut (solver noise), nothing for NAN. */
static void num(FILE *f, double x, double cut)
{
	if (isnan(x))
		return;
	if (isinf(x))
		fputs(x > 0 ? "inf" : "-inf", f);
	else
		fprintf(f, "%.6g", fabs(x) < cut ? 0.0 : x);
}

/* Solver noise is relative: the cut-off for a column of quantities is NOISE times its
 * largest finite magnitude, so that 1e-12 next to 1 prints as 0 while a column whose values
 * are all about 1e-7 keeps them. A fulfilment is 0 where its net output is noise; the level
 * and harmony are ratios to the targets, solved to the LP tolerance: RATIO_NOISE times
 * max(1, largest). Targets are given, not solved: printed as they are. Shadow values and
 * hours per unit are printed as they are: a listed bottleneck has a positive one. */
#define NOISE 1e-9
#define RATIO_NOISE 1e-6

/* The largest finite |x[k] * factor| over n values, at least floor. */
static double largest(double floor, const double *x, int64_t n, double factor)
{
	double m = floor;
	for (int64_t k = 0; k < n; k++)
		if (isfinite(x[k] * factor))
			m = fmax(m, fabs(x[k] * factor));
	return m;
}

static void csv_techniques(const plenum_economy *e, const plenum_plan *p)
{
	printf("technique,product,year,activity,output,unit\n");
	double cut = NOISE * largest(0, p->activity, p->years * p->techniques, 1), out = 0;
	for (int64_t y = 0; y < p->years; y++)
		for (int64_t t = 0; t < p->techniques; t++)
			out = fmax(out, NOISE * largest(0, &p->activity[y * p->techniques + t], 1,
			                                plenum_technique_output(e, t)));
	for (int64_t y = 0; y < p->years; y++)
		for (int64_t t = 0; t < p->techniques; t++) {
			double a = p->activity[y * p->techniques + t];
			int64_t i = plenum_technique_product(e, t);
			cl_csv_field(stdout, plenum_technique_key(e, t));
			putchar(',');
			cl_csv_field(stdout, plenum_product_key(e, i));
			printf(",%lld,", (long long)y + 1);
			num(stdout, a, cut);
			putchar(',');
			num(stdout, a * plenum_technique_output(e, t), out);
			putchar(',');
			cl_csv_field(stdout, plenum_product_unit(e, i));
			putchar('\n');
		}
}

static void csv_products(const plenum_economy *e, const plenum_plan *p)
{
	printf("\nproduct,year,unit,target,net_output,fulfilment,shortfall,invested,value_h\n");
	int64_t n = p->years * p->products;
	double qty = NOISE * fmax(fmax(largest(0, p->target, n, 1), largest(0, p->net, n, 1)),
	                          largest(0, p->invest, n, 1));
	/* targets are given, not solved: never cut; a fulfilment is noise where its net
	 * output is (one tiny target's fulfilment of 1e8 must not hide the others') */
	double cuts[] = {0, qty, 0, qty, qty, NOISE * largest(0, p->value, n, 1)};
	for (int64_t y = 0; y < p->years; y++)
		for (int64_t i = 0; i < p->products; i++) {
			int64_t k = y * p->products + i;
			cl_csv_field(stdout, plenum_product_key(e, i));
			printf(",%lld,", (long long)y + 1);
			cl_csv_field(stdout, plenum_product_unit(e, i));
			double v[] = {p->target[k], p->net[k], p->fulfilment[k], p->shortfall[k],
			              p->invest[k], p->value[k]};
			cuts[2] = fabs(p->net[k]) < qty ? INFINITY : 0;
			for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
				putchar(',');
				num(stdout, v[j], cuts[j]);
			}
			putchar('\n');
		}
}

/* Capital stocks, when the plan has any: each year's stock, what its user's output needs
 * and the investment into it, then the stock handed on after the last year. */
static void csv_stocks(const plenum_economy *e, const plenum_plan *p)
{
	int64_t nk = p->stocks, ny = p->years;
	if (!nk)
		return;
	printf("\ninput,user,year,unit,stock,needed,invested\n");
	double cut = NOISE * fmax(largest(0, p->stock_level, (ny + 1) * nk, 1),
	                          fmax(largest(0, p->stock_needed, ny * nk, 1),
	                               largest(0, p->stock_invested, ny * nk, 1)));
	for (int64_t k = 0; k < nk; k++)
		for (int64_t y = 0; y <= ny; y++) {
			cl_csv_field(stdout, plenum_product_key(e, p->stock_input[k]));
			putchar(',');
			cl_csv_field(stdout, plenum_product_key(e, p->stock_user[k]));
			printf(",%lld,", (long long)y + 1);
			cl_csv_field(stdout, plenum_product_unit(e, p->stock_input[k]));
			putchar(',');
			num(stdout, p->stock_level[y * nk + k], cut);
			putchar(',');
			if (y < ny) { /* the row after the last year: what is handed on */
				num(stdout, p->stock_needed[y * nk + k], cut);
				putchar(',');
				num(stdout, p->stock_invested[y * nk + k], cut);
			} else {
				putchar(',');
			}
			putchar('\n');
		}
}

static void csv_labour_accounts(const plenum_economy *e, const plenum_plan *p)
{
	printf("\nyear,labour_h,available_h,weekly_hours_per_worker\n");
	double h = NOISE * fmax(largest(0, p->labour, p->years, 1),
	                        largest(0, p->labour_available, p->years, 1));
	double wk = NOISE * largest(0, p->weekly_hours, p->years, 1);
	for (int64_t y = 0; y < p->years; y++) {
		printf("%lld,", (long long)y + 1);
		num(stdout, p->labour[y], h);
		putchar(',');
		num(stdout, p->labour_available[y], h);
		putchar(',');
		num(stdout, p->weekly_hours[y], wk);
		putchar('\n');
	}
	if (!p->accounts)
		return;
	printf("\naccount,year,unit,emitted,cap\n");
	int64_t n = p->years * p->accounts;
	double cut = NOISE * fmax(largest(0, p->emitted, n, 1), largest(0, p->cap, n, 1));
	for (int64_t y = 0; y < p->years; y++)
		for (int64_t a = 0; a < p->accounts; a++) {
			cl_csv_field(stdout, plenum_account_key(e, a));
			printf(",%lld,", (long long)y + 1);
			cl_csv_field(stdout, plenum_account_unit(e, a));
			putchar(',');
			num(stdout, p->emitted[y * p->accounts + a], cut);
			putchar(',');
			num(stdout, p->cap[y * p->accounts + a], cut);
			putchar('\n');
		}
}

/* What account a emitted over all years. */
static double emitted_in_all(const plenum_plan *p, int64_t a)
{
	double sum = 0;
	for (int64_t y = 0; y < p->years; y++)
		sum += p->emitted[y * p->accounts + a];
	return sum;
}

static int has_budget(const plenum_plan *p)
{
	for (int64_t a = 0; a < p->accounts; a++)
		if (isfinite(p->budget[a]))
			return 1;
	return 0;
}

/* Budgets, when the plan has any: each such account's emissions over all years against
 * it. */
static void csv_budgets(const plenum_economy *e, const plenum_plan *p)
{
	if (!has_budget(p))
		return;
	printf("\naccount,unit,emitted_all_years,budget\n");
	for (int64_t a = 0; a < p->accounts; a++) {
		if (!isfinite(p->budget[a]))
			continue;
		double v[] = {emitted_in_all(p, a), p->budget[a]};
		double cut = NOISE * largest(0, v, 2, 1);
		cl_csv_field(stdout, plenum_account_key(e, a));
		putchar(',');
		cl_csv_field(stdout, plenum_account_unit(e, a));
		putchar(',');
		num(stdout, v[0], cut);
		putchar(',');
		num(stdout, v[1], cut);
		putchar('\n');
	}
}

static void csv_bottlenecks(const plenum_plan *p)
{
	printf("\nbottleneck,kind,year,limit,used,shadow,hours_per_unit\n");
	for (int64_t k = 0; k < p->nbottlenecks; k++) {
		const plenum_bottleneck *b = &p->bottlenecks[k];
		cl_csv_field(stdout, b->what);
		printf(",%s,", plenum_limit_name(b->kind));
		if (b->year >= 0) /* empty for a limit over all years */
			printf("%lld", (long long)b->year + 1);
		putchar(',');
		double v[] = {b->limit, b->used, b->shadow, b->hours};
		double cut = NOISE * largest(0, v, 2, 1), cuts[] = {cut, cut, 0, 0};
		for (size_t j = 0; j < 4; j++) {
			num(stdout, v[j], cuts[j]);
			putchar(j < 3 ? ',' : '\n');
		}
	}
}

static void csv_summary(const plenum_plan *p, int first)
{
	printf("%sobjective,status,level,harmony,harmony_bound,labour_h,solver,lp_solves,"
	       "iterations,gap,seconds,message\n%s,%s,", first ? "" : "\n",
	       plenum_objective_name(p->objective), plenum_plan_status_name(p->status));
	double lab = 0, avail = 0;
	for (int64_t y = 0; y < p->years; y++) {
		lab += p->labour[y];
		avail += isfinite(p->labour_available[y]) ? p->labour_available[y] : 0;
	}
	double v[] = {p->level, p->harmony, p->harmony_bound, lab};
	/* the level against itself, harmony against its bound: a level of 1e10 (a plan bound
	 * only by a huge cap) must not cut a harmony of 46; hours as the year rows cut them
	 * (against the hours available too: 3e-12 hours printed 0 there and 3.03e-12 here) */
	double h = RATIO_NOISE * largest(1, v + 1, 2, 1);
	double cuts[] = {RATIO_NOISE * largest(1, v, 1, 1), h, h, NOISE * fmax(fabs(lab), avail)};
	for (size_t j = 0; j < 4; j++) {
		num(stdout, v[j], cuts[j]);
		putchar(',');
	}
	printf("%s,%lld,%lld,", p->solver ? p->solver : "", (long long)p->lp_solves,
	       (long long)p->iterations);
	num(stdout, p->gap, NOISE); /* relative already */
	printf(",%.3f,", p->seconds);
	cl_csv_field(stdout, p->message);
	putchar('\n');
}

/* JSON numbers: finite ones as they are, the rest as null. */
static void jvalue(double x)
{
	if (isfinite(x))
		cl_number(stdout, x);
	else
		fputs("null", stdout);
}

static void jnum(const char *key, double x, int comma)
{
	printf("\"%s\":", key);
	jvalue(x);
	if (comma)
		putchar(',');
}

static void json_year(const plenum_economy *e, const plenum_plan *p, int64_t y)
{
	printf("{\"year\":%lld,", (long long)y + 1);
	jnum("labour_h", p->labour[y], 1);
	jnum("available_h", p->labour_available[y], 1);
	jnum("weekly_hours_per_worker", p->weekly_hours[y], 1);
	printf("\"techniques\":[");
	for (int64_t t = 0; t < p->techniques; t++) {
		double act = p->activity[y * p->techniques + t];
		printf("%s{\"key\":", t ? "," : "");
		cl_json_string(stdout, plenum_technique_key(e, t));
		printf(",\"product\":");
		cl_json_string(stdout, plenum_product_key(e, plenum_technique_product(e, t)));
		putchar(',');
		jnum("activity", act, 1);
		jnum("output", act * plenum_technique_output(e, t), 0);
		putchar('}');
	}
	printf("],\"products\":[");
	for (int64_t i = 0; i < p->products; i++) {
		int64_t k = y * p->products + i;
		printf("%s{\"key\":", i ? "," : "");
		cl_json_string(stdout, plenum_product_key(e, i));
		printf(",\"unit\":");
		cl_json_string(stdout, plenum_product_unit(e, i));
		putchar(',');
		jnum("target", p->target[k], 1);
		jnum("net_output", p->net[k], 1);
		jnum("fulfilment", p->fulfilment[k], 1);
		jnum("shortfall", p->shortfall[k], 1);
		jnum("invested", p->invest[k], 1);
		jnum("value_h", p->value[k], 0);
		putchar('}');
	}
	printf("],\"accounts\":[");
	for (int64_t a = 0; a < p->accounts; a++) {
		printf("%s{\"key\":", a ? "," : "");
		cl_json_string(stdout, plenum_account_key(e, a));
		printf(",\"unit\":");
		cl_json_string(stdout, plenum_account_unit(e, a));
		putchar(',');
		jnum("emitted", p->emitted[y * p->accounts + a], 1);
		jnum("cap", p->cap[y * p->accounts + a], 0);
		putchar('}');
	}
	printf("]}");
}

static void json_array(const char *key, const double *x, int64_t n, int64_t stride,
                       int comma)
{
	printf("\"%s\":[", key);
	for (int64_t k = 0; k < n; k++) {
		if (k)
			putchar(',');
		jvalue(x[k * stride]);
	}
	printf(comma ? "]," : "]");
}

/* "stocks": per stock its input, user and unit, and per year stock, needed and invested;
 * `stock` has one more entry: what the plan hands on after the last year. */
static void json_stocks(const plenum_economy *e, const plenum_plan *p)
{
	int64_t nk = p->stocks, ny = p->years;
	printf(",\"stocks\":[");
	for (int64_t k = 0; k < nk; k++) {
		printf("%s{\"input\":", k ? "," : "");
		cl_json_string(stdout, plenum_product_key(e, p->stock_input[k]));
		printf(",\"user\":");
		cl_json_string(stdout, plenum_product_key(e, p->stock_user[k]));
		printf(",\"unit\":");
		cl_json_string(stdout, plenum_product_unit(e, p->stock_input[k]));
		putchar(',');
		json_array("stock", p->stock_level + k, ny + 1, nk, 1);
		json_array("needed", p->stock_needed + k, ny, nk, 1);
		json_array("invested", p->stock_invested + k, ny, nk, 0);
		putchar('}');
	}
	putchar(']');
}

/* "budgets": per account with a budget, what it emitted over all years and the budget. */
static void json_budgets(const plenum_economy *e, const plenum_plan *p)
{
	printf(",\"budgets\":[");
	for (int64_t a = 0, n = 0; a < p->accounts; a++) {
		if (!isfinite(p->budget[a]))
			continue;
		printf("%s{\"key\":", n++ ? "," : "");
		cl_json_string(stdout, plenum_account_key(e, a));
		printf(",\"unit\":");
		cl_json_string(stdout, plenum_account_unit(e, a));
		putchar(',');
		jnum("emitted_all_years", emitted_in_all(p, a), 1);
		jnum("budget", p->budget[a], 0);
		putchar('}');
	}
	putchar(']');
}

static void json_plan(const plenum_economy *e, const plenum_plan *p)
{
	printf("{\"objective\":\"%s\",\"status\":\"%s\",\"message\":",
	       plenum_objective_name(p->objective), plenum_plan_status_name(p->status));
	cl_json_string(stdout, p->message);
	putchar(',');
	jnum("level", p->level, 1);
	jnum("objective_value", p->objective_value, 1);
	jnum("harmony", p->harmony, 1);
	jnum("harmony_bound", p->harmony_bound, 1);
	printf("\"solver\":{\"backend\":\"%s\",\"lp_solves\":%lld,\"iterations\":%lld,",
	       p->solver ? p->solver : "", (long long)p->lp_solves, (long long)p->iterations);
	jnum("gap", p->gap, 1);
	jnum("primal_residual", p->primal_residual, 1);
	jnum("dual_residual", p->dual_residual, 1);
	jnum("seconds", p->seconds, 0);
	printf("},\"years\":[");
	for (int64_t y = 0; y < p->years; y++) {
		if (y)
			putchar(',');
		json_year(e, p, y);
	}
	putchar(']');
	json_stocks(e, p);
	json_budgets(e, p);
	printf(",\"bottlenecks\":[");
	for (int64_t k = 0; k < p->nbottlenecks; k++) {
		const plenum_bottleneck *b = &p->bottlenecks[k];
		printf("%s{\"what\":", k ? "," : "");
		cl_json_string(stdout, b->what);
		printf(",\"kind\":\"%s\",\"year\":", plenum_limit_name(b->kind));
		if (b->year >= 0)
			printf("%lld,", (long long)b->year + 1);
		else
			printf("null,"); /* a limit over all years */
		jnum("limit", b->limit, 1);
		jnum("used", b->used, 1);
		jnum("shadow", b->shadow, 1);
		jnum("hours_per_unit", b->hours, 0);
		putchar('}');
	}
	printf("]}\n");
}

static int show(const plenum_economy *e, const plenum_plan *p, int json)
{
	if (json) {
		json_plan(e, p);
	} else if (p->status == PLENUM_PLAN_UNBOUNDED || p->status == PLENUM_PLAN_NUMERICAL ||
	           isnan(p->level)) { /* e.g. a limit before any point */
		csv_summary(p, 1); /* no plan to show */
	} else {
		csv_techniques(e, p);
		csv_products(e, p);
		csv_stocks(e, p);
		csv_labour_accounts(e, p);
		csv_budgets(e, p);
		csv_bottlenecks(p);
		csv_summary(p, 0);
	}
	if (p->status == PLENUM_PLAN_OPTIMAL)
		return CL_OK;
	return cl_error("plan", "%s", p->message[0] ? p->message : plenum_plan_status_name(p->status));
}

static int run(int argc, char **argv)
{
	for (int k = 1; k < argc; k++) /* --db: the bridge to the councils (cmd_plan_db.c) */
		if (strcmp(argv[k], "--db") == 0)
			return cc_plan_db(argc, argv);
	args a = {0};
	int rc = parse(argc, argv, &a);
	if (rc)
		return rc;
	plenum_economy *e = NULL;
	plenum_horizon *h = NULL;
	if (cl_plan_open("plan", a.econ, a.o.years, &e, &h))
		return CL_FAIL;
	size_t na = (size_t)plenum_economy_accounts(e);
	double *caps = calloc(na + 1, sizeof *caps), *budgets = calloc(na + 1, sizeof *budgets);
	rc = !caps || !budgets ? cl_error("plan", "out of memory")
	     : cl_plan_per_account("plan", "--cap", e, a.caps, a.ncaps, caps);
	if (!rc)
		rc = cl_plan_per_account("plan", "--budget", e, a.budgets, a.nbudgets, budgets);
	plenum_plan *p = NULL;
	if (!rc) {
		plenum_diag d = {0};
		a.o.caps = caps;
		a.o.budgets = budgets;
		a.o.horizon = h;
		int st = plenum_plan_compute(e, &a.o, &p, &d);
		cl_warnings("plan", &d);
		rc = st ? cl_report("plan", st, &d) : show(e, p, a.json);
	}
	plenum_plan_free(p);
	free(caps);
	free(budgets);
	plenum_horizon_free(h);
	plenum_economy_free(e);
	return rc;
}

const cl_command cl_cmd_plan = {
	"plan",
	"plan ECON [--objective balanced|harmony|least-labour] [--labour-hours H | --workforce N "
	"--weekly-hours W] [--weeks W] [--cap ACCOUNT=VALUE ...] [--budget ACCOUNT=VALUE ...] "
	"[--years Y] [--end-stocks F] [--negative-targets refuse|zero] [--tolerance T] "
	"[--solver auto|clp|glpk|pdlp] [--max-iter N] [--mps FILE] [--json] [--verbose]; "
	"or plan --db FILE ECON [...]",
	"compute the best plan: activity per technique, fulfilment, labour, caps, bottlenecks",
	"ECON is an economy directory (or binary file) whose demand.csv gives the targets, or a\n"
	"multi-year directory in the four-CSV format of Cockshott's harmony planner\n"
	"(docs/planner.md). An economy directory may also hold\n"
	"stocks.csv (capital stocks: input,user,per_unit,initial,depreciation), years.csv\n"
	"(year,hours), targets.csv (year,product,quantity), caps.csv (year,account,cap):\n"
	"the plan then chains the stocks over the years, investment in one year adding to the\n"
	"next, with each year's targets, hours and caps (docs/formats.md).\n\n"
	"Objectives:\n"
	"  balanced      the largest common fulfilment level s (net output >= s x target for\n"
	"                every target), then the fewest hours with s held (default)\n"
	"  harmony       the largest sum of Cockshott's harmony over targets, solved as the\n"
	"                concave program (PDLP, or cutting planes: --solver) to a certified\n"
	"                gap (the report gives harmony and its bound)\n"
	"  least-labour  every target in full with the fewest hours; the value_h column then\n"
	"                holds labour values (hours per unit)\n\n"
	"Labour: --labour-hours H per year, or --workforce N --weekly-hours W giving\n"
	"H = N x W x weeks (--weeks, default 46 working weeks a year), for every year, over the\n"
	"hours of years.csv or labtarg.csv. Without either and without those files, labour is\n"
	"unlimited.\n"
	"--cap ACCOUNT=VALUE caps an account in every year, over caps.csv and accounts.csv\n"
	"(repeat for several accounts).\n"
	"--budget ACCOUNT=VALUE limits what an account takes in all years together (a carbon\n"
	"budget), beside each year's cap; a binding one is a bottleneck with no year; the\n"
	"output adds a section of budgets (repeat for several accounts).\n"
	"--years Y plans Y years (default: the years of years.csv, else the last of targets.csv\n"
	"and caps.csv, or of labtarg.csv, else 1); at most as many as years.csv or labtarg.csv\n"
	"give.\n"
	"--end-stocks F asks every capital stock to end the plan (after the last year's wear\n"
	"and investment) at F times its first year's (1 keeps them; default none: the last\n"
	"year invests nothing, and stocks may run down).\n"
	"--negative-targets zero takes a negative target (in a national table's final demand:\n"
	"net imports) as none, with a warning; refuse (default): an error.\n"
	"--solver auto: Clp (else GLPK) up to 2500 rows + columns, PDLP above 20000, PDLP\n"
	"first between (Clp if an LP is not done in 2 iterations per row + column); harmony:\n"
	"PDLP, up to 2500 then Clp's cutting planes if not done in 100000 iterations. clp and\n"
	"glpk are exact (simplex). --tolerance T: the LP tolerance, harmony's gap (default\n"
	"1e-6; 0 < T < 1). --mps FILE writes the LP.\n\n"
	"Output: CSV sections separated by a blank line (techniques, products, capital stocks\n"
	"if any, labour, accounts, budgets when given, bottlenecks with their shadow values in\n"
	"hours per unit, a summary: status, iterations, gap, seconds), or JSON with --json.\n"
	"Exit status 1 with one line on stderr when the plan is infeasible (naming the binding\n"
	"limits), unbounded or stopped early; the report is still printed.\n\n"
	"plan --db FILE ECON [--council FED] [--period P] [--title T] [--text T]\n"
	"     [--hours-share 100,90,80] [--cap ACCOUNT=V1[,V2...] ...] [--economy-name NAME]\n"
	"     [--closes-at UNIXTIME] [--as MEMBER] [--objective O] [--weeks W] [--json]\n"
	"  The bridge from the councils' database (docs/councils.md): targets are the needs the\n"
	"  federation's members stated (FED, default the top federation), labour is the hours\n"
	"  they offer per week x --weeks; the plan is for one period, limited by the first\n"
	"  year's stocks and caps of ECON's stocks.csv and caps.csv (years.csv and targets.csv\n"
	"  are not used). A plan per variant: each share of the offered hours\n"
	"  (default 100, 90, 80 %) for each cap setting. Opens a plan-adoption motion in the\n"
	"  federation (Schulze) with the variants plus the status quo; each variant carries the\n"
	"  targets it gives the federation's workplaces (linked with 'plenum council link').\n"
	"  When the motion closes, the winner's plan is stored and its targets published.\n"
	"  Prints a row per option (motion, option, label, key, hours_share, fulfilment_level,\n"
	"  labour_h, available_h, targets).\n",
	run,
};
