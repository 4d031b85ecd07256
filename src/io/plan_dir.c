/* Reads the optional planning files of an economy directory (docs/formats.md): stocks.csv,
 * years.csv, targets.csv and caps.csv, checking every key and value with its file:line:column. Rows
 * are kept with where their key starts, so that a repeated row can be named after all rows
 * are read (by sorting, without a map per file). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "io/io.h"
#include "io/plan_dir.h"

/* Where a row's key starts, with the row's two indices for finding repeats. */
typedef struct row_at {
	int64_t a, b, line, col;
} row_at;

typedef struct pd {
	const plenum_economy *e;
	const char *dir;
	plenum_diag *d;
	io_plan_dir *t;
	row_at *at; /* rows of the file being read */
	int64_t nat, capat;
} pd;

void io_plan_dir_free(io_plan_dir *t)
{
	ut_free(t->stock);
	ut_free(t->hours);
	ut_free(t->target);
	ut_free(t->cap);
	memset(t, 0, sizeof *t);
}

static int nomem(io_csv *c)
{
	return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", c->path);
}

/* Grows *p (elements of size) to hold n + 1 elements. */
static int grow(void **p, int64_t *cap, int64_t n, size_t size)
{
	if (n < *cap)
		return PLENUM_OK;
	int64_t nc = *cap ? 2 * *cap : 16;
	void *q = ut_realloc(*p, (size_t)nc * size);
	if (!q)
		return PLENUM_ENOMEM;
	*p = q;
	*cap = nc;
	return PLENUM_OK;
}

/* Remembers where the current row's field k starts, with the indices a and b. */
static int remember(pd *r, io_csv *c, int k, int64_t a, int64_t b)
{
	if (grow((void **)&r->at, &r->capat, r->nat, sizeof *r->at))
		return nomem(c);
	r->at[r->nat++] = (row_at){a, b, c->fline[k], c->fcol[k]};
	return PLENUM_OK;
}

static int by_pair_then_line(const void *x, const void *y)
{
	const row_at *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return (p->line > q->line) - (p->line < q->line);
}

/* The first (by line) row whose pair (a, b) came before, or NULL; *first gets the earlier. */
static const row_at *repeated(pd *r, const row_at **first)
{
	const row_at *worst = NULL;
	if (r->nat < 2) /* r->at is still NULL when no file so far had a row */
		return NULL;
	qsort(r->at, (size_t)r->nat, sizeof *r->at, by_pair_then_line);
	for (int64_t k = 1; k < r->nat; k++) {
		const row_at *p = &r->at[k - 1], *q = &r->at[k];
		if (p->a == q->a && p->b == q->b && (!worst || q->line < worst->line)) {
			worst = q;
			*first = p;
		}
	}
	return worst;
}

/* Opens dir/name; an absent file sets *present to 0 and succeeds. */
static int open_csv(pd *r, const char *name, const char *expect, io_csv *c, int *present)
{
	char path[4200];
	struct stat st;
	int rc = io_path(path, sizeof path, r->dir, name, r->d);
	*present = 0;
	if (rc || (stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)))
		return rc;
	*present = 1;
	r->nat = 0;
	return io_csv_open(c, path, expect, r->d);
}

/* A row reader (fields at k; *cap the capacity of the array it grows) and what is checked
 * once all rows are read. */
typedef int (*row_fn)(pd *r, io_csv *c, const int *k, int64_t *cap);
typedef int (*done_fn)(pd *r, io_csv *c);

/* Reads dir/name, when present, with the n columns names (all required): every row with
 * row, then done. */
