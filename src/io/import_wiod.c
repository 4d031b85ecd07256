/* WIOD 2016 release: a national IO table (all years in one file, industry x industry, USD
 * million, Domestic / Imports / TOT rows) and the socio-economic accounts (long format, one
 * row per industry and year) for hours worked by employees, H_EMPE (millions of hours). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/import.h"
#include "io/io.h"

/* The NIOT read for one year: the Domestic rows and the TOT row GO. */
typedef struct niot {
	int kyear, kcode, kdesc, korig, first; /* header columns; values start at first */
	int nv;                                /* value columns: every column from first */
	ut_strpool code, desc;                 /* the Domestic rows, in order */
	double *v;                             /* length rows * nv: their values */
	int64_t cap;
	double *go;                            /* length nv: the TOT row GO, or NULL */
	int64_t go_line;
	long ymin, ymax;                       /* the years the rows hold (ymin > ymax: none) */
} niot;

static int year_is(const io_csv *c, int k, int year)
{
	char *end;
	long y = strtol(io_csv_get(c, k), &end, 10);
	return *end == '\0' && y == year;
}

/* Notes the row's year among those the table holds, for a message naming them. */
static void note_year(const io_csv *c, niot *t)
{
	char *end;
	long y = strtol(io_csv_get(c, t->kyear), &end, 10);
	if (*end == '\0')
		t->ymin = y < t->ymin ? y : t->ymin, t->ymax = y > t->ymax ? y : t->ymax;
}

static int values(io_csv *c, const niot *t, double *out)
{
	for (int k = 0; k < t->nv; k++) {
		int rc = io_csv_number(c, t->first + k, "value", &out[k]);
		if (rc)
			return rc;
	}
	return PLENUM_OK;
}

static int domestic_row(io_csv *c, niot *t)
{
	int64_t r = t->code.count;
	if (r == t->cap) {
		int64_t cap = t->cap ? t->cap * 2 : 64;
		double *v = ut_realloc(t->v, (size_t)cap * (size_t)t->nv * sizeof *v);
		if (!v)
			return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", c->path);
		t->v = v;
		t->cap = cap;
	}
	const char *code = io_csv_get(c, t->kcode), *desc = io_csv_get(c, t->kdesc);
	if (ut_strpool_add(&t->code, code, strlen(code)) < 0 ||
	    ut_strpool_add(&t->desc, desc, strlen(desc)) < 0)
		return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", c->path);
	return values(c, t, t->v + r * t->nv);
}

static int go_row(io_csv *c, niot *t)
{
	if (t->go)
		return io_csv_fail(c, t->kcode, PLENUM_EDUPLICATE, "second TOT row GO for this "
		                   "year (the first is on line %lld): keep one", (long long)t->go_line);
	if (!(t->go = ut_mallocarray((size_t)t->nv, sizeof *t->go)))
		return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", c->path);
	t->go_line = c->fline[0];
	return values(c, t, t->go);
}

static int niot_header(io_csv *c, niot *t)
{
	int rc = io_csv_column(c, "Year", 1, &t->kyear);
	if (!rc)
		rc = io_csv_column(c, "Code", 1, &t->kcode);
	if (!rc)
		rc = io_csv_column(c, "Description", 1, &t->kdesc);
	if (!rc)
		rc = io_csv_column(c, "Origin", 1, &t->korig);
	t->first = t->korig + 1;
	t->nv = (int)c->hdr.count - t->first;
	if (!rc && (t->kyear >= t->first || t->kcode >= t->first || t->kdesc >= t->first || t->nv < 2))
		rc = ut_fail(c->d, PLENUM_EFORMAT, "%s:1:1: expected Year,Code,Description,Origin "
		             "and then the industry and final demand columns", c->path);
	return rc;
}

