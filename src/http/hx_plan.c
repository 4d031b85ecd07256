/* Planning: the plan computation runs as a background job (labour values, the plan for the
 * federation's needs with the hours its members offer, and the variants for an adoption
 * vote); GET /api/plan and /api/plan/variants serve its latest result together with the
 * adopted plan's targets and fulfilment from the store; GET /api/jobs/{id} its progress. */
#include <math.h>
#include <string.h>
#include "http/handlers.h"
#include "http/server.h"
#include "plenum/plan.h"
#include "util/util.h"

#define I(x) ((json_int_t)(x))

/* A JSON number, or null for NAN and infinities (JSON has neither). */
static json_t *num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

typedef struct plan_arg {
	hx_server *srv;
} plan_arg;

typedef struct needs_ud {
	const plenum_economy *e;
	double *target;
	int64_t matched, unknown; /* needs of the economy's products; of others (not planned) */
	char first_unknown[PLENUM_NAME_MAX + 1];
} needs_ud;

static int take_need(void *ud, const plenum_need_total *t)
{
	needs_ud *u = ud;
	int64_t i = plenum_product_find(u->e, t->product);
	if (i >= 0) {
		u->target[i] = t->quantity;
		u->matched++;
	} else if (u->unknown++ == 0) {
		snprintf(u->first_unknown, sizeof u->first_unknown, "%s", t->product);
	}
	return 0;
}

/* What a plan was made from, said with it (GET /api/plan's "basis"): the federation's needs
 * or, where it states none the economy has (or there is no one top federation), the
 * economy's final demand; the hours offered or, where none are, 30 a week assumed; none
 * where the economy's labour is not hours (an imported table's pay). */
static json_t *basis_json(const plenum_economy *e, int64_t federation, const char *why,
                          const needs_ud *u, int64_t offering)
{
	const char *hours = !plenum_economy_labour_in_hours(e) ? "not comparable"
	                    : offering                         ? "offered"
	                                                       : "30 a week assumed";
	json_t *b = json_pack("{s:o, s:s, s:I, s:s}", "federation",
	                      federation ? json_integer(federation) : json_null(), "targets",
	                      u->matched ? "needs" : "economy demand", "needs_not_in_economy",
	                      I(u->unknown), "hours", hours);
	if (u->unknown)
		json_object_set_new(b, "first_not_in_economy", json_string(u->first_unknown));
	if (why && *why)
		json_object_set_new(b, "note", json_string(why));
	return b;
}

/* Targets: the top federation's stated needs for the products they name; when it states
 * none the economy has, the economy's final demand (negative entries as 0). *hours: the
 * hours per week its members offer; *offering: how many members offer them. */
static int targets_from_needs(hx_server *s, double *target, double *hours, int64_t *offering,
                              json_t **basis, char *err, size_t n)
{
	const plenum_economy *e = s->economy;
	int64_t np = plenum_economy_products(e);
	const double *demand = plenum_economy_demand(e);
	for (int64_t i = 0; i < np; i++) /* national tables' draw-downs of stock are negative */
		target[i] = demand[i] > 0 ? demand[i] : 0;
	*hours = 0;
	*offering = 0;
	plenum_diag d = {0};
	plenum_db *db = NULL;
	int64_t top = 0;
	needs_ud u = {.e = e};
	char why[PLENUM_DIAG_LEN] = "";
	int rc = plenum_db_open(s->opts.db_path, &db, &d);
	if (rc == PLENUM_OK && plenum_council_top(db, &top, &d) != PLENUM_OK) {
		snprintf(why, sizeof why, "%s", d.message); /* none, or several: said in basis */
		top = 0;
	}
	if (rc == PLENUM_OK && top) {
		u.target = ut_calloc((size_t)np + 1, sizeof *u.target);
		rc = u.target ? plenum_council_needs(db, top, take_need, &u, &d) : PLENUM_ENOMEM;
		if (rc == PLENUM_OK && u.matched)
			memcpy(target, u.target, (size_t)np * sizeof *target);
		ut_free(u.target);
		if (rc == PLENUM_OK)
			rc = plenum_council_hours(db, top, hours, offering, &d);
	}
	plenum_db_close(db);
	if (rc != PLENUM_OK)
		snprintf(err, n, "%s", d.message);
	else if (!(*basis = basis_json(e, top, why, &u, *offering)))
		rc = PLENUM_ENOMEM, snprintf(err, n, "out of memory");
	return rc;
}

