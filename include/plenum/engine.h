/* The economy engine for the Leontief case (one technique per product): labour values
 * v = vA + l, embodied accounts, gross output x = Ax + d, and the economy's vital signs. */
#ifndef PLENUM_ENGINE_H
#define PLENUM_ENGINE_H
#include "economy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Iterative methods. AUTO starts with Gauss–Seidel and switches to the Krylov method
 * (restarted GMRES) when the contraction is slow (spectral radius near 1). */
typedef enum plenum_method {
	PLENUM_METHOD_AUTO = 0,
	PLENUM_METHOD_JACOBI = 1,
	PLENUM_METHOD_GAUSS_SEIDEL = 2,
	PLENUM_METHOD_GMRES = 3,
} plenum_method;

typedef struct plenum_solve_opts {
	plenum_method method; /* default PLENUM_METHOD_AUTO */
	double tolerance;     /* relative residual ||r||_inf / ||rhs||_inf to stop at, in (0, 1);
	                       * default 1e-10 */
	int64_t max_iter;     /* hard limit on sweeps plus Krylov steps; default 10000 */
	int threads;          /* 0: as many as OpenMP offers */
} plenum_solve_opts;

/* Fills o with the defaults above. */
PLENUM_API void plenum_solve_opts_init(plenum_solve_opts *o);

/* What the solver found, apart from whether the call worked. */
typedef struct plenum_solve_info {
	plenum_method method;  /* the method that produced the answer */
	int64_t iterations;    /* sweeps (one sweep updates every column) plus Krylov steps
	                        * (summed over the columns GMRES solved) */
	double residual;       /* final ||b - (I - A) z||_inf / ||b||_inf, the worst over the
	                        * columns; computed, not estimated, when converged */
	double seconds;        /* wall time of the solve */
	int converged;         /* 1 when residual <= tolerance */
} plenum_solve_info;

/* Labour values: v = vA + l, one value per product (hours per unit). With embodied != NULL
 * also the embodied accounts, embodied[a * n + i] for account a and product i.
 * Fails with PLENUM_ESTRUCTURE when a product has no technique or more than one, with
 * PLENUM_ENOSURPLUS (naming the products of the offending cycle) when the economy cannot
 * produce a surplus, and with PLENUM_ENOCONVERGE at the iteration limit. */
PLENUM_API PLENUM_NODISCARD int plenum_labour_values(const plenum_economy *e,
                                                     const plenum_solve_opts *o, double *values,
                                                     double *embodied, plenum_solve_info *info,
                                                     plenum_diag *d);

/* Gross output: x = Ax + d for net output (final demand) demand, per product. Also fills
 * labour_total (hours) and, when account_total != NULL, each account's total (length
 * plenum_economy_accounts). Same failures as plenum_labour_values. */
PLENUM_API PLENUM_NODISCARD int plenum_gross_output(const plenum_economy *e, const double *demand,
                                                    const plenum_solve_opts *o, double *x,
                                                    double *labour_total, double *account_total,
                                                    plenum_solve_info *info, plenum_diag *d);

/* The economy's vital signs for `plenum info`. */
typedef struct plenum_econ_stats {
	int64_t products, techniques, accounts, inputs, emissions;
	int64_t max_inputs;          /* most inputs of one technique */
	double density;              /* inputs / (products * techniques) */
	int64_t negative;            /* negative input coefficients */
	int64_t without_technique;   /* products no technique makes */
	int64_t multi_technique;     /* products more than one technique makes */
	double spectral_radius;      /* estimate of rho(A), NAN if not square */
	double labour_share;         /* mean direct labour per unit over products */
} plenum_econ_stats;

PLENUM_API PLENUM_NODISCARD int plenum_economy_stats(const plenum_economy *e,
                                                     plenum_econ_stats *s, plenum_diag *d);

/* Generates a productive synthetic economy: n products, each made by one technique with
 * about k inputs (skewed counts, clustered suppliers), labour share about a half, some
 * emissions into a CO2e account. Deterministic per seed. With techniques_per_product > 1
 * alternative techniques are added (for the planner) and capacities are set. */
typedef struct plenum_gen_opts {
	int64_t products;
	int64_t inputs;               /* mean inputs per technique */
	uint64_t seed;
	int techniques_per_product;   /* default 1 */
	int capacities;               /* 1: give techniques capacities */
} plenum_gen_opts;

PLENUM_API PLENUM_NODISCARD int plenum_economy_generate(const plenum_gen_opts *o,
                                                        plenum_economy **out, plenum_diag *d);

#ifdef __cplusplus
}
#endif
#endif
