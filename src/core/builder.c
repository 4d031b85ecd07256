/* Building an economy from parts: pooled strings, per-technique arrays and triplets that
 * are sorted into rows at the end (a counting sort, O(nnz)). */
#include <math.h>
#include <string.h>
#include <strings.h>
#include "core/econ.h"

/* Grows the array *a of elements of size sz to hold at least need (doubling). */
static int grow(void **a, int64_t *cap, int64_t need, size_t sz)
{
	if (need <= *cap)
		return PLENUM_OK;
	int64_t c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	void *p = ut_realloc(*a, (size_t)c * sz);
	if (!p)
		return PLENUM_ENOMEM;
	*a = p;
	*cap = c;
	return PLENUM_OK;
}

int64_t ec_add_product(ec_builder *b, const char *key, const char *name, const char *unit,
                       const char *category)
{
	int64_t i = ut_strpool_add(&b->pkey, key, strlen(key));
	if (i < 0 || ut_strpool_add(&b->pname, name, strlen(name)) < 0 ||
	    ut_strpool_add(&b->punit, unit, strlen(unit)) < 0 ||
	    ut_strpool_add(&b->pcat, category, strlen(category)) < 0)
		return -1;
	return i;
}

int64_t ec_add_technique(ec_builder *b, const char *key, int32_t product, double labour,
                         double output, double capacity)
{
	int64_t t = b->tkey.count, cap = b->tcap_n;
	if (grow((void **)&b->tprod, &cap, t + 1, sizeof(int32_t)))
		return -1;
	cap = b->tcap_n;
	if (grow((void **)&b->tout, &cap, t + 1, sizeof(double)))
		return -1;
	cap = b->tcap_n;
	if (grow((void **)&b->tlab, &cap, t + 1, sizeof(double)))
		return -1;
	cap = b->tcap_n;
	if (grow((void **)&b->tcap, &cap, t + 1, sizeof(double)))
		return -1;
	b->tcap_n = cap;
	if (ut_strpool_add(&b->tkey, key, strlen(key)) < 0)
		return -1;
	b->tprod[t] = product;
	b->tlab[t] = labour;
	b->tout[t] = output;
	b->tcap[t] = capacity;
	return t;
}

int64_t ec_add_account(ec_builder *b, const char *key, const char *name, const char *unit,
                       double cap)
{
	int64_t a = b->akey.count, c = b->acap_n;
	if (grow((void **)&b->acap, &c, a + 1, sizeof(double)))
		return -1;
	b->acap_n = c;
	if (ut_strpool_add(&b->akey, key, strlen(key)) < 0 ||
	    ut_strpool_add(&b->aname, name, strlen(name)) < 0 ||
	    ut_strpool_add(&b->aunit, unit, strlen(unit)) < 0)
		return -1;
	b->acap[a] = cap;
	return a;
}

int ec_add_input(ec_builder *b, int64_t technique, int32_t product, double quantity)
{
	int64_t c = b->capin;
	if (grow((void **)&b->in_t, &c, b->nin + 1, sizeof(int64_t)))
		return PLENUM_ENOMEM;
	c = b->capin;
	if (grow((void **)&b->in_p, &c, b->nin + 1, sizeof(int32_t)))
		return PLENUM_ENOMEM;
	c = b->capin;
	if (grow((void **)&b->in_q, &c, b->nin + 1, sizeof(double)))
		return PLENUM_ENOMEM;
	b->capin = c;
	b->in_t[b->nin] = technique;
	b->in_p[b->nin] = product;
	b->in_q[b->nin++] = quantity;
	return PLENUM_OK;
}

int ec_add_emission(ec_builder *b, int64_t technique, int32_t account, double quantity)
{
	int64_t c = b->capem;
	if (grow((void **)&b->em_t, &c, b->nem + 1, sizeof(int64_t)))
		return PLENUM_ENOMEM;
	c = b->capem;
	if (grow((void **)&b->em_a, &c, b->nem + 1, sizeof(int32_t)))
		return PLENUM_ENOMEM;
	c = b->capem;
	if (grow((void **)&b->em_q, &c, b->nem + 1, sizeof(double)))
		return PLENUM_ENOMEM;
	b->capem = c;
	b->em_t[b->nem] = technique;
	b->em_a[b->nem] = account;
	b->em_q[b->nem++] = quantity;
	return PLENUM_OK;
}

