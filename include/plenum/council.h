/* Councils, members, delegates bound by mandates and recallable at any moment, motions and
 * ballots, needs and abilities, workplaces and their targets, and the hash-chained audit log:
 * the democratic half of plenum, kept in a database (SQLite by default). docs/councils.md. */
#ifndef PLENUM_COUNCIL_H
#define PLENUM_COUNCIL_H
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The database handle ------------------------------------------------------------------
 *
 * Threads: a handle is used by ONE thread at a time (it caches prepared statements and keeps
 * the last message). A server with a thread pool opens one handle per thread on the same file:
 * the store runs SQLite in WAL mode, so readers never wait for the writer and writers wait
 * (busy timeout, 5 s) for each other. Every state change is one transaction.
 *
 * Results: single gets fill a struct whose strings point into memory owned by the handle,
 * valid until the next call on the same handle. Listings call fn once per row; the row and its
 * strings are valid during the call only; fn returns 0 to go on, non-zero to stop (the listing
 * still returns PLENUM_OK). fn must not call into the same handle.
 *
 * Who does it: every state change takes an actor, the id of the member acting. The rules (who
 * may do what) are checked here, not by the front door. PLENUM_ACTOR_ADMIN is the operator of
 * the database (the CLI user holding the file); a server must never pass it on behalf of a
 * web user. Failures: PLENUM_EDENIED (the rules forbid it), PLENUM_ECONFLICT (the state
 * forbids it: motion closed, already voted...), PLENUM_ENOTFOUND (unknown id), PLENUM_EINVAL
 * (bad input: empty name, oversized text, invalid UTF-8, negative quantity), PLENUM_EDB
 * (the database failed); d->message and plenum_db_errmsg say what, which id, what to do.
 * A failed call changes nothing. */
typedef struct plenum_db plenum_db;

enum { PLENUM_ACTOR_ADMIN = 0 };

/* Longest accepted texts, in bytes (UTF-8). */
enum {
	PLENUM_NAME_MAX = 200,   /* names, titles, option labels, places, product keys */
	PLENUM_TEXT_MAX = 20000, /* motion texts, mandates, messages, skills */
};

/* Limits on what members state and decide. A motion closes within ten years (a later
 * closes_at could never be reached, and no one could close it); a need or an output report is
 * below 10^15 of its product (so that no member's figure, summed with the others, can
 * overflow a federation's demand or pass the planner's limits). */
#define PLENUM_MOTION_OPEN_MAX (10 * 366 * 86400LL)
#define PLENUM_QUANTITY_MAX 1e15
/* Sessions a member holds at once: a new one ends the oldest beyond these. */
#define PLENUM_SESSIONS_MAX 20
/* Options of a motion, candidates of an election: a ballot marks at most this many. An
 * election a recall or resignation opens by itself names every member who may stand only up
 * to PLENUM_ELECTION_AUTO_MAX of them; a larger council is told to open one naming its
 * candidates (notice election-needed): 5 964 candidates made a ballot nobody could fill in. */
#define PLENUM_OPTIONS_MAX 1000
#define PLENUM_ELECTION_AUTO_MAX 50
/* The counting rules a new motion is opened under (plenum_motion.rules). 1: motions opened
 * before schema 5, counted as they were (with no ballots at all, approval, Schulze and STV
 * picked the status quo or the lowest index). 2: a motion with no ballots decides nothing. */
#define PLENUM_RULES 2

/* Opens (creating when missing) the database at path, applies the schema migrations, turns on
 * WAL and foreign keys. On failure *out is NULL. */
PLENUM_API PLENUM_NODISCARD int plenum_db_open(const char *path, plenum_db **out, plenum_diag *d);
/* Closes db; NULL is a no-op. */
PLENUM_API void plenum_db_close(plenum_db *db);
/* The last failed call's message on db ("" after a success). */
PLENUM_API const char *plenum_db_errmsg(const plenum_db *db);
/* The schema version the file is at. */
PLENUM_API int plenum_db_schema_version(plenum_db *db);
/* For tests and scripted demos: makes db's clock read now (unix seconds) from here on;
 * 0 returns to the real clock. */
PLENUM_API void plenum_db_set_clock(plenum_db *db, int64_t now);
/* The time db uses now (unix seconds). */
PLENUM_API int64_t plenum_db_now(plenum_db *db);

/* A page of a listing, the newest first: at most limit entries (1 or more) with ids below
 * before (0: from the newest). A listing given no page (NULL) gives every entry, the oldest
 * first. */
typedef struct plenum_page {
	int64_t before, limit;
} plenum_page;

/* ---- Councils -------------------------------------------------------------------------- */

typedef enum plenum_council_kind {
	PLENUM_WORKPLACE = 1,
	PLENUM_NEIGHBOURHOOD = 2,
	PLENUM_FEDERATION = 3,
} plenum_council_kind;

/* "workplace", "neighbourhood", "federation"; "?" otherwise. */
PLENUM_API const char *plenum_council_kind_name(int kind);
/* The kind named s, or 0. */
PLENUM_API int plenum_council_kind_parse(const char *s);

