/* Reads an economy directory (docs/formats.md): products, techniques, inputs and the
 * optional accounts, emissions and demand, checking every value and key with its
 * file:line:column. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include "io/io.h"

/* A direct-mapped cache in front of a key map: rows name the same and nearby keys again
 * and again, and the map's probes miss the CPU caches on large economies. */
#define CACHE_SLOTS (1 << 16)
typedef struct key_cache {
	const char *key[CACHE_SLOTS]; /* borrowed from the pool, which no longer grows */
	int64_t val[CACHE_SLOTS];
} key_cache;

/* The keys of one kind: map, the pool its keys live in, and the cache. */
typedef struct key_index {
	ut_map map;
	const ut_strpool *pool;
	key_cache *cache;
} key_index;

typedef struct rd {
	const char *dir;
	unsigned flags;
	plenum_diag *d;
	ec_builder b;
	key_index pix, tix, aix; /* products, techniques, accounts */
	double *demand;          /* length np, or NULL without demand.csv */
} rd;

static int nomem(io_csv *c)
{
	return ut_fail(c->d, PLENUM_ENOMEM, "%s: out of memory", c->path);
}

/* Opens dir/name; an absent optional file sets *present to 0 and succeeds. */
static int open_csv(rd *r, const char *name, const char *expect, io_csv *c, int *present)
{
	char path[4200];
	int rc = io_path(path, sizeof path, r->dir, name, r->d);
	if (rc)
		return rc;
	struct stat st;
	if (present && stat(path, &st) != 0 && errno == ENOENT) {
		*present = 0;
		return PLENUM_OK;
	}
	if (present)
		*present = 1;
	rc = io_csv_open(c, path, expect, r->d);
	char flows[4200];
	if (rc == PLENUM_ENOTFOUND && !io_path(flows, sizeof flows, r->dir, "flows.csv", NULL) &&
	    stat(flows, &st) == 0)
		ut_fail(r->d, rc, "%s: missing: %s holds the four-CSV multi-year format "
		        "(flows.csv, ...), which 'plenum plan' and 'plenum variants' read; values, "
		        "output and info need an economy directory (see docs/formats.md)", path,
		        r->dir);
	else if (rc == PLENUM_ENOTFOUND)
		ut_fail(r->d, rc, "%s: missing: an economy directory needs products.csv, "
		        "techniques.csv and inputs.csv (see docs/formats.md)", path);
	return rc;
}

/* Index of the key in field k, or an error naming what it should be. */
static int lookup(io_csv *c, int k, key_index *ix, const char *what, const char *file,
                  int64_t *out)
{
	const char *key = io_csv_get(c, k);
	size_t h = (size_t)(ut_hash(key, strlen(key)) % CACHE_SLOTS);
	if (!ix->cache) /* no such file: no keys */
		return io_csv_fail(c, k, PLENUM_ENOTFOUND, "unknown %s '%s': add it to %s or fix "
		                   "the key", what, key, file);
	if (ix->cache->key[h] && strcmp(ix->cache->key[h], key) == 0) {
		*out = ix->cache->val[h];
		return PLENUM_OK;
	}
	*out = ut_map_get(&ix->map, key);
	if (*out < 0)
		return io_csv_fail(c, k, PLENUM_ENOTFOUND, "unknown %s '%s': add it to %s or fix "
		                   "the key", what, key, file);
	ix->cache->key[h] = ut_strpool_get(ix->pool, *out);
	ix->cache->val[h] = *out;
	return PLENUM_OK;
}

static int nonempty_key(io_csv *c, int k, const char *what)
{
	if (!*io_csv_get(c, k))
		return io_csv_fail(c, k, PLENUM_EFORMAT, "empty %s key: give every %s a key", what,
		                   what);
	return PLENUM_OK;
}

/* Where data records i and j of dir/name start (their key column), found by reading the
 * file again; only needed to report a duplicate. */
static void locate(rd *r, const char *name, int64_t i, int64_t j, int64_t pos[4])
{
	io_csv c;
	char path[4200];
	int got = 0, k;
	memset(pos, 0, 4 * sizeof *pos);
	if (io_path(path, sizeof path, r->dir, name, NULL) || io_csv_open(&c, path, "", NULL))
		return;
	if (!io_csv_column(&c, "key", 1, &k)) {
		while (!io_csv_next(&c, &got) && got && c.records <= j + 1) {
			int64_t at = c.records - 1;
			if (at == i)
				pos[0] = c.fline[k], pos[1] = c.fcol[k];
			if (at == j)
				pos[2] = c.fline[k], pos[3] = c.fcol[k];
		}
	}
	io_csv_close(&c);
}

