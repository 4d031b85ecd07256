/* The binary economy format (docs/formats.md): a checksummed little-endian header with
 * counts and a table of 8-byte-aligned sections, read by mapping the file and pointing the
 * economy's arrays into it after checking every size, offset and index against the file. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "io/io.h"

#define BIN_MAGIC "PLENUMEC"
#define BIN_VERSION 2u
#define BIN_FIXED 80 /* bytes before the section table */

/* What a section holds and how many elements: counted by np, nt, na, nt+1, nin or nem. */
enum { S_BLOB, S_OFF, S_I32, S_I64, S_F64 };
enum { C_P, C_T, C_A, C_T1, C_IN, C_EM };

#define FIELD(f) offsetof(struct plenum_economy, f)
static const struct section {
	const char *name;
	int kind, count;
	size_t field; /* where the pointer lives in struct plenum_economy */
} sections[] = {
	{"product keys", S_BLOB, C_P, FIELD(pkey.bytes)},
	{"product key offsets", S_OFF, C_P, FIELD(pkey.off)},
	{"product names", S_BLOB, C_P, FIELD(pname.bytes)},
	{"product name offsets", S_OFF, C_P, FIELD(pname.off)},
	{"product units", S_BLOB, C_P, FIELD(punit.bytes)},
	{"product unit offsets", S_OFF, C_P, FIELD(punit.off)},
	{"product categories", S_BLOB, C_P, FIELD(pcat.bytes)},
	{"product category offsets", S_OFF, C_P, FIELD(pcat.off)},
	{"technique keys", S_BLOB, C_T, FIELD(tkey.bytes)},
	{"technique key offsets", S_OFF, C_T, FIELD(tkey.off)},
	{"account keys", S_BLOB, C_A, FIELD(akey.bytes)},
	{"account key offsets", S_OFF, C_A, FIELD(akey.off)},
	{"account names", S_BLOB, C_A, FIELD(aname.bytes)},
	{"account name offsets", S_OFF, C_A, FIELD(aname.off)},
	{"account units", S_BLOB, C_A, FIELD(aunit.bytes)},
	{"account unit offsets", S_OFF, C_A, FIELD(aunit.off)},
	{"technique products", S_I32, C_T, FIELD(tprod)},
	{"technique outputs", S_F64, C_T, FIELD(tout)},
	{"technique labour", S_F64, C_T, FIELD(tlab)},
	{"technique capacities", S_F64, C_T, FIELD(tcap)},
	{"input row starts", S_I64, C_T1, FIELD(in.p)},
	{"input products", S_I32, C_IN, FIELD(in.i)},
	{"input quantities", S_F64, C_IN, FIELD(in.x)},
	{"emission row starts", S_I64, C_T1, FIELD(em.p)},
	{"emission accounts", S_I32, C_EM, FIELD(em.i)},
	{"emission quantities", S_F64, C_EM, FIELD(em.x)},
	{"account caps", S_F64, C_A, FIELD(acap)},
	{"final demand", S_F64, C_P, FIELD(demand)},
};
#define NSECT ((int)(sizeof sections / sizeof sections[0]))
#define HEADER_LEN (BIN_FIXED + 16 * NSECT)

/* The header as numbers: counts[] = np, nt, na, nin, nem. */
typedef struct bin_head {
	uint64_t file_size;
	int64_t counts[5];
	uint64_t off[NSECT], len[NSECT];
} bin_head;

static int little_endian(void)
{
	const uint16_t one = 1;
	return *(const unsigned char *)&one == 1;
}

static int64_t count_of(const int64_t *counts, int c)
{
	static const int which[] = {[C_P] = 0, [C_T] = 1, [C_A] = 2, [C_T1] = 1, [C_IN] = 3,
	                            [C_EM] = 4};
	return counts[which[c]] + (c == C_T1);
}

static size_t elem_size(int kind)
{
	return kind == S_BLOB ? 1 : kind == S_I32 ? 4 : 8;
}

/* FNV-1a 64 over the header with the checksum field (bytes 64..71) read as zero. Version 1
 * files began from a mistyped offset basis (the last digit of FNV's 14695981039346656037
 * dropped); they are still read, with that basis. */
#define FNV_BASIS 14695981039346656037ULL
#define FNV_BASIS_V1 1469598103934665603ULL