typedef struct plenum_council {
	int64_t id;
	plenum_council_kind kind;
	int64_t parent;      /* the federation it belongs to; 0 for none */
	int64_t seats;       /* delegate seats it holds in its parent */
	const char *name;
	const char *place;   /* "" when none */
	int64_t members;     /* members now (a federation: delegates seated in it) */
	int64_t created;     /* unix seconds */
} plenum_council;

typedef struct plenum_council_spec {
	plenum_council_kind kind;
	const char *name;  /* required, unique */
	const char *place; /* may be NULL */
	int64_t parent;    /* 0 or a federation's id */
	int64_t seats;     /* seats in the parent; 0 means 1 */
} plenum_council_spec;

/* Creates a council. Rule: the admin creates any council; a member may create a workplace or
 * neighbourhood council and becomes its first member. parent must be a federation. */
PLENUM_API PLENUM_NODISCARD int plenum_council_create(plenum_db *db, int64_t actor,
                                                      const plenum_council_spec *s, int64_t *id,
                                                      plenum_diag *d);
/* Admin only: sets c's parent federation (0: none). A federation may not be its own ancestor. */
PLENUM_API PLENUM_NODISCARD int plenum_council_set_parent(plenum_db *db, int64_t actor, int64_t c,
                                                          int64_t parent, plenum_diag *d);
PLENUM_API PLENUM_NODISCARD int plenum_council_get(plenum_db *db, int64_t id, plenum_council *out,
                                                   plenum_diag *d);
/* Every council (parent == -1), or the councils whose parent is parent (0: top level). */
PLENUM_API PLENUM_NODISCARD int plenum_council_list(plenum_db *db, int64_t parent,
                                                    int (*fn)(void *ud, const plenum_council *c),
                                                    void *ud, plenum_diag *d);
/* The councils member belongs to (as a member, or as a delegate seated in a federation). */
PLENUM_API PLENUM_NODISCARD int plenum_member_councils(plenum_db *db, int64_t member,
                                                       int (*fn)(void *ud, const plenum_council *c),
                                                       void *ud, plenum_diag *d);
/* The top federation: the one federation without a parent. ENOTFOUND when there is none,
 * ECONFLICT when there are several. */
PLENUM_API PLENUM_NODISCARD int plenum_council_top(plenum_db *db, int64_t *id, plenum_diag *d);

/* ---- Members, passwords, sessions ------------------------------------------------------ */

typedef struct plenum_member {
	int64_t id;
	const char *name;
	const char *email; /* contact data: set by plenum_member_get only, NULL in listings;
	                      never in the audit log or its export */
	int64_t created;
	int has_password;
} plenum_member;

/* Admin only: a new member. email may be NULL (unique when given); password may be NULL
 * (then the member cannot log in until one is set), else it is stored as an Argon2id hash. */
PLENUM_API PLENUM_NODISCARD int plenum_member_create(plenum_db *db, int64_t actor,
                                                     const char *name, const char *email,
                                                     const char *password, int64_t *id,
                                                     plenum_diag *d);
/* The same, and a member of council (a workplace or neighbourhood, as plenum_membership_add;
 * 0: none) in the same transaction: a refused council leaves no member behind. */
PLENUM_API PLENUM_NODISCARD int plenum_member_create_in(plenum_db *db, int64_t actor,
                                                        const char *name, const char *email,
                                                        const char *password, int64_t council,
                                                        int64_t *id, plenum_diag *d);
PLENUM_API PLENUM_NODISCARD int plenum_member_get(plenum_db *db, int64_t id, plenum_member *out,
                                                  plenum_diag *d);
/* Every member, by id (email NULL). */
PLENUM_API PLENUM_NODISCARD int plenum_member_list(plenum_db *db,
                                                   int (*fn)(void *ud, const plenum_member *m),
                                                   void *ud, plenum_diag *d);
/* The member with this email; ENOTFOUND when none. */
PLENUM_API PLENUM_NODISCARD int plenum_member_find_email(plenum_db *db, const char *email,
                                                         int64_t *id, plenum_diag *d);
/* The member or the admin sets the member's password (Argon2id, libsodium crypto_pwhash_str). */
PLENUM_API PLENUM_NODISCARD int plenum_member_set_password(plenum_db *db, int64_t actor,
                                                           int64_t member, const char *password,
                                                           plenum_diag *d);
/* The member changes their own password: the current one is checked (EDENIED when wrong),
 * the new one set (8 to 1024 characters, else EINVAL), and every other session of theirs is
 * ended (keep: the token of the session asking, which stays; NULL ends them all). */
PLENUM_API PLENUM_NODISCARD int plenum_member_change_password(plenum_db *db, int64_t member,
                                                              const char *current,
                                                              const char *password,
                                                              const char *keep,
                                                              plenum_diag *d);
/* Checks email and password; *member is set on success. EDENIED for a wrong pair (the message
 * does not say which half was wrong). */
PLENUM_API PLENUM_NODISCARD int plenum_member_login(plenum_db *db, const char *email,
                                                    const char *password, int64_t *member,
                                                    plenum_diag *d);