static int read_file(pd *r, const char *name, const char *const *names, int n, int *present,
                     row_fn row, done_fn done)
{
	char header[64];
	size_t len = 0;
	for (int q = 0; q < n; q++)
		len += (size_t)snprintf(header + len, sizeof header - len, "%s%s", q ? "," : "",
		                        names[q]);
	io_csv c;
	int k[8], got = 0;
	int64_t cap = 0;
	int rc = open_csv(r, name, header, &c, present);
	if (rc || !*present)
		return rc;
	rc = io_csv_columns(&c, names, n, n, k);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got)
		rc = row(r, &c, k, &cap);
	if (!rc)
		rc = done(r, &c);
	io_csv_close(&c);
	return rc;
}

static int product(pd *r, io_csv *c, int k, int32_t *out)
{
	const char *key = io_csv_get(c, k);
	int64_t p = plenum_product_find(r->e, key);
	if (p < 0)
		return io_csv_fail(c, k, PLENUM_ENOTFOUND, "unknown product '%s': add it to "
		                   "products.csv or fix the key", key);
	*out = (int32_t)p;
	return PLENUM_OK;
}

/* A year: a whole number from 1 to IO_MAX_YEARS. */
static int year(io_csv *c, int k, int64_t *out)
{
	double y;
	int rc = io_csv_number(c, k, "year", &y);
	if (!rc && !(y >= 1 && y <= IO_MAX_YEARS && y == floor(y)))
		rc = io_csv_fail(c, k, PLENUM_EFORMAT, "year %g is not a whole number from 1 to %d: "
		                 "number the years of the plan 1, 2, 3, ...", y, IO_MAX_YEARS);
	if (!rc)
		*out = (int64_t)y;
	return rc;
}

/* ---- stocks.csv: input,user,per_unit,initial,depreciation ---- */

static int stock_values(io_csv *c, const int *k, io_stock_row *s)
{
	int rc = io_csv_number(c, k[2], "per_unit", &s->per_unit);
	if (!rc && !(s->per_unit > 0))
		rc = io_csv_fail(c, k[2], PLENUM_EFORMAT, "per_unit %g is not positive: give the "
		                 "stock needed per unit of the user's output (drop the row if none "
		                 "is)", s->per_unit);
	if (!rc)
		rc = io_csv_number(c, k[3], "initial", &s->initial);
	if (!rc && s->initial < 0)
		rc = io_csv_fail(c, k[3], PLENUM_EFORMAT, "negative initial stock %g: give the "
		                 "stock at the start of year 1, at least 0", s->initial);
	if (!rc)
		rc = io_csv_number(c, k[4], "depreciation", &s->dep);
	if (!rc && !(s->dep >= 0 && s->dep <= 1))
		rc = io_csv_fail(c, k[4], PLENUM_EFORMAT, "depreciation %g is outside 0..1: give "
		                 "the fraction of the stock lost per year (0.05 for 5%%)", s->dep);
	return rc;
}

static int stock_row(pd *r, io_csv *c, const int *k, int64_t *cap)
{
	io_stock_row s;
	int rc = product(r, c, k[0], &s.input);
	if (!rc)
		rc = product(r, c, k[1], &s.user);
	if (!rc)
		rc = stock_values(c, k, &s);
	if (!rc)
		rc = remember(r, c, k[0], s.input, s.user);
	if (!rc && grow((void **)&r->t->stock, cap, r->t->nstocks, sizeof s))
		rc = nomem(c);
	if (!rc)
		r->t->stock[r->t->nstocks++] = s;
	return rc;
}

static int stocks_done(pd *r, io_csv *c)
{
	const row_at *first = NULL, *again = repeated(r, &first);
	if (!again)
		return PLENUM_OK;
	return io_csv_fail_at(c, again->line, again->col, PLENUM_EDUPLICATE, "second row for the "
	                      "stock of '%s' held by '%s' (first on line %lld): merge them into "
	                      "one row", ec_name(r->e->pkey, again->a),
	                      ec_name(r->e->pkey, again->b), (long long)first->line);
}

static int read_stocks(pd *r)
{
	static const char *const names[] = {"input", "user", "per_unit", "initial",
	                                    "depreciation"};
	return read_file(r, "stocks.csv", names, 5, &r->t->has_stocks, stock_row, stocks_done);
}

