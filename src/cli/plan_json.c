/* plenum plan --json: the plan as one JSON object, numbers at full precision (null for
 * none: no cap, no hours limit). */
#include <math.h>
#include <stdio.h>
#include "cli/cli.h"
#include "cli/commands_plan.h"

/* JSON numbers: finite ones as they are, the rest as null. */
static void jvalue(double x)
{
	if (isfinite(x))
		cl_number(stdout, x);
	else
		fputs("null", stdout);
}

static void jnum(const char *key, double x, int comma)
{
	printf("\"%s\":", key);
	jvalue(x);
	if (comma)
		putchar(',');
}

static void json_year(const plenum_economy *e, const plenum_plan *p, int64_t y)
{
	printf("{\"year\":%lld,", (long long)y + 1);
	jnum("labour_h", p->labour[y], 1);
	jnum("available_h", p->labour_available[y], 1);
	jnum("weekly_hours_per_worker", p->weekly_hours[y], 1);
	printf("\"techniques\":[");
	for (int64_t t = 0; t < p->techniques; t++) {
		double act = p->activity[y * p->techniques + t];
		printf("%s{\"key\":", t ? "," : "");
		cl_json_string(stdout, plenum_technique_key(e, t));
		printf(",\"product\":");
		cl_json_string(stdout, plenum_product_key(e, plenum_technique_product(e, t)));
		putchar(',');
		jnum("activity", act, 1);
		jnum("output", act * plenum_technique_output(e, t), 0);
		putchar('}');
	}
	printf("],\"products\":[");
	for (int64_t i = 0; i < p->products; i++) {
		int64_t k = y * p->products + i;
		printf("%s{\"key\":", i ? "," : "");
		cl_json_string(stdout, plenum_product_key(e, i));
		printf(",\"unit\":");
		cl_json_string(stdout, plenum_product_unit(e, i));
		putchar(',');
		jnum("target", p->target[k], 1);
		jnum("net_output", p->net[k], 1);
		jnum("fulfilment", p->fulfilment[k], 1);
		jnum("shortfall", p->shortfall[k], 1);
		jnum("invested", p->invest[k], 1);
		jnum("value_h", p->value[k], 0);
		putchar('}');
	}
	printf("],\"accounts\":[");
	for (int64_t a = 0; a < p->accounts; a++) {
		printf("%s{\"key\":", a ? "," : "");
		cl_json_string(stdout, plenum_account_key(e, a));
		printf(",\"unit\":");
		cl_json_string(stdout, plenum_account_unit(e, a));
		putchar(',');
		jnum("emitted", p->emitted[y * p->accounts + a], 1);
		jnum("cap", p->cap[y * p->accounts + a], 0);
		putchar('}');
	}
	printf("]}");
}

static void json_array(const char *key, const double *x, int64_t n, int64_t stride,
                       int comma)
{
	printf("\"%s\":[", key);
	for (int64_t k = 0; k < n; k++) {
		if (k)
			putchar(',');
		jvalue(x[k * stride]);
	}
	printf(comma ? "]," : "]");
}

/* "stocks": per stock its input, user and unit, and per year stock, needed and invested;
 * `stock` has one more entry: what the plan hands on after the last year. */
static void json_stocks(const plenum_economy *e, const plenum_plan *p)
{
	int64_t nk = p->stocks, ny = p->years;
	printf(",\"stocks\":[");
	for (int64_t k = 0; k < nk; k++) {
		printf("%s{\"input\":", k ? "," : "");
		cl_json_string(stdout, plenum_product_key(e, p->stock_input[k]));
		printf(",\"user\":");
		cl_json_string(stdout, plenum_product_key(e, p->stock_user[k]));
		printf(",\"unit\":");
		cl_json_string(stdout, plenum_product_unit(e, p->stock_input[k]));
		putchar(',');
		json_array("stock", p->stock_level + k, ny + 1, nk, 1);
		json_array("needed", p->stock_needed + k, ny, nk, 1);
		json_array("invested", p->stock_invested + k, ny, nk, 0);
		putchar('}');
	}
	putchar(']');
}

/* "budgets": per account with a budget, what it emitted over all years and the budget. */
static void json_budgets(const plenum_economy *e, const plenum_plan *p)
{
	printf(",\"budgets\":[");
	for (int64_t a = 0, n = 0; a < p->accounts; a++) {
		if (!isfinite(p->budget[a]))
			continue;
		printf("%s{\"key\":", n++ ? "," : "");
		cl_json_string(stdout, plenum_account_key(e, a));
		printf(",\"unit\":");
		cl_json_string(stdout, plenum_account_unit(e, a));
		putchar(',');
		jnum("emitted_all_years", cl_plan_emitted_all(p, a), 1);
		jnum("budget", p->budget[a], 0);
		putchar('}');
	}
	putchar(']');
}

void cl_plan_json(const plenum_economy *e, const plenum_plan *p)
{
	printf("{\"objective\":\"%s\",\"status\":\"%s\",\"message\":",
	       plenum_objective_name(p->objective), plenum_plan_status_name(p->status));
	cl_json_string(stdout, p->message);
	printf(",\"labour_unit\":");
	cl_json_string(stdout, plenum_economy_labour_unit(e));
	putchar(',');
	jnum("level", p->level, 1);
	jnum("objective_value", p->objective_value, 1);
	jnum("harmony", p->harmony, 1);
	jnum("harmony_bound", p->harmony_bound, 1);
	printf("\"solver\":{\"backend\":\"%s\",\"lp_solves\":%lld,\"iterations\":%lld,",
	       p->solver ? p->solver : "", (long long)p->lp_solves, (long long)p->iterations);
	jnum("gap", p->gap, 1);
	jnum("primal_residual", p->primal_residual, 1);
	jnum("dual_residual", p->dual_residual, 1);
	jnum("seconds", p->seconds, 0);
	printf("},\"years\":[");
	for (int64_t y = 0; y < p->years; y++) {
		if (y)
			putchar(',');
		json_year(e, p, y);
	}
	putchar(']');
	json_stocks(e, p);
	json_budgets(e, p);
	printf(",\"bottlenecks\":[");
	for (int64_t k = 0; k < p->nbottlenecks; k++) {
		const plenum_bottleneck *b = &p->bottlenecks[k];
		printf("%s{\"what\":", k ? "," : "");
		cl_json_string(stdout, b->what);
		printf(",\"kind\":\"%s\",\"year\":", plenum_limit_name(b->kind));
		if (b->year >= 0)
			printf("%lld,", (long long)b->year + 1);
		else
			printf("null,"); /* a limit over all years */
		jnum("limit", b->limit, 1);
		jnum("used", b->used, 1);
		jnum("shadow", b->shadow, 1);
		jnum("hours_per_unit", b->hours, 0);
		putchar('}');
	}
	printf("]}\n");
}
