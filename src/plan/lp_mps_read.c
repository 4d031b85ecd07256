/* Reads fixed or free MPS (names without spaces) into an lp_problem: enough for the Netlib
 * test set and for checking what lp_write_mps wrote. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan/lp.h"

enum section { S_NONE, S_NAME, S_ROWS, S_COLUMNS, S_RHS, S_RANGES, S_BOUNDS, S_OBJSENSE, S_END };

/* The reader's state: the file's text (tokens cut in place), rows, columns, triplets. */
typedef struct reader {
	const char *path;
	int64_t line;
	ut_map rmap, cmap;      /* name -> index; keys point into text */
	const char **rname;     /* length nrow */
	char *rtype;            /* length nrow: 'E' 'L' 'G' 'N' */
	double *rhs, *range;    /* length nrow; range NAN when none */
	int64_t nrow, caprow;
	const char **cname;     /* length ncol */
	double *c, *lo, *hi;    /* length ncol */
	int64_t ncol, capcol;
	int64_t *ti;            /* length nz: row of each entry */
	int32_t *tj;            /* length nz */
	double *tv;             /* length nz */
	int64_t nz, capnz;
	const char *obj;        /* the objective row's name */
	double objrhs;
	int maximise;
	plenum_diag *d;
} reader;

/* Reallocates each of the k arrays a[t] (element size size[t]) to hold need elements,
 * doubling *cap; on failure the arrays already grown stay valid and *cap is unchanged. */
static int grow(void **a[], const size_t size[], int k, int64_t need, int64_t *cap)
{
	if (need <= *cap)
		return PLENUM_OK;
	int64_t nc = *cap ? *cap * 2 : 256;
	for (int t = 0; t < k; t++) {
		void *p = ut_realloc(*a[t], (size_t)nc * size[t]);
		if (!p)
			return PLENUM_ENOMEM;
		*a[t] = p;
	}
	*cap = nc;
	return PLENUM_OK;
}

static int fail(reader *r, const char *what)
{
	return ut_fail(r->d, PLENUM_EFORMAT, "%s:%lld: %s; fix the MPS file", r->path,
	               (long long)r->line, what);
}

static int oom(reader *r)
{
	return ut_fail(r->d, PLENUM_ENOMEM, "%s:%lld: out of memory", r->path, (long long)r->line);
}

/* A number; for bounds, right-hand sides and ranges (bound != 0) |v| >= 1e30 is the MPS
 * convention for infinity, as other solvers read it; matrix entries and costs stay what
 * they say. */
static int number(reader *r, const char *tok, int bound, double *v)
{
	char *end;
	errno = 0;
	*v = ut_strtod(tok, &end); /* '.' whatever the program's locale */
	if (end == tok || *end || errno == ERANGE || isnan(*v))
		return fail(r, "expected a number");
	if (bound && *v >= 1e30)
		*v = INFINITY;
	else if (bound && *v <= -1e30)
		*v = -INFINITY;
	return PLENUM_OK;
}

static int add_row(reader *r, const char *type, const char *name)
{
	char t = type[0];
	if (type[1] || !strchr("NELG", t))
		return fail(r, "row type must be N, E, L or G");
	if (t == 'N' && !r->obj) {
		r->obj = name;
		return PLENUM_OK;
	}
	int64_t i = r->nrow;
	void **a[] = {(void **)&r->rname, (void **)&r->rtype, (void **)&r->rhs, (void **)&r->range};
	const size_t size[] = {sizeof *r->rname, 1, sizeof *r->rhs, sizeof *r->range};
	if (grow(a, size, 4, i + 1, &r->caprow))
		return oom(r);
	int rc = ut_map_put(&r->rmap, name, i, NULL);
	if (rc)
		return rc == PLENUM_EDUPLICATE ? fail(r, "row defined twice") : oom(r);
	r->rname[i] = name;
	r->rtype[i] = t;
	r->rhs[i] = 0;
	r->range[i] = NAN;
	r->nrow++;
	return PLENUM_OK;
}

