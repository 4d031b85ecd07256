/* A productive synthetic economy: skewed input counts, suppliers clustered by sector plus a
 * few hubs, every column sum of A at most 0.6 (so rho(A) < 1), labour share about a half,
 * CO2e emissions with a cap, demand for every product. Pure arithmetic on a counter-based
 * PRNG (splitmix64 per technique and stream): the same seed gives the same economy on every
 * platform and for any number of threads. */
#include <math.h>
#include <string.h>
#include "core/econ.h"
#include "plenum/engine.h"

#ifdef _OPENMP
#define GEN_PARALLEL_FOR _Pragma("omp parallel for schedule(dynamic, 4096)")
#else
#define GEN_PARALLEL_FOR
#endif

#define SECTOR 1000  /* products per sector: suppliers are drawn mostly from nearby */
#define MAX_HUBS 16  /* products that many others use (energy, transport...) */
#define GRID 1e6     /* coefficients are rounded to 1e-6 (finer for long rows): short CSV */
#define SWEEPS_CAP 4 /* Jacobi sweeps for the CO2e cap estimate (contraction <= 0.6) */
#define SWEEPS_X 24  /* sweeps for the gross output behind capacities */

enum { S_COUNT, S_ROW, S_VALUES, S_DEMAND }; /* independent streams per technique */

typedef struct gen {
	int64_t n, nt, k, nh, width; /* products, techniques, mean inputs, hubs, key digits */
	int T;                       /* techniques per product */
	uint64_t seed;
} gen;

/* Names and units: hubs first, then a word per product cycling through the list. */
static const struct word {
	const char *name, *unit;
} hub_words[MAX_HUBS] = {
	{"electricity", "kWh"}, {"transport", "t km"}, {"water", "m3"},   {"steel", "t"},
	{"cement", "t"},        {"chemicals", "t"},    {"machinery", "unit"}, {"fuel", "t"},
	{"repair", "h"},        {"plastics", "t"},     {"glass", "t"},    {"paper", "t"},
	{"timber", "m3"},       {"textiles", "m2"},    {"care", "h"},     {"communication", "h"}},
  sector_words[] = {
	{"grain", "t"},       {"vegetables", "t"}, {"fruit", "t"},      {"dairy", "l"},
	{"bread", "kg"},      {"clothing", "unit"}, {"furniture", "unit"}, {"housing", "m2"},
	{"tools", "unit"},    {"vehicles", "unit"}, {"medicine", "kg"},  {"schooling", "h"},
	{"software", "h"},    {"bicycles", "unit"}, {"pumps", "unit"},   {"fertiliser", "t"},
	{"glasses", "unit"},  {"shoes", "unit"},   {"kitchenware", "unit"}, {"instruments", "unit"}};
#define NWORDS (sizeof sector_words / sizeof sector_words[0])

/* splitmix64: the state advances by a constant, the output is a bijective mix. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

typedef struct rng {
	uint64_t s;
} rng;

static rng stream(const gen *g, int64_t t, int which)
{
	rng r = {mix64(g->seed ^ mix64((uint64_t)t * 4 + (uint64_t)which + 1))};
	return r;
}

static uint64_t next64(rng *r)
{
	r->s += 0x9E3779B97F4A7C15ULL;
	return mix64(r->s);
}

/* Uniform in [0, 1) with 53 bits. */
static double unif(rng *r)
{
	return (double)(next64(r) >> 11) * 0x1p-53;
}

/* Uniform integer in [0, n). */
static int64_t below(rng *r, int64_t n)
{
	return (int64_t)(unif(r) * (double)n);
}

static double grid(double x, double g)
{
	return floor(x * g + 0.5) / g;
}

/* Number of inputs of a technique: 1 + (k-1)*4*u1*u2 (mean k-1/2, skewed to the right),
 * and one technique in fifty an assembler with five times as many. */
static int64_t input_count(const gen *g, int64_t t)
{
	if (g->k <= 0 || g->n < 2)
		return 0;
	rng r = stream(g, t, S_COUNT);
	double u1 = unif(&r), u2 = unif(&r);
	int64_t m = 1 + (int64_t)((double)(g->k - 1) * 4.0 * u1 * u2 + 0.5);
	if (unif(&r) < 0.02)
		m *= 5;
	return m < g->n - 1 ? m : g->n - 1;
}

