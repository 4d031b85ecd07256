/* Tests of plenum import on the real tables in tests/data (UK ONS 2010, USEEIO v1 2007,
 * WIOD 2016 USA and Australia) and on small broken tables for every error. */
#include <stdlib.h>
#include <string.h>
#include "core/econ.h"
#include "io/import.h"
#include "io/io.h"
#include "test.h"

#define UK_FLOWS "uk_ons_2010/IOT_domestic_use_basic_prices_pxp.csv"
#define UK_LABELS "uk_ons_2010/row_labels.csv"

/* ---- helpers ---- */

static plenum_economy *import_uk(const char *labour, plenum_diag *d)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_UK_ONS;
	o.flows = test_data(UK_FLOWS);
	o.labels = test_data(UK_LABELS);
	o.labour = labour;
	o.year = 2010;
	int rc = plenum_import(&o, &e, d);
	if (rc)
		fprintf(stderr, "%s\n", d->message);
	return e;
}

static plenum_economy *import_useeio(unsigned flags, plenum_diag *d)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_USEEIO;
	o.coefficients = test_data("useeio_v1_2007/A.csv");
	o.impacts = test_data("useeio_v1_2007/D.csv");
	o.sectors = test_data("useeio_v1_2007/sectors.csv");
	o.indicators = test_data("useeio_v1_2007/indicators.csv");
	o.demand = test_data("useeio_v1_2007/y_2007_us_consumption.csv");
	o.year = 2007;
	o.flags = flags;
	if (plenum_import(&o, &e, d) && !flags)
		fprintf(stderr, "%s\n", d->message);
	return e;
}

static plenum_economy *import_wiod(const char *country, int year, plenum_diag *d)
{
	char niot[256], sea[256];
	plenum_import_opts o;
	plenum_economy *e = NULL;
	snprintf(niot, sizeof niot, "wiod2016_usa_aus/%s_niot_2000_2014.csv", country);
	snprintf(sea, sizeof sea, "wiod2016_usa_aus/%s_sea_2000_2014.csv", country);
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_WIOD;
	o.niot = test_data(niot);
	o.sea = test_data(sea);
	o.year = year;
	if (plenum_import(&o, &e, d))
		fprintf(stderr, "%s\n", d->message);
	return e;
}

/* The dense input matrix: a[i * n + j] = input of product i per unit of technique j's
 * product (one technique per product, technique j makes product j). */
static double *dense_inputs(const plenum_economy *e)
{
	int64_t n = e->np;
	double *a = calloc((size_t)(n * n), sizeof *a);
	for (int64_t t = 0; a && t < e->nt; t++)
		for (int64_t k = e->in.p[t]; k < e->in.p[t + 1]; k++)
			a[e->in.i[k] * n + e->tprod[t]] += e->in.x[k];
	return a;
}

/* Technique t's quantity of account acc, 0 when it has none. */
static double emission(const plenum_economy *e, int64_t t, int64_t acc)
{
	for (int64_t k = e->em.p[t]; k < e->em.p[t + 1]; k++)
		if (e->em.i[k] == acc)
			return e->em.x[k];
	return 0.0;
}

static int rel_close(double a, double b, double tol)
{
	return fabs(a - b) <= tol * fmax(fabs(b), 1e-300) || (a == 0 && b == 0);
}

