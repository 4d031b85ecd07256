/* Capital stocks, years, per-year targets and caps in the economy directory (stocks.csv,
 * years.csv, targets.csv, caps.csv): plans whose optimum is computed by hand
 * (tests/data/plan/tools, tests/data/plan/kilns),
 * the same optimum as the multi-year format for an equivalent economy (harmony3-dir against
 * harmony3), every bad input named with its file:line:column, and allocation failures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "core/econ.h"
#include "plan/pl.h"
#include "plenum/plan.h"
#include "test.h"

/* Reads the economy and the horizon of dir for years (0: the files' own). */
static plenum_economy *open_dir(const char *dir, int64_t years, plenum_horizon **h,
                                plenum_diag *d)
{
	plenum_economy *e = NULL;
	*h = NULL;
	if (plenum_economy_read_dir(dir, 0, &e, d))
		return NULL;
	if (plenum_horizon_read_dir(e, dir, years, h, d)) {
		plenum_economy_free(e);
		return NULL;
	}
	return e;
}

static plenum_plan *plan_caps(const plenum_economy *e, const plenum_horizon *h,
                              plenum_objective obj, const double *caps)
{
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.horizon = h;
	o.objective = obj;
	o.caps = caps;
	o.solver = PLENUM_SOLVER_GLPK;
	plenum_plan *p = NULL;
	plenum_diag d = {0};
	if (plenum_plan_compute(e, &o, &p, &d))
		fprintf(stderr, "%s\n", d.message);
	return p;
}

static plenum_plan *plan_of(const plenum_economy *e, const plenum_horizon *h,
                            plenum_objective obj)
{
	return plan_caps(e, h, obj, NULL);
}

/* bread (1 h a loaf) needs 0.1 tools per loaf a year; tools (2 h each) wear 20 % a year;
 * 5 tools at the start. Targets 100, 150, 150 loaves; 55 h in year 1, 1000 later. Year 1's
 * hours make bread and the tools for year 2: 100 s + 2 i = 55 and 150 s = 10 (4 + i) give
 * s = 63/130, i = 425/130; year 2 then adds 0.2 x 7.26923 tools for year 3. */
TEST(plan_dir_stock_by_hand)
{
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	plenum_economy *e = open_dir(test_data("plan/tools"), 0, &h, &d);
	if (!e)
		fprintf(stderr, "%s\n", d.message);
	CHECK(e && h);
	CHECK_EQ_INT(plenum_horizon_years(h), 3);
	CHECK_NEAR(plenum_horizon_labour(h, 0), 55, 0);
	CHECK_EQ_INT(h->nk, 1);
	CHECK(h->stock[0].i == 1 && h->stock[0].j == 0);
	CHECK_NEAR(h->stock[0].k, 0.1, 0);
	CHECK_NEAR(h->stock[0].dep, 0.2, 0);
	CHECK_NEAR(h->stock[0].s0, 5, 0);
	CHECK_NEAR(h->target[1 * 2 + 0], 150, 0);
	plenum_plan *p = plan_of(e, h, PLENUM_OBJECTIVE_BALANCED);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
	double s = 63.0 / 130, i1 = 425.0 / 130, i2 = 0.2 * 15 * s;
	CHECK_NEAR(p->level, s, 1e-7);
	CHECK_NEAR(p->invest[0 * 2 + 1], i1, 1e-6);
	CHECK_NEAR(p->invest[1 * 2 + 1], i2, 1e-6);
	CHECK_NEAR(p->invest[2 * 2 + 1], 0, 1e-7);
	CHECK_NEAR(p->activity[0 * 2 + 0], 100 * s, 1e-6);
	CHECK_NEAR(p->activity[1 * 2 + 0], 150 * s, 1e-6);
	CHECK_NEAR(p->activity[0 * 2 + 1], i1, 1e-6);
	CHECK_NEAR(p->labour[0], 55, 1e-6);
	int stock2 = 0;
	for (int64_t b = 0; b < p->nbottlenecks; b++)
		stock2 |= p->bottlenecks[b].kind == PLENUM_LIMIT_STOCK && p->bottlenecks[b].year == 1;
	CHECK(stock2);
	plenum_plan_free(p);
	plenum_horizon_free(h);
	/* the first year alone: the stock of 5 tools allows 50 loaves, the hours 55 */
	h = NULL;
	CHECK(plenum_horizon_read_dir(e, test_data("plan/tools"), 1, &h, &d) == PLENUM_OK && h);
	p = plan_of(e, h, PLENUM_OBJECTIVE_BALANCED);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL && p->years == 1);
	CHECK_NEAR(p->level, 0.5, 1e-7);
	plenum_plan_free(p);
	plenum_horizon_free(h);
	plenum_economy_free(e);
}

