/* The generic symmetric layout: a labelled square flow matrix Z, optional final demand
 * columns, optional gross output (else the row totals) and optional satellite rows (labour
 * hours, emissions) as totals per product. The WIOD 2013 world table fits it as published. */
#include <stdio.h>
#include <math.h>
#include <string.h>
#include "io/import.h"
#include "io/io.h"

/* Column (or row, by_row) of m for each product of z; every product must be there, and
 * every row (column) of m must be a product: its numbers would be lost. */
static int match(const io_matrix *m, const io_matrix *z, int by_row, int64_t *at,
                 plenum_diag *d)
{
	for (int64_t j = 0; j < z->nc; j++) {
		const char *key = ut_strpool_get(&z->clab, j);
		int rc = by_row ? io_matrix_need_row(m, key, &at[j], d)
		                : io_matrix_need_col(m, key, &at[j], d);
		if (rc)
			return rc;
	}
	return by_row ? io_matrix_rows_known(m, &z->clab, "product of the flow matrix", d)
	              : io_matrix_cols_known(m, &z->clab, "product of the flow matrix", d);
}

static int check_square(const io_matrix *z, plenum_diag *d)
{
	if (z->nr != z->nc)
		return ut_fail(d, PLENUM_EFORMAT, "%s: %lld rows but %lld columns: the flow "
		               "matrix must be square (product x product)", z->path,
		               (long long)z->nr, (long long)z->nc);
	for (int64_t k = 0; k < z->nr; k++)
		if (strcmp(ut_strpool_get(&z->rlab, k), ut_strpool_get(&z->clab, k)) != 0)
			return ut_fail(d, PLENUM_EFORMAT, "%s:%lld: row '%s' where column %lld is "
			               "'%s': rows and columns must list the same products in the "
			               "same order", z->path, (long long)z->rline[k],
			               ut_strpool_get(&z->rlab, k), (long long)k + 1,
			               ut_strpool_get(&z->clab, k));
	return PLENUM_OK;
}

/* y_i = the sum of product i's row of the final demand matrix. */
static int take_final(const char *path, const io_matrix *z, io_iot *t, int64_t *at,
                      plenum_diag *d)
{
	io_matrix f;
	int rc = io_matrix_read(&f, path, d);
	if (!rc)
		rc = match(&f, z, 1, at, d);
	for (int64_t i = 0; i < t->n && !rc; i++)
		for (int64_t c = 0; c < f.nc; c++)
			t->y[i] += io_matrix_at(&f, at[i], c);
	io_matrix_free(&f);
	return rc;
}

/* Gross output from a label,value file, or the row totals of Z and y. */
static int take_output(const char *path, const io_matrix *z, const io_iot *t, int64_t *at,
                       double *x, plenum_diag *d)
{
	io_matrix m;
	int64_t n = t->n;
	if (!path) {
		for (int64_t i = 0; i < n; i++) {
			x[i] = t->y[i];
			for (int64_t j = 0; j < n; j++)
				x[i] += t->a[i * n + j];
		}
		return PLENUM_OK;
	}
	int rc = io_matrix_read(&m, path, d);
	if (!rc && m.nc != 1)
		rc = ut_fail(d, PLENUM_EFORMAT, "%s:1: %lld value columns: gross output has two "
		             "columns, product and output", path, (long long)m.nc);
	if (!rc)
		rc = match(&m, z, 1, at, d);
	for (int64_t i = 0; i < n && !rc; i++)
		x[i] = io_matrix_at(&m, at[i], 0);
	io_matrix_free(&m);
	return rc;
}

/* Satellite rows (totals per product): one is labour (--labour KEY), the others accounts
 * whose unit is given as "per table" (the file has no units). */
