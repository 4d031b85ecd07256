/* Reads the multi-year planning format (docs/planner.md): flows.csv, cap.csv and dep.csv
 * are product-by-product tables whose first column names the row, labtarg.csv has a row
 * per year; all four must list flows.csv's products in the same order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "io/io.h"
#include "io/plan_read.h"
#include "plenum/plan.h"

typedef struct pr {
	const char *dir;
	plenum_diag *d;
	io_plan_tables *t;
	ut_map map; /* product name -> index; keys borrowed from t->names */
} pr;

static const char *const files_hint = "a multi-year plan directory needs flows.csv, "
                                      "cap.csv, dep.csv and labtarg.csv (see docs/planner.md)";

static int open_file(pr *r, const char *name, io_csv *c)
{
	char path[4200];
	memset(c, 0, sizeof *c); /* closed: io_csv_close is safe on it when the path is too long */
	c->fd = -1;
	int rc = io_path(path, sizeof path, r->dir, name, r->d);
	if (!rc)
		rc = io_csv_open(c, path, "headings,PRODUCT...", r->d);
	if (rc == PLENUM_ENOTFOUND)
		ut_fail(r->d, rc, "%s: missing: %s", path, files_hint);
	return rc;
}

static int nomem(pr *r)
{
	return ut_fail(r->d, PLENUM_ENOMEM, "%s: out of memory reading the plan tables", r->dir);
}

/* The products are flows.csv's headings after the first. */
static int take_products(pr *r, io_csv *c)
{
	int64_t n = c->hdr.count - 1;
	if (n < 1)
		return io_csv_fail(c, 0, PLENUM_EFORMAT, "the header names no product: write "
		                   "'headings,PRODUCT1,PRODUCT2,...'");
	for (int64_t k = 1; k <= n; k++) {
		const char *s = ut_strpool_get(&c->hdr, k);
		if (!*s)
			return io_csv_fail_heading(c, k, PLENUM_EFORMAT, "empty heading: name every "
			                           "product");
		if (strcmp(s, "labour") == 0 || strcmp(s, "output") == 0)
			return io_csv_fail_heading(c, k, PLENUM_EFORMAT, "product '%s': the name is "
			                           "reserved for flows.csv's %s row (%s): rename the "
			                           "product", s, s, *s == 'l' ? "hours worked in each "
			                           "industry" : "gross output of each product");
		if (ut_strpool_add(&r->t->names, s, strlen(s)) < 0)
			return nomem(r);
	}
	for (int64_t k = 0; k < n; k++) {
		int64_t old;
		int rc = ut_map_put(&r->map, ut_strpool_get(&r->t->names, k), k, &old);
		if (rc == PLENUM_EDUPLICATE)
			return io_csv_fail_heading(c, k + 1, PLENUM_EFORMAT, "product '%s' is named "
			                           "twice (first at line %lld, column %lld): give each "
			                           "product one column", ut_strpool_get(&r->t->names, k),
			                           (long long)c->hline[old + 1],
			                           (long long)c->hcol[old + 1]);
		if (rc)
			return nomem(r);
	}
	r->t->n = n;
	return PLENUM_OK;
}

/* The header of c must be flows.csv's products in order (then extra, when not NULL). */
static int check_header(pr *r, io_csv *c, const char *extra)
{
	int64_t n = r->t->n, want = n + 1 + (extra != NULL);
	for (int64_t k = 1; k <= n && k < c->hdr.count; k++) {
		const char *got = ut_strpool_get(&c->hdr, k), *exp = ut_strpool_get(&r->t->names, k - 1);
		if (strcmp(got, exp) != 0)
			return io_csv_fail(c, (int)k, PLENUM_EFORMAT, "heading '%s' where flows.csv has "
			                   "'%s': the four files must list the same products in the "
			                   "same order", got, exp);
	}
	if (c->hdr.count != want)
		return io_csv_fail(c, (int)(c->hdr.count < want ? c->hdr.count - 1 : want), PLENUM_EFORMAT,
		                   "%lld headings where %lld are expected (the first column, the "
		                   "%lld products of flows.csv%s): the four files must list the "
		                   "same products in the same order", (long long)c->hdr.count,
		                   (long long)want, (long long)n, extra ? " and 'labour'" : "");
	if (extra && strcmp(ut_strpool_get(&c->hdr, n + 1), extra) != 0)
		return io_csv_fail(c, (int)n + 1, PLENUM_EFORMAT, "last heading '%s' must be '%s'",
		                   ut_strpool_get(&c->hdr, n + 1), extra);
	return PLENUM_OK;
}

/* Fields 1..n of the current record into row, each >= 0 (and <= most when finite). */
static int numbers(io_csv *c, int64_t n, const char *what, double most, double *row)
{
	for (int64_t k = 1; k <= n; k++) {
		int rc = io_csv_number(c, (int)k, what, &row[k - 1]);
		if (rc)
			return rc;
		if (row[k - 1] < 0 || row[k - 1] > most)
			return io_csv_fail(c, (int)k, PLENUM_EFORMAT, "%s %g is out of range: write a "
			                   "number from 0%s", what, row[k - 1],
			                   most < 2 ? " to 1" : " up");
	}
	return PLENUM_OK;
}

