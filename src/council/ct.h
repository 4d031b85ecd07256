/* Inside the council layer (prefix ct_): the handle, entering and leaving API calls,
 * transactions, input checks, canonical JSON for events, and the voting methods' interface. */
#ifndef PLENUM_CT_H
#define PLENUM_CT_H
#include <stdio.h>
#include "plenum/council.h"
#include "store/store.h"
#include "util/util.h"

struct plenum_db {
	st_conn *st;
	char msg[PLENUM_DIAG_LEN]; /* the last failure's message */
	int64_t clock;             /* 0: the real clock */
	st_stmt *held;             /* a get's row, kept until the next call */
};

/* Every API call: `CT_ENTER(db, d);` ... `return ct_leave(db, rc, d);`. A NULL d is replaced
 * by a local one so that plenum_db_errmsg always has the message. */
#define CT_ENTER(db, d)                  \
	plenum_diag d_local_;            \
	if (!(d))                        \
		(d) = &d_local_;         \
	plenum_diag_clear(d);            \
	ct_release(db)
/* Resets the statement a get kept for its strings. */
void ct_release(plenum_db *db);
int ct_leave(plenum_db *db, int rc, plenum_diag *d);

/* A state change: begin, work, then ct_end commits when rc is 0, else rolls back. */
int ct_begin(plenum_db *db, plenum_diag *d);
int ct_end(plenum_db *db, int rc, plenum_diag *d);

/* Input checks: EINVAL unless s is valid UTF-8 without control characters (texts may hold
 * newlines and tabs), at most max bytes, and not empty when required (NULL counts as empty). */
int ct_check_name(plenum_diag *d, const char *what, const char *s, int required);
int ct_check_text(plenum_diag *d, const char *what, const char *s, int required);
int ct_check_email(plenum_diag *d, const char *s);
/* EINVAL unless page is NULL or has a limit of 1 or more and before of 0 or more. */
int ct_check_page(plenum_diag *d, const plenum_page *page);

/* Lookups the rules use. */
typedef struct ct_council {
	int64_t id, parent, seats;
	int kind;
} ct_council;
int ct_council_load(plenum_db *db, int64_t id, ct_council *c, plenum_diag *d);
int ct_member_exists(plenum_db *db, int64_t member, plenum_diag *d);
/* Member's name and email ("" when none) into buffers of PLENUM_NAME_MAX + 1 (either may be
 * NULL); ENOTFOUND when there is no such member. */
int ct_member_contact(plenum_db *db, int64_t member, char *name, char *email, plenum_diag *d);
/* 1 when member may act as a member of council: a member of a workplace or neighbourhood
 * council, a delegate seated in a federation. */
int ct_is_member(plenum_db *db, int64_t council, int64_t member);
/* EDENIED unless actor is the admin or ct_is_member (what: the act, for the message). */
int ct_require_member(plenum_db *db, int64_t actor, int64_t council, const char *what,
                      plenum_diag *d);
int64_t ct_count_members(plenum_db *db, int64_t council);
/* The one federation without a parent (as plenum_council_top). */
int ct_council_top(plenum_db *db, int64_t *id, plenum_diag *d);

/* Cross-file helpers of the rules. */
int ct_membership_add(plenum_db *db, int64_t actor, int64_t council, int64_t member,
                      plenum_diag *d);
int ct_each_member(st_stmt *s, int (*fn)(void *, const plenum_member *), void *ud,
                   plenum_diag *d);
/* Inserts a member in the open transaction (pwhash may be NULL), with its event. */
int ct_member_insert(plenum_db *db, int64_t actor, const char *name, const char *email,
                     const char *pwhash, int64_t *id, plenum_diag *d);
/* Argon2id hash of password into out (crypto_pwhash_STRBYTES). */
int ct_password_hash(const char *password, char *out, plenum_diag *d);
/* *member: the member whose email and password these are, else 0 (the time taken does not
 * tell whether the email is a member's); OK unless the database fails. */
int ct_password_of(plenum_db *db, const char *email, const char *password, int64_t *member,
                   plenum_diag *d);

/* Motions: loads the row into m (strings NULL: only the numbers are kept). */
int ct_motion_load(plenum_db *db, int64_t id, plenum_motion *m, plenum_diag *d);
/* Whether the ballots of every closed motion (motion 0) or of one are those its
 * motion.close event counted (the digest it records): *bad_seq is the first event whose
 * motion's ballots differ (d says which), 0 when all agree. */
int ct_check_closed(plenum_db *db, int64_t motion, int64_t *bad_seq, plenum_diag *d);
/* Opens a motion inside the open transaction without the opener check (the caller made it:
 * the public call, or the system opening an election after a recall). actor is who acts (the
 * event's), opener who may close the motion when it has no closing time (0: the admin). */
int ct_motion_open_tx(plenum_db *db, int64_t actor, int64_t opener, const plenum_motion_spec *s,
                      int64_t *id, plenum_diag *d);
/* Vacates seat (ended_by: the recall motion or 0) and opens an election for it in the
 * electing council (0 in *election when nobody is left to stand), which opener (the member
 * who opened the recall, or who resigned; 0: the admin) may close like its own. */
/* council moved to another federation (or to none): every seat it holds in the old one
 * ends (no election: the council elects anew where it is now), the delegates' open
 * ballots there are withdrawn, and the council gets a notice. */
