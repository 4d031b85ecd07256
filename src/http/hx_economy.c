/* The economy behind the product explorer and the plan (--economy): loaded at start; its
 * labour values and embodied accounts computed on the job thread, then the plan job queued.
 * GET /api/products searches it. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include "http/handlers.h"
#include "http/server.h"
#include "plenum/engine.h"
#include "plenum/plan.h"
#include "util/util.h"

static json_t *num(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

/* Labour values as the least-labour plan's shadow values: the hours one more unit of each
 * product costs, choosing techniques; used when the economy has products with several
 * techniques (or none), where v = vA + l has no one answer. Embodied accounts stay unknown. */
static int shadow_values(hx_server *s, char *err, size_t n, double *seconds)
{
	int64_t np = plenum_economy_products(s->economy);
	double *target = ut_calloc((size_t)np + 1, sizeof *target);
	if (!target)
		return snprintf(err, n, "out of memory"), 1;
	const double *demand = plenum_economy_demand(s->economy);
	for (int64_t i = 0; i < np; i++)
		target[i] = demand[i] > 0 ? demand[i] : 1.0;
	plenum_plan *p = hx_least_labour(s->economy, target, err, n);
	ut_free(target);
	if (!p)
		return 1;
	memcpy(s->values, p->value, (size_t)np * sizeof *s->values);
	*seconds = p->seconds;
	plenum_plan_free(p);
	return 0;
}

/* Labour values and embodied accounts (CO2e and the others per unit) by the engine, v = vA +
 * l and e = eA + emissions, when each product has one technique; else shadow values. One
 * solver thread, so that the request threads keep the other cores. */
static int values_job(void *arg, void (*progress)(void *, double), void *job, json_t **result,
                      char *err, size_t n)
{
	hx_server *s = arg;
	plenum_solve_info info = {0};
	plenum_diag d = {0};
	plenum_solve_opts o;
	plenum_solve_opts_init(&o);
	o.threads = 1;
	progress(job, 0.1);
	int rc = plenum_labour_values(s->economy, &o, s->values, s->embodied, &info, &d);
	if (rc == PLENUM_OK) {
		atomic_store(&s->embodied_ready, 1);
		atomic_store(&s->values_ready, 1);
		*result = json_pack("{s:s, s:f, s:I, s:f}", "method", "v = vA + l", "seconds",
		                    info.seconds, "iterations", (json_int_t)info.iterations,
		                    "residual", info.residual);
		return 0;
	}
	double seconds = 0;
	if (shadow_values(s, err, n, &seconds) != 0)
		return 1;
	atomic_store(&s->values_ready, 1);
	*result = json_pack("{s:s, s:f, s:s}", "method", "least-labour shadow values", "seconds",
	                    seconds, "why", d.message);
	return 0;
}

int hx_economy_load(hx_server *s)
{
	if (!s->opts.economy)
		return 1;
	plenum_diag d = {0};
	/* the plan is for one period: the stocks of stocks.csv limit its output (year 1's), the
	 * members' needs and hours replace targets.csv and years.csv */
	if (plenum_economy_open(s->opts.economy, 0, &s->economy, &d) != PLENUM_OK ||
	    plenum_horizon_read_dir(s->economy, s->opts.economy, 1, &s->horizon, &d) != PLENUM_OK) {
		fprintf(stderr, "plenum serve: %s\n", d.message);
		return 0;
	}
	int64_t np = plenum_economy_products(s->economy), na = plenum_economy_accounts(s->economy);
	s->values = ut_calloc((size_t)np + 1, sizeof *s->values);
	s->embodied = ut_calloc((size_t)(na * np) + 1, sizeof *s->embodied);
	if (!s->values || !s->embodied)
		return 0;
	/* values first, then the plan: one worker, in order, so requests are never blocked */
	if (!hx_jobs_submit(s->jobs, "values", 0, values_job, s, NULL) || !hx_plan_submit(s, 0))
		return 0;
	return 1;
}

