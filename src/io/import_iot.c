/* The common form of an imported input-output table (io_iot): flows turned into amounts per
 * unit of output, the checks every layout shares (balance, zero output, negatives), and the
 * economy built from it with the ec_builder. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "io/import.h"

int io_iot_alloc(io_iot *t, int64_t n, int64_t na, plenum_diag *d)
{
	size_t nn = (size_t)n * (size_t)n, ne = (size_t)na * (size_t)n;
	t->n = n;
	t->a = ut_calloc(nn ? nn : 1, sizeof(double));
	t->l = ut_calloc(n ? (size_t)n : 1, sizeof(double));
	t->e = ut_calloc(ne ? ne : 1, sizeof(double));
	t->y = ut_calloc(n ? (size_t)n : 1, sizeof(double));
	if (!t->a || !t->l || !t->e || !t->y)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory for a table of %lld products",
		               (long long)n);
	return PLENUM_OK;
}

void io_iot_unit(io_iot *t, const plenum_import_opts *o, const char *dflt)
{
	const char *money = o->unit ? o->unit : dflt;
	if (o->year > 0)
		snprintf(t->unit, sizeof t->unit, "%s %d", money, o->year);
	else
		snprintf(t->unit, sizeof t->unit, "%s", money);
}

void io_iot_labour(io_iot *t, const char *unit, const char *name)
{
	unit = unit ? unit : "", name = name ? name : ""; /* cut whole characters only */
	snprintf(t->lunit, sizeof t->lunit, "%.*s", (int)ut_utf8_prefix(unit, sizeof t->lunit - 1),
	         unit);
	snprintf(t->lname, sizeof t->lname, "%.*s", (int)ut_utf8_prefix(name, sizeof t->lname - 1),
	         name);
}

void io_iot_labour_output(io_iot *t)
{
	for (int64_t j = 0; j < t->n; j++)
		t->l[j] = 1.0; /* also where output is zero: the multiplier's unit */
	io_iot_labour(t, t->unit, "output (1 per unit of output)");
}

static int is_control(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f;
}

/* A product's name without its control characters (the UK labels hold \x1a where a dash
 * was lost: "Education \x1aNon-market"): one beside a space is dropped, another becomes a
 * space; counted for one warning at the build. A name with them cannot be registered in a
 * council's products. */
int io_iot_product(io_iot *t, const char *key, const char *name, plenum_diag *d)
{
	int64_t at = ut_strpool_add(&t->name, name, strlen(name));
	if (ut_strpool_add(&t->key, key, strlen(key)) < 0 || at < 0)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory");
	char *s = (char *)ut_strpool_get(&t->name, at), *w = s;
	for (const char *r = s; *r; r++) {
		if (!is_control(*r)) {
			*w++ = *r;
			continue;
		}
		if (t->controls++ == 0)
			t->control_at = t->key.count - 1;
		if (w > s && w[-1] != ' ' && r[1] != ' ' && r[1] && !is_control(r[1]))
			*w++ = ' ';
	}
	*w = '\0'; /* shorter or as long: the pool's next string starts after the old end */
	return PLENUM_OK;
}

int io_iot_account(io_iot *t, const char *key, const char *name, const char *unit,
                   plenum_diag *d)
{
	if (strcmp(key, "product") == 0 || strcmp(key, "labour") == 0) /* as read_dir.c */
		return ut_fail(d, PLENUM_EFORMAT, "%s: an account named '%s' is the name of a column "
		               "of the labour values, and the economy could not be read back: rename "
		               "that row (or take it as labour with --labour %s)", t->src, key, key);
	if (ut_strpool_add(&t->akey, key, strlen(key)) < 0 ||
	    ut_strpool_add(&t->aname, name, strlen(name)) < 0 ||
	    ut_strpool_add(&t->aunit, unit, strlen(unit)) < 0)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory");
	t->na = t->akey.count;
	return PLENUM_OK;
}

