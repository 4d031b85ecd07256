/* util: status table, map, UTF-8, the economy builder's row assembly, and output files
 * written whole or not at all. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "core/econ.h"
#include "test.h"

TEST(status_names)
{
	CHECK_STR(plenum_status_name(PLENUM_EFORMAT), "EFORMAT");
	CHECK_STR(plenum_status_text(PLENUM_ENOSURPLUS), "economy cannot produce a surplus");
	CHECK_STR(plenum_status_name(9999), "?");
}

/* Sums of decimals rounded to 15 significant digits: the noise of binary addition goes, the
 * numbers stay within 1e-15 of themselves. */
TEST(round15)
{
	CHECK(ut_round15(0.1 + 0.2) == 0.3);
	double s = 0;
	for (int k = 0; k < 10; k++)
		s += 0.1;
	CHECK(s != 1 && ut_round15(s) == 1); /* 0.9999999999999999 */
	CHECK(ut_round15(6.539999999999999) == 6.54);
	CHECK(ut_round15(0.005000000000000001) == 0.005);
	CHECK(ut_round15(-2.5) == -2.5);
	CHECK(ut_round15(123456789012345678.0) == 123456789012346000.0);
	CHECK(ut_round15(1.0 / 3) == 0.333333333333333);
	CHECK(ut_round15(0) == 0 && isinf(ut_round15(INFINITY)) && isnan(ut_round15(NAN)));
	CHECK(ut_round15(1e-30) == 1e-30 && ut_round15(1e300) == 1e300);
	CHECK(0.1e-20 + 0.2e-20 != 0.3e-20 && ut_round15(0.1e-20 + 0.2e-20) == 0.3e-20);
}

TEST(map_insert_find)
{
	ut_map m = {0};
	char keys[1000][16];
	for (int i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		CHECK_EQ_INT(ut_map_put(&m, keys[i], i, NULL), PLENUM_OK);
	}
	int64_t old = -1;
	CHECK_EQ_INT(ut_map_put(&m, "k17", 5, &old), PLENUM_EDUPLICATE);
	CHECK_EQ_INT(old, 17);
	for (int i = 0; i < 1000; i++)
		CHECK_EQ_INT(ut_map_get(&m, keys[i]), i);
	CHECK_EQ_INT(ut_map_get(&m, "absent"), -1);
	ut_map_free(&m);
}