static json_t *products_json(const plenum_economy *e, const plenum_plan *p)
{
	json_t *a = json_array();
	int64_t np = p->products, shown = 0;
	for (int64_t i = 0; i < np && shown < 2000; i++) {
		if (!(p->target[i] > 0))
			continue;
		shown++;
		json_array_append_new(
			a, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "key",
		                     plenum_product_key(e, i), "name", plenum_product_name(e, i),
		                     "unit", plenum_product_unit(e, i), "category",
		                     plenum_product_category(e, i), "target", num(p->target[i]),
		                     "net", num(p->net[i]), "fulfilment", num(p->fulfilment[i]),
		                     "value", num(p->value[i]), "shortfall", num(p->shortfall[i])));
	}
	return a;
}

/* Fulfilment per category: the mean and the least over its targeted products. */
static json_t *categories_json(const plenum_economy *e, const plenum_plan *p)
{
	json_t *by = json_object();
	for (int64_t i = 0; i < p->products; i++) {
		double f = p->fulfilment[i];
		if (!(p->target[i] > 0) || !isfinite(f))
			continue;
		const char *c = plenum_product_category(e, i);
		json_t *o = json_object_get(by, c); /* "": the products without one */
		if (!o) {
			o = json_pack("{s:s, s:f, s:f, s:I}", "category", c, "sum", 0.0, "min", f,
			              "products", (json_int_t)0);
			json_object_set_new(by, c, o);
		}
		json_object_set_new(o, "sum", json_real(json_real_value(json_object_get(o, "sum")) + f));
		json_object_set_new(o, "min", json_real(fmin(f, json_real_value(json_object_get(o, "min")))));
		json_object_set_new(o, "products",
		                    json_integer(json_integer_value(json_object_get(o, "products")) + 1));
	}
	json_t *a = json_array();
	const char *k;
	json_t *o;
	json_object_foreach(by, k, o) {
		double sum = json_real_value(json_object_get(o, "sum"));
		json_int_t cnt = json_integer_value(json_object_get(o, "products"));
		json_object_set_new(o, "mean", json_real(sum / (double)cnt));
		json_object_del(o, "sum");
		json_array_append(a, o);
	}
	json_decref(by);
	return a;
}

static json_t *accounts_json(const plenum_economy *e, const plenum_plan *p)
{
	json_t *a = json_array();
	for (int64_t k = 0; k < p->accounts; k++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:o}", "key",
		                                   plenum_account_key(e, k), "name",
		                                   plenum_account_name(e, k), "unit",
		                                   plenum_account_unit(e, k), "emitted",
		                                   num(p->emitted[k]), "cap", num(p->cap[k])));
	return a;
}

static json_t *bottlenecks_json(const plenum_plan *p)
{
	json_t *a = json_array();
	for (int64_t k = 0; k < p->nbottlenecks && k < 50; k++) {
		const plenum_bottleneck *b = &p->bottlenecks[k];
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "kind",
		                                   plenum_limit_name(b->kind), "what", b->what,
		                                   "limit", num(b->limit), "used", num(b->used),
		                                   "shadow", num(b->shadow), "hours", num(b->hours)));
	}
	return a;
}

static json_t *plan_json(const plenum_economy *e, const plenum_plan *p, double workforce)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, "
	                 "s:f, s:s}",
	                 "status", plenum_plan_status_name(p->status), "labour_unit",
	                 plenum_economy_labour_unit(e), "labour_name", plenum_economy_labour_name(e),
	                 "objective",
	                 plenum_objective_name(p->objective), "level", num(p->level), "labour",
	                 num(p->labour[0]), "labour_available", num(p->labour_available[0]),
	                 "weekly_hours", num(p->weekly_hours[0]), "workforce", num(workforce),
	                 "products", products_json(e, p), "categories", categories_json(e, p),
	                 "accounts", accounts_json(e, p), "bottlenecks", bottlenecks_json(p),
	                 "solver", p->solver ? p->solver : "", "seconds", p->seconds, "message",
	                 p->message);
}

