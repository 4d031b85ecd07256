/* The economy commands (engine and io): src/cli/cmd_NAME.c each, and the helpers that values,
 * output and info share (src/cli/engine_common.c). */
#ifndef PLENUM_CLI_COMMANDS_ECONOMY_H
#define PLENUM_CLI_COMMANDS_ECONOMY_H
#define PLENUM_COMMANDS_ECONOMY(X) X(gen) X(import) X(values) X(output) X(info)

#include "cli/cli.h"
#include "util/util.h"

/* What values, output and info take from the command line. */
typedef struct cl_econ_args {
	const char *cmd;    /* "values", "output" or "info": for messages */
	const char *econ;   /* the economy directory or binary file */
	const char *demand; /* output: --demand FILE, NULL for the economy's own */
	const char *out;    /* -o FILE, NULL for stdout */
	int json;
	int strict;
	int digits;         /* significant digits of CSV numbers; 0: as many as read back exactly */
	plenum_solve_opts o;
} cl_econ_args;

/* Options a command takes beyond ECON, --json, --strict, -o and --digits. */
enum {
	CL_ECON_SOLVER = 1 << 0, /* --method --tolerance --max-iter --threads */
	CL_ECON_DEMAND = 1 << 1, /* --demand FILE */
};

/* The --help lines of the options that values and output both take (cl_econ_parse with
 * CL_ECON_SOLVER): the solver's, --strict, --digits, --json and -o. */
#define CL_ECON_SOLVER_HELP                                                                          \
	"  --method M       auto (default: Gauss-Seidel, GMRES when convergence is slow), jacobi,\n" \
	"                   gauss-seidel or gmres\n"                                                 \
	"  --tolerance T    stop at relative residual T, 0 < T < 1 (default 1e-10)\n"                \
	"  --max-iter N     at most N iterations (default 10000); reaching it is an error\n"         \
	"  --threads N      threads to use (default 0: all the machine offers)\n"                    \
	"  --strict         negative input coefficients are errors, not warnings\n"                  \
	"  --digits D       print numbers with D significant digits, 1..17 (default: the\n"          \
	"                   shortest form that reads back exactly)\n"                                \
	"  --json           one JSON object instead of CSV\n"                                        \
	"  -o, --output F   write to file F (replaced only when everything was written)\n"

/* Parses argv (argv[0] the command) into a. Returns CL_OK, or CL_USAGE after saying why. */
int cl_econ_parse(const char *cmd, unsigned takes, int argc, char **argv, cl_econ_args *a);

/* Opens a->econ (PLENUM_READ_STRICT with --strict, which a binary file meets by having no
 * negative input) and prints the reader's warnings. Reports errors itself: CL_OK or CL_FAIL. */
int cl_econ_open(const cl_econ_args *a, plenum_economy **e);

/* Where the result goes: stdout, or with -o FILE a file that appears whole or not at
 * all (ut_wfile): cl_sink_close renames it onto FILE only when everything was written. */
typedef struct cl_sink {
	FILE *f;
	const char *path; /* -o FILE or NULL */
	ut_wfile w;
} cl_sink;

int cl_sink_open(const cl_econ_args *a, cl_sink *s);
/* ok: the command succeeded. Returns CL_OK, or CL_FAIL after reporting a write error. */
int cl_sink_close(const cl_econ_args *a, cl_sink *s, int ok);

/* A CSV number: a->digits significant digits, or the shortest form that reads back. */
void cl_econ_number(const cl_econ_args *a, FILE *f, double x);
/* "gauss-seidel" for PLENUM_METHOD_GAUSS_SEIDEL. */
const char *cl_method_name(plenum_method m);
/* The solver's summary line on stderr: "plenum CMD: METHOD, N iterations, residual R, S s". */
void cl_solve_summary(const cl_econ_args *a, const plenum_solve_info *info);
/* On stderr, when the economy's labour is not hours: what it counts (a table's pay, jobs). */
void cl_labour_note(const cl_econ_args *a, const plenum_economy *e);
/* The solver as a JSON object: {"method":...,"iterations":...,...}. */
void cl_solve_json(FILE *f, const cl_econ_args *a, const plenum_solve_info *info);
/* Account k of e as JSON members, without the braces: "key":...,"name":...,"unit":... */
void cl_account_json(FILE *f, const plenum_economy *e, int64_t k);

#endif
