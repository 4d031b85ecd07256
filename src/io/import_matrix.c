/* A labelled numeric table read whole (the coefficient, flow and indicator matrices of the
 * IO sources): row labels in the first column, column labels in the header, numbers
 * elsewhere; and the code,name lists that name their rows. Built on the io_csv reader, so
 * every bad field is reported at line:column. Labels are indexed as they are read (ut_strindex):
 * each is checked against all those before it, which a scan made quadratic. */
#include <stdio.h>
#include <string.h>
#include "io/import.h"
#include "io/io.h"

/* Appends one data record: its label and its numbers. */
static int take_row(io_matrix *m, io_csv *c, int64_t *cap)
{
	if (m->nr == *cap) {
		int64_t nc = *cap ? *cap * 2 : 64;
		double *x = ut_realloc(m->x, (size_t)nc * (size_t)m->nc * sizeof *x);
		if (x)
			m->x = x;
		int64_t *l = x ? ut_realloc(m->rline, (size_t)nc * sizeof *l) : NULL;
		if (!l)
			return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", m->path);
		m->rline = l;
		*cap = nc;
	}
	const char *label = io_csv_get(c, 0);
	if (!*label) /* it would be an empty product key, which no reader takes */
		return io_csv_fail(c, 0, PLENUM_EFORMAT, "empty row label: give each row a label");
	if (io_matrix_row(m, label) >= 0)
		return io_csv_fail(c, 0, PLENUM_EDUPLICATE, "second row labelled '%s': each row "
		                   "label must appear once", label);
	int64_t r = ut_strpool_add(&m->rlab, label, strlen(label));
	if (r < 0 || ut_strindex_add(&m->rfind, &m->rlab, r))
		return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", m->path);
	m->rline[m->nr] = c->fline[0];
	double *row = m->x + m->nr * m->nc;
	for (int64_t k = 0; k < m->nc; k++) {
		int rc = io_csv_number(c, (int)k + 1, "value", &row[k]);
		if (rc)
			return rc;
	}
	m->nr++;
	return PLENUM_OK;
}

/* Takes the header's labels after the first; a repeated label is an error. */
static int take_header(io_matrix *m, io_csv *c)
{
	m->nc = c->hdr.count - 1;
	if (m->nc < 1)
		return ut_fail(c->d, PLENUM_EFORMAT, "%s:1:1: the header has no column after the "
		               "row labels: this is not a labelled table", m->path);
	m->cline = ut_mallocarray((size_t)m->nc, sizeof *m->cline);
	m->ccol = ut_mallocarray((size_t)m->nc, sizeof *m->ccol);
	if (!m->cline || !m->ccol)
		return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", m->path);
	for (int64_t k = 1; k <= m->nc; k++) {
		const char *s = ut_strpool_get(&c->hdr, k);
		if (!*s)
			return ut_fail(c->d, PLENUM_EFORMAT, "%s:1:%lld: empty column label: give each "
			               "column a label", m->path, (long long)k + 1);
		if (io_matrix_col(m, s) >= 0)
			return ut_fail(c->d, PLENUM_EDUPLICATE, "%s:1: column '%s' appears twice in "
			               "the header: each column label must appear once", m->path, s);
		int64_t j = ut_strpool_add(&m->clab, s, strlen(s));
		if (j < 0 || ut_strindex_add(&m->cfind, &m->clab, j))
			return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", m->path);
		m->cline[k - 1] = c->hline[k];
		m->ccol[k - 1] = c->hcol[k];
	}
	return PLENUM_OK;
}

int io_matrix_read(io_matrix *m, const char *path, plenum_diag *d)
{
	io_csv c;
	int64_t cap = 0;
	int got = 1;
	memset(m, 0, sizeof *m);
	snprintf(m->path, sizeof m->path, "%s", path);
	int rc = io_csv_open(&c, path, "label,column labels...", d);
	if (rc)
		return rc;
	rc = take_header(m, &c);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got)
		rc = take_row(m, &c, &cap);
	if (!rc && m->nr == 0)
		rc = ut_fail(d, PLENUM_EFORMAT, "%s:2:1: no data rows after the header: the table "
		             "is empty", path);
	io_csv_close(&c);
	if (rc)
		io_matrix_free(m);
	return rc;
}

int64_t io_matrix_row(const io_matrix *m, const char *label)
{
	return ut_strindex_find(&m->rfind, &m->rlab, label);
}

int64_t io_matrix_col(const io_matrix *m, const char *label)
{
	return ut_strindex_find(&m->cfind, &m->clab, label);
}

int io_matrix_need_row(const io_matrix *m, const char *label, int64_t *r, plenum_diag *d)
{
	if ((*r = io_matrix_row(m, label)) < 0)
		return ut_fail(d, PLENUM_EFORMAT, "%s: no row labelled '%s': is this the right "
		               "file for the format?", m->path, label);
	return PLENUM_OK;
}

int io_matrix_need_col(const io_matrix *m, const char *label, int64_t *c, plenum_diag *d)
{
	if ((*c = io_matrix_col(m, label)) < 0)
		return ut_fail(d, PLENUM_EFORMAT, "%s:1: no column labelled '%s' in the header: is "
		               "this the right file for the format?", m->path, label);
	return PLENUM_OK;
}

/* How many strings of labels (those of the file path) are none of keys, and the first of
 * them (-1: none). keys are indexed for the while: they are a table's products, and a scan
 * of them per label was quadratic. */
