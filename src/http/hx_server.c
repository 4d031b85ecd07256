/* The server: libmicrohttpd with its thread pool, one database handle per pool thread, and a
 * graceful stop on SIGTERM (stop accepting, let requests in flight finish, close the store). */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "http/http.h"
#include "http/server.h"
#include "util/util.h"

/* Every handle opened by a pool thread, closed after the pool has stopped. */
typedef struct db_entry {
	plenum_db *db;
	struct db_entry *next;
} db_entry;

static _Thread_local plenum_db *thread_db;
static _Thread_local hx_server *thread_db_owner;

plenum_db *hx_db(hx_server *s, plenum_diag *d)
{
	if (thread_db && thread_db_owner == s)
		return thread_db;
	db_entry *e = ut_calloc(1, sizeof *e);
	if (!e)
		return NULL;
	if (plenum_db_open(s->opts.db_path, &e->db, d) != PLENUM_OK) {
		ut_free(e);
		return NULL;
	}
	pthread_mutex_lock(&s->lock);
	e->next = s->dbs;
	s->dbs = e;
	pthread_mutex_unlock(&s->lock);
	thread_db = e->db;
	thread_db_owner = s;
	return e->db;
}

const hx_options *hx_opts(const hx_server *s)
{
	return &s->opts;
}

hx_jobs *hx_server_jobs(hx_server *s)
{
	return s->jobs;
}

static void close_dbs(hx_server *s)
{
	while (s->dbs) {
		db_entry *e = s->dbs;
		s->dbs = e->next;
		plenum_db_close(e->db);
		ut_free(e);
	}
}

/* Counts requests from their first byte to their completion, for the graceful stop. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	hx_server *s = cls;
	hx_conn_free(*con_cls);
	*con_cls = NULL;
	atomic_fetch_sub(&s->inflight, 1);
}

static int parse_addr(const hx_options *o, struct sockaddr_storage *ss, unsigned *flags)
{
	memset(ss, 0, sizeof *ss);
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, o->bind, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)o->port);
		return 1;
	}
	if (inet_pton(AF_INET6, o->bind, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)o->port);
		*flags |= MHD_USE_IPv6;
		return 1;
	}
	return 0;
}

/* The whole of a PEM file (small) as a string; NULL after printing why. */
static char *read_pem(const char *opt, const char *path)
{
	FILE *f = fopen(path, "rb");
	enum { PEM_MAX = 1 << 20 };
	char *text = f ? ut_malloc(PEM_MAX + 1) : NULL;
	size_t n = text ? fread(text, 1, PEM_MAX + 1, f) : 0;
	int bad = !f || !text || ferror(f) || n == 0 || n > PEM_MAX;
	if (f)
		fclose(f);
	if (bad) {
		fprintf(stderr, "plenum serve: %s %s: %s: give a readable PEM file\n", opt, path,
		        !f ? strerror(errno) : n > PEM_MAX ? "larger than 1 MiB" : "empty");
		ut_free(text);
		return NULL;
	}
	text[n] = 0;
	return text;
}

