/* Join requests: anyone files one to a workplace or neighbourhood council; its members accept
 * (making or matching a member) or decline. Contact data never reaches the event log. */
#include <sodium.h>
#include <string.h>
#include "council/ct.h"

static const char *const heard_names[] = {"?", "search", "friend", "social-media", "other"};

const char *plenum_heard_name(int heard)
{
	return heard >= 1 && heard <= 4 ? heard_names[heard] : "?";
}

int plenum_heard_parse(const char *s)
{
	for (int k = 1; k <= 4; k++)
		if (s && strcmp(s, heard_names[k]) == 0)
			return k;
	return 0;
}

static int check_request(plenum_db *db, int64_t council, const plenum_join_spec *s,
                         plenum_diag *d)
{
	ct_council c;
	int rc = ct_council_load(db, council, &c, d);
	if (!rc && c.kind == PLENUM_FEDERATION)
		rc = ut_fail(d, PLENUM_EINVAL, "council %lld is a federation: join one of its "
		             "workplace or neighbourhood councils", (long long)council);
	if (!rc && !s->member)
		rc = ct_check_name(d, "the name", s->name, 1);
	if (!rc && !s->member)
		rc = ct_check_email(d, s->email);
	if (!rc)
		rc = ct_check_name(d, "the place", s->place, 0);
	if (!rc)
		rc = ct_check_text(d, "the message", s->message, 0);
	if (!rc && (s->heard < PLENUM_HEARD_SEARCH || s->heard > PLENUM_HEARD_OTHER))
		rc = ut_fail(d, PLENUM_EINVAL, "how they heard of it: use search, friend, "
		             "social-media or other");
	return rc;
}

/* Who asks: a new person, or the member asking for themselves (who, not 0), whose name and
 * email the request then carries. */
typedef struct asker {
	int64_t who;
	char name[PLENUM_NAME_MAX + 1], email[PLENUM_NAME_MAX + 1];
} asker;

/* The member s->member as the asker, read under the write lock; ECONFLICT when already in
 * council (they are signed in: it tells them nothing of anyone else). */
static int member_asks(plenum_db *db, int64_t council, int64_t who, asker *k, plenum_diag *d)
{
	int rc = ct_member_contact(db, who, k->name, k->email, d);
	if (rc)
		return rc;
	k->who = who;
	if (ct_is_member(db, council, who))
		return ut_fail(d, PLENUM_ECONFLICT, "member %lld is a member of council %lld already: "
		               "there is nothing to ask", (long long)who, (long long)council);
	return PLENUM_OK;
}

static int file_request(plenum_db *db, int64_t council, const plenum_join_spec *s,
                        const char *pwhash, int64_t who, int64_t *id, plenum_diag *d)
{
	asker k = {0};
	int rc = who ? member_asks(db, council, who, &k, d) : PLENUM_OK;
	if (!rc)
		rc = st_query_run(db->st, ST_Q_join_insert, NULL, d, "itttittii", council,
		                  who ? k.name : s->name, who ? k.email : s->email,
		                  s->place ? s->place : "", (int64_t)s->heard,
		                  s->message ? s->message : "", who ? NULL : pwhash,
		                  plenum_db_now(db), who);
	if (rc)
		return rc;
	*id = st_last_id(db->st);
	ct_json j = {0};
	ct_js_int(&j, "request", *id);
	ct_js_int(&j, "council", council);
	return ct_event(db, PLENUM_ACTOR_ADMIN, council, "join.file", &j, d);
}

/* Checked again under the write lock: the council may have changed while the password was
 * hashed. */
static int file_tx(plenum_db *db, int64_t council, const plenum_join_spec *s, const char *hash,
                   int64_t who, int64_t *made, plenum_diag *d)
{
	int rc = check_request(db, council, s, d);
	return rc ? rc : file_request(db, council, s, hash, who, made, d);
}

int plenum_join_request_file(plenum_db *db, int64_t council, const plenum_join_spec *s,
                             int64_t *id, plenum_diag *d)
{
	CT_ENTER(db, d);
	char hash[crypto_pwhash_STRBYTES];
	int64_t made = 0, who = s->member;
	int rc = check_request(db, council, s, d); /* the cheap refusals, without the lock */
	if (!rc && s->password && !who) /* (0.1 s: not while holding the write lock) */
		rc = ct_password_hash(s->password, hash, d);
	if (!rc)
		rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, file_tx(db, council, s, s->password ? hash : NULL, who, &made, d),
		            d);
	if (id)
		*id = rc ? 0 : made;
	return ct_leave(db, rc, d);
}