static int unknown(const ut_strpool *labels, const ut_strpool *keys, const char *path,
                   int64_t *count, int64_t *first, plenum_diag *d)
{
	ut_strindex known = {0};
	*count = 0;
	*first = -1;
	if (!labels->count)
		return PLENUM_OK;
	if (ut_strindex_build(&known, keys))
		return ut_fail(d, PLENUM_ENOMEM, "%s: out of memory", path);
	for (int64_t k = 0; k < labels->count; k++) {
		const char *s = ut_strpool_get(labels, k);
		if (ut_strindex_find(&known, keys, s) < 0 && (*count)++ == 0)
			*first = k;
	}
	ut_strindex_free(&known);
	return PLENUM_OK;
}

int io_matrix_rows_known(const io_matrix *m, const ut_strpool *keys, const char *what,
                         plenum_diag *d)
{
	int64_t count, r;
	int rc = unknown(&m->rlab, keys, m->path, &count, &r, d);
	if (rc || r < 0)
		return rc;
	return ut_fail(d, PLENUM_ENOTFOUND, "%s:%lld:1: row '%s' is no %s: its numbers would be "
	               "lost; remove the row or correct its label", m->path,
	               (long long)m->rline[r], ut_strpool_get(&m->rlab, r), what);
}

int io_matrix_cols_known(const io_matrix *m, const ut_strpool *keys, const char *what,
                         plenum_diag *d)
{
	int64_t count, k;
	int rc = unknown(&m->clab, keys, m->path, &count, &k, d);
	if (rc || k < 0)
		return rc;
	return ut_fail(d, PLENUM_ENOTFOUND, "%s:%lld:%lld: column '%s' is no %s: its numbers "
	               "would be lost; remove the column or correct its label", m->path,
	               (long long)m->cline[k], (long long)m->ccol[k], ut_strpool_get(&m->clab, k),
	               what);
}

void io_matrix_free(io_matrix *m)
{
	ut_strpool_free(&m->rlab);
	ut_strpool_free(&m->clab);
	ut_strindex_free(&m->rfind);
	ut_strindex_free(&m->cfind);
	ut_free(m->rline);
	ut_free(m->cline);
	ut_free(m->ccol);
	ut_free(m->x);
	m->rline = m->cline = m->ccol = NULL;
	m->x = NULL;
	m->nr = m->nc = 0;
}

/* ---- code,name lists ---- */

/* Appends the current record's code (field kc, at its place), name and extra field. */
static int names_add(io_names *n, io_csv *c, const int k[3])
{
	int64_t at = n->code.count;
	if (at == n->cap) {
		int64_t cap = n->cap ? n->cap * 2 : 64;
		int64_t *l = ut_realloc(n->line, (size_t)cap * sizeof *l);
		if (l)
			n->line = l;
		int64_t *o = l ? ut_realloc(n->col, (size_t)cap * sizeof *o) : NULL;
		if (!o)
			return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", n->path);
		n->col = o;
		n->cap = cap;
	}
	const char *s[3] = {io_csv_get(c, k[0]), io_csv_get(c, k[1]), io_csv_get(c, k[2])};
	int64_t first = io_names_find(n, s[0]);
	if (first >= 0)
		return io_csv_fail(c, k[0], PLENUM_EDUPLICATE, "code '%s' again (first on line "
		                   "%lld): give each code once", s[0], (long long)n->line[first]);
	n->line[at] = c->fline[k[0]];
	n->col[at] = c->fcol[k[0]];
	if (ut_strpool_add(&n->code, s[0], strlen(s[0])) < 0 ||
	    ut_strindex_add(&n->cfind, &n->code, at) ||
	    ut_strpool_add(&n->name, s[1], strlen(s[1])) < 0 ||
	    ut_strpool_add(&n->extra, s[2], strlen(s[2])) < 0)
		return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", n->path);
	return PLENUM_OK;
}

int io_names_read(io_names *n, const char *path, const char *expect,
                  const char *const cols[3], plenum_diag *d)
{
	io_csv c;
	int k[3] = {-1, -1, -1}, got = 1;
	io_names_free(n);
	snprintf(n->path, sizeof n->path, "%s", path);
	int rc = io_csv_open(&c, path, expect, d);
	if (rc)
		return rc;
	for (int j = 0; j < 3 && !rc; j++)
		if (cols[j])
			rc = io_csv_column(&c, cols[j], 1, &k[j]);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got)
		rc = names_add(n, &c, k);
	io_csv_close(&c);
	if (rc)
		io_names_free(n);
	return rc;
}

int64_t io_names_find(const io_names *n, const char *code)
{
	return ut_strindex_find(&n->cfind, &n->code, code);
}

int io_names_warn_unknown(const io_names *n, const ut_strpool *keys, const char *what,
                          plenum_diag *d)
{
	int64_t count, first;
	int rc = unknown(&n->code, keys, n->path, &count, &first, d);
	if (rc)
		return rc;
	if (count == 1)
		ut_warn(d, 0, "%s:%lld:%lld: code '%s' names no %s: its name is not used; check "
		        "that the file belongs to this table", n->path, (long long)n->line[first],
		        (long long)n->col[first], ut_strpool_get(&n->code, first), what);
	else if (count > 1)
		ut_warn(d, 0, "%s:%lld:%lld: code '%s' and %lld more name no %s: their names are "
		        "not used; check that the file belongs to this table", n->path,
		        (long long)n->line[first], (long long)n->col[first],
		        ut_strpool_get(&n->code, first), (long long)count - 1, what);
	return PLENUM_OK;
}

void io_names_free(io_names *n)
{
	ut_strpool_free(&n->code);
	ut_strpool_free(&n->name);
	ut_strpool_free(&n->extra);
	ut_strindex_free(&n->cfind);
	ut_free(n->line);
	ut_free(n->col);
	n->line = n->col = NULL;
	n->cap = 0;
}
