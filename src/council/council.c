/* Councils and membership: create, parent federations, listing, joining and leaving. */
#include <string.h>
#include "council/ct.h"

static const char *const kind_names[] = {"?", "workplace", "neighbourhood", "federation"};

const char *plenum_council_kind_name(int kind)
{
	return kind >= 1 && kind <= 3 ? kind_names[kind] : "?";
}

int plenum_council_kind_parse(const char *s)
{
	for (int k = 1; k <= 3; k++)
		if (s && strcmp(s, kind_names[k]) == 0)
			return k;
	return 0;
}

/* EINVAL unless parent is 0 or a federation that is not c and has no ancestor c. */
static int check_parent(plenum_db *db, int64_t c, int64_t parent, plenum_diag *d)
{
	for (int64_t p = parent, depth = 0; p; depth++) {
		ct_council pc;
		int rc = ct_council_load(db, p, &pc, d);
		if (rc)
			return rc;
		if (p == parent && pc.kind != PLENUM_FEDERATION)
			return ut_fail(d, PLENUM_EINVAL, "council %lld is a %s, not a federation: a "
			               "parent must be a federation", (long long)p,
			               plenum_council_kind_name(pc.kind));
		if (p == c || depth > 1000)
			return ut_fail(d, PLENUM_EINVAL, "council %lld cannot be inside itself: choose "
			               "another parent", (long long)c);
		p = pc.parent;
	}
	return PLENUM_OK;
}

static int check_spec(plenum_db *db, int64_t actor, const plenum_council_spec *s,
                      plenum_diag *d)
{
	int rc = ct_check_name(d, "the council's name", s->name, 1);
	if (!rc)
		rc = ct_check_name(d, "the council's place", s->place, 0);
	if (rc)
		return rc;
	if (s->kind < PLENUM_WORKPLACE || s->kind > PLENUM_FEDERATION)
		return ut_fail(d, PLENUM_EINVAL, "council kind %d: use workplace, neighbourhood or "
		               "federation", (int)s->kind);
	if (s->seats < 0 || s->seats > 1000)
		return ut_fail(d, PLENUM_EINVAL, "%lld seats: give 1 to 1000",
		               (long long)s->seats);
	if (actor != PLENUM_ACTOR_ADMIN) {
		rc = ct_member_exists(db, actor, d);
		if (rc)
			return rc == PLENUM_ENOTFOUND ? PLENUM_EDENIED : rc;
		if (s->kind == PLENUM_FEDERATION)
			return ut_fail(d, PLENUM_EDENIED, "member %lld may not create a federation: "
			               "councils federate through the admin", (long long)actor);
	}
	int64_t other;
	rc = st_query_int(db->st, ST_Q_council_by_name, &other, d, "t", s->name);
	if (rc == PLENUM_OK)
		return ut_fail(d, PLENUM_ECONFLICT, "a council named '%s' exists (council %lld): "
		               "choose another name", s->name, (long long)other);
	if (rc != PLENUM_ENOTFOUND)
		return rc;
	return check_parent(db, 0, s->parent, d);
}

static int create(plenum_db *db, int64_t actor, const plenum_council_spec *s, int64_t *id,
                  plenum_diag *d)
{
	int64_t seats = s->seats ? s->seats : 1, now = plenum_db_now(db);
	int rc = st_query_run(db->st, ST_Q_council_insert, NULL, d, "ittiii", (int64_t)s->kind,
	                      s->name, s->place ? s->place : "", s->parent, seats, now);
	if (rc)
		return rc;
	*id = st_last_id(db->st);
	if (actor != PLENUM_ACTOR_ADMIN)
		rc = st_query_run(db->st, ST_Q_membership_insert, NULL, d, "iii", *id, actor, now);
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "council", *id);
	ct_js_str(&j, "kind", plenum_council_kind_name(s->kind));
	ct_js_str(&j, "name", s->name);
	ct_js_str(&j, "place", s->place ? s->place : "");
	ct_js_int(&j, "parent", s->parent);
	ct_js_int(&j, "seats", seats);
	return ct_event(db, actor, *id, "council.create", &j, d);
}

static int create_tx(plenum_db *db, int64_t actor, const plenum_council_spec *s, int64_t *made,
                     plenum_diag *d)
{
	int rc = check_spec(db, actor, s, d);
	return rc ? rc : create(db, actor, s, made, d);
}

