/* plenum plan's CSV: the plan's sections, each with its header, numbers to six significant
 * digits with the solver's noise printed as 0.
 *
 * Noise is relative to what a number stands beside in its own unit: a product's quantities
 * (target, net output, shortfall, investment, and the output of each technique making it)
 * to the largest of them over the years; an account's emissions to its largest emission or
 * cap; a stock's levels to its largest; hours to the largest hours. Never to a column: a
 * column holds many units (10^11 kWh beside 50 satellites printed the satellites as 0, and
 * an account in CTUh as 0 beside one in kg). A row that is all noise (nothing makes the
 * product) prints the noise: nothing beside it gives its scale. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli/cli.h"
#include "cli/commands_plan.h"

#define NOISE 1e-9       /* quantities, against the largest beside them */
#define RATIO_NOISE 1e-6 /* the level and harmony, solved to the LP tolerance */

/* Prints x to six significant digits, as 0 when |x| < cut (solver noise), nothing for NAN
 * or +inf (no limit: an empty cell, as in the input files). */
static void num(double x, double cut)
{
	if (isnan(x) || x == INFINITY)
		return;
	if (isinf(x))
		fputs("-inf", stdout);
	else
		printf("%.6g", fabs(x) < cut ? 0.0 : x);
}

/* The largest finite |x[k * stride]| over n values, at least floor. */
static double largest(double floor, const double *x, int64_t n, int64_t stride)
{
	double m = floor;
	for (int64_t k = 0; k < n; k++)
		if (isfinite(x[k * stride]))
			m = fmax(m, fabs(x[k * stride]));
	return m;
}

/* Per product, NOISE times the largest of its quantities over the years: target, net
 * output, investment and the output of every technique making it. A product nobody asked
 * for (no target in any year) whose every quantity is noise has nothing beside it to give
 * its scale: there the hours decide, a quantity whose direct labour (at its dearest
 * technique's hours per unit) is below NOISE of the largest year's hours is noise (a harmony
 * plan's 1.9e-7 t of grain, target 0, nothing made of it). NULL when out of memory. */
static double *product_cuts(const plenum_economy *e, const plenum_plan *p)
{
	int64_t np = p->products, nt = p->techniques, ny = p->years;
	double *cut = calloc(2 * (size_t)np + 1, sizeof *cut), *hpu = cut + np;
	if (!cut)
		return NULL;
	for (int64_t i = 0; i < np; i++)
		cut[i] = fmax(largest(0, p->target + i, ny, np),
		              fmax(largest(0, p->net + i, ny, np), largest(0, p->invest + i, ny, np)));
	for (int64_t t = 0; t < nt; t++) {
		int64_t i = plenum_technique_product(e, t);
		hpu[i] = fmax(hpu[i], plenum_technique_labour(e, t) / plenum_technique_output(e, t));
		for (int64_t y = 0; y < ny; y++) {
			double out = fabs(p->activity[y * nt + t] * plenum_technique_output(e, t));
			if (isfinite(out))
				cut[i] = fmax(cut[i], out);
		}
	}
	double hours = NOISE * largest(0, p->labour, ny, 1);
	for (int64_t i = 0; i < np; i++) {
		cut[i] *= NOISE;
		if (largest(0, p->target + i, ny, np) == 0 && hpu[i] > 0 && isfinite(hpu[i]))
			cut[i] = fmax(cut[i], hours / hpu[i]);
	}
	return cut;
}

/* A technique's activity is noise where its output is, in its product's unit; or where the
 * hours it takes are noise and its output is below KIND_NOISE of its product's (a simplex
 * plan's 1.8e-5 t of grain by an unused technique beside 10 795 t, noise carried from rows
 * of 10^7 loaves: 1.7e-9 of the grain, 3.7e-4 of 1.4e6 hours). */
#define KIND_NOISE 1e-6
static void csv_techniques(const plenum_economy *e, const plenum_plan *p, const double *cut)
{
	printf("technique,product,year,activity,output,unit\n");
	double hours = NOISE * largest(0, p->labour, p->years, 1);
	for (int64_t y = 0; y < p->years; y++)
		for (int64_t t = 0; t < p->techniques; t++) {
			double a = p->activity[y * p->techniques + t];
			double out = a * plenum_technique_output(e, t);
			int64_t i = plenum_technique_product(e, t);
			double lab = plenum_technique_labour(e, t); /* none: its hours say nothing */
			int noise = fabs(out) < cut[i] || (lab > 0 && fabs(a) * lab < hours &&
			                                   fabs(out) < KIND_NOISE / NOISE * cut[i]);
			cl_csv_field(stdout, plenum_technique_key(e, t));
			putchar(',');
			cl_csv_field(stdout, plenum_product_key(e, i));
			printf(",%lld,", (long long)y + 1);
			num(a, noise ? INFINITY : 0);
			putchar(',');
			num(out, noise ? INFINITY : 0);
			putchar(',');
			cl_csv_field(stdout, plenum_product_unit(e, i));
			putchar('\n');
		}
}

