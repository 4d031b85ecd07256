/* plenum council: create, list and show councils, their members, needs, notices, join
 * requests, workplace links and output reports. Also the helpers every council command
 * shares (cc_): option parsing, opening the database, CSV or JSON rows. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "cli/commands_council.h"

/* ---- shared helpers ---- */

static int listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; p && (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
			return 1;
	return 0;
}

/* The options that may come more than once: each gives one more (cc_all). */
#define REPEATABLE "--option --payload --candidate --cap"

int cc_parse(cc_args *a, const char *cmd, int argc, char **argv, int npos,
             const char *valued, const char *flags)
{
	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	for (int k = 1; k < argc; k++) {
		const char *s = argv[k];
		if (strncmp(s, "--", 2) != 0 || strcmp(s, "--") == 0) {
			if (a->npos == npos) /* a typo, or a value whose option is missing */
				return !cl_usage(cmd, "unexpected argument '%s'", s);
			a->pos[a->npos++] = s;
			continue;
		}
		int takes = listed(valued, s) || strcmp(s, "--db") == 0 || strcmp(s, "--as") == 0;
		if (!takes && !listed(flags, s) && strcmp(s, "--json") != 0)
			return !cl_usage(cmd, "unknown option %s: see 'plenum %s --help'", s, cmd);
		if (a->nopt == CC_MAX)
			return !cl_usage(cmd, "too many options");
		if (takes && k + 1 >= argc)
			return !cl_usage(cmd, "%s needs a value", s);
		if (cc_has(a, s) && !listed(REPEATABLE, s)) /* which one was meant? */
			return !cl_usage(cmd, "%s is given twice: give it once", s);
		a->name[a->nopt] = s;
		a->value[a->nopt++] = takes ? argv[++k] : NULL;
	}
	if (!cc_get(a, "--db"))
		return !cl_usage(cmd, "--db FILE is required");
	int64_t as = 0;
	const char *who = cc_get(a, "--as");
	if (who && !cl_parse_int64(cmd, "--as", who, &as))
		return 0; /* said why */
	if (who && as <= 0)
		return !cl_usage(cmd, "--as needs a member id (1 or more), got '%s'", who);
	return 1;
}

const char *cc_get(const cc_args *a, const char *name)
{
	const char *v = NULL;
	for (int k = 0; k < a->nopt; k++)
		if (strcmp(a->name[k], name) == 0)
			v = a->value[k];
	return v;
}

int cc_has(const cc_args *a, const char *name)
{
	for (int k = 0; k < a->nopt; k++)
		if (strcmp(a->name[k], name) == 0)
			return 1;
	return 0;
}

int cc_all(const cc_args *a, const char *name, const char **out, int max)
{
	int n = 0;
	for (int k = 0; k < a->nopt && n < max; k++)
		if (strcmp(a->name[k], name) == 0)
			out[n++] = a->value[k];
	return n;
}

int cc_int(const cc_args *a, const char *name, int64_t dflt, int64_t *out)
{
	const char *v = cc_get(a, name);
	*out = dflt;
	return !v || cl_parse_int64(a->cmd, name, v, out);
}

int cc_seats(const cc_args *a, int64_t *out)
{
	if (!cc_int(a, "--seats", 0, out))
		return 0;
	if (cc_get(a, "--seats") && *out < 1)
		return !cl_usage(a->cmd, "--seats needs a whole number >= 1, got '%s'",
		                 cc_get(a, "--seats"));
	return 1;
}

int cc_page(const cc_args *a, plenum_page *p, const plenum_page **out)
{
	*out = NULL;
	if (!cc_int(a, "--limit", 100, &p->limit) || !cc_int(a, "--before", 0, &p->before))
		return 0;
	if (p->limit < 1)
		return !cl_usage(a->cmd, "--limit needs a whole number >= 1, got '%s'",
		                 cc_get(a, "--limit"));
	if (p->before < 0)
		return !cl_usage(a->cmd, "--before needs an id >= 0, got '%s'", cc_get(a, "--before"));
	if (cc_get(a, "--limit") || cc_get(a, "--before"))
		*out = p;
	return 1;
}