/* Least-labour of the same economy is infeasible: year 1's 55 h make at most 33 loaves
 * and the 11 tools year 2 needs (33 + 2 x 11 = 55), 67 short. The plan reported is the one
 * with the fewest hours at those shortfalls: 55, then 150 loaves and the 3 tools year 3
 * needs (156 h), then 150 loaves: 361 h, by either solver. Before the elastic model's
 * second stage PDLP's plan made 219 loaves in year 3 and took 556 h. */
TEST(plan_dir_infeasible_fewest_hours)
{
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	plenum_economy *e = open_dir(test_data("plan/tools"), 0, &h, &d);
	CHECK(e && h);
	const plenum_solver solvers[] = {PLENUM_SOLVER_GLPK, PLENUM_SOLVER_PDLP};
	for (int k = 0; k < 2; k++) {
		plenum_plan_opts o;
		plenum_plan_opts_init(&o);
		o.horizon = h;
		o.objective = PLENUM_OBJECTIVE_LEAST_LABOUR;
		o.solver = solvers[k];
		plenum_plan *p = NULL;
		CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_OK);
		CHECK_EQ_INT(p->status, PLENUM_PLAN_INFEASIBLE);
		CHECK_NEAR(p->shortfall[0 * 2 + 0], 67, 1e-4);
		CHECK_NEAR(p->labour[0] + p->labour[1] + p->labour[2], 361, 1e-3);
		CHECK_NEAR(p->net[2 * 2 + 0], 150, 1e-3);
		CHECK_NEAR(p->invest[1 * 2 + 1], 3, 1e-3);
		plenum_plan_free(p);
	}
	plenum_horizon_free(h);
	plenum_economy_free(e);
}

/* 100 loaves a year from a wood oven (1 h, 2 kg CO2e a loaf) or an electric one (3 h,
 * 0.5 kg). accounts.csv caps CO2e at 120 kg; caps.csv leaves year 1 alone, lifts the cap in
 * year 2 (empty field) and sets 50 kg in year 3. The fewest hours: year 1 needs
 * 2w + 0.5 (100 - w) <= 120, w = 140/3, 620/3 h; year 2 all wood, 100 h; year 3 all
 * electric, 300 h. The balanced level is 1: year 3's 50 kg allow 100 electric loaves. */
