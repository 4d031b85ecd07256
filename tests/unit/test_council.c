/* The council rules through the public API: who may do what, refusals, secret and public
 * ballots, recall, mandates, needs, the plan bridge, sessions and join requests. */
#include <sqlite3.h>
#include <stdlib.h>
#include "plenum/council.h"
#include "test.h"

typedef struct fixture {
	plenum_db *db;
	int64_t fed, n1, n2, work;     /* federation; two neighbourhoods and a workplace in it */
	int64_t ann, bob, cat, dan, eve; /* ann, bob, cat in n1; dan, eve in n2; ann also in work */
} fixture;

static int64_t events(plenum_db *db)
{
	char hash[65];
	int64_t seq = -1;
	if (plenum_audit_head(db, hash, &seq, NULL))
		return -1;
	return seq;
}

static int count_cb(void *ud, const void *row)
{
	(void)row;
	++*(int64_t *)ud;
	return 0;
}
#define COUNTER(T) ((int (*)(void *, const T *))count_cb)

static const char *db_path(const char *name)
{
	static char path[4200];
	snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
	remove(path);
	return path;
}

static int64_t council(plenum_db *db, plenum_council_kind kind, const char *name, int64_t parent)
{
	plenum_council_spec s = {.kind = kind, .name = name, .parent = parent, .seats = 2};
	int64_t id = 0;
	return plenum_council_create(db, PLENUM_ACTOR_ADMIN, &s, &id, NULL) ? -1 : id;
}

static int64_t member(plenum_db *db, const char *name, int64_t c1, int64_t c2)
{
	int64_t id = 0;
	if (plenum_member_create(db, PLENUM_ACTOR_ADMIN, name, NULL, NULL, &id, NULL))
		return -1;
	if (plenum_membership_add(db, PLENUM_ACTOR_ADMIN, c1, id, NULL))
		return -1;
	if (c2 && plenum_membership_add(db, PLENUM_ACTOR_ADMIN, c2, id, NULL))
		return -1;
	return id;
}

static int setup(fixture *f, const char *name)
{
	memset(f, 0, sizeof *f);
	if (plenum_db_open(db_path(name), &f->db, NULL))
		return 0;
	plenum_db_set_clock(f->db, 1000000);
	f->fed = council(f->db, PLENUM_FEDERATION, "Riverside federation", 0);
	f->n1 = council(f->db, PLENUM_NEIGHBOURHOOD, "North bank", f->fed);
	f->n2 = council(f->db, PLENUM_NEIGHBOURHOOD, "South bank", f->fed);
	f->work = council(f->db, PLENUM_WORKPLACE, "Bakery", f->fed);
	f->ann = member(f->db, "Ann", f->n1, f->work);
	f->bob = member(f->db, "Bob", f->n1, 0);
	f->cat = member(f->db, "Cat", f->n1, 0);
	f->dan = member(f->db, "Dan", f->n2, 0);
	f->eve = member(f->db, "Eve", f->n2, 0);
	return f->fed > 0 && f->n1 > 0 && f->n2 > 0 && f->work > 0 && f->ann > 0 && f->bob > 0 &&
	       f->cat > 0 && f->dan > 0 && f->eve > 0;
}

static int64_t yes_no_motion(fixture *f, int64_t actor, int64_t c, const char *title)
{
	plenum_motion_spec s = {.council = c, .kind = PLENUM_MOTION_GENERAL, .title = title};
	int64_t id = 0;
	return plenum_motion_open(f->db, actor, &s, &id, NULL) ? -1 : id;
}

static int vote(fixture *f, int64_t who, int64_t motion, int64_t a, int64_t b, int64_t c)
{
	int64_t marks[3] = {a, b, c};
	return plenum_ballot_cast(f->db, who, motion, marks, 3, NULL, NULL, NULL);
}

TEST(council_store_open)
{
	fixture f;
	CHECK(setup(&f, "open.db"));
	CHECK_EQ_INT(plenum_db_schema_version(f.db), 6);
	plenum_db_close(f.db);
	plenum_db *db;
	plenum_diag d;
	char path[4200];
	snprintf(path, sizeof path, "%s/open.db", test_tmpdir());
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), PLENUM_OK);
	plenum_council c;
	CHECK_EQ_INT(plenum_council_get(db, 2, &c, &d), PLENUM_OK);
	CHECK_STR(c.name, "North bank");
	CHECK_EQ_INT(c.members, 3);
	CHECK_EQ_INT(c.parent, 1);
	plenum_db_close(db);
	CHECK_EQ_INT(plenum_db_open("/nonexistent-dir/x.db", &db, &d), PLENUM_EDB);
	CHECK(db == NULL && strstr(d.message, "/nonexistent-dir/x.db") != NULL);
}

