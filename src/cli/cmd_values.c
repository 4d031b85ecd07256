/* plenum values: labour values v = vA + l and the embodied accounts of every product, as CSV
 * (product,labour,one column per account) or JSON. */
#include <stdint.h>
#include <stdlib.h>
#include "cli/commands_economy.h"

static void csv(const cl_econ_args *a, FILE *f, const plenum_economy *e, const double *v,
                const double *emb)
{
	int64_t n = plenum_economy_products(e), na = plenum_economy_accounts(e);
	fputs("product,labour", f);
	for (int64_t k = 0; k < na; k++) {
		fputc(',', f);
		cl_csv_field(f, plenum_account_key(e, k));
	}
	fputc('\n', f);
	for (int64_t i = 0; i < n; i++) {
		cl_csv_field(f, plenum_product_key(e, i));
		fputc(',', f);
		cl_econ_number(a, f, v[i]);
		for (int64_t k = 0; k < na; k++) {
			fputc(',', f);
			cl_econ_number(a, f, emb[k * n + i]);
		}
		fputc('\n', f);
	}
}

static void json_accounts(FILE *f, const plenum_economy *e)
{
	fputs("\"accounts\":[", f);
	for (int64_t k = 0; k < plenum_economy_accounts(e); k++) {
		fputs(k ? ",{" : "{", f);
		cl_account_json(f, e, k);
		fputc('}', f);
	}
	fputs("],", f);
}

static void json(const cl_econ_args *a, FILE *f, const plenum_economy *e, const double *v,
                 const double *emb, const plenum_solve_info *info)
{
	int64_t n = plenum_economy_products(e), na = plenum_economy_accounts(e);
	fputs("{\"economy\":", f);
	cl_json_string(f, a->econ);
	fprintf(f, ",\"products\":%lld,\"labour_unit\":", (long long)n);
	cl_json_string(f, plenum_economy_labour_unit(e));
	fputs(",\"solver\":", f);
	cl_solve_json(f, a, info);
	fputc(',', f);
	json_accounts(f, e);
	fputs("\"values\":[", f);
	for (int64_t i = 0; i < n; i++) {
		fputs(i ? ",\n{\"product\":" : "\n{\"product\":", f);
		cl_json_string(f, plenum_product_key(e, i));
		fputs(",\"unit\":", f);
		cl_json_string(f, plenum_product_unit(e, i));
		fputs(",\"labour\":", f);
		cl_econ_number(a, f, v[i]);
		fputs(",\"embodied\":{", f);
		for (int64_t k = 0; k < na; k++) {
			if (k)
				fputc(',', f);
			cl_json_string(f, plenum_account_key(e, k));
			fputc(':', f);
			cl_econ_number(a, f, emb[k * n + i]);
		}
		fputs("}}", f);
	}
	fputs("]}\n", f);
}

static int compute(const cl_econ_args *a, const plenum_economy *e)
{
	int64_t n = plenum_economy_products(e), na = plenum_economy_accounts(e);
	plenum_solve_info info = {0};
	plenum_diag d = {0};
	cl_sink s;
	if (na && (uint64_t)n > SIZE_MAX / sizeof(double) / (uint64_t)na)
		return cl_error(a->cmd, "%s: too many products times accounts to hold", a->econ);
	double *v = malloc((size_t)n * sizeof *v + 1);
	double *emb = malloc((size_t)(n * na) * sizeof *emb + 1);
	int rc = v && emb ? CL_OK : cl_error(a->cmd, "out of memory for %lld products",
	                                     (long long)n);
	if (rc || (rc = cl_sink_open(a, &s))) { /* a bad -o fails before the work */
		free(v);
		free(emb);
		return rc;
	}
	int st = plenum_labour_values(e, &a->o, v, emb, &info, &d);
	if (st) {
		rc = cl_report(a->cmd, st, &d);
	} else {
		cl_warnings(a->cmd, &d);
		cl_solve_summary(a, &info);
		cl_labour_note(a, e);
		if (a->json)
			json(a, s.f, e, v, emb, &info);
		else
			csv(a, s.f, e, v, emb);
	}
	rc = cl_sink_close(a, &s, !rc) ? CL_FAIL : rc;
	free(v);
	free(emb);
	return rc;
}

static int run(int argc, char **argv)
{
	cl_econ_args a;
	plenum_economy *e = NULL;
	int rc = cl_econ_parse("values", CL_ECON_SOLVER, argc, argv, &a);
	if (rc)
		return rc;
	if (cl_econ_open(&a, &e))
		return CL_FAIL;
	rc = compute(&a, e);
	plenum_economy_free(e);
	return rc;
}

const cl_command cl_cmd_values = {
	"values",
	"values ECON [--json] [--method auto|jacobi|gauss-seidel|gmres] [--tolerance T] "
	"[--max-iter N] [--threads N] [--strict] [--digits D] [-o FILE]",
	"labour values and embodied accounts of every product",
	"Solves v = vA + l for the labour value of every product: the hours of labour a unit\n"
	"takes, directly and through all its inputs (A: inputs per unit of output, l: labour\n"
	"per unit of output). Each account (emissions, resources) is embodied the same way.\n"
	"Labour is hours unless the economy's labour.csv names another unit (an imported\n"
	"table's pay or jobs): then the values count that, and stderr says so.\n"
	"ECON is an economy directory (docs/formats.md) or a binary economy file. Every product\n"
	"needs exactly one technique (the Leontief case); an economy that cannot make a surplus\n"
	"is an error that names the products of the cycle that eats more than it makes.\n"
	"\n"
	"Output: CSV on stdout, header product,labour and one column per account (its key),\n"
	"then a row per product with the amounts embodied in one unit of it; or one JSON object\n"
	"with --json (labour_unit, solver, accounts with names and units, values per product).\n"
	"A summary on stderr gives the method used, iterations, final relative residual and\n"
	"seconds.\n"
	"\n"
	"options:\n"
	CL_ECON_SOLVER_HELP
	"\n"
	"example: plenum values tests/data/uk_ons_2010/economy --digits 6\n",
	run,
};
