/* The council commands (src/cli/cmd_council.c ... cmd_demo.c) and the helpers they share
 * (defined in cmd_council.c, prefix cc_). */
#ifndef PLENUM_CLI_COMMANDS_COUNCIL_H
#define PLENUM_CLI_COMMANDS_COUNCIL_H
#define PLENUM_COMMANDS_COUNCIL(X)                                                         \
	X(council) X(member) X(delegate) X(motion) X(ballot) X(needs) X(abilities) X(audit)  \
	X(demo)

#include <stdio.h>
#include "plenum/council.h"
#include "plenum/economy.h"

/* A parsed command line: positionals and --name value / --flag options. */
enum { CC_MAX = 64 };
typedef struct cc_args {
	const char *cmd;            /* "council create", for messages */
	const char *pos[CC_MAX];
	int npos;
	const char *name[CC_MAX], *value[CC_MAX]; /* value NULL for a flag */
	int nopt;
} cc_args;

/* Parses argv (argv[0] the subcommand): at most npos (<= CC_MAX) positional arguments, and
 * options; valued and flags are space-separated option names ("--name --kind"); --db, --as
 * and --json are always known. Returns 1, or 0 after a usage error. */
int cc_parse(cc_args *a, const char *cmd, int argc, char **argv, int npos,
             const char *valued, const char *flags);
const char *cc_get(const cc_args *a, const char *name);
int cc_has(const cc_args *a, const char *name);
/* Every value of a repeated option, in order; returns how many (at most max). */
int cc_all(const cc_args *a, const char *name, const char **out, int max);
/* Integer options and positionals: 1 on success, else 0 after a usage error. */
int cc_int(const cc_args *a, const char *name, int64_t dflt, int64_t *out);
/* --seats N: when given, a whole number of 1 or more (0 is no default: a usage error). */
int cc_seats(const cc_args *a, int64_t *out);
int cc_pos_int(const cc_args *a, int k, const char *what, int64_t *out);
/* --limit N and --before ID: *out = p, the newest first, when either is given (limit 100
 * when only --before is), else NULL (every row, the oldest first). 0 after a usage error. */
int cc_page(const cc_args *a, plenum_page *p, const plenum_page **out);
int cc_num(const cc_args *a, const char *name, double dflt, double *out);
/* Opens --db (required); returns NULL after printing the error. */
plenum_db *cc_open(const cc_args *a);
/* As cc_open, but a missing file is made (with its schema): for the commands that set a
 * database up (council create, member create, needs products); the others refuse a missing
 * file, where a typo in --db made an empty database. */
plenum_db *cc_open_new(const cc_args *a);
/* The actor: --as MEMBER, else the admin. */
int64_t cc_actor(const cc_args *a);
/* Prints the failed call's message and returns CL_FAIL. */
int cc_fail(const cc_args *a, int rc, const plenum_diag *d);
/* The end of a command that prints nothing on success: cc_fail when rc says it failed, else
 * {"ok":true} with --json and CL_OK. */
int cc_done(const cc_args *a, int rc, const plenum_diag *d);
/* The end of a command that makes something: cc_fail when rc says it failed, else prints the
 * new id (with --json as {"KEY":id}) and returns CL_OK. */
int cc_new_id(const cc_args *a, int rc, const plenum_diag *d, const char *key, int64_t id);

/* Rows out as CSV (header from the first row's field names) or as a JSON array. */
typedef struct cc_out {
	FILE *f;
	int json, rows, fields;
	char *first;         /* CSV: the first row, held until its header is known */
	size_t first_len;
	FILE *mem;
	char header[2048];
} cc_out;
void cc_begin(cc_out *o, int json);
void cc_row(cc_out *o);
void cc_str(cc_out *o, const char *name, const char *v);
void cc_i64(cc_out *o, const char *name, int64_t v);
void cc_dbl(cc_out *o, const char *name, double v);
/* 1 or 0 in CSV, true or false in JSON (as the API gives them) */
void cc_bool(cc_out *o, const char *name, int v);
void cc_row_end(cc_out *o);
void cc_end(cc_out *o);
/* A listing's start: opens --db and begins the rows (CSV, or JSON with --json). NULL after
 * printing the error, with nothing written to stdout. */
plenum_db *cc_rows_open(const cc_args *a, cc_out *o);
/* A listing's end: ends the rows and closes db; cc_fail when rc says the listing failed,
 * else CL_OK. */
int cc_rows_close(const cc_args *a, plenum_db *db, cc_out *o, int rc, const plenum_diag *d);
/* A council's or federation's summed need as a row (callback of plenum_council_needs with a
 * cc_out as ud), shared by `council needs` and `needs council`. */
int cc_need_total_row(void *ud, const plenum_need_total *t);
/* A council's or federation's offered hours per week as a row, shared by `council hours` and
 * `abilities council` (defined in cmd_abilities.c). */
void cc_hours_row(cc_out *o, int64_t council, double hours, int64_t members);

/* Products of an economy as rows for plenum_products_register: control characters in names
 * (some national tables carry them) become spaces, counted in *cleaned. Free with
 * cc_products_free. NULL when out of memory. */
plenum_product_row *cc_products(const plenum_economy *e, int64_t *n, int64_t *cleaned);
void cc_products_free(plenum_product_row *rows, int64_t n);

/* A subcommand table: name, run, one-line usage. */
typedef struct cc_sub {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} cc_sub;
/* Runs the subcommand named by argv[1], or prints the table. */
int cc_dispatch(const char *cmd, const cc_sub *subs, int n, int argc, char **argv);
/* Defines `static int run(argc, argv)`, a command's cl_command_fn: cc_dispatch over the file's
 * table `subs`. */
#define CC_RUN_SUBS(cmd)                                                                        \
	static int run(int argc, char **argv)                                                   \
	{                                                                                       \
		return cc_dispatch(cmd, subs, (int)(sizeof subs / sizeof subs[0]), argc, argv); \
	}

/* plenum plan --db FILE ECON ... (src/cli/cmd_plan_db.c): argv as `plenum plan` got it. */
int cc_plan_db(int argc, char **argv);

#endif