int ct_seats_end(plenum_db *db, int64_t actor, int64_t council, plenum_diag *d);
int ct_seat_vacate(plenum_db *db, int64_t actor, int64_t seat, int64_t ended_by, int64_t opener,
                   int64_t *election, plenum_diag *d);
/* 1 when a ballot's marks follow a mandate to vote option: it alone is marked 1. */
int ct_follows(const int64_t *marks, int64_t n, int64_t option);
/* Seats member for council in its parent (in the open transaction). */
int ct_seat_insert(plenum_db *db, int64_t actor, int64_t council, int64_t member,
                   const char *mandate, int64_t elected_by, int64_t *id, plenum_diag *d);
/* Free seats council has in its parent now. */
int64_t ct_free_seats(plenum_db *db, int64_t council);

/* EINVAL (what: where, for the message) unless council is a workplace inside federation, at
 * any depth; ENOTFOUND for an unknown council. */
int ct_workplace_inside(plenum_db *db, int64_t council, int64_t federation, const char *what,
                        plenum_diag *d);
/* A plan-adoption motion m closed with option winner: when a proposal was kept for that
 * option (plenum_plan_motion_open), stores its plan and publishes each workplace's targets,
 * in the open transaction. Nothing when there is none. */
int ct_plan_adopt(plenum_db *db, const plenum_motion *m, int64_t winner, plenum_diag *d);

/* Parses stored marks "m0,m1,..."; returns how many were read (at most n). */
int64_t ct_marks_parse(const char *s, int64_t *marks, int64_t n);

/* Canonical JSON for event contents: keys in the order written, no spaces, integers as
 * integers, doubles by %.17g, strings escaped (\" \\ \n \t \u00XX). */
typedef struct ct_json {
	ut_buf b;
	int n; /* members written in the current object */
	int oom;
} ct_json;
void ct_js_int(ct_json *j, const char *key, int64_t v);
void ct_js_num(ct_json *j, const char *key, double v);
void ct_js_str(ct_json *j, const char *key, const char *v);
/* The object's text ("{...}"), owned by j; NULL when out of memory. */
const char *ct_js_end(ct_json *j);
void ct_js_free(ct_json *j);

/* Appends the event (kind, j's content) in the open transaction; frees j. */
int ct_event(plenum_db *db, int64_t actor, int64_t council, const char *kind, ct_json *j,
             plenum_diag *d);
/* Adds a notice for council (also an event). */
int ct_notice(plenum_db *db, int64_t council, int64_t motion, int64_t member, const char *kind,
              const char *text, plenum_diag *d);

/* Random bytes as hex (2n characters + NUL into out). */
void ct_random_hex(char *out, size_t n);
/* BLAKE2b-256 of the concatenation of the texts a and b. */
void ct_hash2(const char *a, const char *b, unsigned char out[32]);

/* ---- Counting: the voting methods (one per file), pure functions over ballots ---- */

/* n ballots over k options: marks[b * k + i] as in plenum_ballot_cast. */
typedef struct ct_ballots {
	int64_t n, k;
	const int64_t *marks;
} ct_ballots;

typedef struct ct_count {
	int64_t *tally;    /* length k */
	int64_t *rank;     /* length k: 1 winner(s)... 0 unranked */
	int64_t *winners;  /* length k; n_winners used */
	int64_t n_winners;
	int64_t *pairwise; /* schulze only: k*k */
	int64_t yes, no, abstain;
	int quorum_met, passed;
	ut_buf report;     /* lines of text */
} ct_count;
int ct_count_init(ct_count *c, int64_t k);
void ct_count_free(ct_count *c);

/* Yes / no / abstain: quorum voters*qden >= qnum*electorate; majority yes*mden >= mnum*(yes+no)
 * and yes > no. Winner 0 (yes) when passed, else 1 (no). */
int ct_count_yes_no(const ct_ballots *b, int64_t electorate, int64_t qnum, int64_t qden,
                    int64_t mnum, int64_t mden, ct_count *out);
/* Approval: the seats options with most approvals; ties go to the status quo, then the lower
 * index. status_quo -1 when none. */
int ct_count_approval(const ct_ballots *b, int64_t seats, int64_t status_quo, ct_count *out);
/* Schulze (beatpath, winning votes): ranks every option; ties among winners go to the status
 * quo, then the lower index. */
int ct_count_schulze(const ct_ballots *b, int64_t status_quo, ct_count *out);
/* The Schulze winner set only: win[i] = 1 when option i is a potential winner (no beatpath
 * from another option is stronger). d is k*k pairwise preferences. */
void ct_schulze_winners(const int64_t *dmat, int64_t k, int64_t *p, int *win);
/* Scottish STV (2007 rules): Droop quota, transfers at 5-decimal truncated values, exclusion
 * of the lowest; ties broken by earlier stages, then the lower index. */
int ct_count_stv(const ct_ballots *b, int64_t seats, ct_count *out);
/* Counts b by m's method and rules (copied into m when it opened). */
int ct_count_motion(const plenum_motion *m, const ct_ballots *b, ct_count *c);
/* Checks one ballot's marks for method (EINVAL with a message). */
int ct_ballot_check(int method, const int64_t *marks, int64_t k, plenum_diag *d);

#endif
