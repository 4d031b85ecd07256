/* Motions: opening one (rules, timings and options copied in), reading and listing them. */
#include <string.h>
#include "council/ct.h"

static const char *const kind_names[] = {"?",    "plan-adoption", "priority", "cap",
                                         "recall", "election",    "general"};
static const char *const method_names[] = {"?", "yes-no", "approval", "schulze", "stv"};

const char *plenum_motion_kind_name(int kind)
{
	return kind >= 1 && kind <= 6 ? kind_names[kind] : "?";
}

int plenum_motion_kind_parse(const char *s)
{
	for (int k = 1; k <= 6; k++)
		if (s && strcmp(s, kind_names[k]) == 0)
			return k;
	return 0;
}

const char *plenum_vote_method_name(int method)
{
	return method >= 1 && method <= 4 ? method_names[method] : "?";
}

int plenum_vote_method_parse(const char *s)
{
	for (int k = 1; k <= 4; k++)
		if (s && strcmp(s, method_names[k]) == 0)
			return k;
	return 0;
}

/* The motion being opened: the spec with its defaults applied and its options resolved. */
typedef struct opening {
	plenum_motion_spec s;
	ct_council c;
	int64_t n;              /* options */
	const char **labels;    /* n */
	const char **payloads;  /* n, may hold NULL */
	int64_t *candidates;    /* n, 0 when not an election */
	char **owned;           /* n: label copies this opening owns (names, copied labels) */
	int64_t status_quo;
	int64_t opener;         /* who may close it without a closing time (0: the admin) */
} opening;

static void opening_free(opening *o)
{
	for (int64_t i = 0; o->owned && i < o->n; i++)
		ut_free(o->owned[i]);
	ut_free(o->owned), ut_free(o->labels), ut_free(o->payloads), ut_free(o->candidates);
}

static int opening_alloc(opening *o, int64_t n, plenum_diag *d)
{
	o->n = n;
	size_t m = n > 0 ? (size_t)n : 1;
	o->labels = ut_calloc(m, sizeof *o->labels);
	o->payloads = ut_calloc(m, sizeof *o->payloads);
	o->candidates = ut_calloc(m, sizeof *o->candidates);
	o->owned = ut_calloc(m, sizeof *o->owned);
	if (!o->labels || !o->payloads || !o->candidates || !o->owned)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory opening a motion");
	return PLENUM_OK;
}

static int own_label(opening *o, int64_t i, const char *text, plenum_diag *d)
{
	o->owned[i] = ut_strdup(text);
	o->labels[i] = o->owned[i];
	return o->owned[i] ? PLENUM_OK : ut_fail(d, PLENUM_ENOMEM, "out of memory");
}

static int method_default(opening *o, plenum_diag *d)
{
	plenum_motion_spec *s = &o->s;
	int want = s->kind == PLENUM_MOTION_RECALL          ? PLENUM_VOTE_YES_NO
	           : s->kind == PLENUM_MOTION_ELECTION      ? PLENUM_VOTE_STV
	           : s->kind == PLENUM_MOTION_PLAN_ADOPTION ? PLENUM_VOTE_SCHULZE
	           : s->binds                               ? PLENUM_VOTE_SCHULZE
	                                                    : PLENUM_VOTE_YES_NO;
	if (!s->method)
		s->method = (plenum_vote_method)want;
	if (s->method < PLENUM_VOTE_YES_NO || s->method > PLENUM_VOTE_STV)
		return ut_fail(d, PLENUM_EINVAL, "voting method %d: use yes-no, approval, schulze or "
		               "stv", (int)s->method);
	if ((s->kind == PLENUM_MOTION_RECALL || s->binds) && (int)s->method != want)
		return ut_fail(d, PLENUM_EINVAL, "a %s motion is decided by %s, not %s",
		               s->binds ? "binding" : "recall", plenum_vote_method_name(want),
		               plenum_vote_method_name(s->method));
	if (s->kind == PLENUM_MOTION_ELECTION && s->method == PLENUM_VOTE_YES_NO)
		return ut_fail(d, PLENUM_EINVAL, "an election is decided by stv, approval or schulze");
	return PLENUM_OK;
}

enum { FRACTION_DEN_MAX = 1000000 }; /* keeps voters x denominator far from overflow */

/* Quorum and majority with their defaults. A recall, and a motion that binds the council's
 * delegates, act on the delegate for the whole council: their quorum is at least half of it
 * (default 1/2), so that a few members cannot recall or bind a delegate alone. */
