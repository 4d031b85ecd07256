/* Helpers shared by the subcommands: errors, help, numbers, CSV and JSON output. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"

static int verror(int rc, const char *cmd, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static int verror(int rc, const char *cmd, const char *fmt, va_list ap)
{
	fprintf(stderr, "plenum %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	return rc;
}

int cl_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = verror(CL_FAIL, cmd, fmt, ap);
	va_end(ap);
	return rc;
}

int cl_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[4096];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* one line: the usage itself is one --help away */
	if (strstr(msg, "--help"))
		fprintf(stderr, "plenum %s: %s\n", cmd, msg);
	else
		fprintf(stderr, "plenum %s: %s (usage: plenum %s --help)\n", cmd, msg, cmd);
	return CL_USAGE;
}

int cl_report(const char *cmd, int status, const plenum_diag *d)
{
	if (d && d->message[0])
		return cl_error(cmd, "%s", d->message);
	return cl_error(cmd, "%s", plenum_status_text(status));
}

void cl_warnings(const char *cmd, const plenum_diag *d)
{
	if (d && d->warnings)
		fprintf(stderr, "plenum %s: warning: %lld warning%s; the worst: %s\n", cmd,
		        (long long)d->warnings, d->warnings == 1 ? "" : "s", d->warning);
}

int cl_wants_help(const cl_command *c, int argc, char **argv)
{
	for (int k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--") == 0)
			break;
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
			printf("usage: plenum %s\n\n%s\n\n%s", c->usage, c->summary, c->help);
			return 1;
		}
	}
	return 0;
}

int cl_parse_double(const char *cmd, const char *opt, const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = s ? strtod(s, &end) : 0;
	if (!s || end == s || *end || errno || !isfinite(v)) {
		cl_usage(cmd, "%s needs a finite number, got '%s'", opt, s ? s : "nothing");
		return 0;
	}
	*out = v;
	return 1;
}

int cl_parse_int64(const char *cmd, const char *opt, const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || end == s || *end || errno) {
		cl_usage(cmd, "%s needs a whole number, got '%s'", opt, s ? s : "nothing");
		return 0;
	}
	*out = v;
	return 1;
}

void cl_csv_field(FILE *f, const char *s)
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

void cl_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

void cl_number(FILE *f, double x)
{
	if (!isfinite(x)) {
		fputs(isnan(x) ? "null" : (x > 0 ? "1e999" : "-1e999"), f);
		return;
	}
	char buf[32];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	fputs(buf, f);
}