TEST(plan_dir_caps_by_year)
{
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	plenum_economy *e = open_dir(test_data("plan/kilns"), 0, &h, &d);
	if (!e)
		fprintf(stderr, "%s\n", d.message);
	CHECK(e && h && h->ny == 3 && h->cap && h->na == 1);
	CHECK(isnan(h->cap[0]) && isinf(h->cap[1]) && h->cap[2] == 50);
	plenum_plan *p = plan_caps(e, h, PLENUM_OBJECTIVE_LEAST_LABOUR, NULL);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL && p->years == 3);
	CHECK_NEAR(p->labour[0], 620.0 / 3, 1e-7);
	CHECK_NEAR(p->labour[1], 100, 1e-7);
	CHECK_NEAR(p->labour[2], 300, 1e-7);
	CHECK(p->cap[0] == 120 && isinf(p->cap[1]) && p->cap[2] == 50);
	CHECK_NEAR(p->emitted[0], 120, 1e-7);
	CHECK_NEAR(p->emitted[1], 200, 1e-7);
	CHECK_NEAR(p->emitted[2], 50, 1e-7);
	plenum_plan_free(p);
	p = plan_caps(e, h, PLENUM_OBJECTIVE_BALANCED, NULL);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
	CHECK_NEAR(p->level, 1, 1e-9);
	int year3 = 0;
	for (int64_t b = 0; b < p->nbottlenecks; b++)
		year3 |= p->bottlenecks[b].kind == PLENUM_LIMIT_CAP && p->bottlenecks[b].year == 2;
	CHECK(year3);
	plenum_plan_free(p);
	/* a cap from the options holds in every year, over both files */
	double cap = 150;
	p = plan_caps(e, h, PLENUM_OBJECTIVE_LEAST_LABOUR, &cap);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL);
	for (int64_t y = 0; y < 3; y++) {
		CHECK(p->cap[y] == 150);
		CHECK_NEAR(p->labour[y], 500.0 / 3, 1e-7);
	}
	plenum_plan_free(p);
	plenum_horizon_free(h);
	/* without years.csv the years are caps.csv's (3); asked for 2, year 3's row is unused */
	const char *dir = test_tmpdir();
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "cp '%s'/*.csv '%s'/ && rm '%s/years.csv'",
	         test_data("plan/kilns"), dir, dir);
	CHECK(system(cmd) == 0);
	CHECK(plenum_horizon_read_dir(e, dir, 0, &h, &d) == PLENUM_OK && h && h->ny == 3);
	plenum_horizon_free(h);
	CHECK(plenum_horizon_read_dir(e, dir, 2, &h, &d) == PLENUM_OK && h && h->ny == 2);
	p = plan_caps(e, h, PLENUM_OBJECTIVE_LEAST_LABOUR, NULL);
	CHECK(p && p->status == PLENUM_PLAN_OPTIMAL && p->years == 2);
	CHECK_NEAR(p->labour[0] + p->labour[1], 620.0 / 3 + 100, 1e-7);
	plenum_plan_free(p);
	plenum_horizon_free(h);
	plenum_economy_free(e);
}

/* harmony3-dir is harmony3 (Cockshott's format) written as an economy directory: the same
 * coefficients, stocks, targets and hours, so every objective finds the same optimum. */
TEST(plan_dir_matches_multiyear_format)
{
	plenum_horizon *h4 = NULL, *hd = NULL;
	plenum_economy *e4 = NULL;
	plenum_diag d = {0};
	CHECK(plenum_horizon_read(test_data("plan/harmony3"), &e4, &h4, &d) == PLENUM_OK);
	plenum_economy *ed = open_dir(test_data("plan/harmony3-dir"), 0, &hd, &d);
	if (!ed)
		fprintf(stderr, "%s\n", d.message);
	CHECK(ed && hd);
	CHECK_EQ_INT(hd->ny, h4->ny);
	CHECK_EQ_INT(hd->nk, h4->nk);
	plenum_objective objs[] = {PLENUM_OBJECTIVE_BALANCED, PLENUM_OBJECTIVE_HARMONY,
	                           PLENUM_OBJECTIVE_LEAST_LABOUR};
	for (int k = 0; k < 3; k++) {
		plenum_plan *a = plan_of(e4, h4, objs[k]), *b = plan_of(ed, hd, objs[k]);
		CHECK(a && b && a->status == PLENUM_PLAN_OPTIMAL && b->status == a->status);
		CHECK_NEAR(b->objective_value, a->objective_value, 1e-9);
		CHECK_NEAR(b->level, a->level, 1e-9);
		for (int64_t y = 0; y < 3; y++) {
			CHECK_NEAR(b->labour[y], a->labour[y], 1e-7);
			for (int64_t j = 0; j < 3; j++) {
				CHECK_NEAR(b->activity[y * 3 + j], a->activity[y * 3 + j], 1e-7);
				CHECK_NEAR(b->invest[y * 3 + j], a->invest[y * 3 + j], 1e-7);
			}
		}
		CHECK(objs[k] != PLENUM_OBJECTIVE_BALANCED || b->invest[0 * 3 + 1] > 1);
		plenum_plan_free(a);
		plenum_plan_free(b);
	}
	plenum_horizon_free(h4);
	plenum_horizon_free(hd);
	plenum_economy_free(e4);
	plenum_economy_free(ed);
}