/* Appends v's variants to rows. */
static void variant_rows(const plenum_variants *v, json_t *rows)
{
	for (int64_t k = 0; k < v->count; k++) {
		const plenum_variant *x = &v->v[k];
		json_t *em = json_array(), *cap = json_array();
		for (int64_t j = 0; j < v->accounts; j++) {
			json_array_append_new(em, num(x->emitted[j]));
			json_array_append_new(cap, num(x->cap[j]));
		}
		json_array_append_new(rows, json_pack("{s:o, s:o, s:I, s:s, s:o, s:o, s:o, s:o, s:o, "
		                                      "s:s}", "weekly_hours", num(x->weekly_hours),
		                                      "labour_per_year", num(x->labour_hours),
		                                      "setting", I(x->setting), "status",
		                                      plenum_plan_status_name(x->status), "level",
		                                      num(x->level), "labour", num(x->labour),
		                                      "labour_available", num(x->labour_available),
		                                      "emitted", em, "cap", cap, "message",
		                                      x->message));
	}
}

static json_t *variants_json(const plenum_economy *e, json_t *rows, double workforce,
                             int64_t nsettings)
{
	json_t *keys = json_array();
	for (int64_t j = 0; j < plenum_economy_accounts(e); j++)
		json_array_append_new(keys, json_string(plenum_account_key(e, j)));
	return json_pack("{s:o, s:s, s:s, s:o, s:o, s:I}", "variants", rows, "sweep",
	                 isnan(workforce) ? "labour_per_year" : "weekly_hours", "labour_unit",
	                 plenum_economy_labour_unit(e), "accounts", keys, "workforce",
	                 num(workforce), "settings", I(nsettings));
}

plenum_plan *hx_least_labour(const plenum_economy *e, const double *target, char *err,
                             size_t n)
{
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.objective = PLENUM_OBJECTIVE_LEAST_LABOUR;
	o.targets = target;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	if (plenum_plan_compute(e, &o, &p, &d) != PLENUM_OK) {
		snprintf(err, n, "%s", d.message);
		return NULL;
	}
	if (p->status != PLENUM_PLAN_OPTIMAL) {
		snprintf(err, n, "%s", p->message);
		plenum_plan_free(p);
		return NULL;
	}
	return p;
}

/* The workforce that meets every target in full at 30 hours a week: the least-labour plan's
 * hours / (weeks x 30). Used when members offer no hours. */
static double default_workforce(const plenum_economy *e, const double *target, char *err,
                                size_t n)
{
	plenum_plan *p = hx_least_labour(e, target, err, n);
	double w = p ? p->labour[0] / (PLENUM_DEFAULT_WEEKS * 30.0) : NAN;
	plenum_plan_free(p);
	return w;
}

/* Variants: working weeks 15..40 h (for an economy whose labour is not hours, o without a
 * workforce: 50 % to 100 % of the labour the plan used, in steps of 10 %, a year), with the
 * economy's caps and (when it has caps) with every cap tightened by a fifth. One value at a
 * time, so that the progress moves (from `from` to `to`) as each is done. */
enum { WEEK_FROM = 15, WEEK_STEP = 5, STEPS = 6 }; /* 15, 20, ..., 40 h a week */

