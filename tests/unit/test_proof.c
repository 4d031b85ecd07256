/* Proofs on real data: the engine (plenum_labour_values, plenum_gross_output) run on national
 * tables imported from tests/data reproduces what the statistical offices published: the UK
 * ONS 2010 multipliers, effects and Leontief inverse, the USEEIO 2007 totals of the US
 * consumption demand, and the hours worked in the USA and Australia 2000-2014 (WIOD 2016).
 * Every reference number is read from the published files, never computed by plenum; each
 * test prints its worst relative error on stderr (docs/import.md, docs/engine.md). */
#include <stdlib.h>
#include <string.h>
#include "core/econ.h"
#include "io/import.h"
#include "io/io.h"
#include "plenum/engine.h"
#include "test.h"

#define UK_FLOWS "uk_ons_2010/IOT_domestic_use_basic_prices_pxp.csv"

static const plenum_method methods[] = {PLENUM_METHOD_AUTO, PLENUM_METHOD_JACOBI,
                                        PLENUM_METHOD_GAUSS_SEIDEL, PLENUM_METHOD_GMRES};
static const char *const method_names[] = {"auto", "jacobi", "gauss-seidel", "gmres"};
enum { NMETHODS = 4 };

/* The published tables carry 15 to 17 significant digits and the tables are well
 * conditioned (spectral radius 0.43 UK, 0.50 USEEIO), so the solvers are asked for a
 * residual far below the 1e-9 the proofs claim. */
#define PROOF_TOL 1e-13

/* ---- helpers ---- */

static plenum_economy *import_uk(const char *labour)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_UK_ONS;
	o.flows = test_data(UK_FLOWS);
	o.labels = test_data("uk_ons_2010/row_labels.csv");
	o.labour = labour;
	o.year = 2010;
	if (plenum_import(&o, &e, &d))
		fprintf(stderr, "%s\n", d.message);
	return e;
}

static plenum_economy *import_useeio(void)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_USEEIO;
	o.coefficients = test_data("useeio_v1_2007/A.csv");
	o.impacts = test_data("useeio_v1_2007/D.csv");
	o.indicators = test_data("useeio_v1_2007/indicators.csv");
	o.demand = test_data("useeio_v1_2007/y_2007_us_consumption.csv");
	o.year = 2007;
	if (plenum_import(&o, &e, &d))
		fprintf(stderr, "%s\n", d.message);
	return e;
}

static plenum_economy *import_wiod(const char *country, int year)
{
	char niot[256], sea[256];
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	snprintf(niot, sizeof niot, "wiod2016_usa_aus/%s_niot_2000_2014.csv", country);
	snprintf(sea, sizeof sea, "wiod2016_usa_aus/%s_sea_2000_2014.csv", country);
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_WIOD;
	o.niot = test_data(niot);
	o.sea = test_data(sea);
	o.year = year;
	if (plenum_import(&o, &e, &d))
		fprintf(stderr, "%s\n", d.message);
	return e;
}

static void opts_for(plenum_solve_opts *o, plenum_method m, double tol)
{
	plenum_solve_opts_init(o);
	o->method = m;
	o->tolerance = tol;
}

static int values(const plenum_economy *e, plenum_method m, double *v, double *emb,
                  plenum_solve_info *info)
{
	plenum_solve_opts o;
	plenum_diag d = {0};
	opts_for(&o, m, PROOF_TOL);
	int rc = plenum_labour_values(e, &o, v, emb, info, &d);
	if (rc)
		fprintf(stderr, "plenum_labour_values: %s\n", d.message);
	return rc;
}

static int gross(const plenum_economy *e, plenum_method m, const double *y, double *x,
                 double *labour, double *acc, plenum_solve_info *info)
{
	plenum_solve_opts o;
	plenum_diag d = {0};
	opts_for(&o, m, PROOF_TOL);
	int rc = plenum_gross_output(e, y, &o, x, labour, acc, info, &d);
	if (rc)
		fprintf(stderr, "plenum_gross_output: %s\n", d.message);
	return rc;
}

/* |a - b| / |b|: the error of a against the published b (b = 0: |a| against scale). */
static double rel_err(double a, double b, double scale)
{
	return b != 0 ? fabs(a - b) / fabs(b) : fabs(a) / scale;
}

static double max_abs(const double *x, int64_t n)
{
	double m = 0;
	for (int64_t i = 0; i < n; i++)
		m = fmax(m, fabs(x[i]));
	return m;
}