/* No planning files (or a binary economy): no horizon, years are copies as before. Files
 * without years.csv: the years are those of targets.csv, or 1, and hours unlimited. */
TEST(plan_dir_defaults)
{
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	plenum_economy *e = open_dir(test_data("plan/cloth"), 0, &h, &d);
	CHECK(e && !h);
	CHECK(plenum_horizon_read_dir(e, test_data("plan/cloth/products.csv"), 0, &h, &d) ==
	      PLENUM_OK && !h);
	plenum_economy_free(e);

	const char *dir = test_tmpdir();
	static const char *const names[] = {"products.csv", "techniques.csv", "inputs.csv",
	                                    "demand.csv", "stocks.csv", "targets.csv"};
	char src[4200], dst[4200], cmd[9000];
	for (int k = 0; k < 6; k++) {
		snprintf(src, sizeof src, "%s/%s", test_data("plan/tools"), names[k]);
		snprintf(dst, sizeof dst, "%s/%s", dir, names[k]);
		snprintf(cmd, sizeof cmd, "cp '%s' '%s'", src, dst);
		CHECK(system(cmd) == 0);
	}
	e = open_dir(dir, 0, &h, &d);
	CHECK(e && h);
	CHECK_EQ_INT(h->ny, 3); /* the last year of targets.csv */
	CHECK(isinf(plenum_horizon_labour(h, 2)));
	CHECK_NEAR(h->target[0], 100, 0); /* demand.csv in year 1 */
	CHECK_NEAR(h->target[2 * 2], 150, 0);
	plenum_horizon_free(h);
	CHECK(plenum_horizon_read_dir(e, dir, 5, &h, &d) == PLENUM_OK && h);
	CHECK_EQ_INT(h->ny, 5); /* without years.csv any number of years */
	CHECK_NEAR(h->target[4 * 2], 100, 0);
	plenum_horizon_free(h);
	snprintf(dst, sizeof dst, "%s/targets.csv", dir);
	CHECK(remove(dst) == 0);
	CHECK(plenum_horizon_read_dir(e, dir, 0, &h, &d) == PLENUM_OK && h);
	CHECK_EQ_INT(h->ny, 1); /* stocks only */
	plenum_horizon_free(h);
	plenum_economy_free(e);
}

typedef struct bad_case {
	const char *file, *text, *want; /* want: the message from the file's name on */
	int status;
	const char *base; /* the economy the file is put into: plan/tools when NULL */
} bad_case;

