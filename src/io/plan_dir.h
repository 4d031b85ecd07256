/* Reader of the planning files an economy directory may hold beside the economy
 * (docs/formats.md, "Planning over several years"): stocks.csv (capital stocks), years.csv
 * (the years of the plan and the hours available in each), targets.csv (targets per year)
 * and caps.csv (caps of accounts per year). Keys are resolved against the economy read
 * from the same directory; the planner (plan/horizon_dir.c) turns the rows into a
 * horizon. */
#ifndef PLENUM_IO_PLAN_DIR_H
#define PLENUM_IO_PLAN_DIR_H
#include <stdint.h>
#include "core/econ.h"
#include "plenum/plan.h"
#include "util/util.h"

/* Years are numbered 1..IO_MAX_YEARS (plan.h). */
#define IO_MAX_YEARS PLENUM_MAX_YEARS

/* A row of stocks.csv: the stock of product input held by the techniques of product user. */
typedef struct io_stock_row {
	int32_t input, user;
	double per_unit; /* stock needed per unit of user's output, > 0 */
	double initial;  /* stock at the start of year 1, >= 0 */
	double dep;      /* fraction lost per year, 0..1 */
} io_stock_row;

/* A row of targets.csv. */
typedef struct io_target_row {
	int64_t year; /* 1-based */
	int32_t product;
	double quantity; /* >= 0 */
} io_target_row;

/* A row of caps.csv. */
typedef struct io_cap_row {
	int64_t year; /* 1-based */
	int32_t account;
	double cap; /* >= 0, INFINITY where left empty (no cap that year) */
} io_cap_row;

typedef struct io_plan_dir {
	int has_stocks, has_years, has_targets, has_caps; /* which files the directory holds */
	int64_t nstocks;
	io_stock_row *stock;
	int64_t nyears;  /* rows of years.csv: years 1..nyears, each once */
	double *hours;   /* length nyears: hours available, INFINITY where left empty */
	int64_t ntargets;
	io_target_row *target;
	int64_t ncaps;
	io_cap_row *cap;
	int64_t last_year; /* the largest year in targets.csv and caps.csv, 0 without rows */
} io_plan_dir;

/* Reads the four optional files of dir into t (zeroed first; absent files leave their
 * has_ flag 0). Every error names path:line:column, what is wrong and what to do: unknown
 * product or account keys, numbers out of range, years that are not whole numbers from 1,
 * a year of targets.csv or caps.csv beyond the years of years.csv, years.csv with a year
 * missing or repeated, repeated (input, user), (year, product) or (year, account) rows.
 * Fails with PLENUM_EFORMAT, PLENUM_ENOTFOUND, PLENUM_EDUPLICATE, PLENUM_EIO or
 * PLENUM_ENOMEM and leaves t empty. */
int io_plan_dir_read(const plenum_economy *e, const char *dir, io_plan_dir *t,
                     plenum_diag *d);
void io_plan_dir_free(io_plan_dir *t);

#endif
