/* plenum member: create members, list and show them, add or end memberships, passwords. */
#include <string.h>
#include "cli/cli.h"
#include "cli/commands_council.h"

static int m_create(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t id, council;
	if (!cc_parse(&a, "member", argc, argv, 0, "--name --email --council", "") ||
	    !cc_int(&a, "--council", 0, &council))
		return CL_USAGE;
	plenum_db *db = cc_open_new(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_member_create_in(db, cc_actor(&a), cc_get(&a, "--name"),
	                                 cc_get(&a, "--email"), NULL, council, &id, &d);
	plenum_db_close(db);
	return cc_new_id(&a, rc, &d, "id", id);
}

static int member_cb(void *ud, const plenum_member *m)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "id", m->id);
	cc_str(o, "name", m->name);
	cc_i64(o, "created", m->created);
	cc_row_end(o);
	return 0;
}

static int council_cb(void *ud, const plenum_council *c)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "id", c->id);
	cc_str(o, "kind", plenum_council_kind_name(c->kind));
	cc_str(o, "name", c->name);
	cc_row_end(o);
	return 0;
}

static int m_list(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t id = 0;
	int councils = strcmp(argv[0], "councils") == 0, show = strcmp(argv[0], "show") == 0;
	if (!cc_parse(&a, "member", argc, argv, councils || show, "", "") ||
	    ((councils || show) && !cc_pos_int(&a, 0, "member id", &id)))
		return CL_USAGE;
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int rc;
	if (councils) {
		rc = plenum_member_councils(db, id, council_cb, &o, &d);
	} else if (show) {
		plenum_member m;
		if (!(rc = plenum_member_get(db, id, &m, &d))) {
			cc_row(&o);
			cc_i64(&o, "id", m.id);
			cc_str(&o, "name", m.name);
			cc_str(&o, "email", m.email); /* contact data: shown to the operator only */
			cc_i64(&o, "has_password", m.has_password);
			cc_row_end(&o);
		}
	} else {
		rc = plenum_member_list(db, member_cb, &o, &d);
	}
	return cc_rows_close(&a, db, &o, rc, &d);
}

/* member add|leave COUNCIL MEMBER */
static int m_membership(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t council, member;
	int add = strcmp(argv[0], "add") == 0;
	if (!cc_parse(&a, "member", argc, argv, 2, "", "") || !cc_pos_int(&a, 0, "council id", &council) ||
	    !cc_pos_int(&a, 1, "member id", &member))
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = add ? plenum_membership_add(db, cc_actor(&a), council, member, &d)
	             : plenum_membership_remove(db, cc_actor(&a), council, member, &d);
	plenum_db_close(db);
	return cc_done(&a, rc, &d);
}

/* member password ID: the new password is read from the first line of standard input. */
static int m_password(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t id;
	char line[1100];
	if (!cc_parse(&a, "member", argc, argv, 1, "", "") || !cc_pos_int(&a, 0, "member id", &id))
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	plenum_member m; /* "no such member" before asking for a password for them */
	int rc = plenum_member_get(db, id, &m, &d);
	if (!rc && !fgets(line, sizeof line, stdin)) {
		rc = PLENUM_EINVAL;
		snprintf(d.message, sizeof d.message, "give the new password (8 to 1024 characters) "
		         "on standard input: echo 'a long password' | plenum member password %lld",
		         (long long)id);
	}
	if (!rc) {
		line[strcspn(line, "\r\n")] = 0;
		rc = plenum_member_set_password(db, cc_actor(&a), id, line, &d);
	}
	plenum_db_close(db);
	return cc_done(&a, rc, &d);
}

static const cc_sub subs[] = {
	{"create", m_create, "create --db F --name N [--email E] [--council ID]"},
	{"list", m_list, "list --db F"},
	{"show", m_list, "show ID --db F          (with contact data: for the operator)"},
	{"councils", m_list, "councils ID --db F"},
	{"add", m_membership, "add COUNCIL MEMBER --db F     (admin)"},
	{"leave", m_membership, "leave COUNCIL MEMBER --db F --as MEMBER"},
	{"password", m_password, "password ID --db F [--as MEMBER] < file-with-password"},
};

CC_RUN_SUBS("member")

const cl_command cl_cmd_member = {
	"member", "member SUBCOMMAND [ARGS] --db FILE [--json] [--as MEMBER]",
	"members: create, list, memberships, passwords",
	"Subcommands:\n"
	"  create --name N [--email E] [--council ID]   (admin) a member, optionally joined to ID\n"
	"  list | show ID | councils ID\n"
	"  add COUNCIL MEMBER            (admin) add a membership (not to a federation)\n"
	"  leave COUNCIL MEMBER          the member ends their membership\n"
	"  password ID                   set the password read from standard input (Argon2id)\n\n"
	"Contact data (email) is shown by 'show' only and never enters the audit log.\n",
	run,
};