/* Writes text to tmpdir/name and returns the path. */
static const char *put_file(const char *name, const char *text)
{
	static char path[8][4200];
	static int next;
	char *p = path[next++ % 8];
	snprintf(p, sizeof path[0], "%s/%s", test_tmpdir(), name);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

/* ---- UK ONS 2010 ---- */

/* The imported A = Z / x equals the ONS-published coefficients; labour is the published
 * compensation row; GVA is compensation + operating surplus + taxes on production. */
TEST(import_uk_published_a)
{
	plenum_diag d = {0};
	io_matrix pa;
	plenum_economy *e = import_uk(NULL, &d);
	CHECK(e);
	/* the official label list also names 9 rows that are no product: one warning; and 15
	 * control characters (\x1a where a dash was lost) were taken out of the names: another */
	CHECK_EQ_INT(d.warnings, 2);
	CHECK(strstr(d.warning, "row_labels.csv:129:1: code 'Total consumption' and 8 more name "
	                        "no product of the table"));
	CHECK(io_matrix_read(&pa, test_data("uk_ons_2010/A_coefficients_published.csv"), &d) == 0);
	double *a = dense_inputs(e);
	int64_t n = e->np, bad = 0, rc = io_matrix_row(&pa, "Compensation of employees");
	int64_t rg[3] = {rc, io_matrix_row(&pa, "Gross Operating Surplus"),
	                 io_matrix_row(&pa, "Taxes less subsidies on production")};
	CHECK_EQ_INT(n, 127);
	CHECK_STR(plenum_product_unit(e, 0), "£m 2010");
	CHECK_STR(plenum_product_name(e, 0), "Products of agriculture, hunting and related services");
	for (int64_t j = 0; j < n; j++) {
		CHECK_STR(ut_strpool_get(&pa.clab, j), plenum_product_key(e, j));
		for (int64_t i = 0; i < n; i++)
			bad += !rel_close(a[i * n + j], io_matrix_at(&pa, i, j), 1e-13);
		bad += !rel_close(plenum_technique_labour(e, j), io_matrix_at(&pa, rc, j), 1e-13);
		double gva = 0;
		for (int k = 0; k < 3; k++)
			gva += io_matrix_at(&pa, rg[k], j);
		bad += !rel_close(emission(e, j, 0), gva, 1e-12);
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_STR(plenum_account_key(e, 0), "GVA");
	free(a);
	io_matrix_free(&pa);
	plenum_economy_free(e);
}

/* The imported economy's (I - A) times the published Leontief inverse is the identity, and
 * its demand is the published final demand (Total demand less intermediate demand). */
TEST(import_uk_inverse_and_demand)
{
	plenum_diag d = {0};
	io_matrix pl, fl;
	plenum_economy *e = import_uk(NULL, &d);
	CHECK(e);
	CHECK(io_matrix_read(&pl, test_data("uk_ons_2010/L_leontief_inverse_published.csv"), &d) == 0);
	CHECK(io_matrix_read(&fl, test_data(UK_FLOWS), &d) == 0);
	double *a = dense_inputs(e), worst = 0;
	int64_t n = e->np;
	for (int64_t i = 0; i < n; i++) {
		for (int64_t j = 0; j < n; j++) {
			double s = io_matrix_at(&pl, i, j);
			for (int64_t k = 0; k < n; k++)
				s -= a[i * n + k] * io_matrix_at(&pl, k, j);
			worst = fmax(worst, fabs(s - (i == j)));
		}
	}
	CHECK(worst < 1e-12);
	int64_t ti = io_matrix_col(&fl, "Total intermediate demand");
	int64_t td = io_matrix_col(&fl, "Total demand");
	CHECK(ti == n && td > ti);
	for (int64_t i = 0; i < n; i++)
		CHECK_NEAR(plenum_economy_demand(e)[i],
		           io_matrix_at(&fl, i, td) - io_matrix_at(&fl, i, ti), 1e-9);
	free(a);
	io_matrix_free(&pl);
	io_matrix_free(&fl);
	plenum_economy_free(e);
}

static int same_file(const char *p, const char *q)
{
	FILE *f = fopen(p, "rb"), *g = fopen(q, "rb");
	int same = f && g, a = 0, b = 0;
	while (same && (a = getc(f)) == (b = getc(g)) && a != EOF)
		;
	same = same && a == b;
	if (f)
		fclose(f);
	if (g)
		fclose(g);
	return same;
}

/* The committed economy directory (the README's main command reads it) is exactly what
 * the importer writes now. */
TEST(import_uk_economy_committed)
{
	static const char *files[] = {"products.csv",  "techniques.csv", "inputs.csv",
	                              "accounts.csv",  "emissions.csv",  "demand.csv",
	                              "labour.csv"};
	plenum_diag d = {0};
	char out[4200], p[4400], q[4400];
	plenum_economy *e = import_uk(NULL, &d);
	CHECK(e);
	snprintf(out, sizeof out, "%s/uk_economy", test_tmpdir());
	CHECK(plenum_economy_write_dir(e, out, &d) == 0);
	for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
		snprintf(p, sizeof p, "%s/%s", out, files[k]);
		snprintf(q, sizeof q, "%s/%s", test_data("uk_ons_2010/economy"), files[k]);
		if (!same_file(p, q))
			fprintf(stderr, "%s differs from %s: regenerate it (tests/data/uk_ons_2010/"
			        "README.md)\n", q, p);
		CHECK(same_file(p, q));
	}
	plenum_economy_free(e);
}

TEST(import_uk_labour_unit)
{
	plenum_diag d = {0};
	plenum_economy *e = import_uk("unit", &d);
	CHECK(e);
	for (int64_t t = 0; t < e->nt; t++)
		CHECK(plenum_technique_labour(e, t) == 1.0);
	CHECK_STR(plenum_economy_labour_unit(e), "£m 2010"); /* labour counts output */
	CHECK_STR(plenum_economy_labour_name(e), "output (1 per unit of output)");
	plenum_economy_free(e);
	e = import_uk(NULL, &d); /* compensation of employees: pay, not hours */
	CHECK(e && !plenum_economy_labour_in_hours(e));
	CHECK_STR(plenum_economy_labour_unit(e), "£m 2010");
	CHECK_STR(plenum_economy_labour_name(e), "compensation of employees");
	plenum_economy_free(e);
	e = import_uk("hours", &d);
	CHECK(!e);
	CHECK(strstr(d.message, "'compensation' or 'unit'"));
}

/* ---- USEEIO v1 2007 ---- */

TEST(import_useeio_structure)
{
	plenum_diag d = {0};
	io_matrix a;
	plenum_economy *e = import_useeio(0, &d);
	CHECK(e);
	CHECK(io_matrix_read(&a, test_data("useeio_v1_2007/A.csv"), &d) == 0);
	int64_t n = e->np, neg = 0, bad = 0;
	CHECK_EQ_INT(n, 388);
	CHECK_EQ_INT(e->na, 23); /* 24 indicators, JOBS is labour */
	double *ea = dense_inputs(e);
	for (int64_t k = 0; k < n * n; k++) {
		neg += a.x[k] < 0;
		bad += ea[k] != a.x[k]; /* copied exactly */
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(neg > 0);
	CHECK_EQ_INT(d.warnings, neg);
	int64_t gcc = plenum_account_find(e, "GCC");
	CHECK(gcc >= 0);
	CHECK_STR(plenum_account_unit(e, gcc), "kg CO2 eq");
	CHECK_STR(plenum_account_name(e, gcc), "Global Climate Change");
	CHECK(plenum_account_find(e, "JOBS") < 0);
	CHECK_STR(plenum_economy_labour_unit(e), "jobs"); /* JOBS's unit in indicators.csv */
	CHECK_STR(plenum_economy_labour_name(e), "Employment");
	CHECK_STR(plenum_product_unit(e, 0), "USD 2007");
	CHECK_NEAR(plenum_technique_labour(e, 0), 1.49833971775e-07, 1e-20);
	CHECK_NEAR(plenum_economy_demand(e)[1], 1816353138.97649, 1e-6);
	free(ea);
	io_matrix_free(&a);
	plenum_economy_free(e);
	e = import_useeio(PLENUM_READ_STRICT, &d);
	CHECK(!e);
	CHECK(strstr(d.message, "negative input"));
}

/* ---- WIOD 2016 ---- */

/* Every year of both countries imports; direct hours l.x add up to total hours worked and
 * the table balances, (I - A) x = y, which the hours proof rests on. */
TEST(import_wiod_all_years)
{
	static const char *countries[] = {"usa", "aus"};
	for (int c = 0; c < 2; c++) {
		for (int year = 2000; year <= 2014; year++) {
			plenum_diag d = {0};
			plenum_economy *e = import_wiod(countries[c], year, &d);
			CHECK(e);
			CHECK_EQ_INT(e->np, 56);
			CHECK_EQ_INT(d.warnings, 0);
			CHECK(plenum_economy_labour_in_hours(e)); /* H_EMPE: hours worked */
			plenum_economy_free(e);
		}
	}
}

/* ---- broken tables ---- */

static int import_one(plenum_import_opts *o, plenum_diag *d)
{
	plenum_economy *e = NULL;
	int rc = plenum_import(o, &e, d);
	plenum_economy_free(e);
	return rc;
}

static const char uk_blank_cells[] =
	"uk_row,a,b,Total intermediate demand,Households,Exports,Total demand\n"
	"a,1,2,3,6,1,10\n"
	"b,2,0,2,8,0,10\n"
	"Compensation of employees,3,4,7,,,\n"
	"Gross Operating Surplus,1,1,2,,,\n"
	"Taxes less subsidies on production,0,0,0,,,\n"
	"Total output,10,10,20,,,\n";

TEST(import_uk_small)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_UK_ONS;
	/* empty value-added cells of final demand columns are not numbers: fill them */
	o.flows = put_file("uk_small.csv",
	                   "uk_row,a,b,Total intermediate demand,Households,Exports,Total demand\n"
	                   "a,1,2,3,6,1,10\n"
	                   "b,2,0,2,8,0,10\n"
	                   "Compensation of employees,3,4,7,0,0,0\n"
	                   "Gross Operating Surplus,1,1,2,0,0,0\n"
	                   "Taxes less subsidies on production,0,0,0,0,0,0\n"
	                   "Total output,10,10,20,0,0,0\n");
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_EQ_INT(e->np, 2);
	CHECK_EQ_INT(d.warnings, 0);
	CHECK_NEAR(plenum_technique_labour(e, 1), 0.4, 1e-15);
	CHECK_NEAR(plenum_economy_demand(e)[0], 7, 1e-15);
	CHECK_NEAR(plenum_economy_demand(e)[1], 8, 1e-15);
	CHECK_NEAR(emission(e, 0, 0), 0.4, 1e-15);
	CHECK_EQ_INT(plenum_economy_inputs(e), 3); /* the zero flow b -> b is no input */
	CHECK_STR(plenum_product_name(e, 0), "a");
	plenum_economy_free(e);
	/* the unfilled cells: an error at their line and column */
	o.flows = put_file("uk_blank.csv", uk_blank_cells);
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "uk_blank.csv:4:33: empty value"));
}

