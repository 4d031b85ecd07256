/* More council rules: every change is an event, the store's WAL and foreign keys, STV for
 * several seats through motions, recall and election in a federation of federations, rules
 * copied when a motion opens, a removed event named by the audit. */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include "council/ct.h"
#include "store/st_int.h"
#include "plenum/council.h"
#include "test.h"

static const char *fresh(const char *name)
{
	static char path[4200];
	snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
	remove(path);
	return path;
}

static int64_t head(plenum_db *db)
{
	char hash[65];
	int64_t seq = -1;
	return plenum_audit_head(db, hash, &seq, NULL) ? -1 : seq;
}

static int64_t make_council(plenum_db *db, plenum_council_kind kind, const char *name,
                            int64_t parent, int64_t seats)
{
	plenum_council_spec s = {.kind = kind, .name = name, .parent = parent, .seats = seats};
	int64_t id = 0;
	return plenum_council_create(db, PLENUM_ACTOR_ADMIN, &s, &id, NULL) ? -1 : id;
}

static int64_t make_member(plenum_db *db, const char *name, int64_t council)
{
	int64_t id = 0;
	if (plenum_member_create(db, PLENUM_ACTOR_ADMIN, name, NULL, NULL, &id, NULL) ||
	    plenum_membership_add(db, PLENUM_ACTOR_ADMIN, council, id, NULL))
		return -1;
	return id;
}

static int first_seat(void *ud, const plenum_delegate *g)
{
	*(int64_t *)ud = g->id;
	return 1;
}

static int count_rows(void *ud, const plenum_delegate *g)
{
	(void)g;
	++*(int64_t *)ud;
	return 0;
}

/* Each state change through the API appends at least one event to the chain. */
TEST(council_every_change_is_an_event)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("events.db"), &db, &d), 0);
	int64_t last = head(db), id, seat, req, m, e, fed, home, shop, ann, bob;
#define CHANGED(call)                                   \
	do {                                            \
		CHECK_EQ_INT((call), PLENUM_OK);        \
		CHECK(head(db) > last);                 \
		last = head(db);                        \
	} while (0)
	plenum_council_spec s = {.kind = PLENUM_FEDERATION, .name = "Federation"};
	CHANGED(plenum_council_create(db, 0, &s, &fed, &d));
	s = (plenum_council_spec){.kind = PLENUM_NEIGHBOURHOOD, .name = "Home"};
	CHANGED(plenum_council_create(db, 0, &s, &home, &d));
	s = (plenum_council_spec){.kind = PLENUM_WORKPLACE, .name = "Shop", .parent = fed};
	CHANGED(plenum_council_create(db, 0, &s, &shop, &d));
	CHANGED(plenum_council_set_parent(db, 0, home, fed, &d));
	CHANGED(plenum_member_create(db, 0, "Ann", "ann@example.org", NULL, &ann, &d));
	CHANGED(plenum_member_create(db, 0, "Bob", NULL, NULL, &bob, &d));
	CHANGED(plenum_member_set_password(db, ann, ann, "a long password", &d));
	CHANGED(plenum_membership_add(db, 0, home, ann, &d));
	CHANGED(plenum_membership_add(db, 0, shop, ann, &d));
	CHANGED(plenum_membership_add(db, 0, home, bob, &d));
	plenum_join_spec j = {.name = "Cy", .email = "cy@example.org", .heard = PLENUM_HEARD_OTHER};
	CHANGED(plenum_join_request_file(db, home, &j, &req, &d));
	CHANGED(plenum_join_request_decide(db, ann, req, 1, &id, &d));
	CHANGED(plenum_membership_remove(db, id, home, id, &d));
	plenum_product_row p = {"bread", "Bread", "kg"};
	CHANGED(plenum_products_register(db, 0, &p, 1, &d));
	CHANGED(plenum_need_set(db, ann, ann, home, "bread", 2, 1, &d));
	CHANGED(plenum_ability_set(db, ann, ann, shop, 10, "baking", &d));
	CHANGED(plenum_workplace_link(db, ann, shop, "econ", "bake", &d));
	CHANGED(plenum_output_report(db, ann, shop, "2027", "bake", 5, &d));
	CHANGED(plenum_delegate_seat(db, 0, home, ann, "mandate", &seat, &d));
	plenum_motion_spec ms = {.council = home, .kind = PLENUM_MOTION_GENERAL, .title = "Q"};
	CHANGED(plenum_motion_open(db, bob, &ms, &m, &d));
	int64_t yes[3] = {1, 0, 0};
	char receipt[PLENUM_RECEIPT_SIZE];
	CHANGED(plenum_ballot_cast(db, bob, m, yes, 3, NULL, receipt, &d));
	CHANGED(plenum_ballot_cast(db, bob, m, yes, 3, receipt, NULL, &d));
	CHANGED(plenum_motion_close(db, bob, m, &d));
	CHANGED(plenum_delegate_resign(db, ann, seat, &e, &d));
	CHECK(e > 0);
	plenum_target t = {shop, "bake", "bread", 3};
	plenum_plan_proposal pp = {"More bread", "more", "", &t, 1};
	plenum_plan_motion_spec pm = {.title = "Plan", .period = "2027", .proposals = &pp,
	                              .n_proposals = 1};
	CHANGED(plenum_plan_motion_open(db, 0, &pm, &m, &d));
	CHANGED(plenum_motion_close(db, 0, m, &d));