TEST(council_create_refusals)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "create.db"));
	int64_t before = events(f.db), id = 0;
	char big[PLENUM_NAME_MAX + 2];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	plenum_council_spec s = {.kind = PLENUM_NEIGHBOURHOOD, .name = ""};
	CHECK_EQ_INT(plenum_council_create(f.db, 0, &s, &id, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "empty") != NULL);
	s.name = big;
	CHECK_EQ_INT(plenum_council_create(f.db, 0, &s, &id, &d), PLENUM_EINVAL);
	s.name = "Bad \xC3\x28 name";
	CHECK_EQ_INT(plenum_council_create(f.db, 0, &s, &id, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "UTF-8") != NULL);
	s.name = "North bank";
	CHECK_EQ_INT(plenum_council_create(f.db, 0, &s, &id, &d), PLENUM_ECONFLICT);
	s.name = "Inside a bakery";
	s.parent = f.work;
	CHECK_EQ_INT(plenum_council_create(f.db, 0, &s, &id, &d), PLENUM_EINVAL);
	s.parent = 999;
	CHECK_EQ_INT(plenum_council_create(f.db, 0, &s, &id, &d), PLENUM_ENOTFOUND);
	s.parent = 0;
	s.kind = PLENUM_FEDERATION;
	CHECK_EQ_INT(plenum_council_create(f.db, f.ann, &s, &id, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_council_set_parent(f.db, f.ann, f.n1, 0, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_council_set_parent(f.db, 0, f.fed, f.fed, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(events(f.db), before); /* nothing stored */
	/* A member founds a neighbourhood council and is its first member. */
	s.kind = PLENUM_NEIGHBOURHOOD;
	CHECK_EQ_INT(plenum_council_create(f.db, f.bob, &s, &id, &d), PLENUM_OK);
	CHECK(plenum_is_member(f.db, id, f.bob));
	CHECK_EQ_INT(plenum_council_top(f.db, &id, &d), PLENUM_OK);
	CHECK_EQ_INT(id, f.fed);
	plenum_db_close(f.db);
}

TEST(council_membership_rules)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "membership.db"));
	CHECK_EQ_INT(plenum_membership_add(f.db, f.ann, f.n2, f.bob, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_membership_add(f.db, 0, f.fed, f.bob, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "delegates") != NULL);
	CHECK_EQ_INT(plenum_membership_add(f.db, 0, f.n1, f.bob, &d), PLENUM_ECONFLICT);
	CHECK_EQ_INT(plenum_membership_add(f.db, 0, f.n1, 4242, &d), PLENUM_ENOTFOUND);
	CHECK_EQ_INT(plenum_membership_remove(f.db, f.ann, f.n1, f.bob, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_membership_remove(f.db, f.bob, f.n1, f.bob, &d), PLENUM_OK);
	CHECK(!plenum_is_member(f.db, f.n1, f.bob));
	int64_t n = 0;
	CHECK_EQ_INT(plenum_member_councils(f.db, f.ann, COUNTER(plenum_council), &n, &d), 0);
	CHECK_EQ_INT(n, 2);
	/* A seated delegate cannot leave before resigning. */
	int64_t seat;
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n1, f.ann, "mandate", &seat, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_membership_remove(f.db, f.ann, f.n1, f.ann, &d), PLENUM_ECONFLICT);
	CHECK(plenum_is_member(f.db, f.fed, f.ann)); /* a federation's members are delegates */
	CHECK(!plenum_is_member(f.db, f.fed, f.cat));
	plenum_db_close(f.db);
}

TEST(council_yes_no_motion_rules)
{
	fixture f;
	plenum_diag d;
	plenum_result *r;
	char receipt[PLENUM_RECEIPT_SIZE], again[PLENUM_RECEIPT_SIZE];
	CHECK(setup(&f, "yesno.db"));
	CHECK_EQ_INT(yes_no_motion(&f, f.dan, f.n1, "Open later"), -1); /* not a member */
	int64_t m = yes_no_motion(&f, f.ann, f.n1, "Community kitchen on Fridays");
	CHECK(m > 0);
	int64_t yes[3] = {1, 0, 0}, no[3] = {0, 1, 0};
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.ann, m, yes, 3, NULL, receipt, &d), PLENUM_OK);
	CHECK_EQ_INT(strlen(receipt), 32);
	CHECK_EQ_INT(vote(&f, f.dan, m, 1, 0, 0), PLENUM_EDENIED); /* a non-member */
	CHECK_EQ_INT(vote(&f, 0, m, 1, 0, 0), PLENUM_EDENIED);     /* the admin does not vote */
	CHECK_EQ_INT(vote(&f, f.ann, m, 0, 1, 0), PLENUM_ECONFLICT); /* twice, no receipt */
	CHECK_EQ_INT(vote(&f, f.bob, m, 1, 1, 0), PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.bob, m, yes, 3, receipt, NULL, &d),
	             PLENUM_ECONFLICT); /* someone else's receipt, no ballot of bob's */
	CHECK_EQ_INT(vote(&f, f.bob, m, 0, 1, 0), PLENUM_OK);
	CHECK_EQ_INT(vote(&f, f.cat, m, 0, 1, 0), PLENUM_OK);
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.bob, m, yes, 3, receipt, NULL, &d),
	             PLENUM_ECONFLICT); /* ann's receipt does not open bob's ballot */
	/* ann replaces her ballot with her receipt: counted once. */
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.ann, m, no, 3, receipt, again, &d), PLENUM_OK);
	CHECK_STR(again, receipt);
	int64_t marks[3], n;
	CHECK_EQ_INT(plenum_ballot_check(f.db, m, receipt, marks, 3, &n, &d), PLENUM_OK);
	CHECK(n == 3 && marks[1] == 1 && marks[0] == 0);
	CHECK_EQ_INT(plenum_motion_result(f.db, m, &r, &d), PLENUM_ECONFLICT); /* no early tally */
	CHECK(r == NULL);
	plenum_motion mo;
	CHECK_EQ_INT(plenum_motion_get(f.db, m, &mo, &d), PLENUM_OK);
	CHECK(mo.voters == 0 && mo.state == PLENUM_MOTION_OPEN && mo.electorate == 3);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.bob, m, &d), PLENUM_EDENIED); /* not the opener */
	CHECK_EQ_INT(plenum_motion_close(f.db, f.ann, m, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.ann, m, &d), PLENUM_ECONFLICT);
	CHECK_EQ_INT(vote(&f, f.bob, m, 1, 0, 0), PLENUM_ECONFLICT); /* after close */
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.ann, m, yes, 3, receipt, NULL, &d), PLENUM_ECONFLICT);
	CHECK_EQ_INT(plenum_motion_result(f.db, m, &r, &d), PLENUM_OK);
	CHECK(r->voters == 3 && r->yes == 0 && r->no == 3 && !r->passed);
	plenum_result_free(r);
	CHECK_EQ_INT(plenum_motion_get(f.db, m, &mo, &d), PLENUM_OK);
	CHECK(mo.voters == 3 && mo.state == PLENUM_MOTION_CLOSED && mo.winner == 1);
	plenum_db_close(f.db);
}

/* The secret ballot store: no member beside the contents, nothing of them in the log. */
TEST(council_secret_ballots)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "secret.db"));
	int64_t m = yes_no_motion(&f, f.ann, f.n1, "Secret question");
	CHECK_EQ_INT(vote(&f, f.ann, m, 1, 0, 0), 0);
	CHECK_EQ_INT(vote(&f, f.bob, m, 0, 0, 1), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.ann, m, &d), PLENUM_OK);
	int64_t n = 0;
	CHECK_EQ_INT(plenum_public_ballots(f.db, m, 0, COUNTER(plenum_public_ballot), &n, &d), 0);
	CHECK_EQ_INT(n, 0);
	CHECK(plenum_ballot_has_voted(f.db, m, f.ann) && !plenum_ballot_has_voted(f.db, m, f.cat));
	plenum_db_close(f.db);
	sqlite3 *raw;
	char path[4200];
	snprintf(path, sizeof path, "%s/secret.db", test_tmpdir());
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	sqlite3_stmt *s;
	CHECK(sqlite3_prepare_v2(raw, "SELECT count(*) FROM ballots WHERE member IS NOT NULL"
	                              " OR cast_at != 0", -1, &s, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0);
	sqlite3_finalize(s);
	CHECK(sqlite3_prepare_v2(raw, "SELECT count(*) FROM events WHERE kind LIKE 'ballot%'"
	                              " AND content LIKE '%marks%'", -1, &s, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0);
	sqlite3_finalize(s);
	/* Nothing changes after close, even through SQL. */
	CHECK(sqlite3_exec(raw, "UPDATE ballots SET marks = '1,0,0'", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(raw, "UPDATE motions SET voters = 9", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(raw, "DELETE FROM voted", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(raw, "DELETE FROM options", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(raw, "UPDATE options SET tally = 7", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(raw, "DELETE FROM events", NULL, NULL, NULL) != SQLITE_OK);
	sqlite3_close(raw);
}

static int seat_of(void *ud, const plenum_delegate *g)
{
	*(int64_t *)ud = g->id;
	return 1;
}

TEST(council_recall_and_election)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "recall.db"));
	int64_t seat, election, recall, n = 0;
	CHECK_EQ_INT(plenum_delegate_seat(f.db, f.bob, f.n1, f.ann, "", &seat, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n1, f.dan, "", &seat, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n1, f.ann, "Bread first", &seat, &d), 0);
	plenum_motion_spec r = {.council = f.n1, .kind = PLENUM_MOTION_RECALL, .title = "Recall Ann",
	                        .recall = seat};
	CHECK_EQ_INT(plenum_motion_open(f.db, f.dan, &r, &recall, &d), PLENUM_EDENIED);
	r.council = f.n2; /* the recall belongs to the electing council */
	CHECK_EQ_INT(plenum_motion_open(f.db, f.dan, &r, &recall, &d), PLENUM_EINVAL);
	r.council = f.n1;
	CHECK_EQ_INT(plenum_motion_open(f.db, f.bob, &r, &recall, &d), PLENUM_OK);
	CHECK_EQ_INT(vote(&f, f.bob, recall, 1, 0, 0), 0);
	CHECK_EQ_INT(vote(&f, f.cat, recall, 1, 0, 0), 0);
	CHECK_EQ_INT(vote(&f, f.ann, recall, 0, 1, 0), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.bob, recall, &d), PLENUM_OK);
	plenum_delegate g;
	CHECK_EQ_INT(plenum_delegate_get(f.db, seat, &g, &d), PLENUM_OK);
	CHECK(g.until == 1000000 && g.ended_by == recall); /* vacated at once */
	CHECK(!plenum_is_member(f.db, f.fed, f.ann));
	/* The election opened at once: candidates Bob and Cat (not the recalled Ann). */
	plenum_motion mo;
	election = 0;
	CHECK_EQ_INT(plenum_motion_list(f.db, f.n1, PLENUM_MOTION_OPEN, NULL,
	                                COUNTER(plenum_motion), &n, &d), 0);
	CHECK_EQ_INT(n, 1);
	election = recall + 1;
	CHECK_EQ_INT(plenum_motion_get(f.db, election, &mo, &d), PLENUM_OK);
	CHECK(mo.kind == PLENUM_MOTION_ELECTION && mo.method == PLENUM_VOTE_STV &&
	      mo.n_options == 2);
	int64_t cat_first[2] = {2, 1}, bob_first[2] = {1, 2};
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.bob, election, cat_first, 2, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.cat, election, cat_first, 2, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.ann, election, bob_first, 2, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, 0, election, &d), PLENUM_OK);
	int64_t now_seat = 0;
	CHECK_EQ_INT(plenum_delegate_list(f.db, f.n1, 0, seat_of, &now_seat, &d), 0);
	CHECK_EQ_INT(plenum_delegate_get(f.db, now_seat, &g, &d), PLENUM_OK);
	CHECK(g.member == f.cat && g.elected_by == election);
	CHECK_STR(g.mandate, "Bread first"); /* the seat's mandate carried to the election */
	n = 0;
	CHECK_EQ_INT(plenum_notice_list(f.db, f.n1, COUNTER(plenum_notice), &n, &d), 0);
	CHECK(n >= 3); /* seat vacated, election opened, delegate elected */
	/* A recall that fails leaves the seat. */
	r.recall = now_seat;
	CHECK_EQ_INT(plenum_motion_open(f.db, f.bob, &r, &recall, &d), PLENUM_OK);
	CHECK_EQ_INT(vote(&f, f.bob, recall, 0, 1, 0), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.bob, recall, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_delegate_get(f.db, now_seat, &g, &d), PLENUM_OK);
	CHECK_EQ_INT(g.until, 0);
	plenum_db_close(f.db);
}

