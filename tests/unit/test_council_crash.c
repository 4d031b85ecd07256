/* Crash safety: a child streams ballots and reports each acknowledged one; the parent kills
 * it with SIGKILL mid-stream, reopens the database and finds every acknowledged ballot, one
 * voter record per ballot, and an audit chain that verifies. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "plenum/council.h"
#include "test.h"

enum { VOTERS = 12, ACKS = 40 };

static int64_t open_motion(plenum_db *db, int64_t council, int round)
{
	char title[64];
	snprintf(title, sizeof title, "Question %d", round);
	plenum_motion_spec s = {.council = council, .kind = PLENUM_MOTION_GENERAL, .title = title};
	int64_t id = 0;
	return plenum_motion_open(db, PLENUM_ACTOR_ADMIN, &s, &id, NULL) ? -1 : id;
}

/* The child: casts ballots forever (a new motion each VOTERS ballots) and writes one line
 * "motion member receipt" per acknowledged ballot. Never returns. */
static void stream(const char *path, int out)
{
	plenum_db *db;
	if (plenum_db_open(path, &db, NULL))
		_exit(3);
	for (int round = 0;; round++) {
		int64_t m = open_motion(db, 1, round);
		if (m < 0)
			_exit(4);
		for (int64_t v = 1; v <= VOTERS; v++) {
			int64_t marks[3] = {v % 3 == 0, v % 3 == 1, v % 3 == 2};
			char receipt[PLENUM_RECEIPT_SIZE], line[128];
			if (plenum_ballot_cast(db, v, m, marks, 3, NULL, receipt, NULL))
				_exit(5);
			int n = snprintf(line, sizeof line, "%lld %lld %s\n", (long long)m, (long long)v,
			                 receipt);
			if (write(out, line, (size_t)n) != n)
				_exit(6);
		}
	}
}

static int setup_db(const char *path)
{
	plenum_db *db;
	if (plenum_db_open(path, &db, NULL))
		return 0;
	plenum_council_spec s = {.kind = PLENUM_NEIGHBOURHOOD, .name = "Crash street"};
	int64_t c, m;
	int ok = plenum_council_create(db, PLENUM_ACTOR_ADMIN, &s, &c, NULL) == 0;
	for (int v = 0; ok && v < VOTERS; v++) {
		ok = plenum_member_create(db, PLENUM_ACTOR_ADMIN, "Voter", NULL, NULL, &m, NULL) == 0 &&
		     plenum_membership_add(db, PLENUM_ACTOR_ADMIN, c, m, NULL) == 0;
	}
	plenum_db_close(db);
	return ok;
}

typedef struct ack {
	int64_t motion, member;
	char receipt[PLENUM_RECEIPT_SIZE];
} ack;

/* Reads ACKS acknowledgement lines from fd. */
static int read_acks(int fd, ack *acks)
{
	char buf[8192];
	size_t have = 0;
	int n = 0;
	while (n < ACKS) {
		ssize_t got = read(fd, buf + have, sizeof buf - 1 - have);
		if (got <= 0)
			return n;
		have += (size_t)got;
		buf[have] = 0;
		char *line = buf, *nl;
		while (n < ACKS && (nl = strchr(line, '\n'))) {
			long long mo, me;
			if (sscanf(line, "%lld %lld %32s", &mo, &me, acks[n].receipt) == 3)
				acks[n].motion = mo, acks[n].member = me, n++;
			line = nl + 1;
		}
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
	}
	return n;
}

TEST(council_crash_sigkill_ballots)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/crash.db", test_tmpdir());
	remove(path);
	CHECK(setup_db(path));
	int fds[2];
	CHECK(pipe(fds) == 0);
	fflush(NULL);
	pid_t child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		close(fds[0]);
		stream(path, fds[1]);
	}
	close(fds[1]);
	static ack acks[ACKS];
	int n = read_acks(fds[0], acks);
	kill(child, SIGKILL); /* in the middle of the stream: the child never stops by itself */
	int status;
	waitpid(child, &status, 0);
	close(fds[0]);
	CHECK_EQ_INT(n, ACKS);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), PLENUM_OK);
	for (int k = 0; k < n; k++) {
		int64_t marks[3], got;
		int64_t v = acks[k].member;
		if (plenum_ballot_check(db, acks[k].motion, acks[k].receipt, marks, 3, &got, &d) ||
		    !plenum_ballot_has_voted(db, acks[k].motion, v)) {
			plenum_db_close(db);
			CHECK(!"an acknowledged ballot is missing");
		}
		CHECK(marks[0] == (v % 3 == 0) && marks[1] == (v % 3 == 1));
	}
	int64_t bad, count;
	CHECK_EQ_INT(plenum_audit_verify(db, &bad, &count, &d), PLENUM_OK);
	CHECK_EQ_INT(bad, 0);
	CHECK(count > ACKS);
	/* The open motion goes on: closing it counts each voter once. */
	int64_t last = acks[n - 1].motion;
	plenum_result *r = NULL;
	int rc = plenum_motion_close(db, PLENUM_ACTOR_ADMIN, last, &d);
	if (!rc)
		rc = plenum_motion_result(db, last, &r, &d);
	plenum_db_close(db);
	CHECK_EQ_INT(rc, PLENUM_OK);
	int64_t acked_last = 0;
	for (int k = 0; k < n; k++)
		acked_last += acks[k].motion == last;
	CHECK(r->voters >= acked_last && r->voters <= VOTERS);
	CHECK_EQ_INT(r->yes + r->no + r->abstain, r->voters);
	plenum_result_free(r);
}
