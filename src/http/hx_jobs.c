/* Background jobs: long computations (a plan of a large economy) run one at a time on a
 * worker thread, so that the request threads stay free; clients poll the job's progress.
 * The last JOBS_KEPT jobs are kept with their results. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "http/http.h"
#include "util/util.h"

enum { JOBS_KEPT = 32, QUEUE_MAX = 8 };
enum { QUEUED, RUNNING, DONE, FAILED };
static const char *const state_names[] = {"queued", "running", "done", "failed"};

typedef struct job {
	int64_t id, member;
	char kind[32];
	int state;
	double progress;
	json_t *result;
	char error[PLENUM_DIAG_LEN];
	hx_job_fn fn;
	void *arg;
	void (*free_arg)(void *);
	struct job *next; /* newer first */
} job;

struct hx_jobs {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_cond_t ended;  /* the worker has returned */
	pthread_t worker;
	int stop;
	int exited;
	int64_t next_id;
	job *list;
};

static void job_free(job *j)
{
	if (j->free_arg)
		j->free_arg(j->arg);
	json_decref(j->result);
	ut_free(j);
}

/* The oldest queued job, or NULL. */
static job *next_queued(hx_jobs *js)
{
	job *found = NULL;
	for (job *j = js->list; j; j = j->next)
		if (j->state == QUEUED)
			found = j;
	return found;
}

static void set_progress(void *jp, double p)
{
	job *j = jp;
	__atomic_store(&j->progress, &p, __ATOMIC_RELAXED);
}

static void run_one(hx_jobs *js, job *j)
{
	json_t *result = NULL;
	char err[PLENUM_DIAG_LEN] = "";
	int rc = j->fn(j->arg, set_progress, j, &result, err, sizeof err);
	pthread_mutex_lock(&js->lock);
	j->state = rc == 0 ? DONE : FAILED;
	j->result = result;
	j->progress = 1;
	snprintf(j->error, sizeof j->error, "%s", err);
	pthread_mutex_unlock(&js->lock);
}

static void *worker(void *arg)
{
	hx_jobs *js = arg;
	pthread_mutex_lock(&js->lock);
	for (;;) {
		job *j;
		while (!js->stop && !(j = next_queued(js)))
			pthread_cond_wait(&js->wake, &js->lock);
		if (js->stop)
			break;
		j->state = RUNNING;
		pthread_mutex_unlock(&js->lock);
		run_one(js, j);
		pthread_mutex_lock(&js->lock);
	}
	js->exited = 1;
	pthread_cond_broadcast(&js->ended);
	pthread_mutex_unlock(&js->lock);
	return NULL;
}

hx_jobs *hx_jobs_new(void)
{
	hx_jobs *js = ut_calloc(1, sizeof *js);
	if (!js)
		return NULL;
	pthread_mutex_init(&js->lock, NULL);
	pthread_cond_init(&js->wake, NULL);
	pthread_cond_init(&js->ended, NULL);
	js->next_id = 1;
	if (pthread_create(&js->worker, NULL, worker, js) != 0) {
		pthread_mutex_destroy(&js->lock);
		pthread_cond_destroy(&js->wake);
		pthread_cond_destroy(&js->ended);
		ut_free(js);
		return NULL;
	}
	return js;
}

int hx_jobs_stop(hx_jobs *js, double seconds)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += (time_t)seconds;
	until.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&js->lock);
	js->stop = 1;
	pthread_cond_signal(&js->wake);
	while (!js->exited && pthread_cond_timedwait(&js->ended, &js->lock, &until) == 0)
		;
	int exited = js->exited;
	pthread_mutex_unlock(&js->lock);
	return exited;
}

void hx_jobs_free(hx_jobs *js)
{
	if (!js)
		return;
	hx_jobs_stop(js, 0);
	pthread_mutex_lock(&js->lock);
	while (!js->exited)
		pthread_cond_wait(&js->ended, &js->lock);
	pthread_mutex_unlock(&js->lock);
	pthread_join(js->worker, NULL);
	while (js->list) {
		job *j = js->list;
		js->list = j->next;
		job_free(j);
	}
	pthread_mutex_destroy(&js->lock);
	pthread_cond_destroy(&js->wake);
	pthread_cond_destroy(&js->ended);
	ut_free(js);
}

/* Drops finished jobs beyond the newest JOBS_KEPT. */
static void trim(hx_jobs *js)
{
	int n = 0;
	for (job **p = &js->list; *p;) {
		job *j = *p;
		if (++n > JOBS_KEPT && (j->state == DONE || j->state == FAILED)) {
			*p = j->next;
			job_free(j);
			continue;
		}
		p = &j->next;
	}
}

static int queued_count(const hx_jobs *js)
{
	int n = 0;
	for (const job *j = js->list; j; j = j->next)
		n += j->state == QUEUED;
	return n;
}

static int64_t submit(hx_jobs *js, const char *kind, int64_t member, hx_job_fn fn, void *arg,
                      void (*free_arg)(void *), int once)
{
	job *j = ut_calloc(1, sizeof *j);
	if (!j)
		return 0;
	snprintf(j->kind, sizeof j->kind, "%s", kind);
	j->member = member;
	j->fn = fn;
	j->arg = arg;
	j->free_arg = free_arg;
	pthread_mutex_lock(&js->lock);
	for (job *q = js->list; once && q; q = q->next)
		if (q->state == QUEUED && strcmp(q->kind, kind) == 0) {
			int64_t id = q->id; /* it will compute from what is there when it starts */
			pthread_mutex_unlock(&js->lock);
			job_free(j);
			return id;
		}
	if (queued_count(js) >= QUEUE_MAX) {
		pthread_mutex_unlock(&js->lock);
		j->free_arg = NULL; /* the caller keeps arg when refused */
		job_free(j);
		return 0;
	}
	j->id = js->next_id++;
	j->next = js->list;
	js->list = j;
	trim(js);
	int64_t id = j->id;
	pthread_cond_signal(&js->wake);
	pthread_mutex_unlock(&js->lock);
	return id;
}

int64_t hx_jobs_submit(hx_jobs *js, const char *kind, int64_t member, hx_job_fn fn, void *arg,
                       void (*free_arg)(void *))
{
	return submit(js, kind, member, fn, arg, free_arg, 0);
}

int64_t hx_jobs_submit_once(hx_jobs *js, const char *kind, int64_t member, hx_job_fn fn,
                            void *arg, void (*free_arg)(void *))
{
	return submit(js, kind, member, fn, arg, free_arg, 1);
}

static json_t *describe(const job *j)
{
	double p;
	__atomic_load(&j->progress, &p, __ATOMIC_RELAXED);
	json_t *o = json_pack("{s:I, s:s, s:s, s:f}", "id", (json_int_t)j->id, "kind", j->kind,
	                      "state", state_names[j->state], "progress", p);
	if (o && j->state == DONE && j->result)
		json_object_set_new(o, "result", json_deep_copy(j->result));
	if (o && j->state == FAILED)
		json_object_set_new(o, "error", json_string(j->error));
	return o;
}

json_t *hx_jobs_get(hx_jobs *js, int64_t id, int64_t member)
{
	json_t *o = NULL;
	pthread_mutex_lock(&js->lock);
	for (const job *j = js->list; j; j = j->next)
		if (j->id == id && (j->member == member || member < 0))
			o = describe(j);
	pthread_mutex_unlock(&js->lock);
	return o;
}