/* The index of column name, creating it (cost 0, bounds [0, inf)) when new. */
static int64_t column(reader *r, const char *name)
{
	int64_t j = ut_map_get(&r->cmap, name);
	if (j >= 0)
		return j;
	j = r->ncol;
	if (j >= INT32_MAX)
		return -1;
	void **a[] = {(void **)&r->cname, (void **)&r->c, (void **)&r->lo, (void **)&r->hi};
	const size_t size[] = {sizeof *r->cname, sizeof *r->c, sizeof *r->lo, sizeof *r->hi};
	if (grow(a, size, 4, j + 1, &r->capcol) || ut_map_put(&r->cmap, name, j, NULL))
		return -1;
	r->cname[j] = name;
	r->c[j] = 0;
	r->lo[j] = 0;
	r->hi[j] = INFINITY;
	r->ncol++;
	return j;
}

static int entry(reader *r, int64_t j, const char *row, const char *val)
{
	double v;
	if (number(r, val, 0, &v))
		return PLENUM_EFORMAT;
	if (r->obj && strcmp(row, r->obj) == 0) {
		r->c[j] += v;
		return PLENUM_OK;
	}
	int64_t i = ut_map_get(&r->rmap, row);
	if (i < 0)
		return fail(r, "unknown row");
	if (v == 0)
		return PLENUM_OK;
	void **a[] = {(void **)&r->ti, (void **)&r->tj, (void **)&r->tv};
	const size_t size[] = {sizeof *r->ti, sizeof *r->tj, sizeof *r->tv};
	if (grow(a, size, 3, r->nz + 1, &r->capnz))
		return oom(r);
	r->ti[r->nz] = i;
	r->tj[r->nz] = (int32_t)j;
	r->tv[r->nz++] = v;
	return PLENUM_OK;
}

static int columns_line(reader *r, char **tok, int nt)
{
	if (nt >= 3 && strstr(tok[1], "MARKER"))
		return PLENUM_OK;
	if (nt != 3 && nt != 5)
		return fail(r, "COLUMNS line needs: column row value [row value]");
	int64_t j = column(r, tok[0]);
	if (j < 0)
		return oom(r);
	if (entry(r, j, tok[1], tok[2]))
		return PLENUM_EFORMAT;
	return nt == 5 ? entry(r, j, tok[3], tok[4]) : PLENUM_OK;
}

/* RHS and RANGES lines: [set] row value [row value]. */
static int rhs_line(reader *r, char **tok, int nt, int ranges)
{
	int k = nt % 2; /* skip the set name when there is one */
	if (nt < 2 || nt > 5)
		return fail(r, "RHS/RANGES line needs: [set] row value [row value]");
	for (; k + 1 < nt; k += 2) {
		double v;
		if (number(r, tok[k + 1], 1, &v))
			return PLENUM_EFORMAT;
		if (!ranges && r->obj && strcmp(tok[k], r->obj) == 0) {
			r->objrhs = v;
			continue;
		}
		int64_t i = ut_map_get(&r->rmap, tok[k]);
		if (i < 0)
			return fail(r, "unknown row");
		if (ranges)
			r->range[i] = v;
		else
			r->rhs[i] = v;
	}
	return PLENUM_OK;
}

/* Applies bound type t with value v to column j. */
static int apply_bound(reader *r, int64_t j, const char *t, double v)
{
	if (!strcmp(t, "UP") || !strcmp(t, "UI")) {
		r->hi[j] = v;
		if (v < 0 && r->lo[j] == 0) /* the old convention, as GLPK and CLP read it */
			r->lo[j] = -INFINITY;
	} else if (!strcmp(t, "LO") || !strcmp(t, "LI")) {
		r->lo[j] = v;
	} else if (!strcmp(t, "FX")) {
		r->lo[j] = r->hi[j] = v;
	} else if (!strcmp(t, "FR")) {
		r->lo[j] = -INFINITY;
		r->hi[j] = INFINITY;
	} else if (!strcmp(t, "MI")) {
		r->lo[j] = -INFINITY;
	} else if (!strcmp(t, "PL")) {
		r->hi[j] = INFINITY;
	} else if (!strcmp(t, "BV")) {
		r->lo[j] = 0;
		r->hi[j] = 1;
	} else {
		return fail(r, "unknown bound type");
	}
	return PLENUM_OK;
}

