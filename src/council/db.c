/* The handle, entering and leaving API calls, transactions, input checks and the lookups the
 * rules share. */
#include <sodium.h>
#include <string.h>
#include <time.h>
#include "council/ct.h"

int plenum_db_open(const char *path, plenum_db **out, plenum_diag *d)
{
	plenum_diag local;
	if (!d)
		d = &local;
	plenum_diag_clear(d);
	*out = NULL;
	if (!path || !*path)
		return ut_fail(d, PLENUM_EINVAL, "no database path given: pass --db FILE");
	if (sodium_init() < 0)
		return ut_fail(d, PLENUM_EIO, "libsodium failed to start (no entropy source?)");
	plenum_db *db = ut_calloc(1, sizeof *db);
	if (!db)
		return ut_fail(d, PLENUM_ENOMEM, "out of memory opening %s", path);
	int rc = st_open(path, &db->st, d);
	if (rc) {
		ut_free(db);
		return rc;
	}
	*out = db;
	return PLENUM_OK;
}

void plenum_db_close(plenum_db *db)
{
	if (!db)
		return;
	ct_release(db);
	st_close(db->st);
	ut_free(db);
}

const char *plenum_db_errmsg(const plenum_db *db)
{
	return db ? db->msg : "no database handle";
}

int plenum_db_schema_version(plenum_db *db)
{
	return st_schema_version(db->st);
}

void plenum_db_set_clock(plenum_db *db, int64_t now)
{
	db->clock = now;
}

int64_t plenum_db_now(plenum_db *db)
{
	return db->clock ? db->clock : (int64_t)time(NULL);
}

void ct_release(plenum_db *db)
{
	st_done(db->held);
	db->held = NULL;
}

int ct_leave(plenum_db *db, int rc, plenum_diag *d)
{
	if (rc && !d->message[0])
		snprintf(d->message, sizeof d->message, "%s", plenum_status_text(rc));
	snprintf(db->msg, sizeof db->msg, "%s", rc ? d->message : "");
	return rc;
}

int ct_begin(plenum_db *db, plenum_diag *d)
{
	return st_begin(db->st, d);
}

int ct_end(plenum_db *db, int rc, plenum_diag *d)
{
	if (rc) {
		st_rollback(db->st);
		return rc;
	}
	return st_commit(db->st, d);
}

/* The code point at s (valid UTF-8), and its length in *len. */
static unsigned code_point(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80)
		return *len = 1, s[0];
	if (s[0] < 0xE0)
		return *len = 2, (s[0] & 0x1Fu) << 6 | (s[1] & 0x3Fu);
	if (s[0] < 0xF0)
		return *len = 3, (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
	return *len = 4, (s[0] & 0x07u) << 18 | (s[1] & 0x3Fu) << 12 | (s[2] & 0x3Fu) << 6 |
	                 (s[3] & 0x3Fu);
}

/* Spaces (Unicode's White_Space) and the invisible format characters (bidi marks, zero
 * widths, the BOM, the soft hyphen): a name of these only shows as nothing. */
static int invisible(unsigned c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0xAD ||
	       c == 0x34F || c == 0x115F || c == 0x1160 || c == 0x1680 ||
	       (c >= 0x180B && c <= 0x180E) || (c >= 0x2000 && c <= 0x200F) ||
	       (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) || c == 0x3000 ||
	       c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 ||
	       (c >= 0xE0000 && c <= 0xE007F); /* with Unicode's default-ignorable fillers */
}

static int check_chars(plenum_diag *d, const char *what, const char *s, size_t max, int text)
{
	size_t n = strlen(s);
	if (n > max)
		return ut_fail(d, PLENUM_EINVAL, "%s is %zu bytes long, more than the %zu allowed: "
		               "shorten it", what, n, max);
	if (!ut_utf8_valid(s, n))
		return ut_fail(d, PLENUM_EINVAL, "%s is not valid UTF-8: fix its encoding", what);
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];
		/* C0, DEL and C1 (U+0080..U+009F: 0xC2 0x80..0x9F in UTF-8, NEL among them) */
		int c1 = c == 0xC2 && k + 1 < n && (unsigned char)s[k + 1] >= 0x80 &&
		         (unsigned char)s[k + 1] <= 0x9F;
		if ((c < 0x20 && !(text && (c == '\n' || c == '\t' || c == '\r'))) || c == 0x7f || c1)
			return ut_fail(d, PLENUM_EINVAL, "%s holds a control character at byte %zu: "
			               "remove it", what, k + 1);
	}
	size_t len;
	for (size_t k = 0; k < n; k += len)
		if (!invisible(code_point((const unsigned char *)s + k, &len)))
			return PLENUM_OK;
	return ut_fail(d, PLENUM_EINVAL, "%s is only spaces or invisible characters: give one",
	               what);
}