/* Session tokens: 64 hex characters (32 random bytes). Only their BLAKE2b hash is stored. */
enum { PLENUM_TOKEN_SIZE = 65 };
/* Creates a session for member lasting ttl seconds; writes the token (NUL-terminated). */
PLENUM_API PLENUM_NODISCARD int plenum_session_create(plenum_db *db, int64_t member, int64_t ttl,
                                                      char token[PLENUM_TOKEN_SIZE],
                                                      plenum_diag *d);
/* The member of a live session; ENOTFOUND when the token is unknown or expired. */
PLENUM_API PLENUM_NODISCARD int plenum_session_lookup(plenum_db *db, const char *token,
                                                      int64_t *member, plenum_diag *d);
/* Ends a session (unknown tokens are not an error). Also removes expired sessions. */
PLENUM_API PLENUM_NODISCARD int plenum_session_delete(plenum_db *db, const char *token,
                                                      plenum_diag *d);

/* ---- Membership and join requests ------------------------------------------------------ */

/* Admin only: adds member to a workplace or neighbourhood council (a federation's members are
 * its councils' delegates: EINVAL). ECONFLICT when already a member. */
PLENUM_API PLENUM_NODISCARD int plenum_membership_add(plenum_db *db, int64_t actor, int64_t council,
                                                      int64_t member, plenum_diag *d);
/* The member themself or the admin ends a membership. ECONFLICT while the member holds a
 * delegate seat for this council (resign or be recalled first). */
PLENUM_API PLENUM_NODISCARD int plenum_membership_remove(plenum_db *db, int64_t actor,
                                                         int64_t council, int64_t member,
                                                         plenum_diag *d);
PLENUM_API int plenum_is_member(plenum_db *db, int64_t council, int64_t member);
/* The members of a council (of a federation: its seated delegates). */
PLENUM_API PLENUM_NODISCARD int plenum_council_members(plenum_db *db, int64_t council,
                                                       int (*fn)(void *ud, const plenum_member *m),
                                                       void *ud, plenum_diag *d);

typedef enum plenum_heard {
	PLENUM_HEARD_SEARCH = 1,
	PLENUM_HEARD_FRIEND = 2,
	PLENUM_HEARD_SOCIAL_MEDIA = 3,
	PLENUM_HEARD_OTHER = 4,
} plenum_heard;
/* "search", "friend", "social-media", "other"; parse gives 0 for anything else. */
PLENUM_API const char *plenum_heard_name(int heard);
PLENUM_API int plenum_heard_parse(const char *s);

typedef enum plenum_request_status {
	PLENUM_REQUEST_PENDING = 0,
	PLENUM_REQUEST_ACCEPTED = 1,
	PLENUM_REQUEST_DECLINED = 2,
} plenum_request_status;

/* A request is for a new person, or for a member who asks for themselves signed in (member,
 * whom the caller has identified: name and email are then theirs and may be NULL). A
 * request naming a member's email otherwise is filed like any (the answer does not tell who
 * is a member), but cannot be accepted: anyone could have typed that email. */
typedef struct plenum_join_spec {
	const char *name;     /* required, unless member */
	const char *email;    /* required, unless member */
	const char *place;    /* may be NULL */
	plenum_heard heard;   /* required */
	const char *message;  /* may be NULL */
	const char *password; /* may be NULL; the new member's, kept as an Argon2id hash */
	int64_t member;       /* 0, or the member asking for themselves */
} plenum_join_spec;

typedef struct plenum_join_request {
	int64_t id, council;
	const char *name, *email, *place, *message; /* contact data: never in the audit log */
	plenum_heard heard;
	plenum_request_status status;
	int64_t member;  /* the member it is for: from filing when a member asked signed in,
	                    else the one made on acceptance; 0 otherwise and once declined */
	int64_t created, decided;
	int others_email;  /* pending, naming a member's email, not made by that member: it cannot
	                      be accepted (decline it) */
} plenum_join_request;

/* Anyone files a request to join a workplace or neighbourhood council. */
PLENUM_API PLENUM_NODISCARD int plenum_join_request_file(plenum_db *db, int64_t council,
                                                         const plenum_join_spec *s, int64_t *id,
                                                         plenum_diag *d);
/* A member of the council (or the admin) lists its requests; pending only when pending_only;
 * a page of them when page is not NULL. */
PLENUM_API PLENUM_NODISCARD int plenum_join_request_list(
	plenum_db *db, int64_t actor, int64_t council, int pending_only, const plenum_page *page,
	int (*fn)(void *ud, const plenum_join_request *r), void *ud, plenum_diag *d);
/* A member of the council (or the admin) accepts or declines a pending request. Accepting
 * makes a member (or finds the member with that email) and adds the membership; *member gets
 * its id (0 when declined; member may be NULL). ECONFLICT when already decided. */
PLENUM_API PLENUM_NODISCARD int plenum_join_request_decide(plenum_db *db, int64_t actor,
                                                           int64_t request, int accept,
                                                           int64_t *member, plenum_diag *d);

/* ---- Delegates, mandates, notices ------------------------------------------------------ */

