/* plenum import: a national input-output table (UK ONS, USEEIO, WIOD) turned into an economy
 * directory. The options live in one table: each names the field it sets and the formats
 * that take it. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "io/import.h"

#define UK (1u << PLENUM_IMPORT_UK_ONS)
#define US (1u << PLENUM_IMPORT_USEEIO)
#define WI (1u << PLENUM_IMPORT_WIOD)
#define FL (1u << PLENUM_IMPORT_FLOWS)

static const struct {
	const char *name;
	size_t field;    /* offset of the const char * it sets in plenum_import_opts */
	unsigned formats;
} options[] = {
	{"--flows", offsetof(plenum_import_opts, flows), UK | FL},
	{"--final", offsetof(plenum_import_opts, final), FL},
	{"--gross-output", offsetof(plenum_import_opts, gross_output), FL},
	{"--satellite", offsetof(plenum_import_opts, satellite), FL},
	{"--unit", offsetof(plenum_import_opts, unit), UK | US | WI | FL},
	{"--labels", offsetof(plenum_import_opts, labels), UK},
	{"--coefficients", offsetof(plenum_import_opts, coefficients), US},
	{"--impacts", offsetof(plenum_import_opts, impacts), US},
	{"--sectors", offsetof(plenum_import_opts, sectors), US},
	{"--indicators", offsetof(plenum_import_opts, indicators), US},
	{"--demand", offsetof(plenum_import_opts, demand), US},
	{"--niot", offsetof(plenum_import_opts, niot), WI},
	{"--sea", offsetof(plenum_import_opts, sea), WI},
	{"--country", offsetof(plenum_import_opts, country), WI},
	{"--labour", offsetof(plenum_import_opts, labour), UK | US | WI | FL},
	{"--labour-unit", offsetof(plenum_import_opts, labour_unit), US | FL},
};

typedef struct args {
	plenum_import_opts o;
	const char *out;
	unsigned given; /* bit k: options[k] was given */
} args;

static int take_option(args *a, const char *opt, const char *val)
{
	for (size_t k = 0; k < sizeof options / sizeof options[0]; k++) {
		if (strcmp(options[k].name, opt) != 0)
			continue;
		*(const char **)((char *)&a->o + options[k].field) = val;
		a->given |= 1u << k;
		return 1;
	}
	if (strcmp(opt, "--format") == 0) {
		if (!(a->o.format = plenum_import_format_find(val)))
			return cl_usage("import", "unknown format '%s': use uk-ons, useeio, wiod "
			                "or flows", val),
			       0;
		return 1;
	}
	if (strcmp(opt, "-o") == 0 || strcmp(opt, "--output") == 0) {
		a->out = val;
		return 1;
	}
	if (strcmp(opt, "--year") == 0) {
		int64_t y;
		if (!cl_parse_int64("import", opt, val, &y))
			return 0;
		if (y < 1 || y > 9999)
			return cl_usage("import", "--year %lld is not a year", (long long)y), 0;
		a->o.year = (int)y;
		return 1;
	}
	return cl_usage("import", "unknown option '%s'", opt), 0;
}

static int known_option(const char *opt)
{
	for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
		if (strcmp(options[k].name, opt) == 0)
			return 1;
	return strcmp(opt, "--format") == 0 || strcmp(opt, "-o") == 0 ||
	       strcmp(opt, "--output") == 0 || strcmp(opt, "--year") == 0;
}

/* Takes argv[*k] (and its value, "--opt VALUE" or "--opt=VALUE"). */
static int take_arg(args *a, int argc, char **argv, int *k)
{
	char opt[64];
	const char *arg = argv[*k], *eq = strchr(arg, '=');
	if (strcmp(arg, "--strict") == 0) {
		a->o.flags |= PLENUM_READ_STRICT;
		return 1;
	}
	if (strncmp(arg, "-o=", 3) == 0) /* as --output=DIR */
		return take_option(a, "-o", arg + 3);
	if (eq && arg[0] == '-' && arg[1] == '-' && (size_t)(eq - arg) < sizeof opt) {
		memcpy(opt, arg, (size_t)(eq - arg));
		opt[eq - arg] = '\0';
		return take_option(a, opt, eq + 1);
	}
	if (*k + 1 == argc && !known_option(arg)) /* unknown, with or without a value */
		return cl_usage("import", "unknown option '%s'", arg), 0;
	if (*k + 1 == argc)
		return cl_usage("import", "%s needs a value", arg), 0;
	return take_option(a, arg, argv[++*k]);
}