static int fractions(plenum_motion_spec *s, plenum_diag *d)
{
	int strict = s->kind == PLENUM_MOTION_RECALL || s->binds;
	if (!s->quorum_den && !s->quorum_num)
		s->quorum_num = strict, s->quorum_den = strict ? 2 : 1;
	if (!s->majority_den && !s->majority_num)
		s->majority_num = 1, s->majority_den = 2;
	if (s->quorum_num < 0 || s->quorum_den <= 0 || s->quorum_num > s->quorum_den ||
	    s->quorum_den > FRACTION_DEN_MAX)
		return ut_fail(d, PLENUM_EINVAL, "quorum %lld/%lld: give a fraction between 0 and 1 "
		               "(denominator at most %d)", (long long)s->quorum_num,
		               (long long)s->quorum_den, FRACTION_DEN_MAX);
	if (s->majority_num <= 0 || s->majority_den <= 0 || s->majority_num > s->majority_den ||
	    s->majority_den > FRACTION_DEN_MAX)
		return ut_fail(d, PLENUM_EINVAL, "majority %lld/%lld: give a fraction above 0, at "
		               "most 1 (denominator at most %d)", (long long)s->majority_num,
		               (long long)s->majority_den, FRACTION_DEN_MAX);
	if (strict && 2 * s->quorum_num < s->quorum_den)
		return ut_fail(d, PLENUM_EINVAL, "quorum %lld/%lld: a %s needs a quorum of at least "
		               "1/2 of the council: a delegate answers to the council, not to a few",
		               (long long)s->quorum_num, (long long)s->quorum_den,
		               s->binds ? "motion binding the delegates" : "recall");
	if (s->seats < 0 || s->seats > 1000)
		return ut_fail(d, PLENUM_EINVAL, "%lld seats: give 1 to 1000", (long long)s->seats);
	if (s->n_options > 0 && s->seats > s->n_options) /* every option would win, unvoted too */
		return ut_fail(d, PLENUM_EINVAL, "%lld seats for %lld options: give at most %lld "
		               "seats, or more options", (long long)s->seats, (long long)s->n_options,
		               (long long)s->n_options);
	if (!s->seats)
		s->seats = 1;
	return PLENUM_OK;
}

static int check_texts(plenum_db *db, opening *o, plenum_diag *d)
{
	plenum_motion_spec *s = &o->s;
	int rc = ct_check_name(d, "the motion's title", s->title, 1);
	if (!rc)
		rc = ct_check_text(d, "the motion's text", s->text, 0);
	if (!rc)
		rc = ct_check_text(d, "the mandate", s->mandate, 0);
	if (!rc && (s->kind < PLENUM_MOTION_PLAN_ADOPTION || s->kind > PLENUM_MOTION_GENERAL))
		rc = ut_fail(d, PLENUM_EINVAL, "motion kind %d: use plan-adoption, priority, cap, "
		             "recall, election or general", (int)s->kind);
	if (!rc && s->closes_at && s->closes_at <= plenum_db_now(db))
		rc = ut_fail(d, PLENUM_EINVAL, "the motion would close at %lld, which has passed: "
		             "give a later time", (long long)s->closes_at);
	if (!rc && s->closes_at > plenum_db_now(db) + PLENUM_MOTION_OPEN_MAX)
		rc = ut_fail(d, PLENUM_EINVAL, "the motion would close at %lld, more than ten years "
		             "ahead: give an earlier time, or none (it is then closed by its opener)",
		             (long long)s->closes_at);
	return rc;
}

/* Election candidates: the given members of the council, else all of them (of a federation:
 * its seated delegates). */
