/* plenum output: the gross output x = Ax + d that a final demand d takes, with the labour and
 * the accounts (emissions, resources) it needs in all, as CSV (product,gross_output) or JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/commands_economy.h"

typedef struct result {
	double *x;      /* length n: gross output */
	double *acc;    /* length na: each account's total */
	double labour;  /* hours in all */
	plenum_solve_info info;
} result;

/* The demand: --demand FILE, else the economy's own (ECON/demand.csv or the binary's). */
static int demand_of(const cl_econ_args *a, const plenum_economy *e, double **mine,
                     const double **dem)
{
	char path[4200];
	struct stat st;
	plenum_diag d = {0};
	*dem = plenum_economy_demand(e);
	if (!a->demand) {
		snprintf(path, sizeof path, "%s/demand.csv", a->econ);
		if (stat(a->econ, &st) == 0 && S_ISDIR(st.st_mode) && access(path, F_OK) != 0)
			return cl_error(a->cmd, "%s: no demand.csv in the economy: give the final "
			                "demand with --demand FILE (product,quantity)", a->econ);
		return CL_OK;
	}
	*mine = malloc((size_t)plenum_economy_products(e) * sizeof **mine + 1);
	if (!*mine)
		return cl_error(a->cmd, "out of memory");
	int rc = plenum_demand_read(e, a->demand, *mine, &d);
	if (rc)
		return cl_report(a->cmd, rc, &d);
	cl_warnings(a->cmd, &d);
	*dem = *mine;
	return CL_OK;
}

/* Totals on stderr: "plenum output: labour 12.5 h; co2e 3.2 t". */
static void totals(const cl_econ_args *a, const plenum_economy *e, const result *r)
{
	fprintf(stderr, "plenum %s: labour ", a->cmd);
	cl_econ_number(a, stderr, r->labour);
	fprintf(stderr, " %s", plenum_economy_labour_unit(e));
	for (int64_t k = 0; k < plenum_economy_accounts(e); k++) {
		fprintf(stderr, "; %s ", plenum_account_key(e, k));
		cl_econ_number(a, stderr, r->acc[k]);
		const char *unit = plenum_account_unit(e, k);
		if (unit[0])
			fprintf(stderr, " %s", unit);
	}
	fputc('\n', stderr);
}

static void csv(const cl_econ_args *a, FILE *f, const plenum_economy *e, const result *r)
{
	fputs("product,gross_output\n", f);
	for (int64_t i = 0; i < plenum_economy_products(e); i++) {
		cl_csv_field(f, plenum_product_key(e, i));
		fputc(',', f);
		cl_econ_number(a, f, r->x[i]);
		fputc('\n', f);
	}
}

static void json(const cl_econ_args *a, FILE *f, const plenum_economy *e, const result *r)
{
	fputs("{\"economy\":", f);
	cl_json_string(f, a->econ);
	fputs(",\"demand\":", f);
	if (a->demand)
		cl_json_string(f, a->demand);
	else
		fputs("null", f);
	fprintf(f, ",\"products\":%lld,\"labour_unit\":", (long long)plenum_economy_products(e));
	cl_json_string(f, plenum_economy_labour_unit(e));
	fputs(",\"solver\":", f);
	cl_solve_json(f, a, &r->info);
	fputs(",\"labour_total\":", f);
	cl_econ_number(a, f, r->labour);
	fputs(",\"accounts\":[", f);
	for (int64_t k = 0; k < plenum_economy_accounts(e); k++) {
		fputs(k ? ",{" : "{", f);
		cl_account_json(f, e, k);
		fputs(",\"total\":", f);
		cl_econ_number(a, f, r->acc[k]);
		fputc('}', f);
	}
	fputs("],\"gross_output\":[", f);
	for (int64_t i = 0; i < plenum_economy_products(e); i++) {
		fputs(i ? ",\n{\"product\":" : "\n{\"product\":", f);
		cl_json_string(f, plenum_product_key(e, i));
		fputs(",\"unit\":", f);
		cl_json_string(f, plenum_product_unit(e, i));
		fputs(",\"gross_output\":", f);
		cl_econ_number(a, f, r->x[i]);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

static int compute(const cl_econ_args *a, const plenum_economy *e, const double *dem)
{
	int64_t n = plenum_economy_products(e), na = plenum_economy_accounts(e);
	result r = {0};
	plenum_diag d = {0};
	cl_sink s;
	r.x = malloc((size_t)n * sizeof *r.x + 1);
	r.acc = malloc((size_t)na * sizeof *r.acc + 1);
	int rc = r.x && r.acc ? CL_OK : cl_error(a->cmd, "out of memory");
	if (rc || (rc = cl_sink_open(a, &s))) { /* a bad -o fails before the work */
		free(r.x);
		free(r.acc);
		return rc;
	}
	int st = plenum_gross_output(e, dem, &a->o, r.x, &r.labour, r.acc, &r.info, &d);
	if (st) {
		rc = cl_report(a->cmd, st, &d);
	} else {
		cl_warnings(a->cmd, &d);
		cl_solve_summary(a, &r.info);
		totals(a, e, &r);
		if (a->json)
			json(a, s.f, e, &r);
		else
			csv(a, s.f, e, &r);
	}
	rc = cl_sink_close(a, &s, !rc) ? CL_FAIL : rc;
	free(r.x);
	free(r.acc);
	return rc;
}

static int run(int argc, char **argv)
{
	cl_econ_args a;
	plenum_economy *e = NULL;
	double *mine = NULL;
	const double *dem;
	int rc = cl_econ_parse("output", CL_ECON_SOLVER | CL_ECON_DEMAND, argc, argv, &a);
	if (rc)
		return rc;
	if (cl_econ_open(&a, &e))
		return CL_FAIL;
	rc = demand_of(&a, e, &mine, &dem);
	if (!rc)
		rc = compute(&a, e, dem);
	free(mine);
	plenum_economy_free(e);
	return rc;
}

const cl_command cl_cmd_output = {
	"output",
	"output ECON [--demand FILE] [--json] [--method auto|jacobi|gauss-seidel|gmres] "
	"[--tolerance T] [--max-iter N] [--threads N] [--strict] [--digits D] [-o FILE]",
	"gross output for a final demand, with the labour and accounts it takes",
	"Solves x = Ax + d for the gross output x of every product that delivers the final\n"
	"demand (net output) d, counting everything used up on the way (A: inputs per unit of\n"
	"output). The demand is --demand FILE (product,quantity; products not listed get 0), or\n"
	"the economy's own: ECON/demand.csv, or the demand inside a binary economy file.\n"
	"Every product needs exactly one technique (the Leontief case); an economy that cannot\n"
	"make a surplus is an error that names the products of the offending cycle.\n"
	"\n"
	"Output: CSV on stdout, header product,gross_output, a row per product; or one JSON\n"
	"object with --json (labour_unit, solver, labour_total, accounts with their totals, gross\n"
	"output per product). On stderr: the solver's summary (method, iterations, final relative\n"
	"residual, seconds) and the totals: labour in its unit (h, or the table's: labour.csv)\n"
	"and each account (emissions, resources) needed.\n"
	"\n"
	"options:\n"
	"  --demand FILE    the final demand to deliver (default: the economy's)\n"
	CL_ECON_SOLVER_HELP
	"\n"
	"example: plenum output tests/data/uk_ons_2010/economy --digits 6\n",
	run,
};