#undef CHANGED
	int64_t bad, count;
	CHECK_EQ_INT(plenum_audit_verify(db, &bad, &count, &d), 0);
	CHECK(bad == 0 && count == last);
	plenum_db_close(db);
}

/* The store opens SQLite in WAL mode with foreign keys on: a row pointing nowhere is refused
 * by the schema itself, below the rules. */
TEST(council_store_wal_foreign_keys)
{
	const char *path = fresh("store.db");
	st_conn *c;
	plenum_diag d;
	CHECK_EQ_INT(st_open(path, &c, &d), 0);
	CHECK_EQ_INT(st_schema_version(c), st_migrations_count());
	int rc = st_query_run(c, ST_Q_membership_insert, NULL, &d, "iii", (int64_t)999,
	                      (int64_t)999, (int64_t)0);
	CHECK_EQ_INT(rc, PLENUM_EDB);
	CHECK(st_constraint_failed(c));
	st_close(c);
	sqlite3 *raw;
	sqlite3_stmt *s;
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(raw);
}

/* An election for two seats by STV through the motion API seats the two elected. */
TEST(council_stv_election_two_seats)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("stv.db"), &db, &d), 0);
	int64_t fed = make_council(db, PLENUM_FEDERATION, "Federation", 0, 0);
	int64_t home = make_council(db, PLENUM_NEIGHBOURHOOD, "Home", fed, 2);
	int64_t v[5], m, n = 0;
	static const char *const names[5] = {"A", "B", "C", "D", "E"};
	for (int k = 0; k < 5; k++)
		CHECK((v[k] = make_member(db, names[k], home)) > 0);
	int64_t cand[3] = {v[0], v[1], v[2]};
	plenum_motion_spec s = {.council = home, .kind = PLENUM_MOTION_ELECTION, .title = "Two",
	                        .seats = 2, .candidates = cand, .n_candidates = 3};
	CHECK_EQ_INT(plenum_motion_open(db, v[0], &s, &m, &d), 0);
	/* Quota floor(5/3) + 1 = 2: A has 3 first preferences and is elected; the surplus 1 goes
	 * on to C at 1/3 per ballot, truncated: C 1 + 3 x 0.33333 = 1.99999, under the quota, and
	 * B 1: B is excluded and C is elected as the last continuing candidate. */
	int64_t a_c[3] = {1, 0, 2}, b[3] = {0, 1, 0}, c[3] = {0, 0, 1};
	CHECK_EQ_INT(plenum_ballot_cast(db, v[0], m, a_c, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(db, v[1], m, a_c, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(db, v[2], m, a_c, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(db, v[3], m, b, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(db, v[4], m, c, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, v[0], m, &d), 0);
	CHECK_EQ_INT(plenum_delegate_list(db, home, 0, count_rows, &n, &d), 0);
	CHECK_EQ_INT(n, 2);
	CHECK(plenum_is_member(db, fed, v[0]) && plenum_is_member(db, fed, v[2]));
	CHECK(!plenum_is_member(db, fed, v[1]));
	plenum_db_close(db);
}

/* A federation inside a federation: its members are its councils' delegates; they elect its
 * delegate to the top federation, may recall that delegate, and the recall opens an election
 * among them at once. */
TEST(council_federation_recall_nested)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("nested.db"), &db, &d), 0);
	int64_t top = make_council(db, PLENUM_FEDERATION, "Region", 0, 0);
	int64_t town = make_council(db, PLENUM_FEDERATION, "Town", top, 0);
	int64_t n1 = make_council(db, PLENUM_NEIGHBOURHOOD, "North", town, 0);
	int64_t n2 = make_council(db, PLENUM_NEIGHBOURHOOD, "South", town, 0);
	int64_t ann = make_member(db, "Ann", n1), dan = make_member(db, "Dan", n2);
	int64_t s1, s2, up, recall, outsider = make_member(db, "Eve", n1);
	CHECK(top > 0 && town > 0 && ann > 0 && dan > 0 && outsider > 0);
	CHECK_EQ_INT(plenum_delegate_seat(db, 0, n1, ann, "", &s1, &d), 0);
	CHECK_EQ_INT(plenum_delegate_seat(db, 0, n2, dan, "", &s2, &d), 0);
	/* The town's delegates elect its delegate to the region (candidates: all of them). */
	plenum_motion_spec e = {.council = town, .kind = PLENUM_MOTION_ELECTION, .title = "Up"};
	CHECK_EQ_INT(plenum_motion_open(db, ann, &e, &up, &d), 0);
	plenum_motion m;
	CHECK_EQ_INT(plenum_motion_get(db, up, &m, &d), 0);
	CHECK(m.n_options == 2 && m.public_ballots == 1);
	int64_t ann_first[2] = {1, 2};
	CHECK_EQ_INT(plenum_ballot_cast(db, ann, up, ann_first, 2, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(db, dan, up, ann_first, 2, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, ann, up, &d), 0);
	CHECK(plenum_is_member(db, top, ann));
	int64_t seat = 0;
	CHECK_EQ_INT(plenum_delegate_list(db, town, 0, first_seat, &seat, &d), 0);
	/* Eve, a member of North but not of the town federation, may not recall; Dan may. */
	plenum_motion_spec r = {.council = town, .kind = PLENUM_MOTION_RECALL, .title = "Recall",
	                        .recall = seat};
	CHECK_EQ_INT(plenum_motion_open(db, outsider, &r, &recall, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_motion_open(db, dan, &r, &recall, &d), 0);
	int64_t yes[3] = {1, 0, 0};
	CHECK_EQ_INT(plenum_ballot_cast(db, dan, recall, yes, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, dan, recall, &d), 0);
	CHECK(!plenum_is_member(db, top, ann));
	CHECK_EQ_INT(plenum_motion_get(db, recall + 1, &m, &d), 0); /* opened by the recall */
	CHECK(m.kind == PLENUM_MOTION_ELECTION && m.council == town && m.n_options == 1 &&
	      m.state == PLENUM_MOTION_OPEN);
	plenum_db_close(db);
}

/* The electorate, quorum, majority and closing time are the motion's own from opening:
 * members who join later do not move the quorum. */
TEST(council_rules_copied_at_open)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("copied.db"), &db, &d), 0);
	plenum_db_set_clock(db, 5000);
	int64_t home = make_council(db, PLENUM_NEIGHBOURHOOD, "Home", 0, 0);
	int64_t a = make_member(db, "A", home), b = make_member(db, "B", home), m;
	plenum_motion_spec s = {.council = home, .kind = PLENUM_MOTION_CAP, .title = "Cap water",
	                        .quorum_num = 1, .quorum_den = 2, .majority_num = 2,
	                        .majority_den = 3, .closes_at = 6000};
	CHECK_EQ_INT(plenum_motion_open(db, a, &s, &m, &d), 0);
	for (int k = 0; k < 3; k++)
		CHECK(make_member(db, "Late", home) > 0);
	plenum_motion mo;
	CHECK_EQ_INT(plenum_motion_get(db, m, &mo, &d), 0);
	CHECK(mo.electorate == 2 && mo.quorum_num == 1 && mo.quorum_den == 2 &&
	      mo.majority_num == 2 && mo.majority_den == 3 && mo.closes_at == 6000);
	int64_t yes[3] = {1, 0, 0};
	CHECK_EQ_INT(plenum_ballot_cast(db, b, m, yes, 3, NULL, NULL, &d), 0);
	plenum_db_set_clock(db, 6000);
	CHECK_EQ_INT(plenum_motion_close(db, b, m, &d), 0);
	plenum_result *r;
	CHECK_EQ_INT(plenum_motion_result(db, m, &r, &d), 0);
	int met = r->quorum_met, passed = r->passed; /* 1 of 2 meets the quorum 1/2; of 5 not */
	plenum_result_free(r);
	CHECK(met && passed);
	plenum_db_close(db);
}

