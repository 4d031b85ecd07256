/* What plenum values, output and info share: their options (the solver's among them),
 * opening the economy, the result's destination and the solver's report. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/commands_economy.h"

static const char *const method_names[] = {"auto", "jacobi", "gauss-seidel", "gmres"};

const char *cl_method_name(plenum_method m)
{
	unsigned k = (unsigned)m;
	return k < sizeof method_names / sizeof method_names[0] ? method_names[k] : "?";
}

static int method_of(const char *cmd, const char *s, plenum_method *out)
{
	for (size_t k = 0; k < sizeof method_names / sizeof method_names[0]; k++)
		if (strcmp(s, method_names[k]) == 0) {
			*out = (plenum_method)k;
			return 1;
		}
	cl_usage(cmd, "--method needs auto, jacobi, gauss-seidel or gmres, got '%s'", s);
	return 0;
}

static int whole(const char *cmd, const char *opt, const char *s, int64_t lo, int64_t hi,
                 int64_t *out)
{
	if (!cl_parse_int64(cmd, opt, s, out))
		return 0;
	if (*out < lo || *out > hi) {
		if (hi == INT64_MAX)
			cl_usage(cmd, "%s needs a whole number >= %lld, got '%s'", opt,
			         (long long)lo, s);
		else
			cl_usage(cmd, "%s must be between %lld and %lld, got '%s'", opt,
			         (long long)lo, (long long)hi, s);
		return 0;
	}
	return 1;
}

/* The options with a value, in one table: the ones a command takes (per `takes`). */
static int valued(cl_econ_args *a, unsigned takes, const char *opt, const char *v)
{
	const char *cmd = a->cmd;
	int64_t n;
	if (strcmp(opt, "-o") == 0 || strcmp(opt, "--output") == 0)
		return (a->out = v) != NULL;
	if (strcmp(opt, "--digits") == 0) {
		if (!whole(cmd, opt, v, 1, 17, &n))
			return 0;
		a->digits = (int)n;
		return 1;
	}
	if ((takes & CL_ECON_DEMAND) && strcmp(opt, "--demand") == 0)
		return (a->demand = v) != NULL;
	if (!(takes & CL_ECON_SOLVER))
		return -1;
	if (strcmp(opt, "--method") == 0)
		return method_of(cmd, v, &a->o.method);
	if (strcmp(opt, "--max-iter") == 0)
		return whole(cmd, opt, v, 1, INT64_MAX, &a->o.max_iter);
	if (strcmp(opt, "--threads") == 0) {
		if (!whole(cmd, opt, v, 0, 4096, &n))
			return 0;
		a->o.threads = (int)n;
		return 1;
	}
	if (strcmp(opt, "--tolerance") == 0) {
		if (!cl_parse_double(cmd, opt, v, &a->o.tolerance))
			return 0;
		if (a->o.tolerance > 0 && a->o.tolerance < 1)
			return 1;
		cl_usage(cmd, "--tolerance needs a number between 0 and 1 (e.g. 1e-10), got '%s'",
		         v);
		return 0;
	}
	return -1;
}

static int is_valued(const char *opt)
{
	static const char *const names[] = {"-o",       "--output",   "--digits", "--demand",
	                                    "--method", "--max-iter", "--threads", "--tolerance"};
	for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
		if (strcmp(opt, names[k]) == 0)
			return 1;
	return 0;
}

/* Takes argv[*k] (an option with its value as "--opt V" or "--opt=V", a flag or ECON). */
static int take(cl_econ_args *a, unsigned takes, int argc, char **argv, int *k)
{
	const char *arg = argv[*k], *eq = strchr(arg, '=');
	char opt[32];
	if (strcmp(arg, "--json") == 0)
		return a->json = 1;
	if (strcmp(arg, "--strict") == 0)
		return a->strict = 1;
	if (arg[0] != '-') {
		if (a->econ)
			return cl_usage(a->cmd, "one economy only: '%s' after '%s'", arg, a->econ),
			       0;
		return (a->econ = arg) != NULL;
	}
	const char *v = NULL;
	if (eq && arg[1] == '-' && (size_t)(eq - arg) < sizeof opt) {
		memcpy(opt, arg, (size_t)(eq - arg));
		opt[eq - arg] = '\0';
		v = eq + 1;
	} else if (is_valued(arg)) {
		snprintf(opt, sizeof opt, "%s", arg);
		if (*k + 1 >= argc)
			return cl_usage(a->cmd, "%s needs a value", arg), 0;
		v = argv[++*k];
	}
	int r = v ? valued(a, takes, opt, v) : -1;
	if (r < 0)
		return cl_usage(a->cmd, "unknown option '%s': see 'plenum %s --help'", arg,
		                a->cmd),
		       0;
	return r;
}