TEST(council_binding_mandate)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "mandate.db"));
	int64_t s1, s2, fm, bind, n = 0;
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n1, f.ann, "", &s1, &d), 0);
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n2, f.dan, "", &s2, &d), 0);
	fm = yes_no_motion(&f, f.dan, f.fed, "Close the river road to cars");
	CHECK(fm > 0);
	CHECK_EQ_INT(yes_no_motion(&f, f.bob, f.fed, "Not a delegate"), -1);
	plenum_motion_spec b = {.council = f.n1, .kind = PLENUM_MOTION_GENERAL,
	                        .title = "How our delegate votes on the river road", .binds = fm};
	CHECK_EQ_INT(plenum_motion_open(f.db, f.bob, &b, &bind, &d), PLENUM_OK);
	int64_t no_first[3] = {2, 1, 3};
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.bob, bind, no_first, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.cat, bind, no_first, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.bob, bind, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_mandate_list(f.db, f.n1, fm, COUNTER(plenum_mandate), &n, &d), 0);
	CHECK_EQ_INT(n, 1);
	/* Ann votes yes against the mandate "no": refused, and North bank is told. */
	int64_t before = 0, after = 0;
	CHECK_EQ_INT(plenum_notice_list(f.db, f.n1, COUNTER(plenum_notice), &before, &d), 0);
	CHECK_EQ_INT(vote(&f, f.ann, fm, 1, 0, 0), PLENUM_EDENIED);
	CHECK(strstr(plenum_db_errmsg(f.db), "mandate") != NULL);
	CHECK(!plenum_ballot_has_voted(f.db, fm, f.ann));
	CHECK_EQ_INT(plenum_notice_list(f.db, f.n1, COUNTER(plenum_notice), &after, &d), 0);
	CHECK_EQ_INT(after, before + 1);
	CHECK_EQ_INT(vote(&f, f.ann, fm, 0, 1, 0), PLENUM_OK);
	CHECK_EQ_INT(vote(&f, f.dan, fm, 1, 0, 0), PLENUM_OK); /* Dan is not bound */
	/* Public ballots appear only after close. */
	n = 0;
	CHECK_EQ_INT(plenum_public_ballots(f.db, fm, 0, COUNTER(plenum_public_ballot), &n, &d), 0);
	CHECK_EQ_INT(n, 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.dan, fm, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_public_ballots(f.db, fm, 0, COUNTER(plenum_public_ballot), &n, &d), 0);
	CHECK_EQ_INT(n, 2);
	n = 0;
	CHECK_EQ_INT(plenum_public_ballots(f.db, 0, f.ann, COUNTER(plenum_public_ballot), &n, &d), 0);
	CHECK_EQ_INT(n, 1);
	plenum_db_close(f.db);
}

static int sum_cb(void *ud, const plenum_need_total *t)
{
	double *q = ud;
	if (strcmp(t->product, "bread") == 0)
		q[0] = t->quantity, q[1] = t->priority;
	return 0;
}

static int64_t totals_version(plenum_db *db)
{
	int64_t v = -1;
	return plenum_totals_version(db, &v, NULL) ? -1 : v;
}

/* The totals' version (what the server keeps the needs answers under) moves with every change
 * the sums are made of, and not with what they are not (a motion, a ballot). */
TEST(council_totals_version)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "totals.db"));
	plenum_product_row p[1] = {{"bread", "Bread", "kg"}};
	CHECK_EQ_INT(plenum_products_register(f.db, 0, p, 1, &d), 0);
	int64_t v = totals_version(f.db), m;
	CHECK(v >= 0);
#define MOVES(call)                                                 \
	do {                                                        \
		CHECK_EQ_INT((call), PLENUM_OK);                    \
		CHECK(totals_version(f.db) > v);                    \
		v = totals_version(f.db);                           \
	} while (0)
	MOVES(plenum_need_set(f.db, f.bob, f.bob, f.n1, "bread", 2, 1, &d));
	MOVES(plenum_need_set(f.db, f.bob, f.bob, f.n1, "bread", 3, 2, &d));
	MOVES(plenum_ability_set(f.db, f.bob, f.bob, f.n1, 10, "baking", &d));
	p[0].unit = "loaves";
	MOVES(plenum_products_register(f.db, 0, p, 1, &d));
	int64_t fed2 = council(f.db, PLENUM_FEDERATION, "Hill federation", 0);
	v = totals_version(f.db);
	MOVES(plenum_council_set_parent(f.db, 0, f.n2, fed2, &d));
	m = yes_no_motion(&f, f.ann, f.n1, "Tea");
	CHECK(m > 0 && totals_version(f.db) == v);
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.ann, m, (int64_t[3]){1, 0, 0}, 3, NULL, NULL, &d),
	             0);
	CHECK_EQ_INT(totals_version(f.db), v);
	MOVES(plenum_membership_remove(f.db, f.bob, f.n1, f.bob, &d)); /* his need and hours go */
	MOVES(plenum_need_set(f.db, f.ann, f.ann, f.n1, "bread", 1, 1, &d));
	MOVES(plenum_need_set(f.db, f.ann, f.ann, f.n1, "bread", 0, 1, &d)); /* removed */