/* An event removed from the middle of the log (triggers dropped) is named by verify. */
TEST(council_audit_removed_event)
{
	plenum_db *db;
	plenum_diag d;
	const char *path = fresh("removed.db");
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), 0);
	for (int k = 0; k < 5; k++) {
		char name[16];
		snprintf(name, sizeof name, "Council %d", k);
		CHECK(make_council(db, PLENUM_NEIGHBOURHOOD, name, 0, 0) > 0);
	}
	plenum_db_close(db);
	sqlite3 *raw;
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "DROP TRIGGER events_append_only_d; DELETE FROM events WHERE seq = 3",
	                   NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(raw);
	int64_t bad, count;
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), 0);
	CHECK_EQ_INT(plenum_audit_verify(db, &bad, &count, &d), 0);
	CHECK_EQ_INT(bad, 4);
	CHECK(strstr(d.message, "removed") != NULL);
	plenum_db_close(db);
}

static int notice_kinds(void *ud, const plenum_notice *n)
{
	size_t len = strlen(ud);
	snprintf((char *)ud + len, 512 - len, "%s ", n->kind);
	return 0;
}

static int count_open(void *ud, const plenum_motion *m)
{
	*(int64_t *)ud += m->kind == PLENUM_MOTION_ELECTION;
	return 0;
}

