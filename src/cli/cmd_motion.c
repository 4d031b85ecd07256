/* plenum motion: open motions (rules and timings copied in), list, show, close, results; and
 * the plan side: open-plan (a plan-adoption motion in the top federation whose options are
 * variants computed elsewhere plus the status quo), proposals (the targets each variant of
 * 'plenum plan --db' carries), store-plan, targets and fulfilment. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/commands_council.h"

/* "2/3" into num and den; 1 on success, 0 after a usage error. */
static int fraction(const cc_args *a, const char *opt, int64_t *num, int64_t *den)
{
	const char *v = cc_get(a, opt);
	*num = *den = 0;
	if (!v)
		return 1;
	char *end;
	long long n = strtoll(v, &end, 10), m;
	if (end == v || *end != '/' || (m = strtoll(end + 1, &end, 10), *end) || m <= 0 || n < 0)
		return !cl_usage("motion", "%s needs a fraction like 2/3, got '%s'", opt, v);
	*num = n, *den = m;
	return 1;
}

enum { MAX_OPTIONS = 60 };

static int parse_spec(const cc_args *a, plenum_motion_spec *s, int64_t *cand)
{
	memset(s, 0, sizeof *s);
	const char *kind = cc_get(a, "--kind"), *method = cc_get(a, "--method");
	s->kind = (plenum_motion_kind)plenum_motion_kind_parse(kind ? kind : "general");
	if (!s->kind)
		return !cl_usage("motion", "--kind must be plan-adoption, priority, cap, recall, "
		                 "election or general");
	if (method && !(s->method = (plenum_vote_method)plenum_vote_method_parse(method)))
		return !cl_usage("motion", "--method must be yes-no, approval, schulze or stv");
	s->title = cc_get(a, "--title"), s->text = cc_get(a, "--text");
	s->mandate = cc_get(a, "--mandate");
	s->status_quo = cc_has(a, "--status-quo");
	const char *c[MAX_OPTIONS];
	int nc = cc_all(a, "--candidate", c, MAX_OPTIONS);
	for (int k = 0; k < nc; k++)
		if (!cl_parse_int64("motion", "--candidate", c[k], &cand[k]))
			return 0;
	s->candidates = cand, s->n_candidates = nc;
	return cc_int(a, "--council", 0, &s->council) && cc_seats(a, &s->seats) &&
	       cc_int(a, "--closes-at", 0, &s->closes_at) && cc_int(a, "--recall", 0, &s->recall) &&
	       cc_int(a, "--binds", 0, &s->binds) &&
	       fraction(a, "--quorum", &s->quorum_num, &s->quorum_den) &&
	       fraction(a, "--majority", &s->majority_num, &s->majority_den);
}

static int o_open(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	plenum_motion_spec s;
	int64_t cand[MAX_OPTIONS], id = 0;
	const char *options[MAX_OPTIONS], *payloads[MAX_OPTIONS];
	int plan = strcmp(argv[0], "open-plan") == 0;
	if (!cc_parse(&a, "motion", argc, argv, 0,
	              "--council --kind --method --title --text --mandate --option --payload "
	              "--seats --closes-at --quorum --majority --recall --binds --candidate",
	              "--status-quo") ||
	    !parse_spec(&a, &s, cand))
		return CL_USAGE;
	s.n_options = cc_all(&a, "--option", options, MAX_OPTIONS);
	int np = cc_all(&a, "--payload", payloads, MAX_OPTIONS);
	if (np && np != s.n_options)
		return cl_usage("motion", "give one --payload per --option (%d options, %d payloads)",
		                (int)s.n_options, np);
	s.options = options, s.payloads = np ? payloads : NULL;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = PLENUM_OK;
	if (plan) { /* the bridge: the top federation, the variants and the status quo */
		s.kind = PLENUM_MOTION_PLAN_ADOPTION, s.method = PLENUM_VOTE_SCHULZE, s.status_quo = 1;
		if (!s.council)
			rc = plenum_council_top(db, &s.council, &d);
	}
	if (!rc)
		rc = plenum_motion_open(db, cc_actor(&a), &s, &id, &d);
	plenum_db_close(db);
	return cc_new_id(&a, rc, &d, "id", id);
}