#undef MOVES
	plenum_db_close(f.db);
}

TEST(council_needs_and_abilities)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "needs.db"));
	plenum_product_row p[2] = {{"bread", "Bread", "kg"}, {"care", "Care", "h"}};
	CHECK_EQ_INT(plenum_products_register(f.db, f.ann, p, 2, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_products_register(f.db, 0, p, 2, &d), PLENUM_OK);
	int64_t before = events(f.db);
	CHECK_EQ_INT(plenum_need_set(f.db, f.ann, f.ann, f.n1, "bread", -1, 1, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "-1") != NULL);
	CHECK_EQ_INT(plenum_need_set(f.db, f.ann, f.ann, f.n1, "bread", NAN, 1, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_need_set(f.db, f.ann, f.ann, f.n1, "cake", 1, 1, &d), PLENUM_ENOTFOUND);
	CHECK_EQ_INT(plenum_need_set(f.db, f.ann, f.ann, f.n1, "bread", 1, 9, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_need_set(f.db, f.bob, f.ann, f.n1, "bread", 1, 1, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_need_set(f.db, f.ann, f.ann, f.n2, "bread", 1, 1, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(events(f.db), before);
	CHECK_EQ_INT(plenum_need_set(f.db, f.ann, f.ann, f.n1, "bread", 6, 1, &d), 0);
	CHECK_EQ_INT(plenum_need_set(f.db, f.bob, f.bob, f.n1, "bread", 2, 3, &d), 0);
	CHECK_EQ_INT(plenum_need_set(f.db, f.dan, f.dan, f.n2, "bread", 4, 2, &d), 0);
	CHECK_EQ_INT(plenum_need_set(f.db, f.dan, f.dan, f.n2, "care", 3, 1, &d), 0);
	CHECK_EQ_INT(plenum_need_set(f.db, f.ann, f.ann, f.n1, "bread", 5, 1, &d), 0); /* replace */
	double q[2] = {0, 0};
	CHECK_EQ_INT(plenum_council_needs(f.db, f.n1, sum_cb, q, &d), 0);
	CHECK_NEAR(q[0], 7, 1e-12);
	CHECK_NEAR(q[1], (5 * 1 + 2 * 3) / 7.0, 1e-12);
	CHECK_EQ_INT(plenum_council_needs(f.db, f.fed, sum_cb, q, &d), 0);
	CHECK_NEAR(q[0], 11, 1e-12); /* the federation: the sum of its councils' */
	int64_t n = 0;
	CHECK_EQ_INT(plenum_member_needs(f.db, f.dan, 0, COUNTER(plenum_need), &n, &d), 0);
	CHECK_EQ_INT(n, 2);
	CHECK_EQ_INT(plenum_need_set(f.db, f.dan, f.dan, f.n2, "care", 0, 1, &d), 0); /* removes */
	n = 0;
	CHECK_EQ_INT(plenum_member_needs(f.db, f.dan, 0, COUNTER(plenum_need), &n, &d), 0);
	CHECK_EQ_INT(n, 1);
	CHECK_EQ_INT(plenum_ability_set(f.db, f.ann, f.ann, f.work, 200, "", &d), PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_ability_set(f.db, f.ann, f.ann, f.work, 30, "baking, ovens", &d), 0);
	CHECK_EQ_INT(plenum_ability_set(f.db, f.eve, f.eve, f.n2, 12.5, "care", &d), 0);
	double hours;
	CHECK_EQ_INT(plenum_council_hours(f.db, f.fed, &hours, &n, &d), 0);
	CHECK_NEAR(hours, 42.5, 1e-12);
	CHECK_EQ_INT(n, 2);
	/* sums as people wrote them: 0.1 + 0.2 kg is 0.3, not 0.30000000000000004 */
	CHECK_EQ_INT(plenum_need_set(f.db, f.ann, f.ann, f.n1, "bread", 0.1, 1, &d), 0);
	CHECK_EQ_INT(plenum_need_set(f.db, f.bob, f.bob, f.n1, "bread", 0.2, 1, &d), 0);
	CHECK_EQ_INT(plenum_council_needs(f.db, f.n1, sum_cb, q, &d), 0);
	CHECK(q[0] == 0.3 && q[1] == 1);
	CHECK_EQ_INT(plenum_ability_set(f.db, f.ann, f.ann, f.work, 0.1, "", &d), 0);
	CHECK_EQ_INT(plenum_ability_set(f.db, f.eve, f.eve, f.n2, 0.2, "", &d), 0);
	CHECK_EQ_INT(plenum_council_hours(f.db, f.fed, &hours, &n, &d), 0);
	CHECK(hours == 0.3);
	plenum_db_close(f.db);
}

static int target_sum(void *ud, const plenum_fulfilment *x)
{
	double *q = ud;
	q[0] += x->target, q[1] += x->actual, q[2] = x->fulfilment;
	return 0;
}

TEST(council_plan_adoption_bridge)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "plan.db"));
	int64_t s1, s2, m;
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n1, f.ann, "", &s1, &d), 0);
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n2, f.dan, "", &s2, &d), 0);
	const char *variants[] = {"30 h week", "25 h week"}, *keys[] = {"v30", "v25"};
	plenum_motion_spec s = {.council = f.fed, .kind = PLENUM_MOTION_PLAN_ADOPTION,
	                        .title = "Plan 2027", .options = variants, .payloads = keys,
	                        .n_options = 2, .status_quo = 1};
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &m, &d), PLENUM_OK);
	plenum_target t = {f.work, "bake", "bread", 100};
	CHECK_EQ_INT(plenum_plan_store(f.db, 0, m, "2027", "", &t, 1, &d), PLENUM_ECONFLICT);
	int64_t r1[3] = {2, 1, 3}, r2[3] = {1, 2, 3};
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.ann, m, r1, 3, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.dan, m, r1, 3, NULL, NULL, &d), 0);
	(void)r2;
	CHECK_EQ_INT(plenum_motion_close(f.db, f.ann, m, &d), PLENUM_OK);
	plenum_motion mo;
	CHECK_EQ_INT(plenum_motion_get(f.db, m, &mo, &d), 0);
	CHECK(mo.winner == 1 && mo.status_quo == 2);
	CHECK_EQ_INT(plenum_plan_store(f.db, f.ann, m, "2027", "", &t, 1, &d), PLENUM_EDENIED);
	plenum_target bad = {f.n1, "bake", "bread", 100};
	CHECK_EQ_INT(plenum_plan_store(f.db, 0, m, "2027", "", &bad, 1, &d), PLENUM_EINVAL);
	plenum_council_spec far = {.kind = PLENUM_WORKPLACE, .name = "Far bakery"};
	CHECK_EQ_INT(plenum_council_create(f.db, 0, &far, &bad.council, &d), 0);
	CHECK_EQ_INT(plenum_plan_store(f.db, 0, m, "2027", "", &bad, 1, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "not in federation") != NULL);
	plenum_target nowhere = {999, "bake", "bread", 1};
	CHECK_EQ_INT(plenum_plan_store(f.db, 0, m, "2027", "", &nowhere, 1, &d), PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, "council 999: no such council")); /* not "not linked" */
	CHECK_EQ_INT(plenum_plan_store(f.db, 0, m, "2027", "", &t, 0, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "a plan without targets"));
	/* a target for a technique the workplace is not linked to could never be reported */
	CHECK_EQ_INT(plenum_plan_store(f.db, 0, m, "2027", "25 h week", &t, 1, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "is not linked to technique 'bake'") != NULL);
	CHECK_EQ_INT(plenum_output_report(f.db, f.ann, f.work, "2027", "bake", 80, &d),
	             PLENUM_EINVAL); /* nor may it report against it */
	CHECK(strstr(d.message, "not linked") != NULL);
	CHECK_EQ_INT(plenum_workplace_link(f.db, f.bob, f.work, "econ", "bake", &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_workplace_link(f.db, f.ann, f.work, "econ", "bake", &d), 0);
	int64_t events = 0, again = 0, bad_seq;
	CHECK_EQ_INT(plenum_audit_verify(f.db, &bad_seq, &events, &d), 0);
	CHECK_EQ_INT(plenum_workplace_link(f.db, f.ann, f.work, "econ", "bake", &d), 0);
	CHECK_EQ_INT(plenum_audit_verify(f.db, &bad_seq, &again, &d), 0);
	CHECK_EQ_INT(again, events); /* linked again: nothing changed, nothing logged */
	t.quantity = 1e15;
	CHECK_EQ_INT(plenum_plan_store(f.db, 0, m, "2027", "25 h week", &t, 1, &d), PLENUM_EINVAL);
	t.quantity = 100;
	CHECK_EQ_INT(plenum_plan_store(f.db, 0, m, "2027", "25 h week", &t, 1, &d), PLENUM_OK);
	CHECK_EQ_INT(plenum_plan_store(f.db, 0, m, "2027", "", &t, 1, &d), PLENUM_ECONFLICT);
	CHECK_EQ_INT(plenum_output_report(f.db, f.bob, f.work, "2027", "bake", 80, &d),
	             PLENUM_EDENIED); /* bob does not work at the bakery */
	CHECK_EQ_INT(plenum_output_report(f.db, f.ann, f.work, "2027", "bake", -5, &d),
	             PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_output_report(f.db, f.ann, f.work, "2027", "bake", 80, &d), 0);
	double q[3] = {0, 0, 0};
	CHECK_EQ_INT(plenum_fulfilment_list(f.db, 0, target_sum, q, &d), 0);
	CHECK(q[0] == 100 && q[1] == 80);
	CHECK_NEAR(q[2], 0.8, 1e-12);
	int64_t n = 0;
	CHECK_EQ_INT(plenum_targets_list(f.db, m, f.work, COUNTER(plenum_target), &n, &d), 0);
	CHECK_EQ_INT(n, 1);
	plenum_db_close(f.db);
}

