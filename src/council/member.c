/* Members, passwords (Argon2id) and sessions (random tokens, stored as their BLAKE2b hash). */
#include <sodium.h>
#include <string.h>
#include "council/ct.h"

int ct_password_hash(const char *password, char *out, plenum_diag *d)
{
	size_t n = strlen(password);
	if (n < 8 || n > 1024)
		return ut_fail(d, PLENUM_EINVAL, "a password needs 8 to 1024 characters");
	if (crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory hashing the password");
	return PLENUM_OK;
}

static int check_member(plenum_db *db, const char *name, const char *email, plenum_diag *d)
{
	int64_t other;
	int rc = ct_check_name(d, "the member's name", name, 1);
	if (rc || !email)
		return rc;
	if ((rc = ct_check_email(d, email)))
		return rc;
	rc = st_query_int(db->st, ST_Q_member_by_email, &other, d, "t", email);
	if (rc == PLENUM_OK)
		return ut_fail(d, PLENUM_ECONFLICT, "the email %s belongs to member %lld already",
		               email, (long long)other);
	return rc == PLENUM_ENOTFOUND ? PLENUM_OK : rc;
}

/* Inserts a member (pwhash may be NULL) in the open transaction. */
int ct_member_insert(plenum_db *db, int64_t actor, const char *name, const char *email,
                     const char *pwhash, int64_t *id, plenum_diag *d)
{
	int rc = st_query_run(db->st, ST_Q_member_insert, NULL, d, "ttti", name, email, pwhash,
	                      plenum_db_now(db));
	if (rc)
		return rc;
	*id = st_last_id(db->st);
	ct_json j = {0};
	ct_js_int(&j, "member", *id);
	ct_js_str(&j, "name", name); /* no email: contact data stays out of the log */
	return ct_event(db, actor, 0, "member.create", &j, d);
}

int plenum_member_create(plenum_db *db, int64_t actor, const char *name, const char *email,
                         const char *password, int64_t *id, plenum_diag *d)
{
	return plenum_member_create_in(db, actor, name, email, password, 0, id, d);
}

/* The member, and the membership when council is given; the email's check is in the same
 * transaction (checked before it, two members with emails apart only in case were both
 * made when created at once, and one could never sign in). */
static int insert(plenum_db *db, int64_t actor, const char *name, const char *email,
                  const char *hash, int64_t council, int64_t *made, plenum_diag *d)
{
	int rc = check_member(db, name, email, d);
	if (!rc)
		rc = ct_member_insert(db, actor, name, email, hash, made, d);
	return rc || !council ? rc : ct_membership_add(db, actor, council, *made, d);
}

int plenum_member_create_in(plenum_db *db, int64_t actor, const char *name, const char *email,
                            const char *password, int64_t council, int64_t *id, plenum_diag *d)
{
	CT_ENTER(db, d);
	char hash[crypto_pwhash_STRBYTES];
	int64_t made = 0;
	int rc = actor == PLENUM_ACTOR_ADMIN
	                 ? PLENUM_OK
	                 : ut_fail(d, PLENUM_EDENIED, "member %lld may not create members: file "
	                           "a join request instead", (long long)actor);
	if (!rc) /* the cheap refusals first, without the lock */
		rc = check_member(db, name, email, d);
	if (!rc && password) /* (0.1 s: not while holding the write lock) */
		rc = ct_password_hash(password, hash, d);
	if (!rc)
		rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, insert(db, actor, name, email, password ? hash : NULL, council,
		                       &made, d), d);
	if (id)
		*id = rc ? 0 : made;
	return ct_leave(db, rc, d);
}

int plenum_member_get(plenum_db *db, int64_t id, plenum_member *out, plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_member_get, &s, d, "i", id);
	int r = rc ? -rc : st_next(s, d);
	if (r == 1) {
		out->id = st_int(s, 0);
		out->name = st_text(s, 1);
		out->email = st_is_null(s, 2) ? NULL : st_text(s, 2);
		out->created = st_int(s, 3);
		out->has_password = (int)st_int(s, 4);
		db->held = s;
	} else {
		rc = r < 0 ? -r : ut_fail(d, PLENUM_ENOTFOUND, "member %lld: no such member: see "
		                          "'plenum member list'", (long long)id);
	}
	return ct_leave(db, rc, d);
}

