/* The council layer under stress: every allocation failing in turn (each reported, nothing
 * leaked, the log still verifying), and four threads with one handle each voting at once. */
#include <pthread.h>
#include <sqlite3.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "plenum/council.h"
#include "store/queries.h"
#include "test.h"

static long budget = -1; /* allocations left before failing; -1: never fail */
static long made;

static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	(void)ud, (void)osize;
	if (nsize == 0) {
		free(ptr);
		return NULL;
	}
	if (budget >= 0 && made++ >= budget)
		return NULL;
	return realloc(ptr, nsize);
}

static int one_target(void *ud, const plenum_target *t)
{
	*(double *)ud = t->quantity;
	return 0;
}

/* The planner's bridge: a delegate of the shop votes for a proposal; closing stores it. */
static int plan_adoption(plenum_db *db, int64_t shop, int64_t delegate, plenum_diag *d)
{
	int64_t seat, motion;
	double got = 0;
	plenum_target t = {shop, "print", "leaflets", 5000};
	plenum_plan_proposal p = {"More leaflets", "more", "a busy year", &t, 1};
	plenum_plan_motion_spec s = {.title = "Plan", .period = "2027", .proposals = &p,
	                             .n_proposals = 1};
	int64_t marks[2] = {1, 2};
	int rc = plenum_delegate_seat(db, 0, shop, delegate, "print", &seat, d);
	if (!rc)
		rc = plenum_plan_motion_open(db, 0, &s, &motion, d);
	if (!rc)
		rc = plenum_ballot_cast(db, delegate, motion, marks, 2, NULL, NULL, d);
	if (!rc)
		rc = plenum_motion_close(db, 0, motion, d);
	if (!rc)
		rc = plenum_targets_list(db, motion, 0, one_target, &got, d);
	return rc ? rc : got == 5000 ? PLENUM_OK : -1;
}

/* One assembly: a council, three members, an approval motion with the status quo, ballots,
 * close and result; then a plan adoption with a proposal, stored on close. Returns the first
 * failing status (0 when everything worked). */
static int assembly(const char *path, int *chain_ok)
{
	plenum_db *db = NULL;
	plenum_diag d;
	int64_t c, m[3], motion = 0;
	plenum_result *r = NULL;
	*chain_ok = 1;
	int rc = plenum_db_open(path, &db, &d);
	if (rc)
		return rc;
	plenum_council_spec f = {.kind = PLENUM_FEDERATION, .name = "Printers"};
	int64_t fed = 0;
	rc = plenum_council_create(db, 0, &f, &fed, &d);
	plenum_council_spec s = {.kind = PLENUM_WORKPLACE, .name = "Print shop", .parent = fed};
	if (!rc)
		rc = plenum_council_create(db, 0, &s, &c, &d);
	for (int k = 0; !rc && k < 3; k++) {
		rc = plenum_member_create(db, 0, "Worker", NULL, NULL, &m[k], &d);
		if (!rc)
			rc = plenum_membership_add(db, 0, c, m[k], &d);
	}
	const char *opts[] = {"Risograph", "Offset press"};
	plenum_motion_spec ms = {.council = c, .kind = PLENUM_MOTION_GENERAL,
	                         .method = PLENUM_VOTE_APPROVAL, .title = "Which press",
	                         .options = opts, .n_options = 2, .status_quo = 1};
	if (!rc)
		rc = plenum_motion_open(db, m[0], &ms, &motion, &d);
	for (int k = 0; !rc && k < 3; k++) {
		int64_t marks[3] = {1, k % 2, 0};
		rc = plenum_ballot_cast(db, m[k], motion, marks, 3, NULL, NULL, &d);
	}
	if (!rc)
		rc = plenum_motion_close(db, m[0], motion, &d);
	if (!rc)
		rc = plenum_motion_result(db, motion, &r, &d);
	if (!rc && (r->winners[0] != 0 || r->tally[1] != 1))
		rc = -1;
	plenum_result_free(r);
	if (!rc)
		rc = plan_adoption(db, c, m[0], &d);
	budget = -1; /* the check below must not fail for want of memory */
	int64_t bad = 0, count;
	if (plenum_audit_verify(db, &bad, &count, &d) || bad)
		*chain_ok = 0;
	plenum_db_close(db);
	return rc;
}