/* Builds map over the count keys of pool; a duplicate is an error at its second row. */
static int index_keys(rd *r, const ut_strpool *pool, key_index *ix, const char *name,
                      const char *what)
{
	ut_map *m = &ix->map;
	ix->pool = pool;
	if (!(ix->cache = ut_calloc(1, sizeof *ix->cache)))
		return ut_fail(r->d, PLENUM_ENOMEM, "%s/%s: out of memory indexing the keys", r->dir,
		               name);
	for (int64_t i = 0; i < pool->count; i++) {
		int64_t old = -1;
		const char *key = ut_strpool_get(pool, i);
		int rc = ut_map_put(m, key, i, &old);
		if (rc == PLENUM_ENOMEM)
			return ut_fail(r->d, rc, "%s/%s: out of memory indexing the keys", r->dir, name);
		if (rc) {
			int64_t pos[4];
			char shown[256];
			locate(r, name, old, i, pos);
			io_escape(shown, sizeof shown, key);
			return ut_fail(r->d, rc, "%s/%s:%lld:%lld: duplicate %s key '%s' (first on line "
			               "%lld): give each %s its own key", r->dir, name,
			               (long long)pos[2], (long long)pos[3], what, shown,
			               (long long)pos[0], what);
		}
	}
	return PLENUM_OK;
}

static int product_row(rd *r, io_csv *c, const int *k)
{
	int rc = nonempty_key(c, k[0], "product");
	if (!rc && ec_add_product(&r->b, io_csv_get(c, k[0]), io_csv_get(c, k[1]),
	                          io_csv_get(c, k[2]), io_csv_get(c, k[3])) < 0)
		rc = nomem(c);
	if (!rc && r->b.pkey.count > INT32_MAX)
		rc = io_csv_fail(c, k[0], PLENUM_EFORMAT, "more than %d products: split the "
		                 "economy", INT32_MAX);
	return rc;
}

static int read_products(rd *r)
{
	static const char *const names[] = {"key", "name", "unit", "category"};
	io_csv c;
	int k[4], got = 0;
	int rc = open_csv(r, "products.csv", "key,name,unit", &c, NULL);
	if (rc)
		return rc;
	rc = io_csv_columns(&c, names, 4, 3, k);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got)
		rc = product_row(r, &c, k);
	if (!rc && !c.records)
		rc = ut_fail(r->d, PLENUM_EFORMAT, "%s:2:1: no products: add one row per product "
		             "under the header", c.path);
	io_csv_close(&c);
	return rc ? rc : index_keys(r, &r->b.pkey, &r->pix, "products.csv", "product");
}

static int account_row(rd *r, io_csv *c, const int *k)
{
	double cap;
	int rc = nonempty_key(c, k[0], "account");
	const char *key = io_csv_get(c, k[0]);
	if (!rc && (strcmp(key, "product") == 0 || strcmp(key, "labour") == 0))
		rc = io_csv_fail(c, k[0], PLENUM_EFORMAT, "account key '%s' is the name of a column "
		                 "of the labour values (product,labour, then one per account): name "
		                 "the account otherwise", key);
	if (!rc)
		rc = io_csv_number_or(c, k[3], "cap", INFINITY, &cap);
	if (!rc && cap < 0)
		rc = io_csv_fail(c, k[3], PLENUM_EFORMAT, "negative cap %g: a cap is at least 0 "
		                 "(leave it empty for none)", cap);
	if (!rc && ec_add_account(&r->b, io_csv_get(c, k[0]), io_csv_get(c, k[1]),
	                          io_csv_get(c, k[2]), cap) < 0)
		rc = nomem(c);
	return rc;
}

static int read_accounts(rd *r)
{
	static const char *const names[] = {"key", "name", "unit", "cap"};
	io_csv c;
	int k[4], got = 0, present;
	int rc = open_csv(r, "accounts.csv", "key,name,unit", &c, &present);
	if (rc || !present)
		return rc;
	rc = io_csv_columns(&c, names, 4, 3, k);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got)
		rc = account_row(r, &c, k);
	io_csv_close(&c);
	return rc ? rc : index_keys(r, &r->b.akey, &r->aix, "accounts.csv", "account");
}

