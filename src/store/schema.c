/* The schema, as numbered migrations applied in order on open (PRAGMA user_version counts the
 * ones applied). A migration is never edited once released: add the next one instead. */
#include "store/st_int.h"

/* Version 1: councils, members, delegates, motions, ballots, needs, plans, the event log.
 * Secret ballots: ballots has no member for them and no time; voted says who voted. Triggers
 * make closed motions and the event log unchangeable. */
static const char *const migration1[] = {
	"CREATE TABLE councils(id INTEGER PRIMARY KEY, kind INTEGER NOT NULL CHECK(kind IN (1,2,3)),"
	" name TEXT NOT NULL UNIQUE CHECK(length(name) > 0), place TEXT NOT NULL DEFAULT '',"
	" parent INTEGER REFERENCES councils(id), seats INTEGER NOT NULL DEFAULT 1 CHECK(seats >= 1),"
	" created INTEGER NOT NULL);",
	"CREATE TABLE members(id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK(length(name) > 0),"
	" email TEXT UNIQUE, pwhash TEXT, created INTEGER NOT NULL);",
	"CREATE TABLE memberships(council INTEGER NOT NULL REFERENCES councils(id),"
	" member INTEGER NOT NULL REFERENCES members(id), since INTEGER NOT NULL,"
	" PRIMARY KEY(council, member)) WITHOUT ROWID;",
	"CREATE INDEX memberships_member ON memberships(member);",
	"CREATE TABLE sessions(hash BLOB PRIMARY KEY, member INTEGER NOT NULL REFERENCES members(id),"
	" expires INTEGER NOT NULL) WITHOUT ROWID;",
	"CREATE TABLE join_requests(id INTEGER PRIMARY KEY,"
	" council INTEGER NOT NULL REFERENCES councils(id), name TEXT NOT NULL, email TEXT NOT NULL,"
	" place TEXT NOT NULL DEFAULT '', heard INTEGER NOT NULL CHECK(heard BETWEEN 1 AND 4),"
	" message TEXT NOT NULL DEFAULT '', pwhash TEXT,"
	" status INTEGER NOT NULL DEFAULT 0 CHECK(status IN (0,1,2)),"
	" member INTEGER REFERENCES members(id), created INTEGER NOT NULL,"
	" decided INTEGER NOT NULL DEFAULT 0);",
	"CREATE TABLE motions(id INTEGER PRIMARY KEY, council INTEGER NOT NULL REFERENCES councils(id),"
	" kind INTEGER NOT NULL CHECK(kind BETWEEN 1 AND 6),"
	" method INTEGER NOT NULL CHECK(method BETWEEN 1 AND 4),"
	" title TEXT NOT NULL CHECK(length(title) > 0), text TEXT NOT NULL DEFAULT '',"
	" mandate TEXT NOT NULL DEFAULT '', opener INTEGER NOT NULL,"
	" qnum INTEGER NOT NULL CHECK(qnum >= 0), qden INTEGER NOT NULL CHECK(qden > 0),"
	" mnum INTEGER NOT NULL CHECK(mnum >= 0), mden INTEGER NOT NULL CHECK(mden > 0),"
	" seats INTEGER NOT NULL CHECK(seats >= 1), opened_at INTEGER NOT NULL,"
	" closes_at INTEGER NOT NULL, closed_at INTEGER NOT NULL DEFAULT 0,"
	" n_options INTEGER NOT NULL CHECK(n_options >= 1), status_quo INTEGER NOT NULL DEFAULT -1,"
	" recall INTEGER REFERENCES delegates(id), binds INTEGER REFERENCES motions(id),"
	" electorate INTEGER NOT NULL, public INTEGER NOT NULL CHECK(public IN (0,1)),"
	" voters INTEGER NOT NULL DEFAULT 0, passed INTEGER NOT NULL DEFAULT 0,"
	" winner INTEGER NOT NULL DEFAULT -1, report TEXT NOT NULL DEFAULT '',"
	" digest TEXT NOT NULL DEFAULT '');",
	"CREATE INDEX motions_council ON motions(council, closed_at);",
	"CREATE TABLE options(motion INTEGER NOT NULL REFERENCES motions(id), idx INTEGER NOT NULL,"
	" label TEXT NOT NULL CHECK(length(label) > 0), payload TEXT NOT NULL DEFAULT '',"
	" candidate INTEGER REFERENCES members(id), tally INTEGER NOT NULL DEFAULT 0,"
	" rank INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(motion, idx)) WITHOUT ROWID;",
	"CREATE TABLE delegates(id INTEGER PRIMARY KEY, council INTEGER NOT NULL REFERENCES councils(id),"
	" federation INTEGER NOT NULL REFERENCES councils(id),"
	" member INTEGER NOT NULL REFERENCES members(id), mandate TEXT NOT NULL DEFAULT '',"
	" elected_by INTEGER REFERENCES motions(id), since INTEGER NOT NULL,"
	" until INTEGER NOT NULL DEFAULT 0, ended_by INTEGER REFERENCES motions(id));",
	"CREATE UNIQUE INDEX delegates_seated ON delegates(council, member) WHERE until = 0;",
	"CREATE INDEX delegates_federation ON delegates(federation, until);",
	"CREATE TABLE voted(motion INTEGER NOT NULL REFERENCES motions(id),"
	" member INTEGER NOT NULL REFERENCES members(id), proof BLOB NOT NULL,"
	" PRIMARY KEY(motion, member)) WITHOUT ROWID;",
	"CREATE TABLE ballots(motion INTEGER NOT NULL REFERENCES motions(id), rhash BLOB NOT NULL,"
	" marks TEXT NOT NULL, member INTEGER REFERENCES members(id),"
	" cast_at INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(motion, rhash)) WITHOUT ROWID;",
	"CREATE TABLE mandates(council INTEGER NOT NULL REFERENCES councils(id),"
	" motion INTEGER NOT NULL REFERENCES motions(id), option INTEGER NOT NULL,"
	" binding_motion INTEGER NOT NULL REFERENCES motions(id),"
	" PRIMARY KEY(council, motion)) WITHOUT ROWID;",
	"CREATE TABLE notices(id INTEGER PRIMARY KEY, council INTEGER NOT NULL REFERENCES councils(id),"
	" at INTEGER NOT NULL, motion INTEGER REFERENCES motions(id),"
	" member INTEGER REFERENCES members(id), kind TEXT NOT NULL, text TEXT NOT NULL);",
	"CREATE TABLE products(key TEXT PRIMARY KEY CHECK(length(key) > 0), name TEXT NOT NULL,"
	" unit TEXT NOT NULL) WITHOUT ROWID;",
	"CREATE TABLE needs(member INTEGER NOT NULL, council INTEGER NOT NULL,"
	" product TEXT NOT NULL REFERENCES products(key),"
	" quantity REAL NOT NULL CHECK(quantity > 0),"
	" priority INTEGER NOT NULL CHECK(priority BETWEEN 1 AND 5),"
	" PRIMARY KEY(council, member, product),"
	" FOREIGN KEY(council, member) REFERENCES memberships(council, member) ON DELETE CASCADE)"
	" WITHOUT ROWID;",
	"CREATE TABLE abilities(member INTEGER NOT NULL, council INTEGER NOT NULL,"
	" hours REAL NOT NULL CHECK(hours > 0 AND hours <= 168), skills TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY(council, member),"
	" FOREIGN KEY(council, member) REFERENCES memberships(council, member) ON DELETE CASCADE)"
	" WITHOUT ROWID;",
	"CREATE TABLE workplace_links(council INTEGER NOT NULL REFERENCES councils(id),"
	" economy TEXT NOT NULL, technique TEXT NOT NULL,"
	" PRIMARY KEY(council, economy, technique)) WITHOUT ROWID;",
	"CREATE TABLE plans(motion INTEGER PRIMARY KEY REFERENCES motions(id), period TEXT NOT NULL,"
	" summary TEXT NOT NULL, option INTEGER NOT NULL, stored_at INTEGER NOT NULL);",
	"CREATE TABLE targets(motion INTEGER NOT NULL REFERENCES plans(motion),"
	" council INTEGER NOT NULL REFERENCES councils(id), technique TEXT NOT NULL,"
	" product TEXT NOT NULL, quantity REAL NOT NULL CHECK(quantity >= 0),"
	" PRIMARY KEY(motion, council, technique)) WITHOUT ROWID;",
	"CREATE TABLE reports(council INTEGER NOT NULL REFERENCES councils(id),"
	" period TEXT NOT NULL, technique TEXT NOT NULL, quantity REAL NOT NULL CHECK(quantity >= 0),"
	" reported_at INTEGER NOT NULL, PRIMARY KEY(council, period, technique)) WITHOUT ROWID;",
	"CREATE TABLE events(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor INTEGER NOT NULL,"
	" council INTEGER NOT NULL, kind TEXT NOT NULL, content TEXT NOT NULL,"
	" prev BLOB NOT NULL, hash BLOB NOT NULL);",
	"CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;",
	"CREATE TRIGGER events_append_only_d BEFORE DELETE ON events"
	" BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;",
	"CREATE TRIGGER motions_frozen BEFORE UPDATE ON motions WHEN OLD.closed_at != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	"CREATE TRIGGER motions_no_delete BEFORE DELETE ON motions"
	" BEGIN SELECT RAISE(ABORT, 'motions are never deleted'); END;",
	"CREATE TRIGGER options_frozen BEFORE UPDATE ON options"
	" WHEN (SELECT closed_at FROM motions WHERE id = OLD.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	"CREATE TRIGGER ballots_frozen_i BEFORE INSERT ON ballots"
	" WHEN (SELECT closed_at FROM motions WHERE id = NEW.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	"CREATE TRIGGER ballots_frozen_u BEFORE UPDATE ON ballots"
	" WHEN (SELECT closed_at FROM motions WHERE id = OLD.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	"CREATE TRIGGER ballots_frozen_d BEFORE DELETE ON ballots"
	" WHEN (SELECT closed_at FROM motions WHERE id = OLD.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	"CREATE TRIGGER options_frozen_i BEFORE INSERT ON options"
	" WHEN (SELECT closed_at FROM motions WHERE id = NEW.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	"CREATE TRIGGER options_frozen_d BEFORE DELETE ON options"
	" WHEN (SELECT closed_at FROM motions WHERE id = OLD.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	"CREATE TRIGGER voted_frozen_u BEFORE UPDATE ON voted"
	" WHEN (SELECT closed_at FROM motions WHERE id = OLD.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	"CREATE TRIGGER voted_frozen_d BEFORE DELETE ON voted"
	" WHEN (SELECT closed_at FROM motions WHERE id = OLD.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	"CREATE TRIGGER voted_frozen BEFORE INSERT ON voted"
	" WHEN (SELECT closed_at FROM motions WHERE id = NEW.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	NULL,
};

