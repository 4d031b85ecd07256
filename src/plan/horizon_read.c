/* The multi-year format turned into a plan: one technique per product with inputs and
 * labour per unit of output (flow_ij / output_j, labour_j / output_j), and a capital stock
 * per (input i, user j) with k_ij = cap_ij / output_j, its depreciation and first-year stock. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "io/plan_read.h"
#include "plan/pl.h"

static int has(const char *dir, const char *name)
{
	char path[4200];
	struct stat st;
	int w = snprintf(path, sizeof path, "%s/%s", dir, name);
	return w > 0 && (size_t)w < sizeof path && stat(path, &st) == 0;
}

/* The files of an economy directory that a four-CSV directory must not hold beside its
 * own: one of them there means two economies, and which one is meant is not known. */
static const char *const economy_files[] = {"products.csv", "techniques.csv", "inputs.csv",
                                            "stocks.csv", "years.csv", "targets.csv",
                                            "caps.csv"};

int plenum_horizon_detect(const char *dir)
{
	/* flows.csv, or the other three files of the format without an economy's products.csv
	 * (so that a missing flows.csv is said as such) */
	return has(dir, "flows.csv") ||
	       (!has(dir, "products.csv") &&
	        (has(dir, "labtarg.csv") || has(dir, "cap.csv") || has(dir, "dep.csv")));
}

static int economy(const io_plan_tables *t, plenum_economy **out, plenum_diag *d)
{
	ec_builder b;
	memset(&b, 0, sizeof b);
	int64_t n = t->n;
	int bad = 0;
	for (int64_t j = 0; j < n && !bad; j++) {
		const char *key = ut_strpool_get(&t->names, j);
		bad |= ec_add_product(&b, key, key, "unit", "") < 0;
	}
	for (int64_t j = 0; j < n && !bad; j++) {
		const char *key = ut_strpool_get(&t->names, j);
		int64_t tj = ec_add_technique(&b, key, (int32_t)j, t->labour[j] / t->output[j], 1,
		                              INFINITY);
		bad |= tj < 0;
		for (int64_t i = 0; i < n && !bad; i++)
			if (t->flow[i * n + j] != 0)
				bad |= ec_add_input(&b, tj, (int32_t)i, t->flow[i * n + j] / t->output[j]);
	}
	for (int64_t j = 0; j < n && !bad; j++)
		bad |= ec_add_demand(&b, (int32_t)j, t->target[j]);
	if (bad) {
		ec_builder_free(&b);
		return ut_fail(d, PLENUM_ENOMEM, "out of memory building the economy of the plan");
	}
	return ec_build_finish(&b, out, d);
}

static int horizon(const io_plan_tables *t, plenum_horizon **out, plenum_diag *d)
{
	int64_t n = t->n, nk = 0;
	plenum_horizon *h = ut_calloc(1, sizeof *h);
	for (int64_t k = 0; k < n * n; k++)
		nk += t->cap[k] > 0;
	if (h) {
		h->target = ut_mallocarray((size_t)(t->years * n), sizeof *h->target);
		h->labour = ut_mallocarray((size_t)t->years, sizeof *h->labour);
		h->stock = ut_mallocarray((size_t)nk + 1, sizeof *h->stock);
	}
	if (!h || !h->target || !h->labour || !h->stock) {
		plenum_horizon_free(h);
		return ut_fail(d, PLENUM_ENOMEM, "out of memory for the plan's years");
	}
	h->ny = t->years;
	h->np = n;
	memcpy(h->target, t->target, (size_t)(t->years * n) * sizeof *h->target);
	memcpy(h->labour, t->hours, (size_t)t->years * sizeof *h->labour);
	for (int64_t i = 0; i < n; i++)
		for (int64_t j = 0; j < n; j++) {
			double c = t->cap[i * n + j];
			if (c > 0)
				h->stock[h->nk++] = (pl_stock){(int32_t)i, (int32_t)j, c / t->output[j],
				                               t->dep[i * n + j], c};
		}
	*out = h;
	return PLENUM_OK;
}

/* Every quantity per unit made (labour, each input and each stock over the product's output)
 * is a finite number: 1e300 over an output of 1e-300 read as infinity, and the plan failed
 * later on "LP row 0 column 0" without a word of the file. */
static int per_unit_finite(const char *dir, const io_plan_tables *t, plenum_diag *d)
{
	int64_t n = t->n;
	for (int64_t j = 0; j < n; j++) {
		const char *key = ut_strpool_get(&t->names, j), *what = NULL;
		double out = t->output[j];
		if (!isfinite(t->labour[j] / out))
			what = "flows.csv's labour";
		for (int64_t i = 0; i < n && !what; i++)
			if (!isfinite(t->flow[i * n + j] / out))
				what = "a flow in flows.csv";
			else if (!isfinite(t->cap[i * n + j] / out))
				what = "a stock in cap.csv";
		if (what)
			return ut_fail(d, PLENUM_EFORMAT, "%s: product '%s': %s over its output %g is "
			               "not a finite number per unit made: check its column in flows.csv "
			               "and cap.csv, and its 'output'", dir, key, what, out);
	}
	return PLENUM_OK;
}

int plenum_horizon_read(const char *dir, plenum_economy **econ, plenum_horizon **out,
                        plenum_diag *d)
{
	*econ = NULL;
	*out = NULL;
	if (d)
		d->message[0] = '\0';
	for (size_t k = 0; k < sizeof economy_files / sizeof *economy_files; k++)
		if (has(dir, economy_files[k]))
			return ut_fail(d, PLENUM_EFORMAT, "%s holds both the four-CSV format "
			               "(flows.csv, cap.csv, dep.csv, labtarg.csv) and an economy "
			               "directory's %s: keep one format's files", dir, economy_files[k]);
	io_plan_tables t;
	int rc = io_plan_read(dir, &t, d);
	if (rc)
		return rc;
	rc = per_unit_finite(dir, &t, d); /* io_plan_read checked every output is positive */
	if (!rc)
		rc = economy(&t, econ, d);
	if (!rc)
		rc = horizon(&t, out, d);
	if (rc) {
		plenum_economy_free(*econ);
		*econ = NULL;
	}
	io_plan_tables_free(&t);
	return rc;
}