int cc_pos_int(const cc_args *a, int k, const char *what, int64_t *out)
{
	if (k >= a->npos)
		return !cl_usage(a->cmd, "give the %s", what);
	if (!cl_parse_int64(a->cmd, what, a->pos[k], out))
		return 0;
	if (*out < 0) /* every positional number is an id (0 for "all" where a command says) */
		return !cl_usage(a->cmd, "the %s is a number 1 or more, not %s", what, a->pos[k]);
	return 1;
}

int cc_num(const cc_args *a, const char *name, double dflt, double *out)
{
	const char *v = cc_get(a, name);
	*out = dflt;
	return !v || cl_parse_double(a->cmd, name, v, out);
}

static plenum_db *open_db(const cc_args *a, int create)
{
	const char *path = cc_get(a, "--db");
	plenum_db *db = NULL;
	plenum_diag d;
	struct stat st;
	if (!path) {
		cl_usage(a->cmd, "--db FILE is required");
		return NULL;
	}
	if (!create && stat(path, &st) != 0 && errno == ENOENT) {
		/* a typo in --db made a new, empty database, which listed nothing as if the
		 * federation were empty */
		cl_error(a->cmd, "%s: no such database: check --db (a new one is made by 'plenum "
		         "council create', 'plenum member create', 'plenum needs products' or "
		         "'plenum demo')", path);
		return NULL;
	}
	if (plenum_db_open(path, &db, &d)) {
		cl_error(a->cmd, "%s", d.message);
		return NULL;
	}
	return db;
}

plenum_db *cc_open(const cc_args *a)
{
	return open_db(a, 0);
}

plenum_db *cc_open_new(const cc_args *a)
{
	return open_db(a, 1);
}

int64_t cc_actor(const cc_args *a)
{
	const char *v = cc_get(a, "--as");
	return v ? strtoll(v, NULL, 10) : PLENUM_ACTOR_ADMIN;
}

int cc_fail(const cc_args *a, int rc, const plenum_diag *d)
{
	return cl_report(a->cmd, rc, d);
}

int cc_done(const cc_args *a, int rc, const plenum_diag *d)
{
	if (rc)
		return cl_report(a->cmd, rc, d);
	if (cc_has(a, "--json"))
		puts("{\"ok\":true}");
	return CL_OK;
}

int cc_new_id(const cc_args *a, int rc, const plenum_diag *d, const char *key, int64_t id)
{
	if (rc)
		return cl_report(a->cmd, rc, d);
	if (cc_has(a, "--json"))
		printf("{\"%s\":%lld}\n", key, (long long)id);
	else
		printf("%lld\n", (long long)id);
	return CL_OK;
}

void cc_begin(cc_out *o, int json)
{
	memset(o, 0, sizeof *o);
	o->f = stdout;
	o->json = json; /* the '[' waits for the first row: an error prints no "[]" */
}

void cc_row(cc_out *o)
{
	o->fields = 0;
	if (o->json) {
		fputs(o->rows ? ",\n{" : "[\n{", o->f);
	} else if (o->rows == 0) {
		o->mem = open_memstream(&o->first, &o->first_len);
	}
}

static FILE *sink(cc_out *o)
{
	return !o->json && o->rows == 0 && o->mem ? o->mem : o->f;
}

static void field(cc_out *o, const char *name)
{
	FILE *f = sink(o);
	if (o->json) {
		fputs(o->fields ? "," : "", f);
		cl_json_string(f, name);
		fputc(':', f);
	} else {
		if (o->fields)
			fputc(',', f);
		if (o->rows == 0) {
			size_t n = strlen(o->header);
			snprintf(o->header + n, sizeof o->header - n, "%s%s", o->fields ? "," : "", name);
		}
	}
	o->fields++;
}

