/* The variants as an SVG chart: fulfilment level (% of targets) against the working week
 * (hours per worker per week; or against the labour available a year, in the economy's unit
 * of labour, in a sweep of the labour), one line per cap setting, with axes, ticks and a
 * legend.
 * Written to a temporary file and renamed, so that a failure leaves nothing behind. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <stdarg.h>
#include "plan/pl.h"

enum { W = 760, H = 460, LEFT = 80, RIGHT = 230, TOP = 50, BOTTOM = 70 };

static const char *const colours[] = {"#1b6ca8", "#c0392b", "#27ae60", "#8e44ad",
                                      "#d35400", "#16a085", "#7f8c8d", "#b7950b"};

typedef struct chart {
	ut_buf *f;
	int failed; /* an append ran out of memory */
	double x0, x1, y1; /* weekly hours (labour a year) from..to; top of the y axis in % */
} chart;

/* Where variant x sits on the x axis: its working week, or in a sweep of the labour the
 * labour a year. */
static double x_of(const plenum_variants *v, const plenum_variant *x)
{
	return v->labour_sweep ? x->labour_hours : x->weekly_hours;
}

static double px(const chart *c, double x)
{
	return LEFT + (x - c->x0) / (c->x1 - c->x0) * (W - LEFT - RIGHT);
}

static double py(const chart *c, double pct)
{
	return H - BOTTOM - pct / c->y1 * (H - TOP - BOTTOM);
}

/* Appends printf-style (at most 1023 bytes a call). */
static void out(chart *c, const char *fmt, ...) UT_PRINTF(2, 3);
static void out(chart *c, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof tmp || ut_buf_append(c->f, tmp, (size_t)n))
		c->failed = 1;
}

/* Appends s with XML's special characters escaped. */
static void text(chart *c, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': out(c, "&amp;"); break;
		case '<': out(c, "&lt;"); break;
		case '>': out(c, "&gt;"); break;
		case '"': out(c, "&quot;"); break;
		default: out(c, "%c", *s);
		}
	}
}

/* A tick spacing of 1, 2 or 5 times a power of ten giving at most about max ticks. */
static double nice_step(double span, int max)
{
	double raw = span / max, p = pow(10, floor(log10(raw)));
	return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
}

/* Under the title, the budgets every variant keeps to, when there are any. */
static void budgets(chart *c, const plenum_economy *e, const plenum_variants *v)
{
	int any = 0;
	for (int64_t a = 0; a < v->accounts; a++) {
		if (!isfinite(v->budget[a]))
			continue;
		if (any++)
			out(c, ", ");
		else
			out(c, "<text x=\"%d\" y=\"44\" font-family=\"sans-serif\" font-size=\"12\" "
			    "fill=\"#222\">every variant within a budget of ", LEFT);
		text(c, ec_name(e->akey, a)); /* "co2e 8e+06 kt CO2e", not "8e+06 kt CO2e co2e" */
		out(c, " %g ", v->budget[a]);
		text(c, ec_name(e->aunit, a));
	}
	if (any)
		out(c, " over %lld year%s</text>\n", (long long)v->years, v->years > 1 ? "s" : "");
}