/* --labels: a code given twice is an error naming both lines; codes that are no product
 * are one warning (count, first and its line); a product not named keeps its code. */
static void check_uk_labels(void)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_UK_ONS;
	o.flows = put_file("uk_lab_t.csv",
	                   "r,a,b,Total intermediate demand,Households,Total demand\n"
	                   "a,1,2,3,7,10\nb,2,0,2,8,10\n"
	                   "Compensation of employees,3,4,7,0,0\n"
	                   "Gross Operating Surplus,1,1,2,0,0\n"
	                   "Taxes less subsidies on production,0,0,0,0,0\n"
	                   "Total output,10,10,20,0,0\n");
	o.labels = put_file("uk_lab_dup.csv", "code,label\na,One\nb,Two\na,Uno\n");
	CHECK(import_one(&o, &d) == PLENUM_EDUPLICATE);
	CHECK(strstr(d.message, "uk_lab_dup.csv:4:1: code 'a' again (first on line 2): give "
	                        "each code once"));
	o.labels = put_file("uk_lab_more.csv", "code,label\na,Apples\nzz,Zed\n"
	                                       "Households,Hh\n");
	plenum_diag_clear(&d);
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_EQ_INT(d.warnings, 1);
	CHECK(strstr(d.warning, "uk_lab_more.csv:3:1: code 'zz' and 1 more name no product of "
	                        "the table: their names are not used"));
	CHECK_STR(plenum_product_name(e, 0), "Apples");
	CHECK_STR(plenum_product_name(e, 1), "b");
	plenum_economy_free(e);
	o.labels = put_file("uk_lab_one.csv", "code,label\nb,Bread\nzz,Zed\n");
	plenum_diag_clear(&d);
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_EQ_INT(d.warnings, 1);
	CHECK(strstr(d.warning, "uk_lab_one.csv:3:1: code 'zz' names no product of the table: "
	                        "its name is not used"));
	plenum_economy_free(e);
}