static int election_options(plenum_db *db, opening *o, plenum_diag *d)
{
	int64_t n = o->s.n_candidates;
	const int64_t *given = o->s.candidates;
	int64_t *all = NULL;
	if (!o->c.parent)
		return ut_fail(d, PLENUM_EINVAL, "council %lld has no parent federation to elect "
		               "delegates to", (long long)o->c.id);
	if (!given || n == 0) {
		int64_t cap = ct_count_members(db, o->c.id) + 1;
		st_stmt *s;
		if (!(all = ut_calloc((size_t)cap, sizeof *all)))
			return ut_fail(d, PLENUM_ENOMEM, "out of memory");
		int r = 0, rc = st_query_run(db->st, ST_Q_council_members, &s, d, "i", o->c.id);
		for (n = 0; !rc && (r = st_next(s, d)) == 1;)
			if (n < cap)
				all[n++] = st_int(s, 0);
		if (rc || r < 0) {
			ut_free(all);
			return rc ? rc : -r;
		}
		given = all;
	}
	/* a ballot ranks at most PLENUM_OPTIONS_MAX: a council of 5 964 members standing made an
	 * election nobody could vote in, whose count held the write lock for 5 minutes */
	int rc = n > PLENUM_OPTIONS_MAX && all
	                 ? ut_fail(d, PLENUM_EINVAL, "an election takes at most %d candidates, and "
	                           "council %lld has %lld members: name the candidates",
	                           PLENUM_OPTIONS_MAX, (long long)o->c.id, (long long)n)
	         : n > PLENUM_OPTIONS_MAX
	                 ? ut_fail(d, PLENUM_EINVAL, "%lld candidates: an election takes at most %d",
	                           (long long)n, PLENUM_OPTIONS_MAX)
	         : n ? opening_alloc(o, n, d)
	             : ut_fail(d, PLENUM_EINVAL, "council %lld has no members to stand",
	                       (long long)o->c.id);
	for (int64_t i = 0; !rc && i < n; i++) {
		st_stmt *s;
		o->candidates[i] = given[i];
		if (!ct_is_member(db, o->c.id, given[i]))
			rc = ut_fail(d, PLENUM_EINVAL, "candidate %lld is not a member of council %lld",
			             (long long)given[i], (long long)o->c.id);
		if (!rc)
			rc = st_query_run(db->st, ST_Q_member_name, &s, d, "i", given[i]);
		if (!rc && st_next(s, d) == 1) {
			rc = own_label(o, i, st_text(s, 0), d);
			st_done(s);
		}
	}
	ut_free(all);
	if (!rc && o->s.seats > n)
		rc = ut_fail(d, PLENUM_EINVAL, "%lld seats but %lld candidates: name more "
		             "candidates", (long long)o->s.seats, (long long)n);
	return rc;
}

/* A binding motion's options are those of the federation's motion it binds on. */
static int binding_options(plenum_db *db, opening *o, plenum_diag *d)
{
	plenum_motion m;
	int rc = ct_motion_load(db, o->s.binds, &m, d);
	if (rc)
		return rc;
	if (m.council != o->c.parent || m.closed_at)
		return ut_fail(d, PLENUM_EINVAL, "motion %lld is not an open motion of council %lld's "
		               "federation: a mandate binds on those only", (long long)o->s.binds,
		               (long long)o->c.id);
	st_stmt *s = NULL;
	int r;
	if ((rc = opening_alloc(o, m.n_options, d)) ||
	    (rc = st_query_run(db->st, ST_Q_option_list, &s, d, "i", o->s.binds)))
		return rc;
	for (int64_t i = 0; (r = st_next(s, d)) == 1 && i < o->n; i++)
		if ((rc = own_label(o, i, st_text(s, 2), d))) {
			st_done(s);
			return rc;
		}
	return r < 0 ? -r : PLENUM_OK;
}

static int given_options(opening *o, plenum_diag *d)
{
	plenum_motion_spec *s = &o->s;
	int sq = s->status_quo != 0;
	if (sq && s->method != PLENUM_VOTE_SCHULZE && s->method != PLENUM_VOTE_APPROVAL)
		return ut_fail(d, PLENUM_EINVAL, "a status quo option needs schulze or approval");
	if (s->n_options < 0 || s->n_options > PLENUM_OPTIONS_MAX || (s->n_options && !s->options))
		return ut_fail(d, PLENUM_EINVAL, "%lld options: give 1 to %d", (long long)s->n_options,
		               PLENUM_OPTIONS_MAX);
	int rc = opening_alloc(o, s->n_options + sq, d);
	if (rc)
		return rc;
	for (int64_t i = 0; !rc && i < s->n_options; i++) {
		char what[64];
		snprintf(what, sizeof what, "option %lld's label", (long long)i);
		rc = ct_check_name(d, what, s->options[i], 1);
		if (!rc && s->payloads)
			rc = ct_check_text(d, "an option's payload", s->payloads[i], 0);
		o->labels[i] = s->options[i];
		o->payloads[i] = s->payloads ? s->payloads[i] : NULL;
	}
	o->status_quo = sq ? s->n_options : -1;
	if (sq)
		o->labels[s->n_options] = "status quo";
	if (!rc && o->n < 2)
		rc = ut_fail(d, PLENUM_EINVAL, "a %s motion needs at least two options (or one and "
		             "the status quo)", plenum_vote_method_name(s->method));
	for (int64_t i = 0; !rc && i < o->n; i++)
		for (int64_t j = 0; j < i; j++)
			if (strcmp(o->labels[i], o->labels[j]) == 0)
				return ut_fail(d, PLENUM_EINVAL, "options %lld and %lld are both '%s': "
				               "make the labels differ", (long long)j, (long long)i,
				               o->labels[i]);
	return rc;
}