/* Version 2: the plans proposed with a plan-adoption motion, one per option (the planner's
 * bridge). When the motion closes with a proposal winning, its targets become the adopted
 * plan's. A proposal never changes, and none is added once its motion has closed. */
static const char *const migration2[] = {
	"CREATE TABLE proposals(motion INTEGER NOT NULL, option INTEGER NOT NULL,"
	" period TEXT NOT NULL CHECK(length(period) > 0), summary TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY(motion, option),"
	" FOREIGN KEY(motion, option) REFERENCES options(motion, idx)) WITHOUT ROWID;",
	"CREATE TABLE proposed_targets(motion INTEGER NOT NULL, option INTEGER NOT NULL,"
	" council INTEGER NOT NULL REFERENCES councils(id), technique TEXT NOT NULL,"
	" product TEXT NOT NULL, quantity REAL NOT NULL CHECK(quantity >= 0),"
	" PRIMARY KEY(motion, option, council, technique),"
	" FOREIGN KEY(motion, option) REFERENCES proposals(motion, option)) WITHOUT ROWID;",
	"CREATE TRIGGER proposals_fixed_u BEFORE UPDATE ON proposals"
	" BEGIN SELECT RAISE(ABORT, 'a proposal never changes'); END;",
	"CREATE TRIGGER proposals_fixed_d BEFORE DELETE ON proposals"
	" BEGIN SELECT RAISE(ABORT, 'a proposal never changes'); END;",
	"CREATE TRIGGER proposals_frozen_i BEFORE INSERT ON proposals"
	" WHEN (SELECT closed_at FROM motions WHERE id = NEW.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	"CREATE TRIGGER proposals_plan_only BEFORE INSERT ON proposals"
	" WHEN (SELECT kind FROM motions WHERE id = NEW.motion) != 1"
	" BEGIN SELECT RAISE(ABORT, 'proposals belong to plan-adoption motions'); END;",
	"CREATE TRIGGER proposed_targets_fixed_u BEFORE UPDATE ON proposed_targets"
	" BEGIN SELECT RAISE(ABORT, 'a proposal never changes'); END;",
	"CREATE TRIGGER proposed_targets_fixed_d BEFORE DELETE ON proposed_targets"
	" BEGIN SELECT RAISE(ABORT, 'a proposal never changes'); END;",
	"CREATE TRIGGER proposed_targets_frozen_i BEFORE INSERT ON proposed_targets"
	" WHEN (SELECT closed_at FROM motions WHERE id = NEW.motion) != 0"
	" BEGIN SELECT RAISE(ABORT, 'the motion is closed'); END;",
	NULL,
};