TEST(import_uk_errors)
{
	plenum_import_opts o;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_UK_ONS;
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	CHECK(strstr(d.message, "--flows"));
	o.flows = put_file("uk_missing_total.csv", "uk_row,a\na,1\nTotal output,2\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "no column labelled 'Total intermediate demand'"));
	o.flows = put_file("uk_order.csv", "r,a,b,Total intermediate demand\nb,1,1,2\na,1,1,2\n"
	                                   "Total output,2,2,4\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "uk_order.csv:2: row 1 is 'b' but column 1 is 'a'"));
	o.flows = put_file("uk_nan.csv", "r,a,Total intermediate demand\na,x1,2\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "uk_nan.csv:2:3: value 'x1' is not a number"));
	o.flows = put_file("uk_dup.csv", "r,a,Total intermediate demand\na,1,2\na,1,2\n");
	CHECK(import_one(&o, &d) == PLENUM_EDUPLICATE);
	CHECK(strstr(d.message, "uk_dup.csv:3:1: second row labelled 'a'"));
	/* an empty label would be an empty product key: the import wrote a directory that
	 * plenum could not read back */
	o.flows = put_file("uk_nolabel.csv", "r,a,Total intermediate demand\n,1,2\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "uk_nolabel.csv:2:1: empty row label"));
	o.flows = put_file("uk_nocol.csv", "r,a,,Total intermediate demand\na,1,1,2\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "uk_nocol.csv:1:3: empty column label"));
	o.flows = put_file("uk_noout.csv", "r,a,Total intermediate demand\na,1,1\n"
	                                   "Compensation of employees,1,1\n"
	                                   "Gross Operating Surplus,1,1\n"
	                                   "Taxes less subsidies on production,1,1\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "no row labelled 'Total output'"));
	o.flows = put_file("uk_negout.csv", "r,a,Total intermediate demand\na,1,1\n"
	                                    "Compensation of employees,1,1\n"
	                                    "Gross Operating Surplus,1,1\n"
	                                    "Taxes less subsidies on production,1,1\n"
	                                    "Total output,-4,-4\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "product 'a' has gross output -4"));
	o.flows = test_data("uk_ons_2010/no_such_file.csv");
	CHECK(import_one(&o, &d) == PLENUM_ENOTFOUND);
	check_uk_labels();
}

/* A product without output keeps a technique with no inputs and no labour; flows into it
 * are dropped with a warning; an unbalanced row warns. */
TEST(import_zero_output_and_balance)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_UK_ONS;
	o.flows = put_file("uk_zero.csv",
	                   "r,a,b,Total intermediate demand,Households,Total demand\n"
	                   "a,1,0.5,1.5,8.5,10\n"
	                   "b,0,0,0,0,0\n"
	                   "Compensation of employees,3,0,3,0,0\n"
	                   "Gross Operating Surplus,1,0,1,0,0\n"
	                   "Taxes less subsidies on production,0,0,0,0,0\n"
	                   "Total output,10,0,10,0,0\n");
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_EQ_INT(d.warnings, 1);
	CHECK(strstr(d.warning, "product 'b' has zero gross output but 1 non-zero"));
	CHECK_EQ_INT(e->in.p[2] - e->in.p[1], 0);
	CHECK(plenum_technique_labour(e, 1) == 0.0);
	plenum_economy_free(e);
	plenum_diag_clear(&d);
	o.flows = put_file("uk_unbalanced.csv",
	                   "r,a,Total intermediate demand,Households,Total demand\n"
	                   "a,1,1,8,9\n"
	                   "Compensation of employees,3,3,0,0\n"
	                   "Gross Operating Surplus,1,1,0,0\n"
	                   "Taxes less subsidies on production,0,0,0,0\n"
	                   "Total output,10,10,0,0\n");
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_EQ_INT(d.warnings, 1);
	CHECK(strstr(d.warning, "does not balance"));
	plenum_economy_free(e);
}

/* D.csv: a column that is no commodity of A is an error (its numbers would be lost).
 * --sectors and --indicators: a code given twice is an error naming both lines, codes that
 * name nothing of the table one warning each file. */
static void check_useeio_aux_files(void)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_USEEIO;
	o.coefficients = put_file("us_a4.csv", ",x,y\nx,0.1,0.2\ny,0.3,0\n");
	o.impacts = put_file("us_d4.csv", ",y,x,zz\nJOBS,1,2,5\nGHG,3,4,5\n");
	CHECK(import_one(&o, &d) == PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, "us_d4.csv:1:6: column 'zz' is no commodity of A: its numbers "
	                        "would be lost"));
	o.impacts = put_file("us_d5.csv", ",y,x\nJOBS,1,2\nGHG,3,4\n");
	o.sectors = put_file("us_s4.csv", "index,code,name,location\n0,x,Ex,US\n1,x,Ix,US\n");
	CHECK(import_one(&o, &d) == PLENUM_EDUPLICATE);
	CHECK(strstr(d.message, "us_s4.csv:3:3: code 'x' again (first on line 2)"));
	o.sectors = put_file("us_s5.csv", "index,code,name,location\n0,x,Ex,US\n1,zz,Zed,US\n");
	o.indicators = put_file("us_i4.csv", "index,code,name,unit\n0,GHG,g,kg\n1,GHG,h,t\n");
	CHECK(import_one(&o, &d) == PLENUM_EDUPLICATE);
	CHECK(strstr(d.message, "us_i4.csv:3:3: code 'GHG' again (first on line 2)"));
	o.indicators = put_file("us_i5.csv", "index,code,name,unit\n0,GHG,g,kg\n");
	plenum_diag_clear(&d);
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_EQ_INT(d.warnings, 1);
	CHECK(strstr(d.warning, "us_s5.csv:3:3: code 'zz' names no commodity of A"));
	CHECK_STR(plenum_product_name(e, 0), "Ex");
	CHECK_STR(plenum_product_name(e, 1), "y");
	plenum_economy_free(e);
	o.sectors = NULL;
	o.indicators = put_file("us_i6.csv", "index,code,name,unit\n0,GHG,g,kg\n1,ACID,a,kg\n");
	plenum_diag_clear(&d);
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_EQ_INT(d.warnings, 1);
	CHECK(strstr(d.warning, "us_i6.csv:3:3: code 'ACID' names no indicator row of D"));
	plenum_economy_free(e);
}

TEST(import_useeio_errors)
{
	plenum_import_opts o;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_USEEIO;
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	o.coefficients = put_file("us_a.csv", ",x,y\nx,0.1,0.2\ny,0.3,0\n");
	CHECK(import_one(&o, &d) == PLENUM_EINVAL); /* labour JOBS needs D */
	CHECK(strstr(d.message, "--impacts"));
	o.labour = "unit";
	CHECK(import_one(&o, &d) == PLENUM_OK);
	o.labour = "WORK";
	o.impacts = put_file("us_d.csv", ",y,x\nJOBS,1,2\nGHG,3,4\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "no indicator row 'WORK'"));
	o.labour = NULL;
	o.demand = put_file("us_y.csv", "code,amount\nx,5\nz,1\n");
	CHECK(import_one(&o, &d) == PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, "us_y.csv:3:1: unknown commodity 'z'"));
	o.demand = NULL;
	o.impacts = put_file("us_d2.csv", ",y\nJOBS,1\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "no column labelled 'x'"));
	o.impacts = NULL;
	o.labour = "unit";
	o.coefficients = put_file("us_rect.csv", ",x,y\nx,0.1,0.2\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "1 rows but 2 columns"));
	o.coefficients = put_file("us_perm.csv", ",x,y\ny,0.1,0.2\nx,0.3,0\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "us_perm.csv:2: row 'y' where column 1 is 'x'"));
	check_useeio_aux_files();
}

TEST(import_useeio_small)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_USEEIO;
	o.coefficients = put_file("us_a3.csv", ",x,y\nx,0.1,0.2\ny,0.3,0\n");
	o.impacts = put_file("us_d3.csv", ",y,x\nJOBS,1,2\nGHG,3,4\n");
	o.indicators = put_file("us_i3.csv", "index,code,name,unit\n0,GHG,Greenhouse gases,kg\n");
	o.sectors = put_file("us_s3.csv", "index,code,name,location\n0,y,\"Why, oh\",US\n");
	o.demand = put_file("us_y3.csv", "code,amount\ny,5\n");
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_STR(plenum_product_name(e, 1), "Why, oh");
	CHECK_STR(plenum_product_name(e, 0), "x");
	CHECK(plenum_technique_labour(e, 0) == 2 && plenum_technique_labour(e, 1) == 1);
	CHECK_EQ_INT(e->na, 1);
	CHECK_STR(plenum_account_unit(e, 0), "kg");
	CHECK(emission(e, 0, 0) == 4 && emission(e, 1, 0) == 3);
	CHECK(plenum_economy_demand(e)[1] == 5 && plenum_economy_demand(e)[0] == 0);
	CHECK_STR(plenum_product_unit(e, 0), "USD");
	plenum_economy_free(e);
}

static const char wiod_small_niot[] = "Year,Code,Description,Origin,A,B,CONS_h,GO\n"
                                      "2001,A,a,Domestic,1,2,5,8\n"
                                      "2001,B,b,Domestic,2,0,2,4\n"
                                      "2001,GO,Output,TOT,8,4,0,0\n";

/* The SEA's rows are taken for the NIOT's country, named by its file name as WIOD names
 * its tables (USA_NIOT_nov16): accounts of another country are refused, accounts of many
 * countries give the NIOT's rows; a NIOT whose name gives no country takes a file of one
 * country only. */
static void check_wiod_country(void)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_WIOD;
	o.year = 2014;
	o.niot = test_data("wiod2016_usa_aus/usa_niot_2000_2014.csv");
	o.sea = test_data("wiod2016_usa_aus/aus_sea_2000_2014.csv");
	CHECK(import_one(&o, &d) == PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, "aus_sea_2000_2014.csv:2:1: the accounts are for 'AUS' and have "
	                        "no row for 'USA', the country of the NIOT "));
	o.year = 2001;
	o.niot = put_file("XYZ_NIOT_nov16.csv", wiod_small_niot);
	o.sea = put_file("sea_many.csv", "country,description,code,year,H_EMPE\n"
	                                 "ABC,a,A,2001,7\nABC,b,B,2001,7\n"
	                                 "XYZ,b,B,2001,0.5\nXYZ,a,A,2001,2\n"
	                                 "ROW,a,A,2001,9\n");
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK(e && plenum_technique_labour(e, 0) == 2e6 / 8);
	CHECK(e && plenum_technique_labour(e, 1) == 0.5e6 / 4);
	plenum_economy_free(e);
	o.niot = put_file("xyz-2001.csv", wiod_small_niot); /* lower case, '-' */
	CHECK(import_one(&o, &d) == PLENUM_OK);
	o.sea = put_file("sea_dup.csv", "country,description,code,year,H_EMPE\n"
	                                "XYZ,b,B,2001,0.5\nXYZ,a,A,2001,2\nXYZ,a,A,2001,2\n");
	CHECK(import_one(&o, &d) == PLENUM_EDUPLICATE);
	CHECK(strstr(d.message, "sea_dup.csv:4:7: second row for industry 'A' of 'XYZ'"));
	o.niot = put_file("niot_nameless.csv", wiod_small_niot);
	o.sea = put_file("sea_many.csv", "country,description,code,year,H_EMPE\n"
	                                 "XYZ,b,B,2001,0.5\nXYZ,a,A,2001,2\nABC,a,A,2001,7\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "sea_many.csv:4:1: country 'ABC' after 'XYZ': the accounts hold "
	                        "several countries") && strstr(d.message, "give --country CCC"));
	o.country = "XYZ"; /* --country says which, whatever the file's name */
	CHECK(import_one(&o, &d) == PLENUM_OK);
	o.country = "ABC";
	CHECK(import_one(&o, &d) == PLENUM_ENOTFOUND); /* ABC has no row for industry B */
	o.country = "xyz";
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	CHECK(strstr(d.message, "--country 'xyz': give the NIOT's three-letter code"));
	o.country = NULL;
	o.sea = put_file("sea_nocountry.csv", "description,code,year,H_EMPE\nb,B,2001,0.5\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "country"));
}

TEST(import_wiod_errors)
{
	plenum_import_opts o;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_WIOD;
	o.niot = test_data("wiod2016_usa_aus/usa_niot_2000_2014.csv");
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	o.sea = test_data("wiod2016_usa_aus/usa_sea_2000_2014.csv");
	o.year = 1999;
	CHECK(import_one(&o, &d) == PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, "no Domestic rows for year 1999"));
	o.year = 2014;
	o.sea = put_file("sea_short.csv", "country,description,code,year,H_EMPE\n"
	                                  "USA,x,A01,2014,1\n");
	CHECK(import_one(&o, &d) == PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, "no row for industry 'A02' of 'USA' in year 2014"));
	o.sea = put_file("sea_bad.csv", "country,description,code,year,H_EMPE\n"
	                                "USA,x,A01,2014,NA\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "sea_bad.csv:2:16: H_EMPE 'NA' is not a number"));
	o.niot = put_file("niot_nogo.csv", "Year,Code,Description,Origin,A,CONS_h,GO\n"
	                                   "2014,A,a,Domestic,1,1,2\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "no TOT row GO"));
	o.niot = put_file("niot_nocol.csv", "Year,Code,Description,Origin,A,CONS_h,GO\n"
	                                    "2014,A,a,Domestic,1,1,2\n2014,B,b,Domestic,1,1,2\n"
	                                    "2014,GO,Output,TOT,2,0,0\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "industry 'B' has a Domestic row but no column"));
	o.labour = "persons";
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	check_wiod_country();
}

TEST(import_wiod_small)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_WIOD;
	o.year = 2001;
	o.niot = put_file("niot_small.csv",
	                  "Year,Code,Description,Origin,A,B,CONS_h,INVEN,GO\n"
	                  "2000,A,a,Domestic,9,9,9,9,36\n"
	                  "2001,A,\"a, b\",Domestic,1,2,4,1,8\n"
	                  "2001,B,b,Domestic,2,0,3,-1,4\n"
	                  "2001,A,a,Imports,7,7,7,7,28\n"
	                  "2001,GO,Output,TOT,8,4,0,0,0\n");
	o.sea = put_file("sea_small.csv", "country,description,code,year,EMP,H_EMPE\n"
	                                  "X,b,B,2001,1,0.5\nX,a,A,2001,1,2\nX,a,A,2000,1,9\n");
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_EQ_INT(d.warnings, 0);
	CHECK_STR(plenum_product_name(e, 0), "a, b");
	CHECK_STR(plenum_product_unit(e, 0), "USD m 2001");
	CHECK(plenum_technique_labour(e, 0) == 2e6 / 8 && plenum_technique_labour(e, 1) == 0.5e6 / 4);
	double *a = dense_inputs(e);
	CHECK(a && a[0] == 1.0 / 8 && a[1] == 2.0 / 4 && a[2] == 2.0 / 8 && a[3] == 0);
	free(a);
	CHECK(plenum_economy_demand(e)[0] == 5 && plenum_economy_demand(e)[1] == 2);
	plenum_economy_free(e);
}

/* ---- the generic flows layout ---- */

TEST(import_flows_small)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_FLOWS;
	o.flows = put_file("fl_z.csv", ",p,q\np,1,2\nq,3,0\n");
	o.final = put_file("fl_f.csv", ",hh,exp\nq,4,3\np,6,1\n");
	o.satellite = put_file("fl_s.csv", ",q,p\nhours,5,20\nco2,1,0\n");
	o.labour = "hours";
	o.unit = "kr";
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_EQ_INT(d.warnings, 0);
	/* x = row totals: p 1+2+6+1 = 10, q 3+0+4+3 = 10 */
	double *a = dense_inputs(e);
	CHECK(a && a[0] == 0.1 && a[1] == 0.2 && a[2] == 0.3 && a[3] == 0);
	free(a);
	CHECK(plenum_technique_labour(e, 0) == 2 && plenum_technique_labour(e, 1) == 0.5);
	CHECK_EQ_INT(e->na, 1);
	CHECK_STR(plenum_account_key(e, 0), "co2");
	CHECK(emission(e, 1, 0) == 0.1 && emission(e, 0, 0) == 0);
	CHECK(plenum_economy_demand(e)[0] == 7 && plenum_economy_demand(e)[1] == 7);
	CHECK_STR(plenum_product_unit(e, 0), "kr");
	CHECK(plenum_economy_labour_in_hours(e)); /* a satellite row is hours unless told */
	plenum_economy_free(e);
	o.labour_unit = "FTE";
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_STR(plenum_economy_labour_unit(e), "FTE");
	CHECK_STR(plenum_economy_labour_name(e), "hours");
	plenum_economy_free(e);
	o.labour_unit = NULL;
	/* given output that does not balance: a warning; labour 1 by default */
	o.gross_output = put_file("fl_x.csv", "product,output\nq,10\np,12\n");
	o.labour = NULL;
	CHECK(plenum_import(&o, &e, &d) == 0);
	CHECK_EQ_INT(d.warnings, 1);
	CHECK(strstr(d.warning, "product 'p'") && strstr(d.warning, "does not balance"));
	CHECK(plenum_technique_labour(e, 0) == 1 && plenum_technique_labour(e, 1) == 1);
	CHECK_STR(plenum_economy_labour_unit(e), "kr"); /* 1 per unit: output, in kr */
	CHECK_EQ_INT(e->na, 2);
	plenum_economy_free(e);
}

/* A labour row's long name is cut at a whole character, so that its labour.csv reads back
 * (cut in the middle of 'é' it was invalid UTF-8); a --labour-unit too long to keep is
 * refused, as are one that is empty and one beside --labour unit. */
TEST(import_labour_long_names)
{
	char key[501], dir[4200];
	for (int k = 0; k < 250; k++)
		memcpy(key + 2 * k, "\xc3\xa9", 2);
	key[500] = 0;
	char sat[700];
	snprintf(sat, sizeof sat, ",p,q\n%s,5,20\n", key);
	plenum_import_opts o;
	plenum_economy *e = NULL, *back = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_FLOWS;
	o.flows = put_file("fl_long_z.csv", ",p,q\np,1,2\nq,3,0\n");
	o.satellite = put_file("fl_long_s.csv", sat);
	o.labour = key;
	o.labour_unit = "FTE";
	CHECK(plenum_import(&o, &e, &d) == 0);
	snprintf(dir, sizeof dir, "%s/long_labour", test_tmpdir());
	CHECK(plenum_economy_write_dir(e, dir, &d) == 0);
	CHECK(plenum_economy_read_dir(dir, 0, &back, &d) == 0);
	CHECK(back && strncmp(plenum_economy_labour_name(back), key, 200) == 0);
	CHECK(strlen(plenum_economy_labour_name(back)) % 2 == 0); /* whole characters */
	plenum_economy_free(back);
	plenum_economy_free(e);
	o.labour_unit = key; /* 500 bytes */
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	CHECK(strstr(d.message, "in 1 to 127 bytes"));
	o.labour_unit = "";
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	o.labour_unit = "  ";
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	o.labour = "unit", o.labour_unit = "FTE";
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	CHECK(strstr(d.message, "with --labour unit"));
}

/* Final demand and gross output rows and satellite columns must all be products of the
 * flow matrix: the numbers of any other would be lost. */
static void check_flows_unknown_products(void)
{
	plenum_import_opts o;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_FLOWS;
	o.flows = put_file("fl_z3.csv", ",p,q\np,1,2\nq,3,0\n");
	o.final = put_file("fl_f3.csv", ",hh\np,6\nq,4\nzz,1\n");
	CHECK(import_one(&o, &d) == PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, "fl_f3.csv:4:1: row 'zz' is no product of the flow matrix: its "
	                        "numbers would be lost"));
	o.final = NULL;
	o.gross_output = put_file("fl_x3.csv", "product,output\nq,10\nzz,5\np,12\n");
	CHECK(import_one(&o, &d) == PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, "fl_x3.csv:3:1: row 'zz' is no product of the flow matrix"));
	o.gross_output = put_file("fl_x4.csv", "product,output\nq,10\np,12\n");
	o.satellite = put_file("fl_s3.csv", ",p,q,zz\nhours,1,2,4\n");
	o.labour = "hours";
	CHECK(import_one(&o, &d) == PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, "fl_s3.csv:1:6: column 'zz' is no product of the flow matrix"));
	o.satellite = put_file("fl_s4.csv", ",p,q\nhours,1,2\n");
	CHECK(import_one(&o, &d) == PLENUM_OK);
	/* a satellite row "labour" kept as an account: the economy could not be read back */
	o.satellite = put_file("fl_s5.csv", ",p,q\nlabour,1,2\n");
	o.labour = "unit";
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "an account named 'labour'"));
}