static int recall_check(plenum_db *db, opening *o, plenum_diag *d)
{
	plenum_delegate g;
	st_stmt *s = NULL;
	int rc = st_query_run(db->st, ST_Q_delegate_get, &s, d, "i", o->s.recall);
	int r = rc ? -rc : st_next(s, d);
	if (r != 1)
		return r < 0 ? -r : ut_fail(d, PLENUM_ENOTFOUND, "delegate seat %lld: no such seat: "
		                            "see 'plenum delegate list'", (long long)o->s.recall);
	g.council = st_int(s, 1), g.until = st_int(s, 8);
	st_done(s);
	if (g.council != o->c.id)
		return ut_fail(d, PLENUM_EINVAL, "delegate seat %lld was elected by council %lld: "
		               "open the recall there", (long long)o->s.recall, (long long)g.council);
	if (g.until)
		return ut_fail(d, PLENUM_ECONFLICT, "delegate seat %lld is vacant already",
		               (long long)o->s.recall);
	return PLENUM_OK;
}

static int resolve_options(plenum_db *db, opening *o, plenum_diag *d)
{
	static const char *const yes_no[] = {"yes", "no", "abstain"};
	plenum_motion_spec *s = &o->s;
	o->status_quo = -1;
	if (s->kind == PLENUM_MOTION_RECALL) {
		int rc = recall_check(db, o, d);
		if (rc)
			return rc;
	} else if (s->recall) {
		return ut_fail(d, PLENUM_EINVAL, "only a recall motion names a seat to recall");
	}
	if (s->binds && s->kind != PLENUM_MOTION_GENERAL)
		return ut_fail(d, PLENUM_EINVAL, "only a general motion binds delegates");
	if (s->kind == PLENUM_MOTION_ELECTION)
		return election_options(db, o, d);
	if (s->binds && (s->n_options || s->status_quo))
		return ut_fail(d, PLENUM_EINVAL, "a binding motion has the options of the motion "
		               "%lld it binds on: give no others", (long long)s->binds);
	if (s->binds)
		return binding_options(db, o, d);
	if (s->method == PLENUM_VOTE_YES_NO) {
		if (s->n_options || s->status_quo)
			return ut_fail(d, PLENUM_EINVAL, "a yes-no motion has the options yes, no and "
			               "abstain: give no others");
		int rc = opening_alloc(o, 3, d);
		for (int64_t i = 0; !rc && i < 3; i++)
			o->labels[i] = yes_no[i];
		return rc;
	}
	return given_options(o, d);
}

static int insert(plenum_db *db, int64_t actor, opening *o, int64_t *id, plenum_diag *d)
{
	plenum_motion_spec *s = &o->s;
	int rc = st_query_run(db->st, ST_Q_motion_insert, NULL, d, "iiitttiiiiiiiiiiiiiii",
	                      o->c.id, (int64_t)s->kind, (int64_t)s->method, s->title,
	                      s->text ? s->text : "", s->mandate ? s->mandate : "", o->opener,
	                      s->quorum_num, s->quorum_den, s->majority_num, s->majority_den,
	                      s->seats, plenum_db_now(db), s->closes_at, o->n, o->status_quo,
	                      s->recall, s->binds, ct_count_members(db, o->c.id),
	                      (int64_t)(o->c.kind == PLENUM_FEDERATION), (int64_t)PLENUM_RULES);
	if (rc)
		return rc;
	*id = st_last_id(db->st);
	for (int64_t i = 0; !rc && i < o->n; i++)
		rc = st_query_run(db->st, ST_Q_option_insert, NULL, d, "iitti", *id, i, o->labels[i],
		                  o->payloads[i] ? o->payloads[i] : "", o->candidates[i]);
	return rc;
}