int plenum_member_list(plenum_db *db, int (*fn)(void *, const plenum_member *), void *ud,
                       plenum_diag *d)
{
	CT_ENTER(db, d);
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_member_list, &s, d, "");
	if (!rc)
		rc = ct_each_member(s, fn, ud, d);
	return ct_leave(db, rc, d);
}

int plenum_member_find_email(plenum_db *db, const char *email, int64_t *id, plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = email ? st_query_int(db->st, ST_Q_member_by_email, id, d, "t", email)
	               : PLENUM_ENOTFOUND;
	if (rc == PLENUM_ENOTFOUND)
		ut_fail(d, rc, "no member has the email %s", email ? email : "(none)");
	return ct_leave(db, rc, d);
}

static int set_password(plenum_db *db, int64_t actor, int64_t member, const char *hash,
                        plenum_diag *d)
{
	int rc = st_query_run(db->st, ST_Q_member_set_pw, NULL, d, "ti", hash, member);
	if (rc)
		return rc;
	ct_json j = {0};
	ct_js_int(&j, "member", member);
	return ct_event(db, actor, 0, "member.password", &j, d);
}

int plenum_member_set_password(plenum_db *db, int64_t actor, int64_t member,
                               const char *password, plenum_diag *d)
{
	CT_ENTER(db, d);
	char hash[crypto_pwhash_STRBYTES];
	int rc = actor == PLENUM_ACTOR_ADMIN || actor == member
	                 ? PLENUM_OK
	                 : ut_fail(d, PLENUM_EDENIED, "member %lld may not set member %lld's "
	                           "password", (long long)actor, (long long)member);
	if (!rc)
		rc = ct_member_exists(db, member, d);
	if (!rc)
		rc = ct_password_hash(password ? password : "", hash, d);
	if (!rc)
		rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, set_password(db, actor, member, hash, d), d);
	return ct_leave(db, rc, d);
}

/* The hash of 32 random bytes that were thrown away, with the parameters of hash_password:
 * a login for an unknown email, or a member without a password, is checked against it, so
 * that it takes as long as a wrong password and the time does not tell who is a member. */
static const char NO_MEMBER_HASH[crypto_pwhash_STRBYTES] =
	"$argon2id$v=19$m=65536,t=2,p=1$p4plAsnjXk04dSzRi730RQ$"
	"WyUVJSdbluaxaPVgAgu8qwzvpwtZGmtRuGA4NvtpJq4";

int ct_password_of(plenum_db *db, const char *email, const char *password, int64_t *member,
                   plenum_diag *d)
{
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_member_pw_get, &s, d, "t", email ? email : "");
	int r = rc ? -rc : st_next(s, d);
	*member = 0;
	if (r < 0)
		return -r;
	const char *h = r == 1 && !st_is_null(s, 1) ? st_text(s, 1) : NULL;
	const char *pw = password ? password : "";
	if (crypto_pwhash_str_verify(h ? h : NO_MEMBER_HASH, pw, strlen(pw)) == 0 && h && password)
		*member = st_int(s, 0);
	if (r == 1)
		st_done(s);
	return PLENUM_OK;
}

int plenum_member_login(plenum_db *db, const char *email, const char *password, int64_t *member,
                        plenum_diag *d)
{
	CT_ENTER(db, d);
	int rc = ct_password_of(db, email, password, member, d);
	if (!rc && !*member)
		rc = ut_fail(d, PLENUM_EDENIED, "wrong email or password: try again");
	return ct_leave(db, rc, d);
}

static void token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

static int change_tx(plenum_db *db, int64_t member, const char *hash,
                     const unsigned char keep[32], plenum_diag *d)
{
	int rc = set_password(db, member, member, hash, d);
	return rc ? rc : st_query_run(db->st, ST_Q_session_end_others, NULL, d, "ib", member,
	                              (const void *)keep, (size_t)32);
}

