/* plenum ballot: cast or replace a ballot, check it by receipt, list public ballots. */
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/commands_council.h"

enum { MAX_MARKS = 1000 };

/* --marks m0,m1,... into marks; returns the count, -1 on error. (--vote is checked
 * against the motion's method by plenum_ballot_cast_choice.) */
static int64_t read_marks(const cc_args *a, int64_t *marks)
{
	const char *vote = cc_get(a, "--vote"), *m = cc_get(a, "--marks");
	if (vote && m) {
		cl_usage("ballot", "give --vote or --marks, not both");
		return -1;
	}
	if (vote) {
		if (strcmp(vote, "yes") && strcmp(vote, "no") && strcmp(vote, "abstain")) {
			cl_usage("ballot", "--vote must be yes, no or abstain");
			return -1;
		}
		return 0;
	}
	if (!m) {
		cl_usage("ballot", "give --vote yes|no|abstain or --marks M0,M1,... (one per option)");
		return -1;
	}
	int64_t n = 0;
	for (const char *p = m; *p && n < MAX_MARKS;) {
		char *end;
		marks[n++] = strtoll(p, &end, 10);
		if (end == p || (*end && *end != ',')) {
			cl_usage("ballot", "--marks needs whole numbers separated by commas, got '%s'", m);
			return -1;
		}
		p = *end ? end + 1 : end;
	}
	return n;
}

static int b_cast(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t motion, marks[MAX_MARKS];
	char receipt[PLENUM_RECEIPT_SIZE];
	if (!cc_parse(&a, "ballot", argc, argv, 1, "--vote --marks --receipt", "") ||
	    !cc_pos_int(&a, 0, "motion id", &motion))
		return CL_USAGE;
	int64_t n = read_marks(&a, marks);
	if (n < 0)
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	const char *vote = cc_get(&a, "--vote");
	int rc = vote ? plenum_ballot_cast_choice(db, cc_actor(&a), motion, vote,
	                                          cc_get(&a, "--receipt"), receipt, &d)
	              : plenum_ballot_cast(db, cc_actor(&a), motion, marks, n,
	                                   cc_get(&a, "--receipt"), receipt, &d);
	if (!rc && cc_has(&a, "--json"))
		printf("{\"receipt\":\"%s\"}\n", receipt);
	else if (!rc)
		printf("%s\n", receipt); /* keep it: it replaces or checks the ballot */
	plenum_db_close(db);
	return rc ? cc_fail(&a, rc, &d) : CL_OK;
}

static int b_check(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t motion, marks[MAX_MARKS], n;
	if (!cc_parse(&a, "ballot", argc, argv, 2, "", "") || !cc_pos_int(&a, 0, "motion id", &motion))
		return CL_USAGE;
	if (a.npos < 2)
		return cl_usage("ballot", "give the receipt");
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_ballot_check(db, motion, a.pos[1], marks, MAX_MARKS, &n, &d);
	plenum_db_close(db);
	if (rc)
		return cc_fail(&a, rc, &d);
	printf(cc_has(&a, "--json") ? "{\"marks\":[" : "");
	for (int64_t k = 0; k < n; k++)
		printf("%s%lld", k ? "," : "", (long long)marks[k]);
	printf(cc_has(&a, "--json") ? "]}\n" : "\n");
	return CL_OK;
}

static int public_cb(void *ud, const plenum_public_ballot *b)
{
	cc_out *o = ud;
	char text[8 * MAX_MARKS] = "";
	size_t len = 0;
	for (int64_t k = 0; k < b->n && len < sizeof text - 24; k++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s%lld", k ? " " : "",
		                        (long long)b->marks[k]);
	cc_row(o);
	cc_i64(o, "motion", b->motion);
	cc_i64(o, "member", b->member);
	cc_str(o, "name", b->name);
	cc_str(o, "marks", text);
	cc_i64(o, "cast_at", b->cast_at);
	cc_row_end(o);
	return 0;
}

static int b_public(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t motion, member;
	if (!cc_parse(&a, "ballot", argc, argv, 0, "--motion --member", "") ||
	    !cc_int(&a, "--motion", 0, &motion) || !cc_int(&a, "--member", 0, &member))
		return CL_USAGE;
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int rc = plenum_public_ballots(db, motion, member, public_cb, &o, &d);
	return cc_rows_close(&a, db, &o, rc, &d);
}

static const cc_sub subs[] = {
	{"cast", b_cast, "cast MOTION --db F --as MEMBER (--vote yes|no|abstain | --marks M,...) "
	                 "[--receipt R]"},
	{"check", b_check, "check MOTION RECEIPT --db F"},
	{"public", b_public, "public --db F [--motion M] [--member X]   (federations, after close)"},
};

CC_RUN_SUBS("ballot")

const cl_command cl_cmd_ballot = {
	"ballot", "ballot SUBCOMMAND MOTION --db FILE --as MEMBER [--json] ...",
	"ballots: cast, replace by receipt, check, public ballots of delegates",
	"Subcommands:\n"
	"  cast MOTION --as MEMBER --vote yes|no|abstain     a yes-no motion\n"
	"  cast MOTION --as MEMBER --marks M0,M1,...         one mark per option: approval 1/0;\n"
	"       schulze ranks 1,2,... (ties allowed, 0 unranked); stv ranks 1..k without ties\n"
	"       Prints the receipt. Casting again needs --receipt R (the ballot is replaced:\n"
	"       counted once). Delegates bound by a mandate are refused a ballot against it.\n"
	"  check MOTION RECEIPT      the ballot stored under the receipt\n"
	"  public [--motion M] [--member X]   delegates' ballots in federations, after close\n\n"
	"Members' ballots are secret: stored without the member, under the receipt's hash.\n",
	run,
};
