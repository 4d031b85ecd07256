/* Yes / no / abstain with a quorum and a majority given as integer fractions. */
#include "council/ct.h"

/* quorum: voters*qden >= qnum*electorate; majority: yes*mden >= mnum*(yes+no) and yes > no */
int ct_count_yes_no(const ct_ballots *b, int64_t electorate, int64_t qnum, int64_t qden,
                    int64_t mnum, int64_t mden, ct_count *out)
{
	for (int64_t v = 0; v < b->n; v++) {
		const int64_t *m = b->marks + v * b->k;
		out->yes += m[0];
		out->no += m[1];
		out->abstain += m[2];
	}
	out->tally[0] = out->yes, out->tally[1] = out->no, out->tally[2] = out->abstain;
	int64_t voters = out->yes + out->no + out->abstain, cast = out->yes + out->no;
	out->quorum_met = voters * qden >= qnum * electorate;
	out->passed = out->quorum_met && out->yes * mden >= mnum * cast && out->yes > out->no;
	out->winners[0] = out->passed ? 0 : 1;
	out->n_winners = 1;
	out->rank[out->winners[0]] = 1;
	return ut_buf_printf(&out->report, "yes %lld, no %lld, abstain %lld of %lld eligible; "
	                     "quorum %lld/%lld %s; majority %lld/%lld of yes+no: %s\n",
	                     (long long)out->yes, (long long)out->no, (long long)out->abstain,
	                     (long long)electorate, (long long)qnum, (long long)qden,
	                     out->quorum_met ? "met" : "not met", (long long)mnum, (long long)mden,
	                     out->passed ? "passed" : "not passed");
}
