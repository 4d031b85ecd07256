/* A string-to-index map with open addressing and linear probing; keys are borrowed. And an
 * index of a string pool the same way, holding pool indices, so that the pool may grow. */
#include <string.h>
#include "util/util.h"

/* FNV-1a, 64-bit. */
uint64_t ut_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static int64_t slot(const ut_map *m, const char *key)
{
	uint64_t mask = (uint64_t)m->cap - 1;
	uint64_t i = ut_hash(key, strlen(key)) & mask;
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & mask;
	return (int64_t)i;
}

static int grow(ut_map *m)
{
	int64_t cap = m->cap ? m->cap * 2 : 64;
	ut_map n = {ut_calloc((size_t)cap, sizeof(char *)), ut_mallocarray((size_t)cap, sizeof(int64_t)),
	            0, cap};
	if (!n.keys || !n.vals) {
		ut_free(n.keys);
		ut_free(n.vals);
		return PLENUM_ENOMEM;
	}
	for (int64_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		int64_t s = slot(&n, m->keys[i]);
		n.keys[s] = m->keys[i];
		n.vals[s] = m->vals[i];
		n.count++;
	}
	ut_map_free(m);
	*m = n;
	return PLENUM_OK;
}

int ut_map_put(ut_map *m, const char *key, int64_t val, int64_t *old)
{
	if ((m->count + 1) * 4 > m->cap * 3 && grow(m))
		return PLENUM_ENOMEM;
	int64_t s = slot(m, key);
	if (m->keys[s]) {
		if (old)
			*old = m->vals[s];
		return PLENUM_EDUPLICATE;
	}
	m->keys[s] = key;
	m->vals[s] = val;
	m->count++;
	return PLENUM_OK;
}

int64_t ut_map_get(const ut_map *m, const char *key)
{
	if (!m->cap)
		return -1;
	int64_t s = slot(m, key);
	return m->keys[s] ? m->vals[s] : -1;
}

void ut_map_free(ut_map *m)
{
	ut_free(m->keys);
	ut_free(m->vals);
	memset(m, 0, sizeof *m);
}

/* ---- an index of a string pool ---- */

/* Where s (n bytes) is in x, or the empty slot where it would go; x->cap > 0. */
static int64_t index_slot(const ut_strindex *x, const ut_strpool *p, const char *s, size_t n)
{
	uint64_t mask = (uint64_t)x->cap - 1;
	uint64_t i = ut_hash(s, n) & mask;
	while (x->slot[i] && strcmp(ut_strpool_get(p, x->slot[i] - 1), s) != 0)
		i = (i + 1) & mask;
	return (int64_t)i;
}

/* Moves the indexed strings into cap slots, hashed again from the pool: the slots keep no
 * hash, which would double their size. They are distinct, so each goes to the first empty
 * slot of its probe without comparing strings. */
static int index_resize(ut_strindex *x, const ut_strpool *p, int64_t cap)
{
	ut_strindex n = {ut_calloc((size_t)cap, sizeof(int64_t)), cap, x->count};
	if (!n.slot)
		return PLENUM_ENOMEM;
	uint64_t mask = (uint64_t)cap - 1;
	for (int64_t k = 0; k < x->cap; k++) {
		if (!x->slot[k])
			continue;
		const char *s = ut_strpool_get(p, x->slot[k] - 1);
		uint64_t i = ut_hash(s, strlen(s)) & mask;
		while (n.slot[i])
			i = (i + 1) & mask;
		n.slot[i] = x->slot[k];
	}
	ut_free(x->slot);
	*x = n;
	return PLENUM_OK;
}

int64_t ut_strindex_find(const ut_strindex *x, const ut_strpool *p, const char *s)
{
	if (!x->cap)
		return -1;
	return x->slot[index_slot(x, p, s, strlen(s))] - 1;
}

int ut_strindex_add(ut_strindex *x, const ut_strpool *p, int64_t i)
{
	/* at most half full: probes stay short even for the strings that are absent */
	if ((x->count + 1) * 2 > x->cap && index_resize(x, p, x->cap ? x->cap * 2 : 64))
		return PLENUM_ENOMEM;
	const char *s = ut_strpool_get(p, i);
	int64_t k = index_slot(x, p, s, strlen(s));
	if (!x->slot[k]) {
		x->slot[k] = i + 1;
		x->count++;
	}
	return PLENUM_OK;
}

int ut_strindex_build(ut_strindex *x, const ut_strpool *p)
{
	/* sized once for all of p, so that the adds do not rehash */
	int64_t cap = x->cap ? x->cap : 64;
	while (cap < (x->count + p->count) * 2)
		cap *= 2;
	int rc = cap > x->cap ? index_resize(x, p, cap) : PLENUM_OK;
	for (int64_t k = 0; k < p->count && !rc; k++)
		rc = ut_strindex_add(x, p, k);
	return rc;
}

void ut_strindex_free(ut_strindex *x)
{
	ut_free(x->slot);
	memset(x, 0, sizeof *x);
}