/* HTTPS when --tls-cert and --tls-key are given (libmicrohttpd with GnuTLS). */
static int tls_init(hx_server *s)
{
	const hx_options *o = &s->opts;
	if (!o->tls_cert && !o->tls_key)
		return 1;
	if (!o->tls_cert || !o->tls_key) {
		fprintf(stderr, "plenum serve: --tls-cert and --tls-key go together: give both\n");
		return 0;
	}
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		fprintf(stderr, "plenum serve: this libmicrohttpd has no TLS: install one built with "
		                "GnuTLS, or serve behind a TLS proxy with --tls-proxy\n");
		return 0;
	}
	s->tls_cert = read_pem("--tls-cert", o->tls_cert);
	s->tls_key = s->tls_cert ? read_pem("--tls-key", o->tls_key) : NULL;
	return s->tls_key != NULL;
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The path's and the query's %XX escapes, decoded in place, but for %00: a C string ends at
 * a NUL, so "/api/councils/1%00x" would be read as council 1. It stays as the three
 * characters it is, and the route or the value it is part of is then refused as such. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls, (void)c;
	char *w = s;
	for (const char *r = s; *r; ) {
		int hi = *r == '%' ? hex_digit(r[1]) : -1, lo = hi >= 0 ? hex_digit(r[2]) : -1;
		if (lo >= 0 && (hi | lo)) {
			*w++ = (char)(hi << 4 | lo);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = 0;
	return (size_t)(w - s);
}

enum { PER_ADDRESS = 64 }; /* connections one client address may hold at once */

/* libmicrohttpd's own messages (a client gone mid-request, a request too large), at most
 * one a second with a count of those left out: each bad request wrote ~220 bytes to the
 * log, so anyone could fill the operator's disk. */
static void mhd_log(void *cls, const char *fmt, va_list ap) UT_PRINTF(2, 0);
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static double last;
	static long held;
	(void)cls;
	pthread_mutex_lock(&lock);
	double now = ut_now();
	if (now - last >= 1.0) {
		if (held)
			fprintf(stderr, "plenum serve: (%ld more messages of libmicrohttpd left out)\n",
			        held);
		fputs("plenum serve: ", stderr);
		vfprintf(stderr, fmt, ap);
		last = now, held = 0;
	} else {
		held++;
	}
	pthread_mutex_unlock(&lock);
}

static struct MHD_Daemon *start_daemon(hx_server *s)
{
	struct sockaddr_storage ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (!parse_addr(&s->opts, &ss, &flags)) {
		fprintf(stderr, "plenum serve: --bind %s is not an IPv4 or IPv6 address: give one "
		                "such as 127.0.0.1\n", s->opts.bind);
		return NULL;
	}
	if (s->tls_cert)
		flags |= MHD_USE_TLS;
	/* Without TLS the key options are skipped: MHD_OPTION_END ends the list there. */
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, (uint16_t)s->opts.port, NULL, NULL, hx_on_request, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* first: it said so on every start */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->opts.threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
		/* One address may not hold every connection (a client trickling its headers keeps
		 * each open); behind --tls-proxy every client has the proxy's address, and the
		 * proxy, which reads whole requests before passing them on, is the guard. */
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(s->opts.tls_proxy ? 0 : PER_ADDRESS),
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		s->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, s->tls_cert,
		MHD_OPTION_HTTPS_MEM_KEY, s->tls_key, MHD_OPTION_END);
	if (!d && s->tls_cert)
		fprintf(stderr, "plenum serve: cannot start HTTPS on %s:%d: check that --tls-cert "
		                "and --tls-key are a matching PEM certificate and key, and the "
		                "port is free\n", s->opts.bind, s->opts.port);
	else if (!d)
		fprintf(stderr, "plenum serve: cannot listen on %s:%d (%s): choose another --port "
		                "or stop what holds it\n", s->opts.bind, s->opts.port, strerror(errno));
	return d;
}

static int bound_port(struct MHD_Daemon *d)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	return i ? i->port : 0;
}

static void announce(hx_server *s, int port)
{
	const char *host = s->opts.bind, *scheme = s->tls_cert ? "https" : "http";
	if (strchr(host, ':'))
		printf("plenum serve: listening on %s://[%s]:%d/ (database %s)\n", scheme, host,
		       port, s->opts.db_path);
	else
		printf("plenum serve: listening on %s://%s:%d/ (database %s)\n", scheme, host, port,
		       s->opts.db_path);
	fflush(stdout);
	if (!s->opts.port_file)
		return;
	ut_wfile w; /* whole or not at all: a test reading it never sees half a number */
	if (ut_wfile_open(&w, s->opts.port_file, NULL) == PLENUM_OK &&
	    ut_wfile_close(&w, dprintf(w.fd, "%d\n", port) < 0 ? EIO : 0, NULL) == PLENUM_OK)
		ut_wfile_commit(&w, NULL);
}