static void motion_row(cc_out *o, const plenum_motion *m)
{
	cc_row(o);
	cc_i64(o, "id", m->id);
	cc_i64(o, "council", m->council);
	cc_str(o, "kind", plenum_motion_kind_name(m->kind));
	cc_str(o, "method", plenum_vote_method_name(m->method));
	cc_str(o, "title", m->title);
	cc_str(o, "state", m->state == PLENUM_MOTION_OPEN ? "open" : "closed");
	cc_i64(o, "opened_at", m->opened_at);
	cc_i64(o, "closes_at", m->closes_at);
	cc_i64(o, "closed_at", m->closed_at);
	cc_i64(o, "options", m->n_options);
	cc_i64(o, "electorate", m->electorate);
	cc_i64(o, "voters", m->voters);
	cc_bool(o, "passed", m->passed);
	cc_i64(o, "winner", m->winner);
	cc_row_end(o);
}

static int motion_cb(void *ud, const plenum_motion *m)
{
	motion_row(ud, m);
	return 0;
}

static int option_cb(void *ud, const plenum_option *p)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "index", p->index);
	cc_str(o, "label", p->label);
	cc_str(o, "payload", p->payload);
	cc_i64(o, "candidate", p->candidate);
	cc_i64(o, "tally", p->tally);
	cc_i64(o, "rank", p->rank);
	cc_row_end(o);
	return 0;
}

static int o_list(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t id;
	const char *what = argv[0];
	plenum_page page;
	const plenum_page *paged;
	int list = strcmp(what, "list") == 0;
	if (!cc_parse(&a, "motion", argc, argv, 1, list ? "--limit --before" : "",
	              list ? "--open --closed" : "") ||
	    !cc_pos_int(&a, 0, list ? "council id" : "motion id", &id) ||
	    !cc_page(&a, &page, &paged))
		return CL_USAGE;
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int rc;
	if (list) {
		int state = cc_has(&a, "--open") ? PLENUM_MOTION_OPEN
		            : cc_has(&a, "--closed") ? PLENUM_MOTION_CLOSED : -1;
		rc = plenum_motion_list(db, id, state, paged, motion_cb, &o, &d);
	} else if (strcmp(what, "show") == 0) {
		plenum_motion m;
		if (!(rc = plenum_motion_get(db, id, &m, &d)))
			motion_row(&o, &m);
	} else {
		rc = plenum_motion_options(db, id, option_cb, &o, &d);
	}
	return cc_rows_close(&a, db, &o, rc, &d);
}

static int o_close(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t id = 0, n = 0;
	int due = strcmp(argv[0], "close-due") == 0;
	if (!cc_parse(&a, "motion", argc, argv, !due, "", "") ||
	    (!due && !cc_pos_int(&a, 0, "motion id", &id)))
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = due ? plenum_motion_close_due(db, &n, &d)
	             : plenum_motion_close(db, cc_actor(&a), id, &d);
	if (!rc && due)
		printf(cc_has(&a, "--json") ? "{\"closed\":%lld}\n" : "%lld closed\n", (long long)n);
	plenum_db_close(db);
	return due ? (rc ? cc_fail(&a, rc, &d) : CL_OK) : cc_done(&a, rc, &d);
}

/* The options' labels, by index, for the result's lines ("winner 1: option 2 (Plan B)"). */
typedef struct labels {
	char **label;
	int64_t n;
} labels;

static int take_label(void *ud, const plenum_option *o)
{
	labels *l = ud;
	if (o->index >= 0 && o->index < l->n)
		l->label[o->index] = strdup(o->label);
	return 0;
}

