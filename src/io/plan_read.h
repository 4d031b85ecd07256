/* Reader of the multi-year planning format of Cockshott's harmony planner (prefix io_):
 * flows.csv, cap.csv, dep.csv and labtarg.csv in one directory, as dense tables. The
 * planner (plan/horizon_read.c) turns them into an economy and a horizon. */
#ifndef PLENUM_IO_PLAN_READ_H
#define PLENUM_IO_PLAN_READ_H
#include <stdint.h>
#include "util/util.h"

typedef struct io_plan_tables {
	int64_t n, years;
	ut_strpool names; /* n product names, in the order of flows.csv's header */
	double *flow;     /* length n*n: flow[i*n + j], product i used making product j */
	double *labour;   /* length n: hours worked making each product */
	double *output;   /* length n: gross output of each product */
	double *cap;      /* length n*n: stock of product i held making product j */
	double *dep;      /* length n*n: fraction of that stock lost per year */
	double *target;   /* length years*n: final targets per year */
	double *hours;    /* length years: labour available per year */
} io_plan_tables;

/* Reads the four files of dir into t (zeroed first). Every file must list the products of
 * flows.csv's header in the same order; a mismatch names the file, line, column and both
 * headings. Fails with PLENUM_ENOTFOUND, PLENUM_EIO, PLENUM_EFORMAT or PLENUM_ENOMEM and
 * leaves t empty. */
int io_plan_read(const char *dir, io_plan_tables *t, plenum_diag *d);
void io_plan_tables_free(io_plan_tables *t);

#endif