typedef struct plenum_delegate {
	int64_t id;          /* the seat's id */
	int64_t council;     /* the electing council */
	int64_t federation;  /* where the seat is: the electing council's parent */
	int64_t member;
	const char *name;    /* the member's name */
	const char *mandate; /* the mandate text ("" when none) */
	int64_t elected_by;  /* the election motion, 0 when seated by the admin */
	int64_t since;
	int64_t until;       /* 0 while seated; else when the seat was vacated */
	int64_t ended_by;    /* the recall motion that vacated it, 0 for resignation or none */
} plenum_delegate;

/* Delegates elected by council (seated only unless all). */
PLENUM_API PLENUM_NODISCARD int plenum_delegate_list(plenum_db *db, int64_t council, int all,
                                                     int (*fn)(void *ud, const plenum_delegate *g),
                                                     void *ud, plenum_diag *d);
/* Delegates seated in federation (its members). */
PLENUM_API PLENUM_NODISCARD int plenum_federation_delegates(
	plenum_db *db, int64_t federation, int (*fn)(void *ud, const plenum_delegate *g), void *ud,
	plenum_diag *d);
PLENUM_API PLENUM_NODISCARD int plenum_delegate_get(plenum_db *db, int64_t id,
                                                    plenum_delegate *out, plenum_diag *d);
/* Admin only (founding a federation before any election): seats member of council in council's
 * parent with a mandate text. Elections seat delegates otherwise. */
PLENUM_API PLENUM_NODISCARD int plenum_delegate_seat(plenum_db *db, int64_t actor, int64_t council,
                                                     int64_t member, const char *mandate,
                                                     int64_t *id, plenum_diag *d);
/* The delegate resigns (actor must be the seat's member, or the admin): the seat is vacated
 * and an election for it opened at once in the electing council (*election, may be NULL),
 * which the resigning member may close like their own motion. As with a recall, the ballots
 * the delegate cast on the federation's open motions are withdrawn with the seat (unless they
 * still hold another seat there). */
PLENUM_API PLENUM_NODISCARD int plenum_delegate_resign(plenum_db *db, int64_t actor,
                                                       int64_t delegate, int64_t *election,
                                                       plenum_diag *d);

/* An imperative mandate: council's delegates must vote option on the federation's motion.
 * Made when a general motion of council with binds != 0 closes (its winning option). */
typedef struct plenum_mandate {
	int64_t council, motion, option;
	int64_t binding_motion; /* the council's motion that decided it */
	const char *label;      /* the option's label */
} plenum_mandate;
/* Binding mandates of council (motion 0: on every motion; else on that motion only). */
PLENUM_API PLENUM_NODISCARD int plenum_mandate_list(plenum_db *db, int64_t council, int64_t motion,
                                                    int (*fn)(void *ud, const plenum_mandate *m),
                                                    void *ud, plenum_diag *d);

/* Notices tell a council what concerns it: a ballot refused against its mandate, a seat
 * vacated, an election opened, a plan adopted. */
typedef struct plenum_notice {
	int64_t id, council, at;
	int64_t motion;     /* 0 when none */
	int64_t member;     /* 0 when none */
	const char *kind;   /* "mandate-refusal", "seat-vacated", "election-opened", ... */
	const char *text;   /* one line */
} plenum_notice;
PLENUM_API PLENUM_NODISCARD int plenum_notice_list(plenum_db *db, int64_t council,
                                                   int (*fn)(void *ud, const plenum_notice *n),
                                                   void *ud, plenum_diag *d);

/* ---- Motions --------------------------------------------------------------------------- */

typedef enum plenum_motion_kind {
	PLENUM_MOTION_PLAN_ADOPTION = 1,
	PLENUM_MOTION_PRIORITY = 2,
	PLENUM_MOTION_CAP = 3,
	PLENUM_MOTION_RECALL = 4,
	PLENUM_MOTION_ELECTION = 5,
	PLENUM_MOTION_GENERAL = 6,
} plenum_motion_kind;
/* "plan-adoption", "priority", "cap", "recall", "election", "general"; parse gives 0 else. */
PLENUM_API const char *plenum_motion_kind_name(int kind);
PLENUM_API int plenum_motion_kind_parse(const char *s);

typedef enum plenum_vote_method {
	PLENUM_VOTE_YES_NO = 1, /* yes / no / abstain with quorum and majority */
	PLENUM_VOTE_APPROVAL = 2,
	PLENUM_VOTE_SCHULZE = 3, /* ranked, beatpath (winning votes) */
	PLENUM_VOTE_STV = 4,     /* ranked, Scottish STV (Droop quota, 5-decimal transfers) */
} plenum_vote_method;
/* "yes-no", "approval", "schulze", "stv"; parse gives 0 else. */
PLENUM_API const char *plenum_vote_method_name(int method);
PLENUM_API int plenum_vote_method_parse(const char *s);

