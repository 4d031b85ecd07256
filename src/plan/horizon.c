/* The horizon of a multi-year plan: targets and hours per year and the capital stocks
 * (read by io/plan_read.c). */
#include <math.h>
#include "plan/pl.h"

void plenum_horizon_free(plenum_horizon *h)
{
	if (!h)
		return;
	ut_free(h->target);
	ut_free(h->labour);
	ut_free(h->stock);
	ut_free(h->cap);
	ut_free(h);
}

int64_t plenum_horizon_years(const plenum_horizon *h)
{
	return h->ny;
}

double plenum_horizon_labour(const plenum_horizon *h, int64_t y)
{
	return y >= 0 && y < h->ny ? h->labour[y] : NAN;
}
