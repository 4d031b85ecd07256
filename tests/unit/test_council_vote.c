/* The voting methods against published examples, and Schulze against brute force. */
#include <stdlib.h>
#include "council/ct.h"
#include "test.h"

/* A profile: groups of voters with the same ranking, "ACBED" = A first... */
typedef struct group {
	int64_t count;
	const char *order;
} group;

/* Fills marks (n ballots x k) from groups; returns n. Letters not in order stay unranked. */
static int64_t profile(const group *g, int ng, int64_t k, int64_t **marks)
{
	int64_t n = 0, v = 0;
	for (int i = 0; i < ng; i++)
		n += g[i].count;
	*marks = calloc((size_t)(n * k), sizeof **marks);
	for (int i = 0; i < ng; i++)
		for (int64_t c = 0; c < g[i].count; c++, v++)
			for (int64_t r = 0; g[i].order[r]; r++)
				(*marks)[v * k + (g[i].order[r] - 'A')] = r + 1;
	return n;
}

static int64_t winner_of(const group *g, int ng, int64_t k, int method, int64_t seats,
                         ct_count *c)
{
	int64_t *marks;
	int64_t n = profile(g, ng, k, &marks);
	ct_ballots b = {n, k, marks};
	int rc = ct_count_init(c, k);
	if (!rc)
		rc = method == PLENUM_VOTE_SCHULZE ? ct_count_schulze(&b, -1, c)
		                                   : ct_count_stv(&b, seats, c);
	free(marks);
	return rc ? -1 : c->winners[0];
}

/* Schulze's examples page, example 1 (also the Wikipedia article's): 45 voters, winner E,
 * order E > A > C > B > D, with the published d and p matrices. */
TEST(council_schulze_45_voters)
{
	static const group g[] = {{5, "ACBED"}, {5, "ADECB"}, {8, "BEDAC"}, {3, "CABED"},
	                          {7, "CAEBD"}, {2, "CBADE"}, {7, "DCEBA"}, {8, "EBADC"}};
	static const int64_t dmat[25] = {0, 20, 26, 30, 22, 25, 0, 16, 33, 18, 19, 29, 0, 17, 24,
	                                 15, 12, 28, 0, 14, 23, 27, 21, 31, 0};
	static const int64_t pmat[25] = {0, 28, 28, 30, 24, 25, 0, 28, 33, 24, 25, 29, 0, 29, 24,
	                                 25, 28, 28, 0, 24, 25, 28, 28, 31, 0};
	ct_count c;
	CHECK_EQ_INT(winner_of(g, 8, 5, PLENUM_VOTE_SCHULZE, 1, &c), 4);
	for (int i = 0; i < 25; i++)
		CHECK_EQ_INT(c.pairwise[i], dmat[i]);
	int64_t p[25];
	int win[5];
	ct_schulze_winners(c.pairwise, 5, p, win);
	for (int i = 0; i < 25; i++)
		CHECK_EQ_INT(p[i], pmat[i]);
	static const int64_t rank[5] = {2, 4, 3, 5, 1}; /* E A C B D */
	for (int i = 0; i < 5; i++)
		CHECK_EQ_INT(c.rank[i], rank[i]);
	ct_count_free(&c);
}

/* Checks Schulze's strongest paths (rows as published, the diagonal 0) and the order (ranks
 * 1..k, no ties) of a profile. */
static int schulze_matches(const group *g, int ng, int64_t k, const int64_t *pmat,
                           const int64_t *rank)
{
	ct_count c;
	int64_t p[25];
	int win[5], ok = winner_of(g, ng, k, PLENUM_VOTE_SCHULZE, 1, &c) >= 0;
	if (ok)
		ct_schulze_winners(c.pairwise, k, p, win);
	for (int64_t i = 0; ok && i < k * k; i++)
		ok = p[i] == pmat[i];
	for (int64_t i = 0; ok && i < k; i++)
		ok = c.rank[i] == rank[i];
	ct_count_free(&c);
	return ok;
}

/* Schulze's paper (2011), section 3, example 2 (also on the Electorama wiki): 30 voters,
 * strongest paths as published, order D > A > C > B. */