/* ---- years.csv: year,hours ---- */

static int year_row(pd *r, io_csv *c, const int *k, int64_t *cap)
{
	int64_t y;
	double h;
	int rc = year(c, k[0], &y);
	if (!rc)
		rc = io_csv_number_or(c, k[1], "hours", INFINITY, &h);
	if (!rc && h < 0)
		rc = io_csv_fail(c, k[1], PLENUM_EFORMAT, "negative hours %g: give the hours of "
		                 "labour available that year, at least 0 (empty for no limit)", h);
	if (!rc)
		rc = remember(r, c, k[0], y, 0);
	if (!rc && grow((void **)&r->t->hours, cap, r->t->nyears, sizeof h))
		rc = nomem(c);
	if (!rc)
		r->t->hours[r->t->nyears++] = h;
	return rc;
}

/* Every year 1..n once: puts the hours in year order. at[k] is row k's year. */
static int years_complete(pd *r, io_csv *c)
{
	io_plan_dir *t = r->t;
	double *h = ut_mallocarray((size_t)t->nyears + 1, sizeof *h);
	if (!h)
		return nomem(c);
	for (int64_t k = 0; k < t->nyears; k++)
		h[r->at[k].a - 1] = t->hours[k];
	ut_free(t->hours);
	t->hours = h;
	return PLENUM_OK;
}

static int years_check(pd *r, io_csv *c)
{
	int64_t n = r->t->nyears;
	if (!n)
		return ut_fail(r->d, PLENUM_EFORMAT, "%s:2:1: no years: add one row per year of the "
		               "plan under the header (or remove the file)", c->path);
	for (int64_t k = 0; k < n; k++)
		if (r->at[k].a > n)
			return ut_fail(r->d, PLENUM_EFORMAT, "%s:%lld:%lld: year %lld, but the file has "
			               "%lld rows: give one row for every year from 1 to the last, "
			               "none missing", c->path, (long long)r->at[k].line,
			               (long long)r->at[k].col, (long long)r->at[k].a, (long long)n);
	int rc = years_complete(r, c);
	const row_at *first = NULL, *again = rc ? NULL : repeated(r, &first);
	if (again)
		rc = ut_fail(r->d, PLENUM_EDUPLICATE, "%s:%lld:%lld: second row for year %lld "
		             "(first on line %lld): give each year one row", c->path,
		             (long long)again->line, (long long)again->col, (long long)again->a,
		             (long long)first->line);
	return rc;
}

static int read_years(pd *r)
{
	static const char *const names[] = {"year", "hours"};
	return read_file(r, "years.csv", names, 2, &r->t->has_years, year_row, years_check);
}

/* A year of targets.csv or caps.csv: also within years.csv's years when it is there. */
static int planned_year(pd *r, io_csv *c, int k, int64_t *out)
{
	const io_plan_dir *t = r->t;
	int rc = year(c, k, out);
	if (!rc && t->has_years && *out > t->nyears)
		rc = io_csv_fail(c, k, PLENUM_EFORMAT, "year %lld is beyond the %lld years of "
		                 "years.csv: add the year to years.csv or drop the row",
		                 (long long)*out, (long long)t->nyears);
	return rc;
}

/* ---- targets.csv: year,product,quantity ---- */

static int target_row(pd *r, io_csv *c, const int *k, int64_t *cap)
{
	io_target_row q;
	io_plan_dir *t = r->t;
	int rc = planned_year(r, c, k[0], &q.year);
	if (!rc)
		rc = product(r, c, k[1], &q.product);
	if (!rc)
		rc = io_csv_number(c, k[2], "quantity", &q.quantity);
	if (!rc && q.quantity < 0)
		rc = io_csv_fail(c, k[2], PLENUM_EFORMAT, "negative target %g: a target is at "
		                 "least 0", q.quantity);
	if (!rc)
		rc = remember(r, c, k[0], q.year, q.product);
	if (!rc && grow((void **)&t->target, cap, t->ntargets, sizeof q))
		rc = nomem(c);
	if (!rc) {
		t->target[t->ntargets++] = q;
		t->last_year = q.year > t->last_year ? q.year : t->last_year;
	}
	return rc;
}

