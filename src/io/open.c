/* plenum_economy_open: an economy directory is read as CSV, a regular file as binary. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "io/io.h"

/* Negative input coefficients of a binary economy: a warning with the count and the worst,
 * or with PLENUM_READ_STRICT an error, as the directory reader gives them. */
static int binary_negatives(const char *path, unsigned flags, plenum_economy **e,
                            plenum_diag *d)
{
	const plenum_economy *x = *e;
	int64_t count = 0, worst = -1;
	for (int64_t k = 0; k < x->in.p[x->nt]; k++)
		if (x->in.x[k] < 0 && (count++, worst < 0 || x->in.x[k] < x->in.x[worst]))
			worst = k;
	if (!count)
		return PLENUM_OK;
	if (!(flags & PLENUM_READ_STRICT)) {
		ut_warn(d, -x->in.x[worst], "%s: %lld negative input coefficient%s, the lowest %g",
		        path, (long long)count, count == 1 ? "" : "s", x->in.x[worst]);
		return PLENUM_OK;
	}
	plenum_economy_free(*e);
	*e = NULL;
	return ut_fail(d, PLENUM_EFORMAT, "%s: %lld negative input coefficient%s (strict mode): "
	               "fix the economy or read it without strict", path, (long long)count,
	               count == 1 ? "" : "s");
}

int plenum_economy_open(const char *path, unsigned flags, plenum_economy **out, plenum_diag *d)
{
	struct stat st;
	*out = NULL;
	if (stat(path, &st) != 0)
		return ut_fail(d, errno == ENOENT ? PLENUM_ENOTFOUND : PLENUM_EIO,
		               "%s: no such economy (%s): give an economy directory or a binary "
		               "economy file", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return plenum_economy_read_dir(path, flags, out, d);
	if (S_ISREG(st.st_mode)) {
		int rc = plenum_economy_read_binary(path, out, d);
		return rc ? rc : binary_negatives(path, flags, out, d);
	}
	return ut_fail(d, PLENUM_EINVAL, "%s: neither a directory nor a regular file: give an "
	               "economy directory or a binary economy file", path);
}