/* Two recalls of one seat both pass: the first vacates it and opens the election, which the
 * recall's opener may close; the second still closes, changing nothing. */
TEST(council_recall_twice_and_election_opener)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("twice.db"), &db, &d), 0);
	int64_t fed = make_council(db, PLENUM_FEDERATION, "Federation", 0, 0);
	int64_t home = make_council(db, PLENUM_NEIGHBOURHOOD, "Home", fed, 0);
	int64_t a = make_member(db, "A", home), b = make_member(db, "B", home);
	int64_t c = make_member(db, "C", home), seat, r1, r2, elections = 0;
	CHECK(a > 0 && b > 0 && c > 0);
	CHECK_EQ_INT(plenum_delegate_seat(db, 0, home, a, "", &seat, &d), 0);
	plenum_motion_spec r = {.council = home, .kind = PLENUM_MOTION_RECALL, .title = "Recall",
	                        .recall = seat};
	CHECK_EQ_INT(plenum_motion_open(db, b, &r, &r1, &d), 0);
	CHECK_EQ_INT(plenum_motion_open(db, c, &r, &r2, &d), 0);
	int64_t yes[3] = {1, 0, 0};
	for (int64_t k = 0; k < 2; k++) { /* two of three: the recall's quorum of 1/2 */
		CHECK_EQ_INT(plenum_ballot_cast(db, k ? c : b, r1, yes, 3, NULL, NULL, &d), 0);
		CHECK_EQ_INT(plenum_ballot_cast(db, k ? c : b, r2, yes, 3, NULL, NULL, &d), 0);
	}
	CHECK_EQ_INT(plenum_motion_close(db, b, r1, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, c, r2, &d), 0); /* never stuck open */
	CHECK_EQ_INT(plenum_motion_list(db, home, PLENUM_MOTION_OPEN, NULL, count_open, &elections, &d), 0);
	CHECK_EQ_INT(elections, 1);
	plenum_motion m;
	CHECK_EQ_INT(plenum_motion_get(db, r2 + 1, &m, &d), 0);
	CHECK(m.kind == PLENUM_MOTION_ELECTION && m.opener == b && m.n_options == 2);
	int64_t first[2] = {1, 2};
	CHECK_EQ_INT(plenum_ballot_cast(db, c, m.id, first, 2, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, c, m.id, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_motion_close(db, b, m.id, &d), 0); /* the recall's opener */
	CHECK(plenum_is_member(db, fed, b));
	plenum_db_close(db);
}

