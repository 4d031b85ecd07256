/* Approval voting: each voter approves any options; the seats options with most approvals win. */
#include "council/ct.h"

/* 1 when option i goes before option j: more approvals, then the status quo, then index. */
static int before(const int64_t *tally, int64_t sq, int64_t i, int64_t j)
{
	if (tally[i] != tally[j])
		return tally[i] > tally[j];
	if (i == sq || j == sq)
		return i == sq;
	return i < j;
}

/* A tie for the last seat, decided by the rule rather than the ballots, is said. */
static int say_tie(ct_count *out, int64_t k, int64_t sq)
{
	int64_t last = out->n_winners ? out->winners[out->n_winners - 1] : -1, next = -1;
	for (int64_t i = 0; i < k; i++)
		if (out->rank[i] == out->n_winners + 1)
			next = i;
	if (last < 0 || next < 0 || out->tally[last] != out->tally[next])
		return PLENUM_OK;
	return ut_buf_printf(&out->report, "options %lld and %lld tie at %lld approvals for place "
	                     "%lld: option %lld is taken as %s\n", (long long)last, (long long)next,
	                     (long long)out->tally[last], (long long)out->n_winners, (long long)last,
	                     last == sq ? "the status quo" : "the lower index")
	               ? PLENUM_ENOMEM
	               : PLENUM_OK;
}

int ct_count_approval(const ct_ballots *b, int64_t seats, int64_t status_quo, ct_count *out)
{
	int64_t k = b->k;
	for (int64_t v = 0; v < b->n; v++)
		for (int64_t i = 0; i < k; i++)
			out->tally[i] += b->marks[v * k + i];
	for (int64_t i = 0; i < k; i++) { /* rank = 1 + options that go before i */
		out->rank[i] = 1;
		for (int64_t j = 0; j < k; j++)
			out->rank[i] += j != i && before(out->tally, status_quo, j, i);
	}
	out->n_winners = seats < k ? seats : k;
	for (int64_t i = 0; i < k; i++)
		if (out->rank[i] <= out->n_winners)
			out->winners[out->rank[i] - 1] = i;
	out->passed = out->n_winners > 0;
	for (int64_t i = 0; i < k; i++)
		if (ut_buf_printf(&out->report, "option %lld: %lld approvals, place %lld\n",
		                  (long long)i, (long long)out->tally[i], (long long)out->rank[i]))
			return PLENUM_ENOMEM;
	return say_tie(out, k, status_quo);
}
