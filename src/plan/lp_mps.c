/* Writes an lp_problem as free MPS, so that any LP solver (glpsol, clp, HiGHS) can check a
 * plan problem. Names are sanitised and made unique; the file appears whole or not at all. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "plan/lp.h"

#define NAME_MAX_LEN 255

/* names[0..count) for one kind of entity, all distinct, also from those already in seen. */
typedef struct names {
	char **s;
	int64_t count;
} names;

static void names_free(names *nm)
{
	if (!nm->s)
		return;
	for (int64_t i = 0; i < nm->count; i++)
		ut_free(nm->s[i]);
	ut_free(nm->s);
	nm->s = NULL;
}

/* A copy of src with bytes outside printable ASCII (and spaces) replaced by '_', cut to
 * NAME_MAX_LEN - 24 so that a suffix fits; fallback "<prefix><i>" when src is NULL/empty. */
static char *clean_name(const char *src, char prefix, int64_t i)
{
	char *s = ut_malloc(NAME_MAX_LEN + 1);
	if (!s)
		return NULL;
	if (!src || !src[0]) {
		snprintf(s, NAME_MAX_LEN + 1, "%c%lld", prefix, (long long)i);
		return s;
	}
	size_t k = 0;
	for (; src[k] && k < NAME_MAX_LEN - 24; k++) {
		unsigned char ch = (unsigned char)src[k];
		s[k] = ch > 0x20 && ch < 0x7f ? (char)ch : '_';
	}
	s[k] = 0;
	return s;
}

/* Makes s unique in seen by appending "~<i>" (then "~<i>~<t>") as needed, and inserts it. */
static int make_unique(ut_map *seen, char *s, int64_t i)
{
	size_t base = strlen(s);
	for (int64_t t = 0;; t++) {
		int rc = ut_map_put(seen, s, 0, NULL);
		if (rc != PLENUM_EDUPLICATE)
			return rc;
		if (t == 0)
			snprintf(s + base, NAME_MAX_LEN + 1 - base, "~%lld", (long long)i);
		else
			snprintf(s + base, NAME_MAX_LEN + 1 - base, "~%lld~%lld", (long long)i,
			         (long long)t);
	}
}

static int make_names(names *nm, char *const *src, int64_t count, char prefix, ut_map *seen)
{
	nm->count = count;
	nm->s = ut_calloc((size_t)count + 1, sizeof *nm->s);
	if (!nm->s)
		return PLENUM_ENOMEM;
	for (int64_t i = 0; i < count; i++) {
		nm->s[i] = clean_name(src ? src[i] : NULL, prefix, i);
		if (!nm->s[i] || make_unique(seen, nm->s[i], i))
			return PLENUM_ENOMEM;
	}
	return PLENUM_OK;
}

/* The MPS row type of [lo, hi] and whether it needs a RANGES entry. */
static char row_type(double lo, double hi, int *ranged)
{
	*ranged = isfinite(lo) && isfinite(hi) && lo != hi;
	if (lo == hi)
		return 'E';
	if (isfinite(lo))
		return 'G';
	return isfinite(hi) ? 'L' : 'N';
}

static void write_rows(FILE *f, const lp_problem *p, const names *rn, const char *obj)
{
	int ranged;
	fprintf(f, "ROWS\n N  %s\n", obj);
	for (int64_t i = 0; i < p->m; i++)
		fprintf(f, " %c  %s\n", row_type(p->rlo[i], p->rhi[i], &ranged), rn->s[i]);
}

/* Column-major copy of A: Cp (n+1), Ci (nz), Cx (nz). */
typedef struct csc {
	int64_t *p, *i;
	double *x;
} csc;

static int transpose(const lp_problem *p, csc *t)
{
	int64_t nz = p->m ? p->Ap[p->m] : 0;
	t->p = ut_calloc((size_t)p->n + 2, sizeof *t->p);
	t->i = ut_mallocarray((size_t)nz + 1, sizeof *t->i);
	t->x = ut_mallocarray((size_t)nz + 1, sizeof *t->x);
	if (!t->p || !t->i || !t->x)
		return PLENUM_ENOMEM;
	for (int64_t k = 0; k < nz; k++)
		t->p[p->Aj[k] + 2]++;
	for (int64_t j = 0; j < p->n; j++)
		t->p[j + 2] += t->p[j + 1];
	for (int64_t r = 0; r < p->m; r++)
		for (int64_t k = p->Ap[r]; k < p->Ap[r + 1]; k++) {
			int64_t q = t->p[p->Aj[k] + 1]++;
			t->i[q] = r;
			t->x[q] = p->Ax[k];
		}
	return PLENUM_OK;
}