/* A supplier for product i: a hub, a nearby product (offset skewed to small), or any. */
static int64_t draw_supplier(const gen *g, rng *r, int64_t i)
{
	double u = unif(r);
	if (u < 0.12 && g->nh > 0)
		return below(r, g->nh);
	if (u < 0.85) {
		double v = unif(r);
		int64_t window = g->n / 2 < 4 * SECTOR ? g->n / 2 + 1 : 4 * SECTOR;
		int64_t off = 1 + (int64_t)(v * v * v * (double)window);
		int64_t j = (next64(r) & 1) ? i + off : i - off; /* |off| <= n/2 + 1 < n */
		return j < 0 ? j + g->n : j >= g->n ? j - g->n : j;
	}
	return below(r, g->n);
}

/* Inserts j into the sorted cols[0..c); returns 0 when it is already there. */
static int insert_sorted(int32_t *cols, int64_t c, int64_t j)
{
	int64_t pos = c;
	while (pos > 0 && cols[pos - 1] > j)
		pos--;
	if (pos > 0 && cols[pos - 1] == j)
		return 0;
	for (int64_t k = c; k > pos; k--)
		cols[k] = cols[k - 1];
	cols[pos] = (int32_t)j;
	return 1;
}

/* The smallest product that is neither i nor in the sorted cols[0..c). */
static int64_t first_free(const int32_t *cols, int64_t c, int64_t i)
{
	int64_t j = 0, k = 0;
	for (;; j++) {
		while (k < c && cols[k] < j)
			k++;
		if (j != i && !(k < c && cols[k] == j))
			return j;
	}
}

/* Fills one technique's inputs: m distinct sorted suppliers, weights skewed, scaled so that
 * they sum to s in [0.3, 0.6] per unit of output. */
static void fill_row(const gen *g, int64_t t, int64_t m, int32_t *cols, double *x)
{
	int64_t i = t / g->T, c = 0;
	rng r = stream(g, t, S_ROW);
	for (int tries = 0; c < m;) {
		int64_t j = draw_supplier(g, &r, i);
		if (tries >= 64)
			j = first_free(cols, c, i);
		if (j != i && insert_sorted(cols, c, j))
			c++;
		else
			tries++;
	}
	double sum = 0, s = 0.3 + 0.3 * unif(&r), gr = GRID;
	while ((double)m / gr > 1e-4) /* rounding adds at most m / gr to the column sum */
		gr *= 10;
	for (int64_t k = 0; k < m; k++) {
		double u = unif(&r);
		x[k] = 0.05 + u * u;
		sum += x[k];
	}
	double scale = s / sum;
	for (int64_t k = 0; k < m; k++)
		x[k] = fmax(grid(scale * x[k], gr), 1.0 / gr);
}

/* Labour, emission and capacity factor of technique t (alternatives draw their own). */
static void technique_values(const gen *g, int64_t t, double *lab, double *em, double *capf)
{
	rng r = stream(g, t, S_VALUES);
	int64_t i = t / g->T;
	*lab = grid(0.2 + 1.6 * unif(&r), GRID);
	double u = unif(&r), q = unif(&r);
	*em = i < 2 && i < g->nh ? grid(1 + 4 * q, GRID) : u < 0.3 ? grid(0.01 + 0.99 * q, GRID) : 0;
	*capf = g->T == 1 ? 1.1 + 0.5 * unif(&r) : 0.6 + 0.8 * unif(&r);
}

/* ---- assembling the economy ---- */

static void *own(plenum_economy *e, size_t count, size_t size, int *rc)
{
	void *p = *rc ? NULL : ut_mallocarray(count ? count : 1, size);
	if (!*rc && (!p || ec_own(e, p)))
		*rc = PLENUM_ENOMEM;
	return *rc ? NULL : p;
}

static char *put_digits(char *s, int64_t v, int64_t width)
{
	for (int64_t k = width - 1; k >= 0; k--, v /= 10)
		s[k] = (char)('0' + v % 10);
	return s + width;
}

