/* The planning files of an economy directory (stocks.csv, years.csv, targets.csv, caps.csv,
 * read by io/plan_dir.c) turned into a horizon: the same years, targets, hours and capital
 * stocks that the multi-year format gives (horizon_read.c), so both run through one model,
 * and the caps per year that only this format has. */
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include "io/plan_dir.h"
#include "plan/pl.h"

/* The years to plan: those asked for, else the files' own (years.csv's, else the last year
 * of targets.csv and caps.csv, else 1). More years than years.csv gives is an error: their
 * hours are unknown. */
static int years_of(const io_plan_dir *t, const char *dir, int64_t years, int64_t *ny,
                    plenum_diag *d)
{
	if (years < 0)
		return ut_fail(d, PLENUM_EINVAL, "years %lld: give 1 or more", (long long)years);
	if (t->has_years && years > t->nyears)
		return ut_fail(d, PLENUM_EINVAL, "%s/years.csv: %lld years, but %lld were asked for: "
		               "add rows up to year %lld or plan at most %lld years", dir,
		               (long long)t->nyears, (long long)years, (long long)years,
		               (long long)t->nyears);
	*ny = years ? years : t->has_years ? t->nyears : t->last_year ? t->last_year : 1;
	return PLENUM_OK;
}

static void fill(plenum_horizon *h, const plenum_economy *e, const io_plan_dir *t)
{
	for (int64_t y = 0; y < h->ny; y++) {
		memcpy(h->target + y * h->np, e->demand, (size_t)h->np * sizeof *h->target);
		h->labour[y] = t->has_years ? t->hours[y] : INFINITY;
	}
	for (int64_t q = 0; q < t->ntargets; q++) {
		const io_target_row *r = &t->target[q];
		if (r->year <= h->ny) /* later years are not planned */
			h->target[(r->year - 1) * h->np + r->product] = r->quantity;
	}
	for (int64_t k = 0; h->cap && k < h->ny * h->na; k++)
		h->cap[k] = NAN;
	for (int64_t q = 0; q < t->ncaps; q++) {
		const io_cap_row *r = &t->cap[q];
		if (r->year <= h->ny)
			h->cap[(r->year - 1) * h->na + r->account] = r->cap;
	}
	for (int64_t k = 0; k < t->nstocks; k++) {
		const io_stock_row *s = &t->stock[k];
		h->stock[k] = (pl_stock){s->input, s->user, s->per_unit, s->dep, s->initial};
	}
	h->nk = t->nstocks;
}

static int build(const plenum_economy *e, const io_plan_dir *t, int64_t ny,
                 plenum_horizon **out, plenum_diag *d)
{
	plenum_horizon *h = ut_calloc(1, sizeof *h);
	if (h) {
		h->target = ut_mallocarray((size_t)(ny * e->np), sizeof *h->target);
		h->labour = ut_mallocarray((size_t)ny, sizeof *h->labour);
		h->stock = ut_mallocarray((size_t)t->nstocks + 1, sizeof *h->stock);
		h->na = t->has_caps ? e->na : 0;
		if (t->has_caps)
			h->cap = ut_mallocarray((size_t)(ny * e->na) + 1, sizeof *h->cap);
	}
	if (!h || !h->target || !h->labour || !h->stock || (t->has_caps && !h->cap)) {
		plenum_horizon_free(h);
		return ut_fail(d, PLENUM_ENOMEM, "out of memory for the plan's years");
	}
	h->ny = ny;
	h->np = e->np;
	fill(h, e, t);
	*out = h;
	return PLENUM_OK;
}

int plenum_horizon_read_dir(const plenum_economy *e, const char *dir, int64_t years,
                            plenum_horizon **out, plenum_diag *d)
{
	*out = NULL;
	if (d)
		d->message[0] = '\0';
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) /* a binary economy: no such files */
		return PLENUM_OK;
	io_plan_dir t;
	int64_t ny = 0;
	int rc = io_plan_dir_read(e, dir, &t, d);
	if (rc)
		return rc;
	if (t.has_stocks || t.has_years || t.has_targets || t.has_caps) {
		rc = years_of(&t, dir, years, &ny, d);
		if (!rc)
			rc = build(e, &t, ny, out, d);
	}
	io_plan_dir_free(&t);
	return rc;
}