void cc_str(cc_out *o, const char *name, const char *v)
{
	field(o, name);
	if (o->json)
		cl_json_string(sink(o), v ? v : "");
	else
		cl_csv_field(sink(o), v ? v : "");
}

void cc_i64(cc_out *o, const char *name, int64_t v)
{
	field(o, name);
	fprintf(sink(o), "%lld", (long long)v);
}

void cc_bool(cc_out *o, const char *name, int v)
{
	field(o, name);
	fputs(o->json ? (v ? "true" : "false") : (v ? "1" : "0"), sink(o));
}

void cc_dbl(cc_out *o, const char *name, double v)
{
	field(o, name);
	if (!isfinite(v)) /* none: empty in CSV, null in JSON (as the API gives it) */
		fputs(o->json ? "null" : "", sink(o));
	else
		cl_number(sink(o), v);
}

void cc_row_end(cc_out *o)
{
	if (o->json) {
		fputc('}', o->f);
	} else if (o->rows == 0 && o->mem) {
		fclose(o->mem);
		o->mem = NULL;
		fprintf(o->f, "%s\n%.*s\n", o->header, (int)o->first_len, o->first);
		free(o->first);
		o->first = NULL;
	} else {
		fputc('\n', o->f);
	}
	o->rows++;
}

void cc_end(cc_out *o)
{
	if (o->json)
		fputs(o->rows ? "\n]\n" : "[]\n", o->f);
}

plenum_db *cc_rows_open(const cc_args *a, cc_out *o)
{
	plenum_db *db = cc_open(a);
	if (db)
		cc_begin(o, cc_has(a, "--json"));
	return db;
}

int cc_rows_close(const cc_args *a, plenum_db *db, cc_out *o, int rc, const plenum_diag *d)
{
	if (!rc) /* on an error nothing more: stdout stays empty when no row came */
		cc_end(o);
	plenum_db_close(db);
	return rc ? cc_fail(a, rc, d) : CL_OK;
}

int cc_dispatch(const char *cmd, const cc_sub *subs, int n, int argc, char **argv)
{
	if (argc >= 2)
		for (int k = 0; k < n; k++)
			if (strcmp(argv[1], subs[k].name) == 0)
				return subs[k].run(argc - 1, argv + 1);
	/* one line: the subcommands are one --help away */
	fprintf(stderr, "plenum %s: ", cmd);
	if (argc >= 2)
		fprintf(stderr, "unknown subcommand '%s': give one of ", argv[1]);
	else
		fprintf(stderr, "give a subcommand, one of ");
	for (int k = 0; k < n; k++)
		fprintf(stderr, "%s%s", k ? ", " : "", subs[k].name);
	fprintf(stderr, " (usage: plenum %s --help)\n", cmd);
	return CL_USAGE;
}