/* flows.csv's extra rows, fields 1..n into row: x 0 is 'labour' (hours, >= 0), x 1 'output'
 * (> 0: the coefficients are per unit of it). */
static int extra_numbers(pr *r, io_csv *c, int64_t x, double *row)
{
	for (int64_t k = 1; k <= r->t->n; k++) {
		const char *name = ut_strpool_get(&r->t->names, k - 1);
		int rc = io_csv_number(c, (int)k, x ? "output" : "labour", &row[k - 1]);
		if (!rc && !x && row[k - 1] < 0)
			rc = io_csv_fail(c, (int)k, PLENUM_EFORMAT, "labour %g of '%s' is negative: "
			                 "give hours >= 0", row[k - 1], name);
		if (!rc && x && !(row[k - 1] > 0))
			rc = io_csv_fail(c, (int)k, PLENUM_EFORMAT, "output of '%s' is %g: give every "
			                 "product a positive output (the coefficients are per unit of "
			                 "it)", name, row[k - 1]);
		if (rc)
			return rc;
	}
	return PLENUM_OK;
}

typedef struct table {
	const char *file, *what;
	double most;
	double *m;                 /* n*n */
	const char *const *xname;  /* names of extra rows */
	double **xrow;             /* their destinations, length n each */
	int nx;
} table;

/* Row index of the current record: a product (0..n-1), an extra row (n..n+nx-1), or an
 * error naming what is allowed. */
static int row_of(pr *r, io_csv *c, const table *tb, int64_t *row)
{
	const char *name = io_csv_get(c, 0);
	*row = ut_map_get(&r->map, name);
	for (int x = 0; x < tb->nx && *row < 0; x++)
		if (strcmp(name, tb->xname[x]) == 0)
			*row = r->t->n + x;
	if (*row < 0)
		return io_csv_fail(c, 0, PLENUM_EFORMAT, "unknown row '%s': the rows of %s are the "
		                   "products of flows.csv's header%s", name, tb->file,
		                   tb->nx ? " and 'labour' and 'output'" : "");
	return PLENUM_OK;
}

/* The rows of tb; seen[row] gets the line each row starts on. */
static int read_rows(pr *r, io_csv *c, const table *tb, int64_t *seen)
{
	int64_t n = r->t->n;
	int got, rc;
	while (!(rc = io_csv_next(c, &got)) && got) {
		int64_t row;
		if ((rc = row_of(r, c, tb, &row)))
			return rc;
		if (seen[row])
			return io_csv_fail(c, 0, PLENUM_EFORMAT, "row '%s' appears twice (first on "
			                   "line %lld): keep one", io_csv_get(c, 0),
			                   (long long)seen[row]);
		seen[row] = c->fline[0];
		rc = row < n ? numbers(c, n, tb->what, tb->most, tb->m + row * n)
		             : extra_numbers(r, c, row - n, tb->xrow[row - n]);
		if (rc)
			return rc;
	}
	for (int64_t k = 0; k < n && !rc; k++)
		if (!seen[k])
			rc = io_csv_fail_heading(c, k + 1, PLENUM_EFORMAT, "no row for '%s': give "
			                         "every product a row%s",
			                         ut_strpool_get(&r->t->names, k),
			                         tb->nx ? ", and rows 'labour' and 'output'" : "");
	for (int64_t x = 0; x < tb->nx && !rc; x++)
		if (!seen[n + x])
			rc = ut_fail(r->d, PLENUM_EFORMAT, "%s: no row '%s': add it (%s)", c->path,
			             tb->xname[x], x ? "gross output of each product"
			                             : "hours worked in each industry");
	return rc;
}

static int read_table(pr *r, const table *tb)
{
	io_csv c;
	int rc = open_file(r, tb->file, &c);
	if (rc)
		return rc;
	int64_t *seen = NULL;
	if (!r->t->n)
		rc = take_products(r, &c);
	if (!rc)
		rc = check_header(r, &c, NULL);
	if (!rc && !(seen = ut_calloc((size_t)(r->t->n + tb->nx), sizeof *seen)))
		rc = nomem(r);
	if (!rc)
		rc = read_rows(r, &c, tb, seen);
	ut_free(seen);
	io_csv_close(&c);
	return rc;
}

static int alloc_tables(pr *r)
{
	io_plan_tables *t = r->t;
	size_t n = (size_t)t->n;
	t->flow = ut_calloc(n * n, sizeof(double));
	t->cap = ut_calloc(n * n, sizeof(double));
	t->dep = ut_calloc(n * n, sizeof(double));
	t->labour = ut_calloc(n, sizeof(double));
	t->output = ut_calloc(n, sizeof(double));
	if (!t->flow || !t->cap || !t->dep || !t->labour || !t->output)
		return nomem(r);
	return PLENUM_OK;
}