TEST(council_audit_chain)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "audit.db"));
	int64_t bad, count;
	CHECK_EQ_INT(plenum_audit_verify(f.db, &bad, &count, &d), PLENUM_OK);
	CHECK(bad == 0 && count == events(f.db) && count > 10);
	plenum_db_close(f.db);
	sqlite3 *raw;
	char path[4200];
	snprintf(path, sizeof path, "%s/audit.db", test_tmpdir());
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "DROP TRIGGER events_append_only_u;"
	                        "UPDATE events SET content = replace(content, 'Bob', 'Rob')"
	                        " WHERE kind = 'member.create'", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_stmt *s;
	CHECK(sqlite3_prepare_v2(raw, "SELECT min(seq) FROM events WHERE content LIKE '%Rob%'", -1,
	                         &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW);
	int64_t changed = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(raw);
	CHECK(plenum_db_open(path, &f.db, &d) == 0);
	CHECK_EQ_INT(plenum_audit_verify(f.db, &bad, &count, &d), PLENUM_OK);
	CHECK_EQ_INT(bad, changed);
	CHECK(strstr(d.message, "does not match its hash") != NULL);
	plenum_db_close(f.db);
}

TEST(council_bad_input)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "bad.db"));
	int64_t before = events(f.db), id;
	char *huge = malloc(PLENUM_TEXT_MAX + 10);
	memset(huge, 'a', PLENUM_TEXT_MAX + 9);
	huge[PLENUM_TEXT_MAX + 9] = 0;
	plenum_motion_spec s = {.council = f.n1, .kind = PLENUM_MOTION_GENERAL, .title = "t",
	                        .text = huge};
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &id, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "bytes long") != NULL);
	free(huge);
	s.text = "ok";
	s.title = "\xff\xfe";
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &id, &d), PLENUM_EINVAL);
	s.title = "";
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &id, &d), PLENUM_EINVAL);
	s.title = "Line\nbreak";
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &id, &d), PLENUM_EINVAL);
	s.title = "fine";
	s.council = 4040;
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &id, &d), PLENUM_ENOTFOUND);
	CHECK(strstr(d.message, "4040") != NULL);
	s.council = f.n1;
	s.majority_num = 3, s.majority_den = 2;
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &id, &d), PLENUM_EINVAL);
	s.majority_num = 0, s.majority_den = 0;
	s.closes_at = 5; /* in the past */
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &id, &d), PLENUM_EINVAL);
	s.closes_at = 0;
	const char *dup[] = {"a", "a"};
	s.method = PLENUM_VOTE_APPROVAL, s.options = dup, s.n_options = 2;
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &id, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(vote(&f, f.ann, 777, 1, 0, 0), PLENUM_ENOTFOUND);
	CHECK_EQ_INT(plenum_member_create(f.db, 0, "", NULL, NULL, &id, &d), PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_member_create(f.db, 0, "X", "not-an-email", NULL, &id, &d),
	             PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_delegate_resign(f.db, 0, 999, &id, &d), PLENUM_ENOTFOUND);
	CHECK_STR(plenum_db_errmsg(f.db), d.message);
	CHECK_EQ_INT(events(f.db), before); /* nothing stored */
	plenum_db_close(f.db);
}

TEST(council_timed_close)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "timed.db"));
	plenum_motion_spec s = {.council = f.n1, .kind = PLENUM_MOTION_PRIORITY,
	                        .title = "Heat pumps before solar", .closes_at = 1000000 + 3600,
	                        .quorum_num = 2, .quorum_den = 3};
	int64_t m, closed;
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &m, &d), 0);
	CHECK_EQ_INT(vote(&f, f.ann, m, 1, 0, 0), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.ann, m, &d), PLENUM_ECONFLICT); /* not yet */
	plenum_db_set_clock(f.db, 1000000 + 3600);
	CHECK_EQ_INT(vote(&f, f.bob, m, 1, 0, 0), PLENUM_ECONFLICT); /* voting has ended */
	CHECK_EQ_INT(plenum_motion_close_due(f.db, &closed, &d), 0);
	CHECK_EQ_INT(closed, 1);
	plenum_result *r;
	CHECK_EQ_INT(plenum_motion_result(f.db, m, &r, &d), 0);
	CHECK(!r->quorum_met && !r->passed && r->yes == 1); /* 1 of 3 is under the 2/3 quorum */
	plenum_result_free(r);
	plenum_db_close(f.db);
}

/* Counts events whose content holds an email, a place or a message of a join request. */
static int contact_cb(void *ud, const plenum_event *e)
{
	if (strchr(e->content, '@') || strstr(e->content, "Mill lane") || strstr(e->content, "I bake"))
		++*(int64_t *)ud;
	return 0;
}