/* labour.csv (optional; without it, hours): what labour counts, one row of unit[,name]. */
static int read_labour(rd *r)
{
	static const char *const names[] = {"unit", "name"};
	io_csv c;
	int k[2], got = 0, present;
	int rc = open_csv(r, "labour.csv", "unit,name", &c, &present);
	if (rc || !present)
		return rc;
	rc = io_csv_columns(&c, names, 2, 1, k);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got) {
		const char *unit = io_csv_get(&c, k[0]);
		if (c.records > 1)
			rc = io_csv_fail(&c, k[0], PLENUM_EFORMAT, "a second row: labour.csv says in "
			                 "one row what labour counts; remove the others");
		else if (unit[strspn(unit, " \t")] == '\0') /* spaces alone say nothing either */
			rc = io_csv_fail(&c, k[0], PLENUM_EFORMAT, "empty unit: say what labour "
			                 "counts (h, or the table's, as £m 2010), or remove labour.csv");
		else if (ec_set_labour(&r->b, unit, io_csv_get(&c, k[1])))
			rc = nomem(&c);
	}
	if (!rc && !c.records)
		rc = ut_fail(r->d, PLENUM_EFORMAT, "%s:2:1: no row: say in one row what labour "
		             "counts (unit,name), or remove labour.csv for hours", c.path);
	io_csv_close(&c);
	return rc;
}

static int technique_values(io_csv *c, const int *k, double *lab, double *cap, double *out)
{
	int rc = io_csv_number(c, k[2], "labour", lab);
	if (!rc && *lab < 0)
		rc = io_csv_fail(c, k[2], PLENUM_EFORMAT, "negative labour %g: labour is hours per "
		                 "unit of activity and at least 0", *lab);
	if (!rc)
		rc = io_csv_number_or(c, k[3], "capacity", INFINITY, cap);
	if (!rc && *cap < 0)
		rc = io_csv_fail(c, k[3], PLENUM_EFORMAT, "negative capacity %g: a capacity is at "
		                 "least 0 (leave it empty for none)", *cap);
	if (!rc)
		rc = io_csv_number_or(c, k[4], "output", 1.0, out);
	if (!rc && *out <= 0)
		rc = io_csv_fail(c, k[4], PLENUM_EFORMAT, "output %g is not positive: output is "
		                 "units made per unit of activity (default 1)", *out);
	return rc;
}

static int technique_row(rd *r, io_csv *c, const int *k)
{
	int64_t p;
	double lab, cap, out;
	int rc = nonempty_key(c, k[0], "technique");
	if (!rc)
		rc = lookup(c, k[1], &r->pix, "product", "products.csv", &p);
	if (!rc)
		rc = technique_values(c, k, &lab, &cap, &out);
	if (!rc && ec_add_technique(&r->b, io_csv_get(c, k[0]), (int32_t)p, lab, out, cap) < 0)
		rc = nomem(c);
	return rc;
}

static int read_techniques(rd *r)
{
	static const char *const names[] = {"key", "product", "labour", "capacity", "output"};
	io_csv c;
	int k[5], got = 0;
	int rc = open_csv(r, "techniques.csv", "key,product,labour", &c, NULL);
	if (rc)
		return rc;
	rc = io_csv_columns(&c, names, 5, 3, k);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got)
		rc = technique_row(r, &c, k);
	if (!rc && !c.records)
		rc = ut_fail(r->d, PLENUM_EFORMAT, "%s:2:1: no techniques: add at least one row "
		             "saying how a product is made", c.path);
	io_csv_close(&c);
	return rc ? rc : index_keys(r, &r->b.tkey, &r->tix, "techniques.csv", "technique");
}

/* A negative input: a warning, or an error in strict mode. */
static int negative_input(rd *r, io_csv *c, const int *k, double q)
{
	if (r->flags & PLENUM_READ_STRICT)
		return io_csv_fail(c, k[2], PLENUM_EFORMAT, "negative input quantity %g (strict "
		                   "mode): fix the table or read without --strict", q);
	ut_warn(r->d, q, "%s:%lld:%lld: negative input quantity %g of '%s' into technique '%s'",
	        c->path, (long long)c->fline[k[2]], (long long)c->fcol[k[2]], q,
	        io_csv_get(c, k[1]), io_csv_get(c, k[0]));
	return PLENUM_OK;
}

static int input_row(rd *r, io_csv *c, const int *k)
{
	int64_t t = 0, p = 0;
	double q;
	int rc = lookup(c, k[0], &r->tix, "technique", "techniques.csv", &t);
	if (!rc)
		rc = lookup(c, k[1], &r->pix, "product", "products.csv", &p);
	if (!rc)
		rc = io_csv_number(c, k[2], "quantity", &q);
	if (!rc && q < 0)
		rc = negative_input(r, c, k, q);
	if (!rc && ec_add_input(&r->b, t, (int32_t)p, q))
		rc = nomem(c);
	return rc;
}