/* Keys "p0000042" (or "t0000042", alternatives "t0000042_2"): fixed width for products. */
static int make_keys(plenum_economy *e, ec_names *out, char letter, int64_t count, int T,
                     int64_t width)
{
	int rc = PLENUM_OK;
	int64_t per = width + 2 + (T > 1 ? 4 : 0);
	char *b = own(e, (size_t)(count * per), 1, &rc);
	int64_t *off = own(e, (size_t)count, sizeof *off, &rc);
	if (rc)
		return rc;
	char *s = b;
	for (int64_t t = 0; t < count; t++) {
		off[t] = s - b;
		*s++ = letter;
		s = put_digits(s, T > 1 ? t / T : t, width);
		if (T > 1 && t % T) {
			*s++ = '_';
			s = put_digits(s, t % T + 1, t % T + 1 >= 10 ? 2 : 1);
		}
		*s++ = '\0';
	}
	out->bytes = b;
	out->off = off;
	return PLENUM_OK;
}

static const struct word *product_word(const gen *g, int64_t i)
{
	return i < g->nh ? &hub_words[i] : &sector_words[(i + i / SECTOR) % NWORDS];
}

/* Appends the distinct units to ub; uat[k] is where word k's unit starts (hubs first). */
static void unit_blob(char *ub, int64_t *uat)
{
	char *u = ub;
	for (size_t k = 0; k < MAX_HUBS + NWORDS; k++) {
		const char *name = k < MAX_HUBS ? hub_words[k].unit : sector_words[k - MAX_HUBS].unit;
		char *seen = ub;
		while (seen < u && strcmp(seen, name) != 0)
			seen += strlen(seen) + 1;
		uat[k] = seen - ub;
		if (seen == u) {
			strcpy(u, name);
			u += strlen(name) + 1;
		}
	}
}

/* Names "grain 0000042", units by word, categories "sector 000000" (1000 products each). */
static int make_names(plenum_economy *e, const gen *g)
{
	int rc = PLENUM_OK;
	int64_t n = g->n, nsec = n / SECTOR + 1, uat[MAX_HUBS + NWORDS];
	char *b = own(e, (size_t)(n * (g->width + 16)), 1, &rc);
	int64_t *off = own(e, (size_t)n, sizeof *off, &rc);
	int64_t *uoff = own(e, (size_t)n, sizeof *uoff, &rc);
	int64_t *coff = own(e, (size_t)n, sizeof *coff, &rc);
	char *ub = own(e, 256, 1, &rc), *cb = own(e, (size_t)(nsec * 14), 1, &rc);
	if (rc)
		return rc;
	char *s = b, *c = cb;
	unit_blob(ub, uat);
	for (int64_t k = 0; k < nsec; k++) {
		memcpy(c, "sector ", 7);
		c = put_digits(c + 7, k, 6);
		*c++ = '\0';
	}
	for (int64_t i = 0; i < n; i++) {
		const struct word *w = product_word(g, i);
		size_t len = strlen(w->name);
		off[i] = s - b;
		memcpy(s, w->name, len);
		s[len] = ' ';
		s = put_digits(s + len + 1, i, g->width);
		*s++ = '\0';
		uoff[i] = uat[i < g->nh ? i : MAX_HUBS + (int64_t)(w - sector_words)];
		coff[i] = (i / SECTOR) * 14;
	}
	e->pname = (ec_names){b, off};
	e->punit = (ec_names){ub, uoff};
	e->pcat = (ec_names){cb, coff};
	return PLENUM_OK;
}

/* Row starts from the input counts, then the rows themselves (in parallel). */
static int make_inputs(plenum_economy *e, const gen *g)
{
	int rc = PLENUM_OK;
	int64_t nt = g->nt;
	int64_t *p = own(e, (size_t)nt + 1, sizeof *p, &rc);
	if (rc)
		return rc;
	p[0] = 0;
	GEN_PARALLEL_FOR
	for (int64_t t = 0; t < nt; t++)
		p[t + 1] = input_count(g, t);
	for (int64_t t = 0; t < nt; t++)
		p[t + 1] += p[t];
	int32_t *ci = own(e, (size_t)p[nt], sizeof *ci, &rc);
	double *cx = own(e, (size_t)p[nt], sizeof *cx, &rc);
	if (rc)
		return rc;
	GEN_PARALLEL_FOR
	for (int64_t t = 0; t < nt; t++)
		fill_row(g, t, p[t + 1] - p[t], ci + p[t], cx + p[t]);
	e->in = (ec_rows){p, ci, cx};
	return PLENUM_OK;
}