/* A delegate who voted before the council bound them: the council is told when the mandate
 * is made; a replacement against it is refused, one that follows it is taken. */
TEST(council_mandate_after_ballot)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("after.db"), &db, &d), 0);
	int64_t fed = make_council(db, PLENUM_FEDERATION, "Federation", 0, 0);
	int64_t home = make_council(db, PLENUM_NEIGHBOURHOOD, "Home", fed, 0);
	int64_t a = make_member(db, "A", home), b = make_member(db, "B", home), seat, fm, bind;
	CHECK_EQ_INT(plenum_delegate_seat(db, 0, home, a, "", &seat, &d), 0);
	plenum_motion_spec f = {.council = fed, .kind = PLENUM_MOTION_GENERAL, .title = "Road"};
	CHECK_EQ_INT(plenum_motion_open(db, a, &f, &fm, &d), 0);
	int64_t yes[3] = {1, 0, 0}, no[3] = {0, 1, 0};
	CHECK_EQ_INT(plenum_ballot_cast(db, a, fm, yes, 3, NULL, NULL, &d), 0);
	plenum_motion_spec bm = {.council = home, .kind = PLENUM_MOTION_GENERAL,
	                         .title = "Our delegate votes no", .binds = fm};
	CHECK_EQ_INT(plenum_motion_open(db, b, &bm, &bind, &d), 0);
	int64_t no_first[3] = {2, 1, 3};
	CHECK_EQ_INT(plenum_ballot_cast(db, b, bind, no_first, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, b, bind, &d), 0);
	char kinds[512] = "";
	CHECK_EQ_INT(plenum_notice_list(db, home, notice_kinds, kinds, &d), 0);
	CHECK(strstr(kinds, "mandate mandate-conflict") != NULL);
	CHECK_EQ_INT(plenum_ballot_cast(db, a, fm, yes, 3, NULL, NULL, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_ballot_cast(db, a, fm, no, 3, NULL, NULL, &d), 0); /* replaced */
	CHECK_EQ_INT(plenum_motion_close(db, a, fm, &d), 0);
	plenum_motion m;
	CHECK_EQ_INT(plenum_motion_get(db, fm, &m, &d), 0);
	CHECK(m.voters == 1 && m.winner == 1);
	plenum_db_close(db);
}

static int count_mandates(void *ud, const plenum_mandate *m)
{
	(void)m;
	++*(int64_t *)ud;
	return 0;
}

/* A recall and a binding motion need a quorum of at least half the council (default 1/2);
 * short of it nothing is decided, whatever the method. */
