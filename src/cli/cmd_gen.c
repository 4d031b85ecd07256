/* plenum gen: writes a productive synthetic economy (plenum_economy_generate) as an economy
 * directory or a binary economy file. */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

typedef struct gen_args {
	plenum_gen_opts o;
	const char *out;
	int binary;
} gen_args;

/* The value of option argv[*k] ("--opt V" or "--opt=V"), or NULL when it is not opt. */
static const char *value_of(const char *opt, int argc, char **argv, int *k, int *missing)
{
	size_t n = strlen(opt);
	if (strncmp(argv[*k], opt, n) != 0)
		return NULL;
	if (argv[*k][n] == '=')
		return argv[*k] + n + 1;
	if (argv[*k][n] != '\0')
		return NULL;
	if (*k + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*k];
}

static int number_opt(const char *opt, const char *v, int64_t lo, int64_t hi, int64_t *out)
{
	if (!cl_parse_int64("gen", opt, v, out))
		return 0;
	if (*out < lo || *out > hi) {
		cl_usage("gen", "%s must be between %lld and %lld, got %lld", opt, (long long)lo,
		         (long long)hi, (long long)*out);
		return 0;
	}
	return 1;
}

/* Parses one argument at argv[*k]; returns 1, or 0 after a usage error. */
static int parse_one(gen_args *a, int argc, char **argv, int *k)
{
	int missing = 0;
	int64_t v;
	const char *s;
	if ((s = value_of("--products", argc, argv, k, &missing)))
		return number_opt("--products", s, 1, 2147483646, &a->o.products);
	if ((s = value_of("--inputs", argc, argv, k, &missing)))
		return number_opt("--inputs", s, 0, 1000, &a->o.inputs);
	if ((s = value_of("--seed", argc, argv, k, &missing))) {
		if (!number_opt("--seed", s, 0, INT64_MAX, &v))
			return 0;
		a->o.seed = (uint64_t)v;
		return 1;
	}
	if ((s = value_of("--techniques", argc, argv, k, &missing))) {
		if (!number_opt("--techniques", s, 1, 99, &v))
			return 0;
		a->o.techniques_per_product = (int)v;
		return 1;
	}
	if (!missing && ((s = value_of("-o", argc, argv, k, &missing)) ||
	                 (s = value_of("--output", argc, argv, k, &missing)))) {
		a->out = s;
		return 1;
	}
	if (missing)
		return cl_usage("gen", "%s needs a value", argv[*k]), 0;
	if (strcmp(argv[*k], "--binary") == 0)
		return a->binary = 1;
	if (strcmp(argv[*k], "--capacities") == 0)
		return a->o.capacities = 1;
	return cl_usage("gen", "unknown argument '%s'", argv[*k]), 0;
}

static int parse(gen_args *a, int argc, char **argv)
{
	memset(a, 0, sizeof *a);
	a->o.inputs = 20;
	a->o.seed = 1;
	a->o.techniques_per_product = 1;
	a->o.products = -1;
	for (int k = 1; k < argc; k++)
		if (!parse_one(a, argc, argv, &k))
			return 0;
	if (a->o.products < 0)
		return cl_usage("gen", "--products is required"), 0;
	if (!a->out)
		return cl_usage("gen", "-o DIR (or -o FILE with --binary) is required"), 0;
	return 1;
}

static int run(int argc, char **argv)
{
	gen_args a;
	plenum_diag d = {0};
	plenum_economy *e = NULL;
	if (!parse(&a, argc, argv))
		return CL_USAGE;
	int rc = plenum_economy_generate(&a.o, &e, &d);
	if (!rc)
		rc = a.binary ? plenum_economy_write_binary(e, a.out, &d)
		              : plenum_economy_write_dir(e, a.out, &d);
	if (rc) {
		plenum_economy_free(e);
		return cl_report("gen", rc, &d);
	}
	int64_t np = plenum_economy_products(e), nt = plenum_economy_techniques(e),
	        nin = plenum_economy_inputs(e);
	fprintf(stderr, "plenum gen: %lld product%s, %lld technique%s, %lld input%s, 1 account -> %s\n",
	        (long long)np, np == 1 ? "" : "s", (long long)nt, nt == 1 ? "" : "s",
	        (long long)nin, nin == 1 ? "" : "s", a.out);
	plenum_economy_free(e);
	return CL_OK;
}

const cl_command cl_cmd_gen = {
	"gen",
	"gen --products N [--inputs K] [--seed S] [--techniques T] [--capacities] -o DIR "
	"[--binary]",
	"generate a productive synthetic economy",
	"Writes a synthetic economy of N products that the engine and the planner can work on:\n"
	"each product made by one technique (T with --techniques) with about K inputs (default\n"
	"20; the counts are skewed, suppliers cluster by sector, a few hubs such as electricity\n"
	"and transport supply many), every column sum of the input matrix between 0.3 and 0.6\n"
	"(so the economy is productive), labour about 1 hour per unit (labour share about a\n"
	"half), CO2e emissions for about 30% of techniques with a cap, and demand for every\n"
	"product. The same seed (default 1) gives the same economy on every machine.\n"
	"\n"
	"options:\n"
	"  --products N     number of products (required)\n"
	"  --inputs K       mean inputs per technique, 0..1000 (default 20)\n"
	"  --seed S         seed of the generator (default 1)\n"
	"  --techniques T   techniques per product, 1..99 (default 1); alternatives have their\n"
	"                   own input mix and labour, for the planner\n"
	"  --capacities     give every technique a capacity (from an estimate of gross output)\n"
	"  -o, --output P   the economy directory to write (created if missing), or the file\n"
	"                   with --binary\n"
	"  --binary         write the binary format (docs/formats.md) instead of CSV\n"
	"\n"
	"Prints a one-line summary on stderr. Files are written to temporary names and renamed,\n"
	"so a failure leaves nothing half-written.\n"
	"\n"
	"example: plenum gen --products 1000000 --inputs 20 --seed 7 --binary -o big.plenum\n",
	run,
};