typedef struct plenum_motion_spec {
	int64_t council;
	plenum_motion_kind kind;
	plenum_vote_method method; /* 0: the kind's default (recall yes-no, election stv,
	                              plan-adoption schulze, others yes-no) */
	const char *title;         /* required */
	const char *text;          /* may be NULL */
	/* Quorum, every method: voters*qden >= qnum*electorate, else nothing wins. yes-no also
	 * needs yes*mden >= mnum*(yes+no) and yes > no (majority; abstentions count to the quorum
	 * only). Zeros: quorum 0/1 (a recall or a binding motion: 1/2, and at least 1/2 when
	 * given), majority 1/2. Denominators at most 1000000. */
	int64_t quorum_num, quorum_den, majority_num, majority_den;
	int64_t seats;             /* approval / stv: winners to elect; 0 means 1 */
	int64_t closes_at;         /* unix seconds; 0: closed by the opener or the admin */
	/* Options (approval, schulze, stv; not yes-no, whose options are yes, no, abstain). */
	const char *const *options;
	int64_t n_options;
	const char *const *payloads; /* per option, may be NULL: e.g. a plan variant's key */
	int status_quo;              /* 1: add the option "status quo" (schulze, approval) */
	const int64_t *candidates;   /* election: member ids (labels are their names); NULL or
	                                n_candidates 0: every member of the council */
	int64_t n_candidates;
	int64_t recall;            /* recall: the delegate seat to recall (electing council's) */
	int64_t binds;             /* general: an open motion of the parent federation; closing
	                              this one binds the council's delegates to its winner */
	const char *mandate;       /* election: the elected delegates' mandate text; general: when
	                              it passes, replaces the council's delegates' mandate text */
} plenum_motion_spec;

typedef enum plenum_motion_state {
	PLENUM_MOTION_OPEN = 0,
	PLENUM_MOTION_CLOSED = 1,
} plenum_motion_state;

typedef struct plenum_motion {
	int64_t id, council;
	plenum_motion_kind kind;
	plenum_vote_method method;
	const char *title, *text, *mandate;
	int64_t opener;          /* member id, 0 for the admin or the system */
	int64_t quorum_num, quorum_den, majority_num, majority_den, seats;
	int64_t opened_at, closes_at, closed_at; /* closed_at 0 while open */
	plenum_motion_state state;
	int64_t n_options;
	int64_t status_quo;      /* index of the status quo option, -1 when none */
	int64_t recall, binds;
	int64_t electorate;      /* eligible voters when it opened (copied, for the quorum) */
	int public_ballots;      /* 1 in a federation: delegates' ballots are public */
	/* After close only (else 0 / -1): */
	int64_t voters;
	int passed;              /* yes-no: the motion passed; others: a winner exists */
	int64_t winner;          /* the first winner's option index, -1 when none */
	int64_t rules;           /* the counting rules it was opened under (PLENUM_RULES) */
} plenum_motion;

typedef struct plenum_option {
	int64_t motion, index;
	const char *label;
	const char *payload;  /* "" when none */
	int64_t candidate;    /* election: the member; else 0 */
	/* After close only (else 0): */
	int64_t tally;        /* yes-no: votes; approval: approvals; schulze/stv: first preferences */
	int64_t rank;         /* 1 = winner(s) (stv: elected), 2... the order found; 0 not ranked */
} plenum_option;

/* Opens a motion; rules and timings are copied into it. Rules: the opener is a member of the
 * council (of a federation: a seated delegate) or the admin; a recall is opened in the
 * electing council of a seated delegate; an election needs a parent federation; binds names
 * an open motion of the parent. */
PLENUM_API PLENUM_NODISCARD int plenum_motion_open(plenum_db *db, int64_t actor,
                                                   const plenum_motion_spec *s, int64_t *id,
                                                   plenum_diag *d);
PLENUM_API PLENUM_NODISCARD int plenum_motion_get(plenum_db *db, int64_t id, plenum_motion *out,
                                                  plenum_diag *d);
/* Motions of council: state -1 all, else PLENUM_MOTION_OPEN or PLENUM_MOTION_CLOSED; a page
 * of them when page is not NULL. */
PLENUM_API PLENUM_NODISCARD int plenum_motion_list(plenum_db *db, int64_t council, int state,
                                                   const plenum_page *page,
                                                   int (*fn)(void *ud, const plenum_motion *m),
                                                   void *ud, plenum_diag *d);
/* Closed motions of every council, the latest closed first (then the higher id), at most
 * limit (1 or more); *total (may be NULL) gets how many are closed in all. Public, as their
 * results are. */
PLENUM_API PLENUM_NODISCARD int plenum_motion_closed(plenum_db *db, int64_t limit,
                                                     int64_t *total,
                                                     int (*fn)(void *ud, const plenum_motion *m),
                                                     void *ud, plenum_diag *d);
/* Options in index order (tallies and ranks only after close). */
PLENUM_API PLENUM_NODISCARD int plenum_motion_options(plenum_db *db, int64_t motion,
                                                      int (*fn)(void *ud, const plenum_option *o),
                                                      void *ud, plenum_diag *d);
/* Closes a motion, counts it and applies its effect (recall: vacate the seat, withdraw the
 * delegate's ballots on the federation's open motions and open an election, which the
 * recall's opener may close; election: seat the winners; general with binds: record the
 * mandate and name to the council a delegate who already voted against it; general with
 * mandate: replace mandate texts; plan adoption with proposals: store the winner's plan and
 * publish its targets). Allowed when closes_at has passed (anyone, also the admin), or, when
 * closes_at is 0, for the opener and the admin. ECONFLICT when closed or not yet due. */