int ct_member_contact(plenum_db *db, int64_t member, char *name, char *email, plenum_diag *d)
{
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_member_get, &s, d, "i", member);
	int r = rc ? -rc : st_next(s, d);
	if (r != 1)
		return r < 0 ? -r : ut_fail(d, PLENUM_ENOTFOUND, "member %lld: no such member",
		                            (long long)member);
	if (name)
		snprintf(name, PLENUM_NAME_MAX + 1, "%s", st_text(s, 1));
	if (email)
		snprintf(email, PLENUM_NAME_MAX + 1, "%s", st_is_null(s, 2) ? "" : st_text(s, 2));
	st_done(s);
	return PLENUM_OK;
}

int plenum_member_change_password(plenum_db *db, int64_t member, const char *current,
                                  const char *password, const char *keep, plenum_diag *d)
{
	CT_ENTER(db, d);
	char hash[crypto_pwhash_STRBYTES], email[PLENUM_NAME_MAX + 1];
	unsigned char h[32];
	int64_t who = 0;
	int rc = ct_member_contact(db, member, NULL, email, d);
	if (!rc) /* (0.1 s each, not while holding the write lock) */
		rc = ct_password_of(db, email, current, &who, d);
	if (!rc && who != member)
		rc = ut_fail(d, PLENUM_EDENIED, "the current password is not right: give it again");
	if (!rc)
		rc = ct_password_hash(password ? password : "", hash, d);
	token_hash(keep ? keep : "", h);
	if (!rc)
		rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, change_tx(db, member, hash, h, d), d);
	return ct_leave(db, rc, d);
}

/* The new session, the expired ones gone, and at most PLENUM_SESSIONS_MAX a member (the
 * oldest go first): sessions were deleted on logout only, and a loop of sign-ins left a row
 * each. */
static int session_tx(plenum_db *db, int64_t member, const unsigned char h[32],
                      int64_t expires, plenum_diag *d)
{
	int rc = st_query_run(db->st, ST_Q_session_purge, NULL, d, "i", plenum_db_now(db));
	if (!rc)
		rc = st_query_run(db->st, ST_Q_session_insert, NULL, d, "bii", (const void *)h,
		                  (size_t)32, member, expires);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_session_trim, NULL, d, "ii", member,
		                  (int64_t)PLENUM_SESSIONS_MAX);
	return rc;
}

int plenum_session_create(plenum_db *db, int64_t member, int64_t ttl,
                          char token[PLENUM_TOKEN_SIZE], plenum_diag *d)
{
	CT_ENTER(db, d);
	unsigned char h[32];
	token[0] = 0;
	int rc = ct_member_exists(db, member, d);
	if (!rc && ttl <= 0)
		rc = ut_fail(d, PLENUM_EINVAL, "a session needs a positive lifetime, got %lld s",
		             (long long)ttl);
	if (rc)
		return ct_leave(db, rc, d);
	ct_random_hex(token, 32);
	token_hash(token, h);
	rc = ct_begin(db, d);
	if (!rc)
		rc = ct_end(db, session_tx(db, member, h, plenum_db_now(db) + ttl, d), d);
	if (rc)
		token[0] = 0;
	return ct_leave(db, rc, d);
}

int plenum_session_lookup(plenum_db *db, const char *token, int64_t *member, plenum_diag *d)
{
	CT_ENTER(db, d);
	unsigned char h[32];
	token_hash(token ? token : "", h);
	int rc = st_query_int(db->st, ST_Q_session_lookup, member, d, "bi", (const void *)h,
	                      (size_t)32, plenum_db_now(db));
	if (rc == PLENUM_ENOTFOUND)
		ut_fail(d, rc, "no such session, or it expired: log in again");
	return ct_leave(db, rc, d);
}

int plenum_session_delete(plenum_db *db, const char *token, plenum_diag *d)
{
	CT_ENTER(db, d);
	unsigned char h[32];
	token_hash(token ? token : "", h);
	int rc = st_query_run(db->st, ST_Q_session_delete, NULL, d, "b", (const void *)h,
	                      (size_t)32);
	if (!rc)
		rc = st_query_run(db->st, ST_Q_session_purge, NULL, d, "i", plenum_db_now(db));
	return ct_leave(db, rc, d);
}
