/* The server's state, shared by hx_server.c and the request path (hx_request.c) only. */
#ifndef PLENUM_HTTP_SERVER_H
#define PLENUM_HTTP_SERVER_H
#include <microhttpd.h>
#include <stdatomic.h>
#include "http/http.h"
#include "plenum/plan.h"

struct db_entry;

enum { HX_TOTALS_KEPT = 16 };

struct hx_server {
	hx_options opts;
	pthread_mutex_t lock;       /* guards dbs */
	struct db_entry *dbs;       /* every pool thread's handle */
	atomic_int inflight;        /* requests begun and not yet completed */
	atomic_int stopping;        /* SIGTERM came: answers close their connection */
	atomic_int hashing;         /* password hashes being computed (hx_hash_begin) */
	pthread_mutex_t verify_lock; /* guards the two below */
	double verify_at;           /* when verify_answer was computed (ut_now), 0: never */
	json_t *verify_answer;      /* GET /api/audit/verify's last answer, or NULL */
	pthread_mutex_t totals_lock; /* guards totals */
	struct hx_totals {          /* answers of GET /api/councils/{id}/needs, by council, kept */
		int64_t council, version; /* while plenum_totals_version says so (0: empty) */
		json_t *answer;
	} totals[HX_TOTALS_KEPT];
	int totals_next;            /* the entry to replace next */
	hx_limiter *limit_account;  /* failed logins per email */
	hx_limiter *limit_ip;       /* failed logins per client address */
	hx_limiter *limit_join;     /* join requests per client address */
	char *tls_cert, *tls_key;   /* PEM text read from the files, or NULL */
	hx_jobs *jobs;
	plenum_economy *economy;    /* --economy, or NULL */
	plenum_horizon *horizon;    /* its planning files (stocks.csv) for one period, or NULL */
	double *values;             /* labour values per product, or NULL */
	double *embodied;           /* accounts x products, or NULL */
	_Atomic int64_t plan_job;   /* the latest plan computation, 0 before the first */
	_Atomic int values_ready;   /* values are filled */
	_Atomic int embodied_ready; /* embodied is filled */
};

/* libmicrohttpd's access handler (hx_request.c). */
enum MHD_Result hx_on_request(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls);
/* Frees the per-request state; NULL is a no-op. */
void hx_conn_free(void *state);

/* Loads --economy and its labour values (hx_economy.c); 1 on success or when none. */
int hx_economy_load(hx_server *s);
void hx_economy_free(hx_server *s);
/* Queues the plan computation (hx_plan.c); its id, 0 when the queue is full. */
int64_t hx_plan_submit(hx_server *s, int64_t member);

#endif