/* flows.csv must hold n + 2 rows of n + 1 fields, each at least a byte and a separator: a
 * smaller file is refused before the three n x n tables are allocated (a header of 17 000
 * names alone, 108 KB, asked for 7 GB). So what is allocated stays within a small multiple
 * of the file's size. */
static int big_enough(pr *r, io_csv *c)
{
	struct stat st;
	int64_t n = r->t->n;
	double need = (double)(n + 2) * (double)(2 * n + 2);
	if (c->fd < 0 || fstat(c->fd, &st) != 0 || (double)st.st_size >= need)
		return PLENUM_OK;
	return ut_fail(r->d, PLENUM_EFORMAT, "%s: its header names %lld products, but %lld bytes "
	               "cannot hold their %lld rows (with 'labour' and 'output') of %lld numbers "
	               "each: give every product a row", c->path, (long long)n,
	               (long long)st.st_size, (long long)n + 2, (long long)n);
}

/* flows.csv first: its header names the products. */
static int read_flows(pr *r)
{
	io_csv c;
	int rc = open_file(r, "flows.csv", &c);
	if (!rc)
		rc = take_products(r, &c);
	if (!rc)
		rc = big_enough(r, &c);
	io_csv_close(&c);
	if (!rc)
		rc = alloc_tables(r);
	static const char *const xname[] = {"labour", "output"};
	double *xrow[] = {r->t->labour, r->t->output};
	table tb = {"flows.csv", "flow", HUGE_VAL, r->t->flow, xname, xrow, 2};
	return rc ? rc : read_table(r, &tb);
}

static int add_year(pr *r, io_csv *c)
{
	io_plan_tables *t = r->t;
	int64_t y = t->years, n = t->n;
	char want[32];
	snprintf(want, sizeof want, "year%lld", (long long)y + 1);
	if (y == PLENUM_MAX_YEARS)
		return io_csv_fail(c, 0, PLENUM_EFORMAT, "row '%s': a plan spans at most %d "
		                   "years; remove the rows after year%d", io_csv_get(c, 0),
		                   PLENUM_MAX_YEARS, PLENUM_MAX_YEARS);
	if (strcmp(io_csv_get(c, 0), want) != 0)
		return io_csv_fail(c, 0, PLENUM_EFORMAT, "row '%s' where '%s' is expected: the rows "
		                   "of labtarg.csv are year1, year2, ... in order",
		                   io_csv_get(c, 0), want);
	double *tg = ut_realloc(t->target, (size_t)((y + 1) * n) * sizeof *tg);
	if (tg)
		t->target = tg;
	double *h = ut_realloc(t->hours, (size_t)(y + 1) * sizeof *h);
	if (h)
		t->hours = h;
	if (!tg || !h)
		return nomem(r);
	int rc = numbers(c, n, "target", HUGE_VAL, t->target + y * n);
	if (!rc)
		rc = io_csv_number(c, (int)n + 1, "labour", &t->hours[y]);
	if (!rc && t->hours[y] < 0)
		rc = io_csv_fail(c, (int)n + 1, PLENUM_EFORMAT, "labour %g is negative: give the "
		                 "hours available in the year", t->hours[y]);
	t->years = y + 1;
	return rc;
}

static int read_labtarg(pr *r)
{
	io_csv c;
	int rc = open_file(r, "labtarg.csv", &c), got;
	if (!rc)
		rc = check_header(r, &c, "labour");
	while (!rc && !(rc = io_csv_next(&c, &got)) && got)
		rc = add_year(r, &c);
	if (!rc && r->t->years == 0)
		rc = ut_fail(r->d, PLENUM_EFORMAT, "%s: no years: add rows year1, year2, ...", c.path);
	io_csv_close(&c);
	return rc;
}

void io_plan_tables_free(io_plan_tables *t)
{
	ut_strpool_free(&t->names);
	double *a[] = {t->flow, t->labour, t->output, t->cap, t->dep, t->target, t->hours};
	for (size_t k = 0; k < sizeof a / sizeof a[0]; k++)
		ut_free(a[k]);
	memset(t, 0, sizeof *t);
}

int io_plan_read(const char *dir, io_plan_tables *t, plenum_diag *d)
{
	memset(t, 0, sizeof *t);
	pr r = {dir, d, t, {0}};
	int rc = read_flows(&r);
	if (!rc) {
		table cap = {"cap.csv", "capital stock", HUGE_VAL, t->cap, NULL, NULL, 0};
		rc = read_table(&r, &cap);
	}
	if (!rc) {
		table dep = {"dep.csv", "depreciation rate", 1, t->dep, NULL, NULL, 0};
		rc = read_table(&r, &dep);
	}
	if (!rc)
		rc = read_labtarg(&r);
	ut_map_free(&r.map);
	if (rc)
		io_plan_tables_free(t);
	return rc;
}