TEST(council_alloc_failure_walk)
{
	char path[4200];
	int chain_ok, rc = 1;
	long n;
	plenum_set_allocator(failing_alloc, NULL);
	for (n = 0; n < 2000 && rc; n++) {
		snprintf(path, sizeof path, "%s/walk.db", test_tmpdir());
		remove(path);
		budget = n, made = 0;
		rc = assembly(path, &chain_ok);
		if (!chain_ok || (rc && rc != PLENUM_ENOMEM))
			break;
	}
	plenum_set_allocator(NULL, NULL);
	CHECK(chain_ok);
	CHECK_EQ_INT(rc, 0); /* every failure before was ENOMEM; with enough memory it works */
	CHECK(n > 20);       /* the walk went through many allocations */
	if (getenv("PLENUM_TEST_VERBOSE"))
		printf("allocation failure walk: %ld allocations\n", n);
}

typedef struct voter {
	const char *path;
	int64_t motion, first, count;
	int rc;
} voter;

static void *vote_thread(void *arg)
{
	voter *v = arg;
	plenum_db *db;
	v->rc = plenum_db_open(v->path, &db, NULL);
	for (int64_t k = 0; !v->rc && k < v->count; k++) {
		int64_t marks[3] = {k % 2, 1 - k % 2, 0};
		v->rc = plenum_ballot_cast(db, v->first + k, v->motion, marks, 3, NULL, NULL, NULL);
	}
	if (!v->rc)
		plenum_db_close(db);
	return NULL;
}

/* One handle per thread on the same file (WAL): every ballot is counted once, the chain of
 * events written by four writers verifies. */
TEST(council_threads_one_handle_each)
{
	enum { THREADS = 4, EACH = 10 };
	char path[4200];
	snprintf(path, sizeof path, "%s/threads.db", test_tmpdir());
	remove(path);
	plenum_db *db;
	plenum_diag d;
	int64_t c, m, motion;
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), 0);
	plenum_council_spec s = {.kind = PLENUM_NEIGHBOURHOOD, .name = "Tower block"};
	CHECK_EQ_INT(plenum_council_create(db, 0, &s, &c, &d), 0);
	for (int k = 0; k < THREADS * EACH; k++) {
		CHECK_EQ_INT(plenum_member_create(db, 0, "Tenant", NULL, NULL, &m, &d), 0);
		CHECK_EQ_INT(plenum_membership_add(db, 0, c, m, &d), 0);
	}
	plenum_motion_spec ms = {.council = c, .kind = PLENUM_MOTION_GENERAL, .title = "Rooftop garden"};
	CHECK_EQ_INT(plenum_motion_open(db, 0, &ms, &motion, &d), 0);
	pthread_t t[THREADS];
	voter v[THREADS];
	for (int k = 0; k < THREADS; k++) {
		v[k] = (voter){path, motion, 1 + k * EACH, EACH, 0};
		CHECK(pthread_create(&t[k], NULL, vote_thread, &v[k]) == 0);
	}
	for (int k = 0; k < THREADS; k++)
		pthread_join(t[k], NULL);
	for (int k = 0; k < THREADS; k++)
		CHECK_EQ_INT(v[k].rc, 0);
	plenum_result *r;
	CHECK_EQ_INT(plenum_motion_close(db, 0, motion, &d), 0);
	CHECK_EQ_INT(plenum_motion_result(db, motion, &r, &d), 0);
	int64_t voters = r->voters, yes = r->yes;
	plenum_result_free(r);
	CHECK_EQ_INT(voters, THREADS * EACH);
	CHECK_EQ_INT(yes, THREADS * EACH / 2);
	int64_t bad, count;
	CHECK_EQ_INT(plenum_audit_verify(db, &bad, &count, &d), 0);
	CHECK_EQ_INT(bad, 0);
	plenum_db_close(db);
}

typedef struct opener {
	const char *path;
	pthread_barrier_t *start;
	int rc;
} opener;