/* Version 3: emails compare without case (Ann@Example.org is ann@example.org): an index
 * for looking them up so. Not unique: a database may hold two already, which stay. */
static const char *const migration3[] = {
	"CREATE INDEX members_email_nocase ON members(email COLLATE NOCASE);",
	NULL,
};

/* Version 4: indexes for what a federation of 50 000 members asks often, each of which
 * scanned a whole table: listings by council a page at a time (join requests, motions,
 * notices, delegates, child councils), a member's abilities, needs, sessions, seats and
 * public ballots, expired sessions, motions due to close, and a motion's close event (on
 * every result: 136 ms over 1.2 million events, now one lookup). */
static const char *const migration4[] = {
	"CREATE INDEX join_requests_council ON join_requests(council);",
	"CREATE INDEX motions_council_id ON motions(council, id);",
	"CREATE INDEX motions_due ON motions(closes_at) WHERE closed_at = 0 AND closes_at != 0;",
	"CREATE INDEX motions_closed ON motions(closed_at, id) WHERE closed_at != 0;",
	"CREATE INDEX notices_council ON notices(council);",
	"CREATE INDEX delegates_council ON delegates(council);",
	"CREATE INDEX delegates_member ON delegates(member, until);",
	"CREATE INDEX councils_parent ON councils(parent);",
	"CREATE INDEX abilities_member ON abilities(member, council);",
	"CREATE INDEX needs_member ON needs(member, council, product);",
	"CREATE INDEX ballots_member ON ballots(member, motion) WHERE member IS NOT NULL;",
	"CREATE INDEX sessions_member ON sessions(member, expires);",
	"CREATE INDEX sessions_expires ON sessions(expires);",
	"CREATE INDEX events_close_motion ON events(json_extract(content, '$.motion'))"
	" WHERE kind = 'motion.close';",
	NULL,
};

