/* Numbers in files are written and read the C way ('.' before the decimals) whatever locale
 * the program that links plenum has set: a program that called setlocale(LC_ALL, "") under
 * de_DE read "2.5e3" as 2 and wrote "0,25" into a comma-separated file, and hashed such text
 * into the audit chain. The C library's strtod and printf follow LC_NUMERIC; these switch
 * the calling thread to the C locale (POSIX uselocale: other threads keep theirs). */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include "util/util.h"

static locale_t c_locale;
static pthread_once_t c_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* The C locale, made once; (locale_t)0 when it could not be (out of memory). */
static locale_t c(void)
{
	pthread_once(&c_once, make_c_locale);
	return c_locale;
}

ut_numeric ut_numeric_begin(void)
{
	locale_t l = c();
	return (ut_numeric){l ? uselocale(l) : (locale_t)0};
}

void ut_numeric_end(ut_numeric n)
{
	if (n.old)
		uselocale(n.old);
}

double ut_strtod(const char *s, char **end)
{
	ut_numeric n = ut_numeric_begin();
	double v = strtod(s, end);
	ut_numeric_end(n);
	return v;
}

double ut_round15(double x)
{
	if (x == 0 || !isfinite(x))
		return x;
	char text[32]; /* printf rounds the decimal correctly at any magnitude; read back */
	ut_numeric n = ut_numeric_begin();
	snprintf(text, sizeof text, "%.15g", x);
	double v = strtod(text, NULL);
	ut_numeric_end(n);
	return v;
}