int plenum_council_create(plenum_db *db, int64_t actor, const plenum_council_spec *s,
                          int64_t *id, plenum_diag *d)
{
	CT_ENTER(db, d);
	int64_t made = 0;
	int rc = ct_begin(db, d); /* the name's uniqueness and the parent read under the lock */
	if (!rc)
		rc = ct_end(db, create_tx(db, actor, s, &made, d), d);
	if (id)
		*id = rc ? 0 : made;
	return ct_leave(db, rc, d);
}

static int set_parent(plenum_db *db, int64_t actor, int64_t c, int64_t parent, plenum_diag *d)
{
	ct_council cc;
	int rc = ct_council_load(db, c, &cc, d);
	if (!rc)
		rc = check_parent(db, c, parent, d);
	if (!rc && parent != cc.parent) /* its seats were in the federation it leaves */
		rc = ct_seats_end(db, actor, c, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_council_set_parent, NULL, d, "ii", c, parent);
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "council", c);
	ct_js_int(&j, "parent", parent);
	return ct_event(db, actor, c, "council.parent", &j, d);
}

int plenum_council_set_parent(plenum_db *db, int64_t actor, int64_t c, int64_t parent,
                              plenum_diag *d)
{
	CT_ENTER(db, d);
	if (actor != PLENUM_ACTOR_ADMIN)
		return ct_leave(db, ut_fail(d, PLENUM_EDENIED, "only the admin may move council %lld "
		                            "into a federation", (long long)c), d);
	int rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, set_parent(db, actor, c, parent, d), d);
	return ct_leave(db, rc, d);
}

static void read_council(st_stmt *s, plenum_council *c)
{
	c->id = st_int(s, 0);
	c->kind = (plenum_council_kind)st_int(s, 1);
	c->parent = st_int(s, 2);
	c->seats = st_int(s, 3);
	c->name = st_text(s, 4);
	c->place = st_text(s, 5);
	c->created = st_int(s, 6);
	c->members = st_int(s, 7);
}

int plenum_council_get(plenum_db *db, int64_t id, plenum_council *out, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_council_get, &s, d, "i", id);
	int r = rc ? -rc : st_next(s, d);
	if (r == 1) {
		read_council(s, out);
		db->held = s; /* the row stays until the next call on db */
	}
	else
		rc = r < 0 ? -r : ut_fail(d, PLENUM_ENOTFOUND, "council %lld: no such council: see "
		                          "'plenum council list'", (long long)id);
	return ct_leave(db, rc, d);
}

static int each_council(plenum_db *db, st_stmt *s, int (*fn)(void *, const plenum_council *),
                        void *ud, plenum_diag *d)
{
	int r;
	plenum_council c;
	while ((r = st_next(s, d)) == 1) {
		read_council(s, &c);
		if (fn(ud, &c)) {
			st_done(s);
			return PLENUM_OK;
		}
	}
	return -r;
}

int plenum_council_list(plenum_db *db, int64_t parent, int (*fn)(void *, const plenum_council *),
                        void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	ct_council c;
	int rc = parent > 0 ? ct_council_load(db, parent, &c, d) : PLENUM_OK; /* not an empty list */
	if (!rc)
		rc = parent < 0 ? st_query_run(db->st, ST_Q_council_list_all, &s, d, "")
		                : st_query_run(db->st, ST_Q_council_list_parent, &s, d, "i", parent);
	if (!rc)
		rc = each_council(db, s, fn, ud, d);
	return ct_leave(db, rc, d);
}

int plenum_member_councils(plenum_db *db, int64_t member,
                           int (*fn)(void *, const plenum_council *), void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int rc = ct_member_exists(db, member, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_member_councils, &s, d, "i", member);
	if (!rc)
		rc = each_council(db, s, fn, ud, d);
	return ct_leave(db, rc, d);
}

int ct_council_top(plenum_db *db, int64_t *id, plenum_diag *d)
{
	st_stmt *s;
	int64_t n = 0;
	int r, rc = st_query_run(db->st, ST_Q_council_top, &s, d, "");
	if (rc)
		return rc;
	while ((r = st_next(s, d)) == 1)
		if (n++ == 0)
			*id = st_int(s, 0);
	if (r < 0)
		return -r;
	if (n == 0)
		return ut_fail(d, PLENUM_ENOTFOUND, "there is no federation without a parent: create "
		               "one with 'plenum council create --kind federation'");
	if (n > 1)
		return ut_fail(d, PLENUM_ECONFLICT, "%lld federations have no parent: join them in "
		               "one, or name the federation", (long long)n);
	return PLENUM_OK;
}