/* Targets are given, not solved: never cut. A fulfilment is noise where its net output is
 * (one tiny target's fulfilment of 1e8 must not hide the others'). Values in hours per
 * unit against the product's largest over the years. */
static void csv_products(const plenum_economy *e, const plenum_plan *p, const double *cut)
{
	printf("\nproduct,year,unit,target,net_output,fulfilment,shortfall,invested,value_h\n");
	for (int64_t y = 0; y < p->years; y++)
		for (int64_t i = 0; i < p->products; i++) {
			int64_t k = y * p->products + i;
			cl_csv_field(stdout, plenum_product_key(e, i));
			printf(",%lld,", (long long)y + 1);
			cl_csv_field(stdout, plenum_product_unit(e, i));
			double v[] = {p->target[k], p->net[k], p->fulfilment[k], p->shortfall[k],
			              p->invest[k], p->value[k]};
			double cuts[] = {0, cut[i], fabs(p->net[k]) < cut[i] ? INFINITY : 0, cut[i],
			                 cut[i], NOISE * largest(0, p->value + i, p->years, p->products)};
			for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
				putchar(',');
				num(v[j], cuts[j]);
			}
			putchar('\n');
		}
}

/* Capital stocks, when the plan has any: each year's stock, what its user's output needs
 * and the investment into it, then the stock handed on after the last year. */
static void csv_stocks(const plenum_economy *e, const plenum_plan *p)
{
	int64_t nk = p->stocks, ny = p->years;
	if (!nk)
		return;
	printf("\ninput,user,year,unit,stock,needed,invested\n");
	for (int64_t k = 0; k < nk; k++) {
		double cut = NOISE * fmax(largest(0, p->stock_level + k, ny + 1, nk),
		                          fmax(largest(0, p->stock_needed + k, ny, nk),
		                               largest(0, p->stock_invested + k, ny, nk)));
		for (int64_t y = 0; y <= ny; y++) {
			cl_csv_field(stdout, plenum_product_key(e, p->stock_input[k]));
			putchar(',');
			cl_csv_field(stdout, plenum_product_key(e, p->stock_user[k]));
			printf(",%lld,", (long long)y + 1);
			cl_csv_field(stdout, plenum_product_unit(e, p->stock_input[k]));
			putchar(',');
			num(p->stock_level[y * nk + k], cut);
			putchar(',');
			if (y < ny) { /* the row after the last year: what is handed on */
				num(p->stock_needed[y * nk + k], cut);
				putchar(',');
				num(p->stock_invested[y * nk + k], cut);
			} else {
				putchar(',');
			}
			putchar('\n');
		}
	}
}

/* Labour, one unit for all years (hours unless the economy says otherwise: labour_unit);
 * each account in its own unit against its largest emission
 * or cap over the years. No hours limit or no cap: an empty cell. */
static void csv_labour_accounts(const plenum_economy *e, const plenum_plan *p)
{
	printf("\nyear,labour_h,available_h,weekly_hours_per_worker,labour_unit\n");
	double h = NOISE * fmax(largest(0, p->labour, p->years, 1),
	                        largest(0, p->labour_available, p->years, 1));
	double wk = NOISE * largest(0, p->weekly_hours, p->years, 1);
	for (int64_t y = 0; y < p->years; y++) {
		printf("%lld,", (long long)y + 1);
		num(p->labour[y], h);
		putchar(',');
		num(p->labour_available[y], h);
		putchar(',');
		num(p->weekly_hours[y], wk);
		putchar(',');
		cl_csv_field(stdout, plenum_economy_labour_unit(e));
		putchar('\n');
	}
	if (!p->accounts)
		return;
	printf("\naccount,year,unit,emitted,cap\n");
	int64_t na = p->accounts;
	for (int64_t y = 0; y < p->years; y++)
		for (int64_t a = 0; a < na; a++) {
			double cut = NOISE * fmax(largest(0, p->emitted + a, p->years, na),
			                          largest(0, p->cap + a, p->years, na));
			cl_csv_field(stdout, plenum_account_key(e, a));
			printf(",%lld,", (long long)y + 1);
			cl_csv_field(stdout, plenum_account_unit(e, a));
			putchar(',');
			num(p->emitted[y * na + a], cut);
			putchar(',');
			num(p->cap[y * na + a], cut);
			putchar('\n');
		}
}