static uint64_t checksum(const unsigned char *h, uint64_t basis)
{
	uint64_t x = basis;
	for (int i = 0; i < HEADER_LEN; i++)
		x = (x ^ (i >= 64 && i < 72 ? 0 : h[i])) * 1099511628211ULL;
	return x;
}

static void put64(unsigned char *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint64_t get64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static const void *field_ptr(const plenum_economy *e, int s)
{
	const void *p;
	memcpy(&p, (const char *)e + sections[s].field, sizeof p);
	return p;
}

/* ---- writing ---- */

static void layout(const plenum_economy *e, bin_head *h)
{
	int64_t counts[5] = {e->np, e->nt, e->na, plenum_economy_inputs(e),
	                     e->nt ? e->em.p[e->nt] : 0};
	memcpy(h->counts, counts, sizeof counts);
	uint64_t at = HEADER_LEN;
	for (int s = 0; s < NSECT; s++) {
		int64_t n = count_of(counts, sections[s].count);
		if (sections[s].kind == S_BLOB) {
			ec_names names = {field_ptr(e, s), field_ptr(e, s + 1)};
			h->len[s] = (uint64_t)io_names_len(names, n);
		} else {
			h->len[s] = (uint64_t)n * elem_size(sections[s].kind);
		}
		at = (at + 7) & ~(uint64_t)7;
		h->off[s] = at;
		at += h->len[s];
	}
	h->file_size = at;
}

static void encode(const bin_head *h, unsigned char *b)
{
	memset(b, 0, HEADER_LEN);
	memcpy(b, BIN_MAGIC, 8);
	uint32_t v[2] = {BIN_VERSION, (uint32_t)NSECT};
	memcpy(b + 8, v, 8);
	put64(b + 16, h->file_size);
	for (int k = 0; k < 5; k++)
		put64(b + 24 + 8 * k, (uint64_t)h->counts[k]);
	for (int s = 0; s < NSECT; s++) {
		put64(b + BIN_FIXED + 16 * s, h->off[s]);
		put64(b + BIN_FIXED + 16 * s + 8, h->len[s]);
	}
	put64(b + 64, checksum(b, FNV_BASIS));
}

static void put_sections(const plenum_economy *e, const bin_head *h, io_out *f)
{
	static const char zeros[8];
	uint64_t at = HEADER_LEN;
	for (int s = 0; s < NSECT; s++) {
		io_out_put(f, zeros, (size_t)(h->off[s] - at));
		io_out_put(f, field_ptr(e, s), (size_t)h->len[s]);
		at = h->off[s] + h->len[s];
	}
}

int plenum_economy_write_binary(const plenum_economy *e, const char *path, plenum_diag *d)
{
	bin_head h;
	unsigned char head[HEADER_LEN];
	io_out o;
	if (d)
		d->message[0] = '\0';
	if (!little_endian())
		return ut_fail(d, PLENUM_EUNSUPPORTED, "%s: the binary format is little-endian and "
		               "this machine is not: write an economy directory instead", path);
	if (e->lunit)
		return ut_fail(d, PLENUM_EUNSUPPORTED, "%s: the binary format counts labour in hours "
		               "and this economy's is in %s: write an economy directory instead",
		               path, e->lunit);
	if (e->lname)
		ut_warn(d, 0, "%s: the binary format keeps no name of labour: '%s' is left out "
		        "(labour is hours)", path, e->lname);
	layout(e, &h);
	encode(&h, head);
	int rc = io_out_open(&o, path, d);
	if (rc)
		return rc;
	io_out_put(&o, head, sizeof head);
	put_sections(e, &h, &o);
	rc = io_out_close(&o, d);
	if (!rc)
		rc = io_out_commit(&o, d);
	io_out_abort(&o);
	return rc;
}

/* ---- reading ---- */

typedef struct bin_in {
	const char *path;
	const unsigned char *base;
	uint64_t size;
	bin_head h;
	plenum_diag *d;
} bin_in;

static int corrupt(bin_in *b, const char *what)
{
	return ut_fail(b->d, PLENUM_EFORMAT, "%s: corrupt binary economy (%s): write it again "
	               "with 'plenum gen --binary' or from its economy directory", b->path, what);
}

static int check_header(bin_in *b)
{
	const unsigned char *p = b->base;
	uint32_t v[2];
	if (b->size < BIN_FIXED || memcmp(p, BIN_MAGIC, 8) != 0)
		return ut_fail(b->d, PLENUM_EFORMAT, "%s: not a plenum binary economy (no "
		               "'" BIN_MAGIC "' at the start): give an economy directory or a binary "
		               "economy file", b->path);
	memcpy(v, p + 8, 8);
	if (v[0] != BIN_VERSION && v[0] != 1)
		return ut_fail(b->d, PLENUM_EUNSUPPORTED, "%s: binary economy version %u, this "
		               "plenum reads versions 1 and %u: use a matching plenum", b->path, v[0],
		               BIN_VERSION);
	if (v[1] != (uint32_t)NSECT || b->size < HEADER_LEN)
		return corrupt(b, "header too short");
	if (get64(p + 64) != checksum(p, v[0] == 1 ? FNV_BASIS_V1 : FNV_BASIS))
		return corrupt(b, "header checksum mismatch");
	b->h.file_size = get64(p + 16);
	if (b->h.file_size != b->size)
		return ut_fail(b->d, PLENUM_EFORMAT, "%s: truncated or extended binary economy: "
		               "the header says %llu bytes, the file has %llu: write it again",
		               b->path, (unsigned long long)b->h.file_size,
		               (unsigned long long)b->size);
	for (int k = 0; k < 5; k++)
		b->h.counts[k] = (int64_t)get64(p + 24 + 8 * k);
	return PLENUM_OK;
}

static int check_counts(bin_in *b)
{
	const int64_t *c = b->h.counts;
	for (int k = 0; k < 5; k++)
		if (c[k] < 0 || (uint64_t)c[k] > b->size)
			return corrupt(b, "impossible counts");
	if (c[0] > INT32_MAX || c[2] > INT32_MAX)
		return corrupt(b, "more than 2^31 products or accounts");
	return PLENUM_OK;
}

/* Each section lies inside the file, aligned, with the length its count asks for. */
static int check_sections(bin_in *b)
{
	for (int s = 0; s < NSECT; s++) {
		uint64_t off = get64(b->base + BIN_FIXED + 16 * s);
		uint64_t len = get64(b->base + BIN_FIXED + 16 * s + 8);
		uint64_t n = (uint64_t)count_of(b->h.counts, sections[s].count);
		b->h.off[s] = off;
		b->h.len[s] = len;
		if (off % 8 || off < HEADER_LEN || off > b->size || len > b->size - off)
			return corrupt(b, sections[s].name);
		if (sections[s].kind != S_BLOB && len != n * elem_size(sections[s].kind))
			return corrupt(b, sections[s].name);
	}
	return PLENUM_OK;
}

static const void *at(const bin_in *b, int s)
{
	return b->base + b->h.off[s];
}

/* Strings: the blob ends in NUL, is UTF-8, and every offset points inside it. */
static int check_names(bin_in *b, int s)
{
	int64_t n = count_of(b->h.counts, sections[s].count);
	uint64_t len = b->h.len[s];
	const char *blob = at(b, s);
	const int64_t *off = at(b, s + 1);
	if (n && (len == 0 || blob[len - 1] != '\0'))
		return corrupt(b, sections[s].name);
	if (!ut_utf8_valid(blob, (size_t)len)) /* --json would print it as it is */
		return corrupt(b, sections[s].name);
	for (int64_t i = 0; i < n; i++)
		if (off[i] < 0 || (uint64_t)off[i] >= len)
			return corrupt(b, sections[s + 1].name);
	return PLENUM_OK;
}

/* Sorts n 64-bit values by LSD radix, 16 bits a pass (the keys' hashes: qsort took most of
 * the reading time of a 10^6-product file). */
static int radix_sort(uint64_t *v, int64_t n)
{
	uint64_t *tmp = ut_mallocarray((size_t)n + 1, sizeof *tmp);
	size_t *count = ut_calloc(1u << 16, sizeof *count);
	if (!tmp || !count) {
		ut_free(tmp);
		ut_free(count);
		return PLENUM_ENOMEM;
	}
	for (int shift = 0; shift < 64; shift += 16) {
		memset(count, 0, (1u << 16) * sizeof *count);
		for (int64_t i = 0; i < n; i++)
			count[v[i] >> shift & 0xFFFF]++;
		for (size_t b = 0, sum = 0; b < 1u << 16; b++) {
			size_t c = count[b];
			count[b] = sum;
			sum += c;
		}
		for (int64_t i = 0; i < n; i++)
			tmp[count[v[i] >> shift & 0xFFFF]++] = v[i];
		memcpy(v, tmp, (size_t)n * sizeof *v);
	}
	ut_free(tmp);
	ut_free(count);
	return PLENUM_OK;
}

static uint64_t key_hash(const char *key)
{
	return ut_hash(key, strlen(key));
}

/* Two keys with hash h: which are they, and are they the same string? (Rare: only when
 * sorted hashes meet.) */
static int same_key(bin_in *b, int s, int64_t n, uint64_t h)
{
	const char *blob = at(b, s);
	const int64_t *off = at(b, s + 1);
	for (int64_t i = 0; i < n; i++) {
		if (key_hash(blob + off[i]) != h)
			continue;
		for (int64_t j = i + 1; j < n; j++)
			if (strcmp(blob + off[i], blob + off[j]) == 0)
				return ut_fail(b->d, PLENUM_EDUPLICATE, "%s: corrupt binary economy (%s: "
				               "'%s' is numbers %lld and %lld): write it again", b->path,
				               sections[s].name, blob + off[i], (long long)i + 1,
				               (long long)j + 1);
	}
	return PLENUM_OK; /* a collision of different keys */
}

/* Keys (products, techniques, accounts) are not empty and not repeated, as the CSV reader
 * has them: by their hashes sorted, 8 bytes a key for the time of the check. */
static int check_keys(bin_in *b, int s)
{
	int64_t n = count_of(b->h.counts, sections[s].count);
	const char *blob = at(b, s);
	const int64_t *off = at(b, s + 1);
	uint64_t *h = ut_mallocarray((size_t)n + 1, sizeof *h);
	int rc = h ? PLENUM_OK : PLENUM_ENOMEM;
	for (int64_t i = 0; i < n && !rc; i++) {
		const char *key = blob + off[i];
		if (!*key || (s == 10 && (strcmp(key, "product") == 0 || strcmp(key, "labour") == 0)))
			rc = ut_fail(b->d, PLENUM_EFORMAT, "%s: corrupt binary economy (%s: number "
			             "%lld is '%s', which no reader takes): write it again", b->path,
			             sections[s].name, (long long)i + 1, key);
		h[i] = key_hash(blob + off[i]);
	}
	if (!rc)
		rc = radix_sort(h, n);
	for (int64_t i = 1; i < n && !rc; i++)
		if (h[i] == h[i - 1] && (i < 2 || h[i - 2] != h[i]))
			rc = same_key(b, s, n, h[i]);
	ut_free(h);
	if (rc == PLENUM_ENOMEM)
		ut_fail(b->d, rc, "%s: out of memory checking the keys", b->path);
	return rc;
}

/* Row starts run from 0 to nnz without falling; indices lie in [0, ncol) and none is twice
 * in a row (a product twice in a technique's inputs, which the CSV reader refuses, read here
 * and was written back as a directory that no reader took: seen marks each index with the
 * last row it was in; rows keep the order of the file they came from, so they need not be
 * sorted); the quantities are finite (a NaN input read here, and its economy could not be
 * written as CSV). */
static int check_rows(bin_in *b, int s, int64_t ncol)
{
	int64_t nt = b->h.counts[1], nnz = count_of(b->h.counts, sections[s + 1].count);
	const int64_t *p = at(b, s);
	const int32_t *idx = at(b, s + 1);
	const double *x = at(b, s + 2);
	if (p[0] != 0 || p[nt] != nnz)
		return corrupt(b, sections[s].name);
	int64_t *seen = ut_mallocarray((size_t)ncol + 1, sizeof *seen);
	if (!seen)
		return ut_fail(b->d, PLENUM_ENOMEM, "%s: out of memory checking the %s", b->path,
		               sections[s + 1].name);
	for (int64_t j = 0; j < ncol; j++)
		seen[j] = -1;
	int rc = PLENUM_OK;
	for (int64_t t = 0; t < nt && !rc; t++) {
		if (p[t] > p[t + 1])
			rc = corrupt(b, sections[s].name);
		for (int64_t k = p[t]; k < p[t + 1] && !rc; k++)
			if (idx[k] < 0 || idx[k] >= ncol || seen[idx[k]] == t)
				rc = corrupt(b, sections[s + 1].name);
			else
				seen[idx[k]] = t;
	}
	ut_free(seen);
	for (int64_t k = 0; k < nnz && !rc; k++)
		if (!isfinite(x[k]))
			rc = corrupt(b, sections[s + 2].name);
	return rc;
}

static int check_techniques(bin_in *b)
{
	int64_t nt = b->h.counts[1], np = b->h.counts[0];
	const int32_t *tprod = at(b, 16);
	const double *tout = at(b, 17), *tlab = at(b, 18), *tcap = at(b, 19);
	for (int64_t t = 0; t < nt; t++) {
		if (tprod[t] < 0 || tprod[t] >= np)
			return corrupt(b, sections[16].name);
		if (!(tout[t] > 0) || !isfinite(tout[t]) || !(tlab[t] >= 0) || !isfinite(tlab[t]) ||
		    !(tcap[t] >= 0))
			return corrupt(b, "technique values out of range");
	}
	return PLENUM_OK;
}

/* Account caps are >= 0 (+infinity: none), demand finite: as the CSV reader has them. */
static int check_accounts_demand(bin_in *b)
{
	const double *cap = at(b, 26), *demand = at(b, 27);
	for (int64_t a = 0; a < b->h.counts[2]; a++)
		if (!(cap[a] >= 0))
			return corrupt(b, "account caps");
	for (int64_t j = 0; j < b->h.counts[0]; j++)
		if (!isfinite(demand[j]))
			return corrupt(b, "final demand");
	return PLENUM_OK;
}

static int check_body(bin_in *b)
{
	int rc = PLENUM_OK;
	for (int s = 0; s < NSECT && !rc; s++)
		if (sections[s].kind == S_BLOB)
			rc = check_names(b, s);
	for (int s = 0; s <= 10 && !rc; s += s == 0 ? 8 : 2) /* product, technique, account keys */
		rc = check_keys(b, s);
	if (!rc && b->h.counts[0] == 0)
		rc = ut_fail(b->d, PLENUM_EFORMAT, "%s: a binary economy without products: write "
		             "one with at least one", b->path);
	if (!rc)
		rc = check_rows(b, 20, b->h.counts[0]);
	if (!rc)
		rc = check_rows(b, 23, b->h.counts[2]);
	if (!rc)
		rc = check_techniques(b);
	if (!rc)
		rc = check_accounts_demand(b);
	return rc;
}

static void point(plenum_economy *e, const bin_in *b)
{
	e->np = b->h.counts[0];
	e->nt = b->h.counts[1];
	e->na = b->h.counts[2];
	for (int s = 0; s < NSECT; s++) {
		const void *p = at(b, s);
		memcpy((char *)e + sections[s].field, &p, sizeof p);
	}
}

static int map_file(bin_in *b)
{
	int fd = open(b->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return ut_fail(b->d, errno == ENOENT ? PLENUM_ENOTFOUND : PLENUM_EIO, "%s: cannot "
		               "open (%s): check the path", b->path, strerror(errno));
	if (fstat(fd, &st) != 0 || st.st_size == 0) {
		close(fd);
		return ut_fail(b->d, PLENUM_EFORMAT, "%s: empty file: not a binary economy", b->path);
	}
	b->size = (uint64_t)st.st_size;
	void *m = mmap(NULL, (size_t)b->size, PROT_READ, MAP_PRIVATE, fd, 0);
	int err = errno;
	close(fd);
	if (m == MAP_FAILED)
		return ut_fail(b->d, PLENUM_EIO, "%s: cannot map (%s)", b->path, strerror(err));
	b->base = m;
	return PLENUM_OK;
}

int plenum_economy_read_binary(const char *path, plenum_economy **out, plenum_diag *d)
{
	bin_in b = {.path = path, .d = d};
	*out = NULL;
	if (d)
		d->message[0] = '\0';
	if (!little_endian())
		return ut_fail(d, PLENUM_EUNSUPPORTED, "%s: the binary format is little-endian and "
		               "this machine is not: read the economy directory instead", path);
	int rc = map_file(&b);
	if (rc)
		return rc;
	rc = check_header(&b);
	if (!rc)
		rc = check_counts(&b);
	if (!rc)
		rc = check_sections(&b);
	if (!rc)
		rc = check_body(&b);
	plenum_economy *e = rc ? NULL : ec_new();
	if (!rc && !e)
		rc = ut_fail(d, PLENUM_ENOMEM, "%s: out of memory", path);
	if (rc) {
		munmap((void *)b.base, (size_t)b.size);
		return rc;
	}
	point(e, &b);
	e->map = (void *)b.base;
	e->map_len = (size_t)b.size;
	*out = e;
	return PLENUM_OK;
}