TEST(council_schulze_paper_example_2)
{
	static const group g[] = {{5, "ACBD"}, {2, "ACDB"}, {3, "ADCB"}, {4, "BACD"}, {3, "CBDA"},
	                          {3, "CDBA"}, {1, "DACB"}, {5, "DBAC"}, {4, "DCBA"}};
	static const int64_t pmat[16] = {0, 20, 20, 17, 19, 0, 19, 17,
	                                 19, 21, 0, 17, 18, 18, 18, 0};
	static const int64_t rank[4] = {2, 4, 3, 1};
	CHECK(schulze_matches(g, 9, 4, pmat, rank));
}

/* Schulze's paper, example 3: 30 voters, 5 options, order B > A > D > E > C. */
TEST(council_schulze_paper_example_3)
{
	static const group g[] = {{3, "ABDEC"}, {5, "ADEBC"}, {1, "ADECB"}, {2, "BADEC"},
	                          {2, "BDECA"}, {4, "CABDE"}, {6, "CBADE"}, {2, "DBECA"},
	                          {5, "DECAB"}};
	static const int64_t pmat[25] = {0, 18, 20, 21, 21, 19, 0, 19, 19, 19, 19, 18, 0, 19, 19,
	                                 19, 18, 20, 0, 30, 19, 18, 20, 19, 0};
	static const int64_t rank[5] = {2, 1, 5, 3, 4};
	CHECK(schulze_matches(g, 9, 5, pmat, rank));
}

/* Schulze's paper, example 4: 9 voters with two potential winners, B and D (worked by hand: p[B][D] = p[D][B]
 * = 5, D beats A 6 to 5); the tie goes to the lower index, B, unless D is the status quo. */
TEST(council_schulze_tie)
{
	static const group g[] = {{3, "ABCD"}, {2, "DABC"}, {2, "DBCA"}, {2, "CBDA"}};
	int64_t *marks;
	int64_t n = profile(g, 4, 4, &marks);
	ct_ballots b = {n, 4, marks};
	ct_count c;
	CHECK(ct_count_init(&c, 4) == 0 && ct_count_schulze(&b, -1, &c) == 0);
	CHECK_EQ_INT(c.rank[1], 1);
	CHECK_EQ_INT(c.rank[3], 1);
	CHECK(c.rank[0] > 1 && c.rank[2] > 1);
	CHECK_EQ_INT(c.winners[0], 1);
	CHECK(strstr(c.report.data, "2 options are potential winners: option 1 is taken as the "
	                            "lowest index\n") != NULL); /* the rule decided: said */
	ct_count_free(&c);
	CHECK(ct_count_init(&c, 4) == 0 && ct_count_schulze(&b, 3, &c) == 0);
	CHECK_EQ_INT(c.winners[0], 3);
	CHECK(strstr(c.report.data, "option 3 is taken as the status quo") != NULL);
	ct_count_free(&c);
	free(marks);
}

/* Wikipedia's Tennessee capital example (A Memphis, B Nashville, C Chattanooga, D Knoxville):
 * Nashville is the Condorcet winner, so Schulze elects it; instant runoff (STV, one seat)
 * elects Knoxville. */
static const group tennessee[] = {{42, "ABCD"}, {26, "BCDA"}, {15, "CDBA"}, {17, "DCBA"}};

TEST(council_schulze_tennessee)
{
	ct_count c;
	CHECK_EQ_INT(winner_of(tennessee, 4, 4, PLENUM_VOTE_SCHULZE, 1, &c), 1);
	ct_count_free(&c);
}

TEST(council_stv_tennessee_irv)
{
	ct_count c;
	CHECK_EQ_INT(winner_of(tennessee, 4, 4, PLENUM_VOTE_STV, 1, &c), 3);
	CHECK_EQ_INT(c.n_winners, 1);
	ct_count_free(&c);
}

/* Wikipedia's STV example (food at a party, 20 voters, 3 seats, Droop quota 6): A Oranges,
 * B Pears, C Chocolate, D Strawberries, E Hamburgers (sweets). Elected: Chocolate, Oranges,
 * Strawberries. */
