/* plenum plan --db FILE ECON: the bridge from the councils' database to the planner and back.
 * Targets are the top federation's summed needs, labour is the hours its members offer (per
 * week, times the weeks of the period); the planner computes one balanced plan per variant
 * (a share of the offered hours, times each cap setting), and a plan-adoption motion opens in
 * the federation with the variants, each carrying the targets it gives the federation's
 * workplaces, plus the status quo. Closing the motion stores the winner and publishes its
 * targets (plenum_plan_motion_open). Called by `plenum plan` when --db is given. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli/cli.h"
#include "cli/commands_council.h"
#include "cli/commands_plan.h"
#include "util/util.h"

enum { MAX_SHARES = 16, MAX_CAPS = 8, MAX_VALUES = 16, MAX_VARIANTS = 100 };

typedef struct bridge {
	cc_args a;
	const char *econ;
	plenum_plan_opts o;
	double shares[MAX_SHARES]; /* percent of the offered hours */
	int nshares;
	plenum_economy *e;
	plenum_horizon *h; /* stocks.csv and caps.csv for the one period, or NULL */
	plenum_db *db;
	plenum_diag d;
	int64_t fed, needs, members; /* needs: products the federation needs */
	double *targets;             /* products */
	double hours;                /* offered per week */
	const char *period, *title;  /* given, or the defaults below */
	char next_year[16], default_title[64];
} bridge;

/* A workplace linked to a technique of the economy, with the hours its members offer. */
typedef struct site {
	int64_t council, technique;
	double weight;
} site;

typedef struct sites {
	const plenum_economy *e;
	const char *name; /* --economy-name, or NULL: links match by technique key */
	site *s;
	int64_t n, cap;
	int oom;
} sites;

typedef struct variant {
	char label[PLENUM_NAME_MAX + 1], key[PLENUM_NAME_MAX + 1], summary[512];
	double share, level, labour, available;
	plenum_target *t;
	int64_t nt;
} variant;

/* The planner's options first (shared with plan and variants), then the bridge's own. */
static int parse(int argc, char **argv, bridge *b)
{
	char *rest[256];
	int n = 0;
	plenum_plan_opts_init(&b->o);
	for (int k = 0; k < argc && n < 256; k++) {
		int r = k ? cl_plan_option("plan", argc, argv, &k, &b->o) : 0;
		if (r < 0)
			return CL_USAGE;
		if (!r)
			rest[n++] = argv[k];
	}
	if (!cc_parse(&b->a, "plan", n, rest, 1,
	              "--council --period --title --text --hours-share --cap --closes-at "
	              "--economy-name", ""))
		return CL_USAGE;
	if (b->a.npos != 1)
		return cl_usage("plan", "give one economy: plan --db FILE ECON");
	b->econ = b->a.pos[0];
	if (!isnan(b->o.labour_hours) || !isnan(b->o.workforce) || b->o.years > 1 || b->o.mps_path)
		return cl_usage("plan", "with --db the hours come from the members' abilities and the "
		                "plan is for one period: drop --labour-hours, --workforce, --years and "
		                "--mps");
	const char *sh = cc_get(&b->a, "--hours-share");
	for (const char *s = sh ? sh : "100,90,80"; *s;) {
		char *end;
		double x = strtod(s, &end);
		if (b->nshares == MAX_SHARES)
			return cl_usage("plan", "--hours-share: at most %d shares", MAX_SHARES);
		if (end == s || (*end && *end != ',') || !(x > 0 && x <= 100))
			return cl_usage("plan", "--hours-share needs percentages of the offered hours, "
			                "above 0 and at most 100, separated by commas (e.g. 100,90,80), "
			                "got '%s'", sh);
		b->shares[b->nshares++] = x;
		s = *end ? end + 1 : end;
	}
	return CL_OK;
}

static int need_cb(void *ud, const plenum_need_total *t)
{
	bridge *b = ud;
	int64_t i = plenum_product_find(b->e, t->product);
	if (i < 0) {
		snprintf(b->d.message, sizeof b->d.message, "federation %lld needs product '%s', "
		         "which the economy %s does not have: plan with the economy the products "
		         "were registered from", (long long)b->fed, t->product, b->econ);
		return 1;
	}
	b->targets[i] += t->quantity;
	b->needs++;
	return 0;
}