static void *open_thread(void *arg)
{
	opener *o = arg;
	plenum_db *db = NULL;
	pthread_barrier_wait(o->start);
	o->rc = plenum_db_open(o->path, &db, NULL);
	if (!o->rc && plenum_db_schema_version(db) < 2)
		o->rc = -1;
	plenum_db_close(db);
	return NULL;
}

/* Handles opening a new file at the same moment (a server's workers) apply each migration
 * once between them: every open succeeds, none trips on a table another just made. */
TEST(council_store_concurrent_first_open)
{
	enum { THREADS = 4, ROUNDS = 8 };
	for (int round = 0; round < ROUNDS; round++) {
		char path[4200];
		snprintf(path, sizeof path, "%s/first%d.db", test_tmpdir(), round);
		remove(path);
		pthread_barrier_t start;
		pthread_barrier_init(&start, NULL, THREADS);
		pthread_t t[THREADS];
		opener o[THREADS];
		for (int k = 0; k < THREADS; k++) {
			o[k] = (opener){path, &start, 0};
			CHECK(pthread_create(&t[k], NULL, open_thread, &o[k]) == 0);
		}
		for (int k = 0; k < THREADS; k++)
			pthread_join(t[k], NULL);
		pthread_barrier_destroy(&start);
		for (int k = 0; k < THREADS; k++)
			CHECK_EQ_INT(o[k].rc, 0);
	}
}

/* Another process holding the database past the 5 s wait: EBUSY (HTTP 503, try again) with a
 * line naming the file, where it was "database: database is locked" (EDB, HTTP 500); and
 * nothing written. */
TEST(council_store_busy)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/busy.db", test_tmpdir());
	plenum_db *db;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), PLENUM_OK);
	sqlite3 *raw;
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
	plenum_council_spec s = {.kind = PLENUM_FEDERATION, .name = "Waiting"};
	int64_t id = 0;
	CHECK_EQ_INT(plenum_council_create(db, PLENUM_ACTOR_ADMIN, &s, &id, &d), PLENUM_EBUSY);
	CHECK(strstr(d.message, "busy.db") && strstr(d.message, "try again"));
	CHECK(sqlite3_exec(raw, "COMMIT", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(raw);
	CHECK_EQ_INT(plenum_council_create(db, PLENUM_ACTOR_ADMIN, &s, &id, &d), PLENUM_OK);
	CHECK_EQ_INT(id, 1); /* the refused one left nothing */
	plenum_db_close(db);
}

typedef struct leaver {
	const char *path;
	int64_t council, member;
	int rc;
} leaver;

/* Holds the write lock, lets the ballot start and wait for it, then commits the member's
 * departure. */
static void *leave_thread(void *arg)
{
	leaver *l = arg;
	sqlite3 *raw;
	char sql[128];
	snprintf(sql, sizeof sql, "DELETE FROM memberships WHERE council = %lld AND member = %lld",
	         (long long)l->council, (long long)l->member);
	l->rc = sqlite3_open(l->path, &raw) != SQLITE_OK ||
	        sqlite3_exec(raw, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK;
	__atomic_store_n(&l->rc, l->rc | 2, __ATOMIC_SEQ_CST); /* locked */
	struct timespec ms300 = {0, 300000000};
	nanosleep(&ms300, NULL);
	l->rc |= sqlite3_exec(raw, sql, NULL, NULL, NULL) != SQLITE_OK ||
	         sqlite3_exec(raw, "COMMIT", NULL, NULL, NULL) != SQLITE_OK;
	sqlite3_close(raw);
	return NULL;
}

/* Who may vote is read under the write lock: a member whose departure commits while the
 * ballot waits for the lock is refused (it was checked before and stored after). */
TEST(council_ballot_checks_under_the_lock)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/race.db", test_tmpdir());
	plenum_db *db;
	plenum_diag d = {0};
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), PLENUM_OK);
	plenum_council_spec s = {.kind = PLENUM_NEIGHBOURHOOD, .name = "Street"};
	int64_t street = 0, ann = 0, bob = 0, m = 0;
	CHECK_EQ_INT(plenum_council_create(db, PLENUM_ACTOR_ADMIN, &s, &street, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_member_create_in(db, 0, "Ann", NULL, NULL, street, &ann, &d), 0);
	CHECK_EQ_INT(plenum_member_create_in(db, 0, "Bob", NULL, NULL, street, &bob, &d), 0);
	plenum_motion_spec ms = {.council = street, .kind = PLENUM_MOTION_GENERAL,
	                         .method = PLENUM_VOTE_YES_NO, .title = "Benches"};
	CHECK_EQ_INT(plenum_motion_open(db, ann, &ms, &m, &d), PLENUM_OK);
	leaver l = {path, street, bob, 0};
	pthread_t t;
	CHECK(pthread_create(&t, NULL, leave_thread, &l) == 0);
	while (!(__atomic_load_n(&l.rc, __ATOMIC_SEQ_CST) & 2))
		sched_yield();
	int rc = plenum_ballot_cast_choice(db, bob, m, "yes", NULL, NULL, &d);
	pthread_join(t, NULL);
	CHECK_EQ_INT(l.rc & 1, 0);
	CHECK_EQ_INT(rc, PLENUM_EDENIED);
	CHECK(plenum_ballot_has_voted(db, m, bob) == 0);
	plenum_db_close(db);
}

