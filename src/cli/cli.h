/* The command-line front door: shared helpers for subcommands (prefix cl_). Each subcommand
 * lives in its own file and is listed once in commands.h. */
#ifndef PLENUM_CLI_H
#define PLENUM_CLI_H
#include <stdio.h>
#include "plenum/plenum.h"

/* A subcommand: argv[0] is its name. Returns the process exit status. */
typedef int (*cl_command_fn)(int argc, char **argv);

typedef struct cl_command {
	const char *name;
	const char *usage;   /* "values ECON [--json] ..." */
	const char *summary; /* one line for `plenum --help` */
	const char *help;    /* the full --help text after the usage line */
	cl_command_fn run;
} cl_command;

/* Exit statuses: 0 ok, 1 failure of the computation or the input, 2 usage error. */
enum { CL_OK = 0, CL_FAIL = 1, CL_USAGE = 2 };

/* Prints "plenum CMD: message" to stderr and returns CL_FAIL. */
int cl_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same, ending "(usage: plenum CMD --help)", and returns CL_USAGE. */
int cl_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports a failed library call: the diag message or the status text. Returns CL_FAIL. */
int cl_report(const char *cmd, int status, const plenum_diag *d);
/* Prints d's warning summary to stderr when it counted any. */
void cl_warnings(const char *cmd, const plenum_diag *d);

/* True when argv holds --help or -h; prints the command's help to stdout. */
int cl_wants_help(const cl_command *c, int argc, char **argv);
const cl_command *cl_find(const char *name);

/* Option parsing helpers: each returns 1 on success, 0 after printing a usage error. */
int cl_parse_double(const char *cmd, const char *opt, const char *s, double *out);
int cl_parse_int64(const char *cmd, const char *opt, const char *s, int64_t *out);

/* Writes text as a CSV field (quoted per RFC 4180 when it needs it). */
void cl_csv_field(FILE *f, const char *s);
/* Writes s as a JSON string literal. */
void cl_json_string(FILE *f, const char *s);
/* Writes a double in the shortest form that reads back the same ("%.17g" trimmed). */
void cl_number(FILE *f, double x);

#endif