TEST(council_sessions_and_join_requests)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "sessions.db"));
	int64_t zoe, who, req, req2, n = 0;
	CHECK_EQ_INT(plenum_member_create(f.db, 0, "Zoe", "zoe@example.org", "correct horse",
	                                  &zoe, &d), 0);
	CHECK_EQ_INT(plenum_member_create(f.db, 0, "Zed", "zoe@example.org", NULL, &who, &d),
	             PLENUM_ECONFLICT);
	CHECK_EQ_INT(plenum_member_login(f.db, "zoe@example.org", "correct horse", &who, &d), 0);
	CHECK_EQ_INT(who, zoe);
	CHECK_EQ_INT(plenum_member_login(f.db, "zoe@example.org", "wrong horse", &who, &d),
	             PLENUM_EDENIED);
	char token[PLENUM_TOKEN_SIZE];
	CHECK_EQ_INT(plenum_session_create(f.db, zoe, 60, token, &d), 0);
	CHECK_EQ_INT(strlen(token), 64);
	CHECK_EQ_INT(plenum_session_lookup(f.db, token, &who, &d), 0);
	CHECK_EQ_INT(who, zoe);
	plenum_db_set_clock(f.db, 1000000 + 61);
	CHECK_EQ_INT(plenum_session_lookup(f.db, token, &who, &d), PLENUM_ENOTFOUND); /* expired */
	CHECK_EQ_INT(plenum_session_create(f.db, zoe, 60, token, &d), 0);
	CHECK_EQ_INT(plenum_session_delete(f.db, token, &d), 0);
	CHECK_EQ_INT(plenum_session_lookup(f.db, token, &who, &d), PLENUM_ENOTFOUND);
	/* a member holds at most PLENUM_SESSIONS_MAX: the oldest go (sign-ins left a row each
	 * until logout) */
	char first[PLENUM_TOKEN_SIZE];
	for (int k = 0; k <= PLENUM_SESSIONS_MAX; k++) {
		plenum_db_set_clock(f.db, 1000000 + 100 + k); /* each expires a second later */
		CHECK_EQ_INT(plenum_session_create(f.db, zoe, 600, k ? token : first, &d), 0);
	}
	CHECK_EQ_INT(plenum_session_lookup(f.db, first, &who, &d), PLENUM_ENOTFOUND);
	CHECK_EQ_INT(plenum_session_lookup(f.db, token, &who, &d), PLENUM_OK);
	plenum_member m;
	CHECK_EQ_INT(plenum_member_get(f.db, zoe, &m, &d), 0);
	CHECK(m.has_password && strcmp(m.email, "zoe@example.org") == 0);
	/* Join requests. */
	plenum_join_spec j = {.name = "Yan", .email = "yan@example.org", .place = "Mill lane",
	                      .heard = PLENUM_HEARD_FRIEND, .message = "I bake", .password = NULL};
	CHECK_EQ_INT(plenum_join_request_file(f.db, f.fed, &j, &req, &d), PLENUM_EINVAL);
	j.heard = 0;
	CHECK_EQ_INT(plenum_join_request_file(f.db, f.work, &j, &req, &d), PLENUM_EINVAL);
	j.heard = PLENUM_HEARD_FRIEND;
	CHECK_EQ_INT(plenum_join_request_file(f.db, f.work, &j, &req, &d), 0);
	j.email = "xu@example.org", j.name = "Xu";
	CHECK_EQ_INT(plenum_join_request_file(f.db, f.work, &j, &req2, &d), 0);
	CHECK_EQ_INT(plenum_join_request_list(f.db, f.bob, f.work, 1, NULL,
	                                      COUNTER(plenum_join_request), &n, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_join_request_list(f.db, f.ann, f.work, 1, NULL,
	                                      COUNTER(plenum_join_request), &n, &d), 0);
	CHECK_EQ_INT(n, 2);
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.bob, req, 1, &who, &d), PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.ann, req, 1, &who, &d), 0);
	CHECK(who > 0 && plenum_is_member(f.db, f.work, who));
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.ann, req, 0, &who, &d), PLENUM_ECONFLICT);
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.ann, req2, 0, &who, &d), 0);
	CHECK_EQ_INT(who, 0);
	/* No contact data in the log. */
	n = 0;
	CHECK_EQ_INT(plenum_audit_list(f.db, 0, 0, contact_cb, &n, &d), 0);
	CHECK_EQ_INT(n, 0);
	n = 0;
	CHECK_EQ_INT(plenum_audit_list(f.db, 0, 0, COUNTER(plenum_event), &n, &d), 0);
	CHECK_EQ_INT(n, events(f.db));
	plenum_db_close(f.db);
}

/* A member changes their own password: the current one checked, the new one set, their
 * other sessions ended (a password changed because it leaked left the thief signed in). */
TEST(council_change_password)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "password.db"));
	int64_t zoe, who;
	char mine[PLENUM_TOKEN_SIZE], other[PLENUM_TOKEN_SIZE];
	CHECK_EQ_INT(plenum_member_create(f.db, 0, "Zoe", "zoe@example.org", "correct horse",
	                                  &zoe, &d), 0);
	CHECK_EQ_INT(plenum_session_create(f.db, zoe, 600, mine, &d), 0);
	CHECK_EQ_INT(plenum_session_create(f.db, zoe, 600, other, &d), 0);
	CHECK_EQ_INT(plenum_member_change_password(f.db, zoe, "wrong horse", "battery staple",
	                                           mine, &d), PLENUM_EDENIED);
	CHECK(strstr(d.message, "current password") != NULL);
	CHECK_EQ_INT(plenum_member_change_password(f.db, zoe, "correct horse", "short", mine, &d),
	             PLENUM_EINVAL);
	CHECK_EQ_INT(plenum_session_lookup(f.db, other, &who, &d), 0); /* nothing changed yet */
	CHECK_EQ_INT(plenum_member_change_password(f.db, zoe, "correct horse", "battery staple",
	                                           mine, &d), 0);
	CHECK_EQ_INT(plenum_session_lookup(f.db, mine, &who, &d), 0);
	CHECK_EQ_INT(plenum_session_lookup(f.db, other, &who, &d), PLENUM_ENOTFOUND);
	CHECK_EQ_INT(plenum_member_login(f.db, "zoe@example.org", "correct horse", &who, &d),
	             PLENUM_EDENIED);
	CHECK_EQ_INT(plenum_member_login(f.db, "zoe@example.org", "battery staple", &who, &d), 0);
	CHECK_EQ_INT(who, zoe);
	plenum_db_close(f.db);
}

static int request_member(void *ud, const plenum_join_request *q)
{
	/* the member, or -1 for a request naming a member's email that is not theirs */
	((int64_t *)ud)[q->id] = q->others_email ? -1 : q->member;
	return 0;
}

/* A join request naming a member's email joins that member only if they made it signed in
 * (spec.member). Anyone else's request with that email is filed (the answer does not tell
 * who is a member) but cannot be accepted: it made Zoe a member of a council she never
 * asked to join. With her password too: the form would be a way to guess passwords without
 * the sign-in's limits, and its answer told whether she was in the council already. */