/* Closes motions whose closing time has passed, from the main thread's own handle. */
static void close_due(plenum_db *db)
{
	plenum_diag d = {0};
	int64_t n = 0;
	if (db && plenum_motion_close_due(db, &n, &d) != PLENUM_OK)
		fprintf(stderr, "plenum serve: closing due motions: %s\n", d.message);
}

/* Waits for SIGTERM or SIGINT, closing due motions every 15 seconds meanwhile. */
static int wait_signal(const sigset_t *set, plenum_db *db)
{
	for (;;) {
		struct timespec ts = {15, 0};
		int sig = sigtimedwait(set, NULL, &ts);
		if (sig == SIGTERM || sig == SIGINT)
			return sig;
		if (sig < 0 && errno == EAGAIN)
			close_due(db);
	}
}

/* Stop accepting, let requests in flight finish (at most 30 s), then stop the pool. */
static void graceful_stop(hx_server *s, struct MHD_Daemon *d)
{
	atomic_store(&s->stopping, 1); /* no client sends another request on a kept-alive one */
	MHD_socket fd = MHD_quiesce_daemon(d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	for (int k = 0; k < 3000 && atomic_load(&s->inflight) > 0; k++)
		usleep(10000);
	MHD_stop_daemon(d);
}

static int server_init(hx_server *s, const hx_options *o)
{
	memset(s, 0, sizeof *s);
	s->opts = *o;
	if (sodium_init() < 0) { /* the limiters' hash keys, the TLS key's wiping */
		fprintf(stderr, "plenum serve: libsodium cannot start (no entropy source?)\n");
		return 0;
	}
	if (!s->opts.bind)
		s->opts.bind = "127.0.0.1";
	if (s->opts.threads <= 0)
		s->opts.threads = 4;
	int max = o->login_limit > 0 ? o->login_limit : 5;
	int window = o->login_window > 0 ? o->login_window : 900;
	pthread_mutex_init(&s->lock, NULL);
	pthread_mutex_init(&s->verify_lock, NULL);
	pthread_mutex_init(&s->totals_lock, NULL);
	s->limit_account = hx_limiter_new(max, window);
	s->limit_ip = hx_limiter_new(max * 4, window);
	s->limit_join = hx_limiter_new(max * 2, window);
	s->jobs = hx_jobs_new();
	if (!s->limit_account || !s->limit_ip || !s->limit_join || !s->jobs || !hx_static_init())
		return 0;
	if (!tls_init(s))
		return 0;
	s->opts.tls = s->tls_cert != NULL || s->opts.tls_proxy;
	return 1;
}

static void server_fini(hx_server *s)
{
	hx_jobs_free(s->jobs);
	close_dbs(s);
	hx_limiter_free(s->limit_account);
	hx_limiter_free(s->limit_ip);
	hx_limiter_free(s->limit_join);
	if (s->tls_key)
		sodium_memzero(s->tls_key, strlen(s->tls_key));
	ut_free(s->tls_key);
	ut_free(s->tls_cert);
	hx_economy_free(s);
	pthread_mutex_destroy(&s->lock);
	pthread_mutex_destroy(&s->verify_lock);
	json_decref(s->verify_answer);
	pthread_mutex_destroy(&s->totals_lock);
	for (int k = 0; k < HX_TOTALS_KEPT; k++)
		json_decref(s->totals[k].answer);
}

json_t *hx_totals_get(hx_server *s, int64_t council, int64_t version)
{
	json_t *copy = NULL;
	pthread_mutex_lock(&s->totals_lock);
	for (int k = 0; k < HX_TOTALS_KEPT && !copy; k++)
		if (s->totals[k].answer && s->totals[k].council == council &&
		    s->totals[k].version == version)
			copy = json_deep_copy(s->totals[k].answer);
	pthread_mutex_unlock(&s->totals_lock);
	return copy;
}

void hx_totals_put(hx_server *s, int64_t council, int64_t version, const json_t *answer)
{
	json_t *copy = json_deep_copy(answer);
	if (!copy)
		return; /* out of memory: not kept, nothing else lost */
	pthread_mutex_lock(&s->totals_lock);
	int slot = -1;
	for (int k = 0; k < HX_TOTALS_KEPT && slot < 0; k++)
		if (s->totals[k].council == council)
			slot = k; /* one entry a council: its older version goes */
	if (slot < 0) {
		slot = s->totals_next;
		s->totals_next = (s->totals_next + 1) % HX_TOTALS_KEPT;
	}
	json_decref(s->totals[slot].answer);
	s->totals[slot] = (struct hx_totals){council, version, copy};
	pthread_mutex_unlock(&s->totals_lock);
}

hx_limiter *hx_login_limiter(hx_server *s, int per_ip)
{
	return per_ip ? s->limit_ip : s->limit_account;
}

int hx_hash_begin(hx_req *q, hx_res *r)
{
	int most = q->srv->opts.threads / 2 > 1 ? q->srv->opts.threads / 2 : 1;
	if (atomic_fetch_add(&q->srv->hashing, 1) < most)
		return 1;
	atomic_fetch_sub(&q->srv->hashing, 1);
	hx_header(r, "Retry-After", "1");
	hx_error(r, 429, "ELIMIT", "too many sign-ins and join requests at this moment: try "
	                           "again in a second");
	return 0;
}

void hx_hash_end(hx_req *q)
{
	atomic_fetch_sub(&q->srv->hashing, 1);
}

hx_limiter *hx_join_limiter(hx_server *s)
{
	return s->limit_join;
}

/* The main thread's handle: checks the file opens (and migrates it) before listening. */
static plenum_db *open_main_db(const hx_server *s)
{
	plenum_diag d = {0};
	plenum_db *db = NULL;
	if (plenum_db_open(s->opts.db_path, &db, &d) != PLENUM_OK)
		fprintf(stderr, "plenum serve: %s\n", d.message[0] ? d.message : "cannot open db");
	return db;
}

/* Seconds a running computation is given to end once the requests have finished. */
#define JOB_GRACE 5.0

/* A computation is still running (the plan of a large economy can take many minutes, and the
 * planner cannot be interrupted): it writes nothing to the store, so the process ends without
 * it. Every request has been answered and every write is committed; the handles are closed;
 * the computing thread's memory goes with the process (_exit: no exit handler may free what
 * it still uses). */
static _Noreturn void abandon(hx_server *s, plenum_db *db)
{
	fprintf(stderr, "plenum serve: a computation is still running: stopping without it (it "
	                "is done again at the next start)\n");
	close_dbs(s);
	plenum_db_close(db);
	fflush(NULL);
	_exit(0);
}

int hx_serve(const hx_options *o)
{
	static hx_server s;
	json_set_alloc_funcs(ut_malloc, ut_free);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* the pool threads inherit the mask */
	signal(SIGPIPE, SIG_IGN);
	int ok = server_init(&s, o);
	/* the main handle first: it creates or migrates the file before any other handle (the
	 * background jobs', the pool's) opens it */
	plenum_db *db = ok ? open_main_db(&s) : NULL;
	ok = db && hx_economy_load(&s);
	struct MHD_Daemon *d = ok ? start_daemon(&s) : NULL;
	if (d) {
		announce(&s, bound_port(d));
		close_due(db);
		int sig = wait_signal(&set, db);
		fprintf(stderr, "plenum serve: %s: finishing requests in flight, then stopping\n",
		        sig == SIGTERM ? "SIGTERM" : "SIGINT");
		graceful_stop(&s, d);
		if (!hx_jobs_stop(s.jobs, JOB_GRACE))
			abandon(&s, db);
	}
	plenum_db_close(db);
	server_fini(&s);
	return d ? 0 : 1;
}