PLENUM_API PLENUM_NODISCARD int plenum_motion_close(plenum_db *db, int64_t actor, int64_t motion,
                                                    plenum_diag *d);
/* Closes every open motion whose closes_at has passed; *closed counts them (may be NULL). */
PLENUM_API PLENUM_NODISCARD int plenum_motion_close_due(plenum_db *db, int64_t *closed,
                                                        plenum_diag *d);

/* The count of a closed motion (ECONFLICT while open: nobody sees a tally before close).
 * Free with plenum_result_free. */
typedef struct plenum_result {
	int64_t motion;
	plenum_vote_method method;
	int64_t electorate, voters;
	int quorum_met, passed;
	int64_t yes, no, abstain;  /* yes-no */
	int64_t n_options;
	int64_t *tally;            /* length n_options: as plenum_option.tally */
	int64_t *rank;             /* length n_options: as plenum_option.rank */
	int64_t n_winners;
	int64_t *winners;          /* length n_winners: option indices, in order */
	int64_t *pairwise;         /* schulze: n_options^2, [i*n+j] voters preferring i to j;
	                              NULL for other methods */
	char *report;              /* how the count went, lines of text (stv: each stage) */
} plenum_result;
PLENUM_API PLENUM_NODISCARD int plenum_motion_result(plenum_db *db, int64_t motion,
                                                     plenum_result **out, plenum_diag *d);
PLENUM_API void plenum_result_free(plenum_result *r);

/* ---- Ballots ---------------------------------------------------------------------------
 *
 * A ballot is marks[n_options]: yes-no: exactly one 1 among (yes, no, abstain); approval: 1
 * approves, 0 not; schulze: ranks 1, 2, ... (ties allowed), 0 unranked (below every ranked
 * option); stv: ranks 1..k without ties or gaps, 0 unranked.
 *
 * Secret ballots (every council but a federation): the contents are stored WITHOUT the
 * member, keyed by the BLAKE2b hash of a random receipt that only the voter is given; who
 * voted is stored apart (one row per member and motion, with a proof hash binding the receipt
 * to that member). A member votes once; to replace the ballot before close they present their
 * receipt. Public ballots (delegates in a federation): stored with the member and listed. */
enum { PLENUM_RECEIPT_SIZE = 33 }; /* 32 hex characters + NUL */

/* Casts (receipt_in NULL) or replaces (receipt_in the receipt of the first cast) actor's
 * ballot. receipt_out (may be NULL) gets the receipt. Refusals: EDENIED when actor may not vote
 * in the council, or the ballot goes against a binding mandate of the delegate's council (the
 * council gets a notice); ECONFLICT when the motion is closed, or actor has voted and gives no
 * (or a wrong) receipt; EINVAL for a malformed ballot. */
PLENUM_API PLENUM_NODISCARD int plenum_ballot_cast(plenum_db *db, int64_t actor, int64_t motion,
                                                   const int64_t *marks, int64_t n,
                                                   const char *receipt_in,
                                                   char receipt_out[PLENUM_RECEIPT_SIZE],
                                                   plenum_diag *d);
/* The same for a yes-no motion by name: choice "yes", "no" or "abstain". EINVAL for
 * another word, or a motion of another method (its ballot is one mark per option: a
 * "yes" there would approve the first option). */
PLENUM_API PLENUM_NODISCARD int plenum_ballot_cast_choice(plenum_db *db, int64_t actor,
                                                          int64_t motion, const char *choice,
                                                          const char *receipt_in,
                                                          char receipt_out[PLENUM_RECEIPT_SIZE],
                                                          plenum_diag *d);
/* The ballot stored under a receipt (the voter checks it is there and counted): copies up to
 * n marks into marks and sets *n_out to the option count. ENOTFOUND for an unknown receipt. */
PLENUM_API PLENUM_NODISCARD int plenum_ballot_check(plenum_db *db, int64_t motion,
                                                    const char *receipt, int64_t *marks, int64_t n,
                                                    int64_t *n_out, plenum_diag *d);
/* Whether member has voted on motion (the public poll book). */
PLENUM_API int plenum_ballot_has_voted(plenum_db *db, int64_t motion, int64_t member);

typedef struct plenum_public_ballot {
	int64_t motion, member;
	const char *name;      /* the member's name */
	const int64_t *marks;  /* length n */
	int64_t n;
	int64_t cast_at;
} plenum_public_ballot;
/* Public ballots (federation motions): of motion (member 0), or of member (motion 0). */
PLENUM_API PLENUM_NODISCARD int plenum_public_ballots(plenum_db *db, int64_t motion, int64_t member,
                                                      int (*fn)(void *ud,
                                                                const plenum_public_ballot *b),
                                                      void *ud, plenum_diag *d);

/* ---- Products, needs, abilities --------------------------------------------------------- */

typedef struct plenum_product_row {
	const char *key, *name, *unit;
} plenum_product_row;
/* Admin only: registers products (by key; an existing key gets the new name and unit). */
PLENUM_API PLENUM_NODISCARD int plenum_products_register(plenum_db *db, int64_t actor,
                                                         const plenum_product_row *rows, int64_t n,
                                                         plenum_diag *d);
