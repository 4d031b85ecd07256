/* plenum info: an economy's vital signs (sizes, sparsity, negative coefficients, estimated
 * spectral radius of A) and the products no technique makes. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include "cli/commands_economy.h"

/* The measures in one table: name and how to read it from the stats. */
typedef struct measure {
	const char *name;
	int integer;
	int64_t i;
	double x;
} measure;

enum { NMEASURES = 13 };

static void measures(const plenum_econ_stats *s, measure *m)
{
	double per = s->techniques ? (double)s->inputs / (double)s->techniques : 0;
	measure all[NMEASURES] = {
		{"products", 1, s->products, 0},
		{"techniques", 1, s->techniques, 0},
		{"accounts", 1, s->accounts, 0},
		{"inputs", 1, s->inputs, 0},
		{"emissions", 1, s->emissions, 0},
		{"mean_inputs", 0, 0, per},
		{"max_inputs", 1, s->max_inputs, 0},
		{"density", 0, 0, s->density},
		{"negative_inputs", 1, s->negative, 0},
		{"products_without_technique", 1, s->without_technique, 0},
		{"products_with_several_techniques", 1, s->multi_technique, 0},
		{"spectral_radius", 0, 0, s->spectral_radius},
		{"mean_labour", 0, 0, s->labour_share},
	};
	for (int k = 0; k < NMEASURES; k++)
		m[k] = all[k];
}

/* A measure's value; "" in CSV and null in JSON for an unknown (NaN) number. */
static void value(const cl_econ_args *a, FILE *f, const measure *m)
{
	if (m->integer)
		fprintf(f, "%lld", (long long)m->i);
	else if (isnan(m->x))
		fputs(a->json ? "null" : "", f);
	else
		cl_econ_number(a, f, m->x);
}

static void csv(const cl_econ_args *a, FILE *f, const plenum_economy *e, const measure *m,
                const unsigned char *made)
{
	fputs("measure,value\n", f);
	for (int k = 0; k < NMEASURES; k++) {
		fprintf(f, "%s,", m[k].name);
		value(a, f, &m[k]);
		fputc('\n', f);
	}
	fputs("labour_unit,", f);
	cl_csv_field(f, plenum_economy_labour_unit(e));
	fputc('\n', f);
	if (!m[9].i)
		return;
	fputs("\nproduct_without_technique\n", f);
	for (int64_t i = 0; i < plenum_economy_products(e); i++)
		if (!made[i]) {
			cl_csv_field(f, plenum_product_key(e, i));
			fputc('\n', f);
		}
}

static void json(const cl_econ_args *a, FILE *f, const plenum_economy *e, const measure *m,
                 const unsigned char *made)
{
	fputs("{\"economy\":", f);
	cl_json_string(f, a->econ);
	for (int k = 0; k < NMEASURES; k++) {
		fprintf(f, ",\"%s\":", m[k].name);
		value(a, f, &m[k]);
	}
	fputs(",\"labour_unit\":", f);
	cl_json_string(f, plenum_economy_labour_unit(e));
	fputs(",\"without_technique\":[", f);
	for (int64_t i = 0, first = 1; i < plenum_economy_products(e); i++)
		if (!made[i]) {
			if (!first)
				fputc(',', f);
			cl_json_string(f, plenum_product_key(e, i));
			first = 0;
		}
	fputs("]}\n", f);
}

/* made[i] = 1 when some technique makes product i. */
static unsigned char *made_of(const plenum_economy *e)
{
	unsigned char *made = calloc((size_t)plenum_economy_products(e) + 1, 1);
	for (int64_t t = 0; made && t < plenum_economy_techniques(e); t++)
		made[plenum_technique_product(e, t)] = 1;
	return made;
}

/* What the numbers mean for the engine, on stderr. */
static void notes(const cl_econ_args *a, const plenum_econ_stats *s)
{
	if (s->spectral_radius >= 1)
		fprintf(stderr, "plenum %s: the spectral radius is %.6g >= 1: the economy cannot "
		        "make a surplus ('plenum values' names the products of the cycle)\n",
		        a->cmd, s->spectral_radius);
	if (s->without_technique || s->multi_technique)
		fprintf(stderr, "plenum %s: %lld products without a technique and %lld with "
		        "several: 'values' and 'output' need exactly one each ('plan' chooses "
		        "among several)\n",
		        a->cmd, (long long)s->without_technique, (long long)s->multi_technique);
}

static int show(const cl_econ_args *a, const plenum_economy *e)
{
	plenum_econ_stats s;
	plenum_diag d = {0};
	measure m[NMEASURES];
	cl_sink sink;
	unsigned char *made = made_of(e);
	if (!made)
		return cl_error(a->cmd, "out of memory");
	int rc = cl_sink_open(a, &sink); /* a bad -o fails before the work */
	if (rc) {
		free(made);
		return rc;
	}
	int st = plenum_economy_stats(e, &s, &d);
	if (st) {
		rc = cl_report(a->cmd, st, &d);
	} else {
		measures(&s, m);
		notes(a, &s);
		if (a->json)
			json(a, sink.f, e, m, made);
		else
			csv(a, sink.f, e, m, made);
	}
	rc = cl_sink_close(a, &sink, !rc) ? CL_FAIL : rc;
	free(made);
	return rc;
}

static int run(int argc, char **argv)
{
	cl_econ_args a;
	plenum_economy *e = NULL;
	int rc = cl_econ_parse("info", 0, argc, argv, &a);
	if (rc)
		return rc;
	if (cl_econ_open(&a, &e))
		return CL_FAIL;
	rc = show(&a, e);
	plenum_economy_free(e);
	return rc;
}

const cl_command cl_cmd_info = {
	"info",
	"info ECON [--json] [--strict] [--digits D] [-o FILE]",
	"an economy's sizes, sparsity, spectral radius and products without a technique",
	"Reads the economy directory or binary economy file ECON and reports, as CSV (header\n"
	"measure,value) or one JSON object with --json:\n"
	"\n"
	"  products, techniques, accounts   sizes\n"
	"  inputs, emissions                non-zero input and emission coefficients\n"
	"  mean_inputs, max_inputs          inputs per technique\n"
	"  density                          inputs / (products x techniques)\n"
	"  negative_inputs                  negative input coefficients (allowed with a warning)\n"
	"  products_without_technique       products no technique makes\n"
	"  products_with_several_techniques (values and output need exactly one)\n"
	"  spectral_radius                  an estimate of the spectral radius of |A| (of A when\n"
	"                                   no coefficient is negative): below 1 the economy can\n"
	"                                   make a surplus, and the nearer 1 the slower the\n"
	"                                   iterative solvers converge; empty (null in JSON)\n"
	"                                   when a product has no technique or several: A is\n"
	"                                   then not square\n"
	"  mean_labour                      direct labour per unit of output, the mean over\n"
	"                                   techniques\n"
	"  labour_unit                      what labour counts: h (hours), or the table's\n"
	"                                   (labour.csv: £m 2010 for the UK's compensation)\n"
	"\n"
	"then, after a blank line, the keys of the products without a technique (in JSON the\n"
	"array without_technique). Notes on what the numbers mean for 'values' and 'output' go\n"
	"to stderr.\n"
	"\n"
	"options:\n"
	"  --strict         negative input coefficients are errors, not warnings\n"
	"  --digits D       print numbers with D significant digits, 1..17\n"
	"  --json           one JSON object instead of CSV\n"
	"  -o, --output F   write to file F (replaced only when everything was written)\n",
	run,
};