TEST(council_join_requests_need_the_member)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "joinself.db"));
	int64_t zoe, who, forged, wrong, own, self, made[16] = {0};
	CHECK_EQ_INT(plenum_member_create(f.db, 0, "Zoe", "zoe@example.org", "correct horse",
	                                  &zoe, &d), 0);
	plenum_join_spec j = {.name = "Zoe?", .email = "ZOE@example.org",
	                      .heard = PLENUM_HEARD_OTHER};
	CHECK_EQ_INT(plenum_join_request_file(f.db, f.work, &j, &forged, &d), 0);
	j.password = "wrong horse";
	CHECK_EQ_INT(plenum_join_request_file(f.db, f.work, &j, &wrong, &d), 0);
	j.password = "correct horse";
	CHECK_EQ_INT(plenum_join_request_file(f.db, f.work, &j, &own, &d), 0);
	plenum_join_spec m = {.heard = PLENUM_HEARD_FRIEND, .member = f.bob};
	CHECK_EQ_INT(plenum_join_request_file(f.db, f.work, &m, &self, &d), 0);
	m.member = f.ann; /* in the bakery already */
	CHECK_EQ_INT(plenum_join_request_file(f.db, f.work, &m, &who, &d), PLENUM_ECONFLICT);
	CHECK(self < 16 && own < 16);
	CHECK_EQ_INT(plenum_join_request_list(f.db, f.ann, f.work, 1, NULL, request_member, made,
	                                      &d), 0);
	CHECK(made[forged] == -1 && made[wrong] == -1 && made[own] == -1 && made[self] == f.bob);
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.ann, forged, 1, &who, &d), PLENUM_ECONFLICT);
	CHECK(strstr(d.message, "did not make it") != NULL && who == 0);
	CHECK(!plenum_is_member(f.db, f.work, zoe));
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.ann, wrong, 1, &who, &d), PLENUM_ECONFLICT);
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.ann, forged, 0, &who, &d), 0);
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.ann, own, 1, &who, &d), PLENUM_ECONFLICT);
	CHECK(!plenum_is_member(f.db, f.work, zoe));
	m.member = zoe; /* signed in */
	CHECK_EQ_INT(plenum_join_request_file(f.db, f.work, &m, &own, &d), 0);
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.ann, own, 1, &who, &d), 0);
	CHECK(who == zoe && plenum_is_member(f.db, f.work, zoe));
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.ann, self, 1, &who, &d), 0);
	CHECK(who == f.bob && plenum_is_member(f.db, f.work, f.bob));
	plenum_member z;
	CHECK_EQ_INT(plenum_member_get(f.db, zoe, &z, &d), 0);
	CHECK_STR(z.name, "Zoe"); /* the member's own record, not the name typed */
	plenum_db_close(f.db);
}

/* Ids of listed rows, in the order listed. */
typedef struct ids {
	int64_t id[16];
	int n;
} ids;

static int motion_id_cb(void *ud, const plenum_motion *m)
{
	ids *v = ud;
	if (v->n < 16)
		v->id[v->n++] = m->id;
	return 0;
}

static int request_id_cb(void *ud, const plenum_join_request *r)
{
	ids *v = ud;
	if (v->n < 16)
		v->id[v->n++] = r->id;
	return 0;
}

/* Pages: the newest first, at most limit, ids below before; no page: every row, oldest
 * first; a bad page refused. */
TEST(council_listing_pages)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "pages.db"));
	int64_t m[5];
	for (int k = 0; k < 5; k++)
		CHECK((m[k] = yes_no_motion(&f, f.ann, f.n1, "A motion")) > 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.ann, m[3], &d), 0);
	plenum_db_set_clock(f.db, 1000100); /* m[1] closed later than m[3] */
	CHECK_EQ_INT(plenum_motion_close(f.db, f.ann, m[1], &d), 0);
	ids v = {0};
	CHECK_EQ_INT(plenum_motion_list(f.db, f.n1, -1, NULL, motion_id_cb, &v, &d), 0);
	CHECK(v.n == 5 && v.id[0] == m[0] && v.id[4] == m[4]);
	plenum_page p = {.before = 0, .limit = 2};
	v.n = 0;
	CHECK_EQ_INT(plenum_motion_list(f.db, f.n1, -1, &p, motion_id_cb, &v, &d), 0);
	CHECK(v.n == 2 && v.id[0] == m[4] && v.id[1] == m[3]);
	p.before = v.id[1], v.n = 0;
	CHECK_EQ_INT(plenum_motion_list(f.db, f.n1, -1, &p, motion_id_cb, &v, &d), 0);
	CHECK(v.n == 2 && v.id[0] == m[2] && v.id[1] == m[1]);
	p.before = v.id[1], v.n = 0;
	CHECK_EQ_INT(plenum_motion_list(f.db, f.n1, -1, &p, motion_id_cb, &v, &d), 0);
	CHECK(v.n == 1 && v.id[0] == m[0]);
	p = (plenum_page){.before = m[4], .limit = 10}, v.n = 0;
	CHECK_EQ_INT(plenum_motion_list(f.db, f.n1, PLENUM_MOTION_CLOSED, &p, motion_id_cb, &v,
	                                &d), 0);
	CHECK(v.n == 2 && v.id[0] == m[3] && v.id[1] == m[1]);
	/* every council's closed motions, the latest closed first (not by id) */
	int64_t total = 0;
	v.n = 0;
	CHECK_EQ_INT(plenum_motion_closed(f.db, 10, &total, motion_id_cb, &v, &d), 0);
	CHECK(total == 2 && v.n == 2 && v.id[0] == m[1] && v.id[1] == m[3]);
	v.n = 0;
	CHECK_EQ_INT(plenum_motion_closed(f.db, 1, &total, motion_id_cb, &v, &d), 0);
	CHECK(total == 2 && v.n == 1 && v.id[0] == m[1]);
	CHECK_EQ_INT(plenum_motion_closed(f.db, 0, &total, motion_id_cb, &v, &d), PLENUM_EINVAL);
	p = (plenum_page){.before = 0, .limit = 0};
	CHECK_EQ_INT(plenum_motion_list(f.db, f.n1, -1, &p, motion_id_cb, &v, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "limit") != NULL);
	p = (plenum_page){.before = -1, .limit = 1};
	CHECK_EQ_INT(plenum_motion_list(f.db, f.n1, -1, &p, motion_id_cb, &v, &d), PLENUM_EINVAL);
	/* join requests, pending or all */
	plenum_join_spec j = {.name = "Yan", .email = "yan@example.org",
	                      .heard = PLENUM_HEARD_FRIEND};
	int64_t r[3], who;
	const char *mail[3] = {"a@example.org", "b@example.org", "c@example.org"};
	for (int k = 0; k < 3; k++) {
		j.email = mail[k];
		CHECK_EQ_INT(plenum_join_request_file(f.db, f.work, &j, &r[k], &d), 0);
	}
	CHECK_EQ_INT(plenum_join_request_decide(f.db, f.ann, r[2], 0, &who, &d), 0);
	p = (plenum_page){.before = 0, .limit = 1}, v.n = 0;
	CHECK_EQ_INT(plenum_join_request_list(f.db, f.ann, f.work, 1, &p, request_id_cb, &v, &d),
	             0);
	CHECK(v.n == 1 && v.id[0] == r[1]);
	p = (plenum_page){.before = r[2], .limit = 5}, v.n = 0;
	CHECK_EQ_INT(plenum_join_request_list(f.db, f.ann, f.work, 0, &p, request_id_cb, &v, &d),
	             0);
	CHECK(v.n == 2 && v.id[0] == r[1] && v.id[1] == r[0]);
	p.limit = 0;
	CHECK_EQ_INT(plenum_join_request_list(f.db, f.ann, f.work, 0, &p, request_id_cb, &v, &d),
	             PLENUM_EINVAL);
	plenum_db_close(f.db);
}

static int needed_cb(void *ud, const plenum_notice *n)
{
	*(int *)ud += strcmp(n->kind, "election-needed") == 0;
	return 0;
}

static int not_seated_cb(void *ud, const plenum_notice *n)
{
	if (strcmp(n->kind, "delegate-not-seated") == 0)
		*(int64_t *)ud = n->member;
	return 0;
}

