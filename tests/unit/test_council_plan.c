/* The planner's bridge on the council side (plan-adoption motions with proposals, stored and
 * published on close), schema migrations on open, and needs summed through nested
 * federations. */
#include <sqlite3.h>
#include <stdlib.h>
#include "plenum/council.h"
#include "test.h"

static int64_t head(plenum_db *db)
{
	char hash[65];
	int64_t seq = -1;
	return plenum_audit_head(db, hash, &seq, NULL) ? -1 : seq;
}

static const char *fresh(const char *name)
{
	static char path[4200];
	snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
	remove(path);
	return path;
}

static int64_t make_council(plenum_db *db, plenum_council_kind kind, const char *name,
                            int64_t parent)
{
	plenum_council_spec s = {.kind = kind, .name = name, .parent = parent};
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

typedef struct seen {
	int64_t rows, council;
	double quantity;
	char kinds[512];
} seen;

static int target_cb(void *ud, const plenum_target *t)
{
	seen *s = ud;
	s->rows++, s->council = t->council, s->quantity = t->quantity;
	return 0;
}

static int proposal_cb(void *ud, const plenum_proposal_row *p)
{
	seen *s = ud;
	s->rows++;
	if (p->option == 1)
		s->council = p->target.council, s->quantity = p->target.quantity;
	return 0;
}

static int event_cb(void *ud, const plenum_event *e)
{
	seen *s = ud;
	if (strncmp(e->kind, "plan.", 5) == 0 || strcmp(e->kind, "target.publish") == 0) {
		size_t n = strlen(s->kinds);
		snprintf(s->kinds + n, sizeof s->kinds - n, "%s ", e->kind);
	}
	return 0;
}

static int notice_cb(void *ud, const plenum_notice *n)
{
	if (strcmp(n->kind, "targets-superseded") == 0 &&
	    strstr(n->text, "were replaced by those of the plan adopted by motion"))
		++*(int64_t *)ud;
	return 0;
}

static int rank(plenum_db *db, int64_t member, int64_t motion, int64_t a, int64_t b, int64_t c)
{
	int64_t marks[3] = {a, b, c};
	return plenum_ballot_cast(db, member, motion, marks, 3, NULL, NULL, NULL);
}

/* Refusals first (nothing stored), then a plan motion whose winning variant's targets are
 * stored and published by closing it; a proposal cannot change, before or after close; a
 * status quo result stores nothing. */
TEST(council_plan_motion_proposals)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("proposals.db"), &db, &d), 0);
	plenum_db_set_clock(db, 2000000);
	int64_t fed = make_council(db, PLENUM_FEDERATION, "Valley federation", 0);
	int64_t home = make_council(db, PLENUM_NEIGHBOURHOOD, "Upper valley", fed);
	int64_t mill = make_council(db, PLENUM_WORKPLACE, "Flour mill", fed);
	int64_t away = make_council(db, PLENUM_WORKPLACE, "Mill elsewhere", 0);
	int64_t ann = make_member(db, "Ann", home), bob = make_member(db, "Bob", mill);
	int64_t cat = make_member(db, "Cat", home), seat, motion;
	CHECK(fed > 0 && home > 0 && mill > 0 && away > 0 && ann > 0 && bob > 0 && cat > 0);
	CHECK_EQ_INT(plenum_delegate_seat(db, 0, home, ann, "", &seat, &d), 0);
	CHECK_EQ_INT(plenum_delegate_seat(db, 0, mill, bob, "", &seat, &d), 0);

	plenum_target t30[1] = {{mill, "mill", "flour", 120}}, t25[1] = {{mill, "mill", "flour", 100}};
	plenum_plan_proposal p[2] = {{"Working week 30 h", "w30", "more flour", t30, 1},
	                             {"Working week 25 h", "w25", "less flour", t25, 1}};
	plenum_plan_motion_spec s = {.title = "Plan 2027", .period = "2027", .proposals = p,
	                             .n_proposals = 2};
	int64_t before = head(db);
	CHECK_EQ_INT(plenum_plan_motion_open(db, cat, &s, &motion, &d), PLENUM_EDENIED);
	plenum_target bad[2] = {{home, "mill", "flour", 1}, {mill, "mill", "flour", 1}};
	p[1].targets = bad; /* a neighbourhood is not a workplace */
	CHECK_EQ_INT(plenum_plan_motion_open(db, ann, &s, &motion, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "not a workplace") != NULL);
	bad[0].council = away; /* a workplace of no federation of ours */
	CHECK_EQ_INT(plenum_plan_motion_open(db, ann, &s, &motion, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "not in federation") != NULL);
	bad[0].council = mill; /* the same workplace and technique twice */
	p[1].n_targets = 2;
	CHECK_EQ_INT(plenum_plan_motion_open(db, ann, &s, &motion, &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "twice") != NULL);
	p[1].targets = t25, p[1].n_targets = 1;
	t25[0].quantity = -1;
	CHECK_EQ_INT(plenum_plan_motion_open(db, ann, &s, &motion, &d), PLENUM_EINVAL);
	t25[0].quantity = 100;
	s.period = "";
	CHECK_EQ_INT(plenum_plan_motion_open(db, ann, &s, &motion, &d), PLENUM_EINVAL);
	s.period = "2027", s.n_proposals = 0;
	CHECK_EQ_INT(plenum_plan_motion_open(db, ann, &s, &motion, &d), PLENUM_EINVAL);
	s.n_proposals = 2, s.federation = home;
	CHECK_EQ_INT(plenum_plan_motion_open(db, ann, &s, &motion, &d), PLENUM_EINVAL);
	s.federation = 0;
	p[0].label = "status quo"; /* the label of the option every plan motion has */
	CHECK_EQ_INT(plenum_plan_motion_open(db, ann, &s, &motion, &d), PLENUM_EINVAL);
	p[0].label = "Working week 30 h";
	CHECK_EQ_INT(head(db), before); /* nothing stored by any refusal */

	CHECK_EQ_INT(plenum_plan_motion_open(db, ann, &s, &motion, &d), PLENUM_OK);
	plenum_motion m;
	CHECK_EQ_INT(plenum_motion_get(db, motion, &m, &d), 0);
	CHECK(m.council == fed && m.kind == PLENUM_MOTION_PLAN_ADOPTION &&
	      m.method == PLENUM_VOTE_SCHULZE && m.n_options == 3 && m.status_quo == 2);
	seen v = {0};
	CHECK_EQ_INT(plenum_proposal_list(db, motion, -1, proposal_cb, &v, &d), 0);
	CHECK(v.rows == 2 && v.council == mill && v.quantity == 100); /* visible before voting */
	CHECK_EQ_INT(plenum_targets_list(db, motion, 0, target_cb, &v, &d), PLENUM_ENOTFOUND);

	char path[4200];
	snprintf(path, sizeof path, "%s/proposals.db", test_tmpdir());
	sqlite3 *raw;
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "UPDATE proposed_targets SET quantity = 1e9", NULL, NULL, NULL) !=
	      SQLITE_OK); /* a proposal never changes, not even while the motion is open */
	CHECK(sqlite3_exec(raw, "DELETE FROM proposals", NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(raw, "INSERT INTO motions(council, kind, method, title, opener, qnum,"
	                        " qden, mnum, mden, seats, opened_at, closes_at, n_options,"
	                        " electorate, public) VALUES (1, 6, 1, 'general', 0, 0, 1, 1, 2,"
	                        " 1, 1, 0, 3, 1, 1); INSERT INTO options(motion, idx, label)"
	                        " VALUES (2, 0, 'yes')", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "INSERT INTO proposals VALUES (2, 0, '2027', '')", NULL, NULL,
	                   NULL) != SQLITE_OK); /* only a plan adoption has proposals */

	CHECK_EQ_INT(rank(db, ann, motion, 2, 1, 3), 0);
	CHECK_EQ_INT(rank(db, bob, motion, 2, 1, 3), 0);
	CHECK_EQ_INT(plenum_motion_close(db, ann, motion, &d), 0);
	v = (seen){0};
	CHECK_EQ_INT(plenum_targets_list(db, 0, 0, target_cb, &v, &d), 0);
	CHECK(v.rows == 1 && v.council == mill && v.quantity == 100); /* the 25 h week's */
	CHECK_EQ_INT(plenum_audit_list(db, 0, 0, event_cb, &v, &d), 0);
	CHECK_STR(v.kinds, "plan.propose plan.propose plan.store target.publish ");
	CHECK_EQ_INT(plenum_plan_store(db, 0, motion, "2027", "", t30, 1, &d), PLENUM_ECONFLICT);
	CHECK(sqlite3_exec(raw, "INSERT INTO proposals VALUES (1, 5, '2028', '')", NULL, NULL,
	                   NULL) != SQLITE_OK); /* none added once closed */
	sqlite3_close(raw);

	/* The status quo wins: nothing is stored for that motion. */
	int64_t kept;
	CHECK_EQ_INT(plenum_plan_motion_open(db, 0, &s, &kept, &d), PLENUM_OK);
	CHECK_EQ_INT(rank(db, ann, kept, 2, 3, 1), 0);
	CHECK_EQ_INT(plenum_motion_close(db, 0, kept, &d), 0);
	CHECK_EQ_INT(plenum_targets_list(db, kept, 0, target_cb, &v, &d), PLENUM_ENOTFOUND);
	int64_t by = -1;
	CHECK_EQ_INT(plenum_plan_superseded(db, motion, &by, &d), 0);
	CHECK_EQ_INT(by, 0); /* in force */
	CHECK_EQ_INT(plenum_plan_superseded(db, kept, &by, &d), PLENUM_ENOTFOUND);

	/* A second plan for 2027 adopted: the first is superseded, recorded, its workplace told;
	 * the latest plan in force is the new one. A plan for another period leaves it. */
	int64_t again, other;
	CHECK_EQ_INT(plenum_plan_motion_open(db, 0, &s, &again, &d), PLENUM_OK);
	CHECK_EQ_INT(rank(db, ann, again, 1, 2, 3), 0);
	CHECK_EQ_INT(plenum_motion_close(db, 0, again, &d), 0);
	CHECK_EQ_INT(plenum_plan_superseded(db, motion, &by, &d), 0);
	CHECK_EQ_INT(by, again);
	CHECK_EQ_INT(plenum_plan_superseded(db, again, &by, &d), 0);
	CHECK_EQ_INT(by, 0);
	v = (seen){0};
	CHECK_EQ_INT(plenum_targets_list(db, 0, 0, target_cb, &v, &d), 0);
	CHECK(v.rows == 1 && v.quantity == 120); /* the 30 h week's, now in force */
	v = (seen){0};
	CHECK_EQ_INT(plenum_audit_list(db, 0, 0, event_cb, &v, &d), 0);
	CHECK(strstr(v.kinds, "plan.propose plan.propose plan.store target.publish plan.supersede ")
	      != NULL);
	int64_t told = 0;
	CHECK_EQ_INT(plenum_notice_list(db, mill, notice_cb, &told, &d), 0);
	CHECK_EQ_INT(told, 1);
	s.period = "2028";
	CHECK_EQ_INT(plenum_plan_motion_open(db, 0, &s, &other, &d), PLENUM_OK);
	CHECK_EQ_INT(rank(db, ann, other, 1, 2, 3), 0);
	CHECK_EQ_INT(plenum_motion_close(db, 0, other, &d), 0);
	CHECK_EQ_INT(plenum_plan_superseded(db, again, &by, &d), 0);
	CHECK_EQ_INT(by, 0); /* 2027's plan still holds beside 2028's */
	/* stored by hand (a motion without proposals), the same: the admin's plan for 2028 */
	int64_t hand;
	plenum_motion_spec ms = {.council = fed, .kind = PLENUM_MOTION_PLAN_ADOPTION,
	                         .method = PLENUM_VOTE_YES_NO, .title = "Plan 2028 by hand"};
	CHECK_EQ_INT(plenum_motion_open(db, 0, &ms, &hand, &d), 0);
	int64_t yes[3] = {1, 0, 0};
	CHECK_EQ_INT(plenum_ballot_cast(db, ann, hand, yes, 3, NULL, NULL, NULL), 0);
	CHECK_EQ_INT(plenum_motion_close(db, 0, hand, &d), 0);
	CHECK_EQ_INT(plenum_workplace_link(db, 0, mill, "valley", "mill", &d), 0);
	CHECK_EQ_INT(plenum_plan_store(db, 0, hand, "2028", "", t25, 1, &d), 0);
	CHECK_EQ_INT(plenum_plan_superseded(db, other, &by, &d), 0);
	CHECK_EQ_INT(by, hand);
	int64_t bad_seq, count;
	CHECK_EQ_INT(plenum_audit_verify(db, &bad_seq, &count, &d), 0);
	CHECK_EQ_INT(bad_seq, 0);
	plenum_db_close(db);
}

