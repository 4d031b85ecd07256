/* The append-only, hash-chained event log: appending and verifying (BLAKE2b-256, libsodium). */
#include <sodium.h>
#include <string.h>
#include "store/st_int.h"

void st_hex(const unsigned char *bytes, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t k = 0; k < n; k++) {
		out[2 * k] = digits[bytes[k] >> 4];
		out[2 * k + 1] = digits[bytes[k] & 15];
	}
	out[2 * n] = 0;
}

static void put64(crypto_generichash_state *h, int64_t v)
{
	unsigned char b[8];
	uint64_t u = (uint64_t)v;
	for (int k = 0; k < 8; k++)
		b[k] = (unsigned char)(u >> (8 * k));
	crypto_generichash_update(h, b, 8);
}

static void put_text(crypto_generichash_state *h, const char *s)
{
	size_t n = strlen(s);
	put64(h, (int64_t)n);
	crypto_generichash_update(h, (const unsigned char *)s, n);
}

/* hash = BLAKE2b-256(prev || seq || at || actor || council || kind || content) */
void st_event_hash(const unsigned char prev[32], int64_t seq, int64_t at, int64_t actor,
                   int64_t council, const char *kind, const char *content,
                   unsigned char hash[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, prev, 32);
	put64(&h, seq);
	put64(&h, at);
	put64(&h, actor);
	put64(&h, council);
	put_text(&h, kind);
	put_text(&h, content);
	crypto_generichash_final(&h, hash, 32);
}

/* The last event's seq and hash (zeros before the first event). */
static int last_event(st_conn *c, int64_t *seq, unsigned char prev[32], plenum_diag *d)
{
	st_stmt *s;
	int rc = st_query_run(c, ST_Q_event_last, &s, d, "");
	if (rc)
		return rc;
	*seq = 0;
	memset(prev, 0, 32);
	int r = st_next(s, d);
	if (r < 0)
		return -r;
	if (r == 1) {
		size_t n;
		const void *h = st_blob(s, 1, &n);
		*seq = st_int(s, 0);
		if (n == 32)
			memcpy(prev, h, 32);
		st_done(s);
	}
	return PLENUM_OK;
}

int st_event_append(st_conn *c, int64_t at, int64_t actor, int64_t council, const char *kind,
                    const char *content, plenum_diag *d)
{
	int64_t seq;
	unsigned char prev[32], hash[32];
	int rc = last_event(c, &seq, prev, d);
	if (rc)
		return rc;
	seq++;
	st_event_hash(prev, seq, at, actor, council, kind, content, hash);
	return st_query_run(c, ST_Q_event_insert, NULL, d, "iiiittbb", seq, at, actor, council, kind,
	                    content, (const void *)prev, (size_t)32, (const void *)hash, (size_t)32);
}

/* Checks one event against the previous hash; 0 when it matches. */
static int check_event(st_stmt *s, int64_t expect_seq, const unsigned char prev[32],
                       unsigned char hash[32], plenum_diag *d)
{
	size_t np, nh;
	int64_t seq = st_int(s, 0);
	const void *p = st_blob(s, 6, &np);
	if (seq != expect_seq)
		return ut_fail(d, 1, "event %lld: expected event %lld next: an event was removed",
		               (long long)seq, (long long)expect_seq);
	if (np != 32 || memcmp(p, prev, 32) != 0)
		return ut_fail(d, 1, "event %lld: its prev does not match the hash of the event "
		               "before it", (long long)seq);
	st_event_hash(prev, seq, st_int(s, 1), st_int(s, 2), st_int(s, 3), st_text(s, 4),
	              st_text(s, 5), hash);
	const void *h = st_blob(s, 7, &nh);
	if (nh != 32 || memcmp(h, hash, 32) != 0)
		return ut_fail(d, 1, "event %lld: its content does not match its hash: it was "
		               "changed after it was written", (long long)seq);
	return 0;
}

int st_event_verify(st_conn *c, int64_t *first_bad, int64_t *count, plenum_diag *d)
{
	st_stmt *s;
	unsigned char prev[32] = {0}, hash[32];
	*first_bad = 0;
	*count = 0;
	int rc = st_query_run(c, ST_Q_event_all, &s, d, "");
	if (rc)
		return rc;
	int r;
	while ((r = st_next(s, d)) == 1) {
		++*count;
		if (!*first_bad && check_event(s, *count, prev, hash, d))
			*first_bad = st_int(s, 0);
		memcpy(prev, hash, 32);
	}
	return r < 0 ? -r : PLENUM_OK;
}
