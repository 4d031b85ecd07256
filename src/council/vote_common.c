/* What every voting method shares: the count's arrays and the check of one ballot's marks. */
#include <string.h>
#include "council/ct.h"

int ct_count_init(ct_count *c, int64_t k)
{
	memset(c, 0, sizeof *c);
	size_t n = k > 0 ? (size_t)k : 1;
	c->tally = ut_calloc(n, sizeof *c->tally);
	c->rank = ut_calloc(n, sizeof *c->rank);
	c->winners = ut_calloc(n, sizeof *c->winners);
	if (!c->tally || !c->rank || !c->winners) {
		ct_count_free(c);
		return PLENUM_ENOMEM;
	}
	return PLENUM_OK;
}

void ct_count_free(ct_count *c)
{
	ut_free(c->tally);
	ut_free(c->rank);
	ut_free(c->winners);
	ut_free(c->pairwise);
	ut_buf_free(&c->report);
	memset(c, 0, sizeof *c);
}

static int check_yes_no(const int64_t *m, int64_t k, plenum_diag *d)
{
	int64_t ones = 0;
	for (int64_t i = 0; i < k; i++) {
		if (m[i] != 0 && m[i] != 1)
			return ut_fail(d, PLENUM_EINVAL, "a yes/no ballot marks one of yes, no, abstain "
			               "with 1, the others 0");
		ones += m[i];
	}
	if (ones != 1)
		return ut_fail(d, PLENUM_EINVAL, "a yes/no ballot marks exactly one of yes, no, "
		               "abstain");
	return PLENUM_OK;
}

/* STV ranks: 1..m each once, the rest 0. */
static int check_strict(const int64_t *m, int64_t k, plenum_diag *d)
{
	int64_t ranked = 0;
	for (int64_t i = 0; i < k; i++)
		ranked += m[i] > 0;
	for (int64_t r = 1; r <= ranked; r++) {
		int64_t seen = 0;
		for (int64_t i = 0; i < k; i++)
			seen += m[i] == r;
		if (seen != 1)
			return ut_fail(d, PLENUM_EINVAL, "an STV ballot ranks options 1, 2, 3... each "
			               "number once, no ties or gaps (rank %lld is used %lld times)",
			               (long long)r, (long long)seen);
	}
	return PLENUM_OK;
}

int ct_ballot_check(int method, const int64_t *marks, int64_t k, plenum_diag *d)
{
	for (int64_t i = 0; i < k; i++)
		if (marks[i] < 0 || marks[i] > k)
			return ut_fail(d, PLENUM_EINVAL, "mark %lld of option %lld is out of range 0..%lld",
			               (long long)marks[i], (long long)i, (long long)k);
	if (method == PLENUM_VOTE_YES_NO)
		return check_yes_no(marks, k, d);
	if (method == PLENUM_VOTE_APPROVAL) {
		for (int64_t i = 0; i < k; i++)
			if (marks[i] > 1)
				return ut_fail(d, PLENUM_EINVAL, "an approval ballot marks 1 (approve) "
				               "or 0, got %lld", (long long)marks[i]);
		return PLENUM_OK;
	}
	if (method == PLENUM_VOTE_STV)
		return check_strict(marks, k, d);
	return PLENUM_OK; /* schulze: any ranks 0..k, ties allowed */
}