int plenum_join_request_list(plenum_db *db, int64_t actor, int64_t council, int pending_only,
                             const plenum_page *page,
                             int (*fn)(void *, const plenum_join_request *), void *ud,
                             plenum_diag *d)
{
	CT_ENTER(db, d);
	ct_council c;
	st_stmt *s;
	int r, rc = ct_check_page(d, page);
	if (!rc)
		rc = ct_council_load(db, council, &c, d);
	if (!rc)
		rc = ct_require_member(db, actor, council, "read the join requests", d);
	if (!rc && page)
		rc = st_query_run(db->st, ST_Q_join_page, &s, d, "iiii", council,
		                  (int64_t)pending_only, page->before ? page->before : INT64_MAX,
		                  page->limit);
	else if (!rc)
		rc = st_query_run(db->st, ST_Q_join_list, &s, d, "ii", council, (int64_t)pending_only);
	if (rc)
		return ct_leave(db, rc, d);
	plenum_join_request q;
	while ((r = st_next(s, d)) == 1) {
		q.id = st_int(s, 0), q.council = st_int(s, 1);
		q.name = st_text(s, 2), q.email = st_text(s, 3), q.place = st_text(s, 4);
		q.heard = (plenum_heard)st_int(s, 5), q.message = st_text(s, 6);
		q.status = (plenum_request_status)st_int(s, 7), q.member = st_int(s, 8);
		q.created = st_int(s, 9), q.decided = st_int(s, 10);
		q.others_email = (int)st_int(s, 11);
		if (fn(ud, &q)) {
			st_done(s);
			break;
		}
	}
	return ct_leave(db, r < 0 ? -r : PLENUM_OK, d);
}

typedef struct request {
	int64_t id, council, member;
	int status;
	char name[PLENUM_NAME_MAX + 1], email[PLENUM_NAME_MAX + 1];
	char pwhash[256];
	int has_pw;
} request;

static int load_request(plenum_db *db, int64_t id, request *q, plenum_diag *d)
{
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_join_get, &s, d, "i", id);
	int r = rc ? -rc : st_next(s, d);
	if (r != 1)
		return r < 0 ? -r : ut_fail(d, PLENUM_ENOTFOUND, "join request %lld: no such "
		                            "request", (long long)id);
	q->council = st_int(s, 0);
	snprintf(q->name, sizeof q->name, "%s", st_text(s, 1));
	snprintf(q->email, sizeof q->email, "%s", st_text(s, 2));
	q->status = (int)st_int(s, 3);
	q->has_pw = !st_is_null(s, 4);
	snprintf(q->pwhash, sizeof q->pwhash, "%s", st_text(s, 4));
	q->member = st_int(s, 5);
	q->id = id;
	st_done(s);
	return PLENUM_OK;
}

/* Accepting: the member who asked, else a new one; then the membership. A request naming a
 * member's email that the member did not make signed in is refused: anyone can type an
 * email, and it made that member join a council they never asked to. */
static int accept(plenum_db *db, int64_t actor, const request *q, int64_t *member,
                  plenum_diag *d)
{
	int rc = PLENUM_OK;
	*member = q->member;
	if (!*member && (rc = st_query_int(db->st, ST_Q_member_by_email, member, d, "t",
	                                   q->email)) == PLENUM_OK)
		return ut_fail(d, PLENUM_ECONFLICT, "join request %lld gives the email of member "
		               "%lld, who did not make it signed in: decline it; they can ask again "
		               "signed in", (long long)q->id, (long long)*member);
	if (rc == PLENUM_ENOTFOUND)
		rc = ct_member_insert(db, actor, q->name, q->email, q->has_pw ? q->pwhash : NULL,
		                      member, d);
	if (rc)
		return rc;
	if (ct_is_member(db, q->council, *member))
		return PLENUM_OK;
	return ct_membership_add(db, actor, q->council, *member, d);
}

static int decide(plenum_db *db, int64_t actor, int64_t id, int yes, int64_t *member,
                  plenum_diag *d)
{
	request q;
	*member = 0;
	int rc = load_request(db, id, &q, d);
	if (!rc)
		rc = ct_require_member(db, actor, q.council, "decide join requests", d);
	if (!rc && q.status != PLENUM_REQUEST_PENDING)
		rc = ut_fail(d, PLENUM_ECONFLICT, "join request %lld was %s already", (long long)id,
		             q.status == PLENUM_REQUEST_ACCEPTED ? "accepted" : "declined");
	if (!rc && yes)
		rc = accept(db, actor, &q, member, d);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_join_decide, NULL, d, "iiii", id,
		                  (int64_t)(yes ? PLENUM_REQUEST_ACCEPTED : PLENUM_REQUEST_DECLINED),
		                  *member, plenum_db_now(db));
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "request", id);
	ct_js_str(&j, "decision", yes ? "accepted" : "declined");
	ct_js_int(&j, "member", *member);
	return ct_event(db, actor, q.council, "join.decide", &j, d);
}

int plenum_join_request_decide(plenum_db *db, int64_t actor, int64_t request_id, int yes,
                               int64_t *member, plenum_diag *d)
{
	CT_ENTER(db, d);
	int64_t m = 0;
	int rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, decide(db, actor, request_id, yes, &m, d), d);
	if (member)
		*member = rc ? 0 : m;
	return ct_leave(db, rc, d);
}