static const bad_case bad_cases[] = {
	{"stocks.csv", "input,user,per_unit,initial,depreciation\ntools,bread,0.1,5,0.2\n"
	 "steel,bread,1,1,0\n", "stocks.csv:3:1: unknown product 'steel'", PLENUM_ENOTFOUND, NULL},
	{"stocks.csv", "input,user,per_unit,initial,depreciation\ntools,cake,0.1,5,0.2\n",
	 "stocks.csv:2:7: unknown product 'cake'", PLENUM_ENOTFOUND, NULL},
	{"stocks.csv", "input,user,per_unit,initial,depreciation\ntools,bread,-0.1,5,0.2\n",
	 "stocks.csv:2:13: per_unit -0.1 is not positive", PLENUM_EFORMAT, NULL},
	{"stocks.csv", "input,user,per_unit,initial,depreciation\ntools,bread,0,5,0.2\n",
	 "stocks.csv:2:13: per_unit 0 is not positive", PLENUM_EFORMAT, NULL},
	{"stocks.csv", "input,user,per_unit,initial,depreciation\ntools,bread,0.1,-5,0.2\n",
	 "stocks.csv:2:17: negative initial stock -5", PLENUM_EFORMAT, NULL},
	{"stocks.csv", "input,user,per_unit,initial,depreciation\ntools,bread,0.1,5,1.5\n",
	 "stocks.csv:2:19: depreciation 1.5 is outside 0..1", PLENUM_EFORMAT, NULL},
	{"stocks.csv", "input,user,per_unit,initial,depreciation\ntools,bread,0.1,5,-0.1\n",
	 "stocks.csv:2:19: depreciation -0.1 is outside 0..1", PLENUM_EFORMAT, NULL},
	{"stocks.csv", "input,user,per_unit,initial,depreciation\ntools,bread,lots,5,0.2\n",
	 "stocks.csv:2:13: per_unit 'lots' is not a number", PLENUM_EFORMAT, NULL},
	{"stocks.csv", "input,user,per_unit,initial,depreciation\ntools,bread,0.1,5,0.2\n"
	 "bread,bread,1,0,0\ntools,bread,0.2,1,0\n",
	 "stocks.csv:4:1: second row for the stock of 'tools' held by 'bread' (first on line 2)",
	 PLENUM_EDUPLICATE, NULL},
	{"stocks.csv", "input,user,per_unit,initial\ntools,bread,0.1,5\n",
	 "stocks.csv:1:1: the header has no column 'depreciation'", PLENUM_EFORMAT, NULL},
	{"years.csv", "year,hours\n1,55\n0,10\n", "years.csv:3:1: year 0 is not a whole number "
	 "from 1 to 1000", PLENUM_EFORMAT, NULL},
	{"years.csv", "year,hours\n1.5,55\n", "years.csv:2:1: year 1.5 is not a whole number",
	 PLENUM_EFORMAT, NULL},
	{"years.csv", "year,hours\n2026,55\n", "years.csv:2:1: year 2026 is not a whole number",
	 PLENUM_EFORMAT, NULL},
	{"years.csv", "year,hours\n1,55\n3,10\n", "years.csv:3:1: year 3, but the file has 2 "
	 "rows", PLENUM_EFORMAT, NULL},
	{"years.csv", "year,hours\n1,55\n2,10\n2,10\n", "years.csv:4:1: second row for year 2 "
	 "(first on line 3)", PLENUM_EFORMAT, NULL},
	{"years.csv", "year,hours\n1,-55\n", "years.csv:2:3: negative hours -55", PLENUM_EFORMAT,
	 NULL},
	{"years.csv", "year,hours\n", "years.csv:2:1: no years", PLENUM_EFORMAT, NULL},
	{"years.csv", "year,hours\n1,0x37\n", "years.csv:2:3: hours '0x37' is not a number",
	 PLENUM_EFORMAT, NULL},
	{"years.csv", "year,hours\n1,inf\n", "years.csv:2:3: hours 'inf' is not finite",
	 PLENUM_EFORMAT, NULL},
	{"years.csv", "year,hours\n1,nan\n", "years.csv:2:3: hours 'nan' is not finite",
	 PLENUM_EFORMAT, NULL},
	{"years.csv", "year,hours,hours\n1,55,5\n", "years.csv:1:12: column 'hours' appears "
	 "twice in the header (first at line 1, column 6): keep one", PLENUM_EFORMAT, NULL},
	{"targets.csv", "year,product,quantity\n4,bread,10\n", "targets.csv:2:1: year 4 is "
	 "beyond the 3 years of years.csv", PLENUM_EFORMAT, NULL},
	{"targets.csv", "year,product,quantity\n2,cake,10\n", "targets.csv:2:3: unknown product "
	 "'cake'", PLENUM_ENOTFOUND, NULL},
	{"targets.csv", "year,product,quantity\n2,bread,10\n3,bread,1\n2,bread,20\n",
	 "targets.csv:4:1: second target for product 'bread' in year 2 (first on line 2)",
	 PLENUM_EDUPLICATE, NULL},
	{"targets.csv", "year,product,quantity\n2,bread,-10\n", "targets.csv:2:9: negative "
	 "target -10", PLENUM_EFORMAT, NULL},
	{"targets.csv", "year,product,quantity\n2,bread,\n", "targets.csv:2:9: empty quantity",
	 PLENUM_EFORMAT, NULL},
	{"targets.csv", "year,product,quantity\n2,\"bre\nad\",150\n", "targets.csv:2:3: "
	 "unknown product 'bre\\nad'", PLENUM_ENOTFOUND, NULL},
	{"targets.csv", "year,product,quantity\n2,bread,\"1\r\n\"\n", "targets.csv:2:9: "
	 "quantity '1\\r\\n' is not a number", PLENUM_EFORMAT, NULL},
	{"targets.csv", "year,product,quantity\n2,\"a\tb\x01\",1\n", "targets.csv:2:3: "
	 "unknown product 'a\\tb\\x01'", PLENUM_ENOTFOUND, NULL},
	{"caps.csv", "year,account,cap\n2,ch4,5\n", "caps.csv:2:3: unknown account 'ch4'",
	 PLENUM_ENOTFOUND, "plan/kilns"},
	{"caps.csv", "year,account,cap\n2,co2,-5\n", "caps.csv:2:7: negative cap -5",
	 PLENUM_EFORMAT, "plan/kilns"},
	{"caps.csv", "year,account,cap\n2,co2,lots\n", "caps.csv:2:7: cap 'lots' is not a "
	 "number", PLENUM_EFORMAT, "plan/kilns"},
	{"caps.csv", "year,account,cap\n4,co2,5\n", "caps.csv:2:1: year 4 is beyond the 3 years "
	 "of years.csv", PLENUM_EFORMAT, "plan/kilns"},
	{"caps.csv", "year,account,cap\n0,co2,5\n", "caps.csv:2:1: year 0 is not a whole number",
	 PLENUM_EFORMAT, "plan/kilns"},
	{"caps.csv", "year,account,cap\n2,co2,5\n3,co2,1\n2,co2,7\n", "caps.csv:4:1: second cap "
	 "for account 'co2' in year 2 (first on line 2)", PLENUM_EDUPLICATE, "plan/kilns"},
	{"caps.csv", "year,account\n2,co2\n", "caps.csv:1:1: the header has no column 'cap'",
	 PLENUM_EFORMAT, "plan/kilns"},
};