/* The federation, its needs as targets and the hours its members offer. */
static int gather(bridge *b)
{
	int64_t f = 0;
	int rc = cc_int(&b->a, "--council", 0, &f) ? PLENUM_OK : CL_USAGE;
	if (rc)
		return rc;
	b->fed = f;
	if (!f && (rc = plenum_council_top(b->db, &b->fed, &b->d)))
		return cl_report("plan", rc, &b->d);
	plenum_council c;
	if ((rc = plenum_council_get(b->db, b->fed, &c, &b->d)))
		return cl_report("plan", rc, &b->d);
	if (c.kind != PLENUM_FEDERATION)
		return cl_error("plan", "council %lld is a %s: a plan is adopted by a federation; "
		                "give --council FEDERATION", (long long)b->fed,
		                plenum_council_kind_name(c.kind));
	b->targets = calloc((size_t)plenum_economy_products(b->e) + 1, sizeof *b->targets);
	if (!b->targets)
		return cl_error("plan", "out of memory");
	b->d.message[0] = 0;
	if ((rc = plenum_council_needs(b->db, b->fed, need_cb, b, &b->d)) || b->d.message[0])
		return cl_error("plan", "%s", b->d.message);
	if (!b->needs)
		return cl_error("plan", "federation %lld has no needs stated: members state them with "
		                "'plenum needs set'", (long long)b->fed);
	if ((rc = plenum_council_hours(b->db, b->fed, &b->hours, &b->members, &b->d)))
		return cl_report("plan", rc, &b->d);
	if (!(b->hours > 0))
		return cl_error("plan", "nobody in federation %lld offers hours: members state them "
		                "with 'plenum abilities set'", (long long)b->fed);
	return CL_OK;
}

static int link_cb(void *ud, const plenum_workplace_link_row *l)
{
	sites *x = ud;
	int64_t t = plenum_technique_find(x->e, l->technique);
	if (t < 0 || (x->name && strcmp(x->name, l->economy) != 0))
		return 0;
	if (x->n == x->cap) {
		int64_t cap = x->cap ? 2 * x->cap : 16;
		site *s = realloc(x->s, (size_t)cap * sizeof *s);
		if (!s)
			return x->oom = 1;
		x->s = s, x->cap = cap;
	}
	x->s[x->n++] = (site){l->council, t, 0};
	return 0;
}

/* 1 when council lies inside federation (at any depth). */
static int within(plenum_db *db, int64_t council, int64_t federation)
{
	plenum_council c;
	for (int depth = 0; depth < 1000 && !plenum_council_get(db, council, &c, NULL); depth++) {
		if (c.parent == federation)
			return 1;
		if (!(council = c.parent))
			return 0;
	}
	return 0;
}

/* The workplaces of the federation linked to techniques of the economy, weighted by the hours
 * their members offer. */
static int workplaces(bridge *b, sites *x)
{
	*x = (sites){.e = b->e, .name = cc_get(&b->a, "--economy-name")};
	int rc = plenum_workplace_links(b->db, 0, link_cb, x, &b->d);
	if (rc || x->oom)
		return rc ? cl_report("plan", rc, &b->d) : cl_error("plan", "out of memory");
	int64_t kept = 0, members;
	for (int64_t k = 0; k < x->n; k++) {
		int twice = 0; /* linked under two economy names: one site */
		for (int64_t j = 0; j < kept; j++)
			twice |= x->s[j].council == x->s[k].council &&
			         x->s[j].technique == x->s[k].technique;
		if (twice || !within(b->db, x->s[k].council, b->fed))
			continue;
		if ((rc = plenum_council_hours(b->db, x->s[k].council, &x->s[k].weight, &members,
		                               &b->d)))
			return cl_report("plan", rc, &b->d);
		x->s[kept++] = x->s[k];
	}
	x->n = kept;
	return CL_OK;
}

/* Planned quantities are published to 6 significant digits: a target, not solver noise. */
static double six_digits(double x)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%.6g", x > 0 ? x : 0.0);
	return strtod(buf, NULL);
}

/* Each technique's planned output, split among the workplaces linked to it in proportion to
 * the hours they offer (equally when none offers any). *unassigned counts the techniques the
 * plan runs that no workplace is linked to. */
