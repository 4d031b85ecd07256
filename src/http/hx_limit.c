/* Login rate limiting: for each key (an email, a client address) the times of its recent
 * failed attempts, a sliding window: a key with max failures inside the window waits until
 * the oldest of them leaves it. A fixed table, probed from a keyed hash (SipHash with a
 * random key per limiter, so that nobody can choose keys that land on another's slot);
 * slots whose failures all left are reused. */
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include "http/http.h"
#include "util/util.h"

enum { SLOTS = 4096, KEY_MAX = 200, RING_MAX = 64 };

typedef struct slot {
	char key[KEY_MAX];
	double at[RING_MAX]; /* failure times, a ring of length max */
	int n, head;         /* stored failures, next position */
} slot;

struct hx_limiter {
	pthread_mutex_t lock;
	unsigned char hkey[crypto_shorthash_KEYBYTES];
	int max;
	double window;
	slot *slots; /* length SLOTS */
};

hx_limiter *hx_limiter_new(int max, int window)
{
	hx_limiter *l = ut_calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->slots = ut_calloc(SLOTS, sizeof *l->slots);
	if (!l->slots) {
		ut_free(l);
		return NULL;
	}
	pthread_mutex_init(&l->lock, NULL);
	randombytes_buf(l->hkey, sizeof l->hkey);
	l->max = max < RING_MAX ? max : RING_MAX;
	l->window = window;
	return l;
}

void hx_limiter_free(hx_limiter *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->lock);
	ut_free(l->slots);
	ut_free(l);
}

/* Drops failures older than the window. */
static void expire(const hx_limiter *l, slot *s, double now)
{
	while (s->n > 0) {
		int oldest = (s->head - s->n + l->max) % l->max;
		if (now - s->at[oldest] < l->window)
			break;
		s->n--;
	}
}

/* The slot of key (linear probing); when create, a free or expired one, else in a crowded
 * table the probed slot with the fewest failures that is not itself limited (a limited key
 * is never forgotten early). NULL when absent (or, creating, when every probe is limited:
 * then the key counts as limited too, rather than evicting one). */
static slot *find(hx_limiter *l, const char *key, double now, int create)
{
	uint64_t h;
	crypto_shorthash((unsigned char *)&h, (const unsigned char *)key, strlen(key), l->hkey);
	slot *spare = NULL, *least = NULL;
	for (int k = 0; k < 32; k++) {
		slot *s = &l->slots[(h + (uint64_t)k) % SLOTS];
		expire(l, s, now);
		if (s->n > 0 && strcmp(s->key, key) == 0)
			return s;
		if (s->n == 0 && !spare)
			spare = s;
		if (s->n > 0 && s->n < l->max && (!least || s->n < least->n))
			least = s;
	}
	if (!create)
		return NULL;
	if (!spare)
		spare = least;
	if (!spare)
		return NULL;
	memset(spare, 0, sizeof *spare);
	snprintf(spare->key, sizeof spare->key, "%s", key);
	return spare;
}

/* Whether every slot key (absent) could take is held by a limited key. */
static int crowded(hx_limiter *l, const char *key, double now)
{
	uint64_t h;
	crypto_shorthash((unsigned char *)&h, (const unsigned char *)key, strlen(key), l->hkey);
	for (int k = 0; k < 32; k++) {
		slot *s = &l->slots[(h + (uint64_t)k) % SLOTS];
		expire(l, s, now);
		if (s->n < l->max)
			return 0;
	}
	return 1;
}

int hx_limiter_wait(hx_limiter *l, const char *key, double now)
{
	pthread_mutex_lock(&l->lock);
	slot *s = find(l, key, now, 0);
	int wait = 0;
	if (s && s->n >= l->max) {
		int oldest = (s->head - s->n + l->max) % l->max;
		wait = (int)(l->window - (now - s->at[oldest])) + 1;
	} else if (!s && crowded(l, key, now)) {
		wait = (int)l->window;
	}
	pthread_mutex_unlock(&l->lock);
	return wait;
}

void hx_limiter_fail(hx_limiter *l, const char *key, double now)
{
	pthread_mutex_lock(&l->lock);
	slot *s = find(l, key, now, 1);
	if (!s) { /* crowded: hx_limiter_wait refuses the key already */
		pthread_mutex_unlock(&l->lock);
		return;
	}
	s->at[s->head] = now;
	s->head = (s->head + 1) % l->max;
	if (s->n < l->max)
		s->n++;
	pthread_mutex_unlock(&l->lock);
}
