/* The planner's subcommands (src/cli/cmd_plan.c, cmd_variants.c), the helpers they share and
 * the plan's writers (plan_csv.c, plan_json.c). */
#ifndef PLENUM_CLI_COMMANDS_PLAN_H
#define PLENUM_CLI_COMMANDS_PLAN_H
#define PLENUM_COMMANDS_PLAN(X) X(plan) X(variants)

#include "plenum/plan.h"

/* Opens ECON: a multi-year directory (flows.csv, ...) into *e and *h, else an economy
 * directory or binary file into *e, with *h from the directory's stocks.csv, years.csv and
 * targets.csv for years (0: the files' own) or NULL without them. Reports errors itself;
 * CL_OK or CL_FAIL. */
int cl_plan_open(const char *cmd, const char *path, int64_t years, plenum_economy **e,
                 plenum_horizon **h);
/* Parses the option at argv[*k] shared by plan and variants into o (moving *k past its
 * value): 1 when it was one, 0 when it is not, -1 after a usage error. */
int cl_plan_option(const char *cmd, int argc, char **argv, int *k, plenum_plan_opts *o);
/* Splits the value of opt ("--cap" or "--budget"), "ACCOUNT=VALUE[,VALUE...]", into the
 * account index and the values (at most max). Returns the number of values, or -1 after
 * an error. */
int cl_plan_account(const char *cmd, const char *opt, const plenum_economy *e,
                    const char *spec, int64_t *account, double *values, int max);
/* Resolves n specs of opt ("--cap" or "--budget", one value each) into out (length
 * accounts; NAN where none is given). CL_OK or CL_USAGE after an error. */
int cl_plan_per_account(const char *cmd, const char *opt, const plenum_economy *e,
                        const char *const *spec, int n, double *out);

/* The plan as CSV sections (plan_csv.c): CL_OK, or CL_FAIL after an error. The summary
 * alone (first: whether it is the first section) where there is no plan to show. */
int cl_plan_csv(const plenum_economy *e, const plenum_plan *p);
void cl_plan_csv_summary(const plenum_plan *p, int first);
/* What account a emitted over all the plan's years. */
double cl_plan_emitted_all(const plenum_plan *p, int64_t a);
/* The plan as one JSON object (plan_json.c). */
void cl_plan_json(const plenum_economy *e, const plenum_plan *p);

#endif
