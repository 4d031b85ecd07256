/* Output files that appear whole or not at all: written under a temporary name beside the
 * final one and renamed on success. Also the CSV field and number writers. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "io/io.h"

int io_out_open(io_out *o, const char *path, plenum_diag *d)
{
	memset(o, 0, sizeof *o);
	int w = snprintf(o->tmp, sizeof o->tmp, "%s.tmp-XXXXXX", path);
	if (w < 0 || (size_t)w >= sizeof o->tmp)
		return ut_fail(d, PLENUM_EINVAL, "%s: path too long: use a shorter name", path);
	snprintf(o->final, sizeof o->final, "%s", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		o->tmp[0] = '\0';
		return ut_fail(d, PLENUM_EIO, "%s: cannot create (%s): check that the directory "
		               "exists and is writable", path, strerror(errno));
	}
	o->f = fdopen(fd, "wb");
	if (!o->f) {
		close(fd);
		io_out_abort(o);
		return ut_fail(d, PLENUM_EIO, "%s: cannot write (%s)", path, strerror(errno));
	}
	setvbuf(o->f, NULL, _IOFBF, 1 << 20);
	return PLENUM_OK;
}

int io_out_close(io_out *o, plenum_diag *d)
{
	int bad = ferror(o->f);
	bad |= fflush(o->f) != 0;
	int err = errno;
	bad |= fclose(o->f) != 0;
	o->f = NULL;
	if (bad)
		return ut_fail(d, PLENUM_EIO, "%s: write failed (%s): check the free disk space",
		               o->final, strerror(err ? err : errno));
	return PLENUM_OK;
}

int io_out_commit(io_out *o, plenum_diag *d)
{
	if (rename(o->tmp, o->final) != 0)
		return ut_fail(d, PLENUM_EIO, "%s: cannot rename the temporary file into place (%s)",
		               o->final, strerror(errno));
	o->tmp[0] = '\0';
	return PLENUM_OK;
}

void io_out_abort(io_out *o)
{
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = '\0';
}

void io_put_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void io_put_number(FILE *f, double x)
{
	if (isinf(x) && x > 0)
		return;
	char buf[32];
	snprintf(buf, sizeof buf, "%.15g", x);
	if (strtod(buf, NULL) != x)
		snprintf(buf, sizeof buf, "%.17g", x);
	fputs(buf, f);
}

int64_t io_names_len(ec_names names, int64_t count)
{
	int64_t end = 0;
	for (int64_t i = 0; i < count; i++) {
		int64_t e = names.off[i] + (int64_t)strlen(names.bytes + names.off[i]) + 1;
		if (e > end)
			end = e;
	}
	return end;
}