static void print_result(const plenum_result *r, const labels *l, int json)
{
	if (!json) {
		printf("motion %lld (%s): %lld of %lld voted; %s\n", (long long)r->motion,
		       plenum_vote_method_name(r->method), (long long)r->voters,
		       (long long)r->electorate,
		       r->method == PLENUM_VOTE_YES_NO ? (r->passed ? "passed" : "not passed")
		                                       : (r->n_winners ? "decided" : "no winner"));
		for (int64_t k = 0; k < r->n_winners; k++) {
			int64_t w = r->winners[k];
			const char *label = w >= 0 && w < l->n && l->label[w] ? l->label[w] : NULL;
			printf("winner %lld: option %lld", (long long)(k + 1), (long long)w);
			printf(label ? " (%s)\n" : "\n", label);
		}
		fputs(r->report, stdout);
		return;
	}
	printf("{\"motion\":%lld,\"method\":\"%s\",\"electorate\":%lld,\"voters\":%lld,"
	       "\"quorum_met\":%s,\"passed\":%s,\"yes\":%lld,\"no\":%lld,\"abstain\":%lld,"
	       "\"tally\":[", (long long)r->motion, plenum_vote_method_name(r->method),
	       (long long)r->electorate, (long long)r->voters, r->quorum_met ? "true" : "false",
	       r->passed ? "true" : "false", (long long)r->yes, (long long)r->no,
	       (long long)r->abstain);
	for (int64_t k = 0; k < r->n_options; k++)
		printf("%s%lld", k ? "," : "", (long long)r->tally[k]);
	printf("],\"rank\":[");
	for (int64_t k = 0; k < r->n_options; k++)
		printf("%s%lld", k ? "," : "", (long long)r->rank[k]);
	printf("],\"winners\":[");
	for (int64_t k = 0; k < r->n_winners; k++)
		printf("%s%lld", k ? "," : "", (long long)r->winners[k]);
	printf("],\"pairwise\":"); /* Schulze's d[i][j], row by row, as the API gives it */
	for (int64_t k = 0; r->pairwise && k < r->n_options * r->n_options; k++)
		printf("%s%lld", k ? "," : "[", (long long)r->pairwise[k]);
	printf(r->pairwise && r->n_options ? "]" : "null");
	printf(",\"report\":");
	cl_json_string(stdout, r->report);
	printf("}\n");
}

static int o_result(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	plenum_result *r;
	int64_t id;
	if (!cc_parse(&a, "motion", argc, argv, 1, "", "") || !cc_pos_int(&a, 0, "motion id", &id))
		return CL_USAGE;
	plenum_db *db = cc_open(&a);
	if (!db)
		return CL_FAIL;
	int rc = plenum_motion_result(db, id, &r, &d);
	labels l = {0};
	if (!rc && !cc_has(&a, "--json") && r->n_options > 0) {
		l.n = r->n_options;
		l.label = calloc((size_t)l.n, sizeof *l.label);
		plenum_diag od = {0};
		if (!l.label)
			l.n = 0;
		else if (plenum_motion_options(db, id, take_label, &l, &od) != PLENUM_OK)
			fprintf(stderr, "plenum motion: warning: the options' labels were not read (%s): "
			        "the winners are given by index\n", od.message);
	}
	plenum_db_close(db);
	if (rc)
		return cc_fail(&a, rc, &d);
	print_result(r, &l, cc_has(&a, "--json"));
	for (int64_t k = 0; k < l.n; k++)
		free(l.label[k]);
	free(l.label);
	plenum_result_free(r);
	return CL_OK;
}

/* One target line "workplace,technique,product,quantity" split in place into t (its strings
 * point into line). Returns the column (1-based) of the first bad field, 0 when it is good. */
static int target_line(char *line, plenum_target *t)
{
	char *f[5] = {line}, *end;
	int n = 1, len = (int)strlen(line);
	for (char *c = line; *c && n < 5; c++)
		if (*c == ',')
			*c = 0, f[n++] = c + 1;
	if (n != 4) /* too few fields: the line's end; too many: the fifth */
		return n < 4 ? len + 1 : (int)(f[4] - line);
	long long w = strtoll(f[0], &end, 10);
	if (end == f[0] || *end || w <= 0)
		return 1;
	if (!*f[1])
		return (int)(f[1] - line) + 1;
	if (!*f[2])
		return (int)(f[2] - line) + 1;
	double q = strtod(f[3], &end);
	if (end == f[3] || *end || !(q >= 0) || q > 1e300)
		return (int)(f[3] - line) + 1;
	*t = (plenum_target){.council = w, .technique = f[1], .product = f[2], .quantity = q};
	return 0;
}