TEST(council_recall_and_mandate_quorum)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("quorum.db"), &db, &d), 0);
	int64_t fed = make_council(db, PLENUM_FEDERATION, "Federation", 0, 0);
	int64_t home = make_council(db, PLENUM_NEIGHBOURHOOD, "Home", fed, 0);
	int64_t a = make_member(db, "A", home), b = make_member(db, "B", home);
	int64_t c = make_member(db, "C", home), seat, rec, fm, bind;
	CHECK(a > 0 && b > 0 && c > 0);
	CHECK_EQ_INT(plenum_delegate_seat(db, 0, home, a, "", &seat, &d), 0);
	plenum_motion_spec r = {.council = home, .kind = PLENUM_MOTION_RECALL, .title = "Recall",
	                        .recall = seat, .quorum_num = 1, .quorum_den = 3};
	CHECK_EQ_INT(plenum_motion_open(db, b, &r, &rec, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "at least 1/2") != NULL);
	r.quorum_num = 0, r.quorum_den = 0;
	CHECK_EQ_INT(plenum_motion_open(db, b, &r, &rec, &d), 0);
	plenum_motion m;
	CHECK_EQ_INT(plenum_motion_get(db, rec, &m, &d), 0);
	CHECK(m.quorum_num == 1 && m.quorum_den == 2);
	int64_t yes[3] = {1, 0, 0};
	CHECK_EQ_INT(plenum_ballot_cast(db, b, rec, yes, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, b, rec, &d), 0); /* 1 of 3: no recall */
	CHECK(plenum_is_member(db, fed, a));
	plenum_motion_spec f = {.council = fed, .kind = PLENUM_MOTION_GENERAL, .title = "Road"};
	CHECK_EQ_INT(plenum_motion_open(db, a, &f, &fm, &d), 0);
	plenum_motion_spec bm = {.council = home, .kind = PLENUM_MOTION_GENERAL, .title = "Bind",
	                         .binds = fm};
	CHECK_EQ_INT(plenum_motion_open(db, b, &bm, &bind, &d), 0);
	int64_t no_first[3] = {2, 1, 3};
	CHECK_EQ_INT(plenum_ballot_cast(db, b, bind, no_first, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, b, bind, &d), 0);
	int64_t n = 0;
	CHECK_EQ_INT(plenum_mandate_list(db, home, fm, count_mandates, &n, &d), 0);
	CHECK_EQ_INT(n, 0); /* no mandate */
	CHECK_EQ_INT(plenum_ballot_cast(db, a, fm, yes, 3, NULL, NULL, &d), 0); /* not bound */
	plenum_result *res;
	CHECK_EQ_INT(plenum_motion_result(db, bind, &res, &d), 0);
	int met = res->quorum_met, winners = (int)res->n_winners;
	plenum_result_free(res);
	CHECK(!met && winners == 0);
	/* Motions without such effects keep a quorum of 0 unless given. */
	plenum_motion_spec g = {.council = home, .kind = PLENUM_MOTION_GENERAL, .title = "Tea"};
	CHECK_EQ_INT(plenum_motion_open(db, b, &g, &rec, &d), 0);
	CHECK_EQ_INT(plenum_motion_get(db, rec, &m, &d), 0);
	CHECK(m.quorum_num == 0 && m.quorum_den == 1);
	g.quorum_num = 1, g.quorum_den = 2000000; /* a denominator past the bound */
	CHECK_EQ_INT(plenum_motion_open(db, b, &g, &rec, &d), PLENUM_EINVAL);
	plenum_db_close(db);
}

/* A recalled delegate's ballots on the federation's open motions are withdrawn with the seat:
 * the delegate elected after votes for the council, which is counted once. */