static int split(const bridge *b, const sites *x, const plenum_plan *p, variant *v,
                 int64_t *unassigned)
{
	v->t = calloc((size_t)x->n + 1, sizeof *v->t);
	if (!v->t)
		return cl_error("plan", "out of memory");
	*unassigned = 0;
	for (int64_t t = 0; t < p->techniques; t++) {
		double out = p->activity[t] * plenum_technique_output(b->e, t), total = 0;
		int64_t linked = 0;
		for (int64_t k = 0; k < x->n; k++)
			if (x->s[k].technique == t)
				total += x->s[k].weight, linked++;
		if (!(out > 1e-9)) /* not run (or solver noise) */
			continue;
		*unassigned += linked == 0;
		for (int64_t k = 0; k < x->n; k++) {
			if (x->s[k].technique != t)
				continue;
			double share = total > 0 ? x->s[k].weight / total : 1.0 / (double)linked;
			v->t[v->nt++] = (plenum_target){
				x->s[k].council, plenum_technique_key(b->e, t),
				plenum_product_key(b->e, plenum_technique_product(b->e, t)),
				six_digits(out * share)};
		}
	}
	return CL_OK;
}

/* A level as a percentage: four digits, whole above 10 000 % (not "1.474e+08%"). */
static const char *percent(double level, char *out, size_t n)
{
	snprintf(out, n, 100 * level >= 1e4 ? "%.0f%%" : "%.4g%%", 100 * level);
	return out;
}

/* The label, key and summary of one variant. */
static void describe(const bridge *b, variant *v, const char *caps, int64_t unassigned)
{
	double week = b->hours * v->share / 100 / (double)b->members;
	char met[64];
	snprintf(v->label, sizeof v->label, "%g%% of the hours offered (%.3g h a week each)%s%s: "
	         "needs met at %s", v->share, week, caps[0] ? ", " : "", caps,
	         percent(v->level, met, sizeof met));
	snprintf(v->key, sizeof v->key, "hours=%g%%%s%s", v->share, caps[0] ? "," : "", caps);
	snprintf(v->summary, sizeof v->summary, "period %s: %.6g of %.6g hours a period used "
	         "(%lld members offer %.6g h a week, %g%% of it planned, %g weeks); every need met "
	         "at %s; %lld targets for workplaces, %lld techniques without a workplace",
	         b->period, v->labour, v->available, (long long)b->members, b->hours, v->share,
	         b->o.weeks, met, (long long)v->nt, (long long)unassigned);
}

/* "co2 <= 100" for the caps of a setting (NAN: the economy's own). */
static void caps_text(const plenum_economy *e, const double *row, char *out, size_t len)
{
	out[0] = 0;
	for (int64_t a = 0; row && a < plenum_economy_accounts(e); a++) {
		size_t n = strlen(out);
		if (!isnan(row[a]))
			snprintf(out + n, len - n, "%scap %s %g", n ? ", " : "", plenum_account_key(e, a),
			         row[a]);
	}
}

/* One variant: the balanced plan with share % of the offered hours under the caps in row. */
static int compute(bridge *b, const sites *x, double share, const double *row, variant *v)
{
	plenum_plan_opts o = b->o;
	plenum_plan *p = NULL;
	char caps[160];
	int64_t unassigned = 0;
	o.targets = b->targets, o.caps = row;
	o.labour_hours = b->hours * share / 100 * o.weeks;
	int rc = plenum_plan_compute(b->e, &o, &p, &b->d);
	if (rc)
		return cl_report("plan", rc, &b->d);
	*v = (variant){.share = share, .level = p->level, .labour = p->labour[0],
	               .available = p->labour_available[0]};
	if (p->status != PLENUM_PLAN_OPTIMAL) {
		fprintf(stderr, "plan: warning: the variant with %g%% of the hours%s is %s (%s): left "
		        "out\n", share, row ? " and its caps" : "", plenum_plan_status_name(p->status),
		        p->message);
		plenum_plan_free(p);
		return -1;
	}
	rc = split(b, x, p, v, &unassigned);
	caps_text(b->e, row, caps, sizeof caps);
	describe(b, v, caps, unassigned);
	plenum_plan_free(p);
	return rc;
}

/* The cap settings: every combination of the values given per --cap (as `plenum variants`).
 * *rows is NULL and *ns 1 without --cap. */