static int bounds_line(reader *r, char **tok, int nt)
{
	int novalue = !strcmp(tok[0], "FR") || !strcmp(tok[0], "MI") || !strcmp(tok[0], "PL") ||
	              !strcmp(tok[0], "BV");
	int want = novalue ? 2 : 3; /* without the set name */
	if (nt != want && nt != want + 1)
		return fail(r, "BOUNDS line needs: type [set] column [value]");
	int k = nt == want ? 1 : 2;
	int64_t j = ut_map_get(&r->cmap, tok[k]);
	if (j < 0)
		return fail(r, "unknown column in BOUNDS");
	double v = 0;
	if (!novalue && number(r, tok[k + 1], 1, &v))
		return PLENUM_EFORMAT;
	return apply_bound(r, j, tok[0], v);
}

static enum section section_of(reader *r, char **tok, int nt)
{
	static const struct {
		const char *name;
		enum section s;
	} table[] = {{"NAME", S_NAME},       {"ROWS", S_ROWS},     {"COLUMNS", S_COLUMNS},
	             {"RHS", S_RHS},         {"RANGES", S_RANGES}, {"BOUNDS", S_BOUNDS},
	             {"OBJSENSE", S_OBJSENSE}, {"ENDATA", S_END}};
	for (size_t k = 0; k < sizeof table / sizeof table[0]; k++)
		if (!strcmp(tok[0], table[k].name)) {
			if (table[k].s == S_OBJSENSE && nt > 1)
				r->maximise = !strncmp(tok[1], "MAX", 3);
			return table[k].s;
		}
	return S_NONE;
}

static int data_line(reader *r, enum section s, char **tok, int nt)
{
	switch (s) {
	case S_ROWS:
		return nt == 2 ? add_row(r, tok[0], tok[1]) : fail(r, "ROWS line needs: type name");
	case S_COLUMNS:
		return columns_line(r, tok, nt);
	case S_RHS:
	case S_RANGES:
		return rhs_line(r, tok, nt, s == S_RANGES);
	case S_BOUNDS:
		return bounds_line(r, tok, nt);
	case S_OBJSENSE:
		r->maximise = !strncmp(tok[0], "MAX", 3);
		return PLENUM_OK;
	case S_NAME:
		return PLENUM_OK;
	default:
		return fail(r, "data before the first section");
	}
}

/* Cuts line into whitespace-separated tokens in place; at most 8. */
static int tokens(char *line, char **tok)
{
	int nt = 0;
	for (char *sv, *s = strtok_r(line, " \t\r", &sv); s && nt < 8;
	     s = strtok_r(NULL, " \t\r", &sv))
		tok[nt++] = s;
	return nt;
}

static int parse(reader *r, char *text)
{
	enum section s = S_NONE;
	char *next = text;
	while (next && s != S_END) {
		char *line = next, *nl = strchr(line, '\n'), *tok[8];
		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = 0;
		r->line++;
		int header = line[0] != ' ' && line[0] != '\t';
		if (line[0] == '*')
			continue;
		int nt = tokens(line, tok);
		if (nt == 0)
			continue;
		int rc;
		if (header) {
			enum section ns = section_of(r, tok, nt);
			if (ns == S_NONE)
				return fail(r, "unknown section");
			s = ns;
			continue;
		}
		if ((rc = data_line(r, s, tok, nt)))
			return rc;
	}
	return s == S_END ? PLENUM_OK : fail(r, "missing ENDATA");
}