/* Copies the economy base (plan/tools when NULL) into dir. */
static int copy_economy(const char *base, const char *dir)
{
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "cp '%s'/*.csv '%s'/", test_data(base ? base : "plan/tools"),
	         dir);
	return system(cmd);
}

TEST(plan_dir_bad_inputs)
{
	char dir[4200];
	plenum_diag d = {0};
	for (size_t c = 0; c < sizeof bad_cases / sizeof bad_cases[0]; c++) {
		const bad_case *b = &bad_cases[c];
		if (snprintf(dir, sizeof dir, "%s/bad%zu", test_tmpdir(), c) >= (int)sizeof dir)
			CHECK(!"temporary directory path too long");
		CHECK(mkdir(dir, 0700) == 0 && copy_economy(b->base, dir) == 0);
		CHECK(test_put(dir, b->file, b->text) == 0);
		plenum_horizon *h = NULL;
		plenum_economy *e = NULL;
		CHECK(plenum_economy_read_dir(dir, 0, &e, &d) == PLENUM_OK);
		int rc = plenum_horizon_read_dir(e, dir, 0, &h, &d);
		const char *at = strstr(d.message, b->file);
		if (rc != b->status && !(b->status == PLENUM_EFORMAT && rc == PLENUM_EDUPLICATE))
			fprintf(stderr, "case %zu: status %d, expected %d\n", c, rc, b->status);
		if (!at || strncmp(at, b->want, strlen(b->want)) != 0)
			fprintf(stderr, "case %zu: '%s' does not start '%s'\n", c, d.message, b->want);
		CHECK(rc != PLENUM_OK && !h);
		CHECK(rc == b->status || (b->status == PLENUM_EFORMAT && rc == PLENUM_EDUPLICATE));
		CHECK(at && strncmp(at, b->want, strlen(b->want)) == 0);
		CHECK(strstr(d.message, ": ") && !strchr(d.message, '\n'));
		plenum_economy_free(e);
	}
	/* more years than years.csv gives */
	plenum_horizon *h = NULL;
	plenum_economy *e = open_dir(test_data("plan/tools"), 4, &h, &d);
	CHECK(!e && !h);
	CHECK(strstr(d.message, "years.csv: 3 years, but 4 were asked for") != NULL);
}