/* Technique t's quantity of account acc, 0 when it has none. */
static double emission(const plenum_economy *e, int64_t t, int64_t acc)
{
	for (int64_t k = e->em.p[t]; k < e->em.p[t + 1]; k++)
		if (e->em.i[k] == acc)
			return e->em.x[k];
	return 0.0;
}

/* ---- UK ONS 2010 ---- */

enum { UK_N = 127 };

/* published_multipliers_and_effects.csv: one row per product, in the table's order. */
typedef struct uk_published {
	char label[UK_N][256];
	double output_mult[UK_N], cost_mult[UK_N], gva_mult[UK_N];
	double cost_effect[UK_N], gva_effect[UK_N];
} uk_published;

static int read_uk_published(uk_published *p)
{
	static const char *const cols[] = {"uk_row_label", "Output multiplier",
	                                   "Employment cost multiplier", "GVA multiplier",
	                                   "Employment cost effects", "GVA effects"};
	double *dst[] = {p->output_mult, p->cost_mult, p->gva_mult, p->cost_effect, p->gva_effect};
	io_csv c;
	plenum_diag d = {0};
	int k[6], got = 0, n = 0;
	int rc = io_csv_open(&c, test_data("uk_ons_2010/published_multipliers_and_effects.csv"),
	                     "uk_row_label,Output multiplier,...", &d);
	for (int j = 0; !rc && j < 6; j++)
		rc = io_csv_column(&c, cols[j], 1, &k[j]);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got && n < UK_N) {
		snprintf(p->label[n], sizeof p->label[n], "%s", io_csv_get(&c, k[0]));
		for (int j = 0; !rc && j < 5; j++)
			rc = io_csv_number(&c, k[j + 1], cols[j + 1], &dst[j][n]);
		n++;
	}
	io_csv_close(&c);
	if (rc)
		fprintf(stderr, "%s\n", d.message);
	return rc || n != UK_N;
}

/* Values with labour 1 per unit are the output multipliers ONS publishes (the column sums
 * of its Leontief inverse), product by product, with every method. */
TEST(proof_uk_output_multipliers)
{
	uk_published *p = malloc(sizeof *p);
	plenum_economy *e = import_uk("unit");
	double v[UK_N];
	plenum_solve_info info;
	CHECK(p && e);
	CHECK(read_uk_published(p) == 0);
	CHECK_EQ_INT(plenum_economy_products(e), UK_N);
	for (int64_t i = 0; i < UK_N; i++) { /* the published labels keep a \x1a before a word */
		char want[sizeof p->label[i]], *w = want;
		for (const char *r = p->label[i]; *r; r++)
			if (*r != '\x1a')
				*w++ = *r;
		*w = '\0';
		CHECK_STR(plenum_product_name(e, i), want);
	}
	for (int m = 0; m < NMETHODS; m++) {
		CHECK(values(e, methods[m], v, NULL, &info) == 0);
		double worst = 0;
		for (int64_t i = 0; i < UK_N; i++)
			worst = fmax(worst, rel_err(v[i], p->output_mult[i], 1));
		fprintf(stderr, "uk output multipliers, %s: max relative error %.2e (%lld "
		        "iterations, residual %.1e)\n", method_names[m], worst,
		        (long long)info.iterations, info.residual);
		CHECK(info.converged && info.residual <= PROOF_TOL);
		CHECK(worst <= 1e-9);
	}
	free(p);
	plenum_economy_free(e);
}

/* With labour = compensation of employees per unit and the GVA account, the values are the
 * published employment cost effects, embodied GVA the GVA effects, and each divided by its
 * direct coefficient the (type I) employment cost and GVA multipliers. */