static int take_satellite(const plenum_import_opts *o, const io_matrix *s, const io_matrix *z,
                          io_iot *t, int64_t *at, plenum_diag *d)
{
	int64_t n = t->n, k = 0, lrow = -1;
	int unit = !o->labour || strcmp(o->labour, "unit") == 0;
	if (!unit && (lrow = io_matrix_row(s, o->labour)) < 0)
		return ut_fail(d, PLENUM_EFORMAT, "%s: no row '%s' to use as labour: name a row "
		               "of the satellite file with --labour KEY, or use --labour unit",
		               s->path, o->labour);
	int rc = match(s, z, 0, at, d);
	for (int64_t r = 0; r < s->nr && !rc; r++) {
		double *to = r == lrow ? t->l : t->e + k * n;
		for (int64_t j = 0; j < n; j++)
			to[j] = io_matrix_at(s, r, at[j]);
		if (r == lrow)
			continue;
		const char *key = ut_strpool_get(&s->rlab, r);
		rc = io_iot_account(t, key, key, "", d);
		k++;
	}
	return rc;
}

static int fill(const plenum_import_opts *o, const io_matrix *z, const io_matrix *s,
                io_iot *t, double *x, int64_t *at, plenum_diag *d)
{
	int64_t n = z->nr;
	int rc = PLENUM_OK;
	if (!o->satellite && o->labour && strcmp(o->labour, "unit") != 0)
		return ut_fail(d, PLENUM_EINVAL, "labour '%s' is a row of the satellite file: give "
		               "--satellite FILE, or use --labour unit", o->labour);
	for (int64_t j = 0; j < n && !rc; j++) {
		const char *key = ut_strpool_get(&z->clab, j);
		rc = io_iot_product(t, key, key, d);
	}
	if (!rc)
		rc = io_iot_alloc(t, n, s->nr, d);
	if (rc)
		return rc;
	memcpy(t->a, z->x, (size_t)(n * n) * sizeof(double));
	if (o->final && (rc = take_final(o->final, z, t, at, d)))
		return rc;
	if ((rc = take_output(o->gross_output, z, t, at, x, d)))
		return rc;
	return o->satellite ? take_satellite(o, s, z, t, at, d) : PLENUM_OK;
}

int io_import_flows(const plenum_import_opts *o, io_iot *t, plenum_diag *d)
{
	io_matrix z, s;
	double *x = NULL;
	int64_t *at = NULL;
	memset(&s, 0, sizeof s);
	if (!o->flows)
		return ut_fail(d, PLENUM_EINVAL, "the flows layout needs the flow matrix: give "
		               "--flows FILE");
	int rc = io_matrix_read(&z, o->flows, d);
	if (rc)
		return rc;
	snprintf(t->src, sizeof t->src, "%s", o->flows);
	io_iot_unit(t, o, "money unit");
	rc = check_square(&z, d);
	if (!rc && o->satellite)
		rc = io_matrix_read(&s, o->satellite, d);
	if (!rc && (!(x = ut_mallocarray((size_t)z.nr, sizeof *x)) ||
	            !(at = ut_mallocarray((size_t)z.nr, sizeof *at))))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory");
	if (!rc)
		rc = fill(o, &z, &s, t, x, at, d);
	if (!rc && o->gross_output)
		io_iot_check_balance(t, x, d);
	if (!rc)
		rc = io_iot_per_unit(t, x, d);
	if (!rc && (!o->labour || strcmp(o->labour, "unit") == 0))
		io_iot_labour_output(t);
	else if (!rc)
		io_iot_labour(t, o->labour_unit, o->labour);
	if (!rc && o->labour && strcmp(o->labour, "unit") != 0 && !o->labour_unit &&
	    !ec_unit_is_hours(o->labour))
		ut_warn(d, INFINITY, "labour row '%s' taken as hours: if it counts pay or jobs, say "
		        "so with --labour-unit (else plans set hours offered against it)", o->labour);
	ut_free(x);
	ut_free(at);
	io_matrix_free(&z);
	io_matrix_free(&s);
	return rc;
}