/* The election a recall opens leaves out those who hold another of the council's seats (one
 * could win and not be seated: the seat stayed vacant without a word); a winner who cannot
 * be seated is said in a notice. */
TEST(council_election_skips_the_seated)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "seated.db"));
	int64_t ann_seat, bob_seat, recall, election, who = 0;
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n1, f.ann, "", &ann_seat, &d), 0);
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n1, f.bob, "", &bob_seat, &d), 0);
	plenum_motion_spec r = {.council = f.n1, .kind = PLENUM_MOTION_RECALL, .title = "Recall Ann",
	                        .recall = ann_seat};
	CHECK_EQ_INT(plenum_motion_open(f.db, f.cat, &r, &recall, &d), 0);
	CHECK_EQ_INT(vote(&f, f.bob, recall, 1, 0, 0), 0);
	CHECK_EQ_INT(vote(&f, f.cat, recall, 1, 0, 0), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.cat, recall, &d), 0);
	plenum_motion mo;
	CHECK_EQ_INT(plenum_motion_get(f.db, recall + 1, &mo, &d), 0);
	CHECK(mo.kind == PLENUM_MOTION_ELECTION && mo.n_options == 1); /* Cat alone, not Bob */
	/* an election a member opens may name a seated member: the win is said, not lost */
	int64_t cand[2] = {f.bob, f.cat}, bob_first[2] = {1, 2};
	plenum_motion_spec e = {.council = f.n1, .kind = PLENUM_MOTION_ELECTION,
	                        .method = PLENUM_VOTE_STV, .title = "Elect", .seats = 1,
	                        .candidates = cand, .n_candidates = 2};
	CHECK_EQ_INT(plenum_motion_open(f.db, f.cat, &e, &election, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.bob, election, bob_first, 2, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_ballot_cast(f.db, f.cat, election, bob_first, 2, NULL, NULL, &d), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.cat, election, &d), 0);
	CHECK_EQ_INT(plenum_notice_list(f.db, f.n1, not_seated_cb, &who, &d), 0);
	CHECK_EQ_INT(who, f.bob);
	int64_t n = 0;
	CHECK_EQ_INT(plenum_delegate_list(f.db, f.n1, 0, COUNTER(plenum_delegate), &n, &d), 0);
	CHECK_EQ_INT(n, 1); /* Bob's one seat; the recall's election is still open */
	/* South bank: both its members seated, one recalled: nobody can stand, and it is said
	 * (the seat stayed vacant without a word) */
	int64_t dan_seat, eve_seat, r2;
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n2, f.dan, "", &dan_seat, &d), 0);
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n2, f.eve, "", &eve_seat, &d), 0);
	r.council = f.n2, r.recall = dan_seat;
	CHECK_EQ_INT(plenum_motion_open(f.db, f.eve, &r, &r2, &d), 0);
	CHECK_EQ_INT(vote(&f, f.eve, r2, 1, 0, 0), 0);
	CHECK_EQ_INT(vote(&f, f.dan, r2, 1, 0, 0), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.eve, r2, &d), 0);
	int needed = 0;
	CHECK_EQ_INT(plenum_notice_list(f.db, f.n2, needed_cb, &needed, &d), 0);
	CHECK_EQ_INT(needed, 1);
	plenum_db_close(f.db);
}

/* A federation's electorate is the people seated in it, not its seats: one person seated for
 * two councils casts one ballot (a quorum of 3/4 failed at a turnout of all). */
TEST(council_federation_counts_people)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "people.db"));
	int64_t s1, s2, s3, m;
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n1, f.ann, "", &s1, &d), 0);
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.work, f.ann, "", &s2, &d), 0);
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n2, f.dan, "", &s3, &d), 0);
	plenum_council c;
	CHECK_EQ_INT(plenum_council_get(f.db, f.fed, &c, &d), 0);
	CHECK_EQ_INT(c.members, 2);
	plenum_motion_spec s = {.council = f.fed, .kind = PLENUM_MOTION_GENERAL, .title = "Quorum",
	                        .quorum_num = 3, .quorum_den = 4};
	CHECK_EQ_INT(plenum_motion_open(f.db, f.ann, &s, &m, &d), 0);
	CHECK_EQ_INT(vote(&f, f.ann, m, 1, 0, 0), 0);
	CHECK_EQ_INT(vote(&f, f.dan, m, 1, 0, 0), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.ann, m, &d), 0);
	plenum_result *r = NULL;
	CHECK_EQ_INT(plenum_motion_result(f.db, m, &r, &d), 0);
	CHECK(r && r->electorate == 2 && r->voters == 2 && r->quorum_met && r->passed);
	plenum_result_free(r);
	plenum_db_close(f.db);
}

/* A recall in a council larger than PLENUM_ELECTION_AUTO_MAX opens no election of everyone
 * (5 964 candidates: a ballot nobody could fill in, a count that held the write lock for
 * minutes) but tells the council to open one naming candidates; no election takes more
 * candidates than a ballot can mark. */
TEST(council_large_council_elections)
{
	fixture f;
	plenum_diag d;
	CHECK(setup(&f, "large.db"));
	int64_t neighbour[PLENUM_ELECTION_AUTO_MAX];
	for (int k = 0; k < PLENUM_ELECTION_AUTO_MAX; k++)
		CHECK((neighbour[k] = member(f.db, "Neighbour", f.n1, 0)) > 0);
	int64_t seat, recall, n = 0;
	CHECK_EQ_INT(plenum_delegate_seat(f.db, 0, f.n1, f.ann, "", &seat, &d), 0);
	plenum_motion_spec r = {.council = f.n1, .kind = PLENUM_MOTION_RECALL, .title = "Recall Ann",
	                        .recall = seat};
	CHECK_EQ_INT(plenum_motion_open(f.db, f.bob, &r, &recall, &d), 0);
	for (int k = 0; k < PLENUM_ELECTION_AUTO_MAX; k++)
		CHECK_EQ_INT(vote(&f, neighbour[k], recall, 1, 0, 0), 0);
	CHECK_EQ_INT(plenum_motion_close(f.db, f.bob, recall, &d), 0);
	plenum_delegate g;
	CHECK_EQ_INT(plenum_delegate_get(f.db, seat, &g, &d), 0);
	CHECK(g.until != 0 && g.ended_by == recall); /* recalled: 51 could stand */
	CHECK_EQ_INT(plenum_motion_list(f.db, f.n1, PLENUM_MOTION_OPEN, NULL,
	                                COUNTER(plenum_motion), &n, &d), 0);
	CHECK_EQ_INT(n, 0); /* no election of everyone */
	int needed = 0;
	CHECK_EQ_INT(plenum_notice_list(f.db, f.n1, needed_cb, &needed, &d), 0);
	CHECK_EQ_INT(needed, 1);
	/* more candidates than a ballot marks: refused before any is looked up */
	static int64_t many[PLENUM_OPTIONS_MAX + 1];
	for (int k = 0; k <= PLENUM_OPTIONS_MAX; k++)
		many[k] = k + 1;
	plenum_motion_spec e = {.council = f.n1, .kind = PLENUM_MOTION_ELECTION,
	                        .method = PLENUM_VOTE_STV, .title = "Elect", .seats = 1,
	                        .candidates = many, .n_candidates = PLENUM_OPTIONS_MAX + 1};
	int64_t id;
	CHECK_EQ_INT(plenum_motion_open(f.db, f.bob, &e, &id, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "at most 1000") != NULL);
	plenum_db_close(f.db);
}
