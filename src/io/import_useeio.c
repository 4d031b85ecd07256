/* The US EPA USEEIO model files (CSV form of its API matrices): A (direct requirements per
 * USD, commodity x commodity), D (indicator per USD of output), the sector and indicator
 * lists, and a final demand vector in USD. */
#include <stdio.h>
#include <string.h>
#include "io/import.h"
#include "io/io.h"

/* A must be square with the same codes down and across, in the same order. */
static int check_square(const io_matrix *a, plenum_diag *d)
{
	if (a->nr != a->nc)
		return ut_fail(d, PLENUM_EFORMAT, "%s: %lld rows but %lld columns: A must be "
		               "square (commodity x commodity)", a->path, (long long)a->nr,
		               (long long)a->nc);
	for (int64_t k = 0; k < a->nr; k++)
		if (strcmp(ut_strpool_get(&a->rlab, k), ut_strpool_get(&a->clab, k)) != 0)
			return ut_fail(d, PLENUM_EFORMAT, "%s:%lld: row '%s' where column %lld is "
			               "'%s': rows and columns must list the same codes in the same "
			               "order", a->path, (long long)a->rline[k],
			               ut_strpool_get(&a->rlab, k), (long long)k + 1,
			               ut_strpool_get(&a->clab, k));
	return PLENUM_OK;
}

/* Products named from sectors.csv: a code given twice is an error (io_names_read), one
 * that is no commodity of A a warning; commodities it does not name keep their code. */
static int take_products(const io_matrix *a, const io_names *sec, io_iot *t, plenum_diag *d)
{
	for (int64_t j = 0; j < a->nc; j++) {
		const char *code = ut_strpool_get(&a->clab, j);
		int64_t k = io_names_find(sec, code);
		int rc = io_iot_product(t, code, k >= 0 ? ut_strpool_get(&sec->name, k) : code, d);
		if (rc)
			return rc;
	}
	return io_names_warn_unknown(sec, &t->key, "commodity of A", d);
}

/* The row of D used as labour: -1 for labour 1 per unit. */
static int labour_row(const plenum_import_opts *o, const io_matrix *dm, int64_t *r,
                      plenum_diag *d)
{
	const char *code = o->labour ? o->labour : "JOBS";
	*r = -1;
	if (strcmp(code, "unit") == 0)
		return PLENUM_OK;
	if (!o->impacts)
		return ut_fail(d, PLENUM_EINVAL, "useeio labour '%s' is a row of D: give "
		               "--impacts D.csv, or use --labour unit", code);
	if ((*r = io_matrix_row(dm, code)) < 0)
		return ut_fail(d, PLENUM_EFORMAT, "%s: no indicator row '%s' to use as labour: "
		               "name a row of D with --labour CODE, or use --labour unit",
		               dm->path, code);
	return PLENUM_OK;
}

/* Accounts: every row of D but the labour row; amounts per USD of output. Every column of D
 * must be a commodity of A: another would lose its numbers. */
static int take_impacts(const io_matrix *dm, int64_t lrow, const io_names *ind, io_iot *t,
                        plenum_diag *d)
{
	int64_t n = t->n, k = 0;
	int64_t *col = ut_mallocarray((size_t)(n ? n : 1), sizeof *col);
	int rc = col ? PLENUM_OK : ut_fail(d, PLENUM_ENOMEM, "out of memory");
	for (int64_t j = 0; j < n && !rc; j++)
		rc = io_matrix_need_col(dm, ut_strpool_get(&t->key, j), &col[j], d);
	if (!rc)
		rc = io_matrix_cols_known(dm, &t->key, "commodity of A", d);
	for (int64_t r = 0; r < dm->nr && !rc; r++) {
		double *to = r == lrow ? t->l : t->e + k * n;
		for (int64_t j = 0; j < n; j++)
			to[j] = io_matrix_at(dm, r, col[j]);
		if (r == lrow)
			continue;
		const char *code = ut_strpool_get(&dm->rlab, r);
		int64_t at = io_names_find(ind, code);
		rc = io_iot_account(t, code, at >= 0 ? ut_strpool_get(&ind->name, at) : code,
		                    at >= 0 ? ut_strpool_get(&ind->extra, at) : "", d);
		k++;
	}
	ut_free(col);
	return rc;
}

/* Final demand in USD: a code,amount table; every code must be a product (found through
 * an index of the products: a scan of them per code was quadratic). */