/* Appends t to *out, its strings to *store (as offsets until the end: store may move). */
static int keep_target(const plenum_target *t, plenum_target **out, int64_t *n, int64_t *cap,
                       char **store, size_t *used, size_t *room)
{
	size_t lt = strlen(t->technique) + 1, lp = strlen(t->product) + 1;
	if (*n == *cap) {
		plenum_target *o = realloc(*out, (size_t)(*cap ? 2 * *cap : 16) * sizeof *o);
		if (!o)
			return -1;
		*out = o, *cap = *cap ? 2 * *cap : 16;
	}
	if (*used + lt + lp > *room) {
		char *s = realloc(*store, 2 * *room + lt + lp + 4096);
		if (!s)
			return -1;
		*store = s, *room = 2 * *room + lt + lp + 4096;
	}
	(*out)[*n] = (plenum_target){.council = t->council, .quantity = t->quantity,
	                             .technique = (const char *)(uintptr_t)*used,
	                             .product = (const char *)(uintptr_t)(*used + lt)};
	memcpy(*store + *used, t->technique, lt);
	memcpy(*store + *used + lt, t->product, lp);
	*used += lt + lp;
	++*n;
	return 0;
}

/* Reads targets CSV "workplace,technique,product,quantity" (a header row first). Returns the
 * count, -1 after printing what is wrong where (FILE:LINE:COLUMN; nothing is kept then).
 * Strings are copied into *store. */
static int64_t read_targets(const char *path, plenum_target **out, char **store)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int64_t n = 0, cap = 0, lineno = 0;
	size_t used = 0, room = 0;
	int bad = 0;
	*out = NULL, *store = NULL;
	if (!f)
		return cl_error("motion", "%s: cannot read the targets file", path), -1;
	while (!bad && fgets(line, sizeof line, f)) {
		size_t len = strcspn(line, "\r\n");
		int col;
		plenum_target t = {0};
		lineno++;
		if (line[len] == 0 && !feof(f))
			bad = cl_error("motion", "%s:%lld: a line longer than %d bytes", path,
			               (long long)lineno, (int)sizeof line - 2);
		line[len] = 0;
		if (!bad && lineno == 1 && strcmp(line + (strncmp(line, "\xEF\xBB\xBF", 3) ? 0 : 3),
		                                  "workplace,technique,product,quantity") != 0)
			bad = cl_error("motion", "%s:1: the header must be workplace,technique,product,"
			               "quantity (a line of targets in its place would be lost)", path);
		if (bad || lineno == 1 || !*line)
			continue;
		if ((col = target_line(line, &t)))
			bad = cl_error("motion", "%s:%lld:%d: need workplace (a council id), technique, "
			               "product, quantity (a number >= 0)", path, (long long)lineno, col);
		else if (keep_target(&t, out, &n, &cap, store, &used, &room))
			bad = cl_error("motion", "out of memory reading %s", path);
	}
	if (!bad && ferror(f)) /* a directory reads as an error, not as an empty file */
		bad = cl_error("motion", "%s: cannot read the targets file (%s)", path,
		               strerror(errno));
	else if (!bad && n == 0) /* stored, a plan cannot be stored again to correct it */
		bad = cl_error("motion", "%s: no targets: give one line per workplace and technique "
		               "under the header", path);
	fclose(f);
	if (bad) {
		free(*out), free(*store);
		*out = NULL, *store = NULL;
		return -1;
	}
	for (int64_t k = 0; k < n; k++) { /* offsets into pointers, now that store is final */
		(*out)[k].technique = *store + (uintptr_t)(*out)[k].technique;
		(*out)[k].product = *store + (uintptr_t)(*out)[k].product;
	}
	return n;
}