int ec_add_demand(ec_builder *b, int32_t product, double quantity)
{
	if (!b->demand) {
		b->demand = ut_calloc((size_t)(b->pkey.count ? b->pkey.count : 1), sizeof(double));
		if (!b->demand)
			return PLENUM_ENOMEM;
	}
	b->demand[product] += quantity;
	return PLENUM_OK;
}

/* Sorts triplets (t, j, q) into rows by t; entries of a row keep their order and repeated
 * (t, j) pairs are summed. Sets *r to arrays owned by e. */
static int to_rows(plenum_economy *e, int64_t nt, int64_t n, const int64_t *t, const int32_t *j,
                   const double *q, ec_rows *r)
{
	int64_t *p = ut_calloc((size_t)nt + 1, sizeof *p);
	if (!p || ec_own(e, p))
		return PLENUM_ENOMEM;
	int32_t *ri = ut_mallocarray((size_t)(n ? n : 1), sizeof *ri);
	if (!ri || ec_own(e, ri))
		return PLENUM_ENOMEM;
	double *rx = ut_mallocarray((size_t)(n ? n : 1), sizeof *rx);
	if (!rx || ec_own(e, rx))
		return PLENUM_ENOMEM;
	int64_t *next = ut_mallocarray((size_t)nt + 1, sizeof *next);
	int32_t *seen = ut_mallocarray((size_t)(e->np > e->na ? e->np : e->na) + 1, sizeof *seen);
	int64_t *where = ut_mallocarray((size_t)(e->np > e->na ? e->np : e->na) + 1, sizeof *where);
	int rc = PLENUM_ENOMEM;
	if (!next || !seen || !where)
		goto done;
	for (int64_t k = 0; k < n; k++)
		p[t[k] + 1]++;
	for (int64_t r0 = 0; r0 < nt; r0++)
		p[r0 + 1] += p[r0];
	memcpy(next, p, (size_t)(nt + 1) * sizeof *next);
	for (int64_t k = 0; k < n; k++) {
		int64_t at = next[t[k]]++;
		ri[at] = j[k];
		rx[at] = q[k];
	}
	/* Sum repeated columns within each row, compacting in place. */
	memset(seen, -1, ((size_t)(e->np > e->na ? e->np : e->na) + 1) * sizeof *seen);
	int64_t w = 0;
	for (int64_t row = 0; row < nt; row++) {
		int64_t start = p[row], end = p[row + 1];
		p[row] = w;
		for (int64_t k = start; k < end; k++) {
			int32_t col = ri[k];
			if (seen[col] == (int32_t)row && where[col] >= p[row]) {
				rx[where[col]] += rx[k];
				continue;
			}
			seen[col] = (int32_t)row;
			where[col] = w;
			ri[w] = col;
			rx[w++] = rx[k];
		}
	}
	p[nt] = w;
	r->p = p;
	r->i = ri;
	r->x = rx;
	rc = PLENUM_OK;
done:
	ut_free(next);
	ut_free(seen);
	ut_free(where);
	return rc;
}

static int take_names(plenum_economy *e, ut_strpool *pool, ec_names *n)
{
	if (ut_buf_reserve(&pool->bytes, 0))
		return PLENUM_ENOMEM;
	char *bytes = pool->bytes.data; /* ec_own frees a block it cannot take: let go first */
	memset(&pool->bytes, 0, sizeof pool->bytes);
	if (ec_own(e, bytes))
		return PLENUM_ENOMEM;
	if (!pool->off && !(pool->off = ut_malloc(sizeof(int64_t))))
		return PLENUM_ENOMEM;
	int64_t *off = pool->off;
	pool->off = NULL;
	if (ec_own(e, off))
		return PLENUM_ENOMEM;
	n->bytes = bytes;
	n->off = off;
	ut_strpool_free(pool);
	return PLENUM_OK;
}

/* Moves array *a (or a zero/INFINITY-filled one when NULL) of count doubles into e. */
static int take_doubles(plenum_economy *e, double **a, int64_t count, double fill,
                        const double **out)
{
	if (!*a) {
		*a = ut_mallocarray((size_t)(count ? count : 1), sizeof(double));
		if (!*a)
			return PLENUM_ENOMEM;
		for (int64_t k = 0; k < count; k++)
			(*a)[k] = fill;
	}
	int rc = ec_own(e, *a);
	*out = rc ? NULL : *a;
	*a = NULL;
	return rc;
}