/* A file at schema version 1 is taken to the current version when opened; a file from a newer
 * plenum is refused and left as it is. */
TEST(council_schema_migration)
{
	plenum_db *db;
	plenum_diag d;
	const char *path = fresh("migrate.db");
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), 0);
	CHECK_EQ_INT(make_council(db, PLENUM_FEDERATION, "Kept across versions", 0), 1);
	plenum_db_close(db);
	sqlite3 *raw;
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "DROP TABLE proposed_targets; DROP TABLE proposals;"
	                        " DROP INDEX members_email_nocase; DROP INDEX join_requests_council;"
	                        " DROP INDEX motions_council_id; DROP INDEX motions_due; DROP INDEX motions_closed;"
	                        " DROP INDEX notices_council; DROP INDEX delegates_council;"
	                        " DROP INDEX delegates_member; DROP INDEX councils_parent;"
	                        " DROP INDEX abilities_member; DROP INDEX needs_member;"
	                        " DROP INDEX ballots_member; DROP INDEX sessions_member;"
	                        " DROP INDEX sessions_expires; DROP INDEX events_close_motion;"
	                        " ALTER TABLE motions DROP COLUMN rules; DROP TABLE totals_version;"
	                        " DROP TRIGGER totals_needs_i; DROP TRIGGER totals_needs_u;"
	                        " DROP TRIGGER totals_needs_d; DROP TRIGGER totals_abilities_i;"
	                        " DROP TRIGGER totals_abilities_u; DROP TRIGGER totals_abilities_d;"
	                        " DROP TRIGGER totals_products_u; DROP TRIGGER totals_councils_u;"
	                        " DROP INDEX plans_period; ALTER TABLE plans DROP COLUMN superseded_by;"
	                        " PRAGMA user_version = 1;", NULL,
	                   NULL, NULL) == SQLITE_OK);
	sqlite3_close(raw);
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), 0);
	CHECK_EQ_INT(plenum_db_schema_version(db), 6);
	plenum_council c;
	CHECK_EQ_INT(plenum_council_get(db, 1, &c, &d), 0);
	CHECK_STR(c.name, "Kept across versions");
	plenum_db_close(db);
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK); /* the version-2 tables are there again */
	CHECK(sqlite3_exec(raw, "SELECT count(*) FROM proposals JOIN proposed_targets", NULL, NULL,
	                   NULL) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "SELECT 1 FROM members INDEXED BY members_email_nocase"
	                        " WHERE email = 'x' COLLATE NOCASE", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "SELECT 1 FROM join_requests INDEXED BY join_requests_council"
	                        " WHERE council = 1", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_exec(raw, "PRAGMA user_version = 99;", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(raw);
	CHECK_EQ_INT(plenum_db_open(path, &db, &d), PLENUM_EDB);
	CHECK(db == NULL && strstr(d.message, "newer") != NULL);
}

static int bread_cb(void *ud, const plenum_need_total *t)
{
	if (strcmp(t->product, "bread") == 0)
		*(double *)ud = t->quantity;
	return 0;
}

/* Needs sum through a federation of federations; hours likewise. */
TEST(council_needs_nested_federations)
{
	plenum_db *db;
	plenum_diag d;
	CHECK_EQ_INT(plenum_db_open(fresh("nested.db"), &db, &d), 0);
	int64_t top = make_council(db, PLENUM_FEDERATION, "Region", 0);
	int64_t sub = make_council(db, PLENUM_FEDERATION, "Town", top);
	int64_t street = make_council(db, PLENUM_NEIGHBOURHOOD, "Street", sub);
	int64_t farm = make_council(db, PLENUM_NEIGHBOURHOOD, "Farm", top);
	int64_t a = make_member(db, "A", street), b = make_member(db, "B", farm);
	CHECK(top > 0 && sub > 0 && street > 0 && farm > 0 && a > 0 && b > 0);
	plenum_product_row bread = {"bread", "Bread", "kg"};
	CHECK_EQ_INT(plenum_products_register(db, 0, &bread, 1, &d), 0);
	CHECK_EQ_INT(plenum_need_set(db, a, a, street, "bread", 3, 1, &d), 0);
	CHECK_EQ_INT(plenum_need_set(db, b, b, farm, "bread", 4, 2, &d), 0);
	CHECK_EQ_INT(plenum_ability_set(db, a, a, street, 10, "", &d), 0);
	CHECK_EQ_INT(plenum_ability_set(db, b, b, farm, 5, "", &d), 0);
	double q = 0, hours;
	int64_t members;
	CHECK_EQ_INT(plenum_council_needs(db, sub, bread_cb, &q, &d), 0);
	CHECK_NEAR(q, 3, 0);
	CHECK_EQ_INT(plenum_council_needs(db, top, bread_cb, &q, &d), 0);
	CHECK_NEAR(q, 7, 0);
	CHECK_EQ_INT(plenum_council_hours(db, top, &hours, &members, &d), 0);
	CHECK(hours == 15 && members == 2);
	CHECK_EQ_INT(plenum_council_hours(db, sub, &hours, &members, &d), 0);
	CHECK(hours == 10 && members == 1);
	/* a member's hours in all councils fit in a week: 168 in all is allowed, however the
	 * sum rounds (0.8 + 128.8 is 129.60000000000002), more is refused */
	int64_t c3 = make_council(db, PLENUM_NEIGHBOURHOOD, "Mill", top);
	CHECK_EQ_INT(plenum_membership_add(db, 0, farm, a, &d), 0);
	CHECK_EQ_INT(plenum_membership_add(db, 0, c3, a, &d), 0);
	CHECK_EQ_INT(plenum_ability_set(db, a, a, street, 0.8, "", &d), 0);
	CHECK_EQ_INT(plenum_ability_set(db, a, a, farm, 128.8, "", &d), 0);
	CHECK_EQ_INT(plenum_ability_set(db, a, a, c3, 38.4, "", &d), 0);
	CHECK_EQ_INT(plenum_ability_set(db, a, a, c3, 38.5, "", &d), PLENUM_EINVAL);
	CHECK(strstr(d.message, "more than a week's 168"));
	plenum_db_close(db);
}