static int o_store_plan(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	int64_t id;
	plenum_target *t;
	char *store;
	if (!cc_parse(&a, "motion", argc, argv, 1, "--period --summary --targets", "") ||
	    !cc_pos_int(&a, 0, "motion id", &id))
		return CL_USAGE;
	if (!cc_get(&a, "--targets"))
		return cl_usage("motion", "give --targets FILE (workplace,technique,product,quantity)");
	int64_t n = read_targets(cc_get(&a, "--targets"), &t, &store);
	if (n < 0)
		return CL_FAIL;
	plenum_db *db = cc_open(&a);
	int rc = db ? plenum_plan_store(db, cc_actor(&a), id, cc_get(&a, "--period"),
	                                cc_get(&a, "--summary"), t, n, &d)
	            : PLENUM_EIO;
	free(t);
	free(store);
	if (!db)
		return CL_FAIL;
	plenum_db_close(db);
	return cc_done(&a, rc, &d);
}

static int target_cb(void *ud, const plenum_target *t)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "workplace", t->council);
	cc_str(o, "technique", t->technique);
	cc_str(o, "product", t->product);
	cc_dbl(o, "quantity", t->quantity);
	cc_row_end(o);
	return 0;
}

static int fulfilment_cb(void *ud, const plenum_fulfilment *x)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "workplace", x->council);
	cc_str(o, "period", x->period);
	cc_str(o, "technique", x->technique);
	cc_str(o, "product", x->product);
	cc_dbl(o, "target", x->target);
	cc_dbl(o, "actual", x->actual);
	cc_dbl(o, "fulfilment", x->fulfilment);
	cc_row_end(o);
	return 0;
}

/* targets|fulfilment [MOTION]: of the plan adopted by MOTION, or the latest. */
static int o_targets(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t id = 0, council;
	int targets = strcmp(argv[0], "targets") == 0;
	if (!cc_parse(&a, "motion", argc, argv, 1, "--council", "") ||
	    (a.npos && !cc_pos_int(&a, 0, "motion id", &id)) || !cc_int(&a, "--council", 0, &council))
		return CL_USAGE;
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int64_t by = 0;
	if (id && plenum_plan_superseded(db, id, &by, &d) == PLENUM_OK && by)
		fprintf(stderr, "plenum motion: warning: the plan of motion %lld was superseded by "
		        "motion %lld's (the same period): its targets no longer hold\n", (long long)id,
		        (long long)by);
	int rc = targets ? plenum_targets_list(db, id, council, target_cb, &o, &d)
	                 : plenum_fulfilment_list(db, id, fulfilment_cb, &o, &d);
	return cc_rows_close(&a, db, &o, rc, &d);
}

static int proposal_cb(void *ud, const plenum_proposal_row *p)
{
	cc_out *o = ud;
	cc_row(o);
	cc_i64(o, "option", p->option);
	cc_str(o, "period", p->period);
	cc_i64(o, "workplace", p->target.council);
	cc_str(o, "technique", p->target.technique);
	cc_str(o, "product", p->target.product);
	cc_dbl(o, "quantity", p->target.quantity);
	cc_row_end(o);
	return 0;
}

/* proposals ID [--option K]: what each variant of a plan motion gives the workplaces. */
static int o_proposals(int argc, char **argv)
{
	cc_args a;
	plenum_diag d;
	cc_out o;
	int64_t id, option;
	if (!cc_parse(&a, "motion", argc, argv, 1, "--option", "") ||
	    !cc_pos_int(&a, 0, "motion id", &id) || !cc_int(&a, "--option", -1, &option))
		return CL_USAGE;
	if (cc_get(&a, "--option") && option < 0) /* -1 is "every option", not a choice */
		return cl_usage("motion", "--option is an option's index, 0 or more, not %s",
		                cc_get(&a, "--option"));
	plenum_db *db = cc_rows_open(&a, &o);
	if (!db)
		return CL_FAIL;
	int rc = plenum_proposal_list(db, id, option, proposal_cb, &o, &d);
	return cc_rows_close(&a, db, &o, rc, &d);
}