PLENUM_API PLENUM_NODISCARD int plenum_product_list(plenum_db *db,
                                                    int (*fn)(void *ud,
                                                              const plenum_product_row *p),
                                                    void *ud, plenum_diag *d);

/* A need: quantity of a product per plan period, priority 1 (highest) .. 5. */
typedef struct plenum_need {
	int64_t member, council;
	const char *product, *name, *unit;
	double quantity;
	int priority;
} plenum_need;
/* The member (or the admin) states a need in a council the member belongs to. quantity 0
 * removes it; negative or non-finite quantities are EINVAL; unknown products ENOTFOUND. */
PLENUM_API PLENUM_NODISCARD int plenum_need_set(plenum_db *db, int64_t actor, int64_t member,
                                                int64_t council, const char *product,
                                                double quantity, int priority, plenum_diag *d);
/* A member's needs (council 0: in every council). */
PLENUM_API PLENUM_NODISCARD int plenum_member_needs(plenum_db *db, int64_t member, int64_t council,
                                                    int (*fn)(void *ud, const plenum_need *n),
                                                    void *ud, plenum_diag *d);

/* A council's needs: the sum of its members'; a federation's: the sum of its councils'
 * (recursively). priority is the quantity-weighted mean of the stated priorities; members
 * counts the members who stated the product. */
typedef struct plenum_need_total {
	const char *product, *name, *unit;
	double quantity;
	double priority;
	int64_t members;
} plenum_need_total;
PLENUM_API PLENUM_NODISCARD int plenum_council_needs(plenum_db *db, int64_t council,
                                                     int (*fn)(void *ud,
                                                               const plenum_need_total *t),
                                                     void *ud, plenum_diag *d);

/* An ability: hours per week a member offers in a council, with skills (free text). */
typedef struct plenum_ability {
	int64_t member, council;
	double hours;
	const char *skills;
} plenum_ability;
/* The member (or the admin); hours 0 removes it; hours must be within [0, 168]. */
PLENUM_API PLENUM_NODISCARD int plenum_ability_set(plenum_db *db, int64_t actor, int64_t member,
                                                   int64_t council, double hours,
                                                   const char *skills, plenum_diag *d);
PLENUM_API PLENUM_NODISCARD int plenum_member_abilities(plenum_db *db, int64_t member,
                                                        int (*fn)(void *ud,
                                                                  const plenum_ability *a),
                                                        void *ud, plenum_diag *d);
/* Hours per week offered in council (a federation: recursively) and by how many members. */
PLENUM_API PLENUM_NODISCARD int plenum_council_hours(plenum_db *db, int64_t council, double *hours,
                                                     int64_t *members, plenum_diag *d);
/* A number that changes whenever any council's summed needs or hours may have (a need, an
 * ability, a product's name or unit, or where a council sits changed): what a cache of
 * plenum_council_needs and plenum_council_hours is keyed by. */
PLENUM_API PLENUM_NODISCARD int plenum_totals_version(plenum_db *db, int64_t *version,
                                                      plenum_diag *d);

/* ---- Workplaces, plans, targets, reports ------------------------------------------------ */

/* The admin or a member of the workplace links it to a technique of an economy (economy is a
 * name or path the planner resolves; technique the technique's key). */
PLENUM_API PLENUM_NODISCARD int plenum_workplace_link(plenum_db *db, int64_t actor, int64_t council,
                                                      const char *economy, const char *technique,
                                                      plenum_diag *d);
typedef struct plenum_workplace_link_row {
	int64_t council;
	const char *economy, *technique;
} plenum_workplace_link_row;
/* Links of council (0: of every workplace). */
PLENUM_API PLENUM_NODISCARD int plenum_workplace_links(
	plenum_db *db, int64_t council, int (*fn)(void *ud, const plenum_workplace_link_row *l),
	void *ud, plenum_diag *d);

/* One workplace's target in an adopted plan. */
typedef struct plenum_target {
	int64_t council;      /* the workplace */
	const char *technique;
	const char *product;
	double quantity;      /* planned output per period */
} plenum_target;
/* After a plan-adoption motion closed with a variant (not the status quo) winning, the admin
 * stores the adopted plan: its period label, a summary text and each workplace's targets.
 * ECONFLICT when the motion is open, the status quo won, or a plan was stored already. */
PLENUM_API PLENUM_NODISCARD int plenum_plan_store(plenum_db *db, int64_t actor, int64_t motion,
                                                  const char *period, const char *summary,
                                                  const plenum_target *targets, int64_t n,
                                                  plenum_diag *d);
/* The planner's bridge (plenum plan --db): the variants the planner computed, each with the
 * targets it would give the workplaces, offered to the federation in one motion. */
typedef struct plenum_plan_proposal {
	const char *label;             /* the option's label: required, distinct */
	const char *key;               /* the option's payload (e.g. "hours=90%"); may be NULL */
	const char *summary;           /* what the variant means; may be NULL */
	const plenum_target *targets;  /* length n_targets: workplaces of the federation */
	int64_t n_targets;
} plenum_plan_proposal;