/* [rlo, rhi] of row i from its type, right-hand side and range (MPS rules). */
static void row_bounds(const reader *r, int64_t i, double *lo, double *hi)
{
	double b = r->rhs[i], R = r->range[i];
	int has = !isnan(R);
	switch (r->rtype[i]) {
	case 'E':
		*lo = has && R < 0 ? b + R : b;
		*hi = has && R > 0 ? b + R : b;
		break;
	case 'L':
		*lo = has ? b - fabs(R) : -INFINITY;
		*hi = b;
		break;
	case 'G':
		*lo = b;
		*hi = has ? b + fabs(R) : INFINITY;
		break;
	default:
		*lo = -INFINITY;
		*hi = INFINITY;
	}
}

static char **copy_names(const char **src, int64_t count)
{
	char **s = ut_calloc((size_t)count + 1, sizeof *s);
	for (int64_t i = 0; s && i < count; i++)
		if (!(s[i] = ut_strdup(src[i]))) {
			for (int64_t t = 0; t < i; t++)
				ut_free(s[t]);
			ut_free(s);
			return NULL;
		}
	return s;
}

/* Moves what the reader gathered into p. */
static int build(reader *r, lp_problem *p)
{
	p->m = r->nrow;
	p->n = r->ncol;
	p->c0 = -r->objrhs;
	p->rlo = ut_mallocarray((size_t)p->m + 1, sizeof *p->rlo);
	p->rhi = ut_mallocarray((size_t)p->m + 1, sizeof *p->rhi);
	p->row_name = copy_names(r->rname, p->m);
	p->col_name = copy_names(r->cname, p->n);
	if (!p->rlo || !p->rhi || !p->row_name || !p->col_name ||
	    lp_csr_from_triplets(p->m, r->nz, r->ti, r->tj, r->tv, &p->Ap, &p->Aj, &p->Ax))
		return oom(r);
	for (int64_t i = 0; i < p->m; i++)
		row_bounds(r, i, &p->rlo[i], &p->rhi[i]);
	p->c = r->c;
	p->lo = r->lo;
	p->hi = r->hi;
	r->c = r->lo = r->hi = NULL;
	if (!p->c) { /* no columns: arrays of length 0 still exist */
		p->c = ut_calloc(1, sizeof *p->c);
		p->lo = ut_calloc(1, sizeof *p->lo);
		p->hi = ut_calloc(1, sizeof *p->hi);
		if (!p->c || !p->lo || !p->hi)
			return oom(r);
	}
	for (int64_t j = 0; r->maximise && j < p->n; j++)
		p->c[j] = -p->c[j];
	if (r->maximise)
		p->c0 = -p->c0;
	return PLENUM_OK;
}

static void reader_free(reader *r)
{
	ut_map_free(&r->rmap);
	ut_map_free(&r->cmap);
	ut_free(r->rname);
	ut_free(r->rtype);
	ut_free(r->rhs);
	ut_free(r->range);
	ut_free(r->cname);
	ut_free(r->c);
	ut_free(r->lo);
	ut_free(r->hi);
	ut_free(r->ti);
	ut_free(r->tj);
	ut_free(r->tv);
}

static int slurp(const char *path, ut_buf *b, plenum_diag *d)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return ut_fail(d, PLENUM_EIO, "%s: cannot open (%s); check the path", path,
		               strerror(errno));
	char chunk[65536];
	size_t got;
	int rc = PLENUM_OK;
	while (!rc && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (ut_buf_append(b, chunk, got))
			rc = ut_fail(d, PLENUM_ENOMEM, "%s: out of memory reading", path);
	if (!rc && ferror(f))
		rc = ut_fail(d, PLENUM_EIO, "%s: read error", path);
	fclose(f);
	if (!rc && !b->data && ut_buf_append(b, "", 0))
		rc = ut_fail(d, PLENUM_ENOMEM, "%s: out of memory reading", path);
	return rc;
}

int lp_read_mps(const char *path, lp_problem *p, plenum_diag *d)
{
	memset(p, 0, sizeof *p);
	ut_buf text = {0};
	reader r = {.path = path, .d = d};
	int rc = slurp(path, &text, d);
	if (!rc)
		rc = parse(&r, text.data);
	if (!rc)
		rc = build(&r, p);
	if (rc)
		lp_problem_free(p);
	reader_free(&r);
	ut_buf_free(&text);
	return rc;
}