static const cc_sub subs[] = {
	{"open", o_open, "open --db F --council C --kind K --title T [--method M] [--option L]... "
	                 "[--status-quo] [...] --as MEMBER"},
	{"open-plan", o_open, "open-plan --db F --title T --option VARIANT [--payload KEY]... "
	                      "[--council FED] [--closes-at T]"},
	{"list", o_list, "list COUNCIL --db F [--open|--closed] [--limit N] [--before ID]"},
	{"show", o_list, "show ID --db F"},
	{"options", o_list, "options ID --db F     (tallies and ranks after close)"},
	{"close", o_close, "close ID --db F [--as MEMBER]"},
	{"close-due", o_close, "close-due --db F       close every motion whose time has come"},
	{"result", o_result, "result ID --db F       (closed motions only)"},
	{"proposals", o_proposals, "proposals ID --db F [--option K]   (plan --db variants' targets)"},
	{"store-plan", o_store_plan, "store-plan ID --db F --period P --targets FILE [--summary S]"},
	{"targets", o_targets, "targets [ID] --db F [--council WORKPLACE]"},
	{"fulfilment", o_targets, "fulfilment [ID] --db F"},
};

CC_RUN_SUBS("motion")

const cl_command cl_cmd_motion = {
	"motion", "motion SUBCOMMAND [ID] --db FILE [--json] [--as MEMBER] ...",
	"motions: open, list, close, results; open-plan for the planner bridge",
	"Subcommands:\n"
	"  open --council C --kind K --title T [options]   open a motion (members of C; of a\n"
	"       federation: its delegates). Kinds: plan-adoption priority cap recall election\n"
	"       general. Options:\n"
	"         --method yes-no|approval|schulze|stv  (default by kind: recall yes-no, election\n"
	"                               stv, plan-adoption schulze, others yes-no)\n"
	"         --option LABEL [--payload KEY]...   options (approval, schulze, stv)\n"
	"         --status-quo          add the status quo option (schulze, approval)\n"
	"         --quorum A/B --majority A/B   yes-no rules (default 0/1 and 1/2: more yes than\n"
	"                               no; with A/B: yes >= A/B of yes+no and yes > no)\n"
	"         --seats N             approval/stv winners; --candidate MEMBER... (election)\n"
	"         --closes-at UNIXTIME  else the opener or the admin closes it\n"
	"         --recall SEAT         recall: the delegate seat (in its electing council)\n"
	"         --binds MOTION        general: an open motion of the parent federation; the\n"
	"                               winner binds this council's delegates (imperative mandate)\n"
	"         --mandate TEXT        election: the mandate of those elected; general: replaces\n"
	"                               the delegates' mandate when it passes\n"
	"  open-plan --title T --option VARIANT [--payload KEY]... [--council FED]\n"
	"       a plan-adoption motion (Schulze) in the top federation with variants computed\n"
	"       elsewhere plus the status quo; no targets are kept: store-plan after close.\n"
	"       'plenum plan --db FILE ECON' computes the variants from needs and abilities and\n"
	"       keeps each one's targets, stored and published when it wins\n"
	"  list COUNCIL [--open|--closed] | show ID | options ID\n"
	"  list COUNCIL --limit N [--before ID]   the newest N motions (with ids below ID)\n"
	"  close ID | close-due | result ID\n"
	"  proposals ID [--option K]   a plan motion opened by 'plenum plan --db': the targets\n"
	"       each variant gives the workplaces (stored and published when that variant wins)\n"
	"  store-plan ID --period P --targets FILE [--summary S]   (admin) after a variant won:\n"
	"       store the plan; FILE is CSV workplace,technique,product,quantity (a header row)\n"
	"  targets [ID] [--council W] | fulfilment [ID]   the adopted plan's published targets,\n"
	"       and actual / target per workplace (ID: the plan's motion; default the latest)\n\n"
	"Nobody sees a tally before close; nothing changes after close.\n",
	run,
};