TEST(council_stv_wikipedia_food)
{
	static const group g[] = {{4, "A"}, {2, "BA"}, {8, "CD"}, {4, "CE"}, {1, "D"}, {1, "E"}};
	ct_count c;
	CHECK_EQ_INT(winner_of(g, 6, 5, PLENUM_VOTE_STV, 3, &c), 2);
	CHECK_EQ_INT(c.n_winners, 3);
	CHECK_EQ_INT(c.winners[1], 0);
	CHECK_EQ_INT(c.winners[2], 3);
	CHECK(c.rank[1] == 0 && c.rank[4] == 0);
	CHECK(strstr(c.report.data, "quota 6 (Droop)") != NULL);
	ct_count_free(&c);
}

/* A surplus transferred at a fractional value: 10 voters, 2 seats, quota 4. A has 7 (surplus
 * 3: each of A's ballots goes on at 3/7 = 0.42857): 6 of them to B, 1 to C. */
TEST(council_stv_fractional_surplus)
{
	static const group g[] = {{6, "AB"}, {1, "AC"}, {2, "C"}, {1, "B"}};
	ct_count c;
	/* After A: B 1 + 6*0.42857 = 3.57142, C 2 + 0.42857 = 2.42857: nobody at quota 4,
	 * C is excluded, B takes the second seat as the last continuing candidate. */
	CHECK_EQ_INT(winner_of(g, 4, 3, PLENUM_VOTE_STV, 2, &c), 0);
	CHECK_EQ_INT(c.n_winners, 2);
	CHECK_EQ_INT(c.winners[1], 1);
	CHECK(strstr(c.report.data, "option 2 excluded") != NULL);
	ct_count_free(&c);
}

TEST(council_yes_no_fractions)
{
	/* 9 eligible, 6 vote: 4 yes, 2 no. Quorum 2/3: 6*3 >= 2*9 met. Majority 2/3 of yes+no:
	 * 4*3 >= 2*6 passes (exactly two thirds). */
	int64_t m[6 * 3] = {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0};
	ct_ballots b = {6, 3, m};
	ct_count c;
	CHECK(ct_count_init(&c, 3) == 0 && ct_count_yes_no(&b, 9, 2, 3, 2, 3, &c) == 0);
	CHECK(c.quorum_met && c.passed);
	ct_count_free(&c);
	/* 3/4 majority fails; quorum 7/9 of 9 needs 7 voters: fails. */
	CHECK(ct_count_init(&c, 3) == 0 && ct_count_yes_no(&b, 9, 0, 1, 3, 4, &c) == 0);
	CHECK(c.quorum_met && !c.passed);
	ct_count_free(&c);
	CHECK(ct_count_init(&c, 3) == 0 && ct_count_yes_no(&b, 9, 7, 9, 1, 2, &c) == 0);
	CHECK(!c.quorum_met && !c.passed);
	ct_count_free(&c);
	/* A tie (simple majority) fails: yes must beat no. */
	int64_t t[2 * 3] = {1, 0, 0, 0, 1, 0};
	ct_ballots bt = {2, 3, t};
	CHECK(ct_count_init(&c, 3) == 0 && ct_count_yes_no(&bt, 2, 0, 1, 1, 2, &c) == 0);
	CHECK(!c.passed);
	ct_count_free(&c);
}

TEST(council_approval_ties_status_quo)
{
	/* 3 options, option 2 the status quo; 0 and 2 tie on 2 approvals: the status quo wins. */
	int64_t m[3 * 3] = {1, 0, 1, 1, 1, 0, 0, 0, 1};
	ct_ballots b = {3, 3, m};
	ct_count c;
	CHECK(ct_count_init(&c, 3) == 0 && ct_count_approval(&b, 1, 2, &c) == 0);
	CHECK_EQ_INT(c.tally[0], 2);
	CHECK_EQ_INT(c.tally[2], 2);
	CHECK_EQ_INT(c.winners[0], 2);
	CHECK(strstr(c.report.data, "options 2 and 0 tie at 2 approvals for place 1: option 2 is "
	                            "taken as the status quo\n") != NULL);
	ct_count_free(&c);
	CHECK(ct_count_init(&c, 3) == 0 && ct_count_approval(&b, 2, -1, &c) == 0);
	CHECK_EQ_INT(c.n_winners, 2);
	CHECK_EQ_INT(c.winners[0], 0);
	CHECK_EQ_INT(c.winners[1], 2);
	CHECK(strstr(c.report.data, "tie") == NULL); /* 2 and 2 approvals for two seats: no tie */
	ct_count_free(&c);
}

