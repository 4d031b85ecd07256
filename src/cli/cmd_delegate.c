/* plenum delegate: delegates of a council or in a federation, founding seats, resignation,
 * binding mandates. Recall is a motion: plenum motion open --kind recall --recall SEAT. */
#include <string.h>
#include "cli/cli.h"
#include "cli/commands_council.h"

static int delegate_cb(void *ud, const plenum_delegate *g)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "seat", g->id);
	cc_i64(o, "council", g->council);
	cc_i64(o, "federation", g->federation);
	cc_i64(o, "member", g->member);
	cc_str(o, "name", g->name);
	cc_str(o, "mandate", g->mandate);
	cc_i64(o, "elected_by", g->elected_by);
	cc_i64(o, "since", g->since);
	cc_i64(o, "until", g->until);
	cc_i64(o, "ended_by", g->ended_by);
	cc_row_end(o);
	return 0;
}

static int mandate_cb(void *ud, const plenum_mandate *m)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "council", m->council);
	cc_i64(o, "motion", m->motion);
	cc_i64(o, "option", m->option);
	cc_str(o, "label", m->label);
	cc_i64(o, "decided_by", m->binding_motion);
	cc_row_end(o);
	return 0;
}

static int g_list(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t id;
	const char *what = argv[0];
	if (!cc_parse(&a, "delegate", argc, argv, 1, "", "--all") || !cc_pos_int(&a, 0, "id", &id))
		return CL_USAGE;
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int rc;
	if (strcmp(what, "list") == 0) {
		rc = plenum_delegate_list(db, id, cc_has(&a, "--all"), delegate_cb, &o, &d);
	} else if (strcmp(what, "in") == 0) {
		plenum_council c; /* seats are in federations: another council's list is not "none" */
		rc = plenum_council_get(db, id, &c, &d);
		if (!rc && c.kind != PLENUM_FEDERATION)
			rc = PLENUM_EINVAL, snprintf(d.message, sizeof d.message, "council %lld is a %s, "
			                             "not a federation: delegates sit in federations; "
			                             "see 'plenum delegate list %lld' for those it "
			                             "elected", (long long)id,
			                             plenum_council_kind_name(c.kind), (long long)id);
		if (!rc)
			rc = plenum_federation_delegates(db, id, delegate_cb, &o, &d);
	} else if (strcmp(what, "mandates") == 0) {
		rc = plenum_mandate_list(db, id, 0, mandate_cb, &o, &d);
	} else {
		plenum_delegate g;
		if (!(rc = plenum_delegate_get(db, id, &g, &d)))
			delegate_cb(&o, &g);
	}
	return cc_rows_close(&a, db, &o, rc, &d);
}

static int g_seat(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t council, member, seat;
	if (!cc_parse(&a, "delegate", argc, argv, 2, "--mandate", "") ||
	    !cc_pos_int(&a, 0, "council id", &council) || !cc_pos_int(&a, 1, "member id", &member))
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_delegate_seat(db, cc_actor(&a), council, member, cc_get(&a, "--mandate"),
	                              &seat, &d);
	plenum_db_close(db);
	return cc_new_id(&a, rc, &d, "seat", seat);
}

static int g_resign(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t seat, election;
	if (!cc_parse(&a, "delegate", argc, argv, 1, "", "") || !cc_pos_int(&a, 0, "seat id", &seat))
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_delegate_resign(db, cc_actor(&a), seat, &election, &d);
	if (!rc)
		printf(cc_has(&a, "--json") ? "{\"election\":%lld}\n" : "election %lld opened\n",
		       (long long)election);
	plenum_db_close(db);
	return rc ? cc_fail(&a, rc, &d) : CL_OK;
}

static const cc_sub subs[] = {
	{"list", g_list, "list COUNCIL --db F [--all]    delegates the council elected"},
	{"in", g_list, "in FEDERATION --db F          delegates seated in a federation"},
	{"show", g_list, "show SEAT --db F"},
	{"mandates", g_list, "mandates COUNCIL --db F       binding mandates of its delegates"},
	{"seat", g_seat, "seat COUNCIL MEMBER --db F [--mandate TEXT]   (admin, founding)"},
	{"resign", g_resign, "resign SEAT --db F --as MEMBER  (opens an election at once)"},
};

CC_RUN_SUBS("delegate")

const cl_command cl_cmd_delegate = {
	"delegate", "delegate SUBCOMMAND ID --db FILE [--json] [--as MEMBER]",
	"delegates: seats in the federation, mandates, resignation",
	"Subcommands:\n"
	"  list COUNCIL [--all]   delegates COUNCIL elected (--all: also vacated seats)\n"
	"  in FEDERATION          delegates seated in a federation (its members)\n"
	"  show SEAT | mandates COUNCIL\n"
	"  seat COUNCIL MEMBER [--mandate TEXT]   (admin) a founding seat; otherwise delegates\n"
	"                         are elected: plenum motion open --kind election\n"
	"  resign SEAT            the delegate resigns; an election opens at once\n\n"
	"Recall is a motion of the electing council, open to any of its members:\n"
	"  plenum motion open --council C --kind recall --recall SEAT --title T --as MEMBER\n",
	run,
};