/* Version 5: the counting rules a motion was opened under (motions.rules), and the version of
 * the councils' totals (below). Rules 1, every
 * motion opened before: with no ballots at all, approval, Schulze and STV still picked the
 * status quo or the lowest index. Rules 2: a motion with no ballots decides nothing, whatever
 * its method and quorum. A closed motion keeps the rules it was counted by, so that verify's
 * recount still matches its close event; motions_frozen guards the column once closed. */
static const char *const migration5[] = {
	"ALTER TABLE motions ADD COLUMN rules INTEGER NOT NULL DEFAULT 1;",
	/* A number that changes with whatever a council's summed needs and hours are made of
	 * (needs, abilities, products, where councils sit): what a cache of the totals is keyed
	 * by (the world federation's needs took 230 to 290 ms at 50 000 members per request). */
	"CREATE TABLE totals_version(id INTEGER PRIMARY KEY CHECK(id = 1), value INTEGER NOT NULL);",
	"INSERT INTO totals_version VALUES(1, 0);",
	"CREATE TRIGGER totals_needs_i AFTER INSERT ON needs"
	" BEGIN UPDATE totals_version SET value = value + 1; END;",
	"CREATE TRIGGER totals_needs_u AFTER UPDATE ON needs"
	" BEGIN UPDATE totals_version SET value = value + 1; END;",
	"CREATE TRIGGER totals_needs_d AFTER DELETE ON needs"
	" BEGIN UPDATE totals_version SET value = value + 1; END;",
	"CREATE TRIGGER totals_abilities_i AFTER INSERT ON abilities"
	" BEGIN UPDATE totals_version SET value = value + 1; END;",
	"CREATE TRIGGER totals_abilities_u AFTER UPDATE ON abilities"
	" BEGIN UPDATE totals_version SET value = value + 1; END;",
	"CREATE TRIGGER totals_abilities_d AFTER DELETE ON abilities"
	" BEGIN UPDATE totals_version SET value = value + 1; END;",
	"CREATE TRIGGER totals_products_u AFTER UPDATE ON products"
	" BEGIN UPDATE totals_version SET value = value + 1; END;",
	"CREATE TRIGGER totals_councils_u AFTER UPDATE OF parent ON councils"
	" BEGIN UPDATE totals_version SET value = value + 1; END;",
	NULL,
};

/* Version 6: a plan adopted for a period that a plan of the same federation already covers
 * supersedes it (plans.superseded_by: the motion of the plan that did; NULL while in
 * force; set only by plan.c, to the motion of a plan it stores in the same transaction).
 * Before, both stood, and which targets held was for the workplaces to guess. */
static const char *const migration6[] = {
	"ALTER TABLE plans ADD COLUMN superseded_by INTEGER;",
	"CREATE INDEX plans_period ON plans(period);",
	NULL,
};

static const char *const *const migrations[] = {migration1, migration2, migration3, migration4,
                                                migration5, migration6};

int st_migrations_count(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *const *st_migration(int k)
{
	return migrations[k];
}