/* A planning file with only its header is a file with no rows: no stocks, targets or caps,
 * and no repeated row to look for (the first such file read used to sort a NULL array). */
TEST(plan_dir_header_only)
{
	static const struct {
		const char *file, *header, *base;
	} cases[] = {
		{"stocks.csv", "input,user,per_unit,initial,depreciation\n", "plan/tools"},
		{"targets.csv", "year,product,quantity\n", "plan/tools"},
		{"caps.csv", "year,account,cap\n", "plan/kilns"},
	};
	char dir[4200], cmd[9000];
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		if (snprintf(dir, sizeof dir, "%s/hdr%zu", test_tmpdir(), c) >= (int)sizeof dir)
			CHECK(!"temporary directory path too long");
		CHECK(mkdir(dir, 0700) == 0 && copy_economy(cases[c].base, dir) == 0);
		snprintf(cmd, sizeof cmd, "cd '%s' && rm -f stocks.csv years.csv targets.csv caps.csv",
		         dir);
		CHECK(system(cmd) == 0);
		CHECK(test_put(dir, cases[c].file, cases[c].header) == 0);
		plenum_diag d = {0};
		plenum_horizon *h = NULL;
		plenum_economy *e = open_dir(dir, 0, &h, &d);
		if (!e)
			fprintf(stderr, "case %zu: %s\n", c, d.message);
		CHECK(e && h);
		CHECK_EQ_INT(h->ny, 1);
		CHECK_EQ_INT(h->nk, 0);
		CHECK(!h->cap || isnan(h->cap[0]));
		plenum_horizon_free(h);
		plenum_economy_free(e);
	}
}

/* The multi-year format (flows.csv, cap.csv, dep.csv, labtarg.csv): each bad flows.csv of
 * corn2 is named with the directory, line and column, and says what to do. */
