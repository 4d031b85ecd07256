/* The planner: the activity of every technique that best meets the targets with the labour
 * people offer, within ecological caps and capacities, over one or several years; and
 * sweeps of variants (working week, caps) for assemblies to choose between. */
#ifndef PLENUM_PLAN_H
#define PLENUM_PLAN_H
#include "economy.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the plan optimises (docs/planner.md gives the equations). */
typedef enum plenum_objective {
	PLENUM_OBJECTIVE_BALANCED = 0, /* max common fulfilment s, then least labour at s */
	PLENUM_OBJECTIVE_HARMONY,      /* max sum of Cockshott's harmony H(target, net) */
	PLENUM_OBJECTIVE_LEAST_LABOUR, /* every target in full with the fewest hours */
} plenum_objective;

/* "balanced", "harmony", "least-labour"; NULL for an unknown value. */
PLENUM_API const char *plenum_objective_name(plenum_objective o);
/* The objective called name in *out; PLENUM_EINVAL when there is none. */
PLENUM_API PLENUM_NODISCARD int plenum_objective_parse(const char *name, plenum_objective *out);

typedef enum plenum_solver {
	PLENUM_SOLVER_AUTO = 0, /* the exact solver (Clp where the build has it, else GLPK) up
	                         * to exact_up_to rows + columns, PDLP first and the exact one
	                         * where PDLP does not finish up to pdlp_above, PDLP above;
	                         * harmony: PDLP, first (100 000 iterations) and then the
	                         * exact solver's cutting planes up to exact_up_to */
	PLENUM_SOLVER_GLPK,
	PLENUM_SOLVER_PDLP,
	PLENUM_SOLVER_CLP,      /* COIN-OR Clp's simplex, where the build has it */
} plenum_solver;

/* The most years a plan spans: a larger number is a calendar year typed by mistake, or
 * a run that would fill the memory (every year repeats the whole economy). */
#define PLENUM_MAX_YEARS 1000
/* A week has 168 hours and a year 52.18 weeks: a working week or weeks a year beyond them
 * are refused (a typing error, not a plan). */
#define PLENUM_WEEK_HOURS 168
#define PLENUM_YEAR_WEEKS 52.18

/* Several years: per year the targets and the hours available (and, from an economy
 * directory, the caps of accounts), and capital stocks per (input product, using product)
 * that limit production, wear out and grow by investment.
 * Read from the four-CSV format of Cockshott's harmony planner (docs/planner.md), or from
 * the planning files of an economy directory (plenum_horizon_read_dir). */
typedef struct plenum_horizon plenum_horizon;

/* Reads dir/flows.csv, cap.csv, dep.csv and labtarg.csv. *econ gets one technique per
 * product (inputs and labour per unit of output); *out the years, targets, hours and
 * stocks. On failure both are NULL and d says what, where and what to do (e.g. headings
 * that disagree between files). */
PLENUM_API PLENUM_NODISCARD int plenum_horizon_read(const char *dir, plenum_economy **econ,
                                                    plenum_horizon **out, plenum_diag *d);
/* The planning files an economy directory may hold beside the economy (docs/formats.md):
 * stocks.csv (capital stocks per input and using product), years.csv (the years of the
 * plan and the hours available in each), targets.csv (targets per year; a product not
 * listed in a year keeps demand.csv's quantity) and caps.csv (caps of accounts per year;
 * an account not listed in a year keeps accounts.csv's cap). e is the economy read from
 * dir. years is how many years to plan: 0 for the files' own (the rows of years.csv, else
 * the last year of targets.csv and caps.csv, else 1); more than years.csv gives is an
 * error. *out is NULL (and the call succeeds) when dir has none of the four files or is
 * not a directory: years are then copies of one year. Errors name file:line:column, what
 * is wrong and what to do. */