static void write_columns(FILE *f, const lp_problem *p, const csc *t, const names *rn,
                          const names *cn, const char *obj)
{
	fputs("COLUMNS\n", f);
	for (int64_t j = 0; j < p->n; j++) {
		if (p->c[j] != 0 || t->p[j] == t->p[j + 1])
			fprintf(f, " %s %s %.17g\n", cn->s[j], obj, p->c[j]);
		for (int64_t k = t->p[j]; k < t->p[j + 1]; k++)
			fprintf(f, " %s %s %.17g\n", cn->s[j], rn->s[t->i[k]], t->x[k]);
	}
}

static void write_rhs(FILE *f, const lp_problem *p, const names *rn, const char *obj)
{
	int ranged;
	fputs("RHS\n", f);
	if (p->c0 != 0)
		fprintf(f, " RHS %s %.17g\n", obj, -p->c0);
	for (int64_t i = 0; i < p->m; i++) {
		char t = row_type(p->rlo[i], p->rhi[i], &ranged);
		double v = t == 'L' ? p->rhi[i] : t == 'N' ? 0.0 : p->rlo[i];
		if (v != 0)
			fprintf(f, " RHS %s %.17g\n", rn->s[i], v);
	}
	fputs("RANGES\n", f);
	for (int64_t i = 0; i < p->m; i++) {
		row_type(p->rlo[i], p->rhi[i], &ranged);
		if (ranged)
			fprintf(f, " RNG %s %.17g\n", rn->s[i], p->rhi[i] - p->rlo[i]);
	}
}

static void write_bound(FILE *f, const char *name, double lo, double hi)
{
	if (lo == hi) {
		fprintf(f, " FX BND %s %.17g\n", name, lo);
		return;
	}
	if (lo == -INFINITY && hi == INFINITY) {
		fprintf(f, " FR BND %s\n", name);
		return;
	}
	if (lo == -INFINITY)
		fprintf(f, " MI BND %s\n", name);
	else if (lo != 0)
		fprintf(f, " LO BND %s %.17g\n", name, lo);
	if (hi != INFINITY)
		fprintf(f, " UP BND %s %.17g\n", name, hi);
}

static void write_body(FILE *f, const lp_problem *p, const csc *t, const names *rn,
                       const names *cn, const char *obj)
{
	fputs("NAME plenum\n", f);
	write_rows(f, p, rn, obj);
	write_columns(f, p, t, rn, cn, obj);
	write_rhs(f, p, rn, obj);
	fputs("BOUNDS\n", f);
	for (int64_t j = 0; j < p->n; j++)
		write_bound(f, cn->s[j], p->lo[j], p->hi[j]);
	fputs("ENDATA\n", f);
}

/* Writes the file whole or not at all (ut_wfile). */
static int write_file(const char *path, const lp_problem *p, const csc *t, const names *rn,
                      const names *cn, const char *obj, plenum_diag *d)
{
	ut_wfile w;
	int rc = ut_wfile_open(&w, path, d);
	if (rc)
		return rc;
	FILE *f = fdopen(w.fd, "w");
	if (!f) {
		int err = errno;
		ut_wfile_abort(&w);
		return ut_fail(d, PLENUM_ENOMEM, "%s: cannot write (%s)", path, strerror(err));
	}
	errno = 0;
	ut_numeric n = ut_numeric_begin(); /* '.' whatever the program's locale */
	write_body(f, p, t, rn, cn, obj);
	ut_numeric_end(n);
	int err = ferror(f) ? (errno ? errno : EIO) : 0;
	if (fclose(f) != 0 && !err)
		err = errno;
	w.fd = -1; /* fclose closed it */
	rc = ut_wfile_close(&w, err, d);
	return rc ? rc : ut_wfile_commit(&w, d);
}

int lp_write_mps(const lp_problem *p, const char *path, plenum_diag *d)
{
	int rc = lp_problem_check(p, d);
	if (rc)
		return rc;
	if (p->nh)
		return ut_fail(d, PLENUM_EUNSUPPORTED, "MPS holds LPs only, not harmony columns: "
		               "write the LP before they are set");
	names rn = {0}, cn = {0};
	csc t = {0};
	ut_map rows = {0}, cols = {0}; /* rows and columns are apart in MPS */
	char obj[NAME_MAX_LEN + 1] = "obj";
	if (ut_map_put(&rows, obj, 0, NULL) ||
	    make_names(&rn, p->row_name, p->m, 'R', &rows) ||
	    make_names(&cn, p->col_name, p->n, 'C', &cols) || transpose(p, &t))
		rc = ut_fail(d, PLENUM_ENOMEM, "out of memory writing %s", path);
	else
		rc = write_file(path, p, &t, &rn, &cn, obj, d);
	ut_map_free(&rows);
	ut_map_free(&cols);
	names_free(&rn);
	names_free(&cn);
	ut_free(t.p);
	ut_free(t.i);
	ut_free(t.x);
	return rc;
}
