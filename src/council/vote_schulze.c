/* The Schulze method (beatpath, winning votes), after M. Schulze, "A new monotonic,
 * clone-independent, reversal symmetric, and Condorcet-consistent single-winner election
 * method", Social Choice and Welfare 36 (2011). */
#include "council/ct.h"

/* d[i*k+j] = voters ranking i strictly above j (an unranked option is below every ranked one) */
static void pairwise(const ct_ballots *b, int64_t *dmat)
{
	int64_t k = b->k;
	for (int64_t v = 0; v < b->n; v++) {
		const int64_t *m = b->marks + v * k;
		for (int64_t i = 0; i < k; i++)
			for (int64_t j = 0; j < k; j++)
				if (i != j && m[i] && (!m[j] || m[i] < m[j]))
					dmat[i * k + j]++;
	}
}

/* p[j][k] = max over paths of the weakest link; win[i] = 1 when p[i][j] >= p[j][i] for all j */
void ct_schulze_winners(const int64_t *dmat, int64_t k, int64_t *p, int *win)
{
	for (int64_t i = 0; i < k; i++)
		for (int64_t j = 0; j < k; j++)
			p[i * k + j] = i != j && dmat[i * k + j] > dmat[j * k + i] ? dmat[i * k + j] : 0;
	for (int64_t i = 0; i < k; i++)
		for (int64_t j = 0; j < k; j++) {
			if (i == j)
				continue;
			for (int64_t l = 0; l < k; l++) {
				if (l == i || l == j)
					continue;
				int64_t w = p[j * k + i] < p[i * k + l] ? p[j * k + i] : p[i * k + l];
				if (w > p[j * k + l])
					p[j * k + l] = w;
			}
		}
	for (int64_t i = 0; i < k; i++) {
		win[i] = 1;
		for (int64_t j = 0; j < k; j++)
			if (j != i && p[j * k + i] > p[i * k + j])
				win[i] = 0;
	}
}

static int report(ct_count *out, int64_t k, const int64_t *p)
{
	int rc = ut_buf_printf(&out->report, "strongest paths p[i][j] (row i over column j):\n");
	for (int64_t i = 0; i < k && !rc; i++) {
		for (int64_t j = 0; j < k && !rc; j++)
			rc = ut_buf_printf(&out->report, j ? " %lld" : "%lld", (long long)p[i * k + j]);
		if (!rc)
			rc = ut_buf_printf(&out->report, "\n");
	}
	return rc ? PLENUM_ENOMEM : PLENUM_OK;
}

int ct_count_schulze(const ct_ballots *b, int64_t status_quo, ct_count *out)
{
	int64_t k = b->k;
	int64_t *p = ut_calloc((size_t)(k * k), sizeof *p);
	int *win = ut_calloc((size_t)k, sizeof *win);
	out->pairwise = ut_calloc((size_t)(k * k), sizeof *out->pairwise);
	if (!p || !win || !out->pairwise) {
		ut_free(p);
		ut_free(win);
		return PLENUM_ENOMEM;
	}
	pairwise(b, out->pairwise);
	ct_schulze_winners(out->pairwise, k, p, win);
	for (int64_t v = 0; v < b->n; v++) /* tally: first preferences */
		for (int64_t i = 0; i < k; i++)
			out->tally[i] += b->marks[v * k + i] == 1;
	for (int64_t i = 0; i < k; i++) { /* rank = 1 + options beating i by beatpath */
		out->rank[i] = 1;
		for (int64_t j = 0; j < k; j++)
			out->rank[i] += j != i && p[j * k + i] > p[i * k + j];
	}
	int64_t chosen = -1; /* among tied winners: the status quo, else the lowest index */
	for (int64_t i = 0; i < k; i++)
		if (win[i] && (chosen < 0 || i == status_quo))
			chosen = i;
	out->winners[0] = chosen;
	out->n_winners = chosen >= 0;
	out->passed = chosen >= 0;
	int rc = report(out, k, p), tied = 0;
	for (int64_t i = 0; i < k; i++)
		tied += win[i];
	if (!rc && tied > 1) /* said: the rule decided, not the ballots */
		rc = ut_buf_printf(&out->report, "%d options are potential winners: option %lld is "
		                   "taken as %s\n", tied, (long long)chosen,
		                   chosen == status_quo ? "the status quo" : "the lowest index")
		             ? PLENUM_ENOMEM
		             : PLENUM_OK;
	ut_free(p);
	ut_free(win);
	return rc;
}