static int take_demand(const char *path, io_iot *t, plenum_diag *d)
{
	io_matrix y;
	ut_strindex keys = {0};
	int rc = io_matrix_read(&y, path, d);
	if (rc)
		return rc;
	if (y.nc != 1)
		rc = ut_fail(d, PLENUM_EFORMAT, "%s:1: %lld value columns: a demand vector has "
		             "two columns, code and amount", path, (long long)y.nc);
	if (!rc && ut_strindex_build(&keys, &t->key))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory");
	for (int64_t r = 0; r < y.nr && !rc; r++) {
		const char *code = ut_strpool_get(&y.rlab, r);
		int64_t i = ut_strindex_find(&keys, &t->key, code);
		if (i < 0)
			rc = ut_fail(d, PLENUM_ENOTFOUND, "%s:%lld:1: unknown commodity '%s': the "
			             "demand must use the codes of A", path, (long long)y.rline[r],
			             code);
		else
			t->y[i] = io_matrix_at(&y, r, 0);
	}
	ut_strindex_free(&keys);
	io_matrix_free(&y);
	return rc;
}

/* What the labour row counts: --labour-unit, else its unit in indicators.csv (JOBS: jobs),
 * else its code; 1 per unit of output without a row. */
static void labour_unit(const plenum_import_opts *o, const io_matrix *dm, int64_t lrow,
                        const io_names *ind, io_iot *t)
{
	if (lrow < 0) {
		io_iot_labour_output(t);
		return;
	}
	const char *code = ut_strpool_get(&dm->rlab, lrow);
	int64_t at = io_names_find(ind, code);
	const char *unit = at >= 0 ? ut_strpool_get(&ind->extra, at) : "";
	io_iot_labour(t, o->labour_unit ? o->labour_unit : *unit ? unit : code,
	              at >= 0 ? ut_strpool_get(&ind->name, at) : code);
}

static int fill(const plenum_import_opts *o, const io_matrix *a, const io_matrix *dm,
                const io_names *sec, const io_names *ind, io_iot *t, plenum_diag *d)
{
	int64_t n = a->nr, lrow;
	int rc = labour_row(o, dm, &lrow, d);
	if (!rc)
		rc = take_products(a, sec, t, d);
	if (!rc)
		rc = io_iot_alloc(t, n, dm->nr, d);
	if (rc)
		return rc;
	memcpy(t->a, a->x, (size_t)(n * n) * sizeof(double));
	for (int64_t j = 0; j < n; j++)
		t->l[j] = 1.0; /* replaced by the labour row when there is one */
	if (o->impacts && (rc = take_impacts(dm, lrow, ind, t, d)))
		return rc;
	labour_unit(o, dm, lrow, ind, t);
	if ((rc = io_names_warn_unknown(ind, &dm->rlab, "indicator row of D", d)))
		return rc;
	return o->demand ? take_demand(o->demand, t, d) : PLENUM_OK;
}

int io_import_useeio(const plenum_import_opts *o, io_iot *t, plenum_diag *d)
{
	static const char *const sec_cols[3] = {"code", "name", NULL};
	static const char *const ind_cols[3] = {"code", "name", "unit"};
	io_matrix a, dm;
	io_names sec = {0}, ind = {0};
	memset(&dm, 0, sizeof dm);
	if (!o->coefficients)
		return ut_fail(d, PLENUM_EINVAL, "useeio needs the direct requirements: give "
		               "--coefficients A.csv");
	int rc = io_matrix_read(&a, o->coefficients, d);
	if (rc)
		return rc;
	snprintf(t->src, sizeof t->src, "%s", o->coefficients);
	io_iot_unit(t, o, "USD");
	rc = check_square(&a, d);
	if (!rc && o->impacts)
		rc = io_matrix_read(&dm, o->impacts, d);
	if (!rc && o->sectors)
		rc = io_names_read(&sec, o->sectors, "index,code,name,location", sec_cols, d);
	if (!rc && o->indicators)
		rc = io_names_read(&ind, o->indicators, "index,code,name,unit", ind_cols, d);
	if (!rc)
		rc = fill(o, &a, &dm, &sec, &ind, t, d);
	io_matrix_free(&a);
	io_matrix_free(&dm);
	io_names_free(&sec);
	io_names_free(&ind);
	return rc;
}