PLENUM_API PLENUM_NODISCARD int plenum_horizon_read_dir(const plenum_economy *e,
                                                        const char *dir, int64_t years,
                                                        plenum_horizon **out,
                                                        plenum_diag *d);
/* True when dir is in the four-CSV format rather than an economy directory: it holds
 * flows.csv, or cap.csv, dep.csv or labtarg.csv without products.csv. plenum_horizon_read
 * refuses a directory that holds an economy directory's files as well. */
PLENUM_API int plenum_horizon_detect(const char *dir);
PLENUM_API void plenum_horizon_free(plenum_horizon *h);
PLENUM_API int64_t plenum_horizon_years(const plenum_horizon *h);
/* Hours available in year y (0-based). */
PLENUM_API double plenum_horizon_labour(const plenum_horizon *h, int64_t y);

/* Weeks of work in a planning period (a year) when hours come from a workforce and a
 * working week: the default of plenum_plan_opts.weeks. */
#define PLENUM_DEFAULT_WEEKS 46.0

typedef struct plenum_plan_opts {
	plenum_objective objective;   /* default balanced */
	double labour_hours;          /* hours per year; NAN (default): from workforce x week */
	double workforce;             /* people who work; NAN when unknown */
	double weekly_hours;          /* hours each works per week; NAN when unknown */
	double weeks;                 /* weeks worked per year; default PLENUM_DEFAULT_WEEKS */
	const double *targets;        /* length products: per year; NULL: the economy's demand */
	const double *caps;           /* length accounts: cap in every year (over the horizon's
	                               * and the economy's), NAN keeps those */
	int64_t years;                /* 0 (default): the horizon's years, or 1; at most
	                               * PLENUM_MAX_YEARS */
	const plenum_horizon *horizon; /* NULL: years are copies of the one-period economy */
	double tolerance;             /* LP tolerance and harmony's relative gap; default 1e-6 */
	plenum_solver solver;         /* default auto */
	int64_t pdlp_above;           /* auto: PDLP alone above this many rows + columns; 20000 */
	int64_t exact_up_to;          /* auto: the exact solver alone up to this many rows +
	                               * columns; 2500 */
	double auto_iter_per_size;    /* auto between the two: PDLP's iterations per LP, per
	                               * row + column of the plan's LP, before the exact solver
	                               * solves the plan instead; 2 */
	int64_t max_iter;             /* per LP; 0: the backend's default */
	const char *mps_path;         /* when set, the (first) LP is written there as MPS */
	int verbose;                  /* solver progress on stderr */
	double end_stocks;            /* each capital stock after the last year (its wear and
	                               * that year's investment) at least this many times its
	                               * first year's; 0 (default): no condition, and the plan
	                               * may run stocks down at the end (docs/planner.md) */
	const double *budgets;        /* length accounts: a budget over the plan's years (what
	                               * the account may take in all years together, e.g. a
	                               * carbon budget), beside each year's cap; NAN or
	                               * INFINITY: none; NULL: none at all */
	int zero_negative_targets;    /* 0 (default): a negative target is an error; 1: it is
	                               * taken as no target (0), with a warning in the diag;
	                               * national tables' final demand has such entries (net
	                               * imports, stocks run down), which are not needs */
} plenum_plan_opts;

PLENUM_API void plenum_plan_opts_init(plenum_plan_opts *o);

/* What the planner found, apart from whether the call worked. */
typedef enum plenum_plan_status {
	PLENUM_PLAN_OPTIMAL = 0,
	PLENUM_PLAN_INFEASIBLE, /* the targets cannot be met: see message and bottlenecks */
	PLENUM_PLAN_UNBOUNDED,  /* nothing limits the objective: give hours or caps */
	PLENUM_PLAN_LIMIT,      /* an iteration or time limit stopped the solver */
	PLENUM_PLAN_NUMERICAL,  /* the solver failed for numerical reasons */
} plenum_plan_status;

PLENUM_API const char *plenum_plan_status_name(plenum_plan_status s);