void hx_economy_free(hx_server *s)
{
	plenum_horizon_free(s->horizon);
	plenum_economy_free(s->economy);
	ut_free(s->values);
	ut_free(s->embodied);
	s->economy = NULL;
	s->horizon = NULL;
	s->values = s->embodied = NULL;
}

/* Whether hay contains needle, ASCII letters compared without case. */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++) {
		size_t k = 0;
		while (k < n && hay[k] &&
		       tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return 1;
	}
	return n == 0;
}

static int matches(const plenum_economy *e, int64_t i, const char *term)
{
	if (!term || !*term)
		return 1;
	return contains(plenum_product_key(e, i), term) ||
	       contains(plenum_product_name(e, i), term) ||
	       contains(plenum_product_category(e, i), term);
}

static json_t *product_json(hx_server *s, int64_t i, int ready)
{
	const plenum_economy *e = s->economy;
	int64_t np = plenum_economy_products(e), na = plenum_economy_accounts(e);
	json_t *emb = json_object();
	for (int64_t a = 0; a < na; a++)
		json_object_set_new(emb, plenum_account_key(e, a),
		                    s->embodied_ready ? num(s->embodied[a * np + i]) : json_null());
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "key", plenum_product_key(e, i), "name",
	                 plenum_product_name(e, i), "unit", plenum_product_unit(e, i), "category",
	                 plenum_product_category(e, i), "labour_value",
	                 ready ? num(s->values[i]) : json_null(), "embodied", emb);
}

static json_t *accounts_json(const plenum_economy *e)
{
	json_t *a = json_array();
	for (int64_t k = 0; k < plenum_economy_accounts(e); k++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o}", "key",
		                                   plenum_account_key(e, k), "name",
		                                   plenum_account_name(e, k), "unit",
		                                   plenum_account_unit(e, k), "cap",
		                                   num(plenum_account_cap(e, k))));
	return a;
}

/* Without an economy: the products registered in the store, without values. */
static int add_row(void *ud, const plenum_product_row *p)
{
	json_array_append_new(ud, json_pack("{s:s, s:s, s:s, s:s, s:n, s:{}}", "key", p->key,
	                                    "name", p->name, "unit", p->unit, "category", "",
	                                    "labour_value", "embodied"));
	return 0;
}

static void store_products(hx_req *q, hx_res *r, const char *term, int64_t limit)
{
	plenum_diag d = {0};
	json_t *all = json_array(), *a = json_array();
	int rc = plenum_product_list(q->db, add_row, all, &d);
	size_t i;
	json_t *p;
	json_array_foreach(all, i, p) {
		const char *k = json_string_value(json_object_get(p, "key"));
		const char *nm = json_string_value(json_object_get(p, "name"));
		if ((int64_t)json_array_size(a) < limit &&
		    (!term || contains(k, term) || contains(nm, term)))
			json_array_append(a, p);
	}
	int64_t total = (int64_t)json_array_size(all);
	json_decref(all);
	if (rc != PLENUM_OK) {
		json_decref(a);
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:o, s:I, s:[], s:b, s:s, s:n}", "products", a, "total",
	                          (json_int_t)total, "accounts", "values", 0, "source", "store",
	                          "labour_unit"));
}

void hx_products(hx_req *q, hx_res *r)
{
	hx_server *s = q->srv;
	const char *term = hx_query(q, "q");
	int64_t limit;
	if (!hx_query_int(q, r, "limit", 50, 1, 1000, &limit))
		return;
	if (!s->economy) {
		store_products(q, r, term, limit);
		return;
	}
	int ready = atomic_load(&s->values_ready);
	json_t *a = json_array();
	int64_t np = plenum_economy_products(s->economy), found = 0;
	for (int64_t i = 0; i < np; i++)
		if (matches(s->economy, i, term) && found++ < limit)
			json_array_append_new(a, product_json(s, i, ready));
	hx_json(r, 200, json_pack("{s:o, s:I, s:o, s:b, s:s, s:s}", "products", a, "total",
	                          (json_int_t)found, "accounts", accounts_json(s->economy),
	                          "values", ready, "source", "economy", "labour_unit",
	                          plenum_economy_labour_unit(s->economy)));
}
