/* Output files that appear whole or not at all (ut_wfile), written through a large
 * buffer; and the CSV field and number writers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/io.h"

int io_out_open(io_out *o, const char *path, plenum_diag *d)
{
	memset(o, 0, sizeof *o);
	o->w.fd = -1;
	if (!(o->buf = ut_malloc(IO_OUT_BUF)))
		return ut_fail(d, PLENUM_ENOMEM, "%s: out of memory", path);
	int rc = ut_wfile_open(&o->w, path, d);
	if (rc)
		io_out_abort(o);
	return rc;
}

static void write_all(io_out *o, const char *p, size_t n)
{
	if (!o->err)
		o->err = ut_wfile_write(&o->w, p, n);
}

void io_out_put(io_out *o, const void *data, size_t n)
{
	/* A block written past the buffer must follow what the buffer holds. A full buffer is
	 * flushed even for n == 0: that is how io_out_char asks for room. */
	if (o->len + n > IO_OUT_BUF || o->len == IO_OUT_BUF || n > IO_OUT_BUF / 2) {
		write_all(o, o->buf, o->len);
		o->len = 0;
	}
	if (n > IO_OUT_BUF / 2) {
		write_all(o, data, n);
		return;
	}
	if (n)
		memcpy(o->buf + o->len, data, n);
	o->len += n;
}

int io_out_close(io_out *o, plenum_diag *d)
{
	write_all(o, o->buf, o->len);
	o->len = 0;
	return ut_wfile_close(&o->w, o->err, d);
}

int io_out_commit(io_out *o, plenum_diag *d)
{
	return ut_wfile_commit(&o->w, d);
}

void io_out_abort(io_out *o)
{
	ut_wfile_abort(&o->w);
	ut_free(o->buf);
	o->buf = NULL;
}

void io_out_field(io_out *o, const char *s)
{
	size_t n = strcspn(s, ",\"\r\n");
	if (!s[n]) {
		io_out_put(o, s, n);
		return;
	}
	io_out_char(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			io_out_char(o, '"');
		io_out_char(o, *s);
	}
	io_out_char(o, '"');
}

/* Formats x = n / 10^6 exactly as decimals when it is one ("0.048717"): the decimal reads
 * back as the double nearest n / 10^6, which is x. Returns 0 when x is not of that form. */
static int micro(double x, char *buf, size_t size)
{
	if (!(fabs(x) < 1e12) || (x == 0 && signbit(x)))
		return 0;
	double r = floor(fabs(x) * 1e6 + 0.5);
	if (r / 1e6 != fabs(x))
		return 0;
	long long n = (long long)r, whole = n / 1000000, frac = n % 1000000;
	char *p = buf + size;
	int digits = 6;
	*--p = '\0';
	while (frac && frac % 10 == 0)
		frac /= 10, digits--;
	if (frac) {
		for (int k = 0; k < digits; k++, frac /= 10)
			*--p = (char)('0' + frac % 10);
		*--p = '.';
	}
	do
		*--p = (char)('0' + whole % 10);
	while ((whole /= 10));
	if (x < 0)
		*--p = '-';
	memmove(buf, p, (size_t)(buf + size - p));
	return 1;
}

void io_out_number(io_out *o, double x)
{
	char buf[48];
	if (isinf(x) && x > 0)
		return;
	if (!micro(x, buf, sizeof buf)) {
		ut_numeric n = ut_numeric_begin(); /* '.' whatever the program's locale */
		snprintf(buf, sizeof buf, "%.15g", x); /* the shortest of 15, 16, 17 digits that */
		if (strtod(buf, NULL) != x)            /* reads back to x */
			snprintf(buf, sizeof buf, "%.16g", x);
		if (strtod(buf, NULL) != x)
			snprintf(buf, sizeof buf, "%.17g", x);
		ut_numeric_end(n);
	}
	io_out_put(o, buf, strlen(buf));
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