double cl_plan_emitted_all(const plenum_plan *p, int64_t a)
{
	double sum = 0;
	for (int64_t y = 0; y < p->years; y++)
		sum += p->emitted[y * p->accounts + a];
	return sum;
}

static int has_budget(const plenum_plan *p)
{
	for (int64_t a = 0; a < p->accounts; a++)
		if (isfinite(p->budget[a]))
			return 1;
	return 0;
}

/* Budgets, when the plan has any: each such account's emissions over all years against
 * it. */
static void csv_budgets(const plenum_economy *e, const plenum_plan *p)
{
	if (!has_budget(p))
		return;
	printf("\naccount,unit,emitted_all_years,budget\n");
	for (int64_t a = 0; a < p->accounts; a++) {
		if (!isfinite(p->budget[a]))
			continue;
		double v[] = {cl_plan_emitted_all(p, a), p->budget[a]};
		double cut = NOISE * largest(0, v, 2, 1);
		cl_csv_field(stdout, plenum_account_key(e, a));
		putchar(',');
		cl_csv_field(stdout, plenum_account_unit(e, a));
		putchar(',');
		num(v[0], cut);
		putchar(',');
		num(v[1], cut);
		putchar('\n');
	}
}

/* A bottleneck's limit and use against each other; shadow values and hours per unit as
 * they are (a listed bottleneck has a positive one, often about 1e-7 hours per kg). */
static void csv_bottlenecks(const plenum_plan *p)
{
	printf("\nbottleneck,kind,year,limit,used,shadow,hours_per_unit\n");
	for (int64_t k = 0; k < p->nbottlenecks; k++) {
		const plenum_bottleneck *b = &p->bottlenecks[k];
		cl_csv_field(stdout, b->what);
		printf(",%s,", plenum_limit_name(b->kind));
		if (b->year >= 0) /* empty for a limit over all years */
			printf("%lld", (long long)b->year + 1);
		putchar(',');
		double v[] = {b->limit, b->used, b->shadow, b->hours};
		double cut = NOISE * largest(0, v, 2, 1), cuts[] = {cut, cut, 0, 0};
		for (size_t j = 0; j < 4; j++) {
			num(v[j], cuts[j]);
			putchar(j < 3 ? ',' : '\n');
		}
	}
}

void cl_plan_csv_summary(const plenum_plan *p, int first)
{
	printf("%sobjective,status,level,harmony,harmony_bound,labour_h,solver,lp_solves,"
	       "iterations,gap,seconds,message\n%s,%s,", first ? "" : "\n",
	       plenum_objective_name(p->objective), plenum_plan_status_name(p->status));
	double lab = 0, avail = 0;
	for (int64_t y = 0; y < p->years; y++) {
		lab += p->labour[y];
		avail += isfinite(p->labour_available[y]) ? p->labour_available[y] : 0;
	}
	double v[] = {p->level, p->harmony, p->harmony_bound, lab};
	/* the level against itself, harmony against its bound: a level of 1e10 (a plan bound
	 * only by a huge cap) must not cut a harmony of 46; hours as the year rows cut them
	 * (against the hours available too: 3e-12 hours printed 0 there and 3.03e-12 here) */
	double h = RATIO_NOISE * largest(1, v + 1, 2, 1);
	double cuts[] = {RATIO_NOISE * largest(1, v, 1, 1), h, h, NOISE * fmax(fabs(lab), avail)};
	for (size_t j = 0; j < 4; j++) {
		num(v[j], cuts[j]);
		putchar(',');
	}
	printf("%s,%lld,%lld,", p->solver ? p->solver : "", (long long)p->lp_solves,
	       (long long)p->iterations);
	num(p->gap, NOISE); /* relative already */
	printf(",%.3f,", p->seconds);
	cl_csv_field(stdout, p->message);
	putchar('\n');
}

int cl_plan_csv(const plenum_economy *e, const plenum_plan *p)
{
	double *cut = product_cuts(e, p);
	if (!cut)
		return cl_error("plan", "out of memory");
	csv_techniques(e, p, cut);
	csv_products(e, p, cut);
	free(cut);
	csv_stocks(e, p);
	csv_labour_accounts(e, p);
	csv_budgets(e, p);
	csv_bottlenecks(p);
	cl_plan_csv_summary(p, 0);
	return CL_OK;
}