/* Every named query finds its rows through an index, but for those that read a whole table
 * by design (verify and export read every event; listings of everything). A federation of
 * 50 000 members showed eleven that scanned whole tables per request or per row (a member's
 * abilities, needs, sessions and seats, a council's join requests, notices and delegates,
 * the motions due, a motion's close event among 1.2 million events); each would come back
 * here as a SCAN. */
static const struct {
	const char *name, *sql;
} store_queries[] = {
#define X(name, sql) {#name, sql},
	ST_QUERIES(X)
#undef X
};

static int scans_by_design(const char *name)
{
	static const char *const whole[] = {
		"event_last", /* the newest by rowid, LIMIT 1 */
		"event_all", "close_events", "closed_unrecorded", /* verify and export */
		"ballot_public_all", "council_list_all", "member_list", "product_list",
		"link_list", "plan_latest",
		"motion_closed_recent", "motion_closed_count"}; /* the closed motions' own index:
		                                                  * newest first, LIMIT; a count */
	for (size_t k = 0; k < sizeof whole / sizeof whole[0]; k++)
		if (strcmp(name, whole[k]) == 0)
			return 1;
	return 0;
}

TEST(council_queries_use_indexes)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/plans.db", test_tmpdir());
	remove(path);
	plenum_db *db;
	CHECK_EQ_INT(plenum_db_open(path, &db, NULL), 0); /* every migration applied */
	plenum_db_close(db);
	sqlite3 *raw;
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	int bad = 0;
	for (size_t k = 0; k < sizeof store_queries / sizeof store_queries[0]; k++) {
		char sql[8192];
		snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN %s", store_queries[k].sql);
		sqlite3_stmt *s;
		CHECK(sqlite3_prepare_v2(raw, sql, -1, &s, NULL) == SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(s, 3);
			if (strncmp(d, "SCAN ", 5) == 0 && strcmp(d, "SCAN CONSTANT ROW") != 0 &&
			    strcmp(d, "SCAN sub") != 0 && !scans_by_design(store_queries[k].name)) {
				fprintf(stderr, "query %s: %s\n", store_queries[k].name, d);
				bad++;
			}
			/* a page seeks to its first row and reads no more than it gives: no sort of
			 * the council's rows, and the id bound in the search of its own table (an OR
			 * hid it: a deep page walked every newer row; a subquery per row, parent not
			 * 0, looks up by its own key) */
			int own = sqlite3_column_int(s, 1) == 0;
			if (strstr(store_queries[k].name, "_page") &&
			    (strstr(d, "TEMP B-TREE") || (own && strncmp(d, "SEARCH", 6) == 0 &&
			                                  !strstr(d, "<?") && !strstr(d, ">?")))) {
				fprintf(stderr, "query %s: %s\n", store_queries[k].name, d);
				bad++;
			}
		}
		sqlite3_finalize(s);
	}
	sqlite3_close(raw);
	CHECK_EQ_INT(bad, 0);
}