static int emission_row(rd *r, io_csv *c, const int *k)
{
	int64_t t = 0, a = 0;
	double q;
	int rc = lookup(c, k[0], &r->tix, "technique", "techniques.csv", &t);
	if (!rc)
		rc = lookup(c, k[1], &r->aix, "account", "accounts.csv", &a);
	if (!rc)
		rc = io_csv_number(c, k[2], "quantity", &q);
	if (!rc && ec_add_emission(&r->b, t, (int32_t)a, q))
		rc = nomem(c);
	return rc;
}

typedef int (*row_fn)(rd *r, io_csv *c, const int *k);

/* Reads a file of (technique, other, quantity) rows; absent is allowed when optional. */
static int read_pairs(rd *r, const char *name, const char *other, int optional, row_fn row)
{
	const char *names[] = {"technique", other, "quantity"};
	char expect[64];
	io_csv c;
	int k[3], got = 0, present = 1;
	snprintf(expect, sizeof expect, "technique,%s,quantity", other);
	int rc = open_csv(r, name, expect, &c, optional ? &present : NULL);
	if (rc || !present)
		return rc;
	rc = io_csv_columns(&c, names, 3, 3, k);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got)
		rc = row(r, &c, k);
	io_csv_close(&c);
	return rc;
}

/* Finds the first row of dir/name whose (technique, other) pair came before, using the
 * built rows and one bit per entry; called only when the builder merged some. */
static int report_pair(rd *r, const char *name, const char *other, const ut_map *om,
                       ec_rows rows, int64_t nt)
{
	int64_t nnz = rows.p[nt];
	int rc = PLENUM_OK, got = 0, k[3];
	const char *names[] = {"technique", other, "quantity"};
	char path[4200];
	io_csv c;
	unsigned char *seen = ut_calloc((size_t)nnz / 8 + 1, 1);
	if (!seen)
		return ut_fail(r->d, PLENUM_ENOMEM, "out of memory checking %s", name);
	if ((rc = io_path(path, sizeof path, r->dir, name, r->d)) ||
	    (rc = io_csv_open(&c, path, "", r->d))) {
		ut_free(seen);
		return rc;
	}
	rc = io_csv_columns(&c, names, 3, 3, k);
	while (!rc && !(rc = io_csv_next(&c, &got)) && got) {
		int64_t t = ut_map_get(&r->tix.map, io_csv_get(&c, k[0]));
		int64_t j = ut_map_get(om, io_csv_get(&c, k[1]));
		if (NEVER(t < 0 || j < 0)) /* the file changed under us */
			continue;
		int64_t at = rows.p[t];
		while (at < rows.p[t + 1] && rows.i[at] != j)
			at++;
		if (NEVER(at == rows.p[t + 1]))
			continue;
		if (seen[at / 8] & (1u << (at % 8)))
			rc = io_csv_fail(&c, k[0], PLENUM_EDUPLICATE, "second row for technique '%s' "
			                 "and %s '%s': merge them into one row", io_csv_get(&c, k[0]),
			                 other, io_csv_get(&c, k[1]));
		seen[at / 8] |= (unsigned char)(1u << (at % 8));
	}
	io_csv_close(&c);
	ut_free(seen);
	return rc;
}

typedef int64_t (*find_fn)(const void *ctx, const char *key);

static int64_t find_in_map(const void *ctx, const char *key)
{
	return ut_map_get(ctx, key);
}

static int64_t find_in_economy(const void *ctx, const char *key)
{
	return plenum_product_find(ctx, key);
}

static int demand_row(io_csv *c, const int *k, find_fn find, const void *ctx, unsigned flags,
                      double *demand, unsigned char *seen)
{
	const char *key = io_csv_get(c, k[0]);
	int64_t p = find(ctx, key);
	double q, prio;
	if (p < 0)
		return io_csv_fail(c, k[0], PLENUM_ENOTFOUND, "unknown product '%s': add it to "
		                   "products.csv or fix the key", key);
	if (seen[p])
		return io_csv_fail(c, k[0], PLENUM_EDUPLICATE, "second demand row for product "
		                   "'%s': merge them into one row", key);
	seen[p] = 1;
	int rc = io_csv_number(c, k[1], "quantity", &q);
	if (!rc)
		rc = io_csv_number_or(c, k[2], "priority", 0, &prio);
	if (!rc && q < 0 && !(flags & PLENUM_READ_SIGNED_DEMAND))
		ut_warn(c->d, q, "%s:%lld:%lld: negative demand %g for product '%s'", c->path,
		        (long long)c->fline[k[1]], (long long)c->fcol[k[1]], q, key);
	demand[p] = q;
	return rc;
}

