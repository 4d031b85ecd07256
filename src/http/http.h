/* The HTTP server's internals (prefix hx_): the server, requests and responses, the one
 * routes table, sessions and CSRF tokens, login rate limits, background jobs. The server is a
 * client of the public API (include/plenum/) like the command line. docs/api.md. */
#ifndef PLENUM_HTTP_H
#define PLENUM_HTTP_H
#include <jansson.h>
#include <pthread.h>
#include <stdint.h>
#include "plenum/council.h"
#include "plenum/plenum.h"

/* Limits a request must respect. */
enum {
	HX_BODY_MAX = 64 * 1024, /* bytes of a request body; larger: 413 */
	HX_SESSION_TTL = 7 * 24 * 3600,
	HX_CSRF_SIZE = 33, /* 32 hex characters + NUL */
};

typedef struct hx_options {
	const char *db_path;   /* the database file (created when missing) */
	const char *bind;      /* "127.0.0.1" by default */
	int port;              /* 0: any free port (the chosen one is printed) */
	int threads;           /* thread pool size; 0: 4 */
	const char *economy;   /* economy for the product explorer and plan jobs; NULL: none */
	const char *tls_cert;  /* PEM certificate (chain) file: serve HTTPS; NULL: HTTP */
	const char *tls_key;   /* PEM private key file of tls_cert */
	int tls_proxy;         /* behind a proxy that ends TLS: trust its X-Forwarded-For */
	int tls;               /* set by the server: HTTPS or tls_proxy, cookies get Secure */
	int login_limit;       /* failed logins per account per window; 0: 5 */
	int login_window;      /* seconds of the sliding window; 0: 900 */
	const char *port_file; /* when set, the bound port is written there once listening */
} hx_options;

typedef struct hx_server hx_server;

/* A request as the handlers see it. */
typedef struct hx_req {
	hx_server *srv;
	void *conn;              /* struct MHD_Connection * */
	const char *method;
	const char *path;
	const char *body;        /* NUL-terminated, body_len bytes; "" when none */
	size_t body_len;
	json_t *json;            /* the body parsed (an object) for POST; NULL otherwise */
	int64_t id;              /* the {id} of the route's pattern, 0 when none */
	int64_t member;          /* the signed-in member, 0 when none */
	char token[PLENUM_TOKEN_SIZE]; /* the session token ("" when none) */
	plenum_db *db;           /* this thread's handle */
	char ip[64];
} hx_req;

enum { HX_HEADERS_MAX = 4 };

/* A response: JSON (owned) or bytes (borrowed, static). */
typedef struct hx_res {
	unsigned status;
	json_t *json;
	const void *data;
	size_t size;
	const char *type;
	const char *cache;
	char cookie[256];         /* Set-Cookie value, "" for none */
	const char *hname[HX_HEADERS_MAX];
	char hval[HX_HEADERS_MAX][96];
	int nheaders;
} hx_res;

typedef void (*hx_handler)(hx_req *q, hx_res *r);

/* Route flags. */
enum {
	HX_SESSION = 1, /* needs a signed-in member: 401 otherwise */
	HX_CSRF = 2,    /* state-changing: needs the X-CSRF-Token header matching the session */
};

typedef struct hx_route {
	const char *method;
	const char *pattern; /* "/api/motions/{id}/ballot" */
	hx_handler fn;
	int flags;
	const char *summary; /* one line, for docs and the index at GET /api */
	/* POST: the body's fields, space-separated; any other is refused (400 EFIELD) before
	 * the handler runs, so that a misspelt or unsupported field ("quorum") is not silently
	 * dropped. NULL: no body fields. */
	const char *fields;
} hx_route;

/* The one routes table (hx_routes.c), ending with a NULL method. */
extern const hx_route hx_routes[];
/* The route for method and path; *id gets the {id} segment. NULL when none matches;
 * *path_known is set when the path matches some route with another method (405). */
const hx_route *hx_route_find(const char *method, const char *path, int64_t *id,
                              int *path_known);
/* The methods the routes take on path, "GET, HEAD, POST" (the Allow header of a 405). */
void hx_route_allow(const char *path, char *out, size_t n);

/* ---- server (hx_server.c) ---- */
/* Runs the server until SIGTERM or SIGINT, then stops accepting, lets requests in flight
 * finish, closes the databases. Returns 0, or 1 after printing why it could not start. */
int hx_serve(const hx_options *o);
/* This thread's database handle (opened on first use); NULL after printing the reason. */
plenum_db *hx_db(hx_server *s, plenum_diag *d);
const hx_options *hx_opts(const hx_server *s);

