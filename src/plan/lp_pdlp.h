/* PDLP's private parts shared by its files: the scaled problem (lp_scale.c) that the
 * iteration (lp_pdlp.c) runs on. */
#ifndef PLENUM_PLAN_LP_PDLP_H
#define PLENUM_PLAN_LP_PDLP_H
#include "plan/lp.h"
#include "plan/lp_kernels.h"

/* The problem after scaling: At = diag(dr) A diag(dc), x = dc .* xs, y = dr .* ys. */
typedef struct lp_scaled {
	int64_t m, n;
	lp_csr A;             /* m x n, scaled */
	lp_csr AT;            /* n x m, its transpose */
	double *c, *lo, *hi;  /* length n: dc .* c, lo ./ dc, hi ./ dc */
	double *rlo, *rhi;    /* length m: dr .* rlo, dr .* rhi */
	double *dr, *dc;      /* length m, n: the scaling */
	double *wr, *wc;      /* length m, n: 1 ./ dr, 1 ./ dc (residual weights) */
	/* Bound and objective rescaling on top of dr, dc: every bound is divided by beta and
	 * the objective by gamma, so x = beta dc .* xs, y = gamma dr .* ys. */
	double beta, gamma;
	int64_t h0, nh; /* the harmony columns (lp_problem) */
} lp_scaled;

/* Scales p by ruiz rounds of Ruiz equilibration (rows and columns by the square root of
 * their largest entry) and then one Pock–Chambolle round with alpha = 1 (by the square
 * root of their 1-norms); then divides the bounds by beta = 1 + ||finite bounds|| and the
 * objective by gamma = 1 + ||c|| (both of the scaled problem), so that both have norms
 * near 1 and the primal weight starts and stays near 1 (as cuPDLPx does). */
int lp_scale(const lp_problem *p, const lp_kern *k, int ruiz, lp_scaled *s, plenum_diag *d);
void lp_scaled_free(lp_scaled *s);

#endif