static int settings(bridge *b, double **rows, int64_t *ns)
{
	const char *given[MAX_CAPS];
	int nc = cc_all(&b->a, "--cap", given, MAX_CAPS), cnt[MAX_CAPS];
	int64_t na = plenum_economy_accounts(b->e), acc[MAX_CAPS], total = 1;
	double val[MAX_CAPS][MAX_VALUES];
	*rows = NULL, *ns = 1;
	for (int c = 0; c < nc; c++) {
		cnt[c] = cl_plan_account("plan", "--cap", b->e, given[c], &acc[c], val[c],
		                         MAX_VALUES);
		if (cnt[c] < 0)
			return CL_USAGE;
		total *= cnt[c];
	}
	if (!nc)
		return CL_OK;
	if (total * b->nshares > MAX_VARIANTS)
		return cl_usage("plan", "%lld variants: at most %d (fewer --cap values or shares)",
		                (long long)(total * b->nshares), MAX_VARIANTS);
	double *r = malloc((size_t)(total * na + 1) * sizeof *r);
	if (!r)
		return cl_error("plan", "out of memory");
	for (int64_t s = 0; s < total; s++) {
		for (int64_t k = 0; k < na; k++)
			r[s * na + k] = NAN;
		for (int64_t c = 0, rest = s; c < nc; rest /= cnt[c], c++)
			r[s * na + acc[c]] = val[c][rest % cnt[c]];
	}
	*rows = r, *ns = total;
	return CL_OK;
}

static void print(const bridge *b, const variant *v, int64_t n, int64_t motion)
{
	cc_out o;
	if (cc_has(&b->a, "--json")) {
		printf("{\"motion\":%lld,\"federation\":%lld,\"period\":", (long long)motion,
		       (long long)b->fed);
		cl_json_string(stdout, b->period);
		printf(",\"needs\":%lld,\"members\":%lld,\"hours_per_week\":", (long long)b->needs,
		       (long long)b->members);
		cl_number(stdout, b->hours);
		printf(",\"variants\":");
	}
	cc_begin(&o, cc_has(&b->a, "--json"));
	for (int64_t k = 0; k <= n; k++) { /* the last option is the status quo */
		cc_row(&o);
		cc_i64(&o, "motion", motion);
		cc_i64(&o, "option", k);
		cc_str(&o, "label", k < n ? v[k].label : "status quo");
		cc_str(&o, "key", k < n ? v[k].key : "");
		cc_dbl(&o, "hours_share", k < n ? v[k].share / 100 : NAN);
		cc_dbl(&o, "fulfilment_level", k < n ? v[k].level : NAN);
		cc_dbl(&o, "labour_h", k < n ? v[k].labour : NAN);
		cc_dbl(&o, "available_h", k < n ? v[k].available : NAN);
		cc_i64(&o, "targets", k < n ? v[k].nt : 0);
		cc_row_end(&o);
	}
	cc_end(&o);
	if (cc_has(&b->a, "--json"))
		printf("}\n");
}

/* Whether variants a and b give every workplace the same targets. */
static int same_targets(const variant *a, const variant *b)
{
	if (a->nt != b->nt)
		return 0;
	for (int64_t i = 0; i < a->nt; i++)
		if (a->t[i].council != b->t[i].council || a->t[i].quantity != b->t[i].quantity ||
		    strcmp(a->t[i].technique, b->t[i].technique) != 0)
			return 0;
	return 1;
}

/* The index of an earlier variant of v[0..n) with v[n]'s targets, or -1: where the hours
 * do not bind (least labour, or more hours than the needs take), shares of them gave
 * options that were copies of one another, and an assembly chose between copies. */
static int64_t copy_of(const variant *v, int64_t n)
{
	for (int64_t j = 0; j < n; j++)
		if (same_targets(&v[j], &v[n]))
			return j;
	return -1;
}