/* x_i = sum_j Z_ij + y_i, checked to 1e-6 relative */
void io_iot_check_balance(const io_iot *t, const double *x, plenum_diag *d)
{
	int64_t n = t->n;
	for (int64_t i = 0; i < n; i++) {
		double s = t->y[i];
		for (int64_t j = 0; j < n; j++)
			s += t->a[i * n + j];
		double gap = fabs(s - x[i]) / fmax(fabs(x[i]), 1.0);
		if (gap > 1e-6)
			ut_warn(d, gap, "%s: product '%s': intermediate use plus final demand %.17g "
			        "differs from gross output %.17g (relative gap %.3g): the table does "
			        "not balance (rounded?)", t->src, ut_strpool_get(&t->key, i), s, x[i],
			        gap);
	}
}

/* Zeroes column j (a product without output); warns when it held flows. */
static void drop_column(io_iot *t, int64_t j, plenum_diag *d)
{
	int64_t n = t->n, flows = 0;
	double worst = fabs(t->l[j]);
	for (int64_t i = 0; i < n; i++)
		if (t->a[i * n + j] != 0)
			flows++, worst = fmax(worst, fabs(t->a[i * n + j]));
	for (int64_t k = 0; k < t->na; k++)
		if (t->e[k * n + j] != 0)
			flows++, worst = fmax(worst, fabs(t->e[k * n + j]));
	flows += t->l[j] != 0;
	if (flows)
		ut_warn(d, worst, "%s: product '%s' has zero gross output but %lld non-zero "
		        "input, labour or account flows (largest %g): dropped, its technique has "
		        "no inputs", t->src, ut_strpool_get(&t->key, j), (long long)flows, worst);
	for (int64_t i = 0; i < n; i++)
		t->a[i * n + j] = 0;
	for (int64_t k = 0; k < t->na; k++)
		t->e[k * n + j] = 0;
	t->l[j] = 0;
}

/* A_ij = Z_ij / x_j, l_j = L_j / x_j, e_kj = E_kj / x_j */
int io_iot_per_unit(io_iot *t, const double *x, plenum_diag *d)
{
	int64_t n = t->n;
	for (int64_t j = 0; j < n; j++) {
		if (!isfinite(x[j]) || x[j] < 0)
			return ut_fail(d, PLENUM_EFORMAT, "%s: product '%s' has gross output %g: "
			               "output must be a finite number >= 0", t->src,
			               ut_strpool_get(&t->key, j), x[j]);
		if (x[j] == 0) {
			drop_column(t, j, d);
			continue;
		}
		for (int64_t i = 0; i < n; i++)
			t->a[i * n + j] /= x[j];
		for (int64_t k = 0; k < t->na; k++)
			t->e[k * n + j] /= x[j];
		t->l[j] /= x[j];
	}
	return PLENUM_OK;
}

/* Every coefficient and demand is a finite number: a flow of 1e300 over an output of 1e-300
 * per unit is infinity, and the economy written from it could not be read back. */
static int check_finite(const io_iot *t, plenum_diag *d)
{
	int64_t n = t->n;
	for (int64_t j = 0; j < n; j++) {
		const char *what = NULL, *of = "";
		double v = t->l[j];
		if (!isfinite(v))
			what = "labour";
		for (int64_t i = 0; i < n && !what; i++)
			if (!isfinite(v = t->a[i * n + j]))
				what = "input of", of = ut_strpool_get(&t->key, i);
		for (int64_t k = 0; k < t->na && !what; k++)
			if (!isfinite(v = t->e[k * n + j]))
				what = "account", of = ut_strpool_get(&t->akey, k);
		if (!what && !isfinite(v = t->y[j]))
			what = "final demand";
		if (what)
			return ut_fail(d, PLENUM_EFORMAT, "%s: product '%s': %s%s%s%s is %g, not a finite "
			               "number (per unit made: a huge flow over a tiny output?): check "
			               "its column", t->src, ut_strpool_get(&t->key, j), what,
			               *of ? " '" : "", of, *of ? "'" : "", v);
	}
	return PLENUM_OK;
}