/* Reads a demand file (product,quantity[,priority]) into demand (length np, zeroed). */
static int read_demand_file(const char *path, int64_t np, find_fn find, const void *ctx,
                            unsigned flags, double *demand, plenum_diag *d)
{
	static const char *const names[] = {"product", "quantity", "priority"};
	io_csv c;
	int k[3], got = 0;
	memset(demand, 0, (size_t)np * sizeof *demand);
	unsigned char *seen = ut_calloc((size_t)np, 1);
	if (!seen)
		return ut_fail(d, PLENUM_ENOMEM, "%s: out of memory", path);
	int rc = io_csv_open(&c, path, "product,quantity", d);
	if (!rc) {
		rc = io_csv_columns(&c, names, 3, 2, k);
		while (!rc && !(rc = io_csv_next(&c, &got)) && got)
			rc = demand_row(&c, k, find, ctx, flags, demand, seen);
		io_csv_close(&c);
	}
	ut_free(seen);
	return rc;
}

static int read_demand(rd *r)
{
	char path[4200];
	struct stat st;
	int rc = io_path(path, sizeof path, r->dir, "demand.csv", r->d);
	if (rc || (stat(path, &st) != 0 && errno == ENOENT))
		return rc;
	int64_t np = r->b.pkey.count;
	if (!(r->demand = ut_calloc((size_t)np, sizeof(double))))
		return ut_fail(r->d, PLENUM_ENOMEM, "%s: out of memory", path);
	return read_demand_file(path, np, find_in_map, &r->pix.map, r->flags, r->demand, r->d);
}

int plenum_demand_read(const plenum_economy *e, const char *path, double *demand,
                       plenum_diag *d)
{
	if (d)
		d->message[0] = '\0';
	/* Build the key index now, so that running out of memory is not "unknown product". */
	int rc = ec_build_maps((plenum_economy *)e, d);
	if (rc)
		return rc;
	return read_demand_file(path, e->np, find_in_economy, e, 0, demand, d);
}

static int read_all(rd *r)
{
	int rc = read_products(r);
	if (!rc)
		rc = read_accounts(r);
	if (!rc)
		rc = read_techniques(r);
	if (!rc)
		rc = read_labour(r);
	if (!rc)
		rc = read_pairs(r, "inputs.csv", "product", 0, input_row);
	if (!rc)
		rc = read_pairs(r, "emissions.csv", "account", 1, emission_row);
	if (!rc)
		rc = read_demand(r);
	return rc;
}

/* Builds the economy from r->b and checks for repeated (technique, product/account) rows,
 * which the builder would have summed. */
static int finish(rd *r, plenum_economy **out)
{
	int64_t nin = r->b.nin, nem = r->b.nem;
	const char *pk = r->b.pkey.bytes.data, *tk = r->b.tkey.bytes.data,
	           *ak = r->b.akey.bytes.data;
	r->b.demand = r->demand;
	r->demand = NULL;
	plenum_economy *e;
	int rc = ec_build_finish(&r->b, &e, r->d);
	if (rc)
		return rc;
	if (e->in.p[e->nt] != nin)
		rc = report_pair(r, "inputs.csv", "product", &r->pix.map, e->in, e->nt);
	if (!rc && e->em.p[e->nt] != nem)
		rc = report_pair(r, "emissions.csv", "account", &r->aix.map, e->em, e->nt);
	if (rc) {
		plenum_economy_free(e);
		return rc;
	}
	/* The maps' keys point into the pools' bytes, which the economy now owns unmoved. */
	if (e->pkey.bytes == pk && e->tkey.bytes == tk && (!e->na || e->akey.bytes == ak)) {
		e->pmap = r->pix.map, e->tmap = r->tix.map, e->amap = r->aix.map;
		memset(&r->pix.map, 0, sizeof r->pix.map), memset(&r->tix.map, 0, sizeof r->tix.map);
		memset(&r->aix.map, 0, sizeof r->aix.map);
		e->maps_built = 1;
	}
	*out = e;
	return PLENUM_OK;
}

int plenum_economy_read_dir(const char *dir, unsigned flags, plenum_economy **out,
                            plenum_diag *d)
{
	rd r = {.dir = dir, .flags = flags, .d = d};
	*out = NULL;
	if (d)
		d->message[0] = '\0';
	int rc = read_all(&r);
	if (!rc)
		rc = finish(&r, out);
	ec_builder_free(&r.b);
	key_index *ix[] = {&r.pix, &r.tix, &r.aix};
	for (int k = 0; k < 3; k++) {
		ut_map_free(&ix[k]->map);
		ut_free(ix[k]->cache);
	}
	ut_free(r.demand);
	return rc;
}
