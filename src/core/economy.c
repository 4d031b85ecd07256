/* The economy object: construction from parts, ownership, key lookup and accessors. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include "core/econ.h"

plenum_economy *ec_new(void)
{
	return ut_calloc(1, sizeof(plenum_economy));
}

int ec_own(plenum_economy *e, void *block)
{
	if (e->nowned == e->capowned) {
		int cap = e->capowned ? e->capowned * 2 : 32;
		void **o = ut_realloc(e->owned, (size_t)cap * sizeof *o);
		if (!o) {
			ut_free(block);
			return PLENUM_ENOMEM;
		}
		e->owned = o;
		e->capowned = cap;
	}
	e->owned[e->nowned++] = block;
	return PLENUM_OK;
}

void plenum_economy_free(plenum_economy *e)
{
	if (!e)
		return;
	for (int k = 0; k < e->nowned; k++)
		ut_free(e->owned[k]);
	ut_free(e->owned);
	if (e->map)
		munmap(e->map, e->map_len);
	ut_map_free(&e->pmap);
	ut_map_free(&e->tmap);
	ut_map_free(&e->amap);
	ut_free(e);
}

static int build_map(ut_map *m, ec_names names, int64_t n, const char *what, plenum_diag *d)
{
	for (int64_t i = 0; i < n; i++) {
		int rc = ut_map_put(m, ec_name(names, i), i, NULL);
		if (rc == PLENUM_EDUPLICATE)
			return ut_fail(d, rc, "duplicate %s key '%s': give each %s its own key", what,
			               ec_name(names, i), what);
		if (rc)
			return ut_fail(d, rc, "out of memory building the %s index", what);
	}
	return PLENUM_OK;
}

int ec_build_maps(plenum_economy *e, plenum_diag *d)
{
	if (e->maps_built)
		return PLENUM_OK;
	int rc = build_map(&e->pmap, e->pkey, e->np, "product", d);
	if (!rc)
		rc = build_map(&e->tmap, e->tkey, e->nt, "technique", d);
	if (!rc)
		rc = build_map(&e->amap, e->akey, e->na, "account", d);
	e->maps_built = rc == PLENUM_OK;
	if (rc) { /* a half-built map would make the next try see duplicates */
		ut_map_free(&e->pmap);
		ut_map_free(&e->tmap);
		ut_map_free(&e->amap);
	}
	return rc;
}

/* Lookups build the maps on first use; a const economy still caches them. */
static int64_t find(const plenum_economy *ce, const ut_map *m, const char *key)
{
	plenum_economy *e = (plenum_economy *)ce;
	if (!e->maps_built && ec_build_maps(e, NULL))
		return -1;
	return ut_map_get(m, key);
}

int64_t plenum_product_find(const plenum_economy *e, const char *key)
{
	return find(e, &e->pmap, key);
}
int64_t plenum_technique_find(const plenum_economy *e, const char *key)
{
	return find(e, &e->tmap, key);
}
int64_t plenum_account_find(const plenum_economy *e, const char *key)
{
	return find(e, &e->amap, key);
}

int64_t plenum_economy_products(const plenum_economy *e) { return e->np; }
int64_t plenum_economy_techniques(const plenum_economy *e) { return e->nt; }
int64_t plenum_economy_accounts(const plenum_economy *e) { return e->na; }
int64_t plenum_economy_inputs(const plenum_economy *e) { return e->nt ? e->in.p[e->nt] : 0; }
const char *plenum_product_key(const plenum_economy *e, int64_t i) { return ec_name(e->pkey, i); }
const char *plenum_product_name(const plenum_economy *e, int64_t i) { return ec_name(e->pname, i); }
const char *plenum_product_unit(const plenum_economy *e, int64_t i) { return ec_name(e->punit, i); }
const char *plenum_product_category(const plenum_economy *e, int64_t i) { return ec_name(e->pcat, i); }
const char *plenum_technique_key(const plenum_economy *e, int64_t t) { return ec_name(e->tkey, t); }
int64_t plenum_technique_product(const plenum_economy *e, int64_t t) { return e->tprod[t]; }
double plenum_technique_labour(const plenum_economy *e, int64_t t) { return e->tlab[t]; }
double plenum_technique_output(const plenum_economy *e, int64_t t) { return e->tout[t]; }
double plenum_technique_capacity(const plenum_economy *e, int64_t t) { return e->tcap[t]; }
const char *plenum_account_key(const plenum_economy *e, int64_t a) { return ec_name(e->akey, a); }
const char *plenum_account_name(const plenum_economy *e, int64_t a) { return ec_name(e->aname, a); }
const char *plenum_account_unit(const plenum_economy *e, int64_t a) { return ec_name(e->aunit, a); }
double plenum_account_cap(const plenum_economy *e, int64_t a) { return e->acap[a]; }
const double *plenum_economy_demand(const plenum_economy *e) { return e->demand; }
const char *plenum_economy_labour_unit(const plenum_economy *e) { return e->lunit ? e->lunit : "h"; }
const char *plenum_economy_labour_name(const plenum_economy *e) { return e->lname ? e->lname : ""; }
int plenum_economy_labour_in_hours(const plenum_economy *e) { return e->lunit == NULL; }

const char *plenum_economy_labour_said(const plenum_economy *e, char *buf, size_t n)
{
	const char *unit = plenum_economy_labour_unit(e), *name = plenum_economy_labour_name(e);
	snprintf(buf, n, *name ? "%s (%s)" : "%s", unit, name);
	return buf;
}