TEST(proof_uk_effects_and_multipliers)
{
	uk_published *p = malloc(sizeof *p);
	plenum_economy *e = import_uk(NULL);
	double v[UK_N], g[UK_N], worst[4] = {0};
	plenum_solve_info info;
	CHECK(p && e);
	CHECK(read_uk_published(p) == 0);
	CHECK_EQ_INT(plenum_economy_accounts(e), 1);
	CHECK_STR(plenum_account_key(e, 0), "GVA");
	CHECK(values(e, PLENUM_METHOD_AUTO, v, g, &info) == 0);
	for (int64_t i = 0; i < UK_N; i++) {
		int64_t t = plenum_technique_find(e, plenum_product_key(e, i));
		CHECK(t >= 0 && plenum_technique_product(e, t) == i);
		double l = plenum_technique_labour(e, t), gva = emission(e, t, 0);
		worst[0] = fmax(worst[0], rel_err(v[i], p->cost_effect[i], 1));
		worst[1] = fmax(worst[1], rel_err(g[i], p->gva_effect[i], 1));
		/* Owner-occupiers' housing pays no wages: ONS publishes its multiplier as 0 */
		if (l > 0)
			worst[2] = fmax(worst[2], rel_err(v[i] / l, p->cost_mult[i], 1));
		else
			CHECK(p->cost_mult[i] == 0 && v[i] > 0);
		CHECK(gva > 0);
		worst[3] = fmax(worst[3], rel_err(g[i] / gva, p->gva_mult[i], 1));
	}
	fprintf(stderr, "uk max relative errors: employment cost effects %.2e, GVA effects %.2e, "
	        "employment cost multipliers %.2e, GVA multipliers %.2e\n", worst[0], worst[1],
	        worst[2], worst[3]);
	for (int k = 0; k < 4; k++)
		CHECK(worst[k] <= 1e-9);
	free(p);
	plenum_economy_free(e);
}

/* Gross output for the unit demand e_j is column j of the published Leontief inverse, for
 * every j and every method; with labour 1 per unit the labour total is the column's sum
 * (the published Total row).
 * Tolerance: the published L has 15 significant digits and agrees with the A computed from
 * the published flows to about 3e-12 in every non-zero entry, the smallest 1e-7. The
 * solvers stop on a norm-wise residual, which bounds the error against the column's largest
 * entry, not entry by entry. So every entry is held to 1e-9 against its column's largest,
 * and the 6702 entries of 1e-3 and more (at least 98% of every column's sum) each to 1e-9
 * of itself. */
TEST(proof_uk_leontief_columns)
{
	io_matrix pl;
	plenum_diag d = {0};
	plenum_economy *e = import_uk("unit");
	double y[UK_N], x[UK_N], lab, worst_big = 0, worst_col = 0, worst_tot = 0;
	plenum_solve_info info;
	CHECK(e);
	CHECK(io_matrix_read(&pl, test_data("uk_ons_2010/L_leontief_inverse_published.csv"), &d) ==
	      0);
	int64_t tot = io_matrix_row(&pl, "Total"); /* column sums; the Total column is unused */
	CHECK(tot == UK_N && pl.nc == UK_N + 1);
	for (int64_t j = 0; j < UK_N; j++)
		CHECK_STR(ut_strpool_get(&pl.clab, j), plenum_product_key(e, j));
	for (int m = 0; m < NMETHODS; m++) {
		for (int64_t j = 0; j < UK_N; j++) {
			memset(y, 0, sizeof y);
			y[j] = 1;
			CHECK(gross(e, methods[m], y, x, &lab, NULL, &info) == 0);
			double big = 0;
			for (int64_t i = 0; i < UK_N; i++)
				big = fmax(big, fabs(io_matrix_at(&pl, i, j)));
			for (int64_t i = 0; i < UK_N; i++) {
				double l = io_matrix_at(&pl, i, j), err = fabs(x[i] - l);
				if (fabs(l) >= 1e-3)
					worst_big = fmax(worst_big, err / fabs(l));
				worst_col = fmax(worst_col, err / big);
			}
			worst_tot = fmax(worst_tot, rel_err(lab, io_matrix_at(&pl, tot, j), 1));
		}
		fprintf(stderr, "uk Leontief columns, %s: max relative error %.2e (entries >= "
		        "1e-3), %.2e (all, against the column's largest), %.2e (column totals)\n",
		        method_names[m], worst_big, worst_col, worst_tot);
		CHECK(worst_big <= 1e-9 && worst_col <= 1e-9 && worst_tot <= 1e-9);
	}
	io_matrix_free(&pl);
	plenum_economy_free(e);
}

/* ---- USEEIO v1 2007 ---- */

/* The published matrix m (rows labelled, columns the product keys) times the vector y in
 * the economy's product order: out[r] = sum_j m[r][j] y[j]. */