static int log_open(plenum_db *db, int64_t actor, const opening *o, int64_t id, plenum_diag *d)
{
	const plenum_motion_spec *s = &o->s;
	ut_buf labels = {0};
	for (int64_t i = 0; i < o->n; i++)
		if (ut_buf_printf(&labels, "%s%s", i ? "\n" : "", o->labels[i]))
			return ut_fail(d, PLENUM_ENOMEM, "out of memory");
	ct_json j = {0};
	ct_js_int(&j, "motion", id);
	ct_js_str(&j, "kind", plenum_motion_kind_name(s->kind));
	ct_js_str(&j, "method", plenum_vote_method_name(s->method));
	ct_js_str(&j, "title", s->title);
	ct_js_str(&j, "text", s->text);
	ct_js_str(&j, "mandate", s->mandate);
	ct_js_int(&j, "quorum_num", s->quorum_num);
	ct_js_int(&j, "quorum_den", s->quorum_den);
	ct_js_int(&j, "majority_num", s->majority_num);
	ct_js_int(&j, "majority_den", s->majority_den);
	ct_js_int(&j, "seats", s->seats);
	ct_js_int(&j, "closes_at", s->closes_at);
	ct_js_int(&j, "status_quo", o->status_quo);
	ct_js_int(&j, "recall", s->recall);
	ct_js_int(&j, "binds", s->binds);
	ct_js_str(&j, "options", labels.data ? labels.data : "");
	ct_js_int(&j, "rules", PLENUM_RULES);
	ut_buf_free(&labels);
	return ct_event(db, actor, o->c.id, "motion.open", &j, d);
}

int ct_motion_open_tx(plenum_db *db, int64_t actor, int64_t opener,
                      const plenum_motion_spec *spec, int64_t *id, plenum_diag *d)
{
	opening o = {.s = *spec, .opener = opener};
	int rc = ct_council_load(db, spec->council, &o.c, d);
	if (!rc && spec->kind == PLENUM_MOTION_PLAN_ADOPTION && o.c.kind != PLENUM_FEDERATION)
		rc = ut_fail(d, PLENUM_EINVAL, "council %lld is a %s: a plan is adopted by a "
		             "federation; open the motion in the federation", (long long)o.c.id,
		             plenum_council_kind_name(o.c.kind));
	if (!rc)
		rc = check_texts(db, &o, d);
	if (!rc)
		rc = method_default(&o, d);
	if (!rc)
		rc = fractions(&o.s, d);
	if (!rc)
		rc = resolve_options(db, &o, d);
	if (!rc && o.s.kind == PLENUM_MOTION_ELECTION && o.s.seats > ct_free_seats(db, o.c.id))
		rc = ut_fail(d, PLENUM_ECONFLICT, "council %lld has %lld free seats, fewer than the "
		             "%lld to elect: recall first", (long long)o.c.id,
		             (long long)ct_free_seats(db, o.c.id), (long long)o.s.seats);
	if (!rc)
		rc = insert(db, actor, &o, id, d);
	if (!rc)
		rc = log_open(db, actor, &o, *id, d);
	opening_free(&o);
	return rc;
}

static int open_tx(plenum_db *db, int64_t actor, const plenum_motion_spec *s, int64_t *made,
                   plenum_diag *d)
{
	ct_council c;
	int rc = ct_council_load(db, s->council, &c, d);
	if (!rc)
		rc = ct_require_member(db, actor, s->council, "open a motion", d);
	return rc ? rc : ct_motion_open_tx(db, actor, actor, s, made, d);
}

int plenum_motion_open(plenum_db *db, int64_t actor, const plenum_motion_spec *s, int64_t *id,
                       plenum_diag *d)
{
	CT_ENTER(db, d);
	int64_t made = 0;
	int rc = ct_begin(db, d); /* the opener's membership read under the write lock */
	if (!rc)
		rc = ct_end(db, open_tx(db, actor, s, &made, d), d);
	if (id)
		*id = rc ? 0 : made;
	return ct_leave(db, rc, d);
}

static void read_motion(st_stmt *s, plenum_motion *m)
{
	m->id = st_int(s, 0), m->council = st_int(s, 1);
	m->kind = (plenum_motion_kind)st_int(s, 2), m->method = (plenum_vote_method)st_int(s, 3);
	m->title = st_text(s, 4), m->text = st_text(s, 5), m->mandate = st_text(s, 6);
	m->opener = st_int(s, 7);
	m->quorum_num = st_int(s, 8), m->quorum_den = st_int(s, 9);
	m->majority_num = st_int(s, 10), m->majority_den = st_int(s, 11);
	m->seats = st_int(s, 12), m->opened_at = st_int(s, 13), m->closes_at = st_int(s, 14);
	m->closed_at = st_int(s, 15);
	m->state = m->closed_at ? PLENUM_MOTION_CLOSED : PLENUM_MOTION_OPEN;
	m->n_options = st_int(s, 16), m->status_quo = st_int(s, 17);
	m->recall = st_int(s, 18), m->binds = st_int(s, 19), m->electorate = st_int(s, 20);
	m->public_ballots = (int)st_int(s, 21), m->voters = st_int(s, 22);
	m->passed = (int)st_int(s, 23), m->winner = st_int(s, 24), m->rules = st_int(s, 25);
}