static void axes(chart *c, const plenum_economy *e, const plenum_variants *v)
{
	double xs = nice_step(c->x1 - c->x0, 8), ys = nice_step(c->y1, 6);
	out(c, "<g stroke=\"#ccc\" stroke-width=\"1\">\n");
	for (double y = 0; y <= c->y1 + 1e-9; y += ys)
		out(c, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", LEFT, py(c, y),
		        W - RIGHT, py(c, y));
	out(c, "</g>\n<g font-family=\"sans-serif\" font-size=\"12\" fill=\"#222\">\n");
	for (double y = 0; y <= c->y1 + 1e-9; y += ys)
		out(c, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%g%%</text>\n", LEFT - 6,
		        py(c, y) + 4, y);
	int decimals = xs < 1 ? (int)ceil(-log10(xs) - 1e-9) : 0; /* as many as the step has */
	for (double x = ceil(c->x0 / xs) * xs; x <= c->x1 + 1e-9 * xs; x += xs)
		out(c, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.*f</text>\n", px(c, x),
		        H - BOTTOM + 18, decimals, x);
	if (v->labour_sweep) {
		out(c, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">labour available a year (",
		    (LEFT + W - RIGHT) / 2, H - BOTTOM + 44);
		text(c, plenum_economy_labour_unit(e));
		out(c, ")</text>\n");
	} else {
		out(c, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">working week (hours per "
		        "worker per week)</text>\n", (LEFT + W - RIGHT) / 2, H - BOTTOM + 44);
	}
	out(c, "<text transform=\"translate(22,%d) rotate(-90)\" text-anchor=\"middle\">"
	        "fulfilment level (%% of targets)</text>\n", (TOP + H - BOTTOM) / 2);
	out(c, "<text x=\"%d\" y=\"28\" font-size=\"16\">Plan variants: fulfilment of "
	        "targets against the %s</text>\n</g>\n", LEFT,
	    v->labour_sweep ? "labour available a year" : "working week");
	out(c, "<g stroke=\"#222\" stroke-width=\"1.5\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	        "y2=\"%d\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/></g>\n", LEFT, TOP, LEFT,
	        H - BOTTOM, LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
	out(c, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#555\" "
	        "stroke-dasharray=\"6 4\"/>\n", LEFT, py(c, 100), W - RIGHT, py(c, 100));
}

/* The legend's words for a cap setting (first: one of its variants): the caps it sets, a
 * year's on average over several years (the variants hold their sum: "6e+06 over 3 years"
 * read as another cap than the 2e+06 a year given), "the economy's caps", or "no caps" when
 * the economy has no accounts. */
static void label(chart *c, const plenum_economy *e, const plenum_variants *v,
                  const plenum_variant *first)
{
	int any = 0;
	for (int64_t a = 0; a < v->accounts && v->nsettings; a++) {
		if (!isfinite(first->cap[a]))
			continue;
		out(c, "%s", any++ ? ", " : "");
		text(c, ec_name(e->akey, a));
		out(c, " cap %g ", first->cap[a] / (double)(v->years > 1 ? v->years : 1));
		text(c, ec_name(e->aunit, a));
		if (v->years > 1)
			out(c, " a year");
	}
	if (!any)
		out(c, v->accounts ? "the economy's caps" : "no caps");
}

/* Setting s's first variant with a level, else its first; NULL when it has none. */
static const plenum_variant *first_of(const plenum_variants *v, int64_t s)
{
	const plenum_variant *any = NULL;
	for (int64_t k = 0; k < v->count; k++)
		if (v->v[k].setting == s) {
			if (isfinite(v->v[k].level))
				return &v->v[k];
			any = any ? any : &v->v[k];
		}
	return any;
}

/* How much wider than W the chart is drawn for its longest legend (about 7 units a
 * character at 12 px): a legend cut at the edge hid which caps a line was for. -1 when
 * out of memory measuring. */
static int legend_extra(const plenum_economy *e, const plenum_variants *v)
{
	size_t most = 0;
	int failed = 0;
	for (int64_t s = 0; s < (v->nsettings ? v->nsettings : 1); s++) {
		const plenum_variant *first = first_of(v, s);
		ut_buf b = {0};
		chart m = {&b, 0, 0, 1, 1};
		if (first)
			label(&m, e, v, first);
		failed |= m.failed;
		most = b.len > most ? b.len : most;
		ut_buf_free(&b);
	}
	int need = 42 + 7 * (int)(most < 1000 ? most : 1000) + 12;
	return failed ? -1 : need > RIGHT ? need - RIGHT : 0;
}

static void series(chart *c, const plenum_economy *e, const plenum_variants *v)
{
	int64_t ns = v->nsettings ? v->nsettings : 1;
	for (int64_t s = 0; s < ns; s++) {
		const char *col = colours[s % 8];
		const plenum_variant *first = first_of(v, s);
		out(c, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", col);
		for (int64_t k = 0; k < v->count; k++)
			if (v->v[k].setting == s && isfinite(v->v[k].level)) {
				out(c, "%.1f,%.1f ", px(c, x_of(v, &v->v[k])),
				        py(c, 100 * v->v[k].level));
			}
		out(c, "\"/>\n");
		for (int64_t k = 0; k < v->count; k++)
			if (v->v[k].setting == s && isfinite(v->v[k].level))
				out(c, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
				        px(c, x_of(v, &v->v[k])), py(c, 100 * v->v[k].level), col);
		int ly = TOP + 10 + (int)s * 22;
		out(c, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
		        "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" "
		        "font-size=\"12\">", W - RIGHT + 12, ly, W - RIGHT + 36, ly, col,
		        W - RIGHT + 42, ly + 4);
		if (first)
			label(c, e, v, first);
		out(c, "</text>\n");
	}
}

static int chart_write(ut_buf *b, const plenum_economy *e, const plenum_variants *v)
{
	chart c = {b, 0, v->from, v->to, 100};
	if (c.x1 <= c.x0) { /* one value: an axis around it (a tenth of it for labour, which
	                     * may be 1e16, where one more is no more) */
		double pad = v->labour_sweep && c.x0 > 0 ? 0.1 * c.x0 : 1;
		c.x0 = v->labour_sweep ? fmax(0, c.x0 - pad) : c.x0 - pad, c.x1 += pad;
	}
	double top = 1;
	for (int64_t k = 0; k < v->count; k++)
		if (isfinite(v->v[k].level))
			top = fmax(top, v->v[k].level);
	c.y1 = ceil(top * 100 / 25 - 1e-9) * 25;
	ut_numeric n = ut_numeric_begin(); /* coordinates with '.' whatever the locale */
	int extra = legend_extra(e, v), w = W + (extra > 0 ? extra : 0);
	c.failed = extra < 0;
	out(&c, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/"
	    "2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n<rect width=\"%d\" "
	    "height=\"%d\" fill=\"#fff\"/>\n", w, H, w, H, w, H);
	axes(&c, e, v);
	budgets(&c, e, v);
	series(&c, e, v);
	out(&c, "</svg>\n");
	ut_numeric_end(n);
	return c.failed ? PLENUM_ENOMEM : PLENUM_OK;
}

/* Writes b to path, whole or not at all (ut_wfile). */
static int save(const ut_buf *b, const char *path, plenum_diag *d)
{
	ut_wfile w;
	int rc = ut_wfile_open(&w, path, d);
	if (rc)
		return rc;
	rc = ut_wfile_close(&w, ut_wfile_write(&w, b->data, b->len), d);
	return rc ? rc : ut_wfile_commit(&w, d);
}

int plenum_variants_write_svg(const plenum_economy *e, const plenum_variants *v,
                              const char *path, plenum_diag *d)
{
	ut_buf b = {0};
	int rc = chart_write(&b, e, v);
	if (rc)
		ut_fail(d, rc, "out of memory drawing the variants");
	else
		rc = save(&b, path, d);
	ut_buf_free(&b);
	return rc;
}