static int times(const io_matrix *m, const plenum_economy *e, const double *y, double *out)
{
	int64_t n = plenum_economy_products(e);
	for (int64_t r = 0; r < m->nr; r++)
		out[r] = 0;
	for (int64_t j = 0; j < n; j++) {
		int64_t c = io_matrix_col(m, plenum_product_key(e, j));
		if (c < 0)
			return fprintf(stderr, "%s: no column '%s'\n", m->path,
			               plenum_product_key(e, j)),
			       1;
		for (int64_t r = 0; r < m->nr; r++)
			out[r] += io_matrix_at(m, r, c) * y[j];
	}
	return 0;
}

/* For the 2007 US consumption demand y: gross output x = (I - A)^-1 y equals L y with the
 * published L; the jobs it takes (labour total, JOBS per USD) and every indicator's total
 * (GCC: greenhouse gases in kg CO2 eq, ...) equal U y with the published total impacts
 * U = D L. */
TEST(proof_useeio_consumption_totals)
{
	io_matrix pl, pu;
	plenum_diag d = {0};
	plenum_economy *e = import_useeio();
	CHECK(e);
	CHECK(io_matrix_read(&pl, test_data("useeio_v1_2007/L.csv"), &d) == 0);
	CHECK(io_matrix_read(&pu, test_data("useeio_v1_2007/U.csv"), &d) == 0);
	int64_t n = plenum_economy_products(e), na = plenum_economy_accounts(e);
	CHECK_EQ_INT(n, 388);
	CHECK_EQ_INT(na, 23);
	const double *y = plenum_economy_demand(e);
	double *x = malloc((size_t)n * sizeof *x), *lx = malloc((size_t)pl.nr * sizeof *lx);
	double *uy = malloc((size_t)pu.nr * sizeof *uy), acc[64], jobs;
	plenum_solve_info info;
	CHECK(x && lx && uy);
	CHECK(max_abs(y, n) > 1e9); /* the demand was read: USD 10^12 in all */
	CHECK(times(&pl, e, y, lx) == 0 && times(&pu, e, y, uy) == 0);
	int64_t ujobs = io_matrix_row(&pu, "JOBS"), ugcc = io_matrix_row(&pu, "GCC");
	CHECK(ujobs >= 0 && ugcc >= 0 && plenum_account_find(e, "GCC") >= 0);
	for (int m = 0; m < NMETHODS; m++) {
		CHECK(gross(e, methods[m], y, x, &jobs, acc, &info) == 0);
		double wx = 0, wacc = 0, scale = max_abs(lx, n);
		for (int64_t i = 0; i < n; i++) {
			int64_t r = io_matrix_row(&pl, plenum_product_key(e, i));
			CHECK(r >= 0);
			wx = fmax(wx, rel_err(x[i], lx[r], scale));
		}
		for (int64_t a = 0; a < na; a++) {
			int64_t r = io_matrix_row(&pu, plenum_account_key(e, a));
			CHECK(r >= 0);
			wacc = fmax(wacc, rel_err(acc[a], uy[r], 1));
		}
		double wjobs = rel_err(jobs, uy[ujobs], 1);
		double wgcc = rel_err(acc[plenum_account_find(e, "GCC")], uy[ugcc], 1);
		fprintf(stderr, "useeio 2007 consumption, %s: jobs %.6g (published %.6g, relative "
		        "error %.2e), GHG %.6g kg CO2 eq (published %.6g, %.2e), worst of 23 "
		        "indicators %.2e, gross output against L y %.2e\n", method_names[m], jobs,
		        uy[ujobs], wjobs, acc[plenum_account_find(e, "GCC")], uy[ugcc], wgcc, wacc,
		        wx);
		CHECK(wjobs <= 1e-9 && wgcc <= 1e-9 && wacc <= 1e-9 && wx <= 1e-9);
	}
	free(x);
	free(lx);
	free(uy);
	io_matrix_free(&pl);
	io_matrix_free(&pu);
	plenum_economy_free(e);
}

/* The values (jobs per USD, embodied) and embodied indicators per USD of every commodity
 * are the published total impacts U = D L, row by row. */