static json_t *sweep(const plenum_economy *e, plenum_plan_opts *o, double labour,
                     void (*progress)(void *, double), void *job, double from, double to,
                     char *err, size_t n)
{
	int64_t na = plenum_economy_accounts(e), nset = 0;
	double *caps = ut_calloc((size_t)(2 * na + 1), sizeof *caps);
	if (!caps)
		return NULL;
	int capped = 0;
	for (int64_t k = 0; k < na; k++) {
		double c = plenum_account_cap(e, k);
		caps[k] = NAN;
		caps[na + k] = isfinite(c) ? 0.8 * c : NAN;
		capped |= isfinite(c);
	}
	nset = capped ? 2 : 0;
	json_t *rows = json_array();
	o->labour_hours = NAN;
	int week = !isnan(o->workforce);
	for (int k = 0; k < STEPS && rows; k++) {
		double x = week ? WEEK_FROM + k * WEEK_STEP : labour * (0.5 + 0.1 * k);
		plenum_variants *v = NULL;
		plenum_diag d = {0};
		if (plenum_variants_compute(e, o, x, x, 1, nset ? caps : NULL, nset, &v, &d) ==
		    PLENUM_OK) {
			variant_rows(v, rows);
		} else {
			snprintf(err, n, "%s", d.message);
			json_decref(rows);
			rows = NULL;
		}
		plenum_variants_free(v);
		progress(job, from + (to - from) * (k + 1) / STEPS);
	}
	ut_free(caps);
	return rows ? variants_json(e, rows, o->workforce, nset) : NULL;
}

/* For an economy whose labour is not hours, where a cap, capacity or stock stands in the
 * way of every need in full (*p, least labour, infeasible): the largest common level within
 * them, labour still unlimited, its message led by why the needs in full did not fit. */
static int within_limits(const plenum_economy *e, plenum_plan_opts *o, plenum_plan **p,
                         plenum_diag *d)
{
	char why[sizeof (*p)->message];
	snprintf(why, sizeof why, "%s", (*p)->message);
	plenum_plan_free(*p);
	*p = NULL;
	o->objective = PLENUM_OBJECTIVE_BALANCED;
	plenum_diag_clear(d);
	int rc = plenum_plan_compute(e, o, p, d);
	if (rc == PLENUM_OK) {
		char said[3 * sizeof why];
		snprintf(said, sizeof said, "the needs in full do not fit (%s): planned at the "
		         "largest common level within the limits%s%s", why,
		         *(*p)->message ? "; " : "", (*p)->message);
		snprintf((*p)->message, sizeof (*p)->message, "%.*s",
		         (int)ut_utf8_prefix(said, sizeof (*p)->message - 1), said);
	}
	return rc;
}

static json_t *compute_plan(hx_server *s, double *target, void (*progress)(void *, double),
                            void *job, char *err, size_t n)
{
	const plenum_economy *e = s->economy;
	double hours = 0;
	int64_t offering = 0;
	json_t *basis = NULL;
	if (targets_from_needs(s, target, &hours, &offering, &basis, err, n) != PLENUM_OK)
		return NULL;
	progress(job, 0.1);
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.targets = target;
	o.horizon = s->horizon; /* stocks.csv: year 1's stocks limit the plan */
	o.years = 1;
	int in_hours = plenum_economy_labour_in_hours(e);
	if (!in_hours) /* hours offered say nothing of pay or jobs: the needs in full, least of it */
		o.objective = PLENUM_OBJECTIVE_LEAST_LABOUR;
	else if (offering > 0)
		o.workforce = (double)offering, o.weekly_hours = hours / (double)offering;
	else
		o.workforce = default_workforce(e, target, err, n), o.weekly_hours = 30.0;
	if (in_hours && isnan(o.workforce)) {
		json_decref(basis);
		return NULL;
	}
	progress(job, 0.3);
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	int rc = plenum_plan_compute(e, &o, &p, &d);
	if (rc == PLENUM_OK && !in_hours && p->status == PLENUM_PLAN_INFEASIBLE)
		rc = within_limits(e, &o, &p, &d);
	if (rc != PLENUM_OK) {
		snprintf(err, n, "%s", d.message);
		json_decref(basis);
		return NULL;
	}
	json_t *plan = plan_json(e, p, o.workforce);
	double used = p->labour[0]; /* the labour a sweep not in hours is a share of */
	plenum_plan_free(p);
	json_object_set_new(plan, "basis", basis);
	progress(job, 0.6);
	json_t *variants = in_hours || (isfinite(used) && used > 0)
	                           ? sweep(e, &o, used, progress, job, 0.6, 0.99, err, n)
	                           : json_null();
	if (!variants) {
		json_decref(plan);
		return NULL;
	}
	return json_pack("{s:o, s:o}", "plan", plan, "variants", variants);
}