typedef struct plenum_plan_motion_spec {
	int64_t federation;            /* 0: the top federation (plenum_council_top) */
	const char *title;             /* required */
	const char *text;              /* may be NULL */
	const char *period;            /* the plan period's label, required (e.g. "2027") */
	int64_t closes_at;             /* as plenum_motion_spec.closes_at */
	const plenum_plan_proposal *proposals;
	int64_t n_proposals;           /* 1 to 1000 */
} plenum_plan_motion_spec;

/* Opens a plan-adoption motion in the federation, decided by Schulze, whose options are the
 * proposals in order and then the status quo, and keeps each proposal's targets with its
 * option, in one transaction. Who: the admin or a delegate seated in the federation. Each
 * target's council must be a workplace inside the federation (EINVAL); a workplace's
 * technique listed twice in one proposal is EINVAL. When the motion closes and a proposal
 * wins, the closing transaction stores its plan (as plenum_plan_store would) and publishes
 * each workplace's targets; when the status quo wins nothing is stored. */
PLENUM_API PLENUM_NODISCARD int plenum_plan_motion_open(plenum_db *db, int64_t actor,
                                                        const plenum_plan_motion_spec *s,
                                                        int64_t *motion, plenum_diag *d);

/* One proposed target of a plan-adoption motion (council 0 for a proposal without any). */
typedef struct plenum_proposal_row {
	int64_t option;
	const char *period, *summary;
	plenum_target target;
} plenum_proposal_row;
/* The proposals of motion (option -1: of every option), by option, workplace, technique.
 * Public while the motion is open: delegates see what each variant means before voting. */
PLENUM_API PLENUM_NODISCARD int plenum_proposal_list(plenum_db *db, int64_t motion,
                                                     int64_t option,
                                                     int (*fn)(void *ud,
                                                               const plenum_proposal_row *p),
                                                     void *ud, plenum_diag *d);

/* A plan adopted for a period that a plan of the same federation covers replaces it: the
 * older is superseded (its targets no longer hold; its workplaces get the notice
 * targets-superseded; event plan.supersede). *by: the motion whose plan superseded the one
 * motion adopted, 0 while it is in force; ENOTFOUND when motion stored no plan. */
PLENUM_API PLENUM_NODISCARD int plenum_plan_superseded(plenum_db *db, int64_t motion, int64_t *by,
                                                       plenum_diag *d);
/* Published targets (council 0: all; motion 0: of the latest adopted plan in force). */
PLENUM_API PLENUM_NODISCARD int plenum_targets_list(plenum_db *db, int64_t motion, int64_t council,
                                                    int (*fn)(void *ud, const plenum_target *t),
                                                    void *ud, plenum_diag *d);
/* A member of the workplace (or the admin) reports actual output of technique in a period
 * (replacing an earlier report of the same period). */
PLENUM_API PLENUM_NODISCARD int plenum_output_report(plenum_db *db, int64_t actor, int64_t council,
                                                     const char *period, const char *technique,
                                                     double quantity, plenum_diag *d);
/* Fulfilment per workplace and technique of the plan adopted by motion (0: the latest in
 * force):
 * target, actual (0 when not reported) and fulfilment = actual / target. */
typedef struct plenum_fulfilment {
	int64_t council;
	const char *period, *technique, *product;
	double target, actual, fulfilment;
} plenum_fulfilment;
PLENUM_API PLENUM_NODISCARD int plenum_fulfilment_list(plenum_db *db, int64_t motion,
                                                       int (*fn)(void *ud,
                                                                 const plenum_fulfilment *f),
                                                       void *ud, plenum_diag *d);

/* ---- Audit ------------------------------------------------------------------------------
 *
 * Every change is an event in an append-only log. hash = BLAKE2b-256(prev_hash || seq || at ||
 * actor || council || kind || content) (docs/councils.md gives the byte layout); content
 * is canonical JSON of the event's public data (never a secret ballot's contents, a receipt,
 * a password or contact data). */
typedef struct plenum_event {
	int64_t seq, at;
	int64_t actor;      /* member id, 0 admin or system */
	int64_t council;    /* 0 when none */
	const char *kind;   /* "council.create", "ballot.cast", ... */
	const char *content;
	const char *prev;   /* hex of the previous event's hash ("00..." for the first) */
	const char *hash;   /* hex */
} plenum_event;
/* Events with seq > after, at most limit (0: all), in order. */
PLENUM_API PLENUM_NODISCARD int plenum_audit_list(plenum_db *db, int64_t after, int64_t limit,
                                                  int (*fn)(void *ud, const plenum_event *e),
                                                  void *ud, plenum_diag *d);
/* Recomputes the chain. *first_bad is 0 when every event matches, else the seq of the first
 * that does not (d says why); *count gets the number of events. Returns PLENUM_OK either way
 * unless the database fails. */
PLENUM_API PLENUM_NODISCARD int plenum_audit_verify(plenum_db *db, int64_t *first_bad,
                                                    int64_t *count, plenum_diag *d);
/* The hash of the last event (hex, 64 characters + NUL), to publish elsewhere. */
PLENUM_API PLENUM_NODISCARD int plenum_audit_head(plenum_db *db, char hash[65], int64_t *seq,
                                                  plenum_diag *d);

#ifdef __cplusplus
}
#endif
#endif