/* Labour, one emission row per emitting technique, outputs and products. */
static int make_techniques(plenum_economy *e, const gen *g, double *capf)
{
	int rc = PLENUM_OK;
	int64_t nt = g->nt, ne = 0;
	int32_t *tprod = own(e, (size_t)nt, sizeof *tprod, &rc);
	double *tout = own(e, (size_t)nt, sizeof *tout, &rc);
	double *tlab = own(e, (size_t)nt, sizeof *tlab, &rc);
	double *em = own(e, (size_t)nt, sizeof *em, &rc);
	int64_t *ep = own(e, (size_t)nt + 1, sizeof *ep, &rc);
	int32_t *ei = own(e, (size_t)nt, sizeof *ei, &rc);
	if (rc)
		return rc;
	GEN_PARALLEL_FOR
	for (int64_t t = 0; t < nt; t++) {
		tprod[t] = (int32_t)(t / g->T);
		tout[t] = 1.0;
		technique_values(g, t, &tlab[t], &em[t], &capf[t]);
	}
	ep[0] = 0;
	for (int64_t t = 0; t < nt; t++) { /* compact em in place: ne <= t */
		if (em[t] != 0) {
			ei[ne] = 0;
			em[ne++] = em[t];
		}
		ep[t + 1] = ne;
	}
	e->tprod = tprod, e->tout = tout, e->tlab = tlab;
	e->em = (ec_rows){ep, ei, em};
	return PLENUM_OK;
}

static int make_demand(plenum_economy *e, const gen *g)
{
	int rc = PLENUM_OK;
	double *d = own(e, (size_t)g->n, sizeof *d, &rc);
	if (rc)
		return rc;
	GEN_PARALLEL_FOR
	for (int64_t i = 0; i < g->n; i++) {
		rng r = stream(g, i, S_DEMAND);
		d[i] = grid(1 + 99 * unif(&r), 1e3);
	}
	e->demand = d;
	return PLENUM_OK;
}

/* Emission of technique t per unit of activity (its emission row has at most one entry). */
static double emission(const plenum_economy *e, int64_t t)
{
	return e->em.p[t + 1] > e->em.p[t] ? e->em.x[e->em.p[t]] : 0.0;
}

/* Embodied CO2e per product with the first technique of each: eps = eps A + em, by Jacobi
 * sweeps (gather form, in parallel); the cap is 1.2 times what the demand embodies. */
static double estimate_cap(const plenum_economy *e, const gen *g, double *eps, double *tmp)
{
	const int64_t *Ap = e->in.p;
	const int32_t *Ai = e->in.i;
	const double *Ax = e->in.x;
	for (int64_t i = 0; i < g->n; i++)
		eps[i] = emission(e, i * g->T);
	for (int sweep = 0; sweep < SWEEPS_CAP; sweep++) {
		GEN_PARALLEL_FOR
		for (int64_t i = 0; i < g->n; i++) {
			int64_t t = i * g->T;
			double v = emission(e, t);
			for (int64_t k = Ap[t]; k < Ap[t + 1]; k++)
				v += Ax[k] * eps[Ai[k]];
			tmp[i] = v;
		}
		double *swap = eps;
		eps = tmp, tmp = swap;
	}
	double total = 0;
	for (int64_t i = 0; i < g->n; i++)
		total += eps[i] * e->demand[i];
	return grid(1.2 * total, 1); /* 4 sweeps miss at most 0.6^5 / 0.4 = 19% of eps */
}

/* Gross output x = A x + d with the first technique of each product, by Jacobi sweeps in
 * scatter form (serial, so the sums are the same everywhere). */
static void estimate_output(const plenum_economy *e, const gen *g, double *x, double *y)
{
	memcpy(x, e->demand, (size_t)g->n * sizeof *x);
	for (int sweep = 0; sweep < SWEEPS_X; sweep++) {
		memcpy(y, e->demand, (size_t)g->n * sizeof *y);
		for (int64_t i = 0; i < g->n; i++) {
			int64_t t = i * g->T;
			for (int64_t k = e->in.p[t]; k < e->in.p[t + 1]; k++)
				y[e->in.i[k]] += e->in.x[k] * x[i];
		}
		memcpy(x, y, (size_t)g->n * sizeof *x);
	}
}