static int plan_job(void *arg, void (*progress)(void *, double), void *job, json_t **result,
                    char *err, size_t n)
{
	plan_arg *a = arg;
	hx_server *s = a->srv;
	double *target = ut_calloc((size_t)plenum_economy_products(s->economy) + 1, sizeof *target);
	if (!target) {
		snprintf(err, n, "out of memory");
		return 1;
	}
	*result = compute_plan(s, target, progress, job, err, n);
	ut_free(target);
	return *result ? 0 : 1;
}

int64_t hx_plan_submit(hx_server *s, int64_t member)
{
	plan_arg *a = ut_calloc(1, sizeof *a);
	if (!a)
		return 0;
	a->srv = s;
	int64_t id = hx_jobs_submit_once(s->jobs, "plan", member, plan_job, a, ut_free);
	if (!id)
		ut_free(a);
	else
		s->plan_job = id;
	return id;
}

/* The latest plan job's state; with its result's key part when it is done. */
static json_t *latest(hx_server *s, const char *part)
{
	if (!s->plan_job)
		return NULL;
	json_t *j = hx_jobs_get(s->jobs, s->plan_job, -1);
	json_t *res = j ? json_object_get(j, "result") : NULL;
	if (res) {
		json_object_set(j, part, json_object_get(res, part));
		json_object_del(j, "result");
	}
	return j;
}

static int add_fulfilment(void *ud, const plenum_fulfilment *f)
{
	json_array_append_new(ud, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "council",
	                                    I(f->council), "period", f->period, "technique",
	                                    f->technique, "product", f->product, "target",
	                                    num(f->target), "actual", num(f->actual),
	                                    "fulfilment", num(f->fulfilment)));
	return 0;
}

void hx_plan(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	json_t *adopted = json_array();
	int rc = plenum_fulfilment_list(q->db, 0, add_fulfilment, adopted, &d);
	if (rc != PLENUM_OK && rc != PLENUM_ENOTFOUND) {
		json_decref(adopted);
		hx_fail(r, rc, &d);
		return;
	}
	json_t *o = json_pack("{s:o, s:b}", "adopted", adopted, "economy", q->srv->economy != NULL);
	json_t *job = latest(q->srv, "plan");
	if (job)
		json_object_set_new(o, "computed", job);
	hx_json(r, 200, o);
}

void hx_plan_variants(hx_req *q, hx_res *r)
{
	json_t *job = latest(q->srv, "variants");
	if (!job) {
		hx_error(r, 404, "ENOPLAN", "no plan has been computed: start plenum serve with "
		                            "--economy DIR, or POST /api/plan/compute");
		return;
	}
	hx_json(r, 200, job);
}

void hx_plan_compute(hx_req *q, hx_res *r)
{
	if (!q->srv->economy) {
		hx_error(r, 409, "ENOECONOMY", "this server has no economy to plan: start it with "
		                               "--economy DIR");
		return;
	}
	int64_t id = hx_plan_submit(q->srv, q->member);
	if (!id) {
		hx_header(r, "Retry-After", "5"); /* as every EBUSY answer has one */
		hx_error(r, 503, "EBUSY", "too many computations queued: try again later");
		return;
	}
	hx_json(r, 202, json_pack("{s:I, s:s}", "job", I(id), "poll", "/api/jobs/{id}"));
}

void hx_job(hx_req *q, hx_res *r)
{
	int64_t brief;
	if (!hx_query_int(q, r, "brief", 0, 0, 1, &brief))
		return;
	json_t *j = hx_jobs_get(q->srv->jobs, q->id, -1);
	if (!j) {
		hx_error(r, 404, "ENOTFOUND", "no job %lld (finished jobs are kept a while only)",
		         (long long)q->id);
		return;
	}
	if (brief)
		json_object_del(j, "result");
	hx_json(r, 200, j);
}