TEST(proof_useeio_total_impacts_per_unit)
{
	io_matrix pu;
	plenum_diag d = {0};
	plenum_economy *e = import_useeio();
	CHECK(e);
	CHECK(io_matrix_read(&pu, test_data("useeio_v1_2007/U.csv"), &d) == 0);
	int64_t n = plenum_economy_products(e), na = plenum_economy_accounts(e);
	double *v = malloc((size_t)n * sizeof *v), *emb = malloc((size_t)(n * na) * sizeof *emb);
	plenum_solve_info info;
	CHECK(v && emb);
	CHECK(values(e, PLENUM_METHOD_AUTO, v, emb, &info) == 0);
	double worst = 0;
	for (int64_t a = -1; a < na; a++) {
		int64_t r = io_matrix_row(&pu, a < 0 ? "JOBS" : plenum_account_key(e, a));
		CHECK(r >= 0);
		const double *got = a < 0 ? v : emb + a * n;
		double scale = 0;
		for (int64_t c = 0; c < pu.nc; c++)
			scale = fmax(scale, fabs(io_matrix_at(&pu, r, c)));
		for (int64_t i = 0; i < n; i++) {
			int64_t c = io_matrix_col(&pu, plenum_product_key(e, i));
			CHECK(c >= 0);
			worst = fmax(worst, rel_err(got[i], io_matrix_at(&pu, r, c), scale));
		}
	}
	fprintf(stderr, "useeio total impacts per USD (JOBS and 23 indicators x 388 commodities): "
	        "max relative error %.2e\n", worst);
	CHECK(worst <= 1e-9);
	free(v);
	free(emb);
	io_matrix_free(&pu);
	plenum_economy_free(e);
}

/* ---- WIOD 2016 ---- */

/* Hours worked by employees in year: the sum of H_EMPE (millions of hours) over the
 * industries of the socio-economic accounts, in hours. */
static int hours_worked(const char *country, int year, double *hours)
{
	char rel[256];
	io_csv c;
	plenum_diag d = {0};
	int ky, kh, got = 0;
	snprintf(rel, sizeof rel, "wiod2016_usa_aus/%s_sea_2000_2014.csv", country);
	int rc = io_csv_open(&c, test_data(rel), "country,description,code,year,...", &d);
	if (!rc)
		rc = io_csv_column(&c, "year", 1, &ky);
	if (!rc)
		rc = io_csv_column(&c, "H_EMPE", 1, &kh);
	*hours = 0;
	while (!rc && !(rc = io_csv_next(&c, &got)) && got) {
		double h;
		if (atoi(io_csv_get(&c, ky)) != year)
			continue;
		rc = io_csv_number(&c, kh, "H_EMPE", &h);
		*hours += h * 1e6;
	}
	io_csv_close(&c);
	if (rc)
		fprintf(stderr, "%s\n", d.message);
	return rc;
}

/* USA and Australia, every year 2000-2014: the hours embodied in final demand, v.y, and
 * the labour total of the gross output that delivers y are the hours worked in the year.
 * The solver's defaults (tolerance 1e-10) are used, with each method in turn. */
TEST(proof_wiod_hours_in_final_demand)
{
	static const char *countries[] = {"usa", "aus"};
	double worst = 0, v[64], x[64];
	for (int c = 0; c < 2; c++) {
		for (int year = 2000; year <= 2014; year++) {
			plenum_economy *e = import_wiod(countries[c], year);
			plenum_solve_opts o;
			plenum_solve_info info;
			plenum_diag d = {0};
			double hours, lab, vy = 0;
			CHECK(e);
			CHECK(hours_worked(countries[c], year, &hours) == 0 && hours > 1e9);
			int64_t n = plenum_economy_products(e);
			CHECK(n == 56);
			plenum_solve_opts_init(&o);
			o.method = methods[year % NMETHODS];
			CHECK(plenum_labour_values(e, &o, v, NULL, &info, &d) == 0);
			const double *y = plenum_economy_demand(e);
			CHECK(plenum_gross_output(e, y, &o, x, &lab, NULL, &info, &d) == 0);
			for (int64_t i = 0; i < n; i++)
				vy += v[i] * y[i];
			double err = fmax(rel_err(vy, hours, 1), rel_err(lab, hours, 1));
			if (c + year == 2000 || year == 2014)
				fprintf(stderr, "wiod %s %d (%s): hours in final demand %.10g, "
				        "worked %.10g, relative error %.2e\n", countries[c], year,
				        method_names[year % NMETHODS], vy, hours, err);
			worst = fmax(worst, err);
			plenum_economy_free(e);
			CHECK(err <= 1e-9);
		}
	}
	fprintf(stderr, "wiod usa and aus 2000-2014: max relative error %.2e\n", worst);
}