static int parse(int argc, char **argv, args *a)
{
	plenum_import_opts_init(&a->o);
	for (int k = 1; k < argc; k++)
		if (!take_arg(a, argc, argv, &k))
			return 0;
	if (!a->o.format)
		return cl_usage("import", "give the layout with --format uk-ons|useeio|wiod|flows"),
		       0;
	if (!a->out)
		return cl_usage("import", "give the economy directory to write with -o DIR"), 0;
	for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
		if ((a->given >> k & 1) && !(options[k].formats >> a->o.format & 1))
			return cl_usage("import", "%s does not apply to this --format", options[k].name),
			       0;
	return 1;
}

static int run(int argc, char **argv)
{
	args a = {0};
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	if (!parse(argc, argv, &a))
		return CL_USAGE;
	int rc = plenum_import(&a.o, &e, &d);
	if (rc == PLENUM_EINVAL) /* an option missing or wrong for the format: a usage error */
		return cl_usage("import", "%s", d.message);
	if (!rc)
		rc = plenum_economy_write_dir(e, a.out, &d);
	if (rc) {
		plenum_economy_free(e);
		return cl_report("import", rc, &d);
	}
	int64_t np = plenum_economy_products(e), na = plenum_economy_accounts(e);
	fprintf(stderr, "plenum import: wrote %s: %lld product%s, %lld inputs, %lld account%s\n",
	        a.out, (long long)np, np == 1 ? "" : "s", (long long)plenum_economy_inputs(e),
	        (long long)na, na == 1 ? "" : "s");
	cl_warnings("import", &d);
	plenum_economy_free(e);
	return CL_OK;
}

const cl_command cl_cmd_import = {
	"import",
	"import --format uk-ons|useeio|wiod|flows [FILES...] [--labour L] [--year Y] [--strict] "
	"-o DIR",
	"turn a national input-output table into an economy directory",
	"Reads a monetary input-output table and writes an economy directory: one product and one\n"
	"technique per product or industry of the table, inputs A_ij = Z_ij / x_j per unit of\n"
	"output, labour and accounts per unit of output, demand = the final demand columns.\n"
	"A unit of a product is its base-year money's worth (a fixed basket in kind).\n"
	"docs/import.md describes each layout, its units and how warts are handled.\n"
	"\n"
	"  --format uk-ons  ONS analytical tables (product x product domestic use, £ million)\n"
	"    --flows FILE       the use table: flows, final demand columns, Total output row\n"
	"    --labels FILE      code,label: product names (optional)\n"
	"    --labour compensation|unit   compensation of employees per £ (default) or 1\n"
	"    account GVA: gross value added (compensation + operating surplus + taxes on production)\n"
	"  --format useeio  US EPA USEEIO (per USD)\n"
	"    --coefficients FILE  A.csv direct requirements (commodity x commodity)\n"
	"    --impacts FILE       D.csv indicators per USD: one account per row (optional)\n"
	"    --sectors FILE --indicators FILE   names and units (optional)\n"
	"    --demand FILE        code,amount final demand in USD (optional)\n"
	"    --labour CODE|unit   the row of D used as labour (default JOBS) or 1\n"
	"    --labour-unit U      what that row counts (default: its unit in indicators.csv)\n"
	"  --format wiod    WIOD 2016 national IO table (USD million)\n"
	"    --niot FILE --sea FILE --year YEAR   table, socio-economic accounts, year\n"
	"    --country CCC        the table's country (default: its file name's first three\n"
	"                         letters, as WIOD names them: USA_NIOT_nov16); the accounts'\n"
	"                         rows of that country are taken\n"
	"    --labour hours|unit  hours worked by employees (H_EMPE) per USD million, or 1\n"
	"  --format flows   any square flow table (e.g. the WIOD 2013 world table)\n"
	"    --flows FILE         Z: label column, header of the same labels, money flows\n"
	"    --final FILE         final demand: a row per product, columns summed (optional)\n"
	"    --gross-output FILE  product,output (optional: else the row totals of Z and final)\n"
	"    --satellite FILE     rows of totals per product (hours, emissions): accounts\n"
	"    --labour KEY|unit    the satellite row used as labour, or 1 (default)\n"
	"    --labour-unit U      what that row counts (default h: hours)\n"
	"\n"
	"  --unit MONEY  the money of the products' unit (default £m, USD, USD m, money unit)\n"
	"  --year YEAR   (uk-ons, useeio, flows) the price year written into the unit\n"
	"  --strict      negative coefficients are errors instead of warnings\n"
	"  -o DIR        the economy directory to write (files replaced atomically)\n"
	"\n"
	"labour.csv says what labour counts: hours (wiod, a flows row of hours) or the\n"
	"table's own (uk-ons: compensation in £m; useeio: jobs; --labour unit: output).\n"
	"plan and variants take --workforce and --weekly-hours only for hours.\n",
	run,
};