/* The variants, then the motion that offers them. */
static int offer(bridge *b, const sites *x)
{
	double *rows;
	int64_t ns, n = 0, motion = 0, na = plenum_economy_accounts(b->e);
	int rc = settings(b, &rows, &ns);
	variant *v = rc ? NULL : calloc((size_t)(ns * b->nshares), sizeof *v);
	if (!rc && !v)
		rc = cl_error("plan", "out of memory");
	for (int64_t s = 0; !rc && s < ns; s++)
		for (int k = 0; !rc && k < b->nshares; k++) {
			int r = compute(b, x, b->shares[k], rows ? rows + s * na : NULL, &v[n]);
			int64_t j = r == 0 ? copy_of(v, n) : -1;
			if (j >= 0) {
				fprintf(stderr, "plan: warning: the variant with %g%% of the hours gives "
				        "the targets of '%s': left out\n", v[n].share, v[j].label);
				free(v[n].t);
				v[n] = (variant){0};
				r = -1;
			}
			if (r > 0)
				rc = r;
			n += r == 0;
		}
	plenum_plan_proposal *p = rc ? NULL : calloc((size_t)n + 1, sizeof *p);
	if (!rc && !n)
		rc = cl_error("plan", "no variant has an optimal plan: see the warnings above");
	else if (!rc && !p)
		rc = cl_error("plan", "out of memory");
	for (int64_t k = 0; !rc && k < n; k++)
		p[k] = (plenum_plan_proposal){v[k].label, v[k].key, v[k].summary, v[k].t, v[k].nt};
	plenum_plan_motion_spec m = {.federation = b->fed, .title = b->title,
	                             .text = cc_get(&b->a, "--text"), .period = b->period,
	                             .proposals = p, .n_proposals = n};
	if (!rc && !cc_int(&b->a, "--closes-at", 0, &m.closes_at))
		rc = CL_USAGE;
	if (!rc && (rc = plenum_plan_motion_open(b->db, cc_actor(&b->a), &m, &motion, &b->d)))
		rc = cl_report("plan", rc, &b->d);
	if (!rc)
		print(b, v, n, motion);
	for (int64_t k = 0; v && k < n; k++)
		free(v[k].t);
	free(v), free(p), free(rows);
	return rc;
}

/* The period (default: next calendar year) and the motion's title. */
static void names(bridge *b)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	snprintf(b->next_year, sizeof b->next_year, "%d", tm.tm_year + 1900 + 1);
	b->period = cc_get(&b->a, "--period") ? cc_get(&b->a, "--period") : b->next_year;
	snprintf(b->default_title, sizeof b->default_title, "Plan for %.*s",
	         (int)ut_utf8_prefix(b->period, 50), b->period);
	b->title = cc_get(&b->a, "--title") ? cc_get(&b->a, "--title") : b->default_title;
}

int cc_plan_db(int argc, char **argv)
{
	bridge b = {0};
	sites x = {0};
	int rc = parse(argc, argv, &b);
	if (rc)
		return rc;
	if (plenum_horizon_detect(b.econ))
		return cl_usage("plan", "%s is a multi-year directory: with --db give an economy "
		                "directory (or binary file)", b.econ);
	if ((rc = plenum_economy_open(b.econ, PLENUM_READ_SIGNED_DEMAND, &b.e, &b.d)))
		return cl_report("plan", rc, &b.d);
	cl_warnings("plan", &b.d);
	char said[400];
	if (!plenum_economy_labour_in_hours(b.e)) {
		rc = cl_error("plan", "%s counts labour in %s, not hours: the hours members offer "
		              "cannot be planned with it; plan with an economy in hours "
		              "(docs/import.md)", b.econ, plenum_economy_labour_said(b.e, said,
		                                                                     sizeof said));
		plenum_economy_free(b.e);
		return rc;
	}
	/* one period: year 1's stocks limit the plan; needs and abilities replace targets.csv
	 * and years.csv */
	if ((rc = plenum_horizon_read_dir(b.e, b.econ, 1, &b.h, &b.d))) {
		plenum_economy_free(b.e);
		return cl_report("plan", rc, &b.d);
	}
	b.o.horizon = b.h;
	b.o.years = 1;
	names(&b);
	if (!(b.db = cc_open(&b.a)))
		rc = CL_FAIL;
	if (!rc)
		rc = gather(&b);
	if (!rc)
		rc = workplaces(&b, &x);
	if (!rc)
		rc = offer(&b, &x);
	free(x.s);
	free(b.targets);
	plenum_db_close(b.db);
	plenum_horizon_free(b.h);
	plenum_economy_free(b.e);
	return rc;
}