static char *clean(const char *s, int64_t *cleaned)
{
	char *c = strdup(s ? s : "");
	for (char *p = c; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ', ++*cleaned;
	return c;
}

plenum_product_row *cc_products(const plenum_economy *e, int64_t *n, int64_t *cleaned)
{
	*n = plenum_economy_products(e);
	*cleaned = 0;
	plenum_product_row *rows = calloc((size_t)*n + 1, sizeof *rows);
	for (int64_t i = 0; rows && i < *n; i++) {
		rows[i].key = plenum_product_key(e, i);
		rows[i].name = clean(plenum_product_name(e, i), cleaned);
		rows[i].unit = clean(plenum_product_unit(e, i), cleaned);
		if (!rows[i].name || !rows[i].unit) {
			cc_products_free(rows, i + 1);
			return NULL;
		}
	}
	return rows;
}

void cc_products_free(plenum_product_row *rows, int64_t n)
{
	for (int64_t i = 0; rows && i < n; i++) {
		free((char *)rows[i].name);
		free((char *)rows[i].unit);
	}
	free(rows);
}

/* ---- plenum council ---- */

static void council_row(cc_out *o, const plenum_council *c)
{
	cc_row(o);
	cc_i64(o, "id", c->id);
	cc_str(o, "kind", plenum_council_kind_name(c->kind));
	cc_str(o, "name", c->name);
	cc_str(o, "place", c->place);
	cc_i64(o, "parent", c->parent);
	cc_i64(o, "seats", c->seats);
	cc_i64(o, "members", c->members);
	cc_row_end(o);
}

static int council_cb(void *ud, const plenum_council *c)
{
	council_row(ud, c);
	return 0;
}

static int c_create(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t parent, seats, id;
	if (!cc_parse(&a, "council", argc, argv, 0, "--kind --name --place --parent --seats", "") ||
	    !cc_int(&a, "--parent", 0, &parent) || !cc_seats(&a, &seats))
		return CL_USAGE;
	int kind = plenum_council_kind_parse(cc_get(&a, "--kind"));
	if (!kind)
		return cl_usage("council", "--kind must be workplace, neighbourhood or federation");
	plenum_db *db = cc_open_new(&a);
	if (!db)
		return CL_FAIL;
	plenum_council_spec s = {.kind = (plenum_council_kind)kind, .name = cc_get(&a, "--name"),
	                         .place = cc_get(&a, "--place"), .parent = parent, .seats = seats};
	int rc = plenum_council_create(db, cc_actor(&a), &s, &id, &d);
	plenum_db_close(db);
	return cc_new_id(&a, rc, &d, "id", id);
}

static int c_list(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t parent;
	if (!cc_parse(&a, "council", argc, argv, 0, "--parent", "") ||
	    !cc_int(&a, "--parent", -1, &parent))
		return CL_USAGE;
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int rc = plenum_council_list(db, parent, council_cb, &o, &d);
	return cc_rows_close(&a, db, &o, rc, &d);
}

static int member_cb(void *ud, const plenum_member *m)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "id", m->id);
	cc_str(o, "name", m->name);
	cc_row_end(o);
	return 0;
}

static int notice_cb(void *ud, const plenum_notice *n)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "id", n->id);
	cc_i64(o, "at", n->at);
	cc_str(o, "kind", n->kind);
	cc_i64(o, "motion", n->motion);
	cc_i64(o, "member", n->member);
	cc_str(o, "text", n->text);
	cc_row_end(o);
	return 0;
}

static int request_cb(void *ud, const plenum_join_request *r)
{
	static const char *const status[] = {"pending", "accepted", "declined"};
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "id", r->id);
	cc_str(o, "name", r->name);
	cc_str(o, "email", r->email);
	cc_str(o, "place", r->place);
	cc_str(o, "heard", plenum_heard_name(r->heard));
	cc_str(o, "message", r->message);
	cc_str(o, "status", status[r->status % 3]);
	cc_i64(o, "member", r->member);
	cc_bool(o, "others_email", r->others_email); /* cannot be accepted: decline it */
	cc_row_end(o);
	return 0;
}

static int link_cb(void *ud, const plenum_workplace_link_row *l)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "council", l->council);
	cc_str(o, "economy", l->economy);
	cc_str(o, "technique", l->technique);
	cc_row_end(o);
	return 0;
}

/* council show|members|needs|notices|requests|links ID: one listing of one council. */
static int c_listing(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t id;
	const char *what = argv[0];
	plenum_page page;
	const plenum_page *paged;
	int requests = strcmp(what, "requests") == 0;
	if (!cc_parse(&a, "council", argc, argv, 1, requests ? "--limit --before" : "",
	              requests ? "--pending" : "") ||
	    !cc_pos_int(&a, 0, "council id", &id) || !cc_page(&a, &page, &paged))
		return CL_USAGE;
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int rc = PLENUM_OK;
	if (strcmp(what, "show") == 0) {
		plenum_council c;
		if (!(rc = plenum_council_get(db, id, &c, &d)))
			council_row(&o, &c);
	} else if (strcmp(what, "members") == 0) {
		rc = plenum_council_members(db, id, member_cb, &o, &d);
	} else if (strcmp(what, "needs") == 0) {
		rc = plenum_council_needs(db, id, cc_need_total_row, &o, &d);
	} else if (strcmp(what, "notices") == 0) {
		rc = plenum_notice_list(db, id, notice_cb, &o, &d);
	} else if (requests) {
		rc = plenum_join_request_list(db, cc_actor(&a), id, cc_has(&a, "--pending"), paged,
		                              request_cb, &o, &d);
	} else {
		rc = plenum_workplace_links(db, id, link_cb, &o, &d);
	}
	return cc_rows_close(&a, db, &o, rc, &d);
}