static int fetch(plenum_db *db, int64_t id, plenum_motion *m, st_stmt **held, plenum_diag *d)
{
	st_stmt *s = NULL;
	int rc = st_query_run(db->st, ST_Q_motion_get, &s, d, "i", id);
	int r = rc ? -rc : st_next(s, d);
	if (r != 1)
		return r < 0 ? -r : ut_fail(d, PLENUM_ENOTFOUND, "motion %lld: no such motion: see "
		                            "'plenum motion list'", (long long)id);
	read_motion(s, m);
	*held = s;
	return PLENUM_OK;
}

int ct_motion_load(plenum_db *db, int64_t id, plenum_motion *m, plenum_diag *d)
{
	st_stmt *s = NULL;
	int rc = fetch(db, id, m, &s, d);
	if (rc)
		return rc;
	m->title = m->text = m->mandate = NULL;
	st_done(s);
	return PLENUM_OK;
}

int plenum_motion_get(plenum_db *db, int64_t id, plenum_motion *out, plenum_diag *d)
{
	CT_ENTER(db, d);
	return ct_leave(db, fetch(db, id, out, &db->held, d), d);
}

/* Calls fn on each motion s gives until fn returns non-zero; the status. */
static int each_motion(st_stmt *s, int (*fn)(void *, const plenum_motion *), void *ud,
                       plenum_diag *d)
{
	plenum_motion m;
	int r;
	while ((r = st_next(s, d)) == 1) {
		read_motion(s, &m);
		if (fn(ud, &m)) {
			st_done(s);
			return PLENUM_OK;
		}
	}
	return r < 0 ? -r : PLENUM_OK;
}

int plenum_motion_list(plenum_db *db, int64_t council, int state, const plenum_page *page,
                       int (*fn)(void *, const plenum_motion *), void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	ct_council c;
	st_stmt *s = NULL;
	int rc = ct_check_page(d, page);
	if (!rc)
		rc = ct_council_load(db, council, &c, d);
	if (!rc && page)
		rc = st_query_run(db->st, ST_Q_motion_page, &s, d, "iiii", council, (int64_t)state,
		                  page->before ? page->before : INT64_MAX, page->limit);
	else if (!rc)
		rc = st_query_run(db->st, ST_Q_motion_list, &s, d, "ii", council, (int64_t)state);
	if (rc)
		return ct_leave(db, rc, d);
	return ct_leave(db, each_motion(s, fn, ud, d), d);
}

int plenum_motion_closed(plenum_db *db, int64_t limit, int64_t *total,
                         int (*fn)(void *, const plenum_motion *), void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s = NULL;
	int64_t n = 0;
	int rc = limit < 1 ? ut_fail(d, PLENUM_EINVAL, "a limit of %lld: give 1 or more",
	                                    (long long)limit)
	                          : st_query_int(db->st, ST_Q_motion_closed_count, &n, d, "");
	if (total)
		*total = n;
	if (!rc)
		rc = st_query_run(db->st, ST_Q_motion_closed_recent, &s, d, "i", limit);
	if (rc)
		return ct_leave(db, rc, d);
	return ct_leave(db, each_motion(s, fn, ud, d), d);
}

int plenum_motion_options(plenum_db *db, int64_t motion, int (*fn)(void *, const plenum_option *),
                          void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	plenum_motion m;
	st_stmt *s = NULL;
	int r = 0, rc = ct_motion_load(db, motion, &m, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_option_list, &s, d, "i", motion);
	if (rc)
		return ct_leave(db, rc, d);
	plenum_option o;
	while ((r = st_next(s, d)) == 1) {
		o.motion = st_int(s, 0), o.index = st_int(s, 1), o.label = st_text(s, 2);
		o.payload = st_text(s, 3), o.candidate = st_int(s, 4);
		o.tally = st_int(s, 5), o.rank = st_int(s, 6);
		if (fn(ud, &o)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, r < 0 ? -r : PLENUM_OK, d);
}