TEST(utf8_validation)
{
	const char *fa = "gandum \xda\xaf\xd9\x86\xd8\xaf\xd9\x85"; /* Persian */
	CHECK(ut_utf8_valid(fa, strlen(fa)));
	CHECK(!ut_utf8_valid("\xc0\xaf", 2));         /* overlong */
	CHECK(!ut_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	CHECK(!ut_utf8_valid("\xe2\x82", 2));         /* truncated */
	CHECK(!ut_utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
	/* Cut to a byte count without cutting a character (the recall's default title was cut
	 * inside a letter and then refused as not UTF-8). */
	CHECK_EQ_INT(ut_utf8_prefix(fa, 100), strlen(fa));
	CHECK_EQ_INT(ut_utf8_prefix(fa, 7), 7);  /* "gandum " */
	CHECK_EQ_INT(ut_utf8_prefix(fa, 8), 7);  /* not half of the first letter */
	CHECK_EQ_INT(ut_utf8_prefix(fa, 9), 9);
	CHECK_EQ_INT(ut_utf8_prefix("\xf0\x9f\x8c\xbe!", 3), 0);
	CHECK_EQ_INT(ut_utf8_prefix("\xf0\x9f\x8c\xbe!", 4), 4);
	for (size_t max = 0; max <= strlen(fa); max++)
		CHECK(ut_utf8_valid(fa, ut_utf8_prefix(fa, max)));
}

TEST(builder_rows)
{
	ec_builder b = {0};
	CHECK(ec_add_product(&b, "coal", "Coal", "t", "") == 0);
	CHECK(ec_add_product(&b, "steel", "Steel", "t", "metal") == 1);
	CHECK(ec_add_technique(&b, "mine", 0, 2.0, 1.0, INFINITY) == 0);
	CHECK(ec_add_technique(&b, "mill", 1, 3.0, 2.0, 10.0) == 1);
	CHECK_EQ_INT(ec_add_input(&b, 1, 0, 0.5), PLENUM_OK);
	CHECK_EQ_INT(ec_add_input(&b, 0, 1, 0.1), PLENUM_OK);
	CHECK_EQ_INT(ec_add_input(&b, 1, 0, 0.25), PLENUM_OK); /* summed with the first */
	CHECK_EQ_INT(ec_add_demand(&b, 1, 7.0), PLENUM_OK);
	plenum_economy *e = NULL;
	plenum_diag d = {0};
	CHECK_EQ_INT(ec_build_finish(&b, &e, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_economy_products(e), 2);
	CHECK_EQ_INT(plenum_economy_inputs(e), 2);
	CHECK_EQ_INT(e->in.p[1] - e->in.p[0], 1);
	CHECK_NEAR(e->in.x[e->in.p[1]], 0.75, 1e-15);
	CHECK_STR(plenum_product_category(e, 1), "metal");
	CHECK_EQ_INT(plenum_technique_find(e, "mill"), 1);
	CHECK_NEAR(plenum_economy_demand(e)[1], 7.0, 0);
	CHECK(isinf(plenum_technique_capacity(e, 0)));
	plenum_economy_free(e);
}

/* Writes s through ut_wfile to path; returns the status. */
static int wfile_put(const char *path, const char *s, plenum_diag *d)
{
	ut_wfile w;
	int rc = ut_wfile_open(&w, path, d);
	if (rc)
		return rc;
	int err = write(w.fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : EIO;
	rc = ut_wfile_close(&w, err, d);
	return rc ? rc : ut_wfile_commit(&w, d);
}

static int entries(const char *dir)
{
	char cmd[4400];
	snprintf(cmd, sizeof cmd, "exit $(ls -A '%s' | wc -l)", dir);
	return WEXITSTATUS(system(cmd));
}

TEST(wfile_whole_or_nothing)
{
	plenum_diag d = {0};
	char dir[4200], file[4300], link[4300], tmp[4400];
	snprintf(dir, sizeof dir, "%s/wfile", test_tmpdir());
	CHECK(mkdir(dir, 0777) == 0);
	snprintf(file, sizeof file, "%s/a.txt", dir);
	snprintf(link, sizeof link, "%s/l.txt", dir);
	/* a new file; then over it, keeping its permissions */
	CHECK_EQ_INT(wfile_put(file, "one\n", &d), PLENUM_OK);
	CHECK(chmod(file, 0600) == 0);
	CHECK_EQ_INT(wfile_put(file, "two\n", &d), PLENUM_OK);
	struct stat st;
	CHECK(stat(file, &st) == 0 && (st.st_mode & 0777) == 0600 && st.st_size == 4);
	/* through a symbolic link: the link stays, the file it leads to changes */
	CHECK(symlink("a.txt", link) == 0);
	CHECK_EQ_INT(wfile_put(link, "three\n", &d), PLENUM_OK);
	CHECK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(stat(file, &st) == 0 && st.st_size == 6);
	/* a device is written in place, never replaced */
	if (stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode)) {
		CHECK_EQ_INT(wfile_put("/dev/null", "x", &d), PLENUM_OK);
		CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
	}
	/* a failed write leaves the old file and no temporary; so does abort */
	ut_wfile w;
	CHECK_EQ_INT(ut_wfile_open(&w, file, &d), PLENUM_OK);
	CHECK(write(w.fd, "partial", 7) == 7);
	CHECK_EQ_INT(ut_wfile_close(&w, ENOSPC, &d), PLENUM_EIO);
	CHECK(strstr(d.message, "a.txt: write failed (No space left on device)") != NULL);
	CHECK_EQ_INT(ut_wfile_open(&w, file, &d), PLENUM_OK);
	ut_wfile_abort(&w);
	ut_wfile_abort(&w);
	CHECK(stat(file, &st) == 0 && st.st_size == 6);
	CHECK_EQ_INT(entries(dir), 2);
	/* a user's file named like a temporary is never touched */
	snprintf(tmp, sizeof tmp, "%s.tmp", file);
	CHECK_EQ_INT(wfile_put(tmp, "mine\n", &d), PLENUM_OK);
	CHECK_EQ_INT(wfile_put(file, "four\n", &d), PLENUM_OK);
	CHECK(stat(tmp, &st) == 0 && st.st_size == 5);
	/* one-line errors, nothing created */
	CHECK_EQ_INT(wfile_put("", "x", &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "an empty file name") != NULL);
	CHECK_EQ_INT(wfile_put(dir, "x", &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "is a directory") != NULL);
	snprintf(link, sizeof link, "%s/nowhere.txt", dir);
	CHECK(symlink("no/such/dir/x", link) == 0);
	CHECK_EQ_INT(wfile_put(link, "x", &d), PLENUM_EIO);
	CHECK(strstr(d.message, "leads nowhere") != NULL);
	snprintf(link, sizeof link, "%s/no/such/x.txt", dir);
	CHECK_EQ_INT(wfile_put(link, "x", &d), PLENUM_EIO);
	CHECK(strstr(d.message, "cannot create") != NULL);
	CHECK_EQ_INT(entries(dir), 4);
	ut_wfile z = {0}; /* a zeroed one is safe to abort: fd 0 stays open */
	ut_wfile_abort(&z);
	CHECK(fcntl(0, F_GETFD) != -1 || errno != EBADF);
}