/* A second row for a (year, key) pair of a per-year file: what is repeated (a "target"),
 * the kind of key ("product", named from keys) and the advice. */
static int year_pair_repeated(pd *r, io_csv *c, const char *what, const char *kind,
                              const ec_names *keys, const char *advice)
{
	const row_at *first = NULL, *again = repeated(r, &first);
	if (!again)
		return PLENUM_OK;
	return io_csv_fail_at(c, again->line, again->col, PLENUM_EDUPLICATE, "second %s for %s "
	                      "'%s' in year %lld (first on line %lld): %s", what, kind,
	                      ec_name(*keys, again->b), (long long)again->a,
	                      (long long)first->line, advice);
}

static int targets_done(pd *r, io_csv *c)
{
	return year_pair_repeated(r, c, "target", "product", &r->e->pkey,
	                          "merge them into one row");
}

static int read_targets(pd *r)
{
	static const char *const names[] = {"year", "product", "quantity"};
	return read_file(r, "targets.csv", names, 3, &r->t->has_targets, target_row,
	                 targets_done);
}

/* ---- caps.csv: year,account,cap ---- */

static int cap_row(pd *r, io_csv *c, const int *k, int64_t *cap)
{
	io_cap_row q;
	io_plan_dir *t = r->t;
	int rc = planned_year(r, c, k[0], &q.year);
	if (!rc) {
		const char *key = io_csv_get(c, k[1]);
		int64_t a = plenum_account_find(r->e, key);
		if (a < 0)
			rc = io_csv_fail(c, k[1], PLENUM_ENOTFOUND, "unknown account '%s': add "
			                 "it to accounts.csv or fix the key", key);
		q.account = (int32_t)a;
	}
	if (!rc)
		rc = io_csv_number_or(c, k[2], "cap", INFINITY, &q.cap);
	if (!rc && q.cap < 0)
		rc = io_csv_fail(c, k[2], PLENUM_EFORMAT, "negative cap %g: give the most the "
		                 "account may reach that year, at least 0 (empty for no cap)",
		                 q.cap);
	if (!rc)
		rc = remember(r, c, k[0], q.year, q.account);
	if (!rc && grow((void **)&t->cap, cap, t->ncaps, sizeof q))
		rc = nomem(c);
	if (!rc) {
		t->cap[t->ncaps++] = q;
		t->last_year = q.year > t->last_year ? q.year : t->last_year;
	}
	return rc;
}

static int caps_done(pd *r, io_csv *c)
{
	return year_pair_repeated(r, c, "cap", "account", &r->e->akey, "keep one row");
}

static int read_caps(pd *r)
{
	static const char *const names[] = {"year", "account", "cap"};
	return read_file(r, "caps.csv", names, 3, &r->t->has_caps, cap_row, caps_done);
}

int io_plan_dir_read(const plenum_economy *e, const char *dir, io_plan_dir *t,
                     plenum_diag *d)
{
	memset(t, 0, sizeof *t);
	pd r = {.e = e, .dir = dir, .d = d, .t = t};
	/* Build the key index now, so that running out of memory is not "unknown product". */
	int rc = ec_build_maps((plenum_economy *)e, d);
	if (!rc)
		rc = read_stocks(&r);
	if (!rc)
		rc = read_years(&r);
	if (!rc)
		rc = read_targets(&r);
	if (!rc)
		rc = read_caps(&r);
	ut_free(r.at);
	if (rc)
		io_plan_dir_free(t);
	return rc;
}