/* Negative coefficients: a warning each, or the first one an error in strict mode. */
static int check_negative(const io_iot *t, unsigned flags, plenum_diag *d)
{
	int64_t n = t->n;
	for (int64_t j = 0; j < n; j++) {
		for (int64_t i = 0; i < n; i++) {
			double q = t->a[i * n + j];
			if (q >= 0)
				continue;
			const char *pi = ut_strpool_get(&t->key, i), *pj = ut_strpool_get(&t->key, j);
			if (flags & PLENUM_READ_STRICT)
				return ut_fail(d, PLENUM_EFORMAT, "%s: negative input %g of '%s' into "
				               "'%s' (strict mode): drop --strict to accept it with a "
				               "warning", t->src, q, pi, pj);
			ut_warn(d, -q, "%s: negative input %g of '%s' into '%s'", t->src, q, pi, pj);
		}
		if (t->l[j] < 0)
			return ut_fail(d, PLENUM_EFORMAT, "%s: product '%s' has negative labour %g "
			               "per unit: labour must be >= 0; check the labour row or choose "
			               "another with --labour", t->src, ut_strpool_get(&t->key, j),
			               t->l[j]);
	}
	return PLENUM_OK;
}

static int add_parts(const io_iot *t, ec_builder *b)
{
	int64_t n = t->n;
	for (int64_t j = 0; j < n; j++)
		if (ec_add_product(b, ut_strpool_get(&t->key, j), ut_strpool_get(&t->name, j),
		                   t->unit, "") < 0)
			return PLENUM_ENOMEM;
	for (int64_t k = 0; k < t->na; k++)
		if (ec_add_account(b, ut_strpool_get(&t->akey, k), ut_strpool_get(&t->aname, k),
		                   ut_strpool_get(&t->aunit, k), INFINITY) < 0)
			return PLENUM_ENOMEM;
	for (int64_t j = 0; j < n; j++) {
		if (ec_add_technique(b, ut_strpool_get(&t->key, j), (int32_t)j, t->l[j], 1.0,
		                     INFINITY) < 0)
			return PLENUM_ENOMEM;
		for (int64_t i = 0; i < n; i++)
			if (t->a[i * n + j] != 0 && ec_add_input(b, j, (int32_t)i, t->a[i * n + j]))
				return PLENUM_ENOMEM;
		for (int64_t k = 0; k < t->na; k++)
			if (t->e[k * n + j] != 0 && ec_add_emission(b, j, (int32_t)k, t->e[k * n + j]))
				return PLENUM_ENOMEM;
	}
	for (int64_t i = 0; i < n; i++)
		if (ec_add_demand(b, (int32_t)i, t->y[i]))
			return PLENUM_ENOMEM;
	return PLENUM_OK;
}

int io_iot_build(io_iot *t, unsigned flags, plenum_economy **out, plenum_diag *d)
{
	ec_builder b;
	*out = NULL;
	if (t->controls)
		ut_warn(d, 0, "%s: %lld control characters in product names became spaces (the first "
		        "in '%s'): the source's names hold them", t->src, (long long)t->controls,
		        ut_strpool_get(&t->key, t->control_at));
	int rc = check_finite(t, d);
	if (!rc)
		rc = check_negative(t, flags, d);
	if (rc)
		return rc;
	memset(&b, 0, sizeof b);
	if (add_parts(t, &b) || ec_set_labour(&b, t->lunit[0] ? t->lunit : NULL, t->lname)) {
		ec_builder_free(&b);
		return ut_fail(d, PLENUM_ENOMEM, "out of memory while building the economy");
	}
	if ((rc = ec_build_finish(&b, out, d)))
		return rc;
	if ((rc = ec_build_maps(*out, d))) {
		plenum_economy_free(*out);
		*out = NULL;
	}
	return rc;
}

void io_iot_free(io_iot *t)
{
	ut_strpool *pools[] = {&t->key, &t->name, &t->akey, &t->aname, &t->aunit};
	for (size_t k = 0; k < sizeof pools / sizeof pools[0]; k++)
		ut_strpool_free(pools[k]);
	ut_free(t->a);
	ut_free(t->l);
	ut_free(t->e);
	ut_free(t->y);
	t->a = t->l = t->e = t->y = NULL;
	t->n = t->na = 0;
}