int ct_check_name(plenum_diag *d, const char *what, const char *s, int required)
{
	if (!s || !*s)
		return required ? ut_fail(d, PLENUM_EINVAL, "%s is empty: give one", what)
		                : PLENUM_OK;
	return check_chars(d, what, s, PLENUM_NAME_MAX, 0);
}

int ct_check_text(plenum_diag *d, const char *what, const char *s, int required)
{
	if (!s || !*s)
		return required ? ut_fail(d, PLENUM_EINVAL, "%s is empty: give one", what)
		                : PLENUM_OK;
	return check_chars(d, what, s, PLENUM_TEXT_MAX, 1);
}

int ct_check_email(plenum_diag *d, const char *s)
{
	int rc = ct_check_name(d, "the email", s, 1);
	if (rc)
		return rc;
	const char *at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@') || strchr(s, ' '))
		return ut_fail(d, PLENUM_EINVAL, "'%s' is not an email address (name@host)", s);
	return PLENUM_OK;
}

int ct_check_page(plenum_diag *d, const plenum_page *page)
{
	if (page && (page->limit < 1 || page->before < 0))
		return ut_fail(d, PLENUM_EINVAL, "a page needs a limit of 1 or more and an id to "
		               "list before of 0 or more (got %lld and %lld)",
		               (long long)page->limit, (long long)page->before);
	return PLENUM_OK;
}

int ct_council_load(plenum_db *db, int64_t id, ct_council *c, plenum_diag *d)
{
	st_stmt *s;
	int rc = st_query_run(db->st, ST_Q_council_load, &s, d, "i", id);
	if (rc)
		return rc;
	int r = st_next(s, d);
	if (r < 0)
		return -r;
	if (r == 0)
		return ut_fail(d, PLENUM_ENOTFOUND, "council %lld: no such council: see 'plenum "
		               "council list'", (long long)id);
	c->id = id;
	c->kind = (int)st_int(s, 0);
	c->parent = st_int(s, 1);
	c->seats = st_int(s, 2);
	st_done(s);
	return PLENUM_OK;
}

int ct_member_exists(plenum_db *db, int64_t member, plenum_diag *d)
{
	int64_t one;
	int rc = st_query_int(db->st, ST_Q_member_exists, &one, d, "i", member);
	if (rc == PLENUM_ENOTFOUND)
		return ut_fail(d, rc, "member %lld: no such member: see 'plenum member list'",
		               (long long)member);
	return rc;
}

int ct_is_member(plenum_db *db, int64_t council, int64_t member)
{
	int64_t one;
	if (member <= 0)
		return 0;
	return st_query_int(db->st, ST_Q_is_member, &one, NULL, "ii", council, member)
	       == PLENUM_OK;
}

int ct_require_member(plenum_db *db, int64_t actor, int64_t council, const char *what,
                      plenum_diag *d)
{
	if (actor == PLENUM_ACTOR_ADMIN || ct_is_member(db, council, actor))
		return PLENUM_OK;
	return ut_fail(d, PLENUM_EDENIED, "member %lld may not %s: only members of council %lld "
	               "(of a federation: its seated delegates) may", (long long)actor, what,
	               (long long)council);
}

int64_t ct_count_members(plenum_db *db, int64_t council)
{
	int64_t n = 0;
	if (st_query_int(db->st, ST_Q_count_members, &n, NULL, "i", council))
		return 0;
	return n;
}

void ct_random_hex(char *out, size_t n)
{
	unsigned char b[64];
	if (NEVER(n > sizeof b))
		n = sizeof b;
	randombytes_buf(b, n);
	st_hex(b, n, out);
}

void ct_hash2(const char *a, const char *b, unsigned char out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, (const unsigned char *)a, strlen(a));
	crypto_generichash_update(&h, (const unsigned char *)"\n", 1);
	crypto_generichash_update(&h, (const unsigned char *)b, strlen(b));
	crypto_generichash_final(&h, out, 32);
}
