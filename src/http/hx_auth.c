/* Signing in and out, and who is signed in: POST /api/login (rate limited per account and
 * per client address, sliding window), POST /api/logout, GET /api/me. */
#include <ctype.h>
#include <string.h>
#include "http/handlers.h"
#include "util/util.h"

/* The account's key for the limiter: the email in lower case, so that "Bob@" and "bob@"
 * count against one account. */
static void account_key(const char *email, char *out, size_t n)
{
	size_t k = 0;
	for (; email[k] && k + 1 < n; k++)
		out[k] = (char)tolower((unsigned char)email[k]);
	out[k] = 0;
}

/* 429 with Retry-After when the account or the address has failed too often. */
static int limited(hx_req *q, hx_res *r, const char *email)
{
	double now = ut_now();
	char key[200];
	account_key(email, key, sizeof key);
	int a = hx_limiter_wait(hx_login_limiter(q->srv, 0), key, now);
	int b = hx_limiter_wait(hx_login_limiter(q->srv, 1), q->ip, now);
	int wait = a > b ? a : b;
	if (!wait)
		return 0;
	char v[32];
	snprintf(v, sizeof v, "%d", wait);
	hx_header(r, "Retry-After", v);
	hx_error(r, 429, "ELIMIT", "too many failed sign-ins for this account or address: try "
	                           "again in %d seconds", wait);
	return 1;
}

static void failed(hx_req *q, const char *email)
{
	double now = ut_now();
	char key[200];
	account_key(email, key, sizeof key);
	hx_limiter_fail(hx_login_limiter(q->srv, 0), key, now);
	hx_limiter_fail(hx_login_limiter(q->srv, 1), q->ip, now);
}

void hx_login(hx_req *q, hx_res *r)
{
	const char *email = NULL, *password = NULL;
	if (!hx_str(q, r, "email", 1, &email) || !hx_str(q, r, "password", 1, &password))
		return;
	if (limited(q, r, email))
		return;
	plenum_diag d = {0};
	int64_t member = 0;
	char token[PLENUM_TOKEN_SIZE], csrf[HX_CSRF_SIZE];
	if (!hx_hash_begin(q, r))
		return;
	int rc = plenum_member_login(q->db, email, password, &member, &d);
	hx_hash_end(q);
	if (rc == PLENUM_EDENIED || rc == PLENUM_ENOTFOUND) {
		failed(q, email);
		hx_error(r, 401, "ELOGIN", "wrong email or password: check both and try again");
		return;
	}
	if (rc == PLENUM_OK)
		rc = plenum_session_create(q->db, member, HX_SESSION_TTL, token, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	hx_cookie_set(r, q->srv, token);
	hx_csrf_of(token, csrf);
	hx_json(r, 200, json_pack("{s:I, s:s}", "member", (json_int_t)member, "csrf", csrf));
}

void hx_logout(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	int rc = plenum_session_delete(q->db, q->token, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	hx_cookie_clear(r, q->srv);
	hx_json(r, 200, json_pack("{s:b}", "ok", 1));
}

/* The member changes their own password: the current one checked (its failures counted as
 * sign-ins' are, so that a session left open is no way to guess it), the member's other
 * sessions ended, this one kept. */
void hx_password(hx_req *q, hx_res *r)
{
	const char *current = NULL, *fresh = NULL;
	if (!hx_str(q, r, "current", 1, &current) || !hx_str(q, r, "new", 1, &fresh))
		return;
	plenum_diag d = {0};
	plenum_member m;
	char email[PLENUM_NAME_MAX + 1];
	int rc = plenum_member_get(q->db, q->member, &m, &d);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	snprintf(email, sizeof email, "%s", m.email ? m.email : "");
	if (limited(q, r, email) || !hx_hash_begin(q, r))
		return;
	rc = plenum_member_change_password(q->db, q->member, current, fresh, q->token, &d);
	hx_hash_end(q);
	if (rc == PLENUM_EDENIED)
		failed(q, email);
	if (rc != PLENUM_OK) {
		hx_fail(r, rc, &d);
		return;
	}
	hx_json(r, 200, json_pack("{s:b}", "ok", 1));
}

static int add_council(void *ud, const plenum_council *c)
{
	json_array_append_new(ud, hx_council_json(c));
	return 0;
}

void hx_me(hx_req *q, hx_res *r)
{
	plenum_diag d = {0};
	json_t *councils = json_array();
	int rc = plenum_member_councils(q->db, q->member, add_council, councils, &d);
	plenum_member m;
	if (rc == PLENUM_OK)
		rc = plenum_member_get(q->db, q->member, &m, &d);
	if (rc != PLENUM_OK) {
		json_decref(councils);
		hx_fail(r, rc, &d);
		return;
	}
	char csrf[HX_CSRF_SIZE];
	hx_csrf_of(q->token, csrf);
	hx_json(r, 200, json_pack("{s:I, s:s, s:s?, s:s, s:o}", "id", (json_int_t)m.id, "name",
	                          m.name, "email", m.email, "csrf", csrf, "councils", councils));
}