int cl_econ_parse(const char *cmd, unsigned takes, int argc, char **argv, cl_econ_args *a)
{
	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	plenum_solve_opts_init(&a->o);
	for (int k = 1; k < argc; k++)
		if (!take(a, takes, argc, argv, &k))
			return CL_USAGE;
	if (!a->econ)
		return cl_usage(cmd, "give the economy: an economy directory or a binary economy "
		                "file");
	return CL_OK;
}

int cl_econ_open(const cl_econ_args *a, plenum_economy **e)
{
	plenum_diag d = {0};
	/* Negative demand is warned about only where the economy's demand is used (values took
	 * the negative demand of a national table for "the worst" of its warnings, above the
	 * negative input coefficients that do change values). */
	int own_demand = strcmp(a->cmd, "output") == 0 && !a->demand;
	int rc = plenum_economy_open(a->econ, (a->strict ? PLENUM_READ_STRICT : 0) |
	                                      (own_demand ? 0 : PLENUM_READ_SIGNED_DEMAND), e, &d);
	if (rc)
		return cl_report(a->cmd, rc, &d);
	cl_warnings(a->cmd, &d);
	return CL_OK;
}

int cl_sink_open(const cl_econ_args *a, cl_sink *s)
{
	memset(s, 0, sizeof *s);
	s->f = stdout;
	if (!a->out)
		return CL_OK;
	s->path = a->out;
	plenum_diag d = {0};
	if (ut_wfile_open(&s->w, a->out, &d) != PLENUM_OK)
		return cl_error(a->cmd, "-o %s", d.message);
	if (!(s->f = fdopen(s->w.fd, "w"))) {
		int err = errno;
		ut_wfile_abort(&s->w);
		return cl_error(a->cmd, "-o %s: %s", a->out, strerror(err));
	}
	return CL_OK;
}

int cl_sink_close(const cl_econ_args *a, cl_sink *s, int ok)
{
	int failed = fflush(s->f) != 0 || ferror(s->f);
	int err = failed ? (errno ? errno : EIO) : 0;
	if (!s->path) {
		if (failed && ok)
			return cl_error(a->cmd, "writing standard output failed (%s)",
			                strerror(err));
		return CL_OK;
	}
	if (fclose(s->f) != 0 && !err)
		err = errno;
	s->w.fd = -1; /* fclose closed it */
	if (!ok) {
		ut_wfile_abort(&s->w);
		return CL_OK;
	}
	plenum_diag d = {0};
	if (ut_wfile_close(&s->w, err, &d) || ut_wfile_commit(&s->w, &d))
		return cl_error(a->cmd, "-o %s", d.message);
	return CL_OK;
}

void cl_econ_number(const cl_econ_args *a, FILE *f, double x)
{
	if (a->digits && isfinite(x))
		fprintf(f, "%.*g", a->digits, x == 0 ? 0.0 : x); /* no "-0" */
	else
		cl_number(f, x);
}

void cl_solve_summary(const cl_econ_args *a, const plenum_solve_info *info)
{
	fprintf(stderr, "plenum %s: %s, %lld iteration%s, residual %.3g (tolerance %.3g), %.3f s\n",
	        a->cmd, cl_method_name(info->method), (long long)info->iterations,
	        info->iterations == 1 ? "" : "s", info->residual, a->o.tolerance, info->seconds);
}

void cl_labour_note(const cl_econ_args *a, const plenum_economy *e)
{
	char said[400];
	if (!plenum_economy_labour_in_hours(e))
		fprintf(stderr, "plenum %s: labour is counted in %s, not hours (labour.csv)\n", a->cmd,
		        plenum_economy_labour_said(e, said, sizeof said));
}

void cl_solve_json(FILE *f, const cl_econ_args *a, const plenum_solve_info *info)
{
	fprintf(f, "{\"method\":\"%s\",\"iterations\":%lld,\"residual\":",
	        cl_method_name(info->method), (long long)info->iterations);
	cl_number(f, info->residual);
	fputs(",\"tolerance\":", f);
	cl_number(f, a->o.tolerance);
	fprintf(f, ",\"converged\":%s,\"seconds\":", info->converged ? "true" : "false");
	cl_number(f, info->seconds);
	fputc('}', f);
}

void cl_account_json(FILE *f, const plenum_economy *e, int64_t k)
{
	fputs("\"key\":", f);
	cl_json_string(f, plenum_account_key(e, k));
	fputs(",\"name\":", f);
	cl_json_string(f, plenum_account_name(e, k));
	fputs(",\"unit\":", f);
	cl_json_string(f, plenum_account_unit(e, k));
}
