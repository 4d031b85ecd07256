/* plenum plan: the best plan for an economy (or a multi-year plan directory) under one of
 * three objectives, as CSV sections or JSON (plan_csv.c, plan_json.c); and the option
 * parsing plan and variants share. */
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

/* The economy's account keys, comma-separated, cut with ", ..." to fit a message line. */
static const char *account_list(const plenum_economy *e)
{
	static char have[320];
	size_t len = 0;
	have[0] = '\0';
	for (int64_t a = 0; a < plenum_economy_accounts(e); a++) {
		const char *k = plenum_account_key(e, a);
		size_t need = strlen(k) + (a ? 2 : 0);
		if (len + need + 6 > sizeof have) { /* room for ", ..." and the NUL */
			memcpy(have + len, ", ...", 6);
			break;
		}
		len += (size_t)snprintf(have + len, sizeof have - len, "%s%s", a ? ", " : "", k);
	}
	return have;
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
	if (*account < 0) /* name the ones it has: the fix is usually a typo */
		return cl_error(cmd, "%s %s: the economy has no account '%s'; it has %s", opt, spec,
		                key, account_list(e)), -1;
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
	int weeks; /* --weeks was given */
} args;

static int parse(int argc, char **argv, args *a)
{
	plenum_plan_opts_init(&a->o);
	for (int k = 1; k < argc; k++) {
		a->weeks |= strcmp(argv[k], "--weeks") == 0; /* an option here, never a value */
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
	if (a->weeks && isnan(a->o.workforce)) /* it would do nothing */
		return cl_usage("plan", "--weeks counts the weeks a workforce works in a year: give "
		                "it with --workforce and --weekly-hours, or leave it out");
	return CL_OK;
}

static int show(const plenum_economy *e, const plenum_plan *p, int json)
{
	if (json) {
		cl_plan_json(e, p);
	} else if (p->status == PLENUM_PLAN_UNBOUNDED || p->status == PLENUM_PLAN_NUMERICAL ||
	           isnan(p->level)) { /* e.g. a limit before any point */
		cl_plan_csv_summary(p, 1); /* no plan to show */
	} else if (cl_plan_csv(e, p)) {
		return CL_FAIL;
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