TEST(council_recall_withdraws_ballots)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("withdraw.db"), &db, &d), 0);
	int64_t fed = make_council(db, PLENUM_FEDERATION, "Federation", 0, 0);
	int64_t home = make_council(db, PLENUM_NEIGHBOURHOOD, "Home", fed, 0);
	int64_t away = make_council(db, PLENUM_NEIGHBOURHOOD, "Away", fed, 0);
	int64_t a = make_member(db, "A", home), b = make_member(db, "B", home);
	int64_t c = make_member(db, "C", home), x = make_member(db, "X", away);
	int64_t sa, sx, fm, rec;
	CHECK_EQ_INT(plenum_delegate_seat(db, 0, home, a, "", &sa, &d), 0);
	CHECK_EQ_INT(plenum_delegate_seat(db, 0, away, x, "", &sx, &d), 0);
	plenum_motion_spec f = {.council = fed, .kind = PLENUM_MOTION_GENERAL, .title = "Road"};
	CHECK_EQ_INT(plenum_motion_open(db, x, &f, &fm, &d), 0);
	int64_t yes[3] = {1, 0, 0}, no[3] = {0, 1, 0};
	CHECK_EQ_INT(plenum_ballot_cast(db, a, fm, yes, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(db, x, fm, no, 3, NULL, NULL, &d), 0);
	plenum_motion_spec r = {.council = home, .kind = PLENUM_MOTION_RECALL, .title = "Recall",
	                        .recall = sa};
	CHECK_EQ_INT(plenum_motion_open(db, b, &r, &rec, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(db, b, rec, yes, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(db, c, rec, yes, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, b, rec, &d), 0);
	CHECK(!plenum_ballot_has_voted(db, fm, a) && plenum_ballot_has_voted(db, fm, x));
	int64_t election = rec + 1, c_first[2] = {2, 1};
	CHECK_EQ_INT(plenum_ballot_cast(db, b, election, c_first, 2, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(db, c, election, c_first, 2, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, b, election, &d), 0);
	CHECK(plenum_is_member(db, fed, c));
	CHECK_EQ_INT(plenum_ballot_cast(db, a, fm, yes, 3, NULL, NULL, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_ballot_cast(db, c, fm, no, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(db, x, fm, &d), 0);
	plenum_result *res;
	CHECK_EQ_INT(plenum_motion_result(db, fm, &res, &d), 0);
	int64_t voters = res->voters, yes_n = res->yes, no_n = res->no;
	plenum_result_free(res);
	CHECK(voters == 2 && yes_n == 0 && no_n == 2); /* one vote per seat */
	int64_t bad, count;
	CHECK_EQ_INT(plenum_audit_verify(db, &bad, &count, &d), 0);
	CHECK_EQ_INT(bad, 0);
	plenum_db_close(db);
}

static int void_notice(void *ud, const plenum_notice *n)
{
	if (strcmp(n->kind, "election-void") == 0)
		snprintf(ud, 512, "%s", n->text); /* the latest */
	return 0;
}

/* Closes motion id and returns its result's winner count (-1 on failure); *report gets
 * whether the report says no ballots were cast. */
static int64_t close_winners(plenum_db *db, int64_t actor, int64_t id, int *no_ballots)
{
	plenum_diag d;
	plenum_result *res;
	if (plenum_motion_close(db, actor, id, &d) || plenum_motion_result(db, id, &res, &d))
		return -1;
	int64_t n = res->n_winners;
	/* all the report says: places counted, then undone, would mislead */
	*no_ballots = strcmp(res->report, "no ballots were cast: nothing is decided\n") == 0;
	plenum_result_free(res);
	return n;
}

/* Under rules 2 a motion nobody voted in decides nothing, whatever its method (approval,
 * Schulze and STV picked the status quo or the first option, and an election nobody voted
 * in seated its first candidate; yes-no did not pass, and records "no", as before); a motion
 * holding rules 1 is counted as before, and its close event says so, so that verify's
 * recount agrees. */
TEST(council_no_ballots_decide_nothing)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("noballots.db"), &db, &d), 0);
	int64_t fed = make_council(db, PLENUM_FEDERATION, "Federation", 0, 0);
	int64_t home = make_council(db, PLENUM_NEIGHBOURHOOD, "Home", fed, 0);
	int64_t a = make_member(db, "A", home), b = make_member(db, "B", home), id;
	CHECK(a > 0 && b > 0 && make_member(db, "C", home) > 0);
	const char *opts[] = {"Tea", "Coffee", "Water"};
	plenum_vote_method methods[] = {PLENUM_VOTE_APPROVAL, PLENUM_VOTE_SCHULZE,
	                                PLENUM_VOTE_STV, PLENUM_VOTE_YES_NO};
	for (int k = 0; k < 4; k++) {
		int sq = methods[k] != PLENUM_VOTE_STV && methods[k] != PLENUM_VOTE_YES_NO;
		plenum_motion_spec s = {.council = home, .kind = PLENUM_MOTION_GENERAL,
		                        .method = methods[k], .title = "Drink",
		                        .options = methods[k] == PLENUM_VOTE_YES_NO ? NULL : opts,
		                        .n_options = methods[k] == PLENUM_VOTE_YES_NO ? 0 : 3,
		                        .status_quo = sq};
		CHECK_EQ_INT(plenum_motion_open(db, a, &s, &id, &d), 0);
		plenum_motion m;
		CHECK_EQ_INT(plenum_motion_get(db, id, &m, &d), 0);
		CHECK_EQ_INT(m.rules, PLENUM_RULES);
		int none = 0, yes_no = methods[k] == PLENUM_VOTE_YES_NO;
		CHECK_EQ_INT(close_winners(db, a, id, &none), yes_no ? 1 : 0);
		CHECK(none == !yes_no);
		CHECK_EQ_INT(plenum_motion_get(db, id, &m, &d), 0);
		CHECK(m.winner == (yes_no ? 1 : -1) && m.passed == 0 && m.voters == 0);
	}
	/* an election nobody votes in seats nobody */
	plenum_motion_spec e = {.council = home, .kind = PLENUM_MOTION_ELECTION, .title = "Seat"};
	CHECK_EQ_INT(plenum_motion_open(db, a, &e, &id, &d), 0);
	int none = 0;
	CHECK_EQ_INT(close_winners(db, a, id, &none), 0);
	int64_t seats = 0;
	CHECK_EQ_INT(plenum_delegate_list(db, home, 0, count_rows, &seats, &d), 0);
	CHECK(none && seats == 0);
	char kinds[512] = "";
	CHECK_EQ_INT(plenum_notice_list(db, home, notice_kinds, kinds, &d), 0);
	CHECK(strstr(kinds, "election-void") != NULL); /* the vacant seat is said, and why */
	char void_text[512] = "";
	CHECK_EQ_INT(plenum_notice_list(db, home, void_notice, void_text, &d), 0);
	CHECK(strstr(void_text, "no ballots were cast; the seat stays vacant") != NULL);
	/* one short of its quorum says so */
	e.quorum_num = 1, e.quorum_den = 2, e.title = "Seat again";
	CHECK_EQ_INT(plenum_motion_open(db, a, &e, &id, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(db, a, id, (int64_t[3]){1, 2, 3}, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(close_winners(db, a, id, &none), 0);
	CHECK_EQ_INT(plenum_notice_list(db, home, void_notice, void_text, &d), 0);
	CHECK(strstr(void_text, "fell short of its quorum") != NULL);
	/* one ballot is enough to decide */
	plenum_motion_spec s = {.council = home, .kind = PLENUM_MOTION_GENERAL,
	                        .method = PLENUM_VOTE_APPROVAL, .title = "Drink", .options = opts,
	                        .n_options = 3};
	CHECK_EQ_INT(plenum_motion_open(db, a, &s, &id, &d), 0);
	int64_t water[3] = {0, 0, 1};
	CHECK_EQ_INT(plenum_ballot_cast(db, b, id, water, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(close_winners(db, a, id, &none), 1);
	CHECK(!none);
	/* a motion holding rules 1 (opened before schema 5) is counted as it was */
	CHECK_EQ_INT(plenum_motion_open(db, a, &s, &id, &d), 0);
	plenum_db_close(db);
	char path[4200];
	snprintf(path, sizeof path, "%s/noballots.db", test_tmpdir());
	sqlite3 *raw;
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE motions SET rules = 1 WHERE id = %lld", (long long)id);
	CHECK(sqlite3_exec(raw, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(raw);
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), 0);
	CHECK_EQ_INT(close_winners(db, a, id, &none), 1);
	plenum_motion m;
	CHECK_EQ_INT(plenum_motion_get(db, id, &m, &d), 0);
	CHECK(!none && m.rules == 1 && m.winner == 0);
	int64_t bad = -1, count = 0;
	CHECK_EQ_INT(plenum_audit_verify(db, &bad, &count, &d), 0);
	CHECK_EQ_INT(bad, 0);
	plenum_db_close(db);
}

/* Canonical JSON as docs/councils.md gives it to outside verifiers: -0 is written 0 (read
 * back it is the integer 0, which a verifier re-printing the API's JSON writes "0"). */
TEST(council_canonical_json)
{
	ct_json j = {0};
	ct_js_num(&j, "a", -0.0);
	ct_js_num(&j, "b", 4.36);
	ct_js_num(&j, "c", NAN);
	ct_js_int(&j, "d", -7);
	ct_js_str(&j, "e", "q\"b\\n\nt\t\x1b\xc3\xa5");
	const char *t = ct_js_end(&j);
	CHECK(t != NULL);
	CHECK_STR(t, "{\"a\":0,\"b\":4.3600000000000003,\"c\":null,\"d\":-7,"
	             "\"e\":\"q\\\"b\\\\n\\nt\\t\\u001b\xc3\xa5\"}");
	ct_js_free(&j);
}
