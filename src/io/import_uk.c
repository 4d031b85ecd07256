/* The UK ONS input-output analytical tables (product x product domestic use at basic prices,
 * £ million): flows, final demand columns and the rows below the products (compensation of
 * employees, gross operating surplus, taxes, total output). */
#include <stdio.h>
#include <string.h>
#include "io/import.h"
#include "io/io.h"

#define UK_INTERMEDIATE "Total intermediate demand"
#define UK_TOTAL_DEMAND "Total demand"
#define UK_OUTPUT "Total output"
#define UK_COMP "Compensation of employees"

/* The rows whose sum is gross value added at basic prices (the ONS GVA multipliers). */
static const char *const gva_rows[] = {UK_COMP, "Gross Operating Surplus",
                                       "Taxes less subsidies on production"};

/* Products are the leading columns up to "Total intermediate demand"; the first rows must
 * name the same products in the same order. */
static int find_products(const io_matrix *m, int64_t *n, plenum_diag *d)
{
	int rc = io_matrix_need_col(m, UK_INTERMEDIATE, n, d);
	if (rc)
		return rc;
	if (*n == 0 || m->nr < *n)
		return ut_fail(d, PLENUM_EFORMAT, "%s: %lld product columns but %lld rows: the "
		               "table must start with one row per product column", m->path,
		               (long long)*n, (long long)m->nr);
	for (int64_t k = 0; k < *n; k++) {
		const char *r = ut_strpool_get(&m->rlab, k), *c = ut_strpool_get(&m->clab, k);
		if (strcmp(r, c) != 0)
			return ut_fail(d, PLENUM_EFORMAT, "%s:%lld: row %lld is '%s' but column %lld "
			               "is '%s': rows and columns must list the products in the same "
			               "order", m->path, (long long)m->rline[k], (long long)k + 1, r,
			               (long long)k + 1, c);
	}
	return PLENUM_OK;
}

/* Products are named from a code,label file: a code given twice is an error, one that is
 * no product of the table a warning (official label lists also name the rows below the
 * products); products it does not name keep their code as name. */
static int take_names(const plenum_import_opts *o, const io_matrix *m, int64_t n, io_iot *t,
                      plenum_diag *d)
{
	static const char *const cols[3] = {"code", "label", NULL};
	io_names lab = {0};
	int rc = o->labels ? io_names_read(&lab, o->labels, "code,label", cols, d) : PLENUM_OK;
	for (int64_t j = 0; j < n && !rc; j++) {
		const char *k = ut_strpool_get(&m->clab, j);
		int64_t at = io_names_find(&lab, k);
		rc = io_iot_product(t, k, at >= 0 ? ut_strpool_get(&lab.name, at) : k, d);
	}
	if (!rc)
		rc = io_names_warn_unknown(&lab, &t->key, "product of the table", d);
	io_names_free(&lab);
	return rc;
}

/* Flows, final demand (every column after the intermediate total up to "Total demand"),
 * labour flows and GVA flows, all still in £ million. */
static int take_flows(const plenum_import_opts *o, const io_matrix *m, int64_t n, io_iot *t,
                      plenum_diag *d)
{
	int64_t rcomp, end = io_matrix_col(m, UK_TOTAL_DEMAND), rg[3];
	int unit = o->labour && strcmp(o->labour, "unit") == 0;
	if (o->labour && !unit && strcmp(o->labour, "compensation") != 0)
		return ut_fail(d, PLENUM_EINVAL, "labour '%s' is not known for uk-ons: use "
		               "'compensation' or 'unit'", o->labour);
	int rc = io_matrix_need_row(m, UK_COMP, &rcomp, d);
	for (int k = 0; k < 3 && !rc; k++)
		rc = io_matrix_need_row(m, gva_rows[k], &rg[k], d);
	if (rc)
		return rc;
	if (end < 0)
		end = m->nc;
	for (int64_t i = 0; i < n; i++) {
		for (int64_t j = 0; j < n; j++)
			t->a[i * n + j] = io_matrix_at(m, i, j);
		for (int64_t f = n + 1; f < end; f++)
			t->y[i] += io_matrix_at(m, i, f);
		t->l[i] = unit ? 0.0 : io_matrix_at(m, rcomp, i);
		for (int k = 0; k < 3; k++)
			t->e[i] += io_matrix_at(m, rg[k], i);
	}
	return PLENUM_OK;
}

int io_import_uk_ons(const plenum_import_opts *o, io_iot *t, plenum_diag *d)
{
	io_matrix m;
	int64_t n, rx;
	if (!o->flows)
		return ut_fail(d, PLENUM_EINVAL, "uk-ons needs the use table: give --flows FILE");
	int rc = io_matrix_read(&m, o->flows, d);
	if (rc)
		return rc;
	snprintf(t->src, sizeof t->src, "%s", o->flows);
	io_iot_unit(t, o, "£m");
	double *x = ut_mallocarray((size_t)m.nc, sizeof *x);
	if (!x)
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory");
	if (!rc)
		rc = find_products(&m, &n, d);
	if (!rc)
		rc = io_matrix_need_row(&m, UK_OUTPUT, &rx, d);
	if (!rc)
		rc = take_names(o, &m, n, t, d);
	if (!rc)
		rc = io_iot_account(t, "GVA", "gross value added at basic prices", t->unit, d);
	if (!rc)
		rc = io_iot_alloc(t, n, 1, d);
	if (!rc)
		rc = take_flows(o, &m, n, t, d);
	for (int64_t j = 0; !rc && j < n; j++)
		x[j] = io_matrix_at(&m, rx, j);
	if (!rc)
		io_iot_check_balance(t, x, d);
	if (!rc)
		rc = io_iot_per_unit(t, x, d);
	if (!rc && o->labour && strcmp(o->labour, "unit") == 0)
		io_iot_labour_output(t);
	else if (!rc)
		io_iot_labour(t, t->unit, "compensation of employees");
	ut_free(x);
	io_matrix_free(&m);
	return rc;
}