/* Kinds of constraint a bottleneck can be. */
typedef enum plenum_limit {
	PLENUM_LIMIT_LABOUR = 0, /* hours available in a year */
	PLENUM_LIMIT_CAP,        /* an account's cap (index: account) */
	PLENUM_LIMIT_CAPACITY,   /* a technique's capacity (index: technique) */
	PLENUM_LIMIT_STOCK,      /* a capital stock (index: input product, index2: user) */
	PLENUM_LIMIT_TARGET,     /* a product's target (index: product) */
	PLENUM_LIMIT_END_STOCK,  /* a stock left after the last year (as PLENUM_LIMIT_STOCK) */
	PLENUM_LIMIT_BUDGET,     /* an account's budget over all years (index: account; year -1) */
} plenum_limit;

/* "labour", "cap", "capacity", "stock", "target", "end-stock", "budget" */
PLENUM_API const char *plenum_limit_name(plenum_limit k);

/* A binding constraint with its shadow value: by how much the objective would improve if
 * the limit were one unit looser. hours expresses that in hours of labour (least-labour:
 * the hours saved; balanced and harmony: the shadow value divided by that of one more
 * hour of labour in the same year; for a budget, by the mean of the years' hours: one
 * more hour in every year, per hour), NAN when labour does not bind. */
typedef struct plenum_bottleneck {
	plenum_limit kind;
	int64_t year;       /* 0-based; -1 for a limit over all years (a budget) */
	int64_t index, index2;
	double limit;       /* the bound */
	double used;        /* the plan's value of the constrained quantity */
	double shadow;      /* objective units per unit of the limit */
	double hours;       /* hours of labour per unit of the limit, or NAN */
	char what[160];     /* "cap of account co2", "capacity of technique steel-old", ... */
} plenum_bottleneck;

/* A plan. Arrays are per year: index y * count + k. */
typedef struct plenum_plan {
	plenum_plan_status status;
	plenum_objective objective;
	int64_t years, products, techniques, accounts;
	double *activity;   /* years * techniques: units of activity */
	double *net;        /* years * products: net output (available for final use) */
	double *target;     /* years * products */
	double *fulfilment; /* years * products: net / target, NAN where target is 0 */
	double *value;      /* years * products: shadow value of one more unit in hours, or NAN */
	double *invest;     /* years * products: product put into capital stock, zeros if none */
	double *labour;     /* years: hours used */
	double *labour_available; /* years: hours (INFINITY: no limit) */
	double *weekly_hours;     /* years: hours per worker per week, NAN without a workforce */
	double *emitted;    /* years * accounts */
	double *cap;        /* years * accounts: the caps used (INFINITY: none) */
	double *shortfall;  /* years * products: unmet target (infeasible plans), else zeros */
	double level;       /* balanced: s; otherwise the least fulfilment over targets */
	double harmony;     /* sum of H at the plan (lower bound for harmony) */
	double harmony_bound; /* harmony: the cutting-plane upper bound; else NAN */
	double objective_value; /* s, harmony, or hours */
	plenum_bottleneck *bottlenecks;
	int64_t nbottlenecks;
	/* the solver */
	const char *solver; /* "glpk", "clp" or "pdlp" */
	int64_t iterations; /* summed over every LP solved */
	int64_t lp_solves;
	int64_t unfinished; /* LPs that stopped at an iteration or time limit */
	int broken;         /* PDLP's plan uses more of a product than it makes, beyond its
	                     * tolerance (message names it); --solver auto then solves the plan
	                     * again with the exact solver where it may */
	double gap;         /* relative: LP duality gap, or harmony's (bound - value) / (1 + |value|) */
	double primal_residual, dual_residual;
	double seconds;
	char message[512];  /* one line when the status is not optimal (names the binding
	                     * constraints when infeasible), or when a balanced plan by PDLP
	                     * reached the largest level without proving its hours the
	                     * fewest (docs/planner.md); empty otherwise */
	/* Capital stocks (plans over several years with stocks; 0 otherwise): the input and
	 * using product of each, the stock at the start of every year and after the last one
	 * (what the plan hands on: row `years`), what its user's output needs each year, and
	 * what goes into it each year. */
	int64_t stocks;
	int64_t *stock_input, *stock_user; /* stocks */
	double *stock_level;               /* (years + 1) * stocks */
	double *stock_needed;              /* years * stocks */
	double *stock_invested;            /* years * stocks */
	double *budget;     /* accounts: the budget over all years (INFINITY: none) */
} plenum_plan;

