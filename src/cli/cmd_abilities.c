/* plenum abilities: hours per week and skills a member offers; a council's total. */
#include <string.h>
#include "cli/cli.h"
#include "cli/commands_council.h"

static int a_set(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t member, council;
	double hours;
	if (!cc_parse(&a, "abilities", argc, argv, 0, "--member --council --hours --skills", "") ||
	    !cc_int(&a, "--member", 0, &member) || !cc_int(&a, "--council", 0, &council) ||
	    !cc_num(&a, "--hours", -1, &hours))
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_ability_set(db, cc_actor(&a), member, council, hours,
	                            cc_get(&a, "--skills"), &d);
	plenum_db_close(db);
	return cc_done(&a, rc, &d);
}

static int ability_cb(void *ud, const plenum_ability *b)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "member", b->member);
	cc_i64(o, "council", b->council);
	cc_dbl(o, "hours_per_week", b->hours);
	cc_str(o, "skills", b->skills);
	cc_row_end(o);
	return 0;
}

void cc_hours_row(cc_out *o, int64_t council, double hours, int64_t members)
{
	cc_row(o);
	cc_i64(o, "council", council);
	cc_dbl(o, "hours_per_week", hours);
	cc_i64(o, "members", members);
	cc_row_end(o);
}

static int a_list(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t id, members;
	double hours;
	int of_council = strcmp(argv[0], "council") == 0;
	if (!cc_parse(&a, "abilities", argc, argv, 1, "", "") ||
	    !cc_pos_int(&a, 0, of_council ? "council id" : "member id", &id))
		return CL_USAGE;
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int rc;
	if (of_council) {
		if (!(rc = plenum_council_hours(db, id, &hours, &members, &d)))
			cc_hours_row(&o, id, hours, members);
	} else {
		rc = plenum_member_abilities(db, id, ability_cb, &o, &d);
	}
	return cc_rows_close(&a, db, &o, rc, &d);
}

static const cc_sub subs[] = {
	{"set", a_set, "set --db F --member M --council C --hours H [--skills TEXT] [--as M]"},
	{"list", a_list, "list MEMBER --db F"},
	{"council", a_list, "council ID --db F     hours per week offered (a federation: summed)"},
};

CC_RUN_SUBS("abilities")

const cl_command cl_cmd_abilities = {
	"abilities", "abilities SUBCOMMAND --db FILE [--json] [--as MEMBER] ...",
	"abilities: hours per week and skills offered, council totals",
	"Subcommands:\n"
	"  set --member M --council C --hours H [--skills TEXT]   0 to 168 hours a week; 0\n"
	"                             removes it\n"
	"  list MEMBER | council ID   a member's abilities; a council's (federation's) total\n",
	run,
};