TEST(import_flows_errors)
{
	plenum_import_opts o;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_FLOWS;
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	o.flows = put_file("fl_rect.csv", ",p,q\np,1,2\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "must be square"));
	o.flows = put_file("fl_z2.csv", ",p,q\np,1,2\nq,3,0\n");
	o.final = put_file("fl_f2.csv", ",hh\np,6\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "fl_f2.csv: no row labelled 'q'"));
	o.final = NULL;
	o.labour = "hours";
	CHECK(import_one(&o, &d) == PLENUM_EINVAL);
	CHECK(strstr(d.message, "--satellite"));
	o.satellite = put_file("fl_s2.csv", ",p,q\nco2,1,0\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "no row 'hours' to use as labour"));
	o.labour = NULL;
	o.gross_output = put_file("fl_x2.csv", "product,output,extra\np,1,2\nq,1,2\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "2 value columns"));
	check_flows_unknown_products();
	/* found by fuzzing: a flow of 1e300 over an output of 1e-300 is infinity per unit; read,
	 * it gave an economy that could not be read back once written */
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_FLOWS;
	o.flows = put_file("fl_inf.csv", ",p,q\np,1e300,2\nq,3,0\n");
	o.gross_output = put_file("fl_inf_x.csv", "product,output\np,1e-300\nq,10\n");
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "product 'p': input of 'p' is inf, not a finite number"));
	o.flows = put_file("fl_inf2.csv", ",p,q\np,1,2\nq,3,0\n");
	o.satellite = put_file("fl_inf_s.csv", ",p,q\nhours,1e300,1\n");
	o.labour = "hours";
	CHECK(import_one(&o, &d) == PLENUM_EFORMAT);
	CHECK(strstr(d.message, "product 'p': labour is inf, not a finite number"));
}

/* ---- allocation failures ---- */

static int walk_imports(void)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_UK_ONS;
	o.flows = put_file("walk_uk.csv", "r,a,b,Total intermediate demand,Households,Total demand\n"
	                                  "a,1,2,3,7,10\nb,2,0,2,8,10\n"
	                                  "Compensation of employees,3,4,7,0,0\n"
	                                  "Gross Operating Surplus,1,1,2,0,0\n"
	                                  "Taxes less subsidies on production,0,0,0,0,0\n"
	                                  "Total output,10,10,20,0,0\n");
	o.labels = put_file("walk_labels.csv", "code,label\na,Apples\nb,Bread\n");
	int rc = plenum_import(&o, &e, &d);
	plenum_economy_free(e);
	e = NULL;
	if (!rc) {
		plenum_import_opts_init(&o);
		o.format = PLENUM_IMPORT_USEEIO;
		o.coefficients = put_file("walk_a.csv", ",x,y\nx,0.1,-0.2\ny,0.3,0\n");
		o.impacts = put_file("walk_d.csv", ",y,x\nJOBS,1,2\nGHG,3,4\n");
		o.indicators = put_file("walk_i.csv", "index,code,name,unit\n0,GHG,g,kg\n");
		o.sectors = put_file("walk_s.csv", "index,code,name,location\n0,y,Y,US\n");
		o.demand = put_file("walk_y.csv", "code,amount\ny,5\n");
		rc = plenum_import(&o, &e, &d);
		plenum_economy_free(e);
		e = NULL;
	}
	if (!rc) {
		plenum_import_opts_init(&o);
		o.format = PLENUM_IMPORT_FLOWS;
		o.flows = put_file("walk_z.csv", ",p,q\np,1,2\nq,3,0\n");
		o.final = put_file("walk_f.csv", ",hh,exp\nq,4,3\np,6,1\n");
		o.gross_output = put_file("walk_x.csv", "product,output\nq,10\np,12\n");
		o.satellite = put_file("walk_sat.csv", ",q,p\nhours,5,20\nco2,1,0\n");
		o.labour = "hours";
		rc = plenum_import(&o, &e, &d);
		plenum_economy_free(e);
	}
	return rc;
}

/* The small WIOD table from a NIOT file of this name, the SEA from sea. */
static int walk_wiod_named(const char *niot_name, const char *sea)
{
	plenum_import_opts o;
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	plenum_import_opts_init(&o);
	o.format = PLENUM_IMPORT_WIOD;
	o.year = 2001;
	o.niot = put_file(niot_name, wiod_small_niot);
	o.sea = put_file("walk_sea.csv", sea);
	int rc = plenum_import(&o, &e, &d);
	plenum_economy_free(e);
	return rc;
}

static int walk_wiod(void)
{
	return walk_wiod_named("walk_niot.csv", "country,description,code,year,H_EMPE\n"
	                                        "X,b,B,2001,0.5\nX,a,A,2001,2\n");
}

/* The NIOT's country from its name, in accounts of several countries. */
static int walk_wiod_country(void)
{
	return walk_wiod_named("xyz_walk_niot.csv", "country,description,code,year,H_EMPE\n"
	                                            "ABC,a,A,2001,7\nXYZ,b,B,2001,0.5\n"
	                                            "XYZ,a,A,2001,2\n");
}

TEST(import_alloc_failure_walk)
{
	CHECK(test_alloc_walk(walk_imports) > 20);
	CHECK(test_alloc_walk(walk_wiod) > 10);
	CHECK(test_alloc_walk(walk_wiod_country) > 10);
}