/* Brute force: the strongest path from a to b over every simple path (k <= 6). */
static int64_t best_path(const int64_t *dm, int64_t k, int64_t at, int64_t to, int *used,
                         int64_t weakest)
{
	if (at == to)
		return weakest;
	int64_t best = 0;
	used[at] = 1;
	for (int64_t x = 0; x < k; x++) {
		if (used[x] || dm[at * k + x] <= dm[x * k + at])
			continue;
		int64_t w = dm[at * k + x] < weakest ? dm[at * k + x] : weakest;
		int64_t p = best_path(dm, k, x, to, used, w);
		if (p > best)
			best = p;
	}
	used[at] = 0;
	return best;
}

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
	return *s;
}

/* Random profiles: the Condorcet winner, found from the ballots directly, is Schulze's unique
 * winner whenever it exists; and the strongest paths equal those of brute-force search. */
TEST(council_schulze_random_condorcet)
{
	uint64_t seed = 0x9e3779b97f4a7c15u;
	int found = 0;
	for (int trial = 0; trial < 400; trial++) {
		int64_t k = 2 + (int64_t)(rng_next(&seed) % 5), n = 1 + (int64_t)(rng_next(&seed) % 40);
		int64_t *m = calloc((size_t)(n * k), sizeof *m), dm[36] = {0}, p[36];
		int win[6];
		for (int64_t v = 0; v < n * k; v++) /* weak orders with unranked options */
			m[v] = (int64_t)(rng_next(&seed) % (uint64_t)(k + 1));
		for (int64_t v = 0; v < n; v++)
			for (int64_t i = 0; i < k; i++)
				for (int64_t j = 0; j < k; j++)
					if (m[v * k + i] && (!m[v * k + j] || m[v * k + i] < m[v * k + j]))
						dm[i * k + j]++;
		int64_t cw = -1;
		for (int64_t i = 0; i < k && cw < 0; i++) {
			int beats = 1;
			for (int64_t j = 0; j < k; j++)
				beats &= j == i || dm[i * k + j] > dm[j * k + i];
			if (beats)
				cw = i;
		}
		ct_ballots b = {n, k, m};
		ct_count c;
		CHECK(ct_count_init(&c, k) == 0 && ct_count_schulze(&b, -1, &c) == 0);
		ct_schulze_winners(c.pairwise, k, p, win);
		for (int64_t i = 0; i < k; i++)
			for (int64_t j = 0; j < k; j++) {
				int used[6] = {0};
				if (i != j)
					CHECK_EQ_INT(p[i * k + j], best_path(dm, k, i, j, used, INT64_MAX));
			}
		if (cw >= 0) {
			found++;
			CHECK_EQ_INT(c.winners[0], cw);
			for (int64_t i = 0; i < k; i++)
				CHECK_EQ_INT(win[i], i == cw);
		}
		ct_count_free(&c);
		free(m);
	}
	CHECK(found > 100); /* the check above ran on many profiles */
}

TEST(council_ballot_checks)
{
	plenum_diag d;
	int64_t yn_bad[3] = {1, 1, 0}, stv_tie[3] = {1, 1, 2}, stv_gap[3] = {1, 3, 0};
	int64_t stv_ok[3] = {2, 1, 0}, neg[3] = {-1, 0, 0}, ap_bad[3] = {2, 0, 0};
	CHECK_EQ_INT(ct_ballot_check(PLENUM_VOTE_YES_NO, yn_bad, 3, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(ct_ballot_check(PLENUM_VOTE_STV, stv_tie, 3, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(ct_ballot_check(PLENUM_VOTE_STV, stv_gap, 3, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(ct_ballot_check(PLENUM_VOTE_STV, stv_ok, 3, &d), PLENUM_OK);
	CHECK_EQ_INT(ct_ballot_check(PLENUM_VOTE_SCHULZE, stv_tie, 3, &d), PLENUM_OK);
	CHECK_EQ_INT(ct_ballot_check(PLENUM_VOTE_SCHULZE, neg, 3, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(ct_ballot_check(PLENUM_VOTE_APPROVAL, ap_bad, 3, &d), PLENUM_EINVAL);
}
