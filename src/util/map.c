/* A string-to-index map with open addressing and linear probing; keys are borrowed. */
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