static int niot_read(const char *path, int year, niot *t, ut_strpool *hdr, plenum_diag *d)
{
	io_csv c;
	int got = 1;
	int rc = io_csv_open(&c, path, "Year,Code,Description,Origin,<industries>,...,GO", d);
	t->ymin = LONG_MAX, t->ymax = LONG_MIN;
	if (!rc)
		rc = niot_header(&c, t);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got) {
		note_year(&c, t);
		if (!year_is(&c, t->kyear, year))
			continue;
		const char *orig = io_csv_get(&c, t->korig), *code = io_csv_get(&c, t->kcode);
		if (strcmp(orig, "Domestic") == 0)
			rc = domestic_row(&c, t);
		else if (strcmp(orig, "TOT") == 0 && strcmp(code, "GO") == 0)
			rc = go_row(&c, t);
	}
	for (int k = 0; !rc && k < t->nv; k++) {
		const char *s = ut_strpool_get(&c.hdr, t->first + k);
		if (ut_strpool_add(hdr, s, strlen(s)) < 0)
			rc = ut_fail(d, PLENUM_ENOMEM, "out of memory");
	}
	io_csv_close(&c);
	if (!rc && t->code.count == 0 && t->ymin <= t->ymax)
		rc = ut_fail(d, PLENUM_ENOTFOUND, "%s: no Domestic rows for year %d: give a year "
		             "the table holds with --year (its rows run from %ld to %ld)", path, year,
		             t->ymin, t->ymax);
	else if (!rc && t->code.count == 0)
		rc = ut_fail(d, PLENUM_ENOTFOUND, "%s: no Domestic rows for year %d, nor any year: "
		             "is it a WIOD national input-output table?", path, year);
	if (!rc && !t->go)
		rc = ut_fail(d, PLENUM_EFORMAT, "%s: no TOT row GO (gross output) for year %d: "
		             "the table is incomplete", path, year);
	return rc;
}

static void niot_free(niot *t)
{
	ut_strpool_free(&t->code);
	ut_strpool_free(&t->desc);
	ut_free(t->v);
	ut_free(t->go);
}

/* Column (among the values) of each industry; every column that is neither an industry nor
 * GO is final demand (fd[k] = 1). The header is indexed for the while: a scan of it per
 * industry was quadratic. A label given twice names its first column, as the scan did. */
static int map_columns(const char *path, const niot *t, const ut_strpool *hdr, int64_t *col,
                       char *fd, plenum_diag *d)
{
	int64_t n = t->code.count;
	ut_strindex column = {0};
	for (int64_t k = 0; k < t->nv; k++)
		fd[k] = strcmp(ut_strpool_get(hdr, k), "GO") != 0;
	int rc = ut_strindex_build(&column, hdr) ? ut_fail(d, PLENUM_ENOMEM, "out of memory")
	                                         : PLENUM_OK;
	for (int64_t j = 0; j < n && !rc; j++) {
		const char *code = ut_strpool_get(&t->code, j);
		if ((col[j] = ut_strindex_find(&column, hdr, code)) < 0)
			rc = ut_fail(d, PLENUM_EFORMAT, "%s:1: industry '%s' has a Domestic row but "
			             "no column: rows and columns must list the same industries",
			             path, code);
		else
			fd[col[j]] = 0;
	}
	ut_strindex_free(&column);
	return rc;
}

/* The NIOT's country from its file name, as WIOD names its national tables (USA_NIOT_nov16;
 * the copies in tests/data: usa_niot_2000_2014.csv): three ASCII letters, then '_', '-',
 * '.' or the end; upper-cased into cc. "" when the name does not start so. */
static void niot_country(const char *path, char cc[4])
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	cc[0] = '\0';
	for (int k = 0; k < 3; k++) { /* ASCII letters, whatever the locale */
		char up = (char)(b[k] & ~0x20);
		if (up < 'A' || up > 'Z')
			return;
	}
	if (b[3] && !strchr("_-.", b[3]))
		return;
	for (int k = 0; k < 3; k++)
		cc[k] = (char)(b[k] & ~0x20);
	cc[3] = '\0';
}

/* The socio-economic accounts being read: their columns and the country whose rows are
 * taken. The file may hold several countries (the official SEA holds all of them). */
typedef struct sea {
	io_csv c;
	int kcountry, kyear, kcode, kh;
	const char *niot;  /* the NIOT's path, for messages */
	char named[4];     /* the NIOT's country (--country, or its file name's), or "" */
	const char *by;    /* where named came from, for messages */
	char *want;        /* the country taken: named, else the first the file holds */
	char *other;       /* the first other country met, for messages, or NULL */
	int64_t other_line;
	int64_t taken;     /* rows of want, any year */
	ut_strindex industry; /* the table's industries (t->key) indexed: one look-up a row */
} sea;