/* Computes a plan for e under o (o may be NULL: defaults). PLENUM_OK when the planner ran,
 * whatever it found: *out->status says optimal, infeasible (with the binding constraints
 * named in message and bottlenecks, and the shortfall per product), unbounded, ... .
 * Errors (PLENUM_EINVAL: no products, no techniques, nothing targeted, a negative cap or
 * hours; PLENUM_ENOMEM; a failing solver) leave *out NULL and explain in d. */
PLENUM_API PLENUM_NODISCARD int plenum_plan_compute(const plenum_economy *e,
                                                    const plenum_plan_opts *o,
                                                    plenum_plan **out, plenum_diag *d);
PLENUM_API void plenum_plan_free(plenum_plan *p);

/* A sweep of working weeks (from, to, step) for each cap setting: the menu for assemblies.
 * With o->workforce given, from..to are weekly hours per worker; without it they are the
 * labour available a year (as plenum_plan_opts.labour_hours, in the economy's unit of
 * labour: the sweep for an economy whose labour is not hours, which refuses a week).
 * cap_settings is an array of nsettings rows of length accounts (NAN: the economy's cap);
 * nsettings 0 sweeps the economy's caps only. Each variant is a balanced plan. */
typedef struct plenum_variant {
	double weekly_hours;  /* the working week swept; NAN in a sweep of the labour */
	int64_t setting;     /* row of cap_settings, 0 without settings */
	plenum_plan_status status;
	double level;        /* common fulfilment level s */
	double labour;       /* hours used, summed over years */
	double labour_available;
	double *emitted;     /* accounts: summed over years (owned by the sweep) */
	double *cap;         /* accounts: the caps of this variant, summed over years */
	char message[512];   /* the plan's message (plenum_plan.message): why it is not
	                      * optimal, or that its hours are not the fewest; "" otherwise */
	double labour_hours; /* the labour available a year: the one swept, or workforce x
	                      * weekly hours x weeks (last: the layout before it unchanged) */
} plenum_variant;

typedef struct plenum_variants {
	int64_t count, accounts, nsettings;
	plenum_variant *v;
	double from, to, step;
	double workforce, weeks;
	int64_t years; /* each variant plans this many years */
	double *budget; /* accounts: the budget over all years that every variant keeps to
	                 * (plenum_plan_opts.budgets; INFINITY: none) */
	int labour_sweep; /* 1: from..to are labour a year (no workforce); 0: working weeks */
} plenum_variants;

PLENUM_API PLENUM_NODISCARD int plenum_variants_compute(const plenum_economy *e,
                                                        const plenum_plan_opts *o,
                                                        double from, double to, double step,
                                                        const double *cap_settings,
                                                        int64_t nsettings,
                                                        plenum_variants **out,
                                                        plenum_diag *d);
PLENUM_API void plenum_variants_free(plenum_variants *v);
/* Writes the sweep as an SVG chart (fulfilment against working week, one line per cap
 * setting) to path, through a temporary file renamed on success. */
PLENUM_API PLENUM_NODISCARD int plenum_variants_write_svg(const plenum_economy *e,
                                                          const plenum_variants *v,
                                                          const char *path, plenum_diag *d);

#ifdef __cplusplus
}
#endif
#endif
