/* plenum_economy_open: an economy directory is read as CSV, a regular file as binary. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "io/io.h"

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
	if (S_ISREG(st.st_mode))
		return plenum_economy_read_binary(path, out, d);
	return ut_fail(d, PLENUM_EINVAL, "%s: neither a directory nor a regular file: give an "
	               "economy directory or a binary economy file", path);
}