/* ---- responses (hx_json.c) ---- */
void hx_json(hx_res *r, unsigned status, json_t *body);
/* {"error": code, "message": ...}; message printf-style. */
void hx_error(hx_res *r, unsigned status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A failed library call: the HTTP status for rc and d's message. */
void hx_fail(hx_res *r, int rc, const plenum_diag *d);
unsigned hx_status_http(int rc);
void hx_header(hx_res *r, const char *name, const char *value);
/* Body fields: each returns 1 when present with the right type, else sets a 400 on r and
 * returns 0 (optional fields: *out keeps its value when absent and 1 is returned). */
int hx_str(hx_req *q, hx_res *r, const char *key, int required, const char **out);
int hx_int(hx_req *q, hx_res *r, const char *key, int required, int64_t *out);
int hx_num(hx_req *q, hx_res *r, const char *key, int required, double *out);
/* The query parameter key, or NULL. */
const char *hx_query(hx_req *q, const char *key);
/* The query parameter key as a whole number from lo to hi into *out (def when absent or
 * empty); 0 after a 400 EQUERY naming it when it is not (?limit=-5 was taken as 1000). */
int hx_query_int(hx_req *q, hx_res *r, const char *key, int64_t def, int64_t lo, int64_t hi,
                 int64_t *out);
/* ?limit (HX_PAGE_DEFAULT when absent, at most HX_PAGE_MAX) and ?before (an id, 0 when
 * absent) into p, its limit one more than asked for; 0 after a 400. */
#define HX_PAGE_DEFAULT 100
#define HX_PAGE_MAX 1000
int hx_query_page(hx_req *q, hx_res *r, plenum_page *p);
/* What a listing's "next" says of rows listed with hx_query_page's p: the id to ask
 * ?before= for the next page (the row past the page is cut), or null when none follows. */
json_t *hx_page_next(json_t *rows, const plenum_page *p);

/* ---- sessions and CSRF (hx_session.c) ---- */
/* The CSRF token of a session token (a hash of it; the cookie is HttpOnly so a page of
 * another site can neither read the session nor compute the token). */
void hx_csrf_of(const char *token, char out[HX_CSRF_SIZE]);
/* Whether the request carries its session's CSRF token (X-CSRF-Token). */
int hx_csrf_ok(hx_req *q);
void hx_cookie_set(hx_res *r, const hx_server *s, const char *token);
void hx_cookie_clear(hx_res *r, const hx_server *s);
/* The value of cookie name in a Cookie header, copied into out (size n); 0 when absent. */
int hx_cookie_get(const char *header, const char *name, char *out, size_t n);

/* ---- login rate limiting (hx_limit.c): sliding windows of failed attempts ---- */
typedef struct hx_limiter hx_limiter;
hx_limiter *hx_limiter_new(int max, int window);
void hx_limiter_free(hx_limiter *l);
/* Seconds until key may try again (0: now). */
int hx_limiter_wait(hx_limiter *l, const char *key, double now);
void hx_limiter_fail(hx_limiter *l, const char *key, double now);
hx_limiter *hx_login_limiter(hx_server *s, int per_ip);
/* Join requests filed per client address (POST /api/join), apart from failed sign-ins. */
hx_limiter *hx_join_limiter(hx_server *s);
/* A password hash (Argon2id: about 0.1 s of a core and 64 MiB) is about to be computed: 1, or
 * 0 after answering 429 with Retry-After when half the request threads already hash (a loop
 * of sign-ins, even good ones, would otherwise hold every thread and stall the server).
 * After 1, hx_hash_end when done. */
int hx_hash_begin(hx_req *q, hx_res *r);
void hx_hash_end(hx_req *q);

/* ---- static assets (hx_static.c) ---- */
/* Serves GET path from the embedded assets; 0 when there is no such asset. */
int hx_static(hx_req *q, hx_res *r, const char *if_none_match);
int hx_static_init(void);

/* ---- background jobs (hx_jobs.c): long computations on a worker thread ---- */
typedef struct hx_jobs hx_jobs;
/* Work: computes into *result (owned json) and reports progress in [0,1] via progress();
 * returns 0 or sets *error (a static or owned message in errbuf). */
typedef int (*hx_job_fn)(void *arg, void (*progress)(void *job, double p), void *job,
                         json_t **result, char *errbuf, size_t errlen);
hx_jobs *hx_jobs_new(void);
/* Asks the worker to stop after its running job (the queue is dropped) and waits for it at
 * most seconds; 1 when it has stopped, 0 when a job is still running. */
int hx_jobs_stop(hx_jobs *j, double seconds);
/* Waits for the worker to stop (however long its job runs), frees. */
void hx_jobs_free(hx_jobs *j);
/* Queues a job; arg is freed with free_arg after it ran. Returns its id, 0 when full. */
int64_t hx_jobs_submit(hx_jobs *j, const char *kind, int64_t member, hx_job_fn fn, void *arg,
                       void (*free_arg)(void *));
/* As hx_jobs_submit, but when a job of the same kind is queued and not started yet, frees
 * arg and returns that job's id: a job computing from the state it finds when it starts
 * (the plan) is asked for once however many ask before it starts. */
int64_t hx_jobs_submit_once(hx_jobs *j, const char *kind, int64_t member, hx_job_fn fn,
                            void *arg, void (*free_arg)(void *));
/* The job's state as JSON (id, kind, state, progress, result or error); NULL when unknown. */
json_t *hx_jobs_get(hx_jobs *j, int64_t id, int64_t member);
hx_jobs *hx_server_jobs(hx_server *s);

/* ---- councils' totals kept (hx_server.c): answers of GET /api/councils/{id}/needs ---- */
/* A copy of council's answer kept under version (plenum_totals_version), or NULL. */
json_t *hx_totals_get(hx_server *s, int64_t council, int64_t version);
/* Keeps a copy of answer for council under version (one entry a council; else the oldest
 * of HX_TOTALS_KEPT goes). */
void hx_totals_put(hx_server *s, int64_t council, int64_t version, const json_t *answer);

/* ---- the economy for explorer and plans (hx_economy.c) ---- */
const plenum_economy *hx_server_economy(hx_server *s);

#endif