static int c_hours(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t id, members;
	double hours;
	if (!cc_parse(&a, "council", argc, argv, 1, "", "") || !cc_pos_int(&a, 0, "council id", &id))
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_council_hours(db, id, &hours, &members, &d);
	plenum_db_close(db);
	if (rc)
		return cc_fail(&a, rc, &d);
	cc_out o;
	cc_begin(&o, cc_has(&a, "--json"));
	cc_hours_row(&o, id, hours, members);
	cc_end(&o);
	return CL_OK;
}

static int c_join(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t id, req;
	if (!cc_parse(&a, "council", argc, argv, 1, "--name --email --place --heard --message", "") ||
	    !cc_pos_int(&a, 0, "council id", &id))
		return CL_USAGE;
	plenum_join_spec s = {.name = cc_get(&a, "--name"), .email = cc_get(&a, "--email"),
	                      .place = cc_get(&a, "--place"), .message = cc_get(&a, "--message"),
	                      .heard = (plenum_heard)plenum_heard_parse(cc_get(&a, "--heard")),
	                      .member = cc_actor(&a)}; /* --as: a member asks for themselves */
	if (!s.heard)
		return cl_usage("council", "--heard must be search, friend, social-media or other");
	if (s.member && (s.name || s.email))
		return cl_usage("council", "join: --as asks for that member, whose name and email "
		                           "are known: leave out --name and --email");
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_join_request_file(db, id, &s, &req, &d);
	plenum_db_close(db);
	return cc_new_id(&a, rc, &d, "request", req);
}

static int c_decide(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t req, member;
	int yes = strcmp(argv[0], "accept") == 0;
	if (!cc_parse(&a, "council", argc, argv, 1, "", "") || !cc_pos_int(&a, 0, "request id", &req))
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_join_request_decide(db, cc_actor(&a), req, yes, &member, &d);
	plenum_db_close(db);
	return yes ? cc_new_id(&a, rc, &d, "member", member) : cc_done(&a, rc, &d);
}

static int c_parent(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t id, parent;
	if (!cc_parse(&a, "council", argc, argv, 1, "--parent", "") ||
	    !cc_pos_int(&a, 0, "council id", &id) || !cc_int(&a, "--parent", 0, &parent))
		return CL_USAGE;
	if (!cc_get(&a, "--parent")) /* not a silent move to the top */
		return cl_usage("council", "set-parent needs --parent FED (0: no federation)");
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_council_set_parent(db, cc_actor(&a), id, parent, &d);
	plenum_db_close(db);
	return cc_done(&a, rc, &d);
}

/* When --economy names an economy on disk (a directory or a binary file), its technique must
 * be one of it; any other name is taken as the name of an economy the planner resolves. */
static int check_technique(const char *economy, const char *technique)
{
	struct stat st;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	if (!economy || !technique || stat(economy, &st) != 0)
		return CL_OK;
	if (plenum_economy_open(economy, 0, &e, &d))
		return cl_error("council", "%s", d.message);
	int found = plenum_technique_find(e, technique) >= 0;
	plenum_economy_free(e);
	return found ? CL_OK
	             : cl_error("council", "the economy %s has no technique '%s': see its "
	                        "techniques.csv", economy, technique);
}