int plenum_council_top(plenum_db *db, int64_t *id, plenum_diag *d)
{
	CT_ENTER(db, d);
	return ct_leave(db, ct_council_top(db, id, d), d);
}

/* ---- membership ---- */

static int add_member(plenum_db *db, int64_t actor, int64_t council, int64_t member,
                      plenum_diag *d)
{
	ct_council c;
	int rc = ct_council_load(db, council, &c, d);
	if (!rc)
		rc = ct_member_exists(db, member, d);
	if (rc)
		return rc;
	if (c.kind == PLENUM_FEDERATION)
		return ut_fail(d, PLENUM_EINVAL, "council %lld is a federation: its members are its "
		               "councils' delegates, elected below", (long long)council);
	if (ct_is_member(db, council, member))
		return ut_fail(d, PLENUM_ECONFLICT, "member %lld is already a member of council "
		               "%lld", (long long)member, (long long)council);
	rc = st_query_run(db->st, ST_Q_membership_insert, NULL, d, "iii", council, member,
	                  plenum_db_now(db));
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "council", council);
	ct_js_int(&j, "member", member);
	return ct_event(db, actor, council, "membership.add", &j, d);
}

int ct_membership_add(plenum_db *db, int64_t actor, int64_t council, int64_t member,
                      plenum_diag *d)
{
	return add_member(db, actor, council, member, d);
}

int plenum_membership_add(plenum_db *db, int64_t actor, int64_t council, int64_t member,
                          plenum_diag *d)
{
	CT_ENTER(db, d);
	if (actor != PLENUM_ACTOR_ADMIN)
		return ct_leave(db, ut_fail(d, PLENUM_EDENIED, "member %lld may not add members "
		                            "directly: file a join request to council %lld",
		                            (long long)actor, (long long)council), d);
	int rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, add_member(db, actor, council, member, d), d);
	return ct_leave(db, rc, d);
}

static int remove_member(plenum_db *db, int64_t actor, int64_t council, int64_t member,
                         plenum_diag *d)
{
	int64_t seat;
	if (actor != PLENUM_ACTOR_ADMIN && actor != member)
		return ut_fail(d, PLENUM_EDENIED, "member %lld may not end member %lld's membership: "
		               "only the member themself may", (long long)actor, (long long)member);
	ct_council c;
	int rc = ct_council_load(db, council, &c, d);
	if (rc)
		return rc;
	if (c.kind == PLENUM_FEDERATION || !ct_is_member(db, council, member))
		return ut_fail(d, PLENUM_ENOTFOUND, "member %lld is not a member of council %lld",
		               (long long)member, (long long)council);
	if (st_query_int(db->st, ST_Q_seat_of_member, &seat, d, "ii", council, member) == 0)
		return ut_fail(d, PLENUM_ECONFLICT, "member %lld holds delegate seat %lld for council "
		               "%lld: resign or be recalled first", (long long)member,
		               (long long)seat, (long long)council);
	rc = st_query_run(db->st, ST_Q_membership_delete, NULL, d, "ii", council, member);
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "council", council);
	ct_js_int(&j, "member", member);
	return ct_event(db, actor, council, "membership.remove", &j, d);
}

int plenum_membership_remove(plenum_db *db, int64_t actor, int64_t council, int64_t member,
                             plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, remove_member(db, actor, council, member, d), d);
	return ct_leave(db, rc, d);
}

int plenum_is_member(plenum_db *db, int64_t council, int64_t member)
{
	return ct_is_member(db, council, member);
}

int ct_each_member(st_stmt *s, int (*fn)(void *, const plenum_member *), void *ud,
                   plenum_diag *d)
{
	int r;
	plenum_member m = {0};
	while ((r = st_next(s, d)) == 1) {
		m.id = st_int(s, 0);
		m.name = st_text(s, 1);
		m.email = NULL;
		m.created = st_int(s, 2);
		m.has_password = (int)st_int(s, 3);
		if (fn(ud, &m)) {
			st_done(s);
			return PLENUM_OK;
		}
	}
	return -r;
}

int plenum_council_members(plenum_db *db, int64_t council,
                           int (*fn)(void *, const plenum_member *), void *ud, plenum_diag *d)
{
	CT_ENTER(db, d);
	ct_council c;
	st_stmt *s;
	int rc = ct_council_load(db, council, &c, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_council_members, &s, d, "i", council);
	if (!rc)
		rc = ct_each_member(s, fn, ud, d);
	return ct_leave(db, rc, d);
}
