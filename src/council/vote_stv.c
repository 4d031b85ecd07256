/* Single transferable vote, Scottish STV (The Scottish Local Government Elections Order 2007,
 * rules 45-52): Droop quota, surpluses transferred one at a time (largest first) at values
 * truncated to 5 decimals, the lowest candidate excluded otherwise. Votes are counted in
 * units of 1/100000. Ties are broken by the earlier stages, then by the lower option index
 * (where the Order draws lots). */
#include <string.h>
#include "council/ct.h"

enum { UNIT = 100000, CONTINUING = 0, ELECTED = 1, EXCLUDED = 2 };

typedef struct stv {
	int64_t n, k, seats, quota, elected, stages;
	int64_t *order;  /* n*k: ballot v's options by rank */
	int64_t *len;    /* n: options ranked on ballot v */
	int64_t *pos;    /* n: where ballot v stands in its order */
	int64_t *value;  /* n: the ballot's value in units */
	int64_t *votes;  /* k: each candidate's votes in units */
	int64_t *hist;   /* rows*k: votes at each stage, for breaking ties */
	int64_t rows;    /* 2k+2: stages are at most k exclusions and k elections */
	int *state;      /* k */
	ct_count *out;
} stv;

static int64_t current(const stv *s, int64_t v)
{
	return s->pos[v] < s->len[v] ? s->order[v * s->k + s->pos[v]] : -1;
}

/* Moves ballot v past candidates no longer continuing; adds its value to the next one. */
static void advance(stv *s, int64_t v)
{
	while (s->pos[v] < s->len[v] && s->state[current(s, v)] != CONTINUING)
		s->pos[v]++;
	int64_t c = current(s, v);
	if (c >= 0)
		s->votes[c] += s->value[v];
}

/* 1 when a ranks below b for exclusion (fewer votes now, then at the latest stage where they
 * differed, then the higher index). */
static int lower(const stv *s, int64_t a, int64_t b)
{
	if (s->votes[a] != s->votes[b])
		return s->votes[a] < s->votes[b];
	for (int64_t t = (s->stages < s->rows ? s->stages : s->rows) - 1; t >= 0; t--) {
		int64_t va = s->hist[t * s->k + a], vb = s->hist[t * s->k + b];
		if (va != vb)
			return va < vb;
	}
	return a > b;
}

static void snapshot(stv *s)
{
	if (s->stages < s->rows)
		memcpy(s->hist + s->stages * s->k, s->votes, (size_t)s->k * sizeof *s->votes);
	s->stages++;
}

static int elect(stv *s, int64_t c, const char *why)
{
	s->state[c] = ELECTED;
	s->out->winners[s->elected++] = c;
	s->out->rank[c] = 1;
	return ut_buf_printf(&s->out->report, "stage %lld: option %lld elected (%s) with %lld.%05lld\n",
	                     (long long)s->stages, (long long)c, why, (long long)(s->votes[c] / UNIT),
	                     (long long)(s->votes[c] % UNIT));
}

/* Transfers c's surplus: each of its ballots goes on at value * surplus / total, truncated. */
static void transfer_surplus(stv *s, int64_t c)
{
	int64_t total = s->votes[c], surplus = total - s->quota;
	for (int64_t v = 0; v < s->n; v++) {
		if (current(s, v) != c)
			continue;
		s->value[v] = s->value[v] * surplus / total;
		advance(s, v);
	}
	s->votes[c] = s->quota;
}

static void exclude(stv *s, int64_t c)
{
	s->state[c] = EXCLUDED;
	for (int64_t v = 0; v < s->n; v++)
		if (current(s, v) == c)
			advance(s, v);
	s->votes[c] = 0;
}

/* Elects every continuing candidate at or above the quota, most votes first; returns the one
 * with the largest surplus not yet transferred, or -1. */
static int64_t reach_quota(stv *s, int64_t *pending, int64_t *np, int *rc)
{
	for (;;) {
		int64_t best = -1;
		for (int64_t c = 0; c < s->k; c++)
			if (s->state[c] == CONTINUING && s->votes[c] >= s->quota &&
			    (best < 0 || !lower(s, c, best)))
				best = c;
		if (best < 0 || s->elected == s->seats)
			break;
		*rc |= elect(s, best, "quota");
		pending[(*np)++] = best;
	}
	int64_t big = -1, at = -1;
	for (int64_t i = 0; i < *np; i++)
		if (big < 0 || s->votes[pending[i]] - s->quota > s->votes[big] - s->quota)
			big = pending[i], at = i;
	if (big >= 0)
		pending[at] = pending[--*np];
	return big;
}