/* The CO2e account with its cap, and capacities (INFINITY unless asked for). */
static int make_account_caps(plenum_economy *e, const gen *g, const double *capf, int caps)
{
	int rc = PLENUM_OK;
	double *acap = own(e, 1, sizeof *acap, &rc);
	double *tcap = own(e, (size_t)g->nt, sizeof *tcap, &rc);
	int64_t *zero = own(e, 1, sizeof *zero, &rc);
	double *a = rc ? NULL : ut_mallocarray((size_t)g->n, sizeof *a);
	double *b = a ? ut_mallocarray((size_t)g->n, sizeof *b) : NULL;
	if (!b) {
		ut_free(a);
		return PLENUM_ENOMEM;
	}
	*zero = 0;
	e->akey = (ec_names){"co2e", zero};
	e->aname = (ec_names){"CO2 equivalent", zero};
	e->aunit = (ec_names){"t", zero};
	acap[0] = estimate_cap(e, g, a, b);
	if (caps)
		estimate_output(e, g, a, b);
	for (int64_t t = 0; t < g->nt; t++)
		tcap[t] = caps ? grid(a[t / g->T] * capf[t], 1e3) : INFINITY;
	e->acap = acap, e->tcap = tcap;
	ut_free(a);
	ut_free(b);
	return PLENUM_OK;
}

static int64_t digits(int64_t v)
{
	int64_t n = 1;
	for (; v >= 10; v /= 10)
		n++;
	return n;
}

static int check_opts(const plenum_gen_opts *o, plenum_diag *d)
{
	if (o->products < 1 || o->products > INT32_MAX - 1)
		return ut_fail(d, PLENUM_EINVAL, "products must be between 1 and %d, not %lld",
		               INT32_MAX - 1, (long long)o->products);
	if (o->inputs < 0 || o->inputs > 1000)
		return ut_fail(d, PLENUM_EINVAL, "inputs per technique must be between 0 and 1000, "
		               "not %lld", (long long)o->inputs);
	if (o->techniques_per_product < 0 || o->techniques_per_product > 99)
		return ut_fail(d, PLENUM_EINVAL, "techniques per product must be between 1 and 99, "
		               "not %d", o->techniques_per_product);
	return PLENUM_OK;
}

static int build(plenum_economy *e, const gen *g, int caps)
{
	double *capf = ut_mallocarray((size_t)g->nt, sizeof *capf);
	int rc = capf ? PLENUM_OK : PLENUM_ENOMEM;
	if (!rc)
		rc = make_keys(e, &e->pkey, 'p', g->n, 1, g->width);
	if (!rc)
		rc = make_keys(e, &e->tkey, 't', g->nt, g->T, g->width);
	if (!rc)
		rc = make_names(e, g);
	if (!rc)
		rc = make_inputs(e, g);
	if (!rc)
		rc = make_techniques(e, g, capf);
	if (!rc)
		rc = make_demand(e, g);
	if (!rc)
		rc = make_account_caps(e, g, capf, caps);
	ut_free(capf);
	return rc;
}

int plenum_economy_generate(const plenum_gen_opts *o, plenum_economy **out, plenum_diag *d)
{
	*out = NULL;
	int rc = check_opts(o, d);
	if (rc)
		return rc;
	gen g = {.n = o->products, .k = o->inputs, .seed = o->seed,
	         .T = o->techniques_per_product ? o->techniques_per_product : 1};
	g.nt = g.n * g.T;
	g.nh = g.n < 10 ? 0 : g.n / 100 < 1 ? 1 : g.n / 100 > MAX_HUBS ? MAX_HUBS : g.n / 100;
	g.width = digits(g.n - 1) > 7 ? digits(g.n - 1) : 7;
	plenum_economy *e = ec_new();
	rc = e ? build(e, &g, o->capacities) : PLENUM_ENOMEM;
	if (rc) {
		plenum_economy_free(e);
		return ut_fail(d, rc, "out of memory generating %lld products with %lld inputs each: "
		               "generate a smaller economy", (long long)g.n, (long long)g.k);
	}
	e->np = g.n, e->nt = g.nt, e->na = 1;
	*out = e;
	return PLENUM_OK;
}