TEST(plan_dir_multiyear_errors)
{
	static const struct {
		const char *flows, *want; /* want: the message from "flows.csv" on */
	} cases[] = {
		{"headings,corn\ncorn,20\nlabour,50\noutput,0\n", "flows.csv:4:8: output of 'corn' "
		 "is 0: give every product a positive output"},
		{"headings,corn\ncorn,20\nlabour,-50\noutput,100\n", "flows.csv:3:8: labour -50 of "
		 "'corn' is negative: give hours >= 0"},
		{"headings,corn,corn\ncorn,20,1\nlabour,50,1\noutput,100,1\n", "flows.csv:1:15: "
		 "product 'corn' is named twice (first at line 1, column 10): give each product one "
		 "column"},
		{"headings,corn,labour\ncorn,20,1\nlabour,50,1\noutput,100,1\n", "flows.csv:1:15: "
		 "product 'labour': the name is reserved for flows.csv's labour row"},
		{"headings,output,corn\ncorn,20,1\nlabour,50,1\noutput,100,1\n", "flows.csv:1:10: "
		 "product 'output': the name is reserved for flows.csv's output row"},
		{"headings,corn\ncorn,20\ncorn,3\nlabour,50\noutput,100\n", "flows.csv:3:1: row "
		 "'corn' appears twice (first on line 2): keep one"},
		{"headings,corn\nlabour,50\noutput,100\n", "flows.csv:1:10: no row for 'corn': give "
		 "every product a row"},
		{"headings,corn\ncorn,20\nlabour,50\n", "flows.csv: no row 'output': add it"},
	};
	char dir[4200], cmd[9000];
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		if (snprintf(dir, sizeof dir, "%s/corn%zu", test_tmpdir(), c) >= (int)sizeof dir)
			CHECK(!"temporary directory path too long");
		snprintf(cmd, sizeof cmd, "mkdir '%s' && cp '%s'/*.csv '%s'/", dir,
		         test_data("plan/corn2"), dir);
		CHECK(system(cmd) == 0);
		CHECK(test_put(dir, "flows.csv", cases[c].flows) == 0);
		plenum_diag d = {0};
		plenum_economy *e = NULL;
		plenum_horizon *h = NULL;
		int rc = plenum_horizon_read(dir, &e, &h, &d);
		char want[4600];
		snprintf(want, sizeof want, "%s/%s", dir, cases[c].want);
		if (rc != PLENUM_EFORMAT || strncmp(d.message, want, strlen(want)) != 0)
			fprintf(stderr, "case %zu: status %d, '%s' does not start '%s'\n", c, rc,
			        d.message, want);
		CHECK_EQ_INT(rc, PLENUM_EFORMAT);
		CHECK(!e && !h);
		CHECK(strncmp(d.message, want, strlen(want)) == 0);
	}
	/* more years than labtarg.csv has: the message says where the years come from */
	plenum_diag d = {0};
	plenum_economy *e = NULL;
	plenum_horizon *h = NULL;
	CHECK(plenum_horizon_read(test_data("plan/corn2"), &e, &h, &d) == PLENUM_OK);
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.horizon = h;
	o.years = 3;
	o.solver = PLENUM_SOLVER_GLPK;
	plenum_plan *p = NULL;
	CHECK_EQ_INT(plenum_plan_compute(e, &o, &p, &d), PLENUM_EINVAL);
	CHECK(!p);
	CHECK(strstr(d.message, "years 3: the horizon (the rows of labtarg.csv, or of years.csv) "
	                        "has 2; give --years 1 to 2") != NULL);
	plenum_horizon_free(h);
	plenum_economy_free(e);
}

/* ---- allocation failure: every failing allocation is reported, nothing leaks ---- */

static int walk_dir(const char *dir)
{
	plenum_economy *e = NULL;
	plenum_horizon *h = NULL;
	plenum_diag d = {0};
	int rc = plenum_economy_read_dir(dir, 0, &e, &d);
	if (!rc)
		rc = plenum_horizon_read_dir(e, dir, 0, &h, &d);
	plenum_plan_opts o;
	plenum_plan_opts_init(&o);
	o.horizon = h;
	o.solver = PLENUM_SOLVER_GLPK;
	plenum_plan *p = NULL;
	if (!rc)
		rc = plenum_plan_compute(e, &o, &p, &d);
	plenum_plan_free(p);
	plenum_horizon_free(h);
	plenum_economy_free(e);
	return rc;
}

static int walk_tools(void)
{
	return walk_dir(test_data("plan/tools"));
}

static int walk_kilns(void)
{
	return walk_dir(test_data("plan/kilns"));
}

TEST(plan_dir_alloc_failure_walk)
{
	CHECK(test_alloc_walk(walk_tools) > 20);
	CHECK(test_alloc_walk(walk_kilns) > 20);
}