int ec_unit_is_hours(const char *unit)
{
	static const char *const hours[] = {"h", "hour", "hours"};
	size_t n;
	while (*unit == ' ' || *unit == '\t')
		unit++;
	for (n = strlen(unit); n && (unit[n - 1] == ' ' || unit[n - 1] == '\t'); n--)
		;
	for (size_t k = 0; k < sizeof hours / sizeof hours[0]; k++)
		if (strlen(hours[k]) == n && strncasecmp(unit, hours[k], n) == 0)
			return 1;
	return 0;
}

int ec_set_labour(ec_builder *b, const char *unit, const char *name)
{
	ut_free(b->lunit);
	ut_free(b->lname);
	b->lunit = b->lname = NULL;
	if (name && *name && !(b->lname = ut_strdup(name)))
		return PLENUM_ENOMEM;
	if (!unit || ec_unit_is_hours(unit))
		return PLENUM_OK;
	return (b->lunit = ut_strdup(unit)) ? PLENUM_OK : PLENUM_ENOMEM;
}

/* Moves string *s (when set) into e. */
static int take_string(plenum_economy *e, char **s, const char **out)
{
	if (!*s)
		return PLENUM_OK;
	int rc = ec_own(e, *s);
	*out = rc ? NULL : *s;
	*s = NULL;
	return rc;
}

static int finish(ec_builder *b, plenum_economy *e)
{
	e->np = b->pkey.count;
	e->nt = b->tkey.count;
	e->na = b->akey.count;
	if (take_names(e, &b->pkey, &e->pkey) || take_names(e, &b->pname, &e->pname) ||
	    take_names(e, &b->punit, &e->punit) || take_names(e, &b->pcat, &e->pcat) ||
	    take_names(e, &b->tkey, &e->tkey) || take_names(e, &b->akey, &e->akey) ||
	    take_names(e, &b->aname, &e->aname) || take_names(e, &b->aunit, &e->aunit))
		return PLENUM_ENOMEM;
	if (!b->tprod && !(b->tprod = ut_malloc(sizeof(int32_t))))
		return PLENUM_ENOMEM;
	if (ec_own(e, b->tprod)) {
		b->tprod = NULL;
		return PLENUM_ENOMEM;
	}
	e->tprod = b->tprod;
	b->tprod = NULL;
	if (take_doubles(e, &b->tout, e->nt, 1.0, &e->tout) ||
	    take_doubles(e, &b->tlab, e->nt, 0.0, &e->tlab) ||
	    take_doubles(e, &b->tcap, e->nt, INFINITY, &e->tcap) ||
	    take_doubles(e, &b->acap, e->na, INFINITY, &e->acap) ||
	    take_doubles(e, &b->demand, e->np, 0.0, &e->demand))
		return PLENUM_ENOMEM;
	if (to_rows(e, e->nt, b->nin, b->in_t, b->in_p, b->in_q, &e->in) ||
	    to_rows(e, e->nt, b->nem, b->em_t, b->em_a, b->em_q, &e->em))
		return PLENUM_ENOMEM;
	if (take_string(e, &b->lunit, &e->lunit) || take_string(e, &b->lname, &e->lname))
		return PLENUM_ENOMEM;
	return PLENUM_OK;
}

int ec_build_finish(ec_builder *b, plenum_economy **out, plenum_diag *d)
{
	*out = NULL;
	plenum_economy *e = ec_new();
	int rc = e ? finish(b, e) : PLENUM_ENOMEM;
	ec_builder_free(b);
	if (rc) {
		plenum_economy_free(e);
		return ut_fail(d, rc, "out of memory while building the economy");
	}
	*out = e;
	return PLENUM_OK;
}

void ec_builder_free(ec_builder *b)
{
	ut_strpool *pools[] = {&b->pkey, &b->pname, &b->punit, &b->pcat,
	                       &b->tkey, &b->akey,  &b->aname, &b->aunit};
	for (size_t k = 0; k < sizeof pools / sizeof pools[0]; k++)
		ut_strpool_free(pools[k]);
	void *arrays[] = {b->tprod, b->tout, b->tlab, b->tcap, b->acap, b->demand, b->in_t,
	                  b->em_t,  b->in_p, b->em_a, b->in_q, b->em_q, b->lunit, b->lname};
	for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++)
		ut_free(arrays[k]);
	memset(b, 0, sizeof *b);
}