static int64_t continuing(const stv *s)
{
	int64_t n = 0;
	for (int64_t c = 0; c < s->k; c++)
		n += s->state[c] == CONTINUING;
	return n;
}

static int run(stv *s, int64_t *pending)
{
	int rc = 0;
	int64_t np = 0;
	while (s->elected < s->seats && continuing(s) > 0) {
		snapshot(s);
		int64_t c = reach_quota(s, pending, &np, &rc);
		if (s->elected == s->seats)
			break;
		if (continuing(s) <= s->seats - s->elected) {
			for (int64_t x = 0; x < s->k; x++) /* the rest fill the remaining seats */
				if (s->state[x] == CONTINUING)
					rc |= elect(s, x, "last continuing");
			break;
		}
		if (c >= 0 && s->votes[c] > s->quota) {
			transfer_surplus(s, c);
			continue;
		}
		if (c >= 0)
			continue;
		int64_t low = -1;
		for (int64_t x = 0; x < s->k; x++)
			if (s->state[x] == CONTINUING && (low < 0 || lower(s, x, low)))
				low = x;
		rc |= ut_buf_printf(&s->out->report, "stage %lld: option %lld excluded\n",
		                    (long long)s->stages, (long long)low);
		exclude(s, low);
	}
	return rc ? PLENUM_ENOMEM : PLENUM_OK;
}

static void load(stv *s, const ct_ballots *b)
{
	int64_t k = b->k, valid = 0;
	for (int64_t v = 0; v < b->n; v++) {
		const int64_t *m = b->marks + v * k;
		for (int64_t r = 1; r <= k; r++)
			for (int64_t i = 0; i < k; i++)
				if (m[i] == r)
					s->order[v * k + s->len[v]++] = i;
		s->value[v] = UNIT;
		valid += s->len[v] > 0;
		advance(s, v); /* first preferences */
		if (s->len[v])
			s->out->tally[s->order[v * k]]++;
	}
	s->quota = (valid / (s->seats + 1) + 1) * UNIT; /* Droop */
}

int ct_count_stv(const ct_ballots *b, int64_t seats, ct_count *out)
{
	int64_t n = b->n, k = b->k;
	stv s = {.n = n, .k = k, .seats = seats < k ? seats : k, .out = out, .rows = 2 * k + 2};
	size_t nn = n > 0 ? (size_t)n : 1;
	s.order = ut_calloc(nn * (size_t)k, sizeof *s.order);
	s.len = ut_calloc(nn, sizeof *s.len);
	s.pos = ut_calloc(nn, sizeof *s.pos);
	s.value = ut_calloc(nn, sizeof *s.value);
	s.votes = ut_calloc((size_t)k, sizeof *s.votes);
	s.hist = ut_calloc((size_t)s.rows * (size_t)k, sizeof *s.hist);
	s.state = ut_calloc((size_t)k, sizeof *s.state);
	int64_t *pending = ut_calloc((size_t)k, sizeof *pending);
	int rc = PLENUM_ENOMEM;
	if (s.order && s.len && s.pos && s.value && s.votes && s.hist && s.state && pending) {
		load(&s, b);
		rc = ut_buf_printf(&out->report, "quota %lld (Droop) for %lld seats\n",
		                   (long long)(s.quota / UNIT), (long long)s.seats)
		             ? PLENUM_ENOMEM
		             : run(&s, pending);
	}
	out->n_winners = s.elected;
	out->passed = s.elected > 0;
	for (int64_t c = 0; s.state && c < k; c++) /* elected 1, the others 0 */
		out->rank[c] = s.state[c] == ELECTED ? 1 : 0;
	ut_free(s.order), ut_free(s.len), ut_free(s.pos), ut_free(s.value);
	ut_free(s.votes), ut_free(s.hist), ut_free(s.state), ut_free(pending);
	return rc;
}