/* *mine: the current row is of the country taken. When the NIOT's name gives no country,
 * the first one met is taken and a second one fails: which is the NIOT's is unknown. */
static int sea_country(sea *s, int *mine)
{
	const char *cc = io_csv_get(&s->c, s->kcountry);
	if (!s->want && !(s->want = ut_strdup(cc)))
		return ut_fail(s->c.d, PLENUM_ENOMEM, "%s: out of memory", s->c.path);
	*mine = strcmp(cc, s->want) == 0;
	if (*mine || s->other)
		return PLENUM_OK;
	if (!s->named[0])
		return io_csv_fail(&s->c, s->kcountry, PLENUM_EFORMAT, "country '%s' after '%s': "
		                   "the accounts hold several countries and the NIOT's file name (%s) "
		                   "does not say which is its own: give --country CCC, its code",
		                   cc, s->want, s->niot);
	if (!(s->other = ut_strdup(cc)))
		return ut_fail(s->c.d, PLENUM_ENOMEM, "%s: out of memory", s->c.path);
	s->other_line = s->c.fline[0];
	return PLENUM_OK;
}

/* Takes H_EMPE of the current row when it is of the country and year wanted; seen marks
 * the industries already taken. */
static int sea_row(sea *s, int year, const io_iot *t, double *h, char *seen)
{
	int mine;
	int rc = sea_country(s, &mine);
	if (rc || !mine)
		return rc;
	s->taken++;
	if (!year_is(&s->c, s->kyear, year))
		return PLENUM_OK;
	int64_t j = ut_strindex_find(&s->industry, &t->key, io_csv_get(&s->c, s->kcode));
	if (j < 0)
		return PLENUM_OK;
	if (seen[j])
		return io_csv_fail(&s->c, s->kcode, PLENUM_EDUPLICATE, "second row for industry '%s' "
		                   "of '%s' in year %d: keep one", ut_strpool_get(&t->key, j),
		                   s->want, year);
	if ((rc = io_csv_number(&s->c, s->kh, "H_EMPE", &h[j])))
		return rc;
	h[j] *= 1e6;
	seen[j] = 1;
	return PLENUM_OK;
}

static int sea_header(sea *s)
{
	int rc = io_csv_column(&s->c, "country", 1, &s->kcountry);
	if (!rc)
		rc = io_csv_column(&s->c, "year", 1, &s->kyear);
	if (!rc)
		rc = io_csv_column(&s->c, "code", 1, &s->kcode);
	if (!rc)
		rc = io_csv_column(&s->c, "H_EMPE", 1, &s->kh);
	return rc;
}

/* The accounts must hold the NIOT's country and every industry of the table. */
static int sea_complete(const sea *s, const char *path, int year, const io_iot *t,
                        const char *seen, plenum_diag *d)
{
	if (s->named[0] && !s->taken && s->other)
		return ut_fail(d, PLENUM_ENOTFOUND, "%s:%lld:1: the accounts are for '%s' and have "
		               "no row for '%s', the country of the NIOT %s by %s: give the "
		               "socio-economic accounts of '%s', or its country with --country",
		               path, (long long)s->other_line, s->other, s->named, s->niot, s->by,
		               s->named);
	if (!s->want)
		return ut_fail(d, PLENUM_EFORMAT, "%s:2:1: no data rows after the header: give the "
		               "socio-economic accounts of the NIOT's country", path);
	for (int64_t j = 0; j < t->n; j++)
		if (!seen[j])
			return ut_fail(d, PLENUM_ENOTFOUND, "%s: no row for industry '%s' of '%s' in "
			               "year %d: the accounts must cover every industry of the table",
			               path, ut_strpool_get(&t->key, j), s->want, year);
	return PLENUM_OK;
}

/* Hours worked by employees (H_EMPE, millions) per industry for the year, in hours, from
 * the rows of the NIOT's country. */
