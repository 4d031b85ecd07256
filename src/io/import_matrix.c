/* A labelled numeric table read whole (the coefficient, flow and indicator matrices of the
 * IO sources): row labels in the first column, column labels in the header, numbers
 * elsewhere. Built on the io_csv reader, so every bad field is reported at line:column. */
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
	if (ut_strpool_add(&m->rlab, label, strlen(label)) < 0)
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
	for (int64_t k = 1; k <= m->nc; k++) {
		const char *s = ut_strpool_get(&c->hdr, k);
		if (!*s)
			return ut_fail(c->d, PLENUM_EFORMAT, "%s:1:%lld: empty column label: give each "
			               "column a label", m->path, (long long)k + 1);
		if (io_matrix_col(m, s) >= 0)
			return ut_fail(c->d, PLENUM_EDUPLICATE, "%s:1: column '%s' appears twice in "
			               "the header: each column label must appear once", m->path, s);
		if (ut_strpool_add(&m->clab, s, strlen(s)) < 0)
			return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", m->path);
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

static int64_t find(const ut_strpool *p, const char *label)
{
	for (int64_t k = 0; k < p->count; k++)
		if (strcmp(ut_strpool_get(p, k), label) == 0)
			return k;
	return -1;
}

int64_t io_matrix_row(const io_matrix *m, const char *label)
{
	return find(&m->rlab, label);
}

int64_t io_matrix_col(const io_matrix *m, const char *label)
{
	return find(&m->clab, label);
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

void io_matrix_free(io_matrix *m)
{
	ut_strpool_free(&m->rlab);
	ut_strpool_free(&m->clab);
	ut_free(m->rline);
	ut_free(m->x);
	m->rline = NULL;
	m->x = NULL;
	m->nr = m->nc = 0;
}