static int c_link(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t id;
	double q;
	int report = strcmp(argv[0], "report") == 0;
	if (!cc_parse(&a, "council", argc, argv, 1, "--economy --technique --period --quantity", "") ||
	    !cc_pos_int(&a, 0, "council id", &id) || !cc_num(&a, "--quantity", NAN, &q))
		return CL_USAGE;
	if (report && isnan(q))
		return cl_usage("council", "report needs --quantity");
	if (!report && check_technique(cc_get(&a, "--economy"), cc_get(&a, "--technique")))
		return CL_FAIL;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = report ? plenum_output_report(db, cc_actor(&a), id, cc_get(&a, "--period"),
	                                       cc_get(&a, "--technique"), q, &d)
	                : plenum_workplace_link(db, cc_actor(&a), id, cc_get(&a, "--economy"),
	                                        cc_get(&a, "--technique"), &d);
	plenum_db_close(db);
	return cc_done(&a, rc, &d);
}

static const cc_sub subs[] = {
	{"create", c_create, "create --db F --kind workplace|neighbourhood|federation --name N "
	                     "[--place P] [--parent ID] [--seats N] [--as MEMBER]"},
	{"list", c_list, "list --db F [--parent ID]"},
	{"show", c_listing, "show ID --db F"},
	{"members", c_listing, "members ID --db F"},
	{"needs", c_listing, "needs ID --db F       (the sum of members' / councils' needs)"},
	{"hours", c_hours, "hours ID --db F       (hours per week offered)"},
	{"notices", c_listing, "notices ID --db F"},
	{"set-parent", c_parent, "set-parent ID --parent FED --db F"},
	{"join", c_join, "join ID --db F (--name N --email E | --as MEMBER) --heard search|friend|"
	                 "social-media|other [--place P] [--message M]"},
	{"requests", c_listing, "requests ID --db F --as MEMBER [--pending] [--limit N] "
	                        "[--before ID]"},
	{"accept", c_decide, "accept REQUEST --db F --as MEMBER"},
	{"decline", c_decide, "decline REQUEST --db F --as MEMBER"},
	{"link", c_link, "link ID --db F --economy E --technique T"},
	{"links", c_listing, "links ID --db F       (0: every workplace)"},
	{"report", c_link, "report ID --db F --period P --technique T --quantity Q"},
};

CC_RUN_SUBS("council")

const cl_command cl_cmd_council = {
	"council", "council SUBCOMMAND [ID] --db FILE [--json] [--as MEMBER] ...",
	"councils: create, list, members, needs, join requests, workplace links",
	"Subcommands:\n"
	"  create --kind K --name N [--place P] [--parent FED] [--seats N]\n"
	"  list [--parent ID]            every council, or those inside ID (0: top level)\n"
	"  show ID | members ID | needs ID | hours ID | notices ID\n"
	"  set-parent ID --parent FED    (admin) move a council into a federation (0: none)\n"
	"  join ID --name N --email E --heard search|friend|social-media|other [--place P]\n"
	"       [--message M]            file a join request (with --as MEMBER instead of the\n"
	"       name and email: a member asks for themselves; a request naming a member's\n"
	"       email otherwise cannot be accepted)\n"
	"  requests ID [--pending] | accept REQUEST | decline REQUEST   (members of the council)\n"
	"  requests ID --limit N [--before ID]   the newest N requests (with ids below ID)\n"
	"  link ID --economy E --technique T | links ID   workplaces and their techniques (E a\n"
	"       name, or an economy on disk, which must then have technique T)\n"
	"  report ID --period P --technique T --quantity Q   actual output of a period (of a\n"
	"       technique the workplace is linked to)\n\n"
	"Options:\n"
	"  --db FILE      the database; only create makes a missing one (with its schema),\n"
	"                 the others refuse it (a typo would read as an empty database)\n"
	"  --as MEMBER    act as this member; without it, as the admin (the file's operator)\n"
	"  --json         JSON instead of CSV\n\n"
	"Rules are checked by the library: a refused act exits 1 with one line saying why.\n",
	run,
};