static int sea_hours(const char *path, const char *niot_path, const char *country, int year,
                     const io_iot *t, double *h, plenum_diag *d)
{
	sea s;
	int got = 1;
	memset(&s, 0, sizeof s);
	s.niot = niot_path;
	s.by = country ? "--country" : "its file name";
	if (country) /* three capitals, checked by plenum_import_wiod */
		snprintf(s.named, sizeof s.named, "%s", country);
	else
		niot_country(niot_path, s.named);
	if (s.named[0] && !(s.want = ut_strdup(s.named)))
		return ut_fail(d, PLENUM_ENOMEM, "out of memory");
	char *seen = ut_calloc((size_t)(t->n ? t->n : 1), 1);
	int rc = io_csv_open(&s.c, path, "country,description,code,year,...,H_EMPE,...", d);
	if (!rc && (!seen || ut_strindex_build(&s.industry, &t->key)))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory");
	if (!rc)
		rc = sea_header(&s);
	while (!rc && !(rc = io_csv_next(&s.c, &got)) && got)
		rc = sea_row(&s, year, t, h, seen);
	io_csv_close(&s.c);
	if (!rc)
		rc = sea_complete(&s, path, year, t, seen, d);
	ut_free(seen);
	ut_free(s.want);
	ut_free(s.other);
	ut_strindex_free(&s.industry);
	return rc;
}

static int fill(const plenum_import_opts *o, const niot *nt, const ut_strpool *hdr, io_iot *t,
                double *x, plenum_diag *d)
{
	int64_t n = nt->code.count;
	int64_t *col = ut_mallocarray((size_t)n, sizeof *col);
	char *fd = ut_malloc((size_t)nt->nv);
	int rc = col && fd ? PLENUM_OK : ut_fail(d, PLENUM_ENOMEM, "out of memory");
	if (!rc)
		rc = map_columns(o->niot, nt, hdr, col, fd, d);
	for (int64_t j = 0; j < n && !rc; j++)
		rc = io_iot_product(t, ut_strpool_get(&nt->code, j), ut_strpool_get(&nt->desc, j), d);
	if (!rc)
		rc = io_iot_alloc(t, n, 0, d);
	for (int64_t i = 0; i < n && !rc; i++) {
		const double *row = nt->v + i * nt->nv;
		for (int64_t j = 0; j < n; j++)
			t->a[i * n + j] = row[col[j]];
		for (int k = 0; k < nt->nv; k++)
			t->y[i] += fd[k] ? row[k] : 0.0;
		x[i] = nt->go[col[i]];
	}
	ut_free(col);
	ut_free(fd);
	return rc;
}

int io_import_wiod(const plenum_import_opts *o, io_iot *t, plenum_diag *d)
{
	niot nt;
	ut_strpool hdr = {0};
	double *x = NULL;
	int unit = o->labour && strcmp(o->labour, "unit") == 0;
	if (!o->niot || o->year <= 0 || (!o->sea && !unit))
		return ut_fail(d, PLENUM_EINVAL, "wiod needs --niot FILE, --year YEAR and (for the "
		               "hours) --sea FILE");
	if (o->labour && !unit && strcmp(o->labour, "hours") != 0)
		return ut_fail(d, PLENUM_EINVAL, "labour '%s' is not known for wiod: use 'hours' "
		               "or 'unit'", o->labour);
	if (o->country && (strlen(o->country) != 3 || strspn(o->country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	                                                  != 3))
		return ut_fail(d, PLENUM_EINVAL, "--country '%s': give the NIOT's three-letter "
		               "code in capitals, as the accounts' country column has it (USA, AUS)",
		               o->country);
	memset(&nt, 0, sizeof nt);
	snprintf(t->src, sizeof t->src, "%s", o->niot);
	io_iot_unit(t, o, "USD m");
	int rc = niot_read(o->niot, o->year, &nt, &hdr, d);
	if (!rc && !(x = ut_mallocarray((size_t)nt.code.count, sizeof *x)))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory");
	if (!rc)
		rc = fill(o, &nt, &hdr, t, x, d);
	if (!rc && !unit)
		rc = sea_hours(o->sea, o->niot, o->country, o->year, t, t->l, d);
	if (!rc)
		io_iot_check_balance(t, x, d);
	if (!rc)
		rc = io_iot_per_unit(t, x, d);
	if (!rc && unit)
		io_iot_labour_output(t);
	ut_free(x);
	niot_free(&nt);
	ut_strpool_free(&hdr);
	return rc;
}
