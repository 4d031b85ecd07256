/* The status table, diagnostics and the library version. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "util/util.h"

static const struct {
	int code;
	const char *name, *text;
} status_table[] = {
#define X(name, value, text) {value, #name, text},
	PLENUM_STATUS_TABLE(X)
#undef X
};

static int find(int status)
{
	for (size_t i = 0; i < sizeof status_table / sizeof status_table[0]; i++)
		if (status_table[i].code == status)
			return (int)i;
	return -1;
}

const char *plenum_status_name(int status)
{
	int i = find(status);
	return i < 0 ? "?" : status_table[i].name;
}

const char *plenum_status_text(int status)
{
	int i = find(status);
	return i < 0 ? "unknown status" : status_table[i].text;
}

const char *plenum_version(void)
{
	return "0.1.0";
}

void plenum_diag_clear(plenum_diag *d)
{
	if (d)
		memset(d, 0, sizeof *d);
}

int ut_fail(plenum_diag *d, int status, const char *fmt, ...)
{
	if (d) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(d->message, sizeof d->message, fmt, ap);
		va_end(ap);
	}
	return status;
}

void ut_warn(plenum_diag *d, double size, const char *fmt, ...)
{
	if (!d)
		return;
	d->warnings++;
	size = fabs(size);
	if (d->warnings > 1 && size <= d->worst)
		return;
	d->worst = size;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->warning, sizeof d->warning, fmt, ap);
	va_end(ap);
}

double ut_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
