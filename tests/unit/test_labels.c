/* Tests of the label indexes: ut_strindex against a scan of its pool, and the importers'
 * tables of 50 000 labels read through them (each label is checked against all those
 * before it, which a scan made quadratic: 20 000 labels took a minute under ASan). No test
 * is timed; each checks that the large tables read right and fail where they did. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "io/import.h"
#include "util/util.h"
#include "test.h"

#define MANY 50000

/* A reproducible generator, the same on every C library. */
static uint64_t next_random(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* The first index of s in p by a scan from the start: what the index must answer. */
static int64_t scan(const ut_strpool *p, const char *s)
{
	for (int64_t k = 0; k < p->count; k++)
		if (strcmp(ut_strpool_get(p, k), s) == 0)
			return k;
	return -1;
}

/* Key number v of few enough that draws repeat; prefixes shared, key 0 the empty string. */
static void key_of(uint64_t v, char *key, size_t n)
{
	if (v == 0)
		key[0] = '\0';
	else
		snprintf(key, n, "%s%llu", v % 3 ? "k" : "key-", (unsigned long long)v);
}

/* Every key value, present or not, is found where a scan finds it first. */
static int agrees_with_scan(const ut_strindex *x, const ut_strpool *p, uint64_t values)
{
	char key[32];
	for (uint64_t v = 0; v < values; v++) {
		key_of(v, key, sizeof key);
		if (ut_strindex_find(x, p, key) != scan(p, key)) {
			fprintf(stderr, "key '%s': index %lld, scan %lld\n", key,
			        (long long)ut_strindex_find(x, p, key), (long long)scan(p, key));
			return 0;
		}
	}
	return 1;
}

TEST(labels_strindex_matches_scan)
{
	ut_strpool p = {0};
	ut_strindex x = {0}, all = {0};
	uint64_t seed = 2024, values = 3000;
	char key[32];
	CHECK_EQ_INT(ut_strindex_find(&x, &p, "k1"), -1); /* zeroed: empty */
	CHECK_EQ_INT(ut_strindex_find(&x, &p, ""), -1);
	for (int64_t k = 0; k < 8000; k++) {
		key_of(next_random(&seed) % values, key, sizeof key);
		int64_t i = ut_strpool_add(&p, key, strlen(key));
		CHECK_EQ_INT(i, k);
		CHECK_EQ_INT(ut_strindex_add(&x, &p, i), PLENUM_OK);
		/* a repeat keeps the first index, as the scans it replaces did */
		int64_t at = ut_strindex_find(&x, &p, key);
		CHECK(at >= 0 && at <= i);
		CHECK_STR(ut_strpool_get(&p, at), key);
		if (k % 1000 == 999)
			CHECK(agrees_with_scan(&x, &p, values + 10));
	}
	CHECK(agrees_with_scan(&x, &p, values + 10));
	CHECK(x.count < p.count); /* there were repeats, each indexed once */
	CHECK(x.count * 2 <= x.cap);
	/* indexing the whole pool at once answers the same */
	CHECK_EQ_INT(ut_strindex_build(&all, &p), PLENUM_OK);
	CHECK_EQ_INT(all.count, x.count);
	CHECK(agrees_with_scan(&all, &p, values + 10));
	ut_strindex_free(&x);
	ut_strindex_free(&all);
	CHECK(x.slot == NULL && x.cap == 0 && x.count == 0);
	CHECK_EQ_INT(ut_strindex_find(&x, &p, "k1"), -1);
	ut_strpool_free(&p);
}

/* 200 000 distinct keys: the slots double thirteen times, the pool's buffer moves under
 * the index (it holds indices, not pointers), and every key stays where it was put. */
TEST(labels_strindex_growth)
{
	ut_strpool p = {0};
	ut_strindex x = {0};
	char key[32];
	int64_t n = 200000, grew = 0, cap = 0;
	for (int64_t k = 0; k < n; k++) {
		int len = snprintf(key, sizeof key, "d%lld", (long long)(k * 7919 % n));
		int64_t i = ut_strpool_add(&p, key, (size_t)len);
		CHECK_EQ_INT(ut_strindex_add(&x, &p, i), PLENUM_OK);
		if (x.cap != cap)
			grew++, cap = x.cap;
		CHECK_EQ_INT(ut_strindex_find(&x, &p, key), i);
	}
	CHECK(grew >= 13);
	CHECK_EQ_INT(x.count, n);
	CHECK((x.cap & (x.cap - 1)) == 0 && x.count * 2 <= x.cap);
	for (int64_t k = 0; k < n; k++) {
		CHECK_EQ_INT(ut_strindex_find(&x, &p, ut_strpool_get(&p, k)), k);
		snprintf(key, sizeof key, "d%lld", (long long)(n + k)); /* never added */
		CHECK_EQ_INT(ut_strindex_find(&x, &p, key), -1);
	}
	CHECK_EQ_INT(ut_strindex_find(&x, &p, "d"), -1);
	CHECK_EQ_INT(ut_strindex_find(&x, &p, ""), -1);
	ut_strindex_free(&x);
	ut_strpool_free(&p);
}

/* 300 labels, 50 of them repeats, indexed one by one through several growths and then all
 * at once. A wrong answer is PLENUM_EINVAL, which fails the walk. */
static int walk_strindex(void)
{
	ut_strpool p = {0};
	ut_strindex x = {0}, all = {0};
	char key[32];
	int rc = PLENUM_OK;
	for (int k = 0; k < 300 && !rc; k++) {
		int len = snprintf(key, sizeof key, "w%d", k % 250);
		int64_t i = ut_strpool_add(&p, key, (size_t)len);
		rc = i < 0 ? PLENUM_ENOMEM : ut_strindex_add(&x, &p, i);
	}
	if (!rc)
		rc = ut_strindex_build(&all, &p);
	if (!rc && ut_strindex_find(&x, &p, "w249") != 249)
		rc = PLENUM_EINVAL;
	if (!rc && ut_strindex_find(&all, &p, "w3") != 3)
		rc = PLENUM_EINVAL;
	ut_strindex_free(&x);
	ut_strindex_free(&all);
	ut_strpool_free(&p);
	return rc;
}

/* ---- tables ---- */

/* tmpdir/name: the header "label,c0,...,c{nc-1}" then extra_col (unless NULL), rows r0 to
 * r{nr-1} then a row labelled extra_row (unless NULL); the value at (r, k) is r + k. */
static const char *put_table(const char *name, int64_t nr, int64_t nc, const char *extra_col,
                             const char *extra_row)
{
	static char path[4][4200];
	static int next;
	char *p = path[next++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", test_tmpdir(), name);
	FILE *f = fopen(p, "w");
	if (!f)
		return p;
	fputs("label", f);
	for (int64_t k = 0; k < nc; k++)
		fprintf(f, ",c%lld", (long long)k);
	fprintf(f, "%s%s\n", extra_col ? "," : "", extra_col ? extra_col : "");
	for (int64_t r = 0; r < nr + (extra_row != NULL); r++) {
		/* the rows r0.., then the extra one last */
		fputs(r < nr ? "r" : extra_row ? extra_row : "", f);
		if (r < nr)
			fprintf(f, "%lld", (long long)r);
		for (int64_t k = 0; k < nc; k++)
			fprintf(f, ",%lld", (long long)(r + k));
		fputc('\n', f);
	}
	fclose(f);
	return p;
}

/* The labels "<prefix>0" to "<prefix>{n-1}" but the one numbered skip (-1: none). */
static int put_keys(ut_strpool *keys, const char *prefix, int64_t n, int64_t skip)
{
	char key[32];
	for (int64_t k = 0; k < n; k++) {
		int len = snprintf(key, sizeof key, "%s%lld", prefix, (long long)k);
		if (k != skip && ut_strpool_add(keys, key, (size_t)len) < 0)
			return PLENUM_ENOMEM;
	}
	return PLENUM_OK;
}

TEST(labels_matrix_many_columns)
{
	io_matrix m;
	plenum_diag d = {0};
	char want[8400];
	const char *path = put_table("wide.csv", 2, MANY, NULL, NULL);
	CHECK_EQ_INT(io_matrix_read(&m, path, &d), PLENUM_OK);
	CHECK_EQ_INT(m.nc, MANY);
	CHECK_EQ_INT(m.nr, 2);
	CHECK_EQ_INT(io_matrix_col(&m, "c0"), 0);
	CHECK_EQ_INT(io_matrix_col(&m, "c31337"), 31337);
	CHECK_EQ_INT(io_matrix_col(&m, "c49999"), MANY - 1);
	CHECK_EQ_INT(io_matrix_col(&m, "c50000"), -1);
	CHECK_EQ_INT(io_matrix_col(&m, "r1"), -1);
	CHECK_EQ_INT(io_matrix_row(&m, "r1"), 1);
	CHECK_NEAR(io_matrix_at(&m, 1, io_matrix_col(&m, "c49999")), 50000.0, 0);
	io_matrix_free(&m);
	/* a label repeated last: the header fails, on its line, as it always did */
	path = put_table("wide_dup.csv", 2, MANY, "c123", NULL);
	CHECK_EQ_INT(io_matrix_read(&m, path, &d), PLENUM_EDUPLICATE);
	snprintf(want, sizeof want, "%s:1: column 'c123' appears twice in the header: each column "
	         "label must appear once", path);
	CHECK_STR(d.message, want);
	CHECK(m.clab.count == 0 && m.cfind.slot == NULL); /* freed on failure */
}

TEST(labels_matrix_many_rows)
{
	io_matrix m;
	plenum_diag d = {0};
	char want[8400];
	const char *path = put_table("long.csv", MANY, 1, NULL, NULL);
	CHECK_EQ_INT(io_matrix_read(&m, path, &d), PLENUM_OK);
	CHECK_EQ_INT(m.nr, MANY);
	CHECK_EQ_INT(m.nc, 1);
	CHECK_EQ_INT(io_matrix_row(&m, "r0"), 0);
	CHECK_EQ_INT(io_matrix_row(&m, "r49999"), MANY - 1);
	CHECK_EQ_INT(io_matrix_row(&m, "r50000"), -1);
	CHECK_EQ_INT(io_matrix_row(&m, "c0"), -1);
	CHECK_EQ_INT(m.rline[MANY - 1], MANY + 1);
	CHECK_NEAR(io_matrix_at(&m, io_matrix_row(&m, "r777"), 0), 777.0, 0);
	io_matrix_free(&m);
	/* a label repeated last: line 50 002, the row label's column */
	path = put_table("long_dup.csv", MANY, 1, NULL, "r123");
	CHECK_EQ_INT(io_matrix_read(&m, path, &d), PLENUM_EDUPLICATE);
	snprintf(want, sizeof want, "%s:%d:1: second row labelled 'r123': each row label must "
	         "appear once", path, MANY + 2);
	CHECK_STR(d.message, want);
}

/* Every row (column) label checked against 50 000 keys; the one missing is reported at
 * its place, the first of two missing is. */
TEST(labels_matrix_known)
{
	io_matrix m, w;
	ut_strpool keys = {0}, ckeys = {0}, few = {0};
	plenum_diag d = {0};
	char want[8400];
	const char *path = put_table("known.csv", MANY, 1, NULL, NULL);
	CHECK_EQ_INT(io_matrix_read(&m, path, &d), PLENUM_OK);
	CHECK_EQ_INT(put_keys(&keys, "r", MANY, -1), PLENUM_OK);
	CHECK_EQ_INT(io_matrix_rows_known(&m, &keys, "product of the test", &d), PLENUM_OK);
	ut_strpool_free(&keys);
	CHECK_EQ_INT(put_keys(&keys, "r", MANY, 31337), PLENUM_OK);
	CHECK_EQ_INT(io_matrix_rows_known(&m, &keys, "product of the test", &d), PLENUM_ENOTFOUND);
	snprintf(want, sizeof want, "%s:31339:1: row 'r31337' is no product of the test: its "
	         "numbers would be lost; remove the row or correct its label", path);
	CHECK_STR(d.message, want);
	CHECK_EQ_INT(put_keys(&few, "r", 2, -1), PLENUM_OK); /* r0, r1: r2 is the first missing */
	CHECK_EQ_INT(io_matrix_rows_known(&m, &few, "product", &d), PLENUM_ENOTFOUND);
	snprintf(want, sizeof want, "%s:4:1: row 'r2' is no product: its numbers would be lost; "
	         "remove the row or correct its label", path);
	CHECK_STR(d.message, want);
	/* columns: the place of c3 in "label,c0,c1,c2,c3,..." is line 1, column 16 */
	path = put_table("known_wide.csv", 1, MANY, NULL, NULL);
	CHECK_EQ_INT(io_matrix_read(&w, path, &d), PLENUM_OK);
	CHECK_EQ_INT(put_keys(&ckeys, "c", MANY, -1), PLENUM_OK);
	CHECK_EQ_INT(io_matrix_cols_known(&w, &ckeys, "product", &d), PLENUM_OK);
	ut_strpool_free(&ckeys);
	CHECK_EQ_INT(put_keys(&ckeys, "c", MANY, 3), PLENUM_OK);
	CHECK_EQ_INT(io_matrix_cols_known(&w, &ckeys, "product", &d), PLENUM_ENOTFOUND);
	snprintf(want, sizeof want, "%s:1:16: column 'c3' is no product: its numbers would be "
	         "lost; remove the column or correct its label", path);
	CHECK_STR(d.message, want);
	/* no keys at all: every label is missing, the first is reported */
	ut_strpool_free(&ckeys);
	CHECK_EQ_INT(io_matrix_cols_known(&w, &ckeys, "product", &d), PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, ":1:7: column 'c0' is no product"));
	io_matrix_free(&m);
	io_matrix_free(&w);
	ut_strpool_free(&keys);
	ut_strpool_free(&few);
}

/* A code,label list of 50 000 codes: found by code, the unknown ones counted in one
 * warning, a code repeated last reported with the line of its first. */
TEST(labels_names_many)
{
	static const char *const cols[3] = {"code", "label", NULL};
	io_names n = {0};
	ut_strpool keys = {0};
	plenum_diag d = {0};
	char want[8400], path[4200];
	snprintf(path, sizeof path, "%s/names.csv", test_tmpdir());
	FILE *f = fopen(path, "w");
	CHECK(f);
	fputs("code,label\n", f);
	for (int k = 0; k < MANY; k++)
		fprintf(f, "k%d,name %d\n", k, k);
	fclose(f);
	CHECK_EQ_INT(io_names_read(&n, path, "code,label", cols, &d), PLENUM_OK);
	CHECK_EQ_INT(n.code.count, MANY);
	CHECK_EQ_INT(io_names_find(&n, "k49999"), MANY - 1);
	CHECK_STR(ut_strpool_get(&n.name, io_names_find(&n, "k4242")), "name 4242");
	CHECK_EQ_INT(io_names_find(&n, "k50000"), -1);
	CHECK_EQ_INT(put_keys(&keys, "k", MANY, -1), PLENUM_OK);
	CHECK_EQ_INT(io_names_warn_unknown(&n, &keys, "product", &d), PLENUM_OK);
	CHECK_EQ_INT(d.warnings, 0);
	ut_strpool_free(&keys);
	CHECK_EQ_INT(put_keys(&keys, "k", 10, -1), PLENUM_OK);
	CHECK_EQ_INT(io_names_warn_unknown(&n, &keys, "product", &d), PLENUM_OK);
	CHECK_EQ_INT(d.warnings, 1);
	snprintf(want, sizeof want, "%s:12:1: code 'k10' and %d more name no product: their "
	         "names are not used; check that the file belongs to this table", path, MANY - 11);
	CHECK_STR(d.warning, want);
	/* the same list read again over the first, with k7 repeated on its last line */
	f = fopen(path, "a");
	CHECK(f);
	fputs("k7,again\n", f);
	fclose(f);
	CHECK_EQ_INT(io_names_read(&n, path, "code,label", cols, &d), PLENUM_EDUPLICATE);
	snprintf(want, sizeof want, "%s:%d:1: code 'k7' again (first on line 9): give each code "
	         "once", path, MANY + 2);
	CHECK_STR(d.message, want);
	CHECK(n.code.count == 0 && n.cfind.slot == NULL); /* left empty on failure */
	io_names_free(&n);
	ut_strpool_free(&keys);
}

/* A table whose 100 columns and 100 rows make the indexes grow while it is read, checked
 * against a key list; the same file read as a names list (code "label", name "c0") and its
 * codes warned about, none being a key. */
static int walk_tables(void)
{
	static const char *const cols[3] = {"label", "c0", NULL};
	io_matrix m;
	io_names n = {0};
	ut_strpool keys = {0};
	plenum_diag d = {0};
	const char *path = put_table("walk_labels.csv", 100, 100, NULL, NULL);
	int rc = io_matrix_read(&m, path, &d);
	if (rc)
		return rc;
	rc = put_keys(&keys, "c", 100, -1);
	if (!rc)
		rc = io_matrix_cols_known(&m, &keys, "product", &d);
	if (!rc)
		rc = io_names_read(&n, path, "label,c0", cols, &d);
	if (!rc)
		rc = io_names_warn_unknown(&n, &keys, "product", &d);
	if (!rc && (d.warnings != 1 || io_names_find(&n, "r99") != 99))
		rc = PLENUM_EINVAL;
	io_names_free(&n);
	io_matrix_free(&m);
	ut_strpool_free(&keys);
	return rc;
}

TEST(labels_alloc_failure_walk)
{
	CHECK(test_alloc_walk(walk_strindex) > 5);
	CHECK(test_alloc_walk(walk_tables) > 10);
}
